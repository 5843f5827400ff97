"""Grading policies by asking them questions, never by reading their text.

A policy is right when AWS would decide the right thing for the requests that
matter. A grader writes those requests down as a table of :class:`Request`
rows (what the learner would call it, the action, the resource, the caller, the
condition keys, and the decisions that are acceptable), hands the table and the
policies to :func:`mismatches`, and gets back the rows that came out wrong, each
with a learner-facing sentence such as ``GetObject on my-secure-bucket/* over
plain HTTP from another account is not explicitly denied (...); it should be
explicitly denied``. Every equivalent way of writing a policy (``Bool`` or
``StringEquals``, ``"*"`` or ``{"AWS": "*"}``, one statement or three) is
graded the same, because :func:`labkit.iam.evaluate` decides.

Shared by the S3 and IAM graders. Example:

    >>> policy = {"Version": "2012-10-17", "Statement": [{
    ...     "Effect": "Deny", "Principal": "*", "Action": "s3:*",
    ...     "Resource": "arn:aws:s3:::b", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}
    >>> rows = [Request("GetObject over plain HTTP", "s3:GetObject", "arn:aws:s3:::b/k", EXPLICIT_DENY,
    ...                 context={"aws:SecureTransport": "false"})]
    >>> [m.message for m in mismatches(rows, resource_policy=policy)]  # doctest: +ELLIPSIS
    ['GetObject over plain HTTP is not explicitly denied (...); it should be explicitly denied']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import LabkitError
from ..i18n import join, msg
from ..iam import evaluate

__all__ = [
    "ALLOWED", "DENIED", "EXPLICIT_DENY", "NOT_EXPLICITLY_DENIED",
    "Request", "Mismatch", "mismatches", "summary", "load_document", "split_statements",
]

# Acceptable outcomes of a row (sets of the policy simulator's decisions).
ALLOWED = frozenset({"allowed"})
DENIED = frozenset({"explicitDeny", "implicitDeny"})
EXPLICIT_DENY = frozenset({"explicitDeny"})
NOT_EXPLICITLY_DENIED = frozenset({"allowed", "implicitDeny"})

_WANTED = {
    ALLOWED: msg("it should be allowed"),
    DENIED: msg("it should be denied"),
    EXPLICIT_DENY: msg("it should be explicitly denied"),
    NOT_EXPLICITLY_DENIED: msg("no statement should deny it"),
}


def _semicolons(items: Iterable[Any]) -> Any:
    """``"; ".join(items)``, keeping Msgs translatable."""
    return join("; ", items)


def _ors(items: Iterable[Any]) -> Any:
    """``" or ".join(items)`` (``"a or b or c"``, unlike :func:`labkit.i18n.or_`), keeping Msgs translatable."""
    head: Any = ""
    for number, item in enumerate(items):
        head = item if number == 0 else msg("{items} or {last}", items=head, last=item)
    return head


@dataclass(frozen=True)
class Request:
    """One row of a request table.

    ``description`` is learner-facing and names the request the way the task
    does (``"GetObject on my-secure-bucket/* over plain HTTP from another
    account"``), best as a :func:`~labkit.i18n.msg` so that the mismatch
    message reads in Korean too; ``expected`` is one of the module's decision
    sets (or any frozenset of decisions, or one decision string).
    """

    description: str
    action: str
    resource: str
    expected: frozenset[str] | str
    principal: Any = None
    context: Mapping[str, Any] | None = None

    @property
    def acceptable(self) -> frozenset[str]:
        return frozenset({self.expected}) if isinstance(self.expected, str) else frozenset(self.expected)


@dataclass(frozen=True)
class Mismatch:
    """A row whose decision was not acceptable, and the statements that decided it."""

    request: Request
    decision: str
    statements: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        wanted = self.request.acceptable
        by = join("; ", self.statements)
        if self.decision == "allowed":
            got = msg("is allowed by {statements}", statements=by) if by else msg("is allowed")
        elif self.decision == "explicitDeny":
            got = msg("is explicitly denied by {statements}", statements=by) if by else msg("is explicitly denied")
        elif "allowed" in wanted:
            got = msg("is implicitly denied (no statement allows it)")
        else:
            got = msg("is not explicitly denied (no statement denies it, so any IAM policy that allows it "
                      "would let it through)")
        should = _WANTED.get(wanted) or msg("it should be {decisions}", decisions=_ors(sorted(wanted)))
        return msg("{request} {got}; {should}", request=self.request.description, got=got, should=should)


def mismatches(
    requests: Iterable[Request],
    *,
    identity_policies: Any = None,
    resource_policy: Any = None,
    permissions_boundary: Any = None,
    scps: Any = None,
) -> list[Mismatch]:
    """The rows of ``requests`` whose decision is not one of their acceptable ones, in table order.

    The policies are passed to :func:`labkit.iam.evaluate` unchanged (dicts or
    JSON text). A malformed policy raises :class:`labkit.errors.LabkitError`
    naming the element at fault: catch it and report it as the finding.
    """
    out: list[Mismatch] = []
    for row in requests:
        ev = evaluate(
            identity_policies, row.action, row.resource, principal=row.principal,
            resource_policy=resource_policy, permissions_boundary=permissions_boundary,
            scps=scps, context=dict(row.context or {}),
        )
        if ev.decision not in row.acceptable:
            labels = tuple(s.label for s in ev.statements) if ev.decision != "implicitDeny" else ()
            out.append(Mismatch(row, ev.decision, labels))
    return out


def summary(found: list[Mismatch], limit: int = 2) -> str:
    """The first ``limit`` mismatch messages, and how many more there are (for a finding's message)."""
    shown = _semicolons(m.message for m in found[:limit])
    rest = len(found) - limit
    if rest <= 0:
        return shown
    if rest == 1:
        return msg("{shown} (and 1 more request like these)", shown=shown)
    return msg("{shown} (and {rest} more requests like these)", shown=shown, rest=rest)


def load_document(document: Any, what: str = "policy") -> dict[str, Any]:
    """A policy document as a dict, from a dict or JSON text; LabkitError (saying what is wrong) otherwise."""
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError as err:
            raise LabkitError(f"the {what} is not valid JSON ({err.msg} at character {err.pos})") from None
    if not isinstance(document, dict):
        raise LabkitError(f"the {what} is a {type(document).__name__}, not a JSON object")
    return document


def split_statements(document: Any, what: str = "policy") -> list[tuple[str, dict[str, Any]]]:
    """Each statement as a one-statement policy of its own, with a name for messages.

    For questions about one statement alone (\"is there a statement that denies
    plain HTTP but not HTTPS?\"), where other statements must not mask the answer.
    The Version (and so policy-variable support) is kept.
    """
    doc = load_document(document, what)
    statements = doc.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        return []
    out: list[tuple[str, dict[str, Any]]] = []
    for index, st in enumerate(statements):
        if not isinstance(st, dict):
            continue
        single: dict[str, Any] = {"Statement": [st]}
        if "Version" in doc:
            single["Version"] = doc["Version"]
        sid = st.get("Sid")
        out.append((msg("statement {sid!r}", sid=sid) if isinstance(sid, str) and sid
                    else msg("statement {number}", number=index + 1), single))
    return out
