/* graph.c — the DgGraph container: storage, lookups and reference counting. */
#include <stdlib.h>
#include <string.h>

#include "graph-private.h"

static const char *const no_terms[] = { NULL };

DgGraph *
dg_graph_new (const char *path)
{
  DgGraph *graph = g_new0 (DgGraph, 1);
  graph->ref_count = 1;
  graph->strings = g_string_chunk_new (4096);
  graph->path = g_strdup (path);
  graph->name = dg_graph_name_for_path (path);
  graph->directed = TRUE;
  graph->layout_attrs = g_hash_table_new (g_str_hash, g_str_equal);
  graph->parties = g_array_new (FALSE, TRUE, sizeof (DgParty));
  graph->ties = g_array_new (FALSE, TRUE, sizeof (DgTie));
  graph->stages = g_array_new (FALSE, TRUE, sizeof (DgStage));
  graph->groups = g_array_new (FALSE, TRUE, sizeof (DgGroup));
  graph->term_lists = g_ptr_array_new_with_free_func (g_free);
  graph->attr_lists = g_ptr_array_new_with_free_func (g_free);
  graph->rank_sets = g_array_new (FALSE, TRUE, sizeof (DgRankSet));
  graph->party_index = g_hash_table_new (g_str_hash, g_str_equal);
  graph->stage_index = g_hash_table_new (g_str_hash, g_str_equal);
  return graph;
}

DgGraph *
dg_graph_ref (DgGraph *graph)
{
  g_return_val_if_fail (graph != NULL, NULL);
  g_atomic_int_inc (&graph->ref_count);
  return graph;
}

void
dg_graph_unref (DgGraph *graph)
{
  if (graph == NULL || !g_atomic_int_dec_and_test (&graph->ref_count))
    return;
  g_hash_table_unref (graph->stage_index);
  g_hash_table_unref (graph->party_index);
  g_ptr_array_unref (graph->term_lists);
  g_ptr_array_unref (graph->attr_lists);
  g_array_unref (graph->rank_sets);
  g_array_unref (graph->groups);
  g_array_unref (graph->stages);
  g_array_unref (graph->ties);
  g_array_unref (graph->parties);
  g_hash_table_unref (graph->layout_attrs);
  g_free (graph->source);
  g_free (graph->title);
  g_free (graph->name);
  g_free (graph->path);
  g_free (graph->digest);
  g_string_chunk_free (graph->strings);
  g_free (graph);
}

const char *
dg_graph_intern (DgGraph *graph, const char *s)
{
  return s != NULL ? g_string_chunk_insert_const (graph->strings, s) : NULL;
}

DgParty *
dg_graph_add_party (DgGraph *graph, const char *id)
{
  DgParty party = { 0 };
  party.index = graph->parties->len;
  party.id = dg_graph_intern (graph, id);
  party.label = party.id;
  party.group = -1;
  g_array_append_val (graph->parties, party);
  g_hash_table_insert (graph->party_index, (gpointer) party.id, GUINT_TO_POINTER (party.index + 1));
  return &g_array_index (graph->parties, DgParty, party.index);
}

DgTie *
dg_graph_add_tie (DgGraph *graph, guint tail, guint head)
{
  DgTie tie = { 0 };
  tie.index = graph->ties->len;
  tie.tail = tail;
  tie.head = head;
  tie.terms = no_terms;
  g_array_append_val (graph->ties, tie);
  return &g_array_index (graph->ties, DgTie, tie.index);
}

DgStage *
dg_graph_add_stage (DgGraph *graph, const char *id)
{
  DgStage stage = { 0 };
  stage.index = graph->stages->len;
  stage.id = dg_graph_intern (graph, id);
  stage.label = stage.id;
  g_array_append_val (graph->stages, stage);
  g_hash_table_insert (graph->stage_index, (gpointer) stage.id, GUINT_TO_POINTER (stage.index + 1));
  return &g_array_index (graph->stages, DgStage, stage.index);
}

DgGroup *
dg_graph_add_group (DgGraph *graph, const char *id)
{
  DgGroup group = { 0 };
  group.index = graph->groups->len;
  group.id = dg_graph_intern (graph, id);
  group.parent = -1;
  g_array_append_val (graph->groups, group);
  return &g_array_index (graph->groups, DgGroup, group.index);
}

void
dg_graph_set_terms (DgGraph *graph, DgTie *tie, const char *text)
{
  g_auto (GStrv) words = g_regex_split_simple ("[\\s,;]+", text, 0, 0);
  GPtrArray *terms = g_ptr_array_new ();
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      g_autofree char *lower = g_utf8_strdown (words[i], -1);
      g_ptr_array_add (terms, (gpointer) dg_graph_intern (graph, lower));
    }
  g_ptr_array_add (terms, NULL);
  char **list = (char **) g_ptr_array_free (terms, FALSE);
  g_ptr_array_add (graph->term_lists, list);
  tie->terms = (const char *const *) list;
}

void
dg_graph_set_layout_attr (DgGraph *graph, const char *name, const char *value)
{
  g_hash_table_insert (graph->layout_attrs, (gpointer) dg_graph_intern (graph, name),
                       (gpointer) dg_graph_intern (graph, value));
}

