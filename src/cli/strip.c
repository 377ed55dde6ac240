/* strip.c — `dealgraph strip`: every stage (or some) as small multiples on one report page. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Page sizes in points, portrait. */
static const struct {
  const char *name;
  double width, height;
} pages[] = {
  { "a4", 595.0, 842.0 },
  { "letter", 612.0, 792.0 },
};

int
cmd_strip (int argc, char **argv)
{
  CliLimits limits = { 0 };
  g_auto (GStrv) stage_names = NULL;
  g_autofree char *page_name = NULL;
  gboolean landscape = FALSE, flat = FALSE;
  int columns = 0;
  double min_text = 6.0, dpi = 0;
  g_autofree char *out_dir = NULL;
  g_autofree char *formats_text = NULL;
  g_autofree char *engine = NULL;
  g_autofree char *mode_text = NULL;
  g_autofree char *theme_name = NULL;
  g_autofree char *depfile = NULL;
  g_auto (GStrv) depfile_targets = NULL;
  GOptionEntry entries[] = {
    { "stage", 's', 0, G_OPTION_ARG_STRING_ARRAY, &stage_names, "Show only this stage (id, file name or number); repeatable, in the order given", "ID" },
    { "page", 0, 0, G_OPTION_ARG_STRING, &page_name, "Page size: a4 (default) or letter", "SIZE" },
    { "landscape", 0, 0, G_OPTION_ARG_NONE, &landscape, "Turn the page sideways", NULL },
    { "columns", 0, 0, G_OPTION_ARG_INT, &columns, "Panels per row (default: whatever makes them largest)", "N" },
    { "min-text", 0, 0, G_OPTION_ARG_DOUBLE, &min_text, "No text smaller than this at print size, points (default: 6)", "PT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "Write DIR/<graph name>/strip.svg… (default: output)", "DIR" },
    { "flat", 0, 0, G_OPTION_ARG_NONE, &flat, "Write DIR/<graph name>-strip.svg… instead, with no folder per graph", NULL },
    { "format", 'T', 0, G_OPTION_ARG_STRING, &formats_text, "Formats, comma-separated: svg,png,pdf (default: all three)", "LIST" },
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, "PNG resolution in pixels per inch (default: 144)", "N" },
    { "engine", 'K', 0, G_OPTION_ARG_STRING, &engine, "Graphviz layout engine: auto (default: by the graph's size), dot, neato, fdp, sfdp, circo, twopi", "NAME" },
    { "layout", 'l', 0, G_OPTION_ARG_FILENAME, &mode_text, "union (default), stage, anchored; or a layout cache from 'dealgraph layout'", "MODE|FILE" },
    { "theme", 't', 0, G_OPTION_ARG_STRING, &theme_name, "Theme name (report, dark, grayscale) or path to a .theme file", "THEME" },
    { "depfile", 0, 0, G_OPTION_ARG_FILENAME, &depfile, "Also write a make dependency file naming every output and every file read", "FILE" },
    { "depfile-target", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &depfile_targets, "Name TARGET as the depfile's target instead (a stamp file); repeatable", "TARGET" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE — every stage side by side on one page");
  g_option_context_set_summary (context,
      "Draws the stages as panels of a grid on one page (A4 or letter), all at the\n"
      "same scale on the same layout, each with its caption, under one title and\n"
      "above one legend. Text in the panels is set so that none is smaller than\n"
      "--min-text at print size. Writes DIR/<graph>/strip.{svg,png,pdf}.");
  g_option_context_add_main_entries (context, entries, NULL);
  cli_add_limit_options (context, &limits);
  if (!cli_parse (context, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2)
    {
      fprintf (stderr, "dealgraph strip: %s\nTry 'dealgraph strip --help'.\n",
               argc < 2 ? "no input file" : "one input file at a time");
      return EXIT_USAGE;
    }
  DgStripOptions strip_options = DG_STRIP_OPTIONS_INIT;
  if (page_name != NULL)
    {
      gboolean found = FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (pages) && !found; i++)
        if (g_ascii_strcasecmp (page_name, pages[i].name) == 0)
          {
            strip_options.page_width = pages[i].width;
            strip_options.page_height = pages[i].height;
            found = TRUE;
          }
      if (!found)
        {
          fprintf (stderr, "dealgraph strip: --page '%s' is not a page size (a4, letter)\n", page_name);
          return EXIT_USAGE;
        }
    }
  if (landscape)
    {
      double w = strip_options.page_width;
      strip_options.page_width = strip_options.page_height;
      strip_options.page_height = w;
    }
  if (columns < 0 || columns > 100)
    {
      fprintf (stderr, "dealgraph strip: --columns must be between 1 and 100\n");
      return EXIT_USAGE;
    }
  strip_options.columns = (guint) columns;
  if (!(min_text >= 1 && min_text <= 72))
    {
      fprintf (stderr, "dealgraph strip: --min-text must be between 1 and 72 points\n");
      return EXIT_USAGE;
    }
  strip_options.min_text = min_text;
  gboolean want[3] = { TRUE, TRUE, TRUE };
  if (formats_text != NULL && !cli_parse_formats (formats_text, want, "strip"))
    return EXIT_USAGE;
  gboolean auto_dpi = dpi == 0;
  if (auto_dpi)
    dpi = 144;
  if (!(dpi >= 10 && dpi <= 2400))
    {
      fprintf (stderr, "dealgraph strip: --dpi must be between 10 and 2400\n");
      return EXIT_USAGE;
    }
  DgRenderOptions render_options = DG_RENDER_OPTIONS_INIT;
  render_options.dpi = dpi;
  if (!cli_source_date (&render_options.date, "strip"))
    return EXIT_USAGE;
  if (depfile_targets != NULL && depfile == NULL)
    {
      fprintf (stderr, "dealgraph strip: --depfile-target needs --depfile\n");
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
  g_autoptr (GArray) chosen = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; stage_names != NULL && stage_names[i] != NULL; i++)
    {
      int s = cli_find_stage (graph, stage_names[i]);
      if (s < 0)
        {
          g_set_error (&error, DEALGRAPH_ERROR, DG_ERROR_USAGE, "%s: --stage: no stage '%s' (see 'dealgraph stages %s')",
                       path, stage_names[i], path);
          return cli_fail (error);
        }
      guint us = (guint) s;
      g_array_append_val (chosen, us);
    }
  if (chosen->len == 0)
    for (guint s = 0; s < dg_graph_n_stages (graph); s++)
      g_array_append_val (chosen, s);

  g_autoptr (DgLayout) layout = cli_layout_get (path, graph, theme, layout_path, engine, &layout_options, "strip",
                                                &status);
  if (layout == NULL)
    return status;
  g_autoptr (DgScene) scene = dg_strip_scene_build (graph, layout, theme, (const guint *) chosen->data, chosen->len,
                                                    &strip_options, &error);
  if (scene == NULL)
    {
      g_prefix_error (&error, "%s: ", path);
      return cli_fail (error);
    }

  const char *dir = out_dir != NULL ? out_dir : "output";
  g_autofree char *graph_dir = flat ? g_strdup (dir) : g_build_filename (dir, dg_graph_get_name (graph), NULL);
  g_autofree char *stem = flat ? g_strdup_printf ("%s-strip", dg_graph_get_name (graph)) : g_strdup ("strip");
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
          g_prefix_error (&error, "%s: strip: ", path);
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
