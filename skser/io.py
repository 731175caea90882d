"""Audio input: read any file libsndfile decodes as a mono float32 waveform.

All decoding goes through :mod:`soundfile` (libsndfile), which recognises the
container from the file's content, not its extension; resampling uses
:mod:`soxr` at high quality. Every failure is re-raised as
:class:`skser.exceptions.AudioFileError` (an ``OSError``: missing or unreadable file)
or :class:`skser.exceptions.InvalidAudioError` (a ``ValueError``: content that is not
a usable waveform), both naming the file and the cause.
"""

import numbers
import os
import re
from dataclasses import dataclass

import numpy as np
import soundfile as sf
import soxr

from .exceptions import AudioFileError, AudioLoadError, InvalidAudioError

__all__ = ["load_audio", "audio_info", "AudioInfo", "AUDIO_EXTENSIONS", "SAMPLE_RATE_RANGE",
           "DEFAULT_MAX_DURATION", "max_duration"]

#: File extensions (lower case, with dot) that skser treats as audio when it
#: walks a folder. Decoding itself never relies on the extension.
#: Sampling rates (Hz) a file may declare: 4 kHz (below any speech codec) to 384 kHz
#: (the highest studio rate). A header outside it is refused with the file and the
#: rate named, so a corrupt or hostile header cannot make a resampler allocate hours
#: of audio.
SAMPLE_RATE_RANGE = (4000, 384000)

#: Default of :func:`max_duration`, in seconds; the environment variable
#: ``SKSER_MAX_DURATION`` overrides it (also in joblib workers, which inherit it).
DEFAULT_MAX_DURATION = 600.0


def max_duration():
    """Longest span, in seconds, that :func:`load_audio` reads from one file.

    Whole-file feature extraction holds a file's samples in memory (about
    4 bytes per sample and channel at the file's rate, then again at the
    target rate), so longer files are refused with a message saying what to
    do instead of filling the memory. Loading one channel (``mono=True``, what the
    extractors do) holds at most ``4 * max_duration() * rate`` bytes of samples
    whatever the channel count, since channels are mixed down block by block:
    about 115 MB for 600 s at 48 kHz, 0.92 GB at the 384 kHz top of
    :data:`SAMPLE_RATE_RANGE`, plus the resampled copy at the target rate (38 MB
    for 600 s at 16 kHz). Set ``SKSER_MAX_DURATION`` (seconds; ``0``
    or ``inf`` for no limit) to change it, for the calling process and for the
    feature workers it starts.

    Returns
    -------
    seconds : float
        The limit in seconds (``inf`` for none), :data:`DEFAULT_MAX_DURATION` by
        default.

    Raises
    ------
    ValueError
        If ``SKSER_MAX_DURATION`` is set to something other than a number >= 0.
    """
    text = os.environ.get("SKSER_MAX_DURATION")
    if text is None or not text.strip():
        return DEFAULT_MAX_DURATION
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:  # also NaN
        raise ValueError(f"SKSER_MAX_DURATION must be a number of seconds >= 0 "
                         f"(0 or inf: no limit), got {text!r}")
    return float("inf") if value == 0 else value


AUDIO_EXTENSIONS = (
    ".wav", ".flac", ".ogg", ".oga", ".opus", ".aif", ".aiff", ".aifc",
    ".mp3", ".au", ".snd", ".caf", ".w64", ".rf64",
)


@dataclass(frozen=True)
class AudioInfo:
    """What the header of an audio file says.

    Attributes
    ----------
    path : str
        The file.
    samplerate : int
        Sampling rate in Hz.
    channels : int
        Number of channels.
    frames : int
        Number of samples per channel.
    duration : float
        Length in seconds (``frames / samplerate``).
    format : str
        libsndfile container name, e.g. ``"WAV"``, ``"FLAC"``, ``"AIFF"``.
    subtype : str
        libsndfile sample encoding, e.g. ``"PCM_16"``, ``"FLOAT"``.
    """

    path: str
    samplerate: int
    channels: int
    frames: int
    duration: float
    format: str
    subtype: str


