/* strip.c — small multiples: chosen stages as panels of one page, at one scale, with one legend. */
#include <math.h>
#include <string.h>

#include "dg-text-private.h"
#include "diff.h"
#include "error.h"
#include "src/scene/scene-private.h"
#include "theme-private.h"

#define GUTTER 12.0      /* points between panels */
#define CAPTION_GAP 3.0  /* points between a panel's caption and its graph */

double
dg_scene_min_font_size (const DgScene *scene)
{
  g_return_val_if_fail (scene != NULL, 0);
  double least = 0;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      if (item->kind != DG_ITEM_TEXT || item->text == NULL || item->text[0] == '\0')
        continue;
      if (least == 0 || item->font_size < least)
        least = item->font_size;
    }
  return least;
}

/* Appends a copy of every item of @src to @dst, scaled by @scale about the
 * origin and then moved by (@dx, @dy). */
static void
append_scaled (DgScene *dst, const DgScene *src, double scale, double dx, double dy)
{
  for (guint i = 0; i < dg_scene_n_items (src); i++)
    {
      const DgSceneItem *from = dg_scene_item (src, i);
      DgSceneItem *item = dg_scene_add_item (dst, from->kind, from->role);
      *item = *from;
      item->box = (DgBox) { dx + from->box.x0 * scale, dy + from->box.y0 * scale, dx + from->box.x1 * scale,
                            dy + from->box.y1 * scale };
      item->points = from->n_points > 0 ? g_new (DgPoint, from->n_points) : NULL;
      for (guint k = 0; k < from->n_points; k++)
        item->points[k] = (DgPoint) { dx + from->points[k].x * scale, dy + from->points[k].y * scale };
      item->text = g_strdup (from->text);
      item->line_width = from->line_width * scale;
      item->font_size = from->font_size * scale;
      for (guint k = 0; k < from->dash.n && k < G_N_ELEMENTS (from->dash.on_off); k++)
        item->dash.on_off[k] = from->dash.on_off[k] * scale;
    }
}

static DgSceneItem *
add_text (DgScene *scene, const DgFurnitureStyle *fs, DgRole role, const char *text, double x, double y,
          double size, gboolean bold, DgColor color)
{
  DgSceneItem *item = dg_scene_add_item (scene, DG_ITEM_TEXT, role);
  double w, h;
  dg_text_measure (text, fs->font, size, bold, FALSE, &w, &h);
  item->box = (DgBox) { x, y, x + w, y + h };
  item->text = g_strdup (text);
  item->font = g_intern_string (fs->font);
  item->font_size = size;
  item->bold = bold;
  item->stroke = color;
  item->fill = (DgColor) { 0, 0, 0, 0 };
  item->align = DG_ALIGN_LEFT;
  return item;
}

/* @text cut to @width points with an ellipsis, so a caption never spills
 * into the next panel. */
static char *
fit_text (const char *text, const DgFurnitureStyle *fs, double size, gboolean bold, double width)
{
  double w;
  dg_text_measure (text, fs->font, size, bold, FALSE, &w, NULL);
  if (w <= width)
    return g_strdup (text);
  glong n = g_utf8_strlen (text, -1);
  while (n > 1)
    {
      n--;
      g_autofree char *head = g_utf8_substring (text, 0, n);
      char *attempt = g_strdup_printf ("%s\xe2\x80\xa6", head);
      dg_text_measure (attempt, fs->font, size, bold, FALSE, &w, NULL);
      if (w <= width)
        return attempt;
      g_free (attempt);
    }
  return g_strdup ("\xe2\x80\xa6");
}

static char *
panel_caption (const DgStage *stage)
{
  if (stage->date != NULL && strstr (stage->label, stage->date) == NULL)
    return g_strdup_printf ("%s (%s)", stage->label, stage->date);
  return g_strdup (stage->label);
}

