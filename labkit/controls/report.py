"""The audit report: per control, per resource, like Security Hub's security standard view.

A control's status follows Security Hub's words: PASSED (every resource in scope passed),
FAILED (at least one failed), NO_DATA (nothing in scope, e.g. no RDS instance: not a pass),
UNKNOWN (the snapshot lacks what the control reads, so it could not be checked).
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import LabkitError
from ..grading import Finding

__all__ = ["ControlResult", "AuditReport", "PASSED", "FAILED", "NO_DATA", "UNKNOWN", "STATUSES"]

PASSED, FAILED, NO_DATA, UNKNOWN = "PASSED", "FAILED", "NO_DATA", "UNKNOWN"
STATUSES = (FAILED, UNKNOWN, PASSED, NO_DATA)
_COLOURS = {PASSED: "#2e7d32", FAILED: "#c62828", NO_DATA: "#757575", UNKNOWN: "#ef6c00"}
_SEVERITY_COLOURS = {"CRITICAL": "#b71c1c", "HIGH": "#e65100", "MEDIUM": "#f9a825", "LOW": "#1565c0"}


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
                lines.append(f"      hint: {f.hint}")
        return "\n".join(lines)


class AuditReport:
    """Every control's result over one snapshot (``labkit.audit()`` returns one).

    ``findings`` (all), ``failed`` (failing findings), ``unchecked`` (what could not be
    checked), ``controls`` (per-control summaries), ``passed``; ``control("S3.5")`` and
    ``for_resource("my-bucket")`` filter.
    """

    def __init__(self, controls: list[ControlResult], *, account: str = "", region: str = "",
                 notes: list[str] | None = None) -> None:
        self.controls: tuple[ControlResult, ...] = tuple(controls)
        self.account = account
        self.region = region
        self.notes: tuple[str, ...] = tuple(notes or ())

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
    def _headline(self) -> str:
        n = self.counts()
        where = ", ".join(x for x in (f"account {self.account}" if self.account else "", self.region) if x)
        return (f"<AuditReport: {len(self.controls)} controls, {n[FAILED]} failed, {n[PASSED]} passed, "
                f"{n[NO_DATA]} no data, {n[UNKNOWN]} unknown{'; ' + where if where else ''}>")

    def __repr__(self) -> str:
        width = max([len(c.id) for c in self.controls] + [7])
        lines = [self._headline(),
                 f"{'control':<{width}}  {'status':<8}  {'failed':>6}  {'severity':<8}  title"]
        for c in self.controls:
            lines.append(f"{c.id:<{width}}  {c.status:<8}  {f'{c.failed_count}/{c.total}':>6}  "
                         f"{c.severity:<8}  {c.title}")
            if c.status == FAILED:
                lines.extend(f"{'':<{width}}    ✗ {f.resource}: {f.message}" for f in c.failed)
            elif c.status == UNKNOWN and c.note:
                lines.append(f"{'':<{width}}    ? {c.note}")
        lines.extend(f"note: {note}" for note in self.notes)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        n = self.counts()
        badges = " ".join(
            f"<span style='color:{_COLOURS[s]};font-weight:bold'>{n[s]} {esc(s.replace('_', ' ').lower())}</span>"
            for s in STATUSES
        )
        rows = []
        for c in self.controls:
            colour = _COLOURS[c.status]
            rows.append(
                "<tr>"
                f"<td><a href='{esc(c.link, quote=True)}' target='_blank'>{esc(c.id)}</a></td>"
                f"<td><span style='background:{colour};color:#fff;padding:0 0.4em;border-radius:3px'>"
                f"{esc(c.status.replace('_', ' '))}</span></td>"
                f"<td style='text-align:right'>{c.failed_count}/{c.total}</td>"
                f"<td style='color:{_SEVERITY_COLOURS.get(c.severity, '#000')}'>{esc(c.severity)}</td>"
                f"<td style='text-align:left'>{esc(c.title)}</td></tr>"
            )
            details = _details_html(c)
            if details:
                rows.append(f"<tr><td></td><td colspan='4' style='text-align:left'>{details}</td></tr>")
        notes = "".join(f"<li>{esc(note)}</li>" for note in self.notes)
        where = esc(" ".join(x for x in (f"account {self.account}" if self.account else "", self.region) if x))
        return (
            "<div class='labkit-audit'>"
            f"<b>Security audit</b> (AWS Foundational Security Best Practices) {where}<br>"
            f"{len(self.controls)} controls: {badges}"
            "<table style='border-collapse:collapse;margin-top:0.4em'>"
            "<thead><tr><th>control</th><th>status</th><th>failed</th><th>severity</th>"
            "<th style='text-align:left'>title</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
            + (f"<div style='color:#555'>Notes:<ul>{notes}</ul></div>" if notes else "")
            + "</div>"
        )


def _details_html(c: ControlResult) -> str:
    esc = html.escape
    if c.status == NO_DATA:
        return f"<small style='color:#757575'>{esc(c.note)}</small>" if c.note else ""
    items = []
    for f in sorted(c.findings, key=lambda f: f.passed):  # failures first, stable otherwise
        mark = "✓" if f.passed else ("?" if c.status == UNKNOWN else "✗")
        colour = "#2e7d32" if f.passed else _COLOURS[UNKNOWN if c.status == UNKNOWN else FAILED]
        hint = "" if f.passed or not f.hint else f"<div style='color:#555'>hint: <code>{esc(f.hint)}</code></div>"
        link = f" <a href='{esc(f.link, quote=True)}' target='_blank'>docs</a>" if f.link and not f.passed else ""
        items.append(
            f"<li style='list-style:none'><b style='color:{colour}'>{mark}</b> <code>{esc(f.resource)}</code>: "
            f"{esc(f.message)}{link}{hint}</li>"
        )
    opened = " open" if c.status in (FAILED, UNKNOWN) else ""
    return (f"<details{opened}><summary>{len(c.findings)} finding{'s' if len(c.findings) != 1 else ''}"
            f"</summary><ul style='padding-left:0.5em;margin:0'>{''.join(items)}</ul></details>")


def _same_resource(found: str, wanted: str) -> bool:
    """``arn:aws:iam::1:user/alice`` is ``alice``; ``my-bucket`` is itself; no partial words."""
    if found == wanted:
        return True
    return found.endswith(("/" + wanted, ":" + wanted))
