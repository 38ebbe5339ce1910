"""Forms for recording and correcting a child's events, in the GOV.UK patterns.

A form parses and checks each field on its own (a real date, a code from the list, a
required answer). Whether the record makes sense beside the child's other records is
the service's job (``casework.validation``): the view passes the service's errors back
to the form, so both kinds of error appear in the same error summary.
"""

from django import forms
from django.db import models
from django.utils.text import capfirst

from core.forms import DateField, DateTimeField, name_required_errors
from workforce.models import SocialWorker

from . import codes
from . import models as m
from .statutory import cin_census as statutory_cin

# Radios for short code lists (the GOV.UK pattern), a select for long ones.
_MAX_RADIOS = 7


# Lists of codes kept as a JSON list, asked as checkboxes: (model, field) -> the codes, in the census's order.
_CODE_LISTS = {
    (m.Assessment, "factors"): statutory_cin.ASSESSMENT_FACTOR_CHOICES,
    (m.Child, "disabilities"): statutory_cin.DISABILITY_CHOICES,
}


def _formfield(model_field: models.Field, **kwargs) -> forms.Field | None:
    label = kwargs.get("label") or capfirst(model_field.verbose_name)
    help_text = kwargs.get("help_text", model_field.help_text)
    required = not model_field.blank
    choices = _CODE_LISTS.get((model_field.model, model_field.name))
    if choices is not None:
        return forms.MultipleChoiceField(
            label=label,
            help_text=help_text,
            required=False,
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": f"'%(value)s' is not a code in the list for {label.lower()}"},
        )
    if isinstance(model_field, models.DateTimeField):
        return DateTimeField(label=label, help_text=help_text, required=required)
    if isinstance(model_field, models.DateField):
        return DateField(label=label, help_text=help_text, required=required)
    if model_field.choices and len(model_field.choices) <= _MAX_RADIOS and "widget" not in kwargs:
        kwargs["widget"] = forms.RadioSelect
    return model_field.formfield(**kwargs)


