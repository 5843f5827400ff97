"""Parse and compile policy documents, with caching.

A :class:`Policy` is compiled once (wildcards to regexes, condition values to
typed values) and then evaluated many times. :func:`parse_policy` caches by
object identity (checked against a snapshot, so mutating a dict is noticed)
and by canonical JSON text, so callers can pass the same dict or JSON string
over and over without paying for parsing again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Final

from ..errors import LabkitError
from ..i18n import msg
from ._conditions import Condition, compile_conditions
from ._match import PolicySyntaxError, Template, compile_globs, split_arn
from ._principal import Caller

__all__ = ["Policy", "CompiledStatement", "PrincipalSpec", "parse_policy", "load_policy"]

VERSIONS: Final = ("2012-10-17", "2008-10-17")
_TOP_KEYS: Final = ("Version", "Id", "Statement")
_STATEMENT_KEYS: Final = (
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
)
_PRINCIPAL_KEYS: Final = ("AWS", "Service", "Federated", "CanonicalUser")
_ROLE_ARN = re.compile(r"^arn:[^:]+:iam::([^:]*):role(?:/.*)?/([^/]+)$")
_ROOT_ARN = re.compile(r"^arn:[^:]+:iam::([^:]*):root$")
_UNIQUE_ID = re.compile(r"^A[A-Z0-9]{15,127}(:.+)?$")


def _unknown_key_message(kind: str, key: object, valid: tuple[str, ...]) -> str:
    hint = ""
    if isinstance(key, str):
        for candidate in valid:
            if candidate.lower() == key.lower() or candidate.lower() == key.lower().rstrip("s"):
                hint = f" (did you mean {candidate!r}? element names are case-sensitive)"
                break
    return f"unknown {kind} element {key!r}{hint}; valid elements: {', '.join(valid)}"


def _string_list(value: Any, element: str, where: str) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    if not items:
        raise PolicySyntaxError(f"{element} must not be an empty list", where)
    for item in items:
        if not isinstance(item, str) or not item:
            raise PolicySyntaxError(
                f"{element} entries must be non-empty strings, got {item!r}", where
            )
    return tuple(items)


class PrincipalSpec:
    """A compiled ``Principal`` / ``NotPrincipal`` element."""

    __slots__ = (
        "raw",
        "everyone",
        "aws_any",
        "arns",
        "roles",
        "accounts",
        "services",
        "federated",
        "canonical",
    )

    def __init__(self, raw: Any, element: str, where: str) -> None:
        self.raw = raw
        self.everyone = False
        self.aws_any = False
        arns: set[str] = set()
        roles: set[tuple[str, str]] = set()
        accounts: set[str] = set()
        services: set[str] = set()
        federated: set[str] = set()
        canonical: set[str] = set()
        if raw == "*":
            self.everyone = True
        elif isinstance(raw, dict) and raw:
            for kind, values in raw.items():
                if kind not in _PRINCIPAL_KEYS:
                    raise PolicySyntaxError(
                        f"{element}: unknown principal type {kind!r}; use one of "
                        f"{', '.join(_PRINCIPAL_KEYS)}",
                        where,
                    )
                for value in _string_list(values, f"{element} {kind}", where):
                    if "*" in value and value != "*":
                        raise PolicySyntaxError(
                            f"{element} {kind} {value!r}: wildcards are not allowed in a "
                            "principal except a bare '*' (match patterns with a Condition on "
                            "aws:PrincipalArn instead)",
                            where,
                        )
                    if kind == "AWS":
                        self._add_aws(value, arns, roles, accounts, element, where)
                    elif kind == "Service":
                        services.add(value.lower())
                    elif kind == "Federated":
                        federated.add(value)
                    else:
                        canonical.add(value)
        else:
            raise PolicySyntaxError(
                f'{element} must be "*" or an object such as {{"AWS": '
                f'"arn:aws:iam::123456789012:root"}}, got {raw!r}',
                where,
            )
        self.arns = frozenset(arns)
        self.roles = frozenset(roles)
        self.accounts = frozenset(accounts)
        self.services = frozenset(services)
        self.federated = frozenset(federated)
        self.canonical = frozenset(canonical)

    def _add_aws(
        self,
        value: str,
        arns: set[str],
        roles: set[tuple[str, str]],
        accounts: set[str],
        element: str,
        where: str,
    ) -> None:
        if value == "*":
            self.aws_any = True
        elif value.isdigit():
            accounts.add(value)  # "123456789012" is shorthand for that account's root ARN
        elif m := _ROOT_ARN.match(value):
            accounts.add(m.group(1))
        elif m := _ROLE_ARN.match(value):
            # AWS stores role principals by unique id, so the path does not matter.
            roles.add((m.group(1), m.group(2)))
        elif value.startswith("arn:") or _UNIQUE_ID.match(value):
            arns.add(value)
        else:
            raise PolicySyntaxError(
                f"{element} AWS {value!r} is not an account id, an IAM/STS ARN or '*'", where
            )

    def match(self, caller: Caller | None) -> str | None:
        """How this element names ``caller``.

        ``"any"`` (a wildcard), ``"direct"`` (the user/session ARN itself),
        ``"service"``, ``"role"`` (the role behind a session), ``"account"``
        (the caller's account: a delegation) or None.
        """
        if self.everyone:
            return "any"
        if caller is None:
            return "any" if self.aws_any else None
        kind = caller.type
        if kind == "service":
            return "service" if caller.service and caller.service.lower() in self.services else None
        if kind == "federated":
            return "direct" if caller.federated in self.federated else None
        if caller.canonical_user is not None and caller.canonical_user in self.canonical:
            return "direct"
        if caller.arn is not None and caller.arn in self.arns and kind != "role":
            return "direct"
        if caller.userid is not None and caller.userid in self.arns:
            return "direct"
        if self.aws_any:
            return "any"
        if kind in ("role", "assumed-role") and (caller.account, caller.role_name) in self.roles:
            return "role"
        if caller.account is not None and caller.account in self.accounts:
            return "account"
        return None

    def covers(self, caller: Caller | None) -> bool:
        """For NotPrincipal: whether every identity AWS may check for ``caller`` is listed.

        AWS may check the account, then the role, then the session; the IAM docs
        warn that leaving out any of them can deny the whole chain.
        """
        if self.everyone:
            return True
        if caller is None:
            return False
        if self.aws_any and caller.type not in ("service", "federated"):
            return True
        chain = caller.identity_chain
        if not chain:
            return False
        for item in chain:
            kind, _, rest = item.partition(":")
            if kind == "account":
                ok = rest in self.accounts
            elif kind == "role":
                account, _, name = rest.partition(":")
                ok = (account, name) in self.roles
            elif kind == "arn":
                ok = rest in self.arns
            elif kind == "service":
                ok = rest.lower() in self.services
            elif kind == "federated":
                ok = rest in self.federated
            else:
                ok = rest in self.canonical
            if not ok:
                return False
        return True


class CompiledStatement:
    """One statement of a policy, compiled for fast matching."""

    __slots__ = (
        "raw",
        "index",
        "sid",
        "effect",
        "is_deny",
        "label",
        "actions",
        "not_action",
        "action_match",
        "resources",
        "not_resource",
        "resource_templates",
        "resource_match",
        "principal",
        "not_principal",
        "conditions",
    )

    def __init__(self, raw: Any, index: int, *, variables: bool) -> None:
        if not isinstance(raw, dict):
            raise PolicySyntaxError(
                f"must be an object with Effect, Action and Resource, got {raw!r}",
                f"statement at index {index}",
            )
        sid = raw.get("Sid")
        # The statement's label in explanations (a msg: also in Korean) and in error messages.
        where = (
            msg("statement {sid!r} (index {index})", sid=sid, index=index)
            if isinstance(sid, str)
            else msg("statement at index {index}", index=index)
        )
        if sid is not None and not isinstance(sid, str):
            raise PolicySyntaxError(f"Sid must be a string, got {sid!r}", where)
        for key in raw:
            if key not in _STATEMENT_KEYS:
                raise PolicySyntaxError(
                    _unknown_key_message("statement", key, _STATEMENT_KEYS), where
                )
        self.raw = raw
        self.index = index
        self.sid = sid
        self.label = where
        effect = raw.get("Effect")
        if effect not in ("Allow", "Deny"):
            if effect is None:
                raise PolicySyntaxError("Effect is missing; it must be 'Allow' or 'Deny'", where)
            raise PolicySyntaxError(f"Effect must be 'Allow' or 'Deny', got {effect!r}", where)
        self.effect = effect
        self.is_deny = effect == "Deny"

        if ("Action" in raw) == ("NotAction" in raw):
            raise PolicySyntaxError(
                "a statement needs exactly one of Action or NotAction"
                + (" (it has both)" if "Action" in raw else ""),
                where,
            )
        element = "Action" if "Action" in raw else "NotAction"
        actions = _string_list(raw[element], element, where)
        for action in actions:
            if action != "*" and (":" not in action or action.startswith(":")):
                raise PolicySyntaxError(
                    f"{element} {action!r} must look like 'service:ActionName' (or be '*')", where
                )
        self.actions = actions
        self.not_action = element == "NotAction"
        # AWS matches action names case-insensitively: compare lower-cased text.
        self.action_match = compile_globs(tuple(a.lower() for a in actions)).fullmatch

        if "Resource" in raw and "NotResource" in raw:
            raise PolicySyntaxError("a statement can have Resource or NotResource, not both", where)
        self.not_resource = "NotResource" in raw
        self.resources: tuple[str, ...] | None = None
        self.resource_templates: tuple[Template, ...] = ()
        self.resource_match = None
        if "Resource" in raw or "NotResource" in raw:
            element = "NotResource" if self.not_resource else "Resource"
            resources = _string_list(raw[element], element, where)
            for resource in resources:
                if resource != "*" and not resource.startswith("arn:"):
                    raise PolicySyntaxError(
                        f"{element} {resource!r} must be an ARN "
                        "(arn:partition:service:region:account:resource) or '*'",
                        where,
                    )
            self.resources = resources
            self.resource_templates = tuple(Template(r, substitute=variables) for r in resources)
            if all(not t.variables for t in self.resource_templates):
                self.resource_match = compile_globs(
                    tuple(t.static or "" for t in self.resource_templates)
                ).fullmatch

        if "Principal" in raw and "NotPrincipal" in raw:
            raise PolicySyntaxError(
                "a statement can have Principal or NotPrincipal, not both", where
            )
        self.not_principal = "NotPrincipal" in raw
        self.principal: PrincipalSpec | None = None
        if "Principal" in raw or "NotPrincipal" in raw:
            element = "NotPrincipal" if self.not_principal else "Principal"
            self.principal = PrincipalSpec(raw[element], element, where)

        self.conditions: tuple[Condition, ...] = ()
        if "Condition" in raw:
            self.conditions = compile_conditions(raw["Condition"], variables=variables, where=where)

    # -- matching (hot path) -------------------------------------------------------------

    def action_matches(self, action_lower: str) -> bool:
        """Whether the statement's Action/NotAction covers the (lower-cased) action."""
        return (self.action_match(action_lower) is not None) != self.not_action

    def resource_listed(self, resource: str, ctx: Mapping[str, Any]) -> bool:
        """Whether ``resource`` matches an entry of Resource/NotResource (before negation)."""
        match = self.resource_match
        if match is not None:
            return match(resource) is not None
        patterns = tuple(p for t in self.resource_templates if (p := t.render(ctx)) is not None)
        return bool(patterns) and compile_globs(patterns).fullmatch(resource) is not None

    def resource_matches(self, resource: str, ctx: Mapping[str, Any]) -> bool:
        """Whether the statement's Resource/NotResource covers ``resource``."""
        if self.resources is None:
            return True  # no Resource element: the resource the policy is attached to
        return self.resource_listed(resource, ctx) != self.not_resource

    def conditions_hold(self, ctx: Mapping[str, Any]) -> bool:
        """Whether every condition holds (operators and keys are ANDed)."""
        for condition in self.conditions:
            if not condition.test(ctx):
                return False
        return True


class Policy:
    """A parsed and compiled IAM policy document.

    Build one with :func:`parse_policy`. ``document`` is the policy as a dict,
    ``version`` its policy-language version (``"2008-10-17"`` when the document
    has none, as in AWS) and ``statements`` its statements as dicts.
    """

    __slots__ = (
        "document",
        "version",
        "id",
        "statements",
        "compiled",
        "referenced_keys",
        "uses_time",
        "valid_roles",
    )

    def __init__(self, document: Any) -> None:
        if not isinstance(document, dict):
            raise PolicySyntaxError(
                f"a policy must be a JSON object with Version and Statement, got "
                f"{type(document).__name__}"
            )
        if "Statement" not in document and ("Effect" in document or "Action" in document):
            raise PolicySyntaxError(
                "this looks like a single statement, not a policy: wrap it as "
                '{"Version": "2012-10-17", "Statement": [...]}'
            )
        for key in document:
            if key not in _TOP_KEYS:
                raise PolicySyntaxError(_unknown_key_message("policy", key, _TOP_KEYS))
        version = document.get("Version", "2008-10-17")
        if version not in VERSIONS:
            raise PolicySyntaxError(
                f"Version must be '2012-10-17' (or the legacy '2008-10-17'), got {version!r}"
            )
        policy_id = document.get("Id")
        if policy_id is not None and not isinstance(policy_id, str):
            raise PolicySyntaxError(f"Id must be a string, got {policy_id!r}")
        if "Statement" not in document:
            raise PolicySyntaxError("Statement is missing")
        raw_statements = document["Statement"]
        if isinstance(raw_statements, dict):
            raw_statements = [raw_statements]
        if not isinstance(raw_statements, list):
            raise PolicySyntaxError(
                f"Statement must be an object or a list of objects, got {raw_statements!r}"
            )
        variables = version == "2012-10-17"
        compiled = tuple(
            CompiledStatement(raw, i, variables=variables) for i, raw in enumerate(raw_statements)
        )
        seen: dict[str, int] = {}
        for statement in compiled:
            if statement.sid is not None and statement.sid != "":
                if statement.sid in seen:
                    raise PolicySyntaxError(
                        f"Sid {statement.sid!r} is also used by the statement at index "
                        f"{seen[statement.sid]}; Sids must be unique within a policy",
                        statement.label,
                    )
                seen[statement.sid] = statement.index
        keys: set[str] = set()
        for statement in compiled:
            for condition in statement.conditions:
                keys.add(condition.lkey)
                for t in condition.templates:
                    keys.update(v.lower() for v in t.variables)
            for t in statement.resource_templates:
                keys.update(v.lower() for v in t.variables)
        self.document = document
        self.version = version
        self.id = policy_id
        self.statements = tuple(raw_statements)
        self.compiled = compiled
        self.referenced_keys = frozenset(keys)
        self.uses_time = "aws:currenttime" in keys or "aws:epochtime" in keys
        self.valid_roles: set[str] = set()

    def __repr__(self) -> str:
        n = len(self.compiled)
        return f"<Policy {n} statement{'s' if n != 1 else ''}, Version {self.version}>"

    def to_json(self, **kwargs: Any) -> str:
        """The policy document as JSON text (``json.dumps`` keyword arguments pass through)."""
        return json.dumps(self.document, **kwargs)

    # Validation for the role a policy plays; load_policy remembers roles that passed.
    def problems_as(self, role: str) -> list[PolicySyntaxError]:
        """Rule breaks for ``role`` (identity, boundary, scp or resource)."""
        out = []
        for st in self.compiled:
            if role in ("identity", "boundary", "scp") and st.principal is not None:
                what = {
                    "identity": "an identity-based policy (it applies to whoever holds it)",
                    "boundary": "a permissions boundary",
                    "scp": "a service control policy",
                }[role]
                out.append(
                    PolicySyntaxError(
                        f"{'NotPrincipal' if st.not_principal else 'Principal'} is not allowed "
                        f"in {what}",
                        st.label,
                    )
                )
            if role in ("identity", "boundary") and st.resources is None:
                out.append(
                    PolicySyntaxError(
                        "Resource (or NotResource) is required in an identity-based policy; "
                        'use "Resource": "*" to mean every resource',
                        st.label,
                    )
                )
            if role == "resource" and st.principal is None:
                out.append(
                    PolicySyntaxError(
                        "a resource-based policy statement needs a Principal or NotPrincipal "
                        "naming who it applies to",
                        st.label,
                    )
                )
        return out


# --------------------------------------------------------------------------- caching


@lru_cache(maxsize=2048)
def _parse_text(text: str) -> Policy:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise PolicySyntaxError(f"not valid JSON ({err})") from None
    return Policy(document)


_ID_CACHE: dict[int, tuple[Any, Policy]] = {}
_ID_CACHE_MAX: Final = 512


def _compile_any(document: Any) -> Policy:
    if isinstance(document, Policy):
        return document
    if isinstance(document, dict):
        entry = _ID_CACHE.get(id(document))
        # Comparing with the compiled copy notices in-place edits of a dict seen before;
        # the cache holds the dict itself, so its id cannot be reused meanwhile.
        if entry is not None and entry[0] is document and entry[1].document == document:
            return entry[1]
        try:
            # Not sorted: equal dicts usually share key order, and keeping the author's
            # order makes statements display the way they were written.
            text = json.dumps(document, separators=(",", ":"))
        except (TypeError, ValueError) as err:
            raise PolicySyntaxError(f"is not JSON-compatible ({err})") from None
        policy = _parse_text(text)
        if len(_ID_CACHE) >= _ID_CACHE_MAX:
            try:
                _ID_CACHE.pop(next(iter(_ID_CACHE)), None)
            except (StopIteration, RuntimeError):  # another thread got there first
                pass
        _ID_CACHE[id(document)] = (document, policy)
        return policy
    if isinstance(document, (bytes, bytearray)):
        document = bytes(document).decode("utf-8")
    if isinstance(document, str):
        return _parse_text(document)
    raise PolicySyntaxError(
        f"a policy must be a dict, a JSON string or a Policy, got {type(document).__name__}"
    )


def _to_labkit_error(err: PolicySyntaxError, label: str) -> LabkitError:
    place = f"{label}, {err.where}" if err.where else label
    return LabkitError(f"{place}: {err.problem}")


def parse_policy(document: Any, *, name: str = "policy") -> Policy:
    """Parse and compile a policy document (dict, JSON text or an existing Policy).

    Results are cached, so parsing the same document again is nearly free.
    Raises :class:`labkit.errors.LabkitError` naming the element at fault.

    Example:
        >>> from labkit.iam import parse_policy
        >>> p = parse_policy('{"Version": "2012-10-17", "Statement": '
        ...                  '{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}')
        >>> p
        <Policy 1 statement, Version 2012-10-17>
    """
    try:
        return _compile_any(document)
    except PolicySyntaxError as err:
        raise _to_labkit_error(err, name) from None


def load_policy(document: Any, label: str, role: str) -> Policy:
    """``parse_policy`` plus the rules of the role the policy plays in a request."""
    try:
        policy = _compile_any(document)
    except PolicySyntaxError as err:
        raise _to_labkit_error(err, label) from None
    if role not in policy.valid_roles:
        problems = policy.problems_as(role)
        if problems:
            raise _to_labkit_error(problems[0], label)
        policy.valid_roles.add(role)
    return policy


def resource_account(resource: str) -> str | None:
    """The account id in a resource ARN, when it has one (S3 bucket ARNs do not)."""
    parts = split_arn(resource)
    if parts is None:
        return None
    account = parts[4]
    return account if account.isdigit() else None
