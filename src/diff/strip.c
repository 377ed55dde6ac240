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
  /* The same question as the scene's own. */
  return dg_scene_get_smallest_text (scene);
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

/* Where everything of a strip goes, before any panel is drawn. */
typedef struct {
  double small, caption_size, title_size, content_w;
  const char *title;
  double title_h, panels_y, caption_h, bottom;
  DgScene *legend;  /* owned */
  double legend_h;
  char *credit;     /* owned, nullable */
  double credit_h;
  guint cols;
  double scale, cell_w, cell_h;
} Plan;

static void
plan_clear (Plan *plan)
{
  g_clear_pointer (&plan->legend, dg_scene_free);
  g_clear_pointer (&plan->credit, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Plan, plan_clear)

/* Lays out a strip's page (see dg_strip_scene_build()): the furniture, and
 * the one scale at which every panel's geometry fits its cell. FALSE with
 * DG_ERROR_USAGE when the page is too small. */
static gboolean
plan_strip (const DgGraph *graph, const DgLayout *layout, const DgTheme *theme, const guint *stages, guint n_stages,
            const DgStripOptions *options, Plan *plan, GError **error)
{
  const DgFurnitureStyle *fs = dg_theme_furniture (theme);
  const double pw = options->page_width, ph = options->page_height, m = options->margin;
  const double min_text = options->min_text > 0 ? options->min_text : 0;
  memset (plan, 0, sizeof *plan);
  /* Furniture is drawn at print size: never below the legible minimum. */
  plan->small = MAX (fs->small_font_size, min_text);
  plan->caption_size = MAX (fs->small_font_size + 1.5, min_text);
  plan->title_size = MAX (MIN (fs->title_font_size, 14.0), min_text);
  plan->content_w = pw - 2 * m;
  if (!(plan->content_w > 0) || !(ph - 2 * m > 0))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE, "a %g × %g pt page has no room inside %g pt margins", pw,
                   ph, m);
      return FALSE;
    }

  /* Top: the title; bottom: the shared legend and the credit line. */
  plan->title = dg_graph_get_title (graph);
  if (plan->title != NULL)
    dg_text_measure (plan->title, fs->font, plan->title_size, TRUE, FALSE, NULL, &plan->title_h);
  plan->panels_y = m + (plan->title_h > 0 ? plan->title_h + GUTTER : 0);

  /* The legend's own text must be legible too. */
  g_autoptr (DgTheme) legend_theme = dg_theme_copy_with_min_text (theme, min_text, 0);
  plan->legend = dg_scene_build_legend (graph, layout, legend_theme, plan->content_w);
  plan->legend_h = dg_scene_get_height (plan->legend);
  const char *source = dg_graph_get_source (graph);
  if (source != NULL)
    {
      g_autofree char *text = g_strdup_printf ("Source: %s", source);
      plan->credit = fit_text (text, fs, plan->small, FALSE, plan->content_w);
      dg_text_measure (plan->credit, fs->font, plan->small, FALSE, FALSE, NULL, &plan->credit_h);
    }
  plan->bottom = ph - m - plan->credit_h - (plan->credit_h > 0 ? GUTTER / 2 : 0) - plan->legend_h
                 - (plan->legend_h > 0 ? GUTTER : 0);
  double panels_h = plan->bottom - plan->panels_y;

  /* Every panel at one scale: the largest at which the largest geometry
   * fits its cell, over the column counts allowed. */
  double geo_w = 1, geo_h = 1;
  for (guint i = 0; i < n_stages; i++)
    {
      const DgGeometry *geo = dg_layout_stage_geometry (layout, stages[i]);
      geo_w = MAX (geo_w, geo->bbox.x1);
      geo_h = MAX (geo_h, geo->bbox.y1);
    }
  dg_text_measure ("Ag", fs->font, plan->caption_size, TRUE, FALSE, NULL, &plan->caption_h);
  guint first = options->columns > 0 ? MIN (options->columns, n_stages) : 1;
  guint last = options->columns > 0 ? first : n_stages;
  for (guint cols = first; cols <= last; cols++)
    {
      guint rows = (n_stages + cols - 1) / cols;
      double w = (plan->content_w - (cols - 1) * GUTTER) / cols;
      double h = (panels_h - (rows - 1) * GUTTER) / rows - plan->caption_h - CAPTION_GAP;
      double scale = MIN (w / geo_w, h / geo_h);
      if (scale > plan->scale)
        {
          plan->scale = scale;
          plan->cols = cols;
          plan->cell_w = w;
          plan->cell_h = h + plan->caption_h + CAPTION_GAP;
        }
    }
  if (!(plan->scale > 0.02))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE,
                   "%u panels do not fit a %g × %g pt page; choose fewer stages, more columns or a larger page",
                   n_stages, pw, ph);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_args (const DgGraph *graph, const DgLayout *layout, const DgTheme *theme, const guint *stages, guint n_stages)
{
  g_return_val_if_fail (graph != NULL && layout != NULL && theme != NULL, FALSE);
  g_return_val_if_fail (stages != NULL && n_stages > 0, FALSE);
  for (guint i = 0; i < n_stages; i++)
    g_return_val_if_fail (stages[i] < dg_graph_n_stages (graph), FALSE);
  return TRUE;
}

