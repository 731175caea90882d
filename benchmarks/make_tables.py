"""Assemble ``docs/benchmarks.md`` from the JSON files the benchmark scripts wrote.

Every number in the page comes from ``benchmarks/results/*.json`` (written by
``accuracy.py``, ``cross_lingual.py`` and ``speed.py``); the published numbers
come from the ``TASKS`` table of ``accuracy.py`` and ``SEED003`` below, each with
its source. Rows that have no result file say "not run" and why.

Usage::

    python benchmarks/make_tables.py                     # -> docs/benchmarks.md
    python benchmarks/make_tables.py --results DIR --output FILE
    python benchmarks/make_tables.py --promote results/parts/a/F.json results/parts/b/F.json
"""

import argparse
import functools
import glob
import json
import os
import re
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import accuracy as acc  # noqa: E402
import learning_curve as lc  # noqa: E402

ROOT = os.path.dirname(HERE)

# seed 003's own table (IEMOCAP English / RECOLA French, micro accuracy), for reference
SEED003 = {"English (IEMOCAP)": {"mono": 0.421, "multi": 0.432, "cross": 0.405},
           "French (RECOLA)": {"mono": 0.533, "multi": 0.524, "cross": 0.359}}

CORPUS_TEXT = {"emodb": "EMO-DB (German, 10 speakers)",
               "ravdess": "RAVDESS speech (English, 24 actors)"}

# rows the tables expect, in order: (recipe, corpus)
ROWS = [
    ("issa2020", "emodb"), ("means193-svm", "emodb"), ("egemaps-svm", "emodb"),
    ("compare-svm", "emodb"), ("parallel-cnn", "emodb"),
    ("issa2020", "ravdess"), ("means193-svm", "ravdess"), ("egemaps-svm", "ravdess"),
    ("compare-svm", "ravdess"), ("conv1d-mfcc", "ravdess"), ("cnn2d-image", "ravdess"),
    ("parallel-cnn", "ravdess"),
]

NOT_RUN = "not run: compute budget¹"
NOT_RUN_NOTE = ("¹ Not run for CPU time: every benchmark here ran on the 2-core CPU machine "
                "named below, without a GPU. Where the speed table below has the model, the "
                "wall-time column gives an estimate: the model's measured seconds per "
                "training epoch per sample (`benchmarks/models.py`, at the input size shown "
                "there) x training samples per fold x folds x the recipe's epochs; "
                "prediction and feature extraction not counted. The commands at the top run "
                "these rows.")
N_CLASSES = {"emodb": 7, "ravdess": 8}
MIN_SEEDS = 3  # seeds a CNN row needs (issue 6: mean +- std over at least 3 seeds)

# why a recipe may fall short of its published number (shown only when it does)
SHORTFALL = {
    "issa2020": "Likely reasons: the paper's split and epoch count are not "
                "documented (RMSprop at lr 1e-5 learns slowly){emodb}",
    "conv1d-mfcc": "Likely reasons: the seed used speech+song (2452 files); only speech is "
                   "available here; speaker-dependent random split in the seed",
    "cnn2d-image": "Likely reasons: the seed trained on 4 corpora (RAVDESS, CREMA-D, TESS, "
                   "SAVEE) with augmentation, and augmented copies of a file can fall in both "
                   "its train and test sets (leakage); only RAVDESS, no augmentation here",
}
LOSO_SHORTFALL = ("; and LOSO never tests a speaker seen in training, unlike the paper's "
                  "speaker-dependent split")


def shortfall_reason(recipe, corpus, protocol, doc, docs=None):
    """Why a row falls short of its published number: the recipe's reasons, then what
    the epoch budget cost and LOSO, for every recipe alike.

    The epoch clause comes from the learning curve of the same recipe, corpus and
    protocol when ``docs`` has one (validation UAR at the row's epochs against the
    curve's best), else from the recipe's default (a budget below it is named)."""
    why = SHORTFALL.get(recipe, "").format(
        emodb="; the EMO-DB clips here are cut to a fixed length (see the note on the "
              "corpora)" if corpus == "emodb" else "")
    epochs = doc.get("epochs")
    curve = (docs or {}).get(f"learning_curve_{corpus}_{recipe}_{protocol}.json")
    if epochs is not None and curve and not curve.get("quick"):
        why += curve_clause(curve, epochs)
    elif epochs is not None:
        default = default_epochs(recipe)
        if default is not None and epochs < default:
            why += f"; {epochs} epochs here, fewer than the recipe's default of {default}"
    return why + (LOSO_SHORTFALL if protocol == "loso" else "")


