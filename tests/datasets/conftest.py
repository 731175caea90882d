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
