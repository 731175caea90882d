"""Named, ready-to-fit pipelines: the published SER systems and classic baselines.

Every factory returns a fresh, unfitted estimator with the published
hyperparameters as defaults. For the published systems and the baselines it is
a ``sklearn.pipeline.Pipeline`` whose first step ``"feat"`` is a
:mod:`skser.features` extractor and whose last step is the classifier
(``"cnn"`` for the CNNs, ``"svm"`` for the SVMs); the speaker-normalized
recipes are compositions that take a DataFrame with ``path`` and ``speaker``
columns. ``X`` is a list of audio file paths (or a DataFrame with a ``path``
column), ``y`` the emotion labels; speaker ids go to ``groups`` of
``cross_validate``/:mod:`skser.evaluation`.

Each recipe is stated once, in a registry: its name, classifier kind, features,
one-line description and source. :func:`list_recipes` returns it; the table
below, ``skser recipes`` and the recipe table of the documentation are
generated from it. Measured accuracies are in ``docs/benchmarks.md``.

%(recipe_table)s

Examples
--------
>>> from skser.recipes import get_recipe, list_recipes
>>> [r["name"] for r in list_recipes()][:2]
['parallel-cnn', 'conv1d-mfcc']
>>> pipe = get_recipe("means193-svm", svm__estimator__C=10.0)
>>> pipe.named_steps["svm"].estimator.C
10.0
"""

from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "parallel_cnn",
    "conv1d_mfcc",
    "cnn2d_image",
    "opensmile_cnn",
    "issa2020",
    "means193_svm",
    "egemaps_svm",
    "compare_svm",
    "speaker_norm_fusion_svm",
    "speaker_norm_vote",
    "set_feature_cache",
    "get_recipe",
    "list_recipes",
    "recipe_table",
    "RECIPE_NAMES",
]


def parallel_cnn():
    """Parallel 2-D CNN on 750 x 26 log-mel frames (the IEMOCAP master-course system).

    ``LogMel()`` (16 kHz, 25 ms windows, 10 ms hop, 26 bands, 7.5 s) feeding
    ``ParallelCNN()`` with the original's hyperparameters: two branches of 100
    filters (heights 5 and 10, pools 30 and 26, stride 3), Adam (AMSGrad) lr 1e-3,
    batch 32, up to 50 epochs with early stopping (patience 15) on a stratified
    10 % validation split.

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
        Steps ``feat`` (:class:`skser.features.LogMel`) and ``cnn``
        (:class:`skser.models.ParallelCNN`).

    References
    ----------
    .. [1] "A Parallel CNN for SER", deep-learning master-course system on IEMOCAP
       log-mel features (4 classes).
    """
    from sklearn.pipeline import Pipeline

    from .features import LogMel
    from .models import ParallelCNN

    return Pipeline([("feat", LogMel()), ("cnn", ParallelCNN())])


def conv1d_mfcc():
    """Eight stacked Conv1D layers over a 216-frame MFCC contour (Speech-Emotion-Analyzer).

    ``MFCCContour()`` (44.1 kHz, 2.5 s from 0.5 s, mean of 13 MFCC per frame) feeding
    ``StackedConv1DCNN()`` (the write-up's eight-layer network and SGD lr 1e-4; batch
    16 and 700 epochs as in the write-up's notebook; the original repository's own
    network is smaller: see :class:`skser.models.StackedConv1DCNN`). The original's
    10-class target is gender x emotion on RAVDESS speech and SAVEE: build it with
    :func:`skser.datasets.gender_emotion_target`.

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
        Steps ``feat`` (:class:`skser.features.MFCCContour`) and ``cnn``
        (:class:`skser.models.StackedConv1DCNN`).

    Notes
    -----
    ``epochs`` is left at the notebook's value; the learning curves in
    ``docs/benchmarks.md`` show where the validation UAR levels off.

    References
    ----------
    .. [1] M. Puthran, "Speech-Emotion-Analyzer", GitHub repository; R. Chu,
       "Speech Emotion Recognition with Convolution Neural Network", 2019.
    """
    from sklearn.pipeline import Pipeline

    from .features import MFCCContour
    from .models import StackedConv1DCNN

    return Pipeline([("feat", MFCCContour()), ("cnn", StackedConv1DCNN())])


