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

/**
 * DgPngWriter:
 * The same encoding fed a band of rows at a time, so a large figure never
 * needs a surface of its full size: dg_png_writer_new() for a @width ×
 * @height image (RGBA when @alpha, else RGB), then bands from the top down
 * with dg_png_writer_add_rows(), then dg_png_writer_finish() for the bytes.
 * After an error the writer can only be freed.
 */
typedef struct DgPngWriter DgPngWriter;

DgPngWriter *dg_png_writer_new (int width, int height, gboolean alpha, double dpi);
/* Encodes the first @n_rows rows of @band (ARGB32 or RGB24, flushed, at
 * least the image's width). FALSE with DG_ERROR_RENDER. */
gboolean dg_png_writer_add_rows (DgPngWriter *writer, cairo_surface_t *band, int n_rows, GError **error);
/* Returns the whole PNG (new bytes) once every row was added, or NULL with
 * DG_ERROR_RENDER. */
GBytes *dg_png_writer_finish (DgPngWriter *writer, GError **error);
void dg_png_writer_free (DgPngWriter *writer); /* accepts NULL */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgPngWriter, dg_png_writer_free)

G_END_DECLS
