/* render.c — drawing a scene with cairo and pango to SVG, PNG or PDF bytes. */

/*
 * How items are drawn (the contract with the scene builder):
 *
 * - Items are painted in order over the scene's background. A colour whose
 *   alpha is 0 is not painted at all; an item with opacity < 1 is drawn into
 *   a group that is then painted with that alpha, so overlapping parts of one
 *   item do not show through each other; opacity <= 0 skips the item.
 * - SHAPE: the outline of @shape inscribed in @box, filled with @fill, then
 *   stroked with @stroke / @line_width / @dash. A circle is centred in the
 *   box with the box's smaller side as diameter; cylinder, note, hexagon,
 *   parallelogram and rounded keep their decorations within the box (see
 *   draw_shape() and dg_shape_corners() for the proportions).
 * - CURVE: the cubic Bézier through @points (3k+1; any points left over are
 *   joined by straight lines), stroked. With @double_line the curve becomes
 *   two strokes of @line_width/3 offset by ±@line_width/3, so the pair spans
 *   @line_width with a transparent gap of @line_width/3 between the lines:
 *   it reads as two lines in any colour scheme and over any fill. With a
 *   painted @core the stroke is a hollow band: the whole width in @stroke
 *   (dashed by @dash), then all but its edges in @core, solid, so the edges
 *   carry the dash and the inside stays whole; the edges are a fifth of the
 *   band each, 0.5–1 pt. A hollow double line is two such bands of
 *   0.4 × @line_width, 0.2 × @line_width apart.
 * - POLYGON: @points closed, filled then stroked.
 * - TEXT: @text is drawn in the @stroke colour with its layout's top-left at
 *   (@box.x0, @box.y0), each line aligned by @align within the box width.
 *   When @fill is painted (a > 0), the whole @box is first filled with it:
 *   that is the halo that keeps a label readable over lines.
 * - Coordinates, line widths and dash lengths are points of the scene, so
 *   all of them scale together when the figure is scaled.
 *
 * Determinism: PNG and PDF bytes depend only on the scene and the options.
 *
 * SVG is not drawn through cairo but written from the scene by svg.c, item
 * by item, with the paths built here (so both draw the same geometry) and
 * text as <text> (cairo's SVG surface turns text into glyph outlines that
 * cannot be read, selected or searched).
 */

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>

#include "dg-text-private.h"
#include "error.h"
#include "render.h"
#include "canvas-private.h"
#include "png-private.h"
#include "dg-shape-private.h"
#include "render-private.h"
#include "version.h"

#include "dg-cairo-private.h"

/* Beyond these a PNG would need gigabytes of memory; such a request is a
 * mistake (a huge dpi or width), not a figure anyone wants. */
#define MAX_PNG_SIDE 30000.0
#define MAX_PNG_PIXELS 200e6

/* Figures up to this many pixels are drawn on one surface; larger ones in
 * bands of this size (16 MB each). */
#define PNG_BAND_PIXELS 4194304.0
/* Vector pages have no memory cost, but a page side beyond this is as surely
 * a mistake, and keeps cairo's fixed-point arithmetic in range. */
#define MAX_PAGE_SIDE 1e6

/* Control-point distance for a quarter ellipse drawn as one cubic Bézier. */
#define KAPPA 0.5522847498307936

/* ------------------------------------------------------------------------ */
/* Formats */

gboolean
dg_format_from_string (const char *name, DgFormat *out)
{
  static const struct {
    const char *name;
    DgFormat format;
  } formats[] = {
    { "svg", DG_FORMAT_SVG },
    { "png", DG_FORMAT_PNG },
    { "pdf", DG_FORMAT_PDF },
  };

  g_return_val_if_fail (out != NULL, FALSE);
  if (name == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (name, formats[i].name) == 0)
      {
        *out = formats[i].format;
        return TRUE;
      }
  return FALSE;
}

const char *
dg_format_extension (DgFormat format)
{
  switch (format)
    {
    case DG_FORMAT_SVG:
      return "svg";
    case DG_FORMAT_PNG:
      return "png";
    case DG_FORMAT_PDF:
      return "pdf";
    }
  g_return_val_if_reached (NULL);
}

/* ------------------------------------------------------------------------ */
/* Paths and paint */

static double
clamp01 (double v)
{
  return v > 1.0 ? 1.0 : v > 0.0 ? v : 0.0; /* NaN becomes 0 */
}

/* Sets @c as the source and returns TRUE, or FALSE when @c is not painted. */
static gboolean
set_color (cairo_t *cr, DgColor c)
{
  if (!(c.a > 0.0))
    return FALSE;
  cairo_set_source_rgba (cr, clamp01 (c.r), clamp01 (c.g), clamp01 (c.b), clamp01 (c.a));
  return TRUE;
}

/* Sets the line width and dash; FALSE when there is no line to stroke.
 * A malformed dash (negative, non-finite or all zero) would put the cairo_t
 * into an error state and spoil the whole figure, so it draws solid. */
