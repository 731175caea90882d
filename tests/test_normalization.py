"""Tests for skser.normalization.SpeakerNormalizer."""

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, RegressorMixin, TransformerMixin, clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import (
    GridSearchCV,
    GroupKFold,
    LeaveOneGroupOut,
    cross_val_predict,
    cross_validate,
)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.estimator_checks import parametrize_with_checks

from skser.normalization import SpeakerNormalizer


def _frame(n_speakers=4, n_per=6, n_features=3, seed=0):
    """Speakers with very different offsets/scales; returns (X DataFrame, y, groups)."""
    rng = np.random.default_rng(seed)
    rows, y, g = [], [], []
    for s in range(n_speakers):
        offset = rng.uniform(-100, 100, n_features)
        scale = rng.uniform(0.5, 20, n_features)
        for i in range(n_per):
            label = i % 2
            rows.append(offset + scale * ((2 * label - 1) + 0.3 * rng.standard_normal(n_features)))
            y.append(label)
            g.append(f"spk{s}")
    X = pd.DataFrame(np.array(rows), columns=[f"f{j}" for j in range(n_features)])
    X.insert(0, "speaker", g)
    return X, np.array(y), np.array(g)


def _zscore_per_speaker(F, g):
    out = np.empty_like(F, dtype=np.float64)
    for s in np.unique(g):
        m = g == s
        out[m] = (F[m] - F[m].mean(0)) / F[m].std(0)
    return out


class _Echo(RegressorMixin, BaseEstimator):
    """'Predicts' the first input feature: exposes what the model sees at predict time."""

    def fit(self, X, y):
        self.n_features_in_ = np.asarray(X).shape[1]
        return self

    def predict(self, X):
        return np.asarray(X)[:, 0]


class _ToFrames(TransformerMixin, BaseEstimator):
    """Inner extractor: maps each row's ``key`` to a stored (n_frames, n_bins) array."""

    def __init__(self, store=None):
        self.store = store

    def fit(self, X, y=None):
        self.fitted_on_ = list(X.columns)
        return self

    def transform(self, X):
        return np.stack([self.store[k] for k in X["key"]])


# ------------------------------------------------------------------ core behaviour
def test_fit_transform_standardizes_each_speaker():
    X, _, g = _frame()
    Z = SpeakerNormalizer().fit_transform(X)
    assert Z.dtype == np.float32 and Z.shape == (len(X), 3)
    for s in np.unique(g):
        np.testing.assert_allclose(Z[g == s].mean(0), 0, atol=1e-5)
        np.testing.assert_allclose(Z[g == s].std(0), 1, atol=1e-5)
    np.testing.assert_allclose(Z, _zscore_per_speaker(X.iloc[:, 1:].to_numpy(), g), rtol=1e-5)


def test_transform_uses_the_new_speakers_own_statistics():
    X, _, g = _frame()
    train, test = g != "spk3", g == "spk3"
    norm = SpeakerNormalizer().fit(X[train])
    Z = norm.transform(X[test])
    F = X[test].iloc[:, 1:].to_numpy()
    np.testing.assert_allclose(Z, (F - F.mean(0)) / F.std(0), rtol=1e-5)
    # and not the training statistics
    assert not np.allclose(Z, (F - norm.mean_) / norm.scale_, atol=1e-2)
    np.testing.assert_array_equal(norm.speakers_, ["spk0", "spk1", "spk2"])


def test_fit_then_transform_equals_fit_transform():
    X, y, _ = _frame()
    a = SpeakerNormalizer().fit_transform(X, y)
    b = SpeakerNormalizer().fit(X, y).transform(X)
    np.testing.assert_allclose(a, b)


def test_cross_val_predict_normalizes_test_speaker_with_its_own_statistics():
    """Each held-out speaker is normalized by its own statistics, with plain sklearn and
    no metadata routing.

    ``_Echo`` returns the first normalized feature each test row reaches the model
    with; it must equal the z-score of that row within its own (held-out) speaker.
    """
    X, _, g = _frame(n_speakers=5)
    target = X["f0"].to_numpy()
    seen = cross_val_predict(
        make_pipeline(SpeakerNormalizer(), _Echo()), X, target, groups=g, cv=LeaveOneGroupOut()
    )
    expected = _zscore_per_speaker(X[["f0"]].to_numpy(), g)[:, 0]
    np.testing.assert_allclose(seen, expected, rtol=1e-5, atol=1e-6)


