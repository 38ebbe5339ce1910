"""Courts and permanence: care proceedings, pre-proceedings (PLO), adoption."""

from .base import (
    _child,
    _codes,
    _end_not_before_start,
    _Errors,
    _no_overlap,
    _not_before,
    _not_future,
    _same_child,
    _together,
)


def care_proceedings_errors(proceedings) -> None:
    errors = _Errors()
    _codes(errors, proceedings)
    _not_future(errors, proceedings, {"issued_on": "issue date", "concluded_on": "conclusion date"})
    _end_not_before_start(
        errors,
        proceedings,
        "issued_on",
        "concluded_on",
        "Proceedings cannot conclude before they were issued ({date}).",
    )
    _together(
        errors,
        proceedings,
        "concluded_on",
        "outcome",
        "Enter the conclusion date to record the outcome.",
        "Choose the outcome of the proceedings.",
    )
    errors.raise_if_any()


def pre_proceedings_errors(pre_proceedings) -> None:
    from ..models import PreProceedings

    errors = _Errors()
    _not_future(errors, pre_proceedings, {"started_on": "start date", "ended_on": "end date"})
    _end_not_before_start(
        errors, pre_proceedings, "started_on", "ended_on", "Pre-proceedings cannot end before they start ({date})."
    )
    if _child(pre_proceedings) is not None:
        _no_overlap(
            errors,
            pre_proceedings,
            PreProceedings.objects.filter(child_id=pre_proceedings.child_id),
            "pre-proceedings",
            "a child is in one set of pre-proceedings at a time.",
        )
    errors.raise_if_any()


# The steps of an adoption, in the order they happen.
_ADOPTION_STEPS = [
    ("decision_on", "decision that the child should be placed for adoption"),
    ("placement_order_on", "placement order"),
    ("matched_on", "match with adopters"),
    ("moved_in_on", "move to the adoptive family"),
    ("adoption_order_on", "adoption order"),
]


def adoption_errors(adoption) -> None:
    errors = _Errors()
    if all(getattr(adoption, field) is None for field, _ in _ADOPTION_STEPS):
        errors.add(
            "decision_on",
            "Enter the date of at least one step: the decision, the placement order, the match, "
            "the move or the adoption order.",
        )
    _not_future(
        errors,
        adoption,
        {field: noun + " date" for field, noun in _ADOPTION_STEPS} | {"ceased_on": "date the plan stopped"},
    )
    for index, (field, noun) in enumerate(_ADOPTION_STEPS):
        for earlier_field, earlier_noun in reversed(_ADOPTION_STEPS[:index]):
            earlier = getattr(adoption, earlier_field)
            if earlier is not None:
                _not_before(
                    errors, adoption, field, earlier, f"The {noun} cannot be before the {earlier_noun} ({{date}})."
                )
                break
    _not_before(
        errors,
        adoption,
        "ceased_on",
        adoption.decision_on,
        "The plan cannot stop before the decision that the child should be placed for adoption ({date}).",
    )
    if adoption.period_of_care_id and _same_child(errors, adoption, "period_of_care", "period of care"):
        _not_before(
            errors,
            adoption,
            "moved_in_on",
            adoption.period_of_care.started_on,
            "The move to the adoptive family cannot be before the child became looked after ({date}).",
        )
    errors.raise_if_any()
