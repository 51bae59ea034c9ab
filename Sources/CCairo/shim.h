#ifndef GRADSCOPE_CCAIRO_SHIM_H
#define GRADSCOPE_CCAIRO_SHIM_H
/* The C libraries of the Cairo backend: Cairo itself, and zlib (a dependency of Cairo's PNG
   support) for the indexed PNG encoder. */
#include <cairo.h>
#include <cairo-svg.h>
#include <zlib.h>
#endif
