"""Saving and loading fitted models, with the versions they were made with.

A skser model file is a :func:`joblib.dump` of one dictionary:

==================  ==========================================================
key                 value
==================  ==========================================================
``format``          ``"skser-model"``: marks the file as a skser model
``format_version``  int, :data:`FORMAT_VERSION` when written
``skser_version``   str, version of skser that wrote the file
``versions``        dict, ``{package: version or None}`` for Python, NumPy,
                    SciPy, scikit-learn, pandas, joblib, librosa, soundfile,
                    TensorFlow, Keras and scikeras (``None``: not installed)
``created``         str, UTC time of writing, ISO 8601
``recipe``          str or None, name of the recipe the estimator came from
``corpus``          str or None, corpus it was trained on
``classes``         list or None, the labels it predicts
``extra``           dict, any further JSON-like metadata (training settings)
``pipeline``        the fitted estimator
==================  ==========================================================

:func:`save_model` writes it (to a temporary file, renamed into place, so an
interrupted save leaves no half-written model); :func:`load_model` reads it,
checks it, and warns with :class:`~skser.exceptions.ModelVersionWarning` when
the versions it records differ from the installed ones.

Loading a model unpickles it, and unpickling runs code stored in the file:
only load files from a source you trust (see :func:`load_model`).
"""

import os
import pickle
import struct
import sys
import tempfile
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from numbers import Integral
from pathlib import Path

import joblib
from sklearn.exceptions import NotFittedError
from sklearn.utils._param_validation import HasMethods, Interval, validate_params
from sklearn.utils.validation import check_is_fitted

from ._utils._io import file_mode
from .exceptions import ModelFileError, ModelNotFoundError, ModelVersionWarning, OutputExistsError

__all__ = ["FORMAT_VERSION", "ModelInfo", "installed_versions", "load_model", "save_model"]

#: Version of the model-file layout that :func:`save_model` writes. :func:`load_model`
#: also reads format 1 (a dictionary with ``skser_model: 1``, ``dataset`` and ``training``
#: keys and no ``format``) and format 0 (a bare fitted estimator).
FORMAT_VERSION = 2

_FORMAT_NAME = "skser-model"
_VERSION_PACKAGES = ("numpy", "scipy", "scikit-learn", "pandas", "joblib", "librosa",
                     "soundfile", "tensorflow", "keras", "scikeras")


def installed_versions():
    """Versions of Python, skser and the libraries a saved model or result depends on.

    Returns
    -------
    versions : dict of str to str or None
        ``{"python": ..., "skser": ..., "numpy": ..., ...}``; ``None`` for a
        library that is not installed (e.g. TensorFlow for an SVM-only install).
    """
    from . import __version__

    out = {"python": sys.version.split()[0], "skser": __version__}
    for name in _VERSION_PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


@dataclass(frozen=True)
class ModelInfo:
    """What a model file records besides the estimator.

    Returned by ``load_model(path, return_info=True)``; not built by users.

    Attributes
    ----------
    path : str
        The file the model was loaded from.
    format_version : int
        Layout of the file: :data:`FORMAT_VERSION` for files :func:`save_model` writes,
        1 for the older ``skser train`` dictionary, 0 for a bare estimator saved with
        :func:`joblib.dump`.
    skser_version : str or None
        Version of skser that wrote the file; ``None`` if it does not say.
    versions : dict
        ``{package: version or None}`` when the file was written; empty if unknown.
    created : str or None
        UTC time of writing, ISO 8601.
    recipe : str or None
        Name of the recipe the estimator came from.
    corpus : str or None
        Corpus the estimator was trained on.
    classes : list or None
        Labels the estimator predicts, in the order of its ``classes_``.
    extra : dict
        Further metadata given to :func:`save_model` (``skser train`` stores the
        training settings under ``"training"``).
    """

    path: str
    format_version: int
    skser_version: str | None = None
    versions: dict = field(default_factory=dict)
    created: str | None = None
    recipe: str | None = None
    corpus: str | None = None
    classes: list | None = None
    extra: dict = field(default_factory=dict)


def _as_list(classes):
    if classes is None:
        return None
    import numpy as np

    return np.asarray(classes).tolist()


