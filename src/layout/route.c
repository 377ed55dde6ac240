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

#include "dg-shape-private.h"
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

/* ---- end markers that would overlap ------------------------------------ */

#define OUTLINE_STEPS 256  /* the modelled outline, as a polygon */
#define MARKER_GAP 2.0     /* points between neighbouring markers */

/* A party's outline as a closed polygon round its centre, measured by
 * length along it. */
typedef struct {
  DgPoint p[OUTLINE_STEPS + 1];  /* p[OUTLINE_STEPS] == p[0] */
  double at[OUTLINE_STEPS + 1];  /* length from p[0] to p[k] */
} Outline;

static void
outline_init (Outline *o, DgShape shape, double w, double h)
{
  for (guint k = 0; k <= OUTLINE_STEPS; k++)
    {
      double angle = 2 * G_PI * (k % OUTLINE_STEPS) / OUTLINE_STEPS - G_PI;
      double r = dg_shape_radius (shape, w, h, angle);
      o->p[k] = (DgPoint) { r * cos (angle), r * sin (angle) };
      o->at[k] = k == 0 ? 0 : o->at[k - 1] + hypot (o->p[k].x - o->p[k - 1].x, o->p[k].y - o->p[k - 1].y);
    }
}

/* Where along @o the point @q (relative to the centre) sits: the length
 * at its nearest point of the outline. */
static double
outline_find (const Outline *o, DgPoint q)
{
  double best = G_MAXDOUBLE, at = 0;
  for (guint k = 0; k < OUTLINE_STEPS; k++)
    {
      DgPoint a = o->p[k], b = o->p[k + 1];
      double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
      double t = len2 > 0 ? CLAMP (((q.x - a.x) * dx + (q.y - a.y) * dy) / len2, 0, 1) : 0;
      double d = hypot (q.x - (a.x + t * dx), q.y - (a.y + t * dy));
      if (d < best)
        {
          best = d;
          at = o->at[k] + t * (o->at[k + 1] - o->at[k]);
        }
    }
  return at;
}

/* The point at length @at along @o (any length: it wraps round), and the
 * outline's direction there in *@tangent (a unit vector). */
static DgPoint
outline_point (const Outline *o, double at, DgPoint *tangent)
{
  double total = o->at[OUTLINE_STEPS];
  at = fmod (at, total);
  if (at < 0)
    at += total;
  guint k = 0;
  while (k + 1 < OUTLINE_STEPS && o->at[k + 1] < at)
    k++;
  DgPoint a = o->p[k], b = o->p[k + 1];
  double len = o->at[k + 1] - o->at[k], t = len > 0 ? (at - o->at[k]) / len : 0;
  if (tangent != NULL)
    *tangent = len > 0 ? (DgPoint) { (b.x - a.x) / len, (b.y - a.y) / len } : (DgPoint) { 1, 0 };
  return (DgPoint) { a.x + t * (b.x - a.x), a.y + t * (b.y - a.y) };
}

/* One end of a tie that carries a marker at a party. */
typedef struct {
  guint tie;
  gboolean head;   /* the head end (else the tail end) */
  double at;       /* where its tip sits along the party's outline */
  double to;       /* where it goes */
  double half;     /* half the room the marker takes along the outline */
  double order;    /* where along the outline its line comes from */
  gboolean pinned; /* it cannot move (its line would pass under a party) */
} MarkedEnd;

static int
compare_ends (const void *a, const void *b)
{
  const MarkedEnd *x = a, *y = b;
  if (x->order != y->order)
    return x->order < y->order ? -1 : 1;
  if (x->tie != y->tie)
    return x->tie < y->tie ? -1 : 1;
  return (int) x->head - (int) y->head;
}

/* Gives each of @n ends (sorted by @at along an outline @total long) a
 * place @to, as near its own as it can be while neighbours (in the order
 * their lines come in, @order) keep their markers apart: cut the loop at
 * its widest gap, then least squares under
 * the spacing (pool-adjacent-violators on the places less the spacing
 * before them). Where the markers cannot all fit, they share the room. */
