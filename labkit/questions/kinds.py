"""Grading one answer of each question kind.

Every grader takes the question (validated bank data), the learner's raw value
and a language, and returns a :class:`Verdict`: the fraction of the points
earned and a message saying what was right or wrong. Graders never raise on a
learner's value: wrong types, empty strings, huge text, malformed JSON and
unicode all come back as a verdict with a message.
"""

from __future__ import annotations

import ipaddress
import json
import re
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .bank import localise

__all__ = ["Verdict", "grade_value", "choice_ids", "policy_rows", "MAX_ANSWER_CHARS"]

MAX_ANSWER_CHARS = 100_000


@dataclass(frozen=True)
class Verdict:
    fraction: float
    message: str
    rows: tuple[dict[str, Any], ...] = field(default_factory=tuple)


def _t(lang: str, en: str, ko: str) -> str:
    return ko if lang == "ko" else en


def _too_long(value: Any, lang: str) -> Verdict | None:
    size = len(value) if isinstance(value, (str, bytes)) else 0
    if size > MAX_ANSWER_CHARS:
        return Verdict(0.0, _t(lang, f"That answer is too long ({size:,} characters; at most {MAX_ANSWER_CHARS:,}).",
                                f"답이 너무 깁니다 ({size:,}자, 최대 {MAX_ANSWER_CHARS:,}자)."))
    return None


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    text = re.sub(r"\s+", " ", text)
    return text.strip(string.punctuation + " ")


# -- choices ---------------------------------------------------------------
def choice_ids(question: dict[str, Any]) -> list[str]:
    """Each choice's id: its own ``id``, else a, b, c, ..."""
    return [c.get("id") or string.ascii_lowercase[i] for i, c in enumerate(question["choices"])]


def _resolve_choice(question: dict[str, Any], item: Any, lang: str) -> int | None:
    ids = choice_ids(question)
    if isinstance(item, bool):
        return None
    if isinstance(item, int):
        return item if 0 <= item < len(ids) else None
    if isinstance(item, str):
        key = item.strip()
        if key in ids:
            return ids.index(key)
        wanted = _normalise(key)
        for i, choice in enumerate(question["choices"]):
            if wanted and wanted in {_normalise(localise(choice["text"], code)) for code in (lang, "en", "ko")}:
                return i
    return None


def _choices_help(question: dict[str, Any], lang: str) -> str:
    ids = choice_ids(question)
    return _t(lang, f"Answer with a choice id ({', '.join(ids)}), its position (0-{len(ids) - 1}) or its text.",
              f"보기 id({', '.join(ids)}), 위치(0-{len(ids) - 1}) 또는 보기 문장으로 답하세요.")


def _single(question: dict[str, Any], value: Any, lang: str) -> Verdict:
    if isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]
    index = _resolve_choice(question, value, lang)
    if index is None:
        return Verdict(0.0, _t(lang, f"{_shown(value)} is not one of the choices. ", f"{_shown(value)}은(는) 보기에 없습니다. ")
                       + _choices_help(question, lang))
    choice = question["choices"][index]
    note = localise(choice.get("feedback"), lang)
    if choice.get("correct"):
        return Verdict(1.0, _t(lang, "Correct.", "정답입니다.") + (f" {note}" if note else ""))
    return Verdict(0.0, _t(lang, "Not quite.", "아쉽지만 틀렸습니다.") + (f" {note}" if note else ""))


