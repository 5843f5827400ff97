"""Settings for every pytest run in this repo: unit tests and notebooks under nbval alike.

Kept at the root so ``pytest --nbval notebooks/en/X.ipynb`` on its own runs the
notebook exactly as ``make test`` does.
"""

from __future__ import annotations

import os


def pytest_configure(config):
    # Notebook kernels (nbval) and child processes inherit this: never the real ~/.labkit.
    if "LABKIT_HOME" not in os.environ:
        import tempfile

        os.environ["LABKIT_HOME"] = tempfile.mkdtemp(prefix="labkit-test-home-")
    # Quiz questions are shuffled per learner: notebooks compare outputs strictly, so fix who learns.
    os.environ["LABKIT_LEARNER"] = "learner"
    os.environ.pop("LABKIT_LANG", None)
