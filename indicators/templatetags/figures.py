"""A figure as the report pages show it, made in Python: ``figure_html(figure)``.

Every report table (``indicators.tables.FigureColumn``) and the scorecard (``{% figure %}``)
show a figure the same way: the value coloured by its rating and linked to the records
behind it, the rating in words, and marks for a provisional, hand-reported, small-number or
restated figure. A team's page shows some 400 of them: one function call each, not a
template include with a dozen variable lookups. Its values are plain text (ratings, figures,
URLs), escaped with html.escape as Django's escape does.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from core.templatetags.govuk import rating_class

from ..formatting import is_small_number
from ..models import Method, SnapshotKind
from ..report_change import Change, Comparison
from ..selectors import Figure, snapshot_text

register = template.Library()

NO_FIGURE = mark_safe("")
TO_BE_CONFIRMED = mark_safe('<span class="app-figure app-figure--tbc">To be confirmed</span>')
NOT_COMPUTED = mark_safe('<span class="app-figure app-figure--none">not computed at this level</span>')
NO_DATA = mark_safe('<span class="app-figure app-figure--none">no data</span>')
PROVISIONAL = mark_safe('<span class="app-figure__note app-provisional">Provisional</span>')
HAND_REPORTED = mark_safe('<span class="app-figure__note">Reported by hand</span>')
SMALL_NUMBER = mark_safe('<span class="app-figure__note app-small-number">Small number: fewer than 5</span>')


def change_html(change: Change | None) -> str:
    """The change since last month: an arrow coloured by its judgement (green for better
    whichever way it points), the amount, and the judgement in words, so colour is never
    the only sign; a screen reader hears the whole sentence instead."""
    if change is None:
        return ""
    shown = " ".join(part for part in (change.amount_text, change.word) if part)
    return (
        f'<span class="app-figure__note app-change app-change--{change.judgement}" data-change="{change.judgement}">'
        f'<span aria-hidden="true"><span class="app-change__arrow">{change.arrow}</span> {escape(shown)}</span>'
        f'<span class="govuk-visually-hidden">{escape(change.description)}</span></span>'
    )


def comparison_html(comparison: Comparison | None) -> str:
    """A figure without thresholds against the average entered: 'Above stat neighbours (13.8): worse'."""
    if comparison is None:
        return ""
    return (
        f'<span class="app-figure__note app-comparison app-change--{comparison.judgement}" '
        f'data-comparison="{comparison.judgement}">{escape(comparison.text)}</span>'
    )


def figure_html(
    figure: Figure | None, change: Change | None = None, comparison: Comparison | None = None
) -> SafeString:
    """The figure's markup; nothing for no figure at all (None), "no data" for a figure with
    no snapshot, "not computed at this level" where the indicator has no such scope. With
    ``change``, its change since last month; with ``comparison``, how it stands against an
    average (for a measure with no thresholds)."""
    if figure is None:
        return NO_FIGURE
    if not figure.indicator.is_live:
        return TO_BE_CONFIRMED
    if figure.is_not_computed_for_scope:
        return NOT_COMPUTED
    shown = figure.shown
    if shown is None:
        return NO_DATA
    unit = figure.indicator.unit
    rating = escape(shown.rating)  # every value here is plain text: escaped as {{ }} would
    hand_reported = shown.method == Method.MANUAL
    notes = f'<span class="app-figure__note">{rating}</span>' if rating else ""
    notes += change_html(change) + comparison_html(comparison)
    if shown.kind == SnapshotKind.PROVISIONAL:
        notes += PROVISIONAL
    if hand_reported:
        notes += HAND_REPORTED
    elif is_small_number(shown.denominator, unit):
        notes += SMALL_NUMBER
    if figure.restatement is not None:
        notes += (
            '<span class="app-figure__note app-figure__restated">Restated: '
            f'<a class="govuk-link" href="{escape(figure.restated_records_url)}">{escape(figure.restated_text)}</a> '
            f"({escape(figure.difference_text)})</span>"
        )
    return mark_safe(  # noqa: S308 - escaped above
        '<span class="app-figure"><a class="govuk-link app-figure__link" '
        f'href="{escape(figure.records_url)}"><span class="app-rating {escape(rating_class(shown.rating))}" '
        f'data-rating="{rating}">{escape(snapshot_text(shown, unit))}</span></a>{notes}</span>'
    )


@register.simple_tag(name="figure")
def figure_tag(shown: Figure | None, change: Change | None = None, comparison: Comparison | None = None) -> SafeString:
    """``{% figure line.latest %}``, ``{% figure figure change comparison %}``: figure_html in a template."""
    return figure_html(shown, change, comparison)
