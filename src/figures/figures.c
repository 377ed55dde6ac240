/* figures.c — a whole figure set drawn on every core, staged as drawn and put in place all or nothing. */
#include <string.h>

#include "describe-private.h"
#include "dg-cores-private.h"
#include "error.h"
#include "figures.h"
#include "output.h"

/* One file of the set. */
typedef struct {
  char *path;
  DgFigureFileKind kind;
  DgFormat format; /* of a figure or the book */
  int stage;    /* -1: the book */
  GBytes *bytes; /* kept in memory only */
} File;

struct DgFigureSet {
  GArray *files;      /* File */
  GPtrArray *paths;   /* each File's path, NULL-terminated */
  guint n_written;
  double smallest_text;
};

/* What every drawing thread shares. */
typedef struct {
  const DgGraph *graph;
  const DgLayout *layout;
  const DgTheme *theme;
  const DgFigureSetOptions *options;
  const DgSceneOptions *scene;
  const DgRenderOptions *render;
  gboolean want[3];     /* the formats each stage is drawn in, indexed by DgFormat */
  gboolean keep_scenes; /* for the book; otherwise each is freed once drawn */
  const char *dir;      /* NULL: kept in memory, or written to options->file */
  gboolean to_memory;   /* neither a folder nor a file: the bytes are kept */
  gboolean alt;         /* text alternatives beside each stage's figures */
  const char *prefix;   /* of each file name */
  DgOutputSet *set;     /* each figure is staged into it as soon as drawn */
  guint total;
  guint done;
  gboolean stopped;     /* the progress callback said stop */
  GMutex lock;
} Shared;

/* The text alternatives of a stage (DgFigureSetOptions.alt). */
enum { ALT_TEXT, ALT_DESCRIPTION, N_ALT };
static const char *const alt_suffix[N_ALT] = { ".alt.txt", ".desc.md" };

/* One stage: its scene (while needed) and its files. */
typedef struct {
  guint stage;
  DgScene *scene;
  char *paths[3];
  GBytes *bytes[3]; /* kept in memory only */
  char *alt_paths[N_ALT];
  GBytes *alt_bytes[N_ALT]; /* kept in memory only */
  GError *error;
  double page_text; /* the smallest text of the figure, in points on the page */
} Job;

static void
file_clear (gpointer data)
{
  File *f = data;
  g_free (f->path);
  if (f->bytes != NULL)
    g_bytes_unref (f->bytes);
}

/* Where text alternative @a of the figures named @stem goes: beside the
 * one file, or in the folder (or only the name, in memory). */
static char *
alt_path (const Shared *sh, const char *stem, int a)
{
  if (sh->options->file != NULL)
    {
      g_autofree char *base = g_path_get_basename (sh->options->file);
      const char *dot = strrchr (base, '.');
      gsize keep = strlen (sh->options->file) - (dot != NULL && dot != base ? strlen (dot) : 0);
      g_autofree char *without = g_strndup (sh->options->file, keep);
      return g_strconcat (without, alt_suffix[a], NULL);
    }
  g_autofree char *name = g_strconcat (sh->prefix, stem, alt_suffix[a], NULL);
  return sh->dir != NULL ? g_build_filename (sh->dir, name, NULL) : g_steal_pointer (&name);
}

