"""Speaker-independent (LOSO) accuracy of classic pipelines and of skser's best one (issue 8).

Protocol. Leave-one-speaker-out on the whole corpus (EMO-DB: 10 folds, 7 classes;
RAVDESS speech: 24 folds, 8 classes); every pipeline is scored on the same folds
in the same run. WA = accuracy over all test files, UAR = mean per-class recall
(balanced accuracy), both computed on the pooled out-of-fold predictions of a seed,
then averaged over seeds (``--seeds``); "± folds" is the std of the per-fold UAR.
Pipelines without randomness (all SVMs here) are run once and give the same figure
for every seed (std 0 over seeds), which the table says.

Features. Each feature set is extracted once per corpus with the ``skser.features``
extractor named in the table and cached as .npy under ``--cache-dir`` (default
``~/.cache/skser``; never the data folder). The extractors learn nothing
(``requires_fit=False``), so extracting before the folds is exactly what the
pipeline would compute inside them; ``X`` is then a DataFrame with a ``speaker``
column plus the feature columns, and every pipeline starts with
:class:`skser.normalization.SpeakerNormalizer`:

* ``mode="global"``: training-fold statistics only (a StandardScaler);
* ``mode="speaker"``: each speaker's own statistics, the held-out speaker's taken
  from its own unlabelled test utterances (transductive);
* ``mode="utterance"``: for utterance-level (2-D) features the same as global
  (a single vector has no spread), so it is the one-utterance-at-a-time
  deployment case.

Hyperparameters are fixed in advance (listed with each pipeline), never chosen on
a test speaker: the linear SVMs use a margin on per-feature-standardized inputs
scaled by ``sqrt(w_b / n_features_b)`` per feature block ``b`` with ``C=3`` (the
hard-margin regime: every larger C gives the same model). The winner's block
weights (0.7/0.15/0.15) and class-balanced statistics were picked on development
runs (``benchmarks/results/issue8_experiments.md``); ``--nested`` re-selects C,
class balance and block weights per outer fold by an inner ``GroupKFold(3)`` on the
training speakers only and reports that (unbiased) score as its own row.

Usage::

    python benchmarks/speaker_independent.py --corpus emodb --seeds 0 1 2
    python benchmarks/speaker_independent.py --corpus ravdess --main-only   # no ablations
    python benchmarks/speaker_independent.py --quick --nested --vote  # smoke test, ~1 min
    python benchmarks/speaker_independent.py --vote-only --cnn-level absolute --no-ablation

``--quick`` runs every requested part on 4 speakers x 4 classes x <= 5 files with
1-epoch CNNs and features cached in a temporary folder: a smoke test whose numbers
mean nothing.
"""

import argparse
import atexit
import os
import platform
import shutil
import tempfile
import time
import warnings

import feature_cache  # benchmarks/, the script's own folder
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.metrics import accuracy_score, balanced_accuracy_score
from sklearn.metrics.pairwise import linear_kernel
from sklearn.model_selection import GridSearchCV, GroupKFold, LeaveOneGroupOut
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.svm import SVC

from skser.normalization import SpeakerNormalizer

# ----------------------------------------------------------------------------- features
LOGMEL_PAD = -200.0  # below LogMel's -80 dB floor: marks padded frames for StatsPooling
LOGMEL_STATS = ("mean", "std", "median", "min", "max")


def feature_extractors():
    """name -> (extractor factory, description) of the cached feature sets."""
    from skser.features import LogMel, OpenSmile, SpectralMeans, StatsPooling

    return {
        "issa193": (lambda: SpectralMeans(), "193 librosa means (SpectralMeans, 22.05 kHz)"),
        "egemaps": (lambda: OpenSmile(feature_set="eGeMAPSv02"), "eGeMAPSv02 functionals (88)"),
        "compare": (lambda: OpenSmile(feature_set="ComParE_2016"),
                    "ComParE_2016 functionals (6373)"),
        "logmel": (
            lambda: make_pipeline(
                LogMel(n_mels=64, n_frames=1000, pad_value=LOGMEL_PAD),
                StatsPooling(stats=LOGMEL_STATS, prefix="logmel", ignore_value=LOGMEL_PAD),
            ),
            "64-band log-mel, 25/10 ms, stats over frames (mean, std, median, min, max: 320)",
        ),
        "logmel_frames": (
            lambda: LogMel(n_mels=64, n_frames=400, pad_value=LOGMEL_PAD),
            "64-band log-mel frames, 25/10 ms, first 4 s (400 x 64), padding marked",
        ),
        "logmel_frames_abs": (
            lambda: LogMel(n_mels=64, n_frames=400, pad_value=LOGMEL_PAD, log="log"),
            "the same frames as natural log(power + 1e-6): absolute level, not relative "
            "to each clip's maximum",
        ),
    }


