"""EvaluationResult: reports, prediction files and the run folder written by save()."""

import io
import json
import os
import stat
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from skser.evaluation import (
    RUN_FILES,
    EvaluationResult,
    bootstrap_ci,
    evaluate,
    write_predictions,
)
from skser.evaluation import _result as result_module


def test_result_reports_and_plots(toy, tmp_path):
    X, y, groups, frame = toy
    pipe = Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression())])
    res = evaluate(pipe, X, y, groups, metadata={"dataset": "toy"})
    assert isinstance(res, EvaluationResult)
    cols = {"id", "path", "speaker", "fold", "repeat", "y_true", "y_pred",
            "proba_anger", "proba_neutral", "proba_sadness"}
    assert cols <= set(res.predictions.columns)
    np.testing.assert_allclose(
        res.predictions[["proba_anger", "proba_neutral", "proba_sadness"]].sum(axis=1), 1)

    res.to_json(tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["protocol"] == "loso" and data["seeds"] == [0]
    assert data["params"]["metadata"] == {"dataset": "toy"}
    assert len(data["folds"]) == 6 and "test_groups" in data["folds"][0]
    assert data["summary"]["UAR"]["mean"] == pytest.approx(res.summary().loc["UAR", "mean"])
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # no temp file left

    md = res.to_markdown()
    assert "leave-one-speaker-out" in md and "| UAR |" in md and "dataset: toy" in md
    assert "UAR" in res.format_table() and "loso" in repr(res)

    fig = res.plot_confusion_matrix()
    assert isinstance(fig, matplotlib.figure.Figure)
    cm = fig.axes[0].images[0].get_array()
    np.testing.assert_allclose(np.asarray(cm).sum(axis=1), 1.0)  # normalized by true class
    np.testing.assert_allclose(cm, res.confusion_matrix("true"))
    assert res.confusion_matrix(None).sum() == len(y)
    fig2 = res.plot_folds()
    assert len(fig2.axes[0].patches) == 6
    fig.savefig(tmp_path / "cm.png")
    assert (tmp_path / "cm.png").stat().st_size > 0
    with pytest.raises(ValueError, match="'metric' parameter"):
        res.plot_folds(metric="f1")


def test_write_predictions_format(tmp_path, toy):
    path = tmp_path / "pred.tsv"
    write_predictions(path, ["/a/b/03a01Fa.wav", "03a01Wa"], ["happiness", "anger"])
    assert path.read_text() == "03a01Fa\thappiness\n03a01Wa\tanger\n"
    with pytest.raises(ValueError, match="2 ids but 1 labels"):
        write_predictions(path, ["a", "b"], ["x"])
    assert path.read_text() == "03a01Fa\thappiness\n03a01Wa\tanger\n"  # untouched on error
    assert sorted(os.listdir(tmp_path)) == ["pred.tsv"]
    X, y, groups, frame = toy
    res = evaluate(LogisticRegression(), frame[["path", "speaker"]].assign(
        f0=X[:, 0], f1=X[:, 1])[["f0", "f1"]].to_numpy(), y, groups)
    res.write_predictions(path)
    assert len(path.read_text().splitlines()) == len(y)
    with pytest.raises(ValueError, match="'path' parameter of write_predictions"):
        write_predictions(3, ["a"], ["x"])
    with pytest.raises(ValueError, match="repeat=1 but the result has 1 repeat"):
        res.write_predictions(path, repeat=1)
    with pytest.raises(ValueError, match="'repeat' parameter of "
                                         "EvaluationResult.write_predictions"):
        res.write_predictions(path, repeat=-1)
    with pytest.raises(ValueError, match="'normalize' parameter of "
                                         "EvaluationResult.confusion_matrix"):
        res.confusion_matrix("pred")


def test_write_predictions_quotes_and_reads_back(tmp_path):
    """Tabs, newlines and quotes are quoted as in CSV; pandas reads every field back."""
    path = tmp_path / "pred.tsv"
    ids = ["a\tb", "line\nbreak", 'say "hi"', "cr\rhere", "NA", " pad "]
    labels = ["anger", "neu\ttral", "sadness", "fear", "x", "y"]
    write_predictions(path, ids, labels)
    back = pd.read_csv(path, sep="\t", header=None, names=["id", "label"], dtype=str,
                       keep_default_na=False)
    assert back["id"].tolist() == ids and back["label"].tolist() == labels
    # paths become ids relative to their common folder: two a.wav stay apart
    write_predictions(path, ["/c/x/a.wav", "/c/y/a.wav", "/c/y/b.flac"], ["p", "q", "r"])
    assert path.read_text() == "x/a\tp\ny/a\tq\ny/b\tr\n"


def test_outputs_respect_the_umask(tmp_path, toy):
    """Atomic writes (mkstemp, 0o600) end with the mode a plain open() would give."""
    res = _frame_result(toy)
    old = os.umask(0o022)
    try:
        write_predictions(tmp_path / "p.tsv", ["a"], ["x"])
        res.to_json(tmp_path / "r.json")
        res.write_predictions(tmp_path / "q.tsv")
        res.save(tmp_path / "run")
        os.umask(0o077)
        write_predictions(tmp_path / "private.tsv", ["a"], ["x"])
    finally:
        os.umask(old)
    for name in ("p.tsv", "r.json", "q.tsv", *(f"run/{f}" for f in RUN_FILES)):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644, name
    assert stat.S_IMODE((tmp_path / "private.tsv").stat().st_mode) == 0o600


def _frame_result(toy, n_repeats=1):
    X, y, groups, frame = toy
    Xdf = frame[["path", "speaker"]]

    class Cols(StandardScaler):  # drop the path column inside the pipeline
        def fit(self, X, y=None):
            return super().fit(X[["f0", "f1"]].to_numpy())

        def transform(self, X):
            return super().transform(X[["f0", "f1"]].to_numpy())

    pipe = Pipeline([("cols", Cols()), ("clf", LogisticRegression())])
    Xdf = Xdf.assign(f0=X[:, 0], f1=X[:, 1])
    return evaluate(pipe, Xdf, y, n_repeats=n_repeats, metadata={"dataset": "toy"})


def test_save_writes_the_run_folder(toy, tmp_path):
    res = _frame_result(toy, n_repeats=2)
    out = tmp_path / "runs" / "toy-loso"  # parents are created
    paths = res.save(out)
    assert paths == [out / name for name in RUN_FILES]
    assert sorted(p.name for p in out.iterdir()) == sorted(RUN_FILES)
    assert RUN_FILES == ("results.json", "results.md", "confusion_matrix.png",
                         "predictions.tsv", "predictions.csv")

    assert (out / "results.json").read_text() == res.to_json() + "\n"
    data = json.loads((out / "results.json").read_text())
    assert data["params"]["metadata"] == {"dataset": "toy"} and data["seeds"] == [0, 1]
    assert data["confidence_interval"]["unit"] == "speakers"
    assert data["summary"]["UAR"]["ci_low"] == res.confidence_interval().low
    assert (out / "results.md").read_text() == res.to_markdown()

    png = (out / "confusion_matrix.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    fig = res.plot_confusion_matrix()  # the same figure, at 120 dpi
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=120)
    assert png == buf.getvalue()

    tsv = (out / "predictions.tsv").read_text().splitlines()
    first = res.predictions[res.predictions["repeat"] == 0]
    assert tsv == [f"{i}\t{p}" for i, p in zip(first["id"], first["y_pred"], strict=True)]
    # the id: the path relative to /corpus (common to every file), without extension
    assert tsv[0].split("\t")[0] == os.path.splitext(
        os.path.relpath(first["path"].iloc[0], "/corpus"))[0]

    assert (out / "predictions.csv").read_text() == res.predictions.to_csv(index=False)
    back = pd.read_csv(out / "predictions.csv")
    assert len(back) == 2 * len(toy[1]) and list(back.columns) == list(res.predictions.columns)


def test_save_refuses_a_non_empty_folder(toy, tmp_path):
    res = _frame_result(toy)
    out = tmp_path / "run"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    with pytest.raises(FileExistsError, match=r"out_dir '.*run' exists and is not empty; "
                                               r"pass overwrite=True"):
        res.save(out)
    assert sorted(os.listdir(out)) == ["notes.txt"]
    res.save(out, overwrite=True)
    assert sorted(os.listdir(out)) == sorted(["notes.txt", *RUN_FILES])
    assert (out / "notes.txt").read_text() == "keep me"
    (out / "results.md").write_text("old")
    res.save(out, overwrite=True)  # files of the same name are replaced
    assert (out / "results.md").read_text() == res.to_markdown()

    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(FileExistsError, match="is not a directory"):
        res.save(a_file, overwrite=True)
    res.save(tmp_path / "empty_dir_is_fine")
    (tmp_path / "empty").mkdir()
    res.save(tmp_path / "empty")


def test_failed_save_leaves_no_file(toy, tmp_path, monkeypatch):
    res = _frame_result(toy)
    out = tmp_path / "run"
    with monkeypatch.context() as m:  # the last file fails to render
        m.setattr(res.predictions, "to_csv", lambda **kw: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            res.save(out)
    assert not out.exists()  # rendered before anything is written

    res = _frame_result(toy)
    calls = []
    real_replace = os.replace

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(result_module.os, "replace", failing_replace)
    out.mkdir()
    with pytest.raises(OSError, match="disk full"):
        res.save(out)
    assert os.listdir(out) == []  # the files already moved are removed, no staging left


def test_save_validates_params(toy, tmp_path):
    res = _frame_result(toy)
    with pytest.raises(ValueError, match="'out_dir' parameter of EvaluationResult.save"):
        res.save(None)
    with pytest.raises(ValueError, match="'overwrite' parameter of EvaluationResult.save"):
        res.save(tmp_path, overwrite="yes")


# --------------------------------------------------------------------------- intervals


def test_confidence_interval_resamples_test_speakers(toy):
    X, y, groups, _ = toy
    res = evaluate(LogisticRegression(), X, y, groups, n_repeats=2)
    ci = res.confidence_interval()
    assert (ci.unit, ci.n_groups, ci.n_resamples, ci.confidence_level) == (
        "speakers", 6, 1000, 0.95)
    p = res.predictions  # both repeats: a speaker drawn brings its predictions of each
    expected = bootstrap_ci(p["y_true"], p["y_pred"], p["speaker"])
    assert (ci.low, ci.high, ci.point) == (expected.low, expected.high, expected.point)
    s = res.summary()
    assert ci.point == pytest.approx(s.loc["UAR", "pooled"])
    assert s.loc["UAR", "ci_low"] < s.loc["UAR", "pooled"] < s.loc["UAR", "ci_high"]
    assert (s.loc["UAR", "ci_low"], s.loc["UAR", "ci_high"]) == (ci.low, ci.high)
    wa = res.confidence_interval("wa", n_resamples=200, confidence_level=0.8, random_state=3)
    assert wa.n_resamples == 200 and wa.point == pytest.approx(s.loc["WA", "pooled"])
    assert wa.high - wa.low < s.loc["WA", "ci_high"] - s.loc["WA", "ci_low"]
    assert {"mean", "std_folds", "std_repeats", "pooled", "n_folds", "n_repeats"} <= set(s)


def test_reports_show_the_interval(toy):
    X, y, groups, _ = toy
    res = evaluate(LogisticRegression(), X, y, groups)
    ci = res.confidence_interval()
    table = res.format_table()
    assert "95 % CI" in table.splitlines()[2]
    uar_line = next(ln for ln in table.splitlines() if ln.startswith("UAR"))
    assert uar_line.endswith(f"[{100 * ci.low:.1f}, {100 * ci.high:.1f}] %")
    words = " ".join(table.split())  # the note is wrapped
    assert "percentile bootstrap" in words and "1000 resamples of the 6 test speakers" in words
    fractions = res.format_table(percent=False)
    assert f"[{ci.low:.3f}, {ci.high:.3f}]" in fractions
    md = res.to_markdown()
    assert "| pooled (%) | 95 % CI (%) |" in md
    assert f"| {100 * ci.low:.1f}–{100 * ci.high:.1f} |" in md
    assert "6 test speakers drawn with replacement" in md
    data = json.loads(res.to_json())
    intervals = data["confidence_interval"]
    assert intervals["method"] == "percentile bootstrap"
    assert (intervals["unit"], intervals["n_units"], intervals["n_resamples"],
            intervals["confidence_level"], intervals["random_state"]) == (
        "speakers", 6, 1000, 0.95, 0)
    assert intervals["metrics"]["uar"] == {"low": ci.low, "high": ci.high, "point": ci.point}
    assert set(intervals["metrics"]) == {"wa", "uar", "macro_f1"}
    assert data["summary"]["UAR"]["ci_high"] == ci.high


def test_interval_without_speaker_ids_resamples_utterances(toy):
    X, y, _, _ = toy
    res = evaluate(LogisticRegression(), X, y, protocol="random-kfold")
    ci = res.confidence_interval()
    assert (ci.unit, ci.n_groups) == ("utterances", len(y))
    assert ci.low < ci.point < ci.high
    words = " ".join(res.format_table().split())
    assert "90 test utterances" in words and "no speaker ids" in words
    assert "no speaker ids" in res.to_markdown()
    assert json.loads(res.to_json())["confidence_interval"]["unit"] == "utterances"


def test_interval_of_one_test_speaker_is_not_available(toy):
    X, y, groups, _ = toy
    res = evaluate(LogisticRegression(), X, y, groups, protocol="holdout",
                   test_groups=["toy/s02"])
    with pytest.warns(UndefinedMetricWarning, match="at least 2 of them, got 1") as rec:
        ci = res.confidence_interval()
    assert rec[0].filename == __file__
    assert np.isnan(ci.low) and np.isnan(ci.high) and ci.n_groups == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the reports say n/a without warning
        table, md, data = res.format_table(), res.to_markdown(), res.to_dict()
    assert next(ln for ln in table.splitlines() if ln.startswith("UAR")).endswith("n/a")
    assert "needs at least 2 and the test set has 1" in " ".join(table.split())
    assert "| n/a |" in md
    assert data["confidence_interval"]["metrics"]["uar"]["low"] is None
    assert data["summary"]["UAR"]["ci_low"] is None


def test_confidence_interval_validates_params(toy):
    X, y, groups, _ = toy
    res = evaluate(LogisticRegression(), X, y, groups)
    prefix = "parameter of EvaluationResult.confidence_interval"
    with pytest.raises(ValueError, match=f"'metric' {prefix}"):
        res.confidence_interval("accuracy")
    with pytest.raises(ValueError, match=f"'n_resamples' {prefix}"):
        res.confidence_interval(n_resamples=0)
    with pytest.raises(ValueError, match=f"'confidence_level' {prefix}"):
        res.confidence_interval(confidence_level=95)
    with pytest.raises(ValueError, match=f"'random_state' {prefix}"):
        res.confidence_interval(random_state="zero")
