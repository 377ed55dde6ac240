/* describe.c — `dealgraph describe`: each stage's figure in words, a short alternative text and a long description. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef enum { FORMAT_MD, FORMAT_TXT, FORMAT_JSON } Format;

static gboolean
parse_format (const char *text, Format *out)
{
  static const char *const names[] = { "md", "txt", "json" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i]) == 0)
      {
        *out = (Format) i;
        return TRUE;
      }
  return FALSE;
}

/* Appends @json (one object, ending in a newline) to @out as an item of an
 * array, indented one level. json-glib writes line breaks inside strings as
 * \n, so every line break is one between members. */
static void
append_array_item (GString *out, const char *json, gboolean first)
{
  g_string_append (out, first ? "  " : ",\n  ");
  for (const char *p = json; *p != '\0'; p++)
    {
      if (*p == '\n' && p[1] == '\0')
        break;
      g_string_append_c (out, *p);
      if (*p == '\n')
        g_string_append (out, "  ");
    }
}

int
cmd_describe (int argc, char **argv)
{
  g_auto (CliInput) input = { 0 };
  g_auto (GStrv) stage_names = NULL;
  g_autofree char *format_text = NULL;
  GOptionEntry entries[] = {
    { "stage", 's', 0, G_OPTION_ARG_STRING_ARRAY, &stage_names,
      "Describe only this stage (id, file name or number) or range FROM..TO; repeatable, in the order given", "ID" },
    { "format", 'T', 0, G_OPTION_ARG_STRING, &format_text, "md (default), txt or json", "FORMAT" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE — each stage's figure in words");
  g_option_context_set_summary (context,
      "Writes, for each stage (or those given with -s), what its figure shows for a\n"
      "reader who cannot see it: a short alternative text of one sentence (at most\n"
      "200 characters) and a long description: an overview, what changed since the\n"
      "stage before, and every party with the ties that come from it, with values,\n"
      "terms and when they end. Markdown by default, plain text with -T txt, or a\n"
      "JSON array of one object per stage with -T json, on standard output.");
  g_option_context_add_main_entries (context, entries, NULL);
  cli_add_input_options (context, &input);
  if (!cli_parse (context, &argc, &argv) || !cli_one_input (argc, "describe"))
    return EXIT_USAGE;
  Format format = FORMAT_MD;
  if (format_text != NULL && !parse_format (format_text, &format))
    {
      fprintf (stderr, "dealgraph describe: unknown format '%s' (md, txt or json)\n", format_text);
      return EXIT_USAGE;
    }

  const char *path = argv[1];
  int status = EXIT_OK;
  g_autoptr (DgGraph) graph = cli_load (path, &input, NULL, &status);
  if (graph == NULL)
    return status;
  g_autoptr (GArray) stages = g_array_new (FALSE, FALSE, sizeof (guint));
  if (stage_names == NULL)
    for (guint s = 0; s < dg_graph_n_stages (graph); s++)
      g_array_append_val (stages, s);
  else if (!cli_choose_stages (graph, path, (const char *const *) stage_names, "describe", stages))
    return EXIT_USAGE;

  /* Each stage once, where it is first named. */
  g_autofree gboolean *seen = g_new0 (gboolean, dg_graph_n_stages (graph));
  GString *out = g_string_new (format == FORMAT_JSON ? "[\n" : NULL);
  gboolean first = TRUE;
  for (guint i = 0; i < stages->len; i++)
    {
      guint s = g_array_index (stages, guint, i);
      if (seen[s])
        continue;
      seen[s] = TRUE;
      g_autoptr (GError) error = NULL;
      g_autoptr (DgDescription) description = dg_describe (graph, s, NULL, &error);
      if (description == NULL)
        {
          g_string_free (out, TRUE);
          return cli_fail (error);
        }
      g_autofree char *text = format == FORMAT_JSON ? dg_description_to_json (description)
                              : format == FORMAT_TXT ? dg_description_to_text (description)
                                                     : dg_description_to_markdown (description);
      if (format == FORMAT_JSON)
        append_array_item (out, text, first);
      else
        g_string_append_printf (out, "%s%s", first ? "" : "\n", text);
      first = FALSE;
    }
  if (format == FORMAT_JSON)
    g_string_append (out, first ? "]\n" : "\n]\n");
  /* Labels come from the input: whatever the format, they must not drive
   * the terminal (and in JSON a \uXXXX escape means the same character). */
  cli_print ("%s", out->str);
  g_string_free (out, TRUE);
  return fflush (stdout) == 0 ? EXIT_OK : EXIT_CANTCREAT;
}
