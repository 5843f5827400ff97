"""Lambda tasks: the seed's serverless user lookup (API Gateway → Lambda → DynamoDB).

``lambda.users_api`` grades configuration from the snapshot like every task,
and grades *behaviour* by running the learner's function, because "returns 404
for an unknown user" lives in code, not in settings. The behaviour checks are
still a function of the snapshot, so a submission file re-grades offline:

- **A lab is open in this process** (a learner pressing "Check"): the function
  runs in that lab with the lab's own state, after confirming the snapshot was
  taken from it: same account and region, the same ``get-user`` code hash,
  handler, runtime and environment, and the same ``Users`` items. Two
  invocations, milliseconds each once the handler is warm.
- **No lab is open** (``labkit grade`` on submission files): a temporary lab is
  opened and just enough is restored from the snapshot to run the code: the
  function's role (by name), the ``Users`` table with its items (the DynamoDB
  snapshot carries tables of up to 100 items), and ``get-user`` from the
  package the Lambda snapshot carries (packages up to 1 MB, checked against
  their ``CodeSha256``). The lab is closed again afterwards.
- **A lab is open but the snapshot is not from it**: the checks fail and say
  so (grade with no lab open, or take a fresh snapshot); they never guess.

The user ids come from the snapshot: the first item of ``Users`` in key order
(present), and ``u-missing-0`` (or the next free one; absent). Both are sent as
API Gateway REST proxy events (:func:`api_gateway_event`). One run serves both
behaviour checks (the second check reuses the first one's run).

Offline re-grading executes the learner's code on the grading machine (inside a
lab, so the network guard is on); re-grade untrusted submissions in a sandbox.
"""

from __future__ import annotations

import base64
import binascii
import decimal
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import LabkitError
from ..grading import Check, Task
from ..i18n import join, msg
from ..runtime import zip_package
from ..services.dynamodb import build_users_table, key_names, scan_items
from ..snapread import dicts, listed, num, sub, text
from ..snapshot import tidy
from . import register

if TYPE_CHECKING:
    from ..lab import Lab

TABLE = "Users"
FUNCTION = "get-user"
ALIAS = "live"
ROLE = "get-user-role"
POLICY = "GetUserReadOnly"
ACCOUNT_CONCURRENCY = 1000  # the seed: 동시 실행 기본 1,000 (adjustable)
UNRESERVED_MINIMUM = 100  # Lambda keeps at least this much unreserved
MEMORY_RANGE = (128, 10240)  # MB, the seed's limits table
MAX_TIMEOUT = 900  # 15 minutes
MAX_ZIPPED = 50 * 1024 * 1024
LAMBDA_DOC = "https://docs.aws.amazon.com/lambda/latest/dg/"
DDB_DOC = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
LAMBDA_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ],
}
Result = tuple[bool, str, str, str]


# -- reading the snapshot -------------------------------------------------------
def _table(snap: dict[str, Any]) -> dict[str, Any] | None:
    return next((t for t in dicts(sub(snap, "dynamodb"), "tables") if t.get("TableName") == TABLE), None)


def _function(snap: dict[str, Any]) -> dict[str, Any] | None:
    return next((f for f in dicts(sub(snap, "lambda"), "functions") if f.get("FunctionName") == FUNCTION), None)


def _where(snap: dict[str, Any]) -> tuple[str, str]:
    """(region, account) of the snapshot, from its header or else from the table's ARN."""
    meta = sub(snap, "labkit")
    region, account = text(meta.get("region")), text(meta.get("account_id"))
    arn = text((_table(snap) or {}).get("TableArn")).split(":")
    if len(arn) > 4:
        region, account = region or arn[3], account or arn[4]
    return region or "ap-northeast-2", account or "123456789012"


def _role(snap: dict[str, Any], fn: dict[str, Any]) -> dict[str, Any] | None:
    arn = text(fn.get("Role"))
    roles = dicts(sub(snap, "iam"), "roles")
    found = next((r for r in roles if text(r.get("Arn")) == arn), None)
    name = arn.rsplit("/", 1)[-1]
    return found or next((r for r in roles if name and text(r.get("RoleName")) == name), None)


def _policy_document(snap: dict[str, Any], arn: str) -> Any:
    for policy in dicts(sub(snap, "iam"), "policies"):
        if text(policy.get("Arn")) == arn:
            return policy.get("Document")
    return None


