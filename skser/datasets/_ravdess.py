"""RAVDESS speech and song audio, Livingstone & Russo (2018)."""

import os
import re

from sklearn.utils._param_validation import StrOptions, validate_params

from ..exceptions import CorpusNotFoundError
from ._base import (
    Skipped,
    broken_link_reason,
    dedupe_stems,
    download_corpus,
    get_data_home,
    is_broken_link,
    make_bunch,
    missing_message,
    walk_files,
    zip_root,
)

__all__ = ["fetch_ravdess"]

#: Official downloads (Zenodo record 1188976); module constants tests can override.
URL = "https://zenodo.org/records/1188976/files/Audio_Speech_Actors_01-24.zip"
SONG_URL = "https://zenodo.org/records/1188976/files/Audio_Song_Actors_01-24.zip"
FOLDER = "ravdess"
SONG_FOLDER = "ravdess_song"
LAYOUT = ("Actor_01 ... Actor_24 folders of files named like 03-01-05-02-01-01-12.wav "
          "(any libsndfile extension)")
SONG_LAYOUT = ("Actor_01 ... Actor_24 folders (no Actor_18) of files named like "
               "03-02-05-02-01-01-12.wav (any libsndfile extension)")

_MODALITY = {"01": "full-AV", "02": "video-only", "03": "audio-only"}
_CHANNEL = {"01": "speech", "02": "song"}
_CHANNELS = {"speech": ("speech",), "song": ("song",), "both": ("speech", "song")}
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


def _source(channel):
    """(zip URL, folder under data_home, corpus name, layout) of one vocal channel."""
    if channel == "song":
        return SONG_URL, SONG_FOLDER, "RAVDESS song", SONG_LAYOUT
    return URL, FOLDER, "RAVDESS", LAYOUT


def _parse(root, skipped, seen, *, song_tree=False):
    """Records of the valid files under ``root``; ``seen`` maps stems already read to paths."""
    records = []
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        if is_broken_link(entry.path):
            skipped.add(entry.path, broken_link_reason(entry.path))
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
            if song_tree and _CHANNEL[chan] != "song":
                skipped.add(path, f"speech file (vocal channel {chan}) in the song folder "
                                  f"{SONG_FOLDER}; speech belongs in {FOLDER}")
                continue
            if stem in seen:  # the same recording in both trees, or nested copies
                skipped.add(path, f"duplicate of {os.path.relpath(seen[stem], skipped.root)}")
                continue
            seen[stem] = path
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


def _scan(home, channels):
    """Records of the requested channels, and what was skipped on the way.

    Song files are read from their own tree first, then from the speech tree's
    ``Actor_NN`` folders, where the two zips may have been unpacked together.
    """
    folders = ([SONG_FOLDER] if "song" in channels else []) + [FOLDER]
    skipped = Skipped("RAVDESS", os.path.join(home, FOLDER) if folders == [FOLDER] else home)
    records, seen = [], {}
    for folder in folders:
        root = os.path.join(home, folder)
        if os.path.isdir(root):
            records += _parse(root, skipped, seen, song_tree=folder == SONG_FOLDER)
    return [r for r in records if r["vocal_channel"] in channels], skipped


def _missing(records, channels):
    found = {r["vocal_channel"] for r in records}
    return [c for c in channels if c not in found]


def _not_found(home, channel, *, fetch):
    _, folder, corpus, layout = _source(channel)
    if channel == "song":
        layout += (f", or song files beside the speech files in "
                   f"'{os.path.join(home, FOLDER)}'{os.sep}Actor_NN")
    return CorpusNotFoundError(missing_message(corpus, os.path.join(home, folder), layout,
                                               fetch=fetch))


def _find_root(names):
    # both official zips have Actor_01/03-0V-01-01-01-01-01.wav at top level
    return zip_root(
        names,
        lambda p: len(p) - 2
        if len(p) >= 2 and _ACTOR_DIR.match(p[-2]) and _STEM.match(os.path.splitext(p[-1])[0])
        else None,
    )


