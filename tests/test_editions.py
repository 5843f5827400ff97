"""Editions: the learner edition hides solutions, keeps teaching, and never
overwrites a learner's edits."""

from __future__ import annotations

import json

import nbformat
import pytest

from labkit import LabkitError
from labkit.cli import main
from labkit.editions import MANIFEST, learner_notebook, release, write_edition

SECRET = "authorize_security_group_ingress(GroupId=web, SECRET_SOLUTION_MARKER=1)"


def _master(tmp_path, version="1"):
    src = tmp_path / "master"
    (src / "en").mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# Lesson v{version}"),
        nbformat.v4.new_code_cell("import labkit\nlab = labkit.start('three-tier-network')",
                                  outputs=[nbformat.v4.new_output("stream", text="teaching output\n")]),
        nbformat.v4.new_code_cell(SECRET, metadata={"tags": ["solution"], "labkit": {"task": "vpc.security_groups"}},
                                  outputs=[nbformat.v4.new_output("stream", text="solution output\n")]),
        nbformat.v4.new_code_cell("labkit.grade('vpc.security_groups')", metadata={"tags": ["check"]},
                                  outputs=[nbformat.v4.new_output("stream", text="10/10 full marks\n")]),
    ]
    nbformat.write(nb, src / "en" / "01_lesson.ipynb")
    (src / "en" / "README.md").write_text("course map\n")
    return src


def test_learner_notebook_replaces_solutions_and_clears_exercise_outputs(tmp_path):
    nb = nbformat.read(_master(tmp_path) / "en" / "01_lesson.ipynb", 4)
    learner = learner_notebook(nb)
    text = nbformat.writes(learner)
    assert "SECRET_SOLUTION_MARKER" not in text and "solution output" not in text and "full marks" not in text
    assert "teaching output" in text  # teaching cells keep their outputs
    turn = learner.cells[2]
    assert "Your turn" in turn.source and 'labkit.task("vpc.security_groups").hint()' in turn.source
    assert "your-turn" in turn.metadata["tags"] and "solution" not in turn.metadata["tags"]
    assert "SECRET_SOLUTION_MARKER" in nbformat.writes(nb)  # the master is untouched
    assert "직접 해 보세요" in learner_notebook(nb, "ko").cells[2].source


def test_write_edition_never_overwrites_a_learners_edits(tmp_path):
    dest = tmp_path / "home" / "course" / "en"
    first = write_edition(dest, "en", source=_master(tmp_path, "1"))
    lesson = dest / "01_lesson.ipynb"
    assert sorted(p.name for p in first.written) == ["01_lesson.ipynb", "README.md"]
    assert json.loads((dest / MANIFEST).read_text())["lang"] == "en"
    # Unchanged on a second run.
    assert write_edition(dest, "en", source=_master(tmp_path, "1")).unchanged
    # A new kit version with no learner edits: updated in place.
    second = write_edition(dest, "en", source=_master(tmp_path, "2"))
    assert lesson in second.written and "Lesson v2" in lesson.read_text()
    # The learner edits; the next kit version is saved beside, and said.
    edited = lesson.read_text().replace("Your turn", "my own work")
    lesson.write_text(edited)
    third = write_edition(dest, "en", source=_master(tmp_path, "3"))
    assert lesson.read_text() == edited
    (kept, beside), = third.beside
    assert kept == lesson and "Lesson v3" in beside.read_text() and beside.name.startswith("01_lesson.v")
    assert "has your edits, so it was kept" in third.messages()[0]


def test_release_writes_a_learner_edition_and_refuses_a_foreign_folder(tmp_path, capsys):
    src = _master(tmp_path)
    out = tmp_path / "release"
    release(out, "en", source=src)
    assert "SECRET_SOLUTION_MARKER" not in (out / "01_lesson.ipynb").read_text()
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("mine")
    with pytest.raises(LabkitError, match="not empty and holds no labkit edition"):
        release(foreign, "en", source=src)
    with pytest.raises(LabkitError, match="no course in language 'fr'"):
        release(tmp_path / "x", "fr", source=src)


def test_release_command_on_the_real_course_hides_every_solution(tmp_path, capsys):
    from labkit.paths import course_source

    out = tmp_path / "edition"
    assert main(["release", "--out", str(out)]) == 0
    assert "learner edition (en)" in capsys.readouterr().out
    masters = sorted((course_source() / "en").glob("*.ipynb"))
    assert masters
    for master in masters:
        nb = nbformat.read(master, 4)
        solutions = [c.source for c in nb.cells if "solution" in c.metadata.get("tags", [])]
        # Lines the master also shows outside solutions (the seed's own examples, a playground
        # cell) are teaching, not spoilers; every line found only in solutions must be gone.
        teaching = {line.strip().lstrip("# ").strip() for c in nb.cells
                    if "solution" not in c.metadata.get("tags", []) for line in c.source.splitlines()}
        learner = nbformat.read(out / master.name, 4)
        code = {line.strip() for c in learner.cells if c.cell_type == "code" for line in c.source.splitlines()}
        for source in solutions:
            for line in source.splitlines():
                line = line.strip()
                if len(line) > 25 and line not in teaching:
                    assert line not in code, (master.name, line)
