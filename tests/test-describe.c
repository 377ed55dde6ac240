/* test-describe.c — figures in words: every tie once with its value and terms, what changed, the short text's limit, the CLI. */
#include <criterion/criterion.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dealgraph.h"
#include "dg-test.h"
#include "describe-private.h"

/* ---- helpers ----------------------------------------------------------- */

static DgDescription *
describe (const DgGraph *graph, guint stage)
{
  g_autoptr (GError) error = NULL;
  DgDescription *d = dg_describe (graph, stage, NULL, &error);
  cr_assert_not_null (d, "stage %u: %s", stage, error != NULL ? error->message : "?");
  return d;
}

static guint
count_occurrences (const char *haystack, const char *needle)
{
  guint n = 0;
  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* The TIE items of @d that describe tie @tie. */
static guint
tie_items (const DgDescription *d, guint tie, const DgDescriptionItem **found)
{
  guint n = 0;
  for (guint i = 0; i < dg_description_n_items (d); i++)
    {
      const DgDescriptionItem *item = dg_description_item (d, i);
      if (item->part == DG_DESCRIPTION_TIE && item->tie == (int) tie)
        {
          n++;
          *found = item;
        }
    }
  return n;
}

/* What the model says a tie's sentence must hold: its parties (tail first,
 * as the arrow points, in a directed graph), its value as it is said, every
 * term, and its end when it ends before the timeline does. */
static void
assert_sentence_from_model (const DgGraph *g, const DgTie *tie, const char *text, guint stage)
{
  const char *tail = dg_graph_party (g, tie->tail)->label, *head = dg_graph_party (g, tie->head)->label;
  const char *at_tail = strstr (text, tail), *at_head = strstr (text, head);
  cr_assert (at_tail != NULL && at_head != NULL, "stage %u, tie %u: parties missing from \"%s\"", stage, tie->index,
             text);
  if (dg_graph_is_directed (g))
    cr_assert (at_tail < at_head, "stage %u, tie %u: \"%s\" does not start where its arrow starts", stage,
               tie->index, text);
  g_autofree char *value = dg_describe_value_words (&tie->value);
  if (value != NULL)
    cr_assert (strstr (text, value) != NULL, "stage %u, tie %u: value \"%s\" missing from \"%s\"", stage, tie->index,
               value, text);
  for (guint k = 0; tie->terms[k] != NULL; k++)
    cr_assert (strstr (text, tie->terms[k]) != NULL, "stage %u, tie %u: term \"%s\" missing from \"%s\"", stage,
               tie->index, tie->terms[k], text);
  if (tie->interval.until < dg_graph_n_stages (g))
    {
      const DgStage *end = dg_graph_stage (g, tie->interval.until);
      g_autofree char *date = end->date != NULL ? dg_date_text (end->date) : NULL;
      g_autofree char *until = g_strdup_printf ("until %s", date != NULL ? date : "stage");
      cr_assert (strstr (text, until) != NULL, "stage %u, tie %u: \"%s\" missing from \"%s\"", stage, tie->index,
                 until, text);
      if (date == NULL)
        cr_assert (strstr (text, end->label) != NULL, "stage %u: end stage missing from \"%s\"", stage, text);
    }
}

/* Every active tie of every stage of @g once, under its tail, with what
 * the model says it must hold; no other tie; and each sentence once in the
 * plain text's party section. */
static void
assert_every_tie_once (const DgGraph *g)
{
  for (guint s = 0; s < dg_graph_n_stages (g); s++)
    {
      g_autoptr (DgDescription) d = describe (g, s);
      g_autofree char *text = dg_description_to_text (d);
      const char *parties = strstr (text, "\nParties and ties.");
      cr_assert_not_null (parties, "stage %u: no party section:\n%s", s, text);
      guint active = 0;
      for (guint t = 0; t < dg_graph_n_ties (g); t++)
        {
          const DgTie *tie = dg_graph_tie (g, t);
          const DgDescriptionItem *item = NULL;
          guint n = tie_items (d, t, &item);
          if (!dg_tie_active_at (tie, s))
            {
              cr_assert_eq (n, 0, "stage %u: tie %u is not active there but is described", s, t);
              continue;
            }
          active++;
          cr_assert_eq (n, 1, "stage %u: tie %u described %u times", s, t, n);
          cr_assert_eq (item->party, (int) tie->tail, "stage %u: tie %u not listed under its tail", s, t);
          assert_sentence_from_model (g, tie, item->text, s);
          cr_assert_eq (count_occurrences (parties, item->text), 1, "stage %u: \"%s\" not once in:\n%s", s, item->text,
                        parties);
        }
      /* The Markdown lists as many ties as are active, one item each. */
      g_autofree char *md = dg_description_to_markdown (d);
      const char *md_parties = strstr (md, "\n## Parties and ties\n");
      cr_assert_not_null (md_parties, "%s", md);
      cr_assert_eq (count_occurrences (md_parties, "\n- "), active, "stage %u:\n%s", s, md);
    }
}

/* ---- every tie, every stage -------------------------------------------- */

Test (describe, names_every_active_tie_once_with_value_and_terms_at_every_stage)
{
  g_autoptr (DgGraph) g = dg_test_load_deal ();
  assert_every_tie_once (g);
}

Test (describe, names_every_tie_once_on_a_40_party_graph)
{
  g_autoptr (DgGraph) g = dg_test_load_data ("good", "gen-40.gv");
  assert_every_tie_once (g);
}

Test (describe, names_every_tie_once_in_an_undirected_graph)
{
  g_autoptr (DgGraph) g = dg_test_load_data ("good", "undirected.gv");
  assert_every_tie_once (g);
  g_autoptr (DgDescription) d = describe (g, 0);
  g_autofree char *text = dg_description_to_text (d);
  cr_assert (strstr (text, "under the party named first in it") != NULL, "%s", text);
}

Test (describe, every_active_party_has_its_paragraph_in_file_order)
{
  g_autoptr (DgGraph) g = dg_test_load_deal ();
  for (guint s = 0; s < dg_graph_n_stages (g); s++)
    {
      g_autoptr (DgDescription) d = describe (g, s);
      g_autoptr (GArray) active = dg_graph_active_parties (g, s);
      guint next = 0;
      for (guint i = 0; i < dg_description_n_items (d); i++)
        {
          const DgDescriptionItem *item = dg_description_item (d, i);
          if (item->part != DG_DESCRIPTION_PARTY)
            continue;
          cr_assert_lt (next, active->len, "stage %u: more party paragraphs than active parties", s);
          cr_assert_eq (item->party, (int) g_array_index (active, guint, next), "stage %u: party %u out of order", s,
                        next);
          const DgParty *party = dg_graph_party (g, (guint) item->party);
          cr_assert (g_str_has_prefix (item->text, party->label), "%s", item->text);
          if (party->kind != NULL)
            cr_assert (strstr (item->text, party->kind) != NULL, "%s", item->text);
          next++;
        }
      cr_assert_eq (next, active->len, "stage %u: %u party paragraphs for %u parties", s, next, active->len);
    }
}

/* ---- what changed --------------------------------------------------------- */

Test (describe, lists_each_change_since_the_stage_before)
{
  g_autoptr (DgGraph) g = dg_test_load_deal ();
  for (guint s = 0; s < dg_graph_n_stages (g); s++)
    {
      g_autoptr (DgDescription) d = describe (g, s);
      g_autoptr (GArray) changes = s > 0 ? dg_timeline_changes (g, s - 1, s) : g_array_new (FALSE, FALSE, 1);
      guint n = 0;
      for (guint i = 0; i < dg_description_n_items (d); i++)
        {
          const DgDescriptionItem *item = dg_description_item (d, i);
          if (item->part != DG_DESCRIPTION_CHANGE)
            continue;
          n++;
          gboolean matched = FALSE;
          for (guint k = 0; k < changes->len && !matched; k++)
            {
              const DgChange *c = &g_array_index (changes, DgChange, k);
              const DgTie *tie = c->new_tie != NULL ? c->new_tie : c->old_tie;
              matched = c->kind == item->change && (c->party != NULL ? (int) c->party->index == item->party
                                                                    : (int) tie->index == item->tie);
              if (matched && c->kind == DG_CHANGE_CHANGED)
                cr_assert_eq (item->previous_tie, (int) c->old_tie->index);
            }
          cr_assert (matched, "stage %u: \"%s\" is no change of the timeline", s, item->text);
          const char *tag = item->change == DG_CHANGE_BEGAN ? "New: " : item->change == DG_CHANGE_ENDED ? "Ended: "
                                                                                                      : "Changed: ";
          if (item->party < 0)
            cr_assert (g_str_has_prefix (item->text, tag), "%s", item->text);
        }
      cr_assert_eq (n, changes->len, "stage %u: %u changes described, %u in the timeline", s, n, changes->len);
    }

  /* Without changes asked for, none. */
  DgDescribeOptions options;
  cr_assert (dg_describe_options_init (&options, DG_DESCRIBE_OPTIONS_VERSION));
  options.changes = FALSE;
  g_autoptr (DgDescription) d = dg_describe (g, dg_test_stage (g, "agreement"), &options, NULL);
  for (guint i = 0; i < dg_description_n_items (d); i++)
    cr_assert_neq (dg_description_item (d, i)->part, DG_DESCRIPTION_CHANGE);
}

/* The fixture's story at the new agreement, as a reader hears it (the
 * fixture is frozen, so its words may be). */
Test (describe, tells_the_agreement_in_plain_words)
{
  g_autoptr (DgGraph) g = dg_test_load_deal ();
  g_autoptr (DgDescription) d = describe (g, dg_test_stage (g, "agreement"));
  g_autofree char *text = dg_description_to_text (d);
  const char *expected[] = {
    "- OpenAI grants Microsoft a nonexclusive license, until 2032.\n",
    "- Changed: OpenAI now grants Microsoft a nonexclusive license (before: exclusive), until 2032.\n",
    "- Changed: OpenAI now pays Microsoft a capped revenue share (before: not capped), amount not stated, until 2030.\n",
    "- Ended: Microsoft no longer pays OpenAI a revenue share.\n",
    "- AWS Bedrock, a cloud, enters the picture.\n",
    "- Amazon has an investment of up to $50 billion in OpenAI.\n",
    "- Microsoft holds a stake of about 27% in OpenAI. Share of OpenAI's for-profit entity.\n",
    "Enterprises is a customer: Companies buying AI models from cloud providers. Its ties are listed under Azure and AWS Bedrock.\n",
    "What changed since stage 2, \xe2\x80\x9c" "Amazon announces up to $50B investment\xe2\x80\x9d:\n",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    cr_assert (strstr (text, expected[i]) != NULL, "missing \"%s\" in:\n%s", expected[i], text);
  /* Arrivals, then what begins, changes and ends. */
  const char *arrive = strstr (text, "enters the picture"), *began = strstr (text, "- New: "),
             *changed = strstr (text, "- Changed: "), *ended = strstr (text, "- Ended: ");
  cr_assert (arrive < began && began < changed && changed < ended, "%s", text);
}

/* ---- the short text ------------------------------------------------------- */

static void
assert_short (const DgGraph *g, guint s, const DgDescription *d, guint max)
{
  const char *text = dg_description_get_short (d);
  glong n = g_utf8_strlen (text, -1);
  cr_assert_leq (n, (glong) max, "stage %u: %ld characters: %s", s, n, text);
  cr_assert (g_str_has_suffix (text, "."), "%s", text);
  cr_assert (strchr (text, '\n') == NULL, "%s", text);
  g_autoptr (GArray) parties = dg_graph_active_parties (g, s);
  g_autofree char *count = g_strdup_printf ("%u part", parties->len);
  cr_assert (strstr (text, count) != NULL, "stage %u: \"%s\" missing from %s", s, count, text);
}

Test (describe, short_text_fits_200_characters_on_40_and_200_parties)
{
  const char *files[] = { "gen-40.gv", "gen-200.gv", "deal-fixture.gv" };
  for (gsize f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr (DgGraph) g = dg_test_load_data ("good", files[f]);
      for (guint s = 0; s < dg_graph_n_stages (g); s++)
        {
          g_autoptr (DgDescription) d = describe (g, s);
          assert_short (g, s, d, 200);
        }
    }
}

Test (describe, short_text_keeps_a_smaller_limit_and_shortens_long_labels)
{
  g_autoptr (DgGraph) g = dg_test_load_deal ();
  DgDescribeOptions options = DG_DESCRIBE_OPTIONS_INIT;
  options.short_max = DG_DESCRIBE_SHORT_MIN;
  for (guint s = 0; s < dg_graph_n_stages (g); s++)
    {
      g_autoptr (DgDescription) d = dg_describe (g, s, &options, NULL);
      assert_short (g, s, d, DG_DESCRIBE_SHORT_MIN);
    }

  GString *dot = g_string_new ("digraph g { label = \"");
  for (int i = 0; i < 40; i++)
    g_string_append (dot, "A very long title ");
  g_string_append (dot, "\"; subgraph timeline { s1 [label = \"");
  for (int i = 0; i < 40; i++)
    g_string_append (dot, "an endless stage label ");
  g_string_append (dot, "\"]; s1 -> s2; } a -> b [kind = stake, value = \"5%\"]; }");
  g_autoptr (DgGraph) long_graph = dg_test_load_text (dot->str);
  g_string_free (dot, TRUE);
  g_autoptr (DgDescription) d = describe (long_graph, 0);
  assert_short (long_graph, 0, d, 200);
  cr_assert (strstr (dg_description_get_short (d), "\xe2\x80\xa6") != NULL, "%s", dg_description_get_short (d));
}

/* Stage 100 of 100 with a date and a thousand parties and ties does not
 * fit 60 characters even with its label cut: the text itself is. */
Test (describe, short_text_is_cut_when_nothing_else_is_left_to_shorten)
{
  GString *dot = g_string_new ("digraph g { subgraph timeline { ");
  for (int i = 1; i <= 100; i++)
    g_string_append_printf (dot, "s%d [label = \"the stage called number %d\"%s]; ", i, i,
                            i == 100 ? ", date = \"2030-12-31\"" : "");
  for (int i = 1; i < 100; i++)
    g_string_append_printf (dot, "s%d -> s%d; ", i, i + 1);
  g_string_append (dot, "}\n");
  for (int i = 0; i < 1000; i++)
    g_string_append_printf (dot, "p%d -> p%d [kind = stake];\n", i, (i + 1) % 1000);
  g_string_append (dot, "}");
  g_autoptr (DgGraph) g = dg_test_load_text (dot->str);
  g_string_free (dot, TRUE);
  DgDescribeOptions options = DG_DESCRIBE_OPTIONS_INIT;
  options.short_max = DG_DESCRIBE_SHORT_MIN;
  g_autoptr (DgDescription) d = dg_describe (g, 99, &options, NULL);
  const char *text = dg_description_get_short (d);
  cr_assert_eq (g_utf8_strlen (text, -1), DG_DESCRIBE_SHORT_MIN, "%s", text);
  cr_assert (g_str_has_prefix (text, "Stage 100 of 100, \xe2\x80\x9c\xe2\x80\xa6\xe2\x80\x9d (31 Dec 2030): 1000 parties"),
             "%s", text);
  cr_assert (g_str_has_suffix (text, "\xe2\x80\xa6"), "%s", text);
  g_autofree char *md = dg_description_to_markdown (d);
  cr_assert (strstr (md, "1000 parties") != NULL, "%s", md);
}

/* ---- words ----------------------------------------------------------------- */

Test (describe, values_read_as_they_are_said)
{
  const char *cases[][2] = {
    { "up to $50B", "up to $50 billion" }, { "27 percent", "27%" },       { "about 27%", "about 27%" },
    { "\xc2\xa3" "200K", "\xc2\xa3" "200,000" }, { "USD 5M", "USD 5 million" }, { "$7.5 billion", "$7.5 billion" },
    { "1,200", "1,200" },                  { "$2150K", "$2.15 million" }, { "at least $1T", "at least $1 trillion" },
    { "$24.6B", "$24.6 billion" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DgValue v;
      g_autoptr (GError) error = NULL;
      cr_assert (dg_value_parse (cases[i][0], &v, &error), "%s: %s", cases[i][0], error->message);
      g_autofree char *words = dg_describe_value_words (&v);
      cr_assert_str_eq (words, cases[i][1], "%s", cases[i][0]);
    }
  DgValue none = { 0 };
  cr_assert_null (dg_describe_value_words (&none));
}

Test (describe, escapes_labels_in_markdown_only)
{
  g_autoptr (DgGraph) g = dg_test_load_text ("digraph g { subgraph timeline { s1 -> s2; }\n"
                                             "  a [label = \"Big_Co [x]\\nline two\", kind = company];\n"
                                             "  b [label = \"#1 *Fund*\", kind = investor];\n"
                                             "  b -> a [kind = investment, value = \"$5M\", terms = \"convertible\"]; }");
  g_autoptr (DgDescription) d = describe (g, 0);
  g_autofree char *md = dg_description_to_markdown (d);
  g_autofree char *text = dg_description_to_text (d);
  cr_assert (strstr (md, "### Big\\_Co \\[x\\] line two\n") != NULL, "%s", md);
  cr_assert (strstr (md, "- \\#1 \\*Fund\\* has a convertible investment of \\$5 million in Big\\_Co \\[x\\] line two.\n")
               != NULL, "%s", md);
  cr_assert (strstr (text, "- #1 *Fund* has a convertible investment of $5 million in Big_Co [x] line two.\n") != NULL,
             "%s", text);
  /* Items are one line each, whatever the labels hold. */
  for (guint i = 0; i < dg_description_n_items (d); i++)
    cr_assert (strchr (dg_description_item (d, i)->text, '\n') == NULL, "%s", dg_description_item (d, i)->text);
}

Test (describe, describes_a_graph_without_a_timeline)
{
  g_autoptr (DgGraph) g = dg_test_load_data ("good", "static.gv");
  g_autoptr (DgDescription) d = describe (g, 0);
  g_autofree char *text = dg_description_to_text (d);
  cr_assert (strstr (text, "stage") == NULL, "%s", text);
  cr_assert (strstr (text, "What changed") == NULL, "%s", text);
  assert_every_tie_once (g);
}

Test (describe, refuses_a_stage_it_does_not_have_and_a_tiny_limit)
{
  g_autoptr (DgGraph) g = dg_test_load_deal ();
  g_autoptr (GError) error = NULL;
  cr_assert_null (dg_describe (g, dg_graph_n_stages (g), NULL, &error));
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_USAGE));
  cr_assert (strstr (error->message, dg_graph_get_path (g)) != NULL, "%s", error->message);
  g_clear_error (&error);
  DgDescribeOptions options = DG_DESCRIBE_OPTIONS_INIT;
  options.short_max = 20;
  cr_assert_null (dg_describe (g, 0, &options, &error));
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_USAGE));
  dg_description_free (NULL);
}

