"""Common scikeras base class of the skser CNN classifiers.

Importing this module imports scikeras, hence Keras and TensorFlow, so
:mod:`skser.models` only imports it when a classifier is first accessed.
"""

import contextlib
import numbers
import os
import random

import numpy as np
from scikeras.wrappers import KerasClassifier
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.model_selection import train_test_split
from sklearn.utils import check_array, check_random_state, check_X_y
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data

from .._utils._docstring import Substitution
from ._docstrings import COMMON_PARAMS

__all__ = ["SERClassifier"]

# How every skser CNN checks X (sklearn.utils.check_array): float32 as Keras computes
# in, any number of dimensions (the accepted ones are checked against _accepted_ndims),
# no NaN or infinity, no sparse matrices.
_CHECK_ARRAY = dict(allow_nd=True, dtype=np.float32, ensure_all_finite=True)


@contextlib.contextmanager
def _seeded(seed):
    """Seed Python, NumPy and Keras (and the backend), deterministic ops; restore after.

    On the TensorFlow backend, TensorFlow's op determinism is switched on for the
    fit; other Keras backends (JAX) are seeded through Keras alone and never import
    TensorFlow.
    """
    if seed is None:
        yield
        return
    import keras

    py_state = random.getstate()
    np_state = np.random.get_state()  # noqa: NPY002 (restoring the legacy global state)
    tf_backend = keras.backend.backend() == "tensorflow"
    if tf_backend:
        import tensorflow as tf
        from tensorflow.python.framework import config as tf_config

        env = os.environ.get("TF_DETERMINISTIC_OPS")
        was_deterministic = tf_config.is_op_determinism_enabled()
    try:
        keras.utils.set_random_seed(int(seed))
        if tf_backend:
            tf.config.experimental.enable_op_determinism()
        yield
    finally:
        random.setstate(py_state)
        np.random.set_state(np_state)  # noqa: NPY002
        if tf_backend:
            if not was_deterministic:
                tf_config.disable_op_determinism()
            if env is None:
                os.environ.pop("TF_DETERMINISTIC_OPS", None)
            else:
                os.environ["TF_DETERMINISTIC_OPS"] = env


def _make_batches_class():
    """Build the PyDataset subclass lazily (keras is imported only when needed)."""
    import keras

    class _AugmentedBatches(keras.utils.PyDataset):
        """Shuffled training mini-batches with ``augment`` applied to each."""

        def __init__(self, X, y, sample_weight, batch_size, augment, rng, shuffle):
            super().__init__()
            self.X, self.y, self.sample_weight = X, y, sample_weight
            self.batch_size, self.augment, self.rng = batch_size, augment, rng
            self.shuffle = shuffle
            self._order = np.arange(len(X))
            self.on_epoch_end()

        def __len__(self):
            return int(np.ceil(len(self.X) / self.batch_size))

        def __getitem__(self, index):
            idx = self._order[index * self.batch_size : (index + 1) * self.batch_size]
            xb = np.asarray(self.augment(self.X[idx].copy(), self.rng), dtype=np.float32)
            if xb.shape != self.X[idx].shape:
                raise ValueError(
                    f"augment returned a batch of shape {xb.shape}; expected "
                    f"{self.X[idx].shape} (the shape it was given)."
                )
            if self.sample_weight is None:
                return xb, self.y[idx]
            return xb, self.y[idx], self.sample_weight[idx]

        def on_epoch_end(self):
            if self.shuffle:
                self.rng.shuffle(self._order)

    return _AugmentedBatches


