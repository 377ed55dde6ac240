/* describe.c — a stage's figure in words: the short text, the long description's items, and their Markdown, text and JSON. */
#include <string.h>

#include "dg-json-private.h"

#include "describe-private.h"
#include "dg-escape-private.h"
#include "error.h"

#define LQ "\xe2\x80\x9c"      /* “ */
#define RQ "\xe2\x80\x9d"      /* ” */
#define EM_DASH "\xe2\x80\x94" /* — */
#define ELLIPSIS "\xe2\x80\xa6" /* … */

/* The JSON document's "version": it grows whenever a member changes meaning
 * or goes away. */
#define DESCRIPTION_JSON_VERSION 1

/* The words of one description in one form, plain or Markdown. */
typedef struct {
  char *heading;       /* the graph's title (or name) and the stage */
  char *short_text;
  char *changes_title; /* "What changed since …"; NULL without that section */
  GPtrArray *texts;    /* item i's text */
} Words;

struct DgDescription {
  DgGraph *graph;
  guint stage;
  DgDescribeOptions options;
  GArray *items; /* DgDescriptionItem; their texts point into plain.texts */
  Words plain;
  Words markdown;
};

/* What the short text and the overview say about a stage, from the model. */
typedef struct {
  const DgGraph *graph;
  guint stage;
  GArray *parties;       /* active party indices, file order */
  GArray *ties;          /* active tie indices, file order */
  /* The active ties grouped by tail and by head, each group in file order:
   * party p's are by_tail[tail_start[p]] up to by_tail[tail_start[p + 1]],
   * so that a large graph costs no pass over every tie per party. */
  guint *tail_start, *by_tail;
  guint *head_start, *by_head;
  int hub;               /* the party most ties involve, when it is alone in that and in two or more; else -1 */
  guint hub_ties;
  int largest;           /* the tie with the largest sum in the commonest currency, among two or more; else -1 */
  gboolean mixed;        /* sums in more than one currency */
} Facts;

/* Which optional parts the short text has; @label is the stage label it
 * quotes, shortened when even the shortest sentence would be too long. */
typedef struct {
  gboolean title;
  gboolean hub;
  gboolean largest;
  char *label;
  guint cut; /* when not 0, the whole text cut to this many characters, "…" included */
} ShortChoice;

gboolean
dg_describe_options_init (DgDescribeOptions *options, guint version)
{
  g_return_val_if_fail (options != NULL, FALSE);
  if (version < 1 || version > DG_DESCRIBE_OPTIONS_VERSION)
    return FALSE;
  /* Version 1 is every field there is. */
  *options = (DgDescribeOptions) DG_DESCRIBE_OPTIONS_INIT;
  return TRUE;
}

/* The Markdown form's DgDescribeEscape: one line, as the plain form, then
 * escaped. */
static char *
markdown_text (const char *text)
{
  g_autofree char *line = dg_describe_plain (text);
  return dg_escape_markdown (line);
}

/* The plain form's DgDescribeEscape: nothing escaped, line breaks as spaces. */
static char *
plain_text (const char *text)
{
  return dg_describe_plain (text);
}

static void
words_clear (Words *w)
{
  g_clear_pointer (&w->heading, g_free);
  g_clear_pointer (&w->short_text, g_free);
  g_clear_pointer (&w->changes_title, g_free);
  g_clear_pointer (&w->texts, g_ptr_array_unref);
}

/* ---- facts --------------------------------------------------------------- */

/* Sorts @ties by their tail (or head), stably: a counting sort. */
static void
group_ties (const DgGraph *graph, GArray *ties, gboolean head, guint **start, guint **sorted)
{
  guint n = dg_graph_n_parties (graph);
  *start = g_new0 (guint, n + 2);
  *sorted = g_new0 (guint, ties->len + 1);
  for (guint i = 0; i < ties->len; i++)
    {
      const DgTie *tie = dg_graph_tie (graph, g_array_index (ties, guint, i));
      (*start)[(head ? tie->head : tie->tail) + 2]++;
    }
  for (guint p = 2; p < n + 2; p++)
    (*start)[p] += (*start)[p - 1];
  for (guint i = 0; i < ties->len; i++)
    {
      guint t = g_array_index (ties, guint, i);
      const DgTie *tie = dg_graph_tie (graph, t);
      (*sorted)[(*start)[(head ? tie->head : tie->tail) + 1]++] = t;
    }
}

