/* test-render.c — drawing hand-built scenes to SVG, PNG and PDF bytes. */
#define _GNU_SOURCE /* sched_setaffinity, CPU_SET */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include <cairo.h>

#include "dealgraph.h"
#include "dg-test.h"
#include "src/scene/scene-private.h"

/* ------------------------------------------------------------------------ */
/* Scenes */

static const DgColor white = { 1, 1, 1, 1 };
static const DgColor black = { 0, 0, 0, 1 };
static const DgColor red = { 1, 0, 0, 1 };
static const DgColor blue = { 0, 0, 1, 1 };
static const DgColor none = { 0, 0, 0, 0 };

static DgSceneItem *
add_box (DgScene *scene, DgShape shape, double x0, double y0, double x1, double y1,
         DgColor fill, DgColor stroke, double line_width)
{
  DgSceneItem *item = dg_scene_add_item (scene, DG_ITEM_SHAPE, DG_ROLE_PARTY);
  item->shape = shape;
  item->box = (DgBox) { x0, y0, x1, y1 };
  item->fill = fill;
  item->stroke = stroke;
  item->line_width = line_width;
  return item;
}

static DgSceneItem *
add_points (DgScene *scene, DgItemKind kind, DgRole role, const DgPoint *points, guint n)
{
  DgSceneItem *item = dg_scene_add_item (scene, kind, role);
  item->points = g_new (DgPoint, n);
  memcpy (item->points, points, n * sizeof *points);
  item->n_points = n;
  return item;
}

static DgSceneItem *
add_text (DgScene *scene, const char *text, double x0, double y0, double x1, double y1,
          DgAlign align)
{
  DgSceneItem *item = dg_scene_add_item (scene, DG_ITEM_TEXT, DG_ROLE_PARTY_LABEL);
  item->text = g_strdup (text);
  item->font = "DejaVu Sans";
  item->font_size = 12;
  item->box = (DgBox) { x0, y0, x1, y1 };
  item->stroke = black;
  item->align = align;
  return item;
}

/* One item of each kind, every shape, UTF-8 text with a halo, a dashed
 * curve, a double line, an arrowhead and a half-transparent party. @salt
 * shifts a box so that two scenes differ. */
static DgScene *
sample_scene (const char *title, double salt)
{
  DgScene *scene = dg_scene_new (400, 300, white, title);
  static const DgShape shapes[] = {
    DG_SHAPE_BOX,     DG_SHAPE_ROUNDED,  DG_SHAPE_ELLIPSE,
    DG_SHAPE_CIRCLE,  DG_SHAPE_HEXAGON,  DG_SHAPE_DIAMOND,
    DG_SHAPE_CYLINDER, DG_SHAPE_NOTE,    DG_SHAPE_PARALLELOGRAM,
  };
  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      double x = 20 + (i % 3) * 90 + (i == 0 ? salt : 0), y = 20 + (i / 3) * 60;
      DgColor fill = { 0.6 + 0.04 * i, 0.8, 1.0 - 0.05 * i, 1 };
      DgSceneItem *item = add_box (scene, shapes[i], x, y, x + 70, y + 40, fill, black, 1.5);
      item->party = (int) i;
      if (i == 4)
        item->dash = (DgDash) { 2, { 4, 2 } };
    }

  DgPoint dashed[] = { { 20, 220 }, { 80, 190 }, { 140, 250 }, { 200, 220 } };
  DgSceneItem *curve = add_points (scene, DG_ITEM_CURVE, DG_ROLE_TIE, dashed, 4);
  curve->stroke = (DgColor) { 0.2, 0.3, 0.7, 1 };
  curve->line_width = 2;
  curve->dash = (DgDash) { 2, { 6, 3 } };

  DgPoint twin[] = { { 20, 270 }, { 60, 260 }, { 100, 260 }, { 140, 270 },
                     { 180, 280 }, { 220, 280 }, { 260, 270 } };
  DgSceneItem *line = add_points (scene, DG_ITEM_CURVE, DG_ROLE_TIE, twin, 7);
  line->stroke = black;
  line->line_width = 6;
  line->double_line = TRUE;

  DgPoint head[] = { { 260, 262 }, { 275, 270 }, { 260, 278 } };
  DgSceneItem *arrow = add_points (scene, DG_ITEM_POLYGON, DG_ROLE_TIE_ARROW, head, 3);
  arrow->fill = black;
  arrow->stroke = black;
  arrow->line_width = 1;

  DgSceneItem *label = add_text (scene, "Zürich — €50B", 220, 200, 380, 216, DG_ALIGN_CENTER);
  label->fill = (DgColor) { 1, 1, 0.6, 1 };
  label->role = DG_ROLE_TIE_LABEL;
  add_text (scene, "two lines\nright-aligned", 290, 230, 390, 262, DG_ALIGN_RIGHT);

  DgSceneItem *ghost = add_box (scene, DG_SHAPE_ROUNDED, 300, 120, 390, 180, blue, black, 2);
  ghost->opacity = 0.5;
  return scene;
}

/* A white scene with one big red box, for sampling pixels. */
static DgScene *
red_box_scene (void)
{
  DgScene *scene = dg_scene_new (100, 80, white, "red box");
  add_box (scene, DG_SHAPE_BOX, 10, 10, 90, 70, red, none, 0);
  return scene;
}

static GBytes *
render (const DgScene *scene, DgFormat format, const DgRenderOptions *options)
{
  g_autoptr (GError) error = NULL;
  GBytes *bytes = dg_render_scene (scene, format, options, &error);
  cr_assert_not_null (bytes, "render %s: %s", dg_format_extension (format),
                      error != NULL ? error->message : "no error");
  cr_assert_gt (g_bytes_get_size (bytes), 0);
  return bytes;
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  cr_assert_null (memchr (data, '\0', len), "text output holds a NUL");
  return g_strndup (data, len);
}

/* Where @needle first occurs in @bytes, or NULL (PDFs hold NULs, so the
 * string functions stop short). */
static const char *
find_in (GBytes *bytes, const char *needle)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  return dg_test_find (data, len, needle);
}

/* ------------------------------------------------------------------------ */
/* PNG reading */

/* The pixel at (@x, @y) as 0xAARRGGBB (premultiplied, as cairo keeps it). */
static guint32
pixel (cairo_surface_t *surface, int x, int y)
{
  cairo_surface_flush (surface);
  cr_assert_lt (x, cairo_image_surface_get_width (surface));
  cr_assert_lt (y, cairo_image_surface_get_height (surface));
  const guchar *row = cairo_image_surface_get_data (surface)
                      + (gsize) y * (gsize) cairo_image_surface_get_stride (surface);
  guint32 v;
  memcpy (&v, row + 4 * x, sizeof v);
  return v;
}

static int
channel (guint32 argb, int shift)
{
  return (int) ((argb >> shift) & 0xff);
}

/* Pixels of @surface in [x0,x1)×[y0,y1) darker than mid-grey. */
static guint
dark_pixels (cairo_surface_t *surface, int x0, int y0, int x1, int y1)
{
  guint n = 0;
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      if (channel (pixel (surface, x, y), 8) < 128)
        n++;
  return n;
}

