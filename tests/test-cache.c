/* test-cache.c — the layout cache: exact round trips, stale and foreign files refused, theme paths for depfiles. */
#include <criterion/criterion.h>
#include <string.h>

#include "dealgraph.h"
#include "dg-test.h"

/* ------------------------------------------------------------------------ */
/* Helpers */

static GBytes *
save (const DgLayout *layout, const DgGraph *graph, const DgTheme *theme)
{
  g_autoptr (GError) error = NULL;
  GBytes *bytes = NULL;
  cr_assert (dg_layout_save (layout, graph, theme, &bytes, &error), "save: %s",
             error != NULL ? error->message : "?");
  cr_assert_not_null (bytes);
  return bytes;
}

static void
write_file (const char *path, const char *text, gssize len)
{
  g_autoptr (GError) error = NULL;
  cr_assert (g_file_set_contents (path, text, len, &error), "%s: %s", path, error != NULL ? error->message : "?");
}

/* A copy of @src in @dir, named @name; returns its path. */
static char *
copy_file (const char *src, const char *dir, const char *name)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  cr_assert (g_file_get_contents (src, &text, &len, NULL), "cannot read %s", src);
  char *dst = g_build_filename (dir, name, NULL);
  write_file (dst, text, (gssize) len);
  return dst;
}

static gboolean
same_double (double a, double b)
{
  return memcmp (&a, &b, sizeof a) == 0;
}

static gboolean
same_point (DgPoint a, DgPoint b)
{
  return same_double (a.x, b.x) && same_double (a.y, b.y);
}

/* Every field the scene reads is equal to the bit. */
static void
assert_same_layout (const DgGraph *graph, const DgLayout *a, const DgLayout *b, const char *what)
{
  cr_assert_str_eq (dg_layout_get_engine (a), dg_layout_get_engine (b), "%s: engine", what);
  cr_assert_eq (dg_layout_get_mode (a), dg_layout_get_mode (b), "%s: mode", what);
  const char *const *wa = dg_layout_get_warnings (a), *const *wb = dg_layout_get_warnings (b);
  cr_assert_eq (g_strv_length ((char **) wa), g_strv_length ((char **) wb), "%s: warnings", what);
  for (guint i = 0; wa[i] != NULL; i++)
    cr_assert_str_eq (wa[i], wb[i]);
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      const DgGeometry *x = dg_layout_stage_geometry (a, s), *y = dg_layout_stage_geometry (b, s);
      cr_assert (same_double (x->bbox.x0, y->bbox.x0) && same_double (x->bbox.y0, y->bbox.y0)
                     && same_double (x->bbox.x1, y->bbox.x1) && same_double (x->bbox.y1, y->bbox.y1),
                 "%s stage %u: bbox", what, s);
      cr_assert_eq (x->n_parties, y->n_parties);
      cr_assert_eq (x->n_ties, y->n_ties);
      cr_assert_eq (x->n_groups, y->n_groups);
      for (guint i = 0; i < x->n_parties; i++)
        {
          const DgPartyGeometry *p = &x->parties[i], *q = &y->parties[i];
          cr_assert_eq (p->placed, q->placed, "%s stage %u party %u: placed", what, s, i);
          if (p->placed)
            cr_assert (same_point (p->center, q->center) && same_double (p->width, q->width)
                           && same_double (p->height, q->height),
                       "%s stage %u party %u: moved", what, s, i);
        }
      for (guint i = 0; i < x->n_ties; i++)
        {
          const DgTieGeometry *p = &x->ties[i], *q = &y->ties[i];
          cr_assert_eq (p->placed, q->placed, "%s stage %u tie %u: placed", what, s, i);
          if (!p->placed)
            continue;
          cr_assert_eq (p->n_points, q->n_points, "%s stage %u tie %u: points", what, s, i);
          for (guint k = 0; k < p->n_points; k++)
            cr_assert (same_point (p->points[k], q->points[k]), "%s stage %u tie %u point %u", what, s, i, k);
          cr_assert_eq (p->has_start_arrow, q->has_start_arrow);
          cr_assert_eq (p->has_end_arrow, q->has_end_arrow);
          cr_assert_eq (p->has_label, q->has_label);
          if (p->has_start_arrow)
            cr_assert (same_point (p->start_tip, q->start_tip), "%s stage %u tie %u: start tip", what, s, i);
          if (p->has_end_arrow)
            cr_assert (same_point (p->end_tip, q->end_tip), "%s stage %u tie %u: end tip", what, s, i);
          if (p->has_label)
            cr_assert (same_point (p->label_center, q->label_center) && same_double (p->label_width, q->label_width)
                           && same_double (p->label_height, q->label_height),
                       "%s stage %u tie %u: label", what, s, i);
        }
      for (guint i = 0; i < x->n_groups; i++)
        {
          const DgGroupGeometry *p = &x->groups[i], *q = &y->groups[i];
          cr_assert_eq (p->placed, q->placed, "%s stage %u group %u: placed", what, s, i);
          if (!p->placed)
            continue;
          cr_assert (same_double (p->box.x0, q->box.x0) && same_double (p->box.y0, q->box.y0)
                         && same_double (p->box.x1, q->box.x1) && same_double (p->box.y1, q->box.y1),
                     "%s stage %u group %u: box", what, s, i);
          cr_assert_eq (p->has_label, q->has_label);
          if (p->has_label)
            cr_assert (same_point (p->label_center, q->label_center), "%s stage %u group %u: label", what, s, i);
        }
    }
}

