/* export.c — dg_export_graph(): choosing a writer, and the escaping, formatting and looks the writers share. */
#include <math.h>
#include <string.h>

#include "export-private.h"
#include "style.h"

gboolean
dg_export_format_from_string (const char *name, DgExportFormat *out)
{
  static const char *const names[] = { "dot", "json", "gexf", "graphml" };
  g_return_val_if_fail (out != NULL, FALSE);
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      {
        *out = (DgExportFormat) i;
        return TRUE;
      }
  return FALSE;
}

const char *
dg_export_format_extension (DgExportFormat format)
{
  switch (format)
    {
    case DG_EXPORT_DOT:
      return "dot";
    case DG_EXPORT_JSON:
      return "json";
    case DG_EXPORT_GEXF:
      return "gexf";
    case DG_EXPORT_GRAPHML:
      return "graphml";
    }
  g_return_val_if_reached (NULL);
}

GBytes *
dg_export_graph (const DgGraph *graph, const DgTheme *theme, const DgLayout *layout, DgExportFormat format,
                 const DgExportOptions *options, GError **error)
{
  g_return_val_if_fail (graph != NULL, NULL);
  static const DgExportOptions defaults = DG_EXPORT_OPTIONS_INIT;
  if (options == NULL)
    options = &defaults;
  guint n_stages = dg_graph_n_stages (graph);
  if (options->stage >= 0 && (guint) options->stage >= n_stages)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE, "export: no stage %d (the graph has %u)",
                   options->stage + 1, n_stages);
      return NULL;
    }
  if ((format == DG_EXPORT_DOT || format == DG_EXPORT_GEXF || (format == DG_EXPORT_JSON && layout != NULL))
      && (layout == NULL || theme == NULL))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE, "export: %s needs a layout and a theme",
                   dg_export_format_extension (format));
      return NULL;
    }
  switch (format)
    {
    case DG_EXPORT_DOT:
      return dg_export_dot (graph, theme, layout, options->stage, error);
    case DG_EXPORT_JSON:
      return dg_export_json (graph, theme, layout, error);
    case DG_EXPORT_GEXF:
      return dg_export_gexf (graph, theme, layout, error);
    case DG_EXPORT_GRAPHML:
      return dg_export_graphml (graph, options->stage, error);
    }
  g_return_val_if_reached (NULL);
}

/* ---- looks, from the scene ------------------------------------------------ */

/* An export's look of a party or tie, from the style stage's. */
static void
party_from_look (DgExportPartyLook *pl, const DgPartyLook *look)
{
  pl->shape = look->own ? look->dg_shape : DG_SHAPE_BOX;
  pl->fill = look->fill;
  pl->stroke = look->stroke;
  pl->line_width = look->pen_width;
  pl->text = look->font.color;
  pl->bold = look->font.bold;
  pl->font_size = look->font.size;
}

static void
tie_from_look (DgExportTieLook *tl, const DgTieLook *look)
{
  tl->color = look->color;
  tl->width = look->width;
  tl->dash = look->dash;
  tl->double_line = look->double_line;
  tl->hollow = look->hollow;
  tl->core = look->core;
  tl->arrow = look->arrow;
  tl->font_size = look->font.size;
  tl->text = look->font.color;
}

/* Records what @scene draws for stage @stage into @looks, for every party and
 * tie not seen yet. The scene places the graph at an offset inside its
 * furniture; it is found from a party, whose box is centred on its layout
 * position, and taken off again. A tie the scene draws as a ghost (it
 * ended at @stage) is not active there, and is not taken. */
