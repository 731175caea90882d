"""load_crema_d on a miniature tree with VideoDemographics.csv."""

import pytest

from skser.datasets import gender_emotion_target, load_crema_d
from skser.exceptions import CorpusNotFoundError

CSV = """ActorID,Age,Sex,Race,Ethnicity
1001,51,Male,Caucasian,Not Hispanic
1002,21,Female,Caucasian,Not Hispanic
1003,21,Female,Caucasian,Not Hispanic
"""


@pytest.fixture
def crema_root(tmp_path, tone_writer):
    root = tmp_path / "CREMA-D"
    for name in ("1001_DFA_ANG_XX", "1001_IEO_HAP_HI", "1002_TIE_SAD_XX", "1002_IEO_NEU_LO",
                 "1003_MTI_DIS_XX", "1003_WSI_FEA_XX"):
        tone_writer(root / "AudioWAV" / f"{name}.wav")
    tone_writer(root / "AudioWAV" / "1001_dfa_ang_xx.flac")  # same clip, other extension
    tone_writer(root / "AudioWAV" / "1002_ABC_ANG_XX.wav")  # unknown sentence
    tone_writer(root / "AudioWAV" / "1002_TIE_CON_XX.wav")  # unknown emotion
    (root / "AudioWAV" / "1076_MTI_SAD_XX.wav").write_bytes(b"")  # empty, as in some copies
    (root / "VideoDemographics.csv").write_text(CSV)
    (root / "README.md").write_text("CREMA-D")
    return root


def test_load_crema_d(crema_root):
    with pytest.warns(UserWarning, match="CREMA-D: skipped 4 file") as record:
        data = load_crema_d(crema_root)
    assert record[0].filename == __file__
    msg = str(record[0].message)
    assert all(s in msg for s in ("1001_dfa_ang_xx.flac", "1002_ABC_ANG_XX.wav",
                                  "1002_TIE_CON_XX.wav", "1076_MTI_SAD_XX.wav"))
    assert len(data.filenames) == 6
    f = data.frame
    assert f.speaker.tolist() == ["crema-d/1001"] * 2 + ["crema-d/1002"] * 2 + [
        "crema-d/1003"] * 2
    assert f.gender.tolist() == ["male", "male", "female", "female", "female", "female"]
    assert f.emotion.tolist() == ["anger", "happiness", "neutral", "sadness", "disgust", "fear"]
    assert f.level.tolist()[:2] == ["unspecified", "high"]
    assert f.sentence[0] == "Don't forget a jacket" and f.age[0] == 51.0
    assert f.race[0] == "Caucasian"
    assert gender_emotion_target(data)[0] == "male_anger"
    assert "Cao" in data.DESCR


def test_load_crema_d_without_demographics(crema_root):
    (crema_root / "VideoDemographics.csv").unlink()
    with pytest.warns(UserWarning, match="VideoDemographics.csv not found"):
        data = load_crema_d(crema_root)
    assert data.frame.gender.isna().all()
    with pytest.raises(ValueError, match="gender unknown"):
        gender_emotion_target(data)


def test_load_crema_d_missing(tmp_path):
    with pytest.raises(CorpusNotFoundError, match="CREMA-D not found in .*AudioWAV"):
        load_crema_d(tmp_path / "nope")
