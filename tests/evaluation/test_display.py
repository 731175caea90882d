"""Display objects: computed values, drawn artists, and the scikit-learn display beneath."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix

from skser.evaluation import FoldScoreDisplay, SERConfusionMatrixDisplay, evaluate

Y_TRUE = ["anger", "anger", "anger", "sadness", "sadness", "neutral"]
Y_PRED = ["anger", "anger", "sadness", "sadness", "neutral", "neutral"]


def test_confusion_display_from_predictions():
    disp = SERConfusionMatrixDisplay.from_predictions(Y_TRUE, Y_PRED)
    assert isinstance(disp.figure_, matplotlib.figure.Figure)
    assert disp.ax_ is disp.figure_.axes[0]
    labels = ["anger", "neutral", "sadness"]
    assert disp.display_labels == labels
    expected = confusion_matrix(Y_TRUE, Y_PRED, labels=labels, normalize="true")
    np.testing.assert_allclose(disp.confusion_matrix, expected)
    np.testing.assert_allclose(disp.im_.get_array(), expected)
    assert disp.im_.get_clim() == (0, 1)
    assert disp.text_.shape == (3, 3)
    assert disp.text_[0, 0].get_text() == "0.67"
    assert [t.get_text() for t in disp.ax_.get_xticklabels()] == labels
    assert disp.ax_.get_xlabel() == "predicted" and disp.ax_.get_ylabel() == "true"
    assert len(disp.figure_.axes) == 2  # matrix and color bar


def test_confusion_display_counts_labels_and_own_axes():
    fig, ax = plt.subplots()
    disp = SERConfusionMatrixDisplay.from_predictions(
        Y_TRUE, Y_PRED, labels=["sadness", "anger", "neutral"], normalize=None, ax=ax,
        colorbar=False, title="counts")
    assert disp.ax_ is ax and disp.figure_ is fig and len(fig.axes) == 1
    np.testing.assert_array_equal(
        disp.confusion_matrix,
        confusion_matrix(Y_TRUE, Y_PRED, labels=["sadness", "anger", "neutral"]))
    assert disp.text_[1, 1].get_text() == "2"
    assert ax.get_title() == "counts"
    # a display built by hand, restyled by plotting again
    again = SERConfusionMatrixDisplay(disp.confusion_matrix, display_labels=["s", "a", "n"])
    assert again.plot(cmap="viridis", values_format="d") is again
    assert again.text_[1, 1].get_text() == "2"


def test_confusion_display_from_result_matches_result(toy):
    X, y, groups, _ = toy
    res = evaluate(LogisticRegression(), X, y, groups)
    disp = SERConfusionMatrixDisplay.from_result(res)
    np.testing.assert_allclose(disp.confusion_matrix, res.confusion_matrix("true"))
    assert disp.display_labels == res.labels
    assert disp.ax_.get_title().startswith("loso: UAR ")
    counts = SERConfusionMatrixDisplay.from_result(res, normalize=None)
    assert counts.confusion_matrix.sum() == len(y)


def test_fold_display(toy):
    X, y, groups, _ = toy
    res = evaluate(LogisticRegression(), X, y, groups, n_repeats=2)
    disp = FoldScoreDisplay.from_result(res, metric="wa")
    assert len(disp.bars_) == 6 and disp.ax_ is disp.figure_.axes[0]
    means = res.folds.groupby("fold")["wa"].mean().to_numpy()
    np.testing.assert_allclose(disp.scores, means)
    np.testing.assert_allclose([b.get_height() for b in disp.bars_], 100 * means)
    assert disp.mean == pytest.approx(res.folds["wa"].mean())
    assert disp.ax_.get_ylabel() == "WA (%)"
    assert [t.get_text() for t in disp.ax_.get_xticklabels()] == sorted(set(groups))
    by_hand = FoldScoreDisplay([0.5, 0.7], fold_names=["a", "b"]).plot()
    assert [b.get_height() for b in by_hand.bars_] == pytest.approx([50, 70])
    assert by_hand.ax_.lines[0].get_ydata()[0] == pytest.approx(60)


def test_displays_validate_params(toy):
    X, y, groups, _ = toy
    res = evaluate(LogisticRegression(), X, y, groups)
    with pytest.raises(ValueError, match="'normalize' parameter of "
                                         "SERConfusionMatrixDisplay.from_predictions"):
        SERConfusionMatrixDisplay.from_predictions(Y_TRUE, Y_PRED, normalize="rows")
    with pytest.raises(ValueError, match="'metric' parameter of FoldScoreDisplay.from_result"):
        FoldScoreDisplay.from_result(res, metric="f1")
    with pytest.raises(ValueError, match="'ax' parameter of FoldScoreDisplay.plot"):
        FoldScoreDisplay([0.5]).plot(ax="axes")
    with pytest.raises(ValueError, match="'result' parameter of "
                                         "SERConfusionMatrixDisplay.from_result"):
        SERConfusionMatrixDisplay.from_result(res.folds)
