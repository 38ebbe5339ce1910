"""Quality assurance: case audits."""

from .base import _codes, _Errors, _not_future


def case_audit_errors(audit) -> None:
    errors = _Errors()
    _codes(errors, audit)
    _not_future(errors, audit, {"audited_on": "audit date"})
    errors.raise_if_any()
