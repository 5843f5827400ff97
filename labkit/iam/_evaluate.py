"""The decision: AWS's policy evaluation logic over compiled policies.

Fast path first: ``evaluate`` only computes booleans. ``Evaluation.explain``
re-runs the very same logic with a tracer attached, so the explanation can
never disagree with the decision.
"""

from __future__ import annotations

import functools
import html
import json
import time
from collections.abc import Mapping, Sequence
from typing import Any, Final

from ..errors import LabkitError
from ..i18n import msg, render
from ._match import split_arn, unsentinel
from ._policy import CompiledStatement, Policy, load_policy
from ._principal import Caller, normalize_caller

__all__ = ["evaluate", "Evaluation", "Statement", "ALLOWED", "EXPLICIT_DENY", "IMPLICIT_DENY"]

ALLOWED: Final = "allowed"
EXPLICIT_DENY: Final = "explicitDeny"
IMPLICIT_DENY: Final = "implicitDeny"

# Role trust policies and KMS key policies must themselves allow the caller: an
# identity-based Allow alone is not enough (IAM User Guide, "Policy evaluation logic").
_TRUST_ACTIONS: Final = frozenset(
    {
        "sts:assumerole",
        "sts:assumerolewithsaml",
        "sts:assumerolewithwebidentity",
        "sts:tagsession",
        "sts:setsourceidentity",
        "sts:setcontext",
    }
)

# Resource-policy match kinds that grant on their own within one account.
_GRANTS_ALONE: Final = frozenset({"any", "direct", "service"})

_Hit = tuple[str, str, CompiledStatement]  # (policy label, policy type, statement)


class Statement(dict):  # type: ignore[type-arg]
    """A statement that decided an evaluation.

    It is the statement itself (a dict, equal to the JSON you wrote) with where
    it came from: ``sid``, ``effect``, ``index`` (position in its policy),
    ``policy_type`` (``identity``, ``resource``, ``boundary`` or ``scp``),
    ``policy_label`` (``"identity policy 1"``), ``statement_label``
    (``"statement 'AllowRead' (index 0)"``) and ``label``
    (``"identity policy 1, statement 'AllowRead' (index 0)"``). The labels are
    :func:`labkit.i18n.msg` sentences: embedded in another msg they read in Korean too.
    """

    __slots__ = ("sid", "effect", "index", "policy_type", "policy_label", "statement_label", "label")

    def __init__(self, hit: _Hit) -> None:
        policy_label, policy_type, st = hit
        super().__init__(st.raw)
        self.sid: str | None = st.sid
        self.effect: str = st.effect
        self.index: int = st.index
        self.policy_type: str = policy_type
        self.policy_label: str = policy_label
        self.statement_label: str = st.label
        self.label: str = _full_label(policy_label, st)


class _Request:
    __slots__ = ("action", "action_l", "resource", "ctx", "caller", "given_context")

    def __init__(
        self,
        action: str,
        resource: str,
        ctx: dict[str, Any],
        caller: Caller | None,
        given_context: Mapping[str, Any],
    ) -> None:
        self.action = action
        self.action_l = action.lower()
        self.resource = resource
        self.ctx = ctx
        self.caller = caller
        self.given_context = given_context


class _Trace:
    """Collects what explain() prints; only built when an explanation is asked for.

    Steps and row texts are :func:`labkit.i18n.msg` sentences, rendered by explain(lang).
    """

    def __init__(self) -> None:
        self.groups: list[tuple[str, list[tuple[CompiledStatement, bool, str]]]] = []
        self.steps: list[str] = []

    def group(self, label: str) -> list[tuple[CompiledStatement, bool, str]]:
        rows: list[tuple[CompiledStatement, bool, str]] = []
        self.groups.append((label, rows))
        return rows


