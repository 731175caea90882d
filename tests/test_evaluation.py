"""Tests of skser.evaluation: speaker-disjoint protocols, metrics, results, isolation."""

import json
import os
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import (  # noqa: E402
    accuracy_score,
    balanced_accuracy_score,
    confusion_matrix,
    f1_score,
    precision_score,
    recall_score,
)
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from skser.evaluation import (  # noqa: E402
    PROTOCOLS,
    compute_metrics,
    cross_corpus,
    evaluate,
    get_splitter,
    set_random_state,
    write_predictions,
)

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


@pytest.fixture
def toy():
    return synthetic()


@pytest.fixture(autouse=True)
def _clear_spy():
    SPY_LOG.clear()
    yield
    plt.close("all")


def assert_speaker_disjoint(folds, groups):
    assert folds, "no folds"
    for train, test in folds:
        shared = set(groups[train]) & set(groups[test])
        assert not shared, f"speakers {shared} are in train and test"
        assert len(train) and len(test)


# --------------------------------------------------------------------------- protocols


@pytest.mark.parametrize("protocol", ["loso", "group-kfold", "holdout"])
def test_splitters_speaker_disjoint_synthetic(protocol, toy):
    X, y, groups, _ = toy
    folds = list(get_splitter(protocol, n_splits=3, random_state=0).split(X, y, groups))
    assert_speaker_disjoint(folds, groups)
    if protocol == "loso":
        assert len(folds) == len(set(groups))
        assert sorted(set(groups[test]).pop() for _, test in folds) == sorted(set(groups))


def test_unknown_protocol_raises(toy):
    X, y, groups, _ = toy
    with pytest.raises(ValueError, match="unknown protocol 'kfold'.*loso"):
        get_splitter("kfold")
    with pytest.raises(ValueError, match="unknown protocol"):
        evaluate(LogisticRegression(), X, y, groups, protocol="nope")


@pytest.mark.parametrize("protocol", ["loso", "group-kfold", "holdout", "session"])
def test_evaluate_never_fits_on_test_speaker(protocol):
    """Through evaluate: what fit received and what predict received never share a speaker."""
    X, y, groups, frame = synthetic(n_speakers=6)
    if protocol == "session":  # IEMOCAP-like ids: 3 sessions x 2 speakers
        sess = {g: f"iemocap/Ses0{i // 2 + 1}{'FM'[i % 2]}" for i, g in
                enumerate(sorted(set(groups)))}
        frame = frame.assign(speaker=frame["speaker"].map(sess))
        groups = frame["speaker"].to_numpy()
    Xdf = frame[["path", "speaker"]]
    res = evaluate(SpyClassifier(), Xdf, y, groups, protocol=protocol, n_splits=3)
    fits = [e for e in SPY_LOG if e[1] == "fit"]
    preds = [e for e in SPY_LOG if e[1] == "predict"]
    assert len(fits) == len(preds) == len(res.folds)
    for fit, pred in zip(fits, preds, strict=True):
        assert not fit[2] & pred[2], (protocol, fit[2], pred[2])
        # the early-stopping split is carved from the training speakers only
        assert fit[3]["val"] <= fit[2]
        assert not fit[3]["val"] & pred[2]
    if protocol == "session":
        assert len(res.folds) == 3
        for _, f in res.folds.iterrows():  # both speakers of a session tested together
            assert len(f["test_groups"].split(";")) == 2
    assert res.protocol == protocol
    # every sample predicted exactly once per repeat (except holdout)
    if protocol != "holdout":
        assert sorted(res.predictions["id"]) == sorted(Path(p).stem for p in frame["path"])


def test_random_kfold_is_flagged_speaker_dependent(toy):
    X, y, groups, frame = toy
    res = evaluate(SpyClassifier(), frame[["path", "speaker"]], y, groups,
                   protocol="random-kfold", n_splits=3)
    assert len(res.folds) == 3
    assert "SPEAKER-DEPENDENT" in res.protocol_description
    assert "SPEAKER-DEPENDENT" in res.to_markdown()
    # without groups it still works (groups only needed by speaker-independent protocols)
    evaluate(LogisticRegression(), X, y, None, protocol="random-kfold", n_splits=3)


