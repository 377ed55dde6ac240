/* graphml.c — one stage (or the union) as GraphML, with a typed key for every attribute. */
#include "dg-escape-private.h"
#include "export-private.h"

typedef struct {
  const char *id;     /* the key's id: its name, prefixed by what it is for */
  const char *domain; /* "graph", "node", "edge" */
  const char *name;
  const char *type;   /* GraphML attr.type */
} Key;

static const Key keys[] = {
  { "g_name", "graph", "name", "string" },
  { "g_title", "graph", "title", "string" },
  { "g_source", "graph", "source", "string" },
  { "g_stage", "graph", "stage", "string" },
  { "g_stage_label", "graph", "stage_label", "string" },
  { "g_stage_date", "graph", "stage_date", "string" },
  { "n_party", "node", "party", "string" },
  { "n_label", "node", "label", "string" },
  { "n_kind", "node", "kind", "string" },
  { "n_group", "node", "group", "string" },
  { "n_from", "node", "from", "string" },
  { "n_until", "node", "until", "string" },
  { "n_note", "node", "note", "string" },
  { "n_source", "node", "source", "string" },
  { "n_line", "node", "line", "int" },
  { "e_kind", "edge", "kind", "string" },
  { "e_label", "edge", "label", "string" },
  { "e_caption", "edge", "caption", "string" },
  { "e_terms", "edge", "terms", "string" },
  { "e_value", "edge", "value", "string" },
  { "e_amount", "edge", "amount", "double" },
  { "e_unit", "edge", "unit", "string" },
  { "e_currency", "edge", "currency", "string" },
  { "e_qualifier", "edge", "qualifier", "string" },
  { "e_weight", "edge", "weight", "double" },
  { "e_from", "edge", "from", "string" },
  { "e_until", "edge", "until", "string" },
  { "e_note", "edge", "note", "string" },
  { "e_source", "edge", "source", "string" },
  { "e_line", "edge", "line", "int" },
};

static void
data (GString *out, const char *indent, const char *key, const char *value)
{
  if (value == NULL)
    return;
  g_string_append_printf (out, "%s<data key=\"%s\">", indent, key);
  dg_escape_markup_append (out, value);
  g_string_append (out, "</data>\n");
}

static const char *
stage_id (const DgGraph *graph, guint index)
{
  return index < dg_graph_n_stages (graph) ? dg_graph_stage (graph, index)->id : NULL;
}

GBytes *
dg_export_graphml (const DgGraph *graph, int stage, GError **error)
{
  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append (out, "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
                        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                        "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
                        "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    g_string_append_printf (out, "  <key id=\"%s\" for=\"%s\" attr.name=\"%s\" attr.type=\"%s\"/>\n", keys[k].id,
                            keys[k].domain, keys[k].name, keys[k].type);
  g_string_append_printf (out, "  <graph id=\"G\" edgedefault=\"%s\">\n",
                          dg_graph_is_directed (graph) ? "directed" : "undirected");
  data (out, "    ", "g_name", dg_graph_get_name (graph));
  data (out, "    ", "g_title", dg_graph_get_title (graph));
  data (out, "    ", "g_source", dg_graph_get_source (graph));
  if (stage >= 0)
    {
      const DgStage *st = dg_graph_stage (graph, (guint) stage);
      data (out, "    ", "g_stage", st->id);
      data (out, "    ", "g_stage_label", st->label);
      data (out, "    ", "g_stage_date", st->date);
    }
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (guint i = 0; i < dg_graph_n_parties (graph); i++)
    {
      const DgParty *party = dg_graph_party (graph, i);
      if (stage >= 0 && !dg_party_active_at (party, (guint) stage))
        continue;
      /* GraphML ids are XML name tokens, which party ids need not be: the
       * party's own id goes in "party". */
      g_string_append_printf (out, "    <node id=\"n%u\">\n", i);
      data (out, "      ", "n_party", party->id);
      data (out, "      ", "n_label", party->label);
      data (out, "      ", "n_kind", party->kind);
      data (out, "      ", "n_group", party->group >= 0 ? dg_graph_group (graph, (guint) party->group)->id : NULL);
      data (out, "      ", "n_from", stage_id (graph, party->interval.from));
      data (out, "      ", "n_until", stage_id (graph, party->interval.until));
      data (out, "      ", "n_note", party->note);
      data (out, "      ", "n_source", party->source);
      if (party->line > 0)
        g_string_append_printf (out, "      <data key=\"n_line\">%u</data>\n", party->line);
      g_string_append (out, "    </node>\n");
    }
  g_autofree double *weights = dg_export_tie_weights (graph);
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    {
      const DgTie *tie = dg_graph_tie (graph, i);
      if (stage >= 0 && !dg_tie_active_at (tie, (guint) stage))
        continue;
      g_string_append_printf (out, "    <edge id=\"t%u\" source=\"n%u\" target=\"n%u\">\n", i, tie->tail, tie->head);
      data (out, "      ", "e_kind", tie->kind);
      data (out, "      ", "e_label", tie->label);
      g_autofree char *caption = dg_tie_caption (graph, tie);
      data (out, "      ", "e_caption", caption);
      g_autofree char *terms = dg_export_terms_text (tie);
      data (out, "      ", "e_terms", terms[0] != '\0' ? terms : NULL);
      if (tie->value.present)
        {
          data (out, "      ", "e_value", tie->value.text);
          data (out, "      ", "e_amount", g_ascii_dtostr (buf, sizeof buf, tie->value.amount));
          data (out, "      ", "e_unit", dg_export_unit_name (tie->value.unit));
          data (out, "      ", "e_currency", tie->value.currency[0] != '\0' ? tie->value.currency : NULL);
          data (out, "      ", "e_qualifier", dg_export_qualifier_name (tie->value.qualifier));
        }
      data (out, "      ", "e_weight", g_ascii_formatd (buf, sizeof buf, "%.4f", weights[i]));
      data (out, "      ", "e_from", stage_id (graph, tie->interval.from));
      data (out, "      ", "e_until", stage_id (graph, tie->interval.until));
      data (out, "      ", "e_note", tie->note);
      data (out, "      ", "e_source", tie->source);
      if (tie->line > 0)
        g_string_append_printf (out, "      <data key=\"e_line\">%u</data>\n", tie->line);
      g_string_append (out, "    </edge>\n");
    }
  g_string_append (out, "  </graph>\n</graphml>\n");
  (void) error;
  return g_string_free_to_bytes (out);
}
