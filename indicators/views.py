"""The report pages: scorecards, team KPIs, an indicator's trend, the records behind a
figure, commentary and sign-off.

Thin views: each reads stored snapshots through ``indicators.selectors`` (which checks
the user may see the scope and runs a fixed number of queries), renders, or exports the
same table through ``core.exports.export_response`` (audited, formula-safe).
Nothing here computes a figure.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from core.exports import export_response, requested_export
from core.periods import add_months, format_month, parse_month
from core.recompute import queue_summary

from . import report_drill_down, report_indicator, report_scorecard, report_sign_off, report_team, selectors
from .commentary import commentary_history, commentary_save
from .filters import DrillDownFilter
from .forms import CommentaryForm, ReportOptionsForm, TeamOptionsForm
from .models import Commentary, MonthSignOff, SnapshotKind
from .sign_off import SignOffError, month_sign_off
from .tables import (
    CountedPaginator,
    DrillDownTable,
    ScorecardExportTable,
    SignOffTable,
    TeamKpiTable,
    TrendTable,
    WorkerKpiTable,
)


def _scope_choices(user, scope: selectors.Scope) -> list[tuple[str, str]]:
    choices = [(selectors.AUTHORITY, settings.AUTHORITY_NAME)]
    choices += [(f"team:{team.pk}", team.name) for team in selectors.teams_for_reports(user)]
    if scope.key not in dict(choices):
        choices.append((scope.key, scope.name))
    return choices


def _options(scope: selectors.Scope, month) -> dict:
    return {"scope": scope.key, "month": format_month(month)}


# --- Scorecards ---------------------------------------------------------------------------


def scorecards(request: HttpRequest) -> HttpResponse:
    cards = selectors.scorecards_for(request.user)
    months = selectors.report_months()
    return render(
        request,
        "indicators/scorecard_list.html",
        {
            "scorecards": cards,
            "default_month": months.status(months.default),
            "can_sign_off": request.user.has_perm("indicators.sign_off_month"),
        },
    )


def scorecard(request: HttpRequest, slug: str) -> HttpResponse:
    card = selectors.scorecard_for(request.user, slug)
    scope = selectors.scope_for(request.user, request.GET.get("scope"))
    months = selectors.report_months()
    month = months.parse(request.GET.get("month"))
    report = report_scorecard.scorecard_report(card, scope, month, months)
    export_format = requested_export(request)
    if export_format:
        return export_response(
            request,
            ScorecardExportTable(report),
            export_format=export_format,
            name=f"{card.slug}-{slugify(scope.name)}-{format_month(month)}",
            title="Scorecard",
            subject=card,
            details=_options(scope, month),
        )
    form = ReportOptionsForm(
        initial=_options(scope, month),
        scope_choices=_scope_choices(request.user, scope),
        month_choices=months.choices(including=month),
    )
    return render(
        request,
        "indicators/scorecard.html",
        {
            "report": report,
            "scorecard": card,
            "scope": scope,
            "month_status": months.status(month),
            "form": form,
            "can_add_comment": selectors.may_write_commentary(request.user, scope, "add"),
            "can_edit_comment": selectors.may_write_commentary(request.user, scope, "change"),
            "league_url": report_scorecard.league_url(card, month),
            "may_configure": request.user.has_perm("indicators.change_thresholdset"),
        },
    )


def scorecard_league(request: HttpRequest, slug: str) -> HttpResponse:
    """A scorecard's measures for one month with the teams as columns, beside the authority
    and its statistical neighbours."""
    card = selectors.scorecard_for(request.user, slug)
    months = selectors.report_months()
    month = months.parse(request.GET.get("month"))
    report = report_scorecard.league_report(card, month, months)
    form = ReportOptionsForm(initial={"month": format_month(month)}, month_choices=months.choices(including=month))
    return render(
        request,
        "indicators/scorecard_league.html",
        {"report": report, "scorecard": card, "month_status": months.status(month), "form": form},
    )


# --- Team KPIs ----------------------------------------------------------------------------


def team_kpis(request: HttpRequest) -> HttpResponse:
    selectors.require_reports(request.user)
    team = report_team.team_for_kpis(request.user, request.GET.get("team"))
    months = selectors.report_months()
    month = months.parse(request.GET.get("month"))
    report = report_team.team_report(team, month, months)
    team_table = TeamKpiTable(report.lines, team_name=team.name, authority_name=settings.AUTHORITY_NAME)
    worker_table = WorkerKpiTable(report.worker_lines, workers=report.workers)
    export_format = requested_export(request)
    if export_format:
        which = request.GET.get("table", "team")
        if which not in ("team", "workers"):
            raise Http404("No such table.")
        return export_response(
            request,
            team_table if which == "team" else worker_table,
            export_format=export_format,
            name=f"{slugify(team.name)}-{'kpis' if which == 'team' else 'social-workers'}-{format_month(month)}",
            title="Team KPIs" if which == "team" else "Social workers",
            subject=team,
            details={"team": team.pk, "month": format_month(month), "table": which},
        )
    teams = selectors.teams_for_reports(request.user)
    form = TeamOptionsForm(
        initial={"team": team.pk, "month": format_month(month)},
        team_choices=[(t.pk, t.name) for t in teams],
        month_choices=months.choices(including=month),
    )
    return render(
        request,
        "indicators/team_kpis.html",
        {
            "report": report,
            "team": team,
            "team_table": team_table,
            "worker_table": worker_table,
            "form": form,
            "authority_name": settings.AUTHORITY_NAME,
        },
    )


# --- Indicator ----------------------------------------------------------------------------


def indicator(request: HttpRequest, pk: int) -> HttpResponse:
    shown = report_indicator.indicator_for(request.user, pk)
    scope = selectors.scope_for(request.user, request.GET.get("scope"))
    months = selectors.report_months()
    month = months.parse(request.GET.get("month"))
    report = report_indicator.indicator_report(
        shown, scope, month, months, for_administrator=request.user.has_perm("indicators.add_benchmark")
    )
    table = TrendTable(
        report.points,
        neighbours=report.neighbours,
        england=report.england,
        authority_name=settings.AUTHORITY_NAME if report.shows_authority else "",
    )
    export_format = requested_export(request)
    if export_format:
        return export_response(
            request,
            table,
            export_format=export_format,
            name=f"{slugify(shown.code)}-{slugify(scope.name)}-to-{format_month(month)}",
            title="Trend",
            subject=shown,
            details=_options(scope, month),
        )
    form = ReportOptionsForm(
        initial=_options(scope, month),
        scope_choices=_scope_choices(request.user, scope),
        month_choices=months.choices(including=month),
    )
    return render(
        request,
        "indicators/indicator.html",
        {
            "report": report,
            "indicator": shown,
            "scope": scope,
            "month_status": months.status(month),
            "table": table,
            "form": form,
            "chart_data": report.chart_data(),
            "can_add_comment": selectors.may_write_commentary(request.user, scope, "add"),
            "can_edit_comment": selectors.may_write_commentary(request.user, scope, "change"),
            "commentary_url": selectors.commentary_url(shown, scope.key, month),
        },
    )


# --- Drill-down ---------------------------------------------------------------------------


def records(request: HttpRequest, pk: int) -> HttpResponse:
    shown = report_indicator.indicator_for(request.user, pk)
    scope = selectors.scope_for(request.user, request.GET.get("scope"))
    month = _month(request.GET.get("month"))
    figure, snapshot = report_drill_down.drill_down_figure(shown, scope, month, request.GET.get("kind") or None)
    counts = report_drill_down.drill_down_counts(request.user, snapshot, scope)
    rows = DrillDownFilter(request.GET, queryset=report_drill_down.drill_down_records(request.user, snapshot, scope))
    about, value_name = records_about(shown)
    table = DrillDownTable(rows.qs, unit=shown.unit, about=about, value_name=value_name)
    export_format = requested_export(request)
    if export_format:
        return export_response(
            request,
            table,
            export_format=export_format,
            name=f"{slugify(shown.code)}-{slugify(scope.name)}-{format_month(month)}-records",
            title="Records",
            subject=shown,
            details={**_options(scope, month), "kind": figure.kind},
        )
    paginate = {"per_page": 25}
    listed = _listed(rows, counts)
    if listed is not None:
        paginate.update(paginator_class=CountedPaginator, count=listed)
    RequestConfig(request, paginate=paginate).configure(table)
    sign_off = MonthSignOff.objects.filter(month=month).select_related("signed_off_by").first()
    return render(
        request,
        "indicators/records.html",
        {
            "indicator": shown,
            "scope": scope,
            "month": month,
            "figure": figure,
            "snapshot": snapshot,
            "counts": counts,
            "table": table,
            "filter": rows,
            "sign_off": sign_off,
            "is_reported": figure.kind == SnapshotKind.REPORTED,
            "indicator_url": selectors.indicator_url(shown, scope.key, month),
            "about": about,
            "value_name": value_name,
        },
    )


def records_about(indicator) -> tuple[str, str]:
    """What the indicator's records are ("worker", "post", or "" for children's records) and
    what each one's number is ("Caseload" for W 1-W 1e, 4.5 and 4.6; "" otherwise)."""
    from .calculators import calculator_for
    from .calculators.workforce import AverageCaseload

    calculator = calculator_for(indicator.code)
    if calculator is None:
        return "", ""
    record_type = getattr(calculator, "record_type", "")
    about = record_type if record_type in ("worker", "post") else ""
    return about, "Caseload" if isinstance(calculator, AverageCaseload) else ""


