"""Synthetic test signals (tones, noise, chirps), importable from any test module."""

import numpy as np


def make_tone(freq=440.0, duration=1.0, sr=16000, amplitude=0.5):
    """A sine tone, float32, shape (round(duration * sr),)."""
    t = np.arange(int(round(duration * sr))) / sr
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def make_noise(duration=1.0, sr=16000, seed=0, amplitude=0.1):
    """White Gaussian noise, float32."""
    rng = np.random.default_rng(seed)
    return (amplitude * rng.standard_normal(int(round(duration * sr)))).astype(np.float32)


def make_chirp(f0=100.0, f1=4000.0, duration=1.0, sr=16000):
    """Linear chirp from ``f0`` to ``f1`` Hz, float32."""
    t = np.arange(int(round(duration * sr))) / sr
    k = (f1 - f0) / duration
    return (0.5 * np.sin(2 * np.pi * (f0 * t + 0.5 * k * t**2))).astype(np.float32)
