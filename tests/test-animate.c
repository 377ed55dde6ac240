/* test-animate.c — tweened figures between stages, the animation schedule, and the WebP, SVG, HTML and frame outputs. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <cairo.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <webp/decode.h>

#include "dealgraph.h"
#include "dg-test.h"
#include "dg-escape-private.h"
#include "src/scene/scene-private.h"

/* ------------------------------------------------------------------------ */
/* Helpers */

static const DgColor white = { 1, 1, 1, 1 };
static const DgColor black = { 0, 0, 0, 1 };

static DgAnimation *
animate (const DgGraph *graph, const DgLayout *layout, const DgTheme *theme, double hold, double tween,
         double fps, gboolean loop)
{
  DgAnimateOptions options = DG_ANIMATE_OPTIONS_INIT;
  options.hold = hold;
  options.tween = tween;
  options.fps = fps;
  options.loop = loop;
  g_autoptr (GError) error = NULL;
  DgAnimation *anim = dg_animation_new (graph, layout, theme, NULL, &options, &error);
  cr_assert_not_null (anim, "%s", error != NULL ? error->message : "?");
  return anim;
}

/* The index of the tie from @tail to @head of @kind carrying @term (NULL:
 * any terms). */
static guint
find_tie (const DgGraph *graph, const char *tail, const char *head, const char *kind, const char *term)
{
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    {
      const DgTie *t = dg_graph_tie (graph, i);
      if (strcmp (dg_graph_party (graph, t->tail)->id, tail) == 0 && strcmp (dg_graph_party (graph, t->head)->id, head) == 0
          && g_strcmp0 (t->kind, kind) == 0 && (term == NULL || dg_tie_has_term (t, term)))
        return i;
    }
  cr_assert_fail ("no tie %s -> %s (%s %s)", tail, head, kind, term != NULL ? term : "");
  return 0;
}

/* Items of @role and @kind drawing tie @tie, in painting order. */
static GPtrArray *
tie_items (const DgScene *scene, DgRole role, DgItemKind kind, int tie)
{
  GPtrArray *out = g_ptr_array_new ();
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      if (item->role == role && item->kind == kind && item->tie == tie)
        g_ptr_array_add (out, (gpointer) item);
    }
  return out;
}

/* The shape of party @party in @scene, or NULL. */
static const DgSceneItem *
find_party (const DgScene *scene, int party)
{
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      if (item->role == DG_ROLE_PARTY && item->party == party)
        return item;
    }
  return NULL;
}

/* The shape of party @party, which must be there. */
static const DgSceneItem *
party_item (const DgScene *scene, int party)
{
  const DgSceneItem *item = find_party (scene, party);
  if (item == NULL)
    {
      cr_log_error ("no party %d in the scene", party);
      abort ();
    }
  return item;
}

static DgSceneItem *
add_party (DgScene *scene, int party, double x0, double y0, double x1, double y1)
{
  DgSceneItem *item = dg_scene_add_item (scene, DG_ITEM_SHAPE, DG_ROLE_PARTY);
  item->party = party;
  item->shape = DG_SHAPE_ROUNDED;
  item->box = (DgBox) { x0, y0, x1, y1 };
  item->fill = white;
  item->stroke = black;
  item->line_width = 1;
  return item;
}

static DgSceneItem *
add_curve (DgScene *scene, int tie, const DgPoint *points, guint n, double width)
{
  DgSceneItem *item = dg_scene_add_item (scene, DG_ITEM_CURVE, DG_ROLE_TIE);
  item->tie = tie;
  item->points = g_memdup2 (points, sizeof *points * n);
  item->n_points = n;
  item->stroke = black;
  item->line_width = width;
  return item;
}

static DgPoint
cubic_at (const DgPoint *p, double u)
{
  double a = (1 - u) * (1 - u) * (1 - u), b = 3 * u * (1 - u) * (1 - u), c = 3 * u * u * (1 - u), d = u * u * u;
  return (DgPoint) { a * p[0].x + b * p[1].x + c * p[2].x + d * p[3].x, a * p[0].y + b * p[1].y + c * p[2].y + d * p[3].y };
}

static GBytes *
png_of (const DgScene *scene, double dpi)
{
  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  options.dpi = dpi;
  g_autoptr (GError) error = NULL;
  GBytes *bytes = dg_render_scene (scene, DG_FORMAT_PNG, &options, &error);
  cr_assert_not_null (bytes, "%s", error != NULL ? error->message : "?");
  return bytes;
}

static char *
bytes_str (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  return g_strndup (data, len);
}

