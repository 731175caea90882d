"""WA, UAR and macro-F1 agree with scikit-learn; the scorers plug into model selection;
the bootstrap interval resamples speakers."""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    confusion_matrix,
    f1_score,
    precision_score,
    recall_score,
)
from sklearn.model_selection import GridSearchCV, GroupKFold, cross_val_score

from skser.evaluation import (
    METRICS,
    BootstrapCI,
    bootstrap_ci,
    compute_metrics,
    evaluate,
    get_scorer,
    macro_f1_score,
    macro_f1_scorer,
    uar_score,
    uar_scorer,
    wa_score,
    wa_scorer,
)


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
    # the score functions give the same numbers
    assert uar_score(y_true, y_pred) == pytest.approx(m["uar"])
    assert wa_score(y_true, y_pred) == pytest.approx(m["wa"])
    assert macro_f1_score(y_true, y_pred) == pytest.approx(m["macro_f1"])


def test_uar_differs_from_wa_on_imbalanced_labels():
    y_true = ["anger"] * 9 + ["sadness"]
    y_pred = ["anger"] * 10  # the majority class: WA 0.9, UAR = chance = 0.5
    assert wa_score(y_true, y_pred) == pytest.approx(0.9)
    assert uar_score(y_true, y_pred) == pytest.approx(0.5)
    weights = np.r_[np.ones(9), 9.0]
    assert wa_score(y_true, y_pred, sample_weight=weights) == pytest.approx(0.5)


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


def test_scorers_equal_sklearn_scoring_names(toy):
    X, y, groups, _ = toy
    y = y.copy()
    y[:25] = "anger"  # imbalanced, so that UAR and WA differ
    cv = GroupKFold(n_splits=3)
    clf = LogisticRegression(C=0.05)
    kw = {"groups": groups, "cv": cv}
    uar = cross_val_score(clf, X, y, scoring=uar_scorer, **kw)
    np.testing.assert_allclose(uar, cross_val_score(clf, X, y, scoring="balanced_accuracy",
                                                    **kw))
    np.testing.assert_allclose(cross_val_score(clf, X, y, scoring=get_scorer("uar"), **kw), uar)
    wa = cross_val_score(clf, X, y, scoring=wa_scorer, **kw)
    np.testing.assert_allclose(wa, cross_val_score(clf, X, y, scoring="accuracy", **kw))
    np.testing.assert_allclose(
        cross_val_score(clf, X, y, scoring=macro_f1_scorer, **kw),
        cross_val_score(clf, X, y, scoring="f1_macro", **kw))
    assert not np.allclose(uar, wa)
    search = GridSearchCV(clf, {"C": [0.01, 1.0]}, scoring=get_scorer("uar"), cv=cv)
    search.fit(X, y, groups=groups)
    assert 0 <= search.best_score_ <= 1
    # joblib workers receive the scorer pickled
    clf.fit(X, y)
    copy = pickle.loads(pickle.dumps(uar_scorer))
    assert copy(clf, X, y) == pytest.approx(uar_scorer(clf, X, y))


def test_get_scorer_names():
    assert get_scorer("uar") is uar_scorer
    assert get_scorer("wa") is wa_scorer
    assert get_scorer("macro_f1") is macro_f1_scorer
    assert set(METRICS) == {"wa", "uar", "macro_f1"}
    assert get_scorer("balanced_accuracy")._score_func is balanced_accuracy_score
    assert get_scorer(None) is None
    with pytest.raises(ValueError, match="'nope' is not a valid scoring value"):
        get_scorer("nope")
    with pytest.raises(ValueError, match="'scoring' parameter of get_scorer"):
        get_scorer(3)


@pytest.mark.parametrize("func", [compute_metrics, uar_score, wa_score, macro_f1_score])
def test_metric_functions_validate_params(func):
    with pytest.raises(ValueError, match=f"'y_true' parameter of {func.__name__}"):
        func(3, ["anger"])
    with pytest.raises(ValueError, match=f"'y_pred' parameter of {func.__name__}"):
        func(["anger"], None)


