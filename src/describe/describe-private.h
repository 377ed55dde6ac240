/* describe-private.h — the words of a description: values as they are said, ties and parties as sentences. */
#pragma once

#include <glib.h>
#include "describe.h"

/* Applied to every piece of text that comes from the input (labels, values,
 * terms, notes, dates), never to dealgraph's own words: the identity for
 * plain text, dg_escape_markdown() for Markdown. Returns a new string. */
typedef char *(*DgDescribeEscape) (const char *text);

/* @text (nullable: "") with every line break and tab as a space, for plain
 * text whose items are one line each. Free with g_free. */
char *dg_describe_plain (const char *text);

/* @value as it is said: "up to $50 billion", "about 27%", "£200,000",
 * "47,400"; the scale written out (thousand is not: 2150K is "2.15
 * million", 200K "200,000"). NULL when no value is present. Newly
 * allocated, not escaped. */
char *dg_describe_value_words (const DgValue *value);

/* The kind of @tie in words, singular or plural: "license", "revenue
 * shares"; a kind dealgraph does not know with its underscores as spaces,
 * "tie" without a kind. Newly allocated, not escaped. */
char *dg_describe_tie_noun (const char *kind, gboolean plural);

/* What a tie's sentence says besides the tie itself. */
typedef enum {
  DG_TIE_WORDS_NOW,      /* as it stands: "OpenAI grants Microsoft …" */
  DG_TIE_WORDS_CHANGED,  /* "OpenAI now grants Microsoft …" */
  DG_TIE_WORDS_ENDED,    /* "Microsoft no longer pays OpenAI …" */
} DgTieTense;

/* @tie of @graph as one sentence whose subject is its tail, the way its
 * arrow points, with its value, terms, label and, unless @tense is ENDED,
 * when it ends ("…, until 2032"); for a CHANGED sentence @previous (the
 * tie it continues) adds "(before: …)". With @note, the tie's note follows
 * as a sentence of its own. Ends with a full stop. Newly allocated; input
 * text passed through @esc. */
char *dg_describe_tie_sentence (const DgGraph *graph, const DgTie *tie, DgTieTense tense, const DgTie *previous,
                                gboolean note, DgDescribeEscape esc);

/* @tie as a noun phrase without its value and terms, for the short text:
 * "an investment by Amazon in OpenAI", "a license from OpenAI to
 * Microsoft". Newly allocated; input text passed through @esc. */
char *dg_describe_tie_phrase (const DgGraph *graph, const DgTie *tie, DgDescribeEscape esc);

/* A currency as a word to say "in": "dollars" for "$", "euros", "pounds",
 * "yen"; any other symbol or code as it is. Static or @currency. */
const char *dg_describe_currency_name (const char *currency);

/* "a" or "an" before @word. A static string. */
const char *dg_describe_article (const char *word);

/* What changed from stage @from to stage @to of @graph (any two stages, as
 * dg_timeline_changes() compares them), one plain sentence per change in the
 * order dg_describe() lists them under "What changed": "Amazon, a company,
 * enters the picture.", "Ended: OpenAI no longer grants Microsoft a
 * nonexclusive license." An empty array when nothing changed. Newly
 * allocated; the strings are owned by the array. */
GPtrArray *dg_describe_changes (const DgGraph *graph, guint from, guint to);

/* The parties and ties active at @stage counted in words: "6 parties and 9
 * ties", "1 party and no ties". Newly allocated. */
char *dg_describe_counts (const DgGraph *graph, guint stage);
