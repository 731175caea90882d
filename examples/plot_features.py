"""
What the feature extractors compute, on one real utterance
==========================================================

Every extractor in :mod:`skser.features` applied to the same EMO-DB recording,
``03a01Wa`` (speaker 03, male, text a01 *"Der Lappen liegt auf dem Eisschrank"*,
anger). Frame-level extractors return ``(n_samples, n_frames, n_bins)``; they
are shown here with time on the x axis. Each extractor crops or pads to a fixed
``n_frames``; here ``n_frames`` is set to the clip's own length so that no
padding is drawn.

The figures are referenced from :ref:`features`.
"""

# %%
import math
import os

import matplotlib.pyplot as plt
import numpy as np

from skser.datasets import fetch_emodb
from skser.features import (
    MFCC,
    Chroma,
    FeatureImage,
    LogMel,
    MFCCContour,
    OpenSmile,
    SpectralContrast,
    SpectralMeans,
    StatsPooling,
    Tonnetz,
)
from skser.io import audio_info, load_audio

emodb = fetch_emodb(download_if_missing=False)
path = next(p for p in emodb.filenames if os.path.basename(p).startswith("03a01Wa"))
info = audio_info(path)
print(f"{os.path.basename(path)}: {info.duration:.2f} s, {info.samplerate} Hz, "
      f"{info.channels} channel(s), {info.format}/{info.subtype}")


def frames(sr, hop):
    """Frames of a centred STFT covering the whole clip: 1 + n_samples // hop."""
    return 1 + int(round(info.duration * sr)) // hop


