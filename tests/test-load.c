/* test-load.c — the DOT loader: the tests/data corpus, the deal fixture graph, limits and every error path. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "error.h"
#include "load.h"
#include "model.h"

#include "dg-test.h"

#define SLOW_LOAD_USEC (5 * G_USEC_PER_SEC)

/* ---- helpers ----------------------------------------------------------- */

static const char *
test_data (void)
{
  const char *dir = g_getenv ("DG_TEST_DATA");
  cr_assert_not_null (dir, "DG_TEST_DATA is not set (run through meson test)");
  return dir;
}

static char *
diagnostics_text (GPtrArray *diags)
{
  GString *out = g_string_new (NULL);
  for (guint i = 0; diags != NULL && i < diags->len; i++)
    {
      g_autofree char *s = dg_diagnostic_to_string (diags->pdata[i]);
      g_string_append_printf (out, "\n    %s", s);
    }
  return g_string_free (out, FALSE);
}

/* Loads @dot as @name and asserts success; @diags may be NULL. */
static DgGraph *
load_inline (const char *name, const char *dot, GPtrArray *diags)
{
  g_autoptr (GError) error = NULL;
  DgGraph *graph = dg_graph_load_data (name, dot, strlen (dot), NULL, diags, &error);
  cr_assert_not_null (graph, "%s should load: %s", name, error != NULL ? error->message : "(no error)");
  cr_assert_null (error);
  return graph;
}

/* Loads @dot as @name with @options and asserts failure in DEALGRAPH_ERROR
 * with @code; returns the error. */
static GError *
load_inline_fails (const char *name, const char *dot, const DgLoadOptions *options, GPtrArray *diags,
                   DgError code)
{
  GError *error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_data (name, dot, strlen (dot), options, diags, &error);
  cr_assert_null (graph, "%s should not load", name);
  cr_assert_not_null (error, "%s: NULL without an error", name);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, (int) code), "%s: want code %d, got %s %d: %s",
             name, code, g_quark_to_string (error->domain), error->code, error->message);
  return error;
}

static DgGraph *
load_deal (GPtrArray *diags)
{
  g_autofree char *path = dg_test_deal_path ();
  g_autoptr (GError) error = NULL;
  DgGraph *graph = dg_graph_load_file (path, NULL, diags, &error);
  cr_assert_not_null (graph, "deal fixture: %s", error != NULL ? error->message : "?");
  return graph;
}

static const DgDiagnostic *
first_error (GPtrArray *diags)
{
  for (guint i = 0; i < diags->len; i++)
    {
      const DgDiagnostic *d = diags->pdata[i];
      if (d->severity == DG_SEVERITY_ERROR)
        return d;
    }
  return NULL;
}

/* "kind tail->head" of a tie, for readable comparisons. */
static char *
tie_desc (const DgGraph *graph, const DgTie *tie)
{
  return g_strdup_printf ("%s %s->%s", tie->kind != NULL ? tie->kind : "(none)",
                          dg_graph_party (graph, tie->tail)->id, dg_graph_party (graph, tie->head)->id);
}

/* The ties matching "kind tail->head", in index order. */
static GPtrArray *
find_ties (const DgGraph *graph, const char *desc)
{
  GPtrArray *out = g_ptr_array_new ();
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    {
      g_autofree char *d = tie_desc (graph, dg_graph_tie (graph, i));
      if (g_str_equal (d, desc))
        g_ptr_array_add (out, (gpointer) dg_graph_tie (graph, i));
    }
  return out;
}

static const DgTie *
find_tie (const DgGraph *graph, const char *desc)
{
  g_autoptr (GPtrArray) ties = find_ties (graph, desc);
  cr_assert_eq (ties->len, 1, "want exactly one tie \"%s\", found %u", desc, ties->len);
  return ties->pdata[0];
}

static const DgGroup *
find_group (const DgGraph *graph, const char *id)
{
  for (guint i = 0; i < dg_graph_n_groups (graph); i++)
    if (g_str_equal (dg_graph_group (graph, i)->id, id))
      return dg_graph_group (graph, i);
  cr_assert_fail ("no group \"%s\"", id);
  return NULL;
}

static const DgParty *
party (const DgGraph *graph, const char *id)
{
  const DgParty *p = dg_graph_find_party (graph, id);
  cr_assert_not_null (p, "no party \"%s\"", id);
  return p;
}

/* ---- the data corpus --------------------------------------------------- */

/* What a corpus file's leading `//` lines ask for (tests/data/README.md). */
typedef struct {
  char *expect;
  guint expect_line; /* 0 = not given */
  GPtrArray *expect_not;
  GPtrArray *expect_warning;
} Header;

static void
header_clear (Header *h)
{
  g_free (h->expect);
  g_clear_pointer (&h->expect_not, g_ptr_array_unref);
  g_clear_pointer (&h->expect_warning, g_ptr_array_unref);
}

static gboolean
read_header (const char *path, Header *h, GString *why)
{
  memset (h, 0, sizeof *h);
  h->expect_not = g_ptr_array_new_with_free_func (g_free);
  h->expect_warning = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;
  if (!g_file_get_contents (path, &data, NULL, &error))
    {
      g_string_append_printf (why, "cannot read: %s", error->message);
      return FALSE;
    }
  g_auto (GStrv) lines = g_strsplit (data, "\n", 64);
  for (guint i = 0; lines[i] != NULL && g_str_has_prefix (lines[i], "//"); i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i] + 2));
      if (g_str_has_prefix (line, "expect:"))
        h->expect = g_strstrip (g_strdup (line + strlen ("expect:")));
      else if (g_str_has_prefix (line, "expect-line:"))
        h->expect_line = (guint) g_ascii_strtoull (line + strlen ("expect-line:"), NULL, 10);
      else if (g_str_has_prefix (line, "expect-not:"))
        g_ptr_array_add (h->expect_not, g_strstrip (g_strdup (line + strlen ("expect-not:"))));
      else if (g_str_has_prefix (line, "expect-warning:"))
        g_ptr_array_add (h->expect_warning, g_strstrip (g_strdup (line + strlen ("expect-warning:"))));
    }
  return TRUE;
}

/* The .gv files of tests/data/@sub, sorted, found now: the corpus grows. */
static GPtrArray *
corpus_files (const char *sub)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *root = g_getenv ("DG_TEST_DATA");
  if (root == NULL)
    return names;
  g_autofree char *dir_path = g_build_filename (root, sub, NULL);
  GDir *dir = g_dir_open (dir_path, 0, NULL);
  if (dir == NULL)
    return names;
  for (const char *name = g_dir_read_name (dir); name != NULL; name = g_dir_read_name (dir))
    if (g_str_has_suffix (name, ".gv"))
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);
  g_ptr_array_sort (names, dg_test_compare_strings);
  return names;
}

/* Checks one bad file; appends what is wrong to @why and returns FALSE. */
static gboolean
check_bad_file (const char *name, GString *why)
{
  g_autofree char *path = dg_test_data_path ("bad", name);
  Header h;
  gboolean ok = read_header (path, &h, why);
  if (!ok)
    return FALSE;
  if (h.expect == NULL)
    {
      g_string_append (why, "no `// expect:` header line; ");
      ok = FALSE;
    }

  g_autoptr (GPtrArray) diags = dg_diagnostics_new ();
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr (DgGraph) graph = dg_graph_load_file (path, NULL, diags, &error);
  gint64 elapsed = g_get_monotonic_time () - start;

  if (elapsed > SLOW_LOAD_USEC)
    {
      g_string_append_printf (why, "took %.1f s; ", elapsed / 1e6);
      ok = FALSE;
    }
  if (graph != NULL)
    {
      g_string_append (why, "loaded, but must fail; ");
      ok = FALSE;
    }
  if (error == NULL)
    {
      g_string_append (why, "no GError; ");
      ok = FALSE;
    }
  else if (error->domain != DEALGRAPH_ERROR)
    {
      g_string_append_printf (why, "error in domain %s; ", g_quark_to_string (error->domain));
      ok = FALSE;
    }

  const DgDiagnostic *first = first_error (diags);
  if (first == NULL)
    {
      g_string_append (why, "no error diagnostic; ");
      ok = FALSE;
    }

  if (h.expect != NULL)
    {
      gboolean found = error != NULL && strstr (error->message, h.expect) != NULL;
      for (guint i = 0; !found && i < diags->len; i++)
        {
          const DgDiagnostic *d = diags->pdata[i];
          found = d->severity == DG_SEVERITY_ERROR && strstr (d->message, h.expect) != NULL;
        }
      if (!found)
        {
          g_string_append_printf (why, "no message contains \"%s\" (got: %s); ", h.expect,
                                  error != NULL ? error->message : "no error");
          ok = FALSE;
        }
    }
  if (h.expect_line > 0 && (first == NULL || first->line != h.expect_line))
    {
      g_string_append_printf (why, "first error at line %u, want %u; ", first != NULL ? first->line : 0,
                              h.expect_line);
      ok = FALSE;
    }
  for (guint k = 0; k < h.expect_not->len; k++)
    {
      const char *bad = h.expect_not->pdata[k];
      gboolean leaked = error != NULL && strstr (error->message, bad) != NULL;
      for (guint i = 0; !leaked && i < diags->len; i++)
        {
          const DgDiagnostic *d = diags->pdata[i];
          leaked = strstr (d->message, bad) != NULL || strstr (d->file, bad) != NULL;
        }
      if (leaked)
        {
          g_string_append_printf (why, "a message contains \"%s\"; ", bad);
          ok = FALSE;
        }
    }
  header_clear (&h);
  return ok;
}

