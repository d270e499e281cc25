from django.urls import path

from . import views, views_2fa, views_audit, views_email_signin, views_lockouts, views_mail, views_session

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("session/keep-alive/", views_session.keep_alive, name="keep_alive"),
    path("login/email/", views_email_signin.sign_in_link_request, name="sign_in_link"),
    path("login/email/code/", views_email_signin.sign_in_code, name="sign_in_code"),
    path("login/email/<str:token>/", views_email_signin.sign_in_link_use, name="sign_in_link_use"),
    path("password-reset/", views.password_reset_request, name="password_reset"),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("invitation/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set_password"),
    path("users/", views.user_list, name="user_list"),
    path("users/invite/", views.user_invite, name="user_invite"),
    path("users/<int:pk>/reinvite/", views.user_reinvite, name="user_reinvite"),
    path("security/", views_2fa.security, name="security"),
    path("security/two-factor/setup/", views_2fa.setup, name="two_factor_setup"),
    path("security/two-factor/verify/", views_2fa.verify, name="two_factor_verify"),
    path("security/two-factor/disable/", views_2fa.disable, name="two_factor_disable"),
    path(
        "security/two-factor/recovery-codes/",
        views_2fa.recovery_codes_regenerate,
        name="two_factor_recovery_codes",
    ),
    path("mail-settings/", views_mail.mail_preferences, name="mail_preferences"),
    path("audit-log/", views_audit.audit_log, name="audit_log"),
    path("lockouts/", views_lockouts.lockout_list, name="lockouts"),
    path("lockouts/<int:pk>/unlock/", views_lockouts.lockout_unlock, name="lockout_unlock"),
    path(
        "lockouts/address/<str:ip_address>/unlock/",
        views_lockouts.lockout_address_unlock,
        name="lockout_address_unlock",
    ),
]
