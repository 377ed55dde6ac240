/* test-style.c — the style stage: the user's Graphviz attributes beat the theme, and take effect in the figure.
 *
 * One small graph per attribute family (tests/data/attrs/ and inline ones),
 * checked through the looks (dg_looks_new) and the scene's items, never
 * through pixels: that the attribute took effect, that it beats the theme's
 * default, and that an attribute dealgraph drops is named once. */
#include <math.h>
#include <string.h>

#include "dg-test.h"

/* ---- helpers ----------------------------------------------------------- */

static const DgTheme *
report (void)
{
  static DgTheme *theme;
  if (theme == NULL)
    theme = dg_test_load_theme ("report");
  return theme;
}

static guint
party (const DgGraph *graph, const char *id)
{
  const DgParty *p = dg_graph_find_party (graph, id);
  cr_assert_not_null (p, "no party \"%s\"", id);
  return p->index;
}

/* The tie from @tail to @head (the first in file order). */
static guint
tie (const DgGraph *graph, const char *tail, const char *head)
{
  for (guint i = 0; i < dg_graph_n_ties (graph); i++)
    {
      const DgTie *t = dg_graph_tie (graph, i);
      if (g_str_equal (dg_graph_party (graph, t->tail)->id, tail) && g_str_equal (dg_graph_party (graph, t->head)->id, head))
        return i;
    }
  cr_assert_fail ("no tie %s -> %s", tail, head);
  return 0;
}

static gboolean
color_is (DgColor c, double r, double g, double b)
{
  return fabs (c.r - r) < 0.01 && fabs (c.g - g) < 0.01 && fabs (c.b - b) < 0.01;
}

#define assert_color(C, R, G, B, WHAT)                                                                          \
  cr_assert (color_is ((C), (R), (G), (B)), "%s: (%.3f, %.3f, %.3f), expected (%.3f, %.3f, %.3f)", (WHAT),     \
             (C).r, (C).g, (C).b, (double) (R), (double) (G), (double) (B))

/* The scene of a static graph, laid out with dot. */
static DgScene *
scene_of (const DgGraph *graph)
{
  g_autoptr (DgLayout) layout = dg_test_layout (graph, report (), "dot", DG_LAYOUT_UNION);
  return dg_scene_build (graph, layout, report (), 0, NULL);
}

/* Items of @role for party or tie @index (-1: any). */
static guint
count_items (const DgScene *scene, DgRole role, int party_index, int tie_index, DgItemKind kind, gboolean any_kind)
{
  guint n = 0;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *it = dg_scene_item (scene, i);
      if (it->role == role && (party_index < 0 || it->party == party_index) && (tie_index < 0 || it->tie == tie_index)
          && (any_kind || it->kind == kind))
        n++;
    }
  return n;
}

/* The text items of the scene, joined by '\n'. */
static char *
scene_text (const DgScene *scene)
{
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *it = dg_scene_item (scene, i);
      if (it->kind == DG_ITEM_TEXT && it->text != NULL)
        g_string_append_printf (out, "%s\n", it->text);
    }
  return g_string_free (out, FALSE);
}

static gboolean
has_line (const char *text, const char *line)
{
  g_autofree char *needle = g_strdup_printf ("\n%s\n", line);
  g_autofree char *hay = g_strdup_printf ("\n%s", text);
  return strstr (hay, needle) != NULL;
}

/* Loads @text, collecting diagnostics into *@out (the caller frees it). */
static DgGraph *
load_with_diagnostics (const char *text, GPtrArray **out)
{
  g_autoptr (GError) error = NULL;
  *out = dg_diagnostics_new ();
  DgGraph *graph = dg_graph_load_data ("inline.gv", text, strlen (text), NULL, *out, &error);
  cr_assert_not_null (graph, "%s", error != NULL ? error->message : "?");
  return graph;
}

/* How many diagnostics mention @needle. */
static guint
mentions (GPtrArray *diags, const char *needle)
{
  guint n = 0;
  for (guint i = 0; i < diags->len; i++)
    {
      g_autofree char *line = dg_diagnostic_to_string (diags->pdata[i]);
      n += strstr (line, needle) != NULL;
    }
  return n;
}

/* ---- precedence -------------------------------------------------------- */

