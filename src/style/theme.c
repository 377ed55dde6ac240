/* theme.c — theme files (GKeyFile templates): how parties, ties, terms and the furniture look. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "dg-escape-private.h"
#include "dg-paths.h"
#include "error.h"
#include "theme.h"
#include "dg-read-private.h"
#include "theme-private.h"

/* A theme is a few KiB; anything much larger is a wrong file, not a theme. */
#define MAX_THEME_BYTES (1024 * 1024)
/* Deeper chains than this are certainly a mistake (and bound the work). */
#define MAX_INHERIT_DEPTH 16
/* Values quoted in messages are cut to this many characters. */
#define MAX_QUOTED_CHARS 40

/* ---- Names ---------------------------------------------------------------- */

typedef struct {
  const char *name;
  int value;
} Named;

static const Named shape_names[] = {
  { "box", DG_SHAPE_BOX },         { "rounded", DG_SHAPE_ROUNDED },
  { "ellipse", DG_SHAPE_ELLIPSE }, { "circle", DG_SHAPE_CIRCLE },
  { "hexagon", DG_SHAPE_HEXAGON }, { "diamond", DG_SHAPE_DIAMOND },
  { "cylinder", DG_SHAPE_CYLINDER }, { "note", DG_SHAPE_NOTE },
  { "parallelogram", DG_SHAPE_PARALLELOGRAM }, { NULL, 0 },
};

static const Named arrow_names[] = {
  { "normal", DG_ARROW_NORMAL }, { "open", DG_ARROW_OPEN },
  { "diamond", DG_ARROW_DIAMOND }, { "dot", DG_ARROW_DOT },
  { "none", DG_ARROW_NONE }, { NULL, 0 },
};

static const Named no_value_names[] = {
  { "hollow", DG_NO_VALUE_HOLLOW }, { "plain", DG_NO_VALUE_PLAIN }, { NULL, 0 },
};

static const Named scale_names[] = {
  { "linear", DG_SCALE_LINEAR }, { "sqrt", DG_SCALE_SQRT },
  { "log", DG_SCALE_LOG }, { NULL, 0 },
};

/* The named dash patterns, in points. They are sized for ties of 1–3 pt;
 * a renderer that wants them to grow with the line can scale them. */
static const struct {
  const char *name;
  DgDash dash;
} dash_names[] = {
  { "solid", { 0, { 0 } } },
  { "dashed", { 2, { 5.0, 3.0 } } },
  { "dotted", { 2, { 1.0, 2.0 } } },
  { "dashdot", { 4, { 6.0, 2.5, 1.0, 2.5 } } },
};

/* "a, b, c or d" from a Named table, for messages. */
static char *
names_list (const Named *names)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; names[i].name != NULL; i++)
    {
      if (i > 0)
        g_string_append (s, names[i + 1].name == NULL ? " or " : ", ");
      g_string_append (s, names[i].name);
    }
  return g_string_free (s, FALSE);
}

static gboolean
lookup_name (const Named *names, const char *text, int *value)
{
  for (guint i = 0; names[i].name != NULL; i++)
    if (g_ascii_strcasecmp (names[i].name, text) == 0)
      {
        *value = names[i].value;
        return TRUE;
      }
  return FALSE;
}

/* Kinds and terms match case-insensitively, like the DOT attributes that
 * name them; these let a GHashTable do the same without copying the key. */
static guint
ascii_case_hash (gconstpointer key)
{
  guint h = 5381;
  for (const char *p = key; *p != '\0'; p++)
    h = h * 33 + (guint) g_ascii_tolower (*p);
  return h;
}

static gboolean
ascii_case_equal (gconstpointer a, gconstpointer b)
{
  return g_ascii_strcasecmp (a, b) == 0;
}

/* The user's text, escaped and shortened, in double quotes. @text is UTF-8. */
static char *
quote (const char *text)
{
  char non_ascii[129];
  for (int i = 0; i < 128; i++)
    non_ascii[i] = (char) (0x80 + i);
  non_ascii[128] = '\0';

  g_autofree char *cut = NULL;
  if (g_utf8_strlen (text, -1) > MAX_QUOTED_CHARS)
    cut = g_utf8_substring (text, 0, MAX_QUOTED_CHARS);
  /* Keep UTF-8 readable but make control characters visible. */
  g_autofree char *escaped = g_strescape (cut != NULL ? cut : text, non_ascii);
  return g_strdup_printf ("\"%s%s\"", escaped, cut != NULL ? "…" : "");
}

/* ---- Keys ----------------------------------------------------------------- */

typedef enum {
  GROUP_THEME,
  GROUP_PARTY,
  GROUP_TIE,
  GROUP_TERM,
  GROUP_CHANGE,
} GroupType;

typedef enum {
  V_NUMBER,
  V_COLOR,
  V_BOOL,
  V_SHAPE,
  V_DASH,
  V_ARROW,
  V_SCALE,
  V_NO_VALUE,
  V_FONT,  /* the font family list, kept in DgTheme.font */
  V_TEXT,  /* read elsewhere (name, description, inherit) or only checked */
} ValueType;

typedef struct {
  const char *key;
  ValueType type;
  gssize offset;     /* of the field in the group's style struct, or -1 */
  gssize has_offset; /* of a gboolean set when the key is given, or -1 */
  double min, max;   /* V_NUMBER */
} KeySpec;

#define AT(type, field) ((gssize) offsetof (type, field))

static const KeySpec theme_keys[] = {
  { "name", V_TEXT, -1, -1, 0, 0 },
  { "description", V_TEXT, -1, -1, 0, 0 },
  { "inherit", V_TEXT, -1, -1, 0, 0 },
  { "font", V_FONT, -1, -1, 0, 0 },
  { "font-size", V_NUMBER, AT (DgFurnitureStyle, font_size), -1, 1, 144 },
  { "label-font-size", V_NUMBER, AT (DgFurnitureStyle, label_font_size), -1, 1, 144 },
  { "title-font-size", V_NUMBER, AT (DgFurnitureStyle, title_font_size), -1, 1, 144 },
  { "caption-font-size", V_NUMBER, AT (DgFurnitureStyle, caption_font_size), -1, 1, 144 },
  { "small-font-size", V_NUMBER, AT (DgFurnitureStyle, small_font_size), -1, 1, 144 },
  { "background", V_COLOR, AT (DgFurnitureStyle, background), -1, 0, 0 },
  { "text", V_COLOR, AT (DgFurnitureStyle, text), -1, 0, 0 },
  { "muted", V_COLOR, AT (DgFurnitureStyle, muted), -1, 0, 0 },
  { "accent", V_COLOR, AT (DgFurnitureStyle, accent), -1, 0, 0 },
  { "label-background", V_COLOR, AT (DgFurnitureStyle, label_background), -1, 0, 0 },
  { "group-fill", V_COLOR, AT (DgFurnitureStyle, group_fill), -1, 0, 0 },
  { "group-stroke", V_COLOR, AT (DgFurnitureStyle, group_stroke), -1, 0, 0 },
  { "margin", V_NUMBER, AT (DgFurnitureStyle, margin), -1, 0, 1000 },
  { "show-ended", V_BOOL, AT (DgFurnitureStyle, show_ended), -1, 0, 0 },
  { NULL, 0, -1, -1, 0, 0 },
};

