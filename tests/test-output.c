/* test-output.c — writing outputs atomically, only when their bytes change, all or nothing. */
#define _GNU_SOURCE /* O_TMPFILE */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "dealgraph.h"
#include "dg-output-private.h"
#include "dg-test.h"

/* ------------------------------------------------------------------------ */
/* Helpers */

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
write_ok (const char *path, const char *text, gboolean expect_changed)
{
  g_autoptr (GBytes) bytes = text_bytes (text);
  g_autoptr (GError) error = NULL;
  gboolean changed = !expect_changed;
  cr_assert (dg_output_write (path, bytes, &changed, &error), "%s: %s", path, error != NULL ? error->message : "?");
  cr_assert_eq (changed, expect_changed, "%s: changed=%d", path, changed);
  g_autofree char *now = dg_test_read_text (path);
  cr_assert_str_eq (now, text);
}

static struct stat
stat_of (const char *path)
{
  struct stat st;
  cr_assert_eq (stat (path, &st), 0, "%s: %s", path, g_strerror (errno));
  return st;
}

/* Every entry of @dir, recursively, as "a b/c" (sorted, space-separated). */
static void
collect (const char *dir, const char *prefix, GPtrArray *out)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *rel = prefix != NULL ? g_strdup_printf ("%s/%s", prefix, name) : g_strdup (name);
      g_autofree char *full = g_build_filename (dir, name, NULL);
      if (g_file_test (full, G_FILE_TEST_IS_DIR) && !g_file_test (full, G_FILE_TEST_IS_SYMLINK))
        collect (full, rel, out);
      g_ptr_array_add (out, g_steal_pointer (&rel));
    }
  if (d != NULL)
    g_dir_close (d);
}

static char *
tree (const char *dir)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  collect (dir, NULL, names);
  g_ptr_array_sort (names, dg_test_compare_strings);
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? " " : "", (char *) names->pdata[i]);
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------------ */
/* dg_output_write */

Test (write, new_file_is_written_and_reported)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autofree char *path = g_build_filename (tmp.path, "figure.svg", NULL);
  write_ok (path, "<svg/>", TRUE);
  g_autofree char *names = tree (tmp.path);
  cr_assert_str_eq (names, "figure.svg", "left behind: %s", names);
}

Test (write, changed_may_be_null)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autofree char *path = g_build_filename (tmp.path, "figure.svg", NULL);
  g_autoptr (GBytes) bytes = text_bytes ("abc");
  cr_assert (dg_output_write (path, bytes, NULL, NULL));
  g_autofree char *now = dg_test_read_text (path);
  cr_assert_str_eq (now, "abc");
}

Test (write, creates_missing_parent_directories)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autofree char *path = g_build_filename (tmp.path, "a", "b", "c", "figure.png", NULL);
  write_ok (path, "png bytes", TRUE);
  g_autofree char *names = tree (tmp.path);
  cr_assert_str_eq (names, "a a/b a/b/c a/b/c/figure.png", "tree: %s", names);
}

Test (write, identical_bytes_are_not_rewritten)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autofree char *path = g_build_filename (tmp.path, "figure.pdf", NULL);
  write_ok (path, "%PDF-1.5 same", TRUE);
  dg_test_set_past_mtime (path);
  struct stat before = stat_of (path);
  write_ok (path, "%PDF-1.5 same", FALSE);
  struct stat after = stat_of (path);
  cr_assert_eq (after.st_ino, before.st_ino, "the file was replaced");
  cr_assert_eq (after.st_mtim.tv_sec, (time_t) DG_TEST_PAST_SECONDS, "the file was rewritten");
  cr_assert_eq (after.st_mtim.tv_nsec, 0);
}

Test (write, different_bytes_replace_the_file_atomically)
{
  /* A reader that opened the old file keeps reading the old bytes: the new
   * file is renamed over it, never written into it. */
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autofree char *path = g_build_filename (tmp.path, "figure.svg", NULL);
  write_ok (path, "old old old", TRUE);
  struct stat before = stat_of (path);
  int fd = open (path, O_RDONLY);
  cr_assert_geq (fd, 0);
  write_ok (path, "new", TRUE);
  char buf[32] = { 0 };
  ssize_t n = read (fd, buf, sizeof buf - 1);
  close (fd);
  cr_assert_eq (n, 11);
  cr_assert_str_eq (buf, "old old old", "the old file was changed in place: %s", buf);
  cr_assert_neq (stat_of (path).st_ino, before.st_ino);
  g_autofree char *names = tree (tmp.path);
  cr_assert_str_eq (names, "figure.svg", "left behind: %s", names);
}