static void
draw_stage (gpointer data, gpointer user_data)
{
  Job *job = data;
  Shared *sh = user_data;
  g_mutex_lock (&sh->lock);
  gboolean stopped = sh->stopped;
  g_mutex_unlock (&sh->lock);
  if (stopped)
    return;
  job->scene = dg_scene_build (sh->graph, sh->layout, sh->theme, job->stage, sh->scene);
  job->page_text
      = dg_scene_get_smallest_text (job->scene) * dg_scene_output_scale (job->scene, sh->render->width);
  g_autofree char *stem = dg_stage_file_stem (sh->graph, job->stage);
  /* The stage in words: the figures' description, and the text files. */
  g_autoptr (DgDescription) description = dg_describe (sh->graph, job->stage, NULL, &job->error);
  for (int k = 0; k < 3 && job->error == NULL; k++)
    {
      if (!sh->want[k])
        continue;
      /* The figure is described by its stage's short text (the SVG's
       * <desc>, the PDF's subject). */
      DgRenderOptions render = *sh->render;
      if (render.description == NULL)
        render.description = dg_description_get_short (description);
      if (k == DG_FORMAT_PNG && sh->options->fit_png_side > 0)
        render.dpi = dg_render_fitting_dpi (job->scene, sh->render, sh->options->fit_png_side);
      g_autoptr (GBytes) bytes = dg_render_scene (job->scene, (DgFormat) k, &render, &job->error);
      if (bytes == NULL)
        break;
      g_autofree char *name = g_strdup_printf ("%s%s.%s", sh->prefix, stem, dg_format_extension ((DgFormat) k));
      if (sh->options->file != NULL)
        job->paths[k] = g_strdup (sh->options->file);
      else if (sh->dir != NULL)
        job->paths[k] = g_build_filename (sh->dir, name, NULL);
      else
        job->paths[k] = g_steal_pointer (&name);
      if (sh->to_memory)
        job->bytes[k] = g_bytes_ref (bytes);
      /* To disk now, into place at the commit: a figure set of large PNGs
       * would not fit in memory all at once. */
      else if (!dg_output_set_stage (sh->set, job->paths[k], bytes, &job->error))
        break;
    }
  for (int a = 0; a < N_ALT && sh->alt && job->error == NULL; a++)
    {
      char *text = a == ALT_TEXT ? g_strconcat (dg_description_get_short (description), "\n", NULL)
                                 : dg_description_to_markdown (description);
      g_autoptr (GBytes) bytes = g_bytes_new_take (text, strlen (text));
      job->alt_paths[a] = alt_path (sh, stem, a);
      if (sh->to_memory)
        job->alt_bytes[a] = g_bytes_ref (bytes);
      else if (!dg_output_set_stage (sh->set, job->alt_paths[a], bytes, &job->error))
        break;
    }
  if (!sh->keep_scenes)
    g_clear_pointer (&job->scene, dg_scene_free);
  g_mutex_lock (&sh->lock);
  sh->done++;
  if (sh->options->progress != NULL && !sh->stopped
      && !sh->options->progress (sh->done, sh->total, job->stage, sh->options->progress_data))
    sh->stopped = TRUE;
  g_mutex_unlock (&sh->lock);
}

/* Threads for @n_stages figures: every usable core, one stage each. (Sets
 * under 8 Mpixels once drew on one thread, when each thread's fonts cost
 * more than its share of the drawing; with the fontsets shared between
 * measuring and drawing, two threads draw the 5-stage benchmark set in
 * 113 ms against 128 ms.) */
static guint
n_threads (const DgFigureSetOptions *options, guint n_stages)
{
  if (options->n_jobs > 0)
    return options->n_jobs;
  return MIN (dg_usable_cores (), MAX (n_stages, 1u));
}

static void
add_file (DgFigureSet *figures, char *path, DgFigureFileKind kind, DgFormat format, int stage, GBytes *bytes)
{
  File f = { path, kind, format, stage, bytes };
  g_array_append_val (figures->files, f);
}

/* Checks @options against @graph and fills @stages with the stages to
 * draw, each once. FALSE with DG_ERROR_USAGE. */
