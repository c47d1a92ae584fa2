from django.core.management import call_command

from libraries.models import District, Province, Regency, Village
from libraries.regions import load_regions


def test_load_regions_loads_all_of_indonesia_idempotently(db):
    call_command("load_regions", verbosity=0)
    counts = (Province.objects.count(), Regency.objects.count(), District.objects.count(), Village.objects.count())
    assert counts == (38, 514, 7285, 83762)

    result = load_regions()
    assert sum(result.created.values()) == 0
    assert sum(result.updated.values()) == 0
    assert Village.objects.count() == 83762


def test_region_codes_are_dotted_kemendagri_codes(db):
    bangka = Regency.objects.get(code="19.01")
    assert bangka.name == "Kabupaten Bangka"
    assert bangka.province_id == "19"
    assert Regency.objects.get(code="19.71").kind == Regency.Kind.KOTA
    village = Village.objects.filter(regency=bangka).first()
    assert village.code.startswith("19.01.") and len(village.code) == 13
    assert village.district.regency_id == "19.01"


def test_renamed_region_is_updated(db):
    Village.objects.filter(code="19.01.01.1001").update(name="Nama Lama")
    result = load_regions({"19"})
    assert result.updated["village"] == 1
    assert Village.objects.get(code="19.01.01.1001").name == "Sungailiat"
