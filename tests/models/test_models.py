"""Behaviour of the skser CNN classifiers on tiny synthetic inputs."""

import os
import subprocess
import sys
import textwrap

import joblib
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import (
    GridSearchCV,
    LeaveOneGroupOut,
    cross_validate,
)
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.class_weight import compute_sample_weight

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from skser.models import (  # noqa: E402
    LLDCNN,
    Deep1DCNN,
    FeatureImageCNN,
    ParallelCNN,
    StackedConv1DCNN,
    TemporalCNN,
)

CLASSES = np.array(["anger", "happiness", "sadness"])

# class -> (tiny hyperparameters, per-sample input shape); Adam lr 1e-2 so that a few
# epochs separate the synthetic classes.
FAST = dict(optimizer="adam", learning_rate=1e-2, batch_size=16, epochs=12)
TINY = {
    ParallelCNN: (
        dict(filters=8, branches=((3, 4), (5, 3)), strides=2, dense_units=8,
             validation_split=0.0, patience=None, dropout=0.1),
        (40, 8),
    ),
    StackedConv1DCNN: (
        dict(filters=(8, 8, 8, 8), block_ends=(2,), kernel_size=3, pool_size=4, dropout=0.1),
        (32,),
    ),
    FeatureImageCNN: (dict(conv_filters=(8,), dense_units=(16,), dropout=0.1), (12, 16, 1)),
    LLDCNN: (dict(filters=(8,), dense_units=16, dropout=0.1), (30, 6)),
    Deep1DCNN: (
        dict(layers=("conv8", "bn", "relu", "pool2", "conv8", "relu", "flatten", "dense",
                     "softmax")),
        (24,),
    ),
    TemporalCNN: (dict(filters=(8,), dropout=0.0, final_dropout=0.1), (30, 6)),
}
IDS = [cls.__name__ for cls in TINY]


def make_data(shape, n_per_class=20, seed=0, noise=0.5):
    """Three classes, each a fixed random pattern plus Gaussian noise (separable)."""
    rng = np.random.default_rng(seed)
    patterns = np.random.default_rng(123).normal(size=(len(CLASSES), *shape))
    y = np.repeat(CLASSES, n_per_class)
    X = patterns[np.repeat(np.arange(len(CLASSES)), n_per_class)]
    X = X + noise * rng.normal(size=X.shape)
    order = rng.permutation(len(y))
    return X[order].astype(np.float32), y[order]


def make(cls, **params):
    tiny, shape = TINY[cls]
    return cls(**{**tiny, **FAST, "random_state": 0, **params}), shape


@pytest.fixture(scope="module", params=list(TINY), ids=IDS)
def fitted(request):
    clf, shape = make(request.param)
    X, y = make_data(shape)
    X_test, y_test = make_data(shape, n_per_class=10, seed=1)
    clf.fit(X, y)
    return clf, X, y, X_test, y_test


def test_import_is_cheap():
    code = "import sys, skser.models; print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_fit_predict_strings_and_proba(fitted):
    clf, X, y, X_test, _ = fitted
    assert list(clf.classes_) == list(CLASSES)
    pred = clf.predict(X_test)
    assert pred.shape == (len(X_test),)
    assert set(pred) <= set(CLASSES)
    assert isinstance(pred[0], str)
    proba = clf.predict_proba(X_test)
    assert proba.shape == (len(X_test), 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-9)
    np.testing.assert_array_equal(pred, CLASSES[proba.argmax(axis=1)])
    assert clf.n_features_in_ == X.shape[1]


def test_history(fitted):
    clf = fitted[0]
    assert isinstance(clf.history_, dict)
    assert set(clf.history_) == {"loss", "accuracy"}
    assert len(clf.history_["loss"]) == clf.epochs
    assert clf.history_["loss"][-1] < clf.history_["loss"][0]


def test_learns_separable_task(fitted):
    clf, _, _, X_test, y_test = fitted
    # chance is 1/3; a broken network (wrong axis, frozen weights) stays near it
    assert clf.score(X_test, y_test) >= 0.8