def cnn2d_image():
    """2-D CNN on the stacked feature image (chroma, mel, MFCC, contrast, tonnetz; Nathaniel538).

    ``FeatureImage()`` (193 rows x 130 frames at 22.05 kHz) feeding
    ``FeatureImageCNN()`` (100 epochs, Adam lr 1e-3, batch 32).

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
        Steps ``feat`` (:class:`skser.features.FeatureImage`) and ``cnn``
        (:class:`skser.models.FeatureImageCNN`).

    Notes
    -----
    The learning curves in ``docs/benchmarks.md`` show the training UAR saturating
    long before the validation UAR levels off.

    References
    ----------
    .. [1] Nathaniel538, "Speech Emotion Recognition Using 2D CNN", GitHub repository
       (scripts ``extract_features.py`` and ``train_model.py``).
    """
    from sklearn.pipeline import Pipeline

    from .features import FeatureImage
    from .models import FeatureImageCNN

    return Pipeline([("feat", FeatureImage()), ("cnn", FeatureImageCNN())])


def opensmile_cnn():
    """1-D CNN over openSMILE eGeMAPSv02 low-level descriptors (Kaplan, Strohm, Tasci).

    ``OpenSmile(feature_set="eGeMAPSv02", feature_level="lld")`` (25 LLDs per 10 ms
    frame, 750 frames) feeding ``LLDCNN()`` (Adam lr 1e-3, batch 50, stride 3,
    dropout 0.5, 50 epochs). The original used its own openSMILE configuration
    file, which is not published; eGeMAPSv02 stands in for it.

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
        Steps ``feat`` (:class:`skser.features.OpenSmile`) and ``cnn``
        (:class:`skser.models.LLDCNN`).

    References
    ----------
    .. [1] A. Kaplan, F. Strohm, C. Tasci, "Neural Network for Emotion Recognition
       from Speech", GitHub repository (mono-, multi- and cross-lingual evaluation).
    """
    from sklearn.pipeline import Pipeline

    from .features import OpenSmile
    from .models import LLDCNN

    return Pipeline(
        [("feat", OpenSmile(feature_set="eGeMAPSv02", feature_level="lld")), ("cnn", LLDCNN())]
    )


def issa2020(corpus="emodb"):
    """Issa et al. (2020): deep 1-D CNN over 193 spectral means.

    ``SpectralMeans()`` (40 MFCC, 12 chroma, 128 mel, 7 contrast, 6 tonnetz means at
    22.05 kHz) feeding ``Deep1DCNN(preset=corpus)``: the paper's layer sequence for
    that corpus and its optimizer, RMSprop lr 1e-5.

    Parameters
    ----------
    corpus : {"emodb", "ravdess", "iemocap"}, default="emodb"
        Which of the paper's variants (BatchNorm/Dropout positions) to use; also
        settable later as ``cnn__preset``.

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
        Steps ``feat`` (:class:`skser.features.SpectralMeans`) and ``cnn``
        (:class:`skser.models.Deep1DCNN`).

    Notes
    -----
    Epochs and batch size are the ``Deep1DCNN`` defaults (40 epochs, batch 16),
    fewer epochs than the paper trains so that a LOSO run on EMO-DB stays short
    on a CPU. Raise ``cnn__epochs`` when time allows: the learning curves in
    ``docs/benchmarks.md`` show where the validation UAR levels off per corpus
    and protocol.

    References
    ----------
    .. [1] D. Issa, M. F. Demirci, A. Yazici (2020). Speech emotion recognition with
       deep convolutional neural networks. Biomedical Signal Processing and Control
       59, 101894. https://doi.org/10.1016/j.bspc.2020.101894
    """
    from sklearn.pipeline import Pipeline

    from .features import SpectralMeans
    from .models import Deep1DCNN

    return Pipeline([("feat", SpectralMeans()), ("cnn", Deep1DCNN(preset=corpus))])


def means193_svm():
    """Classic baseline: 193 spectral means, standardized, RBF-kernel SVM.

    ``SpectralMeans()`` -> ``StandardScaler()`` -> ``SVC(kernel="rbf", C=1,
    gamma="scale")`` wrapped in ``CalibratedClassifierCV(method="sigmoid", cv=5,
    ensemble=False)``: Platt-scaled probabilities for the CLI (what
    ``SVC(probability=True)``, deprecated in scikit-learn 1.9, computed). Tune the
    SVM as ``svm__estimator__C``.

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
        Steps ``feat``, ``scale``, ``svm``.

    References
    ----------
    .. [1] C. Cortes, V. Vapnik (1995). Support-vector networks. Machine Learning
       20(3), 273-297.
    """
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    from .features import SpectralMeans

    return Pipeline(
        [
            ("feat", SpectralMeans()),
            ("scale", StandardScaler()),
            ("svm", _platt(SVC(kernel="rbf", C=1.0, gamma="scale"))),
        ]
    )


