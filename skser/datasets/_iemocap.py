"""Interactive Emotional Dyadic Motion Capture database (IEMOCAP), Busso et al. (2008)."""

import os
import re

from sklearn.utils._param_validation import validate_params

from ..exceptions import CorpusNotFoundError
from ._base import Skipped, make_bunch, missing_message, walk_files

__all__ = ["load_iemocap"]

LAYOUT = ("Session1 ... Session5, each with dialog/EmoEvaluation/*.txt and "
          "sentences/wav/<dialog>/<turn>.wav")

#: IEMOCAP categorical codes kept by the standard 4-class setup, and their class.
FOUR_CLASS = {"neu": "neutral", "hap": "happiness", "exc": "happiness", "ang": "anger",
              "sad": "sadness"}
_OTHER_CODES = {"fru", "sur", "fea", "dis", "oth", "xxx"}
_LINE = re.compile(
    r"^\[\s*([\d.]+)\s*-\s*([\d.]+)\s*\]\s+(\S+)\s+(\w+)\s+\[\s*([-\d.]+)\s*,\s*([-\d.]+)\s*,"
    r"\s*([-\d.]+)\s*\]"
)
_TURN = re.compile(r"^(Ses(\d{2})([FM])_(impro|script)[^_]*(?:_[^_]+)*?)_([FM])(\d+)$",
                   re.IGNORECASE)
_SESSION_DIR = re.compile(r"^session\s*([1-5])$", re.IGNORECASE)
_COLUMNS = ["session", "speaker_id", "dialog", "turn", "method", "emotion_code", "start",
            "end", "valence", "activation", "dominance"]


def _child(folder, name):
    """Sub-folder of ``folder`` whose name equals ``name`` case-insensitively, or None."""
    if not os.path.isdir(folder):
        return None
    for entry in sorted(os.listdir(folder)):
        if entry.lower() == name.lower() and os.path.isdir(os.path.join(folder, entry)):
            return os.path.join(folder, entry)
    return None