def _listed(rows: DrillDownFilter, counts: report_drill_down.DrillDownCounts) -> int | None:
    """How many records the filtered list holds, from the counts already made: all those the
    user may see, or those in or not in the numerator; None (count them) for anything else."""
    if rows.is_bound and not rows.form.is_valid():
        return None
    chosen = {name: value for name, value in rows.form.cleaned_data.items() if value not in ("", None)}
    if not chosen:
        return counts.listed_where(None)
    if chosen == {"in_numerator": "yes"}:
        return counts.listed_where(True)
    if chosen == {"in_numerator": "no"}:
        return counts.listed_where(False)
    return None


def _month(text: str | None):
    if not text:
        return selectors.report_months().default
    try:
        return parse_month(text)
    except ValueError as error:
        raise Http404(str(error)) from error


# --- Commentary ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def commentary(request: HttpRequest, pk: int) -> HttpResponse:
    shown = report_indicator.indicator_for(request.user, pk)
    scope = selectors.scope_for(request.user, request.GET.get("scope"))
    month = _month(request.GET.get("month"))
    existing = (
        Commentary.objects.filter(indicator=shown, month=month, scope_key=scope.key).select_related("author").first()
    )
    may_write = selectors.may_write_commentary(request.user, scope, "change" if existing else "add")
    if request.method == "POST" and not may_write:
        raise PermissionDenied
    form = CommentaryForm(request.POST or None, instance=existing) if may_write else None
    indicator_url = selectors.indicator_url(shown, scope.key, month)
    return_to = _return_to(request)
    if request.method == "POST" and form.is_valid():
        commentary_save(
            indicator=shown, month=month, scope_key=scope.key, text=form.cleaned_data["text"], by=request.user
        )
        messages.success(request, f"Comment on {shown.code} for {month:%B %Y} saved")
        return redirect(return_to or indicator_url)
    return render(
        request,
        "indicators/commentary.html",
        {
            "indicator": shown,
            "scope": scope,
            "month": month,
            "commentary": existing,
            "history": commentary_history(existing),
            "form": form,
            "indicator_url": indicator_url,
            "return_to": return_to,
        },
    )


