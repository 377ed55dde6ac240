/* route.c — ties that would pass under a party are routed around it.
 *
 * Above SPLINE_TIE_LIMIT ties the force-directed engines draw straight
 * lines (Graphviz's obstacle-avoiding router took 46 s for 300 parties), and
 * bowing a line (layout.c) clears only what one bend can. What is left is
 * routed here, the way a cartographer would: a shortest path on a grid over
 * the drawing in which every party's box, grown by a margin, is blocked;
 * pulled taut into a few straight runs; its corners rounded. Both ends keep
 * Graphviz's: a short stub leaves the tail, and the head is reached, in the
 * straight line's own direction, so the arrowheads stay as they were.
 *
 * The grid is built once per geometry and its cells are at least 4 pt and
 * few enough (GRID_CELLS) that a route costs well under a millisecond in the
 * open. Everything is integer or exactly repeated arithmetic: the same
 * geometry routes the same way in every process. */
#include <math.h>
#include <string.h>

#include "layout-private.h"
#include "route-private.h"

#define GRID_CELLS 250000   /* at most this many cells */
#define MIN_CELL 4.0        /* points */
#define MARGIN 5.0          /* clear space kept round every party (points) */
#define CORNER_RADIUS 24.0  /* a route's rounded corners (points, at most) */
#define FREE (-1)
#define SHARED (-2)

typedef struct {
  const DgGeometry *geo;
  double x0, y0, cell;
  int nx, ny;
  int *owner;       /* party whose grown box covers the cell, FREE or SHARED */
  guint8 *core;     /* the cell meets a party's own box (not just its margin) */
  /* A* state, reused from route to route: a cell's cost is valid when its
   * stamp is the current route's. */
  guint *stamp;
  guint round;
  float *cost;
  int *from;
  GArray *heap;     /* HeapEntry */
} Grid;

typedef struct {
  float f;
  int cell;
} HeapEntry;

static int
cell_x (const Grid *g, double x)
{
  return CLAMP ((int) floor ((x - g->x0) / g->cell), 0, g->nx - 1);
}

static int
cell_y (const Grid *g, double y)
{
  return CLAMP ((int) floor ((y - g->y0) / g->cell), 0, g->ny - 1);
}

static DgPoint
cell_centre (const Grid *g, int c)
{
  return (DgPoint) { g->x0 + (c % g->nx + 0.5) * g->cell, g->y0 + (c / g->nx + 0.5) * g->cell };
}

static void
grid_init (Grid *g, const DgGeometry *geo)
{
  memset (g, 0, sizeof *g);
  g->geo = geo;
  double w = geo->bbox.x1 - geo->bbox.x0, h = geo->bbox.y1 - geo->bbox.y0;
  g->cell = MAX (MIN_CELL, sqrt (w * h / GRID_CELLS));
  g->x0 = geo->bbox.x0;
  g->y0 = geo->bbox.y0;
  g->nx = MAX (1, (int) ceil (w / g->cell));
  g->ny = MAX (1, (int) ceil (h / g->cell));
  gsize n = (gsize) g->nx * (gsize) g->ny;
  g->owner = g_new (int, n);
  for (gsize i = 0; i < n; i++)
    g->owner[i] = FREE;
  g->core = g_new0 (guint8, n);
  for (guint p = 0; p < geo->n_parties; p++)
    {
      const DgPartyGeometry *pg = &geo->parties[p];
      if (!pg->placed)
        continue;
      for (int y = cell_y (g, pg->center.y - pg->height / 2 - 1); y <= cell_y (g, pg->center.y + pg->height / 2 + 1); y++)
        for (int x = cell_x (g, pg->center.x - pg->width / 2 - 1); x <= cell_x (g, pg->center.x + pg->width / 2 + 1); x++)
          g->core[y * g->nx + x] = 1;
      int cx0 = cell_x (g, pg->center.x - pg->width / 2 - MARGIN), cx1 = cell_x (g, pg->center.x + pg->width / 2 + MARGIN);
      int cy0 = cell_y (g, pg->center.y - pg->height / 2 - MARGIN), cy1 = cell_y (g, pg->center.y + pg->height / 2 + MARGIN);
      for (int y = cy0; y <= cy1; y++)
        for (int x = cx0; x <= cx1; x++)
          {
            int *o = &g->owner[y * g->nx + x];
            *o = *o == FREE ? (int) p : SHARED;
          }
    }
  g->stamp = g_new0 (guint, n);
  g->cost = g_new (float, n);
  g->from = g_new (int, n);
  g->heap = g_array_new (FALSE, FALSE, sizeof (HeapEntry));
}

static void
grid_clear (Grid *g)
{
  g_free (g->owner);
  g_free (g->core);
  g_free (g->stamp);
  g_free (g->cost);
  g_free (g->from);
  if (g->heap != NULL)
    g_array_unref (g->heap);
}

