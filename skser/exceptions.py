"""Exceptions raised by skser.

Every error skser raises on purpose derives from :class:`SkserError`; each
subclass also derives from the matching builtin, so ``except ValueError`` or
``except OSError`` keep working in user code.
"""

__all__ = ["SkserError", "AudioLoadError", "AudioFileError", "InvalidAudioError",
           "CorpusNotFoundError"]


class SkserError(Exception):
    """Root of all exceptions raised by skser."""


class AudioLoadError(SkserError):
    """An audio file could not be turned into a valid waveform.

    Never raised itself: a file that is missing or cannot be opened raises
    :class:`AudioFileError` (an ``OSError``), a file whose content is not valid
    audio raises :class:`InvalidAudioError` (a ``ValueError``). Catch this class
    for either. The message names the file and the cause.

    Parameters
    ----------
    path : str or path-like
        The file that failed.
    reason : str
        Short description of the cause.

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


class AudioFileError(AudioLoadError, OSError):
    """An audio file is missing, is a directory or cannot be opened for reading.

    Parameters
    ----------
    path : str or path-like
        The file that failed.
    reason : str
        Short description of the cause.
    """


class InvalidAudioError(AudioLoadError, ValueError):
    """An audio file's content is not a usable waveform.

    Raised for a file libsndfile cannot decode (not audio, truncated,
    unsupported format), a file with no samples, a file whose samples contain
    NaN or Inf, and an offset past the end of the file.

    Parameters
    ----------
    path : str or path-like
        The file that failed.
    reason : str
        Short description of the cause.
    """


class CorpusNotFoundError(SkserError, FileNotFoundError):
    """A corpus is not where skser looked for it and could not be downloaded.

    The message gives the folder that was searched and the layout expected.
    """


__all__ += ["ModelFileError", "ModelNotFoundError", "ModelVersionWarning", "OutputExistsError"]


class ModelNotFoundError(SkserError, FileNotFoundError):
    """A model file given to :func:`skser.persistence.load_model` does not exist.

    The message names the file.
    """


class ModelFileError(SkserError, ValueError):
    """A file is not a skser model that this installation can load.

    Raised by :func:`skser.persistence.load_model` for a directory, a file that is
    not a joblib/pickle file or is truncated, an object that is not a fitted
    estimator, a newer model format, and a model whose code no longer exists
    (which must be retrained). The message names the file and the cause.

    Parameters
    ----------
    path : str or path-like
        The file that failed.
    reason : str
        Short description of the cause.

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
        super().__init__(f"cannot load model '{self.path}': {reason}")

    def __reduce__(self):
        return (type(self), (self.path, self.reason))


class OutputExistsError(SkserError, FileExistsError):
    """An output path exists and would be replaced without permission to overwrite.

    The message names the path and how to allow the overwrite.
    """


class ModelVersionWarning(UserWarning):
    """A model file was saved with other versions of skser or its libraries.

    Issued by :func:`skser.persistence.load_model`; the message lists the versions
    recorded in the file and the installed ones.
    """


__all__ += ["DegenerateAudioWarning"]


class DegenerateAudioWarning(UserWarning):
    """Recordings were too degenerate to describe; their feature rows are NaN.

    A recording is *degenerate* when it is digital silence or constant (its
    peak-to-peak amplitude is below 1e-5 of full scale) or shorter than one
    analysis window of the extractor. Issued once per ``transform`` call by the
    :mod:`skser.features` extractors, naming each such recording (its index in
    ``X``, and its file for a path) and the reason.

    Parameters
    ----------
    message : str
        The text of the warning.
    items : sequence of (int, str or None, str), default=()
        One ``(index, path, reason)`` per degenerate recording; ``path`` is None
        for a waveform.

    Attributes
    ----------
    items : tuple of (int, str or None, str)
        The degenerate recordings, as given.
    """

    def __init__(self, message, items=()):
        super().__init__(message)
        self.items = tuple(items)

    def __reduce__(self):
        return (type(self), (str(self), self.items))
