/* test-figures.c — a whole figure set from the library: files, bytes, threads, the book, all or nothing. */
#include <criterion/criterion.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "dealgraph.h"
#include "dg-test.h"

/* The deal fixture, the report theme and a union layout: what every test draws. */
typedef struct {
  DgGraph *graph;
  DgTheme *theme;
  DgLayout *layout;
} Deal;

static Deal
deal_new (void)
{
  Deal d;
  d.graph = dg_test_load_deal ();
  d.theme = dg_test_load_theme ("report");
  d.layout = dg_test_layout (d.graph, d.theme, NULL, DG_LAYOUT_UNION);
  return d;
}

static void
deal_clear (Deal *d)
{
  g_clear_pointer (&d->layout, dg_layout_free);
  g_clear_pointer (&d->theme, dg_theme_free);
  g_clear_pointer (&d->graph, dg_graph_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Deal, deal_clear)

/* The set, which must be drawn; the caller frees it. */
static DgFigureSet *
render_ok (const Deal *d, const char *dir, const DgFigureSetOptions *options)
{
  g_autoptr (GError) error = NULL;
  DgFigureSet *set = dg_figure_set_render (d->graph, d->layout, d->theme, dir, options, &error);
  cr_assert_not_null (set, "%s", error != NULL ? error->message : "?");
  cr_assert_null (error);
  return set;
}

/* The error dg_figure_set_render() gives; asserts it fails with @code. */
static char *
render_fails (const Deal *d, const char *dir, const DgFigureSetOptions *options, DgError code)
{
  g_autoptr (GError) error = NULL;
  DgFigureSet *set = dg_figure_set_render (d->graph, d->layout, d->theme, dir, options, &error);
  cr_assert_null (set, "the set was drawn");
  cr_assert_not_null (error);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, code), "code %d: %s", error->code, error->message);
  return g_strdup (error->message);
}

/* The figure of @stage in @format as one draws it by hand: the bytes a set
 * must hold. */
static GBytes *
by_hand (const Deal *d, guint stage, DgFormat format)
{
  g_autoptr (DgScene) scene = dg_scene_build (d->graph, d->layout, d->theme, stage, NULL);
  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  options.graph = d->graph; /* as the set does: its SVGs name parties and ties from the graph */
  g_autoptr (GError) error = NULL;
  /* and it describes each figure by its stage's short text */
  g_autoptr (DgDescription) description = dg_describe (d->graph, stage, NULL, &error);
  cr_assert_not_null (description, "%s", error != NULL ? error->message : "?");
  options.description = dg_description_get_short (description);
  GBytes *bytes = dg_render_scene (scene, format, &options, &error);
  cr_assert_not_null (bytes, "%s", error != NULL ? error->message : "?");
  return bytes;
}

