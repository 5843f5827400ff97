"""``lab.invoke()``: run a Lambda function's deployment package inside this process.

moto stores Lambda functions but runs them only in Docker, which a learner's
kernel does not have. labkit runs Python packages the way Lambda's Python
runtime does, without a container:

1. **Configuration and package** come from moto's Lambda backend for the
   lab's account and region, the same lookup that answers boto3's
   ``get_function``, so names, ARNs, versions and aliases (``"get-user:live"``)
   resolve as Lambda resolves them (unknown names go through boto3 for the
   error). The package cannot come from ``get_function``'s ``Code.Location``:
   moto answers with a URL in a bucket it never creates (and the guard refuses
   the real host). It is checked against the configuration's ``CodeSha256``.
2. The zip is unpacked once per code hash into ``$LABKIT_HOME/cache/lambda/<sha256>``
   (Lambda's ``/var/task``); at most 250 MB unpacked, the seed's limit.
3. The handler (``Handler`` = ``module.function``; ``pkg/mod.function`` and
   ``pkg.mod.function`` both name ``pkg/mod.py``, as in Lambda) is imported
   from that folder, first on ``sys.path``, in **isolation**: the package's
   modules live in a private table that is swapped into ``sys.modules`` only
   during a call, so two functions that each have a ``lambda_function.py`` or
   a ``utils.py`` never see each other's, and a notebook's own
   ``lambda_function`` module never stands in for the package's. Libraries the
   kernel already imported from the standard library or site-packages (boto3,
   which moto has patched) are shared, like the runtime's own boto3. Entries the
   package adds to ``sys.path`` (a ``vendor/`` folder) are kept for its calls only.
4. A loaded module is a **warm container**: it is reused while the function
   version, its code hash, handler and environment stay the same; new code,
   a new configuration, ``lab.reset()`` or a new lab start a cold one.
5. For the call only, ``os.environ`` gets the function's ``Environment``
   variables plus Lambda's reserved ones (``AWS_REGION``,
   ``AWS_LAMBDA_FUNCTION_NAME``, ``_HANDLER``...), the working directory is the
   package folder, and ``sys.stdout``/``sys.stderr`` are captured; all of it is
   put back afterwards. boto3 inside the handler reaches the lab because the
   lab's environment and moto's patches are already in place.
6. The result is shaped like boto3's ``invoke`` response: ``StatusCode`` 200,
   ``ExecutedVersion``, ``Payload`` as **bytes** of JSON (what
   ``response["Payload"].read()`` gives with boto3, so ``json.loads`` reads
   both), ``LogResult`` (base64 of the last 4 KB of the log, like
   ``LogType="Tail"``), and on failure ``FunctionError="Unhandled"`` with
   Lambda's ``errorMessage``/``errorType``/``requestId``/``stackTrace`` payload
   (package paths shown as ``/var/task``). Import-time failures are reported
   like Lambda's init errors (``Runtime.ImportModuleError``,
   ``Runtime.UserCodeSyntaxError``); a result JSON cannot hold is
   ``Runtime.MarshalError`` (``Decimal`` is encoded as a number, as the
   runtime does).

Mistakes in the *setup* rather than in the code raise :class:`LabkitError`
with the fix: unknown function or qualifier, a package that is not a zip,
a handler module or function that is not there, an event that is not JSON,
a runtime other than Python.

Not modelled: the timeout cannot interrupt a running handler; a handler that
ran longer than ``Timeout`` gets Lambda's timeout error instead of its result
afterwards. Layers are not loaded; the kernel's Python runs every
``python3.x`` runtime; nothing is written to CloudWatch Logs (the account's
state changes only by what the handler itself calls).
"""

from __future__ import annotations

import base64
import contextlib
import decimal
import functools
import hashlib
import importlib
import io
import json
import os
import shutil
import sys
import sysconfig
import time
import traceback
import uuid
import weakref
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from . import _moto
from .errors import LabkitError

if TYPE_CHECKING:
    from .lab import Lab

__all__ = ["invoke", "package_bytes", "zip_package", "LambdaContext", "MAX_UNZIPPED_BYTES", "MAX_PAYLOAD_BYTES"]

