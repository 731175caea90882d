"""WA, UAR and macro-F1 agree with scikit-learn; the scorers plug into model selection."""

import pickle
import warnings

import numpy as np
import pytest
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