Test (describe, is_deterministic)
{
  g_autoptr (DgGraph) g = dg_test_load_data ("good", "gen-40.gv");
  for (guint s = 0; s < dg_graph_n_stages (g); s++)
    {
      g_autoptr (DgDescription) a = describe (g, s);
      g_autoptr (DgDescription) b = describe (g, s);
      g_autofree char *ja = dg_description_to_json (a), *jb = dg_description_to_json (b);
      g_autofree char *ma = dg_description_to_markdown (a), *mb = dg_description_to_markdown (b);
      cr_assert_str_eq (ja, jb);
      cr_assert_str_eq (ma, mb);
    }
}

Test (describe, options_init_gives_the_macro_and_refuses_unknown_versions)
{
  DgDescribeOptions want = DG_DESCRIBE_OPTIONS_INIT, got;
  memset (&got, 0xab, sizeof got);
  cr_assert (dg_describe_options_init (&got, 1));
  cr_assert_eq (memcmp (&got, &want, sizeof got), 0);
  DgDescribeOptions untouched;
  memset (&untouched, 0xab, sizeof untouched);
  DgDescribeOptions before = untouched;
  cr_assert_not (dg_describe_options_init (&untouched, 0));
  cr_assert_not (dg_describe_options_init (&untouched, DG_DESCRIBE_OPTIONS_VERSION + 1));
  cr_assert_eq (memcmp (&untouched, &before, sizeof before), 0);
}

