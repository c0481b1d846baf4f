"""The window on small screens: it opens within the available area, never grows, and the
training controls stay in reach at 1280x720 and 1366x768."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication

from nndesigner.ui.main_window import PREFERRED_SIZE, start_geometry
from tests.ui.test_window import select_only

# Available areas as desktops report them (a panel or task bar takes some height).
SMALL_SCREENS = [QRect(0, 0, 1280, 720), QRect(0, 27, 1366, 741)]


@pytest.mark.parametrize("available", [*SMALL_SCREENS, QRect(0, 0, 2560, 1440)])
def test_the_window_opens_inside_the_available_area(available):
    geometry = start_geometry(available)
    assert available.contains(geometry)
    assert geometry.size() == PREFERRED_SIZE.boundedTo(available.size())


def visible_in_window(window, widget) -> bool:
    """Whether the whole of `widget` is painted inside the window's client area."""
    if not widget.isVisible() or widget.visibleRegion().isEmpty():
        return False
    top_left = widget.mapTo(window, QPoint(0, 0))
    return window.rect().contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("available", SMALL_SCREENS)
def test_every_training_control_is_reachable_and_the_window_never_grows(window, qtbot, available):
    geometry = start_geometry(available)
    window.setGeometry(geometry)
    qtbot.waitUntil(lambda: window.size() == geometry.size())
    assert window.minimumSizeHint().boundedTo(available.size()) == window.minimumSizeHint()
    panel = window.training_panel
    buttons = [
        panel.train_button, panel.pause_button, panel.step_button,
        panel.stop_button, panel.reset_button,
    ]  # fmt: skip
    assert all(visible_in_window(window, button) for button in buttons)
    size = window.size()
    for selection in (["h1"], ["s1", "s2"], ["x1", "h2", "y"]):
        select_only(window, *selection)
        QApplication.processEvents()
        assert window.size() == size
    window._docks["explain"].raise_()
    QApplication.processEvents()
    assert window.size() == size
    window._docks["training"].raise_()
    QApplication.processEvents()
    assert all(visible_in_window(window, button) for button in buttons)
    least = window.minimumSizeHint()
    window.design.settings = replace(window.design.settings, epochs=20, validation_split=0.5)
    with qtbot.waitSignal(panel.controller.events.finished, timeout=30_000):
        qtbot.mouseClick(panel.train_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert "validation" in window.cost_plot.readout.text()
    assert window.size() == size
    assert window.minimumSizeHint().width() <= least.width()  # a long readout is cut