/* ------------------------------------------------------------------------ */
/* Formats */

Test (render, format_names)
{
  DgFormat f = DG_FORMAT_PNG;
  cr_assert (dg_format_from_string ("svg", &f));
  cr_assert_eq (f, DG_FORMAT_SVG);
  cr_assert (dg_format_from_string ("PNG", &f));
  cr_assert_eq (f, DG_FORMAT_PNG);
  cr_assert (dg_format_from_string ("Pdf", &f));
  cr_assert_eq (f, DG_FORMAT_PDF);
  cr_assert_not (dg_format_from_string ("gif", &f));
  cr_assert_not (dg_format_from_string ("", &f));
  cr_assert_not (dg_format_from_string ("svgz", &f));
  cr_assert_eq (f, DG_FORMAT_PDF, "a failed parse leaves the output alone");
  cr_assert_str_eq (dg_format_extension (DG_FORMAT_SVG), "svg");
  cr_assert_str_eq (dg_format_extension (DG_FORMAT_PNG), "png");
  cr_assert_str_eq (dg_format_extension (DG_FORMAT_PDF), "pdf");
}

Test (render, each_format_has_its_magic)
{
  g_autoptr (DgScene) scene = sample_scene ("sample", 0);
  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;

  g_autoptr (GBytes) svg = render (scene, DG_FORMAT_SVG, &options);
  g_autofree char *text = bytes_to_string (svg);
  cr_assert (g_str_has_prefix (text, "<?xml") || g_str_has_prefix (text, "<svg"));
  cr_assert_not_null (strstr (text, "<svg"));
  cr_assert (g_str_has_suffix (g_strchomp (text), "</svg>"));

  g_autoptr (GBytes) png = render (scene, DG_FORMAT_PNG, &options);
  cr_assert_eq (memcmp (g_bytes_get_data (png, NULL), "\x89PNG\r\n\x1a\n", 8), 0);

  g_autoptr (GBytes) pdf = render (scene, DG_FORMAT_PDF, &options);
  cr_assert_eq (memcmp (g_bytes_get_data (pdf, NULL), "%PDF-", 5), 0);

  /* NULL options are the defaults. */
  g_autoptr (GBytes) png_default = render (scene, DG_FORMAT_PNG, NULL);
  cr_assert (g_bytes_equal (png, png_default));
}

/* ------------------------------------------------------------------------ */
/* Determinism */

Test (render, same_scene_same_bytes)
{
  g_autoptr (DgScene) scene = sample_scene ("sample", 0);
  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  options.date = 1700000000;
  for (DgFormat f = DG_FORMAT_SVG; f <= DG_FORMAT_PDF; f++)
    {
      g_autoptr (GBytes) a = render (scene, f, &options);
      g_autoptr (GBytes) b = render (scene, f, &options);
      cr_assert (g_bytes_equal (a, b), "two %s renders differ", dg_format_extension (f));
    }
}

/* cairo numbers SVG surfaces with a process-wide counter; the renderer must
 * hide it, so what was drawn before cannot change the bytes. */
Test (render, svg_does_not_depend_on_history)
{
  g_autoptr (DgScene) a = sample_scene ("A", 0);
  g_autoptr (DgScene) b = sample_scene ("B", 7);

  g_autoptr (GBytes) first = render (a, DG_FORMAT_SVG, NULL);
  for (int i = 0; i < 3; i++)
    {
      g_autoptr (GBytes) other = render (b, DG_FORMAT_SVG, NULL);
      cr_assert_not (g_bytes_equal (first, other), "different scenes, same SVG");
      g_autoptr (GBytes) pdf = render (b, DG_FORMAT_PDF, NULL);
    }
  g_autoptr (GBytes) again = render (a, DG_FORMAT_SVG, NULL);
  cr_assert (g_bytes_equal (first, again), "the SVG changed after drawing other scenes");

  g_autoptr (GBytes) pdf1 = render (a, DG_FORMAT_PDF, NULL);
  g_autoptr (GBytes) png1 = render (b, DG_FORMAT_PNG, NULL);
  g_autoptr (GBytes) pdf2 = render (a, DG_FORMAT_PDF, NULL);
  cr_assert (g_bytes_equal (pdf1, pdf2));
}

typedef struct {
  const DgScene *scene;
  GBytes *out[3];
} Job;

static gpointer
render_all (gpointer data)
{
  Job *job = data;
  for (int round = 0; round < 3; round++)
    for (DgFormat f = DG_FORMAT_SVG; f <= DG_FORMAT_PDF; f++)
      {
        g_autoptr (GError) error = NULL;
        GBytes *bytes = dg_render_scene (job->scene, f, NULL, &error);
        if (bytes == NULL)
          return NULL;
        if (job->out[f] == NULL)
          job->out[f] = bytes;
        else if (!g_bytes_equal (job->out[f], bytes))
          {
            g_bytes_unref (bytes);
            return NULL; /* a render changed under concurrency */
          }
        else
          g_bytes_unref (bytes);
      }
  return GINT_TO_POINTER (1);
}

Test (render, threads_give_the_same_bytes)
{
  g_autoptr (DgScene) a = sample_scene ("thread A", 0);
  g_autoptr (DgScene) b = sample_scene ("thread B", 5);

  Job sequential[2] = { { a, { NULL } }, { b, { NULL } } };
  cr_assert_not_null (render_all (&sequential[0]));
  cr_assert_not_null (render_all (&sequential[1]));

  Job parallel[2] = { { a, { NULL } }, { b, { NULL } } };
  GThread *t0 = g_thread_new ("render-a", render_all, &parallel[0]);
  GThread *t1 = g_thread_new ("render-b", render_all, &parallel[1]);
  cr_assert_not_null (g_thread_join (t0), "thread A failed or varied");
  cr_assert_not_null (g_thread_join (t1), "thread B failed or varied");

  for (int j = 0; j < 2; j++)
    for (DgFormat f = DG_FORMAT_SVG; f <= DG_FORMAT_PDF; f++)
      {
        cr_assert (g_bytes_equal (sequential[j].out[f], parallel[j].out[f]),
                   "scene %d, %s: threads differ from sequential", j,
                   dg_format_extension (f));
        g_bytes_unref (sequential[j].out[f]);
        g_bytes_unref (parallel[j].out[f]);
      }
}

/* ------------------------------------------------------------------------ */
/* SVG */

typedef struct {
  GPtrArray *ids;
  GPtrArray *elements; /* element names in document order */
  GString *title;
  gboolean in_title;
} SvgInfo;

static void
svg_start (GMarkupParseContext *context, const char *element, const char **names,
           const char **values, gpointer data, GError **error)
{
  SvgInfo *info = data;
  g_ptr_array_add (info->elements, g_strdup (element));
  for (int i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], "id") == 0)
      g_ptr_array_add (info->ids, g_strdup (values[i]));
  info->in_title = strcmp (element, "title") == 0;
}

