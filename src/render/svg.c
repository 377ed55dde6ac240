/* svg.c — a scene as an accessible SVG: real text, a title and a description, a named group per party and tie. */

/*
 * Written from the scene, not through cairo's SVG surface, which turns text
 * into glyph outlines (nothing to select, search or read aloud) and names
 * its ids with a process-wide counter. Each item becomes the elements that
 * paint what render.c paints for it, with the same paths (render.c builds
 * them on a scratch cairo_t, and they are copied here as path data) and
 * the same paint rules: a colour with alpha 0 is not painted, a malformed
 * dash draws solid, an item with opacity < 1 is a <g opacity> (a group,
 * as cairo's push_group). Text is a <text> with a <tspan> per line of the
 * Pango layout the PNG draws, at that line's x and baseline, in the same
 * font family, size, weight and style.
 *
 * For assistive technology: the root is role="img", labelled by a <title>
 * (the scene's title) and described by a <desc> (the caller's description,
 * or a sentence counting what is drawn), both first. The items of a party
 * or a tie are a <g> whose aria-label names it from the model (see
 * names-private.h), once: a tie's label, drawn after the parties, is not
 * in its group, and its words are in the group's name. Drawings that carry
 * nothing of their own outside those groups (the background, group boxes,
 * legend swatches, the timeline strip, tie keys, leader lines) are
 * aria-hidden; all text stays readable.
 *
 * Deterministic: the bytes depend only on the scene and the options. The
 * only ids (title, desc) carry a hash of the document, so figures inlined
 * into one page do not collide.
 */

#include <math.h>
#include <string.h>

#include "dg-escape-private.h"
#include "dg-text-private.h"
#include "error.h"
#include "render-private.h"
#include "src/timeline/names-private.h"
#include "timeline.h"

#include "dg-cairo-private.h"

static void
append_attr_num (GString *out, const char *name, double v)
{
  g_string_append_printf (out, " %s=\"", name);
  dg_append_svg_number (out, v);
  g_string_append_c (out, '"');
}

static double
clamp01 (double v)
{
  return v > 1.0 ? 1.0 : v > 0.0 ? v : 0.0; /* NaN becomes 0 */
}

static gboolean
painted (DgColor c)
{
  return c.a > 0.0;
}

/* ` fill="#rrggbb"` (with `fill-opacity`) for @what "fill" or "stroke", or
 * `="none"` when @c is not painted. */
static void
append_paint (GString *out, const char *what, DgColor c)
{
  if (!painted (c))
    {
      g_string_append_printf (out, " %s=\"none\"", what);
      return;
    }
  g_string_append_printf (out, " %s=\"#%02x%02x%02x\"", what, (guint) lround (clamp01 (c.r) * 255.0),
                          (guint) lround (clamp01 (c.g) * 255.0), (guint) lround (clamp01 (c.b) * 255.0));
  if (clamp01 (c.a) < 1.0)
    {
      g_string_append_printf (out, " %s-opacity=\"", what);
      dg_append_svg_number (out, clamp01 (c.a));
      g_string_append_c (out, '"');
    }
}

/* The stroke of @width and @dash, as render.c's set_line() sets it: FALSE
 * (and nothing written) when there is no line; a malformed dash (negative,
 * non-finite, all zero) draws solid. */
static gboolean
append_line (GString *out, double width, const DgDash *dash)
{
  if (!(width > 0.0) || !isfinite (width))
    return FALSE;
  append_attr_num (out, "stroke-width", width);
  guint n = MIN (dash->n, G_N_ELEMENTS (dash->on_off));
  double total = 0.0;
  for (guint i = 0; i < n; i++)
    {
      if (!(dash->on_off[i] >= 0.0) || !isfinite (dash->on_off[i]))
        return TRUE;
      total += dash->on_off[i];
    }
  if (n == 0 || !(total > 0.0))
    return TRUE;
  g_string_append (out, " stroke-dasharray=\"");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      dg_append_svg_number (out, dash->on_off[i]);
    }
  g_string_append_c (out, '"');
  return TRUE;
}

