/* look.c — the style stage: every element's look, from the theme's defaults and the user's DOT attributes.
 *
 * The cascade is Graphviz's own: the theme stands where Graphviz's built-in
 * defaults stand (per party or tie kind, and term), and whatever the user
 * wrote — on the element, or in `node`/`edge`/subgraph defaults, as cgraph
 * already resolved them — wins. The layout sizes parties from these looks
 * and hands Graphviz the attributes in each look's @gv; the scene paints
 * them; export reads them. Nothing downstream consults the theme's party or
 * tie styles again. */
#include <math.h>
#include <string.h>

#include "dg-gv-private.h"
#include "style.h"

struct DgLooks {
  GStringChunk *strings;
  GPtrArray *attr_lists;
  guint n_parties, n_ties, n_groups;
  DgPartyLook *parties;
  DgTieLook *ties;
  DgGroupLook *groups;
  DgGraphLook graph;
};

/* ---- helpers ----------------------------------------------------------- */

typedef struct {
  DgLooks *looks;
  GArray *attrs; /* DgAttr being collected for one element */
} Gv;

static void
gv_begin (Gv *gv, DgLooks *looks)
{
  gv->looks = looks;
  gv->attrs = g_array_new (FALSE, FALSE, sizeof (DgAttr));
}

static void
gv_set_full (Gv *gv, const char *name, const char *value, gboolean html)
{
  const char *n = g_string_chunk_insert_const (gv->looks->strings, name);
  const char *v = g_string_chunk_insert_const (gv->looks->strings, value);
  for (guint i = 0; i < gv->attrs->len; i++)
    {
      DgAttr *a = &g_array_index (gv->attrs, DgAttr, i);
      if (g_str_equal (a->name, name))
        {
          a->value = v;
          a->html = html;
          return;
        }
    }
  DgAttr a = { n, v, html };
  g_array_append_val (gv->attrs, a);
}

static void
gv_set (Gv *gv, const char *name, const char *value)
{
  gv_set_full (gv, name, value, FALSE);
}

static void
gv_setf (Gv *gv, const char *name, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  gv_set (gv, name, g_ascii_formatd (buf, sizeof buf, "%.4f", value));
}

static void
gv_set_color (Gv *gv, const char *name, DgColor c)
{
  char buf[16];
  g_snprintf (buf, sizeof buf, "#%02x%02x%02x%02x", (int) lround (CLAMP (c.r, 0, 1) * 255),
              (int) lround (CLAMP (c.g, 0, 1) * 255), (int) lround (CLAMP (c.b, 0, 1) * 255),
              (int) lround (CLAMP (c.a, 0, 1) * 255));
  gv_set (gv, name, buf);
}

/* Copies the user's attribute @name, if set, into the Graphviz attributes. */
static gboolean
gv_copy (Gv *gv, const DgAttrs *attrs, const char *name)
{
  const DgAttr *a = dg_attrs_find (attrs, name);
  if (a == NULL)
    return FALSE;
  gv_set_full (gv, name, a->value, a->html);
  return TRUE;
}

static gint
attr_compare (gconstpointer a, gconstpointer b)
{
  return strcmp (((const DgAttr *) a)->name, ((const DgAttr *) b)->name);
}

/* The collected attributes, sorted by name as a DgAttrs must be. */
static DgAttrs
gv_end (Gv *gv)
{
  g_array_sort (gv->attrs, attr_compare);
  guint n = gv->attrs->len;
  DgAttr *items = (DgAttr *) (void *) g_array_free (gv->attrs, n == 0);
  gv->attrs = NULL;
  if (n == 0)
    return (DgAttrs) { 0, NULL };
  g_ptr_array_add (gv->looks->attr_lists, items);
  return (DgAttrs) { n, items };
}

static gboolean
number (const DgAttrs *attrs, const char *name, double *out)
{
  const char *v = dg_attrs_get (attrs, name);
  if (v == NULL)
    return FALSE;
  char *end = NULL;
  double d = g_ascii_strtod (v, &end);
  if (end == v || !isfinite (d))
    return FALSE;
  *out = d;
  return TRUE;
}

/* The first colour of a Graphviz colour list ("red:blue;0.3" → red). */
static gboolean
first_color (const char *value, const char *scheme, DgColor *out)
{
  if (value == NULL)
    return FALSE;
  g_autofree char *first = g_strdup (value);
  char *colon = strchr (first, ':');
  if (colon != NULL)
    *colon = '\0';
  char *semi = strchr (first, ';');
  if (semi != NULL)
    *semi = '\0';
  return first[0] != '\0' && dg_gv_color_parse (first, scheme, out);
}

static gboolean
is_list (const char *value)
{
  return value != NULL && strchr (value, ':') != NULL;
}

typedef struct {
  gboolean filled, rounded, dashed, dotted, bold, invis, solid;
  gboolean special; /* diagonals, striped, wedged, radial, tapered */
  double linewidth; /* setlinewidth(N); 0 when absent */
} Style;

