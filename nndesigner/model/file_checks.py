"""What a file may hold, checked where it comes in: the limits on sizes, and the checks
that every path is a regular file, every number finite, every count a whole number in
its range and every string valid Unicode. Each refusal is a DesignError with a sentence
that names the limit or the field, never the foreign file's content."""

from __future__ import annotations

import math
import os
import stat
from collections.abc import Iterator
from typing import Any

from nndesigner.model.errors import DesignError

# Far above any design the canvas can show (784-64-10, 50,816 synapses, is 6 MB).
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_NEURONS = 200_000
MAX_SYNAPSES = 2_000_000
# A CSV read whole (for training; predict streams a file of any length).
MAX_CSV_BYTES = 2 * 1024**3
MAX_GENERATED_ROWS = 1_000_000
MAX_SEED = 2**32 - 1
MAX_EPOCHS = 100_000_000
# Integers written with more digits than this are no counts and no float either.
MAX_INTEGER_DIGITS = 300


def regular_file(path: str | os.PathLike, what: str = "file") -> int:
    """The size of the regular file at `path`; DesignError for a path with a NUL, a
    missing file, and a folder, device or pipe (which could block or never end)."""
    text = os.fspath(path)
    if "\0" in text:
        raise DesignError(f"The {what} path holds a NUL character.")
    try:
        status = os.stat(text)
    except OSError as error:
        raise DesignError(f"Cannot read {text}: {error.strerror or error}.") from error
    if stat.S_ISDIR(status.st_mode):
        raise DesignError(f"{text} is a folder, not a {what}.")
    if not stat.S_ISREG(status.st_mode):
        raise DesignError(f"{text} is not a regular {what} (a device or a pipe).")
    return status.st_size


def parse_int(text: str) -> int | float:
    """A JSON integer; refused when it has too many digits to be a count or a float."""
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise DesignError(f"The file holds an integer of {len(text)} digits, too large a number.")
    value = int(text)
    return value if abs(value) < 2**63 else float(value)


def parse_float(text: str) -> float:
    """A JSON number with a fraction or an exponent; refused when beyond float range."""
    value = float(text)
    if not math.isfinite(value):
        raise DesignError(f"The file holds {text[:30]}, beyond the range of numbers.")
    return value


def whole(value: Any, name: str, low: int, high: int) -> int:
    """`value` as an int when it is a whole number from `low` to `high` (3.0 is 3);
    DesignError naming `name` otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DesignError(f"{name} must be a whole number.")
    if isinstance(value, float) and not value.is_integer():
        raise DesignError(f"{name} must be a whole number, not {value:g}.")
    if not low <= value <= high:
        shown = f"{value:,.0f}" if abs(value) < 1e15 else f"{value:.3g}"
        raise DesignError(f"{name} must be from {low:,} to {high:,}, not {shown}.")
    return int(value)


def _strings(data: Any) -> Iterator[str]:
    """Every string in parsed JSON, keys included (without recursion)."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)


def check_strings(data: Any) -> None:
    """DesignError when a string is not valid Unicode (a lone surrogate from an escape
    such as \\ud800 could be neither shown nor written back)."""
    for text in _strings(data):
        if not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise DesignError("The file holds text that is not valid Unicode.") from None


def printable(message: str) -> str:
    """`message` with control characters (escape sequences, newlines) written as
    escapes, so that a file's content cannot drive the terminal."""
    if message.isprintable():
        return message
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
