"""The benchmark scripts' logic on made-up result files (no training, no corpora)."""

import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))

import accuracy  # noqa: E402
import make_tables  # noqa: E402


def _acc(corpus, recipe, proto, was, command, **extra):
    return {"kind": "accuracy", "recipe": recipe, "corpus": corpus, "protocol": proto,
            "n_classes": 7, "seeds": list(range(len(was))), "command": command,
            "runs": [{"seed": i, "wa": w, "uar": w - 0.01, "wall_seconds": 60.0}
                     for i, w in enumerate(was)],
            "wall_seconds_per_seed": 60.0, "epochs": None, **extra}


@pytest.fixture
def results(tmp_path):
    folder = tmp_path / "results"
    folder.mkdir()
    docs = {
        "accuracy_emodb_issa2020_loso.json": _acc(
            "emodb", "issa2020", "loso", [0.60, 0.62], "python benchmarks/accuracy.py --x 1",
            published=86.1, published_note="Issa et al. 2020", epochs=200, default_epochs=40,
            epochs_overridden=True),
        "accuracy_emodb_compare-svm_loso.json": _acc(
            "emodb", "compare-svm", "loso", [0.78], "python benchmarks/accuracy.py --z 3",
            deterministic=True),
        "accuracy_ravdess_compare-svm_loso.json": _acc(
            "ravdess", "compare-svm", "loso", [0.59], "python benchmarks/accuracy.py --y 2",
            deterministic=True),
        "speaker_normalization_emodb.json": {
            "kind": "speaker_normalization", "corpus": "emodb", "n_files": 535, "n_classes": 7,
            "command": "python benchmarks/speaker_normalization.py --corpus emodb",
            "rows": [{"label": "recipe row", "wa": 84.5, "uar": 84.0, "fold_uar_std": 4.0,
                      "seconds": 26},
                     {"label": "other row", "wa": 70.0, "uar": 69.0, "command": "cmd-b",
                      "note": "kernel"}]},
    }
    for name, doc in docs.items():
        (folder / name).write_text(json.dumps(doc))
    return folder


def _render(results, tmp_path):
    out = tmp_path / "benchmarks.md"
    missing = make_tables.main(["--results", str(results), "--output", str(out)])
    return out.read_text(), missing


def test_rows_show_their_command_and_mean_std(results, tmp_path):
    text, _ = _render(results, tmp_path)
    row = next(line for line in text.splitlines()
               if line.startswith("| issa2020") and "LOSO" in line)
    assert "`python benchmarks/accuracy.py --x 1`" in row
    assert "61.0 ± 1.0" in row and "LOSO" in row and "200 (raised from 40)" in row
    svm = next(line for line in text.splitlines()
               if line.startswith("| compare-svm") and "--y 2" in line)
    assert "1 (deterministic)" in svm and "LOSO" in svm
    assert "59.0 |" in svm and "±" not in svm
    assert "python benchmarks/make_tables.py" in text.split("## Accuracy")[0]


def test_shortfall_and_published_notes(results, tmp_path):
    text, _ = _render(results, tmp_path)
    assert "61.0 % WA vs 86.1 % published" in text
    assert "published figure = Issa et al. 2020" in text


def test_rows_give_their_own_commands(results, tmp_path):
    text, _ = _render(results, tmp_path)
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert any("--z 3" in line for line in rows if line.startswith("| compare-svm"))
    assert any("--x 1" in line for line in rows if line.startswith("| issa2020 |"))


def test_normalization_rows_use_their_own_command(results, tmp_path):
    text, _ = _render(results, tmp_path)
    row = next(line for line in text.splitlines() if line.startswith("| recipe row"))
    assert "`python benchmarks/speaker_normalization.py --corpus emodb`" in row
    other = next(line for line in text.splitlines() if line.startswith("| other row"))
    assert "`cmd-b` (kernel)" in other


def test_missing_result_file_is_reported(results, tmp_path):
    text, missing = _render(results, tmp_path)
    assert "accuracy_emodb_means193-svm_loso.json" in missing
    assert "accuracy_emodb_issa2020_loso.json" not in missing
    assert "missing: `accuracy_emodb_means193-svm_loso.json`" in text


def test_command_line_exit_status(results, tmp_path):
    cmd = [sys.executable, os.path.join(ROOT, "benchmarks", "make_tables.py"),
           "--results", str(results), "--output", str(tmp_path / "page.md")]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "missing result file: accuracy_ravdess_issa2020_paper.json" in proc.stderr


def test_curve_clause_reads_the_learning_curve():
    runs = [{"val_uar": [0.1] * 20 + [0.5] * 30}]
    text = make_tables.curve_clause({"runs": runs}, 10)
    assert "at 10 epochs" in text and "10.0 % validation UAR" in text
    assert "best (50.0 % at epoch 30)" in text and "more epochs would help" in text
    assert "stops at 50 epochs" in make_tables.curve_clause({"runs": runs}, 80)
    dip = [{"val_uar": [0.1] * 20 + [0.5] * 30 + [0.2] * 10}]  # best before the row's epochs
    assert "more epochs would help" not in make_tables.curve_clause({"runs": dip}, 60)


def test_committed_results_render_without_missing_rows(tmp_path):
    folder = os.path.join(ROOT, "benchmarks", "results")
    text, missing = _render(folder, tmp_path)
    assert missing == []
    docs = {}
    for name in os.listdir(folder):
        with open(os.path.join(folder, name)) as f:
            docs[name] = json.load(f)
    head, rest = text.split("## The published systems", 1)
    systems, tail = rest.split("\n## ", 1)
    # the accuracy tables: a row per recipe, corpus and protocol they list, each with
    # the command of its result file
    table = [d for d in docs.values() if d.get("kind") == "accuracy"
             and d["recipe"] in make_tables.ROWS.get(d["corpus"], ())
             and d["protocol"] in make_tables.PROTO]
    assert len(table) == sum(len(r) for r in make_tables.ROWS.values()) * len(make_tables.PROTO)
    # the epoch-selection and augmentation tables: a row per result file
    scans = [d for d in docs.values() if d.get("kind") in ("epoch_selection",
                                                            "augmentation_split",
                                                            "duplication")]
    assert (head + tail).count("`python benchmarks/accuracy.py") == len(table) + len(scans)
    # the published systems: a row per planned row, measured or with its command
    assert systems.count("`python benchmarks/accuracy.py") == sum(
        len(system["rows"]) for system in make_tables.SYSTEMS)
    for name, d in docs.items():  # every result of accuracy.py shows its command
        if d.get("kind") in ("accuracy", "epoch_selection", "augmentation_split",
                             "duplication"):
            assert f"`{d['command']}`" in text, name


