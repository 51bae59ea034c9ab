#ifndef GRADSCOPE_KERNEL_SUPPORT_H
#define GRADSCOPE_KERNEL_SUPPORT_H

/* What GradscopeNN's kernels need from C: neither changes a single number computed. */

/* The widest vector registers the compiler targets, in bits, as the Swift compiler's
   -target-cpu sets them (Swift passes it on to the C importer): 512 with AVX-512,
   256 with AVX2 and FMA, 128 otherwise. The matrix product picks its register tile with it. */
#if defined(__AVX512F__)
#define GRADSCOPE_VECTOR_BITS 512
#elif defined(__AVX2__) && defined(__FMA__)
#define GRADSCOPE_VECTOR_BITS 256
#else
#define GRADSCOPE_VECTOR_BITS 128
#endif

/* Asks for the cache line holding p ahead of a write (a hint: no fault, no effect on values). */
static inline void gradscope_prefetch_for_write(const void *p) { __builtin_prefetch(p, 1, 3); }

#endif
