"""One service that records, and one that corrects, a record of any kind (``casework.records``).

A kind's record is built from the values given (the model's defaults for the rest: an empty
text, no date) and saved like every other (``saving``). The few kinds that do more (a case
audit's auditor, a birthday record's date, a period of care that ends its placement, the
steps that write several records) register their own service here, and the generic one
hands over to it, so the page, the imports and the demo take the same path.
"""

from collections.abc import Callable

from django.contrib.auth.models import User
from django.db import models

from ..models import Child
from ..records import BY_SLUG, Kind
from .saving import _save, _update

_CREATES: dict[str, Callable] = {}
_CORRECTS: dict[str, tuple[Callable, str]] = {}


def creates(slug: str) -> Callable[[Callable], Callable]:
    """Register the service that records the kind, where that does more than save its values."""

    def register(service: Callable) -> Callable:
        _CREATES[slug] = service
        return service

    return register


def corrects(slug: str, record_argument: str) -> Callable[[Callable], Callable]:
    """Register the service that corrects the kind, where that does more than change its values."""

    def register(service: Callable) -> Callable:
        _CORRECTS[slug] = (service, record_argument)
        return service

    return register


def record_create(*, record_kind: Kind, child: Child, by: User | None, **values) -> models.Model:
    """A new record of the kind; an import also gives ``source`` and ``source_reference``."""
    special = _CREATES.get(record_kind.slug)
    if special is not None:
        return special(child=child, by=by, **values)
    return _save(record_kind.model(child=child, **values), by=by)


def _kept(record: models.Model, changes: dict) -> dict:
    """The changes, less a text field given as None: not given, the record keeps what it has."""
    return {
        name: value
        for name, value in changes.items()
        if value is not None or not isinstance(record._meta.get_field(name), models.CharField)
    }


def record_correct(*, record_kind: Kind, record: models.Model, by: User | None, **changes) -> models.Model:
    special = _CORRECTS.get(record_kind.slug)
    if special is not None:
        service, record_argument = special
        return service(**{record_argument: record}, by=by, **changes)
    return _update(record, by=by, **_kept(record, changes))


def _takes(kind: Kind) -> str:
    """The values a kind's record takes, as its form names them (the kind's declaration names the form)."""
    return ", ".join(f"``{name}``" for name in kind.form.base_fields)


def create_service(slug: str) -> Callable:
    """The named service that records a kind (``contact_create``), as the imports and the demo call it.

    It takes the kind's values as keywords, so its documentation names them from the kind's form
    rather than a second list: ``help(services.contact_create)``.
    """
    kind = BY_SLUG[slug]

    def create(*, child: Child, by: User | None, **values) -> models.Model:
        return record_create(record_kind=kind, child=child, by=by, **values)

    create.__name__ = create.__qualname__ = f"{slug.replace('-', '_')}_create"
    create.__doc__ = (
        f"Record a {kind.model._meta.verbose_name}: ``record_create`` for this kind. Takes ``child``, ``by`` "
        f"and the values of its form: {_takes(kind)}; an import also gives ``source`` and ``source_reference``."
    )
    return create


def correct_service(slug: str, record_argument: str) -> Callable:
    """The named service that corrects a kind (``contact_update(contact=...)``)."""
    kind = BY_SLUG[slug]

    def correct(*, by: User | None, **changes) -> models.Model:
        record = changes.pop(record_argument)
        return record_correct(record_kind=kind, record=record, by=by, **changes)

    correct.__name__ = correct.__qualname__ = f"{slug.replace('-', '_')}_update"
    correct.__doc__ = (
        f"Correct a {kind.model._meta.verbose_name}: ``record_correct`` for this kind. Takes ``{record_argument}`` "
        f"(the record), ``by`` and the values to change, from those of its form: {_takes(kind)}. A text given as "
        "None keeps what the record has."
    )
    return correct
