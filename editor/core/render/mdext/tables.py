"""GFM table rows: the delimiter row, cells split on unescaped pipes, column alignment."""

from __future__ import annotations

import re

TABLE_DELIMITER_ROW = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


def split_table_row(line: str) -> list[str]:
    """The cells of a GFM table row: split on unescaped pipes, outer pipes optional."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    cells: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] == "|":
            current.append("|")
            index += 2
            continue
        if char == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
        index += 1
    cells.append("".join(current).strip())
    return cells


def table_aligns(delimiter_row: str) -> list[str]:
    """Each column's alignment from the delimiter row: "left", "center", "right" or ""."""
    aligns = []
    for cell in split_table_row(delimiter_row):
        left, right = cell.startswith(":"), cell.endswith(":")
        aligns.append("center" if left and right else "left" if left else "right" if right else "")
    return aligns
