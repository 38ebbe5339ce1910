"""An episode of need: its referral, assessments, plans, section 47 enquiries, conferences and child protection
plans."""

from datetime import date

from casework import codes
from casework.models import (
    Assessment,
    Child,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
)
from casework.statutory import cin_census as statutory_cin

from .. import cin_rules
from ..engine import period_text
from ..readers import BadValue, SourceRow, parse_date
from .entities import (
    ABUSE_CATEGORIES,
    ASSESSMENT_COLUMNS,
    CIN_PLAN_COLUMNS,
    CP_PLAN_COLUMNS,
    LONG,
    PRIMARY_NEED,
    REASON_FOR_CLOSURE,
    REFERRAL_COLUMNS,
    REFERRAL_SOURCES,
    SOURCE,
    CinEpisode,
    CinValues,
    _ChildState,
)


class NeedChecks:  # a part of CinCensusCheck, which sets the attributes it uses
    """An episode of need and the records in it."""

    # --- An episode of need ---------------------------------------------------------------------------------

    def _episode(self, child: Child, episode: CinEpisode, year: int, state: "_ChildState") -> None:
        refused = self.report.is_rejected  # already, by a DfE rule across the entry's dates
        referral = None if refused(episode.row) else self._referral(child, episode.row, year, state)
        if referral is None:
            self.report.reject_dependants(episode.assessments, "Not imported: its referral was rejected.")
        else:
            for row in episode.assessments:
                if not refused(row):
                    self._assessment(child, row, referral, year, state)
        for row in episode.plans:
            if not refused(row):
                self._cin_plan(child, row, year, state)
        initial_dates = set()
        for row in episode.section47s:
            if not refused(row):
                initial_dates |= self._section47(child, row, year, state)
        try:
            initial = parse_date(episode.row.get("DateOfInitialCPC"))
        except BadValue:
            initial = None  # reported with the referral
        if initial is not None and initial not in initial_dates and not self.report.is_rejected(episode.row):
            self._conference(child, episode.row, codes.ConferenceKind.INITIAL, initial, None, year, state)
        for plan_rows in episode.protection_plans:
            plan = None if refused(plan_rows.row) else self._cp_plan(child, plan_rows.row, year, state)
            if plan is None:
                self.report.reject_dependants(
                    plan_rows.reviews, "Not imported: its child protection plan was rejected."
                )
                continue
            for row in plan_rows.reviews:
                self._review(child, row, plan, year, state)

    def _referral(self, child: Child, row: SourceRow, year: int, state: "_ChildState") -> Referral | None:
        values = CinValues(row, self.report)
        received = values.date("CINreferralDate", required=True, what="The referral date (CINreferralDate)")
        source = values.code("ReferralSource", REFERRAL_SOURCES, what="referral source", required=True)
        primary_need = values.code("PrimaryNeedCode", PRIMARY_NEED, what="primary need")
        closed = values.date("CINclosureDate")
        reason = values.code("ReasonForClosure", REASON_FOR_CLOSURE, what="reason for closure")
        values.flag("ReferralNFA")
        values.date("DateOfInitialCPC")
        if not values.ok:
            return None
        if closed is not None and not reason:
            self.report.warning(
                row,
                "ReasonForClosure",
                cin_rules.cite(
                    "The case closed but the reason for closure is missing.", cin_rules.CLOSED_WITHOUT_REASON_RULE
                ),
            )
        referral = Referral(
            child=child,
            received_on=received,
            source_of_referral=source,
            closed_on=closed,
            primary_need=primary_need or "",
            reason_for_closure=reason or "",
            source=SOURCE,
            source_reference=self.reference(row, year),
            recorded_by=self.by,
        )
        return self._settle(
            referral,
            ("received_on",),
            ["source_of_referral", "closed_on", "primary_need", "reason_for_closure"],
            row,
            state,
            REFERRAL_COLUMNS,
            "referral",
        )

    def _assessment(self, child, row, referral: Referral, year, state) -> None:
        values = CinValues(row, self.report)
        started = values.date("AssessmentActualStartDate", required=True, what="The assessment's start date")
        authorised = values.date("AssessmentAuthorisationDate")
        values.date("AssessmentInternalReviewDate")
        if not values.ok:
            return
        factors = values.code_list(
            "AssessmentFactors",
            statutory_cin.ASSESSMENT_FACTOR_CHOICES,
            statutory_cin.NO_FACTORS_IDENTIFIED,
            what="factors identified at the assessment",
            alone_message="'21' (no factors identified) is given with other factors: give one or the other.",
        )
        if factors and authorised is None:
            values.field_error(
                "AssessmentFactors",
                "Factors are given for an assessment that is not completed (no AssessmentAuthorisationDate): "
                "they are not kept.",
            )
            factors = []
        assessment = Assessment(
            child=child,
            referral=referral,
            started_on=started,
            authorised_on=authorised,
            factors=factors,
            source=SOURCE,
            source_reference=self.reference(row, year),
            recorded_by=self.by,
        )
        self._settle(
            assessment,
            ("started_on",),
            ["referral", "authorised_on", "factors"],
            row,
            state,
            ASSESSMENT_COLUMNS,
            "assessment",
            links={"referral": referral},
        )

    def _cin_plan(self, child, row, year, state) -> None:
        values = CinValues(row, self.report)
        started = values.date("CINPlanStartDate", required=True, what="The plan's start date (CINPlanStartDate)")
        ended = values.date("CINPlanEndDate")
        if not values.ok:
            return
        plan = ChildInNeedPlan(
            child=child,
            started_on=started,
            ended_on=ended,
            source=SOURCE,
            source_reference=self.reference(row, year),
            recorded_by=self.by,
        )
        self._settle(
            plan, ("started_on",), ["ended_on"], row, state, CIN_PLAN_COLUMNS, "child in need plan", periods=True
        )

    def _section47(self, child, row, year, state) -> set[date]:
        """The strategy discussion, the enquiry it started and the initial conference that followed."""
        values = CinValues(row, self.report)
        started = values.date("S47ActualStartDate", required=True, what="The enquiry's start date (S47ActualStartDate)")
        initial = values.date("DateOfInitialCPC")
        values.date("InitialCPCtarget")
        values.flag("ICPCnotRequired")
        if not values.ok:
            return set()
        discussion = StrategyDiscussion(
            child=child, held_on=started, source=SOURCE, source_reference=self.reference(row, year), recorded_by=self.by
        )
        discussion = self._settle(
            discussion, ("held_on",), [], row, state, {"held_on": "S47ActualStartDate"}, "strategy discussion"
        )
        if discussion is None:
            return set()
        enquiry = Section47Enquiry(
            child=child,
            strategy_discussion=discussion,
            started_on=started,
            source=SOURCE,
            source_reference=self.reference(row, year),
            recorded_by=self.by,
        )
        enquiry = self._settle(
            enquiry,
            ("started_on",),
            ["strategy_discussion"],
            row,
            state,
            {"started_on": "S47ActualStartDate", "strategy_discussion": "S47ActualStartDate"},
            "section 47 enquiry",
            links={"strategy_discussion": discussion},
        )
        if enquiry is None or initial is None:
            return set()
        self._conference(child, row, codes.ConferenceKind.INITIAL, initial, enquiry, year, state)
        return {initial}

    def _conference(self, child, row, kind: str, held_on: date, enquiry, year, state) -> None:
        conference = ChildProtectionConference(
            child=child,
            kind=kind,
            held_on=held_on,
            section47=enquiry,
            source=SOURCE,
            source_reference=self.reference(row, year),
            recorded_by=self.by,
        )
        column = "CPPreviewDate" if kind == codes.ConferenceKind.REVIEW else "DateOfInitialCPC"
        self._settle(
            conference,
            ("kind", "held_on"),
            ["section47"] if enquiry is not None else [],
            row,
            state,
            {"held_on": column, "section47": column, "kind": column},
            "review conference" if kind == codes.ConferenceKind.REVIEW else "initial conference",
            links={"section47": enquiry} if enquiry is not None else None,
        )

    def _cp_plan(self, child, row, year, state) -> ChildProtectionPlan | None:
        values = CinValues(row, self.report)
        started = values.date("CPPstartDate", required=True, what="The plan's start date (CPPstartDate)")
        ended = values.date("CPPendDate")
        initial = values.code("InitialCategoryOfAbuse", ABUSE_CATEGORIES, what="category of abuse")
        latest = values.code("LatestCategoryOfAbuse", ABUSE_CATEGORIES, what="category of abuse")
        if values.ok and not (initial or latest):
            values.fail("InitialCategoryOfAbuse", "The category of abuse is missing.")
        if not values.ok:
            return None
        plan = ChildProtectionPlan(
            child=child,
            started_on=started,
            ended_on=ended,
            category=initial or latest,
            source=SOURCE,
            source_reference=self.reference(row, year),
            recorded_by=self.by,
        )
        return self._settle(
            plan,
            ("started_on",),
            ["ended_on", "category"],
            row,
            state,
            CP_PLAN_COLUMNS,
            "child protection plan",
            periods=True,
        )

    def _review(self, child, row, plan: ChildProtectionPlan, year, state) -> None:
        values = CinValues(row, self.report)
        held_on = values.date("CPPreviewDate", required=True, what="The review date (CPPreviewDate)")
        if not values.ok:
            return
        if not (plan.started_on <= held_on and (plan.ended_on is None or plan.ended_on >= held_on)):
            # Before the plan: the DfE's rule 8841; after it ended, the validator has no rule.
            self.report.error(
                row,
                "CPPreviewDate",
                cin_rules.cite(
                    f"The review conference on {LONG(held_on)} is outside its child protection plan "
                    f"({period_text(plan.started_on, plan.ended_on)}).",
                    cin_rules.REVIEW_BEFORE_PLAN_RULE if held_on < plan.started_on else None,
                ),
            )
            return
        self._conference(child, row, codes.ConferenceKind.REVIEW, held_on, None, year, state)
