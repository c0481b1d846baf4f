"""`nndesigner` entry point: the GUI, a headless command, or `--version` without Qt."""

from __future__ import annotations

import argparse
import sys

from nndesigner import __version__


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("new", "train", "predict", "evaluate", "export"):
        from nndesigner.cli import main as cli_main

        return cli_main(argv)
    parser = argparse.ArgumentParser(
        prog="nndesigner",
        description="Design and train neural networks (headless: nndesigner train -h).",
    )
    parser.add_argument("--version", action="version", version=f"nndesigner {__version__}")
    parser.add_argument("design", nargs="?", help="a design file (*.nnd.json) to open")
    args = parser.parse_args(argv)
    from nndesigner.app import run_gui

    return run_gui(args.design)


if __name__ == "__main__":
    sys.exit(main())
