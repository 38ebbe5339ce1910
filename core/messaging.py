"""Sending Celery tasks so that no request fails because the broker is down.

A task is sent by name (the apps below the indicators do not import them) after the
transaction commits. If the broker cannot be reached the failure is logged and the request
goes on: the work it asked for is already recorded in the database (a month marked for
recomputation, an import batch waiting) and the beat's minute task picks it up.
"""

import logging

from celery import current_app
from django.db import transaction
from kombu.exceptions import KombuError

logger = logging.getLogger(__name__)

# What a missing or refusing broker raises: kombu wraps most in OperationalError (a KombuError);
# socket errors and the Redis client's own can escape it.
BROKER_ERRORS: tuple[type[BaseException], ...] = (KombuError, OSError, ConnectionError, TimeoutError)
try:  # the Redis client, when the Redis transport is installed
    from redis.exceptions import RedisError

    BROKER_ERRORS += (RedisError,)
except ImportError:  # pragma: no cover
    pass


def send(name: str, *args, **kwargs) -> bool:
    """Send the task now; False (and a log line) when the broker cannot take it."""
    try:
        task = current_app.tasks[name]
    except KeyError:
        current_app.loader.import_default_modules()
        task = current_app.tasks[name]
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except BROKER_ERRORS as error:
        logger.warning("Could not send %s to the broker (%s): the beat will pick the work up.", name, error)
        return False
    return True


def send_on_commit(name: str, *args, **kwargs) -> None:
    """Send the task once the current transaction commits (at once outside one); never raises
    for a broker that is down."""
    transaction.on_commit(lambda: send(name, *args, **kwargs))
