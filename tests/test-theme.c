/* test-theme.c — theme files: the shipped themes, inheritance, added kinds and every error. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "dg-paths.h"
#include "error.h"
#include "theme.h"

#include "dg-test.h"

static const char *const shipped_themes[] = { "report", "dark", "grayscale" };
static const char *const party_kinds[] = { "company", "lab", "cloud", "product", "investor",
                                           "customer" };
static const char *const tie_kinds[] = { "stake", "investment", "license", "revenue_share",
                                         "channel", "partnership", "owns" };
static const char *const terms[] = { "exclusive", "nonexclusive", "primary", "capped" };

static DgTheme *
data_ok (const char *name, const char *data)
{
  g_autoptr(GError) error = NULL;
  DgTheme *theme = dg_theme_load_data (name, data, strlen (data), &error);
  cr_assert_not_null (theme, "loading %s: %s", name, error ? error->message : "?");
  return theme;
}

/* Loading @data as @name fails with DG_ERROR_THEME and a message holding
 * @name and each of the NULL-terminated strings after it. */
static void
expect_error (const char *name, const char *data, ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgTheme) theme = dg_theme_load_data (name, data, strlen (data), &error);
  cr_assert_null (theme, "%s loaded but should not have", name);
  cr_assert_not_null (error);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_THEME), "%s: wrong error %s", name,
             error->message);
  cr_assert (strstr (error->message, name) != NULL, "no file name in: %s", error->message);
  va_list ap;
  va_start (ap, data);
  for (const char *s = va_arg (ap, const char *); s != NULL; s = va_arg (ap, const char *))
    cr_assert (strstr (error->message, s) != NULL, "expected \"%s\" in: %s", s, error->message);
  va_end (ap);
}

static gboolean
color_eq (DgColor a, DgColor b)
{
  return fabs (a.r - b.r) < 1e-9 && fabs (a.g - b.g) < 1e-9 && fabs (a.b - b.b) < 1e-9 &&
         fabs (a.a - b.a) < 1e-9;
}

static gboolean
dash_eq (DgDash a, DgDash b)
{
  if (a.n != b.n)
    return FALSE;
  for (guint i = 0; i < a.n; i++)
    if (a.on_off[i] != b.on_off[i])
      return FALSE;
  return TRUE;
}

