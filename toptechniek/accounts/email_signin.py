"""Sign in with an e-mail link ("Inloggen met een e-maillink"), for people who log in once a year.

1. The browser asks (`sign_in_link_request`): the page keeps a random value in this browser's session and
   answers the same whether or not the address has an account; the request is counted per e-mail address
   and per client address. The worker (`sign_in_link_send`) looks the person up and, only for an active
   account with a password that needs no second factor, stores a `SignInLink` (hashes of a random token,
   of a six-digit code and of the browser's value) and mails the link and the code.
2. The link (`sign_in_link_use`) works once, within SIGN_IN_LINK_TIMEOUT, and only in the browser that asked.
   Opened elsewhere it changes nothing and says to type the code in that browser instead
   (`sign_in_code_use`); SIGN_IN_CODE_ATTEMPTS wrong codes spend the link, and SIGN_IN_CODE_DAILY_LIMIT wrong
   codes over all of an account's links in 24 hours stop codes and links for that account for the day.
3. The view logs the person in with Django's `login()` (a new session key, the login logged); a person with a
   second-factor device still passes its check (TwoFactorMiddleware). People for whom the second factor is
   required (office, staff, superusers while TWO_FACTOR_REQUIRED) never get a link.
"""

import datetime
import hashlib
import hmac
import logging
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from toptechniek.common.queue import task_enqueue

from . import two_factor
from .models import SignInLink, User
from .password_reset import access_mail_allowed

log = logging.getLogger("toptechniek.security")

CODE_DIGITS = 6


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _code_hash(*, token_hash: str, code: str) -> str:
    # Keyed (SECRET_KEY) and salted per link: the million possible codes cannot be tried against a copy of the table.
    return salted_hmac("toptechniek.accounts.email_signin.code", f"{token_hash}:{code}").hexdigest()


def browser_value_new() -> str:
    """The random value a browser keeps in its session while it waits for its link."""
    return secrets.token_urlsafe(32)


def sign_in_link_allowed(user: User) -> bool:
    """Active, with a password (the invitation was accepted), and no second factor required."""
    return user.is_active and user.has_usable_password() and not two_factor.is_required_for(user)


def sign_in_link_request(*, email: str, browser: str, ip: str | None) -> bool:
    """Ask the worker to mail a sign-in link for `email`, bound to `browser`; False when throttled."""
    email = email.strip().lower()
    if not access_mail_allowed(email=email, ip=ip, scope="sign-in-link"):
        log.warning("sign-in link refused (too many requests) for %r from %s", email, ip)
        return False
    task_enqueue("toptechniek.accounts.tasks.task_sign_in_link_send", email, _sha256(browser), ip)
    log.info("sign-in link requested for %r from %s", email, ip)
    return True


