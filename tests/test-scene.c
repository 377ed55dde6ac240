/* test-scene.c — what each figure shows: active ties and parties, furniture, styling, labels that fit. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "dealgraph.h"
#include "dg-test.h"
#include "src/scene/scene-private.h"

/* Text boxes may touch by this much; items may leave the canvas by this much. */
#define TOLERANCE 0.5

/* ------------------------------------------------------------------------ */
/* Helpers */

static guint
count_role (const DgScene *scene, DgRole role)
{
  guint n = 0;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    n += dg_scene_item (scene, i)->role == role;
  return n;
}

/* The only item of @role whose tie is @tie (-1: any), or NULL. */
static const DgSceneItem *
find_item (const DgScene *scene, DgRole role, int tie)
{
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      if (item->role == role && (tie < 0 || item->tie == tie))
        return item;
    }
  return NULL;
}

static gboolean
is_label (DgRole role)
{
  switch (role)
    {
    case DG_ROLE_PARTY_LABEL:
    case DG_ROLE_TIE_LABEL:
    case DG_ROLE_GROUP_LABEL:
    case DG_ROLE_TITLE:
    case DG_ROLE_CAPTION:
    case DG_ROLE_TIMELINE_LABEL:
    case DG_ROLE_LEGEND_LABEL:
    case DG_ROLE_CREDIT:
      return TRUE;
    default:
      return FALSE;
    }
}

static const char *
role_name (DgRole role)
{
  static const char *const names[] = { "party",    "party label",    "tie",    "tie arrow", "tie label",
                                       "group",    "group label",    "title",  "caption",   "timeline",
                                       "timeline label", "legend", "legend label", "credit" };
  return (guint) role < G_N_ELEMENTS (names) ? names[role] : "?";
}

/* Whether legend text @item is faded towards the background: lighter
 * than the darkest legend text of @scene. */
static gboolean
legend_faint (const DgScene *scene, const DgSceneItem *item)
{
  double darkest = 1;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *t = dg_scene_item (scene, i);
      if (t->role == DG_ROLE_LEGEND_LABEL && t->kind == DG_ITEM_TEXT)
        {
          const DgColor *c = t->fill.a > 0 ? &t->fill : &t->stroke;
          darkest = MIN (darkest, c->r + c->g + c->b);
        }
    }
  const DgColor *c = item->fill.a > 0 ? &item->fill : &item->stroke;
  return c->r + c->g + c->b > darkest + 0.3;
}

/* Whether a figure of stage @s draws tie @t as a ghost, by the rule
 * dg_scene_build() documents: it ended at @s (active at the stage before,
 * and not continued by a tie that changed), both its parties are still
 * active, and the stage's geometry places it. */
static gboolean
ghost_at (const DgGraph *graph, const DgLayout *layout, guint s, guint t)
{
  const DgTie *tie = dg_graph_tie (graph, t);
  if (s == 0 || !dg_tie_active_at (tie, s - 1) || dg_tie_active_at (tie, s))
    return FALSE;
  g_autoptr (GArray) changes = dg_timeline_changes (graph, s - 1, s);
  gboolean ended = FALSE;
  for (guint k = 0; k < changes->len; k++)
    {
      const DgChange *c = &g_array_index (changes, DgChange, k);
      ended |= c->kind == DG_CHANGE_ENDED && c->old_tie == tie;
    }
  const DgGeometry *geo = dg_layout_stage_geometry (layout, s);
  return ended && dg_party_active_at (dg_graph_party (graph, tie->tail), s)
         && dg_party_active_at (dg_graph_party (graph, tie->head), s) && geo->ties[t].placed;
}

/* @c keeping @factor of itself over @bg: how a colour drawn at opacity
 * @factor looks on the background. */
static DgColor
over (DgColor c, DgColor bg, double factor)
{
  return (DgColor) { c.r * factor + bg.r * (1 - factor), c.g * factor + bg.g * (1 - factor),
                     c.b * factor + bg.b * (1 - factor), 1 };
}

/* Whether @a and @b are the same colour but for rounding. */
static gboolean
same_rgb (DgColor a, DgColor b)
{
  return fabs (a.r - b.r) < 1e-9 && fabs (a.g - b.g) < 1e-9 && fabs (a.b - b.b) < 1e-9;
}

/* The first item of @role and @kind drawing tie @tie, or NULL. */
static const DgSceneItem *
find_tie_item (const DgScene *scene, DgRole role, DgItemKind kind, guint tie)
{
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      if (item->role == role && item->kind == kind && item->tie == (int) tie)
        return item;
    }
  return NULL;
}

/* How many items of @scene draw tie @tie. */
static guint
count_tie_items (const DgScene *scene, guint tie)
{
  guint n = 0;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    n += dg_scene_item (scene, i)->tie == (int) tie;
  return n;
}

/* The index of the tie @tail -> @head of @kind active at stage @s. */
static guint
tie_at (const DgGraph *graph, const char *tail, const char *head, const char *kind, guint s)
{
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    {
      const DgTie *t = dg_graph_tie (graph, i);
      if (strcmp (dg_graph_party (graph, t->tail)->id, tail) == 0
          && strcmp (dg_graph_party (graph, t->head)->id, head) == 0 && g_strcmp0 (t->kind, kind) == 0
          && dg_tie_active_at (t, s))
        return i;
    }
  cr_assert_fail ("no tie %s -> %s (%s) at stage %u", tail, head, kind, s);
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Every active tie and party is drawn, once, and nothing inactive but the
 * ghost of a tie that ended at the stage */

static void
check_drawn_at (const DgGraph *graph, const DgLayout *layout, const DgScene *scene, guint s, const char *what)
{
  guint n_parties = dg_graph_n_parties (graph), n_ties = dg_graph_n_ties (graph);
  g_autofree guint *party_count = g_new0 (guint, n_parties);
  g_autofree guint *tie_count = g_new0 (guint, n_ties);
  g_autofree guint *party_other = g_new0 (guint, n_parties);
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLooks) looks = dg_looks_new (graph, theme);
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      switch (item->role)
        {
        case DG_ROLE_PARTY:
          cr_assert (item->party >= 0 && (guint) item->party < n_parties, "%s stage %u: party item %d", what, s,
                     item->party);
          /* dealgraph's own outline is one SHAPE; Graphviz's drawing of a
           * record, table or other shape is several items. */
          if (item->kind == DG_ITEM_SHAPE)
            party_count[item->party]++;
          else
            party_other[item->party]++;
          break;
        case DG_ROLE_PARTY_LABEL:
          cr_assert (item->party >= 0 && dg_party_active_at (dg_graph_party (graph, (guint) item->party), s),
                     "%s stage %u: label of an inactive party %d", what, s, item->party);
          break;
        case DG_ROLE_TIE:
          cr_assert (item->tie >= 0 && (guint) item->tie < n_ties, "%s stage %u: tie item %d", what, s, item->tie);
          cr_assert_eq (item->kind, DG_ITEM_CURVE);
          cr_assert (item->n_points >= 4 && (item->n_points - 1) % 3 == 0, "%s stage %u: tie %d has %u points",
                     what, s, item->tie, item->n_points);
          tie_count[item->tie]++;
          break;
        case DG_ROLE_TIE_ARROW:
        case DG_ROLE_TIE_LABEL:
          cr_assert (item->tie >= 0
                         && (dg_tie_active_at (dg_graph_tie (graph, (guint) item->tie), s)
                             || ghost_at (graph, layout, s, (guint) item->tie)),
                     "%s stage %u: %s of an inactive tie %d", what, s, role_name (item->role), item->tie);
          break;
        default:
          break;
        }
    }
  g_autoptr (GArray) parties = dg_graph_active_parties (graph, s);
  g_autoptr (GArray) ties = dg_graph_active_ties (graph, s);
  g_autofree gboolean *party_on = g_new0 (gboolean, n_parties);
  g_autofree gboolean *tie_on = g_new0 (gboolean, n_ties);
  for (guint i = 0; i < parties->len; i++)
    party_on[g_array_index (parties, guint, i)] = TRUE;
  for (guint i = 0; i < ties->len; i++)
    tie_on[g_array_index (ties, guint, i)] = TRUE;
  for (guint i = 0; i < n_parties; i++)
    {
      gboolean own = dg_looks_party (looks, i)->own, shown = party_on[i] && dg_looks_party (looks, i)->visible;
      if (own)
        cr_assert_eq (party_count[i], shown ? 1u : 0u, "%s stage %u: party \"%s\" drawn %u times, active=%d", what,
                      s, dg_graph_party (graph, i)->id, party_count[i], party_on[i]);
      else
        cr_assert_eq (party_count[i] + party_other[i] > 0, shown, "%s stage %u: party \"%s\" drawn by Graphviz: %u "
                      "items, active=%d", what, s, dg_graph_party (graph, i)->id, party_count[i] + party_other[i],
                      party_on[i]);
    }
  for (guint i = 0; i < n_ties; i++)
    {
      const DgTie *tie = dg_graph_tie (graph, i);
      gboolean shown = (tie_on[i] || ghost_at (graph, layout, s, i)) && dg_looks_tie (looks, i)->visible;
      /* dealgraph's line is one curve; Graphviz's multi-colour line one per colour. */
      if (dg_looks_tie (looks, i)->own_line)
        cr_assert_eq (tie_count[i], shown ? 1u : 0u, "%s stage %u: tie %u (%s -> %s, %s) drawn %u times, active=%d",
                      what, s, i, dg_graph_party (graph, tie->tail)->id, dg_graph_party (graph, tie->head)->id,
                      tie->kind, tie_count[i], tie_on[i]);
      else
        cr_assert_eq (tie_count[i] > 0, shown, "%s stage %u: tie %u drawn %u times", what, s, i, tie_count[i]);
    }

}

static void
check_drawn (const char *engine, DgLayoutMode mode)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, engine, mode);
  g_autofree char *what = g_strdup_printf ("%s mode %d", engine, mode);
  cr_assert_eq (dg_graph_n_stages (graph), 5);
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, NULL);
      cr_assert_not_null (scene);
      check_drawn_at (graph, layout, scene, s, what);
    }
}

Test (drawn, active_ties_and_parties_union)
{
  check_drawn ("dot", DG_LAYOUT_UNION);
}

Test (drawn, active_ties_and_parties_stage)
{
  check_drawn ("dot", DG_LAYOUT_STAGE);
}

Test (drawn, active_ties_and_parties_anchored)
{
  check_drawn ("dot", DG_LAYOUT_ANCHORED);
}

Test (drawn, active_ties_and_parties_anchored_neato)
{
  check_drawn ("neato", DG_LAYOUT_ANCHORED);
}

