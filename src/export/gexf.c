/* gexf.c — the whole timeline as dynamic GEXF 1.2draft: spells on parties and ties, so Gephi's timeline plays the deal. */
#include <stdio.h>
#include <string.h>

#include "dg-escape-private.h"
#include "export-private.h"

/* How stages become GEXF time. Dates only when every stage has one and they
 * strictly increase (a date is its first day: "2030" is 2030-01-01);
 * otherwise ordinals, the stage index. */
typedef struct {
  gboolean dates;
  GDate *days; /* one per stage when @dates */
  guint n;
} Clock;

static gboolean
parse_date (const char *text, GDate *out)
{
  int y = 0, m = 1, d = 1;
  gsize len = strlen (text);
  if (!((len == 4 && sscanf (text, "%4d", &y) == 1) || (len == 7 && sscanf (text, "%4d-%2d", &y, &m) == 2)
        || (len == 10 && sscanf (text, "%4d-%2d-%2d", &y, &m, &d) == 3)))
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

static void
clock_init (Clock *clock, const DgGraph *graph)
{
  clock->n = dg_graph_n_stages (graph);
  clock->days = g_new0 (GDate, clock->n + 1);
  clock->dates = !dg_graph_is_static (graph);
  for (guint s = 0; s < clock->n && clock->dates; s++)
    {
      const char *date = dg_graph_stage (graph, s)->date;
      clock->dates = date != NULL && parse_date (date, &clock->days[s])
                     && (s == 0 || g_date_compare (&clock->days[s - 1], &clock->days[s]) < 0);
    }
}

/* Appends the time of the start of stage @s, or with @last_day the last
 * moment before stage @s + 1 begins (GEXF intervals include both ends;
 * the last stage lasts its own day). */
static void
append_time (GString *out, const Clock *clock, guint s, gboolean last_day)
{
  if (!clock->dates)
    {
      g_string_append_printf (out, "%u", s);
      return;
    }
  GDate day = clock->days[s];
  if (last_day && s + 1 < clock->n)
    {
      day = clock->days[s + 1];
      g_date_subtract_days (&day, 1);
    }
  g_string_append_printf (out, "%04u-%02u-%02u", (guint) g_date_get_year (&day), (guint) g_date_get_month (&day),
                          (guint) g_date_get_day (&day));
}

/* <spells> for [from, until): GEXF's inclusive [start of from, end of until - 1]. */
static void
append_spells (GString *out, const Clock *clock, DgInterval iv)
{
  if (iv.until <= iv.from)
    return;
  g_string_append (out, "        <spells><spell start=\"");
  append_time (out, clock, iv.from, FALSE);
  g_string_append (out, "\" end=\"");
  append_time (out, clock, MIN (iv.until, clock->n) - 1, TRUE);
  g_string_append (out, "\"/></spells>\n");
}

static void
attvalue (GString *out, const char *id, const char *value)
{
  if (value == NULL)
    return;
  g_string_append_printf (out, "          <attvalue for=\"%s\" value=\"", id);
  dg_escape_markup_append (out, value);
  g_string_append (out, "\"/>\n");
}

static void
viz_color (GString *out, DgColor c)
{
  char a[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append_printf (out, "        <viz:color r=\"%d\" g=\"%d\" b=\"%d\" a=\"%s\"/>\n", dg_export_channel (c.r),
                          dg_export_channel (c.g), dg_export_channel (c.b), dg_export_fmt (a, CLAMP (c.a, 0, 1)));
}

static const char *
viz_shape (DgShape shape)
{
  switch (shape)
    {
    case DG_SHAPE_ELLIPSE:
    case DG_SHAPE_CIRCLE:
    case DG_SHAPE_HEXAGON:
      return "disc";
    case DG_SHAPE_DIAMOND:
      return "diamond";
    case DG_SHAPE_BOX:
    case DG_SHAPE_ROUNDED:
    case DG_SHAPE_CYLINDER:
    case DG_SHAPE_NOTE:
    case DG_SHAPE_PARALLELOGRAM:
      break;
    }
  return "square";
}

static void
declare (GString *out, const char *id, const char *type)
{
  g_string_append_printf (out, "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n", id, id, type);
}

GBytes *
dg_export_gexf (const DgGraph *graph, const DgTheme *theme, const DgLayout *layout, GError **error)
{
  Clock clock;
  clock_init (&clock, graph);
  g_autofree GDate *days = clock.days;
  /* Colours, widths and shapes only: the looks, with no scene to build. */
  g_autoptr (DgExportLooks) looks = dg_export_looks_from_style (graph, theme);
  g_autofree double *weights = dg_export_tie_weights (graph);
  char b1[G_ASCII_DTOSTR_BUF_SIZE], b2[G_ASCII_DTOSTR_BUF_SIZE];

  GString *out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  /* GEXF 1.2draft, not 1.3: networkx before 3.x (Debian 12 ships 2.8) reads
   * only the 1.1draft and 1.2draft namespaces, spelt exactly so, and finds
   * no <graph> in a 1.3 file; networkx 3 and Gephi read 1.2draft as well.
   * So nothing 1.3 added may appear: no edge kind, no timerepresentation. */
  g_string_append (out, "<gexf xmlns=\"http://www.gexf.net/1.2draft\" xmlns:viz=\"http://www.gexf.net/1.2draft/viz\" "
                        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                        "xsi:schemaLocation=\"http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd\" "
                        "version=\"1.2\">\n");
  g_string_append (out, "  <meta>\n    <creator>dealgraph " DG_VERSION "</creator>\n    <description>");
  dg_escape_markup_append (out, dg_graph_get_title (graph) != NULL ? dg_graph_get_title (graph) : dg_graph_get_name (graph));
  /* The stage behind each moment of time, for whoever opens the file. */
  if (!dg_graph_is_static (graph))
    {
      g_string_append (out, "&#10;Stages:");
      for (guint s = 0; s < clock.n; s++)
        {
          const DgStage *st = dg_graph_stage (graph, s);
          GString *when = g_string_new (NULL);
          append_time (when, &clock, s, FALSE);
          g_string_append_printf (out, "&#10;%s ", when->str);
          g_string_free (when, TRUE);
          dg_escape_markup_append (out, st->id);
          g_string_append (out, ": ");
          dg_escape_markup_append (out, st->label);
          if (st->date != NULL)
            {
              g_string_append (out, " (");
              dg_escape_markup_append (out, st->date);
              g_string_append (out, ")");
            }
        }
    }
  g_string_append (out, "</description>\n  </meta>\n");

  g_string_append_printf (out, "  <graph mode=\"dynamic\" defaultedgetype=\"%s\" timeformat=\"%s\" start=\"",
                          dg_graph_is_directed (graph) ? "directed" : "undirected", clock.dates ? "date" : "integer");
  append_time (out, &clock, 0, FALSE);
  g_string_append (out, "\" end=\"");
  append_time (out, &clock, clock.n - 1, TRUE);
  g_string_append (out, "\">\n");

  g_string_append (out, "    <attributes class=\"node\" mode=\"static\">\n");
  declare (out, "kind", "string");
  declare (out, "group", "string");
  declare (out, "from", "string");
  declare (out, "until", "string");
  declare (out, "note", "string");
  declare (out, "source", "string");
  g_string_append (out, "    </attributes>\n    <attributes class=\"edge\" mode=\"static\">\n");
  declare (out, "kind", "string");
  declare (out, "terms", "string");
  declare (out, "value", "string");
  declare (out, "amount", "double");
  declare (out, "unit", "string");
  declare (out, "currency", "string");
  declare (out, "qualifier", "string");
  declare (out, "from", "string");
  declare (out, "until", "string");
  declare (out, "note", "string");
  declare (out, "source", "string");
  g_string_append (out, "    </attributes>\n");

  g_string_append_printf (out, "    <nodes count=\"%u\">\n", dg_graph_n_parties (graph));
  for (guint i = 0; i < dg_graph_n_parties (graph); i++)
    {
      const DgParty *party = dg_graph_party (graph, i);
      g_string_append (out, "      <node id=\"");
      dg_escape_markup_append (out, party->id);
      g_string_append (out, "\" label=\"");
      dg_escape_markup_append (out, party->label);
      g_string_append (out, "\">\n        <attvalues>\n");
      attvalue (out, "kind", party->kind);
      attvalue (out, "group", party->group >= 0 ? dg_graph_group (graph, (guint) party->group)->id : NULL);
      attvalue (out, "from", dg_graph_stage (graph, party->interval.from)->id);
      attvalue (out, "until", party->interval.until < clock.n ? dg_graph_stage (graph, party->interval.until)->id : NULL);
      attvalue (out, "note", party->note);
      attvalue (out, "source", party->source);
      g_string_append (out, "        </attvalues>\n");
      append_spells (out, &clock, party->interval);
      /* One position per party: where it first appears (the same at every
       * stage in a union layout, and for parties an anchored one keeps). */
      const DgGeometry *geo = dg_layout_stage_geometry (layout, MIN (party->interval.from, clock.n - 1));
      const DgPartyGeometry *pg = &geo->parties[i];
      const DgExportPartyLook *pl = &looks->parties[i];
      if (pl->seen)
        viz_color (out, pl->fill);
      if (pg->placed)
        {
          /* Gephi's y axis points up, as Graphviz's does. */
          g_string_append_printf (out, "        <viz:position x=\"%s\" y=\"%s\" z=\"0.00\"/>\n",
                                  dg_export_fmt (b1, pg->center.x), dg_export_fmt (b2, geo->bbox.y1 - pg->center.y));
          g_string_append_printf (out, "        <viz:size value=\"%s\"/>\n",
                                  dg_export_fmt (b1, MAX (pg->width, pg->height) / 2));
        }
      if (pl->seen)
        g_string_append_printf (out, "        <viz:shape value=\"%s\"/>\n", viz_shape (pl->shape));
      g_string_append (out, "      </node>\n");
    }
  g_string_append (out, "    </nodes>\n");

  /* Ties are edges t0, t1, … whatever they share: readers key parallel edges
   * by id (networkx's multigraph key). GEXF 1.2 has no edge kind, so Gephi
   * keeps parallel ties apart only when its import is told not to merge
   * them (README, Exports). */
  g_string_append_printf (out, "    <edges count=\"%u\">\n", dg_graph_n_ties (graph));
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    {
      const DgTie *tie = dg_graph_tie (graph, i);
      g_string_append_printf (out, "      <edge id=\"t%u\" source=\"", i);
      dg_escape_markup_append (out, dg_graph_party (graph, tie->tail)->id);
      g_string_append (out, "\" target=\"");
      dg_escape_markup_append (out, dg_graph_party (graph, tie->head)->id);
      g_autofree char *caption = dg_tie_caption (graph, tie);
      if (caption != NULL)
        {
          g_string_append (out, "\" label=\"");
          dg_escape_markup_append (out, caption);
        }
      g_string_append_printf (out, "\" weight=\"%s\">\n", g_ascii_formatd (b1, sizeof b1, "%.4f", weights[i]));
      g_string_append (out, "        <attvalues>\n");
      attvalue (out, "kind", tie->kind);
      g_autofree char *terms = dg_export_terms_text (tie);
      attvalue (out, "terms", terms[0] != '\0' ? terms : NULL);
      if (tie->value.present)
        {
          attvalue (out, "value", tie->value.text);
          char amount[G_ASCII_DTOSTR_BUF_SIZE];
          attvalue (out, "amount", g_ascii_dtostr (amount, sizeof amount, tie->value.amount));
          attvalue (out, "unit", dg_export_unit_name (tie->value.unit));
          attvalue (out, "currency", tie->value.currency[0] != '\0' ? tie->value.currency : NULL);
          attvalue (out, "qualifier", dg_export_qualifier_name (tie->value.qualifier));
        }
      attvalue (out, "from", dg_graph_stage (graph, tie->interval.from)->id);
      attvalue (out, "until", tie->interval.until < clock.n ? dg_graph_stage (graph, tie->interval.until)->id : NULL);
      attvalue (out, "note", tie->note);
      attvalue (out, "source", tie->source);
      g_string_append (out, "        </attvalues>\n");
      append_spells (out, &clock, tie->interval);
      const DgExportTieLook *tl = &looks->ties[i];
      if (tl->seen)
        {
          viz_color (out, tl->color);
          g_string_append_printf (out, "        <viz:thickness value=\"%s\"/>\n", dg_export_fmt (b1, tl->width));
          const char *shape = tl->double_line ? "double"
                              : tl->dash.n == 0 ? "solid"
                              : dg_export_dash_is_dotted (&tl->dash) ? "dotted"
                                                                      : "dashed";
          g_string_append_printf (out, "        <viz:shape value=\"%s\"/>\n", shape);
        }
      g_string_append (out, "      </edge>\n");
    }
  g_string_append (out, "    </edges>\n  </graph>\n</gexf>\n");
  (void) error;
  return g_string_free_to_bytes (out);
}
