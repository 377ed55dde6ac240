/* render.c — `dealgraph render`: a figure per stage in SVG, PNG and PDF, plus a flip-book PDF. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Draws the progress line: @done of @total stages, @what the last. */
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

/* The figure set's progress callback (only set when the line is shown):
 * @data is the graph. */
static gboolean
stage_drawn (guint done, guint total, guint stage, gpointer data)
{
  const DgGraph *graph = data;
  progress (TRUE, done, total, dg_graph_stage (graph, stage)->id);
  return TRUE;
}

int
cmd_render (int argc, char **argv)
{
  g_auto (CliInput) input = { 0 };
  g_auto (CliFigure) fig = { 0 }; /* --jobs 0: the library chooses (DgFigureSetOptions.n_jobs) */
  g_auto (CliLayoutArgs) lay = { 0 };
  g_auto (GStrv) stage_names = NULL;
  gboolean no_book = FALSE, book_only = FALSE, captions = FALSE, alt = FALSE;
  /* Between the shared options, in the order --help lists them. */
  GOptionEntry stage_entries[] = {
    { "stage", 's', 0, G_OPTION_ARG_STRING_ARRAY, &stage_names, "Render only this stage (id, file name or number) or range FROM..TO; repeatable", "ID" },
    { NULL },
  };
  GOptionEntry book_entries[] = {
    { "captions", 0, 0, G_OPTION_ARG_NONE, &captions, "Under each stage's caption, list what changed since the stage before", NULL },
    { "alt", 0, 0, G_OPTION_ARG_NONE, &alt, "Beside each stage's figures, write its alternative text (NN-stage.alt.txt) and long description (NN-stage.desc.md)", NULL },
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
  if (alt && single != NULL && strcmp (single, "-") == 0)
    {
      fprintf (stderr, "dealgraph render: --alt writes files beside the figure, and standard output (-o -) has no "
                       "beside; give -o a file or a folder, or use 'dealgraph describe'\n");
      return EXIT_USAGE;
    }

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

      /* The library draws the set on every core, stages each file as it
       * is drawn and puts them all in place at the end; here is only what
       * is said about it. */
      const gboolean to_stdout = single != NULL && strcmp (single, "-") == 0;
      g_autofree char *dir = cli_figure_dir (&fig, graph);
      DgFigureSetOptions options = DG_FIGURE_SET_OPTIONS_INIT;
      for (int k = 0; k < 3; k++)
        if (fig.want[k])
          options.formats |= DG_FORMAT_BIT (k);
      options.stages = (const guint *) chosen->data;
      options.n_stages = chosen->len;
      options.scene = &fig.scene;
      options.render = &fig.render;
      options.fit_png_side = fig.auto_dpi ? DG_FIGURE_SET_FIT_PNG_SIDE : 0;
      options.book = book_only ? DG_BOOK_ONLY : no_book ? DG_BOOK_NONE : DG_BOOK_AUTO;
      options.flat = fig.flat;
      options.file = single != NULL && !to_stdout ? single : NULL;
      options.n_jobs = (guint) fig.jobs;
      options.progress = fig.progress ? stage_drawn : NULL;
      options.progress_data = graph;
      options.alt = alt;
      g_autoptr (DgFigureSet) figures
          = dg_figure_set_render (graph, layout, lay.theme, to_stdout ? NULL : dir, &options, &error);
      if (figures == NULL)
        return cli_fail (error);
      if (to_stdout)
        {
          g_autoptr (GBytes) out = dg_figure_set_get_bytes (figures, 0);
          if (!cli_write_stdout (out, "render", &error))
            return cli_fail (error);
        }
      progress (fig.progress, chosen->len, chosen->len, "done");
      cli_figure_check_text (&fig, argv[f], dg_figure_set_get_smallest_text (figures));
      /* Standard output is no file: not said, and no target. */
      const char *const *paths = to_stdout ? NULL : dg_figure_set_get_paths (figures);
      cli_talk_wrote (&fig.talk, alt ? "files" : "figures", paths, dg_figure_set_n_files (figures),
                      dg_figure_set_get_n_written (figures));
      if (deps != NULL)
        {
          for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
            cli_depfile_add_target (deps, paths[i]);
          cli_depfile_add_sources (deps, argv[f], &lay);
        }
    }
  /* Only a run that wrote everything may tell make it is up to date. */
  if (deps != NULL && status == EXIT_OK && !cli_depfile_args_write (&fig.depfile, deps, &error))
    return cli_fail (error);
  return status;
}