/* Saves a layout of @graph_path, writes it to a file and loads it back. */
static void
check_round_trip (const char *graph_path, const char *engine, DgLayoutMode mode)
{
  g_autoptr (DgGraph) graph = dg_test_load_file (graph_path);
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, engine, mode);
  g_autoptr (GBytes) bytes = save (layout, graph, theme);
  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("cache");
  g_autofree char *path = g_build_filename (dir.path, "layout.json", NULL);
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  write_file (path, data, (gssize) len);

  g_autoptr (GError) error = NULL;
  g_autoptr (DgLayout) loaded = dg_layout_load (path, graph, theme, &error);
  cr_assert_not_null (loaded, "load %s: %s", path, error != NULL ? error->message : "?");
  g_autofree char *what = g_strdup_printf ("%s %s mode %d", graph_path, engine, mode);
  assert_same_layout (graph, layout, loaded, what);

  /* Saving what was loaded gives the same bytes: nothing is lost. */
  g_autoptr (GBytes) again = save (loaded, graph, theme);
  cr_assert (g_bytes_equal (bytes, again), "%s: a reloaded layout saves to other bytes", what);
}

/* The saved text of the deal fixture's union layout, for the corruption tests. */
typedef struct {
  DgGraph *graph;
  DgTheme *theme;
  char *text;
} Saved;

static Saved
saved_deal (void)
{
  g_autofree char *path = dg_test_deal_path ();
  Saved s = { dg_test_load_file (path), dg_test_load_theme ("report"), NULL };
  g_autoptr (DgLayout) layout = dg_test_layout (s.graph, s.theme, "dot", DG_LAYOUT_UNION);
  g_autoptr (GBytes) bytes = save (layout, s.graph, s.theme);
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  s.text = g_strndup (data, len);
  return s;
}

static void
saved_clear (Saved *s)
{
  dg_graph_unref (s->graph);
  dg_theme_free (s->theme);
  g_free (s->text);
}

/* @text with its first @from replaced by @to. */
static char *
replace_once (const char *text, const char *from, const char *to)
{
  const char *at = strstr (text, from);
  cr_assert_not_null (at, "\"%s\" is not in the saved layout", from);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, to, at + strlen (from));
}

/* Loading @text must fail with DG_ERROR_INVALID and a message that names the
 * file and contains @words. */
static void
assert_refused (const Saved *s, const char *text, gssize len, const char *words)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DgLayout) layout = dg_layout_load_data ("cache.json", text, len < 0 ? strlen (text) : (gsize) len,
                                                     s->graph, s->theme, &error);
  cr_assert_null (layout, "a layout cache that should be refused (%s) was accepted", words);
  cr_assert_not_null (error);
  cr_assert_eq (error->domain, DEALGRAPH_ERROR);
  cr_assert_eq (error->code, DG_ERROR_INVALID, "code %d for %s: %s", error->code, words, error->message);
  cr_assert (strstr (error->message, "cache.json") != NULL, "message does not name the file: %s", error->message);
  cr_assert (strstr (error->message, words) != NULL, "message lacks \"%s\": %s", words, error->message);
  cr_assert_eq (dg_error_exit_status (error), 65);
}

/* ------------------------------------------------------------------------ */
/* Round trips */

Test (cache, union_round_trip_is_exact)
{
  g_autofree char *path = dg_test_deal_path ();
  check_round_trip (path, "dot", DG_LAYOUT_UNION);
}

