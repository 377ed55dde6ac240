/* scene.h — one figure as a list of styled items, ready to draw. */
#pragma once

#include <glib.h>
#include "model.h"
#include "theme.h"
#include "layout.h"

G_BEGIN_DECLS

typedef enum {
  DG_ITEM_SHAPE,    /* a party outline or a group box: @shape in @box */
  DG_ITEM_CURVE,    /* an open cubic Bézier, @points (3k+1) */
  DG_ITEM_POLYGON,  /* a closed polygon, @points (arrowheads, markers, swatches) */
  DG_ITEM_TEXT,     /* @text laid out in @box (top-left, measured size) */
} DgItemKind;

/* What an item stands for, so tests and exporters can find things. */
typedef enum {
  DG_ROLE_PARTY,
  DG_ROLE_PARTY_LABEL,
  DG_ROLE_TIE,
  DG_ROLE_TIE_ARROW,
  DG_ROLE_TIE_LABEL,
  DG_ROLE_GROUP,
  DG_ROLE_GROUP_LABEL,
  DG_ROLE_TITLE,
  DG_ROLE_CAPTION,
  DG_ROLE_TIMELINE,
  DG_ROLE_TIMELINE_LABEL,
  DG_ROLE_LEGEND,
  DG_ROLE_LEGEND_LABEL,
  DG_ROLE_CREDIT,
  /* The key before a row of a stacked tie label block (the labels of the
   * parallel ties between two parties): a sample of the row's tie's line
   * and end marker, so the row is read as that line's. */
  DG_ROLE_TIE_KEY,
} DgRole;

typedef enum {
  DG_ALIGN_LEFT,
  DG_ALIGN_CENTER,
  DG_ALIGN_RIGHT,
} DgAlign;

/**
 * DgSceneItem:
 * One thing to draw, in painting order. Coordinates are points in the
 * figure's space (origin top-left, y down). Colours are not premultiplied;
 * @opacity multiplies everything the item paints. A colour with a == 0 is not
 * painted. @party / @tie / @stage are indices or -1.
 * TEXT is drawn in @stroke; a painted @fill is a halo filling @box behind it.
 */
typedef struct {
  DgItemKind kind;
  DgRole role;
  int party;
  int tie;
  int stage;

  DgShape shape;       /* SHAPE */
  DgBox box;           /* SHAPE, TEXT */
  guint n_points;      /* CURVE, POLYGON */
  DgPoint *points;

  DgColor fill;
  DgColor stroke;
  double line_width;
  DgDash dash;
  gboolean double_line; /* CURVE: two parallel strokes of @line_width/3 */
  /* CURVE: when painted (a > 0), the curve is a hollow band @line_width wide:
   * its inside is @core and its two edges @stroke (dashed by @dash, the
   * inside staying whole). With @double_line, two such bands, each
   * 0.4 × @line_width wide, with a gap of 0.2 × @line_width between them. */
  DgColor core;
  double opacity;

  char *text;          /* TEXT: UTF-8, plain (not markup); may hold '\n' */
  const char *font;    /* TEXT: Pango family list */
  double font_size;    /* TEXT: points */
  gboolean bold;
  gboolean italic;
  DgAlign align;

  /* What the item stands for beyond @party, @tie and @stage, the same in
   * every figure of a timeline: "group ID" for a group's box and label,
   * "legend KIND:NAME" for a legend entry's swatch and text; NULL for the
   * rest. Interned (g_intern_string): compare with ==. Animations match
   * items across stages by it. */
  const char *id;
} DgSceneItem;

typedef struct {
  guint version;
  gboolean title;    /* graph label at the top */
  gboolean caption;  /* stage label and date */
  gboolean timeline; /* the strip of stages along the bottom */
  gboolean legend;   /* the kinds actually drawn */
  gboolean credit;   /* graph source */
  gboolean changes;  /* under the caption, what changed since the stage before
                        (see dg_diff_caption_lines()); off by default */
  /* Since version 2. The figure cut to what it draws, plus the theme's
   * margin, instead of the frame every stage of the timeline shares: the
   * rows of furniture close up on the graph this stage draws. Coordinates
   * keep their scale, and a render width scales the shared frame, not the
   * cut (see dg_scene_get_frame_width()), so cropped figures of one
   * timeline are drawn at one scale. For single figures: animations and
   * strips ignore it. Off by default. */
  gboolean crop;
} DgSceneOptions;

