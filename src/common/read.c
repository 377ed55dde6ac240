/* read.c — reading a file the user named, refusing what is not a regular file or is too large. */
#define _GNU_SOURCE /* O_CLOEXEC, O_NOCTTY */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dg-read-private.h"
#include "error.h"

gboolean
dg_read_file_bounded (const char *path, gsize max, int code, const char *what, char **data, gsize *len,
                      GError **error)
{
  g_return_val_if_fail (path != NULL && data != NULL && len != NULL, FALSE);
  /* Without O_NONBLOCK, opening a FIFO waits for a writer for ever. */
  int fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, DEALGRAPH_ERROR, code, "%s: cannot read %s: %s", path, what, g_strerror (saved));
      return FALSE;
    }
  struct stat st;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, DEALGRAPH_ERROR, code, "%s: cannot read %s: not a regular file", path, what);
      return FALSE;
    }
  if ((guint64) st.st_size > max)
    {
      close (fd);
      g_set_error (error, DEALGRAPH_ERROR, code, "%s: cannot read %s: %" G_GUINT64_FORMAT " bytes is more than %"
                   G_GSIZE_FORMAT, path, what, (guint64) st.st_size, max);
      return FALSE;
    }
  /* The size may change under us: read at most one byte past the limit. */
  gsize cap = (gsize) st.st_size + 1, n = 0;
  char *buf = g_malloc (cap + 1);
  for (;;)
    {
      if (n == cap)
        {
          if (cap > max)
            break;
          cap = MIN (cap * 2, max + 1);
          buf = g_realloc (buf, cap + 1);
        }
      ssize_t got = read (fd, buf + n, cap - n);
      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int saved = errno;
          close (fd);
          g_free (buf);
          g_set_error (error, DEALGRAPH_ERROR, code, "%s: cannot read %s: %s", path, what, g_strerror (saved));
          return FALSE;
        }
      if (got == 0)
        break;
      n += (gsize) got;
    }
  close (fd);
  if (n > max)
    {
      g_free (buf);
      g_set_error (error, DEALGRAPH_ERROR, code, "%s: cannot read %s: it is more than %" G_GSIZE_FORMAT " bytes",
                   path, what, max);
      return FALSE;
    }
  buf[n] = '\0';
  *data = buf;
  *len = n;
  return TRUE;
}
