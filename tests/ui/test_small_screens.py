"""The window on small screens: it opens within the available area, never grows, and the
training controls stay in reach at 1280x720 and 1366x768."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication

from nndesigner.app import build_main_window
from nndesigner.ui.window_placement import (
    PREFERRED_SIZE,
    WINDOW_RECT_KEY,
    framed_geometry,
    start_geometry,
)
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


@pytest.mark.parametrize("available", SMALL_SCREENS)
def test_a_title_bar_and_borders_that_stick_out_are_brought_on_screen(available):
    # A window manager's frame: 4 px borders, a 30 px title bar, around the client area.
    client = start_geometry(available)
    frame = client.adjusted(-4, -30, 4, 4)
    fitted = framed_geometry(client, frame, available)
    assert available.contains(fitted.adjusted(-4, -30, 4, 4))
    assert fitted.width() == client.width() - max(0, client.width() + 8 - available.width())
    assert framed_geometry(fitted, fitted.adjusted(-4, -30, 4, 4), available) == fitted


def reopened_window(qtbot):
    window = build_main_window()
    window.show()
    qtbot.waitExposed(window)
    return window


def close(window) -> None:
    window.undo_stack.setClean()
    window.close()
    window.deleteLater()


@pytest.fixture
def screen_1366x768(monkeypatch):
    """The screen reports the area a 1366x768 desktop with a top panel leaves."""
    available = SMALL_SCREENS[1]
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(available))
    return available


def test_the_last_place_and_docks_come_back_when_they_fit_the_screen(qtbot, screen_1366x768):
    first = reopened_window(qtbot)
    place = QRect(40, 60, 1200, 700)
    first.setGeometry(place)
    first._docks["palette"].hide()
    qtbot.waitUntil(lambda: first.geometry() == place)
    close(first)
    second = reopened_window(qtbot)
    assert second.geometry() == place
    assert not second._docks["palette"].isVisible()
    close(second)


def test_a_last_place_that_does_not_fit_this_screen_is_not_used(qtbot, screen_1366x768):
    QSettings().setValue(WINDOW_RECT_KEY, QRect(0, 0, 1900, 1150))  # from a larger screen
    window = reopened_window(qtbot)
    available = screen_1366x768
    assert available.contains(window.geometry())
    assert window.geometry() == start_geometry(available)
    close(window)
    QSettings().setValue(WINDOW_RECT_KEY, "not a rectangle")
    window = reopened_window(qtbot)
    assert window.geometry() == start_geometry(available)
    close(window)


def wheel(widget, steps: int = -1) -> None:
    """A real wheel event over the middle of `widget` (-1: one notch towards the user)."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent

    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
        QPoint(0, 120 * steps), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_a_panel_scrolls_it_and_never_changes_a_value_by_accident(window, qtbot):
    window.setGeometry(start_geometry(SMALL_SCREENS[0]))
    select_only(window, "h1")
    bias = window.inspector.bias
    before = (bias.value(), window.undo_stack.index())
    wheel(bias)
    wheel(bias)
    assert (bias.value(), window.undo_stack.index()) == before
    qtbot.mouseClick(bias, Qt.MouseButton.LeftButton)  # clicked: now it takes the wheel
    wheel(bias, steps=1)
    assert bias.value() != before[0]