Test (drawn, every_stage_differs_from_the_last)
{
  /* The deal fixture changes at every stage, so no two consecutive figures may
   * draw the same ties (guards against drawing stage 0 five times). */
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  g_autofree char *previous = NULL;
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, NULL);
      GString *ties = g_string_new (NULL);
      for (guint i = 0; i < dg_scene_n_items (scene); i++)
        if (dg_scene_item (scene, i)->role == DG_ROLE_TIE)
          g_string_append_printf (ties, "%d,", dg_scene_item (scene, i)->tie);
      g_autofree char *now = g_string_free (ties, FALSE);
      cr_assert (previous == NULL || strcmp (previous, now) != 0, "stage %u draws the same ties as the one before",
                 s);
      g_free (previous);
      previous = g_steal_pointer (&now);
    }
}

/* ------------------------------------------------------------------------ */
/* The story: a tie that ends is shown ending, in the next stage only */

Test (ghosts, an_ended_tie_is_drawn_once_marked_ended)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  guint agreement = dg_test_stage (graph, "agreement"), y2030 = dg_test_stage (graph, "y2030");
  guint y2032 = dg_test_stage (graph, "y2032");
  /* OpenAI's capped revenue share to Microsoft runs until 2030. */
  guint capped = tie_at (graph, "OpenAI", "Microsoft", "revenue_share", agreement);
  cr_assert_eq (dg_graph_tie (graph, capped)->interval.until, y2030);
  const DgChangeStyle *ended = dg_theme_change_style (theme, DG_CHANGE_ENDED);
  cr_assert_lt (ended->opacity, 1.0);

  /* While active, it is drawn as itself. */
  g_autoptr (DgScene) before = dg_scene_build (graph, layout, theme, agreement, NULL);
  const DgSceneItem *line = find_tie_item (before, DG_ROLE_TIE, DG_ITEM_CURVE, capped);
  cr_assert_not_null (line);
  cr_assert_eq (line->opacity, 1.0);
  const DgSceneItem *label = find_tie_item (before, DG_ROLE_TIE_LABEL, DG_ITEM_TEXT, capped);
  cr_assert_not_null (label);
  cr_assert_str_eq (label->text, "capped \xc2\xb7 until 2030");

  /* The first stage without it: a ghost at its place, marked ended. */
  g_autoptr (DgScene) at = dg_scene_build (graph, layout, theme, y2030, NULL);
  const DgSceneItem *ghost = find_tie_item (at, DG_ROLE_TIE, DG_ITEM_CURVE, capped);
  cr_assert_not_null (ghost, "no ghost of the capped revenue share at 2030");
  /* Faded as [change ended] says, whether drawn translucent or in faded
   * colours. */
  DgColor bg = dg_scene_get_background (at);
  cr_assert (same_rgb (over (ghost->stroke, bg, ghost->opacity), over (line->stroke, bg, ended->opacity)),
             "the ghost is not faded to %g", ended->opacity);
  /* The [change ended] dash if it sets one, else the tie's own pattern
   * (terms keep their meaning in a ghost). */
  cr_assert_eq (ghost->dash.n, ended->has_dash ? ended->dash.n : line->dash.n);
  cr_assert_eq (ghost->n_points, line->n_points, "the ghost runs where the tie ran");
  double dy = ghost->points[0].y - line->points[0].y; /* union mode: the same frame */
  for (guint k = 0; k < ghost->n_points; k++)
    cr_assert (fabs (ghost->points[k].x - line->points[k].x) < 1e-9 && fabs (ghost->points[k].y - line->points[k].y - dy) < 1e-9);
  const DgSceneItem *ghost_label = find_tie_item (at, DG_ROLE_TIE_LABEL, DG_ITEM_TEXT, capped);
  cr_assert_not_null (ghost_label);
  cr_assert_str_eq (ghost_label->text, "ended \xc2\xb7 capped \xc2\xb7 until 2030");
  cr_assert (same_rgb (over (ghost_label->stroke, bg, ghost_label->opacity), over (label->stroke, bg, ended->opacity)));
  /* Struck through, but not the word "ended". */
  const DgSceneItem *strike = find_tie_item (at, DG_ROLE_TIE_LABEL, DG_ITEM_CURVE, capped);
  cr_assert (ended->strike && strike != NULL);
  cr_assert_gt (strike->points[0].x, ghost_label->box.x0 + 10);
  cr_assert_geq (strike->points[strike->n_points - 1].x, ghost_label->box.x1);
  /* It is the only tie drawn that is not active, and the legend says what it is. */
  for (guint i = 0; i < dg_scene_n_items (at); i++)
    {
      const DgSceneItem *item = dg_scene_item (at, i);
      if (item->tie >= 0 && !dg_tie_active_at (dg_graph_tie (graph, (guint) item->tie), y2030))
        cr_assert_eq (item->tie, (int) capped, "tie %d drawn at 2030", item->tie);
    }
  gboolean legend = FALSE;
  for (guint i = 0; i < dg_scene_n_items (at); i++)
    {
      const DgSceneItem *item = dg_scene_item (at, i);
      if (item->role == DG_ROLE_LEGEND_LABEL && g_strcmp0 (item->text, "ended") == 0)
        legend = !legend_faint (at, item);
    }
  cr_assert (legend, "the legend does not explain the ghost");

  /* The stage after that: gone. */
  g_autoptr (DgScene) after = dg_scene_build (graph, layout, theme, y2032, NULL);
  cr_assert_eq (count_tie_items (after, capped), 0, "the capped revenue share is still drawn in 2032");
}

Test (ghosts, none_for_a_changed_tie_or_one_whose_party_left)
{
  static const char text[] = "digraph { subgraph timeline { s1 -> s2 -> s3; }\n"
                             "  a; b; c [until = s2];\n"
                             "  a -> b [kind = license, terms = \"exclusive\", until = s2];\n"
                             "  a -> b [kind = license, terms = \"nonexclusive\", from = s2];\n"
                             "  c -> a [kind = stake, value = \"5%\", until = s2];\n"
                             "  b -> a [kind = investment, until = s2]; }\n";
  g_autoptr (DgGraph) graph = dg_test_load_text (text);
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  g_autoptr (DgScene) s2 = dg_scene_build (graph, layout, theme, 1, NULL);
  /* The exclusive license goes on as a nonexclusive one: it changed. */
  cr_assert_eq (count_tie_items (s2, 0), 0, "the license that changed has a ghost");
  /* c left with its stake: a line to nowhere would say nothing. */
  cr_assert_eq (count_tie_items (s2, 2), 0, "the stake of a party that left has a ghost");
  /* The investment ended, both parties stay: it has one. */
  const DgSceneItem *ghost = find_tie_item (s2, DG_ROLE_TIE, DG_ITEM_CURVE, 3);
  cr_assert_not_null (ghost);
  g_autoptr (DgLooks) looks = dg_looks_new (graph, theme);
  DgColor bg = dg_scene_get_background (s2), seen = over (ghost->stroke, bg, ghost->opacity);
  DgColor own = dg_looks_tie (looks, 3)->color;
  cr_assert_gt (seen.r + seen.g + seen.b, own.r + own.g + own.b, "the ghost is not faded");
  g_autoptr (DgScene) s3 = dg_scene_build (graph, layout, theme, 2, NULL);
  for (guint t = 0; t < 4; t++)
    cr_assert_eq (count_tie_items (s3, t) > 0, t == 1, "stage 3 draws tie %u: %u items", t, count_tie_items (s3, t));
}

Test (ghosts, theme_show_ended_false_draws_none)
{
  g_autoptr (GError) error = NULL;
  static const char data[] = "[theme]\ninherit = report\nshow-ended = false\n";
  g_autoptr (DgTheme) theme = dg_theme_load_data ("quiet", data, sizeof data - 1, &error);
  cr_assert_not_null (theme, "%s", error != NULL ? error->message : "");
  cr_assert_not (dg_theme_furniture (theme)->show_ended);
  g_autoptr (DgTheme) report = dg_test_load_theme ("report");
  cr_assert (dg_theme_furniture (report)->show_ended, "report draws ghosts");
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, NULL);
      for (guint i = 0; i < dg_scene_n_items (scene); i++)
        {
          const DgSceneItem *item = dg_scene_item (scene, i);
          cr_assert (item->tie < 0 || dg_tie_active_at (dg_graph_tie (graph, (guint) item->tie), s),
                     "stage %u draws inactive tie %d", s, item->tie);
          cr_assert (item->role != DG_ROLE_LEGEND_LABEL || g_strcmp0 (item->text, "ended") != 0,
                     "stage %u: the legend explains ghosts it never draws", s);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Cropped figures: cut to what they draw, at one scale */

/* The box of @item's geometry (its box, or the hull of its points). */
static DgBox
item_bounds (const DgSceneItem *item)
{
  if (item->kind == DG_ITEM_SHAPE || item->kind == DG_ITEM_TEXT)
    return item->box;
  DgBox b = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  for (guint k = 0; k < item->n_points; k++)
    b = (DgBox) { MIN (b.x0, item->points[k].x), MIN (b.y0, item->points[k].y), MAX (b.x1, item->points[k].x),
                  MAX (b.y1, item->points[k].y) };
  return b;
}

/* The outline of party @party in @scene. */
static const DgSceneItem *
party_shape (const DgScene *scene, guint party)
{
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      if (item->role == DG_ROLE_PARTY && item->kind == DG_ITEM_SHAPE && item->party == (int) party)
        return item;
    }
  cr_assert_fail ("party %u is not drawn", party);
  return NULL;
}

