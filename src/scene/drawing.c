/* drawing.c — Graphviz's own drawing of an element (xdot operations) → scene items.
 *
 * Records, HTML-like tables, polygons with skew or peripheries, arrowheads
 * of every shape: the layout brings back how Graphviz draws them, made with
 * the colours and fonts of the element's look, and this turns each
 * operation into an item the renderer already knows. Text stays text, laid
 * out by dealgraph's own text code at the place Graphviz gave it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xdot.h>

#include "dg-gv-private.h"
#include "dg-text-private.h"
#include "scene-private.h"
#include "style.h"

/* xdot's text flags ("t N"). */
enum {
  TEXT_BOLD = 1,
  TEXT_ITALIC = 2,
  TEXT_UNDERLINE = 4,
  TEXT_SUPERSCRIPT = 8,
  TEXT_SUBSCRIPT = 16,
  TEXT_STRIKE = 32,
};

static gboolean
parse_color (const char *text, DgColor *out)
{
  if (text == NULL)
    return FALSE;
  /* What Graphviz's xdot renderer writes: "#rrggbb" or "#rrggbbaa". */
  gsize len = strlen (text);
  if (text[0] == '#' && (len == 7 || len == 9))
    {
      guint v[4] = { 0, 0, 0, 255 };
      for (guint i = 0; i < (len - 1) / 2; i++)
        {
          int hi = g_ascii_xdigit_value (text[1 + 2 * i]), lo = g_ascii_xdigit_value (text[2 + 2 * i]);
          if (hi < 0 || lo < 0)
            return FALSE;
          v[i] = (guint) (hi * 16 + lo);
        }
      *out = (DgColor) { v[0] / 255.0, v[1] / 255.0, v[2] / 255.0, v[3] / 255.0 };
      return TRUE;
    }
  return dg_gv_color_parse (text, NULL, out);
}

typedef struct {
  DgColor pen, fill;
  double width;
  DgDash dash;
  gboolean invisible;
  const char *family;
  gboolean bold, italic;
  double size;
  guint flags;
} Pen;

static void
apply_style (Pen *pen, const char *style)
{
  if (g_str_equal (style, "solid"))
    pen->dash.n = 0;
  else if (g_str_equal (style, "dashed"))
    pen->dash = (DgDash) { 2, { 6.0, 6.0 } };
  else if (g_str_equal (style, "dotted"))
    pen->dash = (DgDash) { 2, { 1.0, 4.0 } };
  else if (g_str_equal (style, "invis"))
    pen->invisible = TRUE;
  else if (g_str_equal (style, "bold"))
    pen->width = 2.0;
  else if (g_str_has_prefix (style, "setlinewidth("))
    pen->width = g_ascii_strtod (style + 13, NULL);
}

static DgColor
faded (DgColor c, gboolean invisible)
{
  if (invisible)
    c.a = 0;
  return c;
}

static DgPoint *
points_of (const xdot_polyline *pl, double ox, double oy)
{
  DgPoint *pts = g_new (DgPoint, MAX (pl->cnt, 1));
  for (int i = 0; i < pl->cnt; i++)
    pts[i] = (DgPoint) { pl->pts[i].x + ox, pl->pts[i].y + oy };
  return pts;
}

/* A polyline as a Bézier of straight segments (control points on the line). */
static DgPoint *
polyline_as_bezier (const xdot_polyline *pl, double ox, double oy, guint *n)
{
  if (pl->cnt < 2)
    {
      *n = 0;
      return NULL;
    }
  *n = (guint) (3 * (pl->cnt - 1) + 1);
  DgPoint *pts = g_new (DgPoint, *n);
  for (int i = 0; i < pl->cnt; i++)
    {
      DgPoint p = { pl->pts[i].x + ox, pl->pts[i].y + oy };
      pts[3 * i] = p;
      if (i + 1 < pl->cnt)
        {
          DgPoint q = { pl->pts[i + 1].x + ox, pl->pts[i + 1].y + oy };
          pts[3 * i + 1] = (DgPoint) { p.x + (q.x - p.x) / 3, p.y + (q.y - p.y) / 3 };
          pts[3 * i + 2] = (DgPoint) { p.x + 2 * (q.x - p.x) / 3, p.y + 2 * (q.y - p.y) / 3 };
        }
    }
  return pts;
}

static DgSceneItem *
add (DgScene *scene, DgItemKind kind, const DgDrawingTarget *target)
{
  DgSceneItem *item = dg_scene_add_item (scene, kind, target->role);
  item->party = target->party;
  item->tie = target->tie;
  item->opacity = target->opacity;
  return item;
}

