"""Loaders for emotional-speech corpora, and the canonical label vocabulary.

Every loader returns a :class:`sklearn.utils.Bunch` with ``filenames``
(absolute paths, sorted), ``target`` (canonical emotion names), ``groups``
(corpus-qualified speaker ids such as ``"emodb/03"``), ``frame`` (one row per
file: ``path``, ``speaker``, ``emotion``, ``gender``, ``corpus`` and every field
the corpus encodes), ``target_names`` and ``DESCR``; ``return_X_y=True`` gives
``(filenames, target, groups)``. Loaders only read; the fetchers write only
when they download into ``data_home``.

Importing :mod:`skser.datasets` is cheap: a loader's module (and with it
scikit-learn and pandas) is imported when the loader is first accessed.
"""

import lazy_loader as _lazy

__all__ = [
    "CANONICAL_EMOTIONS",
    "CORPORA",
    "fetch_emodb",
    "fetch_ravdess",
    "gender_emotion_target",
    "get_data_home",
    "harmonize_labels",
    "label_mask",
    "load_audio_folder",
    "load_corpus",
    "load_crema_d",
    "load_iemocap",
    "load_savee",
    "load_tess",
    "restrict_to_labels",
    "shared_labels",
]

#: Names :func:`load_corpus` accepts (also case-insensitively, with or without "-"/"_"):
#: ``"ravdess"`` is RAVDESS speech, ``"ravdess-song"`` its song part, ``"ravdess-both"`` both.
CORPORA = ("emodb", "ravdess", "ravdess-song", "ravdess-both", "tess", "savee", "crema-d",
           "iemocap")

__getattr__, __dir__, _ = _lazy.attach(
    __name__,
    submod_attrs={
        "_base": ["get_data_home", "missing_message"],
        "_corpus": ["load_corpus"],
        "_crema_d": ["load_crema_d"],
        "_emodb": ["fetch_emodb"],
        "_folder": ["load_audio_folder"],
        "_iemocap": ["load_iemocap"],
        "_labels": ["CANONICAL_EMOTIONS", "gender_emotion_target", "harmonize_labels",
                    "label_mask", "restrict_to_labels", "shared_labels"],
        "_ravdess": ["fetch_ravdess"],
        "_savee": ["load_savee"],
        "_tess": ["load_tess"],
    },
)
