"""Protocol names and their splitters: every speaker-independent fold is speaker-disjoint."""

import numpy as np
import pytest
from _evaluation_helpers import SPY_LOG, SpyClassifier, assert_speaker_disjoint
from sklearn.model_selection import (
    GroupShuffleSplit,
    LeaveOneGroupOut,
    StratifiedGroupKFold,
    StratifiedKFold,
)

from skser.evaluation import PROTOCOLS, evaluate, get_splitter


@pytest.mark.parametrize("protocol", ["loso", "group-kfold", "holdout"])
def test_splitters_speaker_disjoint_synthetic(protocol, toy):
    X, y, groups, _ = toy
    folds = list(get_splitter(protocol, n_splits=3, random_state=0).split(X, y, groups))
    assert_speaker_disjoint(folds, groups)
    if protocol == "loso":
        assert len(folds) == len(set(groups))
        assert sorted(set(groups[test]).pop() for _, test in folds) == sorted(set(groups))


@pytest.mark.parametrize(("protocol", "cls"), [
    ("loso", LeaveOneGroupOut), ("session", LeaveOneGroupOut),
    ("group-kfold", StratifiedGroupKFold), ("random-kfold", StratifiedKFold),
    ("holdout", GroupShuffleSplit)])
def test_splitter_classes(protocol, cls):
    splitter = get_splitter(protocol, n_splits=4, random_state=3, test_size=0.25)
    assert type(splitter) is cls
    if protocol in ("group-kfold", "random-kfold"):
        assert splitter.n_splits == 4 and splitter.random_state == 3 and splitter.shuffle
    if protocol == "holdout":
        assert splitter.n_splits == 1 and splitter.test_size == 0.25


def test_unknown_protocol_raises():
    with pytest.raises(ValueError, match=r"'protocol' parameter of get_splitter must be a str "
                                         r"among .*'loso'.*Got 'kfold' instead"):
        get_splitter("kfold")


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"n_splits": 1}, "n_splits"), ({"test_size": 1.5}, "test_size"),
    ({"test_groups": ["s1"]}, "test_groups"), ({"random_state": "zero"}, "random_state")])
def test_get_splitter_validates_params(kwargs, name):
    with pytest.raises(ValueError, match=f"'{name}' parameter of get_splitter"):
        get_splitter("group-kfold", **kwargs)


def test_protocol_list():
    assert PROTOCOLS[0] == "loso"
    assert set(PROTOCOLS) == {"loso", "group-kfold", "session", "random-kfold", "holdout"}
    assert isinstance(PROTOCOLS, tuple)


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
