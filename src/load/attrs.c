/* attrs.c — which Graphviz drawing attributes a graph may carry, and checking their values.
 *
 * dealgraph hands the user's drawing attributes to Graphviz (layout) and
 * paints with them (style), so every value is checked here first: numbers
 * within the range Graphviz can survive, colours Graphviz knows, words from
 * Graphviz's own lists. Attributes that would make Graphviz read a file or
 * name a link are refused, as are the ones dealgraph sets itself. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attrs-private.h"
#include "dg-gv-private.h"

typedef enum {
  T_TEXT,      /* a label or name: any text */
  T_COLOR,     /* one colour */
  T_COLORLIST, /* a colour, or a list "c1:c2;0.3" */
  T_NUMBER,    /* a finite number within [min, max] */
  T_INT,       /* a whole number within [min, max] */
  T_BOOL,
  T_WORDS,     /* one word of @words */
  T_STYLE,     /* comma-separated words of @words */
  T_ARROW,     /* an arrow-shape name */
  T_FONT,      /* a font family, never a path */
  T_PORT,      /* port[:compass] */
  T_POINT,     /* "x" or "x,y" (inches), optionally with '!' */
  T_RATIO,
  T_SCHEME,    /* a colour scheme name */
} Type;

typedef struct {
  const char *name;
  guint targets;
  Type type;
  double min, max;
  const char *words; /* T_WORDS / T_STYLE: space-separated */
} Spec;

#define N DG_ATTR_NODE
#define E DG_ATTR_EDGE
#define G DG_ATTR_GRAPH
#define C DG_ATTR_CLUSTER

static const char shapes[] =
  "box polygon ellipse oval circle point egg triangle plaintext plain diamond trapezium parallelogram house "
  "pentagon hexagon septagon octagon doublecircle doubleoctagon tripleoctagon invtriangle invtrapezium invhouse "
  "Mdiamond Msquare Mcircle rect rectangle square star none underline cylinder note tab folder box3d component "
  "promoter cds terminator utr primersite restrictionsite fivepoverhang threepoverhang noverhang assembly "
  "signature insulator ribosite rnastab proteasesite proteinstab rpromoter rarrow larrow lpromoter record Mrecord";

static const char node_styles[] = "filled dashed dotted solid bold invis rounded diagonals striped wedged radial";
static const char edge_styles[] = "dashed dotted solid bold invis tapered";
static const char graph_styles[] = "filled dashed dotted solid bold invis rounded striped radial";

