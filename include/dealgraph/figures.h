/* figures.h — a whole figure set: every stage and the flip-book, drawn on every core, put in place all or nothing. */
#pragma once

#include <glib.h>
#include "model.h"
#include "theme.h"
#include "layout.h"
#include "scene.h"
#include "render.h"
#include "describe.h"

G_BEGIN_DECLS

/* The bit of @format in DgFigureSetOptions.formats. */
#define DG_FORMAT_BIT(format) (1u << (format))

/* The longest side, in pixels, that DG_FIGURE_SET_OPTIONS_INIT lets a PNG
 * have before it gets fewer pixels per inch (DgFigureSetOptions.fit_png_side). */
#define DG_FIGURE_SET_FIT_PNG_SIDE 12000

/* The multi-page PDF of a figure set, a page per stage (the flip-book). */
typedef enum {
  DG_BOOK_AUTO, /* when PDF is wanted, the graph has a timeline and every stage is drawn */
  DG_BOOK_NONE, /* never */
  DG_BOOK_ONLY, /* the book and no figure per stage; PDF, a timeline and every stage needed */
} DgBook;

/**
 * DgFigureSetProgress:
 * Called once each stage is drawn (and its files staged): @done of @total
 * stages, @stage the one just finished (an index into the graph's
 * timeline). Calls come from the drawing threads, one at a time. Return
 * FALSE to stop the set: no further stage is drawn, nothing is written, and
 * dg_figure_set_render() fails with DG_ERROR_CANCELLED.
 */
typedef gboolean (*DgFigureSetProgress) (guint done, guint total, guint stage, gpointer user_data);

typedef struct {
  guint version;
  /* DG_FORMAT_BIT (DG_FORMAT_SVG) | …; 0: SVG, PNG and PDF. */
  guint formats;
  /* The stages to draw, @n_stages indices into the graph's timeline, in
   * the order the files are listed (and the book's pages, when these are
   * all the stages); a stage given twice is drawn once. Borrowed for the
   * call. NULL: every stage in timeline order. */
  const guint *stages;
  guint n_stages;
  /* Borrowed for the call; NULL: DG_SCENE_OPTIONS_INIT, DG_RENDER_OPTIONS_INIT.
   * A @render without a graph gets the set's, so its SVGs name parties and
   * ties from the model (DgRenderOptions.graph); one without a description
   * gets, for each stage's figure, that stage's short text from
   * dg_describe() (the SVG's <desc>, the PDF's subject). A description
   * given here is every figure's. */
  const DgSceneOptions *scene;
  const DgRenderOptions *render;
  /* A PNG that would be more than this many pixels on a side at
   * @render's dpi gets fewer pixels per inch instead
   * (dg_render_fitting_dpi()); 0: exactly @render's dpi. */
  guint fit_png_side;
  DgBook book;
  /* File names start with the graph's name (DIR/<graph>-NN-<stage>.svg),
   * for a folder several graphs share; a graph without a timeline, whose
   * one figure is named after it, is not prefixed twice. */
  gboolean flat;
  /* The path of the one figure, instead of a file in the folder: for a set
   * of one stage in one format, without book. NULL: files in the folder. */
  const char *file;
  /* Threads drawing stages at once; 0: every core this process may use,
   * at most one per stage. The files do not depend on it. */
  guint n_jobs;
  DgFigureSetProgress progress; /* nullable */
  gpointer progress_data;
  /* Version 2. Beside each stage's figures, its text alternatives from
   * dg_describe(): NN-<stage>.alt.txt, the short text on one line, and
   * NN-<stage>.desc.md, the long description in Markdown
   * (dg_description_to_markdown()); beside @file, FILE's name without its
   * extension plus .alt.txt and .desc.md. Written, staged and put in place
   * with the figures. */
  gboolean alt;
} DgFigureSetOptions;

#define DG_FIGURE_SET_OPTIONS_VERSION 2
#define DG_FIGURE_SET_OPTIONS_INIT                                                                           \
  { DG_FIGURE_SET_OPTIONS_VERSION, 0, NULL, 0, NULL, NULL, DG_FIGURE_SET_FIT_PNG_SIDE, DG_BOOK_AUTO, FALSE, NULL, \
    0, NULL, NULL, FALSE }

