/* dot.c — one stage (or the union) as plain DOT with our positions pinned, for `neato -n2`. */
#include <string.h>

#include "export-private.h"
#include "style.h"

/* Appends @text as a DOT quoted string. cgraph's lexer treats only \" and
 * \<newline> specially inside quotes, and a label then reads \\ as one
 * backslash and \n as a line break; so backslashes and quotes are escaped,
 * line breaks become \n, and other control characters (which no Graphviz
 * output should carry raw) are dropped. In a @label, '&' is written as
 * "&amp;" because Graphviz decodes entities in labels. Outside labels a
 * backslash reads back doubled: DOT has no way to quote a lone one there
 * that also works before a quote. */
static void
quote (GString *out, const char *text, gboolean label)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_string_append_c (out, '"');
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == '"')
        g_string_append (out, "\\\"");
      else if (c == '\\')
        g_string_append (out, "\\\\");
      else if (c == '\n')
        g_string_append (out, label ? "\\n" : " ");
      else if (c == '&' && label)
        g_string_append (out, "&amp;");
      else if (c < 0x20 || c == 0x7f)
        continue;
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  g_string_append_c (out, '"');
}

static void
attr_text (GString *out, const char *name, const char *value, gboolean label)
{
  g_string_append_printf (out, ", %s=", name);
  quote (out, value, label);
}

/* A value exactly as the DOT file (and Graphviz) has it: only quotes are
 * escaped, so "\\n" and "\\l" keep their meaning; an HTML-like value goes
 * between angle brackets. */
