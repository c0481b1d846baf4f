"""Real-world variants of one small CSV file, written the ways spreadsheets, scripts and
people write them. `write_variants(folder)` makes them all; the readers' tests are driven
by the two tables below."""

from __future__ import annotations

from pathlib import Path

HEADER = ["x1", "x2", "y", "city"]
ROWS = [
    ["0.5", "-1.25", "0", "Zürich"],
    ["1.75", "2", "1", "Málaga"],
    ["-3", "0.125", "1", "Köln"],
    ["4.5", "6", "0", "Genève"],
]


def _text(separator: str = ",", decimal: str = ".", quote: bool = False, pad: str = "") -> str:
    def cell(value: str) -> str:
        if decimal != "." and value.replace(".", "", 1).lstrip("-").isdigit():
            value = value.replace(".", decimal)
        value = f"{pad}{value}{pad}"
        return f'"{value}"' if quote else value

    lines = [separator.join(HEADER)] + [separator.join(cell(v) for v in row) for row in ROWS]
    return "\n".join(lines) + "\n"


# name -> the file's bytes; each reads to the same numbers as "plain".
READABLE: dict[str, bytes] = {
    "plain": _text().encode(),
    "crlf": _text().replace("\n", "\r\n").encode(),
    "utf-8 with BOM": b"\xef\xbb\xbf" + _text().encode(),
    "excel europe": b"\xef\xbb\xbf"
    + _text(";", ",").replace("\n", "\r\n").encode(),  # BOM, CRLF, ';' and decimal comma
    "semicolon": _text(";").encode(),
    "tab": _text("\t").encode(),
    "all quoted": _text(quote=True).encode(),
    "latin-1": _text().encode("latin-1"),
    "windows-1252": _text().replace("Köln", "Köln €").encode("cp1252"),
    "comment line": b"# exported by hand\n" + _text().encode(),
    "spaces around cells": _text(pad=" ").encode(),
    "blank lines at the end": _text().encode() + b"\n\n",
    # Excel's "Unicode Text": UTF-16 with a byte-order mark, tabs, CRLF.
    "excel unicode text": _text("\t").replace("\n", "\r\n").encode("utf-16"),
    "commented header": b"# " + _text().encode(),
    "separator at every line end": _text().replace("\n", ",\n").encode(),
}

# name -> (the file's bytes, words the refusal must contain).
REFUSED: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "duplicate column": (b"x1,x2,x1,y\n1,2,3,0\n", ("'x1'", "twice", "columns 1 and 3")),
    "long row": (_text().replace("1.75,2,1", "1.75,2,1,9,9").encode(), ("row 3", "6 cells")),
    "short row": (_text().replace("-3,0.125,1,Köln", "-3,0.125").encode(), ("row 4", "2 cells")),
    "empty file": (b"", ("empty",)),
    "header only": (b"x1,x2,y,city\n", ("no data rows",)),
    "thousands separators": (
        b'x1,x2,y,city\n"1,250",2,0,a\n3,4,1,b\n',
        ("row 2", "'1,250'", "thousands"),
    ),
    "missing cell": (b"x1,x2,y,city\n1,,0,a\n3,4,1,b\n", ("row 2", "'x2'", "empty")),
    "nan and inf": (b"x1,x2,y,city\nnan,2,0,a\n3,inf,1,b\n", ("row 2", "'x1'")),
    "quote never closed": (
        _text().replace(",Köln", ',"Köln').encode(),
        ("row 4", "never closed"),
    ),
    "one column found": (b"x1|x2|y|city\n1|2|0|a\n", ("no column 'x1'", "separator")),
}


def write_variants(folder: Path) -> dict[str, Path]:
    """Every variant as a file in `folder`, by name."""
    paths = {}
    for name, data in {**READABLE, **{k: v[0] for k, v in REFUSED.items()}}.items():
        path = folder / (name.replace(" ", "_") + ".csv")
        path.write_bytes(data)
        paths[name] = path
    return paths
