"""The ``iam`` view: who is who (users, groups, roles), what they may do (policies),
and who may become a role (trust relationships).

Read left to right: principals on the left (users, and whoever a role's trust
policy lets in: AWS services, accounts, identity providers), then groups and
roles, then the policies attached to them. A principal from another account is
drawn in vermillion with a thick border and the words "other account", so the
cross-account trust of ``iam.cross_account_role`` stands out.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from ..i18n import Msg, join, msg, render
from ..snapread import Reader, listed, text
from . import style
from ._dot import HTML, Graph, esc, html_escape
from ._render import Diagram

__all__ = ["build", "trusted_principals"]

_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError)
_MAX_ACTIONS = 4


def _doc(value: Any) -> dict[str, Any]:
    """A policy document as a dict (JSON text accepted), else {}."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def _statements(doc: Any) -> list[dict[str, Any]]:
    stmts = _doc(doc).get("Statement")
    if isinstance(stmts, dict):
        stmts = [stmts]
    return [s for s in stmts if isinstance(s, dict)] if isinstance(stmts, list) else []


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _inline_names(item: dict[str, Any]) -> list[str]:
    inline = item.get("InlinePolicies")
    return sorted(k for k in inline if isinstance(k, str)) if isinstance(inline, dict) else []


def _account_of(principal: str) -> str:
    if principal.isdigit() and len(principal) == 12:
        return principal
    parts = principal.split(":")
    return parts[4] if len(parts) > 5 and parts[0] == "arn" else ""