Test (write, same_size_different_bytes_are_rewritten)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autofree char *path = g_build_filename (tmp.path, "figure.png", NULL);
  write_ok (path, "aaaa", TRUE);
  dg_test_set_past_mtime (path);
  write_ok (path, "aaab", TRUE);
  cr_assert_neq (stat_of (path).st_mtim.tv_sec, (time_t) DG_TEST_PAST_SECONDS);
}

/* Empty GBytes have a NULL data pointer; same_contents() must not hand it
 * to memcmp() (UBSan, the CI's sanitizer build: "null pointer passed as
 * argument 2", fatal with halt_on_error=1). */
Test (write, empty_bytes)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autofree char *path = g_build_filename (tmp.path, "empty.svg", NULL);
  write_ok (path, "", TRUE);
  cr_assert_eq (stat_of (path).st_size, 0);
  write_ok (path, "", FALSE);
  write_ok (path, "x", TRUE);
  write_ok (path, "", TRUE);
}

Test (write, binary_bytes_with_nul)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autofree char *path = g_build_filename (tmp.path, "figure.png", NULL);
  static const guint8 data[] = { 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 0xff, 0 };
  g_autoptr (GBytes) bytes = g_bytes_new_static (data, sizeof data);
  gboolean changed = FALSE;
  cr_assert (dg_output_write (path, bytes, &changed, NULL));
  cr_assert (changed);
  g_autofree char *back = NULL;
  gsize len = 0;
  cr_assert (g_file_get_contents (path, &back, &len, NULL));
  cr_assert_eq (len, sizeof data);
  cr_assert_arr_eq (back, data, sizeof data);
  /* A NUL in the middle must not make shorter bytes look "the same". */
  g_autoptr (GBytes) prefix = g_bytes_new_static (data, 4);
  cr_assert (dg_output_write (path, prefix, &changed, NULL));
  cr_assert (changed);
  cr_assert_eq (stat_of (path).st_size, 4);
}

Test (write, new_files_follow_the_umask)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  umask (027);
  g_autofree char *path = g_build_filename (tmp.path, "figure.svg", NULL);
  write_ok (path, "x", TRUE);
  mode_t mode = stat_of (path).st_mode & 07777;
  cr_assert_eq (mode, 0640, "mode %o, expected 0640 (0666 less the umask 027)", mode);
}

Test (write, many_writes_leave_no_temporary_files)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autofree char *path = g_build_filename (tmp.path, "figure.svg", NULL);
  for (int i = 0; i < 20; i++)
    {
      g_autofree char *text = g_strdup_printf ("version %d", i / 2);
      g_autoptr (GBytes) bytes = text_bytes (text);
      cr_assert (dg_output_write (path, bytes, NULL, NULL));
    }
  g_autofree char *names = tree (tmp.path);
  cr_assert_str_eq (names, "figure.svg", "left behind: %s", names);
}

/* ------------------------------------------------------------------------ */
/* dg_output_write: errors */

static void
assert_write_error (const GError *error, const char *path)
{
  cr_assert_not_null (error);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_WRITE), "domain %s code %d: %s",
             g_quark_to_string (error->domain), error->code, error->message);
  cr_assert_not_null (strstr (error->message, path), "the message does not name %s: %s", path, error->message);
}

Test (errors, unwritable_directory)
{
  if (geteuid () == 0)
    cr_skip_test ("root ignores directory permissions");
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autofree char *dir = g_build_filename (tmp.path, "ro", NULL);
  cr_assert_eq (g_mkdir (dir, 0555), 0);
  g_autofree char *path = g_build_filename (dir, "figure.png", NULL);
  g_autoptr (GBytes) bytes = text_bytes ("x");
  g_autoptr (GError) error = NULL;
  gboolean changed = TRUE;
  cr_assert (!dg_output_write (path, bytes, &changed, &error));
  cr_assert (!changed);
  assert_write_error (error, path);
  g_chmod (dir, 0755);
  g_autofree char *names = tree (tmp.path);
  cr_assert_str_eq (names, "ro", "left behind: %s", names);
}

/* A parent that is a regular file fails for root too. The message must name
 * the output, as the contract says ("naming @path"), not only the parent
 * ("<tmp>/file.txt: cannot create directory: Not a directory"): a user
 * rendering many figures is told which output failed. The folder is
 * cleared before the assertion, so a failure leaves nothing behind. */