Test (crop, stages_differ_in_size_but_share_one_scale)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  DgSceneOptions crop = DG_SCENE_OPTIONS_INIT;
  crop.crop = TRUE;
  guint before = dg_test_stage (graph, "before"), agreement = dg_test_stage (graph, "agreement");
  g_autoptr (DgScene) frame = dg_scene_build (graph, layout, theme, agreement, NULL);
  g_autoptr (DgScene) a = dg_scene_build (graph, layout, theme, before, &crop);
  g_autoptr (DgScene) b = dg_scene_build (graph, layout, theme, agreement, &crop);
  double fw = dg_scene_get_width (frame), fh = dg_scene_get_height (frame);
  cr_assert_eq (dg_scene_get_frame_width (frame), fw, "an uncropped scene is its own frame");

  /* Different pages: the first stage has none of Amazon's parties. */
  cr_assert (dg_scene_get_width (a) != dg_scene_get_width (b) || dg_scene_get_height (a) != dg_scene_get_height (b),
             "both crops are %g × %g pt", dg_scene_get_width (a), dg_scene_get_height (a));
  cr_assert_lt (dg_scene_get_height (a), fh, "the first stage's crop is as tall as the frame");
  /* One scale: a party is as large in each, and as in the uncropped
   * figure; a render width scales the frame they were cut from. */
  guint openai = dg_graph_find_party (graph, "OpenAI")->index;
  const DgSceneItem *pa = party_shape (a, openai), *pb = party_shape (b, openai), *pf = party_shape (frame, openai);
  cr_assert_float_eq (pa->box.x1 - pa->box.x0, pf->box.x1 - pf->box.x0, 1e-9);
  cr_assert_float_eq (pb->box.x1 - pb->box.x0, pf->box.x1 - pf->box.x0, 1e-9);
  cr_assert_float_eq (pa->box.y1 - pa->box.y0, pb->box.y1 - pb->box.y0, 1e-9);
  cr_assert_eq (dg_scene_get_frame_width (a), fw);
  cr_assert_eq (dg_scene_get_frame_height (a), fh);
  cr_assert_eq (dg_scene_get_frame_width (b), fw);
  cr_assert_float_eq (dg_scene_output_scale (a, 400), 400 / fw, 1e-12);
  cr_assert_float_eq (dg_scene_output_scale (b, 400), 400 / fw, 1e-12);
  cr_assert_float_eq (dg_scene_output_scale (a, 0), dg_scene_output_scale (frame, 0), 1e-12);

  /* Cut, not redrawn: every item of the uncropped figure is there, the
   * graph moved as one, each inside the page, and the page goes no
   * further than the margin past what it holds. */
  cr_assert_eq (dg_scene_n_items (b), dg_scene_n_items (frame));
  double dx = pb->box.x0 - pf->box.x0, dy = pb->box.y0 - pf->box.y0;
  const double m = dg_theme_furniture (theme)->margin;
  const DgScene *crops[] = { a, b };
  for (guint c = 0; c < G_N_ELEMENTS (crops); c++)
    {
      const DgScene *scene = crops[c];
      double w = dg_scene_get_width (scene), h = dg_scene_get_height (scene);
      cr_assert (w == floor (w) && h == floor (h), "whole points: %g × %g", w, h);
      DgBox all = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
      for (guint i = 0; i < dg_scene_n_items (scene); i++)
        {
          const DgSceneItem *item = dg_scene_item (scene, i);
          DgBox ib = item_bounds (item);
          double lw = item->line_width / 2;
          cr_assert (ib.x0 - lw >= -TOLERANCE && ib.y0 - lw >= -TOLERANCE && ib.x1 + lw <= w + TOLERANCE
                         && ib.y1 + lw <= h + TOLERANCE,
                     "crop %u: %s item %u (%g, %g)–(%g, %g) leaves the %g × %g page", c, role_name (item->role), i,
                     ib.x0, ib.y0, ib.x1, ib.y1, w, h);
          all = (DgBox) { MIN (all.x0, ib.x0), MIN (all.y0, ib.y0), MAX (all.x1, ib.x1), MAX (all.y1, ib.y1) };
        }
      cr_assert (all.x0 <= m + 6 && all.y0 <= m + 6 && all.x1 >= w - m - 6 && all.y1 >= h - m - 6,
                 "crop %u: (%g, %g)–(%g, %g) on a %g × %g page is not cut to the margin", c, all.x0, all.y0, all.x1,
                 all.y1, w, h);
    }
  for (guint i = 0; i < dg_scene_n_items (b); i++)
    {
      const DgSceneItem *x = dg_scene_item (b, i), *y = dg_scene_item (frame, i);
      if (x->role != DG_ROLE_PARTY && x->role != DG_ROLE_TIE && x->role != DG_ROLE_TIE_LABEL)
        continue;
      DgBox bx = item_bounds (x), by = item_bounds (y);
      cr_assert (fabs (bx.x0 - by.x0 - dx) < 1e-9 && fabs (bx.y0 - by.y0 - dy) < 1e-9, "%s item %u moved apart",
                 role_name (x->role), i);
    }
}

/* ------------------------------------------------------------------------ */
/* Union mode: nobody moves, every figure has one size */

Test (union_mode, parties_do_not_move_between_stages)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  guint n_parties = dg_graph_n_parties (graph), n_stages = dg_graph_n_stages (graph);
  g_autofree DgBox *first = g_new0 (DgBox, n_parties);
  g_autofree gboolean *seen = g_new0 (gboolean, n_parties);
  double width = 0, height = 0;
  guint compared = 0;
  for (guint s = 0; s < n_stages; s++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, NULL);
      if (s == 0)
        {
          width = dg_scene_get_width (scene);
          height = dg_scene_get_height (scene);
        }
      cr_assert (dg_scene_get_width (scene) == width && dg_scene_get_height (scene) == height,
                 "stage %u is %g x %g, stage 0 %g x %g", s, dg_scene_get_width (scene), dg_scene_get_height (scene),
                 width, height);
      for (guint i = 0; i < dg_scene_n_items (scene); i++)
        {
          const DgSceneItem *item = dg_scene_item (scene, i);
          if (item->role != DG_ROLE_PARTY)
            continue;
          guint p = (guint) item->party;
          if (!seen[p])
            {
              seen[p] = TRUE;
              first[p] = item->box;
              continue;
            }
          cr_assert (memcmp (&first[p], &item->box, sizeof (DgBox)) == 0,
                     "party \"%s\" moves at stage %u: (%g,%g) -> (%g,%g)", dg_graph_party (graph, p)->id, s,
                     first[p].x0, first[p].y0, item->box.x0, item->box.y0);
          compared++;
        }
    }
  cr_assert_gt (compared, 10);
}

/* The ties whose rows block @id draws in @scene, as text ("3 5 9"). */
static char *
block_rows (const DgScene *scene, const char *id)
{
  GString *rows = g_string_new (NULL);
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      if (item->id == id && item->role == DG_ROLE_TIE_LABEL && item->kind == DG_ITEM_TEXT)
        g_string_append_printf (rows, "%d ", item->tie);
    }
  return g_string_free (rows, FALSE);
}

Test (union_mode, tie_labels_do_not_move_between_stages)
{
  /* A label stays where it is while its tie is active; a row of a stacked
   * block, while the block draws the same rows (a block closes up on the
   * rows a stage draws). */
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  g_autoptr (GHashTable) first = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint compared = 0;
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, NULL);
      for (guint i = 0; i < dg_scene_n_items (scene); i++)
        {
          const DgSceneItem *item = dg_scene_item (scene, i);
          if (item->role != DG_ROLE_TIE_LABEL && item->role != DG_ROLE_TIE_KEY)
            continue;
          guint t = (guint) item->tie;
          /* A ghost's label ("ended · …") is placed after every other, so
           * that none of theirs moves for it; it may move itself. */
          if (!dg_tie_active_at (dg_graph_tie (graph, t), s))
            continue;
          g_autofree char *rows = item->id != NULL ? block_rows (scene, item->id) : g_strdup ("");
          g_autofree char *key = g_strdup_printf ("%d %u %u|%s", item->role, item->kind, t, rows);
          const DgBox *seen = g_hash_table_lookup (first, key);
          if (seen == NULL)
            {
              g_hash_table_insert (first, g_steal_pointer (&key), g_memdup2 (&item->box, sizeof item->box));
              continue;
            }
          compared++;
          cr_assert (memcmp (seen, &item->box, sizeof (DgBox)) == 0, "label \"%s\" of tie %u moves at stage %u",
                     item->text != NULL ? item->text : "(key)", t, s);
        }
    }
  cr_assert_gt (compared, 4);
}

Test (anchored_mode, every_figure_has_one_size)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "neato", DG_LAYOUT_ANCHORED);
  g_autoptr (DgScene) first = dg_scene_build (graph, layout, theme, 0, NULL);
  for (guint s = 1; s < dg_graph_n_stages (graph); s++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, NULL);
      cr_assert (dg_scene_get_width (scene) == dg_scene_get_width (first)
                     && dg_scene_get_height (scene) == dg_scene_get_height (first),
                 "stage %u: %g x %g against %g x %g", s, dg_scene_get_width (scene), dg_scene_get_height (scene),
                 dg_scene_get_width (first), dg_scene_get_height (first));
    }
}

/* ------------------------------------------------------------------------ */
/* Labels do not overlap, nothing leaves the canvas */

static gboolean
inside (double v, double max)
{
  return v >= -TOLERANCE && v <= max + TOLERANCE;
}

static void
check_fits (const DgScene *scene, const char *what)
{
  double w = dg_scene_get_width (scene), h = dg_scene_get_height (scene);
  cr_assert (w > 0 && h > 0, "%s: empty figure", what);
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      if (item->kind == DG_ITEM_SHAPE || item->kind == DG_ITEM_TEXT)
        cr_assert (inside (item->box.x0, w) && inside (item->box.x1, w) && inside (item->box.y0, h)
                       && inside (item->box.y1, h),
                   "%s: %s \"%s\" (%.1f,%.1f)-(%.1f,%.1f) leaves the %g x %g canvas", what, role_name (item->role),
                   item->text != NULL ? item->text : "", item->box.x0, item->box.y0, item->box.x1, item->box.y1, w, h);
      for (guint k = 0; k < item->n_points; k++)
        cr_assert (inside (item->points[k].x, w) && inside (item->points[k].y, h),
                   "%s: %s (tie %d) point %u (%.1f,%.1f) leaves the %g x %g canvas", what, role_name (item->role),
                   item->tie, k, item->points[k].x, item->points[k].y, w, h);
      if (item->kind == DG_ITEM_TEXT)
        {
          cr_assert (is_label (item->role), "%s: text item with role %s", what, role_name (item->role));
          cr_assert (item->box.x1 > item->box.x0 && item->box.y1 > item->box.y0, "%s: empty text box \"%s\"", what,
                     item->text);
          g_ptr_array_add (labels, (gpointer) item);
        }
    }
  for (guint i = 0; i < labels->len; i++)
    for (guint j = i + 1; j < labels->len; j++)
      {
        const DgSceneItem *a = labels->pdata[i], *b = labels->pdata[j];
        double ox = MIN (a->box.x1, b->box.x1) - MAX (a->box.x0, b->box.x0);
        double oy = MIN (a->box.y1, b->box.y1) - MAX (a->box.y0, b->box.y0);
        cr_assert (ox <= TOLERANCE || oy <= TOLERANCE,
                   "%s: %s \"%s\" and %s \"%s\" overlap by %.1f x %.1f pt", what, role_name (a->role), a->text,
                   role_name (b->role), b->text, ox, oy);
      }
}

static void
check_labels (const char *engine, DgLayoutMode mode)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, engine, mode);
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, NULL);
      g_autofree char *what = g_strdup_printf ("%s mode %d stage %s", engine, mode, dg_graph_stage (graph, s)->id);
      check_fits (scene, what);
    }
}

Test (labels, fit_dot_union)
{
  check_labels ("dot", DG_LAYOUT_UNION);
}

Test (labels, fit_neato_union)
{
  check_labels ("neato", DG_LAYOUT_UNION);
}

