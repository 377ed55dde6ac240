/* test-svg.c — the SVG's accessibility structure, read with libxml2: title and description first, a named group per party and tie, real text. */

#include <criterion/criterion.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "dealgraph.h"
#include "dg-test.h"
#include "src/scene/scene-private.h"
#include "src/timeline/names-private.h"

static GBytes *
render_svg (const DgScene *scene, const DgRenderOptions *options)
{
  g_autoptr (GError) error = NULL;
  GBytes *bytes = dg_render_scene (scene, DG_FORMAT_SVG, options, &error);
  cr_assert_not_null (bytes, "%s", error != NULL ? error->message : "?");
  return bytes;
}

static xmlDocPtr
parse (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  xmlDocPtr doc = xmlReadMemory (data, (int) len, "figure.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
  cr_assert_not_null (doc, "the SVG is not well-formed XML");
  return doc;
}

static gboolean
is (xmlNodePtr node, const char *name)
{
  return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0;
}

/* @node's attribute @name, or NULL; free with g_free. */
static char *
attr (xmlNodePtr node, const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy = value != NULL ? g_strdup ((const char *) value) : NULL;
  xmlFree (value);
  return copy;
}

static char *
content (xmlNodePtr node)
{
  xmlChar *value = xmlNodeGetContent (node);
  char *copy = g_strdup (value != NULL ? (const char *) value : "");
  xmlFree (value);
  return copy;
}

static xmlNodePtr
first_element (xmlNodePtr node)
{
  while (node != NULL && node->type != XML_ELEMENT_NODE)
    node = node->next;
  return node;
}

typedef struct {
  GHashTable *names;  /* aria-label of a group → GUINT_TO_POINTER (count) */
  GPtrArray *texts;   /* each <text>'s lines joined by '\n', in document order */
  guint symbols;      /* <symbol> and <use>: glyph outlines */
  guint hidden_texts; /* <text> inside an aria-hidden element */
} Found;

static void
walk (xmlNodePtr node, Found *found, gboolean hidden)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      g_autofree char *aria_hidden = attr (node, "aria-hidden");
      gboolean inner_hidden = hidden || g_strcmp0 (aria_hidden, "true") == 0;
      if (is (node, "symbol") || is (node, "use"))
        found->symbols++;
      if (is (node, "g"))
        {
          g_autofree char *label = attr (node, "aria-label");
          if (label != NULL)
            {
              guint n = GPOINTER_TO_UINT (g_hash_table_lookup (found->names, label));
              g_hash_table_replace (found->names, g_strdup (label), GUINT_TO_POINTER (n + 1));
            }
        }
      if (is (node, "text"))
        {
          GString *lines = g_string_new (NULL);
          for (xmlNodePtr span = node->children; span != NULL; span = span->next)
            if (is (span, "tspan"))
              {
                g_autofree char *line = content (span);
                if (lines->len > 0)
                  g_string_append_c (lines, '\n');
                g_string_append (lines, line);
              }
          g_ptr_array_add (found->texts, g_string_free (lines, FALSE));
          found->hidden_texts += inner_hidden;
          continue;
        }
      walk (node->children, found, inner_hidden);
    }
}

static void
found_init (Found *found)
{
  found->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  found->texts = g_ptr_array_new_with_free_func (g_free);
  found->symbols = found->hidden_texts = 0;
}

static void
found_clear (Found *found)
{
  g_hash_table_unref (found->names);
  g_ptr_array_unref (found->texts);
}

/* The root is role="img", labelled by its first child, <title>, and
 * described by its second, <desc>; returns the desc's text. */
static char *
check_root (xmlDocPtr doc, const DgScene *scene)
{
  xmlNodePtr root = xmlDocGetRootElement (doc);
  cr_assert (is (root, "svg"));
  g_autofree char *role = attr (root, "role");
  cr_assert_str_eq (role, "img");
  xmlNodePtr title = first_element (root->children);
  cr_assert (title != NULL && is (title, "title"), "the first element is <title>");
  xmlNodePtr desc = first_element (title->next);
  cr_assert (desc != NULL && is (desc, "desc"), "the second element is <desc>");
  g_autofree char *title_id = attr (title, "id");
  g_autofree char *desc_id = attr (desc, "id");
  g_autofree char *labelledby = attr (root, "aria-labelledby");
  g_autofree char *describedby = attr (root, "aria-describedby");
  cr_assert (title_id != NULL && desc_id != NULL);
  cr_assert_str_eq (labelledby, title_id);
  cr_assert_str_eq (describedby, desc_id);
  g_autofree char *title_text = content (title);
  cr_assert_str_eq (title_text, dg_scene_get_title (scene));
  char *desc_text = content (desc);
  cr_assert_gt (strlen (desc_text), 0, "the description is not empty");
  return desc_text;
}