MAX_UNZIPPED_BYTES = 250 * 1024 * 1024  # the seed: 50 MB zipped, 250 MB unzipped
MAX_PAYLOAD_BYTES = 6 * 1024 * 1024  # synchronous invoke: request and response payloads
_TAIL_BYTES = 4096  # LogType="Tail" returns the last 4 KB
_TASK_ROOT = "/var/task"
_REQUEST_NAMESPACE = uuid.UUID("6f1c3c2e-5c4b-4d7e-9a51-6c61626b6974")
# Libraries the kernel itself needs while a handler runs: never hidden behind a package's copy.
_PROTECTED = frozenset({"labkit", "moto", "boto3", "botocore", "s3transfer", "urllib3", "jmespath", "dateutil"})


# -- the context object --------------------------------------------------------
@dataclass
class LambdaContext:
    """The ``context`` argument of a handler (the attributes of Lambda's Python runtime)."""

    function_name: str
    function_version: str
    invoked_function_arn: str
    memory_limit_in_mb: str  # a string in Lambda's Python runtime too
    aws_request_id: str
    log_group_name: str
    log_stream_name: str
    timeout_seconds: float = 3.0
    identity: Any = None
    client_context: Any = None
    _started: float = field(default_factory=time.monotonic, repr=False)

    def get_remaining_time_in_millis(self) -> int:
        """Milliseconds left before ``Timeout`` (never below 0)."""
        elapsed = time.monotonic() - self._started
        return max(0, int((self.timeout_seconds - elapsed) * 1000))


# -- the package -----------------------------------------------------------------
def package_bytes(lab: Lab, function_name: str, qualifier: str | None = None) -> bytes:
    """The deployment package (zip bytes) of ``function_name`` at ``qualifier`` ($LATEST by default).

    Read from moto's backend: moto's ``Code.Location`` points at a bucket it
    never creates, so boto3 cannot download it.
    """
    fn = _moto.lambda_function_model(lab.account_id, lab.region, function_name, qualifier or "$LATEST")
    return bytes(getattr(fn, "code_bytes", b"") or b"")


def zip_package(files: dict[str, str | bytes]) -> bytes:
    """A deployment package built in memory: ``{"lambda_function.py": code, ...}`` -> zip bytes.

    Entries are sorted and dated 1980-01-01, so the same files always give the
    same bytes (and the same ``CodeSha256``).

    Example:
        >>> from labkit.runtime import zip_package
        >>> data = zip_package({"lambda_function.py": "def lambda_handler(event, context):\\n    return 1\\n"})
        >>> data[:2]
        b'PK'
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


def _sha256_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def _cache_root() -> Path:
    from .paths import labkit_home

    return labkit_home() / "cache" / "lambda"


def _unpacked(package: bytes, function_name: str) -> Path:
    """The package unzipped into the cache (once per code hash), as Lambda's /var/task."""
    if not zipfile.is_zipfile(io.BytesIO(package)):
        raise LabkitError(
            f"the deployment package of {function_name!r} is not a zip archive ({len(package)} bytes). "
            "Lambda runs .zip packages: build one with zipfile (zf.writestr('lambda_function.py', code)) "
            "and upload it with lambda.update_function_code(FunctionName=..., ZipFile=data)."
        )
    digest = hashlib.sha256(package).hexdigest()
    final = _cache_root() / digest
    if final.is_dir():
        return final
    try:
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            size = sum(info.file_size for info in archive.infolist())
            if size > MAX_UNZIPPED_BYTES:
                raise LabkitError(
                    f"the package of {function_name!r} unzips to {size / 1024 / 1024:.0f} MB; Lambda allows "
                    "250 MB unzipped (50 MB zipped). Move large dependencies into a layer or a container image."
                )
            final.parent.mkdir(parents=True, exist_ok=True)
            staging = final.parent / f".{digest}.{os.getpid()}.tmp"
            shutil.rmtree(staging, ignore_errors=True)
            archive.extractall(staging)  # extractall drops absolute paths and '..' parts
    except zipfile.BadZipFile as err:
        raise LabkitError(f"the deployment package of {function_name!r} is a damaged zip archive: {err}") from None
    try:
        os.replace(staging, final)
    except OSError:  # another kernel unpacked the same package first
        shutil.rmtree(staging, ignore_errors=True)
        if not final.is_dir():
            raise
    return final


def _top_level_names(root: Path) -> frozenset[str]:
    names = set()
    for entry in root.iterdir():
        if entry.is_dir() and entry.name.isidentifier():
            names.add(entry.name)
        elif entry.suffix == ".py" and entry.stem.isidentifier():
            names.add(entry.stem)
    return frozenset(names)