class _Outcome:
    """A decision, and its reason: a msg, or ``(builder, *args)`` built on first use.

    Building sentences costs more than deciding, and most callers only want the decision.
    """

    __slots__ = ("decision", "hits", "_reason", "cross_account")

    def __init__(
        self, decision: str, hits: list[_Hit], reason: Any, cross_account: bool | None
    ) -> None:
        self.decision = decision
        self.hits = hits
        self._reason = reason
        self.cross_account = cross_account

    @property
    def reason(self) -> Any:
        if isinstance(self._reason, tuple):
            build, *args = self._reason
            self._reason = build(*args)
        return self._reason


# --------------------------------------------------------------------------- statement checks


def _applies(st: CompiledStatement, req: _Request) -> bool:
    return (
        st.action_matches(req.action_l)
        and st.resource_matches(req.resource, req.ctx)
        and st.conditions_hold(req.ctx)
    )


def _principal_kind(st: CompiledStatement, caller: Caller | None, has_boundary: bool) -> str | None:
    spec = st.principal
    if spec is None:
        return "any"
    if not st.not_principal:
        return spec.match(caller)
    # Documented quirk (IAM User Guide, permissions boundaries): a Deny with
    # NotPrincipal always applies to an IAM principal that has a boundary.
    if (
        st.is_deny
        and has_boundary
        and caller is not None
        and caller.type in ("user", "role", "assumed-role")
    ):
        return "any"
    return None if spec.covers(caller) else "any"


def _fmt_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(repr(v) for v in values) + "]"


_KIND_TEXT: Final = {
    "any": msg("names every principal ('*')"),
    "direct": msg("names the caller directly"),
    "service": msg("names the calling service"),
    "role": msg("names the role behind the caller's session"),
    "account": msg("names the caller's account (a delegation to that account's IAM policies)"),
}


def _semicolons(items: Sequence[Any]) -> Any:
    """``"; ".join(items)``, keeping msg() items translatable."""
    head: Any = ""
    for number, item in enumerate(items):
        head = item if number == 0 else msg("{items}; {item}", items=head, item=item)
    return head


def _full_label(policy_label: str, st: CompiledStatement) -> str:
    """``identity policy 1, statement 'ReadIt' (index 0)`` (a msg)."""
    return msg("{policy}, {statement}", policy=policy_label, statement=st.label)


def _describe(
    st: CompiledStatement, req: _Request, kind: str | None, *, resource_policy: bool
) -> tuple[bool, str]:
    """Whether ``st`` applies, in words. Uses the same checks as the fast path."""
    reasons: list[Any] = []
    if resource_policy and kind is None:
        element = "NotPrincipal" if st.not_principal else "Principal"
        raw = json.dumps(st.principal.raw if st.principal else None)
        if st.not_principal:
            reasons.append(msg("the caller is excepted by NotPrincipal {principal}", principal=raw))
        elif req.caller is None:
            reasons.append(
                msg("no principal was given and {element} {principal} names specific principals "
                    "(pass principal=... to evaluate)", element=element, principal=raw)
            )
        else:
            reasons.append(msg("the caller {caller} is not named in Principal {principal}",
                               caller=req.caller.describe(), principal=raw))
    if not st.action_matches(req.action_l):
        if st.not_action:
            reasons.append(msg("action {action} is excluded by NotAction {actions}",
                               action=req.action, actions=_fmt_list(st.actions)))
        else:
            reasons.append(msg("action {action} is not covered by Action {actions}",
                               action=req.action, actions=_fmt_list(st.actions)))
    if not st.resource_matches(req.resource, req.ctx):
        assert st.resources is not None
        shown = []
        missing: list[str] = []
        for t in st.resource_templates:
            text = repr(t.text)
            if t.variables:
                rendered = t.render(req.ctx)
                if rendered is None:
                    missing.extend(t.missing_variables(req.ctx))
                else:
                    text += f" (= {unsentinel(rendered)!r})"
            shown.append(text)
        listing = "[" + ", ".join(shown) + "]"
        if st.not_resource:
            reasons.append(msg("resource {resource} is excluded by NotResource {resources}",
                               resource=req.resource, resources=listing))
        else:
            reasons.append(msg("resource {resource} is not covered by Resource {resources}",
                               resource=req.resource, resources=listing))
        if missing:
            reasons.append(
                msg("policy variable {names} has no value in this request, so the entry using it cannot match",
                    names=", ".join(sorted(set(missing))))
            )
    condition_texts = []
    all_conditions = True
    for condition in st.conditions:
        ok, text = condition.describe(req.ctx)
        if not ok:
            all_conditions = False
            reasons.append(text)
        else:
            condition_texts.append(text)
    applies = (
        (not resource_policy or kind is not None)
        and st.action_matches(req.action_l)
        and st.resource_matches(req.resource, req.ctx)
        and all_conditions
    )
    if applies:
        detail: Any = msg("applies")
        if resource_policy and kind is not None:
            detail = msg("applies (its {element} {kind})",
                         element="NotPrincipal" if st.not_principal else "Principal", kind=_KIND_TEXT[kind])
        return True, _semicolons([detail, *condition_texts])
    return False, msg("does not apply: {reasons}", reasons=_semicolons(reasons))


