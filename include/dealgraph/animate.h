/* animate.h — timelines in motion: tweened figures between stages, and animated outputs. */
#pragma once

#include <glib.h>
#include "model.h"
#include "theme.h"
#include "layout.h"
#include "scene.h"
#include "render.h"

G_BEGIN_DECLS

/* How progress through a transition is paced. */
typedef enum {
  DG_EASING_LINEAR,
  DG_EASING_IN_OUT_CUBIC, /* slow start, slow end */
} DgEasing;

/* Parses "linear" or "ease-in-out" (also "cubic", "ease-in-out-cubic"). */
gboolean dg_easing_from_string (const char *name, DgEasing *out);
/* @t clamped to [0, 1], eased; 0 → 0 and 1 → 1 for every easing. */
double dg_easing_apply (DgEasing easing, double t);

typedef struct {
  guint version;
  DgEasing easing;
  /* Endings play first, changes in the middle, beginnings last, so a reader
   * sees what goes before what comes; FALSE plays all at once. */
  gboolean stagger;
  /* The canvas in points; 0 takes the larger of the two scenes. Scenes
   * smaller than the canvas are centred on it. */
  double width, height;
} DgTweenOptions;

#define DG_TWEEN_OPTIONS_VERSION 1
#define DG_TWEEN_OPTIONS_INIT { DG_TWEEN_OPTIONS_VERSION, DG_EASING_IN_OUT_CUBIC, TRUE, 0.0, 0.0 }
/* DG_TWEEN_OPTIONS_INIT as a function (see dealgraph.h, "Options"). */
gboolean dg_tween_options_init (DgTweenOptions *options, guint version);

/**
 * dg_scene_tween:
 * @a: the figure of stage @stage_a, as dg_scene_build() made it
 * @b: the figure of stage @stage_b
 * @t: how far from @a (0) to @b (1); clamped
 * @graph: (nullable): the graph both were built from; without it a tie whose
 *   value or terms change is shown as one ending and another beginning
 *
 * The figure @t of the way from @a to @b. Items are matched by what they
 * stand for (role, party, tie, stage; for a tie that changed between the two
 * stages, see dg_timeline_changes(), its old and new tie count as one):
 * matched items move, resize and recolour (Bézier curves of different
 * lengths are resampled to match), items only in @a fade out and those only
 * in @b fade in, parties and labels growing from / shrinking to their centre
 * and ties drawing themselves from tail to head. Deterministic: the same
 * arguments give the same scene. Borrows nothing. Returns a new scene (free
 * with dg_scene_free); at @t = 0 it draws like @a, at @t = 1 like @b.
 */
DgScene *dg_scene_tween (const DgScene *a, const DgScene *b, double t,
                         const DgGraph *graph, guint stage_a, guint stage_b,
                         const DgTweenOptions *options);

/* ---- whole-timeline animations ----------------------------------------- */

typedef struct {
  guint version;
  double hold;     /* seconds each stage stays on screen */
  double tween;    /* seconds each transition takes; 0 cuts */
  double fps;      /* frames per second of the frame sequence and the WebP */
  DgEasing easing;
  gboolean stagger; /* see DgTweenOptions */
  /* After the last stage, a transition back to the first, so that a looping
   * player (WebP, animated SVG) starts over smoothly. */
  gboolean loop;
  /* Version 2: the stages to play, in this order (indices into the graph's
   * timeline, @n_stages of them, borrowed for dg_animation_new()); NULL:
   * every stage in timeline order. Each figure is the stage's own, so its
   * caption, timeline strip and ghosts say where it sits in the whole
   * timeline; a transition between two stages that are not neighbours
   * shows everything that changed between them at once. */
  const guint *stages;
  guint n_stages;
} DgAnimateOptions;

#define DG_ANIMATE_OPTIONS_VERSION 2
#define DG_ANIMATE_OPTIONS_INIT \
  { DG_ANIMATE_OPTIONS_VERSION, 2.0, 1.0, 25.0, DG_EASING_IN_OUT_CUBIC, TRUE, TRUE, NULL, 0 }
/* DG_ANIMATE_OPTIONS_INIT as a function (see dealgraph.h, "Options"). */
gboolean dg_animate_options_init (DgAnimateOptions *options, guint version);

/**
 * DgAnimation:
 * Every stage of a timeline (or those DgAnimateOptions.stages names) as a
 * figure, and the schedule that plays them: the first held for @hold
 * seconds, a @tween-second transition to the second, and so on. Time is cut
 * into frames of 1/@fps seconds.
 */
