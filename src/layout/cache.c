/* cache.c — the layout cache: a computed layout saved as versioned JSON and loaded back, checked against its inputs.
 *
 * A layout is the slow part of a render and the one thing every figure of a
 * timeline must share. Saving it once lets separate processes (make -j,
 * array jobs) draw different stages at exactly the same positions. The file
 * records what the layout was computed from — digests of the graph's text
 * (the file, with any -G/-N/-E settings) and of every theme file — so a
 * cache that no longer matches its inputs is an error, never silently wrong
 * figures. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sys/stat.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "error.h"
#include "dg-xdot-private.h"
#include "layout-private.h"
#include "theme-private.h"
#include "version.h"

#define FORMAT_NAME "dealgraph-layout"
/* Coordinates are points; Graphviz's own drawings stay far inside this. It
 * also keeps every number in the plain notation JSON writers agree on. */
#define MAX_COORD 1e9
/* The largest cache read: a union layout of the largest graph the loader
 * accepts is a few hundred MiB. */
#define MAX_CACHE_BYTES ((gsize) 1 << 30)
/* The format nests six levels; deeper input is not ours, and bounding it
 * keeps the recursive JSON parser's stack small. */
#define MAX_JSON_DEPTH 16

static const char *const mode_names[] = { "union", "stage", "anchored" };
/* The largest frame a cache may hold, in points (the renderer's limit). */
#define MAX_FRAME_PT 1e6

static const char *const engine_names[] = { "dot", "neato", "fdp", "sfdp", "circo", "twopi", NULL };

/* SHA-256 of the file at @path, hex; NULL with DG_ERROR_OPEN. */
static char *
file_digest (const char *path, GError **error)
{
  FILE *f = fopen (path, "rb");
  if (f == NULL)
    {
      int saved = errno;
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_OPEN, "%s: cannot read the graph to hash it: %s", path,
                   g_strerror (saved));
      return NULL;
    }
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guchar buf[65536];
  size_t n;
  while ((n = fread (buf, 1, sizeof buf, f)) > 0)
    g_checksum_update (sum, buf, (gssize) n);
  int saved = errno;
  gboolean failed = ferror (f) != 0;
  fclose (f);
  if (failed)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_OPEN, "%s: cannot read the graph to hash it: %s", path,
                   g_strerror (saved));
      return NULL;
    }
  return g_strdup (g_checksum_get_string (sum));
}

/* ---- Saving ---------------------------------------------------------------- */

typedef struct {
  JsonBuilder *b;
  gboolean ok; /* FALSE once a number was out of range */
} Writer;

static void
add_number (Writer *w, double v)
{
  if (!isfinite (v) || fabs (v) > MAX_COORD)
    {
      w->ok = FALSE;
      v = 0;
    }
  json_builder_add_double_value (w->b, v);
}

static void
add_numbers (Writer *w, const char *member, const double *v, guint n)
{
  if (member != NULL)
    json_builder_set_member_name (w->b, member);
  json_builder_begin_array (w->b);
  for (guint i = 0; i < n; i++)
    add_number (w, v[i]);
  json_builder_end_array (w->b);
}

static void
add_point (Writer *w, const char *member, DgPoint p)
{
  double v[2] = { p.x, p.y };
  add_numbers (w, member, v, 2);
}

static gint
by_group_id (gconstpointer a, gconstpointer b, gpointer graph)
{
  return strcmp (dg_graph_group (graph, *(const guint *) a)->id, dg_graph_group (graph, *(const guint *) b)->id);
}

static void
add_drawing (JsonBuilder *b, const char *what, guint index, const char *id, const char *part, const char *ops)
{
  if (ops == NULL)
    return;
  g_autofree char *key = id != NULL ? (id[0] != '\0' ? g_strdup_printf ("%s %s %s", what, id, part)
                                                     : g_strdup_printf ("%s %s", what, part))
                                    : g_strdup_printf ("%s %u %s", what, index, part);
  json_builder_set_member_name (b, key);
  json_builder_add_string_value (b, ops);
}

