/* test-cli.c — the dealgraph command end to end: stages, check, render, and what render leaves on disk. */
#define _GNU_SOURCE /* posix_openpt, ptsname */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>
#include <glib/gstdio.h>

#include "dealgraph.h"
#include "dg-test.h"

static const char *const flagship_stems[] = { "01-before", "02-amazon", "03-agreement", "04-y2030", "05-y2032" };

/* ------------------------------------------------------------------------ */
/* Helpers */

/* Renders the flagship into @dir with @extra options (NULL-terminated,
 * nullable); the exit status must be @expect. */
static void
render_flagship (const char *dir, const char *const *extra, const char *const *env, int expect)
{
  g_autofree char *path = dg_test_flagship_path ();
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_ptr_array_add (args, "render");
  g_ptr_array_add (args, "-q");
  g_ptr_array_add (args, "-o");
  g_ptr_array_add (args, (gpointer) dir);
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) extra[i]);
  g_ptr_array_add (args, path);
  g_ptr_array_add (args, NULL);
  g_autofree char *err = NULL;
  int status = dg_test_run_in (NULL, (const char *const *) args->pdata, env, NULL, &err);
  cr_assert_eq (status, expect, "render exited %d, expected %d; stderr:\n%s", status, expect, err);
}

/* The sorted names in @dir (hidden ones included). */
static GPtrArray *
list_dir (const char *dir)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  if (d != NULL)
    g_dir_close (d);
  g_ptr_array_sort (names, dg_test_compare_strings);
  return names;
}

static char *
join_names (GPtrArray *names)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? " " : "", (char *) names->pdata[i]);
  return g_string_free (s, FALSE);
}

/* @dir holds exactly the files named in @expected (NULL-terminated). */
static void
assert_dir_holds (const char *dir, const char *const *expected)
{
  g_autoptr (GPtrArray) names = list_dir (dir);
  g_autoptr (GPtrArray) want = g_ptr_array_new ();
  for (guint i = 0; expected[i] != NULL; i++)
    g_ptr_array_add (want, (gpointer) expected[i]);
  g_ptr_array_sort (want, dg_test_compare_strings);
  g_autofree char *have_text = join_names (names);
  g_autofree char *want_text = join_names (want);
  cr_assert_str_eq (have_text, want_text, "%s holds [%s], expected [%s]", dir, have_text, want_text);
}

/* The 15 stage figures and the flip-book. */
static GStrv
flagship_files (gboolean book)
{
  GStrvBuilder *b = g_strv_builder_new ();
  static const char *const exts[] = { "svg", "png", "pdf" };
  for (gsize s = 0; s < G_N_ELEMENTS (flagship_stems); s++)
    for (gsize e = 0; e < G_N_ELEMENTS (exts); e++)
      {
        g_autofree char *name = g_strdup_printf ("%s.%s", flagship_stems[s], exts[e]);
        g_strv_builder_add (b, name);
      }
  if (book)
    g_strv_builder_add (b, DG_TEST_FLAGSHIP_NAME ".pdf");
  GStrv files = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return files;
}

/* Temporary files an atomic writer may leave behind. */
static void
assert_no_temporaries (const char *dir)
{
  g_autoptr (GPtrArray) names = list_dir (dir);
  g_autoptr (GRegex) re = g_regex_new ("(~$|\\.[A-Za-z0-9]{6}$|^\\.goutputstream|\\.tmp$)", 0, 0, NULL);
  for (guint i = 0; i < names->len; i++)
    cr_assert (!g_regex_match (re, names->pdata[i], 0, NULL), "temporary file left behind: %s/%s", dir,
               (char *) names->pdata[i]);
}

/* ------------------------------------------------------------------------ */
/* stages, check */

Test (stages, prints_ids_in_timeline_order)
{
  g_autofree char *path = dg_test_flagship_path ();
  g_autofree char *out = NULL, *err = NULL;
  int status = dg_test_run ((const char *const[]) { "stages", path, NULL }, &out, &err);
  cr_assert_eq (status, 0, "%s", err);
  cr_assert_str_eq (out, "before\namazon\nagreement\ny2030\ny2032\n");
}

Test (stages, names_prints_file_stems)
{
  g_autofree char *path = dg_test_flagship_path ();
  g_autofree char *out = NULL, *err = NULL;
  int status = dg_test_run ((const char *const[]) { "stages", "--names", path, NULL }, &out, &err);
  cr_assert_eq (status, 0, "%s", err);
  cr_assert_str_eq (out, "01-before\n02-amazon\n03-agreement\n04-y2030\n05-y2032\n");
}

Test (check, every_bad_file_exits_65_without_output, .timeout = 120)
{
  g_autofree char *dir = dg_test_data_path ("bad", "");
  g_autoptr (GPtrArray) names = list_dir (dir);
  guint checked = 0;
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      if (!g_str_has_suffix (name, ".gv"))
        continue;
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *out = NULL, *err = NULL;
      int status = dg_test_run ((const char *const[]) { "check", path, NULL }, &out, &err);
      cr_assert_eq (status, 65, "check %s exited %d; stderr:\n%s", name, status, err);
      cr_assert_str_empty (out, "check %s wrote to stdout:\n%s", name, out);
      cr_assert_str_not_empty (err, "check %s said nothing on stderr", name);
      checked++;
    }
  cr_assert_gt (checked, 30);
}

Test (check, good_flagship_exits_0)
{
  g_autofree char *path = dg_test_flagship_path ();
  g_autofree char *out = NULL, *err = NULL;
  int status = dg_test_run ((const char *const[]) { "check", path, NULL }, &out, &err);
  cr_assert_eq (status, 0, "%s", err);
  cr_assert_not_null (strstr (out, "5 stages"), "%s", out);
}

/* audit: the flagship's figures hold nothing a reader could misread, and
 * the totals say what was looked for. */
Test (audit, flagship_exits_0_with_its_totals)
{
  g_autofree char *path = dg_test_flagship_path ();
  g_autofree char *out = NULL, *err = NULL;
  int status = dg_test_run ((const char *const[]) { "audit", path, NULL }, &out, &err);
  cr_assert_eq (status, 0, "%s%s", out, err);
  cr_assert_not_null (strstr (out, "5 figures: 0 labels nearer another tie, 0 ties under parties, 0 overlaps, "
                                   "0 group labels crossed"), "%s", out);
}

Test (audit, unknown_stage_is_a_usage_error)
{
  g_autofree char *path = dg_test_flagship_path ();
  g_autofree char *err = NULL;
  int status = dg_test_run ((const char *const[]) { "audit", "-s", "nosuch", path, NULL }, NULL, &err);
  cr_assert_eq (status, 64, "%s", err);
  cr_assert_not_null (strstr (err, "no stage 'nosuch'"), "%s", err);
}

/* -V prints what --version does, as dot -V prints its version. */
Test (single, dash_V_is_the_version)
{
  g_autofree char *out = NULL, *out2 = NULL, *err = NULL;
  cr_assert_eq (dg_test_run ((const char *const[]) { "-V", NULL }, &out, &err), 0, "%s", err);
  cr_assert_eq (dg_test_run ((const char *const[]) { "--version", NULL }, &out2, NULL), 0);
  cr_assert (g_str_has_prefix (out, "dealgraph "), "%s", out);
  cr_assert_str_eq (out, out2);
}

/* ------------------------------------------------------------------------ */
/* render -o FILE and -o -: dot's habit for a run that yields one figure
 * (issue 16: -o g.png made a folder g.png/g/, -o - a folder named "-") */

Test (single, o_file_writes_exactly_that_file)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("single");
  g_autofree char *path = dg_test_flagship_path ();
  g_autofree char *target = g_build_filename (tmp.path, "deal.png", NULL);
  g_autofree char *err = NULL;
  int status = dg_test_run ((const char *const[]) { "render", "-s", "agreement", path, "-o", target, NULL }, NULL, &err);
  cr_assert_eq (status, 0, "%s", err);
  cr_assert (g_file_test (target, G_FILE_TEST_IS_REGULAR), "%s is not a file", target);
  g_autofree char *bytes = NULL;
  gsize len = 0;
  cr_assert (g_file_get_contents (target, &bytes, &len, NULL));
  cr_assert (len > 8 && memcmp (bytes, "\x89PNG", 4) == 0, "%s is not a PNG (the format follows the name)", target);
  /* Nothing else: no folder, no book, no other format. */
  g_autoptr (GDir) dir = g_dir_open (tmp.path, 0, NULL);
  guint entries = 0;
  while (g_dir_read_name (dir) != NULL)
    entries++;
  cr_assert_eq (entries, 1, "%u entries in %s", entries, tmp.path);
}

Test (single, o_dash_writes_standard_output)
{
  g_autofree char *path = dg_test_flagship_path ();
  g_autofree char *out = NULL, *err = NULL;
  int status = dg_test_run ((const char *const[]) { "render", "-T", "svg", "-s", "3", path, "-o", "-", NULL }, &out,
                            &err);
  cr_assert_eq (status, 0, "%s", err);
  cr_assert (g_str_has_prefix (out, "<?xml") && strstr (out, "<svg") != NULL, "not an SVG on stdout: %.60s", out);
  cr_assert (!g_file_test ("-", G_FILE_TEST_EXISTS), "a file or folder named - was written");
}

Test (single, a_graph_without_a_timeline_is_one_figure)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("single");
  g_autofree char *path = dg_test_data_path ("good", "static.gv");
  g_autofree char *target = g_build_filename (tmp.path, "new", "holding.pdf", NULL);
  g_autofree char *err = NULL;
  int status = dg_test_run ((const char *const[]) { "render", path, "-o", target, NULL }, NULL, &err);
  cr_assert_eq (status, 0, "%s", err);
  g_autofree char *bytes = NULL;
  cr_assert (g_file_get_contents (target, &bytes, NULL, NULL), "%s missing", target);
  cr_assert (g_str_has_prefix (bytes, "%PDF"), "not a PDF");
}

/* `-` as the input reads standard input, as dot does; messages name it
 * "<stdin>" (before: "-: cannot open"). */
static int
run_with_stdin (const char *input, const char *args, char **out, char **err)
{
  g_autofree char *command = g_strdup_printf ("\"$DEALGRAPH\" %s < '%s'", args, input);
  const char *argv[] = { "/bin/sh", "-c", command, NULL };
  int wait_status = 0;
  g_autoptr (GError) error = NULL;
  cr_assert (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &wait_status, &error),
             "%s", error != NULL ? error->message : "?");
  cr_assert (WIFEXITED (wait_status), "%s died", command);
  return WEXITSTATUS (wait_status);
}

