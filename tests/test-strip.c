/* test-strip.c — small multiples: one page, one scale, legible text, one caption per panel, one legend. */
#include <criterion/criterion.h>
#include <string.h>

#include "dealgraph.h"
#include "dg-test.h"

#define TOLERANCE 0.5

typedef struct {
  DgGraph *graph;
  DgTheme *theme;
  DgLayout *layout;
} Fixture;

static void
fixture_init (Fixture *f, const char *theme_name)
{
  f->graph = dg_test_load_deal ();
  f->theme = dg_test_load_theme (theme_name);
  f->layout = dg_test_layout (f->graph, f->theme, NULL, DG_LAYOUT_UNION);
}

static void
fixture_clear (Fixture *f)
{
  dg_layout_free (f->layout);
  dg_theme_free (f->theme);
  dg_graph_unref (f->graph);
}

static DgScene *
build_all (const Fixture *f, const DgStripOptions *options)
{
  guint n = dg_graph_n_stages (f->graph);
  g_autofree guint *stages = g_new (guint, n);
  for (guint s = 0; s < n; s++)
    stages[s] = s;
  g_autoptr (GError) error = NULL;
  DgScene *scene = dg_strip_scene_build (f->graph, f->layout, f->theme, stages, n, options, &error);
  cr_assert_not_null (scene, "%s", error != NULL ? error->message : "?");
  return scene;
}

/* Asserts every item of @scene lies on its page. */
static void
assert_on_page (const DgScene *scene)
{
  double w = dg_scene_get_width (scene), h = dg_scene_get_height (scene);
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *it = dg_scene_item (scene, i);
      if (it->kind == DG_ITEM_SHAPE || it->kind == DG_ITEM_TEXT)
        cr_assert (it->box.x0 >= -TOLERANCE && it->box.y0 >= -TOLERANCE && it->box.x1 <= w + TOLERANCE
                       && it->box.y1 <= h + TOLERANCE,
                   "item %u (role %d, \"%s\") leaves the page: %g,%g %g,%g", i, it->role,
                   it->text != NULL ? it->text : "", it->box.x0, it->box.y0, it->box.x1, it->box.y1);
      for (guint k = 0; k < it->n_points; k++)
        cr_assert (it->points[k].x >= -TOLERANCE && it->points[k].y >= -TOLERANCE
                       && it->points[k].x <= w + TOLERANCE && it->points[k].y <= h + TOLERANCE,
                   "item %u (role %d) point %u leaves the page", i, it->role, k);
    }
}

/* The smallest text of @scene's panels (what lies inside a panel frame:
 * parties' and ties' labels), print points. */
static double
smallest_panel_text (const DgScene *scene)
{
  double least = 0;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *it = dg_scene_item (scene, i);
      if (it->kind == DG_ITEM_TEXT && (it->role == DG_ROLE_PARTY_LABEL || it->role == DG_ROLE_TIE_LABEL)
          && (least == 0 || it->font_size < least))
        least = it->font_size;
    }
  return least;
}

/* Asserts every party's label lies inside its party's box: text larger
 * than the layout was made for would spill out (issue 15). */
static void
assert_labels_inside_parties (const DgScene *scene)
{
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *label = dg_scene_item (scene, i);
      if (label->kind != DG_ITEM_TEXT || label->role != DG_ROLE_PARTY_LABEL || label->party < 0)
        continue;
      /* Its party: the nearest shape of the same party painted before it. */
      const DgSceneItem *party = NULL;
      for (guint k = i; k-- > 0 && party == NULL;)
        {
          const DgSceneItem *it = dg_scene_item (scene, k);
          if (it->kind == DG_ITEM_SHAPE && it->role == DG_ROLE_PARTY && it->party == label->party)
            party = it;
        }
      cr_assert_not_null (party, "label \"%s\" has no party", label->text);
      cr_assert (label->box.x0 >= party->box.x0 - 0.01 && label->box.x1 <= party->box.x1 + 0.01
                     && label->box.y0 >= party->box.y0 - 0.01 && label->box.y1 <= party->box.y1 + 0.01,
                 "\"%s\" (%g,%g %g,%g) spills out of its party (%g,%g %g,%g)", label->text, label->box.x0,
                 label->box.y0, label->box.x1, label->box.y1, party->box.x0, party->box.y0, party->box.x1,
                 party->box.y1);
    }
}

/* dg_strip_layout(): the graph laid out with text enlarged until the
 * panels print it at the floor. Before, the panels drew enlarged text on
 * a layout made for the theme's, and party labels spilled out of their
 * parties. The deal fixture's 5 panels on A4 reach 6 pt (the theme's own text
 * would print at 4.2 pt). */