static guint
count_str (const char *hay, const char *needle)
{
  guint n = 0;
  for (const char *p = strstr (hay, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* ------------------------------------------------------------------------ */
/* Easing */

Test (easing, ends_fixed_and_cubic_shape)
{
  for (int e = DG_EASING_LINEAR; e <= DG_EASING_IN_OUT_CUBIC; e++)
    {
      cr_assert_float_eq (dg_easing_apply (e, 0), 0, 1e-12);
      cr_assert_float_eq (dg_easing_apply (e, 1), 1, 1e-12);
      cr_assert_float_eq (dg_easing_apply (e, 0.5), 0.5, 1e-12);
      cr_assert_float_eq (dg_easing_apply (e, -3), 0, 1e-12, "clamped below");
      cr_assert_float_eq (dg_easing_apply (e, 7), 1, 1e-12, "clamped above");
    }
  cr_assert_float_eq (dg_easing_apply (DG_EASING_LINEAR, 0.25), 0.25, 1e-12);
  cr_assert_float_eq (dg_easing_apply (DG_EASING_IN_OUT_CUBIC, 0.25), 0.0625, 1e-12);
  cr_assert_float_eq (dg_easing_apply (DG_EASING_IN_OUT_CUBIC, 0.75), 0.9375, 1e-12);
  DgEasing e;
  cr_assert (dg_easing_from_string ("linear", &e) && e == DG_EASING_LINEAR);
  cr_assert (dg_easing_from_string ("ease-in-out", &e) && e == DG_EASING_IN_OUT_CUBIC);
  cr_assert_not (dg_easing_from_string ("bounce", &e));
  cr_assert_not (dg_easing_from_string (NULL, &e));
}

/* ------------------------------------------------------------------------ */
/* Tweening hand-built scenes */

Test (tween, ends_draw_like_the_stages)
{
  g_autoptr (DgScene) a = dg_scene_new (200, 100, white, "a");
  g_autoptr (DgScene) b = dg_scene_new (200, 100, white, "b");
  add_party (a, 0, 10, 10, 50, 30);
  add_party (b, 0, 110, 60, 170, 90);
  DgPoint one[] = { { 0, 0 }, { 30, 0 }, { 60, 0 }, { 90, 0 } };
  DgPoint two[] = { { 0, 50 }, { 10, 60 }, { 20, 70 }, { 30, 80 }, { 40, 90 }, { 50, 95 }, { 60, 99 } };
  add_curve (a, 0, one, 4, 1.0);
  add_curve (b, 0, two, 7, 5.0);

  for (int end = 0; end <= 1; end++)
    {
      const DgScene *want = end == 0 ? a : b;
      g_autoptr (DgScene) s = dg_scene_tween (a, b, end, NULL, 0, 0, NULL);
      cr_assert_eq (dg_scene_n_items (s), 2, "one party and one tie, matched");
      const DgSceneItem *p = party_item (s, 0), *wp = party_item (want, 0);
      cr_assert_float_eq (p->box.x0, wp->box.x0, 1e-9);
      cr_assert_float_eq (p->box.y1, wp->box.y1, 1e-9);
      g_autoptr (GPtrArray) curves = tie_items (s, DG_ROLE_TIE, DG_ITEM_CURVE, 0);
      cr_assert_eq (curves->len, 1);
      const DgSceneItem *c = curves->pdata[0];
      cr_assert_eq (c->n_points, 7, "resampled to the longer curve: %u", c->n_points);
      cr_assert_float_eq (c->line_width, end == 0 ? 1.0 : 5.0, 1e-9);
      cr_assert_float_eq (c->opacity, 1.0, 1e-9);
      const DgPoint *w = end == 0 ? one : two;
      guint wn = end == 0 ? 4 : 7;
      cr_assert_float_eq (c->points[0].x, w[0].x, 1e-9);
      cr_assert_float_eq (c->points[6].y, w[wn - 1].y, 1e-9);
      if (end == 0)
        {
          /* The one-segment curve was split in two at its middle: same shape. */
          DgPoint mid = cubic_at (one, 0.5);
          cr_assert_float_eq (c->points[3].x, mid.x, 1e-9);
          cr_assert_float_eq (c->points[3].y, mid.y, 1e-9);
        }
      else
        for (guint k = 0; k < 7; k++)
          cr_assert_float_eq (c->points[k].x, two[k].x, 1e-9, "point %u", k);
    }

  /* Half-way, everything is between (linear easing, no stagger). */
  DgTweenOptions options = DG_TWEEN_OPTIONS_INIT;
  options.easing = DG_EASING_LINEAR;
  options.stagger = FALSE;
  g_autoptr (DgScene) mid = dg_scene_tween (a, b, 0.5, NULL, 0, 0, &options);
  const DgSceneItem *p = party_item (mid, 0);
  cr_assert_float_eq (p->box.x0, 60, 1e-9);
  cr_assert_float_eq (p->box.y0, 35, 1e-9);
  g_autoptr (GPtrArray) curves = tie_items (mid, DG_ROLE_TIE, DG_ITEM_CURVE, 0);
  cr_assert_float_eq (((const DgSceneItem *) curves->pdata[0])->line_width, 3.0, 1e-9);
}

Test (tween, what_begins_fades_in_grows_and_draws_from_its_tail)
{
  g_autoptr (DgScene) a = dg_scene_new (200, 100, white, "a");
  g_autoptr (DgScene) b = dg_scene_new (200, 100, white, "b");
  add_party (a, 0, 10, 10, 50, 30);
  add_party (a, 2, 150, 10, 190, 30); /* ends */
  add_party (b, 0, 10, 10, 50, 30);
  add_party (b, 1, 100, 50, 140, 90); /* begins */
  DgPoint line[] = { { 0, 0 }, { 30, 0 }, { 60, 0 }, { 90, 0 } };
  add_curve (b, 7, line, 4, 2.0); /* begins */

  DgTweenOptions options = DG_TWEEN_OPTIONS_INIT;
  options.easing = DG_EASING_LINEAR;

  /* At 0 what begins is not there yet, what ends is whole. */
  g_autoptr (DgScene) s0 = dg_scene_tween (a, b, 0, NULL, 0, 0, &options);
  cr_assert_null (find_party (s0, 1));
  cr_assert_float_eq (party_item (s0, 2)->opacity, 1.0, 1e-9);

  /* Staggered: endings play in [0, 0.6], beginnings in [0.4, 1]. */
  g_autoptr (DgScene) s = dg_scene_tween (a, b, 0.7, NULL, 0, 0, &options);
  const DgSceneItem *born = party_item (s, 1);
  cr_assert_float_eq (born->opacity, 0.5, 1e-9);
  /* Grown to 0.6 + 0.4 × 0.5 of its size, about its centre (120, 70). */
  cr_assert_float_eq (born->box.x1 - born->box.x0, 40 * 0.8, 1e-9);
  cr_assert_float_eq ((born->box.x0 + born->box.x1) / 2, 120, 1e-9);
  cr_assert_float_eq ((born->box.y0 + born->box.y1) / 2, 70, 1e-9);
  cr_assert_null (find_party (s, 2), "what ends is gone by 0.6");
  cr_assert_float_eq (party_item (s, 0)->opacity, 1.0, 1e-9, "what stays stays");

  g_autoptr (GPtrArray) curves = tie_items (s, DG_ROLE_TIE, DG_ITEM_CURVE, 7);
  cr_assert_eq (curves->len, 1);
  const DgSceneItem *c = curves->pdata[0];
  cr_assert_float_eq (c->points[0].x, 0, 1e-9, "starts at its tail");
  cr_assert_float_eq (c->points[c->n_points - 1].x, 45, 1e-6, "half drawn: %g", c->points[c->n_points - 1].x);

  g_autoptr (DgScene) s3 = dg_scene_tween (a, b, 0.3, NULL, 0, 0, &options);
  cr_assert_float_eq (party_item (s3, 2)->opacity, 0.5, 1e-9, "half faded out");
  cr_assert_null (find_party (s3, 1), "beginnings wait for endings");

  /* Painting order follows b, with a's leftovers after their neighbour. */
  cr_assert_eq (dg_scene_item (s3, 0)->party, 0);
  cr_assert_eq (dg_scene_item (s3, 1)->party, 2);
}

Test (tween, canvas_centres_smaller_scenes)
{
  g_autoptr (DgScene) a = dg_scene_new (100, 100, white, "a");
  g_autoptr (DgScene) b = dg_scene_new (300, 200, white, "b");
  add_party (a, 0, 0, 0, 100, 100);
  add_party (b, 0, 0, 0, 100, 100);
  g_autoptr (DgScene) s = dg_scene_tween (a, b, 0, NULL, 0, 0, NULL);
  cr_assert_float_eq (dg_scene_get_width (s), 300, 1e-9);
  cr_assert_float_eq (dg_scene_get_height (s), 200, 1e-9);
  cr_assert_float_eq (party_item (s, 0)->box.x0, 100, 1e-9);
  cr_assert_float_eq (party_item (s, 0)->box.y0, 50, 1e-9);
}

/* ------------------------------------------------------------------------ */
/* Tweening real stages */

/* The exclusive license becomes a nonexclusive one at "agreement": a
 * DG_CHANGE_CHANGED pair. It morphs (the two looks cross-fade at one
 * interpolated place and width) rather than one tie ending and another
 * beginning. */
Test (tween, changed_tie_morphs_into_its_successor)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  guint s0 = dg_test_stage (graph, "amazon"), s1 = dg_test_stage (graph, "agreement");
  int old_tie = (int) find_tie (graph, "OpenAI", "Microsoft", "license", "exclusive");
  int new_tie = (int) find_tie (graph, "OpenAI", "Microsoft", "license", "nonexclusive");
  g_autoptr (DgScene) a = dg_scene_build (graph, layout, theme, s0, NULL);
  g_autoptr (DgScene) b = dg_scene_build (graph, layout, theme, s1, NULL);
  g_autoptr (GPtrArray) ca = tie_items (a, DG_ROLE_TIE, DG_ITEM_CURVE, old_tie);
  g_autoptr (GPtrArray) cb = tie_items (b, DG_ROLE_TIE, DG_ITEM_CURVE, new_tie);
  const DgSceneItem *la = ca->pdata[0], *lb = cb->pdata[0];
  cr_assert (la->double_line && !lb->double_line, "exclusive is a double line, nonexclusive is not");

  DgTweenOptions options = DG_TWEEN_OPTIONS_INIT;
  options.easing = DG_EASING_LINEAR;
  g_autoptr (DgScene) mid = dg_scene_tween (a, b, 0.5, graph, s0, s1, &options);
  g_autoptr (GPtrArray) old_items = tie_items (mid, DG_ROLE_TIE, DG_ITEM_CURVE, old_tie);
  g_autoptr (GPtrArray) new_items = tie_items (mid, DG_ROLE_TIE, DG_ITEM_CURVE, new_tie);
  cr_assert_eq (old_items->len, 1);
  cr_assert_eq (new_items->len, 1);
  const DgSceneItem *mo = old_items->pdata[0], *mn = new_items->pdata[0];
  cr_assert_float_eq (mo->opacity + mn->opacity, 1.0, 1e-9, "a cross-fade");
  cr_assert_float_eq (mo->opacity, 0.5, 1e-9);
  double want = (la->line_width + lb->line_width) / 2;
  cr_assert_float_eq (mo->line_width, want, 1e-9, "the width morphs: %g, want %g", mo->line_width, want);
  cr_assert_float_eq (mn->line_width, want, 1e-9);
  cr_assert_eq (mo->n_points, mn->n_points);
  for (guint k = 0; k < mo->n_points; k++)
    cr_assert (mo->points[k].x == mn->points[k].x && mo->points[k].y == mn->points[k].y, "one place");
  cr_assert (mo->double_line && !mn->double_line, "each keeps its look");
  /* Their labels: the old one has gone before the new one shows. */
  g_autoptr (GPtrArray) old_labels = tie_items (mid, DG_ROLE_TIE_LABEL, DG_ITEM_TEXT, old_tie);
  g_autoptr (GPtrArray) new_labels = tie_items (mid, DG_ROLE_TIE_LABEL, DG_ITEM_TEXT, new_tie);
  cr_assert_eq (old_labels->len + new_labels->len, 2);

  /* Without the graph the two are strangers: the old one drains away (in
   * the first 60 %) and the new one draws itself in. */
  g_autoptr (DgScene) strangers = dg_scene_tween (a, b, 0.5, NULL, s0, s1, &options);
  g_autoptr (GPtrArray) drained = tie_items (strangers, DG_ROLE_TIE, DG_ITEM_CURVE, old_tie);
  cr_assert_eq (drained->len, 1);
  cr_assert_lt (((const DgSceneItem *) drained->pdata[0])->opacity, 0.5);
}

/* How bright @item looks over @bg, drawn at its opacity. */
static double
seen_brightness (const DgSceneItem *item, DgColor bg)
{
  double o = item->opacity;
  return (item->stroke.r + item->stroke.g + item->stroke.b) * o + (bg.r + bg.g + bg.b) * (1 - o);
}

/* A tie that ends turns into its ghost (the stage figure after it ends
 * draws it faded, marked ended) where it was, and the ghost leaves with
 * the next transition like anything that ends. */
Test (tween, an_ended_tie_fades_into_its_ghost_then_out)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  guint s1 = dg_test_stage (graph, "agreement"), s2 = dg_test_stage (graph, "y2030"), s3 = dg_test_stage (graph, "y2032");
  int capped = (int) find_tie (graph, "OpenAI", "Microsoft", "revenue_share", "capped");
  g_autoptr (DgScene) a = dg_scene_build (graph, layout, theme, s1, NULL);
  g_autoptr (DgScene) b = dg_scene_build (graph, layout, theme, s2, NULL);
  g_autoptr (DgScene) c = dg_scene_build (graph, layout, theme, s3, NULL);
  g_autoptr (GPtrArray) la = tie_items (a, DG_ROLE_TIE, DG_ITEM_CURVE, capped);
  g_autoptr (GPtrArray) lb = tie_items (b, DG_ROLE_TIE, DG_ITEM_CURVE, capped);
  g_autoptr (GPtrArray) lc = tie_items (c, DG_ROLE_TIE, DG_ITEM_CURVE, capped);
  cr_assert (la->len == 1 && lb->len == 1 && lc->len == 0, "drawn %u, %u, %u times", la->len, lb->len, lc->len);
  const DgSceneItem *line = la->pdata[0], *ghost = lb->pdata[0];
  DgColor bg = dg_scene_get_background (a);
  double full = seen_brightness (line, bg), faded = seen_brightness (ghost, bg);
  cr_assert_gt (faded, full + 0.1, "the ghost is not faded towards the background");

  DgTweenOptions options = DG_TWEEN_OPTIONS_INIT;
  options.easing = DG_EASING_LINEAR;
  g_autoptr (DgScene) into = dg_scene_tween (a, b, 0.5, graph, s1, s2, &options);
  g_autoptr (GPtrArray) mid = tie_items (into, DG_ROLE_TIE, DG_ITEM_CURVE, capped);
  cr_assert_geq (mid->len, 1);
  gboolean still_the_tie = FALSE;
  for (guint i = 0; i < mid->len; i++)
    {
      const DgSceneItem *m = mid->pdata[i];
      double seen = seen_brightness (m, bg);
      cr_assert_gt (seen, full + 1e-6, "half-way into its ghost it is as strong as the tie");
      still_the_tie |= seen < faded - 1e-6;
      cr_assert (m->points[0].x == line->points[0].x && m->points[0].y == line->points[0].y, "it stays where it was");
    }
  cr_assert (still_the_tie, "half-way into its ghost it is already as faint as the ghost");

  g_autoptr (DgScene) leaving = dg_scene_tween (b, c, 0.45, graph, s2, s3, &options);
  g_autoptr (GPtrArray) fading = tie_items (leaving, DG_ROLE_TIE, DG_ITEM_CURVE, capped);
  cr_assert_eq (fading->len, 1);
  cr_assert_gt (seen_brightness (fading->pdata[0], bg), faded + 1e-6, "the ghost does not fade out");
  g_autoptr (DgScene) gone = dg_scene_tween (b, c, 1.0, graph, s2, s3, &options);
  for (guint i = 0; i < dg_scene_n_items (gone); i++)
    cr_assert_neq (dg_scene_item (gone, i)->tie, capped, "the ghost outlives its stage");
}

/* A stake whose value changes keeps its look, so it morphs as one line,
 * its width between the two values'. */
Test (tween, value_change_morphs_the_width)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (
      "digraph g { subgraph timeline { s1 -> s2; }\n"
      "  a -> b [kind = stake, value = \"10%\", until = s2];\n"
      "  a -> b [kind = stake, value = \"90%\", from = s2]; }");
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  g_autoptr (DgScene) a = dg_scene_build (graph, layout, theme, 0, NULL);
  g_autoptr (DgScene) b = dg_scene_build (graph, layout, theme, 1, NULL);
  double wa = ((const DgSceneItem *) g_ptr_array_steal_index (tie_items (a, DG_ROLE_TIE, DG_ITEM_CURVE, 0), 0))->line_width;
  double wb = ((const DgSceneItem *) g_ptr_array_steal_index (tie_items (b, DG_ROLE_TIE, DG_ITEM_CURVE, 1), 0))->line_width;
  cr_assert_lt (wa, wb);
  DgTweenOptions options = DG_TWEEN_OPTIONS_INIT;
  options.easing = DG_EASING_LINEAR;
  options.stagger = FALSE;
  g_autoptr (DgScene) mid = dg_scene_tween (a, b, 0.25, graph, 0, 1, &options);
  guint n = 0;
  for (guint i = 0; i < dg_scene_n_items (mid); i++)
    {
      const DgSceneItem *item = dg_scene_item (mid, i);
      if (item->role != DG_ROLE_TIE || item->kind != DG_ITEM_CURVE)
        continue;
      n++;
      cr_assert_float_eq (item->line_width, wa + (wb - wa) * 0.25, 1e-9);
      cr_assert_float_eq (item->opacity, 1.0, 1e-9);
    }
  cr_assert_eq (n, 1, "one line, morphing: %u", n);
}

