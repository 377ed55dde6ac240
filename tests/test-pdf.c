/* test-pdf.c — the PDF as a reader gets it, read by MuPDF (tests/pdf/read-pdf.py): title and subject, the tagged structure, the text. */

#include <criterion/criterion.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "dealgraph.h"
#include "dg-test.h"
#include "src/scene/scene-private.h"

static const DgColor white = { 1, 1, 1, 1 };
static const DgColor black = { 0, 0, 0, 1 };

static GBytes *
render_pdf (const DgScene *scene, const DgRenderOptions *options)
{
  g_autoptr (GError) error = NULL;
  GBytes *bytes = dg_render_scene (scene, DG_FORMAT_PDF, options, &error);
  cr_assert_not_null (bytes, "%s", error != NULL ? error->message : "?");
  return bytes;
}

static GBytes *
render_book (const DgScene *const *scenes, guint n, const DgRenderOptions *options)
{
  g_autoptr (GError) error = NULL;
  GBytes *bytes = dg_render_pdf_book (scenes, n, options, &error);
  cr_assert_not_null (bytes, "%s", error != NULL ? error->message : "?");
  return bytes;
}

/* What MuPDF reads in @pdf (see tests/pdf/read-pdf.py); the caller unrefs
 * it. Skips the test without python3-fitz, except under CI, where .ci/run
 * installs it: there it fails. */
static JsonParser *
mupdf_reads (GBytes *pdf, const char *what)
{
  g_autofree char *out = dg_test_debian_python ("tests/pdf", "read-pdf.py", "figure.pdf", pdf, "python3-fitz", what);
  JsonParser *parser = json_parser_new ();
  cr_assert (json_parser_load_from_data (parser, out, -1, NULL), "%s: not JSON: %s", what, out);
  return parser;
}

static JsonObject *
root_object (JsonParser *parser)
{
  return json_node_get_object (json_parser_get_root (parser));
}

static const char *
metadata (JsonObject *pdf, const char *key)
{
  return json_object_get_string_member (json_object_get_object_member (pdf, "metadata"), key);
}

static const char *
element_type (JsonObject *element)
{
  JsonNode *s = json_object_get_member (element, "S");
  return JSON_NODE_HOLDS_NULL (s) ? NULL : json_node_get_string (s);
}

static JsonArray *
kids (JsonObject *element)
{
  return json_object_get_array_member (element, "kids");
}

/* The one Document under the structure tree root of @pdf, which must be a
 * marked (tagged) PDF with nothing else at its root. */
static JsonObject *
document_of (JsonObject *pdf, const char *what)
{
  cr_assert (json_object_get_boolean_member (pdf, "marked"), "%s: no /MarkInfo << /Marked true >>", what);
  JsonNode *tree = json_object_get_member (pdf, "struct");
  cr_assert (!JSON_NODE_HOLDS_NULL (tree), "%s: no /StructTreeRoot", what);
  JsonArray *top = kids (json_node_get_object (tree));
  cr_assert_eq (json_array_get_length (top), 1, "%s: %u elements at the root", what, json_array_get_length (top));
  JsonObject *document = json_array_get_object_element (top, 0);
  cr_assert_str_eq (element_type (document), "Document", "%s", what);
  return document;
}

/* Asserts that @figure is a Figure of page @page holding @n_text paragraphs,
 * each one marked-content sequence of that page, or, with no text, marking
 * the page's drawing itself. */
static void
assert_figure (JsonObject *figure, guint page, guint n_text, const char *what)
{
  cr_assert_str_eq (element_type (figure), "Figure", "%s", what);
  JsonArray *paragraphs = kids (figure);
  cr_assert_eq (json_array_get_length (paragraphs), n_text, "%s: %u paragraphs for %u texts", what,
                json_array_get_length (paragraphs), n_text);
  if (n_text == 0)
    {
      cr_assert_eq (json_array_get_length (json_object_get_array_member (figure, "mcids")), 1, "%s", what);
      cr_assert_eq (json_object_get_int_member (figure, "page"), page, "%s", what);
    }
  for (guint i = 0; i < n_text; i++)
    {
      JsonObject *p = json_array_get_object_element (paragraphs, i);
      cr_assert_str_eq (element_type (p), "P", "%s: paragraph %u", what, i);
      cr_assert_eq (json_array_get_length (json_object_get_array_member (p, "mcids")), 1, "%s: paragraph %u", what, i);
      cr_assert_eq (json_object_get_int_member (p, "page"), page, "%s: paragraph %u is on page %" G_GINT64_FORMAT,
                    what, i, json_object_get_int_member (p, "page"));
      cr_assert_eq (json_array_get_length (kids (p)), 0, "%s", what);
    }
}

