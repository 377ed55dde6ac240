/* fuzz-load.c — libFuzzer target for the DOT loader: any bytes in, a checked graph or an error out.
 *
 * Feeds the input to dg_graph_load_data() and, when a graph comes back, walks
 * everything the model exposes (stages, parties, ties, captions, changes
 * between stages), so a loader that accepts an inconsistent graph shows up as
 * a sanitizer report here rather than in the layout. Besides memory errors it
 * checks the promises the README makes about hostile input: messages hold no
 * raw control characters or bidi overrides, stage file names are safe, limits
 * hold. The loader takes the Graphviz lock and drains cgraph's lexer itself,
 * so consecutive inputs do not see each other. */
#include <string.h>

#include <dealgraph/dealgraph.h>

#include "fuzz-common.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* GLib's criticals flag programming errors, which is what we look for. */
  g_setenv ("G_DEBUG", "fatal-criticals", TRUE);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  return 0;
}

static gboolean
safe_name_ok (const char *name)
{
  gsize len = strlen (name);
  if (len == 0 || len > 64 || g_str_equal (name, ".") || g_str_equal (name, ".."))
    return FALSE;
  if (name[0] == '.' || name[0] == '-' || name[len - 1] == '.' || name[len - 1] == '-')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '.' || *p == '_' || *p == '-'))
      return FALSE;
  return TRUE;
}

static void
walk_graph (const DgGraph *graph, const DgLoadOptions *limits)
{
  guint n_stages = dg_graph_n_stages (graph);
  guint n_parties = dg_graph_n_parties (graph);
  guint n_ties = dg_graph_n_ties (graph);
  if (n_stages == 0 || n_stages > limits->max_stages)
    fuzz_fail ("stage count out of bounds", dg_graph_get_name (graph));
  if (n_parties > limits->max_parties || n_ties > limits->max_ties)
    fuzz_fail ("party or tie limit not enforced", dg_graph_get_name (graph));
  (void) dg_graph_get_title (graph);
  (void) dg_graph_get_source (graph);
  static const char *const layout_attrs[] = { "rankdir", "nodesep", "ranksep", "splines",
                                              "overlap", "pack", "packmode", "shape", "image" };
  for (gsize i = 0; i < G_N_ELEMENTS (layout_attrs); i++)
    {
      const char *v = dg_graph_get_layout_attr (graph, layout_attrs[i]);
      if (v != NULL && i >= 7)
        fuzz_fail ("a non-whitelisted attribute reaches the layout", layout_attrs[i]);
    }

  GHashTable *stems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint s = 0; s < n_stages; s++)
    {
      const DgStage *stage = dg_graph_stage (graph, s);
      if (stage->index != s || stage->label == NULL || stage->id == NULL)
        fuzz_fail ("inconsistent stage", stage->id);
      if (!safe_name_ok (stage->safe_name))
        fuzz_fail ("unsafe stage file name", stage->safe_name);
      if (dg_graph_find_stage (graph, stage->id) != stage && !dg_graph_is_static (graph))
        fuzz_fail ("stage lookup by id", stage->id);
      char *stem = dg_stage_file_stem (graph, s);
      if (strchr (stem, '/') != NULL || stem[0] == '.' || g_hash_table_contains (stems, stem))
        fuzz_fail ("unsafe or duplicate file stem", stem);
      g_hash_table_add (stems, stem);
    }
  g_hash_table_unref (stems);

  for (guint i = 0; i < n_parties; i++)
    {
      const DgParty *party = dg_graph_party (graph, i);
      if (party->label == NULL || party->interval.from >= party->interval.until
          || party->interval.until > n_stages)
        fuzz_fail ("party with a bad interval or no label", party->id);
      if (dg_graph_find_party (graph, party->id) != party)
        fuzz_fail ("party lookup by id", party->id);
      if (party->group >= (int) dg_graph_n_groups (graph))
        fuzz_fail ("party in a group that does not exist", party->id);
    }
  for (guint i = 0; i < dg_graph_n_groups (graph); i++)
    {
      const DgGroup *group = dg_graph_group (graph, i);
      if (group->parent >= (int) i)
        fuzz_fail ("group nested in a later group", group->id);
    }
  for (guint i = 0; i < n_ties; i++)
    {
      const DgTie *tie = dg_graph_tie (graph, i);
      if (tie->tail >= n_parties || tie->head >= n_parties || tie->terms == NULL)
        fuzz_fail ("tie with bad ends or terms", tie->label != NULL ? tie->label : "");
      if (tie->interval.from >= tie->interval.until || tie->interval.until > n_stages)
        fuzz_fail ("tie with a bad interval", tie->label != NULL ? tie->label : "");
      for (guint s = tie->interval.from; s < tie->interval.until; s++)
        if (!dg_party_active_at (dg_graph_party (graph, tie->tail), s)
            || !dg_party_active_at (dg_graph_party (graph, tie->head), s))
          fuzz_fail ("tie active where a party is not", dg_graph_party (graph, tie->tail)->id);
      if (tie->value.present && (!(tie->value.amount >= 0) || tie->value.amount > G_MAXDOUBLE))
        fuzz_fail ("value not finite and non-negative", tie->value.text);
      for (guint t = 0; tie->terms[t] != NULL; t++)
        (void) dg_tie_has_term (tie, tie->terms[t]);
      g_free (dg_tie_caption (graph, tie));
    }

  /* Changes between neighbouring stages and across the whole timeline. */
  for (guint s = 0; s < n_stages; s++)
    {
      g_array_unref (dg_graph_active_parties (graph, s));
      g_array_unref (dg_graph_active_ties (graph, s));
      g_array_unref (dg_timeline_changes_at (graph, s));
    }
  g_array_unref (dg_timeline_changes (graph, n_stages - 1, 0));
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  /* Limits small enough that every input stays fast, large enough that the
   * seeds load: the loader's limit checks are part of what is fuzzed. */
  DgLoadOptions limits = DG_LOAD_OPTIONS_INIT;
  limits.max_input_bytes = 256 * 1024;
  limits.max_parties = 2000;
  limits.max_ties = 4000;
  limits.max_stages = 100;
  limits.max_label_bytes = 1024;

  GPtrArray *diagnostics = dg_diagnostics_new ();
  GError *error = NULL;
  DgGraph *graph = dg_graph_load_data ("fuzz.gv", (const char *) data, size, &limits, diagnostics, &error);
  if ((graph == NULL) == (error == NULL))
    fuzz_fail ("a graph and an error, or neither", error != NULL ? error->message : "");
  if (error != NULL)
    {
      if (error->domain != DEALGRAPH_ERROR)
        fuzz_fail ("error outside DEALGRAPH_ERROR", error->message);
      fuzz_check_printable ("error message", error->message);
      (void) dg_error_exit_status (error);
    }
  gboolean any_error = FALSE;
  for (guint i = 0; i < diagnostics->len; i++)
    {
      const DgDiagnostic *diag = diagnostics->pdata[i];
      any_error |= diag->severity == DG_SEVERITY_ERROR;
      char *line = dg_diagnostic_to_string (diag);
      fuzz_check_printable ("diagnostic", line);
      g_free (line);
    }
  if (graph == NULL && !any_error)
    fuzz_fail ("failed without an error diagnostic", error->message);
  if (graph != NULL && any_error)
    fuzz_fail ("loaded despite an error diagnostic", dg_graph_get_name (graph));
  if (graph != NULL)
    walk_graph (graph, &limits);

  dg_graph_unref (graph);
  g_clear_error (&error);
  g_ptr_array_unref (diagnostics);
  return 0;
}
