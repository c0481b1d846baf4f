"""Text from a file or a user (labels, column names, messages) shown as it is: Qt would
take text that looks like HTML for rich text, so `<img width=30000>` in a label would
grow the window to its size. Every widget that shows such text is made here."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def plain_label(text: str = "") -> QLabel:
    """A label that never reads its text as HTML."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def plain_tooltip(text: str) -> str:
    """A tooltip showing `text` as written (tooltips guess HTML too): escaped, in a
    paragraph that keeps its line breaks."""
    return f"<p style='white-space:pre'>{html.escape(text)}</p>"
