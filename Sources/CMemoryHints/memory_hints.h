// Cache hints Swift has no spelling for, as static inline functions the Swift compiler
// inlines: a software prefetch, and a store that bypasses the cache (non-temporal). Both
// are clang builtins that compile to plain code on CPUs without such instructions.
#ifndef OPTBENCH_MEMORY_HINTS_H
#define OPTBENCH_MEMORY_HINTS_H

typedef double optbench_double4 __attribute__((ext_vector_type(4)));

/// Asks for the cache line holding `address` ahead of a read.
static inline __attribute__((always_inline)) void optbench_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// Stores four doubles at `address` (32-byte aligned) without first reading the line into the
/// cache: for results written once and not read again soon.
static inline __attribute__((always_inline)) void optbench_stream4(double *address, optbench_double4 value) {
    __builtin_nontemporal_store(value, (optbench_double4 *)address);
}

/// Orders the non-temporal stores before every later store (x86 `sfence`; elsewhere a
/// compiler barrier suffices for the plain stores the builtin becomes).
static inline __attribute__((always_inline)) void optbench_store_fence(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_sfence();
#else
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
#endif
}

#endif
