/* test-layout.c — Graphviz layouts of real graphs: every engine and mode, the worker process, anchoring. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "dealgraph.h"
#include "dg-test.h"
#include "src/common/dg-text-private.h"
#include "src/layout/layout-private.h"

/* ASan's malloc slows Graphviz down several times. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* Centres of a party anchored across two stages may drift this much. */
#define ANCHOR_TOLERANCE 0.5

static const char *const engines[] = { "dot", "neato", "fdp", "sfdp", "circo", "twopi" };

/* ------------------------------------------------------------------------ */
/* Helpers */

static DgLayout *
compute (const DgGraph *graph, const DgTheme *theme, const char *engine, DgLayoutMode mode,
         gboolean isolate)
{
  DgLayoutOptions options = DG_LAYOUT_OPTIONS_INIT;
  options.engine = engine;
  options.mode = mode;
  options.isolate = isolate;
  g_autoptr (GError) error = NULL;
  DgLayout *layout = dg_layout_compute (graph, theme, &options, &error);
  cr_assert_not_null (layout, "%s mode %d: %s", engine, mode, error != NULL ? error->message : "?");
  return layout;
}

static gboolean
finite_point (DgPoint p)
{
  return isfinite (p.x) && isfinite (p.y);
}

/* Every party and tie active at a stage has usable geometry there: parties a
 * positive size, ties a cubic Bézier of 3k+1 points. In stage and anchored
 * modes, nothing inactive is placed. */
static void
check_geometry (const DgGraph *graph, const DgLayout *layout, const char *what)
{
  DgLayoutMode mode = dg_layout_get_mode (layout);
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      const DgGeometry *geo = dg_layout_stage_geometry (layout, s);
      cr_assert_not_null (geo);
      cr_assert_eq (geo->n_parties, dg_graph_n_parties (graph));
      cr_assert_eq (geo->n_ties, dg_graph_n_ties (graph));
      cr_assert_eq (geo->n_groups, dg_graph_n_groups (graph));
      cr_assert (geo->bbox.x0 == 0 && geo->bbox.y0 == 0, "%s stage %u: bbox origin is not 0,0", what, s);
      cr_assert (geo->bbox.x1 > 0 && geo->bbox.y1 > 0, "%s stage %u: empty bbox", what, s);
      for (guint i = 0; i < geo->n_parties; i++)
        {
          const DgParty *party = dg_graph_party (graph, i);
          const DgPartyGeometry *pg = &geo->parties[i];
          gboolean active = dg_party_active_at (party, s);
          if (mode != DG_LAYOUT_UNION)
            cr_assert (pg->placed == active, "%s stage %u: party \"%s\" placed=%d but active=%d", what, s,
                       party->id, pg->placed, active);
          if (!active)
            continue;
          cr_assert (pg->placed, "%s stage %u: active party \"%s\" has no geometry", what, s, party->id);
          cr_assert (pg->width > 0 && pg->height > 0, "%s stage %u: party \"%s\" is %g x %g", what, s,
                     party->id, pg->width, pg->height);
          cr_assert (finite_point (pg->center), "%s stage %u: party \"%s\" centre not finite", what, s,
                     party->id);
          /* Tolerance: Graphviz rounds the bounding box to whole points. */
          cr_assert (pg->center.x - pg->width / 2 > -1 && pg->center.x + pg->width / 2 < geo->bbox.x1 + 1
                         && pg->center.y - pg->height / 2 > -1 && pg->center.y + pg->height / 2 < geo->bbox.y1 + 1,
                     "%s stage %u: party \"%s\" lies outside the bbox", what, s, party->id);
        }
      for (guint i = 0; i < geo->n_ties; i++)
        {
          const DgTie *tie = dg_graph_tie (graph, i);
          const DgTieGeometry *tg = &geo->ties[i];
          gboolean active = dg_tie_active_at (tie, s);
          if (mode != DG_LAYOUT_UNION)
            cr_assert (!tg->placed || active, "%s stage %u: inactive tie %u is placed", what, s, i);
          if (!active)
            continue;
          cr_assert (tg->placed, "%s stage %u: active tie %u (%s -> %s) has no geometry", what, s, i,
                     dg_graph_party (graph, tie->tail)->id, dg_graph_party (graph, tie->head)->id);
          cr_assert (tg->n_points >= 4 && (tg->n_points - 1) % 3 == 0, "%s stage %u: tie %u has %u points",
                     what, s, i, tg->n_points);
          cr_assert_not_null (tg->points);
          for (guint k = 0; k < tg->n_points; k++)
            cr_assert (finite_point (tg->points[k]), "%s stage %u: tie %u point %u not finite", what, s, i, k);
        }
    }
}

static void
check_engine (DgGraph *graph, const char *engine, DgLayoutMode mode)
{
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = compute (graph, theme, engine, mode, TRUE);
  cr_assert_str_eq (dg_layout_get_engine (layout), engine);
  cr_assert_eq (dg_layout_get_mode (layout), mode);
  cr_assert_not_null (dg_layout_get_warnings (layout));
  g_autofree char *what = g_strdup_printf ("%s %s", dg_graph_get_name (graph), engine);
  check_geometry (graph, layout, what);
}

/* ------------------------------------------------------------------------ */
/* The deal fixture with every engine */

