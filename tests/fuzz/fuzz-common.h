/* fuzz-common.h — checks the fuzz targets share: what dealgraph promises about
 * every message and name it derives from hostile input. */
#pragma once

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

/* A broken promise is a crash, so libFuzzer keeps the input that caused it. */
G_GNUC_NORETURN static inline void
fuzz_fail (const char *what, const char *text)
{
  fprintf (stderr, "fuzz: %s: \"%s\"\n", what, text);
  abort ();
}

/* Text printed to a terminal (messages, warnings) must be valid UTF-8 and
 * hold no control character (a newline ends a line, nothing else may appear)
 * and no bidi override that would reorder what the reader sees. */
static inline void
fuzz_check_printable (const char *what, const char *text)
{
  /* FUZZ_NO_MESSAGE_CHECK=1 lets a long run get past a known, reported
   * escaping bug to look for memory errors behind it. */
  static int skip = -1;
  if (skip < 0)
    skip = g_getenv ("FUZZ_NO_MESSAGE_CHECK") != NULL;
  if (text == NULL || skip)
    return;
  if (!g_utf8_validate (text, -1, NULL))
    fuzz_fail (what, "(invalid UTF-8)");
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if ((c < 0x20 && c != '\n') || c == 0x7f || (c >= 0x80 && c < 0xa0)
          || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
        fuzz_fail (what, text);
    }
}
