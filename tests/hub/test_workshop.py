"""The instructor-led workshop, end to end, on a real JupyterHub (docs/workshop.md).

The instructor writes the learner edition (``labkit release``); three learners log in to
the hub through its REST API, each gets their own single-user server, the lab task's
notebook lands in their home (uploaded through their own server, standing in for
nbgitpuller), and each runs that notebook's ``vpc.security_groups`` cells in their own
kernel: alice builds the whole configuration, bob only ``web-sg``, carol nothing. Each
checks their work, then ``labkit.submit()``s into the shared folder. The instructor runs
``labkit grade`` on the folder and the gradebook must hold each learner's own score.
Along the way: no learner sees another's lab (each kernel is its own process, with its
own moto account and its own ``LABKIT_HOME``), and no learner's token opens another's
server.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

LABKIT = Path(sys.executable).parent / "labkit"
REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
TASK = "vpc.security_groups"
NOTEBOOK = "02_vpc_networking.ipynb"

# What each learner builds in the notebook's "your turn" cell, and what it must score (of 10).
BUILDS = {
    "alice": ("from labkit.catalogue.vpc import solve_security_groups\n"
              "solve_security_groups(lab)\n"),
    "bob": ('vpc_id = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]["VpcId"]\n'
            'web = ec2.create_security_group(GroupName="web-sg", Description="web tier", VpcId=vpc_id)["GroupId"]\n'
            "ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=[\n"
            '    {"IpProtocol": "tcp", "FromPort": p, "ToPort": p, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}\n'
            "    for p in (80, 443)])\n"),
    "carol": "",
}
SCORES = {"alice": 10.0, "bob": 2.0, "carol": 0.0}  # bob: web-sg's 2 points; the other checks need all three
GROUPS = {
    "alice": ["app-sg", "db-sg", "default", "web-sg"],
    "bob": ["default", "web-sg"],
    "carol": ["default"],
}

PROBE = """
import json as _json, os as _os
from labkit.paths import labkit_home as _home
from labkit.progress import ProgressStore as _Store, learner_id as _learner_id
_vpc = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["main"]}])["Vpcs"][0]["VpcId"]
_groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [_vpc]}])["SecurityGroups"]
print(_json.dumps({
    "learner": _learner_id(),
    "home": str(_home()),
    "pid": _os.getpid(),
    "groups": sorted(g["GroupName"] for g in _groups),
    "attempts": [[a.learner, a.item, a.score] for a in _Store().attempts()],
    "aws_key": _os.environ.get("AWS_ACCESS_KEY_ID"),
}))
"""


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _task_cells(notebook: dict[str, Any], task_id: str) -> tuple[str, dict[str, Any], str]:
    """The task's starter cell, its "your turn" cell and its Check cell, as the learner edition has them."""
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    starter = [c for c in code if f'labkit.task("{task_id}").starter' in _source(c)]
    your_turn = [c for c in code if "your-turn" in c["metadata"].get("tags", [])
                 and (c["metadata"].get("labkit") or {}).get("task") == task_id]
    check = [c for c in code if "check" in c["metadata"].get("tags", [])
             and _source(c).strip() == f'labkit.grade("{task_id}")']
    assert len(starter) == 1 and len(your_turn) == 1 and len(check) == 1, (len(starter), len(your_turn), len(check))
    return _source(starter[0]), your_turn[0], _source(check[0])


def _release(tmp_path: Path) -> Path:
    """The instructor's step: the learner edition, written by the real CLI."""
    out = tmp_path / "release"
    done = subprocess.run([str(LABKIT), "release", "--out", str(out)], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "LABKIT_HOME": str(tmp_path / "instructor")})
    assert done.returncode == 0, done.stderr
    return out


def _put_notebook(learner: Any, notebook: dict[str, Any]) -> dict[str, Any]:
    """Place the notebook in the learner's home through their own server, and read it back from there."""
    made = learner.server("PUT", "/contents/course", json={"type": "directory"})
    assert made.status_code in (200, 201), made.text
    put = learner.server("PUT", f"/contents/course/{NOTEBOOK}",
                         json={"type": "notebook", "format": "json", "content": notebook})
    assert put.status_code in (200, 201), put.text
    got = learner.server("GET", f"/contents/course/{NOTEBOOK}", params={"content": "1"})
    assert got.status_code == 200, got.text
    return got.json()["content"]


