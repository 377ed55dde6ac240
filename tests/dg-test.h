/* dg-test.h — helpers the Criterion tests share: test files, graphs and layouts, temporary trees, the CLI. */
#pragma once

#include <criterion/criterion.h>
#include <cairo.h>
#include <glib.h>

#include "dealgraph.h"

/* Every helper that can fail asserts (cr_assert), so a test never sees a NULL
 * from them; the message names the file or input. A failed assertion ends
 * the test's process at once, so what a helper would have freed or removed
 * afterwards is left behind — which keeps the evidence of a failure. */

/* The unit tests' deal: tests/data/good/<this>.gv, the showcase frozen as a
 * fixture (its header says when), and the name of the folder the CLI renders
 * it into. Unit tests use it, never graphs/, so the showcase can change. */
#define DG_TEST_DEAL_NAME "deal-fixture"

/* The showcase graph: graphs/<this>.gv in the source tree, and the name of
 * the folder the CLI renders it into. Only the end-to-end tests of the CLI
 * (test-cli.c, the shell scripts) render it; tests/unit-fixtures-test.sh
 * keeps it out of the other test files. */
#define DG_TEST_FLAGSHIP_NAME "microsoft-openai-2026"

/* A modification time long past, to see whether a write touches a file. */
#define DG_TEST_PAST_SECONDS 1000000000 /* 2001-09-09 */

/* ---- files of the source tree ---------------------------------------- */

/* $DG_SOURCE_ROOT/@dir/@name; the caller frees it. */
char *dg_test_source_path (const char *dir, const char *name);

/* $DG_TEST_DATA/@dir/@name (tests/data); the caller frees it. */
char *dg_test_data_path (const char *dir, const char *name);

/* The deal fixture's path, tests/data/good/deal-fixture.gv; the caller frees it. */
char *dg_test_deal_path (void);

/* The showcase's path, graphs/microsoft-openai-2026.gv, for the CLI's
 * end-to-end tests only; the caller frees it. */
char *dg_test_flagship_path (void);

/* ---- graphs, themes, layouts ------------------------------------------ */

/* The graph in the file at @path, with default load options; the caller
 * unrefs it. */
DgGraph *dg_test_load_file (const char *path);

/* The deal fixture (dg_test_deal_path()); the caller unrefs it. */
DgGraph *dg_test_load_deal (void);

/* The showcase graph, for the CLI's end-to-end tests only; the caller unrefs it. */
DgGraph *dg_test_load_flagship (void);

/* The graph in tests/data/@dir/@name; the caller unrefs it. */
DgGraph *dg_test_load_data (const char *dir, const char *name);

/* The graph written in @text (DOT), loaded as the file "inline.gv"; the
 * caller unrefs it. */
DgGraph *dg_test_load_text (const char *text);

/* The theme @name (a shipped theme's name or a file's path); the caller
 * frees it. */
DgTheme *dg_test_load_theme (const char *name);

/* A layout of @graph with @engine (NULL: the default, "auto") in @mode,
 * other options at their defaults; the caller frees it. */
DgLayout *dg_test_layout (const DgGraph *graph, const DgTheme *theme, const char *engine, DgLayoutMode mode);

/* The index of stage @id of @graph, which must have it. */
guint dg_test_stage (const DgGraph *graph, const char *id);

/* ---- temporary trees -------------------------------------------------- */

/* A temporary directory for one test. With g_auto it is removed, with
 * everything in it, when the test's function returns; a failed assertion
 * skips that, so a test that must clean up whatever happens calls
 * dg_test_tmp_dir_clear() itself before asserting. */
typedef struct {
  char *path;
} DgTestTmpDir;

/* A new, empty directory named dg-@name-XXXXXX in the temporary folder;
 * release it with dg_test_tmp_dir_clear() (or g_auto). */
DgTestTmpDir dg_test_tmp_dir (const char *name);

/* Removes @t's tree and forgets its path; clearing twice does nothing. */
void dg_test_tmp_dir_clear (DgTestTmpDir *t);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DgTestTmpDir, dg_test_tmp_dir_clear)

/* Removes @path and, when it is a directory, everything under it (made
 * writable first); symlinks are removed, never followed. A missing @path
 * is not an error. */
void dg_test_remove_tree (const char *path);

/* ---- file contents ---------------------------------------------------- */

/* The bytes of the file at @path, which must be readable; the caller unrefs
 * them. */
GBytes *dg_test_read_bytes (const char *path);

/* The bytes of the file at @path as a string, NUL bytes (in binary PDF
 * streams) turned into spaces so that text after them can be searched; the
 * caller frees it. */
char *dg_test_read_text (const char *path);

/* Where @needle first occurs in the @len bytes at @data, NULs and all, or
 * NULL. Points into @data. */
const char *dg_test_find (const char *data, gsize len, const char *needle);

/* Asserts that @xml (@len bytes, or -1: NUL-terminated) is well-formed, as
 * GMarkup reads it: it refuses what XML 1.0 refuses (unescaped markup
 * characters, references to control characters, unbalanced tags). @what
 * names the document in the message. Returns how many elements are named
 * @element (NULL: returns 0). */
guint dg_test_xml_well_formed (const char *xml, gssize len, const char *element, const char *what);

/* The image in @png (PNG bytes), which must decode; the caller destroys it. */
cairo_surface_t *dg_test_png_decode (GBytes *png);

/* Sets both times of @path to DG_TEST_PAST_SECONDS; @path must exist. */
void dg_test_set_past_mtime (const char *path);

/* strcmp() of two strings held by a GPtrArray, for g_ptr_array_sort(). */
gint dg_test_compare_strings (gconstpointer a, gconstpointer b);

/* ---- the CLI ---------------------------------------------------------- */

/* Runs $DEALGRAPH with @args (NULL-terminated, without the program) in @cwd
 * (NULL: here), with @env_extra ("NAME=value" strings, NULL-terminated,
 * nullable) added to the environment; SOURCE_DATE_EPOCH is unset unless
 * given, so that outputs carry no date by accident. Fails the test if the
 * process cannot start or dies by a signal. Returns the exit status; @out
 * and @err (nullable) receive stdout and stderr, which the caller frees. */
int dg_test_run_in (const char *cwd, const char *const *args, const char *const *env_extra, char **out, char **err);

/* The standard output of Debian's /usr/bin/python3 running the test
 * script tests/@script_dir/@script on a file named @file_name that holds
 * @content (in a temporary folder); newly allocated. The script exits 77
 * when its module is missing: the test is then skipped with a line saying
 * to install Debian's @package, except under CI=true (.ci/run installs
 * it), where it fails. Any other failure of the script fails the test,
 * naming @what. */
char *dg_test_debian_python (const char *script_dir, const char *script, const char *file_name, GBytes *content,
                             const char *package, const char *what);

/* dg_test_run_in() here, with the test's environment. */
int dg_test_run (const char *const *args, char **out, char **err);
