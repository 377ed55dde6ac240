/* dg-read-private.h — reading a file the user named: a regular file, and no more of it than a limit. */
#pragma once

#include <glib.h>

/**
 * dg_read_file_bounded:
 * Reads the whole of @path, which must be a regular file of at most @max
 * bytes: a FIFO, a device such as /dev/zero or a directory is refused at
 * once (it is opened without blocking), and so is a larger file, without
 * reading more than @max + 1 bytes. On success *@data is a new
 * NUL-terminated buffer of *@len bytes. Otherwise FALSE with @code in
 * DEALGRAPH_ERROR and a message "PATH: cannot read WHAT: why".
 */
gboolean dg_read_file_bounded (const char *path, gsize max, int code, const char *what, char **data, gsize *len,
                               GError **error);
