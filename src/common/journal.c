/* journal.c — the commit journal: a set of renames that survives SIGKILL as all or nothing.
 *
 * A copy of the journal is a small text file, ".dealgraph-journal-ID":
 *
 *   dealgraph journal 1
 *   folder	/abs/home/folder
 *   folder	/abs/other/folder
 *   rename	0	.stage.svg.dgtmp-Ab12Cd	stage.svg
 *   end
 *
 * Fields are separated by tabs and escaped with g_strescape(), so any path
 * (spaces, tabs, newlines, bytes that are not UTF-8) reads back as written.
 * The last line "end" tells a whole copy from a torn one; copies are written
 * through a temporary file and a rename, so a torn copy means damage. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "dg-journal-private.h"
#include "dg-output-private.h"
#include "error.h"

#define JOURNAL_PREFIX ".dealgraph-journal-"
#define JOURNAL_HEADER "dealgraph journal 1"

DgJournal *
dg_journal_new (void)
{
  DgJournal *journal = g_new0 (DgJournal, 1);
  journal->id = g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
  journal->folders = g_ptr_array_new_with_free_func (g_free);
  journal->renames = g_array_new (FALSE, TRUE, sizeof (DgJournalRename));
  return journal;
}

void
dg_journal_free (DgJournal *journal)
{
  if (journal == NULL)
    return;
  for (guint i = 0; i < journal->renames->len; i++)
    {
      DgJournalRename *r = &g_array_index (journal->renames, DgJournalRename, i);
      g_free (r->temp);
      g_free (r->target);
    }
  g_array_unref (journal->renames);
  g_ptr_array_unref (journal->folders);
  g_free (journal->id);
  g_free (journal);
}

guint
dg_journal_add_folder (DgJournal *journal, const char *folder)
{
  for (guint i = 0; i < journal->folders->len; i++)
    if (g_str_equal (journal->folders->pdata[i], folder))
      return i;
  g_ptr_array_add (journal->folders, g_strdup (folder));
  return journal->folders->len - 1;
}

void
dg_journal_add_rename (DgJournal *journal, guint folder, const char *temp, const char *target)
{
  g_return_if_fail (folder < journal->folders->len);
  DgJournalRename r = { folder, g_strdup (temp), g_strdup (target) };
  g_array_append_val (journal->renames, r);
}

static char *
copy_path (const DgJournal *journal, guint folder)
{
  g_autofree char *name = g_strconcat (JOURNAL_PREFIX, journal->id, NULL);
  return g_build_filename (journal->folders->pdata[folder], name, NULL);
}

static char *
folder_file (const DgJournal *journal, guint folder, const char *base)
{
  return g_build_filename (journal->folders->pdata[folder], base, NULL);
}

static GBytes *
journal_text (const DgJournal *journal)
{
  GString *s = g_string_new (JOURNAL_HEADER "\n");
  for (guint i = 0; i < journal->folders->len; i++)
    {
      g_autofree char *folder = g_strescape (journal->folders->pdata[i], NULL);
      g_string_append_printf (s, "folder\t%s\n", folder);
    }
  for (guint i = 0; i < journal->renames->len; i++)
    {
      const DgJournalRename *r = &g_array_index (journal->renames, DgJournalRename, i);
      g_autofree char *temp = g_strescape (r->temp, NULL);
      g_autofree char *target = g_strescape (r->target, NULL);
      g_string_append_printf (s, "rename\t%u\t%s\t%s\n", r->folder, temp, target);
    }
  g_string_append (s, "end\n");
  return g_string_free_to_bytes (s);
}

/* Writes @text to @path through a synced temporary file and a rename. */
static gboolean
write_copy (const char *path, GBytes *text, GError **error)
{
  g_autofree char *temp = g_strconcat (path, DG_TEMP_MARK "XXXXXX", NULL);
  int fd = dg_output_temp_create (temp);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE, "%s: cannot write the commit journal: %s", path,
                   saved == ECANCELED ? "the run is being stopped" : g_strerror (saved));
      return FALSE;
    }
  gboolean ok = dg_output_write_fd (path, fd, text, TRUE, error);
  if (ok && g_rename (temp, path) != 0)
    {
      int saved = errno;
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE, "%s: cannot write the commit journal: %s", path,
                   g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (temp);
  dg_output_temp_forget (temp);
  return ok;
}

gboolean
dg_journal_write (DgJournal *journal, GError **error)
{
  g_return_val_if_fail (journal->folders->len > 0, FALSE);
  g_autoptr (GBytes) text = journal_text (journal);
  /* The other folders first, the home folder last: the home copy is the
   * commit point, so it must not exist while another copy is missing. */
  for (guint k = 1; k <= journal->folders->len; k++)
    {
      guint i = k % journal->folders->len;
      g_autofree char *path = copy_path (journal, i);
      if (!write_copy (path, text, error))
        {
          for (guint j = 1; j < k; j++)
            {
              g_autofree char *done = copy_path (journal, j);
              g_unlink (done);
            }
          return FALSE;
        }
      dg_output_fault ("journal");
    }
  return TRUE;
}

