/* dg-test.c — helpers the Criterion tests share (see dg-test.h for each contract). */
#include "dg-test.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

/* ---- files of the source tree ---------------------------------------- */

/* The directory named by @env; meson test sets it (tests/meson.build). */
static const char *
env_dir (const char *env)
{
  const char *root = g_getenv (env);
  cr_assert_not_null (root, "%s is not set (run through meson test)", env);
  return root;
}

char *
dg_test_source_path (const char *dir, const char *name)
{
  return g_build_filename (env_dir ("DG_SOURCE_ROOT"), dir, name, NULL);
}

char *
dg_test_data_path (const char *dir, const char *name)
{
  return g_build_filename (env_dir ("DG_TEST_DATA"), dir, name, NULL);
}

char *
dg_test_deal_path (void)
{
  return dg_test_data_path ("good", DG_TEST_DEAL_NAME ".gv");
}

char *
dg_test_flagship_path (void)
{
  return dg_test_source_path ("graphs", DG_TEST_FLAGSHIP_NAME ".gv");
}

/* ---- graphs, themes, layouts ------------------------------------------ */

DgGraph *
dg_test_load_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  DgGraph *graph = dg_graph_load_file (path, NULL, NULL, &error);
  cr_assert_not_null (graph, "%s: %s", path, error != NULL ? error->message : "?");
  return graph;
}

DgGraph *
dg_test_load_deal (void)
{
  g_autofree char *path = dg_test_deal_path ();
  return dg_test_load_file (path);
}

DgGraph *
dg_test_load_flagship (void)
{
  g_autofree char *path = dg_test_flagship_path ();
  return dg_test_load_file (path);
}

DgGraph *
dg_test_load_data (const char *dir, const char *name)
{
  g_autofree char *path = dg_test_data_path (dir, name);
  return dg_test_load_file (path);
}

DgGraph *
dg_test_load_text (const char *text)
{
  g_autoptr (GError) error = NULL;
  DgGraph *graph = dg_graph_load_data ("inline.gv", text, strlen (text), NULL, NULL, &error);
  cr_assert_not_null (graph, "inline graph: %s", error != NULL ? error->message : "?");
  return graph;
}

DgTheme *
dg_test_load_theme (const char *name)
{
  g_autoptr (GError) error = NULL;
  DgTheme *theme = dg_theme_load (name, &error);
  cr_assert_not_null (theme, "theme %s: %s", name, error != NULL ? error->message : "?");
  return theme;
}

DgLayout *
dg_test_layout (const DgGraph *graph, const DgTheme *theme, const char *engine, DgLayoutMode mode)
{
  DgLayoutOptions options = DG_LAYOUT_OPTIONS_INIT;
  if (engine != NULL)
    options.engine = engine;
  options.mode = mode;
  g_autoptr (GError) error = NULL;
  DgLayout *layout = dg_layout_compute (graph, theme, &options, &error);
  cr_assert_not_null (layout, "%s mode %d: %s", options.engine, mode, error != NULL ? error->message : "?");
  return layout;
}

guint
dg_test_stage (const DgGraph *graph, const char *id)
{
  const DgStage *stage = dg_graph_find_stage (graph, id);
  cr_assert_not_null (stage, "no stage %s", id);
  return stage->index;
}

/* ---- temporary trees -------------------------------------------------- */

DgTestTmpDir
dg_test_tmp_dir (const char *name)
{
  g_autofree char *tmpl = g_strdup_printf ("dg-%s-XXXXXX", name);
  g_autoptr (GError) error = NULL;
  char *path = g_dir_make_tmp (tmpl, &error);
  cr_assert_not_null (path, "%s", error != NULL ? error->message : "?");
  return (DgTestTmpDir) { path };
}

void
dg_test_tmp_dir_clear (DgTestTmpDir *t)
{
  if (t->path != NULL)
    dg_test_remove_tree (t->path);
  g_clear_pointer (&t->path, g_free);
}

void
dg_test_remove_tree (const char *path)
{
  GStatBuf st;
  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      /* A test may have taken the write permission away to provoke an error. */
      g_chmod (path, 0700);
      GDir *dir = g_dir_open (path, 0, NULL);
      const char *name;
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          dg_test_remove_tree (child);
        }
      if (dir != NULL)
        g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* ---- file contents ---------------------------------------------------- */

GBytes *
dg_test_read_bytes (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *data = NULL;
  gsize len = 0;
  cr_assert (g_file_get_contents (path, &data, &len, &error), "%s", error != NULL ? error->message : "?");
  return g_bytes_new_take (data, len);
}

char *
dg_test_read_text (const char *path)
{
  g_autoptr (GBytes) bytes = dg_test_read_bytes (path);
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  char *text = g_malloc (len + 1);
  for (gsize i = 0; i < len; i++)
    text[i] = data[i] != '\0' ? data[i] : ' ';
  text[len] = '\0';
  return text;
}

const char *
dg_test_find (const char *data, gsize len, const char *needle)
{
  gsize n = strlen (needle);
  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      return data + i;
  return NULL;
}

typedef struct {
  const char *name;
  guint count;
} ElementCount;

