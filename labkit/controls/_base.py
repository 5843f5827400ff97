"""What every control shares: its definition, the registry, and a careful view of the snapshot.

A control is a pure function of the snapshot that returns one :class:`labkit.grading.Finding`
per resource in its scope (none when nothing is in scope: Security Hub's "no data"). It is
written either per resource (``@resource_control``: a function of one snapshot entry) or per
account (``@account_control``). The runner, not the control, deals with a snapshot that
lacks what the control reads (the control is then UNKNOWN and says so) and with an entry
that makes the control raise (a failed finding for that resource, never a traceback).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..grading import Finding
from ..i18n import join, msg
from ..snapread import Reader, name_tag, text

__all__ = [
    "Control", "View", "Verdict", "REGISTRY", "resource_control", "account_control",
    "SEVERITIES", "SERVICE_ORDER", "doc_link", "label", "comma", "semicolons",
]

# (passed, message, hint): what a control decides about one resource. Message and hint are
# msg() sentences (English by default); the audit renders them in the language asked for.
Verdict = tuple[bool, str, str]

SEVERITIES = ("CRITICAL", "HIGH", "MEDIUM", "LOW")
SERVICE_ORDER = ("ec2", "s3", "rds", "iam")
DOC = "https://docs.aws.amazon.com/securityhub/latest/userguide/{service}-controls.html#{service}-{number}"

# The type each snapshot input must have; anything not listed is a list of entries.
_INPUT_TYPES: dict[str, tuple[type, ...]] = {
    "ec2.ebs_encryption_by_default": (bool,),
    "s3.account_public_access_block": (dict, type(None)),
    "iam.account_summary": (dict,),
}


def doc_link(control_id: str) -> str:
    """The control's section of the Security Hub user guide (``EC2.8`` -> ``ec2-controls.html#ec2-8``)."""
    service, _, number = control_id.partition(".")
    return DOC.format(service=service.lower(), number=number)


def label(item: dict[str, Any], id_key: str) -> str:
    """``sg-0abc (web-sg)``: the id, with the Name tag when there is one, for messages."""
    ident = text(item.get(id_key), "?") or "?"
    name = name_tag(item, id_key)
    return ident if name in ("", "?", ident) else f"{ident} ({name})"


def comma(items: Any) -> Any:
    """``a, b, c`` of texts or msg() sentences, each rendered later in the report's language."""
    return join(", ", items)


def semicolons(items: Any) -> Any:
    """``a; b; c`` of texts or msg() sentences, each rendered later in the report's language."""
    return join("; ", items)


class View:
    """The snapshot as the controls read it: sections, lists of entries and the account."""

    def __init__(self, snapshot: Any) -> None:
        self.reader = Reader(snapshot)
        self.kind = type(snapshot).__name__
        self.snap: dict[str, Any] = self.reader.snap
        self.region = self.reader.region()
        self.account = self.reader.account() or self._account_from_data()

    def _account_from_data(self) -> str:
        """An account id seen in the data when the header lacks one (an older or edited file)."""
        for group in self.items("ec2", "security_groups", optional=True):
            owner = text(group.get("OwnerId"))
            if owner.isdigit():
                return owner
        for user in self.items("iam", "users", optional=True):
            parts = text(user.get("Arn")).split(":")
            if len(parts) > 4 and parts[4].isdigit():
                return parts[4]
        return ""

    @property
    def account_resource(self) -> str:
        """Security Hub's resource id for account-level controls."""
        return f"AWS::::Account:{self.account or '?'}"

    def section(self, service: str) -> dict[str, Any]:
        value = self.snap.get(service)
        return value if isinstance(value, dict) else {}

    def items(self, service: str, key: str, *, optional: bool = False) -> list[dict[str, Any]]:
        return self.reader.items(service, key, optional=optional)

    def value(self, service: str, key: str) -> Any:
        return self.section(service).get(key)

    def missing(self, needs: tuple[str, ...]) -> str:
        """Why the inputs ``needs`` (``"ec2.security_groups"``...) cannot be read (a msg()), or ""."""
        if self.reader.unreadable:
            return msg("the snapshot is a {kind}, not a dict: nothing could be read", kind=self.kind)
        for need in needs:
            service, _, key = need.partition(".")
            section = self.snap.get(service)
            if section is None:
                return msg("the snapshot has no '{service}' section (lab.snapshot() includes it; a snapshot "
                           "limited to other services does not)", service=service)
            if not isinstance(section, dict):
                return msg("the snapshot's '{service}' section is a {kind}, not an object", service=service,
                           kind=type(section).__name__)
            if key not in section:
                return msg("the snapshot has no {need} (it may come from an older labkit)", need=need)
            wanted = _INPUT_TYPES.get(need, (list,))
            if not isinstance(section[key], wanted):
                return msg("{need} in the snapshot is a {kind}, which cannot be read", need=need,
                           kind=type(section[key]).__name__)
        return ""