static JsonObject *
page_of (JsonObject *pdf, guint page)
{
  return json_array_get_object_element (json_object_get_array_member (pdf, "pages"), page);
}

/* The texts render.c draws of @scene (and tags as paragraphs). */
static guint
n_drawn_texts (const DgScene *scene)
{
  guint n = 0;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      if (item->kind == DG_ITEM_TEXT && item->text != NULL && item->text[0] != '\0' && item->opacity > 0.0)
        n++;
    }
  return n;
}

/* @text with every run of white space one space, trimmed. */
static char *
squeeze (const char *text)
{
  g_auto (GStrv) words = g_strsplit_set (text, " \t\n", -1);
  GString *out = g_string_new (NULL);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", words[i]);
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------ */

/* Each stage's PDF of the deal: title and subject (the short alternative
 * text dg_describe() writes), a Document > Figure > P structure with a
 * paragraph per text drawn, properly nested in the page's content, and
 * every text drawn readable as text. */
Test (pdf, stage_figures_are_tagged, .timeout = 120)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, NULL);
      g_autoptr (DgDescription) description = dg_describe (graph, s, NULL, NULL);
      cr_assert_not_null (description);
      DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
      options.description = dg_description_get_short (description);
      options.graph = graph;
      g_autoptr (GBytes) pdf = render_pdf (scene, &options);
      g_autofree char *what = g_strdup_printf ("stage %u", s);
      g_autoptr (JsonParser) parser = mupdf_reads (pdf, what);
      JsonObject *read = root_object (parser);

      cr_assert_str_eq (metadata (read, "title"), dg_scene_get_title (scene), "%s", what);
      cr_assert_str_eq (metadata (read, "subject"), options.description, "%s", what);
      JsonObject *document = document_of (read, what);
      cr_assert_eq (json_array_get_length (kids (document)), 1, "%s", what);
      guint n_text = n_drawn_texts (scene);
      cr_assert_gt (n_text, 3, "%s", what);
      assert_figure (json_array_get_object_element (kids (document), 0), 0, n_text, what);

      JsonObject *page = page_of (read, 0);
      cr_assert_eq (json_object_get_int_member (page, "bdc"), n_text, "%s", what);
      cr_assert (json_object_get_boolean_member (page, "nesting"), "%s: q/Q, BT/ET and BDC/EMC do not nest", what);
      g_autofree char *text = squeeze (json_object_get_string_member (page, "text"));
      for (guint i = 0; i < dg_scene_n_items (scene); i++)
        {
          const DgSceneItem *item = dg_scene_item (scene, i);
          if (item->kind != DG_ITEM_TEXT || item->text == NULL || item->text[0] == '\0')
            continue;
          g_autofree char *words = squeeze (item->text);
          cr_assert_not_null (strstr (text, words), "%s: \"%s\" is not in the PDF's text:\n%s", what, words, text);
        }
    }
}

/* A book is one Document with a Figure per page, each holding that page's
 * paragraphs; its subject is the caller's description of the whole set,
 * and without one there is none. */