static const KeySpec party_keys[] = {
  { "shape", V_SHAPE, AT (DgPartyStyle, shape), -1, 0, 0 },
  { "fill", V_COLOR, AT (DgPartyStyle, fill), -1, 0, 0 },
  { "stroke", V_COLOR, AT (DgPartyStyle, stroke), -1, 0, 0 },
  { "text", V_COLOR, AT (DgPartyStyle, text), -1, 0, 0 },
  { "stroke-width", V_NUMBER, AT (DgPartyStyle, stroke_width), -1, 0, 20 },
  { "bold", V_BOOL, AT (DgPartyStyle, bold), -1, 0, 0 },
  { "margin-x", V_NUMBER, AT (DgPartyStyle, margin_x), -1, 0, 100 },
  { "margin-y", V_NUMBER, AT (DgPartyStyle, margin_y), -1, 0, 100 },
  { NULL, 0, -1, -1, 0, 0 },
};

static const KeySpec tie_keys[] = {
  { "color", V_COLOR, AT (DgTieStyle, color), -1, 0, 0 },
  { "dash", V_DASH, AT (DgTieStyle, dash), -1, 0, 0 },
  { "arrow", V_ARROW, AT (DgTieStyle, arrow), -1, 0, 0 },
  { "scale", V_SCALE, AT (DgTieStyle, scale), -1, 0, 0 },
  { "min-width", V_NUMBER, AT (DgTieStyle, min_width), -1, 0.1, 50 },
  { "max-width", V_NUMBER, AT (DgTieStyle, max_width), -1, 0.1, 50 },
  { "width", V_NUMBER, AT (DgTieStyle, width), -1, 0.1, 50 },
  { "no-value", V_NO_VALUE, AT (DgTieStyle, no_value), -1, 0, 0 },
  { NULL, 0, -1, -1, 0, 0 },
};

static const KeySpec term_keys[] = {
  { "color", V_COLOR, AT (DgTermStyle, color), AT (DgTermStyle, has_color), 0, 0 },
  { "dash", V_DASH, AT (DgTermStyle, dash), AT (DgTermStyle, has_dash), 0, 0 },
  { "double-line", V_BOOL, AT (DgTermStyle, double_line), -1, 0, 0 },
  { NULL, 0, -1, -1, 0, 0 },
};

static const KeySpec change_keys[] = {
  { "color", V_COLOR, AT (DgChangeStyle, color), AT (DgChangeStyle, has_color), 0, 0 },
  { "dash", V_DASH, AT (DgChangeStyle, dash), AT (DgChangeStyle, has_dash), 0, 0 },
  { "width-factor", V_NUMBER, AT (DgChangeStyle, width_factor), -1, 0.1, 10 },
  { "opacity", V_NUMBER, AT (DgChangeStyle, opacity), -1, 0.05, 1 },
  { "halo", V_COLOR, AT (DgChangeStyle, halo), -1, 0, 0 },
  { "halo-width", V_NUMBER, AT (DgChangeStyle, halo_width), -1, 0, 20 },
  { "bold", V_BOOL, AT (DgChangeStyle, bold), -1, 0, 0 },
  { "strike", V_BOOL, AT (DgChangeStyle, strike), -1, 0, 0 },
  { "frame", V_BOOL, AT (DgChangeStyle, frame), -1, 0, 0 },
  { NULL, 0, -1, -1, 0, 0 },
};

/* Keys a group took once and no longer does, with what to write instead:
 * a theme written for an older dealgraph is told why, not just "unknown". */
static const struct {
  GroupType type;
  const char *key;
  const char *why;
} retired_keys[] = {
  { GROUP_TERM, "width-factor",
    "terms no longer change a tie's width, which says its value and nothing else; "
    "a term speaks through its line (dash, double-line)" },
};

/* The changes a [change NAME] group may name, indexed by DgChangeKind. */
static const char *const change_names[] = { "began", "ended", "changed" };

static const KeySpec *
group_keys (GroupType type)
{
  switch (type)
    {
    case GROUP_THEME:
      return theme_keys;
    case GROUP_PARTY:
      return party_keys;
    case GROUP_TIE:
      return tie_keys;
    case GROUP_TERM:
      return term_keys;
    case GROUP_CHANGE:
      return change_keys;
    }
  g_assert_not_reached ();
}

static const KeySpec *
find_key (const KeySpec *specs, const char *key)
{
  for (guint i = 0; specs[i].key != NULL; i++)
    if (strcmp (specs[i].key, key) == 0)
      return &specs[i];
  return NULL;
}

/* Levenshtein distance, enough to catch "colour" for "color". */
static guint
edit_distance (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  if (la > 40 || lb > 40)
    return G_MAXUINT;
  guint row[41];
  for (gsize j = 0; j <= lb; j++)
    row[j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diag = row[0];
      row[0] = (guint) i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint up = row[j];
          guint cost = g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 1]) ? 0 : 1;
          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diag + cost);
          diag = up;
        }
    }
  return row[lb];
}

/* "did you mean “color”?" or the list of keys the group takes. */
static char *
unknown_key_hint (const KeySpec *specs, const char *key)
{
  const char *best = NULL;
  guint best_d = 3; /* at most two edits away */
  for (guint i = 0; specs[i].key != NULL; i++)
    {
      guint d = edit_distance (key, specs[i].key);
      if (d < best_d)
        {
          best = specs[i].key;
          best_d = d;
        }
    }
  if (best != NULL)
    return g_strdup_printf ("did you mean %s?", best);
  GString *s = g_string_new ("this group takes ");
  for (guint i = 0; specs[i].key != NULL; i++)
    {
      if (i > 0)
        g_string_append (s, specs[i + 1].key == NULL ? " and " : ", ");
      g_string_append (s, specs[i].key);
    }
  return g_string_free (s, FALSE);
}

/* ---- One theme file ------------------------------------------------------- */

typedef struct {
  GroupType type;
  char *raw;   /* the group name as GKeyFile knows it */
  char *kind;  /* party/tie kind or term; "*" for the defaults; NULL for [theme] */
} GroupInfo;

static void
group_info_free (gpointer data)
{
  GroupInfo *g = data;
  g_free (g->raw);
  g_free (g->kind);
  g_free (g);
}

/* One file of an inheritance chain. */
typedef struct {
  char *file;          /* the name messages use: the path, or the data's name */
  char *path;          /* NULL for data */
  char *digest;        /* SHA-256 of the bytes parsed, hex */
  GKeyFile *kf;
  GHashTable *lines;   /* "group" and "group\x1fkey" → line number */
  GPtrArray *groups;   /* GroupInfo, in file order */
  const char *theme_group; /* raw name of [theme], or NULL; borrows from @groups */
} Layer;

