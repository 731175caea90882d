"""Speaker-independent evaluation: protocols, metrics, result tables and plots.

Speech emotion recognition numbers are only comparable when they say how they
were made. Every function here records the protocol, its folds (which speakers
were tested in each) and the seeds in the result it returns, and the default
protocol is leave-one-speaker-out (LOSO), so that no speaker is ever heard in
training and in testing at once.

**WA** (weighted accuracy) is plain accuracy over the test files; **UAR**
(unweighted average recall) is the mean of the per-class recalls
(:func:`sklearn.metrics.balanced_accuracy_score`), the headline figure on the
imbalanced SER corpora. **macro-F1** is the unweighted mean of per-class F1.
"""

import json
import math
import numbers
import os
import re
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)
from sklearn.model_selection import (
    GroupShuffleSplit,
    LeaveOneGroupOut,
    PredefinedSplit,
    StratifiedGroupKFold,
    StratifiedKFold,
)
from sklearn.pipeline import Pipeline
from sklearn.utils import _safe_indexing, get_tags
from sklearn.utils.validation import check_memory

from .io import AUDIO_EXTENSIONS

__all__ = [
    "PROTOCOLS",
    "METRICS",
    "EvaluationResult",
    "get_splitter",
    "evaluate",
    "cross_corpus",
    "compute_metrics",
    "write_predictions",
    "set_random_state",
]

#: Evaluation protocols understood by :func:`evaluate` (the first is the default).
PROTOCOLS = ("loso", "group-kfold", "session", "random-kfold", "holdout")

#: Utterance-level scores reported per fold, in table order.
METRICS = ("wa", "uar", "macro_f1")

_METRIC_NAMES = {"wa": "WA", "uar": "UAR", "macro_f1": "macro-F1"}

_PROTOCOL_TEXT = {
    "loso": "leave-one-speaker-out (one fold per speaker, speaker-independent)",
    "group-kfold": "speaker-disjoint stratified k-fold (speaker-independent)",
    "session": "leave-one-session-out (speaker-independent)",
    "random-kfold": "stratified random k-fold (SPEAKER-DEPENDENT: speakers are shared "
    "between train and test; only for comparison with papers that used it)",
    "holdout": "fixed train/test split",
    "cross-corpus": "train on one corpus (or several), test on another",
}


# --------------------------------------------------------------------------- helpers


