/* dg-journal-private.h — the commit journal that makes a set of renames all or nothing, even under SIGKILL.
 *
 * A commit renames staged files into place one at a time. Before the first
 * rename it writes a journal listing every rename into each folder the set
 * writes into, the set's first folder (its "home") last: the home copy
 * appearing is the moment the set is committed. A run killed before that
 * moment left only temporary files, which the next commit into the folder
 * removes (roll back); a run killed after it left a journal whose renames
 * the next commit finishes (roll forward). Either way the folder then holds
 * the whole old set or the whole new one, and no temporary name.
 *
 * Everything here runs with the folders concerned locked (flock) by the
 * caller, so no other dealgraph is committing into them meanwhile. */
#pragma once

#include <glib.h>

/* The suffix of every temporary file name, before its 6 random characters:
 * ".NAME.dgtmp-XXXXXX". Only names of this form are removed as leftovers. */
#define DG_TEMP_MARK ".dgtmp-"

typedef struct {
  guint folder; /* index into DgJournal.folders */
  char *temp;   /* base names in that folder */
  char *target;
} DgJournalRename;

typedef struct {
  char *id;           /* 16 hex digits; the copies are named ".dealgraph-journal-ID" */
  GPtrArray *folders; /* canonical absolute paths; [0] is the home folder */
  GArray *renames;    /* DgJournalRename */
} DgJournal;

/* A new, empty journal with a random id (owned by the caller). */
DgJournal *dg_journal_new (void);
void dg_journal_free (DgJournal *journal); /* accepts NULL */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgJournal, dg_journal_free)

/* The index of @folder (canonical) in @journal, added if new. */
guint dg_journal_add_folder (DgJournal *journal, const char *folder);
/* Records the rename of @temp to @target, base names in folder @folder. */
void dg_journal_add_rename (DgJournal *journal, guint folder, const char *temp, const char *target);

/* Writes a copy of @journal into each of its folders, the home folder last
 * (each through a synced temporary file and a rename). FALSE with
 * DG_ERROR_WRITE; copies written before the failure are removed again. */
gboolean dg_journal_write (DgJournal *journal, GError **error);

/* Performs the renames of @journal whose temporary file still exists.
 * FALSE with DG_ERROR_WRITE naming the target that could not be replaced. */
gboolean dg_journal_replay (const DgJournal *journal, GError **error);

/* Removes the copies of @journal, the home copy last. */
void dg_journal_remove (const DgJournal *journal);

/* The journal copies in @folder: their absolute paths (new array). */
GPtrArray *dg_journal_list (const char *folder);

/* Reads the journal copy at @path. NULL with DG_ERROR_WRITE when it is damaged. */
DgJournal *dg_journal_read (const char *path, GError **error);

/* Settles a journal left by a killed run (all its folders locked): rolls
 * it forward when its home copy exists, else back (its temporary files
 * removed), then removes its copies. */
gboolean dg_journal_settle (const DgJournal *journal, GError **error);

/* Removes every temporary file (".NAME.dgtmp-XXXXXX") from @folder: with
 * the folder locked and its journals settled, they are all leftovers of
 * killed runs. */
void dg_journal_remove_leftovers (const char *folder);
