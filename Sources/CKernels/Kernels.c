#include "CKernels.h"

// The baseline copies pass 8-float vectors between always-inlined helpers only.
#pragma clang diagnostic ignored "-Wpsabi"

// AVX-512: 16 lanes, 4 x 4 gate accumulators forward, 4 x 2 backward, 8 x 2 convolution.
#define LANES 16
#define FORWARD_ROWS 4
#define BACKWARD_ROWS 4
#define CONV_ROWS 8
#define CONV_WIDE_ROWS 6
#define LOOKUP_ROWS 4
#define SUFFIX _avx512
#define TARGET __attribute__((target("avx512f,avx512dq,avx2,fma")))
#include "VectorCommon.h"
#include "LSTMKernels.h"
#include "ConvKernels.h"
#include "VectorEnd.h"

// AVX2 + FMA: 8 lanes in 16 registers, so fewer rows per block forward.
#define LANES 8
#define FORWARD_ROWS 2
#define BACKWARD_ROWS 4
#define CONV_ROWS 6
#define CONV_WIDE_ROWS 0
#define LOOKUP_ROWS 2
#define SUFFIX _avx2
#define TARGET __attribute__((target("avx2,fma")))
#include "VectorCommon.h"
#include "LSTMKernels.h"
#include "ConvKernels.h"
#include "VectorEnd.h"

// x86-64 baseline (SSE2): the same code, each vector split in two.
#define LANES 8
#define FORWARD_ROWS 1
#define BACKWARD_ROWS 2
#define CONV_ROWS 2
#define CONV_WIDE_ROWS 0
#define LOOKUP_ROWS 1
#define SUFFIX _baseline
#define TARGET
#include "VectorCommon.h"
#include "LSTMKernels.h"
#include "ConvKernels.h"
#include "VectorEnd.h"

// The level asked for, never above what the CPU has.
static int usable(int level) {
    int detected = ck_simd_level();
    return level < detected ? (level < 0 ? 0 : level) : detected;
}

// 16 lanes only when H is a multiple of 16; the packed layout depends on the choice.
static long lanes_for(int level, long hidden) {
    return usable(level) == 2 && hidden % 16 == 0 ? 16 : 8;
}

long ck_lstm_packed_count(long hidden) { return 4 * hidden * hidden; }

void ck_lstm_pack(int level, long hidden, const float *weight_hh, float *packed) {
    const long H = hidden, L = lanes_for(level, hidden);
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
    int level, long hidden, long steps, const long *counts, const long *starts, float *gates,
    const float *bias, const float *packed, float *cells, float *hidden_states,
    float *cell_tanh, float *previous)
{
    if (lanes_for(level, hidden) == 16) {
        lstm_forward_avx512(
            hidden, steps, counts, starts, gates, bias, packed, cells, hidden_states, cell_tanh,
            previous);
    } else if (usable(level) >= 1) {
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
    int level, long hidden, long steps, const long *counts, float *gates, const float *bias,
    const float *packed, float *final_hidden, float *scratch)
{
    if (lanes_for(level, hidden) == 16) {
        lstm_infer_avx512(hidden, steps, counts, gates, bias, packed, final_hidden, scratch);
    } else if (usable(level) >= 1) {
        lstm_infer_avx2(hidden, steps, counts, gates, bias, packed, final_hidden, scratch);
    } else {
        lstm_infer_baseline(hidden, steps, counts, gates, bias, packed, final_hidden, scratch);
    }
}

void ck_lstm_backward(
    int level, long hidden, long steps, const long *counts, const long *starts, float *gates,
    const float *cells, const float *cell_tanh, const float *weight_hh, float *d_hidden,
    float *d_cell)
{
    if (lanes_for(level, hidden) == 16) {
        lstm_backward_avx512(
            hidden, steps, counts, starts, gates, cells, cell_tanh, weight_hh, d_hidden, d_cell);
    } else if (usable(level) >= 1) {
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

void ck_conv3_forward(
    int level, long rows, long in_channels, long out_channels, const float *input,
    const float *taps, long ldw, const float *bias, int rectify, float *output, long ldo)
{
    level = usable(level);
    long c = in_channels, o = out_channels;
    float *first = output + ldo;  // output row 1 reads input rows 0, 1, 2
    if (level == 2 && o % 16 == 0) {
        conv3_forward_avx512(rows, c, 3 * c, o, input, taps, ldw, bias, rectify, first, ldo);
    } else if (level >= 1) {
        conv3_forward_avx2(rows, c, 3 * c, o, input, taps, ldw, bias, rectify, first, ldo);
    } else {
        conv3_forward_baseline(rows, c, 3 * c, o, input, taps, ldw, bias, rectify, first, ldo);
    }
}

void ck_conv3_lookup_forward(
    int level, long rows, long levels, long number_channels, long out_channels,
    const float *numbers, const int *ids, const float *number_taps, const float *table,
    const float *bias, int rectify, float *output, long ldo)
{
    level = usable(level);
    long p = number_channels, o = out_channels;
    float *first = output + ldo;
    if (level == 2) {
        conv3_lookup_forward_avx512(
            rows, levels, p, o, numbers, ids, number_taps, table, bias, rectify, first, ldo);
    } else if (level >= 1) {
        conv3_lookup_forward_avx2(
            rows, levels, p, o, numbers, ids, number_taps, table, bias, rectify, first, ldo);
    } else {
        conv3_lookup_forward_baseline(
            rows, levels, p, o, numbers, ids, number_taps, table, bias, rectify, first, ldo);
    }
}