Test (single, dash_reads_standard_input)
{
  g_autofree char *path = dg_test_flagship_path ();
  g_autofree char *out = NULL, *err = NULL;
  cr_assert_eq (run_with_stdin (path, "check -", &out, &err), 0, "%s", err);
  cr_assert (g_str_has_prefix (out, "<stdin>: ok"), "%s", out);
  g_autofree char *svg = NULL, *err2 = NULL;
  cr_assert_eq (run_with_stdin (path, "render -T svg -s agreement - -o -", &svg, &err2), 0, "%s", err2);
  cr_assert (strstr (svg, "<svg") != NULL, "no SVG on stdout");
  g_autofree char *bad = dg_test_data_path ("bad", "syntax-error.gv");
  g_autofree char *out3 = NULL, *err3 = NULL;
  cr_assert_eq (run_with_stdin (bad, "check -", &out3, &err3), 65, "%s", err3);
  cr_assert (g_str_has_prefix (err3, "<stdin>:"), "the error does not name standard input: %s", err3);
}

/* A run that yields several figures with a file-like -o is a usage error
 * that says what to do, and writes nothing. */
Test (single, several_figures_and_one_file_is_a_usage_error)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("single");
  g_autofree char *path = dg_test_flagship_path ();
  g_autofree char *target = g_build_filename (tmp.path, "deal.png", NULL);
  struct {
    const char *const *args;
    const char *says;
  } cases[] = {
    { (const char *const[]) { "render", path, "-o", target, NULL }, "has 5 stages" },
    { (const char *const[]) { "render", "-s", "1", "-T", "svg,png", path, "-o", target, NULL }, "several formats" },
    { (const char *const[]) { "render", "-s", "1", "-T", "svg", path, "-o", target, NULL }, "other than its name's" },
    { (const char *const[]) { "render", "-s", "1", path, path, "-o", target, NULL }, "several graphs" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      int status = dg_test_run (cases[i].args, NULL, &err);
      cr_assert_eq (status, 64, "case %zu: %s", i, err);
      cr_assert_not_null (strstr (err, cases[i].says), "case %zu: %s", i, err);
      cr_assert_not_null (strstr (err, "give -o a folder"), "case %zu says nothing to do: %s", i, err);
      cr_assert (!g_file_test (target, G_FILE_TEST_EXISTS), "case %zu wrote %s", i, target);
    }
}

/* ------------------------------------------------------------------------ */
/* render: errors */

Test (errors, unknown_stage_is_a_usage_error)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  render_flagship (tmp.path, (const char *const[]) { "--stage", "nosuch", NULL }, NULL, 64);
  g_autofree char *out_dir = g_build_filename (tmp.path, DG_TEST_FLAGSHIP_NAME, NULL);
  cr_assert (!g_file_test (out_dir, G_FILE_TEST_EXISTS), "a failed render wrote %s", out_dir);
}

Test (errors, bad_file_is_a_data_error_with_its_line)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  g_autofree char *path = dg_test_data_path ("bad", "syntax-error.gv");
  g_autofree char *err = NULL;
  int status = dg_test_run ((const char *const[]) { "render", "-q", "-o", tmp.path, path, NULL }, NULL, &err);
  cr_assert_eq (status, 65, "%s", err);
  g_autoptr (GRegex) re = g_regex_new ("syntax-error\\.gv:[0-9]+:", 0, 0, NULL);
  cr_assert (g_regex_match (re, err, 0, NULL), "no file:line: in stderr:\n%s", err);
  g_autoptr (GPtrArray) left = list_dir (tmp.path);
  cr_assert_eq (left->len, 0, "a failed render wrote something");
}

Test (errors, missing_file_is_no_input)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  g_autofree char *path = g_build_filename (tmp.path, "nosuch.gv", NULL);
  g_autofree char *err = NULL;
  int status = dg_test_run ((const char *const[]) { "render", "-q", "-o", tmp.path, path, NULL }, NULL, &err);
  cr_assert_eq (status, 66, "%s", err);
  cr_assert_not_null (strstr (err, "nosuch.gv"), "%s", err);
}

Test (errors, unknown_engine_is_a_usage_error)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  render_flagship (tmp.path, (const char *const[]) { "--engine", "bogus", NULL }, NULL, 64);
}

Test (errors, unknown_format_bad_width_and_dpi)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  render_flagship (tmp.path, (const char *const[]) { "-T", "gif", NULL }, NULL, 64);
  render_flagship (tmp.path, (const char *const[]) { "--width", "ten", NULL }, NULL, 64);
  render_flagship (tmp.path, (const char *const[]) { "--dpi", "0.5", NULL }, NULL, 64);
  /* Each of these went through: an empty format list wrote nothing with
   * exit 0, --dpi 0 was read as "the default", and a huge width failed in
   * the renderer (exit 70) instead of as a usage error. */
  render_flagship (tmp.path, (const char *const[]) { "-T", "", NULL }, NULL, 64);
  render_flagship (tmp.path, (const char *const[]) { "--dpi", "0", NULL }, NULL, 64);
  render_flagship (tmp.path, (const char *const[]) { "-w", "1000000pt", NULL }, NULL, 64);
  g_autoptr (GPtrArray) left = list_dir (tmp.path);
  cr_assert_eq (left->len, 0, "a refused render wrote something");
}

Test (errors, broken_theme_is_a_config_error)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  g_autofree char *theme = g_build_filename (tmp.path, "broken.theme", NULL);
  cr_assert (g_file_set_contents (theme, "[theme]\nnot a key file line\n", -1, NULL));
  g_autofree char *out = g_build_filename (tmp.path, "out", NULL);
  render_flagship (out, (const char *const[]) { "--theme", theme, NULL }, NULL, 78);
}

/* ------------------------------------------------------------------------ */
/* render: what is written */

Test (render, writes_every_stage_and_the_book)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  render_flagship (tmp.path, NULL, NULL, 0);
  g_autofree char *dir = g_build_filename (tmp.path, DG_TEST_FLAGSHIP_NAME, NULL);
  g_auto (GStrv) files = flagship_files (TRUE);
  assert_dir_holds (dir, (const char *const *) files);
}

Test (render, one_stage_writes_only_its_figures)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  render_flagship (tmp.path, (const char *const[]) { "--stage", "agreement", NULL }, NULL, 0);
  g_autofree char *dir = g_build_filename (tmp.path, DG_TEST_FLAGSHIP_NAME, NULL);
  assert_dir_holds (dir, (const char *const[]) { "03-agreement.svg", "03-agreement.png", "03-agreement.pdf", NULL });
}

Test (render, stage_by_number_and_file_name)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  render_flagship (tmp.path, (const char *const[]) { "-s", "2", "-s", "04-y2030", "-T", "svg", NULL }, NULL, 0);
  g_autofree char *dir = g_build_filename (tmp.path, DG_TEST_FLAGSHIP_NAME, NULL);
  assert_dir_holds (dir, (const char *const[]) { "02-amazon.svg", "04-y2030.svg", NULL });
}

Test (render, one_format_and_no_book)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  render_flagship (tmp.path, (const char *const[]) { "-T", "pdf", "--no-book", NULL }, NULL, 0);
  g_autofree char *dir = g_build_filename (tmp.path, DG_TEST_FLAGSHIP_NAME, NULL);
  assert_dir_holds (dir, (const char *const[]) { "01-before.pdf", "02-amazon.pdf", "03-agreement.pdf",
                                                 "04-y2030.pdf", "05-y2032.pdf", NULL });
}

static void
check_static_render (const char *file, const char *name)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  g_autofree char *path = dg_test_data_path ("good", file);
  g_autofree char *err = NULL;
  int status = dg_test_run ((const char *const[]) { "render", "-q", "-o", tmp.path, path, NULL }, NULL, &err);
  cr_assert_eq (status, 0, "%s", err);
  g_autofree char *dir = g_build_filename (tmp.path, name, NULL);
  g_autofree char *svg = g_strdup_printf ("%s.svg", name);
  g_autofree char *png = g_strdup_printf ("%s.png", name);
  g_autofree char *pdf = g_strdup_printf ("%s.pdf", name);
  /* One figure, named after the graph; no flip-book. */
  assert_dir_holds (dir, (const char *const[]) { svg, png, pdf, NULL });
}

Test (render, static_graph_is_one_figure)
{
  check_static_render ("static.gv", "static");
}

Test (render, undirected_static_graph_is_one_figure)
{
  check_static_render ("undirected.gv", "undirected");
}

static void
pdf_media_box (const char *path, double *width, double *height)
{
  g_autofree char *text = dg_test_read_text (path);
  g_autoptr (GRegex) re = g_regex_new ("/MediaBox\\s*\\[\\s*0\\s+0\\s+([0-9.]+)\\s+([0-9.]+)\\s*\\]", G_REGEX_RAW,
                                       0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  cr_assert (g_regex_match (re, text, 0, &match), "%s has no /MediaBox", path);
  g_autofree char *w = g_match_info_fetch (match, 1), *h = g_match_info_fetch (match, 2);
  *width = g_ascii_strtod (w, NULL);
  *height = g_ascii_strtod (h, NULL);
}

Test (render, width_sets_the_pdf_page_width)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  render_flagship (tmp.path, (const char *const[]) { "--width", "10cm", "-T", "pdf", "--stage", "agreement", NULL },
                   NULL, 0);
  g_autofree char *pdf = g_build_filename (tmp.path, DG_TEST_FLAGSHIP_NAME, "03-agreement.pdf", NULL);
  double w, h;
  pdf_media_box (pdf, &w, &h);
  cr_assert_float_eq (w, 283.46, 0.01, "10 cm page is %g pt wide", w);
  cr_assert_gt (h, 0);
}

/* --crop: each figure cut to what it draws; with -w the width is the
 * uncropped frame's, so the crops keep the scale it gets. */