def _scan(
    policies: Sequence[tuple[str, Policy]],
    policy_type: str,
    req: _Request,
    denies: list[_Hit],
    allows: list[_Hit],
    trace: _Trace | None,
) -> None:
    for label, policy in policies:
        rows = trace.group(label) if trace is not None else None
        for st in policy.compiled:
            if rows is None:
                ok = _applies(st, req)
            else:
                ok, text = _describe(st, req, None, resource_policy=False)
                rows.append((st, ok, text))
            if ok:
                (denies if st.is_deny else allows).append((label, policy_type, st))


# --------------------------------------------------------------------------- the decision


def _label_list(hits: Sequence[_Hit]) -> Any:
    return _semicolons([_full_label(label, st) for label, _, st in hits])


def _run(
    req: _Request,
    identity: Sequence[tuple[str, Policy]],
    resource: tuple[str, Policy] | None,
    boundary: tuple[str, Policy] | None,
    scp_levels: Sequence[Sequence[tuple[str, Policy]]],
    trace: _Trace | None,
) -> _Outcome:
    caller = req.caller
    is_service = caller is not None and caller.type == "service"
    has_boundary = boundary is not None
    denies: list[_Hit] = []
    steps = trace.steps if trace is not None else None

    scps_apply = bool(scp_levels) and not is_service
    level_allows: list[list[_Hit]] = []
    if scps_apply:
        for level in scp_levels:
            allows: list[_Hit] = []
            _scan(level, "scp", req, denies, allows, trace)
            level_allows.append(allows)

    resource_allows: list[tuple[_Hit, str]] = []
    if resource is not None:
        label, policy = resource
        rows = trace.group(label) if trace is not None else None
        for st in policy.compiled:
            kind = _principal_kind(st, caller, has_boundary)
            if rows is None:
                ok = kind is not None and _applies(st, req)
            else:
                ok, text = _describe(st, req, kind, resource_policy=True)
                rows.append((st, ok, text))
            if ok:
                hit = (label, "resource", st)
                if st.is_deny:
                    denies.append(hit)
                else:
                    resource_allows.append((hit, kind or "any"))

    identity_allows: list[_Hit] = []
    _scan(identity, "identity", req, denies, identity_allows, trace)
    boundary_allows: list[_Hit] = []
    if boundary is not None:
        _scan([boundary], "boundary", req, denies, boundary_allows, trace)

    caller_account = caller.account if caller is not None else None
    resource_account = req.ctx.get("aws:resourceaccount")
    if isinstance(resource_account, int) and not isinstance(resource_account, bool):
        resource_account = f"{resource_account:012d}"
    elif not isinstance(resource_account, str):
        resource_account = None
    cross: bool | None = None
    if caller_account is not None and resource_account is not None and not is_service:
        cross = caller_account != resource_account

    # 1. An explicit Deny anywhere wins.
    if denies:
        if steps is not None:
            steps.append(
                msg("Explicit Deny check: {count} Deny statement(s) apply ({statements}). An explicit Deny "
                    "overrides every Allow.", count=len(denies), statements=_label_list(denies))
            )
        return _Outcome(EXPLICIT_DENY, denies, (_explicitly_denied, denies), cross)
    if steps is not None:
        steps.append(msg("Explicit Deny check: no Deny statement applies."))

    # 2. Every SCP level must allow (SCPs limit the caller's account; not AWS services).
    if scps_apply:
        for number, allows in enumerate(level_allows, start=1):
            if not allows:
                where = _scp_level(number, len(level_allows))
                if steps is not None:
                    steps.append(
                        msg("SCPs: no statement in {where} allows {action}, so the request is implicitly denied "
                            "whatever the other policies say.", where=where, action=req.action)
                    )
                return _Outcome(IMPLICIT_DENY, [], (_scp_denied, where), cross)
        if steps is not None:
            steps.append(msg("SCPs: every level allows it ({statements}).",
                             statements=_semicolons([_label_list(a[:1]) for a in level_allows])))
    elif steps is not None:
        steps.append(
            msg("SCPs: not applied to AWS service principals.") if scp_levels else msg("SCPs: none given.")
        )

    boundary_ok = boundary is None or bool(boundary_allows)
    is_root = caller is not None and caller.type == "root"
    identity_ok = (bool(identity_allows) or is_root) and boundary_ok
    alone = [h for h, k in resource_allows if k in _GRANTS_ALONE]
    via_role = [h for h, k in resource_allows if k == "role"]
    via_account = [h for h, k in resource_allows if k == "account"]
    if boundary_ok:
        alone += via_role
    needs_resource = resource is not None and (
        req.action_l.startswith("kms:") or req.action_l in _TRUST_ACTIONS
    )
    resource_kind = _KEY_POLICY if req.action_l.startswith("kms:") else _TRUST_POLICY

    if steps is not None:
        steps.extend(
            _middle_steps(
                req, resource, boundary, resource_allows, identity_allows, boundary_allows, is_root
            )
        )

    if cross:
        if steps is not None:
            steps.append(
                msg("Cross-account: the caller is in account {caller_account} and the resource in account "
                    "{resource_account}, so both the caller's identity-based policies (within any boundary) and "
                    "the resource-based policy must allow it.",
                    caller_account=caller_account, resource_account=resource_account)
            )
        if identity_ok and resource_allows:
            hits = identity_allows + [h for h, _ in resource_allows]
            return _Outcome(ALLOWED, hits, (_cross_account_allowed,), cross)
        if resource is None:
            why = "no resource policy"
        elif not resource_allows:
            why = "resource policy"
        elif not (identity_allows or is_root):
            why = "identity"
        else:
            why = "boundary"
        return _Outcome(IMPLICIT_DENY, [], (_cross_account_denied, why), cross)

    if needs_resource:
        delegated = identity_ok and bool(via_account)
        if alone or delegated:
            hits = list(alone)
            if delegated:
                hits += identity_allows + via_account
            return _Outcome(ALLOWED, hits, (_trusted, resource_kind, bool(alone)), cross)
        if steps is not None:
            steps.append(
                msg("{action} needs the {policy} itself to allow the caller (an identity-based Allow is not "
                    "enough on its own).", action=req.action, policy=resource_kind)
            )
        return _Outcome(IMPLICIT_DENY, [], (_not_trusted, resource_kind, bool(via_account and not identity_ok)),
                        cross)

    if alone or identity_ok:
        granted: list[_Hit] = []
        if identity_ok:
            granted += identity_allows + via_account
        granted += alone
        if alone and not identity_ok:
            why: tuple[Any, ...] = (_allowed_by_resource_policy, next(k for h, k in resource_allows if h is alone[0]))
        elif is_root and not identity_allows:
            why = (_allowed_for_root,)
        else:
            why = (_allowed_by_identity, boundary is not None, bool(alone))
        return _Outcome(ALLOWED, granted, why, cross)

    if identity_allows and not boundary_ok:
        code = "boundary"
    elif via_role:
        code = "role"
    elif via_account:
        code = "account"
    else:
        code = "none"
    return _Outcome(IMPLICIT_DENY, [], (_implicitly_denied, code, req), cross)


