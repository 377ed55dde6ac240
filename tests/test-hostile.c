/* test-hostile.c — the CLI against hostile inputs (tests/data/hostile): it ends, it writes only where told, its output is clean.
 *
 * Each file in tests/data/hostile starts with `// expect: ok` (must render)
 * or `// expect: error TEXT` (must fail, with TEXT on stderr). For every file
 * the real binary ($DEALGRAPH) runs `render -o OUT` in a fresh temporary
 * directory, in its own process group, with its stdin an open pipe that
 * never delivers data (so a read of /dev/stdin hangs) and a 60 s limit after
 * which the whole group is killed and the test fails. Whatever the verdict:
 *
 * - the CLI never dies of a signal;
 * - no file appears outside OUT/<graph name>/ (the whole temporary tree is
 *   walked), and <graph name> is a real subdirectory, not "." or "..";
 * - no temporary file (a name starting with '.') is left in OUT;
 * - every SVG is well-formed XML (GMarkup) and holds no "<script", no
 *   "javascript:", no raw bidi override (U+202A–U+202E, U+2066–U+2069) and no
 *   control character; PNG and PDF files start with their signatures;
 * - stderr holds no raw control character (other than newline) and no bidi
 *   override.
 *
 * Inputs that cannot be committed (over 200 KB, or with hostile file names)
 * are generated at run time by the tests at the end. */
#include <criterion/criterion.h>
#include <dealgraph/dealgraph.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dg-test.h"

#define RUN_TIMEOUT_S 60
#define MAX_NAME 128

/* ---- running the CLI --------------------------------------------------- */

typedef struct {
  gboolean timed_out;
  int wait_status;
  GString *out;
  GString *err;
  double seconds;
} Run;

static void
run_clear (Run *run)
{
  if (run->out != NULL)
    g_string_free (run->out, TRUE);
  if (run->err != NULL)
    g_string_free (run->err, TRUE);
}

static void
own_process_group (gpointer data)
{
  /* The CLI forks a layout process; a timeout must kill both. */
  setpgid (0, 0);
}

static const char *
cli_path (void)
{
  const char *cli = g_getenv ("DEALGRAPH");
  cr_assert_not_null (cli, "DEALGRAPH is not set (run through meson test)");
  return cli;
}

/* Runs the CLI with @args (NULL-terminated, without the program) in @cwd and
 * collects stdout and stderr, killing its process group after
 * RUN_TIMEOUT_S seconds. */
static Run
run_cli (const char *cwd, const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  Run run = { FALSE, 0, g_string_new (NULL), g_string_new (NULL), 0 };
  GPid pid = 0;
  int in_fd = -1, out_fd = -1, err_fd = -1;
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gboolean spawned = g_spawn_async_with_pipes (cwd, (char **) argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                               own_process_group, NULL, &pid, &in_fd, &out_fd, &err_fd,
                                               &error);
  cr_assert (spawned, "cannot run %s: %s", cli_path (), error != NULL ? error->message : "?");

  gint64 deadline = start + (gint64) RUN_TIMEOUT_S * G_USEC_PER_SEC;
  struct pollfd fds[2] = { { out_fd, POLLIN, 0 }, { err_fd, POLLIN, 0 } };
  GString *sinks[2] = { run.out, run.err };
  int open_fds = 2;
  while (open_fds > 0)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      if (left <= 0)
        {
          run.timed_out = TRUE;
          break;
        }
      int r = poll (fds, 2, (int) MIN (left / 1000 + 1, 1000));
      if (r < 0 && errno == EINTR)
        continue;
      cr_assert (r >= 0, "poll: %s", g_strerror (errno));
      for (int k = 0; k < 2; k++)
        {
          if (fds[k].fd < 0 || fds[k].revents == 0)
            continue;
          char buf[65536];
          ssize_t n = read (fds[k].fd, buf, sizeof buf);
          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            {
              close (fds[k].fd);
              fds[k].fd = -1;
              open_fds--;
              continue;
            }
          g_string_append_len (sinks[k], buf, n);
        }
    }
  if (run.timed_out)
    kill (-pid, SIGKILL);
  while (waitpid (pid, &run.wait_status, 0) < 0 && errno == EINTR)
    ;
  /* A layout process left behind would keep running: end the group. */
  kill (-pid, SIGKILL);
  for (int k = 0; k < 2; k++)
    if (fds[k].fd >= 0)
      close (fds[k].fd);
  close (in_fd); /* held open until now, so /dev/stdin never ends */
  g_spawn_close_pid (pid);
  run.seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  return run;
}