def _platt(svm):
    """Sigmoid-calibrated probabilities (Platt scaling) on 5 internal folds."""
    from sklearn.calibration import CalibratedClassifierCV

    return CalibratedClassifierCV(svm, method="sigmoid", cv=5, ensemble=False)


def _opensmile_svm(feature_set):
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    from .features import OpenSmile

    return Pipeline(
        [
            ("feat", OpenSmile(feature_set=feature_set, feature_level="functionals")),
            ("scale", StandardScaler()),
            ("svm", _platt(SVC(kernel="linear", C=1.0))),
        ]
    )


def egemaps_svm():
    """Classic baseline: eGeMAPSv02 functionals (88), standardized, linear SVM.

    ``OpenSmile(feature_set="eGeMAPSv02")`` -> ``StandardScaler()`` ->
    ``SVC(kernel="linear", C=1)`` with Platt-calibrated probabilities
    (``CalibratedClassifierCV``, as for ``means193-svm``).

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
        Steps ``feat``, ``scale``, ``svm``.

    References
    ----------
    .. [1] F. Eyben et al. (2016). The Geneva Minimalistic Acoustic Parameter Set
       (GeMAPS) for voice research and affective computing. IEEE Trans. Affective
       Computing 7(2), 190-202.
    """
    return _opensmile_svm("eGeMAPSv02")


def compare_svm():
    """Classic baseline: ComParE 2016 functionals (6373), standardized, linear SVM.

    ``OpenSmile(feature_set="ComParE_2016")`` -> ``StandardScaler()`` ->
    ``SVC(kernel="linear", C=1)`` with Platt-calibrated probabilities
    (``CalibratedClassifierCV``, as for ``means193-svm``).

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
        Steps ``feat``, ``scale``, ``svm``.

    References
    ----------
    .. [1] B. Schuller et al. (2016). The INTERSPEECH 2016 Computational
       Paralinguistics Challenge: Deception, Sincerity & Native Language.
       Proc. Interspeech, 2001-2005.
    """
    return _opensmile_svm("ComParE_2016")


def set_feature_cache(estimator, memory):
    """Give every skser feature extractor inside ``estimator`` a per-file cache.

    Walks ``estimator.get_params(deep=True)`` (pipelines, feature unions,
    column transformers, meta-estimators such as
    :class:`~skser.normalization.SpeakerNormalizer`) and sets ``memory`` on each
    extractor of :mod:`skser.features`, so repeated cross-validation folds or
    grid-search candidates read features from the cache instead of extracting
    them again. Other estimators' ``memory`` parameters (e.g. ``Pipeline``'s)
    are left alone.

    Parameters
    ----------
    estimator : estimator
        A pipeline or any sklearn estimator; modified in place.
    memory : None, str, path-like or joblib.Memory
        Cache location given to each extractor (``None`` switches caching off).

    Returns
    -------
    estimator : estimator
        The same object, for chaining.
    """
    from .features._base import AudioFeatureMixin

    candidates = [estimator] + list(estimator.get_params(deep=True).values())
    for obj in candidates:
        if isinstance(obj, AudioFeatureMixin):
            obj.set_params(memory=memory)
    return estimator


_LOGMEL_PAD = -200.0  # below LogMel's -80 dB floor: marks padded frames, which
# StatsPooling and SpeakerNormalizer then leave out


def _fusion_blocks():
    """Feature blocks of :func:`speaker_norm_fusion_svm`: name, extractor, number of
    features, share of the linear kernel (weights chosen on LOSO development runs)."""
    from sklearn.pipeline import make_pipeline

    from .features import LogMel, OpenSmile, StatsPooling

    return [
        ("compare", OpenSmile(feature_set="ComParE_2016"), 6373, 0.70),
        ("egemaps", OpenSmile(feature_set="eGeMAPSv02"), 88, 0.15),
        ("logmel", make_pipeline(
            LogMel(n_mels=64, n_frames=1000, pad_value=_LOGMEL_PAD),
            StatsPooling(stats=("mean", "std", "median", "min", "max"), prefix="logmel",
                         ignore_value=_LOGMEL_PAD)), 320, 0.15),
    ]