/* Checks one good file; appends what is wrong to @why and returns FALSE. */
static gboolean
check_good_file (const char *name, GString *why)
{
  g_autofree char *path = dg_test_data_path ("good", name);
  Header h;
  gboolean ok = read_header (path, &h, why);
  if (!ok)
    return FALSE;

  g_autoptr (GPtrArray) diags = dg_diagnostics_new ();
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr (DgGraph) graph = dg_graph_load_file (path, NULL, diags, &error);
  gint64 elapsed = g_get_monotonic_time () - start;

  if (elapsed > SLOW_LOAD_USEC)
    {
      g_string_append_printf (why, "took %.1f s; ", elapsed / 1e6);
      ok = FALSE;
    }
  if (graph == NULL || error != NULL)
    {
      g_string_append_printf (why, "failed: %s; ", error != NULL ? error->message : "NULL, no error");
      ok = FALSE;
    }
  for (guint i = 0; i < diags->len; i++)
    {
      const DgDiagnostic *d = diags->pdata[i];
      if (d->severity == DG_SEVERITY_ERROR)
        {
          g_string_append_printf (why, "error diagnostic: %s; ", d->message);
          ok = FALSE;
        }
    }
  if (h.expect_warning->len == 0 && diags->len > 0)
    {
      g_autofree char *all = diagnostics_text (diags);
      g_string_append_printf (why, "no expect-warning, yet diagnostics:%s; ", all);
      ok = FALSE;
    }
  for (guint k = 0; k < h.expect_warning->len; k++)
    {
      const char *want = h.expect_warning->pdata[k];
      gboolean found = FALSE;
      for (guint i = 0; !found && i < diags->len; i++)
        {
          const DgDiagnostic *d = diags->pdata[i];
          found = d->severity == DG_SEVERITY_WARNING && strstr (d->message, want) != NULL;
        }
      if (!found)
        {
          g_string_append_printf (why, "no warning contains \"%s\"; ", want);
          ok = FALSE;
        }
    }
  header_clear (&h);
  return ok;
}

typedef gboolean (*CheckFunc) (const char *name, GString *why);

/* Runs @check on every file of @sub in this one process, so state that leaks
 * from one load into the next (cgraph's lexer) shows up, and lists every
 * failing file. */
static void
check_corpus (const char *sub, CheckFunc check)
{
  g_autoptr (GPtrArray) names = corpus_files (sub);
  cr_assert_gt (names->len, 0, "no .gv files in %s/%s", test_data (), sub);
  g_autoptr (GString) failures = g_string_new (NULL);
  guint n_failed = 0;
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr (GString) why = g_string_new (NULL);
      if (!check (names->pdata[i], why))
        {
          n_failed++;
          g_string_append_printf (failures, "\n  %s/%s: %s", sub, (const char *) names->pdata[i], why->str);
        }
    }
  cr_assert (n_failed == 0, "%u of %u files in %s/ fail (loaded one after another in one process):%s",
             n_failed, names->len, sub, failures->str);
}

Test (corpus, bad_files_fail_as_their_headers_say, .timeout = 300)
{
  check_corpus ("bad", check_bad_file);
}

Test (corpus, good_files_load_as_their_headers_say, .timeout = 300)
{
  check_corpus ("good", check_good_file);
}

/* The same checks, one file per process: a crash or a hang names its file,
 * and a file is judged without anything loaded before it. */
typedef struct {
  char name[256];
} CorpusFile;

static void
free_corpus_params (struct criterion_test_params *crp)
{
  cr_free (crp->params);
}

static struct criterion_test_params
corpus_params (const char *sub)
{
  g_autoptr (GPtrArray) names = corpus_files (sub);
  CorpusFile *files = cr_malloc (sizeof (CorpusFile) * MAX (names->len, 1));
  for (guint i = 0; i < names->len; i++)
    g_strlcpy (files[i].name, names->pdata[i], sizeof files[i].name);
  return cr_make_param_array (CorpusFile, files, names->len, free_corpus_params);
}

ParameterizedTestParameters (bad_file, fails_alone)
{
  return corpus_params ("bad");
}

ParameterizedTest (CorpusFile *file, bad_file, fails_alone, .timeout = 10)
{
  g_autoptr (GString) why = g_string_new (NULL);
  cr_assert (check_bad_file (file->name, why), "bad/%s: %s", file->name, why->str);
}

ParameterizedTestParameters (good_file, loads_alone)
{
  return corpus_params ("good");
}

ParameterizedTest (CorpusFile *file, good_file, loads_alone, .timeout = 10)
{
  g_autoptr (GString) why = g_string_new (NULL);
  cr_assert (check_good_file (file->name, why), "good/%s: %s", file->name, why->str);
}

/* cgraph keeps the rest of the last line it read for the next read in the
 * process (tests/data/README.md): a second graph on that line must not come
 * back as the next file's content ("evil -> injected"). load.c's load()
 * flushes it with a throw-away agmemread("graph{}") after every read. */
Test (load, text_after_a_graph_does_not_leak_into_the_next_load)
{
  g_autofree char *two = dg_test_data_path ("bad", "two-graphs.gv");
  g_autoptr (GError) error = NULL;
  /* Whether two-graphs.gv itself is refused is the corpus tests' business. */
  g_autoptr (DgGraph) first = dg_graph_load_file (two, NULL, NULL, &error);
  g_autoptr (DgGraph) graph = load_inline ("next.gv", "digraph { x -> y }\n", NULL);
  cr_assert_null (dg_graph_find_party (graph, "evil"), "the previous input's second graph came back");
  cr_assert_not_null (dg_graph_find_party (graph, "x"));
  cr_assert_eq (dg_graph_n_parties (graph), 2);
}

/* The same leftover line would make cgraph's line numbers in the next load
 * one too high; the same throw-away read keeps them right. */
Test (load, line_numbers_do_not_drift_after_a_previous_load)
{
  g_autoptr (DgGraph) first = load_inline ("first.gv", "digraph { a -> b }\n", NULL);
  g_autoptr (GPtrArray) diags = dg_diagnostics_new ();
  g_autoptr (GError) error = load_inline_fails ("second.gv", "digraph {\n  a -> ;\n}\n", NULL, diags,
                                                DG_ERROR_SYNTAX);
  const DgDiagnostic *d = first_error (diags);
  cr_assert_not_null (d);
  cr_assert_eq (d->line, 2, "syntax error reported at line %u, want 2: %s", d->line, error->message);
}

Test (load, good_load_after_a_parser_failure)
{
  g_autofree char *deep = dg_test_data_path ("bad", "deep-nesting-parser.gv");
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) bad = dg_graph_load_file (deep, NULL, NULL, &error);
  cr_assert_null (bad);
  g_autoptr (DgGraph) graph = load_inline ("after.gv", "digraph { a -> b }\n", NULL);
  cr_assert_eq (dg_graph_n_ties (graph), 1);
}

/* ---- the deal fixture ------------------------------------------------------ */

Test (deal, loads_without_any_diagnostic)
{
  g_autoptr (GPtrArray) diags = dg_diagnostics_new ();
  g_autoptr (DgGraph) graph = load_deal (diags);
  g_autofree char *all = diagnostics_text (diags);
  cr_assert_eq (diags->len, 0, "diagnostics:%s", all);
}

Test (deal, graph_attributes)
{
  g_autoptr (DgGraph) graph = load_deal (NULL);
  cr_assert_str_eq (dg_graph_get_name (graph), DG_TEST_DEAL_NAME);
  cr_assert_str_eq (dg_graph_get_title (graph), "Microsoft and OpenAI renegotiate their partnership");
  cr_assert_not_null (dg_graph_get_source (graph));
  cr_assert (dg_graph_is_directed (graph));
  cr_assert_not (dg_graph_is_static (graph));
  g_autofree char *path = dg_test_deal_path ();
  cr_assert_str_eq (dg_graph_get_path (graph), path);
}