# --------------------------------------------------------------------------- reasons (built on first use)


def _explicitly_denied(denies: list[_Hit]) -> Any:
    first = _full_label(denies[0][0], denies[0][2])
    if len(denies) > 1:
        return msg("explicitly denied by {statement} (and {count} more)", statement=first, count=len(denies) - 1)
    return msg("explicitly denied by {statement}", statement=first)


def _scp_level(number: int, levels: int) -> Any:
    return msg("SCP level {number}", number=number) if levels > 1 else msg("the SCPs")


def _scp_denied(where: Any) -> Any:
    return msg("implicitly denied: {why}", why=msg("nothing in {where} allows it", where=where))


def _cross_account_allowed() -> Any:
    return msg("allowed: cross-account access allowed by both the identity-based policy and the resource-based "
               "policy")


def _cross_account_denied(missing: str) -> Any:
    if missing == "no resource policy":
        why = msg("no resource-based policy was given, and cross-account access needs one")
    elif missing == "resource policy":
        why = msg("the resource-based policy does not allow this caller")
    elif missing == "identity":
        why = msg("no identity-based policy of the caller allows it")
    else:
        why = msg("the permissions boundary does not allow it")
    return msg("implicitly denied (cross-account): {why}", why=why)


def _trusted(policy: Any, alone: bool) -> Any:
    """A key or trust policy allowed it (naming the caller, or its account plus an identity-based Allow)."""
    if alone:
        why = msg("the {policy} allows the caller", policy=policy)
    else:
        why = msg("the {policy} allows the caller's account and an identity-based policy allows it", policy=policy)
    return msg("allowed: {why}", why=why)


