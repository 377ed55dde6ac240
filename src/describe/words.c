/* words.c — values as they are said, and each tie as a sentence that follows its arrow. */
#include <string.h>

#include "describe-private.h"

#define LQ "\xe2\x80\x9c" /* “ */
#define RQ "\xe2\x80\x9d" /* ” */

/* How the ties of one kind read. In @sentence and @phrase, %T is the tail
 * (where the arrow starts), %H the head, %L the place of "now " or "no
 * longer " before the verb, %A the article, the terms and the noun ("a
 * nonexclusive license"), %V the value clause. */
typedef struct {
  const char *kind;
  const char *noun, *plural;
  const char *sentence;
  const char *phrase;
  const char *sum;     /* the value clause of a sum of money, %s the value */
  const char *other;   /* the value clause of a percentage or a count */
  const char *missing; /* what a tie of the kind says without a value; NULL: nothing */
} KindWords;

/* The verbs follow the README's directions: a license from licensor to
 * licensee, money from payer to payee, products from supplier to platform
 * to customer, a stake from holder to held. Stakes, investments and
 * revenue shares are about an amount, so a missing one is said, as the
 * figure's hollow band and its legend ("amount not stated") say it. */
static const KindWords kind_words[] = {
  { "stake", "stake", "stakes", "%T %Lholds %A%V in %H", "%A held by %T in %H", " of %s", " of %s", "size not stated" },
  { "investment", "investment", "investments", "%T %Lhas %A%V in %H", "%A by %T in %H", " of %s", " of %s",
    "amount not stated" },
  { "license", "license", "licenses", "%T %Lgrants %H %A%V", "%A from %T to %H", " worth %s", " of %s", NULL },
  { "revenue_share", "revenue share", "revenue shares", "%T %Lpays %H %A%V", "%A paid by %T to %H", " of %s", " of %s",
    "amount not stated" },
  { "channel", "channel", "channels", "%T %Lsupplies %H through %A%V", "%A from %T to %H", " worth %s", " of %s", NULL },
  { "partnership", "partnership", "partnerships", "%T and %H %Lhave %A%V", "%A between %T and %H", " worth %s",
    " of %s", NULL },
  { "owns", "ownership", "ownerships", "%T %Lowns %V%H", "ownership of %H by %T", "%s of ", "%s of ", NULL },
};

/* A kind dealgraph does not know keeps the arrow's way in "from … to";
 * in an undirected graph no tie has a way. */
static const KindWords other_directed = { NULL, NULL, NULL, "There is %L%A%V from %T to %H", "%A from %T to %H",
                                          " of %s", " of %s", NULL };
static const KindWords other_undirected = { NULL, NULL, NULL, "%T and %H are %Llinked by %A%V",
                                            "%A between %T and %H", " of %s", " of %s", NULL };

static const KindWords *
find_kind (const char *kind)
{
  for (gsize i = 0; kind != NULL && i < G_N_ELEMENTS (kind_words); i++)
    if (strcmp (kind_words[i].kind, kind) == 0)
      return &kind_words[i];
  return NULL;
}

static const KindWords *
words_for (const DgGraph *graph, const DgTie *tie)
{
  const KindWords *known = find_kind (tie->kind);
  if (!dg_graph_is_directed (graph))
    return known != NULL && strcmp (known->kind, "partnership") == 0 ? known : &other_undirected;
  return known != NULL ? known : &other_directed;
}

char *
dg_describe_plain (const char *text)
{
  char *out = g_strdup (text != NULL ? text : "");
  g_strdelimit (out, "\n\r\t", ' ');
  return out;
}

char *
dg_describe_tie_noun (const char *kind, gboolean plural)
{
  const KindWords *known = find_kind (kind);
  if (known != NULL)
    return g_strdup (plural ? known->plural : known->noun);
  if (kind == NULL || kind[0] == '\0')
    return g_strdup (plural ? "ties" : "tie");
  /* "supply tie": a noun whatever the kind's word is, and a plural. */
  char *text = g_strdup_printf ("%s %s", kind, plural ? "ties" : "tie");
  g_strdelimit (text, "_", ' ');
  return text;
}

const char *
dg_describe_currency_name (const char *currency)
{
  static const char *const names[][2] = {
    { "$", "dollars" }, { "\xe2\x82\xac", "euros" }, { "\xc2\xa3", "pounds" }, { "\xc2\xa5", "yen" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (currency, names[i][0]) == 0)
      return names[i][1];
  return currency;
}

const char *
dg_describe_article (const char *word)
{
  return word != NULL && strchr ("aeiouAEIOU", word[0]) != NULL && word[0] != '\0' ? "an" : "a";
}

/* @x with the fewest digits that say it (at most ten significant), whole
 * numbers grouped by thousands: "24.6", "2.15", "47,400". */
static char *
number_words (double x)
{
  if (x == (double) (gint64) x && x < 1e15)
    {
      g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) x);
      GString *out = g_string_new (NULL);
      gsize n = strlen (digits);
      for (gsize i = 0; i < n; i++)
        {
          if (i > 0 && (n - i) % 3 == 0)
            g_string_append_c (out, ',');
          g_string_append_c (out, digits[i]);
        }
      return g_string_free (out, FALSE);
    }
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd (buf, sizeof buf, "%.10g", x);
  return g_strdup (buf);
}