def test_only_per_speaker_normalization_classifies_unseen_speakers():
    # the class is a within-speaker offset buried under large speaker offsets
    X, y, g = _frame(n_speakers=6, n_per=8, n_features=2, seed=1)
    cv = LeaveOneGroupOut()
    clf = make_pipeline(SpeakerNormalizer(), LogisticRegression())
    assert cross_validate(clf, X, y, groups=g, cv=cv)["test_score"].min() == 1.0
    base = make_pipeline(SpeakerNormalizer(mode="global"), LogisticRegression())
    assert cross_validate(base, X, y, groups=g, cv=cv)["test_score"].mean() < 0.8


def test_grid_search_with_inner_group_kfold():
    X, y, g = _frame(n_speakers=6, n_per=8, n_features=2, seed=2)
    search = GridSearchCV(
        make_pipeline(SpeakerNormalizer(), LogisticRegression()),
        {"speakernormalizer__mode": ["speaker", "global"]},
        cv=GroupKFold(n_splits=3),
    )
    search.fit(X, y, groups=g)
    assert search.best_params_ == {"speakernormalizer__mode": "speaker"}
    assert search.best_score_ == 1.0


# ----------------------------------------------------------------- modes, fallback
def test_global_and_2d_utterance_modes_equal_standard_scaler():
    X, _, g = _frame()
    ref = StandardScaler().fit_transform(X.iloc[:, 1:])
    for mode in ("global", "utterance"):
        np.testing.assert_allclose(SpeakerNormalizer(mode=mode).fit_transform(X), ref, rtol=1e-5)


def test_single_utterance_speaker_falls_back_to_training_statistics_2d():
    X, _, g = _frame()
    norm = SpeakerNormalizer().fit(X)
    one = X.iloc[[0]]
    expected = (one.iloc[:, 1:].to_numpy() - norm.mean_) / norm.scale_
    np.testing.assert_allclose(norm.transform(one), expected, rtol=1e-5)


def test_min_utterances_controls_the_fallback():
    X, _, g = _frame(n_per=6)
    norm = SpeakerNormalizer(min_utterances=7).fit(X)
    np.testing.assert_allclose(
        norm.transform(X), StandardScaler().fit_transform(X.iloc[:, 1:]), rtol=1e-5
    )


@pytest.mark.parametrize("with_mean, with_std", [(True, False), (False, True), (False, False)])
def test_with_mean_with_std(with_mean, with_std):
    X, _, g = _frame()
    F = X.iloc[:, 1:].to_numpy()
    Z = SpeakerNormalizer(with_mean=with_mean, with_std=with_std).fit_transform(X)
    for s in np.unique(g):
        m = g == s
        exp = F[m] - (F[m].mean(0) if with_mean else 0)
        exp = exp / (F[m].std(0) if with_std else 1)
        np.testing.assert_allclose(Z[m], exp, rtol=1e-5)


def test_constant_feature_of_a_speaker_stays_finite():
    X = pd.DataFrame({"speaker": ["a", "a", "b", "b"], "f": [3.0, 3.0, 1.0, 2.0]})
    Z = SpeakerNormalizer().fit_transform(X)
    np.testing.assert_allclose(Z.ravel(), [0, 0, -1, 1])


# ----------------------------------------------------------------- frame level (3-D)
def _frames_data(seed=0):
    rng = np.random.default_rng(seed)
    store, speakers = {}, []
    for s in range(3):
        off = rng.uniform(-50, 50, 4)
        for i in range(3):
            store[f"s{s}u{i}"] = off + rng.uniform(1, 5) * rng.standard_normal((10, 4))
            speakers.append(f"s{s}")
    X = pd.DataFrame({"speaker": speakers, "key": list(store)})
    return X, store


