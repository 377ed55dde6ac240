/* dealgraph.h — the whole public API of libdealgraph. */
#pragma once

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
#include "output.h"
#include "version.h"
