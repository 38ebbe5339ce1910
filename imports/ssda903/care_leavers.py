"""Care leavers: OC3, the birthday in the collection year from 17 to 21."""

from casework import codes, validation
from casework.models import CareLeaverBirthdayRecord, Child
from casework.statutory import ssda903 as dfe

from ..engine import rule_messages
from ..fields import RowValues
from ..readers import SourceRow
from ..report import add_errors
from .columns import BIRTHDAY_COLUMNS
from .drafts import _birthday_in_year
from .tables import ACCOMMODATION, ACTIVITIES, IN_TOUCH, SOURCE


class CareLeaverChecks:  # a part of Ssda903Check, which sets the attributes it uses
    """The OC3 table: care leavers' birthday records."""

    def _care_leaver(self, child: Child, rows: list[SourceRow]) -> None:
        existing = {r.age: r for r in self.existing.birthdays.get(child.pk, [])} if child.pk else {}
        live = [row for row in rows if not self.report.is_rejected(row)]
        for row in live:
            if len(live) > 1:
                self.report.error(row, "CHILD", "This young person appears more than once in OC3: give each once.")
                continue
            values = RowValues(row, self.report)
            in_touch = values.code("IN_TOUCH", IN_TOUCH, what="in touch", required=True)
            if not values.ok:
                continue
            activity, accommodation = self._care_leaver_outcomes(values, in_touch)
            age = _birthday_in_year(child.date_of_birth, self.year)
            if age is None:
                self.report.error(
                    row,
                    "DOB",
                    f"The young person's 17th to 21st birthdays do not fall in {self.label}, so they are not in "
                    "this year's care leaver cohort (DfE rule 391).",
                )
                continue
            record = CareLeaverBirthdayRecord(
                child=child,
                age=age,
                birthday_on=validation.birthday(child.date_of_birth, age),
                in_touch=in_touch,
                activity=activity or codes.CareLeaverActivity.NOT_KNOWN,
                accommodation=accommodation or codes.CareLeaverAccommodation.NOT_KNOWN,
                source=SOURCE,
                source_reference=self.reference(row),
                recorded_by=self.by,
            )
            messages = rule_messages(record, child=child)
            if messages:
                add_errors(self.report, row, messages, BIRTHDAY_COLUMNS)
                continue
            self.plan.settle(record, existing.get(age), ["birthday_on", "in_touch", "activity", "accommodation"], row)

    def _care_leaver_outcomes(self, values: RowValues, in_touch: str) -> tuple[str, str]:
        """OC3's activity and accommodation. A code off the DfE's list (rules 132, 133), or an outcome given
        for a young person who died or returned home (rule 344), is an error in that field: reported, the
        field kept as not known (0), the rest of the row imported. In touch with both not known (rule 345)
        is a query."""
        not_known = dfe.CareLeaverActivity.NOT_KNOWN
        unknown = ": imported as 0, information not known"
        given = {
            column: values.code(
                column, allowed, what=what, hint=f" (DfE rule {rule}){unknown}", default=not_known, field_only=True
            )
            for column, allowed, what, rule in (
                ("ACTIV", ACTIVITIES, "activity", "132"),
                ("ACCOM", ACCOMMODATION, "accommodation", "133"),
            )
        }
        row = values.row
        if in_touch in dfe.NO_OUTCOMES and (given["ACTIV"] != not_known or given["ACCOM"] != not_known):
            values.field_error(
                "ACTIV" if given["ACTIV"] != not_known else "ACCOM",
                f"IN_TOUCH is {in_touch} ({dfe.InTouch(in_touch).label.lower()}), so the activity and accommodation "
                f"must be 0 (DfE rule 344){unknown}.",
            )
            given = {"ACTIV": not_known, "ACCOM": not_known}
        elif in_touch == dfe.InTouch.YES and not_known in (row.get("ACTIV"), row.get("ACCOM")):
            self.report.warning(
                row,
                "ACTIV" if row.get("ACTIV") == not_known else "ACCOM",
                "The authority is in touch with this young person (IN_TOUCH YES), but the activity or "
                "accommodation is 0, not known (DfE rule 345).",
            )
        return given["ACTIV"], given["ACCOM"]