static void
facts_init (Facts *f, const DgGraph *graph, guint stage)
{
  f->graph = graph;
  f->stage = stage;
  f->parties = dg_graph_active_parties (graph, stage);
  f->ties = dg_graph_active_ties (graph, stage);
  group_ties (graph, f->ties, FALSE, &f->tail_start, &f->by_tail);
  group_ties (graph, f->ties, TRUE, &f->head_start, &f->by_head);

  g_autofree guint *degree = g_new0 (guint, dg_graph_n_parties (graph) + 1);
  for (guint i = 0; i < f->ties->len; i++)
    {
      const DgTie *tie = dg_graph_tie (graph, g_array_index (f->ties, guint, i));
      degree[tie->tail]++;
      if (tie->head != tie->tail)
        degree[tie->head]++;
    }
  f->hub = -1;
  f->hub_ties = 0;
  gboolean alone = FALSE;
  for (guint i = 0; i < f->parties->len; i++)
    {
      guint p = g_array_index (f->parties, guint, i);
      if (degree[p] > f->hub_ties)
        {
          f->hub = (int) p;
          f->hub_ties = degree[p];
          alone = TRUE;
        }
      else if (degree[p] == f->hub_ties)
        alone = FALSE;
    }
  /* "7 of them involving OpenAI" says who is at the centre only when one
   * party is, and when there is more than one tie to be at the centre of. */
  if (!alone || f->hub_ties < 2 || f->ties->len < 3)
    f->hub = -1;

  /* Sums compare only within a currency: the commonest one's largest. */
  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  const char *commonest = NULL;
  guint most = 0;
  for (guint i = 0; i < f->ties->len; i++)
    {
      const DgTie *tie = dg_graph_tie (graph, g_array_index (f->ties, guint, i));
      if (!tie->value.present || tie->value.unit != DG_UNIT_CURRENCY)
        continue;
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, tie->value.currency)) + 1;
      g_hash_table_insert (counts, (gpointer) tie->value.currency, GUINT_TO_POINTER (n));
      if (n > most)
        {
          most = n;
          commonest = tie->value.currency;
        }
    }
  f->mixed = g_hash_table_size (counts) > 1;
  f->largest = -1;
  double largest = -1;
  for (guint i = 0; i < f->ties->len && most >= 2; i++)
    {
      const DgTie *tie = dg_graph_tie (graph, g_array_index (f->ties, guint, i));
      if (tie->value.present && tie->value.unit == DG_UNIT_CURRENCY && strcmp (tie->value.currency, commonest) == 0
          && tie->value.amount > largest)
        {
          largest = tie->value.amount;
          f->largest = (int) tie->index;
        }
    }
}

static void
facts_clear (Facts *f)
{
  g_clear_pointer (&f->parties, g_array_unref);
  g_clear_pointer (&f->ties, g_array_unref);
  g_clear_pointer (&f->tail_start, g_free);
  g_clear_pointer (&f->by_tail, g_free);
  g_clear_pointer (&f->head_start, g_free);
  g_clear_pointer (&f->by_head, g_free);
}

/* ---- sentences about the whole figure ------------------------------------ */

static char *
count_words (guint n, const char *one, const char *many)
{
  if (n == 0)
    return g_strdup_printf ("no %s", many);
  return g_strdup_printf ("%u %s", n, n == 1 ? one : many);
}

/* "6 parties and 9 ties". */
static char *
counts_words (const Facts *f)
{
  g_autofree char *parties = count_words (f->parties->len, "party", "parties");
  g_autofree char *ties = count_words (f->ties->len, "tie", "ties");
  return g_strdup_printf ("%s and %s", parties, ties);
}

/* "stage 3 of 5, “New agreement”", with the date when the label does not
 * say it: "stage 1 of 6, “Q1 2018” (Mar 2018)". NULL for a graph without a
 * timeline. @label: the label to quote, NULL for the stage's own. */
static char *
stage_words (const DgGraph *graph, guint stage, const char *label, gboolean of_n, DgDescribeEscape esc)
{
  if (dg_graph_is_static (graph))
    return NULL;
  const DgStage *s = dg_graph_stage (graph, stage);
  g_autofree char *l = esc (label != NULL ? label : s->label);
  GString *out = g_string_new (NULL);
  g_string_append_printf (out, "stage %u", stage + 1);
  if (of_n)
    g_string_append_printf (out, " of %u", dg_graph_n_stages (graph));
  g_string_append_printf (out, ", " LQ "%s" RQ, l);
  if (s->date != NULL)
    {
      g_autofree char *date = dg_date_text (s->date);
      if (strstr (s->label, date) == NULL && strstr (s->label, s->date) == NULL)
        {
          g_autofree char *d = esc (date);
          g_string_append_printf (out, " (%s)", d);
        }
    }
  return g_string_free (out, FALSE);
}

/* "7 of them involving OpenAI"; NULL when no party is at the centre. */
static char *
hub_words (const Facts *f, DgDescribeEscape esc)
{
  if (f->hub < 0)
    return NULL;
  g_autofree char *name = esc (dg_graph_party (f->graph, (guint) f->hub)->label);
  if (f->hub_ties == f->ties->len)
    return g_strdup_printf ("all of them involving %s", name);
  return g_strdup_printf ("%u of them involving %s", f->hub_ties, name);
}

/* "the largest sum is up to $50 billion, an investment by Amazon in
 * OpenAI"; NULL when fewer than two ties state a sum. */