Test (pdf, book_is_a_document_of_figures, .timeout = 120)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  guint n = dg_graph_n_stages (graph);
  cr_assert_geq (n, 3);
  g_autoptr (GPtrArray) scenes = g_ptr_array_new_with_free_func ((GDestroyNotify) dg_scene_free);
  for (guint s = 0; s < n; s++)
    g_ptr_array_add (scenes, dg_scene_build (graph, layout, theme, s, NULL));

  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  options.description = "The deal, stage by stage.";
  g_autoptr (GBytes) book = render_book ((const DgScene *const *) scenes->pdata, n, &options);
  g_autoptr (JsonParser) parser = mupdf_reads (book, "book");
  JsonObject *read = root_object (parser);
  cr_assert_str_eq (metadata (read, "subject"), "The deal, stage by stage.");
  cr_assert_str_eq (metadata (read, "title"), dg_scene_get_title (scenes->pdata[0]));
  JsonObject *document = document_of (read, "book");
  cr_assert_eq (json_array_get_length (kids (document)), n, "a Figure per page");
  for (guint s = 0; s < n; s++)
    {
      g_autofree char *what = g_strdup_printf ("book page %u", s + 1);
      assert_figure (json_array_get_object_element (kids (document), s), s, n_drawn_texts (scenes->pdata[s]), what);
      cr_assert (json_object_get_boolean_member (page_of (read, s), "nesting"), "%s", what);
    }

  g_autoptr (GBytes) plain = render_book ((const DgScene *const *) scenes->pdata, n, NULL);
  g_autoptr (JsonParser) plain_parser = mupdf_reads (plain, "book without a description");
  cr_assert_str_eq (metadata (root_object (plain_parser), "subject"), "");
  document_of (root_object (plain_parser), "book without a description");
}

/* Title and subject come from user input: line breaks, PDF string syntax,
 * broken UTF-8 and bidi controls arrive as one clean line, and a version
 * 1 options struct (no description) gives no subject. */
Test (pdf, hostile_title_and_subject)
{
  g_autoptr (DgScene) scene = dg_scene_new (120, 60, white, "Deal (draft) \\ 100%\n\xff\xfe\xe2\x80\xae end");
  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  options.description = "line one\r\nline two ) ( \\) \\\\ <FEFF> %\t\xc3\xa9\xe2\x80\x8f\xc0";
  g_autoptr (GBytes) pdf = render_pdf (scene, &options);
  g_autoptr (JsonParser) parser = mupdf_reads (pdf, "hostile");
  JsonObject *read = root_object (parser);
  cr_assert_str_eq (metadata (read, "title"), "Deal (draft) \\ 100% \xef\xbf\xbd\xef\xbf\xbd end");
  cr_assert_str_eq (metadata (read, "subject"), "line one  line two ) ( \\) \\\\ <FEFF> % \xc3\xa9\xef\xbf\xbd");
  document_of (read, "hostile");

  options.version = 1;
  g_autoptr (GBytes) v1 = render_pdf (scene, &options);
  g_autoptr (JsonParser) v1_parser = mupdf_reads (v1, "version 1");
  cr_assert_str_eq (metadata (root_object (v1_parser), "subject"), "");

  options.version = DG_RENDER_OPTIONS_VERSION;
  options.description = "";
  g_autoptr (GBytes) empty = render_pdf (scene, &options);
  g_autoptr (JsonParser) empty_parser = mupdf_reads (empty, "empty description");
  cr_assert_str_eq (metadata (root_object (empty_parser), "subject"), "");
}

static DgSceneItem *
add_text (DgScene *scene, const char *text, double x0, double y0)
{
  DgSceneItem *item = dg_scene_add_item (scene, DG_ITEM_TEXT, DG_ROLE_PARTY_LABEL);
  item->text = g_strdup (text);
  item->font = "DejaVu Sans";
  item->font_size = 12;
  item->box = (DgBox) { x0, y0, x0 + 100, y0 + 16 };
  item->stroke = black;
  item->align = DG_ALIGN_LEFT;
  return item;
}

/* What cairo 1.16 trips over: a translucent item (drawn in a group, where
 * a tag would crash cairo), a background painted over the whole page
 * (which made cairo drop the tags begun before it and fail the PDF),
 * translucent or transparent, and a page with no text (its Figure marks
 * the drawing itself). Every page still renders, tagged. */
