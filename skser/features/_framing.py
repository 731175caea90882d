"""Reading one item and shaping frame matrices: helpers of every kernel.

Also the rule for *degenerate* recordings (:func:`read_checked`): digital silence or a
constant signal (peak-to-peak amplitude below :data:`SILENCE_PTP`), or fewer samples
than one analysis window of the extractor. Their features would be made up (the dB
floor, a zero spectrum), so the kernels raise :class:`Degenerate` and the workers
return a NaN row instead.

Light on purpose (numpy and :mod:`skser.io` only): the joblib workers import it.
"""

from numbers import Integral

import numpy as np

from ..io import _read_native, _resample

__all__ = ["to_samples", "fix_frames", "read_checked", "check_length", "Degenerate",
           "SILENCE_PTP", "N_FFT", "HOP"]

#: STFT size and hop (samples) of librosa's defaults (``librosa.stft``), used by the
#: 193-vector's blocks and the tuning estimate behind its chroma and tonnetz.
N_FFT = 2048
HOP = 512

#: Peak-to-peak amplitude (full scale = 1) below which a recording counts as digital
#: silence or constant: a third of one 16-bit step, so any 16-bit signal that moves by
#: one step is not degenerate.
SILENCE_PTP = 1e-5


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


class Degenerate(Exception):
    """Raised by a kernel for a degenerate recording: its features are a NaN array.

    ``reason`` says why (silence, constant, too short), ``shape`` is the shape
    of the features the kernel would have returned.
    """

    def __init__(self, reason, shape):
        super().__init__(reason)
        self.reason = reason
        self.shape = tuple(shape)

    def __reduce__(self):
        return (type(self), (self.reason, self.shape))


def _check_amplitude(y, shape):
    if y.size == 0:
        return
    ptp = float(np.max(y)) - float(np.min(y))
    if ptp < SILENCE_PTP:
        what = "digital silence" if not np.any(y) else "constant signal"
        raise Degenerate(f"{what} (peak-to-peak amplitude {ptp:.3g} < {SILENCE_PTP:g} "
                         "of full scale)", shape)


def read_checked(item, sr, window, shape):
    """The item's waveform at ``sr`` Hz, or :class:`Degenerate` if the rule says so.

    A file's amplitude is checked on its own samples (mono mix) before resampling,
    whose filter would ripple at the edges of a constant signal; its length, and
    a waveform's, at ``sr`` Hz against ``window`` samples, the extractor's longest
    analysis frame.
    """
    if isinstance(item, str):
        data, native_sr = _read_native(item, mono=True)
        data = data.mean(axis=1, keepdims=True, dtype=np.float32)
        _check_amplitude(data, shape)
        y = np.ascontiguousarray(_resample(data, native_sr, sr)[:, 0], dtype=np.float32)
    else:
        y = item
        _check_amplitude(y, shape)
    check_length(y, sr, window, shape)
    return y


def check_length(y, sr, window, shape):
    """Raise :class:`Degenerate` if ``y`` has fewer than ``window`` samples."""
    if y.size < window:
        raise Degenerate(
            f"{y.size} samples ({1000 * y.size / sr:.1f} ms at {sr} Hz), shorter than one "
            f"analysis window ({window} samples)", shape)
