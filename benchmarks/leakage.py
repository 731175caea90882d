"""Leakage mechanisms of published SER protocols, as options of ``accuracy.py``.

A published number can be optimistic for reasons that have nothing to do with the
model. Each mechanism here is one such reason, reproduced on purpose and measured
beside the same run without it, so that a reader sees how many points it adds.

``best-epoch-on-test`` (``accuracy.py --select-epoch best-on-test``)
    The test fold is passed to Keras as validation data and the reported figure is
    the best test accuracy over the training epochs, as in Speech-Emotion-Analyzer
    ("the max validation accuracy against test data"). Every fold of every seed is
    trained once for the full epoch budget, with a callback that labels the test
    fold after each epoch (the test data never reach the weights); from the same
    training run come

    - *fixed epochs* (clean): the predictions after the last epoch, the number of
      epochs being fixed before training;
    - *best epoch on test* (leaky): in each fold, the predictions of the epoch with
      the highest test accuracy.

``split-after-augmentation`` (``accuracy.py --augment-split after``)
    Every recording gets augmented copies before the data are split, and the split
    is drawn over the copies, so copies of one recording land on both sides, as in
    the 2-D CNN of ``Jeswin-8802/SER-using-2D-CNN`` (three samples per file: the
    original; with Gaussian noise of 0.025 x U(0, 1) x its peak; that noisy copy
    pitch-shifted by 0.9 semitones and time-stretched by 0.7; then a shuffled
    ``train_test_split(test_size=0.25)`` over all samples, 100 epochs, the
    accuracy of the last epoch). Its clean counterparts: ``--augment-split before``
    draws the same 75/25 split over recordings, trains on all copies of the
    training recordings and tests on the original test recordings; with
    ``--protocols loso`` the held-out speaker's originals are tested.

``duplicated-recordings`` (``accuracy.py --duplicate savee=3``)
    The recordings of one corpus of a mix stand several times in the data, as in a
    folder that holds each of their files more than once, and one stratified random
    80/20 split is drawn over the samples, so copies of one recording land on both
    sides: Speech-Emotion-Analyzer's notebook reads RAVDESS speech with 720 SAVEE
    samples of the four emotions where SAVEE has 240 recordings (1680 samples, its
    printed 1361 + 319), then splits at random. Its clean counterpart,
    ``--duplicate-split before``, draws the same kind of split over recordings: every copy of
    a training recording is trained on, each test recording is tested once.

The finished folds are cached (``<cache-dir>/epoch_scan``, keyed on the classifier,
the data and the split), so a run cut off resumes where it stopped.
"""

import os
import time
import warnings

import numpy as np

#: Leakage mechanisms implemented here, by the name ``accuracy.py`` takes.
MECHANISMS = ("best-on-test", "split-after-augmentation", "duplicated-recordings")

#: Augmented copies per recording, as in the 2-D CNN's feature extraction.
N_COPIES = 2


def augmented_copies(y, sr, rng):
    """The two augmented copies of a waveform that the 2-D CNN's extraction adds.

    A noisy copy (Gaussian noise, standard deviation 0.025 x U(0, 1) x peak
    amplitude) and that noisy copy pitch-shifted by 0.9 semitones, then
    time-stretched by a rate of 0.7 (librosa's phase vocoder).
    """
    import librosa

    y = np.asarray(y, dtype=np.float32)
    noisy = y + 0.025 * rng.uniform() * np.max(np.abs(y)) * rng.normal(size=y.shape)
    noisy = noisy.astype(np.float32)
    shifted = librosa.effects.pitch_shift(noisy, sr=sr, n_steps=0.9)
    return [noisy, librosa.effects.time_stretch(shifted, rate=0.7).astype(np.float32)]


def augmented_features(extractor, paths, sr, seed, n_jobs=1):
    """Features of the augmented copies of every file: ``(N_COPIES, n_files, ...)``.

    ``extractor`` is a fitted-or-stateless feature step that takes 1-D waveforms at
    ``sr`` Hz; the copies of file ``i`` are drawn from ``default_rng([seed, i])``, so
    the result does not depend on ``n_jobs`` (files augmented and extracted in
    parallel by joblib).
    """
    from joblib import Parallel, delayed

    per_file = Parallel(n_jobs=n_jobs)(
        delayed(_file_copies_features)(extractor, path, sr, seed, i)
        for i, path in enumerate(paths))
    return np.stack([np.stack([f[k] for f in per_file]) for k in range(N_COPIES)])


