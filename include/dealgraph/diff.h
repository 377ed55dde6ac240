/* diff.h — what changed between two stages: marks, a summary in words, a marked figure, small multiples. */
#pragma once

#include <glib.h>
#include "model.h"
#include "timeline.h"
#include "theme.h"
#include "layout.h"
#include "scene.h"

G_BEGIN_DECLS

/* How one party or tie fares between an earlier and a later stage: the
 * timeline's DgChangeKind (one enum for changes), under the names diff has
 * always used. */
typedef DgChangeKind DgMark;
#define DG_MARK_ABSENT DG_CHANGE_ABSENT
#define DG_MARK_UNCHANGED DG_CHANGE_UNCHANGED
#define DG_MARK_BEGAN DG_CHANGE_BEGAN
#define DG_MARK_ENDED DG_CHANGE_ENDED
#define DG_MARK_CHANGED DG_CHANGE_CHANGED
#define DG_MARK_REPLACED DG_CHANGE_REPLACED

/**
 * DgDiff:
 * The changes between stage @from and stage @to of a graph (see
 * dg_timeline_changes()), with a mark for every party and tie. Keeps a
 * reference on the graph.
 */
typedef struct DgDiff DgDiff;

/* Returns a new diff (free with dg_diff_free). @from and @to must be stage
 * indices of @graph; they may be equal (nothing changed) or in either order. */
DgDiff *dg_diff_new (const DgGraph *graph, guint from, guint to);
void dg_diff_free (DgDiff *diff); /* accepts NULL */

guint dg_diff_get_from (const DgDiff *diff);
guint dg_diff_get_to (const DgDiff *diff);
/* The changes, parties first then ties, each in input order (borrowed). */
guint dg_diff_n_changes (const DgDiff *diff);
const DgChange *dg_diff_change (const DgDiff *diff, guint index);
DgMark dg_diff_party_mark (const DgDiff *diff, guint party);
DgMark dg_diff_tie_mark (const DgDiff *diff, guint tie);
/* For a CHANGED tie: the earlier tie it continues; else NULL. */
const DgTie *dg_diff_tie_previous (const DgDiff *diff, guint tie);

/* "began", "ended", … (for tests and messages). */
const char *dg_mark_to_string (DgMark mark);

/**
 * dg_change_describe:
 * @change in a reader's words, one line of plain UTF-8 (newly allocated):
 * "Microsoft ← OpenAI license: exclusive → nonexclusive, until 2032",
 * "Enterprises: new party", "OpenAI ← Microsoft revenue share: ended".
 * A tie is written from its head ("Head ← Tail kind"), so a party's list
 * reads as what it receives; in an undirected graph "A — B kind".
 */
char *dg_change_describe (const DgGraph *graph, const DgChange *change);

/* What a figure writes on a CHANGED tie: "exclusive → nonexclusive · until
 * 2032" (newly allocated, never NULL for a CHANGED tie change). For other
 * changes, the later (or only) tie's dg_tie_caption(). */
char *dg_change_label (const DgGraph *graph, const DgChange *change);

/* The party a change is listed under in a summary: the party itself, or a
 * tie's head. */
guint dg_change_party (const DgChange *change);

typedef enum {
  DG_SUMMARY_MARKDOWN, /* headings per party, "- " items, labels escaped */
  DG_SUMMARY_PLAIN,    /* the same lines as text, indented; no escaping */
} DgSummaryFormat;

/**
 * dg_diff_summary:
 * The changes of @diff as text, grouped by party in input order, each group
 * headed by the party's label: a title line naming both stages, then one
 * line per change (dg_change_describe()); "No changes." when there are
 * none. Markdown escapes every character Markdown gives a meaning to in
 * labels and ids. Deterministic. Newly allocated.
 */
char *dg_diff_summary (const DgDiff *diff, DgSummaryFormat format);

/* @diff in plain text for its figure's description (the SVG's <desc>, the
 * PDF's subject): "Microsoft and OpenAI renegotiate their partnership:
 * what changed from stage 1, “…”, to stage 3, “…”." and then one sentence
 * per change in dg_describe()'s words ("New: OpenAI supplies AWS Bedrock
 * through a channel."), or "Nothing changed." Newly allocated. */
char *dg_diff_describe (const DgDiff *diff);