/* ---- checks ------------------------------------------------------------- */

/* The first bidi override or control character in @text (UTF-8 or not),
 * described, or NULL; newline (and tab and CR when @allow_space) pass. */
static char *
find_raw_control (const char *text, gsize len, gboolean allow_space)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];
      if (c == '\n' || (allow_space && (c == '\t' || c == '\r')))
        continue;
      if (c < 0x20 || c == 0x7f)
        return g_strdup_printf ("control character 0x%02x at byte %" G_GSIZE_FORMAT, c, i);
      if (c == 0xc2 && i + 1 < len && (guchar) text[i + 1] >= 0x80 && (guchar) text[i + 1] < 0xa0)
        return g_strdup_printf ("C1 control U+%04X at byte %" G_GSIZE_FORMAT, (guchar) text[i + 1], i);
      if (c == 0xe2 && i + 2 < len && (guchar) text[i + 1] == 0x80 && (guchar) text[i + 2] >= 0xaa
          && (guchar) text[i + 2] <= 0xae)
        return g_strdup_printf ("bidi override U+20%02X at byte %" G_GSIZE_FORMAT,
                                (guchar) text[i + 2] - 0x80, i);
      if (c == 0xe2 && i + 2 < len && (guchar) text[i + 1] == 0x81 && (guchar) text[i + 2] >= 0xa6
          && (guchar) text[i + 2] <= 0xa9)
        return g_strdup_printf ("bidi isolate U+20%02X at byte %" G_GSIZE_FORMAT,
                                (guchar) text[i + 2] - 0x80 + 0x40, i);
    }
  return NULL;
}

static gboolean
contains_nocase (const char *text, gsize len, const char *needle)
{
  gsize n = strlen (needle);
  for (gsize i = 0; i + n <= len; i++)
    if (g_ascii_strncasecmp (text + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
check_svg (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  cr_assert (g_file_get_contents (path, &data, &len, NULL), "%s: cannot read", path);
  dg_test_xml_well_formed (data, (gssize) len, NULL, path);
  cr_assert_not (contains_nocase (data, len, "<script"), "%s: contains <script", path);
  cr_assert_not (contains_nocase (data, len, "javascript:"), "%s: contains javascript:", path);
  g_autofree char *bad = find_raw_control (data, len, TRUE);
  cr_assert_null (bad, "%s: raw %s", path, bad);
}

static void
check_signature (const char *path, const char *signature, gsize n)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  cr_assert (g_file_get_contents (path, &data, &len, NULL), "%s: cannot read", path);
  cr_assert (len >= n && memcmp (data, signature, n) == 0, "%s: does not start like its format", path);
}

typedef struct {
  const char *root;   /* the temporary tree */
  const char *allow;  /* OUT/<graph name>: where figures may go */
  const char *const *inputs; /* files the test itself put there */
  guint n_files;
  guint n_svg;
} Walk;

/* Visits every entry under @dir, asserting that each file is an input or
 * lies under @w->allow, and checking figures by their extension. */
static void
walk_tree (Walk *w, const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) d = g_dir_open (dir, 0, &error);
  cr_assert_not_null (d, "%s: %s", dir, error != NULL ? error->message : "?");
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        {
          walk_tree (w, path);
          continue;
        }
      if (g_strv_contains (w->inputs, path))
        continue;
      g_autofree char *parent = g_path_get_dirname (path);
      cr_assert (w->allow != NULL && g_str_equal (parent, w->allow),
                 "file written outside OUT/<graph name>/: %s", path);
      cr_assert (name[0] != '.', "temporary or hidden file left behind: %s", path);
      cr_assert_not (g_file_test (path, G_FILE_TEST_IS_SYMLINK), "symlink written: %s", path);
      w->n_files++;
      if (g_str_has_suffix (name, ".svg"))
        {
          check_svg (path);
          w->n_svg++;
        }
      else if (g_str_has_suffix (name, ".png"))
        check_signature (path, "\x89PNG\r\n\x1a\n", 8);
      else if (g_str_has_suffix (name, ".pdf"))
        check_signature (path, "%PDF-", 5);
      else
        cr_assert_fail ("unexpected output file: %s", path);
    }
}

