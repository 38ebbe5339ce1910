"""GOV.UK Design System form pieces: the date input pattern and shared base classes.

Dates are typed as day, month and year in three boxes (the GOV.UK date input), and
errors name what is wrong ("The visit date must include a month").
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone


def date_error_name(label, label_for_errors: str | None = None) -> str:
    """What a date's errors call it, read after "Enter the" and "The": the noun given, else
    the label when it names a date ("Date of visit", "Start date"), else "date" and the label
    made a clause ("When the contact was received" -> "date the contact was received").
    A label that is neither ("Went missing") must be given a noun: a test walks every form."""
    if label_for_errors:
        return label_for_errors
    text = str(label or "date")
    lowered = text[:1].lower() + text[1:]
    if lowered.startswith("when "):
        return "date " + lowered.removeprefix("when ")
    return lowered


def time_error_name(date_name: str) -> str:
    """'date the contact was received' -> 'time the contact was received'."""
    if date_name.startswith("date "):
        return "time " + date_name.removeprefix("date ")
    return f"time of the {date_name}"


def name_required_errors(form: forms.BaseForm, messages: dict[str, str] | None = None) -> None:
    """Give each field a required message that names it, in place of "This field is
    required.": "Select the source of contact" for a choice, "Enter the postcode" for text.
    ``messages`` words the fields whose label does not read after "Select the"."""
    messages = messages or {}
    for name, field in form.fields.items():
        if isinstance(field, DateField | DateTimeField):
            continue  # their own clean() names the date
        if name in messages:
            message = messages[name]
        elif field.error_messages.get("required") != forms.Field.default_error_messages["required"]:
            continue  # worded where the field is declared
        else:
            label = str(field.label or name.replace("_", " "))
            label = label[:1].lower() + label[1:]
            verb = "Select" if isinstance(field, forms.ChoiceField | forms.BooleanField) else "Enter"
            message = f"{verb} the {label}"
        field.error_messages = {**field.error_messages, "required": message}


class NamedErrorsForm(forms.Form):
    """A form whose required answers name themselves (see ``name_required_errors``)."""

    required_messages: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_required_errors(self, self.required_messages)


class DateInput(forms.MultiWidget):
    template_name = "forms/widgets/date_input.html"

    def __init__(self, attrs=None):
        widgets = {
            "day": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "month": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "year": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                parsed = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
            return [parsed.day, parsed.month, parsed.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed in three boxes, with the GOV.UK error messages."""

    widget = DateInput

    def __init__(self, *, label_for_errors: str | None = None, **kwargs):
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        self.label_for_errors = label_for_errors
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def _name(self) -> str:
        return date_error_name(self.label, self.label_for_errors)

    def clean(self, value):
        # MultiValueField would report "required" per box; report one clear message instead.
        day, month, year = [(part or "").strip() for part in (value or ["", "", ""])]
        if not (day or month or year):
            if self.required:
                raise ValidationError(f"Enter the {self._name()}", code="required")
            return None
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise ValidationError(f"The {self._name()} must include a {' and '.join(missing)}", code="incomplete")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise ValidationError(f"The {self._name()} must be a real date, like 27 3 2024", code="invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError(f"The {self._name()} must be a real date", code="invalid") from error

    def compress(self, data_list):  # pragma: no cover - clean() is overridden
        return data_list


class DateTimeField(forms.MultiValueField):
    """A date in three boxes and a time (HH:MM), as an aware datetime in local time."""

    def __init__(self, **kwargs):
        self.label_for_errors = kwargs.pop("label_for_errors", None)
        fields = (forms.CharField(), forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, widget=DateTimeInput, **kwargs)

    def clean(self, value):
        value = value or ["", "", "", ""]
        date_field = DateField(label=self.label, label_for_errors=self.label_for_errors, required=self.required)
        day = date_field.clean(value[:3])
        time_text = (value[3] or "").strip()
        if day is None:
            if time_text:
                raise ValidationError(f"Enter the {date_field._name()}", code="incomplete")
            return None
        try:
            parsed_time = datetime.datetime.strptime(time_text, "%H:%M").time()
        except ValueError as error:
            raise ValidationError(
                f"Enter the {time_error_name(date_field._name())} as hours and minutes, like 14:30", code="invalid"
            ) from error
        return timezone.make_aware(datetime.datetime.combine(day, parsed_time))

    def compress(self, data_list):  # pragma: no cover - clean() is overridden
        return data_list


class DateTimeInput(forms.MultiWidget):
    template_name = "forms/widgets/datetime_input.html"

    def __init__(self, attrs=None):
        widgets = {
            "day": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "month": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "year": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "time": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return [local.day, local.month, local.year, local.strftime("%H:%M")]
        return [None, None, None, None]