static Style
read_style (const char *value)
{
  Style s = { 0 };
  if (value == NULL)
    return s;
  g_auto (GStrv) words = g_strsplit (value, ",", 32);
  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *w = g_strstrip (words[i]);
      if (g_str_equal (w, "filled"))
        s.filled = TRUE;
      else if (g_str_equal (w, "rounded"))
        s.rounded = TRUE;
      else if (g_str_equal (w, "dashed"))
        s.dashed = TRUE;
      else if (g_str_equal (w, "dotted"))
        s.dotted = TRUE;
      else if (g_str_equal (w, "bold"))
        s.bold = TRUE;
      else if (g_str_equal (w, "invis"))
        s.invis = TRUE;
      else if (g_str_equal (w, "solid"))
        s.solid = TRUE;
      else if (g_str_has_prefix (w, "setlinewidth("))
        s.linewidth = g_ascii_strtod (w + 13, NULL);
      else if (w[0] != '\0')
        s.special = TRUE;
    }
  return s;
}

/* Graphviz's dash patterns (its cairo renderer: dashed 6/… , dotted 2/…),
 * in points for a line of width @width. */
static DgDash
style_dash (const Style *s, DgDash fallback)
{
  if (s->dashed)
    return (DgDash) { 2, { 6.0, 6.0 } };
  if (s->dotted)
    return (DgDash) { 2, { 1.0, 4.0 } };
  if (s->solid)
    return (DgDash) { 0, { 0 } };
  return fallback;
}

