"""Build skser's bundled default model, chosen by leave-one-corpus-out evaluation.

Trains on EMO-DB, RAVDESS speech, RAVDESS song and SAVEE together, with their
labels harmonized onto seven classes (:data:`LABELS`; RAVDESS ``calm`` is merged
into ``neutral``, EMO-DB ``boredom`` is left out). Every candidate is scored
leave-one-corpus-out: trained on the other corpora and tested on the left-out one.
RAVDESS speech and song were recorded by the same actors, so when one RAVDESS
part is tested the other is left out of training too, and no actor is on both
sides. The candidate with the best mean UAR over the four left-out corpora whose
model file is at most :data:`MAX_BYTES` is fitted on all four corpora (seed 0) and
saved, with its model card, into ``skser/bundled/``.

Usage (from the repository root, corpora under ``$SKSER_DATA``)::

    python benchmarks/bundled_model.py --cache /tmp/bundle_cache

writes ``benchmarks/results/bundled_model_loco.json``, ``skser/bundled/default_model.joblib``
and ``skser/bundled/MODEL_CARD.md``. ``--skip-loco`` rebuilds the model and the card
from an existing result file; ``--check`` fits the chosen recipe a second time and
compares the two fits (predictions and the pickled estimator bytes).
"""

import argparse
import hashlib
import io
import json
import os
import pickle
import platform
import sys
import tempfile
import time
import warnings
from pathlib import Path

import joblib
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sklearn.base import clone  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from skser.datasets import harmonize_labels, load_corpus  # noqa: E402
from skser.evaluation import cross_corpus, set_random_state  # noqa: E402
from skser.features import OpenSmile  # noqa: E402
from skser.normalization import SpeakerNormalizer  # noqa: E402
from skser.persistence import installed_versions, save_model  # noqa: E402
from skser.recipes import get_recipe, set_feature_cache  # noqa: E402

#: The bundled model's classes.
LABELS = ("anger", "disgust", "fear", "happiness", "neutral", "sadness", "surprise")
#: Harmonized labels merged into another class, and those left out.
MERGED = {"calm": "neutral"}
DROPPED = ("boredom",)
CORPORA = ("emodb", "ravdess", "ravdess-song", "savee")
CORPUS_TEXT = {
    "emodb": ("EMO-DB", "German", "free for research (see the corpus site)"),
    "ravdess": ("RAVDESS speech", "North-American English",
                "CC BY-NC-SA 4.0 (non-commercial)"),
    "ravdess-song": ("RAVDESS song", "North-American English, sung",
                     "CC BY-NC-SA 4.0 (non-commercial)"),
    "savee": ("SAVEE", "British English",
              "free for research at academic institutions (registration)"),
}
#: Largest model file that may be bundled, in bytes.
MAX_BYTES = 5_000_000
SEED = 0
OUT_MODEL = ROOT / "skser" / "bundled" / "default_model.joblib"
OUT_CARD = ROOT / "skser" / "bundled" / "MODEL_CARD.md"
OUT_RESULTS = ROOT / "benchmarks" / "results" / "bundled_model_loco.json"


# ------------------------------------------------------------------ data

def load_all():
    """One row per file of the four corpora: path, speaker, actor, corpus, label."""
    frames = []
    for name in CORPORA:
        b = load_corpus(name)
        raw = harmonize_labels(b.target)
        frames.append(pd.DataFrame({
            "path": b.filenames, "actor": b.groups.astype(str),
            # speech and song of one RAVDESS actor are normalized apart
            "speaker": [f"{name}:{g}" for g in b.groups], "corpus": name,
            "raw_label": raw, "label": [MERGED.get(lab, lab) for lab in raw],
        }))
    data = pd.concat(frames, ignore_index=True)
    return data[~data["label"].isin(DROPPED)].reset_index(drop=True)


def label_table(data):
    """Files per class and corpus (harmonized, before merging), as nested dicts."""
    full = pd.concat([data, _dropped_rows()], ignore_index=True)
    counts = full.groupby(["raw_label", "corpus"]).size().unstack(fill_value=0)
    return {lab: {c: int(counts.loc[lab].get(c, 0)) for c in CORPORA} for lab in counts.index}


