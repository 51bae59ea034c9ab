#ifndef GRADSCOPE_CCAIRO_SHIM_H
#define GRADSCOPE_CCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-svg.h>
#endif
