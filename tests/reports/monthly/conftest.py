import pytest

from activities.models import Activity, Replication, ServiceSnapshot


@pytest.fixture
def no_demo_returns(db):
    """The demo returns some of Babel's records to their libraries; a test counting reminders of returns
    counts only those it makes."""
    for model in (Activity, ServiceSnapshot, Replication):
        model.objects.filter(verification="returned").update(verification="unverified", return_comment="")
