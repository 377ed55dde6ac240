/* render-private.h — the renderer's internals that tests reach. */
#pragma once

#include <cairo.h>

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

G_END_DECLS
