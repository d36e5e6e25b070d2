"""Issue 11: the assessments pages in French and Arabic (English stays the default)."""

import pytest

from communities.tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        (
            "fr",
            [
                "<title>Classement des communautés · ",
                "Communautés classées selon leur adéquation</h1>",
                "Recalculer le score de toutes les communautés</button>",
                ">Couverture d'au moins (%)</label>",
                '<option value="favourable" >Favorable</option>',
                "Aucune communauté n'a été notée.</div>",
            ],
        ),
        (
            "ar",
            [
                "<title>ترتيب المجتمعات المحلية · ",
                "المجتمعات المحلية مرتبة حسب الملاءمة</h1>",
                "إعادة حساب درجات جميع المجتمعات المحلية</button>",
                ">تغطية لا تقل عن (%)</label>",
                '<option value="favourable" >ملائم</option>',
                "لم تُحسب درجة أي مجتمع محلي.</div>",
            ],
        ),
    ],
)
def test_ranking_page_in_french_and_arabic(client_for, programme_manager, language, texts):
    response = client_for(programme_manager).get(
        "/assessments/ranking/", HTTP_ACCEPT_LANGUAGE=language
    )
    html = response.content.decode()
    for text in texts:
        assert text in html


def test_field_data_page_in_french_and_arabic(client_for, programme_manager):
    CommunityFactory(name="Kaloum")
    client = client_for(programme_manager)
    french = client.get("/assessments/field/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Collecte de données sur le terrain avec KoboToolbox ou ODK</h1>" in french
    assert "<td>Critères d&#x27;Altai pour la réintégration communautaire<br>" in french
    arabic = client.get("/assessments/field/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "جمع البيانات الميدانية باستخدام KoboToolbox أو ODK</h1>" in arabic
    assert "<td>معايير ألتاي لإعادة الإدماج المجتمعي<br>" in arabic
    english = client.get("/assessments/field/").content.decode()
    assert "<td>Altai criteria for community-based reintegration<br>" in english
