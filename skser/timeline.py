"""Emotion timelines of long recordings: speech regions, windows, one label per window.

A recording longer than an utterance (a meeting, a call, an interview) is labelled
in three steps:

1. :func:`detect_speech` finds the speech regions, with the WebRTC voice-activity
   detector [1]_ (package ``webrtcvad-wheels``) or, where it is not installed, with
   the energy rule of :func:`librosa.effects.split` (frames within ``top_db`` of the
   loudest frame). The file is read block by block, so an hour-long file never sits
   in memory at once.
2. :func:`segment_windows` cuts the regions into utterance-sized windows.
3. :func:`predict_timeline` passes the audio of every window to a fitted estimator
   as a waveform and returns one row per window: start and end in seconds, label,
   confidence and the probability of every class. :func:`plot_timeline` draws it.

The windows of one recording are taken to come from one speaker, so a model with
:class:`~skser.normalization.SpeakerNormalizer` normalizes them with the statistics
of all the windows of the file (``speaker_norm=True``); for a recording of several
speakers, ``speaker_norm=False`` normalizes every window on its own.

References
----------
.. [1] WebRTC project. Voice activity detector of the WebRTC native code package,
   https://webrtc.org (Gaussian mixture models of speech and noise in six
   frequency bands).
"""

import os
import warnings
from numbers import Integral, Real

import numpy as np
import soundfile as sf
import soxr
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions, validate_params

from ._prediction import audio_column, estimator_classes, estimator_sr, label_rows
from .exceptions import DegenerateAudioWarning, InvalidAudioError
from .io import SAMPLE_RATE_RANGE, _check_path, _short

__all__ = ["detect_speech", "segment_windows", "predict_timeline", "plot_timeline",
           "WEBRTC_RATES", "webrtc_available"]

#: Sampling rates (Hz) at which the WebRTC detector works.
WEBRTC_RATES = (8000, 16000, 32000, 48000)

#: Samples per block read from a file (about 0.7 s at 48 kHz).
_BLOCK_FRAMES = 1 << 15

_ENERGY_FRAME = 0.01  # s: resolution of the energy rule and of the region boundaries
_VAD_FRAME = 0.03  # s: frame of the WebRTC detector (3 energy frames)
_SILENCE_RMS = 1e-5  # RMS below which a frame is digital silence (about -100 dB)


def webrtc_available():
    """Whether the WebRTC voice-activity detector (``webrtcvad``) can be imported.

    Returns
    -------
    available : bool
        True when ``import webrtcvad`` succeeds (package ``webrtcvad-wheels``).
    """
    try:
        import webrtcvad  # noqa: F401
    except ImportError:
        return False
    return True


# --------------------------------------------------------------------------- reading


def _native_blocks(path):
    """``(native_sr, n_frames, generator of mono float32 blocks)`` of an audio file."""
    path = _check_path(path)
    try:
        f = sf.SoundFile(path, mode="r")
    except Exception as exc:
        raise InvalidAudioError(path, f"not a readable audio file ({_short(exc)})") from exc
    native_sr = int(f.samplerate)
    low, high = SAMPLE_RATE_RANGE
    if not low <= native_sr <= high:
        f.close()
        raise InvalidAudioError(path, f"the header declares a sampling rate of {native_sr} "
                                f"Hz, outside the {low}-{high} Hz skser reads")

    def blocks():
        with f:
            while True:
                try:
                    block = f.read(frames=_BLOCK_FRAMES, dtype="float32", always_2d=True)
                except Exception as exc:
                    raise InvalidAudioError(
                        path, f"not a readable audio file ({_short(exc)})") from exc
                if block.shape[0] == 0:
                    return
                mono = block.mean(axis=1, dtype=np.float32)
                if not np.all(np.isfinite(mono)):
                    raise InvalidAudioError(path, "file contains NaN or Inf samples")
                yield mono

    return native_sr, int(f.frames), blocks()


