"""Writes torch_fixture.json: PyTorch logits, mean BCE and selected gradients of the
reference cnn-lstm and lstm (shared/peers/models_torch.py) for a tiny batch, with weights set
by a formula the Swift test reproduces.

Run: /work/peers-venv/bin/python make_torch_fixture.py [PEERS_DIR]   (default /work/shared/peers)
"""
import json
import math
import pathlib
import sys

import numpy as np
import torch

peers = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/peers"
sys.path.insert(0, peers)
import models_torch  # noqa: E402

VOCAB = [5, 7, 9]
L = 8
LENGTHS = [8, 5, 2]
LABELS = [1.0, 0.0, 1.0]
# Our names for the reference's parameters.
RENAME = {"embs.": "embeddings.", "c1.": "conv1.", "c2.": "conv2."}


def our_name(name):
    for old, new in RENAME.items():
        if name.startswith(old):
            return new + name[len(old):]
    return name


def formula(tensor_index, count, scale):
    """value[i] = scale * sin(0.37 i + 1.1 t), rounded to float32."""
    i = np.arange(count, dtype=np.float64)
    return (scale * np.sin(0.37 * i + 1.1 * tensor_index)).astype(np.float32)


def scale_of(name, shape):
    if name.startswith("embeddings"):
        return 1.0
    if name.startswith("lstm"):
        return 1 / math.sqrt(64)
    if name.startswith("conv"):
        return 1 / math.sqrt(shape[1] * shape[2]) if len(shape) == 3 else 0.1
    return 1 / math.sqrt(64) if name == "out.weight" else 0.1


def data():
    cats = np.zeros((len(LENGTHS), L, 3), dtype=np.int64)
    nums = np.zeros((len(LENGTHS), L, 6), dtype=np.float32)
    for n, length in enumerate(LENGTHS):
        for t in range(L - length, L):
            for level in range(3):
                cats[n, t, level] = 1 + (3 * n + 5 * t + 7 * level) % (VOCAB[level] - 1)
            for j in range(6):
                nums[n, t, j] = math.cos(0.7 * n + 0.3 * t + 0.9 * j)
    return cats, nums


def main():
    cats, nums = data()
    out = {"vocabularySizes": VOCAB, "maxLength": L, "lengths": LENGTHS, "labels": LABELS,
           "categories": cats.reshape(-1).tolist(),
           "numbers": [float(x) for x in nums.reshape(-1)], "kinds": {}}
    for kind in ["cnn-lstm", "lstm"]:
        model = models_torch.build(kind, VOCAB, seed=0)
        with torch.no_grad():
            for t, (name, p) in enumerate(model.named_parameters()):
                ours = our_name(name)
                values = formula(t, p.numel(), scale_of(ours, list(p.shape)))
                if ours.startswith("embeddings"):
                    values[: p.shape[1]] = 0  # padding row
                p.copy_(torch.from_numpy(values).reshape(p.shape))
        logits = model(torch.from_numpy(cats), torch.from_numpy(nums),
                       torch.tensor(LENGTHS, dtype=torch.int64))
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            logits, torch.tensor(LABELS))
        loss.backward()
        gradients = {}
        for name, p in model.named_parameters():
            g = p.grad.reshape(-1)
            candidates = [0, 1, 17, 40, g.numel() // 3, g.numel() // 2, g.numel() - 1]
            picks = sorted(set(i for i in candidates if i < g.numel()))
            gradients[our_name(name)] = {"indices": picks,
                                         "values": [float(g[i]) for i in picks]}
        out["kinds"][kind] = {
            "parameterOrder": [our_name(n) for n, _ in model.named_parameters()],
            "logits": [float(x) for x in logits.detach()],
            "loss": float(loss.detach()), "gradients": gradients}
    path = pathlib.Path(__file__).with_name("torch_fixture.json")
    path.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
