"""SpecAugment: masks are whole bands / frame runs, bounded, seeded, shape-preserving."""

import os
import pickle

import numpy as np
import pytest

from skser.augmentation import SpecAugment

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def batch(n=16, frames=50, bins=20, seed=0):
    # strictly positive, so a 0 marks a masked cell
    return np.random.default_rng(seed).uniform(1, 2, size=(n, frames, bins)).astype(np.float32)


def test_shape_dtype_and_input_untouched():
    X = batch()
    before = X.copy()
    out = SpecAugment()(X, np.random.default_rng(0))
    assert out.shape == X.shape and out.dtype == X.dtype
    np.testing.assert_array_equal(X, before)
    assert (out == 0).any()
    kept = out != 0
    np.testing.assert_array_equal(out[kept], X[kept])


def test_masks_are_whole_bands_and_frame_runs_within_limits():
    aug = SpecAugment(freq_mask=5, time_mask=7, n_freq_masks=2, n_time_masks=1)
    X = batch(n=64)
    out = aug(X, np.random.default_rng(1))
    masked = out == 0
    for m in masked:
        full_bins = m.all(axis=0)  # bands masked in every frame
        full_frames = m.all(axis=1)  # frames masked in every band
        # every masked cell belongs to a masked band or a masked frame
        assert np.array_equal(m, full_bins[None, :] | full_frames[:, None])
        assert full_bins.sum() <= 2 * 5
        assert full_frames.sum() <= 7
        if full_frames.any():  # one time mask: one contiguous run
            idx = np.flatnonzero(full_frames)
            assert idx[-1] - idx[0] + 1 == len(idx)
    assert masked.any(axis=(1, 2)).mean() > 0.5  # most samples got some mask


def test_zero_width_is_identity_and_mask_value():
    X = batch()
    np.testing.assert_array_equal(
        SpecAugment(freq_mask=0, time_mask=0)(X, np.random.default_rng(0)), X)
    out = SpecAugment(mask_value=-3.0, freq_mask=20, n_time_masks=0)(X, np.random.default_rng(0))
    assert (out == -3.0).any() and not (out == 0).any()


def test_seeded():
    X = batch()
    a = SpecAugment()(X, np.random.default_rng(5))
    b = SpecAugment()(X, np.random.default_rng(5))
    c = SpecAugment()(X, np.random.default_rng(6))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_channel_axis_and_bad_shapes():
    X = batch()[..., None]
    out = SpecAugment()(X, np.random.default_rng(0))
    assert out.shape == X.shape and (out == 0).any()
    with pytest.raises(ValueError, match=r"SpecAugment needs frame-level batches.*\(4, 10\)"):
        SpecAugment()(np.ones((4, 10)), np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"The 'time_mask' parameter of SpecAugment must be an "
                       r"int in the range \[0, inf\)\. Got -1 instead"):
        SpecAugment(time_mask=-1)(batch(), np.random.default_rng(0))


@pytest.mark.parametrize(
    "name, bad",
    [("freq_mask", 2.5), ("time_mask", -1), ("n_freq_masks", -2), ("n_time_masks", "2"),
     ("mask_value", "zero")],
)
def test_each_parameter_checked(name, bad):
    with pytest.raises(ValueError, match=f"The '{name}' parameter of SpecAugment must be"):
        SpecAugment(**{name: bad})(batch(), np.random.default_rng(0))


def test_repr_equality_pickle():
    aug = SpecAugment(freq_mask=4)
    assert repr(aug) == "SpecAugment(freq_mask=4)"
    assert pickle.loads(pickle.dumps(aug)) == aug
    assert aug != SpecAugment()


def test_in_classifier_fit_clone_and_joblib(tmp_path):
    import joblib
    from sklearn.base import clone

    from skser.models import TemporalCNN

    rng = np.random.default_rng(0)
    y = np.repeat(["anger", "sadness"], 20)
    X = rng.normal(size=(40, 30, 8)).astype(np.float32)
    X[y == "anger", :, :4] += 2.0
    clf = TemporalCNN(filters=(8,), epochs=8, learning_rate=1e-2, augment=SpecAugment(
        freq_mask=2, time_mask=5), random_state=0)
    assert clone(clf).get_params()["augment"] == clf.augment
    clf.fit(X, y)
    assert clf.score(X, y) > 0.9
    joblib.dump(clf, tmp_path / "m.joblib")
    again = joblib.load(tmp_path / "m.joblib")
    np.testing.assert_allclose(again.predict_proba(X), clf.predict_proba(X), rtol=1e-5, atol=1e-6)