/**
 * dg_diff_scene_build:
 * One figure of @diff on @layout's geometry for the later stage: what is
 * active at either stage, with what began, ended and changed marked as
 * @theme's [change …] styles say, CHANGED ties labelled "old → new", and a
 * legend of the marks after the kinds' legend. @options as for
 * dg_scene_build() (the caption names both stages; the timeline strip
 * marks both). Returns a new scene.
 */
DgScene *dg_diff_scene_build (const DgDiff *diff, const DgLayout *layout, const DgTheme *theme,
                              const DgSceneOptions *options);

/* The lines dg_scene_build() writes under a stage's caption when
 * DgSceneOptions.changes is set: what changed since the stage before, one
 * dg_change_describe() line each; an empty array for the first stage.
 * Returns a new NULL-terminated array (g_strfreev). */
char **dg_diff_caption_lines (const DgGraph *graph, guint stage);

typedef struct {
  guint version;
  double page_width, page_height; /* points: A4 portrait is 595 × 842 */
  guint columns;                  /* 0: as many as make the panels largest */
  double margin;                  /* points around the page's content */
  double min_text;                /* points: no furniture text smaller at print size */
  /* Version 2: the smallest text, in the layout's points, the layout was
   * made for (with dg_theme_new_with_min_text()); the panels draw their
   * text that large, never larger, so labels fit the parties sized for
   * them. 0: the theme's own sizes. */
  double panel_text;
} DgStripOptions;

#define DG_STRIP_OPTIONS_VERSION 2
#define DG_STRIP_OPTIONS_INIT { DG_STRIP_OPTIONS_VERSION, 595.0, 842.0, 0, 28.0, 6.0, 0.0 }
/* DG_STRIP_OPTIONS_INIT as a function (see dealgraph.h, "Options"). */
gboolean dg_strip_options_init (DgStripOptions *options, guint version);

/**
 * dg_strip_scene_build:
 * Small multiples: the stages @stages (@n_stages indices, in the order
 * given) as panels in a grid on one page of @options' size, every panel at
 * the same scale and, in union mode, the same geometry; one caption per
 * panel (stage label and date), the graph's title at the top, one legend
 * of everything shown and the credit line at the bottom. The furniture's
 * text is at least @options->min_text points at print size; the panels'
 * text is what @layout was made for (@options->panel_text), scaled down
 * with the panels: to read it at @options->min_text, lay the graph out
 * with larger text (see dg_strip_panel_scale()). Returns a new scene of
 * exactly the page's size, or NULL with DG_ERROR_USAGE when the page is too
 * small for the panels.
 */
DgScene *dg_strip_scene_build (const DgGraph *graph, const DgLayout *layout, const DgTheme *theme,
                               const guint *stages, guint n_stages, const DgStripOptions *options,
                               GError **error);

/**
 * dg_strip_panel_scale:
 * The scale dg_strip_scene_build() would draw @layout's panels at (page
 * points per layout point), 0 when they would not fit. Text of size T in
 * the layout prints at T × this: a caller that wants panel text of at least
 * @options->min_text lays the graph out with text of min_text / scale
 * (dg_theme_new_with_min_text()), which makes the geometry larger and the
 * scale smaller, and tries again (`dealgraph strip` does three rounds).
 */
double dg_strip_panel_scale (const DgGraph *graph, const DgLayout *layout, const DgTheme *theme,
                             const guint *stages, guint n_stages, const DgStripOptions *options);

/**
 * dg_strip_layout:
 * Lays @graph out for a strip of @stages (see dg_strip_scene_build()) with
 * @layout_options: with @theme, then, while the panels' text would print
 * under @options->min_text, with text enlarged until it would: each try
 * makes the layout larger and the panels smaller, so up to eight tries aim
 * past the floor (secant steps) and the largest printed size found is
 * kept. Sets @options->panel_text to the
 * text the returned layout was made for, so dg_strip_scene_build() draws
 * exactly that. @options must be version 2. Returns a new layout (free
 * with dg_layout_free), or NULL with @error set when the first layout
 * fails. The printed size reached may still be under the floor: check
 * dg_scene_min_font_size() of the strip.
 */
DgLayout *dg_strip_layout (const DgGraph *graph, const DgTheme *theme, const DgLayoutOptions *layout_options,
                           const guint *stages, guint n_stages, DgStripOptions *options, GError **error);

/* The smallest font size of @scene's text items, points; 0 when it has none. */
double dg_scene_min_font_size (const DgScene *scene);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgDiff, dg_diff_free)

G_END_DECLS
