"""SpectralMeans (Issa et al. 2020), FeatureImage (Nathaniel538's 2-D CNN), MFCCContour
(Speech-Emotion-Analyzer)."""

import librosa
import numpy as np
import pandas as pd
import pytest
import soundfile as sf
from numpy.testing import assert_allclose, assert_array_equal
from synthetic import make_chirp, make_noise, make_tone

from skser.exceptions import DegenerateAudioWarning
from skser.features import FeatureImage, MFCCContour, SpectralMeans

SR = 22050


def _librosa_blocks(y, sr=SR):
    return [
        librosa.feature.mfcc(y=y, sr=sr, n_mfcc=40),
        librosa.feature.melspectrogram(y=y, sr=sr),
        librosa.feature.chroma_stft(y=y, sr=sr),
        librosa.feature.spectral_contrast(y=y, sr=sr),
        librosa.feature.tonnetz(y=y, sr=sr),
    ]


@pytest.fixture(scope="module")
def signals():
    return [make_tone(440.0, sr=SR), make_chirp(sr=SR, duration=1.3),
            make_noise(sr=SR, duration=0.7), make_tone(261.6, sr=SR, duration=0.1)]


def test_spectral_means_equal_librosa(signals):
    out = SpectralMeans().transform(signals)
    assert out.shape == (4, 193) and out.dtype == np.float32
    for row, y in zip(out, signals, strict=True):
        start = 0
        for block in _librosa_blocks(y):
            size = block.shape[0]
            ref = block.mean(axis=1)
            assert_allclose(row[start:start + size], ref, rtol=1e-5,
                            atol=1e-6 * np.abs(ref).max())
            start += size
        assert start == 193


def test_spectral_means_of_a_16k_file_equal_the_naive_recipe(tmp_path):
    # 30372 samples at 16 kHz are 41856.4 at 22 050 Hz: librosa.load returns 41857, and
    # one sample less moves the edge of every CQT octave, hence the tonnetz means
    path = tmp_path / "noise16k.wav"
    sf.write(path, make_noise(duration=30372 / 16000), 16000, subtype="FLOAT")
    y, sr = librosa.load(path, sr=SR)
    assert len(y) == 41857
    ref = np.concatenate([b.mean(axis=1) for b in _librosa_blocks(y, sr)])
    assert_allclose(SpectralMeans().transform([str(path)])[0], ref, rtol=1e-4, atol=1e-6)


def test_spectral_means_names_and_pandas_output(signals):
    est = SpectralMeans().set_output(transform="pandas")
    names = est.get_feature_names_out()
    assert len(names) == 193
    assert list(names[[0, 39, 40, 167, 168, 179, 180, 186, 187, 192]]) == [
        "mfcc0_mean", "mfcc39_mean", "mel0_mean", "mel127_mean", "chroma0_mean",
        "chroma11_mean", "contrast0_mean", "contrast6_mean", "tonnetz0_mean", "tonnetz5_mean"]
    frame = est.transform(signals[:2])
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == list(names)


def test_tone_a_peaks_in_chroma_a(signals):
    row = SpectralMeans().transform(signals[:1])[0]
    assert np.argmax(row[168:180]) == 9


def test_stft_tonnetz_option(signals):
    y = signals[1]
    fast = SpectralMeans(tonnetz="stft").transform([y])[0]
    exact = SpectralMeans().transform([y])[0]
    assert_array_equal(fast[:187], exact[:187])
    ref = librosa.feature.tonnetz(chroma=librosa.feature.chroma_stft(y=y, sr=SR), sr=SR)
    assert_allclose(fast[187:], ref.mean(axis=1), rtol=1e-5, atol=1e-7)
    assert not np.allclose(fast[187:], exact[187:])


def test_feature_image_rows_are_the_librosa_blocks(signals):
    y = signals[1]  # 1.3 s -> 56 frames
    img = FeatureImage(n_frames=60, pad_value=-1.0).transform([y])
    assert img.shape == (1, 193, 60, 1) and img.dtype == np.float32
    mfcc, mel, chroma, contrast, tonnetz = _librosa_blocks(y)
    rows = FeatureImage.BLOCK_ROWS
    t = mel.shape[1]
    for name, ref in [("chroma", chroma), ("mel", librosa.power_to_db(mel)),
                      ("mfcc", mfcc), ("contrast", contrast), ("tonnetz", tonnetz)]:
        a, b = rows[name]
        assert_allclose(img[0, a:b, :t, 0], ref, rtol=1e-5, atol=1e-5 * np.abs(ref).max())
    assert np.all(img[0, :, t:, 0] == -1.0)
    power = FeatureImage(n_frames=20, mel="power").transform([y])
    assert_allclose(power[0, 12:140, :, 0], mel[:, :20], rtol=1e-5, atol=1e-6 * mel.max())