def _blocks_at(source, sr):
    """``(n_seconds, generator of float32 blocks at sr Hz)`` of a file or a waveform."""
    if isinstance(source, str | bytes | os.PathLike):
        native_sr, n_frames, blocks = _native_blocks(os.fsdecode(os.fspath(source)))
        seconds = n_frames / native_sr
        if native_sr == sr:
            return seconds, blocks
        stream = soxr.ResampleStream(native_sr, sr, 1, dtype="float32", quality="HQ")

        def resampled():
            for block in blocks:
                out = stream.resample_chunk(block)
                if out.size:
                    yield out
            tail = stream.resample_chunk(np.zeros(0, dtype=np.float32), last=True)
            if tail.size:
                yield tail

        return seconds, resampled()
    y = np.asarray(source)
    if y.ndim != 1 or y.dtype.kind not in "biuf":
        raise ValueError(f"a waveform must be a 1-D numeric array (mono, at sr={sr} Hz), "
                         f"got shape {y.shape} and dtype {y.dtype}")
    if not np.all(np.isfinite(y)):
        raise ValueError("the waveform contains NaN or Inf samples")
    return y.size / sr, (y[i:i + _BLOCK_FRAMES].astype(np.float32)
                         for i in range(0, y.size, _BLOCK_FRAMES))


# --------------------------------------------------------------------------- detection


def _frame_decisions(blocks, sr, use_webrtc, aggressiveness):
    """Per 10 ms frame: mean power, and the WebRTC decision (None without it)."""
    sub = int(round(_ENERGY_FRAME * sr))
    frame = 3 * sub
    vad = None
    if use_webrtc:
        import webrtcvad

        vad = webrtcvad.Vad(int(aggressiveness))
    powers, flags = [], []
    rest = np.zeros(0, dtype=np.float32)
    for block in blocks:
        buf = np.concatenate([rest, block]) if rest.size else block
        n = buf.size // frame
        rest = buf[n * frame:].copy()
        if n == 0:
            continue
        frames = buf[:n * frame].reshape(n, 3, sub)
        powers.append(np.einsum("ijk,ijk->ij", frames, frames).ravel() / np.float32(sub))
        if vad is not None:
            pcm = (np.clip(buf[:n * frame], -1.0, 1.0) * 32767).astype("<i2").tobytes()
            step = 2 * frame
            decided = [vad.is_speech(pcm[k * step:(k + 1) * step], sr) for k in range(n)]
            flags.append(np.repeat(np.asarray(decided, dtype=bool), 3))
    if rest.size >= sub:  # the last < 30 ms: energy frames only
        n = rest.size // sub
        tail = rest[:n * sub].reshape(n, sub)
        powers.append(np.einsum("ij,ij->i", tail, tail) / np.float32(sub))
        if vad is not None:
            flags.append(np.zeros(n, dtype=bool))
    power = np.concatenate(powers) if powers else np.zeros(0, dtype=np.float32)
    flag = (np.concatenate(flags) if flags else np.zeros(0, dtype=bool)) if vad else None
    return power, flag


def _runs(mask):
    """``(starts, ends)`` frame indices of the runs of True in a boolean array."""
    d = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return np.flatnonzero(d == 1), np.flatnonzero(d == -1)


def _smooth(mask, min_speech, min_silence):
    """Regions (frame index pairs): gaps under min_silence closed, then regions under
    min_speech dropped (both in frames)."""
    starts, ends = _runs(mask)
    if starts.size == 0:
        return np.zeros((0, 2), dtype=np.int64)
    keep_s, keep_e = [starts[0]], [ends[0]]
    for s, e in zip(starts[1:], ends[1:], strict=True):
        if s - keep_e[-1] < min_silence:
            keep_e[-1] = e
        else:
            keep_s.append(s)
            keep_e.append(e)
    regions = np.column_stack([keep_s, keep_e])
    return regions[(regions[:, 1] - regions[:, 0]) >= min_speech]


#: Parameter constraints of the voice-activity detection, which predict_timeline passes on.
_VAD_CONSTRAINTS = {
    "method": [StrOptions({"auto", "webrtc", "energy"})],
    "aggressiveness": [Interval(Integral, 0, 3, closed="both")],
    "min_speech": [Interval(Real, 0, None, closed="left")],
    "min_silence": [Interval(Real, 0, None, closed="left")],
}


