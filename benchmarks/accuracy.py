"""Accuracy of the recipes and the classic baselines under the paper protocol and LOSO.

For every (recipe, corpus, protocol) the script writes one JSON file
``<out>/accuracy_<corpus>_<recipe>_<protocol>.json`` (rewritten after every seed), with
the command line in ``command``; ``benchmarks/make_tables.py`` turns it into a row of
``docs/benchmarks.md``.

Protocols
    ``loso``  leave-one-speaker-out, speaker-independent (EMO-DB 10 folds,
              RAVDESS 24 folds); the same folds for every recipe.
    ``paper`` stratified random 5-fold CV (80/20 per fold; speakers shared between
              train and test, i.e. speaker-DEPENDENT), shuffled with the seed: the
              published systems do not document their split on these corpora.

The leading stateless steps of a recipe (the feature extractors) are computed once per
corpus with their per-file cache (``memory=``, under ``--cache-dir``/features); the rest
(scaler, SVM or CNN) is cloned, seeded and fitted inside each fold by
:func:`skser.evaluation.evaluate`, whose fold cache (``--cache-dir``/folds) lets a
stopped run resume from its finished folds. Every ``*random_state`` is set to the seed;
WA and UAR are computed on the pooled out-of-fold predictions of a seed, then mean +- std
over seeds (SVMs are deterministic and run once).

Usage::

    python benchmarks/accuracy.py --recipes issa2020 --corpus emodb --protocols loso
    python benchmarks/accuracy.py --recipes means193-svm egemaps-svm compare-svm
    python benchmarks/accuracy.py --quick --out /tmp/q   # smoke test: 4 speakers, 1 epoch
    # one setting changed, written beside the recipe's own row (``_set-...`` in its name)
    python benchmarks/accuracy.py --recipes conv1d-mfcc --corpus ravdess-both \
        --protocols holdout --select-epoch best-on-test --set cnn__optimizer=rmsprop
    # SAVEE's recordings three times over, split after copying (leakage.py)
    python benchmarks/accuracy.py --recipes conv1d-mfcc --corpus ravdess+savee \
        --protocols holdout --duplicate savee=3 --duplicate-split after
"""

import argparse
import hashlib
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.path.join(HERE, "results")
RUNTIME_PARAMS = ("n_jobs", "verbose", "memory")

FOUR = ("anger", "happiness", "neutral", "sadness")  # IEMOCAP's 4-class set
GENDER_EMOTIONS = ("anger", "calm", "fear", "happiness", "sadness")  # Speech-Emotion-Analyzer

# recipe -> corpus -> task. "labels": None = all classes of the corpus, a tuple =
# those classes only, "gender" = gender x GENDER_EMOTIONS. "published": the published
# figure (percent) and what it was measured on. "params": recipe parameters the task
# sets (the published system's own settings, where the recipe's defaults differ).
#: Nathaniel538's 2-D CNN as its own code runs it (lib/util_for_2d_features.py,
#: scripts/train_model.py): the 106 x 160 image, batches of 25, the learning rate
#: decayed on training-loss plateaus
NATHANIEL538_PARAMS = {"feat__layout": "original", "feat__mel": "power", "feat__n_frames": 160,
                       "feat__time_axis": "resize", "cnn__batch_size": 25,
                       "cnn__lr_decay_factor": 0.75, "cnn__lr_decay_patience": 2,
                       "cnn__min_learning_rate": 1e-6}
TASKS = {
    "issa2020": {
        "emodb": {"labels": None, "published": 86.1,
                  "published_note": "Issa et al. 2020, EMO-DB, 7 classes"},
        "ravdess": {"labels": None, "published": 71.61,
                    "published_note": "Issa et al. 2020, RAVDESS speech, 8 classes"},
        "iemocap": {"labels": FOUR, "published": 64.3,
                    "published_note": "Issa et al. 2020, IEMOCAP, 4 classes"},
    },
    "means193-svm": {"emodb": {"labels": None}, "ravdess": {"labels": None}},
    "egemaps-svm": {"emodb": {"labels": None}, "ravdess": {"labels": None}},
    "compare-svm": {"emodb": {"labels": None}, "ravdess": {"labels": None}},
    "conv1d-mfcc": {
        "ravdess+savee": {"labels": "gender", "published": 70.0,
                          "published_note": "Speech-Emotion-Analyzer's stacked Conv1D, ~70 %, "
                                            "RAVDESS speech + SAVEE (each SAVEE recording "
                                            "three times), 10 gender x emotion classes"},
        "ravdess": {"labels": "gender", "published": 70.0,
                    "published_note": "Speech-Emotion-Analyzer's stacked Conv1D, ~70 %, "
                                      "RAVDESS speech + SAVEE (each SAVEE recording three "
                                      "times), 10 gender x emotion classes; here RAVDESS "
                                      "speech only"},
        "ravdess-both": {"labels": "gender", "published": 70.0,
                         "published_note": "Speech-Emotion-Analyzer's stacked Conv1D, ~70 %, "
                                           "RAVDESS speech + SAVEE (each SAVEE recording "
                                           "three times), 10 gender x emotion classes; here "
                                           "RAVDESS speech + song"},
        "ravdess-both+savee": {"labels": "gender", "published": 70.0,
                               "published_note": "Speech-Emotion-Analyzer's stacked Conv1D, "
                                                 "~70 % on RAVDESS speech + SAVEE (each SAVEE "
                                                 "recording three times); here RAVDESS speech "
                                                 "+ song + SAVEE, each file once, 10 gender x "
                                                 "emotion classes"},
    },
    "cnn2d-image": {
        "ravdess": {"labels": None, "published": 80.99,
                    "published_note": "Nathaniel538's 2-D CNN, 80.99 %, 8 classes, "
                                      "RAVDESS+CREMA-D+TESS+SAVEE with augmentation; here "
                                      "RAVDESS only, no augmentation"},
        "ravdess+savee": {"labels": None, "published": 80.99,
                          "published_note": "Nathaniel538's 2-D CNN, 80.99 %, "
                                            "RAVDESS+CREMA-D+TESS+SAVEE with augmentation; "
                                            "here RAVDESS+SAVEE (CREMA-D and TESS absent), "
                                            "with the image and training settings of its "
                                            "own code",
                          "params": NATHANIEL538_PARAMS},
        "ravdess+savee+tess+crema-d": {"labels": None, "published": 80.99,
                                       "published_note": "Nathaniel538's 2-D CNN, 80.99 %, "
                                                         "its four corpora with augmentation, "
                                                         "the image and training settings of "
                                                         "its own code",
                                       "params": NATHANIEL538_PARAMS},
        "crema-d": {"labels": None}, "tess": {"labels": None}, "savee": {"labels": None},
    },
    "parallel-cnn": {
        "emodb": {"labels": FOUR, "published": None,
                  "published_note": "the parallel CNN of the IEMOCAP master-course system "
                                    "is an IEMOCAP 4-class system with no published "
                                    "figure; here EMO-DB's 4 classes"},
        "ravdess": {"labels": FOUR, "published": None,
                    "published_note": "the parallel CNN of the IEMOCAP master-course system "
                                      "is an IEMOCAP 4-class system with no published "
                                      "figure; here RAVDESS's 4 classes"},
        "iemocap": {"labels": FOUR, "published": None},
    },
}
DEFAULT_RECIPES = ("issa2020", "means193-svm", "egemaps-svm", "compare-svm")
PROTOCOL_TEXT = {
    "loso": "leave-one-speaker-out, speaker-independent",
    "holdout": "one stratified random 80/20 split of the utterances, SPEAKER-DEPENDENT "
               "(Speech-Emotion-Analyzer's split; only with --select-epoch best-on-test)",
    "paper": "stratified random 5-fold CV (80/20 per fold), SPEAKER-DEPENDENT "
             "(assumed: the published system does not document its split)",
}
# cache names of the known extractors
KNOWN_FEATURES = {
    "SpectralMeans()": "issa193",
    "OpenSmile()": "egemaps",
    "OpenSmile(feature_set='ComParE_2016')": "compare",
}


