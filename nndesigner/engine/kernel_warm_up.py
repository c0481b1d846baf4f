"""The one compilation of the compiled kernel in a process, on a background thread.

numba compiles the loops of compiled_loops.py, or loads their machine code from its
on-disk cache (the per-user cache folder), the first time they run: 20-30 s, or under a
second from the cache. `start_warm_up` does that on a daemon thread as the window or the
CLI starts, so no run waits for it unless it forces the compiled kernel.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from pathlib import Path

logger = logging.getLogger("nndesigner")


def compiled_installed() -> bool:
    """Whether numba (the `fast` extra) is importable."""
    try:
        return importlib.util.find_spec("numba") is not None
    except (ImportError, ValueError):  # an import hook refused it, or it is blocked
        return False


class WarmUp:
    """The one compilation of the compiled kernel in this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self.error: BaseException | None = None

    def start(self) -> None:
        """Compile (or load from the cache) on a daemon thread; returns at once."""
        with self._lock:
            if self._thread is None and compiled_installed():
                self._thread = threading.Thread(
                    target=self._run, name="compile kernel", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        try:
            from nndesigner.engine.compiled_kernel import warm_up

            warm_up()
        except Exception as error:  # noqa: BLE001 (any failure means: use NumPy)
            self.error = error
            logger.warning("The compiled kernel is not available (%s); NumPy trains.", error)
        finally:
            self._done.set()

    @property
    def ready(self) -> bool:
        return self._done.is_set() and self.error is None

    def wait(self) -> bool:
        """Compile now if nobody has; True when the compiled kernel can run."""
        self.start()
        if self._thread is None:
            return False
        self._done.wait()
        return self.error is None


WARM_UP = WarmUp()


def compiled_ready() -> bool:
    """Whether the compiled kernel is compiled (or loaded) and can run now."""
    return WARM_UP.ready


def start_warm_up(cache_folder: Path | None = None) -> None:
    """Compile the compiled kernel in the background (a no-op without numba), keeping
    numba's machine code in `cache_folder` (the per-user cache) unless the user set
    NUMBA_CACHE_DIR; the folder counts only before numba is first imported."""
    if cache_folder is not None:
        os.environ.setdefault("NUMBA_CACHE_DIR", str(cache_folder))
    WARM_UP.start()
