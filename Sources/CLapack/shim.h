// CBLAS from OpenBLAS (Debian installs it as <cblas.h> through the alternatives system)
// and the C interface to LAPACK. Every call site states its matrix layout explicitly.
#include <cblas.h>
#include <lapacke.h>

// OpenBLAS's thread-count controls (declared by OpenBLAS's cblas.h; repeated here so that the
// module does not depend on which cblas.h the alternatives system picked). The count is
// process-wide.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
// Build options and the CPU kernel set OpenBLAS chose ("OpenBLAS 0.3.21 DYNAMIC_ARCH …",
// "Haswell"): recorded in results' provenance.
char *openblas_get_config(void);
char *openblas_get_corename(void);