def command_line(script, argv=None):
    """The command that writes a run's result file into ``RESULTS``.

    ``--out`` is left out: a file run into a scratch folder is published by moving it
    into ``RESULTS``, where the same command without ``--out`` writes (and resumes) it.
    """
    kept, args = [], iter(sys.argv[1:] if argv is None else argv)
    for a in args:
        if a == "--out":
            next(args, None)
        elif not a.startswith("--out="):
            kept.append(a)
    return " ".join(["python", "benchmarks/" + script, *kept])


# ----------------------------------------------------------------------------- machine
def machine_info():
    """Where the numbers were measured: CPU model, cores, GPU (none), software."""
    model = platform.processor() or platform.machine()
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=10).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        commit = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return {"cpu": model, "cores": os.cpu_count(), "gpu": "none",
            "text": f"{os.cpu_count()}-core {model} CPU, no GPU",
            "python": platform.python_version(), "git_commit": commit,
            "date": time.strftime("%Y-%m-%d", time.gmtime())}


def peak_rss_mb():
    """Peak resident memory of this process and its finished children, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024.0


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def _temporary_path(path):
    """The file ``write_json`` writes before it renames it to ``path`` (folder made)."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    return f"{path}.{os.getpid()}.tmp"


def check_writable(path):
    """Create and remove ``path``'s temporary file, so that a run whose result cannot be
    written (a name too long, a folder not writable) fails before it trains, not after."""
    tmp = _temporary_path(path)
    open(tmp, "w").close()
    os.remove(tmp)


def write_json(path, obj):
    tmp = _temporary_path(path)
    with open(tmp, "w") as f:
        f.write(_compact_json(obj) + "\n")
    os.replace(tmp, path)


def _compact_json(obj, depth=0):
    """JSON indented by one space per level, with lists of scalars on one line.

    Result files hold long per-file lists (predictions, labels, speakers); one
    value per line would make them several times larger to read and diff.
    """
    if isinstance(obj, np.ndarray):
        obj = obj.tolist()
    pad, inner = " " * depth, " " * (depth + 1)
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = (f"{inner}{json.dumps(_json_key(k))}: {_compact_json(v, depth + 1)}"
                 for k, v in obj.items())
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, (list, tuple)):
        if all(not isinstance(v, (dict, list, tuple, np.ndarray)) for v in obj):
            return json.dumps(list(obj), default=_jsonable)
        items = (inner + _compact_json(v, depth + 1) for v in obj)
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(obj, default=_jsonable)


def _json_key(k):
    """A dict key as ``json.dump`` writes it (``1`` -> ``"1"``, ``True`` -> ``"true"``)."""
    return k if isinstance(k, str) else json.dumps(k, default=_jsonable)


def _jsonable(o):
    if isinstance(o, np.generic):
        return o.item()
    if isinstance(o, np.ndarray):
        return o.tolist()
    return str(o)


# ----------------------------------------------------------------------------- data
def load(corpus, data_home, labels=None, quick=False):
    """(frame with path/speaker, y, groups) of a corpus, restricted to a task's labels.

    ``corpus`` may join corpora with ``+`` (``"ravdess+savee"``); speakers stay
    corpus-qualified, so they never merge across corpora.
    """
    import pandas as pd

    from skser.datasets import gender_emotion_target, load_corpus

    frames, targets = [], []
    for name in corpus.split("+"):  # "ravdess+savee": the corpora together
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bunch = load_corpus(name, data_home=data_home)
        frames.append(bunch.frame)
        targets.append(np.asarray(bunch.target).astype(object))
    frame = pd.concat(frames, ignore_index=True)
    y = np.concatenate(targets)
    if labels == "gender":
        keep = np.isin(frame["emotion"].astype(str), GENDER_EMOTIONS)
        y = gender_emotion_target(frame)
    elif labels is not None:
        keep = np.isin(y.astype(str), labels)
    else:
        keep = np.ones(len(y), bool)
    if quick:
        keep &= quick_mask(frame, y)
    frame = frame[keep].reset_index(drop=True)
    return frame, np.asarray(y[keep]).astype(str), np.asarray(frame["speaker"]).astype(str)


def quick_mask(frame, y, n_speakers=4, per_class=3):
    """A tiny subset for smoke tests: the first speakers, a few files of each class each.

    Every class a speaker has keeps ``per_class`` files, so that even a stratified 80/20
    split of the subset finds two members of every class and a test part with every class.
    """
    speaker = frame["speaker"].astype(str).to_numpy()
    y = np.asarray(y).astype(str)
    mask = np.zeros(len(frame), bool)
    for s in sorted(set(speaker))[:n_speakers]:
        for label in np.unique(y[speaker == s]):
            idx = np.flatnonzero((speaker == s) & (y == label))
            mask[idx[np.linspace(0, len(idx) - 1, min(per_class, len(idx))).astype(int)]] = True
    return mask


