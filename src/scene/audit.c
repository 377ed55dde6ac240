/* audit.c — what in a finished figure would make a reader misread it.
 *
 * The checks work on the scene alone (items and their geometry), the way a
 * reader sees the figure: a label belongs to the line it sits nearest, a
 * line that runs into a party seems to end there, and text under other text
 * or under a marker cannot be read. They are what issue 15's targets count,
 * and `dealgraph check --figures` prints them. */
#include <math.h>

#include "dg-shape-private.h"
#include "scene-private.h"

/* Overlaps smaller than this (points, in both directions) are antialiasing,
 * not something a reader sees. */
#define OVERLAP_TOLERANCE 0.5
/* A label is "nearer another tie" only by more than this (points). */
#define NEARER_TOLERANCE 0.5
/* A line counts as under a party only this far (points) inside its outline. */
#define UNDER_INSET 1.0

typedef struct {
  DgPoint p[17]; /* one cubic piece, flattened */
} Flat;

/* Every line item of a tie, flattened once, with its bounds. */
typedef struct {
  guint item;
  int tie;
  guint n_pieces;
  Flat *pieces;
  DgBox bounds;
} Line;

static DgPoint
bezier (const DgPoint *q, double t)
{
  double u = 1 - t;
  return (DgPoint) { u * u * u * q[0].x + 3 * u * u * t * q[1].x + 3 * u * t * t * q[2].x + t * t * t * q[3].x,
                     u * u * u * q[0].y + 3 * u * u * t * q[1].y + 3 * u * t * t * q[2].y + t * t * t * q[3].y };
}

static double
segment_distance (DgPoint p, DgPoint a, DgPoint b)
{
  double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? CLAMP (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0, 1) : 0;
  return hypot (p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

static double
box_distance (DgPoint p, const DgBox *b)
{
  double dx = MAX (MAX (b->x0 - p.x, 0), p.x - b->x1);
  double dy = MAX (MAX (b->y0 - p.y, 0), p.y - b->y1);
  return hypot (dx, dy);
}

static double
line_distance (DgPoint p, const Line *line, double give_up)
{
  if (box_distance (p, &line->bounds) >= give_up)
    return G_MAXDOUBLE;
  double best = G_MAXDOUBLE;
  for (guint k = 0; k < line->n_pieces; k++)
    for (guint s = 1; s < G_N_ELEMENTS (line->pieces[k].p); s++)
      best = MIN (best, segment_distance (p, line->pieces[k].p[s - 1], line->pieces[k].p[s]));
  return best;
}

static GArray *
collect_lines (const DgScene *scene)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *item = dg_scene_item (scene, i);
      if (item->role != DG_ROLE_TIE || item->kind != DG_ITEM_CURVE || item->tie < 0 || item->n_points < 4)
        continue;
      Line line = { i, item->tie, (item->n_points - 1) / 3, NULL, { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE } };
      line.pieces = g_new (Flat, line.n_pieces);
      for (guint k = 0; k < line.n_pieces; k++)
        for (guint s = 0; s < G_N_ELEMENTS (line.pieces[k].p); s++)
          {
            DgPoint pt = bezier (&item->points[3 * k], s / 16.0);
            line.pieces[k].p[s] = pt;
            line.bounds.x0 = MIN (line.bounds.x0, pt.x);
            line.bounds.y0 = MIN (line.bounds.y0, pt.y);
            line.bounds.x1 = MAX (line.bounds.x1, pt.x);
            line.bounds.y1 = MAX (line.bounds.y1, pt.y);
          }
      g_array_append_val (lines, line);
    }
  return lines;
}

static void
free_lines (GArray *lines)
{
  for (guint i = 0; i < lines->len; i++)
    g_free (g_array_index (lines, Line, i).pieces);
  g_array_unref (lines);
}

static void
add_fault (GArray *faults, DgFaultKind kind, guint item, int other)
{
  DgSceneFault f = { kind, item, other };
  g_array_append_val (faults, f);
}

static DgPoint
centre (const DgBox *b)
{
  return (DgPoint) { (b->x0 + b->x1) / 2, (b->y0 + b->y1) / 2 };
}

gboolean
dg_segment_meets_box (DgPoint a, DgPoint b, const DgBox *box)
{
  double t0 = 0, t1 = 1, d[2] = { b.x - a.x, b.y - a.y };
  double lo[2] = { box->x0 - a.x, box->y0 - a.y }, hi[2] = { box->x1 - a.x, box->y1 - a.y };
  for (int k = 0; k < 2; k++)
    {
      if (d[k] == 0)
        {
          if (lo[k] > 0 || hi[k] < 0)
            return FALSE;
          continue;
        }
      double ta = lo[k] / d[k], tb = hi[k] / d[k];
      t0 = MAX (t0, MIN (ta, tb));
      t1 = MIN (t1, MAX (ta, tb));
      if (t0 > t1)
        return FALSE;
    }
  return TRUE;
}

