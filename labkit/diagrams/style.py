"""The one palette and type scale of every labkit picture (live views and concept figures).

Rules (see docs/diagrams.md):

- colour never carries meaning alone: every tier or kind is also written in the
  label, and a legend explains the colours wherever they mean something;
- one colour per subnet tier (public / private with NAT / isolated, which is
  how the course names web / app / db) and one per resource kind;
- hues come from colour-blind-safe families (green / teal / slate, orange,
  purple, blue, red) with dark borders and text on light fills, so contrast
  stays above 4.5:1 for text;
- text at least 11 pt, titles 18 pt;
- fonts: Graphviz measures text with DejaVu Sans (see ``_render``), the browser
  draws it with the first font of :data:`FONT` it has. DejaVu comes first so a
  browser that has it draws exactly what was measured; the Korean fonts after it
  supply Hangul, which DejaVu lacks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import LabkitError
from ..i18n import msg, render
from ._dot import HTML, html_escape

__all__ = [
    "FONT",
    "FONT_MONO",
    "SIZE",
    "TIER",
    "KIND",
    "BADGE",
    "CROSS_ACCOUNT",
    "EDGE",
    "Colors",
    "LANGS",
    "check_lang",
    "term",
    "words",
    "count",
    "region_name",
    "graph_defaults",
    "node_table",
    "legend",
    "message_node",
    "matplotlib_rc",
]

FONT = "DejaVu Sans, Noto Sans CJK KR, NanumGothic, Apple SD Gothic Neo, Malgun Gothic, sans-serif"
FONT_MONO = "DejaVu Sans Mono, D2Coding, Noto Sans Mono CJK KR, monospace"

# Type scale in points.
SIZE = {"title": 18, "cluster": 13, "node": 12, "small": 11, "edge": 11}


@dataclass(frozen=True)
class Colors:
    """A fill (light), a border/ink (dark) and the word written beside the colour."""

    fill: str
    border: str
    word: str


# Subnet tiers, inferred from routes (see network.py).
TIER = {
    "public": Colors("#E6F4EA", "#1E7B45", "public"),
    "private": Colors("#E0F2F1", "#00695C", "private (NAT)"),
    "isolated": Colors("#ECEFF1", "#455A64", "isolated"),
    "unknown": Colors("#FFFFFF", "#757575", "no route table"),
}

# Resource kinds.
KIND = {
    "region": Colors("#FFFFFF", "#00838F", msg("Region")),
    "vpc": Colors("#FBFAFF", "#5E35B1", "VPC"),
    "az": Colors("#FFFFFF", "#1565C0", msg("Availability Zone")),
    "network": Colors("#EFE8FA", "#5E35B1", msg("gateway / endpoint")),
    "loadbalancer": Colors("#EFE8FA", "#5E35B1", msg("load balancer")),
    "compute": Colors("#FDEFE1", "#A04E00", "EC2 / Auto Scaling"),
    "database": Colors("#E5ECF8", "#1A4C9C", "RDS / Aurora"),
    "storage": Colors("#E8F3E4", "#2E6B1F", "S3"),
    "security": Colors("#FBE9E9", "#A3231B", msg("security group / policy")),
    "user": Colors("#F1F3F4", "#37474F", msg("user")),
    "group": Colors("#FFF6DB", "#7A5A00", msg("group")),
    "role": Colors("#E5ECF8", "#1A4C9C", msg("role")),
    "policy": Colors("#FBE9E9", "#A3231B", msg("policy")),
    "managed": Colors("#F5F5F5", "#616161", msg("AWS-managed policy")),
    "service": Colors("#FFFFFF", "#5E35B1", msg("AWS service")),
    "external": Colors("#FFFFFF", "#455A64", msg("internet / outside")),
    "note": Colors("#FFFDF5", "#8D6E00", msg("note")),
}

# A principal from another AWS account: vermillion, thick, and always labelled.
CROSS_ACCOUNT = Colors("#FFF0E6", "#C43E00", msg("other account"))

# Status badges (storage view): the word decides, the colour repeats it.
BADGE = {
    "good": Colors("#E3F2E8", "#1B6B3A", msg("on")),
    "warn": Colors("#FFF1CC", "#7A4F00", msg("partial")),
    "bad": Colors("#FBE3E3", "#A3231B", msg("off")),
    "info": Colors("#EEF1F4", "#37474F", msg("info")),
}

EDGE = {
    "route": "#5E35B1",
    "sg": "#A3231B",
    "replication": "#1A4C9C",
    "member": "#7A5A00",
    "attach": "#A3231B",
    "trust": "#1A4C9C",
    "plain": "#455A64",
}

LANGS = ("en", "ko")

# Terms the seed document gives in Korean; lang="ko" writes them beside the English.
_TERMS_KO = {
    "Region": "리전",
    "Availability Zone": "가용 영역",
    "VPC": "가상 사설 클라우드",
    "public": "퍼블릭",
    "private (NAT)": "프라이빗",
    "isolated": "격리",
    "Internet gateway": "인터넷 게이트웨이",
    "NAT gateway": "NAT 게이트웨이",
    "Security groups": "보안 그룹",
    "Security group": "보안 그룹",
    "Edge location": "엣지 로케이션",
    "Users": "사용자",
    "User": "사용자",
    "Groups": "그룹",
    "Group": "그룹",
    "Roles": "역할",
    "Role": "역할",
    "Policies": "정책",
    "Policy": "정책",
    "Permission boundary": "경계",
    "Trusted principals": "신뢰 관계",
    "Buckets": "버킷",
    "Storage": "스토리지",
    "Standby": "대기",
    "Primary": "기본",
    "Legend": "범례",
    "Serverless": "서버리스",
    "Clients": "클라이언트",
    "Lambda functions": "Lambda 함수",
    "Tables": "테이블",
    "Queues": "대기열",
    "Streams": "스트림",
}

_REGIONS = {
    "ap-northeast-2": ("Seoul", "서울"),
    "ap-northeast-1": ("Tokyo", "도쿄"),
    "ap-northeast-3": ("Osaka", "오사카"),
    "ap-southeast-1": ("Singapore", "싱가포르"),
    "us-east-1": ("N. Virginia", "버지니아 북부"),
    "us-east-2": ("Ohio", "오하이오"),
    "us-west-2": ("Oregon", "오레곤"),
    "eu-west-1": ("Ireland", "아일랜드"),
    "eu-central-1": ("Frankfurt", "프랑크푸르트"),
}


def check_lang(lang: Any) -> str:
    if lang not in LANGS:
        raise LabkitError(
            f"unknown diagram language {lang!r}. Valid languages: {', '.join(LANGS)}."
        )
    return str(lang)


def term(english: str, lang: str = "en") -> str:
    """``english``, or with lang="ko" the Korean term first and the English after it.

    Example:
        >>> term("Availability Zone", "ko")
        '가용 영역 (Availability Zone)'
    """
    korean = _TERMS_KO.get(english)
    if lang == "ko" and korean:
        return f"{korean} ({english})"
    return english


def words(value: Any, lang: str = "en") -> Any:
    """A label in ``lang``: a seed term as :func:`term` writes it, a ``msg()`` rendered, else as is.

    Example:
        >>> words("NAT gateway", "ko"), words(msg("load balancer"), "ko"), words("web-sg", "ko")
        ('NAT 게이트웨이 (NAT gateway)', '로드 밸런서', 'web-sg')
    """
    if type(value) is str and lang != "en" and value in _TERMS_KO:  # a msg() is rendered instead
        return term(value, lang)
    return render(value, lang)


def count(number: int, one: Any, many: Any) -> Any:
    """``one`` (a ``msg()`` for a single thing) when ``number`` is 1, else ``many``.

    Both are written out at the call site so that each has its own translation:
    ``count(n, msg("{n} subnet", n=n), msg("{n} subnets", n=n))``.
    """
    return one if number == 1 else many


def not_drawn(skipped: list[Any], lang: str, *, point_to_skipped: bool = False) -> list[str]:
    """The legend's line about what a view could not draw: the first note, and how many more."""
    if not skipped:
        return []
    if len(skipped) == 1:
        line = msg("Not drawn: {note}", note=skipped[0])
    elif point_to_skipped:
        line = msg("Not drawn: {note} (+{more} more, see .skipped)", note=skipped[0], more=len(skipped) - 1)
    else:
        line = msg("Not drawn: {note} (+{more} more)", note=skipped[0], more=len(skipped) - 1)
    return [render(line, lang)]


