"""Recipes: every named pipeline builds, round-trips its parameters, and runs end to end."""

import os

import numpy as np
import pandas as pd
import pytest
import soundfile as sf
from sklearn.base import clone
from sklearn.pipeline import Pipeline

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from skser import recipes  # noqa: E402
from skser.recipes import get_recipe, list_recipes  # noqa: E402

NAMES = [
    "parallel-cnn", "conv1d-mfcc", "cnn2d-image", "opensmile-cnn", "issa2020",
    "means193-svm", "egemaps-svm", "compare-svm",
]


def test_list_recipes_records():
    records = list_recipes()
    assert [r["name"] for r in records][: len(NAMES)] == NAMES
    for r in records:
        assert set(r) == {"name", "kind", "source", "features", "description"}
        assert all(isinstance(v, str) and v for v in r.values())
        assert r["kind"] in {"cnn", "svm", "ensemble"}
    assert "Issa" in records[4]["source"] and "2020" in records[4]["source"]
    assert not any("seed 00" in r["source"] for r in records)


@pytest.mark.parametrize("name", NAMES)
def test_registry_kind_matches_the_built_classifier(name):
    last_step = get_recipe(name).steps[-1][0]
    assert last_step == recipes._RECIPES[name].kind


def test_module_docstring_table_is_generated_from_the_registry():
    assert "%(recipe_table)s" not in recipes.__doc__
    for r in list_recipes():
        assert f"``{r['name']}``" in recipes.__doc__
        assert r["source"] in recipes.__doc__
    md = recipes.recipe_table("markdown").splitlines()
    assert len(md) == 2 + len(list_recipes()) and md[2].startswith("| `parallel-cnn` |")
    with pytest.raises(ValueError, match="fmt must be"):
        recipes.recipe_table("html")


@pytest.mark.parametrize("name", NAMES)
def test_recipe_builds_and_round_trips_params(name):
    pipe = get_recipe(name)
    assert isinstance(pipe, Pipeline)
    assert pipe.steps[0][0] == "feat"
    assert pipe.steps[-1][0] in ("cnn", "svm")
    assert hasattr(pipe, "predict_proba")
    params = pipe.get_params(deep=False)
    twin = clone(pipe)
    assert twin.get_params(deep=False).keys() == params.keys()
    deep, twin_deep = pipe.get_params(), twin.get_params()
    for key, value in deep.items():
        if key != "steps" and not hasattr(value, "get_params"):  # estimators are cloned
            assert twin_deep[key] == value, key
    pipe.set_params(**{k: v for k, v in deep.items() if "__" in k})
    assert pipe.get_params().keys() == deep.keys()


def test_published_hyperparameters():
    cnn = get_recipe("parallel-cnn").named_steps["cnn"]
    assert (cnn.filters, tuple(cnn.branches), cnn.strides) == (100, ((5, 30), (10, 26)), 3)
    assert (cnn.batch_size, cnn.epochs, cnn.patience, cnn.learning_rate) == (32, 50, 15, 1e-3)
    cnn = get_recipe("conv1d-mfcc").named_steps["cnn"]
    assert (cnn.optimizer, cnn.learning_rate, cnn.batch_size, cnn.epochs) == ("sgd", 1e-4, 16, 700)
    cnn = get_recipe("opensmile-cnn").named_steps["cnn"]
    assert (cnn.batch_size, cnn.strides, cnn.dropout, cnn.epochs) == (50, 3, 0.5, 50)
    issa = get_recipe("issa2020").named_steps["cnn"]
    assert (issa.preset, issa.optimizer, issa.learning_rate) == ("emodb", "rmsprop", 1e-5)
    assert recipes.issa2020("ravdess").named_steps["cnn"].preset == "ravdess"
    assert get_recipe("compare-svm").named_steps["feat"].feature_set == "ComParE_2016"
    assert get_recipe("egemaps-svm").named_steps["svm"].estimator.kernel == "linear"
    assert get_recipe("means193-svm").named_steps["svm"].estimator.kernel == "rbf"


def test_get_recipe_applies_params():
    pipe = get_recipe("issa2020", cnn__epochs=5, cnn__preset="iemocap")
    assert pipe.named_steps["cnn"].epochs == 5
    assert pipe.named_steps["cnn"].preset == "iemocap"
    assert get_recipe("issa2020").named_steps["cnn"].epochs != 5  # fresh each call


def test_get_recipe_errors():
    with pytest.raises(ValueError, match="unknown recipe 'issa2021'; choose one of: parallel-cnn"):
        get_recipe("issa2021")
    with pytest.raises(ValueError, match="Invalid parameter"):
        get_recipe("means193-svm", svm__estimator__gamma_typo=1)