def _dropped_rows():
    rows = []
    for name in CORPORA:
        b = load_corpus(name)
        raw = harmonize_labels(b.target)
        keep = np.isin(raw, DROPPED)
        rows.append(pd.DataFrame({"corpus": name, "raw_label": raw[keep]}))
    return pd.concat(rows, ignore_index=True)


# ------------------------------------------------------------------ candidates

def _sn_logreg(feature_set, C):
    return Pipeline([
        ("features", SpeakerNormalizer(OpenSmile(feature_set=feature_set), class_balanced=True)),
        ("clf", LogisticRegression(C=C, max_iter=3000)),
    ])


def _logreg(feature_set, C):
    return Pipeline([
        ("feat", OpenSmile(feature_set=feature_set)), ("scale", StandardScaler()),
        ("clf", LogisticRegression(C=C, max_iter=3000)),
    ])


#: name -> (factory, speaker-normalized?, description). Hyperparameters fixed in advance.
CANDIDATES = {
    "compare-logreg": (lambda: _logreg("ComParE_2016", 0.01), False,
                       "ComParE 2016 functionals (6373), standardized over all training "
                       "files, L2 logistic regression (C=0.01)"),
    "sn-compare-logreg": (lambda: _sn_logreg("ComParE_2016", 0.01), True,
                          "ComParE 2016 functionals (6373), standardized per speaker "
                          "(SpeakerNormalizer, class-balanced training statistics), L2 "
                          "logistic regression (C=0.01)"),
    "means193-svm": (lambda: get_recipe("means193-svm"), False,
                     "recipe means193-svm: 193 spectral means, standardized, RBF SVM (C=1), "
                     "Platt probabilities"),
    "egemaps-svm": (lambda: get_recipe("egemaps-svm"), False,
                    "recipe egemaps-svm: eGeMAPSv02 functionals (88), standardized, linear "
                    "SVM (C=1), Platt probabilities"),
    "sn-egemaps-logreg": (lambda: _sn_logreg("eGeMAPSv02", 0.1), True,
                          "eGeMAPSv02 functionals (88), standardized per speaker "
                          "(SpeakerNormalizer, class-balanced training statistics), L2 "
                          "logistic regression (C=0.1)"),
    "compare-svm": (lambda: get_recipe("compare-svm"), False,
                    "recipe compare-svm: ComParE 2016 functionals (6373), standardized, "
                    "linear SVM (C=1), Platt probabilities"),
}


def make_candidate(name, cache=None):
    """The full pipeline of candidate ``name``, from audio files to labels."""
    est = CANDIDATES[name][0]()
    est.set_params(**{k: 1 for k in est.get_params(deep=True) if k.endswith("n_jobs")})
    if cache:
        set_feature_cache(est, cache)
    return est


def split_candidate(name, cache=None):
    """(feature extractor, classifier part) of candidate ``name``.

    The extractors learn nothing, so evaluating the classifier part on features
    extracted once equals evaluating the full pipeline on the files."""
    full = make_candidate(name, cache)
    if CANDIDATES[name][1]:
        norm = full.named_steps["features"]
        head = clone(full)
        head.set_params(features__transformer=None)
        return norm.transformer, head
    return full.steps[0][1], full[1:]


_FEATURES = {}


def features(extractor, paths):
    """Features of every file, extracted once per extractor (and cached on disk)."""
    key = repr(extractor)
    if key not in _FEATURES:
        t0 = time.time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            F = np.asarray(clone(extractor).fit_transform(list(paths)), dtype=np.float32)
        _FEATURES[key] = F
        print(f"features {key[:60]}: {F.shape} ({time.time() - t0:.0f} s)", flush=True)
    return _FEATURES[key]


def _inputs(name, part, F, per_file=False):
    """X, y, groups of one block of rows for the classifier part of ``name``."""
    rows = part.index.to_numpy()
    if CANDIDATES[name][1]:
        X = pd.DataFrame(F[rows], columns=[f"f{i}" for i in range(F.shape[1])])
        speakers = part["speaker"].to_numpy(dtype=object)
        if per_file:  # every file its own speaker: what `skser predict FILE` does
            speakers = np.asarray([f"file:{p}" for p in part["path"]], dtype=object)
        X.insert(0, "speaker", speakers)
    else:
        X = F[rows]
    return X, part["label"].to_numpy(dtype=object), part["speaker"].to_numpy(dtype=object)