TABLE_MISSING: Result = (
    False, TABLE, msg("there is no DynamoDB table named {table}", table=TABLE),
    msg("dynamodb.create_table(TableName='Users', KeySchema=[{{'AttributeName': 'userId', 'KeyType': 'HASH'}}], "
        "AttributeDefinitions=[{{'AttributeName': 'userId', 'AttributeType': 'S'}}], BillingMode='PAY_PER_REQUEST')"),
)
FUNCTION_MISSING: Result = (
    False, FUNCTION, msg("there is no Lambda function named {function}", function=FUNCTION),
    msg("lambda.create_function(FunctionName='get-user', Runtime='python3.12', Role=<role ARN>, "
        "Handler='lambda_function.lambda_handler', Code={{'ZipFile': <zip bytes>}})"),
)


def _semicolons(parts: list[Any]) -> Any:
    """``"; ".join(parts)`` that keeps each part's translation."""
    return join("; ", parts)


# -- configuration checks ---------------------------------------------------------
def _check_table(snap: dict[str, Any]) -> Result:
    table = _table(snap)
    if table is None:
        return TABLE_MISSING
    schema = [(text(k.get("AttributeName")), text(k.get("KeyType"))) for k in dicts(table, "KeySchema")]
    types = {text(a.get("AttributeName")): text(a.get("AttributeType")) for a in dicts(table, "AttributeDefinitions")}
    if schema != [("userId", "HASH")]:
        shown = ", ".join(f"{n} ({t})" for n, t in schema)
        problem = (msg("{table}'s key is {shown}; it should be the partition key userId alone", table=TABLE, shown=shown)
                   if shown else msg("{table}'s key is none; it should be the partition key userId alone", table=TABLE))
        return (False, TABLE, problem,
                msg("A table's key cannot change: delete Users and create it again with "
                    "KeySchema=[{{'AttributeName': 'userId', 'KeyType': 'HASH'}}] (get_item then needs only the userId)."))
    if types.get("userId") != "S":
        return (False, TABLE, msg("{table}'s userId is of type {type}; API Gateway path parameters are strings, so it "
                                  "should be S", table=TABLE, type=types.get('userId') or '?'),
                msg("Create the table again with AttributeType 'S' for userId."))
    return True, TABLE, msg("{table} is keyed by userId (string partition key)", table=TABLE), ""


def _supported_python(runtime: str) -> bool:
    match = re.fullmatch(r"python3\.(\d+)", runtime)
    return bool(match) and int(match.group(1)) >= 9


def _check_function(snap: dict[str, Any]) -> Result:
    fn = _function(snap)
    if fn is None:
        return FUNCTION_MISSING
    runtime = text(fn.get("Runtime"))
    if not _supported_python(runtime):
        problem = (msg("{function} uses runtime {runtime}; this task needs a supported Python runtime (python3.9 or "
                       "newer)", function=FUNCTION, runtime=runtime) if runtime else
                   msg("{function} uses runtime none; this task needs a supported Python runtime (python3.9 or "
                       "newer)", function=FUNCTION))
        return (False, FUNCTION, problem,
                msg("lambda.update_function_configuration(FunctionName='get-user', Runtime='python3.12')"))
    problems = []
    memory, timeout, size = num(fn.get("MemorySize")), num(fn.get("Timeout")), num(fn.get("CodeSize"))
    if memory is None or not MEMORY_RANGE[0] <= memory <= MEMORY_RANGE[1]:
        problems.append(msg("MemorySize {memory} MB is outside 128-10,240 MB", memory=fn.get('MemorySize')))
    if timeout is None or not 1 <= timeout <= MAX_TIMEOUT:
        problems.append(msg("Timeout {timeout} s is outside 1-900 s (15 minutes at most)", timeout=fn.get('Timeout')))
    if size is not None and size > MAX_ZIPPED:
        problems.append(msg("the package is {size} bytes, over the 50 MB zipped limit", size=size))
    if problems:
        return (False, FUNCTION, msg("{function}: {problems}", function=FUNCTION, problems=_semicolons(problems)),
                msg("Lambda's limits: memory 128-10,240 MB, timeout up to 900 s, packages up to 50 MB zipped "
                    "(250 MB unzipped). Fix them with lambda.update_function_configuration(...)."))
    role = _role(snap, fn)
    if role is None:
        return (False, FUNCTION, msg("{function}'s role {role} is not a role in this account", function=FUNCTION,
                                     role=text(fn.get('Role'), '?')),
                msg("iam.create_role(RoleName='get-user-role', AssumeRolePolicyDocument=<trust policy for "
                    "lambda.amazonaws.com>), then update_function_configuration(FunctionName='get-user', "
                    "Role=<its ARN>)"))
    from ..iam import evaluate

    try:
        trusted = evaluate(None, "sts:AssumeRole", text(role.get("Arn")), principal="lambda.amazonaws.com",
                           resource_policy=role.get("AssumeRolePolicyDocument")).decision == "allowed"
    except LabkitError as err:
        return False, text(role.get("RoleName"), "?"), msg("the role's trust policy cannot be read: {error}", error=err), \
            msg("iam.update_assume_role_policy(RoleName=..., PolicyDocument=<trust policy for lambda.amazonaws.com>)")
    if not trusted:
        return (False, text(role.get("RoleName"), "?"),
                msg("role {role}'s trust policy does not let lambda.amazonaws.com assume it, so {function} could not "
                    "run with it", role=role.get('RoleName'), function=FUNCTION),
                msg("iam.update_assume_role_policy(RoleName=..., PolicyDocument=json.dumps({{'Version': '2012-10-17', "
                    "'Statement': [{{'Effect': 'Allow', 'Principal': {{'Service': 'lambda.amazonaws.com'}}, "
                    "'Action': 'sts:AssumeRole'}}]}}))"))
    return (True, FUNCTION, msg("{function} runs {runtime} with {memory} MB and a {timeout} s timeout, as role {role} "
                                "that Lambda may assume", function=FUNCTION, runtime=runtime, memory=memory,
                                timeout=timeout, role=role.get('RoleName')), "")