/* Sorted by name (bsearch). */
static const Spec specs[] = {
  { "arrowhead", E, T_ARROW, 0, 0, NULL },
  { "arrowsize", E, T_NUMBER, 0, 10, NULL },
  { "arrowtail", E, T_ARROW, 0, 0, NULL },
  { "bgcolor", G | C, T_COLORLIST, 0, 0, NULL },
  { "color", N | E | C, T_COLORLIST, 0, 0, NULL },
  { "colorscheme", N | E | G | C, T_SCHEME, 0, 0, NULL },
  { "compound", G, T_BOOL, 0, 0, NULL },
  { "constraint", E, T_BOOL, 0, 0, NULL },
  { "decorate", E, T_BOOL, 0, 0, NULL },
  { "dir", E, T_WORDS, 0, 0, "forward back both none" },
  { "distortion", N, T_NUMBER, -100, 100, NULL },
  { "fillcolor", N | E | C, T_COLORLIST, 0, 0, NULL },
  { "fixedsize", N, T_WORDS, 0, 0, "true false shape" },
  { "fontcolor", N | E | G | C, T_COLOR, 0, 0, NULL },
  { "fontname", N | E | G | C, T_FONT, 0, 0, NULL },
  { "fontsize", N | E | G | C, T_NUMBER, 1, 500, NULL },
  { "forcelabels", G, T_BOOL, 0, 0, NULL },
  { "gradientangle", N | G | C, T_NUMBER, -360, 360, NULL },
  { "group", N, T_TEXT, 0, 0, NULL },
  { "headclip", E, T_BOOL, 0, 0, NULL },
  { "headlabel", E, T_TEXT, 0, 0, NULL },
  { "headport", E, T_PORT, 0, 0, NULL },
  { "height", N, T_NUMBER, 0, 100, NULL },
  { "label", N | E | G | C, T_TEXT, 0, 0, NULL },
  { "labelangle", E, T_NUMBER, -360, 360, NULL },
  { "labeldistance", E, T_NUMBER, 0, 50, NULL },
  { "labelfloat", E, T_BOOL, 0, 0, NULL },
  { "labelfontcolor", E, T_COLOR, 0, 0, NULL },
  { "labelfontname", E, T_FONT, 0, 0, NULL },
  { "labelfontsize", E, T_NUMBER, 1, 500, NULL },
  { "labeljust", G | C, T_WORDS, 0, 0, "l r c" },
  { "labelloc", N | G | C, T_WORDS, 0, 0, "t b c" },
  { "len", E, T_NUMBER, 0, 1000, NULL },
  { "lhead", E, T_TEXT, 0, 0, NULL },
  { "ltail", E, T_TEXT, 0, 0, NULL },
  { "margin", N, T_POINT, 0, 0, NULL },
  { "minlen", E, T_INT, 0, 100, NULL },
  { "newrank", G, T_BOOL, 0, 0, NULL },
  { "nojustify", N | G | C, T_BOOL, 0, 0, NULL },
  { "ordering", N | G, T_WORDS, 0, 0, "in out" },
  { "orientation", N, T_NUMBER, -360, 360, NULL },
  { "pencolor", C, T_COLOR, 0, 0, NULL },
  { "penwidth", N | E | C, T_NUMBER, 0, 50, NULL },
  { "peripheries", N | C, T_INT, 0, 10, NULL },
  { "rank", C, T_WORDS, 0, 0, "same min max source sink" },
  { "regular", N, T_BOOL, 0, 0, NULL },
  { "samehead", E, T_TEXT, 0, 0, NULL },
  { "sametail", E, T_TEXT, 0, 0, NULL },
  { "shape", N, T_WORDS, 0, 0, shapes },
  { "sides", N, T_INT, 0, 100, NULL },
  { "size", G, T_POINT, 0, 0, NULL },
  { "skew", N, T_NUMBER, -100, 100, NULL },
  { "style", N | E | G | C, T_STYLE, 0, 0, NULL },
  { "tailclip", E, T_BOOL, 0, 0, NULL },
  { "taillabel", E, T_TEXT, 0, 0, NULL },
  { "tailport", E, T_PORT, 0, 0, NULL },
  { "weight", E, T_INT, 0, 1000, NULL },
  { "width", N, T_NUMBER, 0, 100, NULL },
  { "xlabel", N | E, T_TEXT, 0, 0, NULL },
};