static gboolean
check_options (const DgGraph *graph, const DgFigureSetOptions *options, GArray *stages, GError **error)
{
  guint n = dg_graph_n_stages (graph);
  if ((options->formats & ~(DG_FORMAT_BIT (DG_FORMAT_SVG) | DG_FORMAT_BIT (DG_FORMAT_PNG)
                            | DG_FORMAT_BIT (DG_FORMAT_PDF))) != 0)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE, "figure set: unknown formats 0x%x", options->formats);
      return FALSE;
    }
  if ((guint) options->book > DG_BOOK_ONLY)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE, "figure set: unknown book choice %d", (int) options->book);
      return FALSE;
    }
  g_autofree gboolean *seen = g_new0 (gboolean, MAX (n, 1));
  for (guint i = 0; options->stages != NULL && i < options->n_stages; i++)
    {
      guint s = options->stages[i];
      if (s >= n)
        {
          g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE, "%s: figure set: the graph has no stage %u (it has %u)",
                       dg_graph_get_path (graph), s + 1, n);
          return FALSE;
        }
      if (!seen[s])
        g_array_append_val (stages, s);
      seen[s] = TRUE;
    }
  if (options->stages == NULL)
    for (guint s = 0; s < n; s++)
      g_array_append_val (stages, s);
  if (stages->len == 0)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE, "%s: figure set: no stage to draw",
                   dg_graph_get_path (graph));
      return FALSE;
    }
  guint formats = options->formats != 0 ? options->formats : DG_FORMAT_BIT (DG_FORMAT_SVG)
                                                                 | DG_FORMAT_BIT (DG_FORMAT_PNG)
                                                                 | DG_FORMAT_BIT (DG_FORMAT_PDF);
  if (options->book == DG_BOOK_ONLY)
    {
      const char *why = !(formats & DG_FORMAT_BIT (DG_FORMAT_PDF)) ? "PDF is not among the formats"
                        : dg_graph_is_static (graph)                 ? "the graph has no timeline"
                        : stages->len != n                           ? "not every stage is drawn"
                        : options->file != NULL                      ? "it is drawn into one file"
                                                                     : NULL;
      if (why != NULL)
        {
          g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE, "%s: figure set: no book of the stages: %s",
                       dg_graph_get_path (graph), why);
          return FALSE;
        }
    }
  guint n_formats = 0;
  for (int k = 0; k < 3; k++)
    n_formats += (formats & DG_FORMAT_BIT (k)) != 0;
  if (options->file != NULL && (stages->len != 1 || n_formats != 1))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE,
                   "%s: figure set: %s names one file, but the set has %u stages in %u formats",
                   dg_graph_get_path (graph), options->file, stages->len, n_formats);
      return FALSE;
    }
  return TRUE;
}