/* With a stage layout parties move: they glide along the straight line
 * between their places. */
Test (tween, parties_glide_in_stage_layouts)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (
      "graph g { subgraph timeline { s1 -- s2; }\n"
      "  a -- b; b -- c; c -- d [from = s2]; d [from = s2]; e [from = s2]; d -- e [from = s2]; e -- a [from = s2]; }");
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "neato", DG_LAYOUT_STAGE);
  g_autoptr (DgScene) a = dg_scene_build (graph, layout, theme, 0, NULL);
  g_autoptr (DgScene) b = dg_scene_build (graph, layout, theme, 1, NULL);
  DgTweenOptions options = DG_TWEEN_OPTIONS_INIT;
  options.easing = DG_EASING_LINEAR;
  options.stagger = FALSE;
  g_autoptr (DgScene) s0 = dg_scene_tween (a, b, 0, graph, 0, 1, &options);
  g_autoptr (DgScene) s1 = dg_scene_tween (a, b, 1, graph, 0, 1, &options);
  g_autoptr (DgScene) sm = dg_scene_tween (a, b, 0.5, graph, 0, 1, &options);
  gboolean moved = FALSE;
  for (int p = 0; p < 3; p++)
    {
      const DgSceneItem *i0 = party_item (s0, p), *i1 = party_item (s1, p), *im = party_item (sm, p);
      cr_assert_float_eq (im->box.x0, (i0->box.x0 + i1->box.x0) / 2, 1e-9);
      cr_assert_float_eq (im->box.y0, (i0->box.y0 + i1->box.y0) / 2, 1e-9);
      cr_assert_float_eq (im->opacity, 1.0, 1e-9, "a party that moves does not fade");
      moved |= fabs (i0->box.x0 - i1->box.x0) > 1 || fabs (i0->box.y0 - i1->box.y0) > 1;
    }
  cr_assert (moved, "the stage layouts put some party elsewhere");
}