Test (precedence, the_theme_gives_defaults_and_the_user_wins)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (
      "digraph { a [kind=company]; b [kind=company, color=red, fillcolor=\"#00ff00\"];"
      " a -> b [kind=license]; b -> a [kind=license, color=blue, penwidth=3]; }");
  g_autoptr (DgLooks) looks = dg_looks_new (graph, report ());
  const DgPartyStyle *ps = dg_theme_party_style (report (), "company");
  const DgTieStyle *ts = dg_theme_tie_style (report (), "license");
  const DgPartyLook *a = dg_looks_party (looks, party (graph, "a"));
  const DgPartyLook *b = dg_looks_party (looks, party (graph, "b"));
  assert_color (a->fill, ps->fill.r, ps->fill.g, ps->fill.b, "a's fill is the theme's");
  assert_color (a->stroke, ps->stroke.r, ps->stroke.g, ps->stroke.b, "a's outline is the theme's");
  assert_color (b->stroke, 1, 0, 0, "b's color=red");
  assert_color (b->fill, 0, 1, 0, "b's fillcolor");
  cr_assert (a->own && b->own, "box parties with plain colours are dealgraph's own drawing");
  const DgTieLook *plain = dg_looks_tie (looks, tie (graph, "a", "b"));
  const DgTieLook *blue = dg_looks_tie (looks, tie (graph, "b", "a"));
  assert_color (plain->color, ts->color.r, ts->color.g, ts->color.b, "license colour from the theme");
  assert_color (blue->color, 0, 0, 1, "color=blue beats the theme");
  cr_assert_float_eq (blue->width, 3.0, 1e-9, "penwidth=3 beats the value scaling");
}

Test (precedence, element_beats_defaults_beats_theme)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (
      "digraph { node [color=blue]; a; b [color=red]; subgraph s { node [color=green]; c; } }");
  g_autoptr (DgLooks) looks = dg_looks_new (graph, report ());
  assert_color (dg_looks_party (looks, party (graph, "a"))->stroke, 0, 0, 1, "node [color=blue]");
  assert_color (dg_looks_party (looks, party (graph, "b"))->stroke, 1, 0, 0, "b's own color");
  /* Graphviz's colour names are X11's: green is #00ff00. */
  assert_color (dg_looks_party (looks, party (graph, "c"))->stroke, 0, 1, 0, "the subgraph's node default");
}

/* ---- colours ----------------------------------------------------------- */

Test (colors, every_graphviz_syntax)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (
      "digraph { a [color=crimson]; b [color=\"#3366ff80\"]; c [color=\"0.0 1.0 1.0\"];"
      " d [color=\"0.6,0.8,0.9\"]; e [color=\"/blues9/5\"]; f [colorscheme=accent8, color=3]; }");
  g_autoptr (DgLooks) looks = dg_looks_new (graph, report ());
  assert_color (dg_looks_party (looks, party (graph, "a"))->stroke, 0.863, 0.078, 0.235, "X11 crimson");
  DgColor b = dg_looks_party (looks, party (graph, "b"))->stroke;
  assert_color (b, 0.2, 0.4, 1.0, "#rrggbbaa");
  cr_assert_float_eq (b.a, 128 / 255.0, 0.01, "alpha of #3366ff80");
  assert_color (dg_looks_party (looks, party (graph, "c"))->stroke, 1, 0, 0, "HSV 0 1 1 is red");
  DgColor d = dg_looks_party (looks, party (graph, "d"))->stroke;
  cr_assert (d.b > d.r && d.b > d.g, "HSV hue 0.6 is blue: (%.2f %.2f %.2f)", d.r, d.g, d.b);
  assert_color (dg_looks_party (looks, party (graph, "e"))->stroke, 0x6b / 255.0, 0xae / 255.0, 0xd6 / 255.0,
                "/blues9/5");
  assert_color (dg_looks_party (looks, party (graph, "f"))->stroke, 0xfd / 255.0, 0xc0 / 255.0, 0x86 / 255.0,
                "accent8 colour 3");
}

Test (colors, lists_are_drawn_by_graphviz_in_each_colour)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { a -> b [color=\"red:blue\"]; }");
  g_autoptr (DgLooks) looks = dg_looks_new (graph, report ());
  cr_assert_not (dg_looks_tie (looks, 0)->own_line, "a colour list is Graphviz's drawing");
  g_autoptr (DgScene) scene = scene_of (graph);
  gboolean red = FALSE, blue = FALSE;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *it = dg_scene_item (scene, i);
      if (it->role == DG_ROLE_TIE && it->kind == DG_ITEM_CURVE)
        {
          red |= color_is (it->stroke, 1, 0, 0);
          blue |= color_is (it->stroke, 0, 0, 1);
        }
    }
  cr_assert (red && blue, "the tie is drawn in red and in blue");
  cr_assert_eq (count_items (scene, DG_ROLE_TIE_ARROW, -1, 0, 0, TRUE), 1, "and keeps its arrowhead");
}

