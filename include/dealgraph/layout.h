/* layout.h — placing parties and routing ties with Graphviz (gvc). */
#pragma once

#include <glib.h>
#include "model.h"
#include "theme.h"

G_BEGIN_DECLS

typedef struct {
  double x, y;
} DgPoint;

typedef struct {
  double x0, y0, x1, y1;
} DgBox;

typedef enum {
  DG_LAYOUT_UNION,    /* one layout of everything ever active; nobody moves */
  DG_LAYOUT_STAGE,    /* each stage laid out on its own */
  DG_LAYOUT_ANCHORED, /* each stage seeded and pinned from the previous one */
} DgLayoutMode;

typedef struct {
  guint version;
  const char *engine;  /* "auto" (or NULL), "dot", "neato", "fdp", "sfdp",
                          "circo", "twopi"; see dg_layout_auto_engine() */
  DgLayoutMode mode;
  /* Run Graphviz in a child process, so that its crashes and hangs become
   * errors (and a crash a second try in safe mode) instead of killing us. */
  gboolean isolate;
  guint timeout;       /* seconds a layout may take when isolated; 0: no limit */
} DgLayoutOptions;

#define DG_LAYOUT_OPTIONS_VERSION 1
#define DG_LAYOUT_OPTIONS_INIT { DG_LAYOUT_OPTIONS_VERSION, "auto", DG_LAYOUT_UNION, TRUE, 300 }
/* DG_LAYOUT_OPTIONS_INIT as a function (see dealgraph.h, "Options"). */
gboolean dg_layout_options_init (DgLayoutOptions *options, guint version);

/**
 * dg_layout_auto_engine:
 * The engine "auto" picks for @graph, from the size of its union (every
 * party and tie ever active): `dot` for a deal-sized graph (at most 30
 * parties and 40 ties, or at most 60 parties with groups, whose boxes only
 * dot draws well), whose layered look reads best; `dot` too for a hierarchy
 * of up to 200 parties and 300 ties (the ties form no directed cycle, or in
 * an undirected graph no cycle; or the graph sets `rankdir` or has a
 * `rank=same` subgraph); `neato` up to 500 parties; `sfdp` beyond. dot's layouts of a few hundred ties are slow, and
 * 3 to 6 times the area of neato's, so every figure costs that much more to
 * draw (see bench/README.md). Returns a static string.
 */
const char *dg_layout_auto_engine (const DgGraph *graph);

/* Where one party sits. Coordinates are points, origin top-left, y down. */
/* Graphviz's own drawing of a part that dealgraph does not draw itself (see
 * style.h: a look's @own flags): xdot 1.7 operations, in this geometry's
 * frame (points, origin top-left, y down), coordinates to 1/100 pt, as
 * Graphviz's xdot renderer writes them; NULL when dealgraph draws it. */
typedef char *DgDrawing;

typedef struct {
  gboolean placed;   /* FALSE when the party is not part of this geometry */
  DgPoint center;
  double width, height;
  DgDrawing draw;        /* outline (and record field lines) */
  DgDrawing label_draw;  /* label (record fields, HTML-like tables) and xlabel */
} DgPartyGeometry;

/* How one tie runs: a cubic Bézier (3k+1 points) from near the tail's outline
 * to near the head's, plus the arrowhead tips Graphviz left room for. */
typedef struct {
  gboolean placed;
  guint n_points;
  DgPoint *points;
  gboolean has_start_arrow; /* arrowhead at the tail end, tip at @start_tip */
  DgPoint start_tip;
  gboolean has_end_arrow;   /* arrowhead at the head end, tip at @end_tip */
  DgPoint end_tip;
  gboolean has_label;
  DgPoint label_center;
  double label_width, label_height;
  gboolean label_hidden;    /* one of many parallel ties laid out as one bundle, whose label
                               is not shown (the bundle's label block holds the first few) */
  gboolean label_in_block;  /* its label is a row of the one stacked block of the labelled
                               ties between its two parties (in either direction), placed
                               where the lowest-indexed of them has its label */
  DgDrawing draw;           /* the line (multi-colour, tapered) */
  DgDrawing arrow_draw;     /* arrowheads of any Graphviz shape */
  DgDrawing label_draw;     /* HTML-like label, xlabel */
  DgDrawing end_label_draw; /* headlabel and taillabel */
} DgTieGeometry;