static void
svg_text (GMarkupParseContext *context, const char *text, gsize len, gpointer data,
          GError **error)
{
  SvgInfo *info = data;
  if (info->in_title)
    g_string_append_len (info->title, text, (gssize) len);
}

static void
svg_end (GMarkupParseContext *context, const char *element, gpointer data, GError **error)
{
  ((SvgInfo *) data)->in_title = FALSE;
}

/* Parses @svg as XML (it must be well-formed) and gathers its ids. */
static void
svg_parse (const char *svg, SvgInfo *info)
{
  static const GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  info->ids = g_ptr_array_new_with_free_func (g_free);
  info->elements = g_ptr_array_new_with_free_func (g_free);
  info->title = g_string_new (NULL);
  g_autoptr (GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, info, NULL);
  g_autoptr (GError) error = NULL;
  gboolean ok = g_markup_parse_context_parse (context, svg, -1, &error)
                && g_markup_parse_context_end_parse (context, &error);
  cr_assert (ok, "SVG is not well-formed: %s", error != NULL ? error->message : "?");
}

static void
svg_info_clear (SvgInfo *info)
{
  g_ptr_array_unref (info->ids);
  g_ptr_array_unref (info->elements);
  g_string_free (info->title, TRUE);
}

/* Every reference (`href="#x"`, `url(#x)`) in @svg, in order. */
static GPtrArray *
svg_references (const char *svg)
{
  GPtrArray *refs = g_ptr_array_new_with_free_func (g_free);
  static const char *const opens[] = { "href=\"#", "url(#" };
  static const char closes[] = { '"', ')' };
  for (gsize k = 0; k < G_N_ELEMENTS (opens); k++)
    for (const char *p = strstr (svg, opens[k]); p != NULL; p = strstr (p, opens[k]))
      {
        p += strlen (opens[k]);
        const char *end = strchr (p, closes[k]);
        cr_assert_not_null (end);
        g_ptr_array_add (refs, g_strndup (p, (gsize) (end - p)));
      }
  return refs;
}

Test (render, svg_has_title_and_consistent_ids)
{
  g_autoptr (DgScene) scene = sample_scene ("Deal <Zürich> & co", 0);
  g_autoptr (GBytes) bytes = render (scene, DG_FORMAT_SVG, NULL);
  g_autofree char *svg = bytes_to_string (bytes);

  SvgInfo info = { 0 };
  svg_parse (svg, &info);

  /* The title is the first element inside <svg>, escaped; the description
   * follows it. */
  cr_assert_geq (info.elements->len, 3);
  cr_assert_str_eq (g_ptr_array_index (info.elements, 0), "svg");
  cr_assert_str_eq (g_ptr_array_index (info.elements, 1), "title");
  cr_assert_str_eq (g_ptr_array_index (info.elements, 2), "desc");
  cr_assert_str_eq (info.title->str, "Deal <Zürich> & co");
  cr_assert_not_null (strstr (svg, "\">Deal &lt;Zürich&gt; &amp; co</title>"));
  cr_assert_not_null (strstr (svg, "version=\"1.1\""));

  /* No cairo numbering, no glyph outlines: the ids are the title's and the
   * description's, with a prefix of the figure's own. */
  cr_assert_null (strstr (svg, "surface"));
  cr_assert_null (strstr (svg, "glyph"));
  cr_assert_eq (info.ids->len, 2);
  const char *first = g_ptr_array_index (info.ids, 0);
  cr_assert (g_str_has_prefix (first, "dg") && strlen (first) > 11 && first[10] == '-',
             "unexpected id %s", first);
  g_autofree char *prefix = g_strndup (first, 11);
  g_autofree char *title_id = g_strconcat (prefix, "title", NULL);
  g_autofree char *desc_id = g_strconcat (prefix, "desc", NULL);
  cr_assert_str_eq (g_ptr_array_index (info.ids, 0), title_id);
  cr_assert_str_eq (g_ptr_array_index (info.ids, 1), desc_id);
  g_autofree char *labelled = g_strdup_printf ("aria-labelledby=\"%s\"", title_id);
  g_autofree char *described = g_strdup_printf ("aria-describedby=\"%s\"", desc_id);
  cr_assert_not_null (strstr (svg, labelled));
  cr_assert_not_null (strstr (svg, described));
  g_autoptr (GPtrArray) refs = svg_references (svg);
  cr_assert_eq (refs->len, 0);

  /* A different figure gets a different prefix, so both can be inlined in
   * one page. */
  g_autoptr (DgScene) other = sample_scene ("Deal <Zürich> & co", 3);
  g_autoptr (GBytes) other_bytes = render (other, DG_FORMAT_SVG, NULL);
  g_autofree char *other_svg = bytes_to_string (other_bytes);
  g_autofree char *needle = g_strdup_printf ("id=\"%s", prefix);
  cr_assert_null (strstr (other_svg, needle));
  svg_info_clear (&info);
}

/* Titles come from user input: control characters and broken UTF-8 must
 * neither break the XML nor fail the PDF. */
Test (render, hostile_titles)
{
  g_autoptr (DgScene) scene = dg_scene_new (50, 50, white, "bell\a tab\t \xff\xfe end");
  g_autoptr (GBytes) bytes = render (scene, DG_FORMAT_SVG, NULL);
  g_autofree char *svg = bytes_to_string (bytes);
  SvgInfo info = { 0 };
  svg_parse (svg, &info);
  cr_assert (g_utf8_validate (info.title->str, -1, NULL));
  cr_assert (g_str_has_prefix (info.title->str, "bell  tab "), "%s", info.title->str);
  cr_assert (g_str_has_suffix (info.title->str, " end"), "%s", info.title->str);
  svg_info_clear (&info);

  g_autoptr (GBytes) pdf = render (scene, DG_FORMAT_PDF, NULL);
  const DgScene *scenes[] = { scene, scene };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) book = dg_render_pdf_book (scenes, 2, NULL, &error);
  cr_assert_not_null (book, "%s", error != NULL ? error->message : "");
}

/* ------------------------------------------------------------------------ */
/* Sizes */

Test (render, png_size_follows_dpi)
{
  g_autoptr (DgScene) scene = dg_scene_new (101.3, 57.1, white, "odd size");
  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  static const double dpis[] = { 72, 96, 144, 300 };
  for (gsize i = 0; i < G_N_ELEMENTS (dpis); i++)
    {
      options.dpi = dpis[i];
      g_autoptr (GBytes) png = render (scene, DG_FORMAT_PNG, &options);
      cairo_surface_t *image = dg_test_png_decode (png);
      cr_assert_eq (cairo_image_surface_get_width (image), (int) ceil (101.3 * dpis[i] / 72));
      cr_assert_eq (cairo_image_surface_get_height (image), (int) ceil (57.1 * dpis[i] / 72));
      cairo_surface_destroy (image);
    }

  /* The width option scales before the dpi does. */
  options.dpi = 144;
  options.width = 202.6;
  g_autoptr (GBytes) png = render (scene, DG_FORMAT_PNG, &options);
  cairo_surface_t *image = dg_test_png_decode (png);
  cr_assert_eq (cairo_image_surface_get_width (image), 406);
  cr_assert_eq (cairo_image_surface_get_height (image), (int) ceil (57.1 * 2 * 2));
  cairo_surface_destroy (image);
}