Test (cache, stage_round_trip_is_exact)
{
  g_autofree char *path = dg_test_deal_path ();
  check_round_trip (path, "dot", DG_LAYOUT_STAGE);
}

Test (cache, anchored_round_trip_is_exact)
{
  g_autofree char *path = dg_test_deal_path ();
  check_round_trip (path, "neato", DG_LAYOUT_ANCHORED);
}

Test (cache, nested_clusters_round_trip)
{
  g_autofree char *path = dg_test_data_path ("good", "clusters.gv");
  check_round_trip (path, "dot", DG_LAYOUT_UNION);
}

Test (cache, static_graph_round_trip)
{
  g_autofree char *path = dg_test_data_path ("good", "static.gv");
  check_round_trip (path, "fdp", DG_LAYOUT_UNION);
}

Test (cache, unicode_graph_round_trip)
{
  g_autofree char *path = dg_test_data_path ("good", "unicode.gv");
  check_round_trip (path, "neato", DG_LAYOUT_STAGE);
}

Test (cache, save_is_deterministic)
{
  Saved s = saved_deal ();
  Saved t = saved_deal ();
  cr_assert_str_eq (s.text, t.text);
  cr_assert (g_str_has_prefix (s.text, "{\"format\":\"dealgraph-layout\",\"format_version\":2,"), "%.80s", s.text);
  cr_assert (strstr (s.text, "\"dealgraph\":\"" DG_VERSION "\"") != NULL);
  cr_assert (strstr (s.text, "\"engine\":\"dot\",\"mode\":\"union\"") != NULL);
  cr_assert (g_str_has_suffix (s.text, "}\n"));
  saved_clear (&s);
  saved_clear (&t);
}

/* Clusters are saved by id, so a graph whose clusters the loader numbered
 * differently still gets each box around its own parties. */
Test (cache, groups_are_matched_by_id)
{
  Saved s = saved_deal ();
  const DgGroup *g0 = dg_graph_group (s.graph, 0), *g1 = dg_graph_group (s.graph, 1);
  g_autofree char *q0 = g_strdup_printf ("{\"id\":\"%s\"", g0->id);
  g_autofree char *q1 = g_strdup_printf ("{\"id\":\"%s\"", g1->id);
  g_autofree char *tmp = replace_once (s.text, q0, "{\"id\":\"@@\"");
  g_autofree char *swapped1 = replace_once (tmp, q1, q0);
  g_autofree char *swapped = replace_once (swapped1, "{\"id\":\"@@\"", q1);
  g_autoptr (GError) error = NULL;
  g_autoptr (DgLayout) a = dg_layout_load_data ("a", s.text, strlen (s.text), s.graph, s.theme, &error);
  cr_assert_not_null (a, "%s", error != NULL ? error->message : "?");
  g_autoptr (DgLayout) b = dg_layout_load_data ("b", swapped, strlen (swapped), s.graph, s.theme, &error);
  cr_assert_not_null (b, "%s", error != NULL ? error->message : "?");
  const DgGeometry *ga = dg_layout_stage_geometry (a, 0), *gb = dg_layout_stage_geometry (b, 0);
  cr_assert (same_double (ga->groups[0].box.y0, gb->groups[1].box.y0), "the swapped boxes did not follow their ids");
  cr_assert (same_double (ga->groups[1].box.y0, gb->groups[0].box.y0));
  saved_clear (&s);
}

/* ------------------------------------------------------------------------ */
/* Stale caches */

Test (cache, edited_graph_is_stale)
{
  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("cache");
  g_autofree char *src = dg_test_deal_path ();
  g_autofree char *graph_path = copy_file (src, dir.path, "deal.gv");
  g_autoptr (DgGraph) graph = dg_test_load_file (graph_path);
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  g_autoptr (GBytes) bytes = save (layout, graph, theme);
  g_autofree char *cache = g_build_filename (dir.path, "layout.json", NULL);
  write_file (cache, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes));

  g_autoptr (GError) error = NULL;
  g_autoptr (DgLayout) fresh = dg_layout_load (cache, graph, theme, &error);
  cr_assert_not_null (fresh, "%s", error != NULL ? error->message : "?");

  /* Even a comment makes it stale: the digest is of the text read. */
  g_autofree char *text = NULL;
  cr_assert (g_file_get_contents (graph_path, &text, NULL, NULL));
  g_autofree char *edited = g_strconcat (text, "// edited\n", NULL);
  write_file (graph_path, edited, -1);
  g_autoptr (DgGraph) again = dg_test_load_file (graph_path);
  g_autoptr (DgLayout) stale = dg_layout_load (cache, again, theme, &error);
  cr_assert_null (stale);
  cr_assert_eq (error->code, DG_ERROR_INVALID);
  cr_assert (strstr (error->message, cache) != NULL, "%s", error->message);
  cr_assert (strstr (error->message, "stale") != NULL, "%s", error->message);
  cr_assert (strstr (error->message, graph_path) != NULL, "%s", error->message);
  cr_assert (strstr (error->message, "changed") != NULL, "%s", error->message);
}

