"""The one input contract shared by every skser feature extractor.

:class:`AudioFeatureMixin` turns ``X`` (file paths, 1-D waveforms, a 2-D array
of equal-length waveforms, or a DataFrame with a ``path`` or ``audio`` column)
into a stacked float32 array. It owns input validation, batching, joblib
parallelism, the tqdm progress bar and the per-file ``memory`` cache. The
signal processing of each extractor is a plain function of
:mod:`skser.features._kernels` (its ``_kernel``): the workers
(:mod:`skser.features._workers`) get that function's name, a dict of feature
parameters and a batch of items, never the estimator, so they do not import
scikit-learn or pandas.
"""

import itertools
import os
import sys
import warnings
from numbers import Integral, Real

import numpy as np
import scipy.sparse
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import HasMethods, Interval, RealNotInt, StrOptions
from sklearn.utils.validation import check_memory

from ..exceptions import DegenerateAudioWarning
from ._framing import fix_frames, to_samples
from ._workers import blas_controller, extract_batch

__all__ = ["AudioFeatureMixin", "to_samples", "fix_frames"]

#: Files per joblib task: large enough to amortise the dispatch, small enough
#: that a worker never holds many waveforms at once.
BATCH_SIZE = 8

#: Parameters that change how features are computed, not what they are;
#: excluded from the cache key.
_RUNTIME_PARAMS = ("n_jobs", "verbose", "memory")

#: Constraint shared by every window / hop parameter: int = samples, float = seconds.
LENGTH_CONSTRAINT = [Interval(Integral, 1, None, closed="left"),
                     Interval(RealNotInt, 0, None, closed="neither")]


def worker_executor():
    """joblib's shared loky worker pool (one process) for work that must leave this process.

    Uses :func:`joblib.executor.get_memmapping_executor` rather than loky's own
    ``get_reusable_executor``: both share one global pool, and a pool created by
    the latter breaks a later ``joblib.Parallel(n_jobs=2)`` in the same process
    (``AttributeError: '_ReusablePoolExecutor' object has no attribute
    '_temp_folder_manager'``).
    """
    from joblib.executor import get_memmapping_executor

    return get_memmapping_executor(1)


def _is_path(item):
    return isinstance(item, str | bytes | os.PathLike)


def _check_waveform(y, index):
    """Validate one waveform; return it as a contiguous float32 1-D array."""
    try:
        arr = np.asarray(y)
    except Exception as exc:  # ragged nested lists and the like
        raise ValueError(f"X[{index}] is not a waveform: {exc}") from exc
    if arr.dtype == object:
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"X[{index}] is not numeric: {exc}") from exc
    if np.iscomplexobj(arr):
        raise ValueError(f"X[{index}] is complex; expected a real waveform")
    if arr.dtype.kind not in "biuf":
        raise ValueError(
            f"X[{index}] has dtype {arr.dtype}; expected a float waveform or a file path")
    if arr.ndim != 1:
        raise ValueError(
            f"X[{index}] has shape {arr.shape}; expected a 1-D mono waveform "
            "(average the channels first)")
    if arr.size == 0:
        raise ValueError(f"X[{index}] is an empty waveform (0 samples)")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"X[{index}] contains NaN or inf samples")
    return np.ascontiguousarray(arr, dtype=np.float32)


