/* figure.c — the options of the commands that draw figures (render, animate, diff, strip), and writing one figure. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* The smallest text a printed figure should carry without a word: 6 pt, a
 * common floor for figure text in print. */
#define DEFAULT_MIN_TEXT_PT 6.0

void
cli_figure_add_files (GOptionContext *context, CliFigure *fig, const char *output_help, const char *flat_help)
{
  fig->has_formats = TRUE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &fig->out_dir, output_help, "DIR" },
    { "flat", 0, 0, G_OPTION_ARG_NONE, &fig->flat, flat_help, NULL },
    { "format", 'T', 0, G_OPTION_ARG_STRING, &fig->formats_text, "Formats, comma-separated: svg,png,pdf (default: all three)", "LIST" },
    { NULL },
  };
  g_option_context_add_main_entries (context, entries, NULL);
}

void
cli_figure_add_size (GOptionContext *context, CliFigure *fig, gboolean width, const char *dpi_help,
                     double default_dpi)
{
  fig->default_dpi = default_dpi;
  /* Unset: the default, lowered for huge figures (auto_dpi). An explicit
   * --dpi 0 is then out of range like any other bad value. */
  fig->dpi = -1;
  GOptionEntry width_entries[] = {
    { "width", 'w', 0, G_OPTION_ARG_STRING, &fig->width_text, "Figure width: 16cm, 6in, 800px, 400pt (default: natural size)", "LENGTH" },
    { NULL },
  };
  fig->min_text = DEFAULT_MIN_TEXT_PT;
  GOptionEntry dpi_entries[] = {
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &fig->dpi,
      dpi_help != NULL ? dpi_help : "PNG resolution in pixels per inch (default: 144)", "N" },
    { "min-text", 0, 0, G_OPTION_ARG_DOUBLE, &fig->min_text,
      "Warn when text would be drawn smaller than PT points on the page (default: 6; 0: never)", "PT" },
    { NULL },
  };
  if (width)
    g_option_context_add_main_entries (context, width_entries, NULL);
  g_option_context_add_main_entries (context, dpi_entries, NULL);
}

void
cli_figure_add_crop (GOptionContext *context, CliFigure *fig)
{
  GOptionEntry entries[] = {
    { "crop", 0, 0, G_OPTION_ARG_NONE, &fig->crop,
      "Cut each figure to what it draws, at the scale of the shared frame (with -w: the scale the uncropped "
      "figure gets)", NULL },
    { NULL },
  };
  g_option_context_add_main_entries (context, entries, NULL);
}

void
cli_figure_add_parts (GOptionContext *context, CliFigure *fig, const char *caption_help)
{
  GOptionEntry entries[] = {
    { "no-title", 0, 0, G_OPTION_ARG_NONE, &fig->no_title, "Leave out the title", NULL },
    { "no-caption", 0, 0, G_OPTION_ARG_NONE, &fig->no_caption,
      caption_help != NULL ? caption_help : "Leave out the stage caption", NULL },
    { "no-timeline", 0, 0, G_OPTION_ARG_NONE, &fig->no_timeline, "Leave out the timeline strip", NULL },
    { "no-legend", 0, 0, G_OPTION_ARG_NONE, &fig->no_legend, "Leave out the legend", NULL },
    { "no-credit", 0, 0, G_OPTION_ARG_NONE, &fig->no_credit, "Leave out the credit line", NULL },
    { NULL },
  };
  g_option_context_add_main_entries (context, entries, NULL);
}

void
cli_figure_add_jobs (GOptionContext *context, CliFigure *fig, const char *jobs_help, const char *jobs_zero)
{
  fig->has_jobs = TRUE;
  fig->jobs_zero = jobs_zero;
  GOptionEntry entries[] = {
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &fig->jobs, jobs_help, "N" },
    { NULL },
  };
  g_option_context_add_main_entries (context, entries, NULL);
}

/* Parses a --format list ("svg,png,pdf") into @want, indexed by DgFormat;
 * FALSE, after saying why, for an unknown format. */
/* The widest figure -w may ask for, in points. */
#define MAX_FIGURE_WIDTH_PT 100000

static gboolean
parse_formats (const char *text, gboolean want[3], const char *command)
{
  want[0] = want[1] = want[2] = FALSE;
  g_auto (GStrv) names = g_strsplit (text, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      DgFormat f;
      if (!dg_format_from_string (g_strstrip (names[i]), &f))
        {
          fprintf (stderr, "dealgraph %s: unknown format '%s' (svg, png, pdf)\n", command, names[i]);
          return FALSE;
        }
      want[f] = TRUE;
    }
  if (!want[0] && !want[1] && !want[2])
    {
      fprintf (stderr, "dealgraph %s: no format given (svg, png, pdf)\n", command);
      return FALSE;
    }
  return TRUE;
}

