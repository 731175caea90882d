"""Speech regions, windows and emotion timelines of long recordings (skser.timeline)."""

import tracemalloc
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest
import soundfile as sf
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from synthetic import make_noise, make_tone

from skser.exceptions import AudioFileError, DegenerateAudioWarning, InvalidAudioError
from skser.features import LogMel, StatsPooling
from skser.timeline import (
    detect_speech,
    plot_timeline,
    predict_timeline,
    segment_windows,
    webrtc_available,
)

matplotlib.use("Agg")

SR = 16000
#: (start_s, end_s, kind) of the bursts of the 40 s test recording; silence between
BURSTS = [(1.0, 4.0, "tone"), (5.5, 7.0, "noise"), (9.0, 15.5, "tone"), (17.2, 18.5, "noise"),
          (21.0, 27.4, "noise"), (30.0, 33.0, "tone"), (35.0, 38.8, "noise")]
METHODS = ["energy", pytest.param("webrtc", marks=pytest.mark.skipif(
    not webrtc_available(), reason="webrtcvad (webrtc-wheels) is not installed"))]


def _burst(kind, seconds, sr, seed):
    if kind == "tone":
        return make_tone(freq=300.0 + 10 * seed, duration=seconds, sr=sr, amplitude=0.4)
    return make_noise(duration=seconds, sr=sr, seed=seed, amplitude=0.15)


def _recording(sr=SR, seconds=40.0, bursts=BURSTS):
    y = make_noise(duration=seconds, sr=sr, seed=99, amplitude=1e-4)  # a faint floor
    for k, (a, b, kind) in enumerate(bursts):
        seg = _burst(kind, b - a, sr, k)
        i = int(round(a * sr))
        y[i:i + seg.size] = seg
    return y


@pytest.fixture(scope="module")
def long_wav(tmp_path_factory):
    path = tmp_path_factory.mktemp("long") / "meeting.wav"
    sf.write(path, _recording(), SR, subtype="PCM_16")
    return path


@pytest.fixture(scope="module")
def model():
    """Tones vs noise: LogMel statistics and a logistic regression."""
    X, y = [], []
    for i in range(10):
        X += [_burst("tone", 1.0 + 0.25 * i, SR, i), _burst("noise", 1.0 + 0.25 * i, SR, i)]
        y += ["tone", "noise"]
    pipe = make_pipeline(LogMel(n_frames=300), StatsPooling(), LogisticRegression(max_iter=500))
    return pipe.fit(X, y)


class Recorder(ClassifierMixin, BaseEstimator):
    """Remembers the X it is given; labels every row "x", without predict_proba."""

    def fit(self, X, y=None):
        self.classes_ = np.array(["x"])
        return self

    def predict(self, X):
        self.seen_ = X
        return np.array(["x"] * len(X))


# --------------------------------------------------------------------------- detect_speech


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("native_sr", [16000, 44100])
def test_detect_speech_finds_the_bursts(long_wav, tmp_path, method, native_sr):
    path = long_wav
    if native_sr != SR:  # read at 44.1 kHz, resampled block by block
        path = tmp_path / "meeting44.wav"
        sf.write(path, _recording(sr=native_sr), native_sr, subtype="PCM_16")
    regions = detect_speech(path, method=method)
    expected = np.array([(a, b) for a, b, _ in BURSTS])
    assert regions.shape == expected.shape
    np.testing.assert_allclose(regions, expected, atol=0.1)


@pytest.mark.parametrize("method", METHODS)
def test_detect_speech_waveform_and_file_agree(long_wav, method):
    y, _ = sf.read(long_wav, dtype="float32")
    np.testing.assert_allclose(detect_speech(y, method=method),
                               detect_speech(long_wav, method=method), atol=0.011)


