"""The Korean edition mirrors the English one: same notebooks, identical code cells."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1] / "notebooks"
ENGLISH = sorted(p.name for p in (ROOT / "en").glob("*.ipynb"))


def test_every_english_notebook_has_a_korean_twin_and_no_other():
    assert ENGLISH and sorted(p.name for p in (ROOT / "ko").glob("*.ipynb")) == ENGLISH


@pytest.mark.parametrize("name", ENGLISH)
def test_code_cells_are_identical_and_markdown_is_korean(name):
    en = nbformat.read(ROOT / "en" / name, 4)
    ko = nbformat.read(ROOT / "ko" / name, 4)
    code_en = [(c.source, c.metadata.get("tags", []), c.metadata.get("labkit")) for c in en.cells if c.cell_type == "code"]
    code_ko = [(c.source, c.metadata.get("tags", []), c.metadata.get("labkit")) for c in ko.cells if c.cell_type == "code"]
    assert code_ko == code_en  # the editions can never drift
    assert [c.cell_type for c in ko.cells] == [c.cell_type for c in en.cells]
    for cell in ko.cells:
        if cell.cell_type == "markdown" and cell.source.strip():
            hangul = sum("\uac00" <= ch <= "\ud7a3" for ch in cell.source)
            assert hangul >= 2, f"{name}: a markdown cell has no Korean: {cell.source[:80]!r}"