/* ------------------------------------------------------------------------ */
/* The schedule */

Test (animation, schedule_and_frames)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  g_autoptr (DgAnimation) looped = animate (graph, layout, theme, 2, 1, 25, TRUE);
  cr_assert_float_eq (dg_animation_get_duration (looped), 15, 1e-9);
  cr_assert_eq (dg_animation_n_frames (looped), 375);
  g_autoptr (DgAnimation) once = animate (graph, layout, theme, 2, 1, 25, FALSE);
  cr_assert_float_eq (dg_animation_get_duration (once), 14, 1e-9);
  cr_assert_eq (dg_animation_n_frames (once), 350);

  /* A held stage draws exactly like its figure. */
  for (guint s = 0; s < 5; s++)
    {
      g_autoptr (DgScene) frame = dg_animation_frame (looped, s * 75 + 10);
      g_autoptr (GBytes) got = png_of (frame, 36);
      g_autoptr (GBytes) want = png_of (dg_animation_stage_scene (looped, s), 36);
      cr_assert (g_bytes_equal (got, want), "frame %u is stage %u", s * 75 + 10, s);
    }
  /* Between them, neither. */
  g_autoptr (DgScene) between = dg_animation_frame (looped, 2 * 75 + 62);
  g_autoptr (GBytes) mid = png_of (between, 36);
  g_autoptr (GBytes) s2 = png_of (dg_animation_stage_scene (looped, 2), 36);
  g_autoptr (GBytes) s3 = png_of (dg_animation_stage_scene (looped, 3), 36);
  cr_assert_not (g_bytes_equal (mid, s2));
  cr_assert_not (g_bytes_equal (mid, s3));
  /* The loop's last transition leads back to the first stage. */
  g_autoptr (DgScene) last = dg_animation_frame (looped, 374);
  g_autoptr (GBytes) last_png = png_of (last, 36);
  g_autoptr (GBytes) s0 = png_of (dg_animation_stage_scene (looped, 0), 36);
  g_autoptr (GBytes) s4 = png_of (dg_animation_stage_scene (looped, 4), 36);
  cr_assert_not (g_bytes_equal (last_png, s4));
  cr_assert_not (g_bytes_equal (last_png, s0));
}

Test (animation, refuses_bad_options)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  static const double bad[][3] = { { 0, 0, 25 }, { -1, 1, 25 }, { 2, NAN, 25 }, { 2, 1, 0 }, { 2, 1, 500 }, { 1e9, 1, 25 } };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      DgAnimateOptions options = DG_ANIMATE_OPTIONS_INIT;
      options.hold = bad[i][0];
      options.tween = bad[i][1];
      options.fps = bad[i][2];
      g_autoptr (GError) error = NULL;
      g_autoptr (DgAnimation) anim = dg_animation_new (graph, layout, theme, NULL, &options, &error);
      cr_assert_null (anim, "case %zu accepted", i);
      cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_USAGE));
    }
}

