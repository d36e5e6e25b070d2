"""Issue 11: the instruments' and indicators' texts translated as data, English (the
handbook) the source and the fallback; the multilingual XLSForm."""

import json

import pytest
from django.core.management import CommandError, call_command

from assessments import services
from assessments.models import Instrument, InstrumentItem
from assessments.tests.xlsform_fixtures import project_source  # noqa: F401 - fixture
from assessments.text_translations import read_file, translation_files
from assessments.xlsform.forms import instrument_xlsform, xlsform_languages
from communities.models import ProfileIndicator
from communities.tests.factories import CommunityFactory, StakeholderFactory
from communities.tests.xlsform_support import pyxform_convert
from config.translations import localized
from reintegration.tests.factories import ReturneeFactory

pytestmark = pytest.mark.django_db


def _xlsx(form) -> bytes:
    with form.file() as file:
        return file.read()


def test_the_bundled_files_translate_completely_what_they_claim():
    files = {read_file(p)["language"]: read_file(p) for p in translation_files()}
    assert sorted(files) == ["ar", "fr"]
    for language, data in files.items():
        assert data["complete"] == [
            "altai",
            "table_3_2",
            "profile_indicators",
            "table_3_1",
            "child_protection",
            "table_6_1",
        ]
        for code in [c for c in data["complete"] if c != "profile_indicators"]:
            instrument = Instrument.objects.get(code=code, is_active=True)
            items = list(instrument.items.all())
            # As many translated items as the handbook's table has, no more, no fewer.
            assert sorted(data["instruments"][code]["items"]) == sorted(i.code for i in items)
            for record in [instrument, *items]:
                entry = record.translations[language]
                for field in ("name", "description", "text", "group"):
                    if getattr(record, field, ""):
                        assert entry[field].strip(), (language, code, field)
        indicators = list(ProfileIndicator.objects.all())
        assert len(indicators) == len(data["profile_indicators"]) == 20
        for indicator in indicators:
            entry = indicator.translations[language]
            assert entry["name"].strip()
            assert bool(entry.get("description")) == bool(indicator.description)
    assert Instrument.objects.get(code="altai", is_active=True).items.count() == 7
    assert Instrument.objects.get(code="table_3_2", is_active=True).items.count() == 13
    assert Instrument.objects.get(code="table_3_1", is_active=True).items.count() == 27
    assert Instrument.objects.get(code="table_6_1", is_active=True).items.count() == 27
    assert Instrument.objects.get(code="child_protection", is_active=True).items.count() == 10


def test_localized_text_falls_back_to_the_english_source():
    item = InstrumentItem.objects.get(instrument__code="altai", code="7")
    assert localized(item, "text", "fr") == "Dynamisme de la société civile"
    assert localized(item, "text", "ar") == "نشاط المجتمع المدني"
    assert localized(item, "text", "en") == "Civil society activism"
    assert localized(item, "text", "fr-ca") == "Dynamisme de la société civile"
    item.translations = {"fr": {"text": "  "}}
    assert localized(item, "text", "fr") == "Civil society activism"
    assert localized(item, "text", "ar") == "Civil society activism"
    # Table 3.5 is not translated yet: English everywhere.
    research = InstrumentItem.objects.filter(instrument__code="table_3_5").first()
    assert localized(research, "text", "fr") == research.text


def test_the_command_loads_a_file_and_refuses_unknown_codes(tmp_path):
    item = InstrumentItem.objects.get(instrument__code="table_3_2", code="N2")
    good = tmp_path / "fr-extra.json"
    good.write_text(
        json.dumps(
            {
                "language": "fr",
                "instruments": {"table_3_2": {"items": {"N2": {"text": "Projet non viable"}}}},
            }
        ),
        encoding="utf-8",
    )
    call_command("load_instrument_translations", str(good))
    item.refresh_from_db()
    # Merged: the other field of the language (group) stays.
    assert item.translations["fr"] == {"text": "Projet non viable", "group": "Critères négatifs"}
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "language": "fr",
                "instruments": {"table_3_2": {"items": {"N2": {"text": "Autre"}, "N9": {}}}},
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="table_3_2 has no item N9"):
        call_command("load_instrument_translations", str(bad))
    item.refresh_from_db()
    assert item.translations["fr"]["text"] == "Projet non viable"


