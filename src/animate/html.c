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

#include <string.h>

#include "dg-read-private.h"

/* A viewer page template is a few KiB of HTML. */
#define MAX_TEMPLATE_BYTES (4 * 1024 * 1024)
#include "animate-private.h"
#include "dg-escape-private.h"
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

static char *
build_data (const DgAnimation *anim, const DgLayers *layers, gboolean step)
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
      g_string_append (out, "]}");
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

/* The <svg> of the figure: layers (stage 1's marked "on", so that the page
 * shows it even without script) and the hover areas of ties. */
static char *
build_figure (const DgAnimation *anim, const DgLayers *layers, double width)
{
  double w, h;
  dg_anim_get_canvas (anim, &w, &h);
  double shown_w = width > 0 ? width : w * dg_scene_get_preferred_scale (dg_animation_stage_scene (anim, 0));
  GString *out = g_string_new ("<svg id=\"dg-fig\" xmlns=\"http://www.w3.org/2000/svg\" "
                               "xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 ");
  dg_anim_append_num (out, w);
  g_string_append_c (out, ' ');
  dg_anim_append_num (out, h);
  /* CSS pixels are 3/4 of a point. */
  g_string_append (out, "\" style=\"max-width:");
  dg_anim_append_num (out, shown_w * 4.0 / 3.0);
  g_string_append (out, "px\" role=\"img\" aria-labelledby=\"dg-title\">\n");

  g_autoptr (GString) figure = g_string_new (NULL);
  dg_anim_append_figure (figure, anim, layers, TRUE);
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

  g_string_append (out, "<g id=\"dg-hits\">\n");
  for (guint i = 0; i < layers->layers->len; i++)
    {
      const DgLayer *layer = layers->layers->pdata[i];
      for (guint k = 0; k < layer->hits->len; k++)
        {
          const DgHit *hit = &g_array_index (layer->hits, DgHit, k);
          g_string_append_printf (out, "<path class=\"dg-hit%s%s\" data-layer=\"%u\" data-tie=\"%d\" d=\"",
                                  hit->kind == DG_HIT_BOX ? " dg-box" : "", layer->shown[0] ? " on" : "", layer->id,
                                  layer->tie);
          dg_anim_append_hit_path (out, hit);
          g_string_append (out, "\"/>\n");
        }
    }
  g_string_append (out, "</g>\n</svg>");
  return g_string_free (out, FALSE);
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
  g_autofree char *data = build_data (anim, layers, viewer->step);
  g_autofree char *figure = build_figure (anim, layers, options->width);
  g_autofree char *bg = dg_anim_css_color (fs->background);
  g_autofree char *text = dg_anim_css_color (fs->text);
  g_autofree char *muted = dg_anim_css_color (fs->muted);
  g_autofree char *accent = dg_anim_css_color (fs->accent);
  g_autofree char *panel = dg_anim_css_color (fs->label_background.a > 0 ? fs->label_background : fs->background);
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
