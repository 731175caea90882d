"""Speaker-independent evaluation runs: :func:`evaluate` and :func:`cross_corpus`."""

import os
import time
import warnings
from numbers import Integral
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.model_selection import PredefinedSplit, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.utils import _safe_indexing, get_tags
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions, validate_params
from sklearn.utils.validation import check_memory

from .._utils._io import file_ids
from ._metrics import compute_metrics
from ._protocols import (
    _PROTOCOL_TEXT,
    _TEST_SIZE,
    PROTOCOLS,
    _holdout_split,
    _session_ids,
    get_splitter,
)
from ._result import EvaluationResult

__all__ = ["evaluate", "cross_corpus", "set_random_state"]


@validate_params(
    {"estimator": [HasMethods(["get_params", "set_params"])], "random_state": ["random_state"]},
    prefer_skip_nested_validation=True,
)
def set_random_state(estimator, random_state):
    """Set every parameter whose name ends in ``random_state`` (nested ones too).

    Parameters
    ----------
    estimator : estimator instance
        Changed in place (use :func:`sklearn.base.clone` first to keep the original).
    random_state : int, RandomState instance or None
        The seed given to every ``*random_state`` parameter.

    Returns
    -------
    names : list of str
        The parameters that were set, e.g. ``["cnn__random_state"]``.

    Raises
    ------
    sklearn.utils._param_validation.InvalidParameterError
        If ``estimator`` has no ``get_params``/``set_params`` or ``random_state`` is not
        a seed (a :class:`ValueError` naming the argument).

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from skser.evaluation import set_random_state
    >>> set_random_state(make_pipeline(StandardScaler(), LogisticRegression()), 0)
    ['logisticregression__random_state']
    """
    names = [k for k in estimator.get_params(deep=True) if k.endswith("random_state")]
    if names:
        estimator.set_params(**{k: random_state for k in names})
    return names


def _n_samples(X):
    return X.shape[0] if hasattr(X, "shape") else len(X)


def _paths_of(X):
    """File paths of X when it is a list/array of paths or a frame with ``path``."""
    if isinstance(X, pd.DataFrame):
        return np.asarray(X["path"].astype(str)) if "path" in X.columns else None
    if isinstance(X, pd.Series):
        X = X.to_numpy()
    if isinstance(X, (list, tuple)) and X and all(isinstance(x, (str, os.PathLike)) for x in X):
        return np.asarray([os.fspath(x) for x in X], dtype=object)
    if isinstance(X, np.ndarray) and X.ndim == 1 and X.dtype.kind in "OUS":
        if all(isinstance(x, (str, os.PathLike)) for x in X):
            return np.asarray([os.fspath(x) for x in X], dtype=object)
    return None


def _ids_from_paths(paths, n):
    """Unique file ids (paths relative to the files' common folder), or the indices."""
    if paths is None:
        return np.asarray([str(i) for i in range(n)], dtype=object)
    return np.asarray(file_ids(paths), dtype=object)


def _stems(paths, ids):
    """File stems, which ``test_groups`` of the holdout protocol may name."""
    if paths is None:
        return ids
    return np.asarray([Path(p).stem for p in paths], dtype=object)


def _stateless_prefix(pipeline):
    """Number of leading steps of a Pipeline that learn nothing (never the last)."""
    if not isinstance(pipeline, Pipeline):
        return 0
    k = 0
    for _, step in pipeline.steps[:-1]:
        if step is None or step == "passthrough":
            k += 1
            continue
        try:
            stateless = get_tags(step).requires_fit is False
        except Exception:  # third-party estimators without tags
            stateless = False
        if not stateless:
            break
        k += 1
    return k


def _fit_and_predict(estimator, X, y, train, test, seed, fit_params):
    est = clone(estimator)
    if seed is not None:
        set_random_state(est, seed)
    Xtr, Xte = _safe_indexing(X, train), _safe_indexing(X, test)
    t0 = time.perf_counter()
    est.fit(Xtr, y[train], **fit_params)
    t1 = time.perf_counter()
    final = est
    if isinstance(est, Pipeline) and len(est.steps) > 1:
        # transform the test fold once for both predict and predict_proba
        Xte, final = est[:-1].transform(Xte), est.steps[-1][1]
    y_pred = np.asarray(final.predict(Xte))
    proba, classes = None, None
    if hasattr(final, "predict_proba"):
        try:
            proba = np.asarray(final.predict_proba(Xte), dtype=float)
            classes = np.asarray(final.classes_)
        except (AttributeError, NotImplementedError):
            proba = None
    return y_pred, proba, classes, t1 - t0, time.perf_counter() - t1


