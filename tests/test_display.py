"""labkit.table: readable, stable tables for notebook cells."""

from __future__ import annotations

import pytest

import labkit
from labkit import LabkitError


def test_table_from_dicts_renames_and_joins_values():
    t = labkit.table([{"GroupName": "web-sg", "Ports": [80, 443], "Open": True, "Note": None},
                      {"GroupName": "app-sg", "Ports": [8080], "Open": False}],
                     {"GroupName": "group", "Ports": "ports", "Open": "open", "Note": "note"}, title="SGs")
    assert repr(t).splitlines() == ["SGs", "group   ports    open  note", "------  -------  ----  ----",
                                    "web-sg  80, 443  yes   —", "app-sg  8080     no    —"]
    assert "<th style='text-align:left'>ports</th>" in t._repr_html_() and len(t) == 2


def test_wide_characters_align_and_html_is_escaped():
    t = labkit.table([("리전", "<b>")], ["용어", "x"])
    assert repr(t).splitlines()[2].startswith("리전  ")
    assert "&lt;b&gt;" in t._repr_html_()


@pytest.mark.parametrize(("rows", "columns", "message"), [
    ([(1, 2)], None, "need columns"), ([(1, 2)], ["a"], "2 values but there are 1 columns"), ([3], ["a"], "dict or a sequence"),
])
def test_bad_rows_are_clear_errors(rows, columns, message):
    with pytest.raises(LabkitError, match=message):
        labkit.table(rows, columns)
