"""Shared test set-up: Qt's offscreen platform before anything imports Qt."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_sessionstart(session) -> None:  # noqa: ANN001 (pytest's Session)
    """Compile the compiled kernel (or load it from numba's cache) once, before any test
    and outside the per-test timeouts. Otherwise the first CLI `train` test starts the
    compilation on a background thread, and while it runs (half a minute in a fresh
    clone) pytest's capture of a later test's stderr misses that test's output."""
    from nndesigner.engine import kernel_warm_up

    kernel_warm_up.WARM_UP.wait()