def _file_copies_features(extractor, path, sr, seed, i):
    """The features of the augmented copies of file ``i``: ``(N_COPIES, ...)``."""
    from skser.io import load_audio

    copies = augmented_copies(load_audio(path, sr=sr), sr, np.random.default_rng([seed, i]))
    return np.asarray(extractor.transform(copies), dtype=np.float32)


def augmentation_splits(protocol, y, groups, seed):
    """``(train, test)`` index pairs into the stacked samples ``[originals, copy 1, copy 2]``.

    ``protocol`` is ``"after"`` (shuffled 75/25 split over all samples: copies of a
    recording on both sides), ``"before"`` (the same split over recordings; train on
    every copy of the training recordings, test on the original test recordings),
    ``"speakers"`` (the same with a quarter of the speakers held out instead of a
    quarter of the recordings: one speaker-independent split) or ``"loso"`` (per
    speaker: train on every copy of the other speakers' recordings, test on the
    speaker's originals).
    """
    from sklearn.model_selection import GroupShuffleSplit, LeaveOneGroupOut, train_test_split

    n = len(y)
    copies = 1 + N_COPIES
    if protocol == "after":
        train, test = train_test_split(np.arange(copies * n), test_size=0.25, shuffle=True,
                                       random_state=seed)
        return [(np.sort(train), np.sort(test))]
    if protocol == "before":
        rec_train, rec_test = train_test_split(np.arange(n), test_size=0.25, shuffle=True,
                                               random_state=seed)
        splits = [(rec_train, rec_test)]
    elif protocol == "speakers":
        splits = list(GroupShuffleSplit(n_splits=1, test_size=0.25, random_state=seed)
                      .split(np.zeros(n), y, groups))
    elif protocol == "loso":
        splits = list(LeaveOneGroupOut().split(np.zeros(n), y, groups))
    else:
        raise ValueError(f"unknown augmentation protocol {protocol!r}")
    return [(np.sort(np.concatenate([r + k * n for k in range(copies)])), np.sort(r_te))
            for r, r_te in splits]


def duplicated_samples(groups, copies):
    """The recording of each sample once the named corpora's recordings are repeated.

    Parameters
    ----------
    groups : array-like of str, shape (n_recordings,)
        Corpus-qualified speakers (``"savee/KL"``), as ``accuracy.load`` gives them.
    copies : dict of str to int
        Corpus name to the number of times each of its recordings stands in the data
        (``{"savee": 3}``); other corpora's recordings stand once.

    Returns
    -------
    source : ndarray of shape (n_samples,), dtype int
        Index of the recording of each sample, the copies of a recording adjacent.

    Raises
    ------
    ValueError
        If a named corpus has no recording in ``groups`` or a count is under 1.
    """
    corpus = np.array([str(g).split("/", 1)[0] for g in groups])
    counts = np.ones(len(corpus), dtype=int)
    for name, n in copies.items():
        if int(n) < 1:
            raise ValueError(f"--duplicate {name}={n}: the count must be at least 1")
        if not np.any(corpus == name):
            raise ValueError(f"--duplicate {name}={n}: no recording of {name!r} in the "
                             f"data (corpora: {', '.join(sorted(set(corpus)))})")
        counts[corpus == name] = int(n)
    return np.repeat(np.arange(len(corpus)), counts)


def duplication_splits(split, source, y, seed, test_size=0.2):
    """One ``(train, test)`` pair of sample indices for duplicated recordings.

    Parameters
    ----------
    split : {"after", "before"}
        ``"after"``: a stratified random split over the samples (copies of one
        recording on both sides). ``"before"``: the same kind of split over the
        recordings; every copy of a training recording in the training part, the
        first copy of each test recording in the test part.
    source : ndarray of shape (n_samples,), dtype int
        The recording of each sample (:func:`duplicated_samples`).
    y : array-like of shape (n_recordings,)
        The label of each recording.
    seed : int
        ``random_state`` of the split.
    test_size : float, default=0.2
        Fraction of the samples (after) or of the recordings (before) tested.

    Returns
    -------
    list of one (train, test) pair of sorted ndarrays of sample indices

    Raises
    ------
    ValueError
        If ``split`` is neither "after" nor "before".
    """
    from sklearn.model_selection import StratifiedShuffleSplit

    y = np.asarray(y)
    splitter = StratifiedShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
    if split == "after":
        train, test = next(splitter.split(np.zeros(len(source)), y[source]))
        return [(np.sort(train), np.sort(test))]
    if split != "before":
        raise ValueError(f"unknown duplication split {split!r}")
    rec_train, rec_test = next(splitter.split(np.zeros(len(y)), y))
    first = np.unique(source, return_index=True)[1]  # the first copy of each recording
    return [(np.flatnonzero(np.isin(source, rec_train)), np.sort(first[rec_test]))]


