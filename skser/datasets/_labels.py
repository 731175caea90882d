"""Canonical emotion vocabulary and helpers to map, intersect and restrict labels."""

import re

import numpy as np
from sklearn.utils import Bunch

__all__ = [
    "CANONICAL_EMOTIONS",
    "harmonize_labels",
    "shared_labels",
    "label_mask",
    "restrict_to_labels",
    "gender_emotion_target",
]

#: The emotion names skser's loaders return, lowercase English nouns.
CANONICAL_EMOTIONS = (
    "anger",
    "boredom",
    "calm",
    "disgust",
    "fear",
    "frustration",
    "happiness",
    "neutral",
    "sadness",
    "surprise",
)

# Single-letter codes are case-sensitive: upper case is EMO-DB (German
# initials), lower case is SAVEE. EMO-DB "A" (Angst) is fear but SAVEE "a" is
# anger; EMO-DB "F" (Freude) is happiness but SAVEE "f" is fear.
_CASE_SENSITIVE = {
    # EMO-DB
    "W": "anger",  # Wut/Ärger
    "L": "boredom",  # Langeweile
    "E": "disgust",  # Ekel
    "A": "fear",  # Angst
    "F": "happiness",  # Freude
    "T": "sadness",  # Trauer
    "N": "neutral",
    # SAVEE
    "a": "anger",
    "d": "disgust",
    "f": "fear",
    "h": "happiness",
    "n": "neutral",
}

# Everything else is matched case-insensitively after mapping "_" and "-" to spaces.
_NAMES = {
    "anger": ["anger", "angry", "ang", "wut", "arger", "ärger"],
    "boredom": ["boredom", "bored", "langeweile"],
    "calm": ["calm"],
    "disgust": ["disgust", "disgusted", "dis", "ekel"],
    "fear": ["fear", "fearful", "afraid", "fea", "angst"],
    "frustration": ["frustration", "frustrated", "fru"],
    # "excited"/"exc" follow the IEMOCAP 4-class convention (Busso et al. 2008 protocol
    # as used since Lee et al. 2011): excitement is merged into happiness.
    "happiness": ["happiness", "happy", "joy", "hap", "freude", "excited", "excitement", "exc"],
    "neutral": ["neutral", "neu"],
    "sadness": ["sadness", "sad", "sa", "trauer"],
    "surprise": [
        "surprise", "surprised", "sur", "su", "ps", "pleasant surprise", "pleasant surprised",
        "pleasantly surprised",
    ],
}
_CASE_INSENSITIVE = {alias: name for name, aliases in _NAMES.items() for alias in aliases}


def _key(label):
    return re.sub(r"[\s_\-]+", " ", label.strip().lower())


def _harmonize_one(label):
    if not isinstance(label, str):
        raise ValueError(f"emotion label {label!r} is not a string")
    stripped = label.strip()
    if stripped in _CASE_SENSITIVE:
        return _CASE_SENSITIVE[stripped]
    key = _key(stripped)
    if key in _CASE_INSENSITIVE:
        return _CASE_INSENSITIVE[key]
    raise ValueError(
        f"unknown emotion label {label!r}; known names are {list(CANONICAL_EMOTIONS)} "
        "and their corpus codes (see skser.datasets.harmonize_labels)"
    )


def harmonize_labels(labels):
    """Map emotion names and codes of any supported corpus onto :data:`CANONICAL_EMOTIONS`.

    ============  =====================================================================
    canonical     accepted (names case-insensitive; ``_``/``-`` read as spaces)
    ============  =====================================================================
    anger         anger, angry, ang (IEMOCAP, CREMA-D), ``W`` (EMO-DB), ``a`` (SAVEE)
    boredom       boredom, bored, ``L`` (EMO-DB)
    calm          calm (RAVDESS)
    disgust       disgust, disgusted, dis, ``E`` (EMO-DB), ``d`` (SAVEE)
    fear          fear, fearful, fea, ``A`` (EMO-DB), ``f`` (SAVEE)
    frustration   frustration, frustrated, fru (IEMOCAP)
    happiness     happiness, happy, joy, hap, ``F`` (EMO-DB), ``h`` (SAVEE);
                  excited, excitement, exc (IEMOCAP 4-class convention)
    neutral       neutral, neu, ``N`` (EMO-DB), ``n`` (SAVEE)
    sadness       sadness, sad, sa (SAVEE), ``T`` (EMO-DB)
    surprise      surprise, surprised, sur, su (SAVEE), ps / pleasant surprise (TESS)
    ============  =====================================================================

    Parameters
    ----------
    labels : str or array-like of str of shape (n_samples,)
        Emotion names or corpus codes. Single-letter codes are case-sensitive:
        upper case is EMO-DB's German initials, lower case is SAVEE's codes
        (EMO-DB ``A`` is fear while SAVEE ``a`` is anger).

    Returns
    -------
    canonical : str or ndarray of shape (n_samples,), dtype object
        A str for a str input, else an object array of canonical names.

    Raises
    ------
    ValueError
        If a label is not a known name or code; the message names it.

    See Also
    --------
    shared_labels : Canonical classes common to several corpora.
    restrict_to_labels : Keep only the samples of given classes.

    Notes
    -----
    Excitement is mapped to happiness, the usual 4-class IEMOCAP setup; keep the
    raw ``emotion_code`` column of :func:`load_iemocap` if you need them apart.
    Numeric RAVDESS codes (``"05"``) are not accepted here since they clash with
    other numbering; :func:`fetch_ravdess` decodes them.

    Examples
    --------
    >>> from skser.datasets import harmonize_labels
    >>> harmonize_labels(["W", "angry", "ps", "F", "f"]).tolist()
    ['anger', 'anger', 'surprise', 'happiness', 'fear']
    """
    if isinstance(labels, str):
        return _harmonize_one(labels)
    values = [_harmonize_one(v) for v in np.asarray(labels, dtype=object).ravel()]
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def shared_labels(*targets):
    """Sorted canonical classes present in every given target array.

    Parameters
    ----------
    *targets : array-like of str of shape (n_samples_i,)
        Targets of two or more corpora (e.g. ``fetch_emodb().target``); names or
        codes are harmonized first.

    Returns
    -------
    labels : list of str
        Sorted canonical names present in all of them; empty if none is shared.

    Raises
    ------
    ValueError
        If no target is given or one holds an unknown label.

    Examples
    --------
    >>> from skser.datasets import shared_labels
    >>> shared_labels(["anger", "boredom", "neutral"], ["angry", "calm", "neutral"])
    ['anger', 'neutral']
    """
    if not targets:
        raise ValueError("shared_labels needs at least one target array")
    sets = [set(harmonize_labels(list(np.asarray(t, dtype=object).ravel()))) for t in targets]
    return sorted(set.intersection(*sets))


