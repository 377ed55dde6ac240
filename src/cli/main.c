/* main.c — the dealgraph command: dispatches to its subcommands. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "check", cmd_check, "check graphs and summarise their timelines" },
  { "stages", cmd_stages, "list the stage ids of a graph in timeline order" },
  { "layout", cmd_layout, "lay a graph out once and save it for render --layout" },
  { "render", cmd_render, "draw every stage to SVG, PNG and PDF" },
  { "animate", cmd_animate, "play the timeline: HTML viewer, animated SVG or WebP, PNG frames" },
  { "diff", cmd_diff, "one figure of what began, ended and changed between two stages, or --summary in words" },
  { "strip", cmd_strip, "every stage side by side on one page (small multiples)" },
  { "describe", cmd_describe, "each stage's figure in words: a short alternative text and a long description" },
  { "export", cmd_export, "write a graph as DOT with positions, JSON, GEXF (Gephi) or GraphML" },
  { "audit", cmd_audit, "list what a reader could misread in the figures (labels, lines, overlaps)" },
};

static void
usage (FILE *out)
{
  fprintf (out, "Usage: dealgraph COMMAND [OPTION…] FILE…\n\n"
                "Timeline relationship graphs from DOT, laid out with Graphviz, drawn with cairo.\n\n"
                "Commands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-8s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\n'dealgraph COMMAND --help' describes a command's options.\n\n"
                "Exit status: 0 success, 64 usage error, 65 bad input data (or a stale layout\n"
                "cache), 66 input cannot be opened, 70 internal (layout/render) failure,\n"
                "73 output cannot be written, 78 bad theme.\n");
}

/* GOption does not read a value glued to a short option ("-j2", "-Tpng")
 * as make and Graphviz users type it; split those into two arguments. */
static char **
split_glued_options (int argc, char **argv, int *out_argc)
{
  static const char with_value[] = "oTswKltjGNE";
  GPtrArray *args = g_ptr_array_new ();
  for (int i = 0; i < argc; i++)
    {
      const char *a = argv[i];
      if (a[0] == '-' && a[1] != '\0' && a[1] != '-' && strchr (with_value, a[1]) != NULL && a[2] != '\0')
        {
          g_ptr_array_add (args, g_strndup (a, 2));
          g_ptr_array_add (args, g_strdup (a + 2));
        }
      else
        g_ptr_array_add (args, g_strdup (a));
    }
  *out_argc = (int) args->len;
  g_ptr_array_add (args, NULL);
  return (char **) g_ptr_array_free (args, FALSE);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  cli_signals_init ();
  g_set_prgname ("dealgraph");

  if (argc < 2)
    {
      usage (stderr);
      return EXIT_USAGE;
    }
  const char *name = argv[1];
  if (strcmp (name, "--help") == 0 || strcmp (name, "-h") == 0 || strcmp (name, "help") == 0)
    {
      usage (stdout);
      return EXIT_OK;
    }
  /* -V as dot has it. */
  if (strcmp (name, "--version") == 0 || strcmp (name, "-V") == 0)
    {
      printf ("dealgraph %s\n", DG_VERSION);
      return EXIT_OK;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (name, commands[i].name) == 0)
      {
        int n = 0;
        g_auto (GStrv) args = split_glued_options (argc - 1, argv + 1, &n);
        /* GOption removes what it parses from the array; keep the original
         * pointers to free them all. */
        g_autofree char **view = g_memdup2 (args, sizeof (char *) * ((gsize) n + 1));
        return commands[i].run (n, view);
      }

  fprintf (stderr, "dealgraph: unknown command '%s'\n\n", name);
  usage (stderr);
  return EXIT_USAGE;
}
