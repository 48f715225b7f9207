// zlib (Debian: zlib1g-dev), for gzip-compressed CSV input.
#include <zlib.h>