@validate_params(
    {"data_home": [str, os.PathLike, None],
     "vocal_channel": [StrOptions({"speech", "song", "both"})],
     "download_if_missing": ["boolean"], "return_X_y": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def fetch_ravdess(*, data_home=None, vocal_channel="speech", download_if_missing=True,
                  return_X_y=False):
    """Load the audio of RAVDESS [1]_, speech, song or both, downloading it if needed.

    ==================  =========================  =========================  =================
    ``vocal_channel``   ``"speech"`` (default)     ``"song"``                 ``"both"``
    ==================  =========================  =========================  =================
    Files               1440                       1012                       2452
    Speakers            24 actors                  23 actors (no actor 18)    24 actors
    Classes             8: neutral 96; calm,       6: neutral 92; calm,       8: neutral 188;
                        happiness, sadness,        happiness, sadness,        calm, happiness,
                        anger, fear, disgust,      anger, fear 184 each       sadness, anger,
                        surprise 192 each                                     fear 376 each;
                                                                              disgust, surprise
                                                                              192 each
    Folders             ``ravdess/``               ``ravdess_song/``, and     both
                                                   song files in
                                                   ``ravdess/``
    ==================  =========================  =========================  =================

    Groups are the actors, ``"ravdess/01"`` ... ``"ravdess/24"`` (odd ids male,
    even female, North American English); an actor has the same id in speech
    and song, so splitting on ``groups`` keeps each actor's speech and song on
    the same side.

    Speech is read from ``<data_home>/ravdess/Actor_NN/*``. Song is read from
    ``<data_home>/ravdess_song/Actor_NN/*`` and also from
    ``<data_home>/ravdess/Actor_NN/*``, since the two official zips both unpack
    to ``Actor_NN/`` folders and may have been unpacked into the same ones. The
    vocal channel of a file is the ``VV`` field of its name
    ``MM-VV-EE-II-SS-RR-AA``: modality, vocal channel (01 speech, 02 song),
    emotion (01 neutral, 02 calm, 03 happy, 04 sad, 05 angry, 06 fearful,
    07 disgust, 08 surprised), intensity, statement, repetition, actor. Files of
    the other channel are left out silently; a recording found twice (in both
    trees, or as nested copies) is read once. Any libsndfile extension is
    accepted; stray files, unknown codes, files whose actor disagrees with their
    folder and speech files in the song tree are skipped with one ``UserWarning``.

    Parameters
    ----------
    data_home : str or path-like, default=None
        Folder holding ``ravdess/`` and ``ravdess_song/``; ``None`` uses
        ``$SKSER_DATA``, else ``~/skser_data`` (see :func:`get_data_home`).
    vocal_channel : {"speech", "song", "both"}, default="speech"
        Which recordings to load: the spoken statements, the sung ones, or all.
    download_if_missing : bool, default=True
        If a requested channel is not there, download its official zip (``URL``
        for speech, about 210 MB, into ``ravdess/``; ``SONG_URL`` for song,
        about 225 MB, into ``ravdess_song/``) and unpack it atomically.
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
        If a requested channel is missing and cannot be downloaded; the message
        gives the folder searched, the layout expected and where to put the files.

    Notes
    -----
    RAVDESS is licensed CC BY-NC-SA 4.0: non-commercial use only, and so is a
    model trained on it.

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
    >>> song = fetch_ravdess(vocal_channel="song", download_if_missing=False)  # doctest: +SKIP
    >>> len(song.filenames), len(set(song.groups))  # doctest: +SKIP
    (1012, 23)
    """
    home = get_data_home(data_home)
    channels = _CHANNELS[vocal_channel]
    records, skipped = _scan(home, channels)
    missing = _missing(records, channels)
    if missing and download_if_missing:
        for channel in missing:
            url, folder, corpus, layout = _source(channel)
            download_corpus(url, home, folder, corpus=corpus, layout=layout,
                            find_root=_find_root)
        records, skipped = _scan(home, channels)
        missing = _missing(records, channels)
    skipped.warn()
    if missing:
        raise _not_found(home, missing[0], fetch=not download_if_missing)
    return make_bunch(
        records, columns=_COLUMNS, descr="ravdess", return_X_y=return_X_y,
        not_found=lambda: _not_found(home, channels[0], fetch=not download_if_missing),
    )