def _python_files(root: Path, limit: int = 12) -> str:
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*.py") if "__pycache__" not in p.parts)
    if not files:
        return "it contains no .py file"
    more = f" and {len(files) - limit} more" if len(files) > limit else ""
    return "it contains " + ", ".join(files[:limit]) + more


# -- isolation -------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _runtime_dirs() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    dirs = {os.path.realpath(paths[k]) for k in ("stdlib", "platstdlib", "purelib", "platlib") if k in paths}
    dirs.add(os.path.realpath(str(Path(__file__).resolve().parent)))
    return tuple(sorted(dirs))


def _module_dirs(module: ModuleType) -> list[str]:
    spec_file = getattr(module, "__file__", None)
    if isinstance(spec_file, str):
        return [os.path.realpath(spec_file)]
    search = getattr(module, "__path__", None)
    try:
        return [os.path.realpath(p) for p in list(search or [])]
    except TypeError:
        return []


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder + os.sep)


def _belongs_to(module: Any, root: str) -> bool:
    """Loaded from the package folder (paths start with ``root``: it is on sys.path as given)."""
    if not isinstance(module, ModuleType):
        return False
    found = getattr(module, "__file__", None)
    dirs = [found] if isinstance(found, str) else list(getattr(module, "__path__", None) or [])
    return bool(dirs) and all(isinstance(d, str) and _inside(d, root) for d in dirs)


def _kernel_library(name: str, module: Any) -> bool:
    """Modules the kernel shares with a handler: stdlib, site-packages, built-ins, labkit's own."""
    if name.split(".", 1)[0] in _PROTECTED or not isinstance(module, ModuleType):
        return True
    dirs = _module_dirs(module)
    if not dirs:
        return True  # built-in or frozen
    runtime = _runtime_dirs()
    return all(any(_inside(d, r) for r in runtime) for d in dirs)


@dataclass
class _Container:
    """A warm execution environment: the package's private modules and its handler."""

    root: Path
    names: frozenset[str]
    modules: dict[str, ModuleType] = field(default_factory=dict)
    paths: list[str] = field(default_factory=list)  # sys.path entries the package added (e.g. a vendor/ folder)
    handler: Any = None
    invocations: int = 0


@contextlib.contextmanager
def _activated(container: _Container):
    """The package's modules in ``sys.modules`` and its folder first on ``sys.path``, then put back."""
    root = os.path.realpath(str(container.root))
    hidden: dict[str, Any] = {}
    for name in list(sys.modules):
        if name.split(".", 1)[0] in container.names:
            module = sys.modules[name]
            if not _kernel_library(name, module) or _belongs_to(module, root):
                hidden[name] = sys.modules.pop(name)
    before = set(sys.modules)
    sys.modules.update(container.modules)
    kernel_path = list(sys.path)
    sys.path[:0] = [root, *container.paths]
    if container.handler is None:
        importlib.invalidate_caches()  # a folder unpacked moments ago
    try:
        yield
    finally:
        container.paths = [p for p in dict.fromkeys(sys.path) if p not in kernel_path and p != root]
        sys.path[:] = kernel_path
        added = [name for name in sys.modules if name not in before]
        container.modules = {name: sys.modules[name] for name in added if _belongs_to(sys.modules[name], root)}
        for name in container.modules:
            sys.modules.pop(name, None)
        sys.modules.update(hidden)


@contextlib.contextmanager
def _environment(values: dict[str, str], cwd: Path):
    """``os.environ`` and the working directory for one call; restored exactly afterwards."""
    saved = dict(os.environ)
    old_cwd = os.getcwd()
    os.environ.update(values)
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(old_cwd)
        for name in [k for k in os.environ if k not in saved]:
            del os.environ[name]
        for name, value in saved.items():
            if os.environ.get(name) != value:
                os.environ[name] = value


# warm containers per moto function object (a version's model): reset/stop drop them.
_WARM: weakref.WeakKeyDictionary[Any, dict[tuple[str, ...], _Container]] = weakref.WeakKeyDictionary()


# -- errors and payloads -----------------------------------------------------------
class _Encoder(json.JSONEncoder):
    """Lambda's marshaller: Decimal (DynamoDB numbers) as JSON numbers, text as UTF-8."""

    def default(self, o: Any) -> Any:
        if isinstance(o, decimal.Decimal):
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


def _stack(tb: Any, root: str) -> list[str]:
    """Lambda's stackTrace: the user's frames, package paths shown as /var/task."""
    frames = [f for f in traceback.extract_tb(tb) if not f.filename.startswith("<frozen ")]
    return [line.replace(root + os.sep, _TASK_ROOT + "/") for line in traceback.format_list(frames)]