class _TrainingStatistics(TransformerMixin, BaseEstimator):
    """Feature encoder of a ``standardize=True`` classifier: learns statistics, passes X on.

    scikeras fits its ``feature_encoder`` on the training part of ``X`` just before it
    builds the network, so the build function reads the mean and variance of the
    ``Normalization`` layer from the fitted encoder (``feature_encoder_``). The layer,
    saved with the model, does the standardizing; ``transform`` is the identity.

    Parameters
    ----------
    axis : int, default=-1
        Axis of ``X`` with one mean and variance per index; all other axes are pooled.

    Attributes
    ----------
    mean_ : ndarray of shape (X.shape[axis],), dtype float32
        Per-index mean of the training data, accumulated in float64.
    var_ : ndarray of shape (X.shape[axis],), dtype float32
        Per-index (biased) variance of the training data, accumulated in float64.
    """

    def __init__(self, axis=-1):
        self.axis = axis

    def fit(self, X, y=None):
        """Learn the mean and variance of ``X`` along every axis but ``axis``."""
        axis = self.axis % X.ndim
        pooled = tuple(a for a in range(X.ndim) if a != axis)
        self.mean_ = X.mean(axis=pooled, dtype=np.float64).astype(np.float32)
        self.var_ = X.var(axis=pooled, dtype=np.float64).astype(np.float32)
        return self

    def transform(self, X):
        """Return ``X`` unchanged (the network's ``Normalization`` layer standardizes)."""
        return X


