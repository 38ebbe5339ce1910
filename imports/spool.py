"""A return's rows kept on disk while it is checked, so memory stays bounded whatever the file size.

The readers stream a file once, row by row, into a temporary SQLite database beside the uploads
(never into memory), keyed by child. The checks then read the children back a batch at a time, in
the order of their IDs: a child's rows from every file of both returns arrive together, are checked
and planned (and, for an import, written), and are dropped before the next batch. What a batch keeps
between batches is small and bounded by the authority, not the file: the social workers seen, the
counts, the first row problems (the rest wait here too, see ``report.Report``).
"""

import os
import pickle
import sqlite3
import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

BATCH_CHILDREN = 500  # children checked (and written) together


class Spool:
    def __init__(self) -> None:
        folder = Path(settings.FILE_UPLOAD_TEMP_DIR or settings.MEDIA_ROOT or tempfile.gettempdir())
        folder.mkdir(parents=True, exist_ok=True)
        handle, self.path = tempfile.mkstemp(prefix="kpi-import-", suffix=".sqlite3", dir=folder)
        os.close(handle)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("PRAGMA cache_size = -8000")  # at most about 8 MB of pages in memory
        self.db.execute(
            "CREATE TABLE item (id INTEGER PRIMARY KEY, child TEXT NOT NULL, kind TEXT, tbl TEXT, src TEXT, "
            "payload BLOB)"
        )
        self.db.execute("CREATE TABLE issue (id INTEGER PRIMARY KEY, payload BLOB)")
        self.db.execute("BEGIN")
        self._indexed = False
        # The file goes when the spool does, even if nobody closes it.
        self._finalizer = weakref.finalize(self, _remove, self.db, self.path)

    # --- Writing ------------------------------------------------------------------------------------

    def add(self, kind: str, child: str, item, *, source: str, table: str = "") -> None:
        """Keep ``item`` (a row, or a child's element tree) of file ``source`` for ``child``."""
        self.db.execute(
            "INSERT INTO item (child, kind, tbl, src, payload) VALUES (?, ?, ?, ?, ?)",
            (child or "", kind, table, source, pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)),
        )

    def discard(self, kind: str, source: str) -> None:
        """Forget what was kept of a file that turned out unreadable part way through."""
        self.db.execute("DELETE FROM item WHERE kind = ? AND src = ?", (kind, source))

    def add_issue(self, issue) -> None:
        self.db.execute("INSERT INTO issue (payload) VALUES (?)", (pickle.dumps(issue, pickle.HIGHEST_PROTOCOL),))

    def _ready(self) -> None:
        if not self._indexed:
            self.db.execute("COMMIT")
            self.db.execute("CREATE INDEX item_child ON item (child, id)")
            self._indexed = True

    # --- Reading --------------------------------------------------------------------------------------

    def child_count(self) -> int:
        self._ready()
        return self.db.execute("SELECT COUNT(DISTINCT child) FROM item").fetchone()[0]

    def has(self, kind: str, table: str | None = None) -> bool:
        """Whether the return has any item (of ``table``)."""
        self._ready()
        if table is None:
            found = self.db.execute("SELECT 1 FROM item WHERE kind = ? LIMIT 1", (kind,)).fetchone()
        else:
            found = self.db.execute("SELECT 1 FROM item WHERE kind = ? AND tbl = ? LIMIT 1", (kind, table)).fetchone()
        return found is not None

    def batches(self, size: int = BATCH_CHILDREN) -> Iterator[list[str]]:
        """The children's IDs, in order, ``size`` at a time ('' for rows with no ID comes first)."""
        self._ready()
        cursor = self.db.execute("SELECT DISTINCT child FROM item ORDER BY child")
        while True:
            chunk = cursor.fetchmany(size)
            if not chunk:
                return
            yield [child for (child,) in chunk]

    def items(self, kind: str, children: list[str]) -> dict[str, list]:
        """The items of ``kind`` of these children, by child, in the order they were read."""
        self._ready()
        found: dict[str, list] = {}
        for start in range(0, len(children), 500):
            part = children[start : start + 500]
            marks = ", ".join("?" * len(part))
            query = f"SELECT child, payload FROM item WHERE kind = ? AND child IN ({marks}) ORDER BY id"
            for child, payload in self.db.execute(query, (kind, *part)):
                found.setdefault(child, []).append(pickle.loads(payload))
        return found

    def issues(self) -> Iterator:
        cursor = self.db.execute("SELECT payload FROM issue ORDER BY id")
        while True:
            chunk = cursor.fetchmany(1000)
            if not chunk:
                return
            for (payload,) in chunk:
                yield pickle.loads(payload)

    # --- Closing --------------------------------------------------------------------------------------

    def close(self) -> None:
        self._finalizer()

    def __enter__(self) -> "Spool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _remove(db: sqlite3.Connection, path: str) -> None:
    db.close()
    Path(path).unlink(missing_ok=True)