def _multiple(question: dict[str, Any], value: Any, lang: str) -> Verdict:
    if isinstance(value, str):
        whole = _resolve_choice(question, value, lang)  # the full text of one choice (index 0 is a choice too)
        value = [value] if whole is not None else [v for v in re.split(r"[,\s]+", value) if v]
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)
    if not isinstance(value, (list, tuple)) or not value:
        return Verdict(0.0, _t(lang, "Pick one or more choices. ", "보기를 하나 이상 고르세요. ") + _choices_help(question, lang))
    picked: list[int] = []
    for item in value:
        index = _resolve_choice(question, item, lang)
        if index is None:
            return Verdict(0.0, _t(lang, f"{_shown(item)} is not one of the choices. ", f"{_shown(item)}은(는) 보기에 없습니다. ")
                           + _choices_help(question, lang))
        if index not in picked:
            picked.append(index)
    choices = question["choices"]
    right = {i for i, c in enumerate(choices) if c.get("correct")}
    hits, wrong = right & set(picked), set(picked) - right
    fraction = max(0.0, (len(hits) - len(wrong)) / len(right))
    ids = choice_ids(question)
    notes = []
    for i in sorted(picked):
        note = localise(choices[i].get("feedback"), lang)
        mark = "✓" if i in right else "✗"
        notes.append(f"{mark} {ids[i]}" + (f": {note}" if note else ""))
    missed = len(right - set(picked))
    if fraction == 1.0:
        head = _t(lang, "Correct: all the right choices and nothing else.", "정답입니다. 맞는 보기만 모두 골랐습니다.")
    else:
        head = _t(lang, f"{len(hits)} of {len(right)} right choices picked, {len(wrong)} wrong"
                  + (f", {missed} missed" if missed else "") + ".",
                  f"맞는 보기 {len(right)}개 중 {len(hits)}개 선택, 틀린 보기 {len(wrong)}개"
                  + (f", 놓친 보기 {missed}개" if missed else "") + ".")
    return Verdict(fraction, " ".join([head, *notes]))


