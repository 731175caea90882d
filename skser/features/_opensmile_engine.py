"""openSMILE as a kernel: one recording to functionals or LLD frames.

:mod:`opensmile` is imported on first use, and one :class:`opensmile.Smile` is kept
per process and configuration. Light on purpose: the joblib workers import it.
"""

import numpy as np

from ._framing import fix_frames, read_waveform

__all__ = ["OPENSMILE_LEVELS", "opensmile_names", "opensmile_features"]

#: ``feature_level`` of :class:`~skser.features.OpenSmile` to ``opensmile.FeatureLevel``.
OPENSMILE_LEVELS = {"functionals": "Functionals", "lld": "LowLevelDescriptors",
                    "lld_deltas": "LowLevelDescriptors_Deltas"}

_SMILES = {}  # per process: (feature_set, level) -> opensmile.Smile


def _smile(feature_set, feature_level):
    key = (feature_set, feature_level)
    if key not in _SMILES:
        import opensmile

        _SMILES[key] = opensmile.Smile(
            feature_set=getattr(opensmile.FeatureSet, feature_set),
            feature_level=getattr(opensmile.FeatureLevel, OPENSMILE_LEVELS[feature_level]))
    return _SMILES[key]


def opensmile_names(feature_set, feature_level):
    """openSMILE's output names for a feature set and level."""
    return list(_smile(feature_set, feature_level).feature_names)


def opensmile_features(item, *, feature_set, feature_level, sr, n_frames, align, pad_value):
    """:class:`~skser.features.OpenSmile` of one recording: functionals or LLD frames."""
    y = read_waveform(item, sr)
    smile = _smile(feature_set, feature_level)
    try:
        df = smile.process_signal(y, sr)
    except Exception as exc:  # openSMILE / audinterface errors
        raise ValueError(
            f"openSMILE failed on a {y.size}-sample waveform: {exc}") from exc
    F = df.to_numpy(dtype=np.float32)
    F = np.nan_to_num(F, nan=0.0, posinf=0.0, neginf=0.0)
    if feature_level == "functionals":
        return F[0]
    return fix_frames(F, n_frames, align, np.float32(pad_value))