/* Names in @dir, sorted, space-separated (hidden ones too). */
static char *
listing (const char *dir)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  if (d != NULL)
    g_dir_close (d);
  g_ptr_array_sort (names, dg_test_compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* ------------------------------------------------------------------------ */
/* What is written */

/* Every stage in SVG, PNG and PDF, then the book, in that order, under
 * the names the CLI gives them; each file the bytes of its figure drawn
 * by hand. */
Test (set, writes_every_stage_in_every_format_and_then_the_book, .timeout = 120)
{
  g_auto (Deal) d = deal_new ();
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("figures");
  g_autoptr (DgFigureSet) set = render_ok (&d, tmp.path, NULL);
  guint n = dg_graph_n_stages (d.graph);
  cr_assert_eq (dg_figure_set_n_files (set), 3 * n + 1);
  cr_assert_eq (dg_figure_set_get_n_written (set), 3 * n + 1);
  const char *const *paths = dg_figure_set_get_paths (set);
  for (guint s = 0; s < n; s++)
    for (guint k = 0; k < 3; k++)
      {
        guint i = 3 * s + k;
        g_autofree char *stem = dg_stage_file_stem (d.graph, s);
        g_autofree char *name = g_strdup_printf ("%s.%s", stem, dg_format_extension ((DgFormat) k));
        g_autofree char *want = g_build_filename (tmp.path, name, NULL);
        cr_assert_str_eq (dg_figure_set_get_path (set, i), want);
        cr_assert_str_eq (paths[i], want);
        cr_assert_eq (dg_figure_set_get_stage (set, i), (int) s);
        cr_assert_eq (dg_figure_set_get_format (set, i), (DgFormat) k);
        cr_assert_null (dg_figure_set_get_bytes (set, i), "a set on disk keeps no bytes");
        if (k != DG_FORMAT_PNG || s == 1)
          {
            g_autoptr (GBytes) file = dg_test_read_bytes (want);
            g_autoptr (GBytes) drawn = by_hand (&d, s, (DgFormat) k);
            cr_assert (g_bytes_equal (file, drawn), "%s differs from its figure drawn by hand", want);
          }
      }
  g_autofree char *book = g_build_filename (tmp.path, DG_TEST_DEAL_NAME ".pdf", NULL);
  cr_assert_str_eq (paths[3 * n], book);
  cr_assert_null (paths[3 * n + 1]);
  cr_assert_eq (dg_figure_set_get_stage (set, 3 * n), -1);
  cr_assert_eq (dg_figure_set_get_format (set, 3 * n), DG_FORMAT_PDF);
  cr_assert (g_file_test (book, G_FILE_TEST_IS_REGULAR));
  cr_assert_gt (dg_figure_set_get_smallest_text (set), 0);
}

/* A second run writes nothing and says so; the files keep their mtimes. */
Test (set, a_second_run_rewrites_nothing, .timeout = 120)
{
  g_auto (Deal) d = deal_new ();
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("figures");
  DgFigureSetOptions options = DG_FIGURE_SET_OPTIONS_INIT;
  options.formats = DG_FORMAT_BIT (DG_FORMAT_SVG);
  g_autoptr (DgFigureSet) first = render_ok (&d, tmp.path, &options);
  const char *path = dg_figure_set_get_path (first, 0);
  dg_test_set_past_mtime (path);
  g_autoptr (DgFigureSet) second = render_ok (&d, tmp.path, &options);
  cr_assert_eq (dg_figure_set_get_n_written (second), 0);
  cr_assert_eq (dg_figure_set_n_files (second), dg_figure_set_n_files (first));
  GStatBuf st;
  cr_assert_eq (g_stat (path, &st), 0);
  cr_assert_eq ((gint64) st.st_mtime, DG_TEST_PAST_SECONDS, "an unchanged figure was rewritten");
}

/* The files depend neither on the threads nor on the stages drawn with
 * them: one thread or two, all stages or one, the same bytes. */
Test (set, files_do_not_depend_on_threads_or_subset, .timeout = 120)
{
  g_auto (Deal) d = deal_new ();
  g_auto (DgTestTmpDir) one = dg_test_tmp_dir ("figures");
  g_auto (DgTestTmpDir) two = dg_test_tmp_dir ("figures");
  DgFigureSetOptions options = DG_FIGURE_SET_OPTIONS_INIT;
  options.formats = DG_FORMAT_BIT (DG_FORMAT_SVG) | DG_FORMAT_BIT (DG_FORMAT_PNG);
  options.n_jobs = 1;
  g_autoptr (DgFigureSet) serial = render_ok (&d, one.path, &options);
  options.n_jobs = 2;
  const guint stage[] = { 2 };
  options.stages = stage;
  options.n_stages = 1;
  g_autoptr (DgFigureSet) part = render_ok (&d, two.path, &options);
  cr_assert_eq (dg_figure_set_n_files (part), 2, "a subset draws no book");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (GBytes) a = dg_test_read_bytes (dg_figure_set_get_path (serial, 2 * 2 + i));
      g_autoptr (GBytes) b = dg_test_read_bytes (dg_figure_set_get_path (part, i));
      cr_assert (g_bytes_equal (a, b), "%s differs from %s", dg_figure_set_get_path (serial, 4 + i),
                 dg_figure_set_get_path (part, i));
    }
}

