"""Tests of skser.bundled: the shipped default model, its card, and compressed model files."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import joblib
import numpy as np
import pytest
import soundfile as sf
from sklearn.linear_model import LogisticRegression
from sklearn.utils._param_validation import InvalidParameterError

from skser import bundled
from skser.exceptions import ModelNotFoundError
from skser.persistence import load_model, save_model

ROOT = Path(__file__).resolve().parents[1]
LABELS = ["anger", "disgust", "fear", "happiness", "neutral", "sadness", "surprise"]
MODEL = ROOT / "skser" / "bundled" / bundled.MODEL_FILE
CARD = ROOT / "skser" / "bundled" / bundled.CARD_FILE


def test_files_are_shipped_and_small():
    assert MODEL.is_file() and CARD.is_file()
    assert MODEL.stat().st_size < 5_000_000  # a few MB at most: it is in every install
    pyproject = (ROOT / "pyproject.toml").read_text()
    package_data = pyproject[pyproject.index("[tool.setuptools.package-data]"):]
    assert '"skser.bundled" = ["*.joblib", "*.md"]' in package_data.split("\n[")[0]


def test_default_model_loads_with_its_card_data():
    model, info = bundled.load_default_model(return_info=True)
    assert list(model.classes_) == LABELS
    assert info.classes == LABELS and info.corpus == "emodb+ravdess+ravdess-song+savee"
    assert info.extra["labels"] == LABELS and info.extra["merged"] == {"calm": "neutral"}
    assert "non-commercial" in info.extra["licence"]
    assert {r["test_corpus"] for r in info.extra["loco"]} == {
        "emodb", "ravdess", "ravdess-song", "savee"}
    assert hasattr(model, "predict_proba")


def test_card_says_licence_labels_protocol_and_limits():
    card = bundled.model_card()
    assert card == CARD.read_text(encoding="utf-8")
    text = " ".join(card.split())
    for needle in ("CC BY-NC-SA 4.0", "non-commercial", "leave-one-corpus-out", "UAR",
                   "Known limits", "Acted speech", "German", "calm", "boredom",
                   "python benchmarks/bundled_model.py"):
        assert needle in text, needle
    for label in LABELS:
        assert f"`{label}`" in text
    results = json.loads((ROOT / "benchmarks" / "results" / "bundled_model_loco.json")
                         .read_text())
    _, info = bundled.load_default_model(return_info=True)
    assert results["chosen"] == info.recipe and f"`{info.recipe}`" in text
    for row in info.extra["loco"]:  # the card's table is the result file's
        assert f"{100 * row['uar']:.1f}" in text


def test_missing_files_raise_model_not_found(monkeypatch, tmp_path):
    from skser.bundled import _default

    monkeypatch.setattr(_default, "_resource", lambda name: tmp_path / name)
    with pytest.raises(ModelNotFoundError, match="default_model.joblib.*missing"):
        bundled.load_default_model()
    with pytest.raises(ModelNotFoundError, match="MODEL_CARD.md.*missing"):
        bundled.model_card()


def test_predicts_a_tone_without_tensorflow(tmp_path):
    """In a new process: the bundled model labels a synthetic file with one of its seven
    classes, from Python and from `skser predict`, and TensorFlow is never imported."""
    wav = tmp_path / "tone.wav"
    t = np.arange(32000) / 16000
    sf.write(wav, 0.3 * np.sin(2 * np.pi * 220 * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t)),
             16000)
    code = textwrap.dedent(f"""
        import sys
        import pandas as pd
        from skser import cli
        from skser.bundled import load_default_model
        model, info = load_default_model(return_info=True)
        X = (pd.DataFrame({{"path": [{str(wav)!r}], "speaker": ["x"]}})
             if info.extra["speaker_normalized"] else [{str(wav)!r}])
        print("python", model.predict(X)[0])
        assert cli.main(["predict", {str(wav)!r}]) == 0
        print("tensorflow" in sys.modules, "keras" in sys.modules)
    """)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert lines[0].split()[0] == "python" and lines[0].split()[1] in LABELS
    tsv = lines[1].split("\t")
    assert tsv[0] == "tone" and tsv[1] == lines[0].split()[1] and 0 < float(tsv[2]) <= 1
    assert lines[2] == "False False", "TensorFlow/Keras imported for the bundled model"


# --------------------------------------------------------------------------- compress option


def test_save_model_compress_round_trips_smaller(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 50))
    y = np.where(X[:, 0] > 0, "anger", "sadness")
    clf = LogisticRegression().fit(X, y)
    clf.padding_ = np.zeros(100_000)  # something compressible
    plain = save_model(clf, tmp_path / "plain.joblib")
    small = save_model(clf, tmp_path / "small.joblib", compress=3)
    assert small.stat().st_size < plain.stat().st_size / 10
    np.testing.assert_array_equal(load_model(small).predict_proba(X), clf.predict_proba(X))
    assert joblib.load(small)["format"] == "skser-model"
    with pytest.raises(InvalidParameterError, match="compress"):
        save_model(clf, tmp_path / "bad.joblib", compress=10)


def test_default_model_warns_only_when_scikit_learn_differs(monkeypatch):
    import warnings

    from skser import persistence
    from skser.bundled import load_default_model
    from skser.exceptions import ModelVersionWarning

    _, info = load_default_model(return_info=True)
    saved = {k: v for k, v in info.versions.items() if v is not None}
    other = {**persistence.installed_versions(), **saved, "numpy": "0.0.1"}
    monkeypatch.setattr(persistence, "installed_versions", lambda: other)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ModelVersionWarning)
        load_default_model()  # numpy differs: no warning
    other = {**other, "numpy": saved.get("numpy", "0.0.1"), "scikit-learn": "0.1"}
    with pytest.warns(ModelVersionWarning, match="scikit-learn"):
        load_default_model()
