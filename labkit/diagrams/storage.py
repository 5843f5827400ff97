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
from collections.abc import Callable
from typing import Any

from ..i18n import Msg, join, msg, render
from ..snapread import Reader, dicts, listed, sub, text
from . import style
from ._dot import HTML, Graph, esc, html_escape
from ._render import Diagram

__all__ = ["build", "bucket_badges", "db_badges"]

_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError)
_BPA_FLAGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
_PER_ROW = 3
# A badge row as the alt text writes it ("multi-az yes, encrypted yes"): the setting in lower case.
_FACT: dict[str, Callable[[Any], Msg]] = {
    "Encryption": lambda value: msg("encryption {value}", value=value),
    "Block Public Access": lambda value: msg("block public access {value}", value=value),
    "Versioning": lambda value: msg("versioning {value}", value=value),
    "Lifecycle": lambda value: msg("lifecycle {value}", value=value),
    "Policy": lambda value: msg("policy {value}", value=value),
    "Multi-AZ": lambda value: msg("multi-az {value}", value=value),
    "Encrypted": lambda value: msg("encrypted {value}", value=value),
    "Public": lambda value: msg("public {value}", value=value),
    "Backups": lambda value: msg("backups {value}", value=value),
    "Deletion protection": lambda value: msg("deletion protection {value}", value=value),
}


def _facts(rows: list[tuple[str, str, str]]) -> Any:
    """"multi-az yes, encrypted yes, public no": badge rows as the alt text writes them."""
    return join(", ", [
        _FACT[setting](value) if setting in _FACT else f"{setting.lower()} {value}"
        for setting, value, _ in rows
    ])


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
    encryption, bpa, versioning = msg("Encryption"), msg("Block Public Access"), msg("Versioning")
    lifecycle_word, policy_word = msg("Lifecycle"), msg("Policy")
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
        rows.append((encryption, value, "good"))
    elif algo == "AES256":
        rows.append((encryption, "SSE-S3", "good"))
    else:
        rows.append((encryption, msg("none"), "bad"))

    pab = sub(bucket, "PublicAccessBlock")
    account = account_bpa if isinstance(account_bpa, dict) else {}
    on = sum(1 for f in _BPA_FLAGS if pab.get(f) is True or account.get(f) is True)
    from_account = on and not any(pab.get(f) is True for f in _BPA_FLAGS)
    if on == 4:
        rows.append((bpa, msg("all 4 on (account)") if from_account else msg("all 4 on"), "good"))
    elif on:
        rows.append((bpa, msg("partial ({on} of 4)", on=on), "warn"))
    else:
        rows.append((bpa, msg("off"), "bad"))

    status = text(sub(bucket, "Versioning").get("Status"), "Disabled")
    if status == "Enabled":
        rows.append((versioning, msg("on"), "good"))
    elif status == "Suspended":
        rows.append((versioning, msg("suspended"), "warn"))
    else:
        rows.append((versioning, msg("off"), "warn"))

    lifecycle = listed(bucket, "LifecycleRules")
    enabled = [r for r in lifecycle if isinstance(r, dict) and r.get("Status") == "Enabled"]
    if lifecycle:
        on_rules, total = len(enabled), len(lifecycle)
        if on_rules == total:
            value = style.count(
                on_rules,
                msg("{count} rule enabled", count=on_rules),
                msg("{count} rules enabled", count=on_rules),
            )
        else:
            value = style.count(
                on_rules,
                msg("{count} rule enabled of {total}", count=on_rules, total=total),
                msg("{count} rules enabled of {total}", count=on_rules, total=total),
            )
        rows.append((lifecycle_word, value, "good" if enabled else "warn"))
    else:
        rows.append((lifecycle_word, msg("none"), "info"))

    stmts = _statements(bucket.get("Policy"))
    if bucket.get("Policy") is not None and not stmts:
        rows.append((policy_word, msg("unreadable"), "warn"))
    elif not stmts:
        rows.append((policy_word, msg("none"), "info"))
    else:
        facts = []
        public = False
        for stmt in stmts:
            keys = _condition_keys(stmt)
            if stmt.get("Effect") == "Deny" and "aws:securetransport" in keys:
                facts.append(msg("TLS only"))
            if stmt.get("Effect") == "Deny" and (
                "aws:sourcevpce" in keys or "aws:sourcevpc" in keys
            ):
                facts.append(msg("VPC endpoint only"))
            principal = stmt.get("Principal")
            anyone = principal == "*" or (
                isinstance(principal, dict)
                and "*" in listed(principal, "AWS") + [principal.get("AWS")]
            )
            if stmt.get("Effect") == "Allow" and anyone and not keys:
                public = True
        if public:
            rows.append((policy_word, msg("allows anyone (public)"), "bad"))
        else:
            value = join(", ", list(dict.fromkeys(facts))) or style.count(
                len(stmts),
                msg("{count} statement", count=len(stmts)),
                msg("{count} statements", count=len(stmts)),
            )
            rows.append((policy_word, value, "good" if facts else "info"))
    return rows