gboolean
dg_journal_replay (const DgJournal *journal, GError **error)
{
  for (guint i = 0; i < journal->renames->len; i++)
    {
      const DgJournalRename *r = &g_array_index (journal->renames, DgJournalRename, i);
      g_autofree char *temp = folder_file (journal, r->folder, r->temp);
      g_autofree char *target = folder_file (journal, r->folder, r->target);
      GStatBuf st;
      if (g_lstat (temp, &st) != 0)
        continue; /* renamed already */
      if (g_rename (temp, target) != 0)
        {
          int saved = errno;
          g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE, "%s: cannot replace: %s", target, g_strerror (saved));
          return FALSE;
        }
      dg_output_fault ("renamed");
    }
  return TRUE;
}

void
dg_journal_remove (const DgJournal *journal)
{
  for (guint k = 1; k <= journal->folders->len; k++)
    {
      g_autofree char *path = copy_path (journal, k % journal->folders->len);
      if (g_unlink (path) == 0)
        dg_output_fault ("unjournal");
    }
}

static gboolean
is_hex_id (const char *s)
{
  if (strlen (s) != 16)
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isxdigit (*s))
      return FALSE;
  return TRUE;
}

GPtrArray *
dg_journal_list (const char *folder)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, JOURNAL_PREFIX) && is_hex_id (name + strlen (JOURNAL_PREFIX)))
      g_ptr_array_add (found, g_build_filename (folder, name, NULL));
  g_ptr_array_sort (found, (GCompareFunc) g_strcmp0); /* deterministic order */
  return found;
}

static gboolean
damaged (const char *path, guint line, GError **error)
{
  g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE,
               "%s:%u: a damaged commit journal of an interrupted run; check the figures in its folders and "
               "remove it by hand",
               path, line);
  return FALSE;
}

/* A base name as a journal may name it: no folder part, not "." or "..". */
static gboolean
is_base_name (const char *s)
{
  return s[0] != '\0' && strchr (s, '/') == NULL && strcmp (s, ".") != 0 && strcmp (s, "..") != 0;
}

DgJournal *
dg_journal_read (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL) || !g_str_has_suffix (text, "\nend\n"))
    return damaged (path, 1, error), NULL;
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  if (g_strcmp0 (lines[0], JOURNAL_HEADER) != 0)
    return damaged (path, 1, error), NULL;
  g_autoptr (DgJournal) journal = dg_journal_new ();
  g_free (journal->id);
  const char *base = strrchr (path, '/');
  journal->id = g_strdup ((base != NULL ? base + 1 : path) + strlen (JOURNAL_PREFIX));
  for (guint i = 1; lines[i] != NULL && strcmp (lines[i], "end") != 0; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", -1);
      guint n = g_strv_length (f);
      if (n == 2 && strcmp (f[0], "folder") == 0)
        {
          g_autofree char *folder = g_strcompress (f[1]);
          if (!g_path_is_absolute (folder))
            return damaged (path, i + 1, error), NULL;
          g_ptr_array_add (journal->folders, g_steal_pointer (&folder));
        }
      else if (n == 4 && strcmp (f[0], "rename") == 0)
        {
          guint64 folder = 0;
          g_autofree char *temp = g_strcompress (f[2]);
          g_autofree char *target = g_strcompress (f[3]);
          if (!g_ascii_string_to_unsigned (f[1], 10, 0, journal->folders->len == 0 ? 0 : journal->folders->len - 1,
                                           &folder, NULL)
              || journal->folders->len == 0 || !is_base_name (temp) || !is_base_name (target)
              || strstr (temp, DG_TEMP_MARK) == NULL)
            return damaged (path, i + 1, error), NULL;
          dg_journal_add_rename (journal, (guint) folder, temp, target);
        }
      else
        return damaged (path, i + 1, error), NULL;
    }
  if (journal->folders->len == 0)
    return damaged (path, 2, error), NULL;
  return g_steal_pointer (&journal);
}

gboolean
dg_journal_settle (const DgJournal *journal, GError **error)
{
  g_autofree char *home = copy_path (journal, 0);
  if (g_file_test (home, G_FILE_TEST_EXISTS))
    {
      if (!dg_journal_replay (journal, error))
        return FALSE;
    }
  else
    for (guint i = 0; i < journal->renames->len; i++)
      {
        const DgJournalRename *r = &g_array_index (journal->renames, DgJournalRename, i);
        g_autofree char *temp = folder_file (journal, r->folder, r->temp);
        g_unlink (temp);
      }
  dg_journal_remove (journal);
  return TRUE;
}

/* ".NAME.dgtmp-XXXXXX" with six letters or digits. */
static gboolean
is_temp_name (const char *name)
{
  const char *mark = g_strrstr (name, DG_TEMP_MARK);
  if (name[0] != '.' || mark == NULL || mark == name)
    return FALSE;
  const char *tail = mark + strlen (DG_TEMP_MARK);
  if (strlen (tail) != 6)
    return FALSE;
  for (; *tail != '\0'; tail++)
    if (!g_ascii_isalnum (*tail))
      return FALSE;
  return TRUE;
}

void
dg_journal_remove_leftovers (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (is_temp_name (name))
      {
        g_autofree char *path = g_build_filename (folder, name, NULL);
        GStatBuf st;
        if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode))
          g_unlink (path);
      }
}
