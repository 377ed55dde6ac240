/* animation.c — a timeline's stage figures on a schedule, cut into frames: PNG sequences and animated WebP. */

#include <math.h>
#include <string.h>

#include <cairo.h>
#include <webp/encode.h>
#include <webp/mux.h>

#include "animate-private.h"
#include "error.h"
#include "src/scene/scene-private.h"

#include "dg-cairo-private.h"
#include "dg-cores-private.h"

/* libwebp's limit on either side of a picture. */
#define WEBP_MAX_SIDE 16383

struct DgAnimation {
  DgGraph *graph;              /* a reference of its own */
  DgFurnitureStyle furniture;  /* the theme's, copied (font interned) */
  DgAnimateOptions options;
  guint n_stages;          /* the stages it plays */
  guint *stage_of;         /* each one's index in the graph's timeline */
  DgScene **scenes;        /* as dg_scene_build() made them */
  DgScene **canvas_scenes; /* centred on the shared canvas */
  double width, height;    /* the canvas, points */
  double duration;         /* seconds */
  guint n_frames;
};

/* Where frame @frame falls: a hold of stage @from (@to == @from, @t == 0),
 * or @t of the way from @from to @to. */
typedef struct {
  guint from, to;
  double t;
} FramePos;

static gboolean
check_seconds (const char *what, double v, GError **error)
{
  if (!(v >= 0 && v <= 3600))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE,
                   "animate: %s must be between 0 and 3600 seconds, not %g", what, v);
      return FALSE;
    }
  return TRUE;
}

DgAnimation *
dg_animation_new (const DgGraph *graph, const DgLayout *layout, const DgTheme *theme,
                  const DgSceneOptions *scene_options, const DgAnimateOptions *options, GError **error)
{
  static const DgAnimateOptions defaults = DG_ANIMATE_OPTIONS_INIT;
  g_return_val_if_fail (graph != NULL && layout != NULL && theme != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (options == NULL)
    options = &defaults;
  g_return_val_if_fail (options->version >= 1, NULL);
  if (!check_seconds ("the hold time", options->hold, error)
      || !check_seconds ("the transition time", options->tween, error))
    return NULL;
  if (options->hold + options->tween <= 0)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE,
                   "animate: the hold and the transition time cannot both be 0");
      return NULL;
    }
  if (!(options->fps >= 1 && options->fps <= 120))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE,
                   "animate: frames per second must be between 1 and 120, not %g", options->fps);
      return NULL;
    }

  /* A version-1 caller's struct ends before the stages. */
  const guint *stages = options->version >= 2 ? options->stages : NULL;
  guint n_stages = stages != NULL ? options->n_stages : dg_graph_n_stages (graph);
  if (stages != NULL && n_stages == 0)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE, "animate: no stage to play");
      return NULL;
    }
  for (guint i = 0; stages != NULL && i < n_stages; i++)
    if (stages[i] >= dg_graph_n_stages (graph))
      {
        g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE, "animate: the graph has no stage %u (it has %u)",
                     stages[i] + 1, dg_graph_n_stages (graph));
        return NULL;
      }

  DgAnimation *anim = g_new0 (DgAnimation, 1);
  /* Kept: nothing it was made from need outlive it (see dealgraph.h,
   * "Lifetimes"). The layout is only needed for the stage figures below. */
  anim->graph = dg_graph_ref ((DgGraph *) graph);
  anim->furniture = *dg_theme_furniture (theme);
  anim->furniture.font = g_intern_string (anim->furniture.font);
  if (options->version >= 2)
    anim->options = *options;
  else
    {
      /* Only what a version-1 struct holds. */
      DgAnimateOptions resolved = DG_ANIMATE_OPTIONS_INIT;
      memcpy (&resolved, options, G_STRUCT_OFFSET (DgAnimateOptions, stages));
      anim->options = resolved;
    }
  anim->n_stages = n_stages;
  anim->stage_of = g_new (guint, MAX (n_stages, 1));
  for (guint i = 0; i < n_stages; i++)
    anim->stage_of[i] = stages != NULL ? stages[i] : i;
  /* The copy must not point at the caller's array. */
  anim->options.stages = anim->stage_of;
  anim->options.n_stages = n_stages;
  anim->scenes = g_new0 (DgScene *, anim->n_stages);
  anim->canvas_scenes = g_new0 (DgScene *, anim->n_stages);
  /* Every frame shares one canvas: cropped stage figures would slide about
   * on it. */
  DgSceneOptions uncropped;
  if (scene_options != NULL && scene_options->version >= 2 && scene_options->crop)
    {
      uncropped = *scene_options;
      uncropped.crop = FALSE;
      scene_options = &uncropped;
    }
  for (guint s = 0; s < anim->n_stages; s++)
    {
      anim->scenes[s] = dg_scene_build (graph, layout, theme, anim->stage_of[s], scene_options);
      anim->width = MAX (anim->width, dg_scene_get_width (anim->scenes[s]));
      anim->height = MAX (anim->height, dg_scene_get_height (anim->scenes[s]));
    }
  DgTweenOptions tween = DG_TWEEN_OPTIONS_INIT;
  tween.width = anim->width;
  tween.height = anim->height;
  for (guint s = 0; s < anim->n_stages; s++)
    anim->canvas_scenes[s] = dg_scene_tween (anim->scenes[s], anim->scenes[s], 0, NULL, anim->stage_of[s],
                                             anim->stage_of[s], &tween);

  guint n = anim->n_stages;
  if (n <= 1)
    anim->duration = MAX (options->hold, 1.0 / options->fps);
  else if (options->loop)
    anim->duration = n * (options->hold + options->tween);
  else
    anim->duration = n * options->hold + (n - 1) * options->tween;
  anim->n_frames = (guint) MAX (1.0, ceil (anim->duration * options->fps - 1e-6));
  return anim;
}