/* ---- a binary heap of cells by estimated cost; ties go to the lower cell */

static gboolean
heap_less (const HeapEntry *a, const HeapEntry *b)
{
  return a->f < b->f || (a->f == b->f && a->cell < b->cell);
}

static void
heap_push (GArray *heap, float f, int cell)
{
  HeapEntry e = { f, cell };
  g_array_append_val (heap, e);
  HeapEntry *h = (HeapEntry *) heap->data;
  for (guint i = heap->len - 1; i > 0;)
    {
      guint parent = (i - 1) / 2;
      if (!heap_less (&h[i], &h[parent]))
        break;
      HeapEntry t = h[i];
      h[i] = h[parent];
      h[parent] = t;
      i = parent;
    }
}

static HeapEntry
heap_pop (GArray *heap)
{
  HeapEntry *h = (HeapEntry *) heap->data;
  HeapEntry top = h[0];
  h[0] = h[heap->len - 1];
  g_array_set_size (heap, heap->len - 1);
  for (guint i = 0;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;
      if (l < heap->len && heap_less (&h[l], &h[m]))
        m = l;
      if (r < heap->len && heap_less (&h[r], &h[m]))
        m = r;
      if (m == i)
        break;
      HeapEntry t = h[i];
      h[i] = h[m];
      h[m] = t;
      i = m;
    }
  return top;
}

/* ---- the search ---------------------------------------------------------- */

/* The parties a route may cross the clear margin of, at a price: its own
 * two (whose boxes hide the line) and the ones whose margin its stubs end
 * in (parties packed that close leave no other way out). */
typedef struct {
  int start, goal;
  int passable[4];
} Ends;

static gboolean
passable (const Ends *ends, int owner)
{
  for (int k = 0; k < 4; k++)
    if (ends->passable[k] == owner)
      return TRUE;
  return FALSE;
}

/* 0 for a cell a route may not enter, else the cost of a step into it. */
static float
step_cost (const Grid *g, int cell, const Ends *ends)
{
  int o = g->owner[cell];
  if (o == FREE || cell == ends->start || cell == ends->goal)
    return 1;
  if (o < 0)
    return 0;
  /* Under its own ends the line is hidden; by a neighbour, only in the margin. */
  if (o == ends->passable[0] || o == ends->passable[1])
    return 4;
  return !g->core[cell] && passable (ends, o) ? 4 : 0;
}

static gboolean
blocked (const Grid *g, int cell, const Ends *ends)
{
  return step_cost (g, cell, ends) == 0;
}

static float
octile (const Grid *g, int a, int b)
{
  int dx = abs (a % g->nx - b % g->nx), dy = abs (a / g->nx - b / g->nx);
  return (float) (MAX (dx, dy) + (G_SQRT2 - 1) * MIN (dx, dy));
}

/* The cells of a shortest 8-connected path from @start to @goal through
 * free cells, goal first; NULL when there is none. */
static GArray *
search (Grid *g, const Ends *ends)
{
  int start = ends->start, goal = ends->goal;
  if (++g->round == 0)
    {
      memset (g->stamp, 0, sizeof (guint) * (gsize) g->nx * (gsize) g->ny);
      g->round = 1;
    }
  g_array_set_size (g->heap, 0);
  g->stamp[start] = g->round;
  g->cost[start] = 0;
  g->from[start] = -1;
  heap_push (g->heap, octile (g, start, goal), start);
  static const int dxs[8] = { 1, -1, 0, 0, 1, 1, -1, -1 }, dys[8] = { 0, 0, 1, -1, 1, -1, 1, -1 };
  while (g->heap->len > 0)
    {
      HeapEntry e = heap_pop (g->heap);
      int c = e.cell;
      if (e.f > g->cost[c] + octile (g, c, goal) + 1e-3f)
        continue; /* a stale entry */
      if (c == goal)
        {
          GArray *path = g_array_new (FALSE, FALSE, sizeof (int));
          for (int k = goal; k >= 0; k = g->from[k])
            g_array_append_val (path, k);
          return path;
        }
      int x = c % g->nx, y = c / g->nx;
      for (int k = 0; k < 8; k++)
        {
          int nx = x + dxs[k], ny = y + dys[k];
          if (nx < 0 || ny < 0 || nx >= g->nx || ny >= g->ny)
            continue;
          int n = ny * g->nx + nx;
          float price = step_cost (g, n, ends);
          if (price == 0)
            continue;
          /* No cutting a blocked cell's corner. */
          if (k >= 4 && (blocked (g, y * g->nx + nx, ends) || blocked (g, ny * g->nx + x, ends)))
            continue;
          float step = price * (k < 4 ? 1.0f : (float) G_SQRT2);
          float cost = g->cost[c] + step;
          if (g->stamp[n] == g->round && g->cost[n] <= cost)
            continue;
          g->stamp[n] = g->round;
          g->cost[n] = cost;
          g->from[n] = c;
          heap_push (g->heap, cost + octile (g, n, goal), n);
        }
    }
  return NULL;
}

