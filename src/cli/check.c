/* check.c — `dealgraph check` (summary or every problem) and `dealgraph stages`. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

char *
cli_describe_tie (const DgGraph *graph, const DgTie *tie)
{
  const char *arrow = dg_graph_is_directed (graph) ? "\xe2\x86\x92" : "\xe2\x80\x94";
  g_autofree char *caption = dg_tie_caption (graph, tie);
  GString *out = g_string_new (NULL);
  g_string_append_printf (out, "%s %s %s %s", tie->kind != NULL ? tie->kind : "tie",
                          dg_graph_party (graph, tie->tail)->label, arrow,
                          dg_graph_party (graph, tie->head)->label);
  if (caption != NULL)
    g_string_append_printf (out, " (%s)", caption);
  /* Labels may hold line breaks; a summary line must not. */
  g_strdelimit (out->str, "\n", ' ');
  return g_string_free (out, FALSE);
}

static void
print_counts (const char *what, GHashTable *counts, GPtrArray *order, guint total)
{
  cli_print ("  %u %s", total, what);
  for (guint i = 0; i < order->len; i++)
    cli_print ("%s%s %u", i == 0 ? ": " : ", ", (char *) order->pdata[i],
            GPOINTER_TO_UINT (g_hash_table_lookup (counts, order->pdata[i])));
  cli_print ("\n");
}

static void
count_kind (GHashTable *counts, GPtrArray *order, const char *kind)
{
  const char *key = kind != NULL ? kind : "(no kind)";
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));
  if (n == 0)
    g_ptr_array_add (order, (gpointer) key);
  g_hash_table_insert (counts, (gpointer) key, GUINT_TO_POINTER (n + 1));
}

static void
print_summary (const DgGraph *graph)
{
  const char *title = dg_graph_get_title (graph);
  cli_print ("%s: ok%s%s%s\n", dg_graph_get_path (graph), title ? " — \"" : "", title ? title : "",
          title ? "\"" : "");

  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) order = g_ptr_array_new ();
  for (guint i = 0; i < dg_graph_n_parties (graph); i++)
    count_kind (counts, order, dg_graph_party (graph, i)->kind);
  print_counts ("parties", counts, order, dg_graph_n_parties (graph));
  g_hash_table_remove_all (counts);
  g_ptr_array_set_size (order, 0);
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    count_kind (counts, order, dg_graph_tie (graph, i)->kind);
  print_counts ("ties", counts, order, dg_graph_n_ties (graph));

  if (dg_graph_is_static (graph))
    {
      cli_print ("  no timeline: one figure of the whole graph\n");
      return;
    }
  cli_print ("  %u stages:\n", dg_graph_n_stages (graph));
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      const DgStage *stage = dg_graph_stage (graph, s);
      cli_print ("  %2u. %s — %s%s%s%s\n", s + 1, stage->id, stage->label, stage->date ? " (" : "",
              stage->date ? stage->date : "", stage->date ? ")" : "");
      g_autoptr (GArray) changes = dg_timeline_changes_at (graph, s);
      for (guint i = 0; i < changes->len; i++)
        {
          const DgChange *c = &g_array_index (changes, DgChange, i);
          if (c->party != NULL)
            {
              cli_print ("        %s party %s%s%s\n", c->kind == DG_CHANGE_BEGAN ? "begins:" : "ends:  ",
                      c->party->label, c->party->kind ? ", " : "", c->party->kind ? c->party->kind : "");
              continue;
            }
          if (c->kind == DG_CHANGE_CHANGED)
            {
              g_autofree char *old_text = cli_describe_tie (graph, c->old_tie);
              g_autofree char *old_caption = dg_tie_caption (graph, c->old_tie);
              g_autofree char *new_caption = dg_tie_caption (graph, c->new_tie);
              cli_print ("        changes: %s %s %s %s: %s \xe2\x86\x92 %s\n", c->new_tie->kind ? c->new_tie->kind : "tie",
                      dg_graph_party (graph, c->new_tie->tail)->label,
                      dg_graph_is_directed (graph) ? "\xe2\x86\x92" : "\xe2\x80\x94",
                      dg_graph_party (graph, c->new_tie->head)->label,
                      old_caption ? old_caption : "(no value or terms)", new_caption ? new_caption : "(no value or terms)");
              continue;
            }
          const DgTie *tie = c->kind == DG_CHANGE_BEGAN ? c->new_tie : c->old_tie;
          g_autofree char *text = cli_describe_tie (graph, tie);
          cli_print ("        %s %s\n", c->kind == DG_CHANGE_BEGAN ? "begins:" : "ends:  ", text);
        }
    }
}

int
cmd_check (int argc, char **argv)
{
  g_auto (CliInput) input = { 0 };
  gboolean quiet = FALSE;
  g_autofree char *theme_name = NULL;
  GOptionEntry entries[] = {
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print problems only, no summary", NULL },
    { "theme", 't', 0, G_OPTION_ARG_STRING, &theme_name, "Theme whose added kinds count as known (default: report)", "THEME" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE… — check graphs and summarise their timelines");
  g_option_context_set_summary (context,
      "Reads each DOT file, checks it against dealgraph's input format and prints a\n"
      "summary: parties and ties by kind, and each stage with what begins and ends\n"
      "there. Problems are printed as FILE:LINE: error: … on stderr.");
  g_option_context_add_main_entries (context, entries, NULL);
  cli_add_input_options (context, &input);
  if (!cli_parse (context, &argc, &argv))
    return EXIT_USAGE;
  if (argc < 2)
    {
      fprintf (stderr, "dealgraph check: no input file\nTry 'dealgraph check --help'.\n");
      return EXIT_USAGE;
    }
  int status = EXIT_OK;
  g_autoptr (DgTheme) theme = cli_load_theme (theme_name, &status);
  if (theme == NULL)
    return status;
  for (int i = 1; i < argc; i++)
    {
      int file_status = EXIT_OK;
      g_autoptr (DgGraph) graph = cli_load (argv[i], &input, theme, &file_status);
      if (graph == NULL)
        {
          if (status == EXIT_OK)
            status = file_status;
          continue;
        }
      if (!quiet)
        print_summary (graph);
    }
  return status;
}

int
cmd_stages (int argc, char **argv)
{
  g_auto (CliInput) input = { 0 };
  gboolean names = FALSE;
  GOptionEntry entries[] = {
    { "names", 0, 0, G_OPTION_ARG_NONE, &names, "Print the file names of the stages' figures (NN-safe-name)", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE — list stage ids in timeline order");
  g_option_context_add_main_entries (context, entries, NULL);
  cli_add_input_options (context, &input);
  if (!cli_parse (context, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2)
    {
      fprintf (stderr, "dealgraph stages: expected exactly one input file\nTry 'dealgraph stages --help'.\n");
      return EXIT_USAGE;
    }
  int status = EXIT_OK;
  /* Makefiles call this at every run to list their targets: the graph's
   * warnings are for check and render to give, not for every make. */
  g_autoptr (DgGraph) graph = cli_load_full (argv[1], &input, NULL, FALSE, &status);
  if (graph == NULL)
    return status;
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      const DgStage *stage = dg_graph_stage (graph, s);
      if (names)
        {
          g_autofree char *file = dg_stage_file_stem (graph, s);
          cli_print ("%s\n", file);
        }
      else
        cli_print ("%s\n", stage->id);
    }
  return EXIT_OK;
}
