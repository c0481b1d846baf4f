"""Entry point of the packaged application (PyInstaller starts this script)."""

import sys

from nndesigner.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
