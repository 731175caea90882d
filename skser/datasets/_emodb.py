"""Berlin Database of Emotional Speech (EMO-DB), Burkhardt et al. (2005)."""

import os
import re

from sklearn.utils._param_validation import validate_params

from ..exceptions import CorpusNotFoundError
from ._base import (
    Skipped,
    dedupe_stems,
    download_corpus,
    get_data_home,
    make_bunch,
    missing_message,
    walk_files,
    zip_root,
)

__all__ = ["fetch_emodb"]

#: Official download; a module constant so tests (or mirrors) can override it.
URL = "http://emodb.bilderbar.info/download/download.zip"
FOLDER = "emodb"
LAYOUT = "wav/*.wav files named like 03a01Fa.wav (any libsndfile extension)"

_SPEAKER_GENDER = {
    "03": "male", "08": "female", "09": "female", "10": "male", "11": "male",
    "12": "male", "13": "female", "14": "female", "15": "male", "16": "female",
}
_EMOTIONS = {
    "W": "anger", "L": "boredom", "E": "disgust", "A": "fear",
    "F": "happiness", "T": "sadness", "N": "neutral",
}
_TEXTS = {"a01", "a02", "a04", "a05", "a07", "b01", "b02", "b03", "b09", "b10"}
_STEM = re.compile(r"^(\d{2})([ab]\d{2})([a-z])([a-z])$", re.IGNORECASE)
_COLUMNS = ["speaker_code", "text", "emotion_code", "version"]


def _parse(folder, skipped):
    files, _ = walk_files(folder, recursive=False)
    records = []
    for path in dedupe_stems(skipped.split_audio(files), skipped):
        stem = os.path.splitext(os.path.basename(path))[0]
        m = _STEM.match(stem)
        if m is None:
            skipped.add(path, "name does not follow SSTTTEV (e.g. 03a01Fa)")
            continue
        spk, text, code, version = m.group(1), m.group(2).lower(), m.group(3).upper(), \
            m.group(4).lower()
        if spk not in _SPEAKER_GENDER:
            skipped.add(path, f"unknown speaker code {spk!r}")
            continue
        if code not in _EMOTIONS:
            skipped.add(path, f"unknown emotion code {m.group(3)!r}")
            continue
        if text not in _TEXTS:
            skipped.add(path, f"unknown text code {m.group(2)!r}")
            continue
        records.append({
            "path": path,
            "speaker": f"emodb/{spk}",
            "emotion": _EMOTIONS[code],
            "gender": _SPEAKER_GENDER[spk],
            "corpus": "emodb",
            "speaker_code": spk,
            "text": text,
            "emotion_code": code,
            "version": version,
        })
    return records


def _find_root(names):
    # EMO-DB's zip has wav/03a01Fa.wav (plus lablaut/, silb/, ...) at top level
    return zip_root(
        names,
        lambda p: len(p) - 2
        if len(p) >= 2 and p[-2] == "wav" and _STEM.match(os.path.splitext(p[-1])[0])
        else None,
    )


@validate_params(
    {"data_home": [str, os.PathLike, None], "download_if_missing": ["boolean"],
     "return_X_y": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def fetch_emodb(*, data_home=None, download_if_missing=True, return_X_y=False):
    """Load the Berlin Database of Emotional Speech (EMO-DB) [1]_, downloading it if needed.

    =================  ================================================
    Files              535 utterances, 16 kHz mono
    Speakers           10 actors (5 female, 5 male), German
    Classes (7)        anger 127, boredom 81, disgust 46, fear 69,
                       happiness 71, neutral 79, sadness 62
    Groups             ``"emodb/03"`` ... ``"emodb/16"``
    =================  ================================================

    Looks for ``<data_home>/emodb/wav/*``. Names are ``SSTTTEV``: speaker
    ``SS``, text ``TTT``, emotion ``E`` (German initial: W anger, L boredom,
    E disgust, A fear, F happiness, T sadness, N neutral) and version ``V``.
    Any libsndfile extension is accepted; other files, unknown codes and
    duplicates are skipped with one ``UserWarning``.

    Parameters
    ----------
    data_home : str or path-like, default=None
        Folder holding ``emodb/``; ``None`` uses ``$SKSER_DATA``, else
        ``~/skser_data`` (see :func:`get_data_home`).
    download_if_missing : bool, default=True
        If the corpus is not there, download the official zip (``URL``,
        about 40 MB) into ``data_home`` and unpack it atomically.
    return_X_y : bool, default=False
        Return ``(filenames, target, groups)`` instead of a Bunch.

    Returns
    -------
    data : Bunch
        filenames : ndarray of shape (n_files,), dtype object
            Absolute paths, sorted.
        target : ndarray of shape (n_files,), dtype object
            Canonical emotion names.
        groups : ndarray of shape (n_files,), dtype object
            Speaker ids, ``"emodb/SS"``.
        frame : pandas.DataFrame of shape (n_files, 9)
            Columns ``path``, ``speaker`` (= groups), ``emotion`` (= target),
            ``gender``, ``corpus``, ``speaker_code`` (``"03"``), ``text``
            (``"a01"``), ``emotion_code`` (``"W"``), ``version`` (``"a"``).
        target_names : list of str
            Sorted classes.
        DESCR : str
            Description, citation, license and protocol notes.
    (filenames, target, groups) : tuple of ndarray
        If ``return_X_y`` is True.

    Raises
    ------
    CorpusNotFoundError
        If the corpus is missing and cannot be downloaded; the message gives the
        folder searched, the layout expected and where to put the files.

    See Also
    --------
    load_corpus : Load any supported corpus by name.

    References
    ----------
    .. [1] Burkhardt, F., Paeschke, A., Rolfes, M., Sendlmeier, W., Weiss, B. (2005).
       A database of German emotional speech. Proc. Interspeech 2005, 1517-1520.

    Examples
    --------
    >>> from skser.datasets import fetch_emodb
    >>> emodb = fetch_emodb(download_if_missing=False)  # doctest: +SKIP
    >>> emodb.filenames.shape, len(set(emodb.groups))  # doctest: +SKIP
    ((535,), 10)
    """
    home = get_data_home(data_home)
    root = os.path.join(home, FOLDER)
    folder = os.path.join(root, "wav")
    skipped = Skipped("EMO-DB", folder)
    records = _parse(folder, skipped) if os.path.isdir(folder) else []
    if not records and download_if_missing:
        download_corpus(URL, home, FOLDER, corpus="EMO-DB", layout=LAYOUT,
                        find_root=_find_root)
        skipped = Skipped("EMO-DB", folder)
        records = _parse(folder, skipped)
    skipped.warn()
    return make_bunch(
        records, columns=_COLUMNS, descr="emodb", return_X_y=return_X_y,
        not_found=lambda: CorpusNotFoundError(
            missing_message("EMO-DB", root, LAYOUT, fetch=not download_if_missing)),
    )