static void
layer_free (Layer *layer)
{
  if (layer == NULL)
    return;
  g_free (layer->file);
  g_free (layer->path);
  g_free (layer->digest);
  if (layer->kf != NULL)
    g_key_file_unref (layer->kf);
  if (layer->lines != NULL)
    g_hash_table_unref (layer->lines);
  if (layer->groups != NULL)
    g_ptr_array_unref (layer->groups);
  g_free (layer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Layer, layer_free)

static guint
layer_line (const Layer *layer, const char *group, const char *key)
{
  g_autofree char *k = key != NULL ? g_strconcat (group, "\x1f", key, NULL) : g_strdup (group);
  return GPOINTER_TO_UINT (g_hash_table_lookup (layer->lines, k));
}

/* Sets DG_ERROR_THEME as "FILE:LINE: [GROUP] KEY: message"; the line is
 * that of the key, or of the group header when @key is NULL. */
G_GNUC_PRINTF (5, 6) static void
layer_error (GError **error, const Layer *layer, const char *group, const char *key,
             const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *message = g_strdup_vprintf (format, ap);
  va_end (ap);

  g_autoptr(GString) where = g_string_new (layer->file);
  guint line = group != NULL ? layer_line (layer, group, key) : 0;
  if (line > 0)
    g_string_append_printf (where, ":%u", line);
  if (group != NULL)
    g_string_append_printf (where, ": [%s]", group);
  if (key != NULL)
    g_string_append_printf (where, " %s", key);
  g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_THEME, "%s: %s", where->str, message);
}

/* Walks the text the way GKeyFile parses it, to know the line of every group
 * and key (GKeyFile does not keep them) and to report the first bad line with
 * its number — GKeyFile's own syntax errors name neither file nor line. It
 * also refuses what GKeyFile would accept silently: a key set twice, a group
 * repeated, localized keys (GKeyFile drops those of other locales). */
static gboolean
scan_lines (const char *file, const char *data, gsize len, GHashTable *lines, GError **error)
{
  g_autofree char *group = NULL;
  guint lineno = 0;
  const char *p = data, *end = data + len;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      const char *eol = nl != NULL ? nl : end;
      gsize n = (gsize) (eol - p);
      lineno++;
      if (n > 0 && p[n - 1] == '\r')
        n--;
      if (!g_utf8_validate (p, (gssize) n, NULL))
        {
          g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_THEME,
                       "%s:%u: the line is not UTF-8 text", file, lineno);
          return FALSE;
        }
      g_autofree char *line = g_strndup (p, n);
      p = nl != NULL ? nl + 1 : end;

      char *s = line;
      while (g_ascii_isspace (*s))
        s++;
      if (*s == '\0' || *s == '#')
        continue;

      if (*s == '[')
        {
          char *close = strchr (s, ']');
          char *after = close != NULL ? close + 1 : NULL;
          while (after != NULL && (*after == ' ' || *after == '\t'))
            after++;
          if (close == NULL || *after != '\0')
            {
              g_autofree char *q = quote (s);
              g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_THEME,
                           "%s:%u: %s is not a group header: write [name] alone on its line",
                           file, lineno, q);
              return FALSE;
            }
          g_autofree char *name = g_strndup (s + 1, (gsize) (close - s - 1));
          gboolean bad = name[0] == '\0' || strchr (name, '[') != NULL;
          for (const char *c = name; *c != '\0'; c++)
            bad = bad || g_ascii_iscntrl (*c);
          if (bad)
            {
              g_autofree char *q = quote (s);
              g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_THEME,
                           "%s:%u: %s is not a valid group name", file, lineno, q);
              return FALSE;
            }
          guint first = GPOINTER_TO_UINT (g_hash_table_lookup (lines, name));
          if (first > 0)
            {
              g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_THEME,
                           "%s:%u: [%s] appears a second time (first at line %u); "
                           "put all its keys in one group", file, lineno, name, first);
              return FALSE;
            }
          g_hash_table_insert (lines, g_strdup (name), GUINT_TO_POINTER (lineno));
          g_free (group);
          group = g_steal_pointer (&name);
          continue;
        }

      char *eq = strchr (s, '=');
      if (eq == NULL || eq == s)
        {
          g_autofree char *q = quote (s);
          g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_THEME,
                       "%s:%u: %s is not a [group] header, a key = value line or a # comment",
                       file, lineno, q);
          return FALSE;
        }
      g_autofree char *key = g_strchomp (g_strndup (s, (gsize) (eq - s)));
      if (group == NULL)
        {
          g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_THEME,
                       "%s:%u: %s comes before any group; a theme starts with [theme]",
                       file, lineno, key);
          return FALSE;
        }
      if (strchr (key, '[') != NULL || strchr (key, ']') != NULL)
        {
          g_autofree char *q = quote (key);
          g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_THEME,
                       "%s:%u: [%s] %s: brackets are not allowed in keys "
                       "(themes have no localized keys)", file, lineno, group, q);
          return FALSE;
        }
      g_autofree char *composite = g_strconcat (group, "\x1f", key, NULL);
      guint first = GPOINTER_TO_UINT (g_hash_table_lookup (lines, composite));
      if (first > 0)
        {
          g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_THEME,
                       "%s:%u: [%s] %s is set a second time (first at line %u)",
                       file, lineno, group, key, first);
          return FALSE;
        }
      g_hash_table_insert (lines, g_steal_pointer (&composite), GUINT_TO_POINTER (lineno));
    }
  return TRUE;
}