static gboolean
set_line (cairo_t *cr, double width, const DgDash *dash)
{
  if (!(width > 0.0) || !isfinite (width))
    return FALSE;
  cairo_set_line_width (cr, width);

  guint n = MIN (dash->n, G_N_ELEMENTS (dash->on_off));
  double total = 0.0;
  for (guint i = 0; i < n; i++)
    {
      if (!(dash->on_off[i] >= 0.0) || !isfinite (dash->on_off[i]))
        {
          n = 0;
          break;
        }
      total += dash->on_off[i];
    }
  if (n > 0 && total > 0.0)
    cairo_set_dash (cr, dash->on_off, (int) n, 0.0);
  else
    cairo_set_dash (cr, NULL, 0, 0.0);
  return TRUE;
}

/* Fills then strokes the current path with @item's colours, and clears it. */
static void
fill_and_stroke (cairo_t *cr, const DgSceneItem *item)
{
  if (set_color (cr, item->fill))
    cairo_fill_preserve (cr);
  if (set_color (cr, item->stroke) && set_line (cr, item->line_width, &item->dash))
    cairo_stroke_preserve (cr);
  cairo_new_path (cr);
}

/* Appends quarter @q (0: right→bottom, 1: bottom→left, 2: left→top,
 * 3: top→right; y points down) of the ellipse centred on (@cx, @cy). The
 * current point must be the quarter's start. */
static void
ellipse_quarter (cairo_t *cr, double cx, double cy, double rx, double ry, int q)
{
  static const double cs[5] = { 1, 0, -1, 0, 1 };
  static const double sn[5] = { 0, 1, 0, -1, 0 };
  double c0 = cs[q], s0 = sn[q], c1 = cs[q + 1], s1 = sn[q + 1];
  cairo_curve_to (cr,
                  cx + rx * (c0 - KAPPA * s0), cy + ry * (s0 + KAPPA * c0),
                  cx + rx * (c1 + KAPPA * s1), cy + ry * (s1 - KAPPA * c1),
                  cx + rx * c1, cy + ry * s1);
}

static void
ellipse_path (cairo_t *cr, double cx, double cy, double rx, double ry)
{
  cairo_move_to (cr, cx + rx, cy);
  for (int q = 0; q < 4; q++)
    ellipse_quarter (cr, cx, cy, rx, ry, q);
  cairo_close_path (cr);
}

/* The outline of @shape (a polygon of dg_shape_corners()), @w × @h,
 * centred on @cx, @cy. */
static void
shape_polygon_path (cairo_t *cr, DgShape shape, double cx, double cy, double w, double h)
{
  DgPoint corners[DG_SHAPE_MAX_CORNERS];
  guint n = dg_shape_corners (shape, w, h, corners);
  cairo_move_to (cr, cx + corners[0].x, cy + corners[0].y);
  for (guint i = 1; i < n; i++)
    cairo_line_to (cr, cx + corners[i].x, cy + corners[i].y);
  cairo_close_path (cr);
}

/* A rectangle whose corners are quarter circles of radius @r. */
static void
rounded_path (cairo_t *cr, double x0, double y0, double x1, double y1, double r)
{
  double k = r * (1.0 - KAPPA);
  cairo_move_to (cr, x0 + r, y0);
  cairo_line_to (cr, x1 - r, y0);
  cairo_curve_to (cr, x1 - k, y0, x1, y0 + k, x1, y0 + r);
  cairo_line_to (cr, x1, y1 - r);
  cairo_curve_to (cr, x1, y1 - k, x1 - k, y1, x1 - r, y1);
  cairo_line_to (cr, x0 + r, y1);
  cairo_curve_to (cr, x0 + k, y1, x0, y1 - k, x0, y1 - r);
  cairo_line_to (cr, x0, y0 + r);
  cairo_curve_to (cr, x0, y0 + k, x0 + k, y0, x0 + r, y0);
  cairo_close_path (cr);
}

/* Appends the outline of a SHAPE item to the path; FALSE (and no path)
 * when its box has no area. The proportions of the decorations (corner
 * radius, fold, slant, the cylinder's lids) follow Graphviz's look but are
 * capped so that large parties do not get huge ornaments. */
gboolean
dg_render_shape_outline (cairo_t *cr, const DgSceneItem *item)
{
  double x0 = MIN (item->box.x0, item->box.x1), x1 = MAX (item->box.x0, item->box.x1);
  double y0 = MIN (item->box.y0, item->box.y1), y1 = MAX (item->box.y0, item->box.y1);
  double w = x1 - x0, h = y1 - y0;
  double cx = (x0 + x1) / 2.0, cy = (y0 + y1) / 2.0;
  double small = MIN (w, h);

  if (!(w > 0.0) || !(h > 0.0))
    return FALSE;

  switch (item->shape)
    {
    case DG_SHAPE_BOX:
      cairo_rectangle (cr, x0, y0, w, h);
      break;
    case DG_SHAPE_ROUNDED:
      rounded_path (cr, x0, y0, x1, y1, MIN (small / 4.0, 8.0));
      break;
    case DG_SHAPE_ELLIPSE:
      ellipse_path (cr, cx, cy, w / 2.0, h / 2.0);
      break;
    case DG_SHAPE_CIRCLE:
      ellipse_path (cr, cx, cy, small / 2.0, small / 2.0);
      break;
    case DG_SHAPE_HEXAGON:
    case DG_SHAPE_DIAMOND:
    case DG_SHAPE_PARALLELOGRAM:
    case DG_SHAPE_NOTE:
      shape_polygon_path (cr, item->shape, cx, cy, w, h);
      break;
    case DG_SHAPE_CYLINDER:
      {
        /* The body with the far half of the top lid. */
        double ry = MIN (h / 8.0, w / 4.0);
        cairo_move_to (cr, x0, y0 + ry);
        ellipse_quarter (cr, cx, y0 + ry, w / 2.0, ry, 2);
        ellipse_quarter (cr, cx, y0 + ry, w / 2.0, ry, 3);
        cairo_line_to (cr, x1, y1 - ry);
        ellipse_quarter (cr, cx, y1 - ry, w / 2.0, ry, 0);
        ellipse_quarter (cr, cx, y1 - ry, w / 2.0, ry, 1);
        cairo_close_path (cr);
        break;
      }
    default:
      /* An unknown shape from a newer scene builder: a box still shows the
       * party. */
      cairo_rectangle (cr, x0, y0, w, h);
      break;
    }
  return TRUE;
}

