"""Toy estimators and data shared by the tests of skser.evaluation."""

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.linear_model import LogisticRegression

EMODB_EMOTIONS = {"W": "anger", "L": "boredom", "E": "disgust", "A": "fear",
                  "F": "happiness", "T": "sadness", "N": "neutral"}

# Every fit/predict of the spy appends here: (tag, stage, speakers, extra).
SPY_LOG = []


class SpyClassifier(ClassifierMixin, BaseEstimator):
    """Majority/seeded-random classifier that records the speakers it is shown.

    ``X`` must be a DataFrame with a ``speaker`` column. Like scikeras'
    ``validation_split``, ``fit`` carves its early-stopping set from the last
    ``validation_split`` fraction of what it receives, and records it.
    """

    def __init__(self, tag="spy", validation_split=0.2, random_state=None, noise=0.0):
        self.tag = tag
        self.validation_split = validation_split
        self.random_state = random_state
        self.noise = noise

    def fit(self, X, y):
        assert isinstance(X, pd.DataFrame), type(X)
        speakers = X["speaker"].to_numpy()
        n_val = int(round(self.validation_split * len(X)))
        val = speakers[len(X) - n_val:] if n_val else speakers[:0]
        SPY_LOG.append((self.tag, "fit", set(speakers), {
            "val": set(val), "index": list(X.index), "random_state": self.random_state}))
        self.classes_ = np.unique(y)
        values, counts = np.unique(y, return_counts=True)
        self.majority_ = values[np.argmax(counts)]
        return self

    def predict(self, X):
        SPY_LOG.append((self.tag, "predict", set(X["speaker"]), {"index": list(X.index)}))
        rng = np.random.default_rng(self.random_state)
        out = np.full(len(X), self.majority_, dtype=object)
        flip = rng.random(len(X)) < self.noise
        out[flip] = rng.choice(self.classes_, flip.sum())
        return out


class CountingExtractor(TransformerMixin, BaseEstimator):
    """Stateless 'feature extractor' that counts how many rows it transformed."""

    calls = []

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        return tags

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        CountingExtractor.calls.append(len(X))
        return np.asarray(X, dtype=float)


class FlakyLogisticRegression(LogisticRegression):
    """Counts its fits; raises once ``FIT_BUDGET`` fits are used up (a run cut off)."""


FIT_LOG = []
FIT_BUDGET = [None]


def _flaky_fit(self, X, y, sample_weight=None):
    if FIT_BUDGET[0] is not None and len(FIT_LOG) >= FIT_BUDGET[0]:
        raise KeyboardInterrupt("run cut off")
    FIT_LOG.append(len(X))
    return LogisticRegression.fit(self, X, y, sample_weight)


FlakyLogisticRegression.fit = _flaky_fit


def synthetic(n_speakers=6, per_class=5, classes=("anger", "neutral", "sadness"), seed=0):
    """Features, labels, speaker ids and a DataFrame X with path/speaker columns."""
    rng = np.random.default_rng(seed)
    rows = []
    for s in range(n_speakers):
        for c_i, c in enumerate(classes):
            for k in range(per_class):
                rows.append((f"/corpus/s{s:02d}/s{s:02d}_{c}_{k}.wav", f"toy/s{s:02d}", c, c_i))
    frame = pd.DataFrame(rows, columns=["path", "speaker", "emotion", "code"])
    frame = frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    feats = rng.normal(size=(len(frame), 4)) + frame["code"].to_numpy()[:, None] * 1.0
    return feats, frame["emotion"].to_numpy(), frame["speaker"].to_numpy(), frame


def assert_speaker_disjoint(folds, groups):
    assert folds, "no folds"
    for train, test in folds:
        shared = set(groups[train]) & set(groups[test])
        assert not shared, f"speakers {shared} are in train and test"
        assert len(train) and len(test)
