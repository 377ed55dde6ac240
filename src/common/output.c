/* output.c — atomic, only-if-changed writing of output files. */
#define _GNU_SOURCE /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "dg-journal-private.h"
#include "dg-output-private.h"
#include "error.h"
#include "output.h"

/* TRUE when @path holds exactly @data; any read problem counts as "differs". */
static gboolean
same_contents (const char *path, const guint8 *data, gsize len)
{
  GStatBuf st;
  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode) || (gsize) st.st_size != len)
    return FALSE;
  g_autofree char *old = NULL;
  gsize old_len = 0;
  if (!g_file_get_contents (path, &old, &old_len, NULL))
    return FALSE;
  return old_len == len && (len == 0 || memcmp (old, data, len) == 0);
}

/* An unnamed file's data on its way to the disk: fsync() runs on a
 * thread of its own while the figures go on being drawn (each one waited
 * for its file's sync before: 6–8 ms of a small set's run after other
 * writes, measured), and the commit waits for every sync first. */
typedef struct {
  int fd;
  int error; /* errno of a failed fsync, else 0; read once the syncer is done */
} Sync;

typedef struct {
  char *path;
  char *dir;     /* at the commit: the canonical absolute folder of @path */
  GBytes *bytes; /* NULL once staged */
  char *temp;    /* set while a named temporary file exists */
  int fd;        /* staged into an unnamed file (O_TMPFILE): its descriptor; else -1 */
  Sync *sync;    /* for an unnamed file, its pending sync */
  char *digest;  /* staged but unchanged: SHA-256 of the bytes the file held */
} Entry;

struct DgOutputSet {
  GArray *entries;      /* Entry */
  GMutex lock;          /* guards @entries and @syncer while threads stage */
  GThreadPool *syncer;  /* one thread syncing staged files in turn; NULL when idle */
};

/* Every temporary file that exists in the process, so that
 * dg_output_abandon_all() can remove them when a signal ends the run. */
static GMutex temps_lock;
static GHashTable *live_temps; /* path → path, owned elsewhere */
static gboolean temps_abandoned;

/* Held for reading by every commit under way and for writing by
 * dg_output_abandon_all(), which so waits for them: a commit is never cut
 * between its renames, whoever in the process handles the signal. */
static GRWLock commits_lock;

/* Under the lock that dg_output_abandon_all() takes: a file is either
 * created before an abandon, and removed by it, or not at all. */
int
dg_output_temp_create (char *temp)
{
  g_mutex_lock (&temps_lock);
  int fd = -1;
  if (temps_abandoned)
    errno = ECANCELED;
  else
    {
      fd = g_mkstemp_full (temp, O_WRONLY | O_CLOEXEC, 0600);
      if (fd >= 0)
        {
          if (live_temps == NULL)
            live_temps = g_hash_table_new (g_str_hash, g_str_equal);
          g_hash_table_add (live_temps, temp);
        }
    }
  g_mutex_unlock (&temps_lock);
  return fd;
}

void
dg_output_temp_forget (const char *temp)
{
  g_mutex_lock (&temps_lock);
  if (live_temps != NULL)
    g_hash_table_remove (live_temps, temp);
  g_mutex_unlock (&temps_lock);
}

static DgOutputFaultHook fault_hook;

void
dg_output_set_fault_hook (DgOutputFaultHook hook)
{
  fault_hook = hook;
}

void
dg_output_fault (const char *step)
{
  if (fault_hook != NULL)
    fault_hook (step);
}

void
dg_output_abandon_all (void)
{
  g_rw_lock_writer_lock (&commits_lock);
  g_mutex_lock (&temps_lock);
  temps_abandoned = TRUE;
  if (live_temps != NULL)
    {
      GHashTableIter iter;
      gpointer key;
      g_hash_table_iter_init (&iter, live_temps);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_unlink (key);
      g_hash_table_remove_all (live_temps);
    }
  g_mutex_unlock (&temps_lock);
  /* Released: a commit that starts now finds nothing to name. */
  g_rw_lock_writer_unlock (&commits_lock);
}

