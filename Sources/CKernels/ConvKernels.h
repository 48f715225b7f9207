// The kernel-3 convolution's forward product, compiled once per instruction set (see
// VectorCommon.h); CONV_ROWS is the rows of one register block of 2 vectors' width,
// CONV_WIDE_ROWS (0 for none) of one 4 vectors wide (64 channels in AVX-512 registers: each
// broadcast input then feeds 4 multiply-adds instead of 2), LOOKUP_ROWS of the lookup form.
//
// The rows t - 1, t, t + 1 of a packed [R, C] input are adjacent in memory, so the 3C
// inputs of output row t are one contiguous run starting at row t - 1: the whole
// convolution is one product of that overlapping view with the taps [3C, C'], with no copy
// and no packing. Each output is bias + the 3C terms in order, whatever block its row is in.

// Output rows ..< R of a block, columns j ..< j + NV * LANES.
INLINE void FN(conv_block)(
    const int R, const int NV, long c, long span, long ldw, long ldo, long j, const float *a,
    const float *taps, const float *bias, int rectify, float *y)
{
    V acc[CONV_ROWS][4];
    for (int r = 0; r < R; r++) {
        for (int v = 0; v < NV; v++) {
            acc[r][v] = bias ? FN(load)(bias + j + v * LANES) : FN(splat)(0);
        }
    }
    const float *w = taps + j;
    for (long q = 0; q < span; q++, w += ldw) {
        V wv[4];
        for (int v = 0; v < NV; v++) wv[v] = FN(load)(w + v * LANES);
        for (int r = 0; r < R; r++) {
            V b = FN(splat)(a[r * c + q]);
            for (int v = 0; v < NV; v++) acc[r][v] += b * wv[v];
        }
    }
    for (int r = 0; r < R; r++) {
        for (int v = 0; v < NV; v++) {
            V value = acc[r][v];
            if (rectify) value = __builtin_elementwise_max(value, FN(splat)(0));
            FN(store)(y + r * ldo + j + v * LANES, value);
        }
    }
}

INLINE void FN(conv_columns)(
    const int R, const int NV, long m, long c, long span, long o, const float *x,
    const float *taps,
    long ldw, const float *bias, int rectify, float *y, long ldo)
{
    for (long j = 0; j < o; j += NV * LANES) {
        long t = 0;
        for (; t + R <= m; t += R) {
            FN(conv_block)(
                R, NV, c, span, ldw, ldo, j, x + t * c, taps, bias, rectify, y + t * ldo);
        }
        for (; t < m; t++) {
            FN(conv_block)(
                1, NV, c, span, ldw, ldo, j, x + t * c, taps, bias, rectify, y + t * ldo);
        }
    }
}

// Rows t < m of y = bias + (the span = 3c floats from row t of x, rows c apart) times taps.
TARGET static void FN(conv3_forward)(
    long m, long c, long span, long o, const float *x, const float *taps, long ldw,
    const float *bias, int rectify, float *y, long ldo)
{
    if (CONV_WIDE_ROWS > 0 && o % (4 * LANES) == 0) {
        FN(conv_columns)(CONV_WIDE_ROWS, 4, m, c, span, o, x, taps, ldw, bias, rectify, y, ldo);
    } else if (o % (2 * LANES) == 0) {
        FN(conv_columns)(CONV_ROWS, 2, m, c, span, o, x, taps, ldw, bias, rectify, y, ldo);
    } else {
        FN(conv_columns)(CONV_ROWS, 1, m, c, span, o, x, taps, ldw, bias, rectify, y, ldo);
    }
}

// The first convolution when its input is embeddings then numbers, by table lookups (see
// ck_conv3_lookup_forward). One block: output rows ..< R of the block starting at input row
// 0 of `numbers` and `ids`, columns j ..< j + NV * LANES. Each output is bias, then the 3P
// number terms in order, then the table rows of taps 0, 1, 2, each over the levels in order,
// whatever the block.
INLINE void FN(lookup_block)(
    const int R, const int NV, long levels, long p, long o, long j, const float *numbers,
    const int *ids, const float *number_taps, const float *table, const float *bias,
    int rectify, float *y, long ldo)
{
    V acc[LOOKUP_ROWS][4];
    for (int r = 0; r < R; r++) {
        for (int v = 0; v < NV; v++) acc[r][v] = FN(load)(bias + j + v * LANES);
    }
    const float *w = number_taps + j;
    for (long q = 0; q < 3 * p; q++, w += o) {
        V wv[4];
        for (int v = 0; v < NV; v++) wv[v] = FN(load)(w + v * LANES);
        for (int r = 0; r < R; r++) {
            V b = FN(splat)(numbers[r * p + q]);
            for (int v = 0; v < NV; v++) acc[r][v] += b * wv[v];
        }
    }
    for (long k = 0; k < 3; k++) {
        for (long l = 0; l < levels; l++) {
            for (int r = 0; r < R; r++) {
                const float *row = table + (long)ids[(r + k) * levels + l] * 3 * o + k * o + j;
                for (int v = 0; v < NV; v++) acc[r][v] += FN(load)(row + v * LANES);
            }
        }
    }
    for (int r = 0; r < R; r++) {
        for (int v = 0; v < NV; v++) {
            V value = acc[r][v];
            if (rectify) value = __builtin_elementwise_max(value, FN(splat)(0));
            FN(store)(y + r * ldo + j + v * LANES, value);
        }
    }
}

INLINE void FN(lookup_columns)(
    const int NV, long m, long levels, long p, long o, const float *numbers, const int *ids,
    const float *number_taps, const float *table, const float *bias, int rectify, float *y,
    long ldo)
{
    const int R = LOOKUP_ROWS;
    for (long j = 0; j < o; j += NV * LANES) {
        long t = 0;
        for (; t + R <= m; t += R) {
            // The ids are known ahead, the table rows are scattered: fetch those of the next
            // block's new input rows while this block computes.
            long ahead_end = t + 2 * R + 2 < m + 2 ? t + 2 * R + 2 : m + 2;
            for (long u = t + R + 2; u < ahead_end; u++) {
                for (long l = 0; l < levels; l++) {
                    const char *row = (const char *)(table + (long)ids[u * levels + l] * 3 * o);
                    for (long b = 0; b < 3 * o * 4; b += 64) __builtin_prefetch(row + b);
                }
            }
            FN(lookup_block)(
                R, NV, levels, p, o, j, numbers + t * p, ids + t * levels, number_taps, table,
                bias, rectify, y + t * ldo, ldo);
        }
        for (; t < m; t++) {
            FN(lookup_block)(
                1, NV, levels, p, o, j, numbers + t * p, ids + t * levels, number_taps, table,
                bias, rectify, y + t * ldo, ldo);
        }
    }
}

TARGET static void FN(conv3_lookup_forward)(
    long m, long levels, long p, long o, const float *numbers, const int *ids,
    const float *number_taps, const float *table, const float *bias, int rectify, float *y,
    long ldo)
{
    if (o % (4 * LANES) == 0) {
        FN(lookup_columns)(4, m, levels, p, o, numbers, ids, number_taps, table, bias, rectify,
                           y, ldo);
    } else if (o % (2 * LANES) == 0) {
        FN(lookup_columns)(2, m, levels, p, o, numbers, ids, number_taps, table, bias, rectify,
                           y, ldo);
    } else {
        FN(lookup_columns)(1, m, levels, p, o, numbers, ids, number_taps, table, bias, rectify,
                           y, ldo);
    }
}
