"""fetch_ravdess on miniature trees: speech, song and both, in one tree or two."""

import os
import warnings

import pytest

from skser.datasets import CORPORA, fetch_ravdess, load_corpus
from skser.evaluation import get_splitter
from skser.exceptions import CorpusNotFoundError


def _fetch(home, vocal_channel, **kwargs):
    return fetch_ravdess(data_home=home, vocal_channel=vocal_channel,
                         download_if_missing=False, **kwargs)


def test_song_beside_speech_in_the_same_actor_folders(tmp_path, ravdess_writer):
    speech = ravdess_writer(tmp_path / "ravdess", channel="01")
    song = ravdess_writer(tmp_path / "ravdess", channel="02", ext="flac")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the other channel is left out silently
        data = {vc: _fetch(tmp_path, vc) for vc in ("speech", "song", "both")}
    assert data["speech"].filenames.tolist() == sorted(map(str, speech))
    assert set(data["speech"].frame.vocal_channel) == {"speech"}
    assert data["song"].filenames.tolist() == sorted(map(str, song))
    assert set(data["song"].frame.vocal_channel) == {"song"}
    assert data["both"].filenames.tolist() == sorted(map(str, speech + song))
    assert data["both"].frame.vocal_channel.value_counts().to_dict() == {"speech": 8,
                                                                         "song": 8}


def test_default_is_speech(tmp_path, ravdess_writer):
    ravdess_writer(tmp_path / "ravdess", channel="01")
    ravdess_writer(tmp_path / "ravdess", channel="02")
    ravdess_writer(tmp_path / "ravdess_song", channel="02", actors=(3,))
    data = fetch_ravdess(data_home=tmp_path, download_if_missing=False)
    assert len(data.filenames) == 8 and set(data.frame.vocal_channel) == {"speech"}


def test_song_only_tree(tmp_path, ravdess_writer):
    song = ravdess_writer(tmp_path / "ravdess_song", channel="02", actors=(1, 2, 19))
    data = _fetch(tmp_path, "song")
    assert data.filenames.tolist() == sorted(map(str, song))
    assert sorted(set(data.groups)) == ["ravdess/01", "ravdess/02", "ravdess/19"]
    assert data.frame.gender.tolist()[:4] == ["male"] * 4
    assert sorted(set(data.target)) == ["anger", "neutral"]
    assert "Livingstone" in data.DESCR and "song" in data.DESCR
    X, y, groups = _fetch(tmp_path, "song", return_X_y=True)
    assert X.tolist() == data.filenames.tolist() and groups.tolist() == data.groups.tolist()
    for vc in ("speech", "both"):  # speech is missing: named, not replaced by song
        with pytest.raises(CorpusNotFoundError, match=r"RAVDESS not found in '.*ravdess'"):
            _fetch(tmp_path, vc)


def test_two_trees_read_each_recording_once(tmp_path, ravdess_writer):
    speech = ravdess_writer(tmp_path / "ravdess", channel="01")
    song = ravdess_writer(tmp_path / "ravdess_song", channel="02")
    # the song zip also unpacked into the speech folders, as .wav beside the .flac copies
    ravdess_writer(tmp_path / "ravdess", channel="02", actors=(1,), ext="flac")
    # a speech file that strayed into the song tree
    stray = ravdess_writer(tmp_path / "ravdess_song", channel="01", actors=(2,),
                           emotions=("03",))
    with pytest.warns(UserWarning, match=r"RAVDESS: skipped 6 file") as record:
        data = _fetch(tmp_path, "both")
    msg = str(record[0].message)
    assert "duplicate of " + os.path.join("ravdess_song", "Actor_01", "03-02-") in msg
    assert "speech file (vocal channel 01) in the song folder ravdess_song" in msg
    assert data.filenames.tolist() == sorted(map(str, speech + song))
    assert len(set(os.path.basename(p) for p in data.filenames)) == len(data.filenames)
    assert str(stray[0]) not in data.filenames
    with pytest.warns(UserWarning, match="skipped 6 file"):
        assert _fetch(tmp_path, "song").filenames.tolist() == sorted(map(str, song))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the song tree is not read for speech
        assert _fetch(tmp_path, "speech").filenames.tolist() == sorted(map(str, speech))


def test_both_keeps_an_actor_in_one_group(tmp_path, ravdess_writer):
    ravdess_writer(tmp_path / "ravdess", channel="01", actors=(1, 2, 3))
    ravdess_writer(tmp_path / "ravdess_song", channel="02", actors=(1, 2, 3))
    data = _fetch(tmp_path, "both")
    assert sorted(set(data.groups)) == ["ravdess/01", "ravdess/02", "ravdess/03"]
    for train, test in get_splitter("loso").split(data.filenames, data.target, data.groups):
        assert not set(data.groups[train]) & set(data.groups[test])
        assert set(data.frame.vocal_channel[test]) == {"speech", "song"}


@pytest.mark.parametrize("vocal_channel", ["song", "both"])
def test_missing_song_tree(tmp_path, ravdess_writer, vocal_channel):
    ravdess_writer(tmp_path / "ravdess", channel="01")
    with pytest.raises(CorpusNotFoundError) as info:
        _fetch(tmp_path, vocal_channel)
    msg = str(info.value)
    assert msg.startswith(f"RAVDESS song not found in '{tmp_path / 'ravdess_song'}'")
    assert "no Actor_18" in msg and str(tmp_path / "ravdess") in msg
    assert "SKSER_DATA" in msg and "download_if_missing=True" in msg
    assert isinstance(info.value, FileNotFoundError)


def test_nothing_there(tmp_path):
    with pytest.raises(CorpusNotFoundError, match="RAVDESS song not found"):
        _fetch(tmp_path / "nowhere", "song")
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("value", ["sung", "Song", None, 2])
def test_invalid_vocal_channel(tmp_path, value):
    with pytest.raises(ValueError, match=r"'vocal_channel' parameter of fetch_ravdess"):
        fetch_ravdess(data_home=tmp_path, vocal_channel=value)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("name, vocal_channel", [
    ("ravdess", "speech"), ("RAVDESS-speech", "speech"), ("ravdess-song", "song"),
    ("ravdess_song", "song"), ("RAVDESS song", "song"), ("ravdess-both", "both"),
])
def test_load_corpus_names(tmp_path, ravdess_writer, name, vocal_channel):
    ravdess_writer(tmp_path / "ravdess", channel="01")
    ravdess_writer(tmp_path / "ravdess_song", channel="02", actors=(3,))
    data = load_corpus(name, data_home=tmp_path)
    expected = {"speech": {"speech"}, "song": {"song"}, "both": {"speech", "song"}}
    assert set(data.frame.vocal_channel) == expected[vocal_channel]
    assert "ravdess-song" in CORPORA and "ravdess-both" in CORPORA
