"""Condition operators: compile a policy's ``Condition`` block and test it.

Semantics follow the IAM User Guide ("Condition operators", "Conditions with
multiple context keys or values", "Single-valued vs. multivalued context keys"):

* several operators, and several keys under one operator, are ANDed;
* several values for one key are ORed (NOR for negated operators);
* a key missing from the request makes a positive operator false and a negated
  one (``StringNotEquals``, ``NotIpAddress``, ``ArnNotLike``...) true;
  ``...IfExists`` makes any operator true; ``ForAllValues:`` is true and
  ``ForAnyValue:`` false; ``Null`` tests presence itself;
* without a set prefix, a multivalued request key matches a positive operator
  when any of its values matches, and a negated operator is the negation of that;
* ``ForAnyValue:`` / ``ForAllValues:`` apply the (possibly negated) operator to
  each request value and require it for some / every value.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import ipaddress
import math
import operator
import re
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from ..i18n import msg, or_
from ._match import (
    MISSING,
    PolicySyntaxError,
    Template,
    compile_arn_globs,
    compile_globs,
    unsentinel,
    value_to_str,
)

__all__ = ["Condition", "compile_conditions", "OPERATORS"]

_MULTI = (list, tuple, set, frozenset)

# base operator -> (family, comparison, negated)
OPERATORS: dict[str, tuple[str, str, bool]] = {
    "StringEquals": ("string", "eq", False),
    "StringNotEquals": ("string", "eq", True),
    "StringEqualsIgnoreCase": ("string", "ieq", False),
    "StringNotEqualsIgnoreCase": ("string", "ieq", True),
    "StringLike": ("string", "like", False),
    "StringNotLike": ("string", "like", True),
    "NumericEquals": ("numeric", "eq", False),
    "NumericNotEquals": ("numeric", "eq", True),
    "NumericLessThan": ("numeric", "lt", False),
    "NumericLessThanEquals": ("numeric", "le", False),
    "NumericGreaterThan": ("numeric", "gt", False),
    "NumericGreaterThanEquals": ("numeric", "ge", False),
    "DateEquals": ("date", "eq", False),
    "DateNotEquals": ("date", "eq", True),
    "DateLessThan": ("date", "lt", False),
    "DateLessThanEquals": ("date", "le", False),
    "DateGreaterThan": ("date", "gt", False),
    "DateGreaterThanEquals": ("date", "ge", False),
    "Bool": ("bool", "eq", False),
    "BinaryEquals": ("binary", "eq", False),
    "IpAddress": ("ip", "in", False),
    "NotIpAddress": ("ip", "in", True),
    "ArnEquals": ("arn", "like", False),
    "ArnLike": ("arn", "like", False),
    "ArnNotEquals": ("arn", "like", True),
    "ArnNotLike": ("arn", "like", True),
    "Null": ("null", "null", False),
}

_CMP: dict[str, Callable[[float, float], bool]] = {
    "eq": operator.eq,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}

_SET_PREFIXES = {"ForAnyValue": "any", "ForAllValues": "all"}

# Families whose values may contain policy variables (IAM User Guide, "Policy variables").
_VARIABLE_FAMILIES = frozenset({"string", "arn"})

_EPOCH_NUMBER = re.compile(r"^\s*-?\d+(\.\d+)?\s*$")


def _all_operator_names() -> list[str]:
    names = []
    for base in OPERATORS:
        names.append(base)
        if base != "Null":
            names.append(base + "IfExists")
    return names + [f"{p}:{n}" for p in _SET_PREFIXES for n in names if not n.startswith("Null")]


# --------------------------------------------------------------------------- value parsing


def to_number(value: Any) -> float | None:
    """A request or policy value as a number, or None when it is not numeric."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


@lru_cache(maxsize=4096)
def _parse_date_text(text: str) -> float | None:
    text = text.strip()
    if _EPOCH_NUMBER.match(text):
        return float(text)
    iso = text[:-1] + "+00:00" if text[-1:] in ("Z", "z") else text
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)  # AWS compares times in UTC
    return moment.timestamp()


def to_epoch(value: Any) -> float | None:
    """A date value (ISO 8601 text, epoch seconds or datetime) as epoch seconds."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.timestamp()
    if isinstance(value, str) and value:
        return _parse_date_text(value)
    return None


def _bool_text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value.strip().lower()
    return None


@lru_cache(maxsize=4096)
def _parse_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _to_bytes(value: Any) -> bytes | None:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            return None
    return None


def _show(value: Any) -> str:
    """How a request value is shown in explanations (booleans and numbers unquoted)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, _MULTI):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, bytes):
        return repr(value)
    return repr(value_to_str(value))