def speaker_norm_fusion_svm(memory=None):
    """Speaker-normalized fusion of openSMILE and log-mel functionals, linear SVM.

    Three utterance-level blocks: ComParE 2016 functionals (6373), eGeMAPSv02
    functionals (88) and statistics (mean, std, median, min, max) of 64 log-mel
    bands over up to 10 s (320). Each block is standardized **per speaker**
    (:class:`skser.normalization.SpeakerNormalizer`, class-balanced statistics
    for the training speakers; an unseen test speaker is standardized with the
    statistics of its own unlabelled utterances), weighted so the blocks take
    70 %, 15 % and 15 % of the linear kernel, and classified by a linear SVM
    (``C=3``, which on these scaled features is the hard-margin regime). The
    same definition serves every corpus; only the classes differ.

    Its speaker-independent (LOSO) accuracy, with and without speaker
    normalization and per feature block, is in ``docs/benchmarks.md``
    (speaker-normalization study).

    Parameters
    ----------
    memory : None, str or joblib.Memory, default=None
        Per-file feature cache given to every extractor. Feature extraction
        sits inside the speaker normalizer, so without a cache it is repeated in
        every cross-validation fold.

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
        Steps ``features`` (SpeakerNormalizer over a FeatureUnion), ``blocks``
        (block weights) and ``svm``. ``X`` must be a pandas DataFrame with a
        ``path`` (or ``audio``) column and a ``speaker`` column, e.g.
        ``bunch.frame[["path", "speaker"]]``. The SVM has no ``predict_proba``.

    Notes
    -----
    Requires the ``opensmile`` extra. To predict a new speaker with speaker
    statistics, pass several of their utterances with the same ``speaker`` id;
    a speaker with one utterance falls back to the training statistics (see
    :class:`~skser.normalization.SpeakerNormalizer`).

    References
    ----------
    .. [1] B. Schuller et al. (2016). The INTERSPEECH 2016 Computational
       Paralinguistics Challenge. Proc. Interspeech, 2001-2005.
    .. [2] F. Eyben et al. (2016). The Geneva Minimalistic Acoustic Parameter Set
       (GeMAPS) for Voice Research and Affective Computing. IEEE Trans. Affective
       Computing 7(2), 190-202.
    .. [3] C. Busso, S. Lee, S. Narayanan (2009). Analysis of emotionally salient
       aspects of fundamental frequency for emotion detection. IEEE Trans. Audio,
       Speech, and Language Processing 17(4), 582-596 (per-speaker normalization).
    """
    import numpy as np
    from sklearn.compose import ColumnTransformer
    from sklearn.metrics.pairwise import linear_kernel
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer
    from sklearn.svm import SVC

    from .normalization import SpeakerNormalizer

    blocks = _fusion_blocks()
    union = FeatureUnion([(name, est) for name, est, _, _ in blocks])
    if memory is not None:
        set_feature_cache(union, memory)
    starts = np.cumsum([0] + [d for _, _, d, _ in blocks])
    weights = ColumnTransformer(
        [(name, FunctionTransformer(), slice(int(a), int(b)))
         for (name, _, _, _), a, b in zip(blocks, starts[:-1], starts[1:], strict=True)],
        transformer_weights={name: float(np.sqrt(w / d)) for name, _, d, w in blocks},
    )
    return Pipeline([
        ("features", SpeakerNormalizer(union, class_balanced=True)),
        ("blocks", weights),
        ("svm", SVC(kernel=linear_kernel, C=3.0)),
    ])