def _seeds(random_state, n_repeats):
    if random_state is None:
        return [None] * n_repeats if n_repeats == 1 else [
            int(s) for s in np.random.default_rng().integers(0, 2**31 - 1, n_repeats)]
    return [int(random_state) + r for r in range(n_repeats)]


@validate_params(
    {
        "pipeline": [HasMethods(["fit", "predict"])],
        "X": ["array-like"],
        "y": ["array-like"],
        "groups": ["array-like", None],
        "protocol": [StrOptions(set(PROTOCOLS))],
        "n_splits": [Interval(Integral, 2, None, closed="left")],
        "n_repeats": [Interval(Integral, 1, None, closed="left")],
        "n_jobs": [Integral, None],
        "random_state": [Integral, None],
        "verbose": ["verbose"],
        "test_groups": ["array-like", None],
        "test_size": _TEST_SIZE,
        "precompute": ["boolean"],
        "fit_params": [dict, None],
        "metadata": [dict, None],
        "memory": [None, str, os.PathLike, HasMethods(["cache"])],
    },
    prefer_skip_nested_validation=True,
)
def evaluate(pipeline, X, y, groups=None, *, protocol="loso", n_splits=5, n_repeats=1,
             n_jobs=None, random_state=0, verbose=0, test_groups=None, test_size=0.2,
             precompute=True, fit_params=None, metadata=None, memory=None):
    """Score an estimator speaker-independently and keep every out-of-fold prediction.

    For each repeat ``r`` the estimator is cloned per fold, every parameter ending in
    ``random_state`` is set to ``seeds[r]`` (``random_state + r``), it is fitted on the
    training fold only and predicts the held-out fold.

    Parameters
    ----------
    pipeline : estimator
        A classifier or :class:`~sklearn.pipeline.Pipeline`, e.g. from
        :func:`skser.recipes.get_recipe`. Never fitted itself (only clones are).
    X : array-like of shape (n_samples, ...), list of paths or pandas.DataFrame
        Inputs of ``pipeline``: file paths, waveforms, features, or a DataFrame with
        ``path`` and ``speaker`` columns, which is passed to the pipeline untouched and
        subset with ``.iloc`` (so speaker ids travel with the samples).
    y : array-like of shape (n_samples,)
        Emotion labels.
    groups : array-like of shape (n_samples,) or None, default=None
        Speaker ids (``Bunch.groups``). Required except for ``"random-kfold"``; when
        None and ``X`` has a ``speaker`` column, that column is used.
    protocol : {"loso", "group-kfold", "session", "random-kfold", "holdout"}, default="loso"
        See :func:`get_splitter`. ``"loso"`` gives one fold per speaker. ``"session"``
        leaves one IEMOCAP session out (sessions from ``X["session"]`` or parsed from
        speaker ids such as ``"iemocap/Ses01F"``). ``"random-kfold"`` is
        speaker-dependent and flagged as such in every report.
    n_splits : int >= 2, default=5
        Folds of ``"group-kfold"`` and ``"random-kfold"``.
    n_repeats : int >= 1, default=1
        Repeats with different seeds; shuffled protocols also reshuffle their folds.
    n_jobs : int or None, default=None
        Folds fitted in parallel (joblib); ``None`` means 1.
    random_state : int or None, default=0
        Seed of repeat 0; repeat ``r`` uses ``random_state + r``. ``None`` leaves the
        estimator's own seeds alone for one repeat (random seeds for several).
    verbose : int, default=0
        ``> 0`` shows a tqdm progress bar over folds on stderr.
    test_groups : array-like or None, default=None
        ``"holdout"`` only: the fixed test list, as speaker ids, file ids (stems),
        integer indices or a boolean mask. ``None`` draws ``test_size`` of the speakers.
    test_size : float in (0, 1) or int >= 1, default=0.2
        ``"holdout"`` without ``test_groups``: fraction (float) or number (int) of
        speakers tested.
    precompute : bool, default=True
        Compute the leading steps of a Pipeline whose tag ``requires_fit`` is False
        (feature extractors that learn nothing) once for all of ``X`` before the folds.
        This is exact, since these steps learn nothing from the training fold, and saves
        re-extracting every file once per fold. They are computed with the seeds of
        repeat 0.
    fit_params : dict or None, default=None
        Extra arguments of ``fit`` (e.g. ``{"cnn__epochs": 5}`` is a *parameter*; put
        those in ``pipeline.set_params`` instead).
    metadata : dict or None, default=None
        Free-form provenance (dataset, recipe, ...) copied into every report.
    memory : None, str, path-like or joblib.Memory, default=None
        Cache of each fold's fit and predictions (a folder or a
        :class:`joblib.Memory`), keyed by the estimator's parameters, the (precomputed)
        inputs, labels, fold indices, seed and ``fit_params``. A run that stopped
        part-way (a long CNN LOSO that was interrupted) resumes from its finished
        folds when called again with the same arguments; their ``fit_time`` and
        ``score_time`` are those measured when they ran. The key does not cover the
        code of the estimator: clear the cache after changing skser or model code.
        ``None``: nothing is cached.

    Returns
    -------
    result : EvaluationResult
        Scores per fold and aggregated, out-of-fold predictions, protocol, folds and seeds.

    Raises
    ------
    sklearn.utils._param_validation.InvalidParameterError
        If an argument has the wrong type or is out of range, e.g. an unknown
        ``protocol`` or ``n_repeats < 1`` (a :class:`ValueError` naming the argument).
    ValueError
        For missing ``groups``, fewer than two speakers, a session number that cannot
        be found, a ``test_groups`` that selects no sample or every sample, or
        inconsistent lengths.

    See Also
    --------
    cross_corpus : Train on one corpus and test on another.

    Notes
    -----
    Early stopping and any other internal validation happen inside the estimator's
    ``fit``, which only ever receives the training fold: the validation split of the
    skser classifiers (``validation_split``, a stratified random fraction of what
    ``fit`` receives; plain scikeras/Keras take its last fraction) is therefore carved
    from the training speakers and never contains a test speaker. The test fold is seen
    only by ``predict``/``predict_proba``. Note that the validation speakers are also
    training speakers (the split is by utterance), so early stopping is tuned on
    speakers the model trains on; it is never tuned on the test speaker.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skser.evaluation import evaluate
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 4)); y = np.repeat(["anger", "sadness"], 30)
    >>> X[y == "anger"] += 2
    >>> groups = np.tile(["s1", "s2", "s3"], 20)
    >>> res = evaluate(LogisticRegression(), X, y, groups)
    >>> len(res.folds), res.summary().loc["UAR", "mean"] > 0.8
    (3, np.True_)
    """
    y = np.asarray(y)
    n = _n_samples(X)
    if y.shape != (n,):
        raise ValueError(f"y has shape {y.shape}, expected ({n},) to match X")
    if groups is None and isinstance(X, pd.DataFrame) and "speaker" in X.columns:
        groups = X["speaker"].to_numpy()
    if groups is not None:
        groups = np.asarray(groups)
        if groups.shape != (n,):
            raise ValueError(f"groups has shape {groups.shape}, expected ({n},)")
    if groups is None and protocol != "random-kfold":
        raise ValueError(f"protocol={protocol!r} needs groups (speaker ids), e.g. "
                         "Bunch.groups from skser.datasets.load_corpus")
    if groups is not None and protocol in ("loso", "group-kfold") and len(set(groups)) < 2:
        raise ValueError(f"protocol={protocol!r} needs at least 2 speakers, got "
                         f"{len(set(groups))}")

    paths = _paths_of(X)
    ids = _ids_from_paths(paths, n)
    split_groups = _session_ids(X, groups) if protocol == "session" else groups
    seeds = _seeds(random_state, n_repeats)
    fit_params = dict(fit_params or {})

    # Stateless leading steps learn nothing: compute them once for all of X.
    estimator = clone(pipeline)
    if seeds[0] is not None:
        set_random_state(estimator, seeds[0])
    k = _stateless_prefix(estimator) if precompute else 0
    Xt = X
    precomputed = []
    if k:
        prefix = estimator[:k]
        precomputed = [name for name, _ in estimator.steps[:k]]
        Xt = prefix.fit_transform(X)
        estimator = estimator[k:]
        if len(estimator.steps) == 1 and not fit_params:
            estimator = estimator.steps[0][1]

    # folds of every repeat
    tasks = []
    for r, seed in enumerate(seeds):
        if protocol == "holdout" and test_groups is not None:
            splitter = _holdout_split(n, groups, _stems(paths, ids), test_groups)
        else:
            splitter = get_splitter(protocol, n_splits=n_splits, random_state=seed,
                                    test_size=test_size)
        use_groups = None if isinstance(splitter, (StratifiedKFold, PredefinedSplit)) \
            else split_groups
        for f, (train, test) in enumerate(splitter.split(np.zeros(n), y, use_groups)):
            tasks.append((r, f, seed, train, test))

    if isinstance(memory, (str, os.PathLike)):
        memory = os.path.expanduser(os.fspath(memory))
    fit_and_predict = check_memory(memory).cache(_fit_and_predict)
    cached = [fit_and_predict.check_call_in_cache(estimator, Xt, y, tr, te, seed, fit_params)
              for (_, _, seed, tr, te) in tasks] if memory is not None else [False] * len(tasks)
    parallel = Parallel(n_jobs=n_jobs, return_as="generator")
    gen = parallel(delayed(fit_and_predict)(estimator, Xt, y, tr, te, seed, fit_params)
                   for (_, _, seed, tr, te) in tasks)
    if verbose:
        from tqdm.auto import tqdm

        gen = tqdm(gen, total=len(tasks), desc=f"{protocol} folds", unit="fold")
    outputs = list(gen)

    labels = np.unique(y)
    fold_rows, fold_metrics, pred_frames = [], [], []
    for (r, f, seed, train, test), (y_pred, proba, classes, t_fit, t_pred), from_cache in zip(
            tasks, outputs, cached, strict=True):
        m = compute_metrics(y[test], y_pred, labels)
        tg = sorted(set(groups[test].astype(str))) if groups is not None else []
        fold_rows.append({
            "repeat": r, "fold": f, "seed": seed,
            "test_groups": ";".join(tg) if len(tg) <= 20 else f"{len(tg)} speakers",
            "n_train": len(train), "n_test": len(test),
            "wa": m["wa"], "uar": m["uar"], "macro_f1": m["macro_f1"],
            "fit_time": t_fit, "score_time": t_pred, "from_cache": bool(from_cache),
        })
        fold_metrics.append(m)
        pf = pd.DataFrame({
            "id": ids[test],
            "path": paths[test] if paths is not None else None,
            "speaker": groups[test] if groups is not None else None,
            "fold": f, "repeat": r, "y_true": y[test], "y_pred": y_pred,
        })
        if proba is not None:
            for j, c in enumerate(classes):
                pf[f"proba_{c}"] = proba[:, j]
        pred_frames.append(pf)
    predictions = pd.concat(pred_frames, ignore_index=True)
    params = {
        "n_samples": n, "n_splits": n_splits if protocol in ("group-kfold", "random-kfold")
        else len({t[1] for t in tasks}),
        "n_repeats": n_repeats, "random_state": random_state,
        "test_groups": None if test_groups is None else [str(t) for t in
                                                         np.asarray(test_groups).ravel()],
        "speakers": int(len(set(groups))) if groups is not None else None,
        "precomputed_steps": precomputed,
        "estimator": repr(pipeline),
        "metadata": dict(metadata or {}),
    }
    return EvaluationResult(protocol=protocol, labels=labels, seeds=seeds,
                            folds=pd.DataFrame(fold_rows), predictions=predictions,
                            fold_metrics=fold_metrics, params=params)