def test_fold_callback(X_test):
    """A Keras callback recording the class index it predicts for ``X_test`` per epoch.

    The network is called directly (``training=False``) on ``X_test`` as the
    classifier would see it: skser's CNNs standardize inside the network, so their
    ``feature_encoder_`` passes the input on unchanged.
    """
    import keras

    class _TestFoldPredictions(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.X = np.asarray(X_test, dtype=np.float32)
            self.per_epoch = []

        def on_epoch_end(self, epoch, logs=None):
            out = [np.asarray(self.model(self.X[i:i + 256], training=False))
                   for i in range(0, len(self.X), 256)]
            self.per_epoch.append(np.concatenate(out).argmax(axis=1).astype(np.int16))

    return _TestFoldPredictions()


def scan_fold(classifier, X_train, y_train, X_test):
    """Fit a clone of ``classifier`` on the training part; its test predictions per epoch.

    Returns
    -------
    per_epoch : ndarray of shape (n_epochs, n_test), dtype int16
        Index into ``classes`` of the class predicted after each epoch.
    classes : ndarray of shape (n_classes,)
    fit_seconds : float
    """
    from sklearn.base import clone

    clf = clone(classifier)
    callback = test_fold_callback(X_test)
    clf.set_params(callbacks=[callback])
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.fit(X_train, y_train)
    return np.stack(callback.per_epoch), np.asarray(clf.classes_), time.perf_counter() - t0


class FixedSplits:
    """A splitter that yields the given ``(train, test)`` index pairs."""

    def __init__(self, splits):
        self.splits = list(splits)

    def split(self, X=None, y=None, groups=None):
        yield from self.splits


def run_epoch_scan(classifier, X, y, groups, splitter, seed, cache_dir):
    """Both epoch selections of one seed: fixed epochs and the best epoch on each test fold.

    Parameters
    ----------
    classifier : skser CNN classifier (unfitted; its random_state already ``seed``)
    X : ndarray of shape (n_samples, ...)
    y, groups : ndarray of shape (n_samples,)
    splitter : scikit-learn splitter
        The folds (the same as ``accuracy.py``'s for the protocol and seed).
    seed : int
    cache_dir : str or None
        Folder of the fold cache (joblib.Memory); None disables it.

    Returns
    -------
    dict
        ``y_true``, ``fixed`` and ``best_on_test`` (pooled out-of-fold predictions of
        the samples some fold tests: all of them for k-fold and LOSO),
        ``best_epochs`` (1-based, per fold), ``n_epochs``, ``fit_seconds``,
        ``resumed_folds``, and the per-fold test-accuracy curves ``fold_curves``.
    """
    from joblib import Memory

    memory = Memory(os.path.join(cache_dir, "epoch_scan") if cache_dir else None, verbose=0)
    scan = memory.cache(scan_fold)
    y = np.asarray(y)
    fixed = np.empty(len(y), dtype=object)
    best = np.empty(len(y), dtype=object)
    tested = np.zeros(len(y), dtype=bool)  # a hold-out split tests only part of the data
    best_epochs, curves, fit_seconds, resumed = [], [], 0.0, 0
    for train, test in splitter.split(X, y, groups):
        args = (classifier, X[train], y[train], X[test])
        was_cached = scan.check_call_in_cache(*args) if cache_dir else False
        per_epoch, classes, seconds = scan(*args)
        resumed += bool(was_cached)
        fit_seconds += seconds
        acc = (classes[per_epoch] == y[test][None, :]).mean(axis=1)
        k = int(np.argmax(acc))  # first epoch of the highest test accuracy
        tested[test] = True
        fixed[test] = classes[per_epoch[-1]]
        best[test] = classes[per_epoch[k]]
        best_epochs.append(k + 1)
        curves.append(acc.round(4).tolist())
    return {"y_true": y[tested], "tested": np.flatnonzero(tested),
            "fixed": fixed[tested].astype(str),
            "best_on_test": best[tested].astype(str),
            "best_epochs": best_epochs, "n_epochs": len(curves[0]) if curves else 0,
            "fit_seconds": fit_seconds, "resumed_folds": resumed, "fold_curves": curves}