/* Attributes refused whatever their value, and why. */
static const struct {
  const char *name;
  const char *why;
} refused[] = {
  { "image", "dealgraph never reads files a graph names" },
  { "imagepath", "dealgraph never reads files a graph names" },
  { "imagepos", "dealgraph never reads files a graph names" },
  { "imagescale", "dealgraph never reads files a graph names" },
  { "shapefile", "dealgraph never reads files a graph names" },
  { "fontpath", "dealgraph never reads files a graph names; fonts are fontconfig families" },
  { "stylesheet", "dealgraph's SVG loads nothing from elsewhere" },
  { "URL", "dealgraph's figures carry no links" },
  { "href", "dealgraph's figures carry no links" },
  { "edgeURL", "dealgraph's figures carry no links" },
  { "edgehref", "dealgraph's figures carry no links" },
  { "headURL", "dealgraph's figures carry no links" },
  { "headhref", "dealgraph's figures carry no links" },
  { "tailURL", "dealgraph's figures carry no links" },
  { "tailhref", "dealgraph's figures carry no links" },
  { "labelURL", "dealgraph's figures carry no links" },
  { "labelhref", "dealgraph's figures carry no links" },
  { "target", "dealgraph's figures carry no links" },
  { "concentrate", "Graphviz 2.42 crashes on it with ties both ways" },
  { "rotate", "dealgraph does not rotate figures" },
  { "landscape", "dealgraph does not rotate figures" },
  { "dpi", "the resolution is dealgraph's --dpi" },
  { "resolution", "the resolution is dealgraph's --dpi" },
  { "layout", "the engine is dealgraph's -K" },
  { "ratio", "the figure's size is dealgraph's -w (--width)" },
  { "page", "the figure's size is dealgraph's -w (--width)" },
  { "pad", "the margin around the figure is the theme's margin" },
  { "center", "dealgraph centres the graph in its figure" },
  { "pos", "positions come from dealgraph's layout" },
  { "pin", "positions come from dealgraph's layout" },
};

/* dealgraph's own attributes and Graphviz's bookkeeping: not drawing
 * attributes, never reported. The layout attributes (rankdir, nodesep, …)
 * are read on their own (load.c). */
static const char *const own[] = {
  "kind", "from", "until", "note", "source", "value", "terms", "date", "key", "charset",
  "rankdir", "nodesep", "ranksep", "splines", "overlap", "pack", "packmode", NULL,
};

static int
spec_compare (const void *key, const void *spec)
{
  return strcmp (key, ((const Spec *) spec)->name);
}

static gboolean
in_words (const char *words, const char *word, gsize len)
{
  for (const char *p = words; *p != '\0';)
    {
      const char *end = strchr (p, ' ');
      gsize n = end != NULL ? (gsize) (end - p) : strlen (p);
      if (n == len && strncmp (p, word, len) == 0)
        return TRUE;
      p += n;
      while (*p == ' ')
        p++;
    }
  return FALSE;
}

static gboolean
parse_number (const char *text, double *out)
{
  char *end = NULL;
  while (g_ascii_isspace (*text))
    text++;
  double v = g_ascii_strtod (text, &end);
  if (end == text)
    return FALSE;
  while (g_ascii_isspace (*end))
    end++;
  if (*end != '\0' || !isfinite (v))
    return FALSE;
  *out = v;
  return TRUE;
}

/* "red", "#ff0000", "0.5 0.5 0.5", "/blues9/3", "3" under a scheme. */
static gboolean
valid_color (const char *text, const char *scheme)
{
  DgColor c;
  return dg_gv_color_parse_locked (text, scheme, &c);
}

/* Graphviz's colour lists: colours separated by ':', each optionally
 * followed by ";fraction". */
static gboolean
valid_color_list (const char *text, const char *scheme)
{
  g_auto (GStrv) parts = g_strsplit (text, ":", 64);
  if (g_strv_length (parts) > 32)
    return FALSE;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *semi = strchr (parts[i], ';');
      if (semi != NULL)
        {
          double f;
          *semi = '\0';
          if (!parse_number (semi + 1, &f) || f < 0 || f > 1)
            return FALSE;
        }
      /* "red:" is allowed (an empty colour keeps the default). */
      if (parts[i][0] != '\0' && !valid_color (parts[i], scheme))
        return FALSE;
    }
  return TRUE;
}

/* Graphviz's arrow grammar: shapes, each an optional 'o' (open) and 'l'/'r'
 * (half) before a name; Graphviz draws the first four. */
