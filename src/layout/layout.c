/* layout.c — the model and its looks → a cgraph graph → gvLayout → DgGeometry per stage.
 *
 * Graphviz only ever sees what this file builds: node and edge names are our
 * own ("p12", "t3"), and the attributes are the validated layout attributes
 * of the model and what the style stage resolved for each element (its
 * look's @gv: shape, fonts, labels, and for what Graphviz draws, colours).
 * So Graphviz sizes parties and labels with the fonts the renderer draws
 * them with. What dealgraph does not draw itself (records, HTML-like
 * labels, arrowheads of every shape, …) comes back as Graphviz's own
 * drawing of it, in xdot operations (DgDrawing). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dg-gv-private.h"
#include "dg-text-private.h"
#include "dg-xdot-private.h"
#include "error.h"
#include "layout-private.h"
#include "route-private.h"
#include "style.h"
#include "timeline.h"


/* Above this many ties the force-directed engines draw straight ties. */
#define SPLINE_TIE_LIMIT 120

static const char *const engines[] = { "dot", "neato", "fdp", "sfdp", "circo", "twopi", NULL };

void
dg_geometry_free (gpointer data)
{
  DgGeometry *geo = data;
  if (geo == NULL)
    return;
  for (guint i = 0; i < geo->n_parties; i++)
    {
      g_free (geo->parties[i].draw);
      g_free (geo->parties[i].label_draw);
    }
  for (guint i = 0; i < geo->n_ties; i++)
    {
      g_free (geo->ties[i].points);
      g_free (geo->ties[i].draw);
      g_free (geo->ties[i].arrow_draw);
      g_free (geo->ties[i].label_draw);
      g_free (geo->ties[i].end_label_draw);
    }
  for (guint i = 0; i < geo->n_groups; i++)
    {
      g_free (geo->groups[i].draw);
      g_free (geo->groups[i].label_draw);
    }
  g_free (geo->label_draw);
  g_free (geo->parties);
  g_free (geo->ties);
  g_free (geo->groups);
  g_free (geo);
}

DgGeometry *
dg_geometry_new (const DgGraph *graph)
{
  DgGeometry *geo = g_new0 (DgGeometry, 1);
  geo->n_parties = dg_graph_n_parties (graph);
  geo->n_ties = dg_graph_n_ties (graph);
  geo->n_groups = dg_graph_n_groups (graph);
  geo->parties = g_new0 (DgPartyGeometry, geo->n_parties);
  geo->ties = g_new0 (DgTieGeometry, geo->n_ties);
  geo->groups = g_new0 (DgGroupGeometry, geo->n_groups);
  return geo;
}

static DgLayout *
layout_new (const DgGraph *graph, const char *engine, DgLayoutMode mode)
{
  DgLayout *layout = g_new0 (DgLayout, 1);
  layout->mode = mode;
  layout->engine = g_strdup (engine);
  layout->n_stages = dg_graph_n_stages (graph);
  layout->geometries = g_ptr_array_new_with_free_func (dg_geometry_free);
  layout->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (layout->warnings, NULL);
  return layout;
}

/* Drops the geometries (not the warnings) before another try. */
static void
layout_reset (DgLayout *layout)
{
  g_ptr_array_set_size (layout->geometries, 0);
  g_clear_pointer (&layout->missed, g_ptr_array_unref);
}

void
dg_layout_free (DgLayout *layout)
{
  if (layout == NULL)
    return;
  g_ptr_array_unref (layout->geometries);
  g_clear_pointer (&layout->missed, g_ptr_array_unref);
  g_ptr_array_unref (layout->warnings);
  g_free (layout->engine);
  g_free (layout);
}

const DgGeometry *
dg_layout_stage_geometry (const DgLayout *layout, guint stage)
{
  g_return_val_if_fail (stage < layout->n_stages, NULL);
  if (layout->mode == DG_LAYOUT_UNION)
    return layout->geometries->pdata[0];
  return layout->geometries->pdata[stage];
}

const char *const *
dg_layout_get_warnings (const DgLayout *layout)
{
  return (const char *const *) layout->warnings->pdata;
}

DgLayoutMode
dg_layout_get_mode (const DgLayout *layout)
{
  return layout->mode;
}

const char *
dg_layout_get_engine (const DgLayout *layout)
{
  return layout->engine;
}

static void
set (void *obj, const char *name, const char *value)
{
  agsafeset (obj, (char *) name, (char *) value, "");
}

static void
setf (void *obj, const char *name, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd (buf, sizeof buf, "%.4f", value);
  set (obj, name, buf);
}


static char *
font_name (const char *family, gboolean bold)
{
  return g_strdup_printf ("%s%s", family != NULL ? family : "Sans", bold ? " Bold" : "");
}

/* A layout process may not measure text (dg_text_fork_prepare): every line
 * Graphviz will size is measured here first, with the font and size it will
 * be given (build_graph: party labels, tie labels, and group labels where
 * the engine draws clusters). Graphviz reads each size back from its
 * attribute, written to 4 decimals, and skips empty lines (labels.c). */
static void
premeasure_lines (const char *text, const char *family, gboolean bold, double size)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double gv_size = g_ascii_strtod (g_ascii_formatd (buf, sizeof buf, "%.4f", size), NULL);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      {
        /* As gv.c's measure_span asks: the family, with " Bold" as the
         * weight. */
        double w, h, baseline;
        dg_text_measure_line (lines[i], family, gv_size, bold, FALSE, &w, &h, &baseline);
      }
}

/* Figure spaces before a row of a stacked block, where the scene draws the
 * row's key: as many as make DG_LABEL_KEY_ROOM in @font. */
static char *
key_room (const DgFont *font)
{
  double w = 0;
  dg_text_measure ("\u2007", font->family, font->size, font->bold, font->italic, &w, NULL);
  guint n = w > 0 ? (guint) ceil (DG_LABEL_KEY_ROOM / w) : 2;
  GString *s = g_string_new (NULL);
  for (guint k = 0; k < n; k++)
    g_string_append (s, "\u2007");
  return g_string_free (s, FALSE);
}

static gboolean engine_keeps_clusters (const char *engine);

/* The plain labels dealgraph hands Graphviz, measured here with the looks'
 * fonts. Records and HTML-like labels are split into lines by Graphviz
 * itself: the lines it asks for that were not measured come back from the
 * layout process, are measured, and the layout runs once more
 * (dg_layout_compute). */
static void
premeasure_labels (const DgGraph *graph, const DgLooks *looks, const char *engine)
{
  for (guint i = 0; i < dg_graph_n_parties (graph); i++)
    {
      const DgPartyLook *look = dg_looks_party (looks, i);
      if (look->own)
        premeasure_lines (look->label, look->font.family, look->font.bold, look->font.size);
    }
  /* The rows of a stacked label block (block_label) go to Graphviz after
   * room for their key, in the font of whichever tie of their pair holds
   * the block: each line after each tie font's room. */
  g_autoptr (GArray) fonts = g_array_new (FALSE, FALSE, sizeof (DgFont));
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    {
      const DgFont *font = &dg_looks_tie (looks, i)->font;
      gboolean seen = FALSE;
      for (guint k = 0; k < fonts->len && !seen; k++)
        {
          const DgFont *f = &g_array_index (fonts, DgFont, k);
          seen = g_strcmp0 (f->family, font->family) == 0 && f->size == font->size && f->bold == font->bold
                 && f->italic == font->italic;
        }
      if (!seen)
        g_array_append_val (fonts, *font);
    }
  g_autofree char **rooms = g_new0 (char *, fonts->len + 1);
  for (guint k = 0; k < fonts->len; k++)
    {
      const DgFont *f = &g_array_index (fonts, DgFont, k);
      rooms[k] = key_room (f);
      premeasure_lines ("\u2007", f->family, f->bold, f->size); /* the other rows' spacer */
    }
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    {
      const DgTieLook *look = dg_looks_tie (looks, i);
      g_autofree char *caption = dg_tie_caption (graph, dg_graph_tie (graph, i));
      if (caption == NULL || !look->own_label)
        continue;
      premeasure_lines (caption, look->font.family, look->font.bold, look->font.size);
      g_auto (GStrv) lines = g_strsplit (caption, "\n", -1);
      for (guint k = 0; k < fonts->len; k++)
        {
          const DgFont *f = &g_array_index (fonts, DgFont, k);
          for (guint l = 0; lines[l] != NULL; l++)
            {
              g_autofree char *row = g_strconcat (rooms[k], lines[l], NULL);
              premeasure_lines (row, f->family, f->bold, f->size);
            }
        }
    }
  g_strfreev (g_steal_pointer (&rooms));
  if (engine_keeps_clusters (engine))
    for (guint i = 0; i < dg_graph_n_groups (graph); i++)
      {
        const DgGroupLook *look = dg_looks_group (looks, i);
        if (dg_graph_group (graph, i)->label != NULL && look->own)
          premeasure_lines (dg_graph_group (graph, i)->label, look->font.family, look->font.bold, look->font.size);
      }
}