Test (colors, bgcolor_is_the_figure_background)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { bgcolor=lightyellow; a -> b; }");
  g_autoptr (DgScene) scene = scene_of (graph);
  assert_color (dg_scene_get_background (scene), 1, 1, 0.878, "bgcolor=lightyellow");
}

/* ---- shapes, records, HTML-like labels --------------------------------- */

Test (shapes, graphviz_shapes_come_from_graphviz)
{
  g_autoptr (DgGraph) graph = dg_test_load_data ("attrs", "shapes.gv");
  g_autoptr (DgLooks) looks = dg_looks_new (graph, report ());
  g_autoptr (DgScene) scene = scene_of (graph);
  for (guint i = 0; i < dg_graph_n_parties (graph); i++)
    {
      const DgPartyLook *look = dg_looks_party (looks, i);
      guint items = count_items (scene, DG_ROLE_PARTY, (int) i, -1, DG_ITEM_SHAPE, TRUE);
      if (g_str_equal (look->shape, "plaintext"))
        continue; /* no outline to draw */
      cr_assert (items > 0, "party %s (%s) has no outline", dg_graph_party (graph, i)->id, look->shape);
    }
  const DgPartyLook *star = dg_looks_party (looks, party (graph, "star"));
  cr_assert_str_eq (star->shape, "star");
  cr_assert_not (star->own, "a star is Graphviz's drawing");
  cr_assert (count_items (scene, DG_ROLE_PARTY, (int) party (graph, "star"), -1, DG_ITEM_POLYGON, FALSE) >= 1,
             "the star is a polygon");
  const DgPartyLook *box = dg_looks_party (looks, party (graph, "box"));
  cr_assert (box->own && box->dg_shape == DG_SHAPE_BOX, "shape=box is dealgraph's own box");
  const DgPartyLook *doublecircle = dg_looks_party (looks, party (graph, "doublecircle"));
  cr_assert (count_items (scene, DG_ROLE_PARTY, (int) party (graph, "doublecircle"), -1, DG_ITEM_SHAPE, FALSE) == 2,
             "a doublecircle has two rings (%s)", doublecircle->shape);
}

Test (shapes, peripheries_and_skew)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (
      "digraph { a [shape=box, peripheries=3]; b [shape=polygon, sides=5, skew=0.4]; c [shape=box]; }");
  g_autoptr (DgScene) scene = scene_of (graph);
  cr_assert_eq (count_items (scene, DG_ROLE_PARTY, (int) party (graph, "a"), -1, DG_ITEM_POLYGON, FALSE), 3,
                "three peripheries, three outlines");
  guint b = 0;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *it = dg_scene_item (scene, i);
      if (it->role == DG_ROLE_PARTY && it->party == (int) party (graph, "b") && it->kind == DG_ITEM_POLYGON)
        b = it->n_points;
    }
  cr_assert_eq (b, 5, "sides=5 gives a pentagon");
}

Test (records, fields_are_drawn_as_text_without_markup)
{
  g_autoptr (DgGraph) graph = dg_test_load_data ("attrs", "records.gv");
  g_autoptr (DgScene) scene = scene_of (graph);
  g_autofree char *text = scene_text (scene);
  cr_assert (has_line (text, "Echo Slot") && has_line (text, "Foxtrot Slot"), "record fields drawn:\n%s", text);
  cr_assert_null (strstr (text, "<f"), "record port markup drawn:\n%s", text);
  for (const char *p = text; *p != '\0'; p++)
    cr_assert (*p != '|' || strstr (text, "{Golf|Hotel<India>}") != NULL, "raw field separator drawn:\n%s", text);
  /* The record's party label is its words. */
  const DgParty *ledger = dg_graph_find_party (graph, "ledger");
  if (ledger != NULL)
    cr_assert_null (strchr (ledger->label, '|'), "%s", ledger->label);
}

