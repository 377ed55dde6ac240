/* html.c — the animation as one self-contained HTML viewer page, filled into templates/viewer.html. */

/*
 * The template holds the page, its style and its script; the placeholders
 * {{NAME}} are replaced in one pass (a value is never scanned again, so text
 * from the graph cannot name a placeholder). Every value is made safe for
 * where it goes: titles are HTML-escaped, the data the script reads is JSON
 * that cannot close its <script> element, colours are "#rrggbb" and the
 * font list keeps only letters, digits, spaces, '-' and ','. The page's
 * Content-Security-Policy allows no network at all and only the template's
 * own script (by its SHA-256), so even a mistake in escaping could not run
 * code or fetch anything.
 */

#include <math.h>
#include <string.h>

#include "dg-read-private.h"

/* A viewer page template is a few KiB of HTML. */
#define MAX_TEMPLATE_BYTES (4 * 1024 * 1024)
#include "animate-private.h"
#include "describe-private.h"
#include "dg-color-private.h"
#include "dg-escape-private.h"
#include "src/timeline/names-private.h"
#include "error.h"
#include "version.h"

/* The template's own script: the text of its first <script> element
 * without attributes. It must not hold placeholders, or its hash would not
 * match the page. */
static char *
script_hash (const char *tmpl, const char *path, GError **error)
{
  const char *open = strstr (tmpl, "<script>");
  const char *close = open != NULL ? strstr (open, "</script>") : NULL;
  if (close == NULL)
    return g_strdup ("'none'");
  const char *body = open + strlen ("<script>");
  g_autofree char *script = g_strndup (body, (gsize) (close - body));
  if (strstr (script, "{{") != NULL)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_THEME,
                   "%s: the template's <script> holds a placeholder; put data in the JSON instead", path);
      return NULL;
    }
  guint8 digest[32];
  gsize len = sizeof digest;
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, (const guchar *) script, (gssize) strlen (script));
  g_checksum_get_digest (sum, digest, &len);
  g_autofree char *b64 = g_base64_encode (digest, len);
  return g_strdup_printf ("'sha256-%s'", b64);
}

/* A Pango family list as a CSS font-family list: each family quoted, only
 * harmless characters kept, a generic family last. */
static char *
css_font (const char *font)
{
  GString *out = g_string_new (NULL);
  g_auto (GStrv) families = g_strsplit (font != NULL ? font : "", ",", -1);
  for (guint i = 0; families[i] != NULL; i++)
    {
      GString *clean = g_string_new (NULL);
      for (const char *p = families[i]; *p != '\0'; p++)
        if (g_ascii_isalnum (*p) || *p == ' ' || *p == '-')
          g_string_append_c (clean, *p);
      g_strstrip (clean->str);
      if (clean->str[0] != '\0')
        g_string_append_printf (out, "\"%s\", ", clean->str);
      g_string_free (clean, TRUE);
    }
  g_string_append (out, "system-ui, sans-serif");
  return g_string_free (out, FALSE);
}

static void
json_key (GString *out, const char *key)
{
  dg_escape_json_append (out, key);
  g_string_append_c (out, ':');
}

static const char *
stage_label (const DgGraph *graph, guint stage)
{
  return stage < dg_graph_n_stages (graph) ? dg_graph_stage (graph, stage)->label : NULL;
}

/* What each played stage holds, from the model: the parties and ties
 * active there (file order), for the page's focusable names. */
typedef struct {
  guint n;
  GArray **parties;      /* of guint, per played stage */
  GArray **ties;
  gboolean *party_ever;  /* per party of the graph: active at a played stage */
  gboolean *tie_ever;
} Played;

static void
played_init (Played *p, const DgAnimation *anim, guint n)
{
  const DgGraph *graph = dg_anim_get_graph (anim);
  p->n = n;
  p->parties = g_new0 (GArray *, n + 1);
  p->ties = g_new0 (GArray *, n + 1);
  p->party_ever = g_new0 (gboolean, dg_graph_n_parties (graph) + 1);
  p->tie_ever = g_new0 (gboolean, dg_graph_n_ties (graph) + 1);
  for (guint s = 0; s < n; s++)
    {
      guint g = dg_anim_graph_stage (anim, s);
      p->parties[s] = dg_graph_active_parties (graph, g);
      p->ties[s] = dg_graph_active_ties (graph, g);
      for (guint i = 0; i < p->parties[s]->len; i++)
        p->party_ever[g_array_index (p->parties[s], guint, i)] = TRUE;
      for (guint i = 0; i < p->ties[s]->len; i++)
        p->tie_ever[g_array_index (p->ties[s], guint, i)] = TRUE;
    }
}