/* ---- JSON and the CLI ------------------------------------------------------ */

/* The tie keys of stage object @stage, as a sorted "t1 t3 …" string. */
static char *
json_tie_keys (JsonObject *stage)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();
  JsonArray *parties = json_object_get_array_member (stage, "parties");
  for (guint p = 0; p < json_array_get_length (parties); p++)
    {
      JsonArray *ties = json_object_get_array_member (json_array_get_object_element (parties, p), "ties");
      for (guint t = 0; t < json_array_get_length (ties); t++)
        g_ptr_array_add (keys, (gpointer) json_object_get_string_member (json_array_get_object_element (ties, t), "tie"));
    }
  g_ptr_array_sort (keys, dg_test_compare_strings);
  g_ptr_array_add (keys, NULL);
  return g_strjoinv (" ", (char **) keys->pdata);
}

static char *
model_tie_keys (const DgGraph *g, guint s)
{
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) active = dg_graph_active_ties (g, s);
  for (guint i = 0; i < active->len; i++)
    g_ptr_array_add (keys, g_strdup_printf ("t%u", g_array_index (active, guint, i)));
  g_ptr_array_sort (keys, dg_test_compare_strings);
  g_ptr_array_add (keys, NULL);
  return g_strjoinv (" ", (char **) keys->pdata);
}