def _atomic_write(path, write, mode="w"):
    """Write a file through a temporary sibling and ``os.replace``.

    ``write`` receives the open file object. A failure leaves no partial file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **({"encoding": "utf-8"} if "b" not in mode else {})) as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def set_random_state(estimator, random_state):
    """Set every parameter whose name ends in ``random_state`` (nested ones too).

    Parameters
    ----------
    estimator : estimator instance
        Changed in place (use :func:`sklearn.base.clone` first to keep the original).
    random_state : int or None
        The seed given to every ``*random_state`` parameter.

    Returns
    -------
    names : list of str
        The parameters that were set, e.g. ``["cnn__random_state"]``.
    """
    names = [k for k in estimator.get_params(deep=True) if k.endswith("random_state")]
    if names:
        estimator.set_params(**{k: random_state for k in names})
    return names


def _n_samples(X):
    return X.shape[0] if hasattr(X, "shape") else len(X)


def _paths_of(X):
    """File paths of X when it is a list/array of paths or a frame with ``path``."""
    if isinstance(X, pd.DataFrame):
        return np.asarray(X["path"].astype(str)) if "path" in X.columns else None
    if isinstance(X, pd.Series):
        X = X.to_numpy()
    if isinstance(X, (list, tuple)) and X and all(isinstance(x, (str, os.PathLike)) for x in X):
        return np.asarray([os.fspath(x) for x in X], dtype=object)
    if isinstance(X, np.ndarray) and X.ndim == 1 and X.dtype.kind in "OUS":
        if all(isinstance(x, (str, os.PathLike)) for x in X):
            return np.asarray([os.fspath(x) for x in X], dtype=object)
    return None


def _ids_from_paths(paths, n):
    if paths is None:
        return np.asarray([str(i) for i in range(n)], dtype=object)
    return np.asarray([Path(p).stem for p in paths], dtype=object)


def _stateless_prefix(pipeline):
    """Number of leading steps of a Pipeline that learn nothing (never the last)."""
    if not isinstance(pipeline, Pipeline):
        return 0
    k = 0
    for _, step in pipeline.steps[:-1]:
        if step is None or step == "passthrough":
            k += 1
            continue
        try:
            stateless = get_tags(step).requires_fit is False
        except Exception:  # third-party estimators without tags
            stateless = False
        if not stateless:
            break
        k += 1
    return k


def _session_ids(X, groups):
    """Session of each sample: ``X["session"]``, else parsed from speaker ids."""
    if isinstance(X, pd.DataFrame) and "session" in X.columns:
        return np.asarray(X["session"].astype(str))
    if groups is None:
        raise ValueError("protocol='session' needs groups (speaker ids) or a 'session' "
                         "column in X")
    out = []
    for g in np.asarray(groups).astype(str):
        m = re.search(r"ses(?:sion)?[_-]?0*(\d+)", g, flags=re.IGNORECASE)
        if m is None:
            raise ValueError(
                f"protocol='session': cannot find a session number in speaker id {g!r} "
                "(expected e.g. 'iemocap/Ses01F'); pass X with a 'session' column")
        out.append(m.group(1))
    return np.asarray(out, dtype=object)


def get_splitter(protocol="loso", *, n_splits=5, random_state=None, test_groups=None,
                 test_size=0.2):
    """Return the scikit-learn splitter that implements a protocol.

    Parameters
    ----------
    protocol : {"loso", "group-kfold", "session", "random-kfold", "holdout"}, default="loso"
        ``"loso"``: :class:`~sklearn.model_selection.LeaveOneGroupOut` on speaker ids.
        ``"group-kfold"``: :class:`~sklearn.model_selection.StratifiedGroupKFold`
        (speaker-disjoint, class-balanced, shuffled by ``random_state``).
        ``"session"``: :class:`~sklearn.model_selection.LeaveOneGroupOut` on session
        ids (pass the session ids as ``groups`` to ``split``; :func:`evaluate` derives them).
        ``"random-kfold"``: :class:`~sklearn.model_selection.StratifiedKFold`
        (speaker-dependent). ``"holdout"``: a :class:`~sklearn.model_selection.PredefinedSplit`
        when the test speakers are given (see :func:`evaluate`), else
        :class:`~sklearn.model_selection.GroupShuffleSplit` with one speaker-disjoint split.
    n_splits : int, default=5
        Folds of ``"group-kfold"`` and ``"random-kfold"``.
    random_state : int or None, default=None
        Shuffling seed of ``"group-kfold"``, ``"random-kfold"`` and ``"holdout"``.
    test_groups : None
        Unused here; accepted so that :func:`evaluate` can forward its arguments.
    test_size : float, default=0.2
        Fraction of speakers tested by the random ``"holdout"`` split.

    Returns
    -------
    splitter : cross-validator
        Call ``splitter.split(X, y, groups)``.

    Raises
    ------
    ValueError
        If ``protocol`` is unknown.
    """
    if protocol in ("loso", "session"):
        return LeaveOneGroupOut()
    if protocol == "group-kfold":
        return StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    if protocol == "random-kfold":
        return StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    if protocol == "holdout":
        return GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=random_state)
    raise ValueError(f"unknown protocol {protocol!r}; expected one of {', '.join(PROTOCOLS)}")


def _holdout_split(n, groups, ids, test):
    """A fixed split from a boolean mask, indices, or speaker ids / file ids."""
    arr = np.asarray(test)
    if arr.dtype == bool:
        if arr.shape != (n,):
            raise ValueError(f"holdout mask has shape {arr.shape}, expected ({n},)")
        mask = arr
    elif arr.dtype.kind in "iu":
        mask = np.zeros(n, dtype=bool)
        mask[arr] = True
    else:
        wanted = {str(t) for t in arr.ravel()}
        g = np.asarray(groups).astype(str) if groups is not None else np.full(n, "")
        mask = np.isin(g, list(wanted)) | np.isin(ids.astype(str), list(wanted))
    if mask.all() or not mask.any():
        raise ValueError("holdout: the test list selects no sample or every sample")
    return PredefinedSplit(np.where(mask, 0, -1))


# --------------------------------------------------------------------------- metrics


def compute_metrics(y_true, y_pred, labels=None):
    """Scores of one set of predictions.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted emotion labels.
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


# --------------------------------------------------------------------------- result


def _jsonable(obj):
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return _jsonable(obj.tolist())
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (np.floating, float)):
        return None if not math.isfinite(float(obj)) else float(obj)
    if isinstance(obj, (np.bool_,)):
        return bool(obj)
    return obj


