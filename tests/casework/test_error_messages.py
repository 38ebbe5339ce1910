"""Every form's error messages read as sentences, checked by their text: each date's
required and invalid-date messages, and every other required answer names what to give
(never "This field is required.", never "Enter the when the contact was received")."""

import inspect

import pytest
from django import forms

from casework import allocation_forms as workforce_forms
from casework import forms as casework_forms
from core.forms import DateField, DateTimeField

pytestmark = pytest.mark.django_db

NOT_A_DATE = ["31", "2", "2024"]  # no 31 February

# (form, field, what its errors call the date, whether it is required): a date's messages are
# "Enter the <name>" when left empty and "The <name> must be a real date" for 31 2 2024.
DATES = [
    ("ContactForm", "received_at", "date the contact was received", True),
    ("ContactForm", "decided_at", "date the decision was made", False),
    ("ReferralForm", "received_on", "referral date", True),
    ("ReferralForm", "closed_on", "case closure date", False),
    ("AssessmentForm", "started_on", "start date", True),
    ("AssessmentForm", "child_seen_on", "date the child was seen", False),
    ("AssessmentForm", "authorised_on", "date the assessment was completed", False),
    ("StrategyDiscussionForm", "held_on", "date the strategy discussion was held", True),
    ("Section47Form", "completed_on", "date the enquiry was completed", False),
    ("ConferenceForm", "held_on", "date the conference was held", True),
    ("CPPlanForm", "ended_on", "end date", False),
    ("CPVisitForm", "visited_on", "date of visit", True),
    ("PeriodOfCareForm", "started_on", "date the child became looked after", True),
    ("PeriodOfCareForm", "ended_on", "date the child ceased to be looked after", False),
    ("LegalStatusForm", "started_on", "date the legal status started", True),
    ("StatutoryVisitForm", "visited_on", "date of visit", True),
    ("LookedAfterReviewForm", "held_on", "date of review", True),
    ("MissingEpisodeForm", "started_at", "date the child went missing", True),
    ("MissingEpisodeForm", "ended_at", "date the child returned", False),
    ("MissingEpisodeForm", "interview_offered_at", "date the return home interview was offered", False),
    ("MissingEpisodeForm", "interview_completed_at", "date the return home interview was completed", False),
    ("CareProceedingsForm", "issued_on", "issue date", True),
    ("CareProceedingsForm", "concluded_on", "conclusion date", False),
    ("AdoptionForm", "decision_on", "date of the decision that the child should be placed for adoption", False),
    ("AdoptionForm", "placement_order_on", "date of the placement order", False),
    ("AdoptionForm", "matched_on", "date the child was matched with adopters", False),
    ("AdoptionForm", "moved_in_on", "date the child moved in with the adoptive family", False),
    ("AdoptionForm", "adoption_order_on", "date of the adoption order", False),
    ("AdoptionForm", "ceased_on", "date the child was no longer placed for adoption", False),
    ("PathwayPlanReviewForm", "reviewed_on", "date the pathway plan was reviewed", True),
    ("CaseAuditForm", "audited_on", "date of audit", True),
    ("LookedAfterStartForm", "started_on", "date the child became looked after", True),
    ("PlacementChangeForm", "started_on", "date of the move", True),
    ("FosterCarerHouseholdForm", "approved_on", "approval date", True),
    ("FosterCarerHouseholdForm", "deregistered_on", "date the household was deregistered", False),
    ("FosterCarerReviewForm", "completed_on", "date the review was completed", True),
    ("AllocationTransferForm", "started_on", "date of the change", True),
    ("AllocationEndForm", "ended_on", "date the allocation ends", True),
    ("CaseSupervisionForm", "supervised_on", "date of supervision", True),
]


def all_form_classes() -> dict[str, type[forms.BaseForm]]:
    found = {}
    for module in (casework_forms, workforce_forms):
        for name, value in vars(module).items():
            is_form = inspect.isclass(value) and issubclass(value, forms.BaseForm)
            if is_form and not name.startswith("_") and value is not casework_forms.RecordForm:
                found[name] = value
    return found