def test_holdout_fixed_test_speakers(toy):
    X, y, groups, frame = toy
    res = evaluate(LogisticRegression(), X, y, groups, protocol="holdout",
                   test_groups=["toy/s01", "toy/s04"])
    assert len(res.folds) == 1
    assert res.folds["test_groups"].iloc[0] == "toy/s01;toy/s04"
    assert set(res.predictions["speaker"]) == {"toy/s01", "toy/s04"}
    assert res.params["test_groups"] == ["toy/s01", "toy/s04"]
    with pytest.raises(ValueError, match="selects no sample"):
        evaluate(LogisticRegression(), X, y, groups, protocol="holdout", test_groups=["zz"])


def test_groups_required_and_checked(toy):
    X, y, groups, _ = toy
    with pytest.raises(ValueError, match="needs groups"):
        evaluate(LogisticRegression(), X, y, None)
    with pytest.raises(ValueError, match="y has shape"):
        evaluate(LogisticRegression(), X, y[:-1], groups)
    with pytest.raises(ValueError, match="at least 2 speakers"):
        evaluate(LogisticRegression(), X, y, np.full(len(y), "one"))
    with pytest.raises(ValueError, match="session number"):
        evaluate(LogisticRegression(), X, y, groups, protocol="session")


# --------------------------------------------------------------------------- real EMO-DB


@pytest.fixture(scope="module")
def emodb_files(data_home):
    files = sorted(p for p in (Path(data_home) / "emodb" / "wav").iterdir()
                   if p.suffix.lower() in (".wav", ".flac"))
    assert len(files) == 535
    frame = pd.DataFrame({
        "path": [str(p) for p in files],
        "speaker": [f"emodb/{p.stem[:2]}" for p in files],
    })
    y = np.asarray([EMODB_EMOTIONS[p.stem[5]] for p in files])
    return frame, y


@pytest.mark.parametrize("protocol", ["loso", "group-kfold", "holdout"])
def test_real_emodb_protocols_speaker_disjoint(protocol, emodb_files):
    frame, y = emodb_files
    groups = frame["speaker"].to_numpy()
    folds = list(get_splitter(protocol, n_splits=5, random_state=0).split(frame, y, groups))
    assert_speaker_disjoint(folds, groups)
    if protocol == "loso":
        assert len(folds) == 10
    res = evaluate(SpyClassifier(noise=0.5), frame, y, protocol=protocol, n_splits=5)
    for fit, pred in zip(SPY_LOG[::2], SPY_LOG[1::2], strict=True):
        assert fit[1] == "fit" and pred[1] == "predict"
        assert not fit[2] & pred[2]
        assert not fit[3]["val"] & pred[2]
    if protocol == "loso":
        assert len(res.predictions) == 535
        assert res.params["speakers"] == 10


def test_real_emodb_load_corpus_groups_loso(data_home):
    datasets = pytest.importorskip("skser.datasets")
    if not hasattr(datasets, "load_corpus"):
        pytest.skip("skser.datasets.load_corpus not available yet")
    bunch = datasets.load_corpus("emodb", data_home=data_home)
    folds = list(get_splitter("loso").split(bunch.filenames, bunch.target, bunch.groups))
    assert len(folds) == 10
    assert_speaker_disjoint(folds, np.asarray(bunch.groups))


# --------------------------------------------------------------------------- metrics


def test_compute_metrics_equal_sklearn():
    rng = np.random.default_rng(1)
    labels = ["anger", "fear", "neutral", "sadness"]
    y_true = rng.choice(labels[:3], 50)  # 'sadness' never true, sometimes predicted
    y_pred = rng.choice(labels, 50)
    warnings.simplefilter("ignore")
    m = compute_metrics(y_true, y_pred, labels)
    assert m["wa"] == pytest.approx(accuracy_score(y_true, y_pred))
    assert m["uar"] == pytest.approx(balanced_accuracy_score(y_true, y_pred))
    assert m["macro_f1"] == pytest.approx(f1_score(y_true, y_pred, average="macro"))
    p = precision_score(y_true, y_pred, labels=labels, average=None, zero_division=0)
    r = recall_score(y_true, y_pred, labels=labels[:3], average=None)
    assert [m["precision"][c] for c in labels] == pytest.approx(list(p))
    assert [m["recall"][c] for c in labels[:3]] == pytest.approx(list(r))
    assert np.isnan(m["recall"]["sadness"])
    np.testing.assert_array_equal(m["confusion_matrix"],
                                  confusion_matrix(y_true, y_pred, labels=labels))
    # UAR is the mean recall over the classes present
    assert m["uar"] == pytest.approx(np.mean(r))


