/* color.c — WCAG 2 luminance and contrast, shared by the figure (faded legend text) and the viewer (its page colours). */
#include <math.h>

#include "dg-color-private.h"

double
dg_color_luminance (DgColor c)
{
  double rgb[3] = { c.r, c.g, c.b };
  for (int i = 0; i < 3; i++)
    {
      double v = (int) (CLAMP (rgb[i], 0.0, 1.0) * 255 + 0.5) / 255.0;
      rgb[i] = v <= 0.04045 ? v / 12.92 : pow ((v + 0.055) / 1.055, 2.4);
    }
  return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
}

double
dg_color_contrast (DgColor a, DgColor b)
{
  double la = dg_color_luminance (a), lb = dg_color_luminance (b);
  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

static DgColor
mix (DgColor c, DgColor onto, double factor)
{
  return (DgColor) { c.r * factor + onto.r * (1 - factor), c.g * factor + onto.g * (1 - factor),
                     c.b * factor + onto.b * (1 - factor), c.a };
}

DgColor
dg_color_fade_readable (DgColor c, DgColor background, double factor, double ratio)
{
  /* In hundredths, from @factor towards @c: the first that reads. */
  for (int step = (int) ceil (CLAMP (factor, 0.0, 1.0) * 100); step < 100; step++)
    {
      DgColor faded = mix (c, background, step / 100.0);
      if (dg_color_contrast (faded, background) >= ratio)
        return faded;
    }
  return c;
}