class EvaluationResult:
    """Everything one evaluation produced, with how it was produced.

    Returned by :func:`evaluate` and :func:`cross_corpus`; not built by hand.

    Attributes
    ----------
    protocol : str
        ``"loso"``, ``"group-kfold"``, ``"session"``, ``"random-kfold"``, ``"holdout"``
        or ``"cross-corpus"``.
    protocol_description : str
        The protocol in words (says when it is speaker-dependent).
    labels : list of str
        Class order of per-class scores and confusion matrices.
    seeds : list of int or None
        The ``random_state`` of each repeat, set on every ``*random_state`` parameter.
    folds : pandas.DataFrame
        One row per (repeat, fold): ``repeat``, ``fold``, ``seed``, ``test_groups``
        (speakers tested, ``;``-separated), ``n_train``, ``n_test``, ``wa``, ``uar``,
        ``macro_f1``, ``fit_time`` and ``score_time`` (s), and ``from_cache`` (the fold
        was read from ``memory``, see :func:`evaluate`).
    predictions : pandas.DataFrame
        Out-of-fold predictions, one row per (repeat, test sample): ``id`` (file stem),
        ``path``, ``speaker``, ``fold``, ``repeat``, ``y_true``, ``y_pred`` and, when the
        model has ``predict_proba``, one ``proba_<class>`` column per class.
    fold_metrics : list of dict
        :func:`compute_metrics` of each row of ``folds`` (per-class precision and
        recall, confusion matrix), in the same order.
    params : dict
        Protocol parameters (``n_splits``, ``n_repeats``, ``random_state``, ...), the
        estimator's ``repr``, the stateless steps computed once, and caller metadata.
    """

    def __init__(self, *, protocol, labels, seeds, folds, predictions, fold_metrics, params):
        self.protocol = protocol
        self.protocol_description = _PROTOCOL_TEXT.get(protocol, protocol)
        self.labels = [str(c) for c in labels]
        self.seeds = list(seeds)
        self.folds = folds
        self.predictions = predictions
        self.fold_metrics = fold_metrics
        self.params = params

    # ---- aggregates
    @property
    def n_repeats(self):
        """Number of repeats (seeds)."""
        return len(self.seeds)

    def repeat_metrics(self):
        """Per-repeat scores: fold means and pooled scores over all out-of-fold predictions.

        Returns
        -------
        table : pandas.DataFrame
            One row per repeat: ``seed``, ``<metric>`` (mean over folds) and
            ``pooled_<metric>`` (computed once on the repeat's concatenated predictions).
        """
        rows = []
        for r, seed in enumerate(self.seeds):
            f = self.folds[self.folds["repeat"] == r]
            p = self.predictions[self.predictions["repeat"] == r]
            pooled = compute_metrics(p["y_true"], p["y_pred"], self.labels)
            row = {"repeat": r, "seed": seed}
            row.update({m: float(f[m].mean()) for m in METRICS})
            row.update({f"pooled_{m}": pooled[m] for m in METRICS})
            rows.append(row)
        return pd.DataFrame(rows)

    def summary(self):
        """Mean and spread of each score.

        Returns
        -------
        table : pandas.DataFrame
            Index ``WA``, ``UAR``, ``macro-F1``; columns ``mean`` (over all folds of all
            repeats), ``std_folds`` (over those folds, ddof=0), ``std_repeats`` (of the
            per-repeat fold means over repeats, ddof=0; 0 for one repeat), ``pooled``
            (computed on all out-of-fold predictions of a repeat, then averaged over
            repeats), ``n_folds`` and ``n_repeats``. Values are fractions in [0, 1].
        """
        rep = self.repeat_metrics()
        rows = {}
        for m in METRICS:
            rows[_METRIC_NAMES[m]] = {
                "mean": float(self.folds[m].mean()),
                "std_folds": float(self.folds[m].std(ddof=0)),
                "std_repeats": float(rep[m].std(ddof=0)),
                "pooled": float(rep[f"pooled_{m}"].mean()),
                "n_folds": int(self.folds["fold"].nunique()),
                "n_repeats": self.n_repeats,
            }
        return pd.DataFrame.from_dict(rows, orient="index")

    def per_class(self):
        """Precision, recall and support per class on the pooled predictions.

        Returns
        -------
        table : pandas.DataFrame
            Index = classes in ``labels`` order; ``precision`` and ``recall`` averaged
            over repeats, ``support`` per repeat.
        """
        frames = []
        for r in range(self.n_repeats):
            p = self.predictions[self.predictions["repeat"] == r]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                pr, rc, _, sup = precision_recall_fscore_support(
                    p["y_true"], p["y_pred"], labels=self.labels, zero_division=0)
            frames.append(pd.DataFrame({"precision": pr, "recall": rc, "support": sup},
                                       index=self.labels))
        return sum(frames) / len(frames)

    def confusion_matrix(self, normalize="true"):
        """Confusion matrix of the pooled out-of-fold predictions, averaged over repeats.

        Parameters
        ----------
        normalize : {"true", None}, default="true"
            ``"true"``: each row (true class) sums to 1; ``None``: counts.

        Returns
        -------
        cm : ndarray of shape (n_classes, n_classes)
            Rows = true class, columns = predicted class, in ``labels`` order.
        """
        cms = []
        for r in range(self.n_repeats):
            p = self.predictions[self.predictions["repeat"] == r]
            cms.append(confusion_matrix(p["y_true"], p["y_pred"], labels=self.labels))
        cm = np.mean(cms, axis=0)
        if normalize == "true":
            with np.errstate(invalid="ignore", divide="ignore"):
                cm = cm / cm.sum(axis=1, keepdims=True)
            cm = np.nan_to_num(cm)
        return cm

    # ---- reports
    def _provenance(self):
        p = self.params
        bits = [f"protocol: {self.protocol} ({self.protocol_description})"]
        if self.protocol in ("group-kfold", "random-kfold"):
            bits.append(f"n_splits={p.get('n_splits')}")
        bits.append(f"folds: {int(self.folds['fold'].nunique())}")
        bits.append(f"repeats: {self.n_repeats} (seeds {', '.join(map(str, self.seeds))})")
        return "; ".join(bits)

    def format_table(self, percent=True):
        """The summary as aligned plain text: ``metric  mean ± std`` lines.

        Parameters
        ----------
        percent : bool, default=True
            Print percentages instead of fractions.

        Returns
        -------
        text : str
            Header line with the protocol, then one line per score.
        """
        s = self.summary()
        k = 100.0 if percent else 1.0
        unit = " %" if percent else ""
        lines = [self._provenance(), ""]
        head = f"{'metric':<9} {'mean ± std (folds)':>20} {'± std (repeats)':>16} {'pooled':>9}"
        lines.append(head)
        for name, row in s.iterrows():
            lines.append(
                f"{name:<9} {k * row['mean']:>11.1f} ± {k * row['std_folds']:5.1f}{unit} "
                f"{k * row['std_repeats']:>14.1f}{unit} {k * row['pooled']:>7.1f}{unit}")
        return "\n".join(lines)

    def to_markdown(self):
        """A Markdown report: provenance, summary, per-class scores and folds.

        Returns
        -------
        text : str
            Markdown with pipe tables; scores in percent. WA and UAR are defined in it.
        """
        s = self.summary()
        out = ["# skser evaluation", "", f"- {self._provenance()}"]
        meta = self.params.get("metadata") or {}
        for key, val in meta.items():
            out.append(f"- {key}: {val}")
        out += ["- WA = accuracy over all test files; UAR = mean of per-class recalls "
                "(balanced accuracy); mean ± std over folds, std over repeats of the fold "
                "means; pooled = computed on all out-of-fold predictions at once.", "",
                "| metric | mean (%) | std folds | std repeats | pooled (%) |",
                "|---|---:|---:|---:|---:|"]
        for name, row in s.iterrows():
            out.append(f"| {name} | {100 * row['mean']:.1f} | {100 * row['std_folds']:.1f} | "
                       f"{100 * row['std_repeats']:.1f} | {100 * row['pooled']:.1f} |")
        pc = self.per_class()
        out += ["", "## Per class (pooled)", "", "| class | precision (%) | recall (%) | n |",
                "|---|---:|---:|---:|"]
        for c, row in pc.iterrows():
            out.append(f"| {c} | {100 * row['precision']:.1f} | {100 * row['recall']:.1f} | "
                       f"{row['support']:.0f} |")
        out += ["", "## Folds", "",
                "| repeat | fold | seed | test speakers | n test | WA (%) | UAR (%) "
                "| macro-F1 (%) |",
                "|---:|---:|---:|---|---:|---:|---:|---:|"]
        for _, f in self.folds.iterrows():
            out.append(f"| {f['repeat']} | {f['fold']} | {f['seed']} | {f['test_groups']} | "
                       f"{f['n_test']} | {100 * f['wa']:.1f} | {100 * f['uar']:.1f} | "
                       f"{100 * f['macro_f1']:.1f} |")
        return "\n".join(out) + "\n"

    def to_dict(self):
        """All numbers and their provenance as JSON-ready builtins.

        Returns
        -------
        data : dict
            Keys ``skser_version``, ``protocol``, ``protocol_description``, ``params``,
            ``labels``, ``seeds``, ``summary``, ``per_class``, ``confusion_matrix``
            (counts, averaged over repeats) and ``folds`` (each with its metrics,
            per-class precision/recall, confusion matrix and test speakers).
        """
        from . import __version__

        folds = []
        for (_, f), fm in zip(self.folds.iterrows(), self.fold_metrics, strict=True):
            d = {k: f[k] for k in self.folds.columns}
            d.update({k: fm[k] for k in ("precision", "recall", "confusion_matrix")})
            folds.append(d)
        return _jsonable({
            "skser_version": __version__,
            "protocol": self.protocol,
            "protocol_description": self.protocol_description,
            "params": self.params,
            "labels": self.labels,
            "seeds": self.seeds,
            "summary": self.summary().to_dict(orient="index"),
            "per_class": self.per_class().to_dict(orient="index"),
            "confusion_matrix": self.confusion_matrix(normalize=None),
            "folds": folds,
        })

    def to_json(self, path=None):
        """Write (atomically) or return the :meth:`to_dict` report as JSON.

        Parameters
        ----------
        path : str or path-like or None, default=None
            Destination file; replaced through a temporary file. ``None`` returns the text.

        Returns
        -------
        text : str or None
            The JSON text when ``path`` is None.
        """
        text = json.dumps(self.to_dict(), indent=2, ensure_ascii=False)
        if path is None:
            return text
        _atomic_write(path, lambda f: f.write(text + "\n"))
        return None

    def write_predictions(self, path, repeat=0):
        """Write the out-of-fold predictions of one repeat as ``ID<TAB>label`` lines.

        Parameters
        ----------
        path : str or path-like
            Destination file (atomic write).
        repeat : int, default=0
            Which repeat's predictions.
        """
        p = self.predictions[self.predictions["repeat"] == repeat]
        write_predictions(path, p["id"], p["y_pred"])

    # ---- plots
    def plot_confusion_matrix(self, ax=None, cmap="Blues"):
        """Plot the pooled confusion matrix, normalized by true class (rows sum to 1).

        Parameters
        ----------
        ax : matplotlib Axes or None, default=None
            Where to draw; ``None`` makes a new figure.
        cmap : str, default="Blues"
            Matplotlib colormap name.

        Returns
        -------
        fig : matplotlib Figure
            The figure; its axes is ``fig.axes[0]``.
        """
        import matplotlib.pyplot as plt

        cm = self.confusion_matrix(normalize="true")
        if ax is None:
            n = len(self.labels)
            fig, ax = plt.subplots(figsize=(1.0 + 0.8 * n, 0.8 + 0.7 * n))
        else:
            fig = ax.figure
        im = ax.imshow(cm, vmin=0, vmax=1, cmap=cmap)
        ax.set_xticks(range(len(self.labels)), self.labels, rotation=45, ha="right")
        ax.set_yticks(range(len(self.labels)), self.labels)
        for i in range(cm.shape[0]):
            for j in range(cm.shape[1]):
                ax.text(j, i, f"{cm[i, j]:.2f}", ha="center", va="center", fontsize=8,
                        color="white" if cm[i, j] > 0.5 else "black")
        ax.set_xlabel("predicted")
        ax.set_ylabel("true")
        s = self.summary()
        ax.set_title(f"{self.protocol}: UAR {100 * s.loc['UAR', 'mean']:.1f} %, "
                     f"WA {100 * s.loc['WA', 'mean']:.1f} %", fontsize=10)
        fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
        fig.tight_layout()
        return fig

    def plot_folds(self, metric="uar", ax=None):
        """Bar chart of one score per fold (mean over repeats, error bar = std over repeats).

        Parameters
        ----------
        metric : {"wa", "uar", "macro_f1"}, default="uar"
            The score to plot.
        ax : matplotlib Axes or None, default=None
            Where to draw; ``None`` makes a new figure.

        Returns
        -------
        fig : matplotlib Figure
        """
        import matplotlib.pyplot as plt

        if metric not in METRICS:
            raise ValueError(f"metric must be one of {METRICS}, got {metric!r}")
        g = self.folds.groupby("fold")
        mean, std = g[metric].mean(), g[metric].std(ddof=0).fillna(0)
        names = g["test_groups"].first()
        if ax is None:
            fig, ax = plt.subplots(figsize=(max(4.0, 0.5 * len(mean) + 2), 3.5))
        else:
            fig = ax.figure
        ax.bar(range(len(mean)), 100 * mean.to_numpy(), yerr=100 * std.to_numpy())
        ax.axhline(100 * self.folds[metric].mean(), color="k", ls="--", lw=1, label="mean")
        ax.set_xticks(range(len(mean)), list(names), rotation=60, ha="right", fontsize=8)
        ax.set_ylabel(f"{_METRIC_NAMES[metric]} (%)")
        ax.set_title(f"{_METRIC_NAMES[metric]} per fold ({self.protocol})", fontsize=10)
        ax.legend()
        fig.tight_layout()
        return fig

    def __repr__(self):
        s = self.summary()
        return (f"EvaluationResult(protocol={self.protocol!r}, folds={s['n_folds'].iloc[0]}, "
                f"repeats={self.n_repeats}, UAR={s.loc['UAR', 'mean']:.3f}, "
                f"WA={s.loc['WA', 'mean']:.3f})")