typedef struct {
  GString *out;
  cairo_t *scratch; /* where render.c builds paths; identity matrix */
  PangoContext *context;
} Writer;

/* ` d="…"` of the scratch context's current path, which it clears. */
static void
append_path_data (Writer *w)
{
  cairo_path_t *path = cairo_copy_path (w->scratch);
  cairo_new_path (w->scratch);
  g_string_append (w->out, " d=\"");
  for (int i = 0; path->status == CAIRO_STATUS_SUCCESS && i < path->num_data; i += path->data[i].header.length)
    {
      const cairo_path_data_t *d = &path->data[i];
      int points = 0;
      int next = i + d->header.length;
      switch (d->header.type)
        {
        case CAIRO_PATH_MOVE_TO:
          /* cairo follows every close with a move to the subpath's start;
           * SVG's Z already goes there, so it is left out unless a line or
           * curve starts from it. */
          if (i > 0 && path->data[i - 1].header.type == CAIRO_PATH_CLOSE_PATH
              && (next >= path->num_data || path->data[next].header.type == CAIRO_PATH_MOVE_TO))
            continue;
          g_string_append_c (w->out, 'M');
          points = 1;
          break;
        case CAIRO_PATH_LINE_TO:
          g_string_append_c (w->out, 'L');
          points = 1;
          break;
        case CAIRO_PATH_CURVE_TO:
          g_string_append_c (w->out, 'C');
          points = 3;
          break;
        case CAIRO_PATH_CLOSE_PATH:
          g_string_append_c (w->out, 'Z');
          break;
        }
      for (int k = 1; k <= points; k++)
        {
          if (k > 1)
            g_string_append_c (w->out, ' ');
          dg_append_svg_number (w->out, d[k].point.x);
          g_string_append_c (w->out, ' ');
          dg_append_svg_number (w->out, d[k].point.y);
        }
    }
  g_string_append_c (w->out, '"');
  cairo_path_destroy (path);
}

/* A <path> of the scratch path, filled with @fill (NULL: not filled) and
 * stroked with @stroke at @width / @dash (NULL: not stroked); @join
 * "round" or NULL for the default mitre (cairo's limit, 10). */
static void
write_path (Writer *w, const DgColor *fill, const DgColor *stroke, double width, const DgDash *dash,
            const char *join)
{
  g_string_append (w->out, "<path");
  append_path_data (w);
  append_paint (w->out, "fill", fill != NULL ? *fill : (DgColor) { 0, 0, 0, 0 });
  if (stroke != NULL && painted (*stroke))
    {
      GString *line = g_string_new (NULL);
      if (append_line (line, width, dash))
        {
          append_paint (w->out, "stroke", *stroke);
          g_string_append_len (w->out, line->str, (gssize) line->len);
          if (join != NULL)
            g_string_append_printf (w->out, " stroke-linejoin=\"%s\"", join);
          else
            g_string_append (w->out, " stroke-miterlimit=\"10\"");
        }
      g_string_free (line, TRUE);
    }
  g_string_append (w->out, "/>\n");
}

static gboolean
line_ok (double width)
{
  return width > 0.0 && isfinite (width);
}

static void
write_shape (Writer *w, const DgSceneItem *item)
{
  if (!dg_render_shape_outline (w->scratch, item))
    return;
  write_path (w, &item->fill, &item->stroke, item->line_width, &item->dash, NULL);
  if (painted (item->stroke) && line_ok (item->line_width) && dg_render_shape_decoration (w->scratch, item))
    write_path (w, NULL, &item->stroke, item->line_width, &item->dash, NULL);
  cairo_new_path (w->scratch);
}

