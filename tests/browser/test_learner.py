"""A learner's first session, in a real browser against a real ``labkit lab``.

The journey: open ``00_start_here`` and run all its cells; answer a quiz question
wrong, then right, through the widgets (the feedback changes, the score moves); open
the VPC notebook from the file browser, run it down to the ``vpc.security_groups``
task, type a correct configuration into its "your turn" cell, run the Check cell and
see full marks, then draw the network diagram and see it as an SVG picture; finally
``labkit progress`` lists those attempts.

Cells are found by their source text, never by position, so the notebooks can grow.
Every wait is for a condition in the page (a selector, a prompt, a text) with a
generous timeout: the kernel imports moto, and CI machines are slow.
"""

from __future__ import annotations

import base64
import csv
import io
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest

import labkit
from labkit.questions.bank import load_bank, localise

pytestmark = pytest.mark.slow

NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
KERNEL_STATUS = "#jp-main-statusbar span[title^='Change kernel']"
RUN_TIMEOUT = 600_000  # ms for a batch of cells (each can take seconds on a loaded machine)
CELL_TIMEOUT = 180_000  # ms for one cell

QUIZ_TOPIC = "global"
QUIZ_QUESTION = "global-service-count"  # a single-choice question of 00_start_here's quiz
TASK = "vpc.security_groups"

# What a learner types into the "your turn" cell (the client-API form of the reference
# solution: labkit.catalogue.vpc.solve_security_groups + services.ec2.build_three_tier_security_groups).
SECURITY_GROUPS = '''\
ec2 = lab.client("ec2")
vpc_id = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]["VpcId"]
web = ec2.create_security_group(GroupName="web-sg", Description="Web tier", VpcId=vpc_id)["GroupId"]
app = ec2.create_security_group(GroupName="app-sg", Description="App tier", VpcId=vpc_id)["GroupId"]
db = ec2.create_security_group(GroupName="db-sg", Description="DB tier", VpcId=vpc_id)["GroupId"]
anywhere = [{"CidrIp": "0.0.0.0/0"}]
ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": anywhere},
    {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": anywhere}])
ec2.authorize_security_group_ingress(GroupId=app, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "UserIdGroupPairs": [{"GroupId": web}]}])
ec2.authorize_security_group_ingress(GroupId=db, IpPermissions=[
    {"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "UserIdGroupPairs": [{"GroupId": app}]}])
default = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc_id]},
                                                {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]
if default["IpPermissions"]:
    ec2.revoke_security_group_ingress(GroupId=default["GroupId"], IpPermissions=default["IpPermissions"])
if default["IpPermissionsEgress"]:
    ec2.revoke_security_group_egress(GroupId=default["GroupId"], IpPermissions=default["IpPermissionsEgress"])
print("built", web, app, db)
'''

# -- the page ---------------------------------------------------------------------------

# Whether any code cell of the visible notebook is queued or running ("[*]:" prompt).
_BUSY = """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputPrompt')]
    .some(p => p.textContent.trim() === '[*]:')"""

# Cells whose outputs show a Python traceback: [index among all cells, output text].
_ERRORS = """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')]
    .map((cell, index) => [index, [...cell.querySelectorAll('.jp-OutputArea-output')].map(o => o.textContent).join('\\n')])
    .filter(([, out]) => out.includes('Traceback'))"""

# The source of the cell being edited, line by line (CodeMirror renders the lines of a focused editor).
_EDITED = """cell => [...cell.querySelectorAll('.jp-InputArea-editor .cm-line')].map(l => l.textContent).join('\\n')"""


def wait_kernel_idle(page: Any) -> None:
    """The status bar says the notebook's kernel is started and idle."""
    from playwright.sync_api import expect

    expect(page.locator(KERNEL_STATUS)).to_have_text(re.compile(r"\|\s*Idle$"), timeout=CELL_TIMEOUT)