Test (render, crop_keeps_one_scale_at_a_width)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  render_flagship (tmp.path,
                   (const char *const[]) { "--crop", "--width", "10cm", "-T", "pdf", "--stage", "before", "--stage",
                                           "agreement", "--no-book", NULL },
                   NULL, 0);
  g_autoptr (DgGraph) graph = dg_test_load_flagship ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (GError) error = NULL;
  g_autoptr (DgLayout) layout = dg_layout_compute (graph, theme, NULL, &error);
  cr_assert_not_null (layout, "%s", error != NULL ? error->message : "?");
  DgSceneOptions options = DG_SCENE_OPTIONS_INIT;
  options.crop = TRUE;
  const double page = 10 / 2.54 * 72;
  static const char *const stages[] = { "before", "agreement" };
  static const char *const stems[] = { "01-before", "03-agreement" };
  double widths[2], heights[2];
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, dg_test_stage (graph, stages[i]), &options);
      double scale = page / dg_scene_get_frame_width (scene);
      g_autofree char *name = g_strdup_printf ("%s.pdf", stems[i]);
      g_autofree char *pdf = g_build_filename (tmp.path, DG_TEST_FLAGSHIP_NAME, name, NULL);
      pdf_media_box (pdf, &widths[i], &heights[i]);
      cr_assert_float_eq (widths[i], dg_scene_get_width (scene) * scale, 0.01, "%s: %g pt wide, want %g", stems[i],
                          widths[i], dg_scene_get_width (scene) * scale);
      cr_assert_float_eq (heights[i], dg_scene_get_height (scene) * scale, 0.01);
      cr_assert_leq (widths[i], page + 0.01);
    }
  cr_assert (widths[0] != widths[1] || heights[0] != heights[1], "both crops are %g × %g pt", widths[0], heights[0]);

  /* The same bytes again. */
  g_auto (DgTestTmpDir) again = dg_test_tmp_dir ("cli");
  render_flagship (again.path, (const char *const[]) { "--crop", "-T", "png", "--stage", "before", NULL }, NULL, 0);
  render_flagship (tmp.path, (const char *const[]) { "--crop", "-T", "png", "--stage", "before", NULL }, NULL, 0);
  g_autofree char *one = g_build_filename (tmp.path, DG_TEST_FLAGSHIP_NAME, "01-before.png", NULL);
  g_autofree char *two = g_build_filename (again.path, DG_TEST_FLAGSHIP_NAME, "01-before.png", NULL);
  g_autoptr (GBytes) x = dg_test_read_bytes (one);
  g_autoptr (GBytes) y = dg_test_read_bytes (two);
  cr_assert (g_bytes_equal (x, y), "two runs of --crop differ");
}

static cairo_surface_t *
load_png (const char *path)
{
  cairo_surface_t *png = cairo_image_surface_create_from_png (path);
  cr_assert_eq (cairo_surface_status (png), CAIRO_STATUS_SUCCESS, "%s: %s", path,
                cairo_status_to_string (cairo_surface_status (png)));
  return png;
}

Test (render, dpi_72_png_is_one_pixel_per_point)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  render_flagship (tmp.path, (const char *const[]) { "--dpi", "72", "-T", "png", "--stage", "agreement", NULL }, NULL,
                   0);
  /* The same figure built through the library. */
  g_autoptr (DgGraph) graph = dg_test_load_flagship ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (GError) error = NULL;
  g_autoptr (DgLayout) layout = dg_layout_compute (graph, theme, NULL, &error);
  cr_assert_not_null (layout, "%s", error != NULL ? error->message : "?");
  g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, dg_test_stage (graph, "agreement"), NULL);
  g_autofree char *file = g_build_filename (tmp.path, DG_TEST_FLAGSHIP_NAME, "03-agreement.png", NULL);
  cairo_surface_t *png = load_png (file);
  cr_assert_eq (cairo_image_surface_get_width (png), (int) ceil (dg_scene_get_width (scene)), "PNG %d px, scene %g pt",
                cairo_image_surface_get_width (png), dg_scene_get_width (scene));
  cr_assert_eq (cairo_image_surface_get_height (png), (int) ceil (dg_scene_get_height (scene)));
  cairo_surface_destroy (png);
}

/* ------------------------------------------------------------------------ */
/* Themes */

static void
check_theme (const char *theme)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  render_flagship (tmp.path, (const char *const[]) { "--theme", theme, NULL }, NULL, 0);
  g_autofree char *dir = g_build_filename (tmp.path, DG_TEST_FLAGSHIP_NAME, NULL);
  g_auto (GStrv) files = flagship_files (TRUE);
  assert_dir_holds (dir, (const char *const *) files);
}

Test (themes, report)
{
  check_theme ("report");
}

Test (themes, dark)
{
  check_theme ("dark");
}

Test (themes, grayscale)
{
  check_theme ("grayscale");
}

Test (themes, path_to_a_theme_file)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  g_autofree char *theme = g_build_filename (tmp.path, "mine.theme", NULL);
  cr_assert (g_file_set_contents (theme,
                                  "[theme]\ninherit = report\nname = mine\nbackground = #FFFFF0\n\n"
                                  "[tie stake]\ncolor = #AA0000\n",
                                  -1, NULL));
  check_theme (theme);
}

Test (themes, grayscale_png_pixels_are_gray)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  render_flagship (tmp.path, (const char *const[]) { "--theme", "grayscale", "-T", "png", "--dpi", "72", NULL }, NULL,
                   0);
  for (gsize s = 0; s < G_N_ELEMENTS (flagship_stems); s++)
    {
      g_autofree char *name = g_strdup_printf ("%s.png", flagship_stems[s]);
      g_autofree char *file = g_build_filename (tmp.path, DG_TEST_FLAGSHIP_NAME, name, NULL);
      cairo_surface_t *png = load_png (file);
      cairo_format_t format = cairo_image_surface_get_format (png);
      cr_assert (format == CAIRO_FORMAT_ARGB32 || format == CAIRO_FORMAT_RGB24, "%s: format %d", name, format);
      int w = cairo_image_surface_get_width (png), h = cairo_image_surface_get_height (png);
      int stride = cairo_image_surface_get_stride (png);
      const guint8 *data = cairo_image_surface_get_data (png);
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            guint32 px;
            memcpy (&px, data + (gsize) y * stride + (gsize) x * 4, 4);
            int r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
            cr_assert (abs (r - g) <= 2 && abs (g - b) <= 2 && abs (r - b) <= 2,
                       "%s: pixel (%d,%d) is #%02x%02x%02x, not gray", name, x, y, r, g, b);
          }
      cairo_surface_destroy (png);
    }
}

/* ------------------------------------------------------------------------ */
/* Reproducible output */

static void
assert_same_files (const char *a, const char *b, const char *const *files)
{
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *pa = g_build_filename (a, files[i], NULL), *pb = g_build_filename (b, files[i], NULL);
      g_autoptr (GBytes) x = dg_test_read_bytes (pa), y = dg_test_read_bytes (pb);
      cr_assert_gt (g_bytes_get_size (x), 0, "%s is empty", pa);
      cr_assert (g_bytes_equal (x, y), "%s differs between two runs (%zu and %zu bytes)", files[i],
                 g_bytes_get_size (x), g_bytes_get_size (y));
    }
}

Test (reproducible, two_runs_write_the_same_bytes)
{
  g_auto (DgTestTmpDir) one = dg_test_tmp_dir ("cli");
  g_auto (DgTestTmpDir) two = dg_test_tmp_dir ("cli");
  static const char *const opts[] = { "-T", "svg,png,pdf", NULL };
  render_flagship (one.path, opts, NULL, 0);
  render_flagship (two.path, opts, NULL, 0);
  g_autofree char *a = g_build_filename (one.path, DG_TEST_FLAGSHIP_NAME, NULL);
  g_autofree char *b = g_build_filename (two.path, DG_TEST_FLAGSHIP_NAME, NULL);
  g_auto (GStrv) files = flagship_files (TRUE);
  assert_dir_holds (a, (const char *const *) files);
  assert_dir_holds (b, (const char *const *) files);
  assert_same_files (a, b, (const char *const *) files);
  /* Without SOURCE_DATE_EPOCH the PDFs carry no date at all. */
  g_autofree char *book = g_build_filename (a, DG_TEST_FLAGSHIP_NAME ".pdf", NULL);
  g_autofree char *text = dg_test_read_text (book);
  cr_assert_null (strstr (text, "/CreationDate"), "the flip-book carries the clock's date");
}

Test (reproducible, threads_do_not_change_the_bytes)
{
  /* Stages drawn one at a time or four at once give the same files. */
  g_auto (DgTestTmpDir) one = dg_test_tmp_dir ("cli");
  g_auto (DgTestTmpDir) four = dg_test_tmp_dir ("cli");
  render_flagship (one.path, (const char *const[]) { "-j", "1", NULL }, NULL, 0);
  render_flagship (four.path, (const char *const[]) { "-j", "4", NULL }, NULL, 0);
  g_autofree char *a = g_build_filename (one.path, DG_TEST_FLAGSHIP_NAME, NULL);
  g_autofree char *b = g_build_filename (four.path, DG_TEST_FLAGSHIP_NAME, NULL);
  g_auto (GStrv) files = flagship_files (TRUE);
  assert_dir_holds (b, (const char *const *) files);
  assert_same_files (a, b, (const char *const *) files);
}

Test (reproducible, neato_layouts_are_the_same_in_every_process)
{
  /* neato's coordinates differ in the 12th digit from one process to the
   * next (on this graph, every run of three gave three layouts until the
   * layout snapped its coordinates); the layout cache prints them all. */
  g_autofree char *path = dg_test_data_path ("good", "synthetic-70.gv");
  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("cli");
  g_autoptr (GBytes) first = NULL;
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *out = g_strdup_printf ("%s/layout-%d.json", dir.path, i);
      g_autofree char *err = NULL;
      int status = dg_test_run ((const char *const[]) { "layout", "-K", "neato", path, "-o", out, NULL }, NULL, &err);
      cr_assert_eq (status, 0, "layout exited %d; stderr:\n%s", status, err);
      g_autoptr (GBytes) bytes = dg_test_read_bytes (out);
      if (first == NULL)
        first = g_steal_pointer (&bytes);
      else
        cr_assert (g_bytes_equal (first, bytes), "run %d laid synthetic-70.gv out differently from run 0", i);
    }
}

