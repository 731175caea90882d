"""Atomic file writes, tab-separated lines and file ids for the outputs of skser."""

import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write", "atomic_write_bytes", "atomic_write_text", "file_mode",
           "file_ids", "tsv_line"]


def file_mode():
    """Permission bits of a new file under the process umask (``0o666 & ~umask``).

    What :func:`open` gives a new file; :func:`tempfile.mkstemp` gives ``0o600``
    instead, so a file written through a temporary one is set to this mode before
    it is renamed into place.
    """
    mask = os.umask(0o022)  # reading the umask means setting it; restored at once
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path, write, mode="w"):
    """Write a file through a temporary sibling and :func:`os.replace`.

    Parameters
    ----------
    path : str or path-like
        Destination; its parent folders are created. An existing file is replaced only
        once ``write`` has returned. The new file gets the permissions of any new file
        under the umask (:func:`file_mode`, ``0o644`` for a umask of ``0o022``).
    write : callable
        Called with the open temporary file object; writes the whole content.
    mode : {"w", "wb"}, default="w"
        Text (UTF-8) or binary.

    Raises
    ------
    OSError
        If the folder cannot be created or the file cannot be written; the temporary
        file is removed and ``path`` is left as it was. Errors raised by ``write``
        propagate likewise.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **({"encoding": "utf-8"} if "b" not in mode else {})) as f:
            write(f)
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write_text(path, text):
    """Write ``text`` (UTF-8) to ``path`` atomically; see :func:`atomic_write`."""
    atomic_write(path, lambda f: f.write(text))


def atomic_write_bytes(path, data):
    """Write ``data`` to ``path`` atomically; see :func:`atomic_write`."""
    atomic_write(path, lambda f: f.write(data), mode="wb")


def tsv_line(fields):
    """One tab-separated line, fields quoted as in CSV where they need it.

    A field holding a tab, a line break or a double quote is enclosed in double
    quotes, its quotes doubled (:mod:`csv` with ``delimiter="\\t"``, also for a
    lone carriage return), so ``pandas.read_csv(path, sep="\\t", header=None,
    dtype=str, keep_default_na=False)`` reads every field back exactly.

    Parameters
    ----------
    fields : iterable of str
        The fields, in order.

    Returns
    -------
    line : str
        The fields joined by tabs, ending with ``"\\n"``.
    """
    out = []
    for field in fields:
        field = str(field)
        if any(c in field for c in '\t\n\r"'):
            field = '"' + field.replace('"', '""') + '"'
        out.append(field)
    return "\t".join(out) + "\n"


def file_ids(paths):
    """Unique, short ids of files: their paths relative to the folder common to all.

    The extension is dropped (``wav/03a01Fa.wav`` -> ``03a01Fa``) unless that would
    make two ids equal (``a.wav`` beside ``a.flac``); folders are joined with ``/``.
    Files of one folder get their stems; ``x/a.wav`` and ``y/a.wav`` get ``x/a``
    and ``y/a``.

    Parameters
    ----------
    paths : sequence of str or path-like
        The files; relative paths are taken from the current folder.

    Returns
    -------
    ids : list of str
        One id per path, in order; equal only for equal paths.
    """
    full = [os.path.abspath(os.fspath(p)) for p in paths]
    if not full:
        return []
    try:
        root = os.path.commonpath(full)
    except ValueError:  # paths on different drives
        root = ""
    if root in full:  # one file, or the same file every time
        root = os.path.dirname(root)
    rel = [os.path.relpath(p, root) if root else p for p in full]
    ids = [os.path.splitext(r)[0] for r in rel]
    if len(set(ids)) < len(set(rel)):
        ids = rel
    return [i.replace(os.sep, "/") for i in ids]
