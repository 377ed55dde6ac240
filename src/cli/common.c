/* common.c — what the subcommands share: option parsing, --engine/--layout/--theme, loading, commits, error printing. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

void
cli_add_input_options (GOptionContext *context, CliInput *input)
{
  GOptionEntry attr_entries[] = {
    { "graph-attr", 'G', 0, G_OPTION_ARG_STRING_ARRAY, &input->graph_attrs,
      "Set a graph attribute, as dot -G does: it wins over the file's own (a cluster's still wins); repeatable",
      "NAME=VALUE" },
    { "node-attr", 'N', 0, G_OPTION_ARG_STRING_ARRAY, &input->node_attrs,
      "Set a default node attribute, as dot -N does: it wins over the file's node [...], not over a node's own "
      "or a subgraph's; repeatable", "NAME=VALUE" },
    { "edge-attr", 'E', 0, G_OPTION_ARG_STRING_ARRAY, &input->edge_attrs,
      "Set a default edge attribute, as dot -E does (as -N for edges); repeatable", "NAME=VALUE" },
    { NULL },
  };
  g_option_context_add_main_entries (context, attr_entries, NULL);
  GOptionEntry entries[] = {
    { "max-input", 0, 0, G_OPTION_ARG_INT64, &input->max_input, "Largest input file in bytes (64 MiB)", "BYTES" },
    { "max-parties", 0, 0, G_OPTION_ARG_INT, &input->max_parties, "Most parties in a graph (100000)", "N" },
    { "max-ties", 0, 0, G_OPTION_ARG_INT, &input->max_ties, "Most ties in a graph (500000)", "N" },
    { "max-stages", 0, 0, G_OPTION_ARG_INT, &input->max_stages, "Most stages in a timeline (1000)", "N" },
    { "max-label", 0, 0, G_OPTION_ARG_INT, &input->max_label, "Longest label or quoted string in bytes (65536)", "BYTES" },
    { NULL },
  };
  GOptionGroup *group = g_option_group_new ("limits", "Input limits (against hostile input):",
                                            "Show the input limits", NULL, NULL);
  g_option_group_add_entries (group, entries);
  g_option_context_add_group (context, group);
}

DgLoadOptions
cli_load_options (const CliInput *input)
{
  DgLoadOptions options = DG_LOAD_OPTIONS_INIT;
  if (input->max_input > 0)
    options.max_input_bytes = (gsize) input->max_input;
  if (input->max_parties > 0)
    options.max_parties = (guint) input->max_parties;
  if (input->max_ties > 0)
    options.max_ties = (guint) input->max_ties;
  if (input->max_stages > 0)
    options.max_stages = (guint) input->max_stages;
  if (input->max_label > 0)
    options.max_label_bytes = (gsize) input->max_label;
  options.graph_attrs = (const char *const *) input->graph_attrs;
  options.node_attrs = (const char *const *) input->node_attrs;
  options.edge_attrs = (const char *const *) input->edge_attrs;
  return options;
}


void
cli_input_clear (CliInput *input)
{
  g_clear_pointer (&input->graph_attrs, g_strfreev);
  g_clear_pointer (&input->node_attrs, g_strfreev);
  g_clear_pointer (&input->edge_attrs, g_strfreev);
}

/* @text with control characters and bidi controls shown as \u escapes. */
static char *
terminal_safe (const char *text, gboolean keep_newlines)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if ((c < 0x20 && !(keep_newlines && c == '\n')) || (c >= 0x7f && c < 0xa0) || (c >= 0x202a && c <= 0x202e)
          || (c >= 0x2066 && c <= 0x2069))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

int
cli_fail (const GError *error)
{
  g_autofree char *safe = terminal_safe (error->message, FALSE);
  fprintf (stderr, "dealgraph: %s\n", safe);
  return dg_error_exit_status (error);
}

DgGraph *
cli_load (const char *path, const CliInput *input, const DgTheme *theme, int *status)
{
  return cli_load_full (path, input, theme, TRUE, status);
}

/* The problems with -G/-N/-E settings printed so far: they are the same
 * for every input of a run, so each is said once. */
static GHashTable *settings_said;

