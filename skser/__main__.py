"""``python -m skser``: the same command line as the ``skser`` console script."""

from .cli import console_main

if __name__ == "__main__":
    console_main()
