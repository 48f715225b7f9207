// Vector types and maths shared by the kernels, written once and compiled once per
// instruction set: Kernels.c includes this file, then the kernels, then VectorEnd.h, with
// LANES (floats per vector), SUFFIX (name suffix) and TARGET (a target attribute) defined.

#define CK_CAT_(a, b) a##b
#define CK_CAT(a, b) CK_CAT_(a, b)
#define FN(name) CK_CAT(name, SUFFIX)
#define V CK_CAT(ck_vector, SUFFIX)
#define VI CK_CAT(ck_int_vector, SUFFIX)
#define VU CK_CAT(ck_unaligned_vector, SUFFIX)
#define INLINE TARGET __attribute__((always_inline)) static inline

typedef float V __attribute__((vector_size(LANES * 4)));
typedef int VI __attribute__((vector_size(LANES * 4)));
typedef float VU __attribute__((vector_size(LANES * 4), aligned(4)));

INLINE V FN(load)(const float *p) { return *(const VU *)p; }
INLINE void FN(store)(float *p, V v) { *(VU *)p = v; }
INLINE V FN(splat)(float s) {
    V v;
    for (int l = 0; l < LANES; l++) v[l] = s;
    return v;
}

// e^x by range reduction x = n ln2 + r and a degree-6 polynomial for e^r (Cephes'
// coefficients); inputs clamped so 2^n stays normal.
INLINE V FN(exp)(V x) {
    x = __builtin_elementwise_max(x, FN(splat)(-87.3f));
    x = __builtin_elementwise_min(x, FN(splat)(88.3f));
    const V magic = FN(splat)(12582912.0f);  // 1.5 * 2^23: the sum's low bits hold round(x)
    V shifted = x * 1.44269504f + magic;
    V n = shifted - magic;
    V r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    V p = FN(splat)(1.9875691500e-4f);
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    V poly = p * (r * r) + r + 1.0f;
    VI scale = (((VI)shifted - (VI)magic) + 127) << 23;
    return poly * (V)scale;
}

INLINE V FN(sigmoid)(V x) { return 1.0f / (1.0f + FN(exp)(-x)); }

INLINE V FN(tanh)(V x) { return 2.0f / (1.0f + FN(exp)(x * -2.0f)) - 1.0f; }