/* The PDF creation date from SOURCE_DATE_EPOCH into *@date (left alone when
 * unset); FALSE, after saying why, when it is not a number of seconds. */
static gboolean
source_date (gint64 *date, const char *command)
{
  const char *epoch = g_getenv ("SOURCE_DATE_EPOCH");
  if (epoch == NULL || epoch[0] == '\0')
    return TRUE;
  char *end = NULL;
  gint64 t = g_ascii_strtoll (epoch, &end, 10);
  if (*end != '\0' || t < 0)
    {
      fprintf (stderr, "dealgraph %s: SOURCE_DATE_EPOCH '%s' is not a number of seconds\n", command, epoch);
      return FALSE;
    }
  *date = t;
  return TRUE;
}

gboolean
cli_figure_check (CliFigure *fig, const char *command)
{
  fig->want[0] = fig->want[1] = fig->want[2] = TRUE;
  if (fig->formats_text != NULL && !parse_formats (fig->formats_text, fig->want, command))
    return FALSE;
  fig->auto_dpi = fig->dpi == -1;
  if (fig->auto_dpi)
    fig->dpi = fig->default_dpi;
  if (!(fig->dpi >= 10 && fig->dpi <= 2400))
    {
      fprintf (stderr, "dealgraph %s: --dpi must be between 10 and 2400\n", command);
      return FALSE;
    }
  if (fig->has_jobs && (fig->jobs < 0 || fig->jobs > 256))
    {
      fprintf (stderr, "dealgraph %s: --jobs must be between 1 and 256%s%s%s\n", command,
               fig->jobs_zero != NULL ? " (" : "", fig->jobs_zero != NULL ? fig->jobs_zero : "",
               fig->jobs_zero != NULL ? ")" : "");
      return FALSE;
    }
  if (!(fig->min_text >= 0 && fig->min_text <= 72))
    {
      fprintf (stderr, "dealgraph %s: --min-text must be between 0 and 72 points\n", command);
      return FALSE;
    }
  DgRenderOptions render = DG_RENDER_OPTIONS_INIT;
  fig->render = render;
  fig->render.dpi = fig->dpi;
  if (fig->width_text != NULL && !cli_parse_length (fig->width_text, fig->dpi, &fig->render.width))
    {
      fprintf (stderr, "dealgraph %s: --width '%s' is not a length (16cm, 6in, 800px, 400pt)\n", command,
               fig->width_text);
      return FALSE;
    }
  /* A usage error, not a render failure later: 100,000 pt is 35 m. */
  if (fig->render.width > MAX_FIGURE_WIDTH_PT)
    {
      fprintf (stderr, "dealgraph %s: --width '%s' is wider than %d pt\n", command, fig->width_text,
               MAX_FIGURE_WIDTH_PT);
      return FALSE;
    }
  /* Only a command that writes PDFs (it has --format) reads the date: a
   * bad SOURCE_DATE_EPOCH must not stop one that has no use for it. */
  if (fig->has_formats && !source_date (&fig->render.date, command))
    return FALSE;
  DgSceneOptions scene = DG_SCENE_OPTIONS_INIT;
  fig->scene = scene;
  fig->scene.title = !fig->no_title;
  fig->scene.caption = !fig->no_caption;
  fig->scene.timeline = !fig->no_timeline;
  fig->scene.legend = !fig->no_legend;
  fig->scene.credit = !fig->no_credit;
  fig->scene.crop = fig->crop;
  if (!cli_talk_check (&fig->talk, command))
    return FALSE;
  fig->progress = cli_talk_progress (&fig->talk);
  return TRUE;
}

void
cli_figure_clear (CliFigure *fig)
{
  g_clear_pointer (&fig->out_dir, g_free);
  g_clear_pointer (&fig->formats_text, g_free);
  g_clear_pointer (&fig->width_text, g_free);
  cli_depfile_args_clear (&fig->depfile);
}

gboolean
cli_names_one_file (const char *out, int *format)
{
  *format = -1;
  if (out == NULL)
    return FALSE;
  if (strcmp (out, "-") == 0)
    return TRUE;
  const char *dot = strrchr (out, '.');
  DgFormat f;
  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL || g_file_test (out, G_FILE_TEST_IS_DIR))
    return FALSE;
  g_autofree char *ext = g_ascii_strdown (dot + 1, -1);
  if (!dg_format_from_string (ext, &f))
    return FALSE;
  *format = (int) f;
  return TRUE;
}

