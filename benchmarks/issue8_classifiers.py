"""Issue 8 lab notebook, section 15: shrinkage LDA in place of the linear SVM.

Same cached features, class-balanced per-speaker normalization, block weights and
LOSO folds as the shipped ``speaker-norm-fusion-svm`` (``speaker_independent.py``);
only the classifier changes: ``LinearDiscriminantAnalysis(solver="lsqr",
shrinkage="auto")`` with uniform priors against ``SVC(linear, C=3)`` (run on a
precomputed linear kernel, the same model). The nested row picks SVM or LDA per
outer fold by the UAR of an inner ``GroupKFold(3)`` over the training speakers only.
With ``--vote`` (section 16) it runs instead the Platt-scaled SVM and LDA and their
equal-weight soft vote. Prints WA / UAR of the pooled out-of-fold predictions.

Usage::

    python benchmarks/issue8_classifiers.py --corpus emodb      # ~7 min on 2 cores
    python benchmarks/issue8_classifiers.py --corpus ravdess    # ~31 min
    python benchmarks/issue8_classifiers.py --corpus emodb --vote
    python benchmarks/issue8_classifiers.py --corpus emodb --vote --calibrate-by-speaker
"""

import argparse
import time

import issue8_lab as lab
import numpy as np
from issue8_lab import balanced_stats, plain_stats
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.covariance import ledoit_wolf_shrinkage
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.metrics import accuracy_score, balanced_accuracy_score
from sklearn.model_selection import GroupKFold, LeaveOneGroupOut
from sklearn.svm import SVC


class _LinearKernelSVC(ClassifierMixin, BaseEstimator):
    """``SVC(kernel="linear", C)`` through a precomputed kernel (faster for d >> n)."""

    def __init__(self, C=3.0):
        self.C = C

    def fit(self, X, y):
        self.X_ = X
        self.svc_ = SVC(kernel="precomputed", C=self.C).fit(X @ X.T, y)
        self.classes_ = self.svc_.classes_
        return self

    def decision_function(self, X):
        return self.svc_.decision_function(X @ self.X_.T)

    def predict(self, X):
        return self.svc_.predict(X @ self.X_.T)


class _WoodburyLDA(ClassifierMixin, BaseEstimator):
    """``LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto", priors)``, fast for d >> n.

    scikit-learn's pooled covariance is ``sum_k prior_k * cov_k`` with each class's
    ``cov_k`` the Ledoit-Wolf estimate on standardized features, rescaled:
    ``(1 - a_k) S_k + a_k mu_k diag(scale_k**2)``, i.e. a rank-n term plus a diagonal.
    It then solves ``lstsq(cov, means.T)``, O(d**3) (6781 features: ~10 min per fit
    here); the Woodbury identity solves the same system in O(d n**2). The shrinkage
    ``a_k`` comes from scikit-learn's own ``ledoit_wolf_shrinkage``; ``test_equivalence``
    checks the coefficients against scikit-learn.
    """

    def __init__(self, priors):
        self.priors = priors

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        means, U, diag = [], [], np.zeros(X.shape[1])
        for k, c in enumerate(self.classes_):
            Xk = X[y == c]
            mean, std = Xk.mean(axis=0), Xk.std(axis=0)
            std[std == 0] = 1.0  # as StandardScaler
            Z = (Xk - mean) / std
            a = ledoit_wolf_shrinkage(Z)
            mu = np.sum(Z ** 2) / Xk.shape[0] / X.shape[1]
            means.append(mean)
            U.append(np.sqrt(self.priors[k] * (1 - a) / len(Xk)) * (Xk - mean))
            diag += self.priors[k] * a * mu * std ** 2
        M, U = np.array(means), np.vstack(U)  # U: (n, d), covariance = U.T U + diag
        rhs = M.T / diag[:, None]
        inner = np.eye(len(U)) + (U / diag) @ U.T
        sol = rhs - (U.T / diag[:, None]) @ np.linalg.solve(inner, U @ rhs)
        self.coef_ = sol.T
        self.intercept_ = -0.5 * np.sum(M * self.coef_, axis=1) + np.log(self.priors)
        return self

    def decision_function(self, X):
        return X @ self.coef_.T + self.intercept_

    def predict(self, X):
        return self.classes_[np.argmax(self.decision_function(X), axis=1)]