static char *
largest_words (const Facts *f, DgDescribeEscape esc)
{
  if (f->largest < 0)
    return NULL;
  const DgTie *tie = dg_graph_tie (f->graph, (guint) f->largest);
  g_autofree char *raw = dg_describe_value_words (&tie->value);
  g_autofree char *value = esc (raw);
  g_autofree char *phrase = dg_describe_tie_phrase (f->graph, tie, esc);
  if (f->mixed)
    {
      g_autofree char *currency = esc (dg_describe_currency_name (tie->value.currency));
      return g_strdup_printf ("the largest sum in %s is %s, %s", currency, value, phrase);
    }
  return g_strdup_printf ("the largest sum is %s, %s", value, phrase);
}

static char *
short_words (const Facts *f, const ShortChoice *c, DgDescribeEscape esc)
{
  if (c->cut > 0)
    {
      ShortChoice whole = *c;
      whole.cut = 0;
      g_autofree char *text = short_words (f, &whole, plain_text);
      g_autofree char *head = g_utf8_substring (text, 0, c->cut - 1);
      g_autofree char *cut = g_strconcat (head, ELLIPSIS, NULL);
      return esc == plain_text ? g_steal_pointer (&cut) : esc (cut);
    }
  GString *out = g_string_new (NULL);
  const char *title = dg_graph_get_title (f->graph);
  g_autofree char *stage = stage_words (f->graph, f->stage, c->label, TRUE, esc);
  if (c->title && title != NULL)
    {
      g_autofree char *t = esc (title);
      g_string_append_printf (out, "%s%s", t, stage != NULL ? ", " : ": ");
    }
  if (stage != NULL)
    {
      if (out->len == 0)
        stage[0] = g_ascii_toupper (stage[0]);
      g_string_append_printf (out, "%s: ", stage);
    }
  g_autofree char *counts = counts_words (f);
  /* Nothing before the counts: say what they are counts of. */
  g_string_append_printf (out, "%s%s", out->len == 0 ? "A diagram of " : "", counts);
  g_autofree char *hub = c->hub ? hub_words (f, esc) : NULL;
  if (hub != NULL)
    g_string_append_printf (out, ", %s", hub);
  g_autofree char *largest = c->largest ? largest_words (f, esc) : NULL;
  if (largest != NULL)
    g_string_append_printf (out, "; %s", largest);
  g_string_append_c (out, '.');
  return g_string_free (out, FALSE);
}

static gboolean
fits (const Facts *f, const ShortChoice *c, guint max)
{
  g_autofree char *text = short_words (f, c, plain_text);
  return (guint) g_utf8_strlen (text, -1) <= max;
}

/* The richest short text within @max characters: the stage and the counts
 * always, then as many of the title, the party at the centre and the
 * largest sum as fit, the title first among equals (the figure shows it
 * on top). When even the stage and the counts are too long, the stage
 * label is shortened with "…", and if that is not enough (a limit near
 * DG_DESCRIBE_SHORT_MIN, counts in the hundred thousands), the text. */
static void
choose_short (const Facts *f, guint max, ShortChoice *c)
{
  static const gboolean tries[][3] = {
    { TRUE, TRUE, TRUE }, { TRUE, TRUE, FALSE }, { TRUE, FALSE, TRUE }, { FALSE, TRUE, TRUE },
    { TRUE, FALSE, FALSE }, { FALSE, TRUE, FALSE }, { FALSE, FALSE, TRUE }, { FALSE, FALSE, FALSE },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (tries); i++)
    {
      *c = (ShortChoice) { tries[i][0], tries[i][1], tries[i][2], NULL, 0 };
      if (fits (f, c, max))
        return;
    }
  const char *label = dg_graph_stage (f->graph, f->stage)->label;
  glong n = g_utf8_strlen (label, -1);
  do
    {
      g_free (c->label);
      n = n > 8 ? n - 8 : 0;
      g_autofree char *cut = g_utf8_substring (label, 0, n);
      c->label = g_strconcat (cut, ELLIPSIS, NULL);
    }
  while (n > 0 && !fits (f, c, max));
  if (!fits (f, c, max))
    c->cut = max;
}

/* "The ties are 3 channels, 2 investments and 1 license.": kinds by how
 * many ties they have, then in the order they first appear; NULL when no
 * active tie has a kind. */