Test (reproducible, source_date_epoch_dates_the_pdfs)
{
  g_auto (DgTestTmpDir) one = dg_test_tmp_dir ("cli");
  g_auto (DgTestTmpDir) two = dg_test_tmp_dir ("cli");
  static const char *const opts[] = { "-T", "pdf", NULL };
  /* 1700000000 is 2023-11-14 22:13:20 UTC. */
  static const char *const env[] = { "SOURCE_DATE_EPOCH=1700000000", NULL };
  render_flagship (one.path, opts, env, 0);
  sleep (1); /* the clock moves; the date must not */
  render_flagship (two.path, opts, env, 0);
  g_autofree char *a = g_build_filename (one.path, DG_TEST_FLAGSHIP_NAME, NULL);
  g_autofree char *b = g_build_filename (two.path, DG_TEST_FLAGSHIP_NAME, NULL);
  const char *const files[] = { "01-before.pdf", "02-amazon.pdf", "03-agreement.pdf", "04-y2030.pdf", "05-y2032.pdf",
                                DG_TEST_FLAGSHIP_NAME ".pdf", NULL };
  assert_dir_holds (a, files);
  assert_same_files (a, b, files);
  g_autoptr (GRegex) re = g_regex_new ("/CreationDate\\s*\\((D:)?20231114221320", G_REGEX_RAW, 0, NULL);
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (a, files[i], NULL);
      g_autofree char *text = dg_test_read_text (path);
      cr_assert (g_regex_match (re, text, 0, NULL), "%s does not carry SOURCE_DATE_EPOCH's date", files[i]);
    }
}

Test (reproducible, bad_source_date_epoch_is_a_usage_error)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  static const char *const env[] = { "SOURCE_DATE_EPOCH=yesterday", NULL };
  render_flagship (tmp.path, NULL, env, 64);
}

/* ------------------------------------------------------------------------ */
/* What a second run does to the files of the first */

typedef struct {
  dev_t dev;
  ino_t ino;
  gint64 mtime_ns;
} Stamp;

static Stamp
stamp (const char *path)
{
  struct stat st;
  cr_assert_eq (stat (path, &st), 0, "%s: %s", path, g_strerror (errno));
  return (Stamp) { st.st_dev, st.st_ino, (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec };
}

Test (incremental, unchanged_run_rewrites_nothing)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  render_flagship (tmp.path, NULL, NULL, 0);
  g_autofree char *dir = g_build_filename (tmp.path, DG_TEST_FLAGSHIP_NAME, NULL);
  g_auto (GStrv) files = flagship_files (TRUE);
  guint n = g_strv_length (files);
  g_autofree Stamp *before = g_new (Stamp, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);
      dg_test_set_past_mtime (path);
      before[i] = stamp (path);
    }
  render_flagship (tmp.path, NULL, NULL, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);
      Stamp after = stamp (path);
      cr_assert (after.ino == before[i].ino && after.dev == before[i].dev, "%s was replaced", files[i]);
      cr_assert_eq (after.mtime_ns, before[i].mtime_ns, "%s was rewritten", files[i]);
    }
  assert_dir_holds (dir, (const char *const *) files);
}

Test (incremental, changed_run_rewrites_what_changed)
{
  /* The counterpart of the test above: a new theme changes every file. */
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  render_flagship (tmp.path, NULL, NULL, 0);
  g_autofree char *dir = g_build_filename (tmp.path, DG_TEST_FLAGSHIP_NAME, NULL);
  g_auto (GStrv) files = flagship_files (TRUE);
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);
      dg_test_set_past_mtime (path);
    }
  render_flagship (tmp.path, (const char *const[]) { "--theme", "dark", NULL }, NULL, 0);
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);
      cr_assert_gt (stamp (path).mtime_ns, (gint64) DG_TEST_PAST_SECONDS * 1000000000, "%s was not rewritten",
                    files[i]);
    }
  assert_no_temporaries (dir);
}

/* A render that fails while writing leaves every figure of the previous
 * run as it was ("a failed run leaves earlier figures intact and no
 * partial files"). Here a directory takes the place of 03-agreement.png and
 * the theme changes, so every file would change: the CLI must exit 73 with
 * all the other files still holding the old theme. dg_output_set_commit()
 * checks every target (check_target()) before its first rename; once a
 * run renamed seven files and then failed on the directory, leaving a mix
 * of both themes. */
Test (incremental, failed_run_leaves_previous_figures_intact)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  render_flagship (tmp.path, NULL, NULL, 0);
  g_autofree char *dir = g_build_filename (tmp.path, DG_TEST_FLAGSHIP_NAME, NULL);
  g_auto (GStrv) files = flagship_files (TRUE);
  guint n = g_strv_length (files);
  g_autofree GBytes **before = g_new0 (GBytes *, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);
      before[i] = dg_test_read_bytes (path);
    }
  g_autofree char *blocked = g_build_filename (dir, "03-agreement.png", NULL);
  cr_assert_eq (g_unlink (blocked), 0);
  cr_assert_eq (g_mkdir (blocked, 0755), 0);

  /* A new theme: every file would change. */
  render_flagship (tmp.path, (const char *const[]) { "--theme", "dark", NULL }, NULL, 73);

  GString *changed = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      if (g_str_equal (files[i], "03-agreement.png"))
        continue;
      g_autofree char *path = g_build_filename (dir, files[i], NULL);
      g_autoptr (GBytes) now = dg_test_read_bytes (path);
      if (!g_bytes_equal (now, before[i]))
        g_string_append_printf (changed, " %s", files[i]);
    }
  for (guint i = 0; i < n; i++)
    g_bytes_unref (before[i]);
  g_autofree char *changed_text = g_string_free (changed, FALSE);
  cr_assert (g_file_test (blocked, G_FILE_TEST_IS_DIR), "the blocking directory is gone");
  assert_no_temporaries (dir);
  dg_test_tmp_dir_clear (&tmp);
  cr_assert_str_empty (changed_text, "the failed run replaced figures of the previous one:%s", changed_text);
}

Test (incremental, failed_run_leaves_no_temporaries)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  render_flagship (tmp.path, (const char *const[]) { "-T", "svg", NULL }, NULL, 0);
  g_autofree char *dir = g_build_filename (tmp.path, DG_TEST_FLAGSHIP_NAME, NULL);
  g_autofree char *blocked = g_build_filename (dir, "05-y2032.svg", NULL);
  cr_assert_eq (g_unlink (blocked), 0);
  cr_assert_eq (g_mkdir (blocked, 0755), 0);
  render_flagship (tmp.path, (const char *const[]) { "-T", "svg", "--theme", "grayscale", NULL }, NULL, 73);
  assert_no_temporaries (dir);
  g_autoptr (GPtrArray) names = list_dir (dir);
  cr_assert_eq (names->len, 5, "the directory holds %u entries", names->len);
}

/* ------------------------------------------------------------------------ */
/* Engines through the command line */

/* Graphviz 2.42's fdp aborts in its spline router (multispline.c:153
 * findMap: Assertion `ip') on the flagship's parallel ties, depending on
 * the heap: with the absolute path it did every time. The safe-mode retry
 * must still give a figure, whatever the path's spelling. */
Test (engines, fdp_union_whatever_the_path)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  const char *root = g_getenv ("DG_SOURCE_ROOT");
  g_autofree char *absolute = dg_test_flagship_path ();
  g_autofree char *dotted = g_build_filename (root, ".", "graphs", DG_TEST_FLAGSHIP_NAME ".gv", NULL);
  const char *const paths[] = { absolute, "graphs/" DG_TEST_FLAGSHIP_NAME ".gv",
                                "./graphs/" DG_TEST_FLAGSHIP_NAME ".gv", dotted };
  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      const char *format = i % 2 == 0 ? "svg" : "png";
      g_autofree char *err = NULL;
      int status = dg_test_run_in (root,
                                   (const char *const[]) { "render", "-q", "-K", "fdp", "-T", format, "-o", tmp.path,
                                                           paths[i], NULL },
                                   NULL, NULL, &err);
      cr_assert_eq (status, 0, "render -K fdp -T %s %s exited %d: %s", format, paths[i], status, err);
    }
}

static void
check_engine (const char *engine)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  render_flagship (tmp.path, (const char *const[]) { "-K", engine, "-T", "svg", NULL }, NULL, 0);
  g_autofree char *dir = g_build_filename (tmp.path, DG_TEST_FLAGSHIP_NAME, NULL);
  assert_dir_holds (dir, (const char *const[]) { "01-before.svg", "02-amazon.svg", "03-agreement.svg",
                                                 "04-y2030.svg", "05-y2032.svg", NULL });
}

Test (engines, neato)
{
  check_engine ("neato");
}

Test (engines, sfdp)
{
  check_engine ("sfdp");
}

Test (engines, circo)
{
  check_engine ("circo");
}

Test (engines, twopi)
{
  check_engine ("twopi");
}

/* ------------------------------------------------------------------------ */
/* Outputs of one run never share a path */

Test (collisions, two_inputs_with_one_name_are_refused_before_writing)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  g_autofree char *flagship = dg_test_flagship_path ();
  g_autofree char *text = dg_test_read_text (flagship);
  g_autofree char *d1 = g_build_filename (tmp.path, "d1", NULL), *d2 = g_build_filename (tmp.path, "d2", NULL);
  cr_assert (g_mkdir (d1, 0700) == 0 && g_mkdir (d2, 0700) == 0);
  g_autofree char *g1 = g_build_filename (d1, "g.gv", NULL), *g2 = g_build_filename (d2, "G.gv", NULL);
  cr_assert (g_file_set_contents (g1, text, -1, NULL) && g_file_set_contents (g2, text, -1, NULL));
  g_autofree char *out = g_build_filename (tmp.path, "out", NULL);
  const char *args[] = { "render", "-q", "-T", "svg", "-o", out, g1, g2, NULL };
  g_autofree char *err = NULL;
  int status = dg_test_run (args, NULL, &err);
  cr_assert_eq (status, 64, "d1/g.gv and d2/G.gv both render as \"g\": exit %d\n%s", status, err);
  cr_assert (strstr (err, "g.gv") != NULL && strstr (err, "G.gv") != NULL, "names both: %s", err);
  cr_assert_not (g_file_test (out, G_FILE_TEST_EXISTS), "something was written");
}

