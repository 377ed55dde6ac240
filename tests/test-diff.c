/* test-diff.c — what changed between two stages: classification, words, the marked figure, captions, the CLI. */
#include <criterion/criterion.h>
#include <string.h>

#include "dealgraph.h"
#include "dg-test.h"

/* ---- helpers ----------------------------------------------------------- */

static guint
party (const DgGraph *graph, const char *id)
{
  const DgParty *p = dg_graph_find_party (graph, id);
  cr_assert_not_null (p, "no party %s", id);
  return p->index;
}

/* The tie @tail -> @head of @kind whose value (or, with NULL, whose first
 * term) is @what; @nth picks among ties that match equally (0: first). */
static guint
tie (const DgGraph *graph, const char *tail, const char *head, const char *kind, guint nth)
{
  guint t = party (graph, tail), h = party (graph, head);
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    {
      const DgTie *x = dg_graph_tie (graph, i);
      if (x->tail == t && x->head == h && g_strcmp0 (x->kind, kind) == 0 && nth-- == 0)
        return i;
    }
  cr_assert_fail ("no tie %s -> %s %s", tail, head, kind);
  return 0;
}

static void
assert_tie_mark (const DgDiff *diff, guint index, DgMark expected, const char *what)
{
  DgMark got = dg_diff_tie_mark (diff, index);
  cr_assert_eq (got, expected, "%s: expected %s, got %s", what, dg_mark_to_string (expected),
                dg_mark_to_string (got));
}

static void
assert_party_mark (const DgDiff *diff, guint index, DgMark expected, const char *what)
{
  DgMark got = dg_diff_party_mark (diff, index);
  cr_assert_eq (got, expected, "%s: expected %s, got %s", what, dg_mark_to_string (expected),
                dg_mark_to_string (got));
}

/* Every change of @diff described, one per line, in the order listed. */
static char *
all_lines (const DgGraph *graph, const DgDiff *diff)
{
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < dg_diff_n_changes (diff); i++)
    {
      g_autofree char *line = dg_change_describe (graph, dg_diff_change (diff, i));
      g_string_append_printf (out, "%s\n", line);
    }
  return g_string_free (out, FALSE);
}

/* ---- classification ---------------------------------------------------- */

Test (diff, classifies_each_kind_of_change)
{
  g_autoptr (DgGraph) g = dg_test_load_data ("diff", "classify.gv");
  g_autoptr (DgDiff) diff = dg_diff_new (g, dg_test_stage (g, "s1"), dg_test_stage (g, "s2"));

  assert_party_mark (diff, party (g, "Ann"), DG_MARK_UNCHANGED, "Ann");
  assert_party_mark (diff, party (g, "Dora"), DG_MARK_BEGAN, "Dora");
  assert_party_mark (diff, party (g, "Eve"), DG_MARK_ENDED, "Eve");
  assert_tie_mark (diff, tie (g, "Ann", "Bob", "license", 0), DG_MARK_UNCHANGED, "license, one interval");
  assert_tie_mark (diff, tie (g, "Ann", "Cal", "channel", 0), DG_MARK_ENDED, "Ann->Cal");
  assert_tie_mark (diff, tie (g, "Ann", "Dora", "channel", 0), DG_MARK_BEGAN, "Ann->Dora");
  assert_tie_mark (diff, tie (g, "Ann", "Eve", "channel", 0), DG_MARK_ENDED, "Ann->Eve");

  /* A tie split into two intervals with different values is one change,
   * not an end and a beginning. */
  guint inv_old = tie (g, "Bob", "Cal", "investment", 0), inv_new = tie (g, "Bob", "Cal", "investment", 1);
  assert_tie_mark (diff, inv_new, DG_MARK_CHANGED, "investment $2B");
  assert_tie_mark (diff, inv_old, DG_MARK_REPLACED, "investment $1B");
  cr_assert_eq (dg_diff_tie_previous (diff, inv_new), dg_graph_tie (g, inv_old));

  /* Split with the same value, or with the same terms in another order:
   * nothing changed. */
  assert_tie_mark (diff, tie (g, "Cal", "Ann", "stake", 1), DG_MARK_UNCHANGED, "stake, split, same value");
  assert_tie_mark (diff, tie (g, "Cal", "Ann", "stake", 0), DG_MARK_REPLACED, "stake, earlier half");
  assert_tie_mark (diff, tie (g, "Bob", "Ann", "revenue_share", 1), DG_MARK_UNCHANGED, "terms reordered");

  /* The list itself: 2 parties, then ties, each once. */
  cr_assert_eq (dg_diff_n_changes (diff), 6, "got %u changes", dg_diff_n_changes (diff));
  guint began = 0, ended = 0, changed = 0;
  for (guint i = 0; i < dg_diff_n_changes (diff); i++)
    {
      const DgChange *c = dg_diff_change (diff, i);
      began += c->kind == DG_CHANGE_BEGAN;
      ended += c->kind == DG_CHANGE_ENDED;
      changed += c->kind == DG_CHANGE_CHANGED;
    }
  cr_assert_eq (began, 2);
  cr_assert_eq (ended, 3);
  cr_assert_eq (changed, 1);
}

