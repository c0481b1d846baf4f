"""Start the GUI: the only module that imports nndesigner.ui."""

from __future__ import annotations

import sys

from nndesigner.model.design import Design
from nndesigner.model.document import NetworkDocument
from nndesigner.model.errors import DesignError
from nndesigner.model.serialize import load_design


def run_gui(design_path: str | None = None) -> int:
    """Open the main window on `design_path` (or an empty design) and run Qt's loop."""
    from PySide6.QtWidgets import QApplication

    from nndesigner.ui.dialogs import show_error
    from nndesigner.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("nndesigner")
    design = Design(NetworkDocument())
    problem = None
    if design_path:
        try:
            design = load_design(design_path)
        except DesignError as error:
            problem = str(error)
    window = MainWindow(design)
    window.show()
    if problem:
        show_error(window, problem)
    return app.exec()
