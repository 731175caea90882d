"""openSMILE as a kernel: one recording to functionals or LLD frames.

:mod:`opensmile` is imported on first use, and one :class:`opensmile.Smile` is kept
per process and configuration. Light on purpose: the joblib workers import it.
"""

import numpy as np

from ._framing import Degenerate, fix_frames, read_checked

__all__ = ["OPENSMILE_LEVELS", "opensmile_names", "opensmile_features"]

#: ``feature_level`` of :class:`~skser.features.OpenSmile` to ``opensmile.FeatureLevel``.
OPENSMILE_LEVELS = {"functionals": "Functionals", "lld": "LowLevelDescriptors",
                    "lld_deltas": "LowLevelDescriptors_Deltas"}

#: Longest analysis frame of openSMILE's feature sets (the 60 ms pitch window of
#: eGeMAPS and ComParE), in seconds: shorter clips are degenerate.
OPENSMILE_WINDOW = 0.060

_SMILES = {}  # per process: (feature_set, level) -> opensmile.Smile


def _skip_distribution_scan():
    """Tell audobject which distribution the ``opensmile`` module belongs to.

    ``opensmile.Smile()`` serializes itself through audobject, which looks up the
    distribution of the object's top-level module in
    ``importlib.metadata.packages_distributions()``: a scan of every installed
    package (0.3 s in an environment with TensorFlow), the largest share of a
    one-file ``skser predict`` after importing scikit-learn. Its own per-process
    cache is seeded with the answer that scan gives; audobject versions without
    that cache are left alone.
    """
    try:
        from audobject.core import utils
    except ImportError:
        return
    cache = getattr(utils, "PACKAGES_DISTRIBUTIONS", None)
    if isinstance(cache, dict):
        cache.setdefault("opensmile", ["opensmile"])


def _smile(feature_set, feature_level):
    key = (feature_set, feature_level)
    if key not in _SMILES:
        import opensmile

        _skip_distribution_scan()

        _SMILES[key] = opensmile.Smile(
            feature_set=getattr(opensmile.FeatureSet, feature_set),
            feature_level=getattr(opensmile.FeatureLevel, OPENSMILE_LEVELS[feature_level]))
    return _SMILES[key]


def opensmile_names(feature_set, feature_level):
    """openSMILE's output names for a feature set and level."""
    return list(_smile(feature_set, feature_level).feature_names)


def opensmile_features(item, *, feature_set, feature_level, sr, n_frames, align, pad_value):
    """:class:`~skser.features.OpenSmile` of one recording: functionals or LLD frames.

    Degenerate recordings, and any for which openSMILE returns NaN (it does so for
    clips shorter than its frames), give a NaN array (:class:`._framing.Degenerate`).
    """
    smile = _smile(feature_set, feature_level)
    n_out = len(smile.feature_names)
    shape = (n_out,) if feature_level == "functionals" else (n_frames, n_out)
    y = read_checked(item, sr, int(np.ceil(OPENSMILE_WINDOW * sr)), shape)
    try:
        df = smile.process_signal(y, sr)
    except Exception as exc:  # openSMILE / audinterface errors
        raise ValueError(
            f"openSMILE failed on a {y.size}-sample waveform: {exc}") from exc
    F = df.to_numpy(dtype=np.float32)
    bad = ~np.isfinite(F)
    if bad.any():
        raise Degenerate(
            f"openSMILE returned NaN/Inf for {int(bad.any(axis=0).sum())} of {F.shape[1]} "
            f"features ({y.size} samples at {sr} Hz)", shape)
    if feature_level == "functionals":
        return F[0]
    return fix_frames(F, n_frames, align, np.float32(pad_value))