typedef struct {
  const DgGraph *graph;
  const DgTheme *theme;
  const DgLooks *looks;
  const char *engine;
  Agraph_t *g;
  Agnode_t **nodes;     /* by party index; NULL when not in this layout */
  Agraph_t **clusters;  /* by group index */
  GPtrArray *warnings;  /* the layout's */
  const char *stage;    /* the stage being laid out, NULL in union mode */
  gboolean safe;        /* the second try after Graphviz crashed */
  gboolean positions_only; /* a first pass that only places parties: no tie labels, straight ties */
  /* Parallel ties merged for the layout (see merge_parallel_ties): by tie
   * index, the tie Graphviz lays out for it (itself when not merged) and
   * its bundle's size (1 when not merged). */
  guint *bundle_rep, *bundle_n;
  /* Labels stacked in one block (see stack_pair_labels): by tie index, the
   * tie whose Graphviz label holds the block (itself when its label stands
   * alone) and the block's rows (1 when none). */
  guint *block_rep, *block_n;
} Builder;

/* Only dot and fdp place a cluster's parties together; the other engines
 * ignore clusters, and a box drawn around scattered parties would mislead. */
static gboolean
engine_keeps_clusters (const char *engine)
{
  return g_str_equal (engine, "dot") || g_str_equal (engine, "fdp");
}

/* Sets every attribute of @attrs on @obj; HTML-like values as HTML. */
static void
set_all (void *obj, const DgAttrs *attrs)
{
  for (guint i = 0; i < attrs->n; i++)
    {
      const DgAttr *a = &attrs->items[i];
      if (a->html)
        {
          char *html = agstrdup_html (agraphof (obj), (char *) a->value);
          agsafeset (obj, (char *) a->name, html, "");
          agstrfree (agraphof (obj), html);
        }
      else
        set (obj, a->name, a->value);
    }
}

static Agraph_t *
cluster_for (Builder *b, int group)
{
  if (group < 0 || !engine_keeps_clusters (b->engine))
    return b->g;
  if (b->clusters[group] != NULL)
    return b->clusters[group];
  const DgGroup *grp = dg_graph_group (b->graph, (guint) group);
  Agraph_t *parent = cluster_for (b, grp->parent);
  char name[32];
  g_snprintf (name, sizeof name, "cluster_g%d", group);
  Agraph_t *sub = agsubg (parent, name, TRUE);
  set_all (sub, &dg_looks_group (b->looks, (guint) group)->gv);
  b->clusters[group] = sub;
  return sub;
}

/* The Graphviz name of the cluster the user calls @id (lhead, ltail). */
static char *
cluster_name (const Builder *b, const char *id)
{
  for (guint i = 0; i < dg_graph_n_groups (b->graph); i++)
    if (g_str_equal (dg_graph_group (b->graph, i)->id, id) && b->clusters[i] != NULL)
      return g_strdup_printf ("cluster_g%u", i);
  return NULL;
}

/* Where ties run when the graph does not say: plain DOT top to bottom, as
 * dot draws it; a deal graph left to right, the way its money and rights
 * are read to flow. */
static const char *
default_rankdir (const DgGraph *graph)
{
  return dg_graph_is_plain (graph) ? "TB" : "LR";
}

/* Ties between one ordered pair of parties beyond this many are laid out as
 * one Graphviz edge and drawn as a band of parallel lines: Graphviz routes
 * and labels every multi-edge on its own, and 5,000 ties between two
 * parties held the layout for the whole 300 s limit. Up to this many,
 * Graphviz's own fan of curves reads best. */
#define BUNDLE_MIN 5
/* Labels a bundle shows, stacked in one block by its line. */
#define BUNDLE_LABELS 5

/* Whether dealgraph draws all of tie @i itself, with nothing about its ends
 * that a shared route would lose (ports, clusters, end labels). */
static gboolean
bundles (const Builder *b, guint i)
{
  const DgTie *tie = dg_graph_tie (b->graph, i);
  const DgTieLook *look = dg_looks_tie (b->looks, i);
  static const char *const ends[] = { "headport", "tailport", "lhead", "ltail", "headlabel", "taillabel",
                                      "samehead", "sametail", "xlabel", "headclip", "tailclip" };
  if (tie->tail == tie->head || !look->own_line || !look->own_arrows || !look->own_label)
    return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (ends); k++)
    if (dg_attrs_find (&tie->attrs, ends[k]) != NULL)
      return FALSE;
  return TRUE;
}

/* Finds the bundles among the ties @tie_on: more than BUNDLE_MIN bundling
 * ties from one party to another. Fills b->bundle_*. */
static void
merge_parallel_ties (Builder *b, const gboolean *tie_on)
{
  guint n = dg_graph_n_ties (b->graph);
  b->bundle_rep = g_new (guint, MAX (n, 1));
  b->bundle_n = g_new (guint, MAX (n, 1));
  g_autoptr (GHashTable) first = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GArray) keys = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  for (guint i = 0; i < n; i++)
    {
      b->bundle_rep[i] = i;
      b->bundle_n[i] = 1;
      gint64 key = -1;
      if (tie_on[i] && bundles (b, i))
        {
          const DgTie *tie = dg_graph_tie (b->graph, i);
          key = ((gint64) tie->tail << 32) | tie->head;
        }
      g_array_append_val (keys, key);
    }
  /* First pass: each pair's first tie and count; second: the bundles. */
  g_autofree guint *count = g_new0 (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      gint64 *key = &g_array_index (keys, gint64, i);
      if (*key < 0)
        continue;
      gpointer rep;
      if (!g_hash_table_lookup_extended (first, key, NULL, &rep))
        {
          g_hash_table_insert (first, key, GUINT_TO_POINTER (i));
          rep = GUINT_TO_POINTER (i);
        }
      count[GPOINTER_TO_UINT (rep)]++;
    }
  for (guint i = 0; i < n; i++)
    {
      gint64 *key = &g_array_index (keys, gint64, i);
      if (*key < 0)
        continue;
      guint rep = GPOINTER_TO_UINT (g_hash_table_lookup (first, key));
      if (count[rep] <= BUNDLE_MIN)
        continue;
      b->bundle_rep[i] = rep;
      b->bundle_n[i] = count[rep];
    }
}

/* Whether tie @i belongs to the bundle laid out as tie @rep's edge. */
static gboolean
in_bundle (const Builder *b, guint rep, guint i)
{
  return b->bundle_rep[i] == rep && b->bundle_n[i] > 1;
}

/* The label Graphviz reserves room for on a bundle's one edge: the labels
 * of its first BUNDLE_LABELS ties, one block. NULL when none has one. */
static char *
bundle_label (const Builder *b, guint rep)
{
  GString *s = g_string_new (NULL);
  guint shown = 0;
  for (guint i = rep; i < dg_graph_n_ties (b->graph) && shown < BUNDLE_LABELS; i++)
    {
      if (!in_bundle (b, rep, i))
        continue;
      shown++;
      const char *label = dg_attrs_get (&dg_looks_tie (b->looks, i)->gv, "label");
      if (label != NULL && label[0] != '\0')
        g_string_append_printf (s, "%s%s", s->len > 0 ? "\\n" : "", label);
    }
  return g_string_free (s, s->len == 0);
}

/* Whether tie @i's label can be a row of its pair's stacked block: a plain
 * label dealgraph draws, on a tie between two parties that Graphviz lays
 * out on its own (not a bundle: a bundle has its block already). */
static gboolean
stacks (const Builder *b, const gboolean *tie_on, guint i)
{
  if (!tie_on[i] || b->bundle_n[i] > 1 || !bundles (b, i))
    return FALSE;
  const DgAttrs *gv = &dg_looks_tie (b->looks, i)->gv;
  const DgAttr *label = dg_attrs_find (gv, "label");
  return label != NULL && !label->html && label->value[0] != '\0';
}

static gint64
pair_key (const DgTie *tie)
{
  guint lo = MIN (tie->tail, tie->head), hi = MAX (tie->tail, tie->head);
  return ((gint64) lo << 32) | hi;
}

/* Labelled ties between one pair of parties, in either direction, share one
 * stacked label block (each row keyed by a sample of its tie's line), which
 * Graphviz places as the label of the pair's first such tie; the others
 * have none, so their lines run close together. Fills b->block_rep. A pair
 * that also has a bundle keeps the bundle's block. */