def test_3d_speaker_mode_normalizes_per_bin_over_all_frames_of_the_speaker():
    X, store = _frames_data()
    norm = SpeakerNormalizer(_ToFrames(store))
    Z = norm.fit_transform(X)
    assert Z.shape == (9, 10, 4)
    assert norm.transformer_.fitted_on_ == ["key"]  # the speaker column is not passed on
    for s in ("s0", "s1", "s2"):
        block = Z[(X["speaker"] == s).to_numpy()].reshape(-1, 4)
        np.testing.assert_allclose(block.mean(0), 0, atol=1e-5)
        np.testing.assert_allclose(block.std(0), 1, atol=1e-5)
        # the utterances of a speaker are not each centred on their own
        assert np.abs(Z[(X["speaker"] == s).to_numpy()].mean(1)).max() > 1e-3
    assert norm.mean_.shape == (4,)


def test_3d_utterance_mode_normalizes_each_utterance_over_its_frames():
    X, store = _frames_data()
    Z = SpeakerNormalizer(_ToFrames(store), mode="utterance").fit_transform(X)
    np.testing.assert_allclose(Z.mean(1), 0, atol=1e-5)
    np.testing.assert_allclose(Z.std(1), 1, atol=1e-5)


def test_3d_single_utterance_speaker_uses_its_own_frames():
    X, store = _frames_data()
    norm = SpeakerNormalizer(_ToFrames(store)).fit(X.iloc[:6])
    Z = norm.transform(X.iloc[[6]])
    F = store[X["key"].iloc[6]]
    np.testing.assert_allclose(Z[0], (F - F.mean(0)) / F.std(0), rtol=1e-4)


def test_3d_global_mode_uses_pooled_training_statistics():
    X, store = _frames_data()
    norm = SpeakerNormalizer(_ToFrames(store), mode="global").fit(X)
    F = np.stack([store[k] for k in X["key"]]).reshape(-1, 4)
    np.testing.assert_allclose(norm.mean_, F.mean(0))
    np.testing.assert_allclose(norm.transform(X).reshape(-1, 4).mean(0), 0, atol=1e-5)


# ----------------------------------------------------------------- input variants
def test_ndarray_with_positional_speaker_column():
    X, _, g = _frame()
    codes = np.unique(g, return_inverse=True)[1].astype(float)
    A = np.column_stack([X.iloc[:, 1:].to_numpy(), codes])
    Z = SpeakerNormalizer(speaker_column=-1).fit_transform(A)
    np.testing.assert_allclose(Z, SpeakerNormalizer().fit_transform(X), rtol=1e-5)
    names = SpeakerNormalizer(speaker_column=-1).fit(A).get_feature_names_out()
    np.testing.assert_array_equal(names, ["x0", "x1", "x2"])


def test_feature_names_and_pandas_output():
    X, _, _ = _frame()
    norm = SpeakerNormalizer().set_output(transform="pandas").fit(X)
    np.testing.assert_array_equal(norm.get_feature_names_out(), ["f0", "f1", "f2"])
    out = norm.transform(X)
    assert list(out.columns) == ["f0", "f1", "f2"]


def test_clone_get_params_and_pickle():
    X, y, _ = _frame()
    norm = SpeakerNormalizer(StandardScaler(), mode="utterance", min_utterances=3)
    params = clone(norm).get_params()
    assert params["mode"] == "utterance" and params["min_utterances"] == 3
    assert "transformer__with_mean" in params
    norm.fit(X.drop(columns=[]), y)
    again = pickle.loads(pickle.dumps(norm))
    np.testing.assert_allclose(again.transform(X), norm.transform(X))
    assert not hasattr(clone(norm), "mean_")


def test_input_data_is_not_changed():
    X, y, _ = _frame()
    before = X.copy()
    SpeakerNormalizer().fit(X).transform(X)
    pd.testing.assert_frame_equal(X, before)


# ----------------------------------------------------------------- errors
def test_missing_speaker_column():
    X, _, _ = _frame()
    with pytest.raises(ValueError, match="no speaker column 'talker'"):
        SpeakerNormalizer(speaker_column="talker").fit(X)


def test_array_with_column_name():
    X, _, _ = _frame()
    with pytest.raises(ValueError, match="not a DataFrame"):
        SpeakerNormalizer().fit(X.iloc[:, 1:].to_numpy())