@Substitution(common_params=COMMON_PARAMS)
class SERClassifier(KerasClassifier):
    """Base class of the skser CNN classifiers (a scikeras ``KerasClassifier``).

    Subclasses store their architecture hyperparameters in ``__init__``, extend
    ``_parameter_constraints``, set ``_accepted_ndims`` (the dimensionalities of ``X``
    they accept, sample axis included) and ``_input_doc`` (the expected layout, for
    error messages), and implement ``_build_network(inputs) -> outputs`` returning the
    softmax output tensor. The base class checks the input, holds out a stratified
    validation split, adds early stopping, class weights, seeding, optional input
    standardization and training-time augmentation, and compiles the model.

    The channel axis Keras convolutions need is added inside the network
    (``_add_channel``), so ``X`` is exactly what the matching feature extractor emits.

    Parameters
    ----------
%(common_params)s

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Labels seen in ``fit`` (original strings).
    n_features_in_ : int
        Size of the second axis of the training ``X``.
    X_shape_ : tuple of int
        Shape of the training ``X`` (after any validation split).
    feature_encoder_ : sklearn transformer
        scikeras' feature encoder; with ``standardize=True`` it holds the training
        ``mean_`` and ``var_`` of the ``Normalization`` layer.
    history_ : dict of str to list of float
        Per-epoch ``loss``, ``accuracy`` and, with validation data, ``val_loss``,
        ``val_accuracy``.
    model_ : keras.Model
        The trained network.
    """

    _accepted_ndims = (2,)
    _input_doc = "(n_samples, n_features)"
    _standardize_axis = -1

    _parameter_constraints = {
        "epochs": [Interval(numbers.Integral, 0, None, closed="left")],
        "batch_size": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "learning_rate": [Interval(numbers.Real, 0, None, closed="neither"), None],
        "validation_split": [Interval(numbers.Real, 0, 1, closed="left")],
        "patience": [Interval(numbers.Integral, 0, None, closed="left"), None],
        "class_weight": [StrOptions({"balanced"}), dict, None],
        "standardize": ["boolean"],
        "augment": [callable, None],
        "jit_compile": ["boolean", StrOptions({"auto"})],
        "precision": [StrOptions({"float32", "mixed_bfloat16"})],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        # scikeras' own parameters. It resolves the model, optimizer, loss, metrics and
        # callbacks (names, classes, instances or callables) when it builds and
        # compiles the network, and reports what it cannot use.
        "model": "no_validation",
        "build_fn": "no_validation",
        "optimizer": "no_validation",
        "loss": "no_validation",
        "metrics": "no_validation",
        "callbacks": "no_validation",
        "validation_batch_size": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "warm_start": ["boolean"],
        "shuffle": ["boolean"],
        "run_eagerly": ["boolean"],
    }

    def __init__(
        self,
        *,
        epochs=1,
        batch_size=32,
        optimizer="adam",
        learning_rate=None,
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
        kwargs.setdefault("loss", "sparse_categorical_crossentropy")
        kwargs.setdefault("metrics", ["accuracy"])
        super().__init__(
            epochs=epochs,
            batch_size=batch_size,
            optimizer=optimizer,
            validation_split=validation_split,
            class_weight=class_weight,
            random_state=random_state,
            verbose=verbose,
            **kwargs,
        )
        self.learning_rate = learning_rate
        self.patience = patience
        self.standardize = standardize
        self.augment = augment
        self.jit_compile = jit_compile
        self.precision = precision

    # ------------------------------------------------------------------ checks
    def __sklearn_tags__(self):
        from sklearn.utils import ClassifierTags

        # scikeras puts ClassifierMixin after BaseEstimator in the MRO, so its tags
        # never apply: declare the classifier here (is_classifier, stratified CV).
        tags = super().__sklearn_tags__()
        tags.estimator_type = "classifier"
        tags.classifier_tags = ClassifierTags()
        tags.target_tags.required = True
        tags.input_tags.allow_nan = False
        tags.input_tags.two_d_array = 2 in self._accepted_ndims
        tags.input_tags.three_d_array = any(d > 2 for d in self._accepted_ndims)
        tags.target_tags.single_output = True
        tags.target_tags.multi_output = False
        tags.classifier_tags.multi_label = False
        tags.classifier_tags.poor_score = True
        return tags

    def _check_X(self, X):
        """``check_array`` with errors naming the class and the expected layout.

        Returns ``X`` as a finite float32 ndarray with one of ``_accepted_ndims``
        dimensions.
        """
        name = type(self).__name__
        try:
            X = check_array(X, input_name="X", estimator=self, **_CHECK_ARRAY)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"{name} expects X of shape {self._input_doc}: {exc}") from exc
        # allow_nd accepts any dimensionality and only 2-D input has its features
        # counted, so the layout is checked here
        if X.ndim not in self._accepted_ndims:
            hint = (
                " Reshape your data: a single sample needs a leading axis of length 1."
                if X.ndim < min(self._accepted_ndims)
                else ""
            )
            raise ValueError(
                f"{name} expects X of shape {self._input_doc} "
                f"({' or '.join(f'{d}-D' for d in self._accepted_ndims)}); got a "
                f"{X.ndim}-D array of shape {X.shape}.{hint}"
            )
        if 0 in X.shape[1:]:
            raise ValueError(
                f"{name} expects X of shape {self._input_doc}; got an empty axis in "
                f"X of shape {X.shape}."
            )
        return X

    def _check_y(self, X, y):
        """``check_X_y`` on a checked ``X``: ``y`` holds one class label per sample."""
        try:
            # X is already checked: no conversion, no second finiteness pass
            _, y = check_X_y(
                X, y, estimator=self, allow_nd=True, dtype=None, ensure_all_finite=False
            )
        except (TypeError, ValueError) as exc:
            raise type(exc)(
                f"{type(self).__name__} expects y of shape (n_samples,) for X of shape "
                f"{X.shape}: {exc}"
            ) from exc
        check_classification_targets(y)
        return y

    def _validate_data(self, X=None, y=None, reset=False, y_numeric=False):
        # scikeras' hook, called on the training part in fit (reset=True) and on the
        # input of predict (reset=False). Its own check accepts sparse X and any
        # dimensionality and reports a changed width as a shape mismatch, so X is
        # checked with sklearn first (layout, finiteness, n_features_in_); scikeras
        # then records X_shape_, X_dtype_ and the target metadata.
        if X is not None:
            X = self._check_X(X)
            validate_data(self, X, reset=reset, skip_check_array=True)
        return super()._validate_data(X=X, y=y, reset=reset, y_numeric=y_numeric)

    @property
    def feature_encoder(self):
        """Transformer scikeras fits on the training ``X`` before building the network.

        With ``standardize=True`` it learns the mean and variance of the network's
        ``Normalization`` layer (and passes ``X`` on unchanged); otherwise it is
        scikeras' identity.
        """
        if self.standardize:
            return _TrainingStatistics(axis=self._standardize_axis)
        return super().feature_encoder

    # ------------------------------------------------------------------- build
    def _add_channel(self, x):
        """Append the channel axis Keras convolutions expect: (..., d) -> (..., d, 1)."""
        import keras

        return keras.layers.Reshape((*x.shape[1:], 1), name="add_channel")(x)

    def _build_network(self, inputs):  # pragma: no cover - abstract
        raise NotImplementedError

    def _keras_build_fn(self, compile_kwargs):
        import keras

        inputs = keras.Input(shape=self.X_shape_[1:], name="features")
        x = inputs
        if self.standardize:
            stats = self.feature_encoder_  # fitted on the training X just before the build
            x = keras.layers.Normalization(
                axis=self._standardize_axis,
                mean=stats.mean_,
                variance=stats.var_,
                name="standardize",
            )(x)
        previous = keras.config.dtype_policy()
        keras.config.set_dtype_policy(self.precision)
        try:
            outputs = self._build_network(x)
        finally:
            keras.config.set_dtype_policy(previous)
        if self.precision != "float32":
            outputs = keras.layers.Activation("linear", dtype="float32", name="to_float32")(
                outputs
            )
        model = keras.Model(inputs, outputs, name=type(self).__name__)
        jit = self.jit_compile if self.jit_compile == "auto" else bool(self.jit_compile)
        model.compile(**compile_kwargs, jit_compile=jit)
        return model

    def _get_compile_kwargs(self):
        kwargs = super()._get_compile_kwargs()
        opt = kwargs["optimizer"]
        routed_lr = "optimizer__learning_rate" in self.__dict__
        if self.learning_rate is not None and not routed_lr and hasattr(opt, "learning_rate"):
            opt.learning_rate = float(self.learning_rate)
        return kwargs

    # --------------------------------------------------------------------- fit
    def _seed_int(self):
        if self.random_state is None:
            return None
        if isinstance(self.random_state, numbers.Integral):
            return int(self.random_state)
        return int(check_random_state(self.random_state).randint(2**31 - 1))

    def _split_validation(self, X, y, sample_weight, validation_data, seed):
        """Return the training arrays and the raw held-out pair ``(X_val, y_val)`` or None."""
        name = type(self).__name__
        if validation_data is not None:
            try:
                X_val, y_val = validation_data
            except (TypeError, ValueError) as exc:
                raise ValueError(
                    f"{name}.fit: validation_data must be a pair (X_val, y_val)."
                ) from exc
            X_val = self._check_X(X_val)
            y_val = self._check_y(X_val, y_val)
            if X_val.shape[1:] != X.shape[1:]:
                raise ValueError(
                    f"{name}.fit: validation_data has X of shape {X_val.shape}; expected "
                    f"(n_val, {', '.join(map(str, X.shape[1:]))}) as X."
                )
            unseen = np.setdiff1d(np.unique(y_val), np.unique(y))
            if unseen.size:
                raise ValueError(
                    f"{name}.fit: validation_data has labels not in y: {unseen.tolist()}."
                )
            return X, y, sample_weight, (X_val, y_val)
        frac = self.validation_split
        if not frac or len(X) < 2:
            return X, y, sample_weight, None
        _, counts = np.unique(y, return_counts=True)
        n_val = int(np.ceil(frac * len(X)))
        stratify = y if counts.min() >= 2 and n_val >= len(counts) else None
        tr, va = train_test_split(
            np.arange(len(X)), test_size=frac, stratify=stratify, random_state=seed,
            shuffle=True,
        )
        sw_tr = None if sample_weight is None else sample_weight[tr]
        return X[tr], y[tr], sw_tr, (X[va], y[va])

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, *, validation_data=None, **kwargs):
        """Train the network on ``(X, y)``.

        Parameters
        ----------
        X : ndarray
            Features in the layout given by the class docstring.
        y : array-like of shape (n_samples,)
            Labels (strings or integers), at least 2 classes.
        sample_weight : array-like of shape (n_samples,), default=None
            Per-sample loss weights, multiplied with ``class_weight``; not modified.
        validation_data : tuple (X_val, y_val), default=None
            Held-out data in the same layout as ``X`` (inside a ``Pipeline`` it is not
            transformed by earlier steps); overrides ``validation_split``.
        **kwargs
            Passed to ``keras.Model.fit`` (scikeras behaviour).

        Returns
        -------
        self : object
            The fitted classifier.
        """
        X = self._check_X(X)
        y = self._check_y(X, y)
        classes = np.unique(y)
        if len(classes) < 2:
            raise ValueError(
                f"{type(self).__name__} needs at least 2 classes in y to train; got 1 "
                f"class ({classes[0]!r})."
            )
        seed = self._seed_int()
        if sample_weight is not None:
            # a copy: KerasClassifier.fit multiplies the class weights into it in place
            sample_weight = np.asarray(sample_weight, dtype=np.float64).copy()
        X_tr, y_tr, sw_tr, val = self._split_validation(
            X, y, sample_weight, validation_data, seed
        )
        with _seeded(seed):
            # KerasClassifier.fit weights the training part by class_weight and passes
            # the held-out pair, a fit keyword, on to _fit_keras_model, which encodes it
            super().fit(X_tr, y_tr, sample_weight=sw_tr, validation_data=val, **kwargs)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None, **kwargs):
        """Train for one more epoch, keeping the weights (scikeras behaviour).

        Parameters
        ----------
        X : ndarray
            Features in the layout given by the class docstring.
        y : array-like of shape (n_samples,)
            Labels.
        classes : array-like of shape (n_classes,), default=None
            All labels, required on the first call if ``y`` lacks some.
        sample_weight : array-like of shape (n_samples,), default=None
            Per-sample loss weights; not modified.
        **kwargs
            Passed to ``keras.Model.fit``.

        Returns
        -------
        self : object
            The classifier.
        """
        if sample_weight is not None:
            # a copy: KerasClassifier.partial_fit multiplies class weights into it in place
            sample_weight = np.asarray(sample_weight, dtype=np.float64).copy()
        with _seeded(self._seed_int()):
            super().partial_fit(X, y, classes=classes, sample_weight=sample_weight, **kwargs)
        return self

    def _fit_keras_model(
        self, X, y, sample_weight, warm_start, epochs, initial_epoch, validation_data=None,
        **kwargs,
    ):
        # Replaces scikeras' version, which hands validation_split to Keras (an
        # unstratified split of the last rows) and calls keras.Model.fit on arrays
        # only: here the held-out pair comes from fit's stratified split (encoded like
        # the training data), early stopping is added, an ``augment`` callable feeds
        # the batches, and history_ is a plain dict of float lists.
        import keras

        fit_args = {
            "batch_size": self.batch_size,
            "epochs": initial_epoch + epochs,
            "initial_epoch": initial_epoch,
            "verbose": 2 if self.verbose else 0,
            "shuffle": self.shuffle,
        }
        for key, value in self.__dict__.items():  # routed fit__ parameters
            if key.startswith("fit__") and key != "fit__callbacks":
                fit_args[key[len("fit__") :]] = value
        fit_args.update(kwargs)
        callbacks = list(self._fit_callbacks)
        if validation_data is not None:
            X_val, y_val = validation_data
            fit_args["validation_data"] = (
                self.feature_encoder_.transform(X_val),
                self.target_encoder_.transform(y_val),
            )
        if self.patience is not None:
            callbacks.append(
                keras.callbacks.EarlyStopping(
                    monitor="val_loss" if validation_data is not None else "loss",
                    patience=int(self.patience),
                    restore_best_weights=True,
                )
            )
        callbacks += self._schedule_callbacks()
        fit_args["callbacks"] = callbacks
        if self.augment is not None:
            batches = _make_batches_class()(
                X,
                y,
                sample_weight,
                int(fit_args.pop("batch_size") or 32),
                self.augment,
                np.random.default_rng(self._seed_int()),
                bool(fit_args.pop("shuffle", True)),
            )
            hist = self.model_.fit(batches, **fit_args)
        else:
            hist = self.model_.fit(x=X, y=y, sample_weight=sample_weight, **fit_args)
        if not warm_start or not hasattr(self, "history_") or initial_epoch == 0:
            self.history_ = {}
        for key, values in hist.history.items():
            key = {"acc": "accuracy", "val_acc": "val_accuracy"}.get(key, key)
            self.history_.setdefault(key, []).extend(float(v) for v in values)

    def _schedule_callbacks(self):
        """Keras callbacks a subclass adds to every fit (learning-rate schedules)."""
        return []

    # ------------------------------------------------------------------ score
    def _predict_raw(self, X, **kwargs):
        """Softmax outputs, computed by calling the model on mini-batches.

        Calling the Keras model directly (``training=False``) skips the per-call setup
        of ``keras.Model.predict``, which dominates for the few-sample inputs of
        cross-validation folds and single-file predictions.
        """
        X, _ = self._validate_data(X=X, y=None)
        X = self.feature_encoder_.transform(X)
        batch_size = (
            kwargs.get("batch_size")
            or getattr(self, "predict__batch_size", None)
            or max(int(self.batch_size or 32), 256)
        )
        outputs = [
            np.asarray(self.model_(X[i : i + batch_size], training=False))
            for i in range(0, len(X), batch_size)
        ]
        return np.concatenate(outputs, axis=0)

    def predict_proba(self, X, **kwargs):
        """Class probabilities.

        Parameters
        ----------
        X : ndarray
            Features in the layout the classifier was fitted on.
        **kwargs
            ``batch_size`` of the forward passes (default: max(``batch_size``, 256)).

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Softmax outputs, columns ordered as ``classes_``; rows sum to 1.
        """
        check_is_fitted(self, "model_")
        proba = np.asarray(self._predict_raw(X, **kwargs), dtype=np.float64)
        proba = proba.reshape(-1, len(self.classes_))
        return proba / proba.sum(axis=1, keepdims=True)

    def predict(self, X, **kwargs):
        """Predicted labels.

        Parameters
        ----------
        X : ndarray
            Features in the layout the classifier was fitted on.
        **kwargs
            Passed to :meth:`predict_proba`.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Labels from ``classes_`` (the original strings).
        """
        proba = self.predict_proba(X, **kwargs)
        return self.classes_[np.argmax(proba, axis=1)]

    def score(self, X, y, sample_weight=None):
        """Accuracy on ``(X, y)``; labels unseen in ``fit`` are an error.

        Parameters
        ----------
        X : ndarray
            Features in the layout the classifier was fitted on.
        y : array-like of shape (n_samples,)
            True labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.

        Returns
        -------
        score : float
            Accuracy.

        Raises
        ------
        ValueError
            If ``y`` contains labels the classifier was not fitted on.
        """
        from sklearn.metrics import accuracy_score

        check_is_fitted(self, "model_")
        y = column_or_1d(y)
        unseen = np.setdiff1d(np.unique(y), self.classes_)
        if unseen.size:
            raise ValueError(
                f"{type(self).__name__}.score: y contains labels unseen in fit: "
                f"{unseen.tolist()}; fitted classes are {self.classes_.tolist()}."
            )
        return accuracy_score(y, self.predict(X), sample_weight=sample_weight)
