"""``python -m labkit.diagrams``: regenerate or check the concept figures, or draw a snapshot.

python -m labkit.diagrams regenerate          # write every diagrams/*.svg from its source
python -m labkit.diagrams check               # exit 1 listing stale or missing SVGs
python -m labkit.diagrams draw FILE.json [--view network] [--lang en] [-o out.svg]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import LabkitError


def _snapshot_of(path: Path) -> object:
    data = json.loads(path.read_text(encoding="utf-8"))
    # A submission file carries the snapshot under "snapshot"; a bare snapshot is accepted too.
    if isinstance(data, dict) and isinstance(data.get("snapshot"), dict):
        return data["snapshot"]
    return data


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    from . import VIEWS, concepts, from_snapshot

    parser = argparse.ArgumentParser(
        prog="python -m labkit.diagrams", description=__doc__.splitlines()[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("regenerate", help="write every diagrams/*.svg from its source")
    sub.add_parser("check", help="exit 1 listing stale or missing concept SVGs")
    draw = sub.add_parser("draw", help="draw a snapshot or submission file")
    draw.add_argument("file", type=Path)
    draw.add_argument("--view", default="network", choices=VIEWS)
    draw.add_argument("--lang", default="en", choices=("en", "ko"))
    draw.add_argument(
        "-o", "--output", type=Path, help=".svg, .dot or .png (default: FILE-VIEW.svg)"
    )
    args = parser.parse_args(argv)
    try:
        if args.command == "regenerate":
            changed = concepts.regenerate()
            for name in changed:
                print(
                    f"wrote diagrams/{name}.svg"
                    if not name.endswith(")")
                    else f"orphan: diagrams/{name}"
                )
            print(f"{len(concepts.names())} figures, {len(changed)} changed")
            return 0
        if args.command == "check":
            stale = concepts.regenerate(check_only=True)
            for name in stale:
                print(
                    f"stale: diagrams/{name}" + ("" if name.endswith(")") else ".svg"),
                    file=sys.stderr,
                )
            if stale:
                print("run: python -m labkit.diagrams regenerate", file=sys.stderr)
                return 1
            print(f"{len(concepts.names())} figures up to date")
            return 0
        diagram = from_snapshot(_snapshot_of(args.file), args.view, lang=args.lang)
        out = args.output or args.file.with_name(f"{args.file.stem}-{args.view}.svg")
        diagram.save(out)
        print(f"{diagram!r} -> {out}")
        for item in diagram.skipped:
            print(f"skipped: {item}", file=sys.stderr)
        return 0
    except (LabkitError, OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