# -- numbers ---------------------------------------------------------------
_NUMBER = re.compile(r"^\s*([-+]?(?:\d[\d,_]*)?\.?\d+(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


def _numeric(question: dict[str, Any], value: Any, lang: str) -> Verdict:
    raw_unit = question.get("unit", "")
    unit = localise(raw_unit, lang)
    units = {k.casefold(): float(v) for k, v in (question.get("units") or {}).items()}
    for name in (raw_unit.values() if isinstance(raw_unit, dict) else [raw_unit]):
        if name:
            units.setdefault(str(name).casefold(), 1.0)
    if isinstance(value, bool) or value is None:
        number, given = None, ""
    elif isinstance(value, (int, float)):
        try:
            number, given = float(value), ""
        except OverflowError:  # an integer beyond any float: infinitely far off
            number, given = float("inf"), ""
    elif isinstance(value, str):
        match = _NUMBER.match(unicodedata.normalize("NFKC", value))
        number, given = (float(match.group(1).replace(",", "").replace("_", "")), match.group(2)) if match else (None, "")
    else:
        number, given = None, ""
    if number is None or number != number or number in (float("inf"), float("-inf")):
        example = f"42 {unit}".strip()
        return Verdict(0.0, _t(lang, f"{_shown(value)} is not a number. Answer like {example!r}.",
                               f"{_shown(value)}은(는) 숫자가 아닙니다. {example!r}처럼 답하세요."))
    if given:
        factor = units.get(given.casefold())
        if factor is None:
            valid = ", ".join(sorted(units)) or _t(lang, "none: give a plain number", "없음: 숫자만 쓰세요")
            return Verdict(0.0, _t(lang, f"Unknown unit {given!r}. Units understood here: {valid}.",
                                   f"알 수 없는 단위 {given!r}. 쓸 수 있는 단위: {valid}."))
        number *= factor
    expected = float(question["answer"])
    tolerance = float(question.get("tolerance", 0))
    shown = f"{expected:,g} {unit}".strip()
    if abs(number - expected) <= tolerance + 1e-9 * max(1.0, abs(expected)):
        return Verdict(1.0, _t(lang, f"Correct: {shown}.", f"정답입니다: {shown}."))
    direction = _t(lang, "too high", "너무 큽니다") if number > expected else _t(lang, "too low", "너무 작습니다")
    return Verdict(0.0, _t(lang, f"{number:,g} {unit}".strip() + f" is {direction}.",
                           f"{number:,g} {unit}".strip() + f"은(는) {direction}."))


# -- text ------------------------------------------------------------------
def _text(question: dict[str, Any], value: Any, lang: str) -> Verdict:
    if not isinstance(value, str) or not value.strip():
        return Verdict(0.0, _t(lang, "Type an answer.", "답을 입력하세요."))
    answer = _normalise(value)
    accepted = {_normalise(a) for a in question["accept"]}
    pattern = question.get("pattern")
    ok = answer in accepted
    if not ok and pattern:
        try:
            ok = re.fullmatch(pattern, value.strip(), flags=re.IGNORECASE) is not None
        except re.error:
            ok = False
    if ok:
        return Verdict(1.0, _t(lang, "Correct.", "정답입니다."))
    return Verdict(0.0, _t(lang, f"{value.strip()[:80]!r} is not the answer we were looking for.",
                           f"{value.strip()[:80]!r}은(는) 기대한 답이 아닙니다."))


# -- CIDR ------------------------------------------------------------------
def _cidr(question: dict[str, Any], value: Any, lang: str) -> Verdict:
    if not isinstance(value, str) or not value.strip():
        return Verdict(0.0, _t(lang, "Type a CIDR block such as 10.0.0.0/24.", "10.0.0.0/24 같은 CIDR 블록을 입력하세요."))
    text = unicodedata.normalize("NFKC", value).strip()
    expected = ipaddress.ip_network(question["answer"])
    try:
        given = ipaddress.ip_network(text, strict=True)
    except ValueError:
        try:
            loose = ipaddress.ip_network(text, strict=False)
        except ValueError:
            return Verdict(0.0, _t(lang, f"{text[:60]!r} is not a CIDR block (address/prefix, e.g. 10.0.10.0/24).",
                                   f"{text[:60]!r}은(는) CIDR 블록이 아닙니다 (주소/접두사, 예: 10.0.10.0/24)."))
        return Verdict(0.0, _t(lang, f"{text} has host bits set: as a network it is {loose}.",
                               f"{text}에는 호스트 비트가 켜져 있습니다. 네트워크로 쓰면 {loose}입니다."))
    if given == expected:
        return Verdict(1.0, _t(lang, f"Correct: {given} ({given.num_addresses:,} addresses).",
                               f"정답입니다: {given} (주소 {given.num_addresses:,}개)."))
    notes = []
    within = question.get("within")
    if within and given.version == ipaddress.ip_network(within).version and not given.subnet_of(ipaddress.ip_network(within)):  # type: ignore[arg-type]
        notes.append(_t(lang, f"it is not inside {within}", f"{within} 안에 있지 않습니다"))
    if given.version != expected.version:
        notes.append(_t(lang, f"it is IPv{given.version}; the answer is IPv{expected.version}",
                        f"IPv{given.version}입니다. 답은 IPv{expected.version}입니다"))
    else:
        if given.prefixlen != expected.prefixlen:
            notes.append(_t(lang, f"it is mis-sized: /{given.prefixlen} holds {given.num_addresses:,} addresses, "
                            f"/{expected.prefixlen} holds {expected.num_addresses:,}",
                            f"크기가 다릅니다: /{given.prefixlen}은 주소 {given.num_addresses:,}개, "
                            f"/{expected.prefixlen}은 {expected.num_addresses:,}개"))
        if given.overlaps(expected):
            notes.append(_t(lang, f"it overlaps {expected} but is not it", f"{expected}와 겹치지만 같지 않습니다"))
        elif given.prefixlen == expected.prefixlen:
            notes.append(_t(lang, "right size, wrong range", "크기는 맞지만 범위가 다릅니다"))
    return Verdict(0.0, _t(lang, f"{given} is not right: ", f"{given}은(는) 틀렸습니다: ") + "; ".join(notes) + ".")


# -- policies --------------------------------------------------------------
def _decided(expect: str, decision: str) -> bool:
    if expect == "denied":
        return decision != "allowed"
    return decision == expect


def policy_rows(question: dict[str, Any], policy: Any, lang: str) -> list[dict[str, Any]]:
    """Each request of the question's table evaluated against ``policy``."""
    from ..iam import evaluate

    rows = []
    for request in question["requests"]:
        decision = evaluate(
            policy, request["action"], request["resource"],
            principal=request.get("principal"), context=request.get("context") or None,
        ).decision
        label = localise(request.get("label"), lang) or f"{request['action']} on {request['resource']}"
        ok = _decided(request["expect"], decision)
        want = {"allowed": _t(lang, "allowed", "허용"), "denied": _t(lang, "denied", "거부"),
                "explicitDeny": _t(lang, "explicitly denied", "명시적 거부"),
                "implicitDeny": _t(lang, "implicitly denied", "암묵적 거부")}
        got = want.get(decision, decision) if decision != "allowed" else want["allowed"]
        rows.append({
            "action": request["action"], "resource": request["resource"], "expect": request["expect"],
            "decision": decision, "ok": ok,
            "text": _t(lang, f"{label}: {got}, should be {want[request['expect']]}",
                       f"{label}: {got}, 기대값 {want[request['expect']]}"),
        })
    return rows


def _policy(question: dict[str, Any], value: Any, lang: str) -> Verdict:
    from ..errors import LabkitError

    if isinstance(value, str):
        if not value.strip():
            return Verdict(0.0, _t(lang, "Paste a policy document (JSON).", "정책 문서(JSON)를 붙여 넣으세요."))
        try:
            value = json.loads(value)
        except ValueError as exc:
            return Verdict(0.0, _t(lang, f"That is not valid JSON: {exc}.", f"올바른 JSON이 아닙니다: {exc}."))
    if not isinstance(value, dict):
        return Verdict(0.0, _t(lang, f"A policy is a JSON object with Version and Statement, not {type(value).__name__}.",
                               f"정책은 Version과 Statement가 있는 JSON 객체여야 합니다 ({type(value).__name__} 아님)."))
    try:
        rows = policy_rows(question, value, lang)
    except LabkitError as exc:
        return Verdict(0.0, _t(lang, f"The policy is not valid: {exc}", f"정책이 올바르지 않습니다: {exc}"))
    right = sum(r["ok"] for r in rows)
    wrong = [r for r in rows if not r["ok"]]
    if not wrong:
        return Verdict(1.0, _t(lang, f"Correct: all {len(rows)} requests come out as they should.",
                               f"정답입니다: 요청 {len(rows)}개가 모두 기대대로 평가됩니다."), tuple(rows))
    head = _t(lang, f"{right} of {len(rows)} requests come out right. Wrong: ",
              f"요청 {len(rows)}개 중 {right}개가 맞습니다. 틀린 요청: ")
    return Verdict(right / len(rows), head + "; ".join(r["text"] for r in wrong) + ".", tuple(rows))


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


GRADERS: dict[str, Callable[[dict[str, Any], Any, str], Verdict]] = {
    "single": _single,
    "multiple": _multiple,
    "numeric": _numeric,
    "text": _text,
    "cidr": _cidr,
    "policy": _policy,
}


def grade_value(question: dict[str, Any], value: Any, lang: str) -> Verdict:
    """Grade a value for a non-lab question; never raises on the learner's value."""
    too_long = _too_long(value, lang)
    if too_long is not None:
        return too_long
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    try:
        return GRADERS[question["kind"]](question, value, lang)
    except RecursionError:
        return Verdict(0.0, _t(lang, "That answer is nested too deeply to read.", "답의 구조가 너무 깊어 읽을 수 없습니다."))
