"""Common scikeras base class of the skser CNN classifiers.

Importing this module imports scikeras, hence Keras and TensorFlow (a few
seconds); :mod:`skser.models` therefore only imports it when a classifier is
first accessed.
"""

import contextlib
import numbers
import os
import random

import numpy as np
from scikeras.wrappers import BaseWrapper, KerasClassifier
from sklearn.model_selection import train_test_split
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions, validate_parameter_constraints
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_is_fitted, column_or_1d

__all__ = ["SERClassifier"]

# Parameters every skser CNN accepts; shared docstring text (Parameters section).
COMMON_PARAMS_DOC = """\
    epochs : int
        Maximum number of passes over the training data.
    batch_size : int
        Training mini-batch size; also used at prediction time.
    optimizer : str or keras.optimizers.Optimizer subclass
        Keras optimizer name (``"adam"``, ``"rmsprop"``, ``"sgd"``) or class; further
        optimizer arguments are routed with the ``optimizer__`` prefix (scikeras).
    learning_rate : float or None
        Initial learning rate given to the optimizer; ``None`` keeps the optimizer's
        default (``optimizer__learning_rate`` overrides it).
    validation_split : float
        Fraction of the training data held out (stratified by class, drawn with
        ``random_state``) to monitor ``val_loss``/``val_accuracy``. Ignored when
        ``validation_data`` is passed to :meth:`fit`.
    patience : int or None
        Early stopping: stop after ``patience`` epochs without improvement of
        ``val_loss`` (of ``loss`` when there is no validation data) and restore the
        weights of the best epoch. ``None`` trains for all ``epochs``.
    class_weight : {"balanced"}, dict or None
        ``"balanced"`` weights each training sample by ``n_samples / (n_classes *
        count(class))`` (computed on the training part after the validation split);
        a dict maps labels to weights; multiplied with ``sample_weight``.
    standardize : bool
        If True, the network starts with a ``keras.layers.Normalization`` layer whose
        per-feature mean and variance are computed on the training part in ``fit``
        (see ``_standardize_axis`` of each class); saved with the model.
    augment : callable or None
        Training-time data augmentation: ``augment(X_batch, rng) -> X_batch`` is called
        on every training mini-batch (a float32 array in the classifier's input layout,
        without the channel axis) with a ``numpy.random.Generator`` ``rng`` seeded from
        ``random_state``; it must return an array of the same shape. It is never
        applied to validation or prediction data. It must be picklable (a module-level
        function or an object) for the fitted classifier to be saved.
    jit_compile : bool
        Compile the training step with XLA (``keras.Model.compile(jit_compile=...)``).
        Off by default: on a 2-core CPU it made training about 10x slower
        (``benchmarks/models.py``).
    precision : {"float32", "mixed_bfloat16"}
        Keras dtype policy of the hidden layers; ``"mixed_bfloat16"`` computes in
        bfloat16 (faster on CPUs with AVX512-BF16) with float32 weights and a float32
        softmax output.
    random_state : int, numpy.random.RandomState or None
        Seeds Python, NumPy, TensorFlow and Keras (``keras.utils.set_random_seed``) and
        enables deterministic TensorFlow ops during ``fit``: two fits with the same
        seed on the same machine give identical predictions. ``None``: not
        reproducible. The global random states are restored after ``fit``.
    verbose : int
        0: silent; 1: one progress line per epoch (Keras ``verbose=2``).
    **kwargs
        Routed scikeras parameters (``optimizer__``, ``fit__``, ``predict__``, ...)."""


def fill_common_params(cls):
    """Class decorator: put the shared parameter text where ``%(common_params)s`` is."""
    import inspect
    import re

    if not cls.__doc__:
        return cls
    defaults = {
        name: p.default
        for name, p in inspect.signature(cls.__init__).parameters.items()
        if p.default is not inspect.Parameter.empty
    }

    def with_default(match):
        name, kind = match.group(1), match.group(2)
        if name in defaults:
            return f"    {name} : {kind}, default={defaults[name]!r}"
        return match.group(0)

    text = re.sub(r"^    (\w+) : (.*)$", with_default, COMMON_PARAMS_DOC, flags=re.M)
    cls.__doc__ = cls.__doc__.replace("%(common_params)s", text)
    return cls