def speaker_norm_vote(memory=None):
    """Soft vote of the fusion SVM and a log-mel CNN, both speaker-normalized.

    Two members, equal weights (``VotingClassifier(voting="soft")``), fixed in
    advance:

    - ``svm``: :func:`speaker_norm_fusion_svm` with the SVM's decision values mapped
      to probabilities by Platt scaling (``CalibratedClassifierCV(method="sigmoid",
      cv=5, ensemble=False)``: 5-fold cross-validated decision values on the
      training data);
    - ``cnn``: 64-band :class:`~skser.features.LogMel` frames (25 ms / 10 ms, dB
      relative to each clip's maximum, up to 400 frames = 4 s, shorter clips
      padded), standardized per speaker over their real frames
      (:class:`~skser.normalization.SpeakerNormalizer` with ``ignore_value``), into
      a :class:`~skser.models.TemporalCNN` trained 40 epochs with
      :class:`~skser.augmentation.SpecAugment` and class-balanced weights.

    The CNN is meant to add what utterance functionals lose (the time course of the
    spectrum). Under LOSO on EMO-DB the vote does not beat the fusion SVM alone
    (``docs/benchmarks.md``, speaker-normalization study); it is kept as a recipe
    for experiments with the CNN member, and :func:`speaker_norm_fusion_svm`
    remains the better choice.

    Parameters
    ----------
    memory : None, str or joblib.Memory, default=None
        Per-file feature cache given to every extractor of both members.

    Returns
    -------
    classifier : sklearn.ensemble.VotingClassifier
        Estimators ``svm`` (a Pipeline) and ``cnn`` (a Pipeline with steps
        ``features`` and ``cnn``). ``X`` must be a pandas DataFrame with ``path`` and
        ``speaker`` columns; set the CNN's seed with ``cnn__cnn__random_state``.

    Notes
    -----
    Requires the ``opensmile`` extra. Each fit trains the CNN member for 40 epochs.
    """
    from sklearn.ensemble import VotingClassifier
    from sklearn.pipeline import Pipeline

    from .augmentation import SpecAugment
    from .features import LogMel
    from .models import TemporalCNN
    from .normalization import SpeakerNormalizer

    svm = speaker_norm_fusion_svm()
    svm.steps[-1] = ("svm", _platt(svm.steps[-1][1]))
    cnn = Pipeline([
        ("features", SpeakerNormalizer(LogMel(n_mels=64, n_frames=400, pad_value=_LOGMEL_PAD),
                                       ignore_value=_LOGMEL_PAD)),
        ("cnn", TemporalCNN(augment=SpecAugment())),
    ])
    vote = VotingClassifier([("svm", svm), ("cnn", cnn)], voting="soft")
    if memory is not None:
        set_feature_cache(vote, memory)
    return vote


@dataclass(frozen=True)
class _Recipe:
    """One registry entry: everything said about a recipe, said once."""

    name: str
    factory: Callable
    kind: str          # "cnn", "svm" or "ensemble"
    features: str      # extractor -> classifier, with the feature shape
    description: str   # one line
    source: str        # the system or paper it reproduces


_RECIPES = {
    r.name: r
    for r in [
        _Recipe(
            "parallel-cnn", parallel_cnn, "cnn",
            "LogMel (n, 750, 26) -> ParallelCNN",
            "Two parallel full-band Conv2D branches over log-mel frames, early stopping.",
            "'A Parallel CNN for SER', deep-learning master-course system (IEMOCAP, "
            "4 classes)",
        ),
        _Recipe(
            "conv1d-mfcc", conv1d_mfcc, "cnn",
            "MFCCContour (n, 216) -> StackedConv1DCNN",
            "Eight stacked Conv1D layers over the mean-MFCC contour, SGD, 700 epochs.",
            "Speech-Emotion-Analyzer, M. Puthran (RAVDESS, gender x emotion)",
        ),
        _Recipe(
            "cnn2d-image", cnn2d_image, "cnn",
            "FeatureImage (n, 193, 130, 1) -> FeatureImageCNN",
            "Small 2-D CNN over stacked chroma/mel/MFCC/contrast/tonnetz frames.",
            "Nathaniel538, Speech Emotion Recognition Using 2D CNN",
        ),
        _Recipe(
            "opensmile-cnn", opensmile_cnn, "cnn",
            "OpenSmile eGeMAPSv02 LLD (n, 750, 25) -> LLDCNN",
            "1-D CNN (stride 3, dropout 0.5) over openSMILE low-level descriptors.",
            "Kaplan, Strohm, Tasci, Neural Network for Emotion Recognition from Speech",
        ),
        _Recipe(
            "issa2020", issa2020, "cnn",
            "SpectralMeans (n, 193) -> Deep1DCNN",
            "Deep 1-D CNN over 193 MFCC/chroma/mel/contrast/tonnetz means (EMO-DB variant).",
            "Issa, Demirci, Yazici (2020), Biomed. Signal Process. Control 59",
        ),
        _Recipe(
            "means193-svm", means193_svm, "svm",
            "SpectralMeans (n, 193) -> scaler, RBF SVC",
            "Standardized 193 spectral means, RBF-kernel SVM.",
            "classic baseline (librosa means + SVM)",
        ),
        _Recipe(
            "egemaps-svm", egemaps_svm, "svm",
            "OpenSmile eGeMAPSv02 functionals (n, 88) -> scaler, linear SVC",
            "Standardized eGeMAPS functionals, linear SVM with Platt probabilities.",
            "classic baseline (Eyben et al. 2016, eGeMAPS)",
        ),
        _Recipe(
            "compare-svm", compare_svm, "svm",
            "OpenSmile ComParE_2016 functionals (n, 6373) -> scaler, linear SVC",
            "Standardized ComParE functionals, linear SVM with Platt probabilities.",
            "classic baseline (Schuller et al. 2016, ComParE)",
        ),
        _Recipe(
            "speaker-norm-fusion-svm", speaker_norm_fusion_svm, "svm",
            "DataFrame path+speaker -> 6781 speaker-standardized functionals -> linear SVC",
            "Per-speaker standardized openSMILE and log-mel functionals, weighted "
            "fusion, linear SVM.",
            "skser: speaker-normalized ComParE + eGeMAPS + log-mel functionals",
        ),
        _Recipe(
            "speaker-norm-vote", speaker_norm_vote, "ensemble",
            "DataFrame path+speaker -> functionals (SVM) and LogMel (n, 400, 64) (CNN)",
            "Equal-weight soft vote: speaker-normalized fusion SVM (Platt) + TemporalCNN "
            "with SpecAugment on speaker-normalized log-mel.",
            "skser: soft vote of speaker-norm-fusion-svm and a log-mel CNN",
        ),
    ]
}

