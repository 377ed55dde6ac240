/* test-export.c — dg_export_graph() and `dealgraph export`: positions, timeline, escaping, errors. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "dealgraph.h"
#include "dg-test.h"
#include "export-private.h"

/* ------------------------------------------------------------------------ */
/* Helpers */

/* The export as a NUL-terminated string. */
static char *
export_text (const DgGraph *graph, const DgTheme *theme, const DgLayout *layout, DgExportFormat format,
             int stage)
{
  DgExportOptions options = DG_EXPORT_OPTIONS_INIT;
  options.stage = stage;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = dg_export_graph (graph, theme, layout, format, &options, &error);
  cr_assert_not_null (bytes, "export %s: %s", dg_export_format_extension (format),
                      error != NULL ? error->message : "?");
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  cr_assert_eq (strlen (data) < len ? strlen (data) : len, len, "the export holds a NUL byte");
  return g_strndup (data, len);
}

/* The value of attribute @name inside @line ("name=\"…\""), newly allocated. */
static char *
attr_in (const char *line, const char *name)
{
  g_autofree char *key = g_strdup_printf ("%s=\"", name);
  const char *p = strstr (line, key);
  if (p == NULL)
    return NULL;
  p += strlen (key);
  const char *end = strchr (p, '"');
  return end != NULL ? g_strndup (p, (gsize) (end - p)) : NULL;
}

/* The line of @text that starts (after blanks) with @prefix. */
static char *
line_starting (const char *text, const char *prefix)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (g_strchug (lines[i]), prefix))
      return g_strdup (lines[i]);
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Formats */

Test (export, format_names_round_trip)
{
  const DgExportFormat all[] = { DG_EXPORT_DOT, DG_EXPORT_JSON, DG_EXPORT_GEXF, DG_EXPORT_GRAPHML };
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      DgExportFormat f;
      cr_assert (dg_export_format_from_string (dg_export_format_extension (all[i]), &f));
      cr_assert_eq (f, all[i]);
    }
  DgExportFormat f;
  cr_assert (dg_export_format_from_string ("GEXF", &f) && f == DG_EXPORT_GEXF);
  cr_assert_not (dg_export_format_from_string ("svg", &f));
  cr_assert_not (dg_export_format_from_string (NULL, &f));
}

/* ------------------------------------------------------------------------ */
/* DOT */

Test (export, dot_pins_every_party_at_its_layout_position)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  for (int stage = -1; stage < (int) dg_graph_n_stages (graph); stage++)
    {
      g_autofree char *dot = export_text (graph, theme, layout, DG_EXPORT_DOT, stage);
      const DgGeometry *geo = dg_layout_stage_geometry (layout, stage < 0 ? 0 : (guint) stage);
      guint n_nodes = 0;
      for (guint i = 0; i < dg_graph_n_parties (graph); i++)
        {
          const DgParty *party = dg_graph_party (graph, i);
          g_autofree char *prefix = g_strdup_printf ("\"%s\" [pos=", party->id);
          g_autofree char *line = line_starting (dot, prefix);
          gboolean active = stage < 0 || dg_party_active_at (party, (guint) stage);
          cr_assert_eq (line != NULL, active, "stage %d: party %s %s", stage, party->id,
                        active ? "missing" : "present while inactive");
          if (line == NULL)
            continue;
          n_nodes++;
          g_autofree char *pos = attr_in (line, "pos");
          cr_assert_not_null (pos);
          double x = 0, y = 0;
          char bang = 0;
          cr_assert_eq (sscanf (pos, "%lf,%lf%c", &x, &y, &bang), 3, "pos \"%s\"", pos);
          cr_assert_eq (bang, '!', "the position is not pinned");
          /* Graphviz's frame: y up from the bottom of the bounding box. */
          cr_assert_float_eq (x, geo->parties[i].center.x, 0.006);
          cr_assert_float_eq (y, geo->bbox.y1 - geo->parties[i].center.y, 0.006, "%s: y %g", party->id, y);
        }
      cr_assert_gt (n_nodes, 0);
      cr_assert_not_null (strstr (dot, "bb=\"0.00,0.00,"), "no bounding box");
      /* One edge per active tie, each named by its key. */
      guint edges = 0;
      for (const char *p = dot; (p = strstr (p, "[key=t")) != NULL; p++)
        edges++;
      guint active = 0;
      for (guint i = 0; i < dg_graph_n_ties (graph); i++)
        active += stage < 0 || dg_tie_active_at (dg_graph_tie (graph, i), (guint) stage);
      cr_assert_eq (edges, active, "stage %d: %u edges for %u ties", stage, edges, active);
    }
}

/* A tie without a value is drawn hollow; Graphviz's colour lists say so:
 * "c:inside:c" draws the band as three parallel lines. */
Test (export, dot_draws_a_tie_without_a_value_hollow)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { a [kind = investor]; b [kind = lab]; c [kind = lab];\n"
                                                 "  a -> b [kind = investment, value = \"$50B\"];\n"
                                                 "  a -> c [kind = investment]; }\n");
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  g_autofree char *dot = export_text (graph, theme, layout, DG_EXPORT_DOT, 0);
  g_autofree char *valued = line_starting (dot, "\"a\" -> \"b\"");
  g_autofree char *hollow = line_starting (dot, "\"a\" -> \"c\"");
  cr_assert (valued != NULL && hollow != NULL, "%s", dot);
  g_autofree char *vc = attr_in (valued, "color"), *hc = attr_in (hollow, "color");
  cr_assert (vc != NULL && strchr (vc, ':') == NULL, "the valued tie is one line: %s", valued);
  g_auto (GStrv) parts = g_strsplit (hc != NULL ? hc : "", ":", -1);
  cr_assert (g_strv_length (parts) == 3 && g_str_equal (parts[0], parts[2]) && !g_str_equal (parts[0], parts[1]),
             "the hollow tie: %s", hollow);
}

