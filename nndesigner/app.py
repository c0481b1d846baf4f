"""Start the GUI: the only module that imports nndesigner.ui."""

from __future__ import annotations

import sys

from nndesigner.resources import resource_path

DEFAULT_EXAMPLE = resource_path("examples", "xor.nnd.json")
# While the training thread runs NumPy on small arrays it holds the GIL almost all the
# time; every call from Qt into Python on the GUI thread then waits for the interpreter's
# switch interval (5 ms by default). A shorter interval keeps the window responsive.
GIL_SWITCH_INTERVAL = 0.0005


def _application():  # noqa: ANN202 (QApplication, imported lazily)
    from PySide6.QtWidgets import QApplication

    sys.setswitchinterval(GIL_SWITCH_INTERVAL)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("nndesigner")
    app.setApplicationName("nndesigner")
    return app


def build_main_window(path: str | None = None):  # noqa: ANN201 (MainWindow, imported lazily)
    """The main window on `path`, or on the bundled XOR example; the event loop is not
    entered, so tests and embedding programs can drive it."""
    _application()
    from nndesigner.ui.main_window import MainWindow

    window = MainWindow()
    if path is None:
        window.files.open_example(DEFAULT_EXAMPLE)
    else:
        window.files.open_path(path, ask=False)
    return window


def run_gui(path: str | None = None) -> int:
    """Show the main window and run Qt's event loop until it closes."""
    from nndesigner.engine import kernel_warm_up
    from nndesigner.model.user_folders import compiled_code_folder
    from nndesigner.ui.safety_net import SafetyNet

    # The compiled kernel is made ready in the background; NumPy trains until it is.
    kernel_warm_up.start_warm_up(compiled_code_folder())
    app = _application()
    window = build_main_window(path)
    safety_net = SafetyNet(lambda: window)
    safety_net.install()
    window.show()
    window.files.offer_recovery()
    try:
        return app.exec()
    finally:
        safety_net.uninstall()