static void
entry_clear (gpointer data)
{
  Entry *e = data;
  if (e->temp != NULL)
    {
      g_unlink (e->temp);
      dg_output_temp_forget (e->temp);
    }
  if (e->fd >= 0)
    close (e->fd);
  g_free (e->sync);
  g_free (e->temp);
  g_free (e->digest);
  g_free (e->dir);
  g_free (e->path);
  if (e->bytes != NULL)
    g_bytes_unref (e->bytes);
}

DgOutputSet *
dg_output_set_new (void)
{
  DgOutputSet *set = g_new0 (DgOutputSet, 1);
  set->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (set->entries, entry_clear);
  g_mutex_init (&set->lock);
  return set;
}

static void
sync_one (gpointer data, gpointer user_data)
{
  (void) user_data;
  Sync *sync = data;
  if (fsync (sync->fd) != 0)
    sync->error = errno != 0 ? errno : EIO;
}

/* Waits until every staged file is synced; no sync runs afterwards. */
static void
wait_for_syncs (DgOutputSet *set)
{
  g_mutex_lock (&set->lock);
  GThreadPool *syncer = g_steal_pointer (&set->syncer);
  g_mutex_unlock (&set->lock);
  if (syncer != NULL)
    g_thread_pool_free (syncer, FALSE, TRUE);
}

void
dg_output_set_free (DgOutputSet *set)
{
  if (set == NULL)
    return;
  wait_for_syncs (set); /* before the descriptors close */
  g_array_unref (set->entries);
  g_mutex_clear (&set->lock);
  g_free (set);
}

void
dg_output_set_add (DgOutputSet *set, const char *path, GBytes *bytes)
{
  g_return_if_fail (set != NULL && path != NULL && bytes != NULL);
  Entry e = { g_strdup (path), NULL, g_bytes_ref (bytes), NULL, -1, NULL, NULL };
  g_array_append_val (set->entries, e);
}

/* The permissions a new file would get: 0666 less the umask. */
static mode_t
file_mode (void)
{
  static gsize once;
  static mode_t mode;
  if (g_once_init_enter (&once))
    {
      /* umask() can only be read by setting it; do it once, early. */
      mode_t mask = umask (022);
      umask (mask);
      mode = 0666 & ~mask;
      g_once_init_leave (&once, 1);
    }
  return mode;
}

gboolean
dg_output_write_fd (const char *path, int fd, GBytes *bytes, gboolean close_fd, GError **error)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  gboolean ok = fchmod (fd, file_mode ()) == 0;
  while (ok && len > 0)
    {
      ssize_t n = write (fd, data, len);
      if (n < 0 && errno == EINTR)
        continue;
      ok = n > 0;
      if (ok)
        {
          data += n;
          len -= (gsize) n;
        }
    }
  if (close_fd)
    ok = ok && fsync (fd) == 0;
  int saved = errno;
  if (close_fd)
    ok = close (fd) == 0 && ok;
  if (!ok)
    g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE, "%s: cannot write: %s", path,
                 g_strerror (saved != 0 ? saved : EIO));
  return ok;
}

/* The name of a temporary file for @e, but for its last 6 characters:
 * ".NAME" + DG_TEMP_MARK, in @e's folder (the name cut to fit NAME_MAX). */
static char *
temp_prefix (const Entry *e)
{
  g_autofree char *base = g_path_get_basename (e->path);
  if (strlen (base) > 200)
    base[200] = '\0';
  g_autofree char *dir = e->dir != NULL ? g_strdup (e->dir) : g_path_get_dirname (e->path);
  return g_strdup_printf ("%s/.%s" DG_TEMP_MARK, dir, base);
}

/* Writes @bytes to a new temporary file for @e (e->temp). Only at the
 * commit, with @e's folder locked: a temporary name only ever exists in a
 * folder while its writer holds the lock, so whoever holds it next may
 * take every such name for a leftover. */
