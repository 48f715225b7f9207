// CKernels: the few loops of the neural engine that Swift cannot compile for the wider vector
// units of this machine kind without -target-cpu. Each entry point picks, once per process,
// the widest of AVX-512, AVX2 + FMA or the x86-64 baseline that the CPU supports.
//
// Shapes follow NeuralEngine: H hidden units, G = 4H gate columns in PyTorch's order input,
// forget, cell, output; time-major blocks of rows, block s holding step s of the counts[s]
// sequences still running, starting at row starts[s].
//
// Every kernel takes the instruction set `level` to use (as ck_simd_level; higher than the
// CPU has is lowered), so a caller can pin it and tests can compare the paths.
#ifndef CKERNELS_H
#define CKERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// The widest instruction set of this CPU: 2 AVX-512, 1 AVX2 + FMA, 0 x86-64 baseline.
int ck_simd_level(void);

/// Floats that ck_lstm_pack writes for hidden size `hidden` (always 4H * H).
long ck_lstm_packed_count(long hidden);

/// Packs `weight_hh` [4H, H] (row-major) into the layout ck_lstm_forward and
/// ck_lstm_infer read at the same `level`; call after every change of the weights.
/// `hidden` must be a multiple of 8.
void ck_lstm_pack(int level, long hidden, const float *weight_hh, float *packed);

/// The recurrence of a training forward pass over `steps` steps.
///
/// On entry `gates` [T, 4H] holds x_t W_ih^T; on return the activated gates (i, f, g, o).
/// Writes c_t to `cells` [T, H], h_t to `hidden` [T, H], tanh(c_t) to `cell_tanh` [T, H]
/// and h_{s-1} of the rows still running at step s to `previous` [T, H] (zero at step 0).
/// `bias` [4H] is b_ih + b_hh.
void ck_lstm_forward(
    int level, long hidden, long steps, const long *counts, const long *starts, float *gates,
    const float *bias, const float *packed, float *cells, float *hidden_states,
    float *cell_tanh, float *previous);

/// The recurrence without a record for backward (scoring): `gates` [T, 4H] holds
/// x_t W_ih^T on entry and is scratch afterwards; `final_hidden` [N, H] receives each
/// sequence's last h (rows of empty sequences are left alone). `scratch` holds 3 N H floats.
void ck_lstm_infer(
    int level, long hidden, long steps, const long *counts, float *gates, const float *bias,
    const float *packed, float *final_hidden, float *scratch);

/// The recurrence of the backward pass, from the last step to the first.
///
/// `gates` holds the activated gates on entry and the pre-activation gate gradients on
/// return; `d_hidden` [N, H] holds dL/dh of each sequence's last step on entry (it is
/// scratch afterwards); `d_cell` [N, H] must be zero on entry. `weight_hh` is [4H, H].
void ck_lstm_backward(
    int level, long hidden, long steps, const long *counts, const long *starts, float *gates,
    const float *cells, const float *cell_tanh, const float *weight_hh, float *d_hidden,
    float *d_cell);

/// A kernel-3 "same" convolution over a packed batch: for t = 1 ... rows and j < C',
/// `output[t][j] = bias[j] + sum over q < 3C of input[t - 1][q] * taps[q][j]` (row t - 1
/// of the input continues into rows t and t + 1), then max(0, .) when `rectify` is non-zero.
/// `input` is [rows + 2, C] (row 0 and the last row are the outer separators), `taps`
/// [3C, ldw] (tap-major, the layout Conv1D prepares), `bias` [C'] or null for zero,
/// `output` [rows + 2, ldo] (its first and last rows and columns from C' on are not
/// written). C' must be a multiple of 8.
void ck_conv3_forward(
    int level, long rows, long in_channels, long out_channels, const float *input,
    const float *taps, long ldw, const float *bias, int rectify, float *output, long ldo);

/// The first convolution of a network whose step input is `levels` embeddings then P
/// numbers, with the embedding part by table lookups: the product of an embedding row with
/// tap k's weights depends only on the id, so it is precomputed per vocabulary entry.
/// For t = 1 ... rows and j < C':
/// `output[t][j] = bias[j] + sum over q < 3P of numbers[t - 1][q] * number_taps[q][j]
///  + sum over k < 3, l < levels of table[ids[t - 1 + k][l]][k][j]`, then max(0, .) when
/// `rectify` is non-zero. `numbers` is [rows + 2, P], `ids` [rows + 2, levels] (rows of
/// `table`, so separators point at a zero row), `number_taps` [3P, C'], `table` [*, 3, C'],
/// `output` [rows + 2, ldo] (first and last rows not written). C' must be a multiple of 16.
void ck_conv3_lookup_forward(
    int level, long rows, long levels, long number_channels, long out_channels,
    const float *numbers, const int *ids, const float *number_taps, const float *table,
    const float *bias, int rectify, float *output, long ldo);

/// Adds the column sums of `a` [rows, cols] (leading dimension `lda`) to `sums` [cols],
/// each column summed in row order.
void ck_add_column_sums(const float *a, long rows, long cols, long lda, float *sums);

#ifdef __cplusplus
}
#endif

#endif
