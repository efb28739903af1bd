"""The one schema of a ctrdesk workspace, as peewee models.

Tables are created and changed only by the numbered migrations in
:mod:`ctrdesk.core.store.migrations`; a test checks that both agree. Models are
bound to a database by :class:`~ctrdesk.core.store.workspace.Workspace`, never globally.

Every row has a stable ``uuid`` besides its integer key: packages moving between
workstations merge and re-import by UUID.
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from peewee import (
    AutoField,
    BlobField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


def tuples(query: Any) -> list[tuple[Any, ...]]:
    """The rows of a select as plain tuples (peewee's type hints do not model .tuples())."""
    return list(query.tuples())


def new_uuid() -> str:
    """A new row's UUID, time-ordered (RFC 9562 version 7): 48 bits of Unix time in
    milliseconds, then 74 random bits.

    Rows made together (a program's items, a meeting's attendance) get neighbouring
    UUIDs, so each UUID index takes them on one or two B-tree pages instead of one random
    page per row: the upper level stores a thousand packages a batch, and random UUIDs
    made every package touch hundreds of pages. Ids stay unguessable enough for what they
    are (identifiers, never secrets) and unique across workstations."""
    random_bits = int.from_bytes(os.urandom(10), "big")  # 80 bits, 74 used
    value = ((time.time_ns() // 1_000_000) << 80 | 0x7 << 76
             | (random_bits >> 62 & 0xFFF) << 64 | 0b10 << 62 | random_bits & (1 << 62) - 1)
    return str(uuid.UUID(int=value))


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class _Inherited:
    """A field every model inherits from BaseModel: peewee deep-copies each inherited field
    into each model it defines (~40 calls of deepcopy a field, a hundred fields when the
    store is imported at start). Their attributes are all immutable (numbers, names, the
    default function, the model class), so a copy of the attributes is the same copy."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        return copy


if TYPE_CHECKING:  # to readers (and peewee's stubs) they are peewee's fields
    _KeyField, _UuidField, _TimeField = AutoField, CharField, DateTimeField
else:
    class _KeyField(_Inherited, AutoField):
        pass

    class _UuidField(_Inherited, CharField):
        pass

    class _TimeField(_Inherited, DateTimeField):
        pass


class BaseModel(Model):
    id = _KeyField()
    uuid = _UuidField(unique=True, default=new_uuid)
    created_at = _TimeField(default=utc_now)
    updated_at = _TimeField(default=utc_now)

    class Meta:
        legacy_table_names = False


class SchemaVersion(Model):
    """One row per applied migration: the highest ``version`` is the schema of the file."""

    version = IntegerField(primary_key=True)
    applied_at = DateTimeField(default=utc_now)
    app_version = CharField()

    class Meta:
        table_name = "schema_version"


class Setting(Model):
    """Workspace-wide settings, e.g. which organization this workspace belongs to."""

    key = CharField(primary_key=True)
    value = TextField()

    class Meta:
        table_name = "setting"


# --- organizations and people -------------------------------------------------

ORGANIZATION_KINDS = (
    "party_committee",  # Đảng bộ / Đảng ủy at the top of a tree
    "grassroots_committee",  # đảng ủy cơ sở trực thuộc
    "branch_committee",  # chi ủy
    "branch",  # chi bộ
    "provincial_committee",  # Đảng ủy VKSND tỉnh, thành phố
    "advisory_body",  # Ban Tổ chức, Ủy ban Kiểm tra, Văn phòng Đảng ủy ...
    "group",  # a named group of units used in programs ("đảng ủy VKSND tỉnh, thành phố")
)


class Organization(BaseModel):
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="RESTRICT")
    kind = CharField()
    name = CharField()
    abbreviation = CharField(default="")  # issuer part of document symbols: "CB", "ĐU"
    position = IntegerField(default=0)

    class Meta:
        table_name = "organization"


def _received_from() -> Any:
    """The unit whose packages brought a row to this (upper-level) workspace; none for the
    workspace's own data. A package may only create rows, or update those its own unit's
    packages brought (see core/exchange/ownership.py)."""
    return ForeignKeyField(Organization, null=True, index=False, backref="+",
                           on_delete="RESTRICT")


class OrganizationAlias(BaseModel):
    """Other names of a unit in documents: "Chi ủy Vụ 14", "Chi bộ Vụ 14", "Vụ 14"."""

    organization = ForeignKeyField(Organization, backref="aliases", on_delete="CASCADE")
    name = CharField()

    class Meta:
        table_name = "organization_alias"


# The position in the committee (chi ủy); "head" is the head of the agency unit.
PERSON_ROLES = ("secretary", "deputy_secretary", "committee_member", "member", "head")
GENDERS = ("male", "female")
# active: in the unit now; transferred_out: moved to another unit; archived: no longer
# followed (kept because records name them).
MEMBERSHIPS = ("active", "transferred_out", "archived")


class Person(BaseModel):
    """A Party member of a unit (or a person named by records)."""

    organization = ForeignKeyField(Organization, backref="people", on_delete="RESTRICT")
    full_name = CharField()
    role = CharField(default="member")
    title = CharField(default="")  # position in the agency (chức vụ), free text
    birth_date = DateField(null=True)
    gender = CharField(default="")
    admitted_on = DateField(null=True)  # ngày vào Đảng
    official_on = DateField(null=True)  # ngày chính thức; none while probationary
    retired = BooleanField(default=False)
    membership = CharField(default="active", index=True)
    joined_on = DateField(null=True)  # transferred in on
    joined_from = CharField(default="")
    left_on = DateField(null=True)  # transferred out or archived on
    left_to = CharField(default="")
    note = TextField(default="")
    received_from = _received_from()

    class Meta:
        table_name = "person"


# --- programs -----------------------------------------------------------------

PROGRAM_KINDS = ("action_program", "work_program", "plan", "inspection_program", "unit_program")
PROGRAM_STATUSES = ("draft", "issued")


class Program(BaseModel):
    kind = CharField()
    status = CharField(default="draft")
    issuer = ForeignKeyField(Organization, null=True, backref="programs", on_delete="RESTRICT")
    issuer_text = CharField(default="")
    superior_text = CharField(default="")
    doc_type = CharField(default="")  # "CHƯƠNG TRÌNH HÀNH ĐỘNG"
    summary = TextField(default="")  # the summary line under the type (trích yếu)
    preamble = TextField(default="")  # the opening paragraphs, before section I
    number = CharField(default="")  # "05-CTr/ĐU"
    issued_on = DateField(null=True)
    place = CharField(default="")
    signer_authority = CharField(default="")  # "T/M ĐẢNG ỦY"
    signer_position = CharField(default="")  # "BÍ THƯ"
    signer_name = CharField(default="")
    recipients = TextField(default="[]")  # JSON list of lines
    parent = ForeignKeyField("self", null=True, backref="derived", on_delete="RESTRICT")
    source_filename = CharField(default="")
    source_sha256 = CharField(default="", index=True)
    notes = TextField(default="[]")  # JSON: lines kept beside the recipients etc.
    received_from = _received_from()

    class Meta:
        table_name = "program"


ITEM_KINDS = ("section", "appendix", "item", "target", "meeting", "agenda", "paragraph")
ITEM_STATUSES = ("not_started", "in_progress", "done", "overdue", "cancelled")
TIME_KINDS = (
    "regular", "by_plan", "date", "week", "month", "quarter", "half", "year", "range", "other",
)


class ProgramItem(BaseModel):
    program = ForeignKeyField(Program, backref="items", on_delete="CASCADE")
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="CASCADE")
    position = IntegerField(default=0)  # order among siblings
    kind = CharField()
    number = CharField(default="")  # "III", "1.2", "a", "PHỤ LỤC 2"
    title = TextField(default="")
    text = TextField(default="")
    # Units as the document wrote them; the resolved organizations are in ItemUnit.
    lead_text = TextField(default="")
    coordinating_text = TextField(default="")
    implementing_text = TextField(default="")
    units_text = TextField(default="")  # the whole unit phrase as the document wrote it
    units_label = CharField(default="")  # implementing / advising
    time_text = CharField(default="")
    time_kind = CharField(null=True)
    time_start = DateField(null=True)
    time_end = DateField(null=True)
    # The five "05 rõ" fields of a unit program.
    responsible_person = ForeignKeyField(Person, null=True, on_delete="SET NULL")
    action = TextField(default="")
    deadline = DateField(null=True)
    resources = TextField(default="")
    accountable = TextField(default="")
    status = CharField(default="not_started")
    progress = IntegerField(default=0)  # percent, 0-100
    source_item = ForeignKeyField(  # the parent program's item this one implements
        "self", null=True, backref="implementations", on_delete="SET NULL"
    )
    extra = TextField(default="[]")  # JSON: labelled lines kept verbatim
    source_lines = TextField(default="[]")  # JSON: line numbers in the imported document
    # In a unit program: what the unit does in the parent item, and the words that said so.
    role = CharField(default="")  # lead, coordinating, implementing, suggested
    role_evidence = TextField(default="")
    recurrence = CharField(default="")  # a regular task's check-in: monthly, quarterly, ...
    deadline_text = CharField(default="")  # a deadline given as a period ("Quý II/2026")
    received_from = _received_from()

    class Meta:
        table_name = "program_item"


UNIT_ROLES = ("lead", "coordinating", "implementing")


class ItemUnit(BaseModel):
    """An organization resolved from an item's unit text, with the role it plays."""

    item = ForeignKeyField(ProgramItem, backref="units", on_delete="CASCADE")
    organization = ForeignKeyField(Organization, backref="item_roles", on_delete="CASCADE")
    role = CharField()
    source_text = CharField(default="")  # the words that named it

    class Meta:
        table_name = "item_unit"
        indexes = ((("item", "organization", "role"), True),)


THRESHOLD_OPS = ("=", ">", ">=", "<", "<=", "range")
TARGET_UNITS = ("percent", "count")


class Target(BaseModel):
    program = ForeignKeyField(Program, backref="targets", on_delete="CASCADE")
    item = ForeignKeyField(ProgramItem, null=True, backref="targets", on_delete="CASCADE")
    parent_target = ForeignKeyField("self", null=True, backref="derived", on_delete="SET NULL")
    text = TextField(default="")
    op = CharField(default=">=")
    value = FloatField()
    max_value = FloatField(null=True)  # upper bound when op is "range"
    unit = CharField(default="percent")
    received_from = _received_from()

    class Meta:
        table_name = "target"


class TargetReading(BaseModel):
    target = ForeignKeyField(Target, backref="readings", on_delete="CASCADE")
    as_of = DateField()
    numerator = IntegerField(null=True)
    denominator = IntegerField(null=True)
    count = IntegerField(null=True)
    note = TextField(default="")
    received_from = _received_from()

    class Meta:
        table_name = "target_reading"


class ProgressNote(BaseModel):
    """A dated note on a unit program item: what was done, with the status and progress then."""

    item = ForeignKeyField(ProgramItem, backref="notes", on_delete="CASCADE")
    noted_on = DateField()
    text = TextField(default="")
    status = CharField(default="")
    progress = IntegerField(null=True)

    class Meta:
        table_name = "progress_note"


class Attachment(BaseModel):
    """A file attached to a record; the bytes live in <workspace>.files/ named by SHA-256."""

    sha256 = CharField(index=True)
    filename = CharField()
    size = IntegerField()
    owner_table = CharField()  # e.g. "progress_note", "program_item"
    owner_id = IntegerField()
    note = TextField(default="")

    class Meta:
        table_name = "attachment"
        indexes = ((("owner_table", "owner_id"), False),)


MEETING_KINDS = ("regular", "thematic", "standing", "extraordinary")


class Meeting(BaseModel):
    organization = ForeignKeyField(
        Organization, null=True, backref="meetings", on_delete="RESTRICT"
    )
    program_item = ForeignKeyField(
        ProgramItem, null=True, backref="meetings", on_delete="SET NULL"
    )
    kind = CharField(default="regular")
    title = TextField(default="")
    planned_text = CharField(default="")
    planned_start = DateField(null=True)
    planned_end = DateField(null=True)
    held_on = DateField(null=True, index=True)
    place = CharField(default="")
    chair = ForeignKeyField(Person, null=True, backref="chaired", on_delete="SET NULL")
    chair_is_head = BooleanField(default=False)  # the head of the unit chaired it
    recorder = ForeignKeyField(Person, null=True, backref="recorded", on_delete="SET NULL")
    membership = IntegerField(default=0)  # members expected, for the quorum
    topic = TextField(default="")
    discussion = TextField(default="")
    conclusions = TextField(default="")
    status = CharField(default="planned")  # planned, held, cancelled
    start_time = CharField(default="")  # "08 giờ 00"
    end_time = CharField(default="")
    guests = TextField(default="")  # invited guests, one a line
    speakers = TextField(default="")  # "Name: what they said", one a line
    vote_matter = TextField(default="")  # what was put to the vote
    votes_for = IntegerField(default=0)  # counted only when vote_matter is given
    votes_against = IntegerField(default=0)
    votes_abstain = IntegerField(default=0)
    received_from = _received_from()

    class Meta:
        table_name = "meeting"


class AgendaItem(BaseModel):
    meeting = ForeignKeyField(Meeting, backref="agenda", on_delete="CASCADE")
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="CASCADE")
    position = IntegerField(default=0)
    number = CharField(default="")
    text = TextField()
    preparer_text = CharField(default="")
    status = CharField(default="")

    class Meta:
        table_name = "agenda_item"


class Attendance(BaseModel):
    meeting = ForeignKeyField(Meeting, backref="attendance", on_delete="CASCADE")
    person = ForeignKeyField(Person, backref="attendances", on_delete="RESTRICT")
    present = BooleanField(default=True)
    reason = TextField(default="")

    class Meta:
        table_name = "attendance"


class FollowUp(BaseModel):
    """A follow-up action of a meeting or a recommendation of an inspection."""

    owner_table = CharField()
    owner_id = IntegerField()
    position = IntegerField(default=0)
    text = TextField()
    owner_text = CharField(default="")  # who must act
    deadline = DateField(null=True)
    status = CharField(default="open")  # open, done, dropped
    done_on = DateField(null=True)

    class Meta:
        table_name = "follow_up"
        indexes = ((("owner_table", "owner_id"), False),)


class Dialogue(BaseModel):
    organization = ForeignKeyField(Organization, null=True, on_delete="RESTRICT")
    held_on = DateField(index=True)
    title = TextField(default="")
    participants = TextField(default="")
    participant_count = IntegerField(default=0)
    notes = TextField(default="")
    received_from = _received_from()

    class Meta:
        table_name = "dialogue"


class Concern(BaseModel):
    dialogue = ForeignKeyField(Dialogue, backref="concerns", on_delete="CASCADE")
    position = IntegerField(default=0)
    raised_by = ForeignKeyField(Person, null=True, on_delete="SET NULL")
    anonymous = BooleanField(default=False)
    content = TextField()
    category = CharField(default="")
    answerer = CharField(default="")
    answer_due = DateField(null=True)
    answer = TextField(default="")
    answered_on = DateField(null=True)

    class Meta:
        table_name = "concern"


class Inspection(BaseModel):
    organization = ForeignKeyField(Organization, null=True, on_delete="RESTRICT")
    year = IntegerField(index=True)
    mode = CharField(default="inspection")  # inspection, supervision
    kind = CharField(default="regular")  # regular, thematic, signs_of_violation
    subject = TextField(default="")
    topic = TextField(default="")
    period = CharField(default="")
    planned_start = DateField(null=True)
    planned_end = DateField(null=True)
    team = TextField(default="")
    findings = TextField(default="")
    conclusion = TextField(default="")
    concluded_on = DateField(null=True)
    announced_on = DateField(null=True)
    violations = IntegerField(default=0)
    status = CharField(default="planned")  # planned, in_progress, concluded
    received_from = _received_from()

    class Meta:
        table_name = "inspection"


class DisciplinaryMeasure(BaseModel):
    inspection = ForeignKeyField(Inspection, backref="measures", on_delete="CASCADE")
    position = IntegerField(default=0)
    subject_kind = CharField(default="member")  # member, organization
    subject = CharField()
    measure = CharField()  # reprimand, warning, dismissal, expulsion
    decided_on = DateField(null=True)

    class Meta:
        table_name = "disciplinary_measure"


class IdeologicalIssue(BaseModel):
    organization = ForeignKeyField(Organization, null=True, on_delete="RESTRICT")
    year = IntegerField(index=True)
    title = TextField(default="")
    description = TextField(default="")
    measures = TextField(default="")
    similarity = FloatField(null=True)  # the highest score found when it was saved
    similar_to = TextField(default="")  # what it resembled (unit, year, title)
    received_from = _received_from()

    class Meta:
        table_name = "ideological_issue"


class Rating(BaseModel):
    organization = ForeignKeyField(Organization, null=True, on_delete="RESTRICT")
    year = IntegerField(index=True)
    period = CharField(default="year")  # year, Q1..Q4 (leaders are rated quarterly)
    subject_kind = CharField(default="member")  # member, leader, organization
    person = ForeignKeyField(Person, null=True, on_delete="SET NULL")
    subject = CharField(default="")  # the name, as rated
    level = CharField()  # excellent, good, complete, incomplete
    note = TextField(default="")
    received_from = _received_from()

    class Meta:
        table_name = "rating"


class RecordLink(BaseModel):
    """A record serves a program item (a session for a task, a rating for a target)."""

    owner_table = CharField()
    owner_id = IntegerField()
    item = ForeignKeyField(ProgramItem, backref="records", on_delete="CASCADE")

    class Meta:
        table_name = "record_link"
        indexes = ((("owner_table", "owner_id"), False),)


class Document(BaseModel):
    """The register: a document's number is given when it is issued and never again."""

    organization = ForeignKeyField(Organization, null=True, on_delete="RESTRICT")
    kind = CharField()  # program, report, minutes, notice
    symbol = CharField()  # CTr, BC, BB, TB
    year = IntegerField()
    sequence = IntegerField(null=True)  # None while a draft
    number = CharField(default="")  # "03-BC/CB"
    status = CharField(default="draft")  # draft, issued
    title = TextField(default="")
    source = TextField(default="{}")  # JSON: what it was made from (program, period, record)
    content = TextField(default="{}")  # JSON: the document as it will be (narratives edited)
    pdf_sha256 = CharField(default="")  # the frozen PDF of an issued document
    issued_on = DateField(null=True)
    corrects = ForeignKeyField("self", null=True, backref="corrections", on_delete="RESTRICT")
    # The same PDF with its signatures appended (incremental updates), once signed.
    signed_sha256 = CharField(default="")
    # The numbering series: the committee term's key ("2025-2030"), or the year for
    # documents numbered before terms were known. A number is unique within its series.
    series = CharField(default="")

    class Meta:
        table_name = "document"
        indexes = ((("organization", "series", "symbol", "sequence"), True),)


class Term(BaseModel):
    """A committee's term (nhiệm kỳ): document numbers run over it and restart with the
    next one."""

    organization = ForeignKeyField(Organization, null=True, on_delete="CASCADE")
    name = CharField()  # "2025-2030"
    start = DateField()
    end = DateField()

    class Meta:
        table_name = "term"


class TrustRoot(BaseModel):
    subject = TextField()
    sha256 = CharField(unique=True)
    der = BlobField()

    class Meta:
        table_name = "trust_root"


class Submission(BaseModel):
    """A package received from a subordinate unit; a newer one for the same unit and
    period supersedes it (kept as history)."""

    organization = ForeignKeyField(Organization, on_delete="RESTRICT")
    period = CharField()
    created = DateTimeField()  # when the unit made the package
    received_at = DateTimeField(default=utc_now)
    manifest_sha256 = CharField(unique=True)
    signer = TextField(default="")
    certificate_sha256 = CharField(default="")
    status = CharField(default="current")  # current, superseded
    superseded_by = ForeignKeyField("self", null=True, on_delete="SET NULL")
    files = IntegerField(default=0)
    # JSON: the sender's own roll-up of its subordinate units, when it has any.
    consolidation = TextField(default="")
    # JSON: the UUIDs of the rows it carried, by table ({"person": [...], ...}): what a
    # newer package for the same unit and period replaces.
    carried = TextField(default="")

    class Meta:
        table_name = "submission"
        indexes = ((("organization", "period"), False),)


class UnitCertificate(BaseModel):
    """A certificate enrolled to sign a subordinate unit's submissions; a retired one
    signs nothing made on or after ``retired_on`` (key rollover)."""

    organization = ForeignKeyField(Organization, on_delete="CASCADE")
    sha256 = CharField(unique=True)
    subject = TextField(default="")
    der = BlobField(null=True)
    retired_on = DateField(null=True)

    class Meta:
        table_name = "unit_certificate"


class RevocationList(BaseModel):
    """A certificate revocation list (CRL) carried in by hand, kept in the trust store."""

    issuer = TextField()
    sha256 = CharField(unique=True)
    this_update = DateTimeField()
    der = BlobField()

    class Meta:
        table_name = "revocation_list"


# --- people who use the workspace, and what they did ----------------------------------

class Account(BaseModel):
    """Someone who signs in to this workspace, with a role (see core/security/roles.py).
    The password is kept only as an argon2id hash."""

    name = CharField(unique=True)
    full_name = CharField(default="")
    role = CharField()
    password_hash = CharField()
    active = BooleanField(default=True)

    class Meta:
        table_name = "account"


class AuditEntry(Model):
    """One committed write: who, when, through which action, and what changed. Entries are
    only ever appended (triggers refuse UPDATE and DELETE); each one's ``hash`` covers its
    content and the previous entry's hash, so an edit by hand breaks the chain."""

    id = AutoField()
    at = DateTimeField()
    user = CharField()
    role = CharField()
    action = CharField()
    entity = CharField()
    entity_id = IntegerField(null=True)
    changes = TextField()
    prev_hash = CharField()
    hash = CharField()

    class Meta:
        table_name = "audit_entry"
        indexes = ((("entity", "entity_id"), False),)


ALL_MODELS: tuple[type[Model], ...] = (
    SchemaVersion,
    Setting,
    Organization,
    OrganizationAlias,
    Person,
    Program,
    ProgramItem,
    ItemUnit,
    Target,
    TargetReading,
    Meeting,
    AgendaItem,
    ProgressNote,
    Attachment,
    Attendance,
    FollowUp,
    Dialogue,
    Concern,
    Inspection,
    DisciplinaryMeasure,
    IdeologicalIssue,
    Rating,
    RecordLink,
    Document,
    TrustRoot,
    Submission,
    UnitCertificate,
    RevocationList,
    Term,
    Account,
    AuditEntry,
)