void
dg_animation_free (DgAnimation *anim)
{
  if (anim == NULL)
    return;
  for (guint s = 0; s < anim->n_stages; s++)
    {
      dg_scene_free (anim->scenes[s]);
      dg_scene_free (anim->canvas_scenes[s]);
    }
  g_free (anim->scenes);
  g_free (anim->canvas_scenes);
  g_free (anim->stage_of);
  dg_graph_unref (anim->graph);
  g_free (anim);
}

double
dg_animation_get_duration (const DgAnimation *anim)
{
  g_return_val_if_fail (anim != NULL, 0);
  return anim->duration;
}

guint
dg_animation_n_frames (const DgAnimation *anim)
{
  g_return_val_if_fail (anim != NULL, 0);
  return anim->n_frames;
}

guint
dg_animation_n_stages (const DgAnimation *anim)
{
  g_return_val_if_fail (anim != NULL, 0);
  return anim->n_stages;
}

const DgScene *
dg_animation_stage_scene (const DgAnimation *anim, guint i)
{
  g_return_val_if_fail (anim != NULL && i < anim->n_stages, NULL);
  return anim->scenes[i];
}

guint
dg_anim_graph_stage (const DgAnimation *anim, guint i)
{
  return anim->stage_of[i];
}

const DgGraph *
dg_anim_get_graph (const DgAnimation *anim)
{
  return anim->graph;
}

const DgFurnitureStyle *
dg_anim_get_furniture (const DgAnimation *anim)
{
  return &anim->furniture;
}

const DgAnimateOptions *
dg_anim_get_options (const DgAnimation *anim)
{
  return &anim->options;
}

guint
dg_anim_n_stages (const DgAnimation *anim)
{
  return anim->n_stages;
}

void
dg_anim_get_canvas (const DgAnimation *anim, double *width, double *height)
{
  *width = anim->width;
  *height = anim->height;
}

const DgScene *
dg_anim_canvas_scene (const DgAnimation *anim, guint stage)
{
  return anim->canvas_scenes[stage];
}

static FramePos
frame_pos (const DgAnimation *anim, guint frame)
{
  const DgAnimateOptions *o = &anim->options;
  double when = frame / o->fps;
  double cycle = o->hold + o->tween;
  guint n = anim->n_stages;
  guint i = (guint) MIN (floor (when / cycle + 1e-9), (double) (n - 1));
  double r = when - i * cycle;
  if (n <= 1 || o->tween <= 0 || r < o->hold - 1e-9 || (!o->loop && i == n - 1))
    return (FramePos) { i, i, 0.0 };
  double t = CLAMP ((r - o->hold) / o->tween, 0.0, 1.0);
  return (FramePos) { i, (i + 1) % n, t };
}

