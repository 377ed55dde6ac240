/* timeline.c — what is active at a stage, what changed between two, and how a tie reads. */
#include <stdio.h>
#include <string.h>

#include "timeline.h"
#include "names-private.h"

gboolean
dg_interval_contains (DgInterval interval, guint stage)
{
  return stage >= interval.from && stage < interval.until;
}

gboolean
dg_party_active_at (const DgParty *party, guint stage)
{
  return dg_interval_contains (party->interval, stage);
}

gboolean
dg_tie_active_at (const DgTie *tie, guint stage)
{
  return dg_interval_contains (tie->interval, stage);
}

GArray *
dg_graph_active_parties (const DgGraph *graph, guint stage)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < dg_graph_n_parties (graph); i++)
    if (dg_party_active_at (dg_graph_party (graph, i), stage))
      g_array_append_val (out, i);
  return out;
}

GArray *
dg_graph_active_ties (const DgGraph *graph, guint stage)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    if (dg_tie_active_at (dg_graph_tie (graph, i), stage))
      g_array_append_val (out, i);
  return out;
}

/* Terms are a set: "exclusive, primary" says what "primary, exclusive" says. */
static gboolean
same_terms (const DgTie *a, const DgTie *b)
{
  for (guint i = 0; a->terms[i] != NULL; i++)
    if (!g_strv_contains ((const char *const *) b->terms, a->terms[i]))
      return FALSE;
  for (guint i = 0; b->terms[i] != NULL; i++)
    if (!g_strv_contains ((const char *const *) a->terms, b->terms[i]))
      return FALSE;
  return TRUE;
}

static gboolean
same_value (const DgValue *a, const DgValue *b)
{
  return a->present == b->present
         && g_strcmp0 (a->text, b->text) == 0;
}

/* A tie that ends and one that begins continue each other when they join the
 * same parties the same way with the same kind. In an undirected graph the
 * way is not part of the tie: A -- B continues B -- A. */
static gboolean
continues (const DgGraph *graph, const DgTie *old_tie, const DgTie *new_tie)
{
  gboolean same_way = old_tie->tail == new_tie->tail && old_tie->head == new_tie->head;
  gboolean other_way = old_tie->tail == new_tie->head && old_tie->head == new_tie->tail;
  return (same_way || (other_way && !dg_graph_is_directed (graph)))
         && g_strcmp0 (old_tie->kind, new_tie->kind) == 0;
}

GArray *
dg_timeline_changes (const DgGraph *graph, guint from, guint to)
{
  g_return_val_if_fail (from < dg_graph_n_stages (graph), NULL);
  g_return_val_if_fail (to < dg_graph_n_stages (graph), NULL);

  GArray *out = g_array_new (FALSE, TRUE, sizeof (DgChange));
  for (guint i = 0; i < dg_graph_n_parties (graph); i++)
    {
      const DgParty *party = dg_graph_party (graph, i);
      gboolean before = dg_party_active_at (party, from), after = dg_party_active_at (party, to);
      if (before != after)
        {
          DgChange change = { after ? DG_CHANGE_BEGAN : DG_CHANGE_ENDED, party, NULL, NULL };
          g_array_append_val (out, change);
        }
    }

  guint n = dg_graph_n_ties (graph);
  g_autoptr (GPtrArray) ended = g_ptr_array_new ();
  g_autoptr (GPtrArray) began = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    {
      const DgTie *tie = dg_graph_tie (graph, i);
      gboolean before = dg_tie_active_at (tie, from), after = dg_tie_active_at (tie, to);
      if (before && !after)
        g_ptr_array_add (ended, (gpointer) tie);
      else if (!before && after)
        g_ptr_array_add (began, (gpointer) tie);
    }
  /* Pair each ending tie with the first beginning tie that continues it. */
  g_autofree const DgTie **partner = g_new0 (const DgTie *, ended->len);
  g_autofree gboolean *taken = g_new0 (gboolean, began->len);
  for (guint i = 0; i < ended->len; i++)
    for (guint j = 0; j < began->len; j++)
      if (!taken[j] && continues (graph, ended->pdata[i], began->pdata[j]))
        {
          partner[i] = began->pdata[j];
          taken[j] = TRUE;
          break;
        }

  /* Emit in input order of the tie that is active at the later stage. */
  for (guint i = 0; i < n; i++)
    {
      const DgTie *tie = dg_graph_tie (graph, i);
      for (guint k = 0; k < ended->len; k++)
        if (ended->pdata[k] == tie)
          {
            const DgTie *next = partner[k];
            if (next == NULL)
              {
                DgChange change = { DG_CHANGE_ENDED, NULL, tie, NULL };
                g_array_append_val (out, change);
              }
            else if (!same_value (&tie->value, &next->value) || !same_terms (tie, next))
              {
                DgChange change = { DG_CHANGE_CHANGED, NULL, tie, next };
                g_array_append_val (out, change);
              }
          }
      for (guint k = 0; k < began->len; k++)
        if (began->pdata[k] == tie && !taken[k])
          {
            DgChange change = { DG_CHANGE_BEGAN, NULL, NULL, tie };
            g_array_append_val (out, change);
          }
    }
  return out;
}