Test (pdf, groups_backgrounds_and_pages_without_text)
{
  g_autoptr (DgScene) ghost = dg_scene_new (200, 100, white, "ghost");
  add_text (ghost, "Solid Party", 10, 10);
  add_text (ghost, "Ghost Party", 10, 50)->opacity = 0.4;
  g_autoptr (DgScene) glass = dg_scene_new (200, 100, (DgColor) { 0.2, 0.4, 0.6, 0.5 }, "glass");
  add_text (glass, "Through Glass", 10, 10);
  g_autoptr (DgScene) clear = dg_scene_new (200, 100, (DgColor) { 0, 0, 0, 0 }, "clear");
  add_text (clear, "On Nothing", 10, 10);
  g_autoptr (DgScene) mute = dg_scene_new (200, 100, white, "mute");
  DgSceneItem *box = dg_scene_add_item (mute, DG_ITEM_SHAPE, DG_ROLE_PARTY);
  box->shape = DG_SHAPE_BOX;
  box->box = (DgBox) { 10, 10, 90, 90 };
  box->fill = black;

  const DgScene *pages[] = { ghost, glass, clear, mute };
  const char *words[] = { "Ghost Party", "Through Glass", "On Nothing", NULL };
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      const char *what = dg_scene_get_title (pages[i]);
      g_autoptr (GBytes) pdf = render_pdf (pages[i], NULL);
      g_autoptr (JsonParser) parser = mupdf_reads (pdf, what);
      JsonObject *read = root_object (parser);
      JsonObject *document = document_of (read, what);
      cr_assert_eq (json_array_get_length (kids (document)), 1, "%s", what);
      assert_figure (json_array_get_object_element (kids (document), 0), 0, n_drawn_texts (pages[i]), what);
      cr_assert (json_object_get_boolean_member (page_of (read, 0), "nesting"), "%s", what);
      if (words[i] != NULL)
        cr_assert_not_null (strstr (json_object_get_string_member (page_of (read, 0), "text"), words[i]), "%s", what);
    }

  g_autoptr (GBytes) book = render_book (pages, G_N_ELEMENTS (pages), NULL);
  g_autoptr (JsonParser) parser = mupdf_reads (book, "book");
  JsonObject *document = document_of (root_object (parser), "book");
  cr_assert_eq (json_array_get_length (kids (document)), G_N_ELEMENTS (pages));
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    assert_figure (json_array_get_object_element (kids (document), i), i, n_drawn_texts (pages[i]), "book");
}

/* A book whose later page cannot be drawn fails with its page named, the
 * structure begun on the pages before it left open, cleanly (no crash, no
 * leak under the sanitizers). */
Test (pdf, book_fails_cleanly_mid_structure)
{
  g_autoptr (DgScene) good = dg_scene_new (200, 100, white, "good");
  add_text (good, "Fine", 10, 10);
  g_autoptr (DgScene) flat = dg_scene_new (200, 0, white, "flat");
  const DgScene *pages[] = { good, flat };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) book = dg_render_pdf_book (pages, 2, NULL, &error);
  cr_assert_null (book);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_RENDER));
  cr_assert (g_str_has_prefix (error->message, "page 2: "), "%s", error->message);
}

/* Tags, title and subject keep the bytes reproducible: the same scene and
 * options give the same PDF, single or book. */
Test (pdf, same_input_same_bytes)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  g_autoptr (DgScene) a = dg_scene_build (graph, layout, theme, 0, NULL);
  g_autoptr (DgScene) b = dg_scene_build (graph, layout, theme, 1, NULL);
  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  options.description = "Two parties (and a tie) \\ é";
  g_autoptr (GBytes) one = render_pdf (a, &options);
  g_autoptr (GBytes) two = render_pdf (b, &options);
  g_autoptr (GBytes) again = render_pdf (a, &options);
  cr_assert (g_bytes_equal (one, again));
  cr_assert_not (g_bytes_equal (one, two));
  const DgScene *scenes[] = { a, b };
  g_autoptr (GBytes) book = render_book (scenes, 2, &options);
  g_autoptr (GBytes) book_again = render_book (scenes, 2, &options);
  cr_assert (g_bytes_equal (book, book_again));
}
