"""The palette: input, hidden and output neurons to drag onto the canvas."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QDrag, QIcon, QMouseEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nndesigner.ui.canvas.items import ROLE_COLOURS
from nndesigner.ui.canvas.view import NEURON_MIME_TYPE

ENTRIES = (
    ("input", "Input neuron", "Takes one column of the data. Drag onto the canvas."),
    ("hidden", "Hidden neuron", "Computes act(bias + weighted sum). Drag onto the canvas."),
    ("output", "Output neuron", "Gives one prediction. Drag onto the canvas."),
)


def neuron_mime_data(role: str) -> QMimeData:
    """The drag payload for a neuron of `role`, in the project's own MIME type."""
    data = QMimeData()
    data.setData(NEURON_MIME_TYPE, role.encode())
    return data


def role_icon(role: str, size: int = 22) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(ROLE_COLOURS[role]))
    painter.setPen(QColor("#333333"))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


class PaletteEntry(QToolButton):
    """One draggable entry; double-click adds the neuron at the view centre."""

    add_requested = Signal(str)

    def __init__(self, role: str, title: str, tip: str) -> None:
        super().__init__()
        self.role = role
        self.setObjectName(f"palette-{role}")
        self.setText(title)
        self.setIcon(role_icon(role))
        self.setToolTip(tip + " Double-click to add at the centre.")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._press: QPoint | None = None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is None:
            return
        distance = (event.position().toPoint() - self._press).manhattanLength()
        if distance >= QApplication.startDragDistance():
            self._press = None
            self.setDown(False)
            drag = QDrag(self)
            drag.setMimeData(neuron_mime_data(self.role))
            drag.setPixmap(self.icon().pixmap(22, 22))
            drag.exec(Qt.DropAction.CopyAction)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.add_requested.emit(self.role)


class Palette(QWidget):
    """The three neuron entries."""

    add_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("palette")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Drag onto the canvas:"))
        self.entries: dict[str, PaletteEntry] = {}
        for role, title, tip in ENTRIES:
            entry = PaletteEntry(role, title, tip)
            entry.add_requested.connect(self.add_requested)
            layout.addWidget(entry)
            self.entries[role] = entry
        hint = QLabel("Drag from a neuron's white knob to another neuron to connect.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        layout.addWidget(hint)
        layout.addStretch(1)