static void
stack_pair_labels (Builder *b, const gboolean *tie_on)
{
  guint n = dg_graph_n_ties (b->graph);
  b->block_rep = g_new (guint, MAX (n, 1));
  g_autoptr (GHashTable) first = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (GHashTable) bundled = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < n; i++)
    {
      b->block_rep[i] = i;
      const DgTie *tie = dg_graph_tie (b->graph, i);
      gint64 key = pair_key (tie);
      if (tie_on[i] && b->bundle_n[i] > 1)
        g_hash_table_add (bundled, g_memdup2 (&key, sizeof key));
      if (stacks (b, tie_on, i) && !g_hash_table_contains (first, &key))
        g_hash_table_insert (first, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (i));
    }
  b->block_n = g_new0 (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    if (stacks (b, tie_on, i))
      {
        gint64 key = pair_key (dg_graph_tie (b->graph, i));
        if (!g_hash_table_contains (bundled, &key))
          b->block_rep[i] = GPOINTER_TO_UINT (g_hash_table_lookup (first, &key));
        b->block_n[b->block_rep[i]]++;
      }
  /* A pair with one labelled tie has no block. */
  for (guint i = 0; i < n; i++)
    {
      if (b->block_n[b->block_rep[i]] < 2)
        b->block_rep[i] = i;
      b->block_n[i] = MAX (b->block_n[b->block_rep[i]], 1);
    }
}

/* Whether tie @i's label is a row of a stacked block. */
static gboolean
in_block (const Builder *b, guint i)
{
  return b->block_n != NULL && b->block_n[i] > 1;
}

/* The label Graphviz reserves room for on the edge of block @rep: every
 * row's lines, each after the room for its key, in @rep's font (Graphviz
 * measures the whole label in one). */
static char *
block_label (const Builder *b, guint rep)
{
  g_autofree char *room = key_room (&dg_looks_tie (b->looks, rep)->font);
  GString *s = g_string_new (NULL);
  for (guint i = rep; i < dg_graph_n_ties (b->graph); i++)
    {
      if (b->block_rep[i] != rep || !in_block (b, i))
        continue;
      g_auto (GStrv) lines = g_strsplit (dg_attrs_get (&dg_looks_tie (b->looks, i)->gv, "label"), "\\n", -1);
      for (guint k = 0; lines[k] != NULL; k++)
        g_string_append_printf (s, "%s%s%s", s->len > 0 ? "\\n" : "", room, lines[k]);
    }
  return g_string_free (s, FALSE);
}

/* Builds the Graphviz graph of the parties and ties @party_on / @tie_on
 * select; @pins (nullable) holds pinned centres in Graphviz coordinates for
 * parties that must stay put (NaN x when free). */
static Agraph_t *
build_graph (Builder *b, const gboolean *party_on, const gboolean *tie_on, const DgPoint *pins)
{
  const DgGraph *graph = b->graph;
  const DgFurnitureStyle *fs = dg_theme_furniture (b->theme);
  Agraph_t *g = agopen ("dealgraph", Agdirected, NULL);
  b->g = g;
  guint n_groups = dg_graph_n_groups (graph);
  b->clusters = g_new0 (Agraph_t *, MAX (n_groups, 1));

  set (g, "charset", "UTF-8");
  const char *rankdir = dg_graph_get_layout_attr (graph, "rankdir");
  set (g, "rankdir", rankdir != NULL ? rankdir : default_rankdir (graph));
  /* dealgraph's spacing leaves room for tie labels; plain DOT keeps dot's. */
  const char *nodesep = dg_graph_get_layout_attr (graph, "nodesep");
  set (g, "nodesep", nodesep != NULL ? nodesep : dg_graph_is_plain (graph) ? "0.25" : "0.35");
  const char *ranksep = dg_graph_get_layout_attr (graph, "ranksep");
  set (g, "ranksep", ranksep != NULL ? ranksep : dg_graph_is_plain (graph) ? "0.5" : "0.9");
  /* Obstacle-avoiding splines cost neato, fdp, sfdp, circo and twopi time
   * that grows fast with size (300 parties: 46 s against 0.3 s for straight
   * lines, measured here); dot routes its splines cheaply at any size. */
  const char *spline_mode = dg_graph_get_layout_attr (graph, "splines");
  if (spline_mode == NULL)
    spline_mode = g_str_equal (b->engine, "dot") || dg_graph_n_ties (graph) <= SPLINE_TIE_LIMIT ? "spline" : "line";
  /* Safe mode: the force-directed engines' spline router asserts on some
   * multi-edges (fdp, multispline.c:153); straight ties never do. */
  if ((b->safe || b->positions_only) && !g_str_equal (b->engine, "dot"))
    spline_mode = "line";
  set (g, "splines", spline_mode);
  const char *overlap = dg_graph_get_layout_attr (graph, "overlap");
  /* Overlap removal and packing move pinned parties too: an anchored stage
   * keeps its overlaps rather than its anchors' places. */
  set (g, "overlap", pins != NULL ? "true" : overlap != NULL ? overlap : "prism");
  /* A fixed seed: the force-directed engines start from random positions. */
  if (!g_str_equal (b->engine, "dot"))
    set (g, "start", "1");
  /* Parties without a tie at some stage would otherwise string out along one
   * row; packing keeps each figure compact. */
  const char *pack = dg_graph_get_layout_attr (graph, "pack");
  const char *packmode = dg_graph_get_layout_attr (graph, "packmode");
  /* Graphviz 2.42's dot frees a pointer twice when it packs a graph with
   * clusters (seen on tests/data/good/medium.gv); there dot goes unpacked. */
  gboolean can_pack = !b->safe && pins == NULL && !(g_str_equal (b->engine, "dot") && n_groups > 0);
  /* Plain DOT is laid out as dot lays it out: components side by side in
   * their ranks, unless the user asks for packing. */
  gboolean plain = dg_graph_is_plain (graph);
  if (can_pack && (!plain || pack != NULL))
    {
      set (g, "pack", pack != NULL ? pack : "24");
      set (g, "packmode", packmode != NULL ? packmode : "graph");
    }
  set (g, "sep", "+12");
  set (g, "esep", "+6");
  set (g, "outputorder", "edgesfirst");
  g_autofree char *group_font = font_name (fs->font, TRUE);
  set (g, "fontname", group_font);
  setf (g, "fontsize", fs->small_font_size);
  set_all (g, &dg_looks_graph (b->looks)->gv);
  if (b->safe)
    set (g, "forcelabels", "true");
  if (pins != NULL)
    {
      set (g, "inputscale", "72");
      set (g, "notranslate", "true");
    }

  b->nodes = g_new0 (Agnode_t *, MAX (dg_graph_n_parties (graph), 1));
  for (guint i = 0; i < dg_graph_n_parties (graph); i++)
    {
      if (!party_on[i])
        continue;
      const DgParty *party = dg_graph_party (graph, i);
      char name[32];
      g_snprintf (name, sizeof name, "p%u", i);
      Agnode_t *n = agnode (cluster_for (b, party->group), name, TRUE);
      b->nodes[i] = n;
      /* The loader wrote out "\N" and the other name escapes, for which
       * Graphviz would put in its own names ("p12"). */
      const DgPartyLook *look = dg_looks_party (b->looks, i);
      for (guint k = 0; k < look->gv.n; k++)
        {
          const DgAttr *a = &look->gv.items[k];
          if (a->html)
            {
              char *html = agstrdup_html (g, (char *) a->value);
              agsafeset (n, (char *) a->name, html, "");
              agstrfree (g, html);
            }
          else
            set (n, a->name, a->value);
        }
      if (pins != NULL && !isnan (pins[i].x))
        {
          char pos[2 * G_ASCII_DTOSTR_BUF_SIZE + 2];
          char px[G_ASCII_DTOSTR_BUF_SIZE], py[G_ASCII_DTOSTR_BUF_SIZE];
          g_snprintf (pos, sizeof pos, "%s,%s!", g_ascii_formatd (px, sizeof px, "%.3f", pins[i].x),
                      g_ascii_formatd (py, sizeof py, "%.3f", pins[i].y));
          set (n, "pos", pos);
        }
    }

  /* rank=same and its kin: only dot has ranks. */
  if (g_str_equal (b->engine, "dot"))
    for (guint r = 0; r < dg_graph_n_rank_sets (graph); r++)
      {
        const DgRankSet *rs = dg_graph_rank_set (graph, r);
        char name[32];
        g_snprintf (name, sizeof name, "rank%u", r);
        Agraph_t *sub = NULL;
        for (guint k = 0; k < rs->n_parties; k++)
          {
            Agnode_t *n = b->nodes[rs->parties[k]];
            if (n == NULL)
              continue;
            /* Within the innermost cluster of its first party, so that
             * the rank does not pull parties out of their cluster. */
            if (sub == NULL)
              {
                sub = agsubg (cluster_for (b, dg_graph_party (graph, rs->parties[k])->group), name, TRUE);
                set (sub, "rank", rs->rank);
              }
            agsubnode (sub, n, TRUE);
          }
      }

  gboolean compound = FALSE;
  merge_parallel_ties (b, tie_on);
  stack_pair_labels (b, tie_on);
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    {
      if (!tie_on[i])
        continue;
      const DgTie *tie = dg_graph_tie (graph, i);
      Agnode_t *t = b->nodes[tie->tail], *h = b->nodes[tie->head];
      if (t == NULL || h == NULL || b->bundle_rep[i] != i)
        continue; /* one edge for a bundle: its first tie's */
      char name[32];
      g_snprintf (name, sizeof name, "t%u", i);
      Agedge_t *e = agedge (g, t, h, name, TRUE);
      const DgTieLook *look = dg_looks_tie (b->looks, i);
      g_autofree char *block = b->positions_only         ? NULL
                               : b->bundle_n[i] > 1       ? bundle_label (b, i)
                               : in_block (b, i)          ? (b->block_rep[i] == i ? block_label (b, i)
                                                                                  : g_strdup ("\u2007"))
                                                          : NULL;
      if (block != NULL)
        set (e, b->safe ? "xlabel" : "label", block);
      for (guint k = 0; k < look->gv.n; k++)
        {
          const DgAttr *a = &look->gv.items[k];
          const char *attr_name = a->name;
          if ((block != NULL || in_block (b, i)) && g_str_equal (attr_name, "label"))
            continue;
          /* Safe mode: xlabels are placed after the layout, which keeps
           * dot away from its label-node code that crashes on some
           * clustered graphs in 2.42. */
          if (b->safe && g_str_equal (attr_name, "label") && !a->html)
            attr_name = "xlabel";
          if (b->positions_only && g_str_has_suffix (attr_name, "label"))
            continue;
          if (g_str_equal (a->name, "lhead") || g_str_equal (a->name, "ltail"))
            {
              g_autofree char *cluster = cluster_name (b, a->value);
              if (cluster != NULL)
                {
                  set (e, a->name, cluster);
                  compound = TRUE;
                }
            }
          else if (a->html)
            {
              char *html = agstrdup_html (g, (char *) a->value);
              agsafeset (e, (char *) attr_name, html, "");
              agstrfree (g, html);
            }
          else
            set (e, attr_name, a->value);
        }
      /* Keep both ends of a self-tie apart from the label. */
      if (tie->tail == tie->head && dg_attrs_find (&tie->attrs, "headport") == NULL)
        set (e, "headport", "s");
    }
  if (compound)
    set (g, "compound", "true");
  return g;
}