Test (deal, five_stages_in_timeline_order)
{
  g_autoptr (DgGraph) graph = load_deal (NULL);
  static const char *const ids[] = { "before", "amazon", "agreement", "y2030", "y2032" };
  static const char *const dates[] = { NULL, NULL, NULL, "2030", "2032" };
  /* Each says what happens at its stage, as the ties' intervals have it
   * (a reader took "revenue-share cap ends" for the cap being lifted). */
  static const char *const labels[] = { "Earlier terms: exclusive license and hosting",
                                        "Amazon announces up to $50B investment",
                                        "New agreement: exclusivity ends",
                                        "2030: revenue share to Microsoft ends",
                                        "2032: Microsoft's license ends" };
  cr_assert_eq (dg_graph_n_stages (graph), 5);
  for (guint i = 0; i < 5; i++)
    {
      const DgStage *s = dg_graph_stage (graph, i);
      cr_assert_eq (s->index, i);
      cr_assert_str_eq (s->id, ids[i]);
      cr_assert_str_eq (s->label, labels[i]);
      cr_assert_str_eq (s->safe_name, ids[i]);
      if (dates[i] == NULL)
        cr_assert_null (s->date, "stage %s has date %s", s->id, s->date);
      else
        cr_assert_str_eq (s->date, dates[i]);
      cr_assert_eq (dg_graph_find_stage (graph, ids[i]), s);
    }
  cr_assert_null (dg_graph_find_stage (graph, "Amazon"), "stage ids are case-sensitive");
}

Test (deal, parties_kinds_and_intervals)
{
  g_autoptr (DgGraph) graph = load_deal (NULL);
  static const struct {
    const char *id, *kind;
    guint from;
  } want[] = {
    { "OpenAI", "lab", 0 },        { "Microsoft", "company", 0 }, { "Azure", "cloud", 0 },
    { "Amazon", "company", 1 },    { "AWS Bedrock", "cloud", 2 }, { "Enterprises", "customer", 2 },
  };
  cr_assert_eq (dg_graph_n_parties (graph), G_N_ELEMENTS (want));
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      const DgParty *p = dg_graph_party (graph, i);
      cr_assert_str_eq (p->id, want[i].id, "party %u", i);
      cr_assert_str_eq (p->label, want[i].id);
      cr_assert_str_eq (p->kind, want[i].kind, "party %s", p->id);
      cr_assert_eq (p->interval.from, want[i].from, "party %s from", p->id);
      cr_assert_eq (p->interval.until, 5, "party %s until", p->id);
    }
  cr_assert_str_eq (party (graph, "Azure")->note, "Microsoft's cloud");
  cr_assert_null (party (graph, "OpenAI")->note);
}

Test (deal, every_tie_with_kind_and_interval)
{
  g_autoptr (DgGraph) graph = load_deal (NULL);
  /* "kind tail->head [from,until)", sorted. */
  static const char *const want[] = {
    "channel AWS Bedrock->Enterprises [2,5)",
    "channel Azure->Enterprises [2,5)",
    "channel OpenAI->AWS Bedrock [2,5)",
    "channel OpenAI->Azure [0,2)",
    "channel OpenAI->Azure [2,5)",
    "investment Amazon->OpenAI [1,5)",
    "investment Microsoft->OpenAI [0,5)",
    "license OpenAI->Microsoft [0,2)",
    "license OpenAI->Microsoft [2,4)",
    "revenue_share Microsoft->OpenAI [0,2)",
    "revenue_share OpenAI->Microsoft [0,2)",
    "revenue_share OpenAI->Microsoft [2,3)",
    "stake Microsoft->OpenAI [0,5)",
  };
  g_autoptr (GPtrArray) got = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    {
      const DgTie *t = dg_graph_tie (graph, i);
      cr_assert_eq (t->index, i);
      g_autofree char *d = tie_desc (graph, t);
      g_ptr_array_add (got, g_strdup_printf ("%s [%u,%u)", d, t->interval.from, t->interval.until));
    }
  g_ptr_array_sort (got, dg_test_compare_strings);
  g_ptr_array_add (got, NULL);
  g_autofree char *got_s = g_strjoinv ("\n  ", (char **) got->pdata);
  g_autofree char *want_s = g_strjoinv ("\n  ", (char **) want);
  cr_assert_str_eq (got_s, want_s, "ties:\n  %s\nwant:\n  %s", got_s, want_s);
}

Test (deal, keeps_both_license_ties)
{
  g_autoptr (DgGraph) graph = load_deal (NULL);
  g_autoptr (GPtrArray) licenses = find_ties (graph, "license OpenAI->Microsoft");
  cr_assert_eq (licenses->len, 2, "multi-edges must be kept");
  const DgTie *old = licenses->pdata[0], *new = licenses->pdata[1];
  cr_assert (dg_tie_has_term (old, "exclusive"));
  cr_assert_not (dg_tie_has_term (old, "nonexclusive"));
  cr_assert (dg_tie_has_term (new, "nonexclusive"));
  cr_assert_not (dg_tie_has_term (new, "exclusive"));
  cr_assert_eq (old->interval.until, 2);
  cr_assert_eq (new->interval.from, 2);
  cr_assert_eq (new->interval.until, 4);
  cr_assert_lt (old->line, new->line, "written first, so the earlier line");
}

Test (deal, values_as_written)
{
  g_autoptr (DgGraph) graph = load_deal (NULL);
  const DgTie *amazon = find_tie (graph, "investment Amazon->OpenAI");
  cr_assert (amazon->value.present);
  cr_assert_str_eq (amazon->value.text, "up to $50B");
  cr_assert_eq (amazon->value.qualifier, DG_QUALIFIER_UP_TO);
  cr_assert_float_eq (amazon->value.amount, 5e10, 1);
  cr_assert_str_eq (amazon->value.currency, "$");

  const DgTie *stake = find_tie (graph, "stake Microsoft->OpenAI");
  cr_assert_str_eq (stake->value.text, "about 27%");
  cr_assert_eq (stake->value.unit, DG_UNIT_PERCENT);
  cr_assert_eq (stake->value.qualifier, DG_QUALIFIER_ABOUT);
  cr_assert_float_eq (stake->value.amount, 27, 1e-9);

  const DgTie *ms_investment = find_tie (graph, "investment Microsoft->OpenAI");
  cr_assert_not (ms_investment->value.present, "the report gives no amount");
  cr_assert_null (ms_investment->value.text);
}

Test (deal, every_tie_quotes_its_source)
{
  g_autoptr (DgGraph) graph = load_deal (NULL);
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    {
      const DgTie *t = dg_graph_tie (graph, i);
      g_autofree char *d = tie_desc (graph, t);
      cr_assert_not_null (t->source, "tie %s has no source", d);
      cr_assert_null (t->label, "tie %s has no DOT label", d);
      cr_assert_gt (t->line, 0, "tie %s has no line", d);
    }
}

Test (deal, clusters_group_the_parties)
{
  g_autoptr (DgGraph) graph = load_deal (NULL);
  cr_assert_eq (dg_graph_n_groups (graph), 2);
  const DgGroup *ms = find_group (graph, "cluster_microsoft");
  const DgGroup *amzn = find_group (graph, "cluster_amazon");
  cr_assert_str_eq (ms->label, "Microsoft");
  cr_assert_str_eq (amzn->label, "Amazon");
  cr_assert_eq (ms->parent, -1);
  cr_assert_eq (amzn->parent, -1);
  cr_assert_eq (party (graph, "Microsoft")->group, (int) ms->index);
  cr_assert_eq (party (graph, "Azure")->group, (int) ms->index);
  cr_assert_eq (party (graph, "Amazon")->group, (int) amzn->index);
  cr_assert_eq (party (graph, "AWS Bedrock")->group, (int) amzn->index);
  cr_assert_eq (party (graph, "OpenAI")->group, -1);
  cr_assert_eq (party (graph, "Enterprises")->group, -1);
}

Test (deal, lines_point_into_the_file)
{
  g_autoptr (DgGraph) graph = load_deal (NULL);
  /* Line numbers are checked by content, so editing the comments at the top
   * of the file does not break the test. */
  g_autofree char *path = dg_test_deal_path ();
  g_autofree char *data = NULL;
  cr_assert (g_file_get_contents (path, &data, NULL, NULL));
  g_auto (GStrv) lines = g_strsplit (data, "\n", -1);
  guint n_lines = g_strv_length (lines);
  const DgStage *y2030 = dg_graph_find_stage (graph, "y2030");
  cr_assert (y2030->line > 0 && y2030->line <= n_lines);
  cr_assert (strstr (lines[y2030->line - 1], "y2030") != NULL, "line %u: %s", y2030->line,
             lines[y2030->line - 1]);
  const DgParty *bedrock = party (graph, "AWS Bedrock");
  cr_assert (strstr (lines[bedrock->line - 1], "\"AWS Bedrock\" [kind = cloud") != NULL, "line %u: %s",
             bedrock->line, lines[bedrock->line - 1]);
  const DgTie *amazon = find_tie (graph, "investment Amazon->OpenAI");
  cr_assert (strstr (lines[amazon->line - 1], "\"Amazon\" -> \"OpenAI\"") != NULL, "line %u: %s",
             amazon->line, lines[amazon->line - 1]);
  g_autoptr (GPtrArray) licenses = find_ties (graph, "license OpenAI->Microsoft");
  const DgTie *second = licenses->pdata[1];
  cr_assert (strstr (lines[second->line - 1], "nonexclusive") != NULL, "line %u: %s", second->line,
             lines[second->line - 1]);
}