gboolean
cli_figure_check_single (CliFigure *fig, const char *command, const char *why_not, const char *advice)
{
  int format = -1;
  fig->single = NULL;
  if (!cli_names_one_file (fig->out_dir, &format))
    return TRUE;
  if (format >= 0 && fig->formats_text == NULL)
    for (int k = 0; k < 3; k++)
      fig->want[k] = k == format;
  guint n_formats = (guint) fig->want[0] + (guint) fig->want[1] + (guint) fig->want[2];
  const char *why = why_not != NULL                      ? why_not
                    : n_formats != 1                     ? "several formats (-T)"
                    : format >= 0 && !fig->want[format]  ? "a format (-T) other than its name's"
                    : fig->flat                          ? "--flat"
                                                         : NULL;
  if (why != NULL)
    {
      fprintf (stderr, "dealgraph %s: -o %s names one file, but this run asks for %s; give -o a folder, or %s\n",
               command, fig->out_dir, why, advice);
      return FALSE;
    }
  if (strcmp (fig->out_dir, "-") == 0 && fig->depfile.path != NULL && fig->depfile.targets == NULL)
    {
      fprintf (stderr, "dealgraph %s: --depfile with standard output needs --depfile-target to name the rule's "
                       "target\n", command);
      return FALSE;
    }
  fig->single = fig->out_dir;
  return TRUE;
}

char *
cli_figure_dir (const CliFigure *fig, const DgGraph *graph)
{
  const char *dir = fig->out_dir != NULL ? fig->out_dir : "output";
  /* --flat is for build systems (meson, ninja) whose rules declare each
   * output in one folder: the graph's name moves into the file names. */
  return fig->flat ? g_strdup (dir) : g_build_filename (dir, dg_graph_get_name (graph), NULL);
}

double
cli_figure_page_text (const CliFigure *fig, const DgScene *scene)
{
  return dg_scene_get_smallest_text (scene) * dg_scene_output_scale (scene, fig->render.width);
}

void
cli_figure_check_text (const CliFigure *fig, const char *path, double smallest)
{
  if (smallest > 0 && smallest < fig->min_text)
    fprintf (stderr, "%s: warning: text as small as %.1f pt on the page%s%s, under the %.3g pt floor (%s, or pass "
             "--min-text 0)\n",
             path, smallest, fig->width_text != NULL ? " at -w " : "", fig->width_text != NULL ? fig->width_text : "",
             fig->min_text, fig->small_text_advice != NULL ? fig->small_text_advice : "draw the figure wider");
}

int
cli_figure_write_scene (const CliFigure *fig, const CliLayoutArgs *layout, const DgGraph *graph,
                        const char *path, const DgScene *scene, const char *name, const char *description,
                        const char *what)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = cli_figure_dir (fig, graph);
  g_autofree char *stem = fig->flat ? g_strdup_printf ("%s-%s", dg_graph_get_name (graph), name) : g_strdup (name);
  /* Drawn in memory first, then written all or nothing: a failure must
   * leave the figures of the previous run as they were. */
  g_autoptr (DgOutputSet) set = dg_output_set_new ();
  g_autoptr (CliDepfile) deps = cli_depfile_args_start (&fig->depfile);
  const gboolean to_stdout = fig->single != NULL && strcmp (fig->single, "-") == 0;
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  for (int k = 0; k < 3; k++)
    {
      if (!fig->want[k])
        continue;
      DgRenderOptions options = fig->render;
      options.graph = graph; /* names the SVG's parties and ties */
      options.description = description; /* the SVG's <desc>, the PDF's subject */
      /* Without --dpi, a figure too big for a sensible PNG gets fewer
       * pixels per inch rather than an error, as in render. */
      if (k == DG_FORMAT_PNG && fig->auto_dpi)
        options.dpi = dg_render_fitting_dpi (scene, &fig->render, DG_FIGURE_SET_FIT_PNG_SIDE);
      g_autoptr (GBytes) bytes = dg_render_scene (scene, (DgFormat) k, &options, &error);
      if (bytes == NULL)
        {
          g_prefix_error (&error, "%s", what);
          return cli_fail (error);
        }
      if (to_stdout)
        {
          /* cli_figure_check_single() left one format. */
          if (!cli_write_stdout (bytes, path, &error))
            return cli_fail (error);
          continue;
        }
      g_autofree char *file = g_strdup_printf ("%s.%s", stem, dg_format_extension ((DgFormat) k));
      g_autofree char *out = fig->single != NULL ? g_strdup (fig->single) : g_build_filename (dir, file, NULL);
      dg_output_set_add (set, out, bytes);
      if (deps != NULL)
        cli_depfile_add_target (deps, out);
      g_ptr_array_add (paths, g_steal_pointer (&out));
    }
  guint n_written = 0;
  if (!cli_commit (set, &n_written, &error))
    return cli_fail (error);
  cli_figure_check_text (fig, path, cli_figure_page_text (fig, scene));
  cli_talk_wrote (&fig->talk, "figures", (const char *const *) paths->pdata, paths->len, n_written);
  if (deps != NULL)
    {
      cli_depfile_add_sources (deps, path, layout);
      if (!cli_depfile_args_write (&fig->depfile, deps, &error))
        return cli_fail (error);
    }
  return EXIT_OK;
}