static gboolean
same_pos (FramePos a, FramePos b)
{
  return a.from == b.from && a.to == b.to && a.t == b.t;
}

static DgScene *
scene_at (const DgAnimation *anim, FramePos pos)
{
  DgTweenOptions tween = DG_TWEEN_OPTIONS_INIT;
  tween.easing = anim->options.easing;
  tween.stagger = anim->options.stagger;
  tween.width = anim->width;
  tween.height = anim->height;
  return dg_scene_tween (anim->scenes[pos.from], anim->scenes[pos.to], pos.t, anim->graph,
                         anim->stage_of[pos.from], anim->stage_of[pos.to], &tween);
}

DgScene *
dg_animation_frame (const DgAnimation *anim, guint frame)
{
  g_return_val_if_fail (anim != NULL && frame < anim->n_frames, NULL);
  return scene_at (anim, frame_pos (anim, frame));
}

/* ------------------------------------------------------------------------ */
/* Drawing frames on several threads */

typedef struct {
  const DgAnimation *anim;
  const DgRenderOptions *options;
  gboolean raw; /* decode to un-premultiplied ARGB for libwebp */
} Shared;

typedef struct {
  FramePos pos;
  GBytes *png;
  guint32 *argb; /* raw: width × height, 0xAARRGGBB, not premultiplied */
  int width, height;
  GError *error;
} Job;

typedef struct {
  const guchar *data;
  gsize len, at;
} Reader;

static cairo_status_t
read_bytes (void *closure, unsigned char *data, unsigned int length)
{
  Reader *r = closure;
  if (r->len - r->at < length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, r->data + r->at, length);
  r->at += length;
  return CAIRO_STATUS_SUCCESS;
}

/* The PNG back to pixels: cairo's ARGB32 is premultiplied and
 * native-endian; libwebp wants straight alpha in the same 0xAARRGGBB words.
 * (Drawing straight into an image surface would skip the PNG round trip,
 * but only render.c can draw a scene, and it hands out encoded bytes.) */
static gboolean
decode_png (Job *job)
{
  gsize len;
  Reader r = { g_bytes_get_data (job->png, &len), 0, 0 };
  r.len = len;
  g_autoptr (cairo_surface_t) surface = cairo_image_surface_create_from_png_stream (read_bytes, &r);
  cairo_format_t format = cairo_image_surface_get_format (surface);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS
      || (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24))
    {
      g_set_error (&job->error, DEALGRAPH_ERROR, DG_ERROR_RENDER, "animate: cannot read back a frame: %s",
                   cairo_status_to_string (cairo_surface_status (surface)));
      return FALSE;
    }
  cairo_surface_flush (surface);
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guchar *data = cairo_image_surface_get_data (surface);
  job->width = w;
  job->height = h;
  job->argb = g_new (guint32, (gsize) w * (gsize) h);
  for (int y = 0; y < h; y++)
    {
      const guint32 *row = (const guint32 *) (const void *) (data + (gsize) y * (gsize) stride);
      guint32 *dst = job->argb + (gsize) y * (gsize) w;
      for (int x = 0; x < w; x++)
        {
          /* An opaque PNG reads back as RGB24, whose top byte is unused. */
          guint32 p = format == CAIRO_FORMAT_RGB24 ? row[x] | 0xff000000u : row[x];
          guint32 a = p >> 24;
          if (a == 255 || a == 0)
            dst[x] = a == 0 ? 0 : p;
          else
            {
              guint32 rr = (((p >> 16) & 0xff) * 255 + a / 2) / a;
              guint32 gg = (((p >> 8) & 0xff) * 255 + a / 2) / a;
              guint32 bb = ((p & 0xff) * 255 + a / 2) / a;
              dst[x] = (a << 24) | (MIN (rr, 255u) << 16) | (MIN (gg, 255u) << 8) | MIN (bb, 255u);
            }
        }
    }
  return TRUE;
}

static void
run_job (gpointer data, gpointer user_data)
{
  Job *job = data;
  const Shared *sh = user_data;
  g_autoptr (DgScene) scene = scene_at (sh->anim, job->pos);
  job->png = dg_render_scene (scene, DG_FORMAT_PNG, sh->options, &job->error);
  if (job->png != NULL && sh->raw)
    {
      decode_png (job);
      g_clear_pointer (&job->png, g_bytes_unref);
    }
}

