"""Speed table: feature throughput, training s/epoch, ``skser predict`` latency, peak RSS.

Collects into ``<out>/speed.json`` (read by ``make_tables.py``):

1. feature throughput: runs ``benchmarks/features.py`` (skser's 193-vector
   ``SpectralMeans`` vs the naive per-feature librosa reference, 1 and 2 jobs) on
   ``--n-files`` EMO-DB files and parses what it prints;
2. training seconds per epoch of every CNN on EMO-DB-sized input: runs
   ``benchmarks/models.py --quick --repeats 3`` (wrapper vs plain Keras, medians of
   3 alternating pairs after a warm-up fit) and parses its table;
3. ``skser predict`` latency for one ~3 s file: the ``issa2020`` recipe is fitted
   (1 epoch; latency does not depend on training) on cached EMO-DB features and
   saved with joblib; cold = wall time of ``skser predict model.joblib FILE`` in a
   fresh process (Python, TensorFlow and model loading included), median of
   ``--repeats``; the file is the one closest to 3 s in EMO-DB or RAVDESS;
   warm = ``pipeline.predict([FILE])`` in-process after one warm-up
   call, median of 10;
4. peak RSS of a full EMO-DB LOSO run: ``skser evaluate --recipe issa2020 --dataset
   emodb --protocol loso`` as a child process (feature extraction of all 535 files
   and 10 folds; ``--rss-epochs`` epochs per fold, as memory does not grow with
   epochs), peak resident set size of the largest process of that run
   (``getrusage(RUSAGE_CHILDREN).ru_maxrss``).

Wall-clock figures, with the 1-minute load average at the end of each part.

Usage::

    python benchmarks/speed.py                 # all four parts
    python benchmarks/speed.py --quick --out /tmp/q   # 4 files, no models, no RSS run
    python benchmarks/speed.py --parts predict rss
"""

import argparse
import glob
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


import accuracy as acc  # noqa: E402

PY = sys.executable


def _run(cmd, timeout, env=None):
    acc.log("$ " + " ".join(cmd))
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                       env={**os.environ, **(env or {})}, cwd=os.path.dirname(HERE))
    return p, time.perf_counter() - t0


def _num(pattern, text, cast=float):
    m = re.search(pattern, text)
    return cast(m.group(1)) if m else None


def features_part(args):
    """features.py on each corpus of ``--feature-corpora``: one dict per corpus."""
    corpora = {}
    for corpus in args.feature_corpora:
        cmd = [PY, os.path.join(HERE, "features.py"), "--corpus", corpus,
               "--n-files", str(args.n_files), "--profile"]
        if args.data_home:
            cmd += ["--data-home", args.data_home]
        if args.quick or corpus != args.feature_corpora[0]:
            cmd += ["--no-parallel"]  # the n_jobs=2 and memory figures: first corpus only
        p, wall = _run(cmd, 3000)
        crashes = []
        while p.returncode < 0 and len(crashes) < 2:  # killed by a signal: record, rerun
            crashes.append({"returncode": p.returncode, "stderr": p.stderr[-2000:]})
            p, wall = _run(cmd, 3000)
        corpora[corpus] = {
            "command": "python benchmarks/features.py " + " ".join(cmd[2:]),
            "returncode": p.returncode, "wall_seconds": wall, "n_files": args.n_files,
            "crashed_attempts": crashes, **parse_features(p.stdout),
            "stdout": p.stdout[-4000:], "stderr": p.stderr[-2000:] if p.returncode else "",
        }
    return {"corpora": corpora}


def parse_features(out):
    """The figures ``benchmarks/features.py`` prints, as a dict (None where absent)."""
    return {
        "skser_audio_s_per_s": _num(r"skser SpectralMeans, n_jobs=1:.*?([\d.]+) audio s", out),
        "reference_audio_s_per_s": _num(r"naive librosa reference:.*?([\d.]+) audio s", out),
        "ratio": _num(r"throughput ratio skser / reference: ([\d.]+)x", out),
        "ratio_cpu": _num(r"throughput ratio.*?([\d.]+)x by CPU time", out),
        "max_rel_diff": _num(r"max relative difference, all 193: ([\d.e+-]+)", out),
        "speedup_2_jobs_cold": _num(r"n_jobs=2,? \(?cold.*?speedup ([\d.]+)x", out),
        "speedup_2_jobs_warm": _num(r"n_jobs=2,? \(?warm.*?speedup ([\d.]+)x", out),
        "peak_rss_mib_2_jobs": _num(r"RSS main \+ workers (\d+) MiB", out),
        "first_pass_ratio": _num(r"first pass ([\d.]+)x", out),
        "profile": _num(r"share of its time\): (.*)", out, str),
        "ratio_free_cqt": _num(r"ratio if the CQT octaves took no time: ([\d.]+)x", out),
    }


