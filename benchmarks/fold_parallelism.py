"""How to spend the cores on a CNN's cross-validation: folds in parallel, or threads.

A LOSO run of a CNN recipe is ten or more independent fits. With 2 cores they can
run one after the other, each fit using both cores (TensorFlow's intra-op threads),
or two at a time in joblib workers; the workers then either keep TensorFlow's
default (one thread per core each: oversubscribed) or get one thread each. This
script times the three on EMO-DB-sized synthetic input (535 samples, 10 speakers,
7 classes; training time does not depend on what the numbers are), each in a fresh
process, through :func:`skser.evaluation.evaluate`, and checks that the three give
the same predictions where the model is deterministic.

Usage::

    python benchmarks/fold_parallelism.py                   # Deep1DCNN, 20 epochs
    python benchmarks/fold_parallelism.py --model StackedConv1DCNN --epochs 5
"""

import argparse
import json
import os
import subprocess
import sys
import textwrap
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import accuracy as acc  # noqa: E402

SHAPES = {"Deep1DCNN": (193,), "StackedConv1DCNN": (216,), "ParallelCNN": (750, 26),
          "FeatureImageCNN": (193, 130, 1), "LLDCNN": (750, 25)}

MODES = {
    "sequential folds, TensorFlow default threads": {"n_jobs": 1, "env": {}},
    "2 folds in parallel, TensorFlow default threads": {"n_jobs": 2, "env": {}},
    "2 folds in parallel, 1 TensorFlow thread each": {
        "n_jobs": 2, "env": {"TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1"}},
}

CHILD = textwrap.dedent("""
    import json, sys, time
    import numpy as np
    from skser import models
    from skser.evaluation import evaluate
    name, shape, epochs, n_jobs = sys.argv[1], tuple(json.loads(sys.argv[2])), \\
        int(sys.argv[3]), int(sys.argv[4])
    rng = np.random.default_rng(0)
    X = rng.normal(size=(535, *shape)).astype(np.float32)
    y = np.array([f"c{i}" for i in rng.integers(0, 7, 535)])
    groups = np.repeat(np.arange(10), 54)[:535]
    clf = getattr(models, name)(epochs=epochs, verbose=0, validation_split=0.0,
                                patience=None)
    t0 = time.perf_counter()
    res = evaluate(clf, X, y, groups, protocol="loso", n_jobs=n_jobs, random_state=0)
    wall = time.perf_counter() - t0
    print(json.dumps({"wall": wall, "fit": float(res.folds["fit_time"].sum()),
                      "pred": res.predictions["y_pred"].tolist()}))
""")


def run_mode(name, epochs, n_jobs, env):
    full_env = dict(os.environ, **env, TF_CPP_MIN_LOG_LEVEL="3")
    p = subprocess.run([sys.executable, "-c", CHILD, name, json.dumps(SHAPES[name]),
                        str(epochs), str(n_jobs)], capture_output=True, text=True,
                       env=full_env, check=True)
    return json.loads(p.stdout.strip().splitlines()[-1])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="Deep1DCNN", choices=sorted(SHAPES))
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--out", default=acc.RESULTS)
    args = ap.parse_args(argv)
    load_start = os.getloadavg()
    rows = []
    for label, mode in MODES.items():
        r = run_mode(args.model, args.epochs, mode["n_jobs"], mode["env"])
        rows.append({"mode": label, "n_jobs": mode["n_jobs"], "env": mode["env"],
                     "wall_seconds": r["wall"], "fit_seconds_sum": r["fit"],
                     "predictions": r["pred"]})
        acc.log(f"{args.model}, {args.epochs} epochs x 10 LOSO folds, {label}: "
                f"{r['wall']:.1f} s wall")
    base, first = rows[0]["wall_seconds"], rows[0]["predictions"]
    for r in rows:
        r["speedup"] = base / r["wall_seconds"]
        r["same_predictions_as_sequential"] = r.pop("predictions") == first
    acc.log("speed-up over sequential folds: " + "; ".join(
        f"{r['mode']}: {r['speedup']:.2f}x" for r in rows[1:]))
    doc = {"kind": "fold_parallelism", "model": args.model, "epochs": args.epochs,
           "n_folds": 10, "n_samples": 535, "machine": acc.machine_info(),
           "load_average_start": list(load_start), "load_average": list(os.getloadavg()),
           "command": acc.command_line("fold_parallelism.py"),
           "rows": rows, "date": time.strftime("%Y-%m-%d")}
    acc.write_json(os.path.join(args.out, f"fold_parallelism_{args.model}.json"), doc)


if __name__ == "__main__":
    main()
