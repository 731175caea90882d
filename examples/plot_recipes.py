"""
Comparing the recipes on one corpus
===================================

A *recipe* is a named, ready-to-fit :class:`~sklearn.pipeline.Pipeline` that
reproduces a published system, its features, its network and its training
defaults, or a classic baseline (:mod:`skser.recipes`): the five seed CNNs and the
openSMILE / spectral-means SVMs that users of opensmile or nkululeko know. Here
every recipe is scored on EMO-DB with the same speaker-disjoint folds and the same
seed, which is the comparison the original papers could not make with each other
(they used different corpora, classes and, mostly, speaker-dependent splits).

In quick mode (the documentation build) each recipe trains for one epoch on a
few files: the ranking printed below means nothing. The full-size numbers are
in :doc:`/benchmarks`.
"""

# %%
import os
import time

import matplotlib.pyplot as plt
import pandas as pd

from skser.datasets import fetch_emodb
from skser.evaluation import evaluate
from skser.recipes import get_recipe, list_recipes

QUICK = os.environ.get("SKSER_DOCS_QUICK") == "1"


def records():
    """(name, source) of every recipe, whichever record type list_recipes returns."""
    for rec in list_recipes():
        if isinstance(rec, dict):
            yield rec["name"], rec.get("source", "")
        elif isinstance(rec, str):
            yield rec, ""
        elif hasattr(rec, "name"):
            yield rec.name, getattr(rec, "source", "")
        else:
            yield rec[0], rec[1] if len(rec) > 1 else ""


recipes = dict(records())
for name, source in recipes.items():
    print(f"{name:24s} {source}")

# %%
# The data and the folds
# ----------------------
frame = fetch_emodb(download_if_missing=False).frame
if QUICK:  # one file per speaker and class of the 4 speakers who recorded every class
    # at least twice, so that each training fold holds 2 files of every class
    speakers = ["emodb/13", "emodb/14", "emodb/15", "emodb/16"]
    frame = frame[frame["speaker"].isin(speakers)].groupby(["speaker", "emotion"]).head(1)
# X carries the speaker ids next to the paths: every recipe reads the ``path`` column,
# and ``speaker-norm-fusion-svm`` standardizes each speaker with its own statistics.
X = frame[["path", "speaker"]].reset_index(drop=True)
y = frame["emotion"].to_numpy()
groups = frame["speaker"].to_numpy()
protocol = {"protocol": "group-kfold", "n_splits": 2} if QUICK else {"protocol": "loso"}
print(f"{len(X)} files, {len(set(groups))} speakers, {protocol}")

# %%
# One evaluation per recipe
# -------------------------
# ``evaluate`` clones the recipe per fold and sets every ``random_state`` to the same
# seed, so the recipes differ only by their definition.
rows, results = [], {}
for name in recipes:
    pipe = get_recipe(name)
    if QUICK:  # one epoch per network; 2 internal calibration folds for the SVMs
        params = pipe.get_params(deep=True)
        quick = {k: 1 for k in params if k == "epochs" or k.endswith("__epochs")}
        quick.update({k: 2 for k, v in params.items()
                      if k.endswith("__cv") and isinstance(v, int)})
        pipe.set_params(**quick)
    t0 = time.perf_counter()
    res = evaluate(pipe, X, y, groups, random_state=0, **protocol)
    s = res.summary()
    results[name] = res
    rows.append({"recipe": name, "WA": s.loc["WA", "mean"], "UAR": s.loc["UAR", "mean"],
                 "UAR std (folds)": s.loc["UAR", "std_folds"],
                 "wall time (s)": time.perf_counter() - t0})
table = pd.DataFrame(rows).set_index("recipe")
print(table.round(3).to_string())

# %%
# UAR per recipe, with the spread over folds (speakers):
ax = (100 * table["UAR"]).plot.barh(xerr=100 * table["UAR std (folds)"], figsize=(6, 3))
ax.axvline(100 / len(set(y)), color="k", ls="--", lw=1, label="chance")
ax.set_xlabel("UAR (%)")
ax.invert_yaxis()
ax.legend()
plt.tight_layout()