# ----------------------------------------------------------------------------- recipes
def make_recipe(name, corpus, epochs=None, params=None):
    """The recipe Pipeline from :mod:`skser.recipes`, with the corpus preset, epochs and
    ``params`` (``--set``: Pipeline parameters, e.g. ``{"cnn__optimizer": "rmsprop"}``)."""
    import inspect

    from sklearn.base import clone

    from skser import recipes

    kwargs = {}
    sig = inspect.signature(recipes.get_recipe).parameters
    if "corpus" in sig:
        kwargs["corpus"] = corpus
    pipe = recipes.get_recipe(name, **kwargs)
    if "corpus" not in kwargs:
        pipe = _set_preset(pipe, corpus)
    # The SVM recipes wrap their SVC in CalibratedClassifierCV (or set
    # probability=True) for predict_proba, i.e. the CLI's confidences. The benchmark
    # scores the plain SVC, the classic baseline (features + StandardScaler
    # + SVC), at a fifth of the cost; SVC.predict uses its decision function.
    steps = []
    for sname, step in pipe.steps:
        if type(step).__name__ == "CalibratedClassifierCV":
            step = clone(step.estimator)
        if type(step).__name__ == "SVC" and step.get_params()["probability"]:
            step = clone(step).set_params(probability=False)
        steps.append((sname, step))
    pipe.steps = steps
    pipe.set_params(**TASKS.get(name, {}).get(corpus, {}).get("params", {}))
    pipe = _set_epochs(pipe, epochs)
    return pipe.set_params(**params) if params else pipe


def parse_settings(items):
    """The ``KEY=VALUE`` strings of ``--set`` as a dict, in order.

    A value is read as a Python literal where it is one (``1e-5``, ``8``, ``None``,
    ``(64, 64)``), else kept as text (``rmsprop``). Raises ``ValueError`` naming the
    item without ``=`` or with an empty key.
    """
    import ast

    out = {}
    for item in items or ():
        key, sep, text = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--set {item!r}: expected KEY=VALUE, e.g. "
                             "cnn__optimizer=rmsprop")
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            value = text
        out[key.strip()] = value
    return out


#: the longest ``--set`` part of a result file name spelled out; longer ones are hashed
MAX_SETTINGS_NAME = 80


def settings_suffix(params):
    """The part of a result file name that tells a ``--set`` run from the recipe's own:
    ``""`` without settings, else ``_set-<key>-<value>...`` in file-name-safe characters,
    or ``_set-<12 hex digits>`` (a hash of that text) where it would be longer than
    ``MAX_SETTINGS_NAME``; the result file itself lists the settings."""
    if not params:
        return ""
    def safe(text):
        return re.sub(r"[^A-Za-z0-9._-]+", "-", str(text)).strip("-")

    text = "_".join(f"{safe(k)}-{safe(v)}" for k, v in params.items())
    if len(text) > MAX_SETTINGS_NAME:  # keep the file name well under 255 bytes
        text = hashlib.sha1(text.encode()).hexdigest()[:12]
    return "_set-" + text


def unknown_settings(params, recipes, corpora):
    """The ``--set`` keys that some recipe to run (on its first applicable corpus) lacks,
    as ``(key, recipe)`` pairs."""
    bad = []
    for recipe in recipes:
        corpus = next((c for c in corpora if c in TASKS.get(recipe, {})), None)
        if corpus is None:
            continue
        known = make_recipe(recipe, corpus).get_params(deep=True)
        bad += [(k, recipe) for k in params if k not in known]
    return bad


def _set_preset(pipe, corpus):
    presets = [k for k in pipe.get_params(deep=True) if k.endswith("__preset")]
    if presets and corpus in ("emodb", "ravdess", "iemocap"):
        pipe.set_params(**{k: corpus for k in presets})
    return pipe


def _set_epochs(pipe, epochs):
    if epochs is not None:
        keys = [k for k in pipe.get_params(deep=True) if k == "epochs" or k.endswith("__epochs")]
        pipe.set_params(**{k: epochs for k in keys})
    return pipe


def recipe_epochs(pipe):
    """(max epochs, early stopping patience or None) of the recipe's classifier."""
    p = pipe.get_params(deep=True)
    ep = [v for k, v in p.items() if (k == "epochs" or k.endswith("__epochs"))]
    pa = [v for k, v in p.items() if k.endswith("patience")]
    vs = [v for k, v in p.items() if k.endswith("validation_split")]
    stop = pa[0] if pa and pa[0] and vs and vs[0] else None
    return (ep[0] if ep else None), stop


def recipe_default_epochs(name, corpus):
    """The epochs of recipe ``name`` as shipped (None for models without epochs)."""
    return recipe_epochs(make_recipe(name, corpus))[0]


def split_prefix(pipe):
    """(stateless feature steps, the rest) of a recipe Pipeline."""
    from sklearn.pipeline import Pipeline
    from sklearn.utils import get_tags

    k = 0
    for _, step in pipe.steps[:-1]:
        try:
            if get_tags(step).requires_fit is not False:
                break
        except Exception:
            break
        k += 1
    rest = pipe[k:] if len(pipe.steps) - k > 1 else pipe.steps[-1][1]
    return (Pipeline(pipe.steps[:k]) if k else None), rest


def feature_key(prefix):
    """Cache name of a feature prefix: known extractors by name, others by a hash."""
    from sklearn.base import clone

    steps = []
    for _, step in prefix.steps:
        s = clone(step)
        params = {k: v for k, v in s.get_params(deep=False).items() if k in RUNTIME_PARAMS}
        defaults = {k: None if k != "verbose" else False for k in params}
        try:
            s.set_params(**defaults)
        except ValueError:
            pass
        steps.append(repr(s).replace("\n", "").replace(" ", "").replace(",", ", "))
    text = " | ".join(steps)
    norm = text.replace(", ", ",")
    for known, name in KNOWN_FEATURES.items():
        if norm == known.replace(", ", ","):
            return name
    return "f" + hashlib.sha1(text.encode()).hexdigest()[:10]