Test (export, dot_escapes_hostile_labels)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { \"a\\\"b\" [label=\"x\\\"y\\\\z\\n&amp; <b>\x01\x1b[2J\"];"
                                                 " \"c\"; \"a\\\"b\" -> \"c\" [label=\"say \\\"hi\\\"\"]; }");
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  g_autofree char *dot = export_text (graph, theme, layout, DG_EXPORT_DOT, -1);
  for (const char *p = dot; *p != '\0'; p++)
    cr_assert (*p == '\n' || (guchar) *p >= 0x20, "raw control character 0x%02x in the DOT", *p);
  cr_assert_not_null (strstr (dot, "\"a\\\"b\" [pos="), "the quote in the id is not escaped:\n%s", dot);
  cr_assert_not_null (strstr (dot, "&amp;amp;"), "'&' in a label must be an entity: Graphviz decodes them");
  /* cgraph must read it back, with the same two parties and one tie. */
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) again = dg_graph_load_data ("export.dot", dot, strlen (dot), NULL, NULL, &error);
  cr_assert_not_null (again, "the DOT export does not load: %s\n%s", error != NULL ? error->message : "?", dot);
  cr_assert_eq (dg_graph_n_parties (again), 2);
  cr_assert_eq (dg_graph_n_ties (again), 1);
  cr_assert_not_null (dg_graph_find_party (again, "a\"b"));
}

Test (export, dot_of_every_stage_needs_one_frame)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_STAGE);
  DgExportOptions options = DG_EXPORT_OPTIONS_INIT;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = dg_export_graph (graph, theme, layout, DG_EXPORT_DOT, &options, &error);
  cr_assert_null (bytes);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_USAGE));
  g_clear_error (&error);
  options.stage = 2;
  g_autoptr (GBytes) one = dg_export_graph (graph, theme, layout, DG_EXPORT_DOT, &options, &error);
  cr_assert_not_null (one, "%s", error != NULL ? error->message : "?");
  options.stage = 99;
  g_autoptr (GBytes) none = dg_export_graph (graph, theme, layout, DG_EXPORT_GRAPHML, &options, &error);
  cr_assert_null (none);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_USAGE));
}

/* ------------------------------------------------------------------------ */
/* JSON */

Test (export, json_holds_the_whole_timeline_as_node_link_data)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  g_autofree char *text = export_text (graph, theme, layout, DG_EXPORT_JSON, -1);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  cr_assert (json_parser_load_from_data (parser, text, -1, &error), "%s", error != NULL ? error->message : "?");
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  cr_assert_eq (json_object_get_int_member (root, "version"), DG_EXPORT_JSON_VERSION);
  cr_assert (json_object_get_boolean_member (root, "directed"));
  cr_assert (json_object_get_boolean_member (root, "multigraph"));
  JsonArray *stages = json_object_get_array_member (root, "stages");
  JsonArray *nodes = json_object_get_array_member (root, "nodes");
  JsonArray *links = json_object_get_array_member (root, "links");
  cr_assert_eq (json_array_get_length (stages), dg_graph_n_stages (graph));
  cr_assert_eq (json_array_get_length (nodes), dg_graph_n_parties (graph));
  cr_assert_eq (json_array_get_length (links), dg_graph_n_ties (graph));
  cr_assert_str_eq (json_object_get_string_member (json_array_get_object_element (stages, 3), "date"), "2030");
  gboolean found = FALSE;
  for (guint i = 0; i < json_array_get_length (links); i++)
    {
      JsonObject *link = json_array_get_object_element (links, i);
      if (g_strcmp0 (json_object_get_string_member (link, "source"), "Amazon") != 0)
        continue;
      found = TRUE;
      cr_assert_str_eq (json_object_get_string_member (link, "target"), "OpenAI");
      cr_assert_str_eq (json_object_get_string_member (link, "kind"), "investment");
      JsonObject *value = json_object_get_object_member (link, "value");
      cr_assert_float_eq (json_object_get_double_member (value, "amount"), 5e10, 1);
      cr_assert_str_eq (json_object_get_string_member (value, "unit"), "currency");
      cr_assert_str_eq (json_object_get_string_member (value, "currency"), "$");
      cr_assert_str_eq (json_object_get_string_member (value, "qualifier"), "up_to");
      cr_assert_str_eq (json_object_get_string_member (link, "from"), "amazon");
      cr_assert (json_object_get_null_member (link, "until"));
      JsonArray *at = json_object_get_array_member (link, "stages");
      cr_assert_eq (json_array_get_length (at), 4);
      JsonObject *prov = json_object_get_object_member (link, "provenance");
      cr_assert_not_null (strstr (json_object_get_string_member (prov, "source"), "$50 billion"));
    }
  cr_assert (found, "the Amazon investment is missing");
  /* Positions: one geometry per stage, every active party in it. */
  JsonObject *lay = json_object_get_object_member (root, "layout");
  cr_assert_str_eq (json_object_get_string_member (lay, "mode"), "union");
  JsonArray *geometry = json_object_get_array_member (lay, "geometry");
  cr_assert_eq (json_array_get_length (geometry), dg_graph_n_stages (graph));
  JsonObject *first = json_array_get_object_element (geometry, 0);
  GArray *active = dg_graph_active_parties (graph, 0);
  cr_assert_eq (json_array_get_length (json_object_get_array_member (first, "parties")), active->len);
  g_array_unref (active);
}

Test (export, json_without_layout_has_no_positions)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autofree char *text = export_text (graph, NULL, NULL, DG_EXPORT_JSON, -1);
  cr_assert_null (strstr (text, "\"layout\""));
}

/* ------------------------------------------------------------------------ */
/* GEXF */

/* GEXF 1.2draft's content model, as GEXF 1.2's grammar (gexf.rnc, data.rnc,
 * dynamics.rnc, hierarchy and viz) has it: for each element, the elements
 * it may hold and the attributes it may carry, "!" marking the required
 * ones. networkx 2.8 reads only 1.1draft and 1.2draft (networkx 3 also
 * 1.3), so nothing 1.3 added — an edge's kind, timerepresentation — may
 * appear. */
