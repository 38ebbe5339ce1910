"""The factors identified at an assessment and the child's disabilities, which the children in need census
asks (DfE CIN census rules 8897Q, 2887Q; 8614, 8869, 8790, 8794): recorded on the assessment once it is
completed and on the child's details, from the census's code lists. Bad input gets a clear message and
saves nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework import validation
from casework.models import Assessment
from tests.factories import AssessmentFactory, ChildFactory

from .conftest import date_data

pytestmark = pytest.mark.django_db


def url(child) -> str:
    return reverse("casework:record_create", args=[child.pk, "assessment"])


def assessment(**extra) -> dict:
    return {
        **date_data("started_on", date(2024, 3, 6)),
        **date_data("child_seen_on", date(2024, 3, 7)),
        **date_data("authorised_on", date(2024, 4, 2)),
        "outcome": "cin",
        **extra,
    }


def page_of(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


def test_a_completed_assessment_is_recorded_with_the_factors_it_identified(cast, children, client_for):
    child = children.in_team_a
    response = client_for(cast.social_worker_a.user).post(url(child), assessment(factors=["3B", "4B", "17A"]))
    assert response.status_code == 302
    assert Assessment.objects.get(child=child).factors == ["3B", "4B", "17A"]


def test_the_form_offers_the_census_factors_with_their_meanings(cast, children, client_for):
    page = page_of(client_for(cast.social_worker_a.user).get(url(children.in_team_a)))
    assert 'type="checkbox" value="24A"' in page
    assert "24A: Child criminal exploitation" in page
    assert 'value="18A"' not in page  # in the validator's list, not in the census schema


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"factors": []}, "Select the factors identified at the assessment, or 'No factors identified'"),
        (
            {**date_data("authorised_on", None), "outcome": "", "factors": ["3B"]},
            "Enter the date the assessment was completed, or leave the factors empty",
        ),
        ({"factors": ["3B", "99"]}, "'99' is not a code in the list for factors identified at the assessment"),
        (
            {"factors": ["21", "3B"]},
            "'No factors identified' cannot be recorded with other factors: choose one or the other.",
        ),
    ],
    ids=["completed-without-factors", "factors-before-completion", "unknown-code", "none-with-others"],
)
def test_factors_that_cannot_be_so_are_refused_and_nothing_is_saved(cast, children, client_for, extra, message):
    child = children.in_team_a
    response = client_for(cast.social_worker_a.user).post(url(child), assessment(**extra))
    assert response.status_code == 200
    assert message in page_of(response)
    assert not Assessment.objects.filter(child=child).exists()


def test_the_rule_refuses_factors_on_an_open_assessment_and_no_factors_beside_others():
    child = ChildFactory()
    with pytest.raises(ValidationError) as open_one:
        validation.assessment_errors(Assessment(child=child, started_on=date(2024, 3, 6), factors=["3B"]))
    assert open_one.value.message_dict["factors"] == [
        "Enter the date the assessment was completed to record the factors identified at it, or leave the "
        "factors empty."
    ]
    done = {"child": child, "started_on": date(2024, 3, 6), "authorised_on": date(2024, 4, 2)}
    with pytest.raises(ValidationError) as twice:
        validation.assessment_errors(Assessment(**done, factors=["3B", "3B"]))
    assert "'3B' is given twice" in twice.value.message_dict["factors"][0]
    validation.assessment_errors(Assessment(**done, factors=["21"]))  # alone, it stands


def test_a_correction_shows_the_factors_recorded(cast, children, client_for):
    child = children.in_team_a
    recorded = AssessmentFactory(
        child=child, started_on=date(2024, 3, 6), authorised_on=date(2024, 4, 2), factors=["2B", "16A"]
    )
    page = page_of(
        client_for(cast.social_worker_a.user).get(
            reverse("casework:record_update", args=[child.pk, "assessment", recorded.pk])
        )
    )
    assert 'type="checkbox" value="2B" checked' in page
    assert 'type="checkbox" value="16A" checked' in page
    assert 'type="checkbox" value="1A" checked' not in page


def child_details(child, **extra) -> dict:
    return {
        "first_name": child.first_name,
        "last_name": child.last_name,
        **date_data("date_of_birth", date(2015, 5, 5)),
        **date_data("expected_date_of_birth", None),
        "sex": "F",
        "ethnicity": "WBRI",
        "upn": "",
        "nhs_number": "",
        "is_mother": "",
        **date_data("first_child_born_on", None),
        **extra,
    }


def test_a_childs_disabilities_are_recorded_and_shown(cast, children, client_for):
    child = children.in_team_a
    client = client_for(cast.social_worker_a.user)
    response = client.post(
        reverse("casework:child_update", args=[child.pk]), child_details(child, disabilities=["LD", "AUT"])
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.disabilities == ["LD", "AUT"]
    assert '<dd class="govuk-summary-list__value" data-testid="disabilities">Learning, Autism</dd>' in page_of(
        client.get(reverse("casework:child", args=[child.pk]))
    )


@pytest.mark.parametrize(
    ("disabilities", "message"),
    [
        (["NONE", "MOB"], "'No disability' cannot be recorded with a disability: choose one or the other."),
        (["MOB", "WINGS"], "'WINGS' is not a code in the list for disabilities"),
    ],
)
def test_disabilities_that_cannot_be_so_are_refused_and_nothing_is_saved(
    cast, children, client_for, disabilities, message
):
    child = children.in_team_a
    response = client_for(cast.social_worker_a.user).post(
        reverse("casework:child_update", args=[child.pk]), child_details(child, disabilities=disabilities)
    )
    assert response.status_code == 200
    assert message in page_of(response)
    child.refresh_from_db()
    assert child.disabilities == []


def test_a_child_without_disabilities_recorded_says_so():
    assert ChildFactory().get_disabilities_display() == "Not recorded"
    assert ChildFactory(disabilities=["NONE"]).get_disabilities_display() == "No disability"
