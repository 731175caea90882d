"""Kaplan/Strohm/Tasci's mono-, multi- and cross-lingual design on EMO-DB, RAVDESS, SAVEE.

Kaplan/Strohm/Tasci trained a CNN on openSMILE features of IEMOCAP (English) and
RECOLA (French) and reported, per test language, per-class recall and micro accuracy
for three training sets. Here the same design runs on
EMO-DB (German), RAVDESS and SAVEE (English), restricted to their shared canonical
classes (anger, disgust, fear, happiness, neutral, sadness):

* mono-lingual: train on the test corpus only;
* multi-lingual: train on the test corpus plus all the other corpora;
* cross-lingual: train on the corpora of the other language(s) only;
* cross-corpus: train on all the other corpora, of any language (written only where
  it differs from cross-lingual, i.e. where another corpus shares the test corpus'
  language).

Speaker independence: the test language is split into ``--folds`` speaker-disjoint
stratified folds (``StratifiedGroupKFold``, shuffled with the seed); mono- and
multi-lingual models are trained on the other folds of the test corpus (plus the
other corpus for multi), and every test file is predicted once. Cross-lingual
models are trained on the whole other corpus and predict every test file. Micro
accuracy = accuracy over all test files (their "MICRO"); UAR is given too, with a 95 %
bootstrap interval over the test corpus' speakers (every seed's predictions pooled, as in
``benchmarks/accuracy.py``).

Models: ``opensmile-cnn`` (their CNN) and ``compare-svm`` (the openSMILE
ComParE baseline), both from :mod:`skser.recipes`; features are extracted once per
corpus and cached (see ``benchmarks/accuracy.py``). Nothing is tuned.

Usage::

    python benchmarks/cross_lingual.py                       # both models, seeds 0 1 2
    python benchmarks/cross_lingual.py --recipes compare-svm --seeds 0
    python benchmarks/cross_lingual.py --quick --out /tmp/q  # smoke test
"""

import argparse
import os
import sys
import time
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import accuracy as acc  # noqa: E402
import numpy as np  # noqa: E402

LANG = {"emodb": "German", "ravdess": "English", "iemocap": "English", "crema-d": "English",
        "tess": "English", "savee": "English"}
DEFAULT_RECIPES = ("opensmile-cnn", "compare-svm")


def features(prefix, corpus, args):
    """Features of the whole corpus (cached), labels, speakers."""
    frame, y, groups = acc.load(corpus, args.data_home, None, args.quick)
    cache = args.cache_dir if not args.quick else os.path.join(args.out, "cache")
    X, secs, _ = acc.cached_features(prefix, corpus, frame, cache, 1)
    return X, y, groups, secs