@pytest.fixture
def wav_corpus(tmp_path):
    """12 short clips at 22.05 kHz: low tones ('sadness') and bright noise ('anger')."""
    sr = 22050
    rng = np.random.default_rng(0)
    paths, labels = [], []
    t = np.arange(int(0.6 * sr)) / sr
    for i in range(6):
        tone = 0.3 * np.sin(2 * np.pi * (150 + 10 * i) * t)
        noise = 0.3 * rng.standard_normal(len(t))
        for label, wave in (("sadness", tone), ("anger", noise)):
            path = tmp_path / f"{label}_{i}.wav"
            sf.write(path, wave.astype(np.float32), sr)
            paths.append(str(path))
            labels.append(label)
    return paths, np.array(labels)


def test_issa2020_end_to_end_on_wav_files(wav_corpus):
    paths, y = wav_corpus
    pipe = get_recipe("issa2020", cnn__epochs=1, cnn__random_state=0)
    pipe.fit(paths, y)
    pred = pipe.predict(paths[:3])
    assert set(pred) <= {"anger", "sadness"}
    proba = pipe.predict_proba(pd.DataFrame({"path": paths}))
    assert proba.shape == (len(paths), 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_means193_svm_end_to_end(wav_corpus):
    paths, y = wav_corpus
    pipe = get_recipe("means193-svm").fit(pd.DataFrame({"path": paths}), y)
    assert (pipe.predict(paths) == y).mean() == 1.0  # tones vs noise: trivially separable
    np.testing.assert_allclose(pipe.predict_proba(paths).sum(axis=1), 1.0)


def test_speaker_norm_fusion_svm_registered():
    names = [r["name"] for r in list_recipes()]
    assert names[: len(NAMES)] == NAMES
    assert "speaker-norm-fusion-svm" in names
    pipe = get_recipe("speaker-norm-fusion-svm")
    assert [name for name, _ in pipe.steps] == ["features", "blocks", "svm"]
    twin = clone(pipe)
    assert twin.get_params()["svm__C"] == pipe.get_params()["svm__C"] == 3.0


def test_speaker_norm_fusion_svm_end_to_end(wav_corpus, tmp_path):
    """Two speakers, both classes each: the fused, speaker-normalized SVM separates them."""
    paths, y = wav_corpus  # ordered (sadness_i, anger_i) for i in 0..5
    speakers = np.repeat(["spk/a", "spk/b"], len(paths) // 2)
    X = pd.DataFrame({"path": paths, "speaker": speakers})
    pipe = get_recipe("speaker-norm-fusion-svm", memory=None)
    pipe.set_params(features__transformer__logmel__logmel__n_frames=60)
    pipe.fit(X, y)
    pred = pipe.predict(X)
    assert set(pred) <= {"anger", "sadness"}
    assert (pred == y).mean() == 1.0


def test_set_feature_cache_reaches_nested_extractors(tmp_path):
    from skser.features._base import AudioFeatureMixin
    from skser.recipes import set_feature_cache

    pipe = get_recipe("speaker-norm-fusion-svm")
    assert set_feature_cache(pipe, str(tmp_path)) is pipe
    extractors = [v for v in pipe.get_params(deep=True).values()
                  if isinstance(v, AudioFeatureMixin)]
    assert len(extractors) == 3  # ComParE, eGeMAPS, LogMel
    assert all(e.memory == str(tmp_path) for e in extractors)
    assert pipe.get_params()["memory"] is None  # Pipeline's own cache untouched
    issa = set_feature_cache(get_recipe("issa2020"), str(tmp_path))
    assert issa.named_steps["feat"].memory == str(tmp_path)


def test_speaker_norm_vote_end_to_end(wav_corpus):
    """Soft vote = mean of the calibrated SVM's and the CNN's probabilities; learns the task."""
    paths, y = wav_corpus
    speakers = np.repeat(["spk/a", "spk/b"], len(paths) // 2)
    X = pd.DataFrame({"path": paths, "speaker": speakers})
    vote = get_recipe(
        "speaker-norm-vote",
        svm__features__transformer__logmel__logmel__n_frames=60,
        svm__svm__cv=2,
        cnn__features__transformer__n_frames=60,
        cnn__cnn__filters=(8,), cnn__cnn__epochs=15, cnn__cnn__learning_rate=1e-2,
        cnn__cnn__random_state=0,
    )
    assert [name for name, _ in vote.estimators] == ["svm", "cnn"]
    assert clone(vote).get_params()["cnn__features__ignore_value"] == -200.0
    vote.fit(X, y)
    proba = vote.predict_proba(X)
    members = [est.predict_proba(X) for est in vote.estimators_]
    np.testing.assert_allclose(proba, np.mean(members, axis=0), rtol=1e-6)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    assert (vote.predict(X) == y).mean() >= 0.9
