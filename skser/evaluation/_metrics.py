"""Utterance-level scores: WA, UAR, macro-F1, and scorers for model selection."""

import warnings

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    confusion_matrix,
    f1_score,
    make_scorer,
    precision_recall_fscore_support,
)
from sklearn.metrics import get_scorer as _sklearn_get_scorer
from sklearn.utils._param_validation import validate_params

__all__ = [
    "METRICS",
    "compute_metrics",
    "wa_score",
    "uar_score",
    "macro_f1_score",
    "wa_scorer",
    "uar_scorer",
    "macro_f1_scorer",
    "get_scorer",
]

#: Utterance-level scores reported per fold, in table order: ``"wa"``, ``"uar"``,
#: ``"macro_f1"``. They are also the names :func:`get_scorer` adds to scikit-learn's.
METRICS = ("wa", "uar", "macro_f1")

_METRIC_NAMES = {"wa": "WA", "uar": "UAR", "macro_f1": "macro-F1"}


@validate_params(
    {"y_true": ["array-like"], "y_pred": ["array-like"], "sample_weight": ["array-like", None]},
    prefer_skip_nested_validation=True,
)
def wa_score(y_true, y_pred, *, sample_weight=None):
    """Weighted accuracy (WA): the fraction of test files classified correctly.

    Frequent classes weigh more; this is :func:`sklearn.metrics.accuracy_score`.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True emotion labels.
    y_pred : array-like of shape (n_samples,)
        Predicted emotion labels.
    sample_weight : array-like of shape (n_samples,) or None, default=None
        Weight of each file; ``None`` weighs them equally.

    Returns
    -------
    score : float
        WA in [0, 1].

    Raises
    ------
    sklearn.utils._param_validation.InvalidParameterError
        If an argument is not array-like (a :class:`ValueError` naming it).
    ValueError
        If ``y_true`` and ``y_pred`` differ in length.

    See Also
    --------
    uar_score : The class-balanced counterpart.

    Examples
    --------
    >>> from skser.evaluation import wa_score
    >>> wa_score(["anger", "anger", "anger", "sadness"], ["anger"] * 4)
    0.75
    """
    return float(accuracy_score(y_true, y_pred, sample_weight=sample_weight))