static void
played_clear (Played *p)
{
  for (guint s = 0; s < p->n; s++)
    {
      g_array_unref (p->parties[s]);
      g_array_unref (p->ties[s]);
    }
  g_free (p->parties);
  g_free (p->ties);
  g_free (p->party_ever);
  g_free (p->tie_ever);
}

static gboolean
in_array (GArray *sorted, guint value)
{
  /* Active indices come in file order, that is ascending. */
  guint lo = 0, hi = sorted->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint v = g_array_index (sorted, guint, mid);
      if (v == value)
        return TRUE;
      if (v < value)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

static void
append_indices (GString *out, GArray *indices)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < indices->len; i++)
    g_string_append_printf (out, i > 0 ? ",%u" : "%u", g_array_index (indices, guint, i));
  g_string_append_c (out, ']');
}

/* What the page's live region says on reaching played stage @s: the stage,
 * how much it holds and, from the describe module, what changed since the
 * stage played before it. "Stage 3 of 5: New agreement: exclusivity ends.
 * 6 parties and 9 ties. Since the stage before: AWS Bedrock, a cloud,
 * enters the picture. …" Plain text, newly allocated. */
static char *
announcement (const DgAnimation *anim, guint s, guint n)
{
  const DgGraph *graph = dg_anim_get_graph (anim);
  guint g = dg_anim_graph_stage (anim, s);
  const DgStage *stage = dg_graph_stage (graph, g);
  GString *out = g_string_new (NULL);
  if (!dg_graph_is_static (graph))
    {
      g_autofree char *label = dg_describe_plain (stage->label);
      g_string_append_printf (out, "Stage %u of %u: %s", s + 1, n, label);
      if (stage->date != NULL)
        {
          g_autofree char *date = dg_date_text (stage->date);
          if (strstr (stage->label, date) == NULL && strstr (stage->label, stage->date) == NULL)
            {
              g_autofree char *d = dg_describe_plain (date);
              g_string_append_printf (out, " (%s)", d);
            }
        }
      if (out->len == 0 || strchr (".!?", out->str[out->len - 1]) == NULL)
        g_string_append_c (out, '.');
      g_string_append_c (out, ' ');
    }
  g_autofree char *counts = dg_describe_counts (graph, g);
  counts[0] = g_ascii_toupper (counts[0]);
  g_string_append_printf (out, "%s.", counts);
  if (s > 0)
    {
      g_autoptr (GPtrArray) changes = dg_describe_changes (graph, dg_anim_graph_stage (anim, s - 1), g);
      if (changes->len == 0)
        g_string_append (out, " Nothing changed since the stage before.");
      else
        g_string_append (out, " Since the stage before:");
      for (guint i = 0; i < changes->len; i++)
        g_string_append_printf (out, " %s", (char *) changes->pdata[i]);
    }
  return g_string_free (out, FALSE);
}