static void
add_geometry (Writer *w, const DgGeometry *geo, const DgGraph *graph)
{
  JsonBuilder *b = w->b;
  json_builder_begin_object (b);
  double bbox[4] = { geo->bbox.x0, geo->bbox.y0, geo->bbox.x1, geo->bbox.y1 };
  add_numbers (w, "bbox", bbox, 4);

  json_builder_set_member_name (b, "parties");
  json_builder_begin_array (b);
  for (guint i = 0; i < geo->n_parties; i++)
    {
      const DgPartyGeometry *pg = &geo->parties[i];
      if (!pg->placed)
        {
          json_builder_add_null_value (b);
          continue;
        }
      double v[4] = { pg->center.x, pg->center.y, pg->width, pg->height };
      add_numbers (w, NULL, v, 4);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "ties");
  json_builder_begin_array (b);
  for (guint i = 0; i < geo->n_ties; i++)
    {
      const DgTieGeometry *tg = &geo->ties[i];
      if (!tg->placed)
        {
          json_builder_add_null_value (b);
          continue;
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "points");
      json_builder_begin_array (b);
      for (guint k = 0; k < tg->n_points; k++)
        {
          add_number (w, tg->points[k].x);
          add_number (w, tg->points[k].y);
        }
      json_builder_end_array (b);
      /* Tips and label positions mean nothing without their flag, and the
       * scene reads them only with it: only flagged ones are kept. */
      if (tg->has_start_arrow)
        add_point (w, "start", tg->start_tip);
      if (tg->has_end_arrow)
        add_point (w, "end", tg->end_tip);
      if (tg->has_label)
        {
          double v[4] = { tg->label_center.x, tg->label_center.y, tg->label_width, tg->label_height };
          add_numbers (w, "label", v, 4);
        }
      if (tg->label_hidden)
        {
          json_builder_set_member_name (b, "label_hidden");
          json_builder_add_boolean_value (b, TRUE);
        }
      if (tg->label_in_block)
        {
          json_builder_set_member_name (b, "label_in_block");
          json_builder_add_boolean_value (b, TRUE);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  /* Groups go by their id, in id order: nothing in the file may depend on
   * how the loader happened to number the clusters. */
  json_builder_set_member_name (b, "groups");
  json_builder_begin_array (b);
  g_autofree guint *order = g_new (guint, MAX (geo->n_groups, 1));
  for (guint i = 0; i < geo->n_groups; i++)
    order[i] = i;
  g_qsort_with_data (order, (gint) geo->n_groups, sizeof *order, by_group_id, (gpointer) graph);
  for (guint k = 0; k < geo->n_groups; k++)
    {
      guint i = order[k];
      const DgGroupGeometry *gg = &geo->groups[i];
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, dg_graph_group (graph, i)->id);
      if (gg->placed)
        {
          double box[4] = { gg->box.x0, gg->box.y0, gg->box.x1, gg->box.y1 };
          add_numbers (w, "box", box, 4);
          if (gg->has_label)
            add_point (w, "label", gg->label_center);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  /* Graphviz's own drawings of what dealgraph does not draw itself, keyed
   * "party N draw", "tie N arrow_draw", "group ID label_draw", … */
  json_builder_set_member_name (b, "drawings");
  json_builder_begin_object (b);
  for (guint i = 0; i < geo->n_parties; i++)
    {
      add_drawing (b, "party", i, NULL, "draw", geo->parties[i].draw);
      add_drawing (b, "party", i, NULL, "label_draw", geo->parties[i].label_draw);
    }
  for (guint i = 0; i < geo->n_ties; i++)
    {
      add_drawing (b, "tie", i, NULL, "draw", geo->ties[i].draw);
      add_drawing (b, "tie", i, NULL, "arrow_draw", geo->ties[i].arrow_draw);
      add_drawing (b, "tie", i, NULL, "label_draw", geo->ties[i].label_draw);
      add_drawing (b, "tie", i, NULL, "end_label_draw", geo->ties[i].end_label_draw);
    }
  for (guint k = 0; k < geo->n_groups; k++)
    {
      guint i = order[k];
      add_drawing (b, "group", 0, dg_graph_group (graph, i)->id, "draw", geo->groups[i].draw);
      add_drawing (b, "group", 0, dg_graph_group (graph, i)->id, "label_draw", geo->groups[i].label_draw);
    }
  add_drawing (b, "graph", 0, "", "label_draw", geo->label_draw);
  json_builder_end_object (b);
  json_builder_end_object (b);
}

/* What a cache records of @graph: the digest of the text it was read from
 * (settings included), else of its file. */
static char *
graph_digest_of (const DgGraph *graph, GError **error)
{
  const char *digest = dg_graph_get_digest (graph);
  return digest != NULL ? g_strdup (digest) : file_digest (dg_graph_get_path (graph), error);
}

gboolean
dg_layout_save (const DgLayout *layout, const DgGraph *graph, const DgTheme *theme, GBytes **out,
                GError **error)
{
  g_return_val_if_fail (layout != NULL && graph != NULL && theme != NULL && out != NULL, FALSE);
  g_return_val_if_fail (layout->n_stages == dg_graph_n_stages (graph), FALSE);

  g_autofree char *graph_digest = graph_digest_of (graph, error);
  if (graph_digest == NULL)
    return FALSE;

  g_autoptr (JsonBuilder) b = json_builder_new ();
  Writer w = { b, TRUE };
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, FORMAT_NAME);
  json_builder_set_member_name (b, "format_version");
  json_builder_add_int_value (b, DG_LAYOUT_CACHE_VERSION);
  json_builder_set_member_name (b, "dealgraph");
  json_builder_add_string_value (b, DG_VERSION);
  json_builder_set_member_name (b, "engine");
  json_builder_add_string_value (b, layout->engine);
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, mode_names[layout->mode]);

  json_builder_set_member_name (b, "graph");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, dg_graph_get_name (graph));
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, graph_digest);
  json_builder_set_member_name (b, "parties");
  json_builder_add_int_value (b, dg_graph_n_parties (graph));
  json_builder_set_member_name (b, "ties");
  json_builder_add_int_value (b, dg_graph_n_ties (graph));
  json_builder_set_member_name (b, "groups");
  json_builder_add_int_value (b, dg_graph_n_groups (graph));
  json_builder_set_member_name (b, "stages");
  json_builder_add_int_value (b, dg_graph_n_stages (graph));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "theme");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, dg_theme_get_name (theme));
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, dg_theme_get_digest (theme));
  json_builder_end_object (b);

  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (const char *const *warning = dg_layout_get_warnings (layout); *warning != NULL; warning++)
    json_builder_add_string_value (b, *warning);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "geometries");
  json_builder_begin_array (b);
  for (guint g = 0; g < layout->geometries->len; g++)
    add_geometry (&w, layout->geometries->pdata[g], graph);
  json_builder_end_array (b);
  json_builder_end_object (b);

  if (!w.ok)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_LAYOUT,
                   "%s: the layout has a coordinate that is not finite or beyond %g points; it cannot be cached",
                   dg_graph_get_path (graph), MAX_COORD);
      return FALSE;
    }
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_root (gen, root);
  gsize len = 0;
  char *text = json_generator_to_data (gen, &len);
  /* A text file ends with a newline. */
  text = g_realloc (text, len + 2);
  text[len++] = '\n';
  text[len] = '\0';
  *out = g_bytes_new_take (text, len);
  return TRUE;
}