def run(recipe, corpora, seeds, args, machine):
    from sklearn.base import clone
    from sklearn.metrics import accuracy_score, balanced_accuracy_score, recall_score
    from sklearn.model_selection import StratifiedGroupKFold


    pipe = acc.make_recipe(recipe, None, args.epochs)
    epochs, patience = acc.recipe_epochs(pipe)
    prefix, rest = acc.split_prefix(pipe)
    data = {}
    t_feat = 0.0
    for c in corpora:
        X, y, g, secs = features(prefix, c, args)
        data[c] = (X, y, g)
        t_feat += secs
    shared = sorted(str(c) for c in set.intersection(*(set(d[1]) for d in data.values())))
    for c in corpora:
        X, y, g = data[c]
        m = np.isin(y, shared)
        data[c] = (X[m], y[m], g[m])
    if epochs is None:
        seeds = seeds[:1]
    out_path = os.path.join(args.out, f"crosslingual_{recipe}.json")
    doc = {"kind": "cross_lingual", "recipe": recipe, "corpora": list(corpora),
           "languages": {c: LANG.get(c, "?") for c in corpora}, "classes": shared,
           "n_files": {c: int(len(data[c][1])) for c in corpora},
           "folds": args.folds, "epochs": epochs, "early_stopping_patience": patience,
           "epochs_overridden": args.epochs is not None,
           "default_epochs": acc.recipe_default_epochs(recipe, None), "feature_seconds": t_feat,
           "pipeline": repr(pipe).replace("\n", " "),
           "machine": machine, "quick": bool(args.quick),
           "command": acc.command_line("cross_lingual.py"),
           "runs": []}
    acc.log(f"{recipe}: shared classes {shared}, files {doc['n_files']}, epochs={epochs}, "
            f"seeds={seeds}")

    def fit_predict(Xtr, ytr, Xte, seed):
        est = clone(rest)
        acc.set_seed(est, seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            est.fit(Xtr, ytr)
            return np.asarray(est.predict(Xte)).astype(str)

    done = {} if args.no_resume else acc.finished_runs(out_path, doc, seeds, RESUME_KEYS,
                                                           needs="predictions")
    for seed in seeds:
        if seed in done:
            doc["runs"].append(done[seed])
            acc.log(f"  seed {seed}: finished before, read from {out_path}")
            continue
        t0 = time.perf_counter()
        run_doc = {"seed": seed, "machine": machine["text"], "results": {}}
        for test in corpora:
            Xt, yt, gt = data[test]
            others = [c for c in corpora if c != test]
            foreign = [c for c in others if LANG.get(c) != LANG.get(test)]
            Xo = np.concatenate([data[c][0] for c in others])
            yo = np.concatenate([data[c][1] for c in others])
            preds = {"mono": np.empty(len(yt), object), "multi": np.empty(len(yt), object)}
            n_folds = min(args.folds, len(set(gt)))
            cv = StratifiedGroupKFold(n_splits=n_folds, shuffle=True, random_state=seed)
            for tr, te in cv.split(Xt, yt, gt):
                preds["mono"][te] = fit_predict(Xt[tr], yt[tr], Xt[te], seed)
                preds["multi"][te] = fit_predict(np.concatenate([Xt[tr], Xo]),
                                                 np.concatenate([yt[tr], yo]), Xt[te], seed)
            if foreign:
                preds["cross"] = fit_predict(np.concatenate([data[c][0] for c in foreign]),
                                             np.concatenate([data[c][1] for c in foreign]),
                                             Xt, seed)
            if foreign != others:
                preds["cross_corpus"] = fit_predict(Xo, yo, Xt, seed)
            res = {}
            for setting, yp in preds.items():
                yp = yp.astype(str)
                rec = recall_score(yt, yp, labels=shared, average=None, zero_division=0)
                res[setting] = {"micro": float(accuracy_score(yt, yp)),
                                "uar": float(balanced_accuracy_score(yt, yp)),
                                "recall": {c: float(r) for c, r in zip(shared, rec, strict=True)}}
            run_doc["results"][test] = res
            run_doc.setdefault("predictions", {})[test] = acc.predictions_record(
                {"y_true": yt, "speaker": gt, **preds}, ("y_true", "speaker", *preds))
            acc.log(f"  seed {seed} test {test}: " + ", ".join(
                f"{k} {v['micro']:.3f}" for k, v in res.items()))
        run_doc["wall_seconds"] = time.perf_counter() - t0
        doc["runs"].append(run_doc)
        write_progress(doc, out_path)
    write_progress(doc, out_path)
    return doc


def speaker_intervals(runs):
    """95 % bootstrap intervals of UAR over test speakers, per test corpus and setting.

    Every seed's predictions are pooled (``accuracy.pooled_intervals``); ``None`` when
    a run kept no predictions.
    """
    if not runs or any("predictions" not in r for r in runs):
        return None
    return {test: acc.pooled_intervals(
        [r["predictions"][test] for r in runs],
        [s for s in first if s not in ("y_true", "speaker")])
        for test, first in runs[0]["predictions"].items()}


def write_progress(doc, out_path):
    """Rewrite the result file with the runs so far."""
    if doc["runs"]:
        doc["uar_ci95"] = speaker_intervals(doc["runs"])
        doc["wall_seconds_per_seed"] = float(np.mean([r["wall_seconds"] for r in doc["runs"]]))
        doc["peak_rss_mb"] = acc.peak_rss_mb()
        acc.write_json(out_path, doc)


#: what must match for a result file's seeds to stand for a run of this command
RESUME_KEYS = ("kind", "recipe", "corpora", "classes", "n_files", "folds", "epochs",
               "pipeline", "quick")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--recipes", nargs="+", default=list(DEFAULT_RECIPES))
    p.add_argument("--corpus", nargs="+", default=["emodb", "ravdess", "savee"],
                   help="two or more corpora, of at least two languages")
    p.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    p.add_argument("--epochs", type=int, default=None, help="override the recipes' epochs")
    p.add_argument("--folds", type=int, default=5, help="speaker-disjoint folds per corpus")
    p.add_argument("--data-home", default=None, help="corpora folder (default $SKSER_DATA)")
    p.add_argument("--cache-dir", default=os.path.expanduser("~/.cache/skser"))
    p.add_argument("--out", default=None, help=f"result folder (default {acc.RESULTS})")
    p.add_argument("--no-resume", action="store_true",
                   help="run every seed again (default: seeds the result file holds for "
                        "the same design are read back)")
    p.add_argument("--quick", action="store_true",
                   help="smoke test: 4 speakers x 3 files of each class per corpus, "
                        "1 epoch, one seed")
    args = p.parse_args(argv)
    if args.quick:
        args.seeds = args.seeds[:1]
        args.epochs = 1 if args.epochs is None else args.epochs
        args.folds = min(args.folds, 3)
        args.out = args.out or "/tmp/skser-bench-quick"
    args.out = args.out or acc.RESULTS
    machine = acc.machine_info()
    for recipe in args.recipes:
        try:
            run(recipe, args.corpus, list(args.seeds), args, machine)
        except Exception as exc:
            if args.quick:
                raise
            acc.log(f"FAILED {recipe}: {type(exc).__name__}: {exc}")


if __name__ == "__main__":
    main()
