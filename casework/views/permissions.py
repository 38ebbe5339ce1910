"""Who may see and record on a child: the checks every page makes first."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from .. import models as m
from ..selectors import (
    can_edit_child,
    child_for,
)


def _require(user, *permissions: str) -> None:
    if not all(user.has_perm(permission) for permission in permissions):
        raise PermissionDenied


def _child_to_edit(request: HttpRequest, pk: int, *permissions: str) -> m.Child:
    """The child, if the user may record on them: 404 outside their scope, 403 without the right."""
    child = child_for(request.user, pk)
    _require(request.user, *permissions)
    if not can_edit_child(request.user, child):
        raise PermissionDenied
    return child


class PermissionMixin:
    permission_required: tuple[str, ...] = ("casework.view_child",)

    def dispatch(self, request, *args, **kwargs):
        _require(request.user, *self.permission_required)
        return super().dispatch(request, *args, **kwargs)


def _posted(request: HttpRequest):
    """The submitted data, even when empty (an empty form must show "Enter the ...")."""
    return request.POST if request.method == "POST" else None


def _show_errors(form, error: ValidationError) -> None:
    """The service's errors beside the fields they are about, the rest at the top of the summary."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, field_messages in error.message_dict.items():
        target = field if field in form.fields else None
        for message in field_messages:
            form.add_error(target, message)
