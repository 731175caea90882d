"""Frame-level spectral features: LogMel, MFCC, Chroma, SpectralContrast, Tonnetz.

Each transformer returns ``(n_samples, n_frames, n_bins)`` float32: librosa's
``(n_bins, t)`` matrix transposed (frames first, for Keras), then cropped or
padded to a fixed ``n_frames``. The computation is in
:mod:`skser.features._kernels` (``logmel_frames``, ``mfcc_frames``, ...), which the
joblib workers import without this module.
"""

from numbers import Integral, Real

from sklearn.utils._param_validation import Interval, StrOptions

from .._utils._docstring import Substitution
from ._base import FRAME_CONSTRAINTS, LENGTH_CONSTRAINT, SHARED_DOCS, AudioFeatureMixin

__all__ = ["LogMel", "MFCC", "Chroma", "SpectralContrast", "Tonnetz"]

_STFT_CONSTRAINTS = {
    "n_fft": [Interval(Integral, 1, None, closed="left"), None],
    "win_length": [*LENGTH_CONSTRAINT, None],
    "hop_length": LENGTH_CONSTRAINT,
}


@Substitution(**SHARED_DOCS)
class LogMel(AudioFeatureMixin):
    """Log mel spectrogram of each recording, frames first.

    Hann-windowed STFT magnitudes raised to ``power``, summed into ``n_mels``
    Slaney-normalised mel bands [1]_ (:func:`librosa.feature.melspectrogram`),
    then compressed in dB (:func:`librosa.power_to_db`, relative to the
    loudest bin of each clip) or as ``log(S + log_offset)``. Defaults follow
    the Parallel CNN for SER [2]_ (:class:`~skser.models.ParallelCNN`): 16 kHz,
    26 bands, 25 ms Hann window, 10 ms hop, 750 frames (7.5 s).

    Parameters
    ----------
    sr : int, default=16000
        Sampling rate in Hz: files are resampled to it; bare waveforms must already be at it.
    n_mels : int, default=26
        Number of mel bands between ``fmin`` and ``fmax``.
    n_fft : int or None, default=None
        FFT size in samples; ``None`` uses the next power of two >= the window
        (512 for 25 ms at 16 kHz).
    win_length : int or float, default=0.025
        Window length: an int is samples, a float is seconds (25 ms = 400 samples at 16 kHz).
    hop_length : int or float, default=0.010
        Hop between frame starts: an int is samples, a float is seconds (10 ms = 160 samples).
    fmin : float, default=0.0
        Lowest mel band edge in Hz.
    fmax : float or None, default=None
        Highest mel band edge in Hz; ``None`` means ``sr / 2``.
    power : float, default=2.0
        Exponent of the magnitude (2 = power, 1 = magnitude).
    log : {"db", "log"}, default="db"
        ``"db"``: ``10 log10`` of the power relative to the clip's maximum, floored at
        ``-top_db``; ``"log"``: natural ``log(S + log_offset)``.
    log_offset : float, default=1e-6
        Offset added before the natural log (``log="log"`` only).
    top_db : float or None, default=80.0
        Dynamic range kept in dB (``log="db"`` only); ``None`` keeps all.
    n_frames : int, default=750
        Frames per output row (7.5 s at a 10 ms hop). Longer
        recordings are cropped, shorter ones padded with ``pad_value``.
    %(frame_params)s
    %(runtime_params)s

    Attributes
    ----------
    n_features_in_ : int
        Waveform length, recorded by ``fit`` only when ``X`` is a 2-D array.

    See Also
    --------
    MFCC : cepstral coefficients of the same log mel spectrum.
    StatsPooling : turn the frames into utterance-level statistics.

    Notes
    -----
    Frames are centred (``center=True``, zero padding), so a clip of ``L``
    samples gives ``1 + L // hop_length`` frames before cropping/padding.
    Output shape ``(n_samples, n_frames, n_mels)``, dtype float32.

    References
    ----------
    .. [1] Slaney, M. (1998). Auditory Toolbox, version 2. Interval Research
       Corporation, Tech. Rep. 1998-010.
    .. [2] "A Parallel CNN for SER", deep-learning master-course system trained on
       IEMOCAP log-mel features, Keras implementation ``parallel-CNN.py``.
       librosa: McFee et al. (2015), librosa: audio and music signal analysis in
       Python, Proc. SciPy.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.features import LogMel
    >>> tone = np.sin(2 * np.pi * 440 * np.arange(16000) / 16000)  # 1 s at 440 Hz
    >>> LogMel().fit_transform([tone]).shape
    (1, 750, 26)
    """

    _kernel = "logmel_frames"

    _parameter_constraints = {
        **AudioFeatureMixin._base_constraints,
        **_STFT_CONSTRAINTS,
        **FRAME_CONSTRAINTS,
        "n_mels": [Interval(Integral, 1, None, closed="left")],
        "fmin": [Interval(Real, 0, None, closed="left")],
        "fmax": [Interval(Real, 0, None, closed="neither"), None],
        "power": [Interval(Real, 0, None, closed="neither")],
        "log": [StrOptions({"db", "log"})],
        "log_offset": [Interval(Real, 0, None, closed="neither")],
        "top_db": [Interval(Real, 0, None, closed="left"), None],
    }

    def __init__(self, *, sr=16000, n_mels=26, n_fft=None, win_length=0.025,
                 hop_length=0.010, fmin=0.0, fmax=None, power=2.0, log="db",
                 log_offset=1e-6, top_db=80.0, n_frames=750, align="start",
                 pad_value=0.0, n_jobs=None, verbose=False, memory=None):
        self.sr = sr
        self.n_mels = n_mels
        self.n_fft = n_fft
        self.win_length = win_length
        self.hop_length = hop_length
        self.fmin = fmin
        self.fmax = fmax
        self.power = power
        self.log = log
        self.log_offset = log_offset
        self.top_db = top_db
        self.n_frames = n_frames
        self.align = align
        self.pad_value = pad_value
        self.n_jobs = n_jobs
        self.verbose = verbose
        self.memory = memory


