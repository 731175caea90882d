"""Tests of skser.persistence: round trip, file format, every error path, older files."""

import importlib
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import joblib
import numpy as np
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from skser import __version__
from skser.exceptions import (
    ModelFileError,
    ModelNotFoundError,
    ModelVersionWarning,
    OutputExistsError,
    SkserError,
)
from skser.persistence import FORMAT_VERSION, ModelInfo, load_model, save_model

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = np.where(X[:, 0] + 0.3 * X[:, 1] > 0, "anger", "sadness")
    return X, y


@pytest.fixture
def fitted(data):
    X, y = data
    return Pipeline([("scale", StandardScaler()),
                     ("clf", LogisticRegression())]).fit(X, y)


@pytest.fixture
def saved(fitted, tmp_path):
    return save_model(fitted, tmp_path / "model.joblib", recipe="tiny", corpus="emodb",
                      extra={"training": {"n_files": 60, "seed": 0}})


def _legacy_dict(pipeline):
    """A format-1 model file: ``skser_model: 1``, ``dataset``, ``training``, no ``format``."""
    return {
        "skser_model": 1,
        "pipeline": pipeline,
        "classes": ["anger", "sadness"],
        "recipe": "tiny",
        "dataset": "emodb",
        "training": {"dataset": "emodb", "n_files": 60, "epochs": None, "seed": 0,
                     "fit_time_s": 0.1},
        "input": "frame",
        "versions": {"python": sys.version.split()[0], "skser": __version__},
        "created": "2026-01-01T00:00:00+00:00",
    }


# --------------------------------------------------------------------------- round trip


def test_round_trip_keeps_predictions_and_metadata(fitted, saved, data):
    X, _ = data
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # same versions: no warning
        model, info = load_model(saved, return_info=True)
    np.testing.assert_array_equal(model.predict(X), fitted.predict(X))
    np.testing.assert_allclose(model.predict_proba(X), fitted.predict_proba(X))
    assert isinstance(info, ModelInfo)
    assert info.format_version == FORMAT_VERSION
    assert info.recipe == "tiny" and info.corpus == "emodb"
    assert info.classes == ["anger", "sadness"]  # taken from classes_
    assert info.extra == {"training": {"n_files": 60, "seed": 0}}
    assert info.skser_version == __version__
    assert info.path == str(saved) and info.created.endswith("+00:00")
    assert isinstance(load_model(str(saved)), Pipeline)  # return_info=False: estimator only
    assert [p.name for p in saved.parent.iterdir()] == ["model.joblib"]  # no temp file left


def test_file_format_is_a_documented_dictionary(saved):
    raw = joblib.load(saved)
    assert set(raw) == {"format", "format_version", "skser_version", "versions", "created",
                        "recipe", "corpus", "classes", "extra", "pipeline"}
    assert raw["format"] == "skser-model" and raw["format_version"] == FORMAT_VERSION
    for lib in ("python", "skser", "numpy", "scikit-learn", "librosa", "tensorflow", "keras"):
        assert lib in raw["versions"]
    assert raw["versions"]["scikit-learn"] == importlib.metadata.version("scikit-learn")


def test_loads_in_a_new_process(saved, data):
    X, _ = data
    code = textwrap.dedent(f"""
        import numpy as np
        from skser.persistence import load_model
        print(" ".join(load_model({str(saved)!r}).predict(np.asarray({X[:5].tolist()!r}))))
    """)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == list(load_model(saved).predict(X[:5]))


def test_explicit_classes_and_corpus_path(fitted, tmp_path):
    path = save_model(fitted, tmp_path / "sub" / "m.joblib", corpus=tmp_path,
                      classes=np.array(["anger", "sadness"]))
    _, info = load_model(path, return_info=True)
    assert info.corpus == str(tmp_path) and info.classes == ["anger", "sadness"]
    assert info.recipe is None and info.extra == {}


# --------------------------------------------------------------------------- saving errors


def test_save_refuses_to_overwrite_unless_asked(fitted, saved):
    before = saved.read_bytes()
    with pytest.raises(OutputExistsError, match=r"model\.joblib' already exists.*overwrite"):
        save_model(fitted, saved)
    assert saved.read_bytes() == before
    save_model(fitted, saved, recipe="other", overwrite=True)
    assert load_model(saved, return_info=True)[1].recipe == "other"


def test_save_errors(fitted, tmp_path):
    with pytest.raises(OutputExistsError, match="is a directory.*file name"):
        save_model(fitted, tmp_path)
    with pytest.raises(NotFittedError, match="not fitted"):
        save_model(LogisticRegression(), tmp_path / "m.joblib")
    with pytest.raises(ValueError, match="'extra' parameter"):
        save_model(fitted, tmp_path / "m.joblib", extra=["not", "a", "dict"])
    assert not list(tmp_path.iterdir())


