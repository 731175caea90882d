"""Loading the bundled default model and reading its model card."""

import warnings
from importlib import resources

__all__ = ["MODEL_FILE", "CARD_FILE", "load_default_model", "model_card"]

#: File name of the bundled model inside the ``skser.bundled`` package.
MODEL_FILE = "default_model.joblib"
#: File name of its model card (Markdown) beside it.
CARD_FILE = "MODEL_CARD.md"


def _resource(name):
    return resources.files("skser.bundled").joinpath(name)


def load_default_model(*, return_info=False):
    """Load the emotion classifier shipped inside skser.

    A scikit-learn pipeline from audio files to seven emotions (``anger``,
    ``disgust``, ``fear``, ``happiness``, ``neutral``, ``sadness``, ``surprise``),
    trained on EMO-DB, RAVDESS (speech and song) and SAVEE together and chosen by
    leave-one-corpus-out evaluation. Its recipe, training data, licence,
    accuracy and limits are in :func:`model_card`. It is what ``skser predict``
    uses when no model file is given.

    Parameters
    ----------
    return_info : bool, default=False
        Also return what the file records about the model
        (:class:`~skser.persistence.ModelInfo`; the card's data is in ``info.extra``).

    Returns
    -------
    model : sklearn.pipeline.Pipeline
        The fitted pipeline; ``predict`` and ``predict_proba`` take what its first
        step takes (see the card: a list of file paths, or a DataFrame with ``path``
        and ``speaker`` columns for a speaker-normalized model).
    info : ModelInfo
        Only when ``return_info=True``.

    Raises
    ------
    ModelNotFoundError
        If the installation lacks the model file (a source tree in which
        ``benchmarks/bundled_model.py`` was never run).

    Warns
    -----
    ModelVersionWarning
        If the installed scikit-learn differs from the one the model was saved
        with (other version differences do not change how its scikit-learn
        pipeline unpickles or predicts; see :func:`skser.persistence.load_model`).

    Notes
    -----
    The model was trained on RAVDESS, licensed CC BY-NC-SA 4.0, and is therefore
    for **non-commercial use only**. It needs the ``opensmile`` extra when its
    features are openSMILE's; it never needs TensorFlow.

    See Also
    --------
    model_card : The model's documentation.
    skser.persistence.load_model : Load a model file of your own.

    Examples
    --------
    >>> from skser.bundled import load_default_model
    >>> model = load_default_model()  # doctest: +SKIP
    >>> list(model.classes_)  # doctest: +SKIP
    ['anger', 'disgust', 'fear', 'happiness', 'neutral', 'sadness', 'surprise']
    """
    from ..exceptions import ModelNotFoundError, ModelVersionWarning
    from ..persistence import installed_versions, load_model

    resource = _resource(MODEL_FILE)
    if not resource.is_file():
        raise ModelNotFoundError(
            f"the bundled model '{MODEL_FILE}' is missing from this installation of skser; "
            "reinstall skser, or build it with `python benchmarks/bundled_model.py`")
    with resources.as_file(resource) as path, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ModelVersionWarning)
        loaded = load_model(path, return_info=True)
    model, info = loaded
    # the bundled pipeline is plain scikit-learn objects around skser's extractors:
    # only a different scikit-learn can change how it unpickles or predicts, so other
    # version differences (numpy, librosa, a newer skser) are not worth a warning on
    # every prediction
    installed = installed_versions()
    for w in caught:
        if not issubclass(w.category, ModelVersionWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        elif info.versions.get("scikit-learn") != installed.get("scikit-learn"):
            warnings.warn(str(w.message), ModelVersionWarning, stacklevel=2)
    return (model, info) if return_info else model


def model_card():
    """The bundled model's card: recipe, data, licence, labels, accuracy, limits.

    Returns
    -------
    card : str
        Markdown text, as printed by ``skser predict --about`` and shown in the
        documentation.

    Raises
    ------
    ModelNotFoundError
        If the installation lacks the card file.

    Examples
    --------
    >>> from skser.bundled import model_card
    >>> model_card().splitlines()[0]  # doctest: +SKIP
    '# skser default model'
    """
    from ..exceptions import ModelNotFoundError

    resource = _resource(CARD_FILE)
    if not resource.is_file():
        raise ModelNotFoundError(f"the bundled model card '{CARD_FILE}' is missing from this "
                                 "installation of skser; reinstall skser")
    return resource.read_text(encoding="utf-8")
