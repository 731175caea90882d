"""Every public function, class and method of skser has a usable numpydoc docstring.

Walks the ``__all__`` of each public module and checks, with
:func:`numpydoc.validate.validate`, a small rule set that a user reading the API
reference relies on:

========  ===============================================================
GL08      the object has a docstring at all
SS01      it starts with a one-line summary
GL06      section titles are numpydoc's (a typo hides a section from the docs)
PR01      every parameter of the signature is documented (for a class: its
          constructor's; a class that users do not build themselves may
          describe a constructor argument under Attributes instead)
PR02      no documented parameter is missing from the signature
PR07      every documented parameter has a description
RT01      a function or method that returns a value has a Returns section
========  ===============================================================

Methods are checked where skser defines them (its own base classes included);
methods inherited from scikit-learn, scikeras or Keras are their authors' job.
Constants in ``__all__`` (``CORPORA``, ``PROTOCOLS``, ...) are not functions and
are documented in the API pages by their ``#:`` comments. A module that cannot
be imported fails its own test.
"""

import importlib
import inspect
import os

import pytest
from numpydoc.docscrape import get_doc_object
from numpydoc.validate import Validator, validate

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

MODULES = (
    "skser.io",
    "skser.datasets",
    "skser.features",
    "skser.models",
    "skser.recipes",
    "skser.evaluation",
    "skser.persistence",
    "skser.bundled",
    "skser.normalization",
    "skser.timeline",
    "skser.augmentation",
    "skser.exceptions",
)

CHECKED = ("GL08", "SS01", "GL06", "PR02", "PR07", "RT01")


def _is_skser(obj):
    return (getattr(obj, "__module__", None) or "").split(".")[0] == "skser"


def _public_members(cls):
    """(qualified name, object) of the public methods/properties skser defines on cls."""
    out = []
    for klass in cls.__mro__:
        if not _is_skser(klass):
            continue
        for name, attr in vars(klass).items():
            if name.startswith("_"):
                continue
            if isinstance(attr, staticmethod | classmethod):
                attr = attr.__func__
            if isinstance(attr, property) or inspect.isfunction(attr):
                out.append((f"{klass.__module__}.{klass.__qualname__}.{name}", attr))
    return out


def _collect():
    """One entry per public object: (id, kind, object or import error)."""
    entries, seen = [], set()
    for modname in MODULES:
        try:
            module = importlib.import_module(modname)
        except Exception as exc:  # noqa: BLE001 - reported by the test itself
            entries.append((modname, "module", exc))
            continue
        names = getattr(module, "__all__", None)
        if names is None:
            entries.append((modname, "module", AttributeError(f"{modname} has no __all__")))
            continue
        for name in names:
            obj = getattr(module, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue  # constants
            key = f"{modname}.{name}"
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            entries.append((key, "class" if inspect.isclass(obj) else "function", obj))
            if inspect.isclass(obj):
                for qual, member in _public_members(obj):
                    if qual not in seen:
                        seen.add(qual)
                        entries.append((qual, "property" if isinstance(member, property)
                                        else "method", member))
    return entries


ENTRIES = _collect()


def _missing_params(obj, doc):
    """Signature parameters documented neither under Parameters nor (classes) Attributes."""
    v = Validator(doc)
    documented = set(v.doc_all_parameters)
    if inspect.isclass(obj):
        documented |= {a.name for a in doc["Attributes"]}
    missing = []
    for p in v.signature_parameters:
        bare = p.lstrip("*")
        if p not in documented and bare not in documented and f"*{bare}" not in documented \
                and f"**{bare}" not in documented:
            missing.append(p)
    return missing


def _problems(obj, kind):
    if kind == "property":
        return [] if (obj.__doc__ or "").strip() else ["GL08 The property has no docstring"]
    doc = get_doc_object(obj)
    result = validate(doc)
    errors = [f"{code} {msg}" for code, msg in result["errors"] if code in CHECKED]
    if not any(e.startswith("GL08") for e in errors):
        missing = _missing_params(obj, doc)
        if missing:
            errors.append(f"PR01 Parameters {missing} not documented")
    return errors


@pytest.mark.parametrize(("name", "kind", "obj"), ENTRIES, ids=[e[0] for e in ENTRIES])
def test_numpydoc_docstring(name, kind, obj):
    if kind == "module":
        pytest.fail(f"cannot check {name}: {type(obj).__name__}: {obj}")
    problems = _problems(obj, kind)
    assert not problems, f"{name} ({kind}):\n  " + "\n  ".join(problems)


def test_every_module_has_public_objects():
    """Guard against a walk that silently checks nothing (e.g. an empty ``__all__``)."""
    checked = {e[0].rsplit(".", 1)[0] for e in ENTRIES if e[1] in ("class", "function")}
    importable = {m for m in MODULES if not any(e[0] == m for e in ENTRIES)}
    assert importable <= checked, f"no public function or class found in {importable - checked}"
