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