/* Stages are listed in the order given, each once. */
Test (set, stages_in_the_order_given_each_once, .timeout = 120)
{
  g_auto (Deal) d = deal_new ();
  DgFigureSetOptions options = DG_FIGURE_SET_OPTIONS_INIT;
  options.formats = DG_FORMAT_BIT (DG_FORMAT_SVG);
  const guint stages[] = { 3, 0, 3, 1 };
  options.stages = stages;
  options.n_stages = G_N_ELEMENTS (stages);
  g_autoptr (DgFigureSet) set = render_ok (&d, NULL, &options);
  cr_assert_eq (dg_figure_set_n_files (set), 3);
  cr_assert_eq (dg_figure_set_get_stage (set, 0), 3);
  cr_assert_eq (dg_figure_set_get_stage (set, 1), 0);
  cr_assert_eq (dg_figure_set_get_stage (set, 2), 1);
}

/* Without a folder nothing is written: the set holds the bytes, named as
 * the files would be. */
Test (set, without_a_folder_the_bytes_stay_in_memory, .timeout = 120)
{
  g_auto (Deal) d = deal_new ();
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("figures");
  cr_assert_eq (g_chdir (tmp.path), 0);
  DgFigureSetOptions options = DG_FIGURE_SET_OPTIONS_INIT;
  options.formats = DG_FORMAT_BIT (DG_FORMAT_SVG) | DG_FORMAT_BIT (DG_FORMAT_PDF);
  g_autoptr (DgFigureSet) set = render_ok (&d, NULL, &options);
  guint n = dg_graph_n_stages (d.graph);
  cr_assert_eq (dg_figure_set_n_files (set), 2 * n + 1);
  cr_assert_eq (dg_figure_set_get_n_written (set), 0);
  g_autofree char *stem = dg_stage_file_stem (d.graph, 0);
  g_autofree char *name = g_strdup_printf ("%s.svg", stem);
  cr_assert_str_eq (dg_figure_set_get_path (set, 0), name);
  cr_assert_str_eq (dg_figure_set_get_path (set, 2 * n), DG_TEST_DEAL_NAME ".pdf");
  g_autoptr (GBytes) bytes = dg_figure_set_get_bytes (set, 0);
  g_autoptr (GBytes) drawn = by_hand (&d, 0, DG_FORMAT_SVG);
  cr_assert (g_bytes_equal (bytes, drawn));
  g_autoptr (GBytes) book = dg_figure_set_get_bytes (set, 2 * n);
  cr_assert_not_null (book);
  g_autofree char *left = listing (tmp.path);
  cr_assert_str_empty (left, "written: %s", left);
}

/* --flat: the graph's name starts every file name but the book's; a graph
 * without a timeline, named after the graph already, is not prefixed twice. */
Test (set, flat_names_start_with_the_graph, .timeout = 120)
{
  g_auto (Deal) d = deal_new ();
  DgFigureSetOptions options = DG_FIGURE_SET_OPTIONS_INIT;
  options.formats = DG_FORMAT_BIT (DG_FORMAT_PDF);
  options.flat = TRUE;
  g_autoptr (DgFigureSet) set = render_ok (&d, NULL, &options);
  g_autofree char *stem = dg_stage_file_stem (d.graph, 0);
  g_autofree char *want = g_strdup_printf (DG_TEST_DEAL_NAME "-%s.pdf", stem);
  cr_assert_str_eq (dg_figure_set_get_path (set, 0), want);
  cr_assert_str_eq (dg_figure_set_get_path (set, dg_figure_set_n_files (set) - 1), DG_TEST_DEAL_NAME ".pdf");

  g_autoptr (DgGraph) graph = dg_test_load_data ("good", "static.gv");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, d.theme, NULL, DG_LAYOUT_UNION);
  g_autoptr (GError) error = NULL;
  g_autoptr (DgFigureSet) one = dg_figure_set_render (graph, layout, d.theme, NULL, &options, &error);
  cr_assert_not_null (one, "%s", error != NULL ? error->message : "?");
  cr_assert_eq (dg_figure_set_n_files (one), 1, "a graph without timeline has no book");
  cr_assert_str_eq (dg_figure_set_get_path (one, 0), "static.pdf");
}