def test_detect_speech_closes_short_pauses_and_drops_short_regions():
    y = _recording(seconds=10.0, bursts=[(1.0, 2.0, "noise"), (2.2, 3.0, "noise"),
                                        (5.0, 5.2, "noise"), (7.0, 8.0, "tone")])
    regions = detect_speech(y, method="energy", min_silence=0.3, min_speech=0.3)
    np.testing.assert_allclose(regions, [[1.0, 3.0], [7.0, 8.0]], atol=0.02)
    # a longer min_silence threshold does not split; a shorter one keeps the 0.2 s pause
    regions = detect_speech(y, method="energy", min_silence=0.1, min_speech=0.1)
    np.testing.assert_allclose(regions, [[1.0, 2.0], [2.2, 3.0], [5.0, 5.2], [7.0, 8.0]],
                               atol=0.02)


@pytest.mark.parametrize("method", ["auto", *METHODS])
def test_silent_recording_has_no_regions(tmp_path, method):
    path = tmp_path / "silent.wav"
    sf.write(path, np.zeros(30 * SR, dtype=np.float32), SR)
    regions = detect_speech(path, method=method)
    assert regions.shape == (0, 2)


def test_detect_speech_reads_in_blocks(tmp_path):
    """20 min at 8 kHz, written in chunks: the peak of traced memory stays far below the
    decoded size (38 MB as float32 at 8 kHz, 77 MB at the 16 kHz of the analysis)."""
    sr, minutes = 8000, 20
    path = tmp_path / "hour.wav"
    with sf.SoundFile(path, "w", samplerate=sr, channels=1, subtype="PCM_16") as f:
        for k in range(minutes * 6):  # 10 s chunks: 5 s of noise, 5 s of silence
            chunk = np.zeros(10 * sr, dtype=np.float32)
            chunk[:5 * sr] = make_noise(duration=5.0, sr=sr, seed=k, amplitude=0.1)
            f.write(chunk)
    decoded = minutes * 60 * sr * 4
    tracemalloc.start()
    try:
        regions = detect_speech(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(regions) == minutes * 6
    np.testing.assert_allclose(regions[:, 0], np.arange(minutes * 6) * 10.0, atol=0.1)
    assert peak < decoded / 10, (peak, decoded)


def test_detect_speech_errors_name_the_file(tmp_path):
    with pytest.raises(AudioFileError, match="nothere.wav"):
        detect_speech(tmp_path / "nothere.wav")
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF not really audio" * 10)
    with pytest.raises(InvalidAudioError, match="bad.wav"):
        detect_speech(bad)
    with pytest.raises(ValueError, match="method"):
        detect_speech(np.zeros(SR), method="magic")
    with pytest.raises(ValueError, match="1-D"):
        detect_speech(np.zeros((2, SR)))
    if webrtc_available():
        with pytest.raises(ValueError, match="8000, 16000, 32000, 48000"):
            detect_speech(np.zeros(SR), sr=22050, method="webrtc")


# --------------------------------------------------------------------------- windows


def test_windows_tile_the_regions():
    regions = np.array([[1.0, 4.0], [5.5, 7.0], [9.0, 15.5], [17.0, 17.6]])
    w = segment_windows(regions, window=3.0, min_window=1.0)
    # the 0.6 s region is dropped; the others are tiled exactly, without overlap
    np.testing.assert_allclose(w[[0, 1, 2, -1]], [[1.0, 4.0], [5.5, 7.0], [9.0, 11.1667],
                                                  [13.3333, 15.5]], atol=1e-4)
    assert len(w) == 5
    assert np.all(np.diff(w, axis=1) <= 3.0 + 1e-9)
    for a, b in regions[:3]:
        inside = w[(w[:, 0] >= a) & (w[:, 1] <= b)]
        assert inside[0, 0] == a and inside[-1, 1] == b
        np.testing.assert_allclose(inside[1:, 0], inside[:-1, 1])  # no gap, no overlap
    assert len(segment_windows(regions, min_window=0)) == 6


def test_windows_with_a_hop_overlap_and_end_at_the_region():
    w = segment_windows([[0.0, 7.0]], window=3.0, hop=1.5)
    np.testing.assert_allclose(w, [[0.0, 3.0], [1.5, 4.5], [3.0, 6.0], [4.0, 7.0]])
    assert segment_windows(np.zeros((0, 2))).shape == (0, 2)
    with pytest.raises(ValueError, match="end_s >= start_s"):
        segment_windows([[3.0, 1.0]])
    with pytest.raises(ValueError, match="window"):
        segment_windows([[0.0, 1.0]], window=0)


# --------------------------------------------------------------------------- predict_timeline


def test_predict_timeline_labels_tones_and_noise(model, long_wav):
    tl = predict_timeline(model, long_wav, file_id="meeting")
    assert list(tl.columns) == ["file", "start_s", "end_s", "label", "confidence",
                                "proba_noise", "proba_tone"]
    assert (tl["file"] == "meeting").all()
    assert len(tl) == 12
    starts, ends = tl["start_s"].to_numpy(), tl["end_s"].to_numpy()
    assert np.all(np.diff(starts) > 0) and np.all(ends > starts)
    assert starts[0] >= 0 and ends[-1] <= 40.0 and np.all(ends[:-1] <= starts[1:] + 1e-9)
    for row in tl.itertuples():
        mid = (row.start_s + row.end_s) / 2
        kind = next(k for a, b, k in BURSTS if a <= mid <= b)
        assert row.label == kind, row
    np.testing.assert_allclose(tl[["proba_noise", "proba_tone"]].sum(axis=1), 1.0)
    np.testing.assert_allclose(tl["confidence"], tl[["proba_noise", "proba_tone"]].max(axis=1))
    assert tl.attrs["duration_s"] == pytest.approx(40.0)


def test_speaker_norm_decides_the_speaker_ids(long_wav):
    rec = Recorder().fit(None)
    tl = predict_timeline(rec, long_wav, file_id="m", sr=8000)
    X = rec.seen_
    assert list(X.columns) == ["audio", "speaker"]
    assert set(X["speaker"]) == {"m"} and len(X) == len(tl) == 12
    # the waveforms are the windows, at the sampling rate asked for
    lengths = np.array([len(a) for a in X["audio"]])
    np.testing.assert_allclose(lengths, (tl["end_s"] - tl["start_s"]) * 8000, atol=1)
    tl = predict_timeline(rec, long_wav, file_id="m", speaker_norm=False, batch_size=5)
    assert len(set(rec.seen_["speaker"])) == len(rec.seen_) == 12 - 10  # last batch of 2
    assert list(tl.columns) == ["file", "start_s", "end_s", "label", "confidence"]
    assert (tl["label"] == "x").all() and tl["confidence"].isna().all()


def test_degenerate_window_gets_no_label(tmp_path, model):
    """A window whose waveform reaches the extractor as digital silence gives NaN
    features: it gets no label and NaN probabilities, the other window is labelled."""
    path = tmp_path / "gap.wav"
    y = _recording(seconds=20.0, bursts=[(1.0, 4.0, "tone"), (6.0, 9.0, "noise")])
    sf.write(path, y, SR, subtype="FLOAT")
    pipe = Pipeline([("silence", _ZeroSecond()), *model.steps])
    with pytest.warns(DegenerateAudioWarning, match=r"1 window\(s\) of .*gap.wav"):
        tl = predict_timeline(pipe, path)
    assert list(tl["label"]) == ["tone", ""]
    assert np.isnan(tl.loc[1, "confidence"]) and tl.iloc[1, 5:].isna().all()
    assert tl.loc[0, "confidence"] > 0.9


class _ZeroSecond(BaseEstimator):
    """Stateless step that silences the second waveform of an ``audio`` DataFrame."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        X = X.copy()
        audio = list(X["audio"])
        if len(audio) > 1:
            audio[1] = np.zeros_like(audio[1])
        X["audio"] = pd.Series(audio, dtype=object, index=X.index)
        return X


def test_silent_file_gives_an_empty_timeline(tmp_path, model):
    path = tmp_path / "silent.wav"
    sf.write(path, np.zeros(30 * SR, dtype=np.float32), SR)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tl = predict_timeline(model, path)
    assert len(tl) == 0
    assert list(tl.columns) == ["file", "start_s", "end_s", "label", "confidence",
                                "proba_noise", "proba_tone"]


def test_predict_timeline_rejects_bad_arguments(model, long_wav):
    with pytest.raises(ValueError, match="window"):
        predict_timeline(model, long_wav, window=-1)
    with pytest.raises(ValueError, match="estimator"):
        predict_timeline(object(), long_wav)


# --------------------------------------------------------------------------- plot


def test_plot_timeline_draws_bands_and_labels(model, long_wav, tmp_path):
    tl = predict_timeline(model, long_wav, file_id="meeting")
    ax = plot_timeline(tl)
    assert ax.get_xlabel() == "time (s)"
    assert ax.get_xlim() == (0.0, pytest.approx(40.0))
    # one bar per window and class, whose heights are the probabilities
    heights = np.array([p.get_height() for p in ax.patches[:2 * len(tl)]])
    np.testing.assert_allclose(heights, np.r_[tl["proba_noise"], tl["proba_tone"]], atol=1e-6)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["noise", "tone"]
    colours = {h.get_label(): h.get_facecolor() for h in ax.get_legend().legend_handles}
    assert colours["noise"] != colours["tone"]
    assert {t.get_text() for t in ax.texts} >= {"tone", "noise"}
    ax.figure.savefig(tmp_path / "t.png")
    assert (tmp_path / "t.png").stat().st_size > 5000


def test_plot_timeline_empty_and_bad_input():
    empty = pd.DataFrame(columns=["file", "start_s", "end_s", "label", "confidence"])
    empty.attrs.update(duration_s=30.0, file_id="silent")
    ax = plot_timeline(empty)
    assert "no speech found" in [t.get_text() for t in ax.texts]
    assert ax.get_title(loc="left") == "silent"
    with pytest.raises(ValueError, match="lacks the column"):
        plot_timeline(pd.DataFrame({"start_s": [0.0]}))
    two = pd.DataFrame({"file": ["a", "b"], "start_s": [0.0, 1.0], "end_s": [1.0, 2.0],
                        "label": ["x", "y"]})
    with pytest.raises(ValueError, match="holds 2 files"):
        plot_timeline(two)


def test_without_webrtcvad_auto_falls_back_to_the_energy_rule(long_wav, monkeypatch):
    import skser.timeline

    expected = detect_speech(long_wav, method="energy")
    monkeypatch.setattr(skser.timeline, "webrtc_available", lambda: False)
    np.testing.assert_array_equal(detect_speech(long_wav), expected)
    with pytest.raises(ImportError, match="pip install webrtcvad-wheels"):
        detect_speech(long_wav, method="webrtc")


def test_bundled_model_labels_a_long_recording(tmp_path):
    # the bundled model was fitted on a corpus frame (path and speaker columns): the
    # window waveforms must reach it under the column names it checks
    from skser.bundled import load_default_model
    from skser.timeline import predict_timeline

    sr = 16000
    rng = np.random.default_rng(1)
    parts = []
    for _ in range(4):
        parts += [0.3 * rng.standard_normal(int(2.5 * sr)), np.zeros(sr)]
    path = tmp_path / "long.wav"
    sf.write(path, np.concatenate(parts).astype(np.float32), sr)
    model = load_default_model()
    timeline = predict_timeline(model, path, window=2.5)
    assert len(timeline) == 4
    assert set(timeline["label"]) <= set(model.classes_)
    probas = timeline[[f"proba_{c}" for c in model.classes_]].to_numpy()
    np.testing.assert_allclose(probas.sum(axis=1), 1.0, rtol=1e-6)
