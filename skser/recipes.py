"""Named, ready-to-fit pipelines reproducing the seed systems and classic baselines.

Every factory returns a fresh, unfitted estimator with the published
hyperparameters as defaults: for the seed systems and baselines a
``sklearn.pipeline.Pipeline`` whose first step ``"feat"`` is a :mod:`skser.features`
extractor and whose last step is the classifier (``"cnn"`` for the CNNs, ``"svm"``
for the baselines); for the issue 8 recipes, compositions that take a DataFrame
with ``path`` and ``speaker`` columns. ``X`` is a list of audio file paths (or a
DataFrame with a ``path`` column), ``y`` the emotion labels; speaker ids go to
``groups`` of ``cross_validate``/``skser.evaluation``.

=========================== ======================================= ==========================
name                        features -> classifier                  source
=========================== ======================================= ==========================
``parallel-cnn``            LogMel 750x26 -> ParallelCNN            seed 000
``conv1d-mfcc``             MFCCContour 216 -> StackedConv1DCNN     seed 001
``cnn2d-image``             FeatureImage 193xT -> FeatureImageCNN   seed 002
``opensmile-cnn``           OpenSmile eGeMAPS LLD -> LLDCNN         seed 003
``issa2020``                SpectralMeans 193 -> Deep1DCNN          seed 004, Issa et al. 2020
``means193-svm``            SpectralMeans 193 -> scaler, RBF SVC    classic baseline
``egemaps-svm``             eGeMAPSv02 -> scaler, linear SVC        classic baseline
``compare-svm``             ComParE_2016 -> scaler, linear SVC      classic baseline
``speaker-norm-fusion-svm`` per-speaker functionals -> linear SVC   issue 8
``speaker-norm-vote``       fusion SVM + log-mel CNN, soft vote     issue 8
=========================== ======================================= ==========================

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

from sklearn.pipeline import Pipeline

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
]


def parallel_cnn():
    """Parallel 2-D CNN on 750 x 26 log-mel frames (seed 000).

    ``LogMel()`` (16 kHz, 25 ms windows, 10 ms hop, 26 bands, 7.5 s) feeding
    ``ParallelCNN()`` with the seed's hyperparameters: two branches of 100
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
       log-mel features (seed 000).
    """
    from .features import LogMel
    from .models import ParallelCNN

    return Pipeline([("feat", LogMel()), ("cnn", ParallelCNN())])


def conv1d_mfcc():
    """Eight stacked Conv1D layers over a 216-frame MFCC contour (seed 001).

    ``MFCCContour()`` (44.1 kHz, 2.5 s from 0.5 s, mean of 13 MFCC per frame) feeding
    ``StackedConv1DCNN()`` (SGD lr 1e-4, batch 16, 700 epochs as in the original
    notebook). The seed's 10-class target is gender x emotion on RAVDESS:
    build it with :func:`skser.datasets.gender_emotion_target`.

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
        Steps ``feat`` (:class:`skser.features.MFCCContour`) and ``cnn``
        (:class:`skser.models.StackedConv1DCNN`).

    Notes
    -----
    The learning curves of ``benchmarks/learning_curve.py`` on RAVDESS speech (first
    fold, validation data drawn from the training part, seed 0; tables in
    ``docs/benchmarks.md``) put the plateau of the validation UAR well before the
    notebook's 700 epochs: near epoch 270-300 on a random 80/20 split (10-epoch mean
    best 48.6 % at epoch 293) and from epoch 178 with speaker-disjoint validation
    (LOSO fold; best 38.8 % at epoch 241), after which it drifts down while the
    training UAR keeps rising. ``epochs`` is left at the notebook's value.

    References
    ----------
    .. [1] M. Puthran, "Speech-Emotion-Analyzer", GitHub repository; R. Chu,
       "Speech Emotion Recognition with Convolution Neural Network", 2019 (seed 001).
    """
    from .features import MFCCContour
    from .models import StackedConv1DCNN

    return Pipeline([("feat", MFCCContour()), ("cnn", StackedConv1DCNN())])


def cnn2d_image():
    """2-D CNN on the stacked feature image (chroma, mel, MFCC, contrast, tonnetz; seed 002).

    ``FeatureImage()`` (193 rows x 130 frames at 22.05 kHz) feeding
    ``FeatureImageCNN()`` (100 epochs, Adam lr 1e-3, batch 32).

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
        Steps ``feat`` (:class:`skser.features.FeatureImage`) and ``cnn``
        (:class:`skser.models.FeatureImageCNN`).

    Notes
    -----
    The learning curve of ``benchmarks/learning_curve.py`` on RAVDESS speech (first
    fold of a random 80/20 split, validation data drawn from the training part, seed
    0; table in ``docs/benchmarks.md``) puts the plateau of the validation UAR near
    epoch 100, the default, while the training UAR reaches 100 % by epoch 50 and the
    validation loss is lowest near epoch 20: the model overfits early in loss, yet
    its accuracy keeps improving until about epoch 100.

    References
    ----------
    .. [1] Nathaniel538, "Speech Emotion Recognition Using 2D CNN", GitHub repository
       (seed 002).
    """
    from .features import FeatureImage
    from .models import FeatureImageCNN

    return Pipeline([("feat", FeatureImage()), ("cnn", FeatureImageCNN())])


def opensmile_cnn():
    """1-D CNN over openSMILE eGeMAPSv02 low-level descriptors (seed 003).

    ``OpenSmile(feature_set="eGeMAPSv02", feature_level="lld")`` (25 LLDs per 10 ms
    frame, 750 frames) feeding ``LLDCNN()`` (Adam lr 1e-3, batch 50, stride 3,
    dropout 0.5, 50 epochs). The seed used its own openSMILE configuration file,
    which is not published; eGeMAPSv02 is our choice.

    Returns
    -------
    pipeline : sklearn.pipeline.Pipeline
        Steps ``feat`` (:class:`skser.features.OpenSmile`) and ``cnn``
        (:class:`skser.models.LLDCNN`).

    References
    ----------
    .. [1] A. Kaplan, F. Strohm, C. Tasci, "Neural Network for Emotion Recognition
       from Speech", GitHub repository (seed 003).
    """
    from .features import OpenSmile
    from .models import LLDCNN

    return Pipeline(
        [("feat", OpenSmile(feature_set="eGeMAPSv02", feature_level="lld")), ("cnn", LLDCNN())]
    )


def issa2020(corpus="emodb"):
    """Issa et al. (2020): deep 1-D CNN over 193 spectral means (seed 004).

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
    chosen so that
    ``skser evaluate --recipe issa2020 --dataset emodb --protocol loso`` (535
    files, 10 folds) finishes within 15 minutes on 2 CPU cores; see the Notes of
    :class:`skser.models.Deep1DCNN` for the measurement and what it costs in
    accuracy. Raise ``cnn__epochs`` when time allows: the learning curves of
    ``benchmarks/learning_curve.py`` (validation data drawn from the training folds,
    one fold, seed 0; tables in ``docs/benchmarks.md``) put the EMO-DB plateau of the
    validation UAR near epoch 230 under LOSO and 350 under a random 80/20 split; on
    RAVDESS near epoch 100 under LOSO (unseen validation speakers), while under a
    random split the curve was still rising at epoch 400.

    References
    ----------
    .. [1] D. Issa, M. F. Demirci, A. Yazici (2020). Speech emotion recognition with
       deep convolutional neural networks. Biomedical Signal Processing and Control
       59, 101894. https://doi.org/10.1016/j.bspc.2020.101894
    """
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


#: Feature blocks of :func:`speaker_norm_fusion_svm`: name, extractor factory,
#: number of features, share of the kernel (weights chosen on LOSO development
#: runs, see benchmarks/results/issue8_experiments.md).
_LOGMEL_PAD = -200.0  # below LogMel's -80 dB floor: marks padded frames, which
# StatsPooling and SpeakerNormalizer then leave out


def _fusion_blocks():
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
    """Speaker-normalized fusion of openSMILE and log-mel functionals, linear SVM (issue 8).

    Three utterance-level blocks: ComParE 2016 functionals (6373), eGeMAPSv02
    functionals (88) and statistics (mean, std, median, min, max) of 64 log-mel
    bands over up to 10 s (320). Each block is standardized **per speaker**
    (:class:`skser.normalization.SpeakerNormalizer`, class-balanced statistics
    for the training speakers; an unseen test speaker is standardized with the
    statistics of its own unlabelled utterances), weighted so the blocks take
    70 %, 15 % and 15 % of the linear kernel, and classified by a linear SVM
    (``C=3``, which on these scaled features is the hard-margin regime). The
    same definition serves every corpus; only the classes differ.

    Measured LOSO on this project's 2-core machine (``benchmarks/speaker_independent.py``,
    deterministic, so seeds 0-2 agree): EMO-DB WA 84.5 %, UAR 84.0 % (std over
    speakers 4.0); RAVDESS (8 classes) WA 70.7 %, UAR 70.3 %. With the block
    weights and class balancing chosen by nested inner GroupKFold instead of
    fixed: 83.1 % and 69.5 % UAR. Without speaker normalization: 73.8 % and
    58.9 % UAR.

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
    from sklearn.pipeline import FeatureUnion
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
    """Soft vote of the fusion SVM and a log-mel CNN, both speaker-normalized (issue 8).

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
    spectrum). Measured on EMO-DB, LOSO (``benchmarks/speaker_independent.py
    --vote-only``, 2 CPU cores): UAR 83.8 % for the vote (seed 0) against 84.0 % for
    the calibrated SVM alone and 72.1 % for the CNN alone (without SpecAugment the
    vote falls to 81.2 %); with the CNN on absolute-level frames
    (``cnn__features__transformer__log="log"``) 82.3 ± 1.6 % over seeds 0-2 (CNN
    71.5 ± 0.4 %), i.e. **the vote does not beat the SVM**. Kept as a recipe for
    experiments with the CNN member; :func:`speaker_norm_fusion_svm` remains the
    better choice. Details: ``benchmarks/results/issue8_experiments.md``, sections 11
    and 13.

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
    Requires the ``opensmile`` extra. Training costs about 40 CNN epochs per fit
    (about 35 s for 480 EMO-DB files on 2 CPU cores).
    """
    from sklearn.ensemble import VotingClassifier

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
    name: str
    factory: Callable
    source: str
    features: str
    description: str