Test (strip, deal_fits_one_a4_page_and_its_labels_fit_their_parties, .timeout = 60)
{
  Fixture f;
  fixture_init (&f, "report");
  guint n = dg_graph_n_stages (f.graph);
  g_autofree guint *stages = g_new (guint, n);
  for (guint s = 0; s < n; s++)
    stages[s] = s;
  DgStripOptions options = DG_STRIP_OPTIONS_INIT;
  g_autoptr (GError) error = NULL;
  double plain = dg_strip_panel_scale (f.graph, f.layout, f.theme, stages, n, &options) * 8.0;
  DgLayoutOptions layout_options = DG_LAYOUT_OPTIONS_INIT;
  g_autoptr (DgLayout) fitted = dg_strip_layout (f.graph, f.theme, &layout_options, stages, n, &options, &error);
  cr_assert_not_null (fitted, "%s", error != NULL ? error->message : "?");
  cr_assert_gt (options.panel_text, 8.0, "the layout was not made for larger text");
  g_autoptr (DgScene) scene = dg_strip_scene_build (f.graph, fitted, f.theme, stages, n, &options, &error);
  cr_assert_not_null (scene, "%s", error != NULL ? error->message : "?");
  cr_assert_float_eq (dg_scene_get_width (scene), 595.0, 1e-9);
  cr_assert_float_eq (dg_scene_get_height (scene), 842.0, 1e-9);
  assert_on_page (scene);
  assert_labels_inside_parties (scene);
  /* The scene is drawn at its own size, which is the page: its font sizes
   * are print sizes. Furniture keeps the floor; panels come near it. */
  double panel = smallest_panel_text (scene);
  cr_log_info ("panel text %.2f pt, the layout made for %.1f pt text (the theme's own would print at %.2f pt)", panel,
               options.panel_text, plain);
  cr_assert_gt (panel, plain + 1.0, "panel text %g pt, no larger than the theme's own %g pt", panel, plain);
  cr_assert_geq (panel, 6.0 - 1e-9, "panel text %g pt", panel);
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *it = dg_scene_item (scene, i);
      if (it->kind == DG_ITEM_TEXT && it->role != DG_ROLE_PARTY_LABEL && it->role != DG_ROLE_TIE_LABEL
          && it->role != DG_ROLE_GROUP_LABEL)
        cr_assert_geq (it->font_size, 6.0 - 1e-9, "\"%s\" at %g pt", it->text, it->font_size);
    }
  fixture_clear (&f);
}

/* A layout made for the theme's text draws the theme's text: labels fit. */
Test (strip, panels_draw_the_text_their_layout_was_made_for)
{
  Fixture f;
  fixture_init (&f, "report");
  g_autoptr (DgScene) scene = build_all (&f, NULL);
  assert_labels_inside_parties (scene);
  fixture_clear (&f);
}

Test (strip, one_caption_per_panel_one_legend_one_scale)
{
  Fixture f;
  fixture_init (&f, "report");
  g_autoptr (DgScene) scene = build_all (&f, NULL);
  guint n_stages = dg_graph_n_stages (f.graph);
  guint captions = 0;
  g_autoptr (GHashTable) legend = g_hash_table_new (g_str_hash, g_str_equal);
  /* The same party has the same size in every panel it appears in. */
  int microsoft = (int) dg_graph_find_party (f.graph, "Microsoft")->index;
  double width = -1;
  guint panels_with_microsoft = 0;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *it = dg_scene_item (scene, i);
      if (it->kind == DG_ITEM_TEXT && it->role == DG_ROLE_CAPTION)
        {
          captions++;
          const DgStage *st = dg_graph_stage (f.graph, (guint) it->stage);
          cr_assert (strstr (it->text, st->label) != NULL, "caption \"%s\" names stage %s", it->text, st->id);
        }
      if (it->kind == DG_ITEM_TEXT && it->role == DG_ROLE_LEGEND_LABEL)
        {
          cr_assert (!g_hash_table_contains (legend, it->text), "legend entry \"%s\" twice", it->text);
          g_hash_table_add (legend, it->text);
        }
      if (it->kind == DG_ITEM_SHAPE && it->role == DG_ROLE_PARTY && it->party == microsoft)
        {
          double w = it->box.x1 - it->box.x0;
          if (width < 0)
            width = w;
          cr_assert_float_eq (w, width, 1e-6, "one scale in every panel");
          panels_with_microsoft++;
        }
    }
  cr_assert_eq (captions, n_stages);
  cr_assert_eq (panels_with_microsoft, n_stages);
  cr_assert (g_hash_table_contains (legend, "license"));
  cr_assert (g_hash_table_contains (legend, "company"));
  fixture_clear (&f);
}

