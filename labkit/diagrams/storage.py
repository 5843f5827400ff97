"""The ``storage`` view: S3 buckets with their protection badges, RDS instances and
Aurora clusters (writer and readers).

Badges are words first and colours second (green = in place, amber = partial or
worth a look, red = missing), so the view also reads in greyscale:

- Encryption: SSE-KMS (with the key and Bucket Key) / SSE-S3 / none;
- Block Public Access: all 4 on / partial (n of 4) / off, combining the bucket's
  flags with the account-level setting as S3 does;
- Versioning, lifecycle rules, and the bucket policy (what it enforces, if it is
  one of the course's patterns: TLS only, VPC-endpoint only; public if it allows
  ``*`` without a condition).
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from ..i18n import msg, render
from ..snapread import Reader, dicts, listed, plural, sub, text
from . import style
from ._dot import HTML, Graph, esc, html_escape
from ._render import Diagram

__all__ = ["build", "bucket_badges", "db_badges"]

_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError)
_BPA_FLAGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
_PER_ROW = 3


def _statements(policy: Any) -> list[dict[str, Any]]:
    if isinstance(policy, str):
        try:
            policy = json.loads(policy)
        except ValueError:
            return []
    if not isinstance(policy, dict):
        return []
    stmts = policy.get("Statement")
    if isinstance(stmts, dict):
        stmts = [stmts]
    return [s for s in stmts if isinstance(s, dict)] if isinstance(stmts, list) else []


def _condition_keys(stmt: dict[str, Any]) -> set[str]:
    cond = stmt.get("Condition")
    if not isinstance(cond, dict):
        return set()
    return {
        k.lower()
        for ops in cond.values()
        if isinstance(ops, dict)
        for k in ops
        if isinstance(k, str)
    }


def bucket_badges(bucket: dict[str, Any], account_bpa: Any = None) -> list[tuple[str, str, str]]:
    """(setting, value, level) rows for one bucket of a snapshot.

    Example:
        >>> bucket_badges({"Name": "b"})[0]
        ('Encryption', 'none', 'bad')
    """
    rows: list[tuple[str, str, str]] = []
    rules = dicts(sub(bucket, "Encryption"), "Rules")
    algo = ""
    key = ""
    bucket_key = False
    if rules:
        default = sub(rules[0], "ApplyServerSideEncryptionByDefault")
        algo = text(default.get("SSEAlgorithm"))
        key = text(default.get("KMSMasterKeyID"))
        bucket_key = rules[0].get("BucketKeyEnabled") is True
    if algo.startswith("aws:kms"):
        value = "SSE-KMS" + (" (DSSE)" if algo == "aws:kms:dsse" else "")
        if key:
            value += f" · {key.rsplit('/', 1)[-1] if key.startswith('arn:') and ':alias/' not in key else key.split(':')[-1]}"
        if bucket_key:
            value += " · Bucket Key"
        rows.append(("Encryption", value, "good"))
    elif algo == "AES256":
        rows.append(("Encryption", "SSE-S3", "good"))
    else:
        rows.append(("Encryption", "none", "bad"))

    pab = sub(bucket, "PublicAccessBlock")
    account = account_bpa if isinstance(account_bpa, dict) else {}
    on = sum(1 for f in _BPA_FLAGS if pab.get(f) is True or account.get(f) is True)
    from_account = on and not any(pab.get(f) is True for f in _BPA_FLAGS)
    if on == 4:
        rows.append(
            ("Block Public Access", "all 4 on" + (" (account)" if from_account else ""), "good")
        )
    elif on:
        rows.append(("Block Public Access", f"partial ({on} of 4)", "warn"))
    else:
        rows.append(("Block Public Access", "off", "bad"))

    status = text(sub(bucket, "Versioning").get("Status"), "Disabled")
    if status == "Enabled":
        rows.append(("Versioning", "on", "good"))
    elif status == "Suspended":
        rows.append(("Versioning", "suspended", "warn"))
    else:
        rows.append(("Versioning", "off", "warn"))

    lifecycle = listed(bucket, "LifecycleRules")
    enabled = [r for r in lifecycle if isinstance(r, dict) and r.get("Status") == "Enabled"]
    if lifecycle:
        rows.append(
            (
                "Lifecycle",
                f"{plural(len(enabled), 'rule')} enabled"
                + (f" of {len(lifecycle)}" if len(enabled) != len(lifecycle) else ""),
                "good" if enabled else "warn",
            )
        )
    else:
        rows.append(("Lifecycle", "none", "info"))

    stmts = _statements(bucket.get("Policy"))
    if bucket.get("Policy") is not None and not stmts:
        rows.append(("Policy", "unreadable", "warn"))
    elif not stmts:
        rows.append(("Policy", "none", "info"))
    else:
        facts = []
        public = False
        for stmt in stmts:
            keys = _condition_keys(stmt)
            if stmt.get("Effect") == "Deny" and "aws:securetransport" in keys:
                facts.append("TLS only")
            if stmt.get("Effect") == "Deny" and (
                "aws:sourcevpce" in keys or "aws:sourcevpc" in keys
            ):
                facts.append("VPC endpoint only")
            principal = stmt.get("Principal")
            anyone = principal == "*" or (
                isinstance(principal, dict)
                and "*" in listed(principal, "AWS") + [principal.get("AWS")]
            )
            if stmt.get("Effect") == "Allow" and anyone and not keys:
                public = True
        if public:
            rows.append(("Policy", "allows anyone (public)", "bad"))
        else:
            value = ", ".join(dict.fromkeys(facts)) or plural(len(stmts), "statement")
            rows.append(("Policy", value, "good" if facts else "info"))
    return rows


def db_badges(db: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(setting, value, level) rows for one DB instance (or Aurora cluster)."""
    rows: list[tuple[str, str, str]] = []
    if "MultiAZ" in db:
        rows.append(
            ("Multi-AZ", "yes", "good") if db.get("MultiAZ") is True else ("Multi-AZ", "no", "warn")
        )
    rows.append(
        ("Encrypted", "yes", "good")
        if db.get("StorageEncrypted") is True
        else ("Encrypted", "no", "bad")
    )
    if "PubliclyAccessible" in db:
        rows.append(
            ("Public", "yes", "bad")
            if db.get("PubliclyAccessible") is True
            else ("Public", "no", "good")
        )
    days = db.get("BackupRetentionPeriod")
    if isinstance(days, int) and not isinstance(days, bool):
        level = "good" if days >= 7 else ("warn" if days else "bad")
        rows.append(("Backups", plural(days, "day") if days else "off", level))
    rows.append(
        ("Deletion protection", "on", "good")
        if db.get("DeletionProtection") is True
        else ("Deletion protection", "off", "warn")
    )
    return rows