Test (describe, cli_json_holds_every_stage_and_every_active_tie)
{
  g_autofree char *path = dg_test_deal_path ();
  g_autoptr (DgGraph) g = dg_test_load_deal ();
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "describe", path, "-T", "json", NULL };
  cr_assert_eq (dg_test_run (args, &out, &err), 0, "%s", err);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  cr_assert (json_parser_load_from_data (parser, out, -1, &error), "%s\n%s", error->message, out);
  JsonArray *stages = json_node_get_array (json_parser_get_root (parser));
  cr_assert_eq (json_array_get_length (stages), dg_graph_n_stages (g));
  for (guint s = 0; s < dg_graph_n_stages (g); s++)
    {
      JsonObject *stage = json_array_get_object_element (stages, s);
      cr_assert_str_eq (json_object_get_string_member (json_object_get_object_member (stage, "stage"), "id"),
                        dg_graph_stage (g, s)->id);
      g_autofree char *got = json_tie_keys (stage);
      g_autofree char *want = model_tie_keys (g, s);
      cr_assert_str_eq (got, want, "stage %u", s);
      /* The CLI prints what the library writes. */
      g_autoptr (DgDescription) d = describe (g, s);
      cr_assert_str_eq (json_object_get_string_member (stage, "short"), dg_description_get_short (d));
    }
}

