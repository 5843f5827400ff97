"""Who is calling: turn the ``principal=`` argument into a normalized :class:`Caller`.

A caller can be given as an ARN string (``arn:aws:iam::123456789012:user/alice``),
an account id, a service principal name (``lambda.amazonaws.com``), or a dict
with more detail (tags, unique id, the role behind a session...).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import LabkitError
from ..i18n import msg

__all__ = ["Caller", "normalize_caller", "CALLER_TYPES"]

# Canonical caller types and the aws:PrincipalType value AWS reports for each.
CALLER_TYPES: dict[str, str | None] = {
    "user": "User",
    "role": "AssumedRole",
    "assumed-role": "AssumedRole",
    "federated-user": "FederatedUser",
    "root": "Account",
    "service": None,
    "federated": None,
    "anonymous": "Anonymous",
}

_TYPE_ALIASES = {
    "user": "user",
    "iamuser": "user",
    "role": "role",
    "iamrole": "role",
    "assumed-role": "assumed-role",
    "assumedrole": "assumed-role",
    "session": "assumed-role",
    "role-session": "assumed-role",
    "federated-user": "federated-user",
    "federateduser": "federated-user",
    "root": "root",
    "account": "root",
    "service": "service",
    "federated": "federated",
    "webidentityuser": "federated",
    "samluser": "federated",
    "anonymous": "anonymous",
}

_ALLOWED_KEYS = frozenset(
    {
        "arn",
        "account",
        "username",
        "userid",
        "tags",
        "type",
        "role_arn",
        "session_name",
        "service",
        "federated",
        "canonical_user",
    }
)

# How Caller.describe() names each caller type.
_CALLER_KINDS = {
    "user": msg("IAM user"),
    "role": msg("IAM role"),
    "assumed-role": msg("role session"),
    "federated-user": msg("federated user session"),
    "root": msg("account root user"),
    "service": msg("AWS service"),
    "federated": msg("federated identity"),
    "anonymous": msg("anonymous caller"),
}

_ROOT = re.compile(r"^arn:([^:]+):iam::([^:]*):root$")
_IAM_ENTITY = re.compile(r"^arn:([^:]+):iam::([^:]*):(user|role)(/.*)?/([^/]+)$")
_SESSION = re.compile(r"^arn:([^:]+):sts::([^:]*):assumed-role/([^/]+)/(.+)$")
_FED_USER = re.compile(r"^arn:([^:]+):sts::([^:]*):federated-user/(.+)$")
_IDP = re.compile(r"^arn:([^:]+):iam::([^:]*):(saml-provider|oidc-provider)/.+$")
_SERVICE = re.compile(r"^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$")


@dataclass(frozen=True)
class Caller:
    """The principal making the request, normalized.

    ``type`` is one of ``user``, ``role``, ``assumed-role``, ``federated-user``,
    ``root``, ``service``, ``federated`` (web identity / SAML) or ``anonymous``.
    ``role_arn`` is the role behind a role session (or the role itself).
    ``context`` holds the global condition keys this caller implies
    (``aws:PrincipalArn``, ``aws:username``, ``aws:PrincipalTag/...``), lower-cased.
    """

    type: str
    arn: str | None = None
    account: str | None = None
    partition: str = "aws"
    username: str | None = None
    userid: str | None = None
    role_arn: str | None = None
    role_name: str | None = None
    session_name: str | None = None
    service: str | None = None
    federated: str | None = None
    canonical_user: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    context: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def describe(self) -> str:
        """A short human phrase such as ``arn:aws:iam::1:user/alice (IAM user, account 1)``.

        A :func:`labkit.i18n.msg` (the English text), so it reads in Korean where rendered.
        """
        kind = _CALLER_KINDS[self.type]
        name = self.arn or self.service or self.federated or self.canonical_user or "anonymous"
        role = self.role_arn if self.type == "assumed-role" else None
        if self.account and role:
            return msg("{name} ({kind}, account {account}, role {role})", name=name, kind=kind,
                       account=self.account, role=role)
        if self.account:
            return msg("{name} ({kind}, account {account})", name=name, kind=kind, account=self.account)
        if role:
            return msg("{name} ({kind}, role {role})", name=name, kind=kind, role=role)
        return msg("{name} ({kind})", name=name, kind=kind)

    @property
    def identity_chain(self) -> tuple[str, ...]:
        """Names AWS may check for this caller, from the account down (for NotPrincipal)."""
        chain: list[str] = []
        if self.account and self.type in ("user", "role", "assumed-role", "federated-user", "root"):
            chain.append(f"account:{self.account}")
        if self.type in ("role", "assumed-role") and self.role_name:
            chain.append(f"role:{self.account}:{self.role_name}")
        if self.type in ("user", "assumed-role", "federated-user") and self.arn:
            chain.append(f"arn:{self.arn}")
        if self.type == "service" and self.service:
            chain.append(f"service:{self.service}")
        if self.type == "federated" and self.federated:
            chain.append(f"federated:{self.federated}")
        if self.canonical_user:
            chain.append(f"canonical:{self.canonical_user}")
        return tuple(chain)


def _parse_arn(text: str) -> dict[str, Any]:
    if m := _ROOT.match(text):
        return {"type": "root", "arn": text, "partition": m.group(1), "account": m.group(2)}
    if m := _IAM_ENTITY.match(text):
        kind = m.group(3)
        out: dict[str, Any] = {
            "type": kind,
            "arn": text,
            "partition": m.group(1),
            "account": m.group(2),
        }
        if kind == "user":
            out["username"] = m.group(5)
        else:
            out["role_arn"] = text
            out["role_name"] = m.group(5)
        return out
    if m := _SESSION.match(text):
        return {
            "type": "assumed-role",
            "arn": text,
            "partition": m.group(1),
            "account": m.group(2),
            "role_name": m.group(3),
            "session_name": m.group(4),
            # The session ARN does not carry the role's path; a dict caller can
            # give the exact role_arn when the path matters (aws:PrincipalArn).
            "role_arn": f"arn:{m.group(1)}:iam::{m.group(2)}:role/{m.group(3)}",
        }
    if m := _FED_USER.match(text):
        return {
            "type": "federated-user",
            "arn": text,
            "partition": m.group(1),
            "account": m.group(2),
            "username": m.group(3),
        }
    if m := _IDP.match(text):
        return {"type": "federated", "federated": text, "partition": m.group(1)}
    if text.isdigit():
        return {"type": "root", "arn": f"arn:aws:iam::{text}:root", "account": text}
    if _SERVICE.match(text):
        return {"type": "service", "service": text}
    if text in ("*", "anonymous"):
        return {"type": "anonymous"}
    raise LabkitError(
        f"principal {text!r} is not understood: give an IAM ARN such as "
        "'arn:aws:iam::123456789012:user/alice', a role session ARN "
        "('arn:aws:sts::123456789012:assumed-role/ROLE/SESSION'), an account id, "
        "a service principal such as 'lambda.amazonaws.com', or a dict with an 'arn' key."
    )


def _context_for(info: Mapping[str, Any]) -> dict[str, Any]:
    kind = info["type"]
    ctx: dict[str, Any] = {}
    principal_arn = info.get("role_arn") if kind in ("role", "assumed-role") else info.get("arn")
    if principal_arn and kind not in ("service", "federated", "anonymous"):
        ctx["aws:principalarn"] = principal_arn
    if info.get("account"):
        ctx["aws:principalaccount"] = info["account"]
    if kind == "user" and info.get("username"):
        ctx["aws:username"] = info["username"]
    userid = info.get("userid")
    if userid is None and kind == "root" and info.get("account"):
        userid = info["account"]  # AWS reports the account id as the root user's userid
    if userid is not None:
        ctx["aws:userid"] = userid
    principal_type = CALLER_TYPES[kind]
    if principal_type:
        ctx["aws:principaltype"] = principal_type
    if kind == "service" and info.get("service"):
        ctx["aws:principalservicename"] = info["service"]
    if kind != "anonymous":
        ctx["aws:principalisawsservice"] = "true" if kind == "service" else "false"
    for key, value in (info.get("tags") or {}).items():
        ctx[f"aws:principaltag/{key}".lower()] = value
    return ctx


@lru_cache(maxsize=1024)
def _caller_from_text(text: str) -> Caller:
    info = _parse_arn(text)
    return Caller(**info, context=_context_for(info))


def _caller_from_dict(spec: Mapping[str, Any]) -> Caller:
    unknown = sorted(set(spec) - _ALLOWED_KEYS)
    if unknown:
        raise LabkitError(
            f"principal dict has unknown key(s) {', '.join(map(repr, unknown))}; "
            f"valid keys: {', '.join(sorted(_ALLOWED_KEYS))}."
        )
    for key, value in spec.items():
        if key == "tags":
            if not isinstance(value, Mapping) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()
            ):
                raise LabkitError(
                    "principal 'tags' must be a dict of string keys to string values."
                )
        elif value is not None and not isinstance(value, str):
            raise LabkitError(f"principal {key!r} must be a string, got {value!r}.")
    info: dict[str, Any] = {}
    account = spec.get("account")
    if spec.get("arn"):
        info.update(_parse_arn(spec["arn"]))
    elif spec.get("service"):
        info.update({"type": "service", "service": spec["service"]})
    elif spec.get("federated"):
        info.update({"type": "federated", "federated": spec["federated"]})
    elif spec.get("role_arn") and spec.get("session_name"):
        m = _IAM_ENTITY.match(spec["role_arn"])
        if m is None:
            raise LabkitError(f"principal role_arn {spec['role_arn']!r} is not an IAM role ARN.")
        info.update(
            _parse_arn(f"arn:{m.group(1)}:sts::{m.group(2)}:assumed-role/{m.group(5)}/"
                       f"{spec['session_name']}")
        )  # fmt: skip
    elif spec.get("role_arn"):
        info.update(_parse_arn(spec["role_arn"]))
    elif account and spec.get("username"):
        info.update(_parse_arn(f"arn:aws:iam::{account}:user/{spec['username']}"))
    elif account:
        info.update(_parse_arn(account))
    elif spec.get("canonical_user"):
        info["type"] = "user"
    else:
        info["type"] = "anonymous"
    if spec.get("type"):
        alias = _TYPE_ALIASES.get(spec["type"].replace("_", "-").lower())
        if alias is None:
            raise LabkitError(
                f"principal type {spec['type']!r} is not known; valid types: "
                f"{', '.join(sorted(CALLER_TYPES))}."
            )
        info["type"] = alias
    for key in ("account", "username", "userid", "role_arn", "session_name", "service"):
        if spec.get(key):
            info[key] = spec[key]
    for key in ("federated", "canonical_user"):
        if spec.get(key):
            info[key] = spec[key]
    if spec.get("role_arn"):
        m = _IAM_ENTITY.match(spec["role_arn"])
        if m is None or m.group(3) != "role":
            raise LabkitError(f"principal role_arn {spec['role_arn']!r} is not an IAM role ARN.")
        info["role_name"] = m.group(5)
    if spec.get("tags"):
        info["tags"] = dict(spec["tags"])
    return Caller(**info, context=_context_for(info))


_DICT_CACHE: dict[int, tuple[Mapping[str, Any], dict[str, Any], Caller]] = {}


def normalize_caller(principal: object) -> Caller | None:
    """Turn the ``principal=`` argument of :func:`labkit.iam.evaluate` into a Caller."""
    if principal is None:
        return None
    if isinstance(principal, Caller):
        return principal
    if isinstance(principal, str):
        return _caller_from_text(principal)
    if isinstance(principal, Mapping):
        # Notebooks pass the same dict for every request: reuse the Caller while the
        # dict (and its tags) still compare equal to what was normalized.
        entry = _DICT_CACHE.get(id(principal))
        if entry is not None and entry[0] is principal and entry[1] == principal:
            return entry[2]
        caller = _caller_from_dict(principal)
        snapshot = {k: dict(v) if isinstance(v, Mapping) else v for k, v in principal.items()}
        if len(_DICT_CACHE) >= 256:
            try:
                _DICT_CACHE.pop(next(iter(_DICT_CACHE)), None)
            except (StopIteration, RuntimeError):  # another thread got there first
                pass
        _DICT_CACHE[id(principal)] = (principal, snapshot, caller)
        return caller
    raise LabkitError(f"principal must be an ARN string or a dict, got {type(principal).__name__}.")
