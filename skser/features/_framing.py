"""Reading one item and shaping frame matrices: helpers of every kernel.

Light on purpose (numpy and :mod:`skser.io` only): the joblib workers import it.
"""

from numbers import Integral

import numpy as np

from ..io import load_audio

__all__ = ["to_samples", "fix_frames", "read_waveform"]


def to_samples(value, sr):
    """Convert a window/hop given as int samples or float seconds to samples."""
    if value is None:
        return None
    if isinstance(value, Integral | np.integer):
        return int(value)
    return max(1, int(round(float(value) * sr)))


def fix_frames(F, n_frames, align="start", pad_value=0.0):
    """Crop or pad a ``(t, n_bins)`` frame matrix to exactly ``n_frames`` rows.

    ``align="start"`` keeps the first frames and pads at the end;
    ``align="center"`` keeps the middle frames and pads equally on both sides
    (the extra frame, if any, goes to the end).
    """
    t = F.shape[0]
    if t == n_frames:
        return F
    if t > n_frames:
        start = 0 if align == "start" else (t - n_frames) // 2
        return F[start:start + n_frames]
    out = np.full((n_frames,) + F.shape[1:], pad_value, dtype=F.dtype)
    start = 0 if align == "start" else (n_frames - t) // 2
    out[start:start + t] = F
    return out


def read_waveform(item, sr):
    """A path read at ``sr`` Hz (:func:`skser.io.load_audio`), or the waveform itself."""
    return load_audio(item, sr=sr) if isinstance(item, str) else item
