/* render.h — drawing a scene with cairo and pango to SVG, PNG or PDF bytes. */
#pragma once

#include <glib.h>
#include "model.h"
#include "scene.h"

G_BEGIN_DECLS

typedef enum {
  DG_FORMAT_SVG,
  DG_FORMAT_PNG,
  DG_FORMAT_PDF,
} DgFormat;

/* Parses "svg", "png" or "pdf" (case-insensitive). */
gboolean dg_format_from_string (const char *name, DgFormat *out);
const char *dg_format_extension (DgFormat format); /* "svg", … */

typedef struct {
  guint version;
  double dpi;    /* PNG pixels per inch; the scene's points are 1/72 in */
  double width;  /* figure width in points; 0 keeps the scene's own size */
  gint64 date;   /* PDF creation date, Unix seconds; -1: none */
  /* Since version 2: what the SVG and the PDF tell assistive technology
   * (see README "Accessibility"). Both are borrowed for the call. */
  /* The figure in words, the SVG's <desc> and the PDF's subject; NULL: a
   * sentence counting the parties and ties it draws in the SVG, no subject
   * in the PDF. */
  const char *description;
  /* The graph the scene was built from, to name each party and tie of the
   * SVG by its model ("license from OpenAI to Microsoft, nonexclusive,
   * until 2032"); NULL: they are named by the text drawn for them. */
  const DgGraph *graph;
} DgRenderOptions;

#define DG_RENDER_OPTIONS_VERSION 2
#define DG_RENDER_OPTIONS_INIT { DG_RENDER_OPTIONS_VERSION, 144.0, 0.0, -1, NULL, NULL }
/* DG_RENDER_OPTIONS_INIT as a function (see dealgraph.h, "Options"). */
gboolean dg_render_options_init (DgRenderOptions *options, guint version);

/**
 * dg_render_scene:
 * Draws @scene in @format. PNG and PDF are drawn with cairo; SVG is
 * written from the scene, with its words as text, a <title> and <desc>,
 * and a named group per party and tie (see README "Accessibility" and
 * @options->description and ->graph). The PDF is tagged: its title is the
 * scene's, its subject @options->description, and its structure a Document
 * holding a Figure with a paragraph per text drawn. The bytes are deterministic: the same scene and
 * options give the same bytes in any process, whatever was drawn before.
 * Safe to call from several threads at once on different scenes. Returns new
 * bytes, or NULL with DG_ERROR_RENDER.
 */
GBytes *dg_render_scene (const DgScene *scene, DgFormat format,
                         const DgRenderOptions *options, GError **error);

/* The PNG resolution to draw @scene at with @options: @options->dpi, or
 * fewer pixels per inch when its frame (dg_scene_get_frame_width(), so
 * every crop of one timeline gets one resolution) would be more than
 * @max_side pixels on a side at @options->width, but at least 1. @max_side
 * 0: @options->dpi as it is. */
double dg_render_fitting_dpi (const DgScene *scene, const DgRenderOptions *options, guint max_side);

/* One PDF with a page per scene, in order (a flip-book), tagged as
 * dg_render_scene() says with a Figure per page; its title is the title of
 * @options->graph when given and titled, else the first scene's; its
 * subject @options->description, which should describe the whole set (no
 * stage's own description is used; dg_figure_set_render() lists the
 * stages). */
GBytes *dg_render_pdf_book (const DgScene *const *scenes, guint n_scenes,
                            const DgRenderOptions *options, GError **error);

G_END_DECLS
