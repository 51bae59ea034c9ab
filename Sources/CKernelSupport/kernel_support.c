/* Header-only module: see include/kernel_support.h. (A C target needs one source file.) */
#include "kernel_support.h"
