/* load.h — reading a DOT file (through cgraph) into a checked DgGraph. */
#pragma once

#include <glib.h>
#include "model.h"

G_BEGIN_DECLS

typedef enum {
  DG_SEVERITY_WARNING,
  DG_SEVERITY_ERROR,
} DgSeverity;

/* One problem found in an input. @line is 0 when it cannot be known. */
typedef struct {
  DgSeverity severity;
  /* The input's name; for a problem with a setting of DgLoadOptions'
   * graph_attrs, node_attrs or edge_attrs, that setting as dot spells it on
   * its command line ("-Nshape=blob"), since the fault is there. */
  char *file;
  guint line;
  char *message; /* names the element: `tie "A" -> "B": …` */
} DgDiagnostic;

/* Formats @diag as "file:line: error: message" (newly allocated). */
char *dg_diagnostic_to_string (const DgDiagnostic *diag);

/* Limits that keep hostile input from exhausting the machine. Zero means
 * "use the default" (see DG_LOAD_OPTIONS_INIT and the README). */
typedef struct {
  guint version;
  gsize max_input_bytes;
  guint max_parties;
  guint max_ties;
  guint max_stages;
  gsize max_label_bytes;
  /* Kinds known besides the built-in ones (a theme's, see
   * dg_theme_party_kinds()): no "unknown kind" warning for them. NULL-terminated,
   * borrowed for the call; NULL for none. */
  const char *const *party_kinds;
  const char *const *tie_kinds;
  /* Version 2: attributes set as dot's -G, -N and -E set them, each a
   * "name=value" string (a bare "name" means name=true), NULL-terminated,
   * borrowed for the call; NULL for none. @graph_attrs are attributes of the
   * root graph (and defaults of its subgraphs), @node_attrs and @edge_attrs
   * defaults of every node and edge: as if set at the top of the file, except
   * that, as in dot, the file's own root-level settings of the same names
   * (`label=…`, `graph [...]`, `node [...]`, `edge [...]` outside any
   * subgraph) are ignored, while a subgraph's defaults and an element's own
   * attributes still win. Each is checked as the same attribute in the file
   * is: a value Graphviz could not read, or one dealgraph refuses, is dropped
   * with a warning; a malformed setting, a bad layout attribute or one of
   * dealgraph's own attributes (kind, from, until, value, …: the deal is
   * described in the file) is an error with DG_ERROR_USAGE. Problems name the
   * setting, not the file (see DgDiagnostic). */
  const char *const *graph_attrs;
  const char *const *node_attrs;
  const char *const *edge_attrs;
} DgLoadOptions;

#define DG_LOAD_OPTIONS_VERSION 2
#define DG_LOAD_OPTIONS_INIT \
  { DG_LOAD_OPTIONS_VERSION, 64u << 20, 100000, 500000, 1000, 65536, NULL, NULL, NULL, NULL, NULL }
/* DG_LOAD_OPTIONS_INIT as a function (see dealgraph.h, "Options"). */
gboolean dg_load_options_init (DgLoadOptions *options, guint version);

/**
 * dg_graph_load_file:
 * @path: the DOT file to read
 * @options: (nullable): limits; NULL for the defaults
 * @diagnostics: (nullable): a GPtrArray of DgDiagnostic* that receives every
 *   problem found, warnings included (the array owns them; create it with
 *   dg_diagnostics_new())
 * @error: set to the first error, with the count of further ones
 *
 * Reads and checks @path. Returns a new graph (free with dg_graph_unref), or
 * NULL when the input has at least one error. Warnings never make it fail.
 */
DgGraph *dg_graph_load_file (const char *path, const DgLoadOptions *options,
                             GPtrArray *diagnostics, GError **error);

/* Same as dg_graph_load_file() on @len bytes of DOT; @name is used as the
 * file name in messages. */
DgGraph *dg_graph_load_data (const char *name, const char *data, gsize len,
                             const DgLoadOptions *options,
                             GPtrArray *diagnostics, GError **error);

/* A new empty array for dg_graph_load_file()'s @diagnostics. */
GPtrArray *dg_diagnostics_new (void);

G_END_DECLS