@dataclass(frozen=True)
class Notebook:
    """An open notebook: its name and its cells as the learner edition on disk has them.

    Sources come from the file, not the page: JupyterLab skips rendering cells far from
    the viewport, so their editors' lines are not in the DOM. The page shows one
    ``.jp-Cell`` per cell of the file, in order, so an index means the same in both.
    """

    name: str
    cells: tuple[tuple[str, str], ...]  # (cell type, source)

    @classmethod
    def read(cls, path: Path) -> Notebook:
        nb = nbformat.read(path, as_version=4)
        return cls(path.name, tuple((c.cell_type, c.source) for c in nb.cells))

    def find(self, predicate: Any, after: int = -1, what: str = "") -> int:
        """Index of the first code cell after ``after`` whose source satisfies ``predicate``."""
        for index, (kind, source) in enumerate(self.cells):
            if index > after and kind == "code" and predicate(source):
                return index
        pytest.fail(f"{self.name}: no code cell {what}")


def open_from_url(page: Any, server: Any, name: str) -> Notebook:
    """Go to the notebook's address, as the link `labkit lab` prints does."""
    page.goto(server.url(f"lab/tree/{name}"))
    return wait_notebook(page, server, name)


def open_from_file_browser(page: Any, server: Any, name: str) -> Notebook:
    """Double-click the notebook in JupyterLab's file browser."""
    page.locator(".jp-FileBrowser .jp-DirListing-item", has_text=name).dblclick()
    return wait_notebook(page, server, name)


def wait_notebook(page: Any, server: Any, name: str) -> Notebook:
    """The notebook ``name`` is the current tab, all its cells are in the page, its kernel idle."""
    from playwright.sync_api import expect

    notebook = Notebook.read(server.course / name)
    expect(page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current")).to_contain_text(
        name, timeout=CELL_TIMEOUT)
    expect(page.locator(f"{NOTEBOOK} .jp-Cell")).to_have_count(len(notebook.cells), timeout=CELL_TIMEOUT)
    wait_kernel_idle(page)
    return notebook


def run_menu(page: Any, item: str) -> None:
    """Run › ``item`` from JupyterLab's menu bar, as a learner clicks it."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(rf"^{re.escape(item)}$")).click()


def wait_queue_done(page: Any) -> None:
    """Cells queued by a Run command all finished (JupyterLab marks queued cells ``[*]`` at once)."""
    page.wait_for_function(_BUSY, timeout=30_000)
    page.wait_for_function(f"() => !({_BUSY})()", timeout=RUN_TIMEOUT, polling=500)
    wait_kernel_idle(page)


def cell(page: Any, index: int) -> Any:
    return page.locator(f"{NOTEBOOK} .jp-Cell").nth(index)


def select(page: Any, index: int) -> Any:
    """Select a cell in command mode (a click on its prompt), scrolled into view."""
    target = cell(page, index)
    target.scroll_into_view_if_needed()
    target.locator(".jp-InputPrompt").click()
    return target


def run_selected(page: Any, index: int) -> Any:
    """Select cell ``index``, press Shift+Enter, wait until it has run (a number in its prompt)."""
    from playwright.sync_api import expect

    target = select(page, index)
    page.keyboard.press("Shift+Enter")
    expect(target.locator(".jp-InputPrompt")).to_have_text(re.compile(r"^\[\d+\]:$"), timeout=CELL_TIMEOUT)
    return target


def no_errors(page: Any, notebook: Notebook) -> None:
    """No cell run so far shows a traceback (the learner has built nothing yet: still no error)."""
    errors = page.evaluate(_ERRORS)
    assert not errors, f"{notebook.name}: cells fail in the learner edition:\n" + "\n".join(
        f"- cell {index} {notebook.cells[index][1].splitlines()[:1]}: {out[-400:]}" for index, out in errors)


def svg_of(image: Any) -> str:
    """The SVG text behind a rendered ``<img src="data:image/svg+xml...">``."""
    src = image.get_attribute("src") or ""
    head, _, data = src.partition(",")
    assert head.startswith("data:image/svg+xml"), f"not an SVG image: {src[:80]!r}"
    return base64.b64decode(data).decode("utf-8") if head.endswith(";base64") else urllib.parse.unquote(data)


# -- the quiz ------------------------------------------------------------------------------

_SCORE = re.compile(r"Score: ([\d.]+) / ([\d.]+) · (\d+)/(\d+) answered")


def quiz_question() -> tuple[str, str, float]:
    """(a wrong choice, the right choice, points) of QUIZ_QUESTION, in English, from the bank."""
    bank = load_bank(QUIZ_TOPIC)
    question = next(q for q in bank["questions"] if q["id"] == QUIZ_QUESTION)
    right = [localise(c["text"], "en") for c in question["choices"] if c.get("correct")]
    wrong = [localise(c["text"], "en") for c in question["choices"] if not c.get("correct")]
    assert question["kind"] == "single" and len(right) == 1 and wrong
    return wrong[0], right[0], float(question.get("points", 1))


def score_of(quiz: Any) -> tuple[float, float, int]:
    text = quiz.locator(".widget-html-content", has_text="Score:").inner_text()
    match = _SCORE.search(text)
    assert match, f"no score in the quiz header: {text!r}"
    return float(match[1]), float(match[2]), int(match[3])


def answer(card: Any, choice: str) -> Any:
    """Pick ``choice`` and press Check; returns the card's feedback area."""
    card.get_by_role("radio", name=choice, exact=True).check()
    card.get_by_role("button", name="Check").click()
    return card.locator(".labkit-feedback")


