/* export-private.h — what the export writers share: escaping, number and colour formats, resolved looks. */
#pragma once

#include "dealgraph.h"
#include "export.h"

/* How one party is drawn, as the scene resolves the theme for it. */
typedef struct {
  gboolean seen;     /* FALSE when the party is drawn at none of the stages asked */
  DgShape shape;
  DgColor fill, stroke, text;
  double line_width;
  double font_size;
  gboolean bold;
  DgBox label;       /* the label's text box, layout coordinates (see layout.h) */
} DgExportPartyLook;

/* How one tie is drawn. */
typedef struct {
  gboolean seen;
  DgColor color;
  double width;      /* points */
  DgDash dash;
  gboolean double_line;
  gboolean hollow;   /* no value: a band of @core edged in @color */
  DgColor core;
  DgArrow arrow;
  char *caption;     /* the label drawn beside it (may hold '\n'), or NULL */
  DgBox label;       /* its box when @caption is set, layout coordinates */
  double font_size;
  DgColor text;
} DgExportTieLook;

typedef struct {
  guint n_parties, n_ties;
  DgExportPartyLook *parties;
  DgExportTieLook *ties;
  const char *font;  /* the theme's, borrowed */
} DgExportLooks;

/* The looks at @stage, or for @stage < 0 each party's and tie's at the first
 * stage it is active: built from dg_scene_build(), so an export shows what a
 * figure shows. Free with dg_export_looks_free(). */
DgExportLooks *dg_export_looks_new (const DgGraph *graph, const DgLayout *layout, const DgTheme *theme, int stage);
/* Every party's and tie's look straight from the style stage (no scene, no
 * text measured): colours, widths, shapes and dashes, without label boxes.
 * Free with dg_export_looks_free(). */
DgExportLooks *dg_export_looks_from_style (const DgGraph *graph, const DgTheme *theme);
void dg_export_looks_free (DgExportLooks *looks); /* accepts NULL */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgExportLooks, dg_export_looks_free)

/* Whether a tie's (theme-sized, unscaled) dash reads as dots rather than
 * dashes: its first dash is no longer than 2 pt, whatever the line's width. */
gboolean dg_export_dash_is_dotted (const DgDash *dash);

/* "%.2f" in the C locale, without "-0.00". Returns @buf (at least
 * G_ASCII_DTOSTR_BUF_SIZE bytes). */
const char *dg_export_fmt (char *buf, double v);

/* "#rrggbb" (with @alpha and a < 1: "#rrggbbaa"); newly allocated. */
char *dg_export_color_hex (DgColor c, gboolean alpha);
/* 0..255 channel. */
int dg_export_channel (double v);

/* The qualifier / unit as the JSON and attribute values spell them:
 * "up_to", "at_least", "about", NULL for none; "percent", "currency", NULL. */
const char *dg_export_qualifier_name (DgQualifier q);
const char *dg_export_unit_name (DgUnit u);

/* Each tie's value as a share of the largest of its kind and unit, 0..1
 * (percentages: of 100), the way the theme scales widths; 1 without a
 * value. A new array indexed by tie; g_free it. */
double *dg_export_tie_weights (const DgGraph *graph);

/* @tie's terms joined by ", " (newly allocated; "" for none). */
char *dg_export_terms_text (const DgTie *tie);

/* The writers. Each returns new bytes or NULL with an error. */
GBytes *dg_export_dot (const DgGraph *graph, const DgTheme *theme, const DgLayout *layout, int stage,
                       GError **error);
GBytes *dg_export_json (const DgGraph *graph, const DgTheme *theme, const DgLayout *layout, GError **error);
GBytes *dg_export_gexf (const DgGraph *graph, const DgTheme *theme, const DgLayout *layout, GError **error);
GBytes *dg_export_graphml (const DgGraph *graph, int stage, GError **error);
