/* diff.c — what changed between two stages: marks per party and tie, and the changes in a reader's words. */
#include <string.h>

#include "diff.h"
#include "describe-private.h"
#include "dg-escape-private.h"
#include "src/scene/scene-private.h"

#define ARROW_RIGHT "\xe2\x86\x92" /* → */
#define EM_DASH "\xe2\x80\x94"     /* — */

struct DgDiff {
  DgGraph *graph;
  guint from, to;
  GArray *changes;        /* of DgChange */
  DgMark *party_marks;
  DgMark *tie_marks;
  const DgTie **previous; /* by tie: the tie a CHANGED one continues */
};

DgDiff *
dg_diff_new (const DgGraph *graph, guint from, guint to)
{
  g_return_val_if_fail (graph != NULL, NULL);
  g_return_val_if_fail (from < dg_graph_n_stages (graph) && to < dg_graph_n_stages (graph), NULL);
  DgDiff *diff = g_new0 (DgDiff, 1);
  diff->graph = dg_graph_ref ((DgGraph *) graph);
  diff->from = from;
  diff->to = to;
  diff->changes = dg_timeline_changes (graph, from, to);
  guint n_parties = dg_graph_n_parties (graph), n_ties = dg_graph_n_ties (graph);
  diff->party_marks = g_new0 (DgMark, MAX (n_parties, 1));
  diff->tie_marks = g_new0 (DgMark, MAX (n_ties, 1));
  diff->previous = g_new0 (const DgTie *, MAX (n_ties, 1));

  for (guint i = 0; i < n_parties; i++)
    {
      const DgParty *party = dg_graph_party (graph, i);
      gboolean before = dg_party_active_at (party, from), after = dg_party_active_at (party, to);
      diff->party_marks[i] = before && after ? DG_MARK_UNCHANGED
                             : before        ? DG_MARK_ENDED
                             : after         ? DG_MARK_BEGAN
                                             : DG_MARK_ABSENT;
    }
  /* A tie active at only one stage that dg_timeline_changes() does not list
   * was continued by a tie saying the same: the later one stands for both. */
  for (guint i = 0; i < n_ties; i++)
    {
      const DgTie *tie = dg_graph_tie (graph, i);
      gboolean before = dg_tie_active_at (tie, from), after = dg_tie_active_at (tie, to);
      diff->tie_marks[i] = before && after ? DG_MARK_UNCHANGED
                           : before        ? DG_MARK_REPLACED
                           : after         ? DG_MARK_UNCHANGED
                                           : DG_MARK_ABSENT;
    }
  for (guint k = 0; k < diff->changes->len; k++)
    {
      const DgChange *change = &g_array_index (diff->changes, DgChange, k);
      if (change->party != NULL)
        continue;
      switch (change->kind)
        {
        case DG_CHANGE_BEGAN:
          diff->tie_marks[change->new_tie->index] = DG_MARK_BEGAN;
          break;
        case DG_CHANGE_ENDED:
          diff->tie_marks[change->old_tie->index] = DG_MARK_ENDED;
          break;
        case DG_CHANGE_CHANGED:
          diff->tie_marks[change->new_tie->index] = DG_MARK_CHANGED;
          diff->tie_marks[change->old_tie->index] = DG_MARK_REPLACED;
          diff->previous[change->new_tie->index] = change->old_tie;
          break;
        case DG_CHANGE_UNCHANGED:
        case DG_CHANGE_ABSENT:
        case DG_CHANGE_REPLACED:
          g_assert_not_reached (); /* dg_timeline_changes() lists none */
        }
    }
  return diff;
}

void
dg_diff_free (DgDiff *diff)
{
  if (diff == NULL)
    return;
  g_array_unref (diff->changes);
  g_free (diff->party_marks);
  g_free (diff->tie_marks);
  g_free (diff->previous);
  dg_graph_unref (diff->graph);
  g_free (diff);
}

guint
dg_diff_get_from (const DgDiff *diff)
{
  g_return_val_if_fail (diff != NULL, 0);
  return diff->from;
}

