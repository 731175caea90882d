"""Per-recording kernels: one item (a path or a float32 waveform) to its features.

Each kernel is a plain function ``f(item, **params)`` of one item and an
extractor's feature parameters (keywords), listed in :data:`KERNELS` under the
name an extractor gives as its ``_kernel``; :mod:`._workers` runs them over
batches. A path is read at ``sr`` Hz with :func:`skser.io.load_audio`.

The five blocks behind :class:`~skser.features.SpectralMeans` and
:class:`~skser.features.FeatureImage` (:func:`spectral_blocks`) come from one
STFT per recording instead of five: mel, MFCC, chroma and contrast share it, the
mel and chroma filter banks are built once (chroma's per tuning value), both
tuning estimates run librosa's peak picking on the 150-4000 Hz rows only, and
the CQT behind tonnetz (:mod:`._cqt`) reuses its magnitude. librosa's arithmetic
is kept, so each block equals the matching ``librosa.feature`` call.

librosa's modules (and numba behind them) and :mod:`._cqt` load on a kernel's first
call, so the openSMILE kernel runs without them.

Light on purpose (numpy, scipy, librosa, soundfile, soxr): no ``sklearn``,
``pandas``, ``tensorflow`` or estimator module of :mod:`skser.features`
(``tests/features`` checks what the workers import).
"""

from functools import lru_cache

import librosa  # cheap: librosa loads its submodules (and numba) on first use
import numpy as np

from ..io import _read_native, _resample, audio_info
from ._framing import HOP, N_FFT, Degenerate, check_length, fix_frames, read_checked, to_samples
from ._opensmile_engine import opensmile_features

__all__ = ["KERNELS", "SPECTRAL_MEANS_BLOCKS", "FEATURE_IMAGE_ROWS",
           "FEATURE_IMAGE_ORIGINAL_ROWS", "spectral_blocks", "contour_length"]


def _resolve_stft(name, sr, n_fft, win_length, hop_length):
    """(n_fft, win_length, hop_length) in samples for extractor ``name``."""
    win = to_samples(win_length, sr)
    hop = to_samples(hop_length, sr)
    if n_fft is None:
        n_fft = 2048 if win is None else int(2 ** np.ceil(np.log2(win)))
    if win is not None and win > n_fft:
        raise ValueError(
            f"{name}: win_length={win_length!r} ({win} samples) "
            f"exceeds n_fft={n_fft}; raise n_fft or shorten the window")
    return n_fft, win, hop


def _finish(F, n_frames, align, pad_value):
    """``(n_bins, t)`` librosa output to ``(n_frames, n_bins)`` float32."""
    F = np.ascontiguousarray(F.T, dtype=np.float32)
    return fix_frames(F, n_frames, align, np.float32(pad_value))


# -- SpectralMeans / FeatureImage: one STFT for five blocks ------------------

#: (name, size) of each block of the 193-vector, in output order.
SPECTRAL_MEANS_BLOCKS = (("mfcc", 40), ("mel", 128), ("chroma", 12),
                         ("contrast", 7), ("tonnetz", 6))


@lru_cache(maxsize=8)
def _mel_basis(sr, n_fft, n_mels):
    return librosa.filters.mel(sr=sr, n_fft=n_fft, n_mels=n_mels)


@lru_cache(maxsize=128)
def _chroma_basis(sr, n_fft, tuning):
    return librosa.filters.chroma(sr=sr, n_fft=n_fft, tuning=tuning, n_chroma=12)


