/* load.c — DOT text → cgraph → a checked DgGraph, with every problem reported.
 *
 * The loader works in three passes: a cheap scan of the raw text that refuses
 * what would hurt Graphviz (over-long strings, deep nesting, NUL bytes,
 * invalid UTF-8) and records where each node and edge is written; the cgraph
 * parse, with cgraph's own messages captured and re-worded; and a walk of the
 * parsed graph that builds the model and checks it against the input
 * contract (README "Input format"). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "attrs-private.h"
#include "dg-escape-private.h"
#include "dg-gv-private.h"
#include "error.h"
#include "graph-private.h"
#include "load.h"
#include "timeline.h"

#define MAX_NESTING 64

static const char *const party_kinds[] = {
  "company", "lab", "cloud", "product", "investor", "customer", NULL,
};
static const char *const tie_kinds[] = {
  "stake", "investment", "license", "revenue_share", "channel", "partnership", "owns", NULL,
};

typedef struct {
  const char *file;
  const DgLoadOptions *options;
  GPtrArray *diagnostics;
  guint n_errors;
  DgError first_code;
  char *first_message;
  GHashTable *node_lines; /* id → first line it is declared or used on */
  GHashTable *edge_lines; /* "tail\x1fhead" → GArray of guint lines, in order */
  GHashTable *edge_seen;  /* same key → how many of those lines are taken */
  GHashTable *graph_attr_lines; /* root graph attribute name → line of its last assignment */
  guint graph_end_line;   /* where the first graph's closing brace is */
  GHashTable *attr_warned; /* attribute names already warned about */
  const char *graph_name;  /* the root graph's DOT name, for \G */
  GHashTable *graph_settings; /* names set by -G: no "ignored" warning at the root graph */
  /* For -G/-N/-E (see find_root_settings()): where the root graph's body
   * opens (0: not found), and the root-level settings the file makes. */
  gsize root_open;
  GArray *root_settings; /* of RootSetting */
  GPtrArray *settings;   /* of Setting: the -G/-N/-E settings that hold */
} Loader;

/* A name the file sets at the root level: in "name = value" in the root
 * graph's body, or in a "graph", "node" or "edge" statement's list there. */
typedef struct {
  gsize start, end; /* the name, as written */
  char kind;        /* 'G', 'N' or 'E' */
  char *name;
} RootSetting;

static void
root_setting_clear (gpointer data)
{
  g_free (((RootSetting *) data)->name);
}

/* A -G/-N/-E setting that passed its checks. */
typedef struct {
  char kind; /* 'G', 'N' or 'E' */
  char *name;
  char *value;
} Setting;

static void
setting_free (gpointer data)
{
  Setting *setting = data;
  g_free (setting->name);
  g_free (setting->value);
  g_free (setting);
}

static void
diagnostic_free (gpointer data)
{
  DgDiagnostic *diag = data;
  g_free (diag->file);
  g_free (diag->message);
  g_free (diag);
}

GPtrArray *
dg_diagnostics_new (void)
{
  return g_ptr_array_new_with_free_func (diagnostic_free);
}

char *
dg_diagnostic_to_string (const DgDiagnostic *diag)
{
  const char *severity = diag->severity == DG_SEVERITY_ERROR ? "error" : "warning";
  if (diag->line > 0)
    return g_strdup_printf ("%s:%u: %s: %s", diag->file, diag->line, severity, diag->message);
  return g_strdup_printf ("%s: %s: %s", diag->file, severity, diag->message);
}

/* Reports a problem at @line of @file: the input, or a -G/-N/-E setting. */
G_GNUC_PRINTF (6, 0)
static void
report_va (Loader *ld, const char *file, DgSeverity severity, DgError code, guint line, const char *format,
           va_list args)
{
  g_autofree char *raw = g_strdup_vprintf (format, args);
  /* Ids, labels and dates come from the input: no control characters or
   * bidi overrides may reach the user's terminal through a message. */
  char *message = dg_escape_terminal (raw, 0, FALSE);

  if (severity == DG_SEVERITY_ERROR && ld->n_errors++ == 0)
    {
      ld->first_code = code;
      ld->first_message = line > 0 ? g_strdup_printf ("%s:%u: %s", file, line, message)
                                   : g_strdup_printf ("%s: %s", file, message);
    }
  if (ld->diagnostics == NULL)
    {
      g_free (message);
      return;
    }
  DgDiagnostic *diag = g_new0 (DgDiagnostic, 1);
  diag->severity = severity;
  diag->file = g_strdup (file);
  diag->line = line;
  diag->message = message;
  g_ptr_array_add (ld->diagnostics, diag);
}

G_GNUC_PRINTF (5, 6)
static void
report (Loader *ld, DgSeverity severity, DgError code, guint line, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  report_va (ld, ld->file, severity, code, line, format, args);
  va_end (args);
}

/* A problem with the -G/-N/-E setting @setting (already safe to print):
 * an error is a usage error, since the command line is at fault. */
G_GNUC_PRINTF (4, 5)
static void
report_setting (Loader *ld, DgSeverity severity, const char *setting, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  report_va (ld, setting, severity, DG_ERROR_USAGE, 0, format, args);
  va_end (args);
}

#define error_at(ld, code, line, ...) report ((ld), DG_SEVERITY_ERROR, (code), (line), __VA_ARGS__)
#define warning_at(ld, line, ...) report ((ld), DG_SEVERITY_WARNING, DG_ERROR_INVALID, (line), __VA_ARGS__)

/* ---- pass 1: scanning the raw text ------------------------------------- */

typedef enum { TOK_ID, TOK_EDGEOP, TOK_EQUALS, TOK_COLON, TOK_OTHER } TokenType;

typedef struct {
  TokenType type;
  guint line;
  char *text; /* TOK_ID only */
  char punct; /* TOK_OTHER: the character ('{', '}', '[', ';', …) */
  gsize start, end; /* where it is written in the buffer, quotes included */
} Token;

/* What dot's -G/-N/-E override in @tokens (see apply_settings()): the
 * offset just after the root graph's '{', and every attribute name the
 * root graph's body sets for itself or as a node or edge default, into
 * ld->root_settings. Not those of subgraphs, nor an element's own. */
static void
find_root_settings (Loader *ld, GArray *tokens)
{
  int braces = 0;
  char list = 0;      /* in a [...] at the root: 'G', 'N', 'E' (a statement's) or 'X' (an element's) */
  char last_list = 0; /* the one just closed, for "node [a=1] [b=2]" */
  for (guint i = 0; i < tokens->len; i++)
    {
      const Token *t = &g_array_index (tokens, Token, i);
      if (t->type == TOK_OTHER)
        {
          if (t->punct == '{' && braces++ == 0 && ld->root_open == 0)
            ld->root_open = t->end;
          else if (t->punct == '}')
            braces--;
          else if (t->punct == '[' && braces == 1)
            {
              const Token *prev = i > 0 ? t - 1 : NULL;
              if (prev != NULL && prev->type == TOK_ID && g_ascii_strcasecmp (prev->text, "graph") == 0)
                list = 'G';
              else if (prev != NULL && prev->type == TOK_ID && g_ascii_strcasecmp (prev->text, "node") == 0)
                list = 'N';
              else if (prev != NULL && prev->type == TOK_ID && g_ascii_strcasecmp (prev->text, "edge") == 0)
                list = 'E';
              else if (prev != NULL && prev->type == TOK_OTHER && prev->punct == ']')
                list = last_list;
              else
                list = 'X';
            }
          else if (t->punct == ']')
            {
              last_list = list;
              list = 0;
            }
          continue;
        }
      if (t->type != TOK_ID || braces != 1 || i + 1 >= tokens->len || t[1].type != TOK_EQUALS || list == 'X')
        continue;
      RootSetting rs = { t->start, t->end, list != 0 ? list : 'G', g_strdup (t->text) };
      g_array_append_val (ld->root_settings, rs);
    }
}

/* DOT's keywords, case-insensitive; never node names. */
static gboolean
is_keyword (const char *text)
{
  static const char *const words[] = { "node", "edge", "graph", "digraph", "subgraph", "strict" };
  for (guint k = 0; k < G_N_ELEMENTS (words); k++)
    if (g_ascii_strcasecmp (text, words[k]) == 0)
      return TRUE;
  return FALSE;
}

/* The node names of the edge operand on side @dir (-1: tail, +1: head) of
 * the edge operator at @op: one node (its port skipped), or every node named
 * in a subgraph operand ("subgraph X { … }", "{ … }"), as cgraph joins an
 * edge to each node of a subgraph. The names are borrowed from @tokens. */
static GPtrArray *
edge_operand (GArray *tokens, guint op, int dir)
{
  GPtrArray *names = g_ptr_array_new ();
  const Token *all = (const Token *) tokens->data;
  gint64 i = (gint64) op + dir, open = -1, close = -1;
  if (dir < 0)
    {
      /* Skip a tail's port: "a:port" or "a:port:compass". */
      for (int k = 0; k < 2 && i - 2 >= 0 && all[i - 1].type == TOK_COLON; k++)
        i -= 2;
      if (i >= 0 && all[i].type == TOK_OTHER && all[i].punct == '}')
        {
          close = i;
          for (int depth = 0; i >= 0; i--)
            if (all[i].type == TOK_OTHER && (all[i].punct == '}' || all[i].punct == '{'))
              if ((depth += all[i].punct == '}' ? 1 : -1) == 0)
                break;
          open = i;
        }
    }
  else
    {
      if (i < tokens->len && all[i].type == TOK_ID && g_ascii_strcasecmp (all[i].text, "subgraph") == 0)
        {
          i++;
          if (i < tokens->len && all[i].type == TOK_ID)
            i++;
        }
      if (i < tokens->len && all[i].type == TOK_OTHER && all[i].punct == '{')
        {
          open = i;
          for (int depth = 0; i < tokens->len; i++)
            if (all[i].type == TOK_OTHER && (all[i].punct == '}' || all[i].punct == '{'))
              if ((depth += all[i].punct == '{' ? 1 : -1) == 0)
                break;
          close = i;
        }
    }
  if (open < 0)
    {
      if (i >= 0 && i < tokens->len && all[i].type == TOK_ID && !is_keyword (all[i].text))
        g_ptr_array_add (names, all[i].text);
      return names;
    }
  /* Node names inside: IDs that are not keywords, attribute names or
   * values, ports, or inside [ … ] attribute lists. */
  int in_list = 0;
  for (gint64 k = open + 1; k < close && k < tokens->len; k++)
    {
      const Token *t = &all[k];
      if (t->type == TOK_OTHER && (t->punct == '[' || t->punct == ']'))
        in_list += t->punct == '[' ? 1 : -1;
      if (t->type != TOK_ID || in_list > 0 || is_keyword (t->text))
        continue;
      if ((k + 1 < close && all[k + 1].type == TOK_EQUALS) || all[k - 1].type == TOK_EQUALS
          || all[k - 1].type == TOK_COLON || (all[k - 1].type == TOK_ID && g_ascii_strcasecmp (all[k - 1].text, "subgraph") == 0))
        continue;
      gboolean known = FALSE;
      for (guint n = 0; n < names->len && !known; n++)
        known = g_str_equal (names->pdata[n], t->text);
      if (!known)
        g_ptr_array_add (names, t->text);
    }
  return names;
}

