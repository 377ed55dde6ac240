/* animate-private.h — what the tween, the frame encoders and the SVG/HTML writers share. */
#pragma once

#include "animate.h"

/* ---- tween.c ----------------------------------------------------------- */

/* For each tie index of @graph, the tie it continues between @stage_a and
 * @stage_b: itself, or for the new tie of a DG_CHANGE_CHANGED pair the old
 * one. Newly allocated, dg_graph_n_ties() entries (at least 1). */
int *dg_anim_tie_identities (const DgGraph *graph, guint stage_a, guint stage_b);

/* What item @index of @scene stands for, as a string: role, party, tie (mapped
 * through @tie_ident when not NULL), stage for the timeline strip, the label
 * of a group or legend entry, and with @with_kind the item kind. Not unique
 * within a scene (a tie has two arrowheads). Newly allocated. */
char *dg_anim_item_key (const DgScene *scene, guint index, const int *tie_ident, gboolean with_kind);

/* The stable id of the group or legend entry item @index belongs to
 * (DgSceneItem.id: "group ID", "legend tie:license"), or NULL. Borrowed. */
const char *dg_anim_item_label (const DgScene *scene, guint index);

/* Appends to @scene a deep copy of @src moved by (@dx, @dy); returns it. */
DgSceneItem *dg_anim_copy_item (DgScene *scene, const DgSceneItem *src, double dx, double dy);

/* The part of the Bézier @p (3k+1 points) between parameters @t0 and @t1,
 * each segment taking an equal share of [0, 1]. Newly allocated. */
DgPoint *dg_anim_subcurve (const DgPoint *p, guint n, double t0, double t1, guint *out_n);

/* ---- animation.c ------------------------------------------------------- */

const DgGraph *dg_anim_get_graph (const DgAnimation *animation);
/* The theme's furniture style, as the animation was made with it. */
const DgFurnitureStyle *dg_anim_get_furniture (const DgAnimation *animation);
const DgAnimateOptions *dg_anim_get_options (const DgAnimation *animation);
/* How many stages it plays (positions 0…n-1 below and in DgLayers). */
guint dg_anim_n_stages (const DgAnimation *animation);
/* The graph's index of the stage it plays at position @i. */
guint dg_anim_graph_stage (const DgAnimation *animation, guint i);
/* The canvas every frame shares, in points. */
void dg_anim_get_canvas (const DgAnimation *animation, double *width, double *height);
/* The stage figure centred on the canvas. Borrowed. */
const DgScene *dg_anim_canvas_scene (const DgAnimation *animation, guint stage);

/* ---- layers.c: the animation as stacked layers (SVG and HTML) ----------- */

typedef enum {
  DG_BAND_GROUP,
  DG_BAND_TIE,
  DG_BAND_PARTY,
  DG_BAND_TIE_LABEL,
  DG_BAND_FURNITURE,
} DgBand;

/* One look of one thing (a party, a tie, a legend entry…), drawn once. */
typedef struct {
  guint id;        /* position in DgLayers.layers: painting order */
  char *key;       /* what it stands for, shared by all its looks */
  DgBand band;
  int tie;         /* the tie it draws, or -1 */
  int party;       /* the party it draws, or -1 */
  gboolean ended;  /* the ghost of a tie that ended at the stages showing it: not active there */
  gboolean grow;   /* appears by growing from its centre */
  gboolean text;   /* mostly text: a new look waits until the old one is gone */
  gboolean *shown; /* per stage: this look */
  gboolean *key_shown; /* per stage: any look of @key */
  char *markup;    /* SVG elements in the canvas's point space, ids unique */
  GArray *hits;    /* of DgHit: where hovering shows the tie or party, and focus is drawn */
} DgLayer;

typedef enum {
  DG_HIT_CURVE, /* a Bézier (3k+1 points) */
  DG_HIT_BOX,   /* points[0], points[1]: corners */
} DgHitKind;

typedef struct {
  DgHitKind kind;
  guint n_points;
  DgPoint *points;
} DgHit;

typedef struct {
  GPtrArray *layers; /* of DgLayer*, painting order */
  guint n_stages;
} DgLayers;

/* Splits every stage figure of @animation into layers and draws each
 * distinct layer once as SVG. Returns NULL with DG_ERROR_RENDER. */
DgLayers *dg_layers_build (const DgAnimation *animation, GError **error);
void dg_layers_free (DgLayers *layers);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgLayers, dg_layers_free)

/* Whether any look of @layer's key is shown at @stage. */
gboolean dg_layers_key_shown (const DgLayers *layers, const DgLayer *layer, guint stage);

/* How a layer takes part in the transition from @from to @to. */
typedef enum {
  DG_MOVE_STAY_HIDDEN,
  DG_MOVE_STAY_SHOWN,
  DG_MOVE_LEAVE,     /* its thing ends: fades out early */
  DG_MOVE_ENTER,     /* its thing begins: fades in late */
  DG_MOVE_SWAP_OUT,  /* its thing changes look: cross-fades in the middle */
  DG_MOVE_SWAP_IN,
} DgMove;

DgMove dg_layers_move (const DgLayers *layers, const DgLayer *layer, guint from, guint to);

/* ---- svg.c: shared with the HTML viewer ------------------------------- */

/* The background and the layers as <g> elements, in painting order. For
 * HTML each carries its id and tie for the viewer's script; for the
 * animated SVG its animation class. */
void dg_anim_append_figure (GString *out, const DgAnimation *animation, const DgLayers *layers,
                            gboolean for_html);
/* The two halves of dg_anim_append_figure(), for a writer that puts
 * something between them (the viewer's focus rings go under the layers). */
void dg_anim_append_background (GString *out, const DgAnimation *animation);
void dg_anim_append_layers (GString *out, const DgLayers *layers, gboolean for_html);
/* SVG path data for @hit, in canvas points. */
void dg_anim_append_hit_path (GString *out, const DgHit *hit);
/* @v with at most 3 decimals and '.' whatever the locale. */
void dg_anim_append_num (GString *out, double v);
/* The easing as a CSS timing function. */
const char *dg_anim_css_easing (DgEasing easing);

/* Text from the input goes through dg-escape-private.h. */

/* "#rrggbb" for @c (alpha dropped); html.c. */
char *dg_anim_css_color (DgColor c);
