/* render.c — `dealgraph render`: a figure per stage in SVG, PNG and PDF, plus a flip-book PDF. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* What every render thread shares. */
typedef struct {
  const DgGraph *graph;
  const DgLayout *layout;
  const DgTheme *theme;
  const CliFigure *fig; /* the scene and render options */
  const gboolean *want;
  gboolean keep_scenes; /* for the book; otherwise each is freed once drawn */
  const char *dir;      /* where the figures go, and their name prefix */
  const char *prefix;
  const char *single;   /* -o FILE of a run that yields one figure ("-": standard output), or NULL */
  DgOutputSet *set;     /* each figure is staged into it as soon as drawn */
  guint total;
  guint done;
  GMutex lock;
} RenderShared;

/* One stage: its scene (while needed) and the paths of its figures. */
typedef struct {
  guint stage;
  DgScene *scene;
  char *paths[3];
  GBytes *out;          /* the one figure, for standard output */
  GError *error;
  double page_text; /* the smallest text of the figure, in points on the page */
} RenderJob;

static void progress (gboolean show, guint done, guint total, const char *what);

/* Threads for @n_stages figures: every usable core, one stage each. (Sets under
 * 8 Mpixels once drew on one thread, when each thread's fonts cost more
 * than its share of the drawing; with the fontsets shared between
 * measuring and drawing, two threads draw the 5-stage benchmark set in
 * 113 ms against 128 ms.) */
static guint
render_threads (guint n_stages)
{
  return MIN (cli_usable_cores (), MAX (n_stages, 1u));
}

