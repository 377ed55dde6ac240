/* test-timeline.c — intervals, what is active at each stage, what changes between stages, tie captions. */
#include <criterion/criterion.h>
#include <string.h>

#include "error.h"
#include "load.h"
#include "model.h"
#include "timeline.h"

#include "dg-test.h"

/* ---- helpers ----------------------------------------------------------- */

/* "kind tail->head [term,term] (value)": enough to tell every tie of the
 * deal fixture apart. */
static char *
tie_desc (const DgGraph *graph, const DgTie *tie)
{
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, "%s %s->%s", tie->kind != NULL ? tie->kind : "(none)",
                          dg_graph_party (graph, tie->tail)->id, dg_graph_party (graph, tie->head)->id);
  if (tie->terms[0] != NULL)
    {
      g_autofree char *terms = g_strjoinv (",", (char **) tie->terms);
      g_string_append_printf (s, " [%s]", terms);
    }
  if (tie->value.present)
    g_string_append_printf (s, " (%s)", tie->value.text);
  return g_string_free (s, FALSE);
}

/* @got (a GPtrArray of strings, consumed) sorted equals @want (NULL-terminated, sorted). */
static void
assert_same_set (GPtrArray *got, const char *const *want, const char *what)
{
  g_ptr_array_sort (got, dg_test_compare_strings);
  g_ptr_array_add (got, NULL);
  g_autofree char *got_s = g_strjoinv ("\n    ", (char **) got->pdata);
  g_autofree char *want_s = g_strjoinv ("\n    ", (char **) want);
  g_ptr_array_unref (got);
  cr_assert_str_eq (got_s, want_s, "%s:\n  got:\n    %s\n  want:\n    %s", what, got_s, want_s);
}

static GPtrArray *
active_party_ids (const DgGraph *graph, guint stage)
{
  g_autoptr (GArray) active = dg_graph_active_parties (graph, stage);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < active->len; i++)
    {
      guint k = g_array_index (active, guint, i);
      if (i > 0)
        cr_assert_gt (k, g_array_index (active, guint, i - 1), "indices in increasing order");
      cr_assert (dg_party_active_at (dg_graph_party (graph, k), stage));
      g_ptr_array_add (out, g_strdup (dg_graph_party (graph, k)->id));
    }
  return out;
}

static GPtrArray *
active_tie_descs (const DgGraph *graph, guint stage)
{
  g_autoptr (GArray) active = dg_graph_active_ties (graph, stage);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < active->len; i++)
    {
      guint k = g_array_index (active, guint, i);
      if (i > 0)
        cr_assert_gt (k, g_array_index (active, guint, i - 1), "indices in increasing order");
      cr_assert (dg_tie_active_at (dg_graph_tie (graph, k), stage));
      g_ptr_array_add (out, tie_desc (graph, dg_graph_tie (graph, k)));
    }
  return out;
}

/* One line per change, checking each DgChange's fields are set as documented:
 * "BEGAN party X", "ENDED <tie>", "CHANGED <old> => <new>". Also checks that
 * party changes come before tie changes. */
