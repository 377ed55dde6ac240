/* model.h — the relationship graph over a timeline: parties, ties, stages. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DgGraph:
 * A loaded, checked graph. Opaque; immutable once loaded, so any number of
 * threads may read it at once. Parties, ties, stages and groups are owned by
 * the graph and live as long as it does.
 */
typedef struct DgGraph DgGraph;

/* How a value's number is qualified in the text ("up to $50B"). */
typedef enum {
  DG_QUALIFIER_NONE,
  DG_QUALIFIER_UP_TO,    /* "up to", "≤" */
  DG_QUALIFIER_AT_LEAST, /* "at least", "over", "more than", ">", "≥" */
  DG_QUALIFIER_ABOUT,    /* "about", "approximately", "around", "~", "≈" */
} DgQualifier;

typedef enum {
  DG_UNIT_NONE,     /* a plain count: "1200" */
  DG_UNIT_PERCENT,  /* "27%"; amount is 27 */
  DG_UNIT_CURRENCY, /* "$50B"; amount is 5e10, currency "$" */
} DgUnit;

/**
 * DgValue:
 * A tie's magnitude as parsed from its `value` attribute. @amount is in base
 * units (scale suffixes K, M, B/bn, T applied). @text is the value exactly as
 * written, for labels. When @present is FALSE every other field is zero.
 */
typedef struct {
  gboolean present;
  double amount;
  DgUnit unit;
  char currency[8]; /* UTF-8 symbol or ISO code ("$", "€", "USD"); "" if none */
  DgQualifier qualifier;
  const char *text;
} DgValue;

/* Stage indices [from, until): until == dg_graph_n_stages() means "to the end". */
typedef struct {
  guint from;
  guint until;
} DgInterval;

/* A point of the timeline. @date is "YYYY", "YYYY-MM" or "YYYY-MM-DD" or NULL;
 * @safe_name is the file-name form of @id (see dg_safe_name()). */
typedef struct {
  guint index;
  const char *id;
  const char *label;     /* never NULL: falls back to @id */
  const char *date;      /* NULL when the input gives none */
  const char *safe_name;
  guint line;            /* 0 when unknown */
} DgStage;

/**
 * DgAttr:
 * A Graphviz drawing attribute as the user wrote it — on the element, or
 * inherited from `node [...]`, `edge [...]`, `graph [...]` or a subgraph's
 * defaults, as cgraph resolves them — after the loader validated it (see
 * README "Graphviz attributes"). @html: the value is an HTML-like label
 * (`label=<…>`), given without its outer angle brackets.
 */
typedef struct {
  const char *name;
  const char *value;
  gboolean html;
} DgAttr;

/* An element's drawing attributes, sorted by name; @n == 0 when none. */
typedef struct {
  guint n;
  const DgAttr *items;
} DgAttrs;

/* The attribute @name of @attrs, or NULL when the user did not set it. */
const DgAttr *dg_attrs_find (const DgAttrs *attrs, const char *name);
/* Its value, or NULL. */
const char *dg_attrs_get (const DgAttrs *attrs, const char *name);

/* A cluster of parties (`subgraph cluster_…`), possibly inside another. */
typedef struct {
  guint index;
  const char *id;
  const char *label;   /* NULL when the cluster has none */
  int parent;          /* index of the enclosing group, or -1 */
  DgAttrs attrs;       /* the cluster's drawing attributes */
  guint line;          /* 0 when unknown */
} DgGroup;

typedef struct {
  guint index;
  const char *id;
  const char *label;   /* never NULL: falls back to @id */
  const char *kind;    /* NULL when not given */
  DgInterval interval;
  int group;           /* innermost DgGroup index, or -1 */
  const char *note;
  const char *source;
  guint line;
  DgAttrs attrs;       /* drawing attributes (shape, color, style, …) */
} DgParty;

/* A tie between two parties, pointing the way things flow (see README). */
typedef struct {
  guint index;
  guint tail;          /* party index */
  guint head;          /* party index */
  const char *kind;    /* NULL when not given */
  DgValue value;
  const char *const *terms; /* NULL-terminated, never NULL; lower-case words */
  DgInterval interval;
  const char *label;   /* the DOT `label`, or NULL */
  const char *note;
  const char *source;
  guint line;
  DgAttrs attrs;       /* drawing attributes (color, arrowhead, style, …) */
} DgTie;