static void
gather (DgExportLooks *looks, const DgGraph *graph, const DgGeometry *geo, const DgLooks *resolved,
        const DgScene *scene, guint stage)
{
  double dx = 0, dy = 0;
  for (guint k = 0; k < dg_scene_n_items (scene); k++)
    {
      const DgSceneItem *it = dg_scene_item (scene, k);
      if (it->kind == DG_ITEM_SHAPE && it->role == DG_ROLE_PARTY && it->party >= 0
          && (guint) it->party < geo->n_parties)
        {
          const DgPartyGeometry *pg = &geo->parties[it->party];
          dx = (it->box.x0 + it->box.x1) / 2 - pg->center.x;
          dy = (it->box.y0 + it->box.y1) / 2 - pg->center.y;
          break;
        }
    }
  /* Which items this scene contributes: only those not seen in an earlier one. */
  g_autofree gboolean *new_party = g_new0 (gboolean, looks->n_parties + 1);
  g_autofree gboolean *new_tie = g_new0 (gboolean, looks->n_ties + 1);
  for (guint k = 0; k < dg_scene_n_items (scene); k++)
    {
      const DgSceneItem *it = dg_scene_item (scene, k);
      if (it->role == DG_ROLE_PARTY && it->kind == DG_ITEM_SHAPE && it->party >= 0
          && (guint) it->party < looks->n_parties && !looks->parties[it->party].seen)
        {
          /* Colours and widths from the looks; the scene only says where
           * things were placed. */
          DgExportPartyLook *pl = &looks->parties[it->party];
          new_party[it->party] = TRUE;
          pl->seen = TRUE;
          party_from_look (pl, dg_looks_party (resolved, (guint) it->party));
          const DgPartyGeometry *pg = &geo->parties[it->party];
          pl->label = (DgBox) { pg->center.x, pg->center.y, pg->center.x, pg->center.y };
        }
      else if (it->role == DG_ROLE_PARTY_LABEL && it->kind == DG_ITEM_TEXT && it->party >= 0
               && (guint) it->party < looks->n_parties && new_party[it->party])
        {
          DgExportPartyLook *pl = &looks->parties[it->party];
          pl->label = (DgBox) { it->box.x0 - dx, it->box.y0 - dy, it->box.x1 - dx, it->box.y1 - dy };
        }
      else if (it->role == DG_ROLE_TIE && it->kind == DG_ITEM_CURVE && it->tie >= 0
               && (guint) it->tie < looks->n_ties && !looks->ties[it->tie].seen
               && dg_tie_active_at (dg_graph_tie (graph, (guint) it->tie), stage))
        {
          DgExportTieLook *tl = &looks->ties[it->tie];
          new_tie[it->tie] = TRUE;
          tl->seen = TRUE;
          tie_from_look (tl, dg_looks_tie (resolved, (guint) it->tie));
        }
      else if (it->role == DG_ROLE_TIE_LABEL && it->kind == DG_ITEM_TEXT && it->tie >= 0
               && (guint) it->tie < looks->n_ties && new_tie[it->tie] && it->text != NULL)
        {
          DgExportTieLook *tl = &looks->ties[it->tie];
          g_free (tl->caption);
          tl->caption = g_strdup (it->text);
          tl->label = (DgBox) { it->box.x0 - dx, it->box.y0 - dy, it->box.x1 - dx, it->box.y1 - dy };
        }
    }
}

DgExportLooks *
dg_export_looks_new (const DgGraph *graph, const DgLayout *layout, const DgTheme *theme, int stage)
{
  g_return_val_if_fail (graph != NULL && layout != NULL && theme != NULL, NULL);
  DgExportLooks *looks = g_new0 (DgExportLooks, 1);
  looks->n_parties = dg_graph_n_parties (graph);
  looks->n_ties = dg_graph_n_ties (graph);
  looks->parties = g_new0 (DgExportPartyLook, looks->n_parties + 1);
  looks->ties = g_new0 (DgExportTieLook, looks->n_ties + 1);
  looks->font = dg_theme_furniture (theme)->font;
  /* No furniture: only the graph's own items are wanted, and the scene is
   * smaller to build without them. */
  DgSceneOptions options = DG_SCENE_OPTIONS_INIT;
  options.title = options.caption = options.timeline = options.legend = options.credit = FALSE;
  guint first = stage >= 0 ? (guint) stage : 0;
  guint last = stage >= 0 ? (guint) stage + 1 : dg_graph_n_stages (graph);
  guint unseen = looks->n_parties + looks->n_ties;
  g_autoptr (DgLooks) resolved = dg_looks_new (graph, theme);
  for (guint s = first; s < last && unseen > 0; s++)
    {
      /* The scene only for where labels were placed (the label placer is
       * the scene's); looks come from the style stage. */
      g_autoptr (DgScene) scene = dg_scene_build (graph, layout, theme, s, &options);
      gather (looks, graph, dg_layout_stage_geometry (layout, s), resolved, scene, s);
      unseen = 0;
      for (guint i = 0; i < looks->n_parties; i++)
        unseen += !looks->parties[i].seen;
      for (guint i = 0; i < looks->n_ties; i++)
        unseen += !looks->ties[i].seen;
    }
  /* What the scene drew from Graphviz's own drawing (records, HTML-like
   * tables, other shapes, multi-colour lines) has no single outline item to
   * find: it is seen where the layout placed it. */
  for (guint i = 0; i < looks->n_parties; i++)
    {
      DgExportPartyLook *pl = &looks->parties[i];
      const DgPartyLook *look = dg_looks_party (resolved, i);
      if (pl->seen || !look->visible)
        continue;
      const DgPartyGeometry *pg = NULL;
      for (guint s = first; s < last && pg == NULL; s++)
        {
          const DgGeometry *geo = dg_layout_stage_geometry (layout, s);
          if (geo->parties[i].placed && dg_party_active_at (dg_graph_party (graph, i), s))
            pg = &geo->parties[i];
        }
      if (pg == NULL)
        continue;
      pl->seen = TRUE;
      party_from_look (pl, look);
      pl->label = (DgBox) { pg->center.x, pg->center.y, pg->center.x, pg->center.y };
    }
  for (guint i = 0; i < looks->n_ties; i++)
    {
      DgExportTieLook *tl = &looks->ties[i];
      const DgTieLook *look = dg_looks_tie (resolved, i);
      if (!tl->seen)
        continue;
      /* The arrowhead and label colour as resolved, not the kind's. */
      tl->arrow = look->arrow;
      if (tl->caption == NULL)
        tl->text = look->font.color;
    }
  return looks;
}