def show(F, sr, hop, title, ylabel, ax=None, **kw):
    """Draw one (n_frames, n_bins) matrix with time in seconds on the x axis."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 2.8))
    t_end = F.shape[0] * hop / sr
    im = ax.imshow(F.T, origin="lower", aspect="auto", extent=(0, t_end, -0.5,
                   F.shape[1] - 0.5), interpolation="nearest", **kw)
    ax.set_xlabel("time (s)")
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
    ax.figure.colorbar(im, ax=ax, pad=0.01)
    ax.figure.tight_layout()
    return ax


# %%
# The waveform
# ------------
# :func:`skser.io.load_audio` returns mono float32 at the requested rate
# (resampled with soxr), in [-1, 1).
y = load_audio(path, sr=16000)
fig, ax = plt.subplots(figsize=(7, 2.2))
ax.plot(np.arange(y.size) / 16000, y, lw=0.5)
ax.set_xlabel("time (s)")
ax.set_ylabel("amplitude")
ax.set_title(f"03a01Wa (anger), {y.size} samples at 16 kHz", fontsize=10)
fig.tight_layout()

# %%
# LogMel
# ------
# 26 mel bands, 25 ms Hann window, 10 ms hop at 16 kHz (the IEMOCAP parallel-CNN
# system), in dB relative to the loudest bin of the clip, floored at -80 dB.
logmel = LogMel(n_frames=frames(16000, 160))
M = logmel.fit_transform([path])[0]
print("LogMel:", M.shape, "(frames, mel bands), dB from", M.min(), "to", M.max())
show(M, 16000, 160, "LogMel: 26 mel bands, dB re clip maximum", "mel band")

# %%
# MFCC
# ----
# 13 coefficients (c0 included) of a 40-band dB mel spectrum, same framing.
C = MFCC(n_frames=frames(16000, 160)).fit_transform([path])[0]
print("MFCC:", C.shape, "(frames, coefficients)")
show(C, 16000, 160, "MFCC: 13 coefficients", "coefficient", cmap="coolwarm")

# %%
# Chroma
# ------
# Energy folded onto the 12 pitch classes (C ... B), each frame scaled to a
# maximum of 1; librosa's defaults at 22 050 Hz, hop 512 (23 ms).
ch = Chroma(n_frames=frames(22050, 512)).fit_transform([path])[0]
print("Chroma:", ch.shape, "(frames, pitch classes), range", ch.min(), ch.max())
ax = show(ch, 22050, 512, "Chroma (STFT)", "pitch class", vmin=0, vmax=1)
ax.set_yticks(range(12), ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"])

# %%
# SpectralContrast
# ----------------
# Peak-to-valley difference in dB in 7 octave bands (the lowest below 200 Hz).
sc = SpectralContrast(n_frames=frames(22050, 512)).fit_transform([path])[0]
print("SpectralContrast:", sc.shape, "(frames, bands), dB")
show(sc, 22050, 512, "Spectral contrast (dB)", "octave band")

# %%
# Tonnetz
# -------
# The CQT chroma projected on fifths, minor thirds and major thirds (x, y pairs).
tz = Tonnetz(n_frames=frames(22050, 512)).fit_transform([path])[0]
print("Tonnetz:", tz.shape, "(frames, dimensions)")
ax = show(tz, 22050, 512, "Tonnetz", "dimension", cmap="coolwarm")
ax.set_yticks(range(6), ["fifth x", "fifth y", "minor x", "minor y", "major x", "major y"])

# %%
# SpectralMeans: the 193 utterance-level features of Issa et al. (2020)
# ---------------------------------------------------------------------
# Means over frames of 40 MFCC, 128 mel power bands, 12 chroma, 7 contrast and
# 6 tonnetz values, one vector per file. The blocks have very different scales
# (mel means are power, MFCC are dB-based), which is why the recipes standardize
# them before the CNN. EMO-DB was recorded at 16 kHz, so at 22 050 Hz the mel
# bands above 8 kHz are empty (the -100 dB floor on the right).
sm = SpectralMeans()
v = sm.fit_transform([path])[0]
names = sm.get_feature_names_out()
print("SpectralMeans:", v.shape, names[:3], "...", names[-2:])
blocks = [("mfcc", 40), ("mel", 128), ("chroma", 12), ("contrast", 7), ("tonnetz", 6)]
fig, axes = plt.subplots(1, 5, figsize=(10, 2.6), width_ratios=[n for _, n in blocks])
start = 0
for ax, (name, n) in zip(axes, blocks, strict=True):
    part = v[start:start + n]
    start += n
    ax.bar(range(n), part if name != "mel" else 10 * np.log10(part + 1e-10), width=1.0)
    ax.set_title(name + (" (dB)" if name == "mel" else ""), fontsize=9)
    ax.set_xlabel("index", fontsize=8)
fig.suptitle("SpectralMeans: 193 means over frames", fontsize=10)
fig.tight_layout()

# %%
# FeatureImage: the stacked image of Nathaniel538's 2-D CNN
# ----------------------------------------------------------
# Chroma, mel (dB), MFCC, contrast and tonnetz rows stacked into one
# ``(193, n_frames, 1)`` image. For display each row is standardized here; the
# extractor returns the raw values.
img = FeatureImage(n_frames=frames(22050, 512)).fit_transform([path])[0, :, :, 0]
print("FeatureImage:", img.shape, "(rows, frames)")
z = (img - img.mean(axis=1, keepdims=True)) / (img.std(axis=1, keepdims=True) + 1e-8)
ax = show(z.T, 22050, 512, "FeatureImage (rows standardized for display)", "row",
          cmap="coolwarm", vmin=-3, vmax=3)
for edge in (12, 140, 180, 187):
    ax.axhline(edge - 0.5, color="k", lw=0.8)
ax.set_yticks([6, 76, 160, 183, 190], ["chroma", "mel", "MFCC", "contrast", "tonnetz"])

# %%
# MFCCContour: the 1-D input of Speech-Emotion-Analyzer
# -----------------------------------------------------
# 2.5 s starting 0.5 s into the file at 44.1 kHz, 13 MFCCs averaged over the
# coefficient axis: one value per 512-sample frame (216 frames).
cont = MFCCContour()
c = cont.fit_transform([path])[0]
fig, ax = plt.subplots(figsize=(7, 2.2))
ax.plot(0.5 + np.arange(c.size) * 512 / 44100, c)
ax.set_xlabel("time in file (s)")
ax.set_ylabel("mean MFCC")
ax.set_title(f"MFCCContour: {c.size} frames", fontsize=10)
fig.tight_layout()

# %%
# OpenSmile: eGeMAPS low-level descriptors and functionals
# --------------------------------------------------------
# The 25 eGeMAPS LLDs (pitch, loudness, jitter, formants, ...) every 10 ms, and the
# 88 functionals that summarize them per file. If TensorFlow is already imported in
# this process (it is, when the gallery runs the CNN examples first), skser runs
# openSMILE in a separate worker process: see :ref:`faq`.
lld = OpenSmile(feature_level="lld", n_frames=math.ceil(info.duration * 100))
L = lld.fit_transform([path])[0]
lld_names = lld.get_feature_names_out()
print("OpenSmile LLD:", L.shape, "(frames, descriptors):", ", ".join(lld_names[:4]), "...")
func = OpenSmile()
f = func.fit_transform([path])
print("OpenSmile functionals:", f.shape, func.get_feature_names_out()[:3], "...")
Lz = (L - L.mean(axis=0)) / (L.std(axis=0) + 1e-8)
ax = show(Lz, 100, 1, "eGeMAPSv02 LLDs (standardized per descriptor for display)",
          "descriptor", cmap="coolwarm", vmin=-3, vmax=3)
ax.set_yticks(range(len(lld_names)), [n.replace("_sma3", "").replace("nz", "")[:24]
                                      for n in lld_names], fontsize=5)

# %%
# StatsPooling: from frames to one vector per utterance
# -----------------------------------------------------
# Statistics over the frames of any frame-level output; here mean and standard
# deviation of each log-mel band (``ignore_value`` leaves padded frames out).
pool = StatsPooling(prefix="mel").fit(M[np.newaxis])
P = pool.transform(M[np.newaxis])[0]
print("StatsPooling:", P.shape, pool.get_feature_names_out()[[0, 1, 26, 27]])
fig, ax = plt.subplots(figsize=(7, 2.4))
ax.errorbar(range(26), P[:26], yerr=P[26:], fmt="o-", ms=3, capsize=2)
ax.set_xlabel("mel band")
ax.set_ylabel("dB (mean ± std over frames)")
ax.set_title("StatsPooling(stats=('mean', 'std')) of LogMel", fontsize=10)
fig.tight_layout()
