"""Writes reference-encoding-baby.json: the reference implementation's vocabulary sizes and
scaler (mean, population deviation) for the baby target's balanced-test protocol.

Run from this directory (paths to shared/peers and the Complete Journey data):
  /work/peers-venv/bin/python reference_encoding.py \
      /work/shared/peers /work/shared/data/completejourney
"""
import json
import sys

sys.path.insert(0, sys.argv[1])
import samples as S  # noqa: E402

cfg = S.Config()
ev, splits, _ = S.prepare(sys.argv[2], "baby", cfg)
vocab = S.Vocab(ev, splits["train"])
enc = S.encode(ev, splits["train"], vocab, S.event_numbers(ev), cfg.max_length)
mean, sd = S.fit_scaler(enc)
out = {"target": "baby", "vocabulary_sizes": vocab.sizes(),
       "mean": [float(x) for x in mean], "deviation": [float(x) for x in sd],
       "encoded_steps": int(enc.lengths.sum())}
with open("reference-encoding-baby.json", "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps(out))
