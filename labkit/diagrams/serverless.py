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
from ..i18n import msg, render
from ..iam import evaluate
from ..snapread import Reader, dicts, listed, num, plural, sub, text
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
        ("read", ("dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchGetItem")),
        ("write", ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem")),
    ),
    "queue": (
        ("send", ("sqs:SendMessage",)),
        ("receive & delete", ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes")),
    ),
    "stream": (
        ("write", ("kinesis:PutRecord", "kinesis:PutRecords")),
        ("read", ("kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream")),
    ),
}
# What Lambda's poller needs from the function's role to read each kind of event source.
_POLLER = {
    "queue": ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
    "stream": ("kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStream"),
    "table": ("dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream"),
}
_KO = {
    "Serverless": "서버리스",
    "Clients": "클라이언트",
    "Lambda functions": "Lambda 함수",
    "Tables": "테이블",
    "Queues": "대기열",
    "Streams": "스트림",
}
_EMPTY_HINT = [
    "Build the seed's pattern: apigateway.create_rest_api(name='users-api'),",
    "a Lambda function (lambda.create_function) behind a Lambda proxy integration",
    "(apigateway.put_integration(type='AWS_PROXY', ...)), a DynamoDB table,",
    "an SQS queue or a Kinesis stream; then draw again.",
]


