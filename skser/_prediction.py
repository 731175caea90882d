"""Labels and probabilities for rows of model input, with no label for degenerate rows.

Shared by ``skser predict`` and :func:`skser.timeline.predict_timeline`: the
leading steps of a pipeline run first, so that a row whose features are NaN (a
degenerate recording or window, see :class:`~skser.exceptions.DegenerateAudioWarning`)
gets an empty label and NaN probabilities while the other rows are still predicted.
Imports nothing beyond numpy at import time.
"""

import warnings
from numbers import Integral, Real

import numpy as np

from .exceptions import DegenerateAudioWarning

__all__ = ["final_step", "estimator_sr", "estimator_classes", "audio_column", "label_rows"]


def final_step(estimator):
    """The last step of a pipeline, or the estimator itself."""
    return estimator.steps[-1][1] if hasattr(estimator, "steps") else estimator


def estimator_sr(estimator):
    """Sampling rate (Hz) the model's first step reads audio at, or None if it says none.

    Looks through a :class:`~skser.normalization.SpeakerNormalizer`'s ``transformer``.
    """
    first = estimator.steps[0][1] if hasattr(estimator, "steps") else estimator
    sr = getattr(first, "sr", None)
    if sr is None:
        inner = getattr(first, "transformer", None)  # SpeakerNormalizer(transformer=...)
        sr = getattr(inner, "sr", None)
    return int(sr) if isinstance(sr, Integral | Real) and sr else None


def estimator_classes(estimator):
    """Class names (str) when the model gives probabilities, else None."""
    final = final_step(estimator)
    if hasattr(estimator, "predict_proba") and hasattr(final, "classes_"):
        return [str(c) for c in final.classes_]
    return None


def audio_column(estimator):
    """``"audio"`` or ``"path"``: the column a model's input frame holds the audio in.

    The extractors read waveforms from an ``"audio"`` or a ``"path"`` column alike;
    a model fitted on a corpus frame (``path``, ``speaker``) checks the column names
    it saw, so it gets ``"path"``.
    """
    names = getattr(estimator, "feature_names_in_", None)
    fitted = [] if names is None else [str(c) for c in names]
    return "path" if "path" in fitted and "audio" not in fitted else "audio"


def label_rows(estimator, X):
    """Predict the rows of ``X``; rows with NaN features get no label.

    Parameters
    ----------
    estimator : fitted estimator or Pipeline
        A pipeline's leading steps compute the features; its last step labels them.
    X : DataFrame, list or array
        What the estimator's first step takes, ``n`` rows.

    Returns
    -------
    labels : list of str, length n
        ``""`` for a row whose features are NaN.
    proba : ndarray of shape (n, n_classes) or None
        Class probabilities (NaN rows for unlabelled rows), None when the model has no
        ``predict_proba``.
    reasons : dict
        Row index to why it got no label (from the extractor's
        :class:`~skser.exceptions.DegenerateAudioWarning`, else "its features are NaN").

    Warns
    -----
    Warnings of the leading steps other than the DegenerateAudioWarning, re-issued.
    """
    import pandas as pd

    n = len(X)
    final, model, Z, reasons = final_step(estimator), estimator, X, {}
    if hasattr(estimator, "steps") and len(estimator.steps) > 1:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            Z = estimator[:-1].transform(X)
        for w in caught:
            if isinstance(w.message, DegenerateAudioWarning):
                reasons.update((k, why) for k, _, why in w.message.items)
            else:
                warnings.warn(w.message, stacklevel=2)
        model = final
    nan = np.zeros(n, dtype=bool)
    if Z is not X:
        values = np.asarray(Z, dtype=float)
        nan = np.isnan(values.reshape(n, -1)).any(axis=1)
    ok = np.flatnonzero(~nan)
    Z_ok = Z if not nan.any() else (Z.iloc[ok] if isinstance(Z, pd.DataFrame) else Z[ok])
    labels, proba = [""] * n, None
    if hasattr(model, "predict_proba"):
        proba = np.full((n, len(final.classes_)), np.nan)
        if ok.size:
            proba[ok] = np.asarray(model.predict_proba(Z_ok), dtype=float)
        classes = [str(c) for c in final.classes_]
        for k in ok:
            labels[k] = classes[int(np.argmax(proba[k]))]
    elif ok.size:
        for k, v in zip(ok, model.predict(Z_ok), strict=True):
            labels[k] = str(v)
    for k in np.flatnonzero(nan):
        reasons.setdefault(int(k), "its features are NaN")
    return labels, proba, {k: v for k, v in reasons.items() if nan[k]}