/* fdp crowds the OpenAI-Microsoft ties together at stage "before", where
 * "exclusive" and "about 27%" once overlapped (by 7 to 35 pt, varying as
 * fdp's layout does from run to run): the label placer must find them free
 * spots there too. */
Test (labels, fit_fdp_union)
{
  check_labels ("fdp", DG_LAYOUT_UNION);
}

Test (labels, fit_sfdp_union)
{
  check_labels ("sfdp", DG_LAYOUT_UNION);
}

Test (labels, fit_circo_union)
{
  check_labels ("circo", DG_LAYOUT_UNION);
}

Test (labels, fit_twopi_union)
{
  check_labels ("twopi", DG_LAYOUT_UNION);
}

Test (labels, fit_dot_stage)
{
  check_labels ("dot", DG_LAYOUT_STAGE);
}

Test (labels, fit_static_graphs)
{
  static const char *const files[] = { "static.gv", "undirected.gv", "clusters.gv", "unicode.gv", "multi.gv" };
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  for (gsize f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr (DgGraph) graph = dg_test_load_data ("good", files[f]);
      g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
      for (guint s = 0; s < dg_graph_n_stages (graph); s++)
        {
          g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, NULL);
          g_autofree char *what = g_strdup_printf ("%s stage %u", files[f], s);
          check_fits (scene, what);
          check_drawn_at (graph, layout, scene, s, what);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Graphs without a timeline */

static void
check_static (const char *file)
{
  g_autoptr (DgGraph) graph = dg_test_load_data ("good", file);
  cr_assert (dg_graph_is_static (graph));
  cr_assert_eq (dg_graph_n_stages (graph), 1);
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, 0, NULL);
  cr_assert_eq (count_role (scene, DG_ROLE_CAPTION), 0, "%s: a static graph has a stage caption", file);
  cr_assert_eq (count_role (scene, DG_ROLE_TIMELINE), 0, "%s: a static graph has a timeline strip", file);
  cr_assert_eq (count_role (scene, DG_ROLE_TIMELINE_LABEL), 0, "%s: a static graph has timeline labels", file);
  check_drawn_at (graph, layout, scene, 0, file);
  /* Plain DOT: the graph's label is drawn where Graphviz puts it, as one
   * line of text. */
  cr_assert_eq (count_role (scene, DG_ROLE_TITLE), 1);
  /* The implicit stage "all" has nothing to add to the title. */
  cr_assert_str_eq (dg_scene_get_title (scene), dg_graph_get_title (graph));
}

Test (static_graph, directed_has_no_caption_or_timeline)
{
  check_static ("static.gv");
}

Test (static_graph, undirected_has_no_caption_or_timeline)
{
  check_static ("undirected.gv");
}

Test (static_graph, undirected_ties_have_no_arrowheads)
{
  g_autoptr (DgGraph) graph = dg_test_load_data ("good", "undirected.gv");
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, 0, NULL);
  cr_assert_eq (count_role (scene, DG_ROLE_TIE_ARROW), 0);
  cr_assert_eq (count_role (scene, DG_ROLE_TIE), 3);
}

/* ------------------------------------------------------------------------ */
/* Scene options remove exactly their furniture */

#define N_ROLES (DG_ROLE_TIE_KEY + 1) /* the last role */

static void
role_counts (const DgScene *scene, guint counts[N_ROLES])
{
  memset (counts, 0, N_ROLES * sizeof counts[0]);
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      DgRole role = dg_scene_item (scene, i)->role;
      cr_assert_lt ((guint) role, N_ROLES, "a role after DG_ROLE_TIE_KEY: N_ROLES must grow");
      counts[role]++;
    }
}

static void
check_option (gsize offset, const DgRole *removed, guint n_removed)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  guint s = dg_test_stage (graph, "agreement");
  DgSceneOptions all = DG_SCENE_OPTIONS_INIT;
  DgSceneOptions less = DG_SCENE_OPTIONS_INIT;
  *(gboolean *) ((char *) &less + offset) = FALSE;
  g_autoptr (DgScene) full = dg_scene_build (graph, layout, theme, s, &all);
  g_autoptr (DgScene) part = dg_scene_build (graph, layout, theme, s, &less);
  guint before[N_ROLES], after[N_ROLES];
  role_counts (full, before);
  role_counts (part, after);
  for (guint r = 0; r < N_ROLES; r++)
    {
      gboolean gone = FALSE;
      for (guint k = 0; k < n_removed; k++)
        gone |= removed[k] == (DgRole) r;
      if (gone)
        {
          cr_assert_gt (before[r], 0, "the full figure has no %s", role_name ((DgRole) r));
          cr_assert_eq (after[r], 0, "%u %s items remain", after[r], role_name ((DgRole) r));
        }
      else
        cr_assert_eq (after[r], before[r], "%s: %u items, %u with everything on", role_name ((DgRole) r), after[r],
                      before[r]);
    }
  cr_assert (dg_scene_get_height (part) < dg_scene_get_height (full), "the figure is no shorter without it");
}

Test (options, no_title)
{
  static const DgRole roles[] = { DG_ROLE_TITLE };
  check_option (G_STRUCT_OFFSET (DgSceneOptions, title), roles, G_N_ELEMENTS (roles));
}

Test (options, no_caption)
{
  static const DgRole roles[] = { DG_ROLE_CAPTION };
  check_option (G_STRUCT_OFFSET (DgSceneOptions, caption), roles, G_N_ELEMENTS (roles));
}

Test (options, no_timeline)
{
  static const DgRole roles[] = { DG_ROLE_TIMELINE, DG_ROLE_TIMELINE_LABEL };
  check_option (G_STRUCT_OFFSET (DgSceneOptions, timeline), roles, G_N_ELEMENTS (roles));
}

Test (options, no_legend)
{
  static const DgRole roles[] = { DG_ROLE_LEGEND, DG_ROLE_LEGEND_LABEL };
  check_option (G_STRUCT_OFFSET (DgSceneOptions, legend), roles, G_N_ELEMENTS (roles));
}

Test (options, no_credit)
{
  static const DgRole roles[] = { DG_ROLE_CREDIT };
  check_option (G_STRUCT_OFFSET (DgSceneOptions, credit), roles, G_N_ELEMENTS (roles));
}

/* ------------------------------------------------------------------------ */
/* Styling semantics */

/* The scene of stage @stage (index) of @text, laid out with dot. */
static DgScene *
scene_of (const char *text, const char *theme_name, guint stage)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (text);
  g_autoptr (DgTheme) theme = dg_test_load_theme (theme_name);
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  return dg_scene_build (graph, layout, theme, stage, NULL);
}

static const DgSceneItem *
tie_item (const DgScene *scene, int tie)
{
  const DgSceneItem *item = find_item (scene, DG_ROLE_TIE, tie);
  cr_assert_not_null (item, "tie %d is not drawn", tie);
  return item;
}

Test (style, larger_investment_is_wider)
{
  g_autoptr (DgScene) scene = scene_of ("digraph { a [kind = investor]; b [kind = lab]; c [kind = lab];\n"
                                        "  a -> b [kind = investment, value = \"$50B\"];\n"
                                        "  a -> c [kind = investment, value = \"$300M\"]; }\n",
                                        "report", 0);
  double big = tie_item (scene, 0)->line_width, small = tie_item (scene, 1)->line_width;
  cr_assert_gt (small, 0);
  cr_assert_gt (big, small * 1.5, "$50B is %g pt wide, $300M %g pt", big, small);
}

/* A thick dashed tie's dashes grow with it, so it does not read as dotted
 * (issue 15): the dash keeps its length-to-width ratio from 2 pt on. */
Test (style, dashes_grow_with_the_line)
{
  g_autoptr (DgScene) scene = scene_of ("digraph { a [kind = investor]; b [kind = lab]; c [kind = lab];\n"
                                        "  a -> b [kind = investment, value = \"$50B\", style = dashed];\n"
                                        "  a -> c [kind = investment, value = \"$30M\", style = dashed]; }\n",
                                        "report", 0);
  const DgSceneItem *thick = tie_item (scene, 0), *thin = tie_item (scene, 1);
  cr_assert_gt (thick->line_width, 4, "%g pt", thick->line_width);
  cr_assert_gt (thick->dash.n, 0);
  cr_assert_geq (thick->dash.on_off[0] / thick->line_width, 5.0 / 2 - 1e-9, "a %g pt dash on a %g pt line",
                 thick->dash.on_off[0], thick->line_width);
  cr_assert_geq (thin->dash.on_off[0], 5.0 - 1e-9, "a thin line keeps the theme's dash");
}

/* Width says the value and nothing else (issue 15): ties of one value are
 * as wide whatever their terms, which speak through the line instead. */
Test (style, terms_do_not_change_the_width)
{
  g_autoptr (DgScene) scene = scene_of ("digraph { a [kind = investor]; b [kind = lab]; c [kind = lab];\n"
                                        "  d [kind = lab]; e [kind = lab]; f [kind = lab];\n"
                                        "  a -> b [kind = investment, value = \"$2B\"];\n"
                                        "  a -> c [kind = investment, value = \"$2B\", terms = \"exclusive\"];\n"
                                        "  a -> d [kind = investment, value = \"$2B\", terms = \"nonexclusive\"];\n"
                                        "  a -> e [kind = investment, value = \"$2B\", terms = \"primary\"];\n"
                                        "  a -> f [kind = investment, value = \"$2B\", terms = \"capped\"]; }\n",
                                        "report", 0);
  static const char *const terms[] = { "none", "exclusive", "nonexclusive", "primary", "capped" };
  double plain = tie_item (scene, 0)->line_width;
  for (int i = 1; i < 5; i++)
    cr_assert_float_eq (tie_item (scene, i)->line_width, plain, 1e-9, "report figures: a %s tie is %g pt wide, a "
                        "plain one of the same value %g pt", terms[i], tie_item (scene, i)->line_width, plain);
  cr_assert (tie_item (scene, 1)->double_line && tie_item (scene, 2)->dash.n > 0 && tie_item (scene, 4)->dash.n > 0);
  cr_assert (tie_item (scene, 3)->dash.n == 0 && !tie_item (scene, 3)->double_line, "primary is said by its label");
}

/* CIE L* of @c (sRGB, D65): how light it prints in grey. */
static double
lightness (DgColor c)
{
  double v[3] = { c.r, c.g, c.b };
  for (guint i = 0; i < 3; i++)
    v[i] = v[i] <= 0.04045 ? v[i] / 12.92 : pow ((v[i] + 0.055) / 1.055, 2.4);
  double y = 0.2126729 * v[0] + 0.7151522 * v[1] + 0.0721750 * v[2];
  return y > 216.0 / 24389 ? 116 * cbrt (y) - 16 : 24389.0 / 27 * y;
}