def models_part(args):
    cmd = [PY, os.path.join(HERE, "models.py"), "--quick"]
    if args.quick:
        cmd += ["--models", "Deep1DCNN", "--epochs", "2"]
    else:
        cmd += ["--repeats", "3"]  # medians of 3 alternating wrapper/plain pairs
    p, wall = _run(cmd, 3000)
    rows = []
    for line in p.stdout.splitlines():
        f = line.split()
        if len(f) >= 8 and f[0][:1].isupper() and re.fullmatch(r"[\d.]+", f[4] or ""):
            try:
                row = {"model": f[0], "input": f[1], "batch": int(f[2]), "xla": f[3],
                       "s_per_epoch": float(f[4]), "total_s": float(f[5]),
                       "plain_keras_s": float(f[6]), "ratio": float(f[7])}
                if len(f) >= 10:  # median epoch time of plain Keras, epoch-time ratio
                    row.update(plain_s_per_epoch=float(f[8]), epoch_ratio=float(f[9]))
                if len(f) >= 13:  # training MFLOP per sample, achieved GFLOP/s, % of peak
                    row.update(train_mflop_per_sample=float(f[10]), gflops=float(f[11]),
                               percent_of_peak=float(f[12]))
                rows.append(row)
            except ValueError:
                pass
    peak = re.search(r"fp32 peak: ([^;]+);", p.stdout)
    return {"command": "python benchmarks/models.py " + " ".join(cmd[2:]),
            "peak": peak.group(1) if peak else None,
            "returncode": p.returncode, "wall_seconds": wall, "rows": rows,
            "stdout": p.stdout[-4000:], "stderr": p.stderr[-2000:] if p.returncode else ""}


def three_second_file(data_home):
    import soundfile as sf

    from skser.datasets import get_data_home

    home = get_data_home(data_home)
    files = sorted(glob.glob(os.path.join(home, "emodb", "wav", "*")) +
                   glob.glob(os.path.join(home, "ravdess", "Actor_*", "*")))
    durs = [(abs(sf.info(f).duration - 3.0), f) for f in files]
    return min(durs)[1]