static char *
kinds_words (const Facts *f, DgDescribeEscape esc)
{
  g_autoptr (GPtrArray) kinds = g_ptr_array_new ();
  g_autoptr (GArray) counts = g_array_new (FALSE, TRUE, sizeof (guint));
  gboolean any = FALSE;
  for (guint i = 0; i < f->ties->len; i++)
    {
      const DgTie *tie = dg_graph_tie (f->graph, g_array_index (f->ties, guint, i));
      any = any || tie->kind != NULL;
      guint k = 0;
      while (k < kinds->len && g_strcmp0 (kinds->pdata[k], tie->kind) != 0)
        k++;
      if (k == kinds->len)
        {
          g_ptr_array_add (kinds, (gpointer) tie->kind);
          guint zero = 0;
          g_array_append_val (counts, zero);
        }
      g_array_index (counts, guint, k)++;
    }
  if (!any)
    return NULL;
  GString *out = g_string_new (f->ties->len == 1 ? "The tie is " : "The ties are ");
  g_autofree gboolean *said = g_new0 (gboolean, kinds->len + 1);
  for (guint n = 0; n < kinds->len; n++)
    {
      guint best = 0;
      for (guint k = 0; k < kinds->len; k++)
        if (!said[k] && (said[best] || g_array_index (counts, guint, k) > g_array_index (counts, guint, best)))
          best = k;
      said[best] = TRUE;
      guint count = g_array_index (counts, guint, best);
      g_autofree char *raw = dg_describe_tie_noun (kinds->pdata[best], count != 1);
      g_autofree char *noun = esc (raw);
      const char *sep = n == 0 ? "" : n + 1 == kinds->len ? " and " : ", ";
      if (f->ties->len == 1)
        g_string_append_printf (out, "%s %s", dg_describe_article (noun), noun);
      else
        g_string_append_printf (out, "%s%u %s", sep, count, noun);
    }
  g_string_append_c (out, '.');
  return g_string_free (out, FALSE);
}

static char *
overview_words (const Facts *f, DgDescribeEscape esc)
{
  GString *out = g_string_new (NULL);
  const char *title = dg_graph_get_title (f->graph);
  if (title != NULL)
    {
      g_autofree char *t = esc (title);
      gsize n = strlen (t);
      g_string_append_printf (out, "%s%s ", t, n > 0 && strchr (".!?", t[n - 1]) != NULL ? "" : ".");
    }
  g_autofree char *stage = stage_words (f->graph, f->stage, NULL, TRUE, esc);
  g_autofree char *counts = counts_words (f);
  g_autofree char *hub = hub_words (f, esc);
  if (stage != NULL)
    g_string_append_printf (out, "The figure shows %s: %s", stage, counts);
  else
    g_string_append_printf (out, "The figure shows %s", counts);
  if (hub != NULL)
    g_string_append_printf (out, ", %s", hub);
  g_string_append_c (out, '.');
  g_autofree char *kinds = kinds_words (f, esc);
  if (kinds != NULL)
    g_string_append_printf (out, " %s", kinds);
  g_autofree char *largest = largest_words (f, esc);
  if (largest != NULL)
    {
      largest[0] = g_ascii_toupper (largest[0]);
      g_string_append_printf (out, " %s.", largest);
    }
  const char *source = dg_graph_get_source (f->graph);
  if (source != NULL)
    {
      g_autofree char *s = esc (source);
      gsize n = strlen (s);
      g_string_append_printf (out, " Source: %s%s", s, n > 0 && strchr (".!?", s[n - 1]) != NULL ? "" : ".");
    }
  return g_string_free (out, FALSE);
}

/* ---- parties and changes ------------------------------------------------- */

/* "a cloud", "an investor", "a party" (no kind). */
static char *
party_kind_words (const DgParty *party, DgDescribeEscape esc)
{
  g_autofree char *raw = g_strdup (party->kind != NULL && party->kind[0] != '\0' ? party->kind : "party");
  g_strdelimit (raw, "_", ' ');
  g_autofree char *kind = esc (raw);
  return g_strdup_printf ("%s %s", dg_describe_article (kind), kind);
}

/* "A and B", "A, B and C". */
static void
append_list (GString *out, GPtrArray *names)
{
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (out, "%s%s", i == 0 ? "" : i + 1 == names->len ? " and " : ", ",
                            (char *) names->pdata[i]);
}

static gint
compare_guint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;
  return x < y ? -1 : x > y;
}

