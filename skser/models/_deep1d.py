"""Deep 1-D CNN of Issa et al. (2020) over 193 spectral means."""

import numbers
import re

from sklearn.utils._param_validation import Interval, StrOptions

from .._utils._docstring import Substitution
from ._base import SERClassifier
from ._docstrings import COMMON_PARAMS

__all__ = ["Deep1DCNN"]

#: Layer sequences of the Issa et al. (2020) variants, in the token language of
#: ``Deep1DCNN(layers=...)``.
PRESETS = {
    # EMO-DB model, as listed in the paper.
    "emodb": (
        "conv256", "bn", "relu",
        "conv128", "relu", "drop0.1", "bn", "pool8",
        "conv128", "relu",
        "conv128", "relu",
        "conv128", "bn", "relu", "drop0.2",
        "conv128",
        "flatten", "drop0.2", "dense", "bn", "softmax",
    ),
    # Initial (RAVDESS) model: same convolutions, no batch normalization.
    "ravdess": (
        "conv256", "relu",
        "conv128", "relu", "drop0.1", "pool8",
        "conv128", "relu",
        "conv128", "relu",
        "conv128", "relu", "drop0.2",
        "conv128",
        "flatten", "dense", "softmax",
    ),
    # IEMOCAP model: batch normalization after every convolution, dropout before
    # the classifier.
    "iemocap": (
        "conv256", "bn", "relu",
        "conv128", "bn", "relu", "drop0.1", "pool8",
        "conv128", "bn", "relu",
        "conv128", "bn", "relu",
        "conv128", "bn", "relu", "drop0.2",
        "conv128", "bn", "relu",
        "flatten", "drop0.2", "dense", "softmax",
    ),
}

_TOKEN = re.compile(r"^(conv(\d+)|bn|relu|drop(0?\.\d+)|pool(\d+)|flatten|gap|dense|softmax)$")


def _check_layers(tokens):
    for t in tokens:
        if not isinstance(t, str) or not _TOKEN.match(t):
            raise ValueError(
                f"Deep1DCNN: unknown layer token {t!r}; use 'conv<filters>', 'bn', 'relu', "
                "'drop<rate>', 'pool<size>', 'flatten', 'gap', 'dense', 'softmax'."
            )
    if list(tokens).count("dense") != 1 or tokens[-1] != "softmax":
        raise ValueError(
            "Deep1DCNN: layers must contain exactly one 'dense' (the n_classes output) and "
            f"end with 'softmax'; got {tuple(tokens)!r}."
        )


