"""Training speed of the skser CNNs on EMO-DB-sized synthetic input.

For each classifier: seconds per training epoch on 535 samples (EMO-DB's size) of
its default input shape, the wrapper's overhead against a plain
``keras.Model.fit`` of the same network on the same arrays in the same process,
and the effect of XLA (``jit_compile``), the batch size and the TensorFlow thread
settings; and, against the machine's limit, the floating-point work of one training
step counted from the layer shapes and the rate the wrapper achieves as a share of
the CPU's fp32 peak (see :func:`peak_gflops`). Prints a table; nothing is written.

Usage::

    python benchmarks/models.py            # all models, 6 epochs per timing
    python benchmarks/models.py --quick    # 3 epochs, fewer variants
    python benchmarks/models.py --models Deep1DCNN --epochs 10
    python benchmarks/models.py --threads 2,1   # intra,inter op threads (set first)
    python benchmarks/models.py --xla           # XLA for every model (slow on CPU)
"""

import argparse
import os
import platform
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

N_SAMPLES = 535  # EMO-DB
N_CLASSES = 7

# default input shape of each classifier (what its extractor emits)
SHAPES = {
    "ParallelCNN": (750, 26),  # LogMel defaults (7.5 s, 26 bands)
    "StackedConv1DCNN": (216,),  # MFCCContour
    "FeatureImageCNN": (193, 130, 1),  # FeatureImage defaults (193 rows, 130 frames)
    "LLDCNN": (750, 25),  # OpenSmile eGeMAPSv02 LLD, 750 frames of 10 ms
    "Deep1DCNN": (193,),  # SpectralMeans
}


def train_flops_per_sample(model):
    """Floating-point operations of one training step, per sample, from the layer shapes.

    Convolutions and dense layers only (the rest is a few per cent): a layer with a
    kernel of shape ``(k..., c_in, c_out)`` (Dense: ``(c_in, c_out)``) producing an
    output of spatial size ``prod(output_shape[1:-1])`` does
    ``2 * prod(kernel.shape) * prod(output_shape[1:-1])`` FLOPs forward (one
    multiply and one add per kernel weight and output position). A training step
    costs about 3x the forward pass (forward, the gradient with respect to the input
    and with respect to the weights).
    """
    forward = 0
    for layer in model.layers:
        kernel = getattr(layer, "kernel", None)
        if kernel is None:
            continue
        spatial = int(np.prod(layer.output.shape[1:-1])) if len(layer.output.shape) > 2 else 1
        forward += 2 * int(np.prod(kernel.shape)) * spatial
    return 3 * forward


def peak_gflops():
    """``(peak GFLOP/s, how it was computed)``: cores x clock x fp32 FLOP per cycle.

    The clock is ``cpu MHz`` of ``/proc/cpuinfo`` (2.6 GHz assumed where it is
    missing); a core is assumed to retire 32 fp32 FLOP per cycle with AVX-512 or
    AVX2+FMA (one 512-bit or two 256-bit fused multiply-adds: 16 lanes x 2), 8
    otherwise (SSE).
    """
    mhz, flags = 2600.0, ""
    try:
        with open("/proc/cpuinfo") as f:
            text = f.read()
        for line in text.splitlines():
            if line.startswith("cpu MHz"):
                mhz = float(line.split(":")[1])
            elif line.startswith("flags"):
                flags = line
            if flags and line.startswith("cpu MHz"):
                break
    except OSError:
        pass
    per_cycle = 32 if (" avx512f" in flags or (" avx2" in flags and " fma" in flags)) else 8
    cores = os.cpu_count()
    peak = cores * mhz / 1000.0 * per_cycle
    return peak, (f"{cores} cores x {mhz / 1000:.2f} GHz x {per_cycle} fp32 FLOP/cycle "
                  f"= {peak:.0f} GFLOP/s")


def _xla_text(jit):
    """The xla column: "auto" (Keras' choice: off on a CPU-only TensorFlow), on or off."""
    return jit if isinstance(jit, str) else ("on" if jit else "off")


def _data(name, rng):
    X = rng.normal(size=(N_SAMPLES, *SHAPES[name])).astype(np.float32)
    y = np.array([f"c{i}" for i in rng.integers(0, N_CLASSES, N_SAMPLES)])
    return X, y


def _epoch_timer(times):
    """A Keras callback appending each epoch's wall time to ``times``."""
    import keras

    class _Timer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.t = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.t)

    return _Timer()


def _time_wrapper(cls, X, y, epochs, **params):
    """Return (total fit seconds, epoch seconds after the first, fitted classifier)."""
    clf = cls(epochs=epochs, verbose=0, **params)
    times = []
    clf.set_params(callbacks=[_epoch_timer(times)])
    t0 = time.perf_counter()
    clf.fit(X, y)
    total = time.perf_counter() - t0
    return total, times[1:] or times, clf


