"""Issue 8 lab notebook, section 14: pseudo-label class-balanced test normalization.

The shipped ``speaker-norm-fusion-svm`` standardizes each training speaker with
class-balanced statistics but the unseen test speaker with plain statistics of its own
utterances. Here the test speaker's statistics are recomputed class-balanced with the
classifier's own predicted labels, ``n_iter`` times (A), optionally followed by one
round of self-training on the test speaker's pseudo-labelled utterances (B). Same
cached features, block weights, C and LOSO folds as ``speaker_independent.py``; the
SVM runs on a precomputed linear kernel (the same model as ``SVC(kernel=linear_kernel)``
on the weighted blocks). Prints WA / UAR of the pooled out-of-fold predictions.

Usage::

    python benchmarks/issue8_transductive.py --corpus emodb      # ~1 min on 2 cores
    python benchmarks/issue8_transductive.py --corpus ravdess    # ~15 min
"""

import argparse
import time

import issue8_lab as lab
import numpy as np
from issue8_lab import balanced_stats, plain_stats
from sklearn.metrics import accuracy_score, balanced_accuracy_score
from sklearn.model_selection import LeaveOneGroupOut
from sklearn.svm import SVC


def main(argv=None):
    ap = lab.add_arguments(argparse.ArgumentParser(description=__doc__.split("\n")[0]))
    ap.add_argument("--n-iter", type=int, default=2,
                    help="rounds of pseudo-label class-balanced normalization (A)")
    args = ap.parse_args(argv)
    y, groups, _, F, scale = lab.winner_blocks(args)

    rounds = [f"A, round {k}" for k in range(1, args.n_iter + 1)]
    names = ["shipped pipeline (plain test statistics)", *rounds,
             "B: A + one round of self-training on the test speaker"]
    pred = {n: np.empty_like(y) for n in names}
    changed = {n: 0 for n in rounds}
    t0 = time.perf_counter()
    for tr, te in LeaveOneGroupOut().split(F, y, groups):
        Xtr = np.empty((len(tr), F.shape[1]))
        for g in np.unique(groups[tr]):
            r = groups[tr] == g
            m, s = balanced_stats(F[tr][r], y[tr][r])
            Xtr[r] = (F[tr][r] - m) / s
        Xtr *= scale
        svm = SVC(kernel="precomputed", C=3.0).fit(Xtr @ Xtr.T, y[tr])

        def predict(stats, model=svm, Xfit=Xtr, te=te):
            Xte = (F[te] - stats[0]) / stats[1] * scale
            return model.predict(Xte @ Xfit.T), Xte

        labels, Xte = predict(plain_stats(F[te]))
        pred[names[0]][te] = labels
        for name in rounds:
            new, Xte = predict(balanced_stats(F[te], labels))
            changed[name] += int((new != labels).sum())
            labels = pred[name][te] = new
        Xall = np.vstack([Xtr, Xte])
        self_trained = SVC(kernel="precomputed", C=3.0).fit(
            Xall @ Xall.T, np.concatenate([y[tr], labels]))
        pred[names[-1]][te] = self_trained.predict(Xte @ Xall.T)
    print(f"{args.corpus}: {len(np.unique(groups))} LOSO folds, "
          f"{time.perf_counter() - t0:.0f} s")
    print("| pipeline | WA % | UAR % | test labels changed |\n|---|---|---|---|")
    for n in names:
        print(f"| {n} | {100 * accuracy_score(y, pred[n]):.1f} | "
              f"{100 * balanced_accuracy_score(y, pred[n]):.1f} | {changed.get(n, '')} |")


if __name__ == "__main__":
    main()
