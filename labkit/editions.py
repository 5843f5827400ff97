"""Editions of the course: the master edition in the repo, the learner edition made from it.

The repo's ``notebooks/<lang>/`` is the master edition: every exercise has its
reference solution in cells tagged ``solution`` and outputs committed from a run
with the solutions (so CI shows every task at full marks). The learner edition
is derived from it:

- each ``solution`` cell becomes an empty "your turn" cell whose only code is a
  hint call (``labkit.task("<id>").hint()``, commented out, when the cell names
  its task in ``metadata.labkit.task``);
- outputs of exercise cells (tagged ``solution``, ``check`` or ``exercise``) are
  cleared, so nothing of the answer shows before the learner builds it.

``labkit lab`` writes the learner edition to ``$LABKIT_HOME/course/<lang>/`` on
first use and opens it there; ``labkit release --out DIR`` writes it for an
instructor. A later kit never overwrites a notebook the learner has edited: a
manifest remembers the hash of what the kit wrote, and when the file on disk no
longer matches it, the new version is saved beside it (``NAME.v<version>.ipynb``)
and reported.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from ._version import __version__
from .errors import LabkitError

__all__ = ["SOLUTION_TAG", "EXERCISE_TAGS", "learner_notebook", "write_edition", "release", "EditionReport", "MANIFEST"]

SOLUTION_TAG = "solution"
EXERCISE_TAGS = frozenset({"solution", "check", "exercise"})
MANIFEST = ".labkit-edition.json"
_NBFORMAT = 4


def _tags(cell: Any) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _your_turn(cell: Any, lang: str) -> str:
    task = (cell.get("metadata", {}).get("labkit") or {}).get("task")
    if lang == "ko":
        lines = ["# 직접 해 보세요 (your turn): 위의 설명대로 구성한 뒤 아래의 확인 셀을 실행하세요."]
        if task:
            lines.append(f'# 막히면 힌트: labkit.task("{task}").hint()')
    else:
        lines = ["# Your turn (직접 해 보세요): build what the text above asks for, then run the Check cell below."]
        if task:
            lines.append(f'# Stuck? Ask for a hint: labkit.task("{task}").hint()')
    return "\n".join(lines) + "\n"


def learner_notebook(nb: Any, lang: str = "en") -> Any:
    """A learner-edition copy of a master notebook (the input is not changed)."""
    out = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in out.cells:
        tags = _tags(cell)
        if cell.cell_type == "code" and SOLUTION_TAG in tags:
            cell.source = _your_turn(cell, lang)
            cell.metadata["tags"] = sorted((tags - {SOLUTION_TAG}) | {"your-turn"})
        if cell.cell_type == "code" and tags & EXERCISE_TAGS:
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    return out


def _trust(nb: Any) -> None:
    """Sign a notebook the kit wrote, so JupyterLab shows its saved diagrams (SVG/HTML)
    instead of their text until each cell is run again. Signing is per user (the
    signature lives in the Jupyter data folder); failure to sign changes nothing else."""
    try:
        from nbformat.sign import NotebookNotary

        NotebookNotary().sign(nb)
    except Exception:  # no writable Jupyter data folder: the notebook is still fine, just untrusted
        pass


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _render(nb: Any) -> bytes:
    return (nbformat.writes(nb, version=_NBFORMAT) + "\n").encode("utf-8")


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@dataclass
class EditionReport:
    """What :func:`write_edition` did, file by file."""

    target: Path
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    beside: list[tuple[Path, Path]] = field(default_factory=list)  # (learner's file, new version saved beside)

    def messages(self) -> list[str]:
        notes = [
            f"{kept.name} has your edits, so it was kept; the new version is {new.name}"
            for kept, new in self.beside
        ]
        return notes


def _source_dir(lang: str, source: Path | None) -> Path:
    from .paths import course_source

    root = source or course_source()
    folder = root / lang
    if not folder.is_dir():
        langs = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
        raise LabkitError(f"no course in language {lang!r} at {root}. Languages here: {', '.join(langs) or 'none'}.")
    return folder


def write_edition(target: Any, lang: str = "en", *, source: Path | None = None) -> EditionReport:
    """Write the learner edition of ``lang`` into ``target``, never clobbering a learner's edits."""
    src = _source_dir(lang, source)
    dest = Path(target).expanduser()
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise LabkitError(f"cannot create {dest}: {err.strerror}. Choose a writable folder.") from err
    manifest_path = dest / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    except ValueError:
        manifest = {}
    written_hashes: dict[str, str] = dict(manifest.get("files", {}))
    report = EditionReport(dest)
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if any(part.startswith(".") for part in rel.parts) or path.is_dir():
            continue
        out = dest / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".ipynb":
            learner = learner_notebook(nbformat.read(path, as_version=_NBFORMAT), lang)
            _trust(learner)
            data = _render(learner)
        else:
            data = path.read_bytes()
        new_hash = _digest(data)
        if out.exists():
            current = _digest(out.read_bytes())
            if current == new_hash:
                report.unchanged.append(out)
                written_hashes[str(rel)] = new_hash
                continue
            if written_hashes.get(str(rel)) != current:  # the learner changed it: keep theirs
                beside = out.with_name(f"{out.stem}.v{__version__}{out.suffix}")
                _atomic_write(beside, data)
                report.beside.append((out, beside))
                continue
        _atomic_write(out, data)
        written_hashes[str(rel)] = new_hash
        report.written.append(out)
    _atomic_write(manifest_path, json.dumps({"kit_version": __version__, "lang": lang, "files": written_hashes},
                                            indent=1, sort_keys=True).encode("utf-8"))
    return report


def release(out: Any, lang: str = "en", *, force: bool = False, source: Path | None = None) -> EditionReport:
    """``labkit release``: the learner edition in a fresh folder (for nbgitpuller or a hub image)."""
    dest = Path(out).expanduser()
    if dest.exists() and any(dest.iterdir()) and not (dest / MANIFEST).exists():
        if not force:
            raise LabkitError(f"{dest} is not empty and holds no labkit edition; choose an empty folder or pass --force.")
    return write_edition(dest, lang, source=source)
