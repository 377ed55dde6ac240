/* theme-private.h — what the layout cache needs to know about a theme beyond the public API. */
#pragma once

#include "theme.h"

/* A SHA-256 (lower-case hex) over the bytes of every file or data the theme
 * was built from, its own first, then each theme it inherits from: any byte
 * changed anywhere in the chain changes it. Borrowed from @theme. */
const char *dg_theme_get_digest (const DgTheme *theme);

/* A copy of @theme whose text is never smaller than @min_size points: for a
 * figure that will be drawn scaled down (the panels of a strip), so that its
 * text still reads at print size. Sizes already at least @min_size stay;
 * @margin replaces the furniture's margin. Free with dg_theme_free. */
DgTheme *dg_theme_copy_with_min_text (const DgTheme *theme, double min_size, double margin);