DgFigureSet *
dg_figure_set_render (const DgGraph *graph, const DgLayout *layout, const DgTheme *theme, const char *dir,
                      const DgFigureSetOptions *options, GError **error)
{
  static const DgFigureSetOptions defaults = DG_FIGURE_SET_OPTIONS_INIT;
  static const DgSceneOptions scene_defaults = DG_SCENE_OPTIONS_INIT;
  g_return_val_if_fail (graph != NULL && layout != NULL && theme != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (options == NULL)
    options = &defaults;
  g_return_val_if_fail (options->version >= 1 && options->version <= DG_FIGURE_SET_OPTIONS_VERSION, NULL);
  /* Only the fields the caller's version has; the rest default. */
  DgFigureSetOptions all = defaults;
  memcpy (&all, options, options->version >= 2 ? sizeof all : G_STRUCT_OFFSET (DgFigureSetOptions, alt));
  options = &all;

  g_autoptr (GArray) stages = g_array_new (FALSE, FALSE, sizeof (guint));
  if (!check_options (graph, options, stages, error))
    return NULL;
  guint formats = options->formats != 0 ? options->formats : ~0u;
  const gboolean to_memory = dir == NULL && options->file == NULL;
  const gboolean want_book = (formats & DG_FORMAT_BIT (DG_FORMAT_PDF)) && options->book != DG_BOOK_NONE
                             && options->file == NULL && !dg_graph_is_static (graph)
                             && stages->len == dg_graph_n_stages (graph);
  /* With --flat, the graph's name moves into the file names; but for a
   * graph without a timeline, whose one figure is named after it already. */
  g_autofree char *prefix = options->flat && !dg_graph_is_static (graph)
                                ? g_strdup_printf ("%s-", dg_graph_get_name (graph))
                                : g_strdup ("");

  /* Every figure is staged beside its target and put in place only when
   * all are drawn: a failure half-way must leave the figures of the
   * previous run as they were. Scenes and renders of different stages are
   * independent: cairo and Pango draw separate surfaces safely in parallel
   * threads. The book is drawn from the scenes alone: DG_BOOK_ONLY draws
   * no figure. */
  /* The caller's render options in full: only the fields its version has
   * (a program built against an older header passes a smaller struct),
   * the rest defaults. Every figure names its parties and ties from the
   * model, unless the caller names another graph. */
  DgRenderOptions render = DG_RENDER_OPTIONS_INIT;
  if (options->render != NULL)
    memcpy (&render, options->render,
            options->render->version >= 2 ? sizeof render : G_STRUCT_OFFSET (DgRenderOptions, description));
  render.version = DG_RENDER_OPTIONS_VERSION;
  if (render.graph == NULL)
    render.graph = graph;
  g_autoptr (DgOutputSet) set = dg_output_set_new ();
  Shared shared = {
    .graph = graph,
    .layout = layout,
    .theme = theme,
    .options = options,
    .scene = options->scene != NULL ? options->scene : &scene_defaults,
    .render = &render,
    .keep_scenes = want_book,
    .dir = dir,
    .to_memory = to_memory,
    .alt = options->alt,
    .prefix = prefix,
    .set = set,
    .total = stages->len,
  };
  for (int k = 0; k < 3; k++)
    shared.want[k] = options->book != DG_BOOK_ONLY && (formats & DG_FORMAT_BIT (k)) != 0;
  g_mutex_init (&shared.lock);
  Job *jobs = g_new0 (Job, stages->len);
  GThreadPool *pool = g_thread_pool_new (draw_stage, &shared, (int) n_threads (options, stages->len), TRUE, NULL);
  for (guint i = 0; i < stages->len; i++)
    {
      jobs[i].stage = g_array_index (stages, guint, i);
      g_thread_pool_push (pool, &jobs[i], NULL);
    }
  g_thread_pool_free (pool, FALSE, TRUE);
  g_mutex_clear (&shared.lock);

  DgFigureSet *figures = g_new0 (DgFigureSet, 1);
  figures->files = g_array_new (FALSE, FALSE, sizeof (File));
  g_array_set_clear_func (figures->files, file_clear);
  g_autoptr (GPtrArray) scenes = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_scene_free);
  GError *failed = NULL;
  for (guint i = 0; i < stages->len; i++)
    {
      Job *job = &jobs[i];
      if (job->scene != NULL)
        g_ptr_array_add (scenes, job->scene);
      if (job->error != NULL && failed == NULL)
        g_propagate_prefixed_error (&failed, g_steal_pointer (&job->error), "%s: stage \"%s\": ",
                                    dg_graph_get_path (graph), dg_graph_stage (graph, job->stage)->id);
      g_clear_error (&job->error);
      for (int k = 0; k < 3; k++)
        if (job->paths[k] != NULL)
          add_file (figures, job->paths[k], DG_FIGURE_FILE_FIGURE, (DgFormat) k, (int) job->stage, job->bytes[k]);
      for (int a = 0; a < N_ALT; a++)
        if (job->alt_paths[a] != NULL)
          add_file (figures, job->alt_paths[a], a == ALT_TEXT ? DG_FIGURE_FILE_ALT_TEXT : DG_FIGURE_FILE_DESCRIPTION,
                    DG_FORMAT_SVG, (int) job->stage, job->alt_bytes[a]);
      if (job->page_text > 0 && (figures->smallest_text == 0 || job->page_text < figures->smallest_text))
        figures->smallest_text = job->page_text;
    }
  g_free (jobs);
  if (failed == NULL && shared.stopped)
    g_set_error (&failed, DEALGRAPH_ERROR, DG_ERROR_CANCELLED, "%s: figure set: stopped by the caller",
                 dg_graph_get_path (graph));
  if (failed != NULL)
    {
      g_propagate_error (error, failed);
      dg_figure_set_free (figures);
      return NULL; /* freeing the set removes what was staged */
    }
  if (want_book)
    {
      /* The book is described as a whole: the caller's description, else
       * the graph's title and its stages in order (the PDF's subject); its
       * title is the graph's. */
      DgRenderOptions book_render = render;
      g_autofree char *about = dg_describe_timeline (graph);
      if (book_render.description == NULL)
        book_render.description = about;
      g_autoptr (GBytes) book = dg_render_pdf_book ((const DgScene *const *) scenes->pdata, scenes->len,
                                                    &book_render, error);
      if (book == NULL)
        {
          dg_figure_set_free (figures);
          return NULL;
        }
      g_autofree char *name = g_strdup_printf ("%s.pdf", dg_graph_get_name (graph));
      char *path = dir != NULL ? g_build_filename (dir, name, NULL) : g_steal_pointer (&name);
      add_file (figures, path, DG_FIGURE_FILE_BOOK, DG_FORMAT_PDF, -1, to_memory ? g_bytes_ref (book) : NULL);
      if (!to_memory && !dg_output_set_stage (set, path, book, error))
        {
          dg_figure_set_free (figures);
          return NULL;
        }
    }
  if (!to_memory && !dg_output_set_commit (set, &figures->n_written, error))
    {
      dg_figure_set_free (figures);
      return NULL;
    }
  figures->paths = g_ptr_array_new ();
  for (guint i = 0; i < figures->files->len; i++)
    g_ptr_array_add (figures->paths, g_array_index (figures->files, File, i).path);
  g_ptr_array_add (figures->paths, NULL);
  return figures;
}