typedef struct DgAnimation DgAnimation;

/**
 * dg_animation_new:
 * Builds the figure of every stage of @graph it plays (see dg_scene_build()).
 * Keeps a reference on @graph and copies what it needs of @theme and the
 * options, so @layout, @theme and the options may go once it returns. Returns a new animation (free with
 * dg_animation_free), or NULL with DG_ERROR_USAGE for options out of range
 * (hold and tween not both 0, each 0..3600 s; fps 1..120; stages that are
 * not the graph's, or none).
 */
DgAnimation *dg_animation_new (const DgGraph *graph, const DgLayout *layout,
                               const DgTheme *theme, const DgSceneOptions *scene_options,
                               const DgAnimateOptions *options, GError **error);
void dg_animation_free (DgAnimation *animation); /* accepts NULL */

/* Seconds one play-through lasts. */
double dg_animation_get_duration (const DgAnimation *animation);
/* Frames of one play-through at the animation's fps (at least 1). */
guint dg_animation_n_frames (const DgAnimation *animation);
/* The figure shown at frame @frame (< dg_animation_n_frames()), on a canvas
 * the size of the largest stage figure. Returns a new scene. */
DgScene *dg_animation_frame (const DgAnimation *animation, guint frame);
/* How many stages it plays. */
guint dg_animation_n_stages (const DgAnimation *animation);
/* The figure of the @i-th stage it plays (the graph's stage @i unless
 * DgAnimateOptions.stages chose others), as dg_scene_build() made it.
 * Borrowed. */
const DgScene *dg_animation_stage_scene (const DgAnimation *animation, guint i);

/**
 * dg_animation_render_pngs:
 * Every frame as PNG bytes, in order (frames that look alike share their
 * bytes), drawn on @n_jobs threads (0: one per core). Returns a new
 * GPtrArray of GBytes, or NULL with DG_ERROR_RENDER.
 */
GPtrArray *dg_animation_render_pngs (const DgAnimation *animation,
                                     const DgRenderOptions *options, guint n_jobs,
                                     GError **error);

/**
 * dg_animation_render_webp:
 * The animation as a lossless animated WebP that loops forever; a held
 * stage is one frame shown for the whole hold. Frames are drawn on @n_jobs
 * threads (0: one per core); the bytes do not depend on @n_jobs. Returns new
 * bytes, or NULL with DG_ERROR_RENDER (e.g. a canvas over 16383 pixels).
 */
GBytes *dg_animation_render_webp (const DgAnimation *animation,
                                  const DgRenderOptions *options, guint n_jobs,
                                  GError **error);

/**
 * dg_animation_render_svg:
 * The animation as one SVG that plays and loops by itself with CSS
 * animations (no script): each party, tie and piece of furniture is drawn
 * once per look it takes and faded in and out on the animation's schedule.
 * @options->width scales the figure (0: natural size). Returns new bytes, or
 * NULL with DG_ERROR_RENDER.
 */
GBytes *dg_animation_render_svg (const DgAnimation *animation,
                                 const DgRenderOptions *options, GError **error);

typedef struct {
  guint version;
  /* The page template; NULL: viewer.html in dg_theme_template_dir(). */
  const char *template_path;
  /* Open in step mode: one stage per key press or click, no autoplay. */
  gboolean step;
} DgViewerOptions;

#define DG_VIEWER_OPTIONS_VERSION 1
#define DG_VIEWER_OPTIONS_INIT { DG_VIEWER_OPTIONS_VERSION, NULL, FALSE }
/* DG_VIEWER_OPTIONS_INIT as a function (see dealgraph.h, "Options"). */
gboolean dg_viewer_options_init (DgViewerOptions *options, guint version);

/**
 * dg_animation_render_html:
 * One self-contained HTML page (no network requests, no external scripts or
 * fonts) that shows the timeline with a slider, play/pause, previous/next,
 * keyboard control, smooth transitions and tooltips on ties, filled into the
 * template. Every text from the graph is escaped. @options->width sets the
 * figure's width (0: natural size, shrunk to fit the window). Returns new
 * bytes, or NULL with DG_ERROR_THEME (template unreadable or without its
 * placeholders) or DG_ERROR_RENDER.
 */
GBytes *dg_animation_render_html (const DgAnimation *animation,
                                  const DgRenderOptions *options,
                                  const DgViewerOptions *viewer, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgAnimation, dg_animation_free)

G_END_DECLS