/* ------------------------------------------------------------------------ */
/* WebP */

typedef struct {
  guint frames;
  guint duration_ms;
  guint width, height;
  const guint8 *first;   /* the first frame's image chunk (VP8L …) */
  gsize first_len;
} WebpInfo;

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static guint32
le24 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16;
}

/* Walks the RIFF chunks of an animated WebP. */
static WebpInfo
webp_info (GBytes *bytes)
{
  gsize len;
  const guint8 *d = g_bytes_get_data (bytes, &len);
  WebpInfo info = { 0 };
  cr_assert (len > 30 && memcmp (d, "RIFF", 4) == 0 && memcmp (d + 8, "WEBP", 4) == 0, "a WebP file");
  cr_assert_eq (le32 (d + 4) + 8, len, "RIFF size");
  for (gsize at = 12; at + 8 <= len;)
    {
      guint32 size = le32 (d + at + 4);
      const guint8 *body = d + at + 8;
      if (memcmp (d + at, "VP8X", 4) == 0)
        {
          cr_assert (body[0] & 0x02, "animation flag");
          info.width = le24 (body + 4) + 1;
          info.height = le24 (body + 7) + 1;
        }
      else if (memcmp (d + at, "ANMF", 4) == 0)
        {
          if (info.frames == 0)
            {
              cr_assert_eq (le24 (body + 6) + 1, info.width, "the first frame covers the canvas");
              info.first = body + 16;
              info.first_len = size - 16;
            }
          info.frames++;
          info.duration_ms += le24 (body + 12);
        }
      at += 8 + size + (size & 1);
    }
  return info;
}

Test (animation, webp_is_deterministic_and_shows_the_stages)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  g_autoptr (DgAnimation) anim = animate (graph, layout, theme, 1.0, 0.4, 10, TRUE);
  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  options.dpi = 30;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) one = dg_animation_render_webp (anim, &options, 2, &error);
  cr_assert_not_null (one, "%s", error != NULL ? error->message : "?");
  g_autoptr (GBytes) two = dg_animation_render_webp (anim, &options, 1, &error);
  cr_assert_not_null (two);
  cr_assert (g_bytes_equal (one, two), "same bytes whatever the threads");

  WebpInfo info = webp_info (one);
  cr_assert_eq (info.duration_ms, 7000, "5 × (1 s + 0.4 s): %u ms", info.duration_ms);
  /* Holds are single frames; each transition has up to 4 (the encoder
   * merges frames that look alike). */
  cr_assert (info.frames > 5 && info.frames <= 5 + 5 * 4, "%u frames", info.frames);

  /* The first frame is stage 1, pixel for pixel (lossless). */
  g_autoptr (GBytes) png = png_of (dg_animation_stage_scene (anim, 0), 30);
  int w = 0, h = 0;
  g_autofree guint8 *rgba = WebPDecodeRGBA (info.first, info.first_len, &w, &h);
  cr_assert_not_null (rgba, "the first frame decodes");
  cr_assert_eq ((guint) w, info.width);
  cairo_surface_t *img = dg_test_png_decode (png);
  cr_assert_eq (cairo_image_surface_get_width (img), w);
  cr_assert_eq (cairo_image_surface_get_height (img), h);
  const guint8 *px = cairo_image_surface_get_data (img);
  int stride = cairo_image_surface_get_stride (img);
  guint differ = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p = *(const guint32 *) (const void *) (px + y * stride + x * 4);
        const guint8 *q = rgba + ((gsize) y * w + x) * 4;
        differ += ((p >> 16) & 0xff) != q[0] || ((p >> 8) & 0xff) != q[1] || (p & 0xff) != q[2];
      }
  cairo_surface_destroy (img);
  cr_assert_eq (differ, 0, "%u pixels differ from stage 1", differ);
}

/* ------------------------------------------------------------------------ */
/* SVG and HTML */

typedef struct {
  GHashTable *ids;
  GPtrArray *refs;
  gboolean duplicate;
  guint keyframed;
  guint texts;   /* <text> elements: the layers' words as text */
  guint symbols; /* <symbol> elements: glyph outlines */
} SvgCheck;

static void
svg_start (GMarkupParseContext *context, const char *element, const char **names, const char **values,
           gpointer data, GError **error)
{
  SvgCheck *c = data;
  c->texts += strcmp (element, "text") == 0;
  c->symbols += strcmp (element, "symbol") == 0;
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (strcmp (names[i], "id") == 0)
        {
          if (g_hash_table_contains (c->ids, values[i]))
            c->duplicate = TRUE;
          g_hash_table_add (c->ids, g_strdup (values[i]));
        }
      if (strcmp (names[i], "xlink:href") == 0 || strcmp (names[i], "href") == 0)
        g_ptr_array_add (c->refs, g_strdup (values[i][0] == '#' ? values[i] + 1 : values[i]));
      if (strcmp (names[i], "class") == 0 && g_str_has_prefix (values[i], "a l"))
        c->keyframed++;
    }
  cr_assert_str_neq (element, "script", "no script in the animated SVG");
  cr_assert_str_neq (element, "foreignObject");
}

static void
check_svg (GBytes *bytes, guint *keyframed)
{
  g_autofree char *text = bytes_str (bytes);
  SvgCheck c = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), g_ptr_array_new_with_free_func (g_free),
                 FALSE, 0, 0, 0 };
  GMarkupParser parser = { svg_start, NULL, NULL, NULL, NULL };
  g_autoptr (GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &c, NULL);
  g_autoptr (GError) error = NULL;
  const char *body = strstr (text, "<svg");
  cr_assert_not_null (body);
  cr_assert (g_markup_parse_context_parse (context, body, -1, &error) && g_markup_parse_context_end_parse (context, &error),
             "well-formed XML: %s", error != NULL ? error->message : "");
  cr_assert_not (c.duplicate, "ids are unique across the layers");
  for (guint i = 0; i < c.refs->len; i++)
    cr_assert (g_hash_table_contains (c.ids, c.refs->pdata[i]), "reference to a missing id %s", (char *) c.refs->pdata[i]);
  /* The layers' words are text, not glyph outlines. */
  cr_assert_gt (c.texts, 10, "the words are <text>");
  cr_assert_eq (c.symbols, 0, "no glyph symbols");
  *keyframed = c.keyframed;
  g_hash_table_unref (c.ids);
  g_ptr_array_unref (c.refs);
}

