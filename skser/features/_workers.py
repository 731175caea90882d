"""What a joblib worker runs: a batch of items through one kernel, with a per-file cache.

A worker receives a kernel name (a key of :data:`._kernels.KERNELS`), a dict of
feature parameters, an optional ``memory`` and a batch of items
(:func:`extract_batch`), never the estimator: unpickling an estimator would
import scikit-learn and pandas into every worker. This module and those it
imports (:mod:`._kernels`, :mod:`._cqt`, :mod:`._framing`,
:mod:`._opensmile_engine`, :mod:`skser.io`) stay free of ``sklearn``, ``pandas``
and ``tensorflow``; ``tests/features`` checks the workers.
"""

import os
import sys
import warnings

import numpy as np
from threadpoolctl import ThreadpoolController

from ._framing import Degenerate
from ._kernels import KERNELS

__all__ = ["extract_batch"]

_CONTROLLER = {}  # this process's ThreadpoolController and the module count it saw


def blas_controller():
    """This process's :class:`threadpoolctl.ThreadpoolController`.

    Making one scans the loaded libraries (2-3 ms); its ``limit`` then only sets and
    restores thread counts. It is made again only when modules were imported since
    (one of them may have loaded another BLAS), so batches of files after the first
    do not pay for the scan.
    """
    n_modules = len(sys.modules)
    if _CONTROLLER.get("n_modules") != n_modules:
        _CONTROLLER.update(controller=ThreadpoolController(), n_modules=n_modules)
    return _CONTROLLER["controller"]


def _file_key(path):
    """(size, mtime_ns) of a file, or None if it cannot be stat'ed (load will fail)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _run(kernel, params, item):
    """One item through a kernel: ``(features, degenerate_reason, warnings)``.

    A degenerate item (:class:`._framing.Degenerate`) gives a NaN array of the
    kernel's shape and the reason; warnings raised meanwhile (librosa's
    "n_fft=... is too large for input signal", openSMILE's "Segment too short")
    are then dropped, as the reason covers them. Otherwise the warnings are
    returned as ``(category, message)`` pairs for the caller to re-issue with the
    item named: a worker process cannot show them to the user.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            features = KERNELS[kernel](item, **params)
        except Degenerate as exc:
            return np.full(exc.shape, np.nan, dtype=np.float32), exc.reason, ()
    seen, notes = set(), []
    for w in caught:
        note = (w.category, str(w.message))
        if note not in seen:
            seen.add(note)
            notes.append(note)
    return features, None, tuple(notes)


def _extract_path(kernel, params, path, file_key):
    """Module-level (so joblib.Memory can key on it) per-file extraction.

    ``file_key`` (size, mtime) is unused here but part of the cache key, so an
    edited file is re-extracted.
    """
    return _run(kernel, params, path)


def extract_batch(kernel, params, memory, batch):
    """Features of a batch of items (paths or waveforms), run in a worker.

    Parameters
    ----------
    kernel : str
        Key of :data:`KERNELS`, the function computing one item's features.
    params : dict
        Its keyword arguments (the extractor's feature parameters).
    memory : None or object with a ``cache`` method (joblib.Memory)
        Per-file cache of the features of paths; waveforms are never cached.
    batch : list of str or ndarray
        File paths and float32 waveforms.

    Returns
    -------
    results : list of (ndarray, str or None, tuple)
        Per item, in order: its float32 features (all NaN for a degenerate
        recording), the reason it is degenerate (None if it is not) and the
        ``(category, message)`` of the warnings its extraction raised.

    Notes
    -----
    BLAS is held to one thread: per-file matrices are small, and BLAS threads
    competing with the joblib workers for the same cores slow the mel and chroma
    products down instead of speeding them up.
    """
    with blas_controller().limit(limits=1, user_api="blas"):
        cached = None if memory is None else memory.cache(_extract_path)
        out = []
        for item in batch:
            if cached is not None and isinstance(item, str):
                out.append(cached(kernel, params, item, _file_key(item)))
            else:
                out.append(_run(kernel, params, item))
        return out