void
dg_scene_add_drawing (DgScene *scene, const char *ops, const DgDrawingTarget *target)
{
  if (ops == NULL || ops[0] == '\0')
    return;
  xdot *x = parseXDot ((char *) ops);
  if (x == NULL)
    return;
  Pen pen = { { 0, 0, 0, 1 }, { 0, 0, 0, 1 }, 1.0, { 0, { 0 } }, FALSE, NULL, FALSE, FALSE, 14.0, 0 };
  dg_font_from_graphviz ("Times-Roman", &pen.family, &pen.bold, &pen.italic);
  double ox = target->offset.x, oy = target->offset.y;
  for (int i = 0; i < x->cnt; i++)
    {
      const xdot_op *op = &x->ops[i];
      DgColor stroke = target->pen != NULL ? *target->pen : pen.pen;
      switch (op->kind)
        {
        case xd_pen_color:
          parse_color (op->u.color, &pen.pen);
          break;
        case xd_fill_color:
          parse_color (op->u.color, &pen.fill);
          break;
        case xd_style:
          apply_style (&pen, op->u.style);
          break;
        case xd_font:
          pen.size = op->u.font.size;
          dg_font_from_graphviz (op->u.font.name, &pen.family, &pen.bold, &pen.italic);
          break;
        case xd_fontchar:
          pen.flags = op->u.fontchar;
          break;
        case xd_filled_ellipse:
        case xd_unfilled_ellipse:
          {
            DgSceneItem *item = add (scene, DG_ITEM_SHAPE, target);
            item->shape = DG_SHAPE_ELLIPSE;
            const xdot_rect *r = &op->u.ellipse;
            item->box = (DgBox) { r->x - r->w + ox, r->y - r->h + oy, r->x + r->w + ox, r->y + r->h + oy };
            item->fill = op->kind == xd_filled_ellipse ? faded (pen.fill, pen.invisible) : (DgColor) { 0, 0, 0, 0 };
            item->stroke = faded (stroke, pen.invisible);
            item->line_width = pen.width;
            item->dash = pen.dash;
            break;
          }
        case xd_filled_polygon:
        case xd_unfilled_polygon:
          {
            if (op->u.polygon.cnt < 2)
              break;
            DgSceneItem *item = add (scene, DG_ITEM_POLYGON, target);
            item->n_points = (guint) op->u.polygon.cnt;
            item->points = points_of (&op->u.polygon, ox, oy);
            item->fill = op->kind == xd_filled_polygon ? faded (pen.fill, pen.invisible) : (DgColor) { 0, 0, 0, 0 };
            item->stroke = faded (stroke, pen.invisible);
            item->line_width = pen.width;
            item->dash = pen.dash;
            break;
          }
        case xd_filled_bezier:
        case xd_unfilled_bezier:
          {
            if (op->u.bezier.cnt < 2)
              break;
            DgSceneItem *item = add (scene, DG_ITEM_CURVE, target);
            item->n_points = (guint) op->u.bezier.cnt;
            item->points = points_of (&op->u.bezier, ox, oy);
            item->fill = op->kind == xd_filled_bezier ? faded (pen.fill, pen.invisible) : (DgColor) { 0, 0, 0, 0 };
            item->stroke = faded (stroke, pen.invisible);
            item->line_width = pen.width;
            item->dash = pen.dash;
            break;
          }
        case xd_polyline:
          {
            guint n = 0;
            DgPoint *pts = polyline_as_bezier (&op->u.polyline, ox, oy, &n);
            if (pts == NULL)
              break;
            DgSceneItem *item = add (scene, DG_ITEM_CURVE, target);
            item->n_points = n;
            item->points = pts;
            item->fill = (DgColor) { 0, 0, 0, 0 };
            item->stroke = faded (stroke, pen.invisible);
            item->line_width = pen.width;
            item->dash = pen.dash;
            break;
          }
        case xd_text:
          {
            const xdot_text *t = &op->u.text;
            if (t->text == NULL || t->text[0] == '\0' || pen.invisible)
              break;
            gboolean bold = pen.bold || (pen.flags & TEXT_BOLD), italic = pen.italic || (pen.flags & TEXT_ITALIC);
            double size = pen.size;
            double shift = 0;
            /* Graphviz places super- and subscripts on the line's baseline,
             * as wide as at full size, and leaves the raise to the renderer. */
            if (pen.flags & (TEXT_SUPERSCRIPT | TEXT_SUBSCRIPT))
              shift = pen.flags & TEXT_SUPERSCRIPT ? -size * 0.3 : size * 0.2;
            double w, h, baseline;
            dg_text_measure_line (t->text, pen.family, size, bold, italic, &w, &h, &baseline);
            double x0 = t->x + ox - (t->align == xd_center ? w / 2 : t->align == xd_right ? w : 0);
            double y0 = t->y + oy + shift - baseline;
            DgSceneItem *item = add (scene, DG_ITEM_TEXT, target);
            item->text = g_strdup (t->text);
            item->font = pen.family;
            item->font_size = size;
            item->bold = bold;
            item->italic = italic;
            item->align = DG_ALIGN_LEFT;
            item->box = (DgBox) { x0, y0, x0 + w, y0 + h };
            item->stroke = target->text != NULL ? *target->text : pen.pen;
            item->fill = (DgColor) { 0, 0, 0, 0 };
            if (pen.flags & (TEXT_UNDERLINE | TEXT_STRIKE))
              {
                double ly = pen.flags & TEXT_UNDERLINE ? y0 + baseline + size * 0.12 : y0 + baseline - size * 0.3;
                DgSceneItem *line = add (scene, DG_ITEM_POLYGON, target);
                line->n_points = 2;
                line->points = g_new (DgPoint, 2);
                line->points[0] = (DgPoint) { x0, ly };
                line->points[1] = (DgPoint) { x0 + w, ly };
                line->stroke = item->stroke;
                line->fill = (DgColor) { 0, 0, 0, 0 };
                line->line_width = MAX (size / 16, 0.5);
              }
            break;
          }
        case xd_grad_fill_color:
        case xd_grad_pen_color:
        case xd_image:
          break;
        }
    }
  freeXDot (x);
}