@validate_params(
    {"root": [str, os.PathLike], "return_X_y": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def load_iemocap(root, *, return_X_y=False):
    """Load IEMOCAP [1]_ utterances in the standard 4-class setup.

    =================  ================================================
    Files              5531 turns (4-class setup)
    Speakers           10 actors in 5 dyadic sessions (one F, one M each)
    Classes (4)        anger 1103, happiness 1636 (hap + exc), neutral 1708,
                       sadness 1084
    Groups             the session, ``"iemocap/Ses01"`` ... ``"iemocap/Ses05"``
    =================  ================================================

    Reads the consensus label of each turn from
    ``SessionN/dialog/EmoEvaluation/*.txt`` (lines
    ``[start - end]<TAB>turn<TAB>code<TAB>[V, A, D]``) and its audio from
    ``SessionN/sentences/wav/<dialog>/<turn>.wav``. Turns labelled ``neu``,
    ``hap``, ``exc`` (merged into happiness, as in most published work), ``ang``
    and ``sad`` are kept; ``fru``, ``sur``, ``fea``, ``dis``, ``oth`` and ``xxx``
    are left out by the protocol, silently. Labelled turns without audio,
    malformed lines and audio files no annotation mentions are skipped with one
    ``UserWarning``.

    Parameters
    ----------
    root : str or path-like
        Folder holding ``Session1`` ... ``Session5`` (``IEMOCAP_full_release``).
    return_X_y : bool, default=False
        Return ``(filenames, target, groups)`` instead of a Bunch.

    Returns
    -------
    data : Bunch
        ``filenames``, ``target``, ``groups``, ``target_names``, ``DESCR`` as in
        :func:`fetch_emodb`. ``groups`` and ``frame.speaker`` hold the *session*
        (``"iemocap/Ses01"``), the usual leave-one-session-out unit; ``frame``
        also has ``gender`` (of the turn's speaker), ``corpus``, ``session``
        (int 1-5), ``speaker_id`` (the actual speaker, ``"Ses01F"``), ``dialog``,
        ``turn``, ``method`` (``"improvised"``/``"scripted"``), ``emotion_code``
        (``"exc"``), ``start``/``end`` (s, within the dialog) and ``valence``,
        ``activation``, ``dominance`` (1-5).
    (filenames, target, groups) : tuple of ndarray of shape (n_files,)
        If ``return_X_y`` is True.

    Raises
    ------
    CorpusNotFoundError
        If ``root`` does not exist or no session folder with annotations and
        audio is found.

    Notes
    -----
    The speaker of a turn is the letter of its last part (``..._F000`` is the
    female actor of that session), not the letter after ``Ses01``, which tells
    who wore the motion-capture markers. To group by speaker instead of session
    use ``frame.speaker_id``.

    References
    ----------
    .. [1] Busso, C., Bulut, M., Lee, C.-C., Kazemzadeh, A., Mower, E., Kim, S., Chang, J. N.,
       Lee, S., Narayanan, S. S. (2008). IEMOCAP: Interactive emotional dyadic motion capture
       database. Language Resources and Evaluation 42(4), 335-359.
    """
    root = os.path.abspath(os.fspath(root))
    if not os.path.isdir(root):
        raise CorpusNotFoundError(missing_message("IEMOCAP", root, LAYOUT))
    skipped = Skipped("IEMOCAP", root)
    records = []
    for entry in sorted(os.listdir(root)):
        m_dir = _SESSION_DIR.match(entry)
        session_dir = os.path.join(root, entry)
        if m_dir is None or not os.path.isdir(session_dir):
            continue
        session = int(m_dir.group(1))
        eval_dir = _child(_child(session_dir, "dialog") or "", "EmoEvaluation")
        wav_dir = _child(_child(session_dir, "sentences") or "", "wav")
        if eval_dir is None or wav_dir is None:
            skipped.add(session_dir, "no dialog/EmoEvaluation/ or sentences/wav/ folder")
            continue
        wav_files, _ = walk_files(wav_dir)
        audio = {}
        for path in skipped.split_audio(wav_files):
            audio.setdefault(os.path.splitext(os.path.basename(path))[0].lower(), path)
        annotated = set()
        for txt in sorted(os.listdir(eval_dir)):
            txt_path = os.path.join(eval_dir, txt)
            if not txt.lower().endswith(".txt") or txt.startswith(".") or \
                    not os.path.isfile(txt_path):
                continue
            with open(txt_path, encoding="utf-8", errors="replace") as fh:
                lines = fh.read().splitlines()
            for line in lines:
                if not line.startswith("["):
                    continue
                m = _LINE.match(line)
                turn_m = _TURN.match(m.group(3)) if m else None
                if m is None or turn_m is None:
                    skipped.add(txt_path, f"malformed line {line.strip()[:60]!r}")
                    continue
                turn = m.group(3)
                annotated.add(turn.lower())
                code = m.group(4).lower()
                if code not in FOUR_CLASS:
                    if code not in _OTHER_CODES:
                        skipped.add(txt_path, f"unknown label {m.group(4)!r} for {turn}")
                    continue
                path = audio.get(turn.lower())
                if path is None:
                    skipped.add(os.path.join(wav_dir, turn_m.group(1), turn + ".wav"),
                                f"labelled {code} in {txt} but no audio file")
                    continue
                letter = turn_m.group(5).upper()
                records.append({
                    "path": path,
                    "speaker": f"iemocap/Ses{session:02d}",
                    "emotion": FOUR_CLASS[code],
                    "gender": "female" if letter == "F" else "male",
                    "corpus": "iemocap",
                    "session": session,
                    "speaker_id": f"Ses{session:02d}{letter}",
                    "dialog": turn_m.group(1),
                    "turn": turn,
                    "method": "improvised" if turn_m.group(4).lower() == "impro" else "scripted",
                    "emotion_code": code,
                    "start": float(m.group(1)),
                    "end": float(m.group(2)),
                    "valence": float(m.group(5)),
                    "activation": float(m.group(6)),
                    "dominance": float(m.group(7)),
                })
        for stem, path in sorted(audio.items()):
            if stem not in annotated:
                skipped.add(path, "no annotation line for this turn")
    skipped.warn()
    return make_bunch(
        records, columns=_COLUMNS, descr="iemocap", return_X_y=return_X_y,
        not_found=lambda: CorpusNotFoundError(
            missing_message("IEMOCAP", root, LAYOUT)
            + " No labelled 4-class turn with audio was found."),
    )