/* Sorts a group name into its type and kind, and checks its keys. */
static gboolean
classify_group (Layer *layer, const char *raw, GHashTable *seen, GError **error)
{
  g_autofree char *norm = g_strstrip (g_strdup (raw));
  g_auto(GStrv) words = g_strsplit_set (norm, " \t", -1);
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_ptr_array_add (parts, words[i]);

  GroupType type;
  const char *word = parts->len > 0 ? parts->pdata[0] : "";
  if (strcmp (word, "theme") == 0)
    type = GROUP_THEME;
  else if (strcmp (word, "party") == 0)
    type = GROUP_PARTY;
  else if (strcmp (word, "tie") == 0)
    type = GROUP_TIE;
  else if (strcmp (word, "term") == 0)
    type = GROUP_TERM;
  else if (strcmp (word, "change") == 0)
    type = GROUP_CHANGE;
  else
    {
      layer_error (error, layer, raw, NULL,
                   "unknown group; a theme has [theme], [party KIND], [tie KIND], "
                   "[term NAME] and [change began|ended|changed] groups");
      return FALSE;
    }

  const char *kind = NULL;
  if (type == GROUP_THEME && parts->len != 1)
    {
      layer_error (error, layer, raw, NULL, "[theme] takes no kind");
      return FALSE;
    }
  if (type == GROUP_CHANGE)
    {
      gboolean known = FALSE;
      for (guint i = 0; parts->len == 2 && i < G_N_ELEMENTS (change_names); i++)
        known = known || g_ascii_strcasecmp (parts->pdata[1], change_names[i]) == 0;
      if (!known)
        {
          layer_error (error, layer, raw, NULL, "write [change began], [change ended] or [change changed]");
          return FALSE;
        }
    }
  if (type != GROUP_THEME)
    {
      const char *what = type == GROUP_TERM ? "NAME" : "KIND";
      if (parts->len != 2)
        {
          layer_error (error, layer, raw, NULL, "write [%s %s] with one %s word%s", word, what,
                       type == GROUP_TERM ? "term" : "kind",
                       type == GROUP_TERM ? "" : ", or * for the default");
          return FALSE;
        }
      kind = parts->pdata[1];
      gboolean ok = strcmp (kind, "*") == 0 && type != GROUP_TERM;
      if (!ok)
        {
          ok = TRUE;
          for (const char *c = kind; *c != '\0'; c++)
            ok = ok && (g_ascii_isalnum (*c) || *c == '_' || *c == '-' || *c == '.');
        }
      if (!ok)
        {
          layer_error (error, layer, raw, NULL,
                       "a %s is made of letters, digits, _, - and .%s",
                       type == GROUP_TERM ? "term" : "kind",
                       type == GROUP_TERM ? "" : " (or is * for the default)");
          return FALSE;
        }
    }

  /* "[tie  stake]" and "[tie stake]" are different GKeyFile groups but the
   * same style: say so rather than merge them behind the user's back. */
  g_autofree char *canon = kind != NULL ? g_strdup_printf ("%s %s", word, kind) : g_strdup (word);
  g_autofree char *canon_key = g_ascii_strdown (canon, -1);
  const char *other = g_hash_table_lookup (seen, canon_key);
  if (other != NULL)
    {
      layer_error (error, layer, raw, NULL, "says the same as [%s] at line %u; merge the two",
                   other, layer_line (layer, other, NULL));
      return FALSE;
    }

  const KeySpec *specs = group_keys (type);
  g_auto(GStrv) keys = g_key_file_get_keys (layer->kf, raw, NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (find_key (specs, keys[i]) == NULL)
      {
        for (guint r = 0; r < G_N_ELEMENTS (retired_keys); r++)
          if (retired_keys[r].type == type && strcmp (retired_keys[r].key, keys[i]) == 0)
            {
              layer_error (error, layer, raw, keys[i], "%s", retired_keys[r].why);
              return FALSE;
            }
        g_autofree char *hint = unknown_key_hint (specs, keys[i]);
        layer_error (error, layer, raw, keys[i], "unknown key; %s", hint);
        return FALSE;
      }

  GroupInfo *info = g_new0 (GroupInfo, 1);
  info->type = type;
  info->raw = g_strdup (raw);
  info->kind = g_strdup (kind);
  g_ptr_array_add (layer->groups, info);
  g_hash_table_insert (seen, g_steal_pointer (&canon_key), info->raw);
  if (type == GROUP_THEME)
    layer->theme_group = info->raw;
  return TRUE;
}

/* Parses one theme file. @file names it in messages; @path is NULL for data.
 * Returns NULL with DG_ERROR_THEME. */
static Layer *
layer_new (const char *file, const char *path, const char *data, gsize len, GError **error)
{
  g_autoptr(Layer) layer = g_new0 (Layer, 1);
  layer->file = g_strdup (file);
  layer->path = g_strdup (path);
  layer->kf = g_key_file_new ();
  layer->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  layer->groups = g_ptr_array_new_with_free_func (group_info_free);

  if (len > MAX_THEME_BYTES)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_THEME,
                   "%s: larger than %d KiB; a theme is a few KiB of text",
                   file, MAX_THEME_BYTES / 1024);
      return NULL;
    }
  if (!scan_lines (file, data, len, layer->lines, error))
    return NULL;
  layer->digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);

  g_autoptr(GError) local = NULL;
  if (!g_key_file_load_from_data (layer->kf, data, len, G_KEY_FILE_NONE, &local))
    {
      /* scan_lines() should have caught it; keep GLib's words, add the file. */
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_THEME, "%s: %s", file, local->message);
      return NULL;
    }

  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) groups = g_key_file_get_groups (layer->kf, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    if (!classify_group (layer, groups[i], seen, error))
      return NULL;
  return g_steal_pointer (&layer);
}

static Layer *
layer_read (const char *path, GError **error)
{
  gsize len = 0;
  g_autofree char *data = NULL;
  /* A regular file of at most a MiB: a FIFO or /dev/zero named with -t
   * must not hang the run or take its memory. */
  if (!dg_read_file_bounded (path, MAX_THEME_BYTES, DG_ERROR_THEME, "the theme", &data, &len, error))
    return NULL;
  return layer_new (path, path, data, len, error);
}

/* ---- Finding themes ------------------------------------------------------- */

/* TRUE when @path lies somewhere under the directory @root. Compares inodes,
 * because /proc/self/exe has its symlinks resolved and @root may not. */
static gboolean
path_is_under (const char *path, const char *root)
{
  struct stat rs;
  if (stat (root, &rs) != 0)
    return FALSE;
  g_autofree char *dir = g_path_get_dirname (path);
  for (;;)
    {
      struct stat ds;
      if (stat (dir, &ds) == 0 && ds.st_dev == rs.st_dev && ds.st_ino == rs.st_ino)
        return TRUE;
      char *up = g_path_get_dirname (dir);
      gboolean top = strcmp (up, dir) == 0;
      g_free (dir);
      dir = up;
      if (top)
        return FALSE;
    }
}

static char *
compute_template_dir (void)
{
  const char *env = g_getenv ("DEALGRAPH_TEMPLATES");
  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  /* A binary inside the build tree (the CLI during development, the tests)
   * uses the templates being edited, not whatever version is installed. */
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  gboolean in_build = exe != NULL && path_is_under (exe, DG_BUILD_ROOT);
  return g_strdup (in_build ? DG_SOURCE_TEMPLATES_DIR : DG_INSTALLED_TEMPLATES_DIR);
}

const char *
dg_theme_template_dir (void)
{
  static char *dir = NULL;
  if (g_once_init_enter (&dir))
    g_once_init_leave (&dir, compute_template_dir ());
  return dir;
}

static gboolean
is_path (const char *name_or_path)
{
  return strchr (name_or_path, '/') != NULL || g_str_has_suffix (name_or_path, ".theme");
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* "available: dark, grayscale, report", for the "no such theme" message. */
static char *
available_themes (const char *dir)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, &local);
  if (d == NULL)
    return g_strdup_printf ("the directory cannot be read: %s", local->message);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;
  while ((entry = g_dir_read_name (d)) != NULL)
    if (entry[0] != '.' && g_str_has_suffix (entry, ".theme"))
      g_ptr_array_add (names, g_strndup (entry, strlen (entry) - strlen (".theme")));
  if (names->len == 0)
    return g_strdup ("the directory holds no .theme files");
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  g_autofree char *list = g_strjoinv (", ", (char **) names->pdata);
  return g_strdup_printf ("available: %s", list);
}

/* The file of a theme name in the template directory, or NULL with an error
 * listing the themes there. */
static char *
named_theme_path (const char *name, GError **error)
{
  const char *dir = dg_theme_template_dir ();
  g_autofree char *file = g_strconcat (name, ".theme", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  if (name[0] != '\0' && name[0] != '.' && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&path);
  g_autofree char *q = quote (g_utf8_validate (name, -1, NULL) ? name : "(not UTF-8)");
  g_autofree char *avail = available_themes (dir);
  g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_THEME, "no theme named %s in %s (%s)",
               q, dir, avail);
  return NULL;
}

/* Where [theme] inherit of @child points: a name in the template directory,
 * or a path, relative to @child's directory. */