def test_normalization_rows_are_recipe_parameters():
    import speaker_normalization as sn

    assert set(sn.MAIN) <= set(sn.ROWS) and sn.ROWS["recipe"][1] == {}
    weights = sn.block_weights(sn.DIMS)["blocks__transformer_weights"]
    assert weights == pytest.approx({"compare": 1.0, "egemaps": 1.0, "logmel": 1.0})
    no_egemaps = sn.ROWS["no-egemaps"][1]["blocks__transformer_weights"]
    assert no_egemaps["egemaps"] == 0.0 and no_egemaps["compare"] == pytest.approx(
        (0.7 / 6373) ** 0.5)


# --------------------------------------------------------------------------- leakage.py


def test_epoch_scan_last_epoch_is_what_the_classifier_predicts(tmp_path):
    """The per-epoch test labels of leakage.py: the last epoch's are predict()'s, the best
    epoch is the one with the highest test accuracy, and a second run reads the cache."""
    import leakage
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    from skser.models import Deep1DCNN

    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 20)).astype(np.float32)
    y = np.where(X[:, 0] + 0.3 * rng.normal(size=60) > 0, "anger", "sadness")
    clf = Deep1DCNN(epochs=4, random_state=0, batch_size=16, layers=("conv1", "relu",
                    "flatten", "dense", "softmax"), validation_split=0.0, patience=None)
    train, test = np.arange(40), np.arange(40, 60)
    per_epoch, classes, _ = leakage.scan_fold(clf, X[train], y[train], X[test])
    assert per_epoch.shape == (4, 20)
    from sklearn.base import clone

    fitted = clone(clf).fit(X[train], y[train])
    np.testing.assert_array_equal(classes[per_epoch[-1]], fitted.predict(X[test]))

    splitter = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
    groups = np.repeat(np.arange(6), 10)
    scan = leakage.run_epoch_scan(clf, X, y, groups, splitter, 0, str(tmp_path))
    assert scan["n_epochs"] == 4 and len(scan["best_epochs"]) == 3
    for curve, best in zip(scan["fold_curves"], scan["best_epochs"], strict=True):
        assert curve[best - 1] == max(curve)
    fixed_acc = np.mean(scan["fixed"] == y)
    assert np.mean(scan["best_on_test"] == y) >= fixed_acc  # per fold, best >= last
    again = leakage.run_epoch_scan(clf, X, y, groups, splitter, 0, str(tmp_path))
    assert again["resumed_folds"] == 3
    np.testing.assert_array_equal(again["best_on_test"], scan["best_on_test"])


def test_published_system_tables_show_each_protocol_or_its_command(monkeypatch):
    """A system's rows read their selection from the result file, give the gap to the
    published figure, and a row not measured yet names the command that measures it."""
    # the stacked Conv1D on RAVDESS speech + song: leak and clean row in one file
    systems = make_tables.SYSTEMS
    system = next(s for s in systems if "RAVDESS speech + song, 10" in s["title"])
    monkeypatch.setattr(make_tables, "SYSTEMS", (system,))
    name = system["rows"][0][2]
    run = {"fixed": {"wa": 0.40, "uar": 0.38}, "best_on_test": {"wa": 0.52, "uar": 0.50}}
    doc = {"kind": "epoch_selection", "recipe": "conv1d-mfcc", "corpus": "ravdess-both",
           "protocol": "holdout", "seeds": [0, 1], "epochs": 300,
           "runs": [run, dict(run, best_on_test={"wa": 0.56, "uar": 0.52})],
           "command": "python benchmarks/accuracy.py --select-epoch best-on-test"}
    out, pending = [], []
    make_tables.published_systems({name: doc}, out, pending)
    rows = [line for line in out if line.startswith("| as published |")]
    assert "| 54.0 ± 2.0 | 51.0 ± 1.0 |" in rows[0] and "| -16.0 |" in rows[0]
    clean = next(line for line in out if line.startswith("| without the leak |")
                 and "40.0 ± 0.0" in line)
    assert "| -30.0 |" in clean
    note = next(line for line in out if "points from the published" in line)
    assert note.startswith("- **as published: 54.0 % WA, -16.0 points from")
    assert "selecting the epoch on the test data" in note and "(+14.0 points)" in note
    loso = next(row for row in system["rows"] if row[0] == "speaker-independent")
    assert loso[4] in pending  # no file
    assert f"not measured yet | | | | | `{loso[4]}` |" in "\n".join(out)
    # a second as-published row (the repository's network): one note names both
    repository = next(row[2] for row in system["rows"] if "repository" in row[0])
    out = []
    make_tables.published_systems({name: doc, repository: dict(doc, epochs=700)}, out, [])
    notes = [line for line in out if "points from the published" in line]
    assert len(notes) == 1 and notes[0].startswith(
        "- **as published: 54.0 % WA, -16.0 points; as published, the repository's network: "
        "54.0 % WA, -16.0 points from the published 70 %.**")
    for suffix, settings in (make_tables.REPOSITORY_NETWORK, make_tables.ORIGINAL_NOTEBOOK):
        # each --set run's own file name
        assert accuracy.settings_suffix(accuracy.parse_settings(settings.split())) == suffix
    for _, _, name, _, command in make_tables.duplication_rows(
            (("after", "fixed", "a", "b"), ("before", "fixed", "c", "d"))):
        argv = command.split()
        copies = accuracy.parse_duplicates([argv[argv.index("--duplicate") + 1]])
        split = argv[argv.index("--duplicate-split") + 1]
        assert name == (f"duplication_ravdess+savee_conv1d-mfcc_{split}"
                        f"{accuracy.duplication_suffix(copies)}"
                        f"{make_tables.ORIGINAL_NOTEBOOK[0]}.json")
    suffix, settings = make_tables.REPOSITORY_NETWORK
    assert any(row[2].endswith(suffix + ".json") and settings in row[4]
               for row in system["rows"])
    for system in systems:  # every planned command is one accuracy.py takes
        for *_, command in system["rows"]:
            argv = command.split()[2:]
            assert argv[argv.index("--recipes") + 1] in accuracy.TASKS
            recipe = argv[argv.index("--recipes") + 1]
            assert argv[argv.index("--corpus") + 1] in accuracy.TASKS[recipe]