/* Appends the lines a SHAPE item strokes over its filled outline (a note's
 * fold, the near half of a cylinder's lid) to the path; FALSE (and no
 * path) for shapes without any. */
gboolean
dg_render_shape_decoration (cairo_t *cr, const DgSceneItem *item)
{
  double x0 = MIN (item->box.x0, item->box.x1), x1 = MAX (item->box.x0, item->box.x1);
  double y0 = MIN (item->box.y0, item->box.y1), y1 = MAX (item->box.y0, item->box.y1);
  double w = x1 - x0, h = y1 - y0;
  double cx = (x0 + x1) / 2.0;
  double small = MIN (w, h);

  if (!(w > 0.0) || !(h > 0.0))
    return FALSE;
  if (item->shape == DG_SHAPE_NOTE)
    {
      /* A page with its top-right corner folded down. */
      double f = MIN (small / 4.0, 10.0);
      cairo_move_to (cr, x1 - f, y0);
      cairo_line_to (cr, x1 - f, y0 + f);
      cairo_line_to (cr, x1, y0 + f);
      return TRUE;
    }
  if (item->shape == DG_SHAPE_CYLINDER)
    {
      double ry = MIN (h / 8.0, w / 4.0);
      cairo_move_to (cr, x1, y0 + ry);
      ellipse_quarter (cr, cx, y0 + ry, w / 2.0, ry, 0);
      ellipse_quarter (cr, cx, y0 + ry, w / 2.0, ry, 1);
      return TRUE;
    }
  return FALSE;
}

/* Draws a SHAPE item: its outline filled and stroked, then its decoration
 * stroked. */
static void
draw_shape (cairo_t *cr, const DgSceneItem *item)
{
  if (!dg_render_shape_outline (cr, item))
    return;
  fill_and_stroke (cr, item);
  if (set_color (cr, item->stroke) && set_line (cr, item->line_width, &item->dash)
      && dg_render_shape_decoration (cr, item))
    cairo_stroke (cr);
  cairo_new_path (cr);
}

/* The unit normal (pointing left of the direction of travel in y-down
 * space) of the first non-degenerate direction among @dirs, or (0, 0). */
static DgPoint
unit_normal (const DgPoint *dirs, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      double len = hypot (dirs[i].x, dirs[i].y);
      if (len > 1e-9)
        return (DgPoint) { dirs[i].y / len, -dirs[i].x / len };
    }
  return (DgPoint) { 0.0, 0.0 };
}

static DgPoint
sub (DgPoint a, DgPoint b)
{
  return (DgPoint) { a.x - b.x, a.y - b.y };
}

/* Appends the path of @item's curve shifted sideways by @offset points.
 * Each Bézier segment is offset by moving its end points and their control
 * points along the segment's end normals, which is exact for straight
 * segments and close for the gentle curves Graphviz routes; the small gap
 * of a double line hides the difference. Segments are joined by lines so
 * that the shifted curve stays one stroke through kinks. */
void
dg_render_curve_path (cairo_t *cr, const DgPoint *p, guint n, double offset)
{
  guint i = 0;
  gboolean started = FALSE;

  for (; i + 3 < n; i += 3)
    {
      DgPoint d0[] = { sub (p[i + 1], p[i]), sub (p[i + 2], p[i]), sub (p[i + 3], p[i]) };
      DgPoint d3[] = { sub (p[i + 3], p[i + 2]), sub (p[i + 3], p[i + 1]), sub (p[i + 3], p[i]) };
      DgPoint n0 = unit_normal (d0, 3), n3 = unit_normal (d3, 3);
      double ax = p[i].x + offset * n0.x, ay = p[i].y + offset * n0.y;
      if (started)
        cairo_line_to (cr, ax, ay);
      else
        cairo_move_to (cr, ax, ay);
      started = TRUE;
      cairo_curve_to (cr,
                      p[i + 1].x + offset * n0.x, p[i + 1].y + offset * n0.y,
                      p[i + 2].x + offset * n3.x, p[i + 2].y + offset * n3.y,
                      p[i + 3].x + offset * n3.x, p[i + 3].y + offset * n3.y);
    }
  /* Points that do not make a whole cubic segment: straight lines. */
  for (; i + 1 < n; i++)
    {
      DgPoint d[] = { sub (p[i + 1], p[i]) };
      DgPoint nn = unit_normal (d, 1);
      if (!started)
        cairo_move_to (cr, p[i].x + offset * nn.x, p[i].y + offset * nn.y);
      else
        cairo_line_to (cr, p[i].x + offset * nn.x, p[i].y + offset * nn.y);
      started = TRUE;
      cairo_line_to (cr, p[i + 1].x + offset * nn.x, p[i + 1].y + offset * nn.y);
    }
}