/* Whether the segment @a–@b crosses only free cells (and @a's and @b's own). */
static gboolean
clear_segment (const Grid *g, DgPoint a, DgPoint b, const Ends *path_ends)
{
  Ends ends = *path_ends;
  ends.start = cell_y (g, a.y) * g->nx + cell_x (g, a.x);
  ends.goal = cell_y (g, b.y) * g->nx + cell_x (g, b.x);
  double len = hypot (b.x - a.x, b.y - a.y);
  int n = (int) ceil (len / (g->cell / 4)) + 1;
  for (int k = 0; k <= n; k++)
    {
      double t = (double) k / n;
      int c = cell_y (g, a.y + t * (b.y - a.y)) * g->nx + cell_x (g, a.x + t * (b.x - a.x));
      if (blocked (g, c, &ends))
        return FALSE;
    }
  return TRUE;
}

/* ---- from cells to a curve --------------------------------------------- */

static void
push_line (GArray *pts, DgPoint to)
{
  DgPoint from = g_array_index (pts, DgPoint, pts->len - 1);
  DgPoint c1 = { from.x + (to.x - from.x) / 3, from.y + (to.y - from.y) / 3 };
  DgPoint c2 = { from.x + 2 * (to.x - from.x) / 3, from.y + 2 * (to.y - from.y) / 3 };
  g_array_append_val (pts, c1);
  g_array_append_val (pts, c2);
  g_array_append_val (pts, to);
}

/* The cubic Bézier chain along the polyline @v (@n points), its inner
 * corners rounded with up to @radius points. */
static GArray *
rounded_chain (const DgPoint *v, guint n, double radius)
{
  GArray *pts = g_array_new (FALSE, FALSE, sizeof (DgPoint));
  g_array_append_val (pts, v[0]);
  for (guint i = 1; i + 1 < n; i++)
    {
      double lin = hypot (v[i].x - v[i - 1].x, v[i].y - v[i - 1].y);
      double lout = hypot (v[i + 1].x - v[i].x, v[i + 1].y - v[i].y);
      double r = MIN (radius, MIN (lin, lout) / 2);
      if (r < 0.5 || lin <= 0 || lout <= 0)
        {
          push_line (pts, v[i]);
          continue;
        }
      DgPoint a = { v[i].x - (v[i].x - v[i - 1].x) / lin * r, v[i].y - (v[i].y - v[i - 1].y) / lin * r };
      DgPoint b = { v[i].x + (v[i + 1].x - v[i].x) / lout * r, v[i].y + (v[i + 1].y - v[i].y) / lout * r };
      push_line (pts, a);
      /* The quadratic a–corner–b as a cubic. */
      DgPoint c1 = { a.x + 2 * (v[i].x - a.x) / 3, a.y + 2 * (v[i].y - a.y) / 3 };
      DgPoint c2 = { b.x + 2 * (v[i].x - b.x) / 3, b.y + 2 * (v[i].y - b.y) / 3 };
      g_array_append_val (pts, c1);
      g_array_append_val (pts, c2);
      g_array_append_val (pts, b);
    }
  push_line (pts, v[n - 1]);
  return pts;
}

static gboolean
chain_clear (const DgGeometry *geo, const DgPoint *pts, guint n, guint tail, guint head)
{
  for (guint k = 0; k + 3 < n; k += 3)
    if (dg_route_crosses_party (geo, &pts[k], tail, head, 1.0))
      return FALSE;
  return TRUE;
}

static DgPoint
along (DgPoint p, DgPoint from, DgPoint to, double d)
{
  double dx = to.x - from.x, dy = to.y - from.y, len = hypot (dx, dy);
  return len > 0 ? (DgPoint) { p.x + dx / len * d, p.y + dy / len * d } : p;
}

/* Routes tie @i of @geo (from @tail to @head) round the parties: TRUE, with
 * its points replaced, when a route clears them all. */