def _error_payload(err_type: str, message: str, request_id: str, stack: list[str]) -> dict[str, Any]:
    return {"errorMessage": message, "errorType": err_type, "requestId": request_id, "stackTrace": stack}


def _event_json(event: Any) -> str:
    if isinstance(event, (bytes, bytearray)):
        try:
            text = bytes(event).decode("utf-8")
            json.loads(text)
        except (UnicodeDecodeError, ValueError) as err:
            raise LabkitError(f"the event bytes are not a JSON document ({err}); pass a dict or JSON bytes.") from None
    else:
        try:
            text = json.dumps({} if event is None else event, allow_nan=False, ensure_ascii=False)
        except (TypeError, ValueError) as err:
            raise LabkitError(
                f"the event cannot be sent to Lambda: it must be JSON-serialisable (dicts, lists, str, int, "
                f"float, bool, None), but {err}."
            ) from None
    if len(text.encode("utf-8")) > MAX_PAYLOAD_BYTES:
        raise LabkitError("the event is larger than 6 MB, Lambda's limit for a synchronous invocation.")
    return text


# -- resolving the function ----------------------------------------------------------
def _target(lab: Lab, function_name: Any) -> tuple[str, str | None, str]:
    """(name, qualifier, region) from a name, ``name:qualifier`` or a function ARN."""
    if not isinstance(function_name, str) or not function_name.strip():
        raise LabkitError(f"function_name must be a function's name or ARN such as 'get-user', got {function_name!r}.")
    value = function_name.strip()
    region = lab.region
    if value.startswith("arn:"):
        parts = value.split(":")
        if len(parts) not in (7, 8) or parts[2] != "lambda" or parts[5] != "function":
            raise LabkitError(
                f"{value!r} is not a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER])."
            )
        if parts[4] != lab.account_id:
            raise LabkitError(f"{value!r} belongs to account {parts[4]}; this lab is account {lab.account_id}.")
        region = parts[3] or lab.region
        return parts[6], (parts[7] if len(parts) == 8 else None), region
    name, _, qualifier = value.partition(":")
    return name, (qualifier or None), region


def _resolve(lab: Lab, name: str, qualifier: str | None, region: str) -> tuple[dict[str, Any], Any]:
    """(configuration, moto's model) of the version ``qualifier`` names, as ``get_function`` resolves it.

    Read from the backend that ``get_function`` itself answers from (one boto3
    round trip less per call); a name that does not resolve goes through boto3
    for Lambda's own error and a useful message.
    """
    try:
        model = _moto.lambda_function_model(lab.account_id, region, name, qualifier)
    except Exception as err:  # moto's UnknownFunctionException and friends
        _configuration(lab, name, qualifier, region)  # raises LabkitError naming what exists
        raise LabkitError(f"could not read function {name!r} from the lab: {err}") from None
    return model.get_configuration(), model


def _configuration(lab: Lab, name: str, qualifier: str | None, region: str) -> dict[str, Any]:
    from botocore.exceptions import ClientError

    client = lab.client("lambda", region_name=region) if region != lab.region else lab.client("lambda")
    kwargs: dict[str, Any] = {"FunctionName": name}
    if qualifier:
        kwargs["Qualifier"] = qualifier
    try:
        return client.get_function(**kwargs)["Configuration"]
    except ClientError as err:
        code = err.response.get("Error", {}).get("Code", "")
        if code != "ResourceNotFoundException":
            raise LabkitError(f"Lambda refused to look up {name!r}: {err.response.get('Error', {}).get('Message', err)}") from None
    names = sorted(f["FunctionName"] for f in client.list_functions().get("Functions", []))
    if name not in names:
        listing = (f"Functions in {region}: {', '.join(names)}." if names
                   else f"There are no Lambda functions in {region} yet: create one with lambda.create_function(...).")
        raise LabkitError(f"no Lambda function named {name!r} in this lab. {listing}")
    versions = [v["Version"] for v in client.list_versions_by_function(FunctionName=name).get("Versions", [])]
    aliases = sorted(a["Name"] for a in client.list_aliases(FunctionName=name).get("Aliases", []))
    raise LabkitError(
        f"function {name!r} has no version or alias {qualifier!r}. Versions: {', '.join(versions)}; "
        f"aliases: {', '.join(aliases) or 'none'} (publish_version and create_alias make them)."
    )


