"""Where nndesigner keeps files of its own: the platform's per-user folders."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "nndesigner"


def data_folder() -> Path:
    """Per-user data (autosaved recovery files), created on first use."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False, ensure_exists=True)


def log_folder() -> Path:
    """Per-user logs (details of unexpected errors), created on first use."""
    return platformdirs.user_log_path(APP_NAME, appauthor=False, ensure_exists=True)


def recovery_folder() -> Path:
    """Where autosaved recovery files go, created on first use."""
    folder = data_folder() / "recovery"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def compiled_code_folder() -> Path:
    """Per-user cache of the compiled kernel's machine code (numba's cache)."""
    return platformdirs.user_cache_path(APP_NAME, appauthor=False) / "compiled-kernel"
