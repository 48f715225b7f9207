// Ends one instruction set's copy of the kernels (see VectorCommon.h).
#undef FN
#undef V
#undef VI
#undef VU
#undef INLINE
#undef LANES
#undef FORWARD_ROWS
#undef BACKWARD_ROWS
#undef CONV_ROWS
#undef LOOKUP_ROWS
#undef CONV_WIDE_ROWS
#undef SUFFIX
#undef TARGET
