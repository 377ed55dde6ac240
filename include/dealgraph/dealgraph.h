/* dealgraph.h — the whole public API of libdealgraph. */
#pragma once

/*
 * Lifetimes: one rule for every type.
 *
 * - A non-const pointer a function returns is yours: free it with its
 *   type's function. For an opaque type that is its _free function
 *   (DgScene: dg_scene_free()), or dg_graph_unref() for DgGraph, the one
 *   type that is reference-counted (dg_graph_ref() adds a holder). For
 *   GLib's types it is g_free() for a string or an array of numbers,
 *   g_strfreev() for a char **, and g_bytes_unref(), g_array_unref() or
 *   g_ptr_array_unref(). Each accepts NULL, and every opaque type has
 *   g_autoptr().
 * - A const pointer a function returns is lent: it stays valid while the
 *   object it came from lives (a static string: always), and you never free
 *   it. Pointers inside structs, whether lent, filled in or in an array you
 *   own, point into the object they came from and live as long as it does:
 *   a DgStage's strings, a DgChange's ties (the graph's).
 * - Arguments are borrowed for the call only, options structs and what they
 *   point to included. An object that needs one after the call keeps a copy
 *   of what it needs, or a reference on a DgGraph (DgDiff, DgAnimation), so
 *   whatever it was made from may be freed at once, in any order. A function
 *   that keeps a reference on an argument says so (dg_output_set_add()).
 *
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
#include "describe.h"
#include "export.h"
#include "figures.h"
#include "output.h"
#include "version.h"
