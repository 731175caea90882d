"""load_iemocap on a miniature tree: EmoEvaluation files and sentence wavs."""

import pytest

from skser.datasets import load_iemocap
from skser.exceptions import CorpusNotFoundError

EVAL_1 = """% [START_TIME - END_TIME] TURN_NAME EMOTION [V, A, D]

[6.2901 - 8.2357]\tSes01F_impro01_F000\tneu\t[2.5000, 2.5000, 2.5000]
C-E2:\tNeutral;\t()
A-E3:\tval 3; act 2; dom  2;\t()

[10.0100 - 11.3925]\tSes01F_impro01_M001\texc\t[3.5000, 3.5000, 3.0000]

[14.8872 - 18.0175]\tSes01F_impro01_F002\tfru\t[2.0000, 3.5000, 3.5000]

[19.2900 - 20.7875]\tSes01F_impro01_M003\tang\t[1.5000, 4.0000, 4.0000]

[21.0 - 22.0]\tSes01F_impro01_M004\thap\t[4.0000, 3.0000, 3.0000]
[garbage line
"""
EVAL_2 = """[1.0 - 2.0]\tSes02M_script01_1_F000\tsad\t[1.5000, 2.0000, 2.0000]
[2.0 - 3.0]\tSes02M_script01_1_M001\txxx\t[2.5000, 2.5000, 2.5000]
"""


@pytest.fixture
def iemocap_root(tmp_path, tone_writer):
    root = tmp_path / "IEMOCAP_full_release"
    ev = root / "Session1" / "dialog" / "EmoEvaluation"
    ev.mkdir(parents=True)
    (ev / "Ses01F_impro01.txt").write_text(EVAL_1)
    (ev / "Categorical").mkdir()
    (ev / "Categorical" / "Ses01F_impro01_e1_cat.txt").write_text("[junk]")
    wav = root / "Session1" / "sentences" / "wav" / "Ses01F_impro01"
    for turn in ("F000", "M001", "F002", "M003"):  # M004 (hap) has no audio
        tone_writer(wav / f"Ses01F_impro01_{turn}.wav")
    tone_writer(wav / "Ses01F_impro01_F999.wav")  # no annotation
    ev2 = root / "Session2" / "dialog" / "EmoEvaluation"
    ev2.mkdir(parents=True)
    (ev2 / "Ses02M_script01_1.txt").write_text(EVAL_2)
    wav2 = root / "Session2" / "sentences" / "wav" / "Ses02M_script01_1"
    for turn in ("F000", "M001"):
        tone_writer(wav2 / f"Ses02M_script01_1_{turn}.wav")
    (root / "Session3").mkdir()  # incomplete session
    (root / "README.txt").write_text("IEMOCAP")
    return root


def test_load_iemocap_four_class(iemocap_root):
    with pytest.warns(UserWarning, match="IEMOCAP: skipped 4 file") as record:
        data = load_iemocap(iemocap_root)
    assert record[0].filename == __file__
    msg = str(record[0].message)
    assert "Ses01F_impro01_M004.wav: labelled hap" in msg
    assert "Ses01F_impro01_F999.wav: no annotation" in msg
    assert "malformed line '[garbage line'" in msg
    assert "Session3" in msg
    f = data.frame
    assert f.turn.tolist() == ["Ses01F_impro01_F000", "Ses01F_impro01_M001",
                               "Ses01F_impro01_M003", "Ses02M_script01_1_F000"]
    assert f.emotion.tolist() == ["neutral", "happiness", "anger", "sadness"]
    assert f.emotion_code.tolist() == ["neu", "exc", "ang", "sad"]
    assert data.groups.tolist() == ["iemocap/Ses01"] * 3 + ["iemocap/Ses02"]
    assert f.speaker.tolist() == data.groups.tolist()
    assert f.speaker_id.tolist() == ["Ses01F", "Ses01M", "Ses01M", "Ses02F"]
    assert f.gender.tolist() == ["female", "male", "male", "female"]
    assert f.session.tolist() == [1, 1, 1, 2]
    assert f.method.tolist() == ["improvised"] * 3 + ["scripted"]
    assert f.dialog[3] == "Ses02M_script01_1"
    assert (f.start[0], f.end[0], f.valence[3], f.activation[2]) == (6.2901, 8.2357, 1.5, 4.0)
    assert data.target_names == ["anger", "happiness", "neutral", "sadness"]
    assert "Busso" in data.DESCR


def test_load_iemocap_missing(tmp_path):
    with pytest.raises(CorpusNotFoundError, match="IEMOCAP not found in .*EmoEvaluation"):
        load_iemocap(tmp_path / "nope")
    (tmp_path / "Session1").mkdir()
    with pytest.raises(CorpusNotFoundError, match="No labelled 4-class turn"), \
            pytest.warns(UserWarning, match="Session1"):
        load_iemocap(tmp_path)