static char *
build_data (const DgAnimation *anim, const DgLayers *layers, const Played *played, gboolean step)
{
  const DgGraph *graph = dg_anim_get_graph (anim);
  const DgAnimateOptions *o = dg_anim_get_options (anim);
  GString *out = g_string_new ("{");
  json_key (out, "title");
  dg_escape_json_append (out, dg_graph_get_title (graph) != NULL ? dg_graph_get_title (graph) : dg_graph_get_name (graph));
  g_string_append_printf (out, ",\"static\":%s,\"step\":%s,\"loop\":%s,\"stagger\":%s,\"hold\":%d,\"tween\":%d,",
                          dg_graph_is_static (graph) ? "true" : "false", step ? "true" : "false",
                          o->loop ? "true" : "false", o->stagger ? "true" : "false", (int) (o->hold * 1000 + 0.5),
                          (int) (o->tween * 1000 + 0.5));
  json_key (out, "ease");
  dg_escape_json_append (out, dg_anim_css_easing (o->easing));

  g_string_append (out, ",\n\"stages\":[");
  for (guint s = 0; s < layers->n_stages; s++)
    {
      const DgStage *stage = dg_graph_stage (graph, dg_anim_graph_stage (anim, s));
      g_string_append (out, s > 0 ? ",\n{" : "\n{");
      json_key (out, "id");
      dg_escape_json_append (out, stage->id);
      g_string_append_c (out, ',');
      json_key (out, "label");
      dg_escape_json_append (out, stage->label);
      g_string_append_c (out, ',');
      json_key (out, "date");
      dg_escape_json_append (out, stage->date);
      g_string_append (out, ",\"layers\":[");
      gboolean first = TRUE;
      for (guint i = 0; i < layers->layers->len; i++)
        {
          const DgLayer *layer = layers->layers->pdata[i];
          if (!layer->shown[s])
            continue;
          g_string_append_printf (out, first ? "%u" : ",%u", layer->id);
          first = FALSE;
        }
      g_string_append (out, "],\"parties\":");
      append_indices (out, played->parties[s]);
      g_string_append (out, ",\"ties\":");
      append_indices (out, played->ties[s]);
      g_string_append_c (out, ',');
      json_key (out, "announce");
      g_autofree char *announce = announcement (anim, s, layers->n_stages);
      dg_escape_json_append (out, announce);
      g_string_append (out, "}");
    }

  /* Layers name their key by number: the page needs to know which looks
   * belong together, not what the keys say. */
  g_autoptr (GHashTable) key_numbers = g_hash_table_new (g_str_hash, g_str_equal);
  g_string_append (out, "],\n\"layers\":[");
  for (guint i = 0; i < layers->layers->len; i++)
    {
      const DgLayer *layer = layers->layers->pdata[i];
      gpointer number;
      if (!g_hash_table_lookup_extended (key_numbers, layer->key, NULL, &number))
        {
          number = GUINT_TO_POINTER (g_hash_table_size (key_numbers));
          g_hash_table_insert (key_numbers, layer->key, number);
        }
      g_string_append_printf (out, "%s\n{\"key\":%u,\"grow\":%s,\"text\":%s,\"tie\":%d,\"party\":%d}",
                              i > 0 ? "," : "", GPOINTER_TO_UINT (number), layer->grow ? "true" : "false",
                              layer->text ? "true" : "false", layer->tie, layer->party);
    }

  g_string_append (out, "],\n\"parties\":[");
  for (guint i = 0; i < dg_graph_n_parties (graph); i++)
    {
      const DgParty *party = dg_graph_party (graph, i);
      g_string_append (out, i > 0 ? ",\n{" : "\n{");
      json_key (out, "name");
      g_autofree char *name = dg_party_accessible_name (party);
      dg_escape_json_append (out, name);
      g_string_append_c (out, ',');
      json_key (out, "label");
      dg_escape_json_append (out, party->label);
      g_string_append_c (out, ',');
      json_key (out, "kind");
      dg_escape_json_append (out, party->kind);
      g_string_append_c (out, ',');
      json_key (out, "note");
      dg_escape_json_append (out, party->note);
      g_string_append_c (out, '}');
    }

  g_string_append (out, "],\n\"ties\":[");
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    {
      const DgTie *tie = dg_graph_tie (graph, i);
      g_string_append (out, i > 0 ? ",\n{" : "\n{");
      json_key (out, "name");
      g_autofree char *name = dg_tie_accessible_name (graph, tie);
      dg_escape_json_append (out, name);
      g_string_append_c (out, ',');
      json_key (out, "tail");
      dg_escape_json_append (out, dg_graph_party (graph, tie->tail)->label);
      g_string_append_c (out, ',');
      json_key (out, "head");
      dg_escape_json_append (out, dg_graph_party (graph, tie->head)->label);
      g_string_append_c (out, ',');
      json_key (out, "kind");
      dg_escape_json_append (out, tie->kind);
      g_string_append_c (out, ',');
      json_key (out, "value");
      dg_escape_json_append (out, tie->value.present ? tie->value.text : NULL);
      g_string_append (out, ",\"terms\":[");
      for (guint k = 0; tie->terms[k] != NULL; k++)
        {
          if (k > 0)
            g_string_append_c (out, ',');
          dg_escape_json_append (out, tie->terms[k]);
        }
      g_string_append (out, "],");
      json_key (out, "label");
      dg_escape_json_append (out, tie->label);
      g_string_append_c (out, ',');
      json_key (out, "note");
      dg_escape_json_append (out, tie->note);
      g_string_append_c (out, ',');
      json_key (out, "source");
      dg_escape_json_append (out, tie->source);
      g_string_append_c (out, ',');
      json_key (out, "from");
      dg_escape_json_append (out, tie->interval.from > 0 ? stage_label (graph, tie->interval.from) : NULL);
      g_string_append_c (out, ',');
      json_key (out, "until");
      dg_escape_json_append (out, stage_label (graph, tie->interval.until));
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

static void
append_hit (GString *out, const DgLayer *layer, const DgHit *hit, const char *extra)
{
  g_string_append_printf (out, "<path class=\"dg-hit%s%s%s\" data-layer=\"%u\"", hit->kind == DG_HIT_BOX ? " dg-box" : "",
                          layer->shown[0] ? " on" : "", extra, layer->id);
  if (layer->tie >= 0)
    g_string_append_printf (out, " data-tie=\"%d\"", layer->tie);
  g_string_append (out, " d=\"");
  dg_anim_append_hit_path (out, hit);
  g_string_append (out, "\"/>\n");
}

/* One focusable target: a <g> holding the hit areas of every look of party
 * or tie @index (ghosts of ended ties aside). Its name and role come from
 * the page's data (the script sets them), so that text from the graph only
 * ever reaches the page through the JSON. Active at stage 1: focusable, and
 * the figure's one Tab stop when it is the first (*@tab_stop_taken says
 * whether one is; the arrows reach the others); else out of the
 * accessibility tree. */
static void
append_target (GString *out, const DgLayers *layers, gboolean party, guint index, gboolean active,
               gboolean *tab_stop_taken)
{
  const gboolean tab_stop = active && !*tab_stop_taken;
  *tab_stop_taken |= tab_stop;
  g_string_append_printf (out, "<g class=\"dg-t%s\" data-%s=\"%u\" tabindex=\"%s\"%s>\n", active ? " on" : "",
                          party ? "party" : "tie", index, tab_stop ? "0" : "-1", active ? "" : " aria-hidden=\"true\"");
  for (guint i = 0; i < layers->layers->len; i++)
    {
      const DgLayer *layer = layers->layers->pdata[i];
      if (layer->ended || (party ? layer->party : layer->tie) != (int) index)
        continue;
      for (guint k = 0; k < layer->hits->len; k++)
        append_hit (out, layer, &g_array_index (layer->hits, DgHit, k), "");
    }
  g_string_append (out, "</g>\n");
}

/* The <svg> of the figure: the background, the focusable targets (their
 * focus rings go under the drawing), then the layers (stage 1's marked
 * "on", so that the page shows it even without script) and the hover areas
 * of ended ties' ghosts. Targets come in a reader's order: each party in
 * the order of the file, followed by the ties that come from it. */
static char *
build_figure (const DgAnimation *anim, const DgLayers *layers, const Played *played, double width)
{
  const DgGraph *graph = dg_anim_get_graph (anim);
  double w, h;
  dg_anim_get_canvas (anim, &w, &h);
  double shown_w = width > 0 ? width : w * dg_scene_get_preferred_scale (dg_animation_stage_scene (anim, 0));
  GString *out = g_string_new ("<svg id=\"dg-fig\" xmlns=\"http://www.w3.org/2000/svg\" "
                               "xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 ");
  dg_anim_append_num (out, w);
  g_string_append_c (out, ' ');
  dg_anim_append_num (out, h);
  /* CSS pixels are 3/4 of a point. A group, not an image: its parties and
   * ties are reachable one by one. */
  g_string_append (out, "\" style=\"max-width:");
  dg_anim_append_num (out, shown_w * 4.0 / 3.0);
  g_string_append (out, "px\" role=\"group\" aria-labelledby=\"dg-title\" tabindex=\"-1\">\n");
  dg_anim_append_background (out, anim);

  /* Ties grouped by the party they come from, each group in file order. */
  guint n_parties = dg_graph_n_parties (graph), n_ties = dg_graph_n_ties (graph);
  g_autofree guint *start = g_new0 (guint, n_parties + 2);
  g_autofree guint *by_tail = g_new0 (guint, n_ties + 1);
  for (guint t = 0; t < n_ties; t++)
    start[dg_graph_tie (graph, t)->tail + 2]++;
  for (guint p = 2; p < n_parties + 2; p++)
    start[p] += start[p - 1];
  for (guint t = 0; t < n_ties; t++)
    by_tail[start[dg_graph_tie (graph, t)->tail + 1]++] = t;

  g_string_append (out, "<g id=\"dg-targets\">\n");
  gboolean tab_stop_taken = FALSE;
  for (guint p = 0; p < n_parties; p++)
    {
      if (played->party_ever[p])
        append_target (out, layers, TRUE, p, in_array (played->parties[0], p), &tab_stop_taken);
      for (guint k = start[p]; k < start[p + 1]; k++)
        if (played->tie_ever[by_tail[k]])
          append_target (out, layers, FALSE, by_tail[k], in_array (played->ties[0], by_tail[k]), &tab_stop_taken);
    }
  g_string_append (out, "</g>\n");

  g_autoptr (GString) figure = g_string_new (NULL);
  dg_anim_append_layers (figure, layers, TRUE);
  /* Mark stage 1's layers: "<g class=\"dg-l" → "<g class=\"dg-l on". */
  for (guint i = 0; i < layers->layers->len; i++)
    {
      const DgLayer *layer = layers->layers->pdata[i];
      if (!layer->shown[0])
        continue;
      g_autofree char *from = g_strdup_printf ("\" id=\"dg-l%u\"", layer->id);
      g_autofree char *to = g_strdup_printf (" on\" id=\"dg-l%u\"", layer->id);
      g_string_replace (figure, from, to, 1);
    }
  g_string_append_len (out, figure->str, (gssize) figure->len);

  /* Ghosts are no party or tie of their stage: hover only. */
  g_string_append (out, "<g id=\"dg-hits\" aria-hidden=\"true\">\n");
  for (guint i = 0; i < layers->layers->len; i++)
    {
      const DgLayer *layer = layers->layers->pdata[i];
      if (!layer->ended)
        continue;
      for (guint k = 0; k < layer->hits->len; k++)
        append_hit (out, layer, &g_array_index (layer->hits, DgHit, k), " dg-ghost");
    }
  g_string_append (out, "</g>\n</svg>");
  return g_string_free (out, FALSE);
}

/* ---- contrast ------------------------------------------------------------ */

static DgColor
opaque (DgColor c)
{
  c.r = CLAMP (c.r, 0.0, 1.0);
  c.g = CLAMP (c.g, 0.0, 1.0);
  c.b = CLAMP (c.b, 0.0, 1.0);
  c.a = 1;
  return c;
}

/* Black or white, whichever stands out more on both @bg and @panel. */
static DgColor
best_extreme (DgColor bg, DgColor panel)
{
  DgColor black = { 0, 0, 0, 1 }, white = { 1, 1, 1, 1 };
  return MIN (dg_color_contrast (black, bg), dg_color_contrast (black, panel))
                 >= MIN (dg_color_contrast (white, bg), dg_color_contrast (white, panel))
             ? black
             : white;
}

/* @c, or the first mix of it towards @toward (in twentieths) with at
 * least @ratio against both @bg and @panel; @toward itself when none has. */
static DgColor
readable (DgColor c, DgColor toward, DgColor bg, DgColor panel, double ratio)
{
  c = opaque (c);
  for (int step = 0; step <= 20; step++)
    {
      double t = step / 20.0;
      DgColor mix = { c.r + (toward.r - c.r) * t, c.g + (toward.g - c.g) * t, c.b + (toward.b - c.b) * t, 1 };
      if (dg_color_contrast (mix, bg) >= ratio && dg_color_contrast (mix, panel) >= ratio)
        return mix;
    }
  return toward;
}

/* Replaces each {{NAME}} of @tmpl by its value in @values (NAME, value,
 * …, NULL), in one pass. Unknown placeholders stay as they are. */
static GString *
fill (const char *tmpl, const char *const *values)
{
  GString *out = g_string_sized_new (strlen (tmpl) * 2);
  const char *p = tmpl;
  while (*p != '\0')
    {
      const char *open = strstr (p, "{{");
      if (open == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, open - p);
      const char *close = strstr (open + 2, "}}");
      const char *value = NULL;
      if (close != NULL)
        for (guint i = 0; values[i] != NULL; i += 2)
          if ((gsize) (close - open - 2) == strlen (values[i]) && strncmp (open + 2, values[i], strlen (values[i])) == 0)
            {
              value = values[i + 1];
              break;
            }
      if (value != NULL)
        {
          g_string_append (out, value);
          p = close + 2;
        }
      else
        {
          g_string_append (out, "{{");
          p = open + 2;
        }
    }
  return out;
}

GBytes *
dg_animation_render_html (const DgAnimation *anim, const DgRenderOptions *options, const DgViewerOptions *viewer,
                          GError **error)
{
  static const DgRenderOptions render_defaults = DG_RENDER_OPTIONS_INIT;
  static const DgViewerOptions viewer_defaults = DG_VIEWER_OPTIONS_INIT;
  g_return_val_if_fail (anim != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (options == NULL)
    options = &render_defaults;
  if (viewer == NULL)
    viewer = &viewer_defaults;

  g_autofree char *default_path = g_build_filename (dg_theme_template_dir (), "viewer.html", NULL);
  const char *path = viewer->template_path != NULL ? viewer->template_path : default_path;
  g_autofree char *tmpl = NULL;
  gsize len = 0;
  /* A regular file of at most MAX_TEMPLATE_BYTES: --template /dev/zero or
   * a FIFO must neither take the machine's memory nor hang the run. */
  if (!dg_read_file_bounded (path, MAX_TEMPLATE_BYTES, DG_ERROR_THEME, "the viewer template", &tmpl, &len, error))
    return NULL;
  if (strlen (tmpl) != len || !g_utf8_validate (tmpl, -1, NULL))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_THEME, "%s: the viewer template is not UTF-8 text", path);
      return NULL;
    }
  if (strstr (tmpl, "{{FIGURE}}") == NULL || strstr (tmpl, "{{DATA}}") == NULL)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_THEME,
                   "%s: the viewer template lacks {{FIGURE}} or {{DATA}}", path);
      return NULL;
    }
  g_autofree char *hash = script_hash (tmpl, path, error);
  if (hash == NULL)
    return NULL;

  g_autoptr (DgLayers) layers = dg_layers_build (anim, error);
  if (layers == NULL)
    return NULL;
  const DgGraph *graph = dg_anim_get_graph (anim);
  const DgFurnitureStyle *fs = dg_anim_get_furniture (anim);
  const char *raw_title = dg_graph_get_title (graph) != NULL ? dg_graph_get_title (graph) : dg_graph_get_name (graph);
  g_autofree char *title = dg_escape_markup (raw_title);
  Played played;
  played_init (&played, anim, layers->n_stages);
  g_autofree char *data = build_data (anim, layers, &played, viewer->step);
  g_autofree char *figure = build_figure (anim, layers, &played, options->width);
  played_clear (&played);
  /* The page's text and controls meet WCAG AA whatever the theme: text and
   * the muted text (the counter, the date, the help line) 4.5:1 on the
   * background and on the panels, the accent (focus rings, the play
   * button's border, the slider) 3:1. A colour short of that is moved
   * towards the text colour until it is not; the figure keeps the theme's. */
  DgColor bg_color = opaque (fs->background);
  DgColor panel_color = opaque (fs->label_background.a > 0 ? fs->label_background : fs->background);
  DgColor text_color = readable (fs->text, best_extreme (bg_color, panel_color), bg_color, panel_color, 4.5);
  g_autofree char *bg = dg_anim_css_color (bg_color);
  g_autofree char *text = dg_anim_css_color (text_color);
  g_autofree char *muted = dg_anim_css_color (readable (fs->muted, text_color, bg_color, panel_color, 4.5));
  g_autofree char *accent = dg_anim_css_color (readable (fs->accent, text_color, bg_color, panel_color, 3.0));
  g_autofree char *panel = dg_anim_css_color (panel_color);
  g_autofree char *group = dg_anim_css_color (fs->group_fill.a > 0 ? fs->group_fill : fs->background);
  g_autofree char *font = css_font (fs->font);
  g_autofree char *last = g_strdup_printf ("%u", layers->n_stages > 0 ? layers->n_stages - 1 : 0);
  const char *values[] = {
    "TITLE", title,
    "GENERATOR", "dealgraph " DG_VERSION,
    "SCRIPT_HASH", hash,
    "BACKGROUND", bg,
    "TEXT", text,
    "MUTED", muted,
    "ACCENT", accent,
    "PANEL", panel,
    "GROUP", group,
    "FONT", font,
    "LAST_STAGE", last,
    "FIGURE", figure,
    "DATA", data,
    NULL,
  };
  GString *page = fill (tmpl, values);
  return g_string_free_to_bytes (page);
}

char *
dg_anim_css_color (DgColor c)
{
  int r = (int) (CLAMP (c.r, 0.0, 1.0) * 255 + 0.5);
  int g = (int) (CLAMP (c.g, 0.0, 1.0) * 255 + 0.5);
  int b = (int) (CLAMP (c.b, 0.0, 1.0) * 255 + 0.5);
  return g_strdup_printf ("#%02x%02x%02x", r, g, b);
}
