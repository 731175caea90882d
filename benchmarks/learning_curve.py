"""Learning curve of a CNN recipe on held-out training data: how many epochs it needs.

The CNN rows of ``docs/benchmarks.md`` run with an epoch budget, and the published
papers do not say how many epochs they trained. This script measures, without
touching any test fold, where a recipe's validation accuracy and UAR stop
rising: it takes the *training* part of the first outer fold of a protocol of
``accuracy.py`` (``paper``: stratified random 5-fold; ``loso``: all speakers but
the first), splits it once into an inner training and validation part (``paper``:
stratified random 20 %; ``loso``: 20 % of the training speakers, so validation
speakers are unseen), fits the recipe's classifier on the inner training part
for ``--epochs`` epochs and records loss, accuracy and UAR on both parts after
every epoch. The outer test fold is never used, so an epoch count read from this
curve is not tuned on the benchmark's test data.

Writes ``<out>/learning_curve_<corpus>_<recipe>_<protocol>.json``;
``benchmarks/make_tables.py`` puts a summary into ``docs/benchmarks.md``.

Usage::

    python benchmarks/learning_curve.py --recipe issa2020 --corpus ravdess --epochs 300
    python benchmarks/learning_curve.py --recipe issa2020 --corpus emodb --seeds 0 1 2
    python benchmarks/learning_curve.py --quick --out /tmp/q   # smoke test
"""

import argparse
import os
import sys
import time
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import accuracy as acc  # noqa: E402

CNN_RECIPES = ("issa2020", "conv1d-mfcc", "cnn2d-image", "parallel-cnn")


def inner_split(y, groups, protocol, seed):
    """(outer training indices, inner training, inner validation) of fold 0."""
    from sklearn.model_selection import GroupShuffleSplit, StratifiedKFold, train_test_split

    if protocol == "loso":
        first = sorted(set(groups))[0]
        outer = np.flatnonzero(groups != first)
        gss = GroupShuffleSplit(n_splits=1, test_size=0.2, random_state=seed)
        tr, va = next(gss.split(outer, y[outer], groups[outer]))
    else:
        skf = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
        outer, _ = next(skf.split(np.zeros(len(y)), y))
        _, counts = np.unique(y[outer], return_counts=True)
        can_stratify = counts.min() >= 2 and 0.2 * len(outer) >= len(counts)
        tr, va = train_test_split(np.arange(len(outer)), test_size=0.2, random_state=seed,
                                  stratify=y[outer] if can_stratify else None)
    return outer, outer[tr], outer[va]