def _as_items(X):
    """Turn any accepted X into a list of paths (str) and float32 waveforms.

    Waveforms are validated here (cheap); paths are opened later, in the workers.
    """
    if X is None:
        raise ValueError("X is None; expected audio file paths or waveforms")
    if scipy.sparse.issparse(X):
        raise TypeError("Sparse input is not supported: X must hold audio file paths or "
                        "dense waveforms")
    if hasattr(X, "columns") and hasattr(X, "iloc"):  # pandas DataFrame
        if "path" in X.columns:
            X = list(X["path"])
        elif "audio" in X.columns:
            X = list(X["audio"])
        else:
            raise ValueError(
                "DataFrame X needs a 'path' column (audio files) or an 'audio' column "
                f"(waveforms); found columns {list(X.columns)}")
    elif hasattr(X, "to_numpy") and hasattr(X, "iloc"):  # pandas Series
        X = list(X)
    elif _is_path(X):
        raise ValueError(
            f"X is a single path {X!r}; pass a sequence of paths, e.g. [{X!r}]")
    if not isinstance(X, list | tuple):
        if hasattr(X, "__array__") or isinstance(X, np.ndarray):
            X = np.asarray(X)
        elif hasattr(X, "__len__") and hasattr(X, "__getitem__"):
            X = list(X)
        else:
            raise ValueError(
                f"X of type {type(X).__name__} is not a sequence of paths or waveforms")
    if isinstance(X, np.ndarray):
        if X.ndim == 0:
            raise ValueError("X is a scalar; expected a sequence of paths or waveforms")
        if X.ndim > 2:
            raise ValueError(
                f"X has shape {X.shape} ({X.ndim}-D); expected a 2-D array "
                "(n_samples, n_timepoints) of mono waveforms")
        if X.shape[0] == 0:
            raise ValueError(f"X is empty (shape {X.shape}); expected at least one recording")
        if X.ndim == 2 and X.shape[1] == 0:
            raise ValueError(
                f"X has 0 feature(s) (shape={X.shape}) while a minimum of 1 is required: "
                "each waveform needs at least one sample")
        if X.ndim == 1 and X.dtype.kind in "biufc":
            raise ValueError(
                "X is a 1-D numeric array: expected 2-D array, got 1-D array instead. "
                "Reshape your data: pass [y] for one waveform, or X.reshape(1, -1)")
        if X.ndim == 2:
            if X.dtype == object:
                try:
                    X = X.astype(np.float64)
                except (TypeError, ValueError) as exc:
                    raise TypeError(f"X is not numeric: {exc}") from exc
            if np.iscomplexobj(X):
                raise ValueError("Complex data not supported: X is complex")
            if X.dtype.kind not in "biuf":
                raise ValueError(f"X has dtype {X.dtype}; expected float waveforms")
            if not np.all(np.isfinite(X)):
                bad = int(np.flatnonzero(~np.isfinite(X).all(axis=1))[0])
                raise ValueError(f"X[{bad}] contains NaN or inf samples")
            return list(np.ascontiguousarray(X, dtype=np.float32))
        X = list(X)
    if len(X) == 0:
        raise ValueError("X is empty; expected at least one audio file path or waveform")
    items = []
    for i, item in enumerate(X):
        if _is_path(item):
            items.append(os.fsdecode(os.fspath(item)))
        else:
            items.append(_check_waveform(item, i))
    return items


class AudioFeatureMixin(TransformerMixin, BaseEstimator):
    """Base class of skser's stateless audio feature extractors.

    Subclasses define ``_parameter_constraints`` (extending
    ``_base_constraints``) and ``_kernel``, the name of a function of
    :data:`skser.features._kernels.KERNELS` that maps one item (a file path or a float32
    waveform at ``sr`` Hz) and the feature parameters (``get_params`` without
    ``n_jobs``, ``verbose``, ``memory``) to a float32 array of fixed shape; they
    may override ``_run_in_subprocess()``.
    """

    #: Key of :data:`skser.features._kernels.KERNELS` computing one recording's features.
    _kernel = None

    _base_constraints = {
        "sr": [Interval(Integral, 1, None, closed="left")],
        "n_jobs": [Integral, None],
        "verbose": ["verbose"],
        "memory": [None, str, os.PathLike, HasMethods(["cache"])],
    }

    # -- sklearn plumbing -------------------------------------------------
    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        tags.input_tags.two_d_array = True
        tags.input_tags.string = True
        tags.transformer_tags.preserves_dtype = []
        tags.target_tags.required = False
        return tags

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Check the parameters and ``X``; nothing is learned.

        Parameters
        ----------
        X : sequence of paths or 1-D float arrays, ndarray of shape (n_samples, n_timepoints), \
