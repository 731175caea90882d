"""The long CNN rows on an accelerator: export the features here, train there.

An accelerator machine may have neither the corpora nor TensorFlow (the one this
project is lent has JAX with CUDA). skser's CNNs are Keras 3 models, so they train
on the JAX backend as well; what such a machine needs is the features, not the
audio. Two steps:

``export`` (here, where the corpora are)
    Writes ``<dir>/features_<corpus>_<recipe>.npz`` (features, labels, speakers,
    extraction seconds) for every row of :func:`pending_rows` (the rows of the
    published-system tables not measured yet), through the same per-file cache
    as ``accuracy.py``, and checks that the folder stays under the size a device
    run carries (64 MiB with the repository and its wheels).
``run`` (there)
    Runs each row's ``accuracy.py`` command with ``--features-from <dir>`` and
    ``KERAS_BACKEND=jax`` (unless set), writing the same result files as a CPU run
    into ``--out``, until ``--budget`` seconds are spent; the finished folds are
    cached under ``--cache-dir``, so a second lease resumes the rows.

The rows are the long ones whose features are small (193-vectors, MFCC contours);
the image and frame-level features of the other CNNs are too large to carry.

Usage::

    python benchmarks/device_rows.py export --dir .device/features
    # on the accelerator, with keras, scikeras, soundfile and soxr on the path:
    python benchmarks/device_rows.py run --dir .device/features --out $OUT --budget 500
"""

import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import accuracy as acc  # noqa: E402

#: Recipes whose features are small enough to carry (193-vectors, MFCC contours).
SMALL_FEATURES = ("issa2020", "conv1d-mfcc")


def finished(path):
    """Whether the result file at ``path`` stands: 3 seeds or more."""
    import json

    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError):
        return False
    return len(doc.get("seeds", [])) >= 3


def pending_rows(results=acc.RESULTS):
    """``(recipe, corpus, accuracy.py arguments)`` of every row of the published-system
    tables (``make_tables.SYSTEMS``) with small features and no finished result file in
    ``results``: first those whose file is there but does not stand, then the tables'
    order; three seeds unless the row names its own."""
    import make_tables

    rows, seen = [], set()
    for system in make_tables.SYSTEMS:
        for _, _, name, _, command in system["rows"]:
            argv = command.split()[2:]  # after "python benchmarks/accuracy.py"
            recipe = argv[argv.index("--recipes") + 1]
            corpus = argv[argv.index("--corpus") + 1]
            if recipe not in SMALL_FEATURES or name in seen \
                    or finished(os.path.join(results, name)):
                continue
            seen.add(name)
            extra = [a for i, a in enumerate(argv)
                     if a not in ("--recipes", "--corpus")
                     and argv[i - 1] not in ("--recipes", "--corpus")]
            if "--seeds" not in extra:
                extra += ["--seeds", "0", "1", "2"]
            rows.append((os.path.exists(os.path.join(results, name)), recipe, corpus, extra))
    # rows whose result file is there but has too few seeds first: the page shows
    # them already
    return [row[1:] for row in sorted(rows, key=lambda row: not row[0])]


#: What a device run carries in all (README of the device tool), less room for the
#: repository and the wheels.
MAX_EXPORT_BYTES = 40 * 2**20


def export(args):
    import numpy as np

    os.makedirs(args.dir, exist_ok=True)
    done = set()
    for recipe, corpus, _ in pending_rows():
        if (recipe, corpus) in done:
            continue
        done.add((recipe, corpus))
        prefix, _ = acc.split_prefix(acc.make_recipe(recipe, corpus))
        ns = argparse.Namespace(features_from=None, data_home=args.data_home, quick=False,
                                n_jobs=1)
        X, y, groups, seconds, key = acc.task_features(recipe, corpus, prefix, args.cache_dir, ns)
        path = acc.features_file(args.dir, corpus, recipe)
        np.savez_compressed(path, X=np.asarray(X, dtype=np.float32), y=y, groups=groups,
                            seconds=seconds, key=key)
        acc.log(f"{recipe} on {corpus}: {np.shape(X)} -> {path} "
                f"({os.path.getsize(path) / 2**20:.1f} MiB)")
    total = sum(os.path.getsize(os.path.join(args.dir, f)) for f in os.listdir(args.dir))
    acc.log(f"{total / 2**20:.1f} MiB in {args.dir}")
    if total > MAX_EXPORT_BYTES:
        raise SystemExit(f"{args.dir} holds {total / 2**20:.1f} MiB, over the "
                         f"{MAX_EXPORT_BYTES / 2**20:.0f} MiB a device run can carry")


def run(args):
    env = dict(os.environ)
    env.setdefault("KERAS_BACKEND", "jax")
    start = time.perf_counter()
    for recipe, corpus, extra in pending_rows():
        left = args.budget - (time.perf_counter() - start)
        if left <= 0:
            acc.log("budget spent; the remaining rows resume from the fold cache next time")
            break
        cmd = [sys.executable, os.path.join(HERE, "accuracy.py"), "--recipes", recipe,
               "--corpus", corpus, *extra, "--features-from", args.dir,
               "--cache-dir", args.cache_dir, "--out", args.out]
        acc.log("$ " + " ".join(cmd[1:]))
        try:
            subprocess.run(cmd, env=env, timeout=left, check=False)
        except subprocess.TimeoutExpired:
            acc.log("budget spent inside a row; its finished folds are cached")
            break


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="step", required=True)
    ex = sub.add_parser("export", help="write the rows' features (needs the corpora)")
    ex.add_argument("--dir", default=os.path.join(HERE, os.pardir, ".device", "features"))
    ex.add_argument("--data-home", default=None)
    ex.add_argument("--cache-dir", default=os.path.expanduser("~/.cache/skser"))
    ru = sub.add_parser("run", help="train the rows from exported features")
    ru.add_argument("--dir", default=os.path.join(HERE, os.pardir, ".device", "features"))
    ru.add_argument("--out", required=True)
    ru.add_argument("--cache-dir", default=os.path.join(os.getcwd(), ".device", "cache"))
    ru.add_argument("--budget", type=float, default=500.0, help="seconds for all rows")
    args = ap.parse_args(argv)
    export(args) if args.step == "export" else run(args)


if __name__ == "__main__":
    main()
