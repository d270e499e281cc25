"""django-axes' standalone backend, tolerant of authentication without an HTTP request."""

from axes.backends import AxesStandaloneBackend


class AxesLockoutBackend(AxesStandaloneBackend):
    """Refuses locked-out username + address pairs (axes' AxesStandaloneBackend).

    Every login over HTTP (our login form, the admin's) passes the request and is throttled. A call of
    `authenticate()` without a request (a management command, `Client.login` in tests) has no client
    address to throttle; axes would raise there, so it is passed on to the next backend instead.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
