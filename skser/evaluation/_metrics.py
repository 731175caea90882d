"""Utterance-level scores: WA, UAR, macro-F1, their bootstrap intervals, and scorers."""

import warnings
from numbers import Integral, Real
from typing import NamedTuple

import numpy as np
import pandas as pd
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    confusion_matrix,
    f1_score,
    make_scorer,
    precision_recall_fscore_support,
)
from sklearn.metrics import get_scorer as _sklearn_get_scorer
from sklearn.utils import check_consistent_length, check_random_state, column_or_1d
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

from . import METRICS

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
    "bootstrap_ci",
    "BootstrapCI",
]


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


def _documented_scorer(score_func, doc):
    """``make_scorer(score_func)`` carrying its own docstring (for ``help`` and the docs)."""
    scorer = make_scorer(score_func)
    scorer.__doc__ = doc
    return scorer


uar_scorer = _documented_scorer(uar_score, """Scorer of :func:`uar_score` for model selection.

Pass it as ``scoring`` (``cross_val_score(..., scoring=uar_scorer)``,
``GridSearchCV(scoring=uar_scorer)``); it scores the same as
``scoring="balanced_accuracy"``.
""")

wa_scorer = _documented_scorer(wa_score, """Scorer of :func:`wa_score` for model selection.

It scores the same as ``scoring="accuracy"``.
""")

macro_f1_scorer = _documented_scorer(
    macro_f1_score, """Scorer of :func:`macro_f1_score` for model selection.

``scoring="f1_macro"`` without the warning for a class never predicted.
""")

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


# --------------------------------------------------------------------------- bootstrap


class BootstrapCI(NamedTuple):
    """A bootstrap confidence interval of one score, returned by :func:`bootstrap_ci`.

    Attributes
    ----------
    low : float
        Lower end of the interval, in [0, 1]; NaN when there is a single group.
    high : float
        Upper end of the interval, in [0, 1]; NaN when there is a single group.
    point : float
        The score computed once on all the predictions.
    confidence_level : float
        Probability mass inside the interval, e.g. 0.95.
    n_resamples : int
        Number of bootstrap resamples.
    n_groups : int
        Number of units resampled: groups (speakers), or utterances.
    unit : str
        What was resampled: ``"groups"``, ``"speakers"`` or ``"utterances"``.
    """

    low: float
    high: float
    point: float
    confidence_level: float
    n_resamples: int
    n_groups: int
    unit: str


def _scores_from_confusion(cm, metric):
    """Scores of a stack of confusion matrices of shape (..., n_classes, n_classes)."""
    tp = np.diagonal(cm, axis1=-2, axis2=-1)
    support = cm.sum(axis=-1)  # true files per class
    predicted = cm.sum(axis=-2)
    if metric == "wa":
        return tp.sum(axis=-1) / support.sum(axis=-1)
    if metric == "uar":  # balanced_accuracy_score: the classes present in y_true
        present = support > 0
        recall = np.divide(tp, support, out=np.zeros_like(tp), where=present)
        return recall.sum(axis=-1) / present.sum(axis=-1)
    # macro-F1 over the classes present in y_true or y_pred; 2TP + FP + FN = support + predicted
    denom = support + predicted
    present = denom > 0
    f1 = np.divide(2 * tp, denom, out=np.zeros_like(tp), where=present)
    return f1.sum(axis=-1) / present.sum(axis=-1)


# Resamples drawn at once are capped so that a block holds about this many indices.
_BLOCK = 2**22