def _requests(table_arn: str) -> list[tuple[str, str, bool]]:
    """(action, resource, should be allowed): what get-user's role may and may not do."""
    other = table_arn.rsplit("/", 1)[0] + "/Orders"
    denied = ("PutItem", "UpdateItem", "DeleteItem", "Scan", "Query", "BatchGetItem", "BatchWriteItem", "DeleteTable")
    return ([("dynamodb:GetItem", table_arn, True)]
            + [(f"dynamodb:{a}", table_arn, False) for a in denied]
            + [("dynamodb:Query", table_arn + "/index/by-email", False), ("dynamodb:GetItem", other, False)])


def _check_least_privilege(snap: dict[str, Any]) -> Result:
    fn = _function(snap)
    if fn is None:
        return FUNCTION_MISSING
    role = _role(snap, fn)
    if role is None:
        return (False, FUNCTION, msg("{function}'s role {role} is not in the snapshot", function=FUNCTION,
                                     role=text(fn.get('Role'), '?')),
                msg("Create the role with iam.create_role and give it to the function."))
    name = text(role.get("RoleName"), "?")
    policies = [doc for _, doc in sorted(sub(role, "InlinePolicies").items())]
    for arn in listed(role, "AttachedPolicies"):
        doc = _policy_document(snap, text(arn))
        if doc is None:
            return (False, name, msg("role {role} has policy {policy} attached, whose document is not in the "
                                     "snapshot, so its permissions cannot be judged", role=name, policy=text(arn, '?')),
                    msg("Use a customer managed policy (iam.create_policy) or an inline policy (iam.put_role_policy)."))
        policies.append(doc)
    boundary_arn = text(sub(role, "PermissionsBoundary").get("PermissionsBoundaryArn"))
    boundary = _policy_document(snap, boundary_arn) if boundary_arn else None
    region, account = _where(snap)
    table_arn = text((_table(snap) or {}).get("TableArn")) or f"arn:aws:dynamodb:{region}:{account}:table/{TABLE}"
    caller = f"arn:aws:sts::{account}:assumed-role/{name}/{FUNCTION}"
    from ..iam import evaluate

    wrong = []
    try:
        for action, resource, should in _requests(table_arn):
            decision = evaluate(policies, action, resource, principal=caller,
                                permissions_boundary=boundary).decision
            if (decision == "allowed") != should:
                target = resource.rsplit(":", 1)[-1]
                wrong.append(msg("denies {action} on {target}", action=action, target=target) if should
                             else msg("allows {action} on {target}", action=action, target=target))
    except LabkitError as err:
        return (False, name, msg("role {role}'s policies cannot be evaluated: {error}", role=name, error=err),
                msg("Fix the policy document (Version 2012-10-17, Effect/Action/Resource in every statement)."))
    if wrong:
        return (False, name, msg("role {role} {wrong} (it should allow only dynamodb:GetItem on {table})", role=name,
                                 wrong=_semicolons(wrong), table=TABLE),
                msg("Allow exactly {{'Effect': 'Allow', 'Action': 'dynamodb:GetItem', 'Resource': '{table_arn}'}}; "
                    "no dynamodb:* and no Resource '*'. Edit it with iam.create_policy_version(..., SetAsDefault=True) "
                    "or iam.put_role_policy.", table_arn=table_arn))
    return True, name, msg("role {role} may call dynamodb:GetItem on {table} and nothing else in DynamoDB", role=name,
                           table=TABLE), ""