def spectral_blocks(y, sr=22050, tonnetz="cqt"):
    """The five frame-level feature matrices behind the 193-vector.

    Parameters
    ----------
    y : ndarray of shape (n,), float32
        Waveform at ``sr`` Hz.
    sr : int, default=22050
        Sampling rate in Hz.
    tonnetz : {"cqt", "stft"} or None, default="cqt"
        Chroma behind tonnetz: librosa's CQT chroma, or (faster, not equal to
        librosa's default) the STFT chroma computed anyway; None: no tonnetz
        (``blocks["tonnetz"]`` is None).

    Returns
    -------
    blocks : dict of str to ndarray of shape (n_bins, t)
        ``mfcc`` (40), ``mel`` (128 power bands), ``chroma`` (12, from the STFT),
        ``contrast`` (7, dB), ``tonnetz`` (6); each equals the matching
        ``librosa.feature`` call on ``y`` with librosa's defaults.
    """
    from ._cqt import estimate_tuning, tonnetz_cqt  # librosa's CQT modules: on first use

    D = librosa.stft(y, n_fft=N_FFT, hop_length=HOP)
    mag = np.abs(D)
    power = mag ** 2.0
    mel = _mel_basis(sr, N_FFT, 128) @ power
    mfcc = librosa.feature.mfcc(S=librosa.power_to_db(mel), n_mfcc=40)
    tuning12 = estimate_tuning(power, sr, N_FFT, 12)
    raw = _chroma_basis(sr, N_FFT, float(tuning12)) @ power
    chroma = librosa.util.normalize(raw, norm=np.inf, axis=-2)
    contrast = librosa.feature.spectral_contrast(S=mag, sr=sr)
    if tonnetz is None:
        ton = None
    elif tonnetz == "cqt":
        ton = tonnetz_cqt(y, sr, HOP, mag)
    else:
        ton = librosa.feature.tonnetz(chroma=chroma, sr=sr)
    return {"mfcc": mfcc, "mel": mel, "chroma": chroma, "contrast": contrast, "tonnetz": ton}


# -- kernels: one item (path or waveform) and the feature parameters ----------

def logmel_frames(item, *, sr, n_mels, n_fft, win_length, hop_length, fmin, fmax, power,
                  log, log_offset, top_db, n_frames, align, pad_value):
    """:class:`~skser.features.LogMel` of one recording, ``(n_frames, n_mels)``."""
    n_fft, win, hop = _resolve_stft("LogMel", sr, n_fft, win_length, hop_length)
    y = read_checked(item, sr, n_fft, (n_frames, n_mels))
    S = librosa.feature.melspectrogram(
        y=y, sr=sr, n_fft=n_fft, hop_length=hop, win_length=win,
        power=power, n_mels=n_mels, fmin=fmin, fmax=fmax)
    if log == "db":
        if power != 2.0:
            S = S ** (2.0 / power)
        S = librosa.power_to_db(S, ref=np.max, top_db=top_db)
    else:
        S = np.log(S + log_offset)
    return _finish(S, n_frames, align, pad_value)


def mfcc_frames(item, *, sr, n_mfcc, n_mels, n_fft, win_length, hop_length, fmin, fmax,
                n_frames, align, pad_value):
    """:class:`~skser.features.MFCC` of one recording, ``(n_frames, n_mfcc)``."""
    if n_mfcc > n_mels:
        raise ValueError(f"MFCC: n_mfcc={n_mfcc} exceeds n_mels={n_mels}")
    n_fft, win, hop = _resolve_stft("MFCC", sr, n_fft, win_length, hop_length)
    y = read_checked(item, sr, n_fft, (n_frames, n_mfcc))
    M = librosa.feature.mfcc(
        y=y, sr=sr, n_mfcc=n_mfcc, n_fft=n_fft, hop_length=hop,
        win_length=win, n_mels=n_mels, fmin=fmin, fmax=fmax)
    return _finish(M, n_frames, align, pad_value)


def chroma_frames(item, *, sr, n_fft, win_length, hop_length, n_chroma, tuning, n_frames,
                  align, pad_value):
    """:class:`~skser.features.Chroma` of one recording, ``(n_frames, n_chroma)``."""
    n_fft, win, hop = _resolve_stft("Chroma", sr, n_fft, win_length, hop_length)
    y = read_checked(item, sr, n_fft, (n_frames, n_chroma))
    C = librosa.feature.chroma_stft(
        y=y, sr=sr, n_fft=n_fft, hop_length=hop, win_length=win,
        n_chroma=n_chroma, tuning=tuning)
    return _finish(C, n_frames, align, pad_value)