static GPtrArray *
change_lines (const DgGraph *graph, GArray *changes)
{
  cr_assert_not_null (changes);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  gboolean seen_tie = FALSE;
  static const char *const names[] = { "BEGAN", "ENDED", "CHANGED" };
  for (guint i = 0; i < changes->len; i++)
    {
      const DgChange *c = &g_array_index (changes, DgChange, i);
      cr_assert (c->kind <= DG_CHANGE_CHANGED);
      const char *name = names[c->kind];
      if (c->party != NULL)
        {
          cr_assert_not (seen_tie, "party %s listed after a tie", c->party->id);
          cr_assert_null (c->old_tie);
          cr_assert_null (c->new_tie);
          cr_assert_neq (c->kind, DG_CHANGE_CHANGED, "a party cannot change");
          g_ptr_array_add (out, g_strdup_printf ("%s party %s", name, c->party->id));
          continue;
        }
      seen_tie = TRUE;
      switch (c->kind)
        {
        case DG_CHANGE_BEGAN:
          {
            cr_assert_null (c->old_tie);
            cr_assert_not_null (c->new_tie);
            g_autofree char *new = tie_desc (graph, c->new_tie);
            g_ptr_array_add (out, g_strconcat ("BEGAN ", new, NULL));
          }
          break;
        case DG_CHANGE_ENDED:
          {
            cr_assert_not_null (c->old_tie);
            cr_assert_null (c->new_tie);
            g_autofree char *old = tie_desc (graph, c->old_tie);
            g_ptr_array_add (out, g_strconcat ("ENDED ", old, NULL));
          }
          break;
        case DG_CHANGE_CHANGED:
          {
            cr_assert_not_null (c->old_tie);
            cr_assert_not_null (c->new_tie);
            cr_assert_neq (c->old_tie, c->new_tie);
            g_autofree char *old = tie_desc (graph, c->old_tie);
            g_autofree char *new = tie_desc (graph, c->new_tie);
            g_ptr_array_add (out, g_strdup_printf ("CHANGED %s => %s", old, new));
          }
          break;
        case DG_CHANGE_UNCHANGED:
        case DG_CHANGE_ABSENT:
        case DG_CHANGE_REPLACED:
          cr_assert_fail ("dg_timeline_changes listed a %d, which is no change", c->kind);
        }
    }
  return out;
}

static GPtrArray *
changes_between (const DgGraph *graph, guint from, guint to)
{
  g_autoptr (GArray) changes = dg_timeline_changes (graph, from, to);
  return change_lines (graph, changes);
}

/* ---- intervals --------------------------------------------------------- */

Test (interval, from_inclusive_until_exclusive)
{
  DgInterval iv = { 1, 3 };
  cr_assert_not (dg_interval_contains (iv, 0));
  cr_assert (dg_interval_contains (iv, 1), "from is inclusive");
  cr_assert (dg_interval_contains (iv, 2));
  cr_assert_not (dg_interval_contains (iv, 3), "until is exclusive");
  cr_assert_not (dg_interval_contains (iv, 4));
}

Test (interval, empty_interval_contains_nothing)
{
  DgInterval iv = { 2, 2 };
  for (guint s = 0; s < 5; s++)
    cr_assert_not (dg_interval_contains (iv, s));
}

static const char four_stages[] =
  "digraph {\n"
  "  subgraph timeline { s1 -> s2 -> s3 -> s4 }\n"
  "  always;\n"
  "  late [from = s2];\n"
  "  early [until = s3];\n"
  "  middle [from = s2, until = s3];\n"
  "  always -> late [kind = stake, from = s3];\n"
  "  always -> early [kind = license, until = s2];\n"
  "  always -> middle [kind = channel, from = s2, until = s3];\n"
  "  always -> always [kind = owns];\n"
  "}\n";

Test (interval, missing_from_and_until_span_the_timeline)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (four_stages);
  cr_assert_eq (dg_graph_n_stages (graph), 4);
  const DgParty *always = dg_graph_find_party (graph, "always");
  cr_assert_eq (always->interval.from, 0, "missing from: the first stage");
  cr_assert_eq (always->interval.until, 4, "missing until: past the last stage");
  const DgParty *late = dg_graph_find_party (graph, "late");
  cr_assert_eq (late->interval.from, 1);
  cr_assert_eq (late->interval.until, 4);
  const DgParty *early = dg_graph_find_party (graph, "early");
  cr_assert_eq (early->interval.from, 0);
  cr_assert_eq (early->interval.until, 2);
  const DgParty *middle = dg_graph_find_party (graph, "middle");
  cr_assert_eq (middle->interval.from, 1);
  cr_assert_eq (middle->interval.until, 2);
}

Test (interval, party_active_per_stage)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (four_stages);
  static const char *const s1[] = { "always", "early", NULL };
  static const char *const s2[] = { "always", "early", "late", "middle", NULL };
  static const char *const s3[] = { "always", "late", NULL };
  static const char *const s4[] = { "always", "late", NULL };
  assert_same_set (active_party_ids (graph, 0), s1, "s1");
  assert_same_set (active_party_ids (graph, 1), s2, "s2");
  assert_same_set (active_party_ids (graph, 2), s3, "s3");
  assert_same_set (active_party_ids (graph, 3), s4, "s4");
}