Test (errors, parent_is_a_regular_file)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autofree char *file = g_build_filename (tmp.path, "file.txt", NULL);
  cr_assert (g_file_set_contents (file, "plain", -1, NULL));
  g_autofree char *path = g_build_filename (file, "x.png", NULL);
  g_autoptr (GBytes) bytes = text_bytes ("x");
  g_autoptr (GError) error = NULL;
  gboolean changed = TRUE;
  cr_assert (!dg_output_write (path, bytes, &changed, &error));
  cr_assert (!changed);
  cr_assert_not_null (error);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_WRITE), "%s", error->message);
  g_autofree char *kept = dg_test_read_text (file);
  cr_assert_str_eq (kept, "plain");
  gboolean named = strstr (error->message, path) != NULL;
  dg_test_tmp_dir_clear (&tmp);
  cr_assert (named, "the message does not name %s: %s", path, error->message);
}

Test (errors, target_is_a_directory)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autofree char *path = g_build_filename (tmp.path, "figure.png", NULL);
  cr_assert_eq (g_mkdir (path, 0755), 0);
  g_autoptr (GBytes) bytes = text_bytes ("x");
  g_autoptr (GError) error = NULL;
  cr_assert (!dg_output_write (path, bytes, NULL, &error));
  assert_write_error (error, path);
  cr_assert (g_file_test (path, G_FILE_TEST_IS_DIR));
  g_autofree char *names = tree (tmp.path);
  cr_assert_str_eq (names, "figure.png", "left behind: %s", names);
}

/* ------------------------------------------------------------------------ */
/* DgOutputSet: all or nothing */

static DgOutputSet *
set_of (const char *dir, const char *const *names, const char *text)
{
  DgOutputSet *set = dg_output_set_new ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr (GBytes) bytes = text_bytes (text);
      dg_output_set_add (set, path, bytes);
    }
  return set;
}

Test (set, writes_every_file_and_counts_the_changed)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  static const char *const names[] = { "01.svg", "01.png", "sub/book.pdf", NULL };
  g_autofree char *kept = g_build_filename (tmp.path, "01.png", NULL);
  cr_assert (g_file_set_contents (kept, "v1", -1, NULL));
  dg_test_set_past_mtime (kept);
  g_autoptr (DgOutputSet) set = set_of (tmp.path, names, "v1");
  guint written = 99;
  g_autoptr (GError) error = NULL;
  cr_assert (dg_output_set_commit (set, &written, &error), "%s", error != NULL ? error->message : "?");
  cr_assert_eq (written, 2);
  cr_assert_eq (stat_of (kept).st_mtim.tv_sec, (time_t) DG_TEST_PAST_SECONDS, "an unchanged file was rewritten");
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (tmp.path, names[i], NULL);
      g_autofree char *now = dg_test_read_text (path);
      cr_assert_str_eq (now, "v1");
    }
  g_autofree char *list = tree (tmp.path);
  cr_assert_str_eq (list, "01.png 01.svg sub sub/book.pdf", "tree: %s", list);
}

Test (set, failure_while_writing_changes_nothing)
{
  /* The last path cannot be created (its parent is a file): nothing may be
   * replaced and no temporary file may stay. */
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  static const char *const names[] = { "a.svg", "b.svg", "plain/c.svg", NULL };
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_build_filename (tmp.path, names[i], NULL);
      cr_assert (g_file_set_contents (path, "old", -1, NULL));
    }
  g_autofree char *plain = g_build_filename (tmp.path, "plain", NULL);
  cr_assert (g_file_set_contents (plain, "a file", -1, NULL));
  DgOutputSet *set = set_of (tmp.path, names, "new");
  g_autoptr (GError) error = NULL;
  cr_assert (!dg_output_set_commit (set, NULL, &error));
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_WRITE), "%s", error->message);
  dg_output_set_free (set);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_build_filename (tmp.path, names[i], NULL);
      g_autofree char *now = dg_test_read_text (path);
      cr_assert_str_eq (now, "old", "%s was replaced", names[i]);
    }
  g_autofree char *list = tree (tmp.path);
  cr_assert_str_eq (list, "a.svg b.svg plain", "left behind: %s", list);
}

/* A target that cannot be replaced at the rename step (here a directory
 * stands where b.png goes) is refused before any rename, so a.svg, renamed
 * first, stays old too. */
