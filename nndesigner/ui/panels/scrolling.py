"""Panels that scroll when their dock is short (a 1280x720 screen) instead of
pushing the window past the screen's edge or growing it when their content grows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QStyle, QWidget


def scrolled(content: QWidget, name: str) -> QScrollArea:
    """`content` in a scroll area named `name`, scrolling up and down: the area starts no
    narrower than the content needs beside a scroll bar; content that grows wider later
    (a long plot title) gets a horizontal scroll bar rather than being cut off."""
    area = QScrollArea()
    area.setObjectName(name)
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    bar = area.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    area.setMinimumWidth(content.minimumSizeHint().width() + bar + 2)
    return area