@dataclass(frozen=True)
class Control:
    """One FSBP control: id, Security Hub's title and severity, and how labkit decides it."""

    id: str
    title: str  # a msg(): Security Hub's title, rendered in the report's language
    severity: str
    service: str
    needs: tuple[str, ...]
    passes: str  # what a passing resource looks like (docs and ``controls()``)
    run: Callable[[View], list[Finding]]
    scope: str = ""  # which resources are evaluated (a msg())

    @property
    def link(self) -> str:
        return doc_link(self.id)

    @property
    def number(self) -> int:
        return int(self.id.partition(".")[2])

    def __repr__(self) -> str:
        return f"<Control {self.id} ({self.severity}): {self.title}>"


REGISTRY: dict[str, Control] = {}


def _register(new: Control) -> Control:
    if new.id in REGISTRY:
        raise ValueError(f"control {new.id} is registered twice")
    if new.severity not in SEVERITIES:
        raise ValueError(f"control {new.id}: severity must be one of {SEVERITIES}")
    REGISTRY[new.id] = new
    return new


def _failed_to_read(control_id: str, resource: str, err: Exception) -> Finding:
    return Finding(
        check=control_id, resource=resource, passed=False,
        message=msg("{resource} could not be evaluated: its snapshot entry is malformed ({error})",
                    resource=resource, error=f"{type(err).__name__}: {err}"),
        hint=msg("Take a fresh snapshot with lab.snapshot(); if this persists, please report it."),
        link=doc_link(control_id),
    )


def resource_control(
    control_id: str, title: str, severity: str, *, items: str, resource: Callable[[dict[str, Any]], str],
    passes: str, scope: str = "", needs: tuple[str, ...] = (),
) -> Callable[[Callable[[View, dict[str, Any]], Verdict | None]], Control]:
    """Register a control decided per snapshot entry of ``items`` (``"ec2.security_groups"``).

    The decorated function returns a :data:`Verdict`, or None when the entry is out of scope.
    """
    service, _, key = items.partition(".")

    def decorate(fn: Callable[[View, dict[str, Any]], Verdict | None]) -> Control:
        def run(view: View) -> list[Finding]:
            out: list[Finding] = []
            for item in view.items(service, key):
                try:
                    name = resource(item) or "?"
                except Exception:  # a mangled id field: still a finding, never a traceback
                    name = "?"
                try:
                    verdict = fn(view, item)
                except Exception as err:
                    out.append(_failed_to_read(control_id, name, err))
                    continue
                if verdict is not None:
                    passed, message, hint = verdict
                    out.append(Finding(check=control_id, resource=name, passed=bool(passed), message=message,
                                       hint="" if passed else hint, link=doc_link(control_id)))
            return out

        return _register(Control(control_id, title, severity, service, (items, *needs), passes, run, scope))

    return decorate


def account_control(
    control_id: str, title: str, severity: str, *, needs: tuple[str, ...], passes: str, scope: str = "",
) -> Callable[[Callable[[View], Verdict]], Control]:
    """Register an account-level control (resource ``AWS::::Account:<id>``, as in Security Hub)."""
    service = needs[0].partition(".")[0]

    def decorate(fn: Callable[[View], Verdict]) -> Control:
        def run(view: View) -> list[Finding]:
            try:
                passed, message, hint = fn(view)
            except Exception as err:
                return [_failed_to_read(control_id, view.account_resource, err)]
            return [Finding(check=control_id, resource=view.account_resource, passed=bool(passed),
                            message=message, hint="" if passed else hint, link=doc_link(control_id))]

        return _register(Control(control_id, title, severity, service, needs, passes, run,
                                 scope or msg("the account")))

    return decorate

