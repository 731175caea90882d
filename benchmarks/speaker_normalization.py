"""Speaker normalization under LOSO: the ``speaker-norm-fusion-svm`` recipe and its ablation.

Every row is a pipeline scored by :func:`skser.evaluation.evaluate` on the same
leave-one-speaker-out folds (EMO-DB 10, RAVDESS speech 24). ``X`` is the corpus
frame (``path`` and ``speaker`` columns); :class:`skser.normalization.SpeakerNormalizer`
standardizes each speaker with the statistics of that speaker's own utterances, the
test speaker's taken from its unlabelled test utterances (``mode="speaker"``), or
with the training-fold statistics (``mode="global"``, a StandardScaler). The
ablation rows change one parameter of the recipe with ``set_params``. Every
pipeline here is deterministic (linear or RBF SVMs without probabilities), so one
run stands for every seed. Features are cached per file (the extractors'
``memory=``) under ``--cache-dir``; finished folds too (``evaluate(memory=...)``).

Usage::

    python benchmarks/speaker_normalization.py --corpus emodb
    python benchmarks/speaker_normalization.py --corpus ravdess --rows main
"""

import argparse
import os
import sys
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import accuracy as acc  # noqa: E402

DIMS = {"compare": 6373, "egemaps": 88, "logmel": 320}  # features per block of the recipe
WINNER = {"compare": 0.7, "egemaps": 0.15, "logmel": 0.15}


def block_weights(shares):
    """``blocks__transformer_weights`` giving block b the kernel share ``shares[b]``."""
    return {"blocks__transformer_weights":
            {b: float(np.sqrt(shares.get(b, 0.0) / d)) for b, d in DIMS.items()}}


# name -> (table label, how the row differs from the recipe); "main" rows run always
ROWS = {
    "compare": ("ComParE_2016 + linear SVM",
                {**block_weights({"compare": 1.0}), "features__mode": "global",
                 "features__class_balanced": False}),
    "compare-norm": ("ComParE_2016 + speaker norm + linear SVM",
                     {**block_weights({"compare": 1.0}), "features__class_balanced": False}),
    "recipe": ("**skser `speaker-norm-fusion-svm`: class-balanced speaker norm + "
               "ComParE/eGeMAPS/log-mel (0.7/0.15/0.15) + linear SVM (C=3)**", {}),
    "global": ("ablation: without speaker norm (mode=global)",
               {"features__mode": "global", "features__class_balanced": False}),
    "plain": ("ablation: plain (not class-balanced) speaker statistics",
              {"features__class_balanced": False}),
    "no-egemaps": ("ablation: without the eGeMAPS block",
                   block_weights({"compare": 0.7, "logmel": 0.15})),
    "no-logmel": ("ablation: without the log-mel block",
                  block_weights({"compare": 0.7, "egemaps": 0.15})),
    "compare-only": ("ablation: without fusion (ComParE only)", block_weights({"compare": 1.0})),
    "unweighted": ("ablation: unweighted concatenation (weights by block size)",
                   block_weights(DIMS)),
}
MAIN = ("compare", "compare-norm", "recipe")


def run(corpus, names, args):
    """Score the rows ``names`` on ``corpus``; return the result document."""
    from sklearn.metrics import balanced_accuracy_score

    from skser.datasets import load_corpus
    from skser.evaluation import evaluate
    from skser.recipes import get_recipe, set_feature_cache

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bunch = load_corpus(corpus, data_home=args.data_home)
    X = bunch.frame[["path", "speaker"]].reset_index(drop=True)
    y, groups = np.asarray(bunch.target).astype(str), np.asarray(bunch.groups).astype(str)
    cache = os.path.expanduser(args.cache_dir)
    doc = {"kind": "speaker_normalization", "corpus": corpus, "n_files": len(y),
           "n_speakers": len(set(groups)), "n_classes": len(set(y)), "protocol": "loso",
           "deterministic": True, "machine": acc.machine_info(), "rows": [],
           "command": acc.command_line("speaker_normalization.py")}
    for name in names:
        label, params = ROWS[name]
        # per-file feature cache of every extractor (get_recipe's keywords are set_params:
        # memory= there would be the Pipeline's own step cache, not the extractors')
        pipe = set_feature_cache(get_recipe("speaker-norm-fusion-svm", **params),
                                 os.path.join(cache, "features"))
        t0 = time.perf_counter()
        res = evaluate(pipe, X, y, groups, protocol="loso",
                       memory=os.path.join(cache, "folds"))
        m = res.predictions
        wa = float((m["y_true"] == m["y_pred"]).mean())
        doc["rows"].append({
            "name": name, "label": label, "params": {k: str(v) for k, v in params.items()},
            "wa": 100 * wa, "uar": 100 * balanced_accuracy_score(m["y_true"], m["y_pred"]),
            "fold_uar_std": 100 * float(res.folds["uar"].std(ddof=0)),
            "seconds": time.perf_counter() - t0})
        acc.log(f"{corpus} {name}: WA {doc['rows'][-1]['wa']:.1f} "
                f"UAR {doc['rows'][-1]['uar']:.1f}")
        acc.write_json(os.path.join(args.out, f"speaker_normalization_{corpus}.json"), doc)
    return doc


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", nargs="+", default=["emodb", "ravdess"])
    p.add_argument("--rows", nargs="+", default=["all"], help=f"main, all or of {list(ROWS)}")
    p.add_argument("--data-home", default=None, help="corpora folder (default $SKSER_DATA)")
    p.add_argument("--cache-dir", default="~/.cache/skser", help="feature and fold cache")
    p.add_argument("--out", default=acc.RESULTS, help="result folder")
    args = p.parse_args(argv)
    names = list(ROWS) if args.rows == ["all"] else list(MAIN) if args.rows == ["main"] \
        else args.rows
    for corpus in args.corpus:
        run(corpus, names, args)


if __name__ == "__main__":
    main()
