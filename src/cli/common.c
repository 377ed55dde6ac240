/* common.c — option parsing, loading and error printing shared by the subcommands. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"

void
cli_add_limit_options (GOptionContext *context, CliLimits *limits)
{
  GOptionEntry entries[] = {
    { "max-input", 0, 0, G_OPTION_ARG_INT64, &limits->max_input, "Largest input file in bytes (64 MiB)", "BYTES" },
    { "max-parties", 0, 0, G_OPTION_ARG_INT, &limits->max_parties, "Most parties in a graph (100000)", "N" },
    { "max-ties", 0, 0, G_OPTION_ARG_INT, &limits->max_ties, "Most ties in a graph (500000)", "N" },
    { "max-stages", 0, 0, G_OPTION_ARG_INT, &limits->max_stages, "Most stages in a timeline (1000)", "N" },
    { "max-label", 0, 0, G_OPTION_ARG_INT, &limits->max_label, "Longest label or quoted string in bytes (4096)", "BYTES" },
    { NULL },
  };
  GOptionGroup *group = g_option_group_new ("limits", "Input limits (against hostile input):",
                                            "Show the input limits", NULL, NULL);
  g_option_group_add_entries (group, entries);
  g_option_context_add_group (context, group);
}

DgLoadOptions
cli_load_options (const CliLimits *limits)
{
  DgLoadOptions options = DG_LOAD_OPTIONS_INIT;
  if (limits->max_input > 0)
    options.max_input_bytes = (gsize) limits->max_input;
  if (limits->max_parties > 0)
    options.max_parties = (guint) limits->max_parties;
  if (limits->max_ties > 0)
    options.max_ties = (guint) limits->max_ties;
  if (limits->max_stages > 0)
    options.max_stages = (guint) limits->max_stages;
  if (limits->max_label > 0)
    options.max_label_bytes = (gsize) limits->max_label;
  return options;
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
cli_load (const char *path, const CliLimits *limits, const DgTheme *theme, int *status)
{
  DgLoadOptions options = cli_load_options (limits);
  if (theme != NULL)
    {
      options.party_kinds = dg_theme_party_kinds (theme);
      options.tie_kinds = dg_theme_tie_kinds (theme);
    }
  g_autoptr (GPtrArray) diagnostics = dg_diagnostics_new ();
  g_autoptr (GError) error = NULL;
  DgGraph *graph = dg_graph_load_file (path, &options, diagnostics, &error);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      g_autofree char *line = dg_diagnostic_to_string (diagnostics->pdata[i]);
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
cli_parse_mode (const char *text, DgLayoutMode *mode)
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