@Substitution(**SHARED_DOCS)
class MFCC(AudioFeatureMixin):
    """Mel-frequency cepstral coefficients of each recording, frames first.

    Type-II orthonormal DCT of the dB mel power spectrum, as
    :func:`librosa.feature.mfcc` [1]_ (``power_to_db`` with ``ref=1``,
    ``top_db=80``).

    Parameters
    ----------
    sr : int, default=16000
        Sampling rate in Hz: files are resampled to it; bare waveforms must already be at it.
    n_mfcc : int, default=13
        Number of coefficients kept (c0 included), the common speech choice.
    n_mels : int, default=40
        Mel bands before the DCT.
    n_fft : int or None, default=None
        FFT size in samples; ``None`` uses the next power of two >= the window.
    win_length : int or float, default=0.025
        Window length: int samples or float seconds.
    hop_length : int or float, default=0.010
        Hop: int samples or float seconds.
    fmin : float, default=0.0
        Lowest mel band edge in Hz.
    fmax : float or None, default=None
        Highest mel band edge in Hz; ``None`` means ``sr / 2``.
    n_frames : int, default=750
        Frames per output row (7.5 s at a 10 ms hop). Longer
        recordings are cropped, shorter ones padded with ``pad_value``.
    %(frame_params)s
    %(runtime_params)s

    Notes
    -----
    Output shape ``(n_samples, n_frames, n_mfcc)``, dtype float32.

    References
    ----------
    .. [1] Davis, S., Mermelstein, P. (1980). Comparison of parametric
       representations for monosyllabic word recognition in continuously spoken
       sentences. IEEE Trans. ASSP 28(4), 357-366.
    """

    _kernel = "mfcc_frames"

    _parameter_constraints = {
        **AudioFeatureMixin._base_constraints,
        **_STFT_CONSTRAINTS,
        **FRAME_CONSTRAINTS,
        "n_mfcc": [Interval(Integral, 1, None, closed="left")],
        "n_mels": [Interval(Integral, 1, None, closed="left")],
        "fmin": [Interval(Real, 0, None, closed="left")],
        "fmax": [Interval(Real, 0, None, closed="neither"), None],
    }

    def __init__(self, *, sr=16000, n_mfcc=13, n_mels=40, n_fft=None, win_length=0.025,
                 hop_length=0.010, fmin=0.0, fmax=None, n_frames=750, align="start",
                 pad_value=0.0, n_jobs=None, verbose=False, memory=None):
        self.sr = sr
        self.n_mfcc = n_mfcc
        self.n_mels = n_mels
        self.n_fft = n_fft
        self.win_length = win_length
        self.hop_length = hop_length
        self.fmin = fmin
        self.fmax = fmax
        self.n_frames = n_frames
        self.align = align
        self.pad_value = pad_value
        self.n_jobs = n_jobs
        self.verbose = verbose
        self.memory = memory