Test (animation, svg_loops_without_script)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  g_autoptr (DgAnimation) anim = animate (graph, layout, theme, 2, 1, 25, TRUE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) svg = dg_animation_render_svg (anim, NULL, &error);
  cr_assert_not_null (svg, "%s", error != NULL ? error->message : "?");
  g_autoptr (GBytes) again = dg_animation_render_svg (anim, NULL, &error);
  cr_assert (g_bytes_equal (svg, again), "deterministic");
  guint keyframed = 0;
  check_svg (svg, &keyframed);
  g_autofree char *text = bytes_str (svg);
  cr_assert (strstr (text, "role=\"img\" aria-labelledby=\"dg-anim-title\" aria-describedby=\"dg-anim-desc\"") != NULL,
             "an image labelled by its title");
  cr_assert (strstr (text, "<title id=\"dg-anim-title\">") != NULL && strstr (text, "<desc id=\"dg-anim-desc\">") != NULL);
  /* The description names every stage, in order: a reader of the still
   * first frame learns what the loop shows. */
  const char *at = strstr (text, "<desc id=\"dg-anim-desc\">");
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      g_autofree char *label = dg_escape_markup (dg_graph_stage (graph, s)->label);
      const char *found = strstr (at, label);
      cr_assert (found != NULL && found < strstr (text, "</desc>"), "the description lacks stage %u, %s", s + 1, label);
      at = found;
    }
  /* With reduced motion nothing plays: the layers hold the first stage. */
  cr_assert (strstr (text, "@media (prefers-reduced-motion:reduce){.a{animation:none}}") != NULL);
  cr_assert (strstr (text, "<g role=\"group\" aria-label=\"OpenAI, lab\">") != NULL, "the layers' groups are named");
  cr_assert (strstr (text, "animation-iteration-count:infinite") != NULL);
  cr_assert (strstr (text, "animation-duration:15s") != NULL, "one loop lasts 5 × 3 s");
  cr_assert_eq (count_str (text, "@keyframes"), keyframed, "a rule for every animated layer");
  /* Every party and tie that does not last the whole timeline is animated:
   * at least Amazon, AWS Bedrock, Enterprises and the ten ties that begin,
   * end or change. */
  cr_assert_geq (keyframed, 13, "%u animated layers", keyframed);
  cr_assert_null (strstr (text, "<script"));
}

static const char hostile_timeline[] =
    "digraph \"h\" {\n"
    "  label = \"</script><script>alert(1)</script> \\\"q\\\" ]]> <!-- \xe2\x80\xae" "evil \x01\x1b[31m\";\n"
    "  subgraph timeline { s1 [label = \"</script><script>alert(2)</script>\"]; s2 [label = \"]]>\xe2\x80\xae" "x\"]; s1 -> s2; }\n"
    "  a [label = \"<img src=x onerror=alert(3)>\", kind = company];\n"
    "  b [label = \"{{DATA}} & {{FIGURE}} \\\"'\", kind = lab];\n"
    "  a -> b [kind = license, terms = \"exclusive\", until = s2, note = \"</SCRIPT><script>alert(4)</script>\xe2\x80\xa8\",\n"
    "          source = \"\xe2\x81\xa6\xe2\x80\xae `${alert(5)}` \\\\ \x7f\xc2\x85\"];\n"
    "  a -> b [kind = license, terms = \"nonexclusive\", from = s2];\n"
    "}\n";

Test (animation, html_is_self_contained_and_escapes_everything)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (hostile_timeline);
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  g_autoptr (DgAnimation) anim = animate (graph, layout, theme, 2, 1, 25, TRUE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) html = dg_animation_render_html (anim, NULL, NULL, &error);
  cr_assert_not_null (html, "%s", error != NULL ? error->message : "?");
  g_autoptr (GBytes) again = dg_animation_render_html (anim, NULL, NULL, &error);
  cr_assert (g_bytes_equal (html, again), "deterministic");
  g_autofree char *text = bytes_str (html);

  /* Nothing from the graph opens an element or a script. */
  cr_assert_eq (count_str (text, "<script"), 2, "the data and the viewer's script only");
  cr_assert_null (strstr (text, "<script>alert"), "no hostile text raw: it only appears escaped");
  cr_assert_null (strstr (text, "<img"));
  cr_assert_null (strstr (text, "\xe2\x80\xae"), "no raw bidi override");
  cr_assert_null (strstr (text, "\xe2\x81\xa6"));
  cr_assert_null (strstr (text, "\xe2\x80\xa8"), "no raw line separator");
  for (const char *p = text; *p != '\0'; p++)
    cr_assert (*p == '\n' || *p == '\t' || (guchar) *p >= 0x20, "control byte 0x%02x", (guchar) *p);
  cr_assert_null (strstr (text, "\xc2\x85"), "no C1 control");
  cr_assert (strstr (text, "&lt;/script&gt;&lt;script&gt;") != NULL, "the title is there, escaped");
  cr_assert (strstr (text, "\\u003c/script\\u003e\\u003cscript\\u003e") != NULL, "the data is there, escaped");
  cr_assert (strstr (text, "\\u202e") != NULL);

  /* Placeholders are filled once: text from the graph that looks like one
   * stays as it was. */
  cr_assert_null (strstr (text, "{{TITLE}}"));
  cr_assert_null (strstr (text, "{{SCRIPT_HASH}}"));
  cr_assert_eq (count_str (text, "<svg id=\"dg-fig\""), 1, "the figure once");
  cr_assert_eq (count_str (text, "id=\"dg-data\""), 1, "the data once");

  /* The data element holds nothing that could close it. */
  const char *data = strstr (text, "id=\"dg-data\">");
  cr_assert_not_null (data);
  data += strlen ("id=\"dg-data\">");
  const char *data_end = strstr (data, "</script>");
  g_autofree char *json = g_strndup (data, (gsize) (data_end - data));
  cr_assert_null (strchr (json, '<'));
  cr_assert_null (strchr (json, '>'));
  cr_assert (strstr (json, "\"{{DATA}} \\u0026 {{FIGURE}} \\\"'\"") != NULL, "a label that looks like placeholders stays");

  /* No network: no URL the browser could fetch, and a policy that forbids
   * fetching, with the viewer's script allowed by its hash. */
  g_autoptr (GString) urls = g_string_new (text);
  g_string_replace (urls, "xmlns=\"http://www.w3.org/2000/svg\"", "", 0);
  g_string_replace (urls, "xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "", 0);
  cr_assert_null (strstr (urls->str, "http:"), "only namespace names, which are never fetched");
  cr_assert_null (strstr (urls->str, "https:"));
  cr_assert_null (strstr (urls->str, "url(h"));
  static const char *const fetching[] = { "<img", "<link", "<iframe", "<object", "<embed", "<audio", "<video",
                                           "<source", "<image", " src=\"", "srcset" };
  for (gsize i = 0; i < G_N_ELEMENTS (fetching); i++)
    cr_assert_null (strstr (text, fetching[i]), "%s", fetching[i]);
  cr_assert_null (strstr (text, "@import"));
  cr_assert (strstr (text, "default-src 'none'") != NULL);
  const char *script = strstr (text, "<script>");
  cr_assert_not_null (script);
  script += strlen ("<script>");
  g_autofree char *body = g_strndup (script, (gsize) (strstr (script, "</script>") - script));
  guint8 digest[32];
  gsize len = sizeof digest;
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, (const guchar *) body, (gssize) strlen (body));
  g_checksum_get_digest (sum, digest, &len);
  g_autofree char *b64 = g_base64_encode (digest, len);
  g_autofree char *csp = g_strdup_printf ("script-src 'sha256-%s'", b64);
  cr_assert (strstr (text, csp) != NULL, "the CSP names the script's hash");

  /* The figure inlines one drawing per layer: well-formed, no id twice,
   * every reference resolved within it, its words as text. */
  const char *fig = strstr (text, "<svg id=\"dg-fig\"");
  const char *fig_end = fig != NULL ? strstr (fig, "</svg>\n<div id=\"dg-tip\"") : NULL;
  cr_assert (fig != NULL && fig_end != NULL);
  g_autoptr (GBytes) figure = g_bytes_new (fig, (gsize) (fig_end - fig) + strlen ("</svg>"));
  guint unused;
  check_svg (figure, &unused);

  /* The animated SVG of the same graph: the title escaped, nothing raw. */
  g_autoptr (GBytes) svg = dg_animation_render_svg (anim, NULL, &error);
  cr_assert_not_null (svg);
  guint keyframed;
  check_svg (svg, &keyframed);
  g_autofree char *svg_text = bytes_str (svg);
  cr_assert_null (strstr (svg_text, "<script"));
  cr_assert_null (strstr (svg_text, "\xe2\x80\xae"));
  cr_assert_null (strstr (svg_text, "]]>"));
  cr_assert (strstr (svg_text, "&lt;/script&gt;") != NULL);
}

