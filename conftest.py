"""Settings for every pytest run in this repo: unit tests and notebooks under nbval alike.

Kept at the root so ``pytest --nbval notebooks/en/X.ipynb`` on its own runs the
notebook exactly as ``make test`` does.
"""

from __future__ import annotations

import os

import pytest


def pytest_configure(config):
    # Notebook kernels (nbval) and child processes inherit this: never the real ~/.labkit.
    if "LABKIT_HOME" not in os.environ:
        import tempfile

        os.environ["LABKIT_HOME"] = tempfile.mkdtemp(prefix="labkit-test-home-")
    # Quiz questions are shuffled per learner: notebooks compare outputs strictly, so fix who learns.
    os.environ["LABKIT_LEARNER"] = "learner"
    os.environ.pop("LABKIT_LANG", None)


_NOTEBOOK_HOMES: dict[str, str] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Each notebook under nbval gets its own LABKIT_HOME, as `make notebooks` gives it:
    its kernel (started with the notebook's first cell) must not see another notebook's
    progress, whichever worker ran what before."""
    notebook = item.parent
    if type(notebook).__name__ != "IPyNbFile":
        return
    key = str(getattr(notebook, "path", notebook.nodeid))
    if key not in _NOTEBOOK_HOMES:
        import tempfile

        _NOTEBOOK_HOMES[key] = tempfile.mkdtemp(prefix="labkit-nb-home-")
    os.environ["LABKIT_HOME"] = _NOTEBOOK_HOMES[key]
