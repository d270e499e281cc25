from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from toptechniek.common.forms import StyledFormMixin

VALIDITY_CHOICES = [
    (30, _("30 days")),
    (90, _("90 days")),
    (180, _("half a year")),
    (365, _("a year")),
]


class TokenCreateForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Power BI dashboard OCW”."),
    )
    valid_days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        choices=VALIDITY_CHOICES,
        initial=90,
        help_text=_("After this the token stops working; make a new one then."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valid_days"].choices = [
            (days, label) for days, label in VALIDITY_CHOICES if days <= settings.API_TOKEN_MAX_DAYS
        ] or [(settings.API_TOKEN_MAX_DAYS, str(settings.API_TOKEN_MAX_DAYS))]
