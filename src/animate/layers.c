/* layers.c — the stage figures split into layers (one per look of each party, tie, piece of furniture), each drawn once as SVG. */

/*
 * The animated SVG and the HTML viewer show a timeline by stacking layers
 * and fading them: a party is one layer for as long as it looks the same, a
 * tie one layer per look (a tie whose terms change gets two looks under one
 * key, so the viewer cross-fades them), and so on. Each layer is drawn by
 * dg_render_scene() from a scene holding only its items, so it looks exactly
 * like the same items in a stage figure; its ids are renamed "L<n>-…" so any
 * number of layers share one document.
 */

#include <string.h>

#include "animate-private.h"
#include "error.h"
#include "src/scene/scene-private.h"
#include "timeline.h"

typedef struct {
  DgLayer *layer;
  DgScene *scene; /* its items, until drawn */
  int primary;    /* order within the band */
  guint seq;      /* order of creation */
} Building;

static void
layer_free (gpointer data)
{
  DgLayer *layer = data;
  g_free (layer->key);
  g_free (layer->shown);
  g_free (layer->key_shown);
  g_free (layer->markup);
  if (layer->hits != NULL)
    {
      for (guint i = 0; i < layer->hits->len; i++)
        g_free (g_array_index (layer->hits, DgHit, i).points);
      g_array_unref (layer->hits);
    }
  g_free (layer);
}

void
dg_layers_free (DgLayers *layers)
{
  if (layers == NULL)
    return;
  g_ptr_array_unref (layers->layers);
  g_free (layers);
}

/* For each tie, the first tie of the chain of changes it belongs to over the
 * whole timeline, so every look of a tie whose terms change shares a key. */