def sign_in_link_url(*, token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("accounts:sign_in_link_use", kwargs={"token": token})


def sign_in_link_send(*, email: str, browser_hash: str, ip: str | None) -> bool:
    """The worker's part: store the link and mail it with its code, for an account that may use one.

    Once per browser value: a redelivered task finds the mail sent. Returns whether a mail was sent."""
    from toptechniek.common.mail import mail_send

    sign_in_links_prune()
    user = User.objects.filter(email__iexact=email).first()
    if user is None or not sign_in_link_allowed(user):
        log.info("sign-in link for %r: no mail (no account that may sign in by link)", email)
        return False
    if _wrong_codes_today(user.pk) >= settings.SIGN_IN_CODE_DAILY_LIMIT:
        log.warning("sign-in link for user %s: no mail (too many wrong codes in 24 hours)", user.pk)
        return False
    token = secrets.token_urlsafe(32)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    token_hash = _sha256(token)
    now = timezone.now()
    with transaction.atomic():
        link = SignInLink.objects.select_for_update().filter(browser_hash=browser_hash).first()
        if link is not None and (link.sent_at is not None or link.user_id != user.pk):
            return False
        if link is None:
            link = SignInLink(user=user, browser_hash=browser_hash)
        link.token_hash = token_hash
        link.code_hash = _code_hash(token_hash=token_hash, code=code)
        link.requested_ip = ip or None
        link.created_at = now
        link.expires_at = now + datetime.timedelta(seconds=settings.SIGN_IN_LINK_TIMEOUT)
        try:
            with transaction.atomic():
                link.save()
        except IntegrityError:  # the same browser value twice at once: the other task sends
            return False
        mail_send(
            to=user.email,
            template="mail/sign_in_link",
            context={
                "recipient": user,
                "link": sign_in_link_url(token=token),
                "code": code,
                "minutes": settings.SIGN_IN_LINK_TIMEOUT // 60,
            },
            language=user.language,
        )
        link.sent_at = timezone.now()
        link.save(update_fields=["sent_at"])
    return True


def _wrong_codes_today(user_id: int) -> int:
    """Wrong codes typed for this account's links in the last 24 hours."""
    since = timezone.now() - datetime.timedelta(days=1)
    total = SignInLink.objects.filter(user_id=user_id, created_at__gte=since).aggregate(total=Sum("failed_codes"))
    return total["total"] or 0


def _usable(link: SignInLink | None) -> bool:
    return (
        link is not None
        and link.sent_at is not None
        and link.used_at is None
        and link.expires_at > timezone.now()
        and link.failed_codes < settings.SIGN_IN_CODE_ATTEMPTS
    )


def _spend(link: SignInLink) -> User | None:
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    user = link.user
    if not sign_in_link_allowed(user):  # switched off, or now needs a second factor, since the mail
        log.warning("sign-in link %s refused: user %s may no longer sign in by link", link.pk, user.pk)
        return None
    log.info("sign-in link %s used by user %s", link.pk, user.pk)
    return user


def sign_in_link_state(*, token: str, browser: str | None) -> str:
    """What opening the link would do, without spending it: "ok" (this browser asked), "other_browser"
    (valid, but another browser asked: type the code there) or "invalid" (unknown, used, expired, spent)."""
    link = SignInLink.objects.filter(token_hash=_sha256(token)).first()
    if not _usable(link):
        return "invalid"
    if browser and hmac.compare_digest(link.browser_hash, _sha256(browser)):
        return "ok"
    return "other_browser"


def sign_in_link_use(*, token: str, browser: str | None) -> User | None:
    """Spend the link when it is usable and opened in the browser that asked; the person to log in, else None."""
    if not browser:
        return None
    with transaction.atomic():
        link = SignInLink.objects.select_for_update().select_related("user").filter(token_hash=_sha256(token)).first()
        if not _usable(link) or not hmac.compare_digest(link.browser_hash, _sha256(browser)):
            return None
        return _spend(link)


def sign_in_code_use(*, browser: str | None, code: str) -> User | None:
    """The code from the mail, typed in the browser that asked: the person to log in, else None (a wrong code
    counts; SIGN_IN_CODE_ATTEMPTS of them spend the link)."""
    if not browser:
        return None
    code = "".join(code.split())
    with transaction.atomic():
        link = (
            SignInLink.objects.select_for_update().select_related("user").filter(browser_hash=_sha256(browser)).first()
        )
        if not _usable(link):
            return None
        if _wrong_codes_today(link.user_id) >= settings.SIGN_IN_CODE_DAILY_LIMIT:
            log.warning("sign-in code for link %s not checked: too many wrong codes in 24 hours", link.pk)
            return None
        if not (
            code.isdigit() and constant_time_compare(link.code_hash, _code_hash(token_hash=link.token_hash, code=code))
        ):
            link.failed_codes += 1
            link.save(update_fields=["failed_codes"])
            log.warning("sign-in code wrong for link %s (%d)", link.pk, link.failed_codes)
            return None
        return _spend(link)


def sign_in_links_prune(*, older_than: datetime.timedelta = datetime.timedelta(days=30)) -> int:
    """Delete links that expired more than `older_than` ago (kept a while for the security log); the worker
    prunes before it stores a new one."""
    count, _ = SignInLink.objects.filter(expires_at__lt=timezone.now() - older_than).delete()
    return count