Test (interval, tie_active_per_stage)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (four_stages);
  static const char *const s1[] = { "license always->early", "owns always->always", NULL };
  static const char *const s2[] = { "channel always->middle", "owns always->always", NULL };
  static const char *const s3[] = { "owns always->always", "stake always->late", NULL };
  static const char *const s4[] = { "owns always->always", "stake always->late", NULL };
  assert_same_set (active_tie_descs (graph, 0), s1, "s1");
  assert_same_set (active_tie_descs (graph, 1), s2, "s2");
  assert_same_set (active_tie_descs (graph, 2), s3, "s3");
  assert_same_set (active_tie_descs (graph, 3), s4, "s4");
}

Test (interval, static_graph_everything_active_at_all)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { a -> b; b -> c; }");
  g_autoptr (GArray) parties = dg_graph_active_parties (graph, 0);
  g_autoptr (GArray) ties = dg_graph_active_ties (graph, 0);
  cr_assert_eq (parties->len, 3);
  cr_assert_eq (ties->len, 2);
}

/* ---- the deal fixture, stage by stage -------------------------------------- */

Test (deal, stage_order)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  cr_assert_eq (dg_test_stage (graph, "before"), 0);
  cr_assert_eq (dg_test_stage (graph, "amazon"), 1);
  cr_assert_eq (dg_test_stage (graph, "agreement"), 2);
  cr_assert_eq (dg_test_stage (graph, "y2030"), 3);
  cr_assert_eq (dg_test_stage (graph, "y2032"), 4);
}

Test (deal, parties_active_at_each_stage)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  static const char *const before[] = { "Azure", "Microsoft", "OpenAI", NULL };
  static const char *const amazon[] = { "Amazon", "Azure", "Microsoft", "OpenAI", NULL };
  static const char *const all[] = { "AWS Bedrock", "Amazon", "Azure", "Enterprises", "Microsoft", "OpenAI",
                                     NULL };
  assert_same_set (active_party_ids (graph, dg_test_stage (graph, "before")), before, "before");
  assert_same_set (active_party_ids (graph, dg_test_stage (graph, "amazon")), amazon, "amazon");
  assert_same_set (active_party_ids (graph, dg_test_stage (graph, "agreement")), all, "agreement");
  assert_same_set (active_party_ids (graph, dg_test_stage (graph, "y2030")), all, "y2030");
  assert_same_set (active_party_ids (graph, dg_test_stage (graph, "y2032")), all, "y2032");
}

Test (deal, ties_active_before)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  static const char *const want[] = {
    "channel OpenAI->Azure [exclusive]",
    "investment Microsoft->OpenAI",
    "license OpenAI->Microsoft [exclusive]",
    "revenue_share Microsoft->OpenAI",
    "revenue_share OpenAI->Microsoft",
    "stake Microsoft->OpenAI (about 27%)",
    NULL,
  };
  assert_same_set (active_tie_descs (graph, dg_test_stage (graph, "before")), want, "before");
}

Test (deal, ties_active_at_amazon)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  static const char *const want[] = {
    "channel OpenAI->Azure [exclusive]",
    "investment Amazon->OpenAI (up to $50B)",
    "investment Microsoft->OpenAI",
    "license OpenAI->Microsoft [exclusive]",
    "revenue_share Microsoft->OpenAI",
    "revenue_share OpenAI->Microsoft",
    "stake Microsoft->OpenAI (about 27%)",
    NULL,
  };
  assert_same_set (active_tie_descs (graph, dg_test_stage (graph, "amazon")), want, "amazon");
}

Test (deal, ties_active_at_agreement)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  static const char *const want[] = {
    "channel AWS Bedrock->Enterprises",
    "channel Azure->Enterprises",
    "channel OpenAI->AWS Bedrock",
    "channel OpenAI->Azure [primary]",
    "investment Amazon->OpenAI (up to $50B)",
    "investment Microsoft->OpenAI",
    "license OpenAI->Microsoft [nonexclusive]",
    "revenue_share OpenAI->Microsoft [capped]",
    "stake Microsoft->OpenAI (about 27%)",
    NULL,
  };
  assert_same_set (active_tie_descs (graph, dg_test_stage (graph, "agreement")), want, "agreement");
}