static void
token_clear (gpointer data)
{
  g_free (((Token *) data)->text);
}

static char *
edge_key (const char *tail, const char *head)
{
  return g_strconcat (tail, "\x1f", head, NULL);
}

/* Walks @buf (NUL-terminated, @len bytes), blanking `#` line directives in
 * place (so a file cannot lie about its name and lines), enforcing the
 * string-length and nesting limits, and indexing where nodes and edges are
 * written. Returns FALSE when the text must not reach cgraph. */
static gboolean
scan_source (Loader *ld, char *buf, gsize len)
{
  const char *nul = memchr (buf, '\0', len);
  if (nul != NULL)
    {
      guint line = 1;
      for (const char *p = buf; p < nul; p++)
        line += *p == '\n';
      error_at (ld, DG_ERROR_SYNTAX, line, "syntax error: NUL byte in the input (is this a DOT file?)");
      return FALSE;
    }
  const char *bad = NULL;
  if (!g_utf8_validate (buf, (gssize) len, &bad))
    {
      guint line = 1;
      for (const char *p = buf; p < bad; p++)
        line += *p == '\n';
      error_at (ld, DG_ERROR_SYNTAX, line, "syntax error: invalid UTF-8 (dealgraph reads DOT files as UTF-8; is this a DOT file?)");
      return FALSE;
    }

  g_autoptr (GArray) tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  g_array_set_clear_func (tokens, token_clear);
  guint line = 1;
  guint depth = 0;
  gsize max_label = ld->options->max_label_bytes;
  char *p = buf;
  char *end = buf + len;
  gboolean at_line_start = TRUE;

  while (p < end)
    {
      char c = *p;
      if (c == '\n')
        {
          line++;
          p++;
          at_line_start = TRUE;
          continue;
        }
      if (at_line_start && c == '#')
        {
          /* cgraph treats "# 9000 \"file\"" as a line directive that renames
           * the input in its messages; we keep our own line numbers. */
          while (p < end && *p != '\n')
            *p++ = ' ';
          continue;
        }
      at_line_start = FALSE;
      if (g_ascii_isspace (c))
        {
          p++;
          continue;
        }
      if (c == '/' && p + 1 < end && p[1] == '/')
        {
          while (p < end && *p != '\n')
            p++;
          continue;
        }
      if (c == '/' && p + 1 < end && p[1] == '*')
        {
          p += 2;
          while (p < end && !(p[0] == '*' && p + 1 < end && p[1] == '/'))
            line += *p++ == '\n';
          p = MIN (p + 2, end);
          continue;
        }
      Token tok = { TOK_OTHER, line, NULL, c, (gsize) (p - buf), 0 };
      if (c == '"')
        {
          guint start_line = line;
          GString *s = g_string_new (NULL);
          p++;
          while (p < end && *p != '"')
            {
              if (*p == '\\' && p + 1 < end && (p[1] == '"' || p[1] == '\n'))
                {
                  if (p[1] == '"')
                    g_string_append_c (s, '"');
                  else
                    line++;
                  p += 2;
                  continue;
                }
              line += *p == '\n';
              g_string_append_c (s, *p++);
            }
          p++;
          if (s->len > max_label)
            {
              error_at (ld, DG_ERROR_LIMIT, start_line,
                        "quoted string of %" G_GSIZE_FORMAT " bytes: label is longer than %" G_GSIZE_FORMAT
                        " bytes (raise with --max-label)", s->len, max_label);
              g_string_free (s, TRUE);
              return FALSE;
            }
          tok.type = TOK_ID;
          tok.line = start_line;
          tok.text = g_string_free (s, FALSE);
        }
      else if (c == '<')
        {
          /* An HTML string: balanced angle brackets. */
          guint start_line = line, html_depth = 0;
          char *start = p;
          do
            {
              if (*p == '<' && ++html_depth > MAX_NESTING)
                {
                  error_at (ld, DG_ERROR_LIMIT, line,
                            "HTML label nesting deeper than %d levels", MAX_NESTING);
                  return FALSE;
                }
              if (*p == '>')
                html_depth--;
              line += *p == '\n';
              p++;
            }
          while (p < end && html_depth > 0);
          if ((gsize) (p - start) > max_label)
            {
              error_at (ld, DG_ERROR_LIMIT, start_line,
                        "HTML string: label is longer than %" G_GSIZE_FORMAT " bytes (raise with --max-label)",
                        max_label);
              return FALSE;
            }
          tok.type = TOK_ID;
          tok.line = start_line;
          /* An HTML string cut off by the end of the file has no closing '>'. */
          gsize html_len = (gsize) (p - start);
          tok.text = html_len >= 2 ? g_strndup (start + 1, html_len - 2) : g_strdup ("");
        }
      else if (g_ascii_isalnum (c) || c == '_' || c == '.' || (guchar) c >= 0x80
               || (c == '-' && p + 1 < end && (g_ascii_isdigit (p[1]) || p[1] == '.')))
        {
          char *start = p++;
          while (p < end && (g_ascii_isalnum (*p) || *p == '_' || *p == '.' || (guchar) *p >= 0x80))
            p++;
          tok.type = TOK_ID;
          tok.text = g_strndup (start, (gsize) (p - start));
        }
      else if (c == '-' && p + 1 < end && (p[1] == '>' || p[1] == '-'))
        {
          tok.type = TOK_EDGEOP;
          p += 2;
        }
      else
        {
          if (c == '=')
            tok.type = TOK_EQUALS;
          else if (c == ':')
            tok.type = TOK_COLON;
          if (c == '{' || c == '[')
            {
              if (++depth > MAX_NESTING)
                {
                  error_at (ld, DG_ERROR_LIMIT, line,
                            "subgraph nesting deeper than %d levels", MAX_NESTING);
                  return FALSE;
                }
            }
          else if ((c == '}' || c == ']') && depth > 0)
            {
              if (--depth == 0 && c == '}' && ld->graph_end_line == 0)
                ld->graph_end_line = line;
            }
          p++;
        }
      tok.end = (gsize) (p - buf);
      g_array_append_val (tokens, tok);
    }

  int braces = 0;
  gboolean in_list = FALSE, graph_list = FALSE;
  /* Index: a node's line is the first place its name stands as a statement
   * or an edge end (not as an attribute name or value); an edge's line is
   * that of its operator, one entry per occurrence, in order. */
  for (guint i = 0; i < tokens->len; i++)
    {
      Token *t = &g_array_index (tokens, Token, i);
      if (t->type == TOK_EDGEOP && i > 0 && i + 1 < tokens->len)
        {
          /* Each end is a node or a subgraph, whose every node it joins. */
          g_autoptr (GPtrArray) tails = edge_operand (tokens, i, -1);
          g_autoptr (GPtrArray) heads = edge_operand (tokens, i, +1);
          for (guint x = 0; x < tails->len; x++)
            for (guint y = 0; y < heads->len; y++)
              {
                char *key = edge_key (tails->pdata[x], heads->pdata[y]);
                GArray *lines = g_hash_table_lookup (ld->edge_lines, key);
                if (lines == NULL)
                  {
                    lines = g_array_new (FALSE, FALSE, sizeof (guint));
                    g_hash_table_insert (ld->edge_lines, key, lines);
                  }
                else
                  g_free (key);
                g_array_append_val (lines, t->line);
              }
          continue;
        }
      if (t->type == TOK_OTHER && (t->punct == '{' || t->punct == '}'))
        braces += t->punct == '{' ? 1 : -1;
      if (t->type == TOK_OTHER && t->punct == '[')
        graph_list = i > 0 && t[-1].type == TOK_ID && g_ascii_strcasecmp (t[-1].text, "graph") == 0;
      if (t->type == TOK_OTHER && t->punct == '[')
        in_list = TRUE;
      if (t->type == TOK_OTHER && t->punct == ']')
        in_list = graph_list = FALSE;
      /* The root graph's own attributes: "name = value" in its body, or in
       * a "graph [ … ]" list there; the last assignment is the one kept. */
      if (t->type == TOK_ID && braces == 1 && (!in_list || graph_list) && i + 1 < tokens->len
          && t[1].type == TOK_EQUALS)
        g_hash_table_insert (ld->graph_attr_lines, g_strdup (t->text), GUINT_TO_POINTER (t->line));
      if (t->type != TOK_ID)
        continue;
      gboolean is_attr = (i + 1 < tokens->len && t[1].type == TOK_EQUALS)
                         || (i > 0 && (t[-1].type == TOK_EQUALS || t[-1].type == TOK_COLON));
      if (!is_attr && !g_hash_table_contains (ld->node_lines, t->text))
        g_hash_table_insert (ld->node_lines, g_strdup (t->text), GUINT_TO_POINTER (t->line));
    }
  if (ld->options->graph_attrs != NULL || ld->options->node_attrs != NULL || ld->options->edge_attrs != NULL)
    find_root_settings (ld, tokens);
  return TRUE;
}

static guint
node_line (Loader *ld, const char *id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (ld->node_lines, id));
}

/* The line the root graph's attribute @name is set on, or 0. */
static guint
graph_attr_line (Loader *ld, const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (ld->graph_attr_lines, name));
}

/* The line of the next edge tail→head (or head→tail when undirected input
 * wrote it the other way), in the order cgraph hands edges out. */