def test_feature_image_original_layout_is_the_2d_cnn_feature_code(signals):
    """layout="original": the 106 rows of the 2-D CNN's own feature code, written out
    here with librosa (mel power bands averaged by 4, chroma, MFCC delta-deltas,
    contrast, tonnetz of the harmonic part)."""
    y = signals[1]
    S = librosa.feature.melspectrogram(y=y, sr=SR)
    ref = {"mel": np.stack([S[i:i + 4].mean(axis=0) for i in range(0, 124, 4)]),
           "chroma": librosa.feature.chroma_stft(S=np.abs(librosa.stft(y)) ** 2, sr=SR),
           "mfcc": librosa.feature.delta(librosa.feature.mfcc(y=y, sr=SR, n_mfcc=50), order=2),
           "contrast": librosa.feature.spectral_contrast(S=np.abs(librosa.stft(y)), sr=SR),
           "tonnetz": librosa.feature.tonnetz(y=librosa.effects.harmonic(y), sr=SR)}
    t = S.shape[1]
    img = FeatureImage(layout="original", mel="power", n_frames=t).transform([y])
    assert img.shape == (1, 106, t, 1) and img.dtype == np.float32
    for name, (a, b) in FeatureImage.ORIGINAL_BLOCK_ROWS.items():
        assert_allclose(img[0, a:b, :, 0], ref[name], rtol=1e-5,
                        atol=1e-5 * np.abs(ref[name]).max())
    resized = FeatureImage(layout="original", mel="power", n_frames=160,
                           time_axis="resize").transform([y])
    assert resized.shape == (1, 106, 160, 1)
    assert_allclose(resized[0, :, 0, 0], img[0, :, 0, 0], rtol=1e-6)  # edges: first frame
    assert_allclose(resized[0, :, -1, 0], img[0, :, -1, 0], rtol=1e-6)  # and last frame
    db = FeatureImage(layout="original", n_frames=t).transform([y])
    assert_allclose(db[0, :31, :, 0], librosa.power_to_db(ref["mel"]), rtol=1e-4, atol=1e-3)


def test_resize_frames_is_linear_with_half_pixel_centres():
    from skser.features._kernels import resize_frames

    up = resize_frames(np.arange(4.0)[np.newaxis], 8)
    assert_allclose(up[0], [0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3])  # edges repeated
    down = resize_frames(np.arange(8.0)[np.newaxis], 4)
    assert_allclose(down[0], [0.5, 2.5, 4.5, 6.5])
    F = np.random.default_rng(0).normal(size=(3, 7))
    assert_allclose(resize_frames(F, 7), F)


def test_mfcc_contour_matches_speech_emotion_analyzer(tmp_path):
    sr = 44100
    y = make_chirp(sr=sr, duration=3.5)
    out = MFCCContour().transform([y])
    assert out.shape == (1, 216) and out.dtype == np.float32
    ref = librosa.feature.mfcc(y=y[22050:22050 + 110250], sr=sr, n_mfcc=13).mean(axis=0)
    assert_allclose(out[0], ref, rtol=1e-5, atol=1e-5)
    # from a file: read from 0.5 s for 2.5 s, as librosa.load(offset=, duration=)
    path = tmp_path / "chirp.wav"
    sf.write(path, y, sr, subtype="FLOAT")
    seg, _ = librosa.load(path, sr=sr, offset=0.5, duration=2.5)
    ref_file = librosa.feature.mfcc(y=seg, sr=sr, n_mfcc=13).mean(axis=0)
    assert_allclose(MFCCContour().transform([str(path)])[0], ref_file, rtol=1e-5, atol=1e-5)
    assert_array_equal(MFCCContour().get_feature_names_out()[[0, -1]],
                       ["mfcc_mean_t0", "mfcc_mean_t215"])


def test_mfcc_contour_pads_short_clips(tmp_path):
    sr = 44100
    short = make_noise(sr=sr, duration=1.5)  # 1 s after the offset -> 87 frames
    out = MFCCContour(pad_value=0.0).transform([short])[0]
    assert np.all(out[87:] == 0.0) and np.all(out[:87] != 0.0)
    # a clip that ends before the excerpt starts has no features: NaN, never pad_value
    before_offset = make_noise(sr=sr, duration=0.3)
    with pytest.warns(DegenerateAudioWarning, match=r"X\[0\]: it ends at 0.300 s, before"):
        assert np.all(np.isnan(MFCCContour(pad_value=-5.0).transform([before_offset])))
    path = tmp_path / "short.wav"
    sf.write(path, before_offset, sr, subtype="FLOAT")
    with pytest.warns(DegenerateAudioWarning, match="short.wav'.: it ends at 0.300 s"):
        assert np.all(np.isnan(MFCCContour().transform([str(path)])))
    # duration, offset and rate are parameters
    assert MFCCContour(duration=1.0, offset=0.0, sr=16000).transform(
        [make_noise(sr=16000)]).shape == (1, 32)


@pytest.mark.parametrize(("sr", "hop"), [(SR, 512), (44100, 512), (SR, 192)],
                         ids=["22050Hz-hop512", "early-downsampling", "odd-hop-octave"])
def test_tonnetz_cqt_equals_librosa(sr, hop):
    from skser.features import _cqt

    y = librosa.resample(make_chirp(sr=SR, duration=2.0), orig_sr=SR, target_sr=sr)
    y = y + 0.05 * np.random.default_rng(0).standard_normal(y.size).astype(np.float32)
    assert _cqt._cqt_plan(sr, hop, 0.0, "<c8")[0] == (1 if sr == 44100 else 0)
    ref = librosa.feature.tonnetz(y=y, sr=sr, hop_length=hop)
    out = _cqt.tonnetz_cqt(y, sr, hop)
    assert out.shape == ref.shape
    assert_allclose(out, ref, rtol=1e-5, atol=1e-5 * np.abs(ref).max())
