// The one part of the C interface written in C; the rest is Swift (Sources/OptBenchC), exported
// under the names Sources/COptBench/include/optbench.h declares.
#include "optbench.h"

int optbench_abi_version(void) { return OPTBENCH_ABI_VERSION; }
