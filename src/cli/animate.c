/* animate.c — `dealgraph animate`: the timeline in motion as an HTML viewer, animated SVG or WebP, or PNG frames. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

typedef enum { OUT_HTML, OUT_SVG, OUT_WEBP } OutFormat;

static gboolean
parse_format (const char *name, OutFormat *out)
{
  if (name == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (name, "html") == 0 || g_ascii_strcasecmp (name, "htm") == 0)
    *out = OUT_HTML;
  else if (g_ascii_strcasecmp (name, "svg") == 0)
    *out = OUT_SVG;
  else if (g_ascii_strcasecmp (name, "webp") == 0)
    *out = OUT_WEBP;
  else
    return FALSE;
  return TRUE;
}

static const char *
format_extension (OutFormat f)
{
  return f == OUT_HTML ? "html" : f == OUT_SVG ? "svg" : "webp";
}


/* The number N of a file named "frame-N.png" (N five digits or more), or 0. */
static guint
frame_number (const char *name)
{
  if (!g_str_has_prefix (name, "frame-") || !g_str_has_suffix (name, ".png"))
    return 0;
  const char *digits = name + strlen ("frame-");
  gsize len = strlen (digits) - strlen (".png");
  if (len < 5 || len > 9)
    return 0;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (digits[i]))
      return 0;
  return (guint) g_ascii_strtoull (digits, NULL, 10);
}

/* Frames left over from an earlier, longer run would play on after this
 * one's end (ffmpeg reads numbers until one is missing): remove those. */
static gboolean
remove_stale_frames (const char *dir, guint n_frames, GError **error)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, error);
  if (d == NULL)
    return FALSE;
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      guint n = frame_number (name);
      if (n <= n_frames)
        continue;
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (unlink (path) != 0 && errno != ENOENT)
        {
          g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_WRITE, "%s: cannot remove an old frame: %s", path,
                       g_strerror (errno));
          return FALSE;
        }
    }
  return TRUE;
}