Test (cache, other_theme_is_stale)
{
  Saved s = saved_deal ();
  g_autoptr (DgTheme) dark = dg_test_load_theme ("dark");
  g_autoptr (GError) error = NULL;
  g_autoptr (DgLayout) layout = dg_layout_load_data ("cache.json", s.text, strlen (s.text), s.graph, dark, &error);
  cr_assert_null (layout);
  cr_assert_eq (error->code, DG_ERROR_INVALID);
  cr_assert (strstr (error->message, "stale") != NULL && strstr (error->message, "theme \"dark\"") != NULL,
             "%s", error->message);
  saved_clear (&s);
}

/* A theme's digest covers the themes it inherits from: editing the parent
 * makes a cache made with the child stale. */
Test (cache, edited_parent_theme_is_stale)
{
  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("cache");
  g_autofree char *parent = g_build_filename (dir.path, "parent.theme", NULL);
  g_autofree char *child = g_build_filename (dir.path, "child.theme", NULL);
  write_file (parent, "[theme]\ninherit = report\nmargin = 30\n", -1);
  write_file (child, "[theme]\ninherit = parent.theme\nname = child\n", -1);
  g_autofree char *path = dg_test_deal_path ();
  g_autoptr (DgGraph) graph = dg_test_load_file (path);
  g_autoptr (DgTheme) theme = dg_test_load_theme (child);
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  g_autoptr (GBytes) bytes = save (layout, graph, theme);

  g_autoptr (GError) error = NULL;
  g_autoptr (DgTheme) same = dg_test_load_theme (child);
  g_autoptr (DgLayout) ok = dg_layout_load_data ("c", g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), graph,
                                                 same, &error);
  cr_assert_not_null (ok, "%s", error != NULL ? error->message : "?");

  write_file (parent, "[theme]\ninherit = report\nmargin = 31\n", -1);
  g_autoptr (DgTheme) edited = dg_test_load_theme (child);
  g_autoptr (DgLayout) stale = dg_layout_load_data ("c", g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                                    graph, edited, &error);
  cr_assert_null (stale, "a change to the inherited theme went unnoticed");
  cr_assert (strstr (error->message, "theme \"child\"") != NULL, "%s", error->message);
  cr_assert (strstr (error->message, "parent.theme") != NULL, "%s", error->message);
}

/* ------------------------------------------------------------------------ */
/* Foreign and corrupt files */

Test (cache, foreign_files_are_refused)
{
  Saved s = saved_deal ();
  assert_refused (&s, "", 0, "not a dealgraph layout cache");
  assert_refused (&s, "digraph { a -> b }", -1, "not a dealgraph layout cache");
  assert_refused (&s, "[1, 2, 3]", -1, "not a dealgraph layout cache");
  assert_refused (&s, "{\"format\": \"something-else\"}", -1, "not a dealgraph layout cache");
  assert_refused (&s, "\x89PNG\r\n\x1a\n\0\0\0", 11, "not a dealgraph layout cache");
  g_autofree char *half = g_strndup (s.text, strlen (s.text) / 2);
  assert_refused (&s, half, -1, "not a dealgraph layout cache");
  g_autoptr (GString) deep = g_string_new ("{\"format\":\"dealgraph-layout\",\"x\":");
  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  assert_refused (&s, deep->str, (gssize) deep->len, "nested too deeply");
  saved_clear (&s);
}

Test (cache, other_versions_are_refused)
{
  Saved s = saved_deal ();
  g_autofree char *format = replace_once (s.text, "\"format_version\":2", "\"format_version\":1");
  assert_refused (&s, format, -1, "format version 1");
  g_autofree char *no_format = replace_once (s.text, "\"format_version\":2,", "");
  assert_refused (&s, no_format, -1, "format version missing");
  g_autofree char *version = replace_once (s.text, "\"dealgraph\":\"" DG_VERSION "\"", "\"dealgraph\":\"0.0.1\"");
  assert_refused (&s, version, -1, "written by dealgraph 0.0.1");
  saved_clear (&s);
}

