"""RAVDESS speech audio, Livingstone & Russo (2018)."""

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

__all__ = ["fetch_ravdess"]

#: Official download (Zenodo record 1188976); a module constant tests can override.
URL = "https://zenodo.org/records/1188976/files/Audio_Speech_Actors_01-24.zip"
FOLDER = "ravdess"
LAYOUT = ("Actor_01 ... Actor_24 folders of files named like 03-01-05-02-01-01-12.wav "
          "(any libsndfile extension)")

_MODALITY = {"01": "full-AV", "02": "video-only", "03": "audio-only"}
_CHANNEL = {"01": "speech", "02": "song"}
_EMOTIONS = {
    "01": "neutral", "02": "calm", "03": "happiness", "04": "sadness",
    "05": "anger", "06": "fear", "07": "disgust", "08": "surprise",
}
_INTENSITY = {"01": "normal", "02": "strong"}
_STATEMENTS = {"01": "Kids are talking by the door", "02": "Dogs are sitting by the door"}
_STEM = re.compile(r"^(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})$")
_ACTOR_DIR = re.compile(r"^actor_(\d{2})$", re.IGNORECASE)
_COLUMNS = ["actor", "modality", "vocal_channel", "emotion_code", "intensity",
            "statement_code", "statement", "repetition"]


def _parse(root, skipped):
    records = []
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        if entry.is_file():
            skipped.add(entry.path, "outside the Actor_NN folders")
            continue
        m_dir = _ACTOR_DIR.match(entry.name)
        files, _ = walk_files(entry.path, recursive=True)
        if m_dir is None:
            for path in files:
                skipped.add(path, f"in folder {entry.name!r}, not Actor_NN")
            continue
        for path in dedupe_stems(skipped.split_audio(files), skipped):
            stem = os.path.splitext(os.path.basename(path))[0]
            m = _STEM.match(stem)
            if m is None:
                skipped.add(path, "name does not follow MM-VV-EE-II-SS-RR-AA")
                continue
            mod, chan, emo, inten, stmt, rep, actor = m.groups()
            bad = [
                f"{what} code {code!r}"
                for what, code, table in (
                    ("modality", mod, _MODALITY), ("vocal channel", chan, _CHANNEL),
                    ("emotion", emo, _EMOTIONS), ("intensity", inten, _INTENSITY),
                    ("statement", stmt, _STATEMENTS), ("repetition", rep, {"01", "02"}),
                )
                if code not in table
            ]
            if not 1 <= int(actor) <= 24:
                bad.append(f"actor code {actor!r}")
            if bad:
                skipped.add(path, "unknown " + ", ".join(bad))
                continue
            if actor != m_dir.group(1):
                skipped.add(path, f"actor {actor} in the name but in folder {entry.name}")
                continue
            records.append({
                "path": path,
                "speaker": f"ravdess/{actor}",
                "emotion": _EMOTIONS[emo],
                "gender": "male" if int(actor) % 2 else "female",
                "corpus": "ravdess",
                "actor": actor,
                "modality": _MODALITY[mod],
                "vocal_channel": _CHANNEL[chan],
                "emotion_code": emo,
                "intensity": _INTENSITY[inten],
                "statement_code": stmt,
                "statement": _STATEMENTS[stmt],
                "repetition": int(rep),
            })
    return records


def _find_root(names):
    # Audio_Speech_Actors_01-24.zip has Actor_01/03-01-01-01-01-01-01.wav at top level
    return zip_root(
        names,
        lambda p: len(p) - 2
        if len(p) >= 2 and _ACTOR_DIR.match(p[-2]) and _STEM.match(os.path.splitext(p[-1])[0])
        else None,
    )


@validate_params(
    {"data_home": [str, os.PathLike, None], "download_if_missing": ["boolean"],
     "return_X_y": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def fetch_ravdess(*, data_home=None, download_if_missing=True, return_X_y=False):
    """Load the speech audio of RAVDESS [1]_, downloading it if needed.

    =================  ================================================
    Files              1440 utterances (audio-only speech)
    Speakers           24 actors (odd ids male, even female), English
    Classes (8)        neutral 96; calm, happiness, sadness, anger, fear,
                       disgust, surprise 192 each
    Groups             ``"ravdess/01"`` ... ``"ravdess/24"``
    =================  ================================================

    Looks for ``<data_home>/ravdess/Actor_NN/*``, names
    ``MM-VV-EE-II-SS-RR-AA``: modality, vocal channel, emotion (01 neutral,
    02 calm, 03 happy, 04 sad, 05 angry, 06 fearful, 07 disgust, 08 surprised),
    intensity, statement, repetition, actor. Any libsndfile extension is
    accepted; stray files, unknown codes and files whose actor disagrees with
    their folder are skipped with one ``UserWarning``. Song files (vocal channel
    02), if added to the same folders, are loaded too: filter on
    ``frame.vocal_channel``.

    Parameters
    ----------
    data_home : str or path-like, default=None
        Folder holding ``ravdess/``; ``None`` uses ``$SKSER_DATA``, else
        ``~/skser_data`` (see :func:`get_data_home`).
    download_if_missing : bool, default=True
        If the corpus is not there, download the official zip (``URL``,
        about 200 MB) into ``data_home`` and unpack it atomically.
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
            Actor ids, ``"ravdess/NN"``.
        frame : pandas.DataFrame of shape (n_files, 13)
            ``path``, ``speaker`` (= groups), ``emotion`` (= target), ``gender``,
            ``corpus``, ``actor`` (``"12"``), ``modality`` (``"audio-only"``),
            ``vocal_channel`` (``"speech"``/``"song"``), ``emotion_code``
            (``"05"``), ``intensity`` (``"normal"``/``"strong"``),
            ``statement_code`` (``"01"``), ``statement`` (its text),
            ``repetition`` (1 or 2).
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

    References
    ----------
    .. [1] Livingstone, S. R., Russo, F. A. (2018). The Ryerson Audio-Visual Database of
       Emotional Speech and Song (RAVDESS): A dynamic, multimodal set of facial and vocal
       expressions in North American English. PLoS ONE 13(5): e0196391.

    Examples
    --------
    >>> from skser.datasets import fetch_ravdess
    >>> ravdess = fetch_ravdess(download_if_missing=False)  # doctest: +SKIP
    >>> len(ravdess.filenames), len(set(ravdess.groups))  # doctest: +SKIP
    (1440, 24)
    """
    home = get_data_home(data_home)
    root = os.path.join(home, FOLDER)
    skipped = Skipped("RAVDESS", root)
    records = _parse(root, skipped) if os.path.isdir(root) else []
    if not records and download_if_missing:
        download_corpus(URL, home, FOLDER, corpus="RAVDESS", layout=LAYOUT,
                        find_root=_find_root)
        skipped = Skipped("RAVDESS", root)
        records = _parse(root, skipped)
    skipped.warn()
    return make_bunch(
        records, columns=_COLUMNS, descr="ravdess", return_X_y=return_X_y,
        not_found=lambda: CorpusNotFoundError(
            missing_message("RAVDESS", root, LAYOUT, fetch=not download_if_missing)),
    )
