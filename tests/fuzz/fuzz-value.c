/* fuzz-value.c — libFuzzer target for the small string parsers: tie values and stage file names.
 *
 * The input, cut at its first NUL, goes to dg_value_parse() (which must
 * accept only finite, non-negative amounts, percentages up to 100) and to
 * dg_safe_name() (which must give a non-empty name of [a-z0-9._-], at most
 * 64 bytes, never starting or ending with '.' or '-'). */
#include <math.h>
#include <string.h>

#include <dealgraph/dealgraph.h>

#include "fuzz-common.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_setenv ("G_DEBUG", "fatal-criticals", TRUE);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  /* Attribute values reach both functions as NUL-terminated strings. */
  char *text = g_strndup ((const char *) data, size);

  DgValue value;
  memset (&value, 0xa5, sizeof value); /* the parser must set every field */
  GError *error = NULL;
  gboolean ok = dg_value_parse (text, &value, &error);
  if (ok != (error == NULL))
    fuzz_fail ("dg_value_parse: result and error disagree", text);
  if (ok)
    {
      if (!value.present || value.text != text)
        fuzz_fail ("dg_value_parse: parsed value not marked present or text not kept", text);
      if (!isfinite (value.amount) || value.amount < 0)
        fuzz_fail ("dg_value_parse: amount not finite and non-negative", text);
      if (value.unit == DG_UNIT_PERCENT && value.amount > 100)
        fuzz_fail ("dg_value_parse: percentage above 100", text);
      if ((guint) value.unit > DG_UNIT_CURRENCY || (guint) value.qualifier > DG_QUALIFIER_ABOUT)
        fuzz_fail ("dg_value_parse: enum out of range", text);
      if (memchr (value.currency, '\0', sizeof value.currency) == NULL)
        fuzz_fail ("dg_value_parse: currency not terminated", text);
      if ((value.unit == DG_UNIT_CURRENCY) != (value.currency[0] != '\0'))
        fuzz_fail ("dg_value_parse: currency unit without a symbol or the reverse", text);
    }
  else if (error->domain != DEALGRAPH_ERROR)
    fuzz_fail ("dg_value_parse: error outside DEALGRAPH_ERROR", error->message);
  /* The message quotes the input as it is: the loader escapes it before it
   * reaches a terminal (fuzz-load checks that), so it is not checked here. */
  g_clear_error (&error);

  char *name = dg_safe_name (text);
  gsize len = strlen (name);
  if (len == 0 || len > 64 || name[0] == '.' || name[0] == '-' || name[len - 1] == '.'
      || name[len - 1] == '-')
    fuzz_fail ("dg_safe_name: empty, too long or bad ends", name);
  for (const char *p = name; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '.' || *p == '_' || *p == '-'))
      fuzz_fail ("dg_safe_name: character outside [a-z0-9._-]", name);
  g_free (name);
  g_free (text);
  return 0;
}
