"""The result of an evaluation: scores, out-of-fold predictions, reports and run folders."""

import io
import json
import math
import os
import shutil
import tempfile
import textwrap
import warnings
from numbers import Integral, Real
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

from .._utils._io import atomic_write, file_ids, tsv_line
from ..io import AUDIO_EXTENSIONS
from . import METRICS, RUN_FILES
from ._metrics import _METRIC_NAMES, _bootstrap, compute_metrics
from ._protocols import _PROTOCOL_TEXT

__all__ = ["EvaluationResult", "write_predictions", "RUN_FILES"]


# Bootstrap settings of the intervals in summary() and in every report.
_CI_SETTINGS = {"n_resamples": 1000, "confidence_level": 0.95, "random_state": 0}


def _prediction_lines(ids, labels):
    ids, labels = [str(i) for i in ids], [str(lab) for lab in labels]
    if len(ids) != len(labels):
        raise ValueError(f"{len(ids)} ids but {len(labels)} labels")
    # ids given as file paths become paths relative to the folder they share
    is_path = [os.path.isabs(i) or Path(i).suffix.lower() in AUDIO_EXTENSIONS for i in ids]
    reduced = iter(file_ids([i for i, p in zip(ids, is_path, strict=True) if p]))
    ids = [next(reduced) if p else i for i, p in zip(ids, is_path, strict=True)]
    return "".join(tsv_line(row) for row in zip(ids, labels, strict=True))


