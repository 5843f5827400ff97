"""A tiny DOT writer: nodes, edges and nested clusters, written in insertion order.

The views build DOT text themselves instead of going through pygraphviz, so that
``Diagram.dot`` exists without the engine and so that the text only depends on
the order the view adds things (views add them in sorted order). Attribute
values are escaped here once; labels marked :class:`HTML` are passed through as
Graphviz HTML-like labels.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["HTML", "Graph", "esc", "html_escape"]


class HTML(str):
    """A Graphviz HTML-like label (written as ``<...>``, not quoted)."""


MAX_TEXT = 4000  # longer strings (a mangled snapshot's 100k-character id) are cut: Graphviz refuses them


def clean(text: Any) -> str:
    """``text`` as a string Graphviz accepts: valid UTF-8 (lone surrogates replaced), no control
    characters, not huge."""
    value = str(text)
    if len(value) > MAX_TEXT:
        value = value[: MAX_TEXT - 1] + "…"
    value = value.encode("utf-8", "replace").decode("utf-8")
    # Control characters (other than newline and tab) make Graphviz answer "Invalid Input".
    return "".join(ch if ch in "\n\t" or not (ord(ch) < 32 or 127 <= ord(ch) < 160) else "\ufffd" for ch in value)


def html_escape(text: Any) -> str:
    """Text safe inside an HTML-like label."""
    return (
        clean(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def esc(value: Any) -> str:
    """A DOT attribute value or id, quoted (or an HTML label as is)."""
    if isinstance(value, HTML):
        return f"<{value}>"
    if isinstance(value, bool):
        value = "true" if value else "false"
    text = clean(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def _attrs(attrs: dict[str, Any]) -> str:
    items = [f"{key}={esc(val)}" for key, val in attrs.items() if val is not None]
    return f" [{', '.join(items)}]" if items else ""


class Graph:
    """A DOT graph or cluster. ``cluster()`` returns a child drawn inside this one.

    Example:
        >>> g = Graph("demo", attrs={"rankdir": "LR"})
        >>> vpc = g.cluster("vpc", label="VPC main")
        >>> vpc.node("a", label="web")
        >>> g.edge("a", "b", label="8080")
        >>> "subgraph \\"cluster_vpc\\"" in g.source()
        True
    """

    def __init__(
        self,
        name: str = "G",
        *,
        attrs: dict[str, Any] | None = None,
        node_defaults: dict[str, Any] | None = None,
        edge_defaults: dict[str, Any] | None = None,
        directed: bool = True,
        _parent: Graph | None = None,
    ) -> None:
        self.name = name
        self.attrs = dict(attrs or {})
        self.node_defaults = dict(node_defaults or {})
        self.edge_defaults = dict(edge_defaults or {})
        self.directed = directed
        self._parent = _parent
        self._body: list[Any] = []  # str lines and child Graphs, in insertion order
        self._nodes: set[str] = set() if _parent is None else _parent._nodes

    # -- building ------------------------------------------------------------
    def node(self, node_id: str, **attrs: Any) -> None:
        """Add a node (a second call with the same id is ignored: first placement wins)."""
        if node_id in self._nodes:
            return
        self._nodes.add(node_id)
        self._body.append(f"{esc(node_id)}{_attrs(attrs)};")

    def has_node(self, node_id: str) -> bool:
        return node_id in self._nodes

    def edge(self, tail: str, head: str, **attrs: Any) -> None:
        arrow = "->" if self._root().directed else "--"
        self._body.append(f"{esc(tail)} {arrow} {esc(head)}{_attrs(attrs)};")

    def cluster(self, key: str, **attrs: Any) -> Graph:
        """A nested cluster named ``cluster_<key>`` (Graphviz draws a box around it)."""
        child = Graph(f"cluster_{key}", attrs=attrs, _parent=self)
        self._body.append(child)
        return child

    def group(self, key: str, **attrs: Any) -> Graph:
        """A plain subgraph (no box), e.g. for ``rank=same``."""
        child = Graph(key, attrs=attrs, _parent=self)
        self._body.append(child)
        return child

    def _root(self) -> Graph:
        g = self
        while g._parent is not None:
            g = g._parent
        return g

    def is_empty(self) -> bool:
        return not self._body

    # -- output --------------------------------------------------------------
    def _lines(self, indent: str) -> Iterable[str]:
        inner = indent + "  "
        for key, val in self.attrs.items():
            if val is not None:
                yield f"{inner}{key}={esc(val)};"
        if self.node_defaults:
            yield f"{inner}node{_attrs(self.node_defaults)};"
        if self.edge_defaults:
            yield f"{inner}edge{_attrs(self.edge_defaults)};"
        for item in self._body:
            if isinstance(item, Graph):
                yield f"{inner}subgraph {esc(item.name)} {{"
                yield from item._lines(inner)
                yield f"{inner}}}"
            else:
                yield inner + item

    def source(self) -> str:
        """The DOT text."""
        kind = "digraph" if self.directed else "graph"
        return "\n".join([f"{kind} {esc(self.name)} {{", *self._lines(""), "}"]) + "\n"

    def agraph(self) -> Any:
        """The graph as a ``pygraphviz.AGraph`` (what concept diagram sources return)."""
        import pygraphviz

        return pygraphviz.AGraph(string=self.source())
