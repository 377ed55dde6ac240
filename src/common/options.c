/* options.c — every options struct's defaults as a function, for callers that cannot use the *_INIT macros. */
#include <string.h>

#include "animate.h"
#include "diff.h"
#include "export.h"
#include "figures.h"
#include "layout.h"
#include "load.h"
#include "render.h"
#include "scene.h"

/* Copies the first @sizes[@version] bytes of @defaults to @options (the
 * fields that version has: a caller compiled against it has room for no
 * more) and sets the version, the first field of every options struct.
 * @sizes[0] is unused; @n_sizes is the current version + 1. */
static gboolean
init (gpointer options, gconstpointer defaults, const gsize *sizes, guint n_sizes, guint version)
{
  g_return_val_if_fail (options != NULL, FALSE);
  if (version == 0 || version >= n_sizes)
    return FALSE;
  memcpy (options, defaults, sizes[version]);
  *(guint *) options = version;
  return TRUE;
}

/* An options struct that has had one version. */
#define INIT_V1(Type, options, version, MACRO)                                    \
  do                                                                              \
    {                                                                             \
      static const Type defaults = MACRO;                                         \
      static const gsize sizes[] = { 0, sizeof (Type) };                          \
      return init (options, &defaults, sizes, G_N_ELEMENTS (sizes), version);     \
    }                                                                             \
  while (0)

/* One whose version 2 added fields from @field on. */
#define INIT_V2(Type, options, version, MACRO, field)                                    \
  do                                                                                     \
    {                                                                                    \
      static const Type defaults = MACRO;                                                \
      static const gsize sizes[] = { 0, G_STRUCT_OFFSET (Type, field), sizeof (Type) };  \
      return init (options, &defaults, sizes, G_N_ELEMENTS (sizes), version);            \
    }                                                                                    \
  while (0)

gboolean
dg_load_options_init (DgLoadOptions *options, guint version)
{
  G_STATIC_ASSERT (DG_LOAD_OPTIONS_VERSION == 2);
  INIT_V2 (DgLoadOptions, options, version, DG_LOAD_OPTIONS_INIT, graph_attrs);
}

gboolean
dg_layout_options_init (DgLayoutOptions *options, guint version)
{
  G_STATIC_ASSERT (DG_LAYOUT_OPTIONS_VERSION == 1);
  INIT_V1 (DgLayoutOptions, options, version, DG_LAYOUT_OPTIONS_INIT);
}

gboolean
dg_scene_options_init (DgSceneOptions *options, guint version)
{
  G_STATIC_ASSERT (DG_SCENE_OPTIONS_VERSION == 2);
  INIT_V2 (DgSceneOptions, options, version, DG_SCENE_OPTIONS_INIT, crop);
}

gboolean
dg_render_options_init (DgRenderOptions *options, guint version)
{
  G_STATIC_ASSERT (DG_RENDER_OPTIONS_VERSION == 2);
  INIT_V2 (DgRenderOptions, options, version, DG_RENDER_OPTIONS_INIT, description);
}

gboolean
dg_tween_options_init (DgTweenOptions *options, guint version)
{
  G_STATIC_ASSERT (DG_TWEEN_OPTIONS_VERSION == 1);
  INIT_V1 (DgTweenOptions, options, version, DG_TWEEN_OPTIONS_INIT);
}

gboolean
dg_animate_options_init (DgAnimateOptions *options, guint version)
{
  G_STATIC_ASSERT (DG_ANIMATE_OPTIONS_VERSION == 2);
  INIT_V2 (DgAnimateOptions, options, version, DG_ANIMATE_OPTIONS_INIT, stages);
}

gboolean
dg_viewer_options_init (DgViewerOptions *options, guint version)
{
  G_STATIC_ASSERT (DG_VIEWER_OPTIONS_VERSION == 1);
  INIT_V1 (DgViewerOptions, options, version, DG_VIEWER_OPTIONS_INIT);
}

gboolean
dg_strip_options_init (DgStripOptions *options, guint version)
{
  G_STATIC_ASSERT (DG_STRIP_OPTIONS_VERSION == 2);
  INIT_V2 (DgStripOptions, options, version, DG_STRIP_OPTIONS_INIT, panel_text);
}

gboolean
dg_export_options_init (DgExportOptions *options, guint version)
{
  G_STATIC_ASSERT (DG_EXPORT_OPTIONS_VERSION == 1);
  INIT_V1 (DgExportOptions, options, version, DG_EXPORT_OPTIONS_INIT);
}

gboolean
dg_figure_set_options_init (DgFigureSetOptions *options, guint version)
{
  G_STATIC_ASSERT (DG_FIGURE_SET_OPTIONS_VERSION == 2);
  INIT_V2 (DgFigureSetOptions, options, version, DG_FIGURE_SET_OPTIONS_INIT, alt);
}