static gboolean
write_temp (Entry *e, GBytes *bytes, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (e->path);
  if (g_mkdir_with_parents (dir, 0777) != 0)
    {
      int saved = errno;
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE, "%s: cannot create directory %s: %s", e->path,
                   dir, g_strerror (saved));
      return FALSE;
    }
  g_autofree char *prefix = temp_prefix (e);
  char *temp = g_strconcat (prefix, "XXXXXX", NULL);
  int fd = dg_output_temp_create (temp);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE, "%s: cannot write: %s", e->path,
                   saved == ECANCELED ? "the run is being stopped" : g_strerror (saved));
      g_free (temp);
      return FALSE;
    }
  e->temp = temp;
  return dg_output_write_fd (e->path, fd, bytes, TRUE, error);
}

/* Refuses a target that is not a regular file. A rename can only fail
 * half-way through a set when something other than a file stands at a
 * target: this is checked before any rename, so the set stays all or
 * nothing. */
static gboolean
check_target (const char *path, GError **error)
{
  GStatBuf st;
  if (g_lstat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE, "%s: cannot replace: not a regular file", path);
      return FALSE;
    }
  return TRUE;
}

/* An unnamed file (O_TMPFILE) in the directory of @path, created if need
 * be, or -1 where that is not possible. Naming it later goes through
 * /proc/self/fd, so without /proc it is not used either. */
static int
open_unnamed (const char *path)
{
#ifdef O_TMPFILE
  static gsize proc_checked;
  static gboolean have_proc;
  if (g_once_init_enter (&proc_checked))
    {
      have_proc = g_file_test ("/proc/self/fd", G_FILE_TEST_IS_DIR);
      g_once_init_leave (&proc_checked, 1);
    }
  if (!have_proc)
    return -1;
  g_autofree char *dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0777) != 0)
    return -1; /* write_temp() reports it */
  g_mutex_lock (&temps_lock);
  int fd = -1;
  if (temps_abandoned)
    errno = ECANCELED;
  else
    fd = open (dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  g_mutex_unlock (&temps_lock);
  return fd;
#else
  (void) path;
  return -1;
#endif
}

/* Gives @e's unnamed file a temporary name beside its target, recorded like
 * any temporary file. FALSE with DG_ERROR_WRITE. */
static gboolean
name_unnamed (Entry *e, GError **error)
{
  g_autofree char *prefix = temp_prefix (e);
  g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", e->fd);
  int saved = EEXIST;
  for (int attempt = 0; attempt < 100 && saved == EEXIST; attempt++)
    {
      char *temp = g_strdup_printf ("%s%06X", prefix, g_random_int () & 0xffffff);
      g_mutex_lock (&temps_lock);
      saved = ECANCELED;
      if (!temps_abandoned)
        {
          saved = linkat (AT_FDCWD, proc, AT_FDCWD, temp, AT_SYMLINK_FOLLOW) == 0 ? 0 : errno;
          if (saved == 0)
            {
              if (live_temps == NULL)
                live_temps = g_hash_table_new (g_str_hash, g_str_equal);
              g_hash_table_add (live_temps, temp);
            }
        }
      g_mutex_unlock (&temps_lock);
      if (saved == 0)
        {
          e->temp = temp;
          close (e->fd);
          e->fd = -1;
          dg_output_fault ("named");
          return TRUE;
        }
      g_free (temp);
    }
  g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE, "%s: cannot write: %s", e->path,
               saved == ECANCELED ? "the run is being stopped" : g_strerror (saved));
  return FALSE;
}