class RecordForm(forms.ModelForm):
    """A child's record. Links to other records (the plan of a visit) offer only this child's."""

    # The other records a field may point to, by field name: limited to this child's.
    child_records: dict[str, type[models.Model]] = {}
    # Required messages for fields whose label does not read after "Select the" / "Enter the".
    required_messages: dict[str, str] = {}

    def __init__(self, *args, child: m.Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        name_required_errors(self, self.required_messages)
        for name, model in self.child_records.items():
            if name not in self.fields:
                continue
            field = self.fields[name]
            field.queryset = model.objects.filter(child=child)
            if field.required and not self.is_bound and self.instance.pk is None:
                # A visit belongs to the plan, a placement to the period of care: most often
                # the latest one, so offer it (the model's ordering puts the newest first).
                field.initial = field.queryset.values_list("pk", flat=True).first()

    def _post_clean(self) -> None:
        # Deliberately not ModelForm's: it would build and full_clean the instance here.
        # The service validates the whole record (field and cross-row rules) and saves it.
        pass


def record_form(
    model_class: type[models.Model],
    field_names: list[str],
    *,
    date_names: dict[str, str] | None = None,
    required: dict[str, str] | None = None,
    base: type[RecordForm] = RecordForm,
    **meta,
) -> type[RecordForm]:
    """A RecordForm for the model with these fields (in this order). ``date_names``: what a
    date's errors call it where its label is not a date's name ("Went missing" -> "date the
    child went missing"); ``required``: a required message where "Select the <label>" would
    not read."""
    attrs = {"model": model_class, "fields": field_names, "formfield_callback": _formfield, **meta}
    links = {}
    for name in field_names:
        model_field = model_class._meta.get_field(name)
        if model_field.is_relation and issubclass(model_field.related_model, m.ChildRecord):
            links[name] = model_field.related_model
    meta_class = type("Meta", (), attrs)
    form_class = type(
        f"{model_class.__name__}Form",
        (base,),
        {"Meta": meta_class, "child_records": links, "required_messages": required or {}},
    )
    for name, noun in (date_names or {}).items():
        form_class.base_fields[name].label_for_errors = noun
    return form_class


ContactForm = record_form(
    m.Contact,
    ["received_at", "source_of_contact", "decision", "decided_at"],
    labels={"received_at": "When the contact was received", "decided_at": "When the decision was made"},
    required={
        "decision": "Select the decision on the contact",
        "source_of_contact": "Select the source of the contact",
    },
)


class _ReferralRules(RecordForm):
    def clean(self):
        cleaned = super().clean()
        closed, reason = cleaned.get("closed_on"), cleaned.get("reason_for_closure")
        # The census needs the reason for every case closed (DfE rule 8805), and only for those (8810).
        if closed and not reason:
            self.add_error("reason_for_closure", "Select the reason the case closed")
        elif reason and not closed and "closed_on" not in self.errors:
            self.add_error("reason_for_closure", "Enter the case closure date, or leave the reason empty")
        return cleaned


ReferralForm = record_form(
    m.Referral,
    ["received_on", "contact", "source_of_referral", "primary_need", "closed_on", "reason_for_closure"],
    labels={"contact": "The contact it came from"},
    required={"source_of_referral": "Select the source of the referral"},
    help_texts={
        "contact": "Leave empty for a referral received directly.",
        "primary_need": "Needed once the referral leads to an assessment (children in need census).",
    },
    base=_ReferralRules,
)


class _AssessmentRules(RecordForm):
    def clean(self):
        cleaned = super().clean()
        # The census asks the factors of every assessment completed (DfE rule 8897Q), and only of those (8614).
        completed, factors = cleaned.get("authorised_on"), cleaned.get("factors")
        if completed and not factors and "factors" not in self.errors:
            self.add_error("factors", "Select the factors identified at the assessment, or 'No factors identified'")
        elif factors and not completed and "authorised_on" not in self.errors:
            self.add_error("factors", "Enter the date the assessment was completed, or leave the factors empty")
        return cleaned


AssessmentForm = record_form(
    m.Assessment,
    ["started_on", "referral", "child_seen_on", "authorised_on", "outcome", "factors"],
    labels={"referral": "The referral it assesses"},
    help_texts={"factors": "Once the assessment is completed: every factor it identified (children in need census)."},
    date_names={"authorised_on": "date the assessment was completed"},
    base=_AssessmentRules,
)
StrategyDiscussionForm = record_form(
    m.StrategyDiscussion, ["held_on"], date_names={"held_on": "date the strategy discussion was held"}
)
Section47Form = record_form(
    m.Section47Enquiry,
    ["started_on", "strategy_discussion", "child_seen_on", "outcome", "completed_on"],
    labels={"strategy_discussion": "The strategy discussion that started it"},
    date_names={"completed_on": "date the enquiry was completed"},
)
ConferenceForm = record_form(
    m.ChildProtectionConference,
    ["kind", "held_on", "section47", "outcome", "participation"],
    labels={"kind": "Initial or review conference", "section47": "The section 47 enquiry that led to it"},
    date_names={"held_on": "date the conference was held"},
    required={"kind": "Select whether it is an initial or a review conference"},
)
CPPlanForm = record_form(m.ChildProtectionPlan, ["started_on", "category", "ended_on"])
CPVisitForm = record_form(
    m.ChildProtectionVisit,
    ["plan", "visited_on", "seen_alone"],
    required={"plan": "Select the plan the visit was under"},
)
CINPlanForm = record_form(m.ChildInNeedPlan, ["started_on", "ended_on"])
CINPlanReviewForm = record_form(
    m.ChildInNeedPlanReview, ["plan", "reviewed_on"], labels={"plan": "The child in need plan reviewed"}
)
AdvocacyForm = record_form(m.AdvocacyPeriod, ["started_on", "ended_on"])
PeriodOfCareForm = record_form(
    m.PeriodOfCare,
    ["started_on", "category_of_need", "home_postcode", "ended_on", "reason_ceased"],
    date_names={
        "started_on": "date the child became looked after",
        "ended_on": "date the child ceased to be looked after",
    },
)
LegalStatusForm = record_form(
    m.LegalStatus,
    ["period_of_care", "started_on", "code"],
    date_names={"started_on": "date the legal status started"},
    required={"period_of_care": "Select the period of care it belongs to"},
)
PlacementForm = record_form(
    m.Placement,
    [
        "period_of_care",
        "started_on",
        "ended_on",
        "placement_type",
        "provider",
        "carer",
        "carer_reference",
        "is_long_term",
        "reason_new_episode",
        "postcode",
        "urn",
        "reason_place_change",
    ],
    labels={"carer": "Foster carer household (if one of ours)"},
    required={"period_of_care": "Select the period of care it belongs to"},
)
StatutoryVisitForm = record_form(m.StatutoryVisit, ["visited_on", "seen_alone"])
LookedAfterReviewForm = record_form(
    m.LookedAfterReview, ["held_on", "participation"], labels={"participation": "How the child took part"}
)
MissingEpisodeForm = record_form(
    m.MissingEpisode,
    ["kind", "started_at", "ended_at", "interview_offered_at", "interview_completed_at"],
    labels={"kind": "Missing or absent"},
    date_names={
        "started_at": "date the child went missing",
        "ended_at": "date the child returned",
        "interview_offered_at": "date the return home interview was offered",
        "interview_completed_at": "date the return home interview was completed",
    },
    required={"kind": "Select whether the child was missing or absent"},
)
CareProceedingsForm = record_form(m.CareProceedings, ["issued_on", "concluded_on", "outcome"])
PreProceedingsForm = record_form(m.PreProceedings, ["started_on", "ended_on"])
ADOPTERS = ("by_foster_carers", "number_of_adopters", "sex_of_adopters", "legal_status_of_adopters")


class _AdoptionRules(RecordForm):
    def clean(self):
        cleaned = super().clean()
        # A reversed decision needs its reason (DfE rule 119).
        if cleaned.get("ceased_on") and not cleaned.get("reason_ceased"):
            self.add_error("reason_ceased", "Select why the child is no longer to be placed for adoption")
        # The adopters are given all together or not at all (DfE rule 151).
        given = [name for name in ADOPTERS if cleaned.get(name)]
        if given and len(given) < len(ADOPTERS):
            for name in ADOPTERS:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, "Give all the adopters' details, or none of them")
        return cleaned