# --------------------------------------------------------------------------- bootstrap_ci

CLASSES = np.array(["anger", "neutral", "sadness"])


def _speakers(n_speakers, per_class=4, seed=0):
    """Labels, predictions and speaker ids; each speaker has its own accuracy."""
    rng = np.random.default_rng(seed)
    y_true, y_pred, groups = [], [], []
    for s in range(n_speakers):
        acc = rng.uniform(0.2, 1.0)
        t = np.repeat(CLASSES, per_class)
        wrong = rng.random(len(t)) > acc
        p = np.where(wrong, CLASSES[(np.searchsorted(CLASSES, t) + 1) % 3], t)
        y_true.append(t)
        y_pred.append(p)
        groups.append(np.full(len(t), f"s{s:02d}"))
    return np.concatenate(y_true), np.concatenate(y_pred), np.concatenate(groups)


@pytest.mark.parametrize("metric", METRICS)
def test_bootstrap_ci_contains_point_and_repeats_with_seed(metric):
    y_true, y_pred, groups = _speakers(12)
    ci = bootstrap_ci(y_true, y_pred, groups, metric=metric)
    assert isinstance(ci, BootstrapCI)
    score = {"uar": uar_score, "wa": wa_score, "macro_f1": macro_f1_score}[metric]
    assert ci.point == pytest.approx(score(y_true, y_pred))
    assert 0 <= ci.low < ci.point < ci.high <= 1
    assert (ci.confidence_level, ci.n_resamples, ci.n_groups, ci.unit) == (
        0.95, 1000, 12, "groups")
    assert bootstrap_ci(y_true, y_pred, groups, metric=metric) == ci
    assert bootstrap_ci(y_true, y_pred, groups, metric=metric,
                        random_state=np.random.RandomState(0)) == ci
    assert bootstrap_ci(y_true, y_pred, groups, metric=metric, random_state=1) != ci
    wider = bootstrap_ci(y_true, y_pred, groups, metric=metric, confidence_level=0.99)
    assert wider.low <= ci.low and wider.high >= ci.high
    assert wider.high - wider.low > ci.high - ci.low


def test_bootstrap_ci_narrows_with_more_speakers():
    widths = []
    for n_speakers in (5, 50):
        ci = bootstrap_ci(*_speakers(n_speakers, seed=3))
        widths.append(ci.high - ci.low)
    assert widths[1] < widths[0] / 2  # about sqrt(10) narrower


def test_bootstrap_ci_of_a_perfect_classifier_is_one():
    y_true, _, groups = _speakers(6)
    for metric in METRICS:
        ci = bootstrap_ci(y_true, y_true, groups, metric=metric)
        assert (ci.low, ci.high, ci.point) == (1.0, 1.0, 1.0)


def test_bootstrap_ci_resamples_speakers_not_utterances():
    # speaker a is always right, speaker b always wrong: the pooled UAR is 0.5, and
    # drawing b twice (p = 1/4) gives 0, drawing a twice gives 1
    y_true = np.tile(CLASSES, 20)
    y_pred = np.r_[y_true[:30], np.roll(y_true[30:], 1)]
    groups = np.repeat(["a", "b"], 30)
    ci = bootstrap_ci(y_true, y_pred, groups)
    assert ci.point == pytest.approx(0.5)
    assert (ci.low, ci.high) == (0.0, 1.0)
    by_utterance = bootstrap_ci(y_true, y_pred)  # treats the 60 files as independent
    assert by_utterance.unit == "utterances" and by_utterance.n_groups == 60
    assert 0.3 < by_utterance.low < 0.5 < by_utterance.high < 0.7
    # one bad speaker among five pulls the lower end far down, per utterance it does not
    groups5 = np.repeat(["a", "b", "c", "d", "e"], 12)
    y_pred5 = np.r_[y_true[:48], np.roll(y_true[48:], 1)]
    ci5 = bootstrap_ci(y_true, y_pred5, groups5)
    utt5 = bootstrap_ci(y_true, y_pred5)
    assert ci5.point == pytest.approx(0.8) == utt5.point
    assert ci5.low == pytest.approx(0.4) and utt5.low > 0.65


