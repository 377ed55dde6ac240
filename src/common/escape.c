/* escape.c — text from the input made safe for a terminal, for XML and HTML, and for JSON in a page. */
#include <math.h>
#include <string.h>

#include "dg-escape-private.h"

gboolean
dg_is_bidi_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F
         || c == 0x061C;
}

static gboolean
is_c0_or_c1 (gunichar c)
{
  return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

char *
dg_escape_terminal (const char *text, gsize max_bytes, gboolean keep_newlines)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid));
  const char *p = valid;
  for (; *p != '\0' && (max_bytes == 0 || out->len < max_bytes); p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if ((is_c0_or_c1 (c) && !(keep_newlines && c == '\n')) || dg_is_bidi_control (c))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  if (*p != '\0')
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

void
dg_escape_markup_append (GString *out, const char *text)
{
  if (text == NULL)
    return;
  g_autofree char *valid = g_utf8_make_valid (text, -1);
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
          /* &apos; is XML's only: HTML 4 does not know it. */
          g_string_append (out, "&#39;");
          break;
        case '\t':
        case '\n':
        case '\r':
          g_string_append_printf (out, "&#%u;", c);
          break;
        default:
          if (is_c0_or_c1 (c) || c == 0xFFFE || c == 0xFFFF)
            g_string_append (out, "\xef\xbf\xbd");
          else if (dg_is_bidi_control (c))
            g_string_append_printf (out, "&#x%04X;", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
    }
}

char *
dg_escape_markup (const char *text)
{
  GString *out = g_string_new (NULL);
  dg_escape_markup_append (out, text);
  return g_string_free (out, FALSE);
}

void
dg_escape_json_append (GString *out, const char *text)
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
          if (is_c0_or_c1 (c) || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029
              || dg_is_bidi_control (c))
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
    }
  g_string_append_c (out, '"');
}

char *
dg_escape_markdown (const char *text)
{
  GString *out = g_string_new (NULL);
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (*p == '\n' || *p == '\r')
        g_string_append_c (out, ' ');
      else if (strchr ("\\`*_{}[]()<>#+-.!|~&$", *p) != NULL)
        g_string_append_printf (out, "\\%c", *p);
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

void
dg_append_svg_number (GString *out, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (fabs (v) < 5e-4)
    v = 0;
  g_ascii_formatd (buf, sizeof buf, "%.3f", v);
  char *end = buf + strlen (buf);
  if (strchr (buf, '.') != NULL)
    {
      while (end > buf && end[-1] == '0')
        *--end = '\0';
      if (end > buf && end[-1] == '.')
        *--end = '\0';
    }
  g_string_append (out, buf);
}