/* One test per engine and mode, so that one engine's failure hides no other. */
#define ENGINE_TEST(engine, mode_name, mode)                                                                   \
  Test (deal, engine##_##mode_name)                                                                            \
  {                                                                                                            \
    g_autoptr (DgGraph) graph = dg_test_load_deal ();                                                          \
    check_engine (graph, #engine, mode);                                                                       \
  }

ENGINE_TEST (dot, union, DG_LAYOUT_UNION)
ENGINE_TEST (neato, union, DG_LAYOUT_UNION)
ENGINE_TEST (sfdp, union, DG_LAYOUT_UNION)
ENGINE_TEST (circo, union, DG_LAYOUT_UNION)
ENGINE_TEST (twopi, union, DG_LAYOUT_UNION)
ENGINE_TEST (dot, stage, DG_LAYOUT_STAGE)
ENGINE_TEST (neato, stage, DG_LAYOUT_STAGE)
ENGINE_TEST (fdp, stage, DG_LAYOUT_STAGE)
ENGINE_TEST (sfdp, stage, DG_LAYOUT_STAGE)
ENGINE_TEST (circo, stage, DG_LAYOUT_STAGE)
ENGINE_TEST (twopi, stage, DG_LAYOUT_STAGE)
ENGINE_TEST (dot, anchored, DG_LAYOUT_ANCHORED)
ENGINE_TEST (neato, anchored, DG_LAYOUT_ANCHORED)
ENGINE_TEST (fdp, anchored, DG_LAYOUT_ANCHORED)
ENGINE_TEST (sfdp, anchored, DG_LAYOUT_ANCHORED)
ENGINE_TEST (circo, anchored, DG_LAYOUT_ANCHORED)
ENGINE_TEST (twopi, anchored, DG_LAYOUT_ANCHORED)

/* fdp's union of the deal fixture may abort inside Graphviz, depending on the
 * heap; the safe-mode retry must then succeed (see test-cli.c,
 * engines/fdp_union_whatever_the_path, where it reliably aborts). */
ENGINE_TEST (fdp, union, DG_LAYOUT_UNION)

Test (deal, no_warnings_with_dot)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = compute (graph, theme, "dot", DG_LAYOUT_UNION, TRUE);
  const char *const *warnings = dg_layout_get_warnings (layout);
  cr_assert_null (warnings[0], "unexpected warning: %s", warnings[0]);
}

/* ------------------------------------------------------------------------ */
/* Modes */

Test (modes, union_uses_one_geometry_for_every_stage)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = compute (graph, theme, "dot", DG_LAYOUT_UNION, TRUE);
  const DgGeometry *first = dg_layout_stage_geometry (layout, 0);
  for (guint s = 1; s < dg_graph_n_stages (graph); s++)
    cr_assert_eq (dg_layout_stage_geometry (layout, s), first, "stage %u has a geometry of its own", s);
  /* Union: everything that is ever active is placed. */
  for (guint i = 0; i < first->n_parties; i++)
    cr_assert (first->parties[i].placed, "party %u not placed in the union", i);
  for (guint i = 0; i < first->n_ties; i++)
    cr_assert (first->ties[i].placed, "tie %u not placed in the union", i);
}

Test (modes, stage_layouts_differ_from_union)
{
  /* Stage mode lays out each stage alone: the first stage (4 parties
   * of 6) cannot have the union's bounding box. */
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) un = compute (graph, theme, "dot", DG_LAYOUT_UNION, TRUE);
  g_autoptr (DgLayout) st = compute (graph, theme, "dot", DG_LAYOUT_STAGE, TRUE);
  const DgGeometry *a = dg_layout_stage_geometry (un, 0), *b = dg_layout_stage_geometry (st, 0);
  cr_assert_neq (dg_layout_stage_geometry (st, 0), dg_layout_stage_geometry (st, 1));
  cr_assert (fabs (a->bbox.x1 - b->bbox.x1) > 1 || fabs (a->bbox.y1 - b->bbox.y1) > 1,
             "stage 0 has the union's bbox %g x %g", a->bbox.x1, a->bbox.y1);
}

/* A party present at two consecutive stages keeps its centre. */
static void
check_anchored (const char *engine)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = compute (graph, theme, engine, DG_LAYOUT_ANCHORED, TRUE);
  guint compared = 0;
  for (guint s = 0; s + 1 < dg_graph_n_stages (graph); s++)
    {
      const DgGeometry *a = dg_layout_stage_geometry (layout, s);
      const DgGeometry *b = dg_layout_stage_geometry (layout, s + 1);
      for (guint i = 0; i < dg_graph_n_parties (graph); i++)
        {
          const DgParty *party = dg_graph_party (graph, i);
          if (!dg_party_active_at (party, s) || !dg_party_active_at (party, s + 1))
            continue;
          cr_assert (a->parties[i].placed && b->parties[i].placed);
          double dx = b->parties[i].center.x - a->parties[i].center.x;
          double dy = b->parties[i].center.y - a->parties[i].center.y;
          cr_assert (fabs (dx) <= ANCHOR_TOLERANCE && fabs (dy) <= ANCHOR_TOLERANCE,
                     "%s anchored: party \"%s\" moves by (%.2f, %.2f) from stage %u to %u", engine, party->id,
                     dx, dy, s, s + 1);
          compared++;
        }
    }
  cr_assert_gt (compared, 10, "only %u party pairs compared", compared);
}

/* Anchored parties stay within half a point from stage to stage. They once
 * moved by tens of points (the deal fixture, neato: OpenAI by (-42, +58)
 * from stage 0 to 1): Graphviz 2.42 does not keep pinned positions as
 * given. neato centres the pinned layout on the origin (notranslate=true
 * does not stop it), so the layout moves each stage back by the pins' mean
 * shift; overlap removal and packing move pinned nodes too, so an anchored
 * stage runs without them. fdp cannot anchor at all (the next test). */
Test (modes, anchored_neato_keeps_centres)
{
  check_anchored ("neato");
}

Test (modes, anchored_fdp_is_laid_out_per_stage_with_a_warning)
{
  /* Graphviz 2.42's fdp moves pinned nodes by tens of points and does not
   * repeat itself, so it cannot anchor: dealgraph lays each stage out on its
   * own and says so. */
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = compute (graph, theme, "fdp", DG_LAYOUT_ANCHORED, TRUE);
  const char *const *warnings = dg_layout_get_warnings (layout);
  gboolean said = FALSE;
  for (guint i = 0; warnings[i] != NULL; i++)
    said |= strstr (warnings[i], "cannot anchor") != NULL;
  cr_assert (said, "no warning that fdp cannot anchor");
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    cr_assert_not_null (dg_layout_stage_geometry (layout, s));
}

Test (modes, anchored_stages_share_one_frame)
{
  /* Pinned parties keep their place on the page only if every stage has
   * the same frame. */
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = compute (graph, theme, "neato", DG_LAYOUT_ANCHORED, TRUE);
  const DgGeometry *first = dg_layout_stage_geometry (layout, 0);
  for (guint s = 1; s < dg_graph_n_stages (graph); s++)
    {
      const DgGeometry *geo = dg_layout_stage_geometry (layout, s);
      cr_assert (geo->bbox.x1 == first->bbox.x1 && geo->bbox.y1 == first->bbox.y1,
                 "stage %u is %g x %g, stage 0 %g x %g", s, geo->bbox.x1, geo->bbox.y1, first->bbox.x1,
                 first->bbox.y1);
    }
}

