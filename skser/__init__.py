"""skser: speech emotion recognition as scikit-learn estimators.

Subpackages
-----------
io
    Audio loading (:func:`skser.io.load_audio`).
datasets
    Corpus loaders (EMO-DB, RAVDESS, TESS, SAVEE, CREMA-D, IEMOCAP, own folders).
features
    Acoustic feature extractors as scikit-learn transformers.
models
    Published SER CNNs as scikit-learn classifiers (scikeras).
recipes
    Ready pipelines reproducing published SER systems and classic baselines.
evaluation
    Speaker-independent protocols, metrics and reports.
persistence
    Saving and loading fitted models (:func:`skser.persistence.save_model`).
normalization
    Per-speaker standardization (:class:`skser.normalization.SpeakerNormalizer`).
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