def _badge_table(
    title: str,
    caption: str,
    lines: list[str],
    rows: list[tuple[str, str, str]],
    colors: style.Colors,
) -> HTML:
    small = style.SIZE["small"]
    out = [
        f'<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT POINT-SIZE="{small}" COLOR="{colors.border}">{html_escape(caption)}</FONT></TD></TR>',
        f'<TR><TD COLSPAN="2" ALIGN="LEFT"><B>{html_escape(title)}</B></TD></TR>',
    ]
    out += [
        f'<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT POINT-SIZE="{small}">{html_escape(line)}</FONT></TD></TR>'
        for line in lines
    ]
    for setting, value, level in rows:
        badge = style.BADGE[level]
        out.append(
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{small}" COLOR="#424242">{html_escape(setting)}</FONT></TD>'
            f'<TD ALIGN="LEFT" BGCOLOR="{badge.fill}" COLOR="{badge.border}" BORDER="1" STYLE="rounded">'
            f'<FONT POINT-SIZE="{small}" COLOR="{badge.border}">{html_escape(value)}</FONT></TD></TR>'
        )
    return HTML(f'<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="2">{"".join(out)}</TABLE>')


class _Storage:
    def __init__(self, snapshot: Any, lang: str) -> None:
        self.lang = lang
        self.r = Reader(snapshot)
        self.skipped = self.r.skipped
        self.account = self.r.account()
        s3 = self.r.service("s3") or {}
        self.account_bpa = s3.get("account_public_access_block")
        self.buckets = [b for b in self.r.items("s3", "buckets") if text(b.get("Name"))]
        self.dbs = [
            d for d in self.r.items("rds", "db_instances") if text(d.get("DBInstanceIdentifier"))
        ]
        self.clusters = [
            c for c in self.r.items("rds", "db_clusters") if text(c.get("DBClusterIdentifier"))
        ]
        self.alt_parts: list[str] = []

    def summary(self) -> str:
        return ", ".join(
            [
                plural(len(self.buckets), "bucket"),
                plural(
                    len([d for d in self.dbs if not text(d.get("DBClusterIdentifier"))]),
                    "DB instance",
                ),
                plural(len(self.clusters), "Aurora cluster"),
            ]
        )

    def title(self) -> str:
        who = f" of account {self.account}" if self.account else ""
        return f"Storage{who} — S3 buckets and databases"

    def alt(self) -> str:
        head = f"Storage diagram{' of account ' + self.account if self.account else ''}: {self.summary()}."
        if not (self.buckets or self.dbs or self.clusters):
            return head + " Nothing to draw yet."
        return " ".join([head, *self.alt_parts])

    def dot(self) -> str:
        g = Graph(
            "storage",
            attrs=style.graph_defaults(self.title(), nodesep="0.35", ranksep="0.35"),
            node_defaults=style.NODE_DEFAULTS,
            edge_defaults=style.EDGE_DEFAULTS,
        )
        if not (self.buckets or self.dbs or self.clusters):
            g.node(
                "empty",
                label=style.message_node(
                    "No S3 buckets or databases yet",
                    [
                        "Create a bucket with s3.create_bucket(Bucket='my-bucket',",
                        "    CreateBucketConfiguration={'LocationConstraint': 'ap-northeast-2'})",
                        "and draw again.",
                        *(render(note, self.lang) for note in self.skipped[:3]),
                    ],
                ),
                fillcolor=style.KIND["note"].fill,
                color=style.KIND["note"].border,
            )
            return g.source()
        rows: dict[int, list[str]] = defaultdict(list)
        plain = [d for d in self.dbs if not text(d.get("DBClusterIdentifier"))]
        count = max(
            -(-len(self.buckets) // _PER_ROW), -(-len(plain) // _PER_ROW) + len(self.clusters)
        )
        # An invisible spine orders the rows (rank=same alone would put them all in one);
        # declared first so that it, and the legend under it, stay at the left.
        for index in range(count + 1):
            g.node(f"row{index}", shape="point", style="invis", width="0", height="0", label="")
            if index:
                g.edge(f"row{index - 1}", f"row{index}", style="invis")
        if self.buckets:
            self._s3(g, rows)
        if self.dbs or self.clusters:
            self._rds(g, rows)
        rows[count].append("legend")
        g.node("legend", label=self._legend(), shape="plaintext", style="")
        for index, members in sorted(rows.items()):
            same = g.group(f"rank{index}", rank="same")
            same._body.append(" ".join(f"{esc(m)};" for m in [f"row{index}", *members]))
        return g.source()

    def _s3(self, g: Graph, rows: dict[int, list[str]]) -> None:
        colors = style.KIND["storage"]
        account = self.account_bpa if isinstance(self.account_bpa, dict) else {}
        on = sum(1 for f in _BPA_FLAGS if account.get(f) is True)
        words = {4: "all 4 on", 0: "off"}.get(on, f"partial ({on} of 4)")
        self.alt_parts.append(f"Account-wide Block Public Access: {words}.")
        small = style.SIZE["small"]
        cluster = g.cluster(
            "s3",
            label=HTML(
                f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1"><TR><TD ALIGN="LEFT"><B>Amazon S3 · '
                f"{html_escape(style.term('Buckets', self.lang))}</B></TD></TR>"
                f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{small}">account-wide Block Public Access: '
                f"{html_escape(words)}</FONT></TD></TR></TABLE>"
            ),
            style="rounded",
            color=colors.border,
            fontcolor=colors.border,
            margin="12",
        )
        for index, bucket in enumerate(self.buckets):
            name = text(bucket.get("Name"))
            try:
                badges = bucket_badges(bucket, self.account_bpa)
            except _ERRORS as err:
                self.skipped.append(
                    msg("bucket {name}: {error}", name=name, error=f"{type(err).__name__}: {err}")
                )
                badges = []
            lines = [f"region {text(bucket.get('Region'))}"] if text(bucket.get("Region")) else []
            node_id = f"bucket:{name}"
            cluster.node(
                node_id,
                label=_badge_table(name, "S3 bucket", lines, badges, colors),
                fillcolor=colors.fill,
                color=colors.border,
            )
            rows[index // _PER_ROW].append(node_id)
            self.alt_parts.append(
                f"Bucket {name}: " + ", ".join(f"{s.lower()} {v}" for s, v, _ in badges) + "."
            )

    def _rds(self, g: Graph, rows: dict[int, list[str]]) -> None:
        colors = style.KIND["database"]
        cluster = g.cluster(
            "rds",
            label=HTML("<B>Amazon RDS · Aurora</B>"),
            style="rounded",
            color=colors.border,
            fontcolor=colors.border,
            margin="12",
        )
        by_id = {text(d.get("DBInstanceIdentifier")): d for d in self.dbs}
        row = 0
        plain = [d for d in self.dbs if not text(d.get("DBClusterIdentifier"))]
        if not plain:
            row = -1
        for index, db in enumerate(plain):
            ident = text(db.get("DBInstanceIdentifier"))
            engine = " ".join(
                p for p in (text(db.get("Engine")), text(db.get("EngineVersion"))) if p
            )
            lines = [" · ".join(p for p in (engine, text(db.get("DBInstanceClass"))) if p)]
            az = text(db.get("AvailabilityZone"))
            if az:
                standby = text(db.get("SecondaryAvailabilityZone"))
                lines.append(f"primary in {az}" + (f", standby in {standby}" if standby else ""))
            try:
                badges = db_badges(db)
            except _ERRORS as err:
                self.skipped.append(
                    msg("DB instance {name}: {error}", name=ident, error=f"{type(err).__name__}: {err}")
                )
                badges = []
            node_id = f"db:{ident}"
            cluster.node(
                node_id,
                label=_badge_table(ident, "RDS DB instance", lines, badges, colors),
                fillcolor=colors.fill,
                color=colors.border,
            )
            row = index // _PER_ROW
            rows[row].append(node_id)
            self.alt_parts.append(
                f"DB instance {ident}: " + ", ".join(f"{s.lower()} {v}" for s, v, _ in badges) + "."
            )
        next_row = row + 1
        for cl in self.clusters:
            try:
                next_row = self._aurora(cluster, cl, by_id, rows, next_row)
            except _ERRORS as err:
                self.skipped.append(
                    msg("Aurora cluster {name}: {error}", name=text(cl.get("DBClusterIdentifier"), "?"),
                        error=f"{type(err).__name__}: {err}")
                )

    def _aurora(
        self,
        parent: Graph,
        cl: dict[str, Any],
        by_id: dict[str, dict[str, Any]],
        rows: dict[int, list[str]],
        row: int,
    ) -> int:
        colors = style.KIND["database"]
        ident = text(cl.get("DBClusterIdentifier"))
        engine = " ".join(p for p in (text(cl.get("Engine")), text(cl.get("EngineVersion"))) if p)
        flags = ", ".join(f"{s.lower()} {v}" for s, v, _ in db_badges(cl))
        small = style.SIZE["small"]
        label_rows = [
            f'<TR><TD ALIGN="LEFT"><B>Aurora cluster {html_escape(ident)}</B></TD></TR>',
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{small}">{html_escape(engine)}</FONT></TD></TR>',
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{small}">{html_escape(flags)}</FONT></TD></TR>',
        ]
        for key, what in (("Endpoint", "writer endpoint"), ("ReaderEndpoint", "reader endpoint")):
            if text(cl.get(key)):
                label_rows.append(
                    f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{small}">{what}: {html_escape(text(cl.get(key)))}</FONT></TD></TR>'
                )
        box = parent.cluster(
            f"aurora_{ident}",
            label=HTML(
                f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(label_rows)}</TABLE>'
            ),
            style="rounded,filled",
            fillcolor="#F5F8FD",
            color=colors.border,
            fontcolor="#212121",
        )
        members = sorted(
            dicts(cl, "DBClusterMembers"),
            key=lambda m: (
                m.get("IsClusterWriter") is not True,
                text(m.get("DBInstanceIdentifier")),
            ),
        )
        writer_az = ""
        described = []
        for member in members:
            mid = text(member.get("DBInstanceIdentifier"), "?")
            db = by_id.get(mid, {})
            writer = member.get("IsClusterWriter") is True
            az = text(db.get("AvailabilityZone"))
            writer_az = az if writer else writer_az
            lines = [" · ".join(p for p in (text(db.get("DBInstanceClass")), az) if p)]
            if not writer and az and az == writer_az:
                lines.append("same AZ as the writer")
            role = "writer (reads + writes)" if writer else "reader (read replica)"
            box.node(
                f"db:{mid}",
                label=style.node_table(mid, [x for x in lines if x], colors=colors, kind=role),
                fillcolor=colors.fill if writer else "white",
                color=colors.border,
                style="rounded,filled" if writer else "rounded,filled,dashed",
            )
            rows[row].append(f"db:{mid}")
            described.append(f"{mid} {'writer' if writer else 'reader'}{' in ' + az if az else ''}")
        if not members:
            box.node(
                f"aurora_empty:{ident}",
                label="no instances yet: add a writer with rds.create_db_instance(DBClusterIdentifier=...)",
                shape="plaintext",
                style="",
                fontsize=small,
            )
            rows[row].append(f"aurora_empty:{ident}")
        self.alt_parts.append(
            f"Aurora cluster {ident} ({engine}): "
            + (", ".join(described) if described else "no instances")
            + "."
        )
        return row + 1

    def _legend(self) -> HTML:
        entries = []
        if self.buckets:
            entries.append((style.KIND["storage"], "S3 bucket"))
        if self.dbs or self.clusters:
            entries.append(
                (style.KIND["database"], "RDS instance / Aurora writer (dashed: reader)")
            )
        entries += [
            (style.BADGE["good"], "in place"),
            (style.BADGE["warn"], "partial, or worth a look"),
            (style.BADGE["bad"], "missing: a security finding"),
            (style.BADGE["info"], "neutral information"),
        ]
        notes = []
        if len(self.skipped) == 1:
            notes.append(render(msg("Not drawn: {note}", note=self.skipped[0]), self.lang))
        elif self.skipped:
            notes.append(render(msg("Not drawn: {note} (+{more} more)", note=self.skipped[0],
                                    more=len(self.skipped) - 1), self.lang))
        return style.legend(entries, notes=notes, lang=self.lang)


def build(snapshot: Any, lang: str = "en") -> Diagram:
    """The storage view of ``snapshot`` (see the module docstring)."""
    view = _Storage(snapshot, lang)
    dot = view.dot()
    return Diagram(
        dot,
        view="storage",
        title=view.title(),
        alt=view.alt(),
        summary=view.summary(),
        skipped=[render(note, lang) for note in view.skipped],
    )