guint
dg_diff_get_to (const DgDiff *diff)
{
  g_return_val_if_fail (diff != NULL, 0);
  return diff->to;
}

guint
dg_diff_n_changes (const DgDiff *diff)
{
  g_return_val_if_fail (diff != NULL, 0);
  return diff->changes->len;
}

const DgChange *
dg_diff_change (const DgDiff *diff, guint index)
{
  g_return_val_if_fail (diff != NULL && index < diff->changes->len, NULL);
  return &g_array_index (diff->changes, DgChange, index);
}

DgMark
dg_diff_party_mark (const DgDiff *diff, guint party)
{
  g_return_val_if_fail (diff != NULL && party < dg_graph_n_parties (diff->graph), DG_MARK_ABSENT);
  return diff->party_marks[party];
}

DgMark
dg_diff_tie_mark (const DgDiff *diff, guint tie)
{
  g_return_val_if_fail (diff != NULL && tie < dg_graph_n_ties (diff->graph), DG_MARK_ABSENT);
  return diff->tie_marks[tie];
}

const DgTie *
dg_diff_tie_previous (const DgDiff *diff, guint tie)
{
  g_return_val_if_fail (diff != NULL && tie < dg_graph_n_ties (diff->graph), NULL);
  return diff->previous[tie];
}

const char *
dg_mark_to_string (DgMark mark)
{
  switch (mark)
    {
    case DG_MARK_ABSENT:
      return "absent";
    case DG_MARK_UNCHANGED:
      return "unchanged";
    case DG_MARK_BEGAN:
      return "began";
    case DG_MARK_ENDED:
      return "ended";
    case DG_MARK_CHANGED:
      return "changed";
    case DG_MARK_REPLACED:
      return "replaced";
    }
  return "?";
}

/* ---- words ---------------------------------------------------------------- */

/* Applied to every piece of text that comes from the input (labels, values,
 * terms, dates), never to dealgraph's own words and arrows. */
typedef char *(*Escape) (const char *text);

static char *
no_escape (const char *text)
{
  return g_strdup (text);
}

static char *
kind_words (const DgTie *tie)
{
  char *text = g_strdup (tie->kind != NULL ? tie->kind : "tie");
  g_strdelimit (text, "_", ' ');
  return text;
}

/* "Tail → Head kind", the way the figure's arrow points, or "A — B kind"
 * in an undirected graph. */
static char *
tie_name (const DgGraph *graph, const DgTie *tie, Escape esc)
{
  g_autofree char *head = esc (dg_graph_party (graph, tie->head)->label);
  g_autofree char *tail = esc (dg_graph_party (graph, tie->tail)->label);
  g_autofree char *raw_kind = kind_words (tie);
  g_autofree char *kind = esc (raw_kind);
  if (!dg_graph_is_directed (graph))
    return g_strdup_printf ("%s " EM_DASH " %s %s", head, tail, kind);
  return g_strdup_printf ("%s " ARROW_RIGHT " %s %s", tail, head, kind);
}

/* The date a tie ends at, when its end is a dated stage; else NULL. */
static const char *
until_date (const DgGraph *graph, const DgTie *tie)
{
  if (tie->interval.until >= dg_graph_n_stages (graph))
    return NULL;
  return dg_graph_stage (graph, tie->interval.until)->date;
}

static char *
join_terms (const char *const *terms, const char *const *except, Escape esc)
{
  GString *out = g_string_new (NULL);
  for (guint i = 0; terms[i] != NULL; i++)
    {
      if (except != NULL && g_strv_contains (except, terms[i]))
        continue;
      g_autofree char *t = esc (terms[i]);
      g_string_append_printf (out, "%s%s", out->len > 0 ? " and " : "", t);
    }
  return g_string_free (out, FALSE);
}

/* What a tie says on its own: label, value, terms and, when @with_end, its
 * dated end. */