or DataFrame
            Recordings, as accepted by :meth:`transform`; only checked, not read.
        y : None
            Ignored.

        Returns
        -------
        self : object
            The extractor, with ``n_features_in_`` recorded when ``X`` is a 2-D array.
        """
        self._check_ready()
        items = _as_items(X)
        if isinstance(X, np.ndarray) and X.ndim == 2:
            self.n_features_in_ = X.shape[1]
        elif hasattr(self, "n_features_in_"):
            del self.n_features_in_
        self.n_samples_seen_ = len(items)
        return self

    def _check_ready(self):
        """Hook for optional-dependency checks (OpenSmile)."""

    def _feature_params(self):
        params = self.get_params(deep=False)
        for name in _RUNTIME_PARAMS:
            params.pop(name, None)
        return params

    def _cache(self):
        """``memory`` as an object with a ``cache`` method, or None for no caching."""
        memory = self.memory
        if isinstance(memory, os.PathLike):
            memory = os.fspath(memory)
        memory = check_memory(memory)
        return None if memory.location is None else memory

    def _run_in_subprocess(self):
        """Whether extraction must run in a fresh worker process even with n_jobs=1."""
        return False

    # -- transform ---------------------------------------------------------
    def transform(self, X):
        """Extract features from each recording.

        Parameters
        ----------
        X : sequence of n_samples paths or 1-D float arrays, ndarray of shape \
(n_samples, n_timepoints), or DataFrame
            Audio file paths (read with :func:`skser.io.load_audio` and resampled to
            ``sr``), mono waveforms already at ``sr`` Hz (lengths may differ), or a
            DataFrame with a ``path`` or ``audio`` column (other columns ignored).

        Returns
        -------
        X_new : ndarray, dtype float32
            One row per recording, in the order of ``X``; shape given in the class
            docstring. The row of a degenerate recording (digital silence or
            constant: peak-to-peak amplitude below ``SILENCE_PTP`` = 1e-5 of full
            scale; or shorter than one analysis window) is all NaN.

        Raises
        ------
        ValueError
            If ``X`` is empty, 3-D or more, not numeric, or a waveform contains
            NaN/inf; the message gives the offending index.
        AudioLoadError
            If a file cannot be read; the message names the file.

        Warns
        -----
        DegenerateAudioWarning
            Once per call if some recordings are degenerate, naming each (index,
            and file) with the reason.
        """
        self._validate_params()
        self._check_ready()
        items = _as_items(X)
        return self._transform_items(items)

    def _transform_items(self, items):
        n = len(items)
        batches = [items[i:i + BATCH_SIZE] for i in range(0, n, BATCH_SIZE)]
        n_jobs = self.n_jobs
        if n_jobs is None or n_jobs == 1 or len(batches) == 1:
            effective = 1
        else:
            effective = n_jobs
        # the workers get a kernel name and plain data, not the estimator:
        # unpickling it would import scikit-learn and pandas there
        kernel, params, memory = self._kernel, self._feature_params(), self._cache()
        # BLAS held to one thread here as well as in each batch: with a threading
        # backend (joblib.parallel_config) the per-batch limits then all save and
        # restore the same value (threadpoolctl's limits are process-wide).
        limits = blas_controller().limit(limits=1, user_api="blas")
        bar = None
        try:
            if effective == 1 and self._run_in_subprocess():
                k = len(batches)
                results = worker_executor().map(extract_batch, [kernel] * k, [params] * k,
                                                [memory] * k, batches)
            elif effective == 1:
                results = (extract_batch(kernel, params, memory, b) for b in batches)
            else:
                # the first batch runs here, before any worker starts: librosa's numba
                # functions are compiled once and written to numba's on-disk cache,
                # which workers then only read (two processes compiling into a fresh
                # cache at once crashed with SIGSEGV on fresh installs). Not when the
                # extraction must stay out of this process (openSMILE after TensorFlow).
                head = ([] if self._run_in_subprocess()
                        else [extract_batch(kernel, params, memory, batches[0])])
                rest = Parallel(n_jobs=effective, return_as="generator")(
                    delayed(extract_batch)(kernel, params, memory, b)
                    for b in batches[len(head):])
                results = itertools.chain(head, rest)
            if self.verbose:
                from tqdm.auto import tqdm

                bar = tqdm(total=n, desc=type(self).__name__, unit="file")
            out = None
            pos = 0
            degenerate, notes = [], []
            for res in results:
                for feat, reason, caught in res:
                    if out is None:
                        out = np.empty((n,) + feat.shape, dtype=np.float32)
                    out[pos] = feat
                    if reason is not None:
                        degenerate.append((pos, reason))
                    notes.extend((pos, category, text) for category, text in caught)
                    pos += 1
                if bar is not None:
                    bar.update(len(res))
        finally:
            limits.restore_original_limits()
            if bar is not None:
                bar.close()
        self._warn(items, degenerate, notes)
        return out

    def _warn(self, items, degenerate, notes):
        """Issue the degenerate-audio warning and the kernels' own, naming each item."""
        name = type(self).__name__

        def where(i):
            item = items[i]
            return f"X[{i}] ('{item}')" if isinstance(item, str) else f"X[{i}]"

        grouped = {}  # one warning per distinct message, naming the items it came from
        for i, category, text in notes:
            grouped.setdefault((category, text), []).append(i)
        for (category, text), where_from in grouped.items():
            named = ", ".join(where(i) for i in where_from[:3])
            if len(where_from) > 3:
                named += f" and {len(where_from) - 3} more"
            warnings.warn(f"{name}: {named}: {text}", category,
                          stacklevel=_external_stacklevel())
        if degenerate:
            lines = [f"  {where(i)}: {reason}" for i, reason in degenerate[:20]]
            if len(degenerate) > 20:
                lines.append(f"  ... and {len(degenerate) - 20} more")
            warnings.warn(DegenerateAudioWarning(
                f"{name}: {len(degenerate)} of {len(items)} recording(s) are degenerate "
                "(silent, constant or shorter than one analysis window); their features "
                "are NaN:\n" + "\n".join(lines),
                [(i, items[i] if isinstance(items[i], str) else None, reason)
                 for i, reason in degenerate]), stacklevel=_external_stacklevel())