def load_corpus(corpus, data_home):
    from skser.datasets import fetch_emodb, fetch_ravdess

    fetch = {"emodb": fetch_emodb, "ravdess": fetch_ravdess}[corpus]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bunch = fetch(data_home=data_home, download_if_missing=False)
    return bunch.frame[["path", "speaker"]].reset_index(drop=True), np.asarray(bunch.target)


def cached_features(name, corpus, frame, cache_dir, log):
    """Feature matrix of one set for all files, extracted once and cached as .npy."""
    factory, _ = feature_extractors()[name]
    path = feature_cache.cache_path(cache_dir, corpus, name, frame["path"])
    return feature_cache.cached_features(
        path, lambda: factory().fit_transform(frame[["path"]]), log
    )


def build_X(frame, blocks):
    """DataFrame: speaker column, then the columns of each block (prefixed by its name)."""
    parts = [frame[["speaker"]].reset_index(drop=True)]
    for name, F in blocks.items():
        parts.append(pd.DataFrame(F, columns=[f"{name}__{i}" for i in range(F.shape[1])]))
    return pd.concat(parts, axis=1)


# ----------------------------------------------------------------------------- pipelines
def block_weights(columns, weights):
    """ColumnTransformer giving block b the weight sqrt(w_b / n_features_b).

    With standardized features, a linear kernel on the output is then
    ``sum_b w_b <x_b, x'_b> / n_b``: each block counts with weight ``w_b``
    whatever its size (6373 ComParE functionals vs 320 log-mel statistics).
    """
    from sklearn.preprocessing import FunctionTransformer

    features = [c for c in columns if c != "speaker"]  # SpeakerNormalizer drops it
    transformers, tw = [], {}
    for name, w in weights.items():
        idx = [i for i, c in enumerate(features) if c.startswith(name + "__")]
        transformers.append((name, FunctionTransformer(), idx))
        tw[name] = float(np.sqrt(w / len(idx)))
    return ColumnTransformer(transformers, transformer_weights=tw)


WINNER_WEIGHTS = {"compare": 0.7, "egemaps": 0.15, "logmel": 0.15}


def skser_pipeline(columns, *, mode="speaker", weights=None, C=3.0, class_balanced=True):
    """The winning pipeline on cached features (the audio version is in the notebook).

    ``SVC(kernel=linear_kernel)`` is the same model as ``SVC(kernel="linear")``; the
    Gram matrix is computed by BLAS instead of inside libsvm (about 10x faster here).
    """
    weights = weights or WINNER_WEIGHTS
    return Pipeline([
        ("norm", SpeakerNormalizer(mode=mode, class_balanced=class_balanced)),
        ("blocks", block_weights(columns, weights)),
        ("svm", SVC(kernel=linear_kernel, C=C)),
    ])


def linear_svm(columns, name, mode, class_balanced=False):
    return skser_pipeline(columns, mode=mode, weights={name: 1.0},
                          class_balanced=class_balanced)


def rbf_svm(mode="global"):
    return make_pipeline(SpeakerNormalizer(mode=mode), SVC(kernel="rbf", C=1.0, gamma="scale"))


def vote_svm(columns):
    """The SVM member of ``skser.recipes.speaker_norm_vote`` on cached features.

    The winner pipeline with Platt-calibrated probabilities, as in the recipe.
    """
    from skser.recipes import _platt

    svm = skser_pipeline(columns)
    svm.steps[-1] = ("svm", _platt(svm.steps[-1][1]))
    return svm