_RECIPES = {
    r.name: r
    for r in [
        _Recipe(
            "parallel-cnn", parallel_cnn,
            "seed 000: 'A Parallel CNN for SER' (IEMOCAP, 4 classes)",
            "LogMel (n, 750, 26)",
            "Two parallel full-band Conv2D branches over log-mel frames, early stopping.",
        ),
        _Recipe(
            "conv1d-mfcc", conv1d_mfcc,
            "seed 001: Speech-Emotion-Analyzer (RAVDESS, gender x emotion)",
            "MFCCContour (n, 216)",
            "Eight stacked Conv1D layers over the mean-MFCC contour, SGD, 700 epochs.",
        ),
        _Recipe(
            "cnn2d-image", cnn2d_image,
            "seed 002: Speech Emotion Recognition Using 2D CNN (Nathaniel538)",
            "FeatureImage (n, 193, 130, 1)",
            "Small 2-D CNN over stacked chroma/mel/MFCC/contrast/tonnetz frames.",
        ),
        _Recipe(
            "opensmile-cnn", opensmile_cnn,
            "seed 003: Kaplan, Strohm, Tasci, Neural Network for Emotion Recognition "
            "from Speech",
            "OpenSmile eGeMAPSv02 LLD (n, 750, 25)",
            "1-D CNN (stride 3, dropout 0.5) over openSMILE low-level descriptors.",
        ),
        _Recipe(
            "issa2020", issa2020,
            "seed 004: Issa, Demirci, Yazici (2020), Biomed. Signal Process. Control 59",
            "SpectralMeans (n, 193)",
            "Deep 1-D CNN over 193 MFCC/chroma/mel/contrast/tonnetz means (EMO-DB variant).",
        ),
        _Recipe(
            "means193-svm", means193_svm,
            "classic baseline (librosa means + SVM)",
            "SpectralMeans (n, 193)",
            "Standardized 193 spectral means, RBF-kernel SVM.",
        ),
        _Recipe(
            "egemaps-svm", egemaps_svm,
            "classic baseline (Eyben et al. 2016, eGeMAPS)",
            "OpenSmile eGeMAPSv02 functionals (n, 88)",
            "Standardized eGeMAPS functionals, linear SVM with Platt probabilities.",
        ),
        _Recipe(
            "compare-svm", compare_svm,
            "classic baseline (Schuller et al. 2016, ComParE)",
            "OpenSmile ComParE_2016 functionals (n, 6373)",
            "Standardized ComParE functionals, linear SVM with Platt probabilities.",
        ),
        _Recipe(
            "speaker-norm-fusion-svm", speaker_norm_fusion_svm,
            "skser (issue 8): speaker-normalized ComParE + eGeMAPS + log-mel functionals",
            "DataFrame path+speaker -> 6781 speaker-standardized functionals",
            "Per-speaker standardized openSMILE and log-mel functionals, weighted "
            "fusion, linear SVM.",
        ),
        _Recipe(
            "speaker-norm-vote", speaker_norm_vote,
            "skser (issue 8): soft vote of speaker-norm-fusion-svm and a log-mel CNN",
            "DataFrame path+speaker -> functionals (SVM) and LogMel (n, 400, 64) (CNN)",
            "Equal-weight soft vote: speaker-normalized fusion SVM (Platt) + TemporalCNN "
            "with SpecAugment on speaker-normalized log-mel.",
        ),
    ]
}


def list_recipes():
    """Describe the available recipes.

    Returns
    -------
    recipes : list of dict
        One record per recipe, in a fixed order, with keys ``name``, ``source``
        (seed system and paper), ``features`` (extractor and output shape) and
        ``description`` (one line).
    """
    return [
        {"name": r.name, "source": r.source, "features": r.features, "description": r.description}
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
