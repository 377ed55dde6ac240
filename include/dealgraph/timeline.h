/* timeline.h — what is active at a stage, and what changed between two. */
#pragma once

#include <glib.h>
#include "model.h"

G_BEGIN_DECLS

/* TRUE when stage index @stage lies in [from, until). */
gboolean dg_interval_contains (DgInterval interval, guint stage);

gboolean dg_party_active_at (const DgParty *party, guint stage);
gboolean dg_tie_active_at (const DgTie *tie, guint stage);

/* Indices of the parties (ties) active at @stage, in input order.
 * Returns a new GArray of guint; free with g_array_unref. */
GArray *dg_graph_active_parties (const DgGraph *graph, guint stage);
GArray *dg_graph_active_ties (const DgGraph *graph, guint stage);

/* How a party or tie fares between an earlier and a later stage: the one
 * enum for changes, used by dg_timeline_changes() (the first three), by
 * diff's marks (all of them; see dg_diff_party_mark()) and by themes'
 * [change …] looks (the first three). */
typedef enum {
  DG_CHANGE_BEGAN,     /* active at the later stage only */
  DG_CHANGE_ENDED,     /* active at the earlier stage only */
  DG_CHANGE_CHANGED,   /* a tie continued by another with the same endpoints and
                          kind but a different value or terms (the later tie) */
  DG_CHANGE_UNCHANGED, /* active at both, or continued by a tie that says the same */
  DG_CHANGE_ABSENT,    /* active at neither stage */
  DG_CHANGE_REPLACED,  /* the earlier tie of a continued pair: the later one stands for it */
} DgChangeKind;

/* TRUE for the kinds a figure marks (began, ended, changed). */
#define DG_CHANGE_IS_MARKED(kind) ((kind) <= DG_CHANGE_CHANGED)

/**
 * DgChange:
 * One difference between two stages. For parties @party is set and @old_tie /
 * @new_tie are NULL; for ties @party is NULL. BEGAN sets @new_tie, ENDED sets
 * @old_tie, CHANGED sets both.
 */
typedef struct {
  DgChangeKind kind;
  const DgParty *party;
  const DgTie *old_tie;
  const DgTie *new_tie;
} DgChange;

/* The differences between stage @from and stage @to (any two indices), parties
 * first, then ties, each in input order. Returns a new GArray of DgChange
 * whose pointers borrow from @graph. */
GArray *dg_timeline_changes (const DgGraph *graph, guint from, guint to);

/* What begins and what ends exactly at @stage compared with the one before
 * (for stage 0, everything active begins). Same as dg_timeline_changes(). */
GArray *dg_timeline_changes_at (const DgGraph *graph, guint stage);

/* A stage date as figures and summaries write it, the same in every
 * locale: "2032" stays "2032", "2030-06" reads "Jun 2030", "2030-06-05"
 * reads "5 Jun 2030". Anything else is returned as it is. Newly allocated. */
char *dg_date_text (const char *date);

/* How a tie reads in a figure: its DOT label if any, the value as written,
 * the terms and, for a tie that ends at a dated stage, "until <date>" (as
 * dg_date_text() writes it), joined by " · " ("nonexclusive · until 2032").
 * NULL when the tie has nothing to show. Newly allocated. */
char *dg_tie_caption (const DgGraph *graph, const DgTie *tie);

G_END_DECLS
