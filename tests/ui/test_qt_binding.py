"""The installed Qt binding keeps Python's reference counts right.

PySide6 6.12.0 dropped a reference to None on every call of a method that returns
nothing; on Python 3.11 the app then crashes with "deallocating None" after a few
thousand canvas redraws. This guards the pin in pyproject.toml.
"""

import sys

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QGraphicsEllipseItem


def test_void_methods_keep_the_reference_count_of_none(qapp):
    path = QPainterPath()
    item = QGraphicsEllipseItem()
    before = sys.getrefcount(None)
    for _ in range(200):
        path.lineTo(QPointF(1.0, 2.0))
        item.setPos(1.0, 2.0)
    assert sys.getrefcount(None) - before >= -10
