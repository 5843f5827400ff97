"""The course's concept figures: one Python source per figure in the repo's ``diagrams/``
folder, with its rendered SVG committed beside it.

A figure source is a small module with

- ``TITLE``: the picture's title (Korean terms beside English ones, as in the seed);
- ``ALT``: one or two sentences saying what the picture shows (SVG ``<desc>``);
- ``SEED``: the section of the seed document the figure comes from;
- ``build()``: returns a ``pygraphviz.AGraph`` (write it with :func:`graph` and
  :func:`box`) or a matplotlib ``Figure`` (create it with :func:`figure`).

``python -m labkit.diagrams regenerate`` writes every SVG; ``... check`` exits 1
listing the stale ones (a test does the same). Rendering is deterministic: fixed
fonts for measuring (see ``_render``), ``svg.hashsalt``, no dates.

Example:
    >>> from labkit.diagrams import concepts
    >>> "vpc_two_az" in concepts.names()
    True
    >>> concepts.show("vpc_two_az")            # displays inline in a notebook
    <Diagram concept: vpc_two_az>
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import logging
import re
import warnings
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

from ..errors import LabkitError
from . import style
from ._dot import HTML, Graph, html_escape
from ._render import Diagram, finish_svg, render_png, render_svg

__all__ = [
    "figures_dir",
    "names",
    "load",
    "render",
    "regenerate",
    "show",
    "graph",
    "box",
    "area",
    "note",
    "figure",
    "HTML",
    "Graph",
]


def figures_dir() -> Path:
    """The ``diagrams/`` folder: the repo's in a checkout, else the copy packed in the wheel."""
    here = Path(__file__).resolve().parent.parent
    packed = here / "_course" / "diagrams"
    if packed.is_dir():
        return packed
    return here.parent / "diagrams"


def names() -> list[str]:
    """Every concept figure, by file name (``diagrams/<name>.py``)."""
    folder = figures_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.py") if not p.stem.startswith("_"))


def _check(name: Any) -> str:
    known = names()
    if not isinstance(name, str) or name not in known:
        raise LabkitError(
            f"unknown concept diagram {name!r}. Valid names: {', '.join(known) or '(none found)'}."
        )
    return name


def load(name: str) -> ModuleType:
    """Import the source of figure ``name``."""
    path = figures_dir() / f"{_check(name)}.py"
    spec = importlib.util.spec_from_file_location(f"labkit_concept_{name}", path)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py file always has a loader
        raise LabkitError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for attr in ("TITLE", "ALT", "SEED", "build"):
        if not hasattr(module, attr):
            raise LabkitError(f"{path.name} must define {attr} (see labkit.diagrams.concepts)")
    return module


# -- helpers for figure sources -------------------------------------------------
def graph(title: str, *, rankdir: str = "TB", **attrs: Any) -> Graph:
    """A Graphviz figure with the course's fonts, colours and a title on top."""
    return Graph(
        "concept",
        attrs=style.graph_defaults(title, rankdir=rankdir, **attrs),
        node_defaults=style.NODE_DEFAULTS,
        edge_defaults=style.EDGE_DEFAULTS,
    )


def box(
    g: Graph,
    node_id: str,
    title: str,
    lines: list[str] | tuple[str, ...] = (),
    *,
    kind: str = "compute",
    caption: str | None = None,
    badges: list[tuple[str, str]] | None = None,
    **attrs: Any,
) -> str:
    """A node drawn like the live views draw resources of ``kind`` (see ``style.KIND``)."""
    colors = style.KIND[kind] if kind in style.KIND else style.TIER[kind]
    g.node(
        node_id,
        label=style.node_table(title, list(lines), colors=colors, kind=caption, badges=badges),
        fillcolor=attrs.pop("fillcolor", colors.fill),
        color=attrs.pop("color", colors.border),
        **attrs,
    )
    return node_id


def area(
    g: Graph,
    key: str,
    label: str,
    *,
    kind: str = "vpc",
    dashed: bool = False,
    filled: bool = False,
    **attrs: Any,
) -> Graph:
    """A labelled cluster (region, AZ, VPC, subnet, tier...) coloured by ``kind``."""
    colors = style.KIND[kind] if kind in style.KIND else style.TIER[kind]
    parts = ["rounded"] + (["dashed"] if dashed else []) + (["filled"] if filled else [])
    return g.cluster(
        key,
        label=HTML(f"<B>{html_escape(label)}</B>"),
        style=",".join(parts),
        color=colors.border,
        fontcolor=attrs.pop("fontcolor", colors.border),
        fillcolor=attrs.pop("fillcolor", colors.fill if filled else None),
        margin=attrs.pop("margin", "12"),
        **attrs,
    )