def _not_trusted(policy: Any, account_without_identity: bool) -> Any:
    if account_without_identity:
        why = msg("the {policy} allows the caller's account, but no identity-based policy (within any boundary) "
                  "allows it", policy=policy)
    else:
        why = msg("the {policy} does not allow this caller", policy=policy)
    return msg("implicitly denied: {why}", why=why)


def _allowed_by_resource_policy(kind: str) -> Any:
    return msg("allowed by the resource-based policy ({kind})", kind=_KIND_TEXT[kind])


def _allowed_for_root() -> Any:
    return msg("allowed: the account root user has full access within its own account")


def _allowed_by_identity(boundary: bool, resource_policy: bool) -> Any:
    if boundary:
        if resource_policy:
            return msg("allowed by an identity-based policy within the permissions boundary and by the "
                       "resource-based policy")
        return msg("allowed by an identity-based policy within the permissions boundary")
    if resource_policy:
        return msg("allowed by an identity-based policy and by the resource-based policy")
    return msg("allowed by an identity-based policy")


def _implicitly_denied(code: str, req: _Request) -> Any:
    if code == "boundary":
        why = msg("an identity-based policy allows it, but the permissions boundary does not")
    elif code == "role":
        why = msg("the resource-based policy allows the caller's role, but grants to a role ARN are limited by "
                  "the permissions boundary, which does not allow it")
    elif code == "account":
        why = msg("the resource-based policy allows the caller's account (a delegation), but no identity-based "
                  "policy allows it")
    else:
        why = msg("no policy allows {action} on {resource}", action=req.action, resource=req.resource)
    return msg("implicitly denied: {why}", why=why)


def _middle_steps(
    req: _Request,
    resource: tuple[str, Policy] | None,
    boundary: tuple[str, Policy] | None,
    resource_allows: list[tuple[_Hit, str]],
    identity_allows: list[_Hit],
    boundary_allows: list[_Hit],
    is_root: bool,
) -> list[str]:
    steps: list[Any] = []
    if resource is None:
        steps.append(msg("Resource-based policy: none given."))
    elif resource_allows:
        steps.append(
            msg("Resource-based policy: allows it ({statements}).",
                statements=_semicolons([msg("{statement}, which {kind}", statement=_label_list([h]), kind=_KIND_TEXT[k])
                                        for h, k in resource_allows]))
        )
    else:
        steps.append(msg("Resource-based policy: no statement allows this caller."))
    if identity_allows:
        steps.append(msg("Identity-based policies: allow it ({statements}).", statements=_label_list(identity_allows)))
    elif is_root:
        steps.append(msg("Identity-based policies: the account root user needs none within its own account."))
    else:
        steps.append(msg("Identity-based policies: no statement allows it."))
    if boundary is None:
        steps.append(msg("Permissions boundary: none given."))
    elif boundary_allows:
        steps.append(msg("Permissions boundary: allows it ({statement}).", statement=_label_list(boundary_allows[:1])))
    else:
        steps.append(
            msg("Permissions boundary: does not allow it, so it cannot be granted by identity-based policies (nor "
                "by a resource-based policy naming the role).")
        )
    return steps


