from .activity import Activity, ActivityQuerySet, Advocacy, AttachmentLink, Publication, StrategyRecord
from .base import LIBRARY_SCOPE, RECORD_WRITERS, VerifiableRecord
from .events import RecordAction, RecordEvent
from .flags import Flag, FlagCode, FlagReason
from .photos import ActivityPhoto
from .replication import Replication
from .snapshots import ServiceSnapshot
from .stories import SuccessStory
from .trainings import Training

#: Every record type verified on its own, in the order pages list them.
VERIFIABLE_MODELS = (Activity, ServiceSnapshot, Replication)

__all__ = [
    "LIBRARY_SCOPE",
    "RECORD_WRITERS",
    "VERIFIABLE_MODELS",
    "Activity",
    "ActivityPhoto",
    "ActivityQuerySet",
    "Advocacy",
    "AttachmentLink",
    "Flag",
    "FlagCode",
    "FlagReason",
    "Publication",
    "RecordAction",
    "RecordEvent",
    "Replication",
    "ServiceSnapshot",
    "StrategyRecord",
    "SuccessStory",
    "Training",
    "VerifiableRecord",
]