gboolean
dg_output_set_stage (DgOutputSet *set, const char *path, GBytes *bytes, GError **error)
{
  g_return_val_if_fail (set != NULL && path != NULL && bytes != NULL, FALSE);
  Entry e = { g_strdup (path), NULL, NULL, NULL, -1, NULL, NULL };
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  gboolean ok = TRUE;
  if (same_contents (path, data, len))
    /* Remembered, to see at the commit that nobody changed it meanwhile. */
    e.digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
  else
    {
      ok = check_target (path, error);
      /* An unnamed file vanishes with the process, even one killed by
       * SIGKILL; it gets a name only at the commit. Where the file system
       * cannot make one (or /proc is missing), the bytes wait in memory:
       * named temporary files are only made at the commit (write_temp). */
      g_mutex_lock (&temps_lock);
      gboolean stopping = temps_abandoned;
      g_mutex_unlock (&temps_lock);
      errno = stopping ? ECANCELED : 0;
      int fd = ok && !stopping ? open_unnamed (path) : -1;
      if (fd >= 0)
        {
          ok = dg_output_write_fd (path, fd, bytes, FALSE, error);
          e.fd = fd;
        }
      else if (ok && errno == ECANCELED)
        {
          g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE, "%s: cannot write: the run is being stopped", path);
          ok = FALSE;
        }
      else if (ok)
        e.bytes = g_bytes_ref (bytes);
    }
  if (!ok)
    {
      entry_clear (&e);
      return FALSE;
    }
  g_mutex_lock (&set->lock);
  if (e.fd >= 0)
    {
      e.sync = g_new0 (Sync, 1);
      e.sync->fd = e.fd;
      if (set->syncer == NULL)
        set->syncer = g_thread_pool_new (sync_one, NULL, 1, FALSE, NULL);
      g_thread_pool_push (set->syncer, e.sync, NULL);
    }
  g_array_append_val (set->entries, e);
  g_mutex_unlock (&set->lock);
  return TRUE;
}

/* The folders a commit holds locked: their canonical paths (sorted, each
 * once) and descriptors, released by the cleanup. */
typedef struct {
  GPtrArray *dirs; /* char *, canonical */
  GArray *fds;     /* int, one per folder that could be opened */
} DirLocks;

static void
dir_locks_release (DirLocks *locks)
{
  for (guint i = 0; locks->fds != NULL && i < locks->fds->len; i++)
    close (g_array_index (locks->fds, int, i)); /* releases the flock */
  g_clear_pointer (&locks->fds, g_array_unref);
}

static void
dir_locks_clear (DirLocks *locks)
{
  dir_locks_release (locks);
  g_clear_pointer (&locks->dirs, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DirLocks, dir_locks_clear)

static gint
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The folder @path lives in, created if need be, as a canonical absolute
 * path: two spellings of one folder are one folder to lock and to journal. */
static char *
canonical_dir (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_mkdir_with_parents (dir, 0777); /* a failure is reported by the write */
  char *real = realpath (dir, NULL);
  if (real == NULL)
    return g_canonicalize_filename (dir, NULL);
  char *copy = g_strdup (real);
  free (real);
  return copy;
}

static gboolean
holds_dir (const DirLocks *locks, const char *dir)
{
  for (guint i = 0; i < locks->dirs->len; i++)
    if (g_str_equal (locks->dirs->pdata[i], dir))
      return TRUE;
  return FALSE;
}

/* Takes an exclusive flock on every folder of @locks, in name order (so
 * two runs never wait on each other crosswise). A folder that cannot be
 * opened is left to the writes themselves to report. */
static void
dir_locks_take (DirLocks *locks)
{
  g_ptr_array_sort (locks->dirs, compare_paths);
  locks->fds = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i < locks->dirs->len; i++)
    {
      int fd = open (locks->dirs->pdata[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (fd < 0)
        continue;
      while (flock (fd, LOCK_EX) != 0 && errno == EINTR)
        ;
      g_array_append_val (locks->fds, fd);
    }
}

/* Locks the folders of @locks and settles what killed runs left in them:
 * a journal is finished or undone (its other folders locked too), then
 * every temporary name left is removed. Returns with the folders locked. */
static gboolean
dir_locks_take_and_settle (DirLocks *locks, GError **error)
{
  for (;;)
    {
      dir_locks_take (locks);
      g_autoptr (GPtrArray) journals = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_journal_free);
      g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
      gboolean grew = FALSE;
      for (guint i = 0; i < locks->dirs->len; i++)
        {
          g_autoptr (GPtrArray) found = dg_journal_list (locks->dirs->pdata[i]);
          for (guint j = 0; j < found->len; j++)
            {
              DgJournal *journal = dg_journal_read (found->pdata[j], error);
              if (journal == NULL)
                return FALSE;
              g_ptr_array_add (journals, journal);
              if (!g_hash_table_add (ids, journal->id))
                {
                  g_ptr_array_remove_index (journals, journals->len - 1); /* a copy of one seen */
                  continue;
                }
              for (guint k = 0; k < journal->folders->len; k++)
                {
                  const char *folder = journal->folders->pdata[k];
                  if (!holds_dir (locks, folder) && g_file_test (folder, G_FILE_TEST_IS_DIR))
                    {
                      g_ptr_array_add (locks->dirs, g_strdup (folder));
                      grew = TRUE;
                    }
                }
            }
        }
      if (grew)
        {
          /* A journal spans folders not locked yet: start again with all
           * of them, in name order, rather than wait holding some. */
          dir_locks_release (locks);
          continue;
        }
      for (guint i = 0; i < journals->len; i++)
        if (!dg_journal_settle (journals->pdata[i], error))
          return FALSE;
      for (guint i = 0; i < locks->dirs->len; i++)
        dg_journal_remove_leftovers (locks->dirs->pdata[i]);
      return TRUE;
    }
}

gboolean
dg_output_recover (const char *folder, GError **error)
{
  g_return_val_if_fail (folder != NULL, FALSE);
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    return TRUE;
  g_autofree char *inside = g_build_filename (folder, "x", NULL);
  g_auto (DirLocks) locks = { g_ptr_array_new_with_free_func (g_free), NULL };
  g_ptr_array_add (locks.dirs, canonical_dir (inside));
  return dir_locks_take_and_settle (&locks, error);
}

/* TRUE when @path still holds the bytes whose SHA-256 is @digest. */
static gboolean
still_holds (const char *path, const char *digest)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &data, &len, NULL))
    return FALSE;
  g_autofree char *now = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  return g_str_equal (now, digest);
}

