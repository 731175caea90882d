"""openSMILE features (optional ``opensmile`` package)."""

import importlib.util
from functools import lru_cache

import numpy as np
from sklearn.utils._param_validation import StrOptions

from .._utils._docstring import Substitution
from ._base import (
    FRAME_CONSTRAINTS,
    SHARED_DOCS,
    AudioFeatureMixin,
    is_tensorflow_loaded,
    worker_executor,
)
from ._opensmile_engine import OPENSMILE_LEVELS, opensmile_names

__all__ = ["OpenSmile"]

FEATURE_SETS = ("ComParE_2016", "GeMAPSv01b", "eGeMAPSv01b", "eGeMAPSv02", "emobase")
_INSTALL = ('OpenSmile needs the optional "opensmile" package: '
            'pip install "skser[opensmile]"')


@lru_cache(maxsize=32)
def _feature_names(feature_set, feature_level):
    if is_tensorflow_loaded():  # never touch openSMILE in a process with TensorFlow
        return tuple(worker_executor().submit(
            opensmile_names, feature_set, feature_level).result())
    return tuple(opensmile_names(feature_set, feature_level))


@Substitution(**SHARED_DOCS)
class OpenSmile(AudioFeatureMixin):
    """openSMILE acoustic features via the ``opensmile`` package.

    Wraps :class:`opensmile.Smile` [1]_: utterance-level functionals (e.g. the
    88 eGeMAPS parameters [2]_, the 6373 ComParE 2016 ones) or frame-level
    low-level descriptors (LLDs), the input of Kaplan, Strohm and Tasci's 1-D CNN
    (:class:`~skser.models.LLDCNN`).

    Parameters
    ----------
    feature_set : {"eGeMAPSv02", "ComParE_2016", "GeMAPSv01b", "eGeMAPSv01b", \
"emobase"}, default="eGeMAPSv02"
        openSMILE configuration.
    feature_level : {"functionals", "lld", "lld_deltas"}, default="functionals"
        ``"functionals"``: one vector per recording; ``"lld"`` / ``"lld_deltas"``:
        one vector per 10 ms frame (deltas only exist for ComParE_2016 and emobase).
    sr : int, default=16000
        Sampling rate in Hz handed to openSMILE; files are resampled to it.
    n_frames : int, default=750
        LLD levels only: frames per output row (7.5 s at openSMILE's 10 ms hop);
        longer recordings cropped, shorter padded with ``pad_value``.
    align : {"start", "center"}, default="start"
        LLD levels only: which frames are kept / where padding goes.
    pad_value : float, default=0.0
        LLD levels only: value of padded frames.
    %(runtime_params)s

    Raises
    ------
    ImportError
        In ``fit``/``transform`` if the ``opensmile`` package is not installed.

    Notes
    -----
    Output: functionals ``(n_samples, n_features)`` float32 with
    ``get_feature_names_out`` (openSMILE's names); LLDs
    ``(n_samples, n_frames, n_lld)`` float32. Clips shorter than openSMILE's
    60 ms frame, silent or constant ones, and any for which openSMILE returns NaN
    give NaN (a :class:`~skser.exceptions.DegenerateAudioWarning` names them),
    never zeros. openSMILE crashes
    (``malloc(): invalid size``) when TensorFlow was imported into the same
    process first; so when ``"tensorflow"`` is in :data:`sys.modules`,
    extraction (and the lookup of feature names) runs in a joblib loky worker
    process even with ``n_jobs=1``.

    References
    ----------
    .. [1] Eyben, F., Wöllmer, M., Schuller, B. (2010). openSMILE: the Munich
       versatile and fast open-source audio feature extractor. Proc. ACM MM.
    .. [2] Eyben, F. et al. (2016). The Geneva Minimalistic Acoustic Parameter
       Set (GeMAPS) for voice research and affective computing. IEEE Trans.
       Affective Computing 7(2), 190-202.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.features import OpenSmile
    >>> tone = np.sin(2 * np.pi * 220 * np.arange(16000) / 16000).astype("float32")
    >>> OpenSmile().fit_transform([tone]).shape  # doctest: +SKIP
    (1, 88)
    """

    _kernel = "opensmile_features"

    _parameter_constraints = {
        **AudioFeatureMixin._base_constraints,
        **FRAME_CONSTRAINTS,
        "feature_set": [StrOptions(set(FEATURE_SETS))],
        "feature_level": [StrOptions(set(OPENSMILE_LEVELS))],
    }

    def __init__(self, *, feature_set="eGeMAPSv02", feature_level="functionals", sr=16000,
                 n_frames=750, align="start", pad_value=0.0, n_jobs=None, verbose=False,
                 memory=None):
        self.feature_set = feature_set
        self.feature_level = feature_level
        self.sr = sr
        self.n_frames = n_frames
        self.align = align
        self.pad_value = pad_value
        self.n_jobs = n_jobs
        self.verbose = verbose
        self.memory = memory

    def _check_ready(self):
        if importlib.util.find_spec("opensmile") is None:
            raise ImportError(_INSTALL)

    def _run_in_subprocess(self):
        return is_tensorflow_loaded()

    def get_feature_names_out(self, input_features=None):
        """openSMILE's feature names (functionals) or LLD names (LLD levels).

        Parameters
        ----------
        input_features : None
            Ignored.

        Returns
        -------
        feature_names_out : ndarray of str
            One name per output column (functionals) or per LLD (last axis).
        """
        self._validate_params()
        self._check_ready()
        return np.asarray(_feature_names(self.feature_set, self.feature_level), dtype=object)


