"""Settings for the test suite: the real settings, with a data folder of its own.

The runtime (SQLite or PostgreSQL, filesystem broker or Redis) still comes from the
environment, so `make test` exercises whichever one CI sets.
"""

import os
from pathlib import Path

os.environ.setdefault("KPI_DATA_DIR", str(Path(__file__).resolve().parent.parent / "data" / "test"))

from .settings import *  # noqa: E402,F403

# Fast hashing: the tests log people in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run in-process unless a test sends them through the real broker on purpose.
CELERY_TASK_ALWAYS_EAGER = True