void
dg_font_from_graphviz (const char *name, const char **family, gboolean *bold, gboolean *italic)
{
  g_return_if_fail (family != NULL && bold != NULL && italic != NULL);
  *bold = *italic = FALSE;
  if (name == NULL || name[0] == '\0')
    {
      *family = g_intern_static_string ("Sans");
      return;
    }
  g_autofree char *base = g_strdup (name);
  /* dealgraph's own spelling for a bold family (layout: font_name). */
  if (g_str_has_suffix (base, " Bold"))
    {
      base[strlen (base) - 5] = '\0';
      *bold = TRUE;
    }
  /* PostScript names, as Graphviz's own renderers read them. */
  static const struct {
    const char *suffix;
    gboolean bold, italic;
  } ps[] = {
    { "-BoldItalic", TRUE, TRUE }, { "-BoldOblique", TRUE, TRUE }, { "-Bold", TRUE, FALSE },
    { "-Italic", FALSE, TRUE },    { "-Oblique", FALSE, TRUE },    { "-Roman", FALSE, FALSE },
    { "-Regular", FALSE, FALSE },  { "-Book", FALSE, FALSE },      { "-Light", FALSE, FALSE },
    { "-DemiItalic", TRUE, TRUE }, { "-DemiOblique", TRUE, TRUE }, { "-Demi", TRUE, FALSE },
    { "-LightItalic", FALSE, TRUE }, { "-BookOblique", FALSE, TRUE }, { "-MediumItalic", FALSE, TRUE },
    { "-Medium", FALSE, FALSE },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (ps); i++)
    if (g_str_has_suffix (base, ps[i].suffix) && strlen (base) > strlen (ps[i].suffix))
      {
        base[strlen (base) - strlen (ps[i].suffix)] = '\0';
        *bold |= ps[i].bold;
        *italic |= ps[i].italic;
        break;
      }
  /* Graphviz's PostScript families under the names fontconfig knows. */
  static const char *const aliases[][2] = {
    { "Times", "serif" },        { "Helvetica", "sans-serif" },       { "Courier", "monospace" },
    { "Arial", "sans-serif" },   { "Bookman", "serif" },              { "AvantGarde", "sans-serif" },
    { "NewCenturySchlbk", "serif" }, { "Palatino", "serif" },         { "Symbol", "Symbol" },
    { "ZapfChancery", "serif" }, { "ZapfDingbats", "Dingbats" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_ascii_strcasecmp (base, aliases[i][0]) == 0)
      {
        /* "Times" first: a machine that has Times gets it; fontconfig
         * falls back to the generic family otherwise. */
        g_autofree char *list = g_strdup_printf ("%s,%s", aliases[i][0], aliases[i][1]);
        *family = g_intern_string (list);
        return;
      }
  *family = g_intern_string (base);
}

static DgFont
resolve_font (const DgAttrs *attrs, const char *scheme, const char *name_key, const char *size_key,
              const char *color_key, const char *theme_family, double theme_size, gboolean theme_bold,
              DgColor theme_color)
{
  DgFont f = { g_intern_string (theme_family != NULL ? theme_family : "Sans"), theme_size, theme_bold, FALSE,
               theme_color };
  const char *name = dg_attrs_get (attrs, name_key);
  if (name != NULL)
    dg_font_from_graphviz (name, &f.family, &f.bold, &f.italic);
  double size;
  if (number (attrs, size_key, &size) && size >= 1)
    f.size = size;
  DgColor c;
  if (first_color (dg_attrs_get (attrs, color_key), scheme, &c))
    f.color = c;
  return f;
}

/* The name Graphviz is given for @font: the family, with " Bold" for bold
 * (read back by dg_font_from_graphviz and the text measure). Italic fonts
 * are only asked for by HTML-like labels. */
static char *
gv_font_name (const DgFont *font)
{
  return g_strdup_printf ("%s%s", font->family, font->bold ? " Bold" : "");
}

/* DOT's escapes in a plain label that only Graphviz lays out: left or right
 * justified lines. */
static gboolean
has_justified_lines (const char *label)
{
  for (const char *p = label; p != NULL && *p != '\0'; p++)
    if (*p == '\\' && (p[1] == 'l' || p[1] == 'r'))
      return TRUE;
    else if (*p == '\\' && p[1] != '\0')
      p++;
  return FALSE;
}

/* Graphviz reads backslash escapes and HTML entities in labels; dealgraph's
 * own labels are plain text, escaped so Graphviz measures them as drawn. */
static char *
gv_plain_label (const char *text)
{
  GString *out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\\')
        g_string_append (out, "\\\\");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p == '&')
        g_string_append (out, "&amp;");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Shapes dealgraph draws itself. */
static gboolean
own_shape (const char *shape, gboolean rounded, DgShape *out)
{
  static const struct {
    const char *name;
    DgShape shape;
  } map[] = {
    { "box", DG_SHAPE_BOX },         { "rect", DG_SHAPE_BOX },         { "rectangle", DG_SHAPE_BOX },
    { "square", DG_SHAPE_BOX },      { "ellipse", DG_SHAPE_ELLIPSE },  { "oval", DG_SHAPE_ELLIPSE },
    { "circle", DG_SHAPE_CIRCLE },   { "hexagon", DG_SHAPE_HEXAGON },  { "diamond", DG_SHAPE_DIAMOND },
    { "cylinder", DG_SHAPE_CYLINDER }, { "note", DG_SHAPE_NOTE },
    { "parallelogram", DG_SHAPE_PARALLELOGRAM },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (shape, map[i].name))
      {
        *out = map[i].shape;
        if (rounded && *out == DG_SHAPE_BOX)
          *out = DG_SHAPE_ROUNDED;
        else if (rounded)
          return FALSE;
        return TRUE;
      }
  return FALSE;
}

/* The mark of an element a diff does not mark: fully opaque, nothing added. */
static const DgMarkLook unmarked = { FALSE, DG_CHANGE_BEGAN, 1.0, { 0, 0, 0, 0 }, 0, FALSE, FALSE, FALSE };

/* ---- parties ----------------------------------------------------------- */

static void
resolve_party (DgLooks *looks, const DgGraph *graph, const DgTheme *theme, guint index)
{
  const DgParty *party = dg_graph_party (graph, index);
  const DgPartyStyle *ps = dg_theme_party_style (theme, party->kind);
  const DgFurnitureStyle *fs = dg_theme_furniture (theme);
  const DgAttrs *a = &party->attrs;
  const char *scheme = dg_attrs_get (a, "colorscheme");
  DgPartyLook *look = &looks->parties[index];
  Style st = read_style (dg_attrs_get (a, "style"));

  look->visible = !st.invis;
  look->mark = unmarked;
  look->fill = ps->fill;
  look->stroke = ps->stroke;
  look->pen_width = ps->stroke_width;
  look->dash = (DgDash) { 0, { 0 } };
  const char *user_shape = dg_attrs_get (a, "shape");
  look->shape = user_shape != NULL ? g_intern_string (user_shape) : dg_shape_graphviz_name (ps->shape);
  gboolean rounded = st.rounded || (user_shape == NULL && ps->shape == DG_SHAPE_ROUNDED);

  DgColor c;
  const char *color = dg_attrs_get (a, "color"), *fillcolor = dg_attrs_get (a, "fillcolor");
  if (first_color (color, scheme, &c))
    look->stroke = c;
  /* Graphviz fills with fillcolor, else color; the theme's parties are
   * filled already, so a colour the user names is the fill. */
  if (first_color (fillcolor, scheme, &c))
    look->fill = c;
  else if (st.filled && first_color (color, scheme, &c))
    look->fill = c;
  else if (st.filled && color == NULL && fillcolor == NULL)
    look->fill = (DgColor) { 0.827, 0.827, 0.827, 1 }; /* what Graphviz fills with: lightgrey */
  double w;
  if (number (a, "penwidth", &w))
    look->pen_width = w;
  else if (st.linewidth > 0)
    look->pen_width = st.linewidth;
  else if (st.bold)
    look->pen_width = 2.0;
  look->dash = style_dash (&st, look->dash);
  /* Graphviz's pen colour also draws the borders of HTML-like tables, which
   * a node without an outline still has. */
  DgColor gv_stroke = look->stroke, gv_fill = look->fill;
  double peripheries = 1;
  if (number (a, "peripheries", &peripheries) && peripheries == 0)
    look->stroke.a = 0;
  gboolean plaintext = g_str_equal (look->shape, "plaintext") || g_str_equal (look->shape, "plain")
                       || g_str_equal (look->shape, "none");

  look->font = resolve_font (a, scheme, "fontname", "fontsize", "fontcolor", fs->font, fs->font_size, ps->bold,
                             ps->text);
  const DgAttr *label = dg_attrs_find (a, "label");
  look->label_kind = label != NULL && label->html ? DG_LABEL_HTML
                     : g_str_equal (look->shape, "record") || g_str_equal (look->shape, "Mrecord")
                         ? DG_LABEL_RECORD
                         : DG_LABEL_PLAIN;
  look->label = party->label;
  if (label != NULL && !label->html && label->value[0] == '\0')
    look->label = "";

  DgShape shape;
  look->own = own_shape (look->shape, rounded, &shape) && look->label_kind == DG_LABEL_PLAIN
              && !(label != NULL && has_justified_lines (label->value)) && peripheries <= 1 && !st.special
              && !is_list (color) && !is_list (fillcolor) && dg_attrs_find (a, "skew") == NULL
              && dg_attrs_find (a, "distortion") == NULL && dg_attrs_find (a, "orientation") == NULL
              && dg_attrs_find (a, "regular") == NULL && dg_attrs_find (a, "xlabel") == NULL
              && dg_attrs_find (a, "labelloc") == NULL && dg_attrs_find (a, "sides") == NULL;
  look->dg_shape = look->own ? shape : ps->shape;
  if (plaintext)
    look->stroke.a = 0, look->fill.a = 0;

  Gv gv;
  gv_begin (&gv, looks);
  g_autofree char *font = gv_font_name (&look->font);
  gv_set (&gv, "fontname", dg_attrs_get (a, "fontname") != NULL && !look->own ? dg_attrs_get (a, "fontname") : font);
  gv_setf (&gv, "fontsize", look->font.size);
  gv_set (&gv, "shape", look->shape);
  if (look->own)
    {
      g_autofree char *text = gv_plain_label (look->label);
      gv_set (&gv, "label", text);
    }
  else if (label != NULL)
    gv_set_full (&gv, "label", label->value, label->html);
  else
    {
      /* "\N", written out: Graphviz would put in its own name ("p12"). */
      g_autofree char *id = gv_plain_label (party->id);
      gv_set (&gv, "label", id);
    }
  char margin[64], mx[G_ASCII_DTOSTR_BUF_SIZE], my[G_ASCII_DTOSTR_BUF_SIZE];
  g_snprintf (margin, sizeof margin, "%s,%s", g_ascii_formatd (mx, sizeof mx, "%.4f", ps->margin_x / 72.0),
              g_ascii_formatd (my, sizeof my, "%.4f", ps->margin_y / 72.0));
  /* dealgraph's own parties are as small as their label and margins allow;
   * Graphviz's keep Graphviz's sizes (a point is a dot, a record's fields
   * have Graphviz's padding) unless the user gave some. */
  if (!gv_copy (&gv, a, "margin") && look->own)
    gv_set (&gv, "margin", margin);
  if (!gv_copy (&gv, a, "width") && look->own)
    gv_set (&gv, "width", "0.3");
  if (!gv_copy (&gv, a, "height") && look->own)
    gv_set (&gv, "height", "0.3");
  static const char *const passed[] = { "fixedsize", "peripheries", "sides", "skew", "distortion", "orientation",
                                        "regular", "xlabel", "labelloc", "group", "ordering", "nojustify",
                                        "colorscheme", "gradientangle" };
  for (gsize i = 0; i < G_N_ELEMENTS (passed); i++)
    gv_copy (&gv, a, passed[i]);
  if (!look->own)
    {
      /* Graphviz draws this party: it is told the resolved colours, so its
       * drawing is the look; the user's own colour lists go through as
       * written (striped and wedged fills, multi-colour outlines). */
      if (!gv_copy (&gv, a, "color"))
        gv_set_color (&gv, "color", gv_stroke);
      /* A point is filled with its pen colour unless told otherwise. */
      if (!gv_copy (&gv, a, "fillcolor") && !g_str_equal (look->shape, "point"))
        gv_set_color (&gv, "fillcolor", gv_fill);
      if (!gv_copy (&gv, a, "fontcolor"))
        gv_set_color (&gv, "fontcolor", look->font.color);
      gv_setf (&gv, "penwidth", look->pen_width);
      GString *style = g_string_new (dg_attrs_get (a, "style"));
      if (look->fill.a > 0 && !st.filled && !plaintext)
        g_string_append (style, style->len > 0 ? ",filled" : "filled");
      if (rounded && !st.rounded)
        g_string_append (style, style->len > 0 ? ",rounded" : "rounded");
      if (style->len > 0)
        gv_set (&gv, "style", style->str);
      g_string_free (style, TRUE);
    }
  look->gv = gv_end (&gv);
}

/* ---- ties -------------------------------------------------------------- */

typedef struct {
  double min, max;
} Range;

static char *
range_key (const DgTie *tie)
{
  return g_strdup_printf ("%s\x1f%d\x1f%s", tie->kind != NULL ? tie->kind : "", tie->value.unit,
                          tie->value.currency);
}

static GHashTable *
value_ranges (const DgGraph *graph)
{
  GHashTable *ranges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    {
      const DgTie *tie = dg_graph_tie (graph, i);
      if (!tie->value.present || tie->value.amount <= 0)
        continue;
      char *key = range_key (tie);
      Range *r = g_hash_table_lookup (ranges, key);
      if (r == NULL)
        {
          r = g_new (Range, 1);
          r->min = r->max = tie->value.amount;
          g_hash_table_insert (ranges, key, r);
        }
      else
        {
          g_free (key);
          r->min = MIN (r->min, tie->value.amount);
          r->max = MAX (r->max, tie->value.amount);
        }
    }
  return ranges;
}

/* The value's share of the largest value of its kind and unit (percentages:
 * of 100), 0..1; 1 without a value. */
static double
value_share (GHashTable *ranges, const DgTie *tie)
{
  if (!tie->value.present)
    return 1.0;
  double v = tie->value.amount, max;
  if (tie->value.unit == DG_UNIT_PERCENT)
    max = 100.0;
  else
    {
      g_autofree char *key = range_key (tie);
      const Range *r = g_hash_table_lookup (ranges, key);
      max = r != NULL ? r->max : v;
    }
  if (max <= 0 || v <= 0)
    return 0;
  return CLAMP (v / max, 0.0, 1.0);
}

double *
dg_style_tie_weights (const DgGraph *graph)
{
  g_return_val_if_fail (graph != NULL, NULL);
  g_autoptr (GHashTable) ranges = value_ranges (graph);
  double *weights = g_new (double, dg_graph_n_ties (graph) + 1);
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    weights[i] = value_share (ranges, dg_graph_tie (graph, i));
  return weights;
}

/* Where a share sits on the theme's scale, 0..1. */
static double
scaled (double t, DgScale scale)
{
  if (t <= 0)
    return 0;
  switch (scale)
    {
    case DG_SCALE_LINEAR:
      break;
    case DG_SCALE_SQRT:
      t = sqrt (t);
      break;
    case DG_SCALE_LOG:
      /* Three decades below the largest value map onto the width range. */
      t = (log10 (t) + 3.0) / 3.0;
      break;
    }
  return CLAMP (t, 0.0, 1.0);
}

/* How much of a tie's colour its hollow band's inside keeps; the rest is
 * the background. Pale enough that the edges stand out on it, strong
 * enough to be seen as a fill, in colour and in grey. */
#define HOLLOW_TINT 0.45

DgColor
dg_style_hollow_core (DgColor c, DgColor background)
{
  return (DgColor) { background.r + (c.r - background.r) * HOLLOW_TINT,
                     background.g + (c.g - background.g) * HOLLOW_TINT,
                     background.b + (c.b - background.b) * HOLLOW_TINT, c.a };
}

/* A hollow double line is two bands side by side with a gap (see the
 * renderer): each band as wide as a single hollow line would be. */
#define HOLLOW_DOUBLE_FACTOR 2.5

static void
resolve_tie (DgLooks *looks, const DgGraph *graph, const DgTheme *theme, GHashTable *ranges, guint index)
{
  const DgTie *tie = dg_graph_tie (graph, index);
  const DgTieStyle *ts = dg_theme_tie_style (theme, tie->kind);
  const DgFurnitureStyle *fs = dg_theme_furniture (theme);
  const DgAttrs *a = &tie->attrs;
  const char *scheme = dg_attrs_get (a, "colorscheme");
  DgTieLook *look = &looks->ties[index];
  Style st = read_style (dg_attrs_get (a, "style"));

  look->visible = !st.invis;
  look->mark = unmarked;
  look->color = ts->color;
  look->dash = ts->dash;
  look->width = ts->width;
  look->arrow = ts->arrow;
  look->weight = value_share (ranges, tie);
  if (tie->value.present)
    look->width = ts->min_width + (ts->max_width - ts->min_width) * scaled (look->weight, ts->scale);
  /* Plain DOT states no values anywhere: its lines are drawn as dot would. */
  look->hollow = !tie->value.present && ts->no_value == DG_NO_VALUE_HOLLOW && !dg_graph_is_plain (graph);
  for (guint i = 0; tie->terms[i] != NULL; i++)
    {
      const DgTermStyle *term = dg_theme_term_style (theme, tie->terms[i]);
      if (term == NULL)
        continue;
      if (term->has_dash)
        look->dash = term->dash;
      if (term->has_color)
        look->color = term->color;
      look->double_line |= term->double_line;
    }
  if (!dg_graph_is_directed (graph))
    look->arrow = DG_ARROW_NONE;

  const char *color = dg_attrs_get (a, "color");
  DgColor c;
  if (first_color (color, scheme, &c))
    look->color = c;
  double w;
  if (number (a, "penwidth", &w))
    look->width = w, look->hollow = FALSE;
  else if (st.linewidth > 0)
    look->width = st.linewidth, look->hollow = FALSE;
  else if (st.bold)
    look->width = MAX (look->width, 2.0);
  look->dash = style_dash (&st, look->dash);

  look->font = resolve_font (a, scheme, "fontname", "fontsize", "fontcolor", fs->font, fs->label_font_size, FALSE,
                             fs->text);
  const DgAttr *label = dg_attrs_find (a, "label");
  look->label_kind = label != NULL && label->html ? DG_LABEL_HTML : DG_LABEL_PLAIN;
  look->own_line = !is_list (color) && !st.special;
  /* Graphviz draws what only it can (colour lists, tapered lines) as it
   * is asked to, with no band. */
  look->hollow &= look->own_line;
  if (look->hollow)
    look->width = MAX (look->width, DG_HOLLOW_MIN_WIDTH) * (look->double_line ? HOLLOW_DOUBLE_FACTOR : 1.0);
  look->core = look->hollow ? dg_style_hollow_core (look->color, looks->graph.background) : (DgColor) { 0, 0, 0, 0 };
  static const char *const arrow_attrs[] = { "arrowhead", "arrowtail", "dir", "arrowsize" };
  look->own_arrows = TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (arrow_attrs); i++)
    if (dg_attrs_find (a, arrow_attrs[i]) != NULL)
      look->own_arrows = FALSE;
  look->own_label = look->label_kind == DG_LABEL_PLAIN && dg_attrs_find (a, "xlabel") == NULL
                    && !(label != NULL && has_justified_lines (label->value));

  Gv gv;
  gv_begin (&gv, looks);
  g_autofree char *font = gv_font_name (&look->font);
  if (look->own_label)
    {
      g_autofree char *caption = dg_tie_caption (graph, tie);
      if (caption != NULL)
        {
          g_autofree char *text = gv_plain_label (caption);
          gv_set (&gv, "label", text);
        }
      gv_set (&gv, "fontname", font);
    }
  else
    {
      gv_copy (&gv, a, "label");
      gv_copy (&gv, a, "xlabel");
      gv_set (&gv, "fontname", dg_attrs_get (a, "fontname") != NULL ? dg_attrs_get (a, "fontname") : font);
      if (!gv_copy (&gv, a, "fontcolor"))
        gv_set_color (&gv, "fontcolor", look->font.color);
    }
  gv_setf (&gv, "fontsize", look->font.size);
  if (look->own_arrows)
    {
      if (look->arrow == DG_ARROW_NONE)
        gv_set (&gv, "dir", "none");
      gv_set (&gv, "arrowsize", "0.8");
    }
  else
    {
      static const char *const passed[] = { "arrowhead", "arrowtail", "dir", "arrowsize" };
      for (gsize i = 0; i < G_N_ELEMENTS (passed); i++)
        gv_copy (&gv, a, passed[i]);
      if (dg_attrs_find (a, "arrowhead") == NULL && look->arrow != DG_ARROW_NONE)
        gv_set (&gv, "arrowhead", dg_arrow_graphviz_name (look->arrow));
      if (dg_attrs_find (a, "dir") == NULL && !dg_graph_is_directed (graph))
        gv_set (&gv, "dir", "none");
    }
  static const char *const passed[] = { "headlabel", "taillabel", "labelfontcolor", "labelfontname",
                                        "labelfontsize", "labelangle", "labeldistance", "labelfloat",
                                        "headport", "tailport", "headclip", "tailclip", "weight", "minlen",
                                        "constraint", "samehead", "sametail", "decorate", "colorscheme", "len" };
  for (gsize i = 0; i < G_N_ELEMENTS (passed); i++)
    gv_copy (&gv, a, passed[i]);
  if (dg_attrs_find (a, "headlabel") != NULL || dg_attrs_find (a, "taillabel") != NULL)
    {
      if (dg_attrs_find (a, "labelfontname") == NULL)
        gv_set (&gv, "labelfontname", dg_attrs_get (a, "fontname") != NULL ? dg_attrs_get (a, "fontname") : font);
      if (dg_attrs_find (a, "labelfontcolor") == NULL && dg_attrs_find (a, "fontcolor") == NULL)
        gv_set_color (&gv, "labelfontcolor", look->font.color);
      else if (dg_attrs_find (a, "labelfontcolor") == NULL)
        gv_copy (&gv, a, "fontcolor");
    }
  /* Graphviz draws the line, the arrowheads or both: with these colours. */
  if (!gv_copy (&gv, a, "color"))
    gv_set_color (&gv, "color", look->color);
  gv_setf (&gv, "penwidth", look->width);
  gv_copy (&gv, a, "style");
  look->gv = gv_end (&gv);
}

