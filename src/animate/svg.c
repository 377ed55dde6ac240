/* svg.c — the animation as one SVG that plays and loops by itself (CSS @keyframes, no script). */

/*
 * Every layer (see layers.c) is a <g> holding its drawing; a layer that is
 * not shown for the whole loop gets a @keyframes rule on opacity (and, for
 * parties and labels, a scale about its own centre). CSS animations inside
 * SVG play in every current browser, also when the SVG is an <img> or a
 * CSS background, where SMIL and script may be off; a viewer without them
 * shows the first stage.
 */

#include <math.h>
#include <string.h>

#include "animate-private.h"
#include "describe-private.h"
#include "dg-escape-private.h"
#include "error.h"

typedef struct {
  double when;    /* seconds */
  double opacity; /* 0 or 1 at the ends of a fade */
} Key;

/* Start and end of the part of a transition where @layer moving @move
 * fades, as fractions of the transition. Two looks of a text swap one
 * after the other (two texts over each other read as neither); other looks
 * cross-fade. */
static void
fade_window (const DgLayer *layer, DgMove move, gboolean stagger, double *lo, double *hi)
{
  *lo = 0, *hi = 1;
  if (!stagger)
    {
      if (layer->text && move == DG_MOVE_SWAP_OUT)
        *hi = 0.5;
      else if (layer->text && move == DG_MOVE_SWAP_IN)
        *lo = 0.5;
      return;
    }
  switch (move)
    {
    case DG_MOVE_LEAVE:
      *lo = 0.0, *hi = 0.6;
      break;
    case DG_MOVE_ENTER:
      *lo = 0.4, *hi = 1.0;
      break;
    case DG_MOVE_SWAP_OUT:
      *lo = 0.2, *hi = layer->text ? 0.5 : 0.8;
      break;
    case DG_MOVE_SWAP_IN:
      *lo = layer->text ? 0.5 : 0.2, *hi = 0.8;
      break;
    default:
      break;
    }
}

/* The keyframes of @layer over one loop of @duration seconds. */
static GArray *
layer_keys (const DgLayers *layers, const DgLayer *layer, const DgAnimateOptions *o, double duration)
{
  GArray *keys = g_array_new (FALSE, FALSE, sizeof (Key));
  guint n = layers->n_stages;
  double cycle = o->hold + o->tween;
  Key first = { 0, layer->shown[0] ? 1 : 0 };
  g_array_append_val (keys, first);
  for (guint i = 0; i < n; i++)
    {
      gboolean last = i + 1 == n;
      if (last && !o->loop)
        break;
      guint j = last ? 0 : i + 1;
      DgMove move = dg_layers_move (layers, layer, i, j);
      double start = i * cycle + o->hold;
      if (move == DG_MOVE_STAY_SHOWN || move == DG_MOVE_STAY_HIDDEN)
        continue;
      double lo, hi;
      fade_window (layer, move, o->stagger, &lo, &hi);
      Key a = { start + lo * o->tween, layer->shown[i] ? 1 : 0 };
      Key b = { start + hi * o->tween, layer->shown[j] ? 1 : 0 };
      if (o->tween <= 0)
        b.when = a.when + 1e-3; /* a cut */
      g_array_append_val (keys, a);
      g_array_append_val (keys, b);
    }
  Key end = { duration, g_array_index (keys, Key, keys->len - 1).opacity };
  if (!o->loop && n > 1)
    {
      /* Without a transition back, the loop restarts with a cut. */
      end.opacity = layer->shown[n - 1] ? 1 : 0;
    }
  g_array_append_val (keys, end);
  return keys;
}

static gboolean
always_shown (const DgLayers *layers, const DgLayer *layer)
{
  for (guint s = 0; s < layers->n_stages; s++)
    if (!layer->shown[s])
      return FALSE;
  return TRUE;
}

static void
append_state (GString *out, const DgLayer *layer, double opacity)
{
  g_string_append (out, "opacity:");
  dg_append_svg_number (out, opacity);
  if (layer->grow)
    {
      g_string_append (out, ";transform:scale(");
      dg_append_svg_number (out, 0.6 + 0.4 * opacity);
      g_string_append_c (out, ')');
    }
}