@Substitution(common_params=COMMON_PARAMS)
class Deep1DCNN(SERClassifier):
    """Deep 1-D CNN over the 193 utterance-level spectral features of Issa et al. (2020).

    The input vector (40 MFCC, 12 chroma, 128 mel, 7 contrast, 6 tonnetz means) is
    treated as a 193-step sequence with one channel. The EMO-DB model of [1]_ (the
    default) is: Conv1D 256 k5; BatchNorm; ReLU; Conv1D 128 k5; ReLU; Dropout 0.1;
    BatchNorm; MaxPool 8; Conv1D 128 k5; ReLU; Conv1D 128 k5; ReLU; Conv1D 128 k5;
    BatchNorm; ReLU; Dropout 0.2; Conv1D 128 k5; Flatten; Dropout 0.2; Dense
    n_classes; BatchNorm; Softmax, trained with RMSprop lr 1e-5.

    Parameters
    ----------
    preset : {"emodb", "ravdess", "iemocap"}, default="emodb"
        Layer sequence used when ``layers`` is None. The paper's variants differ in
        where BatchNorm and Dropout sit. ``"emodb"`` follows the layer list above;
        ``"ravdess"`` (no BatchNorm) and ``"iemocap"`` (BatchNorm after every
        convolution) follow the paper's description in the text and were not checked
        against its figures layer by layer.
    layers : sequence of str or None, default=None
        Explicit layer sequence, overriding ``preset``. Tokens: ``"conv<filters>"``
        (Conv1D, kernel ``kernel_size``, ``padding``), ``"bn"``, ``"relu"``,
        ``"drop<rate>"``, ``"pool<size>"`` (MaxPool1D), ``"flatten"``, ``"gap"``
        (global average pooling), ``"dense"`` (the n_classes output layer, no
        activation) and ``"softmax"`` (last).
    kernel_size : int, default=5
        Kernel length of every convolution.
    padding : {"same", "valid"}, default="same"
        Convolution padding.
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
    skser.features.SpectralMeans : Produces the (n_samples, 193) input.

    Notes
    -----
    Training budget. The paper trains with RMSprop lr 1e-5, which learns slowly, for
    more epochs than a CPU run affords. The defaults ``epochs=40`` and
    ``batch_size=16`` are a time budget for ``skser evaluate --recipe issa2020
    --dataset emodb --protocol loso`` (10 folds of about 480 training files) on a
    CPU, not a converged model: raise ``epochs`` (or ``learning_rate``) when time
    allows. Time per epoch and learning curves are in ``docs/benchmarks.md``.

    References
    ----------
    .. [1] D. Issa, M. F. Demirci, A. Yazici (2020). Speech emotion recognition with
       deep convolutional neural networks. Biomedical Signal Processing and Control
       59, 101894. https://doi.org/10.1016/j.bspc.2020.101894

    Examples
    --------
    >>> import numpy as np
    >>> from skser.models import Deep1DCNN
    >>> X = np.random.default_rng(0).normal(size=(8, 193)).astype("float32")
    >>> y = np.array(["anger", "neutral"] * 4)
    >>> Deep1DCNN(epochs=1, random_state=0).fit(X, y).predict(X).shape
    (8,)
    """

    _accepted_ndims = (2,)
    _input_doc = "(n_samples, n_features)"
    PRESETS = PRESETS

    _parameter_constraints = {
        **SERClassifier._parameter_constraints,
        "preset": [StrOptions(set(PRESETS))],
        "layers": ["array-like", None],
        "kernel_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "padding": [StrOptions({"same", "valid"})],
    }

    def __init__(
        self,
        *,
        preset="emodb",
        layers=None,
        kernel_size=5,
        padding="same",
        epochs=40,
        batch_size=16,
        optimizer="rmsprop",
        learning_rate=1e-5,
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
        self.preset = preset
        self.layers = layers
        self.kernel_size = kernel_size
        self.padding = padding

    def _layer_tokens(self):
        tokens = PRESETS[self.preset] if self.layers is None else tuple(self.layers)
        _check_layers(tokens)
        return tokens

    def _build_network(self, x):
        from keras import layers

        tokens = self._layer_tokens()
        x = self._add_channel(x)
        length = self.X_shape_[1]
        for t in tokens:
            m = _TOKEN.match(t)
            if m.group(2):
                x = layers.Conv1D(int(m.group(2)), int(self.kernel_size), padding=self.padding)(x)
                if self.padding == "valid":
                    length = length - int(self.kernel_size) + 1
            elif t == "bn":
                x = layers.BatchNormalization()(x)
            elif t == "relu":
                x = layers.Activation("relu")(x)
            elif m.group(3):
                x = layers.Dropout(float(m.group(3)))(x)
            elif m.group(4):
                length //= int(m.group(4))
                x = layers.MaxPooling1D(int(m.group(4)))(x)
            elif t == "flatten":
                x = layers.Flatten()(x)
            elif t == "gap":
                x = layers.GlobalAveragePooling1D()(x)
            elif t == "dense":
                x = layers.Dense(self.n_classes_, name="logits")(x)
            elif t == "softmax":
                x = layers.Activation("softmax", name="softmax")(x)
            if length < 1:
                raise ValueError(
                    f"Deep1DCNN: layers {tokens!r} reduce X of shape (n_samples, "
                    f"{self.X_shape_[1]}) to an empty sequence at {t!r}."
                )
        return x