/* Who @party is, and where its ties that come from others are listed. */
static char *
party_words (const Facts *f, const DgParty *party, gboolean notes, DgDescribeEscape esc)
{
  const DgGraph *graph = f->graph;
  g_autofree char *name = esc (party->label);
  g_autofree char *kind = party_kind_words (party, esc);
  GString *out = g_string_new (NULL);
  g_string_append_printf (out, "%s is %s", name, kind);
  if (party->group >= 0)
    {
      const DgGroup *group = dg_graph_group (graph, (guint) party->group);
      if (group->label != NULL && g_strcmp0 (group->label, party->label) != 0)
        {
          g_autofree char *g = esc (group->label);
          g_string_append_printf (out, ", grouped under " LQ "%s" RQ, g);
        }
    }
  g_autofree char *note = notes && party->note != NULL ? esc (party->note) : NULL;
  if (note != NULL)
    g_strstrip (note);
  if (note != NULL && note[0] != '\0')
    {
      gsize n = strlen (note);
      g_string_append_printf (out, ": %s%s", note, strchr (".!?", note[n - 1]) != NULL ? "" : ".");
    }
  else
    g_string_append_c (out, '.');

  /* Ties listed under others: say where, so a listener can find them. */
  guint p = party->index;
  guint own = f->tail_start[p + 1] - f->tail_start[p], others = 0;
  g_autoptr (GArray) tails = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = f->head_start[p]; i < f->head_start[p + 1]; i++)
    {
      const DgTie *tie = dg_graph_tie (graph, f->by_head[i]);
      if (tie->tail == p)
        continue;
      others++;
      g_array_append_val (tails, tie->tail);
    }
  g_array_sort (tails, compare_guint);
  if (own == 0 && others == 0)
    g_string_append (out, " It has no ties at this stage.");
  else if (others > 0)
    {
      g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < tails->len; i++)
        if (i == 0 || g_array_index (tails, guint, i) != g_array_index (tails, guint, i - 1))
          g_ptr_array_add (names, esc (dg_graph_party (graph, g_array_index (tails, guint, i))->label));
      const char *other = own > 0 ? "other " : "";
      if (names->len <= 4)
        {
          g_string_append_printf (out, " Its %s%s listed under ", other, others == 1 ? "tie is" : "ties are");
          append_list (out, names);
          g_string_append_c (out, '.');
        }
      else
        g_string_append_printf (out, " Its %u %sties are listed under the %u parties they come from.", others, other,
                                names->len);
    }
  return g_string_free (out, FALSE);
}

static char *
change_words (const DgGraph *graph, const DgChange *change, DgDescribeEscape esc)
{
  if (change->party != NULL)
    {
      g_autofree char *name = esc (change->party->label);
      g_autofree char *kind = party_kind_words (change->party, esc);
      const char *verb = change->kind == DG_CHANGE_BEGAN ? "enters" : "leaves";
      if (change->party->kind != NULL)
        return g_strdup_printf ("%s, %s, %s the picture.", name, kind, verb);
      return g_strdup_printf ("%s %s the picture.", name, verb);
    }
  g_autofree char *sentence = NULL;
  const char *what = "";
  switch (change->kind)
    {
    case DG_CHANGE_BEGAN:
      what = "New";
      sentence = dg_describe_tie_sentence (graph, change->new_tie, DG_TIE_WORDS_NOW, NULL, FALSE, esc);
      break;
    case DG_CHANGE_ENDED:
      what = "Ended";
      sentence = dg_describe_tie_sentence (graph, change->old_tie, DG_TIE_WORDS_ENDED, NULL, FALSE, esc);
      break;
    case DG_CHANGE_CHANGED:
      what = "Changed";
      sentence = dg_describe_tie_sentence (graph, change->new_tie, DG_TIE_WORDS_CHANGED, change->old_tie, FALSE, esc);
      break;
    case DG_CHANGE_UNCHANGED:
    case DG_CHANGE_ABSENT:
    case DG_CHANGE_REPLACED:
      g_assert_not_reached (); /* not a change dg_timeline_changes() lists */
    }
  return g_strdup_printf ("%s: %s", what, sentence);
}

/* Where @change comes in the list of what changed (see build()). */
static guint
change_step (const DgChange *change)
{
  if (change->party != NULL)
    return change->kind == DG_CHANGE_BEGAN ? 0 : 4;
  return change->kind == DG_CHANGE_BEGAN ? 1 : change->kind == DG_CHANGE_CHANGED ? 2 : 3;
}

/* @changes (of DgChange) in a story's order: who arrives, what begins, what
 * changes, what ends, who leaves; within each, the order of the file.
 * Returns a new array of pointers into @changes. */
static GPtrArray *
story_order (GArray *changes)
{
  GPtrArray *order = g_ptr_array_new ();
  for (guint step = 0; step < 5; step++)
    for (guint i = 0; i < changes->len; i++)
      {
        const DgChange *c = &g_array_index (changes, DgChange, i);
        if (change_step (c) == step)
          g_ptr_array_add (order, (gpointer) c);
      }
  return order;
}

GPtrArray *
dg_describe_changes (const DgGraph *graph, guint from, guint to)
{
  g_return_val_if_fail (graph != NULL, NULL);
  g_return_val_if_fail (from < dg_graph_n_stages (graph) && to < dg_graph_n_stages (graph), NULL);
  g_autoptr (GArray) changes = dg_timeline_changes (graph, from, to);
  g_autoptr (GPtrArray) order = story_order (changes);
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < order->len; i++)
    g_ptr_array_add (texts, change_words (graph, order->pdata[i], plain_text));
  return texts;
}

char *
dg_describe_counts (const DgGraph *graph, guint stage)
{
  g_return_val_if_fail (graph != NULL && stage < dg_graph_n_stages (graph), NULL);
  g_autoptr (GArray) parties = dg_graph_active_parties (graph, stage);
  g_autoptr (GArray) ties = dg_graph_active_ties (graph, stage);
  g_autofree char *p = count_words (parties->len, "party", "parties");
  g_autofree char *t = count_words (ties->len, "tie", "ties");
  return g_strdup_printf ("%s and %s", p, t);
}

