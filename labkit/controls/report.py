"""The audit report: per control, per resource, like Security Hub's security standard view.

A control's status follows Security Hub's words: PASSED (every resource in scope passed),
FAILED (at least one failed), NO_DATA (nothing in scope, e.g. no RDS instance: not a pass),
UNKNOWN (the snapshot lacks what the control reads, so it could not be checked).

The report speaks the language it was made in (``labkit.audit(lab, lang="ko")``): its labels,
headline and notes are :func:`labkit.i18n.msg` sentences; the status and severity words stay
Security Hub's (``PASSED``, ``FAILED``...), with the Korean word beside them in HTML.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import LabkitError
from ..grading import Finding
from ..i18n import msg, render

__all__ = ["ControlResult", "AuditReport", "PASSED", "FAILED", "NO_DATA", "UNKNOWN", "STATUSES"]

PASSED, FAILED, NO_DATA, UNKNOWN = "PASSED", "FAILED", "NO_DATA", "UNKNOWN"
STATUSES = (FAILED, UNKNOWN, PASSED, NO_DATA)
_COLOURS = {PASSED: "#2e7d32", FAILED: "#c62828", NO_DATA: "#757575", UNKNOWN: "#ef6c00"}
_SEVERITY_COLOURS = {"CRITICAL": "#b71c1c", "HIGH": "#e65100", "MEDIUM": "#f9a825", "LOW": "#1565c0"}
# The HTML badge of each status, and the summary count of each (Security Hub's words in English).
_STATUS_LABELS = {PASSED: msg("PASSED"), FAILED: msg("FAILED"), NO_DATA: msg("NO DATA"), UNKNOWN: msg("UNKNOWN")}


def _counted(status: str, count: int) -> Any:
    """``7 failed`` (Korean ``실패 7``)."""
    if status == FAILED:
        return msg("{count} failed", count=count)
    if status == PASSED:
        return msg("{count} passed", count=count)
    if status == NO_DATA:
        return msg("{count} no data", count=count)
    return msg("{count} unknown", count=count)


def _width(text: str) -> int:
    """Columns ``text`` takes in a monospaced terminal (Hangul is two wide)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _left(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _right(text: str, width: int) -> str:
    return " " * max(0, width - _width(text)) + text


@dataclass(frozen=True)
class ControlResult:
    """One control's outcome: its status and its findings (one per resource in scope)."""

    id: str
    title: str
    severity: str
    link: str
    status: str
    findings: tuple[Finding, ...]
    note: str = ""  # why the control is UNKNOWN or NO_DATA
    lang: str = "en"  # the language of the title, note, findings and labels

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if not f.passed]

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    @property
    def failed_count(self) -> int:
        return len(self.failed) if self.status == FAILED else 0

    @property
    def passed_count(self) -> int:
        return sum(1 for f in self.findings if f.passed)

    @property
    def total(self) -> int:
        return len(self.findings) if self.status != UNKNOWN else 0

    def __repr__(self) -> str:
        lines = [f"{self.id} {self.status} {self.failed_count}/{self.total} [{self.severity}] {self.title}"]
        if self.note:
            lines.append(f"  {self.note}")
        for f in self.findings:
            lines.append(f"  {'✓' if f.passed else '✗'} {f.resource}: {f.message}")
            if not f.passed and f.hint:
                lines.append(render(msg("      hint: {hint}", hint=f.hint), self.lang))
        return "\n".join(lines)


