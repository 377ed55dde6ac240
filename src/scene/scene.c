/* scene.c — one figure as a list of styled items, ready to draw. */
#include <math.h>

#include "scene-private.h"

/* Only the container lives here: a scene's size, frame, background, title
 * and items in painting order, with their accessors. The figure itself is
 * built in build.c (dg_scene_build()), item by item through
 * dg_scene_add_item(). */

struct DgScene {
  double width, height; /* points */
  double frame_width, frame_height; /* what it was cut from (dg_scene_crop); its own size when not cut */
  DgColor background;
  char *title;
  double preferred_scale; /* from the graph's DOT `size`; 1 when none */
  GPtrArray *items; /* of DgSceneItem*, painting order */
};

static void
item_free (gpointer data)
{
  DgSceneItem *item = data;
  g_free (item->points);
  g_free (item->text);
  g_free (item);
}

DgScene *
dg_scene_new (double width, double height, DgColor background, const char *title)
{
  DgScene *scene = g_new0 (DgScene, 1);
  scene->width = scene->frame_width = width;
  scene->height = scene->frame_height = height;
  scene->background = background;
  scene->title = g_strdup (title != NULL ? title : "");
  scene->preferred_scale = 1.0;
  scene->items = g_ptr_array_new_with_free_func (item_free);
  return scene;
}

DgSceneItem *
dg_scene_add_item (DgScene *scene, DgItemKind kind, DgRole role)
{
  g_return_val_if_fail (scene != NULL, NULL);
  DgSceneItem *item = g_new0 (DgSceneItem, 1);
  item->kind = kind;
  item->role = role;
  item->party = -1;
  item->tie = -1;
  item->stage = -1;
  item->opacity = 1.0;
  g_ptr_array_add (scene->items, item);
  return item;
}

void
dg_scene_free (DgScene *scene)
{
  if (scene == NULL)
    return;
  g_ptr_array_unref (scene->items);
  g_free (scene->title);
  g_free (scene);
}

double
dg_scene_get_width (const DgScene *scene)
{
  g_return_val_if_fail (scene != NULL, 0.0);
  return scene->width;
}

double
dg_scene_get_height (const DgScene *scene)
{
  g_return_val_if_fail (scene != NULL, 0.0);
  return scene->height;
}

double
dg_scene_get_frame_width (const DgScene *scene)
{
  g_return_val_if_fail (scene != NULL, 0.0);
  return scene->frame_width;
}

double
dg_scene_get_frame_height (const DgScene *scene)
{
  g_return_val_if_fail (scene != NULL, 0.0);
  return scene->frame_height;
}

void
dg_scene_crop (DgScene *scene, DgBox keep)
{
  g_return_if_fail (scene != NULL && keep.x1 > keep.x0 && keep.y1 > keep.y0);
  for (guint i = 0; i < scene->items->len; i++)
    {
      DgSceneItem *item = scene->items->pdata[i];
      item->box = (DgBox) { item->box.x0 - keep.x0, item->box.y0 - keep.y0, item->box.x1 - keep.x0,
                            item->box.y1 - keep.y0 };
      for (guint k = 0; item->points != NULL && k < item->n_points; k++)
        item->points[k] = (DgPoint) { item->points[k].x - keep.x0, item->points[k].y - keep.y0 };
    }
  scene->width = keep.x1 - keep.x0;
  scene->height = keep.y1 - keep.y0;
}

DgColor
dg_scene_get_background (const DgScene *scene)
{
  DgColor none = { 0, 0, 0, 0 };
  g_return_val_if_fail (scene != NULL, none);
  return scene->background;
}

const char *
dg_scene_get_title (const DgScene *scene)
{
  g_return_val_if_fail (scene != NULL, NULL);
  return scene->title;
}

guint
dg_scene_n_items (const DgScene *scene)
{
  g_return_val_if_fail (scene != NULL, 0);
  return scene->items->len;
}

const DgSceneItem *
dg_scene_item (const DgScene *scene, guint index)
{
  g_return_val_if_fail (scene != NULL, NULL);
  g_return_val_if_fail (index < scene->items->len, NULL);
  return g_ptr_array_index (scene->items, index);
}

void
dg_scene_tag_items (DgScene *scene, guint from, const char *id)
{
  g_return_if_fail (scene != NULL);
  const char *interned = g_intern_string (id);
  for (guint i = from; i < scene->items->len; i++)
    ((DgSceneItem *) scene->items->pdata[i])->id = interned;
}

static DgColor
blend (DgColor c, DgColor onto, double factor)
{
  return (DgColor) { c.r * factor + onto.r * (1 - factor), c.g * factor + onto.g * (1 - factor),
                     c.b * factor + onto.b * (1 - factor), c.a };
}

void
dg_scene_fade_items (DgScene *scene, guint from, double factor)
{
  g_return_if_fail (scene != NULL && factor >= 0 && factor <= 1);
  for (guint i = from; i < scene->items->len; i++)
    {
      DgSceneItem *item = scene->items->pdata[i];
      item->fill = blend (item->fill, scene->background, factor);
      item->stroke = blend (item->stroke, scene->background, factor);
      item->core = blend (item->core, scene->background, factor);
    }
}

void
dg_scene_flatten_item (DgScene *scene, guint index)
{
  g_return_if_fail (scene != NULL && index < scene->items->len);
  DgSceneItem *item = scene->items->pdata[index];
  double factor = CLAMP (item->opacity, 0.0, 1.0);
  item->fill = blend (item->fill, scene->background, factor);
  item->stroke = blend (item->stroke, scene->background, factor);
  item->opacity = 1.0;
}

void
dg_scene_set_preferred_scale (DgScene *scene, double scale)
{
  g_return_if_fail (scene != NULL && scale > 0 && isfinite (scale));
  scene->preferred_scale = scale;
}

double
dg_scene_get_preferred_scale (const DgScene *scene)
{
  g_return_val_if_fail (scene != NULL, 1.0);
  return scene->preferred_scale;
}

double
dg_scene_output_scale (const DgScene *scene, double width)
{
  g_return_val_if_fail (scene != NULL, 1.0);
  return width > 0 ? width / scene->frame_width : scene->preferred_scale;
}

double
dg_scene_get_smallest_text (const DgScene *scene)
{
  g_return_val_if_fail (scene != NULL, 0);
  double smallest = 0;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      if (item->kind == DG_ITEM_TEXT && item->text != NULL && item->text[0] != '\0' && item->font_size > 0
          && (smallest == 0 || item->font_size < smallest))
        smallest = item->font_size;
    }
  return smallest;
}
