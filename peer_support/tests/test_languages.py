"""Issue 11: the peer-support pages in French and Arabic (English stays the default)."""

import pytest

pytestmark = pytest.mark.django_db


def test_overview_in_french_and_arabic(client_for, case_manager):
    client = client_for(case_manager)
    french = client.get("/peer-support/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Soutien par les pairs et réseaux communautaires</h1>" in french
    assert ">Mentorats</a>" in french
    assert ">Groupes de soutien par les pairs</a>" in french
    arabic = client.get("/peer-support/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "دعم الأقران والشبكات المجتمعية</h1>" in arabic
    assert ">علاقات الإرشاد</a>" in arabic
    assert ">مجموعات دعم الأقران</a>" in arabic
    english = client.get("/peer-support/").content.decode()
    assert "Peer support and community networks</h1>" in english


def test_mentor_form_in_french_and_arabic(client_for, case_manager):
    client = client_for(case_manager)
    french = client.get("/peer-support/mentors/new/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<title>Nouveau mentor · " in french
    assert ">Enregistrer</button>" in french
    assert ">Annuler</a>" in french
    arabic = client.get("/peer-support/mentors/new/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "<title>مرشد جديد · " in arabic
    assert ">حفظ</button>" in arabic


@pytest.mark.parametrize(
    ("language", "heading"),
    [("fr", "<title>Soutien par les pairs · "), ("ar", "<title>دعم الأقران · ")],
)
def test_every_page_renders_in_french_and_arabic(client_for, case_manager, data, language, heading):
    from peer_support.tests.test_views import urls

    client = client_for(case_manager)
    for url in urls(data):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
    overview = client.get("/peer-support/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert heading in overview
