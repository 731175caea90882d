"""Shared machinery of the corpus loaders: data home, file walking, Bunch, download."""

import os
import shutil
import sys
import tempfile
import urllib.request
import warnings
import zipfile
from importlib import resources

import numpy as np
import pandas as pd
from sklearn.utils import Bunch

from ..exceptions import CorpusNotFoundError
from ..io import AUDIO_EXTENSIONS

__all__ = ["get_data_home"]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}

#: Columns every loader's ``frame`` starts with, in this order.
BASE_COLUMNS = ["path", "speaker", "emotion", "gender", "corpus"]


def get_data_home(data_home=None):
    """Folder under which skser looks for (and downloads) corpora.

    Parameters
    ----------
    data_home : str or path-like, default=None
        Folder to use. ``None`` means ``$SKSER_DATA`` when that variable is set and
        not empty, else ``~/skser_data``. ``~`` is expanded.

    Returns
    -------
    data_home : str
        Absolute path. It is not created here: loaders only read it, and only a
        download (``fetch_*(download_if_missing=True)``) creates it.

    Examples
    --------
    >>> from skser.datasets import get_data_home
    >>> get_data_home("/data/corpora")
    '/data/corpora'
    """
    if data_home is None:
        data_home = os.environ.get("SKSER_DATA") or os.path.join("~", "skser_data")
    return os.path.abspath(os.path.expanduser(os.fspath(data_home)))


def is_audio_name(name):
    """Whether a file name has an extension skser treats as audio (case-insensitive)."""
    return os.path.splitext(name)[1].lower() in AUDIO_EXTENSIONS


def walk_files(folder, recursive=True):
    """Sorted absolute paths of the regular files under ``folder``.

    Hidden files (``.name``, including macOS ``._name`` resource forks) and OS
    litter (``Thumbs.db``) are returned separately so loaders can skip them
    silently. Broken symbolic links are among ``files``, for
    :meth:`Skipped.split_audio` to report. Returns ``(files, hidden)``.
    """
    files, hidden = [], []
    if recursive:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__MACOSX")))
            for name in filenames:
                path = os.path.join(dirpath, name)
                (hidden if _is_litter(name) else files).append(path)
    else:
        for entry in os.scandir(folder):
            if entry.is_file() or is_broken_link(entry.path):
                (hidden if _is_litter(entry.name) else files).append(entry.path)
    return sorted(os.path.abspath(p) for p in files), sorted(hidden)


def is_broken_link(path):
    """Whether ``path`` is a symbolic link whose target does not exist."""
    return os.path.islink(path) and not os.path.exists(path)


def broken_link_reason(path):
    """Why a broken link is skipped, with its target."""
    try:
        target = os.readlink(path)
    except OSError:
        return "broken symbolic link"
    return f"broken symbolic link (its target '{target}' does not exist)"


def _is_litter(name):
    return name.startswith(".") or name in _IGNORED_NAMES


class Skipped:
    """Collects files a loader skipped, with the reason, for one warning."""

    def __init__(self, corpus, root):
        self.corpus = corpus
        self.root = root
        self.items = []

    def add(self, path, reason):
        self.items.append((path, reason))

    def split_audio(self, files):
        """Keep audio files (by extension), record non-empty others as skipped.

        Zero-byte audio files and broken symbolic links are skipped too: they can
        never be decoded.
        """
        audio = []
        for path in files:
            if is_broken_link(path):
                self.add(path, broken_link_reason(path))
            elif not is_audio_name(path):
                self.add(path, "not an audio file extension")
            elif os.path.getsize(path) == 0:
                self.add(path, "empty file (0 bytes)")
            else:
                audio.append(path)
        return audio

    def warn(self, limit=20):
        """Emit one UserWarning listing what was skipped (nothing if nothing was)."""
        if not self.items:
            return
        lines = []
        for path, reason in self.items[:limit]:
            rel = os.path.relpath(path, self.root) if self.root else path
            lines.append(f"  {rel}: {reason}")
        if len(self.items) > limit:
            lines.append(f"  ... and {len(self.items) - limit} more")
        warnings.warn(
            f"{self.corpus}: skipped {len(self.items)} file(s) under '{self.root}':\n"
            + "\n".join(lines),
            UserWarning,
            stacklevel=external_stacklevel(),
        )


def external_stacklevel():
    """``stacklevel`` that makes a warning point at the first caller outside this package.

    Equivalent to ``stacklevel=2`` seen from the public function the user called,
    also when that function is reached through another loader (``load_corpus``).
    """
    frame = sys._getframe(1)  # the function that calls warnings.warn
    level = 1
    while frame is not None and _is_internal(frame.f_code.co_filename):
        frame = frame.f_back
        level += 1
    return level


def _is_internal(filename):
    filename = os.path.abspath(filename)
    # sklearn's validate_params wrapper sits between the user and our loaders
    return os.path.dirname(filename) == _PACKAGE_DIR or filename.endswith(
        os.path.join("sklearn", "utils", "_param_validation.py"))


def dedupe_stems(paths, skipped):
    """Keep one file per (folder, lower-case stem): ``a.wav`` and ``a.flac`` are one recording."""
    seen = {}
    kept = []
    for path in paths:
        key = os.path.splitext(path)[0].lower()
        if key in seen:
            skipped.add(path, f"duplicate of {os.path.basename(seen[key])}")
            continue
        seen[key] = path
        kept.append(path)
    return kept


def load_descr(name):
    """Text of ``descr/<name>.rst`` shipped with the package."""
    return resources.files("skser.datasets").joinpath("descr", f"{name}.rst").read_text(
        encoding="utf-8"
    )