AdoptionForm = record_form(
    m.Adoption,
    [
        "period_of_care",
        "decision_on",
        "placement_order_on",
        "matched_on",
        "moved_in_on",
        "adoption_order_on",
        "ceased_on",
        "reason_ceased",
        "by_foster_carers",
        "number_of_adopters",
        "sex_of_adopters",
        "legal_status_of_adopters",
    ],
    date_names={
        "decision_on": "date of the decision that the child should be placed for adoption",
        "placement_order_on": "date of the placement order",
        "matched_on": "date the child was matched with adopters",
        "moved_in_on": "date the child moved in with the adoptive family",
        "adoption_order_on": "date of the adoption order",
        "ceased_on": "date the child was no longer placed for adoption",
    },
    required={"period_of_care": "Select the period of care it belongs to"},
    base=_AdoptionRules,
)


PathwayPlanReviewForm = record_form(
    m.PathwayPlanReview, ["reviewed_on"], date_names={"reviewed_on": "date the pathway plan was reviewed"}
)
BirthdayRecordForm = record_form(
    m.CareLeaverBirthdayRecord,
    ["age", "in_touch", "activity", "accommodation"],
    labels={"age": "Which birthday", "in_touch": "In touch"},
    required={"age": "Select which birthday", "in_touch": "Select whether we are in touch"},
)
CaseAuditForm = record_form(m.CaseAudit, ["audited_on", "case_type", "grade", "views_and_wishes_met"])


