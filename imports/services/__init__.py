"""Importing a statutory return: check (preview), confirm, cancel. Every write is here.

``check_files`` reads, checks and plans without writing a child's record (the preview);
``import_files`` does the same and then writes the plan in one transaction, so an import
that fails midway leaves nothing behind. Either takes one return, or a year's SSDA903 and
CIN census together (``ReturnKind.BOTH``: checked in turn, written in the same transaction).
The page and the commands both use them: the page through an ``ImportBatch`` and Celery
tasks (the ``batch_*`` services), the commands through ``command_import``.

After an import, the indicator months from the earliest date it changed are recomputed
(``indicators.recompute.queue_recomputation``, after commit).

A package, a module per job: ``run`` (check and import files), ``upload`` (a batch from the page's
files), ``progress`` (its progress bar), ``batches`` (check, confirm, import, cancel), ``retry`` (a
stopped run told apart and run again), ``storing`` (a batch's findings), ``command`` (the commands'
imports); ``outcome`` is what they give back.
"""

from .batches import batch_cancel, batch_check, batch_confirm, batch_import
from .command import command_import
from .outcome import IMPORT_LOCK, PROGRESS_SCALE, Outcome, Part, Progress
from .retry import batch_is_stale, batch_rerun
from .run import YEAR_REQUIRED, YearOutOfOrder, YearRequired, check_files, import_files, kind_of_file
from .storing import store_issues
from .upload import CHECK_TASK, IMPORT_TASK, batch_create, batch_sources, batches_waiting_for_a_worker

__all__ = [
    "CHECK_TASK",
    "IMPORT_LOCK",
    "IMPORT_TASK",
    "Outcome",
    "PROGRESS_SCALE",
    "Part",
    "Progress",
    "YEAR_REQUIRED",
    "YearOutOfOrder",
    "YearRequired",
    "batch_cancel",
    "batch_check",
    "batch_confirm",
    "batch_create",
    "batch_import",
    "batch_is_stale",
    "batch_rerun",
    "batch_sources",
    "batches_waiting_for_a_worker",
    "check_files",
    "command_import",
    "import_files",
    "kind_of_file",
    "store_issues",
]
