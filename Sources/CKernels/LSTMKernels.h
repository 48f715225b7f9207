// The LSTM recurrence, compiled once per instruction set (see VectorCommon.h); FORWARD_ROWS
// and BACKWARD_ROWS are the rows of one register block.
//
// Every output element is a sum in a fixed order (input projection, bias, then the recurrent
// terms k = 0, 1, ...), whatever block a row lands in, so a sequence's results never depend
// on which other sequences share its batch or on the number of threads.

// MARK: - Forward

// One register block: R consecutive rows, hidden units j ..< j + LANES of all four gates.
// `packed` points at this chunk's [H][4][LANES] slice of the transposed recurrent weights.
// Pointers are already offset to the block's first row; optional outputs may be null.
INLINE void FN(forward_block)(
    const int R, long H, long j, const float *xg, const float *bias, const float *packed,
    const float *hprev, const float *cprev, float *gout, float *cout, float *hout,
    float *tout, float *copy, long copy_rows)
{
    const long G = 4 * H;
    V acc[FORWARD_ROWS][4];
    for (int r = 0; r < R; r++) {
        for (int g = 0; g < 4; g++) {
            acc[r][g] = FN(load)(xg + r * G + g * H + j) + FN(load)(bias + g * H + j);
        }
    }
    if (hprev) {
        const float *w = packed;
        for (long k = 0; k < H; k++, w += 4 * LANES) {
            V w0 = FN(load)(w), w1 = FN(load)(w + LANES);
            V w2 = FN(load)(w + 2 * LANES), w3 = FN(load)(w + 3 * LANES);
            for (int r = 0; r < R; r++) {
                V b = FN(splat)(hprev[r * H + k]);
                acc[r][0] += b * w0;
                acc[r][1] += b * w1;
                acc[r][2] += b * w2;
                acc[r][3] += b * w3;
            }
        }
    }
    for (int r = 0; r < R; r++) {
        V gi = FN(sigmoid)(acc[r][0]), gf = FN(sigmoid)(acc[r][1]);
        V gg = FN(tanh)(acc[r][2]), go = FN(sigmoid)(acc[r][3]);
        V c = gi * gg;
        if (cprev) c += gf * FN(load)(cprev + r * H + j);
        V tc = FN(tanh)(c);
        V hv = go * tc;
        if (gout) {
            FN(store)(gout + r * G + j, gi);
            FN(store)(gout + r * G + H + j, gf);
            FN(store)(gout + r * G + 2 * H + j, gg);
            FN(store)(gout + r * G + 3 * H + j, go);
        }
        FN(store)(cout + r * H + j, c);
        FN(store)(hout + r * H + j, hv);
        if (tout) FN(store)(tout + r * H + j, tc);
        if (copy && r < copy_rows) FN(store)(copy + r * H + j, hv);
    }
}

// One step over `active` rows: all chunks of hidden units, rows in register blocks.
TARGET static void FN(forward_step)(
    long H, long active, const float *xg, const float *bias, const float *packed,
    const float *hprev, const float *cprev, float *gout, float *cout, float *hout,
    float *tout, float *copy, long copy_rows)
{
    const long G = 4 * H;
    for (long j = 0; j < H; j += LANES) {
        const float *pk = packed + j * 4 * H;
        long i = 0;
        for (; i + FORWARD_ROWS <= active; i += FORWARD_ROWS) {
            FN(forward_block)(
                FORWARD_ROWS, H, j, xg + i * G, bias, pk, hprev ? hprev + i * H : 0,
                cprev ? cprev + i * H : 0, gout ? gout + i * G : 0, cout + i * H,
                hout + i * H, tout ? tout + i * H : 0, copy ? copy + i * H : 0, copy_rows - i);
        }
        for (; i < active; i++) {
            FN(forward_block)(
                1, H, j, xg + i * G, bias, pk, hprev ? hprev + i * H : 0,
                cprev ? cprev + i * H : 0, gout ? gout + i * G : 0, cout + i * H,
                hout + i * H, tout ? tout + i * H : 0, copy ? copy + i * H : 0, copy_rows - i);
        }
    }
}

TARGET static void FN(lstm_forward)(
    long H, long steps, const long *counts, const long *starts, float *gates,
    const float *bias, const float *packed, float *cells, float *hidden, float *cell_tanh,
    float *previous)
{
    const long G = 4 * H;
    if (steps > 0) {
        for (long e = 0; e < counts[0] * H; e++) previous[e] = 0;
    }
    for (long s = 0; s < steps; s++) {
        long block = starts[s], next = s + 1 < steps ? counts[s + 1] : 0;
        FN(forward_step)(
            H, counts[s], gates + block * G, bias, packed,
            s > 0 ? hidden + starts[s - 1] * H : 0, s > 0 ? cells + starts[s - 1] * H : 0,
            gates + block * G, cells + block * H, hidden + block * H, cell_tanh + block * H,
            next > 0 ? previous + starts[s + 1] * H : 0, next);
    }
}

