"""``skser predict`` with the bundled model: a 3 s clip cold, and a 60-minute recording.

Each measurement runs ``skser`` in a fresh process (what a user waits for):

- one 3 s EMO-DB clip, cold start, median of 5 runs, with the bundled model (no model
  argument) and with an ``egemaps-svm`` model trained here on 8 EMO-DB files per
  speaker; beside them, as the peer, a fresh interpreter that only imports what those
  models are made of (scikit-learn's pipeline and openSMILE), and ``skser --help`` and
  ``skser recipes``;
- a 60-minute recording made of EMO-DB utterances (speaker 03 and the others, in
  corpus order) with 1 s of silence between them, labelled as a timeline with its PNG
  plot: wall time, peak resident memory of the process, number of segments, the share
  of the recording's speech they cover and the share of their own duration that falls
  in the silences.

Usage::

    python benchmarks/predict_bundled.py [--minutes 60] [--out benchmarks/results]
"""

import argparse
import glob
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import soundfile as sf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import accuracy as acc  # noqa: E402


def run_predict(args, command=("-m", "skser", "predict")):
    """Wall time (s), peak RSS (MB) and stdout of one ``skser predict`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, *command, *args],
                          capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest child so far (KiB on Linux)
    return wall, max(peak, before) / 1024, proc.stdout


def long_recording(files, minutes, path, sr=16000):
    """Write utterances separated by 1 s of silence until ``minutes``; return speech spans.

    Positions are counted in samples, so the loop ends exactly at the requested length.
    """
    spans, n, total = [], 0, int(round(minutes * 60.0 * sr))
    with sf.SoundFile(path, "w", samplerate=sr, channels=1, subtype="PCM_16") as out:
        i = 0
        while n < total:
            y, file_sr = sf.read(files[i % len(files)], dtype="float32")
            assert file_sr == sr
            y = y[: total - n]
            out.write(y)
            spans.append((n / sr, (n + len(y)) / sr))
            n += len(y)
            gap = min(sr, total - n)
            out.write(np.zeros(gap, dtype=np.float32))
            n += gap
            i += 1
    return spans


def covered(spans, segments):
    """Share of the duration of ``spans`` inside ``segments`` (neither overlaps itself)."""
    starts = np.array([s for s, _ in segments]) if segments else np.zeros(0)
    ends = np.array([e for _, e in segments]) if segments else np.zeros(0)
    order = np.argsort(starts)
    starts, ends = starts[order], ends[order]
    hit = total = 0.0
    for a, b in spans:  # segments do not overlap: clip each to the span and add up
        lo, hi = np.searchsorted(ends, a, "right"), np.searchsorted(starts, b, "left")
        hit += float(np.sum(np.clip(np.minimum(ends[lo:hi], b) - np.maximum(starts[lo:hi], a),
                                    0, None)))
        total += b - a
    return hit / total if total else 0.0


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--minutes", type=float, default=60.0)
    p.add_argument("--data-home", default=os.environ.get("SKSER_DATA"))
    p.add_argument("--out", default=acc.RESULTS)
    args = p.parse_args(argv)
    files = sorted(glob.glob(os.path.join(args.data_home, "emodb", "wav", "*")))
    clip = next(f for f in files if 2.9 <= sf.info(f).duration <= 3.5)
    cold = [run_predict([clip])[0] for _ in range(5)]
    acc.log(f"3 s clip, cold: median {statistics.median(cold):.2f} s")
    peer_code = "import sklearn.pipeline, sklearn.linear_model, sklearn.svm, opensmile"
    peer = [run_predict([], ("-c", peer_code))[0] for _ in range(5)]
    helps = [run_predict([], ("-m", "skser", "--help"))[0] for _ in range(5)]
    recipes = [run_predict([], ("-m", "skser", "recipes"))[0] for _ in range(5)]
    with tempfile.TemporaryDirectory() as tmp:
        svm = os.path.join(tmp, "egemaps-svm.joblib")
        subprocess.run([sys.executable, "-m", "skser", "train", "--recipe", "egemaps-svm",
                        "--dataset", "emodb", "--data-home", args.data_home, "--limit", "8",
                        "--out", svm], check=True, capture_output=True)
        cold_svm = [run_predict(["--model", svm, clip])[0] for _ in range(5)]
    acc.log(f"egemaps-svm model: {statistics.median(cold_svm):.2f} s; importing "
            f"scikit-learn + openSMILE alone: {statistics.median(peer):.2f} s; --help "
            f"{statistics.median(helps):.2f} s, recipes {statistics.median(recipes):.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "long.wav")
        spans = long_recording(files, args.minutes, path)
        wall, rss, out = run_predict([path, "--format", "tsv", "--plot", tmp])
        rows = [line.split("\t") for line in out.splitlines()[1:] if line.strip()]
        segments = [(float(r[1]), float(r[2])) for r in rows]
        png = os.path.join(tmp, "long.png")
        png_bytes = os.path.getsize(png) if os.path.exists(png) else 0
    seg_total = sum(e - s for s, e in segments)
    in_speech = covered(segments, spans) * seg_total  # segment time that lies in speech
    doc = {"kind": "predict_bundled", "machine": acc.machine_info(),
           "load_average": list(os.getloadavg()),
           "command": acc.command_line("predict_bundled.py"),
           "clip": os.path.basename(clip), "clip_seconds": sf.info(clip).duration,
           "cold_seconds": cold, "cold_median_seconds": statistics.median(cold),
           "cold_svm_seconds": cold_svm, "cold_svm_median_seconds": statistics.median(cold_svm),
           "peer_import_code": peer_code, "peer_import_seconds": peer,
           "peer_import_median_seconds": statistics.median(peer),
           "help_median_seconds": statistics.median(helps),
           "recipes_median_seconds": statistics.median(recipes),
           "long_minutes": args.minutes, "long_wall_seconds": wall, "long_peak_rss_mb": rss,
           "long_segments": len(segments), "long_speech_spans": len(spans),
           "long_speech_covered": covered(spans, segments),
           "long_segment_silence_share": 1.0 - in_speech / seg_total if seg_total else 0.0,
           "long_png_bytes": png_bytes}
    acc.log(f"{args.minutes:g} min recording: {wall:.0f} s, peak RSS {rss:.0f} MB, "
            f"{len(segments)} segments covering {100 * doc['long_speech_covered']:.1f} % "
            f"of the speech, {100 * doc['long_segment_silence_share']:.1f} % of segment time "
            f"in silence, PNG {png_bytes} bytes")
    acc.write_json(os.path.join(args.out, "predict_bundled.json"), doc)


if __name__ == "__main__":
    main()
