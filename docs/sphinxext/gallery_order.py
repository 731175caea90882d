"""Reading order of the example gallery (sphinx-gallery ``within_subsection_order``)."""

ORDER = [
    "plot_quickstart.py",
    "plot_features.py",
    "plot_models.py",
    "plot_confusion_matrix.py",
    "plot_recipes.py",
    "plot_grid_search.py",
    "plot_cross_lingual.py",
    "plot_own_folder.py",
]


class ExampleOrder:
    """Sort key: the files in ``ORDER`` first, in that order, then the rest by name."""

    def __init__(self, src_dir):
        self.src_dir = src_dir

    def __call__(self, filename):
        if filename in ORDER:
            return f"{ORDER.index(filename):03d}"
        return f"999{filename}"

    def __repr__(self):
        return "<ExampleOrder>"
