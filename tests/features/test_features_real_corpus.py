"""A few real EMO-DB files from $SKSER_DATA through the extractors."""

import glob
import os

import librosa
import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from skser.features import LogMel, SpectralMeans, StatsPooling

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def emodb_files(data_home):
    files = sorted(glob.glob(os.path.join(data_home, "emodb", "wav", "*")))
    if len(files) != 535:
        pytest.skip(f"EMO-DB under {data_home} has {len(files)} files, expected 535")
    return [files[0], files[200], files[534]]  # speakers 03, 11 and 16


def test_spectral_means_equal_the_naive_librosa_recipe(emodb_files):
    out = SpectralMeans().transform(emodb_files)
    for row, path in zip(out, emodb_files, strict=True):
        y, sr = librosa.load(path, sr=22050)  # what Issa et al.'s code does
        ref = np.concatenate([b.mean(axis=1) for b in (
            librosa.feature.mfcc(y=y, sr=sr, n_mfcc=40),
            librosa.feature.melspectrogram(y=y, sr=sr),
            librosa.feature.chroma_stft(y=y, sr=sr),
            librosa.feature.spectral_contrast(y=y, sr=sr),
            librosa.feature.tonnetz(y=y, sr=sr))])
        assert_allclose(row, ref, rtol=1e-4, atol=1e-6)


def test_logmel_on_a_corpus_frame(emodb_files):
    frame = pd.DataFrame({"path": emodb_files,
                          "speaker": [os.path.basename(p)[:2] for p in emodb_files]})
    X = LogMel().transform(frame)
    assert X.shape == (3, 750, 26) and X.dtype == np.float32
    assert np.all(np.isfinite(X))
    pooled = StatsPooling(prefix="mel").fit_transform(X)
    assert pooled.shape == (3, 52)
