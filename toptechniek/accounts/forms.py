from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from toptechniek.common.forms import StyledFormMixin

from .models import User


class LoginForm(StyledFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self):
        # Addresses are stored in lower case: `PL.Twente@…` logs in, and axes counts one username for all cases.
        return self.cleaned_data["username"].strip().lower()


class InvitationSetPasswordForm(StyledFormMixin, SetPasswordForm):
    pass


class EmailAddressForm(StyledFormMixin, forms.Form):
    """One e-mail address: where to send a reset link or a sign-in link."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class SignInCodeForm(StyledFormMixin, forms.Form):
    """The six-digit code from the sign-in mail."""

    code = forms.CharField(
        label=_("Six-digit code from the email"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
    )


class InviteForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(label=_("Email address"))
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    global_role = forms.ChoiceField(
        label=_("Programme-wide role"),
        choices=User.GlobalRole.choices,
        required=False,
        help_text=_("Leave empty for people who only work in regions; give them a region role afterwards."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=User.Language.choices, initial=User.Language.NL)


class TokenForm(StyledFormMixin, forms.Form):
    """A six-digit code from an authenticator app."""

    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
    )


class RecoveryCodeForm(StyledFormMixin, forms.Form):
    """One of the recovery codes shown when the second factor was set up."""

    recovery_code = forms.CharField(
        label=_("Recovery code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
    )


class DisableForm(StyledFormMixin, forms.Form):
    """Proof of the second factor before it is switched off: a current code or a recovery code."""

    code = forms.CharField(
        label=_("A current code from your authenticator app, or a recovery code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
        error_messages={"required": _("Enter a code to switch two-factor authentication off.")},
    )


class MailPreferencesForm(forms.Form):
    """One choice per kind of mail the person can receive: immediately, in the daily digest, or off (not
    offered for an essential kind, and refused if posted anyway)."""

    def __init__(self, *args, kinds, current: dict[str, str], **kwargs):
        from toptechniek.common.models import Delivery

        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            choices = [(Delivery.IMMEDIATE, _("Immediately")), (Delivery.DIGEST, _("In the daily digest"))]
            if not kind.essential:
                choices.append((Delivery.OFF, _("Off")))
            self.fields[self.field_name(kind)] = forms.ChoiceField(
                label=kind.label,
                choices=choices,
                initial=current.get(kind.code, Delivery.IMMEDIATE),
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"invalid_choice": _("This mail cannot be switched off: choose how you receive it.")}
                if kind.essential
                else {},
            )

    @staticmethod
    def field_name(kind) -> str:
        return f"kind_{kind.code}"

    def rows(self):
        """(kind, bound field) per kind, in the page's order."""
        return [(kind, self[self.field_name(kind)]) for kind in self.kinds]

    def choices(self) -> dict[str, str]:
        return {kind.code: self.cleaned_data[self.field_name(kind)] for kind in self.kinds}