Test (diff, later_to_earlier_reverses_the_marks)
{
  g_autoptr (DgGraph) g = dg_test_load_data ("diff", "classify.gv");
  g_autoptr (DgDiff) diff = dg_diff_new (g, dg_test_stage (g, "s2"), dg_test_stage (g, "s1"));
  assert_party_mark (diff, party (g, "Dora"), DG_MARK_ENDED, "Dora");
  assert_party_mark (diff, party (g, "Eve"), DG_MARK_BEGAN, "Eve");
  assert_tie_mark (diff, tie (g, "Bob", "Cal", "investment", 0), DG_MARK_CHANGED, "investment $1B");
  g_autofree char *lines = all_lines (g, diff);
  cr_assert (strstr (lines, "Bob \xe2\x86\x92 Cal investment: $2B \xe2\x86\x92 $1B") != NULL, "%s", lines);
}

Test (diff, a_stage_against_itself_has_no_changes)
{
  g_autoptr (DgGraph) g = dg_test_load_data ("diff", "classify.gv");
  g_autoptr (DgDiff) diff = dg_diff_new (g, 1, 1);
  cr_assert_eq (dg_diff_n_changes (diff), 0);
  assert_tie_mark (diff, tie (g, "Ann", "Dora", "channel", 0), DG_MARK_UNCHANGED, "active tie");
  assert_tie_mark (diff, tie (g, "Ann", "Cal", "channel", 0), DG_MARK_ABSENT, "inactive tie");
  g_autofree char *text = dg_diff_summary (diff, DG_SUMMARY_PLAIN);
  cr_assert (strstr (text, "No changes.") != NULL, "%s", text);
}

Test (diff, gone_at_the_end_of_a_split_tie)
{
  g_autoptr (DgGraph) g = dg_test_load_data ("diff", "classify.gv");
  g_autoptr (DgDiff) diff = dg_diff_new (g, dg_test_stage (g, "s2"), dg_test_stage (g, "s3"));
  assert_tie_mark (diff, tie (g, "Bob", "Cal", "investment", 1), DG_MARK_ENDED, "investment $2B");
  assert_tie_mark (diff, tie (g, "Bob", "Cal", "investment", 0), DG_MARK_ABSENT, "investment $1B");
}

Test (diff, undirected_ties_continue_either_way_round)
{
  g_autoptr (DgGraph) g = dg_test_load_data ("diff", "terms.gv");
  g_autoptr (DgDiff) diff = dg_diff_new (g, 0, 1);
  cr_assert_eq (dg_diff_n_changes (diff), 2);
  for (guint i = 0; i < 2; i++)
    cr_assert_eq (dg_diff_change (diff, i)->kind, DG_CHANGE_CHANGED, "change %u", i);
  g_autofree char *lines = all_lines (g, diff);
  cr_assert (strstr (lines, "license: exclusive \xe2\x86\x92 nonexclusive\n") != NULL, "%s", lines);
  cr_assert (strstr (lines, "partnership: $5M \xe2\x86\x92 $7M\n") != NULL, "%s", lines);
}

