"""load_tess on a miniature tree with the real naming scheme."""

import os

import pytest

from skser.datasets import load_tess
from skser.exceptions import CorpusNotFoundError


@pytest.fixture
def tess_root(tmp_path, tone_writer):
    root = tmp_path / "TESS Toronto emotional speech set data"
    for folder, names in {
        "OAF_angry": ["OAF_back_angry", "OAF_bar_angry"],
        "OAF_Pleasant_surprise": ["OAF_back_ps"],
        "OAF_Fear": ["OAF_back_fear"],
        "YAF_sad": ["YAF_back_sad", "YAF_bath_sad"],
        "YAF_pleasant_surprised": ["YAF_back_ps"],
        "YAF_neutral": ["YAF_back_neutral", "yaf_Book_NEUTRAL"],
        "YAF_disgust": ["YAF_back_disgust"],
        "YAF_happy": ["YAF_back_happy"],
    }.items():
        for name in names:
            tone_writer(root / folder / f"{name}.wav")
    # strays: a mislabeled prefix, a wrong emotion for the folder, junk, a note, an empty file
    tone_writer(root / "OAF_angry" / "YAF_back_angry.wav")
    tone_writer(root / "YAF_sad" / "YAF_base_happy.wav")
    tone_writer(root / "YAF_sad" / "recording1.wav")
    (root / "README.txt").write_text("TESS")
    (root / "YAF_happy" / "YAF_bean_happy.wav").write_bytes(b"")
    (root / "YAF_happy" / ".DS_Store").write_bytes(b"x")
    return root


def test_load_tess(tess_root):
    with pytest.warns(UserWarning, match="TESS: skipped 5 file") as record:
        data = load_tess(tess_root)
    assert record[0].filename == __file__  # stacklevel points at the caller
    msg = str(record[0].message)
    for stray in ("YAF_back_angry.wav", "YAF_base_happy.wav", "recording1.wav", "README.txt",
                  "YAF_bean_happy.wav"):
        assert stray in msg
    assert ".DS_Store" not in msg
    assert len(data.filenames) == 11
    assert sorted(set(data.groups)) == ["tess/OAF", "tess/YAF"]
    assert set(data.frame.gender) == {"female"}
    counts = data.frame.emotion.value_counts().to_dict()
    assert counts == {"anger": 2, "surprise": 2, "fear": 1, "sadness": 2, "neutral": 2,
                      "disgust": 1, "happiness": 1}
    row = data.frame.set_index(data.frame.path.map(os.path.basename)).loc["OAF_back_ps.wav"]
    assert (row.speaker, row.emotion, row.word, row.emotion_code, row.age_group) == (
        "tess/OAF", "surprise", "back", "ps", "older")
    odd = data.frame.set_index(data.frame.path.map(os.path.basename)).loc["yaf_Book_NEUTRAL.wav"]
    assert (odd.speaker, odd.emotion, odd.word) == ("tess/YAF", "neutral", "book")
    assert data.target_names == sorted(counts)
    assert "Dupuis" in data.DESCR
    with pytest.warns(UserWarning, match="skipped 5"):
        X, y, g = load_tess(tess_root, return_X_y=True)
    assert X.tolist() == data.filenames.tolist() and g.tolist() == data.groups.tolist()


def test_load_tess_missing(tmp_path):
    with pytest.raises(CorpusNotFoundError, match="TESS not found in .*nope.*OAF_back_angry"):
        load_tess(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusNotFoundError, match="holds no TESS file"):
        load_tess(tmp_path / "empty")


def test_load_tess_nested_duplicate_tree(tess_root):
    """Kaggle's copy nests a second full copy of the corpus inside the first."""
    import shutil

    shutil.copytree(tess_root / "OAF_angry", tess_root / "copy" / "OAF_angry")
    with pytest.warns(UserWarning, match="skipped 8 file") as record:
        data = load_tess(tess_root)
    assert "copy/OAF_angry/OAF_back_angry.wav: duplicate of OAF_angry/OAF_back_angry.wav" \
        in str(record[0].message)
    assert len(data.filenames) == 11


def test_name_lacking_speaker_or_emotion_takes_them_from_its_folder(tess_root, tone_writer):
    """The distribution's one ``OAF_neutral/OA_bite_neutral.wav`` is an OAF neutral file."""
    tone_writer(tess_root / "OAF_neutral" / "OA_bite_neutral.wav")
    tone_writer(tess_root / "OAF_neutral" / "OAF_back_neutral.wav")
    tone_writer(tess_root / "YAF_sad" / "bean_sad.wav")       # no speaker
    tone_writer(tess_root / "YAF_sad" / "YA_beg.wav")          # no emotion
    tone_writer(tess_root / "OAF_neutral" / "YA_boat_neutral.wav")  # other speaker
    tone_writer(tess_root / "OAF_neutral" / "OA_bone_angry.wav")    # other emotion
    with pytest.warns(UserWarning, match="skipped 7 file") as record:
        data = load_tess(tess_root)
    msg = str(record[0].message)
    assert "YA_boat_neutral.wav" in msg and "OA_bone_angry.wav" in msg
    assert "OA_bite_neutral" not in msg and "bean_sad" not in msg and "YA_beg" not in msg
    frame = data.frame.set_index(data.frame.path.map(os.path.basename))
    bite = frame.loc["OA_bite_neutral.wav"]
    assert (bite.speaker, bite.emotion, bite.word, bite.speaker_code, bite.age_group,
            bite.emotion_code) == ("tess/OAF", "neutral", "bite", "OAF", "older", "neutral")
    assert tuple(frame.loc["bean_sad.wav", ["speaker", "emotion", "word"]]) == (
        "tess/YAF", "sadness", "bean")
    assert tuple(frame.loc["YA_beg.wav", ["speaker", "emotion", "word", "emotion_code"]]) == (
        "tess/YAF", "sadness", "beg", "sad")
    assert len(data.filenames) == 11 + 4


def test_broken_symlink_is_listed_among_the_skipped_files(tess_root):
    link = tess_root / "OAF_angry" / "OAF_bath_angry.wav"
    os.symlink(tess_root / "gone" / "OAF_bath_angry.wav", link)
    with pytest.warns(UserWarning, match="skipped 6 file") as record:
        data = load_tess(tess_root)
    assert (f"OAF_angry/OAF_bath_angry.wav: broken symbolic link (its target "
            f"'{tess_root / 'gone' / 'OAF_bath_angry.wav'}' does not exist)") in str(
                record[0].message)
    assert str(link) not in data.filenames.tolist() and len(data.filenames) == 11