def _check_concurrency(snap: dict[str, Any]) -> Result:
    fn = _function(snap)
    if fn is None:
        return FUNCTION_MISSING
    reserved = num(fn.get("ReservedConcurrentExecutions"))
    hint = msg("lambda.put_function_concurrency(FunctionName='get-user', ReservedConcurrentExecutions=10)")
    if reserved is None:
        return False, FUNCTION, msg("{function} has no reserved concurrency", function=FUNCTION), hint
    if reserved < 1:
        return (False, FUNCTION, msg("{function}'s reserved concurrency is {reserved}, which throttles every request",
                                     function=FUNCTION, reserved=reserved), hint)
    total = sum(num(f.get("ReservedConcurrentExecutions")) or 0 for f in dicts(sub(snap, "lambda"), "functions"))
    limit = ACCOUNT_CONCURRENCY - UNRESERVED_MINIMUM
    if total > limit:
        return (False, FUNCTION, msg("functions reserve {total} concurrent executions in all; with the account's "
                                     "default {default:,}, at most {limit} can be reserved ({unreserved} stay "
                                     "unreserved)", total=total, default=ACCOUNT_CONCURRENCY, limit=limit,
                                     unreserved=UNRESERVED_MINIMUM),
                hint)
    return True, FUNCTION, msg("{function} reserves {reserved} concurrent executions", function=FUNCTION,
                               reserved=reserved), ""


def _check_alias(snap: dict[str, Any]) -> Result:
    fn = _function(snap)
    if fn is None:
        return FUNCTION_MISSING
    hint = msg("version = lambda.publish_version(FunctionName='get-user')['Version']; "
               "lambda.create_alias(FunctionName='get-user', Name='live', FunctionVersion=version)")
    alias = next((a for a in dicts(fn, "Aliases") if a.get("Name") == ALIAS), None)
    if alias is None:
        return False, FUNCTION, msg("{function} has no alias {alias}", function=FUNCTION, alias=ALIAS), hint
    target = text(alias.get("FunctionVersion"))
    published = {text(v.get("Version")) for v in dicts(fn, "Versions")}
    if not target.isdigit():
        return (False, f"{FUNCTION}:{ALIAS}",
                msg("alias {alias} points at {target}, not at a published version; $LATEST changes with every update",
                    alias=ALIAS, target=target or '?'),
                msg("version = lambda.publish_version(FunctionName='get-user')['Version']; "
                    "lambda.update_alias(FunctionName='get-user', Name='live', FunctionVersion=version)"))
    if target not in published:
        return (False, f"{FUNCTION}:{ALIAS}",
                msg("alias {alias} points at version {target}, which does not exist", alias=ALIAS, target=target), hint)
    return True, f"{FUNCTION}:{ALIAS}", msg("alias {alias} points at published version {target}", alias=ALIAS,
                                            target=target), ""


# -- behaviour: running get-user ---------------------------------------------------------
def api_gateway_event(user_id: str, account_id: str = "123456789012") -> dict[str, Any]:
    """An API Gateway REST API proxy event for ``GET /users/{userId}`` (what the seed's handler reads)."""
    return {
        "resource": "/users/{userId}",
        "path": f"/users/{user_id}",
        "httpMethod": "GET",
        "headers": {"Accept": "application/json", "Host": "api.example.com"},
        "multiValueHeaders": {"Accept": ["application/json"], "Host": ["api.example.com"]},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": {"userId": user_id},
        "stageVariables": None,
        "requestContext": {
            "accountId": account_id, "resourcePath": "/users/{userId}", "httpMethod": "GET",
            "path": f"/prod/users/{user_id}", "stage": "prod", "requestId": "labkit-grader",
            "identity": {"sourceIp": "203.0.113.10"},
        },
        "body": None,
        "isBase64Encoded": False,
    }


@dataclass
class _Run:
    """get-user run for one user present in Users and one absent, or why it could not run."""

    problem: str = ""
    hint: str = ""
    present: str = ""
    item: dict[str, Any] = field(default_factory=dict)
    absent: str = ""
    found: dict[str, Any] = field(default_factory=dict)
    missing: dict[str, Any] = field(default_factory=dict)


# The run made for lambda.found, kept for lambda.not_found of the same grading (same snapshot, same lab).
_PENDING: list[tuple[dict[str, Any], Any, _Run]] = []


def _decode_binary(value: Any) -> Any:
    """A typed attribute from the snapshot (binary as base64) back to what boto3 sends."""
    if not isinstance(value, dict) or len(value) != 1:
        return value
    kind, raw = next(iter(value.items()))
    if kind == "B" and isinstance(raw, str):
        return {"B": base64.b64decode(raw)}
    if kind == "BS" and isinstance(raw, list):
        return {"BS": [base64.b64decode(v) for v in raw]}
    if kind == "M" and isinstance(raw, dict):
        return {"M": {k: _decode_binary(v) for k, v in raw.items()}}
    if kind == "L" and isinstance(raw, list):
        return {"L": [_decode_binary(v) for v in raw]}
    return value


