"""Uploading a return: its files (several at once) and, optionally, its collection year."""

from django import forms

from . import ssda903
from .models import ReturnKind, year_label
from .services import kind_of_file
from .uploads import max_file_bytes, too_large_message

MAX_FILES = 30


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def kind_of(upload) -> str | None:
    """SSDA903 (CSV tables or EXPSSDA903 XML) or CIN census (Message XML), from the file's start."""
    head = upload.read(64 * 1024)
    upload.seek(0)
    return kind_of_file(head)


def year_choices() -> list[tuple[str, str]]:
    years = range(ssda903.LAST_YEAR, ssda903.FIRST_YEAR - 1, -1)
    return [("", "Choose the year")] + [(str(year), year_label(year)) for year in years]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Files of the return",
        help_text="A year's SSDA903 return (its CSV tables, each recognised by its columns, or its XML), its "
        "children in need census XML, or both: choose all the files together, and they are checked and imported "
        "together.",
        error_messages={"required": "Choose the files of the return to import."},
    )
    year = forms.TypedChoiceField(
        label="Collection year",
        help_text="The year the return covers (April to March). Needed for an SSDA903 return, which does not say "
        "it; a CIN census says it in its header.",
        choices=year_choices,
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, refused: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.refused = refused or []  # files stopped as they arrived, past the size limit

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Choose at most {MAX_FILES} files at a time.")
        for upload in files:
            if upload.size > max_file_bytes():
                raise forms.ValidationError(too_large_message(upload.name))
            if upload.size == 0:
                raise forms.ValidationError(f"{upload.name} is empty.")
        names = [upload.name for upload in files]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise forms.ValidationError(
                f"Two files are called {repeated[0]}: the report names rows by file, so rename one."
            )
        kinds = set()
        for upload in files:
            kind = kind_of(upload)
            if kind is None:
                raise forms.ValidationError(
                    f"{upload.name} is neither an SSDA903 table (CSV) or return (XML), nor a CIN census (XML)."
                )
            kinds.add(kind)
        # Both returns in one upload: one preview of both, one confirmation, one import.
        self.cleaned_data["kind"] = kinds.pop() if len(kinds) == 1 else ReturnKind.BOTH
        return files

    def clean(self):
        cleaned = super().clean()
        if self.refused:
            # The files past the limit never arrived: say so, rather than "choose the files".
            self.errors.pop("files", None)
            self.add_error("files", [too_large_message(name) for name in self.refused])
            return cleaned
        if cleaned.get("kind") in (ReturnKind.SSDA903, ReturnKind.BOTH) and cleaned.get("year") is None:
            self.add_error(
                "year",
                "Choose the collection year: an SSDA903 return does not say which year it is for, and the product "
                "does not guess it from the dates in the files.",
            )
        return cleaned
