"""Model fields -> the SSDA903 return's columns, for the messages of the casework rules."""

CHILD_COLUMNS = {
    "la_child_id": "CHILD",
    "date_of_birth": "DOB",
    "sex": "SEX",
    "ethnicity": "ETHNIC",
    "upn": "UPN",
}
PERIOD_COLUMNS = {
    "started_on": "DECOM",
    "ended_on": "DEC",
    "reason_ceased": "REC",
    "category_of_need": "CIN",
    "home_postcode": "HOME_POST",
}
PLACEMENT_COLUMNS = {
    "started_on": "DECOM",
    "ended_on": "DEC",
    "placement_type": "PLACE",
    "provider": "PLACE_PROVIDER",
    "postcode": "PL_POST",
    "urn": "URN",
    "reason_new_episode": "RNE",
    "reason_place_change": "REASON_PLACE_CHANGE",
}
LEGAL_STATUS_COLUMNS = {"started_on": "DECOM", "code": "LS"}
PLACEMENT_FIELDS = [
    "period_of_care",
    "started_on",
    "ended_on",
    "placement_type",
    "provider",
    "carer_reference",
    "is_long_term",
    "reason_new_episode",
    "postcode",
    "urn",
    "reason_place_change",
]
ADOPTER_COLUMNS = {
    "by_foster_carers": "FOSTER_CARE",
    "number_of_adopters": "NB_ADOPTR",
    "sex_of_adopters": "SEX_ADOPTR",
    "legal_status_of_adopters": "LS_ADOPTR",
}
ADOPTION_FIELDS = [
    "period_of_care",
    "decision_on",
    "matched_on",
    "moved_in_on",
    "adoption_order_on",
    "ceased_on",
    "reason_ceased",
    *ADOPTER_COLUMNS,
]
REVIEW_COLUMNS = {"held_on": "REVIEW", "participation": "REVIEW_CODE"}
MISSING_COLUMNS = {"kind": "MISSING", "started_at": "MIS_START", "ended_at": "MIS_END"}
ADOPTION_COLUMNS = {
    "decision_on": "DATE_PLACED",
    "matched_on": "DATE_MATCH",
    "moved_in_on": "DECOM",
    "adoption_order_on": "DEC",
    "ceased_on": "DATE_PLACED_CEASED",
    "reason_ceased": "REASON_PLACED_CEASED",
    **ADOPTER_COLUMNS,
}
BIRTHDAY_COLUMNS = {
    "age": "DOB",
    "birthday_on": "DOB",
    "in_touch": "IN_TOUCH",
    "activity": "ACTIV",
    "accommodation": "ACCOM",
}