static void
write_curve (Writer *w, const DgSceneItem *item)
{
  static const DgDash solid = { 0, { 0 } };
  if (item->n_points < 2 || item->points == NULL)
    return;
  if (painted (item->fill))
    {
      dg_render_curve_path (w->scratch, item->points, item->n_points, 0.0);
      cairo_close_path (w->scratch);
      write_path (w, &item->fill, NULL, 0, NULL, NULL);
    }
  if (!painted (item->stroke))
    return;
  if (painted (item->core))
    {
      /* The hollow band(s), as render.c's draw_hollow(). */
      double band, edge, offsets[2];
      guint n = dg_render_hollow_bands (item, &band, &edge, offsets);
      for (guint i = 0; i < n && line_ok (band); i++)
        {
          dg_render_curve_path (w->scratch, item->points, item->n_points, offsets[i]);
          write_path (w, NULL, &item->stroke, band, &item->dash, "round");
          if (band - 2 * edge <= 0)
            continue;
          dg_render_curve_path (w->scratch, item->points, item->n_points, offsets[i]);
          write_path (w, NULL, &item->core, band - 2 * edge, &solid, "round");
        }
      return;
    }
  if (item->double_line)
    {
      double lw = item->line_width / 3.0;
      if (!line_ok (lw))
        return;
      dg_render_curve_path (w->scratch, item->points, item->n_points, lw);
      write_path (w, NULL, &item->stroke, lw, &item->dash, "round");
      dg_render_curve_path (w->scratch, item->points, item->n_points, -lw);
      write_path (w, NULL, &item->stroke, lw, &item->dash, "round");
      return;
    }
  if (!line_ok (item->line_width))
    return;
  dg_render_curve_path (w->scratch, item->points, item->n_points, 0.0);
  write_path (w, NULL, &item->stroke, item->line_width, &item->dash, "round");
}

static void
write_polygon (Writer *w, const DgSceneItem *item)
{
  if (item->n_points < 2 || item->points == NULL)
    return;
  cairo_move_to (w->scratch, item->points[0].x, item->points[0].y);
  for (guint i = 1; i < item->n_points; i++)
    cairo_line_to (w->scratch, item->points[i].x, item->points[i].y);
  cairo_close_path (w->scratch);
  write_path (w, &item->fill, &item->stroke, item->line_width, &item->dash, NULL);
}

/* A Pango family list ("DejaVu Sans,Sans") as a CSS one, Pango's generic
 * aliases as CSS's generic families. */
static void
append_font_family (GString *out, const char *font)
{
  PangoFontDescription *desc = pango_font_description_from_string (font != NULL ? font : "Sans");
  const char *families = pango_font_description_get_family (desc);
  g_auto (GStrv) list = g_strsplit (families != NULL ? families : "Sans", ",", -1);
  g_string_append (out, " font-family=\"");
  gboolean first = TRUE;
  for (guint i = 0; list[i] != NULL; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (list[i]));
      if (name[0] == '\0')
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      if (g_ascii_strcasecmp (name, "sans") == 0 || g_ascii_strcasecmp (name, "sans-serif") == 0)
        g_string_append (out, "sans-serif");
      else if (g_ascii_strcasecmp (name, "serif") == 0)
        g_string_append (out, "serif");
      else if (g_ascii_strcasecmp (name, "monospace") == 0 || g_ascii_strcasecmp (name, "mono") == 0)
        g_string_append (out, "monospace");
      else
        {
          /* A quoted CSS name; quotes and backslashes have no place in a
           * family name and would end the string. */
          g_string_append_c (out, '\'');
          GString *clean = g_string_new (NULL);
          for (const char *p = name; *p != '\0'; p++)
            if (*p != '\'' && *p != '\\' && *p != '"')
              g_string_append_c (clean, *p);
          dg_escape_markup_append (out, clean->str);
          g_string_free (clean, TRUE);
          g_string_append_c (out, '\'');
        }
    }
  if (first)
    g_string_append (out, "sans-serif");
  g_string_append_c (out, '"');
  pango_font_description_free (desc);
}