static guint
edge_line (Loader *ld, const char *tail, const char *head)
{
  for (int pass = 0; pass < 2; pass++)
    {
      g_autofree char *key = pass == 0 ? edge_key (tail, head) : edge_key (head, tail);
      GArray *lines = g_hash_table_lookup (ld->edge_lines, key);
      if (lines == NULL)
        continue;
      guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (ld->edge_seen, key));
      guint line = g_array_index (lines, guint, MIN (seen, lines->len - 1));
      g_hash_table_insert (ld->edge_seen, g_strdup (key), GUINT_TO_POINTER (seen + 1));
      return line;
    }
  return 0;
}

/* ---- pass 2: cgraph ---------------------------------------------------- */

/* cgraph says "syntax error in line 3 near 'x'"; we say "file:3: syntax error near 'x'". */
static void
report_cgraph_error (Loader *ld, const char *raw, guint last_line)
{
  g_autofree char *text = g_strstrip (g_strdup (raw != NULL ? raw : ""));
  if (text[0] == '\0')
    {
      /* cgraph returns no graph and says nothing for comments alone. */
      error_at (ld, DG_ERROR_SYNTAX, 0, "empty input: no graph in it");
      return;
    }
  if (strstr (text, "memory exhausted") != NULL)
    {
      error_at (ld, DG_ERROR_LIMIT, 0, "syntax error: nesting too deep for the DOT parser");
      return;
    }
  guint line = 0;
  g_autoptr (GMatchInfo) match = NULL;
  g_autoptr (GRegex) re = g_regex_new ("line ([0-9]+)(?: near '(.*)')?(.*)", G_REGEX_DOTALL, 0, NULL);
  if (g_regex_match (re, text, 0, &match))
    {
      g_autofree char *num = g_match_info_fetch (match, 1);
      g_autofree char *near = g_match_info_fetch (match, 2);
      g_autofree char *rest = g_match_info_fetch (match, 3);
      line = (guint) g_ascii_strtoull (num, NULL, 10);
      if (near != NULL && near[0] != '\0')
        {
          g_autofree char *safe = dg_escape_terminal (near, 40, FALSE);
          g_autofree char *trimmed = g_strstrip (g_strdup (safe));
          error_at (ld, DG_ERROR_SYNTAX, line, "syntax error near '%s'", trimmed);
          return;
        }
      char *newline = strchr (rest, '\n');
      if (newline != NULL)
        *newline = '\0';
      g_strstrip (rest);
      if (rest[0] != '\0')
        {
          g_autofree char *safe = dg_escape_terminal (rest, 120, FALSE);
          error_at (ld, DG_ERROR_SYNTAX, line, "syntax error %s", safe);
          return;
        }
      if (line >= last_line)
        {
          error_at (ld, DG_ERROR_SYNTAX, line, "syntax error at the end of the input (a '}' missing?)");
          return;
        }
      error_at (ld, DG_ERROR_SYNTAX, line, "syntax error");
      return;
    }
  g_autofree char *safe = dg_escape_terminal (text, 200, FALSE);
  error_at (ld, DG_ERROR_SYNTAX, line, "syntax error (%s)", safe);
}

/* An attribute's value, or NULL when it is unset or empty. */
static const char *
attr (void *obj, const char *name)
{
  char *value = agget (obj, (char *) name);
  return value != NULL && value[0] != '\0' ? value : NULL;
}

static gboolean
in_list (const char *const *list, const char *word)
{
  return word != NULL && g_strv_contains (list, word);
}

/* The names DOT's label escapes stand for: \N the node, \G the graph (a
 * cluster's own name in a cluster label), \E the edge, \T and \H its ends. */
typedef struct {
  const char *node;
  const char *graph;
  const char *tail;
  const char *head;
  gboolean directed;
} Names;

/* The name escape at @p ('\\' then a letter), or NULL when it is none. */
static const char *
escape_name (const Names *names, const char *p, char **edge)
{
  switch (p[1])
    {
    case 'N':
      return names->node != NULL ? names->node : "";
    case 'G':
      return names->graph != NULL ? names->graph : "";
    case 'T':
      return names->tail != NULL ? names->tail : "";
    case 'H':
      return names->head != NULL ? names->head : "";
    case 'E':
      if (names->tail == NULL || names->head == NULL)
        return "";
      g_free (*edge);
      *edge = g_strdup_printf ("%s%s%s", names->tail, names->directed ? "->" : "--", names->head);
      return *edge;
    default:
      return NULL;
    }
}

/* DOT escapes in a label, as dealgraph draws it: the name escapes as the
 * names, "\n" "\l" "\r" as line breaks. */