# --------------------------------------------------------------------------- public API


class Evaluation:
    """The outcome of :func:`evaluate`.

    ``decision`` is ``"allowed"``, ``"explicitDeny"`` or ``"implicitDeny"`` (the
    IAM policy simulator's words); ``statements`` the statements that decided it
    (the matching Deny statements, or the Allow statements that granted; empty
    for an implicit deny); ``reason`` one sentence; ``explain()`` the whole story.
    """

    __slots__ = (
        "decision",
        "action",
        "resource",
        "principal",
        "context",
        "_outcome",
        "cross_account",
        "_hits",
        "_statements",
        "_inputs",
        "_explanation",
    )

    def __init__(self, outcome: _Outcome, req: _Request, inputs: tuple[Any, ...]) -> None:
        self.decision: str = outcome.decision
        self.action: str = req.action
        self.resource: str = req.resource
        self.principal: Caller | None = req.caller
        self.context: dict[str, Any] = req.ctx
        self._outcome = outcome  # its reason is built when first read
        self.cross_account: bool | None = outcome.cross_account
        self._hits = outcome.hits
        self._statements: list[Statement] | None = None
        self._inputs = inputs
        self._explanation: dict[str, str] = {}

    @property
    def reason(self) -> str:
        """One sentence (a :func:`labkit.i18n.msg`: the English text, Korean where rendered)."""
        return self._outcome.reason  # type: ignore[no-any-return]

    @property
    def allowed(self) -> bool:
        """True when the decision is ``"allowed"``."""
        return self.decision == ALLOWED

    @property
    def statements(self) -> list[Statement]:
        """The decisive statements (each a dict with ``label``, ``sid``, ``policy_type``...)."""
        if self._statements is None:
            self._statements = [Statement(hit) for hit in self._hits]
        return self._statements

    def __repr__(self) -> str:
        lang = _display_lang(None)
        return f"<Evaluation {self.decision}: {render(_request_text(self.action, self.resource), lang)}>"

    def explain(self, lang: str | None = None) -> str:
        """A multi-line, plain-language account of how the decision was reached.

        In ``lang`` (``"en"`` or ``"ko"``; default: ``$LABKIT_LANG``, else the course
        folder's language, else English). ``reason`` and the trace lines are
        :func:`labkit.i18n.msg` sentences, so they also read in Korean where rendered.
        """
        chosen = _display_lang(lang)
        text = self._explanation.get(chosen)
        if text is None:
            text = self._explanation[chosen] = _explain(self, chosen)
        return text

    def _repr_html_(self) -> str:
        lang = _display_lang(None)
        colour = {ALLOWED: "#1a7f37", EXPLICIT_DENY: "#cf222e", IMPLICIT_DENY: "#9a6700"}[
            self.decision
        ]
        text = self.explain(lang)
        head, _, body = text.partition("\n")
        request = _request_text(
            f"<code>{html.escape(self.action)}</code>", f"<code>{html.escape(self.resource)}</code>"
        )
        return (
            '<div class="labkit-iam-evaluation">'
            f'<p><strong style="color:{colour}">{html.escape(self.decision)}</strong> '
            f"{render(request, lang)}</p>"
            f"<p>{html.escape(render(self.reason, lang))}</p>"
            f'<pre style="white-space:pre-wrap">{html.escape(body)}</pre>'
            "</div>"
        )