/* model.h and timeline.h promise ties "in input order" (active ties, changes),
 * so tie indices must follow the order the ties are written in, not
 * cgraph's (grouped by tail node, then by head), which read_ties() once
 * kept. */
Test (deal, ties_numbered_in_file_order)
{
  g_autoptr (DgGraph) graph = load_deal (NULL);
  g_autoptr (GString) order = g_string_new (NULL);
  gboolean sorted = TRUE;
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    {
      const DgTie *t = dg_graph_tie (graph, i);
      g_string_append_printf (order, " %u", t->line);
      if (i > 0 && t->line <= dg_graph_tie (graph, i - 1)->line)
        sorted = FALSE;
    }
  cr_assert (sorted, "tie lines in index order:%s", order->str);
}

Test (structure, ties_numbered_in_file_order)
{
  g_autoptr (DgGraph) graph = load_inline ("o.gv",
                                           "digraph {\n"
                                           "  a -> c [kind = stake];\n"
                                           "  b -> a [kind = owns];\n"
                                           "  a -> b [kind = license];\n"
                                           "}\n",
                                           NULL);
  g_autofree char *t0 = tie_desc (graph, dg_graph_tie (graph, 0));
  g_autofree char *t1 = tie_desc (graph, dg_graph_tie (graph, 1));
  g_autofree char *t2 = tie_desc (graph, dg_graph_tie (graph, 2));
  g_autofree char *got = g_strjoin (", ", t0, t1, t2, NULL);
  cr_assert_str_eq (got, "stake a->c, owns b->a, license a->b", "tie order is %s", got);
}

/* ---- structure --------------------------------------------------------- */

Test (structure, static_graph_has_one_stage_all)
{
  g_autofree char *path = dg_test_data_path ("good", "static.gv");
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_file (path, NULL, NULL, &error);
  cr_assert_not_null (graph, "%s", error ? error->message : "");
  cr_assert (dg_graph_is_static (graph));
  cr_assert_eq (dg_graph_n_stages (graph), 1);
  const DgStage *all = dg_graph_stage (graph, 0);
  cr_assert_str_eq (all->id, "all");
  cr_assert_str_eq (all->safe_name, "all");
  cr_assert_null (all->date);
  cr_assert_eq (dg_graph_n_parties (graph), 4);
  cr_assert_eq (dg_graph_n_ties (graph), 4);
  for (guint i = 0; i < dg_graph_n_parties (graph); i++)
    {
      const DgParty *p = dg_graph_party (graph, i);
      cr_assert (p->interval.from == 0 && p->interval.until == 1, "party %s", p->id);
      cr_assert_null (p->kind);
    }
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    {
      const DgTie *t = dg_graph_tie (graph, i);
      cr_assert (t->interval.from == 0 && t->interval.until == 1);
    }
  cr_assert_str_eq (party (graph, "holding")->label, "Holding plc");
  cr_assert_str_eq (find_tie (graph, "(none) holding->bank")->label, "owns");
  cr_assert_null (find_tie (graph, "(none) fund->shop")->label, "a taillabel is not a label");
}

Test (structure, graph_with_timeline_is_not_static)
{
  g_autoptr (DgGraph) graph = load_inline ("one.gv", "digraph { subgraph timeline { only } a; }", NULL);
  cr_assert_not (dg_graph_is_static (graph));
  cr_assert_eq (dg_graph_n_stages (graph), 1);
  cr_assert_str_eq (dg_graph_stage (graph, 0)->id, "only");
  cr_assert_eq (dg_graph_n_parties (graph), 1, "stage nodes are not parties");
}

Test (structure, undirected_graph)
{
  g_autofree char *path = dg_test_data_path ("good", "undirected.gv");
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_file (path, NULL, NULL, &error);
  cr_assert_not_null (graph, "%s", error ? error->message : "");
  cr_assert_not (dg_graph_is_directed (graph));
  cr_assert (dg_graph_is_static (graph));
  cr_assert_eq (dg_graph_n_ties (graph), 3);
  cr_assert_str_eq (dg_graph_get_title (graph), "Research alliances");
  g_autoptr (GPtrArray) partnerships = find_ties (graph, "partnership north->south");
  cr_assert_eq (partnerships->len, 1);
  const DgTie *t = partnerships->pdata[0];
  cr_assert (dg_tie_has_term (t, "nonexclusive"));
  g_autofree char *data = NULL;
  cr_assert (g_file_get_contents (path, &data, NULL, NULL));
  g_auto (GStrv) lines = g_strsplit (data, "\n", -1);
  cr_assert (t->line > 0 && t->line <= g_strv_length (lines));
  cr_assert (strstr (lines[t->line - 1], "north -- south") != NULL, "line %u: %s", t->line,
             lines[t->line - 1]);
}

Test (structure, nested_clusters_with_parent_links)
{
  g_autofree char *path = dg_test_data_path ("good", "clusters.gv");
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_file (path, NULL, NULL, &error);
  cr_assert_not_null (graph, "%s", error ? error->message : "");
  cr_assert_eq (dg_graph_n_groups (graph), 4);
  const DgGroup *top = find_group (graph, "cluster_group");
  const DgGroup *cloud = find_group (graph, "cluster_cloud");
  const DgGroup *gpu = find_group (graph, "cluster_gpu");
  const DgGroup *apps = find_group (graph, "cluster_apps");
  cr_assert_eq (top->parent, -1);
  cr_assert_eq (cloud->parent, (int) top->index);
  cr_assert_eq (gpu->parent, (int) cloud->index);
  cr_assert_eq (apps->parent, (int) top->index);
  cr_assert_str_eq (top->label, "Group");
  cr_assert_str_eq (gpu->label, "GPU unit");
  cr_assert_eq (party (graph, "group_hq")->group, (int) top->index);
  cr_assert_eq (party (graph, "cloud")->group, (int) cloud->index);
  cr_assert_eq (party (graph, "gpu")->group, (int) gpu->index, "the innermost cluster wins");
  cr_assert_eq (party (graph, "office")->group, (int) apps->index);
  cr_assert_eq (party (graph, "buyer")->group, -1);
  for (guint i = 0; i < dg_graph_n_groups (graph); i++)
    cr_assert_eq (dg_graph_group (graph, i)->index, i);
}

Test (structure, cluster_without_label)
{
  g_autoptr (DgGraph) graph = load_inline ("c.gv", "digraph { subgraph cluster_x { a } b; subgraph plain { c } }",
                                           NULL);
  cr_assert_eq (dg_graph_n_groups (graph), 1, "only cluster_* subgraphs are groups");
  cr_assert_null (dg_graph_group (graph, 0)->label);
  cr_assert_eq (party (graph, "a")->group, 0);
  cr_assert_eq (party (graph, "c")->group, -1);
}

Test (structure, multi_edges_of_different_kinds_kept)
{
  g_autofree char *path = dg_test_data_path ("good", "multi.gv");
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_file (path, NULL, NULL, &error);
  cr_assert_not_null (graph, "%s", error ? error->message : "");
  cr_assert_eq (dg_graph_n_parties (graph), 2, "parties declared only by edges");
  cr_assert_eq (dg_graph_n_ties (graph), 5);
  g_autoptr (GPtrArray) stakes = find_ties (graph, "stake Acme->Beta");
  cr_assert_eq (stakes->len, 2);
  cr_assert_str_eq (((DgTie *) stakes->pdata[0])->value.text, "10%");
  cr_assert_str_eq (((DgTie *) stakes->pdata[1])->value.text, "18%");
}

Test (structure, terms_split_on_commas_and_spaces_lowercased)
{
  g_autoptr (DgGraph) graph = load_inline ("t.gv",
                                           "digraph { a -> b [terms = \"Exclusive, capped\"];"
                                           " a -> c [terms = \"primary  nonexclusive;ROFR\"]; a -> d; }",
                                           NULL);
  const DgTie *t1 = find_tie (graph, "(none) a->b");
  cr_assert_str_eq (t1->terms[0], "exclusive");
  cr_assert_str_eq (t1->terms[1], "capped");
  cr_assert_null (t1->terms[2]);
  cr_assert (dg_tie_has_term (t1, "EXCLUSIVE"));
  const DgTie *t2 = find_tie (graph, "(none) a->c");
  cr_assert_str_eq (t2->terms[0], "primary");
  cr_assert_str_eq (t2->terms[1], "nonexclusive");
  cr_assert_str_eq (t2->terms[2], "rofr");
  cr_assert_null (t2->terms[3]);
  const DgTie *t3 = find_tie (graph, "(none) a->d");
  cr_assert_not_null (t3->terms, "terms is never NULL");
  cr_assert_null (t3->terms[0]);
}

