/* tween.c — dg_scene_tween: the figure between two stages, matched items morphing, the rest fading. */

/*
 * How a tween is put together:
 *
 * - Every item of both scenes gets an identity key (animate-private.h:
 *   dg_anim_item_key()): what it stands for, not where it is. A tie that
 *   changed between the stages (DG_CHANGE_CHANGED) keys under its old tie's
 *   index in both scenes, so the pair morphs.
 * - Items with the same key in both scenes are interpolated; when their
 *   looks cannot be interpolated (another dash, a double line becoming a
 *   single one, other text) both are drawn at the interpolated place and
 *   cross-faded.
 * - Items of one scene only fade out (from @a) or in (into @b); parties and
 *   labels also grow from or shrink to their centre, and a tie's line draws
 *   itself from tail to head (or drains into its head when it ends).
 * - Painting order follows @b, with each item that only @a has slotted in
 *   right after the item it followed in @a.
 * - With stagger, endings play in the first 60 % of the transition, morphs
 *   in the middle 60 %, beginnings in the last 60 %.
 */

#include <math.h>
#include <string.h>

#include "animate-private.h"
#include "src/scene/scene-private.h"
#include "timeline.h"

gboolean
dg_easing_from_string (const char *name, DgEasing *out)
{
  g_return_val_if_fail (out != NULL, FALSE);
  if (name == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (name, "linear") == 0)
    *out = DG_EASING_LINEAR;
  else if (g_ascii_strcasecmp (name, "ease-in-out") == 0 || g_ascii_strcasecmp (name, "cubic") == 0
           || g_ascii_strcasecmp (name, "ease-in-out-cubic") == 0)
    *out = DG_EASING_IN_OUT_CUBIC;
  else
    return FALSE;
  return TRUE;
}

static double
clamp01 (double v)
{
  return v > 1.0 ? 1.0 : v > 0.0 ? v : 0.0; /* NaN becomes 0 */
}

double
dg_easing_apply (DgEasing easing, double t)
{
  t = clamp01 (t);
  switch (easing)
    {
    case DG_EASING_LINEAR:
      return t;
    case DG_EASING_IN_OUT_CUBIC:
      if (t < 0.5)
        return 4.0 * t * t * t;
      {
        double u = -2.0 * t + 2.0;
        return 1.0 - u * u * u / 2.0;
      }
    }
  return t;
}

/* ------------------------------------------------------------------------ */
/* Identity keys */

int *
dg_anim_tie_identities (const DgGraph *graph, guint stage_a, guint stage_b)
{
  guint n = dg_graph_n_ties (graph);
  int *ident = g_new (int, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    ident[i] = (int) i;
  if (stage_a == stage_b || stage_a >= dg_graph_n_stages (graph) || stage_b >= dg_graph_n_stages (graph))
    return ident;
  g_autoptr (GArray) changes = dg_timeline_changes (graph, stage_a, stage_b);
  for (guint i = 0; i < changes->len; i++)
    {
      const DgChange *c = &g_array_index (changes, DgChange, i);
      if (c->kind == DG_CHANGE_CHANGED)
        ident[c->new_tie->index] = (int) c->old_tie->index;
    }
  return ident;
}

const char *
dg_anim_item_label (const DgScene *scene, guint index)
{
  /* The scene names groups and legend entries itself (DgSceneItem.id), the
   * same at every stage. */
  return dg_scene_item (scene, index)->id;
}

char *
dg_anim_item_key (const DgScene *scene, guint index, const int *tie_ident, gboolean with_kind)
{
  const DgSceneItem *item = dg_scene_item (scene, index);
  int tie = item->tie;
  if (tie >= 0 && tie_ident != NULL)
    tie = tie_ident[tie];
  const char *extra = dg_anim_item_label (scene, index);
  int stage = item->role == DG_ROLE_TIMELINE || item->role == DG_ROLE_TIMELINE_LABEL ? item->stage : -1;
  if (extra == NULL)
    extra = "";
  if (with_kind)
    return g_strdup_printf ("%d/%d/p%d/t%d/s%d/%s", (int) item->kind, (int) item->role, item->party, tie,
                            stage, extra);
  return g_strdup_printf ("%d/p%d/t%d/s%d/%s", (int) item->role, item->party, tie, stage, extra);
}

/* One key per item of @scene, unique within it (repeats get "#n"). */
static char **
item_keys (const DgScene *scene, const int *tie_ident)
{
  guint n = dg_scene_n_items (scene);
  char **keys = g_new0 (char *, n + 1);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < n; i++)
    {
      char *key = dg_anim_item_key (scene, i, tie_ident, TRUE);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (seen, key));
      g_hash_table_replace (seen, g_strdup (key), GUINT_TO_POINTER (count + 1));
      if (count > 0)
        {
          char *numbered = g_strdup_printf ("%s#%u", key, count);
          g_free (key);
          key = numbered;
        }
      keys[i] = key;
    }
  return keys;
}

