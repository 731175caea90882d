"""Evaluation protocols: the scikit-learn splitter behind each protocol name."""

import re
from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.model_selection import (
    GroupShuffleSplit,
    LeaveOneGroupOut,
    PredefinedSplit,
    StratifiedGroupKFold,
    StratifiedKFold,
)
from sklearn.utils._param_validation import Interval, RealNotInt, StrOptions, validate_params

from . import PROTOCOLS

__all__ = ["PROTOCOLS", "get_splitter"]


_PROTOCOL_TEXT = {
    "loso": "leave-one-speaker-out (one fold per speaker, speaker-independent)",
    "group-kfold": "speaker-disjoint stratified k-fold (speaker-independent)",
    "session": "leave-one-session-out (speaker-independent)",
    "random-kfold": "stratified random k-fold (SPEAKER-DEPENDENT: speakers are shared "
    "between train and test; only for comparison with papers that used it)",
    "holdout": "fixed train/test split",
    "cross-corpus": "train on one corpus (or several), test on another",
}

_TEST_SIZE = [Interval(RealNotInt, 0, 1, closed="neither"), Interval(Integral, 1, None,
                                                                      closed="left")]


@validate_params(
    {
        "protocol": [StrOptions(set(PROTOCOLS))],
        "n_splits": [Interval(Integral, 2, None, closed="left")],
        "random_state": ["random_state"],
        "test_groups": [None],
        "test_size": _TEST_SIZE,
    },
    prefer_skip_nested_validation=True,
)
def get_splitter(protocol="loso", *, n_splits=5, random_state=None, test_groups=None,
                 test_size=0.2):
    """Return the scikit-learn splitter that implements a protocol.

    Parameters
    ----------
    protocol : {"loso", "group-kfold", "session", "random-kfold", "holdout"}, default="loso"
        ``"loso"``: :class:`~sklearn.model_selection.LeaveOneGroupOut` on speaker ids.
        ``"group-kfold"``: :class:`~sklearn.model_selection.StratifiedGroupKFold`
        (speaker-disjoint, class-balanced, shuffled by ``random_state``).
        ``"session"``: :class:`~sklearn.model_selection.LeaveOneGroupOut` on session
        ids (pass the session ids as ``groups`` to ``split``; :func:`evaluate` derives them).
        ``"random-kfold"``: :class:`~sklearn.model_selection.StratifiedKFold`
        (speaker-dependent). ``"holdout"``: a :class:`~sklearn.model_selection.PredefinedSplit`
        when the test speakers are given (see :func:`evaluate`), else
        :class:`~sklearn.model_selection.GroupShuffleSplit` with one speaker-disjoint split.
    n_splits : int >= 2, default=5
        Folds of ``"group-kfold"`` and ``"random-kfold"``.
    random_state : int, RandomState instance or None, default=None
        Shuffling seed of ``"group-kfold"``, ``"random-kfold"`` and ``"holdout"``.
    test_groups : None, default=None
        Unused here; accepted so that :func:`evaluate` can forward its arguments.
    test_size : float in (0, 1) or int >= 1, default=0.2
        Fraction (float) or number (int) of speakers tested by the random ``"holdout"``
        split.

    Returns
    -------
    splitter : cross-validator
        Call ``splitter.split(X, y, groups)``.

    Raises
    ------
    sklearn.utils._param_validation.InvalidParameterError
        If ``protocol`` is not one of :data:`PROTOCOLS` or another argument is out of
        range (a :class:`ValueError`; the message names the argument).

    Examples
    --------
    >>> from skser.evaluation import get_splitter
    >>> get_splitter("loso")
    LeaveOneGroupOut()
    """
    if protocol in ("loso", "session"):
        return LeaveOneGroupOut()
    if protocol == "group-kfold":
        return StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    if protocol == "random-kfold":
        return StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    return GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=random_state)


def _session_ids(X, groups):
    """Session of each sample: ``X["session"]``, else parsed from speaker ids."""
    if isinstance(X, pd.DataFrame) and "session" in X.columns:
        return np.asarray(X["session"].astype(str))
    if groups is None:
        raise ValueError("protocol='session' needs groups (speaker ids) or a 'session' "
                         "column in X")
    out = []
    for g in np.asarray(groups).astype(str):
        m = re.search(r"ses(?:sion)?[_-]?0*(\d+)", g, flags=re.IGNORECASE)
        if m is None:
            raise ValueError(
                f"protocol='session': cannot find a session number in speaker id {g!r} "
                "(expected e.g. 'iemocap/Ses01F'); pass X with a 'session' column")
        out.append(m.group(1))
    return np.asarray(out, dtype=object)


def _holdout_split(n, groups, ids, test):
    """A fixed split from a boolean mask, indices, or speaker ids / file ids."""
    arr = np.asarray(test)
    if arr.dtype == bool:
        if arr.shape != (n,):
            raise ValueError(f"test_groups: holdout mask has shape {arr.shape}, "
                             f"expected ({n},)")
        mask = arr
    elif arr.dtype.kind in "iu":
        mask = np.zeros(n, dtype=bool)
        mask[arr] = True
    else:
        wanted = {str(t) for t in arr.ravel()}
        g = np.asarray(groups).astype(str) if groups is not None else np.full(n, "")
        mask = np.isin(g, list(wanted)) | np.isin(ids.astype(str), list(wanted))
    if mask.all() or not mask.any():
        raise ValueError("test_groups: the holdout test list selects no sample or every "
                         "sample")
    return PredefinedSplit(np.where(mask, 0, -1))