Test (deal, ties_active_at_y2030)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  static const char *const want[] = {
    "channel AWS Bedrock->Enterprises",
    "channel Azure->Enterprises",
    "channel OpenAI->AWS Bedrock",
    "channel OpenAI->Azure [primary]",
    "investment Amazon->OpenAI (up to $50B)",
    "investment Microsoft->OpenAI",
    "license OpenAI->Microsoft [nonexclusive]",
    "stake Microsoft->OpenAI (about 27%)",
    NULL,
  };
  assert_same_set (active_tie_descs (graph, dg_test_stage (graph, "y2030")), want, "y2030");
}

Test (deal, ties_active_at_y2032)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  static const char *const want[] = {
    "channel AWS Bedrock->Enterprises",
    "channel Azure->Enterprises",
    "channel OpenAI->AWS Bedrock",
    "channel OpenAI->Azure [primary]",
    "investment Amazon->OpenAI (up to $50B)",
    "investment Microsoft->OpenAI",
    "stake Microsoft->OpenAI (about 27%)",
    NULL,
  };
  assert_same_set (active_tie_descs (graph, dg_test_stage (graph, "y2032")), want, "y2032");
}

/* ---- the deal fixture, stage to stage -------------------------------------- */

Test (deal, changes_at_amazon)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  static const char *const want[] = {
    "BEGAN investment Amazon->OpenAI (up to $50B)",
    "BEGAN party Amazon",
    NULL,
  };
  assert_same_set (changes_between (graph, 0, 1), want, "before -> amazon");
}

Test (deal, changes_at_agreement)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  static const char *const want[] = {
    "BEGAN channel AWS Bedrock->Enterprises",
    "BEGAN channel Azure->Enterprises",
    "BEGAN channel OpenAI->AWS Bedrock",
    "BEGAN party AWS Bedrock",
    "BEGAN party Enterprises",
    "CHANGED channel OpenAI->Azure [exclusive] => channel OpenAI->Azure [primary]",
    "CHANGED license OpenAI->Microsoft [exclusive] => license OpenAI->Microsoft [nonexclusive]",
    "CHANGED revenue_share OpenAI->Microsoft => revenue_share OpenAI->Microsoft [capped]",
    "ENDED revenue_share Microsoft->OpenAI",
    NULL,
  };
  assert_same_set (changes_between (graph, 1, 2), want, "amazon -> agreement");
}

Test (deal, changes_at_y2030)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  static const char *const want[] = {
    "ENDED revenue_share OpenAI->Microsoft [capped]",
    NULL,
  };
  assert_same_set (changes_between (graph, 2, 3), want, "agreement -> y2030");
}

Test (deal, changes_at_y2032)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  static const char *const want[] = {
    "ENDED license OpenAI->Microsoft [nonexclusive]",
    NULL,
  };
  assert_same_set (changes_between (graph, 3, 4), want, "y2030 -> y2032");
}

Test (deal, changes_at_first_stage_begin_everything)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (GArray) changes = dg_timeline_changes_at (graph, 0);
  static const char *const want[] = {
    "BEGAN channel OpenAI->Azure [exclusive]",
    "BEGAN investment Microsoft->OpenAI",
    "BEGAN license OpenAI->Microsoft [exclusive]",
    "BEGAN party Azure",
    "BEGAN party Microsoft",
    "BEGAN party OpenAI",
    "BEGAN revenue_share Microsoft->OpenAI",
    "BEGAN revenue_share OpenAI->Microsoft",
    "BEGAN stake Microsoft->OpenAI (about 27%)",
    NULL,
  };
  assert_same_set (change_lines (graph, changes), want, "changes_at(before)");
}

Test (deal, changes_at_equals_changes_from_previous_stage)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  for (guint s = 1; s < dg_graph_n_stages (graph); s++)
    {
      g_autoptr (GArray) at = dg_timeline_changes_at (graph, s);
      g_autoptr (GArray) between = dg_timeline_changes (graph, s - 1, s);
      cr_assert_eq (at->len, between->len, "stage %u", s);
      for (guint i = 0; i < at->len; i++)
        {
          const DgChange *a = &g_array_index (at, DgChange, i);
          const DgChange *b = &g_array_index (between, DgChange, i);
          cr_assert (a->kind == b->kind && a->party == b->party && a->old_tie == b->old_tie
                     && a->new_tie == b->new_tie, "stage %u, change %u", s, i);
        }
    }
}

