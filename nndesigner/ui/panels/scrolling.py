"""Panels that scroll when their dock is short (a 1280x720 screen) instead of
pushing the window past the screen's edge or growing it when their content grows.

A wheel turned over such a panel scrolls it: a spin box or a drop-down that the scroll
brings under the pointer takes the wheel only once it has been clicked (has focus), so
scrolling never changes a value by accident."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollArea,
    QStyle,
    QWidget,
)


class WheelGuard(QObject):
    """Hands the wheel of an unfocused spin box or drop-down to its scroll area."""

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)  # its parent, and the area it scrolls

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Wheel and not watched.hasFocus():
            QApplication.sendEvent(self.parent().viewport(), event)
            return True
        return False


def scrolled(content: QWidget, name: str) -> QScrollArea:
    """`content` in a scroll area named `name`, scrolling up and down: the area starts no
    narrower than the content needs beside a scroll bar; content that grows wider later
    (a long plot title) gets a horizontal scroll bar rather than being cut off. Its spin
    boxes and drop-downs take the wheel only when focused (see above)."""
    area = QScrollArea()
    area.setObjectName(name)
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    bar = area.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    area.setMinimumWidth(content.minimumSizeHint().width() + bar + 2)
    guard = WheelGuard(area)
    fields = [*content.findChildren(QAbstractSpinBox), *content.findChildren(QComboBox)]
    for field in fields:
        field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        field.installEventFilter(guard)
    return area
