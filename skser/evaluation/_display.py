"""Plots of evaluation results as scikit-learn Display objects."""


import numpy as np
from sklearn.metrics import ConfusionMatrixDisplay
from sklearn.metrics import confusion_matrix as _confusion_matrix
from sklearn.utils._param_validation import HasMethods, StrOptions, validate_params

from ._metrics import _METRIC_NAMES, METRICS

__all__ = ["SERConfusionMatrixDisplay", "FoldScoreDisplay"]


def _confusion_figsize(n_classes):
    """Figure size in inches that fits ``n_classes`` rows and columns of values."""
    return (1.0 + 0.8 * n_classes, 0.8 + 0.7 * n_classes)


def _new_axes(figsize):
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


class SERConfusionMatrixDisplay:
    """Confusion matrix plot with emotion labels, rows normalized by true class.

    Built like :class:`sklearn.metrics.ConfusionMatrixDisplay`, which draws it: use
    :meth:`from_predictions` or :meth:`from_result` to compute and plot at once, or
    build it from a matrix and call :meth:`plot`. With ``normalize="true"`` the color
    scale is fixed to [0, 1] and the diagonal is the per-class recall.

    Parameters
    ----------
    confusion_matrix : ndarray of shape (n_classes, n_classes)
        Rows = true class, columns = predicted class.
    display_labels : array-like of shape (n_classes,) or None, default=None
        Class names of the rows and columns; ``None`` numbers them from 0.
    normalize : {"true", "pred", "all"} or None, default=None
        How ``confusion_matrix`` was normalized (sets the color scale and value format):
        ``None`` for counts.
    title : str or None, default=None
        Axes title.

    Attributes
    ----------
    im_ : matplotlib AxesImage
        The matrix image.
    text_ : ndarray of shape (n_classes, n_classes), dtype object
        The value written in each cell.
    ax_ : matplotlib Axes
        Axes holding the matrix.
    figure_ : matplotlib Figure
        Figure holding the matrix and its color bar.

    See Also
    --------
    sklearn.metrics.ConfusionMatrixDisplay : The display this one delegates to.
    FoldScoreDisplay : One score per fold.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from skser.evaluation import SERConfusionMatrixDisplay
    >>> disp = SERConfusionMatrixDisplay.from_predictions(
    ...     ["anger", "anger", "sadness"], ["anger", "sadness", "sadness"])
    >>> disp.confusion_matrix
    array([[0.5, 0.5],
           [0. , 1. ]])
    """

    def __init__(self, confusion_matrix, *, display_labels=None, normalize=None, title=None):
        self.confusion_matrix = confusion_matrix
        self.display_labels = display_labels
        self.normalize = normalize
        self.title = title

    @validate_params(
        {
            "ax": [HasMethods(["imshow"]), None],
            "cmap": [str, HasMethods(["__call__"])],
            "values_format": [str, None],
            "colorbar": ["boolean"],
        },
        prefer_skip_nested_validation=True,
    )
    def plot(self, *, ax=None, cmap="Blues", values_format=None, colorbar=True):
        """Draw the matrix with a value in every cell.

        Parameters
        ----------
        ax : matplotlib Axes or None, default=None
            Where to draw; ``None`` makes a new figure sized to the number of classes.
        cmap : str or matplotlib Colormap, default="Blues"
            Colormap of the cells.
        values_format : str or None, default=None
            Format of the cell values; ``None`` gives ``".2f"`` for a normalized matrix
            and scikit-learn's choice for counts.
        colorbar : bool, default=True
            Add a color bar next to the matrix.

        Returns
        -------
        display : SERConfusionMatrixDisplay
            ``self``, with ``im_``, ``text_``, ``ax_`` and ``figure_`` set.

        Raises
        ------
        sklearn.utils._param_validation.InvalidParameterError
            If an argument has the wrong type (a :class:`ValueError` naming it).
        """
        cm = np.asarray(self.confusion_matrix)
        if ax is None:
            ax = _new_axes(_confusion_figsize(cm.shape[0]))
        vmax = 1.0 if self.normalize is not None else max(float(cm.max()), 1.0)
        if values_format is None and self.normalize is not None:
            values_format = ".2f"
        disp = ConfusionMatrixDisplay(cm, display_labels=self.display_labels).plot(
            ax=ax, cmap=cmap, colorbar=False, values_format=values_format,
            xticks_rotation=45, im_kw={"vmin": 0, "vmax": vmax}, text_kw={"fontsize": 8})
        for (i, j), text in np.ndenumerate(disp.text_):
            text.set_color("white" if cm[i, j] > vmax / 2 else "black")
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
        ax.set_xlabel("predicted")
        ax.set_ylabel("true")
        if self.title is not None:
            ax.set_title(self.title, fontsize=10)
        fig = ax.figure
        if colorbar:
            fig.colorbar(disp.im_, ax=ax, fraction=0.046, pad=0.04)
        fig.tight_layout()
        self.im_, self.text_, self.ax_, self.figure_ = disp.im_, disp.text_, ax, fig
        return self

    @classmethod
    @validate_params(
        {
            "y_true": ["array-like"],
            "y_pred": ["array-like"],
            "labels": ["array-like", None],
            "normalize": [StrOptions({"true", "pred", "all"}), None],
            "title": [str, None],
            "ax": [HasMethods(["imshow"]), None],
            "cmap": [str, HasMethods(["__call__"])],
            "values_format": [str, None],
            "colorbar": ["boolean"],
        },
        prefer_skip_nested_validation=True,
    )
    def from_predictions(cls, y_true, y_pred, *, labels=None, normalize="true", title=None,
                         ax=None, cmap="Blues", values_format=None, colorbar=True):
        """Compute the confusion matrix of predictions and plot it.

        Parameters
        ----------
        y_true : array-like of shape (n_samples,)
            True emotion labels.
        y_pred : array-like of shape (n_samples,)
            Predicted emotion labels.
        labels : array-like of shape (n_classes,) or None, default=None
            Class order of rows and columns; ``None`` uses the sorted union of both.
        normalize : {"true", "pred", "all"} or None, default="true"
            ``"true"``: each row (true class) sums to 1, so the diagonal is the recall;
            ``"pred"``: each column sums to 1; ``"all"``: the matrix sums to 1;
            ``None``: counts.
        title : str or None, default=None
            Axes title.
        ax : matplotlib Axes or None, default=None
            Where to draw; ``None`` makes a new figure.
        cmap : str or matplotlib Colormap, default="Blues"
            Colormap of the cells.
        values_format : str or None, default=None
            Format of the cell values (see :meth:`plot`).
        colorbar : bool, default=True
            Add a color bar next to the matrix.

        Returns
        -------
        display : SERConfusionMatrixDisplay
            The plotted display.

        Raises
        ------
        sklearn.utils._param_validation.InvalidParameterError
            If an argument is out of its allowed values (a :class:`ValueError` naming it).
        ValueError
            If ``y_true`` and ``y_pred`` differ in length.
        """
        y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
        if labels is None:
            labels = np.unique(np.concatenate([y_true, y_pred]))
        labels = list(labels)
        cm = _confusion_matrix(y_true, y_pred, labels=labels, normalize=normalize)
        disp = cls(cm, display_labels=[str(c) for c in labels], normalize=normalize,
                   title=title)
        return disp.plot(ax=ax, cmap=cmap, values_format=values_format, colorbar=colorbar)

    @classmethod
    @validate_params(
        {
            "result": [HasMethods(["confusion_matrix", "summary"])],
            "normalize": [StrOptions({"true"}), None],
            "ax": [HasMethods(["imshow"]), None],
            "cmap": [str, HasMethods(["__call__"])],
            "values_format": [str, None],
            "colorbar": ["boolean"],
        },
        prefer_skip_nested_validation=True,
    )
    def from_result(cls, result, *, normalize="true", ax=None, cmap="Blues",
                    values_format=None, colorbar=True):
        """Plot the pooled confusion matrix of an evaluation.

        The matrix is :meth:`EvaluationResult.confusion_matrix` (all out-of-fold
        predictions, averaged over repeats); the title gives the protocol and the mean
        UAR and WA over folds.

        Parameters
        ----------
        result : EvaluationResult
            Returned by :func:`evaluate` or :func:`cross_corpus`.
        normalize : {"true"} or None, default="true"
            ``"true"``: rows (true classes) sum to 1; ``None``: counts.
        ax : matplotlib Axes or None, default=None
            Where to draw; ``None`` makes a new figure.
        cmap : str or matplotlib Colormap, default="Blues"
            Colormap of the cells.
        values_format : str or None, default=None
            Format of the cell values (see :meth:`plot`).
        colorbar : bool, default=True
            Add a color bar next to the matrix.

        Returns
        -------
        display : SERConfusionMatrixDisplay
            The plotted display.

        Raises
        ------
        sklearn.utils._param_validation.InvalidParameterError
            If an argument is out of its allowed values (a :class:`ValueError` naming it).
        """
        s = result.summary()
        title = (f"{result.protocol}: UAR {100 * s.loc['UAR', 'mean']:.1f} %, "
                 f"WA {100 * s.loc['WA', 'mean']:.1f} %")
        disp = cls(result.confusion_matrix(normalize=normalize),
                   display_labels=list(result.labels), normalize=normalize, title=title)
        return disp.plot(ax=ax, cmap=cmap, values_format=values_format, colorbar=colorbar)