static gboolean
valid_arrow (const char *text)
{
  static const char *const names[] = { "normal", "inv", "dot", "odot", "invdot", "invodot", "none", "tee",
                                       "empty", "invempty", "diamond", "odiamond", "ediamond", "crow", "box",
                                       "obox", "open", "halfopen", "vee", "curve", "icurve", "ediamond" };
  const char *p = text;
  int n = 0;
  while (*p != '\0')
    {
      if (++n > 8)
        return FALSE;
      if (*p == 'o' && strncmp (p, "open", 4) != 0 && strncmp (p, "odot", 4) != 0
          && strncmp (p, "obox", 4) != 0 && strncmp (p, "odiamond", 8) != 0)
        p++;
      if (*p == 'l' || *p == 'r')
        p++;
      gsize best = 0;
      for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
        {
          gsize len = strlen (names[i]);
          if (len > best && strncmp (p, names[i], len) == 0)
            best = len;
        }
      if (best == 0)
        return FALSE;
      p += best;
    }
  return n > 0;
}

static gboolean
valid_style (const char *text, const char *words)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", 32);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *w = g_strstrip (parts[i]);
      if (w[0] == '\0')
        continue;
      /* setlinewidth(N), Graphviz's old spelling of penwidth. */
      if (g_str_has_prefix (w, "setlinewidth(") && g_str_has_suffix (w, ")"))
        {
          g_autofree char *num = g_strndup (w + 13, strlen (w) - 14);
          double v;
          if (!parse_number (num, &v) || v < 0 || v > 50)
            return FALSE;
          continue;
        }
      if (!in_words (words, w, strlen (w)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
valid_font (const char *text)
{
  if (strlen (text) > 200 || strchr (text, '/') != NULL || strchr (text, '\\') != NULL || text[0] == '.'
      || text[0] == '~')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20)
      return FALSE;
  return TRUE;
}

static gboolean
valid_point (const char *text)
{
  g_autofree char *copy = g_strdup (text);
  gsize len = strlen (copy);
  if (len > 0 && copy[len - 1] == '!')
    copy[len - 1] = '\0';
  g_auto (GStrv) parts = g_strsplit (copy, ",", 3);
  guint n = g_strv_length (parts);
  if (n < 1 || n > 2)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      double v;
      if (!parse_number (parts[i], &v) || v < 0 || v > 10000)
        return FALSE;
    }
  return TRUE;
}

static char *
expected (const Spec *spec)
{
  switch (spec->type)
    {
    case T_COLOR:
      return g_strdup ("a Graphviz colour (a name, #rrggbb[aa], \"H S V\" or /scheme/name)");
    case T_COLORLIST:
      return g_strdup ("a Graphviz colour or colour list (\"red:blue\", \"red;0.3:blue\")");
    case T_NUMBER:
      return g_strdup_printf ("a number from %g to %g", spec->min, spec->max);
    case T_INT:
      return g_strdup_printf ("a whole number from %g to %g", spec->min, spec->max);
    case T_BOOL:
      return g_strdup ("true or false");
    case T_WORDS:
      return spec->words == shapes ? g_strdup ("a Graphviz shape (box, ellipse, record, …)")
                                   : g_strdup_printf ("one of: %s", spec->words);
    case T_STYLE:
      return g_strdup_printf ("a comma-separated list of: %s", node_styles);
    case T_ARROW:
      return g_strdup ("a Graphviz arrow shape (normal, diamond, odot, lteeoldiamond, …)");
    case T_FONT:
      return g_strdup ("a font family name (a fontconfig family, never a file path)");
    case T_PORT:
      return g_strdup ("a port name and/or compass point (n, ne, e, …)");
    case T_POINT:
      return g_strdup ("a number or \"x,y\" in inches");
    case T_RATIO:
      return g_strdup ("fill, compress, expand, auto or a number");
    case T_SCHEME:
      return g_strdup ("a Graphviz colour scheme name (x11, svg, blues9, accent8, …)");
    case T_TEXT:
      break;
    }
  return g_strdup ("text");
}

