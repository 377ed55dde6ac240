/* gv.c — the process-wide Graphviz lock and context, and the text measure Graphviz lays out with. */
#include <string.h>

#include <gvplugin.h>
#include <gvplugin_textlayout.h>
#include <color.h>

#include "dg-gv-private.h"
#include "dg-text-private.h"
#include "style.h"

static GMutex gv_mutex;

void
dg_gv_lock (void)
{
  g_mutex_lock (&gv_mutex);
}

void
dg_gv_unlock (void)
{
  g_mutex_unlock (&gv_mutex);
}

/* libgvc exports these (lib/common/colorprocs.h) but installs no header. */
extern int colorxlate (char *str, gvcolor_t *color, color_type_t target_type);
extern char *setColorScheme (char *s);

gboolean
dg_gv_color_parse_locked (const char *text, const char *scheme, DgColor *out)
{
  g_return_val_if_fail (text != NULL && out != NULL, FALSE);
  if (text[0] == '\0' || strlen (text) > 200)
    return FALSE;
  gvcolor_t color;
  memset (&color, 0, sizeof color);
  setColorScheme ((char *) (scheme != NULL ? scheme : ""));
  int rc = colorxlate ((char *) text, &color, RGBA_DOUBLE);
  setColorScheme ((char *) "");
  if (rc != COLOR_OK)
    return FALSE;
  *out = (DgColor) { color.u.RGBA[0], color.u.RGBA[1], color.u.RGBA[2], color.u.RGBA[3] };
  return TRUE;
}

/* Graphviz sizes every label it lays out (tie labels, group labels, and
 * party labels even when the size is fixed) through a "textlayout" plugin.
 * Its own, Pango-based, opens a font map of its own and rounds sizes up to
 * whole points; this one measures with dg_text_measure_line(), the very
 * code the scene and the renderer use. So the room Graphviz leaves for a
 * label is the room the label takes when drawn. In a layout process the
 * lines come from what the parent measured (dg_text_fork_prepare). */
static boolean
measure_span (textspan_t *span, char **fontpath)
{
  const textfont_t *font = span->font;
  double size = font != NULL && font->size > 0 ? font->size : 14.0;
  double width = 0, height = 0, baseline = 0;
  /* The name read as the scene reads it (dealgraph's "<family> Bold",
   * PostScript names such as "Helvetica-Bold"), so the two share the
   * measured lines (dg_text_measure_line keeps them). */
  const char *family = NULL;
  gboolean bold = FALSE, italic = FALSE;
  dg_font_from_graphviz (font != NULL ? font->name : NULL, &family, &bold, &italic);
  bold |= font != NULL && (font->flags & HTML_BF);
  italic |= font != NULL && (font->flags & HTML_IF);
  dg_text_measure_line (span->str, family, size, bold, italic, &width, &height, &baseline);
  span->size.x = width;
  span->size.y = height;
  span->yoffset_layout = baseline;
  /* What Graphviz's own plugins use to centre a line on its position. */
  span->yoffset_centerline = 0.2 * size;
  span->layout = NULL;
  span->free_layout = NULL;
  if (fontpath != NULL)
    *fontpath = NULL;
  return TRUE;
}

static gvtextlayout_engine_t measure_engine = { measure_span };

static gvplugin_installed_t measure_types[] = {
  /* Above the quality of Graphviz's Pango plugin (10), so it is chosen. */
  { 0, "textlayout", 100, &measure_engine, NULL },
  { 0, NULL, 0, NULL, NULL },
};

static gvplugin_api_t measure_apis[] = {
  { API_textlayout, measure_types },
  { (api_t) 0, NULL },
};

static gvplugin_library_t measure_library = { "dealgraph", measure_apis };

static lt_symlist_t builtins[] = {
  { "gvplugin_dealgraph_LTX_library", &measure_library },
  { NULL, NULL },
};

GVC_t *
dg_gv_context (void)
{
  /* Never freed: plugins and fontconfig state live for the process anyway,
   * and gvFreeContext then gvContext again leaks more than keeping one. */
  static GVC_t *gvc;
  if (gvc == NULL)
    gvc = gvContextPlugins (builtins, TRUE);
  return gvc;
}

void
dg_gv_preload_engine (const char *engine)
{
  /* Graphviz opens an engine's plugin library the first time a layout asks
   * for it: one unlabelled node laid out here opens it, so that layout
   * processes forked later inherit it; a child short of memory then fails
   * in the layout, with a message that says so, rather than in loading the
   * library ("Layout type not recognized"). dot has a library of its own;
   * neato's holds fdp, sfdp, circo, twopi, osage and patchwork too, and
   * brings libstdc++ and GTS, which a dot layout never needs. */
  static gboolean dot_loaded, neato_loaded;
  gboolean is_dot = g_str_equal (engine, "dot");
  gboolean *loaded = is_dot ? &dot_loaded : &neato_loaded;
  if (*loaded)
    return;
  *loaded = TRUE;
  Agraph_t *g = agopen ((char *) "preload", Agdirected, NULL);
  /* Unlabelled: measuring "\N" would start Pango in this process. */
  Agnode_t *n = agnode (g, (char *) "n", TRUE);
  agsafeset (n, (char *) "label", (char *) "", (char *) "");
  if (gvLayout (dg_gv_context (), g, is_dot ? "dot" : "neato") == 0)
    {
      /* The xdot renderer too (Graphviz's drawing of records, HTML-like
       * labels and shapes): its plugin library opens on first use. */
      gvRender (dg_gv_context (), g, "xdot", NULL);
      gvFreeLayout (dg_gv_context (), g);
    }
  agclose (g);
}

gboolean
dg_gv_color_parse (const char *text, const char *scheme, DgColor *out)
{
  dg_gv_lock ();
  gboolean ok = dg_gv_color_parse_locked (text, scheme, out);
  dg_gv_unlock ();
  return ok;
}