/* ---- groups and the graph ---------------------------------------------- */

static void
resolve_group (DgLooks *looks, const DgGraph *graph, const DgTheme *theme, guint index)
{
  const DgGroup *group = dg_graph_group (graph, index);
  const DgFurnitureStyle *fs = dg_theme_furniture (theme);
  const DgAttrs *a = &group->attrs;
  const char *scheme = dg_attrs_get (a, "colorscheme");
  DgGroupLook *look = &looks->groups[index];
  Style st = read_style (dg_attrs_get (a, "style"));
  look->visible = !st.invis;
  look->fill = fs->group_fill;
  look->stroke = fs->group_stroke;
  look->pen_width = 0.75;
  look->rounded = dg_attrs_find (a, "style") == NULL || st.rounded;
  DgColor c;
  const char *color = dg_attrs_get (a, "color"), *fillcolor = dg_attrs_get (a, "fillcolor");
  const char *bgcolor = dg_attrs_get (a, "bgcolor"), *pencolor = dg_attrs_get (a, "pencolor");
  if (first_color (pencolor, scheme, &c) || first_color (color, scheme, &c))
    look->stroke = c;
  if (first_color (bgcolor, scheme, &c))
    look->fill = c;
  if (first_color (fillcolor, scheme, &c) || (st.filled && first_color (color, scheme, &c)))
    look->fill = c;
  else if (dg_attrs_find (a, "style") != NULL && !st.filled && bgcolor == NULL)
    look->fill.a = 0; /* as in Graphviz: a styled cluster is only filled on request */
  double w;
  if (number (a, "penwidth", &w))
    look->pen_width = w;
  else if (st.bold)
    look->pen_width = 2.0;
  look->dash = style_dash (&st, (DgDash) { 0, { 0 } });
  double peripheries = 1;
  if (number (a, "peripheries", &peripheries) && peripheries == 0)
    look->stroke.a = 0;
  look->font = resolve_font (a, scheme, "fontname", "fontsize", "fontcolor", fs->font, fs->small_font_size, TRUE,
                             fs->muted);
  const DgAttr *label = dg_attrs_find (a, "label");
  look->label_kind = label != NULL && label->html ? DG_LABEL_HTML : DG_LABEL_PLAIN;
  look->own = look->label_kind == DG_LABEL_PLAIN && !st.special && !is_list (color) && !is_list (fillcolor)
              && !is_list (bgcolor) && peripheries <= 1 && !(label != NULL && has_justified_lines (label->value));

  Gv gv;
  gv_begin (&gv, looks);
  g_autofree char *font = gv_font_name (&look->font);
  gv_set (&gv, "fontname", dg_attrs_get (a, "fontname") != NULL && !look->own ? dg_attrs_get (a, "fontname") : font);
  gv_setf (&gv, "fontsize", look->font.size);
  if (group->label != NULL && look->own)
    {
      g_autofree char *text = gv_plain_label (group->label);
      gv_set (&gv, "label", text);
    }
  else if (label != NULL)
    gv_set_full (&gv, "label", label->value, label->html);
  gv_copy (&gv, a, "labelloc");
  gv_copy (&gv, a, "labeljust");
  if (!look->own)
    {
      static const char *const passed[] = { "color", "fillcolor", "bgcolor", "pencolor", "style", "peripheries",
                                            "colorscheme", "gradientangle" };
      for (gsize i = 0; i < G_N_ELEMENTS (passed); i++)
        gv_copy (&gv, a, passed[i]);
      if (dg_attrs_find (a, "pencolor") == NULL && dg_attrs_find (a, "color") == NULL)
        gv_set_color (&gv, "pencolor", look->stroke);
      if (!gv_copy (&gv, a, "fontcolor"))
        gv_set_color (&gv, "fontcolor", look->font.color);
      gv_setf (&gv, "penwidth", look->pen_width);
    }
  look->gv = gv_end (&gv);
}

