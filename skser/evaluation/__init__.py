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

import lazy_loader as _lazy

# The constants are stated here, where the API reference reads their comments; the
# modules behind the functions (and with them scikit-learn and pandas) are imported
# when a function or class is first accessed.

#: Evaluation protocols understood by :func:`evaluate` and ``skser evaluate --protocol``
#: (the first is the default): ``"loso"``, ``"group-kfold"``, ``"session"``,
#: ``"random-kfold"``, ``"holdout"``.
PROTOCOLS = ("loso", "group-kfold", "session", "random-kfold", "holdout")

#: Utterance-level scores reported per fold, in table order: ``"wa"``, ``"uar"``,
#: ``"macro_f1"``; also the names :func:`get_scorer` adds to scikit-learn's.
METRICS = ("wa", "uar", "macro_f1")

#: Files written by :meth:`EvaluationResult.save` (and ``skser evaluate --out``), in order.
RUN_FILES = ("results.json", "results.md", "confusion_matrix.png", "predictions.tsv",
             "predictions.csv")

__getattr__, __dir__, _ = _lazy.attach(
    __name__,
    submodules=["_metrics", "_protocols", "_result", "_display", "_evaluate"],
    submod_attrs={
        "_display": ["FoldScoreDisplay", "SERConfusionMatrixDisplay"],
        "_evaluate": ["cross_corpus", "evaluate", "set_random_state"],
        "_metrics": ["BootstrapCI", "bootstrap_ci", "compute_metrics", "get_scorer",
                     "macro_f1_score", "uar_score", "wa_score", "uar_scorer", "wa_scorer",
                     "macro_f1_scorer"],
        "_protocols": ["get_splitter"],
        "_result": ["EvaluationResult", "write_predictions"],
    },
)

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