GArray *
dg_timeline_changes_at (const DgGraph *graph, guint stage)
{
  g_return_val_if_fail (stage < dg_graph_n_stages (graph), NULL);
  if (stage > 0)
    return dg_timeline_changes (graph, stage - 1, stage);

  GArray *out = g_array_new (FALSE, TRUE, sizeof (DgChange));
  for (guint i = 0; i < dg_graph_n_parties (graph); i++)
    if (dg_party_active_at (dg_graph_party (graph, i), 0))
      {
        DgChange change = { DG_CHANGE_BEGAN, dg_graph_party (graph, i), NULL, NULL };
        g_array_append_val (out, change);
      }
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    if (dg_tie_active_at (dg_graph_tie (graph, i), 0))
      {
        DgChange change = { DG_CHANGE_BEGAN, NULL, NULL, dg_graph_tie (graph, i) };
        g_array_append_val (out, change);
      }
  return out;
}

char *
dg_date_text (const char *date)
{
  static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_return_val_if_fail (date != NULL, NULL);
  guint y = 0, m = 0, d = 0;
  int end = 0;
  size_t len = strlen (date);
  if (len == 10 && sscanf (date, "%4u-%2u-%2u%n", &y, &m, &d, &end) == 3 && end == 10 && m >= 1 && m <= 12 && d >= 1
      && d <= 31)
    return g_strdup_printf ("%u %s %04u", d, months[m - 1], y);
  if (len == 7 && sscanf (date, "%4u-%2u%n", &y, &m, &end) == 2 && end == 7 && m >= 1 && m <= 12)
    return g_strdup_printf ("%s %04u", months[m - 1], y);
  return g_strdup (date);
}

/* The parts of @tie's caption, in order (see dg_tie_caption()): borrowed
 * from @tie, except the "until" part, which is kept in *@until. */
static GPtrArray *
caption_parts (const DgGraph *graph, const DgTie *tie, char **until)
{
  GPtrArray *parts = g_ptr_array_new ();
  *until = NULL;
  if (tie->label != NULL)
    g_ptr_array_add (parts, (gpointer) tie->label);
  if (tie->value.present)
    g_ptr_array_add (parts, (gpointer) tie->value.text);
  for (guint i = 0; tie->terms[i] != NULL; i++)
    g_ptr_array_add (parts, (gpointer) tie->terms[i]);
  if (tie->interval.until < dg_graph_n_stages (graph))
    {
      /* Only a dated end says something the timeline strip does not. */
      const DgStage *stage = dg_graph_stage (graph, tie->interval.until);
      if (stage->date != NULL)
        {
          g_autofree char *date = dg_date_text (stage->date);
          *until = g_strdup_printf ("until %s", date);
          g_ptr_array_add (parts, *until);
        }
    }
  return parts;
}

char *
dg_tie_caption (const DgGraph *graph, const DgTie *tie)
{
  g_autofree char *until = NULL;
  g_autoptr (GPtrArray) parts = caption_parts (graph, tie, &until);
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" \xc2\xb7 ", (char **) parts->pdata);
}

/* @text on one line: every run of white space (line breaks of a multi-line
 * label) as one space, and without any at the ends. */
static void
append_one_line (GString *out, const char *text)
{
  gboolean space = FALSE;
  gsize start = out->len;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > start)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }
}

/* A kind as words: "revenue_share" reads "revenue share". */
static void
append_kind (GString *out, const char *kind)
{
  for (const char *p = kind; *p != '\0'; p++)
    g_string_append_c (out, *p == '_' || *p == '-' ? ' ' : *p);
}

char *
dg_party_accessible_name (const DgParty *party)
{
  GString *out = g_string_new (NULL);
  append_one_line (out, party->label);
  if (party->kind != NULL)
    {
      g_string_append (out, ", ");
      append_kind (out, party->kind);
    }
  return g_string_free (out, FALSE);
}

char *
dg_tie_accessible_name (const DgGraph *graph, const DgTie *tie)
{
  GString *out = g_string_new (NULL);
  /* Plain DOT has nodes and edges rather than parties and ties. */
  append_kind (out, tie->kind != NULL ? tie->kind : dg_graph_is_plain (graph) ? "edge" : "tie");
  const DgParty *tail = dg_graph_party (graph, tie->tail), *head = dg_graph_party (graph, tie->head);
  g_string_append (out, dg_graph_is_directed (graph) ? " from " : " between ");
  append_one_line (out, tail->label);
  g_string_append (out, dg_graph_is_directed (graph) ? " to " : " and ");
  append_one_line (out, head->label);
  g_autofree char *until = NULL;
  g_autoptr (GPtrArray) parts = caption_parts (graph, tie, &until);
  for (guint i = 0; i < parts->len; i++)
    {
      g_string_append (out, ", ");
      append_one_line (out, parts->pdata[i]);
    }
  return g_string_free (out, FALSE);
}