static void
tie_parts (const DgGraph *graph, const DgTie *tie, gboolean with_end, Escape esc, GPtrArray *parts)
{
  if (tie->label != NULL)
    g_ptr_array_add (parts, esc (tie->label));
  if (tie->value.present)
    g_ptr_array_add (parts, esc (tie->value.text));
  for (guint i = 0; tie->terms[i] != NULL; i++)
    g_ptr_array_add (parts, esc (tie->terms[i]));
  const char *date = with_end ? until_date (graph, tie) : NULL;
  if (date != NULL)
    {
      g_autofree char *text = dg_date_text (date);
      g_autofree char *d = esc (text);
      g_ptr_array_add (parts, g_strdup_printf ("until %s", d));
    }
}

/* What differs from @old_tie to @new_tie, piece by piece. */
static void
changed_parts (const DgGraph *graph, const DgTie *old_tie, const DgTie *new_tie, Escape esc, GPtrArray *parts)
{
  if (g_strcmp0 (old_tie->label, new_tie->label) != 0)
    {
      if (old_tie->label != NULL && new_tie->label != NULL)
        {
          g_autofree char *a = esc (old_tie->label), *b = esc (new_tie->label);
          g_ptr_array_add (parts, g_strdup_printf ("%s " ARROW_RIGHT " %s", a, b));
        }
      else if (new_tie->label != NULL)
        g_ptr_array_add (parts, esc (new_tie->label));
    }
  gboolean had = old_tie->value.present, has = new_tie->value.present;
  if (had && has && g_strcmp0 (old_tie->value.text, new_tie->value.text) != 0)
    {
      g_autofree char *a = esc (old_tie->value.text), *b = esc (new_tie->value.text);
      g_ptr_array_add (parts, g_strdup_printf ("%s " ARROW_RIGHT " %s", a, b));
    }
  else if (has && !had)
    {
      g_autofree char *b = esc (new_tie->value.text);
      g_ptr_array_add (parts, g_strdup_printf ("now %s", b));
    }
  else if (had && !has)
    {
      g_autofree char *a = esc (old_tie->value.text);
      g_ptr_array_add (parts, g_strdup_printf ("no longer %s", a));
    }
  g_autofree char *removed = join_terms (old_tie->terms, new_tie->terms, esc);
  g_autofree char *added = join_terms (new_tie->terms, old_tie->terms, esc);
  if (removed[0] != '\0' && added[0] != '\0')
    g_ptr_array_add (parts, g_strdup_printf ("%s " ARROW_RIGHT " %s", removed, added));
  else if (added[0] != '\0')
    g_ptr_array_add (parts, g_strdup_printf ("now %s", added));
  else if (removed[0] != '\0')
    g_ptr_array_add (parts, g_strdup_printf ("no longer %s", removed));
  const char *date = until_date (graph, new_tie);
  if (date != NULL && g_strcmp0 (date, until_date (graph, old_tie)) != 0)
    {
      g_autofree char *text = dg_date_text (date);
      g_autofree char *d = esc (text);
      g_ptr_array_add (parts, g_strdup_printf ("until %s", d));
    }
}

static char *
join_parts (GPtrArray *parts, const char *separator)
{
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (separator, (char **) parts->pdata);
}

static char *
describe (const DgGraph *graph, const DgChange *change, Escape esc)
{
  if (change->party != NULL)
    {
      /* The party's note says who it is to a reader who has not seen the graph. */
      g_autofree char *name = esc (change->party->label);
      g_autofree char *note = change->party->note != NULL ? esc (change->party->note) : NULL;
      const char *verb = change->kind == DG_CHANGE_BEGAN ? "enters the picture" : "leaves the picture";
      if (note != NULL)
        return g_strdup_printf ("%s (%s) %s", name, note, verb);
      return g_strdup_printf ("%s %s", name, verb);
    }
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const DgTie *tie = change->new_tie != NULL ? change->new_tie : change->old_tie;
  g_autofree char *name = tie_name (graph, tie, esc);
  switch (change->kind)
    {
    case DG_CHANGE_BEGAN:
      g_ptr_array_add (parts, g_strdup ("new"));
      tie_parts (graph, tie, TRUE, esc, parts);
      break;
    case DG_CHANGE_ENDED:
      {
        g_autoptr (GPtrArray) was = g_ptr_array_new_with_free_func (g_free);
        tie_parts (graph, tie, FALSE, esc, was);
        g_autofree char *what = was->len > 0 ? join_parts (was, ", ") : NULL;
        g_ptr_array_add (parts, what != NULL ? g_strdup_printf ("ended (was %s)", what) : g_strdup ("ended"));
        break;
      }
    case DG_CHANGE_CHANGED:
      changed_parts (graph, change->old_tie, change->new_tie, esc, parts);
      if (parts->len == 0)
        g_ptr_array_add (parts, g_strdup ("changed"));
      break;
    case DG_CHANGE_UNCHANGED:
    case DG_CHANGE_ABSENT:
    case DG_CHANGE_REPLACED:
      g_assert_not_reached (); /* not a change dg_timeline_changes() lists */
    }
  g_autofree char *details = join_parts (parts, ", ");
  return g_strdup_printf ("%s: %s", name, details);
}