def _external_stacklevel():
    """``stacklevel`` of the first frame outside skser and scikit-learn (the user's call)."""
    frame, level = sys._getframe(1), 1
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if not name.startswith(("skser.", "sklearn.")):
            break
        frame = frame.f_back
        level += 1
    return level


def is_tensorflow_loaded():
    return "tensorflow" in sys.modules


# shared pad/crop constraints of frame-level extractors
FRAME_CONSTRAINTS = {
    "n_frames": [Interval(Integral, 1, None, closed="left")],
    "align": [StrOptions({"start", "center"})],
    "pad_value": [Interval(Real, None, None, closed="neither")],
}

#: Docstring text shared by the extractors, filled in with
#: :class:`skser._utils._docstring.Substitution` (which adds each class's defaults).
SHARED_DOCS = {
    "frame_params": """align : {"start", "center"}, default="start"
        ``"start"`` keeps the first ``n_frames`` frames and pads at the end;
        ``"center"`` keeps the middle frames and pads equally on both sides.
    pad_value : float
        Value written into padded frames (in the output's units).""",
    "runtime_params": """n_jobs : int or None
        Number of joblib workers over batches of recordings; ``None`` means 1,
        ``-1`` all cores.
    verbose : bool or int
        Show a tqdm progress bar over recordings.
    memory : None, str, path-like or joblib.Memory
        Cache of per-file features, keyed on the class, its feature parameters,
        the path and the file's size and modification time, so a repeated
        ``transform`` (cross-validation, grid search) skips extraction.
        Waveform inputs are never cached.""",
}