/* WCAG 2 relative luminance and contrast ratio. */
static double
channel (double c)
{
  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (DgColor c)
{
  return 0.2126 * channel (c.r) + 0.7152 * channel (c.g) + 0.0722 * channel (c.b);
}

static double
contrast (DgColor a, DgColor b)
{
  double la = luminance (a), lb = luminance (b);
  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

static gboolean
gray (DgColor c)
{
  return c.r == c.g && c.g == c.b;
}

/* Writes @text to @dir/@name; returns that path. */
static char *
write_file (const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename (dir, name, NULL);
  cr_assert (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* ---- The shipped themes ---------------------------------------------------- */

Test (theme, shipped_themes_know_every_shipped_kind)
{
  for (guint t = 0; t < G_N_ELEMENTS (shipped_themes); t++)
    {
      g_autoptr(DgTheme) theme = dg_test_load_theme (shipped_themes[t]);
      cr_assert_str_eq (dg_theme_get_name (theme), shipped_themes[t]);
      g_autofree char *file = g_strconcat (shipped_themes[t], ".theme", NULL);
      cr_assert (g_str_has_suffix (dg_theme_get_path (theme), file));

      for (guint i = 0; i < G_N_ELEMENTS (party_kinds); i++)
        {
          cr_assert (dg_theme_knows_party_kind (theme, party_kinds[i]), "%s: party %s",
                     shipped_themes[t], party_kinds[i]);
          cr_assert (g_strv_contains (dg_theme_party_kinds (theme), party_kinds[i]));
          cr_assert_neq (dg_theme_party_style (theme, party_kinds[i]),
                         dg_theme_party_style (theme, NULL));
        }
      for (guint i = 0; i < G_N_ELEMENTS (tie_kinds); i++)
        {
          cr_assert (dg_theme_knows_tie_kind (theme, tie_kinds[i]), "%s: tie %s",
                     shipped_themes[t], tie_kinds[i]);
          cr_assert (g_strv_contains (dg_theme_tie_kinds (theme), tie_kinds[i]));
          const DgTieStyle *s = dg_theme_tie_style (theme, tie_kinds[i]);
          cr_assert (s->min_width > 0 && s->min_width <= s->max_width && s->width > 0);
        }
      for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
        cr_assert_not_null (dg_theme_term_style (theme, terms[i]), "%s: term %s",
                            shipped_themes[t], terms[i]);
      cr_assert_eq (g_strv_length ((char **) dg_theme_party_kinds (theme)),
                    G_N_ELEMENTS (party_kinds));
      cr_assert_eq (g_strv_length ((char **) dg_theme_tie_kinds (theme)),
                    G_N_ELEMENTS (tie_kinds));

      const DgFurnitureStyle *f = dg_theme_furniture (theme);
      cr_assert_str_eq (f->font, "DejaVu Sans");
      cr_assert (f->font_size >= 9 && f->label_font_size >= 7 && f->small_font_size >= 7);
      cr_assert (f->title_font_size > f->caption_font_size &&
                 f->caption_font_size > f->font_size && f->font_size > f->label_font_size);
    }
}

Test (theme, report_reads_without_colour)
{
  g_autoptr(DgTheme) theme = dg_test_load_theme ("report");

  /* Party kinds differ by shape and by fill. */
  for (guint i = 0; i < G_N_ELEMENTS (party_kinds); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (party_kinds); j++)
      {
        const DgPartyStyle *a = dg_theme_party_style (theme, party_kinds[i]);
        const DgPartyStyle *b = dg_theme_party_style (theme, party_kinds[j]);
        cr_assert_neq (a->shape, b->shape, "%s and %s share a shape", party_kinds[i],
                       party_kinds[j]);
        cr_assert (!color_eq (a->fill, b->fill), "%s and %s share a fill", party_kinds[i],
                   party_kinds[j]);
      }

  /* Tie kinds differ by colour, and by dash or arrowhead — except owns,
   * which is drawn as the largest stake on purpose. */
  for (guint i = 0; i < G_N_ELEMENTS (tie_kinds); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (tie_kinds); j++)
      {
        const DgTieStyle *a = dg_theme_tie_style (theme, tie_kinds[i]);
        const DgTieStyle *b = dg_theme_tie_style (theme, tie_kinds[j]);
        cr_assert (!color_eq (a->color, b->color), "%s and %s share a colour", tie_kinds[i],
                   tie_kinds[j]);
        gboolean equity = (strcmp (tie_kinds[i], "stake") == 0 && strcmp (tie_kinds[j], "owns") == 0);
        if (!equity)
          cr_assert (!dash_eq (a->dash, b->dash) || a->arrow != b->arrow,
                     "%s and %s look alike in grayscale", tie_kinds[i], tie_kinds[j]);
      }
  cr_assert (dg_theme_tie_style (theme, "owns")->width >=
             dg_theme_tie_style (theme, "stake")->max_width);

  /* Money spans orders of magnitude; a stake is linear over 0–100 %. */
  cr_assert_neq (dg_theme_tie_style (theme, "investment")->scale, DG_SCALE_LINEAR);
  cr_assert_neq (dg_theme_tie_style (theme, "revenue_share")->scale, DG_SCALE_LINEAR);
  cr_assert_eq (dg_theme_tie_style (theme, "stake")->scale, DG_SCALE_LINEAR);
  cr_assert (dg_theme_tie_style (theme, "investment")->max_width >=
             3 * dg_theme_tie_style (theme, "investment")->min_width);

  /* exclusive and nonexclusive differ in a grayscale print. */
  const DgTermStyle *ex = dg_theme_term_style (theme, "exclusive");
  const DgTermStyle *nx = dg_theme_term_style (theme, "nonexclusive");
  cr_assert (ex->double_line && !nx->double_line);
  cr_assert (ex->has_dash && ex->dash.n == 0, "exclusive is solid");
  cr_assert (nx->has_dash && nx->dash.n > 0, "nonexclusive is dashed");
  const DgTermStyle *capped = dg_theme_term_style (theme, "capped");
  cr_assert (capped->has_dash && capped->dash.n > 0 && !dash_eq (capped->dash, nx->dash));
  cr_assert_gt (dg_theme_term_style (theme, "primary")->width_factor, 1.0);
  cr_assert_eq (dg_theme_term_style (theme, "primary")->has_dash, FALSE);

  const DgFurnitureStyle *f = dg_theme_furniture (theme);
  cr_assert (color_eq (f->background, (DgColor) { 1, 1, 1, 1 }));
  cr_assert_geq (contrast (f->text, f->background), 7.0);
  cr_assert_geq (contrast (f->muted, f->background), 4.5);
}

Test (theme, every_shipped_theme_has_legible_text)
{
  for (guint t = 0; t < G_N_ELEMENTS (shipped_themes); t++)
    {
      g_autoptr(DgTheme) theme = dg_test_load_theme (shipped_themes[t]);
      const DgFurnitureStyle *f = dg_theme_furniture (theme);
      cr_assert_geq (contrast (f->text, f->background), 7.0, "%s text", shipped_themes[t]);
      cr_assert_geq (contrast (f->muted, f->background), 4.5, "%s muted", shipped_themes[t]);
      cr_assert_geq (contrast (f->accent, f->background), 3.0, "%s accent", shipped_themes[t]);
      for (guint i = 0; i <= G_N_ELEMENTS (party_kinds); i++)
        {
          const char *kind = i < G_N_ELEMENTS (party_kinds) ? party_kinds[i] : NULL;
          const DgPartyStyle *p = dg_theme_party_style (theme, kind);
          cr_assert_geq (contrast (p->text, p->fill), 4.5, "%s: party %s label",
                         shipped_themes[t], kind ? kind : "*");
        }
    }
}

Test (theme, dark_is_dark_with_the_same_semantics)
{
  g_autoptr(DgTheme) dark = dg_test_load_theme ("dark");
  g_autoptr(DgTheme) report = dg_test_load_theme ("report");
  const DgFurnitureStyle *f = dg_theme_furniture (dark);
  cr_assert_lt (luminance (f->background), 0.05);
  cr_assert_gt (luminance (f->text), 0.8);
  cr_assert_geq (contrast (f->text, f->background), 12.0);

  for (guint i = 0; i < G_N_ELEMENTS (tie_kinds); i++)
    {
      const DgTieStyle *d = dg_theme_tie_style (dark, tie_kinds[i]);
      const DgTieStyle *r = dg_theme_tie_style (report, tie_kinds[i]);
      cr_assert (dash_eq (d->dash, r->dash) && d->arrow == r->arrow && d->scale == r->scale &&
                 d->min_width == r->min_width && d->max_width == r->max_width,
                 "dark %s means something else", tie_kinds[i]);
      cr_assert_geq (contrast (d->color, f->background), 4.0, "dark %s line", tie_kinds[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (party_kinds); i++)
    cr_assert_eq (dg_theme_party_style (dark, party_kinds[i])->shape,
                  dg_theme_party_style (report, party_kinds[i])->shape);
}

Test (theme, grayscale_has_only_grays)
{
  g_autoptr(DgTheme) theme = dg_test_load_theme ("grayscale");
  const DgFurnitureStyle *f = dg_theme_furniture (theme);
  DgColor furniture[] = { f->background, f->text, f->muted, f->accent, f->label_background,
                          f->group_fill, f->group_stroke };
  for (guint i = 0; i < G_N_ELEMENTS (furniture); i++)
    cr_assert (gray (furniture[i]), "furniture colour %u is not gray", i);

  const char *const *kinds = dg_theme_party_kinds (theme);
  for (guint i = 0; i <= g_strv_length ((char **) kinds); i++)
    {
      const DgPartyStyle *p = dg_theme_party_style (theme, kinds[i]); /* last: default */
      cr_assert (gray (p->fill) && gray (p->stroke) && gray (p->text), "party %s",
                 kinds[i] ? kinds[i] : "*");
    }
  kinds = dg_theme_tie_kinds (theme);
  for (guint i = 0; i <= g_strv_length ((char **) kinds); i++)
    {
      const DgTieStyle *t = dg_theme_tie_style (theme, kinds[i]);
      cr_assert (gray (t->color), "tie %s", kinds[i] ? kinds[i] : "*");
      cr_assert_geq (contrast (t->color, f->background), 4.5, "tie %s too light",
                     kinds[i] ? kinds[i] : "*");
    }
  for (guint i = 0; i < G_N_ELEMENTS (terms); i++)
    {
      const DgTermStyle *s = dg_theme_term_style (theme, terms[i]);
      cr_assert (!s->has_color || gray (s->color), "term %s", terms[i]);
    }
}

/* ---- Inheritance and added kinds ----------------------------------------- */

Test (theme, child_overrides_one_key_and_keeps_the_rest)
{
  g_autoptr(DgTheme) report = dg_test_load_theme ("report");
  g_autoptr(DgTheme) child = data_ok ("child", "[theme]\ninherit = report\n"
                                               "[tie stake]\ncolor = #FF0000\n");
  cr_assert_str_eq (dg_theme_get_name (child), "child");
  cr_assert_null (dg_theme_get_path (child));

  const DgTieStyle *c = dg_theme_tie_style (child, "stake");
  const DgTieStyle *r = dg_theme_tie_style (report, "stake");
  cr_assert (color_eq (c->color, (DgColor) { 1, 0, 0, 1 }));
  cr_assert (!color_eq (r->color, c->color));
  cr_assert (dash_eq (c->dash, r->dash));
  cr_assert_eq (c->arrow, r->arrow);
  cr_assert_eq (c->scale, r->scale);
  cr_assert_eq (c->max_width, r->max_width);

  const DgTieStyle *ci = dg_theme_tie_style (child, "investment");
  const DgTieStyle *ri = dg_theme_tie_style (report, "investment");
  cr_assert (color_eq (ci->color, ri->color) && ci->scale == ri->scale);
  cr_assert (memcmp (dg_theme_party_style (child, "lab"), dg_theme_party_style (report, "lab"),
                     sizeof (DgPartyStyle)) == 0);
  cr_assert_eq (dg_theme_furniture (child)->font_size, dg_theme_furniture (report)->font_size);
  cr_assert (color_eq (dg_theme_furniture (child)->accent, dg_theme_furniture (report)->accent));
}

Test (theme, child_default_group_reaches_inherited_kinds)
{
  /* report's kinds do not set bold, so [party *] bold in a child reaches
   * them; a kind that sets a key itself keeps it. */
  g_autoptr(DgTheme) child = data_ok ("bold", "[theme]\ninherit = report\n"
                                              "[party *]\nbold = true\nshape = circle\n");
  cr_assert (dg_theme_party_style (child, "company")->bold);
  cr_assert (dg_theme_party_style (child, NULL)->bold);
  cr_assert_eq (dg_theme_party_style (child, "company")->shape, DG_SHAPE_ROUNDED);
  cr_assert_eq (dg_theme_party_style (child, "unheard-of")->shape, DG_SHAPE_CIRCLE);
}

Test (theme, inherit_by_relative_path)
{
  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("theme");
  g_autofree char *base = write_file (dir.path, "base.theme",
                                      "[theme]\nmargin = 40\n[party company]\nshape = note\n");
  g_autofree char *leaf = write_file (dir.path, "leaf.theme",
                                      "[theme]\ninherit = base.theme\nname = Leaf\n"
                                      "[party company]\nfill = #00000080\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(DgTheme) theme = dg_theme_load (leaf, &error);
  dg_test_tmp_dir_clear (&dir);
  cr_assert_not_null (theme, "%s", error ? error->message : "?");
  cr_assert_str_eq (dg_theme_get_name (theme), "Leaf");
  cr_assert_str_eq (dg_theme_get_path (theme), leaf);
  cr_assert_eq (dg_theme_furniture (theme)->margin, 40);
  const DgPartyStyle *p = dg_theme_party_style (theme, "company");
  cr_assert_eq (p->shape, DG_SHAPE_NOTE);
  cr_assert (fabs (p->fill.a - 128 / 255.0) < 1e-9 && p->fill.r == 0);
}

Test (theme, a_theme_adds_a_tie_kind)
{
  g_autoptr(DgTheme) report = dg_test_load_theme ("report");
  cr_assert (!dg_theme_knows_tie_kind (report, "loan"));

  g_autoptr(DgTheme) theme = data_ok ("loans", "[theme]\ninherit = report\n"
                                               "[tie loan]\ncolor = #112233\ndash = 4 2\n"
                                               "[party bank]\nshape = box\n");
  cr_assert (dg_theme_knows_tie_kind (theme, "loan"));
  cr_assert (dg_theme_knows_tie_kind (theme, "LOAN"), "kinds match case-insensitively");
  cr_assert (dg_theme_knows_party_kind (theme, "bank"));
  cr_assert (dg_theme_knows_tie_kind (theme, "stake"), "inherited kinds stay");

  const char *const *ties = dg_theme_tie_kinds (theme);
  guint n = g_strv_length ((char **) ties);
  cr_assert_str_eq (ties[n - 1], "loan", "added kinds come after the inherited ones");
  cr_assert_str_eq (ties[0], "stake");

  const DgTieStyle *loan = dg_theme_tie_style (theme, "loan");
  cr_assert_eq (loan->dash.n, 2);
  cr_assert (loan->dash.on_off[0] == 4 && loan->dash.on_off[1] == 2);
  /* What the group does not say comes from [tie *]. */
  const DgTieStyle *def = dg_theme_tie_style (theme, NULL);
  cr_assert (loan->arrow == def->arrow && loan->scale == def->scale &&
             loan->max_width == def->max_width);
}

Test (theme, unknown_kind_falls_back_to_the_default)
{
  g_autoptr(DgTheme) theme = dg_test_load_theme ("report");
  cr_assert_eq (dg_theme_tie_style (theme, "no-such-kind"), dg_theme_tie_style (theme, NULL));
  cr_assert_eq (dg_theme_party_style (theme, "no-such-kind"), dg_theme_party_style (theme, NULL));
  cr_assert (!dg_theme_knows_tie_kind (theme, "no-such-kind"));
  cr_assert (!dg_theme_knows_party_kind (theme, "*"));
  cr_assert (!dg_theme_knows_tie_kind (theme, NULL));
  cr_assert_null (dg_theme_term_style (theme, "no-such-term"));
  cr_assert_null (dg_theme_term_style (theme, NULL));
  cr_assert_neq (dg_theme_tie_style (theme, "stake"), dg_theme_tie_style (theme, NULL));
  cr_assert_eq (dg_theme_tie_style (theme, "Stake"), dg_theme_tie_style (theme, "stake"));
}

Test (theme, empty_theme_gets_built_in_defaults)
{
  g_autoptr(DgTheme) theme = data_ok ("empty", "");
  cr_assert_str_eq (dg_theme_furniture (theme)->font, "DejaVu Sans");
  cr_assert_eq (dg_theme_furniture (theme)->font_size, 10);
  cr_assert_eq (dg_theme_tie_style (theme, "stake")->width, 1.5);
  cr_assert_null (dg_theme_party_kinds (theme)[0]);
  cr_assert_null (dg_theme_tie_kinds (theme)[0]);
}

/* ---- Errors ----------------------------------------------------------------- */

Test (theme, bad_colour)
{
  expect_error ("bad-colour.theme", "[theme]\nbackground = #12345\n",
                "bad-colour.theme:2: [theme] background", "\"#12345\" is not a colour", NULL);
  expect_error ("bad-colour2.theme", "[party lab]\nfill = blue\n", "[party lab] fill", NULL);
  expect_error ("bad-colour3.theme", "[term capped]\ncolor = #GG0000\n", "[term capped] color",
                NULL);
}

Test (theme, bad_dash)
{
  expect_error ("templates/x.theme", "[theme]\n\n[tie stake]\ndash = zigzag\n",
                "templates/x.theme:4: [tie stake] dash: \"zigzag\" is not a dash pattern "
                "(solid, dashed, dotted, dashdot or numbers)", NULL);
  expect_error ("dash-long.theme", "[tie stake]\ndash = 1 2 3 4 5 6 7\n", "[tie stake] dash",
                "more than six", NULL);
  expect_error ("dash-zero.theme", "[term capped]\ndash = 0 0\n", "[term capped] dash", "zero",
                NULL);
}

Test (theme, unknown_key)
{
  expect_error ("typo.theme", "[tie stake]\ncolour = #000000\n", "typo.theme:2: [tie stake] colour",
                "unknown key", "did you mean color", NULL);
  expect_error ("typo2.theme", "[theme]\nwibble = 3\n", "[theme] wibble", "unknown key",
                "font-size", NULL);
  /* Keys of one group type are not keys of another. */
  expect_error ("typo3.theme", "[party company]\narrow = normal\n", "[party company] arrow",
                NULL);
}

Test (theme, unknown_shape_arrow_scale_and_bool)
{
  expect_error ("shape.theme", "[party company]\nshape = blob\n", "[party company] shape",
                "\"blob\" is not a shape", "parallelogram", NULL);
  expect_error ("arrow.theme", "[tie stake]\narrow = harpoon\n", "[tie stake] arrow", "harpoon",
                NULL);
  expect_error ("scale.theme", "[tie stake]\nscale = cubic\n", "[tie stake] scale", "cubic",
                NULL);
  expect_error ("bool.theme", "[term exclusive]\ndouble-line = maybe\n",
                "[term exclusive] double-line", NULL);
}

Test (theme, bad_numbers)
{
  expect_error ("num.theme", "[theme]\nfont-size = big\n", "[theme] font-size", "not a number",
                NULL);
  expect_error ("num2.theme", "[theme]\nfont-size = 0\n", "[theme] font-size", "outside", NULL);
  expect_error ("num3.theme", "[tie stake]\nwidth = nan\n", "[tie stake] width", NULL);
  expect_error ("minmax.theme", "[tie stake]\nmin-width = 8\nmax-width = 4\n", "[tie stake]",
                "min-width", NULL);
}

Test (theme, syntax_error_names_file_and_line)
{
  expect_error ("syntax.theme", "[theme]\nmargin = 3\nthis line is wrong\n", "syntax.theme:3:",
                "this line is wrong", NULL);
  expect_error ("syntax2.theme", "margin = 3\n", "syntax2.theme:1:", "before any group", NULL);
  expect_error ("syntax3.theme", "[theme\n", "syntax3.theme:1:", NULL);
  expect_error ("syntax4.theme", "[theme]\nfont = A\xff\n", "syntax4.theme:2:", "UTF-8", NULL);
  expect_error ("syntax5.theme", "[theme]\nname = x\nname = y\n", "syntax5.theme:3:",
                "[theme] name", "line 2", NULL);
  expect_error ("syntax6.theme", "[tie stake]\n[theme]\n[tie stake]\n", "syntax6.theme:3:",
                "[tie stake]", NULL);
  expect_error ("syntax7.theme", "[theme]\nname[de] = x\n", "syntax7.theme:2:", NULL);
}

Test (theme, unknown_group)
{
  expect_error ("group.theme", "[theme]\n[furniture]\n", "group.theme:2: [furniture]",
                "unknown group", NULL);
  expect_error ("group2.theme", "[party]\nshape = box\n", "[party]", "KIND", NULL);
  expect_error ("group3.theme", "[tie stake extra]\n", "[tie stake extra]", NULL);
  expect_error ("group4.theme", "[tie stake]\n[tie  stake]\n", "[tie  stake]", "same as", NULL);
}

Test (theme, inherit_cycle)
{
  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("theme");
  g_autofree char *a = write_file (dir.path, "a.theme", "[theme]\ninherit = b.theme\n");
  g_autofree char *b = write_file (dir.path, "b.theme", "[theme]\ninherit = a.theme\n");
  g_autofree char *self = write_file (dir.path, "self.theme", "[theme]\n\ninherit = ./self.theme\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(DgTheme) theme = dg_theme_load (a, &error);
  g_autoptr(GError) error2 = NULL;
  g_autoptr(DgTheme) theme2 = dg_theme_load (self, &error2);
  dg_test_tmp_dir_clear (&dir);

  cr_assert_null (theme);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_THEME));
  cr_assert (strstr (error->message, "b.theme:2: [theme] inherit") != NULL, "%s", error->message);
  cr_assert (strstr (error->message, "cycle") != NULL, "%s", error->message);
  cr_assert (strstr (error->message, "a.theme") != NULL, "%s", error->message);

  cr_assert_null (theme2);
  cr_assert (g_error_matches (error2, DEALGRAPH_ERROR, DG_ERROR_THEME));
  cr_assert (strstr (error2->message, "self.theme:3: [theme] inherit") != NULL, "%s",
             error2->message);
  cr_assert (strstr (error2->message, "cycle") != NULL, "%s", error2->message);
}

Test (theme, errors_in_a_parent_name_the_parent)
{
  g_auto (DgTestTmpDir) dir = dg_test_tmp_dir ("theme");
  g_autofree char *base = write_file (dir.path, "base.theme", "[tie stake]\ndash = wavy\n");
  g_autofree char *leaf = write_file (dir.path, "leaf.theme", "[theme]\ninherit = base.theme\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(DgTheme) theme = dg_theme_load (leaf, &error);
  dg_test_tmp_dir_clear (&dir);
  cr_assert_null (theme);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_THEME));
  cr_assert (strstr (error->message, "base.theme:2: [tie stake] dash") != NULL, "%s",
             error->message);
}

Test (theme, missing_theme_lists_the_available_ones)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgTheme) theme = dg_theme_load ("no-such-theme", &error);
  cr_assert_null (theme);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_THEME));
  const char *want[] = { "no-such-theme", dg_theme_template_dir (), "dark, grayscale, report" };
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    cr_assert (strstr (error->message, want[i]) != NULL, "expected %s in: %s", want[i],
               error->message);

  expect_error ("orphan.theme", "[theme]\ninherit = nope\n", "orphan.theme:2: [theme] inherit",
                "\"nope\"", "report", NULL);
}

Test (theme, missing_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DgTheme) theme = dg_theme_load ("/nonexistent/dir/x.theme", &error);
  cr_assert_null (theme);
  cr_assert (g_error_matches (error, DEALGRAPH_ERROR, DG_ERROR_THEME));
  cr_assert (strstr (error->message, "/nonexistent/dir/x.theme") != NULL, "%s", error->message);
}