Test (html, tables_cells_and_markup)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (
      "digraph { t [shape=plaintext, label=<<TABLE BGCOLOR=\"yellow\"><TR><TD COLSPAN=\"2\"><B>Top Cell</B></TD></TR>"
      "<TR><TD>Left</TD><TD><FONT COLOR=\"red\">Right</FONT></TD></TR></TABLE>>]; }");
  g_autoptr (DgScene) scene = scene_of (graph);
  gboolean top_bold = FALSE, right_red = FALSE, yellow = FALSE, left = FALSE;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *it = dg_scene_item (scene, i);
      if (it->kind == DG_ITEM_TEXT && it->text != NULL)
        {
          top_bold |= g_str_equal (it->text, "Top Cell") && it->bold;
          right_red |= g_str_equal (it->text, "Right") && color_is (it->stroke, 1, 0, 0);
          left |= g_str_equal (it->text, "Left");
        }
      if (it->kind == DG_ITEM_POLYGON && color_is (it->fill, 1, 1, 0) && it->fill.a > 0)
        yellow = TRUE;
    }
  cr_assert (top_bold, "<B> is bold");
  cr_assert (right_red, "<FONT COLOR=red> is red");
  cr_assert (left, "every cell's text is drawn");
  cr_assert (yellow, "the table's BGCOLOR is filled");
}

/* ---- ties: arrows, styles, labels -------------------------------------- */

Test (arrows, every_shape_and_direction)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (
      "digraph { a -> b; c -> d [arrowhead=odiamondnormal]; e -> f [dir=both, arrowtail=diamond];"
      " g -> h [dir=none]; }");
  g_autoptr (DgLooks) looks = dg_looks_new (graph, report ());
  g_autoptr (DgScene) scene = scene_of (graph);
  cr_assert (dg_looks_tie (looks, tie (graph, "a", "b"))->own_arrows, "the theme's arrowhead is dealgraph's");
  cr_assert_eq (count_items (scene, DG_ROLE_TIE_ARROW, -1, (int) tie (graph, "a", "b"), 0, TRUE), 1);
  cr_assert_not (dg_looks_tie (looks, tie (graph, "c", "d"))->own_arrows);
  cr_assert_eq (count_items (scene, DG_ROLE_TIE_ARROW, -1, (int) tie (graph, "c", "d"), 0, TRUE), 2,
                "odiamondnormal: a diamond and a triangle");
  cr_assert_eq (count_items (scene, DG_ROLE_TIE_ARROW, -1, (int) tie (graph, "e", "f"), 0, TRUE), 2,
                "dir=both: one at each end");
  cr_assert_eq (count_items (scene, DG_ROLE_TIE_ARROW, -1, (int) tie (graph, "g", "h"), 0, TRUE), 0, "dir=none");
}

Test (styles, invis_dashed_bold_penwidth)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (
      "digraph { a [style=invis]; b [style=dashed]; c [style=bold]; a -> b [style=invis]; b -> c [style=dashed];"
      " c -> b [style=bold]; }");
  g_autoptr (DgLooks) looks = dg_looks_new (graph, report ());
  g_autoptr (DgScene) scene = scene_of (graph);
  cr_assert_not (dg_looks_party (looks, party (graph, "a"))->visible);
  cr_assert_eq (count_items (scene, DG_ROLE_PARTY, (int) party (graph, "a"), -1, 0, TRUE), 0, "invis party drawn");
  cr_assert_eq (count_items (scene, DG_ROLE_PARTY_LABEL, (int) party (graph, "a"), -1, 0, TRUE), 0);
  cr_assert_eq (count_items (scene, DG_ROLE_TIE, -1, (int) tie (graph, "a", "b"), 0, TRUE), 0, "invis tie drawn");
  cr_assert (dg_looks_party (looks, party (graph, "b"))->dash.n > 0, "dashed outline");
  cr_assert (dg_looks_tie (looks, tie (graph, "b", "c"))->dash.n > 0, "dashed tie");
  cr_assert_float_eq (dg_looks_party (looks, party (graph, "c"))->pen_width, 2.0, 1e-9, "bold outline");
  cr_assert (dg_looks_tie (looks, tie (graph, "c", "b"))->width >= 2.0, "bold tie");
}

