"""Parallel 2-D CNN over log-mel frames, from an IEMOCAP master-course system."""

import numbers

from sklearn.utils._param_validation import Interval, StrOptions

from .._utils._docstring import Substitution
from ._base import SERClassifier
from ._docstrings import COMMON_PARAMS

__all__ = ["ParallelCNN"]


@Substitution(common_params=COMMON_PARAMS)
class ParallelCNN(SERClassifier):
    """Parallel-branch 2-D CNN on log-mel spectrograms (frames x mel bands).

    Each branch is a Conv2D whose kernel spans all mel bands (height ``h`` frames,
    stride ``strides`` along time), ReLU, then a max-pool over ``p`` frames (stride
    ``strides``); the branch outputs are concatenated along time, followed by
    Dense(``dense_units``, ReLU) applied per frame, Flatten (or global pooling, see
    ``pooling``), Dropout and a softmax layer. Defaults are those of the parallel
    CNN of the IEMOCAP master-course system [1]_: two branches of 100 filters with
    heights 5 and 10 and pools 30 and 26 on 750 x 26 log-mel frames, Adam (AMSGrad)
    lr 1e-3, batch 32, up to 50 epochs, early stopping with patience 15 on a held-out
    set.

    Parameters
    ----------
    filters : int, default=100
        Filters per branch (all branches share it so they concatenate along time).
    branches : sequence of (int, int), default=((5, 30), (10, 26))
        One ``(kernel_height, pool_height)`` pair per parallel branch, in frames.
    strides : int, default=3
        Time stride of the convolutions and of the pools, in frames.
    batch_norm : bool, default=False
        Batch normalization after each branch's convolution (the model file of [1]_ is
        named ``parallel_cnn_BN`` but the placement is undocumented; off by default).
    dense_units : int, default=100
        Units of the per-frame ReLU Dense layer after concatenation.
    pooling : {"flatten", "avg", "max"}, default="flatten"
        How the time axis is removed before the classifier: Flatten ([1]_) or global
        average / max pooling (independent of the clip length).
    dropout : float, default=0.5
        Dropout rate before the softmax layer.
    amsgrad : bool, default=True
        Use the AMSGrad variant when ``optimizer="adam"`` ([1]_).
%(common_params)s

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Labels seen in ``fit`` (original strings).
    n_classes_ : int
        Number of classes.
    X_shape_ : tuple
        Shape of the training ``X`` (after any validation split).
    model_ : keras.Model
        The trained network.
    history_ : dict of str to list of float
        Per-epoch ``loss``, ``accuracy`` and, with validation data, ``val_loss``,
        ``val_accuracy``.

    See Also
    --------
    skser.features.LogMel : Produces the (n_samples, n_frames, n_mels) input.

    Notes
    -----
    Input: ``X`` of shape (n_samples, n_frames, n_mels), float; the channel axis is
    added inside the network. ``n_frames`` must be at least the largest
    ``kernel_height + strides * (pool_height - 1)``.

    References
    ----------
    .. [1] "A Parallel CNN for SER", a speech emotion recognition system of a deep
       learning master course, trained on IEMOCAP log-mel features; Keras
       implementation ``parallel-CNN.py``.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.models import ParallelCNN
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(8, 60, 13)).astype("float32")
    >>> y = np.array(["angry", "sad"] * 4)
    >>> clf = ParallelCNN(filters=4, branches=((5, 4),), epochs=1, random_state=0)
    >>> clf.fit(X, y).predict(X).shape
    (8,)
    """

    _accepted_ndims = (3,)
    _input_doc = "(n_samples, n_frames, n_mels)"

    _parameter_constraints = {
        **SERClassifier._parameter_constraints,
        "filters": [Interval(numbers.Integral, 1, None, closed="left")],
        "branches": ["array-like"],
        "strides": [Interval(numbers.Integral, 1, None, closed="left")],
        "batch_norm": ["boolean"],
        "dense_units": [Interval(numbers.Integral, 1, None, closed="left")],
        "pooling": [StrOptions({"flatten", "avg", "max"})],
        "dropout": [Interval(numbers.Real, 0, 1, closed="left")],
        "amsgrad": ["boolean"],
    }

    def __init__(
        self,
        *,
        filters=100,
        branches=((5, 30), (10, 26)),
        strides=3,
        batch_norm=False,
        dense_units=100,
        pooling="flatten",
        dropout=0.5,
        amsgrad=True,
        epochs=50,
        batch_size=32,
        optimizer="adam",
        learning_rate=1e-3,
        validation_split=0.1,
        patience=15,
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
        self.branches = branches
        self.strides = strides
        self.batch_norm = batch_norm
        self.dense_units = dense_units
        self.pooling = pooling
        self.dropout = dropout
        self.amsgrad = amsgrad

    def _get_compile_kwargs(self):
        kwargs = super()._get_compile_kwargs()
        opt = kwargs["optimizer"]
        if self.amsgrad and hasattr(opt, "amsgrad"):
            opt.amsgrad = True
        return kwargs

    def _build_network(self, x):
        from keras import layers

        n_frames, n_mels = self.X_shape_[1], self.X_shape_[2]
        x = self._add_channel(x)
        outs = []
        for i, (height, pool) in enumerate(self.branches):
            need = int(height) + int(self.strides) * (int(pool) - 1)
            if need > n_frames:
                raise ValueError(
                    f"ParallelCNN: branch {i} (kernel_height={height}, pool_height={pool}, "
                    f"strides={self.strides}) needs at least {need} frames; X has "
                    f"{n_frames} frames (shape (n_samples, {n_frames}, {n_mels}))."
                )
            b = layers.Conv2D(
                int(self.filters),
                (int(height), n_mels),
                strides=(int(self.strides), 1),
                name=f"branch{i}_conv",
            )(x)
            if self.batch_norm:
                b = layers.BatchNormalization(name=f"branch{i}_bn")(b)
            b = layers.Activation("relu")(b)
            b = layers.MaxPooling2D(
                (int(pool), 1), strides=(int(self.strides), 1), name=f"branch{i}_pool"
            )(b)
            outs.append(b)
        x = outs[0] if len(outs) == 1 else layers.Concatenate(axis=1)(outs)
        x = layers.Dense(int(self.dense_units), activation="relu")(x)
        if self.pooling == "flatten":
            x = layers.Flatten()(x)
        elif self.pooling == "avg":
            x = layers.GlobalAveragePooling2D()(x)
        else:
            x = layers.GlobalMaxPooling2D()(x)
        x = layers.Dropout(float(self.dropout))(x)
        return layers.Dense(self.n_classes_, activation="softmax", name="softmax")(x)
