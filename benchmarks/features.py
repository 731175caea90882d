"""Speed, accuracy and memory of skser's SpectralMeans against the naive librosa recipe.

Protocol. On the same files, in one process:

* reference: per file ``librosa.load(path, sr=22050)``, then five separate calls
  ``mfcc(n_mfcc=40)``, ``melspectrogram``, ``chroma_stft``, ``spectral_contrast``,
  ``tonnetz``, each from the waveform, means over frames (the Issa et al. 2020
  193-vector as usually coded);
* skser: ``SpectralMeans(n_jobs=1).transform(paths)``.

Both run with BLAS held to one thread (``threadpoolctl``), i.e. on one core,
in ``--repeats`` alternating passes of which the fastest of each side is kept.
Printed: audio seconds per wall second of each and their ratio (and skser's
first pass, which also builds its filter bases), the maximum
relative difference per feature block (``|a - b| / max(|b|, 1e-8)`` over files
and features), ``n_jobs=2`` vs ``n_jobs=1`` speedup, and the peak resident
memory (main process plus joblib workers, sampled every 0.5 s) while
extracting. Only this script prints; nothing is timed in the tests.

Usage::

    python benchmarks/features.py --quick                  # 16 EMO-DB files
    python benchmarks/features.py --corpus emodb --n-files 100
    python benchmarks/features.py --corpus ravdess --rss-only       # all 1440: memory
"""

import argparse
import glob
import os
import platform
import threading
import time
import warnings

import numpy as np


def _files(corpus, data_home, n_files):
    if corpus == "emodb":
        pattern = os.path.join(data_home, "emodb", "wav", "*")
    else:
        pattern = os.path.join(data_home, "ravdess", "Actor_*", "*")
    files = sorted(p for p in glob.glob(pattern)
                   if p.lower().endswith((".wav", ".flac", ".ogg")))
    if not files:
        raise SystemExit(f"no {corpus} files under {data_home}; pass --data-home or set "
                         "SKSER_DATA")
    if n_files and n_files < len(files):
        # spread over speakers / emotions rather than the first speaker only
        idx = np.linspace(0, len(files) - 1, n_files).round().astype(int)
        files = [files[i] for i in idx]
    return files


def _reference(path):
    import librosa

    y, sr = librosa.load(path, sr=22050)
    blocks = [
        librosa.feature.mfcc(y=y, sr=sr, n_mfcc=40),
        librosa.feature.melspectrogram(y=y, sr=sr),
        librosa.feature.chroma_stft(y=y, sr=sr),
        librosa.feature.spectral_contrast(y=y, sr=sr),
        librosa.feature.tonnetz(y=y, sr=sr),
    ]
    return np.concatenate([b.mean(axis=1) for b in blocks]), len(y) / sr