Test (collisions, a_graph_named_like_its_first_stage_is_refused)
{
  /* The flip-book <graph>.pdf would replace stage 1's 01-before.pdf. */
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  g_autofree char *flagship = dg_test_flagship_path ();
  g_autofree char *text = dg_test_read_text (flagship);
  g_autofree char *graph = g_build_filename (tmp.path, "01-before.gv", NULL);
  cr_assert (g_file_set_contents (graph, text, -1, NULL));
  g_autofree char *out = g_build_filename (tmp.path, "out", NULL);
  const char *args[] = { "render", "-q", "-T", "pdf", "-o", out, graph, NULL };
  g_autofree char *err = NULL;
  int status = dg_test_run (args, NULL, &err);
  cr_assert_eq (status, 64, "exit %d\n%s", status, err);
  cr_assert (strstr (err, "01-before.pdf") != NULL, "%s", err);
  g_autofree char *dir = g_build_filename (out, "01-before", NULL);
  g_autoptr (GPtrArray) left = g_file_test (dir, G_FILE_TEST_IS_DIR) ? list_dir (dir) : g_ptr_array_new ();
  cr_assert_eq (left->len, 0, "figures were written: %s", join_names (left));
}

/* ------------------------------------------------------------------------ */
/* Files the user names are read only when they are regular files, and only
 * so far */

Test (reads, fifos_and_devices_are_refused_at_once)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  g_autofree char *flagship = dg_test_flagship_path ();
  g_autofree char *fifo_theme = g_build_filename (tmp.path, "pipe.theme", NULL);
  g_autofree char *fifo_html = g_build_filename (tmp.path, "pipe.html", NULL);
  cr_assert (mkfifo (fifo_theme, 0600) == 0 && mkfifo (fifo_html, 0600) == 0);
  g_autofree char *out = g_build_filename (tmp.path, "out", NULL);
  g_autofree char *html = g_build_filename (tmp.path, "a.html", NULL);
  /* Each of these waited for a writer for ever, or read /dev/zero until
   * memory ran out. */
  const char *theme_args[] = { "render", "-q", "-t", fifo_theme, "-o", out, flagship, NULL };
  const char *zero_args[] = { "animate", "--template", "/dev/zero", "-o", html, flagship, NULL };
  const char *fifo_args[] = { "animate", "--template", fifo_html, "-o", html, flagship, NULL };
  const char *const *runs[] = { theme_args, zero_args, fifo_args };
  for (gsize i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *err = NULL;
      int status = dg_test_run (runs[i], NULL, &err);
      cr_assert_eq (status, 78, "%s: exit %d\n%s", runs[i][0], status, err);
      cr_assert (strstr (err, "not a regular file") != NULL, "%s", err);
    }
  cr_assert_not (g_file_test (html, G_FILE_TEST_EXISTS));
}

/* ------------------------------------------------------------------------ */
/* A depfile that cannot be written fails the run before any figure changes */

Test (depfile, unwritable_depfile_fails_before_the_commit)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  g_autofree char *flagship = dg_test_flagship_path ();
  g_autofree char *text = dg_test_read_text (flagship);
  g_autofree char *graph = g_build_filename (tmp.path, "deal.gv", NULL);
  cr_assert (g_file_set_contents (graph, text, -1, NULL));
  g_autofree char *out = g_build_filename (tmp.path, "out", NULL);
  const char *first[] = { "render", "-q", "-T", "svg", "-o", out, graph, NULL };
  cr_assert_eq (dg_test_run (first, NULL, NULL), 0);
  g_autofree char *figure = g_build_filename (out, "deal", "01-before.svg", NULL);
  dg_test_set_past_mtime (figure);
  /* An edit that changes every figure, then a depfile path that is a
   * directory: the run used to replace the figures, then fail (73). */
  GString *edited = g_string_new (text);
  cr_assert (g_string_replace (edited, "Earlier terms", "Earlier TERMS", 0) > 0);
  cr_assert (g_file_set_contents (graph, edited->str, -1, NULL));
  g_string_free (edited, TRUE);
  const char *second[] = { "render", "-q", "-T", "svg", "-o", out, "--depfile", tmp.path, graph, NULL };
  g_autofree char *err = NULL;
  int status = dg_test_run (second, NULL, &err);
  cr_assert_eq (status, 73, "exit %d\n%s", status, err);
  cr_assert (strstr (err, "depfile") != NULL, "%s", err);
  struct stat st;
  cr_assert (g_stat (figure, &st) == 0);
  cr_assert_eq ((gint64) st.st_mtime, (gint64) DG_TEST_PAST_SECONDS, "a figure was replaced");
}

/* render --alt: each stage's short text and long description beside its
 * figure, the same words `describe` writes, every file a target of the
 * depfile; standard output has no beside, so -o - with --alt is refused. */
Test (alt, render_writes_the_text_beside_each_figure_and_names_it_in_the_depfile, .timeout = 60)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  g_autofree char *flagship = dg_test_flagship_path ();
  g_autofree char *out = g_build_filename (tmp.path, "out", NULL);
  g_autofree char *dep = g_build_filename (tmp.path, "figs.d", NULL);
  const char *args[] = { "render", "-q", "--alt", "-T", "svg", "-s", "3", "-o", out, "--depfile", dep, flagship, NULL };
  g_autofree char *err = NULL;
  int status = dg_test_run (args, NULL, &err);
  cr_assert_eq (status, 0, "exit %d\n%s", status, err);
  g_autofree char *name = dg_graph_name_for_path (flagship);
  g_autofree char *dir = g_build_filename (out, name, NULL);
  g_autoptr (GPtrArray) files = list_dir (dir);
  g_autofree char *listed = join_names (files);
  cr_assert_str_eq (listed, "03-agreement.alt.txt 03-agreement.desc.md 03-agreement.svg");

  const char *md_args[] = { "describe", "-s", "3", "-T", "md", flagship, NULL };
  g_autofree char *md = NULL;
  cr_assert_eq (dg_test_run (md_args, &md, NULL), 0);
  g_autofree char *md_path = g_build_filename (dir, "03-agreement.desc.md", NULL);
  g_autofree char *md_file = dg_test_read_text (md_path);
  cr_assert_str_eq (md_file, md);
  g_autofree char *alt_path = g_build_filename (dir, "03-agreement.alt.txt", NULL);
  g_autofree char *alt = dg_test_read_text (alt_path);
  cr_assert (g_str_has_suffix (alt, "\n") && strchr (alt, '\n') == alt + strlen (alt) - 1,
             "the alternative text is one line: %s", alt);
  alt[strlen (alt) - 1] = '\0';
  cr_assert (strstr (md, alt) != NULL, "describe's Markdown does not hold the short text %s", alt);
  cr_assert (strstr (alt, "stage 3 of 5") != NULL, "%s", alt);

  g_autofree char *deps = dg_test_read_text (dep);
  cr_assert (strstr (deps, alt_path) != NULL && strstr (deps, md_path) != NULL, "%s", deps);

  const char *to_stdout[] = { "render", "--alt", "-T", "svg", "-s", "3", "-o", "-", flagship, NULL };
  g_autofree char *out2 = NULL, *err2 = NULL;
  status = dg_test_run (to_stdout, &out2, &err2);
  cr_assert_eq (status, 64, "exit %d\n%s", status, err2);
  cr_assert (strstr (err2, "--alt") != NULL && strstr (err2, "standard output") != NULL, "%s", err2);
  cr_assert_str_empty (out2);
}

/* -w 16cm of a 70-party graph drew text of 1.5 pt without a word (issue
 * 15: 2.2 pt); now the run says how small it got. The flagship stays over
 * the floor at 16 cm, --min-text 0 silences the warning, and an absurd
 * floor is a usage error. */
Test (print, text_under_the_floor_is_reported, .timeout = 60)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("cli");
  g_autofree char *big = dg_test_data_path ("good", "synthetic-70.gv");
  g_autofree char *flagship = dg_test_flagship_path ();
  g_autofree char *out = g_build_filename (tmp.path, "out", NULL);
  g_autofree char *err = NULL;
  const char *small[] = { "render", "-q", "-T", "svg", "-w", "16cm", "-o", out, big, NULL };
  cr_assert_eq (dg_test_run (small, NULL, &err), 0, "%s", err);
  cr_assert (strstr (err, "warning: text as small as ") != NULL && strstr (err, "at -w 16cm, under the 6 pt floor") != NULL,
             "%s", err);
  g_clear_pointer (&err, g_free);
  const char *wide[] = { "render", "-q", "-T", "svg", "-o", out, big, NULL }; /* natural size */
  cr_assert_eq (dg_test_run (wide, NULL, &err), 0, "%s", err);
  cr_assert_null (strstr (err, "text as small as"), "%s", err);
  g_clear_pointer (&err, g_free);
  const char *silenced[] = { "render", "-q", "-T", "svg", "-w", "16cm", "--min-text", "0", "-o", out, big, NULL };
  cr_assert_eq (dg_test_run (silenced, NULL, &err), 0, "%s", err);
  cr_assert_null (strstr (err, "text as small as"), "%s", err);
  g_clear_pointer (&err, g_free);
  const char *fine[] = { "render", "-q", "-T", "svg", "-w", "16cm", "-o", out, flagship, NULL };
  cr_assert_eq (dg_test_run (fine, NULL, &err), 0, "%s", err);
  cr_assert_null (strstr (err, "text as small as"), "%s", err);
  g_clear_pointer (&err, g_free);
  const char *absurd[] = { "render", "-q", "-T", "svg", "--min-text", "100", "-o", out, flagship, NULL };
  cr_assert_eq (dg_test_run (absurd, NULL, &err), 64, "%s", err);
}

/* ------------------------------------------------------------------------ */
/* -G, -N and -E as dot has them (issue 16, item 1) */

/* @text written to @dir/@name; the caller frees the path. */
static char *
write_file (const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename (dir, name, NULL);
  cr_assert (g_file_set_contents (path, text, -1, NULL), "cannot write %s", path);
  return path;
}

/* The line of @dot (an export) that starts with @start, as a new string. */
static char *
dot_line (const char *dot, const char *start)
{
  g_auto (GStrv) lines = g_strsplit (dot, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (g_strchug (lines[i]), start))
      return g_strdup (lines[i]);
  cr_assert_fail ("no line starting %s in:\n%s", start, dot);
  return NULL;
}

/* A root default, an element's own attribute and a cluster's default, as
 * in the check made with dot 2.43 (dot -Nshape=box -Ecolor=blue -Glabel=…). */