int
cmd_animate (int argc, char **argv)
{
  g_auto (CliInput) input = { 0 };
  g_auto (CliFigure) fig = { 0 };
  g_auto (CliLayoutArgs) lay = { 0 };
  g_auto (CliDepfileArgs) depfile = { 0 };
  g_autofree char *out_path = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *frames_dir = NULL;
  g_autofree char *easing_text = NULL;
  g_autofree char *template_path = NULL;
  DgAnimateOptions anim_options = DG_ANIMATE_OPTIONS_INIT;
  double hold = anim_options.hold, tween = anim_options.tween, fps = anim_options.fps;
  gboolean no_loop = FALSE, no_stagger = FALSE, step = FALSE, captions = FALSE, crop = FALSE;
  g_auto (GStrv) stage_names = NULL;
  GOptionEntry stage_entries[] = {
    { "stage", 's', 0, G_OPTION_ARG_STRING_ARRAY, &stage_names,
      "Play only this stage (id, file name or number) or range FROM..TO; repeatable, in the order given", "ID" },
    { NULL },
  };
  GOptionEntry caption_entries[] = {
    { "captions", 0, 0, G_OPTION_ARG_NONE, &captions,
      "Under each stage's caption, list what changed since the stage before it in the timeline", NULL },
    /* render's, taken only to say why it does not apply. */
    { "crop", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &crop, NULL, NULL },
    { NULL },
  };
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, "Write the animation to FILE (.html, .svg or .webp; -: standard output; default: output/<graph>/<graph>.html)", "FILE" },
    { "format", 'T', 0, G_OPTION_ARG_STRING, &format_text, "html, svg or webp, whatever FILE's extension", "FORMAT" },
    { "frames", 0, 0, G_OPTION_ARG_FILENAME, &frames_dir, "Also write every frame as DIR/frame-00001.png… for video tools", "DIR" },
    { "hold", 0, 0, G_OPTION_ARG_DOUBLE, &hold, "Seconds each stage stays (default 2)", "SECONDS" },
    { "tween", 0, 0, G_OPTION_ARG_DOUBLE, &tween, "Seconds each transition takes (default 1; 0 cuts)", "SECONDS" },
    { "fps", 0, 0, G_OPTION_ARG_DOUBLE, &fps, "Frames per second of the WebP and the frames (default 25)", "N" },
    { "easing", 0, 0, G_OPTION_ARG_STRING, &easing_text, "linear or ease-in-out (default)", "NAME" },
    { "no-stagger", 0, 0, G_OPTION_ARG_NONE, &no_stagger, "Play endings, changes and beginnings at once, not one after another", NULL },
    { "no-loop", 0, 0, G_OPTION_ARG_NONE, &no_loop, "End on the last stage, without a transition back to the first", NULL },
    { "step", 0, 0, G_OPTION_ARG_NONE, &step, "HTML: open in step mode (one stage per key press or click, no autoplay)", NULL },
    { "template", 0, 0, G_OPTION_ARG_FILENAME, &template_path, "HTML: the page template (default: viewer.html among the templates)", "FILE" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE — play a timeline's stages with smooth transitions");
  g_option_context_set_summary (context,
      "Writes one animation of FILE's timeline: each stage is held, and between\n"
      "stages what ends fades out, what changes morphs and what begins grows in.\n"
      "  .html  a self-contained viewer page: slider, play/pause, keys, tooltips\n"
      "  .svg   an animated SVG that loops by itself, without script\n"
      "  .webp  an animated WebP that loops\n"
      "--frames DIR writes numbered PNG frames for a video tool:\n"
      "  ffmpeg -framerate 25 -i DIR/frame-%05d.png -pix_fmt yuv420p deal.mp4\n"
      "Files are replaced atomically and only when their bytes change.\n\n"
      "The figure options are render's: --stage plays some stages (ranges\n"
      "FROM..TO), --layout FILE takes the positions of a layout cache from\n"
      "'dealgraph layout'. --crop does not apply: every frame shares one canvas.");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, stage_entries, NULL);
  cli_figure_add_size (context, &fig, TRUE, "Pixels per inch of the WebP and the frames (default 96)", 96);
  cli_layout_args_add (context, &lay, TRUE,
                       "union (default: nobody moves), stage, anchored (parties glide); or a layout cache from "
                       "'dealgraph layout'");
  cli_figure_add_parts (context, &fig, NULL);
  g_option_context_add_main_entries (context, caption_entries, NULL);
  cli_figure_add_jobs (context, &fig, "Draw this many frames at once (default: all cores)", NULL);
  cli_talk_add (context, &fig.talk, NULL);
  cli_depfile_args_add (context, &depfile,
                        "Also write a make dependency file naming every output and every file read (the HTML template too)");
  cli_add_input_options (context, &input);
  if (!cli_parse (context, &argc, &argv) || !cli_one_input (argc, "animate"))
    return EXIT_USAGE;

  OutFormat format = OUT_HTML;
  gboolean have_format = format_text != NULL;
  if (have_format && !parse_format (format_text, &format))
    {
      fprintf (stderr, "dealgraph animate: unknown format '%s' (html, svg, webp)\n", format_text);
      return EXIT_USAGE;
    }
  /* - is standard output, as for every command's -o (before: a file
   * named -); the format is -T's, else the default. */
  const gboolean to_stdout = g_strcmp0 (out_path, "-") == 0;
  if (out_path != NULL && !have_format && !to_stdout)
    {
      const char *dot = strrchr (out_path, '.');
      const char *slash = strrchr (out_path, '/');
      if (dot == NULL || (slash != NULL && dot < slash) || !parse_format (dot + 1, &format))
        {
          fprintf (stderr, "dealgraph animate: cannot tell the format of '%s': name it .html, .svg or .webp, or use -T\n",
                   out_path);
          return EXIT_USAGE;
        }
    }
  if (easing_text != NULL && !dg_easing_from_string (easing_text, &anim_options.easing))
    {
      fprintf (stderr, "dealgraph animate: --easing '%s' is not linear or ease-in-out\n", easing_text);
      return EXIT_USAGE;
    }
  if (!cli_figure_check (&fig, "animate"))
    return EXIT_USAGE;
  if (crop)
    {
      fprintf (stderr, "dealgraph animate: --crop cuts each figure to its own stage, but every frame of an animation "
                       "shares one canvas (cropped stages would jump about on it): leave it out\n");
      return EXIT_USAGE;
    }
  anim_options.hold = hold;
  anim_options.tween = tween;
  anim_options.fps = fps;
  anim_options.loop = !no_loop;
  anim_options.stagger = !no_stagger;
  fig.scene.changes = captions;
  if (!cli_layout_args_check (&lay, "animate") || !cli_depfile_args_check (&depfile, "animate"))
    return EXIT_USAGE;
  if (to_stdout && depfile.path != NULL && depfile.targets == NULL)
    {
      fprintf (stderr, "dealgraph animate: --depfile with standard output needs --depfile-target to name the "
                       "rule's target\n");
      return EXIT_USAGE;
    }

  int status = EXIT_OK;
  g_autoptr (DgGraph) graph = cli_load_graph (&lay, argv[1], &input, &status);
  if (graph == NULL)
    return status;

  g_autoptr (GArray) chosen = g_array_new (FALSE, FALSE, sizeof (guint));
  if (!cli_choose_stages (graph, argv[1], (const char *const *) stage_names, "animate", chosen))
    return EXIT_USAGE;
  if (chosen->len > 0)
    {
      anim_options.stages = (const guint *) (void *) chosen->data;
      anim_options.n_stages = chosen->len;
    }

  if (fig.progress && lay.cache_path == NULL)
    fprintf (stderr, "\r\033[Klayout");
  g_autoptr (DgLayout) layout = cli_layout_get (&lay, argv[1], graph, "animate", &status);
  if (layout == NULL)
    return status;

  g_autoptr (GError) error = NULL;
  DgRenderOptions render_options = fig.render;
  g_autoptr (DgAnimation) anim = dg_animation_new (graph, layout, lay.theme, &fig.scene, &anim_options, &error);
  if (anim == NULL)
    return cli_fail (error);

  /* Without --dpi, an animation too big for WebP (16383 pixels a side) or
   * for a sensible frame gets fewer pixels per inch rather than an error. */
  if (fig.auto_dpi)
    {
      double side = 0;
      for (guint s = 0; s < dg_animation_n_stages (anim); s++)
        {
          const DgScene *scene = dg_animation_stage_scene (anim, s);
          double scale = dg_scene_output_scale (scene, render_options.width);
          side = MAX (side, MAX (dg_scene_get_width (scene), dg_scene_get_height (scene)) * scale);
        }
      if (side * fig.dpi / 72.0 > 12000)
        render_options.dpi = MAX (1.0, floor (12000 * 72.0 / side));
    }

  /* Everything is drawn in memory first, then written all or nothing. */
  g_autoptr (DgOutputSet) set = dg_output_set_new ();
  g_autoptr (CliDepfile) dep = cli_depfile_args_start (&depfile);
  g_autoptr (GBytes) stdout_bytes = NULL; /* the animation, for -o - once the frames are in place */
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free); /* what the set writes, in order */
  if (out_path == NULL && frames_dir == NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s.%s", dg_graph_get_name (graph), format_extension (format));
      out_path = g_build_filename ("output", dg_graph_get_name (graph), name, NULL);
    }
  if (out_path != NULL)
    {
      if (fig.progress)
        fprintf (stderr, "\r\033[K%s", format_extension (format));
      g_autoptr (GBytes) bytes = NULL;
      if (format == OUT_HTML)
        {
          DgViewerOptions viewer = DG_VIEWER_OPTIONS_INIT;
          viewer.template_path = template_path;
          viewer.step = step;
          bytes = dg_animation_render_html (anim, &render_options, &viewer, &error);
        }
      else if (format == OUT_SVG)
        bytes = dg_animation_render_svg (anim, &render_options, &error);
      else
        bytes = dg_animation_render_webp (anim, &render_options, (guint) fig.jobs, &error);
      if (bytes == NULL)
        return cli_fail (error);
      if (to_stdout)
        stdout_bytes = g_steal_pointer (&bytes);
      else
        {
          dg_output_set_add (set, out_path, bytes);
          if (dep != NULL)
            cli_depfile_add_target (dep, out_path);
          g_ptr_array_add (paths, g_strdup (out_path));
        }
    }
  guint n_frames = 0;
  if (frames_dir != NULL)
    {
      if (fig.progress)
        fprintf (stderr, "\r\033[K%u frames", dg_animation_n_frames (anim));
      g_autoptr (GPtrArray) frames = dg_animation_render_pngs (anim, &render_options, (guint) fig.jobs, &error);
      if (frames == NULL)
        return cli_fail (error);
      n_frames = frames->len;
      for (guint i = 0; i < frames->len; i++)
        {
          g_autofree char *name = g_strdup_printf ("frame-%05u.png", i + 1);
          char *path = g_build_filename (frames_dir, name, NULL);
          dg_output_set_add (set, path, frames->pdata[i]);
          if (dep != NULL)
            cli_depfile_add_target (dep, path);
          g_ptr_array_add (paths, path);
        }
    }
  if (fig.progress)
    fprintf (stderr, "\r\033[K");

  guint n_written = 0;
  if (!cli_commit (set, &n_written, &error))
    return cli_fail (error);
  if (frames_dir != NULL && !remove_stale_frames (frames_dir, n_frames, &error))
    return cli_fail (error);
  cli_talk_wrote (&fig.talk, "frames", (const char *const *) paths->pdata, paths->len, n_written);
  if (stdout_bytes != NULL && !cli_write_stdout (stdout_bytes, "animate", &error))
    return cli_fail (error);
  if (dep != NULL)
    {
      /* The graph first: make's $< in a pattern rule. */
      cli_depfile_add_sources (dep, argv[1], &lay);
      if (out_path != NULL && format == OUT_HTML)
        {
          g_autofree char *default_template = g_build_filename (dg_theme_template_dir (), "viewer.html", NULL);
          cli_depfile_add_input (dep, template_path != NULL ? template_path : default_template);
        }
      if (!cli_depfile_args_write (&depfile, dep, &error))
        return cli_fail (error);
    }
  return EXIT_OK;
}
