"""The default emotion model shipped inside skser, and its model card.

``skser predict FILE`` uses it when no model file is given;
:func:`load_default_model` loads it in Python and :func:`model_card` returns its
documentation (also ``skser predict --about``). It is trained on EMO-DB, RAVDESS
speech and song, and SAVEE, and is for **non-commercial use only** (RAVDESS is
licensed CC BY-NC-SA 4.0). ``benchmarks/bundled_model.py`` rebuilds it from the
corpora.
"""

from ._default import CARD_FILE, MODEL_FILE, load_default_model, model_card

__all__ = ["CARD_FILE", "MODEL_FILE", "load_default_model", "model_card"]
