"""Crowd-sourced Emotional Multimodal Actors Dataset (CREMA-D), Cao et al. (2014)."""

import csv
import os
import re

from sklearn.utils._param_validation import validate_params

from ..exceptions import CorpusNotFoundError
from ._base import Skipped, dedupe_stems, make_bunch, missing_message, walk_files

__all__ = ["load_crema_d"]

LAYOUT = ("AudioWAV/ with files named like 1001_DFA_ANG_XX.wav, and "
          "VideoDemographics.csv (ActorID, Age, Sex, Race, Ethnicity)")

_EMOTIONS = {
    "ANG": "anger", "DIS": "disgust", "FEA": "fear", "HAP": "happiness",
    "NEU": "neutral", "SAD": "sadness",
}
_LEVELS = {"LO": "low", "MD": "medium", "HI": "high", "XX": "unspecified"}
_SENTENCES = {
    "IEO": "It's eleven o'clock",
    "TIE": "That is exactly what happened",
    "IOM": "I'm on my way to the meeting",
    "IWW": "I wonder what this is about",
    "TAI": "The airplane is almost full",
    "MTI": "Maybe tomorrow it will be cold",
    "IWL": "I would like a new alarm clock",
    "ITH": "I think I have a doctor's appointment",
    "DFA": "Don't forget a jacket",
    "ITS": "I think I've seen this before",
    "TSI": "The surface is slick",
    "WSI": "We'll stop in a couple of minutes",
}
_STEM = re.compile(r"^(\d{4})_([A-Z]{3})_([A-Z]{3})_([A-Z]{2})$", re.IGNORECASE)
_COLUMNS = ["actor", "sentence_code", "sentence", "emotion_code", "level", "age", "race",
            "ethnicity"]


def _read_demographics(path):
    """ActorID -> row dict from VideoDemographics.csv (keys lower-cased)."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        rows = {}
        for row in reader:
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            actor = row.get("actorid", "")
            if actor:
                rows[actor] = row
    return rows


def _gender(sex):
    sex = (sex or "").strip().lower()
    return {"male": "male", "m": "male", "female": "female", "f": "female"}.get(sex)


@validate_params(
    {"root": [str, os.PathLike], "return_X_y": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def load_crema_d(root, *, return_X_y=False):
    """Load the audio of CREMA-D [1]_ with its speaker demographics.

    =================  ================================================
    Files              7442 clips
    Speakers           91 actors (48 male, 43 female), aged 20-74, English
    Classes (6)        anger, disgust, fear, happiness, neutral, sadness
    Groups             ``"crema-d/1001"`` ... ``"crema-d/1091"``
    =================  ================================================

    Reads ``root/AudioWAV/*`` (or, if that folder is absent, every audio file
    under ``root``) named ``<actor>_<sentence>_<emotion>_<level>`` and
    ``VideoDemographics.csv`` (in ``root`` or anywhere below it) for each actor's
    sex, age, race and ethnicity. Other files and unknown codes are skipped with
    one ``UserWarning``; a missing CSV or actor leaves ``gender`` None and warns.

    Parameters
    ----------
    root : str or path-like
        Folder of the cloned/unpacked corpus (holding ``AudioWAV/``).
    return_X_y : bool, default=False
        Return ``(filenames, target, groups)`` instead of a Bunch.

    Returns
    -------
    data : Bunch
        ``filenames``, ``target``, ``groups`` (``"crema-d/1001"``),
        ``target_names``, ``DESCR`` as in :func:`fetch_emodb`; ``frame`` has
        ``path``, ``speaker``, ``emotion``, ``gender``, ``corpus``, ``actor``
        (``"1001"``), ``sentence_code`` (``"DFA"``), ``sentence`` (its text),
        ``emotion_code`` (``"ANG"``), ``level`` (``"low"``, ``"medium"``,
        ``"high"``, ``"unspecified"``), ``age`` (float years), ``race``,
        ``ethnicity``.
    (filenames, target, groups) : tuple of ndarray of shape (n_files,)
        If ``return_X_y`` is True.

    Raises
    ------
    CorpusNotFoundError
        If ``root`` does not exist or holds no CREMA-D file.

    References
    ----------
    .. [1] Cao, H., Cooper, D. G., Keutmann, M. K., Gur, R. C., Nenkova, A., Verma, R. (2014).
       CREMA-D: Crowd-sourced emotional multimodal actors dataset. IEEE Transactions on
       Affective Computing 5(4), 377-390.
    """
    root = os.path.abspath(os.fspath(root))
    if not os.path.isdir(root):
        raise CorpusNotFoundError(missing_message("CREMA-D", root, LAYOUT))
    skipped = Skipped("CREMA-D", root)
    audio_dir = next((os.path.join(root, d) for d in sorted(os.listdir(root))
                      if d.lower() == "audiowav" and os.path.isdir(os.path.join(root, d))),
                     root)
    files, _ = walk_files(audio_dir)
    csv_path = next((p for p in walk_files(root)[0]
                     if os.path.basename(p).lower() == "videodemographics.csv"), None)
    demographics = _read_demographics(csv_path) if csv_path else {}
    problems = []
    if csv_path is None:
        problems.append(f"VideoDemographics.csv not found under '{root}': gender is None")
    records, no_demo, seen = [], set(), {}
    audio = skipped.split_audio(f for f in files if f != csv_path)
    for path in dedupe_stems(audio, skipped):
        stem = os.path.splitext(os.path.basename(path))[0]
        m = _STEM.match(stem)
        if m is None:
            skipped.add(path, "name does not follow <actor>_<sentence>_<emotion>_<level>")
            continue
        actor, sent, emo, level = m.group(1), *(g.upper() for g in m.groups()[1:])
        bad = [f"{what} code {code!r}" for what, code, table in (
            ("sentence", sent, _SENTENCES), ("emotion", emo, _EMOTIONS), ("level", level, _LEVELS),
        ) if code not in table]
        if bad:
            skipped.add(path, "unknown " + ", ".join(bad))
            continue
        key = (actor, sent, emo, level)
        if key in seen:
            skipped.add(path, f"duplicate of {os.path.relpath(seen[key], root)}")
            continue
        seen[key] = path
        demo = demographics.get(actor)
        if demo is None and csv_path is not None:
            no_demo.add(actor)
        demo = demo or {}
        try:
            age = float(demo.get("age", ""))
        except ValueError:
            age = float("nan")
        records.append({
            "path": path,
            "speaker": f"crema-d/{actor}",
            "emotion": _EMOTIONS[emo],
            "gender": _gender(demo.get("sex")),
            "corpus": "crema-d",
            "actor": actor,
            "sentence_code": sent,
            "sentence": _SENTENCES[sent],
            "emotion_code": emo,
            "level": _LEVELS[level],
            "age": age,
            "race": demo.get("race") or None,
            "ethnicity": demo.get("ethnicity") or None,
        })
    if no_demo:
        problems.append(f"actors missing from {csv_path}: {sorted(no_demo)}; gender is None")
    for problem in problems:
        skipped.add(csv_path or root, problem)
    skipped.warn()
    return make_bunch(
        records, columns=_COLUMNS, descr="crema_d", return_X_y=return_X_y,
        not_found=lambda: CorpusNotFoundError(
            missing_message("CREMA-D", root, LAYOUT) + " The folder holds no CREMA-D clip."),
    )