Test (deal, license_change_points_at_both_ties)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (GArray) changes = dg_timeline_changes (graph, dg_test_stage (graph, "amazon"),
                                                    dg_test_stage (graph, "agreement"));
  const DgChange *license = NULL;
  for (guint i = 0; i < changes->len; i++)
    {
      const DgChange *c = &g_array_index (changes, DgChange, i);
      if (c->old_tie != NULL && g_strcmp0 (c->old_tie->kind, "license") == 0)
        license = c;
    }
  cr_assert_not_null (license);
  cr_assert_eq (license->kind, DG_CHANGE_CHANGED);
  cr_assert (dg_tie_has_term (license->old_tie, "exclusive"));
  cr_assert (dg_tie_has_term (license->new_tie, "nonexclusive"));
  cr_assert_eq (license->old_tie->interval.until, license->new_tie->interval.from);
}

Test (deal, no_changes_between_a_stage_and_itself)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      g_autoptr (GArray) changes = dg_timeline_changes (graph, s, s);
      cr_assert_eq (changes->len, 0, "stage %u", s);
    }
}

Test (deal, changes_across_the_whole_timeline)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  /* before -> y2032: the license is gone entirely (its successor ended too),
   * the revenue share OpenAI pays is gone, the Azure channel changed. */
  static const char *const want[] = {
    "BEGAN channel AWS Bedrock->Enterprises",
    "BEGAN channel Azure->Enterprises",
    "BEGAN channel OpenAI->AWS Bedrock",
    "BEGAN investment Amazon->OpenAI (up to $50B)",
    "BEGAN party AWS Bedrock",
    "BEGAN party Amazon",
    "BEGAN party Enterprises",
    "CHANGED channel OpenAI->Azure [exclusive] => channel OpenAI->Azure [primary]",
    "ENDED license OpenAI->Microsoft [exclusive]",
    "ENDED revenue_share Microsoft->OpenAI",
    "ENDED revenue_share OpenAI->Microsoft",
    NULL,
  };
  assert_same_set (changes_between (graph, 0, 4), want, "before -> y2032");
}

/* ---- changes on purpose-built graphs ----------------------------------- */

Test (changes, split_with_new_value_is_changed)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { subgraph timeline { s1 -> s2 }\n"
                                                 "  a -> b [kind = stake, value = \"10%\", until = s2];\n"
                                                 "  a -> b [kind = stake, value = \"18%\", from = s2]; }");
  g_autoptr (GArray) changes = dg_timeline_changes (graph, 0, 1);
  cr_assert_eq (changes->len, 1, "one CHANGED, not ENDED + BEGAN");
  const DgChange *c = &g_array_index (changes, DgChange, 0);
  cr_assert_eq (c->kind, DG_CHANGE_CHANGED);
  cr_assert_null (c->party);
  cr_assert_str_eq (c->old_tie->value.text, "10%");
  cr_assert_str_eq (c->new_tie->value.text, "18%");
}

Test (changes, split_with_new_terms_is_changed)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { subgraph timeline { s1 -> s2 }\n"
                                                 "  a -> b [kind = license, terms = exclusive, until = s2];\n"
                                                 "  a -> b [kind = license, terms = nonexclusive, from = s2]; }");
  g_autoptr (GArray) changes = dg_timeline_changes (graph, 0, 1);
  cr_assert_eq (changes->len, 1);
  cr_assert_eq (g_array_index (changes, DgChange, 0).kind, DG_CHANGE_CHANGED);
}

Test (changes, value_appearing_is_changed)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { subgraph timeline { s1 -> s2 }\n"
                                                 "  a -> b [kind = stake, until = s2];\n"
                                                 "  a -> b [kind = stake, value = \"5%\", from = s2]; }");
  g_autoptr (GArray) changes = dg_timeline_changes (graph, 0, 1);
  cr_assert_eq (changes->len, 1);
  cr_assert_eq (g_array_index (changes, DgChange, 0).kind, DG_CHANGE_CHANGED);
}

