"""Trained networks out of nndesigner: the documented JSON, or a PyTorch module file."""

from __future__ import annotations

import os
from pathlib import Path

from nndesigner.model.atomic_file import write_atomically
from nndesigner.model.design import Design
from nndesigner.model.onnx_export import export_onnx
from nndesigner.model.serialize import WEIGHTS_FORMAT, save_design

EXPORT_FORMATS = ("json", "pytorch", "onnx")
TORCH_TEMPLATE = Path(__file__).parent.parent / "templates" / "torch_module.py"


def export_design(design: Design, path: str | os.PathLike, file_format: str = "json") -> None:
    """Write `design` as a weights JSON, as a self-contained PyTorch module (a .py file
    whose `build_model(weights_json_path)` rebuilds the network from a weights file), or
    as an ONNX model."""
    if file_format == "json":
        save_design(design, path, WEIGHTS_FORMAT)
    elif file_format == "pytorch":
        write_atomically(path, TORCH_TEMPLATE.read_text(encoding="utf-8"))
    elif file_format == "onnx":
        export_onnx(design, path)
    else:
        raise ValueError(f"unknown export format '{file_format}'")