def test_fold_metrics_equal_sklearn_on_predictions(toy):
    X, y, groups, _ = toy
    res = evaluate(LogisticRegression(), X, y, groups)
    for _, f in res.folds.iterrows():
        p = res.predictions[res.predictions["fold"] == f["fold"]]
        assert f["wa"] == pytest.approx(accuracy_score(p["y_true"], p["y_pred"]))
        assert f["uar"] == pytest.approx(balanced_accuracy_score(p["y_true"], p["y_pred"]))
        assert f["macro_f1"] == pytest.approx(
            f1_score(p["y_true"], p["y_pred"], average="macro", zero_division=0))
    s = res.summary()
    assert s.loc["UAR", "mean"] == pytest.approx(res.folds["uar"].mean())
    assert s.loc["UAR", "std_folds"] == pytest.approx(res.folds["uar"].std(ddof=0))
    assert s.loc["WA", "pooled"] == pytest.approx(
        accuracy_score(res.predictions["y_true"], res.predictions["y_pred"]))
    assert s.loc["UAR", "n_folds"] == 6
    assert s.loc["UAR", "mean"] > 0.6  # separable toy data is learned


# --------------------------------------------------------------------------- repeats, seeds


def test_repeats_seeds_and_aggregation(toy):
    _, y, groups, frame = toy
    pipe = Pipeline([("clf", SpyClassifier(noise=0.8))])
    res = evaluate(pipe, frame[["path", "speaker"]], y, groups, n_repeats=3, random_state=7)
    assert res.seeds == [7, 8, 9]
    assert len(res.folds) == 3 * 6
    assert sorted(res.folds["repeat"].unique()) == [0, 1, 2]
    # every fit of repeat r saw random_state 7 + r (nested param set via set_params)
    seen = [e[3]["random_state"] for e in SPY_LOG if e[1] == "fit"]
    assert seen == [7] * 6 + [8] * 6 + [9] * 6
    rep = res.repeat_metrics()
    means = res.folds.groupby("repeat")["uar"].mean().to_numpy()
    np.testing.assert_allclose(rep["uar"], means)
    s = res.summary()
    assert s.loc["UAR", "std_repeats"] == pytest.approx(np.std(means))
    assert s.loc["UAR", "std_repeats"] > 0  # different seeds gave different predictions
    assert s.loc["UAR", "mean"] == pytest.approx(np.mean(means))
    assert s.loc["UAR", "n_repeats"] == 3
    assert len(res.predictions) == 3 * len(y)
    # same seed -> same numbers
    res2 = evaluate(pipe, frame[["path", "speaker"]], y, groups, n_repeats=3, random_state=7)
    pd.testing.assert_frame_equal(res.predictions, res2.predictions)


def test_set_random_state_nested():
    pipe = Pipeline([("scale", StandardScaler()),
                     ("clf", LogisticRegression(random_state=None))])
    names = set_random_state(pipe, 3)
    assert names == ["clf__random_state"]
    assert pipe.get_params()["clf__random_state"] == 3


def test_group_kfold_repeats_reshuffle(toy):
    X, y, groups, _ = toy
    res = evaluate(LogisticRegression(), X, y, groups, protocol="group-kfold", n_splits=3,
                   n_repeats=2)
    per_rep = [tuple(res.folds[res.folds["repeat"] == r]["test_groups"]) for r in (0, 1)]
    assert per_rep[0] != per_rep[1]


# --------------------------------------------------------------------------- X handling