def test_reproducible_with_random_state(fitted):
    clf, X, y, X_test, _ = fitted
    again = clone(clf).fit(X, y)
    np.testing.assert_array_equal(again.predict_proba(X_test), clf.predict_proba(X_test))


def test_joblib_round_trip_in_new_process(fitted, tmp_path):
    clf, X, y, X_test, _ = fitted
    if X.ndim == 2:
        model = Pipeline([("scale", StandardScaler()), ("cnn", clone(clf))]).fit(X, y)
    else:
        model = Pipeline([("cnn", clf)])
    expected = model.predict_proba(X_test)
    joblib.dump(model, tmp_path / "model.joblib")
    np.save(tmp_path / "X.npy", X_test)
    code = textwrap.dedent(
        f"""
        import joblib, numpy as np
        model = joblib.load({str(tmp_path / "model.joblib")!r})
        X = np.load({str(tmp_path / "X.npy")!r})
        np.save({str(tmp_path / "proba.npy")!r}, model.predict_proba(X))
        print(",".join(model.predict(X[:2])))
        """
    )
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    np.testing.assert_array_equal(np.load(tmp_path / "proba.npy"), expected)
    assert out.stdout.strip().split(",") == list(model.predict(X_test[:2]))


# ---------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    "cls, bad_shape, expected",
    [
        (ParallelCNN, (6, 40), r"ParallelCNN expects X of shape \(n_samples, n_frames, n_mels\)"),
        (ParallelCNN, (6, 4, 40, 8), r"got a 4-D array of shape \(6, 4, 40, 8\)"),
        (StackedConv1DCNN, (6, 32, 1), r"StackedConv1DCNN expects X of shape \(n_samples"),
        (FeatureImageCNN, (6, 12), r"FeatureImageCNN expects .*3-D or 4-D"),
        (LLDCNN, (6, 2, 3, 4), r"LLDCNN expects .*2-D or 3-D"),
        (Deep1DCNN, (6, 193, 1), r"Deep1DCNN expects X of shape \(n_samples, n_features\)"),
        (TemporalCNN, (6, 40), r"TemporalCNN expects X of shape \(n_samples, n_frames, n_bins"),
    ],
)
def test_wrong_ndim(cls, bad_shape, expected):
    X = np.zeros(bad_shape, dtype=np.float32)
    with pytest.raises(ValueError, match=expected):
        cls().fit(X, ["a", "b"] * 3)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nan_inf_rejected(bad):
    X, y = make_data((24,), n_per_class=2)
    X[1, 3] = bad
    expected = {np.nan: "NaN", np.inf: "infinity"}[bad]
    layout = r"Deep1DCNN expects X of shape \(n_samples, n_features\)"
    with pytest.raises(ValueError, match=rf"{layout}: Input X contains {expected}"):
        Deep1DCNN().fit(X, y)


def test_one_class_rejected():
    X, _ = make_data((24,), n_per_class=2)
    with pytest.raises(ValueError, match=r"Deep1DCNN needs at least 2 classes .*'anger'"):
        Deep1DCNN().fit(X, ["anger"] * len(X))


def test_regression_target_rejected():
    X, _ = make_data((24,), n_per_class=2)
    with pytest.raises(ValueError, match="Unknown label type: continuous"):
        Deep1DCNN().fit(X, np.linspace(0, 1, len(X)))


def test_predict_errors():
    clf, shape = make(Deep1DCNN, epochs=1)
    X, y = make_data(shape, n_per_class=4)
    with pytest.raises(Exception, match="not fitted yet"):
        clf.predict(X)
    clf.fit(X, y)
    with pytest.raises(ValueError, match=r"X has 20 features, but Deep1DCNN is expecting 24"):
        clf.predict(X[:, :20])
    bad = X.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="Input X contains NaN"):
        clf.predict_proba(bad)
    y_unseen = y.copy()
    y_unseen[0] = "boredom"
    with pytest.raises(ValueError, match=r"Deep1DCNN.score: y contains labels unseen in fit: "
                       r"\['boredom'\]"):
        clf.score(X, y_unseen)


