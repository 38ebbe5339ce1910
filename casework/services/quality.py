"""Quality assurance: case audits."""

from datetime import date

from django.contrib.auth.models import User

from ..models import (
    CaseAudit,
    Child,
)
from .saving import MANUAL, _save, _update


def case_audit_create(
    *,
    child: Child,
    audited_on: date,
    case_type: str,
    grade: str,
    views_and_wishes_met: bool,
    auditor: User | None = None,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> CaseAudit:
    """A quality audit of the child's file; the auditor is the person recording it unless named."""
    audit = CaseAudit(
        child=child,
        audited_on=audited_on,
        case_type=case_type,
        grade=grade,
        views_and_wishes_met=views_and_wishes_met,
        auditor=auditor or by,
        source=source,
        source_reference=source_reference,
    )
    return _save(audit, by=by)


def case_audit_update(
    *, audit: CaseAudit, audited_on: date, case_type: str, grade: str, views_and_wishes_met: bool, by: User | None
) -> CaseAudit:
    return _update(
        audit,
        by=by,
        audited_on=audited_on,
        case_type=case_type,
        grade=grade,
        views_and_wishes_met=views_and_wishes_met,
    )
