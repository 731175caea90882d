"""Loading a corpus by name (:func:`load_corpus`), or a folder of class sub-folders."""

import functools
import os

from sklearn.utils._param_validation import validate_params

from ..exceptions import CorpusNotFoundError
from . import CORPORA
from ._base import get_data_home, missing_message
from ._crema_d import load_crema_d
from ._emodb import fetch_emodb
from ._folder import load_audio_folder
from ._iemocap import load_iemocap
from ._ravdess import fetch_ravdess
from ._savee import load_savee
from ._tess import load_tess

__all__ = ["load_corpus"]

_FETCHERS = {
    "emodb": fetch_emodb,
    "ravdess": fetch_ravdess,
    "ravdess-song": functools.partial(fetch_ravdess, vocal_channel="song"),
    "ravdess-both": functools.partial(fetch_ravdess, vocal_channel="both"),
}
_LOADERS = {"tess": load_tess, "savee": load_savee, "crema-d": load_crema_d,
            "iemocap": load_iemocap}
_ALIASES = {name.replace("-", ""): name for name in CORPORA}
_ALIASES["ravdessspeech"] = "ravdess"


def _corpus_name(name):
    key = name.strip().lower().replace("-", "").replace("_", "").replace(" ", "")
    return _ALIASES.get(key)


@validate_params(
    {"name_or_path": [str, os.PathLike], "data_home": [str, os.PathLike, None],
     "download_if_missing": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def load_corpus(name_or_path, *, data_home=None, download_if_missing=False):
    """Load a corpus by name, or a folder of one sub-folder per class.

    Parameters
    ----------
    name_or_path : str or path-like
        ``"emodb"`` (:func:`fetch_emodb`); ``"ravdess"`` (RAVDESS speech, also
        ``"ravdess-speech"``), ``"ravdess-song"`` or ``"ravdess-both"``
        (:func:`fetch_ravdess` with ``vocal_channel="speech"``, ``"song"`` or
        ``"both"``); ``"tess"``, ``"savee"``, ``"crema-d"`` or ``"iemocap"``, read
        from the folder ``<data_home>/<name>`` (:func:`load_tess` ...); else an
        existing folder, read with :func:`load_audio_folder`. Names are matched
        case-insensitively, ignoring ``-``, ``_`` and spaces (``"EMO-DB"``,
        ``"crema_d"``, ``"ravdess_song"``).
    data_home : str or path-like, default=None
        Folder holding the corpora; ``None`` uses ``$SKSER_DATA``, else
        ``~/skser_data``.
    download_if_missing : bool, default=False
        Passed to the fetchers; the other corpora cannot be downloaded (their
        licenses need a registration), so it is ignored for them.

    Returns
    -------
    data : Bunch
        As returned by the loader.

    Raises
    ------
    ValueError
        If ``name_or_path`` is neither a known name nor an existing folder; the
        message lists the valid names.
    CorpusNotFoundError
        If the corpus is not in ``data_home``; the message gives the folder
        searched, the layout expected, and says to pass ``data_home=`` or set
        ``SKSER_DATA``.

    Examples
    --------
    >>> from skser.datasets import load_corpus
    >>> emodb = load_corpus("emodb")  # doctest: +SKIP
    """
    if isinstance(name_or_path, str):
        name = _corpus_name(name_or_path)
        if name in _FETCHERS:
            return _FETCHERS[name](data_home=data_home, download_if_missing=download_if_missing)
        if name in _LOADERS:
            home = get_data_home(data_home)
            folder = os.path.join(home, name)
            if not os.path.isdir(folder):
                layout = {"tess": "OAF_*/ and YAF_*/ folders",
                          "savee": "AudioData/DC, JE, JK, KL speaker folders",
                          "crema-d": "AudioWAV/ and VideoDemographics.csv",
                          "iemocap": "Session1 ... Session5 folders"}[name]
                raise CorpusNotFoundError(missing_message(name.upper(), folder, layout))
            return _LOADERS[name](folder)
    path = os.fspath(name_or_path)
    if os.path.isdir(path):
        return load_audio_folder(path)
    raise ValueError(
        f"unknown corpus {path!r}: expected one of {list(CORPORA)} or an existing folder "
        "with one sub-folder per class"
    )