Test (render, width_scales_vector_pages)
{
  g_autoptr (DgScene) scene = sample_scene ("scaled", 0);
  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;

  g_autoptr (GBytes) svg1 = render (scene, DG_FORMAT_SVG, &options);
  g_autofree char *s1 = bytes_to_string (svg1);
  cr_assert_not_null (strstr (s1, "width=\"400pt\" height=\"300pt\""), "%.300s", s1);

  options.width = 800;
  g_autoptr (GBytes) svg2 = render (scene, DG_FORMAT_SVG, &options);
  g_autofree char *s2 = bytes_to_string (svg2);
  cr_assert_not_null (strstr (s2, "width=\"800pt\" height=\"600pt\""), "%.300s", s2);

  options.width = 0;
  g_autoptr (GBytes) pdf1 = render (scene, DG_FORMAT_PDF, &options);
  cr_assert_not_null (find_in (pdf1, "/MediaBox [ 0 0 400 300 ]"));
  options.width = 200;
  g_autoptr (GBytes) pdf2 = render (scene, DG_FORMAT_PDF, &options);
  cr_assert_not_null (find_in (pdf2, "/MediaBox [ 0 0 200 150 ]"));
  cr_assert_null (find_in (pdf2, "/MediaBox [ 0 0 400 300 ]"));
}

Test (render, absurd_sizes_are_refused)
{
  g_autoptr (DgScene) scene = sample_scene ("huge", 0);
  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  g_autoptr (GError) error = NULL;

  options.dpi = 10000; /* 55,556 px wide */
  g_autoptr (GBytes) wide = dg_render_scene (scene, DG_FORMAT_PNG, &options, &error);
  cr_assert_null (wide);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_RENDER));
  cr_assert_not_null (strstr (error->message, "10000 dpi"), "%s", error->message);
  cr_assert_not_null (strstr (error->message, "400 × 300 pt"), "%s", error->message);
  g_clear_error (&error);

  /* 20,000 × 15,000 px: each side is allowed, the total is not. */
  options.dpi = 3600;
  g_autoptr (GBytes) big = dg_render_scene (scene, DG_FORMAT_PNG, &options, &error);
  cr_assert_null (big);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_RENDER));
  g_clear_error (&error);

  options.dpi = 144;
  options.width = 1e9;
  g_autoptr (GBytes) pdf = dg_render_scene (scene, DG_FORMAT_PDF, &options, &error);
  cr_assert_null (pdf);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_RENDER));
  g_clear_error (&error);

  g_autoptr (DgScene) empty = dg_scene_new (0, 100, white, "empty");
  g_autoptr (GBytes) nothing = dg_render_scene (empty, DG_FORMAT_SVG, NULL, &error);
  cr_assert_null (nothing);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_RENDER));
  g_clear_error (&error);

  options.width = 0;
  options.dpi = -3;
  g_autoptr (GBytes) negative = dg_render_scene (scene, DG_FORMAT_PNG, &options, &error);
  cr_assert_null (negative);
  cr_assert_not_null (error);
}

/* ------------------------------------------------------------------------ */
/* Pixels */

Test (render, fill_colour_is_painted)
{
  g_autoptr (DgScene) scene = red_box_scene ();
  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  options.dpi = 72;
  g_autoptr (GBytes) png = render (scene, DG_FORMAT_PNG, &options);
  cairo_surface_t *image = dg_test_png_decode (png);
  cr_assert_eq (pixel (image, 50, 40), 0xffff0000u, "centre is %08x", pixel (image, 50, 40));
  cr_assert_eq (pixel (image, 3, 3), 0xffffffffu, "background is %08x", pixel (image, 3, 3));
  cairo_surface_destroy (image);

  /* At 144 dpi the same point is at twice the pixel coordinates. */
  options.dpi = 144;
  g_autoptr (GBytes) png2 = render (scene, DG_FORMAT_PNG, &options);
  image = dg_test_png_decode (png2);
  cr_assert_eq (pixel (image, 170, 130), 0xffff0000u);
  cr_assert_eq (pixel (image, 190, 150), 0xffffffffu);
  cairo_surface_destroy (image);
}

Test (render, transparent_colours_and_opacity)
{
  g_autoptr (DgScene) scene = dg_scene_new (100, 100, white, "alpha");
  /* An invisible box (a == 0 for fill and stroke) over the left half. */
  add_box (scene, DG_SHAPE_BOX, 0, 0, 50, 100, (DgColor) { 0, 0, 0, 0 },
           (DgColor) { 1, 0, 0, 0 }, 4);
  /* A half-transparent blue box over the right half: its fill and its own
   * stroke must not compound where they overlap. */
  DgSceneItem *ghost = add_box (scene, DG_SHAPE_BOX, 50, 0, 100, 100, blue, blue, 10);
  ghost->opacity = 0.5;

  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  options.dpi = 72;
  g_autoptr (GBytes) png = render (scene, DG_FORMAT_PNG, &options);
  cairo_surface_t *image = dg_test_png_decode (png);
  cr_assert_eq (pixel (image, 2, 2), 0xffffffffu);
  cr_assert_eq (pixel (image, 25, 50), 0xffffffffu);
  guint32 inside = pixel (image, 75, 50), edge = pixel (image, 52, 50);
  cr_assert (abs (channel (inside, 16) - 128) <= 2 && channel (inside, 0) == 255,
             "half-transparent blue over white is %08x", inside);
  cr_assert_eq (edge, inside, "stroke and fill compound: %08x vs %08x", edge, inside);
  cairo_surface_destroy (image);
}

/* A double line must show two lines with a gap, whatever the background. */
Test (render, double_line_is_two_lines)
{
  g_autoptr (DgScene) scene = dg_scene_new (120, 100, white, "double");
  DgPoint pts[] = { { 10, 50 }, { 40, 50 }, { 70, 50 }, { 100, 50 } };
  DgSceneItem *line = add_points (scene, DG_ITEM_CURVE, DG_ROLE_TIE, pts, 4);
  line->stroke = black;
  line->line_width = 9;
  line->double_line = TRUE;

  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  options.dpi = 72;
  g_autoptr (GBytes) png = render (scene, DG_FORMAT_PNG, &options);
  cairo_surface_t *image = dg_test_png_decode (png);
  /* Lines at y ∈ [45.5, 48.5] and [51.5, 54.5], a gap in between. */
  cr_assert_eq (pixel (image, 55, 46), 0xff000000u, "upper line: %08x", pixel (image, 55, 46));
  cr_assert_eq (pixel (image, 55, 49), 0xffffffffu, "gap: %08x", pixel (image, 55, 49));
  cr_assert_eq (pixel (image, 55, 50), 0xffffffffu, "gap: %08x", pixel (image, 55, 50));
  cr_assert_eq (pixel (image, 55, 53), 0xff000000u, "lower line: %08x", pixel (image, 55, 53));
  cr_assert_eq (pixel (image, 55, 43), 0xffffffffu, "outside: %08x", pixel (image, 55, 43));
  cr_assert_eq (pixel (image, 55, 56), 0xffffffffu, "outside: %08x", pixel (image, 55, 56));
  cairo_surface_destroy (image);
}