def region_name(code: str, lang: str = "en") -> str:
    """``ap-northeast-2 (Seoul)``; with lang="ko" ``ap-northeast-2 (Seoul, 서울)``."""
    known = _REGIONS.get(code)
    if not known:
        return code
    return f"{code} ({known[0]}, {known[1]})" if lang == "ko" else f"{code} ({known[0]})"


def graph_defaults(title: str, *, rankdir: str = "TB", lang: str = "en", **extra: Any) -> dict[str, Any]:
    """Graph attributes every picture shares: title on top, fonts, white background."""
    attrs: dict[str, Any] = {
        "label": HTML(
            f'<FONT POINT-SIZE="{SIZE["title"]}"><B>{html_escape(render(title, lang))}</B></FONT>'
        ),
        "labelloc": "t",
        "labeljust": "l",
        "fontname": FONT,
        "fontsize": SIZE["cluster"],
        "rankdir": rankdir,
        "bgcolor": "white",
        "pad": "0.3",
        "nodesep": "0.3",
        "ranksep": "0.45",
        "newrank": "true",
        "compound": "true",
        "fontcolor": "#212121",
    }
    attrs.update(extra)
    return attrs


NODE_DEFAULTS: dict[str, Any] = {
    "fontname": FONT,
    "fontsize": SIZE["node"],
    "shape": "box",
    "style": "rounded,filled",
    "penwidth": "1.2",
    "fontcolor": "#212121",
    "margin": "0.12,0.06",
}
EDGE_DEFAULTS: dict[str, Any] = {
    "fontname": FONT,
    "fontsize": SIZE["edge"],
    "color": EDGE["plain"],
    "fontcolor": "#212121",
    "arrowsize": "0.7",
    "penwidth": "1.1",
}