def _check_path(path):
    path = os.fspath(path)
    if not os.path.exists(path):
        raise AudioFileError(path, "file does not exist")
    if os.path.isdir(path):
        raise AudioFileError(path, "is a directory, not an audio file")
    if not os.access(path, os.R_OK):
        raise AudioFileError(path, "permission denied (the file is not readable)")
    if os.path.getsize(path) == 0:
        raise InvalidAudioError(path, "file is empty (0 bytes)")
    return path


def audio_info(path):
    """Read the header of an audio file without decoding its samples.

    Parameters
    ----------
    path : str or path-like
        Audio file in any format libsndfile reads (detected from content).

    Returns
    -------
    info : AudioInfo
        Sampling rate (Hz), channel count, length in samples and seconds, format.

    Raises
    ------
    AudioFileError
        If the file is missing, a directory or not readable.
    InvalidAudioError
        If the file is empty or not decodable audio.
    """
    path = _check_path(path)
    try:
        info = sf.info(path)
    except Exception as exc:  # libsndfile raises LibsndfileError/RuntimeError/TypeError
        raise InvalidAudioError(path, f"not a readable audio file ({_short(exc)})") from exc
    return AudioInfo(
        path=path,
        samplerate=int(info.samplerate),
        channels=int(info.channels),
        frames=int(info.frames),
        duration=float(info.frames) / info.samplerate if info.samplerate else 0.0,
        format=str(info.format),
        subtype=str(info.subtype),
    )


# libsndfile's header log, e.g. "data : 32000 (should be 956)": the header promises more
# bytes than the file holds. Sizes 0xFFFFFFFF / 0x7FFFFFFF mean "unknown" (streamed files).
_SIZE_LOG = re.compile(
    r"^\s*(data|ssnd|data size|riff|riff size|form)\s*:\s*(\d+)\s*\(should be (\d+)\)",
    re.IGNORECASE | re.MULTILINE,
)
_UNKNOWN_SIZES = {0, 0xFFFFFFFF, 0x7FFFFFFF, 0xFFFFFFFE}


def _truncation(extra_info, block_bytes):
    """``(promised, found)`` bytes if the header promises more than the file holds."""
    # the sample-data chunk first, the container size (RIFF/FORM) as a fallback
    matches = sorted(_SIZE_LOG.finditer(extra_info or ""),
                     key=lambda m: m.group(1).lower() in ("riff", "riff size", "form"))
    for m in matches:
        promised, found = int(m.group(2)), int(m.group(3))
        if promised not in _UNKNOWN_SIZES and promised - found >= max(block_bytes, 8):
            return promised, found
    return None


def _short(exc):
    msg = str(exc).strip().splitlines()
    return msg[-1] if msg else type(exc).__name__


