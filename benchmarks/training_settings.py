"""Training speed of a skser CNN under other numeric and backend settings.

One network (``--model``, default Deep1DCNN, the Issa et al. 2020 network on the
193-vector), EMO-DB-sized synthetic input (535 samples, 7 classes), the skser
wrapper's default training settings otherwise. Each setting runs in its own fresh
process (the Keras backend and the global dtype policy are per process):

* ``tensorflow``: TensorFlow backend, float32 (skser's default);
* ``tensorflow-bf16``: TensorFlow backend, ``keras.mixed_precision`` policy
  ``mixed_bfloat16`` (bfloat16 compute, float32 weights);
* ``jax``: JAX backend, ``jit_compile="auto"`` (XLA);
* ``jax-nojit``: JAX backend, ``jit_compile=False``.

Per setting: the median epoch time over epochs 2..n of ``--repeats`` fits (the
first epoch traces and compiles) and its ratio to the ``tensorflow`` setting,
measured in the same run, settings alternating between repeats. A setting that
trains at least 1.3x faster is the one worth an accuracy check (the same UAR within
1 point on a LOSO fold over 3 seeds) before it becomes a default: ``--accuracy``
runs that check for those settings (``--recipe``'s classifier on EMO-DB's first LOSO
fold, the recipe's epochs). Prints a table and writes
``<out>/training_settings.json`` for ``make_tables.py``.

Usage::

    python benchmarks/training_settings.py --accuracy
    python benchmarks/training_settings.py --model LLDCNN --epochs 4
"""

import argparse
import json
import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import accuracy as acc  # noqa: E402

SETTINGS = {
    "tensorflow": {"KERAS_BACKEND": "tensorflow"},
    "tensorflow-bf16": {"KERAS_BACKEND": "tensorflow", "SKSER_BENCH_POLICY": "mixed_bfloat16"},
    "jax": {"KERAS_BACKEND": "jax"},
    "jax-nojit": {"KERAS_BACKEND": "jax", "SKSER_BENCH_JIT": "0"},
}


def _apply_setting():
    """In a child: set the dtype policy of this process's setting; the classifier params."""
    import keras

    policy = os.environ.get("SKSER_BENCH_POLICY")
    if policy:
        keras.mixed_precision.set_global_policy(policy)
    return {} if os.environ.get("SKSER_BENCH_JIT") != "0" else {"jit_compile": False}


def _run_child(name, argv):
    """Run this script with ``argv`` in a fresh process under setting ``name``.

    Returns the JSON object of the child's last output line.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKSER_BENCH_")}
    env.update({"TF_CPP_MIN_LOG_LEVEL": "3", **SETTINGS[name]})
    p = subprocess.run([sys.executable, __file__, *argv], env=env, capture_output=True,
                       text=True, check=False)
    if p.returncode:
        raise SystemExit(f"{name}: the fit failed:\n{p.stderr[-3000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def _child(model, epochs):
    """Fit once in this process; print the epoch times as JSON."""
    import time

    import keras
    from models import _data, _epoch_timer

    import skser.models as models

    params = _apply_setting()
    X, y = _data(model, np.random.default_rng(0))
    times = []
    clf = getattr(models, model)(epochs=epochs, verbose=0, validation_split=0.0,
                                 patience=None, callbacks=[_epoch_timer(times)], **params)
    t0 = time.perf_counter()
    clf.fit(X, y)
    print(json.dumps({"backend": keras.backend.backend(),
                      "policy": keras.config.dtype_policy().name,
                      "epochs": times, "total": time.perf_counter() - t0}))


def _child_accuracy(model_recipe, path, seeds):
    """Fit the recipe's classifier on the first LOSO fold of ``path``; print UARs as JSON."""
    from sklearn.base import clone
    from sklearn.metrics import balanced_accuracy_score

    from skser.recipes import get_recipe

    params = _apply_setting()
    with np.load(path) as f:
        X, y, groups = f["X"], f["y"].astype(str), f["groups"].astype(str)
    test = groups == sorted(set(groups))[0]
    uars = []
    for seed in seeds:
        clf = clone(get_recipe(model_recipe).steps[-1][1]).set_params(
            random_state=seed, verbose=0, **params)
        clf.fit(X[~test], y[~test])
        uars.append(balanced_accuracy_score(y[test], clf.predict(X[test])))
    print(json.dumps({"uar": uars}))


