"""Shared fixtures: synthetic signals and the real-corpus data home."""

import os
from pathlib import Path

import pytest
from synthetic import make_chirp, make_noise, make_tone

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


@pytest.fixture(scope="session")
def data_home():
    """Absolute path of ``$SKSER_DATA``; skips (naming the variable) when unset."""
    value = os.environ.get("SKSER_DATA")
    if not value or not Path(value).is_dir():
        pytest.skip("SKSER_DATA is not set to a folder with the real corpora")
    return str(Path(value).resolve())


@pytest.fixture
def tone():
    return make_tone()


@pytest.fixture
def noise():
    return make_noise()


@pytest.fixture
def chirp():
    return make_chirp()