def cached_features(prefix, corpus, frame, cache_dir, n_jobs=1):
    """Features of all files (per-file cache of the extractors), extraction seconds, key."""
    from sklearn.base import clone

    from skser.recipes import set_feature_cache

    pre = set_feature_cache(clone(prefix), os.path.join(os.path.expanduser(cache_dir),
                                                        "features"))
    for k in pre.get_params(deep=True):
        if k.endswith("n_jobs"):
            pre.set_params(**{k: n_jobs})
    t0 = time.perf_counter()
    F = np.asarray(pre.fit_transform(list(frame["path"])), dtype=np.float32)
    return F, time.perf_counter() - t0, f"{corpus}_{feature_key(prefix)}"


def features_file(folder, corpus, recipe):
    """Where ``benchmarks/device_rows.py export`` puts a task's features."""
    return os.path.join(folder, f"features_{corpus}_{recipe}.npz")


def task_features(recipe, corpus, prefix, cache_dir, args):
    """``(X, y, groups, feature seconds, cache name)`` of a task.

    Extracted from the audio (per-file cache), or, with ``--features-from DIR``, read
    from the file that ``device_rows.py export`` wrote there (a machine without the
    corpora, e.g. an accelerator).
    """
    if getattr(args, "features_from", None):
        path = features_file(args.features_from, corpus, recipe)
        with np.load(path) as f:
            X = f["X"].astype(np.float32)
            key = str(f["key"])
            if prefix is not None and key != f"{corpus}_{feature_key(prefix)}":
                raise ValueError(f"{path}: features of {key}, not of this run's feature "
                                 f"steps ({corpus}_{feature_key(prefix)}); export them with "
                                 "the same --set")
            return X, f["y"].astype(str), f["groups"].astype(str), float(f["seconds"]), key
    frame, y, groups = load(corpus, args.data_home, TASKS[recipe][corpus].get("labels"),
                            args.quick)
    if prefix is None:
        return list(frame["path"]), y, groups, 0.0, None
    X, seconds, key = cached_features(prefix, corpus, frame, cache_dir, args.n_jobs)
    return X, y, groups, seconds, key


def set_seed(estimator, seed):
    """Set every ``*random_state`` parameter of ``estimator`` to ``seed``; return it."""
    keys = [k for k in estimator.get_params(deep=True)
            if k == "random_state" or k.endswith("__random_state")]
    return estimator.set_params(**dict.fromkeys(keys, seed))


# ----------------------------------------------------------------------------- run
def result_doc(kind, recipe, corpus, task, pipe, y, groups, args, machine, **fields):
    """The fields every result file of this script starts with, then ``fields``."""
    epochs, _ = recipe_epochs(pipe)
    labels = np.unique(y)
    return {
        "kind": kind, "recipe": recipe, "corpus": corpus, **fields,
        "keras_backend": os.environ.get("KERAS_BACKEND", "tensorflow"),
        "n_files": len(y), "n_speakers": int(len(set(groups))),
        "classes": [str(c) for c in labels], "n_classes": len(labels),
        "published": task.get("published"), "published_note": task.get("published_note"),
        "epochs": epochs, "epochs_overridden": args.epochs is not None,
        "default_epochs": recipe_default_epochs(recipe, corpus),
        "pipeline": repr(pipe).replace("\n", " "), "machine": machine,
        "params": dict(args.set) if args.set else None,
        "quick": bool(args.quick), "command": command_line("accuracy.py"), "seeds": [], "runs": [],
    }


# what must match for a result file's finished seeds to stand for a run of this command
RESUME_KEYS = ("kind", "recipe", "corpus", "protocol", "mechanism", "split", "duplicate",
               "n_files", "classes", "epochs", "pipeline", "quick", "keras_backend")


def finished_runs(out_path, doc, seeds, keys=RESUME_KEYS, needs="predictions"):
    """Runs of ``seeds`` already in the result file at ``out_path``, by seed.

    A run counts when the file was written for the same task (``keys`` of ``doc``
    match) and the run holds ``needs`` (by default its out-of-fold predictions: the
    pooled bootstrap interval needs every seed's), so that a command stopped between
    seeds, or rerun in a later session without its fold cache, goes on from the seeds
    it finished.
    """
    try:
        with open(out_path) as f:
            old = json.load(f)
    except (OSError, ValueError):
        return {}
    if any(old.get(k) != doc.get(k) for k in keys):
        return {}
    return {r["seed"]: r for r in old.get("runs", []) if r.get("seed") in seeds and needs in r}


def predictions_record(pred, keys=("y_true", "y_pred", "speaker")):
    """The out-of-fold predictions of one seed (columns ``keys`` of ``pred``), as JSON lists."""
    return {k: [str(v) for v in pred[k]] for k in keys}


def summarize(runs):
    """mean +- std over seeds of WA, UAR, macro-F1 (percent)."""
    out = {}
    for m in ("wa", "uar", "macro_f1"):
        v = np.array([r[m] for r in runs], float) * 100
        out[m] = {"mean": float(v.mean()), "std": float(v.std(ddof=0)), "n": len(v)}
    return out


def run_one(recipe, corpus, protocol, seeds, args, machine):
    """Evaluate one recipe on one corpus with one protocol; write its JSON per seed."""

    task = TASKS[recipe][corpus]
    pipe = make_recipe(recipe, corpus, args.epochs, args.set)
    epochs, patience = recipe_epochs(pipe)
    prefix, rest = split_prefix(pipe)
    stochastic = any(k.endswith("random_state") for k in rest.get_params(deep=True)) \
        if hasattr(rest, "get_params") else True
    is_cnn = epochs is not None
    if not is_cnn:
        seeds = seeds[:1]  # deterministic: one run stands for every seed
    cache_dir = args.cache_dir if not args.quick else os.path.join(args.out, "cache")
    fold_cache = None if args.no_fold_cache else os.path.join(cache_dir, "folds")
    X, y, groups, t_feat, cache_path = task_features(recipe, corpus, prefix, cache_dir, args)
    out_path = os.path.join(args.out, f"accuracy_{corpus}_{recipe}_{protocol}"
                            f"{settings_suffix(args.set)}.json")
    check_writable(out_path)
    doc = result_doc("accuracy", recipe, corpus, task, pipe, y, groups, args, machine,
                     protocol=protocol, protocol_text=PROTOCOL_TEXT[protocol],
                     early_stopping_patience=patience, deterministic=not is_cnn,
                     feature_seconds=t_feat, features=cache_path)
    log(f"{recipe} on {corpus} ({len(y)} files, {len(set(groups))} speakers, "
        f"{len(set(y))} classes), {protocol}, epochs={epochs}, seeds={seeds}")
    pooled = []  # out-of-fold predictions of every seed so far: the interval's input
    done = {} if args.no_resume else finished_runs(out_path, doc, seeds)
    for seed in seeds:
        if seed in done:
            run, note = done[seed], f"finished before, read from {out_path}"
        else:
            run, note = fit_seed(rest, X, y, groups, protocol, seed, args, fold_cache,
                                 recipe, corpus)
            run["machine"] = machine["text"]
        doc["seeds"].append(seed)
        doc["runs"].append(run)
        doc["summary"] = summarize(doc["runs"])
        # through the JSON form, so that read-back and fresh seeds pool alike
        pooled.append(run["predictions"])
        doc["uar_ci95"] = pooled_intervals(pooled, ("y_pred",))["y_pred"]
        doc["wall_seconds_per_seed"] = float(np.mean([r["wall_seconds"] for r in doc["runs"]]))
        doc["peak_rss_mb"] = peak_rss_mb()
        doc["stochastic"] = bool(stochastic)
        write_json(out_path, doc)
        log(f"  seed {seed}: WA {run['wa']:.3f} UAR {run['uar']:.3f} ({note}) -> {out_path}")
    return doc