def test_a_system_says_which_measured_protocol_reproduces_its_figure():
    rows = [("as published", 81.7), ("one split, epoch chosen on the test part", 84.0),
            ("speaker-independent", 62.2)]
    note = make_tables.reproduction_note(rows, 86.1)
    assert note.startswith("- **Reproduced within 3 points by: \"one split, epoch chosen")
    assert "(84.0 % WA, -2.1)" in note and "as published" not in note
    note = make_tables.reproduction_note(rows[::2], 86.1)
    assert note.startswith("- **None of the 2 rows measured reproduces the published 86.1 %")
    assert "the closest is \"as published\" (81.7 % WA, -4.4)" in note
    note = make_tables.reproduction_note(rows[2:], 86.1)
    assert note.startswith("- **The one row measured, \"speaker-independent\" (62.2 % WA")


def test_rows_say_how_many_of_their_seeds_have_run():
    doc = {"seeds": [0], "command": "python benchmarks/accuracy.py --seeds 0 1 2 --epochs 9"}
    assert make_tables.seeds_text(doc) == "0 (1 of 3 so far)"
    assert make_tables.seeds_text(dict(doc, seeds=[0, 1, 2])) == "0, 1, 2"
    assert make_tables.seeds_text({"seeds": [0], "deterministic": True}) == "1 (deterministic)"
    assert make_tables.seeds_text({"seeds": [3], "command": "x --seeds 3"}) == "3"


def test_epoch_selection_rows_show_what_the_selection_adds():
    run = {"fixed": {"wa": 0.40, "uar": 0.38}, "best_on_test": {"wa": 0.52, "uar": 0.50},
           "best_epochs": [30, 50]}
    doc = {"kind": "epoch_selection", "recipe": "conv1d-mfcc", "corpus": "ravdess",
           "n_classes": 10, "protocol": "paper", "published": 70.0, "epochs": 100,
           "seeds": [0, 1], "runs": [run, dict(run, fixed={"wa": 0.44, "uar": 0.40})],
           "command": "python benchmarks/accuracy.py --select-epoch best-on-test"}
    out = []
    make_tables.epoch_selection({"x.json": doc}, out)
    row = next(line for line in out if line.startswith("| conv1d-mfcc"))
    assert "42.0 ± 2.0 / 39.0 ± 1.0" in row and "52.0 ± 0.0 / 50.0 ± 0.0" in row
    assert "| +10.0 |" in row and "| 40 |" in row and "--select-epoch best-on-test" in row
    empty = []
    make_tables.epoch_selection({}, empty)
    assert empty == []


