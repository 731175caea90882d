"""Smoke tests: every benchmark script's ``--quick`` mode runs end to end on real data.

Quick modes use 3 speakers x 8 files per corpus, 1 epoch and one seed, so the
numbers mean nothing; the tests check that the scripts run, write their JSON and
that ``make_tables.py`` turns them into a page; ``speaker_independent.py`` prints its
table instead of writing JSON. Needs EMO-DB and RAVDESS under
``$SKSER_DATA``; about 3 minutes on 2 idle cores in all (the CNN smoke runs of
each model live in tests/models; here one 1-epoch Deep1DCNN fit per fold).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"


def _data_home():
    from skser.datasets import get_data_home

    return Path(get_data_home())


needs_data = pytest.mark.skipif(
    not ((_data_home() / "emodb").is_dir() and (_data_home() / "ravdess").is_dir()),
    reason="EMO-DB and RAVDESS not found under $SKSER_DATA",
)


def _run(script, out, *args, timeout=600):
    cmd = [sys.executable, str(BENCH / script), "--quick", "--out", str(out), *args]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                       env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert p.returncode == 0, f"{' '.join(cmd)} failed:\n{p.stdout[-2000:]}\n{p.stderr[-3000:]}"
    return p


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return tmp_path_factory.mktemp("bench")


@needs_data
def test_accuracy_quick(out):
    _run("accuracy.py", out, "--recipes", "means193-svm", "issa2020", "--corpus", "emodb",
         "--protocols", "loso")
    for recipe in ("issa2020", "means193-svm"):
        for protocol in ("loso",):
            doc = json.loads((out / f"accuracy_emodb_{recipe}_{protocol}.json").read_text())
            assert doc["quick"] and doc["n_speakers"] == 3 and doc["runs"]
            assert 0 <= doc["summary"]["uar"]["mean"] <= 100
            assert doc["machine"]["cores"] >= 1
    doc = json.loads((out / "accuracy_emodb_issa2020_loso.json").read_text())
    assert doc["epochs"] == 1 and doc["runs"][0]["n_folds"] == 3
    assert doc["runs"][0]["resumed_folds"] == 0
    # the same command again: every fold comes from the fold cache, same scores
    _run("accuracy.py", out, "--recipes", "issa2020", "--corpus", "emodb", "--protocols",
         "loso")
    again = json.loads((out / "accuracy_emodb_issa2020_loso.json").read_text())
    assert again["runs"][0]["resumed_folds"] == 3
    for key in ("wa", "uar", "per_class_recall", "fit_seconds"):
        assert again["runs"][0][key] == doc["runs"][0][key]
    assert again["runs"][0]["wall_seconds"] >= doc["runs"][0]["fit_seconds"]


@needs_data
def test_cross_lingual_quick(out):
    _run("cross_lingual.py", out, "--recipes", "egemaps-svm", "--folds", "2")
    doc = json.loads((out / "crosslingual_egemaps-svm.json").read_text())
    assert set(doc["classes"]) <= {"anger", "disgust", "fear", "happiness", "neutral",
                                   "sadness"}
    res = doc["runs"][0]["results"]
    assert set(res) == {"emodb", "ravdess"}
    assert set(res["emodb"]) == {"mono", "multi", "cross"}


@needs_data
def test_speed_quick(out):
    _run("speed.py", out)
    doc = json.loads((out / "speed.json").read_text())
    assert doc["predict"]["warm_seconds"] > 0 and doc["predict"]["cold_seconds"] > 0
    assert doc["features"]["returncode"] == 0
    assert doc["models"]["rows"], doc["models"]["stdout"]


@needs_data
def test_speaker_independent_quick():
    # no --out: this script prints its table (issue 8's results file quotes it)
    cmd = [sys.executable, str(BENCH / "speaker_independent.py"), "--quick", "--nested",
           "--vote", "--seeds", "0"]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=ROOT,
                       env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert p.returncode == 0, p.stderr[-3000:]
    assert "LOSO on emodb (" in p.stdout and "4 speakers, 4 classes" in p.stdout
    rows = [line for line in p.stdout.splitlines() if line.startswith("| ")][1:]  # no header
    labels = [r.split(" | ")[0] for r in rows]
    assert any("chosen per outer fold" in r for r in labels)  # the nested row
    assert any("speaker-norm-vote" in r for r in labels)
    assert len(rows) == 14 + 1 + 5  # SVM rows + nested + vote rows
    for r in rows:
        uar = float(r.split(" | ")[2].split(" ± ")[0])
        assert 0 <= uar <= 100


@needs_data
def test_make_tables(out):
    md = out / "benchmarks.md"
    p = subprocess.run([sys.executable, str(BENCH / "make_tables.py"), "--results", str(out),
                        "--output", str(md)], capture_output=True, text=True, cwd=ROOT)
    assert p.returncode == 0, p.stderr
    text = md.read_text()
    assert "issa2020 QUICK" in text and "not run" in text and "## Speed" in text


def test_estimated_hours_of_rows_not_run():
    # not a smoke test: the estimate formula of make_tables.py on made-up inputs
    sys.path.insert(0, str(BENCH))
    try:
        import make_tables
    finally:
        sys.path.remove(str(BENCH))
    counts = {"anger": 1000, "neutral": 440, "calm": 500}
    stats = {"ravdess": {"speakers": 24, "class_counts": counts}}
    speed = {"models": {"stdout": "input: 100 synthetic samples, 7 classes",
                        "rows": [{"model": "FeatureImageCNN", "s_per_epoch": 1.0}]}}
    docs = {"corpus_stats.json": stats, "speed.json": speed}
    epochs = make_tables.default_epochs("cnn2d-image")
    # LOSO: 24 folds x 1940 * 23/24 training files, 1/100 s per file and epoch
    hours = make_tables.estimated_hours(docs, "cnn2d-image", "ravdess", "loso")
    assert hours == pytest.approx(1940 * 23 / 100 * epochs / 3600)
    # random 5-fold: 5 folds x 80 % of the files
    hours = make_tables.estimated_hours(docs, "cnn2d-image", "ravdess", "paper")
    assert hours == pytest.approx(1940 * 4 / 100 * epochs / 3600)
    # 4-class task: only those classes' files count (anger + neutral here, not calm)
    hours = make_tables.estimated_hours(
        {**docs, "speed.json": {"models": {**speed["models"], "rows": [
            {"model": "ParallelCNN", "s_per_epoch": 1.0}]}}},
        "parallel-cnn", "ravdess", "paper")
    assert hours == pytest.approx(1440 * 4 / 100 * make_tables.default_epochs("parallel-cnn")
                                  / 3600)
    assert make_tables.estimated_hours({"corpus_stats.json": stats}, "cnn2d-image",
                                       "ravdess", "loso") is None


def test_shortfall_notes_name_a_reduced_epoch_budget():
    # a row run with --epochs below the recipe's default must say so in its shortfall
    # note, for every recipe that has one (conv1d-mfcc once lacked it); a row at or
    # above the default epochs must not
    mt = _import_bench("make_tables")
    for recipe in mt.SHORTFALL:
        d = mt.default_epochs(recipe)
        reduced = mt.shortfall_reason(recipe, "ravdess", "paper",
                                      {"epochs": 3, "epochs_overridden": True})
        assert f"; 3 epochs here, fewer than the recipe's default of {d}" in reduced, recipe
        assert "epochs here" not in mt.shortfall_reason(recipe, "ravdess", "loso", {})
        raised = mt.shortfall_reason(recipe, "ravdess", "paper",
                                     {"epochs": d + 1, "epochs_overridden": True})
        assert "epochs here" not in raised, recipe
        assert mt.shortfall_reason(recipe, "ravdess", "loso", {}).endswith(
            mt.LOSO_SHORTFALL), recipe
        assert mt.epochs_label(recipe, 3) == " (reduced)"
        assert mt.epochs_label(recipe, d) == ""
        assert mt.epochs_label(recipe, d + 1) == f" (raised from {d})"


def test_shortfall_note_reads_the_matching_learning_curve():
    # not a smoke test: the epoch clause of a shortfall note quotes the learning curve
    # of the same recipe, corpus and protocol (10-epoch trailing mean of the validation
    # UAR, mean over seeds) and says more epochs would help only when they would
    mt = _import_bench("make_tables")
    rising = [min(e, 50) / 100 for e in range(1, 101)]  # rises to 0.5 at epoch 50, flat
    curve = {"kind": "learning_curve", "protocol": "loso",
             "runs": [{"val_uar": rising}, {"val_uar": [v + 0.1 for v in rising]}]}
    docs = {"learning_curve_emodb_issa2020_loso.json": curve}
    early = mt.shortfall_reason("issa2020", "emodb", "loso",
                                {"epochs": 20, "epochs_overridden": True}, docs)
    # epochs 11-20: mean UAR (11+...+20)/10 % + 5 % (mean of the two seeds) = 20.5 %
    assert "at 20 epochs the learning curve below (first fold of LOSO" in early
    assert "is at 20.5 % validation UAR, 34.5 points under its best (55.0 % at epoch 59)" \
        in early
    assert early.endswith("more epochs would help" + mt.LOSO_SHORTFALL)
    late = mt.shortfall_reason("issa2020", "emodb", "loso", {"epochs": 80}, docs)
    assert "0.0 points under its best" in late and "more epochs would help" not in late
    beyond = mt.shortfall_reason("issa2020", "emodb", "loso", {"epochs": 300}, docs)
    assert "stops at 100 epochs, before this row's 300" in beyond
    # another protocol's curve is not used: the default-epoch rule applies
    other = mt.shortfall_reason("issa2020", "emodb", "paper",
                                {"epochs": 20, "epochs_overridden": True}, docs)
    assert "learning curve" not in other and "20 epochs here, fewer than" in other


def _accuracy_doc(epochs, seeds, wa):
    """A minimal accuracy.py result document (issa2020, RAVDESS, LOSO)."""
    runs = [{"seed": s, "wa": w, "uar": w - 0.02, "macro_f1": w - 0.03,
             "wall_seconds": 600.0} for s, w in zip(seeds, wa, strict=True)]
    mt = _import_bench("make_tables")
    return {"kind": "accuracy", "recipe": "issa2020", "corpus": "ravdess",
            "protocol": "loso", "n_files": 1440, "n_classes": 8, "epochs": epochs,
            "pipeline": f"Pipeline(epochs={epochs})", "epochs_overridden": True,
            "deterministic": False, "seeds": list(seeds), "runs": runs,
            "summary": mt.acc.summarize(runs), "wall_seconds_per_seed": 600.0,
            "feature_seconds": 10.0, "machine": {"text": "test machine"}}


def test_longer_run_under_way_is_noted_not_merged(tmp_path):
    # seeds of the same run merge; a part at other epochs (a longer run not finished)
    # must neither replace nor mix into the finished row, and its note must give its
    # own numbers
    mt = _import_bench("make_tables")
    name = "accuracy_ravdess_issa2020_loso.json"
    (tmp_path / "parts" / "a").mkdir(parents=True)
    (tmp_path / "parts" / "b").mkdir(parents=True)
    (tmp_path / name).write_text(json.dumps(_accuracy_doc(20, [0, 1], [0.30, 0.32])))
    (tmp_path / "parts" / "a" / name).write_text(json.dumps(_accuracy_doc(20, [2], [0.31])))
    (tmp_path / "parts" / "b" / name).write_text(json.dumps(_accuracy_doc(100, [0], [0.45])))
    docs = mt.load_results(str(tmp_path))
    doc = docs[name]
    assert doc["seeds"] == [0, 1, 2] and doc["epochs"] == 20
    assert doc["summary"]["wa"]["mean"] == pytest.approx(31.0)
    (paths, longer), = doc["runs_under_way"]
    assert paths == [os.path.join("parts", "b", name)] and longer["epochs"] == 100
    lines = []
    mt.accuracy_section(docs, lines)
    text = "\n".join(lines)
    row = next(line for line in lines if line.startswith("| issa2020 | 8 | LOSO"))
    assert "31.0 ± 0.8" in row and "| 20 (reduced) |" in row
    assert "a 100-epoch run is under way** (`parts/b/" in text
    assert "seed 0 finished so far, WA 45.0 %, UAR 43.0 %" in text
    assert "keeps its 20-epoch result until this run has 3 seeds" in text


def test_parts_of_one_unfinished_run_merge_with_each_other(tmp_path):
    # seeds 0 and 1-2 of one 100-epoch run in two parts/ folders are one run under
    # way (and, with 3 seeds, say so), not two notes; a 50-epoch part stays apart
    mt = _import_bench("make_tables")
    name = "accuracy_ravdess_issa2020_loso.json"
    for sub in ("b", "c", "d"):
        (tmp_path / "parts" / sub).mkdir(parents=True)
    (tmp_path / name).write_text(json.dumps(_accuracy_doc(20, [0, 1, 2], [0.3] * 3)))
    (tmp_path / "parts" / "b" / name).write_text(json.dumps(_accuracy_doc(100, [0], [0.40])))
    (tmp_path / "parts" / "c" / name).write_text(
        json.dumps(_accuracy_doc(100, [1, 2], [0.42, 0.44])))
    (tmp_path / "parts" / "d" / name).write_text(json.dumps(_accuracy_doc(50, [0], [0.35])))
    doc = mt.load_results(str(tmp_path))[name]
    assert doc["seeds"] == [0, 1, 2] and doc["epochs"] == 20
    (paths, run), (paths50, run50) = doc["runs_under_way"]
    assert paths == [os.path.join("parts", s, name) for s in ("b", "c")]
    assert run["seeds"] == [0, 1, 2] and run["epochs"] == 100
    assert run["summary"]["wa"]["mean"] == pytest.approx(42.0)
    assert run50["seeds"] == [0] and paths50 == [os.path.join("parts", "d", name)]
    note = mt.under_way_note("issa2020", "LOSO", doc)
    assert len(note) == 2
    assert "(`parts/b/" in note[0] and "`, `parts/c/" in note[0]
    assert "seeds 0, 1, 2 finished so far, WA 42.0 ± 1.6 %" in note[0]
    assert "It has 3 seeds: `make_tables.py --promote` with its files" in note[0]
    assert "per seed WA 40.0 / 42.0 / 44.0" in note[0]
    assert "a 50-epoch run is under way" in note[1]
    assert "keeps its 20-epoch result until this run has 3 seeds" in note[1]


def test_promote_merges_parts_over_the_row_and_refuses_short_or_mixed_runs(tmp_path):
    mt = _import_bench("make_tables")
    name = "accuracy_ravdess_issa2020_loso.json"
    for sub in ("b", "c", "d"):
        (tmp_path / "parts" / sub).mkdir(parents=True)
    row = tmp_path / name
    row.write_text(json.dumps(_accuracy_doc(20, [0, 1, 2], [0.3] * 3)))
    b, c, d = (tmp_path / "parts" / sub / name for sub in ("b", "c", "d"))
    b.write_text(json.dumps(_accuracy_doc(100, [0], [0.40])))
    c.write_text(json.dumps(_accuracy_doc(100, [1], [0.42])))
    d.write_text(json.dumps(_accuracy_doc(50, [2], [0.44])))
    before = row.read_text()
    with pytest.raises(ValueError, match="1 seed|2 seed"):
        mt.promote([str(b), str(c)], str(tmp_path))
    with pytest.raises(ValueError, match="not a seed of the same run"):
        mt.promote([str(b), str(c), str(d)], str(tmp_path))
    with pytest.raises(SystemExit):  # the command line says why and exits
        mt.main(["--results", str(tmp_path), "--output", str(tmp_path / "page.md"),
                 "--promote", str(b), str(c)])
    assert row.read_text() == before and b.exists() and c.exists() and d.exists()
    d.write_text(json.dumps(_accuracy_doc(100, [2], [0.44])))
    assert mt.promote([str(b), str(c), str(d)], str(tmp_path)) == str(row)
    assert not (b.exists() or c.exists() or d.exists())
    doc = mt.load_results(str(tmp_path))[name]
    assert doc["epochs"] == 100 and doc["seeds"] == [0, 1, 2]
    assert doc["summary"]["wa"]["mean"] == pytest.approx(42.0)
    assert "runs_under_way" not in doc
    assert doc["merged_from"][0] == os.path.join("parts", "b", name)


def test_vote_rows_resume_from_saved_folds(tmp_path, monkeypatch):
    # not a smoke test: the vote's per-fold probabilities are saved, and a second run
    # reuses them (no model is fitted) with the same table; stand-in members, no TF
    sys.path.insert(0, str(BENCH))
    try:
        import speaker_independent as si
    finally:
        sys.path.remove(str(BENCH))
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer

    rng = np.random.default_rng(0)
    y = np.repeat(["anger", "neutral", "sadness"], 12)
    groups = np.tile(["spk/1", "spk/2", "spk/3"], 12)
    X_fusion = pd.DataFrame(rng.normal(size=(36, 4)) + (y == "anger")[:, None],
                            columns=[f"compare__{i}" for i in range(4)])
    X_fusion.insert(0, "speaker", groups)
    frames = rng.normal(size=(36, 5))
    fits = []

    class Counted(LogisticRegression):
        epochs = 2

        def fit(self, X, y):
            fits.append(len(y))
            return super().fit(X, y)

    def fake_cnn(frames_, seed, augment=True, epochs=None):
        lookup = FunctionTransformer(lambda df: frames_[np.asarray(df["row"], dtype=int)])
        return Pipeline([("lookup", lookup), ("cnn", Counted(C=0.1 + seed))])

    def fake_svm(cols):
        return Pipeline([("drop", FunctionTransformer(lambda df: df[cols[1:]].to_numpy())),
                         ("svm", Counted())])

    monkeypatch.setattr(si, "vote_cnn", fake_cnn)
    monkeypatch.setattr(si, "vote_svm", fake_svm)
    parts = str(tmp_path / "emodb_test")
    first = si.vote_rows(X_fusion, frames, y, groups, [0, 1], lambda msg: None, parts=parts)
    n_fits = len(fits)
    # 3 folds x (SVM once for all seeds + CNN per seed + no-SpecAugment CNN)
    assert n_fits == 3 * (1 + 2 + 1)
    assert len(list(tmp_path.glob("emodb_test_*.npz"))) == 3 * (1 + 2 + 1)
    second = si.vote_rows(X_fusion, frames, y, groups, [0, 1], lambda msg: None, parts=parts)
    assert len(fits) == n_fits  # everything came from the saved folds
    assert [r[:4] for r in second] == [r[:4] for r in first]
    labels = [r[0] for r in first]
    assert len(labels) == 5 and "speaker-norm-vote" in labels[2]
    short = si.vote_rows(X_fusion, frames, y, groups, [0, 1], lambda msg: None, parts=parts,
                         ablation=False)
    assert [r[0] for r in short] == labels[:3]


def _import_bench(name):
    sys.path.insert(0, str(BENCH))
    try:
        return __import__(name)
    finally:
        sys.path.remove(str(BENCH))


def test_learning_curve_never_uses_the_outer_test_fold():
    lc = _import_bench("learning_curve")
    rng = np.random.default_rng(0)
    groups = np.repeat([f"s{i}" for i in range(10)], 12)
    y = np.tile(np.repeat(["a", "b", "c"], 4), 10)
    rng.shuffle(y)
    outer, tr, va = lc.inner_split(y, groups, "loso", seed=0)
    assert "s0" not in set(groups[outer])  # LOSO fold 0 tests the first speaker
    assert set(tr) | set(va) == set(outer) and not set(tr) & set(va)
    assert not set(groups[tr]) & set(groups[va])  # validation speakers are unseen
    assert len(set(groups[va])) == 2  # 20 % of the 9 training speakers, rounded up
    outer, tr, va = lc.inner_split(y, groups, "paper", seed=0)
    assert len(outer) == 96 and set(tr) | set(va) == set(outer) and len(va) == 20
    assert not set(tr) & set(va)
    # a curve that rises and then stays flat: the plateau starts where it stops rising
    curve = np.r_[np.linspace(0.2, 0.6, 30), np.full(50, 0.6)]
    # (a trailing mean lags the curve by up to window - 1 epochs)
    assert 28 <= lc.plateau_epoch(curve, window=5, tol=0.01) <= 34
    assert lc.plateau_epoch([0.1, 0.2], window=10) == 2
    # trailing mean: element e averages epochs max(0, e - window + 1) .. e
    v = np.random.default_rng(0).random(23)
    expected = [v[max(0, e - 4):e + 1].mean() for e in range(23)]
    np.testing.assert_allclose(lc.trailing_mean(v, window=5), expected)
    np.testing.assert_allclose(lc.trailing_mean(v[:3], window=10), np.cumsum(v[:3]) / [1, 2, 3])


@needs_data
def test_learning_curve_quick(out):
    _run("learning_curve.py", out, "--corpus", "ravdess", "--protocol", "loso")
    doc = json.loads((out / "learning_curve_ravdess_issa2020_loso.json").read_text())
    run = doc["runs"][0]
    assert doc["quick"] and doc["epochs"] == 2
    for key in ("loss", "val_loss", "train_uar", "val_uar", "val_accuracy"):
        assert len(run[key]) == 2
    assert run["n_train"] + run["n_val"] == run["n_outer_train"]
    assert 1 <= run["plateau_val_uar_epoch"] <= 2


def test_learning_curve_section_averages_seeds_at_checkpoints():
    mt = _import_bench("make_tables")
    def run(seed, offset):
        v = list(np.linspace(0.1, 0.7, 60) + offset)
        return {"seed": seed, "n_train": 80, "n_val": 20, "seconds_per_epoch": 1.0,
                "train_uar": v, "val_uar": v, "val_accuracy": v, "val_loss": v,
                "best_val_uar_epoch": 60, "plateau_val_uar_epoch": 55,
                "best_val_loss_epoch": 1}
    doc = {"kind": "learning_curve", "recipe": "issa2020", "corpus": "emodb",
           "protocol": "loso", "validation": "speakers", "n_classes": 7, "command": "x",
           "machine": {"text": "test machine"}, "runs": [run(0, 0.0), run(1, 0.1)]}
    lines = []
    mt.learning_curve_section({"learning_curve_emodb_issa2020_loso.json": doc,
                               "quick.json": {**doc, "quick": True}}, lines)
    text = "\n".join(lines)
    assert text.count("### issa2020 on emodb, first fold of LOSO") == 1
    rows = [r for r in lines if r.startswith("| ") and r[2].isdigit()]
    assert [int(r.split(" | ")[0][2:]) for r in rows] == [1, 5, 10, 20, 30, 40, 50]
    assert rows[0].split(" | ")[2] == "15.0"  # mean of 10 % and 20 % at epoch 1
    assert "plateau from epoch 55, 55" in text
    # a curve rising 0.6 over 59 epochs gains 15 epochs' worth in its last quarter
    assert "gained +15.3, +15.3 points" in text and "still rising" in text
