"""Issue 8 lab notebook, section 12: three SVM-side ideas, EMO-DB LOSO (all failed).

Each idea changes one thing of the shipped ``speaker-norm-fusion-svm`` pipeline on
the cached features of ``speaker_independent.py`` (same cache, same folds) and prints
WA / UAR of the pooled out-of-fold predictions:

* prior matching / EM label-shift adaptation of each test speaker's Platt
  probabilities;
* extra training copies of each speaker, standardized with the statistics of random
  subsets of its utterances (mimicking the test speaker's class-skewed statistics);
* late fusion: one Platt SVM per feature block instead of one kernel over all.

Usage::

    python benchmarks/issue8_svm_ideas.py --corpus emodb    # ~2 min on 2 cores
"""

import argparse

import issue8_lab as lab
import numpy as np
import speaker_independent as si
from issue8_lab import balanced_stats, plain_stats
from sklearn.calibration import CalibratedClassifierCV
from sklearn.metrics import accuracy_score, balanced_accuracy_score
from sklearn.metrics.pairwise import linear_kernel
from sklearn.model_selection import LeaveOneGroupOut
from sklearn.svm import SVC


def match_prior(p, q, iters=200):
    """Rescale class columns until the mean probability equals ``q``."""
    w = np.ones(p.shape[1])
    for _ in range(iters):
        r = p * w
        r /= r.sum(1, keepdims=True)
        w *= q / r.mean(0)
    return r


def em_label_shift(p, q, iters=100):
    """Saerens et al. (2002): EM estimate of the test prior, posteriors adjusted."""
    qt = q.copy()
    for _ in range(iters):
        r = p * (qt / q)
        r /= r.sum(1, keepdims=True)
        qt = r.mean(0)
    return r


def main(argv=None):
    args = lab.add_arguments(argparse.ArgumentParser(description=__doc__.split("\n")[0]))\
        .parse_args(argv)
    y, groups, B, F, scale = lab.winner_blocks(args)
    W = si.WINNER_WEIGHTS
    block = np.concatenate([np.full(B[n].shape[1], i) for i, n in enumerate(W)])
    classes = np.unique(y)
    folds = list(LeaveOneGroupOut().split(F, y, groups))

    def report(name, P_or_pred):
        pred = P_or_pred if P_or_pred.ndim == 1 else classes[P_or_pred.argmax(1)]
        print(f"| {name} | {100 * accuracy_score(y, pred):.1f} | "
              f"{100 * balanced_accuracy_score(y, pred):.1f} |", flush=True)

    def platt(Xtr, ytr, Xte, ensemble):
        svm = CalibratedClassifierCV(SVC(kernel=linear_kernel, C=3.0), method="sigmoid",
                                     cv=5, ensemble=ensemble)
        return svm.fit(Xtr, ytr).predict_proba(Xte)

    def training_rows(tr, copies, rng, subset="uniform"):
        """Class-balanced copy of each training speaker, plus ``copies`` noisy ones."""
        Xs, ys = [], []
        for g in np.unique(groups[tr]):
            r = tr[groups[tr] == g]
            m, s = balanced_stats(F[r], y[r])
            Xs.append((F[r] - m) / s)
            ys.append(y[r])
            for _ in range(copies):
                if subset == "uniform":
                    n = max(5, int(rng.uniform(0.5, 1.0) * len(r)))
                    sub = rng.choice(len(r), n, replace=False)
                else:  # Dirichlet(2) class weights, resampled with replacement
                    cs = np.unique(y[r])
                    w = dict(zip(cs, rng.dirichlet(np.full(len(cs), 2.0)), strict=True))
                    p = np.array([w[c] / (y[r] == c).sum() for c in y[r]])
                    sub = rng.choice(len(r), len(r), replace=True, p=p / p.sum())
                m, s = plain_stats(F[r][sub])
                Xs.append((F[r] - m) / s)
                ys.append(y[r])
        return np.vstack(Xs) * scale, np.concatenate(ys)

    print("| idea | WA % | UAR % |\n|---|---|---|")
    P = {k: np.zeros((len(y), len(classes))) for k in ("ship", "early", "late")}
    adapted = {k: np.zeros_like(P["ship"]) for k in ("match", "uniform", "em")}
    for tr, te in folds:
        Xtr, ytr = training_rows(tr, 0, None)
        m, s = plain_stats(F[te])
        Xte = (F[te] - m) / s * scale
        P["ship"][te] = platt(Xtr, ytr, Xte, ensemble=False)
        P["early"][te] = platt(Xtr, ytr, Xte, ensemble=True)
        for b, n in enumerate(W):
            sel = block == b
            P["late"][te] += W[n] * platt(Xtr[:, sel] / np.sqrt(W[n]), ytr,
                                          Xte[:, sel] / np.sqrt(W[n]), ensemble=True)
        prior = np.array([(y[tr] == c).mean() for c in classes])
        adapted["match"][te] = match_prior(P["ship"][te], prior)
        adapted["uniform"][te] = match_prior(P["ship"][te], np.full(len(classes),
                                                                    1 / len(classes)))
        adapted["em"][te] = em_label_shift(P["ship"][te], prior)
    report("shipped pipeline (Platt probabilities, ensemble=False)", P["ship"])
    report("prior matching per test speaker (training prior)", adapted["match"])
    report("prior matching per test speaker (uniform prior)", adapted["uniform"])
    report("EM label-shift adaptation per test speaker", adapted["em"])
    for subset in ("uniform", "dirichlet"):
        rng = np.random.default_rng(0)
        pred = np.empty_like(y)
        for tr, te in folds:
            Xtr, ytr = training_rows(tr, 4, rng, subset)
            m, s = plain_stats(F[te])
            Xte = (F[te] - m) / s * scale
            pred[te] = SVC(kernel="precomputed", C=3.0).fit(Xtr @ Xtr.T, ytr).predict(
                Xte @ Xtr.T)
        report(f"+ 4 copies per training speaker, statistics of random subsets ({subset})",
               pred)
    report("early fusion, Platt ensemble=True (reference for late fusion)", P["early"])
    report("late fusion: one Platt SVM per block, weighted 0.7/0.15/0.15", P["late"])


if __name__ == "__main__":
    main()