/* Fills @w with the description's words, and @items (when not NULL) with
 * the items they belong to, in reading order. */
static void
build (const DgDescription *d, const Facts *f, const ShortChoice *choice, DgDescribeEscape esc, Words *w,
       GArray *items)
{
  const DgGraph *graph = d->graph;
  w->texts = g_ptr_array_new_with_free_func (g_free);
  const char *title = dg_graph_get_title (graph);
  g_autofree char *t = esc (title != NULL ? title : dg_graph_get_name (graph));
  if (dg_graph_is_static (graph))
    w->heading = g_steal_pointer (&t);
  else
    w->heading = g_strdup_printf ("%s " EM_DASH " stage %u of %u", t, d->stage + 1, dg_graph_n_stages (graph));
  w->short_text = short_words (f, choice, esc);

  DgDescriptionItem item = { DG_DESCRIPTION_OVERVIEW, -1, -1, -1, DG_CHANGE_UNCHANGED, NULL };
  g_ptr_array_add (w->texts, overview_words (f, esc));
  if (items != NULL)
    g_array_append_val (items, item);

  if (d->options.changes && d->stage > 0)
    {
      g_autofree char *before = stage_words (graph, d->stage - 1, NULL, FALSE, esc);
      w->changes_title = g_strdup_printf ("What changed since %s", before);
      g_autoptr (GArray) changes = dg_timeline_changes (graph, d->stage - 1, d->stage);
      g_autoptr (GPtrArray) order = story_order (changes);
      for (guint i = 0; i < order->len; i++)
        {
          const DgChange *c = order->pdata[i];
          const DgTie *tie = c->new_tie != NULL ? c->new_tie : c->old_tie;
          DgDescriptionItem ci = { DG_DESCRIPTION_CHANGE, c->party != NULL ? (int) c->party->index : -1,
                                   tie != NULL ? (int) tie->index : -1,
                                   c->kind == DG_CHANGE_CHANGED ? (int) c->old_tie->index : -1, c->kind, NULL };
          g_ptr_array_add (w->texts, change_words (graph, c, esc));
          if (items != NULL)
            g_array_append_val (items, ci);
        }
    }

  for (guint i = 0; i < f->parties->len; i++)
    {
      const DgParty *party = dg_graph_party (graph, g_array_index (f->parties, guint, i));
      DgDescriptionItem pi = { DG_DESCRIPTION_PARTY, (int) party->index, -1, -1, DG_CHANGE_UNCHANGED, NULL };
      g_ptr_array_add (w->texts, party_words (f, party, d->options.notes, esc));
      if (items != NULL)
        g_array_append_val (items, pi);
      for (guint k = f->tail_start[party->index]; k < f->tail_start[party->index + 1]; k++)
        {
          const DgTie *tie = dg_graph_tie (graph, f->by_tail[k]);
          DgDescriptionItem ti = { DG_DESCRIPTION_TIE, (int) party->index, (int) tie->index, -1,
                                   DG_CHANGE_UNCHANGED, NULL };
          g_ptr_array_add (w->texts, dg_describe_tie_sentence (graph, tie, DG_TIE_WORDS_NOW, NULL, d->options.notes,
                                                               esc));
          if (items != NULL)
            g_array_append_val (items, ti);
        }
    }
}

DgDescription *
dg_describe (const DgGraph *graph, guint stage, const DgDescribeOptions *options, GError **error)
{
  g_return_val_if_fail (graph != NULL, NULL);
  g_return_val_if_fail (options == NULL || options->version >= 1, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  DgDescribeOptions defaults = DG_DESCRIBE_OPTIONS_INIT;
  if (options == NULL)
    options = &defaults;
  if (stage >= dg_graph_n_stages (graph))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE, "%s: no stage %u to describe (it has %u)",
                   dg_graph_get_path (graph), stage + 1, dg_graph_n_stages (graph));
      return NULL;
    }
  if (options->short_max < DG_DESCRIBE_SHORT_MIN)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE,
                   "%s: a short text of at most %u characters is too short to say anything (at least %u)",
                   dg_graph_get_path (graph), options->short_max, DG_DESCRIBE_SHORT_MIN);
      return NULL;
    }

  DgDescription *d = g_new0 (DgDescription, 1);
  d->graph = dg_graph_ref ((DgGraph *) graph);
  d->stage = stage;
  d->options = *options;
  d->items = g_array_new (FALSE, TRUE, sizeof (DgDescriptionItem));

  Facts f = { 0 };
  facts_init (&f, graph, stage);
  ShortChoice choice;
  choose_short (&f, options->short_max, &choice);
  build (d, &f, &choice, plain_text, &d->plain, d->items);
  build (d, &f, &choice, markdown_text, &d->markdown, NULL);
  for (guint i = 0; i < d->items->len; i++)
    g_array_index (d->items, DgDescriptionItem, i).text = d->plain.texts->pdata[i];
  g_free (choice.label);
  facts_clear (&f);
  return d;
}

