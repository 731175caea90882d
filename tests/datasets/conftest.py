"""Fixtures for the corpus-loader tests: tiny audio files in fake corpus trees."""

import numpy as np
import pytest
import soundfile as sf


def write_tone(path, sr=16000, duration=0.1, freq=440.0, fmt=None):
    """Write a short tone to ``path`` (parents created) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    t = np.arange(int(sr * duration)) / sr
    sf.write(path, 0.3 * np.sin(2 * np.pi * freq * t), sr, format=fmt)
    return path


@pytest.fixture
def tone_writer():
    return write_tone


def write_ravdess(root, *, channel, actors=(1, 2), emotions=("01", "05"), ext="wav"):
    """Write a RAVDESS-named tree ``root/Actor_NN/03-VV-EE-01-SS-01-NN.<ext>``.

    ``channel`` is the vocal-channel code (``"01"`` speech, ``"02"`` song); each
    actor gets one file per emotion and statement. Returns the paths written.
    """
    paths = []
    for actor in actors:
        for emo in emotions:
            for stmt in ("01", "02"):
                name = f"03-{channel}-{emo}-01-{stmt}-01-{actor:02d}.{ext}"
                paths.append(write_tone(root / f"Actor_{actor:02d}" / name))
    return paths


@pytest.fixture
def ravdess_writer():
    return write_ravdess