static void
append_keyframes (GString *out, const DgLayers *layers, const DgLayer *layer, const DgAnimateOptions *o,
                  double duration)
{
  g_autoptr (GArray) keys = layer_keys (layers, layer, o, duration);
  g_string_append_printf (out, "@keyframes k%u{", layer->id);
  for (guint k = 0; k < keys->len; k++)
    {
      const Key *key = &g_array_index (keys, Key, k);
      dg_append_svg_number (out, 100.0 * key->when / duration);
      g_string_append (out, "%{");
      append_state (out, layer, key->opacity);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "}\n");
}

void
dg_anim_append_background (GString *out, const DgAnimation *anim)
{
  double w, h;
  dg_anim_get_canvas (anim, &w, &h);
  g_autofree char *bg = dg_anim_css_color (dg_scene_get_background (dg_anim_canvas_scene (anim, 0)));
  g_string_append (out, "<rect x=\"0\" y=\"0\" width=\"");
  dg_append_svg_number (out, w);
  g_string_append (out, "\" height=\"");
  dg_append_svg_number (out, h);
  g_string_append_printf (out, "\" fill=\"%s\" aria-hidden=\"true\"/>\n", bg);
}

void
dg_anim_append_figure (GString *out, const DgAnimation *anim, const DgLayers *layers, gboolean for_html)
{
  dg_anim_append_background (out, anim);
  dg_anim_append_layers (out, layers, for_html);
}

void
dg_anim_append_layers (GString *out, const DgLayers *layers, gboolean for_html)
{
  for (guint i = 0; i < layers->layers->len; i++)
    {
      const DgLayer *layer = layers->layers->pdata[i];
      if (for_html)
        {
          g_string_append_printf (out, "<g class=\"dg-l%s\" id=\"dg-l%u\"", layer->grow ? " dg-grow" : "", layer->id);
          if (layer->tie >= 0)
            g_string_append_printf (out, " data-tie=\"%d\"", layer->tie);
          if (layer->ended)
            g_string_append (out, " data-ended=\"\"");
          if (layer->party >= 0)
            g_string_append_printf (out, " data-party=\"%d\"", layer->party);
          /* The viewer names parties and ties by their focusable targets,
           * once each; their drawings stay out of the accessibility tree,
           * and so does furniture the stage does not show (the script keeps
           * that in step). */
          if (layer->tie >= 0 || layer->party >= 0 || !layer->shown[0])
            g_string_append (out, " aria-hidden=\"true\"");
          g_string_append (out, ">");
        }
      else if (always_shown (layers, layer))
        g_string_append (out, "<g>");
      else
        {
          g_string_append_printf (out, "<g class=\"a l%u\" style=\"", layer->id);
          append_state (out, layer, layer->shown[0] ? 1 : 0);
          g_string_append (out, "\">");
        }
      g_string_append (out, layer->markup);
      g_string_append (out, "</g>\n");
    }
}

void
dg_anim_append_hit_path (GString *out, const DgHit *hit)
{
  const DgPoint *p = hit->points;
  if (hit->kind == DG_HIT_BOX)
    {
      g_string_append (out, "M");
      dg_append_svg_number (out, p[0].x), g_string_append_c (out, ' '), dg_append_svg_number (out, p[0].y);
      g_string_append (out, "H");
      dg_append_svg_number (out, p[1].x);
      g_string_append (out, "V");
      dg_append_svg_number (out, p[1].y);
      g_string_append (out, "H");
      dg_append_svg_number (out, p[0].x);
      g_string_append (out, "Z");
      return;
    }
  g_string_append (out, "M");
  dg_append_svg_number (out, p[0].x), g_string_append_c (out, ' '), dg_append_svg_number (out, p[0].y);
  guint i = 1;
  for (; i + 2 < hit->n_points; i += 3)
    {
      g_string_append (out, "C");
      for (guint k = 0; k < 3; k++)
        {
          if (k > 0)
            g_string_append_c (out, ' ');
          dg_append_svg_number (out, p[i + k].x), g_string_append_c (out, ' '), dg_append_svg_number (out, p[i + k].y);
        }
    }
  for (; i < hit->n_points; i++)
    {
      g_string_append (out, "L");
      dg_append_svg_number (out, p[i].x), g_string_append_c (out, ' '), dg_append_svg_number (out, p[i].y);
    }
}

