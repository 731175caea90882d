"""Throughput of skser's extractors against the code a user would write without skser.

On the same files, one job, BLAS held to one thread, in one process:

* ``LogMel()`` vs ``librosa.load`` + ``librosa.feature.melspectrogram`` +
  ``power_to_db`` with the same parameters;
* ``MFCC()`` vs ``librosa.load`` + ``librosa.feature.mfcc``;
* ``FeatureImage()`` vs ``librosa.load`` + the five ``librosa.feature`` calls of
  the 2-D CNN's image (chroma_stft, melspectrogram in dB, mfcc, spectral_contrast,
  tonnetz), each from the waveform;
* ``OpenSmile()`` (eGeMAPSv02 functionals) vs opensmile-python's own
  ``Smile.process_file`` per file.

Prints audio seconds per wall second of each (best of ``--repeats`` alternating
timings) and the ratio, and writes
``<out>/extractors.json`` for ``make_tables.py``.

Usage::

    python benchmarks/extractors.py --n-files 60
"""

import argparse
import glob
import os
import sys
import time
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import accuracy as acc  # noqa: E402


def _stft_params(est):
    """(n_fft, win_length, hop_length) in samples, as the skser kernel resolves them."""
    from skser.features._kernels import _resolve_stft

    p = est.get_params()
    return _resolve_stft(type(est).__name__, p["sr"], p["n_fft"], p["win_length"],
                         p["hop_length"])


def naive_logmel(est):
    import librosa

    p = est.get_params()
    n_fft, win, hop = _stft_params(est)

    def run(path):
        y, _ = librosa.load(path, sr=p["sr"])
        S = librosa.feature.melspectrogram(y=y, sr=p["sr"], n_fft=n_fft, hop_length=hop,
                                           win_length=win, power=p["power"],
                                           n_mels=p["n_mels"], fmin=p["fmin"], fmax=p["fmax"])
        return librosa.power_to_db(S, ref=np.max, top_db=p["top_db"])
    return run


def naive_mfcc(est):
    import librosa

    p = est.get_params()
    n_fft, win, hop = _stft_params(est)

    def run(path):
        y, _ = librosa.load(path, sr=p["sr"])
        return librosa.feature.mfcc(y=y, sr=p["sr"], n_mfcc=p["n_mfcc"], n_fft=n_fft,
                                    hop_length=hop, win_length=win, n_mels=p["n_mels"],
                                    fmin=p["fmin"], fmax=p["fmax"])
    return run


def naive_image(est):
    import librosa

    sr = est.get_params()["sr"]

    def run(path):
        y, _ = librosa.load(path, sr=sr)
        return np.vstack([librosa.feature.chroma_stft(y=y, sr=sr),
                          librosa.power_to_db(librosa.feature.melspectrogram(y=y, sr=sr)),
                          librosa.feature.mfcc(y=y, sr=sr, n_mfcc=40),
                          librosa.feature.spectral_contrast(y=y, sr=sr),
                          librosa.feature.tonnetz(y=y, sr=sr)])
    return run


def naive_opensmile(est):
    import opensmile

    smile = opensmile.Smile(feature_set=opensmile.FeatureSet.eGeMAPSv02,
                            feature_level=opensmile.FeatureLevel.Functionals)
    return lambda path: smile.process_file(path).to_numpy()


def main(argv=None):
    from threadpoolctl import threadpool_limits

    from skser.features import MFCC, FeatureImage, LogMel, OpenSmile

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-files", type=int, default=60)
    ap.add_argument("--repeats", type=int, default=3, help="timings per side (best is kept)")
    ap.add_argument("--data-home", default=os.environ.get("SKSER_DATA"))
    ap.add_argument("--out", default=acc.RESULTS)
    args = ap.parse_args(argv)
    import soundfile as sf

    files = sorted(glob.glob(os.path.join(args.data_home, "emodb", "wav", "*")))
    files = files[:: max(1, len(files) // args.n_files)][: args.n_files]
    audio_s = sum(sf.info(f).duration for f in files)
    rows = []
    for est, peer, peer_text in (
            (LogMel(), naive_logmel, "librosa.load + melspectrogram + power_to_db"),
            (MFCC(), naive_mfcc, "librosa.load + mfcc"),
            (FeatureImage(), naive_image, "librosa.load + 5 librosa.feature calls"),
            (OpenSmile(), naive_opensmile, "opensmile.Smile.process_file")):
        run_peer = peer(est)
        with threadpool_limits(limits=1, user_api="blas"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            est.set_params(n_jobs=1).transform(files[:2])  # one-time costs (filter
            run_peer(files[0])  # banks, numba compilation, openSMILE start-up)
            ours, theirs = np.inf, np.inf
            for _ in range(args.repeats):  # alternating, best of each
                t0 = time.perf_counter()
                est.transform(files)
                ours = min(ours, time.perf_counter() - t0)
                t0 = time.perf_counter()
                for f in files:
                    run_peer(f)
                theirs = min(theirs, time.perf_counter() - t0)
        row = {"extractor": repr(est), "peer": peer_text, "audio_s_per_s": audio_s / ours,
               "peer_audio_s_per_s": audio_s / theirs, "ratio": theirs / ours}
        rows.append(row)
        acc.log(f"{row['extractor']}: {row['audio_s_per_s']:.0f} audio s/s; {peer_text}: "
                f"{row['peer_audio_s_per_s']:.0f} audio s/s; ratio {row['ratio']:.2f}x")
    doc = {"kind": "extractors", "n_files": len(files), "audio_seconds": audio_s,
           "corpus": "emodb", "machine": acc.machine_info(), "load_average": list(os.getloadavg()),
           "command": acc.command_line("extractors.py"), "rows": rows}
    acc.write_json(os.path.join(args.out, "extractors.json"), doc)


if __name__ == "__main__":
    main()
