"""A pytest plugin for this repository's own test runs (``-p labkit._pytest_plugin`` in pyproject's addopts).

Loaded by ``-p`` before any installed plugin, so it can keep nbval's import
of nbformat (then jsonschema) from compiling rfc3987-syntax's grammars:
about a second in the controller and in every xdist worker.
"""

from ._imports import quiet_jsonschema

quiet_jsonschema()