static void
write_text (Writer *w, const DgSceneItem *item)
{
  const DgBox *box = &item->box;
  if (painted (item->fill) && box->x1 > box->x0 && box->y1 > box->y0)
    {
      /* The halo: decoration, behind the words. */
      g_string_append (w->out, "<rect");
      append_attr_num (w->out, "x", box->x0);
      append_attr_num (w->out, "y", box->y0);
      append_attr_num (w->out, "width", box->x1 - box->x0);
      append_attr_num (w->out, "height", box->y1 - box->y0);
      append_paint (w->out, "fill", item->fill);
      g_string_append (w->out, " aria-hidden=\"true\"/>\n");
    }
  if (item->text == NULL || item->text[0] == '\0')
    return;
  if (!(item->font_size > 0.0) || !isfinite (item->font_size) || !painted (item->stroke))
    return;

  g_autofree char *valid = g_utf8_validate (item->text, -1, NULL) ? NULL : g_utf8_make_valid (item->text, -1);
  g_autoptr (PangoLayout) layout = dg_text_layout_new (w->context, valid != NULL ? valid : item->text, item->font,
                                                       item->font_size, item->bold, item->italic, item->align);
  const char *text = pango_layout_get_text (layout);
  double x = dg_render_text_x (layout, item);

  /* xml:space keeps the spaces Pango draws; geometricPrecision keeps the
   * browser from rounding the font size or hinting, as the PNG does not. */
  g_string_append (w->out, "<text xml:space=\"preserve\" text-rendering=\"geometricPrecision\"");
  append_font_family (w->out, item->font);
  append_attr_num (w->out, "font-size", item->font_size);
  if (item->bold)
    g_string_append (w->out, " font-weight=\"bold\"");
  if (item->italic)
    g_string_append (w->out, " font-style=\"italic\"");
  append_paint (w->out, "fill", item->stroke);
  g_string_append_c (w->out, '>');
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      if (line->length <= 0)
        continue;
      PangoRectangle logical;
      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      double baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      g_string_append (w->out, "<tspan");
      append_attr_num (w->out, "x", x + (double) logical.x / PANGO_SCALE);
      append_attr_num (w->out, "y", box->y0 + baseline);
      g_string_append_c (w->out, '>');
      g_autofree char *words = g_strndup (text + line->start_index, (gsize) line->length);
      dg_escape_markup_append (w->out, words);
      g_string_append (w->out, "</tspan>");
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  g_string_append (w->out, "</text>\n");
}

static void
write_item (Writer *w, const DgSceneItem *item)
{
  if (!(item->opacity > 0.0) || !dg_render_item_is_finite (item))
    return;
  gboolean group = item->opacity < 1.0;
  if (group)
    {
      g_string_append (w->out, "<g");
      append_attr_num (w->out, "opacity", item->opacity);
      g_string_append (w->out, ">\n");
    }
  switch (item->kind)
    {
    case DG_ITEM_SHAPE:
      write_shape (w, item);
      break;
    case DG_ITEM_CURVE:
      write_curve (w, item);
      break;
    case DG_ITEM_POLYGON:
      write_polygon (w, item);
      break;
    case DG_ITEM_TEXT:
      write_text (w, item);
      break;
    }
  if (group)
    g_string_append (w->out, "</g>\n");
}

/* ------------------------------------------------------------------------ */
/* Names */

/* What a party's or tie's group is named by, and whether it was written. */
typedef struct {
  GPtrArray *parties; /* char *, by party index; NULL where none is drawn */
  GPtrArray *ties;    /* char *, by tie index */
  GArray *party_named;
  GArray *tie_named;
  guint n_parties, n_ties; /* drawn */
  guint n_ended;           /* of the ties drawn, ghosts of ended ones */
} Names;

static void
names_clear (Names *n)
{
  g_ptr_array_unref (n->parties);
  g_ptr_array_unref (n->ties);
  g_array_unref (n->party_named);
  g_array_unref (n->tie_named);
}