def test_bootstrap_ci_pools_drawn_speakers_like_sklearn():
    # speakers lacking classes give resamples with classes missing from y_true
    # (s00 has anger only, s01 no sadness: 8 in 27 resamples have no sadness)
    y_true, y_pred, groups = _speakers(3, seed=5)
    keep = ~((groups == "s00") & (y_true != "anger")) & ~((groups == "s01")
                                                           & (y_true == "sadness"))
    y_true, y_pred, groups = y_true[keep], y_pred[keep], groups[keep]
    units = pd.unique(groups)
    rng = np.random.RandomState(7)
    stats = {m: [] for m in METRICS}
    for _ in range(200):
        idx = np.concatenate([np.flatnonzero(groups == units[j])
                              for j in rng.randint(0, len(units), len(units))])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # y_pred has a class absent from y_true
            stats["uar"].append(balanced_accuracy_score(y_true[idx], y_pred[idx]))
        stats["wa"].append(accuracy_score(y_true[idx], y_pred[idx]))
        stats["macro_f1"].append(f1_score(y_true[idx], y_pred[idx], average="macro",
                                          zero_division=0))
    for m in METRICS:
        ci = bootstrap_ci(y_true, y_pred, groups, metric=m, n_resamples=200,
                          confidence_level=0.9, random_state=7)
        assert (ci.low, ci.high) == pytest.approx(tuple(np.quantile(stats[m], [0.05, 0.95])))


def test_bootstrap_ci_of_one_speaker_is_undefined():
    y_true, y_pred, _ = _speakers(1)
    with pytest.warns(UndefinedMetricWarning, match="at least 2 of them, got 1") as rec:
        ci = bootstrap_ci(y_true, y_pred, np.zeros(len(y_true)))
    assert rec[0].filename == __file__
    assert np.isnan(ci.low) and np.isnan(ci.high) and ci.n_groups == 1
    assert ci.point == pytest.approx(uar_score(y_true, y_pred))


def test_bootstrap_ci_validates_params():
    y_true, y_pred, groups = _speakers(3)
    with pytest.raises(ValueError, match="'metric' parameter of bootstrap_ci"):
        bootstrap_ci(y_true, y_pred, groups, metric="f1")
    with pytest.raises(ValueError, match="'n_resamples' parameter of bootstrap_ci"):
        bootstrap_ci(y_true, y_pred, groups, n_resamples=0)
    for level in (0, 1, 95):
        with pytest.raises(ValueError, match="'confidence_level' parameter of bootstrap_ci"):
            bootstrap_ci(y_true, y_pred, groups, confidence_level=level)
    with pytest.raises(ValueError, match="'random_state' parameter of bootstrap_ci"):
        bootstrap_ci(y_true, y_pred, groups, random_state="zero")
    with pytest.raises(ValueError, match="'y_true' parameter of bootstrap_ci"):
        bootstrap_ci(3, y_pred, groups)
    with pytest.raises(ValueError, match="'groups' parameter of bootstrap_ci"):
        bootstrap_ci(y_true, y_pred, "s1")
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        bootstrap_ci(y_true, y_pred[:-1], groups)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        bootstrap_ci(y_true, y_pred, groups[:-1])
    bad = groups.astype(object)
    bad[[4, 9]] = None
    with pytest.raises(ValueError, match=r"no id at 2 sample\(s\) \(first at index 4\); "
                                         r".*groups=None"):
        bootstrap_ci(y_true, y_pred, bad)
    with pytest.raises(ValueError, match="at least one sample, got 0"):
        bootstrap_ci([], [], [])
