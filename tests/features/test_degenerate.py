"""Degenerate recordings (silent, constant, shorter than one window) give NaN, with a warning."""

import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pandas as pd
import pytest
import soundfile as sf
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from synthetic import make_noise, make_tone

from skser.exceptions import DegenerateAudioWarning
from skser.features import (
    MFCC,
    Chroma,
    FeatureImage,
    LogMel,
    MFCCContour,
    OpenSmile,
    SpectralContrast,
    SpectralMeans,
    StatsPooling,
    Tonnetz,
)
from skser.features._framing import SILENCE_PTP
from skser.normalization import SpeakerNormalizer

# (extractor, its analysis window in samples at its sr)
EXTRACTORS = [
    (LogMel(n_frames=6), 512),
    (MFCC(n_frames=6), 512),
    (Chroma(n_frames=6), 2048),
    (SpectralContrast(n_frames=6), 2048),
    (Tonnetz(n_frames=6), 2048),
    (SpectralMeans(), 2048),
    (FeatureImage(n_frames=6), 2048),
    (MFCCContour(offset=0.0, duration=0.2), 2048),
    (OpenSmile(), 960),
]
IDS = [type(e).__name__ for e, _ in EXTRACTORS]


@pytest.mark.parametrize("est, window", EXTRACTORS, ids=IDS)
def test_silence_constant_and_short_clips_are_nan_rows(est, window):
    sr = est.sr
    good = make_noise(sr=sr, duration=0.3)
    X = [good, np.zeros(sr // 2, np.float32), np.full(sr // 2, 0.25, np.float32),
         make_noise(sr=sr, duration=(window - 1) / sr), good]
    with pytest.warns(DegenerateAudioWarning) as record:
        out = est.transform(X)
    degenerate = [w for w in record if w.category is DegenerateAudioWarning]
    assert len(degenerate) == 1  # one warning for the call, naming each recording
    msg = str(degenerate[0].message)
    assert f"{type(est).__name__}: 3 of 5 recording(s) are degenerate" in msg
    assert "X[1]: digital silence" in msg and "X[2]: constant signal" in msg
    assert f"X[3]: {window - 1} samples" in msg and f"({window} samples)" in msg
    assert [i for i, _, _ in degenerate[0].message.items] == [1, 2, 3]
    assert out.dtype == np.float32
    flat = out.reshape(len(X), -1)
    assert np.all(np.isnan(flat[1:4]))  # never zeros or the dB floor
    assert np.all(np.isfinite(flat[[0, 4]]))
    np.testing.assert_array_equal(out[0], out[4])
    # exactly one window long is enough
    with warnings.catch_warnings():
        warnings.simplefilter("error", DegenerateAudioWarning)
        assert np.all(np.isfinite(est.transform([make_noise(sr=sr, duration=window / sr)])))


def test_threshold_is_below_one_16_bit_step():
    assert SILENCE_PTP < 1 / 32768
    just_below = np.r_[np.zeros(1000), np.full(1000, SILENCE_PTP / 2)].astype(np.float32)
    with pytest.warns(DegenerateAudioWarning, match="constant signal .peak-to-peak"):
        assert np.isnan(LogMel(n_frames=4).transform([just_below])).all()


def test_file_is_named_and_checked_before_resampling(tmp_path):
    """A constant 8 kHz file is constant although resampling would ripple at its edges."""
    dc = tmp_path / "dc.wav"
    sf.write(dc, np.full(8000, 0.5), 8000, subtype="FLOAT")
    silent = tmp_path / "silent.wav"
    sf.write(silent, np.zeros(16000), 16000, subtype="PCM_16")
    short = tmp_path / "short.wav"
    sf.write(short, make_noise(duration=0.01), 16000)
    with pytest.warns(DegenerateAudioWarning) as record:
        out = LogMel(n_frames=4).transform([str(dc), str(silent), str(short)])
    msg = str(record[0].message)
    assert f"X[0] ('{dc}'): constant signal" in msg
    assert f"X[1] ('{silent}'): digital silence" in msg
    assert f"X[2] ('{short}'): 160 samples (10.0 ms at 16000 Hz)" in msg
    assert [item[:2] for item in record[0].message.items] == [
        (0, str(dc)), (1, str(silent)), (2, str(short))]
    assert np.isnan(out).all()


def test_degenerate_rows_survive_the_cache_and_parallel_workers(tmp_path):
    path = tmp_path / "silent.wav"
    sf.write(path, np.zeros(8000), 16000)
    X = [str(path)] + [make_tone()] * 9  # two batches
    for est in (LogMel(n_frames=4, memory=tmp_path / "cache"), LogMel(n_frames=4, n_jobs=2)):
        for _ in range(2):  # the second call reads the cache
            with pytest.warns(DegenerateAudioWarning, match="silent.wav'.: digital silence"):
                out = est.transform(X)
            assert np.isnan(out[0]).all() and np.isfinite(out[1:]).all()


def test_librosa_warnings_name_the_recording(tmp_path):
    path = tmp_path / "tone.wav"
    sf.write(path, make_tone(), 16000)
    with pytest.warns(UserWarning, match=r"LogMel: X\[0\] \('.*tone.wav'\), X\[1\]: Empty "
                                         "filters detected") as record:
        LogMel(n_mels=256, n_frames=4).transform([str(path), make_tone()])
    assert len([w for w in record if "Empty filters" in str(w.message)]) == 1
    assert record[0].filename == __file__


def test_opensmile_nan_is_not_replaced_by_zeros():
    """openSMILE fills a clip shorter than its frames with NaN: that NaN stays, with a warning.

    Run in a fresh process: with TensorFlow imported (by other tests) OpenSmile extracts
    in a worker process, which would not see the patched window.
    """
    code = textwrap.dedent("""
        import numpy as np, pytest
        from skser.exceptions import DegenerateAudioWarning
        from skser.features import OpenSmile, _opensmile_engine
        _opensmile_engine.OPENSMILE_WINDOW = 0.001  # let openSMILE itself decide
        rng = np.random.default_rng(0)
        short, long = [(0.1 * rng.standard_normal(n)).astype("float32") for n in (640, 16000)]
        with pytest.warns(DegenerateAudioWarning, match=r"X\\[0\\]: openSMILE returned "
                          "NaN/Inf for 88 of 88 features"):
            out = OpenSmile().transform([short, long])
        assert np.isnan(out[0]).all() and np.isfinite(out[1]).all()
        print("ok")
    """)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0 and res.stdout.split() == ["ok"], res.stderr[-2000:]


def test_stats_pooling_keeps_nan_rows_and_refuses_partial_nan():
    F = np.random.default_rng(0).standard_normal((3, 5, 4)).astype(np.float32)
    F[1] = np.nan
    pool = StatsPooling(stats=("mean", "std", "min", "max", "median", "range")).fit(F)
    out = pool.transform(F)
    assert np.isnan(out[1]).all() and np.isfinite(out[[0, 2]]).all()
    assert np.isnan(StatsPooling(ignore_value=0.0).fit(F).transform(F)[1]).all()
    F[2, 0, 0] = np.nan
    with pytest.raises(ValueError, match=r"X\[2\] contains NaN or inf among finite values"):
        pool.transform(F)
    F[2, 0, 0] = np.inf
    with pytest.raises(ValueError, match=r"X\[2\] contains NaN or inf"):
        pool.transform(F)


def test_degenerate_file_is_refused_by_the_classifier_not_made_up():
    tones = [make_tone(freq=f) for f in (200, 300, 400, 500)]
    X = pd.DataFrame({"audio": pd.Series(tones, dtype=object), "speaker": ["a", "a", "b", "b"]})
    pipe = make_pipeline(
        SpeakerNormalizer(make_pipeline(MFCC(n_frames=20), StatsPooling())),
        LogisticRegression()).fit(X, [0, 1, 0, 1])
    bad = X.copy()
    bad.loc[1, "audio"] = np.zeros(16000, np.float32)
    with pytest.warns(DegenerateAudioWarning, match=r"X\[1\]: digital silence"):
        Z = pipe[:-1].transform(bad)
    assert np.isnan(Z[1]).all() and np.isfinite(Z[[0, 2, 3]]).all()
    with pytest.warns(DegenerateAudioWarning), pytest.raises(ValueError, match="NaN"):
        pipe.predict(bad)


def test_cli_predict_gives_degenerate_files_no_label(tmp_path, capsys):
    """``skser predict``: silent and 10-sample files get no label; the others are predicted."""
    from skser import cli
    from skser.persistence import save_model

    rng = np.random.default_rng(0)
    train = []
    for i in range(8):
        train.append(str(tmp_path / f"train{i}.wav"))
        sf.write(train[-1], (1 + i % 2) * 0.1 * rng.standard_normal(8000), 16000)
    X = pd.DataFrame({"path": train, "speaker": ["s1"] * 4 + ["s2"] * 4})
    pipe = make_pipeline(
        SpeakerNormalizer(make_pipeline(MFCC(n_frames=20), StatsPooling())),
        LogisticRegression()).fit(X, ["calm", "loud"] * 4)
    save_model(pipe, tmp_path / "model.joblib")
    files = [tmp_path / "zero.wav", tmp_path / "tiny.wav", tmp_path / "voice.wav"]
    sf.write(files[0], np.zeros(16000), 16000)
    sf.write(files[1], 0.1 * rng.standard_normal(10), 16000)
    sf.write(files[2], 0.2 * rng.standard_normal(8000), 16000)
    code = cli.main(["predict", str(tmp_path / "model.joblib"), *map(str, files),
                     "--same-speaker", "--proba"])
    out, err = capsys.readouterr()
    assert code == 0
    lines = dict(line.split("\t", 1) for line in out.splitlines())
    assert lines["zero"] == "\tnan" and lines["tiny"] == "\tnan"
    label = lines["voice"].split("\t")[0]
    assert label in ("calm", "loud")
    assert f"'{files[0]}': no label (degenerate audio: digital silence" in err
    assert f"'{files[1]}': no label (degenerate audio: 10 samples" in err
    assert "voice" not in err
