/* audit.c — `dealgraph audit`: what in each figure a reader could misread. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* A line of the report naming @index of @scene: a tie's line by its tie, a
 * party by its label, a text by its words. */
static char *
describe_item (const DgGraph *graph, const DgScene *scene, int index)
{
  if (index < 0)
    return g_strdup ("?");
  const DgSceneItem *item = dg_scene_item (scene, (guint) index);
  if (item->kind == DG_ITEM_TEXT)
    {
      g_autofree char *text = g_strdup (item->text);
      g_strdelimit (text, "\n", ' ');
      if (item->role == DG_ROLE_TIE_LABEL && item->tie >= 0)
        {
          g_autofree char *tie = cli_describe_tie (graph, dg_graph_tie (graph, (guint) item->tie));
          return g_strdup_printf ("label \"%s\" of %s", text, tie);
        }
      return g_strdup_printf ("\"%s\"", text);
    }
  if (item->role == DG_ROLE_TIE_ARROW && item->tie >= 0)
    {
      g_autofree char *tie = cli_describe_tie (graph, dg_graph_tie (graph, (guint) item->tie));
      return g_strdup_printf ("the end marker of %s", tie);
    }
  if (item->tie >= 0)
    return cli_describe_tie (graph, dg_graph_tie (graph, (guint) item->tie));
  if (item->party >= 0)
    return g_strdup_printf ("party %s", dg_graph_party (graph, (guint) item->party)->label);
  return g_strdup ("an item of the figure");
}

static const char *const verbs[] = {
  [DG_FAULT_LABEL_AWAY] = "is nearer",
  [DG_FAULT_TIE_UNDER_PARTY] = "runs under",
  [DG_FAULT_OVERLAP] = "overlaps",
  [DG_FAULT_CROSSED_LABEL] = "is crossed by",
};

int
cmd_audit (int argc, char **argv)
{
  g_auto (CliLayoutArgs) lay = { 0 };
  g_auto (CliInput) input = { 0 };
  gboolean quiet = FALSE;
  g_autofree char *stage_name = NULL;
  GOptionEntry entries[] = {
    { "stage", 's', 0, G_OPTION_ARG_STRING, &stage_name, "Only this stage (id, file name or number)", "ID" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print the totals only", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE — list what a reader could misread in the figures");
  g_option_context_set_summary (context,
      "Lays FILE out as render would and looks at each stage's figure as a\n"
      "reader does. It lists every tie label that sits nearer another tie's line\n"
      "than its own (without a leader line), every line that runs under a party\n"
      "it does not join (it seems to end there), every text that overlaps another\n"
      "text, a party or an end marker, and every group label a line crosses.\n"
      "Exits 1 when it found any, so a build can refuse a misleading figure.");
  g_option_context_add_main_entries (context, entries, NULL);
  cli_layout_args_add (context, &lay, TRUE, "union (default), stage, anchored, or a layout cache from 'dealgraph layout'");
  cli_add_input_options (context, &input);
  if (!cli_parse (context, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2)
    {
      fprintf (stderr, "dealgraph audit: expected exactly one input file\nTry 'dealgraph audit --help'.\n");
      return EXIT_USAGE;
    }
  if (!cli_layout_args_check (&lay, "audit"))
    return EXIT_USAGE;
  int status = EXIT_OK;
  g_autoptr (DgGraph) graph = cli_load_graph (&lay, argv[1], &input, &status);
  if (graph == NULL)
    return status;
  int only = -1;
  if (stage_name != NULL && (only = cli_find_stage (graph, stage_name)) < 0)
    {
      fprintf (stderr, "dealgraph audit: %s: no stage '%s' (see 'dealgraph stages %s')\n", argv[1], stage_name, argv[1]);
      return EXIT_USAGE;
    }
  g_autoptr (DgLayout) layout = cli_layout_get (&lay, argv[1], graph, "audit", &status);
  if (layout == NULL)
    return status;

  guint totals[G_N_ELEMENTS (verbs)] = { 0 };
  guint n_stages = MAX (dg_graph_n_stages (graph), 1), audited = 0;
  DgSceneOptions options = DG_SCENE_OPTIONS_INIT;
  for (guint s = 0; s < n_stages; s++)
    {
      if (only >= 0 && s != (guint) only)
        continue;
      audited++;
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, lay.theme, s, &options);
      g_autoptr (GArray) faults = dg_scene_audit (scene, graph);
      const char *where = dg_graph_is_static (graph) ? NULL : dg_graph_stage (graph, s)->id;
      for (guint i = 0; i < faults->len; i++)
        {
          const DgSceneFault *f = &g_array_index (faults, DgSceneFault, i);
          totals[f->kind]++;
          if (quiet)
            continue;
          g_autofree char *what = describe_item (graph, scene, (int) f->item);
          g_autofree char *other = describe_item (graph, scene, f->other);
          cli_print ("%s%s%s: %s: %s %s %s\n", argv[1], where != NULL ? ": stage " : "", where != NULL ? where : "",
                     dg_fault_kind_name (f->kind), what, verbs[f->kind], other);
        }
    }
  guint all = 0;
  for (gsize k = 0; k < G_N_ELEMENTS (totals); k++)
    all += totals[k];
  cli_print ("%s: %u figure%s: %u labels nearer another tie, %u ties under parties, %u overlaps, "
             "%u group labels crossed\n",
             argv[1], audited, audited == 1 ? "" : "s", totals[DG_FAULT_LABEL_AWAY], totals[DG_FAULT_TIE_UNDER_PARTY],
             totals[DG_FAULT_OVERLAP], totals[DG_FAULT_CROSSED_LABEL]);
  return all > 0 ? 1 : EXIT_OK;
}