/* A tie whose amount is not stated has a look no valued tie can have
 * (issue 15): a hollow band, its inside lighter than its edges and darker
 * than the ground by 15 L* or more, so it reads in grey too; and unlike
 * exclusive's double line, whose gap is the background. */
static void
check_no_value_is_hollow (const char *theme_name)
{
  g_autoptr (DgScene) scene = scene_of ("digraph { a [kind = investor]; b [kind = lab]; c [kind = lab];\n"
                                        "  d [kind = lab]; e [kind = lab]; f [kind = lab]; g [kind = lab];\n"
                                        "  h [kind = lab]; i [kind = lab];\n"
                                        "  a -> b [kind = investment, value = \"$50B\"];\n"
                                        "  a -> c [kind = investment];\n"
                                        "  a -> d [kind = license, terms = \"exclusive\"];\n"
                                        "  a -> e [kind = license, terms = \"exclusive\", value = \"$1B\"];\n"
                                        "  a -> f [kind = owns];\n"
                                        "  a -> g [kind = investment, penwidth = 1.2];\n"
                                        "  a -> h [kind = investment, style = \"setlinewidth(2)\"];\n"
                                        "  a -> i [kind = revenue_share, color = \"#1144AA\"]; }\n",
                                        theme_name, 0);
  DgColor bg = dg_scene_get_background (scene);
  const DgSceneItem *valued = tie_item (scene, 0), *hollow = tie_item (scene, 1);
  cr_assert_eq (valued->core.a, 0, "%s figures: a valued investment is drawn hollow", theme_name);
  cr_assert_gt (hollow->core.a, 0, "%s figures: an investment without a value is not hollow", theme_name);
  cr_assert (!hollow->double_line);
  cr_assert_geq (hollow->line_width, DG_HOLLOW_MIN_WIDTH, "%s figures: the band is %g pt", theme_name,
                 hollow->line_width);
  double l_core = lightness (hollow->core), l_edge = lightness (hollow->stroke), l_bg = lightness (bg);
  cr_assert_geq (fabs (l_core - l_edge), 15, "%s figures: the band's inside (L* %.0f) and edges (L* %.0f) run together",
                 theme_name, l_core, l_edge);
  cr_assert_geq (fabs (l_core - l_bg), 15, "%s figures: the band's inside (L* %.0f) and the ground (L* %.0f) run "
                 "together", theme_name, l_core, l_bg);
  cr_assert ((l_core - l_bg) * (l_edge - l_core) > 0, "%s figures: the inside lies between edges and ground", theme_name);

  /* Exclusive: a double line either way; hollow bands without a value,
   * two strokes with the ground between them with one. */
  const DgSceneItem *ex_hollow = tie_item (scene, 2), *ex_valued = tie_item (scene, 3);
  cr_assert (ex_hollow->double_line && ex_hollow->core.a > 0, "%s figures: exclusive without a value", theme_name);
  cr_assert (ex_valued->double_line && ex_valued->core.a == 0, "%s figures: exclusive with a value", theme_name);

  /* owns states its amount; a width the user wrote draws an ordinary line. */
  cr_assert_eq (tie_item (scene, 4)->core.a, 0, "%s figures: owns is hollow", theme_name);
  cr_assert (tie_item (scene, 5)->core.a == 0 && fabs (tie_item (scene, 5)->line_width - 1.2) < 1e-9,
             "%s figures: penwidth does not win", theme_name);
  cr_assert (tie_item (scene, 6)->core.a == 0 && fabs (tie_item (scene, 6)->line_width - 2) < 1e-9,
             "%s figures: setlinewidth does not win", theme_name);
  /* The user's colour edges the band and tints its inside. */
  const DgSceneItem *blue = tie_item (scene, 7);
  cr_assert (blue->core.a > 0 && fabs (blue->stroke.b - 0xAA / 255.0) < 1e-6 && blue->core.b > blue->core.r,
             "%s figures: a user's colour", theme_name);
}

Test (style, a_tie_without_a_value_is_hollow_report)
{
  check_no_value_is_hollow ("report");
}

Test (style, a_tie_without_a_value_is_hollow_dark)
{
  check_no_value_is_hollow ("dark");
}

Test (style, a_tie_without_a_value_is_hollow_grayscale)
{
  check_no_value_is_hollow ("grayscale");
}

/* The legend explains the hollow band when, and only when, one is drawn. */
Test (legend, says_amount_not_stated_when_a_tie_has_none)
{
  g_autoptr (DgScene) with = scene_of ("digraph { a [kind = investor]; b [kind = lab]; c [kind = lab];\n"
                                       "  a -> b [kind = investment, value = \"$50B\"];\n"
                                       "  a -> c [kind = investment]; }\n",
                                       "report", 0);
  g_autoptr (DgScene) without = scene_of ("digraph { a [kind = investor]; b [kind = lab];\n"
                                          "  a -> b [kind = investment, value = \"$50B\"]; }\n",
                                          "report", 0);
  const DgSceneItem *swatch = NULL;
  gboolean said = FALSE;
  for (guint i = 0; i < dg_scene_n_items (with); i++)
    {
      const DgSceneItem *item = dg_scene_item (with, i);
      if (item->id != NULL && g_str_equal (item->id, "legend value:not-stated") && item->kind == DG_ITEM_CURVE)
        swatch = item;
      said |= item->role == DG_ROLE_LEGEND_LABEL && g_strcmp0 (item->text, "amount not stated") == 0;
    }
  cr_assert (said, "report figures: no legend entry for the hollow investment");
  cr_assert (swatch != NULL && swatch->core.a > 0 && !swatch->double_line, "report figures: the swatch is not hollow");
  for (guint i = 0; i < dg_scene_n_items (without); i++)
    cr_assert (g_strcmp0 (dg_scene_item (without, i)->text, "amount not stated") != 0,
               "report figures: every tie has a value, yet the legend says one has none");
}

Test (style, smaller_stake_is_thinner)
{
  g_autoptr (DgScene) scene = scene_of ("digraph { a [kind = company]; b [kind = lab]; c [kind = lab];\n"
                                        "  a -> b [kind = stake, value = \"27%\"];\n"
                                        "  a -> c [kind = stake, value = \"100%\"]; }\n",
                                        "report", 0);
  double part = tie_item (scene, 0)->line_width, whole = tie_item (scene, 1)->line_width;
  cr_assert_gt (part, 0);
  cr_assert_lt (part, whole, "27%% is %g pt wide, 100%% %g pt", part, whole);
}

Test (style, stake_width_does_not_depend_on_other_stakes)
{
  /* Percentages are absolute: 27 % is as wide alone as next to 100 %. */
  g_autoptr (DgScene) alone = scene_of ("digraph { a [kind = company]; b [kind = lab];\n"
                                        "  a -> b [kind = stake, value = \"27%\"]; }\n",
                                        "report", 0);
  g_autoptr (DgScene) with = scene_of ("digraph { a [kind = company]; b [kind = lab]; c [kind = lab];\n"
                                       "  a -> b [kind = stake, value = \"27%\"];\n"
                                       "  a -> c [kind = stake, value = \"100%\"]; }\n",
                                       "report", 0);
  cr_assert_float_eq (tie_item (alone, 0)->line_width, tie_item (with, 0)->line_width, 1e-9);
}

static gboolean
same_dash (const DgDash *a, const DgDash *b)
{
  if (a->n != b->n)
    return FALSE;
  for (guint i = 0; i < a->n; i++)
    if (fabs (a->on_off[i] - b->on_off[i]) > 1e-9)
      return FALSE;
  return TRUE;
}

static void
check_exclusive_differs (const char *theme_name)
{
  g_autoptr (DgScene) scene = scene_of ("digraph { a [kind = lab]; b [kind = company]; c [kind = company];\n"
                                        "  a -> b [kind = license, terms = \"exclusive\"];\n"
                                        "  a -> c [kind = license, terms = \"nonexclusive\"]; }\n",
                                        theme_name, 0);
  const DgSceneItem *ex = tie_item (scene, 0), *nonex = tie_item (scene, 1);
  cr_assert (!same_dash (&ex->dash, &nonex->dash) || ex->double_line != nonex->double_line,
             "%s: exclusive and nonexclusive licenses look the same without colour", theme_name);
}

Test (style, exclusive_and_nonexclusive_differ_report)
{
  check_exclusive_differs ("report");
}

Test (style, exclusive_and_nonexclusive_differ_dark)
{
  check_exclusive_differs ("dark");
}

Test (style, exclusive_and_nonexclusive_differ_grayscale)
{
  check_exclusive_differs ("grayscale");
}

static gboolean
gray (DgColor c)
{
  return c.a == 0 || (fabs (c.r - c.g) <= 1.0 / 255 && fabs (c.g - c.b) <= 1.0 / 255);
}

Test (style, grayscale_theme_paints_only_grays)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("grayscale");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, NULL);
      cr_assert (gray (dg_scene_get_background (scene)));
      for (guint i = 0; i < dg_scene_n_items (scene); i++)
        {
          const DgSceneItem *item = dg_scene_item (scene, i);
          cr_assert (gray (item->fill) && gray (item->stroke), "stage %u: %s item %u is coloured", s,
                     role_name (item->role), i);
        }
    }
}

/* The legend names, at full strength, what the figure draws: the kinds of
 * its parties and ties, the terms the theme styles, and "ended" when it
 * draws the ghost of a tie that ended (a ghost's kind is not drawn as
 * such); the timeline's other kinds and terms stay in their places, faint. */
static void
check_legend (const DgGraph *graph, const DgLayout *layout, const DgTheme *theme, const DgScene *scene, guint s)
{
  g_autoptr (GHashTable) kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) terms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    if (ghost_at (graph, layout, s, i))
      g_hash_table_add (terms, g_strdup ("ended"));
  for (guint i = 0; i < dg_graph_n_parties (graph); i++)
    {
      const DgParty *p = dg_graph_party (graph, i);
      if (p->kind != NULL && dg_party_active_at (p, s))
        g_hash_table_add (kinds, g_strdelimit (g_strdup (p->kind), "_", ' '));
    }
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    {
      const DgTie *t = dg_graph_tie (graph, i);
      if (!dg_tie_active_at (t, s))
        continue;
      if (t->kind != NULL)
        g_hash_table_add (kinds, g_strdelimit (g_strdup (t->kind), "_", ' '));
      /* Drawn hollow (no value, a kind that draws those so): explained too. */
      if (!t->value.present && dg_theme_tie_style (theme, t->kind)->no_value == DG_NO_VALUE_HOLLOW)
        g_hash_table_add (kinds, g_strdup ("amount not stated"));
      for (guint k = 0; t->terms[k] != NULL; k++)
        if (dg_theme_term_style (theme, t->terms[k]) != NULL)
          g_hash_table_add (terms, g_strdelimit (g_strdup (t->terms[k]), "_", ' '));
    }
  g_autoptr (GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      if (item->role != DG_ROLE_LEGEND_LABEL)
        continue;
      cr_assert (!g_hash_table_contains (listed, item->text), "stage %u: legend lists \"%s\" twice", s, item->text);
      gboolean drawn = g_hash_table_contains (kinds, item->text) || g_hash_table_contains (terms, item->text);
      if (legend_faint (scene, item))
        {
          cr_assert (!drawn, "stage %u: \"%s\" is drawn, but faint in the legend", s, item->text);
          continue;
        }
      g_hash_table_add (listed, item->text);
      cr_assert (drawn, "stage %u: legend lists \"%s\", which the figure does not draw", s, item->text);
    }
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, kinds);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    cr_assert (g_hash_table_contains (listed, key), "stage %u: kind \"%s\" is drawn but not in the legend", s,
               (char *) key);
}