def _handler_parts(handler: Any, name: str) -> tuple[str, str]:
    module, _, func = handler.rpartition(".") if isinstance(handler, str) else ("", "", "")
    if not module or not func:
        raise LabkitError(
            f"function {name!r} has Handler {handler!r}; a Python handler is 'module.function', e.g. "
            "'lambda_function.lambda_handler' for def lambda_handler(event, context) in lambda_function.py."
        )
    return module.replace("/", "."), func


def _module_present(root: Path, module: str) -> bool:
    path = root.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


# -- invoking --------------------------------------------------------------------------
def invoke(lab: Lab, function_name: str, event: Any = None) -> dict[str, Any]:
    """Run ``function_name`` (name, ``name:alias``/``name:version`` or ARN) with ``event``.

    ``event`` is what the handler receives: a JSON-serialisable value (``None``
    sends ``{}``), or bytes holding a JSON document as boto3's ``Payload``.
    See the module docstring for the response.
    """
    payload_in = _event_json(event)
    name, qualifier, region = _target(lab, function_name)
    config, model = _resolve(lab, name, qualifier, region)
    name = config.get("FunctionName", name)
    runtime = config.get("Runtime") or ""
    if config.get("PackageType") == "Image" or not str(runtime).startswith("python"):
        kind = "a container image" if config.get("PackageType") == "Image" else f"runtime {runtime or 'none'}"
        raise LabkitError(
            f"function {name!r} uses {kind}: labkit runs only Python .zip packages in-process "
            "(Runtime python3.x). Other runtimes exist in the lab as configuration but cannot be invoked."
        )
    version = str(config.get("Version", "$LATEST"))
    package = bytes(getattr(model, "code_bytes", b"") or b"")
    if not package:
        raise LabkitError(f"function {name!r} has no deployment package stored in the lab (was its S3 object missing?).")
    if config.get("CodeSha256") and _sha256_b64(package) != config["CodeSha256"]:
        raise LabkitError(f"function {name!r}'s stored package does not match its CodeSha256; upload it again.")
    module_name, func_name = _handler_parts(config.get("Handler"), name)
    root = _unpacked(package, name)
    if not _module_present(root, module_name):
        raise LabkitError(
            f"function {name!r} has Handler {config.get('Handler')!r}, but its package has no module "
            f"{module_name!r} ({module_name.replace('.', '/')}.py): {_python_files(root)}. Lambda would answer "
            "Runtime.ImportModuleError. Fix the Handler (update_function_configuration) or the package."
        )
    environment = dict((config.get("Environment") or {}).get("Variables") or {})
    key = (str(config.get("CodeSha256", "")), str(config.get("Handler")), json.dumps(environment, sort_keys=True))
    containers = _WARM.setdefault(model, {})
    container = containers.get(key)
    if container is None:
        container = containers[key] = _Container(root=root, names=_top_level_names(root))
    container.invocations += 1
    arn = str(config.get("FunctionArn", ""))
    unqualified = arn.split(":function:", 1)[0] + f":function:{name}" if ":function:" in arn else arn
    invoked_arn = f"{unqualified}:{qualifier}" if qualifier else unqualified
    request_id = str(uuid.uuid5(_REQUEST_NAMESPACE, f"{arn}#{key[0]}#{container.invocations}"))
    memory = str(config.get("MemorySize", 128))
    timeout = float(config.get("Timeout", 3) or 3)
    log_group = f"/aws/lambda/{name}"
    log_stream = f"labkit/[{version}]{hashlib.sha256(key[0].encode()).hexdigest()[:32]}"
    context = LambdaContext(
        function_name=name, function_version=version, invoked_function_arn=invoked_arn,
        memory_limit_in_mb=memory, aws_request_id=request_id, log_group_name=log_group,
        log_stream_name=log_stream, timeout_seconds=timeout,
    )
    env = {k: str(v) for k, v in environment.items()}
    env.update({  # reserved variables: Lambda does not let a function override them
        "AWS_REGION": region, "AWS_DEFAULT_REGION": region,
        "AWS_LAMBDA_FUNCTION_NAME": name, "AWS_LAMBDA_FUNCTION_VERSION": version,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": memory, "AWS_LAMBDA_LOG_GROUP_NAME": log_group,
        "AWS_LAMBDA_LOG_STREAM_NAME": log_stream, "AWS_EXECUTION_ENV": f"AWS_Lambda_{runtime}",
        "LAMBDA_TASK_ROOT": str(root), "_HANDLER": str(config.get("Handler")),
    })
    for hidden in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                   "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_EC2_METADATA_DISABLED"):
        if hidden in os.environ:  # the lab's fake credentials stay in force
            env[hidden] = os.environ[hidden]

    root_text = os.path.realpath(str(root))  # as _activated puts it on sys.path
    output = io.StringIO()
    error: dict[str, Any] | None = None
    result: Any = None
    started = time.monotonic()
    context._started = started
    with _environment(env, root), _activated(container), \
            contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        handler = container.handler
        if handler is None:
            handler, error = _load_handler(container, name, module_name, func_name, request_id, root_text)
        if error is None:
            try:
                result = handler(json.loads(payload_in), context)
            except KeyboardInterrupt:
                raise
            except BaseException as err:  # noqa: BLE001 - a handler's failure is the function's error, as in Lambda
                err_type = "Runtime.ExitError" if isinstance(err, SystemExit) else type(err).__name__
                error = _error_payload(err_type, str(err), request_id, _stack(err.__traceback__.tb_next, root_text))
    elapsed = time.monotonic() - started
    if error is None and elapsed > timeout:
        error = {"errorMessage": f"RequestId: {request_id} Error: Task timed out after {timeout:.2f} seconds",
                 "errorType": "Sandbox.Timedout"}
        containers.pop(key, None)  # Lambda discards a timed-out environment
    body: bytes
    if error is None:
        try:
            body = json.dumps(result, cls=_Encoder, ensure_ascii=False, allow_nan=False).encode("utf-8")
        except (TypeError, ValueError) as err:
            error = {"errorMessage": f"Unable to marshal response: {err}", "errorType": "Runtime.MarshalError",
                     "requestId": request_id, "stackTrace": []}
        else:
            if len(body) > MAX_PAYLOAD_BYTES:
                error = {"errorMessage": f"Response payload size ({len(body)} bytes) exceeded maximum allowed "
                         f"payload size ({MAX_PAYLOAD_BYTES} bytes).", "errorType": "Function.ResponseSizeTooLarge"}
    response: dict[str, Any] = {"StatusCode": 200, "ExecutedVersion": version}
    if error is not None:
        body = json.dumps(error, ensure_ascii=False).encode("utf-8")
        response["FunctionError"] = "Unhandled"
        output.write(f"[ERROR] {error['errorType']}: {error['errorMessage']}\n")  # Lambda's log line
        if error.get("stackTrace"):
            output.write("Traceback (most recent call last):\n" + "".join(error["stackTrace"]))
    log = (f"START RequestId: {request_id} Version: {version}\n{output.getvalue()}"
           f"END RequestId: {request_id}\nREPORT RequestId: {request_id}\tMemory Size: {memory} MB\n")
    tail = log.encode("utf-8")[-_TAIL_BYTES:]
    response["LogResult"] = base64.b64encode(tail).decode("ascii")
    response["Payload"] = body
    return response