def db_badges(db: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(setting, value, level) rows for one DB instance (or Aurora cluster)."""
    rows: list[tuple[str, str, str]] = []
    yes, no = msg("yes"), msg("no")
    if "MultiAZ" in db:
        multi_az = msg("Multi-AZ")
        rows.append((multi_az, yes, "good") if db.get("MultiAZ") is True else (multi_az, no, "warn"))
    encrypted = msg("Encrypted")
    rows.append((encrypted, yes, "good") if db.get("StorageEncrypted") is True else (encrypted, no, "bad"))
    if "PubliclyAccessible" in db:
        public = msg("Public")
        rows.append((public, yes, "bad") if db.get("PubliclyAccessible") is True else (public, no, "good"))
    days = db.get("BackupRetentionPeriod")
    if isinstance(days, int) and not isinstance(days, bool):
        level = "good" if days >= 7 else ("warn" if days else "bad")
        kept = style.count(days, msg("{count} day", count=days), msg("{count} days", count=days))
        rows.append((msg("Backups"), kept if days else msg("off"), level))
    protection = msg("Deletion protection")
    rows.append(
        (protection, msg("on"), "good")
        if db.get("DeletionProtection") is True
        else (protection, msg("off"), "warn")
    )
    return rows


def _badge_table(
    title: str,
    caption: str,
    lines: list[Any],
    rows: list[tuple[str, str, str]],
    colors: style.Colors,
    lang: str = "en",
) -> HTML:
    small = style.SIZE["small"]
    out = [
        f'<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT POINT-SIZE="{small}" COLOR="{colors.border}">{html_escape(render(caption, lang))}</FONT></TD></TR>',
        f'<TR><TD COLSPAN="2" ALIGN="LEFT"><B>{html_escape(title)}</B></TD></TR>',
    ]
    out += [
        f'<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT POINT-SIZE="{small}">{html_escape(render(line, lang))}</FONT></TD></TR>'
        for line in lines
    ]
    for setting, value, level in rows:
        badge = style.BADGE[level]
        out.append(
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{small}" COLOR="#424242">{html_escape(render(setting, lang))}</FONT></TD>'
            f'<TD ALIGN="LEFT" BGCOLOR="{badge.fill}" COLOR="{badge.border}" BORDER="1" STYLE="rounded">'
            f'<FONT POINT-SIZE="{small}" COLOR="{badge.border}">{html_escape(render(value, lang))}</FONT></TD></TR>'
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
        self.alt_parts: list[Msg] = []

    def _summary(self) -> Msg:
        buckets = len(self.buckets)
        dbs = len([d for d in self.dbs if not text(d.get("DBClusterIdentifier"))])
        clusters = len(self.clusters)
        return join(", ", [
            style.count(buckets, msg("{count} bucket", count=buckets), msg("{count} buckets", count=buckets)),
            style.count(dbs, msg("{count} DB instance", count=dbs), msg("{count} DB instances", count=dbs)),
            style.count(
                clusters,
                msg("{count} Aurora cluster", count=clusters),
                msg("{count} Aurora clusters", count=clusters),
            ),
        ])

    def summary(self) -> str:
        return render(self._summary(), self.lang)

    def title(self) -> str:
        if self.account:
            return render(
                msg("Storage of account {account} — S3 buckets and databases", account=self.account), self.lang
            )
        return render(msg("Storage — S3 buckets and databases"), self.lang)

    def alt(self) -> str:
        if self.account:
            head = msg("Storage diagram of account {account}: {summary}.", account=self.account,
                       summary=self._summary())
        else:
            head = msg("Storage diagram: {summary}.", summary=self._summary())
        if not (self.buckets or self.dbs or self.clusters):
            return render(msg("{head} Nothing to draw yet.", head=head), self.lang)
        return render(join(" ", [head, *self.alt_parts]), self.lang)

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
                    msg("No S3 buckets or databases yet"),
                    [
                        msg("Create a bucket with s3.create_bucket(Bucket='my-bucket',"),
                        "    CreateBucketConfiguration={'LocationConstraint': 'ap-northeast-2'})",
                        msg("and draw again."),
                        *self.skipped[:3],
                    ],
                    self.lang,
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
        words = {4: msg("all 4 on"), 0: msg("off")}.get(on) or msg("partial ({on} of 4)", on=on)
        self.alt_parts.append(msg("Account-wide Block Public Access: {setting}.", setting=words))
        small = style.SIZE["small"]
        account_line = render(msg("account-wide Block Public Access: {setting}", setting=words), self.lang)
        cluster = g.cluster(
            "s3",
            label=HTML(
                f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1"><TR><TD ALIGN="LEFT"><B>Amazon S3 · '
                f"{html_escape(style.term('Buckets', self.lang))}</B></TD></TR>"
                f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{small}">'
                f"{html_escape(account_line)}</FONT></TD></TR></TABLE>"
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
            lines = [msg("region {region}", region=text(bucket.get("Region")))] if text(bucket.get("Region")) else []
            node_id = f"bucket:{name}"
            cluster.node(
                node_id,
                label=_badge_table(name, msg("S3 bucket"), lines, badges, colors, self.lang),
                fillcolor=colors.fill,
                color=colors.border,
            )
            rows[index // _PER_ROW].append(node_id)
            self.alt_parts.append(msg("Bucket {name}: {facts}.", name=name, facts=_facts(badges)))

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
            lines: list[Any] = [" · ".join(p for p in (engine, text(db.get("DBInstanceClass"))) if p)]
            az = text(db.get("AvailabilityZone"))
            if az:
                standby = text(db.get("SecondaryAvailabilityZone"))
                lines.append(
                    msg("primary in {az}, standby in {standby}", az=az, standby=standby)
                    if standby
                    else msg("primary in {az}", az=az)
                )
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
                label=_badge_table(ident, msg("RDS DB instance"), lines, badges, colors, self.lang),
                fillcolor=colors.fill,
                color=colors.border,
            )
            row = index // _PER_ROW
            rows[row].append(node_id)
            self.alt_parts.append(msg("DB instance {id}: {facts}.", id=ident, facts=_facts(badges)))
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
        lang = self.lang
        flags = render(_facts(db_badges(cl)), lang)
        small = style.SIZE["small"]
        label_rows = [
            f'<TR><TD ALIGN="LEFT"><B>{html_escape(render(msg("Aurora cluster {id}", id=ident), lang))}</B></TD></TR>',
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{small}">{html_escape(engine)}</FONT></TD></TR>',
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{small}">{html_escape(flags)}</FONT></TD></TR>',
        ]
        endpoints = (
            ("Endpoint", lambda address: msg("writer endpoint: {address}", address=address)),
            ("ReaderEndpoint", lambda address: msg("reader endpoint: {address}", address=address)),
        )
        for key, line in endpoints:
            if text(cl.get(key)):
                label_rows.append(
                    f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{small}">'
                    f"{html_escape(render(line(text(cl.get(key))), lang))}</FONT></TD></TR>"
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
        described: list[Msg] = []
        for member in members:
            mid = text(member.get("DBInstanceIdentifier"), "?")
            db = by_id.get(mid, {})
            writer = member.get("IsClusterWriter") is True
            az = text(db.get("AvailabilityZone"))
            writer_az = az if writer else writer_az
            lines: list[Any] = [" · ".join(p for p in (text(db.get("DBInstanceClass")), az) if p)]
            if not writer and az and az == writer_az:
                lines.append(msg("same AZ as the writer"))
            role = msg("writer (reads + writes)") if writer else msg("reader (read replica)")
            box.node(
                f"db:{mid}",
                label=style.node_table(mid, [x for x in lines if x], colors=colors, kind=role, lang=lang),
                fillcolor=colors.fill if writer else "white",
                color=colors.border,
                style="rounded,filled" if writer else "rounded,filled,dashed",
            )
            rows[row].append(f"db:{mid}")
            if writer:
                described.append(msg("{id} writer in {az}", id=mid, az=az) if az else msg("{id} writer", id=mid))
            else:
                described.append(msg("{id} reader in {az}", id=mid, az=az) if az else msg("{id} reader", id=mid))
        if not members:
            box.node(
                f"aurora_empty:{ident}",
                label=render(
                    msg("no instances yet: add a writer with rds.create_db_instance(DBClusterIdentifier=...)"), lang
                ),
                shape="plaintext",
                style="",
                fontsize=small,
            )
            rows[row].append(f"aurora_empty:{ident}")
        self.alt_parts.append(msg(
            "Aurora cluster {id} ({engine}): {members}.",
            id=ident, engine=engine, members=join(", ", described) if described else msg("no instances"),
        ))
        return row + 1

    def _legend(self) -> HTML:
        entries = []
        if self.buckets:
            entries.append((style.KIND["storage"], msg("S3 bucket")))
        if self.dbs or self.clusters:
            entries.append(
                (style.KIND["database"], msg("RDS instance / Aurora writer (dashed: reader)"))
            )
        entries += [
            (style.BADGE["good"], msg("in place")),
            (style.BADGE["warn"], msg("partial, or worth a look")),
            (style.BADGE["bad"], msg("missing: a security finding")),
            (style.BADGE["info"], msg("neutral information")),
        ]
        return style.legend(entries, notes=style.not_drawn(self.skipped, self.lang), lang=self.lang)


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