/* Whether @id names a stacked label block ("label-block N"), whose rows
 * stand for their ties together. */
static gboolean
is_block (const char *id)
{
  return id != NULL && g_str_has_prefix (id, "label-block ");
}

/* The ties label @label stands for (its own, or its block's rows), as a
 * set of tie indices, and in *@box the box of its text (the block's rows
 * and keys together). */
static GHashTable *
label_ties (const DgScene *scene, const DgSceneItem *label, DgBox *box)
{
  GHashTable *ties = g_hash_table_new (NULL, NULL);
  g_hash_table_add (ties, GINT_TO_POINTER (label->tie));
  *box = label->box;
  if (!is_block (label->id))
    return ties;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *row = dg_scene_item (scene, i);
      if (row->id != label->id)
        continue;
      /* The keys are part of the block, at its left. */
      for (guint k = 0; row->role == DG_ROLE_TIE_KEY && k < row->n_points; k++)
        box->x0 = MIN (box->x0, row->points[k].x);
      if (row->role != DG_ROLE_TIE_LABEL || row->kind != DG_ITEM_TEXT || row->tie < 0)
        continue;
      g_hash_table_add (ties, GINT_TO_POINTER (row->tie));
      box->x0 = MIN (box->x0, row->box.x0);
      box->y0 = MIN (box->y0, row->box.y0);
      box->x1 = MAX (box->x1, row->box.x1);
      box->y1 = MAX (box->y1, row->box.y1);
    }
  return ties;
}

/* Whether the label in @box, standing for @ties, is tied to its own line:
 * a leader line of one of them ends on that tie's line, or one of their
 * lines runs through or touches the box. */
static gboolean
label_attached (const DgScene *scene, const DgBox *box, GHashTable *ties, GArray *lines)
{
  /* Touching counts: a leader would have nowhere to go. */
  DgBox grown = { box->x0 - 1, box->y0 - 1, box->x1 + 1, box->y1 + 1 };
  for (guint j = 0; j < lines->len; j++)
    {
      const Line *line = &g_array_index (lines, Line, j);
      if (!g_hash_table_contains (ties, GINT_TO_POINTER (line->tie)))
        continue;
      for (guint k = 0; k < line->n_pieces; k++)
        for (guint s = 1; s < G_N_ELEMENTS (line->pieces[k].p); s++)
          if (dg_segment_meets_box (line->pieces[k].p[s - 1], line->pieces[k].p[s], &grown))
            return TRUE;
    }
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *leader = dg_scene_item (scene, i);
      if (leader->role != DG_ROLE_TIE_LABEL || leader->kind != DG_ITEM_CURVE
          || !g_hash_table_contains (ties, GINT_TO_POINTER (leader->tie)) || leader->n_points < 2)
        continue;
      DgPoint end = leader->points[leader->n_points - 1];
      for (guint j = 0; j < lines->len; j++)
        {
          const Line *line = &g_array_index (lines, Line, j);
          if (line->tie == leader->tie && line_distance (end, line, 1.0) < 1.0)
            return TRUE;
        }
    }
  return FALSE;
}

/* Every tie label (a block of them once) nearer another tie's line than
 * any of its own, unless tied to its own. */
static void
audit_labels (const DgScene *scene, GArray *lines, GArray *faults)
{
  g_autoptr (GHashTable) blocks_seen = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *label = dg_scene_item (scene, i);
      if (label->role != DG_ROLE_TIE_LABEL || label->kind != DG_ITEM_TEXT || label->tie < 0)
        continue;
      if (is_block (label->id) && !g_hash_table_add (blocks_seen, (gpointer) label->id))
        continue;
      DgBox box;
      g_autoptr (GHashTable) ties = label_ties (scene, label, &box);
      DgPoint c = centre (&box);
      double own = G_MAXDOUBLE;
      for (guint j = 0; j < lines->len; j++)
        {
          const Line *line = &g_array_index (lines, Line, j);
          if (g_hash_table_contains (ties, GINT_TO_POINTER (line->tie)))
            own = MIN (own, line_distance (c, line, G_MAXDOUBLE));
        }
      if (own == G_MAXDOUBLE)
        continue; /* a label without a line (an undrawn tie) has nothing to be nearer */
      int nearest = -1;
      double other = own - NEARER_TOLERANCE;
      for (guint j = 0; j < lines->len; j++)
        {
          const Line *line = &g_array_index (lines, Line, j);
          if (g_hash_table_contains (ties, GINT_TO_POINTER (line->tie)))
            continue;
          double d = line_distance (c, line, other);
          if (d < other)
            {
              other = d;
              nearest = (int) line->item;
            }
        }
      if (nearest >= 0 && !label_attached (scene, &box, ties, lines))
        add_fault (faults, DG_FAULT_LABEL_AWAY, i, nearest);
    }
}