def make_bunch(records, *, columns, descr, return_X_y, not_found):
    """Build the loader result from one dict per file.

    Parameters
    ----------
    records : list of dict
        One per file, each with at least the :data:`BASE_COLUMNS` keys.
    columns : list of str
        Corpus-specific columns, appended after :data:`BASE_COLUMNS`.
    descr : str
        Name of the ``descr/*.rst`` file.
    return_X_y : bool
        Return ``(filenames, target, groups)`` instead of a Bunch.
    not_found : callable
        Called with no argument to build the CorpusNotFoundError raised when
        ``records`` is empty.
    """
    if not records:
        raise not_found()
    frame = pd.DataFrame.from_records(records, columns=BASE_COLUMNS + list(columns))
    frame = frame.sort_values("path", kind="stable").reset_index(drop=True)
    filenames = frame["path"].to_numpy(dtype=object)
    target = frame["emotion"].to_numpy(dtype=object)
    groups = frame["speaker"].to_numpy(dtype=object)
    if return_X_y:
        return filenames, target, groups
    return Bunch(
        filenames=filenames,
        target=target,
        groups=groups,
        frame=frame,
        target_names=sorted(set(target)),
        DESCR=load_descr(descr),
    )


def missing_message(corpus, folder, layout, *, fetch=False):
    """Text of a CorpusNotFoundError: where we looked, what we expected, what to do."""
    msg = (
        f"{corpus} not found in '{folder}' (expected {layout}); "
        "pass data_home= or set SKSER_DATA"
    )
    if fetch:
        msg += ", or allow download_if_missing=True"
    return msg + "."


def download_corpus(url, data_home, name, *, corpus, layout, find_root, timeout=60):
    """Download a zip into ``data_home/name`` atomically.

    The archive goes to a temporary file inside ``data_home``, is checked to be a
    zip with the corpus' layout (``find_root(namelist)`` returns the member
    prefix of the corpus root, or None), is extracted into a temporary folder
    inside ``data_home``, and that folder is renamed into place. On any failure
    the temporary files are removed and :class:`CorpusNotFoundError` says where
    to put the files by hand.

    Returns
    -------
    folder : str
        ``data_home/name``.
    """
    target = os.path.join(data_home, name)
    where = (
        f"download {url} yourself and unzip it so that '{target}' holds {layout}, "
        "or pass data_home= / set SKSER_DATA to a folder that has it"
    )
    tmp_zip = tmp_dir = None
    try:
        os.makedirs(data_home, exist_ok=True)
        if os.path.isdir(target) and os.listdir(target):
            raise CorpusNotFoundError(
                f"{corpus}: '{target}' exists but does not hold {layout}; not overwriting "
                f"it. Move it away and retry, or {where}."
            )
        fd, tmp_zip = tempfile.mkstemp(prefix=f".{name}-", suffix=".zip.part", dir=data_home)
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as resp:
            total = int(resp.headers.get("Content-Length") or 0) or None
            with _progress(total, f"Downloading {corpus}") as bar:
                while True:
                    chunk = resp.read(1 << 20)
                    if not chunk:
                        break
                    out.write(chunk)
                    bar.update(len(chunk))
        if not zipfile.is_zipfile(tmp_zip):
            raise ValueError("the downloaded file is not a zip archive")
        with zipfile.ZipFile(tmp_zip) as archive:
            names = archive.namelist()
            for member in names:
                norm = os.path.normpath(member)
                if os.path.isabs(member) or norm == ".." or norm.startswith(".." + os.sep):
                    raise ValueError(f"unsafe member path in archive: {member!r}")
            prefix = find_root(names)
            if prefix is None:
                raise ValueError(f"the archive does not contain {layout}")
            bad = archive.testzip()
            if bad is not None:
                raise ValueError(f"corrupt member in archive: {bad!r}")
            tmp_dir = tempfile.mkdtemp(prefix=f".{name}-", suffix=".part", dir=data_home)
            archive.extractall(tmp_dir)
        root = os.path.join(tmp_dir, prefix) if prefix else tmp_dir
        try:
            if os.path.isdir(target):
                os.rmdir(target)  # empty (checked above)
            os.replace(root, target)
        except OSError:
            # another process finished the same download first: keep its copy
            if not (os.path.isdir(target) and os.listdir(target)):
                raise
        return target
    except CorpusNotFoundError:
        raise
    except Exception as exc:
        raise CorpusNotFoundError(
            f"{corpus} not found in '{target}' and the download from {url} failed "
            f"({type(exc).__name__}: {exc}). To install it by hand, {where}."
        ) from exc
    finally:
        if tmp_zip is not None and os.path.exists(tmp_zip):
            os.remove(tmp_zip)
        if tmp_dir is not None and os.path.isdir(tmp_dir):
            shutil.rmtree(tmp_dir, ignore_errors=True)


class _NullBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n):
        pass


def _progress(total, desc):
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return _NullBar()
    return tqdm(total=total, desc=desc, unit="B", unit_scale=True, leave=False,
                disable=None)


def zip_root(names, marker):
    """Prefix (``""`` or ``"dir/"``) of the first member path matching ``marker``.

    ``marker(parts)`` receives a member's path split on ``/`` and returns the
    number of leading parts that belong to the corpus root's *parent*
    (i.e. the index where the corpus layout starts), or None.
    """
    for member in names:
        parts = member.split("/")
        start = marker(parts)
        if start is not None:
            return "/".join(parts[:start]) + ("/" if start else "")
    return None


def as_object_array(values):
    """1-D object ndarray of Python strings (or None)."""
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out