def predict_part(args, tmp):
    import joblib
    import soundfile as sf
    from sklearn.pipeline import Pipeline

    frame, y, groups = acc.load("emodb", args.data_home, None, args.quick)
    pipe = acc.make_recipe("issa2020", "emodb", 1)
    prefix, rest = acc.split_prefix(pipe)
    cache = args.cache_dir if not args.quick else os.path.join(args.out, "cache")
    X, _, _ = acc.cached_features(prefix, "emodb", frame, cache, 1)
    acc.set_seed(rest, 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rest.fit(X, y)
    rest_steps = rest.steps if isinstance(rest, Pipeline) else [(pipe.steps[-1][0], rest)]
    model = Pipeline(prefix.steps + rest_steps)
    path = os.path.join(tmp, "model.joblib")
    joblib.dump(model, path)
    wav = three_second_file(args.data_home)
    dur = sf.info(wav).duration
    skser_bin = shutil.which("skser", path=os.path.dirname(PY)) or shutil.which("skser")
    base = [skser_bin] if skser_bin else [PY, "-m", "skser"]
    cold = []
    for _ in range(args.repeats):
        p, wall = _run(base + ["predict", path, wav], 600)
        if p.returncode != 0:
            raise RuntimeError(f"skser predict failed: {p.stderr[-500:]}")
        cold.append(wall)
    model2 = joblib.load(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model2.predict([wav])  # warm-up: graph tracing, filter caches
        warm = []
        for _ in range(10):
            t0 = time.perf_counter()
            model2.predict([wav])
            warm.append(time.perf_counter() - t0)
    return {"recipe": "issa2020 (SpectralMeans + Deep1DCNN)", "file": os.path.basename(wav),
            "file_seconds": dur, "cold_seconds": statistics.median(cold),
            "cold_all": cold, "warm_seconds": statistics.median(warm), "warm_all": warm,
            "cold_command": "skser predict model.joblib " + os.path.basename(wav)}


def rss_part(args, tmp):
    out_dir = os.path.join(tmp, "run")
    cmd = [PY, "-m", "skser", "evaluate", "--recipe", "issa2020", "--dataset", "emodb",
           "--protocol", "loso", "--epochs", str(args.rss_epochs), "--out", out_dir]
    if args.data_home:
        cmd += ["--data-home", args.data_home]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    p, wall = _run(cmd, 3000)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    res = {"command": "skser evaluate --recipe issa2020 --dataset emodb --protocol loso "
                      f"--epochs {args.rss_epochs}",
           "returncode": p.returncode, "wall_seconds": wall,
           "peak_rss_mb": after / 1024.0, "stdout": p.stdout[-3000:],
           "stderr": p.stderr[-1500:] if p.returncode else "",
           "note": "ru_maxrss of the largest finished child process (main process or a "
                   "joblib worker), not their sum"}
    if before > after:
        res["peak_rss_mb"] = None
    return res


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parts", nargs="+", default=["features", "models", "predict", "rss"],
                    choices=["features", "models", "predict", "rss"])
    ap.add_argument("--n-files", type=int, default=100,
                    help="files per corpus for features.py (spread over the corpus)")
    ap.add_argument("--feature-corpora", nargs="+", default=["emodb", "ravdess"],
                    choices=("emodb", "ravdess"), help="corpora of the features part")
    ap.add_argument("--repeats", type=int, default=3, help="cold-start predict runs")
    ap.add_argument("--rss-epochs", type=int, default=2, help="epochs per fold of the RSS run")
    ap.add_argument("--data-home", default=None, help="corpora folder (default $SKSER_DATA)")
    ap.add_argument("--cache-dir", default=os.path.expanduser("~/.cache/skser"))
    ap.add_argument("--out", default=None, help=f"result folder (default {acc.RESULTS})")
    ap.add_argument("--quick", action="store_true",
                    help="smoke test: 4 files, Deep1DCNN 2 epochs, 1 cold run, no RSS run")
    # accepted for a uniform interface with the other scripts
    ap.add_argument("--seeds", nargs="+", type=int, default=[0], help="(unused)")
    ap.add_argument("--corpus", default="emodb", help="(only emodb)")
    ap.add_argument("--epochs", type=int, default=None, help="(unused; see --rss-epochs)")
    args = ap.parse_args(argv)
    if args.quick:
        args.n_files, args.repeats = 4, 1
        args.parts = [p for p in args.parts if p != "rss"]
        args.out = args.out or "/tmp/skser-bench-quick"
    args.out = args.out or acc.RESULTS
    path = os.path.join(args.out, "speed.json")
    doc = {}
    if os.path.exists(path) and not args.quick:
        with open(path) as f:
            doc = json.load(f)  # keep parts run earlier
    doc.update({"kind": "speed", "machine": acc.machine_info(), "quick": bool(args.quick)})
    parts = {"features": features_part, "models": models_part}
    with tempfile.TemporaryDirectory(prefix="skser-speed-") as tmp:
        for part in args.parts:
            t0 = time.perf_counter()
            try:
                if part in parts:
                    doc[part] = parts[part](args)
                elif part == "predict":
                    doc[part] = predict_part(args, tmp)
                else:
                    doc[part] = rss_part(args, tmp)
                doc[part]["load_average"] = list(os.getloadavg())
            except Exception as exc:
                if args.quick:
                    raise
                doc[part] = {"error": f"{type(exc).__name__}: {exc}"}
            acc.log(f"{part}: done in {time.perf_counter() - t0:.0f} s")
            acc.write_json(path, doc)
    return doc


if __name__ == "__main__":
    main()