@validate_params(
    {
        "path_or_waveform": [str, os.PathLike, "array-like"],
        "sr": [Interval(Integral, 1000, None, closed="left")],
        **_VAD_CONSTRAINTS,
        "top_db": [Interval(Real, 0, None, closed="neither")],
    },
    prefer_skip_nested_validation=True,
)
def detect_speech(path_or_waveform, *, sr=16000, method="auto", aggressiveness=2,
                  min_speech=0.3, min_silence=0.3, top_db=40.0):
    """Find the speech regions of a recording, reading it block by block.

    The audio is read in blocks of 32768 samples, mixed to mono and resampled to
    ``sr`` block by block (:class:`soxr.ResampleStream`), and each block is cut
    into 10 ms frames. Only the frame decisions are kept, so memory holds one block
    whatever the length of the file (an hour at 48 kHz stays under a few MB).

    A frame is speech when its power is within ``top_db`` dB of the loudest frame
    of the recording and above digital silence (RMS 1e-5 of full scale), the rule of
    :func:`librosa.effects.split`, and, with the WebRTC detector, when the detector
    also says so for the 30 ms frame that holds it. The energy condition trims the
    detector's hangover (about 0.1 s after each region) on silent frames. Gaps
    shorter than ``min_silence`` are then closed and regions shorter than
    ``min_speech`` dropped.

    Parameters
    ----------
    path_or_waveform : str, path-like or array-like of shape (n_samples,)
        Audio file in any format libsndfile reads (mixed to mono, resampled to
        ``sr``), or a mono waveform already at ``sr`` Hz.
    sr : int, default=16000
        Sampling rate of the analysis in Hz; for ``method="webrtc"`` one of
        :data:`WEBRTC_RATES`.
    method : {"auto", "webrtc", "energy"}, default="auto"
        ``"webrtc"``: the WebRTC voice-activity detector [1]_ with the energy rule;
        ``"energy"``: the energy rule alone; ``"auto"``: ``"webrtc"`` when
        ``webrtcvad`` is installed (:func:`webrtc_available`) and ``sr`` is one of
        its rates, else ``"energy"``.
    aggressiveness : int, default=2
        WebRTC detector mode, 0 (keeps most, least aggressive at rejecting
        non-speech) to 3; ignored by ``"energy"``.
    min_speech : float, default=0.3
        Shortest region kept, in seconds.
    min_silence : float, default=0.3
        Shortest pause that separates two regions, in seconds; shorter pauses are
        closed.
    top_db : float, default=40.0
        A frame more than this many dB below the loudest frame is not speech.

    Returns
    -------
    regions : ndarray of shape (n_regions, 2), dtype float64
        ``(start_s, end_s)`` of each region in seconds from the start, sorted, not
        overlapping, at 10 ms resolution; shape ``(0, 2)`` when there is no speech.

    Raises
    ------
    AudioFileError
        If the file is missing, a directory or not readable.
    InvalidAudioError
        If the file is not decodable audio, declares a rate outside
        :data:`skser.io.SAMPLE_RATE_RANGE` or holds NaN/Inf samples; names the file.
    ImportError
        If ``method="webrtc"`` and ``webrtcvad`` is not installed.
    ValueError
        If ``method="webrtc"`` and ``sr`` is not one of :data:`WEBRTC_RATES`, or a
        waveform is not 1-D or not finite.

    See Also
    --------
    segment_windows : Cut the regions into utterance-sized windows.
    predict_timeline : Label every window of a recording.

    References
    ----------
    .. [1] WebRTC project. Voice activity detector of the WebRTC native code package,
       https://webrtc.org.

    Examples
    --------
    >>> import numpy as np
    >>> from skser.timeline import detect_speech
    >>> sr = 16000
    >>> y = np.zeros(5 * sr, dtype=np.float32)
    >>> y[sr:3 * sr] = 0.1 * np.random.default_rng(0).standard_normal(2 * sr)
    >>> detect_speech(y, sr=sr, method="energy")
    array([[1., 3.]])
    """
    if method == "webrtc":
        if not webrtc_available():
            raise ImportError("method='webrtc' needs the webrtcvad package: "
                              "pip install webrtcvad-wheels (or use method='energy')")
        if sr not in WEBRTC_RATES:
            raise ValueError(f"method='webrtc' works at {', '.join(map(str, WEBRTC_RATES))} "
                             f"Hz, got sr={sr}")
    use_webrtc = method == "webrtc" or (
        method == "auto" and sr in WEBRTC_RATES and webrtc_available())
    _, blocks = _blocks_at(path_or_waveform, sr)
    power, flag = _frame_decisions(blocks, sr, use_webrtc, aggressiveness)
    if power.size == 0 or power.max() <= _SILENCE_RMS**2:
        return np.zeros((0, 2))
    speech = (power > _SILENCE_RMS**2) & (power >= power.max() * 10 ** (-top_db / 10))
    if flag is not None:
        speech &= flag
    regions = _smooth(speech, int(round(min_speech / _ENERGY_FRAME)),
                      int(round(min_silence / _ENERGY_FRAME)))
    return np.round(regions * _ENERGY_FRAME, 6)


