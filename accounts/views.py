from django.conf import settings
from django.contrib.auth.decorators import login_not_required, login_required
from django.shortcuts import render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts import services
from accounts.models import Role

HOME_TEMPLATES = {
    Role.ADMIN: "accounts/home/admin.html",
    Role.SUPERVISOR: "accounts/home/supervisor.html",
    Role.PROGRAMME_MANAGER: "accounts/home/programme_manager.html",
    Role.CASE_MANAGER: "accounts/home/case_manager.html",
    Role.PARTNER: "accounts/home/partner.html",
}


@login_required
def home(request):
    """Each role lands on its own home page; a user with no role is told to ask an admin."""
    role = request.user.primary_role
    template = HOME_TEMPLATES.get(role, "accounts/home/no_role.html")
    return render(request, template, {"role_label": Role(role).label if role else None})


@login_not_required  # the login page offers the language too
@require_POST
def set_language(request):
    """Django's set_language (the cookie, then back to ``next``), and a signed-in user's
    choice is remembered for their next login. An empty ``language`` forgets the choice:
    the browser's Accept-Language decides again."""
    language = request.POST.get("language", "")
    response = django_set_language(request)
    if not language:
        response.delete_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    elif language not in dict(settings.LANGUAGES):
        # Django sets the cookie for any language it ships ("de"); only ours count.
        response.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
        return response
    if request.user.is_authenticated and request.user.language != language:
        services.user_set_language(user=request.user, language=language)
    return response