/* ---- words --------------------------------------------------------------- */

/* The news report's changes, exactly: earlier terms to the new agreement. */
Test (diff, deal_changes_are_the_news_reports)
{
  g_autoptr (DgGraph) g = dg_test_load_deal ();
  g_autoptr (DgDiff) diff = dg_diff_new (g, dg_test_stage (g, "before"), dg_test_stage (g, "agreement"));
  g_autofree char *lines = all_lines (g, diff);
  const char *expected =
      "Amazon enters the picture\n"
      "AWS Bedrock (Amazon's platform for AI models) enters the picture\n"
      "Enterprises (Companies buying AI models from cloud providers) enters the picture\n"
      "OpenAI \xe2\x86\x92 Microsoft license: exclusive \xe2\x86\x92 nonexclusive, until 2032\n"
      "OpenAI \xe2\x86\x92 Azure channel: exclusive \xe2\x86\x92 primary\n"
      "OpenAI \xe2\x86\x92 AWS Bedrock channel: new\n"
      "Azure \xe2\x86\x92 Enterprises channel: new\n"
      "AWS Bedrock \xe2\x86\x92 Enterprises channel: new\n"
      "Amazon \xe2\x86\x92 OpenAI investment: new, up to $50B\n"
      "Microsoft \xe2\x86\x92 OpenAI revenue share: ended\n"
      "OpenAI \xe2\x86\x92 Microsoft revenue share: now capped, until 2030\n";
  cr_assert_str_eq (lines, expected);
}

Test (diff, summary_groups_by_party_and_escapes_markdown)
{
  g_autoptr (DgGraph) g = dg_test_load_data ("diff", "terms.gv");
  g_autoptr (DgDiff) diff = dg_diff_new (g, 0, 1);
  g_autofree char *md = dg_diff_summary (diff, DG_SUMMARY_MARKDOWN);
  cr_assert (strstr (md, "\n## Big\\_Co \\[x\\]\n") != NULL, "%s", md);
  cr_assert (strstr (md, "- Big\\_Co \\[x\\] \xe2\x80\x94 Lab\\*One partnership: \\$5M \xe2\x86\x92 \\$7M\n") != NULL,
             "%s", md);
  cr_assert (strstr (md, "Lab*One") == NULL, "an unescaped label: %s", md);
  g_autofree char *plain = dg_diff_summary (diff, DG_SUMMARY_PLAIN);
  cr_assert (strstr (plain, "\n  Big_Co [x] \xe2\x80\x94 Lab*One license: exclusive \xe2\x86\x92 nonexclusive\n") != NULL,
             "%s", plain);
  cr_assert (strchr (plain, '\\') == NULL, "plain text is not escaped: %s", plain);
}

Test (diff, deal_summary_reads_party_by_party)
{
  g_autoptr (DgGraph) g = dg_test_load_deal ();
  g_autoptr (DgDiff) diff = dg_diff_new (g, dg_test_stage (g, "before"), dg_test_stage (g, "agreement"));
  g_autofree char *md = dg_diff_summary (diff, DG_SUMMARY_MARKDOWN);
  g_autofree char *again = dg_diff_summary (diff, DG_SUMMARY_MARKDOWN);
  cr_assert_str_eq (md, again, "summaries must be deterministic");
  const char *in_order[] = {
    "# Microsoft and OpenAI renegotiate their partnership\n",
    "What changed from \xe2\x80\x9c" "Earlier terms: exclusive license and hosting\xe2\x80\x9d to "
    "\xe2\x80\x9cNew agreement: exclusivity ends\xe2\x80\x9d.\n",
    "\n## OpenAI\n",
    "- Amazon \xe2\x86\x92 OpenAI investment: new, up to \\$50B\n",
    "\n## Microsoft\n",
    "- OpenAI \xe2\x86\x92 Microsoft license: exclusive \xe2\x86\x92 nonexclusive, until 2032\n",
    "\n## Azure\n",
    "\n## Amazon\n",
    "\n## AWS Bedrock\n",
    "\n## Enterprises\n",
  };
  const char *at = md;
  for (guint i = 0; i < G_N_ELEMENTS (in_order); i++)
    {
      const char *found = strstr (at, in_order[i]);
      cr_assert_not_null (found, "missing or out of order: %s\nin:\n%s", in_order[i], md);
      at = found + strlen (in_order[i]);
    }
}

