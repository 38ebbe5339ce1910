"""Quality assurance: case audits."""

from django.contrib.auth.models import User

from ..models import CaseAudit, Child
from .recording import correct_service, creates
from .saving import _save


@creates("case-audit")
def case_audit_create(*, child: Child, auditor: User | None = None, by: User | None, **values) -> CaseAudit:
    """A quality audit of the child's file; the auditor is the person recording it unless named."""
    return _save(CaseAudit(child=child, auditor=auditor or by, **values), by=by)


case_audit_update = correct_service("case-audit", "audit")