static DgPoint
flip (pointf p, boxf bb)
{
  return (DgPoint) { p.x - bb.LL.x, bb.UR.y - p.y };
}

/* Where the ray from @from's centre towards @to leaves @from's box. */
static DgPoint
box_exit (const DgPartyGeometry *from, const DgPartyGeometry *to)
{
  double dx = to->center.x - from->center.x, dy = to->center.y - from->center.y;
  double len = hypot (dx, dy);
  if (len < 1e-9)
    return from->center;
  double ux = dx / len, uy = dy / len;
  double t = MIN (fabs (ux) > 1e-9 ? from->width / 2 / fabs (ux) : G_MAXDOUBLE,
                  fabs (uy) > 1e-9 ? from->height / 2 / fabs (uy) : G_MAXDOUBLE);
  return (DgPoint) { from->center.x + ux * t, from->center.y + uy * t };
}

/* A tie Graphviz could not route ("triangulation failed"): drawn as a
 * straight line between the parties' outlines, so it is still shown. */
static void
straight_tie (Builder *b, DgGeometry *geo, guint index, Agedge_t *e)
{
  const DgTie *tie = dg_graph_tie (b->graph, index);
  const DgPartyGeometry *t = &geo->parties[tie->tail], *h = &geo->parties[tie->head];
  if (!t->placed || !h->placed || tie->tail == tie->head)
    return;
  DgPoint a = box_exit (t, h), z = box_exit (h, t);
  gboolean arrow = g_strcmp0 (agget (e, "dir"), "none") != 0;
  double dx = z.x - a.x, dy = z.y - a.y, len = hypot (dx, dy);
  DgPoint end = z;
  if (arrow && len > 10)
    end = (DgPoint) { z.x - dx / len * 8, z.y - dy / len * 8 };
  DgTieGeometry *tg = &geo->ties[index];
  tg->placed = TRUE;
  tg->n_points = 4;
  tg->points = g_new (DgPoint, 4);
  for (int k = 0; k < 4; k++)
    tg->points[k] = (DgPoint) { a.x + (end.x - a.x) * k / 3.0, a.y + (end.y - a.y) * k / 3.0 };
  tg->has_end_arrow = arrow && len > 10;
  tg->end_tip = z;
  g_ptr_array_insert (b->warnings, (gint) b->warnings->len - 1,
                      g_strdup_printf ("%s%s%sGraphviz could not route tie \"%s\" -> \"%s\"; it is drawn straight",
                                       b->stage ? "stage \"" : "", b->stage ? b->stage : "", b->stage ? "\": " : "",
                                       dg_graph_party (b->graph, tie->tail)->id,
                                       dg_graph_party (b->graph, tie->head)->id));
}

/* Graphviz's drawing of @obj in attribute @name (after gvRender to xdot),
 * moved into the frame whose top-left is @frame's top-left; NULL when none. */
static DgDrawing
drawing (void *obj, const char *name, boxf frame)
{
  const char *ops = agget (obj, (char *) name);
  return dg_xdot_transform (ops, -frame.LL.x, 1, frame.UR.y, -1);
}

/* Does any element of this layout need Graphviz's drawing of it? */
static gboolean
needs_drawings (const Builder *b)
{
  for (guint i = 0; i < dg_graph_n_parties (b->graph); i++)
    if (!dg_looks_party (b->looks, i)->own)
      return TRUE;
  for (guint i = 0; i < dg_graph_n_ties (b->graph); i++)
    {
      const DgTieLook *look = dg_looks_tie (b->looks, i);
      if (!look->own_line || !look->own_arrows || !look->own_label || look->gv.n > 0)
        {
          const DgTie *tie = dg_graph_tie (b->graph, i);
          if (!look->own_line || !look->own_arrows || !look->own_label
              || dg_attrs_find (&tie->attrs, "headlabel") != NULL || dg_attrs_find (&tie->attrs, "taillabel") != NULL)
            return TRUE;
        }
    }
  for (guint i = 0; i < dg_graph_n_groups (b->graph); i++)
    if (!dg_looks_group (b->looks, i)->own)
      return TRUE;
  return !dg_looks_graph (b->looks)->own_title && dg_graph_get_title (b->graph) != NULL;
}

/* Reads node, edge and cluster geometry out of @g, laid out, into @geo, in a
 * frame whose top-left is @frame's top-left. */
/* @p moved by @d along the left normal of the direction @from → @to. */
static DgPoint
offset_point (DgPoint p, DgPoint from, DgPoint to, double d)
{
  double dx = to.x - from.x, dy = to.y - from.y, len = hypot (dx, dy);
  if (!(len > 0))
    return p;
  return (DgPoint) { p.x - dy / len * d, p.y + dx / len * d };
}

/* Whether, at every stage where tie @i of the bundle @rep is active (the
 * one layout's selection outside union mode), BUNDLE_LABELS labelled ties
 * of the bundle with lower indices are active with it. */
static gboolean
hidden_at_every_stage (const Builder *b, guint rep, guint i)
{
  const DgGraph *graph = b->graph;
  if (b->stage != NULL || dg_graph_is_static (graph))
    return TRUE; /* everything laid out is active together */
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      if (!dg_tie_active_at (dg_graph_tie (graph, i), s))
        continue;
      guint before = 0;
      for (guint j = rep; j < i && before < BUNDLE_LABELS; j++)
        before += in_bundle (b, rep, j) && dg_tie_active_at (dg_graph_tie (graph, j), s)
                  && dg_attrs_get (&dg_looks_tie (b->looks, j)->gv, "label") != NULL;
      if (before < BUNDLE_LABELS)
        return FALSE;
    }
  return TRUE;
}

/* ---- ties that pass under a party ------------------------------------- */

/* Straight ties that pass under a party they do not join (the force-directed
 * engines draw straight lines above SPLINE_TIE_LIMIT ties, and a reader
 * takes such a line for one that ends at the party) are bowed to the side
 * that clears every party with the least bend: 16 pt, 32 pt, … up to
 * 192 pt either way. The arrowheads turn with the line's new ends. A tie
 * no bow clears stays straight. */
