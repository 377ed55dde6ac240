/* render.c — `dealgraph render`: a figure per stage in SVG, PNG and PDF, plus a flip-book PDF. */
#include <stdio.h>
#include <string.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "cli.h"


int
cli_find_stage (const DgGraph *graph, const char *name)
{
  const DgStage *stage = dg_graph_find_stage (graph, name);
  if (stage != NULL)
    return (int) stage->index;
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      g_autofree char *stem = dg_stage_file_stem (graph, s);
      if (g_strcmp0 (dg_graph_stage (graph, s)->safe_name, name) == 0 || g_strcmp0 (stem, name) == 0)
        return (int) s;
    }
  char *end = NULL;
  guint64 n = g_ascii_strtoull (name, &end, 10);
  if (end != name && *end == '\0' && n >= 1 && n <= dg_graph_n_stages (graph))
    return (int) n - 1;
  return -1;
}

double
cli_fitting_dpi (const DgScene *scene, const DgRenderOptions *options)
{
  double scale = options->width > 0 ? options->width / dg_scene_get_width (scene) : 1.0;
  double side = MAX (dg_scene_get_width (scene), dg_scene_get_height (scene)) * scale;
  double dpi = options->dpi;
  if (side * dpi / 72.0 > 12000)
    dpi = floor (12000 * 72.0 / side);
  return MAX (dpi, 1.0);
}

/* What every render thread shares. */
typedef struct {
  const DgGraph *graph;
  const DgLayout *layout;
  const DgTheme *theme;
  const DgSceneOptions *scene_options;
  const DgRenderOptions *render_options;
  gboolean auto_dpi;
  const gboolean *want;
  gboolean keep_scenes; /* for the book; otherwise each is freed once drawn */
  const char *dir;      /* where the figures go, and their name prefix */
  const char *prefix;
  DgOutputSet *set;     /* each figure is staged into it as soon as drawn */
  gboolean show_progress;
  guint total;
  guint done;
  GMutex lock;
} RenderShared;

/* One stage: its scene (while needed) and the paths of its figures. */
typedef struct {
  guint stage;
  DgScene *scene;
  char *paths[3];
  GError *error;
} RenderJob;

static void progress (gboolean show, guint done, guint total, const char *what);

/* Threads for @n_stages figures: every core, except for a set so small that
 * a thread's start (its own Pango font map, fontconfig matching) costs more
 * than its share of the drawing: under 8 Mpixels of PNG in all. */
static guint
render_threads (const DgLayout *layout, guint n_stages, const DgRenderOptions *options)
{
  guint cores = MIN (g_get_num_processors (), MAX (n_stages, 1u));
  const DgGeometry *geo = dg_layout_stage_geometry (layout, 0);
  double side = options->dpi / 72.0;
  double pixels = (geo->bbox.x1 - geo->bbox.x0) * (geo->bbox.y1 - geo->bbox.y0) * side * side * n_stages;
  return pixels < 8e6 ? 1 : cores;
}

static void
render_job (gpointer data, gpointer user_data)
{
  RenderJob *job = data;
  RenderShared *sh = user_data;
  job->scene = dg_scene_build (sh->graph, sh->layout, sh->theme, job->stage, sh->scene_options);
  g_autofree char *stem = dg_stage_file_stem (sh->graph, job->stage);
  for (int k = 0; k < 3 && job->error == NULL; k++)
    {
      if (!sh->want[k])
        continue;
      DgRenderOptions options = *sh->render_options;
      if (k == DG_FORMAT_PNG && sh->auto_dpi)
        options.dpi = cli_fitting_dpi (job->scene, sh->render_options);
      g_autoptr (GBytes) bytes = dg_render_scene (job->scene, (DgFormat) k, &options, &job->error);
      if (bytes == NULL)
        break;
      /* To disk now, into place at the commit: a figure set of large PNGs
       * would not fit in memory all at once. */
      g_autofree char *name = g_strdup_printf ("%s%s.%s", sh->prefix, stem, dg_format_extension ((DgFormat) k));
      job->paths[k] = g_build_filename (sh->dir, name, NULL);
      if (!dg_output_set_stage (sh->set, job->paths[k], bytes, &job->error))
        break;
    }
  if (!sh->keep_scenes)
    g_clear_pointer (&job->scene, dg_scene_free);
  g_mutex_lock (&sh->lock);
  sh->done++;
  progress (sh->show_progress, sh->done, sh->total, dg_graph_stage (sh->graph, job->stage)->id);
  g_mutex_unlock (&sh->lock);
}