def _invoke_both(lab: Lab, run: _Run, account: str) -> None:
    for user_id, slot in ((run.present, "found"), (run.absent, "missing")):
        response = lab.invoke(FUNCTION, api_gateway_event(user_id, account))
        try:
            payload = json.loads(response.get("Payload") or b"null")
        except ValueError:
            payload = None
        setattr(run, slot, {"error": response.get("FunctionError"), "payload": payload})


def _live_mismatch(lab: Lab, snap: dict[str, Any], fn: dict[str, Any], table: dict[str, Any]) -> str:
    """Why the snapshot is not from ``lab`` ("" when it is)."""
    from botocore.exceptions import ClientError

    region, account = _where(snap)
    if (region, account) != (lab.region, lab.account_id):
        return msg("it is from account {account} in {region}, the open lab is {lab_account} in {lab_region}",
                   account=account, region=region, lab_account=lab.account_id, lab_region=lab.region)
    try:
        live = lab.client("lambda").get_function(FunctionName=FUNCTION)["Configuration"]
    except ClientError:
        return msg("the open lab has no function {function}", function=FUNCTION)
    for key in ("CodeSha256", "Handler", "Runtime", "Environment"):
        if tidy(live.get(key)) != fn.get(key):
            return msg("{function}'s {key} differs", function=FUNCTION, key=key)
    if table.get("Items") is not None:
        try:
            items = scan_items(lab.client("dynamodb"), TABLE, key_names(table))
        except ClientError:
            return msg("the open lab has no table {table}", table=TABLE)
        if tidy(items) != table.get("Items"):
            return msg("the items of {table} differ", table=TABLE)
    return ""


def _restore_and_invoke(snap: dict[str, Any], fn: dict[str, Any], table: dict[str, Any], run: _Run) -> None:
    """Offline: a temporary lab with the role, the table and the function from the snapshot."""
    from ..lab import Lab

    region, account = _where(snap)
    sha = text(fn.get("CodeSha256"))
    packed = sub(sub(snap, "lambda"), "packages").get(sha)
    if not isinstance(packed, str):
        run.problem = msg("{function}'s package is not in the snapshot (packages over 1 MB are left out), so it "
                          "cannot be run offline", function=FUNCTION)
        run.hint = msg("Grade it in the live lab (labkit.grade('lambda.users_api')) or keep the package under 1 MB.")
        return
    try:
        package = base64.b64decode(packed, validate=True)
    except (binascii.Error, ValueError):
        package = b""
    if base64.b64encode(hashlib.sha256(package).digest()).decode("ascii") != sha:
        run.problem = msg("the package stored for {function} does not match its CodeSha256 (the snapshot was edited)",
                          function=FUNCTION)
        run.hint = msg("Submit an unedited snapshot.")
        return
    try:
        temporary = Lab(seed=0, region=region)
    except LabkitError:  # a mangled header: the function still runs, in the default region
        temporary = Lab(seed=0)
    role = _role(snap, fn) or {}
    with temporary as lab:
        iam = lab.client("iam")
        role_arn = iam.create_role(
            RoleName=text(role.get("RoleName")) or "get-user-role", Path=text(role.get("Path")) or "/",
            AssumeRolePolicyDocument=json.dumps(role.get("AssumeRolePolicyDocument") or LAMBDA_TRUST),
        )["Role"]["Arn"]
        ddb = lab.client("dynamodb")
        ddb.create_table(TableName=TABLE, KeySchema=dicts(table, "KeySchema"),
                         AttributeDefinitions=dicts(table, "AttributeDefinitions"), BillingMode="PAY_PER_REQUEST")
        for item in dicts(table, "Items"):
            ddb.put_item(TableName=TABLE, Item={k: _decode_binary(v) for k, v in item.items()})
        kwargs: dict[str, Any] = {
            "FunctionName": FUNCTION, "Runtime": text(fn.get("Runtime")), "Role": role_arn,
            "Handler": text(fn.get("Handler")), "Code": {"ZipFile": package},
            "Timeout": num(fn.get("Timeout")) or 3, "MemorySize": num(fn.get("MemorySize")) or 128,
        }
        variables = sub(sub(fn, "Environment"), "Variables")
        if variables:
            kwargs["Environment"] = {"Variables": {str(k): text(v) for k, v in variables.items()}}
        lab.client("lambda").create_function(**kwargs)
        _invoke_both(lab, run, account)