@contextlib.contextmanager
def _seeded(seed):
    """Seed Python, NumPy, TF and Keras and make TF ops deterministic; restore after."""
    if seed is None:
        yield
        return
    import keras
    import tensorflow as tf
    from tensorflow.python.framework import config as tf_config

    py_state = random.getstate()
    np_state = np.random.get_state()  # noqa: NPY002 (restoring the legacy global state)
    env = os.environ.get("TF_DETERMINISTIC_OPS")
    was_deterministic = tf_config.is_op_determinism_enabled()
    try:
        keras.utils.set_random_seed(int(seed))
        tf.config.experimental.enable_op_determinism()
        yield
    finally:
        random.setstate(py_state)
        np.random.set_state(np_state)  # noqa: NPY002
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


@fill_common_params
class SERClassifier(KerasClassifier):
    """Base class of the skser CNN classifiers (a scikeras ``KerasClassifier``).

    Subclasses store their architecture hyperparameters in ``__init__``, set
    ``_accepted_ndims`` (the dimensionalities of ``X`` they accept, sample axis
    included) and ``_input_doc`` (the expected layout, for error messages), and
    implement ``_build_network(inputs) -> outputs`` returning the softmax output
    tensor. The base class handles input checks, the stratified validation split,
    early stopping, class weights, seeding, optional input standardization and
    training-time augmentation, and compiles the model.

    The channel axis Keras convolutions need is added inside the network
    (``_add_channel``), so ``X`` is exactly what the matching feature extractor emits.

    Parameters
    ----------
%(common_params)s

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Labels seen in ``fit`` (original strings).
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
        "jit_compile": ["boolean"],
        "precision": [StrOptions({"float32", "mixed_bfloat16"})],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
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
        jit_compile=False,
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
        """Array checks with errors that name the class and the expected layout."""
        import scipy.sparse

        name = type(self).__name__
        if scipy.sparse.issparse(X):
            raise TypeError(
                f"{name} does not accept sparse input; expected a dense array of shape "
                f"{self._input_doc}. Use X.toarray() to convert to a dense numpy array."
            )
        try:
            X = np.asarray(X)
            if np.iscomplexobj(X):
                raise ValueError(f"{name}: Complex data not supported; X must be real.")
            X = X.astype(np.float32, copy=False)
        except (TypeError, ValueError) as exc:
            raise type(exc)(
                f"{name} expects a numeric array of shape {self._input_doc}; "
                f"could not convert X to float32: {exc}"
            ) from exc
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
        if X.shape[0] < 1:
            raise ValueError(
                f"{name}: Found array with 0 sample(s) (shape={X.shape}) while a minimum "
                f"of 1 is required; expected shape {self._input_doc}."
            )
        if 0 in X.shape[1:]:
            raise ValueError(
                f"{name}: Found array with 0 feature(s) (shape={X.shape}) while a minimum "
                f"of 1 is required; expected shape {self._input_doc}."
            )
        # O(1)-memory fast path (as sklearn's assert_all_finite): a float64 sum of
        # float32 values is finite unless X holds NaN or inf
        if np.isfinite(X.sum(dtype=np.float64)):
            return X
        finite = np.isfinite(X)
        if not finite.all():
            n_bad = int(np.sum(~finite.reshape(len(X), -1).all(axis=1)))
            raise ValueError(
                f"{name}: Input X contains NaN or infinity in {n_bad} of {len(X)} "
                f"samples (shape {X.shape}); clean or impute the features first."
            )
        return X

    def _validate_data(self, X=None, y=None, reset=False, y_numeric=False):
        if X is not None and X is not getattr(self, "_checked_X", None):
            X = self._check_X(X)
            fitted = getattr(self, "X_shape_", None)
            if not reset and fitted is not None and X.shape[1:] != tuple(fitted[1:]):
                name = type(self).__name__
                raise ValueError(
                    f"X has {int(np.prod(X.shape[1:]))} features, but {name} is expecting "
                    f"{int(np.prod(fitted[1:]))} features as input: fitted on X of shape "
                    f"(n_samples, {', '.join(map(str, fitted[1:]))}), got X of shape "
                    f"{X.shape}."
                )
        return super()._validate_data(X=X, y=y, reset=reset, y_numeric=y_numeric)

    def _check_params(self):
        """Check the hyperparameters in ``_parameter_constraints`` (sklearn's messages)."""
        constraints = {}
        for klass in reversed(type(self).__mro__):
            constraints.update(vars(klass).get("_parameter_constraints", {}))
        params = {k: v for k, v in self.get_params(deep=False).items() if k in constraints}
        validate_parameter_constraints(constraints, params, caller_name=type(self).__name__)

    def _check_y(self, y, n_samples):
        name = type(self).__name__
        if y is None:
            raise ValueError(f"{name} requires y to be passed, but the target y is None.")
        y = column_or_1d(y, warn=True)
        target_type = type_of_target(y)
        if target_type not in ("binary", "multiclass"):
            raise ValueError(
                f"Unknown label type: {target_type!r}. {name} needs class labels "
                "(strings or integers) in a 1-D y."
            )
        if len(y) != n_samples:
            raise ValueError(
                f"{name}: X has {n_samples} samples but y has {len(y)} labels."
            )
        classes = np.unique(y)
        if len(classes) < 2:
            raise ValueError(
                f"{name} needs at least 2 classes in y to train; got 1 class "
                f"({classes[0]!r})."
            )
        return y

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
        stats = getattr(self, "_standardize_stats", None)
        if self.standardize and stats is not None:
            mean, var = stats
            x = keras.layers.Normalization(
                axis=self._standardize_axis, mean=mean, variance=var, name="standardize"
            )(x)
        if self.precision not in ("float32", "mixed_bfloat16"):
            raise ValueError(
                f"{type(self).__name__}: precision must be 'float32' or 'mixed_bfloat16'; "
                f"got {self.precision!r}."
            )
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
        model.compile(**compile_kwargs, jit_compile=bool(self.jit_compile))
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
        """Return train arrays and raw (X_val, y_val) or None."""
        name = type(self).__name__
        if validation_data is not None:
            try:
                X_val, y_val = validation_data
            except (TypeError, ValueError) as exc:
                raise ValueError(
                    f"{name}.fit: validation_data must be a pair (X_val, y_val)."
                ) from exc
            X_val = self._check_X(X_val)
            y_val = column_or_1d(y_val)
            if X_val.shape[1:] != X.shape[1:] or len(X_val) != len(y_val):
                raise ValueError(
                    f"{name}.fit: validation_data has X of shape {X_val.shape} and "
                    f"{len(y_val)} labels; expected (n_val, "
                    f"{', '.join(map(str, X.shape[1:]))}) and n_val labels."
                )
            unseen = np.setdiff1d(np.unique(y_val), np.unique(y))
            if unseen.size:
                raise ValueError(
                    f"{name}.fit: validation_data has labels not in y: {unseen.tolist()}."
                )
            return X, y, sample_weight, (X_val, y_val)
        frac = self.validation_split
        if not frac:
            return X, y, sample_weight, None
        if not 0.0 < frac < 1.0:
            raise ValueError(
                f"{name}: validation_split must be in [0, 1); got {frac!r}."
            )
        idx = np.arange(len(X))
        _, counts = np.unique(y, return_counts=True)
        n_val = int(np.ceil(frac * len(X)))
        stratify = y if counts.min() >= 2 and n_val >= len(counts) else None
        if len(X) < 2:
            return X, y, sample_weight, None
        tr, va = train_test_split(
            idx, test_size=frac, stratify=stratify, random_state=seed, shuffle=True
        )
        sw_tr = None if sample_weight is None else sample_weight[tr]
        return X[tr], y[tr], sw_tr, (X[va], y[va])

    def fit(self, X, y, sample_weight=None, *, validation_data=None, **kwargs):
        """Train the network on ``(X, y)``.

        Parameters
        ----------
        X : ndarray
            Features in the layout given by the class docstring.
        y : array-like of shape (n_samples,)
            Labels (strings or integers), at least 2 classes.
        sample_weight : array-like of shape (n_samples,), default=None
            Per-sample loss weights, multiplied with ``class_weight``.
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
        self._check_params()
        X = self._check_X(X)
        y = self._check_y(y, len(X))
        seed = self._seed_int()
        if sample_weight is not None:
            sample_weight = np.asarray(sample_weight, dtype=np.float64).copy()
        X_tr, y_tr, sw_tr, val = self._split_validation(
            X, y, sample_weight, validation_data, seed
        )
        if self.class_weight is not None:
            cw = compute_sample_weight(class_weight=self.class_weight, y=y_tr)
            sw_tr = cw if sw_tr is None else sw_tr * cw
        self._fit_validation = val
        self._standardize_stats = None
        if self.standardize:
            axis = self._standardize_axis % X_tr.ndim
            reduce_axes = tuple(a for a in range(X_tr.ndim) if a != axis)
            mean = X_tr.mean(axis=reduce_axes, dtype=np.float64)
            var = X_tr.var(axis=reduce_axes, dtype=np.float64)
            self._standardize_stats = (mean.astype(np.float32), var.astype(np.float32))
        self._checked_X = X_tr  # checked above: scikeras' own validation skips it
        try:
            with _seeded(seed):
                self.classes_ = None
                BaseWrapper.fit(self, X_tr, y_tr, sample_weight=sw_tr, **kwargs)
        finally:
            self._fit_validation = None
            self._checked_X = None
        self.history_ = {k: list(v) for k, v in self.history_.items()}
        return self

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
            Per-sample loss weights.
        **kwargs
            Passed to ``keras.Model.fit``.

        Returns
        -------
        self : object
            The classifier.
        """
        with _seeded(self._seed_int()):
            super().partial_fit(X, y, classes=classes, sample_weight=sample_weight, **kwargs)
        return self

    def _fit_keras_model(self, X, y, sample_weight, warm_start, epochs, initial_epoch, **kwargs):
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
        val = getattr(self, "_fit_validation", None)
        if val is not None:
            X_val, y_val = val
            X_val = self.feature_encoder_.transform(X_val)
            y_val = self.target_encoder_.transform(y_val)
            fit_args["validation_data"] = (X_val, y_val)
        if self.patience is not None:
            callbacks.append(
                keras.callbacks.EarlyStopping(
                    monitor="val_loss" if val is not None else "loss",
                    patience=int(self.patience),
                    restore_best_weights=True,
                )
            )
        fit_args["callbacks"] = callbacks
        seed = self._seed_int()
        if self.augment is not None:
            batches = _make_batches_class()(
                X,
                y,
                sample_weight,
                int(fit_args.pop("batch_size") or 32),
                self.augment,
                np.random.default_rng(seed),
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

    # ------------------------------------------------------------------ score
    def _predict_raw(self, X, **kwargs):
        """Softmax outputs, computed by calling the model on mini-batches.

        Calling the Keras model directly (``training=False``) skips the per-call setup
        of ``keras.Model.predict``, which dominates for the few-sample inputs of
        cross-validation folds and single-file predictions.
        """
        from sklearn.exceptions import NotFittedError

        if not self.initialized_:
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call 'fit' with "
                "appropriate arguments before using this estimator."
            )
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