TARGET static void FN(lstm_infer)(
    long H, long steps, const long *counts, float *gates, const float *bias,
    const float *packed, float *final_hidden, float *scratch)
{
    const long G = 4 * H;
    long n = steps > 0 ? counts[0] : 0;
    float *current = scratch, *other = scratch + n * H, *cell = scratch + 2 * n * H;
    long row = 0;
    for (long s = 0; s < steps; s++) {
        long active = counts[s], next = s + 1 < steps ? counts[s + 1] : 0;
        FN(forward_step)(
            H, active, gates + row * G, bias, packed, s > 0 ? current : 0, s > 0 ? cell : 0,
            0, cell, other, 0, 0, 0);
        // Sequences ending at this step keep their last h.
        for (long i = next; i < active; i++) {
            for (long e = 0; e < H; e++) final_hidden[i * H + e] = other[i * H + e];
        }
        float *t = current;
        current = other;
        other = t;
        row += active;
    }
}

// MARK: - Backward

// d_hidden rows ..< R of a block, columns c ..< c + NV * LANES: the sum over the 4H gate
// gradients of one row times the matching rows of W_hh [4H, H].
INLINE void FN(hidden_gradient_block)(
    const int R, const int NV, long H, long c, const float *dg, const float *weight,
    float *dh)
{
    const long G = 4 * H;
    V acc[BACKWARD_ROWS][2];
    for (int r = 0; r < R; r++) {
        for (int v = 0; v < NV; v++) acc[r][v] = FN(splat)(0);
    }
    const float *w = weight + c;
    for (long k = 0; k < G; k++, w += H) {
        V w0 = FN(load)(w), w1 = NV > 1 ? FN(load)(w + LANES) : w0;
        for (int r = 0; r < R; r++) {
            V b = FN(splat)(dg[r * G + k]);
            acc[r][0] += b * w0;
            if (NV > 1) acc[r][1] += b * w1;
        }
    }
    for (int r = 0; r < R; r++) {
        for (int v = 0; v < NV; v++) FN(store)(dh + r * H + c + v * LANES, acc[r][v]);
    }
}

INLINE void FN(hidden_gradient)(
    const int NV, long H, long active, const float *dg, const float *weight, float *dh)
{
    const long G = 4 * H;
    for (long c = 0; c < H; c += NV * LANES) {
        long i = 0;
        for (; i + BACKWARD_ROWS <= active; i += BACKWARD_ROWS) {
            FN(hidden_gradient_block)(BACKWARD_ROWS, NV, H, c, dg + i * G, weight, dh + i * H);
        }
        for (; i < active; i++) {
            FN(hidden_gradient_block)(1, NV, H, c, dg + i * G, weight, dh + i * H);
        }
    }
}

TARGET static void FN(lstm_backward)(
    long H, long steps, const long *counts, const long *starts, float *gates,
    const float *cells, const float *cell_tanh, const float *weight, float *d_hidden,
    float *d_cell)
{
    const long G = 4 * H;
    const V one = FN(splat)(1);
    for (long s = steps - 1; s >= 0; s--) {
        long active = counts[s], block = starts[s];
        const float *cprev = s > 0 ? cells + starts[s - 1] * H : 0;
        // Gate gradients of every running row, written over its activated gates.
        for (long i = 0; i < active; i++) {
            float *g = gates + (block + i) * G;
            const float *tanh_row = cell_tanh + (block + i) * H;
            for (long j = 0; j < H; j += LANES) {
                V gi = FN(load)(g + j), gf = FN(load)(g + H + j);
                V gg = FN(load)(g + 2 * H + j), go = FN(load)(g + 3 * H + j);
                V tc = FN(load)(tanh_row + j);
                V dh = FN(load)(d_hidden + i * H + j);
                V dc = FN(load)(d_cell + i * H + j) + dh * go * (one - tc * tc);
                V cp = cprev ? FN(load)(cprev + i * H + j) : FN(splat)(0);
                FN(store)(d_cell + i * H + j, dc * gf);
                FN(store)(g + j, dc * gg * gi * (one - gi));
                FN(store)(g + H + j, dc * cp * gf * (one - gf));
                FN(store)(g + 2 * H + j, dc * gi * (one - gg * gg));
                FN(store)(g + 3 * H + j, dh * tc * go * (one - go));
            }
        }
        if (s == 0) break;
        // dh_{s-1} of the running rows; the others keep the gradient of their final h.
        if (H % (2 * LANES) == 0) {
            FN(hidden_gradient)(2, H, active, gates + block * G, weight, d_hidden);
        } else {
            FN(hidden_gradient)(1, H, active, gates + block * G, weight, d_hidden);
        }
    }
}