def test_positional_column_out_of_range():
    with pytest.raises(ValueError, match="out of range"):
        SpeakerNormalizer(speaker_column=5).fit(np.zeros((4, 2)))


def test_non_numeric_features_without_transformer():
    X = pd.DataFrame({"speaker": ["a", "b"], "path": ["x.wav", "y.wav"]})
    with pytest.raises(ValueError, match="needs numeric feature columns"):
        SpeakerNormalizer().fit(X)


def test_nan_features():
    X, _, _ = _frame()
    X.loc[0, "f1"] = np.nan
    with pytest.raises(ValueError, match="NaN or infinite"):
        SpeakerNormalizer().fit(X)


def test_columns_differ_from_fit():
    X, _, _ = _frame()
    norm = SpeakerNormalizer().fit(X)
    with pytest.raises(ValueError, match="columns of X differ"):
        norm.transform(X.rename(columns={"f1": "g1"}))


def test_transform_before_fit():
    X, _, _ = _frame()
    with pytest.raises(NotFittedError):
        SpeakerNormalizer().transform(X)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"mode": "corpus"}, "mode"),
        ({"min_utterances": 0}, "min_utterances"),
        ({"with_std": "yes"}, "with_std"),
        ({"speaker_column": 1.5}, "speaker_column"),
        ({"transformer": "logmel"}, "transformer"),
    ],
)
def test_parameter_constraints(params, match):
    X, _, _ = _frame()
    with pytest.raises(InvalidParameterError, match=match):
        SpeakerNormalizer(**params).fit(X)


# ----------------------------------------------------------------- sklearn checks
# The generic checks feed plain numeric arrays, so they run with the speaker id in
# column 0; random floats there make every row its own "speaker" (the global
# fallback), which is the only behaviour the generic data can exercise.
_EXPECTED_FAILED = {
    "check_dtype_object": (
        "column 0 is the speaker id, which may be any object (strings, dicts are "
        "turned into their str); the check expects a TypeError for a non-numeric "
        "value placed exactly there"
    ),
}


@parametrize_with_checks(
    [SpeakerNormalizer(speaker_column=0)],
    expected_failed_checks=lambda est: _EXPECTED_FAILED,
)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


# ----------------------------------------------------------------- class-balanced
def test_class_balanced_training_statistics():
    # speaker a: 3 rows of class 0 at 0.0 and 1 row of class 1 at 4.0
    X = pd.DataFrame({"speaker": ["a"] * 4 + ["b"] * 2, "f": [0.0, 0.0, 0.0, 4.0, 1.0, 3.0]})
    y = np.array([0, 0, 0, 1, 0, 1])
    Z = SpeakerNormalizer(class_balanced=True).fit_transform(X, y)
    # balanced mean of a = (0 + 4) / 2 = 2, balanced std = 2
    np.testing.assert_allclose(Z[:4, 0], [-1, -1, -1, 1])
    np.testing.assert_allclose(Z[4:, 0], [-1, 1])
    plain = SpeakerNormalizer().fit_transform(X, y)
    assert not np.allclose(plain[:4, 0], [-1, -1, -1, 1])
    # without y, or in transform, plain statistics
    np.testing.assert_allclose(SpeakerNormalizer(class_balanced=True).fit_transform(X), plain)
    np.testing.assert_allclose(SpeakerNormalizer(class_balanced=True).fit(X, y).transform(X), plain)


def test_class_balanced_test_speaker_uses_plain_statistics_in_cross_val_predict():
    X, y, g = _frame(n_speakers=4, seed=3)
    target = X["f0"].to_numpy()
    seen = cross_val_predict(
        make_pipeline(SpeakerNormalizer(class_balanced=True), _Echo()),
        X,
        target,
        groups=g,
        cv=LeaveOneGroupOut(),
    )
    np.testing.assert_allclose(seen, _zscore_per_speaker(X[["f0"]].to_numpy(), g)[:, 0], rtol=1e-5)


def test_class_balanced_label_length_mismatch():
    X, y, _ = _frame()
    with pytest.raises(ValueError, match="labels for"):
        SpeakerNormalizer(class_balanced=True).fit_transform(X, y[:-1])


