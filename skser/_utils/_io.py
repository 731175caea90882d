"""Atomic file writes: a file is either written whole or left as it was."""

import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write", "atomic_write_bytes", "atomic_write_text"]


def atomic_write(path, write, mode="w"):
    """Write a file through a temporary sibling and :func:`os.replace`.

    Parameters
    ----------
    path : str or path-like
        Destination; its parent folders are created. An existing file is replaced only
        once ``write`` has returned.
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
