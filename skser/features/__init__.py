"""Acoustic feature extractors as scikit-learn transformers.

Every extractor takes audio file paths, 1-D waveforms, a 2-D array of
equal-length waveforms or a DataFrame with a ``path``/``audio`` column, is
stateless (``transform`` works without ``fit``), parallel (``n_jobs``) and can
cache per-file features on disk (``memory``).

Frame level, ``(n_samples, n_frames, n_bins)`` float32:
:class:`LogMel`, :class:`MFCC`, :class:`Chroma`, :class:`SpectralContrast`,
:class:`Tonnetz`, :class:`OpenSmile` (``feature_level="lld"``).
Utterance level, ``(n_samples, n_features)`` float32 with feature names:
:class:`SpectralMeans` (seed 004), :class:`MFCCContour` (seed 001),
:class:`OpenSmile` (functionals), :class:`StatsPooling` (frames to statistics).
Image: :class:`FeatureImage` (seed 002), ``(n_samples, 193, n_frames, 1)``.
"""

from ._contour import MFCCContour
from ._image import FeatureImage
from ._means import SpectralMeans
from ._opensmile import OpenSmile
from ._pooling import StatsPooling
from ._spectral import MFCC, Chroma, LogMel, SpectralContrast, Tonnetz

__all__ = [
    "LogMel", "MFCC", "Chroma", "SpectralContrast", "Tonnetz", "StatsPooling",
    "SpectralMeans", "FeatureImage", "MFCCContour", "OpenSmile",
]
