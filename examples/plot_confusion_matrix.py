"""
Reports and confusion matrices, with and without speaker normalization
=======================================================================

A classic baseline, the 88 eGeMAPS functionals of openSMILE with a linear SVM,
scored leave-one-speaker-out (LOSO) on EMO-DB with :func:`skser.evaluation.evaluate`,
twice: standardized with the pooled training statistics (what a
:class:`~sklearn.preprocessing.StandardScaler` does) and standardized per speaker
with :class:`~skser.normalization.SpeakerNormalizer`, which normalizes the
unseen test speaker with the statistics of its own (unlabelled) utterances.

It shows the report objects: :meth:`~skser.evaluation.EvaluationResult.summary`,
:meth:`~skser.evaluation.EvaluationResult.per_class`,
:meth:`~skser.evaluation.EvaluationResult.plot_confusion_matrix` (rows
normalized by true class) and :meth:`~skser.evaluation.EvaluationResult.plot_folds`.
"""

# %%
import os

import matplotlib.pyplot as plt
import pandas as pd
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from skser.datasets import fetch_emodb
from skser.evaluation import evaluate
from skser.features import OpenSmile
from skser.normalization import SpeakerNormalizer

QUICK = os.environ.get("SKSER_DOCS_QUICK") == "1"

frame = fetch_emodb(download_if_missing=False).frame
if QUICK:  # 5 speakers, at most 3 files per speaker and class
    speakers = sorted(frame["speaker"].unique())[:5]
    frame = frame[frame["speaker"].isin(speakers)].groupby(["speaker", "emotion"]).head(3)
y = frame["emotion"].to_numpy()
groups = frame["speaker"].to_numpy()
print(f"{len(frame)} files, {len(set(groups))} speakers")

# %%
# Features once, as a DataFrame with the speaker column
# -----------------------------------------------------
# The extractor learns nothing, so it can run once before any split. Keeping the
# speaker id as a column of ``X`` is what lets :class:`~skser.normalization.SpeakerNormalizer`
# find the speaker of every row inside any splitter, ``cross_val_predict`` or
# ``GridSearchCV`` (see :ref:`normalization`).
smile = OpenSmile(feature_set="eGeMAPSv02")
F = smile.fit_transform(frame["path"])
X = pd.DataFrame(F, columns=smile.get_feature_names_out(), index=frame.index)
X["speaker"] = groups
print(X.shape, "->", X.columns[:3].tolist(), "... 'speaker'")

# %%
# Two pipelines, the same LOSO folds
# ----------------------------------
pooled = make_pipeline(StandardScaler(), SVC(kernel="linear", C=0.01))
per_speaker = make_pipeline(SpeakerNormalizer(), SVC(kernel="linear", C=0.01))

res_pooled = evaluate(pooled, X.drop(columns="speaker"), y, groups, protocol="loso")
res_speaker = evaluate(per_speaker, X, y, groups, protocol="loso")
print("pooled standardization:\n" + res_pooled.format_table())
print("per-speaker standardization:\n" + res_speaker.format_table())

# %%
# Scores per fold: every bar is one unseen speaker.
fig, axes = plt.subplots(1, 2, figsize=(9, 3.4), sharey=True)
res_pooled.plot_folds("uar", ax=axes[0])
res_speaker.plot_folds("uar", ax=axes[1])
axes[0].set_title("StandardScaler", fontsize=10)
axes[1].set_title("SpeakerNormalizer", fontsize=10)
fig.tight_layout()

# %%
# Confusion matrices of the pooled out-of-fold predictions
# --------------------------------------------------------
# Rows are true classes and sum to 1, so the diagonal is each class's recall and
# its mean is the UAR.
fig, axes = plt.subplots(1, 2, figsize=(11, 4.6))
res_pooled.plot_confusion_matrix(ax=axes[0])
res_speaker.plot_confusion_matrix(ax=axes[1])
axes[0].set_title("StandardScaler: " + axes[0].get_title(), fontsize=9)
axes[1].set_title("SpeakerNormalizer: " + axes[1].get_title(), fontsize=9)
fig.tight_layout()

# %%
# Per-class precision and recall (pooled over folds):
print(pd.concat({"StandardScaler": res_pooled.per_class(),
                 "SpeakerNormalizer": res_speaker.per_class()}, axis=1).round(2))

# %%
# The out-of-fold predictions, one row per file, are in ``result.predictions``;
# ``result.write_predictions("predictions.tsv")`` writes them as ``ID<TAB>label``.
# The ID is the file stem when ``X`` holds paths (a list, or a ``path`` column);
# here ``X`` holds features, so it is the row number.
print(res_speaker.predictions[["id", "speaker", "y_true", "y_pred"]].head())