/* ---- one hostile input -------------------------------------------------- */

typedef struct {
  gboolean expect_ok;
  char *expect_error; /* the substring, for error files */
} Expect;

static Expect
read_expect (const char *path)
{
  g_autofree char *data = NULL;
  cr_assert (g_file_get_contents (path, &data, NULL, NULL), "%s: cannot read", path);
  Expect e = { FALSE, NULL };
  if (g_str_has_prefix (data, "// expect: ok\n"))
    e.expect_ok = TRUE;
  else if (g_str_has_prefix (data, "// expect: error "))
    {
      const char *start = data + strlen ("// expect: error ");
      e.expect_error = g_strndup (start, (gsize) (strchr (start, '\n') - start));
    }
  else
    cr_assert_fail ("%s: the first line must be `// expect: ok` or `// expect: error TEXT`", path);
  cr_assert (strstr (data, "Attacks:") != NULL || strstr (data, "attacks") != NULL,
             "%s: say what it attacks in a comment", path);
  return e;
}

/* The graph name dealgraph derives from a file name: the base name without
 * its last extension, through the safe-name mapping (dg_graph_get_name()). */
static char *
graph_name (const char *file)
{
  g_autofree char *base = g_path_get_basename (file);
  char *dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  char *name = dg_safe_name (base);
  if (g_str_equal (name, "stage") && g_ascii_strcasecmp (base, "stage") != 0)
    {
      g_free (name);
      name = g_strdup ("graph");
    }
  return name;
}

/* Renders @src (copied into a temporary tree as @as_name) with @extra_args
 * and checks everything the header of this file promises. */
static void
check_render (const char *src, const char *as_name, gboolean expect_ok, const char *expect_error,
              const char *const *extra_args)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("dg-hostile-XXXXXX", &error);
  cr_assert_not_null (tmp, "%s", error != NULL ? error->message : "?");
  /* Work three levels down, so a write to "../.." still lands in the tree. */
  g_autofree char *work = g_build_filename (tmp, "w", "w", "w", NULL);
  g_autofree char *in_dir = g_build_filename (work, "in", NULL);
  g_autofree char *out = g_build_filename (work, "out", NULL);
  cr_assert (g_mkdir_with_parents (in_dir, 0700) == 0);
  cr_assert (g_mkdir_with_parents (out, 0700) == 0);
  g_autofree char *input = g_build_filename (in_dir, as_name, NULL);
  g_autofree char *data = NULL;
  gsize len = 0;
  cr_assert (g_file_get_contents (src, &data, &len, NULL), "%s: cannot read", src);
  cr_assert (g_file_set_contents (input, data, (gssize) len, NULL));

  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_ptr_array_add (args, "render");
  g_ptr_array_add (args, "-o");
  g_ptr_array_add (args, out);
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) extra_args[i]);
  g_ptr_array_add (args, input);
  g_ptr_array_add (args, NULL);
  Run run = run_cli (work, (const char *const *) args->pdata);

  cr_assert_not (run.timed_out, "%s: still running after %d s (killed)", as_name, RUN_TIMEOUT_S);
  cr_assert_not (WIFSIGNALED (run.wait_status), "%s: the CLI died of signal %d (%s); stderr:\n%s", as_name,
                 WTERMSIG (run.wait_status), g_strsignal (WTERMSIG (run.wait_status)), run.err->str);
  cr_assert (WIFEXITED (run.wait_status));
  int status = WEXITSTATUS (run.wait_status);
  if (expect_ok)
    cr_assert_eq (status, 0, "%s: exit %d, want 0; stderr:\n%s", as_name, status, run.err->str);
  else
    {
      cr_assert_neq (status, 0, "%s: exit 0, want an error containing \"%s\"", as_name, expect_error);
      cr_assert (status >= 64 && status <= 78, "%s: exit %d is not a sysexits status", as_name, status);
      cr_assert (strstr (run.err->str, expect_error) != NULL, "%s: stderr lacks \"%s\":\n%s", as_name,
                 expect_error, run.err->str);
    }
  g_autofree char *bad = find_raw_control (run.err->str, run.err->len, FALSE);
  cr_assert_null (bad, "%s: stderr holds a raw %s:\n%s", as_name, bad, g_strescape (run.err->str, NULL));

  /* OUT/<graph name> must be a real subdirectory of OUT. */
  g_autofree char *name = graph_name (as_name);
  gboolean proper = name[0] != '\0' && !g_str_equal (name, ".") && !g_str_equal (name, "..")
                    && strchr (name, '/') == NULL;
  g_autofree char *allow = proper ? g_build_filename (out, name, NULL) : NULL;
  const char *inputs[] = { input, NULL };
  Walk w = { tmp, allow, inputs, 0, 0 };
  walk_tree (&w, tmp);
  if (expect_ok)
    cr_assert (w.n_svg > 0, "%s: exit 0 but no SVG written", as_name);
  else
    cr_assert_eq (w.n_files, 0, "%s: failed, yet wrote %u files", as_name, w.n_files);

  run_clear (&run);
  /* Only a passing test cleans up: a failure leaves the tree to look at. */
  dg_test_remove_tree (tmp);
}

