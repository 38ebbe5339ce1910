"""The error pages, with the service's header and navigation when they can be drawn."""

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

PLAIN_500 = (
    "<!DOCTYPE html><html lang='en-GB'><head><title>Sorry, there is a problem with the service</title></head>"
    "<body><h1>Sorry, there is a problem with the service</h1><p>Try again later. Nothing you were saving has "
    "been half-saved: a change is saved whole or not at all.</p></body></html>"
)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """The styled page when it can be drawn (the navigation needs the database); a plain one when not."""
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logger.exception("The error page itself could not be drawn")
        return HttpResponseServerError(PLAIN_500)
