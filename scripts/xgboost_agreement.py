"""Does our xgboost (Debian's libxgboost through the C API) agree with the reference's?

Three steps, each its own command so that each can run in the venv that has what it needs:

  dump   (reference venv: pandas, the reference's samples.py)
         builds the balanced-test samples and aggregate features of each target with the
         reference code and saves them as one .npz per target;
  fit    (any venv with numpy, scikit-learn and some xgboost version)
         fits XGBClassifier with the reference's settings on a dump, for each seed, and
         writes the balanced-test ROC AUC per target and seed as JSON;
  compare
         reads those JSON files and `propensity experiment` metrics.json files (xgboost
         records, balanced-test) and prints per target seed 0 and the mean over the seeds both
         ran; exits 1 when the means differ by more than --tolerance.

Example (see docs/EXPERIMENTS.md):
  /work/peers-venv/bin/python scripts/xgboost_agreement.py dump --data DIR --out /tmp/agg
  /work/peers-venv/bin/python scripts/xgboost_agreement.py fit --dumps /tmp/agg --out ref.json
  /tmp/xgb174/bin/python scripts/xgboost_agreement.py fit --dumps /tmp/agg --out old.json
  python3 scripts/xgboost_agreement.py compare --ours metrics.json --reference ref.json
"""
from __future__ import annotations

import argparse
import json
import os
import sys

TARGETS = ("baby", "pet", "wine")


def dump(args):
    import numpy as np
    sys.path.insert(0, args.peers)
    import samples as S
    import run as R

    cfg = S.Config(seed=42)
    events = S.load_events(args.data)
    os.makedirs(args.out, exist_ok=True)
    for target in args.targets.split(","):
        _, splits, _ = S.prepare(None, target, cfg, ev=events)
        _, encoded, agg, names = R.encode_all(events, splits, cfg.max_length)
        np.savez(os.path.join(args.out, f"{target}.npz"),
                 train=agg["train_aug"], train_y=encoded["train_aug"].labels,
                 validation=agg["validation"], validation_y=encoded["validation"].labels,
                 test=agg["test"], test_y=encoded["test"].labels, names=np.array(names))
        print(f"{target}: train {agg['train_aug'].shape}, test {agg['test'].shape}")


def fit(args):
    import numpy as np
    import xgboost as xgb
    from sklearn.metrics import roc_auc_score

    # The reference's settings (peers/baselines.py); everything else the library's default.
    params = dict(n_estimators=400, max_depth=4, learning_rate=0.05, subsample=args.subsample,
                  colsample_bytree=args.colsample, min_child_weight=1.0, eval_metric="auc",
                  early_stopping_rounds=30, tree_method="hist")
    seeds = [int(s) for s in args.seeds.split(",")]
    result = {"xgboost": xgb.__version__, "subsample": args.subsample,
              "colsample_bytree": args.colsample, "targets": {}}
    for target in args.targets.split(","):
        d = np.load(os.path.join(args.dumps, f"{target}.npz"))
        runs = []
        for seed in seeds:
            extra = {}
            if args.base_score == "mean":
                extra["base_score"] = float(d["train_y"].mean())
            model = xgb.XGBClassifier(**params, **extra, random_state=seed, n_jobs=args.threads)
            model.fit(d["train"], d["train_y"], eval_set=[(d["validation"], d["validation_y"])],
                      verbose=False)
            config = json.loads(model.get_booster().save_config())
            base = config["learner"]["learner_model_param"]["base_score"]
            auc = float(roc_auc_score(d["test_y"], model.predict_proba(d["test"])[:, 1]))
            runs.append({"seed": seed, "roc_auc": auc, "best_iteration": int(model.best_iteration),
                         "base_score": base})
            print(f"{xgb.__version__} {target} seed {seed}: AUC {auc:.4f} "
                  f"best {model.best_iteration} base_score {base}", flush=True)
        result["targets"][target] = runs
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)


def mean(xs):
    return sum(xs) / len(xs) if xs else float("nan")


def sd(xs):
    m = mean(xs)
    return (sum((x - m) ** 2 for x in xs) / (len(xs) - 1)) ** 0.5 if len(xs) > 1 else 0.0


def fitted_runs(paths):
    """{target: {seed: auc}} merged over fit outputs, and their xgboost version."""
    runs, versions = {}, set()
    for path in paths:
        with open(path) as f:
            result = json.load(f)
        versions.add(result["xgboost"])
        for target, items in result["targets"].items():
            runs.setdefault(target, {}).update({r["seed"]: r["roc_auc"] for r in items})
    return runs, "/".join(sorted(versions))


def compare(args):
    ours = {}
    for path in args.ours:
        with open(path) as f:
            for r in json.load(f):
                if r.get("model") == "xgboost" and r.get("protocol") == "balanced-test":
                    ours.setdefault(r["target"], {})[r["seed"]] = r["roc_auc"]
    reference, version = fitted_runs(args.reference)
    print(f"| target | seeds | ours seed 0 | {version} seed 0 | ours mean ± sd | "
          f"{version} mean ± sd | mean difference |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    failed = False
    for target in TARGETS:
        a, b = ours.get(target, {}), reference.get(target, {})
        shared = sorted(set(a) & set(b))
        if not shared:
            continue
        xa, xb = [a[s] for s in shared], [b[s] for s in shared]
        difference = mean(xa) - mean(xb)
        failed |= abs(difference) > args.tolerance
        print(f"| {target} | {len(shared)} | {a.get(0, float('nan')):.3f} | "
              f"{b.get(0, float('nan')):.3f} | {mean(xa):.3f} ± {sd(xa):.3f} | "
              f"{mean(xb):.3f} ± {sd(xb):.3f} | {difference:+.3f} |")
    for path in args.same or []:
        other, label = fitted_runs([path])
        worst = max((abs(other[t][s] - ours[t][s]) for t in other for s in other[t]
                     if s in ours.get(t, {})), default=float("nan"))
        print(f"\n{path} ({label}): largest |AUC difference| to ours over the same seeds "
              f"{worst:.6f}")
    print(f"\nmeans over seeds within {args.tolerance}: {'no' if failed else 'yes'}")
    sys.exit(1 if failed else 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--data", required=True)
    d.add_argument("--out", required=True)
    d.add_argument("--peers", default="/work/shared/peers")
    d.add_argument("--targets", default=",".join(TARGETS))
    d.set_defaults(func=dump)
    f = sub.add_parser("fit")
    f.add_argument("--dumps", required=True)
    f.add_argument("--out", required=True)
    f.add_argument("--targets", default=",".join(TARGETS))
    f.add_argument("--seeds", default="0,1,2,3,4,5,6,7,8,9")
    f.add_argument("--threads", type=int, default=2)
    f.add_argument("--subsample", type=float, default=0.8)
    f.add_argument("--colsample", type=float, default=0.8)
    f.add_argument("--base-score", choices=["library", "mean"], default="library",
                   help="mean: set base_score to the training label mean, as we do")
    f.set_defaults(func=fit)
    c = sub.add_parser("compare")
    c.add_argument("--ours", required=True, nargs="+",
                   help="metrics.json files of propensity experiment (seeds merged)")
    c.add_argument("--reference", required=True, nargs="+",
                   help="fit outputs of the reference's xgboost (seeds merged)")
    c.add_argument("--same", nargs="*",
                   help="fit outputs that should equal ours (Debian's library from Python)")
    c.add_argument("--tolerance", type=float, default=0.02)
    c.set_defaults(func=compare)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