def built(form_class, child):
    """The form as its view builds it (so messages set in __init__ count)."""
    parameters = inspect.signature(form_class.__init__).parameters
    return form_class(child=child) if "child" in parameters else form_class()


def messages_of(field, value) -> list[str]:
    with pytest.raises(forms.ValidationError) as raised:
        field.clean(value)
    return raised.value.messages


def blank(field) -> list[str]:
    return ["", "", "", ""] if isinstance(field, DateTimeField) else ["", "", ""]


def not_a_date(field) -> list[str]:
    return [*NOT_A_DATE, "10:00"] if isinstance(field, DateTimeField) else NOT_A_DATE


@pytest.mark.parametrize(("form_name", "field_name", "name", "required"), DATES, ids=lambda v: str(v)[:30])
def test_each_date_says_what_to_enter_and_what_is_wrong(children, form_name, field_name, name, required):
    field = built(all_form_classes()[form_name], children.in_team_a).fields[field_name]
    assert messages_of(field, not_a_date(field)) == [f"The {name} must be a real date"]
    if required:
        assert messages_of(field, blank(field)) == [f"Enter the {name}"]
    else:
        assert not field.required and field.clean(blank(field)) is None


def test_the_contact_form_no_longer_says_the_when(children):
    field = built(casework_forms.ContactForm, children.in_team_a).fields["received_at"]
    assert messages_of(field, blank(field)) == ["Enter the date the contact was received"]
    assert messages_of(field, [*NOT_A_DATE, "10:00"]) == ["The date the contact was received must be a real date"]


def test_the_list_covers_every_date_of_every_form(children):
    every = {
        (form_name, field_name)
        for form_name, form_class in all_form_classes().items()
        for field_name, field in built(form_class, children.in_team_a).fields.items()
        if isinstance(field, DateField | DateTimeField)
    }
    listed = {(form_name, field_name) for form_name, field_name, *_ in DATES}
    # Every date with a label that is not a date's name is in the list with its own wording;
    # the rest ("Start date", "End date") read as they are and are checked below.
    assert listed <= every
    for form_name, field_name in every - listed:
        field = built(all_form_classes()[form_name], children.in_team_a).fields[field_name]
        assert messages_of(field, not_a_date(field))[0].startswith("The ")
        assert "date" in messages_of(field, not_a_date(field))[0].removesuffix(" must be a real date")


def test_a_time_without_hours_and_minutes_is_named_like_its_date(children):
    field = built(casework_forms.ContactForm, children.in_team_a).fields["received_at"]
    assert messages_of(field, ["3", "4", "2024", "noon"]) == [
        "Enter the time the contact was received as hours and minutes, like 14:30"
    ]
    assert messages_of(field, ["", "", "", "10:00"]) == ["Enter the date the contact was received"]


def test_no_required_answer_says_this_field_is_required(children):
    for form_name, form_class in all_form_classes().items():
        form = built(form_class, children.in_team_a)
        for field_name, field in form.fields.items():
            if isinstance(field, DateField | DateTimeField):
                continue
            message = str(field.error_messages["required"])
            assert message != "This field is required.", (form_name, field_name)
            assert message.startswith(("Select ", "Enter ", "Choose ")), (form_name, field_name, message)


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("contact", ["Enter the date the contact was received", "Select the source of the contact"]),
        ("referral", ["Enter the referral date", "Select the source of the referral"]),
        ("missing", ["Select whether the child was missing or absent", "Enter the date the child went missing"]),
        (
            "conference",
            ["Select whether it is an initial or a review conference", "Enter the date the conference was held"],
        ),
        ("birthday", ["Select which birthday", "Select the activity", "Select the accommodation"]),
    ],
)
def test_an_empty_form_lists_each_answer_by_name(cast, children, client_for, slug, expected):
    page = client_for(cast.worker_a).post(f"/children/{children.in_team_a.pk}/record/{slug}/", {}).content.decode()
    start = page.find('class="govuk-error-summary"')
    listed = [
        part.split(">", 1)[1].split("</a>")[0] for part in page[start : page.find("</ul>", start)].split("<a ")[1:]
    ]
    assert listed == expected