/* A million or more written with its scale, as it is said ("$50B" is
 * "$50 billion"): screen readers spell "B" as a letter. */
static char *
scaled_words (double x)
{
  static const struct {
    double scale;
    const char *word;
  } scales[] = { { 1e12, "trillion" }, { 1e9, "billion" }, { 1e6, "million" } };
  for (gsize i = 0; i < G_N_ELEMENTS (scales); i++)
    if (x >= scales[i].scale)
      {
        g_autofree char *n = number_words (x / scales[i].scale);
        return g_strdup_printf ("%s %s", n, scales[i].word);
      }
  return number_words (x);
}

char *
dg_describe_value_words (const DgValue *value)
{
  g_return_val_if_fail (value != NULL, NULL);
  if (!value->present)
    return NULL;
  const char *qualifier = value->qualifier == DG_QUALIFIER_UP_TO    ? "up to "
                          : value->qualifier == DG_QUALIFIER_AT_LEAST ? "at least "
                          : value->qualifier == DG_QUALIFIER_ABOUT    ? "about "
                                                                      : "";
  switch (value->unit)
    {
    case DG_UNIT_PERCENT:
      {
        g_autofree char *n = number_words (value->amount);
        return g_strdup_printf ("%s%s%%", qualifier, n);
      }
    case DG_UNIT_CURRENCY:
      {
        g_autofree char *n = scaled_words (value->amount);
        /* An ISO code is a word of its own ("USD 5 million"), a symbol is not. */
        gboolean code = g_ascii_isalpha (value->currency[0]);
        return g_strdup_printf ("%s%s%s%s", qualifier, value->currency, code ? " " : "", n);
      }
    case DG_UNIT_NONE:
      break;
    }
  g_autofree char *n = scaled_words (value->amount);
  return g_strdup_printf ("%s%s", qualifier, n);
}

/* The terms of @tie as adjectives, "exclusive capped"; "" when none. The
 * loader splits terms at commas and spaces alike, so a term of two words
 * ("joint research") comes back whole only when joined with a space. */
static char *
terms_words (const DgTie *tie, DgDescribeEscape esc)
{
  GString *out = g_string_new (NULL);
  for (guint i = 0; tie->terms[i] != NULL; i++)
    {
      g_autofree char *t = esc (tie->terms[i]);
      g_string_append_printf (out, "%s%s", i > 0 ? " " : "", t);
    }
  return g_string_free (out, FALSE);
}

/* "a nonexclusive license", "an investment", "a supply tie". */
static char *
article_noun (const DgTie *tie, gboolean with_terms, DgDescribeEscape esc)
{
  g_autofree char *raw_noun = dg_describe_tie_noun (tie->kind, FALSE);
  g_autofree char *noun = esc (raw_noun);
  g_autofree char *terms = terms_words (tie, esc);
  if (with_terms && terms[0] != '\0')
    return g_strdup_printf ("%s %s %s", dg_describe_article (terms), terms, noun);
  return g_strdup_printf ("%s %s", dg_describe_article (noun), noun);
}

static char *
value_clause (const KindWords *words, const DgTie *tie, DgDescribeEscape esc)
{
  g_autofree char *raw = dg_describe_value_words (&tie->value);
  if (raw == NULL)
    return g_strdup ("");
  g_autofree char *text = esc (raw);
  const char *format = tie->value.unit == DG_UNIT_CURRENCY ? words->sum : words->other;
  /* The table's formats hold one %s each; no printf, so no format from data. */
  const char *at = strstr (format, "%s");
  return g_strdup_printf ("%.*s%s%s", (int) (at - format), format, text, at + 2);
}