DgGraph *
cli_load_full (const char *path, const CliInput *input, const DgTheme *theme, gboolean warn, int *status)
{
  DgLoadOptions options = cli_load_options (input);
  if (theme != NULL)
    {
      options.party_kinds = dg_theme_party_kinds (theme);
      options.tie_kinds = dg_theme_tie_kinds (theme);
    }
  g_autoptr (GPtrArray) diagnostics = dg_diagnostics_new ();
  g_autoptr (GError) error = NULL;
  DgGraph *graph = NULL;
  if (strcmp (path, "-") == 0)
    {
      /* Standard input, as dot reads it: held in memory, to the same
       * limit as a file; messages name it "<stdin>". */
      g_autoptr (GByteArray) data = g_byte_array_new ();
      guint8 chunk[65536];
      size_t n;
      gsize limit = options.max_input_bytes > 0 ? options.max_input_bytes : G_MAXSIZE;
      while (data->len <= limit && (n = fread (chunk, 1, sizeof chunk, stdin)) > 0)
        g_byte_array_append (data, chunk, (guint) n);
      if (ferror (stdin))
        g_set_error (&error, DEALGRAPH_ERROR, DG_ERROR_OPEN, "<stdin>: cannot read standard input");
      else if (data->len > limit)
        g_set_error (&error, DEALGRAPH_ERROR, DG_ERROR_LIMIT, "<stdin>: more than the %" G_GSIZE_FORMAT
                     "-byte limit of an input (--max-input)", limit);
      else
        graph = dg_graph_load_data ("<stdin>", (const char *) data->data, data->len, &options, diagnostics, &error);
    }
  else
    graph = dg_graph_load_file (path, &options, diagnostics, &error);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      const DgDiagnostic *diag = diagnostics->pdata[i];
      if (!warn && diag->severity != DG_SEVERITY_ERROR)
        continue;
      g_autofree char *line = dg_diagnostic_to_string (diag);
      /* A setting's problem names the setting, not the input. */
      if (g_strcmp0 (diag->file, strcmp (path, "-") == 0 ? "<stdin>" : path) != 0)
        {
          if (settings_said == NULL)
            settings_said = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          if (!g_hash_table_add (settings_said, g_strdup (line)))
            continue;
        }
      fprintf (stderr, "%s\n", line);
    }
  if (graph == NULL)
    {
      gboolean said = FALSE;
      for (guint i = 0; i < diagnostics->len && !said; i++)
        said = ((DgDiagnostic *) diagnostics->pdata[i])->severity == DG_SEVERITY_ERROR;
      if (!said)
        fprintf (stderr, "dealgraph: %s\n", error->message);
      *status = dg_error_exit_status (error);
    }
  return graph;
}

DgTheme *
cli_load_theme (const char *name, int *status)
{
  g_autoptr (GError) error = NULL;
  DgTheme *theme = dg_theme_load (name != NULL ? name : "report", &error);
  if (theme == NULL)
    *status = cli_fail (error);
  return theme;
}

int
cli_find_stage (const DgGraph *graph, const char *name)
{
  const DgStage *stage = dg_graph_find_stage (graph, name);
  if (stage != NULL)
    return (int) stage->index;
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      g_autofree char *stem = dg_stage_file_stem (graph, s);
      if (g_strcmp0 (dg_graph_stage (graph, s)->safe_name, name) == 0 || g_strcmp0 (stem, name) == 0)
        return (int) s;
    }
  char *end = NULL;
  guint64 n = g_ascii_strtoull (name, &end, 10);
  if (end != name && *end == '\0' && n >= 1 && n <= dg_graph_n_stages (graph))
    return (int) n - 1;
  return -1;
}

gboolean
cli_choose_stages (const DgGraph *graph, const char *path, const char *const *names, const char *command,
                   GArray *out)
{
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      const char *name = names[i];
      int s = cli_find_stage (graph, name);
      const char *dots = strstr (name, "..");
      if (s >= 0 || dots == NULL)
        {
          if (s < 0)
            {
              fprintf (stderr, "dealgraph %s: %s: no stage '%s' (see 'dealgraph stages %s')\n", command, path, name,
                       path);
              return FALSE;
            }
          guint us = (guint) s;
          g_array_append_val (out, us);
          continue;
        }
      g_autofree char *from_name = g_strndup (name, (gsize) (dots - name));
      const char *to_name = dots + 2;
      int from = from_name[0] != '\0' ? cli_find_stage (graph, from_name) : 0;
      int to = to_name[0] != '\0' ? cli_find_stage (graph, to_name) : (int) dg_graph_n_stages (graph) - 1;
      if (from < 0 || to < 0)
        {
          fprintf (stderr, "dealgraph %s: %s: -s %s: no stage '%s' (see 'dealgraph stages %s')\n", command, path,
                   name, from < 0 ? from_name : to_name, path);
          return FALSE;
        }
      if (from > to)
        {
          fprintf (stderr, "dealgraph %s: %s: -s %s runs backwards: '%s' is stage %d, after '%s' (stage %d)\n",
                   command, path, name, from_name, from + 1, to_name, to + 1);
          return FALSE;
        }
      for (guint us = (guint) from; us <= (guint) to; us++)
        g_array_append_val (out, us);
    }
  return TRUE;
}

