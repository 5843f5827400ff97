"""Rendering: DOT -> SVG/PNG through pygraphviz (its wheel bundles Graphviz; no ``dot`` on PATH),
and the :class:`Diagram` result every view and concept figure returns.

Determinism: notebooks are compared byte for byte (nbval) and committed SVGs are
checked for staleness on other machines, so the same DOT must give the same SVG
everywhere. Three things would vary and are handled here:

- Graphviz sizes nodes with the text metrics of whatever fonts fontconfig finds
  on the machine. Before the first render we point the bundled fontconfig at
  matplotlib's own DejaVu fonts only (a private ``fonts.conf``), so every machine
  measures with the same font files. The browser still draws text with the font
  list of :data:`labkit.diagrams.style.FONT`.
- Graphviz writes its version and graph names in comments: stripped.
- Graphviz and fontconfig print warnings on the C-level stderr, which Jupyter
  would show as cell output: captured during rendering and kept on the diagram.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import re
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import LabkitError
from ._dot import html_escape

__all__ = ["Diagram", "engine", "render_svg", "render_png", "finish_svg", "font_dir"]

_lock = threading.RLock()
_fonts_ready = False
_FONTS_ENV = "LABKIT_DIAGRAM_FONTS"  # "system": measure with the machine's fonts instead


def font_dir() -> Path | None:
    """matplotlib's bundled TrueType folder (DejaVu), found without importing matplotlib."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "mpl-data" / "fonts" / "ttf"
    return path if (path / "DejaVuSans.ttf").is_file() else None


def _fonts_conf(fonts: Path) -> Path:
    user = getattr(os, "getuid", lambda: "user")()
    home = Path(tempfile.gettempdir()) / f"labkit-fontconfig-{user}"
    home.mkdir(parents=True, exist_ok=True)
    conf = home / "fonts.conf"
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{html_escape(fonts)}</dir>\n  <cachedir>{html_escape(home / 'cache')}</cachedir>\n"
        "</fontconfig>\n"
    )
    if not conf.is_file() or conf.read_text(encoding="utf-8") != text:
        tmp = home / f"fonts.conf.{os.getpid()}"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, conf)  # atomic: parallel test workers may race here
    return conf


@contextlib.contextmanager
def _captured_stderr(log: list[str]) -> Iterator[None]:
    """Collect what C code writes to fd 2 (Graphviz warnings) instead of showing it."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        yield
        return
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            text = sink.read().decode("utf-8", "replace")
    log.extend(
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.startswith("Fontconfig")
    )


def _prepare_fonts() -> None:
    """Point the bundled fontconfig at matplotlib's fonts, once, before its first use."""
    global _fonts_ready
    if _fonts_ready:
        return
    _fonts_ready = True
    fonts = font_dir()
    if os.environ.get(_FONTS_ENV) == "system" or fonts is None:
        return
    conf = _fonts_conf(fonts)
    previous = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(conf)
    try:
        import pygraphviz

        # fontconfig reads FONTCONFIG_FILE once, when pango first lays out text; after that
        # the variable can go back, so that programs started later see the learner's fonts.
        pygraphviz.AGraph(string='digraph{a [label="Aa 가"]}').draw(format="svg", prog="dot")
    finally:
        if previous is None:
            os.environ.pop("FONTCONFIG_FILE", None)
        else:
            os.environ["FONTCONFIG_FILE"] = previous


def _draw(dot: str, fmt: str, prog: str, log: list[str]) -> bytes:
    try:
        import pygraphviz
    except ImportError as err:  # pragma: no cover - a hard dependency
        raise LabkitError(
            "drawing diagrams needs pygraphviz (pip install 'pygraphviz>=2.0'); "
            "Diagram.dot holds the Graphviz source meanwhile."
        ) from err
    with _lock, _captured_stderr(log):
        _prepare_fonts()
        graph = pygraphviz.AGraph(string=dot)
        try:
            return bytes(graph.draw(format=fmt, prog=prog))
        except (ValueError, OSError) as err:
            raise LabkitError(f"Graphviz could not draw this diagram: {err}") from err


_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)
_DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\s*", re.S)
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_FIRST_TITLE = re.compile(r'(<g id="graph0"[^>]*>\s*)<title>.*?</title>\s*', re.S)


def finish_svg(svg: str, *, title: str, alt: str) -> str:
    """Make an SVG stable and accessible: no comments or DOCTYPE, ``role="img"``,
    an ``aria-label`` and ``<title>``/``<desc>`` as its first children."""
    svg = _DOCTYPE.sub("", _COMMENT.sub("", svg))
    svg = _FIRST_TITLE.sub(r"\1", svg, count=1)
    match = _SVG_OPEN.search(svg)
    if match is None:
        raise LabkitError("the renderer returned something that is not SVG")
    tag = match.group(0)
    tag = re.sub(r'\s(role|aria-label)="[^"]*"', "", tag)
    tag = tag[:-1].rstrip().rstrip("/") + f' role="img" aria-label="{html_escape(title)}">'
    head = f"\n<title>{html_escape(title)}</title>\n<desc>{html_escape(alt)}</desc>"
    svg = svg[: match.start()] + tag + head + svg[match.end() :]
    return svg.rstrip() + "\n"