static void
resolve_graph (DgLooks *looks, const DgGraph *graph, const DgTheme *theme)
{
  const DgFurnitureStyle *fs = dg_theme_furniture (theme);
  const DgAttrs *a = dg_graph_get_attrs (graph);
  const char *scheme = dg_attrs_get (a, "colorscheme");
  DgGraphLook *look = &looks->graph;
  look->background = fs->background;
  DgColor c;
  if (first_color (dg_attrs_get (a, "bgcolor"), scheme, &c))
    look->background = c;
  gboolean plain = dg_graph_is_plain (graph);
  look->own_title = !plain;
  look->legend = !plain;
  look->font = resolve_font (a, scheme, "fontname", "fontsize", "fontcolor", fs->font,
                             plain ? fs->caption_font_size : fs->title_font_size, FALSE, fs->text);
  Gv gv;
  gv_begin (&gv, looks);
  if (!look->own_title)
    {
      /* Plain DOT: the label goes where Graphviz puts it (bottom, centred,
       * unless labelloc/labeljust say otherwise). */
      gv_copy (&gv, a, "label");
      gv_copy (&gv, a, "labelloc");
      gv_copy (&gv, a, "labeljust");
      gv_set (&gv, "fontname", dg_attrs_get (a, "fontname") != NULL ? dg_attrs_get (a, "fontname") : fs->font);
      gv_setf (&gv, "fontsize", look->font.size);
      if (!gv_copy (&gv, a, "fontcolor"))
        gv_set_color (&gv, "fontcolor", look->font.color);
    }
  static const char *const passed[] = { "newrank", "compound", "ordering", "forcelabels", "center", "nojustify" };
  for (gsize i = 0; i < G_N_ELEMENTS (passed); i++)
    gv_copy (&gv, a, passed[i]);
  look->gv = gv_end (&gv);
}