/* ---- Loading --------------------------------------------------------------- */

typedef struct {
  const char *name; /* the file, for messages */
  GError **error;
  gboolean failed;
} Reader;

/* Fails the read with "NAME: corrupt layout cache: WHERE: WHY"; only the
 * first failure is kept. Returns FALSE, for `return fail (…)`. */
G_GNUC_PRINTF (3, 4) static gboolean
fail (Reader *r, const char *where, const char *format, ...)
{
  if (r->failed)
    return FALSE;
  r->failed = TRUE;
  va_list args;
  va_start (args, format);
  g_autofree char *why = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (r->error, DEALGRAPH_ERROR, DG_ERROR_INVALID, "%s: corrupt layout cache: %s: %s (run 'dealgraph layout' again)",
               r->name, where, why);
  return FALSE;
}

static gboolean
is_number (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  GType t = json_node_get_value_type (node);
  return t == G_TYPE_DOUBLE || t == G_TYPE_INT64;
}

/* Reads a JSON array of exactly @n numbers (any @n ≥ 0 when @n is -1,
 * returned in *@got) each finite and within ±MAX_COORD. */
static double *
read_numbers (Reader *r, JsonNode *node, int n, guint *got, const char *where)
{
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (r, where, "not an array of numbers");
      return NULL;
    }
  JsonArray *a = json_node_get_array (node);
  guint len = json_array_get_length (a);
  if (n >= 0 && len != (guint) n)
    {
      fail (r, where, "%u numbers where %d belong", len, n);
      return NULL;
    }
  g_autofree double *v = g_new (double, MAX (len, 1));
  for (guint i = 0; i < len; i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      if (!is_number (e))
        {
          fail (r, where, "item %u is not a number", i);
          return NULL;
        }
      v[i] = json_node_get_double (e);
      if (!isfinite (v[i]) || fabs (v[i]) > MAX_COORD)
        {
          fail (r, where, "item %u is out of range", i);
          return NULL;
        }
    }
  if (got != NULL)
    *got = len;
  return g_steal_pointer (&v);
}