void
dg_anim_append_num (GString *out, double v)
{
  dg_append_svg_number (out, v);
}

const char *
dg_anim_css_easing (DgEasing easing)
{
  return easing == DG_EASING_LINEAR ? "linear" : "cubic-bezier(0.65,0,0.35,1)";
}

GBytes *
dg_animation_render_svg (const DgAnimation *anim, const DgRenderOptions *options, GError **error)
{
  static const DgRenderOptions defaults = DG_RENDER_OPTIONS_INIT;
  g_return_val_if_fail (anim != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (options == NULL)
    options = &defaults;
  if (!(options->width >= 0) || !isfinite (options->width) || options->width > 1e6)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE, "animate: the figure width must be a positive number of points, not %g",
                   options->width);
      return NULL;
    }

  g_autoptr (DgLayers) layers = dg_layers_build (anim, error);
  if (layers == NULL)
    return NULL;
  const DgAnimateOptions *o = dg_anim_get_options (anim);
  double duration = dg_animation_get_duration (anim);
  double w, h;
  dg_anim_get_canvas (anim, &w, &h);
  double scale = options->width > 0 ? options->width / w
                                    : dg_scene_get_preferred_scale (dg_animation_stage_scene (anim, 0));

  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                               "xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"");
  dg_append_svg_number (out, w * scale);
  g_string_append (out, "pt\" height=\"");
  dg_append_svg_number (out, h * scale);
  g_string_append (out, "pt\" viewBox=\"0 0 ");
  dg_append_svg_number (out, w);
  g_string_append_c (out, ' ');
  dg_append_svg_number (out, h);
  /* As a stage figure's SVG: an image labelled by its title and described
   * by its description (see README "Accessibility"); the layers inside
   * keep their named groups and text. */
  g_string_append (out, "\" version=\"1.1\" role=\"img\" aria-labelledby=\"dg-anim-title\" "
                        "aria-describedby=\"dg-anim-desc\">\n");
  const char *title = dg_graph_get_title (dg_anim_get_graph (anim));
  g_autofree char *escaped = dg_escape_markup (title != NULL ? title : dg_graph_get_name (dg_anim_get_graph (anim)));
  /* The description tells the whole timeline, which a reader of the
   * still first frame (reduced motion, no CSS animation) would miss. */
  g_autofree char *timeline = dg_describe_timeline (dg_anim_get_graph (anim));
  g_autofree char *desc = dg_escape_markup (timeline);
  g_string_append_printf (out,
                          "<title id=\"dg-anim-title\">%s</title>\n<desc id=\"dg-anim-desc\">%s An animation that "
                          "shows each stage in turn and loops; with reduced motion, the first stage.</desc>\n",
                          escaped, desc);

  g_string_append (out, "<style>\n");
  g_string_append_printf (out, ".a{transform-box:fill-box;transform-origin:center;animation-duration:");
  dg_append_svg_number (out, duration);
  g_string_append_printf (out, "s;animation-iteration-count:infinite;animation-timing-function:%s}\n",
                          dg_anim_css_easing (o->easing));
  for (guint i = 0; i < layers->layers->len; i++)
    {
      const DgLayer *layer = layers->layers->pdata[i];
      if (always_shown (layers, layer))
        continue;
      g_string_append_printf (out, ".l%u{animation-name:k%u}", layer->id, layer->id);
      append_keyframes (out, layers, layer, o, duration);
    }
  /* A reader who asked for less motion (WCAG 2.3.3) gets the first
   * stage, held: each layer's own style is its state there. */
  g_string_append (out, "@media (prefers-reduced-motion:reduce){.a{animation:none}}\n");
  g_string_append (out, "</style>\n");
  dg_anim_append_figure (out, anim, layers, FALSE);
  g_string_append (out, "</svg>\n");
  return g_string_free_to_bytes (out);
}
