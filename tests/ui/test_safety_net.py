"""An exception escaping a slot: logged, shown with a plain summary, and the app lives on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from nndesigner.model import user_folders
from nndesigner.ui import dialogs
from nndesigner.ui.exception_dialog import ExceptionDialog
from nndesigner.ui.safety_net import LOG_NAME, SafetyNet
from tests.ui.conftest import snapshot


@pytest.fixture
def log_folder(tmp_path, monkeypatch):
    folder = tmp_path / "logs"
    folder.mkdir()
    monkeypatch.setattr(user_folders, "log_folder", lambda: folder)
    return folder


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_shown_and_survived(window, monkeypatch, log_folder):
    shown = []
    monkeypatch.setattr(dialogs, "show_exception", lambda *args: shown.append(args[1:]))

    def broken_arrange():
        raise ZeroDivisionError("the layout divided by zero")

    monkeypatch.setattr(window.editor, "auto_arrange", broken_arrange)
    before = snapshot(window.design)
    net = SafetyNet(lambda: window)
    net.install()
    try:
        window.actions["arrange"].trigger()
    finally:
        net.uninstall()
    assert len(shown) == 1
    summary, details = shown[0]
    assert "ZeroDivisionError: the layout divided by zero" in summary
    assert "Traceback" not in summary and "Traceback" in details and "broken_arrange" in details
    log = (log_folder / LOG_NAME).read_text()
    assert "broken_arrange" in log and "the layout divided by zero" in log
    # The window still works: the design is intact and the next action runs.
    assert snapshot(window.design) == before
    window.actions["zoom_in"].trigger()
    assert window.isVisible()


def test_the_exception_dialog_copies_its_details(qtbot):
    dialog = ExceptionDialog(None, "Something went wrong.", "Traceback: line 1")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "Something went wrong.\n\nTraceback: line 1"
    assert dialog.copy_button.text() == "Copied"
