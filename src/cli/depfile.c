/* depfile.c — make-format dependency files (--depfile), shared by every command that writes outputs.
 *
 * Like `cc -MD -MF`: one rule naming every file the command wrote as targets
 * and every file it read as prerequisites, then an empty rule for each
 * prerequisite (`cc -MP`), so that make does not stop when one of them,
 * say a theme, is deleted or renamed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cli.h"

struct CliDepfile {
  GPtrArray *targets;
  GPtrArray *inputs;
  GHashTable *seen; /* "t:path" / "i:path", to list each once */
};

CliDepfile *
cli_depfile_new (void)
{
  CliDepfile *dep = g_new0 (CliDepfile, 1);
  dep->targets = g_ptr_array_new_with_free_func (g_free);
  dep->inputs = g_ptr_array_new_with_free_func (g_free);
  dep->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return dep;
}

void
cli_depfile_free (CliDepfile *dep)
{
  if (dep == NULL)
    return;
  g_ptr_array_unref (dep->targets);
  g_ptr_array_unref (dep->inputs);
  g_hash_table_unref (dep->seen);
  g_free (dep);
}

static void
add_once (CliDepfile *dep, GPtrArray *list, const char *kind, const char *path)
{
  char *key = g_strconcat (kind, path, NULL);
  if (!g_hash_table_add (dep->seen, key))
    return;
  g_ptr_array_add (list, g_strdup (path));
}

void
cli_depfile_add_target (CliDepfile *dep, const char *path)
{
  add_once (dep, dep->targets, "t:", path);
}

void
cli_depfile_add_input (CliDepfile *dep, const char *path)
{
  add_once (dep, dep->inputs, "i:", path);
}

void
cli_depfile_add_theme (CliDepfile *dep, const DgTheme *theme)
{
  for (const char *const *path = dg_theme_get_paths (theme); *path != NULL; path++)
    cli_depfile_add_input (dep, *path);
}

/* Appends @path escaped the way GNU make reads it (and GCC writes it):
 * a space, tab, '#' or ':' takes a backslash, and so does every backslash
 * right before one of them or before the end of the name; '$' is doubled.
 * A newline cannot be written at all: FALSE. */
static gboolean
append_escaped (GString *out, const char *path)
{
  for (const char *p = path; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\n':
        case '\r':
          return FALSE;
        case ' ':
        case '\t':
        case '#':
        case ':':
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
          break;
        case '$':
          g_string_append (out, "$$");
          break;
        case '\\':
          {
            gsize run = strspn (p, "\\");
            char next = p[run];
            gboolean special = next == '\0' || next == ' ' || next == '\t' || next == '#' || next == ':';
            for (gsize i = 0; i < run; i++)
              g_string_append (out, special ? "\\\\" : "\\");
            p += run - 1;
            break;
          }
        default:
          g_string_append_c (out, *p);
        }
    }
  return TRUE;
}

/* Appends @paths escaped, each but the first after @separator. */
static gboolean
append_paths (GString *out, GPtrArray *paths, const char *separator, GError **error)
{
  for (guint i = 0; i < paths->len; i++)
    {
      if (i > 0)
        g_string_append (out, separator);
      if (!append_escaped (out, paths->pdata[i]))
        {
          g_autofree char *shown = g_strescape (paths->pdata[i], NULL);
          g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE,
                       "a file name with a line break cannot be written to a depfile: \"%s\"", shown);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
cli_depfile_write (const CliDepfile *dep, const char *path, const char *const *targets, GError **error)
{
  g_autoptr (GPtrArray) own_targets = NULL;
  GPtrArray *target_list = dep->targets;
  if (targets != NULL && targets[0] != NULL)
    {
      own_targets = g_ptr_array_new ();
      for (guint i = 0; targets[i] != NULL; i++)
        g_ptr_array_add (own_targets, (gpointer) targets[i]);
      target_list = own_targets;
    }
  if (target_list->len == 0)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE, "%s: no output to name in the depfile", path);
      return FALSE;
    }
  g_autoptr (GString) out = g_string_new (NULL);
  if (!append_paths (out, target_list, " \\\n  ", error))
    return FALSE;
  g_string_append (out, ":");
  if (dep->inputs->len > 0)
    g_string_append (out, " \\\n  ");
  if (!append_paths (out, dep->inputs, " \\\n  ", error))
    return FALSE;
  g_string_append (out, "\n");
  for (guint i = 0; i < dep->inputs->len; i++)
    {
      g_string_append (out, "\n");
      append_escaped (out, dep->inputs->pdata[i]);
      g_string_append (out, ":\n");
    }
  g_autoptr (GBytes) bytes = g_string_free_to_bytes (g_steal_pointer (&out));
  return dg_output_write (path, bytes, NULL, error);
}

void
cli_depfile_add_sources (CliDepfile *dep, const char *path, const CliLayoutArgs *layout)
{
  if (strcmp (path, "-") != 0) /* standard input is no file make can check */
    cli_depfile_add_input (dep, path);
  cli_depfile_add_theme (dep, layout->theme);
  if (layout->cache_path != NULL)
    cli_depfile_add_input (dep, layout->cache_path);
}

void
cli_depfile_args_add (GOptionContext *context, CliDepfileArgs *args, const char *help)
{
  GOptionEntry entries[] = {
    { "depfile", 0, 0, G_OPTION_ARG_FILENAME, &args->path,
      help != NULL ? help : "Also write a make dependency file naming every output and every file read", "FILE" },
    { "depfile-target", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args->targets, "Name TARGET as the depfile's target instead (a stamp file); repeatable", "TARGET" },
    { NULL },
  };
  g_option_context_add_main_entries (context, entries, NULL);
}

/* Whether a file can be written at @path the way dg_output_write() writes
 * it: a temporary file beside it, renamed over it. */
static gboolean
probe_writable (const char *path, GError **error)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE, "%s: cannot write the depfile: it is a directory", path);
      return FALSE;
    }
  g_autofree char *dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0777) != 0)
    {
      int saved = errno;
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE, "%s: cannot write the depfile: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  g_autofree char *probe = g_build_filename (dir, ".dealgraph-depfile-XXXXXX", NULL);
  int fd = g_mkstemp_full (probe, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE, "%s: cannot write the depfile: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  close (fd);
  g_unlink (probe);
  return TRUE;
}

gboolean
cli_depfile_args_check (const CliDepfileArgs *args, const char *command)
{
  if (args->targets != NULL && args->path == NULL)
    {
      fprintf (stderr, "dealgraph %s: --depfile-target needs --depfile\n", command);
      return FALSE;
    }
  /* The depfile is written after the outputs are committed: a depfile that
   * cannot be written must fail the run before any output is replaced. */
  g_autoptr (GError) error = NULL;
  if (args->path != NULL && !probe_writable (args->path, &error))
    {
      fprintf (stderr, "dealgraph %s: %s\n", command, error->message);
      exit (dg_error_exit_status (error)); /* 73, as any output that cannot be written */
    }
  return TRUE;
}

CliDepfile *
cli_depfile_args_start (const CliDepfileArgs *args)
{
  return args->path != NULL ? cli_depfile_new () : NULL;
}

gboolean
cli_depfile_args_write (const CliDepfileArgs *args, const CliDepfile *dep, GError **error)
{
  return cli_depfile_write (dep, args->path, (const char *const *) args->targets, error);
}

void
cli_depfile_args_clear (CliDepfileArgs *args)
{
  g_clear_pointer (&args->path, g_free);
  g_clear_pointer (&args->targets, g_strfreev);
}