def _audio_inputs(name, part):
    """X of the full pipeline of ``name`` for the files of ``part``."""
    if CANDIDATES[name][1]:
        return part[["path", "speaker"]].reset_index(drop=True)
    return part["path"].to_numpy(dtype=object)


def loco_folds(data):
    """(test corpus, training corpora) of the leave-one-corpus-out protocol."""
    out = []
    for test in CORPORA:
        train = [c for c in CORPORA if c != test]
        if test.startswith("ravdess"):  # same actors in both parts: keep them apart
            train = [c for c in train if not c.startswith("ravdess")]
        out.append((test, train))
    return out


def run_loco(data, names, cache):
    rows = []
    for name in names:
        extractor, head = split_candidate(name, cache)
        F = features(extractor, data["path"])
        conditions = ["speaker", "file"] if CANDIDATES[name][1] else ["none"]
        for test, train in loco_folds(data):
            tr = data[data["corpus"].isin(train)]
            te = data[data["corpus"] == test]
            present = sorted(set(te["label"]))
            for cond in conditions:
                t0 = time.time()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    res = cross_corpus(head, [_inputs(name, tr, F)],
                                       _inputs(name, te, F, per_file=cond == "file"),
                                       labels=list(LABELS), random_state=SEED)
                m = res.fold_metrics[0]
                rows.append({
                    "candidate": name, "normalization": cond, "test_corpus": test,
                    "train_corpora": train, "n_train": int(res.params["n_train"]),
                    "n_test": int(res.params["n_test"]), "wa": m["wa"], "uar": m["uar"],
                    "recall": {c: m["recall"][c] for c in present},
                    "seconds": round(time.time() - t0, 1),
                })
                print(f"{name:18s} {cond:7s} test={test:12s} WA={m['wa']:.3f} "
                      f"UAR={m['uar']:.3f} ({time.time() - t0:.0f} s)", flush=True)
    return rows


def summarize(rows):
    """Mean WA/UAR over the four left-out corpora per candidate and condition."""
    df = pd.DataFrame(rows)
    out = []
    for (name, cond), g in df.groupby(["candidate", "normalization"], sort=False):
        out.append({"candidate": name, "normalization": cond,
                    "mean_wa": float(g["wa"].mean()), "mean_uar": float(g["uar"].mean()),
                    "uar": dict(zip(g["test_corpus"], g["uar"].astype(float), strict=True))})
    return out


def ranking(summary):
    """Candidates by their score: mean UAR; a speaker-normalized candidate counts with
    the lower of its two conditions (its test speakers' statistics, or each file alone)."""
    score = {}
    for s in summary:
        score[s["candidate"]] = min(score.get(s["candidate"], 1.0), s["mean_uar"])
    return sorted(score.items(), key=lambda kv: -kv[1])


# ------------------------------------------------------------------ final fit

def _no_cache(est):
    """Switch every extractor's cache off, also inside fitted meta-estimators."""
    set_feature_cache(est, None)
    for obj in [est, *est.get_params(deep=True).values()]:
        inner = getattr(obj, "transformer_", None)
        if inner is not None:
            set_feature_cache(inner, None)
    if hasattr(est, "steps"):
        for _, step in est.steps:
            inner = getattr(step, "transformer_", None)
            if inner is not None:
                set_feature_cache(inner, None)
    return est


def fit_final(name, data, cache):
    est = make_candidate(name, cache)
    set_random_state(est, SEED)
    X, y = _audio_inputs(name, data), data["label"].to_numpy(dtype=object)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est.fit(X, y)
    return _no_cache(est)


def estimator_bytes(est):
    buf = io.BytesIO()
    joblib.dump(est, buf, compress=3)
    return buf.getvalue()


# ------------------------------------------------------------------ card

def _pct(x):
    return "–" if x is None or (isinstance(x, float) and np.isnan(x)) else f"{100 * x:.1f}"


