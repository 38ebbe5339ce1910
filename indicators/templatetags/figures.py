"""A figure as the report pages show it, made in Python: ``figure_html(figure)``.

Every report table (``indicators.tables.FigureColumn``) and the scorecard (``{% figure %}``)
show a figure the same way: the value coloured by its rating and linked to the records
behind it, the rating in words, and marks for a provisional, hand-reported, small-number or
restated figure. A team's page shows some 400 of them: one function call each, not a
template include with a dozen variable lookups.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from kpi_project.templatetags.govuk import rating_class

from ..formatting import is_small_number
from ..models import Method, SnapshotKind
from ..selectors import Figure, snapshot_text

register = template.Library()

NO_FIGURE = mark_safe("")
TO_BE_CONFIRMED = mark_safe('<span class="app-figure app-figure--tbc">To be confirmed</span>')
NOT_COMPUTED = mark_safe('<span class="app-figure app-figure--none">not computed at this level</span>')
NO_DATA = mark_safe('<span class="app-figure app-figure--none">no data</span>')
PROVISIONAL = mark_safe('<span class="app-figure__note app-provisional">Provisional</span>')
HAND_REPORTED = mark_safe('<span class="app-figure__note">Reported by hand</span>')
SMALL_NUMBER = mark_safe('<span class="app-figure__note app-small-number">Small number: fewer than 5</span>')


def figure_html(figure: Figure | None) -> SafeString:
    """The figure's markup; nothing for no figure at all (None), "no data" for a figure with
    no snapshot, "not computed at this level" where the indicator has no such scope."""
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
    rating = shown.rating
    hand_reported = shown.method == Method.MANUAL
    notes = []
    if rating:
        notes.append(format_html('<span class="app-figure__note">{}</span>', rating))
    if shown.kind == SnapshotKind.PROVISIONAL:
        notes.append(PROVISIONAL)
    if hand_reported:
        notes.append(HAND_REPORTED)
    elif is_small_number(shown.denominator, unit):
        notes.append(SMALL_NUMBER)
    if figure.restatement is not None:
        notes.append(
            format_html(
                '<span class="app-figure__note app-figure__restated">Restated: '
                '<a class="govuk-link" href="{}">{}</a> ({})</span>',
                figure.restated_records_url,
                figure.restated_text,
                figure.difference_text,
            )
        )
    return format_html(
        '<span class="app-figure"><a class="govuk-link app-figure__link" href="{}">'
        '<span class="app-rating {}" data-rating="{}">{}</span></a>{}</span>',
        figure.records_url,
        rating_class(rating),
        rating,
        snapshot_text(shown, unit),
        mark_safe("".join(notes)),  # noqa: S308 - each note is escaped above
    )


@register.simple_tag(name="figure")
def figure_tag(shown: Figure | None) -> SafeString:
    """``{% figure line.latest %}``: figure_html in a template."""
    return figure_html(shown)