void
dg_description_free (DgDescription *description)
{
  if (description == NULL)
    return;
  words_clear (&description->plain);
  words_clear (&description->markdown);
  g_array_unref (description->items);
  dg_graph_unref (description->graph);
  g_free (description);
}

guint
dg_description_get_stage (const DgDescription *description)
{
  g_return_val_if_fail (description != NULL, 0);
  return description->stage;
}

const char *
dg_description_get_short (const DgDescription *description)
{
  g_return_val_if_fail (description != NULL, NULL);
  return description->plain.short_text;
}

guint
dg_description_n_items (const DgDescription *description)
{
  g_return_val_if_fail (description != NULL, 0);
  return description->items->len;
}

const DgDescriptionItem *
dg_description_item (const DgDescription *description, guint index)
{
  g_return_val_if_fail (description != NULL && index < description->items->len, NULL);
  return &g_array_index (description->items, DgDescriptionItem, index);
}

/* ---- Markdown and text ---------------------------------------------------- */

/* The one rule for which party a tie is listed under, said once: in an
 * undirected graph a tie comes from neither party. */
static const char *
listed_under (const DgGraph *graph)
{
  return dg_graph_is_directed (graph) ? "Each tie is listed once, under the party it comes from.\n"
                                      : "Each tie is listed once, under the party named first in it.\n";
}

static char *
render (const DgDescription *d, gboolean md)
{
  const Words *w = md ? &d->markdown : &d->plain;
  const DgDescriptionItem *items = (const DgDescriptionItem *) (gpointer) d->items->data;
  guint n = d->items->len, i = 0;
  GString *out = g_string_new (NULL);
  g_string_append_printf (out, md ? "# %s\n\n" : "%s\n\n", w->heading);
  g_string_append_printf (out, md ? "**Short description:** %s\n" : "Short description: %s\n", w->short_text);
  for (; i < n && items[i].part == DG_DESCRIPTION_OVERVIEW; i++)
    g_string_append_printf (out, "\n%s\n", (char *) w->texts->pdata[i]);

  if (w->changes_title != NULL)
    {
      g_string_append_printf (out, md ? "\n## %s\n\n" : "\n%s:\n", w->changes_title);
      if (i == n || items[i].part != DG_DESCRIPTION_CHANGE)
        g_string_append (out, "Nothing changed.\n");
      for (; i < n && items[i].part == DG_DESCRIPTION_CHANGE; i++)
        g_string_append_printf (out, "- %s\n", (char *) w->texts->pdata[i]);
    }

  g_string_append (out, md ? "\n## Parties and ties\n\n" : "\nParties and ties. ");
  g_string_append (out, i < n ? listed_under (d->graph) : "No party is active at this stage.\n");
  while (i < n)
    {
      const char *text = w->texts->pdata[i];
      if (md)
        {
          g_autofree char *name = markdown_text (dg_graph_party (d->graph, (guint) items[i].party)->label);
          g_string_append_printf (out, "\n### %s\n\n%s\n", name, text);
        }
      else
        g_string_append_printf (out, "\n%s\n", text);
      i++;
      if (md && i < n && items[i].part == DG_DESCRIPTION_TIE)
        g_string_append_c (out, '\n');
      for (; i < n && items[i].part == DG_DESCRIPTION_TIE; i++)
        g_string_append_printf (out, "- %s\n", (char *) w->texts->pdata[i]);
    }
  return g_string_free (out, FALSE);
}

char *
dg_description_to_markdown (const DgDescription *description)
{
  g_return_val_if_fail (description != NULL, NULL);
  return render (description, TRUE);
}

char *
dg_description_to_text (const DgDescription *description)
{
  g_return_val_if_fail (description != NULL, NULL);
  return render (description, FALSE);
}

/* ---- JSON ------------------------------------------------------------------ */

static void
member_tie_key (JsonBuilder *b, const char *name, int tie)
{
  g_autofree char *key = tie >= 0 ? g_strdup_printf ("t%d", tie) : NULL;
  dg_json_member_string (b, name, key);
}

static const char *
change_name (DgChangeKind kind)
{
  return kind == DG_CHANGE_BEGAN ? "began" : kind == DG_CHANGE_ENDED ? "ended" : "changed";
}

static void
add_tie (JsonBuilder *b, const DgGraph *graph, const DgTie *tie, const char *text)
{
  json_builder_begin_object (b);
  member_tie_key (b, "tie", (int) tie->index);
  dg_json_member_string (b, "kind", tie->kind);
  dg_json_member_string (b, "from", dg_graph_party (graph, tie->tail)->id);
  dg_json_member_string (b, "to", dg_graph_party (graph, tie->head)->id);
  dg_json_member_string (b, "value", tie->value.present ? tie->value.text : NULL);
  json_builder_set_member_name (b, "terms");
  json_builder_begin_array (b);
  for (guint i = 0; tie->terms[i] != NULL; i++)
    json_builder_add_string_value (b, tie->terms[i]);
  json_builder_end_array (b);
  dg_json_member_string (b, "until", tie->interval.until < dg_graph_n_stages (graph)
                                 ? dg_graph_stage (graph, tie->interval.until)->id : NULL);
  dg_json_member_string (b, "text", text);
  json_builder_end_object (b);
}

