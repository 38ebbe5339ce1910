"""The details the DfE's returns require that the product now records: a referral's primary need and
the reason its case closed (CIN census rules 8610, 8805), why a child moved on from a placement
(SSDA903 rule 225), why a decision to place for adoption was reversed (119) and the adopters (151).
Recorded on the child's record pages; bad input gets a clear message and saves nothing."""

from datetime import date

import pytest
from django.urls import reverse

from casework.models import Adoption, Placement, Referral
from tests.factories import LegalStatusFactory, PeriodOfCareFactory, PlacementFactory

from .conftest import date_data

pytestmark = pytest.mark.django_db


def url(child, kind: str) -> str:
    return reverse("casework:record_create", args=[child.pk, kind])


def referral(**extra) -> dict:
    return {
        **date_data("received_on", date(2024, 3, 5)),
        "source_of_referral": "1A",
        **date_data("closed_on", None),
        "primary_need": "",
        "reason_for_closure": "",
        **extra,
    }


def test_a_closed_case_needs_its_reason_and_nothing_is_saved_without_it(cast, children, client_for):
    client = client_for(cast.social_worker_a.user)
    child = children.in_team_a
    response = client.post(url(child, "referral"), referral(**date_data("closed_on", date(2024, 5, 1))))
    assert response.status_code == 200
    assert "Select the reason the case closed" in response.content.decode()
    assert not Referral.objects.filter(child=child).exists()


def test_a_reason_without_a_closure_date_is_refused(cast, children, client_for):
    client = client_for(cast.social_worker_a.user)
    child = children.in_team_a
    response = client.post(url(child, "referral"), referral(reason_for_closure="RC7"))
    assert "Enter the case closure date, or leave the reason empty" in response.content.decode()
    assert not Referral.objects.filter(child=child).exists()


def test_a_referral_keeps_its_primary_need_and_reason_for_closure(cast, children, client_for):
    client = client_for(cast.social_worker_a.user)
    child = children.in_team_a
    data = referral(primary_need="N1", reason_for_closure="RC7", **date_data("closed_on", date(2024, 5, 1)))
    assert client.post(url(child, "referral"), data).status_code == 302
    saved = Referral.objects.get(child=child)
    assert (saved.primary_need, saved.reason_for_closure, saved.closed_on) == ("N1", "RC7", date(2024, 5, 1))


def in_care(child):
    period = PeriodOfCareFactory(child=child, started_on=date(2024, 1, 10))
    LegalStatusFactory(period_of_care=period, started_on=date(2024, 1, 10))
    return PlacementFactory(period_of_care=period, started_on=date(2024, 1, 10), placement_type="U6")


def move(**extra) -> dict:
    return {
        **date_data("started_on", date(2024, 6, 3)),
        "reason_new_episode": "P",
        "placement_type": "K2",
        "provider": "PR4",
        "carer_reference": "SC123456",
        **extra,
    }


def test_a_move_asks_why_the_child_moved_and_keeps_it_on_the_placement_that_ends(cast, children, client_for):
    client = client_for(cast.social_worker_a.user)
    child = children.in_team_a
    first = in_care(child)
    response = client.post(url(child, "placement-change"), move())
    assert "Select why the child moved" in response.content.decode()
    assert Placement.objects.filter(child=child).count() == 1
    first.refresh_from_db()
    assert first.ended_on is None

    assert client.post(url(child, "placement-change"), move(reason_place_change="CARPL")).status_code == 302
    first.refresh_from_db()
    assert (first.ended_on, first.reason_place_change) == (date(2024, 6, 3), "CARPL")
    new = Placement.objects.get(child=child, started_on=date(2024, 6, 3))
    assert new.reason_place_change == ""  # not moved on yet


def adoption(**extra) -> dict:
    return {
        "period_of_care": "",
        **date_data("decision_on", date(2024, 3, 1)),
        **date_data("placement_order_on", None),
        **date_data("matched_on", None),
        **date_data("moved_in_on", None),
        **date_data("adoption_order_on", None),
        **date_data("ceased_on", None),
        "reason_ceased": "",
        "by_foster_carers": "",
        "number_of_adopters": "",
        "sex_of_adopters": "",
        "legal_status_of_adopters": "",
        **extra,
    }


def test_a_reversed_decision_needs_its_reason(cast, children, client_for):
    client = client_for(cast.social_worker_a.user)
    child = children.in_team_a
    period = in_care(child).period_of_care
    data = adoption(period_of_care=str(period.pk), **date_data("ceased_on", date(2024, 9, 1)))
    response = client.post(url(child, "adoption"), data)
    assert "Select why the child is no longer to be placed for adoption" in response.content.decode()
    assert not Adoption.objects.filter(child=child).exists()
    assert client.post(url(child, "adoption"), {**data, "reason_ceased": "RD1"}).status_code == 302
    assert Adoption.objects.get(child=child).reason_ceased == "RD1"


def test_the_adopters_are_given_all_together_or_not_at_all(cast, children, client_for):
    client = client_for(cast.social_worker_a.user)
    child = children.in_team_a
    period = in_care(child).period_of_care
    data = adoption(period_of_care=str(period.pk), **date_data("matched_on", date(2024, 5, 1)), number_of_adopters="2")
    response = client.post(url(child, "adoption"), data)
    assert response.content.decode().count("Give all the adopters&#x27; details, or none of them") >= 3
    assert not Adoption.objects.filter(child=child).exists()
    full = {**data, "by_foster_carers": "0", "sex_of_adopters": "MF", "legal_status_of_adopters": "L3"}
    assert client.post(url(child, "adoption"), full).status_code == 302
    saved = Adoption.objects.get(child=child)
    assert (saved.by_foster_carers, saved.number_of_adopters, saved.sex_of_adopters) == ("0", "2", "MF")
    assert saved.legal_status_of_adopters == "L3"


def child_details(child, **extra) -> dict:
    return {
        "first_name": child.first_name,
        "last_name": child.last_name,
        **date_data("date_of_birth", date(2009, 4, 1)),
        **date_data("expected_date_of_birth", None),
        "sex": "F",
        "ethnicity": "WBRI",
        "upn": "",
        "nhs_number": "",
        "is_mother": "",
        **date_data("first_child_born_on", None),
        **extra,
    }


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"is_mother": "1"}, "Enter the date of birth of her first child"),
        ({"is_mother": "0", **date_data("first_child_born_on", date(2025, 1, 2))}, "Leave this empty unless"),
        ({"is_mother": "0", "sex": "M"}, "Only a girl can be recorded as a mother"),
        ({"is_mother": "1", **date_data("first_child_born_on", date(2009, 4, 1))}, "cannot be born before her"),
    ],
)
def test_motherhood_is_refused_where_it_cannot_be_so(cast, children, client_for, extra, message):
    child = children.in_team_a
    response = client_for(cast.social_worker_a.user).post(
        reverse("casework:child_update", args=[child.pk]), child_details(child, **extra)
    )
    assert message in response.content.decode().replace("&#x27;", "'")
    child.refresh_from_db()
    assert (child.is_mother, child.first_child_born_on) == ("", None)


def test_a_girl_is_recorded_as_a_mother_with_her_first_childs_birth(cast, children, client_for):
    child = children.in_team_a
    data = child_details(child, is_mother="1", **date_data("first_child_born_on", date(2025, 1, 2)))
    response = client_for(cast.social_worker_a.user).post(reverse("casework:child_update", args=[child.pk]), data)
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.is_mother, child.first_child_born_on) == ("1", date(2025, 1, 2))