Test (changes, different_kind_is_ended_and_began)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { subgraph timeline { s1 -> s2 }\n"
                                                 "  a -> b [kind = stake, value = \"10%\", until = s2];\n"
                                                 "  a -> b [kind = investment, value = \"10%\", from = s2]; }");
  static const char *const want[] = {
    "BEGAN investment a->b (10%)",
    "ENDED stake a->b (10%)",
    NULL,
  };
  assert_same_set (changes_between (graph, 0, 1), want, "stake -> investment");
}

Test (changes, reversed_direction_is_ended_and_began)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { subgraph timeline { s1 -> s2 }\n"
                                                 "  a -> b [kind = license, until = s2];\n"
                                                 "  b -> a [kind = license, from = s2]; }");
  static const char *const want[] = {
    "BEGAN license b->a",
    "ENDED license a->b",
    NULL,
  };
  assert_same_set (changes_between (graph, 0, 1), want, "a->b -> b->a");
}

Test (changes, identical_split_is_no_change)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { subgraph timeline { s1 -> s2 }\n"
                                                 "  a -> b [kind = stake, value = \"10%\", terms = \"voting\","
                                                 " until = s2, note = \"first filing\"];\n"
                                                 "  a -> b [kind = stake, value = \"10%\", terms = \"voting\","
                                                 " from = s2, note = \"second filing\"]; }");
  g_autoptr (GArray) changes = dg_timeline_changes (graph, 0, 1);
  cr_assert_eq (changes->len, 0, "same value and terms: nothing changed (got %u changes)", changes->len);
}

Test (changes, terms_in_another_order_is_no_change)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { subgraph timeline { s1 -> s2 }\n"
                                                 "  a -> b [kind = license, terms = \"exclusive, primary\","
                                                 " until = s2];\n"
                                                 "  a -> b [kind = license, terms = \"primary, exclusive\","
                                                 " from = s2]; }");
  g_autoptr (GArray) changes = dg_timeline_changes (graph, 0, 1);
  cr_assert_eq (changes->len, 0, "terms are a set (got %u changes)", changes->len);
}

Test (changes, undirected_split_written_the_other_way_is_changed)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("graph { subgraph timeline { s1 -- s2 }\n"
                                                 "  a -- b [kind = partnership, value = \"$1M\", until = s2];\n"
                                                 "  b -- a [kind = partnership, value = \"$2M\", from = s2]; }");
  g_autoptr (GArray) changes = dg_timeline_changes (graph, 0, 1);
  cr_assert_eq (changes->len, 1, "one CHANGED, not ENDED + BEGAN (got %u)", changes->len);
  cr_assert_eq (g_array_index (changes, DgChange, 0).kind, DG_CHANGE_CHANGED);
}

Test (changes, party_began_and_ended)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { subgraph timeline { s1 -> s2 }\n"
                                                 "  stays; newcomer [from = s2]; leaver [until = s2]; }");
  g_autoptr (GArray) changes = dg_timeline_changes (graph, 0, 1);
  cr_assert_eq (changes->len, 2);
  const DgChange *first = &g_array_index (changes, DgChange, 0);
  const DgChange *second = &g_array_index (changes, DgChange, 1);
  cr_assert_eq (first->kind, DG_CHANGE_BEGAN);
  cr_assert_str_eq (first->party->id, "newcomer");
  cr_assert_eq (second->kind, DG_CHANGE_ENDED);
  cr_assert_str_eq (second->party->id, "leaver");
}

Test (changes, parties_before_ties_in_input_order)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { subgraph timeline { s1 -> s2 }\n"
                                                 "  a; b; c [from = s2]; d [from = s2];\n"
                                                 "  a -> b [kind = owns, from = s2];\n"
                                                 "  c -> d [kind = owns, from = s2]; }");
  g_autoptr (GArray) changes = dg_timeline_changes (graph, 0, 1);
  g_autoptr (GPtrArray) lines = change_lines (graph, changes);
  cr_assert_eq (lines->len, 4);
  cr_assert_str_eq (lines->pdata[0], "BEGAN party c");
  cr_assert_str_eq (lines->pdata[1], "BEGAN party d");
  cr_assert_str_eq (lines->pdata[2], "BEGAN owns a->b");
  cr_assert_str_eq (lines->pdata[3], "BEGAN owns c->d");
}