static const char precedence_gv[] =
  "digraph prec {\n"
  "  label=\"File title\";\n"
  "  node [shape=ellipse];\n"
  "  edge [color=green];\n"
  "  a [shape=diamond];\n"
  "  b;\n"
  "  subgraph cluster_s { label=\"Group\"; node [shape=circle]; d; }\n"
  "  a -> b [color=red];\n"
  "  b -> d;\n"
  "}\n";

/* dot's precedence: -N and -E win over the file's root-level node [...]
 * and edge [...], -G over its graph attributes; an element's own attribute
 * and a cluster's defaults win over them. Glued (-Nshape=box) or not. */
Test (attrs, settings_win_where_dot_lets_them)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("attrs");
  g_autofree char *graph = write_file (tmp.path, "prec.gv", precedence_gv);
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "export", "-T", "dot", "-Nshape=box", "-E", "color=blue", "-G", "label=Option title", graph,
                         NULL };
  int status = dg_test_run (args, &out, &err);
  cr_assert_eq (status, 0, "exit %d\n%s", status, err);
  cr_assert_str_empty (err);
  g_autofree char *a = dot_line (out, "\"a\" [");
  g_autofree char *b = dot_line (out, "\"b\" [");
  g_autofree char *d = dot_line (out, "\"d\" [");
  g_autofree char *ab = dot_line (out, "\"a\" -> \"b\"");
  g_autofree char *bd = dot_line (out, "\"b\" -> \"d\"");
  cr_assert (strstr (b, "shape=box") != NULL, "-N lost to the file's node [...]: %s", b);
  cr_assert (strstr (a, "shape=diamond") != NULL, "-N won over a node's own shape: %s", a);
  cr_assert (strstr (d, "shape=circle") != NULL, "-N won over a cluster's node [...]: %s", d);
  cr_assert (strstr (bd, "#0000ff") != NULL, "-E lost to the file's edge [...]: %s", bd);
  cr_assert (strstr (ab, "#ff0000") != NULL, "-E won over an edge's own colour: %s", ab);
  cr_assert (strstr (out, "comment=\"Option title\"") != NULL, "-G label is not the title:\n%s", out);
  cr_assert (strstr (out, "label=\"Group\"") != NULL, "-G label won over the cluster's own:\n%s", out);

  /* Without them, the file's own defaults (the settings of the run before
   * leave nothing behind in Graphviz's prototype graph). */
  g_autofree char *plain = NULL;
  cr_assert_eq (dg_test_run ((const char *const[]) { "export", "-T", "dot", graph, NULL }, &plain, NULL), 0);
  g_autofree char *b2 = dot_line (plain, "\"b\" [");
  g_autofree char *bd2 = dot_line (plain, "\"b\" -> \"d\"");
  cr_assert (strstr (b2, "shape=ellipse") != NULL, "%s", b2);
  cr_assert (strstr (bd2, "#00ff00") != NULL, "%s", bd2);
}

/* Wherever the root graph's body sets a default — before or after nodes,
 * as NODE or in a second list — -N overrides it, as in dot (dot -Nshape=box
 * -Ncolor=gray on this file: a, b, c, e gray boxes, d a gray circle, e's
 * own colour blue). */
Test (attrs, every_root_level_default_gives_way)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("attrs");
  g_autofree char *graph = write_file (tmp.path, "t3.gv",
                                       "digraph t3 {\n"
                                       "  a;\n"
                                       "  node [shape=ellipse, color=red];\n"
                                       "  b;\n"
                                       "  subgraph s1 { c; node [shape=circle]; d; }\n"
                                       "  NODE [shape=triangle] [color=green];\n"
                                       "  e [color=blue];\n"
                                       "  a -> b; b -> c; d -> e;\n"
                                       "}\n");
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "export", "-T", "dot", "-Nshape=box", "-Ncolor=gray", graph, NULL };
  cr_assert_eq (dg_test_run (args, &out, &err), 0, "%s", err);
  const struct {
    const char *node, *shape, *color;
  } want[] = {
    { "\"a\" [", "shape=box", ", color=\"#c0c0c0\"" },
    { "\"b\" [", "shape=box", ", color=\"#c0c0c0\"" },
    { "\"c\" [", "shape=box", ", color=\"#c0c0c0\"" },
    { "\"d\" [", "shape=circle", ", color=\"#c0c0c0\"" },
    { "\"e\" [", "shape=box", ", color=\"#0000ff\"" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (want); i++)
    {
      g_autofree char *line = dot_line (out, want[i].node);
      cr_assert (strstr (line, want[i].shape) != NULL && strstr (line, want[i].color) != NULL, "%s", line);
    }
}

/* An invalid value is dropped with the warning the same value in the file
 * gets, naming the option instead of a line, once however many inputs. */
Test (attrs, a_bad_value_is_reported_as_in_the_file)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("attrs");
  g_autofree char *graph = write_file (tmp.path, "prec.gv", precedence_gv);
  g_autofree char *in_file = write_file (tmp.path, "blob.gv", "digraph blob { node [shape=blob]; a -> b }\n");
  g_autofree char *err = NULL, *file_err = NULL;
  const char *args[] = { "check", "-q", "-Nshape=blob", "-Gdpi=300", graph, graph, NULL };
  int status = dg_test_run (args, NULL, &err);
  cr_assert_eq (status, 0, "exit %d\n%s", status, err);
  const char *want = "-Nshape=blob: warning: attribute shape is ignored: \"blob\" is not a Graphviz shape";
  const char *first = strstr (err, want);
  cr_assert_not_null (first, "%s", err);
  cr_assert_null (strstr (first + 1, want), "said twice:\n%s", err);
  cr_assert_not_null (strstr (err, "-Gdpi=300: warning: attribute dpi is ignored: the resolution is dealgraph's "
                                   "--dpi"), "%s", err);
  cr_assert_eq (dg_test_run ((const char *const[]) { "check", "-q", in_file, NULL }, NULL, &file_err), 0);
  cr_assert_not_null (strstr (file_err, "attribute shape is ignored: \"blob\" is not a Graphviz shape"), "%s",
                      file_err);
}

/* A setting that is not one, a bad layout attribute or one of dealgraph's
 * own attributes is a usage error naming the option, and nothing is
 * written. */
Test (attrs, bad_settings_are_usage_errors)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("attrs");
  g_autofree char *graph = dg_test_flagship_path ();
  g_autofree char *out = g_build_filename (tmp.path, "out", NULL);
  struct {
    const char *const *args;
    const char *says;
  } cases[] = {
    { (const char *const[]) { "render", "-N=box", "-o", out, graph, NULL }, "-N=box: error: not an attribute setting" },
    { (const char *const[]) { "render", "-Gnodesep=wide", "-o", out, graph, NULL },
      "-Gnodesep=wide: error: graph attribute nodesep: \"wide\" is not a number of inches" },
    { (const char *const[]) { "render", "-Ekind=stake", "-o", out, graph, NULL },
      "-Ekind=stake: error: kind is one of dealgraph's own attributes" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      int status = dg_test_run (cases[i].args, NULL, &err);
      cr_assert_eq (status, 64, "case %zu: exit %d\n%s", i, status, err);
      cr_assert_not_null (strstr (err, cases[i].says), "case %zu: %s", i, err);
      cr_assert_not (g_file_test (out, G_FILE_TEST_EXISTS), "case %zu wrote %s", i, out);
    }
}

/* A layout cache vouches for the text the graph was read from, settings
 * included: a cache made with -Nshape=box draws exactly what a fresh layout
 * with it does, and a render without the setting (or with another) finds it
 * stale, as it would a changed file. */
Test (attrs, a_layout_cache_records_them, .timeout = 120)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("attrs");
  g_autofree char *graph = dg_test_data_path ("good", "dates.gv");
  g_autofree char *cache = g_build_filename (tmp.path, "dates.layout", NULL);
  g_autofree char *fresh = g_build_filename (tmp.path, "fresh", NULL);
  g_autofree char *cached = g_build_filename (tmp.path, "cached", NULL);
  g_autofree char *err = NULL;
  cr_assert_eq (dg_test_run ((const char *const[]) { "layout", "-Nshape=box", "-o", cache, graph, NULL }, NULL, &err), 0,
                "%s", err);
  g_clear_pointer (&err, g_free);
  cr_assert_eq (dg_test_run ((const char *const[]) { "render", "-q", "-Nshape=box", "-T", "svg", "-o", fresh, graph,
                                                     NULL },
                             NULL, &err),
                0, "%s", err);
  g_clear_pointer (&err, g_free);
  cr_assert_eq (dg_test_run ((const char *const[]) { "render", "-q", "-Nshape=box", "-l", cache, "-T", "svg", "-o",
                                                     cached, graph, NULL },
                             NULL, &err),
                0, "%s", err);
  g_clear_pointer (&err, g_free);
  g_autofree char *a = g_build_filename (fresh, "dates", "01-y.svg", NULL);
  g_autofree char *b = g_build_filename (cached, "dates", "01-y.svg", NULL);
  g_autoptr (GBytes) x = dg_test_read_bytes (a);
  g_autoptr (GBytes) y = dg_test_read_bytes (b);
  cr_assert (g_bytes_equal (x, y), "the cache made with -Nshape=box draws another figure than a fresh layout");
  const char *const *others[] = {
    (const char *const[]) { "render", "-q", "-l", cache, "-T", "svg", "-o", cached, graph, NULL },
    (const char *const[]) { "render", "-q", "-Nshape=ellipse", "-l", cache, "-T", "svg", "-o", cached, graph, NULL },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (others); i++)
    {
      int status = dg_test_run (others[i], NULL, &err);
      cr_assert_eq (status, 65, "case %zu: exit %d\n%s", i, status, err);
      cr_assert_not_null (strstr (err, "stale layout cache"), "case %zu: %s", i, err);
      g_clear_pointer (&err, g_free);
    }
}

/* Every command that reads a graph takes them (stages prints no warnings,
 * so a bad one shows there as an error). */