static JsonArray *
member_array (Reader *r, JsonObject *o, const char *member, guint expected, const char *where)
{
  JsonNode *node = json_object_get_member (o, member);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (r, where, "no array \"%s\"", member);
      return NULL;
    }
  JsonArray *a = json_node_get_array (node);
  if (json_array_get_length (a) != expected)
    {
      fail (r, where, "\"%s\" has %u entries where the graph has %u", member, json_array_get_length (a),
            expected);
      return NULL;
    }
  return a;
}

/* NULL when @o has no such object member; fails when it is something else. */
static JsonObject *
member_object (Reader *r, JsonObject *o, const char *member, const char *where)
{
  JsonNode *node = json_object_get_member (o, member);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (r, where, "no object \"%s\"", member);
      return NULL;
    }
  return json_node_get_object (node);
}

/* The string member, borrowed; NULL (and failed) when missing or not a string. */
static const char *
member_string (Reader *r, JsonObject *o, const char *member, const char *where)
{
  JsonNode *node = json_object_get_member (o, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      fail (r, where, "no string \"%s\"", member);
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
member_count (Reader *r, JsonObject *o, const char *member, guint expected, const char *where)
{
  JsonNode *node = json_object_get_member (o, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (r, where, "no count \"%s\"", member);
  gint64 n = json_node_get_int (node);
  if (n != (gint64) expected)
    return fail (r, where, "%" G_GINT64_FORMAT " %s where the graph has %u", n, member, expected);
  return TRUE;
}

/* The optional true/false member @name of @o into *@flag (FALSE when
 * absent). */
static gboolean
read_flag (Reader *r, JsonObject *o, const char *name, gboolean *flag, const char *where)
{
  JsonNode *node = json_object_get_member (o, name);
  *flag = FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_autofree char *at = g_strdup_printf ("%s.%s", where, name);
      return fail (r, at, "not true or false");
    }
  *flag = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_point (Reader *r, JsonObject *o, const char *member, DgPoint *out, gboolean *present, const char *where)
{
  JsonNode *node = json_object_get_member (o, member);
  *present = node != NULL;
  if (node == NULL)
    return TRUE;
  g_autofree char *at = g_strdup_printf ("%s.%s", where, member);
  g_autofree double *v = read_numbers (r, node, 2, NULL, at);
  if (v == NULL)
    return FALSE;
  *out = (DgPoint) { v[0], v[1] };
  return TRUE;
}

static gboolean
read_tie (Reader *r, JsonNode *node, DgTieGeometry *tg, const char *where)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (r, where, "neither null nor an object");
  JsonObject *o = json_node_get_object (node);
  g_autofree char *at = g_strdup_printf ("%s.points", where);
  guint n = 0;
  g_autofree double *v = read_numbers (r, json_object_get_member (o, "points"), -1, &n, at);
  if (v == NULL)
    return FALSE;
  /* A cubic Bézier: 3k+1 points, k ≥ 1, as x, y pairs. */
  if (n % 2 != 0 || n / 2 < 4 || (n / 2 - 1) % 3 != 0)
    return fail (r, at, "%u numbers are not the 3k+1 points of a Bézier curve", n);
  tg->placed = TRUE;
  tg->n_points = n / 2;
  tg->points = g_new (DgPoint, tg->n_points);
  for (guint k = 0; k < tg->n_points; k++)
    tg->points[k] = (DgPoint) { v[2 * k], v[2 * k + 1] };
  if (!read_point (r, o, "start", &tg->start_tip, &tg->has_start_arrow, where)
      || !read_point (r, o, "end", &tg->end_tip, &tg->has_end_arrow, where))
    return FALSE;
  if (!read_flag (r, o, "label_hidden", &tg->label_hidden, where)
      || !read_flag (r, o, "label_in_block", &tg->label_in_block, where))
    return FALSE;
  JsonNode *label = json_object_get_member (o, "label");
  if (label != NULL)
    {
      g_autofree char *lat = g_strdup_printf ("%s.label", where);
      g_autofree double *l = read_numbers (r, label, 4, NULL, lat);
      if (l == NULL)
        return FALSE;
      if (l[2] < 0 || l[3] < 0)
        return fail (r, lat, "a negative size");
      tg->has_label = TRUE;
      tg->label_center = (DgPoint) { l[0], l[1] };
      tg->label_width = l[2];
      tg->label_height = l[3];
    }
  return TRUE;
}

/* Reads one group into its place in @geo, found by its id. */
static gboolean
read_group (Reader *r, JsonNode *node, const DgGraph *graph, DgGeometry *geo, gboolean *seen, const char *where)
{
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (r, where, "not an object");
  JsonObject *o = json_node_get_object (node);
  const char *id = member_string (r, o, "id", where);
  if (id == NULL)
    return FALSE;
  guint index = 0;
  while (index < geo->n_groups && strcmp (dg_graph_group (graph, index)->id, id) != 0)
    index++;
  if (index == geo->n_groups)
    return fail (r, where, "the graph has no cluster \"%s\"", id);
  if (seen[index])
    return fail (r, where, "cluster \"%s\" appears twice", id);
  seen[index] = TRUE;
  if (json_object_get_member (o, "box") == NULL)
    return TRUE;
  DgGroupGeometry *gg = &geo->groups[index];
  g_autofree char *at = g_strdup_printf ("%s.box", where);
  g_autofree double *v = read_numbers (r, json_object_get_member (o, "box"), 4, NULL, at);
  if (v == NULL)
    return FALSE;
  if (v[2] < v[0] || v[3] < v[1])
    return fail (r, at, "corners out of order");
  gg->placed = TRUE;
  gg->box = (DgBox) { v[0], v[1], v[2], v[3] };
  return read_point (r, o, "label", &gg->label_center, &gg->has_label, where);
}

/* The slot of @geo that drawing key @key ("tie 3 arrow_draw", …) names. */
static DgDrawing *
drawing_slot (const DgGraph *graph, DgGeometry *geo, const char *key)
{
  g_auto (GStrv) words = g_strsplit (key, " ", 3);
  guint n = g_strv_length (words);
  if (n == 2 && g_str_equal (words[0], "graph") && g_str_equal (words[1], "label_draw"))
    return &geo->label_draw;
  if (n != 3)
    return NULL;
  const char *part = words[2];
  if (g_str_equal (words[0], "group"))
    {
      for (guint i = 0; i < geo->n_groups; i++)
        if (g_str_equal (dg_graph_group (graph, i)->id, words[1]))
          return g_str_equal (part, "draw") ? &geo->groups[i].draw
                 : g_str_equal (part, "label_draw") ? &geo->groups[i].label_draw
                                                     : NULL;
      return NULL;
    }
  guint64 i;
  if (!g_ascii_string_to_unsigned (words[1], 10, 0, G_MAXUINT, &i, NULL))
    return NULL;
  if (g_str_equal (words[0], "party") && i < geo->n_parties)
    return g_str_equal (part, "draw") ? &geo->parties[i].draw
           : g_str_equal (part, "label_draw") ? &geo->parties[i].label_draw
                                               : NULL;
  if (g_str_equal (words[0], "tie") && i < geo->n_ties)
    return g_str_equal (part, "draw") ? &geo->ties[i].draw
           : g_str_equal (part, "arrow_draw") ? &geo->ties[i].arrow_draw
           : g_str_equal (part, "label_draw") ? &geo->ties[i].label_draw
           : g_str_equal (part, "end_label_draw") ? &geo->ties[i].end_label_draw
                                                   : NULL;
  return NULL;
}

static gboolean
read_drawings (Reader *r, JsonNode *node, const DgGraph *graph, DgGeometry *geo, const char *where)
{
  g_autofree char *at = g_strdup_printf ("%s.drawings", where);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (r, at, "not an object");
  JsonObject *o = json_node_get_object (node);
  g_autoptr (GList) keys = json_object_get_members (o);
  for (GList *k = keys; k != NULL; k = k->next)
    {
      const char *key = k->data;
      DgDrawing *slot = drawing_slot (graph, geo, key);
      JsonNode *value = json_object_get_member (o, key);
      if (slot == NULL)
        return fail (r, at, "no element \"%s\" to draw", key);
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        return fail (r, at, "\"%s\" is not a string", key);
      /* Read back as dealgraph would draw it: what Graphviz's xdot parser
       * cannot read is corrupt. */
      char *ops = dg_xdot_transform (json_node_get_string (value), 0, 1, 0, 1);
      if (ops == NULL)
        return fail (r, at, "\"%s\" is not a drawing", key);
      g_free (*slot);
      *slot = ops;
    }
  return TRUE;
}

static DgGeometry *
read_geometry (Reader *r, JsonNode *node, const DgGraph *graph, guint index)
{
  g_autofree char *where = g_strdup_printf ("geometries[%u]", index);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (r, where, "not an object");
      return NULL;
    }
  JsonObject *o = json_node_get_object (node);
  DgGeometry *geo = dg_geometry_new (graph);
  g_autofree char *at = g_strdup_printf ("%s.bbox", where);
  g_autofree double *bbox = read_numbers (r, json_object_get_member (o, "bbox"), 4, NULL, at);
  JsonArray *parties = bbox != NULL ? member_array (r, o, "parties", geo->n_parties, where) : NULL;
  JsonArray *ties = parties != NULL ? member_array (r, o, "ties", geo->n_ties, where) : NULL;
  JsonArray *groups = ties != NULL ? member_array (r, o, "groups", geo->n_groups, where) : NULL;
  if (groups == NULL)
    {
      dg_geometry_free (geo);
      return NULL;
    }
  /* A frame that starts at the origin and is no larger than any figure
   * can be (the renderer's 1,000,000 pt): anything else is corrupt, and
   * would only fail later, in the renderer. */
  if (bbox[0] != 0 || bbox[1] != 0 || !(bbox[2] >= 0) || !(bbox[3] >= 0) || bbox[2] > MAX_FRAME_PT
      || bbox[3] > MAX_FRAME_PT)
    {
      fail (r, at, "not a frame from (0, 0) of at most %g pt a side", MAX_FRAME_PT);
      dg_geometry_free (geo);
      return NULL;
    }
  geo->bbox = (DgBox) { bbox[0], bbox[1], bbox[2], bbox[3] };
  for (guint i = 0; i < geo->n_parties && !r->failed; i++)
    {
      JsonNode *p = json_array_get_element (parties, i);
      if (JSON_NODE_HOLDS_NULL (p))
        continue;
      g_autofree char *pat = g_strdup_printf ("%s.parties[%u]", where, i);
      g_autofree double *v = read_numbers (r, p, 4, NULL, pat);
      if (v == NULL)
        break;
      if (v[2] < 0 || v[3] < 0)
        {
          fail (r, pat, "a negative size");
          break;
        }
      geo->parties[i] = (DgPartyGeometry) { TRUE, { v[0], v[1] }, v[2], v[3] };
    }
  for (guint i = 0; i < geo->n_ties && !r->failed; i++)
    {
      g_autofree char *tat = g_strdup_printf ("%s.ties[%u]", where, i);
      read_tie (r, json_array_get_element (ties, i), &geo->ties[i], tat);
    }
  g_autofree gboolean *seen = g_new0 (gboolean, MAX (geo->n_groups, 1));
  for (guint i = 0; i < geo->n_groups && !r->failed; i++)
    {
      g_autofree char *gat = g_strdup_printf ("%s.groups[%u]", where, i);
      read_group (r, json_array_get_element (groups, i), graph, geo, seen, gat);
    }
  JsonNode *drawings = json_object_get_member (o, "drawings");
  if (!r->failed && drawings != NULL)
    read_drawings (r, drawings, graph, geo, where);
  if (r->failed)
    {
      dg_geometry_free (geo);
      return NULL;
    }
  return geo;
}

/* How deeply @data nests arrays and objects, counted outside strings; stops
 * counting past MAX_JSON_DEPTH. */
static guint
json_depth (const char *data, gsize len)
{
  guint depth = 0, max = 0;
  gboolean in_string = FALSE;
  for (gsize i = 0; i < len && max <= MAX_JSON_DEPTH; i++)
    {
      char c = data[i];
      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          depth++;
          max = MAX (max, depth);
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return max;
}

DgLayout *
dg_layout_load_data (const char *name, const char *data, gsize len, const DgGraph *graph,
                     const DgTheme *theme, GError **error)
{
  g_return_val_if_fail (graph != NULL && theme != NULL, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  if (name == NULL)
    name = "(layout data)";
  Reader r = { name, error, FALSE };

  if (json_depth (data, len) > MAX_JSON_DEPTH)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_INVALID, "%s: not a dealgraph layout cache (nested too deeply)", name);
      return NULL;
    }
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local = NULL;
  if (len == 0 || !json_parser_load_from_data (parser, data != NULL ? data : "", (gssize) len, &local))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_INVALID, "%s: not a dealgraph layout cache (%s)", name,
                   local != NULL ? local->message : "empty");
      return NULL;
    }
  JsonNode *root = json_parser_get_root (parser);
  JsonObject *top = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *format = top != NULL ? json_object_get_member (top, "format") : NULL;
  if (format == NULL || !JSON_NODE_HOLDS_VALUE (format) || json_node_get_value_type (format) != G_TYPE_STRING
      || strcmp (json_node_get_string (format), FORMAT_NAME) != 0)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_INVALID,
                   "%s: not a dealgraph layout cache (no \"format\": \"" FORMAT_NAME "\")", name);
      return NULL;
    }

  /* Versions first: a newer format may have moved everything else. */
  JsonNode *version = json_object_get_member (top, "format_version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64
      || json_node_get_int (version) != DG_LAYOUT_CACHE_VERSION)
    {
      g_autofree char *seen = version != NULL && JSON_NODE_HOLDS_VALUE (version) && json_node_get_value_type (version) == G_TYPE_INT64
                                  ? g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (version))
                                  : g_strdup ("missing");
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_INVALID,
                   "%s: layout cache format version %s; this dealgraph reads version %d (run 'dealgraph layout' again)",
                   name, seen, DG_LAYOUT_CACHE_VERSION);
      return NULL;
    }
  const char *made_by = member_string (&r, top, "dealgraph", "top level");
  if (made_by == NULL)
    return NULL;
  if (strcmp (made_by, DG_VERSION) != 0)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_INVALID,
                   "%s: layout cache written by dealgraph %s, this is %s (run 'dealgraph layout' again)", name,
                   made_by, DG_VERSION);
      return NULL;
    }

  /* Then staleness: the question a user of make most often needs answered. */
  JsonObject *g = member_object (&r, top, "graph", "top level");
  JsonObject *t = g != NULL ? member_object (&r, top, "theme", "top level") : NULL;
  const char *graph_sha = t != NULL ? member_string (&r, g, "sha256", "graph") : NULL;
  const char *theme_sha = graph_sha != NULL ? member_string (&r, t, "sha256", "theme") : NULL;
  if (theme_sha == NULL)
    return NULL;
  g_autoptr (GError) hash_error = NULL;
  g_autofree char *graph_digest = graph_digest_of (graph, &hash_error);
  if (graph_digest == NULL)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_OPEN, "%s: %s", name, hash_error->message);
      return NULL;
    }
  if (strcmp (graph_sha, graph_digest) != 0)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_INVALID,
                   "%s: stale layout cache: graph %s has changed since the layout was computed (sha256 %.12s…, "
                   "the cache has %.12s…); run 'dealgraph layout' again",
                   name, dg_graph_get_path (graph), graph_digest, graph_sha);
      return NULL;
    }
  const char *theme_digest = dg_theme_get_digest (theme);
  if (strcmp (theme_sha, theme_digest) != 0)
    {
      g_autofree char *files = g_strjoinv (", ", (char **) dg_theme_get_paths (theme));
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_INVALID,
                   "%s: stale layout cache: theme \"%s\" (%s) differs from the one the layout was computed "
                   "with (sha256 %.12s…, the cache has %.12s…); run 'dealgraph layout' again with this theme",
                   name, dg_theme_get_name (theme), files[0] != '\0' ? files : "theme data", theme_digest,
                   theme_sha);
      return NULL;
    }

  /* The rest must agree with the graph the digests vouch for. */
  const char *engine = member_string (&r, top, "engine", "top level");
  const char *mode_name = engine != NULL ? member_string (&r, top, "mode", "top level") : NULL;
  if (mode_name == NULL)
    return NULL;
  if (!g_strv_contains (engine_names, engine))
    {
      fail (&r, "engine", "unknown engine \"%s\"", engine);
      return NULL;
    }
  int mode = -1;
  for (guint i = 0; i < G_N_ELEMENTS (mode_names); i++)
    if (strcmp (mode_name, mode_names[i]) == 0)
      mode = (int) i;
  if (mode < 0)
    {
      fail (&r, "mode", "unknown mode \"%s\"", mode_name);
      return NULL;
    }
  if (!member_count (&r, g, "parties", dg_graph_n_parties (graph), "graph")
      || !member_count (&r, g, "ties", dg_graph_n_ties (graph), "graph")
      || !member_count (&r, g, "groups", dg_graph_n_groups (graph), "graph")
      || !member_count (&r, g, "stages", dg_graph_n_stages (graph), "graph"))
    return NULL;

  g_autoptr (DgLayout) layout = g_new0 (DgLayout, 1);
  layout->mode = (DgLayoutMode) mode;
  layout->engine = g_strdup (engine);
  layout->n_stages = dg_graph_n_stages (graph);
  layout->geometries = g_ptr_array_new_with_free_func (dg_geometry_free);
  layout->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (layout->warnings, NULL);

  JsonNode *warnings = json_object_get_member (top, "warnings");
  if (warnings == NULL || !JSON_NODE_HOLDS_ARRAY (warnings))
    {
      fail (&r, "warnings", "not an array");
      return NULL;
    }
  JsonArray *wa = json_node_get_array (warnings);
  for (guint i = 0; i < json_array_get_length (wa); i++)
    {
      JsonNode *e = json_array_get_element (wa, i);
      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        {
          fail (&r, "warnings", "item %u is not a string", i);
          return NULL;
        }
      g_ptr_array_insert (layout->warnings, (gint) layout->warnings->len - 1, g_strdup (json_node_get_string (e)));
    }

  guint expected = layout->mode == DG_LAYOUT_UNION ? 1 : layout->n_stages;
  JsonArray *geometries = member_array (&r, top, "geometries", expected, "top level");
  if (geometries == NULL)
    return NULL;
  for (guint i = 0; i < expected; i++)
    {
      DgGeometry *geo = read_geometry (&r, json_array_get_element (geometries, i), graph, i);
      if (geo == NULL)
        return NULL;
      g_ptr_array_add (layout->geometries, geo);
    }
  return g_steal_pointer (&layout);
}

DgLayout *
dg_layout_load (const char *path, const DgGraph *graph, const DgTheme *theme, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_autoptr (GMappedFile) file = NULL;
  g_autoptr (GError) local = NULL;
  GStatBuf st;
  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_OPEN, "%s: cannot open the layout cache: not a regular file", path);
      return NULL;
    }
  file = g_mapped_file_new (path, FALSE, &local);
  if (file == NULL)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_OPEN, "%s: cannot open the layout cache: %s", path,
                   local->message);
      return NULL;
    }
  gsize len = g_mapped_file_get_length (file);
  if (len > MAX_CACHE_BYTES)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_INVALID,
                   "%s: a layout cache of %" G_GSIZE_FORMAT " bytes is larger than the limit of %" G_GSIZE_FORMAT,
                   path, len, MAX_CACHE_BYTES);
      return NULL;
    }
  return dg_layout_load_data (path, g_mapped_file_get_contents (file), len, graph, theme, error);
}