static void
attr_raw (GString *out, const DgAttr *a)
{
  g_string_append_printf (out, ", %s=", a->name);
  g_autofree char *valid = g_utf8_make_valid (a->value, -1);
  if (a->html)
    {
      g_string_append_printf (out, "<%s>", valid);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = valid; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append (out, "\\\"");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else if ((guchar) *p < 0x20 || *p == 0x7f)
        continue;
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
attr_num (GString *out, const char *name, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append_printf (out, ", %s=%s", name, dg_export_fmt (buf, v));
}

static void
attr_color (GString *out, const char *name, DgColor c)
{
  g_autofree char *hex = dg_export_color_hex (c, TRUE);
  g_string_append_printf (out, ", %s=\"%s\"", name, hex);
}

/* "x,y" in Graphviz's frame: points, origin bottom-left, y up. */
static void
point (GString *out, DgPoint p, const DgBox *bbox)
{
  char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append_printf (out, "%s,%s", dg_export_fmt (x, p.x), dg_export_fmt (y, bbox->y1 - p.y));
}


static char *
font_name (const char *family, gboolean bold)
{
  return g_strdup_printf ("%s%s", family != NULL ? family : "Sans", bold ? " Bold" : "");
}

typedef struct {
  GString *out;
  const DgGraph *graph;
  const DgGeometry *geo;
  const DgExportLooks *looks;
  const DgLooks *resolved;  /* the style stage's looks: what Graphviz draws */
  const DgFurnitureStyle *fs;
  const gboolean *party_on;
  const gboolean *group_on;
  gboolean clusters;
} Writer;

static void
write_party (Writer *w, guint i, int depth)
{
  const DgParty *party = dg_graph_party (w->graph, i);
  const DgPartyGeometry *pg = &w->geo->parties[i];
  const DgExportPartyLook *pl = &w->looks->parties[i];
  GString *out = w->out;
  g_string_append_printf (out, "%*s", 2 * depth, "");
  quote (out, party->id, FALSE);
  g_string_append (out, " [pos=\"");
  point (out, pg->center, &w->geo->bbox);
  g_string_append (out, "!\", pin=true");
  char wbuf[G_ASCII_DTOSTR_BUF_SIZE], hbuf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append_printf (out, ", width=%s, height=%s, fixedsize=true",
                          g_ascii_formatd (wbuf, sizeof wbuf, "%.4f", pg->width / 72.0),
                          g_ascii_formatd (hbuf, sizeof hbuf, "%.4f", pg->height / 72.0));
  const DgPartyLook *look = dg_looks_party (w->resolved, i);
  if (!look->own)
    {
      /* A record, an HTML-like table, another shape: what Graphviz was
       * told to draw, so neato -n2 draws it again. */
      for (guint k = 0; k < look->gv.n; k++)
        {
          const DgAttr *a = &look->gv.items[k];
          if (!g_str_equal (a->name, "width") && !g_str_equal (a->name, "height")
              && !g_str_equal (a->name, "fixedsize"))
            attr_raw (out, a);
        }
      if (party->note != NULL)
        attr_text (out, "tooltip", party->note, TRUE);
      g_string_append (out, "];\n");
      return;
    }
  attr_text (out, "label", party->label, TRUE);
  g_string_append_printf (out, ", shape=%s, style=\"filled%s\"", dg_shape_graphviz_name (pl->shape),
                          pl->shape == DG_SHAPE_ROUNDED ? ",rounded" : "");
  attr_color (out, "fillcolor", pl->fill);
  attr_color (out, "color", pl->stroke);
  attr_num (out, "penwidth", pl->line_width);
  g_autofree char *font = font_name (w->looks->font, pl->bold);
  attr_text (out, "fontname", font, FALSE);
  attr_num (out, "fontsize", pl->font_size);
  attr_color (out, "fontcolor", pl->text);
  if (party->note != NULL)
    attr_text (out, "tooltip", party->note, TRUE);
  g_string_append (out, "];\n");
}

/* The parties of group @g and its subgroups, inside a cluster with the box
 * the layout gave it. */
static void
write_group (Writer *w, int g, int depth)
{
  GString *out = w->out;
  if (g >= 0)
    {
      const DgGroup *group = dg_graph_group (w->graph, (guint) g);
      const DgGroupGeometry *gg = &w->geo->groups[g];
      g_autofree char *name = g_str_has_prefix (group->id, "cluster") ? g_strdup (group->id)
                                                                      : g_strdup_printf ("cluster_%s", group->id);
      g_string_append_printf (out, "%*ssubgraph ", 2 * depth, "");
      quote (out, name, FALSE);
      g_string_append (out, " {\n");
      g_string_append_printf (out, "%*sgraph [bb=\"", 2 * depth + 2, "");
      char x0[G_ASCII_DTOSTR_BUF_SIZE], y0[G_ASCII_DTOSTR_BUF_SIZE], x1[G_ASCII_DTOSTR_BUF_SIZE],
          y1[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append_printf (out, "%s,%s,%s,%s\"", dg_export_fmt (x0, gg->box.x0),
                              dg_export_fmt (y0, w->geo->bbox.y1 - gg->box.y1), dg_export_fmt (x1, gg->box.x1),
                              dg_export_fmt (y1, w->geo->bbox.y1 - gg->box.y0));
      g_string_append (out, ", style=\"rounded,filled\"");
      attr_color (out, "fillcolor", w->fs->group_fill);
      attr_color (out, "color", w->fs->group_stroke);
      if (group->label != NULL)
        {
          attr_text (out, "label", group->label, TRUE);
          if (gg->has_label)
            {
              g_string_append (out, ", lp=\"");
              point (out, gg->label_center, &w->geo->bbox);
              g_string_append_c (out, '"');
            }
          g_autofree char *font = font_name (w->looks->font, TRUE);
          attr_text (out, "fontname", font, FALSE);
          attr_num (out, "fontsize", w->fs->small_font_size);
          attr_color (out, "fontcolor", w->fs->muted);
        }
      g_string_append (out, "];\n");
    }
  for (guint s = 0; s < dg_graph_n_groups (w->graph); s++)
    if (w->group_on[s] && dg_graph_group (w->graph, s)->parent == g)
      write_group (w, (int) s, depth + 1);
  for (guint i = 0; i < dg_graph_n_parties (w->graph); i++)
    if (w->party_on[i] && (w->clusters ? dg_graph_party (w->graph, i)->group : -1) == g)
      write_party (w, i, depth + 1);
  if (g >= 0)
    g_string_append_printf (out, "%*s}\n", 2 * depth, "");
}

static void
write_tie (Writer *w, guint i, const char *edgeop)
{
  const DgTie *tie = dg_graph_tie (w->graph, i);
  const DgTieGeometry *tg = &w->geo->ties[i];
  const DgExportTieLook *tl = &w->looks->ties[i];
  GString *out = w->out;
  g_string_append (out, "  ");
  quote (out, dg_graph_party (w->graph, tie->tail)->id, FALSE);
  g_string_append_printf (out, " %s ", edgeop);
  quote (out, dg_graph_party (w->graph, tie->head)->id, FALSE);
  /* `key` names the edge, so two ties between the same parties stay two. */
  g_string_append_printf (out, " [key=t%u", i);
  if (tg->n_points >= 4)
    {
      g_string_append (out, ", pos=\"");
      if (tg->has_end_arrow)
        {
          g_string_append (out, "e,");
          point (out, tg->end_tip, &w->geo->bbox);
          g_string_append_c (out, ' ');
        }
      if (tg->has_start_arrow)
        {
          g_string_append (out, "s,");
          point (out, tg->start_tip, &w->geo->bbox);
          g_string_append_c (out, ' ');
        }
      for (guint k = 0; k < tg->n_points; k++)
        {
          if (k > 0)
            g_string_append_c (out, ' ');
          point (out, tg->points[k], &w->geo->bbox);
        }
      g_string_append_c (out, '"');
    }
  const char *dir = tg->has_start_arrow && tg->has_end_arrow ? "both"
                    : tg->has_start_arrow                      ? "back"
                    : tg->has_end_arrow                        ? "forward"
                                                               : "none";
  g_string_append_printf (out, ", dir=%s", dir);
  const DgTieLook *look = dg_looks_tie (w->resolved, i);
  if (!look->own_arrows)
    {
      /* The user's arrowheads, as Graphviz drew them. */
      static const char *const arrows[] = { "arrowhead", "arrowtail", "arrowsize" };
      for (gsize k = 0; k < G_N_ELEMENTS (arrows); k++)
        {
          const DgAttr *a = dg_attrs_find (&look->gv, arrows[k]);
          if (a != NULL)
            attr_raw (out, a);
        }
    }
  else
    {
      if (tg->has_end_arrow)
        g_string_append_printf (out, ", arrowhead=%s", dg_arrow_graphviz_name (tl->arrow));
      if (tg->has_start_arrow)
        g_string_append_printf (out, ", arrowtail=%s", dg_arrow_graphviz_name (tl->arrow));
      g_string_append (out, ", arrowsize=0.8");
    }
  /* A double line is Graphviz's "c:invis:c" colour list, a hollow band
   * (no value) "c:core:c", and both together the two side by side; each
   * colour of a list is a parallel line penwidth wide. */
  g_autofree char *hex = dg_export_color_hex (tl->color, TRUE);
  g_autofree char *core = tl->hollow ? dg_export_color_hex (tl->core, TRUE) : NULL;
  const DgAttr *user_color = dg_attrs_find (&tie->attrs, "color");
  guint strands = 1;
  if (!look->own_line && user_color != NULL)
    attr_raw (out, user_color);
  else if (tl->hollow && tl->double_line)
    {
      g_string_append_printf (out, ", color=\"%s:%s:%s:invis:%s:%s:%s\"", hex, core, hex, hex, core, hex);
      strands = 7;
    }
  else if (tl->hollow)
    {
      g_string_append_printf (out, ", color=\"%s:%s:%s\"", hex, core, hex);
      strands = 3;
    }
  else if (tl->double_line)
    {
      g_string_append_printf (out, ", color=\"%s:invis:%s\"", hex, hex);
      strands = 3;
    }
  else
    g_string_append_printf (out, ", color=\"%s\"", hex);
  attr_num (out, "penwidth", tl->width / strands);
  if (tl->dash.n > 0)
    g_string_append_printf (out, ", style=%s", dg_export_dash_is_dotted (&tl->dash) ? "dotted" : "dashed");
  if (tl->caption != NULL)
    {
      attr_text (out, "label", tl->caption, TRUE);
      g_string_append (out, ", lp=\"");
      point (out, (DgPoint) { (tl->label.x0 + tl->label.x1) / 2, (tl->label.y0 + tl->label.y1) / 2 },
             &w->geo->bbox);
      g_string_append_c (out, '"');
      g_autofree char *font = font_name (w->looks->font, FALSE);
      attr_text (out, "fontname", font, FALSE);
      attr_num (out, "fontsize", tl->font_size);
      attr_color (out, "fontcolor", tl->text);
    }
  if (tie->note != NULL)
    attr_text (out, "tooltip", tie->note, TRUE);
  g_string_append (out, "];\n");
}

GBytes *
dg_export_dot (const DgGraph *graph, const DgTheme *theme, const DgLayout *layout, int stage, GError **error)
{
  if (stage < 0 && dg_layout_get_mode (layout) != DG_LAYOUT_UNION && dg_graph_n_stages (graph) > 1)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE,
                   "export: DOT of every stage at once needs a union layout (each stage has its own "
                   "positions here): choose a stage or --layout union");
      return NULL;
    }
  guint geo_stage = stage >= 0 ? (guint) stage : 0;
  const DgGeometry *geo = dg_layout_stage_geometry (layout, geo_stage);
  g_autoptr (DgExportLooks) looks = dg_export_looks_new (graph, layout, theme, stage);
  guint n_parties = dg_graph_n_parties (graph), n_ties = dg_graph_n_ties (graph), n_groups = dg_graph_n_groups (graph);
  g_autofree gboolean *party_on = g_new0 (gboolean, n_parties + 1);
  g_autofree gboolean *tie_on = g_new0 (gboolean, n_ties + 1);
  g_autofree gboolean *group_on = g_new0 (gboolean, n_groups + 1);
  gboolean clusters = TRUE;
  for (guint i = 0; i < n_parties; i++)
    {
      const DgParty *party = dg_graph_party (graph, i);
      party_on[i] = (stage < 0 || dg_party_active_at (party, (guint) stage)) && geo->parties[i].placed
                    && looks->parties[i].seen;
      for (int g = party->group; party_on[i] && g >= 0; g = dg_graph_group (graph, (guint) g)->parent)
        {
          group_on[g] = TRUE;
          /* An engine that ignores clusters leaves them unplaced: then none
           * is written, rather than a box Graphviz would have to invent. */
          clusters = clusters && geo->groups[g].placed;
        }
    }
  for (guint i = 0; i < n_ties; i++)
    {
      const DgTie *tie = dg_graph_tie (graph, i);
      tie_on[i] = (stage < 0 || dg_tie_active_at (tie, (guint) stage)) && geo->ties[i].placed && looks->ties[i].seen
                  && party_on[tie->tail] && party_on[tie->head];
    }

  gboolean directed = dg_graph_is_directed (graph);
  GString *out = g_string_new (NULL);
  char v0[G_ASCII_DTOSTR_BUF_SIZE], v1[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append_printf (out, "/* %s", dg_graph_get_name (graph));
  if (stage >= 0 && !dg_graph_is_static (graph))
    g_string_append_printf (out, ", stage %d of %u", stage + 1, dg_graph_n_stages (graph));
  else if (!dg_graph_is_static (graph))
    g_string_append (out, ", every stage");
  g_string_append (out, ": laid out by dealgraph; `neato -n2` keeps these positions. */\n");
  g_string_append (out, directed ? "digraph " : "graph ");
  quote (out, dg_graph_get_name (graph), FALSE);
  g_string_append (out, " {\n  graph [bb=\"0.00,0.00,");
  g_string_append_printf (out, "%s,%s\"", dg_export_fmt (v0, geo->bbox.x1), dg_export_fmt (v1, geo->bbox.y1));
  /* neato -n2 would otherwise move the drawing to make its own bounding box
   * start at the origin. */
  g_string_append (out, ", notranslate=true, splines=true, outputorder=edgesfirst");
  g_autofree char *bg = dg_export_color_hex (dg_theme_furniture (theme)->background, TRUE);
  g_string_append_printf (out, ", bgcolor=\"%s\"", bg);
  if (dg_graph_get_title (graph) != NULL)
    attr_text (out, "comment", dg_graph_get_title (graph), FALSE);
  g_string_append (out, "];\n");
  g_autoptr (DgLooks) resolved = dg_looks_new (graph, theme);
  Writer w = { out, graph, geo, looks, resolved, dg_theme_furniture (theme), party_on, group_on, clusters };
  if (!clusters)
    memset (group_on, 0, sizeof (gboolean) * (n_groups + 1));
  write_group (&w, -1, 0);
  for (guint i = 0; i < n_ties; i++)
    if (tie_on[i])
      write_tie (&w, i, directed ? "->" : "--");
  g_string_append (out, "}\n");
  return g_string_free_to_bytes (out);
}