def _rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pss_kb(pid):
    """Proportional set size: shared library pages split between the processes using them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(pid):
    kids, out = {}, []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(entry))
    stack = [pid]
    while stack:
        p = stack.pop()
        for c in kids.get(p, []):
            out.append(c)
            stack.append(c)
    return out


_TICK = os.sysconf("SC_CLK_TCK")


def _proc_cpu(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0.0


class CPUClock:
    """CPU seconds used by this process and its (joblib worker) descendants.

    Wall time depends on the machine's load; the CPU time of this process and its
    workers does not, so it gives the one-core throughput.
    """

    def __enter__(self):
        me = os.getpid()
        self._before = {p: _proc_cpu(p) for p in _descendants(me)}
        self._self0 = time.process_time()
        self._wall0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        me = os.getpid()
        self.wall = time.perf_counter() - self._wall0
        workers = sum(_proc_cpu(p) - self._before.get(p, 0.0) for p in _descendants(me))
        self.cpu = time.process_time() - self._self0 + workers


class PeakRSS:
    """Peak of (main + descendant processes) resident memory, sampled in a thread."""

    def __init__(self, interval=0.5):
        self.interval = interval
        self.peak_kb = 0
        self.peak_pss_kb = 0
        self.peak_main_kb = 0
        self._stop = threading.Event()

    def _run(self):
        me = os.getpid()
        while not self._stop.is_set():
            procs = [me, *_descendants(me)]
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(p) for p in procs))
            self.peak_pss_kb = max(self.peak_pss_kb, sum(_pss_kb(p) for p in procs))
            self.peak_main_kb = max(self.peak_main_kb, _rss_kb(me))
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _fresh_workers():
    from joblib.externals.loky import get_reusable_executor

    get_reusable_executor().shutdown(wait=True)


# the 193 means, in SpectralMeans' column order: (block, size)
BLOCKS = (("mfcc", 40), ("mel", 128), ("chroma", 12), ("contrast", 7), ("tonnetz", 6))


#: Stages of SpectralMeans' kernel: (label, module path suffix, function name).
_STAGES = (("read + resample to 22 050 Hz", "skser/features/_framing.py", "read_checked"),
           ("STFT (librosa.stft)", "librosa/core/spectrum.py", "stft"),
           ("CQT octaves", "skser/features/_cqt.py", "_cqt_magnitude"),
           ("CQT filter bases (once per tuning)", "skser/features/_cqt.py", "_cqt_plan"),
           ("tuning estimates (2)", "skser/features/_cqt.py", "estimate_tuning"),
           ("spectral contrast", "librosa/feature/spectral.py", "spectral_contrast"))


def _print_profile(files, ratio):
    """Share of one SpectralMeans pass spent in each stage (cProfile, cumulative).

    The pass runs after the timed ones, so the filter bases are cached as in the best
    pass. Also prints the ratio to the naive path that skser would reach if its CQT
    octaves took no time at all (``ratio / (1 - their share)``): a bound on what any
    faster CQT could give while the other stages keep librosa's arithmetic.
    """
    import cProfile
    import pstats

    from threadpoolctl import threadpool_limits

    from skser.features import SpectralMeans

    prof = cProfile.Profile()
    with threadpool_limits(limits=1, user_api="blas"):
        prof.enable()
        SpectralMeans(n_jobs=1).transform(files)
        prof.disable()
    stats = pstats.Stats(prof).stats
    total = sum(tt for (_, _, _), (_, _, tt, _, _) in stats.items())
    cum = {name: sum(ct for (path, _, fn), (_, _, _, ct, _) in stats.items()
                     if fn == name and path.endswith(where))
           for _, where, name in _STAGES}
    cum["_cqt_magnitude"] -= cum["_cqt_plan"]  # the bases are built inside it
    shares = [f"{label} {100 * cum[name] / total:.0f} %" for label, _, name in _STAGES]
    print("profile of one SpectralMeans pass (share of its time): " + "; ".join(shares))
    if ratio is not None:
        free = ratio / (1.0 - cum["_cqt_magnitude"] / total)
        print(f"ratio if the CQT octaves took no time: {free:.2f}x")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("emodb", "ravdess"), default="emodb")
    parser.add_argument("--n-files", type=int, default=None,
                        help="files to use, spread over the corpus (default: all)")
    parser.add_argument("--quick", action="store_true", help="16 files")
    parser.add_argument("--data-home", default=os.environ.get("SKSER_DATA", "/work/shared/data"))
    parser.add_argument("--no-reference", action="store_true",
                        help="skip the (slow) naive reference; speed/RSS of skser only")
    parser.add_argument("--no-parallel", action="store_true", help="skip the n_jobs=2 run")
    parser.add_argument("--profile", action="store_true",
                        help="print where SpectralMeans spends its time (cProfile, warm "
                        "filter caches) and the ratio it would reach with a free CQT")
    parser.add_argument("--repeats", type=int, default=3,
                        help="alternating passes of each side (best is kept)")
    parser.add_argument("--rss-only", action="store_true",
                        help="only one SpectralMeans(n_jobs=2) pass: peak memory and speed")
    args = parser.parse_args(argv)
    n_files = 16 if args.quick and not args.n_files else args.n_files
    warnings.simplefilter("ignore", UserWarning)  # librosa: n_fft too large for short CQT octaves

    from threadpoolctl import threadpool_limits

    import skser
    from skser.features import SpectralMeans

    files = _files(args.corpus, args.data_home, n_files)
    import librosa
    import sklearn

    print(f"machine: {platform.machine()} {platform.processor() or ''}, "
          f"{os.cpu_count()} logical CPUs, load average at start "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"python {platform.python_version()}, skser {skser.__version__}, librosa "
          f"{librosa.__version__}, scikit-learn {sklearn.__version__}, numpy {np.__version__}")
    print(f"corpus: {args.corpus}, {len(files)} files")

    # warm-up: OS file cache (both sides read the same files), imports, numba JIT,
    # FFT plans; neither side is timed on it
    for p in files:
        with open(p, "rb") as f:
            f.read()
    with threadpool_limits(limits=1, user_api="blas"):
        _reference(files[0])
        SpectralMeans().transform(files[:1])

    if args.rss_only:
        import soundfile as sf

        audio_s = sum(sf.info(p).duration for p in files)
        with PeakRSS() as rss, CPUClock() as c2:
            SpectralMeans(n_jobs=2).transform(files)
        print(f"audio: {audio_s:.1f} s in all; SpectralMeans(n_jobs=2): {c2.wall:.2f} s wall "
              f"({audio_s / c2.wall:.1f} audio s / wall s), {c2.cpu:.2f} CPU s "
              f"({audio_s / c2.cpu:.1f} audio s / CPU s), worker start-up included")
        print(f"peak memory, {len(files)} files: RSS main + workers {rss.peak_kb / 1024:.0f} "
              f"MiB (shared libraries counted once per process), PSS "
              f"{rss.peak_pss_kb / 1024:.0f} MiB, main process RSS "
              f"{rss.peak_main_kb / 1024:.0f} MiB (target < 1024 MiB)")
        return
    with threadpool_limits(limits=1, user_api="blas"):
        # alternating passes, best of each kept (the machine's speed drifts); skser's
        # first pass also builds its per-tuning filter bases, so it is printed too
        ours_runs, ref_runs = [], []
        for _ in range(args.repeats):
            with CPUClock() as c:
                ours = SpectralMeans(n_jobs=1).transform(files)
            ours_runs.append(c)
            if not args.no_reference:
                rows, audio_s = [], 0.0
                with CPUClock() as c:
                    for p in files:
                        r, d = _reference(p)
                        rows.append(r)
                        audio_s += d
                ref_runs.append(c)
        ref = np.vstack(rows) if ref_runs else None
    c_first = ours_runs[0]
    c_ours = min(ours_runs, key=lambda c: c.wall)
    c_ref = min(ref_runs, key=lambda c: c.wall) if ref_runs else None
    if ref is None:
        import soundfile as sf

        audio_s = sum(sf.info(p).duration for p in files)
    print(f"audio: {audio_s:.1f} s in all, {audio_s / len(files):.2f} s per file")
    print(f"passes: {args.repeats} of each side, alternating; best kept")
    print(f"skser SpectralMeans, n_jobs=1: {c_ours.wall:7.2f} s wall "
          f"({audio_s / c_ours.wall:7.1f} audio s / wall s), {c_ours.cpu:7.2f} CPU s "
          f"({audio_s / c_ours.cpu:7.1f} audio s / CPU s)")
    print(f"skser first pass (filter bases built): {c_first.wall:7.2f} s wall "
          f"({audio_s / c_first.wall:7.1f} audio s / wall s)")
    if ref is not None:
        print(f"naive librosa reference:      {c_ref.wall:7.2f} s wall "
              f"({audio_s / c_ref.wall:7.1f} audio s / wall s), {c_ref.cpu:7.2f} CPU s "
              f"({audio_s / c_ref.cpu:7.1f} audio s / CPU s)")
        print(f"throughput ratio skser / reference: {c_ref.wall / c_ours.wall:.2f}x by wall "
              f"time, {c_ref.cpu / c_ours.cpu:.2f}x by CPU time (target >= 10x); first "
              f"pass {c_ref.wall / c_first.wall:.2f}x")
        start = 0
        worst = 0.0
        for name, size in BLOCKS:
            a = ours[:, start:start + size].astype(np.float64)
            b = ref[:, start:start + size].astype(np.float64)
            rel = np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-8))
            worst = max(worst, rel)
            print(f"  max relative difference {name:9s} ({size:3d}): {rel:.2e}")
            start += size
        print(f"  max relative difference, all 193: {worst:.2e} (target <= 1e-4)")

    if args.profile:
        _print_profile(files, c_ref.wall / c_ours.wall if c_ref is not None else None)
    if not args.no_parallel:
        _fresh_workers()
        with threadpool_limits(limits=1, user_api="blas"), CPUClock() as c1:
            SpectralMeans(n_jobs=1).transform(files)
        with PeakRSS() as rss, CPUClock() as c2:
            out2 = SpectralMeans(n_jobs=2).transform(files)
        same = np.allclose(out2, ours, rtol=1e-6, atol=0)
        print(f"n_jobs=2, cold (worker start-up and filter caches included): {c2.wall:.2f} s "
              f"wall vs n_jobs=1 {c1.wall:.2f} s -> speedup {c1.wall / c2.wall:.2f}x; "
              f"CPU s {c2.cpu:.2f} vs {c1.cpu:.2f}; same output: {same}")
        with threadpool_limits(limits=1, user_api="blas"), CPUClock() as c1w:
            SpectralMeans(n_jobs=1).transform(files)
        with CPUClock() as c2w:
            SpectralMeans(n_jobs=2).transform(files)
        print(f"n_jobs=2, warm workers and caches: {c2w.wall:.2f} s wall vs n_jobs=1 "
              f"{c1w.wall:.2f} s -> speedup {c1w.wall / c2w.wall:.2f}x (target >= 1.6x); "
              f"CPU s {c2w.cpu:.2f} vs {c1w.cpu:.2f} (equal CPU = no parallel overhead; "
              f"the wall speedup needs two idle cores)")
        print(f"peak memory during the cold n_jobs=2 run, {len(files)} files: RSS main + "
              f"workers {rss.peak_kb / 1024:.0f} MiB (shared libraries counted once per "
              f"process), PSS {rss.peak_pss_kb / 1024:.0f} MiB, main process RSS "
              f"{rss.peak_main_kb / 1024:.0f} MiB (target < 1024 MiB)")
    print(f"load average at end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
          "(figures are wall-clock)")


if __name__ == "__main__":
    main()
