"""Shared fixtures: synthetic signals and the real-corpus data home."""

import os
from pathlib import Path

import pytest
from synthetic import make_chirp, make_noise, make_tone

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def pytest_configure(config):
    """Compile librosa's numba functions once, one test process at a time.

    librosa caches its numba functions on disk (``cache=True``). On a fresh install
    the pytest-xdist workers (and the joblib workers the tests start) would compile
    them into that empty cache at the same time, which crashed with SIGSEGV; under an
    exclusive file lock, the first process fills the cache and the others load it.
    """
    import fcntl
    import tempfile

    lock_path = os.path.join(tempfile.gettempdir(), "skser-tests-numba-warmup.lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            from skser.features import (
                MFCC,
                Chroma,
                FeatureImage,
                LogMel,
                MFCCContour,
                SpectralContrast,
                SpectralMeans,
                Tonnetz,
            )

            y = make_tone(duration=1.5, sr=22050)  # float32; MFCCContour reads from 0.5 s
            for extractor in (LogMel(sr=22050), MFCC(sr=22050), Chroma(), SpectralContrast(),
                              Tonnetz(), SpectralMeans(), FeatureImage(), MFCCContour()):
                extractor.transform([y])
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


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
