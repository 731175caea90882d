"""The cluster path: joblib's ``dask`` backend on a ``dask.distributed.LocalCluster``.

Worker processes on the loopback interface stand in for a cluster; the audio files
sit on a file system they share with the client, as docs/scaling.rst requires. Each
run must score exactly what the same run scores in this process.
"""

import joblib
import numpy as np
import pandas as pd
import pytest
import soundfile as sf
from dask.distributed import Client, LocalCluster, get_task_stream
from sklearn.model_selection import GridSearchCV, LeaveOneGroupOut
from synthetic import make_noise, make_tone

from skser.evaluation import evaluate
from skser.recipes import get_recipe


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=None)
    with cluster, Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """4 speakers x 2 classes x 4 files: tones ("anger") and noise ("sadness")."""
    root = tmp_path_factory.mktemp("dask_corpus")
    paths, y, groups = [], [], []
    for s in range(4):
        for k in range(4):
            for label, wave in (
                    ("anger", make_tone(freq=220.0 * (1 + s) + 30 * k, duration=0.8)),
                    ("sadness", make_noise(duration=0.8, seed=10 * s + k,
                                           amplitude=0.05 + 0.02 * k))):
                path = root / f"spk{s}_{label}_{k}.wav"
                sf.write(path, wave, 16000)
                paths.append(str(path))
                y.append(label)
                groups.append(f"spk{s}")
    return paths, np.array(y), np.array(groups)


def test_the_workers_are_other_processes(client):
    import os

    pids = set(client.run(os.getpid).values())
    assert len(pids) == 2 and os.getpid() not in pids


def test_evaluate_on_the_cluster_scores_as_locally(client, corpus):
    paths, y, groups = corpus
    local = evaluate(get_recipe("means193-svm"), paths, y, groups, protocol="loso", n_jobs=1)
    with joblib.parallel_config(backend="dask", n_jobs=-1), get_task_stream(client) as ts:
        remote = evaluate(get_recipe("means193-svm"), paths, y, groups, protocol="loso",
                          n_jobs=-1)
    assert len(ts.data) >= 4, "the folds did not run on the cluster's workers"
    assert len(remote.folds) == 4
    scores = ["wa", "uar", "macro_f1"]
    pd.testing.assert_frame_equal(remote.folds[scores].reset_index(drop=True),
                                  local.folds[scores].reset_index(drop=True))
    pd.testing.assert_frame_equal(remote.predictions, local.predictions)


def test_grid_search_over_a_recipe_on_the_cluster_scores_as_locally(client, corpus):
    paths, y, groups = corpus

    def search(n_jobs):
        grid = GridSearchCV(get_recipe("means193-svm"),
                            {"svm__estimator__C": [0.1, 1.0, 10.0]},
                            cv=LeaveOneGroupOut(), scoring="balanced_accuracy",
                            n_jobs=n_jobs)
        return grid.fit(paths, y, groups=groups)

    local = search(1)
    with joblib.parallel_config(backend="dask"), get_task_stream(client) as ts:
        remote = search(-1)
    assert len(ts.data) >= 12, "the 3 x 4 fits did not run on the cluster's workers"
    np.testing.assert_array_equal(remote.cv_results_["mean_test_score"],
                                  local.cv_results_["mean_test_score"])
    assert remote.best_params_ == local.best_params_
