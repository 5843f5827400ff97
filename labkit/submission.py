"""``labkit.submit()``: one JSON file with a learner's answers and lab snapshot.

The file holds what is needed to grade again, offline, with nothing but the
kit: the latest answer to every quiz question the learner tried, the lab tasks
they checked, and the snapshot of their lab. Scores are written too, for the
learner's own reading, but ``labkit grade`` ignores them and grades again.

The write is atomic (a temporary file in the same folder, then a hard link
that fails if the target exists, or a rename when overwriting), so an
interrupted submit never leaves half a file and never replaces one silently.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from ._version import __version__
from .errors import LabkitError

__all__ = ["submit", "collect", "read_submission", "FORMAT"]

FORMAT = 1


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._") or "learner"


def collect(*, learner: str | None = None, lab: Any = None, store: Any = None) -> dict[str, Any]:
    """The submission document for ``learner`` (default: this learner) as a dict."""
    from .catalogue import tasks
    from .progress import ProgressStore, learner_id

    who = learner or learner_id()
    latest: dict[tuple[str, str], Any] = {}
    best: dict[tuple[str, str], Any] = {}
    for attempt in (store or ProgressStore()).attempts(learner=who):
        key = (attempt.topic, attempt.item)
        latest[key] = attempt  # attempts come oldest first
        if key not in best or attempt.score >= best[key].score:  # the best, latest among equals
            best[key] = attempt
    task_ids = set(tasks())
    answers, graded_tasks = [], []
    for (topic, item), attempt in sorted(latest.items()):
        if item in task_ids:
            # A task is submitted as its best graded attempt, with the account it was graded on.
            chosen = best[(topic, item)]
            recorded = chosen.answer.get("snapshot") if isinstance(chosen.answer, dict) else None
            graded_tasks.append({"task": item, "topic": topic, "score": chosen.score,
                                 "max_score": chosen.max_score, "snapshot": recorded})
        else:
            answers.append({"topic": topic, "question": item, "value": attempt.answer,
                            "score": attempt.score, "max_score": attempt.max_score})
    if lab is None:
        from .lab import current

        try:
            lab = current()
        except LabkitError:
            lab = None
    snapshot = lab.snapshot() if lab is not None else None
    return {
        "labkit_submission": FORMAT,
        "kit_version": __version__,
        "learner": who,
        "submitted_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "answers": answers,
        "tasks": graded_tasks,
        "snapshot": snapshot,
    }


def submit(path: Any = None, *, overwrite: bool = False, lab: Any = None, learner: str | None = None) -> Path:
    """Write the submission file and return its path.

    ``path`` may be a file or a folder (default: ``$LABKIT_SUBMIT_DIR``, else the
    current folder), as ``submission-<learner>.json``; a missing folder is
    created. An existing file is kept unless ``overwrite=True``. Each graded task
    carries the snapshot it was graded on, so one submission at the end of a
    course covers labs that are long closed.
    """
    document = collect(learner=learner, lab=lab)
    if path is None:
        path = os.environ.get("LABKIT_SUBMIT_DIR") or Path.cwd()
    target = Path(path).expanduser()
    if not target.exists() and not target.suffix:  # a folder that is not there yet
        try:
            target.mkdir(parents=True)
        except OSError as err:
            raise LabkitError(f"cannot create the folder {target}: {err.strerror}.") from err
    if target.is_dir():
        target = target / f"submission-{_safe(document['learner'])}.json"
    if target.suffix != ".json":
        raise LabkitError(f"a submission is a .json file; got {str(target)!r}.")
    if target.exists() and not overwrite:
        raise LabkitError(f"{target} already exists; pass overwrite=True to replace it, or choose another path.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".submission-", suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise LabkitError(f"cannot write a submission in {target.parent}: {err.strerror}.") from err
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=1, sort_keys=True, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)  # atomic, and fails if someone created the target meanwhile
            except FileExistsError:
                raise LabkitError(f"{target} already exists; pass overwrite=True to replace it.") from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


def read_submission(path: Path) -> dict[str, Any]:
    """A submission file's document, checked for shape; LabkitError says what is wrong."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise LabkitError(f"{path}: cannot read the file ({err})") from None
    except ValueError as err:
        raise LabkitError(f"{path}: not valid JSON ({err})") from None
    if not isinstance(data, dict) or data.get("labkit_submission") != FORMAT:
        raise LabkitError(f"{path}: not a labkit submission (no 'labkit_submission': {FORMAT} field)")
    for key, kind in (("learner", str), ("answers", list), ("tasks", list)):
        if not isinstance(data.get(key), kind):
            raise LabkitError(f"{path}: field {key!r} should be a {kind.__name__}")
    return data
