"""load_savee on miniature trees: the official AudioData layout and a flat copy."""

import os

import pytest

from skser.datasets import load_savee
from skser.exceptions import CorpusNotFoundError


def test_load_savee_official_layout(tmp_path, tone_writer):
    root = tmp_path / "SAVEE"
    for spk in ("DC", "JE", "JK", "KL"):
        for code in ("a01", "d02", "f03", "h04", "n01", "n30", "sa05", "su15"):
            tone_writer(root / "AudioData" / spk / f"{code}.wav")
    tone_writer(root / "AudioData" / "KL" / "SA06.WAV")  # upper case
    tone_writer(root / "AudioData" / "DC" / "x01.wav")  # bad code
    tone_writer(root / "AudioData" / "a01.wav")  # no speaker
    tone_writer(root / "AudioData" / "JE" / "DC_a02.wav")  # mislabeled prefix
    (root / "AudioData" / "Info.txt").write_text("SAVEE")
    with pytest.warns(UserWarning, match="SAVEE: skipped 4 file") as record:
        data = load_savee(root)
    assert record[0].filename == __file__
    msg = str(record[0].message)
    assert all(s in msg for s in ("x01.wav", "a01.wav", "DC_a02.wav", "Info.txt"))
    assert len(data.filenames) == 33
    assert sorted(set(data.groups)) == ["savee/DC", "savee/JE", "savee/JK", "savee/KL"]
    counts = data.frame.emotion.value_counts().to_dict()
    assert counts == {"anger": 4, "disgust": 4, "fear": 4, "happiness": 4, "neutral": 8,
                      "sadness": 5, "surprise": 4}
    assert set(data.frame.gender) == {"male"}
    row = data.frame.set_index(data.frame.path.map(os.path.relpath, start=str(root))).loc[
        os.path.join("AudioData", "KL", "SA06.WAV")]
    assert (row.speaker, row.emotion, row.emotion_code, row.sentence) == (
        "savee/KL", "sadness", "sa", 6)
    assert "Haq" in data.DESCR


def test_load_savee_flat_copy(tmp_path, tone_writer):
    for name in ("DC_a01", "JE_sa01", "JK_su02", "KL_n10"):
        tone_writer(tmp_path / "ALL" / f"{name}.wav")
    data = load_savee(tmp_path)
    assert data.groups.tolist() == ["savee/DC", "savee/JE", "savee/JK", "savee/KL"]
    assert data.target.tolist() == ["anger", "sadness", "surprise", "neutral"]


def test_load_savee_missing(tmp_path):
    with pytest.raises(CorpusNotFoundError, match="SAVEE not found in .*AudioData/DC"):
        load_savee(tmp_path / "nope")


def test_load_savee_duplicate_layouts(tmp_path, tone_writer):
    tone_writer(tmp_path / "AudioData" / "DC" / "a01.wav")
    tone_writer(tmp_path / "ALL" / "DC_a01.wav")
    tone_writer(tmp_path / "ALL" / "JE_a01.wav")
    with pytest.warns(UserWarning, match="AudioData/DC/a01.wav: duplicate of ALL/DC_a01.wav"):
        data = load_savee(tmp_path)
    assert data.groups.tolist() == ["savee/DC", "savee/JE"]