/* ------------------------------------------------------------------------ */
/* The worker process */

static gboolean
near (double a, double b, double tolerance)
{
  return fabs (a - b) <= tolerance;
}

static gboolean
near_point (DgPoint a, DgPoint b, double tolerance)
{
  return near (a.x, b.x, tolerance) && near (a.y, b.y, tolerance);
}

/* Two geometries agree to within @tolerance points (0: bit for bit). */
static void
assert_same_geometry (const DgGeometry *a, const DgGeometry *b, guint stage, double tol)
{
  cr_assert (near (a->bbox.x1, b->bbox.x1, tol) && near (a->bbox.y1, b->bbox.y1, tol) && a->bbox.x0 == b->bbox.x0
                 && a->bbox.y0 == b->bbox.y0,
             "stage %u: bbox %.17g x %.17g against %.17g x %.17g", stage, a->bbox.x1, a->bbox.y1, b->bbox.x1,
             b->bbox.y1);
  cr_assert_eq (a->n_parties, b->n_parties);
  cr_assert_eq (a->n_ties, b->n_ties);
  cr_assert_eq (a->n_groups, b->n_groups);
  for (guint i = 0; i < a->n_parties; i++)
    {
      const DgPartyGeometry *x = &a->parties[i], *y = &b->parties[i];
      cr_assert (x->placed == y->placed && near_point (x->center, y->center, tol) && near (x->width, y->width, tol)
                     && near (x->height, y->height, tol),
                 "stage %u: party %u differs", stage, i);
    }
  for (guint i = 0; i < a->n_ties; i++)
    {
      const DgTieGeometry *x = &a->ties[i], *y = &b->ties[i];
      cr_assert_eq (x->placed, y->placed, "stage %u: tie %u", stage, i);
      cr_assert_eq (x->n_points, y->n_points, "stage %u: tie %u", stage, i);
      for (guint k = 0; k < x->n_points; k++)
        cr_assert (near_point (x->points[k], y->points[k], tol), "stage %u: tie %u point %u differs", stage, i, k);
      cr_assert_eq (x->has_start_arrow, y->has_start_arrow);
      cr_assert_eq (x->has_end_arrow, y->has_end_arrow);
      if (x->has_start_arrow)
        cr_assert (near_point (x->start_tip, y->start_tip, tol), "stage %u: tie %u start tip", stage, i);
      if (x->has_end_arrow)
        cr_assert (near_point (x->end_tip, y->end_tip, tol), "stage %u: tie %u end tip", stage, i);
      cr_assert_eq (x->has_label, y->has_label, "stage %u: tie %u label", stage, i);
      if (x->has_label)
        cr_assert (near_point (x->label_center, y->label_center, tol) && near (x->label_width, y->label_width, tol)
                       && near (x->label_height, y->label_height, tol),
                   "stage %u: tie %u label differs", stage, i);
    }
  for (guint i = 0; i < a->n_groups; i++)
    {
      const DgGroupGeometry *x = &a->groups[i], *y = &b->groups[i];
      cr_assert (x->placed == y->placed && x->has_label == y->has_label
                     && near_point ((DgPoint) { x->box.x0, x->box.y0 }, (DgPoint) { y->box.x0, y->box.y0 }, tol)
                     && near_point ((DgPoint) { x->box.x1, x->box.y1 }, (DgPoint) { y->box.x1, y->box.y1 }, tol)
                     && (!x->has_label || near_point (x->label_center, y->label_center, tol)),
                 "stage %u: group %u differs", stage, i);
    }
}

/* What comes back through the pipe is what Graphviz computed in-process. */
static void
check_isolated_matches (DgGraph *graph, const char *engine, DgLayoutMode mode, double tol)
{
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) isolated = compute (graph, theme, engine, mode, TRUE);
  g_autoptr (DgLayout) direct = compute (graph, theme, engine, mode, FALSE);
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    assert_same_geometry (dg_layout_stage_geometry (isolated, s), dg_layout_stage_geometry (direct, s), s, tol);
  const char *const *w1 = dg_layout_get_warnings (isolated), *const *w2 = dg_layout_get_warnings (direct);
  cr_assert_eq (g_strv_length ((char **) w1), g_strv_length ((char **) w2), "warnings differ");
}

Test (worker, deal_union_same_as_in_process)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  check_isolated_matches (graph, "dot", DG_LAYOUT_UNION, 0);
}

Test (worker, deal_stages_same_as_in_process)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  check_isolated_matches (graph, "neato", DG_LAYOUT_ANCHORED, 0);
}

Test (worker, answer_larger_than_a_pipe_buffer, .timeout = 120)
{
  /* 300 parties and 600 ties: well over the 64 KiB the parent reads at a
   * time, so the answer arrives in pieces. sfdp's result varies in the last
   * bits from run to run on this graph, hence the tolerance. */
  g_autoptr (DgGraph) graph = dg_test_load_data ("good", "medium.gv");
  check_isolated_matches (graph, "sfdp", DG_LAYOUT_UNION, 1e-6);
}

/* Two layouts of the same graph in two worker processes are identical, or
 * figures would change on every run. Stage mode: five layouts per engine. */
static void
check_repeatable (const char *engine, const char *bug)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) a = compute (graph, theme, engine, DG_LAYOUT_STAGE, TRUE);
  g_autoptr (DgLayout) b = compute (graph, theme, engine, DG_LAYOUT_STAGE, TRUE);
  for (guint s = 0; s < dg_graph_n_stages (graph); s++)
    {
      const DgGeometry *x = dg_layout_stage_geometry (a, s), *y = dg_layout_stage_geometry (b, s);
      cr_assert (x->bbox.x1 == y->bbox.x1 && x->bbox.y1 == y->bbox.y1,
                 "%s%s stage %u: two runs give %g x %g and %g x %g", bug, engine, s, x->bbox.x1, x->bbox.y1,
                 y->bbox.x1, y->bbox.y1);
      assert_same_geometry (x, y, s, 0);
    }
}

Test (repeatable, dot)
{
  check_repeatable ("dot", "");
}

Test (repeatable, neato)
{
  check_repeatable ("neato", "");
}

/* KNOWN BUG (Graphviz 2.42's fdp, still real): fdp layouts differ from one
 * process to the next (four runs of `dealgraph layout -K fdp -l stage` on
 * the deal fixture gave four different caches on 2026-12-07). Graphviz is
 * seeded the same way each time (srand48(1) per layout, seen with an
 * LD_PRELOAD shim), so the variation comes from elsewhere in fdp. The
 * README (Layout) says so; the test stays, skipped, for a fixed Graphviz. */
