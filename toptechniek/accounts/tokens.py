"""Set-password links: one token generator per purpose, each with its own salt and validity.

Django's token hashes the user's password and last login, so a link stops working once the password is set
(or the person logs in). Its validity is one setting, PASSWORD_RESET_TIMEOUT, for every link; here each kind
of link has its own: an invitation (INVITATION_TIMEOUT_SECONDS, seven days) keeps Django's salt, so links
mailed before this module existed still work, and a password reset (PASSWORD_RESET_TIMEOUT, two hours) has a
salt of its own, so a reset token opens no invitation page and an invitation token no reset page.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class TimedTokenGenerator(PasswordResetTokenGenerator):
    """Django's generator with the validity in seconds from `timeout()` instead of PASSWORD_RESET_TIMEOUT."""

    def timeout(self) -> int:
        return settings.PASSWORD_RESET_TIMEOUT

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return (self._num_seconds(self._now()) - ts) <= self.timeout()


class InvitationTokenGenerator(TimedTokenGenerator):
    """The invitation's set-password link (Django's salt: links sent earlier keep working)."""

    def timeout(self) -> int:
        return settings.INVITATION_TIMEOUT_SECONDS


class PasswordResetTokenGenerator(TimedTokenGenerator):
    """The "forgot your password" link: short-lived, and not interchangeable with an invitation's."""

    key_salt = "toptechniek.accounts.tokens.PasswordResetTokenGenerator"


invitation_token_generator = InvitationTokenGenerator()
password_reset_token_generator = PasswordResetTokenGenerator()