def test_architecture_errors():
    X, y = make_data((10,), n_per_class=2)
    with pytest.raises(ValueError, match="need at least 64 frames"):
        StackedConv1DCNN(epochs=1).fit(X, y)
    with pytest.raises(ValueError, match=r"branch 0 .* needs at least 92 frames; X has 10"):
        ParallelCNN(epochs=1).fit(X[:, :, None].repeat(4, axis=2), y)
    with pytest.raises(ValueError, match="unknown layer token 'conv'"):
        Deep1DCNN(layers=("conv", "dense", "softmax"), epochs=1).fit(X, y)


def test_stacked_conv1d_builds_the_network_saved_by_speech_emotion_analyzer():
    # the original repository's model.json: Conv1D 128 (kernel 5) x 2, dropout 0.1,
    # max-pool 8, Conv1D 128 x 3, dropout 0.2, Conv1D 128, no batch norm, dense 10
    X = np.random.default_rng(0).normal(size=(10, 216)).astype(np.float32)
    y = np.array([f"class{i}" for i in range(10)])
    clf = StackedConv1DCNN(filters=(128,) * 6, kernel_size=5, block_ends=(2, 5),
                           dropout=(0.1, 0.2), pool_size=(8, 1), batch_norm=False,
                           epochs=1, random_state=0).fit(X, y)
    kinds = [type(layer).__name__ for layer in clf.model_.layers]
    assert kinds.count("Conv1D") == 6 and "BatchNormalization" not in kinds
    assert [layer.rate for layer in clf.model_.layers
            if type(layer).__name__ == "Dropout"] == [0.1, 0.2]
    assert [layer.pool_size for layer in clf.model_.layers
            if type(layer).__name__ == "MaxPooling1D"] == [(8,)]
    assert clf.model_.count_params() == 445578  # model.json's weights: 768 + 5 * 82048 + 34570


@pytest.mark.parametrize("params, match", [
    ({"dropout": (0.1, 0.2, 0.3)}, r"dropout must be one value in \[0, 1\) or one per block \(2"),
    ({"pool_size": (8, 0)}, r"pool_size must be one value >= 1 or one per block"),
])
def test_stacked_conv1d_per_block_settings_are_checked(params, match):
    X, y = make_data((216,), n_per_class=2)
    with pytest.raises(ValueError, match=match):
        StackedConv1DCNN(epochs=1, **params).fit(X, y)


def test_validation_data_errors():
    X, y = make_data((24,), n_per_class=3)
    with pytest.raises(ValueError, match="validation_data has labels not in y"):
        Deep1DCNN(epochs=1).fit(X, y, validation_data=(X[:2], ["boredom", "anger"]))
    with pytest.raises(ValueError, match=r"validation_data has X of shape \(2, 20\)"):
        Deep1DCNN(epochs=1).fit(X, y, validation_data=(X[:2, :20], y[:2]))


# ------------------------------------------------------------------- training
def test_early_stopping_with_stratified_split():
    clf, shape = make(Deep1DCNN, epochs=200, patience=2, validation_split=0.25,
                      learning_rate=0.05)
    X, y = make_data(shape)
    clf.fit(X, y)
    h = clf.history_
    assert set(h) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert 3 <= len(h["loss"]) < 200
    assert len(h["val_loss"]) == len(h["loss"])
    # trained on 75 % of the data: stratified, so 15 per class, 45 in all
    assert clf.X_shape_[0] == 45
    # restore_best_weights: the kept model has the best validation loss
    best = int(np.argmin(h["val_loss"]))
    assert best <= len(h["loss"]) - 1 - 2 or best == len(h["loss"]) - 1


def test_user_validation_data():
    clf, shape = make(Deep1DCNN, epochs=3)
    X, y = make_data(shape)
    X_val, y_val = make_data(shape, n_per_class=3, seed=5)
    clf.fit(X, y, validation_data=(X_val, y_val))
    assert len(clf.history_["val_accuracy"]) == 3
    assert clf.X_shape_[0] == len(X)  # no split taken from X


