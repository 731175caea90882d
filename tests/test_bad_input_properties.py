"""Property tests: generated bad and odd audio files through load_audio and the extractors.

Every file either fails with an :class:`~skser.exceptions.AudioLoadError` naming it, or
gives arrays of the documented shape and dtype in which NaN appears only in the rows
of recordings flagged degenerate (with a :class:`~skser.exceptions.DegenerateAudioWarning`).
"""

import os
import struct
import tempfile
import warnings

import numpy as np
import pytest
import soundfile as sf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skser.exceptions import AudioLoadError, DegenerateAudioWarning
from skser.features import (
    MFCC,
    Chroma,
    FeatureImage,
    LogMel,
    MFCCContour,
    OpenSmile,
    SpectralContrast,
    SpectralMeans,
    Tonnetz,
)
from skser.features._framing import SILENCE_PTP
from skser.io import SAMPLE_RATE_RANGE, load_audio

SR = 16000
# (extractor, output shape of one recording, analysis window in samples at its sr)
EXTRACTORS = [
    (LogMel(n_mels=8, n_frames=6), (6, 8), 512),
    (MFCC(n_mfcc=5, n_mels=10, n_frames=6), (6, 5), 512),
    (SpectralMeans(tonnetz="stft"), (193,), 2048),
    (Chroma(n_frames=6), (6, 12), 2048),
    (SpectralContrast(n_frames=6), (6, 7), 2048),
    (Tonnetz(n_frames=6), (6, 6), 2048),
    (OpenSmile(feature_set="eGeMAPSv02"), (88,), 960),  # 60 ms at 16 kHz
    (FeatureImage(n_frames=6), (193, 6, 1), 2048),
    (MFCCContour(offset=0.0, duration=0.5), (44,), 2048),  # from the start: no offset rule
]
PROPERTY_SETTINGS = settings(max_examples=40, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow])

rates = st.sampled_from([1000, 3999, 4000, 8000, 11025, 16000, 22050, 44100, 96000,
                         384000, 400000])
contents = st.sampled_from(["noise", "tone", "silence", "constant", "nan", "inf", "clipped"])
audio_files = st.fixed_dictionaries({
    "rate": rates,
    "channels": st.integers(1, 4),
    "n": st.integers(0, 5000),
    "subtype": st.sampled_from(["PCM_16", "FLOAT", "PCM_U8"]),
    "content": contents,
    "seed": st.integers(0, 2**16),
})


def _signal(spec):
    rng = np.random.default_rng(spec["seed"])
    n, ch, content = spec["n"], spec["channels"], spec["content"]
    if content == "silence":
        y = np.zeros((n, ch))
    elif content == "constant":
        y = np.full((n, ch), rng.uniform(-0.9, 0.9))
    elif content == "tone":
        y = np.repeat(0.5 * np.sin(2 * np.pi * 440 * np.arange(n) / spec["rate"])[:, None],
                      ch, axis=1)
    elif content == "clipped":
        y = np.clip(3 * rng.standard_normal((n, ch)), -1, 1)
    else:
        y = 0.3 * rng.standard_normal((n, ch))
    if content in ("nan", "inf") and n:
        y[rng.integers(0, n), rng.integers(0, ch)] = np.nan if content == "nan" else np.inf
    return y


def _write(folder, spec):
    path = os.path.join(folder, "odd.wav")
    y = _signal(spec)
    if spec["content"] in ("nan", "inf") and spec["subtype"] != "FLOAT":
        y = np.nan_to_num(y, nan=0.0, posinf=1.0)  # integer files cannot hold them
    sf.write(path, y, spec["rate"], subtype=spec["subtype"], format="WAV")
    return path, y


def _expected_error(spec, y):
    """The reason load_audio must refuse the file, or None."""
    low, high = SAMPLE_RATE_RANGE
    if not low <= spec["rate"] <= high:
        return "sampling rate"
    if spec["n"] == 0:
        return "no audio samples"
    if spec["subtype"] == "FLOAT" and not np.all(np.isfinite(y)):
        return "NaN or Inf"
    return None


