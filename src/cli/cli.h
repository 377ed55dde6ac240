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

/* Termination signals (SIGINT, SIGTERM, SIGHUP) are taken by one thread of
 * their own, started before any other: it ends the process at once, except
 * between cli_commit_begin() and cli_commit_end(), where it waits, so a
 * signal never leaves temporary files of an output set behind. */
void cli_signals_init (void);
void cli_commit_begin (void);
void cli_commit_end (void);

/* printf to stdout, with control characters (but newlines) and bidi
 * controls from the input shown as \u escapes, so a label cannot drive
 * the terminal. */
void cli_print (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* A figure width: "16cm", "6in", "800px" (at @dpi), "400pt" or a bare
 * number of points; FALSE when @text is none of these. */
gboolean cli_parse_length (const char *text, double dpi, double *points);

/* Prints "dealgraph: message" to stderr and returns the error's exit status. */
int cli_fail (const GError *error);

/* Parses @argv with @context; on error prints usage hint and returns FALSE. */
gboolean cli_parse (GOptionContext *context, int *argc, char ***argv);

/* Parses a --layout value: "union", "stage" or "anchored"; FALSE for
 * anything else (for render: the path of a layout cache). */
gboolean cli_parse_mode (const char *text, DgLayoutMode *mode);

/* A make-format dependency file (--depfile) being gathered: every output
 * written (targets) and every input read (prerequisites), each named once,
 * in the order added. */
typedef struct CliDepfile CliDepfile;

CliDepfile *cli_depfile_new (void);
void cli_depfile_free (CliDepfile *dep); /* accepts NULL */
void cli_depfile_add_target (CliDepfile *dep, const char *path);
void cli_depfile_add_input (CliDepfile *dep, const char *path);
/* Adds every file @theme was read from (the theme and those it inherits). */
void cli_depfile_add_theme (CliDepfile *dep, const DgTheme *theme);
/* Writes @dep to @path as make reads it (file names escaped), atomically
 * and only if its bytes change. @targets (nullable, NULL-terminated)
 * replace the outputs as the rule's targets, like `cc -MT`: for make rules
 * that track a stamp file. FALSE with DG_ERROR_WRITE. */
gboolean cli_depfile_write (const CliDepfile *dep, const char *path, const char *const *targets,
                            GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliDepfile, cli_depfile_free)

/* A stage named on the command line: its id, its safe name or its 1-based
 * number; -1 when @graph has no such stage. */
int cli_find_stage (const DgGraph *graph, const char *name);

/* Without --dpi, a figure too big for a sensible PNG gets fewer pixels per
 * inch rather than an error: at most 12000 pixels on a side. */
double cli_fitting_dpi (const DgScene *scene, const DgRenderOptions *options);

/* The layout to draw @graph (read from @path) with: the layout cache
 * @layout_path when not NULL (refused when --engine @engine disagrees with
 * it), else computed with @layout_options, printing its warnings. On
 * failure prints why, prefixed with "dealgraph @command", sets *@status and
 * returns NULL. */
DgLayout *cli_layout_get (const char *path, const DgGraph *graph, const DgTheme *theme, const char *layout_path,
                          const char *engine, const DgLayoutOptions *layout_options, const char *command,
                          int *status);

/* The PDF creation date from SOURCE_DATE_EPOCH into *@date (left alone when
 * unset); FALSE, after saying why, when it is not a number of seconds. */
gboolean cli_source_date (gint64 *date, const char *command);

/* Parses a --format list ("svg,png,pdf") into @want, indexed by DgFormat;
 * FALSE, after saying why, for an unknown format. */
gboolean cli_parse_formats (const char *text, gboolean want[3], const char *command);

int cmd_check (int argc, char **argv);
int cmd_stages (int argc, char **argv);
int cmd_render (int argc, char **argv);
int cmd_animate (int argc, char **argv);
int cmd_export (int argc, char **argv);
int cmd_layout (int argc, char **argv);
int cmd_diff (int argc, char **argv);
int cmd_strip (int argc, char **argv);