def _time_plain(clf, X, y, epochs, batch_size, jit_compile):
    """Plain keras: same architecture, fresh weights, same arrays, same settings.

    Returns (total seconds, epoch seconds after the first).
    """
    import keras

    y_int = np.searchsorted(clf.classes_, y)
    times = []
    t0 = time.perf_counter()
    model = keras.models.clone_model(clf.model_)
    model.compile(
        optimizer=type(clf.model_.optimizer).from_config(clf.model_.optimizer.get_config()),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        jit_compile=jit_compile,
    )
    model.fit(X, y_int, epochs=epochs, batch_size=batch_size, verbose=0,
              callbacks=[_epoch_timer(times)])
    return time.perf_counter() - t0, times[1:] or times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 epochs, fewer variants")
    parser.add_argument("--epochs", type=int, default=None, help="epochs per timing")
    parser.add_argument("--models", default=",".join(SHAPES), help="comma-separated names")
    parser.add_argument("--repeats", type=int, default=None,
                        help="timed wrapper/plain pairs per variant, order alternating "
                        "(default 3; 1 with --quick); medians are printed")
    parser.add_argument("--xla", action="store_true", help="time jit_compile=True for all")
    parser.add_argument(
        "--threads", default=None, help="intra,inter op threads for TensorFlow, e.g. 2,1"
    )
    args = parser.parse_args(argv)
    epochs = args.epochs or (3 if args.quick else 6)
    args.repeats = args.repeats or (1 if args.quick else 3)

    import tensorflow as tf

    if args.threads:
        intra, inter = (int(v) for v in args.threads.split(","))
        tf.config.threading.set_intra_op_parallelism_threads(intra)
        tf.config.threading.set_inter_op_parallelism_threads(inter)

    import skser.models as models

    print(f"machine: {platform.machine()}, {os.cpu_count()} CPU cores, {platform.system()}")
    print(f"python {sys.version.split()[0]}, tensorflow {tf.__version__}")
    print(
        f"threads intra/inter: {tf.config.threading.get_intra_op_parallelism_threads()}/"
        f"{tf.config.threading.get_inter_op_parallelism_threads()} (0 = TF default)"
    )
    print(f"input: {N_SAMPLES} synthetic samples, {N_CLASSES} classes, {epochs} epochs/timing")
    print("s/epoch, plain/ep: median epoch time of the skser wrapper / of plain Keras over "
          "epochs 2..n of all repeats (tracing excluded); ep.rat = their ratio; total s, plain "
          f"s: whole fit() wall time, medians of {args.repeats} alternating wrapper/plain pairs "
          "after one untimed fit; ratio = total / plain")
    print(f"load average at start: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    peak, peak_text = peak_gflops()
    print(f"fp32 peak: {peak_text}; MFLOP/s.: training FLOPs per sample (3x forward, from "
          "the layer shapes); GFLOP/s and %peak: what the wrapper's epoch achieves")
    header = (
        f"{'model':<17} {'input':<14} {'batch':>5} {'xla':>4} {'s/epoch':>8} "
        f"{'total s':>8} {'plain s':>8} {'ratio':>6} {'plain/ep':>8} {'ep.rat':>6} "
        f"{'MFLOP/s.':>8} {'GFLOP/s':>7} {'%peak':>5}"
    )
    print(header)
    print("-" * len(header))
    rng = np.random.default_rng(0)
    ratios, epoch_ratios = [], []
    for name in args.models.split(","):
        cls = getattr(models, name)
        X, y = _data(name, rng)
        default_bs = cls().batch_size
        variants = [(default_bs, "auto")]  # the classifiers' default: Keras decides
        if not args.quick:
            variants.append((4 * default_bs, "auto"))
            if args.xla or name == "Deep1DCNN":  # XLA on CPU: ~10x slower, so one model
                variants.append((default_bs, True))
        # one untimed fit first: TensorFlow's one-time costs (kernel selection, tracing
        # of the first model of this shape) would otherwise land on whichever of the
        # two timed fits runs first
        clf = _time_wrapper(cls, X, y, 1, validation_split=0.0, patience=None)[2]
        for batch_size, jit in variants:
            totals, plains, epochs_w, epochs_p = [], [], [], []
            for rep in range(args.repeats):
                # alternate the order, so drifting load affects both sides alike
                if rep % 2:
                    t, e = _time_plain(clf, X, y, epochs, batch_size, jit)
                    plains.append(t)
                    epochs_p += e
                total, e, clf = _time_wrapper(
                    cls, X, y, epochs, batch_size=batch_size, jit_compile=jit,
                    validation_split=0.0, patience=None,
                )
                totals.append(total)
                epochs_w += e
                if not rep % 2:
                    t, e = _time_plain(clf, X, y, epochs, batch_size, jit)
                    plains.append(t)
                    epochs_p += e
            total, plain = float(np.median(totals)), float(np.median(plains))
            ew, ep = float(np.median(epochs_w)), float(np.median(epochs_p))
            flops = train_flops_per_sample(clf.model_)
            rate = flops * N_SAMPLES / ew / 1e9
            print(
                f"{name:<17} {'x'.join(map(str, SHAPES[name])):<14} {batch_size:>5} "
                f"{_xla_text(jit):>4} {ew:>8.3f} {total:>8.2f} "
                f"{plain:>8.2f} {total / plain:>6.2f} {ep:>8.3f} {ew / ep:>6.2f} "
                f"{flops / 1e6:>8.1f} {rate:>7.1f} {100 * rate / peak:>5.1f}",
                flush=True,
            )
            ratios.append(total / plain)
            epoch_ratios.append(ew / ep)
        if not args.quick:
            total, steady, _ = _time_wrapper(
                cls, X, y, epochs, batch_size=default_bs, random_state=0,
                validation_split=0.0, patience=None,
            )
            steady = float(np.median(steady))
            print(
                f"{'  + random_state':<17} {'(deterministic ops)':<14} {default_bs:>5} "
                f"{'auto':>4} {steady:>8.3f} {total:>8.2f}",
                flush=True,
            )
    print(f"wrapper / plain Keras, whole fit(): median {np.median(ratios):.2f}x, max "
          f"{max(ratios):.2f}x; per training epoch (median epoch time): median "
          f"{np.median(epoch_ratios):.2f}x, max {max(epoch_ratios):.2f}x; over "
          f"{len(ratios)} variants (target <= 1.1x); load average at end: "
          f"{', '.join(f'{v:.1f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