static char *
label_text (const char *label, const Names *names)
{
  GString *out = g_string_new (NULL);
  g_autofree char *edge = NULL;
  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          const char *name = escape_name (names, p, &edge);
          p++;
          if (name != NULL)
            g_string_append (out, name);
          else if (*p == 'n' || *p == 'l' || *p == 'r')
            g_string_append_c (out, '\n');
          else
            g_string_append_c (out, *p);
          continue;
        }
      g_string_append_c (out, *p);
    }
  while (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* A label for Graphviz with the name escapes written out (Graphviz would
 * put in the names of the graph dealgraph builds for it: "p12", "t3");
 * the line escapes stay for Graphviz to justify. */
static char *
label_for_graphviz (const char *label, const Names *names)
{
  GString *out = g_string_new (NULL);
  g_autofree char *edge = NULL;
  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          const char *name = escape_name (names, p, &edge);
          if (name != NULL)
            {
              for (const char *q = name; *q != '\0'; q++)
                {
                  if (*q == '\\')
                    g_string_append_c (out, '\\');
                  g_string_append_c (out, *q);
                }
              p++;
              continue;
            }
          g_string_append_c (out, *p++);
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* The words of a record label ("<f0> left|{<f1> a|b}"), as plain text:
 * ports dropped, fields on lines of their own. */
static char *
record_text (const char *label, const Names *names)
{
  g_autofree char *plain = label_text (label, names);
  GString *out = g_string_new (NULL);
  for (const char *p = plain; *p != '\0'; p++)
    {
      if (*p == '<')
        {
          const char *end = strchr (p, '>');
          if (end != NULL)
            {
              p = end;
              continue;
            }
        }
      if (*p == '|' || *p == '{' || *p == '}')
        {
          if (out->len > 0 && out->str[out->len - 1] != '\n')
            g_string_append_c (out, '\n');
          continue;
        }
      g_string_append_c (out, *p);
    }
  /* Blank lines and spaces around fields go. */
  g_auto (GStrv) lines = g_strsplit (out->str, "\n", -1);
  g_string_truncate (out, 0);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      if (line[0] != '\0')
        g_string_append_printf (out, "%s%s", out->len > 0 ? "\n" : "", line);
    }
  return g_string_free (out, FALSE);
}

/* The text of an HTML label without its tags and with the common entities
 * decoded: dealgraph draws its own labels, so markup is not kept. */
static char *
html_text (const char *html)
{
  GString *out = g_string_new (NULL);
  gboolean in_tag = FALSE;
  for (const char *p = html; *p != '\0'; p++)
    {
      if (*p == '<')
        {
          if (g_ascii_strncasecmp (p, "<br", 3) == 0)
            g_string_append_c (out, '\n');
          in_tag = TRUE;
        }
      else if (*p == '>')
        in_tag = FALSE;
      else if (!in_tag)
        g_string_append_c (out, *p);
    }
  static const char *const entities[][2] = {
    { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" }, { "&apos;", "'" }, { "&amp;", "&" },
  };
  char *text = g_string_free (out, FALSE);
  for (gsize i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      g_auto (GStrv) parts = g_strsplit (text, entities[i][0], -1);
      g_free (text);
      text = g_strjoinv (entities[i][1], parts);
    }
  return g_strstrip (text);
}

static const char *
display_label (DgGraph *graph, void *obj, const char *name, const Names *names)
{
  char *label = agget (obj, "label");
  if (label == NULL || label[0] == '\0')
    return dg_graph_intern (graph, name);
  const char *shape = agget (obj, "shape");
  gboolean record = shape != NULL && (g_str_equal (shape, "record") || g_str_equal (shape, "Mrecord"));
  g_autofree char *text = aghtmlstr ((char *) label) ? html_text (label)
                          : record                   ? record_text (label, names)
                                                     : label_text (label, names);
  if (text[0] == '\0')
    return dg_graph_intern (graph, name);
  return dg_graph_intern (graph, text);
}

/* Labels are checked after DOT's escapes are expanded: "\N" and "\G" can
 * make a short file hold huge titles and captions. */
static void
check_label_length (Loader *ld, guint line, const char *what, const char *text)
{
  if (text != NULL && strlen (text) > ld->options->max_label_bytes)
    error_at (ld, DG_ERROR_LIMIT, line, "%s: label is longer than %" G_GSIZE_FORMAT " bytes (raise with --max-label)",
              what, ld->options->max_label_bytes);
}

typedef struct {
  const char *name;
  const char *pattern; /* a whole-value regular expression */
  const char *expected;
} LayoutAttr;

/* The Graphviz graph attributes a user may set on purpose (README, "Layout
 * attributes"); everything else is dropped before Graphviz sees it. */
static const LayoutAttr layout_attrs[] = {
  { "rankdir", "TB|LR|BT|RL", "one of TB, LR, BT, RL" },
  { "nodesep", "[0-9]*\\.?[0-9]+", "a number of inches" },
  { "ranksep", "[0-9]*\\.?[0-9]+( equally)?", "a number of inches" },
  { "splines", "true|false|spline|line|polyline|curved|none", "one of spline, line, polyline, curved, none" },
  { "overlap", "true|false|scale|prism|compress|vpsc|ortho|scalexy", "a Graphviz overlap mode" },
  { "pack", "true|false|[0-9]+", "true, false or a margin in points" },
  { "packmode", "node|clust|graph|array(_[a-z]*[0-9]*)?", "node, clust, graph or array" },
};

/* Whether @value is what layout attribute @la takes. */
static gboolean
layout_attr_valid (const LayoutAttr *la, const char *value)
{
  g_autofree char *anchored = g_strdup_printf ("^(%s)$", la->pattern);
  return g_regex_match_simple (anchored, value, 0, 0);
}

/* The layout attribute called @name, or NULL. */
static const LayoutAttr *
find_layout_attr (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (layout_attrs); i++)
    if (g_str_equal (layout_attrs[i].name, name))
      return &layout_attrs[i];
  return NULL;
}

static void
read_layout_attrs (Loader *ld, DgGraph *graph, Agraph_t *g)
{
  for (gsize i = 0; i < G_N_ELEMENTS (layout_attrs); i++)
    {
      const char *value = attr (g, layout_attrs[i].name);
      if (value == NULL)
        continue;
      if (g_str_equal (layout_attrs[i].name, "rankdir") && !layout_attr_valid (&layout_attrs[i], value))
        {
          /* Graphviz reads any other rankdir as TB ("TD" is a common
           * spelling of it): so does dealgraph, and says so. */
          g_autofree char *safe = dg_escape_terminal (value, 40, FALSE);
          warning_at (ld, graph_attr_line (ld, "rankdir"),
                      "graph attribute rankdir: \"%s\" is read as TB, as Graphviz reads it (TB, LR, BT, RL)",
                      safe);
          dg_graph_set_layout_attr (graph, "rankdir", "TB");
          continue;
        }
      if (!layout_attr_valid (&layout_attrs[i], value))
        {
          g_autofree char *safe = dg_escape_terminal (value, 40, FALSE);
          error_at (ld, DG_ERROR_INVALID, graph_attr_line (ld, layout_attrs[i].name), "graph attribute %s: \"%s\" is not %s",
                    layout_attrs[i].name, safe, layout_attrs[i].expected);
          continue;
        }
      dg_graph_set_layout_attr (graph, layout_attrs[i].name, value);
    }
}

/* ---- dot's -G, -N and -E ----------------------------------------------- */

/* What the file's root-level settings overridden by -G/-N/-E are renamed
 * to (see apply_settings()): an attribute no reader looks at. */
#define OVERRIDDEN_NAME "_dealgraph_overridden_"

/* Keeps @name = @value, a setting that passed its checks, for
 * apply_settings(); a later one of the same name wins, as in dot. */
static void
keep_setting (Loader *ld, char kind, const char *name, const char *value)
{
  Setting *setting = g_new0 (Setting, 1);
  setting->kind = kind;
  setting->name = g_strdup (name);
  setting->value = g_strdup (value);
  g_ptr_array_add (ld->settings, setting);
}

/* Whether @value can be written as a DOT quoted string: cgraph's lexer
 * cannot end one with a backslash or put a backslash before a quote, and a
 * line break would move the line numbers of its messages. */
static gboolean
quotable (const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r' || (*p == '\\' && (p[1] == '"' || p[1] == '\0')))
      return FALSE;
  return TRUE;
}

/* Whether @name is an attribute name as DOT writes one unquoted. */
static gboolean
valid_attr_name (const char *name)
{
  if (!(g_ascii_isalpha (name[0]) || name[0] == '_') || strlen (name) > 64)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_'))
      return FALSE;
  return TRUE;
}

/* Checks one list of settings (@flag 'G', 'N' or 'E') and keeps the good
 * ones (keep_setting()); FALSE when one is an error. */
static gboolean
check_setting_list (Loader *ld, char flag, const char *const *list)
{
  /* -G also sets the default of every cluster, as in dot: check it as
   * either. */
  const guint target = flag == 'G' ? DG_ATTR_GRAPH | DG_ATTR_CLUSTER : flag == 'N' ? DG_ATTR_NODE : DG_ATTR_EDGE;
  gboolean ok = TRUE;
  /* Colours are read in the colour scheme the same option gives, if any. */
  g_autofree char *scheme = NULL;
  for (guint i = 0; list[i] != NULL; i++)
    if (g_str_has_prefix (list[i], "colorscheme="))
      {
        g_free (scheme);
        scheme = g_strdup (list[i] + strlen ("colorscheme="));
      }

  for (guint i = 0; list[i] != NULL; i++)
    {
      g_autofree char *raw = g_strdup_printf ("-%c%s", flag, list[i]);
      g_autofree char *setting = dg_escape_terminal (raw, 80, FALSE);
      const char *eq = strchr (list[i], '=');
      /* dot reads a bare -Nname as name=true. */
      g_autofree char *name = eq != NULL ? g_strndup (list[i], (gsize) (eq - list[i])) : g_strdup (list[i]);
      const char *value = eq != NULL ? eq + 1 : "true";
      if (!valid_attr_name (name))
        {
          report_setting (ld, DG_SEVERITY_ERROR, setting, "not an attribute setting: write -%cNAME=VALUE, NAME "
                          "an attribute name such as %s", flag, flag == 'G' ? "rankdir" : flag == 'N' ? "shape" : "color");
          ok = FALSE;
          continue;
        }
      if (!g_utf8_validate (value, -1, NULL))
        {
          report_setting (ld, DG_SEVERITY_ERROR, setting, "the value is not UTF-8 text");
          ok = FALSE;
          continue;
        }
      if (!quotable (value))
        {
          report_setting (ld, DG_SEVERITY_ERROR, setting, "the value holds a line break, a backslash before a "
                          "quote or a final backslash, which DOT cannot quote (write \\n for a line break)");
          ok = FALSE;
          continue;
        }
      if (strlen (value) > ld->options->max_label_bytes)
        {
          report_setting (ld, DG_SEVERITY_ERROR, setting, "the value is longer than %" G_GSIZE_FORMAT " bytes "
                          "(raise with --max-label)", ld->options->max_label_bytes);
          ok = FALSE;
          continue;
        }
      g_autofree char *safe_value = dg_escape_terminal (value, 60, FALSE);
      const LayoutAttr *la = find_layout_attr (name);
      if (la != NULL && flag != 'G')
        {
          report_setting (ld, DG_SEVERITY_WARNING, setting, "attribute %s is ignored: it is a graph attribute "
                          "(-G%s=%s)", name, name, safe_value);
          continue;
        }
      if (la != NULL)
        {
          if (g_str_equal (name, "rankdir") && !layout_attr_valid (la, value))
            {
              report_setting (ld, DG_SEVERITY_WARNING, setting, "graph attribute rankdir: \"%s\" is read as TB, "
                              "as Graphviz reads it (TB, LR, BT, RL)", safe_value);
              value = "TB";
            }
          else if (!layout_attr_valid (la, value))
            {
              report_setting (ld, DG_SEVERITY_ERROR, setting, "graph attribute %s: \"%s\" is not %s", name,
                              safe_value, la->expected);
              ok = FALSE;
              continue;
            }
          keep_setting (ld, flag, name, value);
          continue;
        }
      g_autofree char *why = NULL;
      switch (dg_attr_check (name, value, FALSE, target, scheme, &why))
        {
        case DG_ATTR_OWN:
          report_setting (ld, DG_SEVERITY_ERROR, setting, "%s is one of dealgraph's own attributes, which describe "
                          "the deal: write it in the file", name);
          ok = FALSE;
          break;
        case DG_ATTR_INVALID:
          /* As the same value in the file: dropped, and said. */
          report_setting (ld, DG_SEVERITY_WARNING, setting, "attribute %s is ignored: \"%s\" is not %s", name,
                          safe_value, why);
          break;
        case DG_ATTR_REFUSED:
        case DG_ATTR_IGNORED:
          report_setting (ld, DG_SEVERITY_WARNING, setting, "attribute %s is ignored: %s", name, why);
          break;
        case DG_ATTR_KEEP:
          keep_setting (ld, flag, name, value);
          if (flag == 'G')
            g_hash_table_add (ld->graph_settings, g_strdup (name));
          break;
        }
    }
  return ok;
}

/**
 * apply_settings:
 * @buf: the input, NUL-terminated, as scan_source() saw it
 *
 * Checks the -G, -N and -E settings of the load options and returns the
 * text to parse with the good ones applied as dot applies them, or NULL
 * when one is an error (said). dot declares each on cgraph's prototype
 * graph, marked fixed, so the parser skips the file's root-level settings
 * of that name, while subgraphs and elements still set it. That cannot be
 * undone (cgraph never forgets a declaration, and Graphviz reads some
 * empty values otherwise than missing ones: pack="" packs), so the same
 * is done to the text: the file's root-level settings of those names are
 * renamed to an attribute nobody reads, and the settings written as
 * "graph [...]; node [...]; edge [...];" just after the root graph's '{',
 * on its line, so every line keeps its number. Call with the Graphviz lock
 * held (colours are checked).
 */
static char *
apply_settings (Loader *ld, const char *buf, gsize len)
{
  gboolean ok = TRUE;
  if (ld->options->graph_attrs != NULL)
    ok &= check_setting_list (ld, 'G', ld->options->graph_attrs);
  if (ld->options->node_attrs != NULL)
    ok &= check_setting_list (ld, 'N', ld->options->node_attrs);
  if (ld->options->edge_attrs != NULL)
    ok &= check_setting_list (ld, 'E', ld->options->edge_attrs);
  if (!ok)
    return NULL;
  if (ld->settings->len == 0 || ld->root_open == 0)
    return g_strndup (buf, len);

  GString *text = g_string_sized_new (len + 256);
  g_string_append_len (text, buf, (gssize) ld->root_open);
  static const char kinds[] = { 'G', 'N', 'E' };
  static const char *const keywords[] = { "graph", "node", "edge" };
  for (gsize k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      gboolean first = TRUE;
      for (guint i = 0; i < ld->settings->len; i++)
        {
          const Setting *setting = ld->settings->pdata[i];
          if (setting->kind != kinds[k])
            continue;
          if (first)
            g_string_append_printf (text, " %s [", keywords[k]);
          else
            g_string_append (text, ", ");
          g_string_append_printf (text, "%s=\"", setting->name);
          for (const char *p = setting->value; *p != '\0'; p++)
            {
              if (*p == '"')
                g_string_append_c (text, '\\');
              g_string_append_c (text, *p);
            }
          g_string_append_c (text, '"');
          first = FALSE;
        }
      if (!first)
        g_string_append (text, "];");
    }
  gsize at = ld->root_open;
  for (guint i = 0; i < ld->root_settings->len; i++)
    {
      const RootSetting *rs = &g_array_index (ld->root_settings, RootSetting, i);
      gboolean overridden = FALSE;
      for (guint k = 0; k < ld->settings->len && !overridden; k++)
        {
          const Setting *setting = ld->settings->pdata[k];
          overridden = setting->kind == rs->kind && g_str_equal (setting->name, rs->name);
        }
      if (!overridden || rs->start < at)
        continue;
      g_string_append_len (text, buf + at, (gssize) (rs->start - at));
      g_string_append (text, OVERRIDDEN_NAME);
      at = rs->end;
    }
  g_string_append_len (text, buf + at, (gssize) (len - at));
  return g_string_free (text, FALSE);
}

static gboolean
valid_date (const char *date)
{
  int y = 0, m = 1, d = 1;
  gsize len = strlen (date);
  if (len == 4 && g_regex_match_simple ("^[0-9]{4}$", date, 0, 0))
    return sscanf (date, "%4d", &y) == 1 && y > 0;
  if (len == 7 && g_regex_match_simple ("^[0-9]{4}-[0-9]{2}$", date, 0, 0))
    return sscanf (date, "%4d-%2d", &y, &m) == 2 && y > 0 && m >= 1 && m <= 12;
  if (len == 10 && g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", date, 0, 0))
    return sscanf (date, "%4d-%2d-%2d", &y, &m, &d) == 3 && y > 0
           && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return FALSE;
}

/* Orders the nodes of the `timeline` subgraph by its chain of edges and adds
 * them as stages. */
static void
read_timeline (Loader *ld, DgGraph *graph, Agraph_t *g, GHashTable *stage_nodes)
{
  Agraph_t *tl = agsubg (g, "timeline", FALSE);
  int n = tl != NULL ? agnnodes (tl) : 0;
  if (n == 0)
    {
      if (tl != NULL)
        warning_at (ld, node_line (ld, "timeline"),
                    "timeline: no stages; the graph is drawn as one static figure");
      graph->is_static = TRUE;
      DgStage *all = dg_graph_add_stage (graph, "all");
      all->safe_name = dg_graph_intern (graph, "all");
      return;
    }
  if ((guint) n > ld->options->max_stages)
    {
      error_at (ld, DG_ERROR_LIMIT, node_line (ld, "timeline"), "timeline: too many stages: %d (limit %u, raise with --max-stages)",
                n, ld->options->max_stages);
      return;
    }

  g_autoptr (GPtrArray) nodes = g_ptr_array_new ();
  GHashTable *index = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (Agnode_t *v = agfstnode (tl); v != NULL; v = agnxtnode (tl, v))
    {
      g_hash_table_insert (index, v, GUINT_TO_POINTER (nodes->len));
      g_hash_table_add (stage_nodes, v);
      g_ptr_array_add (nodes, v);
    }
  g_autofree int *succ = g_new (int, n);
  g_autofree int *pred = g_new (int, n);
  for (int i = 0; i < n; i++)
    succ[i] = pred[i] = -1;

  gboolean broken = FALSE;
  for (int i = 0; i < n; i++)
    {
      Agnode_t *v = nodes->pdata[i];
      for (Agedge_t *e = agfstout (tl, v); e != NULL; e = agnxtout (tl, e))
        {
          int j = GPOINTER_TO_INT (g_hash_table_lookup (index, aghead (e)));
          const char *name = agnameof (v);
          if (j == i)
            {
              error_at (ld, DG_ERROR_INVALID, node_line (ld, name),
                        "timeline: cycle: stage \"%s\" follows itself", name);
              broken = TRUE;
            }
          else if (succ[i] != -1 && succ[i] != j)
            {
              error_at (ld, DG_ERROR_INVALID, node_line (ld, name),
                        "timeline: branches at stage \"%s\": it is followed by both \"%s\" and \"%s\"",
                        name, agnameof (nodes->pdata[succ[i]]), agnameof (aghead (e)));
              broken = TRUE;
            }
          else if (pred[j] != -1 && pred[j] != i)
            {
              const char *head = agnameof (aghead (e));
              error_at (ld, DG_ERROR_INVALID, node_line (ld, head),
                        "timeline: not a single chain: stage \"%s\" follows both \"%s\" and \"%s\"",
                        head, agnameof (nodes->pdata[pred[j]]), name);
              broken = TRUE;
            }
          else
            {
              succ[i] = j;
              pred[j] = i;
            }
        }
    }
  g_hash_table_unref (index);
  if (broken)
    return;

  int start = -1, n_starts = 0;
  for (int i = 0; i < n; i++)
    if (pred[i] == -1 && n_starts++ == 0)
      start = i;
  if (start == -1)
    {
      const char *name = agnameof (nodes->pdata[0]);
      error_at (ld, DG_ERROR_INVALID, node_line (ld, name),
                "timeline: cycle through stage \"%s\": a timeline needs a first stage", name);
      return;
    }
  g_autofree gboolean *visited = g_new0 (gboolean, n);
  g_autoptr (GPtrArray) order = g_ptr_array_new ();
  for (int i = start; i != -1 && !visited[i]; i = succ[i])
    {
      visited[i] = TRUE;
      g_ptr_array_add (order, nodes->pdata[i]);
    }
  if ((int) order->len < n)
    {
      int other = 0;
      while (visited[other])
        other++;
      const char *name = agnameof (nodes->pdata[other]);
      if (n_starts > 1)
        error_at (ld, DG_ERROR_INVALID, node_line (ld, name),
                  "timeline: not a single chain: stage \"%s\" is not linked to \"%s\" "
                  "(chain every stage with edges, first -> ... -> last)",
                  name, agnameof (nodes->pdata[start]));
      else
        error_at (ld, DG_ERROR_INVALID, node_line (ld, name),
                  "timeline: cycle through stage \"%s\"", name);
      return;
    }

  GHashTable *safe_names = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < order->len; i++)
    {
      Agnode_t *v = order->pdata[i];
      const char *id = agnameof (v);
      guint line = node_line (ld, id);
      DgStage *stage = dg_graph_add_stage (graph, id);
      stage->line = line;
      Names names = { id, ld->graph_name, NULL, NULL, FALSE };
      stage->label = display_label (graph, v, id, &names);
      g_autofree char *stage_what = g_strdup_printf ("stage \"%s\"", id);
      check_label_length (ld, line, stage_what, stage->label);
      const char *date = attr (v, "date");
      if (date != NULL && !valid_date (date))
        {
          g_autofree char *safe = dg_escape_terminal (date, 40, FALSE);
          error_at (ld, DG_ERROR_INVALID, line,
                    "stage \"%s\": date \"%s\" is not YYYY, YYYY-MM or YYYY-MM-DD", id, safe);
        }
      else
        stage->date = dg_graph_intern (graph, date);
      g_autofree char *safe_name = dg_safe_name (id);
      stage->safe_name = dg_graph_intern (graph, safe_name);
      const char *other = g_hash_table_lookup (safe_names, stage->safe_name);
      if (other != NULL)
        error_at (ld, DG_ERROR_INVALID, line,
                  "stage \"%s\" maps to the same file name \"%s\" as stage \"%s\"; rename one",
                  id, stage->safe_name, other);
      else
        g_hash_table_insert (safe_names, (gpointer) stage->safe_name, (gpointer) stage->id);
    }
  g_hash_table_unref (safe_names);
}

/* Reads `from` and `until` of @obj into @interval; @what names the element. */
static gboolean
read_interval (Loader *ld, DgGraph *graph, void *obj, const char *what, guint line, DgInterval *interval)
{
  guint n = graph->stages->len;
  interval->from = 0;
  interval->until = n;
  gboolean ok = TRUE;
  const char *keys[] = { "from", "until" };
  guint *slots[] = { &interval->from, &interval->until };
  for (int k = 0; k < 2; k++)
    {
      const char *id = attr (obj, keys[k]);
      if (id == NULL)
        continue;
      const DgStage *stage = dg_graph_find_stage (graph, id);
      if (stage == NULL || (graph->is_static && !g_str_equal (id, "all")))
        {
          g_autofree char *safe = dg_escape_terminal (id, 60, FALSE);
          error_at (ld, DG_ERROR_INVALID, line, "%s: %s: unknown stage \"%s\"%s", what, keys[k], safe,
                    graph->is_static ? " (the graph has no timeline)" : "");
          ok = FALSE;
          continue;
        }
      *slots[k] = stage->index;
    }
  if (ok && interval->until <= interval->from)
    {
      error_at (ld, DG_ERROR_INVALID, line, "%s: until \"%s\" is not after from \"%s\"", what,
                attr (obj, "until"), interval->from < n ? dg_graph_stage (graph, interval->from)->id : "?");
      ok = FALSE;
    }
  return ok;
}

static const char *
provenance (DgGraph *graph, void *obj, const char *name)
{
  return dg_graph_intern (graph, attr (obj, name));
}

/* Subgraphs in the order the file declares them: cgraph hands them out
 * ordered by an id made from a heap address, which differs between processes. */
static gint
by_seq (gconstpointer a, gconstpointer b)
{
  guint64 x = AGSEQ (*(Agraph_t *const *) a), y = AGSEQ (*(Agraph_t *const *) b);
  return x < y ? -1 : x > y;
}

/* ---- drawing attributes ------------------------------------------------ */

/* The user's Graphviz drawing attributes of @obj (a node, an edge, the root
 * graph or a subgraph: @target), as cgraph resolves them with the defaults
 * that apply, checked by dg_attr_check(). A dropped attribute is reported
 * once per file and name, at the first element that has it; an invalid
 * value is an error. */
static DgAttrs
read_attrs (Loader *ld, DgGraph *graph, Agraph_t *root, void *obj, int agkind, guint target, const char *what,
            guint line, const Names *names)
{
  g_autoptr (GArray) kept = g_array_new (FALSE, FALSE, sizeof (DgAttr));
  const char *scheme = NULL;
  Agsym_t *scheme_sym = agattr (root, agkind, (char *) "colorscheme", NULL);
  if (scheme_sym != NULL)
    {
      const char *v = agxget (obj, scheme_sym);
      scheme = v != NULL && v[0] != '\0' ? v : NULL;
    }
  for (Agsym_t *sym = agnxtattr (root, agkind, NULL); sym != NULL; sym = agnxtattr (root, agkind, sym))
    {
      const char *value = agxget (obj, sym);
      /* Empty is unset, but where the default is not empty: a node's
       * label="" (its default is "\N") is a label with no text at all. */
      if (value == NULL || (value[0] == '\0' && (sym->defval == NULL || sym->defval[0] == '\0')))
        continue;
      /* A root-level setting that -G/-N/-E overrode (apply_settings()). */
      if (g_str_equal (sym->name, OVERRIDDEN_NAME))
        continue;
      gboolean html = aghtmlstr ((char *) value) != 0;
      g_autofree char *why = NULL;
      DgAttrVerdict verdict = dg_attr_check (sym->name, value, html, target, scheme, &why);
      g_autofree char *safe_name = dg_escape_terminal (sym->name, 60, FALSE);
      /* The root graph's attributes have lines of their own. */
      guint at = line == 0 && obj == root && agkind == AGRAPH ? graph_attr_line (ld, sym->name) : line;
      switch (verdict)
        {
        case DG_ATTR_OWN:
          continue;
        case DG_ATTR_INVALID:
          /* As Graphviz does with a value it cannot read: the default is
           * used, and the user hears of it (once per attribute). */
          if (!g_hash_table_contains (ld->attr_warned, sym->name))
            {
              g_autofree char *safe = dg_escape_terminal (value, 60, FALSE);
              g_hash_table_add (ld->attr_warned, g_strdup (sym->name));
              warning_at (ld, at, "%s: attribute %s is ignored: \"%s\" is not %s", what, safe_name, safe, why);
            }
          continue;
        case DG_ATTR_REFUSED:
        case DG_ATTR_IGNORED:
          /* A -G setting is also every cluster's default (it was checked
           * as such): the root graph need not draw it. */
          if (obj == root && agkind == AGRAPH && g_hash_table_contains (ld->graph_settings, sym->name))
            continue;
          if (!g_hash_table_contains (ld->attr_warned, sym->name))
            {
              g_hash_table_add (ld->attr_warned, g_strdup (sym->name));
              warning_at (ld, at, "%s: attribute %s is ignored: %s", what, safe_name, why);
            }
          continue;
        case DG_ATTR_KEEP:
          break;
        }
      g_autofree char *cleaned = NULL;
      if (html)
        {
          gboolean removed = FALSE;
          cleaned = dg_attr_html_without_images (value, &removed);
          if (removed)
            warning_at (ld, at, "%s: attribute %s: <IMG> dropped from the HTML-like label: dealgraph never reads "
                        "files a graph names", what, safe_name);
        }
      else if (g_str_equal (sym->name, "label") || g_str_equal (sym->name, "xlabel")
               || g_str_equal (sym->name, "headlabel") || g_str_equal (sym->name, "taillabel"))
        cleaned = label_for_graphviz (value, names);
      DgAttr a = { dg_graph_intern (graph, sym->name), dg_graph_intern (graph, cleaned != NULL ? cleaned : value),
                   html };
      g_array_append_val (kept, a);
    }
  return dg_graph_keep_attrs (graph, (const DgAttr *) (void *) kept->data, kept->len);
}

/* Subgraphs that are not clusters but set `rank` (`{ rank=same; a; b }`). */
static void
read_rank_sets (Loader *ld, DgGraph *graph, Agraph_t *root, Agraph_t *sub)
{
  g_autoptr (GPtrArray) subs = g_ptr_array_new ();
  for (Agraph_t *s = agfstsubg (sub); s != NULL; s = agnxtsubg (s))
    g_ptr_array_add (subs, s);
  g_ptr_array_sort (subs, by_seq);
  for (guint k = 0; k < subs->len; k++)
    {
      Agraph_t *s = subs->pdata[k];
      const char *name = agnameof (s);
      if (g_str_equal (name, "timeline"))
        continue;
      const char *rank = attr (s, "rank");
      if (rank != NULL && !g_str_has_prefix (name, "cluster"))
        {
          static const char *const ranks[] = { "same", "min", "max", "source", "sink", NULL };
          if (!g_strv_contains (ranks, rank))
            {
              g_autofree char *safe = dg_escape_terminal (rank, 40, FALSE);
              error_at (ld, DG_ERROR_INVALID, node_line (ld, name), "subgraph \"%s\": rank \"%s\" is not one of "
                        "same, min, max, source, sink", name, safe);
            }
          else
            {
              g_autoptr (GArray) members = g_array_new (FALSE, FALSE, sizeof (guint));
              for (Agnode_t *v = agfstnode (s); v != NULL; v = agnxtnode (s, v))
                {
                  const DgParty *party = dg_graph_find_party (graph, agnameof (v));
                  if (party != NULL)
                    g_array_append_val (members, party->index);
                }
              if (members->len > 0)
                dg_graph_add_rank_set (graph, dg_graph_intern (graph, rank), (const guint *) (void *) members->data,
                                       members->len);
            }
        }
      read_rank_sets (ld, graph, root, s);
    }
}

static void
read_clusters (Loader *ld, DgGraph *graph, Agraph_t *root, Agraph_t *sub, int parent)
{
  g_autoptr (GPtrArray) subs = g_ptr_array_new ();
  for (Agraph_t *s = agfstsubg (sub); s != NULL; s = agnxtsubg (s))
    g_ptr_array_add (subs, s);
  g_ptr_array_sort (subs, by_seq);
  for (guint k = 0; k < subs->len; k++)
    {
      Agraph_t *s = subs->pdata[k];
      const char *name = agnameof (s);
      int group = parent;
      if (g_str_equal (name, "timeline"))
        continue;
      if (g_str_has_prefix (name, "cluster"))
        {
          DgGroup *grp = dg_graph_add_group (graph, name);
          grp->parent = parent;
          const char *label = attr (s, "label");
          if (label != NULL)
            {
              Names names = { NULL, name, NULL, NULL, FALSE };
              g_autofree char *text = aghtmlstr ((char *) label) ? html_text (label) : label_text (label, &names);
              grp->label = dg_graph_intern (graph, text);
              g_autofree char *group_what = g_strdup_printf ("cluster \"%s\"", name);
              check_label_length (ld, node_line (ld, name), group_what, grp->label);
            }
          group = (int) grp->index;
          grp->line = node_line (ld, name);
          g_autofree char *cluster_what = g_strdup_printf ("cluster \"%s\"", name);
          Names cluster_names = { NULL, name, NULL, NULL, FALSE };
          DgAttrs attrs = read_attrs (ld, graph, root, s, AGRAPH, DG_ATTR_CLUSTER, cluster_what, grp->line,
                                      &cluster_names);
          grp = (DgGroup *) dg_graph_group (graph, (guint) group);
          grp->attrs = attrs;
          for (Agnode_t *v = agfstnode (s); v != NULL; v = agnxtnode (s, v))
            {
              DgParty *party = (DgParty *) dg_graph_find_party (graph, agnameof (v));
              if (party != NULL)
                party->group = group;
            }
        }
      read_clusters (ld, graph, root, s, group);
    }
}


static char *
describe_tie (DgGraph *graph, const DgTie *tie)
{
  const char *op = graph->directed ? "->" : "--";
  g_autofree char *tail = dg_escape_terminal (dg_graph_party (graph, tie->tail)->id, 60, FALSE);
  g_autofree char *head = dg_escape_terminal (dg_graph_party (graph, tie->head)->id, 60, FALSE);
  if (tie->kind != NULL)
    return g_strdup_printf ("tie \"%s\" %s \"%s\" (%s)", tail, op, head, tie->kind);
  return g_strdup_printf ("tie \"%s\" %s \"%s\"", tail, op, head);
}

static void
read_parties (Loader *ld, DgGraph *graph, Agraph_t *g, GHashTable *stage_nodes)
{
  for (Agnode_t *v = agfstnode (g); v != NULL; v = agnxtnode (g, v))
    {
      if (g_hash_table_contains (stage_nodes, v))
        continue;
      const char *id = agnameof (v);
      guint line = node_line (ld, id);
      DgParty *party = dg_graph_add_party (graph, id);
      party->line = line;
      Names names = { id, ld->graph_name, NULL, NULL, FALSE };
      party->label = display_label (graph, v, id, &names);
      if (strlen (party->label) > ld->options->max_label_bytes)
        error_at (ld, DG_ERROR_LIMIT, line, "party \"%s\": label is longer than %" G_GSIZE_FORMAT " bytes",
                  id, ld->options->max_label_bytes);
      party->kind = dg_graph_intern (graph, attr (v, "kind"));
      g_autofree char *party_what = g_strdup_printf ("party \"%s\"", id);
      DgAttrs attrs = read_attrs (ld, graph, g, v, AGNODE, DG_ATTR_NODE, party_what, line, &names);
      party = (DgParty *) dg_graph_party (graph, graph->parties->len - 1);
      party->attrs = attrs;
      party->note = provenance (graph, v, "note");
      party->source = provenance (graph, v, "source");
      g_autofree char *what = g_strdup_printf ("party \"%s\"", id);
      DgInterval interval;
      if (read_interval (ld, graph, v, what, line, &interval))
        party->interval = interval;
      else
        party->interval = (DgInterval) { 0, graph->stages->len };
      if (party->kind != NULL && !in_list (party_kinds, party->kind)
          && !(ld->options->party_kinds != NULL && in_list (ld->options->party_kinds, party->kind)))
        warning_at (ld, line, "%s: unknown party kind \"%s\" (known: company, lab, cloud, product, "
                    "investor, customer; a theme may add kinds)", what, party->kind);
    }
}

static gint
edge_seq_compare (gconstpointer a, gconstpointer b)
{
  Agedge_t *x = *(Agedge_t **) a, *y = *(Agedge_t **) b;
  return AGSEQ (x) < AGSEQ (y) ? -1 : AGSEQ (x) > AGSEQ (y);
}

static void
read_ties (Loader *ld, DgGraph *graph, Agraph_t *g, GHashTable *stage_nodes)
{
  /* cgraph hands edges out grouped by tail; ties keep the file's order. */
  g_autoptr (GPtrArray) edges = g_ptr_array_new ();
  for (Agnode_t *v = agfstnode (g); v != NULL; v = agnxtnode (g, v))
    for (Agedge_t *e = agfstout (g, v); e != NULL; e = agnxtout (g, e))
      g_ptr_array_add (edges, e);
  g_ptr_array_sort (edges, edge_seq_compare);
  for (guint k = 0; k < edges->len; k++)
      {
        Agedge_t *e = edges->pdata[k];
        Agnode_t *t = agtail (e), *h = aghead (e);
        const char *tail_id = agnameof (t), *head_id = agnameof (h);
        gboolean tail_stage = g_hash_table_contains (stage_nodes, t);
        gboolean head_stage = g_hash_table_contains (stage_nodes, h);
        guint line = edge_line (ld, tail_id, head_id);
        if (tail_stage && head_stage)
          continue; /* the timeline chain itself */
        if (tail_stage || head_stage)
          {
            error_at (ld, DG_ERROR_INVALID, line,
                      "edge \"%s\" -> \"%s\": \"%s\" is a stage, not a party (stage nodes live only "
                      "in the timeline chain)", tail_id, head_id, tail_stage ? tail_id : head_id);
            continue;
          }
        const DgParty *tp = dg_graph_find_party (graph, tail_id);
        const DgParty *hp = dg_graph_find_party (graph, head_id);
        DgTie *tie = dg_graph_add_tie (graph, tp->index, hp->index);
        tie->line = line;
        tie->kind = dg_graph_intern (graph, attr (e, "kind"));
        {
          g_autofree char *tie_what = describe_tie (graph, tie);
          Names names = { NULL, ld->graph_name, tail_id, head_id, graph->directed };
          DgAttrs attrs = read_attrs (ld, graph, g, e, AGEDGE, DG_ATTR_EDGE, tie_what, line, &names);
          tie = (DgTie *) dg_graph_tie (graph, graph->ties->len - 1);
          tie->attrs = attrs;
        }
        const char *label = attr (e, "label");
        if (label != NULL)
          {
            Names names = { NULL, ld->graph_name, tail_id, head_id, graph->directed };
            g_autofree char *text = aghtmlstr ((char *) label) ? html_text (label) : label_text (label, &names);
            tie->label = text[0] != '\0' ? dg_graph_intern (graph, text) : NULL;
            if (strlen (text) > ld->options->max_label_bytes)
              error_at (ld, DG_ERROR_LIMIT, line, "tie \"%s\" -> \"%s\": label is longer than %" G_GSIZE_FORMAT
                        " bytes (raise with --max-label)", tail_id, head_id, ld->options->max_label_bytes);
          }
        tie->note = provenance (graph, e, "note");
        tie->source = provenance (graph, e, "source");
        const char *terms = attr (e, "terms");
        if (terms != NULL)
          dg_graph_set_terms (graph, tie, terms);
        g_autofree char *what = describe_tie (graph, tie);

        const char *value = attr (e, "value");
        if (value != NULL)
          {
            g_autoptr (GError) local = NULL;
            if (!dg_value_parse (dg_graph_intern (graph, value), &tie->value, &local))
              {
                g_autofree char *safe = dg_escape_terminal (local->message, 200, FALSE);
                error_at (ld, DG_ERROR_INVALID, line, "%s: %s", what, safe);
              }
          }
        DgInterval interval;
        if (!read_interval (ld, graph, e, what, line, &interval))
          interval = (DgInterval) { 0, graph->stages->len };
        tie->interval = interval;
        if (tie->kind != NULL && !in_list (tie_kinds, tie->kind)
            && !(ld->options->tie_kinds != NULL && in_list (ld->options->tie_kinds, tie->kind)))
          warning_at (ld, line, "%s: unknown tie kind \"%s\" (known: stake, investment, license, "
                      "revenue_share, channel, partnership, owns; a theme may add kinds)", what, tie->kind);

        /* A tie can only hold while both its parties exist. */
        const DgParty *ends[] = { tp, hp };
        for (int end = 0; end < 2; end++)
          for (guint s = interval.from; s < interval.until; s++)
            if (!dg_party_active_at (ends[end], s))
              {
                error_at (ld, DG_ERROR_INVALID, line,
                          "%s is active at stage \"%s\" where party \"%s\" is not active",
                          what, dg_graph_stage (graph, s)->id, ends[end]->id);
                break;
              }
      }
}

typedef struct {
  guint first_line;
  char *message;
} Merged;

static gint
merged_compare (gconstpointer a, gconstpointer b)
{
  guint x = ((const Merged *) a)->first_line, y = ((const Merged *) b)->first_line;
  return x < y ? -1 : x > y;
}

/* cgraph merges an edge statement into an earlier edge between the same
 * nodes in a strict graph, or when both name one key=: such a statement
 * adds no tie. The scan counted the statements between each pair of
 * nodes, read_ties the edges cgraph kept; where they differ, one warning
 * names the pair and the lines (cgraph does not say which statement it
 * merged). */
static void
report_merged_edges (Loader *ld, gboolean strict)
{
  g_autoptr (GArray) merged = g_array_new (FALSE, FALSE, sizeof (Merged));
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, ld->edge_lines);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      GArray *lines = value;
      guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (ld->edge_seen, key));
      if (seen >= lines->len || lines->len == 0)
        continue;
      g_auto (GStrv) ends = g_strsplit (key, "\x1f", 2);
      GString *where = g_string_new (NULL);
      for (guint k = 0; k < lines->len && k < 8; k++)
        g_string_append_printf (where, "%s%u", k > 0 ? ", " : "", g_array_index (lines, guint, k));
      if (lines->len > 8)
        g_string_append (where, ", …");
      g_autofree char *tail = dg_escape_terminal (ends[0], 60, FALSE);
      g_autofree char *head = dg_escape_terminal (ends[1] != NULL ? ends[1] : "", 60, FALSE);
      Merged m = { g_array_index (lines, guint, 0),
                   g_strdup_printf ("\"%s\" and \"%s\": %u edge statements (lines %s) make %u tie%s: cgraph merges "
                                    "edges between the same parties %s", tail, head, lines->len, where->str, seen,
                                    seen == 1 ? "" : "s",
                                    strict ? "in a strict graph" : "that share a key=") };
      g_string_free (where, TRUE);
      g_array_append_val (merged, m);
    }
  /* In file order, so the messages are the same in every run. */
  g_array_sort (merged, merged_compare);
  for (guint k = 0; k < merged->len; k++)
    {
      Merged *m = &g_array_index (merged, Merged, k);
      warning_at (ld, m->first_line, "%s", m->message);
      g_free (m->message);
    }
}