/* Every TEXT item of @scene with words, in order, as its lines. */
static GPtrArray *
scene_texts (const DgScene *scene)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      if (item->kind == DG_ITEM_TEXT && item->text != NULL && item->text[0] != '\0' && item->stroke.a > 0
          && item->opacity > 0)
        g_ptr_array_add (texts, g_strdup (item->text));
    }
  return texts;
}

/* Every stage figure of the fixture: the root and its title and
 * description, each active party and tie a group named from the model
 * exactly once (ended ties' ghosts named too, as ended), every text of the
 * scene a <text> with its words, no glyph outlines, no text hidden. */
Test (svg, stage_figures_are_accessible)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  options.graph = graph;

  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, NULL);
      g_autoptr (GBytes) bytes = render_svg (scene, &options);
      xmlDocPtr doc = parse (bytes);
      g_autofree char *desc = check_root (doc, scene);
      g_autofree char *stage_words = g_strdup_printf ("stage %u of %u", s + 1, dg_graph_n_stages (graph));
      cr_assert_not_null (strstr (desc, stage_words), "stage %u: %s", s, desc);

      Found found;
      found_init (&found);
      walk (xmlDocGetRootElement (doc)->children, &found, FALSE);

      /* The names the model gives, each as often as it is expected. */
      g_autoptr (GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      guint n_expected = 0, n_parties = 0;
      for (guint p = 0; p < dg_graph_n_parties (graph); p++)
        if (dg_party_active_at (dg_graph_party (graph, p), s))
          {
            char *name = dg_party_accessible_name (dg_graph_party (graph, p));
            guint n = GPOINTER_TO_UINT (g_hash_table_lookup (expected, name));
            g_hash_table_replace (expected, name, GUINT_TO_POINTER (n + 1));
            n_expected++;
            n_parties++;
          }
      for (guint t = 0; t < dg_graph_n_ties (graph); t++)
        if (dg_tie_active_at (dg_graph_tie (graph, t), s))
          {
            char *name = dg_tie_accessible_name (graph, dg_graph_tie (graph, t));
            guint n = GPOINTER_TO_UINT (g_hash_table_lookup (expected, name));
            g_hash_table_replace (expected, name, GUINT_TO_POINTER (n + 1));
            n_expected++;
          }
      cr_assert_gt (n_expected, 2);
      /* The description counts what is active. */
      g_autofree char *counted = g_strdup_printf ("A deal graph of %u parties and %u ties", n_parties,
                                                  n_expected - n_parties);
      cr_assert (g_str_has_prefix (desc, counted), "stage %u: %s", s, desc);
      GHashTableIter iter;
      gpointer key, value;
      g_hash_table_iter_init (&iter, expected);
      while (g_hash_table_iter_next (&iter, &key, &value))
        cr_assert_eq (GPOINTER_TO_UINT (g_hash_table_lookup (found.names, key)), GPOINTER_TO_UINT (value),
                      "stage %u: the group \"%s\"", s, (char *) key);
      g_hash_table_iter_init (&iter, found.names);
      while (g_hash_table_iter_next (&iter, &key, &value))
        cr_assert (g_hash_table_contains (expected, key) || g_str_has_suffix (key, ", ended"),
                   "stage %u: a group named \"%s\" that is neither active nor ended", s, (char *) key);

      /* Real text: every word of the figure, in painting order. */
      g_autoptr (GPtrArray) want = scene_texts (scene);
      cr_assert_gt (want->len, 5);
      cr_assert_eq (found.texts->len, want->len, "stage %u: %u texts for %u", s, found.texts->len, want->len);
      for (guint i = 0; i < want->len; i++)
        cr_assert_str_eq (found.texts->pdata[i], want->pdata[i], "stage %u, text %u", s, i);
      cr_assert_eq (found.symbols, 0, "no glyph outlines");
      cr_assert_eq (found.hidden_texts, 0, "no text is hidden from assistive technology");

      found_clear (&found);
      xmlFreeDoc (doc);
    }
}