/* The stage a stage figure shows: its caption's; -1 when it has none. */
static int
figure_stage (const DgScene *scene)
{
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      if (item->role == DG_ROLE_CAPTION && item->stage >= 0)
        return item->stage;
    }
  return -1;
}

static gboolean
is_party_role (DgRole role)
{
  return role == DG_ROLE_PARTY || role == DG_ROLE_PARTY_LABEL;
}

static gboolean
is_tie_role (DgRole role)
{
  return role == DG_ROLE_TIE || role == DG_ROLE_TIE_ARROW || role == DG_ROLE_TIE_LABEL || role == DG_ROLE_TIE_KEY;
}

static void
gstring_free (gpointer s)
{
  if (s != NULL)
    g_string_free (s, TRUE);
}

/* Appends @text on one line to the fallback name in @names[@index]. */
static void
add_words (GPtrArray *names, guint index, const char *text)
{
  GString *s = g_ptr_array_index (names, index);
  g_auto (GStrv) words = g_strsplit_set (text, " \t\r\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      {
        if (s->len > 0)
          g_string_append_c (s, ' ');
        g_string_append (s, words[i]);
      }
}

/* The name of every party and tie @scene draws: from @graph when given
 * (NULL: from the text drawn for them). */
static void
names_init (Names *n, const DgScene *scene, const DgGraph *graph)
{
  int max_party = -1, max_tie = -1;
  guint count = dg_scene_n_items (scene);
  for (guint i = 0; i < count; i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      if (is_party_role (item->role))
        max_party = MAX (max_party, item->party);
      if (is_tie_role (item->role))
        max_tie = MAX (max_tie, item->tie);
    }
  n->parties = g_ptr_array_new_with_free_func (g_free);
  n->ties = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_set_size (n->parties, max_party + 1);
  g_ptr_array_set_size (n->ties, max_tie + 1);
  n->party_named = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), (guint) (max_party + 1));
  g_array_set_size (n->party_named, (guint) (max_party + 1));
  n->tie_named = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), (guint) (max_tie + 1));
  g_array_set_size (n->tie_named, (guint) (max_tie + 1));
  n->n_parties = n->n_ties = n->n_ended = 0;

  /* Fallback names gather the words drawn for each. */
  g_autoptr (GPtrArray) party_words = g_ptr_array_new_with_free_func (gstring_free);
  g_autoptr (GPtrArray) tie_words = g_ptr_array_new_with_free_func (gstring_free);
  for (int i = 0; i <= max_party; i++)
    g_ptr_array_add (party_words, NULL);
  for (int i = 0; i <= max_tie; i++)
    g_ptr_array_add (tie_words, NULL);
  int stage = figure_stage (scene);
  for (guint i = 0; i < count; i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      GPtrArray *words = NULL;
      int index = -1;
      if (is_party_role (item->role) && item->party >= 0)
        words = party_words, index = item->party;
      else if (is_tie_role (item->role) && item->tie >= 0)
        words = tie_words, index = item->tie;
      if (words == NULL)
        continue;
      if (words->pdata[index] == NULL)
        {
          words->pdata[index] = g_string_new (NULL);
          if (words == party_words)
            n->n_parties++;
          else
            n->n_ties++;
        }
      if (item->kind == DG_ITEM_TEXT && item->text != NULL)
        add_words (words, (guint) index, item->text);
    }

  for (int i = 0; i <= max_party; i++)
    {
      GString *words = party_words->pdata[i];
      if (words == NULL)
        continue;
      if (graph != NULL && (guint) i < dg_graph_n_parties (graph))
        n->parties->pdata[i] = dg_party_accessible_name (dg_graph_party (graph, (guint) i));
      else
        n->parties->pdata[i] = g_strdup (words->len > 0 ? words->str : "party");
    }
  for (int i = 0; i <= max_tie; i++)
    {
      GString *words = tie_words->pdata[i];
      if (words == NULL)
        continue;
      if (graph != NULL && (guint) i < dg_graph_n_ties (graph))
        {
          const DgTie *tie = dg_graph_tie (graph, (guint) i);
          char *name = dg_tie_accessible_name (graph, tie);
          /* An ended tie's ghost (see dg_scene_build()). */
          if (stage >= 0 && !dg_tie_active_at (tie, (guint) stage))
            {
              char *ended = g_strconcat (name, ", ended", NULL);
              g_free (name);
              name = ended;
              n->n_ended++;
            }
          n->ties->pdata[i] = name;
        }
      else
        n->ties->pdata[i] = words->len > 0 ? g_strconcat ("tie, ", words->str, NULL) : g_strdup ("tie");
    }
}