def _behaviour(snap: dict[str, Any], *, reuse: bool) -> _Run:
    """Run get-user for ``snap``; ``reuse`` takes the run the previous check just made, once."""
    from ..lab import current

    try:
        lab: Lab | None = current()
    except LabkitError:
        lab = None
    if reuse and _PENDING and _PENDING[0][0] is snap and _PENDING[0][1] is lab:
        return _PENDING.pop()[2]
    run = _run(snap, lab)
    _PENDING[:] = [] if reuse else [(snap, lab, run)]
    return run


def _run(snap: dict[str, Any], lab: Lab | None) -> _Run:
    fn, table = _function(snap), _table(snap)
    if fn is None:
        return _Run(FUNCTION_MISSING[2], FUNCTION_MISSING[3])
    if table is None:
        return _Run(TABLE_MISSING[2], TABLE_MISSING[3])
    items = table.get("Items")
    if items is None and lab is None:
        return _Run(msg("{table} has more than 100 items, so the snapshot does not carry them and {function} cannot "
                        "be run offline", table=TABLE, function=FUNCTION),
                    msg("Grade it in the live lab (labkit.grade('lambda.users_api'))."))
    if items is None:
        assert lab is not None
        items = scan_items(lab.client("dynamodb"), TABLE, key_names(table), limit=10**6) or []
    ids = [text(sub(i, "userId").get("S")) for i in items if isinstance(i, dict)]
    ids = [i for i in ids if i]
    if not ids:
        return _Run(msg("{table} holds no item with a string userId, so there is no user to look up", table=TABLE),
                    msg("dynamodb.put_item(TableName='Users', Item={{'userId': {{'S': 'u-1001'}}, "
                        "'name': {{'S': 'Kim Minji'}}}})"))
    present = ids[0]
    item = next(i for i in items if isinstance(i, dict) and text(sub(i, "userId").get("S")) == present)
    absent = next(f"u-missing-{n}" for n in range(len(ids) + 1) if f"u-missing-{n}" not in ids)
    run = _Run(present=present, item=item, absent=absent)
    try:
        if lab is not None:
            mismatch = _live_mismatch(lab, snap, fn, table)
            if mismatch:
                run.problem = msg("this snapshot is not from the open lab ({mismatch}), so {function} cannot be run "
                                  "to grade it", mismatch=mismatch, function=FUNCTION)
                run.hint = msg("Grade the open lab itself (labkit.grade('lambda.users_api')), or grade the submission "
                               "with no lab open (lab.stop(), or the labkit grade command) so it runs in a temporary "
                               "lab.")
                return run
            _invoke_both(lab, run, lab.account_id)
        else:
            _restore_and_invoke(snap, fn, table, run)
    except LabkitError as err:
        run.problem = msg("{function} could not be run: {error}", function=FUNCTION, error=err)
        run.hint = msg("Fix the function's configuration or package as the message says.")
    return run


def _plain(value: Any) -> Any:
    """A typed DynamoDB value as the JSON a handler would return (numbers as Decimal, sets as sets)."""
    if not isinstance(value, dict) or len(value) != 1:
        return value
    kind, raw = next(iter(value.items()))
    if kind == "N":
        return decimal.Decimal(str(raw))
    if kind in ("SS", "BS"):
        return frozenset(raw)
    if kind == "NS":
        return frozenset(decimal.Decimal(str(v)) for v in raw)
    if kind == "L":
        return [_plain(v) for v in raw]
    if kind == "M":
        return {k: _plain(v) for k, v in raw.items()}
    if kind == "NULL":
        return None
    return raw


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, decimal.Decimal):
        if isinstance(got, bool) or not isinstance(got, (int, float, str)):
            return False
        try:
            return decimal.Decimal(str(got)) == expected
        except decimal.InvalidOperation:
            return False
    if isinstance(expected, frozenset):
        return isinstance(got, list) and len(got) == len(expected) and \
            all(any(_same(e, g) for e in expected) for g in got)
    if isinstance(expected, list):
        return isinstance(got, list) and len(got) == len(expected) and all(map(_same, expected, got))
    if isinstance(expected, dict):
        return isinstance(got, dict) and set(got) == set(expected) and all(_same(expected[k], got[k]) for k in expected)
    return type(expected) is type(got) and expected == got


