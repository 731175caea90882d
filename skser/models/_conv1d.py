"""Stacked 1-D CNN of Speech-Emotion-Analyzer over an MFCC contour."""

import math
import numbers

from sklearn.utils._param_validation import Interval

from .._utils._docstring import Substitution
from ._base import SERClassifier
from ._docstrings import COMMON_PARAMS

__all__ = ["StackedConv1DCNN"]


@Substitution(common_params=COMMON_PARAMS)
class StackedConv1DCNN(SERClassifier):
    """Eight stacked Conv1D layers over a 1-D MFCC contour ("Speech-Emotion-Analyzer").

    Conv1D 256, 256, 128, 128, 128, 128, 64, 64 (kernel 8, same padding, ReLU);
    after the 2nd and the 6th convolution: BatchNorm (before the ReLU), Dropout 0.25
    and MaxPool 8; then Flatten and a softmax layer [1]_ [2]_. The write-up [2]_ trains
    it on 10 classes (gender x {angry, calm, fearful, happy, sad}) of RAVDESS with SGD
    lr 1e-4 for 700 epochs, batch 16 (the original repository [1]_ trains its own
    network with RMSprop lr 1e-5 for 1009 epochs, batch 32).

    Parameters
    ----------
    filters : sequence of int, default=(256, 256, 128, 128, 128, 128, 64, 64)
        Filters of each convolution, in order.
    kernel_size : int, default=8
        Kernel length of every convolution, in frames.
    block_ends : sequence of int, default=(2, 6)
        1-based indices of the convolutions that end a block: BatchNorm (if
        ``batch_norm``), ReLU, Dropout and max-pooling.
    dropout : float or sequence of float, default=0.25
        Dropout rate of those blocks: one rate for all, or one per block, first block
        first.
    pool_size : int or sequence of int, default=8
        Max-pooling size (and stride) of those blocks, in frames: one size for all,
        or one per block; 1 means the block does not pool.
    batch_norm : bool, default=True
        Whether a block's last convolution is batch-normalized before its ReLU
        (as in the write-up [2]_). The network saved in the original repository
        [1]_ (its ``model.json``: six Conv1D 128, kernel 5, dropout 0.1 then 0.2,
        one max-pool of 8) has none: ``StackedConv1DCNN(filters=(128,) * 6,
        kernel_size=5, block_ends=(2, 5), dropout=(0.1, 0.2), pool_size=(8, 1),
        batch_norm=False, optimizer="rmsprop", learning_rate=1e-5)``.
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
    skser.features.MFCCContour : Produces the (n_samples, 216) input.

    Notes
    -----
    Input: ``X`` of shape (n_samples, n_frames), default 216 frames of the mean MFCC;
    the channel axis is added inside the network. With the defaults the contour
    needs at least 64 frames (two pools of 8).

    References
    ----------
    .. [1] M. Puthran, "Speech-Emotion-Analyzer", GitHub repository
       MITESHPUTHRANNEU/Speech-Emotion-Analyzer (no paper).
    .. [2] R. Chu, "Speech Emotion Recognition with Convolution Neural Network",
       Medium, 2019, with the notebook ``CNN_emotion_recognition.ipynb`` that
       re-implements [1]_.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.models import StackedConv1DCNN
    >>> X = np.random.default_rng(0).normal(size=(8, 216)).astype("float32")
    >>> y = np.array(["female_angry", "male_sad"] * 4)
    >>> clf = StackedConv1DCNN(filters=(4, 4, 4, 4, 4, 4, 4, 4), epochs=1, random_state=0)
    >>> clf.fit(X, y).predict(X[:2]).shape
    (2,)
    """

    _accepted_ndims = (2,)
    _input_doc = "(n_samples, n_frames)"

    _parameter_constraints = {
        **SERClassifier._parameter_constraints,
        "filters": ["array-like"],
        "kernel_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "block_ends": ["array-like"],
        "dropout": [Interval(numbers.Real, 0, 1, closed="left"), "array-like"],
        "pool_size": [Interval(numbers.Integral, 1, None, closed="left"), "array-like"],
        "batch_norm": ["boolean"],
    }

    def __init__(
        self,
        *,
        filters=(256, 256, 128, 128, 128, 128, 64, 64),
        kernel_size=8,
        block_ends=(2, 6),
        dropout=0.25,
        pool_size=8,
        batch_norm=True,
        epochs=700,
        batch_size=16,
        optimizer="sgd",
        learning_rate=1e-4,
        validation_split=0.0,
        patience=None,
        class_weight=None,
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
        self.block_ends = block_ends
        self.dropout = dropout
        self.pool_size = pool_size
        self.batch_norm = batch_norm

    def _per_block(self, name, n_blocks, kind, low, high):
        """``name``'s value as one ``kind`` per block, each in [low, high)."""
        value = getattr(self, name)
        values = [value] * n_blocks if isinstance(value, numbers.Real) else list(value)
        if len(values) != n_blocks or not all(
            isinstance(v, numbers.Real) and low <= v and (high is None or v < high)
            for v in values
        ):
            bound = f"in [{low}, {high})" if high is not None else f">= {low}"
            raise ValueError(
                f"StackedConv1DCNN: {name} must be one value {bound} or one per block "
                f"({n_blocks}, as in block_ends); got {value!r}."
            )
        return [kind(v) for v in values]

    def _build_network(self, x):
        from keras import layers

        n_frames = self.X_shape_[1]
        ends = sorted({int(i) for i in self.block_ends if 1 <= i <= len(self.filters)})
        rates = self._per_block("dropout", len(ends), float, 0, 1)
        pools = self._per_block("pool_size", len(ends), int, 1, None)
        shrink = math.prod(pools)
        if n_frames < shrink:
            raise ValueError(
                f"StackedConv1DCNN: max-pools of sizes {pools} need at least {shrink} "
                f"frames; X has shape (n_samples, {n_frames})."
            )
        x = self._add_channel(x)
        block = {end: k for k, end in enumerate(ends)}
        for i, n_filters in enumerate(self.filters, start=1):
            x = layers.Conv1D(int(n_filters), int(self.kernel_size), padding="same")(x)
            if i in block and self.batch_norm:
                x = layers.BatchNormalization()(x)
            x = layers.Activation("relu")(x)
            if i in block:
                x = layers.Dropout(rates[block[i]])(x)
                if pools[block[i]] > 1:
                    x = layers.MaxPooling1D(pools[block[i]])(x)
        x = layers.Flatten()(x)
        return layers.Dense(self.n_classes_, activation="softmax", name="softmax")(x)