Test (set, failure_while_renaming_changes_nothing)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  static const char *const names[] = { "a.svg", "b.png", "c.pdf", NULL };
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *path = g_build_filename (tmp.path, names[i], NULL);
      if (i == 1)
        cr_assert_eq (g_mkdir (path, 0755), 0);
      else
        cr_assert (g_file_set_contents (path, "old", -1, NULL));
    }
  DgOutputSet *set = set_of (tmp.path, names, "new");
  g_autoptr (GError) error = NULL;
  cr_assert (!dg_output_set_commit (set, NULL, &error));
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_WRITE), "%s", error->message);
  g_autofree char *blocked = g_build_filename (tmp.path, "b.png", NULL);
  cr_assert_not_null (strstr (error->message, blocked), "%s", error->message);
  dg_output_set_free (set);
  g_autofree char *list = tree (tmp.path);
  cr_assert_str_eq (list, "a.svg b.png c.pdf", "left behind: %s", list);
  g_autofree char *a = g_build_filename (tmp.path, "a.svg", NULL);
  g_autofree char *c = g_build_filename (tmp.path, "c.pdf", NULL);
  g_autofree char *a_now = dg_test_read_text (a);
  g_autofree char *c_now = dg_test_read_text (c);
  cr_assert_str_eq (c_now, "old");
  dg_test_tmp_dir_clear (&tmp);
  cr_assert_str_eq (a_now, "old", "a failed commit replaced a.svg (a file before the failing one)");
}

Test (set, free_accepts_null)
{
  dg_output_set_free (NULL);
}

Test (set, free_without_commit_writes_nothing)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  static const char *const names[] = { "a.svg", NULL };
  DgOutputSet *set = set_of (tmp.path, names, "x");
  dg_output_set_free (set);
  g_autofree char *list = tree (tmp.path);
  cr_assert_str_empty (list, "left behind: %s", list);
}

/* ------------------------------------------------------------------------ */
/* dg_output_set_stage: written at once, renamed at the commit */

/* The hidden temporary files (".NAME.XXXXXX") in @dir. */
static guint
count_temporaries (const char *dir)
{
  guint n = 0;
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    n += name[0] == '.';
  if (d != NULL)
    g_dir_close (d);
  return n;
}

static void
stage_ok (DgOutputSet *set, const char *path, const char *text)
{
  g_autoptr (GBytes) bytes = text_bytes (text);
  g_autoptr (GError) error = NULL;
  cr_assert (dg_output_set_stage (set, path, bytes, &error), "%s: %s", path, error != NULL ? error->message : "?");
}

Test (stage, bytes_go_to_disk_at_once_and_into_place_at_the_commit)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autofree char *a = g_build_filename (tmp.path, "a.png", NULL);
  g_autofree char *b = g_build_filename (tmp.path, "b.png", NULL);
  cr_assert (g_file_set_contents (a, "old", -1, NULL));
  g_autoptr (DgOutputSet) set = dg_output_set_new ();
  stage_ok (set, a, "new a");
  stage_ok (set, b, "new b");
  g_autofree char *before = dg_test_read_text (a);
  cr_assert_str_eq (before, "old", "a staged file replaced its target before the commit");
  cr_assert (!g_file_test (b, G_FILE_TEST_EXISTS), "a staged file appeared before the commit");
  guint written = 0;
  g_autoptr (GError) error = NULL;
  cr_assert (dg_output_set_commit (set, &written, &error), "%s", error != NULL ? error->message : "?");
  cr_assert_eq (written, 2);
  g_autofree char *a_now = dg_test_read_text (a);
  g_autofree char *b_now = dg_test_read_text (b);
  cr_assert_str_eq (a_now, "new a");
  cr_assert_str_eq (b_now, "new b");
  cr_assert_eq (count_temporaries (tmp.path), 0);
}

Test (stage, unchanged_bytes_are_not_rewritten)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autofree char *a = g_build_filename (tmp.path, "a.svg", NULL);
  cr_assert (g_file_set_contents (a, "same", -1, NULL));
  dg_test_set_past_mtime (a);
  g_autoptr (DgOutputSet) set = dg_output_set_new ();
  stage_ok (set, a, "same");
  cr_assert_eq (count_temporaries (tmp.path), 0);
  guint written = 99;
  cr_assert (dg_output_set_commit (set, &written, NULL));
  cr_assert_eq (written, 0);
  cr_assert_eq (stat_of (a).st_mtim.tv_sec, (time_t) DG_TEST_PAST_SECONDS, "an unchanged file was rewritten");
}

Test (stage, free_without_commit_removes_the_staged_files)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autofree char *a = g_build_filename (tmp.path, "a.svg", NULL);
  cr_assert (g_file_set_contents (a, "old", -1, NULL));
  DgOutputSet *set = dg_output_set_new ();
  stage_ok (set, a, "new");
  dg_output_set_free (set);
  g_autofree char *list = tree (tmp.path);
  cr_assert_str_eq (list, "a.svg", "left behind: %s", list);
  g_autofree char *now = dg_test_read_text (a);
  cr_assert_str_eq (now, "old");
}