def render_svg(
    dot: str, *, title: str, alt: str, prog: str = "dot", log: list[str] | None = None
) -> str:
    """SVG text of DOT source, made stable and accessible (see :func:`finish_svg`)."""
    raw = _draw(dot, "svg", prog, log if log is not None else []).decode("utf-8")
    return finish_svg(raw, title=title, alt=alt)


def render_png(
    dot: str, *, prog: str = "dot", dpi: int = 144, log: list[str] | None = None
) -> bytes:
    """PNG bytes of DOT source (Graphviz's cairo renderer; Hangul needs a CJK font there)."""
    dot = dot.rstrip().rstrip("}") + f'  dpi="{dpi}";\n}}\n'
    return _draw(dot, "png", prog, log if log is not None else [])


@functools.lru_cache(maxsize=1)
def engine() -> dict[str, str]:
    """What draws labkit's diagrams on this machine (``labkit doctor`` prints it).

    Example:
        >>> sorted(engine())
        ['engine', 'fonts', 'graphviz', 'pygraphviz']
    """
    try:
        import pygraphviz
    except ImportError:
        return {"engine": "none", "pygraphviz": "missing", "graphviz": "missing", "fonts": "-"}
    fonts = font_dir()
    if os.environ.get(_FONTS_ENV) == "system" or fonts is None:
        measured = "system fonts (layout may differ between machines)"
    else:
        measured = "DejaVu Sans from matplotlib (same layout on every machine)"
    return {
        "engine": "pygraphviz",
        "pygraphviz": str(pygraphviz.__version__),
        "graphviz": str(pygraphviz.__graphviz_version__),
        "fonts": measured,
    }


class Diagram:
    """A picture of the account (or of a concept): SVG for notebooks, DOT for the curious.

    ``svg`` is rendered on first use and cached. ``alt`` is a sentence describing
    the picture (also the SVG's ``<desc>``); ``skipped`` lists what could not be
    drawn from the snapshot.

    Example:
        >>> d = labkit.diagrams.diagram(view="network")      # doctest: +SKIP
        >>> d                                                   # doctest: +SKIP
        <Diagram network: 2 AZs, 1 VPC, 6 subnets>
        >>> d.save("network.svg")                               # doctest: +SKIP
    """

    def __init__(
        self,
        dot: str | None,
        *,
        view: str,
        title: str,
        alt: str,
        summary: str = "",
        skipped: list[str] | None = None,
        prog: str = "dot",
        svg: str | None = None,
        png: Callable[[], bytes] | None = None,
    ) -> None:
        if dot is None and svg is None:
            raise LabkitError("a Diagram needs DOT source or SVG text")
        self.dot = dot
        self.view = view
        self.title = title
        self.alt = alt
        self.summary = summary
        self.skipped = list(skipped or [])
        self.prog = prog
        self.render_log: list[str] = []
        self._svg = svg
        self._png = png

    @property
    def svg(self) -> str:
        """The picture as SVG text (rendered once, then cached)."""
        if self._svg is None:
            assert self.dot is not None
            self._svg = render_svg(
                self.dot, title=self.title, alt=self.alt, prog=self.prog, log=self.render_log
            )
        return self._svg

    def png(self) -> bytes:
        """The picture as PNG bytes (rendered each call)."""
        if self._png is not None:
            return self._png()
        if self.dot is None:
            raise LabkitError("this picture exists as SVG only; save it as .svg")
        return render_png(self.dot, prog=self.prog, log=self.render_log)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the picture to ``path``: ``.svg``, ``.dot`` (``.gv``) or ``.png``."""
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix == ".svg":
            target.write_text(self.svg, encoding="utf-8")
        elif suffix in (".dot", ".gv"):
            if self.dot is None:
                raise LabkitError("this picture has no DOT source; save it as .svg")
            target.write_text(self.dot, encoding="utf-8")
        elif suffix == ".png":
            target.write_bytes(self.png())
        else:
            raise LabkitError(
                f"cannot save a diagram as {suffix or 'a file without extension'!r}. "
                "Valid extensions: .svg, .dot, .gv, .png."
            )
        return target

    def _repr_svg_(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        return (
            f"<Diagram {self.view}: {self.summary}>" if self.summary else f"<Diagram {self.view}>"
        )
