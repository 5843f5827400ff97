"""The Lab: a private, offline AWS account inside this Python process.

``Lab`` wraps moto's ``mock_aws`` the way moto does itself: usable with
``start()``/``stop()`` or as a context manager. Opening a lab

1. hides the learner's real AWS environment (``labkit._env``),
2. turns on the network guard (``labkit.guard``),
3. clears moto's backends and seeds moto's random source, so resource ids are
   the same on every run with the same seed,
4. starts moto and builds the starting scenario, if one was named.

moto's mock is process-wide, so one lab is open per process at a time; the
open lab is also "the current lab" (``labkit.current()``).
"""

from __future__ import annotations

import contextvars
import re
import threading
from functools import lru_cache
from typing import Any

from . import _env, _moto, guard
from . import scenario as _scenarios
from .errors import LabkitError

__all__ = ["Lab", "start", "current", "DEFAULT_REGION", "ACCOUNT_ID"]

DEFAULT_REGION = "ap-northeast-2"  # Seoul, 서울 리전
ACCOUNT_ID = "123456789012"  # moto's default account
_REGION_RE = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")

_current: contextvars.ContextVar[Lab | None] = contextvars.ContextVar("labkit_lab", default=None)
_open_lock = threading.Lock()
_open_lab: Lab | None = None  # the process-wide truth; the ContextVar follows it


@lru_cache(maxsize=1)
def _known_regions() -> frozenset[str]:
    import botocore.session

    from ._moto import share_botocore_loader

    share_botocore_loader()  # the first botocore session of the process: share its models from here on

    # A bare session that reads no profile: the learner's AWS_PROFILE may name a
    # profile that does not exist, and the lab has not hidden it yet.
    session = botocore.session.Session(session_vars={"profile": (None, None, None, None)})
    regions: set[str] = set()
    for partition in ("aws", "aws-cn", "aws-us-gov"):
        regions.update(session.get_available_regions("ec2", partition_name=partition))
    return frozenset(regions)


def _check_region(region: Any) -> str:
    if not isinstance(region, str) or not _REGION_RE.match(region):
        raise LabkitError(
            f"region must be a region code such as 'ap-northeast-2' (Seoul) or 'us-east-1', got {region!r}."
        )
    if region not in _known_regions():
        raise LabkitError(
            f"unknown region {region!r}. Valid regions: {', '.join(sorted(_known_regions()))}."
        )
    return region


def _check_seed(seed: Any) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise LabkitError(f"seed must be a whole number such as 0 or 42, got {seed!r}.")
    return seed


