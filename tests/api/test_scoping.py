"""Every operation of the API schema, for every demo role, against records inside and outside its area.

The operations come from the generated OpenAPI schema, so a new endpoint cannot escape:
this test fails for a resource it has no recipe for, or an action whose rule it does
not know. Rules: no credentials 401; list 200 showing exactly the records in the role's
area; retrieve 200 inside the area, 404 outside; update and delete 404 outside, 403 for a
role that may not change that kind of record, else 200/204; create 403 for such a role,
400 (the reference does not exist for them) outside the area, else 201. Actions: 404
outside the area, 403 inside it for a role that may not take the step, else success.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import PROTECT
from django.test import TestCase
from django.utils import timezone

from activities.models import Activity, Advocacy, Publication, Replication, ServiceSnapshot, SuccessStory, Training
from activities.photos import save_photo
from libraries.models import Aid, Commitment, Library, Meeting, SynergyTeam, TeamMember, Village
from reports.models import CompileJob, MonthlyReport, PeerLearningMeeting, ProgressReport, WorkPlan

from ..activities.factories import jpeg_bytes
from ..scoping import PLACES, ROLES, STAFF, VISIBLE, library_at
from .operations import OPERATIONS, PLACE_QUERIES
from .uploads import photo_upload

ANONYMOUS = "anonymous"
PREFIX = "/api/v1/"
#: Operations open to anyone, tested in test_auth.py.
PUBLIC = {("POST", "/api/v1/auth/token/")}
VISIBLE_PROVINCE = {
    "admin": set(PLACES),
    "konsultan": set(PLACES),
    "dkpus.babel": {"own_village", "belitung_village"},
    "dkpus.bali": {"bali_village"},
    "dispus.bangka": {"own_village", "belitung_village"},  # regency staff pick from their province's list
    **{role: {"own_village", "belitung_village"} for role in ROLES if role.startswith("pustakawan.")},
}
LIBRARIANS = {role for role in ROLES if role.startswith("pustakawan.")}
LIBRARY_WRITERS = STAFF | LIBRARIANS
# Compiling changes no record: consultants (read-only for records) may start and retry compilations too.
COMPILERS = STAFF | {"konsultan"}
MONTH = dt.date(2019, 7, 1)  # before the demo data, so that nothing else is in it
PHOTO = jpeg_bytes(size=(64, 48), gps=False)


@dataclass
class Action:
    """A step on a record (``{id}/submit/``) or on the collection (``compile/``)."""

    allowed: set
    body: Callable[[Library, Any], dict] = lambda lib, obj: {}
    prepare: Callable[[Any], Any] = lambda obj: obj
    success: int = 200
    check: Callable[[Any, Any], None] = lambda response, obj: None
    references: set = field(default_factory=set)


@dataclass
class Resource:
    make: Callable[[Library], Any]
    key: str = "id"
    visible: dict = field(default_factory=lambda: VISIBLE)
    search: Callable[[Any], dict] = lambda obj: {}
    writers: set = field(default_factory=set)
    create: Callable[[Library, Any], dict] | None = None
    update: Callable[[Any], dict] | None = None
    patch: dict | None = None
    references: set = field(default_factory=set)
    multipart: bool = False
    actions: dict = field(default_factory=dict)

    def lookup(self, obj) -> str:
        return str(getattr(obj, "code" if self.key == "code" else "pk"))


def free_village(library: Library) -> Village:
    return Village.objects.filter(regency_id=library.regency_id, libraries__isnull=True).order_by("code").first()


def without_records(library: Library) -> Library:
    """The library with the demo records that protect it from deletion removed (rolled back after the check)."""
    for relation in library._meta.related_objects:
        if relation.on_delete is PROTECT:
            relation.related_model._base_manager.filter(**{relation.field.name: library}).delete()
    return library


def make_activity(lib: Library) -> Activity:
    return Activity.objects.create(
        library=lib,
        date=MONTH.replace(day=15),
        strategy="community_engagement",
        title="Pelatihan anyaman pandan",
        participants_male=4,
        participants_female=11,
    )


def make_advocacy(lib: Library) -> Advocacy:
    return Advocacy.objects.create(
        library=lib,
        date=MONTH.replace(day=12),
        title="Audiensi anggaran perpustakaan",
        targets=["village_head"],
        result="funds",
        amount=15_000_000,
    )


def with_document(record: Advocacy) -> Advocacy:
    record.document = SimpleUploadedFile("pks.pdf", b"%PDF-1.4 perjanjian kerja sama\n%%EOF\n")
    record.save()
    return record


def is_pdf(response) -> None:
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def make_replication(lib: Library) -> Replication:
    programme = Replication.objects.create(
        province_id=lib.province_id, regency_id=lib.regency_id, year=MONTH.year, funds=250_000_000, villages=10
    )
    programme.libraries.add(lib)
    return programme


def verification_actions() -> dict:
    """``verify`` and ``return`` of a record (regency and provincial staff of its place, administrators)."""
    return {
        "verify": Action(allowed=STAFF, check=verification_is("verified")),
        "return": Action(
            allowed=STAFF,
            body=lambda lib, obj: {"comment": "Bukti kegiatan belum dilampirkan"},
            check=verification_is("returned"),
        ),
    }


def make_team(lib: Library) -> SynergyTeam:
    return SynergyTeam.objects.create(
        name=f"Tim Sinergi {lib.regency.name}", level="regency", province_id=lib.province_id, regency=lib.regency
    )


def make_photo(lib: Library):
    photo, _created = save_photo(make_activity(lib), photo_upload(PHOTO), None, caption="Dokumentasi")
    return photo


def submitted(report: MonthlyReport) -> MonthlyReport:
    MonthlyReport.objects.filter(pk=report.pk).update(status="submitted", submitted_at=timezone.now())
    report.refresh_from_db()
    return report


def status_is(status: str):
    def check(response, obj):
        assert response.json()["status"] == status

    return check


def verification_is(state: str):
    def check(response, obj):
        assert response.json()["verification"] == state

    return check


def is_jpeg(response) -> None:
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


def region_body(lib: Library) -> dict:
    return {"province": lib.province_id, "regency": lib.regency_id}


RESOURCES = {
    "provinces": Resource(make=lambda lib: lib.province, key="code", visible=VISIBLE_PROVINCE),
    "regencies": Resource(make=lambda lib: lib.regency, key="code", search=lambda obj: {"q": obj.name}),
    "districts": Resource(make=lambda lib: lib.district, key="code", search=lambda obj: {"q": obj.name}),
    "villages": Resource(make=lambda lib: lib.village, key="code", search=lambda obj: {"q": obj.name}),
    "libraries": Resource(
        make=without_records,
        search=lambda obj: {"q": obj.name},
        writers=STAFF,
        create=lambda lib, obj: {
            "name": "Perpustakaan Desa Uji",
            "level": "village",
            "province": lib.province_id,
            "village": free_village(lib).code,
        },
        update=lambda obj: {
            "name": f"{obj.name} (diperbarui)",
            "level": obj.level,
            "province": obj.province_id,
            "regency": obj.regency_id,
            "village": obj.village_id,
        },
        patch={"manager_name": "Ibu Uji"},
        references={"province", "village"},
    ),
    "aid": Resource(
        make=lambda lib: Aid.objects.create(library=lib, year=2019, item="books", quantity=700),
        search=lambda obj: {"year": 2019},
        writers=STAFF,
        create=lambda lib, obj: {"library": lib.pk, "year": 2019, "item": "computer", "quantity": 2},
        update=lambda obj: {"library": obj.library_id, "year": 2019, "item": "printer", "quantity": 1},
        patch={"quantity": 1000},
        references={"library"},
    ),
    "activities": Resource(
        make=make_activity,
        search=lambda obj: {"period": f"{MONTH:%Y-%m}"},
        writers=LIBRARY_WRITERS,
        create=lambda lib, obj: {
            "library": lib.pk,
            "date": "2019-07-20",
            "strategy": "advocacy",
            "title": "Audiensi dengan kepala desa",
            "participants_male": 2,
            "participants_female": 1,
        },
        update=lambda obj: {
            "library": obj.library_id,
            "date": "2019-07-16",
            "strategy": "community_engagement",
            "title": "Pelatihan budidaya madu",
            "participants_male": 6,
            "participants_female": 9,
        },
        patch={"title": "Pelatihan pengolahan pangan"},
        references={"library"},
        actions=verification_actions(),
    ),
    "advocacy": Resource(
        make=make_advocacy,
        search=lambda obj: {"period": f"{MONTH:%Y-%m}", "verification": "unverified"},
        writers=LIBRARY_WRITERS,
        create=lambda lib, obj: {
            "library": lib.pk,
            "date": "2019-07-22",
            "title": "Paparan di musyawarah desa",
            "targets": ["village_head", "regional_government"],
            "result": "regulation",
            "regulation_kind": "village_head_regulation",
            "issued_on": "2019-07-30",
        },
        update=lambda obj: {
            "library": obj.library_id,
            "date": "2019-07-23",
            "title": "Audiensi dengan BUMDes",
            "targets": ["private_sector"],
            "result": "funds",
            "amount": 5_000_000,
        },
        patch={"resource_persons": 3},
        references={"library"},
        actions={
            **verification_actions(),
            "document": Action(allowed=set(ROLES), prepare=with_document, check=lambda response, obj: is_pdf(response)),
        },
    ),
    "publications": Resource(
        make=lambda lib: Publication.objects.create(
            library=lib, date=MONTH.replace(day=8), title="Berita pojok baca", publication_kind="online"
        ),
        search=lambda obj: {"period": f"{MONTH:%Y-%m}", "kind": "online"},
        writers=LIBRARY_WRITERS,
        create=lambda lib, obj: {
            "library": lib.pk,
            "date": "2019-07-24",
            "title": "Liputan kegiatan literasi",
            "kind": "print",
            "outlet": "Bangka Pos",
        },
        update=lambda obj: {
            "library": obj.library_id,
            "date": "2019-07-25",
            "title": "Siaran kegiatan perpustakaan",
            "kind": "electronic",
            "outlet": "RRI Sungailiat",
            "link": "https://rri.co.id/sungailiat/contoh",
        },
        patch={"outlet": "Radar Bangka"},
        references={"library"},
        actions=verification_actions(),
    ),
    "service-snapshots": Resource(
        make=lambda lib: ServiceSnapshot.objects.create(
            library=lib, period=MONTH, books=1200, digital_books=50, computers=3, bandwidth_mbps=10
        ),
        search=lambda obj: {"period": f"{MONTH:%Y-%m}", "verification": "unverified"},
        writers=LIBRARY_WRITERS,
        create=lambda lib, obj: {"library": lib.pk, "period": "2019-08", "books": 1300, "computers": 4},
        update=lambda obj: {"library": obj.library_id, "period": f"{MONTH:%Y-%m}", "books": 1250, "computers": 3},
        patch={"bandwidth_mbps": 20},
        references={"library"},
        actions=verification_actions(),
    ),
    "replications": Resource(
        make=make_replication,
        search=lambda obj: {"period": f"{MONTH:%Y-%m}"},
        writers=STAFF,
        create=lambda lib, obj: {
            "regency": lib.regency_id,
            "year": MONTH.year,
            "funds": 500_000_000,
            "funding_source": "apbd",
            "villages": 6,
        },
        update=lambda obj: {
            "province": obj.province_id,
            "regency": obj.regency_id,
            "year": MONTH.year,
            "funds": 300_000_000,
            "villages": 8,
        },
        patch={"villages": 12},
        references={"province", "regency", "libraries"},
        actions=verification_actions(),
    ),
    "activity-photos": Resource(
        make=make_photo,
        search=lambda obj: {"activity": obj.activity_id},
        writers=LIBRARY_WRITERS,
        create=lambda lib, obj: {"activity": obj.activity_id, "image": photo_upload(PHOTO), "caption": "Kegiatan"},
        references={"activity"},
        multipart=True,
        actions={
            "file": Action(allowed=set(ROLES), check=lambda response, obj: is_jpeg(response)),
        },
    ),
    "success-stories": Resource(
        make=lambda lib: SuccessStory.objects.create(
            library=lib, date=MONTH.replace(day=20), person_name="Ibu Sari", title="Anyaman", story="Penghasilan naik"
        ),
        search=lambda obj: {"period": f"{MONTH:%Y-%m}"},
        writers=LIBRARY_WRITERS,
        create=lambda lib, obj: {
            "library": lib.pk,
            "date": "2019-07-21",
            "person_name": "Pak Budi",
            "title": "Madu hutan",
            "story": "Kelompok tani menjual madu",
        },
        update=lambda obj: {
            "library": obj.library_id,
            "date": "2019-07-22",
            "person_name": "Ibu Sari",
            "title": "Anyaman pandan",
            "story": "Penghasilan bulanan naik",
            "consent_to_publish": True,
        },
        patch={"measure": "Penghasilan bulanan (Rp)"},
        references={"library"},
    ),
    "monthly-reports": Resource(
        make=lambda lib: MonthlyReport.objects.create(library=lib, period=MONTH, visitors=120, loans=45, ict_users=30),
        search=lambda obj: {"period": f"{MONTH:%Y-%m}"},
        writers=LIBRARY_WRITERS,
        create=lambda lib, obj: {"library": lib.pk, "period": "2019-08", "visitors": 150, "loans": 60, "ict_users": 25},
        update=lambda obj: {"library": obj.library_id, "period": f"{MONTH:%Y-%m}", "visitors": 130, "loans": 50},
        patch={"visitors": 99},
        references={"library"},
        actions={
            "submit": Action(allowed=LIBRARY_WRITERS, check=status_is("submitted")),
            "verify": Action(allowed=STAFF, prepare=submitted, check=status_is("verified")),
            "return": Action(
                allowed=STAFF,
                prepare=submitted,
                body=lambda lib, obj: {"comment": "Jumlah pengunjung belum diisi"},
                check=status_is("returned"),
            ),
        },
    ),
    "synergy-teams": Resource(
        make=make_team,
        search=lambda obj: {"q": obj.name},
        writers=STAFF,
        create=lambda lib, obj: {"name": "Tim Sinergi Baru", "level": "regency", **region_body(lib)},
        update=lambda obj: {
            "name": "Tim Sinergi (SK baru)",
            "level": "regency",
            "province": obj.province_id,
            "regency": obj.regency_id,
        },
        patch={"decree_number": "188.44/123/2019"},
        references={"province", "regency"},
    ),
    "team-members": Resource(
        make=lambda lib: TeamMember.objects.create(
            team=make_team(lib), name="Dr. Rina", institution="Bappeda", sector="government"
        ),
        search=lambda obj: {"team": obj.team_id},
        writers=STAFF,
        create=lambda lib, obj: {
            "team": obj.team_id,
            "name": "Andi",
            "institution": "Diskominfo",
            "sector": "government",
        },
        update=lambda obj: {"team": obj.team_id, "name": "Dr. Rina", "institution": "DPMD", "sector": "government"},
        patch={"role": "secretary"},
        references={"team"},
    ),
    "team-meetings": Resource(
        make=lambda lib: Meeting.objects.create(team=make_team(lib), date=MONTH, agenda="Rapat koordinasi"),
        search=lambda obj: {"team": obj.team_id},
        writers=STAFF,
        create=lambda lib, obj: {"team": obj.team_id, "date": "2019-07-09", "agenda": "Rakor TPBIS"},
        update=lambda obj: {"team": obj.team_id, "date": "2019-07-10", "agenda": "Rapat pleno", "mode": "virtual"},
        patch={"minutes": "Sepakat menyusun Perbup"},
        references={"team"},
    ),
    "commitments": Resource(
        make=lambda lib: Commitment.objects.create(
            team=make_team(lib), kind="internet", party="Diskominfo", description="Internet gratis"
        ),
        search=lambda obj: {"team": obj.team_id},
        writers=STAFF,
        create=lambda lib, obj: {"team": obj.team_id, "kind": "kkn", "party": "Universitas", "description": "KKN"},
        update=lambda obj: {"team": obj.team_id, "kind": "mou", "party": "Bank", "description": "PKS perpustakaan"},
        patch={"status": "in_progress"},
        references={"team"},
    ),
    "trainings": Resource(
        make=lambda lib: _training(lib),
        search=lambda obj: {"year": 2019},
        writers=STAFF,
        create=lambda lib, obj: {
            "title": "Bimtek SPP-TIK",
            "organiser": "DKPUS",
            "start_date": "2019-07-01",
            "end_date": "2019-07-04",
            **region_body(lib),
            "libraries": [lib.pk],
        },
        update=lambda obj: {
            "title": "Bimtek SPP-TIK angkatan 2",
            "organiser": "Perpusnas",
            "start_date": "2019-07-08",
            "end_date": "2019-07-11",
            "province": obj.province_id,
            "regency": obj.regency_id,
            "libraries": [],
        },
        patch={"place": "Aula DKPUS"},
        references={"province", "regency", "libraries"},
    ),
    "peer-learning-meetings": Resource(
        make=lambda lib: _plm(lib),
        search=lambda obj: {"period": f"{MONTH:%Y-%m}"},
        writers=STAFF,
        create=lambda lib, obj: {
            "title": "PLM kabupaten",
            "level": "regency",
            **region_body(lib),
            "date": "2019-07-25",
            "host": "Dinas Perpustakaan",
            "period": f"{MONTH:%Y-%m}",
            "libraries": [lib.pk],
            "presentations": [{"kind": "achievement", "library": lib.pk, "title": "Pojok baca"}],
            "follow_ups": [{"action": "Usulan anggaran", "owner": "Kepala desa", "due_date": "2019-09-30"}],
        },
        update=lambda obj: {
            "title": "PLM kabupaten (revisi)",
            "level": "regency",
            "province": obj.province_id,
            "regency": obj.regency_id,
            "date": "2019-07-26",
            "host": "Dinas Perpustakaan",
            "period": f"{MONTH:%Y-%m}",
        },
        patch={"findings": "Perlu pendampingan"},
        references={"province", "regency", "libraries", "presentations"},
    ),
    "work-plans": Resource(
        make=lambda lib: WorkPlan.objects.create(library=lib, year=MONTH.year, visitors=1000),
        search=lambda obj: {"year": MONTH.year},
        writers=LIBRARY_WRITERS,
        create=lambda lib, obj: {"library": lib.pk, "year": MONTH.year + 1, "visitors": 1200, "publications": 12},
        update=lambda obj: {"library": obj.library_id, "year": obj.year, "visitors": 1500},
        patch={"visitors": 1800},
        references={"library", "regency"},
        actions={
            "agree": Action(allowed=STAFF, check=lambda response, obj: _plan_is(obj, "agreed")),
            "return": Action(
                allowed=STAFF,
                body=lambda lib, obj: {"comment": "Tambahkan target publikasi"},
                check=lambda response, obj: _plan_is(obj, "returned"),
            ),
        },
    ),
    "flags": Resource(
        make=lambda lib: _flagged(make_activity(lib)),
        search=lambda obj: {"code": "backdated"},
    ),
    "verification-queue": Resource(
        # Entered before anything of the demo: the first of its queue, whatever the demo leaves waiting.
        make=lambda lib: _waiting_since(make_activity(lib), MONTH),
        search=lambda obj: {"type": "activities"},
        actions={
            "verify": Action(
                allowed=STAFF,
                body=lambda lib, obj: {"activities": [obj.pk]},
                check=lambda response, obj: _bulk_verified(response, obj),
                references={"activities"},
            )
        },
    ),
    "progress-reports": Resource(
        make=lambda lib: ProgressReport.objects.create(
            scope="library",
            code=str(lib.pk),
            period=MONTH,
            name=lib.name,
            province_id=lib.province_id,
            regency_id=lib.regency_id,
            library=lib,
            figures={"libraries": 1},
            revision="walk",
            compiled_at=timezone.now(),
        ),
        search=lambda obj: {"period": f"{MONTH:%Y-%m}", "scope": "library", "code": obj.code},
        writers=STAFF,
        actions={
            "compile": Action(
                allowed=COMPILERS,
                body=lambda lib, obj: {"period": f"{MONTH:%Y-%m}", "scope": "library", "code": str(lib.pk)},
                success=202,
                check=lambda response, obj: CompileJob.objects.get(pk=response.json()["job"]),
                references={"code"},
            )
        },
    ),
    "progress-reports/jobs": Resource(
        make=lambda lib: CompileJob.objects.create(
            period=MONTH,
            scope="library",
            code=str(lib.pk),
            library=lib,
            province_id=lib.province_id,
            regency_id=lib.regency_id,
        ),
        search=lambda obj: {"period": f"{MONTH:%Y-%m}", "scope": "library", "code": obj.code},
        actions={
            "retry": Action(
                allowed=COMPILERS,
                prepare=lambda job: _failed(job),
                success=202,
                check=lambda response, obj: _retried(response, obj),
            )
        },
    ),
}


def _flagged(activity: Activity):
    """The activity entered 45 days after its date: its ``backdated`` flag."""
    activity.entered_on = activity.date + dt.timedelta(days=45)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the checks' job, once the save is committed
        activity.save()
    return activity.evidence_flags.get()


def _waiting_since(activity: Activity, day: dt.date) -> Activity:
    Activity.objects.filter(pk=activity.pk).update(entered_on=day)
    activity.refresh_from_db()
    return activity


def _bulk_verified(response, activity: Activity) -> None:
    activity.refresh_from_db()
    assert response.json()["verified"] == 1
    assert activity.verification == "verified"


def _failed(job: CompileJob) -> CompileJob:
    CompileJob.objects.filter(pk=job.pk).update(status="failed", error="worker lost")
    job.refresh_from_db()
    return job


def _retried(response, job: CompileJob) -> None:
    job.refresh_from_db()
    assert response.json()["id"] == job.pk
    assert job.status != "failed" and job.error == ""  # queued again (tasks run eagerly here: already done)


def _training(lib: Library) -> Training:
    training = Training.objects.create(
        title="Bimtek pengelola",
        organiser="Perpusnas",
        start_date=MONTH,
        end_date=MONTH.replace(day=3),
        province_id=lib.province_id,
        regency_id=lib.regency_id,
    )
    training.libraries.add(lib)
    return training


def _plm(lib: Library) -> PeerLearningMeeting:
    meeting = PeerLearningMeeting.objects.create(
        title="PLM", level="regency", regency_id=lib.regency_id, date=MONTH.replace(day=25), host="DKPUS", period=MONTH
    )
    meeting.libraries.add(lib)
    return meeting


def classify(path: str) -> tuple[str, str, str | None]:
    """``/api/v1/monthly-reports/{id}/submit/`` → ("monthly-reports", "detail", "submit"); fails for the unknown."""
    assert path.startswith(PREFIX) and path.endswith("/"), path
    parts = path[len(PREFIX) : -1].split("/")
    for cut in range(len(parts), 0, -1):
        name = "/".join(parts[:cut])
        if name in RESOURCES:
            break
    else:
        pytest.fail(f"{path}: add a recipe for {parts[0]!r} to RESOURCES in tests/api/test_scoping.py")
    rest = parts[cut:]
    kind = "collection"
    if rest and rest[0].startswith("{"):
        kind, rest = "detail", rest[1:]
    assert len(rest) <= 1, f"{path}: no rule for this operation yet; teach tests/api/test_scoping.py"
    action = rest[0] if rest else None
    if action is not None and action not in RESOURCES[name].actions:
        pytest.fail(f"{path}: add an Action for {action!r} to {name!r} in tests/api/test_scoping.py")
    return name, kind, action


def test_the_walk_covers_the_contract_endpoints():
    paths = {path for _, path in OPERATIONS}
    for name in [
        "provinces",
        "regencies",
        "libraries",
        "aid",
        "activities",
        "advocacy",
        "publications",
        "service-snapshots",
        "replications",
        "monthly-reports",
        "synergy-teams",
        "trainings",
        "peer-learning-meetings",
        "progress-reports",
    ]:
        assert f"{PREFIX}{name}/" in paths
        assert any(path.startswith(f"{PREFIX}{name}/{{") for path in paths)
    for action in ["submit", "verify", "return"]:
        assert ("POST", f"{PREFIX}monthly-reports/{{id}}/{action}/") in OPERATIONS
    for name in ["activities", "advocacy", "publications", "service-snapshots", "replications"]:
        for action in ["verify", "return"]:
            assert ("POST", f"{PREFIX}{name}/{{id}}/{action}/") in OPERATIONS
    assert ("POST", f"{PREFIX}progress-reports/compile/") in OPERATIONS
    assert ("GET", f"{PREFIX}verification-queue/") in OPERATIONS
    assert ("POST", f"{PREFIX}verification-queue/verify/") in OPERATIONS
    assert ("GET", f"{PREFIX}progress-reports/jobs/{{id}}/") in OPERATIONS


def test_an_endpoint_without_a_recipe_fails_the_walk():
    with pytest.raises(pytest.fail.Exception, match="add a recipe"):
        classify("/api/v1/unknown-things/")
    with pytest.raises(pytest.fail.Exception, match="add an Action"):
        classify("/api/v1/monthly-reports/{id}/archive/")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("role", [*ROLES, ANONYMOUS])
@pytest.mark.parametrize(
    ("method", "path"), [pytest.param(*op, id=" ".join(op)) for op in OPERATIONS if op not in PUBLIC]
)
def test_operation_follows_the_scoping_rule(method, path, role, api, api_as):
    if path in PLACE_QUERIES:
        check_place_query(api if role == ANONYMOUS else api_as(role), path, role)
        return
    name, kind, action = classify(path)
    resource = RESOURCES[name]
    client = api if role == ANONYMOUS else api_as(role)
    for place in PLACES:
        with transaction.atomic():
            if action:
                check_action(client, resource, resource.actions[action], kind, method, path, role, place)
            else:
                check(client, resource, kind, method, path, role, place)
            transaction.set_rollback(True)


def detail_url(path: str, resource: Resource, obj) -> str:
    return path.replace(path[path.find("{") : path.find("}") + 1], resource.lookup(obj))


def send(client, method: str, url: str, body: dict | None, multipart: bool = False):
    if method == "GET":
        return client.get(url, body)
    if method == "DELETE":
        return client.delete(url)
    return getattr(client, method.lower())(url, body, format="multipart" if multipart else "json")


def check_action(client, resource: Resource, action: Action, kind, method, path, role, place) -> None:
    library = library_at(place)
    obj = action.prepare(resource.make(library))
    url = detail_url(path, resource, obj) if kind == "detail" else path
    where = f"{method} {url} as {role} at {place}"
    response = send(client, method, url, action.body(library, obj) if method != "GET" else None)
    status = response.status_code
    visible = role != ANONYMOUS and place in resource.visible[role]
    if role == ANONYMOUS:
        assert status == 401, where
        return
    if kind == "detail":
        expected = 404 if not visible else action.success if role in action.allowed else 403
    else:  # on the collection: a role that may not take the step at all, then a reference outside the area
        expected = 403 if role not in action.allowed else action.success if visible else 400
    assert status == expected, (where, getattr(response, "content", b"")[:300])
    if status == 400:
        assert action.references & set(response.json()), (where, response.json())
    if status == action.success:
        action.check(response, obj)


def check(client, resource: Resource, kind: str, method: str, path: str, role: str, place: str) -> None:
    library = library_at(place)
    obj = resource.make(library)
    model = type(obj)
    url = detail_url(path, resource, obj) if kind == "detail" else path
    visible = role != ANONYMOUS and place in resource.visible[role]
    writer = role in resource.writers
    where = f"{method} {url} as {role} at {place}"

    if method == "GET" and kind == "collection":
        response = client.get(url, {**resource.search(obj), "page_size": 500})
    elif method == "GET":
        response = client.get(url)
    elif method == "POST":
        response = send(client, method, url, resource.create(library, obj), resource.multipart)
    elif method == "PUT":
        response = client.put(url, resource.update(obj), format="json")
    elif method == "PATCH":
        response = client.patch(url, resource.patch, format="json")
    else:
        response = client.delete(url)
    status = response.status_code

    if role == ANONYMOUS:
        assert status == 401, where
        assert response.headers["WWW-Authenticate"] == "Token", where
        return
    if method == "GET" and kind == "collection":
        assert status == 200, where
        listed = {row[resource.key] for row in response.json()["results"]}
        assert (getattr(obj, resource.key) in listed) == visible, where
    elif method == "GET":
        assert status == (200 if visible else 404), where
        if visible:
            assert response.json()[resource.key] == getattr(obj, resource.key), where
    elif method == "POST":
        expected = 403 if not writer else 201 if visible else 400
        assert status == expected, (where, response.json())
        if status == 400:
            assert resource.references & set(response.json()), (where, response.json())
    else:
        expected = 404 if not visible else 403 if not writer else 204 if method == "DELETE" else 200
        assert status == expected, (where, response.content)
        still_there = model._default_manager.filter(pk=obj.pk).exists()
        assert still_there == (status != 204), where
        if status == 200:
            body = resource.update(obj) if method == "PUT" else resource.patch
            field, value = next(iter(sorted((k, v) for k, v in body.items() if k not in resource.references)))
            assert response.json()[field] == value, where


def _plan_is(plan, status: str) -> None:
    plan.refresh_from_db()
    assert plan.status == status


#: Questions about one place: its query for a library there, and where each role may ask it (a regency's IPLM is
#: not a librarian's to read; a library's KPI is).
PLACE_QUERY_RECIPES = {
    "/api/v1/iplm/": (
        lambda lib: {"regency": lib.regency_id, "year": 2021},
        {**VISIBLE, **{role: set() for role in LIBRARIANS}},
    ),
    "/api/v1/kpi/": (lambda lib: {"library": lib.pk, "from": "2021-01", "to": "2021-12"}, VISIBLE),
}


def check_place_query(client, path: str, role: str) -> None:
    """A place's answer: 200 where the role may look, 404 elsewhere, 401 without credentials."""
    query, visible = PLACE_QUERY_RECIPES[path]
    for place in PLACES:
        response = client.get(path, query(library_at(place)))
        expected = 401 if role == ANONYMOUS else 200 if place in visible[role] else 404
        assert response.status_code == expected, (path, role, place, response.content[:200])