class FoldScoreDisplay:
    """Bar chart of one score per fold, with the mean over folds as a dashed line.

    Follows scikit-learn's Display pattern: :meth:`from_result` computes and plots,
    :meth:`plot` redraws. Under LOSO each bar is one test speaker, so the chart shows
    the spread over voices behind the mean ± std.

    Parameters
    ----------
    scores : array-like of shape (n_folds,)
        Score of each fold, fractions in [0, 1] (plotted in percent).
    errors : array-like of shape (n_folds,) or None, default=None
        Error bar of each fold (e.g. std over repeats), same unit; ``None`` draws none.
    fold_names : array-like of shape (n_folds,) or None, default=None
        Tick labels (e.g. the test speakers); ``None`` numbers the folds from 0.
    mean : float or None, default=None
        Value of the dashed line; ``None`` uses the mean of ``scores``.
    metric : {"wa", "uar", "macro_f1"}, default="uar"
        Name of the score, for the axis label.
    title : str or None, default=None
        Axes title.

    Attributes
    ----------
    bars_ : matplotlib BarContainer
        The bars, one per fold.
    ax_ : matplotlib Axes
        Axes holding the chart.
    figure_ : matplotlib Figure
        Figure holding the chart.

    See Also
    --------
    SERConfusionMatrixDisplay : The pooled confusion matrix.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from skser.evaluation import FoldScoreDisplay
    >>> disp = FoldScoreDisplay([0.6, 0.7, 0.5], fold_names=["s1", "s2", "s3"]).plot()
    >>> len(disp.bars_)
    3
    """

    def __init__(self, scores, *, errors=None, fold_names=None, mean=None, metric="uar",
                 title=None):
        self.scores = scores
        self.errors = errors
        self.fold_names = fold_names
        self.mean = mean
        self.metric = metric
        self.title = title

    @validate_params({"ax": [HasMethods(["bar"]), None]}, prefer_skip_nested_validation=True)
    def plot(self, *, ax=None):
        """Draw the bars.

        Parameters
        ----------
        ax : matplotlib Axes or None, default=None
            Where to draw; ``None`` makes a new figure sized to the number of folds.

        Returns
        -------
        display : FoldScoreDisplay
            ``self``, with ``bars_``, ``ax_`` and ``figure_`` set.

        Raises
        ------
        sklearn.utils._param_validation.InvalidParameterError
            If ``ax`` is not a matplotlib Axes (a :class:`ValueError` naming it).
        """
        scores = np.asarray(self.scores, dtype=float)
        n = len(scores)
        if ax is None:
            ax = _new_axes((max(4.0, 0.5 * n + 2), 3.5))
        errors = None if self.errors is None else 100 * np.asarray(self.errors, dtype=float)
        names = list(range(n)) if self.fold_names is None else list(self.fold_names)
        mean = float(np.mean(scores)) if self.mean is None else float(self.mean)
        self.bars_ = ax.bar(range(n), 100 * scores, yerr=errors)
        ax.axhline(100 * mean, color="k", ls="--", lw=1, label="mean")
        ax.set_xticks(range(n), [str(x) for x in names], rotation=60, ha="right", fontsize=8)
        ax.set_ylabel(f"{_METRIC_NAMES.get(self.metric, self.metric)} (%)")
        if self.title is not None:
            ax.set_title(self.title, fontsize=10)
        ax.legend()
        ax.figure.tight_layout()
        self.ax_, self.figure_ = ax, ax.figure
        return self

    @classmethod
    @validate_params(
        {
            "result": [HasMethods(["summary"])],
            "metric": [StrOptions(set(METRICS))],
            "ax": [HasMethods(["bar"]), None],
        },
        prefer_skip_nested_validation=True,
    )
    def from_result(cls, result, *, metric="uar", ax=None):
        """Plot one score per fold of an evaluation.

        Each bar is the mean over repeats of that fold, its error bar the std over
        repeats (ddof=0); the dashed line is the mean over all folds and repeats.

        Parameters
        ----------
        result : EvaluationResult
            Returned by :func:`evaluate` or :func:`cross_corpus`.
        metric : {"wa", "uar", "macro_f1"}, default="uar"
            The score to plot.
        ax : matplotlib Axes or None, default=None
            Where to draw; ``None`` makes a new figure.

        Returns
        -------
        display : FoldScoreDisplay
            The plotted display.

        Raises
        ------
        sklearn.utils._param_validation.InvalidParameterError
            If ``metric`` is not one of :data:`METRICS` (a :class:`ValueError` naming it).
        """
        g = result.folds.groupby("fold")
        disp = cls(g[metric].mean().to_numpy(),
                   errors=g[metric].std(ddof=0).fillna(0).to_numpy(),
                   fold_names=list(g["test_groups"].first()),
                   mean=float(result.folds[metric].mean()), metric=metric,
                   title=f"{_METRIC_NAMES[metric]} per fold ({result.protocol})")
        return disp.plot(ax=ax)


