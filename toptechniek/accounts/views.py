from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from toptechniek.common.audit import client_ip
from toptechniek.common.forms import apply_validation_error
from toptechniek.common.views import require_perm

from . import password_reset, services
from .forms import EmailAddressForm, InvitationSetPasswordForm, InviteForm, LoginForm
from .models import User
from .selectors import user_list_with_roles
from .tokens import invitation_token_generator, password_reset_token_generator


def speak_users_language(response, user):
    """Speak the user's own language from now on (after any kind of login)."""
    translation.activate(user.language)
    response.set_cookie("django_language", user.language, samesite="Lax", httponly=True)
    return response


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self):
        # `?next=` the login page itself: a signed-in user would be sent back here for ever (Django raises a
        # ValueError for that loop); go to the default page instead.
        url = super().get_redirect_url()
        if url and urlsplit(url).path == self.request.path:
            return ""
        return url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["two_factor_required"] = settings.TWO_FACTOR_REQUIRED
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        return speak_users_language(response, form.get_user())


class LogoutView(auth_views.LogoutView):
    pass


@method_decorator(login_not_required, name="dispatch")
class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/set_password.html"
    form_class = InvitationSetPasswordForm
    token_generator = invitation_token_generator
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            services.invitation_accepted(user=form.user)
        messages.success(self.request, _("Your password is set. You can now log in."))
        return response


@login_not_required
@require_http_methods(["GET", "POST"])
def password_reset_request(request):
    """ "Forgot your password?": the same answer whether or not the address has an account."""
    form = EmailAddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if password_reset.password_reset_request(email=form.cleaned_data["email"], ip=client_ip(request)):
            hours = max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)
            messages.success(
                request,
                ngettext(
                    "If an account exists for this address, we have sent it a link to choose a new password. "
                    "The link works once, for %(count)d hour.",
                    "If an account exists for this address, we have sent it a link to choose a new password. "
                    "The link works once, for %(count)d hours.",
                    hours,
                )
                % {"count": hours},
            )
            return redirect("accounts:login")
        return render(request, "accounts/password_reset.html", {"form": form, "throttled": True}, status=429)
    return render(request, "accounts/password_reset.html", {"form": form})


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The reset link: choose a new password (the link then stops working), then log in with it."""

    template_name = "accounts/password_reset_confirm.html"
    form_class = InvitationSetPasswordForm
    token_generator = password_reset_token_generator
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and password_reset.password_reset_allowed(user) else None

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            password_reset.password_reset_done(user=form.user)
        messages.success(self.request, _("Your new password is set. Log in with it."))
        return response


@require_safe
def user_list(request):
    require_perm(request, "accounts.manage_users")
    page = Paginator(user_list_with_roles(), 25).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "users": page.object_list})


@require_http_methods(["GET", "POST"])
def user_invite(request):
    require_perm(request, "accounts.manage_users")
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, _invitation = services.user_invite(invited_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
            return redirect("accounts:user_list")
    return render(request, "accounts/invite.html", {"form": form})


@require_http_methods(["GET", "POST"])
def user_reinvite(request, pk):
    """GET: confirm; POST: mail a fresh set-password link to someone who has an account already."""
    require_perm(request, "accounts.manage_users")
    person = get_object_or_404(User, pk=pk)
    if request.method == "POST":
        try:
            services.user_reinvite(user=person, invited_by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("A new invitation was sent to %(email)s.") % {"email": person.email})
        return redirect("accounts:user_list")
    return render(request, "accounts/user_reinvite.html", {"person": person})