guint
dg_render_hollow_bands (const DgSceneItem *item, double *band, double *edge, double offsets[2])
{
  *band = item->double_line ? item->line_width * 0.4 : item->line_width;
  *edge = CLAMP (*band / 5.0, 0.5, 1.0);
  offsets[0] = offsets[1] = 0.0;
  if (!item->double_line)
    return 1;
  offsets[0] = item->line_width * 0.3;
  offsets[1] = -offsets[0];
  return 2;
}

/* The hollow band (or, with @double_line, the two bands) of @item's curve;
 * the source is @item's stroke colour. */
static void
draw_hollow (cairo_t *cr, const DgSceneItem *item)
{
  static const DgDash solid = { 0, { 0 } };
  double band, edge, offsets[2];
  guint n = dg_render_hollow_bands (item, &band, &edge, offsets);
  for (guint i = 0; i < n; i++)
    {
      if (!set_color (cr, item->stroke) || !set_line (cr, band, &item->dash))
        return;
      dg_render_curve_path (cr, item->points, item->n_points, offsets[i]);
      cairo_stroke (cr);
      if (band - 2 * edge <= 0 || !set_color (cr, item->core) || !set_line (cr, band - 2 * edge, &solid))
        continue;
      dg_render_curve_path (cr, item->points, item->n_points, offsets[i]);
      cairo_stroke (cr);
    }
}