Test (legend, lists_the_kinds_drawn_at_each_stage)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, NULL);
      check_legend (graph, layout, theme, scene, s);
    }
}

Test (legend, leaves_out_kinds_of_other_stages)
{
  static const char text[] = "digraph { subgraph timeline { s1 -> s2; }\n"
                             "  a [kind = company]; b [kind = lab]; c [kind = investor, from = s2];\n"
                             "  a -> b [kind = stake, value = \"5%\"];\n"
                             "  c -> b [kind = investment, value = \"$1B\", from = s2]; }\n";
  g_autoptr (DgGraph) graph = dg_test_load_text (text);
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  for (guint s = 0; s < 2; s++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, NULL);
      check_legend (graph, layout, theme, scene, s);
      gboolean has_investment = FALSE;
      for (guint i = 0; i < dg_scene_n_items (scene); i++)
        has_investment |= dg_scene_item (scene, i)->role == DG_ROLE_LEGEND_LABEL
                          && g_strcmp0 (dg_scene_item (scene, i)->text, "investment") == 0
                          && !legend_faint (scene, dg_scene_item (scene, i));
      cr_assert_eq (has_investment, s == 1, "stage %u: investment in the legend: %d", s, has_investment);
    }
}

/* WCAG 2's contrast of two colours, computed here from the definition
 * (not with the library's helper, so that a mistake there shows). */
static double
wcag_luminance (DgColor c)
{
  double v[3] = { c.r, c.g, c.b }, l[3];
  for (int i = 0; i < 3; i++)
    l[i] = v[i] <= 0.04045 ? v[i] / 12.92 : pow ((v[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

static double
wcag_contrast (DgColor a, DgColor b)
{
  double la = wcag_luminance (a), lb = wcag_luminance (b);
  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* A legend entry a stage does not draw is faint, but its words keep AA's
 * 4.5:1 against the background in every shipped theme (at 0.3 of its
 * colour, "customer" was 1.9:1 in the report theme); and they are still
 * fainter than the entries the stage draws. */
Test (legend, faint_entries_stay_readable_in_every_theme)
{
  static const char *const themes[] = { "report", "dark", "grayscale" };
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  for (gsize t = 0; t < G_N_ELEMENTS (themes); t++)
    {
      g_autoptr (DgTheme) theme = dg_test_load_theme (themes[t]);
      g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
      guint n_faint = 0;
      for (guint s = 0; s < dg_graph_n_stages (graph); s++)
        {
          g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, NULL);
          DgColor bg = dg_scene_get_background (scene);
          double strongest = 0;
          for (guint i = 0; i < dg_scene_n_items (scene); i++)
            {
              const DgSceneItem *item = dg_scene_item (scene, i);
              if (item->role == DG_ROLE_LEGEND_LABEL && item->kind == DG_ITEM_TEXT)
                strongest = MAX (strongest, wcag_contrast (item->stroke, bg));
            }
          for (guint i = 0; i < dg_scene_n_items (scene); i++)
            {
              const DgSceneItem *item = dg_scene_item (scene, i);
              if (item->role != DG_ROLE_LEGEND_LABEL || item->kind != DG_ITEM_TEXT)
                continue;
              double ratio = wcag_contrast (item->stroke, bg);
              cr_assert_geq (ratio, 4.5, "%s, stage %u: legend \"%s\" at %.2f:1", themes[t], s + 1, item->text, ratio);
              if (ratio < strongest - 1)
                n_faint++;
            }
        }
      cr_assert_gt (n_faint, 0, "%s: no legend entry is faint at any stage", themes[t]);
    }
}

/* The legend is laid out once per timeline: every entry has one place in
 * every figure (it used to re-flow, and entries slid over each other in the
 * animation). */
Test (legend, stays_in_place_from_stage_to_stage)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  g_autoptr (GHashTable) places = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint n_first = 0;
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, NULL);
      guint n = 0;
      for (guint i = 0; i < dg_scene_n_items (scene); i++)
        {
          const DgSceneItem *item = dg_scene_item (scene, i);
          if (item->role != DG_ROLE_LEGEND_LABEL)
            continue;
          n++;
          const DgBox *seen = g_hash_table_lookup (places, item->text);
          if (seen == NULL)
            {
              cr_assert_eq (s, 0, "stage %u: \"%s\" appears in the legend", s, item->text);
              g_hash_table_insert (places, g_strdup (item->text), g_memdup2 (&item->box, sizeof item->box));
            }
          else
            cr_assert (seen->x0 == item->box.x0 && seen->y0 == item->box.y0, "stage %u: \"%s\" moved", s, item->text);
        }
      if (s == 0)
        n_first = n;
      cr_assert_eq (n, n_first, "stage %u: %u legend entries, %u at the first", s, n, n_first);
    }
  cr_assert_geq (n_first, 10);
}

/* ------------------------------------------------------------------------ */
/* Text */

Test (text, tie_labels_read_as_written)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  guint s = dg_test_stage (graph, "agreement");
  g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, NULL);
  gboolean nonexclusive = FALSE, fifty = FALSE;
  guint ghosts = 0;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      if (item->role != DG_ROLE_TIE_LABEL)
        continue;
      const DgTie *tie = dg_graph_tie (graph, (guint) item->tie);
      g_autofree char *caption = dg_tie_caption (graph, tie);
      if (!dg_tie_active_at (tie, s))
        {
          /* The ghost of a tie that ended here says so before its label
           * (which a line strikes through). */
          if (item->kind != DG_ITEM_TEXT)
            continue;
          g_autofree char *ghost = caption != NULL ? g_strdup_printf ("ended \xc2\xb7 %s", caption) : g_strdup ("ended");
          cr_assert_str_eq (item->text, ghost);
          ghosts++;
          continue;
        }
      cr_assert_eq (item->kind, DG_ITEM_TEXT);
      nonexclusive |= g_strcmp0 (item->text, "nonexclusive \xc2\xb7 until 2032") == 0;
      fifty |= g_strcmp0 (item->text, "up to $50B") == 0;
      cr_assert_str_eq (item->text, caption);
    }
  cr_assert (nonexclusive, "no tie label \"nonexclusive · until 2032\"");
  cr_assert (fifty, "no tie label \"up to $50B\"");
  cr_assert_eq (ghosts, 1, "%u ghost labels: Microsoft's revenue share ends here", ghosts);
}

Test (text, party_labels_caption_and_title)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, NULL);
      const DgStage *stage = dg_graph_stage (graph, s);
      const DgSceneItem *caption = find_item (scene, DG_ROLE_CAPTION, -1);
      cr_assert_not_null (caption);
      cr_assert_not_null (strstr (caption->text, stage->label), "caption \"%s\" lacks \"%s\"", caption->text,
                          stage->label);
      const DgSceneItem *title = find_item (scene, DG_ROLE_TITLE, -1);
      cr_assert_not_null (title);
      cr_assert_str_eq (title->text, dg_graph_get_title (graph));
      cr_assert_not_null (strstr (dg_scene_get_title (scene), stage->label));
      /* The strip names every stage and marks this one. */
      cr_assert_eq (count_role (scene, DG_ROLE_TIMELINE_LABEL), dg_graph_n_stages (graph));
      for (guint i = 0; i < dg_scene_n_items (scene); i++)
        {
          const DgSceneItem *item = dg_scene_item (scene, i);
          if (item->role == DG_ROLE_PARTY_LABEL)
            cr_assert_str_eq (item->text, dg_graph_party (graph, (guint) item->party)->label);
          if (item->role == DG_ROLE_TIMELINE_LABEL)
            cr_assert_eq (item->bold, item->stage == (int) s, "stage %u: strip label %d bold=%d", s, item->stage,
                          item->bold);
        }
    }
}

Test (text, credit_names_the_source)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, 0, NULL);
  const DgSceneItem *credit = find_item (scene, DG_ROLE_CREDIT, -1);
  cr_assert_not_null (credit);
  g_autofree char *flat = g_strdelimit (g_strdup (credit->text), "\n", ' ');
  cr_assert_not_null (strstr (flat, "renegotiated"), "credit: %s", credit->text);
}

Test (scene, free_accepts_null)
{
  dg_scene_free (NULL);
}

/* ------------------------------------------------------------------------ */
/* Items name what they stand for, the same at every stage */

Test (ids, groups_and_legend_entries_are_named_in_every_stage)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, NULL);
      guint legend_labels = 0;
      for (guint i = 0; i < dg_scene_n_items (scene); i++)
        {
          const DgSceneItem *it = dg_scene_item (scene, i);
          switch (it->role)
            {
            case DG_ROLE_GROUP:
            case DG_ROLE_GROUP_LABEL:
              cr_assert (it->id != NULL && g_str_has_prefix (it->id, "group cluster"), "stage %u: %s", s,
                         it->id != NULL ? it->id : "(none)");
              break;
            case DG_ROLE_LEGEND_LABEL:
              {
                legend_labels++;
                cr_assert (it->id != NULL && g_str_has_prefix (it->id, "legend "), "stage %u", s);
                /* The swatch before the label is the same entry. */
                const DgSceneItem *swatch = dg_scene_item (scene, i - 1);
                cr_assert_eq (swatch->role, DG_ROLE_LEGEND);
                cr_assert (swatch->id == it->id, "stage %u: swatch %s, label %s", s, swatch->id, it->id);
                break;
              }
            case DG_ROLE_PARTY:
            case DG_ROLE_TIE:
              cr_assert_null (it->id, "parties and ties are named by their index");
              break;
            default:
              break;
            }
        }
      cr_assert (legend_labels > 0);
    }
  /* The license entry has one name in every figure. */
  g_autoptr (DgScene) first = dg_scene_build (graph, layout, theme, 0, NULL);
  gboolean found = FALSE;
  for (guint i = 0; i < dg_scene_n_items (first); i++)
    found |= dg_scene_item (first, i)->id == g_intern_string ("legend tie:license");
  cr_assert (found, "no item named \"legend tie:license\"");
}

