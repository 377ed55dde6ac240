/* png-private.h — PNG encoding of cairo image surfaces, tuned for figures. */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/**
 * dg_png_encode:
 * Encodes @surface (an image surface in CAIRO_FORMAT_ARGB32 or RGB24, already
 * flushed) as PNG. Opaque images are written as 8-bit RGB, others as RGBA
 * with cairo's premultiplied alpha undone, like cairo's own writer; unlike
 * it, the image records @dpi in a pHYs chunk (so word processors place it at
 * its intended print size) and is compressed for speed: flat-coloured
 * figures compress almost as well at zlib level 2 without row filters as at
 * cairo's level 6 with them, in a quarter of the time (see bench/README.md).
 * Deterministic: the same pixels give the same bytes. Returns new bytes, or
 * NULL with DG_ERROR_RENDER.
 */
GBytes *dg_png_encode (cairo_surface_t *surface, double dpi, GError **error);

G_END_DECLS