def label_mask(target, labels):
    """Boolean mask of the samples whose label is one of ``labels``.

    Parameters
    ----------
    target : array-like of str of shape (n_samples,)
        Canonical emotion names (as the loaders return them).
    labels : iterable of str
        Classes to keep; names or codes, harmonized first.

    Returns
    -------
    mask : ndarray of shape (n_samples,), dtype bool
    """
    keep = set(harmonize_labels(list(labels))) if not isinstance(labels, str) else {
        harmonize_labels(labels)
    }
    return np.array([t in keep for t in np.asarray(target, dtype=object).ravel()], dtype=bool)


def restrict_to_labels(data, labels, *arrays):
    """Keep only the samples of the given classes, e.g. the classes two corpora share.

    Parameters
    ----------
    data : Bunch or array-like of shape (n_samples,)
        A loader's Bunch (then every per-sample field and ``frame`` are filtered
        and ``target_names`` is updated), or a target array.
    labels : iterable of str
        Classes to keep, e.g. ``shared_labels(a.target, b.target)``.
    *arrays : array-like of shape (n_samples, ...)
        Only with a target array: further arrays to filter the same way
        (filenames, features, groups).

    Returns
    -------
    restricted : Bunch, or tuple of ndarray
        A new Bunch, or ``(target, *arrays)`` filtered, in the order given.

    Examples
    --------
    >>> from skser.datasets import restrict_to_labels
    >>> y, g = restrict_to_labels(["anger", "calm", "sadness"], ["anger", "sadness"],
    ...                           ["ravdess/01", "ravdess/02", "ravdess/03"])
    >>> y.tolist(), g.tolist()
    (['anger', 'sadness'], ['ravdess/01', 'ravdess/03'])
    """
    if isinstance(data, Bunch) and "target" in data:
        if arrays:
            raise ValueError("pass either a Bunch or a target array with extra arrays")
        mask = label_mask(data.target, labels)
        out = Bunch(**data)
        for key in ("filenames", "target", "groups"):
            if key in data:
                out[key] = np.asarray(data[key], dtype=object)[mask]
        if "frame" in data and data.frame is not None:
            out["frame"] = data.frame.loc[mask].reset_index(drop=True)
        out["target_names"] = sorted(set(out["target"]))
        return out
    target = np.asarray(data, dtype=object)
    mask = label_mask(target, labels)
    result = [target[mask]]
    for arr in arrays:
        if hasattr(arr, "iloc"):
            result.append(arr.iloc[mask])
        else:
            arr = np.asarray(arr, dtype=object) if isinstance(arr, list) else np.asarray(arr)
            if len(arr) != len(target):
                raise ValueError(
                    f"array of length {len(arr)} does not match the {len(target)} targets"
                )
            result.append(arr[mask])
    return tuple(result)


def gender_emotion_target(data, sep="_"):
    """Joint gender x emotion labels, e.g. ``"female_anger"``.

    Parameters
    ----------
    data : Bunch or pandas.DataFrame
        A loader's Bunch (its ``frame`` is used) or such a frame, with ``gender``
        and ``emotion`` columns.
    sep : str, default="_"
        Separator between gender and emotion.

    Returns
    -------
    target : ndarray of shape (n_samples,), dtype object
        ``gender + sep + emotion`` per sample.

    Raises
    ------
    ValueError
        If a sample's gender is unknown (None/NaN), naming its path.

    Examples
    --------
    >>> import pandas as pd
    >>> from skser.datasets import gender_emotion_target
    >>> frame = pd.DataFrame({"path": ["a.wav"], "gender": ["female"], "emotion": ["anger"]})
    >>> gender_emotion_target(frame).tolist()
    ['female_anger']
    """
    frame = data.frame if isinstance(data, Bunch) else data
    unknown = frame["gender"].isna()
    if unknown.any():
        where = frame["path"][unknown].iloc[0] if "path" in frame else unknown.idxmax()
        raise ValueError(
            f"gender unknown for {int(unknown.sum())} sample(s), first {where!r}; "
            "gender x emotion targets need a gender for every sample"
        )
    out = np.empty(len(frame), dtype=object)
    out[:] = (frame["gender"].astype(str) + sep + frame["emotion"].astype(str)).tolist()
    return out