def smoothed_val_uar(curve, window=10):
    """Validation UAR per epoch (%), mean over seeds, trailing ``window``-epoch mean
    (epochs before the window fills average what there is)."""
    n = min(len(r["val_uar"]) for r in curve["runs"])
    v = [100 * statistics.fmean(r["val_uar"][e] for r in curve["runs"]) for e in range(n)]
    return lc.trailing_mean(v, window).tolist()


def curve_clause(curve, epochs):
    """What a learning curve says about training ``epochs`` epochs (10-epoch means)."""
    v = smoothed_val_uar(curve)
    best = max(range(len(v)), key=v.__getitem__)
    proto = "random 5-fold" if curve["protocol"] == "paper" else "LOSO"
    if epochs > len(v):
        return (f"; the learning curve below (first fold of {proto}) stops at {len(v)} "
                f"epochs, before this row's {epochs}")
    at = v[epochs - 1]
    text = (f"; at {epochs} epochs the learning curve below (first fold of {proto}, "
            f"validation split, 10-epoch mean) is at {at:.1f} % validation UAR, "
            f"{v[best] - at:.1f} points under its best ({v[best]:.1f} % at epoch {best + 1})")
    return text + ("; more epochs would help" if v[best] - at >= 2 else "")


def epochs_label(recipe, epochs):
    """' (reduced)' or ' (raised from N)' when a row's epochs differ from the recipe's
    default of N; '' when they match or either is unknown."""
    d = default_epochs(recipe)
    if epochs is None or d is None or epochs == d:
        return ""
    return " (reduced)" if epochs < d else f" (raised from {d})"


@functools.cache
def default_epochs(recipe):
    """The epochs of a recipe as shipped (read from skser.recipes, not typed here;
    built once per recipe name, as every row of the tables asks for it)."""
    from skser.recipes import get_recipe

    return acc.recipe_epochs(get_recipe(recipe))[0]


def pct(mean, std=None, n=1):
    if mean is None:
        return "–"
    if std is None or n < 2:
        return f"{mean:.1f}"
    return f"{mean:.1f} ± {std:.1f}"


def minutes(s):
    if s is None:
        return "–"
    return f"{s / 60:.1f} min" if s >= 60 else f"{s:.0f} s"


def load_results(folder):
    """Result documents by file name; files of the same name in sub-folders (seeds run
    as separate processes with ``--out results/parts/...``) are merged seed by seed.

    A sub-folder file of the same name that is a different run (other epochs,
    pipeline or files: typically a longer run not finished yet) is not merged; it is
    listed under the key ``"runs_under_way"`` of the first document, as ``(paths
    relative to folder, document)``, for the row's note; sub-folder files that are
    seeds of one such run are merged with each other there."""
    docs = {}
    paths = sorted(glob.glob(os.path.join(folder, "*.json"))) + \
        sorted(glob.glob(os.path.join(folder, "**", "*.json"), recursive=True))
    for path in dict.fromkeys(paths):
        with open(path) as f:
            try:
                doc = json.load(f)
            except json.JSONDecodeError:
                continue
        name = os.path.basename(path)
        if name in docs and doc.get("kind") == "accuracy":
            if same_run(docs[name], doc):
                docs[name] = merge_accuracy(docs[name], doc)
            elif doc.get("runs"):
                add_run_under_way(docs[name], os.path.relpath(path, folder), doc)
        elif name not in docs:
            docs[name] = doc
    return docs


def add_run_under_way(row, path, doc):
    """List ``doc`` (from ``path``) under ``row["runs_under_way"]``, merged seed by
    seed into an entry already there that is the same run (``same_run``): seeds of
    one unfinished run may sit in several parts/ files, whose paths the entry keeps."""
    under_way = row.setdefault("runs_under_way", [])
    for i, (paths, run) in enumerate(under_way):
        if same_run(run, doc):
            under_way[i] = (paths + [path], merge_accuracy(run, doc))
            return
    under_way.append(([path], doc))


def same_run(a, b):
    """Whether two accuracy documents are seeds of one run (same pipeline, epochs, files)."""
    key = ("pipeline", "epochs", "n_files")
    return tuple(a.get(k) for k in key) == tuple(b.get(k) for k in key)