def fit_seed(rest, X, y, groups, protocol, seed, args, fold_cache, recipe, corpus):
    """Cross-validate the fitted part of a recipe with one seed; its run record and a note."""
    from skser.evaluation import compute_metrics, evaluate

    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = evaluate(rest, X, y, groups,
                       protocol="loso" if protocol == "loso" else "random-kfold",
                       n_splits=5, random_state=seed, n_jobs=args.n_jobs,
                       metadata={"recipe": recipe, "corpus": corpus},
                       memory=fold_cache)
    folds = res.folds
    resumed = folds[folds["from_cache"]]
    # time spent now + time the resumed folds took when they ran
    wall = time.perf_counter() - t0 + float((resumed["fit_time"]
                                             + resumed["score_time"]).sum())
    pred = res.predictions
    labels = np.unique(y)
    m = compute_metrics(pred["y_true"].to_numpy(), pred["y_pred"].to_numpy(), labels)
    run = {
        "seed": seed, "wa": m["wa"], "uar": m["uar"], "macro_f1": m["macro_f1"],
        "fold_uar_std": float(folds["uar"].std(ddof=0)), "n_folds": int(len(folds)),
        "wall_seconds": wall, "fit_seconds": float(folds["fit_time"].sum()),
        "resumed_folds": len(resumed),
        "per_class_recall": m["recall"],
        "confusion_matrix": m["confusion_matrix"], "labels": [str(c) for c in labels],
        "predictions": predictions_record(pred),
    }
    note = f"{wall:.0f} s" + (f", {len(resumed)} of {len(folds)} folds resumed from "
                              f"{fold_cache}" if len(resumed) else "")
    return run, note


def speaker_interval(y_true, y_pred, speakers, n_seeds):
    """95 % bootstrap interval of UAR over test speakers, all seeds' predictions pooled.

    The arrays hold every seed's out-of-fold predictions and each one's speaker; each
    of 1000 resamples draws the speakers with replacement and scores every prediction
    of the speakers drawn (``skser.evaluation.bootstrap_ci``, seed 0).
    """
    from skser.evaluation import bootstrap_ci

    ci = bootstrap_ci(np.asarray(y_true), np.asarray(y_pred),
                      np.asarray(speakers).astype(str), metric="uar")
    return {"low": float(ci.low), "high": float(ci.high), "point": float(ci.point),
            "n_speakers": int(ci.n_groups), "n_seeds": int(n_seeds)}


def pooled_intervals(records, keys):
    """:func:`speaker_interval` of each prediction column ``keys``, over the records
    (:func:`predictions_record` of each seed, with ``y_true`` and ``speaker``) pooled."""
    cat = {k: np.concatenate([r[k] for r in records]) for k in ("y_true", "speaker", *keys)}
    return {key: speaker_interval(cat["y_true"], cat[key], cat["speaker"], len(records))
            for key in keys}


def scanned_parts(pipe, recipe, refusal):
    """``(feature steps, CNN)`` of a recipe for an epoch scan, early stopping off.

    Early stopping would hold out a validation part and end the scan early, so the CNN
    trains for all its epochs on the whole training part. Raises ``ValueError(refusal)``
    unless the recipe is feature steps followed by one CNN.
    """
    epochs, patience = recipe_epochs(pipe)
    prefix, rest = split_prefix(pipe)
    if epochs is None or hasattr(rest, "steps") or prefix is None:
        raise ValueError(refusal)
    if patience is not None:
        rest = rest.set_params(patience=None, validation_split=0.0)
    return prefix, rest


def scan_task(recipe, corpus, args, refusal):
    """``(task, pipe, epochs, feature steps, CNN, cache folder)`` of an epoch-scan run:
    the recipe with the run's epochs and ``--set``, split by :func:`scanned_parts`
    (``refusal`` if it is not feature steps and one CNN)."""
    task = TASKS[recipe][corpus]
    pipe = make_recipe(recipe, corpus, args.epochs, args.set)
    epochs, _ = recipe_epochs(pipe)
    prefix, rest = scanned_parts(pipe, recipe, refusal)
    cache_dir = args.cache_dir if not args.quick else os.path.join(args.out, "cache")
    return task, pipe, epochs, prefix, rest, cache_dir


SELECTIONS = ("fixed", "best_on_test")


def record_scan(doc, seed, scan, labels, wall, out_path, speakers, pooled, **extra):
    """Add one seed's epoch scan (``leakage.run_epoch_scan``) to ``doc``; rewrite the file.

    Both selections are scored on the pooled predictions: ``fixed`` (the last epoch)
    and ``best_on_test`` (each fold's best epoch on its test data). ``speakers`` gives
    the speaker of each scanned sample; the tested predictions are kept in the run
    (``predictions``), so that a rerun reads the seed back (:func:`resume_scans`).
    """
    from skser.evaluation import compute_metrics

    run = {"seed": seed, "best_epochs": scan["best_epochs"], "n_epochs": scan["n_epochs"],
           "fit_seconds": scan["fit_seconds"], "resumed_folds": scan["resumed_folds"],
           "wall_seconds": wall, "machine": doc["machine"]["text"], **extra}
    for key in SELECTIONS:
        m = compute_metrics(scan["y_true"], scan[key], labels)
        run[key] = {"wa": m["wa"], "uar": m["uar"], "macro_f1": m["macro_f1"],
                    "per_class_recall": m["recall"]}
    run["predictions"] = predictions_record(
        {**scan, "speaker": np.asarray(speakers)[scan["tested"]]},
        ("y_true", *SELECTIONS, "speaker"))
    add_scan_run(doc, run, out_path, pooled)
    return run