def _accuracy_check(args, names):
    """UAR over seeds on EMO-DB's first LOSO fold, per setting in ``names``."""
    import tempfile

    from skser.datasets import fetch_emodb
    from skser.recipes import get_recipe

    data = fetch_emodb()
    X = get_recipe(args.recipe).steps[0][1].set_params(n_jobs=-1).transform(data.frame)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "features.npz")
        np.savez(path, X=X, y=np.asarray(data.target, dtype=str),
                 groups=np.asarray(data.groups, dtype=str))
        speakers = sorted(set(np.asarray(data.groups, dtype=str)))
        held = speakers[0]
        print(f"accuracy check: recipe {args.recipe}, EMO-DB, trained on "
              f"{len(speakers) - 1} speakers, tested on speaker {held} (first LOSO fold), "
              f"seeds {args.seeds}, the recipe's epochs")
        result = {name: _run_child(name, ["--child-accuracy", path, "--recipe", args.recipe,
                                          "--seeds", *map(str, args.seeds)])["uar"]
                  for name in names}
    base = np.mean(result[names[0]])
    rows = []
    for name in names:
        u = 100 * np.asarray(result[name])
        print(f"{name:<16} UAR {u.mean():5.1f} +- {u.std():.1f} % (seeds: "
              f"{', '.join(f'{v:.1f}' for v in u)}); difference {u.mean() - 100 * base:+.1f} "
              "points")
        rows.append({"setting": name, "uar": list(u), "uar_mean": float(u.mean()),
                     "uar_std": float(u.std())})
    return {"recipe": args.recipe, "corpus": "emodb", "test_speaker": held,
            "seeds": args.seeds, "rows": rows}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="Deep1DCNN")
    ap.add_argument("--epochs", type=int, default=6, help="epochs per fit")
    ap.add_argument("--repeats", type=int, default=3, help="fits per setting")
    ap.add_argument("--settings", nargs="+", default=list(SETTINGS), choices=list(SETTINGS))
    ap.add_argument("--accuracy", action="store_true",
                    help="then the accuracy check for the settings at >= 1.3x")
    ap.add_argument("--recipe", default="issa2020", help="recipe of the accuracy check")
    ap.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    ap.add_argument("--out", default=acc.RESULTS, help="result folder")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--child-accuracy", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return _child(args.model, args.epochs)
    if args.child_accuracy:
        return _child_accuracy(args.recipe, args.child_accuracy, args.seeds)
    print(f"model {args.model}, 535 synthetic samples, {args.epochs} epochs per fit, "
          f"{args.repeats} fits per setting (alternating); {os.cpu_count()} CPU cores; load "
          f"average at start {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    epochs = {name: [] for name in args.settings}
    info = {}
    for _ in range(args.repeats):
        for name in args.settings:
            doc = _run_child(name, ["--child", "--model", args.model,
                                    "--epochs", str(args.epochs)])
            epochs[name] += doc["epochs"][1:]
            info[name] = f"{doc['backend']}, {doc['policy']}"
    base = float(np.median(epochs[args.settings[0]]))
    print(f"{'setting':<16} {'backend, dtype policy':<28} {'s/epoch':>8} {'speedup':>8}")
    fast, rows = [], []
    for name in args.settings:
        med = float(np.median(epochs[name]))
        print(f"{name:<16} {info[name]:<28} {med:>8.3f} {base / med:>7.2f}x")
        rows.append({"setting": name, "backend_policy": info[name], "s_per_epoch": med,
                     "speedup": base / med})
        if name != args.settings[0] and base / med >= 1.3:
            fast.append(name)
    print("speedup: epoch time of the first setting / this setting's (>= 1.3x: worth an "
          "accuracy check); load average at end: "
          f"{', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    doc = {"kind": "training_settings", "machine": acc.machine_info(), "model": args.model,
           "epochs_per_fit": args.epochs, "repeats": args.repeats, "rows": rows,
           "load_average": list(os.getloadavg()), "accuracy": None,
           "command": acc.command_line("training_settings.py", argv)}
    if args.accuracy and fast:
        doc["accuracy"] = _accuracy_check(args, [args.settings[0], *fast])
    os.makedirs(args.out, exist_ok=True)
    acc.write_json(os.path.join(args.out, "training_settings.json"), doc)


if __name__ == "__main__":
    main()