#: Recipe names, in the registry's order.
RECIPE_NAMES = tuple(_RECIPES)


def recipe_table(fmt="rst"):
    """The registry as a table: name, kind, features -> classifier, source.

    Parameters
    ----------
    fmt : {"rst", "markdown"}, default="rst"
        reStructuredText simple table (docstrings, Sphinx) or a Markdown pipe table
        (README).

    Returns
    -------
    table : str
        One row per recipe, in the registry's order.

    Raises
    ------
    ValueError
        If ``fmt`` is not one of the two formats.
    """
    rows = [(f"``{r.name}``" if fmt == "rst" else f"`{r.name}`", r.kind, r.features, r.source)
            for r in _RECIPES.values()]
    head = ("name", "kind", "features -> classifier", "source")
    if fmt == "markdown":
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    if fmt != "rst":
        raise ValueError(f"fmt must be 'rst' or 'markdown'; got {fmt!r}.")
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
    rule = " ".join("=" * w for w in widths)

    def line(cells):
        return " ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([rule, line(head), rule, *map(line, rows), rule])


if __doc__ is not None:  # python -OO strips docstrings
    __doc__ = __doc__.replace("%(recipe_table)s", recipe_table())


def list_recipes():
    """Describe the available recipes.

    Returns
    -------
    recipes : list of dict
        One record per recipe, in the registry's order, with keys ``name``,
        ``kind`` (``"cnn"``, ``"svm"`` or ``"ensemble"``), ``source`` (the system or
        paper reproduced), ``features`` (extractor, output shape and classifier)
        and ``description`` (one line).
    """
    return [
        {"name": r.name, "kind": r.kind, "source": r.source, "features": r.features,
         "description": r.description}
        for r in _RECIPES.values()
    ]


def get_recipe(name, **params):
    """Build a recipe's pipeline by name, optionally overriding parameters.

    Parameters
    ----------
    name : str
        One of the names of :func:`list_recipes`.
    **params
        Nested pipeline parameters applied with ``Pipeline.set_params``, e.g.
        ``cnn__epochs=5`` or ``svm__C=0.1``.

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline or sklearn.ensemble.VotingClassifier
        A new, unfitted estimator (a VotingClassifier for ``speaker-norm-vote``).

    Raises
    ------
    ValueError
        If ``name`` is not a known recipe, or a parameter does not exist.
    """
    try:
        recipe = _RECIPES[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown recipe {name!r}; choose one of: {', '.join(_RECIPES)}."
        ) from None
    pipeline = recipe.factory()
    if params:
        pipeline.set_params(**params)
    return pipeline