static char *
parent_path (const Layer *child, const char *inherit, GError **error)
{
  if (!is_path (inherit))
    return named_theme_path (inherit, error);
  if (g_path_is_absolute (inherit) || child->path == NULL)
    return g_strdup (inherit);
  g_autofree char *dir = g_path_get_dirname (child->path);
  /* "parent.theme", not "./parent.theme": the path goes into depfiles. */
  if (strcmp (dir, ".") == 0)
    return g_strdup (inherit);
  return g_build_filename (dir, inherit, NULL);
}

/* Reads a string key of @group, stripped; NULL (and no error) when absent. */
static gboolean
get_text (const Layer *layer, const char *group, const char *key, char **out, GError **error)
{
  *out = NULL;
  if (group == NULL || !g_key_file_has_key (layer->kf, group, key, NULL))
    return TRUE;
  g_autoptr(GError) local = NULL;
  char *value = g_key_file_get_string (layer->kf, group, key, &local);
  if (value == NULL)
    {
      layer_error (error, layer, group, key, "%s", local->message);
      return FALSE;
    }
  *out = g_strstrip (value);
  return TRUE;
}

/* Follows [theme] inherit from @leaf (consumed). Returns the chain, root
 * first, or NULL with DG_ERROR_THEME for a missing parent or a cycle. */
static GPtrArray *
load_chain (Layer *leaf, GError **error)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) layer_free);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (chain, leaf);
  if (leaf->path != NULL)
    g_ptr_array_add (seen, g_canonicalize_filename (leaf->path, NULL));

  for (Layer *child = leaf;;)
    {
      g_autofree char *inherit = NULL;
      if (!get_text (child, child->theme_group, "inherit", &inherit, error))
        return NULL;
      if (inherit == NULL)
        break;
      if (inherit[0] == '\0')
        {
          layer_error (error, child, child->theme_group, "inherit",
                       "is empty; name a theme (report) or a .theme file");
          return NULL;
        }
      g_autoptr(GError) local = NULL;
      g_autofree char *path = parent_path (child, inherit, &local);
      if (path == NULL)
        {
          layer_error (error, child, child->theme_group, "inherit", "%s", local->message);
          return NULL;
        }
      g_autofree char *canon = g_canonicalize_filename (path, NULL);
      for (guint i = 0; i < seen->len; i++)
        if (strcmp (seen->pdata[i], canon) == 0)
          {
            g_autoptr(GString) cycle = g_string_new (NULL);
            for (guint j = i; j < chain->len; j++)
              g_string_append_printf (cycle, "%s → ", ((Layer *) chain->pdata[j])->file);
            g_string_append (cycle, ((Layer *) chain->pdata[i])->file);
            g_autofree char *q = quote (inherit);
            layer_error (error, child, child->theme_group, "inherit",
                         "%s makes a cycle: %s", q, cycle->str);
            return NULL;
          }
      if (chain->len > MAX_INHERIT_DEPTH)
        {
          layer_error (error, child, child->theme_group, "inherit",
                       "themes inherit more than %d levels deep", MAX_INHERIT_DEPTH);
          return NULL;
        }
      Layer *parent = layer_read (path, &local);
      if (parent == NULL)
        {
          layer_error (error, child, child->theme_group, "inherit", "%s", local->message);
          return NULL;
        }
      g_ptr_array_add (chain, parent);
      g_ptr_array_add (seen, g_steal_pointer (&canon));
      child = parent;
    }

  /* Root first: parents are applied before the children that override them. */
  for (guint i = 0, j = chain->len - 1; i < j; i++, j--)
    {
      gpointer t = chain->pdata[i];
      chain->pdata[i] = chain->pdata[j];
      chain->pdata[j] = t;
    }
  return g_steal_pointer (&chain);
}

/* ---- Values --------------------------------------------------------------- */

static gboolean
parse_number (const char *text, double *out)
{
  if (text[0] == '\0')
    return FALSE;
  char *end = NULL;
  double d = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (d))
    return FALSE;
  *out = d;
  return TRUE;
}

static gboolean
parse_color (const char *text, DgColor *out)
{
  if (g_ascii_strcasecmp (text, "none") == 0)
    {
      *out = (DgColor) { 0, 0, 0, 0 };
      return TRUE;
    }
  gsize n = strlen (text);
  if (text[0] != '#' || (n != 7 && n != 9))
    return FALSE;
  double c[4] = { 0, 0, 0, 1 };
  for (gsize i = 0; i < (n - 1) / 2; i++)
    {
      int hi = g_ascii_xdigit_value (text[1 + 2 * i]);
      int lo = g_ascii_xdigit_value (text[2 + 2 * i]);
      if (hi < 0 || lo < 0)
        return FALSE;
      c[i] = (hi * 16 + lo) / 255.0;
    }
  *out = (DgColor) { c[0], c[1], c[2], c[3] };
  return TRUE;
}

static gboolean
parse_bool (const char *text, gboolean *out)
{
  static const char *const yes[] = { "true", "yes", "on", "1" };
  static const char *const no[] = { "false", "no", "off", "0" };
  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      if (g_ascii_strcasecmp (text, yes[i]) == 0)
        {
          *out = TRUE;
          return TRUE;
        }
      if (g_ascii_strcasecmp (text, no[i]) == 0)
        {
          *out = FALSE;
          return TRUE;
        }
    }
  return FALSE;
}

/* A named pattern or up to six lengths in points, separated by spaces,
 * commas or semicolons. Sets @why to a reason when the numbers are wrong. */
static gboolean
parse_dash (const char *text, DgDash *out, const char **why)
{
  *why = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (dash_names); i++)
    if (g_ascii_strcasecmp (text, dash_names[i].name) == 0)
      {
        *out = dash_names[i].dash;
        return TRUE;
      }

  g_auto(GStrv) parts = g_strsplit_set (text, " \t,;", -1);
  DgDash dash = { 0, { 0 } };
  double total = 0;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0')
        continue;
      double d;
      if (!parse_number (parts[i], &d))
        return FALSE;
      if (dash.n == G_N_ELEMENTS (dash.on_off))
        {
          *why = "has more than six lengths";
          return FALSE;
        }
      if (d < 0 || d > 100)
        {
          *why = "has a length outside 0 to 100 points";
          return FALSE;
        }
      dash.on_off[dash.n++] = d;
      total += d;
    }
  if (dash.n == 0)
    return FALSE;
  if (total <= 0)
    {
      /* cairo refuses an all-zero pattern; it would draw nothing. */
      *why = "has only zero lengths";
      return FALSE;
    }
  *out = dash;
  return TRUE;
}

/* Reads every key of @group into @target (a style struct of the group's type)
 * and, for V_FONT, into @font. */