/* Fills @template (see KindWords) for @tie; the terms only @with_terms. */
static void
fill (GString *out, const char *template, const DgGraph *graph, const DgTie *tie, const char *modal,
      const char *value, gboolean with_terms, DgDescribeEscape esc)
{
  g_autofree char *tail = esc (dg_graph_party (graph, tie->tail)->label);
  g_autofree char *head = esc (dg_graph_party (graph, tie->head)->label);
  g_autofree char *noun = article_noun (tie, with_terms, esc);
  for (const char *p = template; *p != '\0'; p++)
    {
      if (*p != '%' || p[1] == '\0')
        {
          g_string_append_c (out, *p);
          continue;
        }
      switch (*++p)
        {
        case 'T':
          g_string_append (out, tail);
          break;
        case 'H':
          g_string_append (out, head);
          break;
        case 'L':
          g_string_append (out, modal);
          break;
        case 'A':
          g_string_append (out, noun);
          break;
        case 'V':
          g_string_append (out, value);
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
  /* A template without the noun (owns) still says the terms. */
  if (with_terms && strstr (template, "%A") == NULL && tie->terms[0] != NULL)
    {
      g_autofree char *terms = terms_words (tie, esc);
      g_string_append_printf (out, ", %s", terms);
    }
}

/* When @tie ends, in a reader's words: ", until 2032" for a dated stage,
 * else ", until stage 3, “New agreement”"; "" for a tie that lasts to the
 * end of the timeline. */
static char *
until_words (const DgGraph *graph, const DgTie *tie, DgDescribeEscape esc)
{
  if (tie->interval.until >= dg_graph_n_stages (graph))
    return g_strdup ("");
  const DgStage *stage = dg_graph_stage (graph, tie->interval.until);
  if (stage->date != NULL)
    {
      g_autofree char *date = dg_date_text (stage->date);
      g_autofree char *d = esc (date);
      return g_strdup_printf (", until %s", d);
    }
  g_autofree char *label = esc (stage->label);
  return g_strdup_printf (", until stage %u, " LQ "%s" RQ, stage->index + 1, label);
}

/* What @previous said that @tie no longer says: "about 37%", "exclusive",
 * "not capped"; "" when the words are the same. */
static char *
before_words (const KindWords *words, const DgTie *tie, const DgTie *previous, DgDescribeEscape esc)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *was = dg_describe_value_words (&previous->value);
  g_autofree char *is = dg_describe_value_words (&tie->value);
  if (was != NULL && g_strcmp0 (was, is) != 0)
    g_ptr_array_add (parts, esc (was));
  else if (was == NULL && is != NULL)
    g_ptr_array_add (parts, g_strdup (words->missing != NULL ? words->missing : "no value"));

  GString *removed = g_string_new (NULL), *added = g_string_new (NULL);
  for (guint i = 0; previous->terms[i] != NULL; i++)
    if (!g_strv_contains (tie->terms, previous->terms[i]))
      {
        g_autofree char *t = esc (previous->terms[i]);
        g_string_append_printf (removed, "%s%s", removed->len > 0 ? " " : "", t);
      }
  for (guint i = 0; tie->terms[i] != NULL; i++)
    if (!g_strv_contains (previous->terms, tie->terms[i]))
      {
        g_autofree char *t = esc (tie->terms[i]);
        g_string_append_printf (added, "%s%s", added->len > 0 ? " " : "not ", t);
      }
  /* The terms it had say it best; "not capped" only when it lost none. */
  if (removed->len > 0)
    g_ptr_array_add (parts, g_string_free (removed, FALSE));
  else
    {
      g_string_free (removed, TRUE);
      if (added->len > 0)
        g_ptr_array_add (parts, g_string_free (added, FALSE));
      added = NULL;
    }
  if (added != NULL)
    g_string_free (added, TRUE);

  if (previous->label != NULL && g_strcmp0 (previous->label, tie->label) != 0)
    {
      g_autofree char *label = esc (previous->label);
      g_ptr_array_add (parts, g_strdup_printf ("labelled " LQ "%s" RQ, label));
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

/* Appends @note as a sentence of its own. */
static void
append_note (GString *out, const char *note, DgDescribeEscape esc)
{
  g_autofree char *text = esc (note);
  g_strstrip (text);
  if (text[0] == '\0')
    return;
  gsize n = strlen (text);
  gboolean stop = strchr (".!?", text[n - 1]) != NULL;
  g_string_append_printf (out, " %s%s", text, stop ? "" : ".");
}

char *
dg_describe_tie_sentence (const DgGraph *graph, const DgTie *tie, DgTieTense tense, const DgTie *previous,
                          gboolean note, DgDescribeEscape esc)
{
  g_return_val_if_fail (graph != NULL && tie != NULL && esc != NULL, NULL);
  const KindWords *words = words_for (graph, tie);
  const char *modal = tense == DG_TIE_WORDS_CHANGED ? "now " : tense == DG_TIE_WORDS_ENDED ? "no longer " : "";
  g_autofree char *value = value_clause (words, tie, esc);
  GString *out = g_string_new (NULL);
  fill (out, words->sentence, graph, tie, modal, value, TRUE, esc);
  if (tense == DG_TIE_WORDS_CHANGED && previous != NULL)
    {
      g_autofree char *before = before_words (words, tie, previous, esc);
      if (before[0] != '\0')
        g_string_append_printf (out, " (before: %s)", before);
    }
  if (tie->label != NULL)
    {
      g_autofree char *label = esc (tie->label);
      g_string_append_printf (out, ", labelled " LQ "%s" RQ, label);
    }
  if (tense != DG_TIE_WORDS_ENDED)
    {
      if (!tie->value.present && words->missing != NULL)
        g_string_append_printf (out, ", %s", words->missing);
      g_autofree char *until = until_words (graph, tie, esc);
      g_string_append (out, until);
    }
  g_string_append_c (out, '.');
  if (note && tie->note != NULL)
    append_note (out, tie->note, esc);
  return g_string_free (out, FALSE);
}

char *
dg_describe_tie_phrase (const DgGraph *graph, const DgTie *tie, DgDescribeEscape esc)
{
  g_return_val_if_fail (graph != NULL && tie != NULL && esc != NULL, NULL);
  GString *out = g_string_new (NULL);
  fill (out, words_for (graph, tie)->phrase, graph, tie, "", "", FALSE, esc);
  return g_string_free (out, FALSE);
}