/* ------------------------------------------------------------------------ */
/* Copying and interpolating items */

static double
lerp (double a, double b, double u)
{
  return a + (b - a) * u;
}

static DgPoint
lerp_point (DgPoint a, DgPoint b, double u)
{
  return (DgPoint) { lerp (a.x, b.x, u), lerp (a.y, b.y, u) };
}

/* A colour that is not painted (a == 0) takes the other's hue, so fading
 * between painted and unpainted changes alpha only. */
static DgColor
lerp_color (DgColor a, DgColor b, double u)
{
  if (!(a.a > 0))
    a = (DgColor) { b.r, b.g, b.b, 0 };
  if (!(b.a > 0))
    b = (DgColor) { a.r, a.g, a.b, 0 };
  return (DgColor) { lerp (a.r, b.r, u), lerp (a.g, b.g, u), lerp (a.b, b.b, u), lerp (a.a, b.a, u) };
}

static DgBox
lerp_box (DgBox a, DgBox b, double u)
{
  return (DgBox) { lerp (a.x0, b.x0, u), lerp (a.y0, b.y0, u), lerp (a.x1, b.x1, u), lerp (a.y1, b.y1, u) };
}

DgSceneItem *
dg_anim_copy_item (DgScene *scene, const DgSceneItem *src, double dx, double dy)
{
  DgSceneItem *item = dg_scene_add_item (scene, src->kind, src->role);
  DgPoint *points = NULL;
  if (src->n_points > 0 && src->points != NULL)
    {
      points = g_new (DgPoint, src->n_points);
      for (guint k = 0; k < src->n_points; k++)
        points[k] = (DgPoint) { src->points[k].x + dx, src->points[k].y + dy };
    }
  *item = *src;
  item->points = points;
  item->n_points = points != NULL ? src->n_points : 0;
  item->text = g_strdup (src->text);
  item->font = src->font != NULL ? g_intern_string (src->font) : NULL;
  item->box = (DgBox) { src->box.x0 + dx, src->box.y0 + dy, src->box.x1 + dx, src->box.y1 + dy };
  return item;
}

/* Scales @item about the centre of its box (SHAPE, TEXT) or of its points. */
static void
scale_item (DgSceneItem *item, double s)
{
  if (s == 1.0)
    return;
  double cx, cy;
  if (item->kind == DG_ITEM_SHAPE || item->kind == DG_ITEM_TEXT)
    {
      cx = (item->box.x0 + item->box.x1) / 2;
      cy = (item->box.y0 + item->box.y1) / 2;
    }
  else
    {
      if (item->n_points == 0)
        return;
      double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
      for (guint k = 0; k < item->n_points; k++)
        {
          x0 = MIN (x0, item->points[k].x);
          x1 = MAX (x1, item->points[k].x);
          y0 = MIN (y0, item->points[k].y);
          y1 = MAX (y1, item->points[k].y);
        }
      cx = (x0 + x1) / 2;
      cy = (y0 + y1) / 2;
    }
  item->box = (DgBox) { cx + (item->box.x0 - cx) * s, cy + (item->box.y0 - cy) * s,
                        cx + (item->box.x1 - cx) * s, cy + (item->box.y1 - cy) * s };
  for (guint k = 0; k < item->n_points; k++)
    item->points[k] = (DgPoint) { cx + (item->points[k].x - cx) * s, cy + (item->points[k].y - cy) * s };
  item->font_size *= s;
  item->line_width *= s;
}

/* ---- Bézier curves ----------------------------------------------------- */

/* @p as a cubic Bézier of 3k+1 points: a polyline or a curve with leftover
 * points becomes straight cubic segments. Returns a new array. */
