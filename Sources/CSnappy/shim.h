// Snappy's C interface (Debian: libsnappy-dev).
#include <snappy-c.h>