static void
bow_around_parties (Builder *b, DgGeometry *geo)
{
  for (guint i = 0; i < geo->n_ties; i++)
    {
      DgTieGeometry *tg = &geo->ties[i];
      const DgTie *tie = dg_graph_tie (b->graph, i);
      if (!tg->placed || tg->n_points != 4 || tie->tail == tie->head || b->bundle_n[i] > 1)
        continue;
      DgPoint *q = tg->points;
      double dx = q[3].x - q[0].x, dy = q[3].y - q[0].y, len = hypot (dx, dy);
      if (len < 1)
        continue;
      /* Straight, or nearly (Graphviz's "line" ties keep control points a
       * few points off the chord once clipped at the parties' outlines). */
      double nx = -dy / len, ny = dx / len;
      if (fabs ((q[1].x - q[0].x) * nx + (q[1].y - q[0].y) * ny) > 15
          || fabs ((q[2].x - q[0].x) * nx + (q[2].y - q[0].y) * ny) > 15)
        continue;
      if (!dg_route_crosses_party (geo, q, tie->tail, tie->head, 1.0))
        continue;
      for (int k = 1; k <= 12; k++)
        {
          gboolean done = FALSE;
          for (int sign = 1; sign >= -1 && !done; sign -= 2)
            {
              /* A cubic's middle reaches 3/4 of its control points' offset. */
              double d = sign * k * 16.0 / 0.75;
              DgPoint c[4] = { q[0],
                               { q[0].x + dx / 3 + nx * d, q[0].y + dy / 3 + ny * d },
                               { q[0].x + 2 * dx / 3 + nx * d, q[0].y + 2 * dy / 3 + ny * d },
                               q[3] };
              /* Inside the drawing (the curve stays in its control points' hull). */
              gboolean inside = TRUE;
              for (int m = 1; m <= 2; m++)
                inside = inside && c[m].x >= geo->bbox.x0 && c[m].x <= geo->bbox.x1 && c[m].y >= geo->bbox.y0
                         && c[m].y <= geo->bbox.y1;
              if (!inside || dg_route_crosses_party (geo, c, tie->tail, tie->head, 1.0))
                continue;
              /* The bowed line meets each party at another angle: its end
               * (and arrowhead) slides along that angle to the outline. */
              for (int head = 0; head < 2; head++)
                {
                  guint p = head ? tie->head : tie->tail;
                  gboolean arrow = head ? tg->has_end_arrow : tg->has_start_arrow;
                  DgPoint *tip = head ? &tg->end_tip : &tg->start_tip;
                  DgPoint end = head ? c[3] : c[0], before = head ? c[2] : c[1];
                  double alen = arrow ? hypot (tip->x - end.x, tip->y - end.y) : 0;
                  DgPoint dir = { end.x - before.x, end.y - before.y }, hit;
                  double dlen = hypot (dir.x, dir.y);
                  const DgPartyLook *pl = dg_looks_party (b->looks, p);
                  if (dlen <= 0 || !dg_route_outline_hit (&geo->parties[p], pl->own ? pl->dg_shape : DG_SHAPE_BOX, end, dir,
                                                         alen + 4, &hit))
                    continue;
                  DgPoint moved = { hit.x - dir.x / dlen * alen, hit.y - dir.y / dlen * alen };
                  DgPoint shift = { moved.x - end.x, moved.y - end.y };
                  int a = head ? 3 : 0, inner = head ? 2 : 1;
                  c[a] = moved;
                  c[inner].x += shift.x;
                  c[inner].y += shift.y;
                  if (arrow)
                    *tip = hit;
                }
              memcpy (q, c, sizeof c);
              done = TRUE;
            }
          if (done)
            break;
        }
    }
}

/* Gives every tie of the bundle whose edge is @rep's a line of its own,
 * parallel to the edge's route (a band at most 24 pt wide), and its label a
 * line of the edge's label block: the first BUNDLE_LABELS ties with a label
 * show it, the others are counted in a warning. */
static void
spread_bundle (Builder *b, DgGeometry *geo, guint rep)
{
  const DgTieGeometry *route = &geo->ties[rep];
  guint n = b->bundle_n[rep];
  if (!route->placed || route->n_points < 2)
    return;
  /* Side by side with a 2 pt gap when that is at most 72 pt across; past
   * that the lines share 72 pt evenly (and overlap: a band). */
  double across = 0;
  for (guint i = rep; i < geo->n_ties; i++)
    if (in_bundle (b, rep, i))
      across += dg_looks_tie (b->looks, i)->width + 2;
  const double squeeze = across > 72 ? 72 / across : 1;
  double at = -MIN (across, 72) / 2;
  DgPoint *base = g_memdup2 (route->points, sizeof (DgPoint) * route->n_points);
  guint n_points = route->n_points;
  DgTieGeometry model = *route;
  guint n_labelled = 0, n_unlabelled = 0;
  for (guint i = rep; i < geo->n_ties; i++)
    if (in_bundle (b, rep, i) && dg_attrs_get (&dg_looks_tie (b->looks, i)->gv, "label") != NULL)
      n_labelled++;
  guint shown = MIN (n_labelled, BUNDLE_LABELS), labelled = 0;
  for (guint i = rep; i < geo->n_ties; i++)
    {
      if (!in_bundle (b, rep, i))
        continue;
      DgTieGeometry *tg = &geo->ties[i];
      double w = (dg_looks_tie (b->looks, i)->width + 2) * squeeze;
      double d = at + w / 2;
      at += w;
      if (i != rep)
        g_free (tg->points);
      tg->placed = TRUE;
      tg->n_points = n_points;
      tg->points = g_new (DgPoint, n_points);
      for (guint k = 0; k < n_points; k++)
        tg->points[k] = offset_point (base[k], base[k > 0 ? k - 1 : 0], base[k + 1 < n_points ? k + 1 : k], d);
      tg->has_start_arrow = model.has_start_arrow;
      tg->has_end_arrow = model.has_end_arrow;
      tg->start_tip = offset_point (model.start_tip, base[1], base[0], -d);
      tg->end_tip = offset_point (model.end_tip, base[n_points - 2], base[n_points - 1], d);
      gboolean has_label = dg_attrs_get (&dg_looks_tie (b->looks, i)->gv, "label") != NULL;
      tg->has_label = has_label && model.has_label && labelled < shown;
      /* In a union layout a tie's label is hidden only when at every stage
       * it is active BUNDLE_LABELS labelled ties of its bundle come before
       * it: ties of one pair that follow each other in time keep theirs. */
      tg->label_hidden = has_label && !tg->has_label && hidden_at_every_stage (b, rep, i);
      if (tg->label_hidden)
        n_unlabelled++;
      if (tg->has_label)
        {
          double line_h = model.label_height / shown;
          tg->label_center = (DgPoint) { model.label_center.x,
                                         model.label_center.y - model.label_height / 2 + line_h * (labelled + 0.5) };
          tg->label_width = model.label_width;
          tg->label_height = line_h;
          labelled++;
        }
    }
  g_free (base);
  if (n_unlabelled > 0)
    {
      const DgTie *tie = dg_graph_tie (b->graph, rep);
      g_autofree char *msg = g_strdup_printf ("%u parallel ties \"%s\" -> \"%s\" are laid out as one bundle; "
                                              "%u of their labels are not shown",
                                              n, dg_graph_party (b->graph, tie->tail)->id,
                                              dg_graph_party (b->graph, tie->head)->id, n_unlabelled);
      gboolean known = FALSE;
      for (guint k = 0; k < b->warnings->len && !known; k++)
        known = g_strcmp0 (b->warnings->pdata[k], msg) == 0;
      if (!known)
        g_ptr_array_insert (b->warnings, (gint) b->warnings->len - 1, g_steal_pointer (&msg));
    }
}

