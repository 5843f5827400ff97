"""Every error labkit raises on purpose.

Learners see these in notebook cells, so each message says what was wrong and
what is valid instead. Anything else escaping labkit is a bug.
"""

from __future__ import annotations

__all__ = ["LabkitError", "RealAWSCallBlocked", "LabkitWarning"]


class LabkitError(Exception):
    """Base class of every error labkit raises on purpose.

    Example:
        >>> import labkit
        >>> try:
        ...     labkit.current()
        ... except labkit.LabkitError as err:
        ...     print("no lab open")
        no lab open
    """


class RealAWSCallBlocked(LabkitError):
    """The network guard refused a connection that was not to loopback.

    While a lab is open nothing may leave the machine: not boto3, not a service
    moto does not emulate, not a stray ``requests.get``. The message names the
    host that was refused.
    """

    def __init__(self, host: str, port: object = None, *, what: str = "connection") -> None:
        self.host = host
        self.port = port
        where = f"{host}:{port}" if port not in (None, "") else host
        super().__init__(
            f"labkit blocked a {what} to {where}: while a lab is open nothing may leave "
            "this machine (the lab's AWS account lives inside this kernel). If this was a "
            "boto3 call, the service or region may not be emulated by moto; if you meant to "
            "reach the internet, call lab.stop() first."
        )


class LabkitWarning(UserWarning):
    """Something was repaired or skipped, and the learner should know (e.g. a corrupt
    progress database moved aside)."""
