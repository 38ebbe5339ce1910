"""Pages for children's records.

Thin views: each checks the model permission it needs, reads only through a selector
that takes the user (a child outside the user's scope is a 404, the same as one that does
not exist), and writes only through a service. A user who may read a child but not
record on them (senior managers, performance officers) sees no record actions, and a
POST from them is refused with 403 before anything is read from it.
"""

from .allocations import allocation_change, allocation_end, supervision_create, supervision_remove, supervision_update
from .child import child_create, child_detail, child_update
from .fostering import (
    HouseholdListView,
    household_create,
    household_detail,
    household_update,
    review_create,
    review_update,
)
from .history import child_history
from .lists import CaseloadView, ChildSearchView, DueView, MyCaseloadView, TeamCaseloadView
from .permissions import PermissionMixin
from .records import SECOND_RECORD, record_create, record_update

__all__ = [
    "CaseloadView",
    "ChildSearchView",
    "DueView",
    "HouseholdListView",
    "MyCaseloadView",
    "PermissionMixin",
    "SECOND_RECORD",
    "TeamCaseloadView",
    "allocation_change",
    "allocation_end",
    "child_create",
    "child_detail",
    "child_history",
    "child_update",
    "household_create",
    "household_detail",
    "household_update",
    "record_create",
    "record_update",
    "review_create",
    "review_update",
    "supervision_create",
    "supervision_remove",
    "supervision_update",
]