/* The viewer names every party and tie by its accessible name, makes each
 * one focusable target (in the tab order only at the stages it is active),
 * and says at each stage what changed: the describe module's sentences. */
Test (animation, html_names_parties_and_ties_and_says_what_changed)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  g_autoptr (DgAnimation) anim = animate (graph, layout, theme, 2, 1, 25, TRUE);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) html = dg_animation_render_html (anim, NULL, NULL, &error);
  cr_assert_not_null (html, "%s", error != NULL ? error->message : "?");
  g_autofree char *text = bytes_str (html);

  const char *data = strstr (text, "id=\"dg-data\">");
  cr_assert_not_null (data);
  data += strlen ("id=\"dg-data\">");
  g_autofree char *json = g_strndup (data, (gsize) (strstr (data, "</script>") - data));
  g_autoptr (JsonParser) parser = json_parser_new ();
  cr_assert (json_parser_load_from_data (parser, json, -1, &error), "%s", error != NULL ? error->message : "?");
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonArray *parties = json_object_get_array_member (root, "parties");
  JsonArray *ties = json_object_get_array_member (root, "ties");
  JsonArray *stages = json_object_get_array_member (root, "stages");
  cr_assert_eq (json_array_get_length (parties), dg_graph_n_parties (graph));
  cr_assert_eq (json_array_get_length (ties), dg_graph_n_ties (graph));
  guint lab = 0;
  while (lab < dg_graph_n_parties (graph) && g_strcmp0 (dg_graph_party (graph, lab)->label, "OpenAI") != 0)
    lab++;
  cr_assert_lt (lab, dg_graph_n_parties (graph));
  cr_assert_str_eq (json_object_get_string_member (json_array_get_object_element (parties, lab), "name"), "OpenAI, lab");
  guint license = find_tie (graph, "OpenAI", "Microsoft", "license", "nonexclusive");
  cr_assert_str_eq (json_object_get_string_member (json_array_get_object_element (ties, license), "name"),
                    "license from OpenAI to Microsoft, nonexclusive, until 2032");

  guint n = dg_graph_n_stages (graph);
  cr_assert_eq (json_array_get_length (stages), n);
  g_autofree gboolean *ever = g_new0 (gboolean, dg_graph_n_parties (graph) + dg_graph_n_ties (graph) + 1);
  for (guint s = 0; s < n; s++)
    {
      JsonObject *stage = json_array_get_object_element (stages, s);
      g_autoptr (GArray) active_parties = dg_graph_active_parties (graph, s);
      g_autoptr (GArray) active_ties = dg_graph_active_ties (graph, s);
      JsonArray *p = json_object_get_array_member (stage, "parties");
      JsonArray *t = json_object_get_array_member (stage, "ties");
      cr_assert_eq (json_array_get_length (p), active_parties->len, "stage %u", s + 1);
      cr_assert_eq (json_array_get_length (t), active_ties->len, "stage %u", s + 1);
      for (guint i = 0; i < active_parties->len; i++)
        {
          cr_assert_eq ((guint) json_array_get_int_element (p, i), g_array_index (active_parties, guint, i));
          ever[g_array_index (active_parties, guint, i)] = TRUE;
        }
      for (guint i = 0; i < active_ties->len; i++)
        {
          cr_assert_eq ((guint) json_array_get_int_element (t, i), g_array_index (active_ties, guint, i));
          ever[dg_graph_n_parties (graph) + g_array_index (active_ties, guint, i)] = TRUE;
        }

      /* "Stage 3 of 5: LABEL…", then every change dg_describe() lists. */
      const char *announce = json_object_get_string_member (stage, "announce");
      g_autofree char *head = g_strdup_printf ("Stage %u of %u: %s", s + 1, n, dg_graph_stage (graph, s)->label);
      cr_assert (g_str_has_prefix (announce, head), "stage %u: %s", s + 1, announce);
      g_autoptr (DgDescription) d = dg_describe (graph, s, NULL, &error);
      cr_assert_not_null (d);
      guint changes = 0;
      for (guint i = 0; i < dg_description_n_items (d); i++)
        {
          const DgDescriptionItem *item = dg_description_item (d, i);
          if (item->part != DG_DESCRIPTION_CHANGE)
            continue;
          changes++;
          cr_assert (strstr (announce, item->text) != NULL, "stage %u says \"%s\": %s", s + 1, item->text, announce);
        }
      cr_assert (s == 0 || changes > 0 || strstr (announce, "Nothing changed") != NULL, "%s", announce);
    }

  /* One target per party and tie active at some stage; stage 1's
   * focusable, the first of them the figure's one Tab stop (a roving
   * tabindex: the arrows reach the others), the others out of the
   * accessibility tree. */
  guint targets = 0;
  for (guint i = 0; i < dg_graph_n_parties (graph) + dg_graph_n_ties (graph); i++)
    targets += ever[i] ? 1 : 0;
  g_autoptr (GArray) first_parties = dg_graph_active_parties (graph, 0);
  g_autoptr (GArray) first_ties = dg_graph_active_ties (graph, 0);
  cr_assert_eq (count_str (text, "<g class=\"dg-t"), targets);
  cr_assert_eq (count_str (text, "<g class=\"dg-t on\""), first_parties->len + first_ties->len);
  cr_assert_eq (count_str (text, "tabindex=\"0\""), 1, "one Tab stop for the figure");
  cr_assert_eq (count_str (text, "<g class=\"dg-t on\" data-party=\"0\" tabindex=\"0\">"), 1,
                "the first party is the Tab stop");
  cr_assert_eq (count_str (text, "tabindex=\"-1\" aria-hidden=\"true\">"), targets - first_parties->len - first_ties->len);
  cr_assert_eq (count_str (text, "role=\"group\" aria-labelledby=\"dg-title\""), 1, "the figure is a group, not an image");
}

