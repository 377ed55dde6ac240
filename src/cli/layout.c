/* layout.c — `dealgraph layout`: lay a graph out once and save it as a layout cache for `render --layout FILE`. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int
cmd_layout (int argc, char **argv)
{
  CliLimits limits = { 0 };
  g_autofree char *out_path = NULL;
  g_autofree char *engine = NULL;
  g_autofree char *mode_text = NULL;
  g_autofree char *theme_name = NULL;
  g_autofree char *depfile = NULL;
  g_auto (GStrv) depfile_targets = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, "Write the layout cache to FILE (required)", "FILE" },
    { "engine", 'K', 0, G_OPTION_ARG_STRING, &engine, "Graphviz layout engine: auto (default: by the graph's size), dot, neato, fdp, sfdp, circo, twopi", "NAME" },
    { "layout", 'l', 0, G_OPTION_ARG_STRING, &mode_text, "union (default: nobody moves), stage (each on its own), anchored", "MODE" },
    { "theme", 't', 0, G_OPTION_ARG_STRING, &theme_name, "Theme name (report, dark, grayscale) or path to a .theme file", "THEME" },
    { "depfile", 0, 0, G_OPTION_ARG_FILENAME, &depfile, "Also write a make dependency file naming the layout cache and every file read", "FILE" },
    { "depfile-target", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &depfile_targets, "Name TARGET as the depfile's target instead (a stamp file); repeatable", "TARGET" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE -o LAYOUT — lay a graph out once, for render --layout");
  g_option_context_set_summary (context,
      "Lays FILE out with Graphviz, as render would, and saves the result as a\n"
      "layout cache (JSON). 'dealgraph render FILE --layout LAYOUT --stage …' then\n"
      "draws any subset of stages at exactly those positions, so separate\n"
      "processes (make -j, array jobs) give figures that line up. The cache\n"
      "records digests of the graph and of every theme file: render refuses it\n"
      "(exit 65) once either has changed. LAYOUT is rewritten only when its bytes\n"
      "change.");
  g_option_context_add_main_entries (context, entries, NULL);
  cli_add_limit_options (context, &limits);
  if (!cli_parse (context, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2)
    {
      fprintf (stderr, "dealgraph layout: expected exactly one input file\nTry 'dealgraph layout --help'.\n");
      return EXIT_USAGE;
    }
  if (out_path == NULL)
    {
      fprintf (stderr, "dealgraph layout: no output: name the layout cache with -o FILE\nTry 'dealgraph layout --help'.\n");
      return EXIT_USAGE;
    }
  if (depfile_targets != NULL && depfile == NULL)
    {
      fprintf (stderr, "dealgraph layout: --depfile-target needs --depfile\n");
      return EXIT_USAGE;
    }
  DgLayoutOptions layout_options = DG_LAYOUT_OPTIONS_INIT;
  if (engine != NULL)
    layout_options.engine = engine;
  if (mode_text != NULL && !cli_parse_mode (mode_text, &layout_options.mode))
    {
      fprintf (stderr, "dealgraph layout: --layout '%s' is not union, stage or anchored\n", mode_text);
      return EXIT_USAGE;
    }

  g_autoptr (GError) error = NULL;
  g_autoptr (DgTheme) theme = dg_theme_load (theme_name != NULL ? theme_name : "report", &error);
  if (theme == NULL)
    return cli_fail (error);
  int status = EXIT_OK;
  g_autoptr (DgGraph) graph = cli_load (argv[1], &limits, theme, &status);
  if (graph == NULL)
    return status;
  g_autoptr (DgLayout) layout = dg_layout_compute (graph, theme, &layout_options, &error);
  if (layout == NULL)
    return cli_fail (error);
  const char *const *warnings = dg_layout_get_warnings (layout);
  for (guint i = 0; warnings[i] != NULL; i++)
    fprintf (stderr, "%s: warning: %s\n", argv[1], warnings[i]);

  g_autoptr (GBytes) bytes = NULL;
  if (!dg_layout_save (layout, graph, theme, &bytes, &error) || !dg_output_write (out_path, bytes, NULL, &error))
    return cli_fail (error);
  if (depfile != NULL)
    {
      g_autoptr (CliDepfile) dep = cli_depfile_new ();
      cli_depfile_add_target (dep, out_path);
      cli_depfile_add_input (dep, argv[1]);
      cli_depfile_add_theme (dep, theme);
      if (!cli_depfile_write (dep, depfile, (const char *const *) depfile_targets, &error))
        return cli_fail (error);
    }
  return EXIT_OK;
}