def _work_through(kernel: Any, notebook: dict[str, Any], build: str, submissions: Path) -> dict[str, Any]:
    """Run the task's cells as the learner would: starter, their own build, Check, then submit."""
    starter, your_turn, check = _task_cells(notebook, TASK)
    kernel.run("import labkit")
    kernel.run(starter)
    kernel.run(_source(your_turn).rstrip("\n") + "\n" + build)  # the "your turn" cell, learner's code added
    graded = kernel.run(check)
    assert len(graded.results) == 1, graded
    first_line = graded.results[0].splitlines()[0]
    probe = json.loads(kernel.run(PROBE).stdout)
    submitted = kernel.run(f"print(labkit.submit({str(submissions)!r}))").stdout.strip()
    return {"check": first_line, "probe": probe, "file": Path(submitted)}


@pytest.mark.slow
def test_workshop_round_trip(hub: Any, tmp_path: Path) -> None:
    release = _release(tmp_path)
    edition = json.loads((release / NOTEBOOK).read_text(encoding="utf-8"))
    _, your_turn, _ = _task_cells(edition, TASK)
    solution = [c for c in json.loads((REPO / "notebooks" / "en" / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
                if (c["metadata"].get("labkit") or {}).get("task") == TASK and "solution" in c["metadata"].get("tags", [])]
    assert len(solution) == 1 and "create_security_group" in _source(solution[0])  # the master edition's answer
    assert "create_security_group" not in _source(your_turn), "the learner edition shows the solution"

    learners = [hub.login(name) for name in BUILDS]  # log in through the REST API
    # All three servers spawn at once, as in a classroom (the hub holds each start request
    # for up to ten seconds, so each learner asks from their own thread).
    with ThreadPoolExecutor(len(learners)) as pool:
        list(pool.map(lambda learner: (learner.start_server(), learner.wait_ready()), learners))

    outcome: dict[str, dict[str, Any]] = {}
    kernels = []
    try:
        for learner in learners:
            notebook = _put_notebook(learner, edition)
            kernel = learner.open_kernel()
            kernels.append(kernel)
            outcome[learner.name] = _work_through(kernel, notebook, BUILDS[learner.name], hub.submissions)
    finally:
        for kernel in kernels:
            kernel.close()

    # Each learner's own Check result, in their own kernel.
    for name, score in SCORES.items():
        assert outcome[name]["check"].startswith(f"{TASK}: {score:g}/10"), (name, outcome[name]["check"])

    # No learner sees another's lab: own process, own account, own LABKIT_HOME and progress.
    pids = {name: o["probe"]["pid"] for name, o in outcome.items()}
    assert len(set(pids.values())) == 3, pids
    for name, o in outcome.items():
        probe = o["probe"]
        assert probe["groups"] == GROUPS[name], (name, probe["groups"])  # bob's lab has no app-sg of alice's
        assert probe["learner"] == name  # LABKIT_LEARNER from docs/workshop/labkit_hub.py
        assert probe["home"] == str(hub.root / "home" / name / ".labkit")
        assert probe["attempts"] == [[name, TASK, SCORES[name]]]
        assert probe["aws_key"] != "AKIAIOSFODNN7EXAMPLE"  # the decoy key given to the server is hidden
        assert o["file"] == hub.submissions / f"submission-{name}.json"

    # No learner's token opens another learner's server.
    bob = next(learner for learner in learners if learner.name == "bob")
    assert bob.server("GET", "/kernels").status_code == 200
    refused = bob.server("GET", "/kernels", user="alice")
    assert refused.status_code == 403, (refused.status_code, refused.text[:300])

    # The instructor collects and re-grades offline.
    book = tmp_path / "book"
    done = subprocess.run([str(LABKIT), "grade", str(hub.submissions), "--out", str(book)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "LABKIT_HOME": str(tmp_path / "instructor")})
    assert done.returncode == 0, done.stderr
    assert "graded 3 submission(s); 0 skipped." in done.stdout
    with (book / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["learner"] for r in rows] == ["alice", "bob", "carol"]
    for row in rows:
        name = row["learner"]
        assert Path(row["file"]).name == f"submission-{name}.json"
        assert (float(row["score"]), float(row["max_score"])) == (SCORES[name], 10.0), row
        assert float(row[f"vpc/{TASK}"]) == SCORES[name]
    pages = {p.name: p.read_text(encoding="utf-8") for p in (book / "feedback").glob("*.html")}
    assert sorted(pages) == ["alice.html", "bob.html", "carol.html"]
    assert "<b>10 / 10</b>" in pages["alice.html"]
    assert "<b>2 / 10</b>" in pages["bob.html"] and "no security group named app-sg" in pages["bob.html"]
    assert "<b>0 / 10</b>" in pages["carol.html"] and "no security group named web-sg" in pages["carol.html"]


# -- the instructor's files: what docs/workshop.md shows is what docs/workshop/ holds ---------
def _embedded_files() -> dict[str, str]:
    """Each ``<!-- file: PATH -->`` block of docs/workshop.md: PATH -> the code block after it."""
    lines = (DOCS / "workshop.md").read_text(encoding="utf-8").splitlines()
    found: dict[str, str] = {}
    for number, line in enumerate(lines):
        marker = re.fullmatch(r"(\s*)<!-- file: (\S+) -->", line)
        if not marker:
            continue
        indent = marker.group(1)
        assert lines[number + 1].startswith(indent + "```"), f"no code block after {line.strip()}"
        end = next(i for i in range(number + 2, len(lines)) if lines[i] == indent + "```")
        found[marker.group(2)] = "\n".join(x[len(indent):] for x in lines[number + 2:end]) + "\n"
    return found


def test_guide_shows_the_files_it_ships() -> None:
    embedded = _embedded_files()
    assert sorted(embedded) == ["docs/workshop/Dockerfile", "docs/workshop/config.yaml",
                                "docs/workshop/labkit_hub.py", "docs/workshop/submissions.yaml"]
    for path, text in embedded.items():
        assert text == (REPO / path).read_text(encoding="utf-8"), f"docs/workshop.md shows an old {path}"


def test_z2jh_config_fits_together() -> None:
    config = yaml.safe_load((DOCS / "workshop" / "config.yaml").read_text(encoding="utf-8"))
    claim, setup = yaml.safe_load_all((DOCS / "workshop" / "submissions.yaml").read_text(encoding="utf-8"))
    single = config["singleuser"]
    assert single["extraEnv"] == {"LABKIT_HOME": "/home/jovyan/.labkit", "LABKIT_LEARNER": "{unescaped_username}"}
    assert claim["kind"] == "PersistentVolumeClaim" and claim["spec"]["accessModes"] == ["ReadWriteMany"]
    volume = single["storage"]["extraVolumes"][0]
    assert volume["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
    assert setup["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
    assert "gitpuller" in single["lifecycleHooks"]["postStart"]["exec"]["command"][-1]

    # The hub.extraConfig hook, run as JupyterHub runs it: learners get their own folder, admins all.
    from traitlets.config import Config

    namespace: dict[str, Any] = {"c": Config()}
    exec(compile(config["hub"]["extraConfig"]["labkit"], "extraConfig.labkit", "exec"), namespace)
    hook = namespace["c"].KubeSpawner.pre_spawn_hook
    home = {"name": "home", "mountPath": "/home/jovyan"}
    for admin, mounts in ((False, [home]), (True, [home]), (False, {"home": home})):
        spawner = SimpleNamespace(user=SimpleNamespace(admin=admin), volume_mounts=mounts)
        hook(spawner)
        added = spawner.volume_mounts[-1] if isinstance(mounts, list) else spawner.volume_mounts["labkit-submissions"]
        assert added["name"] == volume["name"] and added["mountPath"] == "/srv/submissions"
        assert added.get("subPath") == (None if admin else "{username}")
        assert home in (spawner.volume_mounts if isinstance(mounts, list) else spawner.volume_mounts.values())


def test_dockerfile_commands_exist() -> None:
    from labkit.cli import build_parser

    text = (DOCS / "workshop" / "Dockerfile").read_text(encoding="utf-8")
    commands = re.findall(r"\blabkit ((?:release|doctor)\b[^&\\\n]*)", text)
    assert len(commands) == 2, commands
    for command in commands:
        build_parser().parse_args(command.split())
