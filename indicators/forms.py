"""Forms of the report pages: choosing what to show, writing a comment."""

from django import forms

from .models import Commentary


class ReportOptionsForm(forms.Form):
    """Which figures a report page shows: a scope (authority, team) and a month.

    Built from the choices the user may have (the selectors decide them); the page reads
    its scope and month from the query string itself, so this form only renders them.
    """

    scope = forms.ChoiceField(label="Figures for")
    month = forms.ChoiceField(label="Month")

    def __init__(self, *args, scope_choices=None, month_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        if scope_choices is None:
            del self.fields["scope"]
        else:
            self.fields["scope"].choices = scope_choices
        self.fields["month"].choices = month_choices


class TeamOptionsForm(forms.Form):
    team = forms.ChoiceField(label="Team")
    month = forms.ChoiceField(label="Month")

    def __init__(self, *args, team_choices=(), month_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = team_choices
        self.fields["month"].choices = month_choices


class CommentaryForm(forms.ModelForm):
    class Meta:
        model = Commentary
        fields = ["text"]
        labels = {"text": "Comment"}
        help_texts = {
            "text": "What explains the figure and what is being done about it. Managers read this on the scorecard."
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
        error_messages = {"text": {"required": "Enter a comment"}}

    def clean_text(self) -> str:
        text = (self.cleaned_data.get("text") or "").strip()
        if not text:
            raise forms.ValidationError("Enter a comment")
        return text
