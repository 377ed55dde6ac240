/* output.c — atomic, only-if-changed writing of output files. */
#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

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
  return old_len == len && memcmp (old, data, len) == 0;
}

gboolean
dg_output_write (const char *path, GBytes *bytes, gboolean *changed, GError **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  if (changed != NULL)
    *changed = FALSE;

  if (same_contents (path, data, len))
    return TRUE;

  g_autofree char *dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0777) != 0)
    {
      int saved = errno;
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE,
                   "%s: cannot create directory: %s", dir, g_strerror (saved));
      return FALSE;
    }

  /* g_file_set_contents writes a temporary file beside @path, fsyncs it and
   * renames it over @path; on failure it removes the temporary file. */
  g_autoptr (GError) local = NULL;
  if (!g_file_set_contents_full (path, (const char *) data, (gssize) len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0666, &local))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE, "%s", local->message);
      return FALSE;
    }
  if (changed != NULL)
    *changed = TRUE;
  return TRUE;
}
