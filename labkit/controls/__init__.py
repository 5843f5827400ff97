"""``labkit.audit()``: AWS Security Hub's Foundational Security Best Practices (FSBP), offline.

Each control is a pure function of the snapshot (``labkit/controls/<service>.py``) that
returns one :class:`labkit.grading.Finding` per resource in its scope, with the control id
(``EC2.8``), the resource, passed or not, a message, a hint (the boto3 call that fixes it)
and a link to the control's page in the Security Hub user guide. Messages, hints, control
titles and notes are written with :func:`labkit.i18n.msg` and come out in the language
asked for (``labkit.audit(lab, lang="ko")``; English by default). Policy-based controls
(S3.2, S3.3, S3.5, IAM.1, IAM.21) decide by evaluating policies with
:func:`labkit.iam.evaluate`, never by matching JSON text. Where moto's defaults differ
from AWS's today (buckets without default encryption or Block Public Access, DB instances
without ``PubliclyAccessible``, the default security group's rules), the finding says so.

Example:
    >>> import labkit
    >>> with labkit.Lab("buckets") as lab:                      # doctest: +SKIP
    ...     report = labkit.audit(lab)
    >>> report.control("S3.8").status                            # doctest: +SKIP
    'FAILED'
    >>> report.for_resource("my-secure-bucket")[0]               # doctest: +SKIP
    ✓ S3.2 [my-secure-bucket] bucket my-secure-bucket allows no public read access (...)
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from ..errors import LabkitError
from ..grading import Finding
from ..i18n import msg, render
from . import ec2, iam, rds, s3  # noqa: F401  (registers the controls)
from ._base import REGISTRY, SERVICE_ORDER, Control, View
from .report import FAILED, NO_DATA, PASSED, UNKNOWN, AuditReport, ControlResult

if TYPE_CHECKING:
    from ..lab import Lab

__all__ = ["audit", "audit_snapshot", "controls", "Control", "AuditReport", "ControlResult", "SERVICES"]

# The snapshot sections the controls read (a live audit reads only these).
SERVICES: tuple[str, ...] = SERVICE_ORDER


def controls() -> list[Control]:
    """Every control labkit checks, in report order (``.id``, ``.title``, ``.severity``, ``.link``)."""
    order = {s: i for i, s in enumerate(SERVICE_ORDER)}
    return sorted(REGISTRY.values(), key=lambda c: (order.get(c.service, len(order)), c.number))


def _unwrap(data: dict[str, Any]) -> dict[str, Any]:
    """A submission-like dict that carries the snapshot under ``"snapshot"`` gives that snapshot."""
    inner = data.get("snapshot")
    if "labkit" not in data and isinstance(inner, dict):
        return inner
    return data


def _text(value: Any, lang: str) -> str:
    """A msg() sentence (or plain text) as plain text in ``lang``."""
    return str(render(value, lang))


def _in(finding: Finding, lang: str) -> Finding:
    """The finding with its message and hint rendered in ``lang`` (plain strings)."""
    return dataclasses.replace(finding, message=_text(finding.message, lang), hint=_text(finding.hint, lang))


def _result(control: Control, status: str, findings: tuple[Finding, ...], note: Any, lang: str) -> ControlResult:
    return ControlResult(control.id, _text(control.title, lang), control.severity, control.link, status,
                         tuple(_in(f, lang) for f in findings), _text(note, lang), lang)


def _unknown(control: Control, why: Any, lang: str) -> ControlResult:
    """An UNKNOWN control, with one finding that says what could not be checked and why."""
    note = msg("{control} could not be checked: {why}", control=control.id, why=why)
    finding = Finding(check=control.id, resource="snapshot", passed=False, message=note,
                      hint=msg("Audit a live lab (labkit.audit(lab)) or a complete lab.snapshot()."),
                      link=control.link)
    return _result(control, UNKNOWN, (finding,), note, lang)


def audit_snapshot(snapshot: Any, lang: str = "en") -> AuditReport:
    """Run every control over a snapshot (live or from a file); never raises on odd input.

    Findings, control titles and notes are written in ``lang`` (``"en"`` or ``"ko"``).
    """
    if isinstance(snapshot, dict):
        snapshot = _unwrap(snapshot)
    view = View(snapshot)
    results = []
    for control in controls():
        missing = view.missing(control.needs)
        if missing:
            results.append(_unknown(control, missing, lang))
            continue
        try:
            found = tuple(control.run(view))
        except Exception as err:  # a control bug must not hide the other controls' results
            results.append(_unknown(control, f"{type(err).__name__}: {err}", lang))
            continue
        note: Any = ""
        if not found:
            status = NO_DATA
            note = msg("no resource in scope ({scope})", scope=control.scope) if control.scope \
                else msg("no resource in scope")
        else:
            status = PASSED if all(f.passed for f in found) else FAILED
        results.append(_result(control, status, found, note, lang))
    return AuditReport(results, account=view.account, region=view.region,
                       notes=[_text(note, lang) for note in view.reader.skipped], lang=lang)


def audit(lab: Lab | dict[str, Any] | None = None, *, lang: str | None = None) -> AuditReport:
    """Audit ``lab`` (default: the current lab) or a snapshot dict against the FSBP controls.

    A live lab is read once, only the sections the controls need
    (``lab.snapshot(["ec2", "s3", "rds", "iam"])``). Findings and the report are in
    ``lang`` (default: ``$LABKIT_LANG``, else the course folder's language, else English).
    """
    from ..questions.bank import pick_lang

    lang = pick_lang(lang)
    if isinstance(lab, dict):
        return audit_snapshot(lab, lang)
    from ..lab import Lab, current

    if lab is None:
        lab = current()
    if not isinstance(lab, Lab):
        raise LabkitError(
            f"labkit.audit() takes a Lab, a snapshot dict (from lab.snapshot() or a submission file) or nothing "
            f"(the current lab); got {type(lab).__name__}."
        )
    return audit_snapshot(lab.snapshot(list(SERVICES)), lang)