gboolean
cli_parse (GOptionContext *context, int *argc, char ***argv)
{
  g_autofree char *name = g_strdup_printf ("dealgraph %s", (*argv)[0]);
  g_set_prgname (name);
  g_option_context_set_description (context,
      "Exit status: 0 success, 64 usage error, 65 bad input data (or a stale layout\n"
      "cache), 66 input cannot be opened, 70 layout or drawing failed, 73 output\n"
      "cannot be written, 78 bad theme.");
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fprintf (stderr, "dealgraph: %s\nTry 'dealgraph %s --help'.\n", error->message, (*argv)[0]);
      return FALSE;
    }
  return TRUE;
}

gboolean
cli_one_input (int argc, const char *command)
{
  if (argc == 2)
    return TRUE;
  fprintf (stderr, "dealgraph %s: %s\nTry 'dealgraph %s --help'.\n", command,
           argc < 2 ? "no input file" : "one input file at a time", command);
  return FALSE;
}

/* Parses a --layout value: "union", "stage" or "anchored"; FALSE for
 * anything else (where a layout cache may be named: its path). */
static gboolean
parse_mode (const char *text, DgLayoutMode *mode)
{
  static const char *const names[] = { "union", "stage", "anchored" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *mode = (DgLayoutMode) i;
        return TRUE;
      }
  return FALSE;
}

void
cli_print (const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *raw = g_strdup_vprintf (format, args);
  va_end (args);
  g_autofree char *safe = terminal_safe (raw, TRUE);
  fputs (safe, stdout);
}

static GMutex commit_lock;

static gpointer
signal_thread (gpointer data)
{
  sigset_t *set = data;
  int sig = 0;
  while (sigwait (set, &sig) != 0)
    ;
  /* Wait for a commit under way, remove the temporary files of figures
   * staged for the next one, then die of the signal as if unhandled, so
   * the parent sees the usual status (128 + signal). */
  g_mutex_lock (&commit_lock);
  dg_output_abandon_all ();
  signal (sig, SIG_DFL);
  sigset_t one;
  sigemptyset (&one);
  sigaddset (&one, sig);
  pthread_sigmask (SIG_UNBLOCK, &one, NULL);
  raise (sig);
  _exit (128 + sig);
}

/* Kept for the life of the process rather than unreferenced: the layout runs
 * in a forked child, where this thread does not exist, and only a static
 * reference keeps its GThread reachable there for valgrind. Volatile, because
 * a store that is never read would otherwise be dropped. */
static GThread *volatile signals_thread;

void
cli_signals_init (void)
{
  static sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, SIGINT);
  sigaddset (&set, SIGTERM);
  sigaddset (&set, SIGHUP);
  /* Blocked here, before any thread exists, so every thread inherits the
   * mask and only signal_thread takes them. */
  pthread_sigmask (SIG_BLOCK, &set, NULL);
  signals_thread = g_thread_new ("signals", signal_thread, &set);
}

void
cli_commit_begin (void)
{
  g_mutex_lock (&commit_lock);
}

void
cli_commit_end (void)
{
  g_mutex_unlock (&commit_lock);
}

gboolean
cli_commit (DgOutputSet *set, guint *n_written, GError **error)
{
  cli_commit_begin ();
  gboolean committed = dg_output_set_commit (set, n_written, error);
  cli_commit_end ();
  return committed;
}