def test_failed_write_leaves_no_file(tmp_path, monkeypatch, fitted):
    def broken_dump(obj, f):
        f.write(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(joblib, "dump", broken_dump)
    with pytest.raises(OSError, match="disk full"):
        save_model(fitted, tmp_path / "m.joblib")
    assert not list(tmp_path.iterdir())


# --------------------------------------------------------------------------- loading errors


def test_missing_file(tmp_path):
    with pytest.raises(ModelNotFoundError, match=r"'.*nothing\.joblib' does not exist"):
        load_model(tmp_path / "nothing.joblib")
    assert issubclass(ModelNotFoundError, FileNotFoundError)


def test_directory(tmp_path):
    with pytest.raises(ModelFileError, match="is a directory; give the model file"):
        load_model(tmp_path)


@pytest.mark.parametrize("content, needle", [
    (b"this is not a pickle\n", "not a joblib/pickle file"),
    (bytes(range(256)), "not a joblib/pickle file"),
    (b"", "truncated or damaged"),
])
def test_not_a_pickle(tmp_path, content, needle):
    path = tmp_path / "bad.joblib"
    path.write_bytes(content)
    with pytest.raises(ModelFileError, match=needle) as err:
        load_model(path)
    assert str(path) in str(err.value) and "\n" not in str(err.value)
    assert isinstance(err.value, ValueError) and isinstance(err.value, SkserError)


def test_truncated(saved):
    data = saved.read_bytes()
    saved.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelFileError, match=r"model\.joblib': the file is truncated"):
        load_model(saved)


@pytest.mark.parametrize("make, needle", [
    (lambda fitted: [1, 2, 3], "holds a list, not the dictionary save_model writes"),
    (lambda fitted: {"weights": [1, 2]}, r"without skser's 'format' and 'pipeline'.*'weights'"),
    (lambda fitted: {"format": "skser-model", "format_version": FORMAT_VERSION},
     "no 'pipeline' entry"),
    (lambda fitted: {"format": "skser-model", "format_version": "2", "pipeline": fitted},
     "format_version '2' is not an integer"),
    (lambda fitted: {"format": "skser-model", "format_version": FORMAT_VERSION + 1,
                     "skser_version": "9.0", "pipeline": fitted},
     rf"model format {FORMAT_VERSION + 1} \(written by skser 9.0\).*upgrade skser"),
    (lambda fitted: {"format": "skser-model", "format_version": FORMAT_VERSION,
                     "pipeline": LogisticRegression()},
     "'pipeline' entry is an unfitted LogisticRegression"),
    (lambda fitted: {"format": "skser-model", "format_version": FORMAT_VERSION,
                     "pipeline": "svm"}, "'pipeline' entry is a str, not an estimator"),
    (lambda fitted: LogisticRegression(), "the file is an unfitted LogisticRegression"),
])
def test_wrong_content(tmp_path, fitted, make, needle):
    path = tmp_path / "model.joblib"
    joblib.dump(make(fitted), path)
    with pytest.raises(ModelFileError, match=needle) as err:
        load_model(path)
    assert f"cannot load model '{path}'" in str(err.value)


def test_bare_fitted_estimator_loads(tmp_path, fitted, data):
    path = tmp_path / "bare.joblib"
    joblib.dump(fitted, path)
    model, info = load_model(path, return_info=True)
    np.testing.assert_array_equal(model.predict(data[0]), fitted.predict(data[0]))
    assert info.format_version == 0 and info.versions == {} and info.recipe is None


# --------------------------------------------------------------------------- older files


def test_legacy_train_file_loads(tmp_path, fitted, data):
    path = tmp_path / "old.joblib"
    joblib.dump(_legacy_dict(fitted), path)
    model, info = load_model(path, return_info=True)
    np.testing.assert_array_equal(model.predict(data[0]), fitted.predict(data[0]))
    assert info.format_version == 1
    assert info.recipe == "tiny" and info.corpus == "emodb"
    assert info.classes == ["anger", "sadness"]
    assert info.extra["training"]["n_files"] == 60 and info.extra["input"] == "frame"
    assert info.created == "2026-01-01T00:00:00+00:00"


def test_legacy_file_with_vanished_code_must_be_retrained(tmp_path, monkeypatch, data):
    """A model whose classes no longer exist fails with one line saying to retrain it."""
    module = tmp_path / "gone_extractor.py"
    module.write_text(textwrap.dedent("""
        from sklearn.base import BaseEstimator, TransformerMixin

        class OldStats(TransformerMixin, BaseEstimator):
            def fit(self, X, y=None):
                self.n_features_in_ = X.shape[1]
                return self

            def transform(self, X):
                return X
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    old = importlib.import_module("gone_extractor")
    X, y = data
    pipe = Pipeline([("old", old.OldStats()), ("clf", LogisticRegression())]).fit(X, y)
    path = tmp_path / "old.joblib"
    joblib.dump(_legacy_dict(pipe), path)
    module.unlink()
    monkeypatch.delitem(sys.modules, "gone_extractor")
    importlib.invalidate_caches()
    with pytest.raises(ModelFileError, match=r"gone_extractor.*must be retrained") as err:
        load_model(path)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


# --------------------------------------------------------------------------- versions


def test_version_mismatch_warns_naming_versions(saved, fitted):
    raw = joblib.load(saved)
    raw["skser_version"] = raw["versions"]["skser"] = "0.0.1"
    raw["versions"]["scikit-learn"] = "0.20.0"
    raw["versions"]["tensorflow"] = None  # unknown then: not compared
    joblib.dump(raw, saved)
    with pytest.warns(ModelVersionWarning, match=r"saved with skser 0\.0\.1, scikit-learn "
                      r"0\.20\.0; installed: skser \S+, scikit-learn \S+") as record:
        model, info = load_model(saved, return_info=True)
    assert issubclass(ModelVersionWarning, UserWarning)
    assert "tensorflow" not in str(record[0].message)
    assert record[0].filename == __file__  # stacklevel points at the caller
    assert info.skser_version == "0.0.1"
    assert hasattr(model, "predict")