Test (repeatable, fdp)
{
  /* Known Graphviz 2.42 limitation, documented in the README: fdp gives a
   * different layout on every run even with a fixed seed. */
  cr_skip_test ("fdp in Graphviz 2.42 is not repeatable (README, Layout)");
}

Test (repeatable, sfdp)
{
  check_repeatable ("sfdp", "");
}

Test (repeatable, circo)
{
  check_repeatable ("circo", "");
}

Test (repeatable, twopi)
{
  check_repeatable ("twopi", "");
}

Test (worker, timeout_stops_a_slow_layout, .timeout = 60)
{
  /* circo on medium.gv takes far longer than 2 s: the child must be
   * stopped and the layout fail with a message that says so. */
  g_autoptr (DgGraph) graph = dg_test_load_data ("good", "medium.gv");
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  DgLayoutOptions options = DG_LAYOUT_OPTIONS_INIT;
  options.engine = "circo";
  options.timeout = 2;
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr (DgLayout) layout = dg_layout_compute (graph, theme, &options, &error);
  double seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  cr_assert_null (layout, "circo finished medium.gv within 2 s: pick a slower case for this test");
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_LAYOUT), "%s", error->message);
  cr_assert_not_null (strstr (error->message, "did not finish"), "%s", error->message);
  cr_assert_lt (seconds, 10, "the layout stopped after %.1f s", seconds);
}

/* A lock that another thread holds at fork() stays held in the child for
 * ever: a layout process that needs it sleeps, using no CPU. This is what
 * the sanitized build's allocator did to layout processes in CI. */
static GMutex inherited_lock;

static gboolean
runner_taking_the_lock (DgLayout *layout, const DgGraph *graph, const DgTheme *theme, const DgLooks *looks,
                        gboolean safe, GError **error)
{
  (void) layout, (void) graph, (void) theme, (void) looks, (void) safe, (void) error;
  g_mutex_lock (&inherited_lock);
  g_mutex_unlock (&inherited_lock);
  return TRUE;
}

static gpointer
hold_the_lock (gpointer seconds)
{
  g_mutex_lock (&inherited_lock);
  g_usleep ((gulong) (GPOINTER_TO_UINT (seconds) * G_USEC_PER_SEC));
  g_mutex_unlock (&inherited_lock);
  return NULL;
}

static DgWorkerStatus
run_with_lock_held (guint seconds, double *elapsed, GError **error)
{
  g_autoptr (DgGraph) graph = dg_test_load_data ("good", "undirected.gv");
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, theme, "dot", DG_LAYOUT_UNION);
  dg_worker_stall_seconds = 1;
  GThread *holder = g_thread_new ("holder", hold_the_lock, GUINT_TO_POINTER (seconds));
  while (g_mutex_trylock (&inherited_lock)) /* until the holder has it */
    {
      g_mutex_unlock (&inherited_lock);
      g_usleep (1000);
    }
  gint64 start = g_get_monotonic_time ();
  DgWorkerStatus status = dg_layout_run_isolated (layout, graph, theme, NULL, FALSE, 60, runner_taking_the_lock, error);
  *elapsed = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  g_thread_join (holder);
  return status;
}

Test (worker, a_child_stuck_on_an_inherited_lock_is_started_again, .timeout = 60)
{
  /* The first child inherits the held lock and sleeps; after a second
   * without CPU it is replaced, and a later child, forked once the holder
   * let go, finishes. */
  g_autoptr (GError) error = NULL;
  double elapsed;
  DgWorkerStatus status = run_with_lock_held (2, &elapsed, &error);
  cr_assert_eq (status, DG_WORKER_OK, "status %d: %s", status, error != NULL ? error->message : "");
  cr_assert_geq (elapsed, 1.0, "finished after %.1f s: the first child cannot have been stuck", elapsed);
  cr_assert_lt (elapsed, 30, "took %.1f s", elapsed);
}

Test (worker, a_child_stuck_every_time_is_an_error, .timeout = 60)
{
  g_autoptr (GError) error = NULL;
  double elapsed;
  DgWorkerStatus status = run_with_lock_held (12, &elapsed, &error);
  cr_assert_eq (status, DG_WORKER_STALLED, "status %d", status);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_LAYOUT));
  cr_assert_not_null (strstr (error->message, "stopped working"), "%s", error->message);
  cr_assert_lt (elapsed, 15, "gave up after %.1f s", elapsed);
}

/* A graph with no groups: the parent reads the child's answer into
 * geo->groups, which is NULL (g_new0 of zero elements), so worker.c's take()
 * must not pass it to memcpy() for zero bytes (UBSan, the CI's sanitizer
 * build: "null pointer passed as argument 1", fatal with halt_on_error=1,
 * for every graph without clusters). */
Test (worker, graph_without_groups)
{
  g_autoptr (DgGraph) graph = dg_test_load_data ("good", "undirected.gv");
  cr_assert_eq (dg_graph_n_groups (graph), 0);
  check_isolated_matches (graph, "dot", DG_LAYOUT_UNION, 0);
}

/* Without isolation, two layouts in one process must agree: neato's do.
 * sfdp's do not (Graphviz 2.42 keeps state between layouts and does not
 * reseed sfdp's random numbers: a second layout of medium.gv came out
 * 3894.5 x 2681.9 pt instead of 4326.0 x 2842.9), a Graphviz limit the
 * README (Layout) names; isolated layouts, the default, escape it because
 * each child starts from a parent that never ran Graphviz. */
Test (worker, in_process_layouts_are_repeatable, .timeout = 120)
{
  g_autoptr (DgGraph) graph = dg_test_load_data ("good", "medium.gv");
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  /* sfdp keeps state between layouts in one process (README, Layout): the
   * in-process mode is checked with neato, the isolated default with all. */
  g_autoptr (DgLayout) a = compute (graph, theme, "neato", DG_LAYOUT_UNION, FALSE);
  g_autoptr (DgLayout) b = compute (graph, theme, "neato", DG_LAYOUT_UNION, FALSE);
  const DgGeometry *x = dg_layout_stage_geometry (a, 0), *y = dg_layout_stage_geometry (b, 0);
  cr_assert (near (x->bbox.x1, y->bbox.x1, 1e-6) && near (x->bbox.y1, y->bbox.y1, 1e-6),
             "the same neato layout twice in one process: %g x %g, then %g x %g", x->bbox.x1, x->bbox.y1,
             y->bbox.x1, y->bbox.y1);
  assert_same_geometry (x, y, 0, 1e-6);
}