# -- the journey ---------------------------------------------------------------------------

def start_here(page: Any, server: Any) -> None:
    """Open 00_start_here, run all cells, answer one quiz question wrong then right."""
    from playwright.sync_api import expect

    notebook = open_from_url(page, server, "00_start_here.ipynb")
    run_menu(page, "Run All Cells")
    wait_queue_done(page)
    no_errors(page, notebook)

    quiz_index = notebook.find(lambda s: f'labkit.quiz("{QUIZ_TOPIC}")' in s, what=f"showing the {QUIZ_TOPIC} quiz")
    output = cell(page, quiz_index).locator(".jp-OutputArea")
    quiz = output.locator(".labkit-quiz")
    card = quiz.locator(f".labkit-question.labkit-q-{QUIZ_QUESTION}")
    card.scroll_into_view_if_needed()
    expect(card).to_be_visible()  # the widget manager rendered the cards...
    expect(output).not_to_contain_text("Loading widget")  # ...not its placeholder
    expect(output).not_to_contain_text("Error displaying widget")
    assert quiz.locator(".labkit-question").count() >= 5

    wrong, right, points = quiz_question()
    feedback = answer(card, wrong)
    expect(feedback).to_have_class(re.compile(r"\blabkit-wrong\b"))
    expect(feedback).to_contain_text("Not yet")
    expect(feedback).to_contain_text(f"(0/{points:g} {'point' if points == 1 else 'points'})")
    score_wrong, max_score, answered = score_of(quiz)
    bar = quiz.locator(".progress-bar")
    width_wrong = bar.evaluate("b => parseFloat(b.style.width)")

    feedback = answer(card, right)
    expect(feedback).to_have_class(re.compile(r"\blabkit-correct\b"))
    expect(feedback).to_contain_text("Correct")
    expect(feedback).to_contain_text(f"({points:g}/{points:g} {'point' if points == 1 else 'points'})")
    expect(quiz.locator(".widget-html-content", has_text="Score:")).to_contain_text(
        f"Score: {score_wrong + points:g} / {max_score:g}")
    assert score_of(quiz) == (score_wrong + points, max_score, answered)  # the same question, answered once
    assert bar.evaluate("b => parseFloat(b.style.width)") > width_wrong


def vpc_task(page: Any, server: Any) -> None:
    """Open the VPC notebook, build the security groups in the your-turn cell, Check, draw."""
    from playwright.sync_api import expect

    name = next((p.name for p in sorted(server.course.glob("02_vpc*.ipynb"))), None)
    assert name, "no VPC notebook (02_vpc*.ipynb) in the learner edition"
    notebook = open_from_file_browser(page, server, name)

    hint = f'labkit.task("{TASK}").hint()'
    turn = notebook.find(lambda s: s.startswith("# Your turn") and hint in s, what=f"'your turn' for {TASK}")
    starter = notebook.find(lambda s: f'labkit.task("{TASK}").starter' in s, what=f"opening the starter of {TASK}")
    assert starter < turn, "the starter lab should be opened before the your-turn cell"
    select(page, turn)
    run_menu(page, "Run All Above Selected Cell")  # the starter lab, the helpers defined on the way
    wait_queue_done(page)
    no_errors(page, notebook)

    editor = cell(page, turn).locator(".jp-InputArea-editor .cm-content")
    editor.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(SECURITY_GROUPS)
    typed = cell(page, turn).evaluate(_EDITED)
    assert typed.rstrip("\n") == SECURITY_GROUPS.rstrip("\n"), f"the editor holds something else:\n{typed}"
    page.keyboard.press("Escape")
    built = run_selected(page, turn)
    expect(built.locator(".jp-OutputArea")).to_contain_text("built sg-", timeout=CELL_TIMEOUT)

    check = notebook.find(lambda s: s.strip() == f'labkit.grade("{TASK}")', after=turn, what=f"grading {TASK}")
    graded = run_selected(page, check).locator(".jp-OutputArea .labkit-grade")
    full = labkit.task(TASK).max_score
    expect(graded).to_be_visible(timeout=CELL_TIMEOUT)  # the cell has run: its result will not change
    expect(graded).to_contain_text(f"{full:g} / {full:g}", timeout=5_000)
    expect(graded).not_to_contain_text("✗", timeout=5_000)

    drawn = notebook.find(lambda s: s.strip() == 'labkit.diagram(view="network")', after=check,
                          what="drawing the network after the check")
    image = run_selected(page, drawn).locator(".jp-OutputArea .jp-RenderedSVG img")
    expect(image).to_be_visible(timeout=CELL_TIMEOUT)
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle(),
                           timeout=CELL_TIMEOUT)
    svg = svg_of(image)
    for group in ("web-sg", "app-sg", "db-sg"):
        assert group in svg, f"the network diagram does not show {group}"