typedef struct {
  const char *element;
  const char *const *children;
  const char *const *attributes;
} GexfRule;

#define GEXF_TIME "start", "startopen", "end", "endopen"
static const GexfRule gexf_12draft[] = {
  { "gexf", (const char *const[]) { "meta", "graph", NULL },
    (const char *const[]) { "xmlns", "xmlns:viz", "xmlns:xsi", "xsi:schemaLocation", "!version", "variant", NULL } },
  { "meta", (const char *const[]) { "creator", "keywords", "description", NULL },
    (const char *const[]) { "lastmodifieddate", NULL } },
  { "creator", (const char *const[]) { NULL }, (const char *const[]) { NULL } },
  { "keywords", (const char *const[]) { NULL }, (const char *const[]) { NULL } },
  { "description", (const char *const[]) { NULL }, (const char *const[]) { NULL } },
  { "graph", (const char *const[]) { "attributes", "nodes", "edges", NULL },
    (const char *const[]) { "defaultedgetype", "idtype", "mode", "timeformat", GEXF_TIME, NULL } },
  { "attributes", (const char *const[]) { "attribute", NULL },
    (const char *const[]) { "!class", "mode", GEXF_TIME, NULL } },
  { "attribute", (const char *const[]) { "default", "options", NULL },
    (const char *const[]) { "!id", "!title", "!type", NULL } },
  { "nodes", (const char *const[]) { "node", NULL }, (const char *const[]) { "count", NULL } },
  { "node",
    (const char *const[]) { "attvalues", "spells", "nodes", "edges", "parents", "viz:color", "viz:position", "viz:size",
                            "viz:shape", NULL },
    (const char *const[]) { "!id", "label", "pid", GEXF_TIME, NULL } },
  { "edges", (const char *const[]) { "edge", NULL }, (const char *const[]) { "count", NULL } },
  { "edge", (const char *const[]) { "attvalues", "spells", "viz:color", "viz:thickness", "viz:shape", NULL },
    (const char *const[]) { "!id", "type", "label", "!source", "!target", "weight", GEXF_TIME, NULL } },
  { "attvalues", (const char *const[]) { "attvalue", NULL }, (const char *const[]) { NULL } },
  { "attvalue", (const char *const[]) { NULL }, (const char *const[]) { "!for", "!value", GEXF_TIME, NULL } },
  { "spells", (const char *const[]) { "spell", NULL }, (const char *const[]) { NULL } },
  { "spell", (const char *const[]) { NULL }, (const char *const[]) { GEXF_TIME, NULL } },
  { "viz:color", (const char *const[]) { "viz:spells", NULL },
    (const char *const[]) { "!r", "!g", "!b", "a", GEXF_TIME, NULL } },
  { "viz:position", (const char *const[]) { "viz:spells", NULL },
    (const char *const[]) { "!x", "!y", "!z", GEXF_TIME, NULL } },
  { "viz:size", (const char *const[]) { "viz:spells", NULL }, (const char *const[]) { "!value", GEXF_TIME, NULL } },
  { "viz:thickness", (const char *const[]) { "viz:spells", NULL },
    (const char *const[]) { "!value", GEXF_TIME, NULL } },
  { "viz:shape", (const char *const[]) { "viz:spells", NULL },
    (const char *const[]) { "!value", "uri", GEXF_TIME, NULL } },
};

static const GexfRule *
gexf_rule (const char *element)
{
  for (guint i = 0; i < G_N_ELEMENTS (gexf_12draft); i++)
    if (strcmp (gexf_12draft[i].element, element) == 0)
      return &gexf_12draft[i];
  return NULL;
}

static gboolean
one_of (const char *value, const char *const *allowed)
{
  for (guint i = 0; allowed[i] != NULL; i++)
    if (strcmp (value, allowed[i]) == 0)
      return TRUE;
  return FALSE;
}

/* What the walk has seen so far, and what it found wrong. */
typedef struct {
  GString *wrong;
  char *timeformat;
  const char *attr_class;          /* of the <attributes> being read */
  GHashTable *declared[2];         /* node, edge: attribute id -> type */
  GHashTable *node_ids;
  const char *owner;               /* "node" or "edge" holding the element */
  guint n_nodes, n_edges, n_spells;
} GexfWalk;

static gboolean
is_number (const char *text, double min, double max)
{
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (v) && v >= min && v <= max;
}

/* A time as <graph timeformat> says: an integer, or an xsd:date. */
static gboolean
is_time (const GexfWalk *w, const char *text)
{
  if (w->timeformat == NULL)
    return FALSE;
  if (strcmp (w->timeformat, "integer") == 0)
    {
      char *end = NULL;
      g_ascii_strtoll (text, &end, 10);
      return end != text && *end == '\0';
    }
  if (strcmp (w->timeformat, "date") == 0)
    {
      int y, m, d;
      char tail;
      return strlen (text) == 10 && sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3
             && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
    }
  return is_number (text, -INFINITY, INFINITY);
}

static const char *
attr_value (const char **names, const char **values, const char *name)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], name) == 0)
      return values[i];
  return NULL;
}