# --------------------------------------------------------------------------- evaluate


def _fit_and_predict(estimator, X, y, train, test, seed, fit_params):
    est = clone(estimator)
    if seed is not None:
        set_random_state(est, seed)
    Xtr, Xte = _safe_indexing(X, train), _safe_indexing(X, test)
    t0 = time.perf_counter()
    est.fit(Xtr, y[train], **fit_params)
    t1 = time.perf_counter()
    final = est
    if isinstance(est, Pipeline) and len(est.steps) > 1:
        # transform the test fold once for both predict and predict_proba
        Xte, final = est[:-1].transform(Xte), est.steps[-1][1]
    y_pred = np.asarray(final.predict(Xte))
    proba, classes = None, None
    if hasattr(final, "predict_proba"):
        try:
            proba = np.asarray(final.predict_proba(Xte), dtype=float)
            classes = np.asarray(final.classes_)
        except (AttributeError, NotImplementedError):
            proba = None
    return y_pred, proba, classes, t1 - t0, time.perf_counter() - t1


def _seeds(random_state, n_repeats):
    if random_state is None:
        return [None] * n_repeats if n_repeats == 1 else [
            int(s) for s in np.random.default_rng().integers(0, 2**31 - 1, n_repeats)]
    if isinstance(random_state, numbers.Integral):
        return [int(random_state) + r for r in range(n_repeats)]
    raise ValueError(f"random_state must be an int or None, got {random_state!r}")