def _check_extractors(path, y_native, rate):
    """Extractor rows: documented shape, float32, NaN exactly where flagged degenerate."""
    mono = load_audio(path, sr=None).astype(np.float64)  # what the file decodes to
    silent = float(np.ptp(mono)) < SILENCE_PTP
    for est, shape, window in EXTRACTORS:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = est.transform([path])
        assert out.shape == (1, *shape) and out.dtype == np.float32
        flagged = [w.message for w in caught if w.category is DegenerateAudioWarning]
        assert len(flagged) <= 1
        n_at_sr = int(np.ceil(len(mono) * est.sr / rate))
        assert bool(flagged) == (silent or n_at_sr < window), (silent, n_at_sr, window)
        if flagged:
            assert flagged[0].items[0][:2] == (0, path)
            assert f"X[0] ('{path}')" in str(flagged[0])
            assert np.all(np.isnan(out))
        else:
            assert np.all(np.isfinite(out))
        for w in caught:  # any other warning names the file
            assert w.category is DegenerateAudioWarning or path in str(w.message)


@PROPERTY_SETTINGS
@given(spec=audio_files)
def test_written_files_load_or_fail_naming_the_file(spec):
    with tempfile.TemporaryDirectory() as folder:
        path, y = _write(folder, spec)
        reason = _expected_error(spec, y)
        try:
            out = load_audio(path, sr=SR)
        except AudioLoadError as exc:
            assert path in str(exc) and exc.path == path
            assert reason is not None and reason in str(exc), str(exc)
            return
        assert reason is None, reason
        n = spec["n"]
        assert out.dtype == np.float32 and out.ndim == 1
        assert out.shape == (int(np.ceil(n * SR / spec["rate"])),)
        assert np.all(np.isfinite(out))
        _check_extractors(path, y, spec["rate"])


@PROPERTY_SETTINGS
@given(body=st.binary(min_size=0, max_size=400), declared=st.integers(0, 2**32 - 1),
       fmt_chunk=st.booleans())
def test_random_bytes_after_a_riff_header_fail_naming_the_file(body, declared, fmt_chunk):
    head = b"RIFF" + struct.pack("<I", declared) + b"WAVE"
    if fmt_chunk:  # a plausible fmt chunk, then garbage where the samples should be
        head += b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, 16000, 32000, 2, 16) + b"data"
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "garbage.wav")
        with open(path, "wb") as f:
            f.write(head + body)
        try:
            out = load_audio(path, sr=SR)
        except AudioLoadError as exc:
            assert path in str(exc)
            return
        # libsndfile found samples in the noise: they must still be a clean waveform
        assert out.dtype == np.float32 and out.ndim == 1 and np.all(np.isfinite(out))
        _check_extractors(path, None, 16000)


@pytest.mark.parametrize("data", [np.zeros(0), np.zeros((3, 2))], ids=["empty", "2-D"])
def test_bad_waveforms_are_refused_with_their_index(data):
    with pytest.raises(ValueError, match=r"X\[1\]"):
        LogMel(n_frames=4).transform([np.ones(1000, np.float32), data])


@pytest.fixture(scope="module")
def fitted_pipeline():
    """A small classifier on SpectralMeans, fitted on synthetic tones and noise."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(0)
    t = np.arange(SR) / SR
    X = [(0.4 * np.sin(2 * np.pi * f * t)).astype(np.float32) for f in (220, 330, 440, 550)]
    X += [(0.3 * rng.standard_normal(SR)).astype(np.float32) for _ in range(4)]
    y = ["tone"] * 4 + ["noise"] * 4
    return make_pipeline(SpectralMeans(sr=SR, tonnetz="stft"), StandardScaler(),
                         LogisticRegression()).fit(X, y)


@PROPERTY_SETTINGS
@given(spec=audio_files)
def test_prediction_is_probabilities_a_named_file_error_or_a_refused_degenerate_row(
        spec, fitted_pipeline):
    with tempfile.TemporaryDirectory() as folder:
        path, y = _write(folder, spec)
        reason = _expected_error(spec, y)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                proba = fitted_pipeline.predict_proba([path])
            except AudioLoadError as exc:
                assert reason is not None and path in str(exc)
                return
            except ValueError as exc:  # NaN row of a degenerate recording, refused
                assert reason is None and "NaN" in str(exc)
                assert any(w.category is DegenerateAudioWarning for w in caught)
                return
        assert reason is None, reason
        assert not any(w.category is DegenerateAudioWarning for w in caught)
        assert proba.shape == (1, 2) and np.all(np.isfinite(proba))
        np.testing.assert_allclose(proba.sum(axis=1), 1.0)