static void
clear_job (Job *job)
{
  g_clear_pointer (&job->png, g_bytes_unref);
  g_clear_pointer (&job->argb, g_free);
  g_clear_error (&job->error);
}

/* Runs @jobs[0..n) on @n_threads threads and waits for them. */
static void
run_jobs (Job *jobs, guint n, const Shared *sh, guint n_threads)
{
  if (n_threads <= 1 || n == 1)
    {
      for (guint i = 0; i < n; i++)
        run_job (&jobs[i], (gpointer) sh);
      return;
    }
  GThreadPool *pool = g_thread_pool_new (run_job, (gpointer) sh, (int) MIN (n_threads, n), TRUE, NULL);
  for (guint i = 0; i < n; i++)
    g_thread_pool_push (pool, &jobs[i], NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
}

static guint
threads_for (guint n_jobs)
{
  return n_jobs > 0 ? MIN (n_jobs, 256u) : dg_usable_cores ();
}

GPtrArray *
dg_animation_render_pngs (const DgAnimation *anim, const DgRenderOptions *options, guint n_jobs,
                          GError **error)
{
  static const DgRenderOptions defaults = DG_RENDER_OPTIONS_INIT;
  g_return_val_if_fail (anim != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (options == NULL)
    options = &defaults;

  /* Frames that look alike (every frame of a hold) are drawn once. */
  g_autoptr (GArray) unique = g_array_new (FALSE, TRUE, sizeof (Job));
  g_autofree guint *which = g_new (guint, anim->n_frames);
  for (guint f = 0; f < anim->n_frames; f++)
    {
      FramePos pos = frame_pos (anim, f);
      guint u = unique->len;
      for (guint k = unique->len; k-- > 0;)
        if (same_pos (g_array_index (unique, Job, k).pos, pos))
          {
            u = k;
            break;
          }
      if (u == unique->len)
        {
          Job job = { pos, NULL, NULL, 0, 0, NULL };
          g_array_append_val (unique, job);
        }
      which[f] = u;
    }
  Shared sh = { anim, options, FALSE };
  Job *jobs = (Job *) (void *) unique->data;
  run_jobs (jobs, unique->len, &sh, threads_for (n_jobs));

  GPtrArray *frames = NULL;
  for (guint k = 0; k < unique->len; k++)
    if (jobs[k].error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&jobs[k].error));
        break;
      }
  if (error == NULL || *error == NULL)
    {
      frames = g_ptr_array_new_full (anim->n_frames, (GDestroyNotify) g_bytes_unref);
      for (guint f = 0; f < anim->n_frames; f++)
        g_ptr_array_add (frames, g_bytes_ref (jobs[which[f]].png));
    }
  for (guint k = 0; k < unique->len; k++)
    clear_job (&jobs[k]);
  return frames;
}

/* ------------------------------------------------------------------------ */
/* Animated WebP */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WebPAnimEncoder, WebPAnimEncoderDelete)

/* The start of frame @frame in whole milliseconds. */
static int
frame_ms (const DgAnimation *anim, guint frame)
{
  return (int) llround (frame * 1000.0 / anim->options.fps);
}

static gboolean
add_picture (WebPAnimEncoder *enc, const Job *job, int timestamp, const WebPConfig *config, GError **error)
{
  WebPPicture pic;
  if (!WebPPictureInit (&pic))
    return FALSE;
  pic.use_argb = 1;
  pic.width = job->width;
  pic.height = job->height;
  if (!WebPPictureAlloc (&pic))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_RENDER, "animate: WebP: out of memory for a frame");
      return FALSE;
    }
  /* Strides differ: libwebp's rows may be padded. */
  for (int y = 0; y < job->height; y++)
    memcpy (pic.argb + (gsize) y * (gsize) pic.argb_stride, job->argb + (gsize) y * (gsize) job->width,
            (gsize) job->width * sizeof (guint32));
  gboolean ok = WebPAnimEncoderAdd (enc, &pic, timestamp, config);
  if (!ok)
    g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_RENDER, "animate: WebP: %s",
                 WebPAnimEncoderGetError (enc));
  WebPPictureFree (&pic);
  return ok;
}