def node_table(
    title: str,
    lines: Sequence[str] = (),
    *,
    colors: Colors,
    kind: str | None = None,
    badges: list[tuple[str, str]] | None = None,
    bold_title: bool = True,
    lang: str = "en",
) -> HTML:
    """A node label: a small kind caption, a bold title, detail lines and badges.

    ``badges`` are (text, level) pairs, level one of :data:`BADGE`'s keys. Texts may be
    ``msg()`` sentences or seed terms: they are written in ``lang`` (see :func:`words`).
    """
    rows = []
    if kind:
        rows.append(
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{SIZE["small"]}" COLOR="{colors.border}">'
            f"{html_escape(words(kind, lang))}</FONT></TD></TR>"
        )
    head = html_escape(render(title, lang))
    rows.append(f'<TR><TD ALIGN="LEFT">{"<B>" + head + "</B>" if bold_title else head}</TD></TR>')
    for line in lines:
        rows.append(
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{SIZE["small"]}">{html_escape(render(line, lang))}'
            "</FONT></TD></TR>"
        )
    if badges:
        cells = "".join(
            f'<TD BGCOLOR="{BADGE[level].fill}" COLOR="{BADGE[level].border}" BORDER="1" '
            f'STYLE="rounded" CELLPADDING="2"><FONT POINT-SIZE="{SIZE["small"]}" '
            f'COLOR="{BADGE[level].border}">{html_escape(render(text, lang))}</FONT></TD>'
            for text, level in badges
        )
        rows.append(
            '<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLSPACING="3" CELLPADDING="0"><TR>'
            f"{cells}</TR></TABLE></TD></TR>"
        )
    return HTML(f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(rows)}</TABLE>')