# How explanations name what a Null condition asks for (True: the key must be absent).
_NULL_WANTS = {True: msg("'true' (absent)"), False: msg("'false' (present)")}

# --------------------------------------------------------------------------- compiled condition

Matcher = Callable[[Any], bool]


class Condition:
    """One operator applied to one condition key, compiled."""

    __slots__ = (
        "operator",
        "base",
        "key",
        "lkey",
        "set_op",
        "if_exists",
        "negated",
        "family",
        "comparison",
        "raw_values",
        "templates",
        "matcher",
        "null_wants_absent",
    )

    def __init__(self, op_name: str, key: str, raw: Any, *, variables: bool, where: str) -> None:
        self.operator = op_name
        self.key = key
        self.lkey = key.lower()
        set_op = None
        base = op_name
        if ":" in op_name:
            prefix, base = op_name.split(":", 1)
            set_op = _SET_PREFIXES.get(prefix)
            if set_op is None:
                raise PolicySyntaxError(
                    f"Condition: unknown set operator {prefix!r} in {op_name!r}; "
                    "use 'ForAnyValue:' or 'ForAllValues:'",
                    where,
                )
        if_exists = base.endswith("IfExists")
        if if_exists:
            base = base[: -len("IfExists")]
        if base not in OPERATORS or (if_exists and base == "Null"):
            hint = difflib.get_close_matches(op_name, _all_operator_names(), n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            if if_exists and base == "Null":
                extra = " (Null has no ...IfExists form: it already tests whether the key exists)"
            raise PolicySyntaxError(
                f"Condition: unknown condition operator {op_name!r}{extra}", where
            )
        if base == "Null" and set_op is not None:
            raise PolicySyntaxError(
                f"Condition: {op_name!r}: Null cannot take a ForAnyValue/ForAllValues prefix", where
            )
        self.base = base
        self.set_op = set_op
        self.if_exists = if_exists
        self.family, self.comparison, self.negated = OPERATORS[base]
        values = list(raw) if isinstance(raw, list) else [raw]
        if not values:
            raise PolicySyntaxError(
                f"Condition: {op_name} {key!r} has an empty list of values", where
            )
        for v in values:
            if isinstance(v, (dict, list)) or v is None:
                raise PolicySyntaxError(
                    f"Condition: {op_name} {key!r}: values must be strings, numbers or "
                    f"booleans, got {v!r}",
                    where,
                )
        self.raw_values = tuple(values)
        self.null_wants_absent: frozenset[bool] = frozenset()
        self.templates: tuple[Template, ...] = ()
        self.matcher: Matcher | None = None
        if self.family == "null":
            wants = set()
            for v in values:
                text = _bool_text(v)
                if text not in ("true", "false"):
                    raise PolicySyntaxError(
                        f"Condition: Null {key!r} takes 'true' (key is absent) or 'false' "
                        f"(key is present), got {v!r}",
                        where,
                    )
                wants.add(text == "true")
            self.null_wants_absent = frozenset(wants)
            return
        if self.family in _VARIABLE_FAMILIES and variables:
            self.templates = tuple(Template(value_to_str(v), substitute=True) for v in values)
            if all(t.variables == () for t in self.templates):
                self.matcher = self._build([t.static or "" for t in self.templates])
        else:
            texts = [value_to_str(v) for v in values]
            self.templates = tuple(Template(t, substitute=False) for t in texts)
            self.matcher = self._build(texts, where=where)

    # -- matchers ------------------------------------------------------------------------

    def _build(self, texts: list[str], where: str | None = None) -> Matcher:
        """A function telling whether one request value matches any policy value."""
        family, comparison = self.family, self.comparison
        if family == "string":
            if comparison == "eq":
                exact = frozenset(unsentinel(t) for t in texts)
                return lambda v: value_to_str(v) in exact
            if comparison == "ieq":
                folded = frozenset(unsentinel(t).lower() for t in texts)
                return lambda v: value_to_str(v).lower() in folded
            like = compile_globs(tuple(texts)).fullmatch
            return lambda v: like(value_to_str(v)) is not None
        if family == "arn":
            arn_like = compile_arn_globs(tuple(texts)).fullmatch
            return lambda v: arn_like(value_to_str(v)) is not None
        if family == "numeric":
            numbers = []
            for t in texts:
                n = to_number(t)
                if n is None:
                    raise PolicySyntaxError(
                        f"Condition: {self.operator} {self.key!r}: {t!r} is not a number", where
                    )
                numbers.append(n)
            cmp = _CMP[comparison]
            return lambda v: (n := to_number(v)) is not None and any(cmp(n, p) for p in numbers)
        if family == "date":
            moments = []
            for t in texts:
                e = to_epoch(t)
                if e is None:
                    raise PolicySyntaxError(
                        f"Condition: {self.operator} {self.key!r}: {t!r} is not a date "
                        "(use ISO 8601 such as '2025-01-31T12:00:00Z' or epoch seconds)",
                        where,
                    )
                moments.append(e)
            cmp = _CMP[comparison]
            return lambda v: (e := to_epoch(v)) is not None and any(cmp(e, p) for p in moments)
        if family == "bool":
            wanted = set()
            for t in texts:
                b = _bool_text(t)
                if b not in ("true", "false"):
                    raise PolicySyntaxError(
                        f"Condition: Bool {self.key!r} takes 'true' or 'false', got {t!r}", where
                    )
                wanted.add(b)
            frozen = frozenset(wanted)
            return lambda v: _bool_text(v) in frozen
        if family == "binary":
            blobs = set()
            for t in texts:
                b = _to_bytes(t)
                if b is None:
                    raise PolicySyntaxError(
                        f"Condition: BinaryEquals {self.key!r}: {t!r} is not base64", where
                    )
                blobs.add(b)
            frozen_blobs = frozenset(blobs)
            return lambda v: _to_bytes(v) in frozen_blobs
        if family == "ip":
            networks = []
            for t in texts:
                try:
                    networks.append(ipaddress.ip_network(t.strip(), strict=False))
                except ValueError:
                    raise PolicySyntaxError(
                        f"Condition: {self.operator} {self.key!r}: {t!r} is not an IP address "
                        "or CIDR block",
                        where,
                    ) from None
            nets = tuple(networks)

            def in_networks(v: Any) -> bool:
                ip = _parse_ip(v) if isinstance(v, str) else None
                return ip is not None and any(
                    ip.version == net.version and ip in net for net in nets
                )

            return in_networks
        raise AssertionError(family)  # pragma: no cover - OPERATORS is closed

    def _resolve(self, ctx: Mapping[str, Any]) -> tuple[Matcher, list[str]]:
        """The matcher for this request, plus policy values left without a variable value."""
        texts: list[str] = []
        unresolved: list[str] = []
        for t in self.templates:
            rendered = t.render(ctx)
            if rendered is None:
                # Per the IAM docs a variable with no value cannot match; that one
                # policy value drops out and the others still count.
                unresolved.append(t.text)
            else:
                texts.append(rendered)
        if not texts:
            return (lambda v: False), unresolved
        return self._build(texts), unresolved

    # -- evaluation ------------------------------------------------------------------------

    def test(self, ctx: Mapping[str, Any]) -> bool:
        """Whether this condition holds for the request context ``ctx`` (lower-cased keys)."""
        raw = ctx.get(self.lkey, MISSING)
        absent = raw is MISSING or raw is None or (isinstance(raw, _MULTI) and not raw)
        if self.family == "null":
            return absent in self.null_wants_absent
        if absent:
            if self.if_exists or self.set_op == "all":
                return True
            if self.set_op == "any":
                return False
            return self.negated
        matcher = self.matcher
        if matcher is None:
            matcher = self._resolve(ctx)[0]
        negated = self.negated
        if not isinstance(raw, _MULTI):
            if self.set_op is None:
                return matcher(raw) != negated
            raw = (raw,)
        if self.set_op is None:
            return any(matcher(v) for v in raw) != negated
        if self.set_op == "any":
            return any(matcher(v) != negated for v in raw)
        return all(matcher(v) != negated for v in raw)

    def describe(self, ctx: Mapping[str, Any]) -> tuple[bool, str]:
        """``test`` plus a sentence a learner can read about why it came out that way.

        The sentence is a :func:`labkit.i18n.msg` (the English text; Korean where rendered).
        """
        result = self.test(ctx)
        key, op = self.key, self.operator
        raw = ctx.get(self.lkey, MISSING)
        absent = raw is MISSING or raw is None or (isinstance(raw, _MULTI) and not raw)
        if self.family == "null":
            wanted = or_(_NULL_WANTS[w] for w in sorted(self.null_wants_absent))
            if absent:
                if result:
                    return result, msg("condition {key}: Null: the key is absent, which matched {wanted}",
                                       key=key, wanted=wanted)
                return result, msg("condition {key}: Null: the key is absent, which did not match {wanted}",
                                   key=key, wanted=wanted)
            if result:
                return result, msg("condition {key}: Null: the key is present ({value}), which matched {wanted}",
                                   key=key, value=_show(raw), wanted=wanted)
            return result, msg("condition {key}: Null: the key is present ({value}), which did not match {wanted}",
                               key=key, value=_show(raw), wanted=wanted)
        if absent:
            if self.if_exists:
                why = msg("...IfExists is true when the key is missing")
            elif self.set_op == "all":
                why = msg("ForAllValues is true when the key is missing")
            elif self.set_op == "any":
                why = msg("ForAnyValue is false when the key is missing")
            elif self.negated:
                why = msg("a negated operator is true when the key is missing")
            else:
                why = msg("an operator without ...IfExists is false when the key is missing")
            if result:
                return result, msg("condition {key}: the key is not in the request context, so {op} is true ({why})",
                                   key=key, op=op, why=why)
            return result, msg("condition {key}: the key is not in the request context, so {op} is false ({why})",
                               key=key, op=op, why=why)
        shown = self._show_values(ctx)
        unresolved: list[str] = []
        if self.matcher is None:
            matcher, unresolved = self._resolve(ctx)
        else:
            matcher = self.matcher
        note: Any = ""
        if unresolved:
            names = ", ".join(sorted({m for t in self.templates for m in t.missing_variables(ctx)}))
            if len(unresolved) == 1:
                note = msg(" (policy variable {names} has no value, so that value cannot match)", names=names)
            else:
                note = msg(" (policy variable {names} has no value, so those values cannot match)", names=names)
        text: Any
        if self.set_op is None:
            values = raw if isinstance(raw, _MULTI) else (raw,)
            hit = any(matcher(v) for v in values)
            if self.negated:
                if hit:
                    text = msg("{value} matched {shown}, so {op} is false", value=_show(raw), shown=shown, op=op)
                else:
                    text = msg("{value} matched none of {shown}, so {op} is true", value=_show(raw), shown=shown,
                               op=op)
            elif hit:
                text = msg("{op} {value} matched {shown}", op=op, value=_show(raw), shown=shown)
            else:
                text = msg("{op} {value} did not match {shown}", op=op, value=_show(raw), shown=shown)
            return result, msg("condition {key}: {text}{note}", key=key, text=text, note=note)
        values = raw if isinstance(raw, _MULTI) else (raw,)
        per = [(v, matcher(v) != self.negated) for v in values]
        if self.set_op == "all":
            failing = [v for v, ok in per if not ok]
            if failing:
                text = msg("{op}: request value {value} fails against {shown}, and ForAllValues needs every "
                           "request value to pass", op=op, value=_show(failing[0]), shown=shown)
            else:
                text = msg("{op}: every request value in {values} passes against {shown}", op=op,
                           values=_show(raw), shown=shown)
        else:
            passing = [v for v, ok in per if ok]
            if passing:
                text = msg("{op}: request value {value} passes against {shown}", op=op, value=_show(passing[0]),
                           shown=shown)
            else:
                text = msg("{op}: no request value in {values} passes against {shown}, and ForAnyValue needs at "
                           "least one", op=op, values=_show(raw), shown=shown)
        return result, msg("condition {key}: {text}{note}", key=key, text=text, note=note)

    def _show_values(self, ctx: Mapping[str, Any]) -> Any:
        shown = []
        for t, raw in zip(self.templates, self.raw_values, strict=True):
            text = repr(value_to_str(raw)) if not isinstance(raw, bool) else repr(_show(raw))
            if t.variables:
                rendered = t.render(ctx)
                if rendered is not None:
                    text += f" (= {unsentinel(rendered)!r})"
            shown.append(text)
        if len(shown) == 1:
            return msg("value {value}", value=shown[0])
        return msg("any of values {values}", values=", ".join(shown))


def compile_conditions(block: Any, *, variables: bool, where: str) -> tuple[Condition, ...]:
    """Compile a statement's ``Condition`` element (a dict of operator -> {key: values})."""
    if not isinstance(block, dict):
        raise PolicySyntaxError(
            f"Condition must be an object of operator -> {{key: value}}, got {block!r}", where
        )
    out: list[Condition] = []
    for op_name, keys in block.items():
        if not isinstance(keys, dict) or not keys:
            raise PolicySyntaxError(
                f"Condition: {op_name!r} must map condition keys to values, got {keys!r}", where
            )
        for key, raw in keys.items():
            if not isinstance(key, str) or ":" not in key:
                raise PolicySyntaxError(
                    f"Condition: {op_name} key {key!r} must be a condition key with a service "
                    "prefix, such as 'aws:SourceIp' or 's3:prefix'",
                    where,
                )
            out.append(Condition(op_name, key, raw, variables=variables, where=where))
    return tuple(out)