double
dg_strip_panel_scale (const DgGraph *graph, const DgLayout *layout, const DgTheme *theme, const guint *stages,
                      guint n_stages, const DgStripOptions *options)
{
  if (!check_args (graph, layout, theme, stages, n_stages))
    return 0;
  static const DgStripOptions defaults = DG_STRIP_OPTIONS_INIT;
  g_auto (Plan) plan = { 0 };
  return plan_strip (graph, layout, theme, stages, n_stages, options != NULL ? options : &defaults, &plan, NULL)
           ? plan.scale
           : 0;
}

DgScene *
dg_strip_scene_build (const DgGraph *graph, const DgLayout *layout, const DgTheme *theme, const guint *stages,
                      guint n_stages, const DgStripOptions *options, GError **error)
{
  if (!check_args (graph, layout, theme, stages, n_stages))
    return NULL;
  static const DgStripOptions defaults = DG_STRIP_OPTIONS_INIT;
  if (options == NULL)
    options = &defaults;
  g_auto (Plan) plan = { 0 };
  if (!plan_strip (graph, layout, theme, stages, n_stages, options, &plan, error))
    return NULL;
  const DgFurnitureStyle *fs = dg_theme_furniture (theme);
  const double pw = options->page_width, ph = options->page_height, m = options->margin;
  const double scale = plan.scale, cell_w = plan.cell_w, cell_h = plan.cell_h, caption_h = plan.caption_h;
  const double small = plan.small, caption_size = plan.caption_size, title_size = plan.title_size;
  const double content_w = plan.content_w, panels_y = plan.panels_y, bottom = plan.bottom;
  const double credit_h = plan.credit_h, legend_h = plan.legend_h;
  const guint best_cols = plan.cols;
  const char *title = plan.title, *credit = plan.credit;
  const DgScene *legend = plan.legend;
  double y = m;

  g_autofree char *scene_title = g_strdup_printf ("%s \xe2\x80\x94 %u stages",
                                                  title != NULL ? title : dg_graph_get_name (graph), n_stages);
  DgScene *scene = dg_scene_new (pw, ph, fs->background, scene_title);
  if (title != NULL)
    {
      g_autofree char *fitted = fit_text (title, fs, title_size, TRUE, content_w);
      add_text (scene, fs, DG_ROLE_TITLE, fitted, m, y, title_size, TRUE, fs->text);
    }

  /* The panels' text is what the layout was made for, never larger, or it
   * would spill out of the parties sized for it. */
  g_autoptr (DgTheme) panel_theme
      = dg_theme_copy_with_min_text (theme, options->version >= 2 ? options->panel_text : 0, 0);
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

DgLayout *
dg_strip_layout (const DgGraph *graph, const DgTheme *theme, const DgLayoutOptions *layout_options,
                 const guint *stages, guint n_stages, DgStripOptions *options, GError **error)
{
  g_return_val_if_fail (graph != NULL && theme != NULL && options != NULL, NULL);
  g_return_val_if_fail (options->version >= 2, NULL);
  DgLayout *layout = dg_layout_compute (graph, theme, layout_options, error);
  if (layout == NULL)
    return NULL;
  /* The panels shrink the layout; their text reads min_text only if the
   * graph is laid out with text that much larger, which makes the layout
   * larger and the panels smaller: the printed size grows with the text,
   * but ever more slowly. Secant steps on it, aimed half as far again
   * past the floor (the curve flattens), find a size that holds in a few
   * layouts (the flagship: 4.2 pt at the theme's text, 6 pt at about 18 pt
   * in the layout); the best one found is kept. */
  const DgFurnitureStyle *fs = dg_theme_furniture (theme);
  const double theme_text = MIN (fs->font_size, fs->label_font_size);
  const double floor_pt = options->min_text;
  double made_for = theme_text;
  double scale = dg_strip_panel_scale (graph, layout, theme, stages, n_stages, options);
  double prev_text = theme_text, prev_print = theme_text * scale;
  double want = scale > 0 ? floor_pt / scale : 0;
  for (int round = 0; round < 8 && scale > 0 && made_for * scale < floor_pt - 1e-6; round++)
    {
      g_autoptr (DgTheme) larger = dg_theme_new_with_min_text (theme, want);
      g_autoptr (DgLayout) relaid = dg_layout_compute (graph, larger, layout_options, NULL);
      if (relaid == NULL)
        break; /* keep what there is: the first layout worked */
      double relaid_scale = dg_strip_panel_scale (graph, relaid, theme, stages, n_stages, options);
      double print = want * relaid_scale;
      if (print > made_for * scale)
        {
          dg_layout_free (layout);
          layout = g_steal_pointer (&relaid);
          made_for = want;
          scale = relaid_scale;
        }
      double slope = (print - prev_print) / (want - prev_text);
      if (!(slope > 1e-4))
        break; /* larger text no longer prints larger */
      prev_text = want;
      prev_print = print;
      want = MIN (want + 1.5 * (floor_pt - print) / slope, 3 * want);
      if (!(want > prev_text))
        break;
    }
  options->panel_text = made_for > theme_text ? made_for : 0;
  return layout;
}
