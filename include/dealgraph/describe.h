/* describe.h — a stage's figure in words, written from the model: a short alternative text and a long description. */
#pragma once

#include <glib.h>
#include "model.h"
#include "timeline.h"

G_BEGIN_DECLS

/* The smallest limit DgDescribeOptions.short_max may set, in characters:
 * room for "Stage 12 of 20: 40 parties and 70 ties." and a little more. */
#define DG_DESCRIBE_SHORT_MIN 60

/**
 * DgDescribeOptions:
 * What dg_describe() writes. Start from DG_DESCRIBE_OPTIONS_INIT or
 * dg_describe_options_init(), so that a field added later gets its default;
 * borrowed for the call only.
 */
typedef struct {
  guint version;
  /* The short text's limit in characters (Unicode code points), at least
   * DG_DESCRIBE_SHORT_MIN; 200 by default, the length guidelines for
   * alternative text commonly give. */
  guint short_max;
  /* The long description says what began, ended and changed since the
   * stage before (TRUE by default; the first stage has no stage before). */
  gboolean changes;
  /* The long description quotes the parties' and ties' `note`s (TRUE by
   * default). */
  gboolean notes;
} DgDescribeOptions;

#define DG_DESCRIBE_OPTIONS_VERSION 1
#define DG_DESCRIBE_OPTIONS_INIT { DG_DESCRIBE_OPTIONS_VERSION, 200, TRUE, TRUE }

/* DG_DESCRIBE_OPTIONS_INIT as a function, for callers that cannot expand a
 * macro (bindings): fills in the defaults of @version (1 to
 * DG_DESCRIBE_OPTIONS_VERSION), writing only the fields that version has,
 * so a program built against an older header runs with a newer library.
 * Returns FALSE, writing nothing, for a version the library does not know. */
gboolean dg_describe_options_init (DgDescribeOptions *options, guint version);

/* The parts of a long description, in the order it reads them. */
typedef enum {
  DG_DESCRIPTION_OVERVIEW, /* the figure as a whole: title, stage, how many parties and ties, source */
  DG_DESCRIPTION_CHANGE,   /* one thing that began, ended or changed since the stage before */
  DG_DESCRIPTION_PARTY,    /* a party: who it is; the ties listed under it follow it */
  DG_DESCRIPTION_TIE,      /* a tie, listed under the party it comes from (see dg_describe()) */
} DgDescriptionPart;

/**
 * DgDescriptionItem:
 * One paragraph or list item of a long description, as plain text: one or
 * more sentences, no line breaks, nothing escaped.
 *
 * @party: PARTY: the party; TIE: the party it is listed under; CHANGE: the
 *   party that entered or left the picture; else -1.
 * @tie: TIE: the tie; CHANGE of a tie: the tie active at the stage (for
 *   one that ended, the tie that ended); else -1.
 * @previous_tie: CHANGE of a tie that changed: the earlier tie it continues
 *   (see dg_timeline_changes()); else -1.
 * @change: CHANGE: began, ended or changed; else DG_CHANGE_UNCHANGED.
 */
typedef struct {
  DgDescriptionPart part;
  int party;
  int tie;
  int previous_tie;
  DgChangeKind change;
  const char *text;
} DgDescriptionItem;

/**
 * DgDescription:
 * One stage's figure described in words. Opaque; keeps a reference on its
 * graph; immutable, so any number of threads may read it at once.
 */
typedef struct DgDescription DgDescription;

/**
 * dg_describe:
 * @options: (nullable): NULL for DG_DESCRIBE_OPTIONS_INIT
 *
 * Describes what the figure of stage @stage of @graph shows, for a reader
 * who cannot see it: a short text of one sentence (what the figure is, the
 * stage, how many parties and ties, the party most of them involve, the
 * largest sum, as many of these as fit in @options->short_max characters)
 * and a long description: an overview, what changed since the stage
 * before, then every party active at the stage in the order of the file,
 * each followed by the ties that come from it (the tail of its arrow: the
 * licensor, payer, supplier, holder or investor), so each tie is described
 * exactly once, as a sentence whose subject is where the arrow starts
 * ("OpenAI grants Microsoft a nonexclusive license, until 2032."). Values
 * read as they are said ("up to $50 billion"), terms as adjectives, and a
 * tie that ends says when. Deterministic: the same graph gives the same
 * words. Returns a new description (free with dg_description_free), or
 * NULL with DG_ERROR_USAGE naming the graph's file when @stage is not one
 * of its stages or @options->short_max is under DG_DESCRIBE_SHORT_MIN.
 */
DgDescription *dg_describe (const DgGraph *graph, guint stage, const DgDescribeOptions *options, GError **error);
void dg_description_free (DgDescription *description); /* accepts NULL */

/* The stage described. */
guint dg_description_get_stage (const DgDescription *description);

/* The short text: one sentence of plain text, at most short_max characters,
 * for an image's alternative text. Borrowed from @description. */
const char *dg_description_get_short (const DgDescription *description);

/* The long description's items in reading order (borrowed from
 * @description). */
guint dg_description_n_items (const DgDescription *description);
const DgDescriptionItem *dg_description_item (const DgDescription *description, guint index);

/* The whole description as Markdown: a heading naming the graph and the
 * stage, the short text, the overview, "What changed" as a list, and a
 * heading per party with its ties as a list. Text from the input is
 * escaped so that Markdown shows it as written. Newly allocated, ending in
 * a newline. */
char *dg_description_to_markdown (const DgDescription *description);

/* The same as plain text: the same lines without Markdown's marks, for a
 * text file or a screen reader. Newly allocated, ending in a newline. */
char *dg_description_to_text (const DgDescription *description);

/* The same as a JSON object (see README "Describing figures"): the graph,
 * the stage, "short", "overview", "changes" and "parties", each party with
 * its "ties", every text as plain text and every tie keyed "t<index>" as
 * the JSON export keys it. Newly allocated, pretty-printed, ending in a
 * newline. */
char *dg_description_to_json (const DgDescription *description);

/* The whole timeline of @graph in one sentence of plain text, for a figure
 * that shows every stage (the flip-book, the animation, a strip): its title
 * (or name) and its stages in order, "Microsoft and OpenAI renegotiate
 * their partnership, in 5 stages: 1, “Earlier terms: exclusive license and
 * hosting”; 2, …." Newly allocated (g_free), not escaped. */
char *dg_describe_timeline (const DgGraph *graph);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgDescription, dg_description_free)

G_END_DECLS