void
dg_figure_set_free (DgFigureSet *set)
{
  if (set == NULL)
    return;
  g_array_unref (set->files);
  if (set->paths != NULL)
    g_ptr_array_unref (set->paths);
  g_free (set);
}

guint
dg_figure_set_n_files (const DgFigureSet *set)
{
  g_return_val_if_fail (set != NULL, 0);
  return set->files->len;
}

static const File *
file_at (const DgFigureSet *set, guint index)
{
  g_return_val_if_fail (set != NULL && index < set->files->len, NULL);
  return &g_array_index (set->files, File, index);
}

const char *
dg_figure_set_get_path (const DgFigureSet *set, guint index)
{
  const File *f = file_at (set, index);
  return f != NULL ? f->path : NULL;
}

const char *const *
dg_figure_set_get_paths (const DgFigureSet *set)
{
  g_return_val_if_fail (set != NULL, NULL);
  return (const char *const *) set->paths->pdata;
}

DgFigureFileKind
dg_figure_set_get_kind (const DgFigureSet *set, guint index)
{
  const File *f = file_at (set, index);
  return f != NULL ? f->kind : DG_FIGURE_FILE_FIGURE;
}

DgFormat
dg_figure_set_get_format (const DgFigureSet *set, guint index)
{
  const File *f = file_at (set, index);
  return f != NULL ? f->format : DG_FORMAT_SVG;
}

int
dg_figure_set_get_stage (const DgFigureSet *set, guint index)
{
  const File *f = file_at (set, index);
  return f != NULL ? f->stage : -1;
}

GBytes *
dg_figure_set_get_bytes (const DgFigureSet *set, guint index)
{
  const File *f = file_at (set, index);
  return f != NULL && f->bytes != NULL ? g_bytes_ref (f->bytes) : NULL;
}

guint
dg_figure_set_get_n_written (const DgFigureSet *set)
{
  g_return_val_if_fail (set != NULL, 0);
  return set->n_written;
}

double
dg_figure_set_get_smallest_text (const DgFigureSet *set)
{
  g_return_val_if_fail (set != NULL, 0);
  return set->smallest_text;
}
