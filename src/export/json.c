/* json.c — the whole timeline as JSON (json-glib): stages, parties, ties, values, provenance, optionally positions. */
#include <math.h>
#include <string.h>
#include "dg-json-private.h"

#include "export-private.h"

/* Coordinates to the hundredth of a point: finer means nothing on paper, and
 * the same rounding as the other exports. */
static double
round2 (double v)
{
  if (!isfinite (v))
    return 0;
  double r = round (v * 100) / 100;
  return r == 0 ? 0 : r; /* no -0 */
}

static void
add_number (JsonBuilder *b, double v)
{
  json_builder_add_double_value (b, round2 (v));
}

static void
member_number (JsonBuilder *b, const char *name, double v)
{
  json_builder_set_member_name (b, name);
  add_number (b, v);
}

static void
member_box (JsonBuilder *b, const char *name, DgBox box)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  add_number (b, box.x0);
  add_number (b, box.y0);
  add_number (b, box.x1);
  add_number (b, box.y1);
  json_builder_end_array (b);
}

static void
add_point (JsonBuilder *b, DgPoint p)
{
  json_builder_begin_array (b);
  add_number (b, p.x);
  add_number (b, p.y);
  json_builder_end_array (b);
}

static const char *
stage_id (const DgGraph *graph, guint index)
{
  return index < dg_graph_n_stages (graph) ? dg_graph_stage (graph, index)->id : NULL;
}

/* "from", "until" (null: to the end) and "stages", the ids of every stage
 * the interval covers, so a reader filters a stage without stage arithmetic. */
static void
members_interval (JsonBuilder *b, const DgGraph *graph, DgInterval iv)
{
  dg_json_member_string (b, "from", stage_id (graph, iv.from));
  dg_json_member_string (b, "until", stage_id (graph, iv.until));
  json_builder_set_member_name (b, "stages");
  json_builder_begin_array (b);
  for (guint s = iv.from; s < iv.until && s < dg_graph_n_stages (graph); s++)
    json_builder_add_string_value (b, dg_graph_stage (graph, s)->id);
  json_builder_end_array (b);
}

static void
member_provenance (JsonBuilder *b, const char *note, const char *source, guint line)
{
  json_builder_set_member_name (b, "provenance");
  json_builder_begin_object (b);
  dg_json_member_string (b, "note", note);
  dg_json_member_string (b, "source", source);
  dg_json_member_int (b, "line", line);
  json_builder_end_object (b);
}

static void
member_value (JsonBuilder *b, const DgValue *v)
{
  json_builder_set_member_name (b, "value");
  if (!v->present)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  dg_json_member_string (b, "text", v->text);
  json_builder_set_member_name (b, "amount");
  json_builder_add_double_value (b, v->amount);
  dg_json_member_string (b, "unit", dg_export_unit_name (v->unit));
  dg_json_member_string (b, "currency", v->currency[0] != '\0' ? v->currency : NULL);
  dg_json_member_string (b, "qualifier", dg_export_qualifier_name (v->qualifier));
  json_builder_end_object (b);
}

static const char *
mode_name (DgLayoutMode mode)
{
  switch (mode)
    {
    case DG_LAYOUT_UNION:
      return "union";
    case DG_LAYOUT_STAGE:
      return "stage";
    case DG_LAYOUT_ANCHORED:
      return "anchored";
    }
  return "union";
}