Test (animation, html_template_errors_are_theme_errors)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  g_autoptr (DgAnimation) anim = animate (graph, layout, theme, 2, 1, 25, TRUE);
  DgViewerOptions viewer = DG_VIEWER_OPTIONS_INIT;
  viewer.template_path = "/nonexistent/viewer.html";
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) none = dg_animation_render_html (anim, NULL, &viewer, &error);
  cr_assert_null (none);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_THEME));
  g_clear_error (&error);

  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("anim");
  g_autofree char *path = g_build_filename (dir.path, "t.html", NULL);
  cr_assert (g_file_set_contents (path, "<html>{{FIGURE}}</html>", -1, NULL));
  viewer.template_path = path;
  g_autoptr (GBytes) lacking = dg_animation_render_html (anim, NULL, &viewer, &error);
  cr_assert_null (lacking, "a template without {{DATA}} is refused");
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_THEME));
  g_clear_error (&error);

  cr_assert (g_file_set_contents (path, "<p>{{TITLE}}</p>{{FIGURE}}<script type=\"application/json\">{{DATA}}</script>", -1, NULL));
  g_autoptr (GBytes) minimal = dg_animation_render_html (anim, NULL, &viewer, &error);
  cr_assert_not_null (minimal, "%s", error != NULL ? error->message : "?");
  g_autofree char *text = bytes_str (minimal);
  cr_assert (g_str_has_prefix (text, "<p>Microsoft and OpenAI renegotiate their partnership</p><svg"));
}

/* ------------------------------------------------------------------------ */
/* The command */

Test (cli, animate_writes_each_format_once)
{
  g_autofree char *deal = dg_test_deal_path ();
  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("anim-cli");
  g_autofree char *html = g_build_filename (dir.path, "deal.html", NULL);
  g_autofree char *svg = g_build_filename (dir.path, "deal.svg", NULL);
  g_autofree char *webp = g_build_filename (dir.path, "deal.webp", NULL);
  g_autofree char *frames = g_build_filename (dir.path, "frames", NULL);
  g_autofree char *stale = g_build_filename (frames, "frame-99999.png", NULL);
  g_autofree char *keep = g_build_filename (frames, "notes.txt", NULL);
  cr_assert_eq (g_mkdir_with_parents (frames, 0755), 0);
  cr_assert (g_file_set_contents (stale, "old", -1, NULL));
  cr_assert (g_file_set_contents (keep, "mine", -1, NULL));

  const char *common[] = { "--hold", "0.5", "--tween", "0.2", "--fps", "10", "--dpi", "24", "-q", NULL };
  const char *outs[] = { html, svg, webp };
  for (guint i = 0; i < 3; i++)
    {
      const char *args[16] = { "animate", deal, "-o", outs[i] };
      guint n = 4;
      for (guint k = 0; common[k] != NULL; k++)
        args[n++] = common[k];
      if (i == 2)
        args[n++] = "--frames", args[n++] = frames;
      g_autofree char *err = NULL;
      cr_assert_eq (dg_test_run (args, NULL, &err), 0, "%s: %s", outs[i], err);
      cr_assert_str_empty (err, "nothing on stderr: %s", err);
    }
  g_autoptr (GBytes) h = dg_test_read_bytes (html);
  g_autoptr (GBytes) s = dg_test_read_bytes (svg);
  g_autoptr (GBytes) w = dg_test_read_bytes (webp);
  cr_assert (g_str_has_prefix (g_bytes_get_data (h, NULL), "<!DOCTYPE html>"));
  cr_assert (g_str_has_prefix (g_bytes_get_data (s, NULL), "<?xml"));
  cr_assert_eq (webp_info (w).duration_ms, 5 * 700);
  /* 5 × 0.7 s at 10 fps; the old frame beyond is gone, other files stay. */
  for (guint f = 1; f <= 35; f++)
    {
      g_autofree char *name = g_strdup_printf ("frame-%05u.png", f);
      g_autofree char *path = g_build_filename (frames, name, NULL);
      cr_assert (g_file_test (path, G_FILE_TEST_EXISTS), "%s", name);
    }
  g_autofree char *after = g_build_filename (frames, "frame-00036.png", NULL);
  cr_assert_not (g_file_test (after, G_FILE_TEST_EXISTS));
  cr_assert_not (g_file_test (stale, G_FILE_TEST_EXISTS), "a stale frame is removed");
  cr_assert (g_file_test (keep, G_FILE_TEST_EXISTS), "other files are left alone");

  /* A second run writes nothing: same bytes, same mtimes. */
  struct stat before;
  cr_assert_eq (g_stat (webp, &before), 0);
  g_usleep (20000);
  const char *args[] = { "animate", deal, "-o", webp, "--hold", "0.5", "--tween", "0.2", "--fps", "10", "--dpi", "24", "-q", NULL };
  cr_assert_eq (dg_test_run (args, NULL, NULL), 0);
  struct stat now;
  cr_assert_eq (g_stat (webp, &now), 0);
  cr_assert_eq (now.st_mtim.tv_sec, before.st_mtim.tv_sec);
  cr_assert_eq (now.st_mtim.tv_nsec, before.st_mtim.tv_nsec, "unchanged output is not rewritten");
  g_autoptr (GBytes) w2 = dg_test_read_bytes (webp);
  cr_assert (g_bytes_equal (w, w2));

  /* Usage errors. */
  const char *bad_ext[] = { "animate", deal, "-o", "x.gif", NULL };
  cr_assert_eq (dg_test_run (bad_ext, NULL, NULL), 64);
  const char *bad_format[] = { "animate", deal, "-T", "mp4", NULL };
  cr_assert_eq (dg_test_run (bad_format, NULL, NULL), 64);
  const char *bad_fps[] = { "animate", deal, "-o", webp, "--fps", "0", NULL };
  cr_assert_eq (dg_test_run (bad_fps, NULL, NULL), 64);
  const char *two_files[] = { "animate", deal, deal, NULL };
  cr_assert_eq (dg_test_run (two_files, NULL, NULL), 64);
}
