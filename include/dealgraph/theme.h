/* theme.h — templates: how party kinds, tie kinds and terms look. */
#pragma once

#include <glib.h>
#include "timeline.h"

G_BEGIN_DECLS

typedef struct {
  double r, g, b, a; /* 0..1, not premultiplied */
} DgColor;

typedef enum {
  DG_SHAPE_BOX,
  DG_SHAPE_ROUNDED,  /* box with rounded corners */
  DG_SHAPE_ELLIPSE,
  DG_SHAPE_CIRCLE,
  DG_SHAPE_HEXAGON,
  DG_SHAPE_DIAMOND,
  DG_SHAPE_CYLINDER,
  DG_SHAPE_NOTE,
  DG_SHAPE_PARALLELOGRAM,
} DgShape;

/* The Graphviz shape that outlines @shape (a rounded box is Graphviz's box
 * with style=rounded). A static string. */
const char *dg_shape_graphviz_name (DgShape shape);

typedef enum {
  DG_SCALE_LINEAR,
  DG_SCALE_SQRT,
  DG_SCALE_LOG,
} DgScale;

typedef enum {
  DG_ARROW_NORMAL,  /* filled triangle */
  DG_ARROW_OPEN,    /* outline triangle */
  DG_ARROW_DIAMOND,
  DG_ARROW_DOT,
  DG_ARROW_NONE,
} DgArrow;

/* The Graphviz arrowhead drawing @arrow ("normal", "empty", "diamond",
 * "dot", "none"), for the layout and the DOT export. A static string. */
const char *dg_arrow_graphviz_name (DgArrow arrow);

/* A dash pattern in points; n == 0 is a solid line. */
typedef struct {
  guint n;
  double on_off[6];
} DgDash;

/* How parties of one kind look. */
typedef struct {
  DgShape shape;
  DgColor fill;
  DgColor stroke;
  DgColor text;
  double stroke_width;  /* points */
  gboolean bold;
  double margin_x, margin_y; /* points between text and outline */
} DgPartyStyle;

/* How a tie whose value is not stated is drawn. */
typedef enum {
  /* A band @width wide (at least DG_HOLLOW_MIN_WIDTH): thin edges in the
   * kind's colour, a pale tint of it inside. No valued tie looks like it,
   * so a tie without an amount never passes for a small one. */
  DG_NO_VALUE_HOLLOW,
  /* An ordinary line @width wide, as a value would draw it: for kinds whose
   * amount the kind itself states (owns is a 100 % stake). */
  DG_NO_VALUE_PLAIN,
} DgNoValue;

/* The narrowest hollow band whose edges and inside can both be seen. */
#define DG_HOLLOW_MIN_WIDTH 3.0

/* How ties of one kind look, before terms adjust it. */
typedef struct {
  DgColor color;
  DgDash dash;
  DgArrow arrow;
  DgScale scale;
  double min_width, max_width; /* points: the width of the smallest and largest value of the kind */
  double width;                /* points, for ties without a value */
  DgNoValue no_value;          /* how ties without a value are drawn */
} DgTieStyle;

/* What a term (`terms="exclusive"`) changes; a field left unset by the
 * theme keeps the kind's look. Terms change the line, never its width:
 * the width says the tie's value alone. */
typedef struct {
  gboolean has_dash;
  DgDash dash;
  gboolean has_color;
  DgColor color;
  gboolean double_line; /* drawn as two parallel strokes */
} DgTermStyle;

/* How `dealgraph diff` marks a tie or party that began, ended or changed
 * (`[change began]`, `[change ended]`, `[change changed]`). Marks add to the
 * kind's look rather than replace it, and each mark differs from the others
 * without colour too (halo, dash, opacity, strike-through, frame), so a
 * grayscale print still tells them apart. */
typedef struct {
  gboolean has_color;
  DgColor color;        /* tie and party outline; unset keeps the kind's */
  gboolean has_dash;
  DgDash dash;          /* tie and party outline; unset keeps the kind's */
  double width_factor;  /* tie width and party outline width; 1 when unset */
  double opacity;       /* the whole element, label included; 1 when unset */
  DgColor halo;         /* a band under the tie and around the party; a == 0: none */
  double halo_width;    /* points the band reaches beyond the tie on each side */
  gboolean bold;        /* the label */
  gboolean strike;      /* the label struck through */
  gboolean frame;       /* the label boxed */
} DgChangeStyle;