static void
gexf_start (GMarkupParseContext *context, const char *name, const char **names, const char **values,
            gpointer data, GError **error)
{
  GexfWalk *w = data;
  const GSList *stack = g_markup_parse_context_get_element_stack (context);
  const char *parent = stack->next != NULL ? stack->next->data : NULL;
  const GexfRule *rule = gexf_rule (name);
  if (rule == NULL)
    {
      g_string_append_printf (w->wrong, "<%s> is no GEXF 1.2draft element; ", name);
      return;
    }
  const GexfRule *up = parent != NULL ? gexf_rule (parent) : NULL;
  if (parent == NULL ? strcmp (name, "gexf") != 0 : up != NULL && !one_of (name, up->children))
    g_string_append_printf (w->wrong, "<%s> may not be in <%s>; ", name, parent != NULL ? parent : "the document");
  for (guint i = 0; rule->attributes[i] != NULL; i++)
    {
      const char *want = rule->attributes[i];
      if (want[0] == '!' && !g_strv_contains (names, want + 1))
        g_string_append_printf (w->wrong, "<%s> lacks %s; ", name, want + 1);
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      gboolean known = FALSE;
      for (guint k = 0; rule->attributes[k] != NULL && !known; k++)
        known = strcmp (names[i], rule->attributes[k] + (rule->attributes[k][0] == '!')) == 0;
      if (!known)
        g_string_append_printf (w->wrong, "<%s %s=\"%s\"> is not in GEXF 1.2draft; ", name, names[i], values[i]);
    }

  const char *v;
#define ATTR(n) (v = attr_value (names, values, n))
  if (strcmp (name, "gexf") == 0)
    {
      if (g_strcmp0 (ATTR ("xmlns"), "http://www.gexf.net/1.2draft") != 0)
        g_string_append_printf (w->wrong, "xmlns=\"%s\", not networkx's http://www.gexf.net/1.2draft; ", v);
      if (g_strcmp0 (ATTR ("xmlns:viz"), "http://www.gexf.net/1.2draft/viz") != 0)
        g_string_append_printf (w->wrong, "xmlns:viz=\"%s\"; ", v);
      if (g_strcmp0 (ATTR ("version"), "1.2") != 0)
        g_string_append_printf (w->wrong, "version=\"%s\", not 1.2; ", v);
    }
  else if (strcmp (name, "graph") == 0)
    {
      w->timeformat = g_strdup (ATTR ("timeformat"));
      if (v != NULL && !one_of (v, (const char *const[]) { "integer", "double", "date", "dateTime", NULL }))
        g_string_append_printf (w->wrong, "timeformat=\"%s\"; ", v);
      if (ATTR ("mode") != NULL && !one_of (v, (const char *const[]) { "static", "dynamic", NULL }))
        g_string_append_printf (w->wrong, "mode=\"%s\"; ", v);
      if (ATTR ("defaultedgetype") != NULL
          && !one_of (v, (const char *const[]) { "directed", "undirected", "mutual", NULL }))
        g_string_append_printf (w->wrong, "defaultedgetype=\"%s\"; ", v);
    }
  else if (strcmp (name, "attributes") == 0)
    {
      w->attr_class = g_strcmp0 (ATTR ("class"), "edge") == 0 ? "edge" : "node";
      if (v == NULL || !one_of (v, (const char *const[]) { "node", "edge", NULL }))
        g_string_append_printf (w->wrong, "<attributes class=\"%s\">; ", v);
    }
  else if (strcmp (name, "attribute") == 0 && ATTR ("id") != NULL)
    {
      const char *id = v;
      const char *type = ATTR ("type");
      if (type == NULL
          || !one_of (type, (const char *const[]) { "integer", "long", "double", "float", "boolean", "liststring",
                                                    "string", "anyURI", NULL }))
        g_string_append_printf (w->wrong, "attribute %s of type %s; ", id, type);
      g_hash_table_insert (w->declared[strcmp (w->attr_class, "edge") == 0], g_strdup (id), g_strdup (type));
    }
  else if (strcmp (name, "node") == 0 && ATTR ("id") != NULL)
    {
      g_hash_table_add (w->node_ids, g_strdup (v));
      w->owner = "node";
      w->n_nodes++;
    }
  else if (strcmp (name, "edge") == 0)
    {
      w->owner = "edge";
      w->n_edges++;
      if (ATTR ("source") == NULL || !g_hash_table_contains (w->node_ids, v))
        g_string_append_printf (w->wrong, "an edge from no node (%s); ", v);
      if (ATTR ("target") == NULL || !g_hash_table_contains (w->node_ids, v))
        g_string_append_printf (w->wrong, "an edge to no node (%s); ", v);
      if (ATTR ("weight") != NULL && !is_number (v, -INFINITY, INFINITY))
        g_string_append_printf (w->wrong, "weight=\"%s\"; ", v);
    }
  else if (strcmp (name, "attvalue") == 0 && ATTR ("for") != NULL)
    {
      const char *type = g_hash_table_lookup (w->declared[g_strcmp0 (w->owner, "edge") == 0], v);
      if (type == NULL)
        g_string_append_printf (w->wrong, "%s attvalue for undeclared %s; ", w->owner, v);
      else if (strcmp (type, "double") == 0 && (ATTR ("value") == NULL || !is_number (v, -INFINITY, INFINITY)))
        g_string_append_printf (w->wrong, "a double attvalue \"%s\"; ", v);
    }
  else if (strcmp (name, "viz:color") == 0)
    {
      for (guint i = 0; i < 3; i++)
        if (ATTR (((const char *[]) { "r", "g", "b" })[i]) != NULL
            && (!is_number (v, 0, 255) || strchr (v, '.') != NULL))
          g_string_append_printf (w->wrong, "viz:color channel \"%s\"; ", v);
      if (ATTR ("a") != NULL && !is_number (v, 0, 1))
        g_string_append_printf (w->wrong, "viz:color alpha \"%s\"; ", v);
    }
  else if (strcmp (name, "viz:shape") == 0 && ATTR ("value") != NULL)
    {
      gboolean edge = g_strcmp0 (parent, "edge") == 0;
      if (!one_of (v, edge ? (const char *const[]) { "solid", "dotted", "dashed", "double", NULL }
                           : (const char *const[]) { "disc", "square", "triangle", "diamond", "image", NULL }))
        g_string_append_printf (w->wrong, "%s viz:shape \"%s\"; ", parent, v);
    }
  else if ((strcmp (name, "viz:size") == 0 || strcmp (name, "viz:thickness") == 0) && ATTR ("value") != NULL
           && !is_number (v, 0, INFINITY))
    g_string_append_printf (w->wrong, "%s value \"%s\"; ", name, v);
  else if (strcmp (name, "viz:position") == 0)
    {
      for (guint i = 0; i < 3; i++)
        if (ATTR (((const char *[]) { "x", "y", "z" })[i]) != NULL && !is_number (v, -INFINITY, INFINITY))
          g_string_append_printf (w->wrong, "viz:position \"%s\"; ", v);
    }
#undef ATTR

  /* Every time is one of <graph timeformat>, and no interval ends before it starts. */
  const char *start = NULL, *end = NULL;
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (!one_of (names[i], (const char *const[]) { GEXF_TIME, NULL }))
        continue;
      if (!is_time (w, values[i]))
        g_string_append_printf (w->wrong, "<%s %s=\"%s\"> is no %s time; ", name, names[i], values[i],
                                w->timeformat != NULL ? w->timeformat : "(no timeformat)");
      if (strcmp (names[i], "start") == 0)
        start = values[i];
      if (strcmp (names[i], "end") == 0)
        end = values[i];
    }
  if (start != NULL && end != NULL && w->timeformat != NULL
      && (strcmp (w->timeformat, "integer") == 0 ? g_ascii_strtoll (end, NULL, 10) < g_ascii_strtoll (start, NULL, 10)
                                                 : strcmp (end, start) < 0))
    g_string_append_printf (w->wrong, "<%s> ends (%s) before it starts (%s); ", name, end, start);
  w->n_spells += strcmp (name, "spell") == 0;
  (void) error;
}

