"""Readable tables for notebooks: ``labkit.table(rows)``.

Course cells show AWS answers as tables, not raw dict dumps. A :class:`Table`
renders as HTML in JupyterLab and as aligned plain text everywhere else; both
are stable (no ids of Python objects, no timestamps), so nbval can compare them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .errors import LabkitError

__all__ = ["Table", "table"]


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={_cell(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return ", ".join(_cell(v) for v in items)
    return str(value)


def _width(text: str) -> int:
    # East Asian wide characters take two columns in a terminal.
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class Table:
    """Rows with named columns; ``_repr_html_`` for JupyterLab, ``repr`` for text."""

    def __init__(self, rows: list[list[str]], columns: list[str], title: str = "") -> None:
        self.rows, self.columns, self.title = rows, columns, title

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        widths = [max([_width(c), *(_width(r[i]) for r in self.rows)]) for i, c in enumerate(self.columns)]

        def line(cells: Sequence[str]) -> str:
            return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

        out = [self.title] if self.title else []
        out += [line(self.columns), line(["-" * w for w in widths])]
        out += [line(r) for r in self.rows]
        return "\n".join(out)

    def _repr_html_(self) -> str:
        head = "".join(f"<th style='text-align:left'>{html.escape(c)}</th>" for c in self.columns)
        body = "".join("<tr>" + "".join(f"<td style='text-align:left'>{html.escape(v)}</td>" for v in r) + "</tr>"
                       for r in self.rows)
        caption = f"<caption style='text-align:left;font-weight:bold'>{html.escape(self.title)}</caption>" if self.title else ""
        return f"<table class='labkit-table'>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def table(rows: Iterable[Any], columns: Sequence[str] | Mapping[str, str] | None = None, *, title: str = "") -> Table:
    """A table of ``rows`` (dicts, or sequences with ``columns`` naming them).

    ``columns`` picks and orders dict keys; a mapping renames them
    (``{"CidrBlock": "CIDR"}``). Nested values are joined readably.

    Example:
        >>> labkit.table([{"Name": "web-sg", "Port": 443}], title="Security groups")
        Security groups
        Name    Port
        ------  ----
        web-sg  443
    """
    items = list(rows)
    if columns is None:
        if items and not all(isinstance(r, Mapping) for r in items):
            raise LabkitError("rows that are not dicts need columns=[...] naming each position.")
        keys: list[str] = []
        for r in items:
            keys += [k for k in r if k not in keys]
        names = {k: k for k in keys}
    elif isinstance(columns, Mapping):
        names = dict(columns)
    else:
        names = {c: c for c in columns}
    out = []
    for r in items:
        if isinstance(r, Mapping):
            out.append([_cell(r.get(k)) for k in names])
        elif isinstance(r, Sequence) and not isinstance(r, str):
            if len(r) != len(names):
                raise LabkitError(f"a row has {len(r)} values but there are {len(names)} columns: {list(names)}.")
            out.append([_cell(v) for v in r])
        else:
            raise LabkitError(f"a table row must be a dict or a sequence, not {type(r).__name__}.")
    return Table(out, list(names.values()), title)