/* A hollow band (a tie without a value) is edged in its stroke and filled
 * with its core; a dash breaks the edges, never the inside. Two such bands
 * for a hollow double line, with a gap. */
Test (render, hollow_band_has_edges_and_an_inside)
{
  g_autoptr (DgScene) scene = dg_scene_new (120, 140, white, "hollow");
  DgColor grey = { 0.5, 0.5, 0.5, 1 };
  DgPoint one[] = { { 10, 30 }, { 110, 30 } }, two[] = { { 10, 70 }, { 110, 70 } }, three[] = { { 10, 110 }, { 110, 110 } };
  const DgPoint *paths[] = { one, two, three };
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      DgSceneItem *band = add_points (scene, DG_ITEM_CURVE, DG_ROLE_TIE, paths[i], 2);
      band->stroke = black;
      band->core = grey;
      band->line_width = 10;
      if (i == 1)
        band->dash = (DgDash) { 2, { 10, 10 } };
      band->double_line = i == 2;
    }

  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  options.dpi = 72;
  g_autoptr (GBytes) png = render (scene, DG_FORMAT_PNG, &options);
  cairo_surface_t *image = dg_test_png_decode (png);
  /* 10 pt wide: edges of 1 pt at y ∈ [25, 26] and [34, 35], inside between. */
  cr_assert_eq (pixel (image, 55, 25), 0xff000000u, "upper edge: %08x", pixel (image, 55, 25));
  cr_assert_eq (pixel (image, 55, 30), 0xff808080u, "inside: %08x", pixel (image, 55, 30));
  cr_assert_eq (pixel (image, 55, 34), 0xff000000u, "lower edge: %08x", pixel (image, 55, 34));
  cr_assert_eq (pixel (image, 55, 23), 0xffffffffu, "outside: %08x", pixel (image, 55, 23));
  /* Dashed: on from x = 10 to 20, off from 20 to 30 — on the edges only. */
  cr_assert_eq (pixel (image, 15, 65), 0xff000000u, "dash on: %08x", pixel (image, 15, 65));
  cr_assert_eq (pixel (image, 25, 65), 0xffffffffu, "dash off: %08x", pixel (image, 25, 65));
  cr_assert_eq (pixel (image, 25, 70), 0xff808080u, "the inside runs on: %08x", pixel (image, 25, 70));
  /* Double: bands of 4 pt at y ∈ [105, 109] and [111, 115], a gap between. */
  cr_assert_eq (pixel (image, 55, 107), 0xff808080u, "upper band: %08x", pixel (image, 55, 107));
  cr_assert_eq (pixel (image, 55, 110), 0xffffffffu, "gap: %08x", pixel (image, 55, 110));
  cr_assert_eq (pixel (image, 55, 112), 0xff808080u, "lower band: %08x", pixel (image, 55, 112));
  cr_assert_lt (pixel (image, 55, 105) & 0xff, 0x40, "upper band's edge (0.8 pt): %08x", pixel (image, 55, 105));
  cairo_surface_destroy (image);
}

/* Dash lengths are points of the figure, so they grow with the dpi. */
Test (render, dashes_scale_with_the_drawing)
{
  g_autoptr (DgScene) scene = dg_scene_new (120, 40, white, "dashed");
  DgPoint pts[] = { { 10, 20 }, { 110, 20 } };
  DgSceneItem *line = add_points (scene, DG_ITEM_CURVE, DG_ROLE_TIE, pts, 2);
  line->stroke = black;
  line->line_width = 4;
  line->dash = (DgDash) { 2, { 10, 10 } };

  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  static const double dpis[] = { 72, 144, 216 };
  for (gsize i = 0; i < G_N_ELEMENTS (dpis); i++)
    {
      options.dpi = dpis[i];
      double k = dpis[i] / 72;
      g_autoptr (GBytes) png = render (scene, DG_FORMAT_PNG, &options);
      cairo_surface_t *image = dg_test_png_decode (png);
      /* On from x = 10 to 20 and 30 to 40, off from 20 to 30. */
      cr_assert_eq (pixel (image, (int) (17.5 * k), (int) (20 * k)), 0xff000000u, "dpi %g", dpis[i]);
      cr_assert_eq (pixel (image, (int) (27.5 * k), (int) (20 * k)), 0xffffffffu, "dpi %g", dpis[i]);
      cr_assert_eq (pixel (image, (int) (37.5 * k), (int) (20 * k)), 0xff000000u, "dpi %g", dpis[i]);
      cairo_surface_destroy (image);
    }
}

Test (render, text_is_drawn_with_halo_and_alignment)
{
  g_autoptr (DgScene) scene = dg_scene_new (300, 100, white, "text");
  DgSceneItem *halo = add_text (scene, "Zürich — €50B", 10, 10, 290, 30, DG_ALIGN_LEFT);
  halo->fill = (DgColor) { 1, 1, 0, 1 };
  add_text (scene, "right", 10, 50, 290, 66, DG_ALIGN_RIGHT);
  add_text (scene, "centre", 10, 75, 290, 91, DG_ALIGN_CENTER);

  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  options.dpi = 72;
  g_autoptr (GBytes) png = render (scene, DG_FORMAT_PNG, &options);
  cairo_surface_t *image = dg_test_png_decode (png);

  /* The halo fills the box; the text starts at its left edge. */
  cr_assert_eq (pixel (image, 285, 27), 0xffffff00u, "halo: %08x", pixel (image, 285, 27));
  cr_assert_gt (dark_pixels (image, 10, 10, 60, 30), 10, "no text at the left of the box");
  cr_assert_eq (dark_pixels (image, 0, 0, 300, 9), 0, "text above its box");

  /* Right-aligned: ink near the right edge only. */
  cr_assert_gt (dark_pixels (image, 240, 50, 290, 66), 10);
  cr_assert_eq (dark_pixels (image, 0, 50, 200, 66), 0);
  /* Centred: ink around the middle only. */
  cr_assert_gt (dark_pixels (image, 130, 75, 170, 91), 10);
  cr_assert_eq (dark_pixels (image, 0, 75, 100, 91), 0);
  cr_assert_eq (dark_pixels (image, 200, 75, 300, 91), 0);
  cairo_surface_destroy (image);
}

/* ------------------------------------------------------------------------ */
/* PDF */

static guint
count_pages (const char *pdf, gsize len)
{
  guint n = 0;
  const char *end = pdf + len;
  for (const char *p = pdf; (p = dg_test_find (p, (gsize) (end - p), "/Type /Page")) != NULL; p++)
    if (p + 11 >= end || p[11] != 's')
      n++;
  return n;
}

