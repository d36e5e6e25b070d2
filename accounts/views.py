from django.contrib.auth.decorators import login_required
from django.shortcuts import render

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
