"""The shared input contract: input kinds, errors, parallelism, progress bar, cache."""

import os
import pickle
import subprocess
import sys
import textwrap

import joblib
import numpy as np
import pandas as pd
import pytest
import soundfile as sf
from numpy.testing import assert_allclose, assert_array_equal
from synthetic import make_chirp, make_noise, make_tone

from skser.exceptions import AudioLoadError
from skser.features import LogMel, SpectralMeans, _kernels


@pytest.fixture
def clips():
    """Three waveforms of different lengths at 16 kHz."""
    return [make_tone(duration=0.5), make_chirp(duration=0.8), make_noise(duration=0.3)]


@pytest.fixture
def paths(tmp_path, clips):
    out = []
    for i, y in enumerate(clips):
        p = tmp_path / f"clip{i}.wav"
        sf.write(p, y, 16000, subtype="FLOAT")  # float WAV: the file holds y exactly
        out.append(str(p))
    return out


def test_all_input_kinds_agree(clips, paths):
    est = LogMel(n_frames=60)
    ref = est.transform(clips)
    assert ref.shape == (3, 60, 26) and ref.dtype == np.float32
    assert_array_equal(est.transform(paths), ref)
    assert_array_equal(est.transform(tuple(clips)), ref)
    assert_array_equal(est.transform(pd.Series(clips)), ref)
    frame = pd.DataFrame({"path": paths, "speaker": ["03", "08", "03"]})
    assert_array_equal(est.transform(frame), ref)
    assert_array_equal(est.transform(pd.DataFrame({"audio": clips})), ref)
    # mixed paths and waveforms
    assert_array_equal(est.transform([paths[0], clips[1], paths[2]]), ref)


def test_two_d_array_equals_list_of_rows(clips):
    X = np.vstack([c[:4000] for c in clips])
    est = LogMel(n_frames=30)
    assert_array_equal(est.transform(X), est.transform(list(X)))
    assert est.fit(X).n_features_in_ == 4000
    assert not hasattr(est.fit(list(X)), "n_features_in_")


def test_float64_and_int_waveforms_are_accepted(clips):
    est = LogMel(n_frames=10)
    assert_allclose(est.transform([clips[0].astype(np.float64)]), est.transform(clips[:1]))


def test_transform_works_without_fit(clips):
    out = LogMel(n_frames=10).transform(clips)
    assert out.shape == (3, 10, 26)
    est = LogMel(n_frames=10)
    assert est.fit(clips) is est


@pytest.mark.parametrize("X, err, match", [
    ([], ValueError, "X is empty"),
    (np.zeros((0, 100)), ValueError, "X is empty"),
    (np.zeros((2, 3, 100)), ValueError, r"X has shape \(2, 3, 100\) \(3-D\)"),
    (np.zeros(100), ValueError, "1-D numeric array"),
    ([np.zeros(100), np.full(100, np.nan)], ValueError, r"X\[1\] contains NaN"),
    (np.array([[0.0, np.inf], [0.0, 0.0]]), ValueError, r"X\[0\] contains NaN or inf"),
    ([np.zeros((2, 100))], ValueError, r"X\[0\] has shape \(2, 100\); expected a 1-D mono"),
    ([np.zeros(0)], ValueError, r"X\[0\] is an empty waveform"),
    ([["a", "b"]], ValueError, r"X\[0\] has dtype <U1"),
    ([np.zeros(10, dtype=complex)], ValueError, r"X\[0\] is complex"),
    (pd.DataFrame({"file": ["a.wav"]}), ValueError, "needs a 'path' column"),
    ("a.wav", ValueError, "single path"),
    (None, ValueError, "X is None"),
])
def test_invalid_inputs_raise_clear_errors(X, err, match):
    with pytest.raises(err, match=match):
        LogMel().transform(X)


def test_unreadable_file_is_named(paths, tmp_path):
    missing = str(tmp_path / "nope.wav")
    with pytest.raises(AudioLoadError, match="nope.wav"):
        LogMel().transform([paths[0], missing])
    garbage = tmp_path / "garbage.wav"
    garbage.write_bytes(b"not audio at all" * 10)
    # raised in a joblib worker, arrives as the library's error naming the file
    with pytest.raises(AudioLoadError, match="garbage.wav"):
        LogMel(n_jobs=2).transform(paths * 4 + [str(garbage)])


def test_n_jobs_gives_the_same_result():
    clips = [make_noise(duration=0.2, seed=i) for i in range(20)]  # 3 batches
    assert_array_equal(LogMel(n_jobs=2, n_frames=25).transform(clips),
                       LogMel(n_jobs=1, n_frames=25).transform(clips))