Test (cache, corrupt_geometry_is_refused)
{
  Saved s = saved_deal ();
  g_autofree char *engine = replace_once (s.text, "\"engine\":\"dot\"", "\"engine\":\"rm -rf\"");
  assert_refused (&s, engine, -1, "unknown engine");
  g_autofree char *mode = replace_once (s.text, "\"mode\":\"union\"", "\"mode\":\"spiral\"");
  assert_refused (&s, mode, -1, "unknown mode");
  g_autofree char *parties = replace_once (s.text, "\"parties\":6", "\"parties\":7");
  assert_refused (&s, parties, -1, "7 parties where the graph has 6");
  g_autofree char *bbox = replace_once (s.text, "\"bbox\":[0.0,0.0,", "\"bbox\":[0.0,");
  assert_refused (&s, bbox, -1, "bbox");
  g_autofree char *huge = replace_once (s.text, "\"bbox\":[0.0,", "\"bbox\":[1e300,");
  assert_refused (&s, huge, -1, "out of range");
  /* A frame that does not start at the origin, or is negative or larger
   * than any figure: accepted, it failed only in the renderer (exit 70). */
  g_autofree char *shifted = replace_once (s.text, "\"bbox\":[0.0,", "\"bbox\":[-5.0,");
  assert_refused (&s, shifted, -1, "not a frame from (0, 0)");
  g_autoptr (GRegex) width = g_regex_new ("\"bbox\":\\[0\\.0,0\\.0,[-0-9.e+]+,", 0, 0, NULL);
  g_autofree char *negative = g_regex_replace (width, s.text, -1, 0, "\"bbox\":[0.0,0.0,-100.0,",
                                               G_REGEX_MATCH_DEFAULT, NULL);
  cr_assert (strcmp (negative, s.text) != 0, "no bbox to replace");
  assert_refused (&s, negative, -1, "not a frame from (0, 0)");
  g_autofree char *absurd = g_regex_replace (width, s.text, -1, 0, "\"bbox\":[0.0,0.0,5000000.0,",
                                             G_REGEX_MATCH_DEFAULT, NULL);
  assert_refused (&s, absurd, -1, "not a frame from (0, 0)");
  g_autofree char *text = replace_once (s.text, "\"bbox\":[0.0,", "\"bbox\":[\"0\",");
  assert_refused (&s, text, -1, "not a number");
  g_autofree char *points = replace_once (s.text, "\"points\":[", "\"points\":[1.0,2.0,");
  assert_refused (&s, points, -1, "3k+1 points");
  g_autofree char *no_ties = replace_once (s.text, "\"ties\":[", "\"ties\":[null,");
  assert_refused (&s, no_ties, -1, "\"ties\" has 14 entries where the graph has 13");
  g_autofree char *tie = replace_once (s.text, "\"ties\":[{\"points\"", "\"ties\":[{\"pts\"");
  assert_refused (&s, tie, -1, "ties[0].points: not an array of numbers");
  const char *id = dg_graph_group (s.graph, 0)->id;
  g_autofree char *quoted = g_strdup_printf ("\"id\":\"%s\"", id);
  g_autofree char *group = replace_once (s.text, quoted, "\"id\":\"cluster_nowhere\"");
  assert_refused (&s, group, -1, "no cluster \"cluster_nowhere\"");
  g_autofree char *quoted1 = g_strdup_printf ("\"id\":\"%s\"", dg_graph_group (s.graph, 1)->id);
  g_autofree char *twice = replace_once (s.text, quoted1, quoted);
  assert_refused (&s, twice, -1, "appears twice");
  g_autofree char *warnings = replace_once (s.text, "\"warnings\":[]", "\"warnings\":[3]");
  assert_refused (&s, warnings, -1, "not a string");
  saved_clear (&s);
}

Test (cache, missing_file_cannot_be_opened)
{
  Saved s = saved_deal ();
  g_autoptr (GError) error = NULL;
  g_autoptr (DgLayout) layout = dg_layout_load ("/nonexistent/layout.json", s.graph, s.theme, &error);
  cr_assert_null (layout);
  cr_assert_eq (error->code, DG_ERROR_OPEN);
  cr_assert (strstr (error->message, "/nonexistent/layout.json") != NULL, "%s", error->message);
  g_clear_error (&error);
  g_autoptr (DgLayout) dir = dg_layout_load ("/", s.graph, s.theme, &error);
  cr_assert_null (dir);
  cr_assert_eq (error->code, DG_ERROR_OPEN);
  saved_clear (&s);
}

