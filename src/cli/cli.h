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

/* How a command reads its input, as command-line options: dot's -G, -N and
 * -E, and the limits (--max-input etc.). Start from { 0 }; owns its strings
 * (cli_input_clear). */
typedef struct {
  char **graph_attrs; /* -G NAME=VALUE, repeatable */
  char **node_attrs;  /* -N NAME=VALUE */
  char **edge_attrs;  /* -E NAME=VALUE */
  gint64 max_input;
  int max_parties;
  int max_ties;
  int max_stages;
  int max_label;
} CliInput;

/* Adds -G, -N and -E to @context's main options (after those already
 * there) and a "Limits" option group, filling @input. */
void cli_add_input_options (GOptionContext *context, CliInput *input);
/* The load options @input asks for; borrows its strings. */
DgLoadOptions cli_load_options (const CliInput *input);
void cli_input_clear (CliInput *input); /* frees the strings, keeps @input */

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliInput, cli_input_clear)

/* Loads @path ("-": standard input), printing every diagnostic to stderr
 * (one about a -G/-N/-E setting only once per process). On failure prints
 * the error (when no diagnostic said it already) and sets *status. */
DgGraph *cli_load (const char *path, const CliInput *input, const DgTheme *theme, int *status);
/* cli_load, printing warnings only when @warn (errors always). */
DgGraph *cli_load_full (const char *path, const CliInput *input, const DgTheme *theme, gboolean warn,
                        int *status);

/* Termination signals (SIGINT, SIGTERM, SIGHUP) are taken by one thread of
 * their own, started before any other: it removes the temporary files of
 * every output set (dg_output_abandon_all(), which waits for a commit under
 * way to finish), then ends the process. */
void cli_signals_init (void);

/* The signal thread also waits between these two. Redundant since
 * dg_output_abandon_all() waits for commits itself; kept until the
 * commands that still call them (export, layout) drop them. */
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

/* Whether the parsed @argc counts exactly one input file after the command
 * name; if not, FALSE after saying so for @command (none, or more than one). */
gboolean cli_one_input (int argc, const char *command);

/* Commits @set between cli_commit_begin() and cli_commit_end(), so a
 * termination signal waits until it is in place. FALSE as
 * dg_output_set_commit(), which counts into @n_written (nullable). */
gboolean cli_commit (DgOutputSet *set, guint *n_written, GError **error);

/* -q and -v of a command that writes files: what it says about them. All
 * of it goes to stderr, as progress does, since standard output may be the
 * output itself (-o -). Start from { 0 }. */
typedef struct {
  gboolean quiet;    /* -q: no progress, no summary */
  gboolean verbose;  /* -v: every file written, and the summary, terminal or not */
  gboolean terminal; /* stderr is a terminal (cli_talk_check()) */
} CliTalk;

/* Adds -q (@quiet_help, nullable: the usual) and -v to @context's main
 * options. */
void cli_talk_add (GOptionContext *context, CliTalk *talk, const char *quiet_help);
/* After parsing; FALSE, after saying so for @command, for both -q and -v. */
gboolean cli_talk_check (CliTalk *talk, const char *command);
/* Whether a progress line may be drawn: stderr a terminal, no -q. */
gboolean cli_talk_progress (const CliTalk *talk);
/* Says where one graph's work went, once its files are in place: with -v
 * each of @paths (NULL-terminated or @n_paths long: see below) on a line,
 * then — on a terminal or with -v, never with -q — one line: "wrote 16
 * figures to output/deal/", "wrote 3 of 16 figures to output/deal/ (13
 * unchanged)", "16 figures in output/deal/ are up to date". Files are
 * counted per folder as @noun ("figures"); a folder's only file is named.
 * @n_written: how many of them changed. Nothing for no paths. */
void cli_talk_wrote (const CliTalk *talk, const char *noun, const char *const *paths, guint n_paths,
                     guint n_written);

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

/* --depfile FILE and --depfile-target TARGET as parsed; owns its strings
 * (cli_depfile_args_clear). */
typedef struct {
  char *path;     /* NULL: no depfile wanted */
  char **targets; /* NULL-terminated, or NULL */
} CliDepfileArgs;

/* Adds --depfile and --depfile-target, filling @args, to @context's main
 * options (after those already there). @help (nullable) replaces the usual
 * description of --depfile. @args must outlive @context's parsing. */
void cli_depfile_args_add (GOptionContext *context, CliDepfileArgs *args, const char *help);
/* FALSE, after saying so for @command, when --depfile-target came without
 * --depfile. */
gboolean cli_depfile_args_check (const CliDepfileArgs *args, const char *command);
/* A new depfile to gather when --depfile was given, else NULL. */
CliDepfile *cli_depfile_args_start (const CliDepfileArgs *args);
/* Writes @dep where --depfile says, naming --depfile-target's targets when
 * given (see cli_depfile_write()). */
gboolean cli_depfile_args_write (const CliDepfileArgs *args, const CliDepfile *dep, GError **error);
void cli_depfile_args_clear (CliDepfileArgs *args); /* frees the strings, keeps @args */

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliDepfileArgs, cli_depfile_args_clear)