gboolean
cli_parse_length (const char *text, double dpi, double *points)
{
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);
  if (end == text || !(v > 0) || v > 1e6)
    return FALSE;
  while (*end == ' ')
    end++;
  if (*end == '\0' || g_ascii_strcasecmp (end, "pt") == 0)
    *points = v;
  else if (g_ascii_strcasecmp (end, "in") == 0)
    *points = v * 72.0;
  else if (g_ascii_strcasecmp (end, "cm") == 0)
    *points = v * 72.0 / 2.54;
  else if (g_ascii_strcasecmp (end, "mm") == 0)
    *points = v * 72.0 / 25.4;
  else if (g_ascii_strcasecmp (end, "px") == 0)
    *points = v * 72.0 / dpi;
  else
    return FALSE;
  return TRUE;
}

void
cli_layout_args_add (GOptionContext *context, CliLayoutArgs *args, gboolean cache_allowed, const char *layout_help)
{
  args->cache_allowed = cache_allowed;
  /* A FILENAME, when it may be a path, so that it reaches the file system
   * in the bytes given whatever the locale's encoding. */
  GOptionEntry entries[] = {
    { "engine", 'K', 0, G_OPTION_ARG_STRING, &args->engine, "Graphviz layout engine: auto (default: by the graph's size), dot, neato, fdp, sfdp, circo, twopi", "NAME" },
    { "layout", 'l', 0, cache_allowed ? G_OPTION_ARG_FILENAME : G_OPTION_ARG_STRING, &args->mode_text, layout_help,
      cache_allowed ? "MODE|FILE" : "MODE" },
    { "theme", 't', 0, G_OPTION_ARG_STRING, &args->theme_name, "Theme name (report, dark, grayscale) or path to a .theme file", "THEME" },
    { NULL },
  };
  g_option_context_add_main_entries (context, entries, NULL);
}

gboolean
cli_layout_args_check (CliLayoutArgs *args, const char *command)
{
  DgLayoutOptions options = DG_LAYOUT_OPTIONS_INIT;
  args->options = options;
  if (args->engine != NULL)
    args->options.engine = args->engine;
  args->cache_path = NULL;
  if (args->mode_text == NULL || parse_mode (args->mode_text, &args->options.mode))
    return TRUE;
  if (!args->cache_allowed)
    {
      fprintf (stderr, "dealgraph %s: --layout '%s' is not union, stage or anchored\n", command, args->mode_text);
      return FALSE;
    }
  args->cache_path = args->mode_text;
  return TRUE;
}

DgGraph *
cli_load_graph (CliLayoutArgs *args, const char *path, const CliInput *input, int *status)
{
  if (args->theme == NULL)
    {
      args->theme = cli_load_theme (args->theme_name, status);
      if (args->theme == NULL)
        return NULL;
    }
  return cli_load (path, input, args->theme, status);
}

void
cli_layout_args_clear (CliLayoutArgs *args)
{
  g_clear_pointer (&args->engine, g_free);
  g_clear_pointer (&args->mode_text, g_free);
  g_clear_pointer (&args->theme_name, g_free);
  args->cache_path = NULL;
  args->options.engine = NULL;
  g_clear_pointer (&args->theme, dg_theme_free);
}

DgLayout *
cli_layout_get (const CliLayoutArgs *args, const char *path, const DgGraph *graph, const char *command, int *status)
{
  g_autoptr (GError) error = NULL;
  DgLayout *layout = NULL;
  if (args->cache_path != NULL)
    {
      /* The warnings were printed when the cache was made; every shard
       * repeating them would only bury them. */
      layout = dg_layout_load (args->cache_path, graph, args->theme, &error);
      if (layout == NULL)
        {
          *status = cli_fail (error);
          return NULL;
        }
      const char *engine = args->engine;
      if (engine != NULL && strcmp (engine, "auto") != 0 && strcmp (engine, dg_layout_get_engine (layout)) != 0)
        {
          fprintf (stderr, "dealgraph %s: --engine %s, but the layout cache %s was computed with %s\n", command,
                   engine, args->cache_path, dg_layout_get_engine (layout));
          dg_layout_free (layout);
          *status = EXIT_USAGE;
          return NULL;
        }
      return layout;
    }
  layout = dg_layout_compute (graph, args->theme, &args->options, &error);
  if (layout == NULL)
    {
      *status = cli_fail (error);
      return NULL;
    }
  const char *const *warnings = dg_layout_get_warnings (layout);
  for (guint i = 0; warnings[i] != NULL; i++)
    fprintf (stderr, "%s: warning: %s\n", path, warnings[i]);
  return layout;
}