static void
spread_along (MarkedEnd *e, guint n, double total)
{
  guint cut = 0;
  double widest = -1;
  for (guint k = 0; k < n; k++)
    {
      double gap = k + 1 < n ? e[k + 1].order - e[k].order : e[0].order + total - e[k].order;
      if (gap > widest)
        {
          widest = gap;
          cut = (k + 1) % n;
        }
    }
  g_autofree double *target = g_new (double, n), *need = g_new (double, n);
  double room = 0;
  for (guint k = 0; k < n; k++)
    {
      const MarkedEnd *x = &e[(cut + k) % n], *y = &e[(cut + k + 1) % n];
      need[k] = k + 1 < n ? x->half + y->half + MARKER_GAP : 0;
      room += x->half * 2 + MARKER_GAP;
    }
  double squeeze = room > total ? total / room : 1;
  double before = 0, prev = -G_MAXDOUBLE;
  for (guint k = 0; k < n; k++)
    {
      const MarkedEnd *x = &e[(cut + k) % n];
      /* The order unrolled past the cut, and the tip as near it as the
       * loop allows. */
      double order = x->order;
      while (order < prev)
        order += total;
      prev = order;
      double off = fmod (x->at - x->order, total);
      if (off > total / 2)
        off -= total;
      else if (off <= -total / 2)
        off += total;
      target[k] = order + off - before;
      before += need[k] * squeeze;
    }
  /* Pool adjacent violators: blocks of equal value, non-decreasing. */
  g_autofree double *value = g_new (double, n), *weight = g_new (double, n);
  g_autofree guint *size = g_new (guint, n);
  guint blocks = 0;
  for (guint k = 0; k < n; k++)
    {
      value[blocks] = target[k];
      /* A pinned end weighs so much its block stays where it is. */
      weight[blocks] = e[(cut + k) % n].pinned ? 1e6 : 1;
      size[blocks] = 1;
      blocks++;
      while (blocks > 1 && value[blocks - 2] > value[blocks - 1])
        {
          double w = weight[blocks - 2] + weight[blocks - 1];
          value[blocks - 2] = (value[blocks - 2] * weight[blocks - 2] + value[blocks - 1] * weight[blocks - 1]) / w;
          weight[blocks - 2] = w;
          size[blocks - 2] += size[blocks - 1];
          blocks--;
        }
    }
  before = 0;
  for (guint blk = 0, k = 0; blk < blocks; blk++)
    for (guint j = 0; j < size[blk]; j++, k++)
      {
        double to = fmod (value[blk] + before, total);
        e[(cut + k) % n].to = to < 0 ? to + total : to;
        before += need[k] * squeeze;
      }
}

/* Moves end @e of its tie from @e->at to @e->to round party @pg's
 * @outline: the tip, the marker and the line's last stretch, which turn as
 * the outline does between the two places (not at all along one side).
 * FALSE, leaving the tie as it was, when that would take the line under a
 * party it did not pass under; with @keep FALSE only tells. */
