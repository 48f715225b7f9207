#include "CKernels.h"

// The baseline copies pass 8-float vectors between always-inlined helpers only.
#pragma clang diagnostic ignored "-Wpsabi"

// AVX-512: 16 lanes, 4 x 4 gate accumulators forward, 4 x 2 backward.
#define LANES 16
#define FORWARD_ROWS 4
#define BACKWARD_ROWS 4
#define SUFFIX _avx512
#define TARGET __attribute__((target("avx512f,avx512dq,avx2,fma")))
#include "LSTMKernels.h"
#undef LANES
#undef FORWARD_ROWS
#undef BACKWARD_ROWS
#undef SUFFIX
#undef TARGET

// AVX2 + FMA: 8 lanes in 16 registers, so fewer rows per block forward.
#define LANES 8
#define FORWARD_ROWS 2
#define BACKWARD_ROWS 4
#define SUFFIX _avx2
#define TARGET __attribute__((target("avx2,fma")))
#include "LSTMKernels.h"
#undef LANES
#undef FORWARD_ROWS
#undef BACKWARD_ROWS
#undef SUFFIX
#undef TARGET

// x86-64 baseline (SSE2): the same code, each vector split in two.
#define LANES 8
#define FORWARD_ROWS 1
#define BACKWARD_ROWS 2
#define SUFFIX _baseline
#define TARGET
#include "LSTMKernels.h"

// 16 lanes only when H is a multiple of 16; the packed layout depends on the choice.
static long lanes_for(long hidden) {
    return ck_simd_level() == 2 && hidden % 16 == 0 ? 16 : 8;
}

long ck_lstm_packed_count(long hidden) { return 4 * hidden * hidden; }

void ck_lstm_pack(long hidden, const float *weight_hh, float *packed) {
    const long H = hidden, L = lanes_for(hidden);
    // packed[chunk][k][gate][lane] = W_hh[gate * H + chunk * L + lane][k]
    for (long chunk = 0; chunk < H / L; chunk++) {
        for (long k = 0; k < H; k++) {
            for (long g = 0; g < 4; g++) {
                for (long l = 0; l < L; l++) {
                    packed[((chunk * H + k) * 4 + g) * L + l] =
                        weight_hh[(g * H + chunk * L + l) * H + k];
                }
            }
        }
    }
}

void ck_lstm_forward(
    long hidden, long steps, const long *counts, const long *starts, float *gates,
    const float *bias, const float *packed, float *cells, float *hidden_states,
    float *cell_tanh, float *previous)
{
    if (lanes_for(hidden) == 16) {
        lstm_forward_avx512(
            hidden, steps, counts, starts, gates, bias, packed, cells, hidden_states, cell_tanh,
            previous);
    } else if (ck_simd_level() >= 1) {
        lstm_forward_avx2(
            hidden, steps, counts, starts, gates, bias, packed, cells, hidden_states, cell_tanh,
            previous);
    } else {
        lstm_forward_baseline(
            hidden, steps, counts, starts, gates, bias, packed, cells, hidden_states, cell_tanh,
            previous);
    }
}

void ck_lstm_infer(
    long hidden, long steps, const long *counts, float *gates, const float *bias,
    const float *packed, float *final_hidden, float *scratch)
{
    if (lanes_for(hidden) == 16) {
        lstm_infer_avx512(hidden, steps, counts, gates, bias, packed, final_hidden, scratch);
    } else if (ck_simd_level() >= 1) {
        lstm_infer_avx2(hidden, steps, counts, gates, bias, packed, final_hidden, scratch);
    } else {
        lstm_infer_baseline(hidden, steps, counts, gates, bias, packed, final_hidden, scratch);
    }
}

void ck_lstm_backward(
    long hidden, long steps, const long *counts, const long *starts, float *gates,
    const float *cells, const float *cell_tanh, const float *weight_hh, float *d_hidden,
    float *d_cell)
{
    if (lanes_for(hidden) == 16) {
        lstm_backward_avx512(
            hidden, steps, counts, starts, gates, cells, cell_tanh, weight_hh, d_hidden, d_cell);
    } else if (ck_simd_level() >= 1) {
        lstm_backward_avx2(
            hidden, steps, counts, starts, gates, cells, cell_tanh, weight_hh, d_hidden, d_cell);
    } else {
        lstm_backward_baseline(
            hidden, steps, counts, starts, gates, cells, cell_tanh, weight_hh, d_hidden, d_cell);
    }
}

void ck_add_column_sums(const float *a, long rows, long cols, long lda, float *sums) {
    for (long r = 0; r < rows; r++) {
        const float *row = a + r * lda;
        for (long j = 0; j < cols; j++) sums[j] += row[j];
    }
}