static DgPoint *
as_bezier (const DgPoint *p, guint n, guint *out_n)
{
  if (n >= 4 && (n - 1) % 3 == 0)
    {
      *out_n = n;
      return g_memdup2 (p, sizeof *p * n);
    }
  if (n < 2)
    {
      DgPoint *q = g_new (DgPoint, 4);
      DgPoint only = n == 1 ? p[0] : (DgPoint) { 0, 0 };
      for (guint k = 0; k < 4; k++)
        q[k] = only;
      *out_n = 4;
      return q;
    }
  guint segments = n - 1;
  DgPoint *q = g_new (DgPoint, 3 * segments + 1);
  for (guint s = 0; s < segments; s++)
    {
      q[3 * s] = p[s];
      q[3 * s + 1] = lerp_point (p[s], p[s + 1], 1.0 / 3);
      q[3 * s + 2] = lerp_point (p[s], p[s + 1], 2.0 / 3);
    }
  q[3 * segments] = p[segments];
  *out_n = 3 * segments + 1;
  return q;
}

/* Splits the cubic @p[0..3] at @u into @left[0..3] and @right[0..3]. */
static void
split_cubic (const DgPoint *p, double u, DgPoint *left, DgPoint *right)
{
  DgPoint a = lerp_point (p[0], p[1], u), b = lerp_point (p[1], p[2], u), c = lerp_point (p[2], p[3], u);
  DgPoint d = lerp_point (a, b, u), e = lerp_point (b, c, u);
  DgPoint m = lerp_point (d, e, u);
  left[0] = p[0], left[1] = a, left[2] = d, left[3] = m;
  right[0] = m, right[1] = e, right[2] = c, right[3] = p[3];
}

static double
segment_length (const DgPoint *p)
{
  return hypot (p[1].x - p[0].x, p[1].y - p[0].y) + hypot (p[2].x - p[1].x, p[2].y - p[1].y)
         + hypot (p[3].x - p[2].x, p[3].y - p[2].y);
}

/* @p (3k+1 points) split until it has @segments segments: the longest
 * segment (first among equals) is halved each time, so the shape is kept
 * exactly and the result depends only on the input. Returns a new array. */
static DgPoint *
resample (const DgPoint *p, guint n, guint segments)
{
  GArray *q = g_array_sized_new (FALSE, FALSE, sizeof (DgPoint), 3 * segments + 1);
  g_array_append_vals (q, p, n);
  while ((q->len - 1) / 3 < segments)
    {
      guint k = (q->len - 1) / 3, longest = 0;
      double best = -1;
      for (guint s = 0; s < k; s++)
        {
          double len = segment_length (&g_array_index (q, DgPoint, 3 * s));
          if (len > best)
            best = len, longest = s;
        }
      DgPoint left[4], right[4];
      split_cubic (&g_array_index (q, DgPoint, 3 * longest), 0.5, left, right);
      /* left[0] and right[3] are already there; replace the two control
       * points and insert the five new points between. */
      DgPoint middle[5] = { left[1], left[2], left[3], right[1], right[2] };
      g_array_remove_range (q, 3 * longest + 1, 2);
      g_array_insert_vals (q, 3 * longest + 1, middle, 5);
    }
  return (DgPoint *) g_array_free (q, FALSE);
}

DgPoint *
dg_anim_subcurve (const DgPoint *p, guint n, double t0, double t1, guint *out_n)
{
  guint segments = (n - 1) / 3;
  GArray *q = g_array_new (FALSE, FALSE, sizeof (DgPoint));
  t0 = clamp01 (t0);
  t1 = MAX (clamp01 (t1), t0);
  for (guint s = 0; s < segments; s++)
    {
      double s0 = (double) s / segments, s1 = (double) (s + 1) / segments;
      double a = MAX (t0, s0), b = MIN (t1, s1);
      if (b < a || (b == a && q->len > 0))
        continue;
      double u0 = (a - s0) * segments, u1 = (b - s0) * segments;
      DgPoint left[4], right[4], piece[4];
      memcpy (piece, &p[3 * s], sizeof piece);
      if (u1 < 1.0)
        {
          split_cubic (piece, u1, left, right);
          memcpy (piece, left, sizeof piece);
        }
      if (u0 > 0.0)
        {
          split_cubic (piece, u1 > 0 ? u0 / u1 : 0.0, left, right);
          memcpy (piece, right, sizeof piece);
        }
      g_array_append_vals (q, q->len == 0 ? piece : piece + 1, q->len == 0 ? 4 : 3);
    }
  if (q->len == 0)
    {
      DgPoint at = p[0];
      for (guint k = 0; k < 4; k++)
        g_array_append_val (q, at);
    }
  *out_n = q->len;
  return (DgPoint *) g_array_free (q, FALSE);
}

