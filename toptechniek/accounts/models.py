from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username):
        """The person with this e-mail address, whatever its case: logging in as `PL.Twente@…` works too.

        Addresses are stored in lower case (create_user, the invitation); an exact match wins should two rows
        ever differ only in case."""
        username = (username or "").strip()
        try:
            return self.get(email__iexact=username)
        except self.model.MultipleObjectsReturned:
            return self.get(email=username)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("global_role", User.GlobalRole.PROGRAMME_OFFICE)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person; logs in with email. Region-bound roles live in regions.RegionRole."""

    class GlobalRole(models.TextChoices):
        NONE = "", _("none")
        PROGRAMME_OFFICE = "programme_office", _("programme office")
        VIEWER = "viewer", _("viewer (OCW / client)")

    class Language(models.TextChoices):
        NL = "nl", _("Dutch")
        EN = "en", _("English")

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    global_role = models.CharField(_("global role"), max_length=32, choices=GlobalRole.choices, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.NL)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff (Django admin)"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [
            # One person per address whatever its case (logging in ignores case; the admin could type either).
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_ci_unique",
                violation_error_message=_("A user with this email address already exists."),
            )
        ]

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_programme_office(self) -> bool:
        return self.is_active and self.global_role == self.GlobalRole.PROGRAMME_OFFICE

    @property
    def is_viewer(self) -> bool:
        return self.is_active and self.global_role == self.GlobalRole.VIEWER


class Invitation(models.Model):
    """An invitation mail with a set-password link; sent once by the worker."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user.email} ({self.created_at:%Y-%m-%d})"


class SignInLink(models.Model):
    """A request to sign in with an e-mail link (and a code), written by the worker when it sends the mail.

    Only hashes are kept: of the link's token, of the six-digit code, and of the random value kept in the
    session of the browser that asked (the link works only there; elsewhere the code is typed into that
    browser). Usable once, until `expires_at`, and refused after SIGN_IN_CODE_ATTEMPTS wrong codes.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_links")
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64)
    browser_hash = models.CharField(max_length=64, unique=True)
    requested_ip = models.GenericIPAddressField(_("requested from"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    failed_codes = models.PositiveSmallIntegerField(_("wrong codes"), default=0)

    class Meta:
        verbose_name = _("sign-in link")
        verbose_name_plural = _("sign-in links")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["expires_at"], name="accounts_signin_expires_idx")]

    def __str__(self):
        return f"{self.user.email} ({self.created_at:%Y-%m-%d %H:%M})"