def _return_to(request: HttpRequest) -> str:
    """The page a comment was opened from (?next=, the scorecard), if it is one of ours."""
    target = request.GET.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


# --- Sign-off -----------------------------------------------------------------------------


def sign_off_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.has_perm("indicators.sign_off_month") or selectors.sees_all_kpis(user)):
        raise PermissionDenied
    table = SignOffTable(report_sign_off.sign_off_lines(), can_sign_off=user.has_perm("indicators.sign_off_month"))
    export_format = requested_export(request)
    if export_format:
        return export_response(
            request,
            table,
            export_format=export_format,
            name=f"sign-off-{timezone.localdate():%Y-%m-%d}",
            title="Sign-off",
            subject=MonthSignOff,
            details={},
        )
    return render(request, "indicators/sign_off_list.html", {"table": table, "queue": queue_summary()})


@require_http_methods(["GET", "POST"])
def sign_off_month(request: HttpRequest, month: str) -> HttpResponse:
    if not request.user.has_perm("indicators.sign_off_month"):
        raise PermissionDenied
    chosen = _month(month)
    line = next((line for line in report_sign_off.sign_off_lines(24) if line.month == chosen), None)
    if line is None:
        raise Http404("Only the last two years' months can be signed off here.")
    error = ""
    if request.method == "POST":
        try:
            month_sign_off(month=chosen, by=request.user)
        except SignOffError as failure:
            error = str(failure)
        else:
            messages.success(request, f"{chosen:%B %Y} signed off: its figures are now kept as reported")
            return redirect("indicators:sign_off")
    queue = queue_summary()
    return render(
        request,
        "indicators/sign_off_month.html",
        {
            "line": line,
            "month": chosen,
            "previous_month": add_months(chosen, -1),
            "error": error,
            "queue": queue,
            "month_waiting": chosen in queue.months,
            "figures": report_sign_off.sign_off_figures(chosen) if line.sign_off is None else [],
            "changes": report_sign_off.record_changes_since(line.computed_at if line.sign_off is None else None),
        },
        status=400 if error else 200,
    )