static void
read_geometry (Builder *b, DgGeometry *geo, boxf frame)
{
  const DgGraph *graph = b->graph;
  for (guint i = 0; i < geo->n_parties; i++)
    {
      Agnode_t *n = b->nodes[i];
      if (n == NULL)
        continue;
      DgPartyGeometry *pg = &geo->parties[i];
      pg->placed = TRUE;
      pg->center = flip (ND_coord (n), frame);
      pg->width = ND_width (n) * 72.0;
      pg->height = ND_height (n) * 72.0;
      const DgPartyLook *look = dg_looks_party (b->looks, i);
      if (!look->own && look->visible)
        {
          pg->draw = drawing (n, "_draw_", frame);
          pg->label_draw = drawing (n, "_ldraw_", frame);
        }
    }
  for (Agnode_t *n = agfstnode (b->g); n != NULL; n = agnxtnode (b->g, n))
    for (Agedge_t *e = agfstout (b->g, n); e != NULL; e = agnxtout (b->g, e))
      {
        guint index = (guint) g_ascii_strtoull (agnameof (e) + 1, NULL, 10);
        g_assert (index < geo->n_ties);
        DgTieGeometry *tg = &geo->ties[index];
        const DgTieLook *look = dg_looks_tie (b->looks, index);
        if (look->visible)
          {
            if (!look->own_line)
              tg->draw = drawing (e, "_draw_", frame);
            if (!look->own_arrows)
              {
                g_autofree char *head = drawing (e, "_hdraw_", frame), *tail = drawing (e, "_tdraw_", frame);
                tg->arrow_draw = dg_xdot_join (head, tail);
              }
            if (!look->own_label)
              tg->label_draw = drawing (e, "_ldraw_", frame);
            g_autofree char *head_label = drawing (e, "_hldraw_", frame), *tail_label = drawing (e, "_tldraw_", frame);
            tg->end_label_draw = dg_xdot_join (head_label, tail_label);
          }
        tg->label_in_block = in_block (b, index);
        splines *spl = ED_spl (e);
        if (spl == NULL || spl->size == 0 || spl->list[0].size < 4)
          {
            straight_tie (b, geo, index, e);
            continue;
          }
        bezier *bz = &spl->list[0];
        tg->placed = TRUE;
        tg->n_points = (guint) bz->size;
        tg->points = g_new (DgPoint, tg->n_points);
        for (int k = 0; k < bz->size; k++)
          tg->points[k] = flip (bz->list[k], frame);
        /* With several beziers (rare: loops), join them end to end. */
        for (int s = 1; s < spl->size; s++)
          {
            bezier *more = &spl->list[s];
            tg->points = g_renew (DgPoint, tg->points, tg->n_points + (guint) more->size);
            for (int k = 1; k < more->size; k++)
              tg->points[tg->n_points++] = flip (more->list[k], frame);
            if (more->eflag)
              {
                bz->eflag = more->eflag;
                bz->ep = more->ep;
              }
          }
        tg->has_start_arrow = bz->sflag != 0;
        if (tg->has_start_arrow)
          tg->start_tip = flip (bz->sp, frame);
        tg->has_end_arrow = bz->eflag != 0;
        if (tg->has_end_arrow)
          tg->end_tip = flip (bz->ep, frame);
        textlabel_t *label = ED_label (e) != NULL ? ED_label (e) : ED_xlabel (e);
        /* A row of a block other than its first holds only a spacer. */
        gboolean spacer = in_block (b, index) && b->block_rep[index] != index;
        if (label != NULL && label->set && !spacer)
          {
            tg->has_label = TRUE;
            tg->label_center = flip (label->pos, frame);
            tg->label_width = label->dimen.x;
            tg->label_height = label->dimen.y;
          }
      }
  for (guint i = 0; i < geo->n_ties; i++)
    if (b->bundle_rep[i] == i && b->bundle_n[i] > 1)
      spread_bundle (b, geo, i);
  for (guint i = 0; i < geo->n_groups; i++)
    {
      Agraph_t *sub = b->clusters[i];
      if (sub == NULL)
        continue;
      boxf bb = GD_bb (sub);
      if (!(bb.UR.x > bb.LL.x && bb.UR.y > bb.LL.y))
        continue;
      DgGroupGeometry *gg = &geo->groups[i];
      DgPoint a = flip (bb.LL, frame), c = flip (bb.UR, frame);
      gg->placed = TRUE;
      gg->box = (DgBox) { MIN (a.x, c.x), MIN (a.y, c.y), MAX (a.x, c.x), MAX (a.y, c.y) };
      textlabel_t *label = GD_label (sub);
      if (label != NULL && label->set)
        {
          gg->has_label = TRUE;
          gg->label_center = flip (label->pos, frame);
        }
      const DgGroupLook *look = dg_looks_group (b->looks, i);
      if (!look->own && look->visible)
        {
          gg->draw = drawing (sub, "_draw_", frame);
          gg->label_draw = drawing (sub, "_ldraw_", frame);
        }
    }
  if (!dg_looks_graph (b->looks)->own_title)
    geo->label_draw = drawing (b->g, "_ldraw_", frame);
  (void) graph;
}

static void
builder_reset (Builder *b)
{
  if (b->g != NULL)
    agclose (b->g);
  g_clear_pointer (&b->nodes, g_free);
  g_clear_pointer (&b->clusters, g_free);
  g_clear_pointer (&b->bundle_rep, g_free);
  g_clear_pointer (&b->bundle_n, g_free);
  g_clear_pointer (&b->block_rep, g_free);
  g_clear_pointer (&b->block_n, g_free);
  b->g = NULL;
}

/* Graphviz's bounding box of a laid-out graph; an empty graph has none. */
static boxf
layout_bb (Agraph_t *g)
{
  boxf bb = GD_bb (g);
  if (bb.UR.x < bb.LL.x || bb.UR.y < bb.LL.y)
    bb = (boxf) { { 0, 0 }, { 0, 0 } };
  return bb;
}

/* Graphviz's path planner prints straight to stderr (libpath's prerror),
 * past agseterr(); its lines are caught here and become layout warnings. */
typedef struct {
  int saved;
  FILE *tmp;
} Capture;

static void
capture_begin (Capture *c)
{
  fflush (stderr);
  c->tmp = tmpfile ();
  c->saved = c->tmp != NULL ? dup (STDERR_FILENO) : -1;
  if (c->saved < 0 || dup2 (fileno (c->tmp), STDERR_FILENO) < 0)
    {
      if (c->saved >= 0)
        close (c->saved);
      c->saved = -1;
    }
}

static char *
capture_end (Capture *c)
{
  if (c->tmp == NULL)
    return NULL;
  char *text = NULL;
  if (c->saved >= 0)
    {
      fflush (stderr);
      dup2 (c->saved, STDERR_FILENO);
      close (c->saved);
      long len = ftell (c->tmp);
      if (len > 0)
        {
          len = MIN (len, 1 << 20);
          text = g_malloc0 ((gsize) len + 1);
          rewind (c->tmp);
          if (fread (text, 1, (size_t) len, c->tmp) != (size_t) len)
            text[0] = '\0';
        }
    }
  fclose (c->tmp);
  return text;
}

/* Builds the graph and runs @engine on it. FALSE with DG_ERROR_LAYOUT
 * (the graph closed). */
static gboolean
run_engine (Builder *b, const char *engine, const gboolean *party_on, const gboolean *tie_on, const DgPoint *pins,
            GError **error)
{
  GVC_t *gvc = dg_gv_context ();
  build_graph (b, party_on, tie_on, pins);
  agseterr (AGMAX);
  agreseterrors ();
  Capture capture;
  capture_begin (&capture);
  int rc = gvLayout (gvc, b->g, engine);
  g_autofree char *printed = capture_end (&capture);
  if (rc != 0)
    {
      const char *why = aglasterr ();
      g_autofree char *msg = g_strstrip (g_strdup (why != NULL ? why : printed != NULL ? printed : "no reason given"));
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_LAYOUT, "Graphviz %s failed: %s", b->engine, msg);
      agreseterrors ();
      /* gvFreeLayout on a half-done layout double-frees in 2.42: close the
       * graph alone and accept that its layout records leak. */
      builder_reset (b);
      return FALSE;
    }
  agreseterrors ();
  return TRUE;
}

/* Engines whose tie labels are placed in a second pass, on parties pinned
 * at their places rounded to 1/100 pt. Their positions vary in the last
 * digits from one process to the next (hash order by address), and
 * Graphviz's label placer (xlabels.c), which picks among discrete
 * candidates, turned that noise into labels tens of points apart: a
 * 200-party `-l stage` layout gave 2 different caches in 8 runs. fdp moves
 * pinned parties, so it keeps its one pass (and its noise); dot is exact. */
static gboolean
engine_needs_pinned_pass (const char *engine)
{
  return g_str_equal (engine, "neato") || g_str_equal (engine, "sfdp") || g_str_equal (engine, "circo")
         || g_str_equal (engine, "twopi");
}

static double snap (double v);

/* Lays out one selection and returns its geometry, or NULL with @error.
 * @pins and @out_coords (nullable) carry unflipped Graphviz centres by party
 * index for anchoring; @out_bb receives Graphviz's bounding box. */