def contrast_frames(item, *, sr, n_fft, win_length, hop_length, fmin, n_bands, quantile,
                    n_frames, align, pad_value):
    """:class:`~skser.features.SpectralContrast` of one recording, ``(n_frames, n_bands + 1)``."""
    n_fft, win, hop = _resolve_stft("SpectralContrast", sr, n_fft, win_length, hop_length)
    y = read_checked(item, sr, n_fft, (n_frames, n_bands + 1))
    C = librosa.feature.spectral_contrast(
        y=y, sr=sr, n_fft=n_fft, hop_length=hop, win_length=win,
        fmin=fmin, n_bands=n_bands, quantile=quantile)
    return _finish(C, n_frames, align, pad_value)


def tonnetz_frames(item, *, sr, hop_length, n_frames, align, pad_value):
    """:class:`~skser.features.Tonnetz` of one recording, ``(n_frames, 6)``."""
    if hop_length % 64:
        raise ValueError(
            f"Tonnetz: hop_length={hop_length} must be a multiple of 64 "
            "(the 7-octave CQT halves the rate 6 times)")
    y = read_checked(item, sr, N_FFT, (n_frames, 6))
    from ._cqt import tonnetz_cqt

    T = tonnetz_cqt(y, sr, hop_length)
    return _finish(T, n_frames, align, pad_value)


def spectral_means(item, *, sr, tonnetz):
    """:class:`~skser.features.SpectralMeans` of one recording, ``(193,)``."""
    y = read_checked(item, sr, N_FFT, (sum(size for _, size in SPECTRAL_MEANS_BLOCKS),))
    blocks = spectral_blocks(y, sr=sr, tonnetz=tonnetz)
    return np.concatenate(
        [blocks[name].mean(axis=-1) for name, _ in SPECTRAL_MEANS_BLOCKS]
    ).astype(np.float32)


#: (name, size) of the row blocks of :class:`~skser.features.FeatureImage`, top to bottom.
FEATURE_IMAGE_ROWS = (("chroma", 12), ("mel", 128), ("mfcc", 40), ("contrast", 7),
                      ("tonnetz", 6))


#: The rows of the ``layout="original"`` image, top to bottom: 31 means of 4
#: adjacent mel bands (bands 0-123), chroma, 50 second-order MFCC deltas, contrast,
#: tonnetz of the harmonic part (106 rows).
FEATURE_IMAGE_ORIGINAL_ROWS = (("mel", 31), ("chroma", 12), ("mfcc", 50), ("contrast", 7),
                               ("tonnetz", 6))


def _original_blocks(y, sr, tonnetz):
    """The blocks of the 2-D CNN's own feature code (``layout="original"``)."""
    from ._cqt import tonnetz_cqt

    blocks = spectral_blocks(y, sr=sr, tonnetz=None)
    mel = blocks["mel"]
    blocks["mel"] = mel[:124].reshape(31, 4, -1).mean(axis=1)
    mfcc = librosa.feature.mfcc(S=librosa.power_to_db(mel), n_mfcc=50)
    blocks["mfcc"] = librosa.feature.delta(mfcc, order=2)
    harmonic = librosa.effects.harmonic(y)
    if tonnetz == "cqt":
        blocks["tonnetz"] = tonnetz_cqt(harmonic, sr, HOP)
    else:
        chroma = librosa.feature.chroma_stft(y=harmonic, sr=sr, n_fft=N_FFT, hop_length=HOP)
        blocks["tonnetz"] = librosa.feature.tonnetz(chroma=chroma, sr=sr)
    return blocks


