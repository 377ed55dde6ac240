/* style.h — resolved looks: the theme's defaults, then what the user wrote in the DOT file. */
#pragma once

#include <glib.h>
#include "model.h"
#include "theme.h"
#include "timeline.h"

G_BEGIN_DECLS

/* How a label is written. */
typedef enum {
  DG_LABEL_PLAIN,  /* text, with DOT's escapes (\N, \n, \l, …) */
  DG_LABEL_RECORD, /* a record's fields: "<f0> left|{a|b}" */
  DG_LABEL_HTML,   /* an HTML-like label: label=<…> */
} DgLabelKind;

/* What a change mark (`dealgraph diff`: began, ended, changed) adds to a
 * party's or tie's look, from the theme's [change …] group; unmarked
 * elements have opacity 1 and nothing else. */
typedef struct {
  gboolean marked;
  DgChangeKind kind;   /* when @marked */
  double opacity;      /* the whole element, label included */
  DgColor halo;        /* a band under a tie, around a party; a == 0: none */
  double halo_width;
  gboolean label_bold;
  gboolean strike;     /* the label struck through */
  gboolean frame;      /* the label boxed */
} DgMarkLook;

/* A font as drawn: a fontconfig family and a weight and slant. */
typedef struct {
  const char *family; /* interned */
  double size;        /* points */
  gboolean bold;
  gboolean italic;
  DgColor color;
} DgFont;

/**
 * DgPartyLook:
 * How one party is drawn. When @own is TRUE dealgraph draws the outline
 * (@dg_shape, @fill, @stroke, …) and the plain @label itself; otherwise the
 * shape, label kind or style is one only Graphviz knows how to draw
 * (records, HTML-like tables, polygons with skew, peripheries, striped
 * fills, …), and the party is painted from Graphviz's own drawing of it
 * (DgPartyGeometry.draw and .label_draw), made with these same colours and
 * fonts. @gv is what the layout hands Graphviz for the party.
 */
typedef struct {
  gboolean visible;      /* FALSE for style=invis: laid out, not drawn */
  gboolean own;
  const char *shape;     /* Graphviz's shape name */
  DgShape dg_shape;      /* @own only */
  DgColor fill;          /* a == 0: not filled */
  DgColor stroke;        /* a == 0: no outline */
  double pen_width;
  DgDash dash;
  DgFont font;
  DgLabelKind label_kind;
  const char *label;     /* the text dealgraph draws when @own: DOT escapes expanded */
  DgMarkLook mark;       /* outline colour, dash and width above include it */
  DgAttrs gv;
} DgPartyLook;

/**
 * DgTieLook:
 * How one tie is drawn: the theme's look for its kind and terms (width
 * scaled by its value), then the user's attributes. @own_line, @own_arrows
 * and @own_label say whether dealgraph draws that part itself or paints
 * Graphviz's drawing of it (multi-colour and tapered lines, arrowheads of
 * any Graphviz shape, HTML-like labels and xlabels): DgTieGeometry's
 * .draw, .arrow_draw and .label_draw.
 */
typedef struct {
  gboolean visible;
  gboolean own_line;
  gboolean own_arrows;
  gboolean own_label;
  DgColor color;
  DgDash dash;
  double width;          /* points */
  gboolean double_line;  /* two parallel strokes (exclusive terms) */
  /* A tie without a value, in a kind whose theme draws those hollow (and
   * not in plain DOT, which has no values to leave out): a band
   * @width wide, edged in @color (with @dash) and filled with @core, a pale
   * tint of @color towards the figure's background. @width then says no
   * amount: it is the kind's `width`, at least DG_HOLLOW_MIN_WIDTH, and a
   * hollow double line is wide enough for two bands. A width the user wrote
   * (penwidth, setlinewidth) draws an ordinary line instead. */
  gboolean hollow;
  DgColor core;          /* @hollow only */
  DgArrow arrow;         /* @own_arrows: the shape at each end that has one */
  double weight;         /* the value's share of its kind's largest, as widths scale (1 without a value) */
  DgFont font;           /* the label's */
  DgLabelKind label_kind;
  DgMarkLook mark;       /* colour, dash and width above include it */
  DgAttrs gv;
} DgTieLook;

/* How one group (cluster) is drawn; @own as for parties. */
typedef struct {
  gboolean visible;
  gboolean own;
  gboolean rounded;
  DgColor fill;
  DgColor stroke;
  double pen_width;
  DgDash dash;
  DgFont font;
  DgLabelKind label_kind;
  DgAttrs gv;
} DgGroupLook;

/* The graph as a whole. */
typedef struct {
  DgColor background;
  /* TRUE when dealgraph sets the graph's label as the title over the figure;
   * FALSE for plain DOT, whose label is drawn where Graphviz places it
   * (DgGeometry.label_draw). */
  gboolean own_title;
  /* Whether a deal legend means anything: FALSE for plain DOT. */
  gboolean legend;
  DgFont font;
  DgAttrs gv;
} DgGraphLook;

typedef struct DgLooks DgLooks;

/**
 * dg_looks_new:
 * Resolves the look of every party, tie and group of @graph and of the
 * graph itself: the theme's default for the element's kind, then the DOT
 * attributes the user wrote on it or in the defaults that apply to it (see
 * README "Graphviz attributes"). Borrows nothing. Returns a new set of looks
 * (free with dg_looks_free). Thread-safe.
 */
DgLooks *dg_looks_new (const DgGraph *graph, const DgTheme *theme);

/**
 * dg_looks_new_marked:
 * dg_looks_new(), then the change marks of a diff figure on top: for each
 * party and tie, @party_changes[i] / @tie_changes[i] says how it fares
 * (arrays as long as the graph's parties and ties, such as a DgDiff's
 * marks; either may be NULL for none). BEGAN, ENDED and CHANGED restyle
 * the element with the theme's [change …] look (dg_theme_change_style()):
 * colour, dash and width factor, plus the DgMarkLook; the other kinds
 * leave it as it is. Borrows nothing.
 */
DgLooks *dg_looks_new_marked (const DgGraph *graph, const DgTheme *theme, const DgChangeKind *party_changes,
                              const DgChangeKind *tie_changes);
void dg_looks_free (DgLooks *looks); /* accepts NULL */

/* Borrowed from @looks; indices as in the graph. */
const DgPartyLook *dg_looks_party (const DgLooks *looks, guint party);
const DgTieLook *dg_looks_tie (const DgLooks *looks, guint tie);
const DgGroupLook *dg_looks_group (const DgLooks *looks, guint group);
const DgGraphLook *dg_looks_graph (const DgLooks *looks);

/* Each tie's value as a share of the largest value of its kind and unit
 * (percentages: of 100), 0..1; 1 for a tie without a value. What tie widths
 * are scaled by, and the exports' `weight`. Returns a new array of
 * dg_graph_n_ties() doubles (g_free). */
double *dg_style_tie_weights (const DgGraph *graph);

/* The inside of a hollow band (DgTieLook.hollow) edged in @color on
 * @background: a pale tint of @color. */
DgColor dg_style_hollow_core (DgColor color, DgColor background);

/* Reads a font name as Graphviz users write it — a family ("DejaVu Sans"),
 * or a PostScript name ("Helvetica-Bold", "Times-Roman", "Courier-Oblique")
 * — into a fontconfig family and a weight and slant. The family is interned
 * (g_intern_string). */
void dg_font_from_graphviz (const char *name, const char **family, gboolean *bold, gboolean *italic);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgLooks, dg_looks_free)

G_END_DECLS