typedef struct {
  gboolean placed;
  DgBox box;
  gboolean has_label;
  DgPoint label_center;
  DgDrawing draw;
  DgDrawing label_draw;
} DgGroupGeometry;

/* The geometry of one drawing: arrays indexed by party / tie / group index. */
typedef struct {
  DgBox bbox;   /* encloses everything placed; x0 = y0 = 0 */
  guint n_parties;
  DgPartyGeometry *parties;
  guint n_ties;
  DgTieGeometry *ties;
  guint n_groups;
  DgGroupGeometry *groups;
  DgDrawing label_draw; /* the graph's label, where Graphviz put it (plain DOT) */
} DgGeometry;

typedef struct DgLayout DgLayout;

/**
 * dg_layout_compute:
 * Lays @graph out with Graphviz, sizing parties and tie labels with @theme's
 * fonts and shapes. All Graphviz calls happen inside this function, under a
 * process-wide lock. Returns a new layout (free with dg_layout_free) or NULL
 * with DG_ERROR_LAYOUT / DG_ERROR_USAGE (unknown engine).
 */
DgLayout *dg_layout_compute (const DgGraph *graph, const DgTheme *theme,
                             const DgLayoutOptions *options, GError **error);
void dg_layout_free (DgLayout *layout); /* accepts NULL */

/* The geometry to draw @stage with (in union mode the same for every stage).
 * Borrowed from @layout. */
const DgGeometry *dg_layout_stage_geometry (const DgLayout *layout, guint stage);
/* What went wrong but was worked around while laying out (a tie Graphviz
 * could not route is drawn straight, …): one message per entry, borrowed,
 * NULL-terminated; empty when all went well. */
const char *const *dg_layout_get_warnings (const DgLayout *layout);
DgLayoutMode dg_layout_get_mode (const DgLayout *layout);
const char *dg_layout_get_engine (const DgLayout *layout);

/* The version of the layout cache format dg_layout_save() writes and
 * dg_layout_load() reads. */
#define DG_LAYOUT_CACHE_VERSION 2

/**
 * dg_layout_save:
 * Serializes @layout, computed for @graph with @theme, as a layout cache:
 * JSON recording the cache format version, dealgraph's version, the engine,
 * the mode, a SHA-256 of @graph's file (read again from
 * dg_graph_get_path()), a SHA-256 over every file of @theme, the warnings
 * and the geometry, with every coordinate written so that it reads back to
 * the same double. The same inputs give the same bytes. Returns TRUE and new
 * bytes in *@out, or FALSE with DG_ERROR_OPEN (the graph's file cannot be
 * read: a graph loaded from data cannot be cached) or DG_ERROR_LAYOUT (a
 * coordinate that is not finite or out of range).
 */
gboolean dg_layout_save (const DgLayout *layout, const DgGraph *graph, const DgTheme *theme,
                         GBytes **out, GError **error);

/**
 * dg_layout_load:
 * Reads a layout cache that dg_layout_save() wrote, to draw @graph with
 * @theme at exactly the positions it was computed with. Returns a new layout
 * (free with dg_layout_free) or NULL with DG_ERROR_OPEN when @path cannot be
 * read, or DG_ERROR_INVALID naming @path and what is wrong: not a layout
 * cache, another format version or dealgraph version, corrupt or
 * inconsistent geometry, or stale — @graph's file or one of @theme's files
 * has changed since the cache was written.
 */
DgLayout *dg_layout_load (const char *path, const DgGraph *graph, const DgTheme *theme,
                          GError **error);
/* Same as dg_layout_load() on @len bytes; @name stands for the file in
 * messages. */
DgLayout *dg_layout_load_data (const char *name, const char *data, gsize len,
                               const DgGraph *graph, const DgTheme *theme, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgLayout, dg_layout_free)

G_END_DECLS