def test_augmentation_splits_leak_only_when_drawn_after_augmentation():
    import leakage
    import numpy as np

    n = 40
    y = np.array(["a", "b"] * (n // 2))
    groups = np.repeat(np.arange(4), n // 4)
    source = np.tile(np.arange(n), 1 + leakage.N_COPIES)  # recording of each stacked sample
    (train, test), = leakage.augmentation_splits("after", y, groups, seed=0)
    assert len(test) == 30 and set(train) | set(test) == set(range(3 * n))
    assert set(source[train]) & set(source[test])  # copies of a recording on both sides
    (train, test), = leakage.augmentation_splits("before", y, groups, seed=0)
    assert not set(source[train]) & set(source[test]) and test.max() < n  # originals only
    assert len(train) == 3 * (n - len(test))  # every copy of each training recording
    (train, test), = leakage.augmentation_splits("speakers", y, groups, seed=0)
    assert len(set(groups[test])) == 1 and test.max() < n  # 1 of 4 speakers, originals
    assert not set(groups[source[train]]) & set(groups[test])
    assert len(train) == 3 * (n - len(test))
    folds = leakage.augmentation_splits("loso", y, groups, seed=0)
    assert len(folds) == 4
    for train, test in folds:
        assert test.max() < n and len(set(groups[source[test]])) == 1
        assert not set(groups[source[train]]) & set(groups[source[test]])


def test_duplicated_recordings_leak_only_when_split_after_copying():
    import leakage
    import numpy as np

    groups = np.array(["ravdess/01"] * 20 + ["savee/DC"] * 10 + ["savee/JE"] * 10)
    y = np.array(["a", "b"] * 20)
    source = leakage.duplicated_samples(groups, {"savee": 3})
    assert np.bincount(source).tolist() == [1] * 20 + [3] * 20  # SAVEE three times
    assert (np.diff(source) >= 0).all()  # the copies of a recording side by side
    (train, test), = leakage.duplication_splits("after", source, y, seed=0)
    assert len(test) == 16 and sorted([*train, *test]) == list(range(80))
    assert set(source[train]) & set(source[test])  # copies of a recording on both sides
    (train, test), = leakage.duplication_splits("before", source, y, seed=0)
    assert len(test) == 8 == len(set(source[test]))  # a fifth of the recordings, once each
    assert not set(source[train]) & set(source[test])
    assert len(train) + sum(np.bincount(source)[source[test]]) == 80  # every training copy
    again = leakage.duplication_splits("before", source, y, seed=0)[0]
    assert all((a == b).all() for a, b in zip(again, (train, test), strict=True))
    with pytest.raises(ValueError, match="no recording of 'tess'.*ravdess, savee"):
        leakage.duplicated_samples(groups, {"tess": 2})
    with pytest.raises(ValueError, match="unknown duplication split 'loso'"):
        leakage.duplication_splits("loso", source, y, seed=0)


def test_duplicate_option_takes_a_corpus_and_a_count():
    assert accuracy.parse_duplicates(["savee=3", "tess=2"]) == {"savee": 3, "tess": 2}
    for bad in ("savee", "savee=1", "=3", "savee=three"):
        with pytest.raises(ValueError, match=f"--duplicate '{bad}': expected CORPUS=N"):
            accuracy.parse_duplicates([bad])


def test_duplication_rows_show_what_splitting_after_copying_adds():
    def run(fixed, best):
        pred = {"y_true": ["a", "a", "b", "b"], "fixed": ["a", "b", "b", "b"],
                "speaker": ["ravdess/01", "ravdess/02", "savee/DC", "savee/JE"]}
        return {"fixed": {"wa": fixed, "uar": fixed - 0.02},
                "best_on_test": {"wa": best, "uar": best - 0.02}, "best_epochs": [5],
                "predictions": pred}

    base = {"kind": "duplication", "recipe": "conv1d-mfcc", "corpus": "ravdess+savee",
            "n_classes": 10, "published": 70.0, "epochs": 700, "duplicate": {"savee": 3},
            "protocol": "holdout", "seeds": [0, 1]}
    docs = {"a.json": dict(base, split="after", command="cmd-after",
                           runs=[run(0.70, 0.72), run(0.72, 0.74)]),
            "b.json": dict(base, split="before", command="cmd-before",
                           runs=[run(0.50, 0.53), run(0.52, 0.53)])}
    out = []
    make_tables.duplication(docs, out)
    text = "\n".join(out)
    assert ("| 700 | each SAVEE recording 3 times | after copying (published) | 71.0 ± 1.0 / "
            "69.0 ± 1.0 | 73.0 ± 1.0 / 71.0 ± 1.0 | – / – | RAVDESS 50.0, SAVEE 100.0 | 0, 1 "
            "| `cmd-after` |") in text
    assert "| before copying | 51.0 ± 1.0 / 49.0 ± 1.0 |" in text
    assert "*added by splitting after copying* | +20.0 points WA (last epoch)" in text
    # the note under a row of another corpus mix cites the system's own data
    other = make_tables.measured_reasons(docs, "conv1d-mfcc", "ravdess-both", "holdout")
    assert other == ("on RAVDESS speech + SAVEE (English, 28 speakers), with each SAVEE "
                     "recording 3 times and the split drawn after copying (700 epochs, 2 "
                     "seeds), the best epoch on the test part gives 73.0 % WA and the last "
                     "epoch 71.0 %; split before copying, 51.0 % at the last epoch")
    same = make_tables.measured_reasons(docs, "conv1d-mfcc", "ravdess+savee", "holdout")
    assert same.startswith("with each SAVEE recording 3 times and the split drawn after")
    assert make_tables.measured_reasons(docs, "conv1d-mfcc", "ravdess-both", "loso") == ""
    empty = []
    make_tables.duplication({}, empty)
    assert empty == []


def test_a_duplicated_corpus_is_split_after_or_before_copying(tmp_path):
    """accuracy.py --duplicate: each recording of the named corpus stands twice in the
    data; split after copying, the test part holds a fifth of the samples, before
    copying a fifth of the recordings; other protocols are refused."""
    feats = _exported_features(tmp_path)
    sizes, logs = {}, {}
    for split in ("after", "before", "after"):  # the second "after" reads its seed back
        r = _accuracy_on_exported(tmp_path, feats, "--protocols", "holdout", "--duplicate",
                                  "emodb=2", "--duplicate-split", split, "--epochs", "1",
                                  "--seeds", "0", "--no-fold-cache")
        assert r.returncode == 0, r.stderr[-2000:]
        logs[split] = logs.get(split, "") + r.stdout + r.stderr
        doc = json.loads((tmp_path / "out" /
                          f"duplication_emodb_issa2020_{split}_emodb-x2.json").read_text())
        assert doc["kind"] == "duplication" and doc["split"] == split
        assert doc["n_files"] == 60 and doc["n_samples"] == 120
        assert doc["duplicate"] == {"emodb": 2} and "--duplicate emodb=2" in doc["command"]
        run = doc["runs"][0]
        assert len(run["predictions"]["fixed"]) == run["n_test"]
        sizes[split] = run["n_test"]
    assert sizes == {"after": 24, "before": 12}
    assert logs["after"].count("finished before") == 1 and "finished before" not in logs["before"]
    for argv, error in ((("--protocols", "loso", "--duplicate", "emodb=2"),
                         "--duplicate draws one random 80/20 split"),
                        (("--protocols", "holdout", "--duplicate", "savee=2"),
                         "--duplicate savee=2: 'savee' is not part of --corpus emodb"),
                        (("--protocols", "holdout", "--duplicate-split", "before"),
                         "--duplicate-split needs --duplicate"),
                        (("--protocols", "holdout", "--duplicate", "emodb=2", "--augment-split",
                          "after"), "--duplicate and --augment-split")):
        r = _accuracy_on_exported(tmp_path, feats, *argv, "--epochs", "1")
        assert r.returncode == 2 and error in r.stderr, (argv, r.stderr[-500:])


def test_augmented_copies_are_noisy_and_stretched():
    import leakage
    import numpy as np
    from synthetic import make_tone

    y = make_tone(freq=440.0, duration=1.0, sr=16000).astype(np.float32)
    noisy, stretched = leakage.augmented_copies(y, 16000, np.random.default_rng(0))
    assert noisy.shape == y.shape and 0 < np.abs(noisy - y).max() <= 0.2 * np.abs(y).max()
    assert abs(len(stretched) - len(y) / 0.7) < 0.02 * len(y)  # rate 0.7: 1/0.7 longer
    again = leakage.augmented_copies(y, 16000, np.random.default_rng(0))
    np.testing.assert_array_equal(again[0], noisy)


def _exported_features(tmp_path):
    """A folder like ``device_rows.py export`` writes: 60 files of 3 EMO-DB speakers."""
    import numpy as np

    rng = np.random.default_rng(0)
    y = np.array(["anger", "neutral"] * 30)
    X = rng.normal(size=(60, 193)).astype(np.float32) + (y == "anger")[:, None]
    groups = np.repeat([f"emodb/{k:02d}" for k in range(3)], 20)
    feats = tmp_path / "features"
    feats.mkdir()
    np.savez_compressed(feats / "features_emodb_issa2020.npz", X=X, y=y, groups=groups,
                        seconds=1.5, key="emodb_issa193")
    return feats


def _accuracy_on_exported(tmp_path, feats, *argv):
    """Run ``benchmarks/accuracy.py`` for issa2020 on EMO-DB from exported features, with
    no corpus where ``SKSER_DATA`` points; ``argv`` gives the protocol, seeds, epochs and
    any other option. Returns the finished process (output captured as text)."""
    env = dict(os.environ, SKSER_DATA=str(tmp_path / "no_corpora"))
    return subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks", "accuracy.py"),
                           "--recipes", "issa2020", "--corpus", "emodb",
                           "--features-from", str(feats), "--cache-dir", str(tmp_path / "cache"),
                           "--out", str(tmp_path / "out"), *argv],
                          capture_output=True, text=True, env=env, timeout=600)


def test_augmented_features_do_not_depend_on_the_workers(tmp_path):
    import leakage
    import numpy as np
    import soundfile as sf
    from synthetic import make_chirp, make_tone

    from skser.features import MFCC

    paths = []
    for k, y in enumerate([make_tone(330.0, sr=16000, duration=0.8),
                           make_chirp(sr=16000, duration=1.1), make_tone(550.0, sr=16000)]):
        paths.append(str(tmp_path / f"{k}.wav"))
        sf.write(paths[-1], y, 16000)
    one = leakage.augmented_features(MFCC(sr=16000, n_frames=20), paths, 16000, 0)
    two = leakage.augmented_features(MFCC(sr=16000, n_frames=20), paths, 16000, 0, n_jobs=2)
    assert one.shape == (leakage.N_COPIES, 3, 20, 13)  # 20 frames of 13 MFCCs
    np.testing.assert_array_equal(one, two)
    assert not np.array_equal(one[0], one[1])  # the stretched copy is not the noisy one


def test_device_rows_are_the_pending_rows_of_the_published_systems(tmp_path):
    import device_rows

    names = {r[2]: r[4] for system in make_tables.SYSTEMS for r in system["rows"]}
    (tmp_path / "accuracy_emodb_issa2020_paper_best-on-test.json").write_text(
        json.dumps({"seeds": [0, 1, 2]}))  # finished: not run again
    (tmp_path / "accuracy_emodb_issa2020_loso.json").write_text(
        json.dumps({"seeds": [0, 1]}))  # two seeds of three
    (tmp_path / "accuracy_ravdess_issa2020_loso.json").write_text(
        json.dumps({"seeds": [0]}))  # one seed of three
    rows = device_rows.pending_rows(str(tmp_path))
    assert rows[0][:2] == ("issa2020", "emodb") and "loso" in rows[0][2]
    assert rows[1][:2] == ("issa2020", "ravdess") and "loso" in rows[1][2]
    assert not any(r[:2] == ("issa2020", "emodb") and "best-on-test" in r[2]
                   and "paper" in r[2] for r in rows)
    assert {r[0] for r in rows} == set(device_rows.SMALL_FEATURES)  # no image features
    assert all(r[2][r[2].index("--seeds") + 1:][:3] == ["0", "1", "2"] for r in rows)
    scan = [r for r in rows if r[1] == "ravdess-both" and "holdout" in r[2]]
    assert len(scan) == 2  # each network's leak row and clean row share one result file
    assert len(names) >= len(rows)


def test_rows_run_from_exported_features_without_the_corpora(tmp_path):
    """accuracy.py --features-from: the features a device run carries stand in for the
    audio, and the result file is the one a CPU run writes."""
    feats = _exported_features(tmp_path)
    r = _accuracy_on_exported(tmp_path, feats, "--protocols", "loso", "--seeds", "0",
                              "--epochs", "1")
    assert r.returncode == 0, r.stderr[-2000:]
    doc = json.loads((tmp_path / "out" / "accuracy_emodb_issa2020_loso.json").read_text())
    assert doc["n_files"] == 60 and doc["n_speakers"] == 3 and doc["features"] == "emodb_issa193"
    assert doc["runs"][0]["n_folds"] == 3 and 0 <= doc["runs"][0]["uar"] <= 1


def test_a_rerun_reads_back_the_seeds_its_result_file_holds(tmp_path):
    """Rerunning a row's command without its fold cache (a later session) keeps the seeds
    the result file finished, fits only the others, and pools all of them in the interval;
    a different task (other epochs) starts afresh."""
    feats = _exported_features(tmp_path)
    out = tmp_path / "out" / "accuracy_emodb_issa2020_loso.json"

    def bench(*argv):
        r = _accuracy_on_exported(tmp_path, feats, "--protocols", "loso", "--no-fold-cache",
                                  *argv)
        assert r.returncode == 0, r.stderr[-2000:]
        return r.stderr + r.stdout, json.loads(out.read_text())

    _, first = bench("--seeds", "0", "--epochs", "1")
    assert first["runs"][0]["machine"] == first["machine"]["text"]
    # as if seed 0 had run on another machine: the read-back run keeps its own
    first["runs"][0]["machine"] = "2-core other CPU, no GPU"
    out.write_text(json.dumps(first))
    log, both = bench("--seeds", "0", "1", "--epochs", "1")
    assert "seed 0: " in log and "finished before" in log
    assert log.count("finished before") == 1
    assert both["seeds"] == [0, 1]
    assert both["runs"][0] == first["runs"][0]
    assert both["runs"][1]["machine"] == both["machine"]["text"] != "2-core other CPU, no GPU"
    assert len(both["runs"][1]["predictions"]["y_pred"]) == 60
    assert both["summary"]["uar"]["n"] == 2 and both["uar_ci95"]["n_seeds"] == 2
    log, other = bench("--seeds", "0", "--epochs", "2")
    assert "finished before" not in log and other["epochs"] == 2
    # the epoch scan of --select-epoch best-on-test resumes alike, from its own file
    out = out.with_name("accuracy_emodb_issa2020_loso_best-on-test.json")
    _, first = bench("--seeds", "0", "--epochs", "2", "--select-epoch", "best-on-test")
    log, both = bench("--seeds", "0", "1", "--epochs", "2", "--select-epoch", "best-on-test")
    assert log.count("finished before") == 1 and both["seeds"] == [0, 1]
    assert both["runs"][1]["machine"] == both["machine"]["text"]
    assert both["runs"][0] == first["runs"][0]
    assert both["uar_ci95"]["best_on_test"]["n_seeds"] == 2


def test_the_k_fold_epoch_scan_splits_utterances_without_passing_speakers(tmp_path):
    """``--protocols paper`` scans epochs over stratified utterance folds, which take no
    groups: the speakers are not handed to the splitter, so scikit-learn has nothing
    to warn about, and every file is tested once."""
    feats = _exported_features(tmp_path)
    r = _accuracy_on_exported(tmp_path, feats, "--protocols", "paper", "--no-fold-cache",
                              "--epochs", "1", "--select-epoch", "best-on-test", "--seeds", "0")
    assert r.returncode == 0, r.stderr[-2000:]
    assert "groups parameter is ignored" not in r.stderr
    doc = json.loads((tmp_path / "out" /
                      "accuracy_emodb_issa2020_paper_best-on-test.json").read_text())
    assert len(doc["runs"][0]["predictions"]["fixed"]) == doc["n_files"] == 60


def test_cnns_train_on_the_jax_backend_without_tensorflow(tmp_path):
    """What an accelerator without TensorFlow runs: Keras on JAX, seeded, repeatable."""
    (tmp_path / "sitecustomize.py").write_text(
        'import sys\nsys.modules["tensorflow"] = None  # no TensorFlow here\n')
    code = """
import sys
import numpy as np
import keras
from skser.models import Deep1DCNN
assert keras.backend.backend() == "jax"
rng = np.random.default_rng(0)
X = rng.normal(size=(48, 193)).astype("float32")
y = np.where(X[:, 0] > 0, "anger", "neutral")
runs = [Deep1DCNN(epochs=2, random_state=0, verbose=0).fit(X, y).predict_proba(X)
        for _ in range(2)]
assert runs[0].shape == (48, 2) and np.array_equal(runs[0], runs[1])
assert sys.modules.get("tensorflow") is None
print("ok")
"""
    env = dict(os.environ, KERAS_BACKEND="jax",
               PYTHONPATH=os.pathsep.join([str(tmp_path), ROOT]))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                       timeout=600)
    assert r.returncode == 0 and r.stdout.strip().endswith("ok"), r.stderr[-2000:]