def add_scan_run(doc, run, out_path, pooled):
    """Append a scan's run to ``doc``, update its summary and interval; rewrite the file.

    ``pooled`` (a list, kept by the caller across seeds) collects each run's predictions
    for the speaker-bootstrap interval of UAR of each selection over all seeds so far.
    """
    doc["seeds"].append(run["seed"])
    doc["runs"].append(run)
    doc["summary"] = {key: summarize([r[key] for r in doc["runs"]]) for key in SELECTIONS}
    pooled.append(run["predictions"])
    doc["uar_ci95"] = pooled_intervals(pooled, SELECTIONS)
    write_json(out_path, doc)


def resume_scans(doc, out_path, seeds, args, pooled):
    """Seeds of ``seeds`` whose scan the result file already holds, added back to ``doc``."""
    done = {} if args.no_resume else finished_runs(out_path, doc, seeds)
    for seed in seeds:
        if seed in done:
            add_scan_run(doc, done[seed], out_path, pooled)
            log(f"  seed {seed}: finished before, read from {out_path}")
    return set(done)


def run_epoch_scan_one(recipe, corpus, protocol, seeds, args, machine):
    """``--select-epoch best-on-test``: fixed epochs and the best epoch on each test fold.

    One training run per fold and seed gives both rows (see ``leakage.py``); writes
    ``accuracy_<corpus>_<recipe>_<protocol>_best-on-test.json``.
    """
    import leakage

    from skser.evaluation import get_splitter

    task, pipe, epochs, prefix, rest, cache_dir = scan_task(
        recipe, corpus, args, f"--select-epoch best-on-test needs a CNN recipe; {recipe} is "
        "not one")
    X, y, groups, t_feat, cache_path = task_features(recipe, corpus, prefix, cache_dir, args)
    out_path = os.path.join(args.out, f"accuracy_{corpus}_{recipe}_{protocol}_best-on-test"
                            f"{settings_suffix(args.set)}.json")
    check_writable(out_path)
    labels = np.unique(y)
    doc = result_doc("epoch_selection", recipe, corpus, task, pipe, y, groups, args, machine,
                     mechanism="best-on-test", protocol=protocol,
                     protocol_text=PROTOCOL_TEXT[protocol], feature_seconds=t_feat,
                     features=cache_path)
    log(f"{recipe} on {corpus} ({len(y)} files, {len(set(groups))} speakers, "
        f"{len(labels)} classes), {protocol}, epoch scan over {epochs} epochs, "
        f"seeds={seeds}")
    pooled = []
    done = resume_scans(doc, out_path, seeds, args, pooled)
    for seed in (s for s in seeds if s not in done):
        t0 = time.perf_counter()
        if protocol == "holdout":  # one shuffled utterance split, stratified
            from sklearn.model_selection import StratifiedShuffleSplit

            splitter = StratifiedShuffleSplit(n_splits=1, test_size=0.2, random_state=seed)
        else:
            splitter = get_splitter("loso" if protocol == "loso" else "random-kfold",
                                    n_splits=5, random_state=seed)
        split_groups = groups if protocol == "loso" else None  # the others split utterances
        scan = leakage.run_epoch_scan(set_seed(rest, seed), X, y, split_groups, splitter, seed,
                                      None if args.no_fold_cache else cache_dir)
        run = record_scan(doc, seed, scan, labels, time.perf_counter() - t0, out_path,
                          groups, pooled, fold_curves=scan["fold_curves"])
        log(f"  seed {seed}: fixed {epochs} epochs WA {run['fixed']['wa']:.3f} UAR "
            f"{run['fixed']['uar']:.3f}; best epoch on test (epochs {scan['best_epochs']}) WA "
            f"{run['best_on_test']['wa']:.3f} UAR {run['best_on_test']['uar']:.3f} "
            f"({run['wall_seconds']:.0f} s) -> {out_path}")
    return doc


def run_augmentation_one(recipe, corpus, protocol, seeds, args, machine):
    """``--augment-split``: the recipe on originals plus augmented copies (``leakage.py``).

    ``--augment-split after`` with ``--protocols paper`` splits after augmentation (as
    the 2-D CNN did); ``before`` with ``paper`` splits the recordings first; ``loso``
    always holds out a speaker's originals. Writes
    ``augmentation_<corpus>_<recipe>_<split>.json`` (split: after, before, loso).
    """
    import leakage
    from joblib import Memory


    split = "loso" if protocol == "loso" else args.augment_split
    task, pipe, epochs, prefix, rest, cache_dir = scan_task(
        recipe, corpus, args, "--augment-split needs a CNN recipe with a feature step; "
        f"{recipe} is not one")
    frame, y, groups = load(corpus, args.data_home, task.get("labels"), args.quick)
    X0, t_feat, cache_path = cached_features(prefix, corpus, frame, cache_dir, args.n_jobs)
    sr = int(prefix.steps[0][1].get_params()["sr"])
    t0 = time.perf_counter()
    aug = Memory(os.path.join(cache_dir, "augmented"), verbose=0).cache(
        leakage.augmented_features, ignore=["n_jobs"])(prefix, list(frame["path"]), sr, 0,
                                                       n_jobs=args.n_jobs)
    t_aug = time.perf_counter() - t0
    X = np.concatenate([X0, *aug])
    y_all = np.concatenate([y] * (1 + leakage.N_COPIES))
    groups_all = np.concatenate([groups] * (1 + leakage.N_COPIES))
    labels = np.unique(y)
    text = {"after": "augmented copies first, then a shuffled 75/25 split over all samples "
                     "(copies of one recording on both sides: LEAKS), SPEAKER-DEPENDENT",
            "before": "a shuffled 75/25 split over recordings first; trained on every copy "
                      "of the training recordings, tested on the original test recordings, "
                      "SPEAKER-DEPENDENT",
            "speakers": "a shuffled split of the speakers, a quarter held out; trained on "
                        "every copy of the other speakers' recordings, tested on the held-"
                        "out speakers' originals, speaker-independent",
            "loso": "leave-one-speaker-out; trained on every copy of the other speakers' "
                    "recordings, tested on the held-out speaker's originals"}[split]
    out_path = os.path.join(args.out, f"augmentation_{corpus}_{recipe}_{split}"
                            f"{settings_suffix(args.set)}.json")
    check_writable(out_path)
    doc = result_doc("augmentation_split", recipe, corpus, task, pipe, y, groups, args,
                     machine, mechanism="split-after-augmentation", split=split,
                     protocol_text=text, n_copies=leakage.N_COPIES, feature_seconds=t_feat,
                     augmented_feature_seconds=t_aug, features=cache_path)
    log(f"{recipe} on {corpus} ({len(y)} files + {leakage.N_COPIES} augmented copies each, "
        f"{len(labels)} classes), split {split}, {epochs} epochs, seeds={seeds}")
    pooled = []
    done = resume_scans(doc, out_path, seeds, args, pooled)
    for seed in (s for s in seeds if s not in done):
        t1 = time.perf_counter()
        splits = leakage.FixedSplits(leakage.augmentation_splits(split, y, groups, seed))
        scan = leakage.run_epoch_scan(set_seed(rest, seed), X, y_all, None, splits, seed,
                                      None if args.no_fold_cache else cache_dir)
        run = record_scan(doc, seed, scan, labels, time.perf_counter() - t1, out_path,
                          groups_all, pooled, n_test=int(len(scan["y_true"])))
        log(f"  seed {seed}: last epoch WA {run['fixed']['wa']:.3f} UAR "
            f"{run['fixed']['uar']:.3f} ({run['wall_seconds']:.0f} s) -> {out_path}")
    return doc