def evaluate(pipeline, X, y, groups=None, *, protocol="loso", n_splits=5, n_repeats=1,
             n_jobs=None, random_state=0, verbose=0, test_groups=None, test_size=0.2,
             precompute=True, fit_params=None, metadata=None, memory=None):
    """Score an estimator speaker-independently and keep every out-of-fold prediction.

    For each repeat ``r`` the estimator is cloned per fold, every parameter ending in
    ``random_state`` is set to ``seeds[r]`` (``random_state + r``), it is fitted on the
    training fold only and predicts the held-out fold.

    Parameters
    ----------
    pipeline : estimator
        A classifier or :class:`~sklearn.pipeline.Pipeline`, e.g. from
        :func:`skser.recipes.get_recipe`. Never fitted itself (only clones are).
    X : array-like of shape (n_samples, ...), list of paths or pandas.DataFrame
        Inputs of ``pipeline``: file paths, waveforms, features, or a DataFrame with
        ``path`` and ``speaker`` columns, which is passed to the pipeline untouched and
        subset with ``.iloc`` (so speaker ids travel with the samples).
    y : array-like of shape (n_samples,)
        Emotion labels.
    groups : array-like of shape (n_samples,) or None, default=None
        Speaker ids (``Bunch.groups``). Required except for ``"random-kfold"``; when
        None and ``X`` has a ``speaker`` column, that column is used.
    protocol : {"loso", "group-kfold", "session", "random-kfold", "holdout"}, default="loso"
        See :func:`get_splitter`. ``"loso"`` gives one fold per speaker. ``"session"``
        leaves one IEMOCAP session out (sessions from ``X["session"]`` or parsed from
        speaker ids such as ``"iemocap/Ses01F"``). ``"random-kfold"`` is
        speaker-dependent and flagged as such in every report.
    n_splits : int, default=5
        Folds of ``"group-kfold"`` and ``"random-kfold"``.
    n_repeats : int, default=1
        Repeats with different seeds; shuffled protocols also reshuffle their folds.
    n_jobs : int or None, default=None
        Folds fitted in parallel (joblib); ``None`` means 1.
    random_state : int or None, default=0
        Seed of repeat 0; repeat ``r`` uses ``random_state + r``. ``None`` leaves the
        estimator's own seeds alone for one repeat (random seeds for several).
    verbose : int, default=0
        ``> 0`` shows a tqdm progress bar over folds on stderr.
    test_groups : array-like or None, default=None
        ``"holdout"`` only: the fixed test list, as speaker ids, file ids (stems),
        integer indices or a boolean mask. ``None`` draws ``test_size`` of the speakers.
    test_size : float, default=0.2
        ``"holdout"`` without ``test_groups``: fraction of speakers tested.
    precompute : bool, default=True
        Compute the leading steps of a Pipeline whose tag ``requires_fit`` is False
        (feature extractors that learn nothing) once for all of ``X`` before the folds.
        This is exact, since these steps learn nothing from the training fold, and saves
        re-extracting every file once per fold. They are computed with the seeds of
        repeat 0.
    fit_params : dict or None, default=None
        Extra arguments of ``fit`` (e.g. ``{"cnn__epochs": 5}`` is a *parameter*; put
        those in ``pipeline.set_params`` instead).
    metadata : dict or None, default=None
        Free-form provenance (dataset, recipe, ...) copied into every report.
    memory : None, str, path-like or joblib.Memory, default=None
        Cache of each fold's fit and predictions (a folder or a
        :class:`joblib.Memory`), keyed by the estimator's parameters, the (precomputed)
        inputs, labels, fold indices, seed and ``fit_params``. A run that stopped
        part-way (a 20-hour CNN LOSO, a session cut off) resumes from its finished
        folds when called again with the same arguments; their ``fit_time`` and
        ``score_time`` are those measured when they ran. The key does not cover the
        code of the estimator: clear the cache after changing skser or model code.
        ``None``: nothing is cached.

    Returns
    -------
    result : EvaluationResult
        Scores per fold and aggregated, out-of-fold predictions, protocol, folds and seeds.

    Raises
    ------
    ValueError
        For an unknown protocol, missing ``groups``, fewer than two speakers, or
        inconsistent lengths.

    See Also
    --------
    cross_corpus : Train on one corpus and test on another.

    Notes
    -----
    Early stopping and any other internal validation happen inside the estimator's
    ``fit``, which only ever receives the training fold: the validation split of the
    skser classifiers (``validation_split``, a stratified random fraction of what
    ``fit`` receives; plain scikeras/Keras take its last fraction) is therefore carved
    from the training speakers and never contains a test speaker. The test fold is seen
    only by ``predict``/``predict_proba``. Note that the validation speakers are also
    training speakers (the split is by utterance), so early stopping is tuned on
    speakers the model trains on; it is never tuned on the test speaker.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skser.evaluation import evaluate
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 4)); y = np.repeat(["anger", "sadness"], 30)
    >>> X[y == "anger"] += 2
    >>> groups = np.tile(["s1", "s2", "s3"], 20)
    >>> res = evaluate(LogisticRegression(), X, y, groups)
    >>> len(res.folds), res.summary().loc["UAR", "mean"] > 0.8
    (3, np.True_)
    """
    if protocol not in PROTOCOLS:
        raise ValueError(f"unknown protocol {protocol!r}; expected one of "
                         f"{', '.join(PROTOCOLS)}")
    if not isinstance(n_repeats, numbers.Integral) or n_repeats < 1:
        raise ValueError(f"n_repeats must be an integer >= 1, got {n_repeats!r}")
    y = np.asarray(y)
    n = _n_samples(X)
    if y.shape != (n,):
        raise ValueError(f"y has shape {y.shape}, expected ({n},) to match X")
    if groups is None and isinstance(X, pd.DataFrame) and "speaker" in X.columns:
        groups = X["speaker"].to_numpy()
    if groups is not None:
        groups = np.asarray(groups)
        if groups.shape != (n,):
            raise ValueError(f"groups has shape {groups.shape}, expected ({n},)")
    if groups is None and protocol != "random-kfold":
        raise ValueError(f"protocol={protocol!r} needs groups (speaker ids), e.g. "
                         "Bunch.groups from skser.datasets.load_corpus")
    if groups is not None and protocol in ("loso", "group-kfold") and len(set(groups)) < 2:
        raise ValueError(f"protocol={protocol!r} needs at least 2 speakers, got "
                         f"{len(set(groups))}")

    paths = _paths_of(X)
    ids = _ids_from_paths(paths, n)
    split_groups = _session_ids(X, groups) if protocol == "session" else groups
    seeds = _seeds(random_state, n_repeats)
    fit_params = dict(fit_params or {})

    # Stateless leading steps learn nothing: compute them once for all of X.
    estimator = clone(pipeline)
    if seeds[0] is not None:
        set_random_state(estimator, seeds[0])
    k = _stateless_prefix(estimator) if precompute else 0
    Xt = X
    precomputed = []
    if k:
        prefix = estimator[:k]
        precomputed = [name for name, _ in estimator.steps[:k]]
        Xt = prefix.fit_transform(X)
        estimator = estimator[k:]
        if len(estimator.steps) == 1 and not fit_params:
            estimator = estimator.steps[0][1]

    # folds of every repeat
    tasks = []
    for r, seed in enumerate(seeds):
        if protocol == "holdout" and test_groups is not None:
            splitter = _holdout_split(n, groups, ids, test_groups)
        else:
            splitter = get_splitter(protocol, n_splits=n_splits, random_state=seed,
                                    test_size=test_size)
        use_groups = None if isinstance(splitter, (StratifiedKFold, PredefinedSplit)) \
            else split_groups
        for f, (train, test) in enumerate(splitter.split(np.zeros(n), y, use_groups)):
            tasks.append((r, f, seed, train, test))

    if isinstance(memory, (str, os.PathLike)):
        memory = os.path.expanduser(os.fspath(memory))
    fit_and_predict = check_memory(memory).cache(_fit_and_predict)
    cached = [fit_and_predict.check_call_in_cache(estimator, Xt, y, tr, te, seed, fit_params)
              for (_, _, seed, tr, te) in tasks] if memory is not None else [False] * len(tasks)
    parallel = Parallel(n_jobs=n_jobs, return_as="generator")
    gen = parallel(delayed(fit_and_predict)(estimator, Xt, y, tr, te, seed, fit_params)
                   for (_, _, seed, tr, te) in tasks)
    if verbose:
        from tqdm.auto import tqdm

        gen = tqdm(gen, total=len(tasks), desc=f"{protocol} folds", unit="fold")
    outputs = list(gen)

    labels = np.unique(y)
    fold_rows, fold_metrics, pred_frames = [], [], []
    for (r, f, seed, train, test), (y_pred, proba, classes, t_fit, t_pred), from_cache in zip(
            tasks, outputs, cached, strict=True):
        m = compute_metrics(y[test], y_pred, labels)
        tg = sorted(set(groups[test].astype(str))) if groups is not None else []
        fold_rows.append({
            "repeat": r, "fold": f, "seed": seed,
            "test_groups": ";".join(tg) if len(tg) <= 20 else f"{len(tg)} speakers",
            "n_train": len(train), "n_test": len(test),
            "wa": m["wa"], "uar": m["uar"], "macro_f1": m["macro_f1"],
            "fit_time": t_fit, "score_time": t_pred, "from_cache": bool(from_cache),
        })
        fold_metrics.append(m)
        pf = pd.DataFrame({
            "id": ids[test],
            "path": paths[test] if paths is not None else None,
            "speaker": groups[test] if groups is not None else None,
            "fold": f, "repeat": r, "y_true": y[test], "y_pred": y_pred,
        })
        if proba is not None:
            for j, c in enumerate(classes):
                pf[f"proba_{c}"] = proba[:, j]
        pred_frames.append(pf)
    predictions = pd.concat(pred_frames, ignore_index=True)
    params = {
        "n_samples": n, "n_splits": n_splits if protocol in ("group-kfold", "random-kfold")
        else len({t[1] for t in tasks}),
        "n_repeats": n_repeats, "random_state": random_state,
        "test_groups": None if test_groups is None else [str(t) for t in
                                                         np.asarray(test_groups).ravel()],
        "speakers": int(len(set(groups))) if groups is not None else None,
        "precomputed_steps": precomputed,
        "estimator": repr(pipeline),
        "metadata": dict(metadata or {}),
    }
    return EvaluationResult(protocol=protocol, labels=labels, seeds=seeds,
                            folds=pd.DataFrame(fold_rows), predictions=predictions,
                            fold_metrics=fold_metrics, params=params)