/* ------------------------------------------------------------------------ */
/* A long timeline: the strip keeps the figure's width */

/* 600 stages used to make every figure 600 × 64 pt wide and measure every
 * stage's label in every figure (1,000 stages: 3 min and 715 MB for a
 * two-party graph). Now the strip labels every few stages and the current
 * one, the figure keeps the width of a 12-stage strip, every figure has
 * one size, and no label touches another. */
Test (strip, a_long_timeline_labels_every_few_stages, .timeout = 60)
{
  GString *dot = g_string_new ("digraph long { subgraph timeline {\n");
  for (guint s = 0; s < 600; s++)
    g_string_append_printf (dot, "s%u [label = \"Stage number %u\"];\n", s, s);
  for (guint s = 0; s < 600; s++)
    g_string_append_printf (dot, "%ss%u", s > 0 ? " -> " : "", s);
  g_string_append (dot, " }\n  A [kind = company]; B [kind = lab];\n"
                        "  A -> B [kind = stake, value = \"5%\", from = s300, until = s301]; }\n");
  g_autoptr (DgGraph) graph = dg_test_load_text (dot->str);
  g_string_free (dot, TRUE);
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  DgLayoutOptions options = DG_LAYOUT_OPTIONS_INIT;
  options.engine = "dot";
  g_autoptr (GError) error = NULL;
  g_autoptr (DgLayout) layout = dg_layout_compute (graph, theme, &options, &error);
  cr_assert_not_null (layout, "%s", error != NULL ? error->message : "?");
  double width0 = 0, height0 = 0;
  static const guint stages[] = { 0, 1, 300, 301, 599 };
  for (guint k = 0; k < G_N_ELEMENTS (stages); k++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, stages[k], NULL);
      if (k == 0)
        {
          width0 = dg_scene_get_width (scene);
          height0 = dg_scene_get_height (scene);
          cr_assert_leq (width0, 12 * 64 + 200, "a %g pt wide figure", width0);
        }
      cr_assert_eq (dg_scene_get_width (scene), width0);
      cr_assert_eq (dg_scene_get_height (scene), height0);
      guint labels = 0;
      gboolean current = FALSE;
      g_autofree char *want = g_strdup_printf ("Stage number %u", stages[k]);
      g_autoptr (GArray) boxes = g_array_new (FALSE, FALSE, sizeof (DgBox));
      for (guint i = 0; i < dg_scene_n_items (scene); i++)
        {
          const DgSceneItem *item = dg_scene_item (scene, i);
          if (item->role != DG_ROLE_TIMELINE_LABEL)
            continue;
          labels++;
          g_autofree char *flat = g_strdelimit (g_strdup (item->text), "\n", ' ');
          if (item->stage == (int) stages[k])
            current = item->bold && g_str_equal (flat, want);
          cr_assert_geq (item->box.x0, 0, "%s sticks out", flat);
          cr_assert_leq (item->box.x1, width0 + 1, "%s sticks out", flat);
          for (guint j = 0; j < boxes->len; j++)
            {
              const DgBox *o = &g_array_index (boxes, DgBox, j);
              cr_assert (item->box.x1 <= o->x0 || item->box.x0 >= o->x1, "stage %u: \"%s\" overlaps another label",
                         stages[k], flat);
            }
          g_array_append_val (boxes, item->box);
        }
      cr_assert (current, "stage %u: its own label is missing or not bold", stages[k]);
      cr_assert (labels >= 5 && labels <= 16, "stage %u: %u strip labels", stages[k], labels);
    }
}

/* ------------------------------------------------------------------------ */
/* The audit: what a reader could misread (dg_scene_audit) */

/* One line per fault of @scene, appended to @report; returns how many. */
static guint
audit_scene (const DgScene *scene, const DgGraph *graph, const char *where, GString *report)
{
  g_autoptr (GArray) faults = dg_scene_audit (scene, graph);
  for (guint i = 0; i < faults->len && report->len < 4000; i++)
    {
      const DgSceneFault *f = &g_array_index (faults, DgSceneFault, i);
      const DgSceneItem *item = dg_scene_item (scene, f->item);
      const DgSceneItem *other = f->other >= 0 ? dg_scene_item (scene, (guint) f->other) : NULL;
      g_string_append_printf (report, "\n  %s: %s: item %u (tie %d, \"%s\") / item %d (tie %d, party %d, \"%s\")", where,
                              dg_fault_kind_name (f->kind), f->item, item->tie, item->text ? item->text : "", f->other,
                              other ? other->tie : -1, other ? other->party : -1,
                              other && other->text ? other->text : "");
    }
  return faults->len;
}

/* Every stage of @graph laid out with @engine (NULL: auto) in union mode:
 * the number of faults, each in @report. */
static guint
audit_graph (const DgGraph *graph, const char *engine, GString *report)
{
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, engine, DG_LAYOUT_UNION);
  guint bad = 0;
  for (guint s = 0; s < MAX (dg_graph_n_stages (graph), 1); s++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, NULL);
      g_autofree char *where = g_strdup_printf ("stage %u", s);
      bad += audit_scene (scene, graph, where, report);
    }
  return bad;
}

/* Issue 15 measured, over the stages, labels nearer another tie, ties under
 * parties they do not join, and overlaps: 3 / 0 / 0 on the deal fixture, 24 /
 * 0 / 0 on a generated 40-party graph and 757 / 3,434 / 39 on a 200-party
 * one; the deal fixture's "Microsoft" group label was crossed by two ties. The
 * target is none of any. */
Test (audit, the_deal_fixture_reads_true_at_every_stage)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (GString) report = g_string_new (NULL);
  guint bad = audit_graph (graph, "dot", report);
  cr_assert_eq (bad, 0, "%u faults:%s", bad, report->str);
}

Test (audit, a_generated_40_party_graph_reads_true, .timeout = 120)
{
  g_autoptr (DgGraph) graph = dg_test_load_data ("good", "gen-40.gv");
  g_autoptr (GString) report = g_string_new (NULL);
  guint bad = audit_graph (graph, NULL, report);
  cr_assert_eq (bad, 0, "%u faults:%s", bad, report->str);
}

/* 200 parties, 400 ties, 20 stages: neato's straight lines, routed. */
Test (audit, a_generated_200_party_graph_reads_true, .timeout = 300)
{
  g_autoptr (DgGraph) graph = dg_test_load_data ("good", "gen-200.gv");
  g_autoptr (GString) report = g_string_new (NULL);
  guint bad = audit_graph (graph, NULL, report);
  cr_assert_eq (bad, 0, "%u faults:%s", bad, report->str);
}

Test (audit, a_70_party_graph_reads_true, .timeout = 120)
{
  g_autoptr (DgGraph) graph = dg_test_load_data ("good", "synthetic-70.gv");
  g_autoptr (GString) report = g_string_new (NULL);
  guint bad = audit_graph (graph, NULL, report);
  cr_assert_eq (bad, 0, "%u faults:%s", bad, report->str);
}

/* The audit itself, on figures drawn by hand: each fault is found, and only
 * where it is. Two parties A (0) and B (1) joined by tie 0, a party C (2)
 * between them, and tie 1 from C upwards. */
static DgScene *
hand_scene (const DgGraph *graph)
{
  (void) graph;
  DgScene *scene = dg_scene_new (400, 300, (DgColor) { 1, 1, 1, 1 }, NULL);
  const DgBox parties[] = { { 10, 100, 60, 130 }, { 340, 100, 390, 130 }, { 180, 200, 230, 230 } };
  for (guint p = 0; p < G_N_ELEMENTS (parties); p++)
    {
      DgSceneItem *item = dg_scene_add_item (scene, DG_ITEM_SHAPE, DG_ROLE_PARTY);
      item->party = (int) p;
      item->shape = DG_SHAPE_BOX;
      item->box = parties[p];
    }
  /* Tie 0, A → B, straight at y = 115; tie 1, C → A, straight up from C. */
  const DgPoint lines[2][4] = { { { 60, 115 }, { 153, 115 }, { 246, 115 }, { 340, 115 } },
                                { { 205, 200 }, { 205, 180 }, { 205, 160 }, { 205, 40 } } };
  for (guint t = 0; t < 2; t++)
    {
      DgSceneItem *item = dg_scene_add_item (scene, DG_ITEM_CURVE, DG_ROLE_TIE);
      item->tie = (int) t;
      item->n_points = 4;
      item->points = g_memdup2 (lines[t], sizeof lines[t]);
    }
  return scene;
}

static DgSceneItem *
hand_label (DgScene *scene, int tie, const char *text, DgBox box)
{
  DgSceneItem *item = dg_scene_add_item (scene, DG_ITEM_TEXT, tie >= 0 ? DG_ROLE_TIE_LABEL : DG_ROLE_GROUP_LABEL);
  item->tie = tie;
  item->text = g_strdup (text);
  item->box = box;
  return item;
}

static DgGraph *
hand_graph (void)
{
  return dg_test_load_text ("digraph { A -> B; C -> A }");
}

static guint
count_kind (GArray *faults, DgFaultKind kind)
{
  guint n = 0;
  for (guint i = 0; i < faults->len; i++)
    n += g_array_index (faults, DgSceneFault, i).kind == kind;
  return n;
}

Test (audit, a_clean_figure_has_no_fault)
{
  g_autoptr (DgGraph) graph = hand_graph ();
  g_autoptr (DgScene) scene = hand_scene (graph);
  /* Tie 0's label just above its line, far from tie 1. */
  hand_label (scene, 0, "$10B", (DgBox) { 90, 100, 120, 110 });
  g_autoptr (GArray) faults = dg_scene_audit (scene, graph);
  cr_assert_eq (faults->len, 0, "%u faults", faults->len);
}

Test (audit, finds_a_label_nearer_another_tie)
{
  g_autoptr (DgGraph) graph = hand_graph ();
  g_autoptr (DgScene) scene = hand_scene (graph);
  /* Tie 0's label beside tie 1's line, 25 pt above its own. */
  hand_label (scene, 0, "$10B", (DgBox) { 210, 80, 240, 90 });
  g_autoptr (GArray) faults = dg_scene_audit (scene, graph);
  cr_assert_eq (count_kind (faults, DG_FAULT_LABEL_AWAY), 1);
  const DgSceneFault *f = &g_array_index (faults, DgSceneFault, 0);
  cr_assert_eq (dg_scene_item (scene, f->item)->tie, 0);
  cr_assert_eq (dg_scene_item (scene, (guint) f->other)->tie, 1);
}

