/* layout.c — `dealgraph layout`: lay a graph out once and save it as a layout cache for `render --layout FILE`. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int
cmd_layout (int argc, char **argv)
{
  g_auto (CliInput) input = { 0 };
  g_auto (CliLayoutArgs) lay = { 0 };
  g_auto (CliDepfileArgs) depfile = { 0 };
  CliTalk talk = { 0 };
  g_autofree char *out_path = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, "Write the layout cache to FILE (required; -: standard output)", "FILE" },
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
  cli_layout_args_add (context, &lay, FALSE, "union (default: nobody moves), stage (each on its own), anchored");
  cli_depfile_args_add (context, &depfile, "Also write a make dependency file naming the layout cache and every file read");
  cli_talk_add (context, &talk, "No summary of what was written");
  cli_add_input_options (context, &input);
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
  if (!cli_depfile_args_check (&depfile, "layout") || !cli_layout_args_check (&lay, "layout")
      || !cli_talk_check (&talk, "layout"))
    return EXIT_USAGE;
  /* - is standard output, as for every command's -o (before: a file named -). */
  const gboolean to_stdout = strcmp (out_path, "-") == 0;
  if (to_stdout && depfile.path != NULL && depfile.targets == NULL)
    {
      fprintf (stderr, "dealgraph layout: --depfile with standard output needs --depfile-target to name the rule's target\n");
      return EXIT_USAGE;
    }

  int status = EXIT_OK;
  g_autoptr (DgGraph) graph = cli_load_graph (&lay, argv[1], &input, &status);
  if (graph == NULL)
    return status;
  g_autoptr (DgLayout) layout = cli_layout_get (&lay, argv[1], graph, "layout", &status);
  if (layout == NULL)
    return status;

  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  if (!dg_layout_save (layout, graph, lay.theme, &bytes, &error))
    return cli_fail (error);
  if (to_stdout)
    {
      if (!cli_write_stdout (bytes, "layout", &error))
        return cli_fail (error);
    }
  else
    {
      /* A termination signal waits until the file is in place (see
       * cli_signals_init), so no temporary file is left behind. */
      cli_commit_begin ();
      gboolean changed = FALSE;
      gboolean written = dg_output_write (out_path, bytes, &changed, &error);
      cli_commit_end ();
      if (!written)
        return cli_fail (error);
      const char *const paths[] = { out_path, NULL };
      cli_talk_wrote (&talk, "files", paths, 1, changed ? 1 : 0);
    }
  g_autoptr (CliDepfile) dep = cli_depfile_args_start (&depfile);
  if (dep != NULL)
    {
      if (!to_stdout)
        cli_depfile_add_target (dep, out_path);
      cli_depfile_add_sources (dep, argv[1], &lay);
      if (!cli_depfile_args_write (&depfile, dep, &error))
        return cli_fail (error);
    }
  return EXIT_OK;
}
