/* text.c — Pango text layout shared by the scene (measuring) and the renderer (drawing). */
#include "dg-text-private.h"

void
dg_text_setup_context (PangoContext *context)
{
  cairo_font_options_t *fo = cairo_font_options_create ();
  cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (fo, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, fo);
  cairo_font_options_destroy (fo);
  pango_cairo_context_set_resolution (context, 72.0);
  pango_context_set_round_glyph_positions (context, FALSE);
}

PangoLayout *
dg_text_layout_new (PangoContext *context, const char *text, const char *font,
                    double size, gboolean bold, gboolean italic, DgAlign align)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *desc = pango_font_description_from_string (font != NULL ? font : "Sans");
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style (desc, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_alignment (layout, align == DG_ALIGN_LEFT ? PANGO_ALIGN_LEFT
                                      : align == DG_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
                                                                : PANGO_ALIGN_CENTER);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

/* One measuring context per thread: Pango font maps are not shared between
 * threads, and creating one per call would reload fontconfig each time. */
static void
free_context (gpointer data)
{
  g_object_unref (data);
}

static GPrivate measure_context = G_PRIVATE_INIT (free_context);

void
dg_text_measure (const char *text, const char *font, double size, gboolean bold,
                 gboolean italic, double *width, double *height)
{
  PangoContext *context = g_private_get (&measure_context);
  if (context == NULL)
    {
      PangoFontMap *map = pango_cairo_font_map_get_default ();
      context = pango_font_map_create_context (map);
      dg_text_setup_context (context);
      g_private_set (&measure_context, context);
    }
  PangoLayout *layout = dg_text_layout_new (context, text, font, size, bold, italic, DG_ALIGN_LEFT);
  PangoRectangle logical;
  pango_layout_get_extents (layout, NULL, &logical);
  g_object_unref (layout);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}