/* Gives @x and @y the same number of Bézier segments (the larger count). */
static void
match_curves (DgSceneItem *x, DgSceneItem *y)
{
  guint nx, ny;
  g_autofree DgPoint *px = as_bezier (x->points, x->n_points, &nx);
  g_autofree DgPoint *py = as_bezier (y->points, y->n_points, &ny);
  guint segments = MAX ((nx - 1) / 3, (ny - 1) / 3);
  g_free (x->points);
  g_free (y->points);
  x->points = resample (px, nx, segments);
  y->points = resample (py, ny, segments);
  x->n_points = y->n_points = 3 * segments + 1;
}

/* ---- pairs ------------------------------------------------------------- */

static gboolean
same_dash (const DgDash *a, const DgDash *b)
{
  if (a->n != b->n)
    return FALSE;
  for (guint i = 0; i < a->n && i < G_N_ELEMENTS (a->on_off); i++)
    if (a->on_off[i] != b->on_off[i])
      return FALSE;
  return TRUE;
}

/* TRUE when @a and @b differ only in what can be interpolated. */
static gboolean
can_morph (const DgSceneItem *a, const DgSceneItem *b)
{
  if (a->kind != b->kind)
    return FALSE;
  switch (a->kind)
    {
    case DG_ITEM_SHAPE:
      return a->shape == b->shape && a->dash.n == b->dash.n;
    case DG_ITEM_CURVE:
      return a->double_line == b->double_line && a->dash.n == b->dash.n && (a->core.a > 0) == (b->core.a > 0);
    case DG_ITEM_POLYGON:
      return a->n_points == b->n_points;
    case DG_ITEM_TEXT:
      return g_strcmp0 (a->text, b->text) == 0 && g_strcmp0 (a->font, b->font) == 0 && a->bold == b->bold
             && a->italic == b->italic && a->align == b->align;
    }
  return FALSE;
}

/* Writes into @out (a copy of @a) the interpolation of @a and @b. */
static void
morph_into (DgSceneItem *out, const DgSceneItem *a, const DgSceneItem *b, double u)
{
  out->box = lerp_box (a->box, b->box, u);
  out->fill = lerp_color (a->fill, b->fill, u);
  out->stroke = lerp_color (a->stroke, b->stroke, u);
  out->core = lerp_color (a->core, b->core, u);
  out->line_width = lerp (a->line_width, b->line_width, u);
  out->opacity = lerp (a->opacity, b->opacity, u);
  out->font_size = lerp (a->font_size, b->font_size, u);
  if (a->dash.n == b->dash.n && !same_dash (&a->dash, &b->dash))
    for (guint i = 0; i < a->dash.n && i < G_N_ELEMENTS (a->dash.on_off); i++)
      out->dash.on_off[i] = lerp (a->dash.on_off[i], b->dash.on_off[i], u);
  if (out->n_points > 0 && out->n_points == b->n_points && b->points != NULL)
    for (guint k = 0; k < out->n_points; k++)
      out->points[k] = lerp_point (a->points[k], b->points[k], u);
}

/* The box of @src moved to where the interpolation of @a's and @b's boxes
 * puts its anchor (the left edge, centre or right edge, as the text is
 * aligned; the vertical centre), keeping its own size: a label that changes
 * its text travels without stretching, and a left-aligned caption stays on
 * the margin. */
static DgBox
reanchored (DgBox src, DgBox a, DgBox b, DgAlign align, double u)
{
  double w = src.x1 - src.x0, hh = (src.y1 - src.y0) / 2;
  double cy = lerp ((a.y0 + a.y1) / 2, (b.y0 + b.y1) / 2, u);
  double x0;
  if (align == DG_ALIGN_LEFT)
    x0 = lerp (a.x0, b.x0, u);
  else if (align == DG_ALIGN_RIGHT)
    x0 = lerp (a.x1, b.x1, u) - w;
  else
    x0 = lerp ((a.x0 + a.x1) / 2, (b.x0 + b.x1) / 2, u) - w / 2;
  return (DgBox) { x0, cy - hh, x0 + w, cy + hh };
}

