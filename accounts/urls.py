from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import views_audit, views_two_factor

app_name = "accounts"

urlpatterns = [
    path("login/", views_two_factor.LoginView.as_view(), name="login"),
    path("login/code/", views_two_factor.login_code, name="login_code"),
    path("two-factor/", views_two_factor.two_factor, name="two_factor"),
    path("two-factor/set-up/", views_two_factor.two_factor_setup, name="two_factor_setup"),
    path("two-factor/remove/", views_two_factor.two_factor_remove, name="two_factor_remove"),
    path("audit/", views_audit.audit_log, name="audit"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
]
