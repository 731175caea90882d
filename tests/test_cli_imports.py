"""What the command line imports: only what the command and the loaded model need.

Each check runs in a fresh interpreter and inspects ``sys.modules``; timings live in
``benchmarks/predict_bundled.py``.
"""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import soundfile as sf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _modules_after(code):
    """Top-level and selected submodule names in ``sys.modules`` after ``code`` ran."""
    script = textwrap.dedent(code) + textwrap.dedent("""
        import json, sys
        print(json.dumps(sorted(sys.modules)))
    """)
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                       cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    return set(json.loads(r.stdout.strip().splitlines()[-1]))


def test_parser_and_recipes_import_no_scientific_stack():
    mods = _modules_after("""
        from skser import cli
        cli.build_parser().format_help()
        assert cli.main(["recipes"]) == 0
    """)
    for heavy in ("sklearn", "scipy", "pandas", "librosa", "tensorflow", "opensmile"):
        assert heavy not in mods, f"`skser --help`/`skser recipes` imported {heavy}"


def test_bundled_model_prediction_imports_no_librosa_tensorflow_or_plotting(tmp_path):
    wav = tmp_path / "tone.wav"
    t = np.arange(32000) / 16000
    sf.write(wav, 0.3 * np.sin(2 * np.pi * 220 * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t)),
             16000)
    mods = _modules_after(f"""
        from skser import cli
        assert cli.main(["predict", {str(wav)!r}]) == 0
    """)
    assert "sklearn" in mods and "opensmile" in mods  # what the model is made of
    for heavy in ("tensorflow", "keras", "numba", "librosa.core", "librosa.feature",
                  "matplotlib", "skser.timeline", "skser.features._cqt",
                  "skser.datasets._corpus", "skser.evaluation._evaluate"):
        assert heavy not in mods, f"a one-file bundled-model predict imported {heavy}"


def test_console_entry_point_flushes_before_its_quick_exit(tmp_path):
    """``python -m skser`` leaves through os._exit after quick commands: nothing is lost."""
    r = subprocess.run([sys.executable, "-m", "skser", "recipes"], capture_output=True,
                       text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0
    names = [line.split()[0] for line in r.stdout.splitlines() if not line.startswith(" ")]
    from skser.recipes import RECIPE_NAMES

    assert names == list(RECIPE_NAMES)
    r = subprocess.run([sys.executable, "-m", "skser", "predict", str(tmp_path / "none.wav")],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 1 and "none.wav" in r.stderr and "could not be read" in r.stderr
