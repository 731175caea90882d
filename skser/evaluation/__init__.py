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
    ``scoring="balanced_accuracy"`` computes UAR as well. :func:`bootstrap_ci`
    gives a confidence interval of a score by resampling test speakers with
    replacement.

Results and plots
    :func:`evaluate` returns an :class:`EvaluationResult` (scores per fold,
    out-of-fold predictions, summary tables with a bootstrap interval over test
    speakers, :meth:`EvaluationResult.save` for a run folder);
    :class:`SERConfusionMatrixDisplay` and :class:`FoldScoreDisplay` plot it the
    way :class:`sklearn.metrics.ConfusionMatrixDisplay` does.
"""

from .._utils._io import atomic_write as _atomic_write  # noqa: F401 (private alias)
from . import _metrics, _protocols, _result
from ._display import FoldScoreDisplay, SERConfusionMatrixDisplay
from ._evaluate import cross_corpus, evaluate, set_random_state
from ._metrics import (
    BootstrapCI,
    bootstrap_ci,
    compute_metrics,
    get_scorer,
    macro_f1_score,
    uar_score,
    wa_score,
)
from ._protocols import get_splitter
from ._result import EvaluationResult, write_predictions

# The constants are documented here, where the API reference reads their comments.

#: Evaluation protocols understood by :func:`evaluate` and ``skser evaluate --protocol``
#: (the first is the default): ``"loso"``, ``"group-kfold"``, ``"session"``,
#: ``"random-kfold"``, ``"holdout"``.
PROTOCOLS = _protocols.PROTOCOLS

#: Utterance-level scores reported per fold, in table order: ``"wa"``, ``"uar"``,
#: ``"macro_f1"``; also the names :func:`get_scorer` adds to scikit-learn's.
METRICS = _metrics.METRICS

#: Files written by :meth:`EvaluationResult.save` (and ``skser evaluate --out``), in order.
RUN_FILES = _result.RUN_FILES

#: Scorer of :func:`uar_score` for scikit-learn's model selection
#: (``cross_val_score(..., scoring=uar_scorer)``, ``GridSearchCV(scoring=uar_scorer)``);
#: it scores the same as ``scoring="balanced_accuracy"``.
uar_scorer = _metrics.uar_scorer

#: Scorer of :func:`wa_score`; it scores the same as ``scoring="accuracy"``.
wa_scorer = _metrics.wa_scorer

#: Scorer of :func:`macro_f1_score`: ``scoring="f1_macro"`` without the warning for a
#: class never predicted.
macro_f1_scorer = _metrics.macro_f1_scorer

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
    "bootstrap_ci",
    "BootstrapCI",
    "SERConfusionMatrixDisplay",
    "FoldScoreDisplay",
    "write_predictions",
    "set_random_state",
]