Test (stage, a_directory_at_the_target_is_refused_when_staging)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autofree char *a = g_build_filename (tmp.path, "a.svg", NULL);
  cr_assert_eq (g_mkdir (a, 0755), 0);
  g_autoptr (DgOutputSet) set = dg_output_set_new ();
  g_autoptr (GBytes) bytes = text_bytes ("x");
  g_autoptr (GError) error = NULL;
  cr_assert (!dg_output_set_stage (set, a, bytes, &error));
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_WRITE));
  cr_assert_not_null (strstr (error->message, a), "%s", error->message);
  cr_assert_eq (count_temporaries (tmp.path), 0);
}

typedef struct {
  DgOutputSet *set;
  const char *dir;
  int first;
} StageJob;

static gpointer
stage_many (gpointer data)
{
  StageJob *job = data;
  for (int i = job->first; i < job->first + 25; i++)
    {
      g_autofree char *name = g_strdup_printf ("%03d.png", i);
      g_autofree char *path = g_build_filename (job->dir, name, NULL);
      g_autofree char *text = g_strdup_printf ("figure %d", i);
      g_autoptr (GBytes) bytes = text_bytes (text);
      if (!dg_output_set_stage (job->set, path, bytes, NULL))
        return GINT_TO_POINTER (1);
    }
  return NULL;
}

Test (stage, threads_stage_into_one_set)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autoptr (DgOutputSet) set = dg_output_set_new ();
  StageJob jobs[4];
  GThread *threads[4];
  for (int t = 0; t < 4; t++)
    {
      jobs[t] = (StageJob) { set, tmp.path, 25 * t };
      threads[t] = g_thread_new ("stage", stage_many, &jobs[t]);
    }
  for (int t = 0; t < 4; t++)
    cr_assert_null (g_thread_join (threads[t]), "a thread failed to stage");
  guint written = 0;
  cr_assert (dg_output_set_commit (set, &written, NULL));
  cr_assert_eq (written, 100);
  for (int i = 0; i < 100; i++)
    {
      g_autofree char *name = g_strdup_printf ("%03d.png", i);
      g_autofree char *path = g_build_filename (tmp.path, name, NULL);
      g_autofree char *now = dg_test_read_text (path);
      g_autofree char *want = g_strdup_printf ("figure %d", i);
      cr_assert_str_eq (now, want);
    }
  cr_assert_eq (count_temporaries (tmp.path), 0);
}

/* What the signal thread does before the process dies: every temporary file
 * goes, and none can be made afterwards (each test runs in its own process,
 * so abandoning is safe here). */
Test (stage, abandon_all_removes_temporaries_and_refuses_new_ones)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autofree char *a = g_build_filename (tmp.path, "a.png", NULL);
  g_autofree char *b = g_build_filename (tmp.path, "b.png", NULL);
  cr_assert (g_file_set_contents (a, "old", -1, NULL));
  g_autoptr (DgOutputSet) set = dg_output_set_new ();
  stage_ok (set, a, "new");
  dg_output_abandon_all ();
  cr_assert_eq (count_temporaries (tmp.path), 0, "a temporary file survived abandon_all");
  g_autoptr (GBytes) bytes = text_bytes ("late");
  g_autoptr (GError) error = NULL;
  cr_assert (!dg_output_set_stage (set, b, bytes, &error), "a file was staged after abandon_all");
  g_clear_error (&error);
  cr_assert (!dg_output_set_commit (set, NULL, &error), "a set was committed after abandon_all");
  cr_assert_eq (count_temporaries (tmp.path), 0);
  g_autofree char *now = dg_test_read_text (a);
  cr_assert_str_eq (now, "old");
}

/* A commit in another thread, paused at its first temporary name for
 * abandon_all to come in meanwhile. */
static GMutex pause_lock;
static GCond pause_cond;
static gboolean paused;

static void
pause_hook (const char *step)
{
  if (strcmp (step, "named") != 0)
    return;
  g_mutex_lock (&pause_lock);
  gboolean first = !paused;
  paused = TRUE;
  g_cond_signal (&pause_cond);
  g_mutex_unlock (&pause_lock);
  if (first)
    g_usleep (300 * 1000); /* abandon_all must wait this out, not cut in */
}

static gpointer
commit_thread (gpointer data)
{
  return GINT_TO_POINTER (dg_output_set_commit (data, NULL, NULL));
}

/* The signal thread calls abandon_all whenever the signal comes: a commit
 * under way in another thread is waited for, so its set goes into place
 * whole rather than losing its temporary files between two renames. A
 * library caller needs no lock of its own for that. */