/* cgraph's lexer keeps the rest of the last line it read, so text after a
 * graph would be parsed as the start of the next file read in this process.
 * Reading tiny graphs drains it. Returns TRUE when something was left over.
 * Call with the Graphviz lock held. */
static gboolean
flush_parser (void)
{
  gboolean leftover = FALSE;
  for (int i = 0; i < 8; i++)
    {
      agreseterrors ();
      Agraph_t *probe = agmemread ("graph{}");
      gboolean clean = probe != NULL && agerrors () == 0 && agnnodes (probe) == 0 && !agisdirected (probe)
                       && agnsubg (probe) == 0;
      if (probe != NULL)
        agclose (probe);
      if (clean)
        break;
      leftover = TRUE;
    }
  agreseterrors ();
  return leftover;
}

static DgGraph *
load (Loader *ld, char *buf, gsize len, GError **error)
{
  g_autoptr (DgGraph) graph = dg_graph_new (ld->file);
  gboolean blank = TRUE;
  for (gsize i = 0; i < len && blank; i++)
    blank = g_ascii_isspace (buf[i]);
  if (blank)
    error_at (ld, DG_ERROR_SYNTAX, 0, "empty input: no graph in it");
  else if (scan_source (ld, buf, len))
    {
      dg_gv_lock ();
      agseterr (AGMAX);
      agreseterrors ();
      /* What gvContext() declares, and dot reads with: a node's label is
       * "\N" unless the file says otherwise, so an explicit label="" is
       * told apart from none, whether or not a context exists yet. */
      agattr (NULL, AGNODE, (char *) "label", (char *) "\\N");
      /* dot's -G, -N and -E, applied to the text (see apply_settings()). */
      g_autofree char *text = apply_settings (ld, buf, len);
      if (text != NULL)
        graph->digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
      Agraph_t *g = NULL;
      int n_errors = 0;
      if (text != NULL)
        {
          g = agmemread (text);
          n_errors = agerrors ();
        }
      if (text == NULL)
        {
          /* apply_settings() said why; the file was not parsed. */
        }
      else if (g == NULL || n_errors > 0)
        {
          char *last = aglasterr (); /* malloc'd by cgraph */
          guint last_line = 1;
          for (gsize i = 0; i + 1 < len; i++)
            last_line += buf[i] == '\n';
          report_cgraph_error (ld, last, last_line);
          free (last);
        }
      else if ((guint) agnnodes (g) > ld->options->max_parties + ld->options->max_stages)
        error_at (ld, DG_ERROR_LIMIT, 0, "too many parties: %d (limit %u, raise with --max-parties)",
                  agnnodes (g), ld->options->max_parties);
      else if ((guint) agnedges (g) > ld->options->max_ties + ld->options->max_stages)
        error_at (ld, DG_ERROR_LIMIT, 0, "too many ties: %d (limit %u, raise with --max-ties)",
                  agnedges (g), ld->options->max_ties);
      else
        {
          graph->directed = agisdirected (g);
          ld->graph_name = agnameof (g);
          const char *title = attr (g, "label");
          if (title != NULL)
          {
            Names names = { NULL, agnameof (g), NULL, NULL, FALSE };
            graph->title = aghtmlstr ((char *) title) ? html_text (title) : label_text (title, &names);
          }
          check_label_length (ld, 0, "graph title", graph->title);
          graph->source = g_strdup (attr (g, "source"));
          read_layout_attrs (ld, graph, g);
          Names root_names = { NULL, agnameof (g), NULL, NULL, FALSE };
          graph->attrs = read_attrs (ld, graph, g, g, AGRAPH, DG_ATTR_GRAPH, "graph", 0, &root_names);
          GHashTable *stage_nodes = g_hash_table_new (g_direct_hash, g_direct_equal);
          read_timeline (ld, graph, g, stage_nodes);
          Agraph_t *tl = agsubg (g, "timeline", FALSE);
          guint n_parties = (guint) agnnodes (g) - g_hash_table_size (stage_nodes);
          guint n_ties = (guint) agnedges (g) - (tl != NULL ? (guint) agnedges (tl) : 0);
          if (n_parties > ld->options->max_parties)
            error_at (ld, DG_ERROR_LIMIT, 0, "too many parties: %u (limit %u, raise with --max-parties)",
                      n_parties, ld->options->max_parties);
          else if (n_ties > ld->options->max_ties)
            error_at (ld, DG_ERROR_LIMIT, 0, "too many ties: %u (limit %u, raise with --max-ties)",
                      n_ties, ld->options->max_ties);
          /* Intervals mean nothing without a timeline: stop at its errors. */
          else if (graph->stages->len > 0)
            {
              read_parties (ld, graph, g, stage_nodes);
              read_clusters (ld, graph, g, g, -1);
              read_rank_sets (ld, graph, g, g);
              read_ties (ld, graph, g, stage_nodes);
              report_merged_edges (ld, agisstrict (g));
            }
          g_hash_table_unref (stage_nodes);
        }
      if (g != NULL)
        agclose (g);
      if (flush_parser () && ld->n_errors == 0)
        error_at (ld, DG_ERROR_SYNTAX, ld->graph_end_line,
                  "text after the first graph: a file holds one graph (cgraph would read the rest "
                  "as the next file)");
      agreseterrors ();
      dg_gv_unlock ();
    }

  if (ld->n_errors > 0)
    {
      if (ld->n_errors == 1)
        g_set_error_literal (error, DEALGRAPH_ERROR, ld->first_code, ld->first_message);
      else
        g_set_error (error, DEALGRAPH_ERROR, ld->first_code, "%s (and %u more problems)",
                     ld->first_message, ld->n_errors - 1);
      return NULL;
    }
  return g_steal_pointer (&graph);
}