/* ---- change marks ------------------------------------------------------ */

static DgMarkLook
mark_look (const DgChangeStyle *cs, DgChangeKind kind)
{
  return (DgMarkLook) { TRUE, kind, cs->opacity, cs->halo, cs->halo_width, cs->bold, cs->strike, cs->frame };
}

static void
mark_party (DgPartyLook *look, const DgTheme *theme, DgChangeKind kind)
{
  const DgChangeStyle *cs = dg_theme_change_style (theme, kind);
  look->mark = mark_look (cs, kind);
  look->pen_width *= cs->width_factor;
  if (cs->has_color)
    look->stroke = cs->color;
  if (cs->has_dash)
    look->dash = cs->dash;
}

static void
mark_tie (DgTieLook *look, const DgTheme *theme, DgChangeKind kind, DgColor background)
{
  const DgChangeStyle *cs = dg_theme_change_style (theme, kind);
  look->mark = mark_look (cs, kind);
  look->width *= cs->width_factor;
  if (cs->has_color)
    look->color = cs->color;
  if (cs->has_color && look->hollow)
    look->core = dg_style_hollow_core (look->color, background);
  if (cs->has_dash)
    look->dash = cs->dash;
}

DgLooks *
dg_looks_new_marked (const DgGraph *graph, const DgTheme *theme, const DgChangeKind *party_changes,
                     const DgChangeKind *tie_changes)
{
  DgLooks *looks = dg_looks_new (graph, theme);
  for (guint i = 0; party_changes != NULL && i < looks->n_parties; i++)
    if (DG_CHANGE_IS_MARKED (party_changes[i]))
      mark_party (&looks->parties[i], theme, party_changes[i]);
  for (guint i = 0; tie_changes != NULL && i < looks->n_ties; i++)
    if (DG_CHANGE_IS_MARKED (tie_changes[i]))
      mark_tie (&looks->ties[i], theme, tie_changes[i], looks->graph.background);
  return looks;
}

