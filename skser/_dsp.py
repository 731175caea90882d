"""The signal processing behind :mod:`skser.features`, free of scikit-learn.

The extractors in :mod:`skser.features` validate their parameters and ``X``
in the calling process; the per-recording work is done here, by plain
functions ("kernels") that take one item (a file path or a float32 waveform)
and the extractor's feature parameters as keywords. A joblib worker receives
a kernel name, a dict of parameters, an optional ``memory`` and a batch of
items (:func:`extract_batch`), so it imports this module only, with numpy,
scipy, librosa, soundfile and soxr: not scikit-learn, pandas or TensorFlow,
which made each worker about 300 MB larger (issue 3).

Everything imported here must stay light: no ``sklearn``, ``pandas``,
``tensorflow`` or :mod:`skser.features` (``tests/features`` checks the workers).

The 193-vector of :class:`~skser.features.SpectralMeans` is computed with one
STFT per file. Speed comes from sharing work the naive recipe (five separate
librosa calls per file) repeats, while keeping librosa's arithmetic so the
output matches it: one STFT feeds mel, MFCC, chroma and contrast; the mel and
chroma filter banks are built once (chroma's per tuning value); both tuning
estimates run librosa's peak picking on the 150-4000 Hz rows only; the
constant-Q transform behind tonnetz reuses that STFT's magnitude for its
tuning estimate and keeps its filter bases, which depend only on the tuning
(a grid of 100 values), in a per-process cache, built vectorised and once per
octave pattern. Building those bases is about 75 % of
:func:`librosa.feature.tonnetz`'s time; the per-octave STFTs of the CQT are
what remains (librosa's own code).
"""

import os
import warnings
from functools import lru_cache
from numbers import Integral

import librosa
import numpy as np
import scipy.fft
import scipy.sparse
from librosa import filters, util
from librosa.core import constantq as _cq
from threadpoolctl import threadpool_limits

from .io import audio_info, load_audio

__all__ = ["KERNELS", "extract_batch", "to_samples", "fix_frames", "spectral_blocks",
           "tonnetz_cqt", "SPECTRAL_MEANS_BLOCKS"]


# -- batches and the per-file cache (what a joblib worker runs) --------------