/* Gives every changed file of @set its temporary name in its folder, with
 * the folders locked. */
static gboolean
name_all (DgOutputSet *set, GError **error)
{
  for (guint i = 0; i < set->entries->len; i++)
    {
      Entry *e = &g_array_index (set->entries, Entry, i);
      if (e->bytes == NULL)
        {
          /* Staged: written already, unless it was unchanged. */
          if ((e->temp != NULL || e->fd >= 0) && !check_target (e->path, error))
            return FALSE;
          if (e->fd >= 0 && !name_unnamed (e, error))
            return FALSE;
          continue;
        }
      gsize len = 0;
      const guint8 *data = g_bytes_get_data (e->bytes, &len);
      if (same_contents (e->path, data, len))
        continue;
      if (!check_target (e->path, error) || !write_temp (e, e->bytes, error))
        return FALSE; /* the set's cleanup removes every temporary file */
      dg_output_fault ("named");
    }
  return TRUE;
}

/* The journal of @set's renames, its folders in name order (the first is
 * its home), or NULL when one rename or none is to be done: a single rename
 * is atomic as it is. */
static DgJournal *
journal_of (DgOutputSet *set)
{
  g_autoptr (GPtrArray) dirs = g_ptr_array_new ();
  for (guint i = 0; i < set->entries->len; i++)
    {
      const Entry *e = &g_array_index (set->entries, Entry, i);
      if (e->temp != NULL)
        g_ptr_array_add (dirs, e->dir);
    }
  if (dirs->len < 2)
    return NULL;
  g_ptr_array_sort (dirs, compare_paths);
  DgJournal *journal = dg_journal_new ();
  for (guint i = 0; i < dirs->len; i++)
    dg_journal_add_folder (journal, dirs->pdata[i]);
  for (guint i = 0; i < set->entries->len; i++)
    {
      const Entry *e = &g_array_index (set->entries, Entry, i);
      if (e->temp == NULL)
        continue;
      g_autofree char *temp = g_path_get_basename (e->temp);
      g_autofree char *target = g_path_get_basename (e->path);
      dg_journal_add_rename (journal, dg_journal_add_folder (journal, e->dir), temp, target);
    }
  return journal;
}

static gboolean commit (DgOutputSet *set, guint *n_written, GError **error);

