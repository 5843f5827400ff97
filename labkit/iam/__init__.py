"""An AWS IAM policy evaluator: will this request be allowed, and why?

:func:`evaluate` applies AWS's documented policy evaluation logic to the
policies you give it and returns an :class:`Evaluation` whose ``decision`` uses
the IAM policy simulator's words: ``"allowed"``, ``"explicitDeny"`` or
``"implicitDeny"``. ``explain()`` tells the story in plain English, or in
Korean: ``explain("ko")``, and by default in ``$LABKIT_LANG``, else the course
folder's language (a Korean notebook explains in Korean). ``reason`` and the
statement labels are :func:`labkit.i18n.msg` sentences: equal to their English
text, and rendered in Korean inside a Korean finding.

Example:
    >>> from labkit.iam import evaluate
    >>> read_reports = {
    ...     "Version": "2012-10-17",
    ...     "Statement": [{"Sid": "ReadReports", "Effect": "Allow",
    ...                    "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}],
    ... }
    >>> tls_only = {
    ...     "Version": "2012-10-17",
    ...     "Statement": [{"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*",
    ...                    "Action": "s3:*", "Resource": "arn:aws:s3:::reports/*",
    ...                    "Condition": {"Bool": {"aws:SecureTransport": "false"}}}],
    ... }
    >>> ev = evaluate(read_reports, "s3:GetObject", "arn:aws:s3:::reports/q1.csv",
    ...               principal="arn:aws:iam::111122223333:user/alice",
    ...               resource_policy=tls_only, context={"aws:SecureTransport": False})
    >>> ev
    <Evaluation explicitDeny: s3:GetObject on arn:aws:s3:::reports/q1.csv>
    >>> ev.statements[0].label
    "resource policy, statement 'DenyInsecureTransport' (index 0)"
    >>> evaluate(read_reports, "s3:GetObject", "arn:aws:s3:::reports/q1.csv",
    ...          resource_policy=tls_only, context={"aws:SecureTransport": True}).decision
    'allowed'

Arguments of ``evaluate(identity_policies, action, resource, *, principal=None,
resource_policy=None, permissions_boundary=None, scps=None, context=None)``:

* ``identity_policies``: a policy or a list of policies (dict, JSON text or a
  :class:`Policy` from :func:`parse_policy`); ``None`` or ``[]`` for none.
* ``action``: ``"service:Action"``, matched case-insensitively.
  ``resource``: the ARN acted on, or ``"*"``.
* ``principal``: the caller. An ARN string (user, role, role session
  ``arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION``, federated user, account
  root), an account id, a service principal (``"lambda.amazonaws.com"``) or a
  dict with keys ``arn``, ``account``, ``username``, ``userid``, ``tags``,
  ``type``, ``role_arn``, ``session_name``, ``service``, ``federated``,
  ``canonical_user``. It fills ``aws:PrincipalArn``, ``aws:PrincipalAccount``,
  ``aws:username``, ``aws:userid``, ``aws:PrincipalType``,
  ``aws:PrincipalTag/KEY`` (and the policy variables of the same names) unless
  ``context`` gives them.
* ``resource_policy``: the policy attached to the resource (bucket policy, key
  policy, role trust policy...). ``permissions_boundary``: one policy.
* ``scps``: one policy, a flat list of policies (one level: the SCPs attached
  at that level; any Allow among them suffices), or a list of levels, each a
  policy or a list of policies (root, OU..., account): every level must allow.
* ``context``: condition keys to values (str, number, bool, datetime, bytes, or
  a list for multivalued keys). Key names are case-insensitive.

Semantics chosen (see ``docs/iam-evaluator.md``):

1. An explicit Deny in any policy (identity, resource, boundary, SCP) wins.
2. SCPs must allow at every level (not applied to AWS service principals).
3. Same account: a resource-policy Allow that names the caller's user or
   session ARN, a service, or ``"*"`` grants on its own, not limited by an
   implicit deny in identity policies or the permissions boundary. One that
   names the *role* behind a session grants but is limited by the boundary.
   One that names only the caller's *account* (``"123456789012"`` or
   ``arn:aws:iam::123456789012:root``) delegates to that account: the caller
   still needs an identity-based Allow (as AWS documents for account principals
   and KMS key policies).
4. Otherwise an identity-based Allow is needed, inside the permissions boundary.
   The account root user needs none within its own account.
5. Cross-account (the caller's account differs from ``aws:ResourceAccount``,
   taken from ``context`` or the resource ARN's account field): both an
   identity-based Allow (within the boundary) and a resource-policy Allow.
6. ``kms:*`` actions and ``sts:AssumeRole*``: when a resource policy (key or
   trust policy) is given, it must allow the caller itself.

Malformed policies raise :class:`labkit.errors.LabkitError` naming the policy,
the statement and the element at fault.
"""

from __future__ import annotations

from ._evaluate import ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY, Evaluation, Statement, evaluate
from ._policy import Policy, parse_policy
from ._principal import Caller

__all__ = [
    "evaluate",
    "Evaluation",
    "parse_policy",
    "Policy",
    "Statement",
    "Caller",
    "ALLOWED",
    "EXPLICIT_DENY",
    "IMPLICIT_DENY",
]