DgLooks *
dg_looks_new (const DgGraph *graph, const DgTheme *theme)
{
  g_return_val_if_fail (graph != NULL && theme != NULL, NULL);
  DgLooks *looks = g_new0 (DgLooks, 1);
  looks->strings = g_string_chunk_new (1024);
  looks->attr_lists = g_ptr_array_new_with_free_func (g_free);
  looks->n_parties = dg_graph_n_parties (graph);
  looks->n_ties = dg_graph_n_ties (graph);
  looks->n_groups = dg_graph_n_groups (graph);
  looks->parties = g_new0 (DgPartyLook, MAX (looks->n_parties, 1));
  looks->ties = g_new0 (DgTieLook, MAX (looks->n_ties, 1));
  looks->groups = g_new0 (DgGroupLook, MAX (looks->n_groups, 1));
  /* The graph first: a hollow tie's inside is tinted towards its background. */
  resolve_graph (looks, graph, theme);
  for (guint i = 0; i < looks->n_parties; i++)
    resolve_party (looks, graph, theme, i);
  g_autoptr (GHashTable) ranges = value_ranges (graph);
  for (guint i = 0; i < looks->n_ties; i++)
    resolve_tie (looks, graph, theme, ranges, i);
  for (guint i = 0; i < looks->n_groups; i++)
    resolve_group (looks, graph, theme, i);
  return looks;
}

void
dg_looks_free (DgLooks *looks)
{
  if (looks == NULL)
    return;
  g_free (looks->parties);
  g_free (looks->ties);
  g_free (looks->groups);
  g_ptr_array_unref (looks->attr_lists);
  g_string_chunk_free (looks->strings);
  g_free (looks);
}

const DgPartyLook *
dg_looks_party (const DgLooks *looks, guint party)
{
  g_return_val_if_fail (looks != NULL && party < looks->n_parties, NULL);
  return &looks->parties[party];
}

const DgTieLook *
dg_looks_tie (const DgLooks *looks, guint tie)
{
  g_return_val_if_fail (looks != NULL && tie < looks->n_ties, NULL);
  return &looks->ties[tie];
}

const DgGroupLook *
dg_looks_group (const DgLooks *looks, guint group)
{
  g_return_val_if_fail (looks != NULL && group < looks->n_groups, NULL);
  return &looks->groups[group];
}

const DgGraphLook *
dg_looks_graph (const DgLooks *looks)
{
  g_return_val_if_fail (looks != NULL, NULL);
  return &looks->graph;
}