def resize_frames(F, n_frames):
    """Linear resampling of the columns of ``F`` (n_rows, t) to ``n_frames`` columns.

    Half-pixel centres, edges repeated: OpenCV's ``resize`` with ``INTER_LINEAR``
    along the time axis only, which the 2-D CNN's code applies to every image.
    """
    t = F.shape[1]
    pos = np.clip((np.arange(n_frames) + 0.5) * (t / n_frames) - 0.5, 0, t - 1)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, t - 1)
    w = (pos - lo)[np.newaxis, :]
    return F[:, lo] * (1 - w) + F[:, hi] * w


def feature_image(item, *, sr, layout, mel, tonnetz, n_frames, time_axis, align, pad_value):
    """:class:`~skser.features.FeatureImage` of one recording, ``(n_rows, n_frames, 1)``."""
    rows = FEATURE_IMAGE_ROWS if layout == "full" else FEATURE_IMAGE_ORIGINAL_ROWS
    y = read_checked(item, sr, N_FFT, (sum(size for _, size in rows), n_frames, 1))
    if layout == "full":
        blocks = spectral_blocks(y, sr=sr, tonnetz=tonnetz)
    else:
        blocks = _original_blocks(y, sr, tonnetz)
    if mel == "db":
        blocks["mel"] = librosa.power_to_db(blocks["mel"])
    t = min(blocks[name].shape[-1] for name, _ in rows)
    img = np.concatenate([blocks[name][:, :t] for name, _ in rows], axis=0)
    if time_axis == "resize":
        return resize_frames(img, n_frames).astype(np.float32)[:, :, np.newaxis]
    img = fix_frames(np.ascontiguousarray(img.T, dtype=np.float32), n_frames,
                     align, np.float32(pad_value))
    return img.T[:, :, np.newaxis].copy()


def contour_length(sr, duration, hop_length):
    """Frames of an MFCC contour: ``1 + round(duration * sr) // hop_length``."""
    return 1 + int(round(duration * sr)) // hop_length


def mfcc_contour(item, *, sr, offset, duration, n_mfcc, hop_length, pad_value):
    """:class:`~skser.features.MFCCContour` of one recording, ``(n_frames,)``.

    A path is read from ``offset`` for ``duration`` seconds; a waveform is
    sliced the same way. The excerpt is what the degenerate rule is applied to
    (one window: librosa's 2048-point FFT).
    """
    n_frames = contour_length(sr, duration, hop_length)
    shape = (n_frames,)
    if isinstance(item, str):
        length = audio_info(item).duration
        if length <= offset:
            raise Degenerate(f"it ends at {length:.3f} s, before the excerpt starts "
                             f"(offset={offset} s)", shape)
        data, native_sr = _read_native(item, offset=offset, duration=duration,
                                       mono=True)
        data = data.mean(axis=1, keepdims=True, dtype=np.float32)
        y = read_checked(data[:, 0], native_sr, 0, shape)  # amplitude, at the file's rate
        y = np.ascontiguousarray(_resample(data, native_sr, sr)[:, 0], dtype=np.float32)
    else:
        start = int(round(offset * sr))
        if start >= item.size:
            raise Degenerate(f"it ends at {item.size / sr:.3f} s, before the excerpt starts "
                             f"(offset={offset} s)", shape)
        y = read_checked(item[start:start + int(round(duration * sr))], sr, 0, shape)
    check_length(y, sr, _CONTOUR_N_FFT, shape)
    M = librosa.feature.mfcc(y=y, sr=sr, n_mfcc=n_mfcc, hop_length=hop_length)
    contour = M.mean(axis=0).astype(np.float32)
    return fix_frames(contour, n_frames, "start", np.float32(pad_value))


#: FFT size of the MFCC contour (librosa's default), its analysis window in samples.
_CONTOUR_N_FFT = 2048


#: Kernel name (an extractor's ``_kernel``) to function ``f(item, **params)``.
KERNELS = {f.__name__: f for f in (
    logmel_frames, mfcc_frames, chroma_frames, contrast_frames, tonnetz_frames,
    spectral_means, feature_image, mfcc_contour, opensmile_features)}
