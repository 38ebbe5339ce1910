from django.conf import settings

from .navigation import navigation_for
from .roles import primary_role


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    context = {"service_name": settings.SERVICE_NAME, "authority_name": settings.AUTHORITY_NAME}
    if user is None or not user.is_authenticated:
        return context
    role = primary_role(user)
    context.update(
        current_role=role.value if role else ("Superuser" if user.is_superuser else ""),
        navigation=navigation_for(request),
    )
    return context