Test (diff, caption_lines_are_the_consecutive_changes)
{
  g_autoptr (DgGraph) g = dg_test_load_deal ();
  g_auto (GStrv) first = dg_diff_caption_lines (g, 0);
  cr_assert_eq (g_strv_length (first), 0, "the first stage has nothing before it");
  g_auto (GStrv) lines = dg_diff_caption_lines (g, dg_test_stage (g, "y2032"));
  cr_assert_eq (g_strv_length (lines), 1);
  cr_assert_str_eq (lines[0], "OpenAI \xe2\x86\x92 Microsoft license: ended (was nonexclusive)");
}

/* ---- the figure ---------------------------------------------------------- */

static guint
count_items (const DgScene *scene, DgItemKind kind, DgRole role, int tie_index)
{
  guint n = 0;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *it = dg_scene_item (scene, i);
      n += it->kind == kind && it->role == role && (tie_index < 0 || it->tie == tie_index);
    }
  return n;
}

static const DgSceneItem *
find_text (const DgScene *scene, DgRole role, const char *text)
{
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *it = dg_scene_item (scene, i);
      if (it->kind == DG_ITEM_TEXT && it->role == role && g_strcmp0 (it->text, text) == 0)
        return it;
    }
  return NULL;
}

static void
check_marked_figure (const char *theme_name)
{
  g_autoptr (DgGraph) g = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme (theme_name);
  g_autoptr (DgLayout) layout = dg_test_layout (g, theme, NULL, DG_LAYOUT_UNION);
  g_autoptr (DgDiff) diff = dg_diff_new (g, dg_test_stage (g, "before"), dg_test_stage (g, "agreement"));
  g_autoptr (DgScene) scene = dg_diff_scene_build (diff, layout, theme, NULL);

  int license_old = (int) tie (g, "OpenAI", "Microsoft", "license", 0);
  int license_new = (int) tie (g, "OpenAI", "Microsoft", "license", 1);
  int share_ended = (int) tie (g, "Microsoft", "OpenAI", "revenue_share", 0);
  int investment = (int) tie (g, "Amazon", "OpenAI", "investment", 0);
  int stake = (int) tie (g, "Microsoft", "OpenAI", "stake", 0);

  /* The replaced tie is not drawn: its successor carries "old → new". */
  cr_assert_eq (count_items (scene, DG_ITEM_CURVE, DG_ROLE_TIE, license_old), 0);
  const DgSceneItem *label
      = find_text (scene, DG_ROLE_TIE_LABEL, "exclusive \xe2\x86\x92 nonexclusive \xc2\xb7 until 2032");
  cr_assert_not_null (label, "%s: the changed license says old → new", theme_name);
  cr_assert_eq (label->tie, license_new);
  /* Changed: its label boxed, so it reads without colour. */
  cr_assert_eq (count_items (scene, DG_ITEM_SHAPE, DG_ROLE_TIE_LABEL, license_new), 1, "%s: frame", theme_name);

  /* Ended: drawn and ghosted, but not dashed: a pattern would read as a
   * term (nonexclusive, capped). */
  guint ghost = 0;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *it = dg_scene_item (scene, i);
      if (it->kind == DG_ITEM_CURVE && it->role == DG_ROLE_TIE && it->tie == share_ended)
        {
          cr_assert_lt (it->opacity, 0.6, "%s: ended tie ghosted", theme_name);
          cr_assert_eq (it->dash.n, 0, "%s: ended tie dashed", theme_name);
          ghost++;
        }
    }
  cr_assert_eq (ghost, 1, "%s: the ended revenue share is drawn once", theme_name);

  /* Began: a band under the line (two curves); unchanged: one plain curve. */
  cr_assert_eq (count_items (scene, DG_ITEM_CURVE, DG_ROLE_TIE, investment), 2, "%s: began band", theme_name);
  cr_assert_eq (count_items (scene, DG_ITEM_CURVE, DG_ROLE_TIE, stake), 1, "%s: unchanged", theme_name);
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *it = dg_scene_item (scene, i);
      if (it->tie == stake)
        cr_assert_float_eq (it->opacity, 1.0, 1e-9, "%s: unchanged ties are not faded", theme_name);
    }

  /* The legend explains the three marks. */
  cr_assert_not_null (find_text (scene, DG_ROLE_LEGEND_LABEL, "began"), "%s", theme_name);
  cr_assert_not_null (find_text (scene, DG_ROLE_LEGEND_LABEL, "ended"), "%s", theme_name);
  cr_assert_not_null (find_text (scene, DG_ROLE_LEGEND_LABEL, "changed: old \xe2\x86\x92 new"), "%s", theme_name);
  cr_assert_not_null (find_text (scene, DG_ROLE_CAPTION,
                                 "Earlier terms: exclusive license and hosting \xe2\x86\x92 New agreement: exclusivity ends"),
                      "%s", theme_name);
}