def _bootstrap(y_true, y_pred, groups, *, metrics, n_resamples, confidence_level,
               random_state, unit, stacklevel=4):
    """Percentile bootstrap intervals of several scores from one set of resamples.

    Returns a dict metric -> :class:`BootstrapCI`; the resamples do not depend on
    ``metrics``, so each interval is the one :func:`bootstrap_ci` gives alone.
    ``stacklevel`` of the single-group warning: 4 reaches the caller of a public
    function wrapped by ``validate_params``.
    """
    y_true = column_or_1d(y_true)
    y_pred = column_or_1d(y_pred)
    n = len(y_true)
    if groups is None:
        codes = np.arange(n)
    else:
        groups = column_or_1d(groups)
        missing = np.flatnonzero(pd.isna(groups))
        if missing.size:
            raise ValueError(f"groups has no id at {missing.size} sample(s) (first at index "
                             f"{missing[0]}); give every sample its speaker, or pass "
                             "groups=None to resample utterances")
        codes, _ = pd.factorize(groups)
    check_consistent_length(y_true, y_pred, codes)
    if n == 0:
        raise ValueError("bootstrap_ci needs at least one sample, got 0")
    _, labels = np.unique(np.concatenate([y_true, y_pred]), return_inverse=True)
    k = int(labels.max()) + 1
    t, p = labels[:n], labels[n:]
    n_groups = int(codes.max()) + 1
    # one confusion matrix per group: a resample's pooled matrix is their weighted sum
    cm = np.bincount(codes * k * k + t * k + p, minlength=n_groups * k * k)
    cm = cm.reshape(n_groups, k * k).astype(float)
    points = {m: float(_scores_from_confusion(cm.sum(axis=0).reshape(k, k), m))
              for m in metrics}
    if n_groups < 2:
        warnings.warn(f"a bootstrap over {unit} needs at least 2 of them, got 1: the "
                      "interval is undefined (NaN)", UndefinedMetricWarning,
                      stacklevel=stacklevel)
        return {m: BootstrapCI(float("nan"), float("nan"), points[m], confidence_level,
                               n_resamples, n_groups, unit) for m in metrics}

    rng = check_random_state(random_state)
    stats = {m: np.empty(n_resamples) for m in metrics}
    block = max(1, _BLOCK // n_groups)
    for start in range(0, n_resamples, block):
        b = min(block, n_resamples - start)
        draws = rng.randint(0, n_groups, size=(b, n_groups))
        draws += n_groups * np.arange(b)[:, None]
        counts = np.bincount(draws.ravel(), minlength=b * n_groups).reshape(b, n_groups)
        pooled = (counts @ cm).reshape(b, k, k)
        for m in metrics:
            stats[m][start:start + b] = _scores_from_confusion(pooled, m)
    alpha = 1.0 - confidence_level
    out = {}
    for m in metrics:
        low, high = np.quantile(stats[m], [alpha / 2, 1 - alpha / 2])
        out[m] = BootstrapCI(float(low), float(high), points[m], confidence_level,
                             n_resamples, n_groups, unit)
    return out


@validate_params(
    {
        "y_true": ["array-like"],
        "y_pred": ["array-like"],
        "groups": ["array-like", None],
        "metric": [StrOptions(set(METRICS))],
        "n_resamples": [Interval(Integral, 1, None, closed="left")],
        "confidence_level": [Interval(Real, 0, 1, closed="neither")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def bootstrap_ci(y_true, y_pred, groups=None, *, metric="uar", n_resamples=1000,
                 confidence_level=0.95, random_state=0):
    """Bootstrap confidence interval of a score, resampling speakers with replacement.

    Each resample draws as many groups (speakers) as there are, with replacement,
    pools all the utterances of the groups drawn (a group drawn twice counts twice)
    and computes the score on them. The interval is the percentile interval of
    these scores [1]_: its ends are the ``(1 - confidence_level) / 2`` and
    ``(1 + confidence_level) / 2`` quantiles. Resampling speakers rather than
    utterances keeps each speaker's utterances together, so the interval shows how
    much the score depends on which speakers happened to be tested: utterances of
    one speaker are not independent, and a bootstrap over them gives intervals
    that are too narrow.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True emotion labels.
    y_pred : array-like of shape (n_samples,)
        Predicted emotion labels.
    groups : array-like of shape (n_samples,) or None, default=None
        Speaker id of each sample (``Bunch.groups``); the unit resampled. ``None``
        resamples utterances, each being its own group.
    metric : {"uar", "wa", "macro_f1"}, default="uar"
        The score (:data:`METRICS`): :func:`uar_score`, :func:`wa_score` or
        :func:`macro_f1_score`.
    n_resamples : int >= 1, default=1000
        Number of bootstrap resamples.
    confidence_level : float in (0, 1), default=0.95
        Probability mass inside the interval.
    random_state : int, RandomState instance or None, default=0
        Seed of the resampling; an int gives the same interval on every call.

    Returns
    -------
    ci : BootstrapCI
        Named tuple ``(low, high, point, confidence_level, n_resamples, n_groups,
        unit)``: the interval, the score on all samples, the settings, the number of
        groups and ``unit`` (``"groups"``, or ``"utterances"`` when ``groups`` is
        None).

    Raises
    ------
    sklearn.utils._param_validation.InvalidParameterError
        If an argument has the wrong type or is out of range, e.g. an unknown
        ``metric`` or ``confidence_level=95`` (a :class:`ValueError` naming it).
    ValueError
        If the lengths differ, there is no sample, or a group id is missing (NaN or
        None).

    Warns
    -----
    sklearn.exceptions.UndefinedMetricWarning
        If there is a single group: every resample is then the same data, so no
        interval can be estimated and ``low`` and ``high`` are NaN (``point`` is
        still the score).

    See Also
    --------
    EvaluationResult.confidence_interval : The interval of an evaluation's
        out-of-fold predictions.

    Notes
    -----
    A class absent from a resample's true labels (every speaker drawn lacks it) is
    left out of that resample's UAR, which is the mean recall over the classes
    present, as in :func:`sklearn.metrics.balanced_accuracy_score`; macro-F1 is over
    the classes present in the resample's true or predicted labels, as in
    :func:`sklearn.metrics.f1_score`. The percentile interval need not be centred
    on ``point`` and, for very skewed distributions of the score, may even miss it.

    With few speakers the interval is coarse: from 2 speakers there are only 3
    distinct pools, whatever ``n_resamples``. It describes the variation over
    speakers of the corpus, not over corpora, recording conditions or seeds.

    The resamples are drawn in blocks of :class:`numpy.random.RandomState` integers
    and the score is computed from per-group confusion matrices, so 1000 resamples
    of a few thousand utterances take a fraction of a second.

    References
    ----------
    .. [1] Efron, B., Tibshirani, R. J. (1993). An Introduction to the Bootstrap.
       Chapman & Hall, chapter 13.

    Examples
    --------
    >>> from skser.evaluation import bootstrap_ci
    >>> y_true = ["anger", "sadness"] * 6
    >>> y_pred = ["anger", "sadness"] * 4 + ["sadness", "anger"] * 2
    >>> speakers = ["s1"] * 4 + ["s2"] * 4 + ["s3"] * 4  # s3 is always wrong
    >>> ci = bootstrap_ci(y_true, y_pred, speakers, random_state=0)
    >>> round(ci.point, 3), ci.low, ci.high
    (0.667, 0.0, 1.0)
    """
    unit = "utterances" if groups is None else "groups"
    return _bootstrap(y_true, y_pred, groups, metrics=(metric,), n_resamples=n_resamples,
                      confidence_level=confidence_level, random_state=random_state,
                      unit=unit)[metric]
