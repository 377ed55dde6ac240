/* export.h — a timeline graph in other tools' formats: DOT with positions, JSON, GEXF 1.2draft, GraphML. */
#pragma once

#include <glib.h>
#include "model.h"
#include "theme.h"
#include "layout.h"

G_BEGIN_DECLS

typedef enum {
  DG_EXPORT_DOT,     /* one stage or the union, positions pinned for `neato -n2` */
  DG_EXPORT_JSON,    /* the whole timeline; node-link JSON that networkx reads */
  DG_EXPORT_GEXF,    /* GEXF 1.2draft (what networkx 2.8 and 3 and Gephi read), mode="dynamic": Gephi's timeline plays the stages */
  DG_EXPORT_GRAPHML, /* one stage or the union, a typed key for every attribute */
} DgExportFormat;

/* Parses "dot", "json", "gexf" or "graphml" (case-insensitive). */
gboolean dg_export_format_from_string (const char *name, DgExportFormat *out);
const char *dg_export_format_extension (DgExportFormat format); /* "dot", … */

/* The version of the JSON document dg_export_graph() writes (its "version"
 * member); it grows whenever a member changes meaning or goes away. */
#define DG_EXPORT_JSON_VERSION 1

typedef struct {
  guint version;
  /* DOT and GraphML: the stage to export, or -1 for the union (everything
   * ever active). JSON and GEXF always hold the whole timeline. */
  int stage;
} DgExportOptions;

#define DG_EXPORT_OPTIONS_VERSION 1
#define DG_EXPORT_OPTIONS_INIT { DG_EXPORT_OPTIONS_VERSION, -1 }
/* DG_EXPORT_OPTIONS_INIT as a function (see dealgraph.h, "Options"). */
gboolean dg_export_options_init (DgExportOptions *options, guint version);

/**
 * dg_export_graph:
 * @theme: styles for DOT and GEXF (colours, shapes, widths); may be NULL for
 *   JSON and GraphML
 * @layout: (nullable): positions. Required for DOT and GEXF; JSON adds
 *   positions and label boxes when given; GraphML ignores it.
 *
 * Writes @graph in @format (see the README, "Exports"). The bytes are
 * deterministic: the same inputs give the same bytes. Every text of the
 * graph is escaped for the format, so any label gives well-formed output.
 * Returns new bytes, or NULL with DG_ERROR_USAGE when the request cannot be
 * met (a stage out of range; DOT of the union of a layout that places each
 * stage on its own; DOT or GEXF without a layout or theme).
 */
GBytes *dg_export_graph (const DgGraph *graph, const DgTheme *theme, const DgLayout *layout,
                         DgExportFormat format, const DgExportOptions *options, GError **error);

G_END_DECLS