def legend(
    entries: list[tuple[Colors, str]],
    *,
    edges: Sequence[tuple[str, str, str]] = (),
    notes: Sequence[str] = (),
    lang: str = "en",
) -> HTML:
    """A legend table: a colour swatch per entry, a line sample per edge kind, then notes.

    ``edges`` are (colour, style word, meaning) triples, e.g. ("#A3231B", "solid", "allows").
    Texts may be ``msg()`` sentences: they are written in ``lang``.
    """
    entries = [(colors, render(text, lang)) for colors, text in entries]
    edges = [(color, style_word, render(text, lang)) for color, style_word, text in edges]
    notes = [render(note, lang) for note in notes]
    merged: list[tuple[Colors, str]] = []
    for colors, text in entries:  # one swatch per colour: kinds that share one are listed together
        same = [
            i
            for i, (c, _) in enumerate(merged)
            if (c.fill, c.border) == (colors.fill, colors.border)
        ]
        if same:
            merged[same[0]] = (merged[same[0]][0], f"{merged[same[0]][1]} / {text}")
        else:
            merged.append((colors, text))
    rows = []
    for colors, text in merged:
        rows.append(
            f'<TR><TD WIDTH="28" HEIGHT="16" FIXEDSIZE="TRUE" BGCOLOR="{colors.fill}" '
            f'COLOR="{colors.border}" BORDER="2" STYLE="rounded"></TD>'
            f'<TD ALIGN="LEFT"><FONT POINT-SIZE="{SIZE["small"]}">{html_escape(text)}</FONT></TD></TR>'
        )
    for color, style_word, text in edges:
        glyph = {"dashed": "- - -&gt;", "dotted": "· · ·&gt;", "bold": "━━&gt;"}.get(
            style_word, "——&gt;"
        )
        rows.append(
            f'<TR><TD ALIGN="CENTER"><FONT COLOR="{color}"><B>{glyph}</B></FONT></TD>'
            f'<TD ALIGN="LEFT"><FONT POINT-SIZE="{SIZE["small"]}">{html_escape(text)}</FONT></TD></TR>'
        )
    # Notes go in the text column (under an empty swatch cell): a row spanning both
    # columns would make Graphviz share its width out and widen the swatch column.
    if notes:
        note_rows = "".join(
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{SIZE["small"]}" COLOR="#424242">'
            f"{html_escape(note)}</FONT></TD></TR>"
            for note in notes
        )
        rows.append(
            '<TR><TD></TD><TD ALIGN="LEFT">'
            f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">{note_rows}</TABLE></TD></TR>'
        )
    title = f'<TR><TD COLSPAN="2" ALIGN="LEFT"><B>{html_escape(term("Legend", lang))}</B></TD></TR>'
    return HTML(
        '<TABLE BORDER="1" COLOR="#BDBDBD" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3" '
        f'BGCOLOR="white" STYLE="rounded">{title}{"".join(rows)}</TABLE>'
    )


def message_node(title: str, lines: Sequence[str], lang: str = "en") -> HTML:
    """The label of an "empty" picture: what is missing and the call that creates it."""
    body = "".join(
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{SIZE["node"]}">{html_escape(render(line, lang))}'
        "</FONT></TD></TR>"
        for line in lines
    )
    return HTML(
        '<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="4">'
        f'<TR><TD ALIGN="LEFT"><B>{html_escape(render(title, lang))}</B></TD></TR>{body}</TABLE>'
    )


def matplotlib_rc() -> dict[str, Any]:
    """rcParams for concept charts: deterministic SVG, text kept as text, measured with DejaVu."""
    return {
        "svg.hashsalt": "labkit",
        "svg.fonttype": "none",
        "font.family": ["DejaVu Sans"],
        "font.size": SIZE["node"],
        "axes.titlesize": SIZE["cluster"] + 1,
        "axes.labelsize": SIZE["node"],
        "xtick.labelsize": SIZE["small"],
        "ytick.labelsize": SIZE["small"],
        "legend.fontsize": SIZE["small"],
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": "#616161",
        "axes.titlelocation": "left",
        "figure.facecolor": "white",
        "path.simplify": False,
    }
