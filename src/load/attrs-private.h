/* attrs-private.h — checking the Graphviz drawing attributes of a graph (the loader). */
#pragma once

#include <glib.h>

/* Where an attribute is written. */
enum {
  DG_ATTR_NODE = 1 << 0,
  DG_ATTR_EDGE = 1 << 1,
  DG_ATTR_GRAPH = 1 << 2,   /* the root graph */
  DG_ATTR_CLUSTER = 1 << 3, /* a cluster (or another subgraph) */
};

typedef enum {
  DG_ATTR_KEEP,    /* a drawing attribute with a valid value */
  DG_ATTR_OWN,     /* dealgraph's own (kind, from, …) or a layout attribute read apart */
  DG_ATTR_INVALID, /* a drawing attribute whose value is wrong */
  DG_ATTR_REFUSED, /* never honoured: it reads files, names links or crashes Graphviz */
  DG_ATTR_IGNORED, /* not a drawing attribute dealgraph honours */
} DgAttrVerdict;

/**
 * dg_attr_check:
 * Judges attribute @name = @value written on a @target (DG_ATTR_NODE, …);
 * @scheme is the element's colorscheme or NULL. For INVALID, REFUSED and
 * IGNORED, *@why receives a newly allocated reason (what was expected, or
 * why it is refused); otherwise NULL. Call with the Graphviz lock held
 * (colours are checked by Graphviz's own colour table).
 */
DgAttrVerdict dg_attr_check (const char *name, const char *value, gboolean html, guint target,
                             const char *scheme, char **why);

/* @html without its <IMG …> elements (Graphviz would read the file they
 * name); *@removed tells whether there were any. Newly allocated. */
char *dg_attr_html_without_images (const char *html, gboolean *removed);