/* A stage named on the command line: its id, its safe name or its 1-based
 * number; -1 when @graph has no such stage. */
int cli_find_stage (const DgGraph *graph, const char *name);

/* The stages -s @names choose from @graph (read from @path), appended to
 * @out in the order given: each name a stage (see cli_find_stage()) or a
 * range FROM..TO of stages, both included, in timeline order (FROM or TO
 * left out: the first or the last stage). A name that is a stage's id is
 * that stage even when it holds "..". FALSE, after saying what is wrong
 * for @command, when a name chooses no stage. */
gboolean cli_choose_stages (const DgGraph *graph, const char *path, const char *const *names, const char *command,
                            GArray *out);

/* Writes @bytes to standard output; FALSE with DG_ERROR_WRITE (naming
 * @command) when it cannot. */
gboolean cli_write_stdout (GBytes *bytes, const char *command, GError **error);

/* "license OpenAI → Microsoft (exclusive)": @tie of @graph on one line; the
 * caller frees it. */
char *cli_describe_tie (const DgGraph *graph, const DgTie *tie);

/* The theme @name (NULL: "report"); NULL, after printing why, with *@status
 * set. */
DgTheme *cli_load_theme (const char *name, int *status);

/* --engine, --layout and --theme: how a command lays a graph out and styles
 * it. Start from { 0 }; cli_layout_args_add() registers the options,
 * cli_layout_args_check() reads them after parsing, cli_load_graph() loads
 * the theme. Owns its strings and the theme (cli_layout_args_clear). */
typedef struct {
  char *engine;           /* -K NAME, as given */
  char *mode_text;        /* -l MODE|FILE, as given */
  char *theme_name;       /* -t THEME, as given */
  gboolean cache_allowed; /* --layout may name a layout cache */
  DgLayoutOptions options; /* engine (pointing into @engine) and mode */
  const char *cache_path;  /* the layout cache --layout names, or NULL */
  DgTheme *theme;          /* once loaded */
} CliLayoutArgs;

/* Adds --engine, --layout and --theme, filling @args, to @context's main
 * options (after those already there). With @cache_allowed, --layout takes
 * a mode or the path of a layout cache (MODE|FILE), else only a mode;
 * @layout_help describes it. @args must outlive @context's parsing. */
void cli_layout_args_add (GOptionContext *context, CliLayoutArgs *args, gboolean cache_allowed,
                          const char *layout_help);
/* Fills @args->options and @args->cache_path from the parsed options. FALSE,
 * after saying why for @command, when --layout names no mode and may not
 * name a cache. */
gboolean cli_layout_args_check (CliLayoutArgs *args, const char *command);
/* Loads the theme --theme names into @args->theme (once), then the graph at
 * @path with it (see cli_load()). NULL, after printing why, with *@status
 * set; also, as a usage error, when @input sets attributes (-G, -N, -E)
 * and --layout names a layout cache, which cannot record them. */
DgGraph *cli_load_graph (CliLayoutArgs *args, const char *path, const CliInput *input, int *status);
void cli_layout_args_clear (CliLayoutArgs *args); /* frees what it owns, keeps @args */

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliLayoutArgs, cli_layout_args_clear)

/* The layout to draw @graph (read from @path) with, by @args (whose theme
 * is loaded): the layout cache --layout names, refused when --engine
 * disagrees with it, else computed, printing its warnings. On failure
 * prints why (for @command), sets *@status and returns NULL. */
DgLayout *cli_layout_get (const CliLayoutArgs *args, const char *path, const DgGraph *graph, const char *command,
                          int *status);

/* Adds what a command read to draw a graph as prerequisites of @dep: the
 * graph file @path, the theme files of @layout and its layout cache. */
void cli_depfile_add_sources (CliDepfile *dep, const char *path, const CliLayoutArgs *layout);

/* The options of a command that draws figures, as parsed, and what they
 * give. Start from { 0 }; the cli_figure_add_*() functions register the
 * options a command has, in the order --help lists them, and
 * cli_figure_check() reads them after parsing. Owns its strings
 * (cli_figure_clear). */
typedef struct {
  /* cli_figure_add_files() */
  char *out_dir;       /* -o DIR, as given */
  gboolean flat;
  char *formats_text;  /* -T LIST, as given */
  gboolean has_formats;
  /* cli_figure_add_size() */
  char *width_text;    /* -w LENGTH, as given */
  const char *small_text_advice; /* what the under-the-floor warning suggests; NULL: draw it wider */
  double dpi;          /* --dpi, then the PNG resolution */
  double default_dpi;  /* without --dpi */
  double min_text;     /* --min-text: the smallest text size, in points on the page, drawn without a warning */
  /* cli_figure_add_crop() */
  gboolean crop;
  /* cli_figure_add_parts() */
  gboolean no_title, no_caption, no_timeline, no_legend, no_credit;
  /* cli_figure_add_jobs() */
  int jobs;            /* 0: the command chooses */
  gboolean has_jobs;
  /* cli_talk_add(): every command that draws */
  CliTalk talk;
  const char *jobs_zero; /* what --jobs 0 means, in the range error; or NULL */
  /* cli_depfile_args_add(): render, diff and strip */
  CliDepfileArgs depfile;
  /* cli_figure_check_single(): -o names one file ("-": standard output),
   * pointing into @out_dir; NULL: -o names a folder */
  const char *single;

  /* Filled by cli_figure_check(). */
  gboolean want[3];      /* the formats wanted, indexed by DgFormat */
  gboolean auto_dpi;     /* no --dpi: a large PNG may get fewer pixels per inch */
  gboolean progress;     /* cli_talk_progress() */
  DgRenderOptions render;
  DgSceneOptions scene;
} CliFigure;

