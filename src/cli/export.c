/* export.c — `dealgraph export`: a graph as DOT with positions, JSON, GEXF 1.2draft or GraphML, for other tools. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int
cmd_export (int argc, char **argv)
{
  g_auto (CliInput) input = { 0 };
  g_auto (CliLayoutArgs) lay = { 0 };
  g_auto (CliDepfileArgs) depfile = { 0 };
  CliTalk talk = { 0 };
  g_autofree char *out_path = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *stage_name = NULL;
  GOptionEntry entries[] = {
    { "format", 'T', 0, G_OPTION_ARG_STRING, &format_text, "dot, json, gexf or graphml (default: from -o's extension)", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, "Write to FILE, atomically (default, or -: standard output)", "FILE" },
    { "stage", 's', 0, G_OPTION_ARG_STRING, &stage_name, "dot, graphml: only this stage (id, file name or number; default: every party and tie ever active)", "ID" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE -T FORMAT — write a graph for other tools");
  g_option_context_set_summary (context,
      "Writes FILE in another tool's format (see the README, \"Exports\"):\n"
      "  dot      one stage (--stage) or every party and tie, with dealgraph's\n"
      "           positions and the theme's look: 'neato -n2' draws it as is\n"
      "  json     the whole timeline (stages, parties, ties, values, terms,\n"
      "           provenance); also node-link JSON for networkx; with --layout,\n"
      "           positions and label boxes at every stage\n"
      "  gexf     GEXF 1.2draft, dynamic: Gephi's timeline plays the stages\n"
      "  graphml  one stage (--stage) or every party and tie, typed attributes\n"
      "Without -o, or with -o -, the output goes to standard output. A file is\n"
      "replaced atomically, and only when its bytes change. --depfile names FILE,\n"
      "the theme files and any layout cache; with standard output, name the\n"
      "rule's target with --depfile-target.");
  g_option_context_add_main_entries (context, entries, NULL);
  cli_layout_args_add (context, &lay, TRUE,
                       "union (default), stage, anchored, or a layout cache from 'dealgraph layout'; json: add positions");
  cli_depfile_args_add (context, &depfile, "Also write a make dependency file naming the export and every file read");
  cli_talk_add (context, &talk, "No summary of what was written");
  cli_add_input_options (context, &input);
  if (!cli_parse (context, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2)
    {
      fprintf (stderr, "dealgraph export: expected exactly one input file\nTry 'dealgraph export --help'.\n");
      return EXIT_USAGE;
    }
  gboolean to_stdout = out_path == NULL || strcmp (out_path, "-") == 0;
  DgExportFormat format;
  if (format_text == NULL && !to_stdout)
    {
      const char *dot = strrchr (out_path, '.');
      if (dot == NULL || !dg_export_format_from_string (dot + 1, &format))
        {
          fprintf (stderr, "dealgraph export: no format: give -T dot|json|gexf|graphml\n");
          return EXIT_USAGE;
        }
    }
  else if (format_text == NULL)
    {
      fprintf (stderr, "dealgraph export: no format: give -T dot|json|gexf|graphml\nTry 'dealgraph export --help'.\n");
      return EXIT_USAGE;
    }
  else if (!dg_export_format_from_string (format_text, &format))
    {
      fprintf (stderr, "dealgraph export: unknown format '%s' (dot, json, gexf, graphml)\n", format_text);
      return EXIT_USAGE;
    }
  if (stage_name != NULL && (format == DG_EXPORT_JSON || format == DG_EXPORT_GEXF))
    {
      fprintf (stderr, "dealgraph export: %s holds the whole timeline; --stage is for dot and graphml\n",
               dg_export_format_extension (format));
      return EXIT_USAGE;
    }
  if (!cli_layout_args_check (&lay, "export") || !cli_depfile_args_check (&depfile, "export")
      || !cli_talk_check (&talk, "export"))
    return EXIT_USAGE;
  if (to_stdout && depfile.path != NULL && depfile.targets == NULL)
    {
      fprintf (stderr, "dealgraph export: --depfile with standard output needs --depfile-target to name the rule's target\n");
      return EXIT_USAGE;
    }
  gboolean want_layout = format == DG_EXPORT_DOT || format == DG_EXPORT_GEXF
                         || (format == DG_EXPORT_JSON && lay.mode_text != NULL);

  int status = EXIT_OK;
  g_autoptr (DgGraph) graph = cli_load_graph (&lay, argv[1], &input, &status);
  if (graph == NULL)
    return status;

  DgExportOptions options = DG_EXPORT_OPTIONS_INIT;
  if (stage_name != NULL)
    {
      options.stage = cli_find_stage (graph, stage_name);
      if (options.stage < 0)
        {
          fprintf (stderr, "dealgraph export: %s: no stage '%s' (see 'dealgraph stages %s')\n", argv[1], stage_name,
                   argv[1]);
          return EXIT_USAGE;
        }
    }

  g_autoptr (DgLayout) layout = NULL;
  if (want_layout)
    {
      layout = cli_layout_get (&lay, argv[1], graph, "export", &status);
      if (layout == NULL)
        return status;
    }

  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = dg_export_graph (graph, lay.theme, layout, format, &options, &error);
  if (bytes == NULL)
    {
      g_prefix_error (&error, "%s: ", argv[1]);
      return cli_fail (error);
    }
  if (to_stdout)
    {
      if (!cli_write_stdout (bytes, "export", &error))
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