Test (render, pdf_metadata)
{
  g_autoptr (DgScene) scene = red_box_scene ();
  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;

  g_autoptr (GBytes) undated = render (scene, DG_FORMAT_PDF, &options);
  cr_assert_null (find_in (undated, "/CreationDate"), "no date was asked for");
  cr_assert_not_null (find_in (undated, "/Title (red box)"));

  /* cairo 1.16 writes the date without the "D:" prefix; later versions
   * add it. Either way it is this instant, in UTC. */
  options.date = 1700000000; /* 2023-11-14 22:13:20 UTC */
  g_autoptr (GBytes) dated = render (scene, DG_FORMAT_PDF, &options);
  cr_assert (find_in (dated, "/CreationDate (20231114221320Z)") != NULL
             || find_in (dated, "/CreationDate (D:20231114221320Z)") != NULL);
}

Test (render, pdf_book_has_a_page_per_scene)
{
  g_autoptr (DgScene) a = sample_scene ("stage 1", 0);
  g_autoptr (DgScene) b = red_box_scene ();
  g_autoptr (DgScene) c = sample_scene ("stage 3", 9);
  const DgScene *scenes[] = { a, b, c };
  g_autoptr (GError) error = NULL;

  g_autoptr (GBytes) book = dg_render_pdf_book (scenes, 3, NULL, &error);
  cr_assert_not_null (book, "%s", error != NULL ? error->message : "");
  gsize len;
  const char *pdf = g_bytes_get_data (book, &len);
  cr_assert_eq (memcmp (pdf, "%PDF-", 5), 0);
  cr_assert_eq (count_pages (pdf, len), 3);
  cr_assert_not_null (dg_test_find (pdf, len, "/MediaBox [ 0 0 100 80 ]"),
                      "each page keeps its scene's size");
  cr_assert_not_null (dg_test_find (pdf, len, "/MediaBox [ 0 0 400 300 ]"));
  cr_assert_null (dg_test_find (pdf, len, "/CreationDate"));
  /* A bookmark per stage, named by the scene's title. */
  cr_assert_not_null (dg_test_find (pdf, len, "/Title (stage 3)"));
  cr_assert_not_null (dg_test_find (pdf, len, "/Title (red box)"));

  g_autoptr (GBytes) again = dg_render_pdf_book (scenes, 3, NULL, &error);
  cr_assert (g_bytes_equal (book, again));

  g_autoptr (GBytes) single = render (a, DG_FORMAT_PDF, NULL);
  gsize single_len;
  const char *s = g_bytes_get_data (single, &single_len);
  cr_assert_eq (count_pages (s, single_len), 1);

  g_autoptr (GBytes) empty = dg_render_pdf_book (scenes, 0, NULL, &error);
  cr_assert_null (empty);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_RENDER));
}

/* ------------------------------------------------------------------------ */
/* PNG encoding (src/render/png.c) */

#include <png.h>
#include "src/render/png-private.h"
#include "src/common/dg-cairo-private.h"

/* A 64 × 48 test card: a white ground, a red bar, a blue disc, grey text. */
static cairo_surface_t *
test_card (cairo_format_t format, double ground_alpha)
{
  cairo_surface_t *s = cairo_image_surface_create (format, 64, 48);
  cairo_t *cr = cairo_create (s);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_rgba (cr, 1, 1, 1, ground_alpha);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  cairo_set_source_rgb (cr, 1, 0, 0);
  cairo_rectangle (cr, 4, 4, 20, 8);
  cairo_fill (cr);
  cairo_set_source_rgba (cr, 0, 0, 1, 0.5);
  cairo_arc (cr, 40, 30, 12, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

/* The IHDR colour type and the pHYs resolution, read with libpng. */
static void
png_header (GBytes *png, int *color_type, double *dpi)
{
  png_image image = { .version = PNG_IMAGE_VERSION };
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (png, &len);
  cr_assert (png_image_begin_read_from_memory (&image, data, len), "libpng: %s", image.message);
  png_image_free (&image);
  /* IHDR is always the first chunk: colour type at byte 25. */
  *color_type = data[25];
  *dpi = 0;
  for (gsize i = 8; i + 21 <= len; i++)
    if (memcmp (data + i, "pHYs", 4) == 0)
      {
        guint32 ppm = (guint32) data[i + 4] << 24 | (guint32) data[i + 5] << 16 | (guint32) data[i + 6] << 8 | data[i + 7];
        cr_assert_eq (data[i + 12], 1, "pHYs unit is not the metre");
        *dpi = ppm * 0.0254;
        break;
      }
}

Test (render, png_opaque_round_trip)
{
  g_autoptr (cairo_surface_t) card = test_card (CAIRO_FORMAT_ARGB32, 1.0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) png = dg_png_encode (card, 144, &error);
  cr_assert_not_null (png, "%s", error != NULL ? error->message : "");
  int color_type;
  double dpi;
  png_header (png, &color_type, &dpi);
  cr_assert_eq (color_type, PNG_COLOR_TYPE_RGB, "an opaque figure should be written without alpha");
  cr_assert (fabs (dpi - 144) < 0.1, "pHYs says %g dpi, not 144", dpi);
  g_autoptr (cairo_surface_t) back = dg_test_png_decode (png);
  cr_assert_eq (cairo_image_surface_get_width (back), 64);
  cr_assert_eq (cairo_image_surface_get_height (back), 48);
  for (int y = 0; y < 48; y++)
    for (int x = 0; x < 64; x++)
      cr_assert_eq (pixel (back, x, y) | 0xff000000u, pixel (card, x, y),
                    "pixel %d,%d: %08x, drawn %08x", x, y, pixel (back, x, y), pixel (card, x, y));
}

Test (render, png_alpha_round_trip)
{
  g_autoptr (cairo_surface_t) card = test_card (CAIRO_FORMAT_ARGB32, 0.0);
  g_autoptr (GBytes) png = dg_png_encode (card, 72, NULL);
  cr_assert_not_null (png);
  int color_type;
  double dpi;
  png_header (png, &color_type, &dpi);
  cr_assert_eq (color_type, PNG_COLOR_TYPE_RGB_ALPHA);
  g_autoptr (cairo_surface_t) back = dg_test_png_decode (png);
  /* Premultiplied → straight → premultiplied loses at most one step. */
  for (int y = 0; y < 48; y++)
    for (int x = 0; x < 64; x++)
      {
        guint32 a = pixel (back, x, y), b = pixel (card, x, y);
        for (int shift = 0; shift < 32; shift += 8)
          cr_assert_leq (abs ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)), 1,
                         "pixel %d,%d: %08x, drawn %08x", x, y, a, b);
      }
  cr_assert_eq (pixel (back, 0, 0), 0, "the transparent ground should stay transparent");
}

static cairo_status_t
count_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  (void) data;
  *(gsize *) closure += length;
  return CAIRO_STATUS_SUCCESS;
}