def test_dataframe_x_passed_untouched_and_subset_by_iloc(toy):
    _, y, groups, frame = toy
    Xdf = frame[["path", "speaker"]].copy()
    Xdf.index = [f"row{i}" for i in range(len(Xdf))]  # non-default index: .iloc needed
    before = Xdf.copy()
    res = evaluate(SpyClassifier(), Xdf, y)  # groups taken from X["speaker"]
    assert len(res.folds) == 6
    pd.testing.assert_frame_equal(Xdf, before)  # input never changed
    for *_, extra in SPY_LOG:
        assert all(str(i).startswith("row") for i in extra["index"])
    assert set(res.predictions["path"]) == set(frame["path"])
    assert res.predictions["id"].iloc[0] == Path(res.predictions["path"].iloc[0]).stem


def test_stateless_steps_computed_once(toy):
    X, y, groups, _ = toy
    pipe = Pipeline([("feat", CountingExtractor()), ("scale", StandardScaler()),
                     ("clf", LogisticRegression())])
    CountingExtractor.calls = []
    res = evaluate(pipe, X, y, groups, n_repeats=2)
    assert CountingExtractor.calls == [len(X)]
    assert res.params["precomputed_steps"] == ["feat"]
    CountingExtractor.calls = []
    res2 = evaluate(pipe, X, y, groups, n_repeats=2, precompute=False)
    assert len(CountingExtractor.calls) == 2 * 2 * 6  # train and test fold, per fold and repeat
    pd.testing.assert_frame_equal(res.predictions, res2.predictions)


def test_parallel_equals_sequential(toy):
    X, y, groups, _ = toy
    a = evaluate(LogisticRegression(), X, y, groups, n_jobs=1)
    b = evaluate(LogisticRegression(), X, y, groups, n_jobs=2)
    pd.testing.assert_frame_equal(a.predictions, b.predictions)


# --------------------------------------------------------------------------- reports


