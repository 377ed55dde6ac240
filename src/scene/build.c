/* build.c — dg_scene_build: geometry + theme + timeline state → the items of one figure.
 *
 * The figure is laid out top to bottom: title, stage caption, the graph,
 * legend, timeline strip, credit line. Everything that could differ between
 * the stages of one timeline in size (caption width, legend rows) is sized
 * for the largest stage, so in union mode every figure of a timeline has the
 * same size and the graph sits at the same place on each. */
#include <math.h>
#include <string.h>

#include "dg-color-private.h"
#include "dg-text-private.h"
#include "scene-private.h"
#include "style.h"
#include "timeline.h"

#define LEGEND_SWATCH 26.0
#define STRIP_DOT 4.0
#define STRIP_CURRENT 6.5
/* Each stage of the strip gets a slot this wide at least, up to
 * STRIP_FULL_STAGES stages; past them the strip keeps the figure's width and
 * labels only every few stages (and the current one), so a long timeline
 * neither widens every figure (1,000 stages made them 64,000 pt wide) nor
 * costs each figure a measure of every stage's label. */
#define STRIP_SLOT_MIN 64.0
#define STRIP_FULL_STAGES 12

typedef struct {
  const DgGraph *graph;
  const DgTheme *theme;
  const DgFurnitureStyle *fs;
  const DgGeometry *geo;
  guint stage;
  DgScene *scene;
  const DgSceneMarks *marks; /* a diff figure's marks, a stage figure's ghosts, or NULL */
  DgLooks *looks;            /* every element's look (the style stage) */
  const DgLayout *layout;    /* nullable: every stage's geometry, to know where ghosts are drawn */
  gboolean any_ghosts;       /* a stage figure of this timeline draws a ghost: the legend has "ended" */
  GArray *group_labels;      /* DgBox: where the groups' labels went, while
                                emit_graph() runs (tie labels keep clear) */
  /* Stacked label blocks (find_blocks), while emit_graph() runs: by tie,
   * the index of the block its label is a row of, or -1. */
  GArray *blocks;            /* Block */
  int *block_of;
  gboolean only_shown;       /* the label placer's second pass: a block stands for
                                the ties of its that this figure draws */
} Ctx;

/* The labels of the parallel ties between one pair of parties, stacked in
 * one block: a row each, keyed by a sample of its tie's line, in the order
 * their lines run (see DgTieGeometry.label_in_block). */
typedef struct {
  guint rep;      /* the tie whose label box holds the block */
  guint n;
  guint *ties;    /* the rows, top to bottom */
} Block;

/* A diff figure, as opposed to a stage figure (with or without ghosts). */
static gboolean
is_diff (const Ctx *c)
{
  return c->marks != NULL && !c->marks->ghosts;
}

/* The change style for @mark, or NULL when it is not marked. */
static const DgChangeStyle *
mark_style (const Ctx *c, DgMark mark)
{
  return DG_CHANGE_IS_MARKED (mark) ? dg_theme_change_style (c->theme, mark) : NULL;
}

static DgMark
party_mark (const Ctx *c, guint party)
{
  return c->marks != NULL ? c->marks->party_marks[party] : DG_MARK_UNCHANGED;
}

static DgMark
tie_mark (const Ctx *c, guint tie)
{
  return c->marks != NULL ? c->marks->tie_marks[tie] : DG_MARK_UNCHANGED;
}

/* Whether a party is drawn at @stage: active there or, in a diff figure of
 * that stage, ended since the earlier one (drawn ghosted). A tie likewise,
 * and in a stage figure when it ended there (its ghost). */
static gboolean
party_shown (const Ctx *c, guint party, guint stage)
{
  return dg_party_active_at (dg_graph_party (c->graph, party), stage)
         || (stage == c->stage && party_mark (c, party) == DG_MARK_ENDED);
}

static gboolean
tie_shown (const Ctx *c, guint tie, guint stage)
{
  return dg_tie_active_at (dg_graph_tie (c->graph, tie), stage)
         || (stage == c->stage && tie_mark (c, tie) == DG_MARK_ENDED);
}

/* ---- ghosts: the ties a stage figure shows ended ------------------------ */

/* A ghost's label: the word, then the tie's own label after it. */
#define GHOST_WORD "ended"
#define GHOST_PREFIX GHOST_WORD " \xc2\xb7 "

/* Marks in @marks (one per tie) the ties a figure of @stage draws as ghosts,
 * DG_MARK_ENDED, and the others DG_MARK_UNCHANGED: those that ended at
 * @stage — active at the stage before and not continued by a tie that
 * changed (DG_CHANGE_ENDED of dg_timeline_changes()) — while both their
 * parties are still active, and that @geo (nullable: not asked) places; a
 * stage layout has no place for a tie its stage does not hold. None at the
 * first stage, or when the theme's show-ended is off. Returns how many. */
static guint
ended_ties (const DgGraph *graph, const DgTheme *theme, const DgGeometry *geo, guint stage, DgMark *marks)
{
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    marks[i] = DG_MARK_UNCHANGED;
  if (stage == 0 || stage >= dg_graph_n_stages (graph) || !dg_theme_furniture (theme)->show_ended)
    return 0;
  guint n = 0;
  g_autoptr (GArray) changes = dg_timeline_changes (graph, stage - 1, stage);
  for (guint k = 0; k < changes->len; k++)
    {
      const DgChange *change = &g_array_index (changes, DgChange, k);
      if (change->party != NULL || change->kind != DG_CHANGE_ENDED)
        continue;
      const DgTie *tie = change->old_tie;
      if (!dg_party_active_at (dg_graph_party (graph, tie->tail), stage)
          || !dg_party_active_at (dg_graph_party (graph, tie->head), stage))
        continue;
      if (geo != NULL
          && (!geo->ties[tie->index].placed || !geo->parties[tie->tail].placed || !geo->parties[tie->head].placed))
        continue;
      marks[tie->index] = DG_MARK_ENDED;
      n++;
    }
  return n;
}

/* Whether this stage figure draws a ghost (a visible tie marked ended). */
static gboolean
ghosts_drawn (const Ctx *c)
{
  if (c->marks == NULL || !c->marks->ghosts)
    return FALSE;
  for (guint i = 0; i < dg_graph_n_ties (c->graph); i++)
    if (tie_mark (c, i) == DG_MARK_ENDED && dg_looks_tie (c->looks, i)->visible)
      return TRUE;
  return FALSE;
}

/* Whether any stage figure of the timeline draws a ghost, so the legend
 * keeps a place for "ended" in every one. Only the stages where some tie
 * ends are looked at. */
static gboolean
timeline_has_ghosts (const Ctx *c)
{
  guint n_stages = dg_graph_n_stages (c->graph), n_ties = dg_graph_n_ties (c->graph);
  if (n_stages < 2 || !c->fs->show_ended)
    return FALSE;
  g_autofree gboolean *ends = g_new0 (gboolean, n_stages);
  for (guint i = 0; i < n_ties; i++)
    {
      guint until = dg_graph_tie (c->graph, i)->interval.until;
      if (until > 0 && until < n_stages && dg_looks_tie (c->looks, i)->visible)
        ends[until] = TRUE;
    }
  g_autofree DgMark *marks = g_new (DgMark, MAX (n_ties, 1));
  for (guint s = 1; s < n_stages; s++)
    {
      if (!ends[s])
        continue;
      const DgGeometry *geo = c->layout != NULL ? dg_layout_stage_geometry (c->layout, s) : NULL;
      if (ended_ties (c->graph, c->theme, geo, s, marks) == 0)
        continue;
      for (guint i = 0; i < n_ties; i++)
        if (marks[i] == DG_MARK_ENDED && dg_looks_tie (c->looks, i)->visible)
          return TRUE;
    }
  return FALSE;
}

static DgColor
transparent (void)
{
  return (DgColor) { 0, 0, 0, 0 };
}

static void
measure (const Ctx *c, const char *text, double size, gboolean bold, double *w, double *h)
{
  dg_text_measure (text, c->fs->font, size, bold, FALSE, w, h);
}

/* Greedy word wrap of @text to @max_width points (words longer than the
 * width stay whole). */
static char *
wrap (const Ctx *c, const char *text, double size, gboolean bold, double max_width)
{
  g_auto (GStrv) words = g_strsplit_set (text, " \n", -1);
  GString *out = g_string_new (NULL);
  GString *line = g_string_new (NULL);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      g_autofree char *attempt = line->len > 0 ? g_strdup_printf ("%s %s", line->str, words[i])
                                               : g_strdup (words[i]);
      double w;
      measure (c, attempt, size, bold, &w, NULL);
      if (w > max_width && line->len > 0)
        {
          g_string_append_printf (out, "%s%s", out->len > 0 ? "\n" : "", line->str);
          g_string_assign (line, words[i]);
        }
      else
        g_string_assign (line, attempt);
    }
  if (line->len > 0)
    g_string_append_printf (out, "%s%s", out->len > 0 ? "\n" : "", line->str);
  g_string_free (line, TRUE);
  return g_string_free (out, FALSE);
}

/* wrap() kept to @max_lines lines, the last one ending in "…" when text
 * was cut. */
static char *
wrap_lines (const Ctx *c, const char *text, double size, gboolean bold, double max_width, guint max_lines)
{
  g_autofree char *all = wrap (c, text, size, bold, max_width);
  g_auto (GStrv) lines = g_strsplit (all, "\n", -1);
  if (g_strv_length (lines) <= max_lines)
    return g_steal_pointer (&all);
  for (guint i = max_lines; lines[i] != NULL; i++)
    g_clear_pointer (&lines[i], g_free);
  char *last = lines[max_lines - 1];
  lines[max_lines - 1] = g_strconcat (last, "\xe2\x80\xa6", NULL);
  g_free (last);
  return g_strjoinv ("\n", lines);
}

static DgSceneItem *
add_text (Ctx *c, DgRole role, const char *text, double x, double y, double size, gboolean bold,
          DgColor color, DgAlign align)
{
  DgSceneItem *item = dg_scene_add_item (c->scene, DG_ITEM_TEXT, role);
  double w, h;
  measure (c, text, size, bold, &w, &h);
  double x0 = align == DG_ALIGN_CENTER ? x - w / 2 : align == DG_ALIGN_RIGHT ? x - w : x;
  item->box = (DgBox) { x0, y, x0 + w, y + h };
  item->text = g_strdup (text);
  item->font = g_intern_string (c->fs->font);
  item->font_size = size;
  item->bold = bold;
  item->stroke = color;
  item->fill = transparent ();
  item->align = align;
  return item;
}

/* Text in a look's font (the user's family, size and colour). */
static DgSceneItem *
add_text_font (Ctx *c, DgRole role, const char *text, double x, double y, const DgFont *font, gboolean bold,
               DgAlign align)
{
  DgSceneItem *item = dg_scene_add_item (c->scene, DG_ITEM_TEXT, role);
  double w, h;
  dg_text_measure (text, font->family, font->size, bold, font->italic, &w, &h);
  double x0 = align == DG_ALIGN_CENTER ? x - w / 2 : align == DG_ALIGN_RIGHT ? x - w : x;
  item->box = (DgBox) { x0, y, x0 + w, y + h };
  item->text = g_strdup (text);
  item->font = font->family;
  item->font_size = font->size;
  item->bold = bold;
  item->italic = font->italic;
  item->stroke = font->color;
  item->fill = transparent ();
  item->align = align;
  return item;
}

/* Paints Graphviz's drawing @ops of an element at the graph's offset. */
static void
add_drawing (Ctx *c, const char *ops, DgRole role, int party, int tie, DgPoint offset, double opacity,
             const DgColor *pen)
{
  DgDrawingTarget target = { role, party, tie, offset, opacity, pen, NULL };
  dg_scene_add_drawing (c->scene, ops, &target);
}

/* ---- tie styling ------------------------------------------------------- */

typedef struct {
  DgColor color;
  DgDash dash;
  double width;
  gboolean double_line;
  DgArrow arrow;
  DgColor core; /* a > 0: hollow (no value) */
} TieLook;

/* The tie's look, as the style stage resolved it. */
static TieLook
tie_look (const Ctx *c, const DgTie *tie)
{
  const DgTieLook *l = dg_looks_tie (c->looks, tie->index);
  TieLook look = { l->color, l->dash, l->width, l->double_line, l->arrow, l->core };
  return look;
}

/* An arrowhead from @base (where the curve stops) to @tip. */
static void
add_arrow (Ctx *c, int tie, DgPoint base, DgPoint tip, const TieLook *look, double opacity)
{
  if (look->arrow == DG_ARROW_NONE)
    return;
  double dx = tip.x - base.x, dy = tip.y - base.y;
  double len = hypot (dx, dy);
  if (len < 0.01)
    return;
  /* Graphviz left a gap of its arrow length; wide lines get wider heads. */
  double ux = dx / len, uy = dy / len, nx = -uy, ny = ux;
  double half = MAX (len * 0.38, look->width * 1.1);
  DgSceneItem *item = dg_scene_add_item (c->scene, DG_ITEM_POLYGON, DG_ROLE_TIE_ARROW);
  item->tie = tie;
  item->opacity = opacity;
  item->stroke = look->color;
  item->line_width = 1.0;
  item->fill = look->color;
  switch (look->arrow)
    {
    case DG_ARROW_NORMAL:
    case DG_ARROW_OPEN:
      item->n_points = 3;
      item->points = g_new (DgPoint, 3);
      item->points[0] = tip;
      item->points[1] = (DgPoint) { base.x + nx * half, base.y + ny * half };
      item->points[2] = (DgPoint) { base.x - nx * half, base.y - ny * half };
      if (look->arrow == DG_ARROW_OPEN)
        item->fill = c->fs->background;
      break;
    case DG_ARROW_DIAMOND:
      {
        DgPoint mid = { (base.x + tip.x) / 2, (base.y + tip.y) / 2 };
        item->n_points = 4;
        item->points = g_new (DgPoint, 4);
        item->points[0] = tip;
        item->points[1] = (DgPoint) { mid.x + nx * half, mid.y + ny * half };
        item->points[2] = base;
        item->points[3] = (DgPoint) { mid.x - nx * half, mid.y - ny * half };
        break;
      }
    case DG_ARROW_DOT:
      {
        double r = MAX (len / 2, look->width * 0.9);
        DgPoint mid = { tip.x - ux * r, tip.y - uy * r };
        item->n_points = 16;
        item->points = g_new (DgPoint, 16);
        for (guint k = 0; k < 16; k++)
          {
            double a = 2 * G_PI * k / 16;
            item->points[k] = (DgPoint) { mid.x + r * cos (a), mid.y + r * sin (a) };
          }
        break;
      }
    case DG_ARROW_NONE:
      break;
    }
}

