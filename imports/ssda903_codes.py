"""SSDA903 code lists the product keeps no record for, but the DfE checks: a value outside its list
means a wrong row. (The lists the product keeps, such as placement types and legal statuses, are in
``casework.codes``.) Each list names the DfE validation rule that holds it.

Most lists are the same in every collection year the import reads. The local authority codes are
not: authorities formed since 2019 have new codes, valid from their first year (an order made
before then was made by the old authority, whose code stays valid).
"""

# Episodes: CIN, the category of need.
CATEGORY_OF_NEED = frozenset(f"N{number}" for number in range(1, 10))
# Episodes: REASON_PLACE_CHANGE, why the placement changed (rule 1009).
REASONS_PLACE_CHANGE = frozenset(
    {"CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE", "CUSTOD", "OTHER"}
)
# Header: MOTHER, whether the child is a mother.
MOTHER = frozenset({"0", "1"})
# Placed for adoption: REASON_PLACED_CEASED, why the decision was reversed (rule 120).
REASON_PLACED_CEASED = frozenset({"RD1", "RD2", "RD3", "RD4"})
# AD1: adopted by the foster carers, number, sex and legal status of the adopters.
FOSTER_CARE = frozenset({"0", "1"})
NUMBER_OF_ADOPTERS = frozenset({"1", "2"})
SEX_OF_ADOPTERS = frozenset({"M1", "F1", "MM", "FF", "MF"})
LEGAL_STATUS_OF_ADOPTERS = frozenset({"L0", "L11", "L12", "L2", "L3", "L4"})
# Social worker episodes (from 2023-24): SW_REASON, why the social worker changed (rule SW13STG1).
SW_REASONS = frozenset(
    {"MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "SWDIED", "OTHERS"}
)
# Social worker episodes: SW_ID, the social worker's ID, begins with SW or XX in capitals (rule SW02STG1).
SW_ID_PREFIXES = ("SW", "XX")


def sw_id_shortest(collection_year: int) -> int:
    """The fewest characters an SW_ID may have in the collection year (rule SW02STG1): from 2025-26 the
    DfE's check also rejects an ID that is only its prefix or one character more."""
    return 4 if collection_year >= 2026 else len(SW_ID_PREFIXES[0])


# OC2: SDQ_REASON, why there is no SDQ score (rule 196); the score itself is 0 to 40 (rule 180).
SDQ_REASONS = frozenset({"SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"})
SDQ_SCORES = range(0, 41)
# OC2's yes/no columns, and the XML header's UASC: 0 or 1.
FLAG = frozenset({"0", "1"})
OC2_FLAGS = {
    "CONVICTED": "convicted",
    "HEALTH_CHECK": "health check",
    "IMMUNISATIONS": "immunisations",
    "TEETH_CHECK": "teeth check",
    "HEALTH_ASSESSMENT": "health assessment",
    "SUBSTANCE_MISUSE": "substance misuse",
    "INTERVENTION_RECEIVED": "intervention received",
    "INTERVENTION_OFFERED": "intervention offered",
}
# Previous permanence: PREV_PERM, the order the child had before (rule 631; Z1: none or not known).
PREVIOUS_PERMANENCE = frozenset({"P1", "P2", "P3", "P4", "Z1"})


# Previous permanence: LA_PERM, the authority that arranged it (rule 633): an English authority's
# DfE number, or where outside England.
def _codes(*lines: str) -> frozenset[str]:
    return frozenset(code for line in lines for code in line.split())


_AUTHORITIES = _codes(
    # London boroughs
    "201 202 203 204 205 206 207 208 209 210 211 212 213 301 302 303 304 305 306 307 308 309 310 311 312",
    "313 314 315 316 317 318 319 320",
    # Metropolitan districts
    "330 331 332 333 334 335 336 340 341 342 343 344 350 351 352 353 354 355 356 357 358 359 370 371 372",
    "373 380 381 382 383 384 390 391 392 393 394",
    # Isles of Scilly, unitary authorities and counties (including those since reorganised)
    "420 800 801 802 803 805 806 807 808 810 811 812 813 815 816 821 822 823 825 826 830 831 835 836 837",
    "840 841 845 846 850 851 852 855 856 857 860 861 865 866 867 868 869 870 871 872 873 874 876 877 878",
    "879 880 881 882 883 884 885 886 887 888 889 890 891 892 893 894 895 896 908 909 916 919 921 925 926",
    "928 929 931 933 935 936 937 938",
    # Accepted by the DfE's checks
    "999",
)
_AUTHORITIES_FROM = {
    2020: frozenset({"838", "839"}),  # Dorset; Bournemouth, Christchurch and Poole (April 2019)
    2022: frozenset({"940", "941"}),  # North and West Northamptonshire (April 2021)
    2024: frozenset({"942", "943"}),  # Cumberland; Westmorland and Furness (April 2023)
}
OUTSIDE_ENGLAND = frozenset({"WAL", "SCO", "NIR", "NUK"})  # Wales, Scotland, Northern Ireland, outside the UK


def authority_codes(collection_year: int) -> frozenset[str]:
    """The LA_PERM codes valid in the collection year (the year the return ends)."""
    codes = set(_AUTHORITIES | OUTSIDE_ENGLAND)
    for first_year, added in _AUTHORITIES_FROM.items():
        if collection_year >= first_year:
            codes |= added
    return frozenset(codes)
