/* output.h — writing outputs atomically, and only when their bytes change. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * dg_output_write:
 * Writes @bytes to @path through a temporary file in the same directory and a
 * rename, so readers see the old file or the new one, never a part. When
 * @path already holds exactly @bytes nothing is written and its mtime stays.
 * Creates missing parent directories. @changed (nullable) tells whether the
 * file was written. Returns FALSE with DG_ERROR_WRITE naming @path.
 */
gboolean dg_output_write (const char *path, GBytes *bytes, gboolean *changed,
                          GError **error);

/**
 * DgOutputSet:
 * Files written all or nothing: dg_output_set_commit() first writes every
 * changed file to a temporary name beside it (".NAME.dgtmp-XXXXXX"), and
 * only when all of them are written renames them into place. A failure
 * leaves every old file as it was and removes the temporary files.
 *
 * A commit holds an exclusive flock on each folder it writes into. Before
 * its first rename it writes a journal (".dealgraph-journal-ID") into each
 * of them; a process killed during the renames (SIGKILL, power loss of the
 * process) leaves the journal, and the next commit into any of those
 * folders, or dg_output_recover(), finishes the set. A process killed
 * before the journal left only temporary names, which that next commit
 * removes. So after it a folder holds the whole old set or the whole new
 * one, and no temporary name.
 */
typedef struct DgOutputSet DgOutputSet;

DgOutputSet *dg_output_set_new (void);
void dg_output_set_free (DgOutputSet *set); /* accepts NULL; removes uncommitted temporaries */
/* Adds @path with @bytes (the set keeps a reference). */
void dg_output_set_add (DgOutputSet *set, const char *path, GBytes *bytes);
/**
 * dg_output_set_stage:
 * Like dg_output_set_add(), but writes @bytes to the temporary file beside
 * @path at once and keeps only its name, so a set of large files need not
 * stay in memory; dg_output_set_commit() then renames it into place. When
 * @path already holds exactly @bytes nothing is written. Several threads may
 * stage into one set at once (but not add or commit meanwhile). Returns
 * FALSE with DG_ERROR_WRITE naming @path; the set then only needs freeing.
 */
gboolean dg_output_set_stage (DgOutputSet *set, const char *path, GBytes *bytes, GError **error);

/* Writes the set; @n_written (nullable) counts the files whose bytes changed.
 * Returns FALSE with DG_ERROR_WRITE naming the path at fault, or with
 * DG_ERROR_USAGE, writing nothing, when two of its files have one path. */
gboolean dg_output_set_commit (DgOutputSet *set, guint *n_written, GError **error);

/**
 * dg_output_recover:
 * Settles what a killed commit left in @folder, as the next commit into it
 * would: finishes or undoes its set (in every folder the set spans) and
 * removes leftover temporary files. A missing @folder is fine. Returns FALSE
 * with DG_ERROR_WRITE when a rename fails or a journal is damaged (named
 * with its path).
 */
gboolean dg_output_recover (const char *folder, GError **error);

/**
 * dg_output_abandon_all:
 * Removes the temporary files of every set in the process and makes any
 * later attempt to write one fail, so a process about to end on a signal
 * leaves no temporary file behind. A commit under way in another thread is
 * waited for first (its set goes into place whole), so a caller needs no lock
 * of its own around commits. Call it from a thread that handles the signal
 * synchronously (sigwait), never from a signal handler nor from inside a
 * commit. Irreversible.
 */
void dg_output_abandon_all (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgOutputSet, dg_output_set_free)

G_END_DECLS
