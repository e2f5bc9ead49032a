// CBLAS from OpenBLAS (Debian installs it as <cblas.h> through the alternatives system)
// and the C interface to LAPACK. Every call site states its matrix layout explicitly.
#include <cblas.h>
#include <lapacke.h>
