"""Exceptions raised by skser.

Every error skser raises on purpose derives from :class:`SkserError`; each
subclass also derives from the matching builtin, so ``except ValueError`` or
``except OSError`` keep working in user code.
"""

__all__ = ["SkserError", "AudioLoadError", "CorpusNotFoundError"]


class SkserError(Exception):
    """Root of all exceptions raised by skser."""


class AudioLoadError(SkserError, ValueError):
    """An audio file could not be turned into a valid waveform.

    Raised for a missing file, a file libsndfile cannot decode (not audio,
    truncated, unsupported format), a file with no samples, and a file whose
    samples contain NaN or Inf. The message names the file and the cause.

    Attributes
    ----------
    path : str
        The file that failed.
    reason : str
        Short description of the cause.
    """

    def __init__(self, path, reason):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"cannot load audio file '{self.path}': {reason}")

    def __reduce__(self):
        # keep the exception picklable across joblib worker processes
        return (type(self), (self.path, self.reason))


class CorpusNotFoundError(SkserError, FileNotFoundError):
    """A corpus is not where skser looked for it and could not be downloaded.

    The message gives the folder that was searched and the layout expected.
    """
