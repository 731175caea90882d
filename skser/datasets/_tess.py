"""Toronto Emotional Speech Set (TESS), Dupuis & Pichora-Fuller (2010)."""

import os
import re

from sklearn.utils._param_validation import validate_params

from ..exceptions import CorpusNotFoundError
from ._base import Skipped, dedupe_stems, make_bunch, missing_message, walk_files

__all__ = ["load_tess"]

LAYOUT = ("OAF_*/ and YAF_*/ folders (or any folders) of files named like "
          "OAF_back_angry.wav")

_SPEAKERS = {"OAF": "older", "YAF": "younger"}
_EMOTIONS = {
    "angry": "anger", "anger": "anger", "disgust": "disgust", "disgusted": "disgust",
    "fear": "fear", "fearful": "fear", "happy": "happiness", "happiness": "happiness",
    "neutral": "neutral", "sad": "sadness", "sadness": "sadness", "ps": "surprise",
    "pleasant_surprise": "surprise", "pleasant_surprised": "surprise",
    "pleasant surprise": "surprise", "surprise": "surprise", "surprised": "surprise",
}
_STEM = re.compile(r"^\s*(OAF|YAF)_([A-Za-z]+)_([A-Za-z_ ]+?)\s*$", re.IGNORECASE)
_FOLDER = re.compile(r"^(OAF|YAF)_(.+)$", re.IGNORECASE)
_COLUMNS = ["speaker_code", "age_group", "word", "emotion_code"]


def _emotion(code):
    return _EMOTIONS.get(code.strip().lower().replace("-", "_"))


def _from_folder(stem, folder):
    """``(speaker, word, emotion, emotion_code)`` of a TESS-like name its folder completes.

    For a file in an ``<OAF|YAF>_<emotion>`` folder whose name lacks the speaker or
    the emotion, or abbreviates the speaker (``OA_bite_neutral`` in ``OAF_neutral``):
    ``<abbrev>_<word>_<emotion>``, ``<word>_<emotion>`` or ``<abbrev>_<word>``, where
    ``abbrev`` starts the folder's speaker code and ``emotion`` is the folder's.
    None for any other name.
    """
    if folder is None:
        return None
    spk, code = folder.group(1).upper(), folder.group(2).strip()
    emotion = _emotion(code)
    if emotion is None:
        return None
    parts = stem.strip().split("_")
    abbrev = word = name_code = None
    if len(parts) >= 3:
        abbrev, word, name_code = parts[0], parts[1], "_".join(parts[2:])
    elif len(parts) == 2 and _emotion(parts[1]) is not None:
        word, name_code = parts
    elif len(parts) == 2:
        abbrev, word = parts
    else:
        return None
    if not word.isalpha() or not word.isascii():
        return None
    if abbrev is not None and not (abbrev.isalpha() and spk.startswith(abbrev.upper())):
        return None
    if name_code is not None and _emotion(name_code) != emotion:
        return None
    return spk, word.lower(), emotion, (name_code or code).strip()


@validate_params(
    {"root": [str, os.PathLike], "return_X_y": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def load_tess(root, *, return_X_y=False):
    """Load the Toronto Emotional Speech Set (TESS) [1]_ from its distribution folder.

    =================  ================================================
    Files              2800 (2 speakers x 7 emotions x 200 words)
    Speakers           2 actresses: OAF (aged 64) and YAF (aged 26), English
    Classes (7)        anger, disgust, fear, happiness, neutral, sadness,
                       surprise (TESS "pleasant surprise", ``ps``)
    Groups             ``"tess/OAF"``, ``"tess/YAF"``
    =================  ================================================

    Every audio file under ``root`` (any depth, e.g. ``OAF_angry/`` folders, the
    Kaggle copy's extra top folder) named ``<SPK>_<word>_<emotion>`` is loaded,
    case-insensitively. In an ``<OAF|YAF>_<emotion>`` folder, a name that lacks
    the speaker or the emotion, or abbreviates the speaker, but is otherwise
    TESS-like (``OA_bite_neutral`` in ``OAF_neutral``, the one such file of the
    distribution) takes them from the folder. A file whose speaker or emotion
    disagrees with its folder (a mislabeled prefix), other names, non-audio files
    and broken symbolic links are skipped with one ``UserWarning``.

    Parameters
    ----------
    root : str or path-like
        Folder of the unpacked corpus.
    return_X_y : bool, default=False
        Return ``(filenames, target, groups)`` instead of a Bunch.

    Returns
    -------
    data : Bunch
        ``filenames``, ``target``, ``groups`` (``"tess/OAF"``), ``target_names``,
        ``DESCR`` as in :func:`fetch_emodb`; ``frame`` has ``path``, ``speaker``,
        ``emotion``, ``gender`` (always ``"female"``), ``corpus``,
        ``speaker_code`` (``"OAF"``), ``age_group`` (``"older"``/``"younger"``),
        ``word`` (``"back"``) and ``emotion_code`` (``"angry"``, ``"ps"``).
    (filenames, target, groups) : tuple of ndarray of shape (n_files,)
        If ``return_X_y`` is True.

    Raises
    ------
    CorpusNotFoundError
        If ``root`` does not exist or holds no TESS file.

    Notes
    -----
    With only two speakers, leave-one-speaker-out on TESS trains on one voice and
    tests on the other; TESS is mostly used as extra training data.

    References
    ----------
    .. [1] Dupuis, K., Pichora-Fuller, M. K. (2010). Toronto emotional speech set (TESS).
       University of Toronto, Psychology Department. https://doi.org/10.5683/SP2/E8H2MF
    """
    root = os.path.abspath(os.fspath(root))
    if not os.path.isdir(root):
        raise CorpusNotFoundError(missing_message("TESS", root, LAYOUT))
    skipped = Skipped("TESS", root)
    files, _ = walk_files(root)
    records, seen = [], {}
    for path in dedupe_stems(skipped.split_audio(files), skipped):
        stem = os.path.splitext(os.path.basename(path))[0]
        folder = _FOLDER.match(os.path.basename(os.path.dirname(path)))
        m = _STEM.match(stem)
        emotion = _emotion(m.group(3)) if m else None
        if m is None or emotion is None:
            parsed = _from_folder(stem, folder)
            if parsed is None:
                skipped.add(path, "name does not follow <OAF|YAF>_<word>_<emotion>")
                continue
            spk, word, emotion, code = parsed
        else:
            spk, word, code = m.group(1).upper(), m.group(2).lower(), m.group(3).strip()
        if folder is not None:
            f_spk, f_emotion = folder.group(1).upper(), _emotion(folder.group(2))
            if f_spk != spk or (f_emotion is not None and f_emotion != emotion):
                skipped.add(path, f"name says {spk}/{emotion} but folder says "
                                  f"{f_spk}/{f_emotion}")
                continue
        key = (spk, word, emotion)
        if key in seen:  # e.g. the Kaggle copy's nested duplicate of the whole tree
            skipped.add(path, f"duplicate of {os.path.relpath(seen[key], root)}")
            continue
        seen[key] = path
        records.append({
            "path": path,
            "speaker": f"tess/{spk}",
            "emotion": emotion,
            "gender": "female",
            "corpus": "tess",
            "speaker_code": spk,
            "age_group": _SPEAKERS[spk],
            "word": word,
            "emotion_code": code,
        })
    skipped.warn()
    return make_bunch(
        records, columns=_COLUMNS, descr="tess", return_X_y=return_X_y,
        not_found=lambda: CorpusNotFoundError(
            missing_message("TESS", root, LAYOUT) + " The folder holds no TESS file."),
    )
