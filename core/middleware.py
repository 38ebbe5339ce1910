"""Headers for a service that shows children's data."""

from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """``Cache-Control: no-store`` (and its companions) on every response to a signed-in user: every
    page and download of the product may show a child (a record, a history, a drill-down, a list of
    row problems), and none may be kept by a browser's cache or a proxy on a shared office PC.
    Static files are served before this (WhiteNoise) and keep their long caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class TrustedProxyMiddleware:
    """The client's address, as our own reverse proxies saw it, in ``REMOTE_ADDR``.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with
    ``TRUSTED_PROXY_COUNT`` proxies of ours in front, the client is that many entries from the right;
    anything further left was written by the client and is not believed. The header is then set to
    that one address, so nothing later (django-axes' lockouts, the audit log's addresses) can read a
    forged one. With no proxy configured the header is removed: REMOTE_ADDR is the client.
    """

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.hops = settings.TRUSTED_PROXY_COUNT

    def __call__(self, request):
        meta = request.META
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        meta.pop("HTTP_X_FORWARDED_FOR", None)
        if self.hops and forwarded:
            client = forwarded[-self.hops] if len(forwarded) >= self.hops else forwarded[0]
            meta["REMOTE_ADDR"] = client
            meta["HTTP_X_FORWARDED_FOR"] = client
        return self.get_response(request)
