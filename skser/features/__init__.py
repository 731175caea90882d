"""Acoustic feature extractors as scikit-learn transformers.

Every extractor takes audio file paths, 1-D waveforms, a 2-D array of
equal-length waveforms or a DataFrame with a ``path``/``audio`` column, is
stateless (``transform`` works without ``fit``), parallel (``n_jobs``) and can
cache per-file features on disk (``memory``).

Frame level, ``(n_samples, n_frames, n_bins)`` float32:
:class:`LogMel`, :class:`MFCC`, :class:`Chroma`, :class:`SpectralContrast`,
:class:`Tonnetz`, :class:`OpenSmile` (``feature_level="lld"``).
Utterance level, ``(n_samples, n_features)`` float32 with feature names:
:class:`SpectralMeans` (the 193 means of Issa et al. 2020), :class:`MFCCContour`
(the contour of Speech-Emotion-Analyzer), :class:`OpenSmile` (functionals),
:class:`StatsPooling` (frames to statistics).
Image: :class:`FeatureImage` (the input of Nathaniel538's 2-D CNN),
``(n_samples, 193, n_frames, 1)``.

A degenerate recording (digital silence or constant, peak-to-peak amplitude below
1e-5 of full scale, or shorter than one analysis window) gives NaN features and a
:class:`~skser.exceptions.DegenerateAudioWarning`; see the user guide's
"Degenerate audio".

Importing :mod:`skser.features` is cheap: the module of a class (and with it
scikit-learn and librosa) is imported when the class is first accessed. The
signal processing lives in private modules that the joblib workers import
without scikit-learn: ``_kernels`` (one recording to its features), ``_cqt``
(the constant-Q transform behind tonnetz), ``_opensmile_engine`` and
``_workers`` (a batch through a kernel, with the per-file cache).
"""

import lazy_loader as _lazy

__getattr__, __dir__, _ = _lazy.attach(
    __name__,
    submod_attrs={
        "_spectral": ["LogMel", "MFCC", "Chroma", "SpectralContrast", "Tonnetz"],
        "_pooling": ["StatsPooling"],
        "_means": ["SpectralMeans"],
        "_image": ["FeatureImage"],
        "_contour": ["MFCCContour"],
        "_opensmile": ["OpenSmile"],
    },
)
__all__ = [
    "LogMel", "MFCC", "Chroma", "SpectralContrast", "Tonnetz", "StatsPooling",
    "SpectralMeans", "FeatureImage", "MFCCContour", "OpenSmile",
]