class Lab:
    """A private AWS account in this process. Nothing it does reaches real AWS.

    Example:
        >>> import labkit
        >>> with labkit.Lab(seed=0) as lab:
        ...     vpcs = lab.client("ec2").describe_vpcs()["Vpcs"]
        ...     print(len(vpcs), vpcs[0]["CidrBlock"])    # the default VPC
        1 172.31.0.0/16
    """

    def __init__(
        self,
        scenario: str | None = None,
        *,
        seed: int = 0,
        region: str = DEFAULT_REGION,
    ) -> None:
        self.seed = _check_seed(seed)
        self.region = _check_region(region)
        if scenario is not None:
            _scenarios.get(scenario)  # unknown names fail here, before anything starts
        self.scenario = scenario
        self.account_id = ACCOUNT_ID
        self._mock: Any = None
        self._saved_env: dict[str, str] | None = None
        self._token: contextvars.Token[Lab | None] | None = None
        self._session: Any = None
        self._clients: dict[tuple[str, str], Any] = {}

    # -- opening and closing -------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self._mock is not None

    def start(self) -> Lab:
        """Open the lab (see the module docstring). Returns the lab itself."""
        global _open_lab
        with _open_lock:
            if self.is_open:
                return self
            if _open_lab is not None:
                raise LabkitError(
                    f"another lab is already open ({_open_lab!r}); one lab runs per kernel. "
                    "Keep using it (labkit.current()), empty it with lab.reset(), or close it "
                    "with lab.stop() before opening a new one "
                    "(labkit.start(..., replace=True) does both)."
                )
            self._saved_env = _env.hide_aws_environment(self.region)
            guard.enable()
            try:
                _moto.clear_backends()
                _moto.seed(self.seed)
                mock = _moto.new_mock()
                mock.start(reset=False)
                self._mock = mock
                _open_lab = self
            except BaseException:
                guard.disable()
                _env.restore_environment(self._saved_env)
                self._saved_env = None
                raise
        self._token = _current.set(self)
        if self.scenario is not None:
            try:
                _scenarios.build(self, self.scenario)
            except BaseException:
                self.stop()
                raise
        return self

    def stop(self) -> None:
        """Close the lab: the account is discarded, the environment and network restored.

        Calling it again is harmless.
        """
        global _open_lab
        with _open_lock:
            if not self.is_open:
                return
            try:
                self._mock.stop(remove_data=False)
                _moto.clear_backends()
            finally:
                self._mock = None
                self._clients.clear()
                self._session = None
                if _open_lab is self:
                    _open_lab = None
                guard.disable()
                if self._saved_env is not None:
                    _env.restore_environment(self._saved_env)
                    self._saved_env = None
        if self._token is not None:
            try:
                _current.reset(self._token)
            except ValueError:  # stopped from another context (e.g. a later notebook cell)
                _current.set(None)
            self._token = None

    def __enter__(self) -> Lab:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _require_open(self, what: str) -> None:
        if not self.is_open:
            raise LabkitError(
                f"this lab is closed, so {what} is not possible. Open it with lab.start() "
                "or use `with labkit.Lab() as lab:`."
            )

    # -- the account ---------------------------------------------------------
    def reset(self, seed: int | None = None) -> None:
        """Empty the account again and re-seed it (``seed`` defaults to the lab's).

        A lab opened with a scenario goes back to that scenario's starting state.
        """
        self._require_open("reset()")
        if seed is not None:
            self.seed = _check_seed(seed)
        _moto.clear_backends()
        _moto.seed(self.seed)
        if self.scenario is not None:
            _scenarios.build(self, self.scenario)

    def _boto_session(self) -> Any:
        if self._session is None:
            import boto3

            self._session = boto3.session.Session(region_name=self.region)
        return self._session

    def _service_name(self, name: Any) -> str:
        session = self._boto_session()
        available = session.get_available_services()
        if not isinstance(name, str) or name not in available:
            import difflib

            close = difflib.get_close_matches(str(name), available, n=3)
            hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise LabkitError(
                f"unknown AWS service {name!r}.{hint} Service names are boto3's, e.g. "
                "'ec2', 's3', 'rds', 'iam', 'lambda', 'dynamodb', 'ecs', 'eks', 'autoscaling', 'elbv2'."
            )
        return name

    def client(self, service: str, **kwargs: Any) -> Any:
        """A boto3 client bound to this lab (same as ``boto3.client`` while it is open).

        Clients without extra arguments are reused, so repeated calls are cheap.
        """
        self._require_open("client()")
        kwargs.setdefault("region_name", self.region)
        cacheable = set(kwargs) == {"region_name"}
        key = (service, kwargs["region_name"])
        if cacheable and key in self._clients:  # the hot path: snapshots ask for clients often
            return self._clients[key]
        name = self._service_name(service)
        client = self._boto_session().client(name, **kwargs)
        if cacheable:
            self._clients[key] = client
        return client

    def resource(self, service: str, **kwargs: Any) -> Any:
        """A boto3 resource (``ec2``, ``s3``, ``iam``, ``dynamodb``...) bound to this lab."""
        self._require_open("resource()")
        name = self._service_name(service)
        kwargs.setdefault("region_name", self.region)
        session = self._boto_session()
        if name not in session.get_available_resources():
            raise LabkitError(
                f"boto3 has no resource API for {name!r}; use lab.client({name!r}). "
                f"Resource APIs exist for: {', '.join(session.get_available_resources())}."
            )
        return session.resource(name, **kwargs)

    def snapshot(self, services: list[str] | None = None, *, timestamps: bool = False) -> dict[str, Any]:
        """The account as one JSON-serialisable dict, per service (see ``labkit.snapshot``).

        ``services`` limits it (e.g. ``["ec2"]``); ``timestamps=True`` keeps
        creation times, which differ on every run.
        """
        self._require_open("snapshot()")
        from . import snapshot as _snapshot

        return _snapshot.take(self, services, timestamps=timestamps)

    def invoke(self, function_name: str, event: Any = None) -> dict[str, Any]:
        """Run Lambda function ``function_name``'s deployment package in-process.

        moto only runs functions inside Docker; this unzips the package, imports
        the handler and calls it with ``event`` and a context object, with boto3
        inside bound to this lab. Returns a response shaped like Lambda's
        ``Invoke`` (``StatusCode``, ``Payload``, ``FunctionError``).
        """
        self._require_open("invoke()")
        from .runtime import invoke

        return invoke(self, function_name, event)

    def __repr__(self) -> str:
        state = "open" if self.is_open else "closed"
        scen = f" scenario={self.scenario!r}" if self.scenario else ""
        return f"<Lab {self.region} seed={self.seed}{scen} {state}>"


def start(
    scenario: str | None = None,
    *,
    seed: int = 0,
    region: str = DEFAULT_REGION,
    replace: bool = False,
) -> Lab:
    """Open a lab and make it the current one.

    With ``replace=True`` an already open lab is stopped first (handy when a
    notebook cell that opens the lab is run twice).

    Example:
        >>> import labkit
        >>> lab = labkit.start(seed=0)
        >>> lab.region
        'ap-northeast-2'
        >>> lab.stop()
    """
    lab = Lab(scenario, seed=seed, region=region)
    if replace and _open_lab is not None:
        _open_lab.stop()
    return lab.start()


def current() -> Lab:
    """The open lab. Raises :class:`LabkitError` when none is open."""
    lab = _current.get()
    if lab is None or not lab.is_open:
        lab = _open_lab  # a notebook cell may run in a copied context; the open lab is process-wide
    if lab is None:
        raise LabkitError(
            "no lab is open. Open one with `lab = labkit.start()` "
            "(or `with labkit.Lab() as lab:`)."
        )
    return lab
