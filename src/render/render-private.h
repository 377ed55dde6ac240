/* render-private.h — the renderer's internals that tests reach. */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "render.h"
#include "scene.h"

G_BEGIN_DECLS

/* The PNG of @scene, drawn on one surface when it has at most @band_pixels
 * pixels and otherwise in bands of that many pixels (dg_render_scene() uses
 * 4 Mi). Any band size gives the same pixels. */
GBytes *dg_render_png_bands (const DgScene *scene, const DgRenderOptions *options, double band_pixels,
                             GError **error);

/* Paints @scene on @cr at @scale output units per point, exactly as the
 * PNG, SVG and PDF renderers do (bench/png-floor records frames with it). */
void dg_render_draw (cairo_t *cr, const DgScene *scene, double scale);

/* What the cairo renderer and the SVG writer share, so both draw the same
 * geometry (render.c). */

/* Appends the outline of SHAPE @item (filled, then stroked) to @cr's path;
 * FALSE, appending nothing, when its box has no area. */
gboolean dg_render_shape_outline (cairo_t *cr, const DgSceneItem *item);
/* Appends what SHAPE @item strokes over its outline (a note's fold, a
 * cylinder's near lid); FALSE, appending nothing, for other shapes. */
gboolean dg_render_shape_decoration (cairo_t *cr, const DgSceneItem *item);
/* Appends the curve through @p (3k+1 points, the rest straight lines)
 * shifted @offset points to its left. */
void dg_render_curve_path (cairo_t *cr, const DgPoint *p, guint n, double offset);
/* The x at which @layout (of TEXT @item) starts so that it is aligned in
 * @item's box; its top is @item's box.y0. */
double dg_render_text_x (PangoLayout *layout, const DgSceneItem *item);
/* FALSE for an item with a non-finite coordinate, which is not drawn. */
gboolean dg_render_item_is_finite (const DgSceneItem *item);
/* Points of output per point of @scene for @options, and the page size in
 * points; FALSE with DG_ERROR_RENDER for a figure without area or too big. */
gboolean dg_render_page_size (const DgScene *scene, const DgRenderOptions *options, double *scale,
                              double *page_w, double *page_h, GError **error);
/* @title as valid UTF-8 on one line without control or bidi characters,
 * fit for metadata. Newly allocated. */
char *dg_render_clean_title (const char *title);

/* @scene as an accessible SVG document (svg.c); see dg_render_scene(). */
GBytes *dg_render_svg (const DgScene *scene, const DgRenderOptions *options, GError **error);

G_END_DECLS

/* A hollow curve's bands (DgSceneItem.core painted): each @band wide with
 * edges @edge wide, offset from the curve by @offsets; returns how many (2
 * for a double line). The PNG/PDF and the SVG writer draw the same. */
guint dg_render_hollow_bands (const DgSceneItem *item, double *band, double *edge, double offsets[2]);