static void
gexf_end (GMarkupParseContext *context, const char *name, gpointer data, GError **error)
{
  GexfWalk *w = data;
  if (strcmp (name, "node") == 0 || strcmp (name, "edge") == 0)
    w->owner = NULL;
  (void) context;
  (void) error;
}

/* Asserts that @gexf, the export of @graph, is GEXF 1.2draft by its content
 * model, every value of the type the grammar asks, with one node per party
 * and one edge per tie; @what names it in messages. Returns the number of
 * spells. */
static guint
assert_gexf_12draft (const char *gexf, const DgGraph *graph, const char *what)
{
  GexfWalk w = { g_string_new (NULL), NULL, "node", { NULL, NULL }, NULL, NULL, 0, 0, 0 };
  for (guint i = 0; i < 2; i++)
    w.declared[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  w.node_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GMarkupParser parser = { gexf_start, gexf_end, NULL, NULL, NULL };
  g_autoptr (GMarkupParseContext) ctx = g_markup_parse_context_new (&parser, 0, &w, NULL);
  g_autoptr (GError) error = NULL;
  gboolean ok = g_markup_parse_context_parse (ctx, gexf, -1, &error) && g_markup_parse_context_end_parse (ctx, &error);
  cr_assert (ok, "%s: not well-formed: %s", what, error != NULL ? error->message : "?");
  cr_assert_str_empty (w.wrong->str, "%s is not GEXF 1.2draft: %s", what, w.wrong->str);
  cr_assert_eq (w.n_nodes, dg_graph_n_parties (graph), "%s: %u nodes", what, w.n_nodes);
  cr_assert_eq (w.n_edges, dg_graph_n_ties (graph), "%s: %u edges", what, w.n_edges);
  guint spells = w.n_spells;
  g_string_free (w.wrong, TRUE);
  g_free (w.timeformat);
  for (guint i = 0; i < 2; i++)
    g_hash_table_unref (w.declared[i]);
  g_hash_table_unref (w.node_ids);
  return spells;
}

Test (export, gexf_is_1_2draft_as_its_grammar_has_it)
{
  const char *const files[][2] = { { "good", DG_TEST_DEAL_NAME ".gv" }, { "export", "dated-deal.gv" } };
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr (DgGraph) graph = dg_test_load_data (files[f][0], files[f][1]);
      g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
      g_autofree char *gexf = export_text (graph, theme, layout, DG_EXPORT_GEXF, -1);
      /* One spell for each party and each tie: when it is active. */
      guint spells = assert_gexf_12draft (gexf, graph, files[f][1]);
      cr_assert_eq (spells, dg_graph_n_parties (graph) + dg_graph_n_ties (graph), "%s: %u spells", files[f][1], spells);
    }
  /* A static graph and hostile text are no exception. */
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { subgraph timeline { \"s<1>\" -> \"&s2;\"; }"
                                                 " \"]]>\" [label=\"<!-- x --> &#0; \\\"q\\\"\", kind = lab];"
                                                 " \"b\" [note=\"</gexf>\"]; \"]]>\" -> \"b\" [terms=\"a b\","
                                                 " value = \"up to $3bn\", source=\"<script>&</script>\"]; }");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  g_autofree char *gexf = export_text (graph, theme, layout, DG_EXPORT_GEXF, -1);
  assert_gexf_12draft (gexf, graph, "hostile");
  g_autoptr (DgGraph) still = dg_test_load_data ("good", "static.gv");
  g_autoptr (DgLayout) still_layout = dg_test_layout (still, theme, NULL, DG_LAYOUT_UNION);
  g_autofree char *still_gexf = export_text (still, theme, still_layout, DG_EXPORT_GEXF, -1);
  assert_gexf_12draft (still_gexf, still, "static.gv");
}

Test (export, gexf_spells_follow_ordinal_stages)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  g_autofree char *gexf = export_text (graph, theme, layout, DG_EXPORT_GEXF, -1);
  cr_assert_not_null (strstr (gexf, "mode=\"dynamic\""));
  /* Some stages have no date: ordinals. */
  cr_assert_not_null (strstr (gexf, "timeformat=\"integer\""));
  /* Amazon enters at stage 1 and stays: the inclusive spell [1, 4]. */
  const char *amazon = strstr (gexf, "<node id=\"Amazon\"");
  cr_assert_not_null (amazon);
  cr_assert_not_null (strstr (amazon, "<spell start=\"1\" end=\"4\"/>"));
  /* The exclusive license ends at stage 2 (agreement): [0, 1]. */
  const char *t0 = strstr (gexf, "<edge id=\"t0\"");
  cr_assert_not_null (t0);
  cr_assert (g_str_has_prefix (strstr (t0, "<spell "), "<spell start=\"0\" end=\"1\"/>"));
  cr_assert_not_null (strstr (t0, "<viz:shape value=\"double\"/>"), "exclusive terms are a double line");
}