static gboolean
move_end (DgGeometry *geo, const DgGraph *graph, const DgPartyGeometry *pg, const Outline *outline,
          const MarkedEnd *e, gboolean keep)
{
  DgTieGeometry *tg = &geo->ties[e->tie];
  const DgTie *tie = dg_graph_tie (graph, e->tie);
  DgPoint *tip = e->head ? &tg->end_tip : &tg->start_tip;
  DgPoint t0, t1;
  DgPoint p0 = outline_point (outline, e->at, &t0), p1 = outline_point (outline, e->to, &t1);
  /* The tip stays as far off the modelled outline, outwards, as Graphviz
   * put it. */
  DgPoint n0 = { t0.y, -t0.x }, n1 = { t1.y, -t1.x };
  if (n0.x * p0.x + n0.y * p0.y < 0)
    n0 = (DgPoint) { -n0.x, -n0.y };
  if (n1.x * p1.x + n1.y * p1.y < 0)
    n1 = (DgPoint) { -n1.x, -n1.y };
  double out = (tip->x - pg->center.x - p0.x) * n0.x + (tip->y - pg->center.y - p0.y) * n0.y;
  DgPoint to = { pg->center.x + p1.x + out * n1.x, pg->center.y + p1.y + out * n1.y };
  double turn = atan2 (t1.y, t1.x) - atan2 (t0.y, t0.x), ct = cos (turn), st = sin (turn);
  guint a = e->head ? tg->n_points - 1 : 0, b = e->head ? tg->n_points - 2 : 1;
  guint piece = e->head ? tg->n_points - 4 : 0;
  gboolean crossed = dg_route_crosses_party (geo, &tg->points[piece], tie->tail, tie->head, 1.0);
  DgPoint old_tip = *tip, old_a = tg->points[a], old_b = tg->points[b];
  DgPoint da = { old_a.x - old_tip.x, old_a.y - old_tip.y }, db = { old_b.x - old_tip.x, old_b.y - old_tip.y };
  *tip = to;
  tg->points[a] = (DgPoint) { to.x + ct * da.x - st * da.y, to.y + st * da.x + ct * da.y };
  tg->points[b] = (DgPoint) { to.x + ct * db.x - st * db.y, to.y + st * db.x + ct * db.y };
  gboolean ok = crossed || !dg_route_crosses_party (geo, &tg->points[piece], tie->tail, tie->head, 1.0);
  if (!ok || !keep)
    {
      *tip = old_tip;
      tg->points[a] = old_a;
      tg->points[b] = old_b;
    }
  return ok;
}

guint
dg_route_spread_ends (DgGeometry *geo, const DgGraph *graph, const DgLooks *looks, const gboolean *fixed)
{
  guint moved = 0;
  g_autoptr (GArray) ends = g_array_new (FALSE, FALSE, sizeof (MarkedEnd));
  Outline *outline = g_new (Outline, 1);
  for (guint p = 0; p < geo->n_parties; p++)
    {
      const DgPartyGeometry *pg = &geo->parties[p];
      if (!pg->placed || pg->width <= 0 || pg->height <= 0)
        continue;
      const DgPartyLook *pl = dg_looks_party (looks, p);
      DgShape shape = pl->own ? pl->dg_shape : DG_SHAPE_BOX;
      gboolean outlined = FALSE;
      g_array_set_size (ends, 0);
      for (guint i = 0; i < geo->n_ties; i++)
        {
          const DgTieGeometry *tg = &geo->ties[i];
          const DgTie *tie = dg_graph_tie (graph, i);
          const DgTieLook *look = dg_looks_tie (looks, i);
          if ((tie->tail != p && tie->head != p) || !tg->placed || tg->n_points < 4 || fixed[i] || tg->draw != NULL
              || tie->tail == tie->head || !look->own_arrows || look->arrow == DG_ARROW_NONE)
            continue;
          for (int head = 0; head < 2; head++)
            {
              gboolean here = head ? tie->head == p && tg->has_end_arrow : tie->tail == p && tg->has_start_arrow;
              if (!here)
                continue;
              if (!outlined)
                {
                  outline_init (outline, shape, pg->width, pg->height);
                  outlined = TRUE;
                }
              DgPoint tip = head ? tg->end_tip : tg->start_tip;
              DgPoint base = head ? tg->points[tg->n_points - 1] : tg->points[0];
              double len = hypot (tip.x - base.x, tip.y - base.y);
              /* As wide as the scene draws it (add_arrow()). */
              double half = look->arrow == DG_ARROW_DOT ? MAX (len / 2, look->width * 0.9)
                                                        : MAX (len * 0.38, look->width * 1.1);
              double at = outline_find (outline, (DgPoint) { tip.x - pg->center.x, tip.y - pg->center.y });
              /* A line meeting the outline aslant takes more room along it. */
              DgPoint t;
              outline_point (outline, at, &t);
              double sine = len > 0 ? fabs ((tip.x - base.x) / len * t.y - (tip.y - base.y) / len * t.x) : 1;
              /* Ends are ordered round the party by where their lines are
               * a little way off, not by their tips: lines that cross
               * there would cross their markers. */
              double back = len + 8, ux = len > 0 ? (tip.x - base.x) / len : 0, uy = len > 0 ? (tip.y - base.y) / len : 0;
              double order = outline_find (outline, (DgPoint) { tip.x - back * ux - pg->center.x,
                                                                tip.y - back * uy - pg->center.y });
              /* (outline_find() gives 0 up to the outline's length.) */
              MarkedEnd e = { i, head, at, at, half / MAX (sine, 0.4), order, FALSE };
              g_array_append_val (ends, e);
            }
        }
      if (ends->len < 2)
        continue;
      g_array_sort (ends, compare_ends);
      MarkedEnd *e = (MarkedEnd *) ends->data;
      spread_along (e, ends->len, outline->at[OUTLINE_STEPS]);
      /* An end whose move would take its line under a party stays, and
       * the others make room round it. */
      for (int round = 0; round < 4; round++)
        {
          gboolean pinned = FALSE;
          for (guint k = 0; k < ends->len; k++)
            if (!e[k].pinned && fabs (e[k].to - e[k].at) >= 0.01
                && !move_end (geo, graph, pg, outline, &e[k], FALSE))
              e[k].pinned = pinned = TRUE;
          if (!pinned)
            break;
          spread_along (e, ends->len, outline->at[OUTLINE_STEPS]);
        }
      for (guint k = 0; k < ends->len; k++)
        if (fabs (e[k].to - e[k].at) >= 0.01)
          moved += move_end (geo, graph, pg, outline, &e[k], TRUE);
    }
  g_free (outline);
  return moved;
}