class AuditReport:
    """Every control's result over one snapshot (``labkit.audit()`` returns one).

    ``findings`` (all), ``failed`` (failing findings), ``unchecked`` (what could not be
    checked), ``controls`` (per-control summaries), ``passed``; ``control("S3.5")`` and
    ``for_resource("my-bucket")`` filter.
    """

    def __init__(self, controls: list[ControlResult], *, account: str = "", region: str = "",
                 notes: list[str] | None = None, lang: str = "en") -> None:
        self.controls: tuple[ControlResult, ...] = tuple(controls)
        self.account = account
        self.region = region
        self.notes: tuple[str, ...] = tuple(notes or ())
        self.lang = lang  # the language of titles, findings, notes and labels

    # -- reading ----------------------------------------------------------------
    @property
    def findings(self) -> list[Finding]:
        return [f for c in self.controls for f in c.findings]

    @property
    def failed(self) -> list[Finding]:
        """Failing findings of FAILED controls (what to fix)."""
        return [f for c in self.controls if c.status == FAILED for f in c.failed]

    @property
    def unchecked(self) -> list[Finding]:
        """The findings of UNKNOWN controls: what the snapshot did not let labkit check."""
        return [f for c in self.controls if c.status == UNKNOWN for f in c.findings]

    @property
    def passed(self) -> bool:
        """No control failed and none was left unchecked (NO_DATA controls do not count)."""
        return not any(c.status in (FAILED, UNKNOWN) for c in self.controls)

    def counts(self) -> dict[str, int]:
        """Number of controls per status (FAILED, UNKNOWN, PASSED, NO_DATA)."""
        return {s: sum(1 for c in self.controls if c.status == s) for s in STATUSES}

    def control(self, control_id: str) -> ControlResult:
        """The result of one control, e.g. ``report.control("S3.5")`` (case-insensitive)."""
        wanted = control_id.upper() if isinstance(control_id, str) else control_id
        for c in self.controls:
            if c.id.upper() == wanted:
                return c
        raise LabkitError(
            f"no control {control_id!r} in this report. Controls: {', '.join(c.id for c in self.controls)}."
        )

    def for_resource(self, resource: str) -> list[Finding]:
        """Findings about one resource: its id, name or ARN (``"my-bucket"``, ``"sg-0abc"``, ``"alice"``)."""
        if not isinstance(resource, str) or not resource:
            return []
        return [f for f in self.findings if _same_resource(f.resource, resource)]

    def __iter__(self) -> Iterator[ControlResult]:
        return iter(self.controls)

    def __len__(self) -> int:
        return len(self.controls)

    # -- display ----------------------------------------------------------------
    def _say(self, value: Any) -> str:
        """A msg() label or sentence in the report's language."""
        return str(render(value, self.lang))

    def _where(self) -> str:
        return ", ".join(x for x in (self._say(msg("account {account}", account=self.account)) if self.account
                                     else "", self.region) if x)

    def _headline(self) -> str:
        n = self.counts()
        where = self._where()
        counts = {"controls": len(self.controls), "failed": n[FAILED], "passed": n[PASSED],
                  "no_data": n[NO_DATA], "unknown": n[UNKNOWN]}
        if where:
            return self._say(msg("<AuditReport: {controls} controls, {failed} failed, {passed} passed, "
                                 "{no_data} no data, {unknown} unknown; {where}>", where=where, **counts))
        return self._say(msg("<AuditReport: {controls} controls, {failed} failed, {passed} passed, "
                             "{no_data} no data, {unknown} unknown>", **counts))

    def _columns(self) -> list[str]:
        """The table's column labels: control, status, failed, severity, title."""
        return [self._say(label) for label in (msg("control"), msg("status"), msg("failed"), msg("severity"),
                                                msg("title"))]

    def __repr__(self) -> str:
        control, status, failed, severity, title = self._columns()
        width = max([len(c.id) for c in self.controls] + [7, _width(control)])
        lines = [self._headline(),
                 f"{_left(control, width)}  {_left(status, 8)}  {_right(failed, 6)}  {_left(severity, 8)}  {title}"]
        for c in self.controls:
            lines.append(f"{c.id:<{width}}  {c.status:<8}  {f'{c.failed_count}/{c.total}':>6}  "
                         f"{c.severity:<8}  {c.title}")
            if c.status == FAILED:
                lines.extend(f"{'':<{width}}    ✗ {f.resource}: {f.message}" for f in c.failed)
            elif c.status == UNKNOWN and c.note:
                lines.append(f"{'':<{width}}    ? {c.note}")
        lines.extend(self._say(msg("note: {note}", note=note)) for note in self.notes)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        say = self._say
        n = self.counts()
        badges = " ".join(
            f"<span style='color:{_COLOURS[s]};font-weight:bold'>{esc(say(_counted(s, n[s])))}</span>"
            for s in STATUSES
        )
        rows = []
        for c in self.controls:
            colour = _COLOURS[c.status]
            rows.append(
                "<tr>"
                f"<td><a href='{esc(c.link, quote=True)}' target='_blank'>{esc(c.id)}</a></td>"
                f"<td><span style='background:{colour};color:#fff;padding:0 0.4em;border-radius:3px'>"
                f"{esc(say(_STATUS_LABELS.get(c.status, c.status)))}</span></td>"
                f"<td style='text-align:right'>{c.failed_count}/{c.total}</td>"
                f"<td style='color:{_SEVERITY_COLOURS.get(c.severity, '#000')}'>{esc(c.severity)}</td>"
                f"<td style='text-align:left'>{esc(c.title)}</td></tr>"
            )
            details = _details_html(c, say)
            if details:
                rows.append(f"<tr><td></td><td colspan='4' style='text-align:left'>{details}</td></tr>")
        notes = "".join(f"<li>{esc(note)}</li>" for note in self.notes)
        where = esc(" ".join(x for x in (say(msg("account {account}", account=self.account)) if self.account
                                         else "", self.region) if x))
        control, status, failed, severity, title = (esc(label) for label in self._columns())
        heading = esc(say(msg("Security audit")))
        standard = esc(say(msg("(AWS Foundational Security Best Practices)")))
        count = esc(say(msg("{count} controls:", count=len(self.controls))))
        notes_label = esc(say(msg("Notes:")))
        return (
            "<div class='labkit-audit'>"
            f"<b>{heading}</b> {standard} {where}<br>"
            f"{count} {badges}"
            "<table style='border-collapse:collapse;margin-top:0.4em'>"
            f"<thead><tr><th>{control}</th><th>{status}</th><th>{failed}</th><th>{severity}</th>"
            f"<th style='text-align:left'>{title}</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
            + (f"<div style='color:#555'>{notes_label}<ul>{notes}</ul></div>" if notes else "")
            + "</div>"
        )


