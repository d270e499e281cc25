from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from toptechniek.common.audit import audit_change
from toptechniek.common.queue import task_enqueue

from .models import Invitation, User
from .tokens import invitation_token_generator


def invitation_link(*, user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_token_generator.make_token(user)
    return settings.SITE_URL.rstrip("/") + reverse("accounts:set_password", kwargs={"uidb64": uid, "token": token})


def user_invite(
    *, email: str, full_name: str, global_role: str, language: str, invited_by: User
) -> tuple[User, Invitation]:
    """Create the user without a usable password (or reuse one not yet active) and mail a set-password link."""
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is not None and user.has_usable_password():
            raise ValidationError(
                _(
                    "A user with this email address already exists. To mail them a new link to choose a password, "
                    "use “Send new invitation” in the list of people."
                ),
                code="exists",
            )
        if user is None:
            user = User(email=email)
            user.set_unusable_password()
        user.full_name = full_name
        user.global_role = global_role
        user.language = language
        user.save()
        invitation = Invitation.objects.create(user=user, invited_by=invited_by)
        audit_change(
            action="accounts.user_invite",
            message=gettext_noop("Invitation sent to %(email)s"),
            params={"email": user.email},
            actor=invited_by,
            object_label=user.email,
        )
        task_enqueue("toptechniek.accounts.tasks.task_send_invitation", invitation.pk, robust=False)
    return user, invitation


def user_reinvite(*, user: User, invited_by: User) -> Invitation:
    """Mail a fresh set-password link to someone who has an account (with or without a password yet); their
    name, role and password stay as they are until they use the link."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            raise ValidationError(_("This account is switched off; it gets no invitation."), code="inactive")
        invitation = Invitation.objects.create(user=user, invited_by=invited_by)
        audit_change(
            action="accounts.user_reinvite",
            message=gettext_noop("New invitation sent to %(email)s"),
            params={"email": user.email},
            actor=invited_by,
            object_label=user.email,
        )
        task_enqueue("toptechniek.accounts.tasks.task_send_invitation", invitation.pk, robust=False)
    return invitation


def invitation_send(*, invitation_id: int) -> bool:
    """Send an invitation mail once; returns False when it was sent already or is gone."""
    from toptechniek.common.mail import mail_send

    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("user", "invited_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.sent_at is not None:
            return False
        user = invitation.user
        mail_send(
            to=user.email,
            template="mail/invitation",
            context={"user": user, "link": invitation_link(user=user), "invited_by": invitation.invited_by},
            language=user.language,
        )
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return True


def invitation_accepted(*, user: User) -> None:
    """Log that a person set their password with an invitation link (the form has saved it)."""
    audit_change(
        action="accounts.invitation_accepted",
        message=gettext_noop("%(email)s: invitation accepted, password set"),
        params={"email": user.email},
        actor=user,
        object_label=user.email,
    )