/* Whether @p lies inside the outline of @pg drawn as @shape. */
static gboolean
inside_outline (const DgPartyGeometry *pg, DgShape shape, DgPoint p)
{
  double dx = p.x - pg->center.x, dy = p.y - pg->center.y, d = hypot (dx, dy);
  return d < 1e-9 || d < dg_shape_radius (shape, pg->width, pg->height, atan2 (dy, dx));
}

gboolean
dg_route_outline_hit (const DgPartyGeometry *pg, DgShape shape, DgPoint from, DgPoint dir, double back, DgPoint *hit)
{
  double len = hypot (dir.x, dir.y);
  if (!(len > 0))
    return FALSE;
  DgPoint u = { dir.x / len, dir.y / len };
  /* From a little behind @from: a line whose last stretch leads away
   * from the party has no business meeting it behind. */
  double reach = pg->width + pg->height + 200, t_out = -MIN (back, reach);
  DgPoint at = { from.x + t_out * u.x, from.y + t_out * u.y };
  if (inside_outline (pg, shape, at))
    return FALSE;
  /* Forward in half points to the first point inside, then halve. */
  double t_in = G_MAXDOUBLE;
  for (double t = t_out + 0.5; t <= reach; t += 0.5)
    {
      at = (DgPoint) { from.x + t * u.x, from.y + t * u.y };
      if (inside_outline (pg, shape, at))
        {
          t_in = t;
          break;
        }
      t_out = t;
    }
  if (t_in == G_MAXDOUBLE)
    return FALSE;
  for (int k = 0; k < 20; k++)
    {
      double mid = (t_in + t_out) / 2;
      at = (DgPoint) { from.x + mid * u.x, from.y + mid * u.y };
      if (inside_outline (pg, shape, at))
        t_in = mid;
      else
        t_out = mid;
    }
  *hit = (DgPoint) { from.x + t_out * u.x, from.y + t_out * u.y };
  return TRUE;
}