Test (render, png_is_deterministic_and_compact)
{
  /* A real figure: the deal fixture's agreement stage, as the CLI draws it. */
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, 2, NULL);
  g_autoptr (GError) error = NULL;
  DgRenderOptions ro = DG_RENDER_OPTIONS_INIT;
  g_autoptr (GBytes) a = dg_render_scene (scene, DG_FORMAT_PNG, &ro, &error);
  cr_assert_not_null (a, "%s", error != NULL ? error->message : "");
  g_autoptr (GBytes) b = dg_render_scene (scene, DG_FORMAT_PNG, &ro, NULL);
  cr_assert (g_bytes_equal (a, b), "two encodings of one scene differ");

  /* Speed must not cost much size: within 15 % of cairo's own writer
   * (zlib level 6, adaptive filters) on the same pixels. */
  g_autoptr (cairo_surface_t) pixels = dg_test_png_decode (a);
  gsize cairo_size = 0;
  cr_assert_eq (cairo_surface_write_to_png_stream (pixels, count_bytes, &cairo_size), CAIRO_STATUS_SUCCESS);
  gsize ours = g_bytes_get_size (a);
  cr_assert_leq (ours, cairo_size * 115 / 100, "our PNG is %zu bytes, cairo's %zu", ours, cairo_size);
}

#include "src/render/render-private.h"
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

/* Decoded pixels of two PNGs are the same (alpha aside when one is RGB) to
 * within @levels of a channel; returns how many differ at all. */
static int
assert_same_pixels (GBytes *a, GBytes *b, int levels, const char *what)
{
  g_autoptr (cairo_surface_t) sa = dg_test_png_decode (a);
  g_autoptr (cairo_surface_t) sb = dg_test_png_decode (b);
  int w = cairo_image_surface_get_width (sa), h = cairo_image_surface_get_height (sa);
  cr_assert_eq (w, cairo_image_surface_get_width (sb), "%s: widths differ", what);
  cr_assert_eq (h, cairo_image_surface_get_height (sb), "%s: heights differ", what);
  cairo_surface_flush (sa);
  cairo_surface_flush (sb);
  int n_diff = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *pa = cairo_image_surface_get_data (sa) + y * cairo_image_surface_get_stride (sa) + 4 * x;
        const guint8 *pb = cairo_image_surface_get_data (sb) + y * cairo_image_surface_get_stride (sb) + 4 * x;
        if (memcmp (pa, pb, 4) == 0)
          continue;
        n_diff++;
        for (int k = 0; k < 4; k++)
          cr_assert_leq (abs (pa[k] - pb[k]), levels, "%s: pixel %d,%d differs by %d levels between one surface and bands",
                         what, x, y, abs (pa[k] - pb[k]));
      }
  return n_diff;
}

Test (render, png_bands_give_the_same_pixels_to_a_level)
{
  /* The deal fixture's busiest stage, and a hand-built scene whose translucent
   * items, text and long curves straddle band edges. */
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  g_autoptr (DgScene) deal = dg_scene_build (graph, layout, theme, 2, NULL);

  g_autoptr (DgScene) card = dg_scene_new (300, 200, white, "bands");
  add_box (card, DG_SHAPE_ELLIPSE, 20, 20, 280, 180, blue, black, 3)->opacity = 0.4;
  const DgPoint curve[] = { { 10, 190 }, { 100, -50 }, { 200, 250 }, { 290, 10 } };
  add_points (card, DG_ITEM_CURVE, DG_ROLE_TIE, curve, 4)->stroke = red;
  DgSceneItem *t = dg_scene_add_item (card, DG_ITEM_TEXT, DG_ROLE_TIE_LABEL);
  t->box = (DgBox) { 100, 90, 200, 110 };
  t->text = g_strdup ("straddling\ntwo bands");
  t->font = "DejaVu Sans";
  t->font_size = 14;
  t->stroke = black;
  t->fill = (DgColor) { 1, 1, 0.8, 0.7 };
  t->opacity = 0.8;
  t->align = DG_ALIGN_CENTER;

  DgRenderOptions ro = DG_RENDER_OPTIONS_INIT;
  g_autoptr (GError) error = NULL;
  const DgScene *scenes[] = { deal, card };
  for (guint i = 0; i < G_N_ELEMENTS (scenes); i++)
    {
      g_autoptr (GBytes) whole = dg_render_png_bands (scenes[i], &ro, 1e9, &error);
      cr_assert_not_null (whole, "%s", error != NULL ? error->message : "");
      /* 7 rows of the deal fixture's 1100-pixel width per band: 170 bands, and
       * band edges that fall inside text, shapes and curves. */
      g_autoptr (GBytes) banded = dg_render_png_bands (scenes[i], &ro, 7 * 1100, &error);
      cr_assert_not_null (banded, "%s", error != NULL ? error->message : "");
      /* cairo steps a shape's edges from where a band cuts it, so a few
       * antialiased pixels may come out one level apart (the deal fixture: 7
       * pixels of 1.4 million); never more. */
      int n_diff = assert_same_pixels (whole, banded, 1, i == 0 ? "deal fixture" : "test card");
      cr_assert_leq (n_diff, 100, "%d pixels differ", n_diff);
      /* The stream is cut into pieces at fixed rows, whatever the bands. */
      cr_assert (n_diff > 0 || g_bytes_equal (whole, banded), "%s: bands change the PNG's bytes",
                 i == 0 ? "deal fixture" : "test card");
    }
}

/* A @w × @h image that compresses poorly (a fixed pseudo-random pattern
 * over gradients), opaque or with pixels of every opacity. */
static cairo_surface_t *
noise_card (int w, int h, gboolean alpha)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  guint8 *data = cairo_image_surface_get_data (s);
  int stride = cairo_image_surface_get_stride (s);
  guint32 seed = 12345;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        seed = seed * 1103515245u + 12345u;
        guint a = alpha ? (seed >> 24) & 0xff : 0xff;
        guint r = ((guint) x * 255 / (guint) w + (seed >> 8)) % 256 * a / 255;
        guint g = ((guint) y * 255 / (guint) h) * a / 255;
        guint b = ((seed >> 16) & 0x3f) * a / 255;
        ((guint32 *) (void *) (data + y * stride))[x] = a << 24 | r << 16 | g << 8 | b;
      }
  cairo_surface_mark_dirty (s);
  return s;
}

static guint
count_chunks (GBytes *png, const char *type)
{
  gsize len;
  const guint8 *d = g_bytes_get_data (png, &len);
  guint n = 0;
  for (gsize i = 8; i + 12 <= len;)
    {
      guint32 size = (guint32) d[i] << 24 | (guint32) d[i + 1] << 16 | (guint32) d[i + 2] << 8 | d[i + 3];
      if (memcmp (d + i + 4, type, 4) == 0)
        n++;
      i += 12 + (gsize) size;
    }
  return n;
}

/* Images of many pieces (compressed apart, on several cores, and joined):
 * libpng reads them (it checks every CRC and the stream's checksum), and
 * the pixels come back as drawn. */
