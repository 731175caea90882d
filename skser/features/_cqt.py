"""The constant-Q transform behind tonnetz, with filter bases cached per tuning.

:func:`tonnetz_cqt` equals ``librosa.feature.tonnetz(y=y, sr=sr, hop_length=...)``:
librosa's 7-octave, 36-bins-per-octave CQT from C1 (its default ``chroma_cqt``),
its tuning estimate, its early downsampling and per-octave halving (soxr HQ),
its filters and its arithmetic, in the same dtypes, so the result is equal to
librosa's up to float rounding. What differs is what is computed once: the
filter bases depend only on the sampling rate, hop and tuning (a grid of 100
values), so they are built vectorised, once per octave pattern, and kept in a
per-process cache (:func:`_cqt_plan`); the tuning is estimated from an STFT
magnitude the caller may already have. Building those bases is the slow part
of :func:`librosa.feature.tonnetz`.

Where librosa's private CQT steps are not found (another librosa version), the
CQT falls back to :func:`librosa.cqt` itself.

Light on purpose (numpy, scipy, librosa): the joblib workers import it.
"""

import warnings
from functools import lru_cache

import librosa
import numpy as np
import scipy.fft
import scipy.sparse
from librosa import filters, util
from librosa.core import constantq as _cq

from ._framing import HOP, N_FFT

__all__ = ["tonnetz_cqt", "estimate_tuning", "N_FFT", "HOP"]

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


def estimate_tuning(S, sr, n_fft, bins_per_octave):
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
        mag = np.abs(librosa.stft(y, n_fft=N_FFT, hop_length=HOP))
    tuning36 = estimate_tuning(mag, sr, N_FFT, _BPO)
    with warnings.catch_warnings():
        # short clips: librosa warns per low CQT octave ("n_fft=... too large")
        warnings.filterwarnings("ignore", message="n_fft=.*too large", category=UserWarning)
        C = _cqt_magnitude(y, sr, hop_length, tuning36)
    return librosa.feature.tonnetz(chroma=librosa.feature.chroma_cqt(C=C, sr=sr), sr=sr)