def merge_accuracy(a, b):
    """Union of the seeds of two runs of the same recipe/corpus/protocol/epochs
    (``same_run``); seeds in both are taken from ``a``."""
    runs = {r["seed"]: r for r in a["runs"]}
    for r in b["runs"]:
        runs.setdefault(r["seed"], r)
    out = dict(a)
    out["runs"] = [runs[s] for s in sorted(runs)]
    out["seeds"] = sorted(runs)
    out["summary"] = acc.summarize(out["runs"])
    out["wall_seconds_per_seed"] = sum(r["wall_seconds"] for r in out["runs"]) / len(runs)
    out["peak_rss_mb"] = max(a.get("peak_rss_mb") or 0, b.get("peak_rss_mb") or 0)
    return out


def promote(paths, results, min_seeds=None):
    """Merge the parts files ``paths`` (seeds of one run, e.g. one longer run finished
    over several sessions) into ``results/<name>``, replacing the row's file, and
    remove them; return the written path.

    Raises ``ValueError`` (and changes nothing) when the files differ in name, are not
    accuracy documents of one run (``same_run``), or have fewer than ``min_seeds``
    (default ``MIN_SEEDS``) seeds together."""
    names = {os.path.basename(p) for p in paths}
    if len(names) != 1:
        raise ValueError(f"--promote takes files of one name, got {sorted(names)}")
    docs = []
    for p in paths:
        with open(p) as f:
            docs.append(json.load(f))
        if docs[-1].get("kind") != "accuracy" or not docs[-1].get("runs"):
            raise ValueError(f"{p} is not an accuracy result with runs")
        if not same_run(docs[0], docs[-1]):
            raise ValueError(f"{p} is not a seed of the same run as {paths[0]} "
                             "(pipeline, epochs or file count differ)")
    merged = functools.reduce(merge_accuracy, docs)
    min_seeds = MIN_SEEDS if min_seeds is None else min_seeds
    if len(merged["seeds"]) < min_seeds:
        raise ValueError(f"{len(merged['seeds'])} seed(s) {merged['seeds']} in {paths}; "
                         f"a row needs at least {min_seeds}")
    merged.pop("runs_under_way", None)
    merged["merged_from"] = [os.path.relpath(p, results) for p in paths]
    target = os.path.join(results, names.pop())
    acc.write_json(target, merged)
    for p in paths:
        if os.path.abspath(p) != os.path.abspath(target):
            os.remove(p)
    return target


def under_way_note(recipe, proto, doc):
    """Note lines on other runs of a row (typically longer ones) that have not
    finished all their seeds (the row keeps its finished run until then); [] when
    there are none."""
    out = []
    for paths, run in doc.get("runs_under_way", []):
        files = ", ".join(f"`{p}`" for p in paths)
        s = run["summary"]
        n = s["wa"]["n"]
        seeds = ", ".join(str(x) for x in run["seeds"])
        wa = " / ".join(f"{100 * r['wa']:.1f}" for r in run["runs"])
        per_seed = f" (per seed WA {wa})" if n > 1 else ""
        out.append(
            f"- **{recipe}, {proto}: a {run['epochs']}-epoch run is under way** "
            f"({files}, same folds): seed{'s' if n > 1 else ''} {seeds} finished so far, "
            f"WA {pct(s['wa']['mean'], s['wa']['std'], n)} %, "
            f"UAR {pct(s['uar']['mean'], s['uar']['std'], n)} %{per_seed}, "
            f"{minutes(run['wall_seconds_per_seed'])}/seed. " + (
                f"The table row keeps its {doc.get('epochs')}-epoch result until this "
                f"run has {MIN_SEEDS} seeds." if n < MIN_SEEDS else
                f"It has {n} seeds: `make_tables.py --promote` with its files "
                f"replaces the {doc.get('epochs')}-epoch result (benchmarks/README.md)."))
    return out


def estimated_hours(docs, recipe, corpus, protocol):
    """Training hours per seed of a row not run, from the measured s/epoch; else None."""
    from skser.recipes import get_recipe

    stats = (docs.get("corpus_stats.json") or {}).get(corpus, {})
    counts = stats.get("class_counts")
    speed = (docs.get("speed.json") or {}).get("models") or {}
    m = re.search(r"input: (\d+) synthetic samples", speed.get("stdout", ""))
    model = type(get_recipe(recipe).steps[-1][1]).__name__
    rows = [r for r in speed.get("rows", []) if r["model"] == model]
    if not (counts and m and rows):
        return None
    labels = acc.TASKS[recipe][corpus].get("labels")
    wanted = (acc.GENDER_EMOTIONS if labels == "gender" else labels) or list(counts)
    n = sum(counts.get(c, 0) for c in wanted)
    folds = 5 if protocol == "paper" else stats["speakers"]
    train_per_fold = n * (folds - 1) / folds  # LOSO: speakers of about equal size
    sec = rows[0]["s_per_epoch"] / int(m.group(1)) * train_per_fold * folds
    return sec * default_epochs(recipe) / 3600


