/* diff.c — `dealgraph diff`: one figure marking what began, ended and changed between two stages, or the same in words. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Resolves --from / --to; FALSE with DG_ERROR_USAGE naming the file and the id. */
static gboolean
stage_option (const DgGraph *graph, const char *path, const char *option, const char *name, guint *out,
              GError **error)
{
  int s = cli_find_stage (graph, name);
  if (s < 0)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE, "%s: --%s: no stage '%s' (see 'dealgraph stages %s')",
                   path, option, name, path);
      return FALSE;
    }
  *out = (guint) s;
  return TRUE;
}

int
cmd_diff (int argc, char **argv)
{
  CliLimits limits = { 0 };
  g_autofree char *from_name = NULL, *to_name = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *formats_text = NULL;
  g_autofree char *width_text = NULL;
  double dpi = 0;
  g_autofree char *engine = NULL;
  g_autofree char *mode_text = NULL;
  g_autofree char *theme_name = NULL;
  g_autofree char *depfile = NULL;
  g_auto (GStrv) depfile_targets = NULL;
  gboolean summary = FALSE, plain = FALSE, flat = FALSE;
  gboolean no_title = FALSE, no_caption = FALSE, no_timeline = FALSE, no_legend = FALSE, no_credit = FALSE;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_name, "The earlier stage (id, file name or number)", "ID" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_name, "The later stage (id, file name or number)", "ID" },
    { "summary", 0, 0, G_OPTION_ARG_NONE, &summary, "Print the changes as Markdown on standard output instead of drawing", NULL },
    { "plain", 0, 0, G_OPTION_ARG_NONE, &plain, "With --summary: plain text instead of Markdown", NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "Write the figure under DIR/<graph name>/ (default: output)", "DIR" },
    { "flat", 0, 0, G_OPTION_ARG_NONE, &flat, "Write DIR/<graph name>-diff-<from>-<to>.svg… instead, with no folder per graph", NULL },
    { "format", 'T', 0, G_OPTION_ARG_STRING, &formats_text, "Formats, comma-separated: svg,png,pdf (default: all three)", "LIST" },
    { "width", 'w', 0, G_OPTION_ARG_STRING, &width_text, "Figure width: 16cm, 6in, 800px, 400pt (default: natural size)", "LENGTH" },
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, "PNG resolution in pixels per inch (default: 144)", "N" },
    { "engine", 'K', 0, G_OPTION_ARG_STRING, &engine, "Graphviz layout engine: auto (default: by the graph's size), dot, neato, fdp, sfdp, circo, twopi", "NAME" },
    { "layout", 'l', 0, G_OPTION_ARG_FILENAME, &mode_text, "union (default), stage, anchored; or a layout cache from 'dealgraph layout'", "MODE|FILE" },
    { "theme", 't', 0, G_OPTION_ARG_STRING, &theme_name, "Theme name (report, dark, grayscale) or path to a .theme file", "THEME" },
    { "no-title", 0, 0, G_OPTION_ARG_NONE, &no_title, "Leave out the title", NULL },
    { "no-caption", 0, 0, G_OPTION_ARG_NONE, &no_caption, "Leave out the caption naming the two stages", NULL },
    { "no-timeline", 0, 0, G_OPTION_ARG_NONE, &no_timeline, "Leave out the timeline strip", NULL },
    { "no-legend", 0, 0, G_OPTION_ARG_NONE, &no_legend, "Leave out the legend", NULL },
    { "no-credit", 0, 0, G_OPTION_ARG_NONE, &no_credit, "Leave out the credit line", NULL },
    { "depfile", 0, 0, G_OPTION_ARG_FILENAME, &depfile, "Also write a make dependency file naming every output and every file read", "FILE" },
    { "depfile-target", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &depfile_targets, "Name TARGET as the depfile's target instead (a stamp file); repeatable", "TARGET" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE --from ID --to ID — what changed between two stages");
  g_option_context_set_summary (context,
      "Draws one figure, on the layout every stage shares, of what is active at\n"
      "either stage: ties and parties that began are emphasised, those that ended\n"
      "are ghosted and struck through, and ties whose value or terms changed carry\n"
      "\"old → new\" in their label; a legend explains the marks. Writes\n"
      "DIR/<graph>/diff-<from>-<to>.{svg,png,pdf}.\n\n"
      "With --summary, prints the changes in words instead, grouped by party:\n"
      "Markdown, or plain text with --plain.");
  g_option_context_add_main_entries (context, entries, NULL);
  cli_add_limit_options (context, &limits);
  if (!cli_parse (context, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2)
    {
      fprintf (stderr, "dealgraph diff: %s\nTry 'dealgraph diff --help'.\n",
               argc < 2 ? "no input file" : "one input file at a time");
      return EXIT_USAGE;
    }
  if (from_name == NULL || to_name == NULL)
    {
      fprintf (stderr, "dealgraph diff: name both stages with --from and --to (see 'dealgraph stages %s')\n", argv[1]);
      return EXIT_USAGE;
    }
  if (plain && !summary)
    {
      fprintf (stderr, "dealgraph diff: --plain goes with --summary\n");
      return EXIT_USAGE;
    }
  gboolean want[3] = { TRUE, TRUE, TRUE };
  if (formats_text != NULL && !cli_parse_formats (formats_text, want, "diff"))
    return EXIT_USAGE;
  gboolean auto_dpi = dpi == 0;
  if (auto_dpi)
    dpi = 144;
  if (!(dpi >= 10 && dpi <= 2400))
    {
      fprintf (stderr, "dealgraph diff: --dpi must be between 10 and 2400\n");
      return EXIT_USAGE;
    }
  DgRenderOptions render_options = DG_RENDER_OPTIONS_INIT;
  render_options.dpi = dpi;
  if (width_text != NULL && !cli_parse_length (width_text, dpi, &render_options.width))
    {
      fprintf (stderr, "dealgraph diff: --width '%s' is not a length (16cm, 6in, 800px, 400pt)\n", width_text);
      return EXIT_USAGE;
    }
  if (!cli_source_date (&render_options.date, "diff"))
    return EXIT_USAGE;
  if (depfile_targets != NULL && depfile == NULL)
    {
      fprintf (stderr, "dealgraph diff: --depfile-target needs --depfile\n");
      return EXIT_USAGE;
    }
  DgLayoutOptions layout_options = DG_LAYOUT_OPTIONS_INIT;
  if (engine != NULL)
    layout_options.engine = engine;
  const char *layout_path = NULL;
  if (mode_text != NULL && !cli_parse_mode (mode_text, &layout_options.mode))
    layout_path = mode_text;

  g_autoptr (GError) error = NULL;
  g_autoptr (DgTheme) theme = dg_theme_load (theme_name != NULL ? theme_name : "report", &error);
  if (theme == NULL)
    return cli_fail (error);
  const char *path = argv[1];
  int status = EXIT_OK;
  g_autoptr (DgGraph) graph = cli_load (path, &limits, theme, &status);
  if (graph == NULL)
    return status;
  guint from = 0, to = 0;
  if (!stage_option (graph, path, "from", from_name, &from, &error)
      || !stage_option (graph, path, "to", to_name, &to, &error))
    return cli_fail (error);
  g_autoptr (DgDiff) diff = dg_diff_new (graph, from, to);

  if (summary)
    {
      g_autofree char *text = dg_diff_summary (diff, plain ? DG_SUMMARY_PLAIN : DG_SUMMARY_MARKDOWN);
      /* Labels come from the input: whatever the format, they must not
       * drive the terminal. */
      cli_print ("%s", text);
      return fflush (stdout) == 0 ? EXIT_OK : EXIT_CANTCREAT;
    }

  g_autoptr (DgLayout) layout = cli_layout_get (path, graph, theme, layout_path, engine, &layout_options, "diff",
                                                &status);
  if (layout == NULL)
    return status;
  DgSceneOptions scene_options = DG_SCENE_OPTIONS_INIT;
  scene_options.title = !no_title;
  scene_options.caption = !no_caption;
  scene_options.timeline = !no_timeline;
  scene_options.legend = !no_legend;
  scene_options.credit = !no_credit;
  g_autoptr (DgScene) scene = dg_diff_scene_build (diff, layout, theme, &scene_options);

  const char *dir = out_dir != NULL ? out_dir : "output";
  g_autofree char *graph_dir = flat ? g_strdup (dir) : g_build_filename (dir, dg_graph_get_name (graph), NULL);
  g_autofree char *stem = g_strdup_printf ("%s%sdiff-%s-%s", flat ? dg_graph_get_name (graph) : "", flat ? "-" : "",
                                           dg_graph_stage (graph, from)->safe_name,
                                           dg_graph_stage (graph, to)->safe_name);
  g_autoptr (DgOutputSet) set = dg_output_set_new ();
  g_autoptr (CliDepfile) deps = depfile != NULL ? cli_depfile_new () : NULL;
  for (int k = 0; k < 3; k++)
    {
      if (!want[k])
        continue;
      DgRenderOptions options = render_options;
      if (k == DG_FORMAT_PNG && auto_dpi)
        options.dpi = cli_fitting_dpi (scene, &render_options);
      g_autoptr (GBytes) bytes = dg_render_scene (scene, (DgFormat) k, &options, &error);
      if (bytes == NULL)
        {
          g_prefix_error (&error, "%s: diff %s → %s: ", path, from_name, to_name);
          return cli_fail (error);
        }
      g_autofree char *name = g_strdup_printf ("%s.%s", stem, dg_format_extension ((DgFormat) k));
      g_autofree char *out = g_build_filename (graph_dir, name, NULL);
      dg_output_set_add (set, out, bytes);
      if (deps != NULL)
        cli_depfile_add_target (deps, out);
    }
  cli_commit_begin ();
  gboolean committed = dg_output_set_commit (set, NULL, &error);
  cli_commit_end ();
  if (!committed)
    return cli_fail (error);
  if (deps != NULL)
    {
      cli_depfile_add_input (deps, path);
      cli_depfile_add_theme (deps, theme);
      if (layout_path != NULL)
        cli_depfile_add_input (deps, layout_path);
      if (!cli_depfile_write (deps, depfile, (const char *const *) depfile_targets, &error))
        return cli_fail (error);
    }
  return EXIT_OK;
}
