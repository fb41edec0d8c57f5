"""Command line: `python -m story check PATH...` (and the tools added around it)."""

from __future__ import annotations

import sys

from story.cli import main

if __name__ == "__main__":
    sys.exit(main())
