"""Build the master notebooks from their sources, and run them (``make notebooks``).

Sources are ``notebooks/_src/<lang>/NN_topic.py`` in jupytext's percent format
(reviewable diffs; cell tags such as ``solution`` and ``check`` and the
``labkit={"task": ...}`` metadata ride in the ``# %%`` line). The committed
``notebooks/<lang>/NN_topic.ipynb`` is built from its source and executed top
to bottom so its outputs can be compared strictly by nbval in CI: a fresh kernel
per notebook, solutions included, a throwaway ``LABKIT_HOME``, a fixed learner id
(quiz order is shuffled per learner), ``LABKIT_LANG`` set to the edition's language, and no per-cell
timestamps (a re-run that changes nothing changes no byte).

    python tools/notebooks.py build [SOURCE_OR_NOTEBOOK ...]   build + execute (default: all)
    python tools/notebooks.py check                            fail if a notebook is stale
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "notebooks" / "_src"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def target_of(source: Path) -> Path:
    rel = source.relative_to(SRC)
    return ROOT / "notebooks" / rel.with_suffix(".ipynb")


def source_of(notebook: Path) -> Path:
    rel = notebook.resolve().relative_to(ROOT / "notebooks")
    return SRC / rel.with_suffix(".py")


def from_source(source: Path) -> nbformat.NotebookNode:
    nb = jupytext.read(source, fmt="py:percent")
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("lines_to_next_cell", None)
        # Stable ids (nbformat draws random ones): a rebuild that changes nothing changes no byte.
        digest = hashlib.sha1(f"{index}\0{cell.source}".encode()).hexdigest()[:8]
        cell.id = f"c{index:02d}-{digest}"
    return nb


def _shape(nb: nbformat.NotebookNode) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(c.cell_type, c.source.strip(), tuple(c.metadata.get("tags", []))) for c in nb.cells]


def execute(source: Path) -> float:
    nb = from_source(source)
    target = target_of(source)
    from nbclient import NotebookClient

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="labkit-nb-home-") as home:
        saved = dict(os.environ)
        os.environ.update({"LABKIT_HOME": home, "LABKIT_LEARNER": "learner", "PYTHONHASHSEED": "0",
                           # the edition's language, even before its first notebook exists on disk
                           "LABKIT_LANG": source.parent.name})
        try:
            NotebookClient(nb, timeout=900, kernel_name="python3",
                           resources={"metadata": {"path": str(target.parent)}}).execute()
        finally:
            os.environ.clear()
            os.environ.update(saved)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = _stable_outputs(cell.outputs)
    nb.metadata.pop("widgets", None)  # widget state holds random model ids
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    return time.perf_counter() - started


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _stable_outputs(outputs: list) -> list:
    """Outputs that do not change between identical runs.

    - consecutive ``stream`` outputs of the same name are merged (the kernel
      splits a cell's prints by timing);
    - widget views are dropped: their model ids are random and their state is
      not saved, so they could not render from the file anyway; the text/plain
      beside them (a stable repr) is what the file shows until the cell runs.
    """
    out: list = []
    for output in outputs:
        if output.get("output_type") == "stream" and out and out[-1].get("output_type") == "stream" \
                and out[-1].get("name") == output.get("name"):
            out[-1]["text"] = out[-1]["text"] + output["text"]
            continue
        data = output.get("data")
        if data and WIDGET_VIEW in data:
            data.pop(WIDGET_VIEW)
            if not data:
                continue
        out.append(output)
    return out


def stale() -> list[str]:
    problems = []
    sources = sorted(SRC.glob("*/*.py"))
    for source in sources:
        target = target_of(source)
        if not target.exists():
            problems.append(f"{target.relative_to(ROOT)} is missing (run make notebooks)")
        elif _shape(nbformat.read(target, as_version=4)) != _shape(from_source(source)):
            problems.append(f"{target.relative_to(ROOT)} differs from {source.relative_to(ROOT)} (run make notebooks)")
    for notebook in sorted((ROOT / "notebooks").glob("*/*.ipynb")):
        if not source_of(notebook).exists():
            problems.append(f"{notebook.relative_to(ROOT)} has no source in notebooks/_src")
    return problems


def main(argv: list[str]) -> int:
    command, *args = argv or ["build"]
    if command == "check":
        problems = stale()
        print("\n".join(problems) or "every notebook matches its source")
        return 1 if problems else 0
    if command != "build":
        print(__doc__)
        return 2
    paths = [Path(a).resolve() for a in args] or sorted(SRC.glob("*/*.py"))
    total = 0.0
    for path in paths:
        source = path if path.suffix == ".py" else source_of(path)
        print(f"{source.relative_to(ROOT)}: ", end="", flush=True)
        seconds = execute(source)
        total += seconds
        print(f"{seconds:.1f} s")
    print(f"total {total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