Test (styles, filled_striped_and_rounded)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (
      "digraph { a [style=filled]; b [shape=box, style=striped, fillcolor=\"red:green:blue\"];"
      " c [shape=box, style=\"rounded,filled\", fillcolor=orange]; }");
  g_autoptr (DgLooks) looks = dg_looks_new (graph, report ());
  g_autoptr (DgScene) scene = scene_of (graph);
  assert_color (dg_looks_party (looks, party (graph, "a"))->fill, 0.827, 0.827, 0.827, "filled alone: lightgrey");
  cr_assert_not (dg_looks_party (looks, party (graph, "b"))->own);
  gboolean red = FALSE, green = FALSE, blue = FALSE;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *it = dg_scene_item (scene, i);
      if (it->party == (int) party (graph, "b") && it->fill.a > 0)
        {
          red |= color_is (it->fill, 1, 0, 0);
          green |= color_is (it->fill, 0, 1, 0);
          blue |= color_is (it->fill, 0, 0, 1);
        }
    }
  cr_assert (red && green && blue, "three stripes");
  const DgPartyLook *c = dg_looks_party (looks, party (graph, "c"));
  cr_assert (c->own && c->dg_shape == DG_SHAPE_ROUNDED, "rounded box");
  assert_color (c->fill, 1, 0.647, 0, "orange");
}

Test (labels, escapes_empty_labels_and_end_labels)
{
  g_autoptr (DgGraph) graph = dg_test_load_data ("attrs", "labels.gv");
  g_autoptr (DgScene) scene = scene_of (graph);
  g_autofree char *text = scene_text (scene);
  cr_assert (has_line (text, "Harbour Atlas of LabelAtlas"), "\\G is the graph's name:\n%s", text);
  cr_assert (has_line (text, "Harbour node harbour"), "\\N is the node's name:\n%s", text);
  cr_assert (strstr (text, "harbour->buoy") != NULL, "\\E is the edge:\n%s", text);
  cr_assert (strstr (text, "from harbour to buoy") != NULL, "\\T and \\H are its ends:\n%s", text);
  cr_assert (has_line (text, "Departure Tail") && has_line (text, "Arrival Head"), "taillabel, headlabel:\n%s", text);
  cr_assert (has_line (text, "Ferry Xlabel"), "an edge xlabel:\n%s", text);
  guint blank = party (graph, "blank");
  cr_assert_eq (count_items (scene, DG_ROLE_PARTY_LABEL, (int) blank, -1, 0, TRUE), 0, "label=\"\" draws no text");
  cr_assert (count_items (scene, DG_ROLE_PARTY, (int) blank, -1, 0, TRUE) > 0, "but the party is drawn");
}

Test (fonts, families_postscript_names_sizes_colours)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (
      "digraph { a [fontname=\"Helvetica-Bold\", fontsize=20, fontcolor=red]; b [fontname=\"Courier\"];"
      " c [fontname=\"DejaVu Serif\"]; }");
  g_autoptr (DgLooks) looks = dg_looks_new (graph, report ());
  const DgPartyLook *a = dg_looks_party (looks, party (graph, "a"));
  cr_assert (g_str_has_prefix (a->font.family, "Helvetica"), "%s", a->font.family);
  cr_assert (a->font.bold && !a->font.italic);
  cr_assert_float_eq (a->font.size, 20.0, 1e-9);
  assert_color (a->font.color, 1, 0, 0, "fontcolor");
  cr_assert (strstr (dg_looks_party (looks, party (graph, "b"))->font.family, "monospace") != NULL);
  cr_assert_str_eq (dg_looks_party (looks, party (graph, "c"))->font.family, "DejaVu Serif");
  g_autoptr (DgScene) scene = scene_of (graph);
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *it = dg_scene_item (scene, i);
      if (it->role == DG_ROLE_PARTY_LABEL && it->party == (int) party (graph, "a"))
        {
          cr_assert_float_eq (it->font_size, 20.0, 1e-9);
          cr_assert (it->bold);
        }
    }
}

/* ---- clusters, ranks, plain DOT ---------------------------------------- */

Test (clusters, own_style_colour_and_label)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (
      "digraph { subgraph cluster_x { label=\"Yellow Group\"; style=filled; fillcolor=yellow; pencolor=red;"
      " a; b; } a -> b; }");
  g_autoptr (DgLooks) looks = dg_looks_new (graph, report ());
  const DgGroupLook *gl = dg_looks_group (looks, 0);
  assert_color (gl->fill, 1, 1, 0, "cluster fillcolor");
  assert_color (gl->stroke, 1, 0, 0, "cluster pencolor");
  g_autoptr (DgScene) scene = scene_of (graph);
  gboolean box = FALSE;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *it = dg_scene_item (scene, i);
      box |= it->role == DG_ROLE_GROUP && color_is (it->fill, 1, 1, 0) && color_is (it->stroke, 1, 0, 0);
    }
  cr_assert (box, "the group box is yellow with a red outline");
  g_autofree char *text = scene_text (scene);
  cr_assert (has_line (text, "Yellow Group"), "%s", text);
}