/* The same scene gives the same bytes, whatever was drawn in between. */
Test (svg, byte_identical_across_renders)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  options.graph = graph;
  g_autoptr (DgScene) a = dg_scene_build (graph, layout, theme, 0, NULL);
  g_autoptr (DgScene) b = dg_scene_build (graph, layout, theme, 2, NULL);
  g_autoptr (GBytes) first = render_svg (a, &options);
  g_autoptr (GBytes) other = render_svg (b, &options);
  g_autoptr (GBytes) again = render_svg (a, &options);
  cr_assert (g_bytes_equal (first, again), "the SVG changed between two renders");
  cr_assert_not (g_bytes_equal (first, other));
}

/* The caller's description is the <desc>, escaped; without a graph the
 * groups are named by the words drawn for them, one per party and tie. */
Test (svg, description_and_names_without_a_graph)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, 1, NULL);
  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  options.description = "OpenAI <licenses> & \"invests\"";
  g_autoptr (GBytes) bytes = render_svg (scene, &options);
  xmlDocPtr doc = parse (bytes);
  g_autofree char *desc = check_root (doc, scene);
  cr_assert_str_eq (desc, "OpenAI <licenses> & \"invests\"");

  Found found;
  found_init (&found);
  walk (xmlDocGetRootElement (doc)->children, &found, FALSE);
  g_autoptr (GHashTable) drawn = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      if (item->party >= 0 && (item->role == DG_ROLE_PARTY || item->role == DG_ROLE_PARTY_LABEL))
        g_hash_table_add (drawn, GINT_TO_POINTER (1 + item->party));
      if (item->tie >= 0 && (item->role == DG_ROLE_TIE || item->role == DG_ROLE_TIE_ARROW))
        g_hash_table_add (drawn, GINT_TO_POINTER (-1 - item->tie));
    }
  guint groups = 0;
  GHashTableIter iter;
  gpointer key, value;
  g_hash_table_iter_init (&iter, found.names);
  while (g_hash_table_iter_next (&iter, &key, &value))
    groups += GPOINTER_TO_UINT (value);
  cr_assert_eq (groups, g_hash_table_size (drawn), "%u named groups for %u parties and ties", groups,
                g_hash_table_size (drawn));
  cr_assert (g_hash_table_contains (found.names, "OpenAI"), "a party is named by its label");
  found_clear (&found);
  xmlFreeDoc (doc);
}

/* Text from the input stays well-formed XML and reads as it was written:
 * markup characters escaped, leading and inner spaces kept, each line of a
 * multi-line label a line. */
Test (svg, hostile_text_is_escaped_text)
{
  static const char words[] = "<b>&amp; \"q\" 'a'  ]]>\n  second\xe2\x80\xaeline";
  g_autoptr (DgScene) scene = dg_scene_new (200, 100, (DgColor) { 1, 1, 1, 1 }, "t");
  DgSceneItem *text = dg_scene_add_item (scene, DG_ITEM_TEXT, DG_ROLE_PARTY_LABEL);
  text->party = 0;
  text->text = g_strdup (words);
  text->font = "DejaVu Sans";
  text->font_size = 10;
  text->stroke = (DgColor) { 0, 0, 0, 1 };
  text->box = (DgBox) { 10, 10, 190, 60 };
  text->align = DG_ALIGN_CENTER;
  g_autoptr (GBytes) bytes = render_svg (scene, NULL);
  xmlDocPtr doc = parse (bytes);
  Found found;
  found_init (&found);
  walk (xmlDocGetRootElement (doc)->children, &found, FALSE);
  cr_assert_eq (found.texts->len, 1);
  cr_assert_str_eq (found.texts->pdata[0], words);
  cr_assert_eq (g_hash_table_size (found.names), 1, "the party's group");
  found_clear (&found);
  xmlFreeDoc (doc);
}
