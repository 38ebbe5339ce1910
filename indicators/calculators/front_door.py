"""Front door: FD 3 and FD 8 (flows, attributed by the allocation on the event date)."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import TruncDate

from casework.models import Contact, Referral
from core.sql import AddMonths, within_working_days

from ..models import Polarity, Unit, Window
from . import register
from .base import Calculator, Context, as_rows, test_once, when

# Why a record is in or out of this module's figures, in words ("{date}" is the row's detail date).
REASONS: dict[str, str] = {}


def local_midnight(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def received_in_month(context: Context, field: str = "received_at") -> Q:
    """A datetime in the month, by the local calendar (Europe/London)."""
    return Q(
        **{
            f"{field}__gte": local_midnight(context.month.first),
            f"{field}__lt": local_midnight(context.month.next_first),
        }
    )


@register
class ContactsDecidedInOneWorkingDay(Calculator):
    """FD 3: contacts received in month with a decision; decided within 1 working day of receipt."""

    code = "FD 3"
    title = "Percentage of completed contacts received in the month which were actioned within 1 working day"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.IN_MONTH
    description = (
        "Contacts received in the month with a decision recorded; in the numerator when the decision was made "
        "within 1 working day of receipt (a contact received on a Thursday must be decided by the Friday)."
    )
    record_type = "contact"

    def rows(self, context: Context):
        contacts = (
            context.records(Contact)
            .filter(received_in_month(context), decided_at__isnull=False)
            .annotate(received_on=TruncDate("received_at"), decided_on=TruncDate("decided_at"))
        )
        contacts, in_time = test_once(contacts, "decided_in_time", within_working_days("received_on", "decided_on", 1))
        return as_rows(
            contacts,
            in_numerator=in_time,
            reference_date="received_on",
            attribute_on="received_on",
            detail=when(in_time, "on_time", "late"),
            detail_date=F("decided_on"),
        )


@register
class ReReferrals(Calculator):
    """FD 8: referrals received in month; the child had another referral in the 12 months before
    (the half-open interval [date - 12 months, date))."""

    code = "FD 8"
    title = "Percentage of re-referrals within 12 months"
    unit = Unit.PERCENTAGE
    polarity = Polarity.LOWER_IS_BETTER
    window = Window.IN_MONTH
    description = (
        "Referrals received in the month; in the numerator when the child had another referral in the 12 months "
        "before this one."
    )
    record_type = "referral"

    def rows(self, context: Context):
        earlier = Referral.objects.filter(
            child=OuterRef("child"),
            received_on__lt=OuterRef("received_on"),
            received_on__gte=AddMonths(OuterRef("received_on"), -12),
        ).exclude(pk=OuterRef("pk"))
        referrals = (
            context.records(Referral)
            .filter(received_on__gte=context.month.first, received_on__lte=context.month.last)
            .annotate(
                is_repeat=Exists(earlier),
                previous_on=earlier.order_by("-received_on").values("received_on")[:1],
            )
        )
        return as_rows(
            referrals,
            in_numerator=Q(is_repeat=True),
            reference_date="received_on",
            attribute_on="received_on",
            detail=when(Q(is_repeat=True), "repeat", "first"),
            detail_date=F("previous_on"),
        )