Test (attrs, every_command_takes_them, .timeout = 120)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("attrs");
  g_autofree char *graph = dg_test_data_path ("good", "dates.gv");
  g_autofree char *out = g_build_filename (tmp.path, "out", NULL);
  g_autofree char *file = g_build_filename (tmp.path, "out.html", NULL);
  const char *const commands[][12] = {
    { "check", NULL },
    { "render", "-T", "svg", "-o", out, NULL },
    { "animate", "--hold", "0.2", "--tween", "0.1", "--dpi", "20", "-o", file, NULL },
    { "export", "-T", "json", NULL },
    { "diff", "--from", "1", "--to", "3", "-T", "svg", "-o", out, NULL },
    { "strip", "-T", "svg", "-o", out, NULL },
    { "audit", NULL },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr (GPtrArray) args = g_ptr_array_new ();
      for (guint k = 0; commands[i][k] != NULL; k++)
        g_ptr_array_add (args, (gpointer) commands[i][k]);
      g_ptr_array_add (args, "-Nshape=blob");
      g_ptr_array_add (args, "-E");
      g_ptr_array_add (args, "penwidth=2");
      g_ptr_array_add (args, graph);
      g_ptr_array_add (args, NULL);
      g_autofree char *err = NULL;
      int status = dg_test_run ((const char *const *) args->pdata, NULL, &err);
      cr_assert_eq (status, 0, "%s: exit %d\n%s", commands[i][0], status, err);
      cr_assert_not_null (strstr (err, "-Nshape=blob: warning:"), "%s: %s", commands[i][0], err);
    }
  g_autofree char *err = NULL;
  const char *stages[] = { "stages", "-Gnodesep=x", graph, NULL };
  cr_assert_eq (dg_test_run (stages, NULL, &err), 64, "%s", err);
  cr_assert_not_null (strstr (err, "-Gnodesep=x: error:"), "%s", err);
}

/* ------------------------------------------------------------------------ */
/* -o - is standard output in every command (issue 16, item 1: layout and
 * animate wrote a file named "-", diff and strip a folder of that name) */

Test (stdout, o_dash_is_standard_output_everywhere, .timeout = 120)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("stdout");
  g_autofree char *graph = dg_test_flagship_path ();
  struct {
    const char *const *args;
    const char *starts;
  } cases[] = {
    { (const char *const[]) { "layout", graph, "-o", "-", NULL }, "{\"format\":\"dealgraph-layout\"" },
    { (const char *const[]) { "animate", graph, "--hold", "0.2", "--tween", "0.1", "-o", "-", NULL }, "<!DOCTYPE html>" },
    { (const char *const[]) { "animate", graph, "-T", "svg", "--hold", "0.2", "--tween", "0.1", "-o", "-", NULL }, "<?xml" },
    { (const char *const[]) { "diff", graph, "--from", "1", "--to", "3", "-T", "svg", "-o", "-", NULL }, "<?xml" },
    { (const char *const[]) { "strip", graph, "-T", "pdf", "-o", "-", NULL }, "%PDF" },
    { (const char *const[]) { "export", graph, "-T", "json", "-o", "-", NULL }, "{" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      int status = dg_test_run_in (tmp.path, cases[i].args, NULL, &out, &err);
      cr_assert_eq (status, 0, "%s: exit %d\n%s", cases[i].args[0], status, err);
      cr_assert (g_str_has_prefix (out, cases[i].starts), "%s: standard output starts %.40s", cases[i].args[0], out);
      g_autoptr (GPtrArray) left = list_dir (tmp.path);
      cr_assert_eq (left->len, 0, "%s wrote %s", cases[i].args[0], (char *) left->pdata[0]);
    }
  /* One figure in several formats cannot go to one stream. */
  g_autofree char *err = NULL;
  const char *several[] = { "diff", graph, "--from", "1", "--to", "3", "-o", "-", NULL };
  cr_assert_eq (dg_test_run_in (tmp.path, several, NULL, NULL, &err), 64, "%s", err);
  cr_assert_not_null (strstr (err, "several formats"), "%s", err);
}

/* diff and strip, which draw one figure, take -o FILE.svg|png|pdf as
 * render does. */
Test (stdout, diff_and_strip_write_one_named_file, .timeout = 60)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("stdout");
  g_autofree char *graph = dg_test_flagship_path ();
  g_autofree char *png = g_build_filename (tmp.path, "changes.png", NULL);
  g_autofree char *svg = g_build_filename (tmp.path, "strip.svg", NULL);
  g_autofree char *err = NULL;
  const char *diff[] = { "diff", graph, "--from", "1", "--to", "3", "-o", png, NULL };
  cr_assert_eq (dg_test_run (diff, NULL, &err), 0, "%s", err);
  g_clear_pointer (&err, g_free);
  const char *strip[] = { "strip", graph, "-o", svg, NULL };
  cr_assert_eq (dg_test_run (strip, NULL, &err), 0, "%s", err);
  assert_dir_holds (tmp.path, (const char *const[]) { "changes.png", "strip.svg", NULL });
  g_autofree char *bytes = NULL;
  cr_assert (g_file_get_contents (png, &bytes, NULL, NULL) && memcmp (bytes, "\x89PNG", 4) == 0);
}

/* ------------------------------------------------------------------------ */
/* Where the work went (issue 16, item 2): a line per graph on a terminal,
 * -q for none, -v for every file; off a terminal, silence unless -v. */

/* Runs $DEALGRAPH with @args (NULL-terminated, without the program), its
 * standard error a pseudo-terminal, as in an interactive shell, and its
 * standard output /dev/null. Returns the exit status; *@tty receives what
 * the terminal showed. */
static int
run_on_terminal (const char *const *args, char **tty)
{
  const char *exe = g_getenv ("DEALGRAPH");
  cr_assert_not_null (exe, "DEALGRAPH is not set");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) exe);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  int master = posix_openpt (O_RDWR | O_NOCTTY);
  cr_assert (master >= 0 && grantpt (master) == 0 && unlockpt (master) == 0, "no pseudo-terminal: %s",
             g_strerror (errno));
  g_autofree char *slave_name = g_strdup (ptsname (master));
  pid_t pid = fork ();
  cr_assert (pid >= 0, "fork: %s", g_strerror (errno));
  if (pid == 0)
    {
      int slave = open (slave_name, O_RDWR | O_NOCTTY);
      int null = open ("/dev/null", O_WRONLY);
      if (slave < 0 || null < 0 || dup2 (slave, STDERR_FILENO) < 0 || dup2 (null, STDOUT_FILENO) < 0)
        _exit (127);
      close (master);
      execv (exe, (char **) argv->pdata);
      _exit (127);
    }
  GString *text = g_string_new (NULL);
  char buf[4096];
  for (;;)
    {
      ssize_t n = read (master, buf, sizeof buf);
      if (n > 0)
        g_string_append_len (text, buf, n);
      else if (n < 0 && errno == EINTR)
        continue;
      else
        break; /* EIO: the program's side is closed */
    }
  close (master);
  int wait_status = 0;
  cr_assert_eq (waitpid (pid, &wait_status, 0), pid);
  cr_assert (WIFEXITED (wait_status), "dealgraph %s died", args[0]);
  *tty = g_string_free (text, FALSE);
  return WEXITSTATUS (wait_status);
}

Test (talk, a_terminal_hears_where_the_figures_went, .timeout = 60)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("talk");
  g_autofree char *graph = dg_test_flagship_path ();
  g_autofree char *out = g_build_filename (tmp.path, "out", NULL);
  const char *args[] = { "render", "-T", "svg,pdf", "-o", out, graph, NULL };
  g_autofree char *tty = NULL, *again = NULL;
  cr_assert_eq (run_on_terminal (args, &tty), 0, "%s", tty);
  g_autofree char *wrote = g_strdup_printf ("wrote 11 figures to %s/" DG_TEST_FLAGSHIP_NAME "/\r\n", out);
  cr_assert (g_str_has_suffix (tty, wrote), "the terminal showed:\n%s", tty);
  cr_assert_eq (run_on_terminal (args, &again), 0, "%s", again);
  g_autofree char *same = g_strdup_printf ("11 figures in %s/" DG_TEST_FLAGSHIP_NAME "/ are up to date\r\n", out);
  cr_assert (g_str_has_suffix (again, same), "the terminal showed:\n%s", again);
}

/* Every command that writes files says what it wrote; -q silences it, and
 * the progress line too. */
Test (talk, every_writer_says_and_q_silences, .timeout = 120)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("talk");
  g_autofree char *graph = dg_test_flagship_path ();
  g_autofree char *out = g_build_filename (tmp.path, "out", NULL);
  g_autofree char *html = g_build_filename (tmp.path, "deal.html", NULL);
  g_autofree char *json = g_build_filename (tmp.path, "deal.json", NULL);
  g_autofree char *cache = g_build_filename (tmp.path, "deal.layout", NULL);
  g_autofree char *frames = g_build_filename (tmp.path, "frames", NULL);
  g_autofree char *figures = g_strdup_printf ("%s/" DG_TEST_FLAGSHIP_NAME "/", out);
  g_autofree char *diff_says = g_strdup_printf ("wrote 3 figures to %s", figures);
  g_autofree char *strip_says = g_strdup_printf ("wrote %sstrip.svg", figures);
  g_autofree char *html_says = g_strdup_printf ("wrote %s and ", html);
  g_autofree char *json_says = g_strdup_printf ("wrote %s", json);
  g_autofree char *cache_says = g_strdup_printf ("wrote %s", cache);
  struct {
    const char *const *args;
    const char *says;
  } cases[] = {
    { (const char *const[]) { "diff", graph, "--from", "1", "--to", "3", "-o", out, NULL }, diff_says },
    { (const char *const[]) { "strip", graph, "-T", "svg", "-o", out, NULL }, strip_says },
    { (const char *const[]) { "animate", graph, "--hold", "0.2", "--tween", "0.1", "--dpi", "20", "-o", html,
                              "--frames", frames, NULL }, html_says },
    { (const char *const[]) { "export", graph, "-o", json, NULL }, json_says },
    { (const char *const[]) { "layout", graph, "-o", cache, NULL }, cache_says },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *tty = NULL;
      cr_assert_eq (run_on_terminal (cases[i].args, &tty), 0, "%s: %s", cases[i].args[0], tty);
      cr_assert_not_null (strstr (tty, cases[i].says), "%s: the terminal showed:\n%s", cases[i].args[0], tty);
      /* Again with -q: the files are there already, so nothing to say
       * either way, and nothing said. */
      g_autoptr (GPtrArray) quiet = g_ptr_array_new ();
      g_ptr_array_add (quiet, (gpointer) cases[i].args[0]);
      g_ptr_array_add (quiet, "-q");
      for (guint k = 1; cases[i].args[k] != NULL; k++)
        g_ptr_array_add (quiet, (gpointer) cases[i].args[k]);
      g_ptr_array_add (quiet, NULL);
      g_autofree char *silent = NULL;
      cr_assert_eq (run_on_terminal ((const char *const *) quiet->pdata, &silent), 0, "%s -q: %s",
                    cases[i].args[0], silent);
      cr_assert_str_empty (silent, "%s -q showed:\n%s", cases[i].args[0], silent);
    }
  g_autofree char *tty = NULL;
  const char *render_q[] = { "render", "-q", "-T", "svg", "-o", out, graph, NULL };
  cr_assert_eq (run_on_terminal (render_q, &tty), 0, "%s", tty);
  cr_assert_str_empty (tty, "render -q showed:\n%s", tty);
}