def test_equivalence():
    """Coefficients of _WoodburyLDA equal scikit-learn's on a d >> n problem."""
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(90, 400)), np.repeat(np.arange(3), 30)
    X[:, :5] += y[:, None]
    X[:, 7] = 1.0  # a constant feature
    priors = np.full(3, 1 / 3)
    ref = LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto", priors=priors).fit(X, y)
    fast = _WoodburyLDA(priors).fit(X, y)
    np.testing.assert_allclose(fast.coef_, ref.coef_, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(fast.intercept_, ref.intercept_, rtol=1e-6, atol=1e-8)


def make_classifier(name, classes, cv=5):
    if name == "svm":
        return _LinearKernelSVC(C=3.0)
    if name == "lda":
        return _WoodburyLDA(priors=np.full(len(classes), 1 / len(classes)))
    # "svm-platt" / "lda-platt": as speaker-norm-vote's Platt-scaled SVM member
    return CalibratedClassifierCV(make_classifier(name.split("-")[0], classes),
                                  method="sigmoid", cv=cv, ensemble=False)


def normalize(F, y, groups, rows, scale, labelled):
    """Per-speaker standardization of ``F[rows]``: class-balanced if labelled, else plain."""
    out = np.empty((len(rows), F.shape[1]))
    for g in np.unique(groups[rows]):
        r = groups[rows] == g
        m, s = balanced_stats(F[rows][r], y[rows][r]) if labelled else plain_stats(F[rows][r])
        out[r] = (F[rows][r] - m) / s
    return out * scale


def fit_predict(name, F, y, groups, tr, te, scale, classes, proba=False, by_speaker=False):
    Xtr = normalize(F, y, groups, tr, scale, labelled=True)
    Xte = normalize(F, y, groups, te, scale, labelled=False)
    # Platt folds: by utterance (StratifiedKFold(5)) or by training speaker (section 17)
    cv = list(GroupKFold(n_splits=5).split(Xtr, y[tr], groups[tr])) if by_speaker else 5
    clf = make_classifier(name, classes, cv).fit(Xtr, y[tr])
    return clf.predict_proba(Xte) if proba else clf.predict(Xte)


def vote_rows(F, y, groups, scale, classes, t0, by_speaker=False):
    """Platt SVM, Platt LDA and their equal-weight soft vote (sections 16 and 17)."""
    members = {"SVM, C=3, Platt probabilities": "svm-platt",
               "shrinkage LDA, Platt probabilities": "lda-platt"}
    P = {k: np.zeros((len(y), len(classes))) for k in members}
    for k, (tr, te) in enumerate(LeaveOneGroupOut().split(F, y, groups)):
        for label, name in members.items():
            P[label][te] = fit_predict(name, F, y, groups, tr, te, scale, classes,
                                       proba=True, by_speaker=by_speaker)
        print(f"fold {k + 1}: {groups[te][0]} done ({time.perf_counter() - t0:.0f} s)",
              flush=True)
    P["vote: equal-weight average of the two"] = sum(P.values()) / 2
    return {label: classes[p.argmax(axis=1)] for label, p in P.items()}


def main(argv=None):
    ap = lab.add_arguments(argparse.ArgumentParser(description=__doc__.split("\n")[0]))
    ap.add_argument("--no-nested", action="store_true", help="skip the nested row")
    ap.add_argument("--vote", action="store_true",
                    help="section 16 instead: Platt SVM, Platt LDA and their soft vote")
    ap.add_argument("--calibrate-by-speaker", action="store_true",
                    help="with --vote (section 17): Platt folds GroupKFold(5) over the "
                         "training speakers instead of 5 stratified utterance folds")
    args = ap.parse_args(argv)
    test_equivalence()
    y, groups, _, F, scale = lab.winner_blocks(args)
    classes = np.unique(y)

    t0 = time.perf_counter()
    if args.vote:
        pred = vote_rows(F, y, groups, scale, classes, t0, args.calibrate_by_speaker)
        print(f"\n{args.corpus}: LOSO, {len(np.unique(groups))} folds, "
              f"{time.perf_counter() - t0:.0f} s in all")
        print("| classifier | WA % | UAR % |\n|---|---|---|")
        for label, p in pred.items():
            print(f"| {label} | {100 * accuracy_score(y, p):.1f} | "
                  f"{100 * balanced_accuracy_score(y, p):.1f} |")
        return
    rows = {"SVM, C=3 (shipped)": "svm", "shrinkage LDA": "lda"}
    pred = {k: np.empty_like(y) for k in rows}
    nested, picks = np.empty_like(y), {"svm": 0, "lda": 0}
    seconds = dict.fromkeys(rows, 0.0)
    for k, (tr, te) in enumerate(LeaveOneGroupOut().split(F, y, groups)):
        for label, name in rows.items():
            t = time.perf_counter()
            pred[label][te] = fit_predict(name, F, y, groups, tr, te, scale, classes)
            seconds[label] += time.perf_counter() - t
        if not args.no_nested:
            inner = {}
            for name in rows.values():
                p = np.empty(len(tr), dtype=y.dtype)
                for itr, ite in GroupKFold(n_splits=3).split(tr, y[tr], groups[tr]):
                    p[ite] = fit_predict(name, F, y, groups, tr[itr], tr[ite], scale, classes)
                inner[name] = balanced_accuracy_score(y[tr], p)
            best = max(inner, key=inner.get)  # ties: the SVM (first)
            picks[best] += 1
            nested[te] = pred[next(lb for lb, n in rows.items() if n == best)][te]
        print(f"fold {k + 1}: {groups[te][0]} done ({time.perf_counter() - t0:.0f} s)",
              flush=True)
    print(f"\n{args.corpus}: LOSO, {len(np.unique(groups))} folds, "
          f"{time.perf_counter() - t0:.0f} s in all")
    print("| classifier | WA % | UAR % | LOSO fit+predict s |\n|---|---|---|---|")
    for label in rows:
        print(f"| {label} | {100 * accuracy_score(y, pred[label]):.1f} | "
              f"{100 * balanced_accuracy_score(y, pred[label]):.1f} | {seconds[label]:.0f} |")
    if not args.no_nested:
        print(f"| nested: SVM or LDA per outer fold by inner GroupKFold(3) UAR "
              f"(picks: SVM {picks['svm']}, LDA {picks['lda']}) | "
              f"{100 * accuracy_score(y, nested):.1f} | "
              f"{100 * balanced_accuracy_score(y, nested):.1f} | |")


if __name__ == "__main__":
    main()
