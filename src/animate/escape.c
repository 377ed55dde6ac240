/* escape.c — making graph text safe to put into HTML, XML, JSON and script. */

#include <string.h>

#include "animate-private.h"

/* Characters that reorder text around them: embeddings, overrides, isolates
 * and marks. Left raw they can make a page's source or a neighbouring label
 * read differently from what it is. */
static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F
         || c == 0x061C;
}

static gboolean
is_control (gunichar c)
{
  return (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F);
}

char *
dg_anim_markup_escape (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid) + 16);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      switch (c)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, "&quot;");
          break;
        case '\'':
          g_string_append (out, "&#39;");
          break;
        default:
          if (is_control (c))
            g_string_append (out, "\xef\xbf\xbd"); /* U+FFFD: XML forbids them, HTML remaps C1 */
          else if (is_bidi_control (c))
            g_string_append_printf (out, "&#x%04X;", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
    }
  return g_string_free (out, FALSE);
}

void
dg_anim_json_string (GString *out, const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_string_append_c (out, '"');
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          /* < > & keep "</script>" and "<!--" from ending or changing the
           * script element; U+2028/9 are line ends to older JavaScript. */
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || (c >= 0x7F && c <= 0x9F) || c == 0x2028
              || c == 0x2029 || is_bidi_control (c))
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
    }
  g_string_append_c (out, '"');
}

char *
dg_anim_css_color (DgColor c)
{
  int r = (int) (CLAMP (c.r, 0.0, 1.0) * 255 + 0.5);
  int g = (int) (CLAMP (c.g, 0.0, 1.0) * 255 + 0.5);
  int b = (int) (CLAMP (c.b, 0.0, 1.0) * 255 + 0.5);
  return g_strdup_printf ("#%02x%02x%02x", r, g, b);
}
