/* graph-private.h — how the loader builds a DgGraph; nobody else writes one. */
#pragma once

#include "model.h"

struct DgGraph {
  gint ref_count;
  GStringChunk *strings;  /* every string the graph hands out */
  char *path;
  char *digest;  /* SHA-256, hex, of the DOT text read (see dg_graph_get_digest) */
  char *name;
  char *title;
  char *source;
  gboolean directed;
  gboolean is_static;
  GHashTable *layout_attrs; /* name → value, both in @strings */
  GArray *parties;  /* DgParty */
  GArray *ties;     /* DgTie */
  GArray *stages;   /* DgStage */
  GArray *groups;   /* DgGroup */
  GPtrArray *attr_lists; /* owns every DgAttrs' items */
  DgAttrs attrs;          /* the root graph's */
  GArray *rank_sets;      /* DgRankSet */
  GPtrArray *term_lists; /* owns each tie's NULL-terminated terms array */
  GHashTable *party_index; /* id → index + 1 */
  GHashTable *stage_index; /* id → index + 1 */
};

/* A new, empty graph for @path with one reference. */
DgGraph *dg_graph_new (const char *path);

/* Copies @s into the graph's string store; NULL stays NULL. */
const char *dg_graph_intern (DgGraph *graph, const char *s);

/* Append and return the new element (its index set); strings must already be
 * interned. The returned pointer is valid until the next append of the same
 * kind. */
DgParty *dg_graph_add_party (DgGraph *graph, const char *id);
DgTie *dg_graph_add_tie (DgGraph *graph, guint tail, guint head);
DgStage *dg_graph_add_stage (DgGraph *graph, const char *id);
DgGroup *dg_graph_add_group (DgGraph *graph, const char *id);

/* Splits @text on commas and white space into lower-case words and keeps
 * them as @tie's terms. */
void dg_graph_set_terms (DgGraph *graph, DgTie *tie, const char *text);
void dg_graph_set_layout_attr (DgGraph *graph, const char *name, const char *value);

/* Copies @n attributes (strings must already be interned) into storage the
 * graph owns, sorted by name, and returns them as a DgAttrs. */
DgAttrs dg_graph_keep_attrs (DgGraph *graph, const DgAttr *items, guint n);

/* Appends a rank set of @n parties (copied); @rank must be interned. */
void dg_graph_add_rank_set (DgGraph *graph, const char *rank, const guint *parties, guint n);