def progress_rows(server: Any, *extra: str) -> list[dict[str, str]]:
    done = server.labkit("progress", "--learner", server.learner, "--csv", *extra)
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


def test_a_learner_answers_the_quiz_and_solves_the_security_groups_task(lab_server: Any, page: Any) -> None:
    start_here(page, lab_server)
    vpc_task(page, lab_server)

    _, _, points = quiz_question()
    summary = {(r["topic"], r["item"]): r for r in progress_rows(lab_server)}
    quiz_row = summary[(QUIZ_TOPIC, QUIZ_QUESTION)]
    assert (quiz_row["attempts"], float(quiz_row["best"]), float(quiz_row["last"])) == ("2", points, points)
    every = [r for r in progress_rows(lab_server, "--all") if r["item"] == QUIZ_QUESTION]
    assert [float(r["score"]) for r in sorted(every, key=lambda r: int(r["id"]))] == [0.0, points]  # wrong, then right

    full = labkit.task(TASK).max_score
    task_row = summary[("vpc", TASK)]
    assert int(task_row["attempts"]) >= 1
    assert (float(task_row["best"]), float(task_row["last"]), float(task_row["max_score"])) == (full, full, full)
    assert {r["learner"] for r in summary.values()} == {lab_server.learner}


@pytest.mark.slow
@pytest.mark.parametrize("lab_server", ["ko"], indirect=True)
def test_the_korean_edition_quizzes_in_korean(lab_server: Any, page: Any, tmp_path: Path) -> None:
    """`labkit lab --lang ko`: the Korean 00_start_here runs and its quiz speaks Korean (screenshot kept)."""
    from playwright.sync_api import expect

    assert lab_server.course.name == "ko"
    notebook = open_from_url(page, lab_server, "00_start_here.ipynb")
    run_menu(page, "Run All Cells")
    wait_queue_done(page)
    no_errors(page, notebook)
    quiz_index = notebook.find(lambda s: f'labkit.quiz("{QUIZ_TOPIC}")' in s, what="showing the quiz")
    quiz = cell(page, quiz_index).locator(".jp-OutputArea .labkit-quiz")
    card = quiz.locator(f".labkit-question.labkit-q-{QUIZ_QUESTION}")
    card.scroll_into_view_if_needed()
    expect(card).to_be_visible()
    bank = load_bank(QUIZ_TOPIC)
    question = next(q for q in bank["questions"] if q["id"] == QUIZ_QUESTION)
    wrong = next(localise(c["text"], "ko") for c in question["choices"] if not c.get("correct"))
    expect(card).to_contain_text(localise(question["prompt"], "ko")[:20])
    card.get_by_role("radio", name=wrong, exact=True).check()
    card.get_by_role("button", name="확인").click()
    expect(card.locator(".labkit-feedback")).to_contain_text("오답")
    expect(quiz.locator(".widget-html-content", has_text="점수")).to_be_visible()
    shot = tmp_path / "korean-quiz.png"
    card.screenshot(path=str(shot))  # kept for a human look at the Hangul rendering
    assert shot.stat().st_size > 1000
