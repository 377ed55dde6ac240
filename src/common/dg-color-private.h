/* dg-color-private.h — colours as a reader sees them: WCAG 2 luminance and contrast, and the faintest readable fade. */
#pragma once

#include "theme.h"

/* WCAG 2's relative luminance of @c as written in 8 bits a channel (its
 * alpha ignored), 0 for black to 1 for white. */
double dg_color_luminance (DgColor c);

/* WCAG 2's contrast ratio of @a and @b, 1 to 21; AA asks 4.5 of text
 * (3 of large text and of the parts of a graphic that carry meaning). */
double dg_color_contrast (DgColor a, DgColor b);

/* @c faded onto @background as far as @factor (1: @c, 0: @background),
 * or less far where that would read under @ratio against @background:
 * the faintest @c that still reads. @c itself when even it reads under
 * @ratio. Alpha is @c's. */
DgColor dg_color_fade_readable (DgColor c, DgColor background, double factor, double ratio);