Test (diff, figure_marks_began_ended_changed)
{
  check_marked_figure ("report");
}

Test (diff, grayscale_figure_marks_without_colour)
{
  check_marked_figure ("grayscale");
  /* In grays, began and changed differ by more than colour: began has a
   * band, changed has none but a boxed label; ended fades. */
  g_autoptr (DgTheme) theme = dg_test_load_theme ("grayscale");
  const DgChangeStyle *began = dg_theme_change_style (theme, DG_CHANGE_BEGAN);
  const DgChangeStyle *changed = dg_theme_change_style (theme, DG_CHANGE_CHANGED);
  const DgChangeStyle *ended = dg_theme_change_style (theme, DG_CHANGE_ENDED);
  cr_assert_gt (began->halo.a, 0);
  cr_assert_eq (changed->halo.a, 0);
  cr_assert (changed->frame && !began->frame);
  /* Neither a pattern (terms have those) nor a width (the value's). */
  cr_assert (ended->strike && !ended->has_dash && ended->opacity < 0.6);
  cr_assert_float_eq (began->width_factor, 1.0, 1e-9);
}

Test (diff, figure_bytes_are_deterministic)
{
  g_autoptr (DgGraph) g = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (g, theme, NULL, DG_LAYOUT_UNION);
  g_autoptr (DgDiff) diff = dg_diff_new (g, dg_test_stage (g, "before"), dg_test_stage (g, "agreement"));
  g_autoptr (DgScene) a = dg_diff_scene_build (diff, layout, theme, NULL);
  g_autoptr (DgScene) b = dg_diff_scene_build (diff, layout, theme, NULL);
  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pa = dg_render_scene (a, DG_FORMAT_PNG, &options, &error);
  g_autoptr (GBytes) pb = dg_render_scene (b, DG_FORMAT_PNG, &options, &error);
  cr_assert_not_null (pa);
  cr_assert_not_null (pb);
  cr_assert (g_bytes_equal (pa, pb));
}

