/* cli.h — what the dealgraph subcommands share. */
#pragma once

#include <dealgraph/dealgraph.h>

/* sysexits(3) */
enum {
  EXIT_OK = 0,
  EXIT_USAGE = 64,
  EXIT_DATAERR = 65,
  EXIT_NOINPUT = 66,
  EXIT_SOFTWARE = 70,
  EXIT_CANTCREAT = 73,
  EXIT_CONFIG = 78,
};

/* The input limits as command-line options (--max-input etc.). */
typedef struct {
  gint64 max_input;
  int max_parties;
  int max_ties;
  int max_stages;
  int max_label;
} CliLimits;

/* Adds a "Limits" option group filling @limits to @context. */
void cli_add_limit_options (GOptionContext *context, CliLimits *limits);
DgLoadOptions cli_load_options (const CliLimits *limits);

/* Loads @path, printing every diagnostic to stderr. On failure prints the
 * error (when no diagnostic said it already) and sets *status. */
DgGraph *cli_load (const char *path, const CliLimits *limits, const DgTheme *theme, int *status);

/* Prints "dealgraph: message" to stderr and returns the error's exit status. */
int cli_fail (const GError *error);

/* Parses @argv with @context; on error prints usage hint and returns FALSE. */
gboolean cli_parse (GOptionContext *context, int *argc, char ***argv);

int cmd_check (int argc, char **argv);
int cmd_stages (int argc, char **argv);
int cmd_render (int argc, char **argv);
