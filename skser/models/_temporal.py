"""1-D CNN over time with global pooling, for frame-level features."""

import numbers

from sklearn.utils._param_validation import Interval

from .._utils._docstring import Substitution
from ._base import SERClassifier
from ._docstrings import COMMON_PARAMS

__all__ = ["TemporalCNN"]


@Substitution(common_params=COMMON_PARAMS)
class TemporalCNN(SERClassifier):
    """1-D convolutions over frames with global average and max pooling.

    skser's own small network for speaker-normalized log-mel frames (its
    speaker-independent study is in ``docs/benchmarks.md``). The frequency
    bins are the channels of ``len(filters)`` blocks of Conv1D (kernel
    ``kernel_size`` frames, same padding, no bias) - BatchNorm - ReLU - MaxPool1D
    (``pool_size``) - Dropout (``dropout``); the concatenated global average and
    global max over the remaining frames then go through Dropout
    (``final_dropout``) into the softmax layer. Global pooling makes the model
    independent of the clip length it was trained on. Pair it with
    :class:`skser.augmentation.SpecAugment` (``augment=SpecAugment()``).

    Parameters
    ----------
    filters : sequence of int, default=(64, 128, 128)
        Filters of each convolution block.
    kernel_size : int, default=5
        Kernel length, in frames (50 ms at a 10 ms hop).
    pool_size : int, default=2
        Max-pooling factor over frames after each block.
    dropout : float, default=0.1
        Dropout rate after each block.
    final_dropout : float, default=0.3
        Dropout rate before the softmax layer.
%(common_params)s

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Labels seen in ``fit`` (original strings).
    model_ : keras.Model
        The trained network.
    history_ : dict of str to list of float
        Per-epoch ``loss``, ``accuracy`` (and ``val_*`` with validation data).

    See Also
    --------
    skser.features.LogMel : the 3-D ``(n_samples, n_frames, n_mels)`` input.
    skser.normalization.SpeakerNormalizer : per-speaker standardization of frames.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.models import TemporalCNN
    >>> X = np.random.default_rng(0).normal(size=(8, 40, 16)).astype("float32")
    >>> y = np.array(["joy", "anger"] * 4)
    >>> TemporalCNN(filters=(8,), epochs=1).fit(X, y).predict(X).shape
    (8,)
    """

    _accepted_ndims = (3,)
    _input_doc = "(n_samples, n_frames, n_bins)"

    _parameter_constraints = {
        **SERClassifier._parameter_constraints,
        "filters": ["array-like"],
        "kernel_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "pool_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "dropout": [Interval(numbers.Real, 0, 1, closed="left")],
        "final_dropout": [Interval(numbers.Real, 0, 1, closed="left")],
    }

    def __init__(
        self,
        *,
        filters=(64, 128, 128),
        kernel_size=5,
        pool_size=2,
        dropout=0.1,
        final_dropout=0.3,
        epochs=40,
        batch_size=32,
        optimizer="adam",
        learning_rate=1e-3,
        validation_split=0.0,
        patience=None,
        class_weight="balanced",
        standardize=False,
        augment=None,
        jit_compile="auto",
        precision="float32",
        random_state=None,
        verbose=0,
        **kwargs,
    ):
        super().__init__(
            epochs=epochs,
            batch_size=batch_size,
            optimizer=optimizer,
            learning_rate=learning_rate,
            validation_split=validation_split,
            patience=patience,
            class_weight=class_weight,
            standardize=standardize,
            augment=augment,
            jit_compile=jit_compile,
            precision=precision,
            random_state=random_state,
            verbose=verbose,
            **kwargs,
        )
        self.filters = filters
        self.kernel_size = kernel_size
        self.pool_size = pool_size
        self.dropout = dropout
        self.final_dropout = final_dropout

    def _build_network(self, x):
        from keras import layers

        for n_filters in self.filters:
            x = layers.Conv1D(int(n_filters), int(self.kernel_size), padding="same",
                              use_bias=False)(x)
            x = layers.BatchNormalization()(x)
            x = layers.ReLU()(x)
            if int(self.pool_size) > 1:
                x = layers.MaxPooling1D(int(self.pool_size), padding="same")(x)
            x = layers.Dropout(float(self.dropout))(x)
        x = layers.Concatenate()(
            [layers.GlobalAveragePooling1D()(x), layers.GlobalMaxPooling1D()(x)]
        )
        x = layers.Dropout(float(self.final_dropout))(x)
        return layers.Dense(self.n_classes_, activation="softmax", name="softmax")(x)