static gboolean
valid_value (const Spec *spec, guint target, const char *value, const char *scheme)
{
  double v;
  switch (spec->type)
    {
    case T_TEXT:
      return TRUE;
    case T_COLOR:
      return valid_color (value, scheme);
    case T_COLORLIST:
      return valid_color_list (value, scheme);
    case T_NUMBER:
      return parse_number (value, &v) && v >= spec->min && v <= spec->max;
    case T_INT:
      return parse_number (value, &v) && v >= spec->min && v <= spec->max && v == floor (v);
    case T_BOOL:
      return g_regex_match_simple ("^(?i:true|false|yes|no|[01])$", value, 0, 0);
    case T_WORDS:
      return in_words (spec->words, value, strlen (value));
    case T_STYLE:
      return valid_style (value, target & DG_ATTR_EDGE ? edge_styles
                                 : target & DG_ATTR_NODE ? node_styles
                                                         : graph_styles);
    case T_ARROW:
      return valid_arrow (value);
    case T_FONT:
      return valid_font (value);
    case T_PORT:
      return g_regex_match_simple ("^[A-Za-z0-9_. -]{0,100}(:(n|ne|e|se|s|sw|w|nw|c|_))?$", value, 0, 0);
    case T_POINT:
      return valid_point (value);
    case T_RATIO:
      return g_regex_match_simple ("^(fill|compress|expand|auto|[0-9]*\\.?[0-9]+)$", value, 0, 0)
             && (!parse_number (value, &v) || (v > 0.01 && v < 100));
    case T_SCHEME:
      return g_regex_match_simple ("^[A-Za-z][A-Za-z0-9]{0,30}$", value, 0, 0);
    }
  return FALSE;
}

DgAttrVerdict
dg_attr_check (const char *name, const char *value, gboolean html, guint target, const char *scheme,
               char **why)
{
  g_return_val_if_fail (name != NULL && value != NULL && why != NULL, DG_ATTR_IGNORED);
  *why = NULL;
  if (g_strv_contains (own, name))
    return DG_ATTR_OWN;
  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    if (g_str_equal (refused[i].name, name))
      {
        *why = g_strdup (refused[i].why);
        return DG_ATTR_REFUSED;
      }
  const Spec *spec = bsearch (name, specs, G_N_ELEMENTS (specs), sizeof (Spec), spec_compare);
  if (spec == NULL || !(spec->targets & target))
    {
      *why = g_strdup ("dealgraph does not draw it");
      return DG_ATTR_IGNORED;
    }
  if (html && spec->type != T_TEXT)
    {
      *why = g_strdup ("an HTML-like value is only allowed in labels");
      return DG_ATTR_INVALID;
    }
  if (spec->type == T_WORDS && spec->words == shapes && (g_str_equal (value, "epsf") || g_str_equal (value, "custom")))
    {
      *why = g_strdup ("that shape reads a file (shapefile); dealgraph never reads files a graph names");
      return DG_ATTR_REFUSED;
    }
  if (!valid_value (spec, target, value, scheme))
    {
      *why = expected (spec);
      return DG_ATTR_INVALID;
    }
  return DG_ATTR_KEEP;
}

char *
dg_attr_html_without_images (const char *html, gboolean *removed)
{
  GString *out = g_string_new (NULL);
  *removed = FALSE;
  for (const char *p = html; *p != '\0';)
    {
      if (*p == '<' && g_ascii_strncasecmp (p + 1, "img", 3) == 0
          && (g_ascii_isspace (p[4]) || p[4] == '/' || p[4] == '>'))
        {
          const char *end = strchr (p, '>');
          *removed = TRUE;
          if (end == NULL)
            break;
          p = end + 1;
          continue;
        }
      /* A closing </IMG> left alone would not parse. */
      if (*p == '<' && g_ascii_strncasecmp (p + 1, "/img", 4) == 0)
        {
          const char *end = strchr (p, '>');
          if (end == NULL)
            break;
          p = end + 1;
          continue;
        }
      g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}