static gboolean
apply_group (const Layer *layer, const char *group, const KeySpec *specs, void *target,
             char **font, GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (layer->kf, group, NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      const char *key = keys[i];
      const KeySpec *spec = find_key (specs, key);
      g_assert (spec != NULL); /* classify_group() refused unknown keys */
      g_autofree char *text = NULL;
      if (!get_text (layer, group, key, &text, error))
        return FALSE;
      g_autofree char *q = quote (text);
      char *field = spec->offset >= 0 ? (char *) target + spec->offset : NULL;
      int named;

      switch (spec->type)
        {
        case V_NUMBER:
          {
            double d;
            if (!parse_number (text, &d))
              {
                layer_error (error, layer, group, key, "%s is not a number", q);
                return FALSE;
              }
            if (d < spec->min || d > spec->max)
              {
                layer_error (error, layer, group, key, "%s is outside %g to %g", text,
                             spec->min, spec->max);
                return FALSE;
              }
            memcpy (field, &d, sizeof d);
          }
          break;
        case V_COLOR:
          {
            DgColor c;
            if (!parse_color (text, &c))
              {
                layer_error (error, layer, group, key,
                             "%s is not a colour (#rrggbb, #rrggbbaa or none)", q);
                return FALSE;
              }
            memcpy (field, &c, sizeof c);
          }
          break;
        case V_BOOL:
          {
            gboolean b;
            if (!parse_bool (text, &b))
              {
                layer_error (error, layer, group, key, "%s is not true or false", q);
                return FALSE;
              }
            memcpy (field, &b, sizeof b);
          }
          break;
        case V_DASH:
          {
            DgDash dash;
            const char *why;
            if (!parse_dash (text, &dash, &why))
              {
                if (why != NULL)
                  layer_error (error, layer, group, key, "%s %s", q, why);
                else
                  layer_error (error, layer, group, key,
                               "%s is not a dash pattern (solid, dashed, dotted, dashdot "
                               "or numbers)", q);
                return FALSE;
              }
            memcpy (field, &dash, sizeof dash);
          }
          break;
        case V_SHAPE:
        case V_ARROW:
        case V_SCALE:
        case V_NO_VALUE:
          {
            const Named *names = spec->type == V_SHAPE ? shape_names
                                 : spec->type == V_ARROW ? arrow_names
                                 : spec->type == V_SCALE ? scale_names
                                                         : no_value_names;
            const char *what = spec->type == V_SHAPE ? "a shape"
                               : spec->type == V_ARROW ? "an arrow"
                               : spec->type == V_SCALE ? "a width scale"
                                                       : "a look for ties without a value";
            if (!lookup_name (names, text, &named))
              {
                g_autofree char *list = names_list (names);
                layer_error (error, layer, group, key, "%s is not %s (%s)", q, what, list);
                return FALSE;
              }
            /* The enums are ints; copy through the right type. */
            if (spec->type == V_SHAPE)
              {
                DgShape v = (DgShape) named;
                memcpy (field, &v, sizeof v);
              }
            else if (spec->type == V_ARROW)
              {
                DgArrow v = (DgArrow) named;
                memcpy (field, &v, sizeof v);
              }
            else if (spec->type == V_SCALE)
              {
                DgScale v = (DgScale) named;
                memcpy (field, &v, sizeof v);
              }
            else
              {
                DgNoValue v = (DgNoValue) named;
                memcpy (field, &v, sizeof v);
              }
          }
          break;
        case V_FONT:
          if (text[0] == '\0')
            {
              layer_error (error, layer, group, key,
                           "is empty; give a Pango family list such as DejaVu Sans");
              return FALSE;
            }
          g_free (*font);
          *font = g_steal_pointer (&text);
          break;
        case V_TEXT:
          break;
        }

      if (spec->has_offset >= 0)
        {
          gboolean yes = TRUE;
          memcpy ((char *) target + spec->has_offset, &yes, sizeof yes);
        }
    }
  return TRUE;
}

/* ---- The theme ------------------------------------------------------------ */

struct DgTheme {
  char *name;
  char *path;
  GPtrArray *paths;           /* every file of the chain, leaf first; NULL-terminated */
  char *digest;               /* SHA-256 over the chain's bytes, leaf first */
  char *font;                 /* furniture.font points here */
  DgFurnitureStyle furniture;
  DgPartyStyle default_party;
  DgChangeStyle changes[3];   /* by DgChangeKind */
  DgTieStyle default_tie;
  GHashTable *parties;        /* kind → DgPartyStyle, case-insensitive */
  GHashTable *ties;           /* kind → DgTieStyle */
  GHashTable *terms;          /* term → DgTermStyle */
  GPtrArray *party_kinds;     /* NULL-terminated, file order */
  GPtrArray *tie_kinds;
};

static const char *const no_kinds[] = { NULL };

/* What a theme gets for keys no file in its chain sets (see templates/README.md). */
static void
set_builtin_defaults (DgTheme *theme)
{
  theme->font = g_strdup ("DejaVu Sans");
  theme->furniture = (DgFurnitureStyle) {
    .font_size = 10,
    .label_font_size = 8,
    .title_font_size = 16,
    .caption_font_size = 11,
    .small_font_size = 7.5,
    .background = { 1, 1, 1, 1 },
    .text = { 0, 0, 0, 1 },
    .muted = { 0.4, 0.4, 0.4, 1 },
    .accent = { 0, 0x72 / 255.0, 0xB2 / 255.0, 1 },
    .label_background = { 1, 1, 1, 0.8 },
    .margin = 24,
    .group_fill = { 0.95, 0.95, 0.95, 1 },
    .group_stroke = { 0xBB / 255.0, 0xBB / 255.0, 0xBB / 255.0, 1 },
    .show_ended = TRUE,
  };
  theme->default_party = (DgPartyStyle) {
    .shape = DG_SHAPE_ROUNDED,
    .fill = { 1, 1, 1, 1 },
    .stroke = { 0.2, 0.2, 0.2, 1 },
    .text = { 0, 0, 0, 1 },
    .stroke_width = 1,
    .bold = FALSE,
    .margin_x = 8,
    .margin_y = 4,
  };
  /* A theme that says nothing about changes still marks them: new things
   * stand out on a band, ended ones fade, changed labels are boxed. None
   * widens a tie or changes its dash: width says the value, the dash the
   * terms, and a mark must not be read as either. */
  theme->changes[DG_CHANGE_BEGAN] = (DgChangeStyle) {
    .width_factor = 1, .opacity = 1, .halo = { 0, 0, 0, 0.18 }, .halo_width = 3, .bold = TRUE,
  };
  theme->changes[DG_CHANGE_ENDED] = (DgChangeStyle) {
    .width_factor = 1, .opacity = 0.35, .strike = TRUE,
  };
  theme->changes[DG_CHANGE_CHANGED] = (DgChangeStyle) {
    .width_factor = 1, .opacity = 1, .bold = TRUE, .frame = TRUE,
  };
  theme->default_tie = (DgTieStyle) {
    .color = { 1 / 3.0, 1 / 3.0, 1 / 3.0, 1 },
    .dash = { 0, { 0 } },
    .arrow = DG_ARROW_NORMAL,
    .scale = DG_SCALE_LINEAR,
    .min_width = 1,
    .max_width = 6,
    .width = 1.5,
    .no_value = DG_NO_VALUE_HOLLOW,
  };
}

void
dg_theme_free (DgTheme *theme)
{
  if (theme == NULL)
    return;
  g_free (theme->name);
  g_free (theme->path);
  g_clear_pointer (&theme->paths, g_ptr_array_unref);
  g_free (theme->digest);
  g_free (theme->font);
  g_clear_pointer (&theme->parties, g_hash_table_unref);
  g_clear_pointer (&theme->ties, g_hash_table_unref);
  g_clear_pointer (&theme->terms, g_hash_table_unref);
  g_clear_pointer (&theme->party_kinds, g_ptr_array_unref);
  g_clear_pointer (&theme->tie_kinds, g_ptr_array_unref);
  g_free (theme);
}

