"""``python -m skser``: the same command line as the ``skser`` console script."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