def _details_html(c: ControlResult, say: Any) -> str:
    esc = html.escape
    if c.status == NO_DATA:
        return f"<small style='color:#757575'>{esc(c.note)}</small>" if c.note else ""
    hint_label, docs_label = esc(say(msg("hint:"))), esc(say(msg("docs")))
    items = []
    for f in sorted(c.findings, key=lambda f: f.passed):  # failures first, stable otherwise
        mark = "✓" if f.passed else ("?" if c.status == UNKNOWN else "✗")
        colour = "#2e7d32" if f.passed else _COLOURS[UNKNOWN if c.status == UNKNOWN else FAILED]
        hint = "" if f.passed or not f.hint else \
            f"<div style='color:#555'>{hint_label} <code>{esc(f.hint)}</code></div>"
        link = "" if f.passed or not f.link else \
            f" <a href='{esc(f.link, quote=True)}' target='_blank'>{docs_label}</a>"
        items.append(
            f"<li style='list-style:none'><b style='color:{colour}'>{mark}</b> <code>{esc(f.resource)}</code>: "
            f"{esc(f.message)}{link}{hint}</li>"
        )
    opened = " open" if c.status in (FAILED, UNKNOWN) else ""
    count = len(c.findings)
    summary = msg("{count} finding", count=count) if count == 1 else msg("{count} findings", count=count)
    return (f"<details{opened}><summary>{esc(say(summary))}"
            f"</summary><ul style='padding-left:0.5em;margin:0'>{''.join(items)}</ul></details>")


def _same_resource(found: str, wanted: str) -> bool:
    """``arn:aws:iam::1:user/alice`` is ``alice``; ``my-bucket`` is itself; no partial words."""
    if found == wanted:
        return True
    return found.endswith(("/" + wanted, ":" + wanted))