Test (ranks, rank_same_puts_parties_on_one_rank)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { a -> b -> c; a -> d; { rank=same; c; d; } }");
  cr_assert_eq (dg_graph_n_rank_sets (graph), 1);
  g_autoptr (DgLayout) layout = dg_test_layout (graph, report (), "dot", DG_LAYOUT_UNION);
  const DgGeometry *geo = dg_layout_stage_geometry (layout, 0);
  cr_assert_float_eq (geo->parties[party (graph, "c")].center.y, geo->parties[party (graph, "d")].center.y, 0.01,
                      "c and d share a rank");
  /* Plain DOT runs top to bottom, as dot. */
  cr_assert (geo->parties[party (graph, "a")].center.y < geo->parties[party (graph, "b")].center.y);
}

Test (plain_dot, no_deal_legend_and_label_where_graphviz_puts_it)
{
  g_autoptr (DgGraph) graph = dg_test_load_text ("digraph { label=\"Bottom Line\"; a -> b; }");
  cr_assert (dg_graph_is_plain (graph));
  g_autoptr (DgScene) scene = scene_of (graph);
  cr_assert_eq (count_items (scene, DG_ROLE_LEGEND, -1, -1, 0, TRUE), 0);
  cr_assert_eq (count_items (scene, DG_ROLE_LEGEND_LABEL, -1, -1, 0, TRUE), 0);
  /* No value anywhere, so none left out: its lines are drawn as dot would. */
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    cr_assert_eq (dg_scene_item (scene, i)->core.a, 0, "plain DOT drawn hollow");
  double label_y = -1, lowest_party = 0;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *it = dg_scene_item (scene, i);
      if (it->role == DG_ROLE_TITLE && it->kind == DG_ITEM_TEXT)
        {
          cr_assert_str_eq (it->text, "Bottom Line");
          label_y = it->box.y0;
        }
      if (it->role == DG_ROLE_PARTY)
        lowest_party = MAX (lowest_party, it->box.y1);
    }
  cr_assert (label_y > lowest_party, "the label is under the graph (%.1f, parties end at %.1f)", label_y,
             lowest_party);
  /* A deal graph keeps its title on top and its legend. */
  g_autoptr (DgGraph) deal = dg_test_load_deal ();
  cr_assert_not (dg_graph_is_plain (deal));
}

Test (auto_engine, hierarchies_get_dot)
{
  g_autoptr (DgGraph) tree = dg_test_load_data ("attrs", "hierarchy.gv");
  cr_assert_str_eq (dg_layout_auto_engine (tree), "dot");
  /* 40 parties in a ring with chords: no hierarchy, too big for "deal-sized". */
  GString *ring = g_string_new ("digraph {");
  for (int i = 0; i < 40; i++)
    g_string_append_printf (ring, " n%d -> n%d; n%d -> n%d;", i, (i + 1) % 40, i, (i + 7) % 40);
  g_string_append (ring, " }");
  g_autoptr (DgGraph) cyclic = dg_test_load_text (ring->str);
  cr_assert_str_eq (dg_layout_auto_engine (cyclic), "neato");
  /* The same ring with rankdir given: its author wants layers. */
  g_string_insert (ring, strlen ("digraph {"), " rankdir=TB;");
  g_autoptr (DgGraph) ranked = dg_test_load_text (ring->str);
  cr_assert_str_eq (dg_layout_auto_engine (ranked), "dot");
  g_string_free (ring, TRUE);
}

/* ---- safety and warnings ----------------------------------------------- */