def test_class_weight_balanced(monkeypatch):
    clf, shape = make(Deep1DCNN, epochs=1, class_weight="balanced")
    X, y = make_data(shape)
    keep = np.r_[np.flatnonzero(y == "anger"), np.flatnonzero(y != "anger")[:10]]
    X, y = X[keep], y[keep]
    seen = {}
    original = type(clf)._fit_keras_model

    def spy(self, X, y, sample_weight, *args, **kwargs):
        seen["sw"] = sample_weight
        return original(self, X, y, sample_weight, *args, **kwargs)

    monkeypatch.setattr(type(clf), "_fit_keras_model", spy)
    clf.fit(X, y)
    np.testing.assert_allclose(seen["sw"], compute_sample_weight("balanced", y))
    sw = np.ones(len(y))
    clf.fit(X, y, sample_weight=sw)
    assert np.all(sw == 1)  # the caller's array is not modified


def test_augment_applied_to_training_batches_only():
    class Recorder:
        def __init__(self):
            self.batches = []

        def __call__(self, X, rng):
            self.batches.append(X.copy())
            return X + rng.normal(scale=0.01, size=X.shape)

    aug = Recorder()
    clf, shape = make(Deep1DCNN, epochs=2, batch_size=8, augment=aug)
    X, y = make_data(shape)
    X_val, y_val = make_data(shape, n_per_class=3, seed=7)
    X_val += 1000.0  # recognisable
    clf.fit(X, y, validation_data=(X_val, y_val))
    assert len(aug.batches) >= 2 * int(np.ceil(len(X) / 8))
    assert max(len(b) for b in aug.batches) == 8
    assert max(float(b.max()) for b in aug.batches) < 500  # no validation sample
    n_calls = len(aug.batches)
    clf.predict(X_val)
    assert len(aug.batches) == n_calls  # not at prediction time


def test_augment_is_reproducible():
    def jitter(X, rng):
        return X + rng.normal(scale=0.1, size=X.shape).astype(X.dtype)

    clf, shape = make(Deep1DCNN, epochs=2, augment=jitter)
    X, y = make_data(shape)
    p1 = clf.fit(X, y).predict_proba(X)
    p2 = clone(clf).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(p1, p2)


def test_standardize_layer_uses_training_statistics():
    clf, shape = make(LLDCNN, epochs=1, standardize=True)
    X, y = make_data(shape)
    X = X * 5 + 3
    clf.fit(X, y)
    layer = clf.model_.get_layer("standardize")
    mean = np.asarray(layer.mean).reshape(-1)
    np.testing.assert_allclose(mean, X.mean(axis=(0, 1)), rtol=1e-4)
    image, image_shape = make(FeatureImageCNN, epochs=1, standardize=True)
    Xi, yi = make_data(image_shape)
    image.fit(Xi, yi)
    mean = np.asarray(image.model_.get_layer("standardize").mean).reshape(-1)
    np.testing.assert_allclose(mean, Xi.mean(axis=(0, 2, 3)), rtol=1e-4, atol=1e-6)


def test_feature_image_accepts_3d_and_4d():
    clf, shape = make(FeatureImageCNN, epochs=1)
    X, y = make_data(shape, n_per_class=4)
    p4 = clf.fit(X, y).predict_proba(X)
    p3 = clone(clf).fit(X[..., 0], y).predict_proba(X[..., 0])
    np.testing.assert_allclose(p3, p4, rtol=1e-5, atol=1e-6)


def test_lldcnn_accepts_functionals():
    clf, _ = make(LLDCNN, epochs=1)
    X, y = make_data((40,), n_per_class=4)
    assert clf.fit(X, y).predict(X).shape == (12,)


def test_presets_build():
    X, y = make_data((193,), n_per_class=2)
    counts = {}
    for preset in Deep1DCNN.PRESETS:
        clf = Deep1DCNN(preset=preset, epochs=1, random_state=0).fit(X, y)
        kinds = [type(layer).__name__ for layer in clf.model_.layers]
        counts[preset] = kinds.count("BatchNormalization")
        assert kinds.count("Conv1D") == 6
    assert counts == {"emodb": 4, "ravdess": 0, "iemocap": 6}