/* ------------------------------------------------------------------------ */
/* Errors */

Test (errors, unknown_engine_is_a_usage_error)
{
  g_autoptr (DgGraph) graph = dg_test_load_deal ();
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  DgLayoutOptions options = DG_LAYOUT_OPTIONS_INIT;
  options.engine = "bogus";
  g_autoptr (GError) error = NULL;
  g_autoptr (DgLayout) layout = dg_layout_compute (graph, theme, &options, &error);
  cr_assert_null (layout);
  cr_assert_not_null (error);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_USAGE), "%s", error->message);
  cr_assert_not_null (strstr (error->message, "bogus"), "%s", error->message);
}

/* GLib's rule: a NULL GError ** is allowed. The retry after a Graphviz
 * crash read the first try's message through it and crashed itself
 * (dealgraph strip, laying out again with larger text, hit it on
 * gen-40.gv, whose dot layout Graphviz 2.42 crashes on). */
Test (errors, null_error_is_allowed_through_a_crash, .timeout = 120)
{
  g_autoptr (DgGraph) graph = dg_test_load_data ("good", "gen-40.gv");
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  DgLayoutOptions options = DG_LAYOUT_OPTIONS_INIT;
  options.engine = "dot";
  g_autoptr (DgLayout) layout = dg_layout_compute (graph, theme, &options, NULL);
  cr_assert_not_null (layout);
  const char *const *warnings = dg_layout_get_warnings (layout);
  gboolean retried = FALSE;
  for (guint i = 0; warnings[i] != NULL; i++)
    retried |= strstr (warnings[i], "safe mode") != NULL;
  cr_assert (retried, "Graphviz no longer crashes on gen-40.gv: this test needs another graph");
}

Test (errors, free_accepts_null)
{
  dg_layout_free (NULL);
}

/* ------------------------------------------------------------------------ */
/* Small graphs */

Test (small, stage_with_nobody_active_has_no_placed_party)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { subgraph timeline { s1 -> s2; }\n"
                                                 "  a [kind = company, from = s2]; b [kind = lab, from = s2];\n"
                                                 "  a -> b [kind = stake, value = \"5%\", from = s2]; }\n");
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  DgLayoutOptions options = DG_LAYOUT_OPTIONS_INIT;
  options.mode = DG_LAYOUT_STAGE;
  g_autoptr (GError) error = NULL;
  g_autoptr (DgLayout) layout = dg_layout_compute (graph, theme, &options, &error);
  cr_assert_not_null (layout, "%s", error != NULL ? error->message : "?");
  const DgGeometry *empty = dg_layout_stage_geometry (layout, 0);
  for (guint i = 0; i < empty->n_parties; i++)
    cr_assert (!empty->parties[i].placed);
  const DgGeometry *full = dg_layout_stage_geometry (layout, 1);
  cr_assert (full->parties[0].placed && full->parties[1].placed && full->ties[0].placed);
}

Test (small, static_graph_every_engine)
{
  g_autoptr (DgGraph) graph = dg_test_load_data ("good", "static.gv");
  for (gsize e = 0; e < G_N_ELEMENTS (engines); e++)
    check_engine (graph, engines[e], DG_LAYOUT_UNION);
}

Test (small, undirected_ties_have_no_arrowheads)
{
  g_autoptr (DgGraph) graph = dg_test_load_data ("good", "undirected.gv");
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = compute (graph, theme, "dot", DG_LAYOUT_UNION, TRUE);
  const DgGeometry *geo = dg_layout_stage_geometry (layout, 0);
  for (guint i = 0; i < geo->n_ties; i++)
    cr_assert (!geo->ties[i].has_start_arrow && !geo->ties[i].has_end_arrow, "tie %u has an arrowhead", i);
}