static void
draw_curve (cairo_t *cr, const DgSceneItem *item)
{
  if (item->n_points < 2 || item->points == NULL)
    return;
  /* A painted fill closes the curve (Graphviz's filled Béziers: rounded
   * boxes, cylinders, tapered ties). */
  if (set_color (cr, item->fill))
    {
      dg_render_curve_path (cr, item->points, item->n_points, 0.0);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
  if (!set_color (cr, item->stroke))
    return;
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (item->core.a > 0)
    {
      draw_hollow (cr, item);
      return;
    }
  if (item->double_line)
    {
      double w = item->line_width / 3.0;
      if (!set_line (cr, w, &item->dash))
        return;
      dg_render_curve_path (cr, item->points, item->n_points, w);
      cairo_stroke (cr);
      dg_render_curve_path (cr, item->points, item->n_points, -w);
      cairo_stroke (cr);
    }
  else
    {
      if (!set_line (cr, item->line_width, &item->dash))
        return;
      dg_render_curve_path (cr, item->points, item->n_points, 0.0);
      cairo_stroke (cr);
    }
}

static void
draw_polygon (cairo_t *cr, const DgSceneItem *item)
{
  if (item->n_points < 2 || item->points == NULL)
    return;
  cairo_move_to (cr, item->points[0].x, item->points[0].y);
  for (guint i = 1; i < item->n_points; i++)
    cairo_line_to (cr, item->points[i].x, item->points[i].y);
  cairo_close_path (cr);
  fill_and_stroke (cr, item);
}

double
dg_render_text_x (PangoLayout *layout, const DgSceneItem *item)
{
  /* The layout has no width set, so Pango aligns the lines among
   * themselves and never wraps; the block is aligned within the box here. */
  PangoRectangle logical;
  pango_layout_get_extents (layout, NULL, &logical);
  double text_width = (double) logical.width / PANGO_SCALE;
  double room = (item->box.x1 - item->box.x0) - text_width;
  double x = item->box.x0 - (double) logical.x / PANGO_SCALE;
  if (item->align == DG_ALIGN_CENTER)
    x += room / 2.0;
  else if (item->align == DG_ALIGN_RIGHT)
    x += room;
  return x;
}

static void
draw_text (cairo_t *cr, PangoContext *context, const DgSceneItem *item)
{
  const DgBox *box = &item->box;

  if (set_color (cr, item->fill) && box->x1 > box->x0 && box->y1 > box->y0)
    {
      cairo_rectangle (cr, box->x0, box->y0, box->x1 - box->x0, box->y1 - box->y0);
      cairo_fill (cr);
    }
  if (item->text == NULL || item->text[0] == '\0')
    return;
  if (!(item->font_size > 0.0) || !isfinite (item->font_size))
    return;
  if (!set_color (cr, item->stroke))
    return;

  /* Pango warns about (and mangles) invalid UTF-8; the scene should never
   * hold any, but a figure with a replacement character beats a crash under
   * G_DEBUG=fatal-warnings. */
  g_autofree char *valid = g_utf8_validate (item->text, -1, NULL)
                               ? NULL
                               : g_utf8_make_valid (item->text, -1);
  g_autoptr (PangoLayout) layout
      = dg_text_layout_new (context, valid != NULL ? valid : item->text, item->font,
                            item->font_size, item->bold, item->italic, item->align);

  cairo_move_to (cr, dg_render_text_x (layout, item), box->y0);
  pango_cairo_show_layout (cr, layout);
  cairo_new_path (cr);
}

static gboolean
points_finite (const DgPoint *p, guint n)
{
  for (guint i = 0; i < n; i++)
    if (!isfinite (p[i].x) || !isfinite (p[i].y))
      return FALSE;
  return TRUE;
}

/* Non-finite coordinates make cairo's tessellator misbehave; such an item
 * is a bug upstream, and skipping it keeps the rest of the figure. */
gboolean
dg_render_item_is_finite (const DgSceneItem *item)
{
  switch (item->kind)
    {
    case DG_ITEM_SHAPE:
    case DG_ITEM_TEXT:
      return isfinite (item->box.x0) && isfinite (item->box.y0)
             && isfinite (item->box.x1) && isfinite (item->box.y1);
    case DG_ITEM_CURVE:
    case DG_ITEM_POLYGON:
      return item->points == NULL || points_finite (item->points, item->n_points);
    }
  return FALSE;
}

/* A box, in points, that holds everything @item paints: its geometry grown
 * by its line (round or mitred joins, a double line's offset) and, for text,
 * by a font size in case the lines are taller than the box. Conservative:
 * only used to skip items outside a band and to bound group surfaces. Text
 * may be wider than its box, so its x range is unbounded. */
static DgBox
item_extents (const DgSceneItem *item)
{
  DgBox b = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  double lw = isfinite (item->line_width) && item->line_width > 0.0 ? item->line_width : 0.0;
  switch (item->kind)
    {
    case DG_ITEM_SHAPE:
      b = (DgBox) { MIN (item->box.x0, item->box.x1), MIN (item->box.y0, item->box.y1),
                    MAX (item->box.x0, item->box.x1), MAX (item->box.y0, item->box.y1) };
      break;
    case DG_ITEM_TEXT:
      {
        double fs = isfinite (item->font_size) && item->font_size > 0.0 ? item->font_size : 0.0;
        return (DgBox) { -G_MAXDOUBLE, MIN (item->box.y0, item->box.y1) - 2.0 * fs - 2.0,
                         G_MAXDOUBLE, MAX (item->box.y0, item->box.y1) + 2.0 * fs + 2.0 };
      }
    case DG_ITEM_CURVE:
    case DG_ITEM_POLYGON:
      /* A Bézier curve lies inside the hull of its control points. */
      for (guint i = 0; item->points != NULL && i < item->n_points; i++)
        {
          b.x0 = MIN (b.x0, item->points[i].x);
          b.y0 = MIN (b.y0, item->points[i].y);
          b.x1 = MAX (b.x1, item->points[i].x);
          b.y1 = MAX (b.y1, item->points[i].y);
        }
      break;
    }
  /* Mitred corners reach up to 10 half-widths (cairo's default limit). */
  double grow = 5.0 * lw + 2.0;
  return (DgBox) { b.x0 - grow, b.y0 - grow, b.x1 + grow, b.y1 + grow };
}

/* Draws @item on @cr; with @tagged (a PDF page), a TEXT item that has words
 * is a paragraph of the page's structure (see render_pdf_pages()). */
static void
draw_item (cairo_t *cr, PangoContext *context, const DgSceneItem *item, gboolean tagged)
{
  if (!(item->opacity > 0.0) || !dg_render_item_is_finite (item))
    return;

  /* Outside the item's group: cairo 1.16 crashes on a tag begun inside a
   * push_group, and the marked content is then what the page paints (the
   * group, painted once it closes). */
  gboolean paragraph = tagged && item->kind == DG_ITEM_TEXT && item->text != NULL
                       && item->text[0] != '\0';
  if (paragraph)
    cairo_tag_begin (cr, "P", "");
  gboolean group = item->opacity < 1.0;
  cairo_save (cr);
  if (group)
    {
      /* A group is a surface the size of the clip: without this, every
       * translucent item of a large figure would allocate and composite a
       * whole page. The clip holds all the item paints, so nothing changes. */
      DgBox e = item_extents (item);
      if (e.x0 > -G_MAXDOUBLE && e.x1 < G_MAXDOUBLE)
        cairo_rectangle (cr, e.x0, e.y0, e.x1 - e.x0, e.y1 - e.y0);
      else
        {
          double cx0, cy0, cx1, cy1;
          cairo_clip_extents (cr, &cx0, &cy0, &cx1, &cy1);
          cairo_rectangle (cr, cx0, e.y0, cx1 - cx0, e.y1 - e.y0);
        }
      cairo_clip (cr);
      cairo_push_group (cr);
    }
  switch (item->kind)
    {
    case DG_ITEM_SHAPE:
      draw_shape (cr, item);
      break;
    case DG_ITEM_CURVE:
      draw_curve (cr, item);
      break;
    case DG_ITEM_POLYGON:
      draw_polygon (cr, item);
      break;
    case DG_ITEM_TEXT:
      draw_text (cr, context, item);
      break;
    }
  if (group)
    {
      cairo_pop_group_to_source (cr);
      cairo_paint_with_alpha (cr, item->opacity);
    }
  cairo_restore (cr);
  if (paragraph)
    cairo_tag_end (cr, "P");
}

/* Paints @scene's background on @cr: the whole surface, or nothing when the
 * background is transparent. */
static void
paint_background (cairo_t *cr, const DgScene *scene)
{
  cairo_save (cr);
  if (set_color (cr, dg_scene_get_background (scene)))
    cairo_paint (cr);
  cairo_restore (cr);
}

/* Paints the items of @scene whose extents meet the rows [@y0, @y1) (in
 * points; pass -G_MAXDOUBLE, G_MAXDOUBLE for all) on @cr, @scale output
 * units per point. @extents (nullable) caches item_extents() by item
 * index. With @tagged (a PDF page) they are a Figure of the PDF's
 * structure, each text a paragraph in it. Leaves @cr's state as it found
 * it. */
static void
draw_items (cairo_t *cr, const DgScene *scene, double scale, double y0, double y1,
            const DgBox *extents, gboolean tagged)
{
  if (tagged)
    cairo_tag_begin (cr, "Figure", "");
  cairo_save (cr);
  cairo_scale (cr, scale, scale);

  /* Text is laid out by a context (and font map) this thread alone uses
   * until the page is drawn: the measuring context itself. Its matrix is
   * not updated to @cr's: without hinting, glyph advances do not depend on
   * the scale (the figures' bytes were the same either way), cairo draws
   * the glyphs at the device's scale regardless, and one matrix for every
   * format and resolution lets every page share the fontsets Pango found
   * when measuring; each new fontset costs a fontconfig sort on threads
   * of its own. */
  PangoContext *context = dg_text_context_borrow ();

  guint n = dg_scene_n_items (scene);
  for (guint i = 0; i < n; i++)
    {
      if (extents != NULL && (extents[i].y1 < y0 || extents[i].y0 > y1))
        continue;
      draw_item (cr, context, dg_scene_item (scene, i), tagged);
    }
  dg_text_context_return (context);
  cairo_restore (cr);
  if (tagged)
    cairo_tag_end (cr, "Figure");
}

/* Paints the background and the items of @scene that meet the rows [@y0,
 * @y1), as draw_items() says, untagged. Leaves @cr's state as it found
 * it. */
static void
draw_scene_rows (cairo_t *cr, const DgScene *scene, double scale, double y0, double y1,
                 const DgBox *extents)
{
  paint_background (cr, scene);
  draw_items (cr, scene, scale, y0, y1, extents, FALSE);
}

/* Paints @scene's background and items on @cr, @scale output units per
 * point. Leaves @cr's state as it found it. */
static void
draw_scene (cairo_t *cr, const DgScene *scene, double scale)
{
  draw_scene_rows (cr, scene, scale, -G_MAXDOUBLE, G_MAXDOUBLE, NULL);
}

void
dg_render_draw (cairo_t *cr, const DgScene *scene, double scale)
{
  draw_scene (cr, scene, scale);
}

/* ------------------------------------------------------------------------ */
/* Sizes and options */

static gboolean
check_options (const DgRenderOptions *options, GError **error)
{
  if (!(options->dpi > 0.0) || !isfinite (options->dpi))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE,
                   "render: the resolution must be a positive number of dpi, not %g",
                   options->dpi);
      return FALSE;
    }
  if (!(options->width >= 0.0) || !isfinite (options->width))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE,
                   "render: the figure width must be a positive number of points "
                   "(or 0 for the scene's own), not %g",
                   options->width);
      return FALSE;
    }
  return TRUE;
}