static gboolean
route_tie (Grid *g, DgGeometry *geo, guint i, guint tail, guint head)
{
  DgTieGeometry *tg = &geo->ties[i];
  DgPoint s = tg->points[0], e = tg->points[tg->n_points - 1];
  /* Stubs in the straight line's direction, long enough to leave the
   * margin round the tail and the head. */
  double stub = MARGIN + 1.5 * g->cell;
  if (hypot (e.x - s.x, e.y - s.y) < 2 * stub + g->cell)
    return FALSE;
  DgPoint s1 = along (s, s, e, stub), e1 = along (e, e, s, stub);
  Ends ends;
  ends.start = cell_y (g, s1.y) * g->nx + cell_x (g, s1.x);
  ends.goal = cell_y (g, e1.y) * g->nx + cell_x (g, e1.x);
  ends.passable[0] = (int) tail;
  ends.passable[1] = (int) head;
  ends.passable[2] = g->owner[ends.start] >= 0 ? g->owner[ends.start] : (int) tail;
  ends.passable[3] = g->owner[ends.goal] >= 0 ? g->owner[ends.goal] : (int) head;
  g_autoptr (GArray) path = search (g, &ends);
  if (path == NULL)
    return FALSE;
  /* The cells, start first, pulled taut: from each corner kept, the
   * farthest cell still in a clear straight line. */
  g_autoptr (GArray) corners = g_array_new (FALSE, FALSE, sizeof (DgPoint));
  g_array_append_val (corners, s);
  g_array_append_val (corners, s1);
  guint n = path->len;
  DgPoint anchor = s1;
  guint k = n - 1; /* path runs goal → start */
  while (TRUE)
    {
      /* The last cell (nearest the goal) reachable in a straight line. */
      guint best = k;
      for (guint j = k; j-- > 0;)
        {
          DgPoint p = j == 0 ? e1 : cell_centre (g, g_array_index (path, int, j));
          if (!clear_segment (g, anchor, p, &ends))
            break;
          best = j;
        }
      if (best == k)
        {
          if (k == 0)
            break;
          best = k - 1; /* a step to the next cell is always clear */
        }
      anchor = best == 0 ? e1 : cell_centre (g, g_array_index (path, int, best));
      g_array_append_val (corners, anchor);
      k = best;
      if (k == 0)
        break;
    }
  g_array_append_val (corners, e);
  const DgPoint *v = (const DgPoint *) corners->data;
  for (double radius = CORNER_RADIUS; radius >= 0; radius -= CORNER_RADIUS)
    {
      g_autoptr (GArray) chain = rounded_chain (v, corners->len, radius);
      if (!chain_clear (geo, (const DgPoint *) chain->data, chain->len, tail, head))
        continue;
      g_free (tg->points);
      tg->n_points = chain->len;
      tg->points = g_memdup2 (chain->data, sizeof (DgPoint) * chain->len);
      return TRUE;
    }
  return FALSE;
}

guint
dg_route_around_parties (DgGeometry *geo, const DgGraph *graph, const gboolean *fixed)
{
  Grid grid;
  gboolean built = FALSE;
  guint routed = 0;
  for (guint i = 0; i < geo->n_ties; i++)
    {
      DgTieGeometry *tg = &geo->ties[i];
      const DgTie *tie = dg_graph_tie (graph, i);
      if (!tg->placed || tg->n_points < 4 || tie->tail == tie->head || fixed[i] || tg->draw != NULL)
        continue;
      gboolean crosses = FALSE;
      for (guint k = 0; k + 3 < tg->n_points && !crosses; k += 3)
        crosses = dg_route_crosses_party (geo, &tg->points[k], tie->tail, tie->head, 1.0);
      if (!crosses)
        continue;
      if (!built)
        {
          grid_init (&grid, geo);
          built = TRUE;
        }
      routed += route_tie (&grid, geo, i, tie->tail, tie->head);
    }
  if (built)
    grid_clear (&grid);
  return routed;
}

gboolean
dg_route_crosses_party (const DgGeometry *geo, const DgPoint q[4], guint tail, guint head, double margin)
{
  /* Every 2 pt or less: the control polygon is at least as long as the curve. */
  double len = hypot (q[1].x - q[0].x, q[1].y - q[0].y) + hypot (q[2].x - q[1].x, q[2].y - q[1].y)
               + hypot (q[3].x - q[2].x, q[3].y - q[2].y);
  guint n = CLAMP ((guint) (len / 2), 8u, 2000u);
  for (guint k = 1; k < n; k++)
    {
      double t = (double) k / n, u = 1 - t;
      double x = u * u * u * q[0].x + 3 * u * u * t * q[1].x + 3 * u * t * t * q[2].x + t * t * t * q[3].x;
      double y = u * u * u * q[0].y + 3 * u * u * t * q[1].y + 3 * u * t * t * q[2].y + t * t * t * q[3].y;
      for (guint i = 0; i < geo->n_parties; i++)
        {
          const DgPartyGeometry *pg = &geo->parties[i];
          if (!pg->placed || i == tail || i == head)
            continue;
          if (fabs (x - pg->center.x) <= pg->width / 2 + margin && fabs (y - pg->center.y) <= pg->height / 2 + margin)
            return TRUE;
        }
    }
  return FALSE;
}