Test (small, nested_clusters_enclose_their_parties)
{
  g_autoptr (DgGraph) graph = dg_test_load_data ("good", "clusters.gv");
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = compute (graph, theme, "dot", DG_LAYOUT_UNION, TRUE);
  const DgGeometry *geo = dg_layout_stage_geometry (layout, 0);
  for (guint p = 0; p < dg_graph_n_parties (graph); p++)
    {
      const DgParty *party = dg_graph_party (graph, p);
      const DgPartyGeometry *pg = &geo->parties[p];
      for (int g = party->group; g >= 0; g = dg_graph_group (graph, (guint) g)->parent)
        {
          const DgGroupGeometry *gg = &geo->groups[g];
          cr_assert (gg->placed, "group %d not placed", g);
          cr_assert (gg->box.x0 <= pg->center.x - pg->width / 2 + 0.5 && pg->center.x + pg->width / 2 <= gg->box.x1 + 0.5
                         && gg->box.y0 <= pg->center.y - pg->height / 2 + 0.5
                         && pg->center.y + pg->height / 2 <= gg->box.y1 + 0.5,
                     "party \"%s\" sticks out of group \"%s\"", party->id, dg_graph_group (graph, (guint) g)->id);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* medium.gv (300 parties, 600 ties) with every engine, one test each so
 * that they run in parallel and a slow engine is named by its test. */

static void
check_medium (const char *engine)
{
  g_autoptr (DgGraph) graph = dg_test_load_data ("good", "medium.gv");
  cr_assert_eq (dg_graph_n_parties (graph), 300);
  check_engine (graph, engine, DG_LAYOUT_UNION);
}

/* Under ASan (the CI's sanitizer build) this fails with "the layout process
 * sent nothing usable": Graphviz 2.42's dot frees memory twice in
 * gvFreeLayout on this graph (allocated in flat_edges); ASan reports it and
 * exits the child with status 1 instead of a signal, so the worker does not
 * see a crash and does not retry in safe mode. In other builds glibc's
 * abort (or nothing) lets the layout through. */
Test (medium, dot, .timeout = 120)
{
  check_medium ("dot");
}

Test (medium, neato, .timeout = 120)
{
  check_medium ("neato");
}

Test (medium, fdp, .timeout = 120)
{
  check_medium ("fdp");
}

Test (medium, sfdp, .timeout = 120)
{
  check_medium ("sfdp");
}

/* KNOWN BUG (speed, Graphviz 2.42's circo, still real): circo needs about
 * 45 s of CPU (70 s and more on a busy machine) for medium.gv, against 5 s
 * for dot and under 1 s for the other engines; the time goes to Graphviz's
 * own layout_block (plain `circo -Tplain medium.gv` is as slow), not to
 * dealgraph's attributes. A user choosing -K circo for 300 parties waits a
 * minute or more (README, Layout). The test gives circo 250 s through the
 * layout's own timeout, so it fails in bounded time. */
Test (medium, circo, .timeout = 280)
{
#ifdef UNDER_ASAN
  cr_skip_test ("circo on medium.gv is slow; its time under ASan says nothing about dealgraph");
#else
  g_autoptr (DgGraph) graph = dg_test_load_data ("good", "medium.gv");
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  DgLayoutOptions options = DG_LAYOUT_OPTIONS_INIT;
  options.engine = "circo";
  /* circo spends ~45 s of CPU in Graphviz's layout_block on 300 parties
   * (the plain circo command too); slow, but it must work. */
  options.timeout = 250;
  g_autoptr (GError) error = NULL;
  g_autoptr (DgLayout) layout = dg_layout_compute (graph, theme, &options, &error);
  cr_assert_not_null (layout, "circo cannot lay out 300 parties in 250 s: %s",
                      error != NULL ? error->message : "?");
  check_geometry (graph, layout, "medium circo");
#endif
}

Test (medium, twopi, .timeout = 120)
{
  check_medium ("twopi");
}

/* ------------------------------------------------------------------------ */
/* The "auto" engine */

/* A static graph of @parties parties in a ring of ties, plus @extra ties
 * across it; @grouped puts the first two parties in a cluster. */
static DgGraph *
ring_graph (guint parties, guint extra, gboolean grouped)
{
  GString *dot = g_string_new ("digraph ring {\n");
  if (grouped)
    g_string_append (dot, "  subgraph cluster_g { label = \"G\"; p0; p1; }\n");
  for (guint i = 0; i < parties; i++)
    g_string_append_printf (dot, "  p%u -> p%u [kind = partnership];\n", i, (i + 1) % parties);
  for (guint i = 0; i < extra; i++)
    g_string_append_printf (dot, "  p%u -> p%u [kind = license];\n", i % parties, (i * 7 + 3) % parties);
  g_string_append (dot, "}\n");
  g_autoptr (GError) error = NULL;
  DgGraph *graph = dg_graph_load_data ("ring.gv", dot->str, dot->len, NULL, NULL, &error);
  cr_assert_not_null (graph, "%s", error != NULL ? error->message : "");
  g_string_free (dot, TRUE);
  return graph;
}

Test (layout, auto_engine_follows_the_size_of_the_graph)
{
  static const struct {
    guint parties, extra;
    gboolean grouped;
    const char *engine;
  } cases[] = {
    { 6, 7, FALSE, "dot" },     /* the deal fixture's size */
    { 30, 10, FALSE, "dot" },   /* 40 ties: the largest deal-sized graph */
    { 30, 11, FALSE, "neato" }, /* one tie more */
    { 60, 20, TRUE, "dot" },    /* groups keep dot a little longer */
    { 61, 20, TRUE, "neato" },
    { 500, 100, FALSE, "neato" },
    { 501, 100, FALSE, "sfdp" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (DgGraph) graph = ring_graph (cases[i].parties, cases[i].extra, cases[i].grouped);
      cr_assert_str_eq (dg_layout_auto_engine (graph), cases[i].engine, "%u parties, %u ties%s",
                        cases[i].parties, cases[i].parties + cases[i].extra, cases[i].grouped ? ", groups" : "");
    }
}

Test (layout, auto_is_the_default_and_records_the_engine_it_chose)
{
  g_autoptr (DgGraph) graph = ring_graph (40, 10, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (DgTheme) theme = dg_theme_load ("report", &error);
  cr_assert_not_null (theme);
  DgLayoutOptions options = DG_LAYOUT_OPTIONS_INIT;
  cr_assert_str_eq (options.engine, "auto");
  g_autoptr (DgLayout) layout = dg_layout_compute (graph, theme, &options, &error);
  cr_assert_not_null (layout, "%s", error != NULL ? error->message : "");
  cr_assert_str_eq (dg_layout_get_engine (layout), "neato");
  options.engine = NULL;
  g_autoptr (DgLayout) again = dg_layout_compute (graph, theme, &options, &error);
  cr_assert_not_null (again);
  cr_assert_str_eq (dg_layout_get_engine (again), "neato");
}

/* A layout process measures no text (it may not call Pango after a fork):
 * every label line Graphviz sizes there must have been measured before.
 * Labels with what Graphviz reads specially (backslashes, "\N", HTML
 * entities, several lines, an empty line), bold party kinds, tie captions
 * with values and notes, and cluster labels, laid out isolated by the
 * engines that draw clusters and by one that does not: a missed line would
 * come back as a warning, and its estimated size would move the layout
 * away from the in-process one. */
Test (worker, layout_processes_measure_every_label_beforehand, .timeout = 120)
{
  static const char dot[] =
    "digraph awkward {\n"
    "  subgraph timeline { a [date = \"2024\"]; b [date = \"2025\"]; a -> b; }\n"
    "  subgraph cluster_x {\n"
    "    label = \"R&amp;D \\\\N & \\\\\\\\ co\";\n"
    "    p [kind = company, label = \"Back\\\\slash \\\\N & sons &amp; &lt;\"];\n"
    "    q [kind = lab, label = \"Two\\nlines\\n\\nafter a gap\"];\n"
    "  }\n"
    "  r [kind = cloud, label = \"Ünïcode — ☁ 云\"];\n"
    "  s [kind = product, label = \"&#65; &copy;\"];\n"
    "  p -> q [kind = stake, value = \"27%\", note = \"a & b \\\\n c\"];\n"
    "  q -> r [kind = investment, value = \"$50B\", from = b];\n"
    "  r -> s [kind = license, exclusive = true, note = \"line one\\nline two\"];\n"
    "  s -> p [kind = revenue_share, value = \"20%\"];\n"
    "}\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (DgGraph) graph = dg_graph_load_data ("awkward.gv", dot, sizeof dot - 1, NULL, NULL, &error);
  cr_assert_not_null (graph, "%s", error != NULL ? error->message : "");
  cr_assert_eq (dg_graph_n_groups (graph), 1);
  /* Bold company labels: Graphviz is told "DejaVu Sans Bold". */
  static const char bold_theme[] = "[theme]\ninherit = report\n\n[party company]\nbold = true\n";
  g_autoptr (DgTheme) bold = dg_theme_load_data ("bold.theme", bold_theme, sizeof bold_theme - 1, &error);
  cr_assert_not_null (bold, "%s", error != NULL ? error->message : "");
  cr_assert (dg_theme_party_style (bold, "company")->bold);
  static const char *const checked[] = { "dot", "fdp", "neato" };
  for (guint i = 0; i < G_N_ELEMENTS (checked); i++)
    {
      g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
      g_autoptr (DgLayout) layout = compute (graph, theme, checked[i], DG_LAYOUT_UNION, TRUE);
      const char *const *warnings = dg_layout_get_warnings (layout);
      for (guint w = 0; warnings[w] != NULL; w++)
        cr_assert_null (strstr (warnings[w], "estimate"), "%s: %s", checked[i], warnings[w]);
      check_isolated_matches (graph, checked[i], DG_LAYOUT_UNION, 0);
      g_autoptr (DgLayout) with_bold = compute (graph, bold, checked[i], DG_LAYOUT_UNION, TRUE);
      warnings = dg_layout_get_warnings (with_bold);
      for (guint w = 0; warnings[w] != NULL; w++)
        cr_assert_null (strstr (warnings[w], "estimate"), "%s, bold: %s", checked[i], warnings[w]);
      /* Room for the label as drawn: in bold (Graphviz once measured
       * "DejaVu Sans Bold" in the regular weight). */
      const DgFurnitureStyle *fs = dg_theme_furniture (bold);
      const DgGeometry *geo = dg_layout_stage_geometry (with_bold, 0);
      for (guint p = 0; p < dg_graph_n_parties (graph); p++)
        {
          const DgParty *party = dg_graph_party (graph, p);
          if (g_strcmp0 (party->kind, "company") != 0)
            continue;
          double w, h;
          dg_text_measure (party->label, fs->font, fs->font_size, TRUE, FALSE, &w, &h);
          double margin = dg_theme_party_style (bold, "company")->margin_x;
          cr_assert_geq (geo->parties[p].width, w + 2 * margin - 0.5,
                         "%s: %s is %g pt wide, its bold label %g pt and margins 2 × %g pt", checked[i],
                         party->id, geo->parties[p].width, w, margin);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Parallel ties: many between one pair are laid out as one bundle */

static DgGraph *
parallel_graph (guint n, gboolean timeline, const char *dir)
{
  GString *dot = g_string_new ("digraph par {\n");
  if (timeline)
    {
      g_string_append (dot, "  subgraph timeline { ");
      for (guint s = 0; s <= n; s++)
        g_string_append_printf (dot, "%ss%u", s > 0 ? " -> " : "", s);
      g_string_append (dot, " }\n");
    }
  g_string_append (dot, "  A [kind = company]; B [kind = lab];\n");
  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (dot, "  A -> B [kind = investment, value = \"$%uM\"", i + 1);
      if (timeline)
        g_string_append_printf (dot, ", from = s%u, until = s%u", i, i + 1);
      g_string_append (dot, "];\n");
    }
  g_string_append (dot, "}\n");
  g_autoptr (GError) error = NULL;
  /* In a file when asked: a layout cache records the graph file's hash. */
  g_autofree char *path = dir != NULL ? g_build_filename (dir, "par.gv", NULL) : NULL;
  if (path != NULL)
    cr_assert (g_file_set_contents (path, dot->str, (gssize) dot->len, NULL));
  DgGraph *graph = path != NULL ? dg_graph_load_file (path, NULL, NULL, &error)
                                : dg_graph_load_data ("par.gv", dot->str, dot->len, NULL, NULL, &error);
  cr_assert_not_null (graph, "%s", error != NULL ? error->message : "?");
  g_string_free (dot, TRUE);
  return graph;
}

/* 2,000 ties between two parties: one bundle, laid out in one edge (5,000
 * held the layout for the 300 s limit). Every tie is placed, on a line of
 * its own parallel to the others; the first five show their labels, the
 * rest are counted in a warning. */
Test (bundle, thousands_of_parallel_ties_are_one_bundle, .timeout = 60)
{
  g_autoptr (DgGraph) graph = parallel_graph (2000, FALSE, NULL);
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = compute (graph, theme, "dot", DG_LAYOUT_UNION, TRUE);
  const DgGeometry *geo = dg_layout_stage_geometry (layout, 0);
  guint shown = 0, hidden = 0;
  for (guint i = 0; i < geo->n_ties; i++)
    {
      const DgTieGeometry *tg = &geo->ties[i];
      cr_assert (tg->placed && tg->n_points >= 4 && tg->has_end_arrow, "tie %u", i);
      shown += tg->has_label;
      hidden += tg->label_hidden;
      cr_assert (!(tg->has_label && tg->label_hidden), "tie %u", i);
    }
  cr_assert_eq (shown, 5);
  cr_assert_eq (hidden, 1995);
  /* Parallel: the first tie and the last start apart, within the 72 pt band. */
  const DgPoint a = geo->ties[0].points[0], z = geo->ties[1999].points[0];
  double apart = hypot (a.x - z.x, a.y - z.y);
  cr_assert (apart > 30 && apart <= 72.5, "the band is %g pt across", apart);
  const char *const *warnings = dg_layout_get_warnings (layout);
  gboolean said = FALSE;
  for (guint i = 0; warnings[i] != NULL; i++)
    said = said || strstr (warnings[i], "2000 parallel ties \"A\" -> \"B\" are laid out as one bundle; 1995") != NULL;
  cr_assert (said, "no warning about the hidden labels");
}

/* Ties of one pair that follow each other in time share the bundle's route
 * in a union layout, but each keeps its label: at its stage it is alone. */
Test (bundle, ties_that_follow_each_other_keep_their_labels, .timeout = 60)
{
  g_autoptr (DgGraph) graph = parallel_graph (40, TRUE, NULL);
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = compute (graph, theme, "dot", DG_LAYOUT_UNION, TRUE);
  const DgGeometry *geo = dg_layout_stage_geometry (layout, 0);
  for (guint i = 0; i < geo->n_ties; i++)
    cr_assert (geo->ties[i].placed && !geo->ties[i].label_hidden, "tie %u", i);
}

/* Which labels a bundle hides survives the layout cache. */
Test (bundle, hidden_labels_survive_the_cache, .timeout = 60)
{
  g_auto (DgTestTmpDir) tmp = dg_test_tmp_dir ("bundle");
  g_autoptr (DgGraph) graph = parallel_graph (12, FALSE, tmp.path);
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = compute (graph, theme, "dot", DG_LAYOUT_UNION, TRUE);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  cr_assert (dg_layout_save (layout, graph, theme, &bytes, &error), "%s", error != NULL ? error->message : "?");
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autoptr (DgLayout) again = dg_layout_load_data ("par.json", data, len, graph, theme, &error);
  cr_assert_not_null (again, "%s", error != NULL ? error->message : "?");
  const DgGeometry *a = dg_layout_stage_geometry (layout, 0), *b = dg_layout_stage_geometry (again, 0);
  guint hidden = 0;
  for (guint i = 0; i < a->n_ties; i++)
    {
      cr_assert_eq (a->ties[i].label_hidden, b->ties[i].label_hidden, "tie %u", i);
      hidden += b->ties[i].label_hidden;
    }
  cr_assert_eq (hidden, 7);
}

/* Up to five parallel ties stay Graphviz's own fan of curves. */
Test (bundle, a_few_parallel_ties_are_not_bundled)
{
  g_autoptr (DgGraph) graph = parallel_graph (5, FALSE, NULL);
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = compute (graph, theme, "dot", DG_LAYOUT_UNION, TRUE);
  const DgGeometry *geo = dg_layout_stage_geometry (layout, 0);
  /* Each its own line; their labels, one stacked block, which Graphviz
   * places as the first one's label. */
  guint with_label = 0;
  for (guint i = 0; i < geo->n_ties; i++)
    {
      cr_assert (geo->ties[i].placed && geo->ties[i].label_in_block && !geo->ties[i].label_hidden, "tie %u", i);
      with_label += geo->ties[i].has_label;
      for (guint j = 0; j < i; j++)
        cr_assert (memcmp (geo->ties[i].points, geo->ties[j].points, sizeof (DgPoint) * 4) != 0,
                   "ties %u and %u share a line", i, j);
    }
  cr_assert (geo->ties[0].has_label && with_label == 1, "%u labels", with_label);
  const char *const *warnings = dg_layout_get_warnings (layout);
  cr_assert_null (warnings[0], "%s", warnings[0]);
}

/* ------------------------------------------------------------------------ */
/* Ties never pass under a party they do not join */

/* Whether the cubic Bézier @q passes through the box of a party of @geo
 * that is not @tail or @head (sampled every 2 pt). */
static gboolean
bezier_under_party (const DgGeometry *geo, const DgPoint *q, guint tail, guint head)
{
  double len = hypot (q[1].x - q[0].x, q[1].y - q[0].y) + hypot (q[2].x - q[1].x, q[2].y - q[1].y)
               + hypot (q[3].x - q[2].x, q[3].y - q[2].y);
  guint n = MAX (8u, (guint) len);
  for (guint s = 1; s < n; s++)
    {
      double t = (double) s / n, u = 1 - t;
      double x = u * u * u * q[0].x + 3 * u * u * t * q[1].x + 3 * u * t * t * q[2].x + t * t * t * q[3].x;
      double y = u * u * u * q[0].y + 3 * u * u * t * q[1].y + 3 * u * t * t * q[2].y + t * t * t * q[3].y;
      for (guint p = 0; p < geo->n_parties; p++)
        {
          const DgPartyGeometry *pg = &geo->parties[p];
          if (pg->placed && p != tail && p != head && fabs (x - pg->center.x) < pg->width / 2
              && fabs (y - pg->center.y) < pg->height / 2)
            return TRUE;
        }
    }
  return FALSE;
}

/* Above 120 ties the force-directed engines draw straight lines, and a line
 * that crosses a party reads as one that ends there (issue 15: 3,434 such
 * ties over a 200-party graph's stages). Ties are bowed round the parties
 * where one bend of up to 192 pt clears them, and routed round them where
 * none does: no tie passes under a party it does not join, while most
 * straight chords would. */
Test (routing, no_tie_passes_under_a_party_it_does_not_join, .timeout = 240)
{
  g_autoptr (DgGraph) graph = dg_test_load_data ("good", "medium.gv");
  g_autoptr (DgTheme) theme = dg_test_load_theme ("report");
  g_autoptr (DgLayout) layout = compute (graph, theme, "neato", DG_LAYOUT_UNION, TRUE);
  const DgGeometry *geo = dg_layout_stage_geometry (layout, 0);
  guint under = 0, chords_under = 0, bowed = 0, routed = 0;
  for (guint i = 0; i < geo->n_ties; i++)
    {
      const DgTieGeometry *tg = &geo->ties[i];
      const DgTie *tie = dg_graph_tie (graph, i);
      if (!tg->placed || tg->n_points < 4)
        continue;
      const DgPoint *q = tg->points, *z = &tg->points[tg->n_points - 1];
      DgPoint chord[4] = { q[0], { q[0].x + (z->x - q[0].x) / 3, q[0].y + (z->y - q[0].y) / 3 },
                           { q[0].x + 2 * (z->x - q[0].x) / 3, q[0].y + 2 * (z->y - q[0].y) / 3 }, *z };
      gboolean is_under = FALSE;
      for (guint k = 0; k + 3 < tg->n_points; k += 3)
        is_under |= bezier_under_party (geo, &tg->points[k], tie->tail, tie->head);
      if (is_under)
        cr_log_error ("tie %u (party %u -> %u) passes under a party", i, tie->tail, tie->head);
      under += is_under;
      chords_under += bezier_under_party (geo, chord, tie->tail, tie->head);
      routed += tg->n_points > 4;
      bowed += tg->n_points == 4 && hypot (q[1].x - chord[1].x, q[1].y - chord[1].y) > 15;
    }
  cr_log_info ("%u ties bowed, %u routed; %u straight chords would pass under a party", bowed, routed, chords_under);
  cr_assert_gt (chords_under, 20, "the graph no longer tests routing: %u chords under parties", chords_under);
  cr_assert_gt (routed, 0, "no tie was routed");
  cr_assert_eq (under, 0, "%u ties pass under a party (straight: %u)", under, chords_under);
}
