"""
Train on your own folder of labelled recordings, then label new ones
====================================================================

Your data rarely come as a known corpus. :func:`skser.datasets.load_audio_folder`
reads any folder with one sub-folder per class::

    my_corpus/
        angry/    03a01Wa.flac  08a02Wb.flac ...
        happy/    03a04Fd.flac  ...
        neutral/  ...
        sad/      ...

Class names are mapped to skser's vocabulary when it knows them (``angry`` ->
``anger``), and a regular expression on the file name gives the speaker, which
is what makes speaker-independent evaluation possible.

To keep this page self-contained, the folder is built in a temporary directory
from symbolic links to a few EMO-DB files (the corpus folder itself is never
written to). One speaker is kept apart as the "new recordings" to label.
"""

# %%
import os
import tempfile
from pathlib import Path

import joblib
from sklearn.pipeline import Pipeline

from skser import cli
from skser.datasets import fetch_emodb, load_audio_folder
from skser.evaluation import evaluate
from skser.features import LogMel
from skser.models import ParallelCNN

QUICK = os.environ.get("SKSER_DOCS_QUICK") == "1"

emodb = fetch_emodb(download_if_missing=False).frame
folder_names = {"anger": "angry", "happiness": "happy", "neutral": "neutral",
                "sadness": "sad"}
emodb = emodb[emodb["emotion"].isin(folder_names)]
train_speakers = ["emodb/03", "emodb/08", "emodb/09", "emodb/10"]
if QUICK:
    train_speakers = train_speakers[:3]
per_class = 3 if QUICK else None

work = Path(tempfile.mkdtemp(prefix="skser-own-"))
root = work / "my_corpus"
for spk in train_speakers:
    rows = emodb[emodb["speaker"] == spk].groupby("emotion").head(per_class or 1000)
    for path, emotion in zip(rows["path"], rows["emotion"], strict=True):
        target = root / folder_names[emotion] / os.path.basename(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(path)
new = work / "new_recordings"  # speaker 16, never used in training
new.mkdir()
for path in emodb[emodb["speaker"] == "emodb/16"].groupby("emotion").head(2)["path"]:
    (new / os.path.basename(path)).symlink_to(path)
print(sorted(p.name for p in root.iterdir()), "+", len(list(new.iterdir())), "new files")

# %%
# Load the folder
# ---------------
# EMO-DB names start with the two-digit speaker code; the named group
# ``speaker`` of ``speaker_pattern`` extracts it. Without a pattern every file is
# its own group and no evaluation can be speaker-independent.
data = load_audio_folder(root, speaker_pattern=r"^(?P<speaker>\d\d)")
print(data.frame[["speaker", "label", "emotion"]].value_counts().sort_index())
X, y, groups = data.filenames, data.target, data.groups

# %%
# Check it speaker-independently first
# ------------------------------------
pipe = Pipeline([
    ("feat", LogMel(n_frames=400)),  # 4 s at a 10 ms hop: longer clips are cut
    ("cnn", ParallelCNN(pooling="avg", epochs=2 if QUICK else 50, random_state=0)),
])
result = evaluate(pipe, X, y, groups, protocol="loso")
print(result.format_table())

# %%
# Train on everything and save
# ----------------------------
# A fitted pipeline is a regular Python object: save it with :mod:`joblib`.
# ``skser train --dataset my_corpus/`` does the same for a named recipe and also
# records the library versions.
pipe.fit(X, y)
model_path = work / "model.joblib"
joblib.dump(pipe, model_path)
print("classes:", list(pipe.classes_), f"- saved {model_path.stat().st_size / 1e6:.1f} MB")

# %%
# Label new recordings, in Python ...
# -----------------------------------
new_files = sorted(str(p) for p in new.iterdir())
model = joblib.load(model_path)
proba = model.predict_proba(new_files)
for f, label, p in zip(new_files, model.predict(new_files), proba.max(axis=1), strict=True):
    print(f"{Path(f).stem}\t{label}\t{p:.2f}")

# %%
# ... or from the command line
# ----------------------------
# ``skser predict`` takes files or folders and prints ``ID<TAB>label<TAB>confidence``;
# unreadable files are reported on stderr and the rest still predicted. Here it is
# called in-process; in a shell it is ``skser predict model.joblib new_recordings/``.
status = cli.main(["predict", str(model_path), str(new)])
print("exit status:", status)