def duplication_suffix(copies):
    """The part of a result file name that names ``--duplicate``: ``_savee-x3``."""
    return "".join(f"_{name}-x{n}" for name, n in sorted(copies.items()))


def run_duplication_one(recipe, corpus, protocol, seeds, args, machine):
    """``--duplicate NAME=N``: a corpus's recordings N times over, then one 80/20 split
    (``protocol`` is "holdout": ``main`` refuses the others).

    The split is drawn over the samples (``--duplicate-split after``: copies of one
    recording on both sides, as Speech-Emotion-Analyzer's notebook did) or over the
    recordings (``before``); one epoch scan per seed gives the last epoch and the best
    epoch on the test part (``leakage.py``). Writes
    ``duplication_<corpus>_<recipe>_<split>_<name>-x<N>.json``.
    """
    import leakage

    split = args.duplicate_split or "after"
    task, pipe, epochs, prefix, rest, cache_dir = scan_task(
        recipe, corpus, args, f"--duplicate needs a CNN recipe with a feature step; {recipe} "
        "is not one")
    X, y, groups, t_feat, cache_path = task_features(recipe, corpus, prefix, cache_dir, args)
    source = leakage.duplicated_samples(groups, args.duplicate)
    labels = np.unique(y)
    text = {"after": "the named corpus's recordings repeated, then one stratified random "
                     "80/20 split over all samples (copies of one recording on both sides: "
                     "LEAKS), SPEAKER-DEPENDENT",
            "before": "one stratified random 80/20 split over recordings, then the named "
                      "corpus's recordings repeated: every copy of a training recording "
                      "trained on, each test recording tested once, SPEAKER-DEPENDENT"}[split]
    out_path = os.path.join(args.out, f"duplication_{corpus}_{recipe}_{split}"
                            f"{duplication_suffix(args.duplicate)}"
                            f"{settings_suffix(args.set)}.json")
    check_writable(out_path)
    doc = result_doc("duplication", recipe, corpus, task, pipe, y, groups, args, machine,
                     mechanism="duplicated-recordings", protocol=protocol, split=split,
                     protocol_text=text, duplicate=dict(args.duplicate),
                     n_samples=int(len(source)), feature_seconds=t_feat, features=cache_path)
    log(f"{recipe} on {corpus} ({len(y)} recordings as {len(source)} samples, "
        f"{len(labels)} classes), split {split} duplication, {epochs} epochs, seeds={seeds}")
    pooled = []
    done = resume_scans(doc, out_path, seeds, args, pooled)
    for seed in (s for s in seeds if s not in done):
        t0 = time.perf_counter()
        splits = leakage.FixedSplits(leakage.duplication_splits(split, source, y, seed))
        scan = leakage.run_epoch_scan(set_seed(rest, seed), X[source], y[source], None,
                                      splits, seed, None if args.no_fold_cache else cache_dir)
        run = record_scan(doc, seed, scan, labels, time.perf_counter() - t0, out_path,
                          groups[source], pooled, fold_curves=scan["fold_curves"],
                          n_test=int(len(scan["y_true"])))
        log(f"  seed {seed}: last epoch WA {run['fixed']['wa']:.3f}; best epoch on test "
            f"(epoch {scan['best_epochs'][0]}) WA {run['best_on_test']['wa']:.3f} "
            f"({run['wall_seconds']:.0f} s) -> {out_path}")
    return doc


def parse_duplicates(items):
    """The ``NAME=N`` strings of ``--duplicate`` as ``{name: n}``.

    Raises ``ValueError`` naming the item that is not a corpus name, ``=`` and a
    whole number of at least 2.
    """
    out = {}
    for item in items or ():
        name, sep, text = item.partition("=")
        if not sep or not name.strip() or not text.strip().isdigit() or int(text) < 2:
            raise ValueError(f"--duplicate {item!r}: expected CORPUS=N with N >= 2, e.g. "
                             "savee=3")
        out[name.strip()] = int(text)
    return out