GBytes *
dg_animation_render_webp (const DgAnimation *anim, const DgRenderOptions *options, guint n_jobs,
                          GError **error)
{
  static const DgRenderOptions defaults = DG_RENDER_OPTIONS_INIT;
  g_return_val_if_fail (anim != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (options == NULL)
    options = &defaults;

  /* One picture per run of frames that look alike, shown from the first
   * one's start until the next picture's. */
  g_autoptr (GArray) runs = g_array_new (FALSE, TRUE, sizeof (Job));
  g_autoptr (GArray) starts = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint f = 0; f < anim->n_frames; f++)
    {
      FramePos pos = frame_pos (anim, f);
      if (runs->len > 0 && same_pos (g_array_index (runs, Job, runs->len - 1).pos, pos))
        continue;
      Job job = { pos, NULL, NULL, 0, 0, NULL };
      g_array_append_val (runs, job);
      int start = frame_ms (anim, f);
      g_array_append_val (starts, start);
    }
  int end_ms = (int) llround (anim->duration * 1000.0);

  WebPConfig config;
  if (!WebPConfigInit (&config))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_RENDER, "animate: WebP: library version mismatch");
      return NULL;
    }
  /* Lossless: figures are flat colours and thin lines, which lossy
   * compression smears; lossless is also smaller for them. */
  config.lossless = 1;
  config.quality = 75;
  config.method = 4;
  config.exact = 0;
  config.thread_level = 0;

  guint threads = threads_for (n_jobs);
  guint batch = MAX (threads * 2, 1u);
  Shared sh = { anim, options, TRUE };
  Job *jobs = (Job *) (void *) runs->data;
  g_autoptr (WebPAnimEncoder) enc = NULL;
  int width = 0, height = 0;
  gboolean ok = TRUE;
  for (guint first = 0; first < runs->len && ok; first += batch)
    {
      guint n = MIN (batch, runs->len - first);
      run_jobs (jobs + first, n, &sh, threads);
      for (guint k = first; k < first + n && ok; k++)
        {
          Job *job = &jobs[k];
          if (job->error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&job->error));
              ok = FALSE;
              break;
            }
          if (enc == NULL)
            {
              width = job->width;
              height = job->height;
              if (width > WEBP_MAX_SIDE || height > WEBP_MAX_SIDE)
                {
                  g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_RENDER,
                               "animate: a %d × %d pixel animation is larger than WebP allows "
                               "(%d pixels a side); lower the dpi or the width",
                               width, height, WEBP_MAX_SIDE);
                  ok = FALSE;
                  break;
                }
              WebPAnimEncoderOptions enc_options;
              if (!WebPAnimEncoderOptionsInit (&enc_options))
                {
                  g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_RENDER, "animate: WebP: library version mismatch");
                  ok = FALSE;
                  break;
                }
              enc_options.anim_params.loop_count = 0; /* forever */
              enc_options.allow_mixed = 0;
              enc = WebPAnimEncoderNew (width, height, &enc_options);
              if (enc == NULL)
                {
                  g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_RENDER, "animate: WebP: cannot start the encoder");
                  ok = FALSE;
                  break;
                }
            }
          if (job->width != width || job->height != height)
            {
              g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_RENDER,
                           "animate: frames differ in size (%d × %d, then %d × %d)", width, height, job->width,
                           job->height);
              ok = FALSE;
              break;
            }
          ok = add_picture (enc, job, g_array_index (starts, int, k), &config, error);
          g_clear_pointer (&job->argb, g_free);
        }
    }
  for (guint k = 0; k < runs->len; k++)
    clear_job (&jobs[k]);
  if (!ok)
    return NULL;

  WebPData data;
  WebPDataInit (&data);
  if (!WebPAnimEncoderAdd (enc, NULL, MAX (end_ms, g_array_index (starts, int, starts->len - 1) + 1), NULL)
      || !WebPAnimEncoderAssemble (enc, &data))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_RENDER, "animate: WebP: %s", WebPAnimEncoderGetError (enc));
      WebPDataClear (&data);
      return NULL;
    }
  GBytes *bytes = g_bytes_new (data.bytes, data.size);
  WebPDataClear (&data);
  return bytes;
}
