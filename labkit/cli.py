"""The ``labkit`` command. Thin: each command parses, then calls the library."""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from ._version import __version__
from .errors import LabkitError

__all__ = ["main", "build_parser"]


def cmd_lab(args: argparse.Namespace, extra: list[str]) -> int:
    """Open JupyterLab on the learner edition of the course (written to $LABKIT_HOME/course/<lang>/)."""
    from .editions import _source_dir, write_edition
    from .paths import labkit_home

    _source_dir(args.lang, None)  # an unknown language is an error before anything is written
    root = labkit_home() / "course" / args.lang
    if not args.dry_run:  # a dry run says what would happen and writes nothing
        report = write_edition(root, args.lang)
        for note in report.messages():
            print(note)
    notebooks = sorted(root.glob("00_*.ipynb")) or [root / "00_start_here.ipynb"]
    command = [
        sys.executable, "-m", "jupyterlab",
        f"--ServerApp.root_dir={root}",
        # JupyterLab's default extension manager asks pypi.org about every installed
        # extension; the course never needs it, and it is a connection off the machine.
        "--LabApp.extension_manager=readonly",
        *extra,
        notebooks[0].name,
    ]
    if args.port is not None:
        command.insert(3, f"--port={args.port}")
    if args.no_browser:
        command.insert(3, "--no-browser")
    if args.dry_run:
        print(" ".join(command))
        return 0
    # JupyterLab gets Ctrl+C too (same process group) and asks to confirm the
    # shutdown itself; labkit just keeps waiting until it has exited cleanly.
    process = subprocess.Popen(command, cwd=root)
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            continue


def cmd_doctor(args: argparse.Namespace, extra: list[str]) -> int:
    """Check this machine: versions, renderer, network guard, lab, LABKIT_HOME, course."""
    from .doctor import run_checks

    results = run_checks()
    width = max(len(c.name) for c in results)
    for check in results:
        mark = "ok  " if check.ok else "FAIL"
        print(f"[{mark}] {check.name:<{width}}  {check.detail}")
    failed = [c.name for c in results if not c.ok]
    if failed:
        print(f"\n{len(failed)} check(s) failed: {', '.join(failed)}")
        return 1
    print(f"\nlabkit {__version__}: all {len(results)} checks passed.")
    return 0