@validate_params(
    {"path": [str, os.PathLike], "ids": ["array-like"], "labels": ["array-like"]},
    prefer_skip_nested_validation=True,
)
def write_predictions(path, ids, labels):
    """Write predictions as ``ID<TAB>label`` lines, atomically.

    One line per utterance, its id then the predicted label, the format that
    ``skser predict`` and ``skser evaluate`` write. A field holding a tab, a line
    break or a double quote is quoted as in CSV, so
    ``pandas.read_csv(path, sep="\\t", header=None, names=["id", "label"],
    dtype=str, keep_default_na=False)`` reads the file back exactly.

    Parameters
    ----------
    path : str or path-like
        Destination; written to a temporary file then renamed over it.
    ids : array-like of shape (n_samples,)
        Utterance ids, written as given; ids that are file paths (absolute, or with
        an audio extension) become paths relative to the folder common to them,
        without extension (the stem, for files of one folder).
    labels : array-like of shape (n_samples,)
        Predicted labels.

    Raises
    ------
    ValueError
        If the lengths differ; ``path`` is left as it was.
    sklearn.utils._param_validation.InvalidParameterError
        If ``path`` is not a str or path-like, or ``ids``/``labels`` are not array-like
        (a :class:`ValueError` naming the argument).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from skser.evaluation import write_predictions
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "predictions.tsv"
    >>> write_predictions(path, ["/corpus/03a01Fa.wav"], ["happiness"])
    >>> path.read_text()
    '03a01Fa\\thappiness\\n'
    """
    text = _prediction_lines(ids, labels)
    atomic_write(path, lambda f: f.write(text))


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
        Out-of-fold predictions, one row per (repeat, test sample): ``id`` (the
        file's path relative to the folder common to all files, without extension:
        the stem for files of one folder; the index without paths), ``path``,
        ``speaker``, ``fold``, ``repeat``, ``y_true``, ``y_pred`` and, when the model
        has ``predict_proba``, one ``proba_<class>`` column per class.
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
            repeats), ``n_folds``, ``n_repeats``, and ``ci_low`` and ``ci_high``: the
            95 % bootstrap interval of the pooled score over test speakers
            (:meth:`confidence_interval` with its defaults; NaN for one test speaker).
            Values are fractions in [0, 1].
        """
        rep = self.repeat_metrics()
        cis = self._intervals()
        rows = {}
        for m in METRICS:
            rows[_METRIC_NAMES[m]] = {
                "mean": float(self.folds[m].mean()),
                "std_folds": float(self.folds[m].std(ddof=0)),
                "std_repeats": float(rep[m].std(ddof=0)),
                "pooled": float(rep[f"pooled_{m}"].mean()),
                "n_folds": int(self.folds["fold"].nunique()),
                "n_repeats": self.n_repeats,
                "ci_low": cis[m].low,
                "ci_high": cis[m].high,
            }
        return pd.DataFrame.from_dict(rows, orient="index")

    def _bootstrap_units(self):
        """The id of each prediction's resampling unit, and the unit's name."""
        p = self.predictions
        speakers = p["speaker"]
        if len(p) and not (speakers.isna() | (speakers.astype(str) == "")).any():
            return speakers.to_numpy(), "speakers"
        # no speaker ids (random-kfold without groups): an utterance is one unit, with
        # its predictions of every repeat
        key = p["path"] if not p["path"].isna().any() else p["id"]
        return key.to_numpy(), "utterances"

    def _intervals(self, metrics=METRICS, *, warn=False, **settings):
        """:class:`BootstrapCI` of each metric, from one set of resamples."""
        settings = {**_CI_SETTINGS, **settings}
        groups, unit = self._bootstrap_units()
        with warnings.catch_warnings():
            if not warn:  # reports show "n/a" for a single test speaker
                warnings.simplefilter("ignore", UndefinedMetricWarning)
            return _bootstrap(self.predictions["y_true"], self.predictions["y_pred"], groups,
                              metrics=metrics, unit=unit, stacklevel=5, **settings)

    @validate_params(
        {
            "metric": [StrOptions(set(METRICS))],
            "n_resamples": [Interval(Integral, 1, None, closed="left")],
            "confidence_level": [Interval(Real, 0, 1, closed="neither")],
            "random_state": ["random_state"],
        },
        prefer_skip_nested_validation=True,
    )
    def confidence_interval(self, metric="uar", *, n_resamples=1000, confidence_level=0.95,
                            random_state=0):
        """Bootstrap confidence interval of the pooled score, resampling test speakers.

        :func:`bootstrap_ci` on the out-of-fold predictions: each resample draws the
        test speakers with replacement, pools all their predictions (of every repeat)
        and scores them; the interval is the percentile interval of these scores. It
        shows how much the score depends on which speakers were tested, so a
        difference between two models that lies well inside it may be chance.

        When the result has no speaker ids (``"random-kfold"`` called without
        ``groups``), utterances are resampled instead, ``unit`` says
        ``"utterances"`` and the reports say so: such an interval ignores that
        utterances of one speaker are alike, and is too narrow.

        Parameters
        ----------
        metric : {"uar", "wa", "macro_f1"}, default="uar"
            The score.
        n_resamples : int >= 1, default=1000
            Number of bootstrap resamples.
        confidence_level : float in (0, 1), default=0.95
            Probability mass inside the interval.
        random_state : int, RandomState instance or None, default=0
            Seed of the resampling; the reports use 0.

        Returns
        -------
        ci : BootstrapCI
            ``low``, ``high``, ``point`` (the score of all out-of-fold predictions
            together: for UAR and WA the ``pooled`` column of :meth:`summary`),
            ``confidence_level``, ``n_resamples``, ``n_groups`` (test speakers, or
            utterances) and ``unit`` (``"speakers"`` or ``"utterances"``).

        Raises
        ------
        sklearn.utils._param_validation.InvalidParameterError
            If an argument has the wrong type or is out of range (a
            :class:`ValueError` naming it).

        Warns
        -----
        sklearn.exceptions.UndefinedMetricWarning
            If only one speaker was tested (a one-speaker holdout): ``low`` and
            ``high`` are then NaN.

        See Also
        --------
        bootstrap_ci : The same for any predictions and groups.

        Examples
        --------
        >>> ci = result.confidence_interval("uar")  # doctest: +SKIP
        >>> f"UAR {ci.point:.1%}, 95 % CI [{ci.low:.1%}, {ci.high:.1%}]"  # doctest: +SKIP
        'UAR 66.0%, 95 % CI [58.3%, 72.9%]'
        """
        return self._intervals((metric,), warn=True, n_resamples=n_resamples,
                               confidence_level=confidence_level,
                               random_state=random_state)[metric]

    def _ci_text(self, ci):
        """The interval's method in words, for the reports."""
        level = f"{100 * ci.confidence_level:g} %"
        if ci.n_groups < 2:
            return (f"{level} CI: n/a, a bootstrap over {ci.unit} needs at least 2 and the "
                    f"test set has {ci.n_groups}")
        text = (f"{level} CI = percentile bootstrap interval of the pooled score, "
                f"{ci.n_resamples} resamples of the {ci.n_groups} test {ci.unit} drawn with "
                "replacement")
        if ci.unit == "utterances":
            text += (" (no speaker ids: utterances of one speaker are alike, so this "
                     "interval is too narrow)")
        return text

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

    @validate_params({"normalize": [StrOptions({"true"}), None]},
                     prefer_skip_nested_validation=True)
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

        Raises
        ------
        sklearn.utils._param_validation.InvalidParameterError
            If ``normalize`` is neither ``"true"`` nor None (a :class:`ValueError`).
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

    @validate_params({"percent": ["boolean"]}, prefer_skip_nested_validation=True)
    def format_table(self, percent=True):
        """The summary as aligned plain text: ``metric  mean ± std`` lines.

        Parameters
        ----------
        percent : bool, default=True
            Print percentages instead of fractions.

        Returns
        -------
        text : str
            Header line with the protocol, one line per score (with its 95 % bootstrap
            interval over test speakers, see :meth:`confidence_interval`), then a line
            saying how the interval was computed.
        """
        s = self.summary()
        k = 100.0 if percent else 1.0
        d = 1 if percent else 3
        unit = " %" if percent else ""
        lines = [self._provenance(), ""]
        head = (f"{'metric':<9} {'mean ± std (folds)':>20} {'± std (repeats)':>16} "
                f"{'pooled':>9} {'95 % CI':>16}")
        lines.append(head)
        for name, row in s.iterrows():
            if np.isnan(row["ci_low"]):
                ci = "n/a"
            else:
                ci = f"[{k * row['ci_low']:.{d}f}, {k * row['ci_high']:.{d}f}]{unit}"
            lines.append(
                f"{name:<9} {k * row['mean']:>11.{d}f} ± {k * row['std_folds']:5.{d}f}{unit} "
                f"{k * row['std_repeats']:>14.{d}f}{unit} {k * row['pooled']:>7.{d}f}{unit} "
                f"{ci:>16}")
        lines += ["", textwrap.fill(self._ci_text(self._intervals(("uar",))["uar"]), 88)]
        return "\n".join(lines)

    def to_markdown(self):
        """A Markdown report: provenance, summary, per-class scores and folds.

        Returns
        -------
        text : str
            Markdown with pipe tables; scores in percent. WA and UAR are defined in it.
        """
        s = self.summary()
        ci_text = self._ci_text(self._intervals(("uar",))["uar"])
        out = ["# skser evaluation", "", f"- {self._provenance()}"]
        meta = self.params.get("metadata") or {}
        for key, val in meta.items():
            out.append(f"- {key}: {val}")
        out += ["- WA = accuracy over all test files; UAR = mean of per-class recalls "
                "(balanced accuracy); mean ± std over folds, std over repeats of the fold "
                "means; pooled = computed on all out-of-fold predictions at once.",
                f"- {ci_text}.", "",
                "| metric | mean (%) | std folds | std repeats | pooled (%) | 95 % CI (%) |",
                "|---|---:|---:|---:|---:|---:|"]
        for name, row in s.iterrows():
            ci = ("n/a" if np.isnan(row["ci_low"])
                  else f"{100 * row['ci_low']:.1f}–{100 * row['ci_high']:.1f}")
            out.append(f"| {name} | {100 * row['mean']:.1f} | {100 * row['std_folds']:.1f} | "
                       f"{100 * row['std_repeats']:.1f} | {100 * row['pooled']:.1f} | {ci} |")
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
            ``labels``, ``seeds``, ``summary`` (:meth:`summary` by metric, with
            ``ci_low``/``ci_high``), ``confidence_interval`` (how the intervals were
            computed: ``method``, ``unit`` resampled, ``n_units``, ``n_resamples``,
            ``confidence_level``, ``random_state``, and per metric ``low``, ``high``
            and ``point``; None where undefined), ``per_class``, ``confusion_matrix``
            (counts, averaged over repeats) and ``folds`` (each with its metrics,
            per-class precision/recall, confusion matrix and test speakers).
        """
        from .. import __version__

        folds = []
        for (_, f), fm in zip(self.folds.iterrows(), self.fold_metrics, strict=True):
            d = {k: f[k] for k in self.folds.columns}
            d.update({k: fm[k] for k in ("precision", "recall", "confusion_matrix")})
            folds.append(d)
        cis = self._intervals()
        first = cis[METRICS[0]]
        intervals = {
            "method": "percentile bootstrap",
            "unit": first.unit,
            "n_units": first.n_groups,
            **_CI_SETTINGS,
            "metrics": {m: {"low": ci.low, "high": ci.high, "point": ci.point}
                        for m, ci in cis.items()},
        }
        return _jsonable({
            "skser_version": __version__,
            "protocol": self.protocol,
            "protocol_description": self.protocol_description,
            "params": self.params,
            "labels": self.labels,
            "seeds": self.seeds,
            "summary": self.summary().to_dict(orient="index"),
            "confidence_interval": intervals,
            "per_class": self.per_class().to_dict(orient="index"),
            "confusion_matrix": self.confusion_matrix(normalize=None),
            "folds": folds,
        })

    @validate_params({"path": [str, os.PathLike, None]}, prefer_skip_nested_validation=True)
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
        atomic_write(path, lambda f: f.write(text + "\n"))
        return None

    @validate_params(
        {"path": [str, os.PathLike], "repeat": [Interval(Integral, 0, None, closed="left")]},
        prefer_skip_nested_validation=True,
    )
    def write_predictions(self, path, repeat=0):
        """Write the out-of-fold predictions of one repeat as ``ID<TAB>label`` lines.

        Parameters
        ----------
        path : str or path-like
            Destination file (atomic write).
        repeat : int, default=0
            Which repeat's predictions, from 0 to ``n_repeats - 1``.

        Raises
        ------
        ValueError
            If ``repeat`` is not below ``n_repeats``.

        See Also
        --------
        skser.evaluation.write_predictions : The file format, and how to read it back.
        """
        if repeat >= self.n_repeats:
            raise ValueError(f"repeat={repeat} but the result has {self.n_repeats} "
                             f"repeat(s): expected 0 to {self.n_repeats - 1}")
        p = self.predictions[self.predictions["repeat"] == repeat]
        write_predictions(path, p["id"], p["y_pred"])

    @validate_params({"out_dir": [str, os.PathLike], "overwrite": ["boolean"]},
                     prefer_skip_nested_validation=True)
    def save(self, out_dir, *, overwrite=False):
        """Write a run folder: the reports, the confusion matrix and the predictions.

        The files are those of ``skser evaluate --out`` (:data:`RUN_FILES`):
        ``results.json`` (:meth:`to_json`), ``results.md`` (:meth:`to_markdown`),
        ``confusion_matrix.png`` (:meth:`plot_confusion_matrix`, 120 dpi),
        ``predictions.tsv`` (:meth:`write_predictions` of repeat 0) and
        ``predictions.csv`` (``predictions``, every repeat, without index).

        Everything is rendered first and written to a temporary folder inside
        ``out_dir``, then moved into place, so a failed save leaves no half-written
        file and no file of another run is replaced by a partial set.

        Parameters
        ----------
        out_dir : str or path-like
            The run folder; created (with its parents) when missing.
        overwrite : bool, default=False
            Write into a folder that already holds files, replacing files of the same
            names; other files are kept. ``False`` refuses a non-empty folder.

        Returns
        -------
        paths : list of pathlib.Path
            The files written, in :data:`RUN_FILES` order.

        Raises
        ------
        FileExistsError
            If ``out_dir`` is a file, or a non-empty folder and ``overwrite`` is False.
        sklearn.utils._param_validation.InvalidParameterError
            If ``out_dir`` is not a str or path-like, or ``overwrite`` not a bool (a
            :class:`ValueError` naming the argument).

        Examples
        --------
        >>> result.save("runs/emodb-loso")  # doctest: +SKIP
        """
        out = Path(out_dir)
        if out.exists() and not out.is_dir():
            raise FileExistsError(f"out_dir '{out}' exists and is not a directory")
        if out.is_dir() and any(out.iterdir()) and not overwrite:
            raise FileExistsError(f"out_dir '{out}' exists and is not empty; pass "
                                  "overwrite=True or choose another folder")
        contents = dict(zip(RUN_FILES, self._run_files(), strict=True))
        created = not out.exists()
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=out, prefix=".save-"))
        placed = []
        try:
            for name, data in contents.items():
                (staging / name).write_bytes(data)
            for name in RUN_FILES:
                target = out / name
                existed = target.exists()
                os.replace(staging / name, target)
                if not existed:
                    placed.append(target)
        except BaseException:
            for target in placed:
                target.unlink(missing_ok=True)
            raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            if created and not any(out.iterdir()):
                out.rmdir()
        return [out / name for name in RUN_FILES]

    def _run_files(self):
        """Bytes of each of :data:`RUN_FILES`, in order."""
        from matplotlib.figure import Figure

        from ._display import SERConfusionMatrixDisplay, _confusion_figsize

        json_text = self.to_json() + "\n"
        md = self.to_markdown()
        fig = Figure(figsize=_confusion_figsize(len(self.labels)))
        SERConfusionMatrixDisplay.from_result(self, ax=fig.add_subplot())
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=120)
        p = self.predictions[self.predictions["repeat"] == 0]
        tsv = _prediction_lines(p["id"], p["y_pred"])
        csv = self.predictions.to_csv(index=False)
        return [json_text.encode("utf-8"), md.encode("utf-8"), buf.getvalue(),
                tsv.encode("utf-8"), csv.encode("utf-8")]

    # ---- plots
    def plot_confusion_matrix(self, ax=None, cmap="Blues"):
        """Plot the pooled confusion matrix, normalized by true class (rows sum to 1).

        A shortcut for :meth:`SERConfusionMatrixDisplay.from_result`; use the display
        to keep the drawn artists.

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
        from ._display import SERConfusionMatrixDisplay

        return SERConfusionMatrixDisplay.from_result(self, ax=ax, cmap=cmap).figure_

    def plot_folds(self, metric="uar", ax=None):
        """Bar chart of one score per fold (mean over repeats, error bar = std over repeats).

        A shortcut for :meth:`FoldScoreDisplay.from_result`.

        Parameters
        ----------
        metric : {"wa", "uar", "macro_f1"}, default="uar"
            The score to plot.
        ax : matplotlib Axes or None, default=None
            Where to draw; ``None`` makes a new figure.

        Returns
        -------
        fig : matplotlib Figure
            The figure holding the bar chart.

        Raises
        ------
        ValueError
            If ``metric`` is not one of :data:`METRICS`.
        """
        from ._display import FoldScoreDisplay

        return FoldScoreDisplay.from_result(self, metric=metric, ax=ax).figure_

    def __repr__(self):
        s = self.summary()
        return (f"EvaluationResult(protocol={self.protocol!r}, folds={s['n_folds'].iloc[0]}, "
                f"repeats={self.n_repeats}, UAR={s.loc['UAR', 'mean']:.3f}, "
                f"WA={s.loc['WA', 'mean']:.3f})")
