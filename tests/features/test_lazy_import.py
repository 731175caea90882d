"""``import skser.features`` is light: a class's module loads when the class is used."""

import subprocess
import sys
import textwrap

import pytest

import skser.features


def _run(code):
    res = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                         text=True, timeout=300)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    return res.stdout


def test_import_loads_neither_sklearn_nor_librosa():
    out = _run("""
        import sys
        import skser.features
        heavy = ("sklearn", "librosa", "pandas", "tensorflow", "opensmile")
        print(sorted(m for m in sys.modules
                     if m.split(".")[0] in heavy or m.startswith("skser.features.")))
        from skser.features import LogMel
        assert "sklearn" in sys.modules and "librosa" in sys.modules
        assert LogMel.__module__ == "skser.features._spectral"
        assert "skser.features._means" not in sys.modules  # only what was asked for
        print("ok")
    """)
    assert out.splitlines() == ["[]", "ok"]


def test_public_names_resolve():
    assert set(skser.features.__all__) <= set(dir(skser.features))
    for name in skser.features.__all__:
        assert getattr(skser.features, name).__name__ == name
    with pytest.raises(AttributeError, match="NoSuchExtractor"):
        skser.features.NoSuchExtractor  # noqa: B018
