"""Nathaniel538's 2-D CNN on a stacked feature image."""

import numbers

from sklearn.utils._param_validation import Interval

from .._utils._docstring import Substitution
from ._base import SERClassifier
from ._docstrings import COMMON_PARAMS

__all__ = ["FeatureImageCNN"]


@Substitution(common_params=COMMON_PARAMS)
class FeatureImageCNN(SERClassifier):
    """Small 2-D CNN over an image of stacked frame-level features.

    MaxPool2D 2x2, Dropout, Conv2D 64 3x3 (ReLU), MaxPool2D 2x2, Dropout, Conv2D 64
    3x3 (ReLU), Flatten, Dense 64 (ReLU), Dropout, Dense 32 (ReLU), softmax: the model
    summary of [1]_, trained for 100 epochs with Adam (lr 1e-3), dropout 0.2 and
    ReLU as in [1]_'s training code. That code also trains with batches of 25 and
    multiplies the learning rate by 0.75 whenever the training loss has not improved
    for 2 epochs (down to 1e-6); ``batch_size=25, lr_decay_factor=0.75`` gives
    both (the defaults, batch 32 and a constant rate, are those of the
    ``cnn2d-image`` recipe).

    Parameters
    ----------
    conv_filters : sequence of int, default=(64, 64)
        Filters of each 3x3 convolution; the first is preceded by MaxPool + Dropout,
        each later one by MaxPool + Dropout as well.
    kernel_size : int, default=3
        Square kernel size of the convolutions.
    dense_units : sequence of int, default=(64, 32)
        Hidden Dense layers (ReLU); Dropout follows the first.
    dropout : float, default=0.2
        Rate of every Dropout layer.
    lr_decay_factor : float in (0, 1) or None, default=None
        Multiply the learning rate by this factor when the training loss has not
        improved for ``lr_decay_patience`` epochs (Keras' ``ReduceLROnPlateau`` on
        ``loss``; [1]_ uses 0.75); None keeps the rate constant.
    lr_decay_patience : int, default=2
        Epochs without improvement of the training loss before each decay.
    min_learning_rate : float, default=1e-6
        Floor of the decayed learning rate.
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
    skser.features.FeatureImage : Produces the (n_samples, n_rows, n_frames, 1) input.

    Notes
    -----
    Input: ``X`` of shape (n_samples, n_rows, n_frames, 1) (or without the last
    axis); rows are feature coefficients (chroma, mel, MFCC, contrast, tonnetz),
    columns frames. With ``standardize=True`` each row is standardized.

    References
    ----------
    .. [1] Nathaniel538, "Speech Emotion Recognition Using 2D CNN", GitHub repository
       Nathaniel538/SER-using-2D-CNN, trained on RAVDESS, CREMA-D, TESS and SAVEE.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.models import FeatureImageCNN
    >>> X = np.random.default_rng(0).normal(size=(8, 20, 24, 1)).astype("float32")
    >>> y = np.array(["angry", "calm"] * 4)
    >>> clf = FeatureImageCNN(conv_filters=(4, 4), dense_units=(8, 8), epochs=1)
    >>> clf.fit(X, y).predict_proba(X).shape
    (8, 2)
    """

    _accepted_ndims = (3, 4)
    _input_doc = "(n_samples, n_rows, n_frames, 1)"
    _standardize_axis = 1

    _parameter_constraints = {
        **SERClassifier._parameter_constraints,
        "conv_filters": ["array-like"],
        "kernel_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "dense_units": ["array-like"],
        "dropout": [Interval(numbers.Real, 0, 1, closed="left")],
        "lr_decay_factor": [Interval(numbers.Real, 0, 1, closed="neither"), None],
        "lr_decay_patience": [Interval(numbers.Integral, 0, None, closed="left")],
        "min_learning_rate": [Interval(numbers.Real, 0, None, closed="left")],
    }

    def __init__(
        self,
        *,
        conv_filters=(64, 64),
        kernel_size=3,
        dense_units=(64, 32),
        dropout=0.2,
        lr_decay_factor=None,
        lr_decay_patience=2,
        min_learning_rate=1e-6,
        epochs=100,
        batch_size=32,
        optimizer="adam",
        learning_rate=1e-3,
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
        self.conv_filters = conv_filters
        self.kernel_size = kernel_size
        self.dense_units = dense_units
        self.dropout = dropout
        self.lr_decay_factor = lr_decay_factor
        self.lr_decay_patience = lr_decay_patience
        self.min_learning_rate = min_learning_rate

    def _schedule_callbacks(self):
        if self.lr_decay_factor is None:
            return []
        import keras

        return [keras.callbacks.ReduceLROnPlateau(
            monitor="loss", factor=float(self.lr_decay_factor),
            patience=int(self.lr_decay_patience), min_lr=float(self.min_learning_rate))]

    def _build_network(self, x):
        from keras import layers

        if len(self.X_shape_) == 3:
            x = self._add_channel(x)
        rows, frames = self.X_shape_[1], self.X_shape_[2]
        k = int(self.kernel_size)
        h, w = rows, frames
        for _ in self.conv_filters:
            h, w = h // 2 - k + 1, w // 2 - k + 1
        if h < 1 or w < 1:
            raise ValueError(
                f"FeatureImageCNN: {len(self.conv_filters)} pool+conv stages with kernel "
                f"{k} do not fit an image of {rows} rows x {frames} frames (X shape "
                f"{tuple(self.X_shape_)})."
            )
        for n_filters in self.conv_filters:
            x = layers.MaxPooling2D((2, 2))(x)
            x = layers.Dropout(float(self.dropout))(x)
            x = layers.Conv2D(int(n_filters), (k, k), activation="relu")(x)
        x = layers.Flatten()(x)
        for i, units in enumerate(self.dense_units):
            x = layers.Dense(int(units), activation="relu")(x)
            if i == 0:
                x = layers.Dropout(float(self.dropout))(x)
        return layers.Dense(self.n_classes_, activation="softmax", name="softmax")(x)