/* The style of @kind in @table, made from @base on first sight (and its name
 * appended to @order). */
static void *
style_for (GHashTable *table, GPtrArray *order, const char *kind, const void *base, gsize size)
{
  void *style = g_hash_table_lookup (table, kind);
  if (style == NULL)
    {
      style = g_memdup2 (base, size);
      g_hash_table_insert (table, g_strdup (kind), style);
      if (order != NULL)
        g_ptr_array_add (order, g_strdup (kind));
    }
  return style;
}

/* Builds the theme from @chain (root first). The rule: built-in defaults,
 * then every [theme]; then [party *] / [tie *] of every file; then each kind
 * starts from that merged default and takes its own groups, parent first. So
 * a child's [tie *] reaches every tie kind that does not set the key itself. */
static DgTheme *
theme_build (GPtrArray *chain, const char *fallback_name, GError **error)
{
  g_autoptr(DgTheme) theme = g_new0 (DgTheme, 1);
  set_builtin_defaults (theme);
  theme->parties = g_hash_table_new_full (ascii_case_hash, ascii_case_equal, g_free, g_free);
  theme->ties = g_hash_table_new_full (ascii_case_hash, ascii_case_equal, g_free, g_free);
  theme->terms = g_hash_table_new_full (ascii_case_hash, ascii_case_equal, g_free, g_free);
  theme->party_kinds = g_ptr_array_new_null_terminated (8, g_free, TRUE);
  theme->tie_kinds = g_ptr_array_new_null_terminated (8, g_free, TRUE);
  DgTermStyle no_term = { 0 };

  /* Where each tie kind was last set, to place a min/max-width complaint. */
  g_autoptr(GHashTable) tie_origin = g_hash_table_new (ascii_case_hash, ascii_case_equal);
  g_autoptr(GHashTable) tie_layer = g_hash_table_new (ascii_case_hash, ascii_case_equal);

  for (guint pass = 0; pass < 2; pass++)
    for (guint l = 0; l < chain->len; l++)
      {
        const Layer *layer = chain->pdata[l];
        for (guint g = 0; g < layer->groups->len; g++)
          {
            const GroupInfo *info = layer->groups->pdata[g];
            gboolean is_default = info->kind != NULL && strcmp (info->kind, "*") == 0;
            /* Pass 0: [theme] and the defaults; pass 1: the kinds and terms. */
            if ((pass == 0) != (info->type == GROUP_THEME || is_default))
              continue;
            void *target;
            switch (info->type)
              {
              case GROUP_THEME:
                target = &theme->furniture;
                break;
              case GROUP_PARTY:
                target = is_default ? &theme->default_party
                                    : style_for (theme->parties, theme->party_kinds, info->kind,
                                                 &theme->default_party, sizeof (DgPartyStyle));
                break;
              case GROUP_TIE:
                target = is_default ? &theme->default_tie
                                    : style_for (theme->ties, theme->tie_kinds, info->kind,
                                                 &theme->default_tie, sizeof (DgTieStyle));
                g_hash_table_insert (tie_origin, info->kind, info->raw);
                g_hash_table_insert (tie_layer, info->kind, (gpointer) layer);
                break;
              case GROUP_TERM:
                target = style_for (theme->terms, NULL, info->kind, &no_term, sizeof no_term);
                break;
              case GROUP_CHANGE:
                target = NULL;
                for (guint k = 0; k < G_N_ELEMENTS (change_names); k++)
                  if (g_ascii_strcasecmp (info->kind, change_names[k]) == 0)
                    target = &theme->changes[k];
                g_assert (target != NULL); /* classify_group() checked the name */
                break;
              default:
                g_assert_not_reached ();
              }
            if (!apply_group (layer, info->raw, group_keys (info->type), target, &theme->font,
                              error))
              return NULL;
          }
      }

  GHashTableIter it;
  gpointer kind, value;
  g_hash_table_iter_init (&it, tie_origin);
  while (g_hash_table_iter_next (&it, &kind, &value))
    {
      const DgTieStyle *style = strcmp (kind, "*") == 0 ? &theme->default_tie
                                                         : g_hash_table_lookup (theme->ties, kind);
      if (style->min_width > style->max_width)
        {
          layer_error (error, g_hash_table_lookup (tie_layer, kind), value, NULL,
                       "min-width %g is more than max-width %g", style->min_width,
                       style->max_width);
          return NULL;
        }
    }

  const Layer *leaf = chain->pdata[chain->len - 1];
  /* The name is the leaf's own: a child of report is not called "report". */
  g_autofree char *name = NULL;
  if (!get_text (leaf, leaf->theme_group, "name", &name, error))
    return NULL;
  theme->name = name != NULL && name[0] != '\0' ? g_steal_pointer (&name) : g_strdup (fallback_name);
  theme->path = g_strdup (leaf->path);
  /* What the theme was made of, for depfiles and layout caches: a change to
   * any file of the chain changes the digest. Each file's own digest goes in,
   * so no two chains can run together into the same bytes. */
  theme->paths = g_ptr_array_new_null_terminated (chain->len, g_free, TRUE);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  for (guint l = chain->len; l-- > 0;)
    {
      const Layer *layer = chain->pdata[l];
      if (layer->path != NULL)
        g_ptr_array_add (theme->paths, g_strdup (layer->path));
      g_checksum_update (sum, (const guchar *) layer->digest, -1);
      g_checksum_update (sum, (const guchar *) "\n", 1);
    }
  theme->digest = g_strdup (g_checksum_get_string (sum));
  theme->furniture.font = theme->font;
  return g_steal_pointer (&theme);
}

static DgTheme *
theme_from_leaf (Layer *leaf, const char *fallback_name, GError **error)
{
  g_autoptr(GPtrArray) chain = load_chain (leaf, error);
  if (chain == NULL)
    return NULL;
  return theme_build (chain, fallback_name, error);
}

/* Theme files are input like any other: names, groups and keys quoted in a
 * message must not carry control or bidi characters to the terminal. */
static DgTheme *
escaped_errors (DgTheme *theme, GError **error)
{
  if (theme != NULL || error == NULL || *error == NULL)
    return theme;
  char *safe = dg_escape_terminal ((*error)->message, 0, FALSE);
  g_free ((*error)->message);
  (*error)->message = safe;
  return NULL;
}

static DgTheme *load_named (const char *name_or_path, GError **error);
static DgTheme *load_data (const char *name, const char *data, gsize len, GError **error);

DgTheme *
dg_theme_load (const char *name_or_path, GError **error)
{
  return escaped_errors (load_named (name_or_path, error), error);
}

DgTheme *
dg_theme_load_data (const char *name, const char *data, gsize len, GError **error)
{
  return escaped_errors (load_data (name, data, len, error), error);
}

