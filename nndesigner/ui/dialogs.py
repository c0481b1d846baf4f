"""The one place modal dialogs open, so offscreen tests can replace them."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def show_error(parent: QWidget | None, message: str) -> None:
    """Tell the user, in a plain sentence, what went wrong."""
    QMessageBox.warning(parent, "nndesigner", message)
