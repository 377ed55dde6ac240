/* safe-name.c — the mapping from stage ids to file names (documented in README). */
#include <string.h>

#include "model.h"

#define SAFE_NAME_MAX 64

char *
dg_safe_name (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  /* Transliterate first so "Über" becomes "uber" rather than "-ber". */
  g_autofree char *ascii = g_utf8_validate (id, -1, NULL) ? g_str_to_ascii (id, "C")
                                                          : g_strdup ("");
  GString *out = g_string_new (NULL);
  gboolean pending_dash = FALSE;
  for (const char *p = ascii; *p != '\0'; p++)
    {
      char c = g_ascii_tolower (*p);
      if (g_ascii_isalnum (c) || c == '_' || (c == '.' && out->len > 0))
        {
          gboolean dash = pending_dash && out->len > 0;
          if (out->len + (dash ? 2 : 1) > SAFE_NAME_MAX)
            break;
          if (dash)
            g_string_append_c (out, '-');
          pending_dash = FALSE;
          g_string_append_c (out, c);
        }
      else
        pending_dash = TRUE; /* runs of anything else become one '-' */
    }
  /* No trailing dots or dashes: "a." and "a" would look alike to people. */
  while (out->len > 0 && (out->str[out->len - 1] == '.' || out->str[out->len - 1] == '-'))
    g_string_truncate (out, out->len - 1);
  if (out->len == 0)
    g_string_assign (out, "stage");
  return g_string_free (out, FALSE);
}

char *
dg_stage_file_stem (const DgGraph *graph, guint stage)
{
  g_return_val_if_fail (stage < dg_graph_n_stages (graph), NULL);
  if (dg_graph_is_static (graph))
    return dg_safe_name (dg_graph_get_name (graph));
  guint n = dg_graph_n_stages (graph);
  int width = 2;
  for (guint k = 100; k <= n; k *= 10)
    width++;
  return g_strdup_printf ("%0*u-%s", width, stage + 1, dg_graph_stage (graph, stage)->safe_name);
}
