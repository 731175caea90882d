"""scikit-learn's estimator checks on the skser CNNs, with tiny networks.

sklearn's checks feed 2-D ``X`` only. ``StackedConv1DCNN``, ``LLDCNN`` and
``Deep1DCNN`` accept 2-D input and are checked as they are. ``ParallelCNN``,
``FeatureImageCNN`` and ``TemporalCNN`` take 3-D/4-D input, so they are checked through a test-only
subclass that views a 2-D row of ``n_features`` values as ``n_features`` frames of one
band (``(n, f) -> (n, f, 1)``); everything but the input adapter is the real class.
"""

import os

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

pytest.importorskip("scikeras")

from skser.models import (  # noqa: E402
    LLDCNN,
    Deep1DCNN,
    FeatureImageCNN,
    ParallelCNN,
    StackedConv1DCNN,
    TemporalCNN,
)

# run_eagerly: these fits are a few steps on a few samples, where tracing a
# tf.function costs more than it saves.
FAST = dict(epochs=1, batch_size=64, random_state=0, run_eagerly=True)


class _TwoDAdapter:
    """Mixin for the checks: accept 2-D X and add a length-1 last axis."""

    # 3-D: fit's training part, checked again by scikeras, is already adapted
    _accepted_ndims = (2, 3)
    _input_doc = "(n_samples, n_features)"

    def _check_X(self, X):
        X = super()._check_X(X)
        return X[..., None] if X.ndim == 2 else X

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = True
        return tags


class ParallelCNN2D(_TwoDAdapter, ParallelCNN):
    pass


class FeatureImageCNN2D(_TwoDAdapter, FeatureImageCNN):
    pass


class TemporalCNN2D(_TwoDAdapter, TemporalCNN):
    pass


ESTIMATORS = [
    ParallelCNN2D(
        filters=2, branches=((1, 1),), strides=1, dense_units=2, validation_split=0.0,
        patience=None, **FAST,
    ),
    StackedConv1DCNN(filters=(2, 2), block_ends=(), kernel_size=2, learning_rate=1e-2, **FAST),
    FeatureImageCNN2D(conv_filters=(), dense_units=(4,), **FAST),
    LLDCNN(filters=(2,), dense_units=0, **FAST),
    Deep1DCNN(layers=("conv2", "relu", "flatten", "dense", "softmax"), learning_rate=1e-2, **FAST),
    TemporalCNN2D(filters=(2,), **FAST),
]

STOCHASTIC = (
    "mini-batch SGD on a neural network: a weight of 2 is not the same as a repeated "
    "sample (different batches, different updates)"
)
MRO = (
    "scikeras.KerasClassifier lists BaseWrapper (a BaseEstimator) before ClassifierMixin; "
    "skser sets the classifier tags explicitly in __sklearn_tags__ instead"
)


TAGS = (
    "scikeras 0.13's BaseWrapper (third-party) still defines the pre-1.6 _more_tags "
    "without __sklearn_tags__; skser's SERClassifier defines __sklearn_tags__"
)


def _expected_failed_checks(estimator):
    return {
        "check_estimator_tags_renamed": TAGS,
        "check_mixin_order": MRO,
        "check_sample_weight_equivalence_on_dense_data": STOCHASTIC,
        "check_sample_weight_equivalence_on_sparse_data": STOCHASTIC,
    }


@parametrize_with_checks(ESTIMATORS, expected_failed_checks=_expected_failed_checks)
def test_sklearn_compatible(estimator, check):
    check(estimator)
