"""Tests of the ``skser`` command line: end to end on real EMO-DB, predict, errors."""

import io
import json
import os
import stat
import subprocess
import sys
import types
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
import pytest
import soundfile as sf
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from skser import cli
from skser.io import load_audio
from skser.persistence import FORMAT_VERSION, load_model

ROOT = Path(__file__).resolve().parents[1]


class TinyStats(TransformerMixin, BaseEstimator):
    """Stateless, fast 'extractor': 4 waveform statistics per file (paths or waveforms)."""

    def __init__(self, sr=16000):
        self.sr = sr

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        return tags

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        items = list(X["path"]) if "path" in X.columns else list(X["audio"])
        rows = []
        for it in items:
            y = load_audio(it, sr=self.sr) if isinstance(it, str) else np.asarray(it)
            zc = np.mean(np.abs(np.diff(np.sign(y)))) / 2
            rows.append([np.log(np.mean(y**2) + 1e-9), np.std(y), zc, len(y) / self.sr])
        return np.asarray(rows, dtype=np.float32)


def tiny_recipe():
    return Pipeline([("feat", TinyStats()), ("scale", StandardScaler()),
                     ("clf", LogisticRegression(max_iter=200))])


@pytest.fixture(autouse=True)
def feature_cache(tmp_path, monkeypatch):
    """Keep the evaluate command's default feature cache inside the test's tmp_path."""
    cache = tmp_path / "feature-cache"
    monkeypatch.setenv("SKSER_CACHE", str(cache))
    return cache


@pytest.fixture
def fake_recipes(monkeypatch):
    """Stand-in recipes module with one tiny, fast recipe (plus the default's name)."""
    mod = types.SimpleNamespace(
        list_recipes=lambda: [
            {"name": "tiny", "kind": "svm", "source": "test suite", "features": "4 stats",
             "description": "4 waveform stats + logistic regression"},
            {"name": "issa2020", "kind": "cnn", "source": "Issa et al. 2020",
             "features": "SpectralMeans", "description": "not used here"}],
        get_recipe=lambda name, **kw: tiny_recipe(),
        set_feature_cache=lambda pipeline, memory: pipeline,
    )
    monkeypatch.setattr(cli, "_recipes_module", lambda: mod)
    return mod