Test (export, gexf_uses_dates_when_every_stage_has_one)
{
  g_autoptr (DgGraph) graph = dg_test_load_data ("export", "dated-deal.gv");
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  g_autofree char *gexf = export_text (graph, theme, layout, DG_EXPORT_GEXF, -1);
  cr_assert_not_null (strstr (gexf, "timeformat=\"date\" start=\"2019-01-01\" end=\"2024-06-15\""));
  /* The fund leaves at the buy-out: its spell ends the day before. */
  const char *fund = strstr (gexf, "<node id=\"Fund\"");
  cr_assert_not_null (fund);
  cr_assert (g_str_has_prefix (strstr (fund, "<spell "), "<spell start=\"2019-01-01\" end=\"2024-06-14\"/>"));
  /* Two stakes between the same parties stay two edges, each with its own
   * id and its kind as an attribute value. */
  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *head = g_strdup_printf ("<edge id=\"t%u\" source=\"BigCo\" target=\"Lab\"", i);
      const char *edge = strstr (gexf, head);
      cr_assert_not_null (edge, "%s", head);
      cr_assert (strstr (edge, "<attvalue for=\"kind\" value=\"stake\"/>") < strstr (edge, "</edge>"));
    }
}

/* ---- networkx reads the GEXF ------------------------------------------- */

/* What networkx's own read_gexf() finds in @gexf (tests/export/gexf-networkx.py
 * prints it as JSON); the caller unrefs it. Skips the test when networkx
 * is not there, except under CI, where .ci/run installs it: there it fails. */
static JsonParser *
networkx_reads (const char *gexf, const char *what)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (gexf, strlen (gexf));
  g_autofree char *out
      = dg_test_debian_python ("tests/export", "gexf-networkx.py", "deal.gexf", bytes, "python3-networkx", what);
  JsonParser *parser = json_parser_new ();
  cr_assert (json_parser_load_from_data (parser, out, -1, NULL), "%s: not JSON: %s", what, out);
  return parser;
}

static const char *
member_string (JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member (o, name);
  return n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
             ? json_node_get_string (n)
             : NULL;
}

/* Asserts that @spells (networkx's [[start, end]]) is the one spell from
 * stage @from to stage @until (exclusive) in stage indices, when @ordinals;
 * with dates, one spell whose end is not before its start. */
static void
assert_one_spell (JsonObject *o, gboolean ordinals, guint from, guint until, const char *what)
{
  cr_assert (json_object_has_member (o, "spells"), "%s: no spells", what);
  JsonArray *spells = json_object_get_array_member (o, "spells");
  cr_assert_eq (json_array_get_length (spells), 1, "%s: %u spells", what, json_array_get_length (spells));
  JsonArray *spell = json_array_get_array_element (spells, 0);
  JsonNode *start = json_array_get_element (spell, 0), *end = json_array_get_element (spell, 1);
  if (ordinals)
    {
      cr_assert_eq (json_node_get_value_type (start), G_TYPE_INT64, "%s: the spell is not in integers", what);
      cr_assert_eq (json_node_get_int (start), from, "%s: starts at %" G_GINT64_FORMAT, what,
                    json_node_get_int (start));
      cr_assert_eq (json_node_get_int (end), until - 1, "%s: ends at %" G_GINT64_FORMAT, what, json_node_get_int (end));
    }
  else
    cr_assert_leq (strcmp (json_node_get_string (start), json_node_get_string (end)), 0, "%s", what);
}

/* networkx (Debian 12's 2.8, and any later one) reads our GEXF with a plain
 * read_gexf(): every party with its label, kind and place, every tie with
 * its parties, kind, terms, amount and provenance, and when each is active.
 * GEXF 1.3, which dealgraph wrote before, gave "No <graph> element". */
