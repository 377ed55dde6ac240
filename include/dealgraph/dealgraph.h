/* dealgraph.h — the whole public API of libdealgraph. */
#pragma once

/*
 * Options: each options struct (DgLoadOptions, DgLayoutOptions, DgSceneOptions,
 * DgRenderOptions, DgTweenOptions, DgAnimateOptions, DgViewerOptions,
 * DgStripOptions, DgExportOptions, DgFigureSetOptions) starts with its
 * version, has a DG_<NAME>_OPTIONS_INIT macro and a dg_<name>_options_init
 * (options, version) function for callers that cannot use macros (bindings).
 * The function fills in the defaults of @version, 1 to
 * DG_<NAME>_OPTIONS_VERSION, writing only the fields that version has, so a
 * program built against an older header runs with a newer library; it
 * returns FALSE, writing nothing, for a version the library does not know.
 *
 * Errors: a function that can fail takes a GError ** last and sets an error
 * in the DEALGRAPH_ERROR domain (error.h).
 */

#include "error.h"
#include "model.h"
#include "load.h"
#include "timeline.h"
#include "theme.h"
#include "style.h"
#include "layout.h"
#include "scene.h"
#include "render.h"
#include "animate.h"
#include "diff.h"
#include "export.h"
#include "figures.h"
#include "output.h"
#include "version.h"
