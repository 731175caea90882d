"""Fixtures of the skser.evaluation tests: toy speakers, EMO-DB files, a clean spy log."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from _evaluation_helpers import EMODB_EMOTIONS, SPY_LOG, synthetic  # noqa: E402


@pytest.fixture
def toy():
    return synthetic()


@pytest.fixture(autouse=True)
def _clear_spy():
    SPY_LOG.clear()
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def emodb_files(data_home):
    files = sorted(p for p in (Path(data_home) / "emodb" / "wav").iterdir()
                   if p.suffix.lower() in (".wav", ".flac"))
    assert len(files) == 535
    frame = pd.DataFrame({
        "path": [str(p) for p in files],
        "speaker": [f"emodb/{p.stem[:2]}" for p in files],
    })
    y = np.asarray([EMODB_EMOTIONS[p.stem[5]] for p in files])
    return frame, y