/* ---- tie labels -------------------------------------------------------- */

static gboolean
boxes_overlap (const DgBox *a, const DgBox *b)
{
  return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static DgPoint
bezier_at (const DgTieGeometry *tg, double t)
{
  guint segments = (tg->n_points - 1) / 3;
  double u = t * segments;
  guint s = MIN ((guint) u, segments - 1);
  double v = u - s;
  const DgPoint *p = &tg->points[s * 3];
  double a = (1 - v) * (1 - v) * (1 - v), b = 3 * v * (1 - v) * (1 - v), cc = 3 * v * v * (1 - v), d = v * v * v;
  return (DgPoint) { a * p[0].x + b * p[1].x + cc * p[2].x + d * p[3].x,
                     a * p[0].y + b * p[1].y + cc * p[2].y + d * p[3].y };
}

/* Boxes already taken, filed in a grid of square cells over the drawing so
 * that a candidate spot is tested only against its neighbours: a figure of
 * 5,000 ties tries up to a thousand spots per label, which against every
 * earlier box took 10 % of the whole render's time. */
typedef struct {
  DgBox area;
  double cell;
  guint cols, rows;
  GArray *boxes;  /* DgBox */
  GArray **cells; /* cols × rows, each NULL or an array of indices into boxes */
} BoxGrid;

static void
grid_init (BoxGrid *g, DgBox area, guint expected)
{
  g->area = area;
  double w = MAX (area.x1 - area.x0, 1.0), h = MAX (area.y1 - area.y0, 1.0);
  /* About one box per cell, but never more than a million cells. */
  g->cell = MAX (MAX (sqrt (w * h / MAX (expected, 1u)), 32.0), sqrt (w * h / 1e6));
  g->cols = (guint) ceil (w / g->cell);
  g->rows = (guint) ceil (h / g->cell);
  g->boxes = g_array_new (FALSE, FALSE, sizeof (DgBox));
  g->cells = g_new0 (GArray *, (gsize) g->cols * g->rows);
}

static void
grid_clear (BoxGrid *g)
{
  for (gsize i = 0; i < (gsize) g->cols * g->rows; i++)
    if (g->cells[i] != NULL)
      g_array_unref (g->cells[i]);
  g_free (g->cells);
  g_array_unref (g->boxes);
}

/* The range of cells @b covers, clamped to the grid. */
static void
grid_span (const BoxGrid *g, const DgBox *b, guint *c0, guint *r0, guint *c1, guint *r1)
{
  double x0 = (b->x0 - g->area.x0) / g->cell, x1 = (b->x1 - g->area.x0) / g->cell;
  double y0 = (b->y0 - g->area.y0) / g->cell, y1 = (b->y1 - g->area.y0) / g->cell;
  *c0 = (guint) CLAMP (floor (x0), 0.0, (double) g->cols - 1);
  *c1 = (guint) CLAMP (floor (x1), 0.0, (double) g->cols - 1);
  *r0 = (guint) CLAMP (floor (y0), 0.0, (double) g->rows - 1);
  *r1 = (guint) CLAMP (floor (y1), 0.0, (double) g->rows - 1);
}

/* Files @b; returns its index, or G_MAXUINT for a box that is not finite
 * (not filed). */
static guint
grid_add (BoxGrid *g, DgBox b)
{
  if (!isfinite (b.x0) || !isfinite (b.y0) || !isfinite (b.x1) || !isfinite (b.y1))
    return G_MAXUINT;
  guint index = g->boxes->len;
  g_array_append_val (g->boxes, b);
  guint c0, r0, c1, r1;
  grid_span (g, &b, &c0, &r0, &c1, &r1);
  for (guint r = r0; r <= r1; r++)
    for (guint c = c0; c <= c1; c++)
      {
        GArray **cell = &g->cells[(gsize) r * g->cols + c];
        if (*cell == NULL)
          *cell = g_array_new (FALSE, FALSE, sizeof (guint));
        g_array_append_val (*cell, index);
      }
  return index;
}

/* Whether @b overlaps no box filed but the one at index @except
 * (G_MAXUINT: none). */
static gboolean
grid_is_free_but (const BoxGrid *g, const DgBox *b, guint except)
{
  guint c0, r0, c1, r1;
  grid_span (g, b, &c0, &r0, &c1, &r1);
  for (guint r = r0; r <= r1; r++)
    for (guint c = c0; c <= c1; c++)
      {
        const GArray *cell = g->cells[(gsize) r * g->cols + c];
        for (guint i = 0; cell != NULL && i < cell->len; i++)
          if (g_array_index (cell, guint, i) != except
              && boxes_overlap (b, &g_array_index (g->boxes, DgBox, g_array_index (cell, guint, i))))
            return FALSE;
      }
  return TRUE;
}

static gboolean
grid_is_free (const BoxGrid *g, const DgBox *b)
{
  return grid_is_free_but (g, b, G_MAXUINT);
}

/* The width tie @i is drawn at. */
static double
tg_width (const Ctx *c, guint i)
{
  return dg_looks_tie (c->looks, i)->width;
}

/* Every tie's line, cut into short straight pieces and filed in a grid, so
 * that a candidate label spot can ask which ties pass near it. */
typedef struct {
  BoxGrid grid;    /* each piece's bounding box; index = piece */
  GArray *pieces;  /* Piece, same indices */
  const int *block_of; /* nullable: ties of one label block count as one */
} PieceGrid;

typedef struct {
  DgPoint a, b;
  guint tie;
} Piece;

#define PIECES_PER_CURVE 12

static double
point_segment_distance (DgPoint p, DgPoint a, DgPoint b)
{
  double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? CLAMP (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
  double ex = p.x - (a.x + t * dx), ey = p.y - (a.y + t * dy);
  /* sqrt, not hypot: figures are far from overflow, and the label placer
   * asks this millions of times (hypot took a quarter of a render). */
  return sqrt (ex * ex + ey * ey);
}

/* Files the lines of @geo's ties, or with @shown (nullable) only those it
 * flags. */
static void
pieces_init (PieceGrid *pg, const DgGeometry *geo, const gboolean *shown, const int *block_of)
{
  grid_init (&pg->grid, geo->bbox, geo->n_ties * PIECES_PER_CURVE);
  pg->pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  pg->block_of = block_of;
  for (guint i = 0; i < geo->n_ties; i++)
    {
      const DgTieGeometry *tg = &geo->ties[i];
      if (!tg->placed || tg->n_points < 4 || (shown != NULL && !shown[i]))
        continue;
      guint n = PIECES_PER_CURVE * ((tg->n_points - 1) / 3);
      DgPoint prev = bezier_at (tg, 0);
      for (guint k = 1; k <= n; k++)
        {
          DgPoint at = bezier_at (tg, (double) k / n);
          Piece piece = { prev, at, i };
          DgBox b = { MIN (prev.x, at.x), MIN (prev.y, at.y), MAX (prev.x, at.x), MAX (prev.y, at.y) };
          prev = at;
          if (!isfinite (b.x0) || !isfinite (b.y0) || !isfinite (b.x1) || !isfinite (b.y1))
            continue;
          g_array_append_val (pg->pieces, piece);
          grid_add (&pg->grid, b);
        }
    }
}

static void
pieces_clear (PieceGrid *pg)
{
  grid_clear (&pg->grid);
  g_array_unref (pg->pieces);
}

/* Whether ties @a and @b are one for the label placer: the same tie, or
 * rows of one label block. */
static gboolean
same_label (const PieceGrid *pg, guint a, guint b)
{
  return a == b || (pg->block_of != NULL && pg->block_of[a] >= 0 && pg->block_of[a] == pg->block_of[b]);
}

/* The distance from @p to the nearest line of a tie other than @tie (and
 * the ties of its label block), or @radius when none is nearer; as soon as
 * one is nearer than @enough, that one's (pass 0 to know the nearest). */
static double
pieces_other_distance_until (const PieceGrid *pg, DgPoint p, guint tie, double radius, double enough)
{
  double other = radius;
  DgBox q = { p.x - radius, p.y - radius, p.x + radius, p.y + radius };
  guint c0, r0, c1, r1;
  grid_span (&pg->grid, &q, &c0, &r0, &c1, &r1);
  for (guint r = r0; r <= r1; r++)
    for (guint c = c0; c <= c1; c++)
      {
        const GArray *cell = pg->grid.cells[(gsize) r * pg->grid.cols + c];
        for (guint i = 0; cell != NULL && i < cell->len; i++)
          {
            guint index = g_array_index (cell, guint, i);
            const Piece *piece = &g_array_index (pg->pieces, Piece, index);
            if (same_label (pg, piece->tie, tie))
              continue;
            /* Nothing in a piece's box is nearer than the box. */
            const DgBox *b = &g_array_index (pg->grid.boxes, DgBox, index);
            if (b->x0 - p.x >= other || p.x - b->x1 >= other || b->y0 - p.y >= other || p.y - b->y1 >= other)
              continue;
            other = MIN (other, point_segment_distance (p, piece->a, piece->b));
            if (other < enough)
              return other;
          }
      }
  return other;
}

static double
pieces_other_distance (const PieceGrid *pg, DgPoint p, guint tie, double radius)
{
  return pieces_other_distance_until (pg, p, tie, radius, 0);
}

/* Tie @tie's own distance from @p, however far: the whole line; @nearest
 * (nullable) receives the point of the line nearest @p. */
static double
own_distance (const DgTieGeometry *tg, DgPoint p, DgPoint *nearest)
{
  guint n = PIECES_PER_CURVE * ((tg->n_points - 1) / 3);
  double best = G_MAXDOUBLE;
  DgPoint prev = bezier_at (tg, 0);
  for (guint k = 1; k <= n; k++)
    {
      DgPoint at = bezier_at (tg, (double) k / n);
      double d = point_segment_distance (p, prev, at);
      if (d < best)
        {
          best = d;
          if (nearest != NULL)
            {
              double dx = at.x - prev.x, dy = at.y - prev.y, len2 = dx * dx + dy * dy;
              double t = len2 > 0 ? CLAMP (((p.x - prev.x) * dx + (p.y - prev.y) * dy) / len2, 0.0, 1.0) : 0.0;
              *nearest = (DgPoint) { prev.x + t * dx, prev.y + t * dy };
            }
        }
      prev = at;
    }
  return best;
}

static const Block *
block_at (const Ctx *c, int k)
{
  g_assert (c->blocks != NULL && k >= 0 && (guint) k < c->blocks->len);
  return &((const Block *) (const void *) c->blocks->data)[k];
}

/* The ties label @i stands for: the rows of its block, or itself (in
 * *@one). */
static const guint *
label_ties (const Ctx *c, guint i, guint *one, guint *n)
{
  if (c->block_of != NULL && c->block_of[i] >= 0)
    {
      const Block *bl = block_at (c, c->block_of[i]);
      *n = bl->n;
      return bl->ties;
    }
  *one = i;
  *n = 1;
  return one;
}

/* How far @p is from the nearest line label @i stands for; @nearest
 * (nullable) receives that line's point nearest @p. */
static double
label_distance (const Ctx *c, guint i, DgPoint p, DgPoint *nearest)
{
  guint one, n;
  const guint *ties = label_ties (c, i, &one, &n);
  double best = G_MAXDOUBLE;
  for (guint k = 0; k < n; k++)
    {
      if (n > 1 && c->only_shown && !tie_shown (c, ties[k], c->stage))
        continue;
      DgPoint at;
      double d = own_distance (&c->geo->ties[ties[k]], p, &at);
      if (d < best)
        {
          best = d;
          if (nearest != NULL)
            *nearest = at;
        }
    }
  return best;
}

/* Where a leader line from label @i's box @b meets its line: the point of
 * its lines nearest the box's centre. */
static DgPoint
leader_anchor (const Ctx *c, guint i, const DgBox *b)
{
  DgPoint centre = { (b->x0 + b->x1) / 2, (b->y0 + b->y1) / 2 }, anchor = centre;
  label_distance (c, i, centre, &anchor);
  return anchor;
}

/* What a label must keep clear of and away from: the parties, the tie ends
 * and the labels placed so far (@taken), and the ties' lines (@pieces). */
typedef struct {
  BoxGrid taken;
  PieceGrid pieces;
} Room;

/* The room of @c's geometry, with @shown (nullable) only what it flags:
 * ties by index, then parties after them. */
static void
room_init (Room *room, const Ctx *c, const gboolean *shown)
{
  const DgGeometry *geo = c->geo;
  grid_init (&room->taken, geo->bbox, geo->n_parties + 3 * geo->n_ties);
  for (guint i = 0; i < geo->n_parties; i++)
    if (geo->parties[i].placed && (shown == NULL || shown[geo->n_ties + i]))
      {
        const DgPartyGeometry *pg = &geo->parties[i];
        DgBox b = { pg->center.x - pg->width / 2, pg->center.y - pg->height / 2,
                    pg->center.x + pg->width / 2, pg->center.y + pg->height / 2 };
        grid_add (&room->taken, b);
      }
  /* End markers: a label's halo must not cover where a tie ends. A marker
   * runs from where the line stops to the tip, as wide as add_arrow()
   * draws it, and a little more. */
  for (guint i = 0; i < geo->n_ties; i++)
    {
      const DgTieGeometry *tg = &geo->ties[i];
      if (!tg->placed || tg->n_points < 4 || (shown != NULL && !shown[i]))
        continue;
      double len_end = hypot (tg->end_tip.x - tg->points[tg->n_points - 1].x,
                              tg->end_tip.y - tg->points[tg->n_points - 1].y);
      double len_start = hypot (tg->start_tip.x - tg->points[0].x, tg->start_tip.y - tg->points[0].y);
      for (int end = 0; end < 2; end++)
        {
          gboolean has = end ? tg->has_end_arrow : tg->has_start_arrow;
          if (!has)
            continue;
          DgPoint base = end ? tg->points[tg->n_points - 1] : tg->points[0];
          DgPoint tip = end ? tg->end_tip : tg->start_tip;
          double r = MAX ((end ? len_end : len_start) * 0.38, tg_width (c, i) * 1.1) + 2;
          grid_add (&room->taken, (DgBox) { MIN (base.x, tip.x) - r, MIN (base.y, tip.y) - r, MAX (base.x, tip.x) + r,
                                            MAX (base.y, tip.y) + r });
        }
    }
  for (guint i = 0; c->group_labels != NULL && i < c->group_labels->len; i++)
    grid_add (&room->taken, g_array_index (c->group_labels, DgBox, i));
  pieces_init (&room->pieces, geo, shown, c->block_of);
}

static void
room_clear (Room *room)
{
  pieces_clear (&room->pieces);
  grid_clear (&room->taken);
}

/* Whether a @w × @h label of tie @i centred at @at, in *@b, lies inside the
 * drawing and free in @room; then *@margin is how much nearer its own tie
 * is than any other (over 0.5: a reader takes it for its own). With
 * @exact FALSE the search for another tie stops at the first near enough
 * to decide that, so *@margin is then only good for that decision. */
static gboolean
try_spot (const Ctx *c, const Room *room, guint i, DgPoint at, double w, double h, gboolean exact, DgBox *b,
          double *margin)
{
  const DgGeometry *geo = c->geo;
  *b = (DgBox) { at.x - w / 2, at.y - h / 2, at.x + w / 2, at.y + h / 2 };
  if (b->x0 < geo->bbox.x0 || b->y0 < geo->bbox.y0 || b->x1 > geo->bbox.x1 || b->y1 > geo->bbox.y1
      || !grid_is_free (&room->taken, b))
    return FALSE;
  double own = label_distance (c, i, at, NULL);
  *margin = pieces_other_distance_until (&room->pieces, at, i, own + 1, exact ? 0 : own + 0.5) - own;
  return TRUE;
}

/* Places tie @i's @w × @h label in @room: Graphviz's spot, then spots
 * beside its own line (each line of its block's) on either side and on it,
 * from the middle outwards; the first that is inside the drawing, free,
 * and nearer its own tie than any other (a reader takes a label for the
 * nearest line's). When no spot is that near, the free spot where its own
 * tie wins by the most; when none is free, the nearest free spot around
 * the first. Those two get a leader line to their tie, at *@leader (else
 * NaN). FALSE when no spot was free: @box is then Graphviz's. */
static gboolean
place_label (const Ctx *c, const Room *room, guint i, double w, double h, DgPoint first, DgBox *box,
             DgPoint *leader)
{
  static const double tries[] = { 0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82, 0.12, 0.88 };
  const DgGeometry *geo = c->geo;
  guint one, n_lines;
  const guint *lines = label_ties (c, i, &one, &n_lines);
  *leader = (DgPoint) { NAN, NAN };
  DgBox best = { first.x - w / 2, first.y - h / 2, first.x + w / 2, first.y + h / 2 };
  gboolean have_fallback = FALSE;
  double fallback_margin = -G_MAXDOUBLE;
  DgBox fallback = best;
  const guint per_line = G_N_ELEMENTS (tries) * 3;
  const guint n_candidates = 1 + per_line * n_lines;
  for (guint k = 0; k < n_candidates; k++)
    {
      DgPoint at = first;
      if (k > 0)
        {
          guint line = lines[(k - 1) / per_line], r = (k - 1) % per_line;
          const DgTieGeometry *tg = &geo->ties[line];
          if (!tg->placed || tg->n_points < 4 || (n_lines > 1 && c->only_shown && !tie_shown (c, line, c->stage)))
            continue;
          double t = tries[r / 3];
          int side = (int) (r % 3); /* 0: one side, 1: the other, 2: on the line */
          DgPoint p = bezier_at (tg, t), a = bezier_at (tg, MAX (t - 0.02, 0.0)), z = bezier_at (tg, MIN (t + 0.02, 1.0));
          double dx = z.x - a.x, dy = z.y - a.y, len = hypot (dx, dy);
          double nx = len > 0 ? -dy / len : 0, ny = len > 0 ? dx / len : 1;
          /* Above a line before below it, left of it before right. */
          if (ny > 0 || (ny == 0 && nx > 0))
            {
              nx = -nx;
              ny = -ny;
            }
          double off = side == 2 ? 0 : fabs (nx) * w / 2 + fabs (ny) * h / 2 + 2 + tg_width (c, line) / 2;
          double sgn = side == 1 ? -1 : 1;
          at = (DgPoint) { p.x + sgn * nx * off, p.y + sgn * ny * off };
        }
      DgBox b;
      double margin;
      if (!try_spot (c, room, i, at, w, h, TRUE, &b, &margin))
        continue;
      if (margin > 0.5)
        {
          *box = b;
          return TRUE;
        }
      if (margin > fallback_margin)
        {
          fallback = b;
          fallback_margin = margin;
          have_fallback = TRUE;
        }
    }
  if (have_fallback)
    {
      /* Nearer another tie: a short leader line to its own says whose
       * label it is. */
      *box = fallback;
      *leader = leader_anchor (c, i, box);
      return TRUE;
    }
  /* Nothing free along the tie: rings around the first spot, the first
   * free one where its own tie is nearest, else the first free one with a
   * leader line. */
  gboolean have_free = FALSE;
  DgBox first_free = best;
  for (guint k = 0; k < 60 * 16; k++)
    {
      guint ring = k / 16 + 1, step = k % 16;
      double a = 2 * G_PI * step / 16, r = ring * 4.0;
      DgPoint at = { first.x + r * cos (a), first.y + r * sin (a) * 0.6 };
      DgBox b;
      double margin;
      if (!try_spot (c, room, i, at, w, h, FALSE, &b, &margin))
        continue;
      if (margin > 0.5)
        {
          *box = b;
          return TRUE;
        }
      if (!have_free)
        {
          first_free = b;
          have_free = TRUE;
        }
    }
  *box = have_free ? first_free : best;
  DgPoint at = { (box->x0 + box->x1) / 2, (box->y0 + box->y1) / 2 };
  double own = label_distance (c, i, at, NULL);
  if (have_free || pieces_other_distance (&room->pieces, at, i, own + 1) <= own + 0.5)
    *leader = leader_anchor (c, i, box);
  return have_free;
}

/* The size of tie @i's label @caption, or of its block's rows (the row of a
 * tie with a @ghosts text, nullable, is that text; with @shown_only, only
 * the rows of ties this figure draws). */
static void
label_size (const Ctx *c, guint i, char *const *captions, char *const *ghosts, gboolean shown_only, double *w,
            double *h)
{
  guint one, n;
  const guint *ties = label_ties (c, i, &one, &n);
  guint rows = 0;
  *w = *h = 0;
  for (guint k = 0; k < n; k++)
    {
      guint t = ties[k];
      if (shown_only && !tie_shown (c, t, c->stage))
        continue;
      const char *text = ghosts != NULL && ghosts[t] != NULL ? ghosts[t] : captions[t];
      if (text == NULL)
        continue;
      rows++;
      const DgTieLook *tl = dg_looks_tie (c->looks, t);
      gboolean bold = tl->font.bold || tl->mark.label_bold;
      double tw, th;
      dg_text_measure (text, tl->font.family, tl->font.size, bold, tl->font.italic, &tw, &th);
      *w = MAX (*w, tw);
      *h += th;
      /* A block keeps its width in every stage: room for the row's ghost
       * ("ended · …") too, where the tie ends within the timeline. */
      const DgTie *tie = dg_graph_tie (c->graph, t);
      if (n > 1 && c->any_ghosts && ghosts != NULL && ghosts[t] == NULL
          && !dg_tie_active_at (tie, dg_graph_n_stages (c->graph) - 1))
        {
          g_autofree char *ghost = g_strconcat (GHOST_PREFIX, text, NULL);
          dg_text_measure (ghost, tl->font.family, tl->font.size, bold, tl->font.italic, &tw, NULL);
          *w = MAX (*w, tw);
        }
    }
  /* Keys before the rows; a row alone is drawn as a plain label. */
  if (n > 1 && (rows > 1 || !shown_only))
    *w += DG_LABEL_KEY_WIDTH;
}

/* Whether label @i is a row of a block other than its first: the block is
 * placed and drawn as its first row's label. */
static gboolean
block_row (const Ctx *c, guint i)
{
  return c->block_of[i] >= 0 && block_at (c, c->block_of[i])->rep != i;
}

/* Whether this figure draws label @i: its tie, or any tie of its block. */
static gboolean
label_shown (const Ctx *c, guint i)
{
  guint one, n;
  const guint *ties = label_ties (c, i, &one, &n);
  for (guint k = 0; k < n; k++)
    if (tie_shown (c, ties[k], c->stage))
      return TRUE;
  return FALSE;
}

static DgPoint
label_first_spot (const DgTieGeometry *tg)
{
  return tg->has_label ? tg->label_center : bezier_at (tg, 0.5);
}

typedef struct {
  guint tie;
  double across;
} Row;

static gint
by_across (gconstpointer a, gconstpointer b)
{
  const Row *x = a, *y = b;
  return x->across < y->across ? -1 : x->across > y->across ? 1 : (x->tie > y->tie) - (x->tie < y->tie);
}

/* Gathers the label blocks (DgTieGeometry.label_in_block) of ties with a
 * caption into c->blocks and c->block_of. A block's rows run in the order
 * of their lines across the line between the two parties, top to bottom
 * (left to right when that line is upright), so the rows read in the
 * order the lines lie. */
static void
find_blocks (Ctx *c, char *const *captions)
{
  const DgGeometry *geo = c->geo;
  c->blocks = g_array_new (FALSE, FALSE, sizeof (Block));
  c->block_of = g_new (int, MAX (geo->n_ties, 1));
  g_autoptr (GHashTable) pairs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint i = 0; i < geo->n_ties; i++)
    {
      c->block_of[i] = -1;
      const DgTieGeometry *tg = &geo->ties[i];
      if (!tg->placed || !tg->label_in_block || captions[i] == NULL || tg->n_points < 4)
        continue;
      const DgTie *tie = dg_graph_tie (c->graph, i);
      gint64 key = ((gint64) MIN (tie->tail, tie->head) << 32) | MAX (tie->tail, tie->head);
      gpointer k;
      if (!g_hash_table_lookup_extended (pairs, &key, NULL, &k))
        {
          k = GUINT_TO_POINTER (members->len);
          g_hash_table_insert (pairs, g_memdup2 (&key, sizeof key), k);
          g_ptr_array_add (members, g_array_new (FALSE, FALSE, sizeof (Row)));
        }
      Row row = { i, 0 };
      g_array_append_val ((GArray *) members->pdata[GPOINTER_TO_UINT (k)], row);
    }
  for (guint k = 0; k < members->len; k++)
    {
      GArray *rows = members->pdata[k];
      if (rows->len < 2)
        continue;
      const DgTie *first = dg_graph_tie (c->graph, g_array_index (rows, Row, 0).tie);
      const DgPartyGeometry *a = &geo->parties[MIN (first->tail, first->head)];
      const DgPartyGeometry *z = &geo->parties[MAX (first->tail, first->head)];
      double dx = z->center.x - a->center.x, dy = z->center.y - a->center.y, len = hypot (dx, dy);
      double nx = len > 0 ? -dy / len : 0, ny = len > 0 ? dx / len : 1;
      if (ny < 0 || (ny == 0 && nx < 0))
        {
          nx = -nx;
          ny = -ny;
        }
      Block bl = { G_MAXUINT, rows->len, g_new (guint, rows->len) };
      for (guint r = 0; r < rows->len; r++)
        {
          Row *row = &g_array_index (rows, Row, r);
          DgPoint mid = bezier_at (&geo->ties[row->tie], 0.5);
          row->across = (mid.x - a->center.x) * nx + (mid.y - a->center.y) * ny;
          /* The block goes where Graphviz put the label it was given. */
          if (bl.rep == G_MAXUINT && geo->ties[row->tie].has_label)
            bl.rep = row->tie;
        }
      if (bl.rep == G_MAXUINT)
        bl.rep = g_array_index (rows, Row, 0).tie;
      g_array_sort (rows, by_across);
      for (guint r = 0; r < rows->len; r++)
        {
          bl.ties[r] = g_array_index (rows, Row, r).tie;
          c->block_of[bl.ties[r]] = (int) c->blocks->len;
        }
      g_array_append_val (c->blocks, bl);
    }
}

static void
blocks_clear (Ctx *c)
{
  for (guint k = 0; c->blocks != NULL && k < c->blocks->len; k++)
    g_free (g_array_index (c->blocks, Block, k).ties);
  g_clear_pointer (&c->blocks, g_array_unref);
  g_clear_pointer (&c->block_of, g_free);
}

/* Whether block @i, placed in @box (with a leader to @leader, or NaN)
 * among the lines of every stage, misleads in this figure, where some of
 * its ties are not drawn: it is more than a row's height from every line
 * of it drawn here (it went by a line of another stage), another tie's
 * line is nearer, or its leader goes to a line not drawn. */
static gboolean
block_misplaced (Ctx *c, const Room *room, guint i, const DgBox *box, DgPoint leader)
{
  guint one, n;
  const guint *ties = label_ties (c, i, &one, &n);
  gboolean all = TRUE;
  for (guint k = 0; k < n; k++)
    all = all && tie_shown (c, ties[k], c->stage);
  if (all)
    return FALSE; /* placed among these very lines */
  DgPoint centre = { (box->x0 + box->x1) / 2, (box->y0 + box->y1) / 2 };
  c->only_shown = TRUE;
  double own = label_distance (c, i, centre, NULL);
  double to_leader = isnan (leader.x) ? 0 : label_distance (c, i, leader, NULL);
  c->only_shown = FALSE;
  double row = dg_looks_tie (c->looks, i)->font.size * 1.2;
  if (own - (box->y1 - box->y0) / 2 > row || to_leader > 0.5)
    return TRUE;
  return isnan (leader.x) && pieces_other_distance (&room->pieces, centre, i, own + 1) <= own + 0.5;
}

/* Where block @i, @h tall, first tries to go in this figure: from where it
 * sat in @box towards the nearest line of it drawn here, until just clear
 * of that line. */
static DgPoint
block_spot (Ctx *c, guint i, const DgBox *box, double h)
{
  DgPoint centre = { (box->x0 + box->x1) / 2, (box->y0 + box->y1) / 2 }, at = centre;
  label_distance (c, i, centre, &at);
  double dx = centre.x - at.x, dy = centre.y - at.y, len = hypot (dx, dy);
  if (len <= 0)
    return centre;
  double away = h / 2 + 3;
  return (DgPoint) { at.x + dx / len * away, at.y + dy / len * away };
}

/* Places tie labels over the whole geometry (every tie, not only the active
 * ones, so a label sits at the same place in every stage), each by
 * place_label(); a label block as one label, where its first row's tie has
 * its label. A label of this figure that found no free spot among
 * everything the timeline ever draws there is placed again among what this
 * figure draws: it may move between stages, but covers nothing. */
static DgBox *
place_labels (Ctx *c, char **captions, char **ghosts, DgPoint **leaders_out)
{
  const DgGeometry *geo = c->geo;
  DgBox *boxes = g_new0 (DgBox, MAX (geo->n_ties, 1));
  DgPoint *leaders = g_new (DgPoint, MAX (geo->n_ties, 1));
  g_autofree gboolean *crowded = g_new0 (gboolean, MAX (geo->n_ties, 1));
  gboolean again = FALSE;
  Room room;
  room_init (&room, c, NULL);
  for (guint i = 0; i < geo->n_ties; i++)
    {
      leaders[i] = (DgPoint) { NAN, NAN };
      const DgTieGeometry *tg = &geo->ties[i];
      if (!tg->placed || captions[i] == NULL || tg->n_points < 4 || block_row (c, i))
        continue;
      double w, h;
      gboolean block = c->block_of[i] >= 0;
      label_size (c, i, captions, block ? ghosts : NULL, FALSE, &w, &h);
      crowded[i] = !place_label (c, &room, i, w, h, label_first_spot (tg), &boxes[i], &leaders[i]) && label_shown (c, i);
      /* A block placed by a line this figure does not draw moves to one
       * it does. */
      crowded[i] |= block && label_shown (c, i) && block_misplaced (c, &room, i, &boxes[i], leaders[i]);
      again |= crowded[i];
      grid_add (&room.taken, boxes[i]);
    }
  room_clear (&room);
  for (guint i = 0; ghosts != NULL && i < geo->n_ties; i++)
    again |= ghosts[i] != NULL && c->block_of[i] < 0;
  if (again)
    {
      /* Among what this figure draws: the crowded labels, then each
       * ghost's label from where its tie's own label sat, after every
       * other, so no other label moves for it. */
      g_autofree gboolean *shown = g_new0 (gboolean, geo->n_ties + geo->n_parties);
      for (guint i = 0; i < geo->n_ties; i++)
        shown[i] = geo->ties[i].placed && tie_shown (c, i, c->stage);
      for (guint i = 0; i < geo->n_parties; i++)
        shown[geo->n_ties + i] = geo->parties[i].placed && party_shown (c, i, c->stage);
      room_init (&room, c, shown);
      for (guint i = 0; i < geo->n_ties; i++)
        if (captions[i] != NULL && !block_row (c, i) && label_shown (c, i) && !crowded[i]
            && (ghosts == NULL || ghosts[i] == NULL || c->block_of[i] >= 0))
          grid_add (&room.taken, boxes[i]);
      c->only_shown = TRUE;
      for (guint i = 0; i < geo->n_ties; i++)
        if (crowded[i] && (ghosts == NULL || ghosts[i] == NULL || c->block_of[i] >= 0))
          {
            double w, h;
            gboolean block = c->block_of[i] >= 0;
            label_size (c, i, captions, block ? ghosts : NULL, TRUE, &w, &h);
            DgPoint first = block ? block_spot (c, i, &boxes[i], h) : label_first_spot (&geo->ties[i]);
            place_label (c, &room, i, w, h, first, &boxes[i], &leaders[i]);
            grid_add (&room.taken, boxes[i]);
          }
      c->only_shown = FALSE;
      for (guint i = 0; ghosts != NULL && i < geo->n_ties; i++)
        {
          const DgTieGeometry *tg = &geo->ties[i];
          if (!tg->placed || ghosts[i] == NULL || tg->n_points < 4 || c->block_of[i] >= 0)
            continue;
          DgPoint first = captions[i] != NULL ? (DgPoint) { (boxes[i].x0 + boxes[i].x1) / 2, (boxes[i].y0 + boxes[i].y1) / 2 }
                                              : label_first_spot (tg);
          /* Where the whole label finds no room, "ended" alone; where that
           * finds none either, the faded line says it without words. */
          double w, h;
          label_size (c, i, ghosts, NULL, FALSE, &w, &h);
          if (!place_label (c, &room, i, w, h, first, &boxes[i], &leaders[i]))
            {
              g_free (ghosts[i]);
              ghosts[i] = g_strdup (GHOST_WORD);
              label_size (c, i, ghosts, NULL, FALSE, &w, &h);
              if (!place_label (c, &room, i, w, h, first, &boxes[i], &leaders[i]))
                {
                  g_clear_pointer (&ghosts[i], g_free);
                  g_clear_pointer (&captions[i], g_free);
                  continue;
                }
            }
          grid_add (&room.taken, boxes[i]);
        }
      room_clear (&room);
    }
  /* Every row of a block where the block went. */
  for (guint i = 0; i < geo->n_ties; i++)
    if (block_row (c, i))
      {
        guint rep = block_at (c, c->block_of[i])->rep;
        boxes[i] = boxes[rep];
        leaders[i] = leaders[rep];
      }
  *leaders_out = leaders;
  return boxes;
}

/* ---- legend ------------------------------------------------------------ */

typedef enum { ENTRY_PARTY, ENTRY_TIE, ENTRY_TERM, ENTRY_CHANGE, ENTRY_VALUE } EntryType;

/* The one ENTRY_VALUE: ties drawn hollow because their value is not stated. */
#define ENTRY_NO_VALUE "not-stated"
/* Its swatch: a hollow band as wide as the shipped themes draw one. */
#define LEGEND_HOLLOW_WIDTH 3.5

typedef struct {
  EntryType type;
  const char *name;
} Entry;

/* How faint a timeline's legend entry is at a stage that does not draw it
 * (its words no fainter than DG_TEXT_CONTRAST allows). */
#define LEGEND_ABSENT_OPACITY 0.3
/* WCAG AA's contrast for text. */
#define DG_TEXT_CONTRAST 4.5

static gboolean
has_entry (const GArray *entries, const Entry *e)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *x = &g_array_index (entries, Entry, i);
      if (x->type == e->type && g_strcmp0 (x->name, e->name) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
add_entry (GArray *entries, EntryType type, const char *name)
{
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = &g_array_index (entries, Entry, i);
      if (e->type == type && g_strcmp0 (e->name, name) == 0)
        return;
    }
  Entry e = { type, name };
  g_array_append_val (entries, e);
}

static gint
entry_compare (gconstpointer a, gconstpointer b)
{
  const Entry *x = a, *y = b;
  if (x->type != y->type)
    return (int) x->type - (int) y->type;
  return g_strcmp0 (x->name, y->name);
}

/* The kinds and styled terms drawn at @stage (every stage when @stage is
 * G_MAXUINT), sorted by type and name. */
static GArray *
legend_entries (const Ctx *c, guint stage)
{
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  for (guint i = 0; i < dg_graph_n_parties (c->graph); i++)
    {
      const DgParty *p = dg_graph_party (c->graph, i);
      if (p->kind != NULL && (stage == G_MAXUINT || party_shown (c, i, stage)))
        add_entry (entries, ENTRY_PARTY, p->kind);
    }
  for (guint i = 0; i < dg_graph_n_ties (c->graph); i++)
    {
      const DgTie *t = dg_graph_tie (c->graph, i);
      /* A ghost's kind is not drawn as such: "ended" explains it. */
      if (stage != G_MAXUINT && !(is_diff (c) ? tie_shown (c, i, stage) : dg_tie_active_at (t, stage)))
        continue;
      if (t->kind != NULL)
        add_entry (entries, ENTRY_TIE, t->kind);
      for (guint k = 0; t->terms[k] != NULL; k++)
        if (dg_theme_term_style (c->theme, t->terms[k]) != NULL)
          add_entry (entries, ENTRY_TERM, t->terms[k]);
      if (dg_looks_tie (c->looks, i)->hollow)
        add_entry (entries, ENTRY_VALUE, ENTRY_NO_VALUE);
    }
  g_array_sort (entries, entry_compare);
  /* A stage figure explains its ghosts: the timeline's legend keeps a place
   * for them if any figure draws one. */
  if (!is_diff (c) && (stage == G_MAXUINT ? c->any_ghosts : ghosts_drawn (c)))
    add_entry (entries, ENTRY_CHANGE, "ended");
  /* A diff figure explains its marks after the kinds, in reading order. */
  static const char *const changes[] = { "began", "changed", "ended" };
  static const DgMark change_marks[] = { DG_MARK_BEGAN, DG_MARK_CHANGED, DG_MARK_ENDED };
  for (guint k = 0; is_diff (c) && k < G_N_ELEMENTS (changes); k++)
    {
      gboolean used = FALSE;
      for (guint i = 0; i < dg_graph_n_parties (c->graph) && !used; i++)
        used = party_mark (c, i) == change_marks[k];
      for (guint i = 0; i < dg_graph_n_ties (c->graph) && !used; i++)
        used = tie_mark (c, i) == change_marks[k];
      if (used)
        add_entry (entries, ENTRY_CHANGE, changes[k]);
    }
  return entries;
}

/* A legend entry's stable id (DgSceneItem.id). */
static char *
entry_id (const Entry *e)
{
  static const char *const types[] = { "party", "tie", "term", "change", "value" };
  return g_strdup_printf ("legend %s:%s", types[e->type], e->name);
}

static char *
entry_text (const Entry *e)
{
  if (e->type == ENTRY_CHANGE)
    return g_strdup (strcmp (e->name, "changed") == 0 ? "changed: old \xe2\x86\x92 new" : e->name);
  if (e->type == ENTRY_VALUE)
    return g_strdup ("amount not stated");
  char *text = g_strdup (e->name);
  g_strdelimit (text, "_", ' ');
  return text;
}

static double
legend_cell_width (const Ctx *c, GArray *all)
{
  double widest = 0;
  for (guint i = 0; i < all->len; i++)
    {
      g_autofree char *text = entry_text (&g_array_index (all, Entry, i));
      double w;
      measure (c, text, c->fs->small_font_size, FALSE, &w, NULL);
      widest = MAX (widest, w);
    }
  return LEGEND_SWATCH + 6 + widest + 14;
}

static gboolean
same_color (DgColor a, DgColor b)
{
  return fabs (a.r - b.r) < 1e-6 && fabs (a.g - b.g) < 1e-6 && fabs (a.b - b.b) < 1e-6 && fabs (a.a - b.a) < 1e-6;
}

/* When every party of @kind has the user's own outline colour (and fill),
 * all the same, the legend shows them: a legend in the theme's colours
 * would name colours the figure does not use. */
static void
party_kind_look (const Ctx *c, const char *kind, DgColor *fill, DgColor *stroke)
{
  gboolean any = FALSE, same_fill = TRUE, same_stroke = TRUE;
  DgColor f = *fill, st = *stroke;
  for (guint i = 0; i < dg_graph_n_parties (c->graph); i++)
    {
      const DgParty *party = dg_graph_party (c->graph, i);
      if (g_strcmp0 (party->kind, kind) != 0)
        continue;
      const DgPartyLook *look = dg_looks_party (c->looks, i);
      gboolean user_fill = dg_attrs_find (&party->attrs, "fillcolor") != NULL;
      gboolean user_stroke = dg_attrs_find (&party->attrs, "color") != NULL;
      same_fill &= user_fill && (!any || same_color (f, look->fill));
      same_stroke &= user_stroke && (!any || same_color (st, look->stroke));
      f = look->fill;
      st = look->stroke;
      any = TRUE;
    }
  if (any && same_fill)
    *fill = f;
  if (any && same_stroke)
    *stroke = st;
}

/* A straight sample of a tie's line drawn as @look with @dash, @len long
 * from (@x, @cy), and its end marker: a legend swatch or a label block's
 * key, with @role on every item it adds (@tie: the tie it stands for, or
 * -1). */
static void
add_sample_line (Ctx *c, DgRole role, int tie, const TieLook *look, DgDash dash, double x, double cy, double len,
                 double opacity)
{
  double x1 = x + len - (look->arrow != DG_ARROW_NONE ? 7 : 0);
  DgSceneItem *item = dg_scene_add_item (c->scene, DG_ITEM_CURVE, role);
  item->tie = tie;
  item->opacity = opacity;
  item->n_points = 4;
  item->points = g_new (DgPoint, 4);
  for (guint k = 0; k < 4; k++)
    item->points[k] = (DgPoint) { x + (x1 - x) * k / 3.0, cy };
  item->stroke = look->color;
  item->fill = transparent ();
  item->line_width = look->width;
  item->dash = dash;
  item->double_line = look->double_line;
  item->core = look->core;
  if (look->arrow == DG_ARROW_NONE)
    return;
  add_arrow (c, tie, (DgPoint) { x1, cy }, (DgPoint) { x + len, cy }, look, opacity);
  /* add_arrow marks its item as a tie's end; here it is part of the sample. */
  DgSceneItem *last = (DgSceneItem *) dg_scene_item (c->scene, dg_scene_n_items (c->scene) - 1);
  if (last->role == DG_ROLE_TIE_ARROW)
    last->role = role;
}

/* The same for the ties of @kind and their colour. */
static void
tie_kind_look (const Ctx *c, const char *kind, DgColor *color)
{
  gboolean any = FALSE, same = TRUE;
  DgColor col = *color;
  for (guint i = 0; i < dg_graph_n_ties (c->graph); i++)
    {
      const DgTie *tie = dg_graph_tie (c->graph, i);
      if (g_strcmp0 (tie->kind, kind) != 0)
        continue;
      const DgTieLook *look = dg_looks_tie (c->looks, i);
      same &= dg_attrs_find (&tie->attrs, "color") != NULL && (!any || same_color (col, look->color));
      col = look->color;
      any = TRUE;
    }
  if (any && same)
    *color = col;
}

static void
add_legend_swatch (Ctx *c, const Entry *e, double x, double y, double h)
{
  double cy = y + h / 2;
  if (e->type == ENTRY_PARTY)
    {
      const DgPartyStyle *ps = dg_theme_party_style (c->theme, e->name);
      DgSceneItem *item = dg_scene_add_item (c->scene, DG_ITEM_SHAPE, DG_ROLE_LEGEND);
      item->shape = ps->shape;
      item->box = (DgBox) { x + 2, cy - 6, x + LEGEND_SWATCH - 2, cy + 6 };
      item->fill = ps->fill;
      item->stroke = ps->stroke;
      item->line_width = ps->stroke_width;
      party_kind_look (c, e->name, &item->fill, &item->stroke);
      return;
    }
  if (e->type == ENTRY_CHANGE)
    {
      DgMark mark = strcmp (e->name, "began") == 0 ? DG_MARK_BEGAN
                    : strcmp (e->name, "ended") == 0 ? DG_MARK_ENDED : DG_MARK_CHANGED;
      const DgChangeStyle *cs = mark_style (c, mark);
      double width = 1.5 * cs->width_factor;
      DgPoint line[4];
      for (guint k = 0; k < 4; k++)
        line[k] = (DgPoint) { x + 2 + (LEGEND_SWATCH - 4) * k / 3.0, cy };
      if (cs->halo.a > 0)
        {
          DgSceneItem *halo = dg_scene_add_item (c->scene, DG_ITEM_CURVE, DG_ROLE_LEGEND);
          halo->n_points = 4;
          halo->points = g_memdup2 (line, sizeof line);
          halo->stroke = cs->halo;
          halo->fill = transparent ();
          halo->line_width = width + 2 * cs->halo_width;
        }
      DgSceneItem *item = dg_scene_add_item (c->scene, DG_ITEM_CURVE, DG_ROLE_LEGEND);
      item->n_points = 4;
      item->points = g_memdup2 (line, sizeof line);
      item->stroke = cs->has_color ? cs->color : c->fs->text;
      item->fill = transparent ();
      item->line_width = width;
      if (cs->has_dash)
        item->dash = cs->dash;
      /* Faded, not translucent: the legend lies on the background. */
      item->opacity = cs->opacity;
      dg_scene_flatten_item (c->scene, dg_scene_n_items (c->scene) - 1);
      if (cs->frame)
        {
          DgSceneItem *frame = dg_scene_add_item (c->scene, DG_ITEM_SHAPE, DG_ROLE_LEGEND);
          frame->shape = DG_SHAPE_BOX;
          frame->box = (DgBox) { x, cy - h * 0.3, x + LEGEND_SWATCH, cy + h * 0.3 };
          frame->fill = transparent ();
          frame->stroke = c->fs->text;
          frame->line_width = 0.6;
        }
      return;
    }
  TieLook look;
  if (e->type == ENTRY_VALUE)
    look = (TieLook) { c->fs->text, { 0 }, LEGEND_HOLLOW_WIDTH, FALSE, DG_ARROW_NONE,
                       dg_style_hollow_core (c->fs->text, c->fs->background) };
  else if (e->type == ENTRY_TIE)
    {
      const DgTieStyle *ts = dg_theme_tie_style (c->theme, e->name);
      look = (TieLook) { ts->color, ts->dash, MIN (ts->width, 2.5), FALSE, ts->arrow, { 0, 0, 0, 0 } };
      tie_kind_look (c, e->name, &look.color);
    }
  else
    {
      const DgTermStyle *term = dg_theme_term_style (c->theme, e->name);
      look = (TieLook) { c->fs->text, { 0 }, 1.5, term->double_line, DG_ARROW_NONE, { 0, 0, 0, 0 } };
      if (term->has_dash)
        look.dash = term->dash;
      if (term->has_color)
        look.color = term->color;
    }
  if (!dg_graph_is_directed (c->graph))
    look.arrow = DG_ARROW_NONE;
  add_sample_line (c, DG_ROLE_LEGEND, -1, &look, look.dash, x, cy, LEGEND_SWATCH, 1.0);
}

/* ---- the figure -------------------------------------------------------- */

static char *
caption_text (const DgStage *stage)
{
  if (stage->date == NULL || strstr (stage->label, stage->date) != NULL)
    return g_strdup (stage->label);
  g_autofree char *date = dg_date_text (stage->date);
  if (strstr (stage->label, date) != NULL)
    return g_strdup (stage->label);
  return g_strdup_printf ("%s (%s)", stage->label, date);
}

static char *
strip_label (const DgStage *stage)
{
  return g_strdup (stage->label);
}

/* Themes give dash patterns for lines up to DASH_WIDTH pt wide; a wider
 * line's pattern grows with it, or its dashes shrink to squares and a
 * thick dashed tie reads as dotted. */
#define DASH_WIDTH 2.0

static DgDash
dash_for_width (DgDash dash, double width)
{
  if (width > DASH_WIDTH)
    for (guint k = 0; k < dash.n && k < G_N_ELEMENTS (dash.on_off); k++)
      dash.on_off[k] *= width / DASH_WIDTH;
  return dash;
}

/* A strike-through line across the middle of a text item, from @skip
 * points into it to its end. */
static void
add_strike_from (Ctx *c, const DgSceneItem *text, double skip)
{
  DgSceneItem *line = dg_scene_add_item (c->scene, DG_ITEM_CURVE, text->role);
  line->party = text->party;
  line->tie = text->tie;
  double y = (text->box.y0 + text->box.y1) / 2, x0 = text->box.x0 + (skip > 0 ? skip : -1), x1 = text->box.x1 + 1;
  line->n_points = 4;
  line->points = g_new (DgPoint, 4);
  for (guint k = 0; k < 4; k++)
    line->points[k] = (DgPoint) { x0 + (x1 - x0) * k / 3.0, y };
  line->stroke = text->stroke;
  line->fill = transparent ();
  line->line_width = MAX (0.6, text->font_size / 12);
  line->opacity = text->opacity;
}

static void
add_strike (Ctx *c, const DgSceneItem *text)
{
  add_strike_from (c, text, 0);
}

/* A tie: its line, arrowheads and the labels Graphviz placed (the theme's
 * label is placed later, with every other). */
static void
add_tie (Ctx *c, guint i, DgPoint graph_off)
{
  const DgGraph *graph = c->graph;
  const DgGeometry *geo = c->geo;
  const DgLooks *looks = c->looks;
  guint stage = c->stage;
  double graph_x = graph_off.x, graph_y = graph_off.y;
  const DgTie *tie = dg_graph_tie (graph, i);
  const DgTieGeometry *tg = &geo->ties[i];
  const DgTieLook *tl = dg_looks_tie (looks, i);
  if (!tg->placed || !tie_shown (c, i, stage) || !tl->visible)
    return;
  /* The look has the change mark in it already (colour, dash, width). */
  TieLook look = tie_look (c, tie);
  const DgMarkLook *mk = &tl->mark;
  double opacity = mk->opacity;
  if (mk->halo.a > 0)
    {
      /* The band goes under the tie, as a highlighter would. */
      DgSceneItem *halo = dg_scene_add_item (c->scene, DG_ITEM_CURVE, DG_ROLE_TIE);
      halo->tie = (int) i;
      halo->n_points = tg->n_points;
      halo->points = g_new (DgPoint, tg->n_points);
      for (guint k = 0; k < tg->n_points; k++)
        halo->points[k] = (DgPoint) { tg->points[k].x + graph_x, tg->points[k].y + graph_y };
      halo->stroke = mk->halo;
      halo->fill = transparent ();
      halo->line_width = look.width + 2 * mk->halo_width;
    }
  const DgColor *mark_pen = mk->marked && dg_theme_change_style (c->theme, mk->kind)->has_color ? &tl->color : NULL;
  add_drawing (c, tg->end_label_draw, DG_ROLE_TIE_LABEL, -1, (int) i, graph_off, opacity, NULL);
  if (!tl->own_label)
    add_drawing (c, tg->label_draw, DG_ROLE_TIE_LABEL, -1, (int) i, graph_off, opacity, NULL);
  if (!tl->own_line)
    {
      add_drawing (c, tg->draw, DG_ROLE_TIE, -1, (int) i, graph_off, opacity, mark_pen);
      if (!tl->own_arrows)
        add_drawing (c, tg->arrow_draw, DG_ROLE_TIE_ARROW, -1, (int) i, graph_off, opacity, mark_pen);
      /* Graphviz's line stops where the arrowhead starts: the theme's
       * arrowheads are drawn from its spline's ends, as for any tie. */
      DgPoint first = { tg->points[0].x + graph_x, tg->points[0].y + graph_y };
      DgPoint last = { tg->points[tg->n_points - 1].x + graph_x, tg->points[tg->n_points - 1].y + graph_y };
      if (tl->own_arrows && tg->has_end_arrow)
        add_arrow (c, (int) i, last, (DgPoint) { tg->end_tip.x + graph_x, tg->end_tip.y + graph_y }, &look, opacity);
      if (tl->own_arrows && tg->has_start_arrow)
        add_arrow (c, (int) i, first, (DgPoint) { tg->start_tip.x + graph_x, tg->start_tip.y + graph_y }, &look,
                   opacity);
      return;
    }
  DgSceneItem *item = dg_scene_add_item (c->scene, DG_ITEM_CURVE, DG_ROLE_TIE);
  item->opacity = opacity;
  item->tie = (int) i;
  item->n_points = tg->n_points;
  item->points = g_new (DgPoint, tg->n_points);
  for (guint k = 0; k < tg->n_points; k++)
    item->points[k] = (DgPoint) { tg->points[k].x + graph_x, tg->points[k].y + graph_y };
  item->stroke = look.color;
  item->fill = transparent ();
  item->line_width = look.width;
  item->dash = dash_for_width (look.dash, look.width);
  item->double_line = look.double_line;
  item->core = look.core;
  DgPoint off = { graph_x, graph_y };
  if (!tl->own_arrows)
    {
      add_drawing (c, tg->arrow_draw, DG_ROLE_TIE_ARROW, -1, (int) i, graph_off, opacity, mark_pen);
      return;
    }
  if (tg->has_end_arrow)
    add_arrow (c, (int) i, item->points[tg->n_points - 1],
               (DgPoint) { tg->end_tip.x + off.x, tg->end_tip.y + off.y }, &look, opacity);
  if (tg->has_start_arrow)
    add_arrow (c, (int) i, item->points[0],
               (DgPoint) { tg->start_tip.x + off.x, tg->start_tip.y + off.y }, &look, opacity);
}

/* A tie that names a port of a record or HTML-like table. */
static gboolean
tie_at_port (const DgTie *tie)
{
  return dg_attrs_find (&tie->attrs, "headport") != NULL || dg_attrs_find (&tie->attrs, "tailport") != NULL;
}

DgScene *
dg_scene_build (const DgGraph *graph, const DgLayout *layout, const DgTheme *theme, guint stage,
                const DgSceneOptions *options)
{
  return dg_scene_build_marked (graph, layout, theme, stage, options, NULL);
}

/* ---- measure and place: where the furniture goes ---------------------- */

/* The figure's rows, measured and placed before anything is emitted. */
typedef struct {
  double width, height;
  const char *title;       /* the title over the figure, or NULL */
  double title_y;
  char *caption;           /* the stage's caption (a diff's own), or NULL */
  double caption_y, caption_h; /* caption_h 0: no caption row */
  char *changes_text;      /* what changed since the stage before, or NULL */
  double changes_y;
  DgPoint graph_off;       /* where the graph's own frame starts */
  GArray *entries;         /* the legend's entries, in their places */
  GArray *active;          /* a timeline's: the entries this stage draws (others are dimmed); NULL: all */
  double cell_w, legend_y, legend_row_h;
  guint legend_cols;
  char **strip_labels;     /* NULL: no timeline strip; else by stage, NULL for a stage not labelled */
  double strip_y, slot;
  guint strip_step;        /* dense strip: every strip_step-th stage is labelled; 0: every one */
  char *credit;            /* the credit line, or NULL */
  double credit_y;
  char *scene_title;       /* the figure's accessible name */
} Frame;

static void
frame_clear (Frame *f, guint n_stages)
{
  g_free (f->caption);
  g_free (f->changes_text);
  g_clear_pointer (&f->entries, g_array_unref);
  g_clear_pointer (&f->active, g_array_unref);
  for (guint s = 0; f->strip_labels != NULL && s < n_stages; s++)
    g_free (f->strip_labels[s]);
  g_free (f->strip_labels);
  g_free (f->credit);
  g_free (f->scene_title);
}

/* Measures every row of the figure and places it, top to bottom: title,
 * caption, what changed, the graph, legend, timeline strip, credit. Every
 * row that could differ between the stages of a timeline (caption width,
 * legend rows, change lists) is sized for the largest stage, so every
 * figure of a timeline has one size and the graph one place. */
static void
measure_frame (Ctx *c, const DgSceneOptions *options, Frame *f)
{
  const DgGraph *graph = c->graph;
  const DgFurnitureStyle *fs = c->fs;
  const DgGeometry *geo = c->geo;
  const DgSceneMarks *marks = c->marks;
  guint stage = c->stage, n_stages = dg_graph_n_stages (graph);
  gboolean timeline = !dg_graph_is_static (graph);
  const double m = fs->margin;
  const double gap = fs->small_font_size * 1.6;

  /* Widths first: the figure is as wide as the widest of its rows. */
  const DgGraphLook *graph_look = dg_looks_graph (c->looks);
  const char *title = options->title && graph_look->own_title ? dg_graph_get_title (graph) : NULL;
  f->title = title;
  double width = geo->bbox.x1 + 2 * m;
  double title_w = 0, title_h = 0;
  if (title != NULL)
    {
      measure (c, title, fs->title_font_size, TRUE, &title_w, &title_h);
      width = MAX (width, title_w + 2 * m);
    }
  double caption_h = 0;
  if (options->caption && timeline && marks != NULL && marks->caption != NULL)
    {
      double w;
      measure (c, marks->caption, fs->caption_font_size, FALSE, &w, &caption_h);
      width = MAX (width, w + 2 * m);
    }
  else if (options->caption && timeline)
    for (guint s = 0; s < n_stages; s++)
      {
        g_autofree char *text = caption_text (dg_graph_stage (graph, s));
        double w;
        measure (c, text, fs->caption_font_size, FALSE, &w, &caption_h);
        width = MAX (width, w + 2 * m);
      }
  if (options->timeline && timeline)
    width = MAX (width, MIN (n_stages, STRIP_FULL_STAGES) * STRIP_SLOT_MIN + 2 * m);
  g_autoptr (GArray) all_entries = legend_entries (c, G_MAXUINT);
  double cell_w = legend_cell_width (c, all_entries);
  if (options->legend && all_entries->len > 0)
    width = MAX (width, MIN (cell_w * all_entries->len, cell_w * 3) + 2 * m);
  width = ceil (width);

  /* Then heights, top to bottom. */
  double y = m;
  f->title_y = y;
  if (title != NULL)
    y += title_h + 4;
  f->caption_y = y;
  f->caption_h = caption_h;
  if (caption_h > 0)
    y += caption_h;
  /* What changed since the stage before, under the caption: as tall as the
   * longest list of the timeline, so every figure keeps one size. */
  f->changes_y = y;
  if (options->changes && timeline && !is_diff (c))
    {
      double most = 0;
      for (guint s = 0; s < n_stages; s++)
        {
          g_auto (GStrv) lines = dg_diff_caption_lines (graph, s);
          GString *block = g_string_new (NULL);
          if (lines[0] != NULL)
            g_string_append_printf (block, "Since \xe2\x80\x9c%s\xe2\x80\x9d:", dg_graph_stage (graph, s - 1)->label);
          for (guint i = 0; lines[i] != NULL; i++)
            {
              g_autofree char *item = g_strdup_printf ("\xe2\x80\xa2 %s", lines[i]);
              g_autofree char *wrapped = wrap (c, item, fs->small_font_size, FALSE, width - 2 * m);
              g_string_append_printf (block, "%s%s", block->len > 0 ? "\n" : "", wrapped);
            }
          double h = 0;
          if (block->len > 0)
            measure (c, block->str, fs->small_font_size, FALSE, NULL, &h);
          most = MAX (most, h);
          if (s == stage)
            f->changes_text = g_strdup (block->str);
          g_string_free (block, TRUE);
        }
      if (most > 0)
        y += 4 + most;
    }
  if (title != NULL || caption_h > 0)
    y += gap;
  f->graph_off = (DgPoint) { floor ((width - geo->bbox.x1) / 2), y };
  y += geo->bbox.y1;

  f->legend_row_h = fs->small_font_size * 2.0;
  f->cell_w = cell_w;
  f->legend_cols = MAX (1, (guint) ((width - 2 * m) / cell_w));
  /* A timeline's legend is laid out once, from every kind and term of the
   * whole timeline, so no entry moves between figures or animation frames;
   * a stage dims the entries it does not draw. A diff figure lists its own
   * entries and marks. */
  if (timeline && !is_diff (c))
    {
      f->entries = legend_entries (c, G_MAXUINT);
      f->active = legend_entries (c, stage);
    }
  else
    f->entries = legend_entries (c, stage);
  if (options->legend && all_entries->len > 0)
    {
      y += gap;
      f->legend_y = y;
      y += ceil ((double) f->entries->len / f->legend_cols) * f->legend_row_h;
    }

  if (options->timeline && timeline)
    {
      double strip_label_h = 0;
      f->slot = (width - 2 * m) / n_stages;
      f->strip_labels = g_new0 (char *, n_stages + 1);
      if (f->slot >= STRIP_SLOT_MIN)
        for (guint s = 0; s < n_stages; s++)
          {
            g_autofree char *text = strip_label (dg_graph_stage (graph, s));
            f->strip_labels[s] = wrap (c, text, fs->small_font_size, TRUE, f->slot - 6);
            double h;
            measure (c, f->strip_labels[s], fs->small_font_size, TRUE, NULL, &h);
            strip_label_h = MAX (strip_label_h, h);
          }
      else
        {
          /* Dense: every step-th stage and the current one, in two lines
           * at most, so the row's height needs no stage measured. */
          f->strip_step = (guint) ceil (STRIP_SLOT_MIN / f->slot);
          const double label_w = STRIP_SLOT_MIN - 6;
          for (guint s = 0; s < n_stages; s++)
            if (s == stage || s % f->strip_step == 0)
              {
                g_autofree char *text = strip_label (dg_graph_stage (graph, s));
                f->strip_labels[s] = wrap_lines (c, text, fs->small_font_size, TRUE, label_w, 2);
              }
          measure (c, "Xg\nXg", fs->small_font_size, TRUE, NULL, &strip_label_h);
        }
      y += gap;
      f->strip_y = y + STRIP_CURRENT;
      y = f->strip_y + STRIP_CURRENT + 4 + strip_label_h;
    }

  const char *source = options->credit ? dg_graph_get_source (graph) : NULL;
  if (source != NULL)
    {
      g_autofree char *text = g_strdup_printf ("Source: %s", source);
      f->credit = wrap (c, text, fs->small_font_size, FALSE, width - 2 * m);
      double h;
      measure (c, f->credit, fs->small_font_size, FALSE, NULL, &h);
      y += gap * 0.75;
      f->credit_y = y;
      y += h;
    }
  f->width = width;
  f->height = ceil (y + m);

  const DgStage *st = dg_graph_stage (graph, stage);
  f->caption = !timeline ? NULL
               : marks != NULL && marks->caption != NULL ? g_strdup (marks->caption)
                                                         : caption_text (st);
  /* Plain DOT draws its label where Graphviz put it, not as a title; it
   * still names the figure. */
  const char *name = title != NULL ? title : options->title ? dg_graph_get_title (graph) : NULL;
  if (name != NULL && f->caption != NULL)
    f->scene_title = g_strdup_printf ("%s — %s", name, f->caption);
  else
    f->scene_title = g_strdup (name != NULL ? name : f->caption != NULL ? f->caption : dg_graph_get_name (graph));
}

/* ---- emit: the graph, then the furniture --------------------------------- */

/* Whether a line or an end marker of a tie of @c's geometry (with @shown
 * only those drawn at this stage) or a party meets @b. */
static gboolean
spot_taken (const Ctx *c, const DgBox *b, gboolean shown)
{
  const DgGeometry *geo = c->geo;
  for (guint i = 0; i < geo->n_parties; i++)
    {
      const DgPartyGeometry *pg = &geo->parties[i];
      DgBox pb = { pg->center.x - pg->width / 2, pg->center.y - pg->height / 2, pg->center.x + pg->width / 2,
                   pg->center.y + pg->height / 2 };
      if (pg->placed && (!shown || party_shown (c, i, c->stage)) && boxes_overlap (b, &pb))
        return TRUE;
    }
  for (guint i = 0; i < geo->n_ties; i++)
    {
      const DgTieGeometry *tg = &geo->ties[i];
      if (!tg->placed || tg->n_points < 4 || (shown && !tie_shown (c, i, c->stage)))
        continue;
      if ((tg->has_end_arrow && dg_segment_meets_box (tg->points[tg->n_points - 1], tg->end_tip, b))
          || (tg->has_start_arrow && dg_segment_meets_box (tg->points[0], tg->start_tip, b)))
        return TRUE;
      guint n = 16 * ((tg->n_points - 1) / 3);
      DgPoint prev = bezier_at (tg, 0);
      for (guint k = 1; k <= n; k++)
        {
          DgPoint at = bezier_at (tg, (double) k / n);
          if (dg_segment_meets_box (prev, at, b))
            return TRUE;
          prev = at;
        }
    }
  return FALSE;
}

/* Where the label of group @gg, @w × @h points, goes (its centre x and top
 * y, in @x and @y0): a group's label names the group, so no line may cross
 * it. Graphviz left room across the group's top; the label takes its
 * middle, else its left or right end, else any spot along it, nearest the
 * middle first; else the same along the inside of the group's bottom edge,
 * or just outside its top or bottom edge: the first spot no tie crosses at
 * any stage, else at this one. If every spot is crossed, Graphviz's. */
static void
group_label_spot (const Ctx *c, const DgGroupGeometry *gg, double w, double h, double *x, double *y0)
{
  const double pad = 6;
  /* Along each edge: the middle, the two ends, then every 4 pt outwards
   * from the middle. */
  double lo = gg->box.x0 + pad + w / 2, hi = gg->box.x1 - pad - w / 2;
  guint n_xs = 3 + (hi > lo ? (guint) ((hi - lo) / 4) + 1 : 0);
  g_autofree double *xs = g_new (double, n_xs);
  xs[0] = gg->label_center.x;
  xs[1] = lo;
  xs[2] = hi;
  for (guint k = 3; k < n_xs; k++)
    {
      guint step = (k - 3) / 2 + 1;
      xs[k] = gg->label_center.x + ((k - 3) % 2 == 0 ? -1.0 : 1.0) * 4.0 * step;
    }
  double top = MAX (gg->label_center.y - h / 2, gg->box.y0 + 2);
  double ys[4] = { top, gg->box.y1 - 2 - h, gg->box.y0 - 2 - h, gg->box.y1 + 2 };
  *x = xs[0];
  *y0 = top;
  for (int shown = 0; shown < 2; shown++)
    for (guint j = 0; j < G_N_ELEMENTS (ys); j++)
      for (guint k = 0; k < n_xs; k++)
        {
          /* With a point of clear space round the letters. */
          DgBox b = { xs[k] - w / 2 - 1, ys[j] - 1, xs[k] + w / 2 + 1, ys[j] + h + 1 };
          if (b.x0 < gg->box.x0 || b.x1 > gg->box.x1 || b.y0 < c->geo->bbox.y0 || b.y1 > c->geo->bbox.y1
              || spot_taken (c, &b, shown))
            continue;
          gboolean near_label = FALSE;
          for (guint i = 0; c->group_labels != NULL && i < c->group_labels->len && !near_label; i++)
            near_label = boxes_overlap (&b, &g_array_index (c->group_labels, DgBox, i));
          if (near_label)
            continue;
          *x = xs[k];
          *y0 = ys[j];
          return;
        }
}

/* Groups that hold an active party. */
static void
emit_groups (Ctx *c, DgPoint graph_off)
{
  const DgGraph *graph = c->graph;
  const DgGeometry *geo = c->geo;
  double graph_x = graph_off.x, graph_y = graph_off.y;
  for (guint i = 0; i < geo->n_groups; i++)
    {
      const DgGroupGeometry *gg = &geo->groups[i];
      gboolean used = FALSE;
      for (guint p = 0; p < dg_graph_n_parties (graph) && !used; p++)
        {
          const DgParty *party = dg_graph_party (graph, p);
          for (int g = party->group; g >= 0 && !used; g = dg_graph_group (graph, (guint) g)->parent)
            used = g == (int) i && party_shown (c, p, c->stage) && geo->parties[p].placed;
        }
      if (!gg->placed || !used)
        continue;
      const DgGroupLook *gl = dg_looks_group (c->looks, i);
      if (!gl->visible)
        continue;
      guint first = dg_scene_n_items (c->scene);
      g_autofree char *id = g_strdup_printf ("group %s", dg_graph_group (graph, i)->id);
      if (!gl->own)
        {
          add_drawing (c, gg->draw, DG_ROLE_GROUP, -1, -1, graph_off, 1.0, NULL);
          add_drawing (c, gg->label_draw, DG_ROLE_GROUP_LABEL, -1, -1, graph_off, 1.0, NULL);
          dg_scene_tag_items (c->scene, first, id);
          continue;
        }
      DgSceneItem *box = dg_scene_add_item (c->scene, DG_ITEM_SHAPE, DG_ROLE_GROUP);
      box->shape = gl->rounded ? DG_SHAPE_ROUNDED : DG_SHAPE_BOX;
      box->box = (DgBox) { gg->box.x0 + graph_x, gg->box.y0 + graph_y, gg->box.x1 + graph_x, gg->box.y1 + graph_y };
      box->fill = gl->fill;
      box->stroke = gl->stroke;
      box->line_width = gl->pen_width;
      box->dash = gl->dash;
      const DgGroup *group = dg_graph_group (graph, i);
      if (group->label != NULL && gg->has_label)
        {
          double w, h;
          dg_text_measure (group->label, gl->font.family, gl->font.size, gl->font.bold, gl->font.italic, &w, &h);
          double x, y0;
          group_label_spot (c, gg, w, h, &x, &y0);
          if (c->group_labels != NULL)
            {
              DgBox clear = { x - w / 2 - 2, y0 - 1, x + w / 2 + 2, y0 + h + 1 };
              g_array_append_val (c->group_labels, clear);
            }
          DgSceneItem *t = add_text_font (c, DG_ROLE_GROUP_LABEL, group->label, x + graph_x, y0 + graph_y, &gl->font,
                                          gl->font.bold, DG_ALIGN_CENTER);
          t->box.y1 = t->box.y0 + h;
        }
      dg_scene_tag_items (c->scene, first, id);
    }
}

/* The active parties: dealgraph's own outline and label, or Graphviz's
 * drawing of them. */
static void
emit_parties (Ctx *c, DgPoint graph_off)
{
  const DgGeometry *geo = c->geo;
  double graph_x = graph_off.x, graph_y = graph_off.y;
  for (guint i = 0; i < geo->n_parties; i++)
    {
      const DgPartyGeometry *pg = &geo->parties[i];
      if (!pg->placed || !party_shown (c, i, c->stage))
        continue;
      const DgPartyLook *pl = dg_looks_party (c->looks, i);
      if (!pl->visible)
        continue;
      const DgMarkLook *mk = &pl->mark;
      double cx = pg->center.x + graph_x, cy = pg->center.y + graph_y;
      DgBox box = { cx - pg->width / 2, cy - pg->height / 2, cx + pg->width / 2, cy + pg->height / 2 };
      if (mk->halo.a > 0)
        {
          DgSceneItem *halo = dg_scene_add_item (c->scene, DG_ITEM_SHAPE, DG_ROLE_PARTY);
          halo->party = (int) i;
          halo->shape = pl->own ? pl->dg_shape : DG_SHAPE_ROUNDED;
          double d = mk->halo_width + pl->pen_width;
          halo->box = (DgBox) { box.x0 - d, box.y0 - d, box.x1 + d, box.y1 + d };
          halo->fill = mk->halo;
          halo->stroke = transparent ();
        }
      if (!pl->own)
        {
          /* Graphviz's drawing: records, HTML-like tables, its other shapes. */
          gboolean recolour = mk->marked && dg_theme_change_style (c->theme, mk->kind)->has_color;
          add_drawing (c, pg->draw, DG_ROLE_PARTY, (int) i, -1, graph_off, mk->opacity,
                       recolour ? &pl->stroke : NULL);
          add_drawing (c, pg->label_draw, DG_ROLE_PARTY_LABEL, (int) i, -1, graph_off, mk->opacity, NULL);
          continue;
        }
      DgSceneItem *item = dg_scene_add_item (c->scene, DG_ITEM_SHAPE, DG_ROLE_PARTY);
      item->party = (int) i;
      item->shape = pl->dg_shape;
      item->box = box;
      item->fill = pl->fill;
      item->stroke = pl->stroke;
      item->line_width = pl->pen_width;
      item->dash = pl->dash;
      item->opacity = mk->opacity;
      gboolean bold = pl->font.bold || mk->label_bold;
      if (pl->label[0] == '\0')
        continue;
      double h;
      dg_text_measure (pl->label, pl->font.family, pl->font.size, bold, pl->font.italic, NULL, &h);
      DgSceneItem *label = add_text_font (c, DG_ROLE_PARTY_LABEL, pl->label, cx, cy - h / 2, &pl->font, bold,
                                          DG_ALIGN_CENTER);
      label->party = (int) i;
      label->opacity = item->opacity;
      if (mk->strike)
        add_strike (c, label);
    }
}

/* The theme's tie labels, in the boxes the placer found for them. */
/* A thin line in the tie's colour from the edge of label box @b to @anchor
 * on the tie's own line (geometry coordinates; @off moves them into the
 * figure). */
static void
add_leader (Ctx *c, guint tie, const DgBox *b, DgPoint anchor, DgPoint off)
{
  DgPoint centre = { (b->x0 + b->x1) / 2, (b->y0 + b->y1) / 2 };
  double dx = anchor.x - centre.x, dy = anchor.y - centre.y;
  double hw = (b->x1 - b->x0) / 2 + 1, hh = (b->y1 - b->y0) / 2 + 1;
  double t = MIN (fabs (dx) > 0 ? hw / fabs (dx) : G_MAXDOUBLE, fabs (dy) > 0 ? hh / fabs (dy) : G_MAXDOUBLE);
  if (!(t < 1))
    return; /* the anchor is under the label itself */
  DgPoint from = { centre.x + dx * t, centre.y + dy * t };
  const DgTieLook *look = dg_looks_tie (c->looks, tie);
  DgSceneItem *line = dg_scene_add_item (c->scene, DG_ITEM_CURVE, DG_ROLE_TIE_LABEL);
  line->tie = (int) tie;
  line->n_points = 4;
  line->points = g_new (DgPoint, 4);
  for (guint k = 0; k < 4; k++)
    line->points[k] = (DgPoint) { from.x + (anchor.x - from.x) * k / 3.0 + off.x,
                                  from.y + (anchor.y - from.y) * k / 3.0 + off.y };
  line->stroke = look->color;
  line->fill = transparent ();
  line->line_width = 0.6;
  line->opacity = look->mark.marked ? look->mark.opacity : 1.0;
}

/* Tie @i's label @label as its change mark has it: faded, struck through,
 * framed; @caption is its text. */
static void
dress_label (Ctx *c, guint i, DgSceneItem *label, const char *caption)
{
  const DgTieLook *tl = dg_looks_tie (c->looks, i);
  const DgMarkLook *mk = &tl->mark;
  label->tie = (int) i;
  label->fill = c->fs->label_background;
  if (!mk->marked)
    return;
  label->opacity = mk->opacity;
  if (mk->halo.a > 0 && mk->frame)
    label->fill = mk->halo;
  /* A ghost's "ended · " is what is said of the old label, which alone
   * is struck through; "ended" struck through would read "not ended". */
  gboolean ghost = !is_diff (c) && tie_mark (c, i) == DG_MARK_ENDED;
  double skip = 0;
  if (ghost && g_str_has_prefix (caption, GHOST_PREFIX))
    dg_text_measure (GHOST_PREFIX, tl->font.family, tl->font.size, label->bold, tl->font.italic, &skip, NULL);
  if (mk->strike && !(ghost && strcmp (caption, GHOST_WORD) == 0))
    add_strike_from (c, label, skip);
  if (mk->frame)
    {
      DgSceneItem *frame = dg_scene_add_item (c->scene, DG_ITEM_SHAPE, DG_ROLE_TIE_LABEL);
      frame->tie = (int) i;
      frame->shape = DG_SHAPE_BOX;
      frame->box = (DgBox) { label->box.x0 - 2, label->box.y0 - 1, label->box.x1 + 2, label->box.y1 + 1 };
      frame->fill = transparent ();
      frame->stroke = c->fs->text;
      frame->line_width = 0.6;
      frame->opacity = mk->opacity;
    }
}

/* The key of tie @i's row in a label block: a sample of its line, @len
 * long from (@x, @cy), with its end marker, as the legend draws a kind. */
static void
add_key (Ctx *c, guint i, double x, double cy, double len)
{
  const DgTieLook *tl = dg_looks_tie (c->looks, i);
  TieLook look = tie_look (c, dg_graph_tie (c->graph, i));
  look.width = look.core.a > 0 ? LEGEND_HOLLOW_WIDTH : MIN (look.width, 3.0);
  if (!dg_graph_is_directed (c->graph))
    look.arrow = DG_ARROW_NONE;
  add_sample_line (c, DG_ROLE_TIE_KEY, (int) i, &look, dash_for_width (look.dash, look.width), x, cy, len,
                   tl->mark.marked ? tl->mark.opacity : 1.0);
}

/* Block @bl in @b: the rows of the ties this figure draws, each after its
 * key, at the end of @b nearer their lines (the block is as tall as the
 * rows of every stage); a row alone, as a plain label. The leader, if
 * any, runs from the block to @leader on the nearest of its lines, in that
 * line's colour. The items carry the id "label-block N" (N: the block's
 * first tie), the same in every figure. */
static void
emit_block (Ctx *c, const Block *bl, char **captions, const DgBox *b, DgPoint leader, DgPoint off)
{
  guint from = dg_scene_n_items (c->scene);
  guint n_rows = 0;
  double height = 0, near_y = G_MAXDOUBLE, best = G_MAXDOUBLE, nearest_line = G_MAXDOUBLE;
  guint nearest = bl->rep;
  DgPoint centre = { (b->x0 + b->x1) / 2, (b->y0 + b->y1) / 2 };
  for (guint k = 0; k < bl->n; k++)
    {
      guint t = bl->ties[k];
      if (captions[t] == NULL || !tie_shown (c, t, c->stage))
        continue;
      const DgTieLook *tl = dg_looks_tie (c->looks, t);
      double h;
      dg_text_measure (captions[t], tl->font.family, tl->font.size, tl->font.bold || tl->mark.label_bold,
                       tl->font.italic, NULL, &h);
      height += h;
      n_rows++;
      DgPoint at;
      double d = own_distance (&c->geo->ties[t], centre, &at);
      if (d < nearest_line)
        {
          nearest_line = d;
          near_y = at.y;
        }
      if (!isnan (leader.x) && (d = own_distance (&c->geo->ties[t], leader, NULL)) < best)
        {
          best = d;
          nearest = t;
        }
    }
  if (n_rows == 0)
    return;
  if (!isnan (leader.x))
    add_leader (c, nearest, b, leader, off);
  double y = near_y >= centre.y ? b->y1 - height : b->y0;
  for (guint k = 0; k < bl->n; k++)
    {
      guint t = bl->ties[k];
      if (captions[t] == NULL || !tie_shown (c, t, c->stage))
        continue;
      const DgTieLook *tl = dg_looks_tie (c->looks, t);
      gboolean bold = tl->font.bold || tl->mark.label_bold;
      double w, h;
      dg_text_measure (captions[t], tl->font.family, tl->font.size, bold, tl->font.italic, &w, &h);
      DgSceneItem *label;
      if (n_rows > 1)
        {
          add_key (c, t, b->x0 + off.x, y + h / 2 + off.y, DG_LABEL_KEY_WIDTH - 6);
          label = add_text_font (c, DG_ROLE_TIE_LABEL, captions[t], b->x0 + DG_LABEL_KEY_WIDTH + off.x, y + off.y,
                                 &tl->font, bold, DG_ALIGN_LEFT);
        }
      else
        label = add_text_font (c, DG_ROLE_TIE_LABEL, captions[t], centre.x + off.x, y + off.y, &tl->font, bold,
                               DG_ALIGN_CENTER);
      dress_label (c, t, label, captions[t]);
      y += h;
    }
  g_autofree char *id = g_strdup_printf ("label-block %u", bl->rep);
  dg_scene_tag_items (c->scene, from, id);
}

static void
emit_tie_labels (Ctx *c, char **captions, const DgBox *label_boxes, const DgPoint *leaders, DgPoint graph_off)
{
  const DgGeometry *geo = c->geo;
  for (guint i = 0; i < geo->n_ties; i++)
    {
      if (c->block_of[i] >= 0)
        {
          const Block *bl = block_at (c, c->block_of[i]);
          if (bl->rep == i && label_shown (c, i))
            emit_block (c, bl, captions, &label_boxes[i], leaders[i], graph_off);
          continue;
        }
      if (captions[i] == NULL || !tie_shown (c, i, c->stage))
        continue;
      const DgTieLook *tl = dg_looks_tie (c->looks, i);
      const DgBox *b = &label_boxes[i];
      if (!isnan (leaders[i].x))
        add_leader (c, i, b, leaders[i], graph_off);
      DgSceneItem *label = add_text_font (c, DG_ROLE_TIE_LABEL, captions[i], (b->x0 + b->x1) / 2 + graph_off.x,
                                          b->y0 + graph_off.y, &tl->font, tl->font.bold || tl->mark.label_bold,
                                          DG_ALIGN_CENTER);
      dress_label (c, i, label, captions[i]);
    }
}

/* The graph: its label where Graphviz put it (plain DOT), groups, ties
 * under the parties, parties, ties that end inside a party, tie labels. */
static void
emit_graph (Ctx *c, const DgSceneOptions *options, DgPoint graph_off)
{
  const DgGraph *graph = c->graph;
  const DgGeometry *geo = c->geo;
  const DgSceneMarks *marks = c->marks;
  if (!dg_looks_graph (c->looks)->own_title && options->title)
    add_drawing (c, geo->label_draw, DG_ROLE_TITLE, -1, -1, graph_off, 1.0, NULL);
  g_autoptr (GArray) group_labels = g_array_new (FALSE, FALSE, sizeof (DgBox));
  c->group_labels = group_labels;
  emit_groups (c, graph_off);

  /* Place the theme's tie labels first: the placer sees every tie. */
  g_autofree char **captions = g_new0 (char *, MAX (geo->n_ties, 1) + 1);
  g_autofree char **ghosts = g_new0 (char *, MAX (geo->n_ties, 1) + 1);
  for (guint i = 0; i < geo->n_ties; i++)
    if (geo->ties[i].placed && !geo->ties[i].label_hidden && dg_looks_tie (c->looks, i)->own_label
        && dg_looks_tie (c->looks, i)->visible)
      {
        captions[i] = is_diff (c) && marks->tie_labels[i] != NULL ? g_strdup (marks->tie_labels[i])
                                                                 : dg_tie_caption (graph, dg_graph_tie (graph, i));
        /* A ghost says that it ended, where its label was. */
        if (!is_diff (c) && tie_mark (c, i) == DG_MARK_ENDED)
          ghosts[i] = captions[i] != NULL ? g_strconcat (GHOST_PREFIX, captions[i], NULL) : g_strdup (GHOST_WORD);
      }
  find_blocks (c, captions);
  g_autofree DgPoint *leaders = NULL;
  g_autofree DgBox *label_boxes = place_labels (c, captions, ghosts, &leaders);
  for (guint i = 0; i < geo->n_ties; i++)
    if (ghosts[i] != NULL)
      {
        g_free (captions[i]);
        captions[i] = g_steal_pointer (&ghosts[i]);
      }
  /* Ties end at a party's outline and go under the parties; one that ends
   * at a port inside a record or table goes over them, or the party would
   * hide where it ends. */
  for (guint i = 0; i < geo->n_ties; i++)
    if (!tie_at_port (dg_graph_tie (graph, i)))
      add_tie (c, i, graph_off);
  emit_parties (c, graph_off);
  for (guint i = 0; i < geo->n_ties; i++)
    if (tie_at_port (dg_graph_tie (graph, i)))
      add_tie (c, i, graph_off);
  emit_tie_labels (c, captions, label_boxes, leaders, graph_off);
  blocks_clear (c);
  for (guint i = 0; i < geo->n_ties; i++)
    g_free (captions[i]);
  c->group_labels = NULL;
  /* A ghost is faded towards the background rather than drawn translucent:
   * the same look on the figure's background, without a cairo group for
   * each item (which cairo 1.16's SVG writer reads uninitialised memory in;
   * see dg_scene_fade_items()). */
  for (guint k = 0; !is_diff (c) && c->marks != NULL && k < dg_scene_n_items (c->scene); k++)
    {
      const DgSceneItem *item = dg_scene_item (c->scene, k);
      if (item->tie >= 0 && tie_mark (c, (guint) item->tie) == DG_MARK_ENDED && item->opacity < 1.0)
        dg_scene_flatten_item (c->scene, k);
    }
}

/* The furniture, where measure_frame() placed it. */
static void
emit_furniture (Ctx *c, const DgSceneOptions *options, const Frame *f)
{
  const DgFurnitureStyle *fs = c->fs;
  const DgSceneMarks *marks = c->marks;
  guint stage = c->stage, n_stages = dg_graph_n_stages (c->graph);
  const double m = fs->margin;
  if (f->title != NULL)
    add_text (c, DG_ROLE_TITLE, f->title, m, f->title_y, fs->title_font_size, TRUE, fs->text, DG_ALIGN_LEFT);
  if (f->caption_h > 0)
    {
      DgSceneItem *t = add_text (c, DG_ROLE_CAPTION, f->caption, m, f->caption_y, fs->caption_font_size, FALSE,
                                 fs->text, DG_ALIGN_LEFT);
      t->stage = (int) stage;
    }
  if (f->changes_text != NULL && f->changes_text[0] != '\0')
    {
      DgSceneItem *t = add_text (c, DG_ROLE_CAPTION, f->changes_text, m, f->changes_y + 4, fs->small_font_size, FALSE,
                                 fs->text, DG_ALIGN_LEFT);
      t->stage = (int) stage;
    }
  if (options->legend)
    for (guint i = 0; i < f->entries->len; i++)
      {
        const Entry *e = &g_array_index (f->entries, Entry, i);
        double x = m + (i % f->legend_cols) * f->cell_w;
        double ry = f->legend_y + (i / f->legend_cols) * f->legend_row_h;
        guint first = dg_scene_n_items (c->scene);
        add_legend_swatch (c, e, x, ry, f->legend_row_h);
        /* An entry the stage does not draw is faint, but its words stay
         * readable: AA's 4.5:1 against the background. */
        const gboolean absent = f->active != NULL && !has_entry (f->active, e);
        if (absent)
          dg_scene_fade_items (c->scene, first, LEGEND_ABSENT_OPACITY);
        DgColor color = absent ? dg_color_fade_readable (fs->text, dg_scene_get_background (c->scene),
                                                         LEGEND_ABSENT_OPACITY, DG_TEXT_CONTRAST)
                               : fs->text;
        g_autofree char *text = entry_text (e);
        double h;
        measure (c, text, fs->small_font_size, FALSE, NULL, &h);
        add_text (c, DG_ROLE_LEGEND_LABEL, text, x + LEGEND_SWATCH + 6, ry + (f->legend_row_h - h) / 2,
                  fs->small_font_size, FALSE, color, DG_ALIGN_LEFT);
        g_autofree char *id = entry_id (e);
        dg_scene_tag_items (c->scene, first, id);
      }
  if (f->strip_labels != NULL)
    {
      DgSceneItem *line = dg_scene_add_item (c->scene, DG_ITEM_CURVE, DG_ROLE_TIMELINE);
      double x0 = m + f->slot / 2, x1 = f->width - m - f->slot / 2;
      line->n_points = 4;
      line->points = g_new (DgPoint, 4);
      for (guint k = 0; k < 4; k++)
        line->points[k] = (DgPoint) { x0 + (x1 - x0) * k / 3.0, f->strip_y };
      line->stroke = fs->muted;
      line->fill = transparent ();
      line->line_width = 1.0;
      /* A dense strip's current label hides the labels it would touch. */
      double current_x0 = 0, current_x1 = 0;
      if (f->strip_step > 0)
        {
          double w = 0, x = m + f->slot * (stage + 0.5);
          measure (c, f->strip_labels[stage], fs->small_font_size, TRUE, &w, NULL);
          current_x0 = x - w / 2 - 4;
          current_x1 = x + w / 2 + 4;
        }
      for (guint s = 0; s < n_stages; s++)
        {
          gboolean current = s == stage || (is_diff (c) && s == marks->from);
          if (f->strip_labels[s] == NULL && !current)
            continue;
          double x = m + f->slot * (s + 0.5), r = current ? STRIP_CURRENT : STRIP_DOT;
          if (f->strip_step > 0 && !current)
            {
              r = MIN (r, MAX (1.5, f->slot / 2));
              double w = 0;
              measure (c, f->strip_labels[s], fs->small_font_size, TRUE, &w, NULL);
              if (x + w / 2 > current_x0 && x - w / 2 < current_x1)
                continue;
            }
          DgSceneItem *dot = dg_scene_add_item (c->scene, DG_ITEM_SHAPE, DG_ROLE_TIMELINE);
          dot->stage = (int) s;
          dot->shape = DG_SHAPE_CIRCLE;
          dot->box = (DgBox) { x - r, f->strip_y - r, x + r, f->strip_y + r };
          dot->fill = current ? fs->accent : fs->background;
          dot->stroke = current ? fs->accent : fs->muted;
          dot->line_width = 1.0;
          if (f->strip_labels[s] == NULL)
            continue; /* a diff's "from" stage in a dense strip: its dot only */
          DgSceneItem *t = add_text (c, DG_ROLE_TIMELINE_LABEL, f->strip_labels[s], x, f->strip_y + STRIP_CURRENT + 4,
                                     fs->small_font_size, current, current ? fs->text : fs->muted,
                                     DG_ALIGN_CENTER);
          t->stage = (int) s;
        }
    }
  if (f->credit != NULL)
    add_text (c, DG_ROLE_CREDIT, f->credit, m, f->credit_y, fs->small_font_size, FALSE, fs->muted, DG_ALIGN_LEFT);

}

/* The scale the graph's DOT `size` asks for a @w × @h point figure: fit
 * within it ("7,5", inches; one number for both sides), enlarging too
 * with "!"; 1 without a size. */
static double
size_scale (const DgGraph *graph, double w, double h)
{
  const char *size = dg_attrs_get (dg_graph_get_attrs (graph), "size");
  if (size == NULL || !(w > 0) || !(h > 0))
    return 1.0;
  g_autofree char *text = g_strdup (size);
  gboolean fill = g_str_has_suffix (text, "!");
  if (fill)
    text[strlen (text) - 1] = '\0';
  g_auto (GStrv) parts = g_strsplit (text, ",", 2);
  double max_w = g_ascii_strtod (parts[0], NULL) * 72.0;
  double max_h = parts[1] != NULL ? g_ascii_strtod (parts[1], NULL) * 72.0 : max_w;
  if (!(max_w > 0) || !(max_h > 0))
    return 1.0;
  double scale = MIN (max_w / w, max_h / h);
  return scale < 1.0 || fill ? scale : 1.0;
}

/* ---- crop: the figure cut to what it draws ------------------------------ */

/* A box that holds what @item paints, in points: its geometry grown by its
 * line — half of it along a curve (round joins), a whole one round a
 * shape's corners, and for polygons and pointed shapes the 10 half-widths
 * cairo's mitre limit allows. Empty (x0 > x1) for an item with no place. */
static DgBox
item_reach (const DgSceneItem *item)
{
  DgBox b = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  double lw = isfinite (item->line_width) && item->line_width > 0 ? item->line_width : 0;
  double grow = lw / 2;
  switch (item->kind)
    {
    case DG_ITEM_SHAPE:
    case DG_ITEM_TEXT:
      b = (DgBox) { MIN (item->box.x0, item->box.x1), MIN (item->box.y0, item->box.y1),
                    MAX (item->box.x0, item->box.x1), MAX (item->box.y0, item->box.y1) };
      if (item->kind == DG_ITEM_SHAPE)
        grow = item->shape == DG_SHAPE_DIAMOND || item->shape == DG_SHAPE_PARALLELOGRAM ? 5 * lw : lw;
      break;
    case DG_ITEM_CURVE:
    case DG_ITEM_POLYGON:
      for (guint k = 0; item->points != NULL && k < item->n_points; k++)
        {
          b.x0 = MIN (b.x0, item->points[k].x);
          b.y0 = MIN (b.y0, item->points[k].y);
          b.x1 = MAX (b.x1, item->points[k].x);
          b.y1 = MAX (b.y1, item->points[k].y);
        }
      if (item->kind == DG_ITEM_POLYGON)
        grow = 5 * lw;
      break;
    }
  if (!(b.x0 <= b.x1 && b.y0 <= b.y1) || !isfinite (b.x0) || !isfinite (b.y0) || !isfinite (b.x1)
      || !isfinite (b.y1))
    return (DgBox) { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  return (DgBox) { b.x0 - grow, b.y0 - grow, b.x1 + grow, b.y1 + grow };
}

/* The box holding items @from to @to - 1 of @scene; empty when none has a place. */
static DgBox
items_reach (const DgScene *scene, guint from, guint to)
{
  DgBox all = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  for (guint i = from; i < to; i++)
    {
      DgBox b = item_reach (dg_scene_item (scene, i));
      all = (DgBox) { MIN (all.x0, b.x0), MIN (all.y0, b.y0), MAX (all.x1, b.x1), MAX (all.y1, b.y1) };
    }
  return all;
}

static void
move_item (DgSceneItem *item, double dy)
{
  item->box.y0 += dy;
  item->box.y1 += dy;
  for (guint k = 0; item->points != NULL && k < item->n_points; k++)
    item->points[k].y += dy;
}

/* The rows of furniture that go under the graph. */
static gboolean
below_graph (DgRole role)
{
  return role == DG_ROLE_LEGEND || role == DG_ROLE_LEGEND_LABEL || role == DG_ROLE_TIMELINE
         || role == DG_ROLE_TIMELINE_LABEL || role == DG_ROLE_CREDIT;
}

/* Cuts the figure to what it draws (DgSceneOptions.crop). The graph's frame
 * has room for every party of the timeline; the rows of furniture over and
 * under it close up on what this stage draws of it, keeping their gaps,
 * by whole points. Then the scene is cut to everything drawn plus the
 * theme's margin, on whole points within the frame, so every item keeps
 * its place on the pixel grid of the frame. Items from @n_graph on are the
 * furniture. */
static void
crop_figure (Ctx *c, const Frame *f, guint n_graph)
{
  DgScene *scene = c->scene;
  guint n = dg_scene_n_items (scene);
  DgBox drawn = items_reach (scene, 0, n_graph);
  if (drawn.x0 <= drawn.x1)
    {
      double top = f->graph_off.y, bottom = f->graph_off.y + c->geo->bbox.y1;
      double down = floor (MAX (0.0, drawn.y0 - top)), up = floor (MAX (0.0, bottom - drawn.y1));
      for (guint i = 0; i < n; i++)
        {
          DgSceneItem *item = (DgSceneItem *) dg_scene_item (scene, i);
          if (i < n_graph)
            move_item (item, -down);
          else if (below_graph (item->role))
            move_item (item, -(down + up));
        }
    }
  DgBox all = items_reach (scene, 0, n);
  if (!(all.x0 <= all.x1))
    return; /* nothing drawn: the frame stays */
  /* Never past the frame: what the frame would not show, the crop does
   * not either (a line's width may reach a point into the margin). */
  const double m = c->fs->margin;
  DgBox keep = { MAX (floor (all.x0 - m), 0.0), MAX (floor (all.y0 - m), 0.0),
                 MIN (ceil (all.x1 + m), dg_scene_get_width (scene)), MIN (ceil (all.y1 + m), dg_scene_get_height (scene)) };
  if (keep.x1 > keep.x0 && keep.y1 > keep.y0)
    dg_scene_crop (scene, keep);
}

DgScene *
dg_scene_build_marked (const DgGraph *graph, const DgLayout *layout, const DgTheme *theme, guint stage,
                       const DgSceneOptions *options, const DgSceneMarks *marks)
{
  g_return_val_if_fail (graph != NULL && layout != NULL && theme != NULL, NULL);
  g_return_val_if_fail (stage < dg_graph_n_stages (graph), NULL);
  g_return_val_if_fail (marks == NULL || marks->from < dg_graph_n_stages (graph), NULL);
  static const DgSceneOptions defaults = DG_SCENE_OPTIONS_INIT;
  if (options == NULL)
    options = &defaults;

  const DgGeometry *geo = dg_layout_stage_geometry (layout, stage);
  /* A stage figure shows what ended at it: ghosts, marked as a diff marks
   * what ended. */
  guint n_parties = dg_graph_n_parties (graph), n_ties = dg_graph_n_ties (graph);
  g_autofree DgMark *party_marks = NULL, *tie_marks = NULL;
  DgSceneMarks ghosts = { 0 };
  if (marks == NULL && stage > 0)
    {
      tie_marks = g_new (DgMark, MAX (n_ties, 1));
      if (ended_ties (graph, theme, geo, stage, tie_marks) > 0)
        {
          party_marks = g_new (DgMark, MAX (n_parties, 1));
          for (guint i = 0; i < n_parties; i++)
            party_marks[i] = DG_MARK_UNCHANGED;
          ghosts = (DgSceneMarks) { stage - 1, party_marks, tie_marks, NULL, NULL, TRUE };
          marks = &ghosts;
        }
    }

  /* The style stage resolves every look, change marks included. */
  g_autoptr (DgLooks) looks = dg_looks_new_marked (graph, theme, marks != NULL ? marks->party_marks : NULL,
                                                   marks != NULL ? marks->tie_marks : NULL);
  Ctx ctx = { graph, theme, dg_theme_furniture (theme), geo, stage, NULL, marks, looks, layout, FALSE };
  if (!is_diff (&ctx) && options->legend && !dg_graph_is_static (graph))
    ctx.any_ghosts = timeline_has_ghosts (&ctx);
  /* Measure and place the rows, then emit the graph and the furniture. */
  Frame frame = { 0 };
  measure_frame (&ctx, options, &frame);
  ctx.scene = dg_scene_new (frame.width, frame.height, dg_looks_graph (looks)->background, frame.scene_title);
  dg_scene_set_preferred_scale (ctx.scene, size_scale (graph, frame.width, frame.height));
  emit_graph (&ctx, options, frame.graph_off);
  guint n_graph = dg_scene_n_items (ctx.scene);
  emit_furniture (&ctx, options, &frame);
  if (options->version >= 2 && options->crop)
    crop_figure (&ctx, &frame, n_graph);
  frame_clear (&frame, dg_graph_n_stages (graph));
  return ctx.scene;
}

DgScene *
dg_scene_build_legend (const DgGraph *graph, const DgLayout *layout, const DgTheme *theme, double width)
{
  g_return_val_if_fail (graph != NULL && theme != NULL, NULL);
  g_autoptr (DgLooks) looks = dg_looks_new (graph, theme);
  Ctx ctx = { graph, theme, dg_theme_furniture (theme), NULL, G_MAXUINT, NULL, NULL, looks, layout, FALSE };
  Ctx *c = &ctx;
  c->any_ghosts = timeline_has_ghosts (c);
  const DgFurnitureStyle *fs = c->fs;
  g_autoptr (GArray) entries = legend_entries (c, G_MAXUINT);
  double cell_w = legend_cell_width (c, entries), row_h = fs->small_font_size * 2.0;
  guint cols = MAX (1, (guint) (width / cell_w));
  double height = entries->len > 0 ? ceil ((double) entries->len / cols) * row_h : 0;
  c->scene = dg_scene_new (width, height, fs->background, NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *e = &g_array_index (entries, Entry, i);
      double x = (i % cols) * cell_w, ry = (i / cols) * row_h;
      guint first = dg_scene_n_items (c->scene);
      add_legend_swatch (c, e, x, ry, row_h);
      g_autofree char *text = entry_text (e);
      double h;
      measure (c, text, fs->small_font_size, FALSE, NULL, &h);
      add_text (c, DG_ROLE_LEGEND_LABEL, text, x + LEGEND_SWATCH + 6, ry + (row_h - h) / 2, fs->small_font_size,
                FALSE, fs->text, DG_ALIGN_LEFT);
      g_autofree char *id = entry_id (e);
      dg_scene_tag_items (c->scene, first, id);
    }
  return c->scene;
}
