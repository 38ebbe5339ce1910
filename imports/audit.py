"""Who imported what, and when: every batch and its files are in the audit log (status changes,
confirmation, cancellation, with the person who did it). The records an import writes get
their own audit entries, written in bulk by ``imports.writer`` in the import's transaction."""

from auditlog.registry import auditlog

from .models import ImportBatch, ImportFile

auditlog.register(ImportBatch)
auditlog.register(ImportFile, exclude_fields=["file"])
