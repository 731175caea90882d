"""Utterance-level statistics of frame-level features."""

from numbers import Real

import numpy as np
import scipy.sparse
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted

__all__ = ["StatsPooling"]

_STATS = {
    "mean": lambda F, m: np.nanmean(F, axis=1) if m else F.mean(axis=1),
    "std": lambda F, m: np.nanstd(F, axis=1) if m else F.std(axis=1),
    "var": lambda F, m: np.nanvar(F, axis=1) if m else F.var(axis=1),
    "min": lambda F, m: np.nanmin(F, axis=1) if m else F.min(axis=1),
    "max": lambda F, m: np.nanmax(F, axis=1) if m else F.max(axis=1),
    "median": lambda F, m: np.nanmedian(F, axis=1) if m else np.median(F, axis=1),
    "range": lambda F, m: (np.nanmax(F, axis=1) - np.nanmin(F, axis=1)) if m
    else np.ptp(F, axis=1),
}


def _check_stats(stats):
    if isinstance(stats, str):
        stats = (stats,)
    stats = tuple(stats)
    if not stats:
        raise ValueError("StatsPooling: stats is empty; give at least one of "
                         f"{sorted(_STATS)}")
    bad = [s for s in stats if s not in _STATS]
    if bad:
        raise ValueError(f"StatsPooling: unknown statistic(s) {bad}; choose from {sorted(_STATS)}")
    if len(set(stats)) != len(stats):
        raise ValueError(f"StatsPooling: stats {stats} contains duplicates")
    return stats