Test (export, gexf_reads_in_debian_networkx, .timeout = 120)
{
  const char *const files[][2] = { { "good", DG_TEST_DEAL_NAME ".gv" }, { "export", "dated-deal.gv" } };
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      const char *what = files[f][1];
      g_autoptr (DgGraph) graph = dg_test_load_data (files[f][0], files[f][1]);
      g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
      g_autofree char *gexf = export_text (graph, theme, layout, DG_EXPORT_GEXF, -1);
      g_autoptr (JsonParser) parser = networkx_reads (gexf, what);
      JsonObject *root = json_node_get_object (json_parser_get_root (parser));
      gboolean ordinals = strstr (gexf, "timeformat=\"integer\"") != NULL;
      cr_assert_eq (json_object_get_boolean_member (root, "directed"), dg_graph_is_directed (graph));
      cr_assert_str_eq (member_string (root, "mode"), "dynamic", "%s", what);

      JsonObject *nodes = json_object_get_object_member (root, "nodes");
      cr_assert_eq (json_object_get_size (nodes), dg_graph_n_parties (graph), "%s: %u nodes", what,
                    json_object_get_size (nodes));
      for (guint i = 0; i < dg_graph_n_parties (graph); i++)
        {
          const DgParty *p = dg_graph_party (graph, i);
          cr_assert (json_object_has_member (nodes, p->id), "%s: networkx lost party %s", what, p->id);
          JsonObject *n = json_object_get_object_member (nodes, p->id);
          cr_assert_str_eq (member_string (n, "label"), p->label, "%s: %s", what, p->id);
          cr_assert_eq (g_strcmp0 (member_string (n, "kind"), p->kind), 0, "%s: %s kind %s", what, p->id,
                        member_string (n, "kind"));
          cr_assert_eq (g_strcmp0 (member_string (n, "note"), p->note), 0, "%s: %s note", what, p->id);
          cr_assert_eq (g_strcmp0 (member_string (n, "source"), p->source), 0, "%s: %s source", what, p->id);
          assert_one_spell (n, ordinals, p->interval.from, MIN (p->interval.until, dg_graph_n_stages (graph)), p->id);
          g_autoptr (GString) viz = g_string_new (NULL);
          JsonArray *keys = json_object_get_array_member (n, "viz");
          for (guint k = 0; k < json_array_get_length (keys); k++)
            g_string_append_printf (viz, " %s", json_array_get_string_element (keys, k));
          cr_assert (strstr (viz->str, " color") != NULL && strstr (viz->str, " position") != NULL
                       && strstr (viz->str, " size") != NULL,
                     "%s: %s has viz%s", what, p->id, viz->str);
        }

      JsonArray *edges = json_object_get_array_member (root, "edges");
      cr_assert_eq (json_array_get_length (edges), dg_graph_n_ties (graph), "%s: %u edges", what,
                    json_array_get_length (edges));
      for (guint e = 0; e < json_array_get_length (edges); e++)
        {
          JsonObject *edge = json_array_get_object_element (edges, e);
          JsonObject *o = json_object_get_object_member (edge, "data");
          const char *key = member_string (edge, "key");
          cr_assert (key != NULL && key[0] == 't', "%s: edge key %s", what, key);
          guint i = (guint) g_ascii_strtoull (key + 1, NULL, 10);
          cr_assert_lt (i, dg_graph_n_ties (graph), "%s: edge %s", what, key);
          const DgTie *t = dg_graph_tie (graph, i);
          cr_assert_str_eq (member_string (edge, "u"), dg_graph_party (graph, t->tail)->id, "%s: %s", what, key);
          cr_assert_str_eq (member_string (edge, "v"), dg_graph_party (graph, t->head)->id, "%s: %s", what, key);
          cr_assert_eq (g_strcmp0 (member_string (o, "kind"), t->kind), 0, "%s: %s kind", what, key);
          cr_assert_eq (g_strcmp0 (member_string (o, "source"), t->source), 0, "%s: %s source", what, key);
          g_autofree char *terms = dg_export_terms_text (t);
          cr_assert_str_eq (member_string (o, "terms") != NULL ? member_string (o, "terms") : "", terms, "%s: %s",
                            what, key);
          if (t->value.present)
            {
              cr_assert_str_eq (member_string (o, "value"), t->value.text, "%s: %s", what, key);
              cr_assert_float_eq (json_object_get_double_member (o, "amount"), t->value.amount,
                                  1e-9 * fabs (t->value.amount) + 1e-12, "%s: %s amount", what, key);
            }
          else
            cr_assert_not (json_object_has_member (o, "amount"), "%s: %s has an amount", what, key);
          cr_assert_eq (g_strcmp0 (member_string (o, "note"), t->note), 0, "%s: %s note", what, key);
          double weight = json_object_get_double_member (o, "weight");
          cr_assert (weight >= 0 && weight <= 1, "%s: %s weight %g", what, key, weight);
          assert_one_spell (o, ordinals, t->interval.from, MIN (t->interval.until, dg_graph_n_stages (graph)), key);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* GraphML and escaping */

Test (export, graphml_filters_a_stage)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  for (int stage = -1; stage < (int) dg_graph_n_stages (graph); stage++)
    {
      g_autofree char *xml = export_text (graph, NULL, NULL, DG_EXPORT_GRAPHML, stage);
      guint parties = dg_graph_n_parties (graph), ties = dg_graph_n_ties (graph);
      if (stage >= 0)
        {
          g_autoptr (GArray) p = dg_graph_active_parties (graph, (guint) stage);
          g_autoptr (GArray) t = dg_graph_active_ties (graph, (guint) stage);
          parties = p->len;
          ties = t->len;
        }
      cr_assert_eq (dg_test_xml_well_formed (xml, -1, "node", "graphml"), parties, "stage %d", stage);
      cr_assert_eq (dg_test_xml_well_formed (xml, -1, "edge", "graphml"), ties, "stage %d", stage);
      cr_assert_not_null (strstr (xml, "attr.name=\"amount\" attr.type=\"double\""));
    }
}

Test (export, hostile_labels_give_well_formed_xml)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { subgraph timeline { \"s<1>\" -> \"&s2;\"; }"
                                                 " \"]]>\x01\" [label=\"<!-- x --> \x1b[31m &#0; \\\"q\\\"\"];"
                                                 " \"b\" [note=\"</gexf>\"]; \"]]>\x01\" -> \"b\" [terms=\"a b\","
                                                 " source=\"<script>&</script>\"]; }");
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  g_autofree char *gexf = export_text (graph, theme, layout, DG_EXPORT_GEXF, -1);
  cr_assert_eq (dg_test_xml_well_formed (gexf, -1, "node", "gexf"), 2);
  for (int stage = -1; stage < 2; stage++)
    {
      g_autofree char *xml = export_text (graph, NULL, NULL, DG_EXPORT_GRAPHML, stage);
      cr_assert_eq (dg_test_xml_well_formed (xml, -1, "node", "graphml"), 2);
    }
  g_autofree char *json = export_text (graph, theme, layout, DG_EXPORT_JSON, -1);
  g_autoptr (JsonParser) parser = json_parser_new ();
  cr_assert (json_parser_load_from_data (parser, json, -1, NULL));
}

Test (export, output_is_deterministic)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) a = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  g_autoptr (DgLayout) b = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  const DgExportFormat all[] = { DG_EXPORT_DOT, DG_EXPORT_JSON, DG_EXPORT_GEXF, DG_EXPORT_GRAPHML };
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_autofree char *x = export_text (graph, theme, a, all[i], -1);
      g_autofree char *y = export_text (graph, theme, b, all[i], -1);
      cr_assert_str_eq (x, y, "%s differs between runs", dg_export_format_extension (all[i]));
    }
}

/* ------------------------------------------------------------------------ */
/* The command */

