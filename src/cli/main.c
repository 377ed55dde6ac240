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
  { "render", cmd_render, "draw every stage to SVG, PNG and PDF" },
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
                "Exit status: 0 success, 64 usage error, 65 bad input data, 66 input cannot be\n"
                "opened, 70 internal (layout/render) failure, 73 output cannot be written,\n"
                "78 bad theme.\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
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
  if (strcmp (name, "--version") == 0)
    {
      printf ("dealgraph %s\n", DG_VERSION);
      return EXIT_OK;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (name, commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  fprintf (stderr, "dealgraph: unknown command '%s'\n\n", name);
  usage (stderr);
  return EXIT_USAGE;
}