DgExportLooks *
dg_export_looks_from_style (const DgGraph *graph, const DgTheme *theme)
{
  g_return_val_if_fail (graph != NULL && theme != NULL, NULL);
  g_autoptr (DgLooks) resolved = dg_looks_new (graph, theme);
  DgExportLooks *looks = g_new0 (DgExportLooks, 1);
  looks->n_parties = dg_graph_n_parties (graph);
  looks->n_ties = dg_graph_n_ties (graph);
  looks->parties = g_new0 (DgExportPartyLook, looks->n_parties + 1);
  looks->ties = g_new0 (DgExportTieLook, looks->n_ties + 1);
  looks->font = dg_theme_furniture (theme)->font;
  for (guint i = 0; i < looks->n_parties; i++)
    {
      const DgPartyLook *look = dg_looks_party (resolved, i);
      DgExportPartyLook *pl = &looks->parties[i];
      pl->seen = look->visible;
      party_from_look (pl, look);
    }
  for (guint i = 0; i < looks->n_ties; i++)
    {
      const DgTieLook *look = dg_looks_tie (resolved, i);
      DgExportTieLook *tl = &looks->ties[i];
      tl->seen = look->visible;
      tie_from_look (tl, look);
    }
  return looks;
}

void
dg_export_looks_free (DgExportLooks *looks)
{
  if (looks == NULL)
    return;
  for (guint i = 0; i < looks->n_ties; i++)
    g_free (looks->ties[i].caption);
  g_free (looks->parties);
  g_free (looks->ties);
  g_free (looks);
}

/* ---- text and numbers ------------------------------------------------------ */

const char *
dg_export_fmt (char *buf, double v)
{
  if (!isfinite (v))
    v = 0;
  g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.2f", v);
  if (strcmp (buf, "-0.00") == 0)
    strcpy (buf, "0.00");
  return buf;
}

int
dg_export_channel (double v)
{
  return (int) (CLAMP (v, 0.0, 1.0) * 255 + 0.5);
}

char *
dg_export_color_hex (DgColor c, gboolean alpha)
{
  if (alpha && dg_export_channel (c.a) < 255)
    return g_strdup_printf ("#%02x%02x%02x%02x", dg_export_channel (c.r), dg_export_channel (c.g),
                            dg_export_channel (c.b), dg_export_channel (c.a));
  return g_strdup_printf ("#%02x%02x%02x", dg_export_channel (c.r), dg_export_channel (c.g),
                          dg_export_channel (c.b));
}

const char *
dg_export_qualifier_name (DgQualifier q)
{
  switch (q)
    {
    case DG_QUALIFIER_UP_TO:
      return "up_to";
    case DG_QUALIFIER_AT_LEAST:
      return "at_least";
    case DG_QUALIFIER_ABOUT:
      return "about";
    case DG_QUALIFIER_NONE:
      break;
    }
  return NULL;
}

const char *
dg_export_unit_name (DgUnit u)
{
  switch (u)
    {
    case DG_UNIT_PERCENT:
      return "percent";
    case DG_UNIT_CURRENCY:
      return "currency";
    case DG_UNIT_NONE:
      break;
    }
  return NULL;
}

double *
dg_export_tie_weights (const DgGraph *graph)
{
  /* The style stage's, the one copy of value scaling. */
  return dg_style_tie_weights (graph);
}

char *
dg_export_terms_text (const DgTie *tie)
{
  return g_strjoinv (", ", (char **) tie->terms);
}

gboolean
dg_export_dash_is_dotted (const DgDash *dash)
{
  return dash->n > 0 && dash->on_off[0] <= 2.0;
}
