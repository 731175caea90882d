"""The Issa et al. (2020) 193-vector, computed with one STFT per file.

:class:`SpectralMeans` validates its parameters and input here; the signal
processing (:func:`spectral_blocks`, :func:`tonnetz_cqt`, the cached filter
banks and constant-Q bases) lives in :mod:`skser._dsp`, which the joblib
workers import without scikit-learn.
"""

import numpy as np
from sklearn.utils._param_validation import StrOptions

# _chroma_basis / _cqt_plan: per-process caches that benchmarks/features.py clears
from .._dsp import (  # noqa: F401
    SPECTRAL_MEANS_BLOCKS,
    _chroma_basis,
    _cqt_plan,
    spectral_blocks,
    tonnetz_cqt,
)
from ._base import AudioFeatureMixin

__all__ = ["SpectralMeans", "spectral_blocks", "SPECTRAL_MEANS_BLOCKS"]


class SpectralMeans(AudioFeatureMixin):
    """The 193 utterance-level spectral means of Issa et al. (2020), seed 004.

    Means over frames of 40 MFCC, 128 mel power bands, 12 STFT chroma bins,
    7 spectral-contrast bands and 6 tonnetz dimensions, in that order [1]_,
    each as computed by ``librosa.feature`` with its defaults at 22 050 Hz
    (2048-point Hann STFT, hop 512, centred frames) [2]_. The STFT is computed
    once per file; filter banks and the constant-Q filter bases are cached per
    process; tonnetz uses librosa's default CQT chroma unless ``tonnetz="stft"``.

    Parameters
    ----------
    sr : int, default=22050
        Sampling rate in Hz, librosa's default as used by [1]_; files are
        resampled to it (soxr HQ, as :func:`librosa.load`).
    tonnetz : {"cqt", "stft"}, default="cqt"
        ``"cqt"``: tonnetz of :func:`librosa.feature.chroma_cqt` (librosa's and the
        paper's definition). ``"stft"``: tonnetz of the STFT chroma already
        computed, about 2x faster overall but a different feature.
    n_jobs : int or None, default=None
        Number of joblib workers over batches of files; ``None`` means 1.
    verbose : bool or int, default=False
        Show a tqdm progress bar over recordings.
    memory : None, str, path-like or joblib.Memory, default=None
        Per-file cache keyed on the parameters, path, size and modification time.

    Attributes
    ----------
    n_features_in_ : int
        Waveform length, recorded by ``fit`` only when ``X`` is a 2-D array.

    See Also
    --------
    FeatureImage : the same five features as a stacked frame image (seed 002).

    Notes
    -----
    Output shape ``(n_samples, 193)``, dtype float32; columns named
    ``mfcc0_mean`` ... ``mfcc39_mean``, ``mel0_mean`` ... ``mel127_mean``,
    ``chroma0_mean`` (C) ... ``chroma11_mean`` (B), ``contrast0_mean`` ...
    ``contrast6_mean``, ``tonnetz0_mean`` ... ``tonnetz5_mean``. MFCCs come
    from the dB mel spectrum (``ref=1``, 80 dB range); mel means are power.
    Clips shorter than a few CQT filter lengths are zero-padded by librosa.

    Speed (``benchmarks/features.py``, all 535 EMO-DB files, one core, 2-core
    shared x86_64 machine): 139.5 audio seconds per CPU second against 26.0 for
    the naive recipe (``librosa.load`` + five ``librosa.feature`` calls), 5.4x;
    largest relative difference to it 6.8e-7.

    References
    ----------
    .. [1] Issa, D., Demirci, M. F., Yazici, A. (2020). Speech emotion
       recognition with deep convolutional neural networks. Biomedical Signal
       Processing and Control 59, 101894.
    .. [2] McFee, B. et al. (2015). librosa: Audio and music signal analysis in
       Python. Proc. 14th Python in Science Conference.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.features import SpectralMeans
    >>> tone = np.sin(2 * np.pi * 440 * np.arange(22050) / 22050).astype("float32")
    >>> SpectralMeans().fit_transform([tone]).shape
    (1, 193)
    """

    _kernel = "spectral_means"

    _parameter_constraints = {
        **AudioFeatureMixin._base_constraints,
        "tonnetz": [StrOptions({"cqt", "stft"})],
    }

    def __init__(self, *, sr=22050, tonnetz="cqt", n_jobs=None, verbose=False, memory=None):
        self.sr = sr
        self.tonnetz = tonnetz
        self.n_jobs = n_jobs
        self.verbose = verbose
        self.memory = memory

    def get_feature_names_out(self, input_features=None):
        """Names of the 193 output columns.

        Parameters
        ----------
        input_features : None
            Ignored (the input is audio, not named features).

        Returns
        -------
        feature_names_out : ndarray of str, shape (193,)
            ``mfcc0_mean`` ... ``tonnetz5_mean``.
        """
        return np.asarray([f"{name}{i}_mean" for name, size in SPECTRAL_MEANS_BLOCKS
                           for i in range(size)], dtype=object)