const char *dg_graph_get_path (const DgGraph *graph) { return graph->path; }
const char *dg_graph_get_digest (const DgGraph *graph) { return graph->digest; }
const char *dg_graph_get_name (const DgGraph *graph) { return graph->name; }
const char *dg_graph_get_title (const DgGraph *graph) { return graph->title; }
const char *dg_graph_get_source (const DgGraph *graph) { return graph->source; }
gboolean dg_graph_is_directed (const DgGraph *graph) { return graph->directed; }
gboolean dg_graph_is_static (const DgGraph *graph) { return graph->is_static; }
guint dg_graph_n_parties (const DgGraph *graph) { return graph->parties->len; }
guint dg_graph_n_ties (const DgGraph *graph) { return graph->ties->len; }
guint dg_graph_n_stages (const DgGraph *graph) { return graph->stages->len; }
guint dg_graph_n_groups (const DgGraph *graph) { return graph->groups->len; }

const char *
dg_graph_get_layout_attr (const DgGraph *graph, const char *name)
{
  return g_hash_table_lookup (graph->layout_attrs, name);
}

const DgParty *
dg_graph_party (const DgGraph *graph, guint index)
{
  g_return_val_if_fail (index < graph->parties->len, NULL);
  return &g_array_index (graph->parties, DgParty, index);
}

const DgTie *
dg_graph_tie (const DgGraph *graph, guint index)
{
  g_return_val_if_fail (index < graph->ties->len, NULL);
  return &g_array_index (graph->ties, DgTie, index);
}

const DgStage *
dg_graph_stage (const DgGraph *graph, guint index)
{
  g_return_val_if_fail (index < graph->stages->len, NULL);
  return &g_array_index (graph->stages, DgStage, index);
}

const DgGroup *
dg_graph_group (const DgGraph *graph, guint index)
{
  g_return_val_if_fail (index < graph->groups->len, NULL);
  return &g_array_index (graph->groups, DgGroup, index);
}

const DgParty *
dg_graph_find_party (const DgGraph *graph, const char *id)
{
  guint i = GPOINTER_TO_UINT (g_hash_table_lookup (graph->party_index, id));
  return i > 0 ? dg_graph_party (graph, i - 1) : NULL;
}

const DgStage *
dg_graph_find_stage (const DgGraph *graph, const char *id)
{
  guint i = GPOINTER_TO_UINT (g_hash_table_lookup (graph->stage_index, id));
  return i > 0 ? dg_graph_stage (graph, i - 1) : NULL;
}

gboolean
dg_tie_has_term (const DgTie *tie, const char *term)
{
  for (guint i = 0; tie->terms[i] != NULL; i++)
    if (g_ascii_strcasecmp (tie->terms[i], term) == 0)
      return TRUE;
  return FALSE;
}

static gint
attr_compare (gconstpointer a, gconstpointer b)
{
  return strcmp (((const DgAttr *) a)->name, ((const DgAttr *) b)->name);
}

DgAttrs
dg_graph_keep_attrs (DgGraph *graph, const DgAttr *items, guint n)
{
  if (n == 0)
    return (DgAttrs) { 0, NULL };
  DgAttr *copy = g_memdup2 (items, sizeof (DgAttr) * n);
  qsort (copy, n, sizeof (DgAttr), attr_compare);
  g_ptr_array_add (graph->attr_lists, copy);
  return (DgAttrs) { n, copy };
}

const DgAttr *
dg_attrs_find (const DgAttrs *attrs, const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);
  if (attrs == NULL || attrs->n == 0)
    return NULL;
  DgAttr key = { name, NULL, FALSE };
  return bsearch (&key, attrs->items, attrs->n, sizeof (DgAttr), attr_compare);
}

const char *
dg_attrs_get (const DgAttrs *attrs, const char *name)
{
  const DgAttr *a = dg_attrs_find (attrs, name);
  return a != NULL ? a->value : NULL;
}

const DgAttrs *
dg_graph_get_attrs (const DgGraph *graph)
{
  g_return_val_if_fail (graph != NULL, NULL);
  return &graph->attrs;
}

gboolean
dg_graph_is_plain (const DgGraph *graph)
{
  g_return_val_if_fail (graph != NULL, FALSE);
  if (!graph->is_static)
    return FALSE;
  for (guint i = 0; i < graph->parties->len; i++)
    if (g_array_index (graph->parties, DgParty, i).kind != NULL)
      return FALSE;
  for (guint i = 0; i < graph->ties->len; i++)
    {
      const DgTie *tie = &g_array_index (graph->ties, DgTie, i);
      if (tie->kind != NULL || tie->value.present || tie->terms[0] != NULL)
        return FALSE;
    }
  return TRUE;
}

void
dg_graph_add_rank_set (DgGraph *graph, const char *rank, const guint *parties, guint n)
{
  guint *copy = g_memdup2 (parties, sizeof (guint) * n);
  g_ptr_array_add (graph->attr_lists, copy);
  DgRankSet set = { rank, n, copy };
  g_array_append_val (graph->rank_sets, set);
}

guint
dg_graph_n_rank_sets (const DgGraph *graph)
{
  g_return_val_if_fail (graph != NULL, 0);
  return graph->rank_sets->len;
}

const DgRankSet *
dg_graph_rank_set (const DgGraph *graph, guint index)
{
  g_return_val_if_fail (graph != NULL && index < graph->rank_sets->len, NULL);
  return &g_array_index (graph->rank_sets, DgRankSet, index);
}

char *
dg_graph_name_for_path (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  /* The name becomes a directory and file names: the safe-name mapping
   * keeps "..", "/" and the like from leaving the output directory. */
  char *name = dg_safe_name (base);
  if (g_str_equal (name, "stage") && g_ascii_strcasecmp (base, "stage") != 0)
    {
      g_free (name);
      name = g_strdup ("graph");
    }
  return name;
}