/* Points of output per point of @scene: @options->width / scene width, or the
 * scene's preferred scale (the graph's `size`).
 * Sets *page_w, *page_h to the page size in points. */
gboolean
dg_render_page_size (const DgScene *scene, const DgRenderOptions *options, double *scale,
           double *page_w, double *page_h, GError **error)
{
  double w = dg_scene_get_width (scene), h = dg_scene_get_height (scene);

  if (!(w > 0.0) || !(h > 0.0) || !isfinite (w) || !isfinite (h))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_RENDER,
                   "render: the figure has no area (%g × %g pt)", w, h);
      return FALSE;
    }
  *scale = dg_scene_output_scale (scene, options->width);
  *page_w = w * *scale;
  *page_h = h * *scale;
  if (*page_w > MAX_PAGE_SIDE || *page_h > MAX_PAGE_SIDE)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_RENDER,
                   "render: a %g × %g pt figure scaled to %g pt wide would be larger "
                   "than %g pt on a side",
                   w, h, *page_w, MAX_PAGE_SIDE);
      return FALSE;
    }
  return TRUE;
}

/* The number of whole pixels covering @points output points at @dpi. A
 * product a rounding error above an integer is that integer. */
static double
pixels_for (double points, double dpi)
{
  return MAX (1.0, ceil (points * dpi / 72.0 - 1e-6));
}

/* Turns the first error cairo kept into a GError. */
static gboolean
check_cairo (cairo_status_t status, const char *what, GError **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_RENDER, "render: %s: cairo: %s", what,
               cairo_status_to_string (status));
  return FALSE;
}

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Finishes drawing on @cr and @surface and reports the first error either
 * kept. */
