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

G_END_DECLS