Test (structure, stage_ids_map_to_distinct_safe_names)
{
  g_autofree char *path = dg_test_data_path ("good", "stage-names.gv");
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_file (path, NULL, NULL, &error);
  cr_assert_not_null (graph, "%s", error ? error->message : "");
  static const char *const want[] = { "2030-q1", "stage", "tmp-owned", "uber-uns", "a-b", "rf" };
  cr_assert_eq (dg_graph_n_stages (graph), G_N_ELEMENTS (want));
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    cr_assert_str_eq (dg_graph_stage (graph, i)->safe_name, want[i], "stage %s", dg_graph_stage (graph, i)->id);
  cr_assert_eq (party (graph, "b")->interval.from, 1);
}

Test (structure, stage_dates_every_form)
{
  g_autofree char *path = dg_test_data_path ("good", "dates.gv");
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_file (path, NULL, NULL, &error);
  cr_assert_not_null (graph, "%s", error ? error->message : "");
  cr_assert_str_eq (dg_graph_stage (graph, 0)->date, "2028");
  cr_assert_str_eq (dg_graph_stage (graph, 1)->date, "2028-02");
  cr_assert_str_eq (dg_graph_stage (graph, 2)->date, "2028-02-29");
  cr_assert_null (dg_graph_stage (graph, 3)->date);
  cr_assert_str_eq (dg_graph_stage (graph, 3)->label, "Some day");
  cr_assert_str_eq (dg_graph_stage (graph, 0)->label, "y", "label falls back to the id");
}

Test (structure, utf8_ids_and_labels)
{
  g_autofree char *path = dg_test_data_path ("good", "unicode.gv");
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_file (path, NULL, NULL, &error);
  cr_assert_not_null (graph, "%s", error ? error->message : "");
  cr_assert_str_eq (party (graph, "Zürich AG")->label, "Zürich AG");
  cr_assert_str_eq (party (graph, "beijing")->label, "北京");
  cr_assert_str_eq (dg_graph_stage (graph, 1)->label, "Heute · 現在");
  cr_assert_str_eq (find_tie (graph, "investment moskva->beijing")->value.currency, "€");
}

/* ---- labels ------------------------------------------------------------ */

Test (labels, html_label_becomes_plain_text)
{
  g_autoptr (DgGraph) graph = load_inline ("h.gv",
                                           "digraph { label = <<b>Deals</b>>;"
                                           " a [label = <<b>Open</b><i>AI</i> &amp; co>];"
                                           " b [label = <<table><tr><td>Micro</td><td>soft</td></tr></table>>];"
                                           " c [label = <one<br/>two>];"
                                           " a -> b [label = <&lt;b&gt; is &quot;bold&quot;>];"
                                           " subgraph cluster_x { label = <<u>Group</u>>; c } }",
                                           NULL);
  cr_assert_str_eq (dg_graph_get_title (graph), "Deals");
  cr_assert_str_eq (party (graph, "a")->label, "OpenAI & co");
  cr_assert_str_eq (party (graph, "b")->label, "Microsoft");
  cr_assert_str_eq (party (graph, "c")->label, "one\ntwo");
  cr_assert_str_eq (find_tie (graph, "(none) a->b")->label, "<b> is \"bold\"");
  cr_assert_str_eq (dg_graph_group (graph, 0)->label, "Group");
}

Test (labels, node_name_escape_and_newlines)
{
  g_autoptr (DgGraph) graph = load_inline ("n.gv",
                                           "digraph { acme [label = \"\\N Corp\"];"
                                           " two [label = \"first\\nsecond\"];"
                                           " left [label = \"a\\lb\\l\"];"
                                           " plain;"
                                           " acme -> two [label = \"line1\\nline2\"]; }",
                                           NULL);
  cr_assert_str_eq (party (graph, "acme")->label, "acme Corp");
  cr_assert_str_eq (party (graph, "two")->label, "first\nsecond");
  cr_assert_str_eq (party (graph, "left")->label, "a\nb", "trailing line breaks dropped");
  cr_assert_str_eq (party (graph, "plain")->label, "plain", "no label: the id");
  cr_assert_str_eq (find_tie (graph, "(none) acme->two")->label, "line1\nline2");
}

Test (labels, default_node_label_is_the_id)
{
  /* Graphviz's own default label is "\N"; an explicit one must still be the id. */
  g_autoptr (DgGraph) graph = load_inline ("d.gv", "digraph { node [label = \"\\N\"]; x -> y; }", NULL);
  cr_assert_str_eq (party (graph, "x")->label, "x");
  cr_assert_str_eq (party (graph, "y")->label, "y");
}

/* ---- line numbers ------------------------------------------------------ */

static const char lines_dot[] =
  "digraph lines {\n"               /* 1 */
  "  subgraph timeline {\n"         /* 2 */
  "    s1 [label = \"One\"];\n"     /* 3 */
  "    s2;\n"                       /* 4 */
  "    s1 -> s2;\n"                 /* 5 */
  "  }\n"                           /* 6 */
  "  a [kind = company];\n"         /* 7 */
  "\n"                              /* 8 */
  "  b [kind = lab,\n"              /* 9 */
  "     label = \"Bee\"];\n"        /* 10 */
  "  a -> b [kind = stake];\n"      /* 11 */
  "  a -> b\n"                      /* 12 */
  "    [kind = license];\n"         /* 13 */
  "  /* a comment\n"                /* 14 */
  "     over two lines */\n"        /* 15 */
  "  b -> c [kind = channel];\n"    /* 16 */
  "  c -> d -> e;\n"                /* 17 */
  "}\n";

Test (lines, stages_parties_and_ties)
{
  g_autoptr (DgGraph) graph = load_inline ("lines.gv", lines_dot, NULL);
  cr_assert_eq (dg_graph_find_stage (graph, "s1")->line, 3);
  cr_assert_eq (dg_graph_find_stage (graph, "s2")->line, 4);
  cr_assert_eq (party (graph, "a")->line, 7);
  cr_assert_eq (party (graph, "b")->line, 9);
  cr_assert_eq (party (graph, "c")->line, 16);
  cr_assert_eq (party (graph, "e")->line, 17);
  cr_assert_eq (find_tie (graph, "stake a->b")->line, 11);
  cr_assert_eq (find_tie (graph, "license a->b")->line, 12);
  cr_assert_eq (find_tie (graph, "channel b->c")->line, 16);
  cr_assert_eq (find_tie (graph, "(none) c->d")->line, 17);
  cr_assert_eq (find_tie (graph, "(none) d->e")->line, 17);
}

Test (lines, error_names_the_line_of_the_element)
{
  g_autoptr (GPtrArray) diags = dg_diagnostics_new ();
  g_autoptr (GError) error = load_inline_fails ("e.gv",
                                                "digraph {\n"
                                                "  subgraph timeline { s1 -> s2 }\n"
                                                "  a; b;\n"
                                                "  a -> b [kind = stake];\n"
                                                "  a -> b [kind = stake,\n"
                                                "          value = \"lots\"];\n"
                                                "}\n",
                                                NULL, diags, DG_ERROR_INVALID);
  const DgDiagnostic *d = first_error (diags);
  cr_assert_not_null (d);
  cr_assert_eq (d->line, 5, "the second a->b starts on line 5: %s", d->message);
  cr_assert_str_eq (d->file, "e.gv");
  cr_assert (g_str_has_prefix (error->message, "e.gv:5: "), "message: %s", error->message);
  cr_assert (strstr (d->message, "tie \"a\" -> \"b\"") != NULL, "names the tie: %s", d->message);
}

/* An edge written with ports ("a:n -> b") is still found on its line:
 * scan_source() indexes it by its nodes a->b, not by the port "n" before
 * "->" (which gave the tie line 0). */
Test (lines, tie_with_ports)
{
  g_autoptr (DgGraph) graph = load_inline ("p.gv",
                                           "digraph {\n"
                                           "  a; b;\n"
                                           "  a:n -> b:s [kind = stake];\n"
                                           "}\n",
                                           NULL);
  cr_assert_eq (find_tie (graph, "stake a->b")->line, 3,
                "a tie written with ports gets line %u", find_tie (graph, "stake a->b")->line);
}

/* ---- diagnostics and messages ------------------------------------------ */

Test (diagnostics, to_string_formats)
{
  DgDiagnostic d = { DG_SEVERITY_ERROR, (char *) "f.gv", 12, (char *) "party \"a\": bad" };
  g_autofree char *s = dg_diagnostic_to_string (&d);
  cr_assert_str_eq (s, "f.gv:12: error: party \"a\": bad");
  DgDiagnostic w = { DG_SEVERITY_WARNING, (char *) "f.gv", 0, (char *) "odd" };
  g_autofree char *t = dg_diagnostic_to_string (&w);
  cr_assert_str_eq (t, "f.gv: warning: odd");
}