char *
dg_description_to_json (const DgDescription *description)
{
  g_return_val_if_fail (description != NULL, NULL);
  const DgDescription *d = description;
  const DgGraph *graph = d->graph;
  const DgStage *stage = dg_graph_stage (graph, d->stage);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  dg_json_member_int (b, "version", DESCRIPTION_JSON_VERSION);
  dg_json_member_string (b, "graph", dg_graph_get_name (graph));
  dg_json_member_string (b, "title", dg_graph_get_title (graph));
  json_builder_set_member_name (b, "stage");
  json_builder_begin_object (b);
  dg_json_member_int (b, "index", d->stage);
  dg_json_member_int (b, "number", d->stage + 1);
  dg_json_member_int (b, "count", dg_graph_n_stages (graph));
  dg_json_member_string (b, "id", stage->id);
  dg_json_member_string (b, "label", stage->label);
  dg_json_member_string (b, "date", stage->date);
  g_autofree char *stem = dg_stage_file_stem (graph, d->stage);
  dg_json_member_string (b, "file_stem", stem);
  json_builder_end_object (b);
  dg_json_member_string (b, "short", d->plain.short_text);

  gboolean in_parties = FALSE;
  for (guint i = 0; i < d->items->len; i++)
    {
      const DgDescriptionItem *item = &g_array_index (d->items, DgDescriptionItem, i);
      switch (item->part)
        {
        case DG_DESCRIPTION_OVERVIEW:
          dg_json_member_string (b, "overview", item->text);
          json_builder_set_member_name (b, "changes_since");
          if (d->plain.changes_title != NULL)
            {
              const DgStage *before = dg_graph_stage (graph, d->stage - 1);
              json_builder_add_string_value (b, before->id);
            }
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "changes");
          json_builder_begin_array (b);
          break;
        case DG_DESCRIPTION_CHANGE:
          json_builder_begin_object (b);
          dg_json_member_string (b, "change", change_name (item->change));
          dg_json_member_string (b, "party", item->party >= 0 ? dg_graph_party (graph, (guint) item->party)->id : NULL);
          member_tie_key (b, "tie", item->tie);
          member_tie_key (b, "previous_tie", item->previous_tie);
          dg_json_member_string (b, "text", item->text);
          json_builder_end_object (b);
          break;
        case DG_DESCRIPTION_PARTY:
          {
            const DgParty *party = dg_graph_party (graph, (guint) item->party);
            if (!in_parties)
              {
                json_builder_end_array (b); /* changes */
                json_builder_set_member_name (b, "parties");
                json_builder_begin_array (b);
                in_parties = TRUE;
              }
            else
              {
                json_builder_end_array (b); /* the party before's ties */
                json_builder_end_object (b);
              }
            json_builder_begin_object (b);
            dg_json_member_string (b, "id", party->id);
            dg_json_member_string (b, "label", party->label);
            dg_json_member_string (b, "kind", party->kind);
            dg_json_member_string (b, "text", item->text);
            json_builder_set_member_name (b, "ties");
            json_builder_begin_array (b);
            break;
          }
        case DG_DESCRIPTION_TIE:
          add_tie (b, graph, dg_graph_tie (graph, (guint) item->tie), item->text);
          break;
        }
    }
  if (in_parties)
    {
      json_builder_end_array (b); /* the last party's ties */
      json_builder_end_object (b);
    }
  else
    {
      json_builder_end_array (b); /* changes */
      json_builder_set_member_name (b, "parties");
      json_builder_begin_array (b);
    }
  json_builder_end_array (b); /* parties */
  json_builder_end_object (b);

  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  json_generator_set_root (gen, root);
  g_autofree char *text = json_generator_to_data (gen, NULL);
  return g_strconcat (text, "\n", NULL);
}

char *
dg_describe_timeline (const DgGraph *graph)
{
  g_return_val_if_fail (graph != NULL, NULL);
  const char *title = dg_graph_get_title (graph);
  g_autofree char *plain = dg_describe_plain (title != NULL ? title : dg_graph_get_name (graph));
  GString *out = g_string_new (plain);
  guint n = dg_graph_n_stages (graph);
  g_string_append_printf (out, ", in %u stage%s: ", n, n == 1 ? "" : "s");
  for (guint s = 0; s < n; s++)
    {
      g_autofree char *label = dg_describe_plain (dg_graph_stage (graph, s)->label);
      g_string_append_printf (out, "%s%u, \u201c%s\u201d", s > 0 ? "; " : "", s + 1, label);
    }
  g_string_append_c (out, '.');
  return g_string_free (out, FALSE);
}