/* DG_BOOK_ONLY draws the book and no figure; DG_BOOK_NONE no book. */
Test (set, the_book_alone_or_none, .timeout = 120)
{
  g_auto (Deal) d = deal_new ();
  DgFigureSetOptions options = DG_FIGURE_SET_OPTIONS_INIT;
  options.book = DG_BOOK_ONLY;
  g_autoptr (DgFigureSet) book = render_ok (&d, NULL, &options);
  cr_assert_eq (dg_figure_set_n_files (book), 1);
  cr_assert_eq (dg_figure_set_get_stage (book, 0), -1);
  options.book = DG_BOOK_NONE;
  options.formats = DG_FORMAT_BIT (DG_FORMAT_PDF);
  g_autoptr (DgFigureSet) none = render_ok (&d, NULL, &options);
  cr_assert_eq (dg_figure_set_n_files (none), dg_graph_n_stages (d.graph));
  for (guint i = 0; i < dg_figure_set_n_files (none); i++)
    cr_assert_neq (dg_figure_set_get_stage (none, i), -1);
}

/* @options->file: the one figure of the set, at that path. */
Test (set, one_figure_to_one_file, .timeout = 120)
{
  g_auto (Deal) d = deal_new ();
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("figures");
  g_autofree char *file = g_build_filename (tmp.path, "fig.svg", NULL);
  DgFigureSetOptions options = DG_FIGURE_SET_OPTIONS_INIT;
  options.formats = DG_FORMAT_BIT (DG_FORMAT_SVG);
  const guint stage[] = { 1 };
  options.stages = stage;
  options.n_stages = 1;
  options.file = file;
  g_autoptr (DgFigureSet) set = render_ok (&d, NULL, &options);
  cr_assert_eq (dg_figure_set_n_files (set), 1);
  cr_assert_str_eq (dg_figure_set_get_path (set, 0), file);
  g_autoptr (GBytes) written = dg_test_read_bytes (file);
  g_autoptr (GBytes) drawn = by_hand (&d, 1, DG_FORMAT_SVG);
  cr_assert (g_bytes_equal (written, drawn));
  g_autofree char *left = listing (tmp.path);
  cr_assert_str_eq (left, "fig.svg");
}

/* ------------------------------------------------------------------------ */
/* Text alternatives (DgFigureSetOptions.alt) */

/* Each stage's figures are described by that stage's short text: the SVG's
 * <desc> holds it, so a figure dropped into a web page is described
 * without any work by its author. */
Test (alt, each_figure_is_described_by_its_stage, .timeout = 120)
{
  g_auto (Deal) d = deal_new ();
  DgFigureSetOptions options = DG_FIGURE_SET_OPTIONS_INIT;
  options.formats = DG_FORMAT_BIT (DG_FORMAT_SVG);
  g_autoptr (DgFigureSet) set = render_ok (&d, NULL, &options);
  guint n = dg_graph_n_stages (d.graph);
  cr_assert_eq (dg_figure_set_n_files (set), n);
  for (guint s = 0; s < n; s++)
    {
      g_autoptr (DgDescription) description = dg_describe (d.graph, s, NULL, NULL);
      /* as XML text, with the apostrophe written &#39; as the writer does */
      g_autofree char *markup = g_markup_escape_text (dg_description_get_short (description), -1);
      g_auto (GStrv) parts = g_strsplit (markup, "&apos;", -1);
      g_autofree char *escaped = g_strjoinv ("&#39;", parts);
      g_autoptr (GBytes) svg = dg_figure_set_get_bytes (set, s);
      gsize len;
      const char *text = g_bytes_get_data (svg, &len);
      const char *desc = dg_test_find (text, len, "<desc id=");
      cr_assert_not_null (desc, "stage %u: no <desc>", s + 1);
      const char *body = strchr (desc, '>') + 1;
      cr_assert (strncmp (body, escaped, strlen (escaped)) == 0 && strncmp (body + strlen (escaped), "</desc>", 7) == 0,
                 "stage %u: the <desc> is not the stage's short text %s", s + 1, escaped);
    }
}

