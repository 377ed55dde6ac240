/* dg-sanitize-private.h — whether this build runs under AddressSanitizer. */
#pragma once

/* DG_ASAN is 1 under AddressSanitizer (gcc or clang). Memory dealgraph maps
 * itself for speed (canvas.c, png.c) comes from malloc instead there, so
 * the sanitizer still sees every overflow. */
#if defined(__SANITIZE_ADDRESS__)
#define DG_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DG_ASAN 1
#endif
#endif
#ifndef DG_ASAN
#define DG_ASAN 0
#endif