static int *
tie_chains (const DgGraph *graph)
{
  guint n = dg_graph_n_ties (graph);
  int *chain = g_new (int, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    chain[i] = (int) i;
  for (guint s = 0; s + 1 < dg_graph_n_stages (graph); s++)
    {
      g_autoptr (GArray) changes = dg_timeline_changes (graph, s, s + 1);
      for (guint i = 0; i < changes->len; i++)
        {
          const DgChange *c = &g_array_index (changes, DgChange, i);
          if (c->kind == DG_CHANGE_CHANGED)
            chain[c->new_tie->index] = chain[c->old_tie->index];
        }
    }
  return chain;
}

/* Which layer item @index of @scene belongs to. Sets @band, @primary (order
 * within the band, -1: by first appearance) and @grow. */
static char *
layer_key (const DgScene *scene, guint index, const int *chain, DgBand *band, int *primary, gboolean *grow)
{
  const DgSceneItem *item = dg_scene_item (scene, index);
  const char *label = dg_anim_item_label (scene, index);
  int tie = item->tie >= 0 ? chain[item->tie] : -1;
  *primary = -1;
  *grow = FALSE;
  switch (item->role)
    {
    case DG_ROLE_GROUP:
    case DG_ROLE_GROUP_LABEL:
      *band = DG_BAND_GROUP;
      return g_strdup_printf ("group:%s", label != NULL ? label : "");
    case DG_ROLE_TIE:
    case DG_ROLE_TIE_ARROW:
      *band = DG_BAND_TIE;
      *primary = tie;
      return g_strdup_printf ("tie:%d", tie);
    case DG_ROLE_PARTY:
    case DG_ROLE_PARTY_LABEL:
      *band = DG_BAND_PARTY;
      *primary = item->party;
      *grow = TRUE;
      return g_strdup_printf ("party:%d", item->party);
    case DG_ROLE_TIE_LABEL:
      *band = DG_BAND_TIE_LABEL;
      *primary = tie;
      *grow = TRUE;
      return g_strdup_printf ("tielabel:%d", tie);
    case DG_ROLE_TIE_KEY:
      *band = DG_BAND_TIE_LABEL;
      *primary = tie;
      *grow = TRUE;
      return g_strdup_printf ("tiekey:%d", tie);
    case DG_ROLE_LEGEND:
    case DG_ROLE_LEGEND_LABEL:
      *band = DG_BAND_FURNITURE;
      return g_strdup_printf ("legend:%s", label != NULL ? label : "");
    case DG_ROLE_TIMELINE:
    case DG_ROLE_TIMELINE_LABEL:
      *band = DG_BAND_FURNITURE;
      return item->stage >= 0 ? g_strdup_printf ("strip:%d", item->stage) : g_strdup ("strip");
    case DG_ROLE_TITLE:
      *band = DG_BAND_FURNITURE;
      return g_strdup ("title");
    case DG_ROLE_CAPTION:
      *band = DG_BAND_FURNITURE;
      return g_strdup ("caption");
    case DG_ROLE_CREDIT:
      *band = DG_BAND_FURNITURE;
      return g_strdup ("credit");
    }
  *band = DG_BAND_FURNITURE;
  return g_strdup_printf ("role:%d", (int) item->role);
}

/* Everything that decides how @item looks, as text: equal text, equal look. */
static void
describe_item (GString *out, const DgSceneItem *item)
{
  g_string_append_printf (out, "%d %d %d %d|%a %a %a %a|", (int) item->kind, (int) item->shape, item->double_line,
                          item->dash.n, item->box.x0, item->box.y0, item->box.x1, item->box.y1);
  for (guint i = 0; i < item->dash.n && i < G_N_ELEMENTS (item->dash.on_off); i++)
    g_string_append_printf (out, "%a ", item->dash.on_off[i]);
  for (guint i = 0; i < item->n_points && item->points != NULL; i++)
    g_string_append_printf (out, "%a,%a ", item->points[i].x, item->points[i].y);
  g_string_append_printf (out, "|%a %a %a %a|%a %a %a %a|%a %a %a %a|%a %a|%a %d %d %d|", item->fill.r,
                          item->fill.g, item->fill.b, item->fill.a, item->stroke.r, item->stroke.g, item->stroke.b,
                          item->stroke.a, item->core.r, item->core.g, item->core.b, item->core.a, item->line_width,
                          item->opacity, item->font_size, item->bold, item->italic, (int) item->align);
  g_string_append (out, item->font != NULL ? item->font : "");
  g_string_append_c (out, '\x1f');
  g_string_append (out, item->text != NULL ? item->text : "");
  g_string_append_c (out, '\x1e');
}

/* How far a box hit reaches beyond its party's shape or its label, in points. */
#define HIT_MARGIN_PARTY 4.0
#define HIT_MARGIN_LABEL 2.0

static void
add_hits (DgLayer *layer, const DgSceneItem *item)
{
  DgHit hit = { 0 };
  if (item->kind == DG_ITEM_CURVE && item->role == DG_ROLE_TIE && item->n_points >= 2)
    {
      hit.kind = DG_HIT_CURVE;
      hit.n_points = item->n_points;
      hit.points = g_memdup2 (item->points, sizeof *item->points * item->n_points);
    }
  else if ((item->kind == DG_ITEM_TEXT && item->role == DG_ROLE_TIE_LABEL)
           || (item->kind == DG_ITEM_SHAPE && item->role == DG_ROLE_PARTY))
    {
      /* The viewer draws its focus ring along the box, under the layers:
       * a margin keeps the ring outside a party's outline and a label. */
      double m = item->role == DG_ROLE_PARTY ? HIT_MARGIN_PARTY : HIT_MARGIN_LABEL;
      hit.kind = DG_HIT_BOX;
      hit.n_points = 2;
      hit.points = g_new (DgPoint, 2);
      hit.points[0] = (DgPoint) { item->box.x0 - m, item->box.y0 - m };
      hit.points[1] = (DgPoint) { item->box.x1 + m, item->box.y1 + m };
    }
  else
    return;
  g_array_append_val (layer->hits, hit);
}

/* The elements of a rendered SVG document without its root element,
 * title and description, with the renderer's id prefix replaced by "L<id>-". */
static char *
svg_body (GBytes *svg, guint id, GError **error)
{
  gsize len;
  const char *doc = g_bytes_get_data (svg, &len);
  g_autofree char *copy = g_strndup (doc, len);
  const char *root = strstr (copy, "<svg");
  const char *body = root != NULL ? strchr (root, '>') : NULL;
  const char *end = g_strrstr (copy, "</svg>");
  if (body == NULL || end == NULL || end < body)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_RENDER, "animate: the renderer wrote an SVG without a body");
      return NULL;
    }
  body++;
  /* The document's <title> and <desc> name a figure, not a layer. */
  const char *title_end = strstr (body, "</title>");
  if (title_end != NULL && title_end < end)
    body = title_end + strlen ("</title>");
  const char *desc_end = strstr (body, "</desc>");
  if (desc_end != NULL && desc_end < end)
    body = desc_end + strlen ("</desc>");
  g_autoptr (GString) out = g_string_new_len (body, end - body);

  /* The renderer's ids carry one prefix per document ("dg1234abcd-"); it
   * only ever appears in ids and references to them. */
  const char *id_at = strstr (out->str, " id=\"");
  if (id_at != NULL)
    {
      const char *start = id_at + strlen (" id=\"");
      const char *dash = strchr (start, '-');
      const char *quote = strchr (start, '"');
      if (dash != NULL && (quote == NULL || dash < quote))
        {
          g_autofree char *prefix = g_strndup (start, (gsize) (dash - start + 1));
          g_autofree char *mine = g_strdup_printf ("L%u-", id);
          g_string_replace (out, prefix, mine, 0);
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gint
building_compare (gconstpointer x, gconstpointer y)
{
  const Building *a = *(Building *const *) x, *b = *(Building *const *) y;
  if (a->layer->band != b->layer->band)
    return a->layer->band < b->layer->band ? -1 : 1;
  if (a->primary != b->primary)
    return a->primary < b->primary ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

DgLayers *
dg_layers_build (const DgAnimation *anim, GError **error)
{
  const DgGraph *graph = dg_anim_get_graph (anim);
  guint n_stages = dg_anim_n_stages (anim);
  double width, height;
  dg_anim_get_canvas (anim, &width, &height);
  g_autofree int *chain = tie_chains (graph);

  /* key → first seq of that key, for the order of unnumbered bands */
  g_autoptr (GHashTable) key_seq = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* key + look → Building */
  g_autoptr (GHashTable) looks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) all = g_ptr_array_new ();
  guint seq = 0;
  DgColor none = { 0, 0, 0, 0 };

  for (guint s = 0; s < n_stages; s++)
    {
      const DgScene *scene = dg_anim_canvas_scene (anim, s);
      guint n = dg_scene_n_items (scene);
      /* The items of each key at this stage, in painting order. */
      g_autoptr (GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                             (GDestroyNotify) g_array_unref);
      g_autoptr (GPtrArray) order = g_ptr_array_new ();
      for (guint i = 0; i < n; i++)
        {
          DgBand band;
          int primary;
          gboolean grow;
          char *key = layer_key (scene, i, chain, &band, &primary, &grow);
          GArray *items = g_hash_table_lookup (groups, key);
          if (items == NULL)
            {
              items = g_array_new (FALSE, FALSE, sizeof (guint));
              g_hash_table_insert (groups, key, items);
              g_ptr_array_add (order, key);
            }
          else
            g_free (key);
          g_array_append_val (items, i);
        }
      for (guint k = 0; k < order->len; k++)
        {
          const char *key = order->pdata[k];
          GArray *items = g_hash_table_lookup (groups, key);
          g_autoptr (GString) look = g_string_new (key);
          g_string_append_c (look, '\x1d');
          for (guint j = 0; j < items->len; j++)
            describe_item (look, dg_scene_item (scene, g_array_index (items, guint, j)));
          Building *b = g_hash_table_lookup (looks, look->str);
          if (b == NULL)
            {
              const DgSceneItem *first = dg_scene_item (scene, g_array_index (items, guint, 0));
              DgBand band;
              int primary;
              gboolean grow;
              g_free (layer_key (scene, g_array_index (items, guint, 0), chain, &band, &primary, &grow));
              if (!g_hash_table_contains (key_seq, key))
                g_hash_table_insert (key_seq, g_strdup (key), GUINT_TO_POINTER (seq));
              b = g_new0 (Building, 1);
              b->layer = g_new0 (DgLayer, 1);
              b->layer->key = g_strdup (key);
              b->layer->band = band;
              b->layer->tie = first->tie;
              b->layer->party = first->party;
              b->layer->grow = grow;
              b->layer->text = band == DG_BAND_TIE_LABEL || band == DG_BAND_FURNITURE;
              b->layer->shown = g_new0 (gboolean, n_stages);
              b->layer->key_shown = g_new0 (gboolean, n_stages);
              b->layer->hits = g_array_new (FALSE, TRUE, sizeof (DgHit));
              b->primary = primary >= 0 ? primary : (int) GPOINTER_TO_UINT (g_hash_table_lookup (key_seq, key));
              b->seq = seq++;
              b->scene = dg_scene_new (width, height, none, NULL);
              for (guint j = 0; j < items->len; j++)
                {
                  const DgSceneItem *item = dg_scene_item (scene, g_array_index (items, guint, j));
                  dg_anim_copy_item (b->scene, item, 0, 0);
                  add_hits (b->layer, item);
                }
              g_hash_table_insert (looks, g_strdup (look->str), b);
              g_ptr_array_add (all, b);
            }
          b->layer->shown[s] = TRUE;
        }
    }

  g_ptr_array_sort (all, building_compare);
  DgLayers *layers = g_new0 (DgLayers, 1);
  layers->layers = g_ptr_array_new_with_free_func (layer_free);
  layers->n_stages = n_stages;
  gboolean ok = TRUE;
  for (guint i = 0; i < all->len; i++)
    {
      Building *b = all->pdata[i];
      b->layer->id = i;
      if (ok)
        {
          DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
          options.graph = graph; /* names the layer's party or tie */
          g_autoptr (GBytes) svg = dg_render_scene (b->scene, DG_FORMAT_SVG, &options, error);
          b->layer->markup = svg != NULL ? svg_body (svg, i, error) : NULL;
          ok = b->layer->markup != NULL;
        }
      dg_scene_free (b->scene);
      g_ptr_array_add (layers->layers, b->layer);
      g_free (b);
    }
  if (!ok)
    {
      dg_layers_free (layers);
      return NULL;
    }

  /* Which stages show any look of each key. */
  g_autoptr (GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  for (guint i = 0; i < layers->layers->len; i++)
    {
      DgLayer *layer = layers->layers->pdata[i];
      gboolean *mask = g_hash_table_lookup (by_key, layer->key);
      if (mask == NULL)
        {
          mask = g_new0 (gboolean, n_stages);
          g_hash_table_insert (by_key, layer->key, mask);
        }
      for (guint s = 0; s < n_stages; s++)
        mask[s] |= layer->shown[s];
    }
  for (guint i = 0; i < layers->layers->len; i++)
    {
      DgLayer *layer = layers->layers->pdata[i];
      memcpy (layer->key_shown, g_hash_table_lookup (by_key, layer->key), sizeof (gboolean) * n_stages);
      /* A tie's look shown only at stages where the tie is not active: its
       * ghost (dg_scene_build()), which ended there. */
      if (layer->tie >= 0)
        {
          const DgTie *tie = dg_graph_tie (graph, (guint) layer->tie);
          gboolean any = FALSE, active = FALSE;
          for (guint s = 0; s < n_stages; s++)
            if (layer->shown[s])
              {
                any = TRUE;
                active |= dg_tie_active_at (tie, dg_anim_graph_stage (anim, s));
              }
          layer->ended = any && !active;
        }
    }
  return layers;
}

gboolean
dg_layers_key_shown (const DgLayers *layers, const DgLayer *layer, guint stage)
{
  return stage < layers->n_stages && layer->key_shown[stage];
}

DgMove
dg_layers_move (const DgLayers *layers, const DgLayer *layer, guint from, guint to)
{
  gboolean before = layer->shown[from], after = layer->shown[to];
  if (before && after)
    return DG_MOVE_STAY_SHOWN;
  if (!before && !after)
    return DG_MOVE_STAY_HIDDEN;
  if (before)
    return dg_layers_key_shown (layers, layer, to) ? DG_MOVE_SWAP_OUT : DG_MOVE_LEAVE;
  return dg_layers_key_shown (layers, layer, from) ? DG_MOVE_SWAP_IN : DG_MOVE_ENTER;
}