static const char *
hostile_dir (void)
{
  static char dir[4096];
  const char *data = g_getenv ("DG_TEST_DATA");
  cr_assert_not_null (data, "DG_TEST_DATA is not set (run through meson test)");
  g_snprintf (dir, sizeof dir, "%s/hostile", data);
  return dir;
}

typedef struct {
  char name[MAX_NAME];
} HostileFile;

static void
free_params (struct criterion_test_params *params)
{
  cr_free (params->params);
}

ParameterizedTestParameters (hostile, render)
{
  /* Criterion runs each parameter in its own process: the array must live
   * in its shared memory, and hold no pointers. */
  const char *dir = g_getenv ("DG_TEST_DATA") != NULL ? hostile_dir () : NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GDir *d = dir != NULL ? g_dir_open (dir, 0, NULL) : NULL;
  const char *name;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".gv") && strlen (name) < MAX_NAME)
      g_ptr_array_add (names, g_strdup (name));
  if (d != NULL)
    g_dir_close (d);
  HostileFile *files = cr_calloc (MAX (names->len, 1), sizeof (HostileFile));
  for (guint i = 0; i < names->len; i++)
    g_strlcpy (files[i].name, names->pdata[i], MAX_NAME);
  return cr_make_param_array (HostileFile, files, names->len, free_params);
}

ParameterizedTest (HostileFile *file, hostile, render, .timeout = 120)
{
  g_autofree char *path = g_build_filename (hostile_dir (), file->name, NULL);
  Expect e = read_expect (path);
  check_render (path, file->name, e.expect_ok, e.expect_error, NULL);
  g_free (e.expect_error);
}

/* The corpus must not shrink to nothing without anyone noticing. */
Test (hostile, corpus_present)
{
  g_autoptr (GDir) d = g_dir_open (hostile_dir (), 0, NULL);
  cr_assert_not_null (d, "%s: missing", hostile_dir ());
  guint n = 0;
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    n += g_str_has_suffix (name, ".gv");
  cr_assert_geq (n, 15, "only %u hostile inputs in %s", n, hostile_dir ());
}

/* ---- generated inputs --------------------------------------------------- */