def vote_cnn(frames, seed, augment=True, epochs=None):
    """The CNN member of ``skser.recipes.speaker_norm_vote`` on cached LogMel frames.

    SpeakerNormalizer(ignore_value) over the frames looked up by the ``row`` column
    (the extractor is stateless, so this is what it computes inside each fold), then
    a TemporalCNN, with SpecAugment unless ``augment=False``; ``epochs`` overrides
    the recipe's 40 (smoke tests only).
    """
    from sklearn.preprocessing import FunctionTransformer

    from skser.augmentation import SpecAugment
    from skser.models import TemporalCNN

    lookup = FunctionTransformer(lambda df: frames[np.asarray(df["row"], dtype=int)])
    cnn = TemporalCNN(augment=SpecAugment() if augment else None, random_state=seed)
    if epochs is not None:
        cnn.set_params(epochs=epochs)
    return Pipeline([
        ("features", SpeakerNormalizer(lookup, ignore_value=LOGMEL_PAD)),
        ("cnn", cnn),
    ])


def vote_rows(X_fusion, frames, y, groups, seeds, log, *, parts, epochs=None,
              level="relative", ablation=True):
    """LOSO rows of the soft vote and of its members, per seed (the CNN is stochastic).

    The calibrated SVM is deterministic (linear SVC, Platt scaling on unshuffled
    stratified folds), so it is fitted once and its probabilities serve every seed.
    ``parts`` is a path prefix: each member's out-of-fold probabilities are saved
    per seed and test speaker as ``{parts}_{member}_{seed}_{speaker}.npz`` (with the
    fit + predict seconds) and reused when present, so an interrupted run resumes
    where it stopped. Order: SVM, then the CNN for every seed, then the
    no-SpecAugment ablation (first seed only; skipped with ``ablation=False``), so
    the main rows finish first.
    """
    cols = list(X_fusion.columns)
    X_rows = pd.DataFrame({"speaker": X_fusion["speaker"], "row": np.arange(len(y))})
    classes = np.unique(y)
    folds = list(LeaveOneGroupOut().split(X_fusion, y, groups))

    def oof_proba(member, seed, make, X):
        """Out-of-fold probabilities of one member and seed; seconds summed over folds."""
        P, seconds = np.zeros((len(y), len(classes))), 0.0
        for train, test in folds:
            speaker = str(groups[test[0]])  # e.g. "emodb/03"
            safe = "".join(c if c.isalnum() else "-" for c in speaker)
            path = f"{parts}_{member}_{seed}_{safe}.npz"
            if os.path.exists(path):
                saved = np.load(path)
                P[test], seconds = saved["proba"], seconds + float(saved["seconds"])
                continue
            t0 = time.perf_counter()
            model = make()
            model.fit(X.iloc[train], y[train])
            P[test] = model.predict_proba(X.iloc[test])
            fold_seconds = time.perf_counter() - t0
            seconds += fold_seconds
            tmp = f"{path}.{os.getpid()}.tmp.npz"
            np.savez(tmp, proba=P[test], seconds=fold_seconds)
            os.replace(tmp, path)
            log(f"  {member} seed {seed} speaker {speaker}: {fold_seconds:.0f} s")
        return P, seconds

    def cnn_maker(seed, augment):
        return lambda: vote_cnn(frames, seed, augment=augment, epochs=epochs)

    P_svm, svm_seconds = oof_proba("svm", "all", lambda: vote_svm(cols), X_fusion)
    runs = [("cnn", seed, True) for seed in seeds]
    keys = ["svm", "cnn", "vote"]
    if ablation:
        runs.append(("cnn_noaug", seeds[0], False))
        keys += ["cnn_noaug", "vote_noaug"]
    results = {k: ([], [], []) for k in keys}
    seconds = {k: [] for k in results}
    for member, seed, augment in runs:
        P_cnn, cnn_seconds = oof_proba(member, seed, cnn_maker(seed, augment), X_rows)
        vote = "vote" if augment else "vote_noaug"
        scored = [(member, P_cnn, cnn_seconds), (vote, (P_svm + P_cnn) / 2,
                                                 svm_seconds + cnn_seconds)]
        if augment:  # = VotingClassifier(voting="soft") for the main rows
            scored.append(("svm", P_svm, svm_seconds))
        for key, P, sec in scored:
            was, uars, fold_sd = results[key]
            pred = classes[P.argmax(axis=1)]
            was.append(accuracy_score(y, pred))
            uars.append(balanced_accuracy_score(y, pred))
            fold_sd.append(np.std([balanced_accuracy_score(y[g == groups], pred[g == groups])
                                   for g in np.unique(groups)]))
            seconds[key].append(sec)
            log(f"seed {seed} {key}: WA {100 * was[-1]:.1f} UAR {100 * uars[-1]:.1f}")
    cnn_epochs = vote_cnn(frames, seeds[0], epochs=epochs).named_steps["cnn"].epochs
    labels = {
        "svm": ("skser fusion SVM with Platt probabilities (vote member)",
                "CalibratedClassifierCV(sigmoid, cv=5, ensemble=False)"),
        "cnn": ("TemporalCNN + SpecAugment on speaker-normalized log-mel (vote member)",
                f"LogMel 64 x 400 ({level} level), SpeakerNormalizer(ignore_value), "
                f"{cnn_epochs} epochs, Adam 1e-3, balanced"),
        "cnn_noaug": ("ablation: same CNN without SpecAugment", f"seed {seeds[0]} only"),
        "vote": ("**skser: speaker-norm-vote = equal-weight soft vote of the two members**",
                 "weights fixed in advance (1:1)"),
        "vote_noaug": ("ablation: soft vote with the CNN trained without SpecAugment",
                       f"seed {seeds[0]} only"),
    }
    return [(labels[k][0], was, uars, np.mean(fold_sd), np.mean(seconds[k]), labels[k][1])
            for k, (was, uars, fold_sd) in results.items()]


