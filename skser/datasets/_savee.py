"""Surrey Audio-Visual Expressed Emotion (SAVEE), Haq & Jackson (2009)."""

import os
import re

from sklearn.utils._param_validation import validate_params

from ..exceptions import CorpusNotFoundError
from ._base import Skipped, dedupe_stems, make_bunch, missing_message, walk_files

__all__ = ["load_savee"]

LAYOUT = ("AudioData/DC/a01.wav ... (speaker folders DC, JE, JK, KL), or flat files named "
          "like DC_a01.wav")

_SPEAKERS = ("DC", "JE", "JK", "KL")
_EMOTIONS = {
    "a": "anger", "d": "disgust", "f": "fear", "h": "happiness", "n": "neutral",
    "sa": "sadness", "su": "surprise",
}
_STEM = re.compile(r"^(?:(DC|JE|JK|KL)_)?(sa|su|a|d|f|h|n)(\d{1,2})$", re.IGNORECASE)
_COLUMNS = ["speaker_code", "emotion_code", "sentence"]


@validate_params(
    {"root": [str, os.PathLike], "return_X_y": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def load_savee(root, *, return_X_y=False):
    """Load the Surrey Audio-Visual Expressed Emotion database (SAVEE) [1]_.

    =================  ================================================
    Files              480 (per speaker: 30 neutral, 15 per other class)
    Speakers           4 male British English speakers: DC, JE, JK, KL
    Classes (7)        anger, disgust, fear, happiness, neutral, sadness,
                       surprise
    Groups             ``"savee/DC"`` ... ``"savee/KL"``
    =================  ================================================

    Accepts the official layout, ``AudioData/<SPK>/<code><NN>.wav`` (codes a, d,
    f, h, n, sa, su), and the flattened copies named ``<SPK>_<code><NN>.wav``,
    anywhere under ``root``, case-insensitively. Other files and files outside a
    speaker folder without a speaker prefix are skipped with one ``UserWarning``.

    Parameters
    ----------
    root : str or path-like
        Folder of the unpacked corpus (the one holding ``AudioData/``, or
        ``AudioData`` itself).
    return_X_y : bool, default=False
        Return ``(filenames, target, groups)`` instead of a Bunch.

    Returns
    -------
    data : Bunch
        ``filenames``, ``target``, ``groups`` (``"savee/DC"``), ``target_names``,
        ``DESCR`` as in :func:`fetch_emodb`; ``frame`` has ``path``, ``speaker``,
        ``emotion``, ``gender`` (always ``"male"``), ``corpus``, ``speaker_code``,
        ``emotion_code`` (``"sa"``) and ``sentence`` (int, 1-30).
    (filenames, target, groups) : tuple of ndarray of shape (n_files,)
        If ``return_X_y`` is True.

    Raises
    ------
    CorpusNotFoundError
        If ``root`` does not exist or holds no SAVEE file.

    References
    ----------
    .. [1] Haq, S., Jackson, P. J. B. (2009). Speaker-dependent audio-visual emotion
       recognition. Proc. Int. Conf. on Auditory-Visual Speech Processing (AVSP), 53-58.
    """
    root = os.path.abspath(os.fspath(root))
    if not os.path.isdir(root):
        raise CorpusNotFoundError(missing_message("SAVEE", root, LAYOUT))
    skipped = Skipped("SAVEE", root)
    files, _ = walk_files(root)
    records, seen = [], {}
    for path in dedupe_stems(skipped.split_audio(files), skipped):
        stem = os.path.splitext(os.path.basename(path))[0]
        m = _STEM.match(stem)
        if m is None:
            skipped.add(path, "name does not follow <code><NN> (a01, sa15) or <SPK>_<code><NN>")
            continue
        folder = os.path.basename(os.path.dirname(path)).upper()
        prefix = m.group(1).upper() if m.group(1) else None
        if prefix and folder in _SPEAKERS and prefix != folder:
            skipped.add(path, f"speaker prefix {prefix} but in folder {folder}")
            continue
        spk = prefix or (folder if folder in _SPEAKERS else None)
        if spk is None:
            skipped.add(path, "no speaker: not in a DC/JE/JK/KL folder and no prefix")
            continue
        code = m.group(2).lower()
        key = (spk, code, int(m.group(3)))
        if key in seen:  # e.g. both AudioData/DC/a01.wav and a flat DC_a01.wav
            skipped.add(path, f"duplicate of {os.path.relpath(seen[key], root)}")
            continue
        seen[key] = path
        records.append({
            "path": path,
            "speaker": f"savee/{spk}",
            "emotion": _EMOTIONS[code],
            "gender": "male",
            "corpus": "savee",
            "speaker_code": spk,
            "emotion_code": code,
            "sentence": int(m.group(3)),
        })
    skipped.warn()
    return make_bunch(
        records, columns=_COLUMNS, descr="savee", return_X_y=return_X_y,
        not_found=lambda: CorpusNotFoundError(
            missing_message("SAVEE", root, LAYOUT) + " The folder holds no SAVEE file."),
    )