Test (diagnostics, warnings_do_not_fail_the_load)
{
  g_autoptr (GPtrArray) diags = dg_diagnostics_new ();
  g_autoptr (DgGraph) graph = load_inline ("w.gv", "digraph {\n  a [kind = bank];\n  a -> b [kind = loan];\n}\n",
                                           diags);
  cr_assert_eq (diags->len, 2);
  const DgDiagnostic *party_warning = diags->pdata[0], *tie_warning = diags->pdata[1];
  cr_assert_eq (party_warning->severity, DG_SEVERITY_WARNING);
  cr_assert (strstr (party_warning->message, "unknown party kind") != NULL, "%s", party_warning->message);
  cr_assert_eq (party_warning->line, 2);
  cr_assert_eq (tie_warning->severity, DG_SEVERITY_WARNING);
  cr_assert (strstr (tie_warning->message, "unknown tie kind") != NULL, "%s", tie_warning->message);
  cr_assert_eq (tie_warning->line, 3);
}

Test (diagnostics, every_error_is_reported_and_counted)
{
  g_autoptr (GPtrArray) diags = dg_diagnostics_new ();
  g_autoptr (GError) error = load_inline_fails ("m.gv",
                                                "digraph {\n"
                                                "  a -> b [value = \"lots\"];\n"
                                                "  a -> c [value = \"-5\"];\n"
                                                "  a -> d [value = \"200%\"];\n"
                                                "}\n",
                                                NULL, diags, DG_ERROR_INVALID);
  cr_assert_eq (diags->len, 3);
  cr_assert (strstr (error->message, "and 2 more") != NULL, "message: %s", error->message);
  cr_assert (strstr (error->message, "is not a number") != NULL, "the first error leads: %s", error->message);
}

Test (diagnostics, null_diagnostics_array_is_allowed)
{
  g_autoptr (GError) error = load_inline_fails ("n.gv", "digraph { a -> b [value = \"lots\"] }", NULL, NULL,
                                                DG_ERROR_INVALID);
  cr_assert (strstr (error->message, "is not a number") != NULL);
}

Test (diagnostics, syntax_and_contract_errors_have_their_codes)
{
  g_autoptr (GError) syntax = load_inline_fails ("s.gv", "digraph { a -> }", NULL, NULL, DG_ERROR_SYNTAX);
  g_autoptr (GError) invalid = load_inline_fails ("i.gv", "digraph { a [from = nowhere] }", NULL, NULL,
                                                  DG_ERROR_INVALID);
  cr_assert (strstr (invalid->message, "unknown stage") != NULL, "%s", invalid->message);
}

Test (diagnostics, zero_byte_input_is_empty)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_data ("zero.gv", "", 0, NULL, NULL, &error);
  cr_assert_null (graph);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_SYNTAX), "%s", error ? error->message : "");
  cr_assert (strstr (error->message, "empty") != NULL, "%s", error->message);
}

Test (diagnostics, zero_byte_file_is_empty)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-load-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "zero.gv", NULL);
  cr_assert (g_file_set_contents (path, "", 0, NULL));
  g_autoptr (DgGraph) graph = dg_graph_load_file (path, NULL, NULL, &error);
  g_unlink (path);
  g_rmdir (dir);
  cr_assert_null (graph);
  cr_assert_not_null (error);
  cr_assert (strstr (error->message, "empty") != NULL, "%s", error->message);
}

/* `# 9000 "/etc/shadow"` would make cgraph report another file and line. */
Test (diagnostics, line_directive_does_not_rename_the_file)
{
  g_autoptr (GPtrArray) diags = dg_diagnostics_new ();
  g_autoptr (GError) error = load_inline_fails ("real.gv",
                                                "digraph {\n"
                                                "# 9000 \"/etc/shadow\"\n"
                                                "  a -> ;\n"
                                                "}\n",
                                                NULL, diags, DG_ERROR_SYNTAX);
  cr_assert_null (strstr (error->message, "/etc/shadow"), "%s", error->message);
  cr_assert_null (strstr (error->message, "9000"), "%s", error->message);
  cr_assert (g_str_has_prefix (error->message, "real.gv:3: "), "%s", error->message);
  const DgDiagnostic *d = first_error (diags);
  cr_assert_str_eq (d->file, "real.gv");
  cr_assert_eq (d->line, 3);
}

/* Text from the input must not reach a terminal raw: no bidi overrides, no
 * control characters in any message. */
static void
assert_message_is_clean (const char *what, const char *message)
{
  for (const char *p = message; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      cr_assert (!(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || (c >= 0x202a && c <= 0x202e)
                   || (c >= 0x2066 && c <= 0x2069)),
                 "%s: raw U+%04X in message: %s", what, c, message);
    }
}

static void
assert_all_messages_clean (const GError *error, GPtrArray *diags)
{
  cr_assert (g_utf8_validate (error->message, -1, NULL));
  assert_message_is_clean ("GError", error->message);
  for (guint i = 0; i < diags->len; i++)
    {
      const DgDiagnostic *d = diags->pdata[i];
      cr_assert (g_utf8_validate (d->message, -1, NULL));
      assert_message_is_clean ("diagnostic", d->message);
    }
}

Test (escaping, bidi_override_in_a_value_is_escaped)
{
  g_autoptr (GPtrArray) diags = dg_diagnostics_new ();
  g_autoptr (GError) error = load_inline_fails ("v.gv", "digraph { a -> b [value = \"\xe2\x80\xae" "5$\"] }",
                                                NULL, diags, DG_ERROR_INVALID);
  assert_all_messages_clean (error, diags);
  cr_assert (strstr (error->message, "\\u202e") != NULL, "shown escaped: %s", error->message);
}

/* Party and stage ids in messages ("party \"%s\"", "stage \"%s\"",
 * timeline and "is a stage" errors) are escaped like everything else a
 * message carries from the input: load.c's report() passes every message
 * through dg_escape_terminal(), so a bidi override is shown escaped. */
Test (escaping, bidi_override_in_a_party_id_is_escaped)
{
  g_autoptr (GPtrArray) diags = dg_diagnostics_new ();
  g_autoptr (GError) error = load_inline_fails ("p.gv",
                                                "digraph { subgraph timeline { s1 -> s2 }"
                                                " \"evil\xe2\x80\xae" "gnp.exe\" [from = nowhere] }",
                                                NULL, diags, DG_ERROR_INVALID);
  cr_assert (strstr (error->message, "unknown stage") != NULL, "%s", error->message);
  assert_all_messages_clean (error, diags);
}

/* As above: no ANSI escape in a party id reaches the terminal. */
Test (escaping, control_character_in_a_party_id_is_escaped)
{
  g_autoptr (GPtrArray) diags = dg_diagnostics_new ();
  g_autoptr (GError) error = load_inline_fails ("c.gv",
                                                "digraph { subgraph timeline { s1 -> s2 }"
                                                " \"a\x1b[2Jb\" [from = nowhere] }",
                                                NULL, diags, DG_ERROR_INVALID);
  assert_all_messages_clean (error, diags);
}

/* As above, for stage ids. */
Test (escaping, bidi_override_in_a_stage_id_is_escaped)
{
  g_autoptr (GPtrArray) diags = dg_diagnostics_new ();
  g_autoptr (GError) error = load_inline_fails ("s.gv",
                                                "digraph { subgraph timeline {"
                                                " \"s\xe2\x80\xae" "1\" [date = \"soon\"] } a; }",
                                                NULL, diags, DG_ERROR_INVALID);
  cr_assert (strstr (error->message, "date") != NULL, "%s", error->message);
  assert_all_messages_clean (error, diags);
}

Test (escaping, bidi_override_in_a_tie_endpoint_is_escaped)
{
  g_autoptr (GPtrArray) diags = dg_diagnostics_new ();
  g_autoptr (GError) error = load_inline_fails ("t.gv",
                                                "digraph { \"x\xe2\x80\xae" "y\" -> b [value = \"lots\"] }",
                                                NULL, diags, DG_ERROR_INVALID);
  assert_all_messages_clean (error, diags);
}

Test (escaping, raw_bytes_in_a_syntax_error_are_escaped)
{
  g_autoptr (GPtrArray) diags = dg_diagnostics_new ();
  g_autoptr (GError) error = load_inline_fails ("r.gv", "digraph { a -> \xe2\x80\xae\x1b ; }", NULL, diags,
                                                DG_ERROR_SYNTAX);
  assert_all_messages_clean (error, diags);
}

/* ---- layout attributes ------------------------------------------------- */

Test (layout_attrs, rankdir_is_kept)
{
  g_autoptr (DgGraph) graph = load_inline ("lr.gv", "digraph { rankdir = LR; nodesep = 0.5; a -> b }", NULL);
  cr_assert_str_eq (dg_graph_get_layout_attr (graph, "rankdir"), "LR");
  cr_assert_str_eq (dg_graph_get_layout_attr (graph, "nodesep"), "0.5");
  cr_assert_null (dg_graph_get_layout_attr (graph, "ranksep"), "unset attributes are NULL");
}