def test_shortfall_notes_cite_the_leakage_experiments():
    scan = {"kind": "epoch_selection", "recipe": "issa2020", "corpus": "emodb",
            "protocol": "paper", "epochs": 150,
            "runs": [{"fixed": {"wa": 0.74}, "best_on_test": {"wa": 0.80}}]}
    aug = {"kind": "augmentation_split", "recipe": "cnn2d-image", "corpus": "ravdess",
           "split": "after", "epochs": 100, "runs": [{"fixed": {"wa": 0.79}}]}
    docs = {"a.json": scan, "b.json": aug}
    text = make_tables.measured_reasons(docs, "issa2020", "emodb", "paper")
    assert "80.0 % WA against 74.0 %" in text and "+6.0 points" in text
    assert "splitting after augmentation gives 79.0 % WA" in make_tables.measured_reasons(
        docs, "cnn2d-image", "ravdess", "paper")
    assert make_tables.measured_reasons(docs, "cnn2d-image", "ravdess", "loso") == ""


def test_cross_lingual_rerun_reads_back_its_finished_seeds(tmp_path, data_home):
    """cross_lingual.py on the real corpora (smoke size): every test corpus gets its
    settings, and the same command run again reads the seed back instead of refitting."""
    def bench():
        r = subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks", "cross_lingual.py"),
                            "--quick", "--recipes", "means193-svm", "--out", str(tmp_path)],
                           capture_output=True, text=True, timeout=900,
                           env=dict(os.environ, SKSER_DATA=data_home))
        assert r.returncode == 0, r.stderr[-2000:]
        return r.stderr + r.stdout, json.loads((tmp_path / "crosslingual_means193-svm.json")
                                               .read_text())

    log, first = bench()
    assert "finished before" not in log and first["corpora"] == ["emodb", "ravdess", "savee"]
    res = first["runs"][0]["results"]
    assert first["runs"][0]["machine"] == first["machine"]["text"]
    assert set(res["emodb"]) == {"mono", "multi", "cross"}  # German: no other corpus shares it
    assert set(res["savee"]) == {"mono", "multi", "cross", "cross_corpus"}
    ci = first["uar_ci95"]["savee"]["cross"]  # an interval per test corpus and setting
    # the smoke subset keeps the first 4 speakers: all of SAVEE's
    assert ci["low"] <= ci["point"] <= ci["high"] and ci["n_speakers"] == 4
    pred = first["runs"][0]["predictions"]["savee"]
    assert len(pred["cross"]) == len(pred["y_true"]) == len(pred["speaker"])
    log, again = bench()
    assert "finished before" in log and again["runs"] == first["runs"]


