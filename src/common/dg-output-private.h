/* dg-output-private.h — what the commit journal shares with output.c, and a fault hook for tests. */
#pragma once

#include <glib.h>

/* Creates and opens the temporary file @temp (a g_mkstemp template, filled
 * in; the caller keeps it alive until dg_output_temp_forget()) and records
 * it so that dg_output_abandon_all() removes it. Returns the descriptor, or
 * -1 with errno set (ECANCELED once abandoned). */
int dg_output_temp_create (char *temp);
void dg_output_temp_forget (const char *temp);

/* Writes @bytes to @fd with the permissions of a new file, and syncs it
 * and closes it when @close_fd (else the caller syncs it). FALSE with
 * DG_ERROR_WRITE naming @path. */
gboolean dg_output_write_fd (const char *path, int fd, GBytes *bytes, gboolean close_fd, GError **error);

/* Called at each step of a commit that changes the disk: "named" (a staged
 * file got its temporary name), "journal" (a journal copy was written),
 * "renamed" (a file was renamed into place), "unjournal" (a journal copy was
 * removed). A test forks, and its hook ends the child with _exit() at the
 * n-th step, which leaves the disk as SIGKILL at that moment would. NULL
 * (the default) calls nothing. */
typedef void (*DgOutputFaultHook) (const char *step);
void dg_output_set_fault_hook (DgOutputFaultHook hook);
void dg_output_fault (const char *step);