static void
count_start (GMarkupParseContext *context, const char *name, const char **names, const char **values,
             gpointer data, GError **error)
{
  ElementCount *c = data;
  if (c->name != NULL && strcmp (name, c->name) == 0)
    c->count++;
}

guint
dg_test_xml_well_formed (const char *xml, gssize len, const char *element, const char *what)
{
  ElementCount c = { element, 0 };
  GMarkupParser parser = { count_start, NULL, NULL, NULL, NULL };
  g_autoptr (GMarkupParseContext) ctx = g_markup_parse_context_new (&parser, 0, &c, NULL);
  g_autoptr (GError) error = NULL;
  gboolean ok = g_markup_parse_context_parse (ctx, xml, len, &error) && g_markup_parse_context_end_parse (ctx, &error);
  cr_assert (ok, "%s: not well-formed XML: %s", what, error != NULL ? error->message : "?");
  return c.count;
}

typedef struct {
  const guchar *data;
  gsize len, at;
} PngReader;

static cairo_status_t
read_png (void *closure, unsigned char *out, unsigned int length)
{
  PngReader *r = closure;
  if (r->len - r->at < length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (out, r->data + r->at, length);
  r->at += length;
  return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t *
dg_test_png_decode (GBytes *png)
{
  PngReader r = { NULL, 0, 0 };
  r.data = g_bytes_get_data (png, &r.len);
  cairo_surface_t *surface = cairo_image_surface_create_from_png_stream (read_png, &r);
  cr_assert_eq (cairo_surface_status (surface), CAIRO_STATUS_SUCCESS, "the PNG does not decode: %s",
                cairo_status_to_string (cairo_surface_status (surface)));
  return surface;
}

void
dg_test_set_past_mtime (const char *path)
{
  struct timespec times[2] = { { DG_TEST_PAST_SECONDS, 0 }, { DG_TEST_PAST_SECONDS, 0 } };
  cr_assert_eq (utimensat (AT_FDCWD, path, times, 0), 0, "%s: %s", path, g_strerror (errno));
}

gint
dg_test_compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* ---- the CLI ---------------------------------------------------------- */

int
dg_test_run_in (const char *cwd, const char *const *args, const char *const *env_extra, char **out, char **err)
{
  const char *exe = env_dir ("DEALGRAPH");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) exe);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_auto (GStrv) envp = g_get_environ ();
  envp = g_environ_unsetenv (envp, "SOURCE_DATE_EPOCH");
  for (guint i = 0; env_extra != NULL && env_extra[i] != NULL; i++)
    {
      g_auto (GStrv) kv = g_strsplit (env_extra[i], "=", 2);
      envp = g_environ_setenv (envp, kv[0], kv[1], TRUE);
    }
  g_autofree char *o = NULL, *e = NULL;
  int wait_status = 0;
  g_autoptr (GError) error = NULL;
  gboolean ok = g_spawn_sync (cwd, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &o, &e, &wait_status,
                              &error);
  cr_assert (ok, "cannot run %s: %s", exe, error != NULL ? error->message : "?");
  cr_assert (WIFEXITED (wait_status), "dealgraph %s died by signal %d; stderr:\n%s", args[0],
             WIFSIGNALED (wait_status) ? WTERMSIG (wait_status) : -1, e);
  if (out != NULL)
    *out = g_steal_pointer (&o);
  if (err != NULL)
    *err = g_steal_pointer (&e);
  return WEXITSTATUS (wait_status);
}

int
dg_test_run (const char *const *args, char **out, char **err)
{
  return dg_test_run_in (NULL, args, NULL, out, err);
}

char *
dg_test_debian_python (const char *script_dir, const char *script, const char *file_name, GBytes *content,
                       const char *package, const char *what)
{
  static const char python[] = "/usr/bin/python3";
  const gboolean ci = g_strcmp0 (g_getenv ("CI"), "true") == 0;
  if (!g_file_test (python, G_FILE_TEST_IS_EXECUTABLE))
    {
      cr_assert_not (ci, "%s is missing under CI (.ci/run installs %s)", python, package);
      cr_skip_test ("no %s: `apt-get install %s` to run %s", python, package, script);
    }
  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("python");
  g_autofree char *path = g_build_filename (dir.path, file_name, NULL);
  gsize len;
  const char *data = g_bytes_get_data (content, &len);
  cr_assert (g_file_set_contents (path, data, (gssize) len, NULL));
  g_autofree char *script_path = dg_test_source_path (script_dir, script);
  const char *argv[] = { python, script_path, path, NULL };
  g_autofree char *out = NULL, *err = NULL;
  int wait_status = 0;
  g_autoptr (GError) error = NULL;
  cr_assert (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait_status, &error),
             "%s", error != NULL ? error->message : "?");
  cr_assert (WIFEXITED (wait_status), "%s died", script_path);
  if (WEXITSTATUS (wait_status) == 77)
    {
      dg_test_tmp_dir_clear (&dir);
      cr_assert_not (ci, "%s's module is missing under CI (.ci/run installs %s): %s", script, package, err);
      cr_skip_test ("%s: `apt-get install %s` to run %s", g_strstrip (err), package, script);
    }
  cr_assert_eq (WEXITSTATUS (wait_status), 0, "%s: %s", what, err);
  return g_steal_pointer (&out);
}