static gboolean
finish (cairo_t *cr, cairo_surface_t *surface, const char *what, GError **error)
{
  cairo_status_t status = cairo_status (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  return check_cairo (status, what, error);
}

/* A copy of @title fit for SVG and PDF metadata: valid UTF-8 on one line.
 * XML 1.0 forbids most control characters even as character references,
 * and cairo refuses invalid UTF-8 in PDF strings (failing the whole page). */
char *
dg_render_clean_title (const char *title)
{
  g_autofree char *valid = g_utf8_make_valid (title != NULL ? title : "", -1);
  GString *clean = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c < 0x20 || (c >= 0x7f && c < 0xa0))
        g_string_append_c (clean, ' ');
      /* Bidi controls could make a title read backwards in a viewer or a
       * terminal; they have no place in metadata. */
      else if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f)
        continue;
      else
        g_string_append_unichar (clean, c);
    }
  return g_string_free (clean, FALSE);
}

/* ------------------------------------------------------------------------ */
/* PNG */

GBytes *
dg_render_png_bands (const DgScene *scene, const DgRenderOptions *options, double band_pixels,
                     GError **error)
{
  double scale, page_w, page_h;
  if (!dg_render_page_size (scene, options, &scale, &page_w, &page_h, error))
    return NULL;

  double px_w = pixels_for (page_w, options->dpi);
  double px_h = pixels_for (page_h, options->dpi);
  if (px_w > MAX_PNG_SIDE || px_h > MAX_PNG_SIDE || px_w * px_h > MAX_PNG_PIXELS)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_RENDER,
                   "render: a %g × %g pt figure at %g dpi would be %.0f × %.0f pixels; "
                   "a PNG may have at most %.0f pixels on a side and %.0f million in all "
                   "(lower the dpi or the width)",
                   page_w, page_h, options->dpi, px_w, px_h, MAX_PNG_SIDE,
                   MAX_PNG_PIXELS / 1e6);
      return NULL;
    }

  const double pixel_scale = scale * options->dpi / 72.0;
  const int width = (int) px_w, height = (int) px_h;
  if ((double) width * height <= band_pixels)
    {
      g_autoptr (cairo_surface_t) surface = dg_canvas_new (width, height);
      if (!check_cairo (cairo_surface_status (surface), "PNG surface", error))
        return NULL;
      g_autoptr (cairo_t) cr = cairo_create (surface);
      draw_scene (cr, scene, pixel_scale);
      cairo_surface_flush (surface);
      if (!check_cairo (cairo_status (cr), "PNG", error))
        return NULL;
      return dg_png_encode (surface, options->dpi, error);
    }

  /* A large figure is drawn and encoded a band of rows at a time: memory
   * stays at one band whatever the size (a 12,000-pixel-square figure would
   * need 576 MB at once), and each band draws only the items that reach it.
   * Bands start at whole pixels, so every pixel comes out as it would on a
   * full-size surface. */
  const int band_rows = MAX (1, (int) (band_pixels / width));
  g_autoptr (cairo_surface_t) band = dg_canvas_new (width, band_rows);
  if (!check_cairo (cairo_surface_status (band), "PNG surface", error))
    return NULL;
  guint n = dg_scene_n_items (scene);
  g_autofree DgBox *extents = g_new (DgBox, MAX (n, 1u));
  for (guint i = 0; i < n; i++)
    extents[i] = item_extents (dg_scene_item (scene, i));
  /* Without a scan of the whole image, opacity is known from the ground. */
  gboolean alpha = !(dg_scene_get_background (scene).a >= 1.0);
  g_autoptr (DgPngWriter) writer = dg_png_writer_new (width, height, alpha, options->dpi);
  for (int y = 0; y < height; y += band_rows)
    {
      int rows = MIN (band_rows, height - y);
      g_autoptr (cairo_t) cr = cairo_create (band);
      cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
      cairo_paint (cr);
      cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
      cairo_translate (cr, 0, -y);
      draw_scene_rows (cr, scene, pixel_scale, y / pixel_scale, (y + rows) / pixel_scale, extents);
      cairo_surface_flush (band);
      if (!check_cairo (cairo_status (cr), "PNG", error)
          || !dg_png_writer_add_rows (writer, band, rows, error))
        return NULL;
    }
  return dg_png_writer_finish (writer, error);
}

/* ------------------------------------------------------------------------ */
/* PDF */

/* Draws @scenes as the pages of one PDF; with @bookmarks, each page gets an
 * entry in the viewer's outline, named by its scene's title, so a reader can
 * jump to a stage. The document's title is the first scene's title, its
 * subject @options->description (version 2), and it is a tagged PDF: a
 * Document of one Figure per page, each text drawn a paragraph (P) in it,
 * so that its words are read in drawing order. */
