"""Undo commands: the only way the UI changes the document."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from nndesigner.engine.spec import Parameters
from nndesigner.model.document import NetworkDocument


class SetParametersCommand(QUndoCommand):
    """Replace all weights, biases and alphas (e.g. with the result of training)."""

    def __init__(self, document: NetworkDocument, new: Parameters, text: str) -> None:
        super().__init__(text)
        self._document = document
        self._old = document.parameters()
        self._new = new

    def redo(self) -> None:
        self._document.set_parameters(self._new)

    def undo(self) -> None:
        self._document.set_parameters(self._old)