static const char three_step[] =
  "digraph { subgraph timeline { s1 -> s2 -> s3 }\n"
  "  a -> b [kind = stake, value = \"10%\", until = s2];\n"
  "  a -> b [kind = stake, value = \"18%\", from = s2, until = s3];\n"
  "  a -> b [kind = stake, value = \"25%\", from = s3];\n"
  "  a -> b [kind = license, until = s3];\n"
  "  a -> b [kind = channel, from = s2, until = s3];\n"
  "}\n";

Test (changes, between_non_adjacent_stages)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (three_step);
  /* s1 -> s3: the 18% stake and the channel lived only in between. */
  static const char *const want[] = {
    "CHANGED stake a->b (10%) => stake a->b (25%)",
    "ENDED license a->b",
    NULL,
  };
  assert_same_set (changes_between (graph, 0, 2), want, "s1 -> s3");
}

Test (changes, backwards_in_time)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (three_step);
  static const char *const want[] = {
    "BEGAN license a->b",
    "CHANGED stake a->b (25%) => stake a->b (10%)",
    NULL,
  };
  assert_same_set (changes_between (graph, 2, 0), want, "s3 -> s1");
}

Test (changes, each_step_of_a_three_step_timeline)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (three_step);
  static const char *const s1_s2[] = {
    "BEGAN channel a->b",
    "CHANGED stake a->b (10%) => stake a->b (18%)",
    NULL,
  };
  static const char *const s2_s3[] = {
    "CHANGED stake a->b (18%) => stake a->b (25%)",
    "ENDED channel a->b",
    "ENDED license a->b",
    NULL,
  };
  assert_same_set (changes_between (graph, 0, 1), s1_s2, "s1 -> s2");
  assert_same_set (changes_between (graph, 1, 2), s2_s3, "s2 -> s3");
}

Test (changes, at_first_stage_everything_active_began)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (three_step);
  g_autoptr (GArray) changes = dg_timeline_changes_at (graph, 0);
  static const char *const want[] = {
    "BEGAN license a->b",
    "BEGAN party a",
    "BEGAN party b",
    "BEGAN stake a->b (10%)",
    NULL,
  };
  assert_same_set (change_lines (graph, changes), want, "changes_at(0)");
}

Test (changes, two_parallel_splits_pair_in_order)
{
  /* Two stakes of the same pair split at s2 (e.g. two share classes): each
   * old tie pairs with one new tie, none left over. */
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { subgraph timeline { s1 -> s2 }\n"
                                                 "  a -> b [kind = stake, value = \"1%\", until = s2];\n"
                                                 "  a -> b [kind = stake, value = \"2%\", until = s2];\n"
                                                 "  a -> b [kind = stake, value = \"3%\", from = s2];\n"
                                                 "  a -> b [kind = stake, value = \"4%\", from = s2]; }");
  static const char *const want[] = {
    "CHANGED stake a->b (1%) => stake a->b (3%)",
    "CHANGED stake a->b (2%) => stake a->b (4%)",
    NULL,
  };
  assert_same_set (changes_between (graph, 0, 1), want, "two splits");
}

Test (changes, static_graph_has_nothing_between)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { a -> b }");
  g_autoptr (GArray) none = dg_timeline_changes (graph, 0, 0);
  cr_assert_eq (none->len, 0);
  g_autoptr (GArray) at = dg_timeline_changes_at (graph, 0);
  cr_assert_eq (at->len, 3, "two parties and a tie begin at the only stage");
}

/* ---- captions ---------------------------------------------------------- */

static const DgTie *
tie_where (const DgGraph *graph, const char *desc)
{
  const DgTie *found = NULL;
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    {
      g_autofree char *d = tie_desc (graph, dg_graph_tie (graph, i));
      if (g_str_equal (d, desc))
        {
          cr_assert_null (found, "two ties \"%s\"", desc);
          found = dg_graph_tie (graph, i);
        }
    }
  cr_assert_not_null (found, "no tie \"%s\"", desc);
  return found;
}