def card_text(results, chosen, size):
    rows = [r for r in results["folds"] if r["candidate"] == chosen]
    sn = CANDIDATES[chosen][1]
    counts = results["label_counts"]
    lines = [
        "# skser default model", "",
        "The model `skser predict` uses when no model file is given "
        "(`skser.bundled.load_default_model()`). Shown by `skser predict --about`.", "",
        "**Licence: non-commercial use only.** The model is trained on RAVDESS, whose "
        "licence is CC BY-NC-SA 4.0, so the model may be used for non-commercial purposes "
        "only, under the same licence. EMO-DB and SAVEE are distributed for research.", "",
        "## Recipe", "",
        f"`{chosen}`: {CANDIDATES[chosen][2]}. Seed {SEED}. Model file "
        f"{size / 1e6:.2f} MB (joblib, zlib level 3). TensorFlow is not used"
        + ("; the features need the `opensmile` extra." if "means" not in chosen else "."), "",
    ]
    if sn:
        lines += [
            "Features are standardized per speaker. `skser predict` treats every file as "
            "its own speaker unless `--same-speaker` is given: a lone file is then "
            "standardized with the pooled training statistics instead. Both ways are "
            "measured below; pass `--same-speaker` for several recordings of one speaker.", "",
        ]
    lines += [
        "## Training data", "",
        "| corpus | language | files used | speakers | licence |", "|---|---|---|---|---|",
    ]
    for c in CORPORA:
        title, lang, lic = CORPUS_TEXT[c]
        lines.append(f"| {title} | {lang} | {results['n_files'][c]} | "
                     f"{results['n_speakers'][c]} | {lic} |")
    lines += [
        "", f"{sum(results['n_files'].values())} acted recordings in all, 16 kHz.", "",
        "## Labels", "",
        "Seven classes: " + ", ".join(f"`{c}`" for c in LABELS) + ". Files per class "
        "and corpus (corpus labels harmonized with `skser.datasets.harmonize_labels`):", "",
        "| class | " + " | ".join(CORPUS_TEXT[c][0] for c in CORPORA) + " | in the model as |",
        "|---|" + "---|" * (len(CORPORA) + 1),
    ]
    for lab, per in counts.items():
        target = MERGED.get(lab, "left out" if lab in DROPPED else lab)
        lines.append(f"| {lab} | " + " | ".join(str(per[c]) for c in CORPORA)
                     + f" | {target} |")
    lines += [
        "",
        "RAVDESS `calm` is merged into `neutral`: both are the low-arousal, non-emotional "
        "reading in RAVDESS and `calm` exists in no other corpus, so as a class of its own "
        "it could not be tested on any other corpus. EMO-DB `boredom` is left out for the "
        "same reason: it exists only in EMO-DB, so leave-one-corpus-out evaluation can "
        "neither train nor test it. `disgust` and `surprise` have no song recordings; "
        "`surprise` comes from RAVDESS speech and SAVEE only.", "",
        "## Leave-one-corpus-out evaluation", "",
        "Trained on the other corpora, tested on the left-out one, on the left-out "
        "corpus' classes among the seven. When one RAVDESS part is tested, the other "
        "is left out of training too (the same actors recorded both). "
        "**WA**: accuracy over all test files; **UAR**: mean of the per-class recalls. "
        "Per-class recall in %. Chance UAR: 14.3 % on the seven classes of RAVDESS speech "
        "and SAVEE, 16.7 % on EMO-DB's six (no surprise), 20 % on RAVDESS song's five "
        "(no disgust, no surprise).", "",
    ]
    header = "| left-out corpus | trained on | " + ("normalization | " if sn else "") \
        + "n test | WA | UAR | " + " | ".join(LABELS) + " |"
    lines += [header, "|" + "---|" * (header.count("|") - 1)]
    for r in rows:
        cond = {"speaker": "test speaker's statistics ", "file": "each file alone "}.get(
            r["normalization"], "")
        lines.append(
            f"| {CORPUS_TEXT[r['test_corpus']][0]} | "
            + ", ".join(CORPUS_TEXT[c][0] for c in r["train_corpora"]) + " | "
            + (f"{cond.strip()} | " if sn else "")
            + f"{r['n_test']} | {_pct(r['wa'])} | {_pct(r['uar'])} | "
            + " | ".join(_pct(r["recall"].get(c)) for c in LABELS) + " |")
    lines += ["", "Mean over the four left-out corpora, every candidate (the chosen one "
              "in bold; speaker-normalized candidates rank by the lower of their two "
              "conditions; a model file must be at most "
              f"{MAX_BYTES / 1e6:.0f} MB):", "",
              "| candidate | normalization | mean WA | mean UAR | " + " | ".join(
                  CORPUS_TEXT[c][0] + " UAR" for c in CORPORA) + " |",
              "|---|---|---|---|" + "---|" * len(CORPORA)]
    for s in results["summary"]:
        name = f"**{s['candidate']}**" if s["candidate"] == chosen else s["candidate"]
        cond = {"none": "–", "speaker": "per speaker", "file": "per file"}[s["normalization"]]
        lines.append(f"| {name} | {cond} | {_pct(s['mean_wa'])} | {_pct(s['mean_uar'])} | "
                     + " | ".join(_pct(s["uar"].get(c)) for c in CORPORA) + " |")
    sizes = results.get("model_bytes", {})
    if sizes:
        lines += ["", "Model files tried, in ranking order: " + "; ".join(
            f"`{k}` {v / 1e6:.2f} MB" for k, v in sizes.items()) + "."]
    lines += [
        "", f"Measured with `{results['command']}` ({results['machine']}).", "",
        "## Known limits", "",
        "- Acted speech only: actors reading fixed sentences in a studio. Spontaneous "
        "speech, telephone audio, noise and reverberation were never seen; expect lower "
        "accuracy there than in the table above, itself well below within-corpus figures.",
        "- Languages seen: German (EMO-DB), North-American English (RAVDESS, spoken and "
        "sung) and British English (SAVEE). 38 speakers in all, adults; SAVEE has only "
        "four male speakers.",
        "- One label per input clip, from the functionals of the whole clip.",
        "- Seven classes only: any other state (boredom, frustration, ...) is labelled "
        "as one of them.",
        "- Not for decisions about people: emotion recognition from voice is unreliable "
        "across speakers, cultures and recording conditions.", "",
        "## Rebuilding", "",
        "`python benchmarks/bundled_model.py --cache DIR` with the corpora under "
        "`$SKSER_DATA` refits it with the same seed; `--check` refits it twice and "
        "compares the fits.", "",
    ]
    return "\n".join(lines)