/* The digest is of the text a graph was read from, so a graph read from
 * memory (standard input) has a cache too, and other text finds it stale. */
Test (cache, graph_from_data_has_a_cache_of_its_text)
{
  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("cache");
  static const char dot[] = "digraph g { a -> b }", other[] = "digraph g { a -> b; b -> c }";
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_data ("<stdin>", dot, sizeof dot - 1, NULL, NULL, &error);
  cr_assert_not_null (graph, "%s", error != NULL ? error->message : "?");
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  g_autoptr (GBytes) bytes = save (layout, graph, theme);
  g_autofree char *cache = g_build_filename (dir.path, "layout.json", NULL);
  write_file (cache, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes));
  g_autoptr (DgGraph) same = dg_graph_load_data ("<stdin>", dot, sizeof dot - 1, NULL, NULL, &error);
  g_autoptr (DgLayout) loaded = dg_layout_load (cache, same, theme, &error);
  cr_assert_not_null (loaded, "%s", error != NULL ? error->message : "?");
  g_autoptr (DgGraph) changed = dg_graph_load_data ("<stdin>", other, sizeof other - 1, NULL, NULL, &error);
  g_autoptr (DgLayout) stale = dg_layout_load (cache, changed, theme, &error);
  cr_assert_null (stale);
  cr_assert (error != NULL && strstr (error->message, "stale") != NULL, "%s", error != NULL ? error->message : "");
}

/* The digest covers the loader's -G/-N/-E settings: a cache of the graph
 * with -Nshape=box is stale for the graph without. */
Test (cache, settings_are_part_of_the_digest)
{
  g_autofree char *path = dg_test_deal_path ();
  DgLoadOptions with = DG_LOAD_OPTIONS_INIT;
  static const char *const box[] = { "shape=box", NULL };
  with.node_attrs = box;
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) plain = dg_graph_load_file (path, NULL, NULL, &error);
  g_autoptr (DgGraph) boxed = dg_graph_load_file (path, &with, NULL, &error);
  cr_assert (plain != NULL && boxed != NULL, "%s", error != NULL ? error->message : "");
  cr_assert_str_neq (dg_graph_get_digest (plain), dg_graph_get_digest (boxed));
  /* Without settings, the digest is the file's own. */
  g_autofree char *text = NULL;
  gsize len = 0;
  cr_assert (g_file_get_contents (path, &text, &len, NULL));
  g_autofree char *file = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text, len);
  cr_assert_str_eq (dg_graph_get_digest (plain), file);
}

/* ------------------------------------------------------------------------ */
/* What a depfile needs from a theme */

Test (cache, theme_paths_list_the_whole_chain_child_first)
{
  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("cache");
  g_autofree char *parent = g_build_filename (dir.path, "parent.theme", NULL);
  g_autofree char *child = g_build_filename (dir.path, "child.theme", NULL);
  write_file (parent, "[theme]\ninherit = report\n", -1);
  write_file (child, "[theme]\ninherit = parent.theme\n", -1);
  g_autoptr (DgTheme) theme = dg_test_load_theme (child);
  const char *const *paths = dg_theme_get_paths (theme);
  cr_assert_eq (g_strv_length ((char **) paths), 3, "expected child, parent, report");
  cr_assert_str_eq (paths[0], child);
  cr_assert_str_eq (paths[1], parent);
  g_autofree char *report = g_build_filename (dg_theme_template_dir (), "report.theme", NULL);
  cr_assert_str_eq (paths[2], report);
  cr_assert_str_eq (dg_theme_get_path (theme), paths[0]);

  g_autoptr (DgTheme) plain = dg_test_load_theme ("report");
  cr_assert_eq (g_strv_length ((char **) dg_theme_get_paths (plain)), 1);

  g_autoptr (GError) error = NULL;
  g_autoptr (DgTheme) data = dg_theme_load_data ("inline", "[theme]\ninherit = report\n", (gsize) -1, &error);
  cr_assert_not_null (data, "%s", error != NULL ? error->message : "?");
  const char *const *data_paths = dg_theme_get_paths (data);
  cr_assert_eq (g_strv_length ((char **) data_paths), 1, "a data theme lists only the file it inherits");
  cr_assert_str_eq (data_paths[0], report);
}
