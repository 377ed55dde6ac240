/* scene-private.h — building a scene item by item (the scene builder and tests). */
#pragma once

#include "scene.h"

/**
 * dg_scene_new:
 * Returns a new, empty scene of @width × @height points with @background and
 * a copy of @title (NULL gives ""). Free with dg_scene_free.
 */
DgScene *dg_scene_new (double width, double height, DgColor background,
                       const char *title);

/**
 * dg_scene_add_item:
 * Appends a zeroed item of @kind and @role to @scene, with party, tie and
 * stage set to -1 and opacity 1, and returns it for the caller to fill in.
 * The scene owns the item and frees its @points and @text (set them with
 * g_new / g_strdup); @font is borrowed and must outlive the scene (use a
 * string literal or g_intern_string). The pointer stays valid until the
 * scene is freed.
 */
DgSceneItem *dg_scene_add_item (DgScene *scene, DgItemKind kind, DgRole role);