def test_learning_rate_and_routed_optimizer_params():
    clf, shape = make(Deep1DCNN, epochs=1, learning_rate=0.003)
    X, y = make_data(shape, n_per_class=2)
    clf.fit(X, y)
    assert float(clf.model_.optimizer.learning_rate) == pytest.approx(0.003)
    clf.set_params(optimizer__learning_rate=0.02).fit(X, y)
    assert float(clf.model_.optimizer.learning_rate) == pytest.approx(0.02)
    p = ParallelCNN(filters=2, branches=((3, 2),), epochs=1, validation_split=0).fit(
        X[:, :, None], y
    )
    assert p.model_.optimizer.amsgrad is True
    assert float(p.model_.optimizer.learning_rate) == pytest.approx(1e-3)


def test_get_set_params_clone_round_trip():
    for cls in TINY:
        est = cls()
        params = est.get_params()
        twin = clone(est)
        assert twin.get_params() == params
        twin.set_params(epochs=3, batch_size=8)
        assert (twin.epochs, twin.batch_size) == (3, 8)
        assert type(twin)(**twin.get_params()).get_params() == twin.get_params()


def test_pipeline_grid_search_and_loso():
    clf, shape = make(Deep1DCNN, epochs=4)
    X, y = make_data(shape, n_per_class=8)
    groups = np.arange(len(y)) % 3
    pipe = Pipeline([("scale", StandardScaler()), ("cnn", clf)])
    search = GridSearchCV(pipe, {"cnn__batch_size": [8, 16]}, cv=2, error_score="raise")
    search.fit(X, y)
    assert search.best_params_["cnn__batch_size"] in (8, 16)
    res = cross_validate(pipe, X, y, groups=groups, cv=LeaveOneGroupOut(),
                         scoring="balanced_accuracy", error_score="raise")
    assert len(res["test_score"]) == 3


@pytest.mark.parametrize(
    "cls, params, name",
    [
        (Deep1DCNN, {"epochs": -1}, "epochs"),
        (Deep1DCNN, {"preset": "savee"}, "preset"),
        (Deep1DCNN, {"class_weight": "balance"}, "class_weight"),
        (ParallelCNN, {"pooling": "mean"}, "pooling"),
        (LLDCNN, {"dropout": 1.5}, "dropout"),
        (FeatureImageCNN, {"precision": "float16"}, "precision"),
        (StackedConv1DCNN, {"augment": "noise"}, "augment"),
        (TemporalCNN, {"final_dropout": 1.0}, "final_dropout"),
    ],
)
def test_parameter_constraints(cls, params, name):
    X, y = make_data((24,), n_per_class=2)
    with pytest.raises(ValueError, match=f"The '{name}' parameter of {cls.__name__} must be"):
        cls(**params).fit(X, y)


# ----------------------------------------------------- scikeras integration
# What scikeras' own fit leaves on the estimator besides hyperparameters and fitted
# attributes: the integer seed and the resolved callback lists (BaseWrapper._initialize),
# and the names of routed keyword arguments (BaseWrapper.__init__).
SCIKERAS_BOOKKEEPING = {"_random_state", "_fit_callbacks", "_predict_callbacks", "_user_params"}


def _private_state(clf):
    params = set(clf.get_params(deep=False))
    return {k for k in vars(clf) if k not in params and not k.endswith("_")}


def test_no_private_state_after_fit(fitted):
    clf = fitted[0]
    assert _private_state(clf) <= SCIKERAS_BOOKKEEPING


def test_no_private_state_after_every_fit_path():
    clf, shape = make(
        Deep1DCNN, epochs=2, batch_size=8, validation_split=0.25, patience=1,
        standardize=True, class_weight="balanced",
        augment=lambda X, rng: X + rng.normal(scale=0.01, size=X.shape),
    )
    X, y = make_data(shape, n_per_class=8)
    before = set(vars(clf))
    clf.fit(X, y, sample_weight=np.ones(len(y)))
    assert _private_state(clf) <= SCIKERAS_BOOKKEEPING
    clf.fit(X, y, validation_data=(X[:6], y[:6]))
    clf.partial_fit(X, y)
    assert _private_state(clf) <= SCIKERAS_BOOKKEEPING
    # hyperparameters are untouched by fit
    assert {k for k in vars(clf) if not k.endswith("_") and not k.startswith("_")} == before


