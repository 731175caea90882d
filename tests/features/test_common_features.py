"""scikit-learn's estimator checks on every skser feature extractor."""

import warnings

from sklearn.utils.estimator_checks import parametrize_with_checks

from skser.features import (
    MFCC,
    Chroma,
    FeatureImage,
    LogMel,
    MFCCContour,
    OpenSmile,
    SpectralContrast,
    SpectralMeans,
    StatsPooling,
    Tonnetz,
)

# small outputs keep the checks fast; behaviour is the same as with defaults
ESTIMATORS = [
    LogMel(n_frames=8),
    MFCC(n_frames=8),
    Chroma(n_frames=8),
    SpectralContrast(n_frames=8),
    Tonnetz(n_frames=8),
    SpectralMeans(),
    FeatureImage(n_frames=8),
    FeatureImage(layout="original", time_axis="resize", n_frames=8),
    MFCCContour(duration=0.05, offset=0.0),
    OpenSmile(),
    StatsPooling(),
]

_AUDIO_LENGTH = {
    "check_n_features_in_after_fitting": (
        "the columns of a 2-D input are the samples of equal-length waveforms, not a "
        "fixed set of features: recordings of any length are valid input to transform, "
        "so a different n_timepoints than in fit must not raise"),
}


def _expected_failed_checks(estimator):
    if isinstance(estimator, StatsPooling):
        return {}
    return _AUDIO_LENGTH


@parametrize_with_checks(ESTIMATORS, expected_failed_checks=_expected_failed_checks)
def test_sklearn_compatible(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        check(estimator)