/* A matched pair at @u: one morphing item, or two cross-fading ones. */
static void
add_pair (DgScene *scene, const DgSceneItem *a, const DgSceneItem *b, double u)
{
  DgSceneItem *ca = dg_anim_copy_item (scene, a, 0, 0);
  if (can_morph (a, b))
    {
      g_autofree DgPoint *saved = NULL;
      if (a->kind == DG_ITEM_CURVE && a->n_points != b->n_points)
        {
          /* Resample copies of both, then interpolate. */
          DgSceneItem tmp_b = *b;
          tmp_b.points = g_memdup2 (b->points, sizeof *b->points * b->n_points);
          match_curves (ca, &tmp_b);
          DgSceneItem tmp_a = *ca;
          tmp_a.points = saved = g_memdup2 (ca->points, sizeof *ca->points * ca->n_points);
          morph_into (ca, &tmp_a, &tmp_b, u);
          g_free (tmp_b.points);
        }
      else
        morph_into (ca, a, b, u);
      if (u >= 0.5)
        {
          /* Discrete properties switch half-way. */
          ca->shape = b->shape;
          ca->double_line = b->double_line;
          ca->tie = b->tie;
          ca->stage = b->stage;
        }
      return;
    }

  /* Cross-fade: both at the interpolated geometry, each in its own look. */
  DgSceneItem *cb = dg_anim_copy_item (scene, b, 0, 0);
  if (a->kind == DG_ITEM_CURVE)
    {
      match_curves (ca, cb);
      for (guint k = 0; k < ca->n_points; k++)
        ca->points[k] = cb->points[k] = lerp_point (ca->points[k], cb->points[k], u);
      ca->line_width = cb->line_width = lerp (a->line_width, b->line_width, u);
    }
  else if (a->kind == DG_ITEM_SHAPE)
    {
      ca->box = cb->box = lerp_box (a->box, b->box, u);
      ca->line_width = cb->line_width = lerp (a->line_width, b->line_width, u);
    }
  else if (a->kind == DG_ITEM_TEXT)
    {
      ca->box = reanchored (a->box, a->box, b->box, a->align, u);
      cb->box = reanchored (b->box, a->box, b->box, b->align, u);
    }
  if (a->kind == DG_ITEM_TEXT)
    {
      /* Two texts over each other read as neither: the old one is gone
       * before the new one comes. */
      ca->opacity = a->opacity * clamp01 (1 - 2 * u);
      cb->opacity = b->opacity * clamp01 (2 * u - 1);
    }
  else
    {
      ca->opacity = a->opacity * (1 - u);
      cb->opacity = b->opacity * u;
    }
}

/* Roles that grow from their centre as they appear. */
static gboolean
grows (DgRole role)
{
  return role == DG_ROLE_PARTY || role == DG_ROLE_PARTY_LABEL || role == DG_ROLE_TIE_LABEL
         || role == DG_ROLE_TIE_KEY || role == DG_ROLE_TIE_ARROW;
}

/* An item of one scene only, @presence of the way there (0: gone, 1: fully
 * there); @entering tells the direction. */
static void
add_single (DgScene *scene, const DgSceneItem *src, double presence, gboolean entering)
{
  if (!(presence > 0))
    return;
  if (src->role == DG_ROLE_TIE_ARROW)
    {
      /* The head comes once most of the line is drawn. */
      presence = clamp01 ((presence - 0.5) / 0.5);
      if (!(presence > 0))
        return;
    }
  DgSceneItem *item = dg_anim_copy_item (scene, src, 0, 0);
  item->opacity = src->opacity * presence;
  if (src->kind == DG_ITEM_CURVE && src->role == DG_ROLE_TIE && presence < 1 && src->n_points >= 2)
    {
      guint nb, n;
      g_autofree DgPoint *bez = as_bezier (src->points, src->n_points, &nb);
      DgPoint *part = entering ? dg_anim_subcurve (bez, nb, 0, presence, &n)
                               : dg_anim_subcurve (bez, nb, 1 - presence, 1, &n);
      g_free (item->points);
      item->points = part;
      item->n_points = n;
      item->opacity = src->opacity * MIN (1.0, 2 * presence);
    }
  else if (grows (src->role))
    scale_item (item, 0.6 + 0.4 * presence);
}

/* ------------------------------------------------------------------------ */

static DgScene *
offset_copy_scene (const DgScene *src, double w, double h, double dx, double dy)
{
  DgScene *scene = dg_scene_new (w, h, dg_scene_get_background (src), dg_scene_get_title (src));
  dg_scene_set_preferred_scale (scene, dg_scene_get_preferred_scale (src));
  for (guint i = 0; i < dg_scene_n_items (src); i++)
    dg_anim_copy_item (scene, dg_scene_item (src, i), dx, dy);
  return scene;
}

/* An item only @a has, and the item of @b it is painted after. */
typedef struct {
  int anchor;
  guint index;
} Slot;