# --------------------------------------------------------------------------- windows


@validate_params(
    {
        "regions": ["array-like"],
        "window": [Interval(Real, 0, None, closed="neither")],
        "hop": [Interval(Real, 0, None, closed="neither"), None],
        "min_window": [Interval(Real, 0, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def segment_windows(regions, *, window=3.0, hop=None, min_window=1.0):
    """Cut speech regions into utterance-sized windows.

    Parameters
    ----------
    regions : array-like of shape (n_regions, 2)
        ``(start_s, end_s)`` of each region in seconds, as :func:`detect_speech`
        returns.
    window : float, default=3.0
        Longest window, in seconds (about the length of an acted utterance of the
        emotional-speech corpora).
    hop : float or None, default=None
        ``None``: each region is split into ``ceil(length / window)`` windows of
        equal length, which tile it exactly without overlap (each between
        ``window / 2`` and ``window`` seconds long, or the whole region when it is
        shorter than ``window``). A number: windows of ``window`` seconds start every
        ``hop`` seconds, the last one ending at the region's end, so they overlap
        when ``hop < window``.
    min_window : float, default=1.0
        Regions shorter than this many seconds are too short to label and give no
        window; ``0`` keeps every region.

    Returns
    -------
    windows : ndarray of shape (n_windows, 2), dtype float64
        ``(start_s, end_s)`` of each window in seconds, sorted by start, each inside
        its region.

    See Also
    --------
    detect_speech : Find the regions.

    Examples
    --------
    >>> from skser.timeline import segment_windows
    >>> segment_windows([[0.0, 7.5], [9.0, 9.5]], window=3.0)
    array([[0. , 2.5],
           [2.5, 5. ],
           [5. , 7.5]])
    """
    regions = np.asarray(regions, dtype=np.float64).reshape(-1, 2)
    if np.any(~np.isfinite(regions)) or np.any(regions[:, 1] < regions[:, 0]):
        raise ValueError("regions must be finite (start_s, end_s) pairs with end_s >= start_s")
    out = []
    for start, end in regions[np.argsort(regions[:, 0], kind="stable")]:
        length = end - start
        if length <= 0 or length < min_window:
            continue
        if length <= window:
            out.append((start, end))
        elif hop is None:
            n = int(np.ceil(length / window - 1e-9))
            edges = start + length * np.arange(n + 1) / n
            edges[-1] = end
            out.extend(zip(edges[:-1], edges[1:], strict=True))
        else:
            starts = np.arange(start, end - window + 1e-9, hop)
            if starts[-1] + window < end - 1e-9:
                starts = np.append(starts, end - window)
            out.extend((s, min(s + window, end)) for s in starts)
    return np.asarray(out, dtype=np.float64).reshape(-1, 2)


# --------------------------------------------------------------------------- prediction


def _window_audio(path, windows, sr, batch):
    """Yield lists of at most ``batch`` float32 waveforms at sr Hz, one per window.

    One pass over the file (block reading, streaming resampling); only the samples
    still needed by a coming window are kept.
    """
    _, blocks = _blocks_at(path, sr)
    bounds = np.round(windows * sr).astype(np.int64)
    buf, buf_start, out = np.zeros(0, dtype=np.float32), 0, []
    for a, b in bounds:
        while buf_start + buf.size < b:
            block = next(blocks, None)
            if block is None:
                break
            buf = np.concatenate([buf, block])
        piece = buf[max(a - buf_start, 0):max(b - buf_start, 0)].copy()
        out.append(piece)
        if len(out) == batch:
            yield out
            out = []
        drop = max(0, min(a - buf_start, buf.size))  # windows are sorted by start
        buf, buf_start = buf[drop:], buf_start + drop
    if out:
        yield out


@validate_params(
    {
        "estimator": [HasMethods(["predict"])],
        "path": [str, os.PathLike],
        "window": [Interval(Real, 0, None, closed="neither")],
        "hop": [Interval(Real, 0, None, closed="neither"), None],
        "min_window": [Interval(Real, 0, None, closed="left")],
        "speaker_norm": ["boolean"],
        "sr": [Interval(Integral, 1000, None, closed="left"), None],
        "file_id": [str, None],
        **_VAD_CONSTRAINTS,
        "batch_size": [Interval(Integral, 1, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def predict_timeline(estimator, path, *, window=3.0, hop=None, min_window=1.0,
                     speaker_norm=True, sr=None, file_id=None, method="auto",
                     aggressiveness=2, min_speech=0.3, min_silence=0.3, batch_size=64):
    """Label every utterance-sized window of the speech of a recording.

    Speech regions come from :func:`detect_speech` (16 kHz analysis), windows from
    :func:`segment_windows`; the audio of each window is read from the file (block
    by block, resampled to ``sr``) and given to ``estimator`` as a DataFrame with an
    ``audio`` column (float32 waveforms at ``sr`` Hz) and a ``speaker`` column.

    Parameters
    ----------
    estimator : fitted estimator with ``predict``
        A classifier or pipeline whose first step takes waveforms, e.g. a
        :mod:`skser.features` extractor or a
        :class:`~skser.normalization.SpeakerNormalizer`. With ``predict_proba`` the
        rows get class probabilities and a confidence.
    path : str or path-like
        Audio file in any format libsndfile reads.
    window : float, default=3.0
        Longest window, in seconds; see :func:`segment_windows`.
    hop : float or None, default=None
        Distance between window starts in seconds, ``None`` for windows that tile
        each region; see :func:`segment_windows`.
    min_window : float, default=1.0
        Regions shorter than this many seconds give no window.
    speaker_norm : bool, default=True
        True: every window of the file gets the same speaker id (the file's), so a
        speaker-normalizing model normalizes them with the statistics of all the
        windows of the recording, which is right for a recording of one speaker;
        all windows are then predicted in one call. False: each window gets its own
        id (normalized on its own), for recordings of several speakers; windows are
        then predicted ``batch_size`` at a time.
    sr : int or None, default=None
        Sampling rate in Hz of the waveforms given to the estimator; ``None`` takes
        the ``sr`` of its first step (or of that step's ``transformer``), else
        16000.
    file_id : str or None, default=None
        Value of the ``file`` column and the speaker id; ``None`` uses ``path``.
    method : {"auto", "webrtc", "energy"}, default="auto"
        Speech detector; see :func:`detect_speech`.
    aggressiveness : int, default=2
        WebRTC detector mode, 0 to 3; see :func:`detect_speech`.
    min_speech : float, default=0.3
        Shortest speech region, in seconds; see :func:`detect_speech`.
    min_silence : float, default=0.3
        Shortest pause between regions, in seconds; see :func:`detect_speech`.
    batch_size : int, default=64
        Windows per estimator call when ``speaker_norm=False``.

    Returns
    -------
    timeline : pandas.DataFrame of shape (n_windows, 5 + n_classes)
        Columns ``file``, ``start_s``, ``end_s`` (seconds from the start of the file,
        increasing), ``label`` (``""`` for a window whose features are NaN),
        ``confidence`` (the largest probability; NaN without ``predict_proba`` or
        for such a window) and ``proba_<class>`` per class (only with
        ``predict_proba``; NaN for such a window). No speech gives no rows.
        ``timeline.attrs`` holds ``duration_s`` (the file's length in seconds),
        ``path``, ``file_id`` and ``classes``.

    Raises
    ------
    AudioFileError
        If the file is missing, a directory or not readable.
    InvalidAudioError
        If the file is not decodable audio; names the file.

    Warns
    -----
    DegenerateAudioWarning
        Once, naming the windows whose features are NaN (too quiet or too short).

    See Also
    --------
    plot_timeline : Draw the timeline.

    Notes
    -----
    With ``speaker_norm=True`` the waveforms of all windows are held at once: 4
    bytes per sample of speech at ``sr`` (230 MB for an hour of speech at
    16 kHz). Speech detection itself holds one block.

    Examples
    --------
    >>> from skser.timeline import predict_timeline
    >>> timeline = predict_timeline(model, "meeting.wav")  # doctest: +SKIP
    >>> timeline[["start_s", "end_s", "label", "confidence"]].head()  # doctest: +SKIP
    """
    import pandas as pd

    path = os.fsdecode(os.fspath(path))
    file_id = path if file_id is None else file_id
    sr = sr or estimator_sr(estimator) or 16000
    regions = detect_speech(path, method=method, aggressiveness=aggressiveness,
                            min_speech=min_speech, min_silence=min_silence)
    windows = segment_windows(regions, window=window, hop=hop, min_window=min_window)
    classes = estimator_classes(estimator)
    labels, probas, reasons = [], [], {}
    batch = len(windows) if speaker_norm else batch_size
    column = audio_column(estimator)  # holds waveforms, whatever its name
    done = 0
    for waves in (_window_audio(path, windows, sr, batch) if len(windows) else ()):
        if speaker_norm:
            speakers = [file_id] * len(waves)
        else:
            speakers = [f"{file_id}#{done + k}" for k in range(len(waves))]
        X = pd.DataFrame({column: pd.Series(waves, dtype=object), "speaker": speakers})
        lab, proba, why = label_rows(estimator, X)
        labels += lab
        if proba is not None:
            probas.append(proba)
        reasons.update((done + k, v) for k, v in why.items())
        done += len(waves)
    frame = pd.DataFrame({"file": pd.Series([file_id] * len(windows), dtype=object),
                          "start_s": windows[:, 0], "end_s": windows[:, 1],
                          "label": pd.Series(labels, dtype=object),
                          "confidence": np.full(len(windows), np.nan)})
    if classes is not None:
        P = np.concatenate(probas) if probas else np.zeros((0, len(classes)))
        bad = np.isnan(P).any(axis=1)
        frame["confidence"] = np.where(bad, np.nan, np.nan_to_num(P).max(axis=1, initial=0.0))
        for j, c in enumerate(classes):
            frame[f"proba_{c}"] = P[:, j]
    if reasons:
        items = [(k, path, f"{windows[k, 0]:.2f}-{windows[k, 1]:.2f} s: {why}")
                 for k, why in sorted(reasons.items())]
        shown = "; ".join(text for _, _, text in items[:5])
        warnings.warn(DegenerateAudioWarning(
            f"{len(items)} window(s) of '{path}' got no label (degenerate audio): {shown}"
            + (" ..." if len(items) > 5 else ""), items), stacklevel=2)
    info = sf.info(path)
    frame.attrs.update(duration_s=info.frames / info.samplerate, path=path, file_id=file_id,
                       classes=classes or sorted({lab for lab in labels if lab}))
    return frame


# --------------------------------------------------------------------------- plot

#: Colours of the usual emotion names; other classes take the tab10 colours left.
_EMOTION_COLOURS = {
    "anger": "#d62728", "angry": "#d62728", "happiness": "#f2b701", "happy": "#f2b701",
    "joy": "#f2b701", "sadness": "#1f77b4", "sad": "#1f77b4", "neutral": "#9a9a9a",
    "fear": "#9467bd", "fearful": "#9467bd", "disgust": "#2ca02c", "boredom": "#8c564b",
    "surprise": "#ff7f0e", "calm": "#17becf", "frustration": "#e377c2",
    "excitement": "#bcbd22",
}


def _colours(classes):
    """A colour per class: the usual one for an emotion name, tab10/tab20 for the others."""
    import matplotlib

    out = {c: _EMOTION_COLOURS[str(c).lower()] for c in classes
           if str(c).lower() in _EMOTION_COLOURS}
    used = set(out.values())
    spare = [matplotlib.colors.to_hex(c) for name in ("tab10", "tab20")
             for c in matplotlib.colormaps[name].colors]
    spare = [c for c in dict.fromkeys(spare) if c not in used]
    others = [c for c in classes if c not in out]
    for k, c in enumerate(others):
        out[c] = spare[k % len(spare)]
    return out


def _text_colour(colour):
    import matplotlib

    r, g, b = matplotlib.colors.to_rgb(colour)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.6 else "white"


def plot_timeline(timeline, *, ax=None):
    """Draw a recording's timeline: class probabilities over time, coloured by class.

    Each window is a column of stacked bands, one per class, as high as its
    probability; a strip above gives the winning label's colour (with its name
    where there is room). Pauses between speech regions stay blank. Works with any
    matplotlib backend, ``Agg`` included.

    Parameters
    ----------
    timeline : pandas.DataFrame
        The output of :func:`predict_timeline` for one file: columns ``start_s``,
        ``end_s``, ``label`` and, for the bands, ``proba_<class>``.
    ax : matplotlib.axes.Axes or None, default=None
        Axes to draw into; ``None`` creates a figure 11 inches wide.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The axes, time in seconds on the x axis, probability on the y axis.

    Raises
    ------
    ValueError
        If ``timeline`` lacks a column or holds several files.

    See Also
    --------
    predict_timeline : Compute the timeline.

    Examples
    --------
    >>> import pandas as pd
    >>> from skser.timeline import plot_timeline
    >>> t = pd.DataFrame({"file": "a", "start_s": [0.5, 3.0], "end_s": [3.0, 5.5],
    ...                   "label": ["anger", "neutral"], "confidence": [0.7, 0.6],
    ...                   "proba_anger": [0.7, 0.4], "proba_neutral": [0.3, 0.6]})
    >>> ax = plot_timeline(t)
    >>> ax.get_xlabel()
    'time (s)'
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    missing = [c for c in ("start_s", "end_s", "label") if c not in getattr(timeline, "columns",
                                                                             ())]
    if missing:
        raise ValueError(f"timeline lacks the column(s) {missing}; pass the DataFrame of "
                         "predict_timeline")
    if "file" in timeline.columns and timeline["file"].nunique() > 1:
        raise ValueError(f"timeline holds {timeline['file'].nunique()} files; plot one at a "
                         "time (timeline[timeline['file'] == name])")
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 3.4), layout="constrained")
    pcols = [c for c in timeline.columns if str(c).startswith("proba_")]
    classes = [c[len("proba_"):] for c in pcols]
    labels = [lab for lab in timeline["label"].astype(str) if lab]
    classes += sorted(set(labels) - set(classes))
    colours = _colours(classes)
    start = timeline["start_s"].to_numpy(float)
    width = timeline["end_s"].to_numpy(float) - start
    duration = timeline.attrs.get("duration_s", float(np.max(start + width, initial=0.0)))
    bottom = np.zeros(len(timeline))
    edge = {"edgecolor": "white", "linewidth": 0.4} if len(timeline) <= 150 else {
        "linewidth": 0}
    for col, c in zip(pcols, classes, strict=False):
        p = np.nan_to_num(timeline[col].to_numpy(float))
        ax.bar(start, p, width=width, bottom=bottom, align="edge", color=colours[c], **edge)
        bottom += p
    strip = (1.03, 0.12)
    lab_arr = timeline["label"].astype(str).to_numpy()
    for lab in classes:
        sel = lab_arr == lab
        if sel.any():
            ax.broken_barh(list(zip(start[sel], width[sel], strict=True)), strip,
                           facecolor=colours[lab], **edge)
    span = max(duration, 1e-9)
    axes_inches = ax.get_position().width * ax.figure.get_figwidth() * 0.9
    for s, w, lab in zip(start, width, lab_arr, strict=True):
        # the name where it fits: about 0.6 em per character at 7 pt
        if lab and w / span * axes_inches > len(lab) * 0.6 * 7 / 72 + 0.06:
            ax.text(s + w / 2, strip[0] + strip[1] / 2, lab, ha="center", va="center",
                    fontsize=7, color=_text_colour(colours[lab]), clip_on=True)
    if not len(timeline):
        ax.text(0.5, 0.5, "no speech found", transform=ax.transAxes, ha="center",
                va="center", color="0.4")
    ax.set_xlim(0, max(duration, 1e-3))
    ax.set_ylim(0, strip[0] + strip[1] + 0.02)
    ax.set_yticks([0, 0.5, 1])
    ax.set_xlabel("time (s)")
    ax.set_ylabel("probability" if pcols else "")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    title = timeline.attrs.get("file_id")
    if title is None and "file" in timeline.columns and len(timeline):
        title = timeline["file"].iloc[0]
    if title is not None:
        ax.set_title(str(title), loc="left", fontsize=10)
    if classes:
        ax.legend(handles=[Patch(color=colours[c], label=c) for c in classes],
                  loc="upper left", bbox_to_anchor=(1.005, 1.0), frameon=False, fontsize=8,
                  title="class (strip: label)", title_fontsize=8)
    return ax