@validate_params(
    {"y_true": ["array-like"], "y_pred": ["array-like"], "sample_weight": ["array-like", None]},
    prefer_skip_nested_validation=True,
)
def uar_score(y_true, y_pred, *, sample_weight=None):
    """Unweighted average recall (UAR): the mean of the per-class recalls.

    Each class present in ``y_true`` counts once whatever its size, so chance level is
    ``1 / n_classes`` and always predicting the majority class scores exactly that. This
    is :func:`sklearn.metrics.balanced_accuracy_score`, so ``scoring="balanced_accuracy"``
    in scikit-learn's model selection tools computes UAR too.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True emotion labels.
    y_pred : array-like of shape (n_samples,)
        Predicted emotion labels.
    sample_weight : array-like of shape (n_samples,) or None, default=None
        Weight of each file; ``None`` weighs them equally.

    Returns
    -------
    score : float
        UAR in [0, 1].

    Raises
    ------
    sklearn.utils._param_validation.InvalidParameterError
        If an argument is not array-like (a :class:`ValueError` naming it).
    ValueError
        If ``y_true`` and ``y_pred`` differ in length.

    See Also
    --------
    wa_score : Plain accuracy over all files.

    Examples
    --------
    >>> from skser.evaluation import uar_score
    >>> uar_score(["anger", "anger", "anger", "sadness"], ["anger"] * 4)
    0.5
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # classes predicted but never true
        return float(balanced_accuracy_score(y_true, y_pred, sample_weight=sample_weight))


@validate_params(
    {"y_true": ["array-like"], "y_pred": ["array-like"], "sample_weight": ["array-like", None]},
    prefer_skip_nested_validation=True,
)
def macro_f1_score(y_true, y_pred, *, sample_weight=None):
    """Macro-F1: the unweighted mean of the per-class F1 scores.

    :func:`sklearn.metrics.f1_score` with ``average="macro"`` over the classes present
    in ``y_true`` or ``y_pred``; a class never predicted scores 0.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True emotion labels.
    y_pred : array-like of shape (n_samples,)
        Predicted emotion labels.
    sample_weight : array-like of shape (n_samples,) or None, default=None
        Weight of each file; ``None`` weighs them equally.

    Returns
    -------
    score : float
        Macro-F1 in [0, 1].

    Raises
    ------
    sklearn.utils._param_validation.InvalidParameterError
        If an argument is not array-like (a :class:`ValueError` naming it).
    ValueError
        If ``y_true`` and ``y_pred`` differ in length.

    Examples
    --------
    >>> from skser.evaluation import macro_f1_score
    >>> round(macro_f1_score(["anger", "sadness"], ["anger", "anger"]), 3)
    0.333
    """
    return float(f1_score(y_true, y_pred, average="macro", zero_division=0,
                          sample_weight=sample_weight))


#: Scorer of :func:`uar_score` for scikit-learn's model selection
#: (``cross_val_score(..., scoring=uar_scorer)``, ``GridSearchCV(scoring=uar_scorer)``);
#: it scores the same as ``scoring="balanced_accuracy"``.
uar_scorer = make_scorer(uar_score)

#: Scorer of :func:`wa_score` (the same as ``scoring="accuracy"``).
wa_scorer = make_scorer(wa_score)

#: Scorer of :func:`macro_f1_score` (``scoring="f1_macro"``, without the warning for a
#: class never predicted).
macro_f1_scorer = make_scorer(macro_f1_score)

_SCORERS = {"uar": uar_scorer, "wa": wa_scorer, "macro_f1": macro_f1_scorer}


@validate_params({"scoring": [str, callable, None]}, prefer_skip_nested_validation=True)
def get_scorer(scoring):
    """Return the scorer of a metric name, for ``scoring=`` of scikit-learn tools.

    Parameters
    ----------
    scoring : str, callable or None
        ``"uar"``, ``"wa"`` or ``"macro_f1"`` (:data:`METRICS`) give :data:`uar_scorer`,
        :data:`wa_scorer` and :data:`macro_f1_scorer`; any other name is looked up by
        :func:`sklearn.metrics.get_scorer` (``"balanced_accuracy"`` is UAR,
        ``"accuracy"`` is WA); a callable or ``None`` is returned as scikit-learn does.

    Returns
    -------
    scorer : callable
        Called as ``scorer(estimator, X, y)``; higher is better.

    Raises
    ------
    ValueError
        If ``scoring`` is neither one of :data:`METRICS` nor a scikit-learn scorer name.
    sklearn.utils._param_validation.InvalidParameterError
        If ``scoring`` is not a str, callable or None (a :class:`ValueError` naming it).

    Examples
    --------
    >>> from sklearn.model_selection import cross_val_score
    >>> from skser.evaluation import get_scorer
    >>> scorer = get_scorer("uar")  # use as cross_val_score(..., scoring=scorer)
    """
    if isinstance(scoring, str) and scoring in _SCORERS:
        return _SCORERS[scoring]
    return _sklearn_get_scorer(scoring)


@validate_params(
    {"y_true": ["array-like"], "y_pred": ["array-like"], "labels": ["array-like", None]},
    prefer_skip_nested_validation=True,
)
def compute_metrics(y_true, y_pred, labels=None):
    """Scores of one set of predictions.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True emotion labels.
    y_pred : array-like of shape (n_samples,)
        Predicted emotion labels.
    labels : array-like of shape (n_classes,) or None, default=None
        Class order of the per-class scores and the confusion matrix; ``None`` uses the
        sorted union of both.

    Returns
    -------
    metrics : dict
        ``wa`` (:func:`~sklearn.metrics.accuracy_score`), ``uar``
        (:func:`~sklearn.metrics.balanced_accuracy_score`: the mean recall over the
        classes present in ``y_true``), ``macro_f1`` (:func:`~sklearn.metrics.f1_score`,
        ``average="macro"`` over the classes present in either), ``precision`` and
        ``recall`` (dicts class -> value over ``labels``; NaN for a class never
        predicted / never present), ``confusion_matrix`` (list of lists, rows = true
        class in ``labels`` order) and ``n`` (number of samples).

    Raises
    ------
    sklearn.utils._param_validation.InvalidParameterError
        If an argument is not array-like (a :class:`ValueError` naming it).
    ValueError
        If ``y_true`` and ``y_pred`` differ in length.

    Examples
    --------
    >>> from skser.evaluation import compute_metrics
    >>> m = compute_metrics(["anger", "anger", "sadness"], ["anger", "sadness", "sadness"])
    >>> round(m["wa"], 3), m["uar"], m["confusion_matrix"]
    (0.667, 0.75, [[1, 1], [0, 1]])
    """
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    if labels is None:
        labels = np.unique(np.concatenate([y_true, y_pred]))
    labels = list(labels)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # classes absent from a test speaker
        p, r, _, support = precision_recall_fscore_support(
            y_true, y_pred, labels=labels, zero_division=np.nan)
        out = {
            "wa": float(accuracy_score(y_true, y_pred)),
            "uar": float(balanced_accuracy_score(y_true, y_pred)),
            "macro_f1": float(f1_score(y_true, y_pred, average="macro", zero_division=0)),
        }
    out["precision"] = {str(c): float(v) for c, v in zip(labels, p, strict=True)}
    out["recall"] = {str(c): float(v) if s else float("nan")
                     for c, v, s in zip(labels, r, support, strict=True)}
    out["confusion_matrix"] = confusion_matrix(y_true, y_pred, labels=labels).tolist()
    out["n"] = int(len(y_true))
    return out