@Substitution(**SHARED_DOCS)
class Chroma(AudioFeatureMixin):
    """Chromagram from the power STFT (:func:`librosa.feature.chroma_stft`), frames first.

    Energy folded into ``n_chroma`` pitch classes (C, C#, ..., B), each frame
    scaled to a maximum of 1 [1]_. Defaults are librosa's (22 050 Hz, 2048-point
    FFT, 512-sample hop), as used by Issa et al. (2020) and Nathaniel538's 2-D CNN.

    Parameters
    ----------
    sr : int, default=22050
        Sampling rate in Hz.
    n_fft : int or None, default=2048
        FFT size in samples; ``None`` uses the next power of two >= the window.
    win_length : int, float or None, default=None
        Window length (int samples, float seconds); ``None`` means ``n_fft``.
    hop_length : int or float, default=512
        Hop: int samples or float seconds.
    n_chroma : int, default=12
        Number of pitch classes.
    tuning : float or None, default=None
        Deviation from A440 in fractions of a chroma bin; ``None`` estimates it per
        recording (:func:`librosa.estimate_tuning`), as librosa does.
    n_frames : int, default=130
        Frames per output row (about 3 s at 22 050 Hz, hop 512). Longer
        recordings are cropped, shorter ones padded with ``pad_value``.
    %(frame_params)s
    %(runtime_params)s

    Notes
    -----
    Output shape ``(n_samples, n_frames, n_chroma)``, dtype float32, values in [0, 1].
    Bin 9 is A (bin 0 is C).

    References
    ----------
    .. [1] Ellis, D. (2007). Chroma feature analysis and synthesis.
       https://www.ee.columbia.edu/~dpwe/resources/matlab/chroma-ansyn/
    """

    _kernel = "chroma_frames"

    _parameter_constraints = {
        **AudioFeatureMixin._base_constraints,
        **_STFT_CONSTRAINTS,
        **FRAME_CONSTRAINTS,
        "n_chroma": [Interval(Integral, 1, None, closed="left")],
        "tuning": [Interval(Real, -0.5, 0.5, closed="left"), None],
    }

    def __init__(self, *, sr=22050, n_fft=2048, win_length=None, hop_length=512,
                 n_chroma=12, tuning=None, n_frames=130, align="start", pad_value=0.0,
                 n_jobs=None, verbose=False, memory=None):
        self.sr = sr
        self.n_fft = n_fft
        self.win_length = win_length
        self.hop_length = hop_length
        self.n_chroma = n_chroma
        self.tuning = tuning
        self.n_frames = n_frames
        self.align = align
        self.pad_value = pad_value
        self.n_jobs = n_jobs
        self.verbose = verbose
        self.memory = memory


