"""A batch's progress bar, from a check or an import as it runs."""

import time

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from ..models import ImportBatch
from .outcome import PROGRESS_SCALE


class _BatchProgress:
    """Stores progress on the batch at most twice a second (each is one small UPDATE).

    While the import's transaction is open its own connection cannot publish anything, so on
    PostgreSQL progress goes through a second, autocommit connection. SQLite has one writer
    at a time: there the page shows the saving stage until the transaction commits.
    """

    def __init__(self, batch_pk: int) -> None:
        self.batch_pk = batch_pk
        self.last = 0.0
        self.last_stage = ""
        self.side = None

    def __call__(self, stage: str, done: int) -> None:
        now = time.monotonic()
        same_stage = stage[:12] == self.last_stage[:12]
        if same_stage and now - self.last < 0.5 and done < PROGRESS_SCALE:
            return
        self.last, self.last_stage = now, stage
        values = {
            "stage": stage[:200],
            "progress_done": done,
            "progress_total": PROGRESS_SCALE,
            "progress_at": timezone.now(),  # the sign of life that tells a running import from a stopped one
        }
        if not transaction.get_connection().in_atomic_block:
            ImportBatch.objects.filter(pk=self.batch_pk).update(**values)
            return
        if connection.vendor != "postgresql":
            return
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        table = ImportBatch._meta.db_table
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET stage = %s, progress_done = %s, progress_total = %s, progress_at = %s "
                "WHERE id = %s",
                [values["stage"], done, PROGRESS_SCALE, values["progress_at"], self.batch_pk],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None