# --------------------------------------------------------------------------- cross-corpus


def _concat_X(parts):
    if all(isinstance(p, pd.DataFrame) for p in parts):
        return pd.concat(parts, ignore_index=True)
    if all(isinstance(p, np.ndarray) for p in parts) and len({p.shape[1:] for p in parts}) == 1:
        return np.concatenate(parts)
    out = []
    for p in parts:
        if isinstance(p, pd.DataFrame):
            raise ValueError("cross_corpus: mix DataFrame X with other X types is not supported")
        out.extend(list(p))
    return np.asarray(out, dtype=object) if all(isinstance(o, str) for o in out) else out


def cross_corpus(pipeline, train, test, *, labels="shared", n_repeats=1, random_state=0,
                 n_jobs=None, verbose=0, metadata=None):
    """Train on one corpus (or several) and test on another, on their shared classes.

    Parameters
    ----------
    pipeline : estimator
        Classifier or Pipeline; only clones are fitted.
    train : tuple (X, y, groups) or list of such tuples
        Training corpus or corpora; several are concatenated.
    test : tuple (X, y, groups)
        Test corpus.
    labels : "shared" or array-like of str, default="shared"
        ``"shared"`` keeps only the canonical emotions present in every training corpus
        and in the test corpus; an explicit list keeps those classes.
    n_repeats : int, default=1
        Refits with seeds ``random_state + r``.
    random_state : int or None, default=0
        Seed of the first repeat, set on every ``*random_state`` parameter.
    n_jobs : int or None, default=None
        Repeats fitted in parallel.
    verbose : int, default=0
        Progress bar over repeats when > 0.
    metadata : dict or None, default=None
        Provenance copied into reports.

    Returns
    -------
    result : EvaluationResult
        ``protocol="cross-corpus"``, one fold per repeat; ``params["labels_kept"]`` and
        the sample counts before/after the class restriction are recorded.

    Raises
    ------
    ValueError
        If fewer than two classes are shared.
    """
    if isinstance(train, tuple):
        train = [train]
    train = [tuple(t) for t in train]
    if isinstance(labels, str):
        if labels != "shared":
            raise ValueError(f"labels must be 'shared' or a list of classes, got {labels!r}")
        keep = set(np.unique(np.asarray(test[1])).astype(str))
        for t in train:
            keep &= set(np.unique(np.asarray(t[1])).astype(str))
    else:
        keep = {str(c) for c in labels}
    keep = sorted(str(c) for c in keep)
    if len(keep) < 2:
        raise ValueError(f"cross_corpus: fewer than 2 shared classes ({keep}); "
                         "harmonize the labels first (skser.datasets.harmonize_labels)")

    def restrict(X, y, g):
        y = np.asarray(y).astype(str)
        mask = np.isin(y, keep)
        idx = np.flatnonzero(mask)
        g = np.asarray(g) if g is not None else np.full(len(y), "", dtype=object)
        return _safe_indexing(X, idx), y[idx], g[idx]

    parts = [restrict(*t) for t in train]
    Xtr = _concat_X([p[0] for p in parts])
    ytr = np.concatenate([p[1] for p in parts])
    gtr = np.concatenate([p[2] for p in parts])
    Xte, yte, gte = restrict(*test)
    n_tr, n_te = len(ytr), len(yte)
    # One fold: train = first block, test = second block.
    Xall = _concat_X([Xtr, Xte])
    yall = np.concatenate([ytr, yte])
    gall = np.concatenate([gtr.astype(object), gte.astype(object)])
    mask = np.r_[np.zeros(n_tr, bool), np.ones(n_te, bool)]
    result = evaluate(pipeline, Xall, yall, gall, protocol="holdout", test_groups=mask,
                      n_repeats=n_repeats, random_state=random_state, n_jobs=n_jobs,
                      verbose=verbose, metadata=metadata)
    result.protocol = "cross-corpus"
    result.protocol_description = _PROTOCOL_TEXT["cross-corpus"]
    result.params.update({
        "labels_kept": keep,
        "n_train": n_tr, "n_test": n_te,
        "n_train_before": int(sum(len(np.asarray(t[1])) for t in train)),
        "n_test_before": int(len(np.asarray(test[1]))),
        "test_groups": None,
    })
    return result


# --------------------------------------------------------------------------- files


def write_predictions(path, ids, labels):
    """Write predictions as ``ID<TAB>label`` lines (seed 000's format), atomically.

    Parameters
    ----------
    path : str or path-like
        Destination; written to a temporary file then renamed over it.
    ids : array-like of shape (n_samples,)
        Utterance ids: file stems, or paths (reduced to their stem).
    labels : array-like of shape (n_samples,)
        Predicted labels.

    Raises
    ------
    ValueError
        If the lengths differ or an id/label contains a tab or newline.
    """
    ids, labels = list(ids), list(labels)
    if len(ids) != len(labels):
        raise ValueError(f"{len(ids)} ids but {len(labels)} labels")
    lines = []
    for i, lab in zip(ids, labels, strict=True):
        i = str(i)
        if "/" in i or os.sep in i or Path(i).suffix.lower() in AUDIO_EXTENSIONS:
            i = Path(i).stem
        lab = str(lab)
        if any(c in i + lab for c in "\t\n\r"):
            raise ValueError(f"id {i!r} or label {lab!r} contains a tab or newline")
        lines.append(f"{i}\t{lab}\n")
    _atomic_write(path, lambda f: f.writelines(lines))