DgScene *
dg_strip_scene_build (const DgGraph *graph, const DgLayout *layout, const DgTheme *theme, const guint *stages,
                      guint n_stages, const DgStripOptions *options, GError **error)
{
  g_return_val_if_fail (graph != NULL && layout != NULL && theme != NULL, NULL);
  g_return_val_if_fail (stages != NULL && n_stages > 0, NULL);
  for (guint i = 0; i < n_stages; i++)
    g_return_val_if_fail (stages[i] < dg_graph_n_stages (graph), NULL);
  static const DgStripOptions defaults = DG_STRIP_OPTIONS_INIT;
  if (options == NULL)
    options = &defaults;

  const DgFurnitureStyle *fs = dg_theme_furniture (theme);
  const double pw = options->page_width, ph = options->page_height, m = options->margin;
  const double min_text = options->min_text > 0 ? options->min_text : 0;
  /* Furniture is drawn at print size: never below the legible minimum. */
  const double small = MAX (fs->small_font_size, min_text);
  const double caption_size = MAX (fs->small_font_size + 1.5, min_text);
  const double title_size = MAX (MIN (fs->title_font_size, 14.0), min_text);
  const double content_w = pw - 2 * m;
  if (!(content_w > 0) || !(ph - 2 * m > 0))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE, "a %g × %g pt page has no room inside %g pt margins", pw,
                   ph, m);
      return NULL;
    }

  /* Top: the title; bottom: the shared legend and the credit line. */
  double y = m;
  const char *title = dg_graph_get_title (graph);
  double title_h = 0;
  if (title != NULL)
    dg_text_measure (title, fs->font, title_size, TRUE, FALSE, NULL, &title_h);
  double panels_y = y + (title_h > 0 ? title_h + GUTTER : 0);

  /* The legend's own text must be legible too. */
  g_autoptr (DgTheme) legend_theme = dg_theme_copy_with_min_text (theme, min_text, 0);
  g_autoptr (DgScene) legend = dg_scene_build_legend (graph, layout, legend_theme, content_w);
  double legend_h = dg_scene_get_height (legend);
  const char *source = dg_graph_get_source (graph);
  g_autofree char *credit = NULL;
  double credit_h = 0;
  if (source != NULL)
    {
      g_autofree char *text = g_strdup_printf ("Source: %s", source);
      credit = fit_text (text, fs, small, FALSE, content_w);
      dg_text_measure (credit, fs->font, small, FALSE, FALSE, NULL, &credit_h);
    }
  double bottom = ph - m - credit_h - (credit_h > 0 ? GUTTER / 2 : 0) - legend_h - (legend_h > 0 ? GUTTER : 0);
  double panels_h = bottom - panels_y;

  /* Every panel at one scale: the largest at which the largest geometry
   * fits its cell, over the column counts allowed. */
  double geo_w = 1, geo_h = 1;
  for (guint i = 0; i < n_stages; i++)
    {
      const DgGeometry *geo = dg_layout_stage_geometry (layout, stages[i]);
      geo_w = MAX (geo_w, geo->bbox.x1);
      geo_h = MAX (geo_h, geo->bbox.y1);
    }
  double caption_h;
  dg_text_measure ("Ag", fs->font, caption_size, TRUE, FALSE, NULL, &caption_h);
  guint best_cols = 0;
  double best_scale = 0, cell_w = 0, cell_h = 0;
  guint first = options->columns > 0 ? MIN (options->columns, n_stages) : 1;
  guint last = options->columns > 0 ? first : n_stages;
  for (guint cols = first; cols <= last; cols++)
    {
      guint rows = (n_stages + cols - 1) / cols;
      double w = (content_w - (cols - 1) * GUTTER) / cols;
      double h = (panels_h - (rows - 1) * GUTTER) / rows - caption_h - CAPTION_GAP;
      double scale = MIN (w / geo_w, h / geo_h);
      if (scale > best_scale)
        {
          best_scale = scale;
          best_cols = cols;
          cell_w = w;
          cell_h = h + caption_h + CAPTION_GAP;
        }
    }
  if (!(best_scale > 0.02))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE,
                   "%u panels do not fit a %g × %g pt page; choose fewer stages, more columns or a larger page",
                   n_stages, pw, ph);
      return NULL;
    }
  const double scale = best_scale;

  g_autofree char *scene_title = g_strdup_printf ("%s \xe2\x80\x94 %u stages",
                                                  title != NULL ? title : dg_graph_get_name (graph), n_stages);
  DgScene *scene = dg_scene_new (pw, ph, fs->background, scene_title);
  if (title != NULL)
    {
      g_autofree char *fitted = fit_text (title, fs, title_size, TRUE, content_w);
      add_text (scene, fs, DG_ROLE_TITLE, fitted, m, y, title_size, TRUE, fs->text);
    }

  /* The panels' text is set large enough to read min_text once scaled. */
  g_autoptr (DgTheme) panel_theme = dg_theme_copy_with_min_text (theme, min_text / scale, 0);
  DgSceneOptions panel_options = { DG_SCENE_OPTIONS_VERSION, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE };
  for (guint i = 0; i < n_stages; i++)
    {
      guint col = i % best_cols, row = i / best_cols;
      double x = m + col * (cell_w + GUTTER), cy = panels_y + row * (cell_h + GUTTER);
      DgSceneItem *frame = dg_scene_add_item (scene, DG_ITEM_SHAPE, DG_ROLE_GROUP);
      frame->shape = DG_SHAPE_BOX;
      frame->box = (DgBox) { x - 4, cy - 3, x + cell_w + 4, cy + cell_h + 3 };
      frame->fill = (DgColor) { 0, 0, 0, 0 };
      frame->stroke = fs->group_stroke;
      frame->line_width = 0.5;
      frame->stage = (int) stages[i];

      g_autofree char *text = panel_caption (dg_graph_stage (graph, stages[i]));
      g_autofree char *numbered = g_strdup_printf ("%u. %s", stages[i] + 1, text);
      g_autofree char *fitted = fit_text (numbered, fs, caption_size, TRUE, cell_w);
      DgSceneItem *cap = add_text (scene, fs, DG_ROLE_CAPTION, fitted, x, cy, caption_size, TRUE, fs->text);
      cap->stage = (int) stages[i];

      g_autoptr (DgScene) panel = dg_scene_build (graph, layout, panel_theme, stages[i], &panel_options);
      const DgGeometry *geo = dg_layout_stage_geometry (layout, stages[i]);
      double gx = x + (cell_w - geo->bbox.x1 * scale) / 2;
      double gy = cy + caption_h + CAPTION_GAP + (cell_h - caption_h - CAPTION_GAP - geo->bbox.y1 * scale) / 2;
      guint before = dg_scene_n_items (scene);
      append_scaled (scene, panel, scale, gx, gy);
      for (guint k = before; k < dg_scene_n_items (scene); k++)
        ((DgSceneItem *) dg_scene_item (scene, k))->stage = (int) stages[i];
    }

  if (legend_h > 0)
    append_scaled (scene, legend, 1.0, m, bottom + GUTTER);
  if (credit != NULL)
    add_text (scene, fs, DG_ROLE_CREDIT, credit, m, ph - m - credit_h, small, FALSE, fs->muted);
  return scene;
}