Test (render, png_pieces_round_trip)
{
  for (int alpha = 0; alpha <= 1; alpha++)
    {
      /* 1001 pixels wide: rows are converted four pixels at a time, plus
       * the rest. */
      g_autoptr (cairo_surface_t) card = noise_card (1001, 700, alpha);
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) png = dg_png_encode (card, 96, &error);
      cr_assert_not_null (png, "%s", error != NULL ? error->message : "");
      cr_assert_geq (count_chunks (png, "IDAT"), 8, "a 1001 × 700 image should be cut into pieces");
      cr_assert_eq (count_chunks (png, "IEND"), 1);

      png_image image = { 0 };
      image.version = PNG_IMAGE_VERSION;
      gsize len;
      const void *data = g_bytes_get_data (png, &len);
      cr_assert (png_image_begin_read_from_memory (&image, data, len), "libpng: %s", image.message);
      image.format = PNG_FORMAT_RGBA;
      g_autofree guint8 *rgba = g_malloc (PNG_IMAGE_SIZE (image));
      cr_assert (png_image_finish_read (&image, NULL, rgba, 0, NULL), "libpng: %s", image.message);
      png_image_free (&image);

      g_autoptr (cairo_surface_t) back = dg_test_png_decode (png);
      for (int y = 0; y < 700; y++)
        for (int x = 0; x < 1001; x++)
          {
            guint32 a = pixel (back, x, y), b = pixel (card, x, y);
            for (int shift = 0; shift < 32; shift += 8)
              cr_assert_leq (abs ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)), alpha ? 1 : 0,
                             "alpha %d: pixel %d,%d: %08x, drawn %08x", alpha, x, y, a, b);
          }
    }
}

/* The bytes are the same whether one core compresses every piece or
 * several share them: a process held to one CPU (where no helper starts)
 * encodes the image this one encodes with helpers. */
Test (render, png_bytes_do_not_depend_on_cores)
{
  g_autoptr (cairo_surface_t) card = noise_card (1200, 800, FALSE);
  int fds[2];
  cr_assert_eq (pipe (fds), 0);
  pid_t pid = fork ();
  cr_assert_geq (pid, 0);
  if (pid == 0)
    {
      cpu_set_t one;
      CPU_ZERO (&one);
      CPU_SET (0, &one);
      if (sched_setaffinity (0, sizeof one, &one) != 0)
        _exit (2);
      GBytes *png = dg_png_encode (card, 96, NULL);
      gsize len;
      const guint8 *d = g_bytes_get_data (png, &len);
      while (len > 0)
        {
          ssize_t n = write (fds[1], d, len);
          if (n <= 0)
            _exit (3);
          d += n;
          len -= (gsize) n;
        }
      _exit (0);
    }
  close (fds[1]);
  g_autoptr (GByteArray) alone = g_byte_array_new ();
  guint8 buf[65536];
  ssize_t n;
  while ((n = read (fds[0], buf, sizeof buf)) > 0)
    g_byte_array_append (alone, buf, (guint) n);
  close (fds[0]);
  int status = 0;
  cr_assert_eq (waitpid (pid, &status, 0), pid);
  cr_assert (WIFEXITED (status) && WEXITSTATUS (status) == 0, "the one-CPU encoder failed (%d)", status);

  g_autoptr (GBytes) shared = dg_png_encode (card, 96, NULL);
  cr_assert_not_null (shared);
  cr_assert_eq (g_bytes_get_size (shared), alone->len, "one core: %u bytes, every core: %zu bytes", alone->len,
                g_bytes_get_size (shared));
  cr_assert_eq (memcmp (g_bytes_get_data (shared, NULL), alone->data, alone->len), 0,
                "one core and every core give different bytes");
}

/* ------------------------------------------------------------------------ */
/* Party outlines: what the renderer draws is what the router keeps clear of
 * and where end markers are spread (dg-shape-private.h) */

#include "src/common/dg-shape-private.h"

Test (shapes, outline_radius_meets_each_drawn_side)
{
  const double w = 100, h = 40, a = 50, b = 20;
  /* Boxes, rounded boxes and cylinders: their box. */
  cr_assert_float_eq (dg_shape_radius (DG_SHAPE_BOX, w, h, 0), a, 1e-9);
  cr_assert_float_eq (dg_shape_radius (DG_SHAPE_ROUNDED, w, h, G_PI / 2), b, 1e-9);
  cr_assert_float_eq (dg_shape_radius (DG_SHAPE_CYLINDER, w, h, -G_PI / 2), b, 1e-9);
  /* Diagonal of the box: to its corner. */
  cr_assert_float_eq (dg_shape_radius (DG_SHAPE_BOX, w, h, atan2 (b, a)), hypot (a, b), 1e-9);
  /* Diamond: corners on the axes, the sides' midpoints at half the box's
   * half-diagonal. */
  cr_assert_float_eq (dg_shape_radius (DG_SHAPE_DIAMOND, w, h, 0), a, 1e-9);
  cr_assert_float_eq (dg_shape_radius (DG_SHAPE_DIAMOND, w, h, atan2 (b, a)), hypot (a, b) / 2, 1e-9);
  /* Ellipse and circle (a circle is as wide as the box's smaller side). */
  cr_assert_float_eq (dg_shape_radius (DG_SHAPE_ELLIPSE, w, h, 0), a, 1e-9);
  cr_assert_float_eq (dg_shape_radius (DG_SHAPE_ELLIPSE, w, h, G_PI / 2), b, 1e-9);
  cr_assert_float_eq (dg_shape_radius (DG_SHAPE_CIRCLE, w, h, 0), b, 1e-9);
  /* Hexagon: a corner on each side of the box, flat top. */
  cr_assert_float_eq (dg_shape_radius (DG_SHAPE_HEXAGON, w, h, 0), a, 1e-9);
  cr_assert_float_eq (dg_shape_radius (DG_SHAPE_HEXAGON, w, h, G_PI / 2), b, 1e-9);
  /* Parallelogram: its slanted sides cross the middle line d/2 in from the
   * box (d = min(w/5, 0.6 h) = 20). */
  cr_assert_float_eq (dg_shape_radius (DG_SHAPE_PARALLELOGRAM, w, h, 0), a - 10, 1e-9);
  cr_assert_float_eq (dg_shape_radius (DG_SHAPE_PARALLELOGRAM, w, h, G_PI), a - 10, 1e-9);
  /* Every polygon corner lies on the outline the radius describes. */
  static const DgShape polygons[] = { DG_SHAPE_BOX, DG_SHAPE_HEXAGON, DG_SHAPE_DIAMOND, DG_SHAPE_PARALLELOGRAM,
                                      DG_SHAPE_NOTE };
  for (gsize i = 0; i < G_N_ELEMENTS (polygons); i++)
    {
      DgPoint xy[DG_SHAPE_MAX_CORNERS];
      guint n = dg_shape_corners (polygons[i], w, h, xy);
      cr_assert (n >= 3 && n <= DG_SHAPE_MAX_CORNERS);
      for (guint k = 0; k < n; k++)
        cr_assert_float_eq (dg_shape_radius (polygons[i], w, h, atan2 (xy[k].y, xy[k].x)), hypot (xy[k].x, xy[k].y),
                            1e-6, "shape %d corner %u", polygons[i], k);
    }
}
