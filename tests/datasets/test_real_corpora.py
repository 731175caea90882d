"""EMO-DB and RAVDESS as they lie in $SKSER_DATA: exact counts, speakers, fields."""

import os

import numpy as np
import pytest

from skser.datasets import (
    fetch_emodb,
    fetch_ravdess,
    gender_emotion_target,
    load_corpus,
    restrict_to_labels,
    shared_labels,
)
from skser.io import load_audio

pytestmark = pytest.mark.slow

EMODB_COUNTS = {"anger": 127, "boredom": 81, "disgust": 46, "fear": 69, "happiness": 71,
                "sadness": 62, "neutral": 79}


@pytest.fixture(scope="module")
def emodb(data_home):
    return fetch_emodb(data_home=data_home, download_if_missing=False)


@pytest.fixture(scope="module")
def ravdess(data_home):
    return fetch_ravdess(data_home=data_home, download_if_missing=False)


def _check_bunch(bunch, n):
    assert bunch.filenames.shape == bunch.target.shape == bunch.groups.shape == (n,)
    assert bunch.filenames.dtype == bunch.target.dtype == bunch.groups.dtype == object
    assert all(os.path.isabs(p) and os.path.isfile(p) for p in bunch.filenames)
    assert list(bunch.filenames) == sorted(bunch.filenames)
    assert len(set(bunch.filenames)) == n
    frame = bunch.frame
    assert len(frame) == n
    assert frame.path.tolist() == bunch.filenames.tolist()
    assert frame.speaker.tolist() == bunch.groups.tolist()
    assert frame.emotion.tolist() == bunch.target.tolist()
    assert set(frame.gender) == {"female", "male"}
    assert bunch.target_names == sorted(set(bunch.target))


def test_emodb_counts(emodb):
    _check_bunch(emodb, 535)
    assert emodb.frame.emotion.value_counts().to_dict() == EMODB_COUNTS
    assert sorted(set(emodb.groups)) == [
        f"emodb/{s}" for s in ("03", "08", "09", "10", "11", "12", "13", "14", "15", "16")]
    genders = emodb.frame.groupby("speaker_code").gender.first().to_dict()
    assert {s for s, g in genders.items() if g == "female"} == {"08", "09", "13", "14", "16"}
    assert sorted(emodb.frame.text.unique()) == [
        "a01", "a02", "a04", "a05", "a07", "b01", "b02", "b03", "b09", "b10"]
    row = emodb.frame.set_index(emodb.frame.path.map(os.path.basename)).loc["03a01Fa.flac"]
    assert (row.emotion, row.speaker, row.gender, row.text, row.version) == (
        "happiness", "emodb/03", "male", "a01", "a")
    assert "Burkhardt" in emodb.DESCR and "535" in emodb.DESCR


def test_emodb_files_decode(emodb):
    for path in emodb.filenames[::107]:
        y = load_audio(path)
        assert y.dtype == np.float32 and 0.5 < len(y) / 16000 < 10


def test_emodb_return_X_y_and_load_corpus(emodb, data_home):
    X, y, groups = fetch_emodb(data_home=data_home, download_if_missing=False,
                               return_X_y=True)
    assert X.tolist() == emodb.filenames.tolist()
    assert y.tolist() == emodb.target.tolist() and groups.tolist() == emodb.groups.tolist()
    assert load_corpus("EMO-DB", data_home=data_home).filenames.tolist() == X.tolist()


def test_emodb_from_env(monkeypatch, data_home, emodb):
    monkeypatch.setenv("SKSER_DATA", data_home)
    assert len(fetch_emodb(download_if_missing=False).filenames) == 535


def test_ravdess_counts(ravdess):
    _check_bunch(ravdess, 1440)
    counts = ravdess.frame.emotion.value_counts().to_dict()
    assert counts == {"neutral": 96, "calm": 192, "happiness": 192, "sadness": 192,
                      "anger": 192, "fear": 192, "disgust": 192, "surprise": 192}
    assert sorted(set(ravdess.groups)) == [f"ravdess/{i:02d}" for i in range(1, 25)]
    by_actor = ravdess.frame.groupby("actor").gender.agg(set)
    for actor, genders in by_actor.items():
        assert genders == {"male" if int(actor) % 2 else "female"}
    assert (ravdess.frame.groupby("actor").size() == 60).all()
    f = ravdess.frame
    assert set(f.modality) == {"audio-only"} and set(f.vocal_channel) == {"speech"}
    assert set(f.intensity[f.emotion == "neutral"]) == {"normal"}
    assert set(f.repetition) == {1, 2} and set(f.statement_code) == {"01", "02"}
    assert "Livingstone" in ravdess.DESCR


def test_ravdess_gender_emotion_target(ravdess):
    y = gender_emotion_target(ravdess)
    assert len(set(y)) == 16
    assert (y == "female_anger").sum() == 96


def test_cross_corpus_restriction(emodb, ravdess):
    classes = shared_labels(emodb.target, ravdess.target)
    assert classes == ["anger", "disgust", "fear", "happiness", "neutral", "sadness"]
    emodb6 = restrict_to_labels(emodb, classes)
    ravdess6 = restrict_to_labels(ravdess, classes)
    assert len(emodb6.filenames) == 535 - 81
    assert len(ravdess6.filenames) == 1440 - 2 * 192
    assert emodb6.target_names == ravdess6.target_names == classes


def test_fetch_reads_only(data_home):
    def snapshot():
        return sorted((root, tuple(sorted(files)), os.stat(root).st_mtime_ns)
                      for root, _, files in os.walk(data_home))

    before = snapshot()
    fetch_emodb(data_home=data_home)  # download allowed, but the corpus is there
    fetch_ravdess(data_home=data_home)
    assert snapshot() == before
