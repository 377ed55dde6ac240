/* dg-text-private.h — laying out text exactly as the renderer draws it. */
#pragma once

#include <pango/pangocairo.h>
#include "scene.h"

/* Makes @context measure in points, without hinting, so text has the same
 * size in every output format and at every resolution. */
void dg_text_setup_context (PangoContext *context);

/* A layout of @text in @font at @size points. Free with g_object_unref. */
PangoLayout *dg_text_layout_new (PangoContext *context, const char *text,
                                 const char *font, double size, gboolean bold,
                                 gboolean italic, DgAlign align);

/* The logical size of @text in points. Thread-safe. */
void dg_text_measure (const char *text, const char *font, double size,
                      gboolean bold, gboolean italic,
                      double *width, double *height);