/* With alt, each stage's figures are followed by NN-stage.alt.txt (the
 * short text on one line) and NN-stage.desc.md (the long description in
 * Markdown), in the set's list and in the folder, put in place with the
 * figures. */
Test (alt, writes_the_text_alternatives_beside_each_stage, .timeout = 120)
{
  g_auto (Deal) d = deal_new ();
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("figures");
  DgFigureSetOptions options = DG_FIGURE_SET_OPTIONS_INIT;
  options.formats = DG_FORMAT_BIT (DG_FORMAT_SVG);
  options.alt = TRUE;
  g_autoptr (DgFigureSet) set = render_ok (&d, tmp.path, &options);
  guint n = dg_graph_n_stages (d.graph);
  cr_assert_eq (dg_figure_set_n_files (set), 3 * n);
  cr_assert_eq (dg_figure_set_get_n_written (set), 3 * n);
  static const char *const ext[] = { "svg", "alt.txt", "desc.md" };
  static const DgFigureFileKind kind[] = { DG_FIGURE_FILE_FIGURE, DG_FIGURE_FILE_ALT_TEXT,
                                           DG_FIGURE_FILE_DESCRIPTION };
  for (guint s = 0; s < n; s++)
    {
      g_autoptr (DgDescription) description = dg_describe (d.graph, s, NULL, NULL);
      g_autofree char *stem = dg_stage_file_stem (d.graph, s);
      for (guint k = 0; k < 3; k++)
        {
          guint i = 3 * s + k;
          g_autofree char *name = g_strdup_printf ("%s.%s", stem, ext[k]);
          g_autofree char *want = g_build_filename (tmp.path, name, NULL);
          cr_assert_str_eq (dg_figure_set_get_path (set, i), want);
          cr_assert_eq (dg_figure_set_get_stage (set, i), (int) s);
          cr_assert_eq (dg_figure_set_get_kind (set, i), kind[k], "%s", name);
        }
      g_autofree char *alt = dg_test_read_text (dg_figure_set_get_path (set, 3 * s + 1));
      g_autofree char *short_line = g_strconcat (dg_description_get_short (description), "\n", NULL);
      cr_assert_str_eq (alt, short_line);
      cr_assert (strchr (alt, '\n') == alt + strlen (alt) - 1, "the alternative text is one line");
      g_autofree char *md = dg_test_read_text (dg_figure_set_get_path (set, 3 * s + 2));
      g_autofree char *want_md = dg_description_to_markdown (description);
      cr_assert_str_eq (md, want_md);
      cr_assert (g_str_has_prefix (md, "# "), "%s", md);
    }
  cr_assert_eq (dg_figure_set_get_kind (set, 0), DG_FIGURE_FILE_FIGURE);

  /* In a set with the book, the book is its own kind. */
  options.formats = DG_FORMAT_BIT (DG_FORMAT_PDF);
  g_autoptr (DgFigureSet) with_book = render_ok (&d, NULL, &options);
  guint last = dg_figure_set_n_files (with_book) - 1;
  cr_assert_eq (dg_figure_set_get_kind (with_book, last), DG_FIGURE_FILE_BOOK);
  cr_assert_eq (dg_figure_set_n_files (with_book), 3 * n + 1);
}

/* Beside one file (@options->file): its name without the extension, so
 * fig.svg gets fig.alt.txt and fig.desc.md. */
Test (alt, beside_one_file, .timeout = 120)
{
  g_auto (Deal) d = deal_new ();
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("figures");
  g_autofree char *file = g_build_filename (tmp.path, "fig.v2.svg", NULL);
  DgFigureSetOptions options = DG_FIGURE_SET_OPTIONS_INIT;
  options.formats = DG_FORMAT_BIT (DG_FORMAT_SVG);
  const guint stage[] = { 2 };
  options.stages = stage;
  options.n_stages = 1;
  options.file = file;
  options.alt = TRUE;
  g_autoptr (DgFigureSet) set = render_ok (&d, NULL, &options);
  cr_assert_eq (dg_figure_set_n_files (set), 3);
  g_autofree char *left = listing (tmp.path);
  cr_assert_str_eq (left, "fig.v2.alt.txt fig.v2.desc.md fig.v2.svg");
}

