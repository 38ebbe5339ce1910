"""Admin inlines whose every box has a name a screen reader reads.

A tabular inline shows its labels once, as column headings, so each row's boxes have no
label of their own (axe-core: "Form elements must have labels"; the scorecard editor had
169). Each box here gets an ``aria-label`` naming the column and the row: "Theme, row 3",
"Delete row 3"; the blank row a script copies is "new row".
"""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet


class LabelledInlineFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)  # adds the DELETE box (and ORDER) after the form's own
        row = f"row {index + 1}" if index is not None else "new row"
        for name, field in form.fields.items():
            if name == "DELETE":
                label = f"Delete {row}"
            else:
                label = f"{field.label or name.replace('_', ' ').capitalize()}, {row}"
            # A related field's select sits inside the admin's wrapper (the add and change
            # links): the name goes on the select itself, which the wrapper renders.
            getattr(field.widget, "widget", field.widget).attrs["aria-label"] = label


class LabelledTabularInline(admin.TabularInline):
    formset = LabelledInlineFormSet