@validate_params(
    {"estimator": [HasMethods("fit")], "path": [str, os.PathLike], "recipe": [str, None],
     "corpus": [str, os.PathLike, None], "classes": ["array-like", None],
     "extra": [dict, None], "overwrite": ["boolean"],
     "compress": [Interval(Integral, 0, 9, closed="both")]},
    prefer_skip_nested_validation=True,
)
def save_model(estimator, path, *, recipe=None, corpus=None, classes=None, extra=None,
               overwrite=False, compress=0):
    """Save a fitted estimator with its classes, origin and library versions.

    Parameters
    ----------
    estimator : estimator instance
        A fitted scikit-learn estimator or pipeline (for example a recipe after ``fit``).
    path : str or path-like
        File to write, conventionally ending in ``.joblib``; its folder is created
        if missing.
    recipe : str, default=None
        Name of the recipe the estimator was built from (:func:`skser.recipes.get_recipe`).
    corpus : str or path-like, default=None
        Corpus the estimator was trained on (a :data:`skser.datasets.CORPORA` name or
        a folder).
    classes : array-like of shape (n_classes,), default=None
        Labels the estimator predicts; ``None`` takes the estimator's ``classes_``
        when it has them.
    extra : dict, default=None
        Further metadata stored as given (for example training settings); keep it to
        JSON-like values so the file stays readable by later versions.
    overwrite : bool, default=False
        Replace ``path`` if it exists.
    compress : int from 0 to 9, default=0
        zlib compression level of :func:`joblib.dump` (0: none). Smaller files, slower
        to write and read; :func:`load_model` reads either.

    Returns
    -------
    path : pathlib.Path
        The file written.

    Raises
    ------
    sklearn.exceptions.NotFittedError
        If ``estimator`` is not fitted.
    OutputExistsError
        If ``path`` exists and ``overwrite`` is false, or if it is a directory.

    See Also
    --------
    load_model : Read the file back.

    Notes
    -----
    The file is a :func:`joblib.dump` of a dictionary whose keys the module
    documentation lists, written to a temporary file in the same folder and renamed
    into place with :func:`os.replace`: an interrupted save leaves no partial file
    and the previous model, if any, intact.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skser.persistence import load_model, save_model
    >>> clf = LogisticRegression().fit([[0.0], [1.0]], ["calm", "anger"])
    >>> path = save_model(clf, "model.joblib", corpus="toy")  # doctest: +SKIP
    >>> load_model(path).predict([[0.9]])  # doctest: +SKIP
    array(['anger'], dtype=object)
    """
    path = Path(path)
    if path.is_dir():
        raise OutputExistsError(f"model path '{path}' is a directory; give a file name "
                                "such as model.joblib")
    if path.exists() and not overwrite:
        raise OutputExistsError(f"model file '{path}' already exists; pass overwrite=True "
                                "to replace it")
    check_is_fitted(estimator)
    if classes is None:
        classes = getattr(estimator, "classes_", None)
    versions = installed_versions()
    payload = {
        "format": _FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "skser_version": versions["skser"],
        "versions": versions,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "recipe": recipe,
        "corpus": None if corpus is None else os.fspath(corpus),
        "classes": _as_list(classes),
        "extra": dict(extra or {}),
        "pipeline": estimator,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            if compress:
                joblib.dump(payload, f, compress=("zlib", compress))
            else:
                joblib.dump(payload, f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, file_mode())  # mkstemp gives 0o600; a model file gets the umask's mode
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def _unpickle(path):
    try:
        return joblib.load(path)
    except (ImportError, AttributeError) as exc:
        from . import __version__

        raise ModelFileError(
            path, f"it needs code this installation lacks ({exc}); it was saved by another "
                  f"version of skser or its libraries and must be retrained with skser "
                  f"{__version__} (skser train, or fit and save_model)") from exc
    except (EOFError, struct.error) as exc:
        raise ModelFileError(path, "the file is truncated or damaged") from exc
    except Exception as exc:  # noqa: BLE001 - unpickling fails in many ways
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        if isinstance(exc, pickle.UnpicklingError) and any(
                w in text for w in ("truncated", "exhausted", "frame")):
            raise ModelFileError(path, f"the file is truncated or damaged ({text})") from exc
        detail = type(exc).__name__ + (f": {text}" if text else "")
        raise ModelFileError(path, "not a joblib/pickle file written by save_model or "
                                   f"skser train ({detail})") from exc


def _check_estimator(path, estimator, where):
    if not (hasattr(estimator, "fit") and hasattr(estimator, "predict")):
        raise ModelFileError(path, f"{where} is a {type(estimator).__name__}, not an estimator")
    try:
        check_is_fitted(estimator)
    except NotFittedError as exc:
        raise ModelFileError(path, f"{where} is an unfitted {type(estimator).__name__}; "
                                   "fit it before saving") from exc
    except TypeError as exc:
        raise ModelFileError(path, f"{where} is not an estimator ({exc})") from exc


def _info_from(path, obj):
    """(estimator, ModelInfo) of an unpickled object, or ModelFileError."""
    if not isinstance(obj, dict):
        if hasattr(obj, "fit") and hasattr(obj, "predict"):  # joblib.dump(estimator, path)
            _check_estimator(path, obj, "the file")
            return obj, ModelInfo(path=path, format_version=0)
        raise ModelFileError(path, f"the file holds a {type(obj).__name__}, not the "
                                   "dictionary save_model writes")
    if obj.get("format") == _FORMAT_NAME:
        version = obj.get("format_version")
        if not isinstance(version, int):
            raise ModelFileError(path, f"its format_version {version!r} is not an integer")
        if version > FORMAT_VERSION:
            from . import __version__

            raise ModelFileError(
                path, f"it has model format {version} (written by skser "
                      f"{obj.get('skser_version')}); skser {__version__} reads formats up to "
                      f"{FORMAT_VERSION}: upgrade skser")
        keys = {"recipe": obj.get("recipe"), "corpus": obj.get("corpus"),
                "extra": dict(obj.get("extra") or {})}
    elif "skser_model" in obj or ("format" not in obj and "pipeline" in obj):
        # format 1: the dictionary ``skser train`` wrote before the format key
        version = 1
        extra = {k: obj[k] for k in ("training", "input") if k in obj}
        keys = {"recipe": obj.get("recipe"), "corpus": obj.get("dataset"), "extra": extra}
    else:
        found = ", ".join(map(repr, list(obj)[:6])) or "none"
        raise ModelFileError(path, f"the file holds a dictionary without skser's 'format' "
                                   f"and 'pipeline' entries (keys: {found})")
    if "pipeline" not in obj:
        raise ModelFileError(path, "the file has no 'pipeline' entry (no estimator saved)")
    estimator = obj["pipeline"]
    _check_estimator(path, estimator, "its 'pipeline' entry")
    versions = obj.get("versions") if isinstance(obj.get("versions"), dict) else {}
    skser_version = obj.get("skser_version", versions.get("skser"))
    classes = obj.get("classes")
    info = ModelInfo(path=path, format_version=version, skser_version=skser_version,
                     versions=dict(versions), created=obj.get("created"),
                     classes=None if classes is None else list(classes), **keys)
    return estimator, info


def _version_mismatches(saved):
    """``[(package, saved, installed)]`` where both are known and differ."""
    now = installed_versions()
    out = []
    for name in ("skser", *_VERSION_PACKAGES):
        old, new = saved.get(name), now.get(name)
        if old is not None and new is not None and str(old) != str(new):
            out.append((name, str(old), str(new)))
    return out


@validate_params(
    {"path": [str, os.PathLike], "return_info": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def load_model(path, *, return_info=False):
    """Load an estimator saved by :func:`save_model` or ``skser train``.

    Parameters
    ----------
    path : str or path-like
        Model file. Besides the files :func:`save_model` writes, it reads the
        dictionary older versions of ``skser train`` wrote (format 1) and a bare
        fitted estimator saved with :func:`joblib.dump` (format 0, no metadata).
    return_info : bool, default=False
        Also return what the file records about the estimator.

    Returns
    -------
    estimator : estimator instance
        The fitted estimator.
    info : ModelInfo
        Recipe, corpus, classes, versions, creation time and extra metadata;
        only when ``return_info=True``.

    Raises
    ------
    ModelNotFoundError
        If ``path`` does not exist.
    ModelFileError
        If ``path`` is a directory or not a skser model: not a joblib/pickle file,
        truncated, another kind of object, a dictionary without an estimator, an
        unfitted estimator, a newer format, or code that no longer exists (the
        model must then be retrained). The message names the file and the cause.

    Warns
    -----
    ModelVersionWarning
        If the versions of skser or of a library recorded in the file differ from
        the installed ones; the message lists both.

    Warnings
    --------
    Loading a model unpickles it, and unpickling can run any code stored in the
    file. Only load model files from a source you trust. As for any pickled
    scikit-learn model, load it with the library versions it was saved with;
    other versions may fail to load it or predict differently. Where files come
    from sources that cannot be trusted, a format that does not execute code on
    load (such as skops') is the safer choice.

    See Also
    --------
    save_model : Write a model file.

    Examples
    --------
    >>> from skser.persistence import load_model
    >>> model, info = load_model("emodb.joblib", return_info=True)  # doctest: +SKIP
    >>> info.recipe, info.corpus, info.classes[:2]  # doctest: +SKIP
    ('issa2020', 'emodb', ['anger', 'boredom'])
    """
    path = os.fspath(path)
    if os.path.isdir(path):
        raise ModelFileError(path, "it is a directory; give the model file written by "
                                   "save_model or skser train")
    if not os.path.exists(path):
        raise ModelNotFoundError(f"model file '{path}' does not exist")
    estimator, info = _info_from(path, _unpickle(path))
    mismatches = _version_mismatches(info.versions)
    if mismatches:
        saved = ", ".join(f"{n} {old}" for n, old, _ in mismatches)
        now = ", ".join(f"{n} {new}" for n, _, new in mismatches)
        warnings.warn(f"model '{path}' was saved with {saved}; installed: {now}. It may "
                      "predict differently or fail; retrain it or install those versions.",
                      ModelVersionWarning, stacklevel=3)  # caller, past validate_params
    return (estimator, info) if return_info else estimator