def _display_lang(lang: str | None) -> str:
    """``lang``, else $LABKIT_LANG, else the course folder's language, else English.

    An unknown ``lang`` raises; an unusable $LABKIT_LANG falls back to English (a repr must not fail).
    """
    from ..questions.bank import pick_lang

    if lang is not None:
        return pick_lang(lang)
    try:
        return pick_lang(None)
    except LabkitError:
        return "en"


def _request_text(action: str, resource: str) -> Any:
    """``s3:GetObject on arn:aws:s3:::b/k`` (a msg)."""
    return msg("{action} on {resource}", action=action, resource=resource)


def _explain(ev: Evaluation, lang: str) -> str:
    identity, resource, boundary, levels, req = ev._inputs
    trace = _Trace()
    outcome = _run(req, identity, resource, boundary, levels, trace)

    def say(value: Any) -> str:
        return str(render(value, lang))

    lines = [f"{outcome.decision}: {say(_request_text(req.action, req.resource))}"]
    caller = req.caller
    if caller is not None:
        lines.append(say(msg("Caller: {caller}", caller=caller.describe())))
    else:
        lines.append(say(msg("Caller: not given (principal=None)")))
    considered: list[Any] = [
        msg("{count} identity-based policy", count=len(identity)) if len(identity) == 1
        else msg("{count} identity-based policies", count=len(identity))
    ]
    considered.append(msg("a resource-based policy") if resource else msg("no resource-based policy"))
    considered.append(msg("a permissions boundary") if boundary else msg("no permissions boundary"))
    if levels:
        considered.append(msg("SCPs ({count} level)", count=len(levels)) if len(levels) == 1
                          else msg("SCPs ({count} levels)", count=len(levels)))
    else:
        considered.append(msg("no SCPs"))
    lines.append(say(msg("Policies considered: {policies}.", policies=_commas(considered))))
    if req.given_context:
        shown = ", ".join(f"{k}={v!r}" for k, v in req.given_context.items())
        lines.append(say(msg("Request context: {context}", context=shown)))
    lines.append("")
    lines.append(say(msg("Why: {reason}.", reason=outcome.reason)))
    if outcome.hits:
        lines.append("")
        lines.append(say(msg("Deciding statement(s):")))
        for label, _, st in outcome.hits:
            lines.append(f"  - {say(_full_label(label, st))}: {st.effect}")
    lines.append("")
    lines.append(say(msg("How AWS gets there:")))
    for number, step in enumerate(trace.steps, start=1):
        lines.append(f"  {number}. {say(step)}")
    lines.append(f"  => {outcome.decision}")
    lines.append("")
    lines.append(say(msg("Statement by statement:")))
    for label, rows in trace.groups:
        lines.append(f"  {say(label)}:")
        if not rows:
            lines.append(f"    {say(msg('(no statements)'))}")
        for st, _ok, text in rows:
            lines.append(f"    - {say(st.label)}, {st.effect}: {say(text)}")
    policies = [*identity, *([resource] if resource else []), *([boundary] if boundary else [])]
    policies += [p for level in levels for p in level]
    for label, policy in policies:
        if policy.version != "2012-10-17" and "${" in json.dumps(policy.document):
            lines.append(
                say(msg("Note: {policy} has Version {version}, which has no policy variables, so '${{...}}' is "
                        "plain text there (use Version 2012-10-17).", policy=label, version=policy.version))
            )
    return "\n".join(lines)


def _commas(items: Sequence[Any]) -> Any:
    """``", ".join(items)``, keeping msg() items translatable."""
    head: Any = ""
    for number, item in enumerate(items):
        head = item if number == 0 else msg("{items}, {item}", items=head, item=item)
    return head


_KEY_POLICY: Final = msg("key policy")
_TRUST_POLICY: Final = msg("role trust policy")
_RESOURCE_LABEL: Final = msg("resource policy")
_BOUNDARY_LABEL: Final = msg("permissions boundary")


@functools.lru_cache(maxsize=64)
def _identity_label(number: int) -> Any:
    return msg("identity policy {number}", number=number)