static char *
write_generated (const char *name, const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dg-hostile-gen-XXXXXX", &error);
  cr_assert_not_null (dir, "%s", error != NULL ? error->message : "?");
  char *path = g_build_filename (dir, name, NULL);
  cr_assert (g_file_set_contents (path, text, -1, &error), "%s", error != NULL ? error->message : "?");
  return path;
}

static void
remove_generated (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_unlink (path);
  g_rmdir (dir);
}

/* 100,001 parties on a single line (789 KB, too big to commit): one over the
 * default limit, refused before any layout. */
Test (hostile, wide_line_over_limit, .timeout = 120)
{
  GString *text = g_string_new ("// expect: error too many parties\n// Attacks: one 800 KB line.\ndigraph \"wide\" {");
  for (guint i = 0; i < 100001; i++)
    g_string_append_printf (text, " n%u;", i);
  g_string_append (text, " }\n");
  cr_assert_gt (text->len, 200 * 1024);
  g_autofree char *src = write_generated ("wide.gv", text->str);
  g_string_free (text, TRUE);
  check_render (src, "wide.gv", FALSE, "too many parties", NULL);
  remove_generated (src);
}

/* 20,000 parties and 20,000 ties on one line, under the limits: the loader's
 * line scanner and cgraph's lexer on one long line, then a layout. With
 * --max-parties 10000 it must be refused quickly instead. */
Test (hostile, wide_line_under_limit_refused_by_option, .timeout = 120)
{
  GString *text = g_string_new ("// expect: error too many parties\n// Attacks: one long line.\ndigraph \"wide2\" {");
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, " n%u -> n%u [kind = stake];", i, (i * 7919u + 1) % 20000);
  g_string_append (text, " }\n");
  g_autofree char *src = write_generated ("wide2.gv", text->str);
  g_string_free (text, TRUE);
  const char *args[] = { "--max-parties", "10000", NULL };
  check_render (src, "wide2.gv", FALSE, "too many parties", args);
  remove_generated (src);
}

/* File names are hostile input too: "...gv" has the graph name "..", "..gv"
 * the name ".", ".gv" the name ".gv". Each must be refused or write into a
 * real subdirectory of OUT, never into OUT itself or above it. */
static void
check_file_name (const char *as_name)
{
  g_autofree char *src = g_build_filename (hostile_dir (), "concentrate-two-way.gv", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("dg-hostile-name-XXXXXX", &error);
  cr_assert_not_null (tmp);
  g_autofree char *work = g_build_filename (tmp, "w", "w", "w", NULL);
  g_autofree char *in_dir = g_build_filename (work, "in", NULL);
  g_autofree char *out = g_build_filename (work, "out", NULL);
  cr_assert (g_mkdir_with_parents (in_dir, 0700) == 0 && g_mkdir_with_parents (out, 0700) == 0);
  g_autofree char *input = g_build_filename (in_dir, as_name, NULL);
  g_autofree char *data = NULL;
  cr_assert (g_file_get_contents (src, &data, NULL, NULL));
  cr_assert (g_file_set_contents (input, data, -1, NULL));
  const char *args[] = { "render", "-o", out, input, NULL };
  Run run = run_cli (work, args);
  cr_assert_not (run.timed_out);
  cr_assert_not (WIFSIGNALED (run.wait_status), "%s: died of a signal", as_name);
  /* The output directory is the graph's name through the safe-name
   * mapping: it must be a real subdirectory of OUT. */
  g_autoptr (DgGraph) graph = dg_graph_load_file (input, NULL, NULL, NULL);
  cr_assert_not_null (graph);
  const char *name = dg_graph_get_name (graph);
  gboolean proper = name[0] != '\0' && name[0] != '.' && strchr (name, '/') == NULL;
  cr_assert (proper, "%s: graph name \"%s\" is not a plain directory name", as_name, name);
  g_autofree char *allow = g_build_filename (out, name, NULL);
  const char *inputs[] = { input, NULL };
  Walk w = { tmp, allow, inputs, 0, 0 };
  walk_tree (&w, tmp);
  if (WEXITSTATUS (run.wait_status) != 0)
    cr_assert_eq (w.n_files, 0, "%s: failed, yet wrote %u files", as_name, w.n_files);
  run_clear (&run);
}

Test (hostile, file_name_dotdot, .timeout = 120)
{
  check_file_name ("...gv");
}

Test (hostile, file_name_dot, .timeout = 120)
{
  check_file_name ("..gv");
}

Test (hostile, file_name_hidden, .timeout = 120)
{
  check_file_name (".gv");
}

/* `check` prints a human summary of ids and labels to the terminal: the same
 * escaping as for messages must apply to stdout. */
Test (hostile, check_output_escaped, .timeout = 120)
{
  const char *files[] = { "control-ids.gv", "bidi-ids.gv", "labels-markup.gv", NULL };
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (hostile_dir (), files[i], NULL);
      const char *args[] = { "check", path, NULL };
      Run run = run_cli (NULL, args);
      cr_assert_not (run.timed_out);
      cr_assert (WIFEXITED (run.wait_status) && WEXITSTATUS (run.wait_status) == 0, "%s: check failed:\n%s",
                 files[i], run.err->str);
      g_autofree char *bad = find_raw_control (run.out->str, run.out->len, FALSE);
      cr_assert_null (bad, "dealgraph check %s: stdout holds a raw %s", files[i], bad);
      run_clear (&run);
    }
}

