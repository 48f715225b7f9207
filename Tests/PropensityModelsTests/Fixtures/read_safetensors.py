"""Reads a safetensors file with the `safetensors` package (PyPI) and numpy, and prints JSON:
{"metadata": {...}, "tensors": {name: {"shape": [...], "dtype": "float32", "values": [...]}}}.
Values are the float32 numbers widened to Python floats, so the caller can compare them exactly.

Run: python read_safetensors.py FILE
"""
import json
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file

path = sys.argv[1]
tensors = load_file(path)
with safe_open(path, framework="np") as handle:
    metadata = handle.metadata() or {}
out = {"metadata": metadata, "tensors": {}}
for name, array in tensors.items():
    assert isinstance(array, np.ndarray)
    out["tensors"][name] = {
        "shape": list(array.shape),
        "dtype": str(array.dtype),
        "values": [float(x) for x in array.reshape(-1)],
    }
json.dump(out, sys.stdout)