/* The <desc> when the caller gives none: what the figure draws, counted. */
static char *
default_description (const DgScene *scene, const DgGraph *graph, const Names *names)
{
  GString *out = g_string_new (NULL);
  guint ties = names->n_ties - names->n_ended;
  if (graph != NULL && dg_graph_is_plain (graph))
    g_string_append_printf (out, "A graph of %u %s and %u %s", names->n_parties,
                            names->n_parties == 1 ? "node" : "nodes", ties, ties == 1 ? "edge" : "edges");
  else
    g_string_append_printf (out, "A deal graph of %u %s and %u %s", names->n_parties,
                            names->n_parties == 1 ? "party" : "parties", ties, ties == 1 ? "tie" : "ties");
  if (names->n_ended > 0)
    g_string_append_printf (out, " (and %u that ended)", names->n_ended);
  int stage = figure_stage (scene);
  if (graph != NULL && stage >= 0 && (guint) stage < dg_graph_n_stages (graph) && !dg_graph_is_static (graph))
    {
      const DgStage *s = dg_graph_stage (graph, (guint) stage);
      g_string_append_printf (out, " at stage %d of %u, %s", stage + 1, dg_graph_n_stages (graph), s->label);
      if (s->date != NULL)
        {
          g_autofree char *date = dg_date_text (s->date);
          g_string_append_printf (out, " (%s)", date);
        }
    }
  g_string_append_c (out, '.');
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------ */
/* The document */

typedef enum {
  WRAP_NONE,
  WRAP_NAMED,  /* a party's or tie's group */
  WRAP_HIDDEN, /* decoration */
} Wrap;

static void
close_wrap (GString *out, Wrap *wrap)
{
  if (*wrap != WRAP_NONE)
    g_string_append (out, "</g>\n");
  *wrap = WRAP_NONE;
}

/* The items of @scene, each party's and tie's first run of items in a
 * group named by @names, decoration outside them hidden. */
static void
write_items (Writer *w, const DgScene *scene, Names *names)
{
  Wrap wrap = WRAP_NONE;
  int open_party = -1, open_tie = -1;
  guint count = dg_scene_n_items (scene);
  for (guint i = 0; i < count; i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      int party = is_party_role (item->role) ? item->party : -1;
      int tie = is_tie_role (item->role) ? item->tie : -1;
      if (wrap == WRAP_NAMED && (party != open_party || tie != open_tie))
        close_wrap (w->out, &wrap);
      if (wrap == WRAP_NONE && (party >= 0 || tie >= 0))
        {
          gboolean *named = party >= 0 ? &g_array_index (names->party_named, gboolean, party)
                                       : &g_array_index (names->tie_named, gboolean, tie);
          if (!*named)
            {
              *named = TRUE;
              const char *name = party >= 0 ? names->parties->pdata[party] : names->ties->pdata[tie];
              g_string_append (w->out, "<g role=\"group\" aria-label=\"");
              dg_escape_markup_append (w->out, name);
              g_string_append (w->out, "\">\n");
              wrap = WRAP_NAMED;
              open_party = party, open_tie = tie;
            }
        }
      if (wrap != WRAP_NAMED)
        {
          /* Outside the named groups, text is read and the rest is not. */
          gboolean decoration = item->kind != DG_ITEM_TEXT;
          if (decoration && wrap == WRAP_NONE)
            {
              g_string_append (w->out, "<g aria-hidden=\"true\">\n");
              wrap = WRAP_HIDDEN;
            }
          else if (!decoration && wrap == WRAP_HIDDEN)
            close_wrap (w->out, &wrap);
        }
      write_item (w, item);
    }
  close_wrap (w->out, &wrap);
}

GBytes *
dg_render_svg (const DgScene *scene, const DgRenderOptions *options, GError **error)
{
  double scale, page_w, page_h;
  if (!dg_render_page_size (scene, options, &scale, &page_w, &page_h, error))
    return NULL;
  const char *description = options->version >= 2 ? options->description : NULL;
  const DgGraph *graph = options->version >= 2 ? options->graph : NULL;

  g_autoptr (cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  g_autoptr (cairo_t) scratch = cairo_create (surface);
  Names names;
  names_init (&names, scene, graph);
  g_autoptr (GString) body = g_string_new (NULL);
  Writer w = { body, scratch, dg_text_context_borrow () };
  DgColor bg = dg_scene_get_background (scene);
  if (painted (bg))
    {
      g_string_append (body, "<rect x=\"0\" y=\"0\"");
      append_attr_num (body, "width", dg_scene_get_width (scene));
      append_attr_num (body, "height", dg_scene_get_height (scene));
      append_paint (body, "fill", bg);
      g_string_append (body, " aria-hidden=\"true\"/>\n");
    }
  write_items (&w, scene, &names);
  dg_text_context_return (w.context);
  if (cairo_status (scratch) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_RENDER, "render: SVG: cairo: %s",
                   cairo_status_to_string (cairo_status (scratch)));
      names_clear (&names);
      return NULL;
    }

  g_autofree char *title = dg_render_clean_title (dg_scene_get_title (scene));
  g_autofree char *desc = dg_render_clean_title (description != NULL ? description : "");
  if (desc[0] == '\0')
    {
      g_free (desc);
      desc = default_description (scene, graph, &names);
    }
  names_clear (&names);

  /* The ids depend on the whole figure, so two figures inlined into one
   * page only share them if they are the same figure. */
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, (const guchar *) body->str, (gssize) body->len);
  g_checksum_update (sum, (const guchar *) title, (gssize) strlen (title) + 1);
  g_checksum_update (sum, (const guchar *) desc, (gssize) strlen (desc));
  g_autofree char *prefix = g_strdup_printf ("dg%.8s-", g_checksum_get_string (sum));

  GString *svg = g_string_sized_new (body->len + 1024);
  g_string_append (svg, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<svg xmlns=\"http://www.w3.org/2000/svg\"");
  g_string_append (svg, " width=\"");
  dg_append_svg_number (svg, page_w);
  g_string_append (svg, "pt\" height=\"");
  dg_append_svg_number (svg, page_h);
  g_string_append (svg, "pt\" viewBox=\"0 0 ");
  dg_append_svg_number (svg, dg_scene_get_width (scene));
  g_string_append_c (svg, ' ');
  dg_append_svg_number (svg, dg_scene_get_height (scene));
  g_string_append_printf (svg, "\" version=\"1.1\" role=\"img\" aria-labelledby=\"%stitle\" "
                               "aria-describedby=\"%sdesc\">\n",
                          prefix, prefix);
  g_string_append_printf (svg, "<title id=\"%stitle\">", prefix);
  dg_escape_markup_append (svg, title);
  g_string_append_printf (svg, "</title>\n<desc id=\"%sdesc\">", prefix);
  dg_escape_markup_append (svg, desc);
  g_string_append (svg, "</desc>\n");
  g_string_append_len (svg, body->str, (gssize) body->len);
  g_string_append (svg, "</svg>\n");
  return g_string_free_to_bytes (svg);
}