gboolean
cli_write_stdout (GBytes *bytes, const char *command, GError **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  if (fwrite (data, 1, len, stdout) != len || fflush (stdout) != 0)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE, "%s: cannot write to standard output", command);
      return FALSE;
    }
  return TRUE;
}

void
cli_talk_add (GOptionContext *context, CliTalk *talk, const char *quiet_help)
{
  GOptionEntry entries[] = {
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &talk->quiet,
      quiet_help != NULL ? quiet_help : "No progress line and no summary of what was written", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &talk->verbose,
      "Name every file written, and say what was written even off a terminal", NULL },
    { NULL },
  };
  g_option_context_add_main_entries (context, entries, NULL);
}

gboolean
cli_talk_check (CliTalk *talk, const char *command)
{
  if (talk->quiet && talk->verbose)
    {
      fprintf (stderr, "dealgraph %s: -q (--quiet) and -v (--verbose) contradict each other\n", command);
      return FALSE;
    }
  talk->terminal = isatty (STDERR_FILENO);
  return TRUE;
}

gboolean
cli_talk_progress (const CliTalk *talk)
{
  return !talk->quiet && talk->terminal;
}

/* @dir as a folder name ending in '/' ("./" for the current one). */
static char *
folder_name (const char *dir)
{
  return g_str_has_suffix (dir, G_DIR_SEPARATOR_S) ? g_strdup (dir) : g_strconcat (dir, G_DIR_SEPARATOR_S, NULL);
}

/* @paths as folders in order of first appearance: "16 figures to out/g/",
 * "deal.html and 110 frames to frames/" (@prep "to" or "in"). */
static char *
describe_files (const char *noun, const char *const *paths, guint n, const char *prep)
{
  g_autoptr (GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) counts = g_array_new (FALSE, TRUE, sizeof (guint));
  g_autoptr (GArray) firsts = g_array_new (FALSE, TRUE, sizeof (guint));
  for (guint i = 0; i < n; i++)
    {
      char *dir = g_path_get_dirname (paths[i]);
      guint k = 0;
      while (k < dirs->len && strcmp (dirs->pdata[k], dir) != 0)
        k++;
      if (k == dirs->len)
        {
          g_ptr_array_add (dirs, dir);
          guint zero = 0;
          g_array_append_val (counts, zero);
          g_array_append_val (firsts, i);
        }
      else
        g_free (dir);
      g_array_index (counts, guint, k)++;
    }
  GString *out = g_string_new (NULL);
  for (guint k = 0; k < dirs->len; k++)
    {
      if (k > 0)
        g_string_append (out, k + 1 == dirs->len ? " and " : ", ");
      guint count = g_array_index (counts, guint, k);
      if (count == 1)
        g_string_append (out, paths[g_array_index (firsts, guint, k)]);
      else
        {
          g_autofree char *folder = folder_name (dirs->pdata[k]);
          g_string_append_printf (out, "%u %s %s %s", count, noun, prep, folder);
        }
    }
  return g_string_free (out, FALSE);
}

void
cli_talk_wrote (const CliTalk *talk, const char *noun, const char *const *paths, guint n_paths, guint n_written)
{
  if (paths == NULL || talk->quiet)
    return;
  guint n = 0;
  while (n < n_paths && paths[n] != NULL)
    n++;
  if (n == 0)
    return;
  g_autoptr (GString) line = g_string_new (NULL);
  if (talk->verbose)
    for (guint i = 0; i < n; i++)
      g_string_append_printf (line, "%s\n", paths[i]);
  if (talk->verbose || talk->terminal)
    {
      if (n_written == n)
        {
          g_autofree char *what = describe_files (noun, paths, n, "to");
          g_string_append_printf (line, "wrote %s\n", what);
        }
      else if (n_written == 0)
        {
          g_autofree char *what = describe_files (noun, paths, n, "in");
          g_string_append_printf (line, "%s %s up to date\n", what, n == 1 ? "is" : "are");
        }
      else
        {
          /* Some changed: counted, and where they all are. */
          g_autofree char *what = describe_files (noun, paths, n, "to");
          g_string_append_printf (line, "wrote %u of %s (%u unchanged)\n", n_written, what, n - n_written);
        }
    }
  /* File names may come from the graph's name: no terminal controls. */
  g_autofree char *safe = terminal_safe (line->str, TRUE);
  fputs (safe, stderr);
}