# ----------------------------------------------------------------------------- running
QUICK_CLASSES = ("anger", "happiness", "neutral", "sadness")


def quick_mask(frame, y, n_speakers=4, per_class=5):
    """Smoke-test subset: first speakers, up to ``per_class`` files of 4 common classes.

    Enough files per class in every training fold for the vote's 5-fold Platt
    calibration.
    """
    speakers = frame["speaker"].astype(str).to_numpy()
    mask = np.zeros(len(frame), bool)
    for s in sorted(set(speakers))[:n_speakers]:
        for c in QUICK_CLASSES:
            mask[np.flatnonzero((speakers == s) & (y == c))[:per_class]] = True
    return mask


def loso(pipe, X, y, groups):
    """Out-of-fold predictions over leave-one-speaker-out folds; per-fold UAR."""
    pred = np.empty_like(y)
    fold_uar = []
    for train, test in LeaveOneGroupOut().split(X, y, groups):
        est = pipe() if callable(pipe) else pipe
        est.fit(X.iloc[train], y[train])
        pred[test] = est.predict(X.iloc[test])
        fold_uar.append(balanced_accuracy_score(y[test], pred[test]))
    return pred, np.array(fold_uar)


def nested_loso(X, y, groups, grid, inner_splits=3):
    """LOSO whose C / block weight are chosen per outer fold by inner GroupKFold.

    ``inner_splits`` is lowered to the number of training speakers where fewer.
    """
    pred = np.empty_like(y)
    chosen = []
    cols = list(X.columns)
    base = skser_pipeline(cols)  # grid values replace its weights, C and class balance
    for train, test in LeaveOneGroupOut().split(X, y, groups):
        n_inner = min(inner_splits, len(np.unique(groups[train])))
        search = GridSearchCV(base, grid, cv=GroupKFold(n_splits=n_inner),
                              scoring="balanced_accuracy", n_jobs=1)
        search.fit(X.iloc[train], y[train], groups=groups[train])
        pred[test] = search.predict(X.iloc[test])
        chosen.append(search.best_params_)
    return pred, chosen


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", choices=["emodb", "ravdess"], default="emodb")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--main-only", action="store_true",
                        help="main rows only (no ablation, no nested search)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke test: 4 speakers x 4 classes x <= 5 files, 1-epoch CNNs, "
                        "features cached in a temporary folder; numbers mean nothing")
    parser.add_argument("--nested", action="store_true",
                        help="also choose C and the log-mel weight by inner GroupKFold")
    parser.add_argument("--vote", action="store_true",
                        help="also the speaker-norm-vote recipe (SVM + TemporalCNN, one CNN "
                        "LOSO per seed) and its ablations; slow on a CPU")
    parser.add_argument("--cnn-level", choices=["relative", "absolute"], default="relative",
                        help="log-mel input of the vote's CNN: dB relative to each clip's "
                        "maximum (as the speaker-norm-vote recipe) or absolute natural-log "
                        "power (keeps loudness)")
    parser.add_argument("--vote-only", action="store_true",
                        help="only the --vote rows (skip the SVM table)")
    parser.add_argument("--no-ablation", action="store_true",
                        help="vote: skip the CNN without SpecAugment (one more CNN per fold)")
    parser.add_argument("--cache-dir", default=os.path.join("~", ".cache", "skser"),
                        help="feature cache; the vote also keeps its per-fold "
                             "probabilities under vote_parts/ here, so a stopped run resumes")
    parser.add_argument("--data-home", default=None,
                        help="folder holding emodb/ and ravdess/ (default: $SKSER_DATA)")
    args = parser.parse_args(argv)
    cache_dir = os.path.expanduser(args.cache_dir)
    data_home = args.data_home or os.environ.get("SKSER_DATA")

    def log(msg):
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)

    frame, y = load_corpus(args.corpus, data_home)
    if args.quick:
        keep = quick_mask(frame, y)
        frame, y = frame[keep].reset_index(drop=True), y[keep]
        cache_dir = tempfile.mkdtemp(prefix="skser-si-quick-")
        atexit.register(shutil.rmtree, cache_dir, ignore_errors=True)
    groups = frame["speaker"].to_numpy()
    feats, ext_time = {}, {}
    for name in ["issa193", "egemaps", "compare", "logmel"]:
        feats[name], ext_time[name] = cached_features(name, args.corpus, frame, cache_dir, log)
    X = {name: build_X(frame, {name: F}) for name, F in feats.items()}
    X["fusion"] = build_X(frame, {k: feats[k] for k in WINNER_WEIGHTS})
    fc = list(X["fusion"].columns)
    cc = list(X["compare"].columns)

    rows = [  # (label, X key, pipeline factory, hyperparameters)
        ("193 librosa means + RBF SVM", "issa193", lambda: rbf_svm("global"),
         "StandardScaler, SVC(rbf, C=1, gamma=scale)"),
        ("eGeMAPSv02 + RBF SVM", "egemaps", lambda: rbf_svm("global"),
         "StandardScaler, SVC(rbf, C=1, gamma=scale)"),
        ("ComParE_2016 + linear SVM", "compare", lambda: linear_svm(cc, "compare", "global"),
         "StandardScaler, SVC(linear, C=3 on x/sqrt(d))"),
        ("ComParE_2016 + speaker norm + linear SVM", "compare",
         lambda: linear_svm(cc, "compare", "speaker"),
         "SpeakerNormalizer, SVC(linear, C=3 on x/sqrt(d))"),
        ("**skser: class-balanced speaker norm + ComParE/eGeMAPS/log-mel (0.7/0.15/0.15) "
         "+ linear SVM**", "fusion", lambda: skser_pipeline(fc),
         "SpeakerNormalizer(class_balanced), block weights 0.7/0.15/0.15, SVC(linear, C=3)"),
    ]
    if not args.main_only:
        w = WINNER_WEIGHTS
        rows += [
            ("ablation: skser without speaker norm (mode=global)", "fusion",
             lambda: skser_pipeline(fc, mode="global", class_balanced=False),
             "training-fold statistics"),
            ("ablation: skser, one utterance at a time (mode=utterance)", "fusion",
             lambda: skser_pipeline(fc, mode="utterance", class_balanced=False),
             "= global for 2-D features"),
            ("ablation: skser with plain (not class-balanced) speaker statistics", "fusion",
             lambda: skser_pipeline(fc, class_balanced=False), ""),
            ("ablation: skser without eGeMAPS block", "fusion",
             lambda: skser_pipeline(fc, weights={"compare": w["compare"], "logmel": w["logmel"]}),
             ""),
            ("ablation: skser without log-mel block", "fusion",
             lambda: skser_pipeline(fc, weights={"compare": w["compare"],
                                                 "egemaps": w["egemaps"]}), ""),
            ("ablation: skser without fusion (ComParE only)", "compare",
             lambda: linear_svm(cc, "compare", "speaker", class_balanced=True), ""),
            ("ablation: skser, unweighted concatenation (weights by size)", "fusion",
             lambda: skser_pipeline(fc, weights={k: feats[k].shape[1] for k in w}), ""),
            ("eGeMAPSv02 + speaker norm + RBF SVM", "egemaps", lambda: rbf_svm("speaker"), ""),
            ("193 librosa means + speaker norm + RBF SVM", "issa193",
             lambda: rbf_svm("speaker"), ""),
        ]

    n_classes = len(np.unique(y))
    log(f"{args.corpus}: {len(y)} files, {len(np.unique(groups))} speakers, {n_classes} classes; "
        f"seeds {args.seeds}")
    table = []
    if args.vote_only:
        rows = []
    for label, key, factory, hp in rows:
        t0 = time.perf_counter()
        pred, fold_uar = loso(factory, X[key], y, groups)
        seconds = time.perf_counter() - t0
        wa, uar = accuracy_score(y, pred), balanced_accuracy_score(y, pred)
        # SVC without probability=True is deterministic: every seed gives this result
        table.append((label, [wa] * len(args.seeds), [uar] * len(args.seeds), fold_uar.std(),
                      seconds, hp))
        log(f"{label}: WA {100 * wa:.1f} UAR {100 * uar:.1f} ({seconds:.0f} s)")

    if args.nested and not args.main_only:
        dims = {k: feats[k].shape[1] for k in WINNER_WEIGHTS}
        options = [{"compare": 1.0}, {"compare": 0.8, "logmel": 0.2},
                   {"compare": 0.8, "egemaps": 0.2}, dict(WINNER_WEIGHTS)]
        grid = {"svm__C": [1.0, 3.0], "norm__class_balanced": [False, True],
                "blocks__transformer_weights": [
                    {k: float(np.sqrt(o.get(k, 0.0) / dims[k])) for k in dims} for o in options]}
        t0 = time.perf_counter()
        pred, chosen = nested_loso(X["fusion"], y, groups, grid)
        seconds = time.perf_counter() - t0
        wa, uar = accuracy_score(y, pred), balanced_accuracy_score(y, pred)
        picks = pd.Series([
            "C={}, balanced={}, w={}".format(
                c["svm__C"], c["norm__class_balanced"],
                "/".join(f"{dims[k] * v ** 2:.2f}"
                         for k, v in c["blocks__transformer_weights"].items()))
            for c in chosen]).value_counts().to_dict()
        table.append(("skser with C, class balance and block weights chosen per outer fold by "
                      "inner GroupKFold(3) on the training speakers",
                      [wa] * len(args.seeds), [uar] * len(args.seeds), np.nan, seconds,
                      f"picks (w = compare/egemaps/logmel): {picks}"))
        log(f"nested: WA {100 * wa:.1f} UAR {100 * uar:.1f} ({seconds:.0f} s) {picks}")

    if args.vote or args.vote_only:
        name = "logmel_frames" if args.cnn_level == "relative" else "logmel_frames_abs"
        frames, ext_time[name] = cached_features(name, args.corpus, frame, cache_dir, log)
        epochs = 1 if args.quick else None
        parts_dir = os.path.join(cache_dir, "vote_parts")
        os.makedirs(parts_dir, exist_ok=True)
        parts = feature_cache.cache_path(parts_dir, args.corpus,
                                         f"{args.cnn_level}-e{epochs or 'recipe'}",
                                         frame["path"])[:-len(".npy")]
        table += vote_rows(X["fusion"], frames, y, groups, args.seeds, log, epochs=epochs,
                           level=args.cnn_level, parts=parts, ablation=not args.no_ablation)

    print()
    print(f"LOSO on {args.corpus} ({len(y)} files, {len(np.unique(groups))} speakers, "
          f"{n_classes} classes), seeds {args.seeds}; {platform.processor() or platform.machine()}"
          f", {os.cpu_count()} CPUs, python {platform.python_version()}")
    print("WA = accuracy, UAR = mean per-class recall (pooled over folds); mean ± std over "
          "seeds (deterministic pipelines: std 0); folds = std of per-fold UAR (mean over "
          "seeds); time = LOSO fit+predict wall seconds (per seed), features cached "
          "(extraction: "
          + ", ".join(f"{k} {v:.0f} s" for k, v in ext_time.items()) + ")")
    print()
    print("| pipeline | WA % | UAR % | UAR std folds | time s | hyperparameters |")
    print("|---|---|---|---|---|---|")
    for label, was, uars, sf, sec, hp in table:
        print(f"| {label} | {100 * np.mean(was):.1f} ± {100 * np.std(was):.1f} | "
              f"{100 * np.mean(uars):.1f} ± {100 * np.std(uars):.1f} | "
              f"{'' if np.isnan(sf) else f'{100 * sf:.1f}'} | {sec:.0f} | {hp} |")


if __name__ == "__main__":
    main()
