"""EMO-DB, RAVDESS (speech, song, both) and SAVEE as they lie in $SKSER_DATA: exact counts,
speakers, fields, speaker-disjoint LOSO folds."""

import os

import numpy as np
import pytest

from skser.datasets import (
    fetch_emodb,
    fetch_ravdess,
    gender_emotion_target,
    load_corpus,
    load_savee,
    restrict_to_labels,
    shared_labels,
)
from skser.evaluation import get_splitter
from skser.io import load_audio

pytestmark = pytest.mark.slow

RAVDESS_SPEECH_COUNTS = {"neutral": 96, "calm": 192, "happiness": 192, "sadness": 192,
                         "anger": 192, "fear": 192, "disgust": 192, "surprise": 192}
RAVDESS_SONG_COUNTS = {"neutral": 92, "calm": 184, "happiness": 184, "sadness": 184,
                       "anger": 184, "fear": 184}
SAVEE_SPEAKERS = ("DC", "JE", "JK", "KL")
EMODB_COUNTS = {"anger": 127, "boredom": 81, "disgust": 46, "fear": 69, "happiness": 71,
                "sadness": 62, "neutral": 79}


@pytest.fixture(scope="module")
def emodb(data_home):
    return fetch_emodb(data_home=data_home, download_if_missing=False)


@pytest.fixture(scope="module")
def ravdess(data_home):
    return fetch_ravdess(data_home=data_home, download_if_missing=False)


@pytest.fixture(scope="module")
def ravdess_song(data_home):
    return fetch_ravdess(data_home=data_home, vocal_channel="song", download_if_missing=False)


@pytest.fixture(scope="module")
def ravdess_both(data_home):
    return fetch_ravdess(data_home=data_home, vocal_channel="both", download_if_missing=False)


@pytest.fixture(scope="module")
def savee(data_home):
    return load_corpus("savee", data_home=data_home)


def _check_loso(bunch, n_folds):
    folds = list(get_splitter("loso").split(bunch.filenames, bunch.target, bunch.groups))
    assert len(folds) == n_folds
    for train, test in folds:
        assert len(set(bunch.groups[test])) == 1
        assert not set(bunch.groups[train]) & set(bunch.groups[test])
        assert len(train) + len(test) == len(bunch.filenames)


def _check_bunch(bunch, n, genders=("female", "male")):
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
    assert set(frame.gender) == set(genders)
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
    assert ravdess.frame.emotion.value_counts().to_dict() == RAVDESS_SPEECH_COUNTS
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


def test_ravdess_song_counts(ravdess_song, data_home):
    _check_bunch(ravdess_song, 1012)
    f = ravdess_song.frame
    assert f.emotion.value_counts().to_dict() == RAVDESS_SONG_COUNTS
    assert sorted(set(ravdess_song.groups)) == [
        f"ravdess/{i:02d}" for i in range(1, 25) if i != 18]
    assert (f.groupby("actor").size() == 44).all()
    assert set(f.vocal_channel) == {"song"} and set(f.modality) == {"audio-only"}
    assert all(p.startswith(os.path.join(data_home, "ravdess_song", "Actor_"))
               for p in ravdess_song.filenames)
    assert all(os.path.basename(p).startswith("03-02-") for p in ravdess_song.filenames)
    _check_loso(ravdess_song, 23)


def test_ravdess_both_counts(ravdess_both, ravdess, ravdess_song):
    _check_bunch(ravdess_both, 2452)
    f = ravdess_both.frame
    assert f.vocal_channel.value_counts().to_dict() == {"speech": 1440, "song": 1012}
    expected = {e: RAVDESS_SPEECH_COUNTS[e] + RAVDESS_SONG_COUNTS.get(e, 0)
                for e in RAVDESS_SPEECH_COUNTS}
    assert f.emotion.value_counts().to_dict() == expected
    assert set(ravdess_both.filenames) == set(ravdess.filenames) | set(ravdess_song.filenames)
    assert len(set(ravdess_both.groups)) == 24
    _check_loso(ravdess_both, 24)


def test_ravdess_names_in_load_corpus(data_home, ravdess, ravdess_song, ravdess_both):
    for name, bunch in (("ravdess", ravdess), ("ravdess-song", ravdess_song),
                        ("ravdess-both", ravdess_both)):
        assert load_corpus(name, data_home=data_home).filenames.tolist() == (
            bunch.filenames.tolist())


def test_ravdess_speech_loso(ravdess):
    _check_loso(ravdess, 24)


def test_savee_counts(savee, data_home):
    _check_bunch(savee, 480, genders=("male",))
    f = savee.frame
    assert sorted(set(savee.groups)) == [f"savee/{s}" for s in SAVEE_SPEAKERS]
    per_speaker = f.groupby(["speaker_code", "emotion"]).size()
    for spk in SAVEE_SPEAKERS:
        assert per_speaker[spk].to_dict() == {
            "anger": 15, "disgust": 15, "fear": 15, "happiness": 15, "neutral": 30,
            "sadness": 15, "surprise": 15}
    assert f.emotion.value_counts().to_dict()["neutral"] == 120
    assert sorted(f.sentence[f.emotion == "neutral"].unique()) == list(range(1, 31))
    assert all(p.startswith(os.path.join(data_home, "savee", "AudioData") + os.sep)
               for p in savee.filenames)
    row = f.set_index(f.path.map(lambda p: os.path.relpath(p, data_home))).loc[
        os.path.join("savee", "AudioData", "DC", "sa05.flac")]
    assert (row.speaker, row.emotion, row.emotion_code, row.sentence) == (
        "savee/DC", "sadness", "sa", 5)
    assert "Haq" in savee.DESCR
    direct = load_savee(os.path.join(data_home, "savee"))
    assert direct.filenames.tolist() == savee.filenames.tolist()
    _check_loso(savee, 4)


def test_savee_files_decode(savee):
    for path in savee.filenames[::97]:
        y = load_audio(path)
        assert y.dtype == np.float32 and 0.5 < len(y) / 16000 < 15


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
    for vocal_channel in ("speech", "song", "both"):
        fetch_ravdess(data_home=data_home, vocal_channel=vocal_channel)
    load_corpus("savee", data_home=data_home)
    assert snapshot() == before