def _proxy_response(outcome: dict[str, Any], user_id: str) -> tuple[Any, Any, str]:
    """(statusCode, parsed body, problem) of an API Gateway proxy response."""
    payload = outcome.get("payload")
    if outcome.get("error"):
        detail = payload if isinstance(payload, dict) else {}
        return None, None, msg("{function} failed for userId {user_id}: {error_type}: {error_message}",
                               function=FUNCTION, user_id=user_id, error_type=text(detail.get('errorType'), 'error'),
                               error_message=text(detail.get('errorMessage')))
    if not isinstance(payload, dict) or "statusCode" not in payload:
        return None, None, msg("{function} returned {payload} for userId {user_id}, not an API Gateway proxy response "
                               "({{'statusCode': ..., 'headers': ..., 'body': ...}})", function=FUNCTION,
                               payload=json.dumps(payload)[:80], user_id=user_id)
    body = payload.get("body")
    if body is not None and not isinstance(body, str):
        return num(payload.get("statusCode")), None, msg(
            "{function}'s body for userId {user_id} is a {kind}; API Gateway needs a string (json.dumps(...)) and "
            "answers 502 otherwise", function=FUNCTION, user_id=user_id, kind=type(body).__name__)
    try:
        parsed = json.loads(body) if body else None
    except ValueError:
        return num(payload.get("statusCode")), None, msg("{function}'s body for userId {user_id} is not JSON: {body!r}",
                                                         function=FUNCTION, user_id=user_id, body=body[:60])
    return num(payload.get("statusCode")), parsed, ""


def _check_found(snap: dict[str, Any]) -> Result:
    run = _behaviour(snap, reuse=False)
    if run.problem:
        return False, FUNCTION, run.problem, run.hint
    status, body, problem = _proxy_response(run.found, run.present)
    hint = msg("For an item found, return {{'statusCode': 200, 'headers': {{'Content-Type': 'application/json'}}, "
               "'body': json.dumps(item)}} (numbers from DynamoDB are Decimal: json.dumps(item, default=...)).")
    if problem:
        return False, FUNCTION, problem, hint
    if status != 200:
        return (False, FUNCTION, msg("{function} answered {status} for userId {user_id}, which is in {table}; expected "
                                     "200", function=FUNCTION, status=status, user_id=run.present, table=TABLE), hint)
    if not isinstance(body, dict):
        return (False, FUNCTION, msg("{function}'s 200 body for userId {user_id} is not a JSON object",
                                     function=FUNCTION, user_id=run.present), hint)
    for name, typed in sorted(run.item.items()):
        got = body.get(name)
        if not (_same(_plain(typed), got) or got == typed):
            return (False, FUNCTION, msg("{function}'s body for userId {user_id} should carry the item; attribute "
                                         "{name} is {got}, the table has {expected}", function=FUNCTION,
                                         user_id=run.present, name=name, got=json.dumps(got)[:60],
                                         expected=json.dumps(tidy(typed))[:60]), hint)
    return True, FUNCTION, msg("{function} answers 200 with user {user_id}'s item as JSON", function=FUNCTION,
                               user_id=run.present), ""


def _check_not_found(snap: dict[str, Any]) -> Result:
    run = _behaviour(snap, reuse=True)
    if run.problem:
        return False, FUNCTION, run.problem, run.hint
    status, body, problem = _proxy_response(run.missing, run.absent)
    hint = msg("When get_item returns no 'Item', return {{'statusCode': 404, 'headers': {{'Content-Type': "
               "'application/json'}}, 'body': json.dumps({{'error': 'User not found'}})}}.")
    if problem:
        return False, FUNCTION, msg("{problem} (a user that is not in the table)", problem=problem), hint
    if status != 404:
        return (False, FUNCTION, msg("{function} answered {status} for userId {user_id}, which is not in {table}; "
                                     "expected 404", function=FUNCTION, status=status, user_id=run.absent,
                                     table=TABLE), hint)
    if not isinstance(body, dict) or not body:
        return (False, FUNCTION, msg("{function}'s 404 for userId {user_id} has no JSON error body (got {body})",
                                     function=FUNCTION, user_id=run.absent, body=json.dumps(body)[:60]), hint)
    return True, FUNCTION, msg("{function} answers 404 with a JSON error for an unknown user", function=FUNCTION), ""


# -- the reference solution ---------------------------------------------------------------
HANDLER_CODE = '''\
"""get-user: the seed's API Gateway -> Lambda -> DynamoDB lookup (without Powertools)."""
import json
import os
from decimal import Decimal

import boto3

table = boto3.resource("dynamodb").Table(os.environ.get("TABLE_NAME", "Users"))


def _number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _response(status, body):
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body, default=_number),
    }


def lambda_handler(event, context):
    user_id = (event.get("pathParameters") or {}).get("userId")
    if not user_id:
        return _response(400, {"error": "userId is required"})
    try:
        item = table.get_item(Key={"userId": user_id}).get("Item")
    except Exception as err:
        print(f"Failed to fetch user {user_id}: {err}")
        return _response(500, {"error": "Internal server error"})
    if item is None:
        return _response(404, {"error": "User not found"})
    return _response(200, item)
'''