/* ---- The template directory ---------------------------------------------- */

Test (theme, template_dir_follows_the_environment)
{
  const char *env = g_getenv ("DEALGRAPH_TEMPLATES");
  cr_assert_not_null (env, "meson sets DEALGRAPH_TEMPLATES for tests");
  cr_assert_str_eq (dg_theme_template_dir (), env);
  g_autoptr(DgTheme) theme = dg_test_load_theme ("report");
  g_autofree char *want = g_build_filename (env, "report.theme", NULL);
  cr_assert_str_eq (dg_theme_get_path (theme), want);
}

Test (theme, template_dir_from_the_build_tree)
{
  /* Each Criterion test is its own process, so the g_once value is fresh. */
  g_unsetenv ("DEALGRAPH_TEMPLATES");
  cr_assert_str_eq (dg_theme_template_dir (), DG_SOURCE_TEMPLATES_DIR);
  cr_assert_eq (dg_theme_template_dir (), dg_theme_template_dir (), "computed once");
}

/* ---- The README's examples are themes that load ------------------------- */

Test (theme, readme_examples_load)
{
  g_autofree char *readme = g_build_filename (g_getenv ("DEALGRAPH_TEMPLATES"), "README.md", NULL);
  g_autofree char *text = NULL;
  cr_assert (g_file_get_contents (readme, &text, NULL, NULL), "cannot read %s", readme);
  guint n = 0;
  for (const char *p = strstr (text, "```ini\n"); p != NULL; p = strstr (p, "```ini\n"))
    {
      p += strlen ("```ini\n");
      const char *end = strstr (p, "```");
      cr_assert_not_null (end);
      g_autofree char *block = g_strndup (p, (gsize) (end - p));
      g_autofree char *name = g_strdup_printf ("README.md example %u", ++n);
      g_autoptr(DgTheme) theme = data_ok (name, block);
      p = end + 3;
    }
  cr_assert_geq (n, 2, "README.md should show the format by example");
}
