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

    Frame-level librosa features at 22 050 Hz (2048-point Hann STFT, hop 512;
    one shared STFT), stacked along the frequency axis, with a trailing channel
    axis for a 2-D CNN. Two layouts:

    ``"full"``
        The five matrices of :class:`SpectralMeans`: 12 chroma_stft rows, 128 mel
        rows, 40 MFCC rows, 7 contrast rows, 6 tonnetz rows (193 in all).
    ``"original"``
        The image of the 2-D CNN's own feature code [1]_ (106 rows, the input
        height of its published model summary): 31 means of 4 adjacent mel bands
        (bands 0-123 of 128), 12 chroma_stft rows, 50 second-order deltas of 50
        MFCCs (``librosa.feature.delta(order=2)``), 7 contrast rows, and 6 tonnetz
        rows computed on the harmonic part (``librosa.effects.harmonic``).

    Parameters
    ----------
    sr : int, default=22050
        Sampling rate in Hz (librosa's default, as in [1]_).
    layout : {"full", "original"}, default="full"
        Rows of the image (above).
    mel : {"db", "power"}, default="db"
        Mel rows as power (librosa's ``melspectrogram``, what [1]_'s code stacks)
        or in dB (``power_to_db``, ``ref=1``, 80 dB range) so that they share a
        scale with the MFCC and contrast rows.
    tonnetz : {"cqt", "stft"}, default="cqt"
        Chroma behind the tonnetz rows (see :class:`SpectralMeans`).
    n_frames : int, default=130
        Columns per image (130: about 3 s at 22 050 Hz, hop 512; [1]_'s code
        makes 160).
    time_axis : {"crop", "resize"}, default="crop"
        ``"crop"``: the frames as computed, cropped or padded to ``n_frames``
        (``align``, ``pad_value``); ``"resize"``: the whole recording linearly
        resampled to ``n_frames`` columns (half-pixel centres, as OpenCV's
        ``resize`` that [1]_'s code applies), so every image spans its whole
        recording and a frame's duration varies with the recording's.
    %(frame_params)s
    %(runtime_params)s

    Notes
    -----
    Output shape ``(n_samples, n_rows, n_frames, 1)``, dtype float32; ``n_rows``
    193 (``"full"``) or 106 (``"original"``); :attr:`BLOCK_ROWS` and
    :attr:`ORIGINAL_BLOCK_ROWS` give the row range of each block.

    References
    ----------
    .. [1] "Speech Emotion Recognition Using 2D CNN" (Nathaniel538,
       SER-using-2D-CNN, GitHub; ``lib/util_for_2d_features.py``), 80.99 % test
       accuracy on RAVDESS + CREMA-D + TESS + SAVEE.
    """

    _kernel = "feature_image"

    _parameter_constraints = {
        **AudioFeatureMixin._base_constraints,
        **FRAME_CONSTRAINTS,
        "layout": [StrOptions({"full", "original"})],
        "time_axis": [StrOptions({"crop", "resize"})],
        "mel": [StrOptions({"db", "power"})],
        "tonnetz": [StrOptions({"cqt", "stft"})],
    }

    def __init__(self, *, sr=22050, layout="full", mel="db", tonnetz="cqt", n_frames=130,
                 time_axis="crop", align="start", pad_value=0.0, n_jobs=None, verbose=False,
                 memory=None):
        self.sr = sr
        self.layout = layout
        self.mel = mel
        self.tonnetz = tonnetz
        self.n_frames = n_frames
        self.time_axis = time_axis
        self.align = align
        self.pad_value = pad_value
        self.n_jobs = n_jobs
        self.verbose = verbose
        self.memory = memory

    #: Row range ``(start, stop)`` of each block in the image.
    BLOCK_ROWS = {"chroma": (0, 12), "mel": (12, 140), "mfcc": (140, 180),
                  "contrast": (180, 187), "tonnetz": (187, 193)}
    #: The same for ``layout="original"``.
    ORIGINAL_BLOCK_ROWS = {"mel": (0, 31), "chroma": (31, 43), "mfcc": (43, 93),
                           "contrast": (93, 100), "tonnetz": (100, 106)}