def note(g: Graph, node_id: str, lines: list[str], **attrs: Any) -> str:
    """A plain text note (no box), left-aligned."""
    rows = "".join(
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{style.SIZE["small"]}">{html_escape(line)}</FONT></TD></TR>'
        for line in lines
    )
    g.node(
        node_id,
        label=HTML(f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">{rows}</TABLE>'),
        shape="plaintext",
        style="",
        **attrs,
    )
    return node_id


@contextlib.contextmanager
def _mpl() -> Iterator[Any]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    font_log = logging.getLogger("matplotlib.font_manager")
    level = font_log.level
    rc: Any = style.matplotlib_rc()
    with matplotlib.rc_context(rc), warnings.catch_warnings():
        # Hangul is measured with matplotlib's own fonts only (same layout on every
        # machine); its "missing glyph" warnings and the fallback font's lack of a
        # bold face are expected, and would only clutter a notebook.
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from font")
        font_log.setLevel(logging.ERROR)
        try:
            yield plt
        finally:
            font_log.setLevel(level)


def figure(width: float, height: float) -> Any:
    """A matplotlib Figure of fixed size in inches (call inside a figure source's ``build``)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100)


_MPL_FONT = re.compile(r"font-family: ('[^']*'(?:, '[^']*')*)")


def _css_fonts() -> str:
    return ", ".join(
        f"'{f.strip()}'" if " " in f.strip() else f.strip() for f in style.FONT.split(",")
    )


def _figure_svg(fig: Any, *, title: str, alt: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "labkit", "Title": title})
    svg = _MPL_FONT.sub("font-family: " + _css_fonts(), buf.getvalue())
    return finish_svg(svg, title=title, alt=alt)


def _mpl_font_list() -> list[str]:
    from matplotlib import font_manager

    fallback = (
        Path(font_manager.__file__).parent
        / "mpl-data"
        / "fonts"
        / "ttf"
        / "LastResortHE-Regular.ttf"
    )
    families = ["DejaVu Sans"]
    if fallback.is_file():
        families.append(font_manager.FontProperties(fname=str(fallback)).get_name())
    return families


def render(name: str) -> str:
    """The SVG text of figure ``name``, freshly built from its source."""
    module = load(name)
    title, alt = str(module.TITLE), str(module.ALT)
    with _mpl() as plt:
        import matplotlib

        matplotlib.rcParams["font.family"] = _mpl_font_list()
        result = module.build()
        if hasattr(result, "savefig"):
            try:
                return _figure_svg(result, title=title, alt=alt)
            finally:
                plt.close(result)
    dot = result.string() if hasattr(result, "string") else str(result)
    return render_svg(dot, title=title, alt=alt, prog=str(getattr(module, "PROG", "dot")))


def regenerate(check_only: bool = False) -> list[str]:
    """Re-render every figure; return the names whose SVG changed (or, with
    ``check_only``, is stale or missing, without writing anything).

    SVGs with no source are reported as ``"<name>.svg (no source)"``.
    """
    folder = figures_dir()
    changed: list[str] = []
    for name in names():
        fresh = render(name)
        target = folder / f"{name}.svg"
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current != fresh:
            changed.append(name)
            if not check_only:
                target.write_text(fresh, encoding="utf-8")
    _committed.cache_clear()
    sources = set(names())
    changed += [
        f"{p.name} (no source)" for p in sorted(folder.glob("*.svg")) if p.stem not in sources
    ]
    return changed


@lru_cache(maxsize=32)
def _committed(name: str) -> str | None:
    path = figures_dir() / f"{name}.svg"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def show(name: str) -> Diagram:
    """Figure ``name`` for a notebook (its committed SVG; rendered if missing).

    Example:
        >>> labkit.diagrams.concepts.show("rds_multi_az")       # doctest: +SKIP
    """
    _check(name)
    svg = _committed(name)
    module = load(name)
    if svg is None:
        svg = render(name)

    def png() -> bytes:
        with _mpl() as plt:
            import matplotlib

            matplotlib.rcParams["font.family"] = _mpl_font_list()
            result = module.build()
            if hasattr(result, "savefig"):
                buf = io.BytesIO()
                result.savefig(buf, format="png", dpi=144, metadata={"Software": None})
                plt.close(result)
                return buf.getvalue()
        return render_png(result.string(), prog=str(getattr(module, "PROG", "dot")))

    return Diagram(
        None,
        view="concept",
        title=str(module.TITLE),
        alt=str(module.ALT),
        summary=name,
        svg=svg,
        png=png,
    )