/* The size on the page of @scene's smallest text, drawn at @fig's width
 * (or its natural size); 0 when it has no text. */
double cli_figure_page_text (const CliFigure *fig, const DgScene *scene);
/* Warns on stderr, naming @path, when @smallest (points on the page, 0 for
 * none) is under fig->min_text. */
void cli_figure_check_text (const CliFigure *fig, const char *path, double smallest);

/* Adds -o DIR (@output_help), --flat (@flat_help) and -T LIST (svg, png,
 * pdf) to @context's main options. A command with them also takes its PDF
 * creation date from SOURCE_DATE_EPOCH. */
void cli_figure_add_files (GOptionContext *context, CliFigure *fig, const char *output_help, const char *flat_help);
/* Adds --width (when @width) and --dpi: @dpi_help (nullable: the PNG
 * resolution, 144 by default) and @default_dpi, what no --dpi means. */
void cli_figure_add_size (GOptionContext *context, CliFigure *fig, gboolean width, const char *dpi_help,
                          double default_dpi);
/* Adds --crop: each figure cut to what it draws (DgSceneOptions.crop). */
void cli_figure_add_crop (GOptionContext *context, CliFigure *fig);
/* Adds --no-title, --no-caption (@caption_help, nullable: the stage
 * caption), --no-timeline, --no-legend and --no-credit. */
void cli_figure_add_parts (GOptionContext *context, CliFigure *fig, const char *caption_help);
/* Adds -j N (@jobs_help); @jobs_zero (nullable) says what
 * --jobs 0 means when --jobs is out of range. */
void cli_figure_add_jobs (GOptionContext *context, CliFigure *fig, const char *jobs_help, const char *jobs_zero);
/* After parsing: reads the formats, the resolution (10 to 2400), --jobs (0
 * to 256), the width and SOURCE_DATE_EPOCH, in that order, into @fig's
 * results. FALSE, after saying what is wrong for @command. */
gboolean cli_figure_check (CliFigure *fig, const char *command);
void cli_figure_clear (CliFigure *fig); /* frees the strings, keeps @fig */

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliFigure, cli_figure_clear)

/* Whether -o @out names one file rather than a folder, as dot's -o does:
 * "-" (standard output) or a name ending in a figure format's extension
 * that is not an existing folder. *@format receives that format ("-": -1). */
gboolean cli_names_one_file (const char *out, int *format);
/* After cli_figure_check(): when -o names one file (cli_names_one_file()),
 * narrows the formats to the name's (unless -T gave them) and sets
 * fig->single. FALSE, after saying why for @command, when the run cannot
 * go into one file: @why_not (nullable) is a reason the command knows
 * ("several graphs"), else several formats, a format other than the name's
 * or --flat; @advice ends the message ("one format (-T)"). Standard output
 * with --depfile also needs --depfile-target. */
gboolean cli_figure_check_single (CliFigure *fig, const char *command, const char *why_not, const char *advice);

/* Where the figures of @graph go: DIR/<graph name>, or DIR itself with
 * --flat (DIR: -o, else "output"). A new string. */
char *cli_figure_dir (const CliFigure *fig, const DgGraph *graph);


/* Draws @scene of @graph (read from @path) in each format @fig wants, as
 * <dir>/@name.EXT (with --flat <dir>/<graph name>-@name.EXT; see
 * cli_figure_dir()) or as fig->single, and puts the files in place all or
 * nothing (standard output: writes it there); then, with
 * --depfile, writes the depfile: those files, @path, the theme and the
 * layout cache of @layout. @description (nullable) is the figure in words:
 * the SVG's <desc> and the PDF's subject. Returns EXIT_OK, or the exit
 * status after printing why, a drawing error prefixed with @what. */
int cli_figure_write_scene (const CliFigure *fig, const CliLayoutArgs *layout, const DgGraph *graph,
                            const char *path, const DgScene *scene, const char *name, const char *description,
                            const char *what);

int cmd_check (int argc, char **argv);
int cmd_stages (int argc, char **argv);
int cmd_render (int argc, char **argv);
int cmd_animate (int argc, char **argv);
int cmd_export (int argc, char **argv);
int cmd_audit (int argc, char **argv);
int cmd_layout (int argc, char **argv);
int cmd_diff (int argc, char **argv);
int cmd_strip (int argc, char **argv);
int cmd_describe (int argc, char **argv);
