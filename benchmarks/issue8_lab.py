"""Shared pieces of the issue 8 lab-notebook scripts (imported, not run).

``issue8_svm_ideas.py``, ``issue8_transductive.py`` and ``issue8_classifiers.py`` each
change one thing of the shipped ``speaker-norm-fusion-svm`` on the cached features of
``speaker_independent.py``; this module gives them the same command-line options, the
same feature blocks and block weights, and ``SpeakerNormalizer``'s own statistics.
"""

import os

import numpy as np
import speaker_independent as si

from skser.normalization import SpeakerNormalizer, _safe_scale

_NORM = SpeakerNormalizer()  # its statistics, so the scripts use exactly the shipped ones


def plain_stats(F):
    """Mean and (zero-safe) std of one speaker's rows, as ``SpeakerNormalizer``."""
    m, s = _NORM._stats(F)
    return m, _safe_scale(s)


def balanced_stats(F, y):
    """Class-balanced mean and (zero-safe) std of one speaker's labelled rows."""
    m, s = _NORM._balanced_stats(F, y)
    return m, _safe_scale(s)


def add_arguments(ap):
    """``--corpus``, ``--cache-dir`` and ``--data-home``, as in ``speaker_independent.py``."""
    ap.add_argument("--corpus", choices=["emodb", "ravdess"], default="emodb")
    ap.add_argument("--cache-dir", default=os.path.join("~", ".cache", "skser"))
    ap.add_argument("--data-home", default=None)
    return ap


def winner_blocks(args):
    """The shipped pipeline's feature blocks on ``args.corpus``, from the feature cache.

    Returns
    -------
    y, groups : ndarray of shape (n_files,)
        Labels and speaker ids (str).
    blocks : dict of str to ndarray
        ``si.WINNER_WEIGHTS``'s blocks (ComParE, eGeMAPS, log-mel statistics).
    F : ndarray of shape (n_files, n_features), float64
        The blocks side by side.
    scale : ndarray of shape (n_features,)
        Column factors ``sqrt(weight / block width)``: a linear kernel on ``F * scale``
        is the shipped weighted kernel.
    """
    frame, y = si.load_corpus(args.corpus, args.data_home or os.environ.get("SKSER_DATA"))
    groups = frame["speaker"].astype(str).to_numpy()
    W = si.WINNER_WEIGHTS
    blocks = {n: si.cached_features(n, args.corpus, frame, args.cache_dir, print)[0]
              for n in W}
    F = np.hstack([blocks[n] for n in W]).astype(np.float64)
    scale = np.concatenate([np.full(blocks[n].shape[1], np.sqrt(W[n] / blocks[n].shape[1]))
                            for n in W])
    return y, groups, blocks, F, scale
