"""
The six CNNs, layer by layer
============================

Each classifier in :mod:`skser.models` builds its Keras network when it is fitted,
from the shape of the features it receives. ``initialize(X, y)`` (from scikeras)
builds it without training, which is all we need to list the layers: here with
the default hyperparameters and the default output shape of each model's
feature extractor, for 7 classes (EMO-DB). Sources and defaults are in
:ref:`models`.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from skser.models import (
    LLDCNN,
    Deep1DCNN,
    FeatureImageCNN,
    ParallelCNN,
    StackedConv1DCNN,
    TemporalCNN,
)

# model class, input shape of one sample, the extractor that produces it
MODELS = [
    (ParallelCNN, (750, 26), "LogMel()"),
    (StackedConv1DCNN, (216,), "MFCCContour()"),
    (FeatureImageCNN, (193, 130, 1), "FeatureImage()"),
    (LLDCNN, (750, 25), 'OpenSmile(feature_level="lld")'),
    (Deep1DCNN, (193,), "SpectralMeans()"),
    (TemporalCNN, (400, 64), "LogMel(n_mels=64, n_frames=400)"),
]
rng = np.random.default_rng(0)
y = np.array(["anger", "boredom", "disgust", "fear", "happiness", "neutral", "sadness"] * 2)


def layer_table(model):
    """One row per Keras layer: name, type, output shape (batch axis as None), weights."""
    return pd.DataFrame(
        [(layer.name, type(layer).__name__, str(tuple(layer.output.shape)),
          layer.count_params()) for layer in model.layers],
        columns=["layer", "type", "output shape", "parameters"],
    )


totals = {}
for cls, shape, extractor in MODELS:
    X = rng.normal(size=(len(y), *shape)).astype("float32")
    clf = cls(random_state=0).initialize(X, y)
    totals[cls.__name__] = clf.model_.count_params()
    print(f"{cls.__name__} on {extractor}: input {(None, *shape)}, "
          f"{totals[cls.__name__]:,} parameters")
    print(layer_table(clf.model_).to_string(index=False))
    print()

# %%
# Size of each network
# --------------------
# Most weights of the Flatten-based models sit in the first Dense layer after the
# flatten, so their size grows with the input length; ``ParallelCNN(pooling="avg")``,
# :class:`~skser.models.LLDCNN` and :class:`~skser.models.TemporalCNN` pool over
# time instead.
fig, ax = plt.subplots(figsize=(6, 2.8))
ax.barh(list(totals), list(totals.values()))
ax.set_xscale("log")
ax.set_xlabel("trainable + non-trainable parameters")
ax.invert_yaxis()
fig.tight_layout()