def cmd_progress(args: argparse.Namespace, extra: list[str]) -> int:
    """Show the learner's attempts and scores (per item; --all for every attempt)."""
    from .progress import ProgressStore

    store = ProgressStore(args.db) if args.db else ProgressStore()
    if args.all:
        columns = ["id", "learner", "topic", "item", "score", "max_score", "created_at"]
        rows = [{c: getattr(a, c) for c in columns} for a in store.attempts(learner=args.learner)]
    elif args.topics:
        columns = ["learner", "topic", "items", "best", "max_score", "percent"]
        totals: dict[tuple[str, str], dict[str, object]] = {}
        for r in store.summary(learner=args.learner):
            row = totals.setdefault((r["learner"], r["topic"]), {
                "learner": r["learner"], "topic": r["topic"], "items": 0, "best": 0.0, "max_score": 0.0})
            row["items"] += 1  # type: ignore[operator]
            row["best"] += r["best"]  # type: ignore[operator]
            row["max_score"] += r["max_score"]  # type: ignore[operator]
        rows = list(totals.values())
        for row in rows:
            row["percent"] = round(100 * row["best"] / row["max_score"], 1) if row["max_score"] else 0.0  # type: ignore[operator]
    else:
        columns = ["learner", "topic", "item", "attempts", "best", "last", "max_score"]
        rows = store.summary(learner=args.learner)
    if args.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return 0
    if not rows:
        print(f"No attempts recorded yet in {store.path}.")
        return 0
    text = [[_fmt(r[c]) for c in columns] for r in rows]
    widths = [max(len(c), *(len(t[i]) for t in text)) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for t in text:
        print("  ".join(v.ljust(w) for v, w in zip(t, widths, strict=True)))
    return 0


def cmd_release(args: argparse.Namespace, extra: list[str]) -> int:
    """Write the learner edition of the course to a folder (for instructors, nbgitpuller, hub images)."""
    from .editions import release

    report = release(args.out, args.lang, force=args.force)
    print(f"learner edition ({args.lang}) in {report.target}: {len(report.written)} written, "
          f"{len(report.unchanged)} unchanged, {len(report.beside)} kept with edits.")
    for note in report.messages():
        print(note)
    return 0


def cmd_grade(args: argparse.Namespace, extra: list[str]) -> int:
    """Re-grade submission files or folders offline -> gradebook CSV + HTML feedback."""
    from .gradebook import grade_paths

    run = grade_paths(args.paths, args.out, lang=args.lang)
    for path, reason in run.broken:
        print(f"skipped {path}: {reason}", file=sys.stderr)
    print(f"graded {len(run.graded)} submission(s); {len(run.broken)} skipped.")
    print(f"gradebook: {run.csv_path}")
    if run.pages:
        print(f"feedback pages: {run.pages[0].parent}")
    return 0 if run.graded or not run.broken else 1


def cmd_bench(args: argparse.Namespace, extra: list[str]) -> int:
    """Measure this machine for a workshop: every performance target of the design with a pass/miss mark,
    and how many learners fit in a GB of RAM (table here, all figures in a JSON file)."""
    from .bench import run
    from .bench.report import render_table, write_json

    result = run(quick=args.quick, notebooks=args.notebooks,
                 log=lambda line: print(line, file=sys.stderr, flush=True))
    print(render_table(result))
    path = write_json(result, args.json)
    print(f"\nAll figures written to {path.resolve()}")
    errors = [f["title"] for f in result["figures"] if f["mark"] == "error"]
    if errors:
        print(f"{len(errors)} figure(s) could not be measured: {', '.join(errors)} (reasons in the JSON)",
              file=sys.stderr)
        return 1
    return 0


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="labkit",
        description="An offline AWS account in a Jupyter kernel, and a course that grades it.",
    )
    parser.add_argument("--version", action="version", version=f"labkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    lab = sub.add_parser("lab", help=cmd_lab.__doc__, description=cmd_lab.__doc__ +
                         " Options not listed here are passed to JupyterLab.")
    lab.add_argument("--lang", default="en", help="course language (default: en)")
    lab.add_argument("--port", type=int, help="port for JupyterLab")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser")
    lab.add_argument("--dry-run", action="store_true", help="print the command instead of running it")
    lab.set_defaults(func=cmd_lab)

    release = sub.add_parser("release", help=cmd_release.__doc__, description=cmd_release.__doc__)
    release.add_argument("--out", type=Path, required=True, help="folder to write the learner edition to")
    release.add_argument("--lang", default="en", help="course language (default: en)")
    release.add_argument("--force", action="store_true", help="write into a non-empty folder")
    release.set_defaults(func=cmd_release)

    doctor = sub.add_parser("doctor", help=cmd_doctor.__doc__, description=cmd_doctor.__doc__)
    doctor.set_defaults(func=cmd_doctor)

    progress = sub.add_parser("progress", help=cmd_progress.__doc__, description=cmd_progress.__doc__)
    progress.add_argument("--csv", action="store_true", help="write CSV to standard output")
    progress.add_argument("--all", action="store_true", help="every attempt, not one row per item")
    progress.add_argument("--topics", action="store_true", help="one row per topic (best score per item, summed)")
    progress.add_argument("--learner", help="only this learner")
    progress.add_argument("--db", type=Path, help="progress database (default: $LABKIT_HOME/progress.db)")
    progress.set_defaults(func=cmd_progress)

    grade = sub.add_parser("grade", help=cmd_grade.__doc__, description=cmd_grade.__doc__ +
                           " Scores written in the files are ignored; every answer and lab task is graded again.")
    grade.add_argument("paths", nargs="+", help="submission files or folders of them")
    grade.add_argument("--out", type=Path, default=Path("gradebook"), help="output folder (default: ./gradebook)")
    grade.add_argument("--lang", default="en", choices=["en", "ko"], help="language of the feedback pages")
    grade.set_defaults(func=cmd_grade)

    bench = sub.add_parser("bench", help="measure this machine for a workshop (performance targets, learners per GB)",
                           description=" ".join(cmd_bench.__doc__.split()) +
                           " Takes a few minutes; misses are reported, not errors (exit 1 only if a figure"
                           " could not be measured).")
    bench.add_argument("--quick", action="store_true", help="a shorter run: fewer repeats, three graded tasks")
    bench.add_argument("--json", type=Path, default=Path("labkit-bench.json"), metavar="PATH",
                       help="where to write every figure as JSON (default: ./labkit-bench.json)")
    bench.add_argument("--notebooks", action="store_true",
                       help="also run the course's notebooks under nbval and time them (slow; needs labkit[test])")
    bench.set_defaults(func=cmd_bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    if extra and args.command != "lab":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return int(args.func(args, extra) or 0)
    except LabkitError as err:
        print(f"labkit {args.command}: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