static void
expect_caption (const DgGraph *graph, const char *desc, const char *want)
{
  g_autofree char *got = dg_tie_caption (graph, tie_where (graph, desc));
  if (want == NULL)
    cr_assert_null (got, "%s: caption \"%s\", want none", desc, got);
  else
    cr_assert_str_eq (got, want, "%s: caption \"%s\", want \"%s\"", desc, got, want);
}

Test (caption, deal_ties)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  expect_caption (graph, "license OpenAI->Microsoft [nonexclusive]", "nonexclusive \xc2\xb7 until 2032");
  expect_caption (graph, "revenue_share OpenAI->Microsoft [capped]", "capped \xc2\xb7 until 2030");
  expect_caption (graph, "investment Amazon->OpenAI (up to $50B)", "up to $50B");
  expect_caption (graph, "stake Microsoft->OpenAI (about 27%)", "about 27%");
  expect_caption (graph, "channel OpenAI->Azure [primary]", "primary");
}

Test (caption, until_only_for_a_dated_end_stage)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  /* Both end at `agreement`, which has no date. */
  expect_caption (graph, "license OpenAI->Microsoft [exclusive]", "exclusive");
  expect_caption (graph, "channel OpenAI->Azure [exclusive]", "exclusive");
}

Test (caption, nothing_to_show_is_null)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  expect_caption (graph, "investment Microsoft->OpenAI", NULL);
  expect_caption (graph, "revenue_share Microsoft->OpenAI", NULL);
  expect_caption (graph, "channel Azure->Enterprises", NULL);
}

Test (caption, label_value_terms_until_in_that_order)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { subgraph timeline { s1 -> s2; s2 [date = \"2027-06\"] }\n"
                                                 "  a -> b [kind = stake, label = \"JV\", value = \"$5M\","
                                                 " terms = \"Exclusive, capped\", until = s2]; }");
  expect_caption (graph, "stake a->b [exclusive,capped] ($5M)",
                  "JV \xc2\xb7 $5M \xc2\xb7 exclusive \xc2\xb7 capped \xc2\xb7 until Jun 2027");
}

Test (caption, value_then_terms)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { a -> b [kind = license, value = \"$20M\","
                                                 " terms = nonexclusive]; }");
  expect_caption (graph, "license a->b [nonexclusive] ($20M)", "$20M \xc2\xb7 nonexclusive");
}

Test (caption, open_ended_tie_has_no_until)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { subgraph timeline {"
                                                 " s1 [date = \"2020\"]; s2 [date = \"2021\"]; s1 -> s2 }\n"
                                                 "  a -> b [kind = stake, value = \"5%\", from = s2];"
                                                 "  a -> c [kind = stake, value = \"6%\", until = s2]; }");
  expect_caption (graph, "stake a->b (5%)", "5%");
  expect_caption (graph, "stake a->c (6%)", "6% \xc2\xb7 until 2021");
}

Test (caption, until_alone_is_a_caption)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { subgraph timeline { s1 -> s2; s2 [date = \"2031\"] }\n"
                                                 "  a -> b [kind = owns, until = s2]; }");
  expect_caption (graph, "owns a->b", "until 2031");
}

/* Dates read the same in a tie's label, the caption and the summaries, and
 * the same in every locale: ISO only where a machine reads them (exports). */
Test (dates, are_written_for_readers)
{
  static const char *const cases[][2] = {
    { "2032", "2032" }, { "2030-06", "Jun 2030" }, { "2020-01-01", "1 Jan 2020" }, { "2029-12-31", "31 Dec 2029" },
    { "0999-02", "Feb 0999" }, { "soon", "soon" }, { "2030-13", "2030-13" }, { "2030-06-5", "2030-06-5" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = dg_date_text (cases[i][0]);
      cr_assert_str_eq (text, cases[i][1], "%s", cases[i][0]);
    }
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { subgraph timeline { a -> b; b [date = \"2020-01-01\"]; }\n"
                                                 "  x -> y [kind = license, terms = \"exclusive\", until = b]; }\n");
  g_autofree char *caption = dg_tie_caption (graph, dg_graph_tie (graph, 0));
  cr_assert_str_eq (caption, "exclusive \xc2\xb7 until 1 Jan 2020");
}
