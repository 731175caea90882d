"""The benchmarks' per-corpus feature cache: one ``.npy`` per corpus and feature set.

Extractors learn nothing, so the features of a whole corpus can be computed once and
reused by every fold, seed and script. A file is named
``{corpus}_{feature set}_{key}.npy``, where ``key`` hashes the file names of the
corpus as loaded (a different subset never reuses another's features); the
extraction time in seconds is stored beside it as ``.time.npy``. Files are written to
a temporary name and renamed, so an interrupted run never leaves a half-written cache.
"""

import hashlib
import os
import time

import numpy as np


def cache_path(cache_dir, corpus, name, paths):
    """Path of the cache file of feature set ``name`` for the audio files ``paths``."""
    key = hashlib.sha1("\n".join(map(os.path.basename, paths)).encode()).hexdigest()[:10]
    return os.path.join(os.path.expanduser(cache_dir), f"{corpus}_{name}_{key}.npy")


def cached_features(path, extract, log=print):
    """Features from ``path``, else ``extract()`` saved there; with extraction seconds.

    Parameters
    ----------
    path : str
        Cache file (see :func:`cache_path`).
    extract : callable
        Returns the features of all files, array-like with one row per file.
    log : callable, default=print
        Receives one line when extraction starts.

    Returns
    -------
    F : ndarray, float32
        The features.
    seconds : float
        Wall time the extraction took when it ran (stored with the cache).
    """
    if os.path.exists(path) and os.path.exists(path + ".time.npy"):
        return np.load(path), float(np.load(path + ".time.npy"))
    log(f"extracting {os.path.basename(path)} ...")
    t0 = time.perf_counter()
    F = np.asarray(extract(), dtype=np.float32)
    seconds = time.perf_counter() - t0
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + f".{os.getpid()}.tmp.npy"
    np.save(tmp, F)
    np.save(path + ".time.npy", np.float64(seconds))
    os.replace(tmp, path)
    return F, seconds