gboolean
dg_output_set_commit (DgOutputSet *set, guint *n_written, GError **error)
{
  g_return_val_if_fail (set != NULL, FALSE);
  g_rw_lock_reader_lock (&commits_lock);
  gboolean ok = commit (set, n_written, error);
  g_rw_lock_reader_unlock (&commits_lock);
  return ok;
}

static gboolean
commit (DgOutputSet *set, guint *n_written, GError **error)
{
  guint written = 0;
  wait_for_syncs (set);
  /* Two outputs of one run under one name: the second would replace the
   * first. Refused before anything is renamed into place. */
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < set->entries->len; i++)
    {
      const Entry *e = &g_array_index (set->entries, Entry, i);
      if (!g_hash_table_add (seen, e->path))
        {
          g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE,
                       "%s: two outputs of this run would be written to this one file; nothing was written "
                       "(give the inputs, or the graph and its stages, different names)", e->path);
          return FALSE;
        }
    }
  for (guint i = 0; i < set->entries->len; i++)
    {
      Entry *e = &g_array_index (set->entries, Entry, i);
      if (e->sync != NULL && e->sync->error != 0)
        {
          g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE, "%s: cannot write: %s", e->path,
                       g_strerror (e->sync->error));
          return FALSE;
        }
    }
  /* One commit at a time in a folder: a second dealgraph writing the same
   * figures waits here, then commits its whole set after the first one's
   * (never a mix of the two). What a killed run left is settled first. */
  g_auto (DirLocks) locks = { g_ptr_array_new_with_free_func (g_free), NULL };
  for (guint i = 0; i < set->entries->len; i++)
    {
      Entry *e = &g_array_index (set->entries, Entry, i);
      g_free (e->dir);
      e->dir = canonical_dir (e->path);
      if (!holds_dir (&locks, e->dir))
        g_ptr_array_add (locks.dirs, g_strdup (e->dir));
    }
  if (!dir_locks_take_and_settle (&locks, error))
    return FALSE;
  for (guint i = 0; i < set->entries->len; i++)
    {
      const Entry *e = &g_array_index (set->entries, Entry, i);
      if (e->digest != NULL && !still_holds (e->path, e->digest))
        {
          g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE,
                       "%s: another run changed this file while this one was drawing; nothing was written "
                       "(run again)", e->path);
          return FALSE;
        }
    }
  if (!name_all (set, error))
    return FALSE;
  /* From here on the set is renamed into place. With a journal written
   * first, a run killed half-way is finished by the next commit into any
   * of its folders. */
  g_autoptr (DgJournal) journal = journal_of (set);
  if (journal != NULL && !dg_journal_write (journal, error))
    return FALSE;
  for (guint i = 0; i < set->entries->len; i++)
    {
      Entry *e = &g_array_index (set->entries, Entry, i);
      if (e->temp == NULL)
        continue;
      if (g_rename (e->temp, e->path) != 0)
        {
          int saved = errno;
          g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE, "%s: cannot replace: %s%s", e->path,
                       g_strerror (saved),
                       journal != NULL ? "; the rest of the set stays staged, and the next run writing into "
                                         "this folder puts it in place" : "");
          if (journal != NULL)
            {
              /* Committed already: the journal and the files still to be
               * renamed stay, for the next run to finish the set. */
              for (guint j = i; j < set->entries->len; j++)
                {
                  Entry *rest = &g_array_index (set->entries, Entry, j);
                  if (rest->temp != NULL)
                    dg_output_temp_forget (rest->temp);
                  g_clear_pointer (&rest->temp, g_free);
                }
            }
          return FALSE;
        }
      dg_output_temp_forget (e->temp);
      g_clear_pointer (&e->temp, g_free);
      written++;
      dg_output_fault ("renamed");
    }
  if (journal != NULL)
    dg_journal_remove (journal);
  if (n_written != NULL)
    *n_written = written;
  return TRUE;
}

gboolean
dg_output_write (const char *path, GBytes *bytes, gboolean *changed, GError **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_autoptr (DgOutputSet) set = dg_output_set_new ();
  dg_output_set_add (set, path, bytes);
  guint written = 0;
  gboolean ok = dg_output_set_commit (set, &written, error);
  if (changed != NULL)
    *changed = written > 0;
  return ok;
}
