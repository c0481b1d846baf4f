"""GUI test set-up: isolated settings, dialogs that fail loudly, mouse helpers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from nndesigner.app import build_main_window
from nndesigner.model import user_folders
from nndesigner.model.design import Design
from nndesigner.model.serialize import design_to_dict
from nndesigner.ui import dialogs


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, qapp):
    """QSettings write to a temporary folder, never to the user's real settings."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QSettings().clear()
    yield


@pytest.fixture(autouse=True)
def isolated_user_folders(tmp_path, monkeypatch):
    """Recovery files and logs go to a temporary folder, never the user's real ones."""
    folder = tmp_path / "user-data"
    monkeypatch.setattr(user_folders, "data_folder", lambda: folder)
    monkeypatch.setattr(user_folders, "log_folder", lambda: folder / "logs")
    (folder / "logs").mkdir(parents=True)
    return folder


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    """Any dialog a test did not expect fails the test instead of blocking it."""

    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:] if len(args) > 1 else args}")

    for name in (
        "show_error",
        "show_exception",
        "ask_restore",
        "ask_train_anyway",
        "ask_save_changes",
        "ask_open_path",
        "ask_open_csv",
        "ask_dataset",
        "ask_data_import",
        "ask_save_path",
        "ask_layer_options",
    ):
        monkeypatch.setattr(dialogs, name, unexpected)


@pytest.fixture
def window(qtbot):
    """The main window on the XOR example, shown offscreen; closed without asking."""
    window = build_main_window()
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.undo_stack.setClean()
    window.close()
    window.deleteLater()


def snapshot(design: Design) -> dict:
    return design_to_dict(design)


def view_point(window, scene_point: QPointF) -> QPoint:
    """Viewport coordinates of a scene point."""
    return window.canvas.mapFromScene(scene_point)


def send_mouse(
    widget,
    kind: QEvent.Type,
    point: QPoint,
    buttons,
    button=Qt.MouseButton.LeftButton,
    modifiers=Qt.KeyboardModifier.NoModifier,
) -> None:
    global_point = widget.mapToGlobal(point)
    event = QMouseEvent(kind, QPointF(point), QPointF(global_point), button, buttons, modifiers)
    QApplication.sendEvent(widget, event)


def mouse_drag(
    window, start: QPoint, end: QPoint, steps: int = 6, modifiers=Qt.KeyboardModifier.NoModifier
) -> None:
    """Press at `start`, move in steps with the button held, release at `end` (viewport)."""
    viewport = window.canvas.viewport()
    left = Qt.MouseButton.LeftButton
    send_mouse(viewport, QEvent.Type.MouseButtonPress, start, left, modifiers=modifiers)
    for step in range(1, steps + 1):
        point = QPoint(
            start.x() + (end.x() - start.x()) * step // steps,
            start.y() + (end.y() - start.y()) * step // steps,
        )
        send_mouse(viewport, QEvent.Type.MouseMove, point, left, Qt.MouseButton.NoButton, modifiers)
    send_mouse(
        viewport, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton, modifiers=modifiers
    )
    QApplication.processEvents()