Test (export, cli_writes_a_file_or_stdout_alike)
{
  g_autofree char *deal = dg_test_deal_path ();
  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("export");
  g_autofree char *path = g_build_filename (dir.path, "deep", "deal.graphml", NULL);
  g_autofree char *out = NULL, *err = NULL;
  /* The format comes from the extension; the folder is made. */
  int status = dg_test_run ((const char *const[]) { "export", deal, "-o", path, NULL }, NULL, &err);
  cr_assert_eq (status, 0, "stderr: %s", err);
  g_autofree char *written = NULL;
  cr_assert (g_file_get_contents (path, &written, NULL, NULL));
  g_clear_pointer (&err, g_free);
  status = dg_test_run ((const char *const[]) { "export", "-Tgraphml", deal, NULL }, &out, &err);
  cr_assert_eq (status, 0, "stderr: %s", err);
  cr_assert_str_eq (out, written, "stdout and the file differ");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  status = dg_test_run ((const char *const[]) { "export", "-T", "dot", "-s", "agreement", deal, "-o", "-", NULL },
                        &out, &err);
  cr_assert_eq (status, 0, "stderr: %s", err);
  cr_assert_not_null (strstr (out, "\"AWS Bedrock\" [pos="));
}

Test (export, cli_takes_positions_from_a_layout_cache)
{
  g_autofree char *deal = dg_test_deal_path ();
  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("export");
  g_autofree char *cache = g_build_filename (dir.path, "layout.json", NULL);
  g_autofree char *err = NULL, *out = NULL, *computed = NULL;
  cr_assert_eq (dg_test_run ((const char *const[]) { "layout", deal, "-o", cache, NULL }, NULL, &err), 0, "%s",
                err);
  g_clear_pointer (&err, g_free);
  cr_assert_eq (dg_test_run ((const char *const[]) { "export", deal, "-T", "json", "-l", cache, NULL }, &out, &err),
                0, "%s", err);
  cr_assert_not_null (strstr (out, "\"geometry\""), "--layout FILE adds positions");
  g_clear_pointer (&err, g_free);
  cr_assert_eq (dg_test_run ((const char *const[]) { "export", deal, "-T", "json", "-l", "union", NULL }, &computed,
                             &err),
                0, "%s", err);
  cr_assert_str_eq (out, computed, "the cache and a fresh union layout place parties alike");
  g_clear_pointer (&err, g_free);
  cr_assert_eq (dg_test_run ((const char *const[]) { "export", deal, "-T", "dot", "-K", "neato", "-l", cache,
                                                     NULL },
                             NULL, &err),
                64, "an engine the cache was not computed with");
}

Test (export, cli_reports_errors_with_their_exit_status)
{
  g_autofree char *deal = dg_test_deal_path ();
  g_autofree char *bad = dg_test_data_path ("bad", "until-before-from.gv");
  g_autofree char *err = NULL;
  cr_assert_eq (dg_test_run ((const char *const[]) { "export", deal, NULL }, NULL, &err), 64, "no format");
  g_clear_pointer (&err, g_free);
  cr_assert_eq (dg_test_run ((const char *const[]) { "export", deal, "-T", "svg", NULL }, NULL, &err), 64);
  cr_assert_not_null (strstr (err, "unknown format"));
  g_clear_pointer (&err, g_free);
  cr_assert_eq (dg_test_run ((const char *const[]) { "export", deal, "-T", "gexf", "-s", "amazon", NULL }, NULL,
                             &err),
                64, "gexf holds every stage");
  g_clear_pointer (&err, g_free);
  cr_assert_eq (dg_test_run ((const char *const[]) { "export", deal, "-T", "dot", "-s", "nope", NULL }, NULL, &err),
                64);
  cr_assert_not_null (strstr (err, "nope"));
  g_clear_pointer (&err, g_free);
  cr_assert_eq (dg_test_run ((const char *const[]) { "export", bad, "-T", "json", NULL }, NULL, &err), 65);
  cr_assert_not_null (strstr (err, "until-before-from.gv:"), "the error names the file: %s", err);
  g_clear_pointer (&err, g_free);
  cr_assert_eq (dg_test_run ((const char *const[]) { "export", "/nonexistent/x.gv", "-T", "json", NULL }, NULL, &err),
                66);
  g_clear_pointer (&err, g_free);
  cr_assert_eq (dg_test_run ((const char *const[]) { "export", deal, "-T", "json", "-o", "/proc/no/such/x.json",
                                                     NULL },
                             NULL, &err),
                73);
}

/* ------------------------------------------------------------------------ */
/* Ghosts: a stage figure draws a tie that ended there, faded; it is not
 * active, and no export counts it */

Test (export, a_ghost_is_not_an_active_tie)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  guint y2030 = dg_test_stage (graph, "y2030");
  /* OpenAI's capped revenue share ends at 2030: the figure of 2030 draws
   * its ghost. */
  int capped = -1;
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    if (dg_graph_tie (graph, i)->interval.until == y2030)
      capped = (int) i;
  cr_assert_geq (capped, 0);
  g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, y2030, NULL);
  gboolean drawn = FALSE;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    drawn |= dg_scene_item (scene, i)->tie == capped;
  cr_assert (drawn, "no ghost to test with");

  g_autoptr (DgExportLooks) looks = dg_export_looks_new (graph, layout, theme, (int) y2030);
  cr_assert_not (looks->ties[capped].seen, "the export of 2030 takes the ghost for a tie");
  cr_assert_null (looks->ties[capped].caption);
  for (int stage = -1; stage < (int) dg_graph_n_stages (graph); stage++)
    {
      g_autofree char *dot = export_text (graph, theme, layout, DG_EXPORT_DOT, stage);
      cr_assert_null (strstr (dot, "ended"), "DOT of stage %d names a ghost", stage);
    }
  g_autofree char *json = export_text (graph, theme, layout, DG_EXPORT_JSON, -1);
  cr_assert_null (strstr (json, "ended"), "JSON names a ghost");
}
