"""Parameter text shared by the docstrings of the skser CNN classifiers.

Filled into each class docstring by :class:`skser._utils._docstring.Substitution`
(``@Substitution(common_params=COMMON_PARAMS)``), which appends each class's own
``default=`` from its signature.
"""

__all__ = ["COMMON_PARAMS"]

COMMON_PARAMS = """\
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
        ``random_state``) to monitor ``val_loss``/``val_accuracy``, in [0, 1).
        Ignored when ``validation_data`` is passed to :meth:`fit`.
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
    jit_compile : bool or "auto"
        Compile the training step with XLA (``keras.Model.compile(jit_compile=...)``).
        ``"auto"`` is Keras' own choice: off for TensorFlow on a machine without an
        accelerator (where XLA trains these networks slower; ``python
        benchmarks/models.py --xla`` measures it, see ``docs/benchmarks.md``), on for
        the JAX backend, which runs op by op without it.
    precision : {"float32", "mixed_bfloat16"}
        Keras dtype policy of the hidden layers; ``"mixed_bfloat16"`` computes in
        bfloat16 (for CPUs with AVX512-BF16) with float32 weights and a float32
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