@functools.lru_cache(maxsize=64)
def _scp_label(number: int) -> Any:
    return msg("SCP {number}", number=number)


@functools.lru_cache(maxsize=256)
def _scp_level_label(level: int, number: int) -> Any:
    return msg("SCP level {level}, policy {number}", level=level, number=number)


def _as_policy_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _scp_levels(scps: Any) -> list[list[tuple[str, Policy]]]:
    """``scps``: one policy, a flat list (one level), or a list of levels."""
    items = _as_policy_list(scps)
    if not items:
        return []
    if not any(isinstance(item, (list, tuple)) for item in items):
        return [[(label, load_policy(p, label, "scp"))
                 for i, p in enumerate(items, 1) for label in [_scp_label(i)]]]
    levels = []
    for n, level in enumerate(items, start=1):
        members = _as_policy_list(level)
        if not members:
            raise LabkitError(
                f"SCP level {n} is empty: every level of the organization has at least one SCP "
                "(FullAWSAccess by default); give it a policy or leave the level out."
            )
        levels.append(
            [
                (label, load_policy(p, label, "scp"))
                for i, p in enumerate(members, start=1)
                for label in [_scp_level_label(n, i)]
            ]
        )
    return levels


def evaluate(
    identity_policies: Any,
    action: str,
    resource: str,
    *,
    principal: Any = None,
    resource_policy: Any = None,
    permissions_boundary: Any = None,
    scps: Any = None,
    context: Mapping[str, Any] | None = None,
) -> Evaluation:
    """Decide whether a request is allowed, the way AWS IAM does.

    See the package docstring of :mod:`labkit.iam` for arguments and semantics.
    """
    if not isinstance(action, str) or ":" not in action or action.startswith(":"):
        raise LabkitError(f"action must look like 'service:ActionName', got {action!r}.")
    if not isinstance(resource, str) or not resource:
        raise LabkitError(f"resource must be an ARN string or '*', got {resource!r}.")
    # Policy labels are msgs: explanations and statement labels read in Korean too.
    identity = [
        (label, load_policy(p, label, "identity"))
        for i, p in enumerate(_as_policy_list(identity_policies), start=1)
        for label in [_identity_label(i)]
    ]
    resource_entry = (
        (_RESOURCE_LABEL, load_policy(resource_policy, _RESOURCE_LABEL, "resource"))
        if resource_policy is not None
        else None
    )
    boundary_entry = (
        (_BOUNDARY_LABEL, load_policy(permissions_boundary, _BOUNDARY_LABEL, "boundary"))
        if permissions_boundary is not None
        else None
    )
    levels = _scp_levels(scps)
    caller = normalize_caller(principal)

    ctx: dict[str, Any] = dict(caller.context) if caller is not None else {}
    given: Mapping[str, Any] = context or {}
    if not isinstance(given, Mapping):
        raise LabkitError(f"context must be a dict of condition key -> value, got {given!r}.")
    for key, value in given.items():
        if not isinstance(key, str):
            raise LabkitError(f"context keys must be strings such as 'aws:SourceIp', got {key!r}.")
        ctx[key.lower()] = value
    if "aws:resourceaccount" not in ctx:
        parts = split_arn(resource)
        if parts is not None and parts[4].isdigit():
            ctx["aws:resourceaccount"] = parts[4]
    if "aws:currenttime" not in ctx or "aws:epochtime" not in ctx:
        uses_time = any(p.uses_time for _, p in identity) or any(
            e is not None and e[1].uses_time for e in (resource_entry, boundary_entry)
        )
        if uses_time or any(p.uses_time for level in levels for _, p in level):
            # AWS puts the request time in every request; tests should pass it explicitly.
            now = time.time()
            ctx.setdefault("aws:epochtime", int(now))
            ctx.setdefault("aws:currenttime", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)))

    req = _Request(action, resource, ctx, caller, given)
    outcome = _run(req, identity, resource_entry, boundary_entry, levels, None)
    return Evaluation(outcome, req, (identity, resource_entry, boundary_entry, levels, req))
