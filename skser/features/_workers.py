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

from threadpoolctl import threadpool_limits

from ._kernels import KERNELS

__all__ = ["extract_batch"]


def _file_key(path):
    """(size, mtime_ns) of a file, or None if it cannot be stat'ed (load will fail)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _extract_path(kernel, params, path, file_key):
    """Module-level (so joblib.Memory can key on it) per-file extraction.

    ``file_key`` (size, mtime) is unused here but part of the cache key, so an
    edited file is re-extracted.
    """
    return KERNELS[kernel](path, **params)


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
    features : list of ndarray
        One float32 array per item, in order.

    Notes
    -----
    BLAS is held to one thread: per-file matrices are small, and BLAS threads
    competing with the joblib workers for the same cores slow the mel and chroma
    products down instead of speeding them up.
    """
    with threadpool_limits(limits=1, user_api="blas"):
        cached = None if memory is None else memory.cache(_extract_path)
        out = []
        for item in batch:
            if cached is not None and isinstance(item, str):
                out.append(cached(kernel, params, item, _file_key(item)))
            else:
                out.append(KERNELS[kernel](item, **params))
        return out