def _ko(english: str, lang: str) -> str:
    korean = _KO.get(english)
    return f"{korean} ({english})" if lang == "ko" and korean else english


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
        self.sentences: list[str] = []
        self.kinds_used: set[str] = set()
        self.edge_kinds: set[str] = set()

    # -- words ------------------------------------------------------------------
    def summary(self) -> str:
        return ", ".join(
            [
                plural(len(self.apis), "REST API"),
                plural(len(self.functions), "function"),
                plural(len(self.tables), "table"),
                plural(len(self.queues), "queue"),
                plural(len(self.streams), "stream"),
            ]
        )

    def title(self) -> str:
        where = " · ".join(p for p in (
            f"account {self.account}" if self.account else "",
            style.region_name(self.region, self.lang) if self.region else "",
        ) if p)
        return f"{_ko('Serverless', self.lang)}{' — ' + where if where else ''}"

    def empty(self) -> bool:
        return not (self.apis or self.functions or self.tables or self.queues or self.streams)

    def alt(self) -> str:
        head = f"Serverless diagram{' of account ' + self.account if self.account else ''}: {self.summary()}."
        if self.empty():
            return head + " Nothing to draw yet."
        return " ".join([head, *self.sentences])

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
    def _label(kind: str, allowed: list[str]) -> str:
        parts = []
        for word, actions in PROBES[kind]:
            got = [a for a in actions if a in allowed]
            if not got:
                continue
            if len(got) == len(actions) and len(actions) > 2:
                parts.append(word)
            else:
                parts.append(", ".join(a.split(":", 1)[1] for a in got))
        return " · ".join(parts)

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
                    "No REST APIs, Lambda functions, tables, queues or streams yet",
                    [*_EMPTY_HINT, *(render(note, self.lang) for note in self.skipped[:3])],
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

    def _node(self, g: Graph, node_id: str, title: str, lines: list[str], kind: str, caption: str,
              badges: list[tuple[str, str]] | None = None, **attrs: Any) -> None:
        colors = style.KIND[kind]
        self.kinds_used.add(kind)
        g.node(
            node_id,
            label=style.node_table(title, lines, colors=colors, kind=caption, badges=badges),
            fillcolor=colors.fill,
            color=colors.border,
            **attrs,
        )

    def _data(self, g: Graph, columns: dict[int, list[str]]) -> dict[str, tuple[str, str, dict[str, Any]]]:
        """Tables, queues and streams; returns {ARN: (node id, kind, item)} for edges."""
        targets: dict[str, tuple[str, str, dict[str, Any]]] = {}
        if self.tables:
            box = self._box(g, "dynamodb", f"Amazon DynamoDB · {_ko('Tables', self.lang)}", "database")
            for table in self.tables:
                try:
                    name = text(table.get("TableName"))
                    node_id = f"table:{name}"
                    keys = [text(k.get("AttributeName")) for k in dicts(table, "KeySchema")]
                    lines = [f"key {', '.join(k for k in keys if k)}"] if any(keys) else []
                    mode = text(table.get("BillingMode"))
                    if mode:
                        lines.append("on-demand" if mode == "PAY_PER_REQUEST" else mode.lower().replace("_", " "))
                    items = table.get("Items")
                    if isinstance(items, list):
                        lines.append(plural(len(items), "item"))
                    if sub(table, "StreamSpecification").get("StreamEnabled") is True:
                        lines.append("stream " + text(sub(table, "StreamSpecification").get("StreamViewType"), "on"))
                    self._node(box, node_id, name, lines, "database", "DynamoDB table")
                    columns[3].append(node_id)
                    for arn in (text(table.get("TableArn")), text(table.get("LatestStreamArn"))):
                        if arn:
                            targets[arn] = (node_id, "table", table)
                except _ERRORS as err:
                    self.skipped.append(msg("table {name}: {error}", name=text(table.get("TableName"), "?"),
                                            error=f"{type(err).__name__}: {err}"))
        if self.queues:
            box = self._box(g, "sqs", f"Amazon SQS · {_ko('Queues', self.lang)}", "network")
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
                        lines.append(f"visibility timeout {visibility} s")
                    if retention is not None:
                        lines.append(f"retention {_duration(retention)}")
                    waiting = num(attrs.get("ApproximateNumberOfMessages"))
                    if waiting:
                        lines.append(f"{plural(waiting, 'message')} waiting")
                    if text(attrs.get("KmsMasterKeyId")):
                        badges = [("SSE-KMS", "good")]
                    elif text(attrs.get("SqsManagedSseEnabled")) == "true":
                        badges = [("SSE-SQS", "good")]
                    else:
                        badges = [("not encrypted", "bad")]
                    self._node(box, node_id, name, lines, "network", "SQS queue", badges)
                    columns[3].append(node_id)
                    arn = text(attrs.get("QueueArn"))
                    if arn:
                        targets[arn] = (node_id, "queue", queue)
                except _ERRORS as err:
                    self.skipped.append(msg("queue {name}: {error}", name=text(queue.get("QueueName"), "?"),
                                            error=f"{type(err).__name__}: {err}"))
        if self.streams:
            box = self._box(g, "kinesis", f"Amazon Kinesis · {_ko('Streams', self.lang)}", "network")
            for stream in self.streams:
                try:
                    name = text(stream.get("StreamName"))
                    node_id = f"stream:{name}"
                    mode = text(sub(stream, "StreamModeDetails").get("StreamMode"))
                    shards = num(stream.get("OpenShardCount"))
                    lines = [" · ".join(p for p in (
                        "on-demand" if mode == "ON_DEMAND" else mode.lower(),
                        plural(shards, "shard") if shards is not None else "",
                    ) if p)]
                    hours = num(stream.get("RetentionPeriodHours"))
                    if hours is not None:
                        lines.append(f"retention {plural(hours, 'hour')}")
                    encrypted = text(stream.get("EncryptionType")) == "KMS"
                    badges = [("KMS", "good")] if encrypted else [("not encrypted", "warn")]
                    self._node(box, node_id, name, [ln for ln in lines if ln], "network", "Kinesis data stream",
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
        box = self._box(g, "lambda", _ko("Lambda functions", self.lang), "compute")
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
                lines = [" · ".join(p for p in (
                    text(fn.get("Runtime")),
                    f"{memory} MB" if memory is not None else "",
                    f"{timeout} s" if timeout is not None else "",
                ) if p)]
                lines.append(f"role {role_name}" + ("" if role or not role_name else " (not in snapshot)"))
                reserved = num(fn.get("ReservedConcurrentExecutions"))
                if reserved is not None:
                    lines.append(f"reserved concurrency {reserved}")
                aliases = [text(a.get("Name")) for a in dicts(fn, "Aliases") if text(a.get("Name"))]
                if aliases:
                    lines.append("aliases " + ", ".join(aliases))
                if role is not None:
                    docs, boundary, managed, missing = self._role_policies(role)
                    facts.update(docs=docs, boundary=boundary)
                    if managed:
                        lines.append("AWS-managed (not evaluated): " + ", ".join(managed))
                    if missing:
                        lines.append("policy not in snapshot: " + ", ".join(missing))
                self._node(box, node_id, name, [ln for ln in lines if ln], "compute", "Lambda function")
                columns[2].append(node_id)
                out[name] = facts
            except _ERRORS as err:
                self.skipped.append(msg("function {name}: {error}", name=name or "?",
                                        error=f"{type(err).__name__}: {err}"))
        return out

    def _invoke_badge(self, fn: dict[str, Any], api_id: str, stage: str, method: str, path: str) -> tuple[str, str]:
        policy = fn.get("Policy")
        if not _has_doc(policy):
            return ("API Gateway may not invoke it", "bad")
        source = f"arn:aws:execute-api:{self.region}:{self.account}:{api_id}/{stage}/{method}{path}"
        try:
            decision = evaluate([], "lambda:InvokeFunction", text(fn.get("FunctionArn")) or "*",
                                principal="apigateway.amazonaws.com", resource_policy=policy,
                                context={"aws:SourceArn": source, "aws:SourceAccount": self.account})
        except LabkitError:
            return ("its resource policy is unreadable", "warn")
        if decision.decision == "allowed":
            return ("API Gateway may invoke it", "good")
        return ("API Gateway may not invoke it", "bad")

    def _apis(self, g: Graph, columns: dict[int, list[str]], functions: dict[str, dict[str, Any]],
              edges: list[tuple[str, str, dict[str, Any]]]) -> None:
        if not self.apis:
            return
        self._node(g, "clients", _ko("Clients", self.lang), ["browsers, apps (HTTPS)"], "external", "internet")
        columns[0].append("clients")
        by_arn = {facts["arn"]: name for name, facts in functions.items() if facts["arn"]}
        for index, api in enumerate(self.apis):
            api_id = text(api.get("id"))
            name = text(api.get("name")) or api_id
            try:
                stages = [text(s.get("stageName")) for s in dicts(api, "stages") if text(s.get("stageName"))]
                types = [text(t) for t in listed(sub(api, "endpointConfiguration"), "types") if text(t)]
                small = style.SIZE["small"]
                lines = [f"REST API · {', '.join(types)}" if types else "REST API"]
                lines.append(f"stages: {', '.join(stages)}" if stages else "not deployed (no stage)")
                label = "".join(
                    f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{small}">{html_escape(line)}</FONT></TD></TR>'
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
                self.sentences.append(
                    f"REST API {name} ({plural(len(methods), 'method')}; "
                    f"{'stages ' + ', '.join(stages) if stages else 'not deployed'})."
                )
                if not methods:
                    node_id = f"api:{api_id or name}:none"
                    self._node(box, node_id, "no methods yet", ["apigateway.put_method(...)"], "network", "REST API")
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
        lines = [f"auth {auth}" + (" · API key" if method.get("apiKeyRequired") is True else "")] if auth else []
        badges = None
        target = function_of_uri(integration.get("uri"))
        fn_name = by_arn.get(target) or _function_name(target)
        if not integration:
            lines.append("no integration yet")
            self.sentences.append(f"{verb} {path} of {api_name} has no integration.")
        elif target:
            lines.append(f"{kind or 'integration'} → {fn_name}")
            facts = functions.get(fn_name)
            if facts is None:
                missing = f"fn:{fn_name}"
                if not box.has_node(missing):
                    self._node(box._root(), missing, fn_name, ["not in the snapshot"], "compute", "Lambda function",
                               style="rounded,filled,dashed")
                    columns[2].append(missing)
                edges.append((node_id, missing, {"color": style.EDGE["route"], "label": kind, "style": "dashed"}))
                self.sentences.append(f"{verb} {path} of {api_name} integrates function {fn_name}, which is missing.")
            else:
                badge = self._invoke_badge(facts["fn"], api_id, stages[0] if stages else "test-invoke-stage", verb,
                                           path)
                badges = [badge]
                edges.append((node_id, facts["node"], {"color": style.EDGE["route"], "label": kind}))
                self.edge_kinds.add("integration")
                self.sentences.append(f"{verb} {path} of {api_name} invokes {fn_name} ({kind}); {badge[0]}.")
        else:
            uri = text(integration.get("uri"))
            lines.append(f"{kind or 'integration'}" + (f" → {uri[:60]}" if uri else ""))
            self.sentences.append(f"{verb} {path} of {api_name} uses a {kind or 'non-Lambda'} integration.")
        self._node(box, node_id, f"{verb} {path}", lines, "network", "method", badges)
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
                    service = source.split(":")[2] if source.count(":") >= 5 else "event source"
                    self._node(g, src_node, source.rsplit(":", 1)[-1].rsplit("/", 1)[-1] or source, [service],
                               "external", "event source (not drawn above)")
                    columns[3].append(src_node)
                enabled = text(mapping.get("State"), "Enabled") not in ("Disabled", "Disabling")
                batch = num(mapping.get("BatchSize"))
                words = ["triggers" if enabled else "disabled"]
                if batch is not None:
                    words.append(f"batch {batch}")
                label = " · ".join(words)
                attrs: dict[str, Any] = {
                    "color": style.EDGE["replication"],
                    "fontcolor": style.EDGE["replication"],
                    "style": "bold" if enabled else "dashed",
                    "dir": "back",  # drawn function <- source so the source stays in the right column
                }
                lacking = self._poller_gaps(facts, kind, source)
                if lacking:
                    label += "\nrole lacks " + ", ".join(lacking)
                    attrs["fontcolor"] = style.BADGE["bad"].border
                attrs["label"] = label
                edges.append((facts["node"], src_node, attrs))
                self.edge_kinds.add("mapping")
                what = {"queue": "Queue", "stream": "Stream", "table": "Table stream of"}.get(kind, "Source")
                self.sentences.append(
                    f"{what} {source.rsplit(':', 1)[-1].split('/stream/')[0].rsplit('/', 1)[-1]} "
                    f"{'triggers' if enabled else 'is mapped (disabled) to'} {fn_name}"
                    + (f" in batches of {batch}" if batch is not None else "")
                    + (f"; the role lacks {', '.join(lacking)}" if lacking else "") + "."
                )
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
                edges.append((facts["node"], node_id, {"color": style.EDGE["attach"], "label": label,
                                                       "fontcolor": style.EDGE["attach"]}))
                self.edge_kinds.add("permission")
                reached.append(f"{label} on {kind} {node_id.split(':', 1)[1]}")
            if reached:
                self.sentences.append(f"{name}'s role {facts['role_name']} may: " + "; ".join(reached) + ".")

    def _dead_letters(self, targets: dict[str, tuple[str, str, dict[str, Any]]],
                      edges: list[tuple[str, str, dict[str, Any]]]) -> None:
        for queue in self.queues:
            redrive = sub(sub(queue, "Attributes"), "RedrivePolicy")
            dlq = text(redrive.get("deadLetterTargetArn"))
            if not dlq:
                continue
            name = text(queue.get("QueueName"))
            count = num(redrive.get("maxReceiveCount"))
            label = "dead letters" + (f" after {plural(count, 'receive')}" if count is not None else "")
            if dlq in targets:
                edges.append((f"queue:{name}", targets[dlq][0], {"color": style.EDGE["plain"], "style": "dashed",
                                                                  "label": label}))
                self.edge_kinds.add("dlq")
                self.sentences.append(f"Queue {name} moves messages to {dlq.rsplit(':', 1)[-1]} ({label}).")
            else:
                self.skipped.append(msg("queue {name}: its dead-letter queue {dlq} is not in the snapshot",
                                        name=name, dlq=dlq))

    def _legend(self) -> HTML:
        words = {
            "network": "API Gateway / SQS queue / Kinesis stream",
            "compute": "Lambda function",
            "database": "DynamoDB table",
            "external": "internet / outside the snapshot",
        }
        entries = [(style.KIND[k], w) for k, w in words.items() if k in self.kinds_used]
        edges = []
        if "integration" in self.edge_kinds:
            edges.append((style.EDGE["route"], "solid", "API method → its Lambda integration"))
        if "mapping" in self.edge_kinds:
            edges.append((style.EDGE["replication"], "bold", "event source mapping: Lambda polls the source"))
        if "permission" in self.edge_kinds:
            edges.append((style.EDGE["attach"], "solid", "the function's role may call (policies evaluated)"))
        if "dlq" in self.edge_kinds:
            edges.append((style.EDGE["plain"], "dashed", "dead-letter queue (redrive policy)"))
        notes = []
        if len(self.skipped) == 1:
            notes.append(render(msg("Not drawn: {note}", note=self.skipped[0]), self.lang))
        elif self.skipped:
            notes.append(render(msg("Not drawn: {note} (+{more} more, see .skipped)", note=self.skipped[0],
                                    more=len(self.skipped) - 1), self.lang))
        return style.legend(entries, edges=edges, notes=notes, lang=self.lang)


def _duration(seconds: int) -> str:
    """345600 -> '4 days', 3600 -> '1 hour', 90 -> '90 s'."""
    for size, word in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size and seconds % size == 0:
            return plural(seconds // size, word)
    return f"{seconds} s"


def build(snapshot: Any, lang: str = "en") -> Diagram:
    """The serverless view of ``snapshot`` (see the module docstring)."""
    view = _Serverless(snapshot, lang)
    try:
        dot = view.dot()
    except _ERRORS as err:  # a last resort: a picture saying what went wrong, never a traceback
        view.skipped.append(f"{type(err).__name__}: {err}")
        g = Graph("serverless", attrs=style.graph_defaults(view.title(), rankdir="LR"),
                  node_defaults=style.NODE_DEFAULTS, edge_defaults=style.EDGE_DEFAULTS)
        g.node("empty", label=style.message_node("This snapshot could not be drawn",
                                                 [render(note, lang) for note in view.skipped[-1:]]),
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
