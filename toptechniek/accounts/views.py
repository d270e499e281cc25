from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from toptechniek.common.forms import apply_validation_error
from toptechniek.common.views import require_perm

from . import services
from .forms import InvitationSetPasswordForm, InviteForm, LoginForm
from .selectors import user_list_with_roles


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["two_factor_required"] = settings.TWO_FACTOR_REQUIRED
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        # Speak the user's own language from now on.
        language = form.get_user().language
        translation.activate(language)
        response.set_cookie("django_language", language, samesite="Lax", httponly=True)
        return response


class LogoutView(auth_views.LogoutView):
    pass


@method_decorator(login_not_required, name="dispatch")
class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/set_password.html"
    form_class = InvitationSetPasswordForm
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):
        messages.success(self.request, _("Your password is set. You can now log in."))
        return super().form_valid(form)


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
