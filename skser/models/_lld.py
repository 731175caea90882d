"""1-D CNN over openSMILE low-level descriptors, after Kaplan, Strohm and Tasci."""

import numbers

from sklearn.utils._param_validation import Interval, StrOptions

from .._utils._docstring import Substitution
from ._base import SERClassifier
from ._docstrings import COMMON_PARAMS

__all__ = ["LLDCNN"]


@Substitution(common_params=COMMON_PARAMS)
class LLDCNN(SERClassifier):
    """Small 1-D CNN over openSMILE LLD frames (or a functionals vector).

    The openSMILE CNN of Kaplan, Strohm and Tasci [1]_ reports only its training
    hyperparameters (ReLU, softmax cross-entropy, Adam lr 1e-3, batch 50, convolution
    stride 3, dropout 0.5, 50 epochs); its layers are undocumented, so this
    architecture is skser's own design:
    ``len(filters)`` Conv1D layers (kernel ``kernel_size``, stride ``strides``, same
    padding, ReLU, each followed by BatchNorm), global average (or max) pooling over
    time, Dropout 0.5, Dense(``dense_units``, ReLU), Dropout 0.5 and a softmax layer.

    For LLD input (n_samples, n_frames, n_lld) the convolutions run over frames with
    the descriptors as channels; for functionals input (n_samples, n_features) they
    run over the feature vector with one channel.

    Parameters
    ----------
    filters : sequence of int, default=(64, 128)
        Filters of each convolution.
    kernel_size : int, default=5
        Kernel length, in frames (or features).
    strides : int, default=3
        Convolution stride (from [1]_).
    pooling : {"avg", "max"}, default="avg"
        Global pooling over the time (feature) axis.
    dense_units : int, default=64
        Units of the hidden Dense layer; 0 removes it.
    dropout : float, default=0.5
        Dropout rate (from [1]_).
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
    skser.features.OpenSmile : ``feature_level="lld"`` gives the 3-D input,
        ``"functionals"`` the 2-D one.

    References
    ----------
    .. [1] A. Kaplan, F. Strohm, C. Tasci, "Neural Network for Emotion Recognition
       from Speech", GitHub repository StraysWonderland/Neural-Network-for-Emotion-
       Recognition-from-Speech, IEMOCAP + RECOLA, openSMILE features.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.models import LLDCNN
    >>> X = np.random.default_rng(0).normal(size=(8, 50, 25)).astype("float32")
    >>> y = np.array(["joy", "anger"] * 4)
    >>> LLDCNN(filters=(8,), epochs=1).fit(X, y).predict(X).shape
    (8,)
    """

    _accepted_ndims = (2, 3)
    _input_doc = "(n_samples, n_frames, n_lld) or (n_samples, n_features)"

    _parameter_constraints = {
        **SERClassifier._parameter_constraints,
        "filters": ["array-like"],
        "kernel_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "strides": [Interval(numbers.Integral, 1, None, closed="left")],
        "pooling": [StrOptions({"avg", "max"})],
        "dense_units": [Interval(numbers.Integral, 0, None, closed="left")],
        "dropout": [Interval(numbers.Real, 0, 1, closed="left")],
    }

    def __init__(
        self,
        *,
        filters=(64, 128),
        kernel_size=5,
        strides=3,
        pooling="avg",
        dense_units=64,
        dropout=0.5,
        epochs=50,
        batch_size=50,
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
        self.filters = filters
        self.kernel_size = kernel_size
        self.strides = strides
        self.pooling = pooling
        self.dense_units = dense_units
        self.dropout = dropout

    def _build_network(self, x):
        from keras import layers

        if len(self.X_shape_) == 2:
            x = self._add_channel(x)
        for n_filters in self.filters:
            x = layers.Conv1D(
                int(n_filters), int(self.kernel_size), strides=int(self.strides),
                padding="same", activation="relu",
            )(x)
            x = layers.BatchNormalization()(x)
        if self.pooling == "avg":
            x = layers.GlobalAveragePooling1D()(x)
        else:
            x = layers.GlobalMaxPooling1D()(x)
        x = layers.Dropout(float(self.dropout))(x)
        if self.dense_units:
            x = layers.Dense(int(self.dense_units), activation="relu")(x)
            x = layers.Dropout(float(self.dropout))(x)
        return layers.Dense(self.n_classes_, activation="softmax", name="softmax")(x)