def _load_handler(
    container: _Container, name: str, module_name: str, func_name: str, request_id: str, root: str,
) -> tuple[Any, dict[str, Any] | None]:
    """Import the handler module (Lambda's init phase). Init failures become the function's error."""
    try:
        module = importlib.import_module(module_name)
    except SyntaxError as err:
        where = f"{Path(err.filename or '?').name}, line {err.lineno}"
        return None, _error_payload("Runtime.UserCodeSyntaxError",
                                    f"Syntax error in module '{module_name}': {err.msg} ({where})", request_id, [])
    except ImportError as err:
        return None, _error_payload("Runtime.ImportModuleError",
                                    f"Unable to import module '{module_name}': {err}", request_id, [])
    except KeyboardInterrupt:
        raise
    except BaseException as err:  # noqa: BLE001 - an init error, reported like Lambda's
        return None, _error_payload(type(err).__name__, str(err), request_id, _stack(err.__traceback__.tb_next, root))
    handler = getattr(module, func_name, None)
    if not callable(handler):
        defined = sorted(n for n, v in vars(module).items()
                         if callable(v) and not n.startswith("_") and getattr(v, "__module__", None) == module.__name__)
        raise LabkitError(
            f"function {name!r} has Handler '{module_name}.{func_name}', but module {module_name!r} has no "
            f"function {func_name!r} (Lambda: Runtime.HandlerNotFound). It defines: {', '.join(defined) or 'nothing callable'}. "
            f"Fix it with lambda.update_function_configuration(FunctionName={name!r}, Handler='{module_name}.<function>')."
        )
    container.handler = handler
    return handler, None