/* Off a terminal (make, scripts) a run stays silent, as dot does; -v names
 * every file and says the summary anyway; -q -v is a contradiction. */
Test (talk, off_a_terminal_only_v_speaks, .timeout = 60)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("talk");
  g_autofree char *graph = dg_test_flagship_path ();
  g_autofree char *out = g_build_filename (tmp.path, "out", NULL);
  g_autofree char *err = NULL, *verbose = NULL, *both = NULL;
  cr_assert_eq (dg_test_run ((const char *const[]) { "render", "-T", "svg", "-o", out, graph, NULL }, NULL, &err), 0);
  cr_assert_str_empty (err);
  cr_assert_eq (dg_test_run ((const char *const[]) { "render", "-v", "-T", "svg", "-o", out, graph, NULL }, NULL,
                             &verbose), 0, "%s", verbose);
  GString *want = g_string_new (NULL);
  for (gsize s = 0; s < G_N_ELEMENTS (flagship_stems); s++)
    g_string_append_printf (want, "%s/" DG_TEST_FLAGSHIP_NAME "/%s.svg\n", out, flagship_stems[s]);
  g_string_append_printf (want, "5 figures in %s/" DG_TEST_FLAGSHIP_NAME "/ are up to date\n", out);
  cr_assert_str_eq (verbose, want->str);
  g_string_free (want, TRUE);
  cr_assert_eq (dg_test_run ((const char *const[]) { "render", "-q", "-v", "-o", out, graph, NULL }, NULL, &both), 64);
  cr_assert_not_null (strstr (both, "contradict"), "%s", both);
}

/* ------------------------------------------------------------------------ */
/* animate takes render's figure options (issue 16, item 3: the README said
 * so, but -l FILE, -s and --captions were refused) */

/* The stage ids the viewer page @html plays, in order, space-separated. */
static char *
viewer_stage_ids (const char *html)
{
  const char *stages = strstr (html, "\"stages\":[");
  const char *layers = stages != NULL ? strstr (stages, "\"layers\":[\n") : NULL;
  cr_assert (stages != NULL && layers != NULL, "no stage list in the page");
  g_autofree char *list = g_strndup (stages, (gsize) (layers - stages));
  g_autoptr (GRegex) re = g_regex_new ("\\{\"id\":\"([^\"]*)\"", 0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  GString *ids = g_string_new (NULL);
  for (g_regex_match (re, list, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *id = g_match_info_fetch (match, 1);
      g_string_append_printf (ids, "%s%s", ids->len > 0 ? " " : "", id);
    }
  return g_string_free (ids, FALSE);
}

/* A layout cache gives the animation the layout it was made from: the
 * same bytes as laying the graph out anew. */
Test (animate, takes_a_layout_cache, .timeout = 60)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("animate");
  g_autofree char *graph = dg_test_flagship_path ();
  g_autofree char *cache = g_build_filename (tmp.path, "deal.layout", NULL);
  g_autofree char *cached = g_build_filename (tmp.path, "cached.svg", NULL);
  g_autofree char *fresh = g_build_filename (tmp.path, "fresh.svg", NULL);
  g_autofree char *err = NULL;
  cr_assert_eq (dg_test_run ((const char *const[]) { "layout", graph, "-o", cache, NULL }, NULL, &err), 0, "%s", err);
  g_clear_pointer (&err, g_free);
  const char *with[] = { "animate", graph, "-l", cache, "--hold", "0.2", "--tween", "0.1", "-o", cached, NULL };
  cr_assert_eq (dg_test_run (with, NULL, &err), 0, "%s", err);
  const char *without[] = { "animate", graph, "--hold", "0.2", "--tween", "0.1", "-o", fresh, NULL };
  cr_assert_eq (dg_test_run (without, NULL, NULL), 0);
  g_autoptr (GBytes) a = dg_test_read_bytes (cached);
  g_autoptr (GBytes) b = dg_test_read_bytes (fresh);
  cr_assert (g_bytes_equal (a, b), "the cached layout animates differently");
  /* A cache of another graph is refused as render refuses it. */
  g_autofree char *other = dg_test_data_path ("good", "dates.gv");
  g_autofree char *html = g_build_filename (tmp.path, "other.html", NULL);
  g_clear_pointer (&err, g_free);
  const char *stale[] = { "animate", other, "-l", cache, "-o", html, NULL };
  cr_assert_eq (dg_test_run (stale, NULL, &err), 65, "%s", err);
  cr_assert_not (g_file_test (html, G_FILE_TEST_EXISTS));
}

/* -s plays some stages, in the order given; FROM..TO is a range (here and
 * in render and strip); a range that runs backwards or names no stage is a
 * usage error. */
Test (animate, plays_the_stages_chosen, .timeout = 60)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("animate");
  g_autofree char *graph = dg_test_flagship_path ();
  g_autofree char *html = g_build_filename (tmp.path, "deal.html", NULL);
  struct {
    const char *stages[3];
    const char *plays;
  } cases[] = {
    { { "2..4", NULL }, "amazon agreement y2030" },
    { { "y2032", "..2", NULL }, "y2032 before amazon" },
    { { "04-y2030..", NULL }, "y2030 y2032" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) args = g_ptr_array_new ();
      g_ptr_array_add (args, "animate");
      for (guint k = 0; cases[i].stages[k] != NULL; k++)
        {
          g_ptr_array_add (args, "-s");
          g_ptr_array_add (args, (gpointer) cases[i].stages[k]);
        }
      const char *rest[] = { "--hold", "0.2", "--tween", "0.1", "-o", html, graph, NULL };
      for (guint k = 0; rest[k] != NULL; k++)
        g_ptr_array_add (args, (gpointer) rest[k]);
      g_ptr_array_add (args, NULL);
      g_autofree char *err = NULL;
      cr_assert_eq (dg_test_run ((const char *const *) args->pdata, NULL, &err), 0, "case %zu: %s", i, err);
      g_autofree char *page = dg_test_read_text (html);
      g_autofree char *ids = viewer_stage_ids (page);
      cr_assert_str_eq (ids, cases[i].plays, "case %zu", i);
    }
  struct {
    const char *range;
    const char *says;
  } bad[] = {
    { "4..2", "runs backwards" },
    { "2..9", "no stage '9'" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *err = NULL;
      const char *args[] = { "animate", "-s", bad[i].range, "-o", html, graph, NULL };
      cr_assert_eq (dg_test_run (args, NULL, &err), 64, "%s", err);
      cr_assert_not_null (strstr (err, bad[i].says), "%s", err);
    }
  /* render's -s takes ranges too, each figure once. */
  g_autofree char *out = g_build_filename (tmp.path, "out", NULL);
  g_autofree char *err = NULL;
  const char *render[] = { "render", "-q", "-T", "svg", "-s", "2..3", "-s", "3", "-o", out, graph, NULL };
  cr_assert_eq (dg_test_run (render, NULL, &err), 0, "%s", err);
  g_autofree char *figures = g_build_filename (out, DG_TEST_FLAGSHIP_NAME, NULL);
  assert_dir_holds (figures, (const char *const[]) { "02-amazon.svg", "03-agreement.svg", NULL });
}

/* --captions as in render; --crop, which would make the stages jump about
 * on the one canvas every frame shares, is refused saying so. */
Test (animate, captions_and_why_not_crop, .timeout = 60)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("animate");
  g_autofree char *graph = dg_test_flagship_path ();
  g_autofree char *plain = g_build_filename (tmp.path, "plain.svg", NULL);
  g_autofree char *captioned = g_build_filename (tmp.path, "captioned.svg", NULL);
  g_autofree char *err = NULL;
  const char *with[] = { "animate", graph, "--captions", "--hold", "0.2", "--tween", "0.1", "-o", captioned, NULL };
  cr_assert_eq (dg_test_run (with, NULL, &err), 0, "%s", err);
  const char *without[] = { "animate", graph, "--hold", "0.2", "--tween", "0.1", "-o", plain, NULL };
  cr_assert_eq (dg_test_run (without, NULL, NULL), 0);
  g_autoptr (GBytes) a = dg_test_read_bytes (captioned);
  g_autoptr (GBytes) b = dg_test_read_bytes (plain);
  cr_assert_not (g_bytes_equal (a, b), "--captions changed nothing");
  g_clear_pointer (&err, g_free);
  const char *crop[] = { "animate", graph, "--crop", "-o", plain, NULL };
  cr_assert_eq (dg_test_run (crop, NULL, &err), 64, "%s", err);
  cr_assert_not_null (strstr (err, "shares one canvas"), "%s", err);
}

/* The README's "Describing figures" quotes what describe writes for the
 * flagship's third stage: a change of wording or of the showcase must
 * change the quote too, so the README stays true. */
Test (describe, readme_quotes_what_describe_writes)
{
  g_autofree char *readme_path = dg_test_source_path (".", "README.md");
  g_autofree char *readme = dg_test_read_text (readme_path);
  const char *command = "$ dealgraph describe graphs/" DG_TEST_FLAGSHIP_NAME ".gv -s agreement -T txt\n";
  const char *start = strstr (readme, command);
  cr_assert_not_null (start, "README.md quotes no \"%s\"", command);
  start += strlen (command);
  const char *end = strstr (start, "```");
  cr_assert_not_null (end);
  g_autofree char *quoted = g_strndup (start, (gsize) (end - start));
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "describe", "graphs/" DG_TEST_FLAGSHIP_NAME ".gv", "-s", "agreement", "-T", "txt", NULL };
  cr_assert_eq (dg_test_run_in (g_getenv ("DG_SOURCE_ROOT"), args, NULL, &out, &err), 0, "%s", err);
  cr_assert_str_eq (quoted, out, "README.md's quote differs from what describe writes:\n%s", out);
}
