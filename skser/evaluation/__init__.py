"""Speaker-independent evaluation: protocols, metrics, result tables and plots.

Speech emotion recognition numbers are only comparable when they say how they
were made. Every function here records the protocol, its folds (which speakers
were tested in each) and the seeds in the result it returns, and the default
protocol is leave-one-speaker-out (LOSO), so that no speaker is ever heard in
training and in testing at once.

Protocols (:data:`PROTOCOLS`, :func:`get_splitter`)
    ``"loso"`` leave one speaker out (default); ``"group-kfold"`` speaker-disjoint
    stratified k-fold; ``"session"`` leave one IEMOCAP recording session out;
    ``"random-kfold"`` stratified k-fold over utterances (speaker-dependent, flagged
    in every report); ``"holdout"`` a fixed or random speaker-disjoint split.
    :func:`cross_corpus` trains on one corpus and tests on another.

Metrics (:data:`METRICS`, :func:`compute_metrics`)
    **WA** (weighted accuracy, :func:`wa_score`) is plain accuracy over the test
    files; **UAR** (unweighted average recall, :func:`uar_score`) is the mean of
    the per-class recalls (:func:`sklearn.metrics.balanced_accuracy_score`), the
    headline figure on the imbalanced SER corpora; **macro-F1**
    (:func:`macro_f1_score`) is the unweighted mean of per-class F1. For
    scikit-learn's model selection, pass :data:`uar_scorer`, :data:`wa_scorer`,
    :data:`macro_f1_scorer` or ``get_scorer("uar")`` as ``scoring``;
    ``scoring="balanced_accuracy"`` computes UAR as well.

Results and plots
    :func:`evaluate` returns an :class:`EvaluationResult` (scores per fold,
    out-of-fold predictions, summary tables, :meth:`EvaluationResult.save` for a
    run folder); :class:`SERConfusionMatrixDisplay` and :class:`FoldScoreDisplay`
    plot it the way :class:`sklearn.metrics.ConfusionMatrixDisplay` does.
"""

from .._utils._io import atomic_write as _atomic_write  # noqa: F401 (used by skser.cli)
from ._display import FoldScoreDisplay, SERConfusionMatrixDisplay
from ._evaluate import cross_corpus, evaluate, set_random_state
from ._metrics import (
    METRICS,
    compute_metrics,
    get_scorer,
    macro_f1_score,
    macro_f1_scorer,
    uar_score,
    uar_scorer,
    wa_score,
    wa_scorer,
)
from ._protocols import PROTOCOLS, get_splitter
from ._result import RUN_FILES, EvaluationResult, write_predictions

__all__ = [
    "PROTOCOLS",
    "METRICS",
    "RUN_FILES",
    "get_splitter",
    "evaluate",
    "cross_corpus",
    "EvaluationResult",
    "compute_metrics",
    "wa_score",
    "uar_score",
    "macro_f1_score",
    "wa_scorer",
    "uar_scorer",
    "macro_f1_scorer",
    "get_scorer",
    "SERConfusionMatrixDisplay",
    "FoldScoreDisplay",
    "write_predictions",
    "set_random_state",
]