def test_result_reports_and_plots(toy, tmp_path):
    X, y, groups, frame = toy
    pipe = Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression())])
    res = evaluate(pipe, X, y, groups, metadata={"dataset": "toy"})
    cols = {"id", "path", "speaker", "fold", "repeat", "y_true", "y_pred",
            "proba_anger", "proba_neutral", "proba_sadness"}
    assert cols <= set(res.predictions.columns)
    np.testing.assert_allclose(
        res.predictions[["proba_anger", "proba_neutral", "proba_sadness"]].sum(axis=1), 1)

    res.to_json(tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["protocol"] == "loso" and data["seeds"] == [0]
    assert data["params"]["metadata"] == {"dataset": "toy"}
    assert len(data["folds"]) == 6 and "test_groups" in data["folds"][0]
    assert data["summary"]["UAR"]["mean"] == pytest.approx(res.summary().loc["UAR", "mean"])
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # no temp file left

    md = res.to_markdown()
    assert "leave-one-speaker-out" in md and "| UAR |" in md and "dataset: toy" in md
    assert "UAR" in res.format_table() and "loso" in repr(res)

    fig = res.plot_confusion_matrix()
    assert isinstance(fig, matplotlib.figure.Figure)
    cm = fig.axes[0].images[0].get_array()
    np.testing.assert_allclose(np.asarray(cm).sum(axis=1), 1.0)  # normalized by true class
    np.testing.assert_allclose(cm, res.confusion_matrix("true"))
    assert res.confusion_matrix(None).sum() == len(y)
    fig2 = res.plot_folds()
    assert len(fig2.axes[0].patches) == 6
    fig.savefig(tmp_path / "cm.png")
    assert (tmp_path / "cm.png").stat().st_size > 0


def test_write_predictions_format(tmp_path, toy):
    path = tmp_path / "pred.tsv"
    write_predictions(path, ["/a/b/03a01Fa.wav", "03a01Wa"], ["happiness", "anger"])
    assert path.read_text() == "03a01Fa\thappiness\n03a01Wa\tanger\n"
    with pytest.raises(ValueError, match="2 ids but 1 labels"):
        write_predictions(path, ["a", "b"], ["x"])
    with pytest.raises(ValueError, match="tab or newline"):
        write_predictions(path, ["a\tb"], ["x"])
    assert path.read_text() == "03a01Fa\thappiness\n03a01Wa\tanger\n"  # untouched on error
    assert sorted(os.listdir(tmp_path)) == ["pred.tsv"]
    X, y, groups, frame = toy
    res = evaluate(LogisticRegression(), frame[["path", "speaker"]].assign(
        f0=X[:, 0], f1=X[:, 1])[["f0", "f1"]].to_numpy(), y, groups)
    res.write_predictions(path)
    assert len(path.read_text().splitlines()) == len(y)


# --------------------------------------------------------------------------- cross-corpus


def test_cross_corpus_shared_labels():
    Xa, ya, ga, _ = synthetic(classes=("anger", "neutral", "sadness"), seed=1)
    Xb, yb, gb, _ = synthetic(classes=("anger", "neutral", "boredom"), seed=2)
    Xc, yc, gc, _ = synthetic(classes=("anger", "neutral", "fear"), seed=3)
    res = cross_corpus(LogisticRegression(), train=[(Xa, ya, ga), (Xb, yb, gb)],
                       test=(Xc, yc, gc), n_repeats=2)
    assert res.protocol == "cross-corpus"
    assert res.params["labels_kept"] == ["anger", "neutral"]
    assert res.labels == ["anger", "neutral"]
    assert set(res.predictions["y_true"]) == {"anger", "neutral"}
    assert res.params["n_train"] == 2 * 60 and res.params["n_test"] == 60
    assert len(res.folds) == 2 and res.seeds == [0, 1]
    # the model only ever saw the shared classes
    assert set(res.predictions["y_pred"]) <= {"anger", "neutral"}
    with pytest.raises(ValueError, match="fewer than 2 shared classes"):
        cross_corpus(LogisticRegression(), train=(Xa, ya, ga),
                     test=(Xb, np.where(yb == "anger", "x", yb), gb),
                     labels=["anger"])


def test_protocol_list():
    assert PROTOCOLS[0] == "loso"
    assert set(PROTOCOLS) == {"loso", "group-kfold", "session", "random-kfold", "holdout"}


# --------------------------------------------------------------------------- fold cache


class FlakyLogisticRegression(LogisticRegression):
    """Counts its fits; raises once ``FIT_BUDGET`` fits are used up (a run cut off)."""


FIT_LOG = []
FIT_BUDGET = [None]


def _flaky_fit(self, X, y, sample_weight=None):
    if FIT_BUDGET[0] is not None and len(FIT_LOG) >= FIT_BUDGET[0]:
        raise KeyboardInterrupt("session cut off")
    FIT_LOG.append(len(X))
    return LogisticRegression.fit(self, X, y, sample_weight)


FlakyLogisticRegression.fit = _flaky_fit


def test_memory_resumes_a_run_cut_off_after_some_folds(toy, tmp_path):
    X, y, groups, _ = toy
    n_folds = len(set(groups))
    FIT_LOG.clear()
    reference = evaluate(FlakyLogisticRegression(), X, y, groups)
    assert len(FIT_LOG) == n_folds and not reference.folds["from_cache"].any()

    FIT_LOG.clear()
    FIT_BUDGET[0] = 2
    try:
        with pytest.raises(KeyboardInterrupt):
            evaluate(FlakyLogisticRegression(), X, y, groups, memory=tmp_path)
    finally:
        FIT_BUDGET[0] = None
    assert len(FIT_LOG) == 2

    FIT_LOG.clear()
    resumed = evaluate(FlakyLogisticRegression(), X, y, groups, memory=str(tmp_path))
    assert len(FIT_LOG) == n_folds - 2  # only the folds that had not finished
    assert resumed.folds["from_cache"].tolist() == [True] * 2 + [False] * (n_folds - 2)
    pd.testing.assert_frame_equal(resumed.predictions, reference.predictions)
    json.loads(resumed.to_json())

    FIT_LOG.clear()
    again = evaluate(FlakyLogisticRegression(), X, y, groups, memory=tmp_path)
    assert FIT_LOG == [] and again.folds["from_cache"].all()
    pd.testing.assert_frame_equal(again.folds, resumed.folds.assign(from_cache=True))

    # another seed, protocol or estimator parameter is another key: refitted
    evaluate(FlakyLogisticRegression(C=0.5), X, y, groups, memory=tmp_path)
    assert len(FIT_LOG) == n_folds
