// CKernels: the few loops of the neural engine that Swift cannot compile for the wider vector
// units of this machine kind without -target-cpu. Each entry point picks, once per process,
// the widest of AVX-512, AVX2 + FMA or the x86-64 baseline that the CPU supports.
//
// Shapes follow NeuralEngine: H hidden units, G = 4H gate columns in PyTorch's order input,
// forget, cell, output; time-major blocks of rows, block s holding step s of the counts[s]
// sequences still running, starting at row starts[s].
#ifndef CKERNELS_H
#define CKERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// The instruction set the kernels use: 2 AVX-512, 1 AVX2 + FMA, 0 baseline.
int ck_simd_level(void);

/// Restricts the kernels to at most `level` (for tests comparing the paths); returns the
/// level now in use. Weights packed by ck_lstm_pack before the change must be packed again.
int ck_limit_simd_level(int level);

/// Floats that ck_lstm_pack writes for hidden size `hidden` (always 4H * H).
long ck_lstm_packed_count(long hidden);

/// Packs `weight_hh` [4H, H] (row-major) into the layout ck_lstm_forward and
/// ck_lstm_infer read; call after every change of the weights. `hidden` must be a
/// multiple of 8.
void ck_lstm_pack(long hidden, const float *weight_hh, float *packed);

/// The recurrence of a training forward pass over `steps` steps.
///
/// On entry `gates` [T, 4H] holds x_t W_ih^T; on return the activated gates (i, f, g, o).
/// Writes c_t to `cells` [T, H], h_t to `hidden` [T, H], tanh(c_t) to `cell_tanh` [T, H]
/// and h_{s-1} of the rows still running at step s to `previous` [T, H] (zero at step 0).
/// `bias` [4H] is b_ih + b_hh.
void ck_lstm_forward(
    long hidden, long steps, const long *counts, const long *starts, float *gates,
    const float *bias, const float *packed, float *cells, float *hidden_states,
    float *cell_tanh, float *previous);

/// The recurrence without a record for backward (scoring): `gates` [T, 4H] holds
/// x_t W_ih^T on entry and is scratch afterwards; `final_hidden` [N, H] receives each
/// sequence's last h (rows of empty sequences are left alone). `scratch` holds 3 N H floats.
void ck_lstm_infer(
    long hidden, long steps, const long *counts, float *gates, const float *bias,
    const float *packed, float *final_hidden, float *scratch);

/// The recurrence of the backward pass, from the last step to the first.
///
/// `gates` holds the activated gates on entry and the pre-activation gate gradients on
/// return; `d_hidden` [N, H] holds dL/dh of each sequence's last step on entry (it is
/// scratch afterwards); `d_cell` [N, H] must be zero on entry. `weight_hh` is [4H, H].
void ck_lstm_backward(
    long hidden, long steps, const long *counts, const long *starts, float *gates,
    const float *cells, const float *cell_tanh, const float *weight_hh, float *d_hidden,
    float *d_cell);

/// Adds the column sums of `a` [rows, cols] (leading dimension `lda`) to `sums` [cols],
/// each column summed in row order.
void ck_add_column_sums(const float *a, long rows, long cols, long lda, float *sums);

#ifdef __cplusplus
}
#endif

#endif
