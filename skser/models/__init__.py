"""Published speech emotion recognition CNNs as scikit-learn classifiers.

Each class subclasses :class:`scikeras.wrappers.KerasClassifier` through
:class:`SERClassifier`, takes exactly the array its matching
:mod:`skser.features` extractor emits, and returns the original string labels.

=====================  ==============================================  ============================
class                  input (extractor)                               system
=====================  ==============================================  ============================
``ParallelCNN``        ``LogMel`` (n, n_frames, n_mels)                parallel CNN of an IEMOCAP
                                                                       master-course system
``StackedConv1DCNN``   ``MFCCContour`` (n, 216)                        Speech-Emotion-Analyzer
``FeatureImageCNN``    ``FeatureImage`` (n, n_rows, n_frames, 1)       Nathaniel538's 2-D CNN
``LLDCNN``             ``OpenSmile`` LLD (n, n_frames, n_lld) or 2-D   Kaplan, Strohm and Tasci
``Deep1DCNN``          ``SpectralMeans`` (n, 193)                      Issa et al. (2020)
``TemporalCNN``        ``LogMel`` (n, n_frames, n_mels), any length    skser's own
=====================  ==============================================  ============================

Importing :mod:`skser.models` is cheap: Keras and TensorFlow (through scikeras)
are imported when a class is first accessed.
"""

import importlib

__all__ = [
    "SERClassifier",
    "ParallelCNN",
    "StackedConv1DCNN",
    "FeatureImageCNN",
    "LLDCNN",
    "Deep1DCNN",
    "TemporalCNN",
]

_MODULES = {
    "SERClassifier": "_base",
    "ParallelCNN": "_parallel",
    "StackedConv1DCNN": "_conv1d",
    "FeatureImageCNN": "_image",
    "LLDCNN": "_lld",
    "Deep1DCNN": "_deep1d",
    "TemporalCNN": "_temporal",
}


def __getattr__(name):
    if name in _MODULES:
        module = importlib.import_module(f"{__name__}.{_MODULES[name]}")
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
