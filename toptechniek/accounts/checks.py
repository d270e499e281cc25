"""Deploy checks of the access settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


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
