"""Where the main window goes: a size that fits the screen at the first start, the last
session's place and dock layout when they still fit, and the whole frame on screen."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QPoint, QRect, QSettings, QSize
from PySide6.QtWidgets import QMainWindow

WINDOW_RECT_KEY = "window/rect"
WINDOW_STATE_KEY = "window/state"
PREFERRED_SIZE = QSize(1280, 820)


def start_geometry(available: QRect, preferred: QSize = PREFERRED_SIZE) -> QRect:
    """Where the window opens: `preferred` size, shrunk to the available screen area,
    centred on it."""
    size = preferred.boundedTo(available.size())
    margin = available.size() - size
    corner = available.topLeft() + QPoint(margin.width() // 2, margin.height() // 2)
    return QRect(corner, size)


def framed_geometry(client: QRect, frame: QRect, available: QRect) -> QRect:
    """The client area that puts the whole window, title bar and borders (`frame`
    around `client`) included, inside `available`: shrunk by what sticks out, moved
    onto the area. Unchanged when it already fits."""
    if available.contains(frame):
        return client
    left, top = client.left() - frame.left(), client.top() - frame.top()
    right, bottom = frame.right() - client.right(), frame.bottom() - client.bottom()
    width = min(client.width(), available.width() - left - right)
    height = min(client.height(), available.height() - top - bottom)
    x = min(max(frame.left(), available.left()), available.right() + 1 - (width + left + right))
    y = min(max(frame.top(), available.top()), available.bottom() + 1 - (height + top + bottom))
    return QRect(x + left, y + top, width, height)


def restore_layout(window: QMainWindow, available: QRect) -> bool:
    """Put `window` where the last session left it, docks included, when that place
    lies inside `available`; True when it did. A value of the wrong type is ignored."""
    settings = QSettings()
    rect = settings.value(WINDOW_RECT_KEY)
    state = settings.value(WINDOW_STATE_KEY)
    if not isinstance(rect, QRect) or rect.isEmpty() or not available.contains(rect):
        return False
    window.setGeometry(rect)
    if isinstance(state, QByteArray):
        window.restoreState(state)
    return True


def save_layout(window: QMainWindow) -> None:
    """Remember the window's place (its normal one when maximised) and dock layout."""
    settings = QSettings()
    maximised = window.isMaximized() or window.isFullScreen()
    settings.setValue(WINDOW_RECT_KEY, window.normalGeometry() if maximised else window.geometry())
    settings.setValue(WINDOW_STATE_KEY, window.saveState())


def fit_frame(window: QMainWindow) -> None:
    """Once the window manager has framed `window`: move and shrink it so title bar and
    borders are on screen too."""
    screen = window.screen()
    if screen is None:
        return
    fitted = framed_geometry(window.geometry(), window.frameGeometry(), screen.availableGeometry())
    if fitted != window.geometry():
        window.setGeometry(fitted)