def trusted_principals(role: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    """(kind, principal, condition keys) for every principal a role's trust policy lets in.

    Kinds: "Service", "AWS", "Federated", "CanonicalUser", "*".

    Example:
        >>> role = {"AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow",
        ...     "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}
        >>> trusted_principals(role)
        [('Service', 'ec2.amazonaws.com', [])]
    """
    out: list[tuple[str, str, list[str]]] = []
    for stmt in _statements(role.get("AssumeRolePolicyDocument")):
        if stmt.get("Effect") != "Allow":
            continue
        actions = [a.lower() for a in _as_list(stmt.get("Action"))]
        if actions and not any(
            a in ("*", "sts:*") or a.startswith("sts:assumerole") for a in actions
        ):
            continue
        condition = stmt.get("Condition")
        keys = sorted(
            {k for ops in condition.values() if isinstance(ops, dict) for k in ops}
            if isinstance(condition, dict)
            else set()
        )
        principal = stmt.get("Principal")
        if principal == "*":
            out.append(("*", "*", keys))
        elif isinstance(principal, dict):
            for kind in sorted(principal):
                for value in _as_list(principal[kind]):
                    out.append(("*" if value == "*" else kind, value, keys))
    return out


def _summary_of(doc: Any) -> tuple[list[Msg], bool]:
    """Short lines describing a policy document, and whether it grants everything."""
    lines: list[Msg] = []
    admin = False
    stmts = _statements(doc)
    for stmt in stmts[:3]:
        effect = text(stmt.get("Effect"), "?")
        actions: list[Any] = _as_list(stmt.get("Action")) or [
            msg("not {action}", action=a) for a in _as_list(stmt.get("NotAction"))
        ]
        resources: list[Any] = _as_list(stmt.get("Resource")) or [
            msg("not {resource}", resource=r) for r in _as_list(stmt.get("NotResource"))
        ]
        if effect == "Allow" and "*" in actions and "*" in resources and not stmt.get("Condition"):
            admin = True
        shown = join(", ", actions[:_MAX_ACTIONS])
        if len(actions) > _MAX_ACTIONS:
            shown = msg("{actions} …", actions=shown)
        where = resources[0] if len(resources) == 1 else msg("{count} resources", count=len(resources))
        facts = {"effect": effect, "actions": shown or "?", "resource": where or "?"}
        if stmt.get("Condition"):
            lines.append(msg("{effect} {actions} on {resource} (if …)", **facts))
        else:
            lines.append(msg("{effect} {actions} on {resource}", **facts))
    if len(stmts) > 3:
        lines.append(msg("… and {count} more statements", count=len(stmts) - 3))
    if not stmts:
        lines.append(msg("no statements"))
    return lines, admin


class _IAM:
    def __init__(self, snapshot: Any, lang: str) -> None:
        self.lang = lang
        self.r = Reader(snapshot)
        self.skipped = self.r.skipped
        self.account = self.r.account()
        self.users = [u for u in self.r.items("iam", "users") if text(u.get("UserName"))]
        self.groups = [g for g in self.r.items("iam", "groups") if text(g.get("GroupName"))]
        self.roles = [r for r in self.r.items("iam", "roles") if text(r.get("RoleName"))]
        self.policies = [p for p in self.r.items("iam", "policies") if text(p.get("PolicyName"))]
        self.profiles = self.r.items("iam", "instance_profiles", optional=True)
        self.cross: list[Msg] = []
        self.trust_text: list[Msg] = []

    def _summary(self) -> Msg:
        users, groups, roles, policies = (
            len(self.users), len(self.groups), len(self.roles), len(self.policies)
        )
        return join(", ", [
            style.count(users, msg("{count} user", count=users), msg("{count} users", count=users)),
            style.count(groups, msg("{count} group", count=groups), msg("{count} groups", count=groups)),
            style.count(roles, msg("{count} role", count=roles), msg("{count} roles", count=roles)),
            style.count(
                policies, msg("{count} policy", count=policies), msg("{count} policies", count=policies)
            ),
        ])

    def summary(self) -> str:
        return render(self._summary(), self.lang)

    def title(self) -> str:
        if self.account:
            title = msg("IAM of account {account} — users, groups, roles and policies", account=self.account)
        else:
            title = msg("IAM — users, groups, roles and policies")
        return render(title, self.lang)

    def alt(self) -> str:
        account = self.account
        if not (self.users or self.groups or self.roles or self.policies):
            if account:
                empty = msg("IAM diagram of account {account}: no users, groups, roles or customer "
                            "policies yet.", account=account)
            else:
                empty = msg("IAM diagram: no users, groups, roles or customer policies yet.")
            return render(empty, self.lang)
        parts: list[Any] = [
            msg("IAM diagram of account {account}: {summary}.", account=account, summary=self._summary())
            if account
            else msg("IAM diagram: {summary}.", summary=self._summary())
        ]
        for group in self.groups:
            members = ", ".join(text(m) for m in listed(group, "Members"))
            attached = ", ".join(self._policy_name(text(a)) for a in listed(group, "AttachedPolicies"))
            facts = {"group": text(group.get("GroupName")), "members": members, "policies": attached}
            if members and attached:
                parts.append(msg("Group {group} has {members} and policy {policies}.", **facts))
            elif members:
                parts.append(msg("Group {group} has {members}.", **facts))
            elif attached:
                parts.append(msg("Group {group} has no members and policy {policies}.", **facts))
            else:
                parts.append(msg("Group {group} has no members.", **facts))
        for role in self.roles:
            attached = ", ".join(self._policy_name(text(a)) for a in listed(role, "AttachedPolicies"))
            if attached:
                parts.append(
                    msg("Role {role} has policy {policies}.", role=text(role.get("RoleName")), policies=attached)
                )
        parts.extend(self.trust_text)
        if self.cross:
            parts.append(msg("Cross-account trust: {items}.", items=join("; ", self.cross)))
        return render(join(" ", parts), self.lang)

    def _policy_name(self, arn: str) -> str:
        for pol in self.policies:
            if text(pol.get("Arn")) == arn:
                return text(pol.get("PolicyName"))
        return arn.rsplit("/", 1)[-1] or arn

    def dot(self) -> str:
        lang = self.lang
        g = Graph(
            "iam",
            attrs=style.graph_defaults(self.title(), rankdir="LR", ranksep="0.9", nodesep="0.25"),
            node_defaults=style.NODE_DEFAULTS,
            edge_defaults=style.EDGE_DEFAULTS,
        )
        if not (self.users or self.groups or self.roles or self.policies):
            g.node(
                "empty",
                label=style.message_node(
                    msg("No IAM users, groups, roles or customer policies yet"),
                    [
                        msg("Create one with iam.create_user(UserName='alice')"),
                        msg("and draw again."),
                        *self.skipped[:3],
                    ],
                    lang,
                ),
                fillcolor=style.KIND["note"].fill,
                color=style.KIND["note"].border,
            )
            return g.source()

        columns: dict[int, list[str]] = defaultdict(list)
        left_users = g.cluster("users", **self._box(style.term("Users", lang), "user"))
        principals = g.cluster(
            "principals", **self._box(style.term("Trusted principals", lang), "service")
        )
        groups = g.cluster("groups", **self._box(style.term("Groups", lang), "group"))
        roles = g.cluster("roles", **self._box(style.term("Roles", lang), "role"))
        policies = g.cluster("policies", **self._box(style.term("Policies", lang), "policy"))
        edges: list[tuple[str, str, dict[str, Any]]] = []
        kinds_used: set[str] = set()
        policy_nodes: dict[str, str] = {}

        def policy_node(arn: str) -> str:
            if arn in policy_nodes:
                return policy_nodes[arn]
            node_id = f"policy:{arn}"
            policy_nodes[arn] = node_id
            if ":aws:policy/" in arn:
                kinds_used.add("managed")
                colors = style.KIND["managed"]
                policies.node(
                    node_id,
                    label=style.node_table(
                        arn.rsplit("/", 1)[-1], [], colors=colors, kind=msg("AWS-managed policy"), lang=lang
                    ),
                    fillcolor=colors.fill,
                    color=colors.border,
                )
            else:
                colors = style.KIND["policy"]
                policies.node(
                    node_id,
                    label=style.node_table(
                        arn.rsplit("/", 1)[-1] or arn,
                        [msg("(not in snapshot)")],
                        colors=colors,
                        kind=msg("policy"),
                        lang=lang,
                    ),
                    fillcolor=colors.fill,
                    color=colors.border,
                    style="rounded,dashed",
                )
            columns[2].append(node_id)
            return node_id

        def principal_node(
            cluster: Any, node_id: str, name: str, lines: list[Any], kind: str,
            badges: Any = None,
        ) -> None:
            """A user, group or role box in the middle column (one look for all three)."""
            colors = style.KIND[kind]
            kinds_used.add(kind)
            cluster.node(
                node_id,
                label=style.node_table(
                    name, lines, colors=colors, kind=style.term(kind.capitalize(), self.lang),
                    badges=badges, lang=lang,
                ),
                fillcolor=colors.fill,
                color=colors.border,
            )

        def attach_edges(node_id: str, item: dict[str, Any]) -> None:
            for arn in listed(item, "AttachedPolicies"):
                edges.append(
                    (
                        node_id,
                        policy_node(text(arn)),
                        {"color": style.EDGE["attach"], "label": render(msg("attached"), lang)},
                    )
                )

        for pol in self.policies:
            try:
                arn = text(pol.get("Arn")) or f"local:{text(pol.get('PolicyName'))}"
                lines, admin = _summary_of(pol.get("Document"))
                count = pol.get("AttachmentCount")
                if isinstance(count, int):
                    lines.append(style.count(
                        count, msg("attached {count} time", count=count), msg("attached {count} times", count=count)
                    ))
                policy_badges = [(msg("full admin (* on *)"), "bad")] if admin else None
                colors = style.KIND["policy"]
                node_id = f"policy:{arn}"
                policy_nodes[arn] = node_id
                kinds_used.add("policy")
                policies.node(
                    node_id,
                    label=style.node_table(
                        text(pol.get("PolicyName")),
                        lines,
                        colors=colors,
                        kind=msg("customer-managed policy"),
                        badges=policy_badges,
                        lang=lang,
                    ),
                    fillcolor=colors.fill,
                    color=colors.border,
                )
                columns[2].append(node_id)
            except _ERRORS as err:
                self.skipped.append(
                    msg("policy {name}: {error}", name=text(pol.get("PolicyName"), "?"),
                        error=f"{type(err).__name__}: {err}")
                )

        for user in self.users:
            try:
                name = text(user.get("UserName"))
                node_id = f"user:{name}"
                lines: list[Any] = []
                if _inline_names(user):
                    lines.append(msg("inline: {names}", names=", ".join(_inline_names(user))))
                access_keys = [k for k in listed(user, "AccessKeys") if isinstance(k, dict)]
                badges: list[tuple[str, str]] = []
                mfa = listed(user, "MFADevices")
                console = user.get("ConsoleAccess") is True
                if console:
                    badges.append((msg("console"), "info"))
                    badges.append((msg("MFA on"), "good") if mfa else (msg("no MFA"), "warn"))
                elif mfa:
                    badges.append((msg("MFA on"), "good"))
                if access_keys:
                    keys = len(access_keys)
                    badges.append(
                        (
                            style.count(
                                keys, msg("{count} access key", count=keys), msg("{count} access keys", count=keys)
                            ),
                            "warn" if len(access_keys) > 1 else "info",
                        )
                    )
                principal_node(left_users, node_id, name, lines, "user", badges or None)
                columns[0].append(node_id)
                for group in listed(user, "Groups"):
                    edges.append(
                        (
                            node_id,
                            f"group:{text(group)}",
                            {"color": style.EDGE["member"], "label": render(msg("member of"), lang)},
                        )
                    )
                attach_edges(node_id, user)
            except _ERRORS as err:
                self.skipped.append(
                    msg("user {name}: {error}", name=text(user.get("UserName"), "?"),
                        error=f"{type(err).__name__}: {err}")
                )

        for group in self.groups:
            try:
                name = text(group.get("GroupName"))
                node_id = f"group:{name}"
                members = [text(m) for m in listed(group, "Members")]
                lines = [style.count(
                    len(members),
                    msg("{count} member", count=len(members)),
                    msg("{count} members", count=len(members)),
                )]
                if _inline_names(group):
                    lines.append(msg("inline: {names}", names=", ".join(_inline_names(group))))
                principal_node(groups, node_id, name, lines, "group")
                columns[1].append(node_id)
                attach_edges(node_id, group)
                known_members = {text(u.get("UserName")) for u in self.users}
                for member in members:
                    user_groups = next(
                        (
                            listed(u, "Groups")
                            for u in self.users
                            if text(u.get("UserName")) == member
                        ),
                        [],
                    )
                    # Membership is listed on both sides; draw it once (from the user's side if known).
                    if member not in known_members or name not in user_groups:
                        edges.append(
                            (
                                f"user:{member}",
                                node_id,
                                {"color": style.EDGE["member"], "label": render(msg("member of"), lang)},
                            )
                        )
            except _ERRORS as err:
                self.skipped.append(
                    msg("group {name}: {error}", name=text(group.get("GroupName"), "?"),
                        error=f"{type(err).__name__}: {err}")
                )

        profiles_of: dict[str, list[str]] = defaultdict(list)
        for prof in self.profiles:
            for role_name in listed(prof, "Roles"):
                profiles_of[text(role_name)].append(text(prof.get("InstanceProfileName")))
        principal_ids: set[str] = set()
        for role in self.roles:
            try:
                name = text(role.get("RoleName"))
                node_id = f"role:{name}"
                lines = []
                session = role.get("MaxSessionDuration")
                if isinstance(session, int):
                    lines.append(msg("max session {seconds} s", seconds=session))
                if profiles_of.get(name):
                    lines.append(msg("instance profile: {names}", names=", ".join(sorted(profiles_of[name]))))
                if _inline_names(role):
                    lines.append(msg("inline: {names}", names=", ".join(_inline_names(role))))
                boundary = role.get("PermissionsBoundary")
                if isinstance(boundary, dict) and text(boundary.get("PermissionsBoundaryArn")):
                    lines.append(msg(
                        "boundary: {policy}",
                        policy=text(boundary.get("PermissionsBoundaryArn")).rsplit("/", 1)[-1],
                    ))
                principal_node(roles, node_id, name, lines, "role")
                columns[1].append(node_id)
                attach_edges(node_id, role)
                for kind, principal, keys in trusted_principals(role):
                    edges.append(
                        self._trust(
                            principals,
                            node_id,
                            name,
                            kind,
                            principal,
                            keys,
                            principal_ids,
                            kinds_used,
                        )
                    )
            except _ERRORS as err:
                self.skipped.append(
                    msg("role {name}: {error}", name=text(role.get("RoleName"), "?"),
                        error=f"{type(err).__name__}: {err}")
                )
        for pid in sorted(principal_ids):
            if not pid.startswith(("user:", "role:")):
                columns[0].append(pid)

        for tail, head, attrs in edges:
            if g.has_node(tail) and g.has_node(head):
                g.edge(tail, head, **attrs)
            else:
                missing = head if not g.has_node(head) else tail
                self.skipped.append(
                    msg("{name}: referenced but not in the snapshot", name=missing.split(":", 1)[-1])
                )
        for col, members in sorted(columns.items()):
            if members:
                g.group(f"col{col}", rank="same")._body.append(
                    " ".join(f"{esc(m)};" for m in members)
                )
        g.node("legend", label=self._legend(kinds_used), shape="plaintext", style="")
        if columns.get(2):
            g.edge(columns[2][-1], "legend", style="invis")
        return g.source()

    def _box(self, label: str, kind: str) -> dict[str, Any]:
        colors = style.KIND[kind]
        return {
            "label": HTML(f"<B>{html_escape(label)}</B>"),
            "style": "rounded",
            "color": colors.border,
            "fontcolor": colors.border,
            "margin": "10",
        }

    def _trust(
        self,
        principals: Graph,
        role_node: str,
        role_name: str,
        kind: str,
        principal: str,
        keys: list[str],
        principal_ids: set[str],
        kinds_used: set[str],
    ) -> tuple[str, str, dict[str, Any]]:
        conditions = ", ".join(keys)
        label = msg("may assume if {keys}", keys=conditions) if keys else msg("may assume")
        edge = {"color": style.EDGE["trust"], "label": render(label, self.lang), "style": "bold"}
        account = _account_of(principal) if kind == "AWS" else ""
        if kind == "AWS" and account == self.account and self.account:
            resource = principal.split(":", 5)[-1]
            if resource.startswith("user/"):
                self.trust_text.append(msg("User {user} may assume role {role}.", user=resource[5:], role=role_name))
                return (f"user:{resource.rsplit('/', 1)[-1]}", role_node, edge)
            if resource.startswith("role/"):
                self.trust_text.append(
                    msg("Role {other} may assume role {role}.", other=resource[5:], role=role_name)
                )
                return (f"role:{resource.rsplit('/', 1)[-1]}", role_node, edge)
        node_id = f"principal:{kind}:{principal}"
        principal_ids.add(node_id)
        title: Any = principal
        if kind == "AWS" and (principal.endswith(":root") or principal == account):
            title = msg("account {account}", account=account)
        caption: Any
        if kind == "Service":
            colors, caption = style.KIND["service"], msg("AWS service")
            kinds_used.add("service")
        elif kind == "*":
            colors, caption, title = style.BADGE["bad"], msg("anyone"), msg("* (every principal)")
            edge["color"] = style.BADGE["bad"].border
        elif kind == "AWS" and account and account != self.account:
            colors = style.CROSS_ACCOUNT
            caption = msg("{other_account} (cross-account)", other_account=style.CROSS_ACCOUNT.word)
            edge["color"] = style.CROSS_ACCOUNT.border
            edge["fontcolor"] = style.CROSS_ACCOUNT.border
            edge["penwidth"] = "2.2"
            kinds_used.add("cross")
            self.cross.append(
                msg("{principal} may assume {role} if {keys}", principal=title, role=role_name, keys=conditions)
                if keys
                else msg("{principal} may assume {role}", principal=title, role=role_name)
            )
        elif kind == "AWS":
            colors, caption = style.KIND["external"], msg("this account")
        else:
            colors, caption = style.KIND["external"], msg("{kind} principal", kind=kind)
        principals.node(
            node_id,
            label=style.node_table(title, [], colors=colors, kind=caption, lang=self.lang),
            fillcolor=colors.fill,
            color=colors.border,
            penwidth="2.2" if colors is style.CROSS_ACCOUNT else None,
        )
        facts = {"principal": title, "kind": caption, "role": role_name, "keys": conditions}
        self.trust_text.append(
            msg("{principal} ({kind}) may assume role {role} if {keys}.", **facts)
            if keys
            else msg("{principal} ({kind}) may assume role {role}.", **facts)
        )
        return (node_id, role_node, edge)

    def _legend(self, kinds_used: set[str]) -> HTML:
        entries = [
            (style.KIND[k], style.KIND[k].word)
            for k in ("user", "group", "role", "policy", "managed", "service")
            if k in kinds_used
        ]
        if "cross" in kinds_used:
            entries.append((style.CROSS_ACCOUNT, msg("principal from another AWS account")))
        edges = [
            (style.EDGE["member"], "solid", msg("user is a member of the group")),
            (style.EDGE["attach"], "solid", msg("policy attached (grants what it allows)")),
            (style.EDGE["trust"], "bold", msg("trust policy: may assume the role (sts:AssumeRole)")),
        ]
        notes = style.not_drawn(self.skipped, self.lang)
        return style.legend(entries, edges=edges, notes=notes, lang=self.lang)


def build(snapshot: Any, lang: str = "en") -> Diagram:
    """The IAM view of ``snapshot`` (see the module docstring)."""
    view = _IAM(snapshot, lang)
    dot = view.dot()
    return Diagram(
        dot,
        view="iam",
        title=view.title(),
        alt=view.alt(),
        summary=view.summary(),
        skipped=[render(note, lang) for note in view.skipped],
    )
