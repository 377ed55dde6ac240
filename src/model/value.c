/* value.c — parsing a tie's `value` ("up to $50B", "27%", "€3bn") into a DgValue. */
#include <math.h>
#include <string.h>

#include "error.h"
#include "model.h"

typedef struct {
  const char *word;
  DgQualifier qualifier;
} QualifierWord;

/* Longest first where one is a prefix of another ("over" / "over."). */
static const QualifierWord qualifiers[] = {
  { "up to", DG_QUALIFIER_UP_TO },
  { "as much as", DG_QUALIFIER_UP_TO },
  { "<=", DG_QUALIFIER_UP_TO },
  { "\xe2\x89\xa4", DG_QUALIFIER_UP_TO }, /* ≤ */
  { "at least", DG_QUALIFIER_AT_LEAST },
  { "more than", DG_QUALIFIER_AT_LEAST },
  { "over", DG_QUALIFIER_AT_LEAST },
  { ">=", DG_QUALIFIER_AT_LEAST },
  { "\xe2\x89\xa5", DG_QUALIFIER_AT_LEAST }, /* ≥ */
  { ">", DG_QUALIFIER_AT_LEAST },
  { "approximately", DG_QUALIFIER_ABOUT },
  { "approx.", DG_QUALIFIER_ABOUT },
  { "approx", DG_QUALIFIER_ABOUT },
  { "about", DG_QUALIFIER_ABOUT },
  { "around", DG_QUALIFIER_ABOUT },
  { "roughly", DG_QUALIFIER_ABOUT },
  { "nearly", DG_QUALIFIER_ABOUT },
  { "c.", DG_QUALIFIER_ABOUT },
  { "~", DG_QUALIFIER_ABOUT },
  { "\xe2\x89\x88", DG_QUALIFIER_ABOUT }, /* ≈ */
};

static const char *const currency_symbols[] = {
  "US$", "$", "\xe2\x82\xac" /* € */, "\xc2\xa3" /* £ */, "\xc2\xa5" /* ¥ */,
  "\xe2\x82\xb9" /* ₹ */,
};

typedef struct {
  const char *word;
  double factor;
} ScaleWord;

/* Matched case-insensitively against the whole remainder after the number. */
static const ScaleWord scales[] = {
  { "k", 1e3 },       { "thousand", 1e3 },
  { "m", 1e6 },       { "mn", 1e6 },      { "mm", 1e6 },  { "million", 1e6 },
  { "b", 1e9 },       { "bn", 1e9 },      { "billion", 1e9 },
  { "t", 1e12 },      { "tn", 1e12 },     { "trillion", 1e12 },
};

static const char *
skip_space (const char *p)
{
  while (g_ascii_isspace (*p))
    p++;
  return p;
}

static gboolean
has_prefix_word (const char *p, const char *word, const char **rest)
{
  gsize n = strlen (word);
  if (g_ascii_strncasecmp (p, word, n) != 0)
    return FALSE;
  /* A word must end at a word boundary; symbols need not. */
  if (g_ascii_isalpha (word[n - 1]) && g_ascii_isalpha (p[n]))
    return FALSE;
  *rest = p + n;
  return TRUE;
}

/* An ISO 4217-looking code: three upper-case ASCII letters. */
static gboolean
is_iso_code (const char *p)
{
  return g_ascii_isupper (p[0]) && g_ascii_isupper (p[1]) && g_ascii_isupper (p[2])
         && !g_ascii_isalnum (p[3]);
}

static gboolean
fail (GError **error, const char *text, const char *why)
{
  g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_INVALID, "value \"%s\" %s", text, why);
  return FALSE;
}