def build_get_user_role(lab: Lab, actions: str | list[str] = "dynamodb:GetItem") -> str:
    """Role ``get-user-role`` for Lambda with customer managed policy ``GetUserReadOnly``; returns its ARN."""
    iam = lab.client("iam")
    role = iam.create_role(RoleName=ROLE, AssumeRolePolicyDocument=json.dumps(LAMBDA_TRUST),
                           Description="Execution role of get-user")["Role"]
    table_arn = lab.client("dynamodb").describe_table(TableName=TABLE)["Table"]["TableArn"]
    policy = {"Version": "2012-10-17",
              "Statement": [{"Sid": "ReadUsers", "Effect": "Allow", "Action": actions, "Resource": table_arn}]}
    arn = iam.create_policy(PolicyName=POLICY, PolicyDocument=json.dumps(policy))["Policy"]["Arn"]
    iam.attach_role_policy(RoleName=ROLE, PolicyArn=arn)
    return role["Arn"]


def solve_users_api(lab: Lab) -> None:
    """The reference solution: table, role, function, version, alias ``live``, reserved concurrency."""
    build_users_table(lab)
    role_arn = build_get_user_role(lab)
    lam = lab.client("lambda")
    lam.create_function(
        FunctionName=FUNCTION, Runtime="python3.12", Role=role_arn, Handler="lambda_function.lambda_handler",
        Code={"ZipFile": zip_package({"lambda_function.py": HANDLER_CODE})},
        Timeout=10, MemorySize=256, Environment={"Variables": {"TABLE_NAME": TABLE}},
        Description="GET /users/{userId}",
    )
    version = lam.publish_version(FunctionName=FUNCTION)["Version"]
    lam.create_alias(FunctionName=FUNCTION, Name=ALIAS, FunctionVersion=version)
    lam.put_function_concurrency(FunctionName=FUNCTION, ReservedConcurrentExecutions=10)


register(Task(
    id="lambda.users_api",
    topic="lambda",
    title="A serverless user lookup: API Gateway → Lambda → DynamoDB",
    text=(
        "Build the seed's serverless (서버리스) user lookup. Create a DynamoDB table `Users` whose partition key is "
        "`userId` (a string) and put a few users in it, e.g. `{'userId': 'u-1001', 'name': 'Kim Minji'}`. Write a "
        "Python handler like the seed's example: it reads `event['pathParameters']['userId']` from an API Gateway "
        "proxy event, calls `get_item`, and returns `{'statusCode': 200, 'headers': {...}, 'body': json.dumps(item)}` "
        "when the user exists and a 404 with a JSON error body such as `{\"error\": \"User not found\"}` when it does "
        "not (the lab has no `aws_lambda_powertools`, so leave out its decorators; DynamoDB numbers come back as "
        "`Decimal`). Zip it and create function `get-user` on a Python runtime with an execution role that may call "
        "only `dynamodb:GetItem` on `Users` (least privilege, 최소 권한). Publish a version and point alias `live` at "
        "it (not at `$LATEST`), and set the function's reserved concurrency. Try it with "
        "`lab.invoke('get-user', event)`. Stay within Lambda's limits from the seed: up to 15 minutes (900 s) per "
        "run, memory 128-10,240 MB, /tmp up to 10 GB, packages 50 MB zipped and 250 MB unzipped (container images up "
        "to 10 GB), and 1,000 concurrent executions (동시 실행) per account by default (adjustable), of which 100 "
        "always stay unreserved."
    ),
    starter=None,
    solution=solve_users_api,
    services=("dynamodb", "lambda", "iam"),
    checks=(
        Check("lambda.table", 2, msg("Users keyed by userId"), _check_table, DDB_DOC + "HowItWorks.CoreComponents.html"),
        Check("lambda.function", 1, msg("get-user on a Python runtime with a Lambda role"), _check_function,
              LAMBDA_DOC + "lambda-python.html"),
        Check("lambda.least_privilege", 3, msg("the role may only GetItem on Users"), _check_least_privilege,
              DDB_DOC + "using-identity-based-policies.html"),
        Check("lambda.found", 2, msg("200 with the item for a known user"), _check_found,
              "https://docs.aws.amazon.com/apigateway/latest/developerguide/"
              "set-up-lambda-proxy-integrations.html"),
        Check("lambda.not_found", 2, msg("404 with a JSON error for an unknown user"), _check_not_found,
              "https://docs.aws.amazon.com/apigateway/latest/developerguide/"
              "set-up-lambda-proxy-integrations.html"),
        Check("lambda.concurrency", 1, msg("reserved concurrency set"), _check_concurrency,
              LAMBDA_DOC + "configuration-concurrency.html"),
        Check("lambda.alias", 1, msg("alias live on a published version"), _check_alias,
              LAMBDA_DOC + "configuration-aliases.html"),
    ),
))
