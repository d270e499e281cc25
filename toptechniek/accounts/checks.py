"""Deploy checks of the access settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def two_factor_required_in_production(app_configs, **kwargs):
    if not settings.DEBUG and not getattr(settings, "TWO_FACTOR_REQUIRED", False):
        return [
            Error(
                "TWO_FACTOR_REQUIRED is off while DEBUG is off.",
                hint="Programme office and admin accounts need a second factor in production: "
                "set TWO_FACTOR_REQUIRED=true (only the DEBUG demo may switch it off).",
                id="accounts.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    from toptechniek.startup import INSECURE_KEY_MESSAGE, secret_key_is_insecure

    if secret_key_is_insecure(settings):
        return [Error(INSECURE_KEY_MESSAGE, id="accounts.E002")]
    return []


@register(Tags.security, deploy=True)
def client_address_header_needs_a_proxy(app_configs, **kwargs):
    """Login throttling counts per client address: a header such as X-Real-IP or X-Forwarded-For is only the
    client's address when a proxy in front overwrites it; without one any client sends what it likes."""
    headers = [
        name for name in getattr(settings, "AXES_IPWARE_META_PRECEDENCE_ORDER", ()) or () if name != "REMOTE_ADDR"
    ]
    if headers and not getattr(settings, "BEHIND_PROXY", False):
        return [
            Warning(
                f"The client address for login throttling is read from {', '.join(headers)} while BEHIND_PROXY is off.",
                hint="A client can send that header itself and so escape its lockouts. Behind a reverse proxy that "
                "overwrites the header set BEHIND_PROXY=true; otherwise leave AXES_IPWARE_META_PRECEDENCE_ORDER unset "
                "(REMOTE_ADDR).",
                id="accounts.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def proxy_needs_a_client_address_header(app_configs, **kwargs):
    """Behind a proxy, REMOTE_ADDR is the proxy's address for every client."""
    from .lockouts import client_addresses_known

    if not client_addresses_known():
        return [
            Warning(
                "BEHIND_PROXY is on but the client address is read from REMOTE_ADDR: every client is the proxy.",
                hint="Set AXES_IPWARE_META_PRECEDENCE_ORDER=HTTP_X_REAL_IP,REMOTE_ADDR with a proxy that overwrites "
                "X-Real-IP (see .env.example). Until then the limits per client address (failed logins across "
                "accounts, reset and sign-in mails) are not applied; the limits per account still are.",
                id="accounts.W002",
            )
        ]
    return []