static gint
slot_compare (gconstpointer x, gconstpointer y)
{
  const Slot *a = x, *b = y;
  if (a->anchor != b->anchor)
    return a->anchor < b->anchor ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

static double
phase (double t, double lo, double hi, DgEasing easing)
{
  return dg_easing_apply (easing, (t - lo) / (hi - lo));
}

DgScene *
dg_scene_tween (const DgScene *a, const DgScene *b, double t, const DgGraph *graph, guint stage_a,
                guint stage_b, const DgTweenOptions *options)
{
  static const DgTweenOptions defaults = DG_TWEEN_OPTIONS_INIT;
  g_return_val_if_fail (a != NULL && b != NULL, NULL);
  if (options == NULL)
    options = &defaults;
  t = clamp01 (t);

  double w = options->width > 0 ? options->width : MAX (dg_scene_get_width (a), dg_scene_get_width (b));
  double h = options->height > 0 ? options->height : MAX (dg_scene_get_height (a), dg_scene_get_height (b));
  /* Both scenes centred on the canvas: a smaller stage figure (stage
   * layouts) sits in the middle rather than in a corner. */
  g_autoptr (DgScene) sa = offset_copy_scene (a, w, h, (w - dg_scene_get_width (a)) / 2,
                                              (h - dg_scene_get_height (a)) / 2);
  g_autoptr (DgScene) sb = offset_copy_scene (b, w, h, (w - dg_scene_get_width (b)) / 2,
                                              (h - dg_scene_get_height (b)) / 2);

  g_autofree int *ident_b = graph != NULL ? dg_anim_tie_identities (graph, stage_a, stage_b) : NULL;
  g_auto (GStrv) keys_a = item_keys (sa, NULL);
  g_auto (GStrv) keys_b = item_keys (sb, ident_b);
  guint na = dg_scene_n_items (sa), nb = dg_scene_n_items (sb);

  g_autoptr (GHashTable) index_b = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint j = 0; j < nb; j++)
    g_hash_table_insert (index_b, keys_b[j], GUINT_TO_POINTER (j + 1));
  g_autofree int *partner_a = g_new (int, MAX (na, 1));
  g_autofree int *partner_b = g_new (int, MAX (nb, 1));
  for (guint j = 0; j < nb; j++)
    partner_b[j] = -1;
  for (guint i = 0; i < na; i++)
    {
      guint j = GPOINTER_TO_UINT (g_hash_table_lookup (index_b, keys_a[i]));
      partner_a[i] = j > 0 ? (int) j - 1 : -1;
      if (j > 0)
        partner_b[j - 1] = (int) i;
    }
  /* Where each item only @a has goes: after the partner of the last
   * matched item before it in @a (-1: before everything), in @a's order. */
  g_autoptr (GArray) slots = g_array_new (FALSE, FALSE, sizeof (Slot));
  int last = -1;
  for (guint i = 0; i < na; i++)
    {
      if (partner_a[i] >= 0)
        last = partner_a[i];
      else
        {
          Slot slot = { last, i };
          g_array_append_val (slots, slot);
        }
    }
  g_array_sort (slots, slot_compare);

  gboolean stagger = options->stagger;
  double out = stagger ? 1 - phase (t, 0.0, 0.6, options->easing) : 1 - dg_easing_apply (options->easing, t);
  double mid = stagger ? phase (t, 0.2, 0.8, options->easing) : dg_easing_apply (options->easing, t);
  double in = stagger ? phase (t, 0.4, 1.0, options->easing) : dg_easing_apply (options->easing, t);

  DgColor bg = lerp_color (dg_scene_get_background (a), dg_scene_get_background (b), mid);
  DgScene *scene = dg_scene_new (w, h, bg, dg_scene_get_title (t < 0.5 ? a : b));
  guint s = 0;
  for (; s < slots->len && g_array_index (slots, Slot, s).anchor < 0; s++)
    add_single (scene, dg_scene_item (sa, g_array_index (slots, Slot, s).index), out, FALSE);
  for (guint j = 0; j < nb; j++)
    {
      const DgSceneItem *ib = dg_scene_item (sb, j);
      if (partner_b[j] >= 0)
        add_pair (scene, dg_scene_item (sa, (guint) partner_b[j]), ib, mid);
      else
        add_single (scene, ib, in, TRUE);
      for (; s < slots->len && g_array_index (slots, Slot, s).anchor == (int) j; s++)
        add_single (scene, dg_scene_item (sa, g_array_index (slots, Slot, s).index), out, FALSE);
    }
  return scene;
}