static DgTheme *
load_named (const char *name_or_path, GError **error)
{
  g_return_val_if_fail (name_or_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autofree char *path = is_path (name_or_path) ? g_strdup (name_or_path)
                                                 : named_theme_path (name_or_path, error);
  if (path == NULL)
    return NULL;
  Layer *leaf = layer_read (path, error);
  if (leaf == NULL)
    return NULL;
  g_autofree char *base = g_path_get_basename (path);
  if (g_str_has_suffix (base, ".theme") && strlen (base) > strlen (".theme"))
    base[strlen (base) - strlen (".theme")] = '\0';
  return theme_from_leaf (leaf, base, error);
}

/* @name stands for the file in messages and is the theme's name unless
 * [theme] name says otherwise; @len may be -1 for NUL-terminated @data. A
 * relative inherit path is taken from the working directory. */
static DgTheme *
load_data (const char *name, const char *data, gsize len, GError **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (name == NULL)
    name = "(theme data)";
  if (len == (gsize) -1)
    len = strlen (data);
  Layer *leaf = layer_new (name, NULL, data != NULL ? data : "", len, error);
  if (leaf == NULL)
    return NULL;
  return theme_from_leaf (leaf, name, error);
}

const char *
dg_theme_get_name (const DgTheme *theme)
{
  g_return_val_if_fail (theme != NULL, NULL);
  return theme->name;
}

const char *
dg_theme_get_path (const DgTheme *theme)
{
  g_return_val_if_fail (theme != NULL, NULL);
  return theme->path;
}

const char *const *
dg_theme_get_paths (const DgTheme *theme)
{
  g_return_val_if_fail (theme != NULL, NULL);
  return (const char *const *) theme->paths->pdata;
}

const char *
dg_theme_get_digest (const DgTheme *theme)
{
  g_return_val_if_fail (theme != NULL, NULL);
  return theme->digest;
}

const DgPartyStyle *
dg_theme_party_style (const DgTheme *theme, const char *kind)
{
  g_return_val_if_fail (theme != NULL, NULL);
  const DgPartyStyle *style = kind != NULL ? g_hash_table_lookup (theme->parties, kind) : NULL;
  return style != NULL ? style : &theme->default_party;
}

const DgTieStyle *
dg_theme_tie_style (const DgTheme *theme, const char *kind)
{
  g_return_val_if_fail (theme != NULL, NULL);
  const DgTieStyle *style = kind != NULL ? g_hash_table_lookup (theme->ties, kind) : NULL;
  return style != NULL ? style : &theme->default_tie;
}

const DgTermStyle *
dg_theme_term_style (const DgTheme *theme, const char *term)
{
  g_return_val_if_fail (theme != NULL, NULL);
  return term != NULL ? g_hash_table_lookup (theme->terms, term) : NULL;
}

static GHashTable *
copy_styles (GHashTable *table, gsize size)
{
  GHashTable *out = g_hash_table_new_full (ascii_case_hash, ascii_case_equal, g_free, g_free);
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, table);
  while (g_hash_table_iter_next (&it, &key, &value))
    g_hash_table_insert (out, g_strdup (key), g_memdup2 (value, size));
  return out;
}

static GPtrArray *
copy_strings (GPtrArray *array)
{
  GPtrArray *out = g_ptr_array_new_null_terminated (array->len, g_free, TRUE);
  for (guint i = 0; i < array->len; i++)
    g_ptr_array_add (out, g_strdup (array->pdata[i]));
  return out;
}

DgTheme *
dg_theme_new_with_min_text (const DgTheme *theme, double size)
{
  g_return_val_if_fail (theme != NULL, NULL);
  return dg_theme_copy_with_min_text (theme, size, theme->furniture.margin);
}

DgTheme *
dg_theme_copy_with_min_text (const DgTheme *theme, double min_size, double margin)
{
  g_return_val_if_fail (theme != NULL, NULL);
  DgTheme *copy = g_new0 (DgTheme, 1);
  *copy = *theme;
  copy->name = g_strdup (theme->name);
  copy->path = g_strdup (theme->path);
  copy->paths = copy_strings (theme->paths);
  copy->digest = g_strdup (theme->digest);
  copy->font = g_strdup (theme->font);
  copy->furniture.font = copy->font;
  copy->parties = copy_styles (theme->parties, sizeof (DgPartyStyle));
  copy->ties = copy_styles (theme->ties, sizeof (DgTieStyle));
  copy->terms = copy_styles (theme->terms, sizeof (DgTermStyle));
  copy->party_kinds = copy_strings (theme->party_kinds);
  copy->tie_kinds = copy_strings (theme->tie_kinds);
  DgFurnitureStyle *fs = &copy->furniture;
  double *sizes[] = { &fs->font_size, &fs->label_font_size, &fs->title_font_size, &fs->caption_font_size,
                      &fs->small_font_size };
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    *sizes[i] = MAX (*sizes[i], min_size);
  fs->margin = margin;
  return copy;
}

const DgChangeStyle *
dg_theme_change_style (const DgTheme *theme, DgChangeKind kind)
{
  g_return_val_if_fail (theme != NULL, NULL);
  g_return_val_if_fail (DG_CHANGE_IS_MARKED (kind) && (guint) kind < G_N_ELEMENTS (theme->changes), NULL);
  return &theme->changes[kind];
}

const DgFurnitureStyle *
dg_theme_furniture (const DgTheme *theme)
{
  g_return_val_if_fail (theme != NULL, NULL);
  return &theme->furniture;
}

gboolean
dg_theme_knows_party_kind (const DgTheme *theme, const char *kind)
{
  g_return_val_if_fail (theme != NULL, FALSE);
  return kind != NULL && g_hash_table_contains (theme->parties, kind);
}

gboolean
dg_theme_knows_tie_kind (const DgTheme *theme, const char *kind)
{
  g_return_val_if_fail (theme != NULL, FALSE);
  return kind != NULL && g_hash_table_contains (theme->ties, kind);
}

const char *const *
dg_theme_party_kinds (const DgTheme *theme)
{
  g_return_val_if_fail (theme != NULL, NULL);
  /* An empty GPtrArray may have no pdata at all, even NULL-terminated. */
  return theme->party_kinds->pdata != NULL ? (const char *const *) theme->party_kinds->pdata
                                           : no_kinds;
}

const char *const *
dg_theme_tie_kinds (const DgTheme *theme)
{
  g_return_val_if_fail (theme != NULL, NULL);
  return theme->tie_kinds->pdata != NULL ? (const char *const *) theme->tie_kinds->pdata
                                         : no_kinds;
}

const char *
dg_shape_graphviz_name (DgShape shape)
{
  switch (shape)
    {
    case DG_SHAPE_BOX:
    case DG_SHAPE_ROUNDED:
      return "box";
    case DG_SHAPE_ELLIPSE:
      return "ellipse";
    case DG_SHAPE_CIRCLE:
      return "circle";
    case DG_SHAPE_HEXAGON:
      return "hexagon";
    case DG_SHAPE_DIAMOND:
      return "diamond";
    case DG_SHAPE_CYLINDER:
      return "cylinder";
    case DG_SHAPE_NOTE:
      return "note";
    case DG_SHAPE_PARALLELOGRAM:
      return "parallelogram";
    }
  return "box";
}

const char *
dg_arrow_graphviz_name (DgArrow arrow)
{
  switch (arrow)
    {
    case DG_ARROW_NORMAL:
      return "normal";
    case DG_ARROW_OPEN:
      return "empty";
    case DG_ARROW_DIAMOND:
      return "diamond";
    case DG_ARROW_DOT:
      return "dot";
    case DG_ARROW_NONE:
      break;
    }
  return "none";
}