Test (stage, abandon_all_waits_for_a_commit_under_way, .timeout = 30)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autofree char *a = g_build_filename (tmp.path, "a.png", NULL);
  g_autofree char *b = g_build_filename (tmp.path, "b.png", NULL);
  cr_assert (g_file_set_contents (a, "old a", -1, NULL));
  cr_assert (g_file_set_contents (b, "old b", -1, NULL));
  g_autoptr (DgOutputSet) set = dg_output_set_new ();
  stage_ok (set, a, "new a");
  stage_ok (set, b, "new b");
  dg_output_set_fault_hook (pause_hook);
  GThread *thread = g_thread_new ("commit", commit_thread, set);
  g_mutex_lock (&pause_lock);
  while (!paused)
    g_cond_wait (&pause_cond, &pause_lock);
  g_mutex_unlock (&pause_lock);
  dg_output_abandon_all ();
  /* By now the commit is over, and it went through. */
  g_autofree char *now_a = dg_test_read_text (a);
  g_autofree char *now_b = dg_test_read_text (b);
  gboolean committed = GPOINTER_TO_INT (g_thread_join (thread));
  dg_output_set_fault_hook (NULL);
  cr_assert (committed, "abandon_all cut into the commit, which failed");
  cr_assert_str_eq (now_a, "new a");
  cr_assert_str_eq (now_b, "new b");
  cr_assert_eq (count_temporaries (tmp.path), 0);
}

/* Staged files have no name until the commit where the file system allows
 * it (O_TMPFILE), so even SIGKILL, which nothing can clean up after, leaves
 * no temporary file behind. */
Test (stage, sigkill_after_staging_leaves_no_temporary_file)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
#ifdef O_TMPFILE
  int probe = open (tmp.path, O_TMPFILE | O_WRONLY, 0600);
  if (probe < 0)
    cr_skip_test ("%s: the file system has no unnamed files (O_TMPFILE)", tmp.path);
  close (probe);
#else
  cr_skip_test ("no O_TMPFILE on this system");
#endif
  g_autofree char *a = g_build_filename (tmp.path, "a.png", NULL);
  cr_assert (g_file_set_contents (a, "old", -1, NULL));
  pid_t child = fork ();
  cr_assert_geq (child, 0);
  if (child == 0)
    {
      DgOutputSet *set = dg_output_set_new ();
      for (int i = 0; i < 20; i++)
        {
          g_autofree char *name = g_strdup_printf ("%02d.png", i);
          g_autofree char *path = g_build_filename (tmp.path, name, NULL);
          g_autoptr (GBytes) bytes = text_bytes ("figure");
          if (!dg_output_set_stage (set, path, bytes, NULL))
            _exit (1);
        }
      g_autoptr (GBytes) bytes = text_bytes ("new");
      if (!dg_output_set_stage (set, a, bytes, NULL))
        _exit (1);
      raise (SIGKILL);
      _exit (2);
    }
  int status = 0;
  cr_assert_eq (waitpid (child, &status, 0), child);
  cr_assert (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL, "the child did not stage all (status %d)", status);
  g_autofree char *list = tree (tmp.path);
  cr_assert_str_eq (list, "a.png", "left behind: %s", list);
  g_autofree char *now = dg_test_read_text (a);
  cr_assert_str_eq (now, "old");
}

/* ------------------------------------------------------------------------ */
/* The commit journal: all or nothing even when the process dies mid-commit */

/* The set every crash test commits: two folders (so the journal spans
 * both), files staged and added, one of them unchanged. Before: every file
 * holds "old"; after: "new" (but keep.txt, which holds "same" throughout). */
static const char *const crash_files[] = { "a/1.svg", "a/2.png", "a/3.pdf", "b/4.svg", "b/5.png", "a/keep.txt", NULL };

static void
crash_setup (const char *root)
{
  for (guint i = 0; crash_files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (root, crash_files[i], NULL);
      g_autofree char *dir = g_path_get_dirname (path);
      g_mkdir_with_parents (dir, 0755);
      cr_assert (g_file_set_contents (path, g_str_has_suffix (path, "keep.txt") ? "same" : "old", -1, NULL));
    }
}

static gboolean
crash_commit (const char *root, GError **error)
{
  g_autoptr (DgOutputSet) set = dg_output_set_new ();
  for (guint i = 0; crash_files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (root, crash_files[i], NULL);
      g_autoptr (GBytes) bytes = text_bytes (g_str_has_suffix (path, "keep.txt") ? "same" : "new");
      if (i % 2 == 0)
        dg_output_set_add (set, path, bytes);
      else if (!dg_output_set_stage (set, path, bytes, error))
        return FALSE;
    }
  return dg_output_set_commit (set, NULL, error);
}

static int crash_at;    /* the step to die at, counted from 1; 0: never */
static int crash_steps; /* steps seen so far */

static void
crash_hook (const char *step)
{
  (void) step;
  if (++crash_steps == crash_at)
    _exit (137); /* no cleanup of any kind, as after SIGKILL */
}

