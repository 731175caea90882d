"""
Tuning a CNN with GridSearchCV over speaker folds, with cached features
=======================================================================

Hyperparameters must be chosen on *training speakers only*. Here
:class:`~sklearn.model_selection.GridSearchCV` searches two hyperparameters of
:class:`~skser.models.ParallelCNN` with an inner
:class:`~sklearn.model_selection.GroupKFold` over speakers, and the log-mel step
is cached with ``Pipeline(memory=...)``, so each training fold's features are
computed once and reused by every candidate instead of once per candidate.

The second part scores the whole search on speakers it never saw (nested
cross-validation): the inner search only ever receives the outer training
speakers.
"""

# %%
import os
import tempfile
import time

import pandas as pd
import sklearn
from sklearn.model_selection import GridSearchCV, GroupKFold, cross_validate
from sklearn.pipeline import Pipeline

from skser.datasets import fetch_emodb
from skser.features import LogMel
from skser.models import ParallelCNN

QUICK = os.environ.get("SKSER_DOCS_QUICK") == "1"

frame = fetch_emodb(download_if_missing=False).frame
if QUICK:  # 4 speakers, at most 2 files per speaker and class
    speakers = sorted(frame["speaker"].unique())[:4]
    frame = frame[frame["speaker"].isin(speakers)].groupby(["speaker", "emotion"]).head(2)
X = frame["path"].to_numpy()
y = frame["emotion"].to_numpy()
groups = frame["speaker"].to_numpy()
print(f"{len(X)} files, {len(set(groups))} speakers")

# %%
# A pipeline with a cached feature step
# -------------------------------------
# ``memory`` is a folder (or a :class:`joblib.Memory`): scikit-learn stores the
# fitted ``feat`` step and its output there, keyed by the step's parameters and
# its input. Global pooling (``pooling="avg"``) makes the CNN independent of the
# clip length. Trained for few epochs here to keep the page fast.
cache = tempfile.mkdtemp(prefix="skser-cache-")
pipe = Pipeline(
    [("feat", LogMel()),
     ("cnn", ParallelCNN(epochs=1 if QUICK else 20, patience=None if QUICK else 5,
                         random_state=0))],
    memory=cache,
)
param_grid = {"cnn__filters": [16, 32]} if QUICK else {
    "cnn__filters": [32, 100],
    "cnn__pooling": ["flatten", "avg"],
}
search = GridSearchCV(pipe, param_grid, cv=GroupKFold(n_splits=2 if QUICK else 3),
                      scoring="balanced_accuracy", refit=True, error_score="raise")

t0 = time.perf_counter()
search.fit(X, y, groups=groups)  # groups reach GroupKFold: folds are speaker-disjoint
print(f"search: {time.perf_counter() - t0:.1f} s")
cols = ["params", "mean_test_score", "std_test_score", "mean_fit_time"]
print(pd.DataFrame(search.cv_results_)[cols].round(3).to_string())
print("best:", search.best_params_, f"UAR {search.best_score_:.3f} (inner folds)")

# %%
# The cache at work
# -----------------
# Fitting another candidate on the same data finds the log-mel features in the
# cache: only the CNN is trained.
t0 = time.perf_counter()
pipe.set_params(cnn__filters=8).fit(X, y)
print(f"refit with cached features: {time.perf_counter() - t0:.1f} s")
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(cache) for f in fs)
print(f"cache folder: {size / 1e6:.1f} MB")

# %%
# :class:`~skser.features.LogMel` also has its own ``memory`` parameter, a per-*file*
# cache that survives changes of the file list (``LogMel(memory=cache)``); the
# pipeline cache above is per *call* (same files, same order).
#
# Nested speaker-independent CV: an honest score of the tuned model
# -----------------------------------------------------------------
# The outer :func:`~sklearn.model_selection.cross_validate` holds speakers out;
# the inner search must split only the remaining speakers, so it needs their
# ``groups`` too. scikit-learn's metadata routing passes ``groups`` to both.
with sklearn.config_context(enable_metadata_routing=True):
    outer = cross_validate(search, X, y, cv=GroupKFold(n_splits=2 if QUICK else 3),
                           params={"groups": groups},
                           scoring={"WA": "accuracy", "UAR": "balanced_accuracy"})
print(pd.DataFrame({"WA": outer["test_WA"], "UAR": outer["test_UAR"]}).agg(["mean", "std"])
      .round(3))
