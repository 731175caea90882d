"""evaluate and cross_corpus: speaker isolation, seeds, repeats, caching, argument checks."""

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _evaluation_helpers import (
    FIT_BUDGET,
    FIT_LOG,
    SPY_LOG,
    CountingExtractor,
    FlakyLogisticRegression,
    SpyClassifier,
    synthetic,
)
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from skser.evaluation import cross_corpus, evaluate, set_random_state

# --------------------------------------------------------------------------- protocols


def test_unknown_protocol_raises(toy):
    X, y, groups, _ = toy
    with pytest.raises(ValueError, match=r"'protocol' parameter of evaluate must be a str "
                                         r"among .*'loso'.*Got 'nope' instead"):
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
        # ids: the paths relative to /corpus, the folder common to all, without extension
        assert sorted(res.predictions["id"]) == sorted(
            str(Path(p).relative_to("/corpus").with_suffix("")) for p in frame["path"])


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
    with pytest.raises(ValueError, match=r"test_groups: holdout mask has shape \(3,\)"):
        evaluate(LogisticRegression(), X, y, groups, protocol="holdout",
                 test_groups=np.array([True, False, True]))


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


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"n_repeats": 0}, "n_repeats"), ({"n_splits": 1}, "n_splits"),
    ({"random_state": "0"}, "random_state"), ({"random_state": 1.5}, "random_state"),
    ({"test_size": 0.0}, "test_size"), ({"precompute": "yes"}, "precompute"),
    ({"fit_params": [1]}, "fit_params"), ({"metadata": "toy"}, "metadata"),
    ({"memory": 3}, "memory"), ({"n_jobs": "all"}, "n_jobs")])
def test_evaluate_validates_params(toy, kwargs, name):
    X, y, groups, _ = toy
    with pytest.raises(ValueError, match=f"'{name}' parameter of evaluate"):
        evaluate(LogisticRegression(), X, y, groups, **kwargs)
    with pytest.raises(ValueError, match="'pipeline' parameter of evaluate"):
        evaluate(StandardScaler(), X, y, groups)


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
    with pytest.raises(ValueError, match="'estimator' parameter of set_random_state"):
        set_random_state("not an estimator", 3)


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
    first = Path(res.predictions["path"].iloc[0])
    assert res.predictions["id"].iloc[0] == f"{first.parent.name}/{first.stem}"


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


@pytest.mark.filterwarnings("ignore:y_pred contains classes not in y_true")
def test_cross_corpus_warns_about_test_classes_never_trained_on():
    """An explicit label list can keep test classes the model never saw: say so, and
    score the classes of both corpora apart."""
    Xa, ya, ga, _ = synthetic(classes=("anger", "neutral", "sadness"), seed=1)
    Xb, yb, gb, _ = synthetic(classes=("anger", "neutral", "fear", "calm"), seed=2)
    with pytest.warns(UserWarning, match=r"'calm', 'fear' never occur in the training") as rec:
        res = cross_corpus(LogisticRegression(), train=(Xa, ya, ga), test=(Xb, yb, gb),
                           labels=["anger", "neutral", "sadness", "fear", "calm"])
    assert len([w for w in rec if "never occur" in str(w.message)]) == 1
    assert rec[0].filename == __file__  # stacklevel=2: points at the caller
    assert res.params["classes_unseen_in_training"] == ["calm", "fear"]
    assert res.params["shared_classes"] == ["anger", "neutral"]
    p = res.predictions
    assert set(p["y_pred"]) <= {"anger", "neutral", "sadness"}  # calm, fear: never
    shared = p[p["y_true"].isin(["anger", "neutral"])]
    expected = balanced_accuracy_score(shared["y_true"], shared["y_pred"])
    assert res.params["uar_shared"] == pytest.approx(expected)
    # the headline UAR counts the two unseen classes with recall 0
    assert res.summary().loc["UAR", "mean"] == pytest.approx(
        balanced_accuracy_score(p["y_true"], p["y_pred"]))
    assert res.summary().loc["UAR", "mean"] < res.params["uar_shared"]

    with warnings.catch_warnings():  # "shared" keeps classes of every corpus: no warning
        warnings.simplefilter("error", UserWarning)
        res = cross_corpus(LogisticRegression(), train=(Xa, ya, ga), test=(Xb, yb, gb))
    assert res.params["classes_unseen_in_training"] == []
    assert res.params["uar_shared"] == pytest.approx(res.summary().loc["UAR", "mean"])


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"labels": "all"}, "labels"), ({"n_repeats": 0}, "n_repeats"),
    ({"test": [1, 2, 3]}, "test"), ({"train": "corpus"}, "train")])
def test_cross_corpus_validates_params(kwargs, name):
    Xa, ya, ga, _ = synthetic(seed=1)
    args = {"train": (Xa, ya, ga), "test": (Xa, ya, ga), **kwargs}
    with pytest.raises(ValueError, match=f"'{name}' parameter of cross_corpus"):
        cross_corpus(LogisticRegression(), **args)


# --------------------------------------------------------------------------- fold cache


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
