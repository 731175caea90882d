"""
Cross-lingual emotion recognition: EMO-DB (German) <-> RAVDESS (English)
========================================================================

The design of Kaplan, Strohm and Tasci's openSMILE CNN study (mono-, multi- and
cross-lingual accuracy on IEMOCAP and RECOLA), redone with two freely available
corpora of different languages, on
the six emotions they share: anger, disgust, fear, happiness, neutral, sadness
(RAVDESS's *calm* and *surprise* and EMO-DB's *boredom* are dropped).

For each test corpus:

* **mono-lingual**: leave-one-speaker-out within that corpus;
* **multi-lingual**: leave-one-speaker-out over both corpora pooled, scored on the
  test corpus's speakers only (training sees both languages);
* **cross-lingual**: train on the other corpus only
  (:func:`skser.evaluation.cross_corpus`).

The model is the fast classic baseline of :ref:`normalization`: eGeMAPS
functionals, per-speaker standardization and a linear SVM. Any skser pipeline
(e.g. a recipe) can take its place.
"""

# %%
import os

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, balanced_accuracy_score
from sklearn.pipeline import make_pipeline
from sklearn.svm import SVC

from skser.datasets import fetch_emodb, fetch_ravdess, restrict_to_labels, shared_labels
from skser.evaluation import cross_corpus, evaluate
from skser.features import OpenSmile
from skser.normalization import SpeakerNormalizer

QUICK = os.environ.get("SKSER_DOCS_QUICK") == "1"

emodb = fetch_emodb(download_if_missing=False)
ravdess = fetch_ravdess(download_if_missing=False)
labels = shared_labels(emodb.target, ravdess.target)
print("shared classes:", labels)


def prepare(bunch, n_speakers, per_class):
    """Shared classes only; in quick mode a few speakers and files per class."""
    frame = bunch.frame[bunch.frame["emotion"].isin(labels)]
    if QUICK:
        speakers = sorted(frame["speaker"].unique())[:n_speakers]
        frame = frame[frame["speaker"].isin(speakers)].groupby(["speaker", "emotion"]) \
            .head(per_class)
    return frame.reset_index(drop=True)


corpora = {"EMO-DB": prepare(emodb, 4, 3), "RAVDESS": prepare(ravdess, 4, 3)}
for name, frame in corpora.items():
    print(f"{name}: {len(frame)} files, {frame['speaker'].nunique()} speakers")

# %%
# :func:`~skser.datasets.restrict_to_labels` does the same class restriction on a
# Bunch and any arrays aligned with it, if you prefer to work with arrays:
restricted = restrict_to_labels(emodb, labels)
print("EMO-DB restricted to shared classes:", len(restricted.target), "files")

# %%
# Features, once per corpus
# -------------------------
# eGeMAPSv02 functionals at 16 kHz, with the speaker id as an extra column for
# :class:`~skser.normalization.SpeakerNormalizer`.
smile = OpenSmile(feature_set="eGeMAPSv02")
data = {}
for name, frame in corpora.items():
    X = pd.DataFrame(smile.fit_transform(frame["path"]), columns=smile.get_feature_names_out())
    X["speaker"] = frame["speaker"].to_numpy()
    data[name] = (X, frame["emotion"].to_numpy(), frame["speaker"].to_numpy())

model = make_pipeline(SpeakerNormalizer(), SVC(kernel="linear", C=0.01))

# %%
# Mono-, multi- and cross-lingual runs
# ------------------------------------
rows = []
pooled_X = pd.concat([data[n][0] for n in data], ignore_index=True)
pooled_y = np.concatenate([data[n][1] for n in data])
pooled_g = np.concatenate([data[n][2] for n in data])
multi = evaluate(model, pooled_X, pooled_y, pooled_g, protocol="loso")
for test, other in (("EMO-DB", "RAVDESS"), ("RAVDESS", "EMO-DB")):
    mono = evaluate(model, *data[test], protocol="loso")
    p = multi.predictions
    p = p[p["speaker"].isin(set(data[test][2]))]
    cross = cross_corpus(model, train=data[other], test=data[test])
    rows += [
        {"test corpus": test, "setting": "mono-lingual",
         "WA": mono.summary().loc["WA", "pooled"], "UAR": mono.summary().loc["UAR", "pooled"]},
        {"test corpus": test, "setting": "multi-lingual",
         "WA": accuracy_score(p["y_true"], p["y_pred"]),
         "UAR": balanced_accuracy_score(p["y_true"], p["y_pred"])},
        {"test corpus": test, "setting": f"cross-lingual (trained on {other})",
         "WA": cross.summary().loc["WA", "mean"], "UAR": cross.summary().loc["UAR", "mean"]},
    ]
table = pd.DataFrame(rows).set_index(["test corpus", "setting"])
print((100 * table).round(1))

# %%
# WA is the micro accuracy of that study's tables; UAR is the mean recall over the six
# classes. Mono- and multi-lingual numbers are pooled over the LOSO folds.
ax = (100 * table["UAR"]).unstack(0).plot.bar(figsize=(7, 3.5), rot=0)
ax.axhline(100 / len(labels), color="k", ls="--", lw=1, label="chance")
ax.set_ylabel("UAR (%)")
ax.set_xlabel("")
ax.set_xticklabels([t.get_text().replace(" (", "\n(") for t in ax.get_xticklabels()],
                   fontsize=8)
ax.legend(fontsize=8)
ax.set_title("Six shared emotions, unseen speakers", fontsize=10)
plt.tight_layout()