static void
render_job (gpointer data, gpointer user_data)
{
  RenderJob *job = data;
  RenderShared *sh = user_data;
  job->scene = dg_scene_build (sh->graph, sh->layout, sh->theme, job->stage, &sh->fig->scene);
  job->page_text = cli_figure_page_text (sh->fig, job->scene);
  g_autofree char *stem = dg_stage_file_stem (sh->graph, job->stage);
  for (int k = 0; k < 3 && job->error == NULL; k++)
    {
      if (!sh->want[k])
        continue;
      DgRenderOptions options = sh->fig->render;
      if (k == DG_FORMAT_PNG && sh->fig->auto_dpi)
        options.dpi = cli_fitting_dpi (job->scene, &sh->fig->render);
      g_autoptr (GBytes) bytes = dg_render_scene (job->scene, (DgFormat) k, &options, &job->error);
      if (bytes == NULL)
        break;
      /* To disk now, into place at the commit: a figure set of large PNGs
       * would not fit in memory all at once. */
      if (sh->single != NULL && strcmp (sh->single, "-") == 0)
        {
          job->out = g_bytes_ref (bytes);
          continue;
        }
      g_autofree char *name = g_strdup_printf ("%s%s.%s", sh->prefix, stem, dg_format_extension ((DgFormat) k));
      job->paths[k] = sh->single != NULL ? g_strdup (sh->single) : g_build_filename (sh->dir, name, NULL);
      if (!dg_output_set_stage (sh->set, job->paths[k], bytes, &job->error))
        break;
    }
  if (!sh->keep_scenes)
    g_clear_pointer (&job->scene, dg_scene_free);
  g_mutex_lock (&sh->lock);
  sh->done++;
  progress (sh->fig->progress, sh->done, sh->total, dg_graph_stage (sh->graph, job->stage)->id);
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

int
cmd_render (int argc, char **argv)
{
  g_auto (CliInput) input = { 0 };
  g_auto (CliFigure) fig = { 0 }; /* --jobs 0: chosen per graph, see render_threads() */
  g_auto (CliLayoutArgs) lay = { 0 };
  g_auto (GStrv) stage_names = NULL;
  gboolean no_book = FALSE, book_only = FALSE, captions = FALSE;
  /* Between the shared options, in the order --help lists them. */
  GOptionEntry stage_entries[] = {
    { "stage", 's', 0, G_OPTION_ARG_STRING_ARRAY, &stage_names, "Render only this stage (id, file name or number) or range FROM..TO; repeatable", "ID" },
    { NULL },
  };
  GOptionEntry book_entries[] = {
    { "captions", 0, 0, G_OPTION_ARG_NONE, &captions, "Under each stage's caption, list what changed since the stage before", NULL },
    { "no-book", 0, 0, G_OPTION_ARG_NONE, &no_book, "Do not write the multi-page PDF of all stages", NULL },
    { "book-only", 0, 0, G_OPTION_ARG_NONE, &book_only, "Write only the multi-page PDF of all stages", NULL },
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
  cli_figure_add_files (context, &fig,
                        "Write figures under DIR/<graph name>/ (default: output); for one figure (one stage, one "
                        "format), FILE.svg|png|pdf writes that file and - standard output",
                        "Write DIR/<graph name>-<NN>-<stage>.svg… instead, with no folder per graph");
  g_option_context_add_main_entries (context, stage_entries, NULL);
  cli_figure_add_size (context, &fig, TRUE, "PNG resolution in pixels per inch (default: 144, less for figures over 12000 px)", 144);
  cli_figure_add_crop (context, &fig);
  cli_layout_args_add (context, &lay, TRUE,
                       "union (default: nobody moves), stage (each on its own), anchored; or a layout cache from 'dealgraph layout'");
  cli_figure_add_parts (context, &fig, NULL);
  g_option_context_add_main_entries (context, book_entries, NULL);
  cli_depfile_args_add (context, &fig.depfile, NULL);
  cli_figure_add_jobs (context, &fig, "Draw this many stages at once (default: all cores)",
                       "0: chosen for the graph");
  cli_talk_add (context, &fig.talk, NULL);
  cli_add_input_options (context, &input);
  if (!cli_parse (context, &argc, &argv))
    return EXIT_USAGE;
  if (argc < 2)
    {
      fprintf (stderr, "dealgraph render: no input file\nTry 'dealgraph render --help'.\n");
      return EXIT_USAGE;
    }

  if (!cli_figure_check (&fig, "render") || !cli_layout_args_check (&lay, "render"))
    return EXIT_USAGE;
  const char *layout_path = lay.cache_path;
  if (layout_path != NULL && argc > 2)
    {
      fprintf (stderr, "dealgraph render: a layout cache (--layout %s) belongs to one graph; got %d files\n",
               layout_path, argc - 1);
      return EXIT_USAGE;
    }
  if (book_only && (no_book || stage_names != NULL || !fig.want[DG_FORMAT_PDF]))
    {
      fprintf (stderr, "dealgraph render: --book-only is the PDF of every stage: it goes with neither --no-book, "
                       "--stage nor a --format without pdf\n");
      return EXIT_USAGE;
    }
  if (!cli_depfile_args_check (&fig.depfile, "render"))
    return EXIT_USAGE;
  fig.scene.changes = captions;

  /* dot's habit: -o g.png writes that one file, -o - standard output. Only
   * a run that yields one figure can: one graph, one format (the name's,
   * unless -T says it), one stage (or none: a graph without a timeline),
   * no book. */
  const char *why_not = argc > 2 ? "several graphs" : book_only ? "the book (--book-only)" : NULL;
  if (!cli_figure_check_single (&fig, "render", why_not, "one graph, one format (-T) and one stage (-s)"))
    return EXIT_USAGE;
  const char *single = fig.single;
  if (single != NULL)
    no_book = TRUE;

  /* Two inputs with one name would write over each other's figures
   * (d1/g.gv and d2/g.gv, Case.gv and case.gv): refused before anything
   * is read or written. */
  {
    g_autoptr (GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    for (int f = 1; f < argc; f++)
      {
        char *name = dg_graph_name_for_path (argv[f]);
        const char *other = g_hash_table_lookup (names, name);
        if (other != NULL)
          {
            fprintf (stderr, "dealgraph render: %s and %s would both write their figures as \"%s\"; nothing was "
                             "written (render them into different -o folders, or rename one)\n",
                     other, argv[f], name);
            g_free (name);
            return EXIT_USAGE;
          }
        g_hash_table_insert (names, name, argv[f]);
      }
  }

  /* Loaded once, before the first graph: a bad theme fails every file. */
  int status = EXIT_OK;
  lay.theme = cli_load_theme (lay.theme_name, &status);
  if (lay.theme == NULL)
    return status;

  g_autoptr (GError) error = NULL;
  g_autoptr (CliDepfile) deps = cli_depfile_args_start (&fig.depfile);
  for (int f = 1; f < argc; f++)
    {
      int file_status = EXIT_OK;
      g_autoptr (DgGraph) graph = cli_load_graph (&lay, argv[f], &input, &file_status);
      if (graph == NULL)
        {
          status = status != EXIT_OK ? status : file_status;
          continue;
        }
      guint n_stages = dg_graph_n_stages (graph);
      g_autoptr (GArray) chosen = g_array_new (FALSE, FALSE, sizeof (guint));
      if (!cli_choose_stages (graph, argv[f], (const char *const *) stage_names, "render", chosen))
        return EXIT_USAGE;
      /* Each figure once, however the ranges overlap. */
      {
        g_autofree gboolean *seen = g_new0 (gboolean, MAX (n_stages, 1));
        guint kept = 0;
        for (guint i = 0; i < chosen->len; i++)
          {
            guint s = g_array_index (chosen, guint, i);
            if (!seen[s])
              g_array_index (chosen, guint, kept++) = s;
            seen[s] = TRUE;
          }
        g_array_set_size (chosen, kept);
      }
      if (chosen->len == 0)
        for (guint s = 0; s < n_stages; s++)
          g_array_append_val (chosen, s);

      if (single != NULL && chosen->len != 1)
        {
          fprintf (stderr,
                   "dealgraph render: -o %s names one file, but %s has %u stages; choose one with -s (see "
                   "'dealgraph stages %s'), or give -o a folder\n",
                   single, argv[f], chosen->len, argv[f]);
          return EXIT_USAGE;
        }
      if (book_only && dg_graph_is_static (graph))
        {
          fprintf (stderr, "dealgraph render: %s has no timeline, so no multi-page PDF (--book-only)\n", argv[f]);
          return EXIT_USAGE;
        }

      if (layout_path == NULL)
        progress (fig.progress, 0, chosen->len, "layout");
      int layout_status = EXIT_OK;
      g_autoptr (DgLayout) layout = cli_layout_get (&lay, argv[f], graph, "render", &layout_status);
      if (layout == NULL)
        return layout_status;

      /* Every figure is staged beside its target and put in place only
       * when all are drawn: a failure half-way must leave the figures of
       * the previous run as they were. With --flat, the graph's name moves
       * into the file names (but for a graph without a timeline, whose one
       * figure is named after it already). */
      g_autofree char *dir = cli_figure_dir (&fig, graph);
      g_autofree char *prefix = fig.flat && !dg_graph_is_static (graph) ? g_strdup_printf ("%s-", dg_graph_get_name (graph))
                                                                    : g_strdup ("");
      g_autoptr (GPtrArray) outputs = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GPtrArray) scenes = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_scene_free);
      g_autoptr (DgOutputSet) set = dg_output_set_new ();
      const gboolean want_book = fig.want[DG_FORMAT_PDF] && !no_book && !dg_graph_is_static (graph)
                                 && chosen->len == n_stages;
      /* Scenes and renders of different stages are independent: cairo and
       * Pango draw separate surfaces safely in parallel threads. The book is
       * drawn from the scenes alone: --book-only draws no figure. */
      const gboolean none[3] = { FALSE, FALSE, FALSE };
      RenderShared shared = { graph, layout, lay.theme, &fig, book_only ? none : fig.want, want_book, dir, prefix,
                              single, set, chosen->len, 0, { 0 } };
      g_mutex_init (&shared.lock);
      g_autofree RenderJob *jobs = g_new0 (RenderJob, chosen->len);
      GThreadPool *pool = g_thread_pool_new (render_job, &shared,
                                             fig.jobs > 0 ? fig.jobs : (int) render_threads (chosen->len),
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
        {
          for (guint i = 0; i < chosen->len; i++)
            g_clear_pointer (&jobs[i].out, g_bytes_unref);
          return cli_fail (error); /* freeing the set removes what was staged */
        }
      if (single != NULL && strcmp (single, "-") == 0)
        {
          g_autoptr (GBytes) out = g_steal_pointer (&jobs[0].out);
          if (!cli_write_stdout (out, "render", &error))
            return cli_fail (error);
        }
      progress (fig.progress, chosen->len, chosen->len, "done");
      if (want_book)
        {
          g_autoptr (GBytes) book = dg_render_pdf_book ((const DgScene *const *) scenes->pdata, scenes->len,
                                                        &fig.render, &error);
          if (book == NULL)
            return cli_fail (error);
          g_autofree char *name = g_strdup_printf ("%s.pdf", dg_graph_get_name (graph));
          char *path = g_build_filename (dir, name, NULL);
          g_ptr_array_add (outputs, path);
          if (!dg_output_set_stage (set, path, book, &error))
            return cli_fail (error);
        }
      guint n_written = 0;
      if (!cli_commit (set, &n_written, &error))
        return cli_fail (error);
      double smallest = 0;
      for (guint i = 0; i < chosen->len; i++)
        if (jobs[i].page_text > 0 && (smallest == 0 || jobs[i].page_text < smallest))
          smallest = jobs[i].page_text;
      cli_figure_check_text (&fig, argv[f], smallest);
      cli_talk_wrote (&fig.talk, "figures", (const char *const *) outputs->pdata, outputs->len, n_written);
      if (deps != NULL)
        {
          for (guint i = 0; i < outputs->len; i++)
            cli_depfile_add_target (deps, g_ptr_array_index (outputs, i));
          cli_depfile_add_sources (deps, argv[f], &lay);
        }
    }
  /* Only a run that wrote everything may tell make it is up to date. */
  if (deps != NULL && status == EXIT_OK && !cli_depfile_args_write (&fig.depfile, deps, &error))
    return cli_fail (error);
  return status;
}