def test_standardize_statistics_from_training_part_only():
    from sklearn.model_selection import train_test_split

    clf, shape = make(LLDCNN, epochs=1, standardize=True, validation_split=0.5)
    X, y = make_data(shape)
    X[::2] += 100.0  # a held-out row in the statistics would move the mean a lot
    clf.fit(X, y)
    train, _ = train_test_split(np.arange(len(X)), test_size=0.5, stratify=y, random_state=0)
    layer = clf.model_.get_layer("standardize")
    np.testing.assert_allclose(
        np.asarray(layer.mean).reshape(-1), X[train].mean(axis=(0, 1)), rtol=1e-5
    )
    np.testing.assert_array_equal(np.asarray(layer.mean).reshape(-1), clf.feature_encoder_.mean_)
    # prediction data reaches the network unchanged: the layer standardizes it
    np.testing.assert_array_equal(clf.feature_encoder_.transform(X), X)


@pytest.mark.parametrize("cls", list(TINY), ids=IDS)
def test_every_parameter_validated(cls):
    # sklearn's own check: a constraint for every parameter, and an InvalidParameterError
    # naming the parameter for a value of the wrong type and for one out of range, from
    # fit and from partial_fit, before any data is touched
    from sklearn.utils.estimator_checks import check_param_validation

    check_param_validation(cls.__name__, cls())


def test_partial_fit_keeps_caller_sample_weight():
    clf, shape = make(Deep1DCNN, epochs=1, class_weight="balanced")
    X, y = make_data(shape, n_per_class=4)
    sw = np.ones(len(y))
    clf.partial_fit(X, y, sample_weight=sw)
    assert np.all(sw == 1)


def test_shared_parameter_text_in_docstrings():
    for cls in TINY:
        doc = cls.__doc__
        assert "%(" not in doc
        lines = doc.splitlines()
        for name in ("epochs", "batch_size", "learning_rate", "jit_compile", "random_state"):
            line = next(line for line in lines if line.startswith(f"    {name} : "))
            # each class shows its own default, taken from its signature
            assert line.endswith(f", default={cls.__init__.__kwdefaults__[name]!r}"), line


def test_feature_image_cnn_decays_its_learning_rate_on_a_training_loss_plateau():
    """lr_decay_factor: the training code of the 2-D CNN's ReduceLROnPlateau on ``loss``.
    With a rate too small to move the weights (and no dropout) the loss stays flat, so
    the rate halves after every epoch past the patience; None keeps it constant."""
    X = np.random.default_rng(0).normal(size=(16, 12, 16, 1)).astype("float32")
    y = np.array(["a", "b"] * 8)
    params = dict(conv_filters=(4,), dense_units=(8,), dropout=0.0, epochs=5,
                  learning_rate=1e-9, random_state=0)
    clf = FeatureImageCNN(**params, lr_decay_factor=0.5, lr_decay_patience=1,
                          min_learning_rate=0.0).fit(X, y)
    lr = np.array(clf.history_["learning_rate"])
    np.testing.assert_allclose(lr / lr[0], [1, 1, 0.5, 0.25, 0.125], rtol=1e-5)
    floor = FeatureImageCNN(**params, lr_decay_factor=0.5, lr_decay_patience=1,
                            min_learning_rate=1e-9).fit(X, y)
    assert np.allclose(floor.history_["learning_rate"], lr[0])  # never under its floor
    constant = FeatureImageCNN(**params).fit(X, y)
    assert "learning_rate" not in constant.history_
    with pytest.raises(ValueError, match="lr_decay_factor"):
        FeatureImageCNN(**params, lr_decay_factor=1.5).fit(X, y)