/* Whether @p lies inside the outline of @party, @inset points in from it. */
static gboolean
inside_party (DgPoint p, const DgSceneItem *party, double inset)
{
  DgPoint c = centre (&party->box);
  double w = party->box.x1 - party->box.x0, h = party->box.y1 - party->box.y0;
  double dx = p.x - c.x, dy = p.y - c.y;
  return hypot (dx, dy) < dg_shape_radius (party->shape, w, h, atan2 (dy, dx)) - inset;
}

static gboolean
boxes_meet (const DgBox *a, const DgBox *b, double tolerance)
{
  return MIN (a->x1, b->x1) - MAX (a->x0, b->x0) > tolerance && MIN (a->y1, b->y1) - MAX (a->y0, b->y0) > tolerance;
}

static void
audit_routes (const DgScene *scene, const DgGraph *graph, GArray *lines, GArray *faults)
{
  for (guint j = 0; j < lines->len; j++)
    {
      const Line *line = &g_array_index (lines, Line, j);
      if ((guint) line->tie >= dg_graph_n_ties (graph))
        continue;
      const DgTie *tie = dg_graph_tie (graph, (guint) line->tie);
      for (guint i = 0; i < dg_scene_n_items (scene); i++)
        {
          const DgSceneItem *party = dg_scene_item (scene, i);
          if (party->role != DG_ROLE_PARTY || party->kind != DG_ITEM_SHAPE || party->party < 0
              || (guint) party->party == tie->tail || (guint) party->party == tie->head
              || !boxes_meet (&party->box, &line->bounds, -1))
            continue;
          gboolean under = FALSE;
          for (guint k = 0; k < line->n_pieces && !under; k++)
            for (guint s = 0; s < G_N_ELEMENTS (line->pieces[k].p) && !under; s++)
              under = inside_party (line->pieces[k].p[s], party, UNDER_INSET);
          if (under)
            {
              add_fault (faults, DG_FAULT_TIE_UNDER_PARTY, line->item, (int) i);
              break;
            }
        }
    }
}

/* Whether the convex polygons @a and @b overlap by more than @tolerance
 * points (separating axes: the edges' normals of both). */
