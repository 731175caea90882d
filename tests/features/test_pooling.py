"""StatsPooling: statistics over frames, names, pandas output, padding mask."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.pipeline import make_pipeline

from skser.features import MFCC, StatsPooling


@pytest.fixture
def frames():
    return np.random.default_rng(0).normal(size=(4, 30, 5)).astype(np.float32)


def test_statistics_and_order(frames):
    pool = StatsPooling(stats=("mean", "std", "min", "max", "median", "var", "range"))
    out = pool.fit_transform(frames)
    assert out.shape == (4, 35) and out.dtype == np.float32
    expected = np.concatenate([frames.mean(1), frames.std(1), frames.min(1), frames.max(1),
                               np.median(frames, 1), frames.var(1), np.ptp(frames, 1)], axis=1)
    assert_allclose(out, expected, rtol=1e-5, atol=1e-6)


def test_feature_names(frames):
    pool = StatsPooling(prefix="mfcc").fit(frames)
    names = pool.get_feature_names_out()
    assert list(names[:2]) == ["mfcc0_mean", "mfcc1_mean"]
    assert list(names[5:7]) == ["mfcc0_std", "mfcc1_std"]
    bins = [f"b{i}" for i in range(5)]
    assert pool.get_feature_names_out(bins)[-1] == "b4_std"
    with pytest.raises(ValueError, match="input_features has 2 names, expected n_bins_=5"):
        pool.get_feature_names_out(["a", "b"])


def test_pandas_output_in_a_pipeline():
    y = [np.random.default_rng(i).normal(size=8000).astype(np.float32) * 0.1 for i in range(3)]
    # frame-level extractors have no column names (3-D output): set it on the pooling step
    pipe = make_pipeline(MFCC(n_frames=20),
                         StatsPooling(prefix="mfcc").set_output(transform="pandas"))
    frame = pipe.fit_transform(y)
    assert isinstance(frame, pd.DataFrame)
    assert frame.shape == (3, 26) and frame.columns[13] == "mfcc0_std"


def test_ignore_value_drops_padded_frames(frames):
    padded = np.concatenate([frames, np.zeros((4, 10, 5), np.float32)], axis=1)
    out = StatsPooling(ignore_value=0.0).fit_transform(padded)
    assert_allclose(out, StatsPooling().fit_transform(frames), rtol=1e-5, atol=1e-6)
    all_pad = np.zeros((1, 10, 5), np.float32)
    assert np.all(np.isnan(StatsPooling(ignore_value=0.0).fit_transform(all_pad)))


def test_two_d_input_is_one_frame_per_recording():
    X = np.arange(12, dtype=np.float32).reshape(3, 4)
    out = StatsPooling().fit_transform(X)
    assert_array_equal(out[:, :4], X)
    assert_array_equal(out[:, 4:], 0.0)


@pytest.mark.parametrize("stats, match", [
    (("mean", "mode"), r"unknown statistic\(s\) \['mode'\]"),
    ((), "stats is empty"),
    (("mean", "mean"), "duplicates"),
])
def test_bad_stats(frames, stats, match):
    with pytest.raises(ValueError, match=match):
        StatsPooling(stats=stats).fit(frames)


def test_bin_count_must_match_fit(frames):
    pool = StatsPooling().fit(frames)
    with pytest.raises(ValueError, match="X has 3 features, but StatsPooling is expecting 5"):
        pool.transform(frames[:, :, :3])
    with pytest.raises(ValueError, match="expected 3-D"):
        pool.transform(np.zeros((2, 3, 4, 5)))


def test_clone_and_single_stat(frames):
    pool = clone(StatsPooling(stats="max"))
    assert pool.fit_transform(frames).shape == (4, 5)
    assert pool.get_params() == {"stats": "max", "prefix": "x", "ignore_value": None}
