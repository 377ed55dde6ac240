/* test-escape.c — input text made safe for a terminal, for XML/HTML and for JSON in a page (src/common/escape.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "dg-escape-private.h"

#define RLO "\xe2\x80\xae" /* U+202E RIGHT-TO-LEFT OVERRIDE */
#define RLM "\xe2\x80\x8f" /* U+200F RIGHT-TO-LEFT MARK */
#define FFFD "\xef\xbf\xbd"

Test (terminal, controls_and_bidi_become_visible_escapes)
{
  g_autofree char *s = dg_escape_terminal ("a\x1b[2Jb\x7f\xc2\x85" RLO "c" RLM "\tn\nx\xff", 0, FALSE);
  cr_assert_str_eq (s, "a\\u001b[2Jb\\u007f\\u0085\\u202ec\\u200f\\u0009n\\u000ax" FFFD);
}

Test (terminal, newlines_kept_when_asked)
{
  g_autofree char *s = dg_escape_terminal ("one\ntwo\r", 0, TRUE);
  cr_assert_str_eq (s, "one\ntwo\\u000d");
}

Test (terminal, long_text_is_cut_with_an_ellipsis)
{
  g_autofree char *s = dg_escape_terminal ("abcdefghij", 4, FALSE);
  cr_assert_str_eq (s, "abcd…");
  g_autofree char *whole = dg_escape_terminal ("abcd", 4, FALSE);
  cr_assert_str_eq (whole, "abcd", "nothing was cut, so no ellipsis");
  g_autofree char *none = dg_escape_terminal (NULL, 0, FALSE);
  cr_assert_str_eq (none, "");
}

Test (markup, xml_and_html_specials_as_references)
{
  g_autofree char *s = dg_escape_markup ("a&b<c>\"d'e\tf\ng\rh");
  cr_assert_str_eq (s, "a&amp;b&lt;c&gt;&quot;d&#39;e&#9;f&#10;g&#13;h");
}

Test (markup, what_xml_cannot_carry_becomes_fffd)
{
  g_autofree char *s = dg_escape_markup ("x\x01\x1b\xc2\x85\xef\xbf\xbe\xef\xbf\xbfy\xff");
  cr_assert_str_eq (s, "x" FFFD FFFD FFFD FFFD FFFD "y" FFFD);
}

Test (markup, bidi_controls_show_in_the_source)
{
  g_autofree char *s = dg_escape_markup ("evil" RLO "moc.exe");
  cr_assert_str_eq (s, "evil&#x202E;moc.exe");
  g_autofree char *plain = dg_escape_markup ("Zürich 北京 €");
  cr_assert_str_eq (plain, "Zürich 北京 €", "ordinary text passes unchanged");
}

Test (markup, null_appends_nothing)
{
  GString *out = g_string_new ("k");
  dg_escape_markup_append (out, NULL);
  cr_assert_str_eq (out->str, "k");
  g_string_free (out, TRUE);
}

Test (json, script_safe_string_literal)
{
  GString *out = g_string_new (NULL);
  dg_escape_json_append (out, "</script><!--\"\\\n\t\x01" RLO "\xe2\x80\xa8é");
  cr_assert_str_eq (out->str, "\"\\u003c/script\\u003e\\u003c!--\\\"\\\\\\n\\t\\u0001\\u202e\\u2028é\"");
  g_string_truncate (out, 0);
  dg_escape_json_append (out, NULL);
  cr_assert_str_eq (out->str, "null");
  g_string_free (out, TRUE);
}
