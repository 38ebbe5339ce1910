"""The declarations of the kinds of record (``casework.records``): one per kind, and the
lists the rest of casework reads are derived from them."""

from datetime import date

import pytest
from django.apps import apps

from casework import services, validation
from casework.chronology import SOURCES
from casework.models import Assessment, ChildRecord, LegalStatus, StatutoryVisit
from casework.records import BY_SLUG, FIRST_DATE_FIELD, FOR_MODEL, KINDS
from tests.factories import ChildFactory


def test_every_kind_of_child_record_is_declared_once():
    declared = [kind.model for kind in KINDS if kind.model is not None]
    records = {model for model in apps.get_app_config("casework").get_models() if issubclass(model, ChildRecord)}
    assert len(declared) == len(set(declared))
    assert set(declared) == records


def test_each_declared_kind_names_its_rule_and_its_events():
    rules = validation.rules()
    models_on_the_chronology = {model for model, _, _ in SOURCES}
    for model, kind in FOR_MODEL.items():
        # A kind with dates that need a born child runs its rule behind the checks of those dates.
        assert (rules[model].__wrapped__ if kind.birth_dates else rules[model]) is kind.rule, kind.slug
        assert model in models_on_the_chronology, kind.slug


def test_a_legal_status_has_no_first_date_and_a_visit_has_its_visit_date():
    assert LegalStatus not in FIRST_DATE_FIELD
    assert FIRST_DATE_FIELD[StatutoryVisit] == "visited_on"


@pytest.mark.django_db
def test_the_named_service_and_the_generic_one_write_the_same_record():
    amy, ben = ChildFactory(first_name="Amy"), ChildFactory(first_name="Ben")
    kind = BY_SLUG["assessment"]
    named = services.assessment_create(
        child=amy, started_on=date(2024, 3, 4), authorised_on=date(2024, 3, 20), outcome="nfa", by=None
    )
    generic = services.record_create(record_kind=kind, child=ben, started_on=date(2024, 3, 4), by=None)
    assert [type(named), type(generic)] == [Assessment, Assessment]
    assert (named.outcome, generic.outcome) == ("nfa", "")
    services.record_correct(record_kind=kind, record=generic, by=None, outcome="", started_on=date(2024, 3, 6))
    services.assessment_update(assessment=named, by=None, outcome=None, started_on=date(2024, 3, 6))
    named.refresh_from_db()
    generic.refresh_from_db()
    assert (named.started_on, generic.started_on) == (date(2024, 3, 6), date(2024, 3, 6))
    assert named.outcome == "nfa"  # a text given as None keeps what the record had


def test_the_named_services_name_the_values_they_take_from_the_kinds_form():
    assert "``received_at``, ``source_of_contact``, ``decision``, ``decided_at``" in services.contact_create.__doc__
    assert services.contact_create.__name__ == "contact_create"
    assert "Takes ``enquiry`` (the record)" in services.section47_update.__doc__
    assert "``strategy_discussion``, ``child_seen_on``" in services.section47_update.__doc__