# --------------------------------------------------------------------------- cross-corpus


def _concat_X(parts):
    if all(isinstance(p, pd.DataFrame) for p in parts):
        return pd.concat(parts, ignore_index=True)
    if all(isinstance(p, np.ndarray) for p in parts) and len({p.shape[1:] for p in parts}) == 1:
        return np.concatenate(parts)
    out = []
    for p in parts:
        if isinstance(p, pd.DataFrame):
            raise ValueError("cross_corpus: mix DataFrame X with other X types is not supported")
        out.extend(list(p))
    return np.asarray(out, dtype=object) if all(isinstance(o, str) for o in out) else out


@validate_params(
    {
        "pipeline": [HasMethods(["fit", "predict"])],
        "train": [tuple, list],
        "test": [tuple],
        "labels": [StrOptions({"shared"}), "array-like"],
        "n_repeats": [Interval(Integral, 1, None, closed="left")],
        "random_state": [Integral, None],
        "n_jobs": [Integral, None],
        "verbose": ["verbose"],
        "metadata": [dict, None],
    },
    prefer_skip_nested_validation=True,
)
def cross_corpus(pipeline, train, test, *, labels="shared", n_repeats=1, random_state=0,
                 n_jobs=None, verbose=0, metadata=None):
    """Train on one corpus (or several) and test on another, on their shared classes.

    Parameters
    ----------
    pipeline : estimator
        Classifier or Pipeline; only clones are fitted.
    train : tuple (X, y, groups) or list of such tuples
        Training corpus or corpora; several are concatenated.
    test : tuple (X, y, groups)
        Test corpus.
    labels : "shared" or array-like of str, default="shared"
        ``"shared"`` keeps only the canonical emotions present in every training corpus
        and in the test corpus; an explicit list keeps those classes.
    n_repeats : int >= 1, default=1
        Refits with seeds ``random_state + r``.
    random_state : int or None, default=0
        Seed of the first repeat, set on every ``*random_state`` parameter.
    n_jobs : int or None, default=None
        Repeats fitted in parallel.
    verbose : int, default=0
        Progress bar over repeats when > 0.
    metadata : dict or None, default=None
        Provenance copied into reports.

    Returns
    -------
    result : EvaluationResult
        ``protocol="cross-corpus"``, one fold per repeat; ``params["labels_kept"]`` and
        the sample counts before/after the class restriction are recorded, with
        ``params["shared_classes"]`` (kept classes present in both training and test
        data), ``params["classes_unseen_in_training"]`` (test classes absent from the
        training data) and ``params["uar_shared"]`` (UAR over the test files of the
        shared classes, mean over repeats; equal to the UAR when no test class is
        unseen).

    Raises
    ------
    sklearn.utils._param_validation.InvalidParameterError
        If an argument has the wrong type or is out of range, e.g. ``labels`` neither
        ``"shared"`` nor a list (a :class:`ValueError` naming the argument).
    ValueError
        If fewer than two classes are shared.

    Warns
    -----
    UserWarning
        If a test class of an explicit ``labels`` list never occurs in the training
        data (naming it): the model can never predict it, its recall is 0 and the UAR
        counts it; ``params["uar_shared"]`` leaves it out. ``labels="shared"`` never
        warns, since it keeps only classes of every corpus.

    See Also
    --------
    evaluate : Speaker-independent evaluation on one corpus.
    """
    if isinstance(train, tuple):
        train = [train]
    train = [tuple(t) for t in train]
    if isinstance(labels, str):  # "shared"
        keep = set(np.unique(np.asarray(test[1])).astype(str))
        for t in train:
            keep &= set(np.unique(np.asarray(t[1])).astype(str))
    else:
        keep = {str(c) for c in labels}
    keep = sorted(str(c) for c in keep)
    if len(keep) < 2:
        raise ValueError(f"cross_corpus: fewer than 2 shared classes ({keep}); "
                         "harmonize the labels first (skser.datasets.harmonize_labels)")

    def restrict(X, y, g):
        y = np.asarray(y).astype(str)
        mask = np.isin(y, keep)
        idx = np.flatnonzero(mask)
        g = np.asarray(g) if g is not None else np.full(len(y), "", dtype=object)
        return _safe_indexing(X, idx), y[idx], g[idx]

    parts = [restrict(*t) for t in train]
    Xtr = _concat_X([p[0] for p in parts])
    ytr = np.concatenate([p[1] for p in parts])
    gtr = np.concatenate([p[2] for p in parts])
    Xte, yte, gte = restrict(*test)
    n_tr, n_te = len(ytr), len(yte)
    shared = sorted(map(str, set(ytr) & set(yte)))
    unseen = sorted(map(str, set(yte) - set(ytr)))
    if unseen:
        warnings.warn(
            f"cross_corpus: test class(es) {', '.join(map(repr, unseen))} never occur in "
            "the training data, so the model can never predict them; their recall is 0 "
            f"and the UAR counts them. params['uar_shared'] is the UAR on the "
            f"{len(shared)} class(es) of both: {', '.join(shared)}",
            UserWarning, stacklevel=3)  # the caller, past validate_params' wrapper
    # One fold: train = first block, test = second block.
    Xall = _concat_X([Xtr, Xte])
    yall = np.concatenate([ytr, yte])
    gall = np.concatenate([gtr.astype(object), gte.astype(object)])
    mask = np.r_[np.zeros(n_tr, bool), np.ones(n_te, bool)]
    result = evaluate(pipeline, Xall, yall, gall, protocol="holdout", test_groups=mask,
                      n_repeats=n_repeats, random_state=random_state, n_jobs=n_jobs,
                      verbose=verbose, metadata=metadata)
    result.protocol = "cross-corpus"
    result.protocol_description = _PROTOCOL_TEXT["cross-corpus"]
    pred = result.predictions
    with warnings.catch_warnings():  # y_pred may hold classes of the training data only
        warnings.simplefilter("ignore")
        scores = [compute_metrics(p["y_true"], p["y_pred"], shared)["uar"]
                  for _, p in pred[pred["y_true"].isin(shared)].groupby("repeat")]
    uar_shared = float(np.mean(scores)) if scores else float("nan")
    result.params.update({
        "labels_kept": keep,
        "shared_classes": shared,
        "classes_unseen_in_training": unseen,
        "uar_shared": uar_shared,
        "n_train": n_tr, "n_test": n_te,
        "n_train_before": int(sum(len(np.asarray(t[1])) for t in train)),
        "n_test_before": int(len(np.asarray(test[1]))),
        "test_groups": None,
    })
    return result
