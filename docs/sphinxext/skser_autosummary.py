"""``autosummary`` whose summary lines carry no citation references.

numpydoc renames a docstring's ``[1]_`` citations to ``[R<hash>-1]_``, unique per
object, and the object's own page defines them. A summary line that keeps the
reference (``Load EMO-DB [1]_, ...``) makes the API table cite a target defined on
another page, which docutils reports as a duplicate citation. The table only
needs the words, so the references are dropped from it.
"""

import re

from sphinx.ext.autosummary import Autosummary

_CITATION = re.compile(r"\s*\[[A-Za-z0-9_.-]+\]_")


class CitationFreeAutosummary(Autosummary):
    """The standard directive, with ``[...]_`` citation references removed from summaries."""

    def get_items(self, names):
        return [(name, sig, _CITATION.sub("", summary), real)
                for name, sig, summary, real in super().get_items(names)]


def setup(app):
    app.setup_extension("sphinx.ext.autosummary")
    app.add_directive("autosummary", CitationFreeAutosummary, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
