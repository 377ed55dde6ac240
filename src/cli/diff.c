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
  g_auto (CliInput) input = { 0 };
  g_auto (CliFigure) fig = { 0 };
  g_auto (CliLayoutArgs) lay = { 0 };
  g_autofree char *from_name = NULL, *to_name = NULL;
  gboolean summary = FALSE, plain = FALSE;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_name, "The earlier stage (id, file name or number)", "ID" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_name, "The later stage (id, file name or number)", "ID" },
    { "summary", 0, 0, G_OPTION_ARG_NONE, &summary, "Print the changes as Markdown on standard output instead of drawing", NULL },
    { "plain", 0, 0, G_OPTION_ARG_NONE, &plain, "With --summary: plain text instead of Markdown", NULL },
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
  cli_figure_add_files (context, &fig,
                        "Write the figure under DIR/<graph name>/ (default: output); FILE.svg|png|pdf writes that "
                        "file and - standard output",
                        "Write DIR/<graph name>-diff-<from>-<to>.svg… instead, with no folder per graph");
  cli_figure_add_size (context, &fig, TRUE, NULL, 144);
  cli_figure_add_crop (context, &fig);
  cli_layout_args_add (context, &lay, TRUE, "union (default), stage, anchored; or a layout cache from 'dealgraph layout'");
  cli_figure_add_parts (context, &fig, "Leave out the caption naming the two stages");
  cli_depfile_args_add (context, &fig.depfile, NULL);
  cli_talk_add (context, &fig.talk, NULL);
  cli_add_input_options (context, &input);
  if (!cli_parse (context, &argc, &argv) || !cli_one_input (argc, "diff"))
    return EXIT_USAGE;
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
  if (!cli_figure_check (&fig, "diff") || !cli_depfile_args_check (&fig.depfile, "diff")
      || !cli_layout_args_check (&lay, "diff") || !cli_figure_check_single (&fig, "diff", NULL, "one format (-T)"))
    return EXIT_USAGE;

  const char *path = argv[1];
  int status = EXIT_OK;
  g_autoptr (DgGraph) graph = cli_load_graph (&lay, path, &input, &status);
  if (graph == NULL)
    return status;
  g_autoptr (GError) error = NULL;
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

  g_autoptr (DgLayout) layout = cli_layout_get (&lay, path, graph, "diff", &status);
  if (layout == NULL)
    return status;
  g_autoptr (DgScene) scene = dg_diff_scene_build (diff, layout, lay.theme, &fig.scene);
  g_autofree char *name = g_strdup_printf ("diff-%s-%s", dg_graph_stage (graph, from)->safe_name,
                                           dg_graph_stage (graph, to)->safe_name);
  g_autofree char *what = g_strdup_printf ("%s: diff %s → %s: ", path, from_name, to_name);
  g_autofree char *description = dg_diff_describe (diff);
  return cli_figure_write_scene (&fig, &lay, graph, path, scene, name, description, what);
}
