"""The Issa et al. (2020) 193-vector, computed with one STFT per file.

:class:`SpectralMeans` validates its parameters and input here; the signal
processing (:func:`~skser.features._kernels.spectral_blocks`, the cached filter
banks, and the constant-Q bases of :mod:`skser.features._cqt`) lives in private
modules that the joblib workers import without scikit-learn.
"""

import numpy as np
from sklearn.utils._param_validation import StrOptions

from .._utils._docstring import Substitution
from ._base import SHARED_DOCS, AudioFeatureMixin
from ._kernels import SPECTRAL_MEANS_BLOCKS, spectral_blocks

__all__ = ["SpectralMeans", "spectral_blocks", "SPECTRAL_MEANS_BLOCKS"]


@Substitution(**SHARED_DOCS)
class SpectralMeans(AudioFeatureMixin):
    """The 193 utterance-level spectral means of Issa et al. (2020).

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
        computed, faster but a different feature.
    %(runtime_params)s

    Attributes
    ----------
    n_features_in_ : int
        Waveform length, recorded by ``fit`` only when ``X`` is a 2-D array.

    See Also
    --------
    FeatureImage : the same five features as a stacked frame image.

    Notes
    -----
    Output shape ``(n_samples, 193)``, dtype float32; columns named
    ``mfcc0_mean`` ... ``mfcc39_mean``, ``mel0_mean`` ... ``mel127_mean``,
    ``chroma0_mean`` (C) ... ``chroma11_mean`` (B), ``contrast0_mean`` ...
    ``contrast6_mean``, ``tonnetz0_mean`` ... ``tonnetz5_mean``. MFCCs come
    from the dB mel spectrum (``ref=1``, 80 dB range); mel means are power.
    Clips shorter than a few CQT filter lengths are zero-padded by librosa.

    Every column equals the naive recipe (:func:`librosa.load` at 22 050 Hz, then
    the five ``librosa.feature`` calls, means over frames) to float rounding;
    its speed against that recipe is in ``docs/benchmarks.md``
    (``benchmarks/features.py``).

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
