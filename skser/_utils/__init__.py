"""Private helpers shared by skser's subpackages (docstring text, validation)."""