/* The whole timeline in one sentence: the title, then every stage's
 * number and label in order (the book's subject, the animation's and the
 * strip's description). */
Test (describe, the_timeline_names_every_stage_in_order)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autofree char *text = dg_describe_timeline (graph);
  cr_assert (g_str_has_prefix (text, dg_graph_get_title (graph)), "%s", text);
  const char *at = text;
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      g_autofree char *want = g_strdup_printf ("%u, \u201c%s\u201d", s + 1, dg_graph_stage (graph, s)->label);
      const char *found = strstr (at, want);
      cr_assert_not_null (found, "stage %u missing or out of order in %s", s + 1, text);
      at = found + strlen (want);
    }
  cr_assert (strchr (text, '\n') == NULL && g_str_has_suffix (text, "."), "%s", text);
}

Test (describe, cli_text_is_the_library_text_and_stages_come_once_in_the_order_given)
{
  g_autofree char *path = dg_test_deal_path ();
  g_autoptr (DgGraph) g = dg_test_load_deal ();
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "describe", path, "-T", "txt", "-s", "agreement", "-s", "1..3", NULL };
  cr_assert_eq (dg_test_run (args, &out, &err), 0, "%s", err);
  GString *want = g_string_new (NULL);
  const guint order[] = { 2, 0, 1 };
  for (gsize i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autoptr (DgDescription) d = describe (g, order[i]);
      g_autofree char *text = dg_description_to_text (d);
      g_string_append_printf (want, "%s%s", i > 0 ? "\n" : "", text);
    }
  cr_assert_str_eq (out, want->str);
  g_string_free (want, TRUE);

  g_autofree char *md = NULL, *err2 = NULL;
  const char *md_args[] = { "describe", path, "-s", "agreement", NULL };
  cr_assert_eq (dg_test_run (md_args, &md, &err2), 0, "%s", err2);
  cr_assert (g_str_has_prefix (md, "# "), "%s", md);
}