def accuracy_section(docs, lines):
    machines = set()
    missing = [False]
    few = [False]
    for corpus in ("emodb", "ravdess"):
        lines += [f"### {CORPUS_TEXT[corpus]}", "",
                  "| recipe | classes | protocol | published | WA % | UAR % | seeds | "
                  "epochs | wall time | source |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        notes = []
        for recipe, c in ROWS:
            if c != corpus:
                continue
            for protocol in ("paper", "loso"):
                doc = docs.get(f"accuracy_{corpus}_{recipe}_{protocol}.json")
                task = acc.TASKS[recipe][corpus]
                pub = task.get("published")
                pub_s = f"{pub:g}" if pub is not None else "–"
                proto = "random 5-fold (spk-dep.)" if protocol == "paper" else \
                    "LOSO (spk-indep.)"
                if doc is None or not doc.get("runs"):
                    lab = task.get("labels")
                    ncls = N_CLASSES[corpus] if lab is None else 10 if lab == "gender" \
                        else len(lab)
                    est = estimated_hours(docs, recipe, corpus, protocol)
                    est_s = "" if est is None else f"≈ {est:.1f} h/seed (estimated¹)"
                    lines.append(f"| {recipe} | {ncls} | {proto} | {pub_s} | {NOT_RUN} | "
                                 f"| | {default_epochs(recipe)} | {est_s} | |")
                    missing[0] = True
                    if task.get("published_note"):
                        note = f"- {recipe}: published figure = {task['published_note']}."
                        if note not in notes:
                            notes.append(note)
                    continue
                machines.add(doc["machine"]["text"])
                if not doc.get("deterministic") and len(doc["runs"]) < MIN_SEEDS:
                    few[0] = True
                s = doc["summary"]
                n = s["wa"]["n"]
                seeds = "1 (deterministic)" if doc.get("deterministic") else \
                    ", ".join(str(x) for x in doc["seeds"])
                ep = doc.get("epochs")
                ep_s = "–" if ep is None else str(ep)
                if ep is not None and doc.get("early_stopping_patience"):
                    ep_s += f" (early stop, patience {doc['early_stopping_patience']})"
                if doc.get("epochs_overridden"):
                    ep_s += epochs_label(recipe, ep)
                wall = f"{minutes(doc['wall_seconds_per_seed'])}/seed + features " \
                    f"{minutes(doc['feature_seconds'])}"
                quick = " QUICK" if doc.get("quick") else ""
                lines.append(
                    f"| {recipe}{quick} | {doc['n_classes']} | {proto} | {pub_s} | "
                    f"{pct(s['wa']['mean'], s['wa']['std'], n)} | "
                    f"{pct(s['uar']['mean'], s['uar']['std'], n)} | {seeds} | {ep_s} | "
                    f"{wall} | `accuracy_{corpus}_{recipe}_{protocol}.json` |")
                if pub is not None and s["wa"]["mean"] < pub:
                    why = shortfall_reason(recipe, corpus, protocol, doc, docs)
                    notes.append(f"- **{recipe}, {proto}: {s['wa']['mean']:.1f} % WA vs "
                                 f"{pub:g} % published ({s['wa']['mean'] - pub:+.1f} pp).** "
                                 f"{why}.")
                notes += under_way_note(recipe, proto, doc)
                if task.get("published_note"):
                    note = f"- {recipe}: published figure = {task['published_note']}."
                    if note not in notes:
                        notes.append(note)
        lines += [""] + notes + [""]
    if missing[0]:
        lines += [NOT_RUN_NOTE, ""]
    if few[0]:
        lines += [f"Rows whose seeds column lists fewer than {MIN_SEEDS} seeds: only those "
                  f"seeds finished within the compute budget ({MIN_SEEDS} were started or "
                  "planned); no std "
                  "over seeds is given for a single seed.", ""]
    return machines


CURVE_EPOCHS = (1, 5, 10, 20, 30, 40, 50, 75, 100, 150, 200, 300, 400, 500, 700, 1000)


def learning_curve_section(docs, lines):
    """Per-epoch scores on held-out training data (``learning_curve.py``)."""
    curves = sorted((name, d) for name, d in docs.items()
                    if d.get("kind") == "learning_curve" and not d.get("quick"))
    if not curves:
        return
    lines += [
        "## Learning curves: how many epochs the CNN recipes need", "",
        "The seed papers do not say how many epochs they trained, and the CNN rows above "
        "run with an epoch budget. `benchmarks/learning_curve.py` fits a recipe's "
        "classifier on the training part of the first outer fold of a protocol, minus a "
        "validation part drawn from those training data (random 5-fold: a stratified "
        "20 %; LOSO: 20 % of the training speakers, unseen in training), and scores both "
        "parts after every epoch. The outer test fold is never used, so an epoch count "
        "taken from these curves is not tuned on the benchmark's test data. Scores are "
        "means over the seeds listed; *plateau* is the first epoch at which the trailing "
        "10-epoch mean of the validation UAR is within 1 point of its maximum.", ""]
    def mean_at(runs, key, e):
        return statistics.fmean(r[key][e - 1] for r in runs)

    for name, d in curves:
        runs = d["runs"]
        n = min(len(r["val_uar"]) for r in runs)

        seeds = ", ".join(str(r["seed"]) for r in runs)
        spe = statistics.fmean(r["seconds_per_epoch"] for r in runs)
        lines += [
            f"### {d['recipe']} on {d['corpus']}, first fold of "
            f"{'random 5-fold' if d['protocol'] == 'paper' else 'LOSO'}", "",
            f"{runs[0]['n_train']} training / {runs[0]['n_val']} validation files "
            f"({d['validation']}), {d['n_classes']} classes, seeds {seeds}, "
            f"{n} epochs at {spe:.2f} s/epoch (scoring both parts included); "
            f"`{name}`, command `{d['command']}`.", "",
            "| epoch | train UAR % | validation UAR % | validation WA % | validation loss |",
            "|---|---|---|---|---|"]
        for e in [e for e in CURVE_EPOCHS if e <= n]:
            lines.append(f"| {e} | {100 * mean_at(runs, 'train_uar', e):.1f} | "
                         f"{100 * mean_at(runs, 'val_uar', e):.1f} | "
                         f"{100 * mean_at(runs, 'val_accuracy', e):.1f} | "
                         f"{mean_at(runs, 'val_loss', e):.3f} |")
        q = (3 * n) // 4
        gain = [100 * (statistics.fmean(r["val_uar"][n - 10:n])
                       - statistics.fmean(r["val_uar"][q - 10:q])) for r in runs] \
            if q >= 10 else []
        best = [r["best_val_uar_epoch"] for r in runs]
        plateau = [r["plateau_val_uar_epoch"] for r in runs]
        low = [r["best_val_loss_epoch"] for r in runs]
        lines += ["", f"Best validation UAR at epoch {', '.join(map(str, best))}; plateau "
                  f"from epoch {', '.join(map(str, plateau))}; lowest validation loss at "
                  f"epoch {', '.join(map(str, low))} (per seed)." +
                  (f" Validation UAR gained {', '.join(f'{g:+.1f}' for g in gain)} points "
                   f"over the last quarter of the epochs (mean of epochs {n - 9}-{n} "
                   f"minus mean of epochs {q - 9}-{q}, per seed)" +
                   ("; still rising: more epochs would help." if min(gain) >= 2 else ".")
                   if gain else "") +
                  f" Machine: {d['machine']['text']}.", ""]


def _values(runs, test, setting, key, cls=None):
    vals = [r["results"][test][setting][key] for r in runs]
    return vals if cls is None else [v[cls] for v in vals]


def _mean(runs, test, setting, key, cls=None):
    return statistics.fmean(_values(runs, test, setting, key, cls))


def _mean_std(runs, test, setting, key):
    """'mean ± std' over seeds (population std), or the mean alone for one run."""
    vals = _values(runs, test, setting, key)
    if len(vals) < 2:
        return f"{vals[0]:.3f}"
    return f"{statistics.fmean(vals):.3f} ± {statistics.pstdev(vals):.3f}"


def cross_section(docs, lines):
    for name, doc in sorted(docs.items()):
        if not name.startswith("crosslingual_") or not doc.get("runs"):
            continue
        runs = doc["runs"]
        ep = doc.get("epochs")
        lines += [f"### {doc['recipe']}" + (" (QUICK)" if doc.get("quick") else ""), "",
                  f"Classes shared by the corpora: {', '.join(doc['classes'])}; files: " +
                  ", ".join(f"{c} {n}" for c, n in doc["n_files"].items()) +
                  f"; {doc['folds']} speaker-disjoint folds per test corpus; seeds "
                  f"{', '.join(str(r['seed']) for r in runs)}"
                  f"{' (deterministic model: one run)' if ep is None else ''}; epochs "
                  f"{ep if ep is not None else '–'}"
                  f"{epochs_label(doc['recipe'], ep) if doc.get('epochs_overridden') else ''}"
                  f"; wall time "
                  f"{minutes(doc['wall_seconds_per_seed'])}/seed + features "
                  f"{minutes(doc['feature_seconds'])}; `{name}`.", ""]
        for test in doc["corpora"]:
            lang = doc["languages"].get(test, "?")
            spread = "; MICRO and UAR mean ± std over seeds" if len(runs) > 1 else ""
            lines += [f"Test set: {test} ({lang}); recall per class, mean over seeds{spread}", "",
                      "| class | mono-lingual | multi-lingual | cross-lingual |",
                      "|---|---|---|---|"]

            for cls in doc["classes"]:
                lines.append(f"| {cls} | " + " | ".join(
                    f"{_mean(runs, test, s, 'recall', cls):.3f}"
                    for s in ("mono", "multi", "cross")) + " |")
            for metric, label in (("micro", "**MICRO** (accuracy)"), ("uar", "UAR")):
                lines.append(f"| {label} | " + " | ".join(
                    _mean_std(runs, test, s, metric) for s in ("mono", "multi", "cross")) + " |")
            lines.append("")
    if "crosslingual_opensmile-cnn.json" not in docs:
        lines += ["### opensmile-cnn (seed 003's CNN)", "",
                  "not run: compute budget¹ (eGeMAPS LLD extraction of every file of both "
                  "corpora, then 2 x (2 x folds + 1) CNN fits per seed); "
                  "`python benchmarks/cross_lingual.py --recipes opensmile-cnn` runs it.", ""]
    lines += ["Seed 003's own micro accuracies (IEMOCAP English / RECOLA French, 4 classes, "
              "for reference; different corpora, classes and split):", "",
              "| test set | mono-lingual | multi-lingual | cross-lingual |", "|---|---|---|---|"]
    for k, v in SEED003.items():
        lines.append(f"| {k} | {v['mono']:.3f} | {v['multi']:.3f} | {v['cross']:.3f} |")
    lines.append("")


def _add_load(lines, start, part):
    """Append the part's load average (1 min) as the last column of its rows."""
    load = (part or {}).get("load_average")
    text = f"{load[0]:.1f}" if load else "–"
    for i in range(start, len(lines)):
        if lines[i].startswith("| "):
            lines[i] = lines[i].rstrip() + f" {text} |"


def speed_section(docs, lines):
    doc = docs.get("speed.json")
    if not doc:
        lines += ["not run: rerun `python benchmarks/speed.py`", ""]
        return
    lines.append(f"Machine: {doc['machine']['text']}. Wall-clock times; other jobs shared "
                 "the 2 cores during these runs, so the 1-minute load average at the end of "
                 "each measurement is given with it (2 = both cores busy).")
    lines.append("")
    start = len(lines)
    f = doc.get("features")
    if f and f.get("stdout"):
        import speed  # the parser of features.py's output

        f = {**f, **{k: v for k, v in speed.parse_features(f["stdout"]).items()
                     if v is not None}}
    lines += ["| measure | value | how | load |", "|---|---|---|---|"]
    start = len(lines)
    if f and not f.get("error") and f.get("skser_audio_s_per_s"):
        lines.append(f"| 193-vector throughput, skser `SpectralMeans`, 1 job | "
                     f"{f['skser_audio_s_per_s']:.1f} audio s / s | `{f['command']}` |")
        if f.get("reference_audio_s_per_s"):
            lines.append(f"| same, naive librosa reference | {f['reference_audio_s_per_s']:.1f} "
                         f"audio s / s (skser {f['ratio']:.2f}x faster by wall time"
                         + (f", {f['ratio_cpu']:.2f}x by CPU time" if f.get("ratio_cpu") else "")
                         + f"; max rel. diff "
                         f"{f['max_rel_diff']:.1e}) | same run, {f['n_files']} EMO-DB files |")
        if f.get("speedup_2_jobs_warm"):
            lines.append(f"| `n_jobs=2` vs 1 | {f['speedup_2_jobs_warm']:.2f}x warm, "
                         f"{f['speedup_2_jobs_cold']:.2f}x cold | same run |")
        if f.get("peak_rss_mib_2_jobs"):
            lines.append(f"| peak RSS of extraction, 2 jobs | {f['peak_rss_mib_2_jobs']:.0f} MiB "
                         "| same run |")
    else:
        lines.append(f"| feature throughput | not run: {(f or {}).get('error', 'not run')} | |")
    _add_load(lines, start, doc.get("features"))
    start = len(lines)
    m = doc.get("models")
    if m and m.get("rows"):
        for r in m["rows"]:
            lines.append(f"| training, {r['model']} ({r['input']}, batch {r['batch']}, XLA "
                         f"{r['xla']}) | {r['s_per_epoch']:.3f} s/epoch (535 samples); "
                         f"wrapper/plain Keras {r['ratio']:.2f}x whole fit"
                         + (f", {r['epoch_ratio']:.2f}x per epoch ({r['plain_s_per_epoch']:.3f} "
                            "s/epoch plain)" if "epoch_ratio" in r else "")
                         + f" | `{m['command']}` |")
    else:
        lines.append(f"| training s/epoch | not run: {(m or {}).get('error', 'not run')} | |")
    _add_load(lines, start, m)
    start = len(lines)
    p = doc.get("predict")
    if p and not p.get("error"):
        lines.append(f"| `skser predict`, one {p['file_seconds']:.1f} s file, cold start | "
                     f"{p['cold_seconds']:.1f} s (median of {len(p['cold_all'])}) | "
                     f"fresh process: Python, TensorFlow, model load; {p['recipe']} |")
        lines.append(f"| same, warm (in-process `predict`) | {p['warm_seconds'] * 1000:.0f} ms "
                     f"(median of {len(p['warm_all'])}) | loaded pipeline, after one warm-up |")
    else:
        lines.append(f"| predict latency | not run: {(p or {}).get('error', 'not run')} | |")
    _add_load(lines, start, p)
    start = len(lines)
    r = doc.get("rss")
    if r and not r.get("error") and r.get("peak_rss_mb") and r.get("returncode") == 0:
        lines.append(f"| peak RSS, full EMO-DB LOSO run | {r['peak_rss_mb']:.0f} MB "
                     f"(run took {minutes(r['wall_seconds'])}) | `{r['command']}`; "
                     f"{r['note']} |")
    else:
        lines.append(f"| peak RSS of a full EMO-DB LOSO run | not run: "
                     f"{(r or {}).get('error', 'compute budget')} | |")
    _add_load(lines, start, r)
    lines.append("")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--results", default=acc.RESULTS)
    ap.add_argument("--output", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    ap.add_argument("--promote", nargs="+", metavar="FILE",
                    help=f"merge these parts files (seeds of one run, >= {MIN_SEEDS} seeds in all) "
                         "over the row's file in --results, remove them, then write the "
                         "page")
    args = ap.parse_args(argv)
    if args.promote:
        try:
            print("wrote", promote(args.promote, args.results))
        except (ValueError, OSError) as e:
            ap.error(str(e))
    docs = load_results(args.results)
    lines = [
        "# Benchmarks", "",
        "<!-- generated by benchmarks/make_tables.py from benchmarks/results/*.json; "
        "do not edit by hand -->", "",
        "Every number below was written by a script in `benchmarks/` into "
        "`benchmarks/results/*.json` and put here by `benchmarks/make_tables.py`. "
        "To reproduce (corpora under `$SKSER_DATA`; IEMOCAP, CREMA-D, TESS, SAVEE owners "
        "pass `--data-home`):", "",
        "```bash",
        "export SKSER_DATA=/path/to/corpora",
        "python benchmarks/accuracy.py --seeds 0 1 2             # all recipes x protocols",
        "python benchmarks/accuracy.py --recipes conv1d-mfcc cnn2d-image parallel-cnn",
        "python benchmarks/cross_lingual.py --seeds 0 1 2",
        "python benchmarks/learning_curve.py --recipe issa2020 --corpus emodb --epochs 400",
        "python benchmarks/speed.py",
        "python benchmarks/make_tables.py                        # -> docs/benchmarks.md",
        "```", "",
        "The exact command behind each row (including any `--epochs` reduction) is stored "
        "in its JSON file (`command`). `--quick` runs each script on a tiny subset "
        "(smoke test only; its numbers mean nothing).", "",
        "## Accuracy: seed recipes and classic baselines", "",
        "Protocols. **LOSO**: leave-one-speaker-out, speaker-independent, the same folds "
        "for every recipe (EMO-DB 10 folds, RAVDESS 24). **random 5-fold**: the seed "
        "papers do not document their split on these corpora, so we *assume* a stratified "
        "random 5-fold CV (each fold an 80/20 split, speakers shared between train and "
        "test: speaker-dependent), shuffled with the seed. WA = accuracy, UAR = mean "
        "per-class recall, pooled over the folds of a seed, then mean ± std over seeds "
        "(SVMs are deterministic: one run). Features are extracted once per corpus and "
        "cached (extractors learn nothing, so this is exact); the wall time is the "
        "training + prediction time of all folds of one seed plus the one-off extraction. "
        "Hyperparameters are the recipes' own (`skser.recipes`), never tuned on a test "
        "fold; where the epochs column says *reduced*, the recipe's epochs were lowered to "
        "fit the compute budget; *raised*: raised toward where the learning curves below "
        "(validation data drawn from the training folds, never a test fold) stop gaining, "
        "as far as the compute budget allowed; the note under a row that falls short says "
        "how far under the curve's best its epochs are.", "",
    ]
    cs = docs.get("corpus_stats.json")
    if cs:
        lines += ["Corpora as found under `$SKSER_DATA` (`corpus_stats.json`):", "",
                  "| corpus | files | speakers | classes | clip length min / mean / max | "
                  "hours |", "|---|---|---|---|---|---|"]
        for c, v in cs.items():
            lines.append(f"| {c} | {v['files']} | {v['speakers']} | {v['classes']} | "
                         f"{v['duration_min']:.2f} / {v['duration_mean']:.2f} / "
                         f"{v['duration_max']:.2f} s | {v['total_hours']:.2f} |")
        lines.append("")
        for c, v in cs.items():
            if v["duration_max"] - v["duration_min"] < 0.01:
                lines += [f"**Note:** every {c} clip here has the same length "
                          f"({v['duration_min']:.2f} s): this copy was cut/padded to a fixed "
                          "length, so longer utterances are truncated. The published numbers "
                          "were measured on the full-length recordings; expect lower "
                          "accuracy from this alone.", ""]
    machines = accuracy_section(docs, lines)
    if machines:
        lines += ["Machine: " + "; ".join(sorted(machines)) + ". No IEMOCAP here: "
                  "Issa 2020's IEMOCAP figure (64.3 %, 4 classes) and seed 000's IEMOCAP "
                  "4-class setting are not reproduced; `--corpus iemocap --data-home` runs "
                  "them for owners of the corpus. Seed 000's 4-class task is run on the "
                  "EMO-DB/RAVDESS classes anger, happiness, neutral, sadness where shown.", ""]
    learning_curve_section(docs, lines)
    lines += ["## Cross-lingual (seed 003's design on EMO-DB and RAVDESS)", "",
              "Mono-lingual: train on the test corpus' other speakers; multi-lingual: the "
              "same plus all of the other corpus; cross-lingual: train on the other corpus "
              "only. Speaker-independent in all three settings.", ""]
    cross_section(docs, lines)
    lines += ["## Speed", ""]
    speed_section(docs, lines)
    extra = sorted(glob.glob(os.path.join(args.results, "issue8_*")))
    if extra:
        lines += ["## Speaker-independent study (issue 8)", "",
                  "The search for a pipeline that beats the baselines above under LOSO is "
                  "documented by `benchmarks/speaker_independent.py` in " +
                  ", ".join(f"`benchmarks/results/{os.path.basename(e)}`" for e in extra) +
                  ". Its tables (written by that script; `speaker-norm-fusion-svm` in "
                  "`skser.recipes` is the winning row) follow, headings demoted one level.", ""]
        table = os.path.join(args.results, "issue8_speaker_independent.md")
        if os.path.exists(table):
            with open(table) as f:
                body = f.read().splitlines()
            for line in body:
                if line.startswith("# "):  # the file's own title: already the section title
                    continue
                lines.append("#" + line if line.startswith("## ") else line)
            lines.append("")
    text = "\n".join(lines).rstrip() + "\n"
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    tmp = args.output + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, args.output)
    print(f"wrote {args.output} from {len(docs)} result files")


if __name__ == "__main__":
    main()