/* "old", "new" or "mixed": what the figures of the crash set hold. */
static const char *
crash_state (const char *root)
{
  guint n_old = 0, n_new = 0;
  for (guint i = 0; crash_files[i] != NULL; i++)
    {
      if (g_str_has_suffix (crash_files[i], "keep.txt"))
        continue;
      g_autofree char *path = g_build_filename (root, crash_files[i], NULL);
      g_autofree char *now = dg_test_read_text (path);
      n_old += g_strcmp0 (now, "old") == 0;
      n_new += g_strcmp0 (now, "new") == 0;
    }
  return n_old == 5 ? "old" : n_new == 5 ? "new" : "mixed";
}

/* Files in @root that are neither figures nor folders: temporary names and journals. */
static char *
crash_leftovers (const char *root)
{
  g_autofree char *list = tree (root);
  g_auto (GStrv) names = g_strsplit (list, " ", -1);
  GString *left = g_string_new (NULL);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *base = strrchr (names[i], '/');
      if (base != NULL && base[1] == '.')
        g_string_append_printf (left, "%s ", names[i]);
    }
  return g_string_free (left, FALSE);
}

/* Dies at each step of the commit in turn, as SIGKILL there would leave
 * it, then lets the next commit (here dg_output_recover() on the folder
 * that is not the journal's home, to show the set is settled across
 * folders) settle it: the figures are then all old or all new, never a
 * mix; once the other folder is settled too, no temporary name or journal
 * is left. Without the journal the
 * raw state after a crash mid-rename was mixed and stayed mixed. */
Test (journal, a_crash_at_any_step_leaves_old_or_new_after_recovery)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  /* Count the steps of a whole commit first. Every commit runs in a
   * forked child: GLib's thread pools (the staged files' syncer) cannot
   * be used in a child forked after the parent used them. */
  g_autofree char *count_root = g_build_filename (tmp.path, "count", NULL);
  crash_setup (count_root);
  dg_output_set_fault_hook (crash_hook);
  g_autoptr (GError) error = NULL;
  pid_t counter = fork ();
  cr_assert_geq (counter, 0);
  if (counter == 0)
    {
      crash_at = 0;
      crash_steps = 0;
      _exit (crash_commit (count_root, NULL) ? crash_steps : 255);
    }
  int count_status = 0;
  cr_assert_eq (waitpid (counter, &count_status, 0), counter);
  cr_assert (WIFEXITED (count_status));
  const int n_steps = WEXITSTATUS (count_status);
  /* 5 files named, 2 journal copies, 5 renames, 2 copies removed. */
  cr_assert_eq (n_steps, 14, "a commit took %d steps", n_steps);
  cr_assert_str_eq (crash_state (count_root), "new");
  guint mixed_raw = 0;
  for (int k = 1; k <= n_steps; k++)
    {
      g_autofree char *name = g_strdup_printf ("k%02d", k);
      g_autofree char *root = g_build_filename (tmp.path, name, NULL);
      crash_setup (root);
      pid_t child = fork ();
      cr_assert_geq (child, 0);
      if (child == 0)
        {
          crash_at = k;
          crash_steps = 0;
          crash_commit (root, NULL);
          _exit (0);
        }
      int status = 0;
      cr_assert_eq (waitpid (child, &status, 0), child);
      cr_assert (WIFEXITED (status) && WEXITSTATUS (status) == 137, "step %d: the child did not die there", k);
      mixed_raw += g_str_equal (crash_state (root), "mixed");
      g_autofree char *b = g_build_filename (root, "b", NULL);
      cr_assert (dg_output_recover (b, &error), "step %d: %s", k, error != NULL ? error->message : "?");
      const char *state = crash_state (root);
      cr_assert_str_neq (state, "mixed", "step %d: a mix of old and new figures after recovery", k);
      /* Killed before the home copy of the journal: the old set; after: the new. */
      cr_assert_str_eq (state, k < 7 ? "old" : "new", "step %d: %s", k, state);
      /* Temporary names of a set killed before its journal are removed
       * by the next commit into their own folder. */
      g_autofree char *a = g_build_filename (root, "a", NULL);
      cr_assert (dg_output_recover (a, &error), "step %d: %s", k, error != NULL ? error->message : "?");
      g_autofree char *left = crash_leftovers (root);
      cr_assert_str_empty (left, "step %d: left behind: %s", k, left);
      g_autofree char *keep = g_build_filename (root, "a", "keep.txt", NULL);
      g_autofree char *kept = dg_test_read_text (keep);
      cr_assert_str_eq (kept, "same");
    }
  cr_assert_geq (mixed_raw, 4, "the crashes never hit the renames (%u mixed)", mixed_raw);
  dg_output_set_fault_hook (NULL);
}