Test (layout_attrs, other_rankdirs_are_read_as_graphviz_reads_them)
{
  /* Graphviz reads any other rankdir ("TD", a common spelling) as TB. */
  static const char *const cases[] = { "digraph { rankdir = TD; a -> b }", "digraph { rankdir = XX; a -> b }",
                                       "digraph { rankdir = \"LR\\\"; splines=ortho; x=\\\"\"; a -> b }" };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) diags = dg_diagnostics_new ();
      g_autoptr (DgGraph) graph = load_inline ("td.gv", cases[i], diags);
      cr_assert_str_eq (dg_graph_get_layout_attr (graph, "rankdir"), "TB");
      cr_assert_eq (diags->len, 1, "one warning says so");
      g_autofree char *line = dg_diagnostic_to_string (diags->pdata[0]);
      cr_assert (strstr (line, "rankdir") != NULL && strstr (line, "read as TB") != NULL, "%s", line);
    }
}

/* ---- encodings and sizes files from the wild have ---------------------- */

Test (wild_files, a_utf8_byte_order_mark_is_skipped)
{
  static const char text[] = "\xEF\xBB\xBF" "digraph { \"Caf\xC3\xA9\" -> b }";
  g_autoptr (DgGraph) graph = load_inline ("bom.gv", text, NULL);
  cr_assert_not_null (dg_graph_find_party (graph, "Caf\xC3\xA9"));
}

Test (wild_files, utf16_with_a_byte_order_mark_is_converted)
{
  const char *utf8 = "digraph {\n  \"Caf\xC3\xA9\" -> b\n}\n";
  gsize len = 0;
  g_autofree char *utf16 = g_convert (utf8, -1, "UTF-16LE", "UTF-8", NULL, &len, NULL);
  cr_assert_not_null (utf16);
  g_autofree char *data = g_malloc (len + 2);
  data[0] = (char) 0xFF;
  data[1] = (char) 0xFE;
  memcpy (data + 2, utf16, len);
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_data ("u16.gv", data, len + 2, NULL, NULL, &error);
  cr_assert_not_null (graph, "%s", error ? error->message : "");
  cr_assert_not_null (dg_graph_find_party (graph, "Caf\xC3\xA9"));
  cr_assert_eq (dg_graph_party (graph, 0)->line, 2, "lines count as in the file");
}

Test (wild_files, charset_latin1_is_converted)
{
  /* "Café" in Latin-1 is not UTF-8. */
  static const char text[] = "digraph { charset=latin1; \"Caf\xE9\" -> b }";
  g_autoptr (GPtrArray) diags = dg_diagnostics_new ();
  g_autoptr (DgGraph) graph = load_inline ("l1.gv", text, diags);
  cr_assert_not_null (dg_graph_find_party (graph, "Caf\xC3\xA9"));
  cr_assert_eq (diags->len, 0, "charset is understood, not an ignored attribute");
  /* Without the declaration it stays an error: dealgraph does not guess. */
  g_autoptr (GError) error = load_inline_fails ("nol1.gv", "digraph { \"Caf\xE9\" -> b }", NULL, NULL,
                                                DG_ERROR_SYNTAX);
  cr_assert (strstr (error->message, "UTF-8") != NULL, "%s", error->message);
}

Test (wild_files, labels_of_tens_of_kib_load_by_default)
{
  GString *dot = g_string_new ("digraph { a [label=<<TABLE>");
  for (int i = 0; i < 1400; i++)
    g_string_append_printf (dot, "<TR><TD>row %d of a long table</TD></TR>", i);
  g_string_append (dot, "</TABLE>>]; a -> b }");
  cr_assert (dot->len > 40 * 1024, "%" G_GSIZE_FORMAT, dot->len);
  g_autoptr (DgGraph) graph = load_inline ("big-label.gv", dot->str, NULL);
  cr_assert_not_null (dg_graph_find_party (graph, "a"));
  g_string_free (dot, TRUE);
}

Test (layout_attrs, unknown_attributes_are_ignored)
{
  g_autoptr (GPtrArray) diags = dg_diagnostics_new ();
  g_autoptr (DgGraph) graph = load_inline ("u.gv",
                                           "digraph { ratio = fill; size = \"7,7\"; frobnicate = yes;"
                                           " layout = neato; a -> b }",
                                           diags);
  /* Each is named once in a warning: the figure's ratio is -w's, the engine
   * -K's, and frobnicate means nothing; size is honoured. */
  cr_assert_eq (diags->len, 3);
  GString *all = g_string_new (NULL);
  for (guint i = 0; i < diags->len; i++)
    {
      g_autofree char *line = dg_diagnostic_to_string (diags->pdata[i]);
      g_string_append_printf (all, "%s\n", line);
    }
  static const char *const named[] = { "ratio", "frobnicate", "layout" };
  for (gsize i = 0; i < G_N_ELEMENTS (named); i++)
    {
      g_autofree char *needle = g_strdup_printf ("attribute %s is ignored", named[i]);
      cr_assert (strstr (all->str, needle) != NULL, "%s", all->str);
    }
  g_string_free (all, TRUE);
  cr_assert_null (dg_attrs_get (dg_graph_get_attrs (graph), "ratio"));
  cr_assert_str_eq (dg_attrs_get (dg_graph_get_attrs (graph), "size"), "7,7");
  cr_assert_null (dg_graph_get_layout_attr (graph, "ratio"));
  cr_assert_null (dg_graph_get_layout_attr (graph, "size"));
  cr_assert_null (dg_graph_get_layout_attr (graph, "frobnicate"));
  cr_assert_null (dg_graph_get_layout_attr (graph, "layout"));
}

/* ---- limits ------------------------------------------------------------ */

static const char three_parties[] = "digraph { a -> b; b -> c; }";

Test (limits, parties_at_the_limit_load)
{
  DgLoadOptions options = DG_LOAD_OPTIONS_INIT;
  options.max_parties = 3;
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_data ("p.gv", three_parties, strlen (three_parties), &options,
                                                  NULL, &error);
  cr_assert_not_null (graph, "%s", error ? error->message : "");
}

/* max_parties counts parties, not cgraph's nodes: stage nodes do not raise
 * it (a check of agnnodes > max_parties + max_stages let up to 1000 parties
 * more than the limit load). */
Test (limits, too_many_parties)
{
  DgLoadOptions options = DG_LOAD_OPTIONS_INIT;
  options.max_parties = 2;
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_data ("p.gv", three_parties, strlen (three_parties), &options,
                                                  NULL, &error);
  cr_assert_null (graph, "3 parties loaded with max_parties = 2");
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_LIMIT), "%s", error->message);
}

/* The same for max_ties: the timeline's edges do not raise it. */
Test (limits, too_many_ties)
{
  DgLoadOptions options = DG_LOAD_OPTIONS_INIT;
  options.max_ties = 1;
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_data ("t.gv", three_parties, strlen (three_parties), &options,
                                                  NULL, &error);
  cr_assert_null (graph, "2 ties loaded with max_ties = 1");
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_LIMIT), "%s", error->message);
}

Test (limits, too_many_stages)
{
  DgLoadOptions options = DG_LOAD_OPTIONS_INIT;
  options.max_stages = 2;
  static const char dot[] = "digraph { subgraph timeline { s1 -> s2 -> s3 } a; }";
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_data ("s.gv", dot, strlen (dot), &options, NULL, &error);
  cr_assert_null (graph);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_LIMIT), "%s", error->message);
  cr_assert (strstr (error->message, "stages") != NULL, "%s", error->message);
}

Test (limits, label_too_long)
{
  DgLoadOptions options = DG_LOAD_OPTIONS_INIT;
  options.max_label_bytes = 16;
  static const char ok_dot[] = "digraph { a [label = \"0123456789abcdef\"] }";     /* 16 bytes */
  static const char long_dot[] = "digraph { a [label = \"0123456789abcdefg\"] }"; /* 17 bytes */
  g_autoptr (GError) ok_error = NULL;
  g_autoptr (DgGraph) ok = dg_graph_load_data ("l.gv", ok_dot, strlen (ok_dot), &options, NULL, &ok_error);
  cr_assert_not_null (ok, "a label of exactly the limit loads: %s", ok_error ? ok_error->message : "");
  g_autoptr (GError) error = load_inline_fails ("l.gv", long_dot, &options, NULL, DG_ERROR_LIMIT);
  cr_assert (strstr (error->message, "label is longer than") != NULL, "%s", error->message);
}