Test (diff, theme_change_groups_are_checked)
{
  const char *good = "[theme]\ninherit = report\n[change began]\nhalo = #FF000080\nwidth-factor = 2\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (DgTheme) theme = dg_theme_load_data ("good.theme", good, strlen (good), &error);
  cr_assert_not_null (theme, "%s", error != NULL ? error->message : "?");
  const DgChangeStyle *began = dg_theme_change_style (theme, DG_CHANGE_BEGAN);
  cr_assert_float_eq (began->width_factor, 2.0, 1e-9);
  cr_assert_float_eq (began->halo.r, 1.0, 1e-9);
  cr_assert (began->bold, "keys the child does not set come from report");

  const char *bad = "[change grew]\nhalo = none\n";
  g_autoptr (DgTheme) none = dg_theme_load_data ("bad.theme", bad, strlen (bad), &error);
  cr_assert_null (none);
  cr_assert (strstr (error->message, "[change began]") != NULL, "%s", error->message);
}

/* ---- render --captions ----------------------------------------------------- */

Test (diff, captions_list_the_changes_and_keep_one_size)
{
  g_autoptr (DgGraph) g = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (g, theme, NULL, DG_LAYOUT_UNION);
  DgSceneOptions options = DG_SCENE_OPTIONS_INIT;
  options.changes = TRUE;
  double width = 0, height = 0;
  for (guint s = 0; s < dg_graph_n_stages (g); s++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (g, layout, theme, s, &options);
      if (s == 0)
        {
          width = dg_scene_get_width (scene);
          height = dg_scene_get_height (scene);
        }
      cr_assert_float_eq (dg_scene_get_width (scene), width, 1e-9);
      cr_assert_float_eq (dg_scene_get_height (scene), height, 1e-9);
      if (s != dg_test_stage (g, "agreement"))
        continue;
      gboolean found = FALSE;
      for (guint i = 0; i < dg_scene_n_items (scene); i++)
        {
          const DgSceneItem *it = dg_scene_item (scene, i);
          found = found || (it->role == DG_ROLE_CAPTION && it->text != NULL
                            && strstr (it->text, "license: exclusive \xe2\x86\x92 nonexclusive") != NULL);
        }
      cr_assert (found, "the agreement's figure lists its changes");
    }
  /* Off by default: the ordinary figure is unchanged. */
  g_autoptr (DgScene) plain = dg_scene_build (g, layout, theme, dg_test_stage (g, "agreement"), NULL);
  cr_assert_lt (dg_scene_get_height (plain), height);
}

/* ---- the command --------------------------------------------------------- */

Test (diff, cli_names_a_bad_stage_and_exits_64)
{
  g_autofree char *path = dg_test_deal_path ();
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "diff", path, "--from", "before", "--to", "later", "--summary", NULL };
  cr_assert_eq (dg_test_run (args, &out, &err), 64, "%s", err);
  cr_assert (strstr (err, path) != NULL && strstr (err, "'later'") != NULL, "%s", err);
  g_autofree char *out2 = NULL, *err2 = NULL;
  const char *missing[] = { "diff", path, "--from", "before", NULL };
  cr_assert_eq (dg_test_run (missing, &out2, &err2), 64, "%s", err2);
}

Test (diff, cli_summary_is_deterministic_and_plain_is_terminal_safe)
{
  g_autofree char *path = dg_test_deal_path ();
  g_autofree char *a = NULL, *b = NULL, *e1 = NULL, *e2 = NULL;
  const char *args[] = { "diff", path, "--from", "before", "--to", "agreement", "--summary", NULL };
  cr_assert_eq (dg_test_run (args, &a, &e1), 0, "%s", e1);
  cr_assert_eq (dg_test_run (args, &b, &e2), 0, "%s", e2);
  cr_assert_str_eq (a, b);
  cr_assert (strstr (a, "- OpenAI \xe2\x86\x92 Microsoft license: exclusive \xe2\x86\x92 nonexclusive, until 2032\n") != NULL,
             "%s", a);

  /* A label with an escape sequence and a bidi override must not reach
   * the terminal raw. */
  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("diff");
  g_autofree char *hostile = g_build_filename (dir.path, "hostile.gv", NULL);
  const char *dot = "digraph h { subgraph timeline { a -> b; }\n"
                    "  X [label = \"Evil\x1b[31m\xe2\x80\xae" "Co\"];\n"
                    "  Y; X -> Y [kind = license, from = b]; }\n";
  cr_assert (g_file_set_contents (hostile, dot, -1, NULL));
  g_autofree char *p = NULL, *pe = NULL;
  const char *plain[] = { "diff", hostile, "--from", "a", "--to", "b", "--summary", "--plain", NULL };
  cr_assert_eq (dg_test_run (plain, &p, &pe), 0, "%s", pe);
  cr_assert (strchr (p, '\x1b') == NULL, "%s", p);
  cr_assert (strstr (p, "\xe2\x80\xae") == NULL, "%s", p);
  cr_assert (strstr (p, "\\u001b") != NULL, "%s", p);
}

