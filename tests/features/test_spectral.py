"""Frame-level extractors equal their librosa definitions; shapes, padding, units."""

import librosa
import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.base import clone
from synthetic import make_chirp, make_noise, make_tone

from skser.features import MFCC, Chroma, LogMel, SpectralContrast, Tonnetz


def _signals(sr):
    return {
        "tone": make_tone(440.0, sr=sr),
        "chirp": make_chirp(100.0, 4000.0, sr=sr),
        "noise": make_noise(sr=sr),
    }


def _reference(est, y):
    """The librosa call each extractor promises, (n_bins, t)."""
    sr = est.sr
    if isinstance(est, LogMel):
        S = librosa.feature.melspectrogram(y=y, sr=sr, n_fft=512, hop_length=160,
                                           win_length=400, n_mels=26)
        return librosa.power_to_db(S, ref=np.max, top_db=80.0)
    if isinstance(est, MFCC):
        return librosa.feature.mfcc(y=y, sr=sr, n_mfcc=13, n_fft=512, hop_length=160,
                                    win_length=400, n_mels=40)
    if isinstance(est, Chroma):
        return librosa.feature.chroma_stft(y=y, sr=sr)
    if isinstance(est, SpectralContrast):
        return librosa.feature.spectral_contrast(y=y, sr=sr)
    return librosa.feature.tonnetz(y=y, sr=sr)


@pytest.mark.parametrize("signal", ["tone", "chirp", "noise"])
@pytest.mark.parametrize("est", [LogMel(n_frames=101), MFCC(n_frames=101), Chroma(n_frames=44),
                                 SpectralContrast(n_frames=44), Tonnetz(n_frames=44)],
                         ids=lambda e: type(e).__name__)
def test_equals_librosa(est, signal):
    y = _signals(est.sr)[signal]
    ref = _reference(est, y).T
    out = est.transform([y])
    assert out.shape == (1, ref.shape[0], ref.shape[1])  # 1 + len // hop frames
    assert out.dtype == np.float32
    scale = np.abs(ref).max()
    assert_allclose(out[0], ref, rtol=1e-5, atol=1e-6 * scale)


def test_logmel_defaults_follow_the_parallel_cnn():
    est = LogMel()
    out = est.fit_transform([make_tone()])
    assert out.shape == (1, 750, 26)
    # 25 ms / 10 ms given in seconds equal 400 / 160 given in samples
    same = LogMel(win_length=400, hop_length=160, n_fft=512).transform([make_tone()])
    assert_allclose(out, same)


def test_tone_peaks_in_its_mel_band_and_chroma_a():
    y = make_tone(440.0, sr=16000)
    mel = LogMel(n_frames=101).transform([y])[0].mean(axis=0)
    centres = librosa.mel_frequencies(n_mels=26 + 2, fmin=0.0, fmax=8000.0)[1:-1]
    assert np.argmax(mel) == np.argmin(np.abs(centres - 440.0))
    chroma = Chroma(sr=16000, n_frames=32).transform([y])[0].mean(axis=0)
    assert np.argmax(chroma) == 9  # C, C#, D, D#, E, F, F#, G, G#, A


def test_log_offset_option():
    y = make_chirp()
    out = LogMel(log="log", log_offset=1e-3, n_frames=101).transform([y])[0]
    S = librosa.feature.melspectrogram(y=y, sr=16000, n_fft=512, hop_length=160,
                                       win_length=400, n_mels=26)
    assert_allclose(out, np.log(S + 1e-3).T, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("align", ["start", "center"])
def test_padding_and_cropping(align):
    y = make_noise()  # 1 s at 16 kHz -> 101 frames
    full = LogMel(n_frames=101).transform([y])[0]
    padded = LogMel(n_frames=151, align=align, pad_value=-123.0).transform([y])[0]
    cropped = LogMel(n_frames=51, align=align).transform([y])[0]
    start = 0 if align == "start" else 25
    assert_allclose(padded[start:start + 101], full)
    pad_rows = np.ones(151, bool)
    pad_rows[start:start + 101] = False
    assert np.all(padded[pad_rows] == -123.0)
    assert_allclose(cropped, full[start:start + 51])


def test_quiet_signal_stays_finite():
    """One 16-bit step of noise is not silence: its features are numbers."""
    quiet = np.random.default_rng(0).choice([-1, 0, 1], 8000).astype(np.float32) / 32768
    for est in (LogMel(), MFCC(), Chroma(), SpectralContrast(), Tonnetz()):
        assert np.all(np.isfinite(est.transform([quiet])))


def test_window_longer_than_fft_is_refused():
    with pytest.raises(ValueError, match="win_length=0.1 .1600 samples. exceeds n_fft=512"):
        LogMel(win_length=0.1, n_fft=512).transform([make_tone()])


def test_tonnetz_hop_must_suit_the_cqt():
    with pytest.raises(ValueError, match="multiple of 64"):
        Tonnetz(hop_length=500).transform([make_tone(sr=22050)])


@pytest.mark.parametrize("params, match", [
    ({"n_mels": 0}, "n_mels"),
    ({"hop_length": -0.01}, "hop_length"),
    ({"log": "ln"}, "log"),
    ({"align": "end"}, "align"),
    ({"n_frames": 0}, "n_frames"),
    ({"sr": 0}, "sr"),
])
def test_invalid_parameters_are_named(params, match):
    est = LogMel(**params)
    with pytest.raises(ValueError, match=match):
        est.fit([make_tone()])
    with pytest.raises(ValueError, match=match):
        est.transform([make_tone()])  # validated without fit too


def test_mfcc_more_coefficients_than_bands():
    with pytest.raises(ValueError, match="n_mfcc=30 exceeds n_mels=20"):
        MFCC(n_mfcc=30, n_mels=20).transform([make_tone()])


def test_clone_get_set_params():
    est = LogMel(n_mels=40, hop_length=0.02)
    assert est.get_params()["n_mels"] == 40
    twin = clone(est).set_params(n_mels=64)
    assert twin.n_mels == 64 and est.n_mels == 40
    assert twin.transform([make_tone()]).shape == (1, 750, 64)
