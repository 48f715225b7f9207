"""Reference values for RankingReferenceTests: scikit-learn's metrics on seeded random
populations with many ties, written to ranking-reference.json beside this script.

Run with the peers venv: /work/peers-venv/bin/python ranking_reference.py
"""
import json
import math
import os

import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

rng = np.random.default_rng(7)
cases = []
for n, rate in [(300, 0.05), (1433, 0.023), (97, 0.3)]:
    y = (rng.random(n) < rate).astype(int)
    y[0] = 1  # at least one buyer
    # Two decimals: many ties in score.
    p = np.round(1 / (1 + np.exp(-(0.8 * y + rng.normal(size=n)))), 2)
    users = rng.permutation(10 * n)[:n] + 1
    order = np.lexsort((users, -p))
    ys = y[order]
    pos = int(y.sum())
    top = {}
    for k in (1, 5, 10):
        m = math.ceil(n * k / 100)
        hit = int(ys[:m].sum())
        top[f"precision_top{k}"] = hit / m
        top[f"recall_top{k}"] = hit / pos
    base = pos / n
    # Prior correction from 0.5 to the base rate, then sklearn's uniform reliability bins.
    r1, r0 = base / 0.5, (1 - base) / 0.5
    q = p * r1 / (p * r1 + (1 - p) * r0)
    # Shifted off the bin edges (scores have two decimals), where sklearn's bins are closed on
    # the right and ours on the left.
    observed, predicted = calibration_curve(y, p + 0.004, n_bins=10, strategy="uniform")
    cases.append({
        "labels": y.tolist(), "scores": p.tolist(), "users": users.tolist(),
        "pr_auc": float(average_precision_score(y, p)),
        "roc_auc": float(roc_auc_score(y, p)),
        "base_rate": base, **top, "lift_top_decile": top["precision_top10"] / base,
        "brier_raw": float(brier_score_loss(y, p)),
        "brier_prior": float(brier_score_loss(y, q)),
        "reliability_observed": observed.tolist(), "reliability_predicted": predicted.tolist(),
    })
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ranking-reference.json")
with open(out, "w") as f:
    json.dump(cases, f)
print(out)