@Substitution(**SHARED_DOCS)
class SpectralContrast(AudioFeatureMixin):
    """Octave-band spectral contrast (:func:`librosa.feature.spectral_contrast`), frames first.

    Per band, the dB difference between spectral peaks and valleys (top and
    bottom ``quantile`` of the magnitudes) [1]_; ``n_bands + 1`` rows.

    Parameters
    ----------
    sr : int, default=22050
        Sampling rate in Hz.
    n_fft : int or None, default=2048
        FFT size in samples.
    win_length : int, float or None, default=None
        Window length (int samples, float seconds); ``None`` means ``n_fft``.
    hop_length : int or float, default=512
        Hop: int samples or float seconds.
    fmin : float, default=200.0
        Upper edge of the lowest band in Hz; bands double from there.
    n_bands : int, default=6
        Number of octave bands above the first.
    quantile : float, default=0.02
        Fraction of bins defining peaks and valleys.
    n_frames : int, default=130
        Frames per output row (about 3 s at 22 050 Hz, hop 512). Longer
        recordings are cropped, shorter ones padded with ``pad_value``.
    %(frame_params)s
    %(runtime_params)s

    Notes
    -----
    Output shape ``(n_samples, n_frames, n_bands + 1)``, dtype float32, in dB.

    References
    ----------
    .. [1] Jiang, D.-N., Lu, L., Zhang, H.-J., Tao, J.-H., Cai, L.-H. (2002).
       Music type classification by spectral contrast feature. Proc. ICME.
    """

    _kernel = "contrast_frames"

    _parameter_constraints = {
        **AudioFeatureMixin._base_constraints,
        **_STFT_CONSTRAINTS,
        **FRAME_CONSTRAINTS,
        "fmin": [Interval(Real, 0, None, closed="neither")],
        "n_bands": [Interval(Integral, 1, None, closed="left")],
        "quantile": [Interval(Real, 0, 1, closed="neither")],
    }

    def __init__(self, *, sr=22050, n_fft=2048, win_length=None, hop_length=512,
                 fmin=200.0, n_bands=6, quantile=0.02, n_frames=130, align="start",
                 pad_value=0.0, n_jobs=None, verbose=False, memory=None):
        self.sr = sr
        self.n_fft = n_fft
        self.win_length = win_length
        self.hop_length = hop_length
        self.fmin = fmin
        self.n_bands = n_bands
        self.quantile = quantile
        self.n_frames = n_frames
        self.align = align
        self.pad_value = pad_value
        self.n_jobs = n_jobs
        self.verbose = verbose
        self.memory = memory


@Substitution(**SHARED_DOCS)
class Tonnetz(AudioFeatureMixin):
    """Tonal centroid features (:func:`librosa.feature.tonnetz`), frames first.

    The chroma vector projected onto fifths, minor thirds and major thirds
    (6 rows) [1]_. As in librosa, the chroma comes from a constant-Q transform
    (:func:`librosa.feature.chroma_cqt`, 36 bins per octave, 7 octaves from C1,
    tuning estimated per recording). The CQT filter bases are cached per tuning
    value, so repeated calls skip their construction; the result equals librosa's
    own call to float rounding.

    Parameters
    ----------
    sr : int, default=22050
        Sampling rate in Hz.
    hop_length : int, default=512
        Hop in samples; must be divisible by ``2**6`` for the 7-octave CQT.
    n_frames : int, default=130
        Frames per output row (about 3 s at 22 050 Hz, hop 512). Longer
        recordings are cropped, shorter ones padded with ``pad_value``.
    %(frame_params)s
    %(runtime_params)s

    Notes
    -----
    Output shape ``(n_samples, n_frames, 6)``, dtype float32.

    References
    ----------
    .. [1] Harte, C., Sandler, M., Gasser, M. (2006). Detecting harmonic change
       in musical audio. Proc. 1st ACM Workshop on Audio and Music Computing Multimedia.
    """

    _kernel = "tonnetz_frames"

    _parameter_constraints = {
        **AudioFeatureMixin._base_constraints,
        **FRAME_CONSTRAINTS,
        "hop_length": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(self, *, sr=22050, hop_length=512, n_frames=130, align="start",
                 pad_value=0.0, n_jobs=None, verbose=False, memory=None):
        self.sr = sr
        self.hop_length = hop_length
        self.n_frames = n_frames
        self.align = align
        self.pad_value = pad_value
        self.n_jobs = n_jobs
        self.verbose = verbose
        self.memory = memory
