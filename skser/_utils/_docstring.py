"""Shared docstring text, substituted into the docstrings that use it.

A class or function whose docstring holds ``%(name)s`` placeholders is
decorated with ``@Substitution(name=TEXT)``, as in imbalanced-learn; the
shared fragments themselves live next to the estimators that use them.
"""

import inspect
import re

__all__ = ["Substitution"]


class Substitution:
    """Decorator that fills ``%(name)s`` placeholders of a docstring.

    Parameters
    ----------
    **params : str
        Text for each placeholder. A fragment's parameter lines of the form
        ``    name : type`` gain ``, default=<value>`` when the decorated
        callable's signature (``__init__`` for a class) has a default for
        ``name``, so shared text always shows the class's own defaults.

    Examples
    --------
    >>> @Substitution(x="x : int\\n        A number.")
    ... def f(x=3):
    ...     '''Do nothing.
    ...
    ...     Parameters
    ...     ----------
    ...     %(x)s
    ...     '''
    >>> "x : int, default=3" in f.__doc__
    True
    """

    _param_line = re.compile(r"^(\s*)(\w+) : ([^\n]*)$", flags=re.M)

    def __init__(self, **params):
        self.params = params

    def __call__(self, obj):
        if not obj.__doc__:
            return obj
        target = obj.__init__ if inspect.isclass(obj) else obj
        try:
            signature = inspect.signature(target)
        except (TypeError, ValueError):
            signature = None
        defaults = {} if signature is None else {
            name: p.default for name, p in signature.parameters.items()
            if p.default is not inspect.Parameter.empty
        }

        def with_default(match):
            indent, name, kind = match.groups()
            if name in defaults and "default=" not in kind:
                return f"{indent}{name} : {kind}, default={defaults[name]!r}"
            return match.group(0)

        filled = {key: self._param_line.sub(with_default, text)
                  for key, text in self.params.items()}
        # replace only the named placeholders: docstrings may hold other '%' signs
        obj.__doc__ = re.sub(r"%\((\w+)\)s",
                             lambda m: filled.get(m.group(1), m.group(0)), obj.__doc__)
        return obj
