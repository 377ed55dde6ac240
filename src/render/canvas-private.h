/* canvas-private.h — image surfaces whose pixel memory is kept for the next figure. */
#pragma once

#include <cairo.h>
#include <glib.h>

/* A cleared (transparent) ARGB32 image surface of @width × @height pixels,
 * or an error surface (check cairo_surface_status). Its pixel memory comes
 * back to a process-wide pool when the surface is destroyed, and the next
 * surface of that size or smaller reuses it: touching fresh memory costs a
 * page fault every 4 KiB, which on virtual machines (12 µs each here) made
 * the first figures of a set several times slower to draw than the rest.
 * Memory of 2 MiB and more is asked for in huge pages. (Under
 * AddressSanitizer, cairo's own surface, so overflows stay visible.)
 * Thread-safe. */
cairo_surface_t *dg_canvas_new (int width, int height);
