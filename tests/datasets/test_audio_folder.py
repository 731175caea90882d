"""load_audio_folder and load_corpus on user-made trees."""

import os

import pytest

from skser.datasets import get_data_home, load_audio_folder, load_corpus
from skser.exceptions import CorpusNotFoundError


@pytest.fixture
def folder(tmp_path, tone_writer):
    root = tmp_path / "mydata"
    tone_writer(root / "Angry" / "alice_001.wav")
    tone_writer(root / "Angry" / "bob_001.flac", fmt="FLAC")
    tone_writer(root / "Angry" / "more" / "alice_002.ogg", fmt="OGG")
    tone_writer(root / "neutral" / "bob_002.wav")
    tone_writer(root / "pain" / "carol_001.wav")
    tone_writer(root / "loose.wav")  # not in a class folder
    (root / "neutral" / "notes.txt").write_text("x")
    return root


def test_load_audio_folder_with_speakers(folder):
    with pytest.warns(UserWarning, match="skipped 2 file") as record:
        data = load_audio_folder(folder, speaker_pattern=r"^(?P<speaker>[a-z]+)_")
    assert record[0].filename == __file__
    assert "loose.wav" in str(record[0].message) and "notes.txt" in str(record[0].message)
    assert "carol_001" not in str(record[0].message)
    names = [os.path.relpath(p, folder) for p in data.filenames]
    assert names == sorted(names)
    assert data.target.tolist() == ["anger", "anger", "anger", "neutral", "pain"]
    assert data.frame.label.tolist()[0] == "Angry"
    assert data.groups.tolist() == ["mydata/alice", "mydata/bob", "mydata/alice", "mydata/bob",
                                    "mydata/carol"]
    assert data.frame.gender.isna().all()
    assert data.target_names == ["anger", "neutral", "pain"]


def test_load_audio_folder_pattern_without_match_is_skipped(folder):
    with pytest.warns(UserWarning, match="does not match speaker_pattern"):
        data = load_audio_folder(folder, speaker_pattern=r"^(alice|bob)_")
    assert "carol" not in " ".join(data.filenames)


def test_load_audio_folder_without_speakers_groups_by_file(folder):
    with pytest.warns(UserWarning):
        X, y, groups = load_audio_folder(folder, return_X_y=True)
    assert len(set(groups)) == len(X) == 5
    assert groups[0] == "mydata/Angry/alice_001"


def test_load_audio_folder_missing(tmp_path):
    with pytest.raises(CorpusNotFoundError, match="one sub-folder per class"):
        load_audio_folder(tmp_path / "nope")


def test_load_corpus_dispatch(folder, tmp_path, tone_writer, monkeypatch):
    with pytest.warns(UserWarning):
        assert len(load_corpus(str(folder)).filenames) == 5
    home = tmp_path / "home"
    tone_writer(home / "tess" / "OAF_angry" / "OAF_back_angry.wav")
    tone_writer(home / "savee" / "AudioData" / "DC" / "a01.wav")
    tone_writer(home / "crema-d" / "AudioWAV" / "1001_DFA_ANG_XX.wav")
    (home / "crema-d" / "VideoDemographics.csv").write_text("ActorID,Age,Sex\n1001,51,Male\n")
    assert load_corpus("TESS", data_home=home).groups.tolist() == ["tess/OAF"]
    assert load_corpus("savee", data_home=home).groups.tolist() == ["savee/DC"]
    assert load_corpus("crema_d", data_home=home).frame.gender.tolist() == ["male"]
    monkeypatch.setenv("SKSER_DATA", str(home))
    assert get_data_home() == str(home)
    assert load_corpus("CREMA-D").groups.tolist() == ["crema-d/1001"]
    with pytest.raises(CorpusNotFoundError, match=r"iemocap.*Session1.*data_home=.*SKSER_DATA"):
        load_corpus("iemocap")
    with pytest.raises(CorpusNotFoundError, match="emodb.*SKSER_DATA"):
        load_corpus("emodb")  # download_if_missing=False by default: no network


def test_load_corpus_unknown_name(tmp_path):
    with pytest.raises(ValueError, match="unknown corpus 'mystery'.*'emodb'.*'crema-d'"):
        load_corpus("mystery")


def test_get_data_home(monkeypatch, tmp_path):
    monkeypatch.delenv("SKSER_DATA", raising=False)
    assert get_data_home() == os.path.join(os.path.expanduser("~"), "skser_data")
    monkeypatch.setenv("SKSER_DATA", str(tmp_path))
    assert get_data_home() == str(tmp_path)
    assert get_data_home(tmp_path / "x") == str(tmp_path / "x")
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    "call",
    [
        lambda tmp: load_corpus(3),
        lambda tmp: load_audio_folder(tmp, speaker_pattern=5),
        lambda tmp: load_audio_folder(tmp, return_X_y="yes"),
        lambda tmp: load_corpus("emodb", data_home=tmp, download_if_missing="no"),
    ],
)
def test_invalid_parameters(tmp_path, call):
    with pytest.raises(ValueError, match="parameter of"):
        call(tmp_path)


def test_signatures_are_keyword_only():
    import inspect

    from skser.datasets import fetch_emodb, fetch_ravdess

    for func, extra in ((fetch_emodb, []), (fetch_ravdess, ["vocal_channel"])):
        params = inspect.signature(func).parameters
        assert list(params) == ["data_home", *extra, "download_if_missing", "return_X_y"]
        assert all(p.kind is p.KEYWORD_ONLY for p in params.values())
        assert params["download_if_missing"].default is True


def test_broken_symlinks_are_listed_among_the_skipped_files(folder):
    os.symlink(folder / "nowhere", folder / "Sad")  # a class folder that is gone
    os.symlink(folder / "gone.wav", folder / "neutral" / "bob_003.wav")
    with pytest.warns(UserWarning, match="skipped 4 file") as record:
        data = load_audio_folder(folder)
    msg = str(record[0].message)
    assert "Sad: broken symbolic link (its target" in msg
    assert "neutral/bob_003.wav: broken symbolic link" in msg
    assert len(data.filenames) == 5


def test_broken_symlink_in_a_flat_corpus_folder_is_listed(tmp_path, tone_writer):
    from skser.datasets import fetch_emodb

    wav = tmp_path / "emodb" / "wav"
    tone_writer(wav / "03a01Fa.wav")
    os.symlink(tmp_path / "elsewhere" / "03a01Wa.wav", wav / "03a01Wa.wav")
    with pytest.warns(UserWarning, match="EMO-DB: skipped 1 file") as record:
        data = fetch_emodb(data_home=tmp_path, download_if_missing=False)
    assert "03a01Wa.wav: broken symbolic link" in str(record[0].message)
    assert len(data.filenames) == 1