static void
write_stage_geometry (JsonBuilder *b, const DgGraph *graph, const DgTheme *theme, const DgLayout *layout, guint s)
{
  const DgGeometry *geo = dg_layout_stage_geometry (layout, s);
  g_autoptr (DgExportLooks) looks = dg_export_looks_new (graph, layout, theme, (int) s);
  json_builder_begin_object (b);
  dg_json_member_string (b, "stage", dg_graph_stage (graph, s)->id);
  member_box (b, "bbox", geo->bbox);
  json_builder_set_member_name (b, "parties");
  json_builder_begin_array (b);
  for (guint i = 0; i < geo->n_parties; i++)
    {
      const DgPartyGeometry *pg = &geo->parties[i];
      if (!pg->placed || !dg_party_active_at (dg_graph_party (graph, i), s))
        continue;
      json_builder_begin_object (b);
      dg_json_member_string (b, "id", dg_graph_party (graph, i)->id);
      member_number (b, "x", pg->center.x);
      member_number (b, "y", pg->center.y);
      member_number (b, "width", pg->width);
      member_number (b, "height", pg->height);
      if (looks->parties[i].seen)
        member_box (b, "label_box", looks->parties[i].label);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "ties");
  json_builder_begin_array (b);
  for (guint i = 0; i < geo->n_ties; i++)
    {
      const DgTieGeometry *tg = &geo->ties[i];
      if (!tg->placed || !dg_tie_active_at (dg_graph_tie (graph, i), s))
        continue;
      json_builder_begin_object (b);
      g_autofree char *key = g_strdup_printf ("t%u", i);
      dg_json_member_string (b, "key", key);
      json_builder_set_member_name (b, "points");
      json_builder_begin_array (b);
      for (guint k = 0; k < tg->n_points; k++)
        add_point (b, tg->points[k]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "start_arrow");
      if (tg->has_start_arrow)
        add_point (b, tg->start_tip);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "end_arrow");
      if (tg->has_end_arrow)
        add_point (b, tg->end_tip);
      else
        json_builder_add_null_value (b);
      const DgExportTieLook *tl = &looks->ties[i];
      dg_json_member_string (b, "label", tl->seen ? tl->caption : NULL);
      if (tl->seen && tl->caption != NULL)
        member_box (b, "label_box", tl->label);
      else
        {
          json_builder_set_member_name (b, "label_box");
          json_builder_add_null_value (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

/* json-glib prints every double with 17 significant digits, so 42.46 comes
 * out as 42.460000000000001. Each such number is rewritten with the fewest
 * digits that read back to the same double; strings are left alone.
 * Appends the result, then a final newline, to @out. */
static void
tidy_numbers (GString *out, const char *json)
{
  const char *p = json;
  while (*p != '\0')
    {
      if (*p == '"')
        {
          const char *q = p + 1;
          while (*q != '\0' && *q != '"')
            q += (*q == '\\' && q[1] != '\0') ? 2 : 1;
          if (*q == '"')
            q++;
          g_string_append_len (out, p, q - p);
          p = q;
          continue;
        }
      if (*p == '-' || g_ascii_isdigit (*p))
        {
          const char *q = p;
          while (*q == '-' || *q == '+' || *q == '.' || *q == 'e' || *q == 'E' || g_ascii_isdigit (*q))
            q++;
          g_autofree char *token = g_strndup (p, (gsize) (q - p));
          double v = g_ascii_strtod (token, NULL);
          const char *best = token;
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          if (strchr (token, '.') != NULL && strpbrk (token, "eE") == NULL)
            for (int digits = 1; digits <= 17; digits++)
              {
                char format[8];
                g_snprintf (format, sizeof format, "%%.%dg", digits);
                g_ascii_formatd (buf, sizeof buf, format, v);
                if (strpbrk (buf, "eE") != NULL)
                  continue; /* too few digits for the integer part */
                if (g_ascii_strtod (buf, NULL) == v)
                  {
                    /* Keep the point: the number is a double, not a count. */
                    if (strchr (buf, '.') == NULL)
                      g_strlcat (buf, ".0", sizeof buf);
                    best = buf;
                    break;
                  }
              }
          g_string_append (out, best);
          p = q;
          continue;
        }
      g_string_append_c (out, *p++);
    }
  g_string_append_c (out, '\n');
}

GBytes *
dg_export_json (const DgGraph *graph, const DgTheme *theme, const DgLayout *layout, GError **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  dg_json_member_string (b, "format", "dealgraph");
  dg_json_member_int (b, "version", DG_EXPORT_JSON_VERSION);
  dg_json_member_string (b, "generator", "dealgraph " DG_VERSION);
  /* The next three make the document itself node-link JSON, which
   * networkx.node_link_graph() reads as the multigraph of every party and
   * tie ("nodes" and "links"). */
  json_builder_set_member_name (b, "directed");
  json_builder_add_boolean_value (b, dg_graph_is_directed (graph));
  json_builder_set_member_name (b, "multigraph");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "graph");
  json_builder_begin_object (b);
  dg_json_member_string (b, "name", dg_graph_get_name (graph));
  dg_json_member_string (b, "title", dg_graph_get_title (graph));
  dg_json_member_string (b, "source", dg_graph_get_source (graph));
  json_builder_set_member_name (b, "static");
  json_builder_add_boolean_value (b, dg_graph_is_static (graph));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "stages");
  json_builder_begin_array (b);
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      const DgStage *st = dg_graph_stage (graph, s);
      json_builder_begin_object (b);
      dg_json_member_int (b, "index", s);
      dg_json_member_string (b, "id", st->id);
      dg_json_member_string (b, "label", st->label);
      dg_json_member_string (b, "date", st->date);
      g_autofree char *stem = dg_stage_file_stem (graph, s);
      dg_json_member_string (b, "file_stem", stem);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "groups");
  json_builder_begin_array (b);
  for (guint g = 0; g < dg_graph_n_groups (graph); g++)
    {
      const DgGroup *group = dg_graph_group (graph, g);
      json_builder_begin_object (b);
      dg_json_member_string (b, "id", group->id);
      dg_json_member_string (b, "label", group->label);
      dg_json_member_string (b, "parent", group->parent >= 0 ? dg_graph_group (graph, (guint) group->parent)->id : NULL);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "nodes");
  json_builder_begin_array (b);
  for (guint i = 0; i < dg_graph_n_parties (graph); i++)
    {
      const DgParty *party = dg_graph_party (graph, i);
      json_builder_begin_object (b);
      dg_json_member_string (b, "id", party->id);
      dg_json_member_int (b, "index", i);
      dg_json_member_string (b, "label", party->label);
      dg_json_member_string (b, "kind", party->kind);
      dg_json_member_string (b, "group", party->group >= 0 ? dg_graph_group (graph, (guint) party->group)->id : NULL);
      members_interval (b, graph, party->interval);
      member_provenance (b, party->note, party->source, party->line);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  g_autofree double *weights = dg_export_tie_weights (graph);
  json_builder_set_member_name (b, "links");
  json_builder_begin_array (b);
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    {
      const DgTie *tie = dg_graph_tie (graph, i);
      json_builder_begin_object (b);
      g_autofree char *key = g_strdup_printf ("t%u", i);
      dg_json_member_string (b, "key", key);
      dg_json_member_int (b, "index", i);
      dg_json_member_string (b, "source", dg_graph_party (graph, tie->tail)->id);
      dg_json_member_string (b, "target", dg_graph_party (graph, tie->head)->id);
      dg_json_member_string (b, "kind", tie->kind);
      dg_json_member_string (b, "label", tie->label);
      g_autofree char *caption = dg_tie_caption (graph, tie);
      dg_json_member_string (b, "caption", caption);
      member_value (b, &tie->value);
      json_builder_set_member_name (b, "weight");
      json_builder_add_double_value (b, weights[i]);
      json_builder_set_member_name (b, "terms");
      json_builder_begin_array (b);
      for (guint t = 0; tie->terms[t] != NULL; t++)
        json_builder_add_string_value (b, tie->terms[t]);
      json_builder_end_array (b);
      members_interval (b, graph, tie->interval);
      member_provenance (b, tie->note, tie->source, tie->line);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  if (layout != NULL)
    {
      json_builder_set_member_name (b, "layout");
      json_builder_begin_object (b);
      dg_json_member_string (b, "engine", dg_layout_get_engine (layout));
      dg_json_member_string (b, "mode", mode_name (dg_layout_get_mode (layout)));
      dg_json_member_string (b, "units", "pt");
      dg_json_member_string (b, "origin", "top-left, y down");
      json_builder_set_member_name (b, "geometry");
      json_builder_begin_array (b);
      for (guint s = 0; s < dg_graph_n_stages (graph); s++)
        write_stage_geometry (b, graph, theme, layout, s);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 1);
  json_generator_set_root (gen, root);
  g_autofree char *text = json_generator_to_data (gen, NULL);
  GString *out = g_string_sized_new (strlen (text) + 1);
  tidy_numbers (out, text);
  (void) error;
  return g_string_free_to_bytes (out);
}
