/* dg-text-private.h — laying out text exactly as the renderer draws it. */
#pragma once

#include <pango/pangocairo.h>
#include "scene.h"

/* Makes @context measure in points, without hinting, so text has the same
 * size in every output format and at every resolution. */
void dg_text_setup_context (PangoContext *context);

/* A layout of @text in @font at @size points. Free with g_object_unref. */
PangoLayout *dg_text_layout_new (PangoContext *context, const char *text,
                                 const char *font, double size, gboolean bold,
                                 gboolean italic, DgAlign align);

/* A measuring context (set up by dg_text_setup_context) whose font map no
 * other thread uses until it is given back with dg_text_context_return.
 * Create drawing contexts from its font map rather than through
 * pango_cairo_create_context(), whose per-thread font map outlives the
 * thread's work. Thread-safe. */
PangoContext *dg_text_context_borrow (void);

/* Gives @context (from dg_text_context_borrow) back; the caller must not use
 * it, or contexts made from its font map, afterwards. Thread-safe. */
void dg_text_context_return (PangoContext *context);

/* The room before each row of a stacked tie label block (points), where
 * the scene draws the row's key, a sample of its tie's line. The layout
 * reserves only DG_LABEL_KEY_ROOM of it: the rest reaches into the gap
 * Graphviz leaves between ranks (ranksep), where the label placer finds
 * room for it, and a wider label would widen the whole figure (each point
 * reserved widened the showcase by one, and its smallest text at 16 cm
 * fell under 6 pt). */
#define DG_LABEL_KEY_WIDTH 18.0
#define DG_LABEL_KEY_ROOM 8.0

/* The logical size of @text in points. Thread-safe. */
void dg_text_measure (const char *text, const char *font, double size,
                      gboolean bold, gboolean italic,
                      double *width, double *height);

/* Like dg_text_measure, also giving the distance from the top to the
 * baseline of the first line. Lines measured once are remembered for the
 * life of the process. Thread-safe. */
void dg_text_measure_line (const char *text, const char *font, double size, gboolean bold, gboolean italic,
                           double *width, double *height, double *baseline);

/* Around fork(), for a child that must not call Pango: a fork copies none
 * of Pango's background threads (fontconfig's initialisation, font
 * sorting), and a child that found one of their locks taken would wait for
 * ever. Call dg_text_fork_prepare just before fork(), then
 * dg_text_fork_parent in the parent and dg_text_fork_child in the child.
 * From then on the child answers only from lines its parent measured
 * (measure every line it will need first); any other line gets an estimate
 * and is counted by dg_text_offline_misses. */
void dg_text_fork_prepare (void);
void dg_text_fork_parent (void);
void dg_text_fork_child (void);

/* Lines estimated rather than measured since the process went offline. */
guint dg_text_offline_misses (void);


/* A line of text in a font, as the layout asks for it. */
typedef struct {
  char *text;
  char *font; /* NULL: the default */
  double size;
  gboolean bold;
  gboolean italic;
} DgTextLine;

void dg_text_line_free (DgTextLine *line); /* accepts NULL */

/* In a layout process: the lines estimated so far (DgTextLine, at most
 * 100,000), for the parent to measure before it lays out again; NULL when
 * none. Borrowed. */
const GPtrArray *dg_text_offline_missed (void);