static void
loader_init (Loader *ld, const char *file, const DgLoadOptions *options, GPtrArray *diagnostics,
             DgLoadOptions *resolved)
{
  static const DgLoadOptions defaults = DG_LOAD_OPTIONS_INIT;
  *resolved = defaults;
  memset (ld, 0, sizeof *ld);
  ld->file = file;
  ld->options = resolved;
  ld->diagnostics = diagnostics;
  ld->node_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ld->edge_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  ld->edge_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ld->graph_attr_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ld->attr_warned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ld->graph_settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ld->root_settings = g_array_new (FALSE, FALSE, sizeof (RootSetting));
  g_array_set_clear_func (ld->root_settings, root_setting_clear);
  ld->settings = g_ptr_array_new_with_free_func (setting_free);
  if (options == NULL)
    return;
  g_return_if_fail (options->version >= 1 && options->version <= DG_LOAD_OPTIONS_VERSION);
  if (options->max_input_bytes)
    resolved->max_input_bytes = options->max_input_bytes;
  if (options->max_parties)
    resolved->max_parties = options->max_parties;
  if (options->max_ties)
    resolved->max_ties = options->max_ties;
  if (options->max_stages)
    resolved->max_stages = options->max_stages;
  if (options->max_label_bytes)
    resolved->max_label_bytes = options->max_label_bytes;
  resolved->party_kinds = options->party_kinds;
  resolved->tie_kinds = options->tie_kinds;
  /* A version-1 caller's struct ends before them. */
  if (options->version >= 2)
    {
      resolved->graph_attrs = options->graph_attrs;
      resolved->node_attrs = options->node_attrs;
      resolved->edge_attrs = options->edge_attrs;
    }
}

