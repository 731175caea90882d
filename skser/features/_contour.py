"""MFCC contour of Speech-Emotion-Analyzer: one value per frame, averaged across coefficients.

Computed by :func:`skser.features._kernels.mfcc_contour`.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.utils._param_validation import Interval

from .._utils._docstring import Substitution
from ._base import SHARED_DOCS, AudioFeatureMixin
from ._kernels import contour_length

__all__ = ["MFCCContour"]


@Substitution(**SHARED_DOCS)
class MFCCContour(AudioFeatureMixin):
    """Mean over coefficients of the MFCCs of a fixed excerpt (Speech-Emotion-Analyzer).

    The excerpt is ``duration`` seconds starting ``offset`` seconds in; its
    ``n_mfcc`` MFCCs (:func:`librosa.feature.mfcc`, 2048-point Hann STFT,
    128 mel bands) are averaged over the coefficient axis, giving one value per
    frame: 216 frames for 2.5 s at 44 100 Hz with a 512-sample hop, the input of
    the 1-D CNN of Speech-Emotion-Analyzer [1]_.

    Parameters
    ----------
    sr : int, default=44100
        Sampling rate in Hz (Speech-Emotion-Analyzer loads at ``22050 * 2``).
    offset : float, default=0.5
        Start of the excerpt in seconds.
    duration : float, default=2.5
        Length of the excerpt in seconds.
    n_mfcc : int, default=13
        Coefficients averaged per frame.
    hop_length : int, default=512
        Hop in samples (librosa's default).
    pad_value : float, default=0.0
        Value of frames past the end of a short clip (Speech-Emotion-Analyzer fills
        them with 0).
    %(runtime_params)s

    Notes
    -----
    Output shape ``(n_samples, n_frames)`` with
    ``n_frames = 1 + round(duration * sr) // hop_length`` (216 by default), dtype
    float32. Files are read from ``offset`` for ``duration`` seconds (soxr
    resampling of that span, like ``librosa.load(offset=, duration=)``);
    waveforms are sliced the same way. A clip whose excerpt is degenerate (it ends
    before ``offset``, less than one 2048-sample window is left, or the excerpt is
    silent or constant) gives a row of NaN and a
    :class:`~skser.exceptions.DegenerateAudioWarning`.

    References
    ----------
    .. [1] M. Puthran, Speech-Emotion-Analyzer (GitHub), as packaged by
       R. Chu, "Speech Emotion Recognition with Convolution Neural Network" (2019).
    """

    _kernel = "mfcc_contour"

    _parameter_constraints = {
        **AudioFeatureMixin._base_constraints,
        "offset": [Interval(Real, 0, None, closed="left")],
        "duration": [Interval(Real, 0, None, closed="neither")],
        "n_mfcc": [Interval(Integral, 1, 128, closed="both")],
        "hop_length": [Interval(Integral, 1, None, closed="left")],
        "pad_value": [Interval(Real, None, None, closed="neither")],
    }

    def __init__(self, *, sr=44100, offset=0.5, duration=2.5, n_mfcc=13, hop_length=512,
                 pad_value=0.0, n_jobs=None, verbose=False, memory=None):
        self.sr = sr
        self.offset = offset
        self.duration = duration
        self.n_mfcc = n_mfcc
        self.hop_length = hop_length
        self.pad_value = pad_value
        self.n_jobs = n_jobs
        self.verbose = verbose
        self.memory = memory

    def _n_frames(self):
        """Frames per output row: ``1 + round(duration * sr) // hop_length``."""
        return contour_length(self.sr, self.duration, self.hop_length)

    def get_feature_names_out(self, input_features=None):
        """Column names ``mfcc_mean_t0`` ... one per frame.

        Parameters
        ----------
        input_features : None
            Ignored.

        Returns
        -------
        feature_names_out : ndarray of str, shape (n_frames,)
        """
        return np.asarray([f"mfcc_mean_t{i}" for i in range(self._n_frames())], dtype=object)