/* A program built against version 1 of the options passes a shorter
 * struct: what follows it is not read, so no text files appear. */
Test (alt, version_1_options_write_no_text, .timeout = 120)
{
  g_auto (Deal) d = deal_new ();
  DgFigureSetOptions options = DG_FIGURE_SET_OPTIONS_INIT;
  options.formats = DG_FORMAT_BIT (DG_FORMAT_SVG);
  options.alt = TRUE; /* not there for a version 1 caller */
  options.version = 1;
  g_autoptr (DgFigureSet) set = render_ok (&d, NULL, &options);
  cr_assert_eq (dg_figure_set_n_files (set), dg_graph_n_stages (d.graph));
  for (guint i = 0; i < dg_figure_set_n_files (set); i++)
    cr_assert_eq (dg_figure_set_get_kind (set, i), DG_FIGURE_FILE_FIGURE);
}

/* A figure too large for a sensible PNG gets fewer pixels per inch, as the
 * CLI's figures do without --dpi; 0 keeps the resolution asked for. */
Test (set, a_large_png_is_fitted, .timeout = 120)
{
  g_auto (Deal) d = deal_new ();
  DgFigureSetOptions options = DG_FIGURE_SET_OPTIONS_INIT;
  options.formats = DG_FORMAT_BIT (DG_FORMAT_PNG);
  const guint stage[] = { 0 };
  options.stages = stage;
  options.n_stages = 1;
  options.fit_png_side = 200;
  g_autoptr (DgFigureSet) fitted = render_ok (&d, NULL, &options);
  options.fit_png_side = 0;
  g_autoptr (DgFigureSet) exact = render_ok (&d, NULL, &options);
  g_autoptr (GBytes) small = dg_figure_set_get_bytes (fitted, 0);
  g_autoptr (GBytes) large = dg_figure_set_get_bytes (exact, 0);
  cairo_surface_t *a = dg_test_png_decode (small);
  cairo_surface_t *b = dg_test_png_decode (large);
  int side = MAX (cairo_image_surface_get_width (a), cairo_image_surface_get_height (a));
  cr_assert_leq (side, 200);
  cr_assert_gt (cairo_image_surface_get_width (b), cairo_image_surface_get_width (a));
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

/* ------------------------------------------------------------------------ */
/* Progress, stopping, failures */

typedef struct {
  guint calls;
  guint last_done;
  guint total;
  guint stop_after; /* 0: never */
} Progress;

static gboolean
count_progress (guint done, guint total, guint stage, gpointer data)
{
  Progress *p = data;
  p->calls++;
  cr_assert_eq (done, p->last_done + 1, "progress went from %u to %u", p->last_done, done);
  p->last_done = done;
  p->total = total;
  (void) stage;
  return p->stop_after == 0 || done < p->stop_after;
}

Test (progress, once_per_stage, .timeout = 120)
{
  g_auto (Deal) d = deal_new ();
  Progress p = { 0 };
  DgFigureSetOptions options = DG_FIGURE_SET_OPTIONS_INIT;
  options.formats = DG_FORMAT_BIT (DG_FORMAT_SVG);
  options.progress = count_progress;
  options.progress_data = &p;
  g_autoptr (DgFigureSet) set = render_ok (&d, NULL, &options);
  guint n = dg_graph_n_stages (d.graph);
  cr_assert_eq (p.calls, n);
  cr_assert_eq (p.total, n);
  cr_assert_eq (p.last_done, n);
}

/* A progress callback that says stop: no more stages, nothing written. */
Test (progress, false_stops_the_set_and_writes_nothing, .timeout = 120)
{
  g_auto (Deal) d = deal_new ();
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("figures");
  g_autofree char *dir = g_build_filename (tmp.path, "out", NULL);
  Progress p = { .stop_after = 1 };
  DgFigureSetOptions options = DG_FIGURE_SET_OPTIONS_INIT;
  options.n_jobs = 1;
  options.progress = count_progress;
  options.progress_data = &p;
  g_autofree char *message = render_fails (&d, dir, &options, DG_ERROR_CANCELLED);
  cr_assert_eq (p.calls, 1, "stages went on being drawn after the stop");
  g_autofree char *left = listing (dir);
  cr_assert_str_empty (left, "written: %s", left);
}

/* A stage that cannot be written fails the set, naming the graph and the
 * stage; the folder keeps its previous files and no temporary file. */
Test (failure, leaves_the_previous_set_as_it_was, .timeout = 120)
{
  g_auto (Deal) d = deal_new ();
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("figures");
  DgFigureSetOptions options = DG_FIGURE_SET_OPTIONS_INIT;
  options.formats = DG_FORMAT_BIT (DG_FORMAT_SVG);
  options.alt = TRUE; /* the text files are part of the set too */
  g_autoptr (DgFigureSet) first = render_ok (&d, tmp.path, &options);
  const char *victim = dg_figure_set_get_path (first, 1); /* 01-…alt.txt */
  cr_assert_eq (dg_figure_set_get_kind (first, 1), DG_FIGURE_FILE_ALT_TEXT);
  cr_assert (g_file_set_contents (victim, "old", -1, NULL));
  g_autofree char *last = g_strdup (dg_figure_set_get_path (first, 6)); /* 03-….svg */
  cr_assert_eq (g_unlink (last), 0);
  cr_assert_eq (g_mkdir (last, 0755), 0); /* a folder where a figure goes */
  g_autofree char *before = listing (tmp.path);
  g_autofree char *message = render_fails (&d, tmp.path, &options, DG_ERROR_WRITE);
  g_autofree char *stage = g_strdup_printf ("%s: stage \"%s\": ", dg_graph_get_path (d.graph),
                                            dg_graph_stage (d.graph, 2)->id);
  cr_assert (g_str_has_prefix (message, stage), "%s", message);
  g_autofree char *now = dg_test_read_text (victim);
  cr_assert_str_eq (now, "old", "a figure was replaced by a failed set");
  g_autofree char *after = listing (tmp.path);
  cr_assert_str_eq (after, before);
}

/* What cannot be met is a usage error, before anything is drawn. */
Test (failure, options_that_cannot_be_met, .timeout = 120)
{
  g_auto (Deal) d = deal_new ();
  DgFigureSetOptions options = DG_FIGURE_SET_OPTIONS_INIT;
  const guint missing[] = { 999 };
  options.stages = missing;
  options.n_stages = 1;
  g_autofree char *a = render_fails (&d, NULL, &options, DG_ERROR_USAGE);
  cr_assert (strstr (a, "no stage 1000") != NULL, "%s", a);

  dg_figure_set_options_init (&options, DG_FIGURE_SET_OPTIONS_VERSION);
  options.book = DG_BOOK_ONLY;
  options.formats = DG_FORMAT_BIT (DG_FORMAT_SVG);
  g_autofree char *b = render_fails (&d, NULL, &options, DG_ERROR_USAGE);
  cr_assert (strstr (b, "PDF") != NULL, "%s", b);

  dg_figure_set_options_init (&options, DG_FIGURE_SET_OPTIONS_VERSION);
  options.file = "one.svg";
  g_autofree char *c = render_fails (&d, NULL, &options, DG_ERROR_USAGE);
  cr_assert (strstr (c, "names one file") != NULL, "%s", c);

  dg_figure_set_options_init (&options, DG_FIGURE_SET_OPTIONS_VERSION);
  options.formats = 1u << 7;
  g_autofree char *e = render_fails (&d, NULL, &options, DG_ERROR_USAGE);
  cr_assert (strstr (e, "formats") != NULL, "%s", e);
}

Test (set, free_accepts_null)
{
  dg_figure_set_free (NULL);
}