class StatsPooling(TransformerMixin, BaseEstimator):
    """Statistics over frames: ``(n_samples, n_frames, n_bins)`` to ``(n_samples, n_out)``.

    Turns frame-level features (:class:`LogMel`, :class:`MFCC`, OpenSmile LLDs,
    ...) into one utterance-level vector per recording, as in the functionals
    of openSMILE. Columns are grouped by statistic: all bins' means, then all
    bins' standard deviations, and so on.

    Parameters
    ----------
    stats : str or tuple of str, default=("mean", "std")
        Statistics, in output order, from ``"mean"``, ``"std"`` (population,
        ``ddof=0``), ``"var"``, ``"min"``, ``"max"``, ``"median"``, ``"range"``.
    prefix : str, default="x"
        Stem of generated feature names (``prefix + bin index``), e.g.
        ``prefix="mfcc"`` gives ``mfcc3_mean``.
    ignore_value : float or None, default=None
        Frames whose bins all equal this value (e.g. the extractor's
        ``pad_value``) are left out of the statistics; ``None`` uses every frame.
        A recording with no frame left gives NaN.

    Attributes
    ----------
    n_bins_ : int
        Bins per frame seen in ``fit``.
    n_features_in_ : int
        Same as ``n_bins_`` (frames are not features).

    Notes
    -----
    A 2-D input ``(n_samples, n_bins)`` is read as one frame per recording (so
    ``std`` is 0); pool a per-frame contour such as :class:`MFCCContour`'s output
    as ``X[:, :, None]``. Output dtype float32.

    A recording whose frames are all NaN (a degenerate recording, see
    :ref:`degenerate-audio`) gives a row of NaN, so that a classifier downstream
    refuses it; NaN or infinite values among finite ones are refused with the
    recording's index. NaN is never replaced by a number.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.features import StatsPooling
    >>> F = np.arange(24, dtype="float32").reshape(2, 3, 4)
    >>> pool = StatsPooling(prefix="mel").fit(F)
    >>> pool.transform(F).shape
    (2, 8)
    >>> pool.get_feature_names_out()[:2]
    array(['mel0_mean', 'mel1_mean'], dtype=object)
    """

    _parameter_constraints = {
        "stats": [str, tuple, list],
        "prefix": [str],
        "ignore_value": [Interval(Real, None, None, closed="neither"), None],
    }

    def __init__(self, *, stats=("mean", "std"), prefix="x", ignore_value=None):
        self.stats = stats
        self.prefix = prefix
        self.ignore_value = ignore_value

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.transformer_tags.preserves_dtype = []
        tags.target_tags.required = False
        return tags

    def _check_X(self, X):
        if scipy.sparse.issparse(X):
            raise TypeError("StatsPooling: sparse input is not supported; pass a dense array")
        if hasattr(X, "to_numpy"):
            X = X.to_numpy()
        try:
            X = np.asarray(X)
            if X.dtype == object:
                X = X.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"StatsPooling: X is not numeric: {exc}") from exc
        if np.iscomplexobj(X):
            raise ValueError("StatsPooling: Complex data not supported")
        if X.dtype.kind not in "biuf":
            raise ValueError(f"StatsPooling: X has dtype {X.dtype}; expected numbers")
        if X.ndim == 2:
            if X.shape[1] == 0:
                raise ValueError(f"StatsPooling: X has 0 feature(s) (shape={X.shape}) while "
                                 "a minimum of 1 is required.")
            X = X[:, np.newaxis, :]
        if X.ndim != 3:
            raise ValueError(
                f"StatsPooling: X has shape {X.shape}; expected 3-D (n_samples, n_frames, "
                "n_bins) or 2-D (n_samples, n_bins). Reshape your data: 1-D input, expected "
                "2D array, got 1D array instead")
        if X.size == 0:
            raise ValueError(f"StatsPooling: X is empty (shape {X.shape})")
        finite = np.isfinite(X)
        if not finite.all():
            degenerate = np.isnan(X).all(axis=(1, 2))
            if not finite[~degenerate].all():
                bad = int(np.flatnonzero(~finite.all(axis=(1, 2)) & ~degenerate)[0])
                raise ValueError(
                    f"StatsPooling: X[{bad}] contains NaN or inf among finite values; only "
                    "recordings whose every value is NaN (degenerate audio) are passed on")
        return X

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Record the number of bins per frame.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_frames, n_bins) or (n_samples, n_bins)
            Frame-level features.
        y : None
            Ignored.

        Returns
        -------
        self : object
        """
        _check_stats(self.stats)
        X = self._check_X(X)
        self.n_bins_ = X.shape[2]
        self.n_features_in_ = X.shape[2]
        return self

    def transform(self, X):
        """Pool the frames of each recording.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_frames, n_bins) or (n_samples, n_bins)
            Frame-level features.

        Returns
        -------
        X_pooled : ndarray of shape (n_samples, len(stats) * n_bins), dtype float32
            Statistics grouped by statistic, then bin.
        """
        check_is_fitted(self)
        stats = _check_stats(self.stats)
        X = self._check_X(X)
        if X.shape[2] != self.n_bins_:
            raise ValueError(
                f"X has {X.shape[2]} features, but StatsPooling is expecting "
                f"{self.n_bins_} features as input (bins per frame seen in fit).")
        X = X.astype(np.float64)
        masked = False
        if self.ignore_value is not None:
            pad = np.all(X == self.ignore_value, axis=2)
            if pad.any():
                X = X.copy()
                X[pad] = np.nan
                masked = True
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-padding rows -> NaN
            cols = [_STATS[s](X, masked) for s in stats]
        return np.concatenate(cols, axis=1).astype(np.float32)

    def get_feature_names_out(self, input_features=None):
        """Names ``{bin}_{stat}``, grouped by statistic.

        Parameters
        ----------
        input_features : array-like of str of length n_bins, or None
            Bin names (e.g. ``["mfcc0", ...]``); ``None`` uses ``prefix`` + index.

        Returns
        -------
        feature_names_out : ndarray of str, shape (len(stats) * n_bins,)
        """
        check_is_fitted(self)
        stats = _check_stats(self.stats)
        if input_features is None:
            bins = [f"{self.prefix}{j}" for j in range(self.n_bins_)]
        else:
            bins = [str(b) for b in input_features]
            if len(bins) != self.n_bins_:
                raise ValueError(
                    f"input_features has {len(bins)} names, expected n_bins_={self.n_bins_}")
        return np.asarray([f"{b}_{s}" for s in stats for b in bins], dtype=object)