static DgGeometry *
layout_one (Builder *b, const gboolean *party_on, const gboolean *tie_on, const DgPoint *pins,
            DgPoint *out_coords, boxf *out_bb, GError **error)
{
  GVC_t *gvc = dg_gv_context ();
  const char *engine = b->engine;
  g_autofree DgPoint *placed = NULL;
  if (engine_needs_pinned_pass (engine))
    {
      b->positions_only = TRUE;
      gboolean ok = run_engine (b, engine, party_on, tie_on, pins, error);
      b->positions_only = FALSE;
      if (!ok)
        return NULL;
      guint n = dg_graph_n_parties (b->graph);
      placed = g_new (DgPoint, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        placed[i] = b->nodes[i] != NULL ? (DgPoint) { snap (ND_coord (b->nodes[i]).x), snap (ND_coord (b->nodes[i]).y) }
                                        : (DgPoint) { NAN, NAN };
      gvFreeLayout (gvc, b->g);
      builder_reset (b);
      pins = placed;
      engine = "neato"; /* the one engine that keeps every pin exactly */
    }
  if (!run_engine (b, engine, party_on, tie_on, pins, error))
    return NULL;
  /* Graphviz's own drawing of what dealgraph does not draw itself: its xdot
   * renderer, with no output file, leaves it in _draw_, _ldraw_, … */
  if (needs_drawings (b) && gvRender (gvc, b->g, "xdot", NULL) != 0)
    g_ptr_array_insert (b->warnings, (gint) b->warnings->len - 1,
                        g_strdup ("Graphviz could not draw records, HTML-like labels or shapes; they are missing"));
  boxf bb = layout_bb (b->g);
  DgGeometry *geo = dg_geometry_new (b->graph);
  read_geometry (b, geo, bb);
  geo->bbox = (DgBox) { 0, 0, bb.UR.x - bb.LL.x, bb.UR.y - bb.LL.y };
  bow_around_parties (b, geo);
  /* What no bow clears is routed; a bundle's ties keep their shared route. */
  g_autofree gboolean *fixed = g_new0 (gboolean, MAX (geo->n_ties, 1));
  for (guint i = 0; i < geo->n_ties; i++)
    fixed[i] = b->bundle_n[i] > 1;
  dg_route_around_parties (geo, b->graph, fixed);
  dg_route_spread_ends (geo, b->graph, b->looks, fixed);
  if (out_coords != NULL)
    for (guint i = 0; i < dg_graph_n_parties (b->graph); i++)
      out_coords[i] = b->nodes[i] != NULL ? (DgPoint) { ND_coord (b->nodes[i]).x, ND_coord (b->nodes[i]).y }
                                          : (DgPoint) { NAN, NAN };
  if (out_bb != NULL)
    *out_bb = bb;
  gvFreeLayout (gvc, b->g);
  builder_reset (b);
  return geo;
}

static void
move_drawing (DgDrawing *d, double dx, double dy)
{
  if (*d == NULL)
    return;
  char *moved = dg_xdot_transform (*d, dx, 1, dy, 1);
  g_free (*d);
  *d = moved;
}

/* Moves every coordinate of @geo by (@dx, @dy) and sets its bbox to @w × @h. */
static void
geometry_shift (DgGeometry *geo, double dx, double dy, double w, double h)
{
  for (guint i = 0; i < geo->n_parties; i++)
    {
      geo->parties[i].center.x += dx;
      geo->parties[i].center.y += dy;
      move_drawing (&geo->parties[i].draw, dx, dy);
      move_drawing (&geo->parties[i].label_draw, dx, dy);
    }
  move_drawing (&geo->label_draw, dx, dy);
  for (guint i = 0; i < geo->n_ties; i++)
    {
      DgTieGeometry *tg = &geo->ties[i];
      for (guint k = 0; k < tg->n_points; k++)
        {
          tg->points[k].x += dx;
          tg->points[k].y += dy;
        }
      tg->start_tip.x += dx;
      tg->start_tip.y += dy;
      tg->end_tip.x += dx;
      tg->end_tip.y += dy;
      tg->label_center.x += dx;
      tg->label_center.y += dy;
      move_drawing (&tg->draw, dx, dy);
      move_drawing (&tg->arrow_draw, dx, dy);
      move_drawing (&tg->label_draw, dx, dy);
      move_drawing (&tg->end_label_draw, dx, dy);
    }
  for (guint i = 0; i < geo->n_groups; i++)
    {
      DgGroupGeometry *gg = &geo->groups[i];
      gg->box.x0 += dx;
      gg->box.x1 += dx;
      gg->box.y0 += dy;
      gg->box.y1 += dy;
      gg->label_center.x += dx;
      gg->label_center.y += dy;
      move_drawing (&gg->draw, dx, dy);
      move_drawing (&gg->label_draw, dx, dy);
    }
  geo->bbox = (DgBox) { 0, 0, w, h };
}

/* Graphviz's force-directed engines are not bit-for-bit repeatable across
 * processes: neato on a 200-party union gave coordinates that differed in
 * the 12th significant digit from run to run, even with a fixed seed and
 * without address randomisation. Such noise would still change label
 * placement and every output file, so coordinates are snapped to
 * SNAP_GRID (Graphviz's own output precision, far below what any output
 * shows). The noise is 10^-11 pt; a coordinate lands within that of a grid
 * boundary with probability ~10^-9. */
#define SNAP_GRID 100.0

static double
snap (double v)
{
  return round (v * SNAP_GRID) / SNAP_GRID;
}

static void
snap_point (DgPoint *p)
{
  p->x = snap (p->x);
  p->y = snap (p->y);
}

static void
geometry_snap (DgGeometry *geo)
{
  geo->bbox = (DgBox) { snap (geo->bbox.x0), snap (geo->bbox.y0), snap (geo->bbox.x1), snap (geo->bbox.y1) };
  for (guint i = 0; i < geo->n_parties; i++)
    {
      DgPartyGeometry *pg = &geo->parties[i];
      snap_point (&pg->center);
      pg->width = snap (pg->width);
      pg->height = snap (pg->height);
    }
  for (guint i = 0; i < geo->n_ties; i++)
    {
      DgTieGeometry *tg = &geo->ties[i];
      for (guint k = 0; k < tg->n_points; k++)
        snap_point (&tg->points[k]);
      snap_point (&tg->start_tip);
      snap_point (&tg->end_tip);
      snap_point (&tg->label_center);
      tg->label_width = snap (tg->label_width);
      tg->label_height = snap (tg->label_height);
    }
  for (guint i = 0; i < geo->n_groups; i++)
    {
      DgGroupGeometry *gg = &geo->groups[i];
      gg->box = (DgBox) { snap (gg->box.x0), snap (gg->box.y0), snap (gg->box.x1), snap (gg->box.y1) };
      snap_point (&gg->label_center);
    }
}

/* Lays out every geometry @layout needs, in this process, filling
 * @layout->geometries and ->warnings. */
static gboolean
run_layouts (DgLayout *layout, const DgGraph *graph, const DgTheme *theme, const DgLooks *looks, gboolean safe,
             GError **error)
{
  guint n_parties = dg_graph_n_parties (graph), n_ties = dg_graph_n_ties (graph);
  g_autofree gboolean *party_on = g_new0 (gboolean, MAX (n_parties, 1));
  g_autofree gboolean *tie_on = g_new0 (gboolean, MAX (n_ties, 1));
  Builder b = { graph, theme, looks, layout->engine, NULL, NULL, NULL, layout->warnings, NULL, safe };
  gboolean ok = TRUE;

  dg_gv_lock ();
  if (layout->mode == DG_LAYOUT_UNION)
    {
      /* Everything ever active: validation guarantees each party and tie
       * is active at one stage at least. */
      for (guint i = 0; i < n_parties; i++)
        party_on[i] = TRUE;
      for (guint i = 0; i < n_ties; i++)
        tie_on[i] = TRUE;
      DgGeometry *geo = layout_one (&b, party_on, tie_on, NULL, NULL, NULL, error);
      ok = geo != NULL;
      if (ok)
        g_ptr_array_add (layout->geometries, geo);
    }
  else
    {
      /* Anchoring needs an engine that honours pinned positions: neato.
       * fdp in 2.42 moves pinned nodes by tens of points. */
      gboolean anchor = layout->mode == DG_LAYOUT_ANCHORED && g_str_equal (layout->engine, "neato");
      if (layout->mode == DG_LAYOUT_ANCHORED && !anchor)
        g_ptr_array_insert (layout->warnings, (gint) layout->warnings->len - 1,
                            g_strdup_printf ("%s cannot anchor stages (it does not keep pinned positions); "
                                             "each stage is laid out on its own", layout->engine));
      g_autofree DgPoint *coords = g_new (DgPoint, MAX (n_parties, 1));
      g_autofree DgPoint *pins = g_new (DgPoint, MAX (n_parties, 1));
      g_autofree boxf *bbs = g_new0 (boxf, layout->n_stages);
      for (guint i = 0; i < n_parties; i++)
        pins[i] = (DgPoint) { NAN, NAN };
      for (guint s = 0; ok && s < layout->n_stages; s++)
        {
          for (guint i = 0; i < n_parties; i++)
            party_on[i] = dg_party_active_at (dg_graph_party (graph, i), s);
          for (guint i = 0; i < n_ties; i++)
            tie_on[i] = dg_tie_active_at (dg_graph_tie (graph, i), s);
          b.stage = dg_graph_stage (graph, s)->id;
          DgGeometry *geo = layout_one (&b, party_on, tie_on, anchor && s > 0 ? pins : NULL,
                                        coords, &bbs[s], error);
          ok = geo != NULL;
          if (!ok)
            {
              g_prefix_error (error, "stage \"%s\": ", dg_graph_stage (graph, s)->id);
              break;
            }
          g_ptr_array_add (layout->geometries, geo);
          if (anchor && s > 0)
            {
              /* neato re-centres even pinned layouts: measure how far the
               * pinned parties moved as a whole and move the frame back. */
              double dx = 0, dy = 0;
              guint n = 0;
              for (guint i = 0; i < n_parties; i++)
                if (!isnan (pins[i].x) && !isnan (coords[i].x))
                  {
                    dx += coords[i].x - pins[i].x;
                    dy += coords[i].y - pins[i].y;
                    n++;
                  }
              if (n > 0)
                {
                  dx /= n;
                  dy /= n;
                  for (guint i = 0; i < n_parties; i++)
                    {
                      coords[i].x -= dx;
                      coords[i].y -= dy;
                    }
                  bbs[s].LL.x -= dx;
                  bbs[s].UR.x -= dx;
                  bbs[s].LL.y -= dy;
                  bbs[s].UR.y -= dy;
                }
            }
          /* A party absent from this stage keeps its last pin for later. */
          if (anchor)
            for (guint i = 0; i < n_parties; i++)
              if (!isnan (coords[i].x))
                pins[i] = coords[i];
        }
      if (ok && anchor)
        {
          /* One frame for all stages, so pinned parties keep their place on
           * the page too, not only in Graphviz's coordinates. */
          boxf all = bbs[0];
          for (guint s = 1; s < layout->n_stages; s++)
            {
              all.LL.x = MIN (all.LL.x, bbs[s].LL.x);
              all.LL.y = MIN (all.LL.y, bbs[s].LL.y);
              all.UR.x = MAX (all.UR.x, bbs[s].UR.x);
              all.UR.y = MAX (all.UR.y, bbs[s].UR.y);
            }
          for (guint s = 0; s < layout->n_stages; s++)
            geometry_shift (layout->geometries->pdata[s], bbs[s].LL.x - all.LL.x, all.UR.y - bbs[s].UR.y,
                            all.UR.x - all.LL.x, all.UR.y - all.LL.y);
        }
    }
  dg_gv_unlock ();
  if (ok)
    for (guint s = 0; s < layout->geometries->len; s++)
      geometry_snap (layout->geometries->pdata[s]);
  return ok;
}

/* TRUE when the ties form a hierarchy: no directed cycle (a DAG) in a
 * directed graph, no cycle at all (a forest) in an undirected one. Self-ties
 * and parallel ties do not count against it. */
static gboolean
is_hierarchy (const DgGraph *graph)
{
  guint n = dg_graph_n_parties (graph), m = dg_graph_n_ties (graph);
  if (!dg_graph_is_directed (graph))
    {
      /* Union-find over the distinct pairs. */
      g_autofree guint *parent = g_new (guint, MAX (n, 1));
      for (guint i = 0; i < n; i++)
        parent[i] = i;
      g_autoptr (GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < m; i++)
        {
          const DgTie *tie = dg_graph_tie (graph, i);
          if (tie->tail == tie->head)
            continue;
          char *key = g_strdup_printf ("%u-%u", MIN (tie->tail, tie->head), MAX (tie->tail, tie->head));
          if (!g_hash_table_add (pairs, key))
            continue;
          guint a = tie->tail, b = tie->head;
          while (parent[a] != a)
            a = parent[a] = parent[parent[a]];
          while (parent[b] != b)
            b = parent[b] = parent[parent[b]];
          if (a == b)
            return FALSE;
          parent[a] = b;
        }
      return TRUE;
    }
  /* Kahn's algorithm: every party leaves when its in-degree reaches 0. */
  g_autofree guint *indegree = g_new0 (guint, MAX (n, 1));
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (out, g_array_new (FALSE, FALSE, sizeof (guint)));
  for (guint i = 0; i < m; i++)
    {
      const DgTie *tie = dg_graph_tie (graph, i);
      if (tie->tail == tie->head)
        continue;
      g_array_append_val ((GArray *) out->pdata[tie->tail], tie->head);
      indegree[tie->head]++;
    }
  g_autoptr (GArray) ready = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < n; i++)
    if (indegree[i] == 0)
      g_array_append_val (ready, i);
  guint done = 0;
  while (ready->len > 0)
    {
      guint v = g_array_index (ready, guint, ready->len - 1);
      g_array_set_size (ready, ready->len - 1);
      done++;
      GArray *next = out->pdata[v];
      for (guint k = 0; k < next->len; k++)
        if (--indegree[g_array_index (next, guint, k)] == 0)
          g_array_append_val (ready, g_array_index (next, guint, k));
    }
  return done == n;
}