/* DG_FIGURE_SET_OPTIONS_INIT as a function (see dealgraph.h, "Options"). */
gboolean dg_figure_set_options_init (DgFigureSetOptions *options, guint version);

/**
 * DgFigureSet:
 * The files of a figure set, once written (or drawn in memory): their
 * paths in order — each stage's SVG, PNG and PDF as wanted and its text
 * alternatives (DgFigureSetOptions.alt), stage by stage, then the book —
 * and what the run did.
 */
typedef struct DgFigureSet DgFigureSet;

/**
 * dg_figure_set_render:
 * @dir: (nullable): the folder the files go into, created if need be;
 *   NULL keeps them in memory (dg_figure_set_get_bytes()) and writes nothing
 * @options: (nullable): NULL for the defaults
 *
 * Draws stages of @graph at @layout's positions with @theme, each in the
 * formats wanted, as `dealgraph render` does: DIR/NN-<stage>.EXT (see
 * dg_stage_file_stem()) and the book DIR/<graph>.pdf. Stages are drawn on
 * @options->n_jobs threads, each file staged beside its target as soon as
 * it is drawn, and all of them put in place at once at the end
 * (DgOutputSet): on failure the folder keeps its previous files, and a file
 * whose bytes would not change keeps its mtime. The bytes do not depend on
 * the threads, the order or the subset of stages drawn. @graph, @layout,
 * @theme and @options are borrowed for the call only.
 *
 * Returns a new figure set (free with dg_figure_set_free), or NULL with
 * DG_ERROR_USAGE (options that cannot be met: a stage the graph lacks, a
 * book of a graph without timeline, @options->file for more than one
 * figure, two files of one name), DG_ERROR_RENDER or DG_ERROR_WRITE, those
 * of a stage prefixed with the graph's path and the stage (`deal.gv: stage
 * "signing": …`), or DG_ERROR_CANCELLED (see DgFigureSetProgress).
 */
DgFigureSet *dg_figure_set_render (const DgGraph *graph, const DgLayout *layout, const DgTheme *theme,
                                   const char *dir, const DgFigureSetOptions *options, GError **error);
void dg_figure_set_free (DgFigureSet *set); /* accepts NULL */

/* How many files the set has. */
guint dg_figure_set_n_files (const DgFigureSet *set);
/* The path of file @index: DIR/NAME, @options->file, or only NAME for a set
 * kept in memory. Borrowed. */
const char *dg_figure_set_get_path (const DgFigureSet *set, guint index);
/* Every path, in order, NULL-terminated; borrowed. */
const char *const *dg_figure_set_get_paths (const DgFigureSet *set);
/* What file @index holds. */
typedef enum {
  DG_FIGURE_FILE_FIGURE,      /* a stage's figure, in dg_figure_set_get_format() */
  DG_FIGURE_FILE_BOOK,        /* the multi-page PDF, a page per stage */
  DG_FIGURE_FILE_ALT_TEXT,    /* a stage's short alternative text, one line of UTF-8 */
  DG_FIGURE_FILE_DESCRIPTION, /* a stage's long description, Markdown */
} DgFigureFileKind;
DgFigureFileKind dg_figure_set_get_kind (const DgFigureSet *set, guint index);
/* The format of a figure, DG_FORMAT_PDF for the book; a text file
 * (dg_figure_set_get_kind()) has none and gives DG_FORMAT_SVG. */
DgFormat dg_figure_set_get_format (const DgFigureSet *set, guint index);
/* The stage file @index draws, or -1 for the book. */
int dg_figure_set_get_stage (const DgFigureSet *set, guint index);
/* The bytes of file @index of a set kept in memory (no folder given): a
 * new reference (g_bytes_unref); NULL for a set written to disk. */
GBytes *dg_figure_set_get_bytes (const DgFigureSet *set, guint index);
/* How many files were written because their bytes changed; the others
 * already held exactly these bytes. 0 for a set kept in memory. */
guint dg_figure_set_get_n_written (const DgFigureSet *set);
/* The size of the smallest text of any figure drawn, in points on the page
 * (the scene's, times dg_scene_output_scale() at the render width); 0 when
 * none has text. */
double dg_figure_set_get_smallest_text (const DgFigureSet *set);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgFigureSet, dg_figure_set_free)

G_END_DECLS