# ------------------------------------------------------------------ padding
def _padded_frames(seed=0, pad=-200.0):
    """Two speakers, 3 utterances each, 4-10 real frames padded to 10 with ``pad``."""
    rng = np.random.default_rng(seed)
    F = np.full((6, 10, 3), pad)
    lengths = [4, 7, 10, 5, 9, 6]
    for i, n in enumerate(lengths):
        F[i, :n] = rng.normal(loc=5.0 * (i // 3), scale=1.0 + i // 3, size=(n, 3))
    speakers = np.array(["a"] * 3 + ["b"] * 3)
    return F, speakers, lengths


@pytest.mark.parametrize("mode", ["speaker", "utterance", "global"])
def test_ignore_value_leaves_padding_out_of_the_statistics(mode):
    F, speakers, lengths = _padded_frames()

    class Frames(TransformerMixin, BaseEstimator):
        def fit(self, X, y=None):
            return self

        def transform(self, X):
            return F[np.asarray(X["row"], dtype=int)]

    X = pd.DataFrame({"speaker": speakers, "row": np.arange(6)})
    out = SpeakerNormalizer(Frames(), mode=mode, ignore_value=-200.0).fit_transform(X)
    real = [F[i, :n] for i, n in enumerate(lengths)]
    for i, n in enumerate(lengths):
        if mode == "speaker":
            pool = np.concatenate([real[j] for j in range(6) if speakers[j] == speakers[i]])
        elif mode == "utterance":
            pool = real[i]
        else:
            pool = np.concatenate(real)
        expected = (real[i] - pool.mean(axis=0)) / pool.std(axis=0)
        np.testing.assert_allclose(out[i, :n], expected, rtol=1e-5, atol=1e-5)
        assert np.all(out[i, n:] == 0.0)  # padding: the mean
    # without ignore_value the padding frames enter the statistics: different result
    plain = SpeakerNormalizer(Frames(), mode=mode).fit_transform(X)
    assert not np.allclose(plain[0, :4], out[0, :4], atol=1e-3)


# ------------------------------------------------------------- degenerate (NaN) rows
def test_all_nan_rows_stay_nan_and_are_left_out_of_the_statistics():
    X, _, g = _frame()
    F = X.drop(columns="speaker").to_numpy()
    X_nan = X.copy()
    X_nan.iloc[[1, 8], 1:] = np.nan  # degenerate recordings of spk0 and spk1
    norm = SpeakerNormalizer().fit(X_nan)
    keep = np.ones(len(X), bool)
    keep[[1, 8]] = False
    np.testing.assert_allclose(norm.mean_, F[keep].mean(0))
    Z = norm.transform(X_nan)
    assert np.isnan(Z[[1, 8]]).all() and np.isfinite(np.delete(Z, [1, 8], axis=0)).all()
    ref = SpeakerNormalizer().fit(X[keep]).transform(X[keep])
    np.testing.assert_allclose(Z[keep], ref, rtol=1e-5, atol=1e-6)
    Z_ft = SpeakerNormalizer(class_balanced=True).fit_transform(X_nan, np.arange(len(X)) % 2)
    assert np.isnan(Z_ft[[1, 8]]).all() and np.isfinite(Z_ft[keep]).all()


def test_a_degenerate_row_does_not_count_towards_min_utterances():
    X = pd.DataFrame({"speaker": ["a", "a", "b", "b"], "f0": [1.0, np.nan, 2.0, 4.0]})
    norm = SpeakerNormalizer(min_utterances=2).fit(X)
    Z = norm.transform(X).ravel()
    assert np.isnan(Z[1])
    # "a" has one real row left: the lone-row (global) rule, not its own statistics
    assert Z[0] == pytest.approx((1.0 - norm.mean_[0]) / norm.scale_[0])
    np.testing.assert_allclose(Z[2:], [-1.0, 1.0])


def test_nan_among_finite_features_is_refused():
    X, _, _ = _frame()
    X.iloc[2, 1] = np.nan
    with pytest.raises(ValueError, match="NaN or infinite values among finite ones"):
        SpeakerNormalizer().fit(X)
    X.iloc[2, 1] = np.inf
    with pytest.raises(ValueError, match="NaN or infinite values among finite ones"):
        SpeakerNormalizer().fit(X)