Test (safety, files_and_links_are_refused_and_named_once)
{
  g_autoptr (GPtrArray) diags = NULL;
  g_autoptr (DgGraph) graph = load_with_diagnostics (
      "digraph {\n"
      "  a [image=\"/nonexistent/x.png\"];\n"
      "  b [image=\"/nonexistent/y.png\", URL=\"javascript:alert(1)\"];\n"
      "  c [shape=epsf, shapefile=\"/nonexistent/z.ps\"];\n"
      "  d [fontname=\"/etc/passwd\"];\n"
      "  e [label=<<TABLE><TR><TD><IMG SRC=\"/nonexistent/w.png\"/></TD><TD>kept</TD></TR></TABLE>>];\n"
      "  f [frobnicate=1]; g [frobnicate=2];\n"
      "}\n",
      &diags);
  cr_assert_eq (mentions (diags, "attribute image is ignored"), 1, "image named once");
  cr_assert_eq (mentions (diags, "inline.gv:2:"), 1, "at the first party that has it");
  cr_assert_eq (mentions (diags, "attribute URL is ignored"), 1);
  cr_assert_eq (mentions (diags, "attribute shapefile is ignored"), 1);
  cr_assert_eq (mentions (diags, "attribute shape is ignored"), 1, "shape=epsf reads a file");
  cr_assert_eq (mentions (diags, "attribute fontname is ignored"), 1, "a font path");
  cr_assert_eq (mentions (diags, "<IMG> dropped"), 1);
  cr_assert_eq (mentions (diags, "attribute frobnicate is ignored"), 1, "an unknown attribute, once");
  cr_assert_null (dg_attrs_get (&dg_graph_party (graph, party (graph, "a"))->attrs, "image"));
  cr_assert_null (dg_attrs_get (&dg_graph_party (graph, party (graph, "d"))->attrs, "fontname"));
  const char *html = dg_attrs_get (&dg_graph_party (graph, party (graph, "e"))->attrs, "label");
  cr_assert_not_null (html);
  cr_assert_null (strstr (html, "IMG"), "%s", html);
  cr_assert_not_null (strstr (html, "kept"), "%s", html);
}

Test (safety, bad_values_are_dropped_with_a_warning)
{
  g_autoptr (GPtrArray) diags = NULL;
  g_autoptr (DgGraph) graph = load_with_diagnostics (
      "digraph { a [color=notacolour, penwidth=-3, shape=blob]; a -> a [arrowhead=zigzag, dir=sideways]; }", &diags);
  cr_assert_eq (mentions (diags, "attribute color is ignored"), 1);
  cr_assert_eq (mentions (diags, "attribute penwidth is ignored"), 1);
  cr_assert_eq (mentions (diags, "attribute shape is ignored"), 1);
  cr_assert_eq (mentions (diags, "attribute arrowhead is ignored"), 1);
  cr_assert_eq (mentions (diags, "attribute dir is ignored"), 1);
  g_autoptr (DgLooks) looks = dg_looks_new (graph, report ());
  cr_assert (dg_looks_party (looks, 0)->own, "the theme's look stands in");
}

/* ---- the layout cache keeps Graphviz's drawings ------------------------- */

Test (cache, drawings_survive_a_round_trip)
{
  g_autofree char *path = dg_test_data_path ("attrs", "records.gv");
  g_autoptr (DgGraph) graph = dg_test_load_file (path);
  g_autoptr (DgLayout) layout = dg_test_layout (graph, report (), "dot", DG_LAYOUT_UNION);
  g_autoptr (GBytes) saved = NULL;
  g_autoptr (GError) error = NULL;
  cr_assert (dg_layout_save (layout, graph, report (), &saved, &error), "%s", error ? error->message : "");
  gsize len;
  const char *data = g_bytes_get_data (saved, &len);
  g_autoptr (DgLayout) back = dg_layout_load_data ("records.json", data, len, graph, report (), &error);
  cr_assert_not_null (back, "%s", error ? error->message : "");
  const DgGeometry *a = dg_layout_stage_geometry (layout, 0), *b = dg_layout_stage_geometry (back, 0);
  guint drawn = 0;
  for (guint i = 0; i < a->n_parties; i++)
    {
      cr_assert_str_eq (a->parties[i].draw != NULL ? a->parties[i].draw : "",
                        b->parties[i].draw != NULL ? b->parties[i].draw : "");
      cr_assert_str_eq (a->parties[i].label_draw != NULL ? a->parties[i].label_draw : "",
                        b->parties[i].label_draw != NULL ? b->parties[i].label_draw : "");
      drawn += a->parties[i].label_draw != NULL;
    }
  cr_assert (drawn > 0, "records come with Graphviz's drawing");
  g_autoptr (GBytes) again = NULL;
  cr_assert (dg_layout_save (back, graph, report (), &again, &error));
  cr_assert (g_bytes_equal (saved, again), "the cache reads back to the same bytes");
}

/* ---- the legend tells the truth about the user's colours ---------------- */

