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

Test (export, gexf_spells_follow_ordinal_stages)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, NULL, DG_LAYOUT_UNION);
  g_autofree char *gexf = export_text (graph, theme, layout, DG_EXPORT_GEXF, -1);
  cr_assert_not_null (strstr (gexf, "xmlns=\"http://gexf.net/1.3\""));
  cr_assert_not_null (strstr (gexf, "version=\"1.3\""));
  cr_assert_not_null (strstr (gexf, "mode=\"dynamic\""));
  /* Some stages have no date: ordinals. */
  cr_assert_not_null (strstr (gexf, "timeformat=\"integer\""));
  cr_assert_eq (dg_test_xml_well_formed (gexf, -1, "node", "gexf"), dg_graph_n_parties (graph));
  cr_assert_eq (dg_test_xml_well_formed (gexf, -1, "edge", "gexf"), dg_graph_n_ties (graph));
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
  dg_test_xml_well_formed (gexf, -1, "node", "gexf");
  cr_assert_not_null (strstr (gexf, "timeformat=\"date\" timerepresentation=\"interval\" start=\"2019-01-01\" "
                                    "end=\"2024-06-15\""));
  /* The fund leaves at the buy-out: its spell ends the day before. */
  const char *fund = strstr (gexf, "<node id=\"Fund\"");
  cr_assert_not_null (fund);
  cr_assert (g_str_has_prefix (strstr (fund, "<spell "), "<spell start=\"2019-01-01\" end=\"2024-06-14\"/>"));
  /* Two stakes between the same parties stay two edges in Gephi. */
  cr_assert_not_null (strstr (gexf, "kind=\"stake\""));
  cr_assert_not_null (strstr (gexf, "kind=\"stake#t2\""));
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