static gboolean
polygons_overlap (const DgSceneItem *a, const DgSceneItem *b, double tolerance)
{
  const DgSceneItem *polys[2] = { a, b };
  for (int which = 0; which < 2; which++)
    {
      const DgSceneItem *p = polys[which];
      for (guint k = 0; k < p->n_points; k++)
        {
          DgPoint e0 = p->points[k], e1 = p->points[(k + 1) % p->n_points];
          double nx = -(e1.y - e0.y), ny = e1.x - e0.x, len = hypot (nx, ny);
          if (len < 1e-9)
            continue;
          nx /= len;
          ny /= len;
          double lo[2] = { G_MAXDOUBLE, G_MAXDOUBLE }, hi[2] = { -G_MAXDOUBLE, -G_MAXDOUBLE };
          for (int side = 0; side < 2; side++)
            for (guint j = 0; j < polys[side]->n_points; j++)
              {
                double d = polys[side]->points[j].x * nx + polys[side]->points[j].y * ny;
                lo[side] = MIN (lo[side], d);
                hi[side] = MAX (hi[side], d);
              }
          if (MIN (hi[0], hi[1]) - MAX (lo[0], lo[1]) <= tolerance)
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
is_marker (const DgSceneItem *item)
{
  return item->role == DG_ROLE_TIE_ARROW && item->kind == DG_ITEM_POLYGON && item->n_points >= 3 && item->tie >= 0;
}

/* End markers of different ties that overlap: a reader cannot tell which
 * line ends where. */
static void
audit_markers (const DgScene *scene, GArray *faults)
{
  guint n = dg_scene_n_items (scene);
  for (guint i = 0; i < n; i++)
    {
      const DgSceneItem *a = dg_scene_item (scene, i);
      if (!is_marker (a))
        continue;
      for (guint j = i + 1; j < n; j++)
        {
          const DgSceneItem *b = dg_scene_item (scene, j);
          if (is_marker (b) && b->tie != a->tie && polygons_overlap (a, b, OVERLAP_TOLERANCE))
            add_fault (faults, DG_FAULT_OVERLAP, i, (int) j);
        }
    }
}

/* Whether item @index is painted before the outline of party @party, which
 * then hides what of it lies inside (a marker that reaches into the party
 * it ends at). */
static gboolean
painted_over (const DgScene *scene, guint index, int party)
{
  for (guint k = index + 1; party >= 0 && k < dg_scene_n_items (scene); k++)
    {
      const DgSceneItem *item = dg_scene_item (scene, k);
      if (item->role == DG_ROLE_PARTY && item->kind == DG_ITEM_SHAPE && item->party == party)
        return TRUE;
    }
  return FALSE;
}

/* Text that shares the figure with other things: what it must not cover. */
static gboolean
is_text (const DgSceneItem *item)
{
  return item->kind == DG_ITEM_TEXT && item->text != NULL && item->text[0] != '\0';
}

static void
audit_overlaps (const DgScene *scene, GArray *lines, GArray *faults)
{
  guint n = dg_scene_n_items (scene);
  for (guint i = 0; i < n; i++)
    {
      const DgSceneItem *a = dg_scene_item (scene, i);
      if (!is_text (a))
        continue;
      for (guint j = 0; j < n; j++)
        {
          const DgSceneItem *b = dg_scene_item (scene, j);
          gboolean fault = FALSE;
          if (is_text (b))
            /* Each pair once; a party's label sits inside the party, and
             * the lines of one multi-line text are one box. */
            fault = j > i && boxes_meet (&a->box, &b->box, OVERLAP_TOLERANCE);
          else if (b->role == DG_ROLE_PARTY && b->kind == DG_ITEM_SHAPE)
            fault = a->role != DG_ROLE_PARTY_LABEL && boxes_meet (&a->box, &b->box, OVERLAP_TOLERANCE);
          else if (is_marker (b) && !(a->role == DG_ROLE_PARTY_LABEL && painted_over (scene, j, a->party)))
            {
              /* The text's box as a polygon, against the marker's own. */
              DgPoint corners[4] = { { a->box.x0, a->box.y0 }, { a->box.x1, a->box.y0 }, { a->box.x1, a->box.y1 },
                                     { a->box.x0, a->box.y1 } };
              DgSceneItem box = { .kind = DG_ITEM_POLYGON, .n_points = 4, .points = corners };
              fault = polygons_overlap (&box, b, OVERLAP_TOLERANCE);
            }
          if (fault)
            add_fault (faults, DG_FAULT_OVERLAP, i, (int) j);
        }
      /* A group's label is the group's name: no line may cross it. */
      if (a->role != DG_ROLE_GROUP_LABEL)
        continue;
      for (guint j = 0; j < lines->len; j++)
        {
          const Line *line = &g_array_index (lines, Line, j);
          /* A straight line's bounds may have no width or height. */
          if (!boxes_meet (&a->box, &line->bounds, -1))
            continue;
          gboolean crosses = FALSE;
          for (guint k = 0; k < line->n_pieces && !crosses; k++)
            for (guint s = 1; s < G_N_ELEMENTS (line->pieces[k].p) && !crosses; s++)
              crosses = dg_segment_meets_box (line->pieces[k].p[s - 1], line->pieces[k].p[s], &a->box);
          if (crosses)
            add_fault (faults, DG_FAULT_CROSSED_LABEL, i, (int) line->item);
        }
    }
}

GArray *
dg_scene_audit (const DgScene *scene, const DgGraph *graph)
{
  g_return_val_if_fail (scene != NULL && graph != NULL, NULL);
  GArray *faults = g_array_new (FALSE, FALSE, sizeof (DgSceneFault));
  GArray *lines = collect_lines (scene);
  audit_labels (scene, lines, faults);
  audit_routes (scene, graph, lines, faults);
  audit_overlaps (scene, lines, faults);
  audit_markers (scene, faults);
  free_lines (lines);
  return faults;
}

const char *
dg_fault_kind_name (DgFaultKind kind)
{
  switch (kind)
    {
    case DG_FAULT_LABEL_AWAY:
      return "label nearer another tie";
    case DG_FAULT_TIE_UNDER_PARTY:
      return "tie under a party";
    case DG_FAULT_OVERLAP:
      return "overlap";
    case DG_FAULT_CROSSED_LABEL:
      return "group label crossed";
    }
  g_return_val_if_reached ("?");
}