/* ------------------------------------------------------------------------ */
/* The layout process's memory budget */

#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif

/* A layout that needs more memory than its budget ends in a clear error
 * naming the input and the budget, exit 70, instead of taking the
 * machine's memory (or being killed by the kernel without a word). */
Test (hostile, layout_memory_is_bounded, .timeout = 120)
{
#ifdef TEST_ASAN
  cr_skip_test ("AddressSanitizer reserves terabytes of address space: no budget is set under it");
#endif
  /* neato on one ring of 3,000 parties needs about 30 MB more than the
   * process starts with (and a minute); 8 MB stops it within a second. */
  g_autofree char *out = g_dir_make_tmp ("dg-memory-XXXXXX", NULL);
  g_autofree char *ring = g_build_filename (out, "ring.gv", NULL);
  GString *text = g_string_new ("digraph ring {\n");
  for (int i = 0; i < 3000; i++)
    g_string_append_printf (text, "  p%d -> p%d [kind = stake];\n", i, (i + 1) % 3000);
  g_string_append (text, "}\n");
  cr_assert (g_file_set_contents (ring, text->str, -1, NULL));
  g_string_free (text, TRUE);
  g_autofree char *layout = g_build_filename (out, "layout.json", NULL);
  g_setenv ("DEALGRAPH_LAYOUT_MEMORY_MB", "8", TRUE);
  const char *args[] = { "layout", "-K", "neato", "-o", layout, ring, NULL };
  Run run = run_cli (NULL, args);
  g_unsetenv ("DEALGRAPH_LAYOUT_MEMORY_MB");
  cr_assert (!run.timed_out);
  cr_assert (WIFEXITED (run.wait_status) && WEXITSTATUS (run.wait_status) == 70, "exit %d, stderr:\n%s",
             WEXITSTATUS (run.wait_status), run.err->str);
  cr_assert_not_null (strstr (run.err->str, "ring.gv"), "the error does not name the input:\n%s", run.err->str);
  cr_assert_not_null (strstr (run.err->str, "8 MB of memory"), "the error does not name the budget:\n%s", run.err->str);
  cr_assert (!g_file_test (layout, G_FILE_TEST_EXISTS), "a layout was written");
  run_clear (&run);
  g_unlink (ring);

  /* The default budget lays out a graph of 300 parties. */
  g_autofree char *graph = g_build_filename (g_getenv ("DG_TEST_DATA"), "good", "medium.gv", NULL);
  args[5] = graph;
  Run ok = run_cli (NULL, args);
  cr_assert (WIFEXITED (ok.wait_status) && WEXITSTATUS (ok.wait_status) == 0, "stderr:\n%s", ok.err->str);
  run_clear (&ok);
  g_unlink (layout);
  g_rmdir (out);
}