# ------------------------------------------------------------------ main

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cache", default=None, help="per-file feature cache folder")
    p.add_argument("--candidates", nargs="+", default=list(CANDIDATES), choices=CANDIDATES)
    p.add_argument("--skip-loco", action="store_true",
                   help="reuse benchmarks/results/bundled_model_loco.json")
    p.add_argument("--check", action="store_true",
                   help="fit the chosen recipe twice and compare the fits")
    args = p.parse_args(argv)
    data = load_all()
    if args.skip_loco:
        results = json.loads(OUT_RESULTS.read_text())
    else:
        rows = run_loco(data, args.candidates, args.cache)
        if set(args.candidates) != set(CANDIDATES) and OUT_RESULTS.exists():
            # a subset re-run replaces those candidates' rows and keeps the others'
            old = json.loads(OUT_RESULTS.read_text())["folds"]
            rows += [r for r in old if r["candidate"] not in args.candidates
                     and r["candidate"] in CANDIDATES]
        rows.sort(key=lambda r: list(CANDIDATES).index(r["candidate"]))
        results = {
            "command": "python benchmarks/bundled_model.py --cache DIR",
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
                       f"{platform.python_version()}",
            "protocol": "leave-one-corpus-out: train on the other corpora, test on the "
                        "left-out one; testing one RAVDESS part also drops the other from "
                        "training (same actors). WA = accuracy, UAR = mean per-class recall "
                        "over the test corpus' classes. Speaker-normalized candidates: "
                        "'speaker' = test speakers standardized with their own files' "
                        "statistics, 'file' = each test file alone (pooled training "
                        "statistics).",
            "labels": list(LABELS), "merged": MERGED, "dropped": list(DROPPED),
            "label_counts": label_table(data),
            "n_files": {c: int((data["corpus"] == c).sum()) for c in CORPORA},
            "n_speakers": {c: int(data.loc[data["corpus"] == c, "actor"].nunique())
                           for c in CORPORA},
            "seed": SEED, "versions": installed_versions(),
            "candidates": {k: v[2] for k, v in CANDIDATES.items()
                           if any(r["candidate"] == k for r in rows)},
            "folds": rows, "summary": summarize(rows),
        }
    order = ranking(results["summary"])
    print("ranking:", order, flush=True)
    chosen, sizes, est = None, {}, None
    for name, _ in order:
        t0 = time.time()
        est = fit_final(name, data, args.cache)
        sizes[name] = len(estimator_bytes(est))
        print(f"fitted {name} on all data: {sizes[name] / 1e6:.2f} MB "
              f"({time.time() - t0:.0f} s)", flush=True)
        if sizes[name] <= MAX_BYTES:
            chosen = name
            break
    if chosen is None:
        raise SystemExit("no candidate fits in the size limit")
    results["chosen"] = chosen
    results["model_bytes"] = sizes
    OUT_RESULTS.parent.mkdir(parents=True, exist_ok=True)
    OUT_RESULTS.write_text(json.dumps(results, indent=1, default=float) + "\n")
    card = card_text(results, chosen, sizes[chosen])
    extra = {
        "labels": list(LABELS), "merged": MERGED, "dropped": list(DROPPED),
        "training_corpora": {c: {"name": CORPUS_TEXT[c][0], "language": CORPUS_TEXT[c][1],
                                 "licence": CORPUS_TEXT[c][2], "files": results["n_files"][c]}
                             for c in CORPORA},
        "licence": "CC BY-NC-SA 4.0 (non-commercial use only), inherited from RAVDESS",
        "description": CANDIDATES[chosen][2], "seed": SEED,
        "loco": [r for r in results["folds"] if r["candidate"] == chosen],
        "speaker_normalized": CANDIDATES[chosen][1],
    }
    save_model(est, OUT_MODEL, recipe=chosen, corpus="+".join(CORPORA), extra=extra,
               overwrite=True, compress=3)
    check_args = (chosen, data, args.cache, est, extra)
    OUT_CARD.write_text(card)
    print(f"wrote {OUT_MODEL} ({OUT_MODEL.stat().st_size / 1e6:.2f} MB), {OUT_CARD}, "
          f"{OUT_RESULTS}", flush=True)
    if args.check:
        check(*check_args)


