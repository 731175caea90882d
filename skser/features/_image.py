"""The stacked feature image of Nathaniel538's 2-D CNN.

Computed by :func:`skser.features._kernels.feature_image`.
"""

from sklearn.utils._param_validation import StrOptions

from .._utils._docstring import Substitution
from ._base import FRAME_CONSTRAINTS, SHARED_DOCS, AudioFeatureMixin

__all__ = ["FeatureImage"]


@Substitution(**SHARED_DOCS)
class FeatureImage(AudioFeatureMixin):
    """Chroma, mel, MFCC, contrast and tonnetz stacked into one image (Nathaniel538's 2-D CNN).

    The five frame-level matrices of :class:`SpectralMeans` (librosa defaults at
    22 050 Hz: 2048-point Hann STFT, hop 512; one shared STFT), stacked along
    the frequency axis in the order of Nathaniel538's 2-D CNN [1]_: 12 chroma_stft rows,
    128 mel rows, 40 MFCC rows, 7 contrast rows, 6 tonnetz rows (193 in all),
    cropped or padded to ``n_frames`` columns, with a trailing channel axis for
    a 2-D CNN.

    Parameters
    ----------
    sr : int, default=22050
        Sampling rate in Hz (librosa's default, as in [1]_).
    mel : {"db", "power"}, default="db"
        Mel rows as power (librosa's ``melspectrogram``) or in dB
        (``power_to_db``, ``ref=1``, 80 dB range) so that they share a scale with
        the MFCC and contrast rows. [1]_ does not publish its choice.
    tonnetz : {"cqt", "stft"}, default="cqt"
        Chroma behind the tonnetz rows (see :class:`SpectralMeans`).
    n_frames : int, default=130
        Columns per image (about 3 s at 22 050 Hz, hop 512); [1]_'s exact
        image size is not published.
    %(frame_params)s
    %(runtime_params)s

    Notes
    -----
    Output shape ``(n_samples, 193, n_frames, 1)``, dtype float32; rows 0-11
    chroma, 12-139 mel, 140-179 MFCC, 180-186 contrast, 187-192 tonnetz.

    References
    ----------
    .. [1] "Speech Emotion Recognition Using 2D CNN" (Nathaniel538,
       SER-using-2D-CNN, GitHub), 80.99 % test accuracy on RAVDESS + CREMA-D +
       TESS + SAVEE.
    """

    _kernel = "feature_image"

    _parameter_constraints = {
        **AudioFeatureMixin._base_constraints,
        **FRAME_CONSTRAINTS,
        "mel": [StrOptions({"db", "power"})],
        "tonnetz": [StrOptions({"cqt", "stft"})],
    }

    def __init__(self, *, sr=22050, mel="db", tonnetz="cqt", n_frames=130, align="start",
                 pad_value=0.0, n_jobs=None, verbose=False, memory=None):
        self.sr = sr
        self.mel = mel
        self.tonnetz = tonnetz
        self.n_frames = n_frames
        self.align = align
        self.pad_value = pad_value
        self.n_jobs = n_jobs
        self.verbose = verbose
        self.memory = memory

    #: Row range ``(start, stop)`` of each block in the image.
    BLOCK_ROWS = {"chroma": (0, 12), "mel": (12, 140), "mfcc": (140, 180),
                  "contrast": (180, 187), "tonnetz": (187, 193)}
