"""The message catalogue (issue 9): every learner-facing sentence of the package has Korean.

Sentences are written with ``labkit.i18n.msg("English template", ...)``; this
finds every such call in ``labkit/`` by reading the source (ast), and holds the
Korean catalogue ``labkit/locale/ko/*.yaml`` to it: a translation for each
template, with the same placeholders, in Korean; no translation whose template
is gone from the code; one translation per template across files.

(The tests/conftest.py fixture ``_every_finding_also_in_korean`` is the other
half: every check any test runs is rendered in Korean too.)
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
import yaml

import labkit
from labkit.i18n import LOCALE_DIR, and_, catalogue, join, msg, or_

PACKAGE = Path(labkit.__file__).parent
HANGUL = re.compile("[\uac00-\ud7a3]")
LETTERS = re.compile("[A-Za-z]")
ACRONYM = re.compile("[A-Z0-9]{2,5}")  # "db" (the tier) is "DB" in Korean too


def _calls() -> list[tuple[str, int, ast.Call]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "msg":
                found.append((str(path.relative_to(PACKAGE.parent)), node.lineno, node))
    return found


def templates() -> dict[str, str]:
    """Every msg() template in the package → where it is first used."""
    out: dict[str, str] = {}
    for where, line, call in _calls():
        first = call.args[0] if call.args else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            out.setdefault(first.value, f"{where}:{line}")
    return out


def fields(template: str) -> list[tuple[str, str, str]]:
    """(name, conversion, format spec) of each placeholder, sorted."""
    return sorted((name, conv or "", spec or "") for _, name, spec, conv in string.Formatter().parse(template)
                  if name is not None)


def needs_translation(template: str) -> bool:
    """Punctuation around placeholders ("{items}, {item}") reads the same in every language."""
    bare = "".join(text for text, *_ in string.Formatter().parse(template))
    return bool(LETTERS.search(bare))


def catalogue_files() -> list[Path]:
    return sorted((LOCALE_DIR / "ko").glob("*.yaml"))


def test_every_msg_call_has_a_literal_template() -> None:
    bad = [f"{where}:{line}" for where, line, call in _calls()
           if not (call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str))]
    assert not bad, f"msg() needs a string literal as its template (the catalogue is keyed by it): {bad}"
    assert len(templates()) > 100


def test_every_template_has_korean_with_the_same_placeholders() -> None:
    korean = catalogue("ko")
    missing, broken = [], []
    for template, where in sorted(templates().items(), key=lambda kv: kv[1]):
        if not needs_translation(template):
            continue
        translated = korean.get(template)
        if translated is None:
            missing.append(f"{where}: {template!r}")
        elif fields(translated) != fields(template):
            broken.append(f"{where}: placeholders {fields(template)} vs Korean {fields(translated)}: {translated!r}")
        elif not HANGUL.search(translated) and not ACRONYM.fullmatch(translated):
            broken.append(f"{where}: the Korean text has no Korean: {translated!r}")
    assert not missing, f"{len(missing)} template(s) without Korean:\n" + "\n".join(missing)
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("file", catalogue_files(), ids=lambda p: p.stem)
def test_catalogue_file_is_well_formed_and_current(file: Path) -> None:
    data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    assert isinstance(data, dict), f"{file.name}: a mapping of English template to Korean template"
    known = templates()
    stale = [english for english in data if english not in known]
    assert not stale, f"{file.name}: translations of templates no longer in the code: {stale}"
    for english, translated in data.items():
        assert isinstance(translated, str) and translated.strip(), f"{file.name}: {english!r} has an empty translation"
        try:  # the Korean template must itself be a valid format string
            list(string.Formatter().parse(translated))
        except ValueError as err:
            pytest.fail(f"{file.name}: {translated!r} is not a valid template ({err})")


def test_one_translation_per_template_across_files() -> None:
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for file in catalogue_files():
        for english, translated in (yaml.safe_load(file.read_text(encoding="utf-8")) or {}).items():
            if english in seen and seen[english][1] != translated:
                clashes.append(f"{english!r}: {seen[english][0]} says {seen[english][1]!r}, {file.name} {translated!r}")
            seen.setdefault(english, (file.name, translated))
    assert not clashes, "\n".join(clashes)


def test_msg_is_the_english_text_and_renders_korean() -> None:
    m = msg("web-server-sg does not admit TCP {ports} from 0.0.0.0/0", ports=and_(["80", "443"]))
    assert m == "web-server-sg does not admit TCP 80 and 443 from 0.0.0.0/0"
    assert isinstance(m, str) and str(m) == m
    assert and_(["a", "b", "c"]) == "a, b and c" and or_(["a", "b"]) == "a or b" and and_(["a"]) == "a"
    assert and_([]) == ""
    assert and_(["a", "b", "c"]).render("ko") == "a, b 및 c"
    assert or_(["a", "b"]).render("ko") == "a 또는 b"
    joined = join("; ", [msg("GetObject is allowed"), "sg-1"])
    assert joined == "GetObject is allowed; sg-1" and join(", ", []) == "" and join(", ", ["x"]) == "x"
    with pytest.raises(ValueError, match="punctuation"):
        join(" and ", ["a", "b"])
    # A template without a translation falls back to English rather than failing.
    assert msg("no such template {x}", x=1).render("ko") == "no such template 1"


def test_grade_findings_follow_the_language(tmp_path) -> None:
    """labkit.task(id, "ko") grades and hints in Korean; English stays the default."""
    from labkit.catalogue import grade_snapshot

    english = grade_snapshot("ec2.web_server", {}, "en")
    korean = grade_snapshot("ec2.web_server", {}, "ko")
    assert [f.check for f in english.findings] == [f.check for f in korean.findings]
    assert all(not HANGUL.search(f.message) for f in english.findings)
    assert all(HANGUL.search(f.message) and HANGUL.search(f.hint) for f in korean.findings if not f.passed)
    assert "힌트" in repr(korean) and "hint:" in repr(english)