Test (strip, letter_landscape_and_fixed_columns)
{
  Fixture f;
  fixture_init (&f, "grayscale");
  DgStripOptions options = DG_STRIP_OPTIONS_INIT;
  options.page_width = 792;
  options.page_height = 612;
  options.columns = 3;
  g_autoptr (DgScene) scene = build_all (&f, &options);
  assert_on_page (scene);
  assert_labels_inside_parties (scene);
  /* Three columns: the first three captions on one line, the fourth below. */
  const DgSceneItem *caps[5] = { NULL };
  guint n = 0;
  for (guint i = 0; i < dg_scene_n_items (scene) && n < 5; i++)
    {
      const DgSceneItem *it = dg_scene_item (scene, i);
      if (it->kind == DG_ITEM_TEXT && it->role == DG_ROLE_CAPTION)
        caps[n++] = it;
    }
  cr_assert_eq (n, 5);
  cr_assert_float_eq (caps[0]->box.y0, caps[2]->box.y0, 1e-9);
  cr_assert_gt (caps[3]->box.y0, caps[2]->box.y0);
  cr_assert_float_eq (caps[3]->box.x0, caps[0]->box.x0, 1e-9);
  fixture_clear (&f);
}

Test (strip, a_page_too_small_is_an_error)
{
  Fixture f;
  fixture_init (&f, "report");
  DgStripOptions options = DG_STRIP_OPTIONS_INIT;
  options.page_width = 60;
  options.page_height = 60;
  guint stages[] = { 0, 1 };
  g_autoptr (GError) error = NULL;
  g_autoptr (DgScene) scene = dg_strip_scene_build (f.graph, f.layout, f.theme, stages, 2, &options, &error);
  cr_assert_null (scene);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_USAGE), "%s", error != NULL ? error->message : "?");
  fixture_clear (&f);
}

Test (strip, cli_writes_a_page_and_names_bad_stages)
{
  g_autofree char *path = dg_test_deal_path ();
  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("strip");
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "strip", path, "-o", dir.path, "--flat", "-T", "pdf", "--page", "letter", "--stage", "before",
                         "--stage", "agreement", NULL };
  cr_assert_eq (dg_test_run (args, &out, &err), 0, "%s", err);
  g_autofree char *pdf = g_build_filename (dir.path, DG_TEST_DEAL_NAME "-strip.pdf", NULL);
  g_autofree char *bytes = NULL;
  gsize len = 0;
  cr_assert (g_file_get_contents (pdf, &bytes, &len, NULL), "%s missing", pdf);
  /* One page of letter size. */
  cr_assert (dg_test_find (bytes, len, "/MediaBox [ 0 0 612 792 ]") != NULL, "not a letter page");
  cr_assert (dg_test_find (bytes, len, "/Count 1") != NULL, "not one page");

  /* The page is described as the timeline it shows, naming the stages
   * drawn (dg_describe_timeline() and which panels). */
  g_autofree char *svg_path = g_build_filename (dir.path, "one.svg", NULL);
  const char *svg_args[] = { "strip", path, "-o", svg_path, "-T", "svg", "--stage", "before", "--stage", "agreement", NULL };
  g_autofree char *svg_err = NULL;
  cr_assert_eq (dg_test_run (svg_args, NULL, &svg_err), 0, "%s", svg_err);
  g_autofree char *svg = dg_test_read_text (svg_path);
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autofree char *panels = g_strdup_printf ("Small figures of stages %u and %u, side by side.</desc>",
                                             dg_test_stage (graph, "before") + 1, dg_test_stage (graph, "agreement") + 1);
  cr_assert (strstr (svg, panels) != NULL, "the strip's <desc> lacks: %s", panels);

  g_autofree char *out2 = NULL, *err2 = NULL;
  const char *bad[] = { "strip", path, "--stage", "nowhere", NULL };
  cr_assert_eq (dg_test_run (bad, &out2, &err2), 64, "%s", err2);
  cr_assert (strstr (err2, path) != NULL && strstr (err2, "'nowhere'") != NULL, "%s", err2);
  g_autofree char *out3 = NULL, *err3 = NULL;
  const char *page[] = { "strip", path, "--page", "a3", NULL };
  cr_assert_eq (dg_test_run (page, &out3, &err3), 64, "%s", err3);
}