static GBytes *
render_pdf_pages (const DgScene *const *scenes, guint n_scenes, gboolean bookmarks,
                  const DgRenderOptions *options, GError **error)
{
  if (n_scenes == 0)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_RENDER,
                   "render: a PDF needs at least one figure");
      return NULL;
    }

  double scale, page_w, page_h;
  if (!dg_render_page_size (scenes[0], options, &scale, &page_w, &page_h, error))
    return NULL;

  g_autoptr (GByteArray) buf = g_byte_array_new ();
  g_autoptr (cairo_surface_t) surface
      = cairo_pdf_surface_create_for_stream (append_bytes, buf, page_w, page_h);

  /* cairo stamps the wall clock as the creation date unless told a date;
   * an empty one leaves the entry out, so the bytes stay reproducible. */
  g_autofree char *date = NULL;
  if (options->date >= 0)
    {
      g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (options->date);
      if (dt != NULL)
        date = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE,
                                  date != NULL ? date : "");
  /* A book's title is the graph's, not its first stage's, when the graph
   * is known and has one. */
  const DgGraph *graph = options->version >= 2 ? options->graph : NULL;
  const char *book_title = bookmarks && graph != NULL ? dg_graph_get_title (graph) : NULL;
  g_autofree char *title = dg_render_clean_title (book_title != NULL ? book_title : dg_scene_get_title (scenes[0]));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                  "dealgraph " DG_VERSION);
  /* The alternative text goes where a reader of the PDF can find it: the
   * document's subject. (cairo 1.16 cannot give a structure element an
   * /Alt; see README "Accessibility".) A book gets the caller's words for
   * the whole set, as given. */
  g_autofree char *subject
      = dg_render_clean_title (options->version >= 2 ? options->description : NULL);
  if (subject[0] != '\0')
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, subject);

  g_autoptr (cairo_t) cr = cairo_create (surface);
  for (guint i = 0; i < n_scenes; i++)
    {
      if (i > 0)
        {
          if (!dg_render_page_size (scenes[i], options, &scale, &page_w, &page_h, error))
            {
              g_prefix_error (error, "page %u: ", i + 1);
              return NULL;
            }
          cairo_pdf_surface_set_size (surface, page_w, page_h);
        }
      if (bookmarks)
        {
          g_autofree char *name = dg_render_clean_title (dg_scene_get_title (scenes[i]));
          g_autofree char *fallback = g_strdup_printf ("Page %u", i + 1);
          g_autofree char *link = g_strdup_printf ("page=%u", i + 1);
          cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT,
                                         name[0] != '\0' ? name : fallback, link, 0);
        }
      /* The structure opens after the background: cairo 1.16 records a
       * page and drops what it recorded before an opaque paint of the
       * whole page, tags included, and then fails the PDF ("invalid tag
       * name, attributes, or nesting") at the unmatched end. */
      paint_background (cr, scenes[i]);
      if (i == 0)
        cairo_tag_begin (cr, "Document", "");
      draw_items (cr, scenes[i], scale, -G_MAXDOUBLE, G_MAXDOUBLE, NULL, TRUE);
      if (i + 1 == n_scenes)
        cairo_tag_end (cr, "Document");
      cairo_show_page (cr);
    }
  if (!finish (cr, surface, "PDF", error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
}

/* ------------------------------------------------------------------------ */
/* Entry points */

GBytes *
dg_render_scene (const DgScene *scene, DgFormat format, const DgRenderOptions *options,
                 GError **error)
{
  static const DgRenderOptions defaults = DG_RENDER_OPTIONS_INIT;

  g_return_val_if_fail (scene != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (options == NULL)
    options = &defaults;
  g_return_val_if_fail (options->version >= 1, NULL);
  if (!check_options (options, error))
    return NULL;

  switch (format)
    {
    case DG_FORMAT_SVG:
      return dg_render_svg (scene, options, error);
    case DG_FORMAT_PNG:
      return dg_render_png_bands (scene, options, PNG_BAND_PIXELS, error);
    case DG_FORMAT_PDF:
      return render_pdf_pages (&scene, 1, FALSE, options, error);
    }
  g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_RENDER, "render: unknown format %d",
               (int) format);
  return NULL;
}

double
dg_render_fitting_dpi (const DgScene *scene, const DgRenderOptions *options, guint max_side)
{
  g_return_val_if_fail (scene != NULL && options != NULL, 1.0);
  if (max_side == 0)
    return options->dpi;
  double dpi = options->dpi;
  double scale = dg_scene_output_scale (scene, options->width);
  double side = MAX (dg_scene_get_frame_width (scene), dg_scene_get_frame_height (scene)) * scale;
  if (side * dpi / 72.0 > max_side)
    dpi = floor (max_side * 72.0 / side);
  return MAX (dpi, 1.0);
}

GBytes *
dg_render_pdf_book (const DgScene *const *scenes, guint n_scenes,
                    const DgRenderOptions *options, GError **error)
{
  static const DgRenderOptions defaults = DG_RENDER_OPTIONS_INIT;

  g_return_val_if_fail (scenes != NULL || n_scenes == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (options == NULL)
    options = &defaults;
  g_return_val_if_fail (options->version >= 1, NULL);
  if (!check_options (options, error))
    return NULL;
  for (guint i = 0; i < n_scenes; i++)
    g_return_val_if_fail (scenes[i] != NULL, NULL);

  return render_pdf_pages (scenes, n_scenes, TRUE, options, error);
}
