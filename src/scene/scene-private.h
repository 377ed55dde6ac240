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

/* Whether the segment @a–@b meets @box (its edges included). */
gboolean dg_segment_meets_box (DgPoint a, DgPoint b, const DgBox *box);

#include "diff.h"

/* What a diff figure marks (see dg_diff_scene_build()); arrays are indexed
 * by party / tie index and borrowed for the call. */
typedef struct {
  guint from;                 /* the earlier stage: its ended things are drawn too */
  const DgMark *party_marks;
  const DgMark *tie_marks;
  char *const *tie_labels;    /* a label replacing the tie's caption, or NULL */
  const char *caption;        /* replaces the stage caption */
  /* Not a diff figure but a stage figure's ghosts (dg_scene_build()): the
   * ties that ended at the stage, marked ENDED; @from is the stage before,
   * @tie_labels and @caption are NULL, and the figure keeps the furniture
   * of a stage figure (one legend for the timeline, one stage marked). */
  gboolean ghosts;
} DgSceneMarks;

/**
 * dg_scene_build_marked:
 * dg_scene_build() of @stage with @marks applied: parties and ties that
 * ENDED are drawn as well, every mark is styled with the theme's
 * [change …] look, the legend also explains the marks, and the timeline
 * strip marks both stages. @marks NULL is dg_scene_build().
 */
DgScene *dg_scene_build_marked (const DgGraph *graph, const DgLayout *layout, const DgTheme *theme,
                                guint stage, const DgSceneOptions *options, const DgSceneMarks *marks);

/**
 * dg_scene_build_legend:
 * The legend of every party kind, tie kind and styled term of @graph (all
 * stages), and of the ghosts of ended ties when a stage figure of @layout
 * draws one, laid out in rows @width points wide from (0, 0), with no margin:
 * for a figure that shares one legend between panels (dg_strip_scene_build()).
 * Returns a new scene as tall as its rows.
 */
DgScene *dg_scene_build_legend (const DgGraph *graph, const DgLayout *layout, const DgTheme *theme, double width);

/* Where the items of a Graphviz drawing go (dg_scene_add_drawing). */
typedef struct {
  DgRole role;
  int party;            /* index or -1 */
  int tie;              /* index or -1 */
  DgPoint offset;       /* added to every coordinate */
  double opacity;
  const DgColor *pen;   /* nullable: replaces every line colour (a change mark's) */
  const DgColor *text;  /* nullable: replaces every text colour */
} DgDrawingTarget;

/**
 * dg_scene_add_drawing:
 * Appends one item per drawing operation of @ops (xdot 1.7, as in a
 * DgDrawing) to @scene, in order: ellipses as SHAPE items, polygons as
 * POLYGON, Béziers and polylines as CURVE (filled ones with a fill), text
 * as TEXT laid out with dealgraph's text code. Colours, line styles and
 * fonts are the drawing's own, as Graphviz made it from the element's look.
 * Unreadable @ops add nothing.
 */
void dg_scene_add_drawing (DgScene *scene, const char *ops, const DgDrawingTarget *target);

/* Cuts @scene to @keep (points of its frame): every item moves by
 * (-keep.x0, -keep.y0) and the scene takes @keep's size; its frame size
 * (dg_scene_get_frame_width()) stays, and with it the scale a render width
 * gives. Items outside @keep stay, and are clipped when drawn. */
void dg_scene_crop (DgScene *scene, DgBox keep);

/* The scale @scene asks to be drawn at when no width is given (see
 * dg_scene_get_preferred_scale()); positive. */
void dg_scene_set_preferred_scale (DgScene *scene, double scale);

/* Sets @id (interned) on the items @from … the last of @scene. */
void dg_scene_tag_items (DgScene *scene, guint from, const char *id);
/* Fades items @from to the last towards the background: their colours keep
 * @factor (0–1) of themselves. Opaque colours, not opacity: an item drawn
 * translucent goes through a cairo group, which costs more and which
 * cairo 1.16's SVG writer reads uninitialised memory in (valgrind). */
void dg_scene_fade_items (DgScene *scene, guint from, double factor);
/* Item @index drawn opaque, its colours faded as dg_scene_fade_items()
 * fades them by its opacity: the same look over the scene's background,
 * without the translucency. */
void dg_scene_flatten_item (DgScene *scene, guint index);
