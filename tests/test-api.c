/* test-api.c — the public API as a whole: options as functions, one lifetime rule for every type. */
#include <criterion/criterion.h>
#include <malloc.h>
#include <string.h>

#include "dealgraph.h"
#include "dg-test.h"

/* ------------------------------------------------------------------------ */
/* The options_init functions: the macros as functions */

/* @init fills a zeroed struct exactly as @MACRO does, padding included
 * (a static object's padding is zero, and so is the zeroed struct's). A
 * string the macro points to is compared by its text first (@FIXUP,
 * SAME_STRING), then taken as the macro's: two copies of one literal need
 * not share an address (they do not under AddressSanitizer). */
#define CHECK_EQUALS_MACRO(Type, init, MACRO, VERSION, FIXUP)                                   \
  do                                                                                            \
    {                                                                                           \
      static const Type macro = MACRO;                                                          \
      Type fn;                                                                                  \
      memset (&fn, 0, sizeof fn);                                                               \
      cr_assert (init (&fn, VERSION), #init " refused version %u", (guint) (VERSION));         \
      FIXUP;                                                                                    \
      cr_assert (memcmp (&fn, &macro, sizeof fn) == 0, #init " differs from " #MACRO);          \
      cr_assert_eq (fn.version, (guint) (VERSION));                                             \
    }                                                                                           \
  while (0)

#define SAME_STRING(field)                                                                      \
  do                                                                                            \
    {                                                                                           \
      cr_assert_str_eq (fn.field, macro.field);                                                 \
      fn.field = macro.field;                                                                   \
    }                                                                                           \
  while (0)

Test (options, each_init_function_equals_its_macro)
{
  CHECK_EQUALS_MACRO (DgLoadOptions, dg_load_options_init, DG_LOAD_OPTIONS_INIT, DG_LOAD_OPTIONS_VERSION, (void) 0);
  CHECK_EQUALS_MACRO (DgLayoutOptions, dg_layout_options_init, DG_LAYOUT_OPTIONS_INIT, DG_LAYOUT_OPTIONS_VERSION,
                      SAME_STRING (engine));
  CHECK_EQUALS_MACRO (DgSceneOptions, dg_scene_options_init, DG_SCENE_OPTIONS_INIT, DG_SCENE_OPTIONS_VERSION, (void) 0);
  CHECK_EQUALS_MACRO (DgRenderOptions, dg_render_options_init, DG_RENDER_OPTIONS_INIT, DG_RENDER_OPTIONS_VERSION,
                      (void) 0);
  CHECK_EQUALS_MACRO (DgTweenOptions, dg_tween_options_init, DG_TWEEN_OPTIONS_INIT, DG_TWEEN_OPTIONS_VERSION, (void) 0);
  CHECK_EQUALS_MACRO (DgAnimateOptions, dg_animate_options_init, DG_ANIMATE_OPTIONS_INIT,
                      DG_ANIMATE_OPTIONS_VERSION, (void) 0);
  CHECK_EQUALS_MACRO (DgViewerOptions, dg_viewer_options_init, DG_VIEWER_OPTIONS_INIT, DG_VIEWER_OPTIONS_VERSION,
                      (void) 0);
  CHECK_EQUALS_MACRO (DgStripOptions, dg_strip_options_init, DG_STRIP_OPTIONS_INIT, DG_STRIP_OPTIONS_VERSION, (void) 0);
  CHECK_EQUALS_MACRO (DgExportOptions, dg_export_options_init, DG_EXPORT_OPTIONS_INIT, DG_EXPORT_OPTIONS_VERSION,
                      (void) 0);
  CHECK_EQUALS_MACRO (DgFigureSetOptions, dg_figure_set_options_init, DG_FIGURE_SET_OPTIONS_INIT,
                      DG_FIGURE_SET_OPTIONS_VERSION, (void) 0);
}

/* A version the library does not know (0, or one newer than its headers)
 * is refused and nothing is written. */
#define CHECK_REFUSES(Type, init, VERSION)                                                       \
  do                                                                                             \
    {                                                                                            \
      Type fn;                                                                                   \
      memset (&fn, 0xa5, sizeof fn);                                                             \
      cr_assert (!init (&fn, 0), #init " took version 0");                                       \
      cr_assert (!init (&fn, (VERSION) + 1), #init " took version %u", (guint) (VERSION) + 1);  \
      for (gsize i = 0; i < sizeof fn; i++)                                                      \
        cr_assert_eq (((const guint8 *) &fn)[i], 0xa5, #init " wrote into a struct it refused"); \
    }                                                                                            \
  while (0)

Test (options, unknown_versions_are_refused)
{
  CHECK_REFUSES (DgLoadOptions, dg_load_options_init, DG_LOAD_OPTIONS_VERSION);
  CHECK_REFUSES (DgLayoutOptions, dg_layout_options_init, DG_LAYOUT_OPTIONS_VERSION);
  CHECK_REFUSES (DgSceneOptions, dg_scene_options_init, DG_SCENE_OPTIONS_VERSION);
  CHECK_REFUSES (DgRenderOptions, dg_render_options_init, DG_RENDER_OPTIONS_VERSION);
  CHECK_REFUSES (DgTweenOptions, dg_tween_options_init, DG_TWEEN_OPTIONS_VERSION);
  CHECK_REFUSES (DgAnimateOptions, dg_animate_options_init, DG_ANIMATE_OPTIONS_VERSION);
  CHECK_REFUSES (DgViewerOptions, dg_viewer_options_init, DG_VIEWER_OPTIONS_VERSION);
  CHECK_REFUSES (DgStripOptions, dg_strip_options_init, DG_STRIP_OPTIONS_VERSION);
  CHECK_REFUSES (DgExportOptions, dg_export_options_init, DG_EXPORT_OPTIONS_VERSION);
  CHECK_REFUSES (DgFigureSetOptions, dg_figure_set_options_init, DG_FIGURE_SET_OPTIONS_VERSION);
}

/* A program built against version 1 of a struct that has grown since has
 * room for version 1's fields only: those are set, nothing after them. */
#define CHECK_OLD_VERSION(Type, init, MACRO, first_new)                                         \
  do                                                                                            \
    {                                                                                           \
      static const Type macro = MACRO;                                                          \
      Type fn;                                                                                  \
      memset (&fn, 0xa5, sizeof fn);                                                            \
      cr_assert (init (&fn, 1), #init " refused version 1");                                   \
      gsize end = G_STRUCT_OFFSET (Type, first_new);                                            \
      cr_assert_eq (fn.version, 1u);                                                            \
      cr_assert (memcmp ((const guint8 *) &fn + sizeof (guint), (const guint8 *) &macro + sizeof (guint), \
                         end - sizeof (guint)) == 0, #init " (1) differs from " #MACRO);        \
      for (gsize i = end; i < sizeof fn; i++)                                                   \
        cr_assert_eq (((const guint8 *) &fn)[i], 0xa5, #init " (1) wrote past version 1's fields"); \
    }                                                                                           \
  while (0)

Test (options, an_old_version_gets_its_own_fields_only)
{
  CHECK_OLD_VERSION (DgLoadOptions, dg_load_options_init, DG_LOAD_OPTIONS_INIT, graph_attrs);
  CHECK_OLD_VERSION (DgSceneOptions, dg_scene_options_init, DG_SCENE_OPTIONS_INIT, crop);
  CHECK_OLD_VERSION (DgAnimateOptions, dg_animate_options_init, DG_ANIMATE_OPTIONS_INIT, stages);
  CHECK_OLD_VERSION (DgStripOptions, dg_strip_options_init, DG_STRIP_OPTIONS_INIT, panel_text);
}

/* ------------------------------------------------------------------------ */
/* Lifetimes (dealgraph.h): what you get from a non-const return is yours,
 * and nothing keeps what it was made from */

/* Every opaque type's free function accepts NULL (under G_DEBUG=
 * fatal-criticals a critical would end the test), and g_autoptr() works
 * for each. tests/exports-test.py checks in the headers that no opaque
 * type lacks them. */
Test (lifetime, every_free_accepts_null)
{
  g_autoptr (DgGraph) graph = NULL;
  g_autoptr (DgTheme) theme = NULL;
  g_autoptr (DgLooks) looks = NULL;
  g_autoptr (DgLayout) layout = NULL;
  g_autoptr (DgScene) scene = NULL;
  g_autoptr (DgAnimation) animation = NULL;
  g_autoptr (DgDiff) diff = NULL;
  g_autoptr (DgOutputSet) set = NULL;
  g_autoptr (DgFigureSet) figures = NULL;
  dg_graph_unref (NULL);
  dg_theme_free (NULL);
  dg_looks_free (NULL);
  dg_layout_free (NULL);
  dg_scene_free (NULL);
  dg_animation_free (NULL);
  dg_diff_free (NULL);
  dg_output_set_free (NULL);
  dg_figure_set_free (NULL);
}

/* An animation's HTML and SVG, and a frame as PNG, in one buffer. */
static GBytes *
animation_outputs (const DgAnimation *animation)
{
  g_autoptr (GError) error = NULL;
  DgRenderOptions render = DG_RENDER_OPTIONS_INIT;
  DgViewerOptions viewer = DG_VIEWER_OPTIONS_INIT;
  g_autoptr (GBytes) html = dg_animation_render_html (animation, &render, &viewer, &error);
  cr_assert_not_null (html, "%s", error != NULL ? error->message : "?");
  g_autoptr (GBytes) svg = dg_animation_render_svg (animation, &render, &error);
  cr_assert_not_null (svg, "%s", error != NULL ? error->message : "?");
  g_autoptr (DgScene) frame = dg_animation_frame (animation, dg_animation_n_frames (animation) / 3);
  g_autoptr (GBytes) png = dg_render_scene (frame, DG_FORMAT_PNG, &render, &error);
  cr_assert_not_null (png, "%s", error != NULL ? error->message : "?");
  GByteArray *all = g_byte_array_new ();
  g_byte_array_append (all, g_bytes_get_data (html, NULL), (guint) g_bytes_get_size (html));
  g_byte_array_append (all, g_bytes_get_data (svg, NULL), (guint) g_bytes_get_size (svg));
  g_byte_array_append (all, g_bytes_get_data (png, NULL), (guint) g_bytes_get_size (png));
  return g_byte_array_free_to_bytes (all);
}

/* A DgAnimation once borrowed its graph, layout and theme, which had to
 * outlive it: a binding's garbage collector, or a caller freeing in the
 * natural order, left it reading freed memory. Now it draws the same with
 * all three gone. Freed memory is overwritten (M_PERTURB), so a read of
 * it shows in the bytes even without AddressSanitizer. */
Test (lifetime, an_animation_outlives_what_it_was_made_from, .timeout = 120)
{
  mallopt (M_PERTURB, 0x5a);
  DgAnimateOptions options = DG_ANIMATE_OPTIONS_INIT;
  options.fps = 2;
  DgGraph *graph = dg_test_load_deal ();
  DgTheme *theme = dg_test_load_theme ("dark");
  DgLayout *layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  g_autoptr (GError) error = NULL;
  g_autoptr (DgAnimation) kept = dg_animation_new (graph, layout, theme, NULL, &options, &error);
  cr_assert_not_null (kept, "%s", error != NULL ? error->message : "?");
  g_autoptr (GBytes) before = animation_outputs (kept);
  g_autoptr (DgAnimation) alone = dg_animation_new (graph, layout, theme, NULL, &options, &error);
  cr_assert_not_null (alone, "%s", error != NULL ? error->message : "?");
  g_clear_pointer (&kept, dg_animation_free);
  dg_layout_free (layout);
  dg_theme_free (theme);
  dg_graph_unref (graph);
  /* Whatever comes next may take the freed memory. */
  g_autoptr (DgTheme) other = dg_test_load_theme ("grayscale");
  g_autoptr (GBytes) after = animation_outputs (alone);
  cr_assert (g_bytes_equal (before, after), "the animation changed once its graph, layout and theme were freed");
}