static void
progress (gboolean show, guint done, guint total, const char *what)
{
  if (!show)
    return;
  fprintf (stderr, "\r\033[K[%u/%u] %s", done, total, what);
  if (done == total)
    fprintf (stderr, "\r\033[K");
  fflush (stderr);
}

gboolean
cli_parse_formats (const char *text, gboolean want[3], const char *command)
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
  return TRUE;
}

gboolean
cli_source_date (gint64 *date, const char *command)
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

DgLayout *
cli_layout_get (const char *path, const DgGraph *graph, const DgTheme *theme, const char *layout_path,
                const char *engine, const DgLayoutOptions *layout_options, const char *command, int *status)
{
  g_autoptr (GError) error = NULL;
  DgLayout *layout = NULL;
  if (layout_path != NULL)
    {
      /* The warnings were printed when the cache was made; every shard
       * repeating them would only bury them. */
      layout = dg_layout_load (layout_path, graph, theme, &error);
      if (layout == NULL)
        {
          *status = cli_fail (error);
          return NULL;
        }
      if (engine != NULL && strcmp (engine, "auto") != 0 && strcmp (engine, dg_layout_get_engine (layout)) != 0)
        {
          fprintf (stderr, "dealgraph %s: --engine %s, but the layout cache %s was computed with %s\n", command,
                   engine, layout_path, dg_layout_get_engine (layout));
          dg_layout_free (layout);
          *status = EXIT_USAGE;
          return NULL;
        }
      return layout;
    }
  layout = dg_layout_compute (graph, theme, layout_options, &error);
  if (layout == NULL)
    {
      *status = cli_fail (error);
      return NULL;
    }
  const char *const *warnings = dg_layout_get_warnings (layout);
  for (guint i = 0; warnings[i] != NULL; i++)
    fprintf (stderr, "%s: warning: %s\n", path, warnings[i]);
  return layout;
}