def _file_key(path):
    """(size, mtime_ns) of a file, or None if it cannot be stat'ed (load will fail)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _extract_path(kernel, params, path, file_key):
    """Module-level (so joblib.Memory can key on it) per-file extraction.

    ``file_key`` (size, mtime) is unused here but part of the cache key, so an
    edited file is re-extracted.
    """
    return KERNELS[kernel](path, **params)


def extract_batch(kernel, params, memory, batch):
    """Features of a batch of items (paths or waveforms), run in a worker.

    Parameters
    ----------
    kernel : str
        Key of :data:`KERNELS`, the function computing one item's features.
    params : dict
        Its keyword arguments (the extractor's feature parameters).
    memory : None or object with a ``cache`` method (joblib.Memory)
        Per-file cache of the features of paths; waveforms are never cached.
    batch : list of str or ndarray
        File paths and float32 waveforms.

    Returns
    -------
    features : list of ndarray
        One float32 array per item, in order.

    Notes
    -----
    BLAS is held to one thread: per-file matrices are small, and a second BLAS
    thread competing with the joblib workers made the mel/chroma products up to
    30x slower on a loaded 2-core machine.
    """
    with threadpool_limits(limits=1, user_api="blas"):
        cached = None if memory is None else memory.cache(_extract_path)
        out = []
        for item in batch:
            if cached is not None and isinstance(item, str):
                out.append(cached(kernel, params, item, _file_key(item)))
            else:
                out.append(KERNELS[kernel](item, **params))
        return out


# -- shared helpers -----------------------------------------------------------

def to_samples(value, sr):
    """Convert a window/hop given as int samples or float seconds to samples."""
    if value is None:
        return None
    if isinstance(value, Integral | np.integer):
        return int(value)
    return max(1, int(round(float(value) * sr)))


def fix_frames(F, n_frames, align="start", pad_value=0.0):
    """Crop or pad a ``(t, n_bins)`` frame matrix to exactly ``n_frames`` rows.

    ``align="start"`` keeps the first frames and pads at the end;
    ``align="center"`` keeps the middle frames and pads equally on both sides
    (the extra frame, if any, goes to the end).
    """
    t = F.shape[0]
    if t == n_frames:
        return F
    if t > n_frames:
        start = 0 if align == "start" else (t - n_frames) // 2
        return F[start:start + n_frames]
    out = np.full((n_frames,) + F.shape[1:], pad_value, dtype=F.dtype)
    start = 0 if align == "start" else (n_frames - t) // 2
    out[start:start + t] = F
    return out


def _waveform(item, sr):
    """A path read at ``sr`` Hz (:func:`skser.io.load_audio`), or the waveform itself."""
    return load_audio(item, sr=sr) if isinstance(item, str) else item


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


# -- SpectralMeans / FeatureImage / Tonnetz: one STFT, cached CQT bases -------

#: (name, size) of each block of the 193-vector, in output order.
SPECTRAL_MEANS_BLOCKS = (("mfcc", 40), ("mel", 128), ("chroma", 12),
                         ("contrast", 7), ("tonnetz", 6))

_N_FFT = 2048
_HOP = 512
_BPO = 36          # chroma_cqt's bins per octave
_N_OCT = 7         # chroma_cqt's octaves
_RES_TYPE = "soxr_hq"  # librosa.cqt's default resampler

# librosa's private CQT steps (module-level, double underscore: not name-mangled)
_early_downsample = getattr(_cq, "__early_downsample", None)
_early_downsample_count = getattr(_cq, "__early_downsample_count", None)
_cqt_response = getattr(_cq, "__cqt_response", None)
_trim_stack = getattr(_cq, "__trim_stack", None)
_HAVE_PRIVATE_CQT = None not in (_early_downsample, _early_downsample_count,
                                 _cqt_response, _trim_stack)


@lru_cache(maxsize=8)
def _mel_basis(sr, n_fft, n_mels):
    return filters.mel(sr=sr, n_fft=n_fft, n_mels=n_mels)


@lru_cache(maxsize=128)
def _chroma_basis(sr, n_fft, tuning):
    return filters.chroma(sr=sr, n_fft=n_fft, tuning=tuning, n_chroma=12)


def _cqt_geometry(sr, tuning):
    """Frequencies, relative bandwidths and cutoff as in :func:`librosa.vqt`."""
    fmin = librosa.note_to_hz("C1") * 2.0 ** (tuning / _BPO)
    freqs = librosa.interval_frequencies(
        n_bins=_N_OCT * _BPO, fmin=fmin, intervals="equal", bins_per_octave=_BPO, sort=True)
    alpha = filters._relative_bandwidth(freqs=freqs)
    _, cutoff = filters.wavelet_lengths(
        freqs=freqs, sr=sr, window="hann", filter_scale=1, gamma=0, alpha=alpha)
    return freqs, alpha, cutoff


def _filter_fft(sr, freqs, alpha, dtype, scale=1.0):
    """Vectorised ``librosa.core.constantq.__vqt_filter_fft`` for a CQT (gamma=0).

    Same filters (Hann-windowed complex exponentials of librosa's wavelet
    lengths, L1-normalised, centred in a power-of-two frame, FFT, 1 %
    sparsification), built as one array instead of librosa's per-filter scipy
    window / pad / lil-matrix calls; equal to it up to float rounding. ``scale``
    is vqt's ``sqrt(sr / my_sr)`` factor.
    """
    lengths, _ = filters.wavelet_lengths(
        freqs=freqs, sr=sr, window="hann", filter_scale=1, gamma=0, alpha=alpha)
    n_fft = int(2.0 ** np.ceil(np.log2(np.max(lengths))))
    first = np.floor(-lengths / 2.0)                 # np.arange(-ilen // 2, ...)[0]
    n = np.array([len(np.arange(-ilen // 2, ilen // 2, dtype=float)) for ilen in lengths])
    start = (n_fft - n) // 2
    k = np.arange(n_fft)[np.newaxis, :] - start[:, np.newaxis]
    inside = (k >= 0) & (k < n[:, np.newaxis])
    t = first[:, np.newaxis] + k
    sig = np.exp(1j * (t * 2 * np.pi * freqs[:, np.newaxis] / sr))
    sig *= 0.5 - 0.5 * np.cos(2.0 * np.pi * k / n[:, np.newaxis])  # periodic Hann
    sig[~inside] = 0
    sig /= np.sum(np.abs(sig), axis=1, keepdims=True)
    basis = sig.astype(dtype)
    basis *= lengths[:, np.newaxis] / float(n_fft)
    fft_basis = scipy.fft.fft(basis, n=n_fft, axis=1)[:, : n_fft // 2 + 1]
    # librosa.util.sparsify_rows(quantile=0.01), vectorised
    mags = np.abs(fft_basis)
    norms = np.sum(mags, axis=1, keepdims=True)
    mag_sort = np.sort(mags, axis=1)
    cumulative = np.cumsum(mag_sort / norms, axis=1)
    idx = np.argmin(cumulative < 0.01, axis=1)
    keep = mags >= mag_sort[np.arange(len(idx)), idx][:, np.newaxis]
    dense = np.where(keep, fft_basis, 0).astype(dtype)
    dense *= scale
    return scipy.sparse.csr_matrix(dense), n_fft


@lru_cache(maxsize=128)
def _cqt_plan(sr, hop_length, tuning, dtype_str):
    """Everything in librosa's CQT that depends only on (sr, hop, tuning, dtype).

    Returns the early-downsampling count, the per-octave (scaled) FFT filter
    bases with their FFT sizes, and the final length normalisation.
    """
    dtype = np.dtype(dtype_str)
    freqs, alpha, cutoff = _cqt_geometry(sr, tuning)
    nyquist = sr / 2.0
    if cutoff > nyquist:
        raise ValueError(f"sr={sr} Hz is too low for a 7-octave CQT from C1")
    count = _early_downsample_count(nyquist, cutoff, hop_length, _N_OCT)
    sr_ds = sr / float(2 ** count) if count > 0 else sr
    hop_ds = hop_length // (2 ** count) if count > 0 else hop_length
    bases = []
    my_sr, my_hop = sr_ds, hop_ds
    top = None  # (basis, n_fft) of the top octave
    for i in range(_N_OCT):
        sl = slice(-_BPO, None) if i == 0 else slice(-_BPO * (i + 1), -_BPO * i)
        scale = np.sqrt(sr_ds / my_sr)
        if top is not None and my_sr == sr_ds / 2 ** i:
            # An octave down at half the rate, the filters are the top octave's
            # (same frequencies relative to the rate, same lengths in samples):
            # reuse them, scaled like vqt does. Equal up to float rounding.
            fft_basis, n_fft = top[0] * scale, top[1]
        else:
            fft_basis, n_fft = _filter_fft(my_sr, freqs[sl], alpha[sl], dtype, scale)
            if i == 0:
                top = (fft_basis, n_fft)
        bases.append((fft_basis.astype(dtype), n_fft))
        if my_hop % 2 == 0:
            my_hop //= 2
            my_sr /= 2.0
    lengths, _ = filters.wavelet_lengths(
        freqs=freqs, sr=sr_ds, window="hann", filter_scale=1, gamma=0, alpha=alpha)
    return nyquist, cutoff, bases, np.sqrt(lengths)[:, np.newaxis]


def _response(y, n_fft, hop_length, fft_basis, dtype):
    """librosa's ``__cqt_response`` (rectangular-window STFT, then the sparse basis).

    Frames ``y`` zero-padded by ``n_fft // 2`` on both sides, as
    ``librosa.stft(window="ones", center=True, pad_mode="constant")``, without
    that function's per-call checks and block loop.
    """
    if y.shape[-1] + 2 * (n_fft // 2) < n_fft or not y.flags.c_contiguous:
        return _cqt_response(y, n_fft, hop_length, fft_basis, "constant", dtype=dtype)
    yp = np.pad(y, n_fft // 2)
    frames = librosa.util.frame(yp, frame_length=n_fft, hop_length=hop_length)
    # librosa multiplies the frames by its float64 window of ones, so its FFT runs in
    # float64 and is rounded to complex64 after: do the same to match it exactly
    D = scipy.fft.rfft(frames.astype(np.float64), axis=-2).astype(dtype)
    return fft_basis.dot(D)


def _cqt_magnitude(y, sr, hop_length, tuning):
    """``np.abs(librosa.cqt(y, sr=sr, hop_length=hop_length, n_bins=252,
    bins_per_octave=36, tuning=tuning))`` with cached filter bases."""
    if not _HAVE_PRIVATE_CQT:  # librosa internals moved: plain (slower) call
        return np.abs(librosa.cqt(y, sr=sr, hop_length=hop_length, n_bins=_N_OCT * _BPO,
                                  bins_per_octave=_BPO, tuning=tuning))
    dtype = util.dtype_r2c(y.dtype)
    nyquist, cutoff, bases, norm = _cqt_plan(sr, hop_length, float(tuning),
                                             np.dtype(dtype).str)
    y, _, hop = _early_downsample(y, sr, hop_length, _RES_TYPE, _N_OCT, nyquist, cutoff, True)
    resp = []
    for fft_basis, n_fft in bases:
        resp.append(_response(y, n_fft, hop, fft_basis, dtype))
        if hop % 2 == 0:
            hop //= 2
            y = librosa.resample(y, orig_sr=2, target_sr=1, res_type=_RES_TYPE, scale=True)
    V = _trim_stack(resp, _N_OCT * _BPO, dtype)
    V /= norm
    return np.abs(V)


def _estimate_tuning(S, sr, n_fft, bins_per_octave):
    """``librosa.estimate_tuning(S=S, sr=sr, bins_per_octave=...)`` on the 150-4000 Hz rows.

    librosa's :func:`~librosa.piptrack` interpolates peaks over every STFT row
    and only then keeps 150 Hz <= f < 4000 Hz (a third of the rows at
    22 050 Hz); this does the same arithmetic (same float32 dtype) on those rows
    and their neighbours only.
    """
    freqs = librosa.fft_frequencies(sr=sr, n_fft=n_fft)
    rows = np.flatnonzero((150.0 <= freqs) & (freqs < min(4000.0, sr / 2)))
    if rows.size == 0 or rows[0] < 1 or rows[-1] > S.shape[0] - 2:
        return librosa.estimate_tuning(S=S, sr=sr, n_fft=n_fft,
                                       bins_per_octave=bins_per_octave)
    lo, hi = rows[0], rows[-1] + 1
    Sk = S[lo - 1:hi + 1]
    ref = 0.1 * np.max(S, axis=0)
    X = Sk * (Sk > ref)
    c = X[1:-1]
    peak = (c > X[:-2]) & (c >= X[2:])
    kk, tt = np.nonzero(peak)
    up, mid, down = Sk[2:][kk, tt], Sk[1:-1][kk, tt], Sk[:-2][kk, tt]
    a = up + down - 2 * mid
    b = (up - down) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        shift = np.where(np.abs(b) >= np.abs(a), 0, -b / a).astype(S.dtype)
    pitch = ((kk + lo + shift) * float(sr) / n_fft).astype(S.dtype)
    mag = (mid + 0.5 * b * shift).astype(S.dtype)  # np.gradient interior = b
    keep = pitch > 0
    threshold = np.median(mag[keep]) if keep.any() else 0.0
    return librosa.pitch_tuning(pitch[(mag >= threshold) & keep],
                                bins_per_octave=bins_per_octave)


def tonnetz_cqt(y, sr=22050, hop_length=512, mag=None):
    """``librosa.feature.tonnetz(y=y, sr=sr, hop_length=hop_length)`` with cached CQT bases.

    ``mag`` is ``|librosa.stft(y)|`` (2048-point, hop 512), from which librosa's
    CQT estimates its tuning; computed here if not given.
    """
    if mag is None:
        mag = np.abs(librosa.stft(y, n_fft=_N_FFT, hop_length=_HOP))
    tuning36 = _estimate_tuning(mag, sr, _N_FFT, _BPO)
    with warnings.catch_warnings():
        # short clips: librosa warns per low CQT octave ("n_fft=... too large")
        warnings.filterwarnings("ignore", message="n_fft=.*too large", category=UserWarning)
        C = _cqt_magnitude(y, sr, hop_length, tuning36)
    return librosa.feature.tonnetz(chroma=librosa.feature.chroma_cqt(C=C, sr=sr), sr=sr)


def spectral_blocks(y, sr=22050, tonnetz="cqt"):
    """The five frame-level feature matrices behind the 193-vector.

    Parameters
    ----------
    y : ndarray of shape (n,), float32
        Waveform at ``sr`` Hz.
    sr : int, default=22050
        Sampling rate in Hz.
    tonnetz : {"cqt", "stft"}, default="cqt"
        Chroma behind tonnetz: librosa's CQT chroma, or (faster, not equal to
        librosa's default) the STFT chroma computed anyway.

    Returns
    -------
    blocks : dict of str to ndarray of shape (n_bins, t)
        ``mfcc`` (40), ``mel`` (128 power bands), ``chroma`` (12, from the STFT),
        ``contrast`` (7, dB), ``tonnetz`` (6); each equals the matching
        ``librosa.feature`` call on ``y`` with librosa's defaults.
    """
    D = librosa.stft(y, n_fft=_N_FFT, hop_length=_HOP)
    mag = np.abs(D)
    power = mag ** 2.0
    mel = _mel_basis(sr, _N_FFT, 128) @ power
    mfcc = librosa.feature.mfcc(S=librosa.power_to_db(mel), n_mfcc=40)
    tuning12 = _estimate_tuning(power, sr, _N_FFT, 12)
    raw = _chroma_basis(sr, _N_FFT, float(tuning12)) @ power
    chroma = util.normalize(raw, norm=np.inf, axis=-2)
    contrast = librosa.feature.spectral_contrast(S=mag, sr=sr)
    if tonnetz == "cqt":
        ton = tonnetz_cqt(y, sr, _HOP, mag)
    else:
        ton = librosa.feature.tonnetz(chroma=chroma, sr=sr)
    return {"mfcc": mfcc, "mel": mel, "chroma": chroma, "contrast": contrast, "tonnetz": ton}



# -- kernels: one item (path or waveform) and the feature parameters ----------

def logmel_frames(item, *, sr, n_mels, n_fft, win_length, hop_length, fmin, fmax, power,
                  log, log_offset, top_db, n_frames, align, pad_value):
    """:class:`~skser.features.LogMel` of one recording, ``(n_frames, n_mels)``."""
    y = _waveform(item, sr)
    n_fft, win, hop = _resolve_stft("LogMel", sr, n_fft, win_length, hop_length)
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
    y = _waveform(item, sr)
    if n_mfcc > n_mels:
        raise ValueError(f"MFCC: n_mfcc={n_mfcc} exceeds n_mels={n_mels}")
    n_fft, win, hop = _resolve_stft("MFCC", sr, n_fft, win_length, hop_length)
    M = librosa.feature.mfcc(
        y=y, sr=sr, n_mfcc=n_mfcc, n_fft=n_fft, hop_length=hop,
        win_length=win, n_mels=n_mels, fmin=fmin, fmax=fmax)
    return _finish(M, n_frames, align, pad_value)


def chroma_frames(item, *, sr, n_fft, win_length, hop_length, n_chroma, tuning, n_frames,
                  align, pad_value):
    """:class:`~skser.features.Chroma` of one recording, ``(n_frames, n_chroma)``."""
    y = _waveform(item, sr)
    n_fft, win, hop = _resolve_stft("Chroma", sr, n_fft, win_length, hop_length)
    C = librosa.feature.chroma_stft(
        y=y, sr=sr, n_fft=n_fft, hop_length=hop, win_length=win,
        n_chroma=n_chroma, tuning=tuning)
    return _finish(C, n_frames, align, pad_value)


def contrast_frames(item, *, sr, n_fft, win_length, hop_length, fmin, n_bands, quantile,
                    n_frames, align, pad_value):
    """:class:`~skser.features.SpectralContrast` of one recording, ``(n_frames, n_bands + 1)``."""
    y = _waveform(item, sr)
    n_fft, win, hop = _resolve_stft("SpectralContrast", sr, n_fft, win_length, hop_length)
    C = librosa.feature.spectral_contrast(
        y=y, sr=sr, n_fft=n_fft, hop_length=hop, win_length=win,
        fmin=fmin, n_bands=n_bands, quantile=quantile)
    return _finish(C, n_frames, align, pad_value)


def tonnetz_frames(item, *, sr, hop_length, n_frames, align, pad_value):
    """:class:`~skser.features.Tonnetz` of one recording, ``(n_frames, 6)``."""
    y = _waveform(item, sr)
    if hop_length % 64:
        raise ValueError(
            f"Tonnetz: hop_length={hop_length} must be a multiple of 64 "
            "(the 7-octave CQT halves the rate 6 times)")
    T = tonnetz_cqt(y, sr, hop_length)
    return _finish(T, n_frames, align, pad_value)


def spectral_means(item, *, sr, tonnetz):
    """:class:`~skser.features.SpectralMeans` of one recording, ``(193,)``."""
    blocks = spectral_blocks(_waveform(item, sr), sr=sr, tonnetz=tonnetz)
    return np.concatenate(
        [blocks[name].mean(axis=-1) for name, _ in SPECTRAL_MEANS_BLOCKS]
    ).astype(np.float32)


#: (name, size) of the row blocks of :class:`~skser.features.FeatureImage`, top to bottom.
FEATURE_IMAGE_ROWS = (("chroma", 12), ("mel", 128), ("mfcc", 40), ("contrast", 7),
                      ("tonnetz", 6))


def feature_image(item, *, sr, mel, tonnetz, n_frames, align, pad_value):
    """:class:`~skser.features.FeatureImage` of one recording, ``(193, n_frames, 1)``."""
    blocks = spectral_blocks(_waveform(item, sr), sr=sr, tonnetz=tonnetz)
    if mel == "db":
        blocks["mel"] = librosa.power_to_db(blocks["mel"])
    t = min(b.shape[-1] for b in blocks.values())
    img = np.concatenate([blocks[name][:, :t] for name, _ in FEATURE_IMAGE_ROWS], axis=0)
    img = fix_frames(np.ascontiguousarray(img.T, dtype=np.float32), n_frames,
                     align, np.float32(pad_value))
    return img.T[:, :, np.newaxis].copy()


def contour_length(sr, duration, hop_length):
    """Frames of an MFCC contour: ``1 + round(duration * sr) // hop_length``."""
    return 1 + int(round(duration * sr)) // hop_length


def mfcc_contour(item, *, sr, offset, duration, n_mfcc, hop_length, pad_value):
    """:class:`~skser.features.MFCCContour` of one recording, ``(n_frames,)``.

    A path is read from ``offset`` for ``duration`` seconds; a waveform is
    sliced the same way.
    """
    if isinstance(item, str):
        if audio_info(item).duration <= offset:
            y = np.zeros(0, dtype=np.float32)
        else:
            y = load_audio(item, sr=sr, offset=offset, duration=duration)
    else:
        start = int(round(offset * sr))
        y = item[start:start + int(round(duration * sr))]
    n_frames = contour_length(sr, duration, hop_length)
    if y.size == 0:
        return np.full(n_frames, pad_value, dtype=np.float32)
    M = librosa.feature.mfcc(y=y, sr=sr, n_mfcc=n_mfcc, hop_length=hop_length)
    contour = M.mean(axis=0).astype(np.float32)
    return fix_frames(contour, n_frames, "start", np.float32(pad_value))


#: ``feature_level`` of :class:`~skser.features.OpenSmile` to ``opensmile.FeatureLevel``.
OPENSMILE_LEVELS = {"functionals": "Functionals", "lld": "LowLevelDescriptors",
                    "lld_deltas": "LowLevelDescriptors_Deltas"}

_SMILES = {}  # per process: (feature_set, level) -> opensmile.Smile


def _smile(feature_set, feature_level):
    key = (feature_set, feature_level)
    if key not in _SMILES:
        import opensmile

        _SMILES[key] = opensmile.Smile(
            feature_set=getattr(opensmile.FeatureSet, feature_set),
            feature_level=getattr(opensmile.FeatureLevel, OPENSMILE_LEVELS[feature_level]))
    return _SMILES[key]


def opensmile_names(feature_set, feature_level):
    """openSMILE's output names for a feature set and level."""
    return list(_smile(feature_set, feature_level).feature_names)


def opensmile_features(item, *, feature_set, feature_level, sr, n_frames, align, pad_value):
    """:class:`~skser.features.OpenSmile` of one recording: functionals or LLD frames."""
    y = _waveform(item, sr)
    smile = _smile(feature_set, feature_level)
    try:
        df = smile.process_signal(y, sr)
    except Exception as exc:  # openSMILE / audinterface errors
        raise ValueError(
            f"openSMILE failed on a {y.size}-sample waveform: {exc}") from exc
    F = df.to_numpy(dtype=np.float32)
    F = np.nan_to_num(F, nan=0.0, posinf=0.0, neginf=0.0)
    if feature_level == "functionals":
        return F[0]
    return fix_frames(F, n_frames, align, np.float32(pad_value))


#: Kernel name (an extractor's ``_kernel``) to function ``f(item, **params)``.
KERNELS = {f.__name__: f for f in (
    logmel_frames, mfcc_frames, chroma_frames, contrast_frames, tonnetz_frames,
    spectral_means, feature_image, mfcc_contour, opensmile_features)}
