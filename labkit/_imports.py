"""Import hooks: run code around the first import of a third-party module.

Two uses, both about a kernel's start-up time and neither about behaviour:
patching moto's Lambda model only when something imports it, and keeping
jsonschema from compiling grammars nobody here uses.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["around_import", "quiet_jsonschema"]


def around_import(module_name: str, *, before: Callable[[], Any] | None = None,
                  after: Callable[[], None] | None = None) -> None:
    """Run ``before()`` and ``after()`` around the first import of ``module_name``.

    When the module is already imported, ``after()`` runs now and ``before`` never.
    ``before()``'s return value is passed to nothing; use a closure for state.
    """
    if module_name in sys.modules:
        if after is not None:
            after()
        return
    if any(getattr(f, "_labkit_target", None) == module_name for f in sys.meta_path):
        return

    class _Finder(importlib.abc.MetaPathFinder):
        _labkit_target = module_name

        def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
            if name != module_name:
                return None
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            if spec is None or spec.loader is None:
                return spec
            original = spec.loader.exec_module

            def exec_module(module: Any) -> None:
                if before is not None:
                    before()
                try:
                    original(module)
                finally:
                    if after is not None:
                        after()

            spec.loader.exec_module = exec_module  # type: ignore[method-assign]
            sys.meta_path.remove(self)
            return spec

    sys.meta_path.insert(0, _Finder())


_HIDDEN = "rfc3987_syntax"


def quiet_jsonschema() -> None:
    """Keep jsonschema from importing ``rfc3987-syntax`` (once, before jsonschema's first import).

    jsonschema imports, at import, the library of every format checker it finds
    installed; JupyterLab brings ``rfc3987-syntax``, which compiles about forty
    Lark grammars then: 1.2-3 s in every kernel that loads a quiz (jsonschema
    validates the banks) or API Gateway (moto validates OpenAPI documents).
    Neither checks the ``iri`` formats that library serves, so while
    ``jsonschema._format`` loads, the library looks absent and jsonschema falls
    back as it would without it. Nothing else changes: importing
    ``rfc3987_syntax`` afterwards works as usual.
    """
    hidden: list[bool] = []

    def before() -> None:
        if _HIDDEN not in sys.modules:
            sys.modules[_HIDDEN] = None  # type: ignore[assignment]  # "not installed" to the import system
            hidden.append(True)

    def after() -> None:
        if hidden:
            sys.modules.pop(_HIDDEN, None)
            hidden.clear()

    if "jsonschema._format" not in sys.modules:
        around_import("jsonschema._format", before=before, after=after)