#define DG_SCENE_OPTIONS_VERSION 2
#define DG_SCENE_OPTIONS_INIT { DG_SCENE_OPTIONS_VERSION, TRUE, TRUE, TRUE, TRUE, TRUE, FALSE, FALSE }
/* DG_SCENE_OPTIONS_INIT as a function (see dealgraph.h, "Options"). */
gboolean dg_scene_options_init (DgSceneOptions *options, guint version);

typedef struct DgScene DgScene;

/**
 * dg_scene_build:
 * Styles the parties and ties active at @stage with @theme, places them at
 * @layout's geometry for that stage, and adds the furniture @options asks for.
 * A tie that ended at @stage (active at the stage before, and not continued
 * by a tie that changed; see dg_timeline_changes()) is drawn too, once, as a
 * ghost: with the theme's [change ended] look, its label reading
 * "ended · …", and "ended" in the legend; unless the theme's [theme]
 * show-ended is false, either of its parties is no longer drawn, or the
 * stage's geometry has no place for it (stage layouts). Its items carry
 * the tie's index like any tie's: dg_tie_active_at() tells them apart.
 * Borrows nothing: the scene owns copies of all it needs. Returns a new scene
 * (free with dg_scene_free).
 */
DgScene *dg_scene_build (const DgGraph *graph, const DgLayout *layout,
                         const DgTheme *theme, guint stage,
                         const DgSceneOptions *options);
void dg_scene_free (DgScene *scene); /* accepts NULL */

double dg_scene_get_width (const DgScene *scene);  /* points */
double dg_scene_get_height (const DgScene *scene); /* points */
/* The size of the frame a cropped scene (DgSceneOptions.crop) was cut
 * from, in points; a scene that is not cropped is its own frame. A render
 * width is the width of this frame, so every crop of one frame has one
 * scale. */
double dg_scene_get_frame_width (const DgScene *scene);
double dg_scene_get_frame_height (const DgScene *scene);
DgColor dg_scene_get_background (const DgScene *scene);
/* A one-line description for accessibility (SVG <title>, PDF title). */
const char *dg_scene_get_title (const DgScene *scene);
/* The scale the graph asks its figure to be drawn at: from its DOT `size`
 * ("7,5" in inches shrinks a larger figure to fit; "7,5!" also enlarges a
 * smaller one), 1 when it sets none. A render width (DgRenderOptions.width)
 * overrides it. */
double dg_scene_get_preferred_scale (const DgScene *scene);
/* Points of output per point of @scene when its frame is drawn @width
 * points wide (the scene itself, unless cropped), or at its preferred
 * scale when @width is 0. */
double dg_scene_output_scale (const DgScene *scene, double width);
/* The size of the smallest text @scene holds, in its points (multiply by
 * dg_scene_output_scale() for the size on the page); 0 when it holds none. */
double dg_scene_get_smallest_text (const DgScene *scene);
guint dg_scene_n_items (const DgScene *scene);
const DgSceneItem *dg_scene_item (const DgScene *scene, guint index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgScene, dg_scene_free)

/* What would make a reader misread a figure (dg_scene_audit()). */
typedef enum {
  DG_FAULT_LABEL_AWAY,      /* a tie label nearer another tie's line than its own, and
                               neither on its line nor led to it by a leader line */
  DG_FAULT_TIE_UNDER_PARTY, /* a tie's line runs under a party it does not join,
                               so it seems to end there */
  DG_FAULT_OVERLAP,         /* a text overlaps another text, a party it does not
                               name, or an end marker; or end markers of two
                               ties overlap */
  DG_FAULT_CROSSED_LABEL,   /* a tie's line crosses a group's label */
} DgFaultKind;

typedef struct {
  DgFaultKind kind;
  guint item; /* the item at fault: a label, a tie's line, a text */
  int other;  /* the item it meets: the nearer line, the party, the text or
                 marker it covers, the crossing line */
} DgSceneFault;

/**
 * dg_scene_audit:
 * Looks at @scene as a reader would and lists what could be misread: labels
 * nearer another tie than their own, lines under parties they do not join,
 * overlapping text, crossed group labels. @graph is the one @scene was built
 * from (for the ties' ends). Returns a new array of DgSceneFault in item
 * order, empty when the figure has none; release it with g_array_unref().
 */
GArray *dg_scene_audit (const DgScene *scene, const DgGraph *graph);

/* A short English name of @kind ("tie under a party"); static. */
const char *dg_fault_kind_name (DgFaultKind kind);

G_END_DECLS