def test_verbose_shows_a_progress_bar(clips, capsys):
    LogMel(verbose=True, n_frames=10).transform(clips)
    err = capsys.readouterr().err
    assert "LogMel" in err and "3/3" in err
    LogMel(n_frames=10).transform(clips)
    assert capsys.readouterr().err == ""


def test_memory_caches_per_file_features(paths, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    est = LogMel(n_frames=20, memory=cache)  # a path-like
    first = est.transform(paths)
    assert cache.is_dir() and any(cache.rglob("output.pkl"))

    def boom(item, **params):
        raise AssertionError("extraction ran although the cache should hit")

    monkeypatch.setitem(_kernels.KERNELS, LogMel._kernel, boom)
    assert_array_equal(est.transform(paths), first)  # all three from the cache
    assert_array_equal(LogMel(n_frames=20, memory=joblib.Memory(str(cache), verbose=0),
                              n_jobs=2).transform(paths), first)
    # a different feature parameter, or an edited file, is extracted anew
    with pytest.raises(AssertionError, match="cache should hit"):
        LogMel(n_frames=21, memory=str(cache)).transform(paths)
    st = os.stat(paths[1])
    os.utime(paths[1], ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    with pytest.raises(AssertionError, match="cache should hit"):
        est.transform(paths)


def test_memory_ignores_runtime_parameters(paths, tmp_path, monkeypatch):
    cache = str(tmp_path / "cache")
    first = LogMel(n_frames=20, memory=cache, verbose=False).transform(paths)
    monkeypatch.setitem(_kernels.KERNELS, LogMel._kernel, lambda item, **params: 1 / 0)
    # n_jobs / verbose do not change the features, so they do not change the key
    assert_array_equal(LogMel(n_frames=20, memory=cache, verbose=True).transform(paths), first)


def test_pickle_round_trip(clips):
    est = SpectralMeans()
    twin = pickle.loads(pickle.dumps(est))
    assert_array_equal(twin.transform(clips[:1]), est.transform(clips[:1]))


def test_worker_executor_keeps_joblib_parallel_usable():
    """The subprocess pool used under TensorFlow must not break a later joblib.Parallel.

    loky's own ``get_reusable_executor`` shares joblib's global pool; a pool made
    that way made ``Parallel(n_jobs=2)`` fail with an AttributeError afterwards.
    """
    from joblib import Parallel, delayed

    from skser.features._base import worker_executor

    assert worker_executor().submit(abs, -3).result() == 3
    assert Parallel(n_jobs=2)(delayed(abs)(i) for i in (-1, -2)) == [1, 2]


def test_workers_import_neither_sklearn_nor_pandas():
    """Workers get a kernel name and plain data, not the estimator.

    Unpickling an estimator would import scikit-learn, pandas and the estimator
    modules of skser.features into every worker. Checked in a fresh interpreter, so
    that loky workers left by other tests (or TensorFlow imported by them) play no
    part: after a parallel transform, a probe on the same worker pool lists what the
    workers that did the extraction (those holding skser.features._workers) imported:
    only the signal-processing modules of skser.features, no estimator module.
    """
    code = textwrap.dedent("""
        import sys
        import numpy as np
        import pandas as pd
        from joblib import Parallel, delayed
        from skser.features import LogMel, SpectralMeans

        def probe():
            import os, sys, time
            time.sleep(0.2)  # let both workers take a probe
            light = {"skser.features", "skser.features._workers", "skser.features._kernels",
                     "skser.features._cqt", "skser.features._framing",
                     "skser.features._opensmile_engine"}
            heavy = [m for m in sys.modules
                     if m.split(".")[0] in ("sklearn", "pandas", "tensorflow", "keras")
                     or (m.startswith("skser.features") and m not in light)]
            return os.getpid(), "skser.features._workers" in sys.modules, heavy

        rng = np.random.default_rng(0)
        clips = [rng.standard_normal(4000).astype("float32") for _ in range(40)]
        X = pd.DataFrame({"audio": clips})
        assert LogMel(n_jobs=2, n_frames=20).transform(X).shape == (40, 20, 26)
        assert SpectralMeans(n_jobs=2).transform(clips[:17]).shape == (17, 193)
        assert "sklearn" in sys.modules and "pandas" in sys.modules  # main process
        seen = {}
        for pid, extracted, heavy in Parallel(n_jobs=2)(delayed(probe)() for _ in range(8)):
            seen[pid] = (extracted, heavy)
        print(seen)
        assert any(extracted for extracted, _ in seen.values()), "probe missed the workers"
        assert all(not heavy for extracted, heavy in seen.values() if extracted), seen
        print("workers ok")
    """)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    assert "workers ok" in res.stdout