/* The next commit into the folder settles a crashed one first, then
 * writes its own set; it is not mixed with the crashed one either. */
Test (journal, the_next_commit_settles_a_crash_then_writes)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  crash_setup (tmp.path);
  pid_t child = fork ();
  cr_assert_geq (child, 0);
  if (child == 0)
    {
      crash_at = 9; /* the second rename */
      dg_output_set_fault_hook (crash_hook);
      crash_commit (tmp.path, NULL);
      _exit (0);
    }
  int status = 0;
  cr_assert_eq (waitpid (child, &status, 0), child);
  cr_assert_str_eq (crash_state (tmp.path), "mixed");
  g_autofree char *other = g_build_filename (tmp.path, "a", "other.svg", NULL);
  write_ok (other, "x", TRUE);
  cr_assert_str_eq (crash_state (tmp.path), "new");
  g_autofree char *left = crash_leftovers (tmp.path);
  cr_assert_str_empty (left, "left behind: %s", left);
}

Test (journal, leftover_temporary_names_go_and_other_dot_files_stay)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  static const char *const kept[] = { ".keep", ".a.svg.dgtmp-toolong1", ".a.svg.dgtmp-ab", ".a.svg.XXXXXX",
                                      ".dealgraph-journal-xyz", NULL };
  static const char *const gone[] = { ".a.svg.dgtmp-Ab12Cd", ".x.png.dgtmp-000000", NULL };
  for (guint i = 0; kept[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (tmp.path, kept[i], NULL);
      cr_assert (g_file_set_contents (path, "user", -1, NULL));
    }
  for (guint i = 0; gone[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (tmp.path, gone[i], NULL);
      cr_assert (g_file_set_contents (path, "left", -1, NULL));
    }
  g_autofree char *a = g_build_filename (tmp.path, "a.svg", NULL);
  write_ok (a, "new", TRUE);
  g_autofree char *list = tree (tmp.path);
  cr_assert_str_eq (list, ".a.svg.XXXXXX .a.svg.dgtmp-ab .a.svg.dgtmp-toolong1 .dealgraph-journal-xyz .keep a.svg",
                    "%s", list);
}

Test (journal, a_damaged_journal_is_an_error_naming_it_and_nothing_is_written)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autofree char *journal = g_build_filename (tmp.path, ".dealgraph-journal-0123456789abcdef", NULL);
  cr_assert (g_file_set_contents (journal, "dealgraph journal 1\nfolder\t/tmp\nrename\t7\t.a.dgtmp-aaaaaa\ta\nend\n",
                                  -1, NULL));
  g_autofree char *a = g_build_filename (tmp.path, "a.svg", NULL);
  cr_assert (g_file_set_contents (a, "old", -1, NULL));
  g_autoptr (GBytes) bytes = text_bytes ("new");
  g_autoptr (GError) error = NULL;
  cr_assert (!dg_output_write (a, bytes, NULL, &error));
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_WRITE));
  g_autofree char *where = g_strdup_printf ("%s:3: a damaged commit journal", journal);
  cr_assert_not_null (strstr (error->message, where), "%s", error->message);
  g_autofree char *now = dg_test_read_text (a);
  cr_assert_str_eq (now, "old");
}

/* Paths that name one folder in two spellings lock it once (a second
 * flock on it from this process would wait for ever). */
Test (journal, one_folder_in_two_spellings_is_locked_once, .timeout = 20)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("output");
  g_autofree char *sub = g_build_filename (tmp.path, "sub", NULL);
  cr_assert_eq (g_mkdir (sub, 0755), 0);
  g_autofree char *link = g_build_filename (tmp.path, "link", NULL);
  cr_assert_eq (symlink ("sub", link), 0);
  g_autoptr (DgOutputSet) set = dg_output_set_new ();
  g_autofree char *p1 = g_build_filename (tmp.path, "sub", "a.svg", NULL);
  g_autofree char *p2 = g_build_filename (tmp.path, "sub", ".", "b.svg", NULL);
  g_autofree char *p3 = g_build_filename (tmp.path, "link", "c.svg", NULL);
  const char *paths[] = { p1, p2, p3 };
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (GBytes) bytes = text_bytes ("x");
      dg_output_set_add (set, paths[i], bytes);
    }
  guint written = 0;
  cr_assert (dg_output_set_commit (set, &written, NULL));
  cr_assert_eq (written, 3);
  g_autofree char *list = tree (sub);
  cr_assert_str_eq (list, "a.svg b.svg c.svg");
}