Test (limits, html_label_too_long)
{
  DgLoadOptions options = DG_LOAD_OPTIONS_INIT;
  options.max_label_bytes = 16;
  g_autoptr (GError) error = load_inline_fails ("h.gv", "digraph { a [label = <<b>0123456789abcdefghij</b>>] }",
                                                &options, NULL, DG_ERROR_LIMIT);
  cr_assert (strstr (error->message, "label is longer than") != NULL, "%s", error->message);
}

Test (limits, input_too_large_in_memory)
{
  DgLoadOptions options = DG_LOAD_OPTIONS_INIT;
  options.max_input_bytes = 10;
  g_autoptr (GError) error = load_inline_fails ("big.gv", three_parties, &options, NULL, DG_ERROR_LIMIT);
  cr_assert (strstr (error->message, "big.gv") != NULL, "%s", error->message);
}

Test (limits, input_too_large_on_disk)
{
  DgLoadOptions options = DG_LOAD_OPTIONS_INIT;
  options.max_input_bytes = 10;
  g_autofree char *dir = g_dir_make_tmp ("dg-load-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.gv", NULL);
  cr_assert (g_file_set_contents (path, three_parties, -1, NULL));
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_file (path, &options, NULL, &error);
  g_unlink (path);
  g_rmdir (dir);
  cr_assert_null (graph);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_LIMIT), "%s", error ? error->message : "");
}

Test (limits, zero_options_mean_defaults)
{
  DgLoadOptions options = { DG_LOAD_OPTIONS_VERSION, 0, 0, 0, 0, 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_data ("z.gv", three_parties, strlen (three_parties), &options,
                                                  NULL, &error);
  cr_assert_not_null (graph, "%s", error ? error->message : "");
}

/* ---- opening files ----------------------------------------------------- */

Test (open, missing_file)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_file ("/nonexistent/dir/nothing.gv", NULL, NULL, &error);
  cr_assert_null (graph);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_OPEN), "%s", error ? error->message : "");
  cr_assert (strstr (error->message, "/nonexistent/dir/nothing.gv") != NULL, "%s", error->message);
}

Test (open, directory)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_file (test_data (), NULL, NULL, &error);
  cr_assert_null (graph);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_OPEN), "%s", error ? error->message : "");
}

Test (open, name_comes_from_the_path)
{
  g_autoptr (DgGraph) graph = load_inline ("/a/b/deal.v2.gv", "digraph { a }", NULL);
  cr_assert_str_eq (dg_graph_get_path (graph), "/a/b/deal.v2.gv");
  cr_assert_str_eq (dg_graph_get_name (graph), "deal.v2");
}

/* ---- exit statuses ----------------------------------------------------- */

Test (exit_status, maps_each_code_to_sysexits)
{
  static const struct {
    DgError code;
    int status;
  } map[] = {
    { DG_ERROR_USAGE, 64 },  { DG_ERROR_SYNTAX, 65 }, { DG_ERROR_INVALID, 65 },
    { DG_ERROR_LIMIT, 65 },  { DG_ERROR_OPEN, 66 },   { DG_ERROR_THEME, 78 },
    { DG_ERROR_LAYOUT, 70 }, { DG_ERROR_RENDER, 70 }, { DG_ERROR_WRITE, 73 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (map); i++)
    {
      g_autoptr (GError) error = g_error_new_literal (DEALGRAPH_ERROR, (int) map[i].code, "x");
      cr_assert_eq (dg_error_exit_status (error), map[i].status, "code %d", map[i].code);
    }
  g_autoptr (GError) foreign = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_NOENT, "x");
  cr_assert_eq (dg_error_exit_status (foreign), 70, "a foreign domain is a software error");
}

Test (wild_files, noncharacters_are_replaced_so_every_format_renders)
{
  /* U+FFFF, U+FDD0 and U+10FFFF are valid UTF-8 that cairo's PDF writer
   * refuses: check passed them, then the PDF failed (exit 70). */
  static const char text[] = "digraph {\n  a [label=\"x \xEF\xBF\xBF y \xEF\xB7\x90 z \xF4\x8F\xBF\xBF\"];\n  a -> b\n}\n";
  g_autoptr (GPtrArray) diags = dg_diagnostics_new ();
  g_autoptr (DgGraph) graph = load_inline ("nonchar.gv", text, diags);
  cr_assert_eq (diags->len, 1, "one warning");
  g_autofree char *line = dg_diagnostic_to_string (diags->pdata[0]);
  cr_assert (strstr (line, "nonchar.gv:2:") != NULL && strstr (line, "U+FFFF") != NULL, "%s", line);
  cr_assert_str_eq (dg_graph_find_party (graph, "a")->label, "x \xEF\xBF\xBD y \xEF\xBF\xBD z \xEF\xBF\xBD");
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, 0, NULL);
  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  for (int f = DG_FORMAT_SVG; f <= DG_FORMAT_PDF; f++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) bytes = dg_render_scene (scene, (DgFormat) f, &options, &error);
      cr_assert_not_null (bytes, "%s: %s", dg_format_extension ((DgFormat) f), error ? error->message : "");
    }
}

Test (wild_files, merged_edges_are_named)
{
  /* Both used to merge ties without a word. */
  g_autoptr (GPtrArray) strict_diags = dg_diagnostics_new ();
  g_autoptr (DgGraph) strict = load_inline ("strict.gv", "strict digraph {\n a -> b\n a -> b [label=x]\n}\n",
                                            strict_diags);
  cr_assert_eq (dg_graph_n_ties (strict), 1);
  cr_assert_eq (strict_diags->len, 1);
  g_autofree char *s1 = dg_diagnostic_to_string (strict_diags->pdata[0]);
  cr_assert (strstr (s1, "strict.gv:2:") != NULL && strstr (s1, "lines 2, 3") != NULL && strstr (s1, "strict") != NULL,
             "%s", s1);
  g_autoptr (GPtrArray) key_diags = dg_diagnostics_new ();
  g_autoptr (DgGraph) keyed = load_inline ("key.gv", "digraph {\n a -> b [key=k]\n a -> b [key=k]\n a -> b\n}\n",
                                           key_diags);
  cr_assert_eq (dg_graph_n_ties (keyed), 2);
  cr_assert_eq (key_diags->len, 1);
  g_autofree char *s2 = dg_diagnostic_to_string (key_diags->pdata[0]);
  cr_assert (strstr (s2, "3 edge statements") != NULL && strstr (s2, "make 2 ties") != NULL && strstr (s2, "key=") != NULL,
             "%s", s2);
  /* Parallel ties without keys are ties, and no warning. */
  g_autoptr (GPtrArray) plain_diags = dg_diagnostics_new ();
  g_autoptr (DgGraph) plain = load_inline ("multi.gv", "digraph {\n a -> b\n a -> b\n b -> a\n}\n", plain_diags);
  cr_assert_eq (dg_graph_n_ties (plain), 3);
  cr_assert_eq (plain_diags->len, 0);
}

/* Diagnostics about the graph's own attributes and about edges to
 * subgraphs carry the line they come from (they had none). */
Test (lines, graph_attributes_and_edges_to_subgraphs_have_lines)
{
  g_autoptr (GPtrArray) diags = dg_diagnostics_new ();
  g_autoptr (DgGraph) g = load_inline ("attrs.gv",
                                       "digraph {\n  a -> b;\n  rankdir = TD;\n  graph [size = \"abc\"];\n"
                                       "  subgraph cluster_x { label = \"fine\"; c; }\n}\n", diags);
  cr_assert_not_null (g);
  cr_assert_eq (diags->len, 2);
  g_autofree char *rankdir = dg_diagnostic_to_string (diags->pdata[0]);
  g_autofree char *size = dg_diagnostic_to_string (diags->pdata[1]);
  cr_assert (strstr (rankdir, "attrs.gv:3:") != NULL && strstr (rankdir, "rankdir") != NULL, "%s", rankdir);
  cr_assert (strstr (size, "attrs.gv:4:") != NULL && strstr (size, "size") != NULL, "%s", size);

  /* An edge to a subgraph joins its every node: no bogus "merged" warning
   * about a party called "subgraph", and its ties' errors name the line. */
  g_autoptr (GPtrArray) sub_diags = dg_diagnostics_new ();
  static const char sub_text[] = "digraph {\n  subgraph timeline { s1 -> s2; }\n  a [kind = company];\n\n"
                                 "  a -> subgraph cluster_y { d; e; } [kind = stake, from = s9];\n"
                                 "  { f g } -> a [kind = stake];\n}\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) sub = dg_graph_load_data ("sub.gv", sub_text, sizeof sub_text - 1, NULL, sub_diags, &error);
  cr_assert_null (sub);
  cr_assert_eq (sub_diags->len, 2, "%u diagnostics", sub_diags->len);
  for (guint i = 0; i < sub_diags->len; i++)
    {
      g_autofree char *text = dg_diagnostic_to_string (sub_diags->pdata[i]);
      cr_assert (strstr (text, "sub.gv:5: error: tie \"a\" -> \"") != NULL && strstr (text, "s9") != NULL, "%s", text);
    }
}
