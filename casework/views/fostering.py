"""Foster carer households and their reviews (the fostering service)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from .. import services, validation
from ..filters import FosterCarerHouseholdFilter
from ..forms import FosterCarerHouseholdForm, FosterCarerReviewForm
from ..selectors import (
    households_visible_to,
    may_read_fostering,
    may_record_fostering,
    with_review_status,
)
from ..tables import (
    FosterCarerHouseholdTable,
    due_cell,
    next_review_due,
)
from .permissions import _posted, _show_errors


class HouseholdListView(SingleTableMixin, FilterView):
    table_class = FosterCarerHouseholdTable
    filterset_class = FosterCarerHouseholdFilter
    template_name = "casework/household_list.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_read_fostering(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return with_review_status(households_visible_to(self.request.user))

    def get_context_data(self, **kwargs):
        may_add = may_record_fostering(self.request.user, "casework.add_fostercarerhousehold")
        return super().get_context_data(may_add=may_add, **kwargs)


def _household_for(request: HttpRequest, pk: int):
    if not may_read_fostering(request.user):
        raise PermissionDenied
    return get_object_or_404(with_review_status(households_visible_to(request.user)), pk=pk)


def _require_fostering(user, *permissions: str) -> None:
    if not may_record_fostering(user, *permissions):
        raise PermissionDenied


def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household_for(request, pk)
    user = request.user
    reviews = household.reviews.order_by(F("completed_on").desc(nulls_first=True), "-due_on")
    may_correct = may_record_fostering(user, "casework.change_fostercarerreview")
    context = {
        "household": household,
        "next_due": next_review_due(household),
        "next_due_cell": due_cell(next_review_due(household)),
        "reviews": reviews,
        "may_record_review": may_record_fostering(user, "casework.add_fostercarerreview"),
        "may_correct_review": may_correct,
        "may_change": may_record_fostering(user, "casework.change_fostercarerhousehold"),
    }
    return render(request, "casework/household_detail.html", context)


def household_create(request: HttpRequest) -> HttpResponse:
    _require_fostering(request.user, "casework.add_fostercarerhousehold")
    form = FosterCarerHouseholdForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            household = services.foster_carer_household_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, f"{household.name} recorded as approved foster carers.")
            return redirect("fostering:household", pk=household.pk)
    return render(request, "casework/household_form.html", {"form": form, "title": "Add a foster carer household"})


def household_update(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household_for(request, pk)
    _require_fostering(request.user, "casework.change_fostercarerhousehold")
    form = FosterCarerHouseholdForm(_posted(request), instance=household)
    if request.method == "POST" and form.is_valid():
        try:
            services.foster_carer_household_update(household=household, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            household.refresh_from_db()
            _show_errors(form, error)
        else:
            messages.success(request, f"{household.name}'s details saved.")
            return redirect("fostering:household", pk=household.pk)
    context = {"form": form, "household": household, "title": "Correct the household or record deregistration"}
    return render(request, "casework/household_form.html", context)


def review_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an annual review; the page shows the due date it is recorded against."""
    household = _household_for(request, pk)
    _require_fostering(request.user, "casework.add_fostercarerreview")
    form = FosterCarerReviewForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            review = services.foster_carer_review_create(household=household, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            due = validation.long_date(review.due_on)
            messages.success(request, f"Annual review recorded (due {due}).")
            return redirect("fostering:household", pk=household.pk)
    if household.last_review_on:
        reason = f"one year after the last review was completed ({validation.long_date(household.last_review_on)})"
    else:
        reason = f"one year after the household was approved ({validation.long_date(household.approved_on)})"
    context = {
        "form": form,
        "household": household,
        "title": "Record an annual review",
        "due_on": next_review_due(household),
        "due_reason": reason,
    }
    return render(request, "casework/household_form.html", context)


def review_update(request: HttpRequest, pk: int, review_pk: int) -> HttpResponse:
    household = _household_for(request, pk)
    _require_fostering(request.user, "casework.change_fostercarerreview")
    review = get_object_or_404(household.reviews.all(), pk=review_pk)
    form = FosterCarerReviewForm(_posted(request), initial={"completed_on": review.completed_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.foster_carer_review_update(review=review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            review.refresh_from_db()
            _show_errors(form, error)
        else:
            messages.success(request, "Review corrected. Its history keeps what it said before.")
            return redirect("fostering:household", pk=household.pk)
    context = {"form": form, "household": household, "title": "Correct an annual review", "due_on": review.due_on}
    return render(request, "casework/household_form.html", context)