gboolean
dg_value_parse (const char *text, DgValue *out, GError **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  DgValue v = { 0 };
  v.text = text;
  const char *p = skip_space (text);
  if (*p == '\0')
    return fail (error, text, "is empty");

  for (gsize i = 0; i < G_N_ELEMENTS (qualifiers); i++)
    if (has_prefix_word (p, qualifiers[i].word, &p))
      {
        v.qualifier = qualifiers[i].qualifier;
        p = skip_space (p);
        break;
      }

  gboolean negative = FALSE;
  if (*p == '-' || g_str_has_prefix (p, "\xe2\x88\x92" /* − */))
    {
      negative = TRUE;
      p += (*p == '-') ? 1 : 3;
      p = skip_space (p);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (currency_symbols); i++)
    if (g_str_has_prefix (p, currency_symbols[i]))
      {
        g_strlcpy (v.currency, g_str_equal (currency_symbols[i], "US$") ? "$" : currency_symbols[i],
                   sizeof v.currency);
        p += strlen (currency_symbols[i]);
        break;
      }
  if (v.currency[0] == '\0' && is_iso_code (p))
    {
      memcpy (v.currency, p, 3);
      p = skip_space (p + 3);
    }
  p = skip_space (p);
  if (!negative && *p == '-')
    {
      negative = TRUE; /* "$-5B" */
      p++;
    }

  /* The number: digits with optional thousands commas and one decimal point. */
  GString *digits = g_string_new (NULL);
  const char *start = p;
  while (g_ascii_isdigit (*p) || *p == '.' || (*p == ',' && g_ascii_isdigit (p[1]) && p != start))
    {
      if (*p != ',')
        g_string_append_c (digits, *p);
      p++;
    }
  /* Exponents ("1e3") are accepted so "1e999" is reported as not finite
   * rather than as garbage. */
  if ((*p == 'e' || *p == 'E') && digits->len > 0
      && (g_ascii_isdigit (p[1]) || ((p[1] == '-' || p[1] == '+') && g_ascii_isdigit (p[2]))))
    {
      g_string_append_c (digits, *p++);
      if (*p == '-' || *p == '+')
        g_string_append_c (digits, *p++);
      while (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p++);
    }
  g_autofree char *number_text = g_string_free (digits, FALSE);

  if (number_text[0] == '\0')
    {
      const char *q = p;
      if (g_ascii_strncasecmp (q, "inf", 3) == 0 || g_ascii_strncasecmp (q, "nan", 3) == 0)
        return fail (error, text, "is not finite");
      return fail (error, text, "is not a number");
    }
  char *end = NULL;
  double amount = g_ascii_strtod (number_text, &end);
  if (end == number_text || *end != '\0')
    return fail (error, text, "is not a number");
  if (!isfinite (amount))
    return fail (error, text, "is not finite");

  p = skip_space (p);
  if (*p == '%' || has_prefix_word (p, "percent", &p) || has_prefix_word (p, "per cent", &p))
    {
      if (*p == '%')
        p++;
      v.unit = DG_UNIT_PERCENT;
      if (is_iso_code (skip_space (p)))
        return fail (error, text, "is not a number (both a currency and a percentage)");
    }
  else
    {
      /* A scale word must be the whole rest, up to an optional trailing ISO code. */
      const char *word_end = p;
      while (g_ascii_isalpha (*word_end) || *word_end == '.')
        word_end++;
      gsize len = (gsize) (word_end - p);
      if (len > 0 && word_end[-1] == '.')
        len--; /* "bn." */
      gboolean matched = len == 0;
      for (gsize i = 0; !matched && i < G_N_ELEMENTS (scales); i++)
        if (strlen (scales[i].word) == len && g_ascii_strncasecmp (p, scales[i].word, len) == 0)
          {
            amount *= scales[i].factor;
            matched = TRUE;
          }
      if (!matched)
        {
          /* "5 USD" has no scale but a code. */
          if (v.currency[0] == '\0' && is_iso_code (p))
            {
              memcpy (v.currency, p, 3);
              word_end = p + 3;
            }
          else
            return fail (error, text, "is not a number (unknown unit or scale)");
        }
      p = skip_space (word_end);
      if (v.currency[0] == '\0' && is_iso_code (p))
        {
          memcpy (v.currency, p, 3);
          p += 3;
        }
      if (v.currency[0] != '\0')
        v.unit = DG_UNIT_CURRENCY;
    }
  p = skip_space (p);
  if (*p != '\0')
    return fail (error, text, "is not a number (unexpected text after it)");
  if (v.unit == DG_UNIT_PERCENT && v.currency[0] != '\0')
    return fail (error, text, "is not a number (both a currency and a percentage)");

  if (!isfinite (amount))
    return fail (error, text, "is not finite");
  if (negative && amount != 0)
    return fail (error, text, "is negative: ties carry magnitudes; point the tie the other way");
  if (v.unit == DG_UNIT_PERCENT && amount > 100)
    return fail (error, text, "is above 100%");

  v.present = TRUE;
  v.amount = amount;
  *out = v;
  return TRUE;
}
