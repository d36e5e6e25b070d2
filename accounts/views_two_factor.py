"""Login with an optional second factor (TOTP), and enrolling or removing it.

Login is two steps for a user with a confirmed device: the password (Django's form, so
django-axes still throttles it), then a code from the authenticator app within
``TWO_FACTOR_LOGIN_MINUTES``; only then is the user logged in (session rotated) and the
session marked verified. Setting up or removing the second factor asks for the current
password first, as changing the password does.
"""

import time
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.forms import LoginForm
from accounts.language import language_apply_at_login
from accounts.models import User

PENDING = "_two_factor_pending"
SETUP = "_two_factor_setup_device"
MAX_CODE_ATTEMPTS = 5


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]*",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit():
            raise forms.ValidationError(_("The code is made of digits only."))
        return code


class CurrentPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your current password."))
        return password


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if services.totp_device_of(user) is None:
            return language_apply_at_login(super().form_valid(form), user)
        # The password was right; the user is logged in only once the code is too.
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "since": int(time.time()),
            "next": self.get_success_url(),
            "attempts": 0,
        }
        return redirect("accounts:login_code")


def _pending_user(request) -> tuple[dict | None, User | None]:
    pending = request.session.get(PENDING)
    if not pending:
        return None, None
    if time.time() - pending["since"] > settings.TWO_FACTOR_LOGIN_MINUTES * 60:
        del request.session[PENDING]
        return None, None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return pending, user


@never_cache
@sensitive_post_parameters("code")
@login_not_required
def login_code(request):
    """The second step of login: the code from the user's authenticator app."""
    pending, user = _pending_user(request)
    device = services.totp_device_of(user) if user else None
    if device is None:
        messages.info(request, _("Please sign in again."))
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            del request.session[PENDING]
            login(request, user, backend=pending["backend"])  # rotates the session key
            otp_login(request, device)
            return language_apply_at_login(redirect(_safe_next(request, pending["next"])), user)
        pending["attempts"] += 1
        request.session[PENDING] = pending
        if pending["attempts"] >= MAX_CODE_ATTEMPTS:
            del request.session[PENDING]
            messages.error(request, _("Too many wrong codes: sign in again."))
            return redirect("accounts:login")
        form.add_error("code", _("That code is not right, or it has expired: try the next one."))
    return render(request, "accounts/login_code.html", {"form": form})


def _safe_next(request, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return settings.LOGIN_REDIRECT_URL


@never_cache
def two_factor(request):
    """Whether the user has a second factor, with the links to set it up or remove it."""
    return render(
        request,
        "accounts/two_factor.html",
        {
            "device": services.totp_device_of(request.user),
            "required": request.user.has_role(*settings.TWO_FACTOR_REQUIRED_ROLES),
        },
    )


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    # Inline in the page (no file, no data: URL): drop the XML declaration.
    return mark_safe(svg[svg.index("<svg") :])  # noqa: S308 -- generated here, no input


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters("password", "code")
def two_factor_setup(request):
    """Set up (or replace) the authenticator app: the current password, then the secret
    and its QR code, then a code from the app to confirm."""
    device = None
    device_id = request.session.get(SETUP)
    if device_id:
        device = TOTPDevice.objects.filter(pk=device_id, user=request.user, confirmed=False).first()
    if device is None:
        form = CurrentPasswordForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            device = services.totp_device_begin(user=request.user)
            request.session[SETUP] = device.pk
            return redirect("accounts:two_factor_setup")
        return render(request, "accounts/two_factor_password.html", {"form": form, "setup": True})
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_device_confirm(
            user=request.user, device=device, token=form.cleaned_data["code"]
        ):
            del request.session[SETUP]
            device.refresh_from_db()
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on."))
            return redirect("accounts:two_factor")
        form.add_error("code", _("That code is not right: check the app's clock and try again."))
    secret = _grouped(b32encode(device.bin_key).decode())
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "secret": secret,
            "uri": device.config_url,
            "qr": _qr_svg(device.config_url),
        },
    )


@never_cache
@sensitive_post_parameters("password")
def two_factor_remove(request):
    if services.totp_device_of(request.user) is None:
        return redirect("accounts:two_factor")
    form = CurrentPasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.totp_devices_remove(actor=request.user, user=request.user)
        messages.success(request, _("Two-factor authentication is off."))
        return redirect("accounts:two_factor")
    return render(request, "accounts/two_factor_password.html", {"form": form, "setup": False})


@login_not_required
def admin_login(request, extra_context=None):
    """The admin's own login form would skip the second factor: it sends to ours."""
    from django.contrib.auth.views import redirect_to_login

    next_url = _safe_next(request, request.GET.get("next") or "/admin/")
    if request.user.is_authenticated:
        if not request.user.is_staff:
            raise PermissionDenied(_("Your account cannot use the administration."))
        return redirect(next_url)
    return redirect_to_login(next_url)