char *
dg_change_describe (const DgGraph *graph, const DgChange *change)
{
  g_return_val_if_fail (graph != NULL && change != NULL, NULL);
  return describe (graph, change, no_escape);
}

char *
dg_change_label (const DgGraph *graph, const DgChange *change)
{
  g_return_val_if_fail (graph != NULL && change != NULL, NULL);
  if (change->kind != DG_CHANGE_CHANGED || change->party != NULL)
    {
      const DgTie *tie = change->new_tie != NULL ? change->new_tie : change->old_tie;
      return tie != NULL ? dg_tie_caption (graph, tie) : NULL;
    }
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  changed_parts (graph, change->old_tie, change->new_tie, no_escape, parts);
  if (parts->len == 0)
    g_ptr_array_add (parts, g_strdup ("changed"));
  return join_parts (parts, " \xc2\xb7 ");
}

guint
dg_change_party (const DgChange *change)
{
  g_return_val_if_fail (change != NULL, 0);
  if (change->party != NULL)
    return change->party->index;
  return (change->new_tie != NULL ? change->new_tie : change->old_tie)->head;
}

/* ---- summaries ------------------------------------------------------------ */

static char *
quoted_stage (const DgStage *stage, Escape esc)
{
  g_autofree char *label = esc (stage->label);
  if (stage->date != NULL && strstr (stage->label, stage->date) == NULL)
    {
      g_autofree char *date = esc (stage->date);
      return g_strdup_printf ("\xe2\x80\x9c%s\xe2\x80\x9d (%s)", label, date);
    }
  return g_strdup_printf ("\xe2\x80\x9c%s\xe2\x80\x9d", label);
}

char *
dg_diff_summary (const DgDiff *diff, DgSummaryFormat format)
{
  g_return_val_if_fail (diff != NULL, NULL);
  const DgGraph *graph = diff->graph;
  gboolean md = format == DG_SUMMARY_MARKDOWN;
  Escape esc = md ? dg_escape_markdown : no_escape;
  GString *out = g_string_new (NULL);

  const char *title = dg_graph_get_title (graph);
  if (title != NULL)
    {
      g_autofree char *t = esc (title);
      g_string_append_printf (out, md ? "# %s\n\n" : "%s\n", t);
    }
  g_autofree char *from = quoted_stage (dg_graph_stage (graph, diff->from), esc);
  g_autofree char *to = quoted_stage (dg_graph_stage (graph, diff->to), esc);
  g_string_append_printf (out, "What changed from %s to %s.\n", from, to);
  /* The arrows are dealgraph's, not the reader's: say once how they read. */
  if (diff->changes->len > 0 && dg_graph_is_directed (graph))
    g_string_append (out, "Arrows point the way things flow, as in the figures: \xe2\x80\x9c" "A " ARROW_RIGHT
                          " B license\xe2\x80\x9d is a license from A to B.\n");
  if (diff->changes->len == 0)
    {
      g_string_append (out, md ? "\nNo changes.\n" : "\n  No changes.\n");
      return g_string_free (out, FALSE);
    }
  for (guint p = 0; p < dg_graph_n_parties (graph); p++)
    {
      gboolean heading = FALSE;
      for (guint k = 0; k < diff->changes->len; k++)
        {
          const DgChange *change = &g_array_index (diff->changes, DgChange, k);
          if (dg_change_party (change) != p)
            continue;
          if (!heading)
            {
              g_autofree char *name = esc (dg_graph_party (graph, p)->label);
              g_string_append_printf (out, md ? "\n## %s\n\n" : "\n%s\n", name);
              heading = TRUE;
            }
          g_autofree char *line = describe (graph, change, esc);
          g_string_append_printf (out, md ? "- %s\n" : "  %s\n", line);
        }
    }
  return g_string_free (out, FALSE);
}