/* The look of the text and the furniture around the graph. */
typedef struct {
  const char *font;        /* Pango family list, e.g. "DejaVu Sans" */
  double font_size;        /* party labels, points */
  double label_font_size;  /* tie labels */
  double title_font_size;
  double caption_font_size;
  double small_font_size;  /* legend, timeline strip, credit line */
  DgColor background;
  DgColor text;
  DgColor muted;           /* credit line, inactive timeline stages */
  DgColor accent;          /* current stage marker */
  DgColor label_background;/* halo behind tie labels */
  double margin;           /* points around the figure */
  DgColor group_fill;
  DgColor group_stroke;
  /* A stage figure draws the ties that ended at the stage before it faded
   * and labelled "ended", with the [change ended] look ([theme] show-ended);
   * not a piece of furniture, but a [theme] key like them. */
  gboolean show_ended;
} DgFurnitureStyle;

typedef struct DgTheme DgTheme;

/**
 * dg_theme_load:
 * @name_or_path: a theme name ("report", "dark", "grayscale"), looked up in
 *   the template directory (see dg_theme_template_dir()), or a path to a
 *   `.theme` file (anything containing '/' or ending in ".theme")
 *
 * Returns a new theme (free with dg_theme_free), or NULL with DG_ERROR_THEME
 * naming the file and the group/key at fault.
 */
DgTheme *dg_theme_load (const char *name_or_path, GError **error);
DgTheme *dg_theme_load_data (const char *name, const char *data, gsize len, GError **error);
void dg_theme_free (DgTheme *theme); /* accepts NULL */

/* A copy of @theme in which no text is smaller than @size points (the
 * rest as it was): for a figure drawn smaller than its layout, such as a
 * strip's panels. Free with dg_theme_free(). */
DgTheme *dg_theme_new_with_min_text (const DgTheme *theme, double size);

/* The directory the shipped templates are read from: $DEALGRAPH_TEMPLATES if
 * set, else the source tree's templates/ when running from a build tree, else
 * the installed data directory. Borrowed string. */
const char *dg_theme_template_dir (void);

const char *dg_theme_get_name (const DgTheme *theme);
/* The file the theme was read from (for depfiles), or NULL for data. */
const char *dg_theme_get_path (const DgTheme *theme);
/* Every file the theme was read from: its own first (absent for a theme
 * loaded from data), then each theme it inherits from, in order, as the
 * paths were opened. For depfiles. NULL-terminated, borrowed; never NULL. */
const char *const *dg_theme_get_paths (const DgTheme *theme);

/* Styles for a kind; an unknown or NULL kind gets the theme's default. The
 * returned pointers borrow from @theme. */
const DgPartyStyle *dg_theme_party_style (const DgTheme *theme, const char *kind);
const DgTieStyle *dg_theme_tie_style (const DgTheme *theme, const char *kind);
/* NULL when the theme says nothing about @term. */
const DgTermStyle *dg_theme_term_style (const DgTheme *theme, const char *term);
const DgFurnitureStyle *dg_theme_furniture (const DgTheme *theme);
/* How @kind of change is marked; borrowed from @theme, never NULL. */
const DgChangeStyle *dg_theme_change_style (const DgTheme *theme, DgChangeKind kind);

/* TRUE when the theme defines a style for this party / tie kind (so `check`
 * does not warn about kinds a theme adds). */
gboolean dg_theme_knows_party_kind (const DgTheme *theme, const char *kind);
gboolean dg_theme_knows_tie_kind (const DgTheme *theme, const char *kind);

/* The kinds the theme defines, in file order, NULL-terminated, borrowed. */
const char *const *dg_theme_party_kinds (const DgTheme *theme);
const char *const *dg_theme_tie_kinds (const DgTheme *theme);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgTheme, dg_theme_free)

G_END_DECLS