Test (legend, shows_the_colour_every_tie_of_a_kind_was_given)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (
      "digraph { edge [color=red]; a [kind=company]; b [kind=lab];"
      " a -> b [kind=license]; b -> a [kind=license]; a -> b [kind=stake, color=blue, value=\"10%\"];"
      " b -> a [kind=stake, value=\"5%\", color=green]; }");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, report (), "dot", DG_LAYOUT_UNION);
  g_autoptr (DgScene) scene = dg_scene_build (graph, layout, report (), 0, NULL);
  const DgTieStyle *stake = dg_theme_tie_style (report (), "stake");
  gboolean license_red = FALSE, stake_theme = FALSE;
  for (guint i = 0; i < dg_scene_n_items (scene); i++)
    {
      const DgSceneItem *it = dg_scene_item (scene, i);
      if (it->role != DG_ROLE_LEGEND || it->kind != DG_ITEM_CURVE || it->id == NULL)
        continue;
      if (it->id == g_intern_string ("legend tie:license"))
        license_red |= color_is (it->stroke, 1, 0, 0);
      if (it->id == g_intern_string ("legend tie:stake"))
        stake_theme |= color_is (it->stroke, stake->color.r, stake->color.g, stake->color.b);
    }
  cr_assert (license_red, "every license tie is red: so is the legend's");
  cr_assert (stake_theme, "stakes differ (blue, green): the legend keeps the theme's colour");
}

/* ---- size ---------------------------------------------------------------- */

Test (size, the_graph_size_scales_the_figure_as_dot_does)
{
  g_autoptr (DgGraph) small = dg_test_load_text ("digraph { size=\"1,1\"; a -> b -> c; a -> c; }");
  g_autoptr (DgScene) scene = scene_of (small);
  double w = dg_scene_get_width (scene), h = dg_scene_get_height (scene);
  double scale = dg_scene_get_preferred_scale (scene);
  cr_assert (scale < 1.0, "a figure larger than 1 in shrinks (scale %g)", scale);
  cr_assert_float_eq (MAX (w * scale, h * scale), 72.0, 0.01, "and fits 1 in exactly on its longer side");
  /* What is drawn: the PDF page is the scaled size. */
  DgRenderOptions options = DG_RENDER_OPTIONS_INIT;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) svg = dg_render_scene (scene, DG_FORMAT_SVG, &options, &error);
  cr_assert_not_null (svg, "%s", error ? error->message : "");
  g_autofree char *head = g_strndup (g_bytes_get_data (svg, NULL), 400);
  const char *at = strstr (head, "height=\"");
  cr_assert_not_null (at, "%s", head);
  cr_assert_float_eq (g_ascii_strtod (at + strlen ("height=\""), NULL), h * scale, 0.01, "the SVG is %s", head);
  /* A width given to the renderer wins. */
  cr_assert_float_eq (dg_scene_output_scale (scene, 2 * w), 2.0, 1e-9);
  /* Smaller than its size: unchanged, unless "!" asks to fill it. */
  g_autoptr (DgGraph) roomy = dg_test_load_text ("digraph { size=\"100,100\"; a -> b; }");
  g_autoptr (DgScene) as_is = scene_of (roomy);
  cr_assert_float_eq (dg_scene_get_preferred_scale (as_is), 1.0, 1e-9);
  g_autoptr (DgGraph) filled = dg_test_load_text ("digraph { size=\"20,20!\"; a -> b; }");
  g_autoptr (DgScene) big = scene_of (filled);
  cr_assert (dg_scene_get_preferred_scale (big) > 1.0);
}

/* ---- exports carry what Graphviz was told to draw ----------------------- */

Test (export, dot_keeps_records_html_and_user_arrowheads)
{
  g_autoptr (DgGraph) graph = dg_test_load_text (
      "digraph { r [shape=record, label=\"<f0> left|{<f1> up|down}\"];"
      " h [label=<<B>bold</B> text>]; r:f0 -> h [arrowhead=odiamond]; }");
  g_autoptr (DgLayout) layout = dg_test_layout (graph, report (), "dot", DG_LAYOUT_UNION);
  DgExportOptions options = DG_EXPORT_OPTIONS_INIT;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = dg_export_graph (graph, report (), layout, DG_EXPORT_DOT, &options, &error);
  cr_assert_not_null (bytes, "%s", error ? error->message : "");
  g_autofree char *dot = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  cr_assert_not_null (strstr (dot, "shape=\"record\""), "%s", dot);
  cr_assert_not_null (strstr (dot, "label=\"<f0> left|{<f1> up|down}\""), "%s", dot);
  cr_assert_not_null (strstr (dot, "label=<<B>bold</B> text>"), "%s", dot);
  cr_assert_not_null (strstr (dot, "arrowhead=\"odiamond\""), "%s", dot);
}
