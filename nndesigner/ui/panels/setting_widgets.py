"""One way to show a training setting in its widget and to read the user's edit of it,
whatever the widget: a combo box holds the values as item data, a spin box with a
special value text shows None as its minimum ("all rows"; or the value of its
`special_value` property, as 0 for "off"), a check box a bool."""

from __future__ import annotations

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QSpinBox,
    QWidget,
)

# The largest seed a spin box offers (a 32-bit int).
SEED_MAX = 2_147_483_647


def number_box(
    name: str, low: float, high: float, decimals: int, step: float | None = None, tip: str = ""
) -> QDoubleSpinBox:
    """A spin box for a decimal setting that reports an edit once it is finished;
    `step` defaults to 100 units of its last decimal."""
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(decimals)
    box.setSingleStep(10.0 ** (2 - decimals) if step is None else step)
    return _named(box, name, tip)


def choice_box(name: str, items: list[tuple[object, str]]) -> QComboBox:
    """A combo box of (value, text) items, the values as item data."""
    box = QComboBox()
    box.setObjectName(name)
    for value, text in items:
        box.addItem(text, value)
    return box


def count_box(name: str, low: int, high: int = 10_000_000, tip: str = "") -> QSpinBox:
    """A spin box for a whole-number setting that reports an edit once it is finished."""
    box = QSpinBox()
    box.setRange(low, high)
    return _named(box, name, tip)


def _named(box: QAbstractSpinBox, name: str, tip: str) -> QAbstractSpinBox:
    box.setObjectName(name)
    box.setToolTip(tip)
    box.setKeyboardTracking(False)
    return box


def show_setting(widget: QWidget, value: object) -> None:
    """Put `value` in `widget` without emitting an edit."""
    widget.blockSignals(True)
    if isinstance(widget, QComboBox):
        widget.setCurrentIndex(widget.findData(value))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QAbstractSpinBox):
        widget.setValue(widget.minimum() if value is None else value)
    widget.blockSignals(False)


def setting_value(widget: QWidget) -> object:
    """The value the user chose in `widget`."""
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if widget.specialValueText() and widget.value() == widget.minimum():
        return widget.property("special_value")  # None unless the widget names one
    return widget.value()


def edited(widget: QWidget) -> SignalInstance:
    """The signal of a user's edit (a combo box's `activated`, so that showing a value
    is never taken for an edit)."""
    if isinstance(widget, QComboBox):
        return widget.activated
    if isinstance(widget, QCheckBox):
        return widget.toggled
    return widget.valueChanged
