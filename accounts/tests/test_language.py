"""Each user's interface language (issue 11): chosen in the user menu or on the login page,
remembered on the user, applied at login; Arabic pages are right to left."""

import re

import pytest
from django.conf import settings

from accounts.models import User
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode())[0]


def heading(response) -> str:
    return re.search(r'data-testid="home-heading">([^<]*)<', response.content.decode())[1]


def test_login_applies_the_users_language(client, case_manager):
    case_manager.language = "ar"
    case_manager.save()
    response = client.post("/accounts/login/", {"username": "case-manager", "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "ar"
    home = client.get("/")
    assert html_tag(home) == '<html lang="ar" dir="rtl">'
    assert heading(home) == "الحالات المسندة إليّ"
    # Bootstrap's right-to-left build instead of the left-to-right one.
    assert "bootstrap.rtl.min.css" in home.content.decode()
    assert "bootstrap.min.css" not in home.content.decode()


def test_login_without_a_chosen_language_keeps_the_browsers(client, case_manager):
    response = client.post(
        "/accounts/login/",
        {"username": "case-manager", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert COOKIE not in response.cookies
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert html_tag(home) == '<html lang="fr" dir="ltr">'
    assert heading(home) == "Mes dossiers"


def test_english_is_the_default(client_for, case_manager):
    home = client_for(case_manager).get("/")
    assert html_tag(home) == '<html lang="en" dir="ltr">'
    assert heading(home) == "My caseload"
    assert "bootstrap.min.css" in home.content.decode()
    assert "bootstrap.rtl.min.css" not in home.content.decode()


def test_switching_the_language_is_remembered_on_the_user(client_for, case_manager):
    client = client_for(case_manager)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[COOKIE].value == "fr"
    assert User.objects.get(pk=case_manager.pk).language == "fr"
    assert heading(client.get("/")) == "Mes dossiers"
    nav = client.get("/").content.decode()
    assert 'aria-current="page">Accueil</a>' in nav


def test_choosing_the_browsers_language_forgets_the_choice(client_for, case_manager):
    case_manager.language = "ar"
    case_manager.save()
    client = client_for(case_manager)
    client.cookies[COOKIE] = "ar"
    response = client.post("/i18n/setlang/", {"language": "", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == ""
    assert response.cookies[COOKIE]["max-age"] == 0
    assert User.objects.get(pk=case_manager.pk).language == ""
    assert heading(client.get("/", HTTP_ACCEPT_LANGUAGE="fr")) == "Mes dossiers"


def test_an_unknown_language_changes_nothing(client_for, case_manager):
    case_manager.language = "fr"
    case_manager.save()
    response = client_for(case_manager).post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert response.status_code == 302
    assert COOKIE not in response.cookies
    assert User.objects.get(pk=case_manager.pk).language == "fr"


def test_the_login_page_offers_the_languages_and_switches_anonymously(client):
    page = client.get("/accounts/login/").content.decode()
    buttons = re.findall(r'name="language" value="(\w+)" lang="\w+"[^>]*>([^<]+)</button>', page)
    assert buttons == [("en", "English"), ("fr", "français"), ("ar", "العربيّة")]
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    login = client.get("/accounts/login/")
    assert html_tag(login) == '<html lang="ar" dir="rtl">'
    assert '<h1 class="h3 mb-3">تسجيل الدخول</h1>' in login.content.decode()
    assert User.objects.filter(language="ar").count() == 0


def test_the_login_page_in_french(client):
    login = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr")
    assert '<h1 class="h3 mb-3">Connexion</h1>' in login.content.decode()
    assert "<title>Connexion · Réintégration communautaire</title>" in login.content.decode()


def test_the_user_menu_has_the_language_switcher(client_for, case_manager):
    page = client_for(case_manager).get("/").content.decode()
    buttons = re.findall(r'name="language" value="(\w*)"', page)
    assert buttons == ["en", "fr", "ar", ""]
    assert 'action="/i18n/setlang/"' in page


def test_the_programme_overview_in_french_and_arabic(client_for, programme_manager):
    client = client_for(programme_manager)
    french = client.get("/dashboards/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'data-testid="overview-heading">Vue d’ensemble du programme</h1>' in french
    assert ">Tableau de bord</a>" in french
    arabic = client.get("/dashboards/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'data-testid="overview-heading">نظرة عامة على البرنامج</h1>' in arabic
    assert '<h2 class="h4" id="section-returnees">العائدون والحالات</h2>' in arabic