int
cmd_render (int argc, char **argv)
{
  CliLimits limits = { 0 };
  g_autofree char *out_dir = NULL;
  g_autofree char *formats_text = NULL;
  g_auto (GStrv) stage_names = NULL;
  g_autofree char *width_text = NULL;
  double dpi = 0;
  g_autofree char *engine = NULL;
  g_autofree char *mode_text = NULL;
  g_autofree char *theme_name = NULL;
  gboolean no_title = FALSE, no_caption = FALSE, no_timeline = FALSE, no_legend = FALSE, no_credit = FALSE;
  gboolean no_book = FALSE, book_only = FALSE, flat = FALSE, quiet = FALSE, captions = FALSE;
  g_autofree char *depfile = NULL;
  g_auto (GStrv) depfile_targets = NULL;
  int jobs_n = 0; /* 0: chosen per graph, see render_threads() */
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "Write figures under DIR/<graph name>/ (default: output)", "DIR" },
    { "flat", 0, 0, G_OPTION_ARG_NONE, &flat, "Write DIR/<graph name>-<NN>-<stage>.svg… instead, with no folder per graph", NULL },
    { "format", 'T', 0, G_OPTION_ARG_STRING, &formats_text, "Formats, comma-separated: svg,png,pdf (default: all three)", "LIST" },
    { "stage", 's', 0, G_OPTION_ARG_STRING_ARRAY, &stage_names, "Render only this stage (id, file name or number); repeatable", "ID" },
    { "width", 'w', 0, G_OPTION_ARG_STRING, &width_text, "Figure width: 16cm, 6in, 800px, 400pt (default: natural size)", "LENGTH" },
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, "PNG resolution in pixels per inch (default: 144, less for figures over 12000 px)", "N" },
    { "engine", 'K', 0, G_OPTION_ARG_STRING, &engine, "Graphviz layout engine: auto (default: by the graph's size), dot, neato, fdp, sfdp, circo, twopi", "NAME" },
    { "layout", 'l', 0, G_OPTION_ARG_FILENAME, &mode_text, "union (default: nobody moves), stage (each on its own), anchored; or a layout cache from 'dealgraph layout'", "MODE|FILE" },
    { "theme", 't', 0, G_OPTION_ARG_STRING, &theme_name, "Theme name (report, dark, grayscale) or path to a .theme file", "THEME" },
    { "no-title", 0, 0, G_OPTION_ARG_NONE, &no_title, "Leave out the title", NULL },
    { "no-caption", 0, 0, G_OPTION_ARG_NONE, &no_caption, "Leave out the stage caption", NULL },
    { "no-timeline", 0, 0, G_OPTION_ARG_NONE, &no_timeline, "Leave out the timeline strip", NULL },
    { "no-legend", 0, 0, G_OPTION_ARG_NONE, &no_legend, "Leave out the legend", NULL },
    { "no-credit", 0, 0, G_OPTION_ARG_NONE, &no_credit, "Leave out the credit line", NULL },
    { "captions", 0, 0, G_OPTION_ARG_NONE, &captions, "Under each stage's caption, list what changed since the stage before", NULL },
    { "no-book", 0, 0, G_OPTION_ARG_NONE, &no_book, "Do not write the multi-page PDF of all stages", NULL },
    { "book-only", 0, 0, G_OPTION_ARG_NONE, &book_only, "Write only the multi-page PDF of all stages", NULL },
    { "depfile", 0, 0, G_OPTION_ARG_FILENAME, &depfile, "Also write a make dependency file naming every output and every file read", "FILE" },
    { "depfile-target", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &depfile_targets, "Name TARGET as the depfile's target instead (a stamp file); repeatable", "TARGET" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs_n, "Draw this many stages at once (default: all cores, one for a small set)", "N" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress line", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE… — draw every stage of a timeline");
  g_option_context_set_summary (context,
      "Writes DIR/<graph>/<NN>-<stage>.{svg,png,pdf} for each stage and\n"
      "DIR/<graph>/<graph>.pdf with a page per stage. Files whose bytes would not\n"
      "change are left alone; every file is replaced atomically. SOURCE_DATE_EPOCH,\n"
      "when set, is the PDFs' creation date (else they carry none).\n\n"
      "With --layout FILE, a layout cache written by 'dealgraph layout', the\n"
      "parties sit exactly where the cache puts them, so several processes can\n"
      "each draw some of the stages (--stage) and the figures still line up. A\n"
      "cache made from another version of the graph or the theme is refused (65).");
  g_option_context_add_main_entries (context, entries, NULL);
  cli_add_limit_options (context, &limits);
  if (!cli_parse (context, &argc, &argv))
    return EXIT_USAGE;
  if (argc < 2)
    {
      fprintf (stderr, "dealgraph render: no input file\nTry 'dealgraph render --help'.\n");
      return EXIT_USAGE;
    }

  gboolean want[3] = { TRUE, TRUE, TRUE };
  if (formats_text != NULL && !cli_parse_formats (formats_text, want, "render"))
    return EXIT_USAGE;
  gboolean auto_dpi = dpi == 0;
  if (auto_dpi)
    dpi = 144;
  if (!(dpi >= 10 && dpi <= 2400))
    {
      fprintf (stderr, "dealgraph render: --dpi must be between 10 and 2400\n");
      return EXIT_USAGE;
    }
  if (jobs_n < 0 || jobs_n > 256)
    {
      fprintf (stderr, "dealgraph render: --jobs must be between 1 and 256 (0: chosen for the graph)\n");
      return EXIT_USAGE;
    }
  DgRenderOptions render_options = DG_RENDER_OPTIONS_INIT;
  render_options.dpi = dpi;
  if (width_text != NULL && !cli_parse_length (width_text, dpi, &render_options.width))
    {
      fprintf (stderr, "dealgraph render: --width '%s' is not a length (16cm, 6in, 800px, 400pt)\n", width_text);
      return EXIT_USAGE;
    }
  if (!cli_source_date (&render_options.date, "render"))
    return EXIT_USAGE;
  DgLayoutOptions layout_options = DG_LAYOUT_OPTIONS_INIT;
  if (engine != NULL)
    layout_options.engine = engine;
  /* --layout takes a mode or, for anything else, a layout cache's path. */
  const char *layout_path = NULL;
  if (mode_text != NULL && !cli_parse_mode (mode_text, &layout_options.mode))
    layout_path = mode_text;
  if (layout_path != NULL && argc > 2)
    {
      fprintf (stderr, "dealgraph render: a layout cache (--layout %s) belongs to one graph; got %d files\n",
               layout_path, argc - 1);
      return EXIT_USAGE;
    }
  if (book_only && (no_book || stage_names != NULL || !want[DG_FORMAT_PDF]))
    {
      fprintf (stderr, "dealgraph render: --book-only is the PDF of every stage: it goes with neither --no-book, "
                       "--stage nor a --format without pdf\n");
      return EXIT_USAGE;
    }
  if (depfile_targets != NULL && depfile == NULL)
    {
      fprintf (stderr, "dealgraph render: --depfile-target needs --depfile\n");
      return EXIT_USAGE;
    }
  DgSceneOptions scene_options = DG_SCENE_OPTIONS_INIT;
  scene_options.title = !no_title;
  scene_options.caption = !no_caption;
  scene_options.timeline = !no_timeline;
  scene_options.legend = !no_legend;
  scene_options.credit = !no_credit;
  scene_options.changes = captions;

  g_autoptr (GError) error = NULL;
  g_autoptr (DgTheme) theme = dg_theme_load (theme_name != NULL ? theme_name : "report", &error);
  if (theme == NULL)
    return cli_fail (error);

  gboolean show_progress = !quiet && isatty (STDERR_FILENO);
  g_autoptr (CliDepfile) deps = depfile != NULL ? cli_depfile_new () : NULL;
  int status = EXIT_OK;
  for (int f = 1; f < argc; f++)
    {
      int file_status = EXIT_OK;
      g_autoptr (DgGraph) graph = cli_load (argv[f], &limits, theme, &file_status);
      if (graph == NULL)
        {
          status = status != EXIT_OK ? status : file_status;
          continue;
        }
      guint n_stages = dg_graph_n_stages (graph);
      g_autoptr (GArray) chosen = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint i = 0; stage_names != NULL && stage_names[i] != NULL; i++)
        {
          int s = cli_find_stage (graph, stage_names[i]);
          if (s < 0)
            {
              fprintf (stderr, "dealgraph render: %s: no stage '%s' (see 'dealgraph stages %s')\n", argv[f],
                       stage_names[i], argv[f]);
              return EXIT_USAGE;
            }
          guint us = (guint) s;
          g_array_append_val (chosen, us);
        }
      if (chosen->len == 0)
        for (guint s = 0; s < n_stages; s++)
          g_array_append_val (chosen, s);

      if (book_only && dg_graph_is_static (graph))
        {
          fprintf (stderr, "dealgraph render: %s has no timeline, so no multi-page PDF (--book-only)\n", argv[f]);
          return EXIT_USAGE;
        }

      if (layout_path == NULL)
        progress (show_progress, 0, chosen->len, "layout");
      int layout_status = EXIT_OK;
      g_autoptr (DgLayout) layout = cli_layout_get (argv[f], graph, theme, layout_path, engine, &layout_options,
                                                    "render", &layout_status);
      if (layout == NULL)
        return layout_status;

      /* Every figure is staged beside its target and put in place only
       * when all are drawn: a failure half-way must leave the figures of
       * the previous run as they were. --flat is for build
       * systems (meson, ninja) whose rules declare each output in one
       * folder: the graph's name moves into the file names. */
      g_autofree char *dir = flat ? g_strdup (out_dir != NULL ? out_dir : "output")
                                  : g_build_filename (out_dir != NULL ? out_dir : "output", dg_graph_get_name (graph), NULL);
      g_autofree char *prefix = flat && !dg_graph_is_static (graph) ? g_strdup_printf ("%s-", dg_graph_get_name (graph))
                                                                    : g_strdup ("");
      g_autoptr (GPtrArray) outputs = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GPtrArray) scenes = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_scene_free);
      g_autoptr (DgOutputSet) set = dg_output_set_new ();
      const gboolean want_book = want[DG_FORMAT_PDF] && !no_book && !dg_graph_is_static (graph)
                                 && chosen->len == n_stages;
      /* Scenes and renders of different stages are independent: cairo and
       * Pango draw separate surfaces safely in parallel threads. The book is
       * drawn from the scenes alone: --book-only draws no figure. */
      const gboolean none[3] = { FALSE, FALSE, FALSE };
      RenderShared shared = { graph, layout, theme, &scene_options, &render_options, auto_dpi,
                              book_only ? none : want, want_book, dir, prefix, set,
                              show_progress, chosen->len, 0, { 0 } };
      g_mutex_init (&shared.lock);
      g_autofree RenderJob *jobs = g_new0 (RenderJob, chosen->len);
      GThreadPool *pool = g_thread_pool_new (render_job, &shared,
                                             jobs_n > 0 ? jobs_n : (int) render_threads (layout, chosen->len, &render_options),
                                             TRUE, NULL);
      for (guint i = 0; i < chosen->len; i++)
        {
          jobs[i].stage = g_array_index (chosen, guint, i);
          g_thread_pool_push (pool, &jobs[i], NULL);
        }
      g_thread_pool_free (pool, FALSE, TRUE);
      g_mutex_clear (&shared.lock);
      gboolean failed = FALSE;
      for (guint i = 0; i < chosen->len; i++)
        {
          RenderJob *job = &jobs[i];
          if (job->scene != NULL)
            g_ptr_array_add (scenes, job->scene);
          if (job->error != NULL && !failed)
            {
              failed = TRUE;
              g_propagate_prefixed_error (&error, g_steal_pointer (&job->error), "%s: stage \"%s\": ", argv[f],
                                          dg_graph_stage (graph, job->stage)->id);
            }
          g_clear_error (&job->error);
          for (int k = 0; k < 3; k++)
            if (job->paths[k] != NULL)
              g_ptr_array_add (outputs, job->paths[k]);
        }
      if (failed)
        return cli_fail (error); /* freeing the set removes what was staged */
      progress (show_progress, chosen->len, chosen->len, "done");
      if (want_book)
        {
          g_autoptr (GBytes) book = dg_render_pdf_book ((const DgScene *const *) scenes->pdata, scenes->len,
                                                        &render_options, &error);
          if (book == NULL)
            return cli_fail (error);
          g_autofree char *name = g_strdup_printf ("%s.pdf", dg_graph_get_name (graph));
          char *path = g_build_filename (dir, name, NULL);
          g_ptr_array_add (outputs, path);
          if (!dg_output_set_stage (set, path, book, &error))
            return cli_fail (error);
        }
      /* SIGINT, SIGTERM and SIGHUP wait until the set is in place (see
       * cli_signals_init): an interrupted commit would leave temporary files. */
      cli_commit_begin ();
      gboolean committed = dg_output_set_commit (set, NULL, &error);
      cli_commit_end ();
      if (!committed)
        return cli_fail (error);
      if (deps != NULL)
        {
          for (guint i = 0; i < outputs->len; i++)
            cli_depfile_add_target (deps, g_ptr_array_index (outputs, i));
          cli_depfile_add_input (deps, argv[f]);
          cli_depfile_add_theme (deps, theme);
          if (layout_path != NULL)
            cli_depfile_add_input (deps, layout_path);
        }
    }
  /* Only a run that wrote everything may tell make it is up to date. */
  if (deps != NULL && status == EXIT_OK && !cli_depfile_write (deps, depfile, (const char *const *) depfile_targets, &error))
    return cli_fail (error);
  return status;
}