static void
loader_clear (Loader *ld)
{
  g_hash_table_unref (ld->node_lines);
  g_hash_table_unref (ld->edge_lines);
  g_hash_table_unref (ld->edge_seen);
  g_hash_table_unref (ld->graph_attr_lines);
  g_hash_table_unref (ld->attr_warned);
  g_hash_table_unref (ld->graph_settings);
  g_array_unref (ld->root_settings);
  g_ptr_array_unref (ld->settings);
  g_free (ld->first_message);
}

/* Graphviz's names for Latin-1 in `charset`. Scanned by hand: the raw
 * bytes are not yet known to be text, and a regular expression engine's
 * vector reads past the end of the buffer (valgrind reports them). */
static gboolean
declares_latin1 (const char *data, gsize len)
{
  static const char *const names[] = { "latin1", "latin-1", "l1", "iso-8859-1", "iso_8859-1", "iso8859-1",
                                       "iso-ir-100" };
  static const char key[] = "charset";
  gsize klen = strlen (key);
  for (gsize i = 0; i + klen <= len; i++)
    {
      if (g_ascii_strncasecmp (data + i, key, klen) != 0)
        continue;
      gsize p = i + klen;
      while (p < len && g_ascii_isspace (data[p]))
        p++;
      if (p >= len || data[p] != '=')
        continue;
      p++;
      while (p < len && (g_ascii_isspace (data[p]) || data[p] == '"'))
        p++;
      for (gsize n = 0; n < G_N_ELEMENTS (names); n++)
        {
          gsize nlen = strlen (names[n]);
          if (p + nlen <= len && g_ascii_strncasecmp (data + p, names[n], nlen) == 0
              && (p + nlen == len || !g_ascii_isalnum (data[p + nlen])))
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
is_noncharacter (gunichar c)
{
  return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

/* Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0…U+FDEF, U+1FFFE…) are
 * valid UTF-8 that cairo's PDF writer refuses: each becomes U+FFFD, with
 * one warning at the first. Takes @buf (NUL-terminated UTF-8 or not; what
 * is not valid UTF-8 is left for the scanner to report); returns the text
 * to use, *@len updated. */
static char *
replace_noncharacters (Loader *ld, char *buf, gsize *len)
{
  if (!g_utf8_validate (buf, (gssize) *len, NULL))
    return buf;
  const char *first = NULL;
  for (const char *p = buf; p < buf + *len; p = g_utf8_next_char (p))
    if ((guchar) *p >= 0xEF && is_noncharacter (g_utf8_get_char (p)))
      {
        first = p;
        break;
      }
  if (first == NULL)
    return buf;
  guint line = 1;
  for (const char *p = buf; p < first; p++)
    line += *p == '\n';
  warning_at (ld, line, "text holds Unicode noncharacters (such as U+%04X); they are drawn as U+FFFD",
              g_utf8_get_char (first));
  GString *out = g_string_sized_new (*len);
  for (const char *p = buf; p < buf + *len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (is_noncharacter (c))
        g_string_append_unichar (out, 0xFFFD);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  g_free (buf);
  *len = out->len;
  return g_string_free (out, FALSE);
}

/* The input as UTF-8, read as Graphviz reads it: a UTF-8 byte-order mark
 * skipped, UTF-16 with a byte-order mark and a file that declares
 * charset=latin1 converted. Returns a new NUL-terminated buffer, or NULL
 * with an error reported. */
static char *
decode_input (Loader *ld, const char *data, gsize len, gsize *out_len)
{
  const guchar *u = (const guchar *) data;
  if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
    {
      g_autoptr (GError) local = NULL;
      gsize written = 0;
      char *out = g_convert (data + 2, (gssize) (len - 2), "UTF-8", u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE", NULL,
                             &written, &local);
      if (out == NULL)
        {
          error_at (ld, DG_ERROR_SYNTAX, 0, "the file starts with a UTF-16 byte-order mark but is not UTF-16 (%s)",
                    local->message);
          return NULL;
        }
      *out_len = written;
      return replace_noncharacters (ld, out, out_len);
    }
  if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
    {
      data += 3;
      len -= 3;
    }
  if (declares_latin1 (data, len))
    {
      g_autoptr (GError) local = NULL;
      gsize written = 0;
      char *out = g_convert (data, (gssize) len, "UTF-8", "ISO-8859-1", NULL, &written, &local);
      if (out != NULL)
        {
          *out_len = written;
          return replace_noncharacters (ld, out, out_len);
        }
    }
  char *buf = g_malloc (len + 1);
  if (len > 0)
    memcpy (buf, data, len);
  buf[len] = '\0';
  *out_len = len;
  return replace_noncharacters (ld, buf, out_len);
}

DgGraph *
dg_graph_load_data (const char *name, const char *data, gsize len, const DgLoadOptions *options,
                    GPtrArray *diagnostics, GError **error)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  Loader ld;
  DgLoadOptions resolved;
  loader_init (&ld, name, options, diagnostics, &resolved);
  DgGraph *graph = NULL;
  if (len > resolved.max_input_bytes)
    {
      error_at (&ld, DG_ERROR_LIMIT, 0, "input of %" G_GSIZE_FORMAT " bytes is larger than the limit of %"
                G_GSIZE_FORMAT " (raise with --max-input)", len, resolved.max_input_bytes);
      g_set_error_literal (error, DEALGRAPH_ERROR, DG_ERROR_LIMIT, ld.first_message);
    }
  else
    {
      /* The scanner edits its copy (line directives are blanked). */
      gsize text_len = 0;
      char *buf = decode_input (&ld, data, len, &text_len);
      if (buf != NULL)
        graph = load (&ld, buf, text_len, error);
      else
        g_set_error_literal (error, DEALGRAPH_ERROR, ld.first_code, ld.first_message);
      g_free (buf);
    }
  loader_clear (&ld);
  return graph;
}

DgGraph *
dg_graph_load_file (const char *file, const DgLoadOptions *options, GPtrArray *diagnostics,
                    GError **error)
{
  g_return_val_if_fail (file != NULL, NULL);

  static const DgLoadOptions defaults = DG_LOAD_OPTIONS_INIT;
  gsize limit = options != NULL && options->max_input_bytes ? options->max_input_bytes : defaults.max_input_bytes;
  GStatBuf st;
  if (g_stat (file, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_OPEN, "%s: cannot open: %s", file, g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_OPEN, "%s: cannot open: not a regular file", file);
      return NULL;
    }
  if ((gsize) st.st_size > limit)
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_LIMIT,
                   "%s: input of %" G_GINT64_FORMAT " bytes is larger than the limit of %" G_GSIZE_FORMAT
                   " (raise with --max-input)", file, (gint64) st.st_size, limit);
      return NULL;
    }
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr (GError) local = NULL;
  if (!g_file_get_contents (file, &data, &len, &local))
    {
      g_set_error (error, DEALGRAPH_ERROR, DG_ERROR_OPEN, "%s: cannot open: %s", file, local->message);
      return NULL;
    }
  return dg_graph_load_data (file, data, len, options, diagnostics, error);
}