Test (audit, a_leader_line_ties_a_label_to_its_own)
{
  g_autoptr (DgGraph) graph = hand_graph ();
  g_autoptr (DgScene) scene = hand_scene (graph);
  hand_label (scene, 0, "$10B", (DgBox) { 210, 80, 240, 90 });
  DgSceneItem *leader = dg_scene_add_item (scene, DG_ITEM_CURVE, DG_ROLE_TIE_LABEL);
  leader->tie = 0;
  leader->n_points = 4;
  const DgPoint points[] = { { 225, 90 }, { 225, 98 }, { 225, 107 }, { 225, 115 } };
  leader->points = g_memdup2 (points, sizeof points);
  g_autoptr (GArray) faults = dg_scene_audit (scene, graph);
  cr_assert_eq (faults->len, 0, "%u faults", faults->len);
}

Test (audit, finds_a_tie_under_a_party_it_does_not_join)
{
  g_autoptr (DgGraph) graph = hand_graph ();
  g_autoptr (DgScene) scene = hand_scene (graph);
  /* Tie 0 bent down through C's box. */
  DgSceneItem *line = (DgSceneItem *) dg_scene_item (scene, 3);
  line->points[1] = (DgPoint) { 150, 260 };
  line->points[2] = (DgPoint) { 260, 260 };
  g_autoptr (GArray) faults = dg_scene_audit (scene, graph);
  cr_assert_eq (count_kind (faults, DG_FAULT_TIE_UNDER_PARTY), 1, "%u faults", faults->len);
  const DgSceneFault *f = &g_array_index (faults, DgSceneFault, 0);
  cr_assert_eq (f->item, 3);
  cr_assert_eq (dg_scene_item (scene, (guint) f->other)->party, 2);
  /* Tie 1 starts at C and tie 0 ends at A and B: no fault of their own. */
  cr_assert_eq (faults->len, 1);
}

Test (audit, finds_overlapping_text_and_crossed_group_labels)
{
  g_autoptr (DgGraph) graph = hand_graph ();
  g_autoptr (DgScene) scene = hand_scene (graph);
  hand_label (scene, 0, "$10B", (DgBox) { 90, 100, 120, 110 });
  hand_label (scene, 0, "until 2030", (DgBox) { 110, 104, 160, 114 }); /* on the first */
  hand_label (scene, 1, "beside C", (DgBox) { 170, 195, 200, 205 });   /* on party C */
  hand_label (scene, -1, "Group", (DgBox) { 190, 50, 230, 60 });       /* crossed by tie 1 */
  g_autoptr (GString) report = g_string_new (NULL);
  audit_scene (scene, graph, "hand", report);
  g_autoptr (GArray) faults = dg_scene_audit (scene, graph);
  cr_assert_eq (count_kind (faults, DG_FAULT_OVERLAP), 2, "%u faults:%s", faults->len, report->str);
  cr_assert_eq (count_kind (faults, DG_FAULT_CROSSED_LABEL), 1, "%u faults", faults->len);
}

/* ------------------------------------------------------------------------ */
/* Stacked label blocks: the labels of the parallel ties between two parties */

/* The projection of tie @t's line at its middle on the normal of the line
 * between its parties' centres, pointing down the page: larger is lower. */
static double
across (const DgScene *scene, const DgGraph *graph, guint t)
{
  const DgSceneItem *line = find_tie_item (scene, DG_ROLE_TIE, DG_ITEM_CURVE, t);
  cr_assert_not_null (line, "tie %u is not drawn", t);
  const DgTie *tie = dg_graph_tie (graph, t);
  DgPoint a = { 0, 0 }, z = { 0, 0 };
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *p = dg_scene_item (scene, i);
      if (p->role != DG_ROLE_PARTY || p->kind != DG_ITEM_SHAPE || p->party < 0)
        continue;
      DgPoint c = { (p->box.x0 + p->box.x1) / 2, (p->box.y0 + p->box.y1) / 2 };
      if ((guint) p->party == MIN (tie->tail, tie->head))
        a = c;
      if ((guint) p->party == MAX (tie->tail, tie->head))
        z = c;
    }
  double dx = z.x - a.x, dy = z.y - a.y, len = hypot (dx, dy), nx = -dy / len, ny = dx / len;
  if (ny < 0 || (ny == 0 && nx < 0))
    nx = -nx, ny = -ny;
  /* The curve's middle: its middle piece's middle. */
  guint pieces = (line->n_points - 1) / 3, k = 3 * (pieces / 2);
  const DgPoint *q = &line->points[k];
  double v = pieces % 2 ? 0.5 : 0.0, u = 1 - v;
  DgPoint m = { u * u * u * q[0].x + 3 * u * u * v * q[1].x + 3 * u * v * v * q[2].x + v * v * v * q[3].x,
                u * u * u * q[0].y + 3 * u * u * v * q[1].y + 3 * u * v * v * q[2].y + v * v * v * q[3].y };
  return (m.x - a.x) * nx + (m.y - a.y) * ny;
}

/* Checks the block of tie labels with @id in @scene: its rows are stacked
 * (one left edge, each below the one before), each after a key in its
 * tie's colour, in the order their lines run; returns how many rows. */
static guint
check_block (const DgScene *scene, const DgGraph *graph, const DgLooks *looks, const char *id)
{
  const DgSceneItem *rows[16];
  guint n = 0;
  for (guint i = 0; i < dg_scene_n_items (scene) && n < G_N_ELEMENTS (rows); i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      if (item->id == id && item->role == DG_ROLE_TIE_LABEL && item->kind == DG_ITEM_TEXT)
        rows[n++] = item;
    }
  for (guint r = 0; r < n; r++)
    {
      guint t = (guint) rows[r]->tie;
      const DgSceneItem *key = find_tie_item (scene, DG_ROLE_TIE_KEY, DG_ITEM_CURVE, t);
      cr_assert_not_null (key, "row \"%s\" has no key", rows[r]->text);
      cr_assert_eq (key->id, id, "the key of \"%s\" is not the block's", rows[r]->text);
      const DgSceneItem *line = find_tie_item (scene, DG_ROLE_TIE, DG_ITEM_CURVE, t);
      cr_assert_not_null (line);
      cr_assert (same_rgb (key->stroke, line->stroke) && key->opacity == line->opacity,
                 "the key of \"%s\" is not drawn as its line is", rows[r]->text);
      (void) looks;
      /* The key runs just before the row's text, at its height. */
      cr_assert_leq (key->points[key->n_points - 1].x, rows[r]->box.x0);
      cr_assert (key->points[0].y > rows[r]->box.y0 && key->points[0].y < rows[r]->box.y1);
      if (r == 0)
        continue;
      cr_assert_float_eq (rows[r]->box.x0, rows[0]->box.x0, 1e-9, "rows of one block start at one edge");
      cr_assert_float_eq (rows[r]->box.y0, rows[r - 1]->box.y1, 1e-9, "\"%s\" is not right under \"%s\"",
                          rows[r]->text, rows[r - 1]->text);
      cr_assert_lt (across (scene, graph, (guint) rows[r - 1]->tie), across (scene, graph, t),
                    "row \"%s\" comes before \"%s\", but its line lies lower", rows[r - 1]->text, rows[r]->text);
    }
  return n;
}

Test (blocks, parallel_ties_of_one_pair_share_one_keyed_block)
{
  /* Three labelled ties between a and b, two one way and one the other,
   * and one between b and c alone. */
  static const char text[] = "digraph {\n"
                             "  a; b; c;\n"
                             "  a -> b [kind = license, terms = \"exclusive\"];\n"
                             "  a -> b [kind = revenue_share, value = \"20%\"];\n"
                             "  b -> a [kind = stake, value = \"27%\"];\n"
                             "  b -> a [kind = investment];\n"
                             "  b -> c [kind = channel, terms = \"primary\"]; }\n";
  g_autoptr (DgGraph) graph = dg_test_load_text (text);
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLooks) looks = dg_looks_new (graph, theme);
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  /* The layout gave Graphviz one label for the pair: the block. */
  const DgGeometry *geo = dg_layout_stage_geometry (layout, 0);
  guint with_label = 0;
  for (guint t = 0; t < 3; t++)
    {
      cr_assert (geo->ties[t].label_in_block, "tie %u is not in the block", t);
      with_label += geo->ties[t].has_label;
    }
  cr_assert_eq (with_label, 1, "%u labels for one block", with_label);
  cr_assert (!geo->ties[3].label_in_block, "a tie without a label is in the block");
  cr_assert (!geo->ties[4].label_in_block, "a tie alone between its parties is in a block");

  g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, 0, NULL);
  const DgSceneItem *first = find_tie_item (scene, DG_ROLE_TIE_LABEL, DG_ITEM_TEXT, 0);
  cr_assert_not_null (first);
  cr_assert (first->id != NULL && g_str_has_prefix (first->id, "label-block "), "no block: %s", first->id);
  cr_assert_eq (check_block (scene, graph, looks, first->id), 3);
  /* The tie alone keeps a plain label, with no key. */
  const DgSceneItem *alone = find_tie_item (scene, DG_ROLE_TIE_LABEL, DG_ITEM_TEXT, 4);
  cr_assert_not_null (alone);
  cr_assert_null (alone->id);
  cr_assert_null (find_tie_item (scene, DG_ROLE_TIE_KEY, DG_ITEM_CURVE, 4));
  g_autoptr (GArray) faults = dg_scene_audit (scene, graph);
  cr_assert_eq (faults->len, 0, "%u faults", faults->len);
}

Test (blocks, the_deal_stacks_the_labels_between_openai_and_microsoft)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLooks) looks = dg_looks_new (graph, theme);
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, NULL);
      /* Every label of a tie between the two is a row of one block. */
      const char *id = NULL;
      guint between = 0;
      for (guint i = 0; i < dg_scene_n_items (scene); i++)
        {
          const DgSceneItem *item = dg_scene_item (scene, i);
          if (item->role != DG_ROLE_TIE_LABEL || item->kind != DG_ITEM_TEXT)
            continue;
          const DgTie *tie = dg_graph_tie (graph, (guint) item->tie);
          g_autofree char *caption = dg_tie_caption (graph, tie);
          if (caption == NULL)
            continue; /* a ghost's "ended" alone: the tie had no label to stack */
          const char *tail = dg_graph_party (graph, tie->tail)->id, *head = dg_graph_party (graph, tie->head)->id;
          if (!((g_str_equal (tail, "OpenAI") && g_str_equal (head, "Microsoft"))
                || (g_str_equal (tail, "Microsoft") && g_str_equal (head, "OpenAI"))))
            continue;
          between++;
          if (id == NULL)
            id = item->id;
          cr_assert (id != NULL && item->id == id, "stage %u: \"%s\" is not in the block", s, item->text);
        }
      cr_assert_geq (between, 2, "stage %u: %u labels between OpenAI and Microsoft", s, between);
      cr_assert_eq (check_block (scene, graph, looks, id), between);
    }
}
