"""Writes reference-aggregates-baby.json: the reference implementation's aggregate features
(samples.aggregate_features) of some baby samples of the balanced-test protocol: the first
and last 10 test samples (positives, then negatives) and the first 5 shifted training copies.

Run from this directory (paths to shared/peers and the Complete Journey data):
  /work/peers-venv/bin/python reference_aggregates.py \
      /work/shared/peers /work/shared/data/completejourney
"""
import json
import sys

import numpy as np

sys.path.insert(0, sys.argv[1])
import samples as S  # noqa: E402

cfg = S.Config()
ev, splits, _ = S.prepare(sys.argv[2], "baby", cfg)
vocab = S.Vocab(ev, splits["train"])
test, aug = splits["test"], splits["train_aug"]
picked = [("test", i) for i in list(range(10)) + list(range(len(test) - 10, len(test)))]
picked += [("train", int(i)) for i in np.flatnonzero(aug.shift > 0)[:5]]
rows = []
names = None
for split, i in picked:
    smp = (test if split == "test" else aug).take(np.array([i]))
    X, names = S.aggregate_features(ev, smp, vocab)
    rows.append({"split": split, "index": i, "user": int(smp.user[0]),
                 "shift": int(smp.shift[0]), "label": int(smp.label[0]),
                 "values": [float(x) for x in X[0]]})
out = {"target": "baby", "names": names, "rows": rows}
with open("reference-aggregates-baby.json", "w") as f:
    json.dump(out, f)
print(f"{len(rows)} rows, {len(names)} features")