def _without_created(path):
    """The saved dictionary's bytes with its time of writing left out, and that time."""
    raw = joblib.load(path)
    created = raw.pop("created")
    return pickle.dumps(raw), created


def check(name, data, cache, first, extra):
    """Refit ``name``; compare predictions on 200 fixed files, the pickled estimators
    and the saved files (whose only varying entry is their time of writing)."""
    second = fit_final(name, data, cache)
    rng = np.random.default_rng(SEED)
    idx = np.sort(rng.choice(len(data), size=200, replace=False))
    X = _audio_inputs(name, data.iloc[idx])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p1, p2 = first.predict_proba(X), second.predict_proba(X)
    b1, b2 = pickle.dumps(first), pickle.dumps(second)
    print(f"check: predict_proba identical: {np.array_equal(p1, p2)}; pickled estimator "
          f"bytes identical: {b1 == b2} (sha256 {hashlib.sha256(b1).hexdigest()[:16]} / "
          f"{hashlib.sha256(b2).hexdigest()[:16]})", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "again.joblib"
        save_model(second, path, recipe=name, corpus="+".join(CORPORA), extra=extra,
                   compress=3)
        (c1, t1), (c2, t2) = _without_created(OUT_MODEL), _without_created(path)
        print(f"check: saved files identical but for 'created' ({t1} / {t2}): {c1 == c2}; "
              f"file bytes identical: {OUT_MODEL.read_bytes() == path.read_bytes()}",
              flush=True)


if __name__ == "__main__":
    main()