def run(argv, capsys):
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code, err, *needles):
    assert code == 2
    lines = [ln for ln in err.strip().splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("skser: error:")
    assert "Traceback" not in err
    for n in needles:
        assert n in lines[0], (n, lines[0])


# --------------------------------------------------------------------------- evaluate / train


def test_evaluate_end_to_end_real_emodb(data_home, tmp_path, capsys, fake_recipes):
    out_dir = tmp_path / "run"
    code, out, err = run(["evaluate", "--recipe", "tiny", "--dataset", "emodb",
                          "--data-home", data_home, "--quick", "--out", str(out_dir)], capsys)
    assert code == 0, err
    assert "loso folds" in err  # tqdm progress bar over folds on stderr
    for metric in ("WA", "UAR", "macro-F1"):
        assert metric in out
    assert "±" in out and "leave-one-speaker-out" in out

    data = json.loads((out_dir / "results.json").read_text())
    assert data["protocol"] == "loso" and data["seeds"] == [0]
    assert len(data["folds"]) == 4  # quick mode: 4 speakers
    assert data["params"]["metadata"]["recipe"] == "tiny"
    assert data["params"]["metadata"]["n_files"] == 32
    assert data["params"]["versions"]["scikit-learn"]
    for fold in data["folds"]:
        assert fold["test_groups"].startswith("emodb/")
    assert "| UAR |" in (out_dir / "results.md").read_text()
    assert (out_dir / "confusion_matrix.png").read_bytes()[:4] == b"\x89PNG"
    lines = (out_dir / "predictions.tsv").read_text().splitlines()
    assert len(lines) == 32
    ids = [ln.split("\t")[0] for ln in lines]
    assert all(len(i) == 7 for i in ids)  # EMO-DB stems like 03a01Fa
    assert {ln.split("\t")[1] for ln in lines} <= {
        "anger", "boredom", "disgust", "fear", "happiness", "sadness", "neutral"}
    assert len(pd.read_csv(out_dir / "predictions.csv")) == 32
    assert not [p for p in out_dir.iterdir() if p.name.startswith(".")]  # no temp files

    # a second run into the same folder is refused ...
    code, _, err = run(["evaluate", "--recipe", "tiny", "--dataset", "emodb", "--data-home",
                        data_home, "--quick", "--out", str(out_dir)], capsys)
    assert_one_line_error(code, err, str(out_dir), "--overwrite")
    # ... unless --overwrite
    code, _, err = run(["evaluate", "--recipe", "tiny", "--dataset", "emodb", "--data-home",
                        data_home, "--quick", "--protocol", "group-kfold", "--n-splits", "2",
                        "--out", str(out_dir), "--overwrite"], capsys)
    assert code == 0, err
    assert json.loads((out_dir / "results.json").read_text())["protocol"] == "group-kfold"


def test_evaluate_resume_reuses_finished_folds(data_home, tmp_path, capsys, fake_recipes):
    argv = ["evaluate", "--recipe", "tiny", "--dataset", "emodb", "--data-home", data_home,
            "--quick", "--resume", "--cache-dir", str(tmp_path / "cache"), "--out"]
    code, _, err = run([*argv, str(tmp_path / "first")], capsys)
    assert code == 0, err
    assert "0 of 4 folds resumed" in err
    code, _, err = run([*argv, str(tmp_path / "again")], capsys)
    assert code == 0, err
    assert "4 of 4 folds resumed" in err
    first, again = (json.loads((tmp_path / d / "results.json").read_text())
                    for d in ("first", "again"))
    assert again["params"]["metadata"]["resumed_folds"] == 4
    assert [f["uar"] for f in again["folds"]] == [f["uar"] for f in first["folds"]]
    assert all(f["from_cache"] for f in again["folds"])
    code, _, err = run([*argv[:-3], "--cache-dir", "none", "--out", str(tmp_path / "x")],
                       capsys)
    assert_one_line_error(code, err, "--resume", "--cache-dir")


@pytest.fixture
def trained_model(data_home, tmp_path_factory, fake_recipes):
    path = tmp_path_factory.mktemp("model") / "model.joblib"
    code = cli.main(["train", "--recipe", "tiny", "--dataset", "emodb", "--data-home",
                     data_home, "--limit", "6", "--out", str(path)])
    assert code == 0
    return path


def test_train_saves_pipeline_and_versions(trained_model, data_home, capsys):
    pipeline, info = load_model(trained_model, return_info=True)
    assert info.format_version == FORMAT_VERSION
    assert info.recipe == "tiny" and info.corpus == "emodb"
    assert info.extra["training"]["n_files"] == 60  # 10 speakers x 6
    for lib in ("skser", "numpy", "scikit-learn", "tensorflow", "keras", "librosa"):
        assert lib in info.versions
    assert len(info.classes) == 7
    assert hasattr(pipeline, "predict")
    assert joblib.load(trained_model)["format"] == "skser-model"
    capsys.readouterr()
    code, _, err = run(["train", "--recipe", "tiny", "--dataset", "emodb", "--data-home",
                        data_home, "--out", str(trained_model)], capsys)
    assert_one_line_error(code, err, "already exists", "--overwrite")
    code, _, err = run(["train", "--recipe", "tiny", "--dataset", "emodb", "--data-home",
                        data_home, "--out", str(trained_model.parent), "--overwrite"], capsys)
    assert_one_line_error(code, err, "is a directory", "model.joblib")


# --------------------------------------------------------------------------- predict


def test_predict_good_and_broken_files(trained_model, data_home, tmp_path, capsys):
    emodb = sorted((Path(data_home) / "emodb" / "wav").iterdir())[:3]
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    good = folder / "sub" / "good.wav"
    sf.write(good, load_audio(emodb[0]), 16000)
    (folder / "text.wav").write_text("this is not audio\n")
    (folder / "empty.wav").write_bytes(b"")
    (folder / "notes.txt").write_text("ignored: not an audio extension")
    code, out, err = run(["predict", str(trained_model), str(folder), str(emodb[1]),
                          str(emodb[2])], capsys)
    assert code == 1
    lines = out.strip().splitlines()
    # ids: paths relative to the folder common to all inputs, without extension
    root = Path(os.path.commonpath([folder, emodb[1]]))
    assert [ln.split("\t")[0] for ln in lines] == [
        str(p.relative_to(root).with_suffix("")) for p in (good, emodb[1], emodb[2])]
    for ln in lines:
        ident, label, conf = ln.split("\t")
        assert label in load_model(trained_model, return_info=True)[1].classes
        assert 0 < float(conf) <= 1
    assert "text.wav" in err and "empty.wav" in err and "notes.txt" not in err
    assert "empty" in err  # the reason is given
    assert "2 of 5 file(s) could not be read" in err
    assert "Traceback" not in err

    code, out, err = run(["predict", str(trained_model), str(good), "--proba"], capsys)
    assert code == 0 and err == ""
    fields = out.strip().split("\t")
    probs = dict(f.split("=") for f in fields[3:])
    assert len(probs) == 7
    assert sum(map(float, probs.values())) == pytest.approx(1, abs=0.01)

    code, out, err = run(["predict", str(trained_model), str(good),
                          str(folder / "empty.wav"), "--json"], capsys)
    assert code == 1
    data = json.loads(out)
    assert data["n_failed"] == 1
    assert data["predictions"][0]["id"] == "sub/good"  # relative to in/, common to both
    assert set(data["predictions"][0]["probabilities"]) == set(probs)


def test_predict_errors(tmp_path, capsys):
    code, _, err = run(["predict", str(tmp_path / "missing.joblib"), str(tmp_path)], capsys)
    assert_one_line_error(code, err, "missing.joblib", "does not exist")
    bad = tmp_path / "bad.joblib"
    bad.write_text("not a pickle")
    code, _, err = run(["predict", str(bad), str(tmp_path)], capsys)
    assert_one_line_error(code, err, "cannot load model", "bad.joblib", "not a joblib/pickle")
    code, _, err = run(["predict", "--model", str(tmp_path), str(tmp_path)], capsys)
    assert_one_line_error(code, err, "is a directory", "give the model file")
    assert "does not exist" not in err
    joblib.dump({"weights": [1, 2]}, bad)
    code, _, err = run(["predict", str(bad), str(tmp_path)], capsys)
    assert_one_line_error(code, err, "cannot load model", "'pipeline'")


def test_predict_older_and_mismatched_model_files(trained_model, data_home, tmp_path, capsys):
    """A format-1 model file predicts like the current one; other versions warn."""
    wav = str(sorted((Path(data_home) / "emodb" / "wav").iterdir())[0])
    code, expected, _ = run(["predict", str(trained_model), wav], capsys)
    assert code == 0
    raw = joblib.load(trained_model)
    legacy = {"skser_model": 1, "pipeline": raw["pipeline"], "classes": raw["classes"],
              "recipe": "tiny", "dataset": "emodb", "training": raw["extra"]["training"],
              "input": "frame", "versions": raw["versions"], "created": raw["created"]}
    old = tmp_path / "old.joblib"
    joblib.dump(legacy, old)
    code, out, err = run(["predict", str(old), wav], capsys)
    assert (code, out, err) == (0, expected, "")
    raw["versions"]["scikit-learn"] = "0.20.0"
    joblib.dump(raw, old)
    code, out, err = run(["predict", str(old), wav], capsys)
    assert code == 0 and out == expected
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("skser: warning: model")
    assert "scikit-learn 0.20.0" in lines[0] and "Traceback" not in err


# --------------------------------------------------------------------------- errors


def test_unknown_recipe(capsys, fake_recipes, tmp_path):
    code, _, err = run(["evaluate", "--recipe", "nope", "--dataset", "emodb",
                        "--out", str(tmp_path / "o")], capsys)
    assert_one_line_error(code, err, "unknown recipe 'nope'", "tiny")
    assert not (tmp_path / "o").exists()


def test_unknown_dataset(capsys, fake_recipes, tmp_path):
    code, _, err = run(["evaluate", "--recipe", "tiny", "--dataset", "nosuchcorpus",
                        "--out", str(tmp_path / "o")], capsys)
    assert_one_line_error(code, err, "nosuchcorpus", "emodb")


def test_missing_data_names_path(capsys, fake_recipes, tmp_path):
    home = tmp_path / "empty_home"
    home.mkdir()
    code, _, err = run(["evaluate", "--recipe", "tiny", "--dataset", "emodb", "--data-home",
                        str(home), "--out", str(tmp_path / "o")], capsys)
    assert_one_line_error(code, err, str(home))
    code, _, err = run(["train", "--recipe", "tiny", "--dataset", "ravdess", "--data-home",
                        str(home), "--out", str(tmp_path / "m.joblib")], capsys)
    assert_one_line_error(code, err, str(home))
    assert not (tmp_path / "m.joblib").exists()


def test_non_empty_out_dir(capsys, fake_recipes, tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    code, _, err = run(["evaluate", "--recipe", "tiny", "--dataset", "emodb",
                        "--out", str(out)], capsys)
    assert_one_line_error(code, err, "not empty", "--overwrite")
    assert (out / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize("argv, needle", [
    (["evaluate", "--dataset", "emodb", "--out", "x", "--protocol", "kfold"], "invalid choice"),
    (["evaluate", "--dataset", "emodb", "--out", "x", "--repeats", "0"], "positive integer"),
    (["evaluate", "--out", "x"], "--dataset"),
    (["frobnicate"], "invalid choice"),
    ([], "required"),
])
def test_bad_arguments_one_line(argv, needle, capsys):
    code, _, err = run(argv, capsys)
    assert_one_line_error(code, err, needle)


def test_recipes_and_datasets_commands(capsys, fake_recipes, data_home):
    code, out, _ = run(["recipes"], capsys)
    assert code == 0
    assert "tiny" in out and "source: test suite" in out and "issa2020" in out
    code, out, _ = run(["datasets", "--data-home", data_home], capsys)
    assert code == 0
    row = next(ln for ln in out.splitlines() if ln.startswith("emodb"))
    assert row.split()[1:4] == ["535", "10", "7"]
    row = next(ln for ln in out.splitlines() if ln.startswith("ravdess"))
    assert row.split()[1:4] == ["1440", "24", "8"]
    assert "not found" in next(ln for ln in out.splitlines() if ln.startswith("tess"))


def test_console_entry_points(tmp_path):
    """`python -m skser` and the `skser` script: help works, bad arguments give one line."""
    env = {**os.environ, "SKSER_DATA": str(tmp_path)}
    r = subprocess.run([sys.executable, "-m", "skser", "--help"], capture_output=True,
                       text=True, cwd=ROOT, env=env, timeout=120)
    assert r.returncode == 0
    for command in ("evaluate", "train", "predict", "datasets", "recipes"):
        assert command in r.stdout
    r = subprocess.run([sys.executable, "-m", "skser", "predict", str(tmp_path / "m.joblib"),
                        str(tmp_path)], capture_output=True, text=True, cwd=ROOT, env=env,
                       timeout=120)
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "does not exist" in r.stderr
    script = Path(sys.executable).with_name("skser")
    if script.exists():
        r = subprocess.run([str(script), "datasets"], capture_output=True, text=True,
                           env=env, timeout=120)
        assert r.returncode == 0 and str(tmp_path) in r.stdout


def test_real_recipe_quick(data_home, tmp_path, capsys, feature_cache):
    """With the real recipes (once they exist): the default recipe runs in --quick mode."""
    names = [r[0] for r in cli._recipe_records()]
    assert cli.DEFAULT_RECIPE in names
    out_dir = tmp_path / "run"
    code, out, err = run(["evaluate", "--dataset", "emodb", "--data-home", data_home,
                          "--quick", "--limit", "4", "--out", str(out_dir)], capsys)
    assert code == 0, err
    data = json.loads((out_dir / "results.json").read_text())
    assert data["params"]["metadata"]["recipe"] == cli.DEFAULT_RECIPE
    assert data["params"]["metadata"]["epochs"] == 1
    assert len((out_dir / "predictions.tsv").read_text().splitlines()) == 16
    # the folds shared one per-file feature cache under $SKSER_CACHE
    assert any(p.is_file() for p in feature_cache.rglob("*"))


@pytest.mark.parametrize("command", ["recipes", "datasets"])
def test_output_into_a_closed_pipe_is_not_a_traceback(command):
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "skser", command],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before anything is written (``| head -0``)
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert proc.returncode == 141


# --------------------------------------------------------------------------- corpora by name


def _write_wav(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(path, 0.3 * np.sin(2 * np.pi * 440 * np.arange(1600) / 16000), 16000)


def _row(out, name):
    return next(ln for ln in out.splitlines() if ln.split()[:1] == [name]).split()


def test_datasets_lists_song_and_savee(tmp_path, capsys):
    """Song beside speech in the Actor_NN folders, a song-only actor, and SAVEE in AudioData/."""
    for actor in (1, 2):
        for chan, emo in (("01", "05"), ("01", "07"), ("02", "05"), ("02", "03")):
            _write_wav(tmp_path / "ravdess" / f"Actor_{actor:02d}"
                       / f"03-{chan}-{emo}-01-01-01-{actor:02d}.wav")
    _write_wav(tmp_path / "ravdess_song" / "Actor_03" / "03-02-01-01-01-01-03.wav")
    for spk in ("DC", "JE", "JK", "KL"):
        for code in ("a01", "n01", "sa02"):
            _write_wav(tmp_path / "savee" / "AudioData" / spk / f"{code}.wav")
    code, out, _ = run(["datasets", "--data-home", str(tmp_path)], capsys)
    assert code == 0
    assert _row(out, "ravdess")[1:4] == ["4", "2", "2"]  # speech only: anger, disgust
    assert _row(out, "ravdess-song")[1:] == ["5", "3", "3", "anger,", "happiness,", "neutral"]
    assert _row(out, "ravdess-both")[1:4] == ["9", "3", "4"]
    assert _row(out, "savee")[1:4] == ["12", "4", "3"]
    assert _row(out, "tess")[1:] == ["-", "-", "-", "not", "found"]


def test_datasets_song_missing(tmp_path, capsys):
    _write_wav(tmp_path / "ravdess" / "Actor_01" / "03-01-05-01-01-01-01.wav")
    code, out, _ = run(["datasets", "--data-home", str(tmp_path)], capsys)
    assert code == 0
    assert _row(out, "ravdess")[1:4] == ["1", "1", "1"]
    assert "not found" in " ".join(_row(out, "ravdess-song"))
    assert "not found" in " ".join(_row(out, "ravdess-both"))


def test_datasets_real_song_and_savee(data_home, capsys):
    code, out, _ = run(["datasets", "--data-home", data_home], capsys)
    assert code == 0
    assert _row(out, "ravdess")[1:4] == ["1440", "24", "8"]
    assert _row(out, "ravdess-song")[1:4] == ["1012", "23", "6"]
    assert _row(out, "ravdess-both")[1:4] == ["2452", "24", "8"]
    assert _row(out, "savee")[1:4] == ["480", "4", "7"]


@pytest.mark.parametrize("dataset, prefix", [("ravdess-song", "ravdess/"), ("savee", "savee/")])
def test_evaluate_real_song_and_savee(dataset, prefix, data_home, tmp_path, capsys,
                                      fake_recipes):
    out_dir = tmp_path / "run"
    code, _, err = run(["evaluate", "--recipe", "tiny", "--dataset", dataset, "--data-home",
                        data_home, "--quick", "--out", str(out_dir)], capsys)
    assert code == 0, err
    data = json.loads((out_dir / "results.json").read_text())
    assert len(data["folds"]) == 4
    assert all(f["test_groups"].startswith(prefix) for f in data["folds"])
    assert len({f["test_groups"] for f in data["folds"]}) == 4


# --------------------------------------------------------------------------- bad inputs

EMODB_CODES = "WLEAFTN"  # anger, boredom, disgust, fear, happiness, sadness, neutral


def _fake_emodb(home, speakers=("03", "08", "09"), emotions=EMODB_CODES, texts=("a01", "a02")):
    """A tiny EMO-DB tree (home/emodb/wav/03a01Wa.wav ...); returns the wav folder."""
    for spk in speakers:
        for emo in emotions:
            for text in texts:
                _write_wav(home / "emodb" / "wav" / f"{spk}{text}{emo}a.wav")
    return home / "emodb" / "wav"


def _corrupt(wav, *names):
    for name in names:
        (wav / name).write_text("this is not audio\n")


def _lock(monkeypatch, locked):
    """Make os.scandir/os.listdir of ``locked`` fail as for a folder without read access."""
    real_scandir, real_listdir = os.scandir, os.listdir

    def check(path):
        if os.path.abspath(os.fspath(path)) == os.path.abspath(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))

    monkeypatch.setattr(os, "scandir", lambda path=".": check(path) or real_scandir(path))
    monkeypatch.setattr(os, "listdir", lambda path=".": check(path) or real_listdir(path))


def _case_corrupt_one(tmp, mp):
    _corrupt(_fake_emodb(tmp), "03a01Wa.wav")
    return ["train", "--out", str(tmp / "m.joblib")], ["03a01Wa.wav", "fix or remove it"]


def _case_corrupt_many(tmp, mp):
    wav = _fake_emodb(tmp)
    names = sorted(p.name for p in wav.iterdir())[:7]
    _corrupt(wav, *names)
    return (["evaluate", "--out", str(tmp / "run")],
            ["7 audio files of emodb cannot be read", *names[:5], "and 2 more"])


def _case_corrupt_many_train(tmp, mp):
    _corrupt(_fake_emodb(tmp), "03a01Wa.wav", "08a02Na.wav")
    return (["train", "--out", str(tmp / "m.joblib")],
            ["2 audio files", "03a01Wa.wav", "08a02Na.wav"])


def _case_one_class(command):
    def case(tmp, mp):
        _fake_emodb(tmp, emotions="W")
        out = "m.joblib" if command == "train" else "run"
        return [command, "--out", str(tmp / out)], ["1 class(es) (anger)", "at least 2 classes"]
    return case


def _case_negative_seed(command):
    def case(tmp, mp):
        out = "m.joblib" if command == "train" else "run"
        return ([command, "--seed", "-1", "--out", str(tmp / out)],
                ["--seed", "from 0 to", "'-1'"])
    return case


def _case_out_under_file(command):
    def case(tmp, mp):
        (tmp / "afile").write_text("a regular file")
        out = tmp / "afile" / ("m.joblib" if command == "train" else "run")
        return [command, "--out", str(out)], [str(tmp / "afile"), "a file, not a folder"]
    return case


def _case_out_read_only(command):
    def case(tmp, mp):  # root may write anywhere: a failing write stands for read-only
        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied")
        mp.setattr(cli.tempfile, "mkstemp", refuse)
        out = tmp / "ro" / ("m.joblib" if command == "train" else "run")
        return [command, "--out", str(out)], ["cannot write --out", "Permission denied"]
    return case


def _case_cache_dir_file(tmp, mp):
    (tmp / "cache").write_text("a regular file")
    return (["evaluate", "--cache-dir", str(tmp / "cache"), "--out", str(tmp / "run")],
            ["--cache-dir", str(tmp / "cache"), "is a file"])


def _case_limit_too_small(tmp, mp):
    _fake_emodb(tmp)  # 3 speakers x 7 classes: --limit 1 keeps 3 files
    return (["train", "--limit", "1", "--out", str(tmp / "m.joblib")],
            ["--limit 1 keeps 3 files", "all 7 classes", "missing:", "larger --limit"])


def _case_locked_corpus(tmp, mp):
    _lock(mp, _fake_emodb(tmp))
    return (["evaluate", "--out", str(tmp / "run")],
            ["emodb", "cannot read", "permission denied", str(tmp / "emodb" / "wav")])


# (case, whether the error must come before the corpus is even loaded)
BAD_INPUTS = {
    "train-corrupt-file": (_case_corrupt_one, False),
    "evaluate-corrupt-files": (_case_corrupt_many, False),
    "train-corrupt-files": (_case_corrupt_many_train, False),
    "train-one-class": (_case_one_class("train"), False),
    "evaluate-one-class": (_case_one_class("evaluate"), False),
    "train-negative-seed": (_case_negative_seed("train"), True),
    "evaluate-negative-seed": (_case_negative_seed("evaluate"), True),
    "train-out-under-a-file": (_case_out_under_file("train"), True),
    "evaluate-out-under-a-file": (_case_out_under_file("evaluate"), True),
    "train-out-read-only": (_case_out_read_only("train"), True),
    "evaluate-out-read-only": (_case_out_read_only("evaluate"), True),
    "evaluate-cache-dir-is-a-file": (_case_cache_dir_file, True),
    "train-limit-below-classes": (_case_limit_too_small, False),
    "evaluate-locked-corpus": (_case_locked_corpus, False),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_matrix(case, tmp_path, capsys, monkeypatch, fake_recipes):
    """Each bad input: exit status != 0, one line `skser: error: ...`, no traceback, no
    output written; argument and output-path errors come before the corpus is read."""
    make, early = BAD_INPUTS[case]
    home = tmp_path / "data"
    home.mkdir()
    argv, needles = make(home, monkeypatch)
    if early:
        def no_work(args):
            raise AssertionError("the corpus was read before the arguments were checked")
        monkeypatch.setattr(cli, "_corpus_xy", no_work)
    before = sorted(p.relative_to(home) for p in home.rglob("*"))
    argv = [argv[0], "--recipe", "tiny", "--dataset", "emodb", "--data-home", str(home),
            *argv[1:]]
    code, out, err = run(argv, capsys)
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("skser: error:") and "Traceback" not in err
    for n in needles:
        assert n in lines[0], (n, lines[0])
    assert sorted(p.relative_to(home) for p in home.rglob("*")) == before  # nothing written
    assert not (home / "m.joblib").exists() and not (home / "run").exists()


def test_train_corrupt_audio_past_the_header_is_one_line(tmp_path, capsys, fake_recipes):
    """A file whose header reads but whose samples do not fails inside fit: one line too."""
    wav = _fake_emodb(tmp_path)
    data = (wav / "03a01Wa.wav").read_bytes()
    (wav / "03a01Wa.wav").write_bytes(data[:60])  # header promises 3200 bytes, holds 16
    code, _, err = run(["train", "--recipe", "tiny", "--dataset", "emodb", "--data-home",
                        str(tmp_path), "--out", str(tmp_path / "m.joblib")], capsys)
    assert code == 2 and "Traceback" not in err
    errors = [ln for ln in err.splitlines() if ln.startswith("skser: error:")]
    assert len(errors) == 1 and "03a01Wa.wav" in errors[0], err
    assert err.strip().splitlines()[-1] == errors[0]
    assert not (tmp_path / "m.joblib").exists()


def test_limit_keeps_every_class(tmp_path, capsys, fake_recipes):
    """--limit below the number of classes spreads the files over all classes."""
    _fake_emodb(tmp_path, speakers=("03", "08", "09", "10"))
    model = tmp_path / "m.joblib"
    code, _, err = run(["train", "--recipe", "tiny", "--dataset", "emodb", "--data-home",
                        str(tmp_path), "--limit", "2", "--out", str(model)], capsys)
    assert code == 0, err
    _, info = load_model(model, return_info=True)
    assert info.extra["training"]["n_files"] == 8  # 4 speakers x 2
    assert len(info.classes) == 7  # not only anger and boredom


def test_subset_is_balanced_over_classes():
    target = np.array(list("abc") * 4)
    groups = np.repeat(["s1", "s2", "s3", "s4"], 3)
    idx = cli._subset(None, target, groups, per_speaker=2)
    assert len(idx) == 8
    assert sorted(np.unique(target[idx], return_counts=True)[1]) == [2, 3, 3]
    # each speaker's files round-robin over classes, as before
    assert list(target[cli._subset(None, target, groups, per_speaker=3)]) == list(target)


def test_outputs_respect_the_umask(tmp_path, capsys, fake_recipes):
    _fake_emodb(tmp_path)
    old = os.umask(0o022)
    try:
        code, _, err = run(["train", "--recipe", "tiny", "--dataset", "emodb", "--data-home",
                            str(tmp_path), "--out", str(tmp_path / "m.joblib")], capsys)
        assert code == 0, err
        code, _, err = run(["evaluate", "--recipe", "tiny", "--dataset", "emodb",
                            "--data-home", str(tmp_path), "--cache-dir", "none",
                            "--out", str(tmp_path / "run")], capsys)
        assert code == 0, err
    finally:
        os.umask(old)
    for path in [tmp_path / "m.joblib", *(tmp_path / "run").iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


@pytest.fixture
def fake_model(tmp_path_factory, fake_recipes):
    home = tmp_path_factory.mktemp("fake")
    _fake_emodb(home)
    path = home / "m.joblib"
    assert cli.main(["train", "--recipe", "tiny", "--dataset", "emodb", "--data-home",
                     str(home), "--out", str(path)]) == 0
    return path


def test_predict_ids_are_unique_and_tsv_reads_back(fake_model, tmp_path, capsys):
    """Two a.wav in different folders get different ids; a name with a tab and a newline
    comes back exactly through pandas."""
    names = ["x/a.wav", "y/a.wav", "odd\tname\nwith \"quotes\".wav"]
    for name in names:
        _write_wav(tmp_path / "in" / name)
    code, out, err = run(["predict", str(fake_model), str(tmp_path / "in"), "--proba"], capsys)
    assert code == 0, err
    back = pd.read_csv(io.StringIO(out), sep="\t", header=None, dtype=str,
                       keep_default_na=False)
    assert sorted(back[0]) == sorted(["x/a", "y/a", 'odd\tname\nwith "quotes"'])
    assert back.shape[1] == 3 + 7  # id, label, confidence, one field per class
    code, out, _ = run(["predict", str(fake_model), str(tmp_path / "in"), "--json"], capsys)
    assert sorted(r["id"] for r in json.loads(out)["predictions"]) == sorted(back[0])


def test_evaluate_predictions_tsv_ids_unique_and_read_back(tmp_path, capsys, fake_recipes):
    """predictions.tsv of evaluate: ids relative to the corpus folder, CSV-quoted."""
    for folder in ("anger", "neutral"):
        for name in ("a.wav", "b\tc.wav", "x/a.wav"):
            _write_wav(tmp_path / "corpus" / folder / name)
    code, _, err = run(["evaluate", "--recipe", "tiny", "--dataset",
                        str(tmp_path / "corpus"), "--protocol", "random-kfold", "--n-splits",
                        "2", "--cache-dir", "none", "--out", str(tmp_path / "run")], capsys)
    assert code == 0, err
    back = pd.read_csv(tmp_path / "run" / "predictions.tsv", sep="\t", header=None,
                       dtype=str, keep_default_na=False)
    assert sorted(back[0]) == sorted(f"{c}/{n}" for c in ("anger", "neutral")
                                     for n in ("a", "b\tc", "x/a"))


def test_predict_help_warns_model_files_are_code(capsys):
    code, out, _ = run(["predict", "--help"], capsys)
    assert code == 0
    text = " ".join(out.split())
    assert "pickle" in text and "runs code" in text and "trust" in text
    docs = " ".join((ROOT / "docs" / "cli.rst").read_text().split())
    section = docs[docs.index("``skser predict``"):docs.index("``skser datasets``")]
    assert "pickle" in section and "trust" in section


def test_datasets_says_a_locked_corpus_cannot_be_read(tmp_path, capsys, monkeypatch):
    _lock(monkeypatch, _fake_emodb(tmp_path))
    _write_wav(tmp_path / "ravdess" / "Actor_01" / "03-01-05-01-01-01-01.wav")
    code, out, _ = run(["datasets", "--data-home", str(tmp_path)], capsys)
    assert code == 0
    row = " ".join(_row(out, "emodb"))
    assert "cannot be read" in row and "permission denied" in row and "not found" not in row
    assert str(tmp_path / "emodb" / "wav") in row
    assert _row(out, "ravdess")[1:4] == ["1", "1", "1"]
    assert "not found" in " ".join(_row(out, "tess"))


# --------------------------------------------------------------------------- bundled model

BUNDLED_LABELS = {"anger", "disgust", "fear", "happiness", "neutral", "sadness", "surprise"}


def _write_tone(path, seconds=1.5, f0=200.0):
    path.parent.mkdir(parents=True, exist_ok=True)
    t = np.arange(int(seconds * 16000)) / 16000
    sf.write(path, 0.3 * np.sin(2 * np.pi * f0 * t) * (1 + 0.5 * np.sin(2 * np.pi * 4 * t)),
             16000)


def test_predict_without_a_model_uses_the_bundled_one(tmp_path, capsys):
    _write_tone(tmp_path / "in" / "a.wav")
    _write_tone(tmp_path / "in" / "sub" / "b.flac", f0=300.0)
    code, out, err = run(["predict", str(tmp_path / "in"), "--proba"], capsys)
    assert code == 0, err
    rows = [ln.split("\t") for ln in out.splitlines()]
    assert [r[0] for r in rows] == ["a", "sub/b"]
    for r in rows:
        assert r[1] in BUNDLED_LABELS and 0 < float(r[2]) <= 1
        assert {f.split("=")[0] for f in r[3:]} == BUNDLED_LABELS
    code, out, _ = run(["predict", str(tmp_path / "in" / "a.wav"), "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["model"] == "bundled"
    assert data["predictions"][0]["label"] == rows[0][1]


def test_predict_model_option_and_first_argument_agree(fake_model, tmp_path, capsys):
    _write_tone(tmp_path / "a.wav")
    code, first, err = run(["predict", str(fake_model), str(tmp_path / "a.wav")], capsys)
    assert code == 0, err
    code, option, err = run(["predict", "--model", str(fake_model), str(tmp_path / "a.wav")],
                            capsys)
    assert code == 0, err
    assert option == first and len(first.splitlines()) == 1
    code, out, _ = run(["predict", "--model", str(fake_model), str(tmp_path / "a.wav"),
                        "--json"], capsys)
    assert json.loads(out)["model"] == str(fake_model)


def test_predict_model_option_errors(tmp_path, capsys):
    _write_tone(tmp_path / "a.wav")
    code, _, err = run(["predict", "--model", str(tmp_path / "none.pkl"),
                        str(tmp_path / "a.wav")], capsys)
    assert_one_line_error(code, err, "none.pkl", "does not exist")
    code, _, err = run(["predict", str(tmp_path / "none.pkl"), str(tmp_path / "a.wav")],
                       capsys)  # a first argument ending in .pkl is a model, not audio
    assert_one_line_error(code, err, "none.pkl", "does not exist")
    code, _, err = run(["predict"], capsys)
    assert_one_line_error(code, err, "no audio files to predict")


def test_predict_about_prints_the_model_card(capsys):
    from skser.bundled import model_card

    code, out, err = run(["predict", "--about"], capsys)
    assert code == 0, err
    assert out == model_card()
    assert "CC BY-NC-SA 4.0" in out and "non-commercial" in out
    code, out, _ = run(["predict", "--help"], capsys)
    text = " ".join(out.split())
    assert "--about" in text and "--model PATH" in text and "bundled" in text


# --------------------------------------------------------------------- predict: long recordings

#: (start_s, end_s, kind) of the bursts of a 40 s recording, silence between them
LONG_BURSTS = [(1.0, 4.0, "tone"), (6.0, 8.5, "noise"), (11.0, 17.0, "tone"),
               (20.0, 23.0, "noise"), (30.0, 33.0, "tone")]


def _burst(kind, seconds, seed):
    n = int(round(seconds * 16000))
    if kind == "tone":
        return 0.4 * np.sin(2 * np.pi * (300.0 + 10 * seed) * np.arange(n) / 16000)
    return 0.15 * np.random.default_rng(seed).standard_normal(n)


def _write_recording(path, seconds=40.0, bursts=LONG_BURSTS):
    y = np.zeros(int(seconds * 16000))
    for k, (a, b, kind) in enumerate(bursts):
        seg = _burst(kind, b - a, k)
        y[int(round(a * 16000)):int(round(a * 16000)) + seg.size] = seg
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(path, y, 16000, subtype="PCM_16")
    return path


@pytest.fixture(scope="module")
def tone_noise_model(tmp_path_factory):
    """A fitted LogMel + StatsPooling + logistic regression telling tones from noise."""
    from skser.features import LogMel, StatsPooling

    X, y = [], []
    for i in range(8):
        X += [_burst("tone", 1.0 + 0.3 * i, i), _burst("noise", 1.0 + 0.3 * i, i)]
        y += ["tone", "noise"]
    pipe = Pipeline([("mel", LogMel(n_frames=300)), ("pool", StatsPooling()),
                     ("clf", LogisticRegression(max_iter=500))]).fit(X, y)
    path = tmp_path_factory.mktemp("tl-model") / "tn.joblib"
    joblib.dump(pipe, path)
    return path


def _kind_at(mid):
    return next(k for a, b, k in LONG_BURSTS if a <= mid <= b)


def test_predict_long_recording_tsv_timeline(tone_noise_model, tmp_path, capsys):
    """A 40 s file gives a header and one row per segment, each labelled by what it
    holds; a short clip in the same run is one row spanning it."""
    _write_recording(tmp_path / "in" / "meeting.wav")
    sf.write(tmp_path / "in" / "clip.wav", _burst("tone", 2.0, 3), 16000)
    code, out, err = run(["predict", str(tone_noise_model), str(tmp_path / "in")], capsys)
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out), sep="\t", keep_default_na=False)
    assert list(table.columns) == ["file", "start_s", "end_s", "label", "confidence",
                                   "proba_noise", "proba_tone"]
    assert table.iloc[0].tolist()[:4] == ["clip", 0.0, 2.0, "tone"]
    seg = table[table["file"] == "meeting"]
    assert len(seg) == 6  # one window per burst, two for the 6 s one (3 s windows)
    assert seg["start_s"].is_monotonic_increasing and (seg["end_s"] <= 40).all()
    for row in seg.itertuples():
        assert row.label == _kind_at((row.start_s + row.end_s) / 2), row
    np.testing.assert_allclose(seg[["proba_noise", "proba_tone"]].sum(axis=1), 1, atol=2e-3)


def test_predict_long_recording_csv_and_json(tone_noise_model, tmp_path, capsys):
    long = _write_recording(tmp_path / "in" / "meeting.wav")
    sf.write(tmp_path / "in" / "clip.wav", _burst("noise", 2.0, 3), 16000)
    code, out, err = run(["predict", str(tone_noise_model), str(long), "--format", "csv"],
                         capsys)
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out))
    assert table.columns[0] == "file" and len(table) == 6
    code, out, err = run(["predict", str(tone_noise_model), str(tmp_path / "in"),
                          "--format", "json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert [r["id"] for r in data["predictions"]] == ["clip"]
    assert data["predictions"][0]["label"] == "noise"
    rows = data["timeline"]
    assert len(rows) == 6 and {r["file"] for r in rows} == {"meeting"}
    assert set(rows[0]) == {"file", "start_s", "end_s", "label", "confidence",
                            "proba_noise", "proba_tone"}
    assert [r["label"] for r in rows] == [_kind_at((r["start_s"] + r["end_s"]) / 2)
                                          for r in rows]
    code, out2, _ = run(["predict", str(tone_noise_model), str(tmp_path / "in"), "--json"],
                        capsys)
    assert json.loads(out2) == data


def test_predict_plot_writes_one_png_per_long_recording(tone_noise_model, tmp_path, capsys):
    _write_recording(tmp_path / "in" / "day1" / "meeting.wav")
    sf.write(tmp_path / "in" / "clip.wav", _burst("tone", 2.0, 3), 16000)
    plots = tmp_path / "plots"
    code, _, err = run(["predict", str(tone_noise_model), str(tmp_path / "in"),
                        "--plot", str(plots)], capsys)
    assert code == 0, err
    pngs = sorted(p.relative_to(plots).as_posix() for p in plots.rglob("*.png"))
    assert pngs == ["day1/meeting.png"]
    data = (plots / "day1" / "meeting.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_predict_short_files_keep_the_per_file_output(tone_noise_model, tmp_path, capsys):
    """Clips under --long-threshold print ID<TAB>label<TAB>confidence, no header; a long
    file under a larger threshold is one such clip too."""
    sf.write(tmp_path / "a.wav", _burst("tone", 2.0, 1), 16000)
    long = _write_recording(tmp_path / "b.wav", seconds=12.0, bursts=LONG_BURSTS[:2])
    code, out, err = run(["predict", str(tone_noise_model), str(tmp_path / "a.wav")], capsys)
    assert code == 0, err
    assert out.count("\n") == 1 and out.startswith("a\ttone\t") and len(out.split("\t")) == 3
    code, out, err = run(["predict", str(tone_noise_model), str(tmp_path / "a.wav"),
                          str(long), "--long-threshold", "60"], capsys)
    assert code == 0, err
    assert [ln.split("\t")[0] for ln in out.splitlines()] == ["a", "b"]
    code, out, _ = run(["predict", str(tone_noise_model), str(tmp_path / "a.wav"),
                        "--format", "csv", "--proba"], capsys)
    assert out.startswith("a,tone,") and out.rstrip().split(",")[3:] == [
        "noise=0.000", "tone=1.000"]


def test_predict_silent_long_recording_says_so(tone_noise_model, tmp_path, capsys):
    sf.write(tmp_path / "silent.wav", np.zeros(30 * 16000), 16000)
    code, out, err = run(["predict", str(tone_noise_model), str(tmp_path / "silent.wav")],
                         capsys)
    assert code == 0
    assert out.splitlines() == ["file\tstart_s\tend_s\tlabel\tconfidence\tproba_noise\t"
                                "proba_tone"]
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "silent.wav" in lines[0] and "no speech found" in lines[0]


def test_predict_no_speaker_norm_and_window_reach_the_timeline(tone_noise_model, tmp_path,
                                                               capsys, monkeypatch):
    import skser.timeline

    seen = []
    real = skser.timeline.predict_timeline

    def spy(estimator, path, **kwargs):
        seen.append(kwargs)
        return real(estimator, path, **kwargs)

    monkeypatch.setattr(skser.timeline, "predict_timeline", spy)
    long = _write_recording(tmp_path / "m.wav")
    assert run(["predict", str(tone_noise_model), str(long)], capsys)[0] == 0
    code, out, _ = run(["predict", str(tone_noise_model), str(long), "--no-speaker-norm",
                        "--window", "2"], capsys)
    assert code == 0
    assert [(k["speaker_norm"], k["window"]) for k in seen] == [(True, 3.0), (False, 2.0)]
    table = pd.read_csv(io.StringIO(out), sep="\t")
    assert (table["end_s"] - table["start_s"]).max() <= 2.0 + 1e-3


@pytest.mark.parametrize("argv, needle", [
    (["--window", "0"], "--window: expected a number of seconds > 0"),
    (["--long-threshold", "-1"], "--long-threshold: expected a number of seconds >= 0"),
    (["--json", "--format", "csv"], "--json and --format csv disagree"),
])
def test_predict_timeline_options_bad_values(tone_noise_model, tmp_path, capsys, argv,
                                             needle):
    sf.write(tmp_path / "a.wav", _burst("tone", 1.0, 0), 16000)
    code, _, err = run(["predict", str(tone_noise_model), str(tmp_path / "a.wav"), *argv],
                       capsys)
    assert_one_line_error(code, err, needle)


def test_predict_plot_folder_under_a_file_is_refused_first(tone_noise_model, tmp_path,
                                                           capsys):
    long = _write_recording(tmp_path / "m.wav")
    (tmp_path / "f").write_text("x")
    code, out, err = run(["predict", str(tone_noise_model), str(long), "--plot",
                          str(tmp_path / "f" / "plots")], capsys)
    assert_one_line_error(code, err, "--plot", "is a file, not a folder")
    assert out == ""


def test_default_recipe_is_a_registered_recipe_that_needs_no_tensorflow():
    from skser.recipes import list_recipes

    kinds = {r["name"]: r["kind"] for r in list_recipes()}
    assert cli.DEFAULT_RECIPE in kinds and kinds[cli.DEFAULT_RECIPE] == "svm"
    for command in ("evaluate", "train"):
        args = cli.build_parser().parse_args([command, "--dataset", "emodb", "--out", "x"])
        assert args.recipe == cli.DEFAULT_RECIPE