Test (describe, cli_names_the_file_and_the_stage_it_cannot_describe)
{
  g_autofree char *path = dg_test_deal_path ();
  g_autofree char *out = NULL, *err = NULL;
  const char *unknown[] = { "describe", path, "-s", "later", NULL };
  cr_assert_eq (dg_test_run (unknown, &out, &err), 64, "%s", err);
  cr_assert (strstr (err, path) != NULL && strstr (err, "'later'") != NULL, "%s", err);
  cr_assert_str_eq (out, "");

  g_autofree char *out2 = NULL, *err2 = NULL;
  const char *format[] = { "describe", path, "-T", "pdf", NULL };
  cr_assert_eq (dg_test_run (format, &out2, &err2), 64, "%s", err2);
  cr_assert (strstr (err2, "'pdf'") != NULL, "%s", err2);

  g_autofree char *missing = dg_test_data_path ("good", "no-such-file.gv");
  g_autofree char *out3 = NULL, *err3 = NULL;
  const char *open_args[] = { "describe", missing, NULL };
  cr_assert_eq (dg_test_run (open_args, &out3, &err3), 66, "%s", err3);
  cr_assert (strstr (err3, "no-such-file.gv") != NULL, "%s", err3);

  g_autofree char *bad = dg_test_data_path ("bad", "date-feb-30.gv");
  g_autofree char *out4 = NULL, *err4 = NULL;
  const char *bad_args[] = { "describe", bad, NULL };
  cr_assert_eq (dg_test_run (bad_args, &out4, &err4), 65, "%s", err4);
  cr_assert (strstr (err4, "date-feb-30.gv") != NULL, "%s", err4);
}

Test (describe, cli_keeps_control_characters_from_the_terminal)
{
  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("describe");
  g_autofree char *hostile = g_build_filename (dir.path, "hostile.gv", NULL);
  const char *dot = "digraph h { subgraph timeline { a -> b; }\n"
                    "  X [label = \"Evil\x1b[31m\xe2\x80\xae" "Co\"];\n"
                    "  Y; X -> Y [kind = license, from = b]; }\n";
  cr_assert (g_file_set_contents (hostile, dot, -1, NULL));
  const char *formats[] = { "md", "txt", "json" };
  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      const char *args[] = { "describe", hostile, "-T", formats[i], NULL };
      cr_assert_eq (dg_test_run (args, &out, &err), 0, "%s", err);
      cr_assert (strchr (out, '\x1b') == NULL, "%s: %s", formats[i], out);
      cr_assert (strstr (out, "\xe2\x80\xae") == NULL, "%s: %s", formats[i], out);
      if (strcmp (formats[i], "json") == 0)
        {
          g_autoptr (JsonParser) parser = json_parser_new ();
          cr_assert (json_parser_load_from_data (parser, out, -1, NULL), "%s", out);
        }
    }
}