def corpus_stats(corpora, data_home, out):
    """Files, speakers, files per class, clip durations of each corpus, into corpus_stats.json."""
    import soundfile as sf

    path = os.path.join(out, "corpus_stats.json")
    stats = {}
    if os.path.exists(path):
        with open(path) as f:
            stats = json.load(f)
    for corpus in corpora:
        try:
            frame, y, groups = load(corpus, data_home)
        except Exception as exc:  # corpus not there: nothing to record
            log(f"corpus stats: skip {corpus}: {exc}")
            continue
        d = np.array([sf.info(p).duration for p in frame["path"]])
        stats[corpus] = {"files": len(d), "speakers": int(len(set(groups))),
                         "classes": int(len(set(y))), "duration_min": float(d.min()),
                         "duration_mean": float(d.mean()), "duration_max": float(d.max()),
                         "total_hours": float(d.sum() / 3600),
                         "class_counts": {str(c): int((y == c).sum()) for c in np.unique(y)}}
    write_json(path, stats)
    return stats


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--recipes", nargs="+", default=list(DEFAULT_RECIPES),
                   help=f"recipes to run (default: {' '.join(DEFAULT_RECIPES)}; "
                        f"known: {' '.join(TASKS)})")
    p.add_argument("--corpus", nargs="+", default=["emodb", "ravdess"],
                   help="corpora (emodb ravdess; iemocap crema-d tess savee with --data-home)")
    p.add_argument("--protocols", nargs="+", default=["paper", "loso"],
                   choices=["paper", "loso", "holdout"])
    p.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    p.add_argument("--epochs", type=int, default=None,
                   help="override the recipes' epochs (recorded in the results)")
    p.add_argument("--data-home", default=None, help="corpora folder (default $SKSER_DATA)")
    p.add_argument("--cache-dir", default=os.path.expanduser("~/.cache/skser"),
                   help="feature cache (never the data folder)")
    p.add_argument("--out", default=None, help=f"result folder (default {RESULTS})")
    p.add_argument("--n-jobs", type=int, default=1, help="parallel folds / extraction")
    p.add_argument("--no-fold-cache", action="store_true",
                   help="do not cache finished folds (default: <cache-dir>/folds, so a "
                        "run cut off resumes from them)")
    p.add_argument("--no-resume", action="store_true",
                   help="run every seed again, even those the result file already holds "
                        "(default: a seed finished by the same task is read back)")
    p.add_argument("--quick", action="store_true",
                   help="smoke test: 4 speakers x 3 files of each class, 1 epoch, "
                        "first seed")
    p.add_argument("--select-epoch", choices=["fixed", "best-on-test"], default="fixed",
                   help="fixed: train the recipe's epochs and score the last (default); "
                        "best-on-test: also report the best epoch on each test fold, the "
                        "leak of protocols that select the epoch on test data (leakage.py)")
    p.add_argument("--augment-split", choices=["after", "before", "speakers"], default=None,
                   help="train on each recording plus 2 augmented copies (noise; noise + "
                        "pitch shift + time stretch), splitting the samples after "
                        "augmentation (the 2-D CNN's leak), the recordings before it, or "
                        "the speakers (a quarter held out); with --protocols loso each "
                        "speaker's originals are held out in turn (leakage.py)")
    p.add_argument("--duplicate", nargs="+", default=[], metavar="CORPUS=N",
                   help="let each recording of CORPUS (one corpus of a '+' mix) stand N "
                        "times in the data, as in a folder holding its files N times, and "
                        "draw one stratified random 80/20 split (needs --protocols holdout; "
                        "Speech-Emotion-Analyzer's data held SAVEE three times: savee=3; "
                        "leakage.py)")
    p.add_argument("--duplicate-split", choices=["after", "before"], default=None,
                   help="with --duplicate: split the samples, copies of one recording on "
                        "both sides (after, the leak; default), or the recordings (before)")
    p.add_argument("--set", nargs="+", default=[], metavar="KEY=VALUE",
                   help="set parameters of the recipe Pipeline for this run, e.g. "
                        "cnn__optimizer=rmsprop cnn__learning_rate=1e-5 (values read as "
                        "Python literals, else as text); recorded in the result file as "
                        "'params' and in its name, so it never replaces the recipe's row")
    p.add_argument("--features-from", default=None, metavar="DIR",
                   help="read each task's features from DIR (written by "
                        "`device_rows.py export`) instead of the corpora")
    p.add_argument("--stats-only", action="store_true",
                   help="only write corpus_stats.json (files, speakers, clip durations)")
    args = p.parse_args(argv)
    try:
        args.set = parse_settings(args.set)
        args.duplicate = parse_duplicates(args.duplicate)
    except ValueError as exc:
        p.error(str(exc))
    if args.duplicate_split and not args.duplicate:
        p.error("--duplicate-split needs --duplicate CORPUS=N")
    for name in args.duplicate:
        lacking = [c for c in args.corpus if name not in c.split("+")]
        if lacking:
            p.error(f"--duplicate {name}={args.duplicate[name]}: {name!r} is not part of "
                    f"--corpus {' '.join(lacking)}")
    if args.duplicate and set(args.protocols) != {"holdout"}:
        p.error("--duplicate draws one random 80/20 split: use --protocols holdout")
    if args.duplicate and args.augment_split is not None:
        p.error("--duplicate and --augment-split are two ways of copying recordings; "
                "use one")
    for key, recipe in unknown_settings(args.set, args.recipes, args.corpus):
        p.error(f"--set {key}: not a parameter of the {recipe} recipe's Pipeline "
                "(see recipes.get_recipe(name).get_params())")
    if args.quick:
        args.seeds = args.seeds[:1]
        args.epochs = 1 if args.epochs is None else args.epochs
        args.out = args.out or "/tmp/skser-bench-quick"
    args.out = args.out or RESULTS
    if not args.quick and not args.features_from:
        corpus_stats(args.corpus, args.data_home, args.out)
    if args.stats_only:
        return
    machine = machine_info()
    for recipe in args.recipes:
        if recipe not in TASKS:
            p.error(f"unknown recipe {recipe!r}; known: {', '.join(TASKS)}")
        for corpus in args.corpus:
            if corpus not in TASKS[recipe]:
                log(f"skip {recipe} on {corpus}: not an applicable corpus")
                continue
            for protocol in args.protocols:
                run = run_one if args.select_epoch == "fixed" else run_epoch_scan_one
                if args.augment_split is not None:
                    run = run_augmentation_one
                if args.duplicate:
                    run = run_duplication_one
                if protocol == "holdout" and run is run_one:
                    p.error("--protocols holdout needs --select-epoch best-on-test")
                try:
                    run(recipe, corpus, protocol, list(args.seeds), args, machine)
                except Exception as exc:  # keep going: one failure must not stop the rest
                    if args.quick:
                        raise
                    log(f"FAILED {recipe} {corpus} {protocol}: {type(exc).__name__}: {exc}")


if __name__ == "__main__":
    main()