def _is_real(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def load_audio(path, sr=16000, mono=True, offset=0.0, duration=None):
    """Load an audio file as a float32 waveform at ``sr`` Hz.

    The container and encoding (WAV with 8/16/24/32-bit integer or 32/64-bit
    float samples, FLAC, OGG/Vorbis, AIFF, MP3 where the installed libsndfile
    supports it, ...) are recognised from the file's content, so a mislabelled
    extension does not matter. Integer samples are scaled to [-1, 1). The file
    is opened read-only and never modified. Files libsndfile cannot seek in (GSM
    6.10 WAV) or whose length is unknown are read block by block, skipping
    ``offset`` by reading, and refused once more than :func:`max_duration`
    seconds were read.

    Parameters
    ----------
    path : str or path-like
        Audio file.
    sr : int or None, default=16000
        Target sampling rate in Hz. The signal is resampled with soxr (high
        quality, ``"HQ"``) when the file's rate differs, to
        ``ceil(n * sr / native_sr)`` samples as :func:`librosa.load` does.
        ``None`` keeps the file's own rate.
    mono : bool, default=True
        Average all channels into one. If False the result has shape
        ``(n_channels, n_samples)``.
    offset : float, default=0.0
        Start reading this many seconds into the file.
    duration : float or None, default=None
        Read at most this many seconds; ``None`` reads to the end.

    Returns
    -------
    y : ndarray of shape (n_samples,) or (n_channels, n_samples), dtype float32
        The waveform at ``sr`` Hz (or the file's rate if ``sr`` is None).

    Raises
    ------
    AudioFileError
        If the file does not exist, is a directory or is not readable.
    InvalidAudioError
        If the file is empty (0 bytes or no samples in the requested span), is
        not audio libsndfile can decode (wrong content, truncated header or
        stream, or a header that promises more sample bytes than the file
        holds), contains NaN/Inf samples, declares a sampling rate outside
        :data:`SAMPLE_RATE_RANGE`, or holds more than :func:`max_duration`
        seconds to read. The message names the file and the cause.
    ValueError
        If ``sr``, ``offset`` or ``duration`` are out of range.

    Examples
    --------
    >>> import numpy as np, soundfile as sf, tempfile, os
    >>> from skser.io import load_audio
    >>> path = os.path.join(tempfile.mkdtemp(), "tone.wav")
    >>> t = np.arange(44100) / 44100
    >>> sf.write(path, 0.5 * np.sin(2 * np.pi * 440 * t), 44100, subtype="PCM_16")
    >>> y = load_audio(path, sr=16000)
    >>> y.shape, y.dtype
    ((16000,), dtype('float32'))
    """
    # checked by hand, not with sklearn's validate_params: feature workers call this
    # function and must not import scikit-learn (see skser.features._workers)
    if sr is not None and (not _is_real(sr) or sr <= 0):
        raise ValueError(f"sr must be a positive number of Hz or None, got {sr!r}")
    if not _is_real(offset) or offset < 0:
        raise ValueError(f"offset must be a number >= 0 seconds, got {offset!r}")
    if duration is not None and (not _is_real(duration) or duration <= 0):
        raise ValueError(f"duration must be a number > 0 seconds or None, got {duration!r}")
    data, native_sr = _read_native(path, offset, duration, mono=mono)
    data = _resample(data, native_sr, sr)
    data = np.ascontiguousarray(data.T, dtype=np.float32)
    return data[0] if mono else data


#: Frames read per call when a file's length is unknown or it cannot seek.
_BLOCK_FRAMES = 1 << 16

# libsndfile's "unknown length" (SF_COUNT_MAX) and what non-seekable streams report
_UNKNOWN_FRAMES = (1 << 62)


def _read_native(path, offset=0.0, duration=None, mono=False):
    """``(data, native_sr)``: the span's samples as float32 ``(n, channels)``, checked.

    With ``mono``, ``(n, 1)``: the channel mean, mixed down block by block when there
    are several channels, so memory holds one channel's samples whatever the
    channel count.

    Files whose length is known and which can seek are read in one call. The
    others (GSM 6.10 WAV, some streamed files: libsndfile cannot seek them) are
    read block by block, skipping ``offset`` by reading, and refused as soon as
    more than :func:`max_duration` seconds were read.
    """
    path = _check_path(path)
    limit = max_duration()
    try:
        with sf.SoundFile(path, mode="r") as f:
            native_sr = f.samplerate
            low, high = SAMPLE_RATE_RANGE
            if not low <= native_sr <= high:
                raise InvalidAudioError(
                    path, f"the header declares a sampling rate of {native_sr} Hz, outside "
                    f"the {low}-{high} Hz skser reads (skser.io.SAMPLE_RATE_RANGE); the "
                    "header is probably corrupt")
            cut = _truncation(f.extra_info, f.channels * 2)
            if cut is not None:
                raise InvalidAudioError(
                    path, f"truncated: the header promises {cut[0]} bytes but the file "
                    f"holds {cut[1]}")
            start = int(round(offset * native_sr))
            frames = -1 if duration is None else int(round(duration * native_sr))
            n_total = f.frames
            known = 0 <= n_total < _UNKNOWN_FRAMES
            if known and start > 0 and start >= n_total:
                raise InvalidAudioError(
                    path, f"offset {offset} s is past the end of the file "
                    f"({n_total / native_sr:.3f} s)")
            if known:
                span = n_total - start if frames < 0 else min(frames, n_total - start)
                if span > limit * native_sr:
                    raise _too_long(path, span / native_sr, limit)
            if known and f.seekable() and not (mono and f.channels > 1):
                if start > 0:
                    f.seek(start)
                data = f.read(frames=frames, dtype="float32", always_2d=True)
            else:
                if known and f.seekable() and start > 0:
                    f.seek(start)
                    start = 0
                data = _read_blocks(f, path, start, frames, limit * native_sr, offset, mono)
    except AudioLoadError:
        raise
    except Exception as exc:
        raise InvalidAudioError(path, f"not a readable audio file ({_short(exc)})") from exc
    if data.shape[0] == 0:
        raise InvalidAudioError(path, "file contains no audio samples")
    if not np.all(np.isfinite(data)):
        raise InvalidAudioError(path, "file contains NaN or Inf samples")
    return data, native_sr


def _too_long(path, seconds, limit, more=False):
    amount = f"more than {limit:g} s" if more else f"{seconds:.1f} s"
    return InvalidAudioError(
        path, f"{amount} of audio to read, more than the {limit:g} s limit of whole-file "
        "loading (skser.io.max_duration); pass offset=/duration= to read a part, or "
        "raise SKSER_MAX_DURATION")


def _read_blocks(f, path, start, frames, max_frames, offset, mono=False):
    """Read an open file block by block: skip ``start`` frames, then read ``frames``
    (mixed down to one channel per block with ``mono``)."""
    skipped = 0
    while skipped < start:
        got = f.read(frames=min(_BLOCK_FRAMES, start - skipped), dtype="float32",
                     always_2d=True).shape[0]
        if got == 0:
            raise InvalidAudioError(
                path, f"offset {offset} s is past the end of the file "
                f"({skipped / f.samplerate:.3f} s)")
        skipped += got
    blocks, n = [], 0
    while frames < 0 or n < frames:
        want = _BLOCK_FRAMES if frames < 0 else min(_BLOCK_FRAMES, frames - n)
        block = f.read(frames=want, dtype="float32", always_2d=True)
        if block.shape[0] == 0:
            break
        if mono:
            block = block.mean(axis=1, keepdims=True, dtype=np.float32)
        blocks.append(block)
        n += block.shape[0]
        if n > max_frames:
            limit = max_frames / f.samplerate
            raise _too_long(path, limit, limit, more=True)
    if not blocks:
        return np.zeros((0, 1 if mono else f.channels), dtype=np.float32)
    return np.concatenate(blocks, axis=0)


def _resample(data, native_sr, sr):
    """``(n, channels)`` float32 at ``native_sr`` to ``sr`` Hz (None: unchanged), soxr HQ."""
    if sr is not None and int(sr) != native_sr:
        # librosa.resample's length, ceil(n * sr / native_sr), zero-padded or cut as it does:
        # soxr may return one sample fewer, which moves the edge of every octave of a CQT
        n_out = int(np.ceil(data.shape[0] * (float(sr) / native_sr)))
        data = soxr.resample(data, native_sr, int(sr), quality="HQ")
        if data.shape[0] != n_out:
            data = data[:n_out] if data.shape[0] > n_out else np.pad(
                data, ((0, n_out - data.shape[0]), (0, 0)))
    return data