/* dot's cost grows fast with size (see dg_layout_auto_engine): above these,
 * even a hierarchy goes to neato. */
#define HIERARCHY_PARTY_LIMIT 200
#define HIERARCHY_TIE_LIMIT 300

const char *
dg_layout_auto_engine (const DgGraph *graph)
{
  g_return_val_if_fail (graph != NULL, "dot");
  guint parties = dg_graph_n_parties (graph), ties = dg_graph_n_ties (graph);
  if ((parties <= 30 && ties <= 40) || (dg_graph_n_groups (graph) > 0 && parties <= 60))
    return "dot";
  /* A hierarchy reads best in layers: a family tree, an org chart, a chain
   * of ownership; so does a graph whose author asked for ranks. */
  gboolean ranked = dg_graph_get_layout_attr (graph, "rankdir") != NULL || dg_graph_n_rank_sets (graph) > 0;
  if (parties <= HIERARCHY_PARTY_LIMIT && ties <= HIERARCHY_TIE_LIMIT && (ranked || is_hierarchy (graph)))
    return "dot";
  return parties <= 500 ? "neato" : "sfdp";
}

/* dg_layout_compute() with an @error that is never NULL (the safe-mode
 * retry reads the first try's message). */
static DgLayout *
compute_layout (const DgGraph *graph, const DgTheme *theme, const DgLayoutOptions *options, GError **error);

DgLayout *
dg_layout_compute (const DgGraph *graph, const DgTheme *theme, const DgLayoutOptions *options,
                   GError **error)
{
  g_autoptr (GError) local = NULL;
  DgLayout *layout = compute_layout (graph, theme, options, &local);
  if (layout == NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return layout;
}

static DgLayout *
compute_layout (const DgGraph *graph, const DgTheme *theme, const DgLayoutOptions *options, GError **error)
{
  g_return_val_if_fail (graph != NULL, NULL);
  g_return_val_if_fail (theme != NULL, NULL);
  static const DgLayoutOptions defaults = DG_LAYOUT_OPTIONS_INIT;
  if (options == NULL)
    options = &defaults;
  g_return_val_if_fail (options->version == DG_LAYOUT_OPTIONS_VERSION, NULL);

  const char *engine = options->engine != NULL ? options->engine : "auto";
  if (g_str_equal (engine, "auto"))
    engine = dg_layout_auto_engine (graph);
  if (!g_strv_contains (engines, engine))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_USAGE,
                   "unknown layout engine \"%s\" (auto, dot, neato, fdp, sfdp, circo, twopi)", engine);
      return NULL;
    }

  g_autoptr (DgLayout) layout = layout_new (graph, engine, options->mode);
  g_autoptr (DgLooks) looks = dg_looks_new (graph, theme);
  gboolean ok;
  if (options->isolate)
    {
      /* Graphviz 2.42 crashes on some inputs (see GRAPHVIZ-NOTES): lay out
       * in a child process, and when it dies, once more in safe mode. */
      premeasure_labels (graph, looks, engine);
      DgWorkerStatus status = dg_layout_run_isolated (layout, graph, theme, looks, FALSE, options->timeout,
                                                      run_layouts, error);
      if (status == DG_WORKER_OK && layout->missed != NULL && layout->missed->len > 0)
        {
          /* Records and HTML-like labels: Graphviz split them into lines
           * the child could only estimate. Measured now, then laid out
           * again with every line known. */
          for (guint i = 0; i < layout->missed->len; i++)
            {
              const DgTextLine *line = layout->missed->pdata[i];
              double w, h, base;
              dg_text_measure_line (line->text, line->font, line->size, line->bold, line->italic, &w, &h, &base);
            }
          layout_reset (layout);
          g_ptr_array_set_size (layout->warnings, 0);
          g_ptr_array_add (layout->warnings, NULL);
          status = dg_layout_run_isolated (layout, graph, theme, looks, FALSE, options->timeout, run_layouts, error);
        }
      if (status == DG_WORKER_CRASHED)
        {
          g_autofree char *why = g_strdup ((*error)->message);
          g_clear_error (error);
          layout_reset (layout);
          g_ptr_array_insert (layout->warnings, (gint) layout->warnings->len - 1,
                              g_strdup_printf ("%s; laid out again in safe mode (%s)", why,
                                               g_str_equal (engine, "dot") ? "tie labels placed after the layout"
                                                                           : "straight ties"));
          status = dg_layout_run_isolated (layout, graph, theme, looks, TRUE, options->timeout, run_layouts, error);
        }
      ok = status == DG_WORKER_OK;
      /* A line still estimated is a bug (it was measured after the first
       * run), but one the user should hear of: labels may overlap. */
      guint misses = layout->missed != NULL ? layout->missed->len : 0;
      if (ok && misses > 0)
        g_ptr_array_insert (layout->warnings, (gint) layout->warnings->len - 1,
                            g_strdup_printf ("%u label line%s sized by estimate, not measured (a dealgraph bug: "
                                             "please report it)", misses, misses == 1 ? "" : "s"));
      g_clear_pointer (&layout->missed, g_ptr_array_unref);
    }
  else
    ok = run_layouts (layout, graph, theme, looks, FALSE, error);

  if (!ok)
    {
      g_prefix_error (error, "%s: ", dg_graph_get_path (graph));
      return NULL;
    }
  return g_steal_pointer (&layout);
}