def test_multilingual_xlsform_has_a_column_per_language_and_passes_pyxform():
    CommunityFactory(name="Kaloum")
    altai = Instrument.objects.get(code="altai", is_active=True)
    assert xlsform_languages(altai) == ["fr", "ar"]
    assert xlsform_languages(Instrument.objects.get(code="table_3_5", is_active=True)) == []
    form = instrument_xlsform(altai, languages=xlsform_languages(altai))
    sheets = form.sheets()
    header = sheets["survey"][0]
    assert header[:8] == [
        "type",
        "name",
        "label::English (en)",
        "label::Français (fr)",
        "label::العربية (ar)",
        "hint::English (en)",
        "hint::Français (fr)",
        "hint::العربية (ar)",
    ]
    rows = {
        row[1]: dict(zip(header, row, strict=True))
        for row in sheets["survey"]
        if row[0] != "end_group"
    }
    assert rows["q_1"]["label::Français (fr)"] == (
        "1. Nombre suffisant de migrants rentrant dans la même communauté sur une courte période"
    )
    assert rows["q_1"]["label::العربية (ar)"] == (
        "1. عدد كافٍ من المهاجرين العائدين إلى المجتمع المحلي نفسه خلال فترة زمنية قصيرة"
    )
    assert rows["q_1"]["label::English (en)"] == (
        "1. Sufficient number of migrants returning to the same community within a short "
        "period of time"
    )
    assert rows["q_1"]["hint::Français (fr)"] == (
        "L'application suggère aussi une note d'après ses données ; la vôtre est conservée "
        "à côté. Notez de 0 (non rempli) à 3 (pleinement rempli), ou inconnu."
    )
    assert rows["g1"]["label::Français (fr)"] == (
        "Critères d'Altai pour la réintégration communautaire"
    )
    choices = {(r[0], r[1]): r[2:] for r in sheets["choices"][1:]}
    assert sheets["choices"][0] == [
        "list_name",
        "name",
        "label::English (en)",
        "label::Français (fr)",
        "label::العربية (ar)",
    ]
    assert choices[("rating_0_3", "0")] == ["0 – not met", "0 – non rempli", "0 – غير مستوفى"]
    assert sheets["settings"] == [
        ["form_title", "form_id", "version", "default_language"],
        [form.title, "altai", form.version, "English (en)"],
    ]
    result, _ = pyxform_convert(_xlsx(form))
    assert "Nombre suffisant de migrants" in result.xform
    assert 'lang="العربية (ar)"' in result.xform


def test_suitability_page_shows_the_criteria_in_the_users_language(
    client_for, programme_manager, case_manager
):
    community = CommunityFactory(name="Kaloum")
    ReturneeFactory(community=community, case_manager=case_manager)
    services.community_score(community_ids=[community.pk])
    client = client_for(programme_manager)
    url = f"/assessments/communities/{community.pk}/"
    english = client.get(url).content.decode()
    assert "7. Civil society activism</th>" in english
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "7. Dynamisme de la société civile</th>" in french
    arabic = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "7. نشاط المجتمع المدني</th>" in arabic


def test_a_new_version_keeps_the_translations(administrator):
    from assessments.services.versions import instrument_new_version

    altai = Instrument.objects.get(code="altai", is_active=True)
    copy = instrument_new_version(actor=administrator, instrument=altai)
    assert copy.translations["fr"]["name"] == (
        "Critères d'Altai pour la réintégration communautaire"
    )
    item = copy.items.get(code="7")
    assert item.translations == {
        "fr": {"text": "Dynamisme de la société civile"},
        "ar": {"text": "نشاط المجتمع المدني"},
    }


def test_analysis_form_shows_the_research_questions_in_the_users_language(
    client_for, programme_manager
):
    community = CommunityFactory(name="Kaloum")
    client = client_for(programme_manager)
    url = f"/assessments/communities/{community.pk}/analyses/table_3_1/new/"
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "1. Quel est le rôle de la mobilité dans la communauté ? (passé/présent)</legend>" in (
        french
    )
    assert "Profil de la communauté — Facteurs de migration</h2>" in french
    arabic = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "1. ما دور التنقل في المجتمع المحلي؟ (في الماضي/الحاضر)</legend>" in arabic
    english = client.get(url).content.decode()
    assert "1. What is the role of mobility in the community? (past/ present)</legend>" in english


@pytest.mark.usefixtures("project_source")
def test_every_translated_instrument_exports_a_valid_multilingual_form(programme_manager):
    CommunityFactory(name="Kaloum", pcode="GN001")
    StakeholderFactory(name="Poultry cooperative")
    exported = {}
    for instrument in Instrument.objects.filter(is_active=True).order_by("code"):
        languages = xlsform_languages(instrument)
        form = instrument_xlsform(instrument, user=programme_manager, languages=languages)
        result, warnings = pyxform_convert(_xlsx(form))
        assert warnings == [], (instrument.code, warnings)
        exported[instrument.code] = languages
    assert exported == {
        "altai": ["fr", "ar"],
        "child_protection": ["fr", "ar"],
        "table_3_1": ["fr", "ar"],
        "table_3_2": ["fr", "ar"],
        "table_3_5": [],
        "table_6_1": ["fr", "ar"],
    }
