"""OpenSmile wrapper: functionals, LLDs, names, optional import, TensorFlow safety."""

import importlib.util
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from numpy.testing import assert_allclose
from synthetic import make_chirp, make_tone

from skser.features import OpenSmile

opensmile = pytest.importorskip("opensmile")


@pytest.fixture(scope="module")
def voice():
    """1.5 s of a 150-220 Hz chirp plus a tone: enough for F0 tracking."""
    return (make_chirp(150.0, 220.0, duration=1.5) + 0.2 * make_tone(1000.0, duration=1.5))


def test_egemaps_functionals_equal_opensmile(voice):
    est = OpenSmile()
    out = est.fit_transform([voice, voice[:8000]])
    assert out.shape == (2, 88) and out.dtype == np.float32
    smile = opensmile.Smile(feature_set=opensmile.FeatureSet.eGeMAPSv02,
                            feature_level=opensmile.FeatureLevel.Functionals)
    ref = smile.process_signal(voice, 16000).to_numpy()[0]
    assert_allclose(out[0], ref, rtol=1e-5, atol=1e-6)
    names = est.get_feature_names_out()
    assert len(names) == 88 and list(names) == list(smile.feature_names)


def test_pandas_output_has_opensmile_names(voice):
    frame = OpenSmile().set_output(transform="pandas").transform([voice])
    assert frame.shape == (1, 88)
    assert frame.columns[0] == "F0semitoneFrom27.5Hz_sma3nz_amean"


def test_lld_frames_are_padded(voice):
    out = OpenSmile(feature_level="lld", n_frames=300, pad_value=-1.0).transform([voice])
    assert out.shape == (1, 300, 25) and out.dtype == np.float32
    smile = opensmile.Smile(feature_set=opensmile.FeatureSet.eGeMAPSv02,
                            feature_level=opensmile.FeatureLevel.LowLevelDescriptors)
    ref = smile.process_signal(voice, 16000).to_numpy()
    t = ref.shape[0]  # 10 ms hop
    assert 140 <= t <= 150
    assert_allclose(out[0, :t], ref, rtol=1e-5, atol=1e-6)
    assert np.all(out[0, t:] == -1.0)


def test_missing_package_says_how_to_install(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "opensmile" else real(name, *a))
    with pytest.raises(ImportError, match=r'pip install "skser\[opensmile\]"'):
        OpenSmile().fit([np.zeros(1600, np.float32)])


def test_invalid_feature_set():
    with pytest.raises(ValueError, match="feature_set"):
        OpenSmile(feature_set="eGeMAPSv99").fit([np.zeros(1600, np.float32)])


@pytest.mark.slow
def test_works_with_tensorflow_imported_first():
    """openSMILE aborts (malloc(): invalid size) if TensorFlow came first, in-process."""
    pytest.importorskip("tensorflow")
    code = textwrap.dedent("""
        import numpy as np
        import tensorflow  # noqa: F401  - first, as in a Keras pipeline
        from skser.features import OpenSmile
        t = np.arange(16000) / 16000
        y = (0.5 * np.sin(2 * np.pi * 200 * t)).astype("float32")
        est = OpenSmile()
        print(est.fit_transform([y, y]).shape, len(est.get_feature_names_out()))
        print(OpenSmile(feature_level="lld", n_frames=50).transform([y]).shape)
        print(OpenSmile(n_jobs=2).transform([y] * 20).shape)  # 3 batches, parallel path
    """)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "(2, 88) 88" in res.stdout and "(1, 50, 25)" in res.stdout
    assert "(20, 88)" in res.stdout
