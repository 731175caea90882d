"""Canonical vocabulary, harmonize_labels and the class-restriction helpers."""

import numpy as np
import pandas as pd
import pytest
from sklearn.utils import Bunch

from skser.datasets import (
    CANONICAL_EMOTIONS,
    gender_emotion_target,
    harmonize_labels,
    label_mask,
    restrict_to_labels,
    shared_labels,
)


@pytest.mark.parametrize(
    "label, expected",
    [
        ("anger", "anger"), ("Angry", "anger"), ("W", "anger"), ("ang", "anger"),
        ("ANG", "anger"), ("a", "anger"),
        ("happiness", "happiness"), ("happy", "happiness"), ("joy", "happiness"),
        ("hap", "happiness"), ("F", "happiness"), ("h", "happiness"), ("exc", "happiness"),
        ("excited", "happiness"),
        ("fearful", "fear"), ("fear", "fear"), ("A", "fear"), ("f", "fear"), ("FEA", "fear"),
        ("surprised", "surprise"), ("pleasant surprise", "surprise"), ("ps", "surprise"),
        ("Pleasant_surprised", "surprise"), ("su", "surprise"),
        ("sad", "sadness"), ("sadness", "sadness"), ("T", "sadness"), ("sa", "sadness"),
        ("disgust", "disgust"), ("E", "disgust"), ("d", "disgust"), ("DIS", "disgust"),
        ("neutral", "neutral"), ("N", "neutral"), ("n", "neutral"), ("NEU", "neutral"),
        ("boredom", "boredom"), ("L", "boredom"), ("calm", "calm"),
        ("fru", "frustration"), ("  Neutral ", "neutral"),
    ],
)
def test_harmonize_maps_every_corpus_code(label, expected):
    assert harmonize_labels(label) == expected
    assert expected in CANONICAL_EMOTIONS


def test_harmonize_array_returns_object_array():
    out = harmonize_labels(np.array(["W", "ps", "F", "f"]))
    assert out.dtype == object and out.tolist() == ["anger", "surprise", "happiness", "fear"]
    assert harmonize_labels([]).shape == (0,)


def test_harmonize_is_idempotent_on_canonical_names():
    assert harmonize_labels(list(CANONICAL_EMOTIONS)).tolist() == list(CANONICAL_EMOTIONS)
    assert list(CANONICAL_EMOTIONS) == sorted(CANONICAL_EMOTIONS)


@pytest.mark.parametrize("bad", ["contempt", "xxx", "oth", "Q", "05"])
def test_harmonize_unknown_label_raises_naming_it(bad):
    with pytest.raises(ValueError, match=f"unknown emotion label '{bad}'"):
        harmonize_labels(["anger", bad])


def test_harmonize_non_string_raises():
    with pytest.raises(ValueError, match="not a string"):
        harmonize_labels([3])


def test_shared_labels_intersects_corpora():
    emodb = ["anger", "boredom", "disgust", "fear", "happiness", "sadness", "neutral"]
    ravdess = ["neutral", "calm", "happiness", "sadness", "anger", "fear", "disgust", "surprise"]
    iemocap = ["anger", "happiness", "neutral", "sadness"]
    assert shared_labels(emodb, ravdess) == [
        "anger", "disgust", "fear", "happiness", "neutral", "sadness"]
    assert shared_labels(emodb, ravdess, iemocap) == ["anger", "happiness", "neutral", "sadness"]
    assert shared_labels(["W", "L"], ["angry"]) == ["anger"]
    assert shared_labels(["calm"], ["boredom"]) == []
    with pytest.raises(ValueError, match="at least one"):
        shared_labels()


def test_restrict_arrays_and_mask():
    y = np.array(["anger", "calm", "sadness", "anger"], dtype=object)
    X = np.arange(8).reshape(4, 2)
    groups = ["s1", "s2", "s3", "s4"]
    np.testing.assert_array_equal(label_mask(y, ["anger"]), [True, False, False, True])
    y2, X2, g2 = restrict_to_labels(y, ["anger", "sad"], X, groups)
    assert y2.tolist() == ["anger", "sadness", "anger"]
    np.testing.assert_array_equal(X2, X[[0, 2, 3]])
    assert g2.tolist() == ["s1", "s3", "s4"]
    with pytest.raises(ValueError, match="length 2"):
        restrict_to_labels(y, ["anger"], [1, 2])


def test_restrict_bunch_filters_every_field():
    frame = pd.DataFrame({
        "path": ["/a", "/b", "/c"], "speaker": ["x/1", "x/2", "x/1"],
        "emotion": ["anger", "calm", "neutral"], "gender": ["male", "female", "male"],
    })
    bunch = Bunch(filenames=frame.path.to_numpy(object), target=frame.emotion.to_numpy(object),
                  groups=frame.speaker.to_numpy(object), frame=frame,
                  target_names=["anger", "calm", "neutral"], DESCR="d")
    out = restrict_to_labels(bunch, ["anger", "neutral"])
    assert out.filenames.tolist() == ["/a", "/c"]
    assert out.groups.tolist() == ["x/1", "x/1"]
    assert out.frame.path.tolist() == ["/a", "/c"] and list(out.frame.index) == [0, 1]
    assert out.target_names == ["anger", "neutral"]
    assert bunch.target.tolist() == ["anger", "calm", "neutral"]  # input untouched


def test_gender_emotion_target():
    frame = pd.DataFrame({"path": ["/a", "/b"], "gender": ["female", "male"],
                          "emotion": ["anger", "sadness"]})
    assert gender_emotion_target(frame).tolist() == ["female_anger", "male_sadness"]
    assert gender_emotion_target(Bunch(frame=frame), sep="-").tolist() == [
        "female-anger", "male-sadness"]
    frame.loc[1, "gender"] = None
    with pytest.raises(ValueError, match="gender unknown.*'/b'"):
        gender_emotion_target(frame)
