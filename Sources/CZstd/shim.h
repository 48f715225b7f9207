// zstd (Debian: libzstd-dev), for ZSTD-compressed Parquet pages.
#include <zstd.h>
