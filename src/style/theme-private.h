/* theme-private.h — what the layout cache needs to know about a theme beyond the public API. */
#pragma once

#include "theme.h"

/* A SHA-256 (lower-case hex) over the bytes of every file or data the theme
 * was built from, its own first, then each theme it inherits from: any byte
 * changed anywhere in the chain changes it. Borrowed from @theme. */
const char *dg_theme_get_digest (const DgTheme *theme);