const char *dg_graph_get_path (const DgGraph *graph);  /* as given to the loader */
/* SHA-256 (hex) of the DOT text the graph was read from, with the loader's
 * -G/-N/-E settings (DgLoadOptions) in it: the file's own digest when there
 * are none. What a layout cache vouches for (dg_layout_load()). */
const char *dg_graph_get_digest (const DgGraph *graph);
/* The input's file name without directory and extension, through the
 * safe-name mapping (see dg_safe_name(); "graph" when nothing is left). */
const char *dg_graph_get_name (const DgGraph *graph);
const char *dg_graph_get_title (const DgGraph *graph); /* graph `label`, or NULL */
const char *dg_graph_get_source (const DgGraph *graph); /* graph `source`, or NULL */
gboolean dg_graph_is_directed (const DgGraph *graph);
/* TRUE when the input has no `timeline`: one implicit stage, id "all". */
gboolean dg_graph_is_static (const DgGraph *graph);
/* A Graphviz layout attribute the user set on the graph and dealgraph lets
 * through after validating it (see README: rankdir, nodesep, ranksep,
 * splines, overlap, pack, packmode); NULL when unset. */
const char *dg_graph_get_layout_attr (const DgGraph *graph, const char *name);

/* The graph's own drawing attributes (bgcolor, label placement, fonts, …);
 * borrowed, never NULL. */
const DgAttrs *dg_graph_get_attrs (const DgGraph *graph);
/* TRUE for plain DOT: a static graph whose parties and ties carry no deal
 * kind and no value, which dealgraph draws as `dot` would, without a deal
 * legend. */
gboolean dg_graph_is_plain (const DgGraph *graph);

/* A subgraph that is not a cluster but sets `rank` (`{ rank=same; a; b }`):
 * parties that dot keeps on one rank (or the first or last). */
typedef struct {
  const char *rank;      /* "same", "min", "max", "source" or "sink" */
  guint n_parties;
  const guint *parties;  /* party indices */
} DgRankSet;

guint dg_graph_n_rank_sets (const DgGraph *graph);
const DgRankSet *dg_graph_rank_set (const DgGraph *graph, guint index);

guint dg_graph_n_parties (const DgGraph *graph);
guint dg_graph_n_ties (const DgGraph *graph);
guint dg_graph_n_stages (const DgGraph *graph);
guint dg_graph_n_groups (const DgGraph *graph);
const DgParty *dg_graph_party (const DgGraph *graph, guint index);
const DgTie *dg_graph_tie (const DgGraph *graph, guint index);
const DgStage *dg_graph_stage (const DgGraph *graph, guint index);
const DgGroup *dg_graph_group (const DgGraph *graph, guint index);
/* Lookups by id; NULL when absent. */
const DgParty *dg_graph_find_party (const DgGraph *graph, const char *id);
const DgStage *dg_graph_find_stage (const DgGraph *graph, const char *id);

/* TRUE when @tie's terms contain @term (case-insensitive). */
gboolean dg_tie_has_term (const DgTie *tie, const char *term);

/* Parses a `value` string into @out (whose @text points into @text).
 * Returns FALSE with a reason in @error (DG_ERROR_INVALID) for text that is
 * not a finite, non-negative number with an optional unit, or a percentage
 * above 100. */
gboolean dg_value_parse (const char *text, DgValue *out, GError **error);

/* The name a graph read from @path gets (dg_graph_get_name()): its file name
 * without directory and extension, through the safe-name mapping. Its
 * figures go under it, so two inputs with one name would write over each
 * other. Newly allocated. */
char *dg_graph_name_for_path (const char *path);

/* The file-name form of a stage id: see README "Stage file names".
 * Returns a newly allocated string of [a-z0-9._-], never empty, never "." or "..". */
char *dg_safe_name (const char *id);

/* The stem of stage @stage's figure files: "NN-<safe name>" with NN its
 * 1-based position, zero-padded to the width of the stage count (at least 2),
 * so files sort in timeline order. For a static graph, the graph's name.
 * Newly allocated. */
char *dg_stage_file_stem (const DgGraph *graph, guint stage);

DgGraph *dg_graph_ref (DgGraph *graph);
void dg_graph_unref (DgGraph *graph); /* accepts NULL */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgGraph, dg_graph_unref)

G_END_DECLS
