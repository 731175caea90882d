"""Users' own recordings: one sub-folder per class, like sklearn.datasets.load_files."""

import os
import re

from sklearn.utils._param_validation import validate_params

from ..exceptions import CorpusNotFoundError
from ._base import (
    Skipped,
    broken_link_reason,
    is_broken_link,
    make_bunch,
    missing_message,
    walk_files,
)
from ._labels import harmonize_labels

__all__ = ["load_audio_folder"]

LAYOUT = "one sub-folder per class (e.g. angry/, neutral/) holding audio files"
_COLUMNS = ["label", "speaker_code"]


def _canonical(label):
    try:
        return harmonize_labels(label)
    except ValueError:
        return label


@validate_params(
    {"root": [str, os.PathLike], "speaker_pattern": [str, re.Pattern, None],
     "return_X_y": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def load_audio_folder(root, *, speaker_pattern=None, return_X_y=False):
    """Load a folder of recordings sorted into one sub-folder per class.

    ::

        root/
            angry/  spk1_take1.wav  spk2_take1.flac  sub/spk1_take2.wav
            happy/  ...

    Every audio file (any libsndfile extension, at any depth below its class
    folder) is one sample. The class is the sub-folder's name, mapped to the
    canonical vocabulary when :func:`harmonize_labels` knows it (``angry`` ->
    ``anger``) and kept as written otherwise (``pain``). Files directly in
    ``root``, non-audio and empty files, and (with ``speaker_pattern``) names
    the pattern does not match are skipped with one ``UserWarning``.

    Parameters
    ----------
    root : str or path-like
        The folder; its base name is used as the corpus name in ``groups``.
    speaker_pattern : str or re.Pattern, default=None
        Regular expression searched (``re.search``) in each file's name without
        extension; the named group ``speaker``, else the first group, else the
        whole match is the speaker. ``None``: no speaker information, and every
        file is its own group (see Notes).
    return_X_y : bool, default=False
        Return ``(filenames, target, groups)`` instead of a Bunch.

    Returns
    -------
    data : Bunch
        filenames : ndarray of shape (n_files,), dtype object
            Absolute paths, sorted.
        target : ndarray of shape (n_files,), dtype object
            Class of each file.
        groups : ndarray of shape (n_files,), dtype object
            ``"<root name>/<speaker>"``, or ``"<root name>/<class>/<relative path
            without extension>"`` without ``speaker_pattern``.
        frame : pandas.DataFrame
            ``path``, ``speaker`` (= groups), ``emotion`` (= target), ``gender``
            (None: unknown), ``corpus`` (root's base name), ``label`` (folder name
            as written), ``speaker_code`` (regex match, or None).
        target_names : list of str
            Sorted classes.
        DESCR : str
            Short description of this layout.
    (filenames, target, groups) : tuple of ndarray
        If ``return_X_y`` is True.

    Raises
    ------
    CorpusNotFoundError
        If ``root`` does not exist or no class folder holds an audio file.

    Notes
    -----
    Without ``speaker_pattern`` the groups say nothing about speakers, so a
    group-aware splitter (``LeaveOneGroupOut``) gives no speaker independence;
    pass a pattern such as ``r"^(?P<speaker>[^_]+)_"`` to get it.

    Examples
    --------
    >>> from skser.datasets import load_audio_folder
    >>> data = load_audio_folder("my_recordings", speaker_pattern=r"^(\\w+?)_")  # doctest: +SKIP
    """
    root = os.path.abspath(os.fspath(root))
    if not os.path.isdir(root):
        raise CorpusNotFoundError(missing_message("Audio folder", root, LAYOUT))
    if speaker_pattern is not None:
        speaker_pattern = re.compile(speaker_pattern)
    corpus = os.path.basename(root.rstrip(os.sep)) or "audio"
    skipped = Skipped(f"load_audio_folder({corpus!r})", root)
    records = []
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        if is_broken_link(entry.path):
            skipped.add(entry.path, broken_link_reason(entry.path))
            continue
        if entry.is_file():
            skipped.add(entry.path, "not inside a class folder")
            continue
        if not entry.is_dir():
            continue
        files, _ = walk_files(entry.path)
        for path in skipped.split_audio(files):
            stem = os.path.splitext(os.path.basename(path))[0]
            speaker_code = None
            if speaker_pattern is not None:
                m = speaker_pattern.search(stem)
                if m is None:
                    skipped.add(path, f"name does not match speaker_pattern "
                                      f"{speaker_pattern.pattern!r}")
                    continue
                if "speaker" in speaker_pattern.groupindex:
                    speaker_code = m.group("speaker")
                elif speaker_pattern.groups:
                    speaker_code = m.group(1)
                else:
                    speaker_code = m.group(0)
                group = f"{corpus}/{speaker_code}"
            else:
                rel = os.path.splitext(os.path.relpath(path, root))[0]
                group = f"{corpus}/{rel.replace(os.sep, '/')}"
            records.append({
                "path": path,
                "speaker": group,
                "emotion": _canonical(entry.name),
                "gender": None,
                "corpus": corpus,
                "label": entry.name,
                "speaker_code": speaker_code,
            })
    skipped.warn()
    return make_bunch(
        records, columns=_COLUMNS, descr="folder", return_X_y=return_X_y,
        not_found=lambda: CorpusNotFoundError(
            missing_message("Audio folder", root, LAYOUT) + " No class folder holds audio."),
    )