char **
dg_diff_caption_lines (const DgGraph *graph, guint stage)
{
  g_return_val_if_fail (graph != NULL && stage < dg_graph_n_stages (graph), NULL);
  GPtrArray *lines = g_ptr_array_new ();
  if (stage > 0)
    {
      g_autoptr (DgDiff) diff = dg_diff_new (graph, stage - 1, stage);
      /* Grouped by party like the summary, so a caption reads like it. */
      for (guint p = 0; p < dg_graph_n_parties (graph); p++)
        for (guint k = 0; k < diff->changes->len; k++)
          {
            const DgChange *change = &g_array_index (diff->changes, DgChange, k);
            if (dg_change_party (change) == p)
              g_ptr_array_add (lines, describe (graph, change, no_escape));
          }
    }
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (lines, FALSE);
}

/* ---- the figure ----------------------------------------------------------- */

DgScene *
dg_diff_scene_build (const DgDiff *diff, const DgLayout *layout, const DgTheme *theme,
                     const DgSceneOptions *options)
{
  g_return_val_if_fail (diff != NULL && layout != NULL && theme != NULL, NULL);
  const DgGraph *graph = diff->graph;
  guint n_ties = dg_graph_n_ties (graph);
  char **labels = g_new0 (char *, MAX (n_ties, 1));
  for (guint k = 0; k < diff->changes->len; k++)
    {
      const DgChange *change = &g_array_index (diff->changes, DgChange, k);
      if (change->party == NULL && change->kind == DG_CHANGE_CHANGED)
        labels[change->new_tie->index] = dg_change_label (graph, change);

    }
  const DgStage *from = dg_graph_stage (graph, diff->from), *to = dg_graph_stage (graph, diff->to);
  g_autofree char *caption = g_strdup_printf ("%s " ARROW_RIGHT " %s", from->label, to->label);
  DgSceneMarks marks = { diff->from, diff->party_marks, diff->tie_marks, labels, caption };
  DgScene *scene = dg_scene_build_marked (graph, layout, theme, diff->to, options, &marks);
  for (guint i = 0; i < n_ties; i++)
    g_free (labels[i]);
  g_free (labels);
  return scene;
}

char *
dg_diff_describe (const DgDiff *diff)
{
  g_return_val_if_fail (diff != NULL, NULL);
  const char *title = dg_graph_get_title (diff->graph);
  g_autofree char *name = dg_describe_plain (title != NULL ? title : dg_graph_get_name (diff->graph));
  g_autofree char *from = dg_describe_plain (dg_graph_stage (diff->graph, diff->from)->label);
  g_autofree char *to = dg_describe_plain (dg_graph_stage (diff->graph, diff->to)->label);
  GString *out = g_string_new (NULL);
  g_string_append_printf (out, "%s: what changed from stage %u, \u201c%s\u201d, to stage %u, \u201c%s\u201d.", name,
                          diff->from + 1, from, diff->to + 1, to);
  g_autoptr (GPtrArray) changes = dg_describe_changes (diff->graph, diff->from, diff->to);
  for (guint i = 0; i < changes->len; i++)
    g_string_append_printf (out, " %s", (const char *) changes->pdata[i]);
  if (changes->len == 0)
    g_string_append (out, " Nothing changed.");
  return g_string_free (out, FALSE);
}
