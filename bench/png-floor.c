/* png-floor.c — the floor for a PNG figure set: the same frames drawn and encoded by cairo alone. */

/*
 * Usage: png-floor --layout LAYOUT [--dpi N] [--jobs N] [--theme T] FILE.gv
 *
 * Builds every stage's scene the way `dealgraph render` does (untimed) and
 * records its drawing into a cairo recording surface (untimed). Then, timed:
 * for every frame, a full-size image surface, one paint of the recording
 * and cairo's own PNG writer (cairo_surface_write_to_png_stream, into
 * memory), spread over --jobs threads like dealgraph's render. What remains
 * is what cairo itself must do to rasterize and encode those pixels: the
 * floor that `dealgraph render -T png` is measured against in bench/run.
 *
 * Prints one line: "floor: FRAMES frames, MPIXELS Mpixel, WALL s wall,
 * CPU s CPU, BYTES bytes".
 */

#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "dealgraph.h"
#include "src/common/dg-cairo-private.h"
#include "src/render/render-private.h"

typedef struct {
  cairo_surface_t *recording;
  int width, height;
  gsize bytes;
} Frame;

static cairo_status_t
count_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  (void) data;
  *(gsize *) closure += length;
  return CAIRO_STATUS_SUCCESS;
}

static void
draw_and_encode (gpointer data, gpointer user_data)
{
  Frame *f = data;
  (void) user_data;
  g_autoptr (cairo_surface_t) image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, f->width, f->height);
  g_autoptr (cairo_t) cr = cairo_create (image);
  cairo_set_source_surface (cr, f->recording, 0, 0);
  cairo_paint (cr);
  cairo_surface_flush (image);
  if (cairo_surface_write_to_png_stream (image, count_bytes, &f->bytes) != CAIRO_STATUS_SUCCESS)
    {
      fprintf (stderr, "png-floor: cairo could not encode a frame\n");
      exit (70);
    }
}

static double
cpu_seconds (void)
{
  struct timespec t;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double) t.tv_sec + (double) t.tv_nsec * 1e-9;
}

int
main (int argc, char **argv)
{
  g_autofree char *layout_path = NULL;
  g_autofree char *theme_name = NULL;
  double dpi = 96;
  int jobs = (int) g_get_num_processors ();
  const GOptionEntry entries[] = {
    { "layout", 'l', 0, G_OPTION_ARG_FILENAME, &layout_path, "Layout cache from 'dealgraph layout' (required)", "FILE" },
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, "Pixels per inch (default 96)", "N" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Frames at once (default: all cores)", "N" },
    { "theme", 't', 0, G_OPTION_ARG_STRING, &theme_name, "Theme (default: report)", "THEME" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE.gv — the floor for a PNG figure set");
  g_option_context_add_main_entries (context, entries, NULL);
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || layout_path == NULL
      || !(dpi > 0) || jobs < 1)
    {
      fprintf (stderr, "png-floor: %s\n", error != NULL ? error->message : "usage: png-floor --layout FILE [--dpi N] FILE.gv");
      return 64;
    }

  g_autoptr (DgGraph) graph = dg_graph_load_file (argv[1], NULL, NULL, &error);
  g_autoptr (DgTheme) theme = graph != NULL ? dg_theme_load (theme_name != NULL ? theme_name : "report", &error) : NULL;
  g_autoptr (DgLayout) layout = theme != NULL ? dg_layout_load (layout_path, graph, theme, &error) : NULL;
  if (layout == NULL)
    {
      fprintf (stderr, "png-floor: %s\n", error->message);
      return 65;
    }

  /* Untimed: scenes, and each frame recorded once. */
  guint n = MAX (dg_graph_n_stages (graph), 1u);
  g_autofree Frame *frames = g_new0 (Frame, n);
  DgSceneOptions scene_options = DG_SCENE_OPTIONS_INIT;
  double scale = dpi / 72.0, pixels = 0;
  for (guint s = 0; s < n; s++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, &scene_options);
      frames[s].width = (int) MAX (1.0, ceil (dg_scene_get_width (scene) * scale - 1e-6));
      frames[s].height = (int) MAX (1.0, ceil (dg_scene_get_height (scene) * scale - 1e-6));
      frames[s].recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
      g_autoptr (cairo_t) cr = cairo_create (frames[s].recording);
      dg_render_draw (cr, scene, scale);
      pixels += (double) frames[s].width * frames[s].height;
    }

  /* Timed: rasterize and encode with cairo alone. */
  gint64 start = g_get_monotonic_time ();
  double cpu0 = cpu_seconds ();
  GThreadPool *pool = g_thread_pool_new (draw_and_encode, NULL, jobs, TRUE, NULL);
  for (guint s = 0; s < n; s++)
    g_thread_pool_push (pool, &frames[s], NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
  double wall = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  double cpu = cpu_seconds () - cpu0;

  gsize bytes = 0;
  for (guint s = 0; s < n; s++)
    {
      bytes += frames[s].bytes;
      cairo_surface_destroy (frames[s].recording);
    }
  printf ("floor: %u frames, %.0f Mpixel, %.2f s wall, %.2f s CPU, %zu bytes\n", n, pixels / 1e6, wall, cpu, bytes);
  return 0;
}