def test_corpora_joined_with_a_plus_keep_their_speakers_apart(tmp_path):
    """``--corpus tess+crema-d``: the files of both, speakers qualified by corpus, and the
    four-corpus mix of the 2-D CNN runs with the settings of its two-corpus row."""
    import soundfile as sf
    from synthetic import make_tone

    def tone(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        sf.write(str(path), make_tone(330.0, sr=16000, duration=0.2), 16000)

    for name in ("OAF_angry/OAF_back_angry", "OAF_Fear/OAF_back_fear", "YAF_sad/YAF_back_sad"):
        tone(tmp_path / "tess" / f"{name}.wav")
    for name in ("1001_DFA_ANG_XX", "1002_TIE_SAD_XX"):
        tone(tmp_path / "crema-d" / "AudioWAV" / f"{name}.wav")
    (tmp_path / "crema-d" / "VideoDemographics.csv").write_text(
        "ActorID,Age,Sex,Race,Ethnicity\n1001,51,Male,A,B\n1002,21,Female,A,B\n")
    frame, y, groups = accuracy.load("tess+crema-d", str(tmp_path))
    assert len(frame) == 5 and sorted(y) == ["anger", "anger", "fear", "sadness", "sadness"]
    assert len(set(groups)) == 4  # two TESS speakers, two CREMA-D actors
    assert all(g.split("/")[0] in ("tess", "crema-d") for g in groups)
    tasks = accuracy.TASKS["cnn2d-image"]
    assert tasks["ravdess+savee+tess+crema-d"]["params"] == tasks["ravdess+savee"]["params"]
    pipe = accuracy.make_recipe("cnn2d-image", "ravdess+savee+tess+crema-d", None)
    assert pipe.get_params()["feat__layout"] == "original"


def test_cross_lingual_tables_give_the_speaker_interval_of_each_setting():
    res = {"micro": 0.5, "uar": 0.4, "recall": {"anger": 0.6, "sadness": 0.2}}
    doc = {"kind": "cross_lingual", "recipe": "opensmile-cnn", "corpora": ["emodb"],
           "classes": ["anger", "sadness"], "n_files": {"emodb": 10}, "folds": 5,
           "epochs": 50, "wall_seconds_per_seed": 60.0, "command": "x --seeds 0 1",
           "runs": [{"seed": 0, "results": {"emodb": {"mono": res, "cross": res}}}],
           "uar_ci95": {"emodb": {"mono": {"low": 0.31, "high": 0.52},
                                  "cross": {"low": 0.2, "high": 0.45}}}}
    out = []
    make_tables.cross_lingual({"crosslingual_opensmile-cnn.json": doc}, out)
    assert "| UAR 95 % CI | 0.310–0.520 | 0.200–0.450 |" in out
    assert any("seeds 0 (1 of 2 so far)" in line for line in out)
    out = []
    make_tables.cross_lingual({"c.json": dict(doc, uar_ci95=None)}, out)
    assert "| UAR 95 % CI | – | – |" in out


def test_a_scan_says_how_far_one_fold_strays():
    run = {"fold_curves": [[0.5, 0.7, 0.6], [0.8, 0.75, 0.74]]}
    clause = make_tables.fold_range_clause({"runs": [run, {"fold_curves": [[0.9, 0.66]]}]})
    assert clause == ("; one test part alone scores 60.0 to 74.0 % at the last epoch and up "
                      "to 90.0 % at its best epoch (3 test parts over the seeds)")
    assert make_tables.fold_range_clause({"runs": [{"fold_curves": [[0.5]]}]}) == ""


def test_result_files_keep_scalar_lists_on_one_line_and_read_back_unchanged(tmp_path):
    import numpy as np
    obj = {"pred": np.array(["ang", "hap"]), "y": [1, 2.5, None, True],
           "runs": [{"seed": np.int64(0), "wa": np.float32(0.5)}], "empty": {},
           2: "int key", None: "none key", True: "bool key"}
    path = tmp_path / "r.json"
    accuracy.write_json(str(path), obj)
    text = path.read_text()
    assert '"pred": ["ang", "hap"]' in text
    assert '"y": [1, 2.5, null, true]' in text
    expected = json.loads(json.dumps(obj, default=accuracy._jsonable))
    assert json.loads(text) == expected


def test_settings_of_a_run_are_read_as_literals_or_text():
    got = accuracy.parse_settings(["cnn__learning_rate=1e-5", "cnn__optimizer=rmsprop",
                                   "cnn__filters=(64, 64)", "cnn__patience=None"])
    assert got == {"cnn__learning_rate": 1e-5, "cnn__optimizer": "rmsprop",
                   "cnn__filters": (64, 64), "cnn__patience": None}
    assert accuracy.settings_suffix({}) == ""
    assert accuracy.settings_suffix({"cnn__filters": (64, 64)}) == "_set-cnn__filters-64-64"
    # many settings: a hash, so the result file's name stays within the file system's limit
    many = accuracy.parse_settings(make_tables.REPOSITORY_NETWORK[1].split())
    other = dict(many, cnn__kernel_size=7)
    assert len(accuracy.settings_suffix(many)) == len("_set-") + 12
    assert accuracy.settings_suffix(many) != accuracy.settings_suffix(other)
    with pytest.raises(ValueError, match="'rmsprop': expected KEY=VALUE"):
        accuracy.parse_settings(["rmsprop"])


def test_a_run_whose_result_file_cannot_be_written_fails_before_it_trains(tmp_path):
    accuracy.check_writable(str(tmp_path / "new" / "result.json"))
    assert os.listdir(tmp_path / "new") == []  # nothing left behind
    with pytest.raises(OSError):
        accuracy.check_writable(str(tmp_path / ("x" * 300 + ".json")))


def test_a_run_with_changed_settings_is_written_beside_the_recipes_own(tmp_path):
    """--set changes the recipe's Pipeline for one run, names its result file apart (the
    recipe's own row is not replaced) and records the settings; an unknown parameter is
    refused in one line that names it, before any training."""
    feats = _exported_features(tmp_path)

    def bench(*argv):
        return _accuracy_on_exported(tmp_path, feats, "--protocols", "loso", "--seeds", "0",
                                     "--epochs", "1", "--no-fold-cache", *argv)

    r = bench("--set", "cnn__optimizer=sgd", "cnn__learning_rate=0.003")
    assert r.returncode == 0, r.stderr[-2000:]
    files = sorted(p.name for p in (tmp_path / "out").glob("*.json"))
    name = "accuracy_emodb_issa2020_loso_set-cnn__optimizer-sgd_cnn__learning_rate-0.003.json"
    assert files == [name]
    doc = json.loads((tmp_path / "out" / name).read_text())
    assert doc["params"] == {"cnn__optimizer": "sgd", "cnn__learning_rate": 0.003}
    assert "learning_rate=0.003" in doc["pipeline"] and "optimizer='sgd'" in doc["pipeline"]
    # exported features stand only for the feature steps they were computed with
    other = bench("--set", "feat__sr=8000")
    assert "features of emodb_issa193, not of this run's feature steps" in other.stdout
    assert not list((tmp_path / "out").glob("*feat__sr*"))
    bad = bench("--set", "cnn__learning_rat=0.1")
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines()[-1].startswith(
        "accuracy.py: error: --set cnn__learning_rat: not a parameter of the issa2020")
    assert "Traceback" not in bad.stderr


def test_notes_compare_a_changed_setting_with_the_recipes_own_run():
    def scan(last, best, **extra):
        return {"kind": "epoch_selection", "recipe": "conv1d-mfcc", "corpus": "ravdess-both",
                "protocol": "holdout", "epochs": 300, "seeds": [0],
                "runs": [{"fixed": {"wa": last}, "best_on_test": {"wa": best}}], **extra}

    base = "accuracy_ravdess-both_conv1d-mfcc_holdout_best-on-test"
    docs = {base + ".json": scan(0.45, 0.51),
            base + "_set-cnn__optimizer-rmsprop.json": scan(0.55, 0.60,
                                                            params={"cnn__optimizer": "rmsprop"})}
    text = make_tables.measured_reasons(docs, "conv1d-mfcc", "ravdess-both", "holdout")
    assert ("with `cnn__optimizer='rmsprop'` (one random 80/20 split (spk-dep.), 300 epochs, "
            "seeds 0) the last epoch gives 55.0 % WA and the best epoch on the test data "
            "60.0 %, against 45.0 % and 51.0 % with the recipe's settings (+10.0 points at "
            "the last epoch)") in text
    # the recipe's own scan is still described as the epoch-selection leak, once
    assert text.count("selecting the epoch on the test data") == 1
    assert "gives 51.0 % WA against 45.0 %" in text
    # a shorter run is held against the same epoch of the recipe's own scan
    own = docs[base + ".json"]
    own["runs"][0]["fold_curves"] = [[0.30] * 100 + [0.40] * 50 + [0.45] * 150]
    short = scan(0.50, 0.52, params={"cnn__optimizer": "rmsprop"})
    short["epochs"] = 150
    docs[base + "_set-cnn__optimizer-rmsprop.json"] = short
    text = make_tables.measured_reasons(docs, "conv1d-mfcc", "ravdess-both", "holdout")
    assert ("against 40.0 % and 40.0 % at epoch 150 of the recipe's own 300-epoch run "
            "(+10.0 points at the last epoch)") in text
    own["runs"][0]["fold_curves"] = []
    text = make_tables.measured_reasons(docs, "conv1d-mfcc", "ravdess-both", "holdout")
    assert "(the recipe's own run trains 300 epochs)" in text and "against" not in text.split(
        "rmsprop")[1]
    # a changed-settings run whose own test accuracy still rises says so
    short["runs"][0]["fold_curves"] = [[0.30] * 50 + [0.50] * 100]
    text = make_tables.measured_reasons(docs, "conv1d-mfcc", "ravdess-both", "holdout")
    assert "rmsprop'` (one random" in text and text.endswith(
        "30.0 % at epoch 50, 50.0 % at epoch 150 (+20.0 points over the last 100 epochs): "
        "the budget ends before the plateau")


def test_a_scan_says_when_its_test_accuracy_is_still_rising():
    rising = [0.2905 + 0.001 * e for e in range(300)]  # +10 points per 100 epochs
    flat = [0.50] * 300
    clause = make_tables.rising_clause({"runs": [{"fold_curves": [rising]}]})
    assert "still rising at the last epoch: 48.0 % at epoch 200, 58.0 % at epoch 300" in clause
    assert "+10.0 points over the last 100 epochs" in clause
    assert make_tables.rising_clause({"runs": [{"fold_curves": [flat]}]}) == ""
    assert make_tables.rising_clause({"runs": [{"fold_curves": [rising[:110]]}]}) == ""


def test_a_changed_settings_scan_says_when_its_test_accuracy_has_levelled_off():
    flat = [0.50] * 300
    clause = make_tables.rising_clause({"runs": [{"fold_curves": [flat]}]}, levelled=True)
    assert clause == ("; the test accuracy (20-epoch mean) has levelled off at the last "
                      "epoch: 50.0 % at epoch 200, 50.0 % at epoch 300 (+0.0 points over "
                      "the last 100 epochs)")
    # a rising scan reads the same with or without the option
    rising = [0.2905 + 0.001 * e for e in range(300)]
    assert make_tables.rising_clause({"runs": [{"fold_curves": [rising]}]}, levelled=True) \
        == make_tables.rising_clause({"runs": [{"fold_curves": [rising]}]})


def test_a_longer_run_is_held_against_its_own_accuracy_at_the_recipes_budget():
    """A --set run with more epochs than the recipe's own scan: its accuracy at the
    recipe's last epoch, and the recipe's own last epoch on the seeds both ran."""
    def scan(epochs, runs, **extra):
        return {"kind": "epoch_selection", "recipe": "issa2020", "corpus": "ravdess",
                "protocol": "holdout", "epochs": epochs, "seeds": [r["seed"] for r in runs],
                "runs": runs, **extra}

    def run(seed, curve):
        return {"seed": seed, "fixed": {"wa": curve[-1]}, "best_on_test": {"wa": max(curve)},
                "fold_curves": [curve]}

    base = "accuracy_ravdess_issa2020_holdout_best-on-test"
    own = scan(400, [run(0, [0.40] * 400), run(1, [0.90] * 400)])
    longer = scan(1200, [run(0, [0.50] * 400 + [0.70] * 800)],
                  params={"cnn__epochs": 1200})
    docs = {base + ".json": own, base + "_set-cnn__epochs-1200.json": longer}
    text = make_tables.measured_reasons(docs, "issa2020", "ravdess", "holdout")
    assert ("with `cnn__epochs=1200` (one random 80/20 split (spk-dep.), 1200 epochs, seeds "
            "0) the last epoch gives 70.0 % WA and the best epoch on the test data 70.0 %, "
            "against 50.0 % at epoch 400 of the same runs and 40.0 % at the last epoch of "
            "the recipe's own 400-epoch run (+30.0 points at the last epoch); the test "
            "accuracy (20-epoch mean) has levelled off") in text
    # the page shows the longer run as two rows of its own, with the command that runs it
    rows = make_tables.one_split_rows("issa2020", "ravdess", 1200,
                                      ("_set-cnn__epochs-1200", "cnn__epochs=1200"))
    assert [r[0] for r in rows] == ["one split, 1200 epochs",
                                    "one split, 1200 epochs, epoch chosen on the test part"]
    assert {r[2] for r in rows} == {base + "_set-cnn__epochs-1200.json"}
    assert rows[0][4].endswith("--select-epoch best-on-test --set cnn__epochs=1200")


def test_the_quick_subset_keeps_enough_of_every_class_for_a_stratified_split():
    """--quick --protocols holdout: the smoke subset of a gender x emotion task (each
    class from one gender's speakers only) still splits 80/20 with every class on both
    sides."""
    import numpy as np
    import pandas as pd
    from sklearn.model_selection import StratifiedShuffleSplit

    speakers = np.repeat([f"Actor_{i:02d}" for i in range(1, 25)], 40)
    gender = np.repeat(["male", "female"] * 12, 40)  # RAVDESS: odd actors are male
    emotion = np.tile(np.repeat(["anger", "fear", "happy", "neutral", "sad"], 8), 24)
    frame = pd.DataFrame({"speaker": speakers})
    y = np.char.add(np.char.add(gender.astype(str), "_"), emotion)
    mask = accuracy.quick_mask(frame, y)
    kept, counts = np.unique(y[mask], return_counts=True)
    assert len(kept) == 10 and counts.min() >= 3
    assert len(set(speakers[mask])) == 4
    train, test = next(StratifiedShuffleSplit(1, test_size=0.2, random_state=0)
                       .split(np.zeros(mask.sum()), y[mask]))
    assert set(y[mask][test]) == set(y[mask][train]) == set(kept)


def test_the_page_names_every_machine_its_result_files_were_measured_on():
    """Result files from two machines: the header names both with their counts, and a
    time measured on the less common one says where it was measured."""
    a = {"machine": {"text": "2-core CPU A, no GPU"}}
    b = {"machine": {"text": "2-core CPU B, no GPU"}}
    docs = {"1.json": a, "2.json": dict(a), "3.json": b, "4.json": {"machine": None}}
    text = make_tables.machines_sentence(docs)
    assert "2 machines" in text and "CPU A, no GPU (2 result files)" in text
    assert "CPU B, no GPU (1 result file)" in text
    assert make_tables.time_machine(b, docs) == " (on 2-core CPU B, no GPU)"
    assert make_tables.time_machine(a, docs) == ""
    assert make_tables.machines_sentence({"1.json": a}) == "Measured on a 2-core CPU A, no GPU."
    # seeds measured on two machines: the time cell says which seeds ran where, and the
    # file counts for both machines
    mixed = {"machine": b["machine"], "runs": [{"seed": 0, "machine": a["machine"]["text"]},
                                               {"seed": 1, "machine": a["machine"]["text"]},
                                               {"seed": 2}]}
    assert make_tables.time_machine(mixed, docs) == (
        " (mean over seeds 0, 1 on 2-core CPU A, no GPU; seed 2 on 2-core CPU B, no GPU)")
    counts = dict(make_tables.machine_counts({**docs, "5.json": mixed}))
    assert counts == {"2-core CPU A, no GPU": 3, "2-core CPU B, no GPU": 2}


def test_recorded_commands_write_their_files_into_the_results_folder():
    argv = ["--recipes", "issa2020", "--out", "/scratch/a", "--seeds", "0", "--out=/b"]
    assert accuracy.command_line("accuracy.py", argv) == \
        "python benchmarks/accuracy.py --recipes issa2020 --seeds 0"
    assert accuracy.command_line("accuracy.py", ["--out"]) == "python benchmarks/accuracy.py"
    results = os.path.join(ROOT, "benchmarks", "results")
    for name in sorted(os.listdir(results)):
        if name.endswith(".json"):
            with open(os.path.join(results, name)) as f:
                command = json.load(f).get("command") or ""
            assert "--out" not in command.split(), name
