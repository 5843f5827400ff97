"""The ``serverless`` view: API Gateway REST APIs → their Lambda integrations → what each
function reaches (DynamoDB tables, SQS queues, Kinesis streams), as the seed's serverless
pattern draws it, from the account's snapshot.

Left to right: clients, one box per REST API with a node per method (``GET
/users/{userId}``), the Lambda functions, then the tables, queues and streams. Edges:

- **integration** (API method → function): read from ``methodIntegration.uri``
  (``arn:aws:apigateway:…:lambda:path/2015-03-31/functions/<function ARN>/invocations``),
  labelled with its type (``AWS_PROXY``). The method node says whether the function's
  resource policy lets API Gateway invoke it (``lambda.add_permission``), decided by
  evaluating that policy for ``apigateway.amazonaws.com`` with the method's
  ``execute-api`` source ARN;
- **event source mapping** (queue, stream or table stream → function): Lambda's poller
  reads the source and invokes the function (batch size; "disabled" when off). The
  label warns when the role lacks the actions the poller needs;
- **the role may call** (function → resource): each function's execution role —
  inline policies, customer-managed policies with their documents, permissions
  boundary — is asked, with :func:`labkit.iam.evaluate`, about a few actions on every
  table, queue and stream of the snapshot; the edge names what is allowed (``GetItem``;
  "read · write" for a whole group). AWS-managed policies are not in the snapshot: the
  function node lists them as not evaluated, and nothing is guessed from their names;
- **dead letters** (queue → its dead-letter queue, from ``RedrivePolicy``).

Only what the snapshot says is drawn; nothing is inferred from names or environment
variables (a function's ``QUEUE_URL`` is not a permission).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from ..errors import LabkitError
from ..i18n import Msg, join, msg, render
from ..iam import evaluate
from ..snapread import Reader, dicts, listed, num, sub, text
from . import style
from ._dot import HTML, Graph, esc, html_escape
from ._render import Diagram

__all__ = ["build", "function_of_uri", "PROBES"]

_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError)
_LAMBDA_URI = re.compile(
    r":lambda:path/[^/]+/functions/(arn:[^:/]+:lambda:[^:/]*:[^:/]*:function:[^:/]+)(?::[^/]+)?/invocations"
)
_FUNCTION_ARN = re.compile(r"^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$")

# Actions asked of each role, per kind of resource, in groups: a fully allowed group of
# more than two actions is written as its word, otherwise the actions are named.
PROBES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "table": (
        (msg("read"), ("dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchGetItem")),
        (msg("write"), ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem")),
    ),
    "queue": (
        (msg("send"), ("sqs:SendMessage",)),
        (msg("receive & delete"), ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes")),
    ),
    "stream": (
        (msg("write"), ("kinesis:PutRecord", "kinesis:PutRecords")),
        (msg("read"), ("kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream")),
    ),
}
# What Lambda's poller needs from the function's role to read each kind of event source.
_POLLER = {
    "queue": ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
    "stream": ("kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream"),
    "table": ("dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream"),
}
_EMPTY_HINT = [
    msg("Build the seed's pattern: apigateway.create_rest_api(name='users-api'),"),
    msg("a Lambda function (lambda.create_function) behind a Lambda proxy integration"),
    msg("(apigateway.put_integration(type='AWS_PROXY', ...)), a DynamoDB table,"),
    msg("an SQS queue or a Kinesis stream; then draw again."),
]


def function_of_uri(uri: Any) -> str:
    """The function ARN (without qualifier) a Lambda integration URI invokes, or "".

    Example:
        >>> function_of_uri("arn:aws:apigateway:ap-northeast-2:lambda:path/2015-03-31/functions/"
        ...                 "arn:aws:lambda:ap-northeast-2:123456789012:function:get-user:live/invocations")
        'arn:aws:lambda:ap-northeast-2:123456789012:function:get-user'
    """
    match = _LAMBDA_URI.search(text(uri))
    return match.group(1) if match else ""


def _function_name(arn: str) -> str:
    match = _FUNCTION_ARN.match(arn)
    return match.group(1) if match else ""


def _has_doc(doc: Any) -> bool:
    return isinstance(doc, (dict, str)) and bool(doc)


class _Serverless:
    def __init__(self, snapshot: Any, lang: str) -> None:
        self.lang = lang
        self.r = Reader(snapshot)
        self.skipped = self.r.skipped
        self.account = self.r.account()
        self.region = self.r.region()
        self.apis = [a for a in self.r.items("apigateway", "rest_apis") if text(a.get("name")) or text(a.get("id"))]
        self.functions = [f for f in self.r.items("lambda", "functions") if text(f.get("FunctionName"))]
        self.mappings = self.r.items("lambda", "event_source_mappings")
        self.roles = [r for r in self.r.items("iam", "roles") if text(r.get("RoleName"))]
        self.policies = self.r.items("iam", "policies")
        self.tables = [t for t in self.r.items("dynamodb", "tables") if text(t.get("TableName"))]
        self.queues = [q for q in self.r.items("sqs", "queues") if text(q.get("QueueName"))]
        self.streams = [s for s in self.r.items("kinesis", "streams") if text(s.get("StreamName"))]
        self.sentences: list[Msg] = []
        self.kinds_used: set[str] = set()
        self.edge_kinds: set[str] = set()

    # -- words ------------------------------------------------------------------
    def _summary(self) -> Msg:
        apis, functions, tables, queues, streams = (
            len(self.apis), len(self.functions), len(self.tables), len(self.queues), len(self.streams)
        )
        return join(", ", [
            style.count(apis, msg("{count} REST API", count=apis), msg("{count} REST APIs", count=apis)),
            style.count(
                functions, msg("{count} function", count=functions), msg("{count} functions", count=functions)
            ),
            style.count(tables, msg("{count} table", count=tables), msg("{count} tables", count=tables)),
            style.count(queues, msg("{count} queue", count=queues), msg("{count} queues", count=queues)),
            style.count(streams, msg("{count} stream", count=streams), msg("{count} streams", count=streams)),
        ])

    def summary(self) -> str:
        return render(self._summary(), self.lang)

    def title(self) -> str:
        where = join(" · ", [p for p in (
            msg("account {account}", account=self.account) if self.account else "",
            style.region_name(self.region, self.lang) if self.region else "",
        ) if p])
        name = style.term("Serverless", self.lang)
        return render(msg("{view} — {where}", view=name, where=where), self.lang) if where else name

    def empty(self) -> bool:
        return not (self.apis or self.functions or self.tables or self.queues or self.streams)

    def alt(self) -> str:
        if self.account:
            head = msg("Serverless diagram of account {account}: {summary}.", account=self.account,
                       summary=self._summary())
        else:
            head = msg("Serverless diagram: {summary}.", summary=self._summary())
        if self.empty():
            return render(msg("{head} Nothing to draw yet.", head=head), self.lang)
        return render(join(" ", [head, *self.sentences]), self.lang)

    # -- permissions ----------------------------------------------------------------
    def _role_policies(self, role: dict[str, Any]) -> tuple[list[Any], Any, list[str], list[str]]:
        """(identity policy documents, boundary document or None, AWS-managed names, unreadable ARNs)."""
        documents = {text(p.get("Arn")): p.get("Document") for p in self.policies}
        docs = [doc for _, doc in sorted(sub(role, "InlinePolicies").items()) if _has_doc(doc)]
        managed: list[str] = []
        missing: list[str] = []
        for arn in listed(role, "AttachedPolicies"):
            arn = text(arn)
            if _has_doc(documents.get(arn)):
                docs.append(documents[arn])
            elif ":aws:policy/" in arn:
                managed.append(arn.rsplit("/", 1)[-1])
            elif arn:
                missing.append(arn.rsplit("/", 1)[-1])
        boundary_arn = text(sub(role, "PermissionsBoundary").get("PermissionsBoundaryArn"))
        boundary = documents.get(boundary_arn) if boundary_arn else None
        return docs, boundary, managed, missing

    def _allowed(self, docs: list[Any], boundary: Any, caller: str, actions: tuple[str, ...],
                 resource: str, resource_policy: Any = None) -> list[str]:
        out = []
        for action in actions:
            try:
                decision = evaluate(docs, action, resource, principal=caller, permissions_boundary=boundary,
                                    resource_policy=resource_policy if _has_doc(resource_policy) else None)
            except LabkitError:
                # A resource policy that does not parse grants nothing; retry without it.
                if resource_policy is None:
                    raise
                decision = evaluate(docs, action, resource, principal=caller, permissions_boundary=boundary)
            if decision.decision == "allowed":
                out.append(action)
        return out

    @staticmethod
    def _label(kind: str, allowed: list[str]) -> Any:
        parts: list[Any] = []
        for word, actions in PROBES[kind]:
            got = [a for a in actions if a in allowed]
            if not got:
                continue
            if len(got) == len(actions) and len(actions) > 2:
                parts.append(word)
            else:
                parts.append(", ".join(a.split(":", 1)[1] for a in got))
        return join(" · ", parts)

    # -- drawing ----------------------------------------------------------------------
    def dot(self) -> str:
        g = Graph(
            "serverless",
            attrs=style.graph_defaults(self.title(), rankdir="LR", ranksep="1.0", nodesep="0.3"),
            node_defaults=style.NODE_DEFAULTS,
            edge_defaults=style.EDGE_DEFAULTS,
        )
        if self.empty():
            g.node(
                "empty",
                label=style.message_node(
                    msg("No REST APIs, Lambda functions, tables, queues or streams yet"),
                    [*_EMPTY_HINT, *self.skipped[:3]],
                    self.lang,
                ),
                fillcolor=style.KIND["note"].fill,
                color=style.KIND["note"].border,
            )
            return g.source()
        columns: dict[int, list[str]] = defaultdict(list)
        edges: list[tuple[str, str, dict[str, Any]]] = []
        targets = self._data(g, columns)
        functions = self._functions(g, columns)
        self._apis(g, columns, functions, edges)
        self._mappings(g, columns, functions, targets, edges)
        self._permissions(functions, targets, edges)
        self._dead_letters(targets, edges)
        for tail, head, attrs in edges:
            if g.has_node(tail) and g.has_node(head):
                g.edge(tail, head, **attrs)
        for col, members in sorted(columns.items()):
            if members:
                g.group(f"col{col}", rank="same")._body.append(" ".join(f"{esc(m)};" for m in members))
        g.node("legend", label=self._legend(), shape="plaintext", style="")
        last = max((c for c, m in columns.items() if m), default=None)
        if last is not None:
            g.edge(columns[last][-1], "legend", style="invis")
        return g.source()

    def _box(self, g: Graph, key: str, label: str, kind: str) -> Graph:
        colors = style.KIND[kind]
        return g.cluster(
            key,
            label=HTML(f"<B>{html_escape(label)}</B>"),
            style="rounded",
            color=colors.border,
            fontcolor=colors.border,
            margin="10",
        )

    def _node(self, g: Graph, node_id: str, title: str, lines: list[Any], kind: str, caption: str,
              badges: list[tuple[str, str]] | None = None, **attrs: Any) -> None:
        colors = style.KIND[kind]
        self.kinds_used.add(kind)
        g.node(
            node_id,
            label=style.node_table(title, lines, colors=colors, kind=caption, badges=badges, lang=self.lang),
            fillcolor=colors.fill,
            color=colors.border,
            **attrs,
        )

    def _data(self, g: Graph, columns: dict[int, list[str]]) -> dict[str, tuple[str, str, dict[str, Any]]]:
        """Tables, queues and streams; returns {ARN: (node id, kind, item)} for edges."""
        targets: dict[str, tuple[str, str, dict[str, Any]]] = {}
        if self.tables:
            box = self._box(g, "dynamodb", f"Amazon DynamoDB · {style.term('Tables', self.lang)}", "database")
            for table in self.tables:
                try:
                    name = text(table.get("TableName"))
                    node_id = f"table:{name}"
                    keys = [text(k.get("AttributeName")) for k in dicts(table, "KeySchema")]
                    lines: list[Any] = (
                        [msg("key {names}", names=", ".join(k for k in keys if k))] if any(keys) else []
                    )
                    mode = text(table.get("BillingMode"))
                    if mode:
                        lines.append(_capacity_mode(mode, "PAY_PER_REQUEST", spaces=True))
                    items = table.get("Items")
                    if isinstance(items, list):
                        lines.append(style.count(
                            len(items), msg("{count} item", count=len(items)), msg("{count} items", count=len(items))
                        ))
                    if sub(table, "StreamSpecification").get("StreamEnabled") is True:
                        view = text(sub(table, "StreamSpecification").get("StreamViewType"), "on")
                        lines.append(msg("stream {view}", view=msg("on") if view == "on" else view))
                    self._node(box, node_id, name, lines, "database", msg("DynamoDB table"))
                    columns[3].append(node_id)
                    for arn in (text(table.get("TableArn")), text(table.get("LatestStreamArn"))):
                        if arn:
                            targets[arn] = (node_id, "table", table)
                except _ERRORS as err:
                    self.skipped.append(msg("table {name}: {error}", name=text(table.get("TableName"), "?"),
                                            error=f"{type(err).__name__}: {err}"))
        if self.queues:
            box = self._box(g, "sqs", f"Amazon SQS · {style.term('Queues', self.lang)}", "network")
            for queue in self.queues:
                try:
                    name = text(queue.get("QueueName"))
                    node_id = f"queue:{name}"
                    attrs = sub(queue, "Attributes")
                    lines = []
                    if text(attrs.get("FifoQueue")) == "true" or name.endswith(".fifo"):
                        lines.append("FIFO")
                    visibility, retention = num(attrs.get("VisibilityTimeout")), num(attrs.get("MessageRetentionPeriod"))
                    if visibility is not None:
                        lines.append(msg("visibility timeout {seconds} s", seconds=visibility))
                    if retention is not None:
                        lines.append(msg("retention {duration}", duration=_duration(retention)))
                    waiting = num(attrs.get("ApproximateNumberOfMessages"))
                    if waiting:
                        lines.append(style.count(
                            waiting,
                            msg("{count} message waiting", count=waiting),
                            msg("{count} messages waiting", count=waiting),
                        ))
                    badges: list[tuple[str, str]]
                    if text(attrs.get("KmsMasterKeyId")):
                        badges = [("SSE-KMS", "good")]
                    elif text(attrs.get("SqsManagedSseEnabled")) == "true":
                        badges = [("SSE-SQS", "good")]
                    else:
                        badges = [(msg("not encrypted"), "bad")]
                    self._node(box, node_id, name, lines, "network", msg("SQS queue"), badges)
                    columns[3].append(node_id)
                    arn = text(attrs.get("QueueArn"))
                    if arn:
                        targets[arn] = (node_id, "queue", queue)
                except _ERRORS as err:
                    self.skipped.append(msg("queue {name}: {error}", name=text(queue.get("QueueName"), "?"),
                                            error=f"{type(err).__name__}: {err}"))
        if self.streams:
            box = self._box(g, "kinesis", f"Amazon Kinesis · {style.term('Streams', self.lang)}", "network")
            for stream in self.streams:
                try:
                    name = text(stream.get("StreamName"))
                    node_id = f"stream:{name}"
                    mode = text(sub(stream, "StreamModeDetails").get("StreamMode"))
                    shards = num(stream.get("OpenShardCount"))
                    lines = [join(" · ", [p for p in (
                        _capacity_mode(mode, "ON_DEMAND", spaces=False) if mode else "",
                        style.count(shards, msg("{count} shard", count=shards), msg("{count} shards", count=shards))
                        if shards is not None else "",
                    ) if p])]
                    hours = num(stream.get("RetentionPeriodHours"))
                    if hours is not None:
                        kept = style.count(hours, msg("{count} hour", count=hours), msg("{count} hours", count=hours))
                        lines.append(msg("retention {duration}", duration=kept))
                    encrypted = text(stream.get("EncryptionType")) == "KMS"
                    badges = [("KMS", "good")] if encrypted else [(msg("not encrypted"), "warn")]
                    self._node(box, node_id, name, [ln for ln in lines if ln], "network", msg("Kinesis data stream"),
                               badges)
                    columns[3].append(node_id)
                    arn = text(stream.get("StreamARN"))
                    if arn:
                        targets[arn] = (node_id, "stream", stream)
                except _ERRORS as err:
                    self.skipped.append(msg("stream {name}: {error}", name=text(stream.get("StreamName"), "?"),
                                            error=f"{type(err).__name__}: {err}"))
        return targets

    def _functions(self, g: Graph, columns: dict[int, list[str]]) -> dict[str, dict[str, Any]]:
        """Function boxes; returns {function name: facts} (node id, ARN, role and its policies)."""
        out: dict[str, dict[str, Any]] = {}
        if not self.functions:
            return out
        box = self._box(g, "lambda", style.term("Lambda functions", self.lang), "compute")
        roles = {text(r.get("Arn")): r for r in self.roles}
        roles_by_name = {text(r.get("RoleName")): r for r in self.roles}
        for fn in self.functions:
            name = text(fn.get("FunctionName"))
            try:
                node_id = f"fn:{name}"
                role_arn = text(fn.get("Role"))
                role_name = role_arn.rsplit("/", 1)[-1]
                role = roles.get(role_arn) or roles_by_name.get(role_name)
                facts: dict[str, Any] = {"node": node_id, "arn": text(fn.get("FunctionArn")), "role": role,
                                         "role_name": role_name, "fn": fn}
                memory, timeout = num(fn.get("MemorySize")), num(fn.get("Timeout"))
                lines: list[Any] = [join(" · ", [p for p in (
                    text(fn.get("Runtime")),
                    f"{memory} MB" if memory is not None else "",
                    msg("{seconds} s", seconds=timeout) if timeout is not None else "",
                ) if p])]
                lines.append(
                    msg("role {name}", name=role_name)
                    if role or not role_name
                    else msg("role {name} (not in snapshot)", name=role_name)
                )
                reserved = num(fn.get("ReservedConcurrentExecutions"))
                if reserved is not None:
                    lines.append(msg("reserved concurrency {count}", count=reserved))
                aliases = [text(a.get("Name")) for a in dicts(fn, "Aliases") if text(a.get("Name"))]
                if aliases:
                    lines.append(msg("aliases {names}", names=", ".join(aliases)))
                if role is not None:
                    docs, boundary, managed, missing = self._role_policies(role)
                    facts.update(docs=docs, boundary=boundary)
                    if managed:
                        lines.append(msg("AWS-managed (not evaluated): {names}", names=", ".join(managed)))
                    if missing:
                        lines.append(msg("policy not in snapshot: {names}", names=", ".join(missing)))
                self._node(box, node_id, name, [ln for ln in lines if ln], "compute", msg("Lambda function"))
                columns[2].append(node_id)
                out[name] = facts
            except _ERRORS as err:
                self.skipped.append(msg("function {name}: {error}", name=name or "?",
                                        error=f"{type(err).__name__}: {err}"))
        return out

    def _invoke_badge(self, fn: dict[str, Any], api_id: str, stage: str, method: str, path: str) -> tuple[str, str]:
        policy = fn.get("Policy")
        if not _has_doc(policy):
            return (msg("API Gateway may not invoke it"), "bad")
        source = f"arn:aws:execute-api:{self.region}:{self.account}:{api_id}/{stage}/{method}{path}"
        try:
            decision = evaluate([], "lambda:InvokeFunction", text(fn.get("FunctionArn")) or "*",
                                principal="apigateway.amazonaws.com", resource_policy=policy,
                                context={"aws:SourceArn": source, "aws:SourceAccount": self.account})
        except LabkitError:
            return (msg("its resource policy is unreadable"), "warn")
        if decision.decision == "allowed":
            return (msg("API Gateway may invoke it"), "good")
        return (msg("API Gateway may not invoke it"), "bad")

    def _apis(self, g: Graph, columns: dict[int, list[str]], functions: dict[str, dict[str, Any]],
              edges: list[tuple[str, str, dict[str, Any]]]) -> None:
        if not self.apis:
            return
        self._node(g, "clients", style.term("Clients", self.lang), [msg("browsers, apps (HTTPS)")], "external", msg("internet"))
        columns[0].append("clients")
        by_arn = {facts["arn"]: name for name, facts in functions.items() if facts["arn"]}
        for index, api in enumerate(self.apis):
            api_id = text(api.get("id"))
            name = text(api.get("name")) or api_id
            try:
                stages = [text(s.get("stageName")) for s in dicts(api, "stages") if text(s.get("stageName"))]
                types = [text(t) for t in listed(sub(api, "endpointConfiguration"), "types") if text(t)]
                small = style.SIZE["small"]
                lines: list[Any] = [f"REST API · {', '.join(types)}" if types else "REST API"]
                lines.append(
                    msg("stages: {names}", names=", ".join(stages)) if stages else msg("not deployed (no stage)")
                )
                label = "".join(
                    f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{small}">{html_escape(render(line, self.lang))}'
                    "</FONT></TD></TR>"
                    for line in lines
                )
                colors = style.KIND["network"]
                self.kinds_used.add("network")
                box = g.cluster(
                    f"api{index}",
                    label=HTML(
                        '<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">'
                        f'<TR><TD ALIGN="LEFT"><B>API Gateway · {html_escape(name)}</B></TD></TR>{label}</TABLE>'
                    ),
                    style="rounded",
                    color=colors.border,
                    fontcolor=colors.border,
                    margin="10",
                )
                methods = []
                for resource in dicts(api, "resources"):
                    path = text(resource.get("path"))
                    for verb, method in sorted(sub(resource, "resourceMethods").items()):
                        if isinstance(method, dict):
                            methods.append((path, text(verb), method))
                counted = style.count(
                    len(methods), msg("{count} method", count=len(methods)), msg("{count} methods", count=len(methods))
                )
                self.sentences.append(
                    msg("REST API {name} ({methods}; stages {stages}).", name=name, methods=counted,
                        stages=", ".join(stages))
                    if stages
                    else msg("REST API {name} ({methods}; not deployed).", name=name, methods=counted)
                )
                if not methods:
                    node_id = f"api:{api_id or name}:none"
                    self._node(box, node_id, msg("no methods yet"), ["apigateway.put_method(...)"], "network",
                               "REST API")
                    columns[1].append(node_id)
                    edges.append(("clients", node_id, {"color": style.EDGE["route"]}))
                for path, verb, method in methods:
                    self._method(box, api_id, name, path, verb, method, stages, functions, by_arn, columns, edges)
            except _ERRORS as err:
                self.skipped.append(msg("REST API {name}: {error}", name=name or "?",
                                        error=f"{type(err).__name__}: {err}"))

    def _method(self, box: Graph, api_id: str, api_name: str, path: str, verb: str, method: dict[str, Any],
                stages: list[str], functions: dict[str, dict[str, Any]], by_arn: dict[str, str],
                columns: dict[int, list[str]], edges: list[tuple[str, str, dict[str, Any]]]) -> None:
        node_id = f"api:{api_id or api_name}:{verb} {path}"
        integration = sub(method, "methodIntegration")
        kind = text(integration.get("type"))
        auth = text(method.get("authorizationType"))
        lines: list[Any] = []
        if auth:
            lines.append(
                msg("auth {type} · API key", type=auth) if method.get("apiKeyRequired") is True
                else msg("auth {type}", type=auth)
            )
        badges = None
        target = function_of_uri(integration.get("uri"))
        fn_name = by_arn.get(target) or _function_name(target)
        where = {"verb": verb, "path": path, "api": api_name}
        if not integration:
            lines.append(msg("no integration yet"))
            self.sentences.append(msg("{verb} {path} of {api} has no integration.", **where))
        elif target:
            lines.append(
                f"{kind} → {fn_name}" if kind else msg("integration → {function}", function=fn_name)
            )
            facts = functions.get(fn_name)
            if facts is None:
                missing = f"fn:{fn_name}"
                if not box.has_node(missing):
                    self._node(box._root(), missing, fn_name, [msg("not in the snapshot")], "compute",
                               msg("Lambda function"), style="rounded,filled,dashed")
                    columns[2].append(missing)
                edges.append((node_id, missing, {"color": style.EDGE["route"], "label": kind, "style": "dashed"}))
                self.sentences.append(
                    msg("{verb} {path} of {api} integrates function {function}, which is missing.",
                        function=fn_name, **where)
                )
            else:
                badge = self._invoke_badge(facts["fn"], api_id, stages[0] if stages else "test-invoke-stage", verb,
                                           path)
                badges = [badge]
                edges.append((node_id, facts["node"], {"color": style.EDGE["route"], "label": kind}))
                self.edge_kinds.add("integration")
                self.sentences.append(msg("{verb} {path} of {api} invokes {function} ({kind}); {badge}.",
                                          function=fn_name, kind=kind, badge=badge[0], **where))
        else:
            uri = text(integration.get("uri"))
            if kind:
                lines.append(f"{kind}" + (f" → {uri[:60]}" if uri else ""))
                self.sentences.append(msg("{verb} {path} of {api} uses a {kind} integration.", kind=kind, **where))
            else:
                lines.append(msg("integration → {uri}", uri=uri[:60]) if uri else msg("integration"))
                self.sentences.append(msg("{verb} {path} of {api} uses a non-Lambda integration.", **where))
        self._node(box, node_id, f"{verb} {path}", lines, "network", msg("method"), badges)
        columns[1].append(node_id)
        edges.append(("clients", node_id, {"color": style.EDGE["route"]}))

    def _mappings(self, g: Graph, columns: dict[int, list[str]], functions: dict[str, dict[str, Any]],
                  targets: dict[str, tuple[str, str, dict[str, Any]]],
                  edges: list[tuple[str, str, dict[str, Any]]]) -> None:
        by_arn = {facts["arn"]: name for name, facts in functions.items() if facts["arn"]}
        for mapping in self.mappings:
            try:
                source = text(mapping.get("EventSourceArn"))
                fn_arn = text(mapping.get("FunctionArn"))
                fn_name = by_arn.get(fn_arn) or by_arn.get(fn_arn.rsplit(":", 1)[0]) or _function_name(fn_arn)
                facts = functions.get(fn_name)
                if facts is None or not source:
                    self.skipped.append(msg("event source mapping {uuid}: "
                                            "its function or source is not in the snapshot",
                                            uuid=text(mapping.get("UUID"), "?")))
                    continue
                if source in targets:
                    src_node, kind, _ = targets[source]
                else:
                    src_node, kind = f"source:{source}", ""
                    service = source.split(":")[2] if source.count(":") >= 5 else msg("event source")
                    self._node(g, src_node, source.rsplit(":", 1)[-1].rsplit("/", 1)[-1] or source, [service],
                               "external", msg("event source (not drawn above)"))
                    columns[3].append(src_node)
                enabled = text(mapping.get("State"), "Enabled") not in ("Disabled", "Disabling")
                batch = num(mapping.get("BatchSize"))
                words: list[Any] = [msg("triggers") if enabled else msg("disabled")]
                if batch is not None:
                    words.append(msg("batch {size}", size=batch))
                label: Any = join(" · ", words)
                attrs: dict[str, Any] = {
                    "color": style.EDGE["replication"],
                    "fontcolor": style.EDGE["replication"],
                    "style": "bold" if enabled else "dashed",
                    "dir": "back",  # drawn function <- source so the source stays in the right column
                }
                lacking = self._poller_gaps(facts, kind, source)
                if lacking:
                    label = msg("{label}\nrole lacks {actions}", label=label, actions=", ".join(lacking))
                    attrs["fontcolor"] = style.BADGE["bad"].border
                attrs["label"] = render(label, self.lang)
                edges.append((facts["node"], src_node, attrs))
                self.edge_kinds.add("mapping")
                shown = source.rsplit(":", 1)[-1].split("/stream/")[0].rsplit("/", 1)[-1]
                subject = {
                    "queue": msg("Queue {name}", name=shown),
                    "stream": msg("Stream {name}", name=shown),
                    "table": msg("Table stream of {name}", name=shown),
                }.get(kind) or msg("Source {name}", name=shown)
                sentence = (
                    msg("{source} triggers {function}", source=subject, function=fn_name)
                    if enabled
                    else msg("{source} is mapped (disabled) to {function}", source=subject, function=fn_name)
                )
                if batch is not None:
                    sentence = msg("{mapping} in batches of {size}", mapping=sentence, size=batch)
                if lacking:
                    sentence = msg("{mapping}; the role lacks {actions}", mapping=sentence, actions=", ".join(lacking))
                self.sentences.append(msg("{sentence}.", sentence=sentence))
            except _ERRORS as err:
                self.skipped.append(msg("event source mapping {uuid}: {error}",
                                        uuid=text(mapping.get("UUID"), "?"), error=f"{type(err).__name__}: {err}"))

    def _poller_gaps(self, facts: dict[str, Any], kind: str, source: str) -> list[str]:
        if kind not in _POLLER or "docs" not in facts:
            return []
        caller = f"arn:aws:sts::{self.account}:assumed-role/{facts['role_name']}/{_function_name(facts['arn'])}"
        try:
            allowed = self._allowed(facts["docs"], facts.get("boundary"), caller, _POLLER[kind], source)
        except LabkitError:
            return []  # reported once by _permissions
        return [a for a in _POLLER[kind] if a not in allowed]

    def _permissions(self, functions: dict[str, dict[str, Any]],
                     targets: dict[str, tuple[str, str, dict[str, Any]]],
                     edges: list[tuple[str, str, dict[str, Any]]]) -> None:
        resources: dict[str, tuple[str, str, dict[str, Any]]] = {}
        for arn, (node_id, kind, item) in targets.items():
            if kind == "table" and "/stream/" in arn:
                continue  # the table's own ARN stands for it
            resources.setdefault(node_id, (arn, kind, item))
        for name, facts in sorted(functions.items()):
            if "docs" not in facts:
                continue
            caller = f"arn:aws:sts::{self.account}:assumed-role/{facts['role_name']}/{name}"
            reached = []
            for node_id, (arn, kind, item) in sorted(resources.items()):
                policy = sub(item, "Attributes").get("Policy") if kind == "queue" else None
                try:
                    actions = tuple(a for _, group in PROBES[kind] for a in group)
                    allowed = self._allowed(facts["docs"], facts.get("boundary"), caller, actions, arn, policy)
                except LabkitError as err:
                    self.skipped.append(msg("role {name}: its policies cannot be evaluated ({error})",
                                            name=facts["role_name"], error=str(err)))
                    break
                label = self._label(kind, allowed)
                if not label:
                    continue
                edges.append((facts["node"], node_id, {"color": style.EDGE["attach"],
                                                       "label": render(label, self.lang),
                                                       "fontcolor": style.EDGE["attach"]}))
                self.edge_kinds.add("permission")
                target = node_id.split(":", 1)[1]
                reached.append({
                    "table": msg("{actions} on table {name}", actions=label, name=target),
                    "queue": msg("{actions} on queue {name}", actions=label, name=target),
                    "stream": msg("{actions} on stream {name}", actions=label, name=target),
                }[kind])
            if reached:
                self.sentences.append(msg("{function}'s role {role} may: {items}.", function=name,
                                          role=facts["role_name"], items=join("; ", reached)))

    def _dead_letters(self, targets: dict[str, tuple[str, str, dict[str, Any]]],
                      edges: list[tuple[str, str, dict[str, Any]]]) -> None:
        for queue in self.queues:
            redrive = sub(sub(queue, "Attributes"), "RedrivePolicy")
            dlq = text(redrive.get("deadLetterTargetArn"))
            if not dlq:
                continue
            name = text(queue.get("QueueName"))
            count = num(redrive.get("maxReceiveCount"))
            label = msg("dead letters") if count is None else style.count(
                count,
                msg("dead letters after {count} receive", count=count),
                msg("dead letters after {count} receives", count=count),
            )
            if dlq in targets:
                edges.append((f"queue:{name}", targets[dlq][0], {"color": style.EDGE["plain"], "style": "dashed",
                                                                  "label": render(label, self.lang)}))
                self.edge_kinds.add("dlq")
                self.sentences.append(msg("Queue {name} moves messages to {dlq} ({label}).", name=name,
                                          dlq=dlq.rsplit(":", 1)[-1], label=label))
            else:
                self.skipped.append(msg("queue {name}: its dead-letter queue {dlq} is not in the snapshot",
                                        name=name, dlq=dlq))

    def _legend(self) -> HTML:
        words = {
            "network": msg("API Gateway / SQS queue / Kinesis stream"),
            "compute": msg("Lambda function"),
            "database": msg("DynamoDB table"),
            "external": msg("internet / outside the snapshot"),
        }
        entries = [(style.KIND[k], w) for k, w in words.items() if k in self.kinds_used]
        edges = []
        if "integration" in self.edge_kinds:
            edges.append((style.EDGE["route"], "solid", msg("API method → its Lambda integration")))
        if "mapping" in self.edge_kinds:
            edges.append((style.EDGE["replication"], "bold", msg("event source mapping: Lambda polls the source")))
        if "permission" in self.edge_kinds:
            edges.append((style.EDGE["attach"], "solid", msg("the function's role may call (policies evaluated)")))
        if "dlq" in self.edge_kinds:
            edges.append((style.EDGE["plain"], "dashed", msg("dead-letter queue (redrive policy)")))
        notes = style.not_drawn(self.skipped, self.lang, point_to_skipped=True)
        return style.legend(entries, edges=edges, notes=notes, lang=self.lang)


def _duration(seconds: int) -> Msg:
    """345600 -> '4 days', 3600 -> '1 hour', 90 -> '90 s'."""
    if seconds >= 86400 and seconds % 86400 == 0:
        n = seconds // 86400
        return style.count(n, msg("{count} day", count=n), msg("{count} days", count=n))
    if seconds >= 3600 and seconds % 3600 == 0:
        n = seconds // 3600
        return style.count(n, msg("{count} hour", count=n), msg("{count} hours", count=n))
    if seconds >= 60 and seconds % 60 == 0:
        n = seconds // 60
        return style.count(n, msg("{count} minute", count=n), msg("{count} minutes", count=n))
    return msg("{seconds} s", seconds=seconds)


def _capacity_mode(mode: str, on_demand: str, *, spaces: bool) -> Any:
    """A table's billing mode or a stream's capacity mode, in words ("on-demand", "provisioned")."""
    if mode == on_demand:
        return msg("on-demand")
    if mode == "PROVISIONED":
        return msg("provisioned")
    return mode.lower().replace("_", " ") if spaces else mode.lower()


def build(snapshot: Any, lang: str = "en") -> Diagram:
    """The serverless view of ``snapshot`` (see the module docstring)."""
    view = _Serverless(snapshot, lang)
    try:
        dot = view.dot()
    except _ERRORS as err:  # a last resort: a picture saying what went wrong, never a traceback
        view.skipped.append(f"{type(err).__name__}: {err}")
        g = Graph("serverless", attrs=style.graph_defaults(view.title(), rankdir="LR"),
                  node_defaults=style.NODE_DEFAULTS, edge_defaults=style.EDGE_DEFAULTS)
        g.node("empty", label=style.message_node(msg("This snapshot could not be drawn"),
                                                 view.skipped[-1:], lang),
               fillcolor=style.KIND["note"].fill, color=style.KIND["note"].border)
        dot = g.source()
    return Diagram(
        dot,
        view="serverless",
        title=view.title(),
        alt=view.alt(),
        summary=view.summary(),
        skipped=[render(note, lang) for note in view.skipped],
    )