class _PlacementFields(forms.Form):
    placement_type = forms.ChoiceField(label="Placement type", choices=[("", "Choose"), *codes.PlacementType.choices])
    provider = forms.ChoiceField(
        label="Provider", choices=[("", "Not recorded"), *codes.PlacementProvider.choices], required=False
    )
    carer = forms.ModelChoiceField(
        label="Foster carer household (if one of ours)",
        queryset=m.FosterCarerHousehold.objects.filter(deregistered_on__isnull=True),
        required=False,
    )
    carer_reference = forms.CharField(
        label="Carer or setting reference",
        max_length=60,
        required=False,
        help_text="The same reference means the same carer, so a change of placement type is not a move.",
    )
    is_long_term = forms.BooleanField(label="Agreed as long-term", required=False)
    postcode = forms.CharField(label="Postcode of the placement", max_length=8, required=False)

    def __init__(self, *args, child: m.Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        name_required_errors(self, {"reason_new_episode": "Select what changed"})


class LookedAfterStartForm(_PlacementFields):
    """A child becomes looked after: the period of care, legal status and first placement."""

    started_on = DateField(label="Date the child became looked after")
    legal_status = forms.ChoiceField(label="Legal status", choices=[("", "Choose"), *codes.LegalStatusCode.choices])
    category_of_need = forms.ChoiceField(
        label="Category of need",
        choices=[("", "Choose"), *m.PeriodOfCare._meta.get_field("category_of_need").choices],
        help_text="The child's main need as they become looked after (the SSDA903 return's category of need).",
    )
    home_postcode = forms.CharField(
        label="Postcode of the child's home",
        max_length=8,
        required=False,
        help_text="Where the child lived as they became looked after (the SSDA903 return's home postcode).",
    )
    field_order = [
        "started_on",
        "legal_status",
        "category_of_need",
        "home_postcode",
        "placement_type",
        "provider",
        "carer",
        "carer_reference",
    ]

    def __init__(self, *args, child: m.Child, **kwargs):
        super().__init__(*args, child=child, **kwargs)
        self.fields["category_of_need"].error_messages["required"] = "Select the category of need"


class PlacementChangeForm(_PlacementFields):
    """A looked-after child moves: the current placement ends the day the new one starts."""

    started_on = DateField(label="Date of the move")
    reason_new_episode = forms.ChoiceField(
        label="What changed",
        choices=[
            (codes.ReasonNewEpisode.PLACEMENT, codes.ReasonNewEpisode.PLACEMENT.label),
            (codes.ReasonNewEpisode.PLACEMENT_SAME_CARER, codes.ReasonNewEpisode.PLACEMENT_SAME_CARER.label),
            (codes.ReasonNewEpisode.STATUS_AND_PLACEMENT, codes.ReasonNewEpisode.STATUS_AND_PLACEMENT.label),
            (
                codes.ReasonNewEpisode.STATUS_AND_PLACEMENT_SAME_CARER,
                codes.ReasonNewEpisode.STATUS_AND_PLACEMENT_SAME_CARER.label,
            ),
        ],
        widget=forms.RadioSelect,
    )
    reason_place_change = forms.ChoiceField(
        label="Why the child moved",
        choices=[("", "Choose"), *m.Placement._meta.get_field("reason_place_change").choices],
        help_text="The reason for the change of placement the SSDA903 return asks for.",
    )
    field_order = [
        "started_on",
        "reason_new_episode",
        "reason_place_change",
        "placement_type",
        "provider",
        "carer",
        "carer_reference",
    ]

    def __init__(self, *args, child: m.Child, **kwargs):
        super().__init__(*args, child=child, **kwargs)
        self.fields["reason_place_change"].error_messages["required"] = "Select why the child moved"


class ChildForm(forms.ModelForm):
    """A child's details. A manager recording a child chooses who holds the case."""

    allocate_to = forms.ModelChoiceField(
        label="Allocate to",
        queryset=SocialWorker.objects.none(),
        required=False,
        help_text="The social worker who will hold the case. You can see the child once they are in your team.",
    )

    class Meta:
        model = m.Child
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "expected_date_of_birth",
            "sex",
            "ethnicity",
            "disabilities",
            "upn",
            "nhs_number",
            "is_restricted",
            "is_mother",
            "first_child_born_on",
        ]
        formfield_callback = _formfield
        help_texts = {
            "date_of_birth": "For example, 27 3 2015. Leave empty for an unborn child.",
            "expected_date_of_birth": "Only for an unborn child.",
            "disabilities": "Every disability the child has, or 'No disability' (children in need census).",
            "is_mother": "For a girl who is looked after (the SSDA903 return asks it of every one).",
        }

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        name_required_errors(self, {"allocate_to": "Select the social worker who will hold the case"})
        if workers is None:
            del self.fields["allocate_to"]
        else:
            self.fields["allocate_to"].queryset = workers

    def clean(self):
        cleaned = super().clean()
        mother, first_child = cleaned.get("is_mother"), cleaned.get("first_child_born_on")
        # The DfE's rules 174, 611 and 612: a mother is a girl, with her first child's date of birth.
        if mother and cleaned.get("sex") == codes.Sex.MALE:
            self.add_error("is_mother", "Only a girl can be recorded as a mother")
        elif mother == "1" and first_child is None and "first_child_born_on" not in self.errors:
            self.add_error("first_child_born_on", "Enter the date of birth of her first child")
        elif mother != "1" and first_child is not None:
            self.add_error("first_child_born_on", "Leave this empty unless she is a mother")
        born = cleaned.get("date_of_birth")
        if first_child is not None and born is not None and first_child <= born:
            self.add_error("first_child_born_on", "Her first child cannot be born before her")
        return cleaned

    def _post_clean(self) -> None:
        # The service validates and saves the child (see RecordForm._post_clean).
        pass


class FosterCarerHouseholdForm(forms.ModelForm):
    """A foster carer household's approval, and its deregistration when it stops fostering."""

    class Meta:
        model = m.FosterCarerHousehold
        fields = ["reference", "name", "approved_on", "deregistered_on"]
        formfield_callback = _formfield
        labels = {"reference": "Household reference", "name": "Carers' names", "deregistered_on": "Deregistered"}
        help_texts = {
            "reference": "The fostering service's reference, e.g. FC00123.",
            "name": "For example, Sam and Alex Patel.",
            "deregistered_on": "Only when the household has stopped fostering.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deregistered_on"].label_for_errors = "date the household was deregistered"
        name_required_errors(self, {"name": "Enter the carers' names"})

    def _post_clean(self) -> None:
        # The service validates and saves the household (see RecordForm._post_clean).
        pass


class FosterCarerReviewForm(forms.Form):
    """The date an annual review was completed; its due date is derived, not typed."""

    completed_on = DateField(label="Date the review was completed")
