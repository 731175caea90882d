"""
Quick start: a log-mel CNN on EMO-DB, scored on unseen speakers
===============================================================

Log-mel frames (:class:`~skser.features.LogMel`) into the parallel CNN of the
IEMOCAP master-course system (:class:`~skser.models.ParallelCNN`), scored with
:class:`~sklearn.model_selection.GroupKFold` over *speakers*, so that no speaker
is heard both in training and in testing.

Everything here is plain scikit-learn: the pipeline is a
:class:`~sklearn.pipeline.Pipeline`, the scores come from
:func:`~sklearn.model_selection.cross_validate`. The second half does the same
with :func:`skser.evaluation.evaluate`, which adds the protocol name, per-fold
speakers, out-of-fold predictions and a confusion matrix.
"""

# %%
# Load EMO-DB
# -----------
# :func:`~skser.datasets.fetch_emodb` reads ``$SKSER_DATA/emodb/wav`` (or downloads
# the corpus when ``download_if_missing=True``). ``filenames`` are the inputs,
# ``target`` the emotions, ``groups`` the speakers.
import os

import pandas as pd
from sklearn.model_selection import GroupKFold, cross_validate
from sklearn.pipeline import Pipeline

from skser.datasets import fetch_emodb
from skser.evaluation import evaluate
from skser.features import LogMel
from skser.models import ParallelCNN

QUICK = os.environ.get("SKSER_DOCS_QUICK") == "1"  # CI: a small subset, one epoch

emodb = fetch_emodb(download_if_missing=False)
print(len(emodb.filenames), "files,", len(set(emodb.groups)), "speakers")
print(emodb.frame[["path", "speaker", "emotion", "gender"]]
      .assign(path=lambda d: d["path"].map(os.path.basename)).head())

frame = emodb.frame
if QUICK:  # 4 speakers, at most 2 files per speaker and class
    speakers = sorted(frame["speaker"].unique())[:4]
    frame = frame[frame["speaker"].isin(speakers)].groupby(["speaker", "emotion"]).head(2)
X = frame["path"].to_numpy()
y = frame["emotion"].to_numpy()
groups = frame["speaker"].to_numpy()
print(f"using {len(X)} files of {len(set(groups))} speakers")

# %%
# The pipeline
# ------------
# :class:`~skser.features.LogMel` turns each file into 750 frames (7.5 s at a 10 ms
# hop) of 26 log-mel bands; :class:`~skser.models.ParallelCNN` takes exactly that
# ``(n_samples, 750, 26)`` array. Defaults are those of the original system (Adam
# lr 1e-3, up to 50 epochs, early stopping on 10 % of the *training* files).
pipe = Pipeline([("feat", LogMel()), ("cnn", ParallelCNN(random_state=0))])
if QUICK:
    pipe.set_params(cnn__epochs=1)
print(pipe)

# %%
# Speaker-independent cross-validation
# ------------------------------------
# ``groups=`` makes every fold speaker-disjoint. WA is plain accuracy, UAR the
# mean of per-class recalls (``balanced_accuracy``); see :ref:`evaluation`.
cv = GroupKFold(n_splits=4 if QUICK else 5)
scores = cross_validate(pipe, X, y, groups=groups, cv=cv,
                        scoring={"WA": "accuracy", "UAR": "balanced_accuracy"})
table = pd.DataFrame({"WA": scores["test_WA"], "UAR": scores["test_UAR"],
                      "fit time (s)": scores["fit_time"]})
print(table.round(3))
print(table.agg(["mean", "std"]).round(3))

# %%
# The same with :func:`skser.evaluation.evaluate`
# -----------------------------------------------
# ``protocol="loso"`` leaves one speaker out per fold. The stateless
# :class:`~skser.features.LogMel` step is computed once for all files instead of
# once per fold (``precompute=True``), which is exact because it learns nothing.
result = evaluate(pipe, X, y, groups, protocol="loso", random_state=0,
                  metadata={"dataset": "emodb", "example": "quickstart"})
print(result.protocol_description)
print(result.format_table())
print(result.summary().round(3))
print(result.folds[["fold", "test_groups", "n_train", "n_test", "wa", "uar"]].round(3))

# %%
# ``result.to_markdown()``, ``result.to_json(path)`` and
# ``result.write_predictions(path)`` write the reports that ``skser evaluate``
# writes; the confusion matrix is normalized by true class (rows sum to 1).
fig = result.plot_confusion_matrix()

# %%
# Next steps: :ref:`sphx_glr_auto_examples_plot_recipes.py` compares the
# recipes (seed CNNs and classic baselines), and
# :ref:`sphx_glr_auto_examples_plot_own_folder.py` trains on your own recordings.
