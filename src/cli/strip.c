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
  g_auto (CliInput) input = { 0 };
  g_auto (CliFigure) fig = { 0 };
  g_auto (CliLayoutArgs) lay = { 0 };
  g_auto (GStrv) stage_names = NULL;
  g_autofree char *page_name = NULL;
  gboolean landscape = FALSE;
  int columns = 0;
  GOptionEntry entries[] = {
    { "stage", 's', 0, G_OPTION_ARG_STRING_ARRAY, &stage_names, "Show only this stage (id, file name or number) or range FROM..TO; repeatable, in the order given", "ID" },
    { "page", 0, 0, G_OPTION_ARG_STRING, &page_name, "Page size: a4 (default) or letter", "SIZE" },
    { "landscape", 0, 0, G_OPTION_ARG_NONE, &landscape, "Turn the page sideways", NULL },
    { "columns", 0, 0, G_OPTION_ARG_INT, &columns, "Panels per row (default: whatever makes them largest)", "N" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE — every stage side by side on one page");
  g_option_context_set_summary (context,
      "Draws the stages as panels of a grid on one page (A4 or letter), all at the\n"
      "same scale on the same layout, each with its caption, under one title and\n"
      "above one legend. The graph is laid out with text large enough to read\n"
      "--min-text once the panels shrink it, as far as that helps; what is still\n"
      "smaller is reported. Writes DIR/<graph>/strip.{svg,png,pdf}.");
  g_option_context_add_main_entries (context, entries, NULL);
  cli_figure_add_files (context, &fig,
                        "Write DIR/<graph name>/strip.svg… (default: output); FILE.svg|png|pdf writes that file "
                        "and - standard output",
                        "Write DIR/<graph name>-strip.svg… instead, with no folder per graph");
  cli_figure_add_size (context, &fig, FALSE, NULL, 144);
  cli_layout_args_add (context, &lay, TRUE, "union (default), stage, anchored; or a layout cache from 'dealgraph layout'");
  cli_depfile_args_add (context, &fig.depfile, NULL);
  cli_talk_add (context, &fig.talk, NULL);
  cli_add_input_options (context, &input);
  if (!cli_parse (context, &argc, &argv) || !cli_one_input (argc, "strip"))
    return EXIT_USAGE;
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
  if (!cli_figure_check (&fig, "strip") || !cli_depfile_args_check (&fig.depfile, "strip")
      || !cli_layout_args_check (&lay, "strip") || !cli_figure_check_single (&fig, "strip", NULL, "one format (-T)"))
    return EXIT_USAGE;
  /* One --min-text (cli_figure_add_size): the floor the furniture keeps,
   * the panels are laid out for, and the page is checked against. */
  const double min_text = fig.min_text;
  strip_options.min_text = min_text;

  const char *path = argv[1];
  int status = EXIT_OK;
  g_autoptr (DgGraph) graph = cli_load_graph (&lay, path, &input, &status);
  if (graph == NULL)
    return status;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) chosen = g_array_new (FALSE, FALSE, sizeof (guint));
  if (!cli_choose_stages (graph, path, (const char *const *) stage_names, "strip", chosen))
    return EXIT_USAGE;
  if (chosen->len == 0)
    for (guint s = 0; s < dg_graph_n_stages (graph); s++)
      g_array_append_val (chosen, s);

  /* A layout cache keeps the text it was made with; otherwise the graph is
   * laid out for the panels (dg_strip_layout()). */
  const guint *stages = (const guint *) chosen->data;
  g_autoptr (DgLayout) layout = NULL;
  if (lay.cache_path != NULL)
    layout = cli_layout_get (&lay, path, graph, "strip", &status);
  else
    {
      layout = dg_strip_layout (graph, lay.theme, &lay.options, stages, chosen->len, &strip_options, &error);
      if (layout == NULL)
        {
          g_prefix_error (&error, "%s: ", path);
          return cli_fail (error);
        }
      const char *const *warnings = dg_layout_get_warnings (layout);
      for (guint i = 0; warnings[i] != NULL; i++)
        fprintf (stderr, "%s: warning: %s\n", path, warnings[i]);
    }
  if (layout == NULL)
    return status;
  /* What is still too small, the page check says (cli_figure_check_text). */
  fig.small_text_advice = "choose fewer stages (-s), more columns or a larger page";
  g_autoptr (DgScene) scene = dg_strip_scene_build (graph, layout, lay.theme, stages, chosen->len, &strip_options,
                                                    &error);
  if (scene == NULL)
    {
      g_prefix_error (&error, "%s: ", path);
      return cli_fail (error);
    }
  g_autofree char *what = g_strdup_printf ("%s: strip: ", path);
  /* Described as the timeline it shows, panel by panel. */
  g_autofree char *timeline = dg_describe_timeline (graph);
  GString *description = g_string_new (timeline);
  if (chosen->len == dg_graph_n_stages (graph))
    g_string_append (description, " A small figure of each stage, side by side.");
  else
    {
      g_string_append (description, " Small figures of stages ");
      for (guint i = 0; i < chosen->len; i++)
        g_string_append_printf (description, "%s%u", i == 0 ? "" : i + 1 < chosen->len ? ", " : " and ", stages[i] + 1);
      g_string_append (description, ", side by side.");
    }
  g_autofree char *text = g_string_free (description, FALSE);
  return cli_figure_write_scene (&fig, &lay, graph, path, scene, "strip", text, what);
}