/* A diff in words: both stages named, then the changes in the words
 * dg_describe() uses for the changes since the stage before (so for two
 * consecutive stages, exactly its CHANGE items, in its order); a stage
 * against itself says nothing changed. */
Test (diff, describe_says_what_changed_in_describes_words)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  for (guint s = 1; s < dg_graph_n_stages (graph); s++)
    {
      g_autoptr (DgDiff) diff = dg_diff_new (graph, s - 1, s);
      g_autofree char *text = dg_diff_describe (diff);
      g_autofree char *head = g_strdup_printf ("what changed from stage %u, \u201c%s\u201d, to stage %u, \u201c%s\u201d.", s,
                                               dg_graph_stage (graph, s - 1)->label, s + 1, dg_graph_stage (graph, s)->label);
      const char *at = strstr (text, head);
      cr_assert_not_null (at, "%s", text);
      at += strlen (head);
      g_autoptr (DgDescription) description = dg_describe (graph, s, NULL, NULL);
      guint n = 0;
      for (guint i = 0; i < dg_description_n_items (description); i++)
        {
          const DgDescriptionItem *item = dg_description_item (description, i);
          if (item->part != DG_DESCRIPTION_CHANGE)
            continue;
          g_autofree char *want = g_strconcat (" ", item->text, NULL);
          cr_assert (g_str_has_prefix (at, want), "stage %u: expected \"%s\" next in \"%s\"", s + 1, item->text, text);
          at += strlen (want);
          n++;
        }
      cr_assert_gt (n, 0, "stage %u changes nothing in the fixture", s + 1);
      cr_assert_str_empty (at, "more after the changes: %s", at);
    }
  g_autoptr (DgDiff) none = dg_diff_new (graph, 1, 1);
  g_autofree char *nothing = dg_diff_describe (none);
  cr_assert (g_str_has_suffix (nothing, " Nothing changed."), "%s", nothing);
}

Test (diff, cli_writes_the_figure)
{
  g_autofree char *path = dg_test_deal_path ();
  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("diff");
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "diff", path, "--from", "before", "--to", "agreement", "-o", dir.path, "--flat", "-T",
                         "svg,png", "-t", "grayscale", NULL };
  cr_assert_eq (dg_test_run (args, &out, &err), 0, "%s", err);
  const char *names[] = { DG_TEST_DEAL_NAME "-diff-before-agreement.svg",
                          DG_TEST_DEAL_NAME "-diff-before-agreement.png" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_build_filename (dir.path, names[i], NULL);
      cr_assert (g_file_test (file, G_FILE_TEST_IS_REGULAR), "%s missing", file);
    }
  /* The figure is described by the diff in words (dg_diff_describe()). */
  g_autofree char *svg_path = g_build_filename (dir.path, names[0], NULL);
  g_autofree char *svg = dg_test_read_text (svg_path);
  const char *desc = strstr (svg, "<desc id=");
  cr_assert_not_null (desc);
  const char *end = strstr (desc, "</desc>");
  const char *said = strstr (desc, "what changed from stage 1,");
  cr_assert (said != NULL && said < end, "the diff's <desc> does not say what changed");
}
