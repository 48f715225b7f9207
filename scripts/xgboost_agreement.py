"""Does our xgboost (Debian's libxgboost through the C API) agree with the reference's?

Three steps, each its own command so that each can run in the venv that has what it needs:

  dump   (reference venv: pandas, the reference's samples.py)
         builds the balanced-test samples and aggregate features of each target with the
         reference code and saves them as one .npz per target;
  fit    (any venv with numpy, scikit-learn and some xgboost version)
         fits XGBClassifier with the reference's settings on a dump, for each seed, and
         writes the balanced-test ROC AUC per target and seed as JSON;
  compare
         reads those JSON files and a `propensity experiment` metrics.json (xgboost records,
         balanced-test) and prints per target: seed 0 and the mean over seeds; exits 1 when
         the mean of ours and of the reference differ by more than --tolerance.

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


def compare(args):
    with open(args.ours) as f:
        records = [r for r in json.load(f)
                   if r.get("model") == "xgboost" and r.get("protocol") == "balanced-test"]
    references = []
    for path in args.reference:
        with open(path) as f:
            references.append(json.load(f))
    failed = False
    header = "| target | ours seed 0 | " + " | ".join(
        f"xgboost {r['xgboost']} seed 0" for r in references)
    header += " | ours mean | " + " | ".join(f"{r['xgboost']} mean" for r in references)
    header += " | mean difference |"
    print(header)
    print("|---" * (header.count("|") - 1) + "|")
    for target in TARGETS:
        ours = {r["seed"]: r["roc_auc"] for r in records if r.get("target") == target}
        if not ours:
            continue
        cells = [target, f"{ours.get(0, float('nan')):.3f}"]
        means = []
        for ref in references:
            runs = {r["seed"]: r["roc_auc"] for r in ref["targets"].get(target, [])}
            cells.append(f"{runs.get(0, float('nan')):.3f}")
            shared = sorted(set(runs) & set(ours))
            means.append((mean([ours[s] for s in shared]), mean([runs[s] for s in shared]),
                          len(shared)))
        cells.append(f"{means[0][0]:.3f} (n={means[0][2]})")
        cells += [f"{m[1]:.3f}" for m in means]
        difference = means[0][0] - means[0][1]
        cells.append(f"{difference:+.3f}")
        failed |= abs(difference) > args.tolerance
        print("| " + " | ".join(cells) + " |")
    print(f"\nagreement within {args.tolerance}: {'no' if failed else 'yes'} "
          f"(first reference file: {args.reference[0]})")
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
    c.add_argument("--ours", required=True, help="metrics.json of propensity experiment")
    c.add_argument("--reference", required=True, nargs="+", help="fit outputs, reference first")
    c.add_argument("--tolerance", type=float, default=0.02)
    c.set_defaults(func=compare)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