def _epoch_scores_callback(sets, classes, wrapper):
    """A Keras callback that scores the model on ``sets`` (raw inputs of ``wrapper``,
    a skser CNN) after every epoch."""
    import keras

    from skser.evaluation import compute_metrics

    class EpochScores(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.scores = {name: {"accuracy": [], "uar": []} for name in sets}

        def on_epoch_end(self, epoch, logs=None):
            for name, (X, y) in sets.items():
                Xe = wrapper.feature_encoder_.transform(X)
                proba = self.model.predict(Xe, verbose=0, batch_size=256)
                pred = classes[np.argmax(proba, axis=1)]
                m = compute_metrics(y, pred, classes)
                self.scores[name]["accuracy"].append(float(m["wa"]))
                self.scores[name]["uar"].append(float(m["uar"]))

    return EpochScores()


def trailing_mean(values, window=10):
    """Trailing ``window``-epoch mean of a per-epoch series.

    Element ``e`` is the mean of ``values[max(0, e - window + 1):e + 1]``, so the
    first ``window - 1`` elements average the fewer epochs there are. Same length
    as ``values``; float64."""
    v = np.asarray(values, float)
    csum = np.concatenate([[0.0], np.cumsum(v)])
    end = np.arange(1, len(v) + 1)
    start = np.maximum(0, end - window)
    return (csum[end] - csum[start]) / (end - start)


def plateau_epoch(values, window=10, tol=0.01):
    """First epoch (1-based) whose trailing ``window``-epoch mean is within ``tol``
    of the best trailing mean: where the curve stops rising. Only full windows
    count; a series shorter than ``window`` gives its length."""
    v = np.asarray(values, float)
    if len(v) < window:
        return len(v)
    smooth = trailing_mean(v, window)[window - 1:]
    return int(np.flatnonzero(smooth >= smooth.max() - tol)[0] + window)


def run(args):
    from sklearn.base import clone

    task = acc.TASKS[args.recipe][args.corpus]
    frame, y, groups = acc.load(args.corpus, args.data_home, task.get("labels"), args.quick)
    pipe = acc.make_recipe(args.recipe, args.corpus, args.epochs)
    prefix, rest = acc.split_prefix(pipe)
    X, t_feat, _ = acc.cached_features(prefix, args.corpus, frame, args.cache_dir)
    X = np.asarray(X)
    classes = np.unique(y)
    out_path = os.path.join(args.out, f"learning_curve_{args.corpus}_{args.recipe}_"
                                      f"{args.protocol}.json")
    doc = {"kind": "learning_curve", "recipe": args.recipe, "corpus": args.corpus,
           "protocol": args.protocol, "protocol_text": acc.PROTOCOL_TEXT[args.protocol],
           "validation": ("20 % of the training speakers (speaker-disjoint)"
                          if args.protocol == "loso" else "stratified random 20 %"),
           "epochs": args.epochs, "n_classes": len(classes),
           "pipeline": repr(pipe).replace("\n", " "), "machine": acc.machine_info(),
           "quick": bool(args.quick), "feature_seconds": t_feat,
           "command": acc.command_line("learning_curve.py"),
           "runs": []}
    for seed in args.seeds:
        outer, tr, va = inner_split(y, groups, args.protocol, seed)
        model = clone(rest)
        for k in model.get_params(deep=True) if hasattr(model, "get_params") else []:
            if k == "random_state" or k.endswith("__random_state"):
                model.set_params(**{k: seed})
        steps = model.steps if hasattr(model, "steps") else [("clf", model)]
        Xtr, Xva = X[tr], X[va]
        for _, step in steps[:-1]:  # e.g. a scaler: fitted on the inner training part
            Xtr = step.fit_transform(Xtr, y[tr])
            Xva = step.transform(Xva)
        clf = steps[-1][1]
        cb = _epoch_scores_callback({"train": (Xtr, y[tr]), "validation": (Xva, y[va])},
                                    classes, clf)
        clf.set_params(callbacks=[cb], patience=None, validation_split=0.0)
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            clf.fit(Xtr, y[tr], validation_data=(Xva, y[va]))
        seconds = time.perf_counter() - t0
        h = clf.history_
        val_uar = cb.scores["validation"]["uar"]
        run_doc = {
            "seed": seed, "n_outer_train": len(outer), "n_train": len(tr), "n_val": len(va),
            "val_speakers": sorted(set(groups[va])) if args.protocol == "loso" else None,
            "seconds": seconds, "seconds_per_epoch": seconds / max(1, len(h["loss"])),
            "loss": h.get("loss"), "val_loss": h.get("val_loss"),
            "train_accuracy": cb.scores["train"]["accuracy"],
            "train_uar": cb.scores["train"]["uar"],
            "val_accuracy": cb.scores["validation"]["accuracy"], "val_uar": val_uar,
            "best_val_loss_epoch": int(np.argmin(h["val_loss"]) + 1),
            "best_val_uar_epoch": int(np.argmax(val_uar) + 1),
            "plateau_val_uar_epoch": plateau_epoch(val_uar),
        }
        doc["runs"].append(run_doc)
        acc.write_json(out_path, doc)
        acc.log(f"{args.recipe} {args.corpus} {args.protocol} seed {seed}: "
                f"{len(tr)} train / {len(va)} val, {seconds:.0f} s; val UAR "
                f"{val_uar[-1]:.3f} at the last epoch, best {max(val_uar):.3f} at epoch "
                f"{run_doc['best_val_uar_epoch']}, plateau from epoch "
                f"{run_doc['plateau_val_uar_epoch']}; val loss lowest at epoch "
                f"{run_doc['best_val_loss_epoch']} -> {out_path}")
    return doc


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--recipe", default="issa2020", choices=CNN_RECIPES)
    p.add_argument("--corpus", default="emodb")
    p.add_argument("--protocol", default="paper", choices=["paper", "loso"])
    p.add_argument("--epochs", type=int, default=300)
    p.add_argument("--seeds", nargs="+", type=int, default=[0])
    p.add_argument("--data-home", default=None, help="corpora folder (default $SKSER_DATA)")
    p.add_argument("--cache-dir", default=os.path.expanduser("~/.cache/skser"),
                   help="feature cache (never the data folder)")
    p.add_argument("--out", default=acc.RESULTS, help="result folder")
    p.add_argument("--quick", action="store_true", help="smoke test: tiny subset, 2 epochs")
    args = p.parse_args(argv)
    if args.corpus not in acc.TASKS[args.recipe]:
        p.error(f"{args.recipe} has no task on {args.corpus!r}; "
                f"known: {', '.join(acc.TASKS[args.recipe])}")
    if args.quick:
        args.epochs, args.seeds = 2, args.seeds[:1]
        args.cache_dir = os.path.join(args.out, "cache")
    os.makedirs(args.out, exist_ok=True)
    run(args)


if __name__ == "__main__":
    main()
