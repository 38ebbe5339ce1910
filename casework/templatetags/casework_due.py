from django import template

from casework.tables import due_cell

register = template.Library()


@register.simple_tag
def due_date(due):
    """A due date, "Overdue: ..." and marked when it has passed."""
    return due_cell(due)
