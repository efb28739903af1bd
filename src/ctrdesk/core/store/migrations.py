"""Numbered schema migrations.

Each migration is frozen SQL: once released it never changes, because workspaces in
the field were built by it. A new schema change is a new number at the end of
:data:`MIGRATIONS`; :mod:`ctrdesk.core.store.models` describes the result and a test
checks that both agree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Executor = Callable[[str], object]


def _v1_initial(execute: Executor) -> None:
    for statement in (
        'CREATE TABLE "schema_version" ("version" INTEGER NOT NULL PRIMARY KEY, '
        '"applied_at" DATETIME NOT NULL, "app_version" VARCHAR(255) NOT NULL)',
        'CREATE TABLE "organization" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"uuid" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, '
        '"updated_at" DATETIME NOT NULL, "parent_id" INTEGER, "kind" VARCHAR(255) NOT NULL, '
        '"name" VARCHAR(255) NOT NULL, "abbreviation" VARCHAR(255) NOT NULL, '
        'FOREIGN KEY ("parent_id") REFERENCES "organization" ("id") ON DELETE RESTRICT)',
        'CREATE TABLE "organization_alias" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"uuid" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, '
        '"updated_at" DATETIME NOT NULL, "organization_id" INTEGER NOT NULL, '
        '"name" VARCHAR(255) NOT NULL, FOREIGN KEY ("organization_id") '
        'REFERENCES "organization" ("id") ON DELETE CASCADE)',
        'CREATE TABLE "person" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(255) NOT NULL, '
        '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"organization_id" INTEGER NOT NULL, "full_name" VARCHAR(255) NOT NULL, '
        '"role" VARCHAR(255) NOT NULL, FOREIGN KEY ("organization_id") '
        'REFERENCES "organization" ("id") ON DELETE RESTRICT)',
        'CREATE TABLE "program" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(255) NOT NULL, '
        '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"kind" VARCHAR(255) NOT NULL, "status" VARCHAR(255) NOT NULL, "issuer_id" INTEGER, '
        '"issuer_text" VARCHAR(255) NOT NULL, "superior_text" VARCHAR(255) NOT NULL, '
        '"doc_type" VARCHAR(255) NOT NULL, "summary" TEXT NOT NULL, "preamble" TEXT NOT NULL, '
        '"number" VARCHAR(255) NOT NULL, "issued_on" DATE, "place" VARCHAR(255) NOT NULL, '
        '"signer_authority" VARCHAR(255) NOT NULL, "signer_position" VARCHAR(255) NOT NULL, '
        '"signer_name" VARCHAR(255) NOT NULL, "recipients" TEXT NOT NULL, "parent_id" INTEGER, '
        '"source_filename" VARCHAR(255) NOT NULL, "source_sha256" VARCHAR(255) NOT NULL, '
        '"notes" TEXT NOT NULL, '
        'FOREIGN KEY ("issuer_id") REFERENCES "organization" ("id") ON DELETE RESTRICT, '
        'FOREIGN KEY ("parent_id") REFERENCES "program" ("id") ON DELETE RESTRICT)',
        'CREATE TABLE "program_item" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"uuid" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, '
        '"updated_at" DATETIME NOT NULL, "program_id" INTEGER NOT NULL, "parent_id" INTEGER, '
        '"position" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, '
        '"number" VARCHAR(255) NOT NULL, "title" TEXT NOT NULL, "text" TEXT NOT NULL, '
        '"lead_text" TEXT NOT NULL, "coordinating_text" TEXT NOT NULL, '
        '"implementing_text" TEXT NOT NULL, "units_text" TEXT NOT NULL, '
        '"units_label" VARCHAR(255) NOT NULL, "time_text" VARCHAR(255) NOT NULL, '
        '"time_kind" VARCHAR(255), "time_start" DATE, "time_end" DATE, '
        '"responsible_person_id" INTEGER, "action" TEXT NOT NULL, "deadline" DATE, '
        '"resources" TEXT NOT NULL, "accountable" TEXT NOT NULL, "status" VARCHAR(255) NOT NULL, '
        '"progress" INTEGER NOT NULL, "source_item_id" INTEGER, "extra" TEXT NOT NULL, '
        '"source_lines" TEXT NOT NULL, '
        'FOREIGN KEY ("program_id") REFERENCES "program" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("parent_id") REFERENCES "program_item" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("responsible_person_id") REFERENCES "person" ("id") ON DELETE SET NULL, '
        'FOREIGN KEY ("source_item_id") REFERENCES "program_item" ("id") ON DELETE SET NULL)',
        'CREATE TABLE "item_unit" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"uuid" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, '
        '"updated_at" DATETIME NOT NULL, "item_id" INTEGER NOT NULL, '
        '"organization_id" INTEGER NOT NULL, "role" VARCHAR(255) NOT NULL, '
        '"source_text" VARCHAR(255) NOT NULL, '
        'FOREIGN KEY ("item_id") REFERENCES "program_item" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("organization_id") REFERENCES "organization" ("id") ON DELETE CASCADE)',
        'CREATE TABLE "target" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(255) NOT NULL, '
        '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"program_id" INTEGER NOT NULL, "item_id" INTEGER, "parent_target_id" INTEGER, '
        '"text" TEXT NOT NULL, "op" VARCHAR(255) NOT NULL, "value" REAL NOT NULL, '
        '"max_value" REAL, "unit" VARCHAR(255) NOT NULL, '
        'FOREIGN KEY ("program_id") REFERENCES "program" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("item_id") REFERENCES "program_item" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("parent_target_id") REFERENCES "target" ("id") ON DELETE SET NULL)',
        'CREATE TABLE "target_reading" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"uuid" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, '
        '"updated_at" DATETIME NOT NULL, "target_id" INTEGER NOT NULL, "as_of" DATE NOT NULL, '
        '"numerator" INTEGER, "denominator" INTEGER, "count" INTEGER, "note" TEXT NOT NULL, '
        'FOREIGN KEY ("target_id") REFERENCES "target" ("id") ON DELETE CASCADE)',
        'CREATE TABLE "meeting" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(255) NOT NULL, '
        '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"organization_id" INTEGER, "program_item_id" INTEGER, "kind" VARCHAR(255) NOT NULL, '
        '"title" TEXT NOT NULL, "planned_text" VARCHAR(255) NOT NULL, "planned_start" DATE, '
        '"planned_end" DATE, "held_on" DATE, '
        'FOREIGN KEY ("organization_id") REFERENCES "organization" ("id") ON DELETE RESTRICT, '
        'FOREIGN KEY ("program_item_id") REFERENCES "program_item" ("id") ON DELETE SET NULL)',
        'CREATE TABLE "agenda_item" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"uuid" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, '
        '"updated_at" DATETIME NOT NULL, "meeting_id" INTEGER NOT NULL, "parent_id" INTEGER, '
        '"position" INTEGER NOT NULL, "number" VARCHAR(255) NOT NULL, "text" TEXT NOT NULL, '
        '"preparer_text" VARCHAR(255) NOT NULL, '
        'FOREIGN KEY ("meeting_id") REFERENCES "meeting" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("parent_id") REFERENCES "agenda_item" ("id") ON DELETE CASCADE)',
    ):
        execute(statement)
    for table in (
        "organization", "organization_alias", "person", "program", "program_item",
        "item_unit", "target", "target_reading", "meeting", "agenda_item",
    ):
        execute(f'CREATE UNIQUE INDEX "{table}_uuid" ON "{table}" ("uuid")')
    for table, column in (
        ("organization", "parent_id"),
        ("organization_alias", "organization_id"),
        ("person", "organization_id"),
        ("program", "issuer_id"),
        ("program", "parent_id"),
        ("program", "source_sha256"),
        ("program_item", "program_id"),
        ("program_item", "parent_id"),
        ("program_item", "responsible_person_id"),
        ("program_item", "source_item_id"),
        ("item_unit", "item_id"),
        ("item_unit", "organization_id"),
        ("target", "program_id"),
        ("target", "item_id"),
        ("target", "parent_target_id"),
        ("target_reading", "target_id"),
        ("meeting", "organization_id"),
        ("meeting", "program_item_id"),
        ("agenda_item", "meeting_id"),
        ("agenda_item", "parent_id"),
    ):
        execute(f'CREATE INDEX "{table}_{column}" ON "{table}" ("{column}")')
    execute(
        'CREATE UNIQUE INDEX "item_unit_item_id_organization_id_role" '
        'ON "item_unit" ("item_id", "organization_id", "role")'
    )


def _v2_settings_and_ordering(execute: Executor) -> None:
    """Workspace settings (whose workspace this is), unit ordering, job titles, meeting place."""
    execute(
        'CREATE TABLE "setting" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)'
    )
    execute('ALTER TABLE "organization" ADD COLUMN "position" INTEGER NOT NULL DEFAULT 0')
    execute('ALTER TABLE "person" ADD COLUMN "title" VARCHAR(255) NOT NULL DEFAULT \'\'')
    execute('ALTER TABLE "meeting" ADD COLUMN "place" VARCHAR(255) NOT NULL DEFAULT \'\'')


def _v3_unit_programs(execute: Executor) -> None:
    """Derived unit programs: roles with their evidence, recurring check-ins, progress notes
    and attachments (files kept beside the workspace, named by their SHA-256)."""
    for column, kind in (("role", "VARCHAR(255)"), ("role_evidence", "TEXT"),
                         ("recurrence", "VARCHAR(255)"), ("deadline_text", "VARCHAR(255)")):
        execute(f'ALTER TABLE "program_item" ADD COLUMN "{column}" {kind} NOT NULL DEFAULT \'\'')
    execute(
        'CREATE TABLE "progress_note" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"uuid" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, '
        '"updated_at" DATETIME NOT NULL, "item_id" INTEGER NOT NULL, "noted_on" DATE NOT NULL, '
        '"text" TEXT NOT NULL, "status" VARCHAR(255) NOT NULL, "progress" INTEGER, '
        'FOREIGN KEY ("item_id") REFERENCES "program_item" ("id") ON DELETE CASCADE)'
    )
    execute(
        'CREATE TABLE "attachment" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"uuid" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL, '
        '"updated_at" DATETIME NOT NULL, "sha256" VARCHAR(255) NOT NULL, '
        '"filename" VARCHAR(255) NOT NULL, "size" INTEGER NOT NULL, '
        '"owner_table" VARCHAR(255) NOT NULL, "owner_id" INTEGER NOT NULL, '
        '"note" TEXT NOT NULL)'
    )
    execute('CREATE UNIQUE INDEX "progress_note_uuid" ON "progress_note" ("uuid")')
    execute('CREATE INDEX "progress_note_item_id" ON "progress_note" ("item_id")')
    execute('CREATE UNIQUE INDEX "attachment_uuid" ON "attachment" ("uuid")')
    execute('CREATE INDEX "attachment_owner_table_owner_id" ON "attachment" '
            '("owner_table", "owner_id")')
    execute('CREATE INDEX "attachment_sha256" ON "attachment" ("sha256")')


def _v4_records(execute: Executor) -> None:
    """The committee's records: sessions with attendance and follow-ups, dialogues and
    concerns, inspection and supervision with discipline, ideological issues, ratings, and
    links from any record to the program items it serves."""
    base = ('"id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(255) NOT NULL, '
            '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, ')
    for column in ("chair_id", "recorder_id"):
        execute(f'ALTER TABLE "meeting" ADD COLUMN "{column}" INTEGER '
                'REFERENCES "person" ("id") ON DELETE SET NULL')
    for column, kind, default in (
        ("chair_is_head", "INTEGER", "0"), ("membership", "INTEGER", "0"),
        ("topic", "TEXT", "''"), ("discussion", "TEXT", "''"), ("conclusions", "TEXT", "''"),
        ("status", "VARCHAR(255)", "'planned'"),
    ):
        execute(f'ALTER TABLE "meeting" ADD COLUMN "{column}" {kind} NOT NULL DEFAULT {default}')
    execute('ALTER TABLE "agenda_item" ADD COLUMN "status" VARCHAR(255) NOT NULL DEFAULT \'\'')
    execute(
        f'CREATE TABLE "attendance" ({base}"meeting_id" INTEGER NOT NULL, '
        '"person_id" INTEGER NOT NULL, "present" INTEGER NOT NULL, "reason" TEXT NOT NULL, '
        'FOREIGN KEY ("meeting_id") REFERENCES "meeting" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE RESTRICT)'
    )
    execute(
        f'CREATE TABLE "follow_up" ({base}"owner_table" VARCHAR(255) NOT NULL, '
        '"owner_id" INTEGER NOT NULL, "position" INTEGER NOT NULL, "text" TEXT NOT NULL, '
        '"owner_text" VARCHAR(255) NOT NULL, "deadline" DATE, "status" VARCHAR(255) NOT NULL, '
        '"done_on" DATE)'
    )
    execute(
        f'CREATE TABLE "dialogue" ({base}"organization_id" INTEGER, "held_on" DATE NOT NULL, '
        '"title" TEXT NOT NULL, "participants" TEXT NOT NULL, '
        '"participant_count" INTEGER NOT NULL, "notes" TEXT NOT NULL, '
        'FOREIGN KEY ("organization_id") REFERENCES "organization" ("id") ON DELETE RESTRICT)'
    )
    execute(
        f'CREATE TABLE "concern" ({base}"dialogue_id" INTEGER NOT NULL, '
        '"position" INTEGER NOT NULL, "raised_by_id" INTEGER, "anonymous" INTEGER NOT NULL, '
        '"content" TEXT NOT NULL, "category" VARCHAR(255) NOT NULL, '
        '"answerer" VARCHAR(255) NOT NULL, "answer_due" DATE, "answer" TEXT NOT NULL, '
        '"answered_on" DATE, '
        'FOREIGN KEY ("dialogue_id") REFERENCES "dialogue" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("raised_by_id") REFERENCES "person" ("id") ON DELETE SET NULL)'
    )
    execute(
        f'CREATE TABLE "inspection" ({base}"organization_id" INTEGER, "year" INTEGER NOT NULL, '
        '"mode" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, '
        '"subject" TEXT NOT NULL, "topic" TEXT NOT NULL, "period" VARCHAR(255) NOT NULL, '
        '"planned_start" DATE, "planned_end" DATE, "team" TEXT NOT NULL, '
        '"findings" TEXT NOT NULL, "conclusion" TEXT NOT NULL, "concluded_on" DATE, '
        '"announced_on" DATE, "violations" INTEGER NOT NULL, "status" VARCHAR(255) NOT NULL, '
        'FOREIGN KEY ("organization_id") REFERENCES "organization" ("id") ON DELETE RESTRICT)'
    )
    execute(
        f'CREATE TABLE "disciplinary_measure" ({base}"inspection_id" INTEGER NOT NULL, '
        '"position" INTEGER NOT NULL, "subject_kind" VARCHAR(255) NOT NULL, '
        '"subject" VARCHAR(255) NOT NULL, "measure" VARCHAR(255) NOT NULL, '
        '"decided_on" DATE, '
        'FOREIGN KEY ("inspection_id") REFERENCES "inspection" ("id") ON DELETE CASCADE)'
    )
    execute(
        f'CREATE TABLE "ideological_issue" ({base}"organization_id" INTEGER, '
        '"year" INTEGER NOT NULL, "title" TEXT NOT NULL, "description" TEXT NOT NULL, '
        '"measures" TEXT NOT NULL, "similarity" REAL, "similar_to" TEXT NOT NULL, '
        'FOREIGN KEY ("organization_id") REFERENCES "organization" ("id") ON DELETE RESTRICT)'
    )
    execute(
        f'CREATE TABLE "rating" ({base}"organization_id" INTEGER, "year" INTEGER NOT NULL, '
        '"period" VARCHAR(255) NOT NULL, "subject_kind" VARCHAR(255) NOT NULL, '
        '"person_id" INTEGER, "subject" VARCHAR(255) NOT NULL, "level" VARCHAR(255) NOT NULL, '
        '"note" TEXT NOT NULL, '
        'FOREIGN KEY ("organization_id") REFERENCES "organization" ("id") ON DELETE RESTRICT, '
        'FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE SET NULL)'
    )
    execute(
        f'CREATE TABLE "record_link" ({base}"owner_table" VARCHAR(255) NOT NULL, '
        '"owner_id" INTEGER NOT NULL, "item_id" INTEGER NOT NULL, '
        'FOREIGN KEY ("item_id") REFERENCES "program_item" ("id") ON DELETE CASCADE)'
    )
    for table in ("attendance", "follow_up", "dialogue", "concern", "inspection",
                  "disciplinary_measure", "ideological_issue", "rating", "record_link"):
        execute(f'CREATE UNIQUE INDEX "{table}_uuid" ON "{table}" ("uuid")')
    for table, columns in (
        ("attendance", ("meeting_id",)), ("attendance", ("person_id",)),
        ("follow_up", ("owner_table", "owner_id")), ("dialogue", ("organization_id",)),
        ("dialogue", ("held_on",)), ("concern", ("dialogue_id",)),
        ("concern", ("raised_by_id",)), ("inspection", ("organization_id",)),
        ("inspection", ("year",)), ("disciplinary_measure", ("inspection_id",)),
        ("ideological_issue", ("organization_id",)), ("ideological_issue", ("year",)),
        ("rating", ("organization_id",)), ("rating", ("year",)), ("rating", ("person_id",)),
        ("record_link", ("owner_table", "owner_id")), ("record_link", ("item_id",)),
        ("meeting", ("chair_id",)), ("meeting", ("recorder_id",)), ("meeting", ("held_on",)),
    ):
        name = f"{table}_{'_'.join(columns)}"
        cols = ", ".join(f'"{c}"' for c in columns)
        execute(f'CREATE INDEX "{name}" ON "{table}" ({cols})')


def _v5_documents_and_trust(execute: Executor) -> None:
    """The document register (numbers assigned on issue, never reused; issued documents
    frozen with their PDF's hash) and the trusted root certificates."""
    base = ('"id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(255) NOT NULL, '
            '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, ')
    execute(
        f'CREATE TABLE "document" ({base}"organization_id" INTEGER, '
        '"kind" VARCHAR(255) NOT NULL, "symbol" VARCHAR(255) NOT NULL, '
        '"year" INTEGER NOT NULL, "sequence" INTEGER, "number" VARCHAR(255) NOT NULL, '
        '"status" VARCHAR(255) NOT NULL, "title" TEXT NOT NULL, "source" TEXT NOT NULL, '
        '"content" TEXT NOT NULL, "pdf_sha256" VARCHAR(255) NOT NULL, "issued_on" DATE, '
        '"corrects_id" INTEGER, '
        'FOREIGN KEY ("organization_id") REFERENCES "organization" ("id") ON DELETE RESTRICT, '
        'FOREIGN KEY ("corrects_id") REFERENCES "document" ("id") ON DELETE RESTRICT)'
    )
    execute(
        f'CREATE TABLE "trust_root" ({base}"subject" TEXT NOT NULL, '
        '"sha256" VARCHAR(255) NOT NULL, "der" BLOB NOT NULL)'
    )
    execute('CREATE UNIQUE INDEX "document_uuid" ON "document" ("uuid")')
    execute('CREATE INDEX "document_organization_id" ON "document" ("organization_id")')
    execute('CREATE INDEX "document_corrects_id" ON "document" ("corrects_id")')
    # A number is never given twice for the same issuer, year and kind of document.
    execute('CREATE UNIQUE INDEX "document_number_once" ON "document" '
            '("organization_id", "year", "symbol", "sequence")')
    execute('CREATE UNIQUE INDEX "trust_root_uuid" ON "trust_root" ("uuid")')
    execute('CREATE UNIQUE INDEX "trust_root_sha256" ON "trust_root" ("sha256")')


def _v6_submissions(execute: Executor) -> None:
    """Submissions received from subordinate units (with their history) and the
    certificates each unit signs with."""
    base = ('"id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(255) NOT NULL, '
            '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, ')
    execute(
        f'CREATE TABLE "submission" ({base}"organization_id" INTEGER NOT NULL, '
        '"period" VARCHAR(255) NOT NULL, "created" DATETIME NOT NULL, '
        '"received_at" DATETIME NOT NULL, "manifest_sha256" VARCHAR(255) NOT NULL, '
        '"signer" TEXT NOT NULL, "certificate_sha256" VARCHAR(255) NOT NULL, '
        '"status" VARCHAR(255) NOT NULL, "superseded_by_id" INTEGER, "files" INTEGER NOT NULL, '
        'FOREIGN KEY ("organization_id") REFERENCES "organization" ("id") ON DELETE RESTRICT, '
        'FOREIGN KEY ("superseded_by_id") REFERENCES "submission" ("id") ON DELETE SET NULL)'
    )
    execute(
        f'CREATE TABLE "unit_certificate" ({base}"organization_id" INTEGER NOT NULL, '
        '"sha256" VARCHAR(255) NOT NULL, "subject" TEXT NOT NULL, '
        'FOREIGN KEY ("organization_id") REFERENCES "organization" ("id") ON DELETE CASCADE)'
    )
    execute('CREATE UNIQUE INDEX "submission_uuid" ON "submission" ("uuid")')
    execute('CREATE UNIQUE INDEX "submission_manifest_sha256" ON "submission" '
            '("manifest_sha256")')
    execute('CREATE INDEX "submission_organization_id_period" ON "submission" '
            '("organization_id", "period")')
    execute('CREATE INDEX "submission_superseded_by_id" ON "submission" ("superseded_by_id")')
    execute('CREATE UNIQUE INDEX "unit_certificate_uuid" ON "unit_certificate" ("uuid")')
    execute('CREATE UNIQUE INDEX "unit_certificate_sha256" ON "unit_certificate" ("sha256")')
    execute('CREATE INDEX "unit_certificate_organization_id" ON "unit_certificate" '
            '("organization_id")')


def _v7_submission_rollup(execute: Executor) -> None:
    """A submission from a level that itself consolidates carries its roll-up of the
    units below it, so the chain works at every level."""
    execute('ALTER TABLE "submission" ADD COLUMN "consolidation" TEXT NOT NULL DEFAULT \'\'')


def _v8_signed_documents(execute: Executor) -> None:
    """An issued document keeps its signed PDF too: that is what goes upward."""
    execute('ALTER TABLE "document" ADD COLUMN "signed_sha256" VARCHAR(255) NOT NULL '
            "DEFAULT ''")


def _v9_unit_enrollment_and_ownership(execute: Executor) -> None:
    """Who may speak for a unit and what a unit's packages own.

    A unit certificate keeps its DER and may be retired (key rollover); the trust store
    takes revocation lists; every row a package carries is linked to the submission that
    carried it, so a package may change only rows its own unit's packages created, and a
    newer package of the same period replaces what the older one carried. Rows imported
    before this version are linked to the current package of the unit that holds them."""
    base = ('"id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(255) NOT NULL, '
            '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, ')
    execute('ALTER TABLE "unit_certificate" ADD COLUMN "der" BLOB')
    execute('ALTER TABLE "unit_certificate" ADD COLUMN "retired_on" DATE')
    execute(
        f'CREATE TABLE "revocation_list" ({base}"issuer" TEXT NOT NULL, '
        '"sha256" VARCHAR(255) NOT NULL, "this_update" DATETIME NOT NULL, "der" BLOB NOT NULL)'
    )
    execute('CREATE UNIQUE INDEX "revocation_list_uuid" ON "revocation_list" ("uuid")')
    execute('CREATE UNIQUE INDEX "revocation_list_sha256" ON "revocation_list" ("sha256")')
    execute(
        'CREATE TABLE "received_row" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"submission_id" INTEGER NOT NULL, "owner_table" VARCHAR(255) NOT NULL, '
        '"row_uuid" VARCHAR(255) NOT NULL, '
        'FOREIGN KEY ("submission_id") REFERENCES "submission" ("id") ON DELETE CASCADE)'
    )
    execute('CREATE INDEX "received_row_owner_table_row_uuid" ON "received_row" '
            '("owner_table", "row_uuid")')
    execute('CREATE INDEX "received_row_submission_id" ON "received_row" ("submission_id")')
    # Rows received before ownership was recorded: those of a unit that has sent a package
    # belong to its latest current package.
    latest = ('(SELECT s.id FROM "submission" s WHERE s.organization_id = {org} AND '
              "s.status = 'current' ORDER BY s.created DESC LIMIT 1)")
    for table in ("person", "meeting", "dialogue", "inspection", "ideological_issue",
                  "rating"):
        execute(f'INSERT INTO "received_row" ("submission_id", "owner_table", "row_uuid") '
                f'SELECT {latest.format(org="t.organization_id")}, \'{table}\', t.uuid '
                f'FROM "{table}" t WHERE {latest.format(org="t.organization_id")} IS NOT NULL')
    programs = ('SELECT p.id, p.uuid, p.issuer_id FROM "program" p WHERE p.kind = '
                "'unit_program'")
    execute(f'INSERT INTO "received_row" ("submission_id", "owner_table", "row_uuid") '
            f'SELECT {latest.format(org="p.issuer_id")}, \'program\', p.uuid FROM ({programs}) p '
            f'WHERE {latest.format(org="p.issuer_id")} IS NOT NULL')
    for table, join in (
        ("program_item", 'JOIN "program_item" t ON t.program_id = p.id'),
        ("target", 'JOIN "target" t ON t.program_id = p.id'),
        ("target_reading", 'JOIN "target" g ON g.program_id = p.id '
                           'JOIN "target_reading" t ON t.target_id = g.id'),
    ):
        execute(f'INSERT INTO "received_row" ("submission_id", "owner_table", "row_uuid") '
                f'SELECT {latest.format(org="p.issuer_id")}, \'{table}\', t.uuid '
                f'FROM ({programs}) p {join} WHERE {latest.format(org="p.issuer_id")} IS NOT NULL')
def _v10_terms_and_full_minutes(execute: Executor) -> None:
    """Committee terms (numbers run per term, not per year); minutes that say what real
    ones do (times, guests, speakers, votes)."""
    base = ('"id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(255) NOT NULL, '
            '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, ')
    execute(
        f'CREATE TABLE "term" ({base}"organization_id" INTEGER, "name" VARCHAR(255) NOT NULL, '
        '"start" DATE NOT NULL, "end" DATE NOT NULL, '
        'FOREIGN KEY ("organization_id") REFERENCES "organization" ("id") ON DELETE CASCADE)'
    )
    execute('CREATE UNIQUE INDEX "term_uuid" ON "term" ("uuid")')
    execute('CREATE INDEX "term_organization_id" ON "term" ("organization_id")')
    # The numbering series of a document: its committee term, or (for documents numbered
    # before terms were known) its year, as they were numbered then.
    execute('ALTER TABLE "document" ADD COLUMN "series" VARCHAR(255) NOT NULL DEFAULT \'\'')
    execute('UPDATE "document" SET "series" = CAST("year" AS TEXT) WHERE "sequence" IS NOT NULL')
    execute('DROP INDEX "document_number_once"')
    execute('CREATE UNIQUE INDEX "document_number_once" ON "document" '
            '("organization_id", "series", "symbol", "sequence")')
    for column, kind in (("start_time", "VARCHAR(255) NOT NULL DEFAULT \'\'"),
                         ("end_time", "VARCHAR(255) NOT NULL DEFAULT \'\'"),
                         ("guests", "TEXT NOT NULL DEFAULT \'\'"),
                         ("speakers", "TEXT NOT NULL DEFAULT \'\'"),
                         ("vote_matter", "TEXT NOT NULL DEFAULT \'\'"),
                         ("votes_for", "INTEGER NOT NULL DEFAULT 0"),
                         ("votes_against", "INTEGER NOT NULL DEFAULT 0"),
                         ("votes_abstain", "INTEGER NOT NULL DEFAULT 0")):
        execute(f'ALTER TABLE "meeting" ADD COLUMN "{column}" {kind}')
def _v11_accounts_and_audit(execute: Executor) -> None:
    """Accounts with roles, and the append-only audit trail of every write."""
    execute(
        'CREATE TABLE "account" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(255) NOT NULL, '
        '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"name" VARCHAR(255) NOT NULL, "full_name" VARCHAR(255) NOT NULL, '
        '"role" VARCHAR(255) NOT NULL, "password_hash" VARCHAR(255) NOT NULL, '
        '"active" INTEGER NOT NULL)'
    )
    execute('CREATE UNIQUE INDEX "account_uuid" ON "account" ("uuid")')
    execute('CREATE UNIQUE INDEX "account_name" ON "account" ("name")')
    execute(
        'CREATE TABLE "audit_entry" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"at" DATETIME NOT NULL, "user" VARCHAR(255) NOT NULL, "role" VARCHAR(255) NOT NULL, '
        '"action" VARCHAR(255) NOT NULL, "entity" VARCHAR(255) NOT NULL, "entity_id" INTEGER, '
        '"changes" TEXT NOT NULL, "prev_hash" VARCHAR(255) NOT NULL, '
        '"hash" VARCHAR(255) NOT NULL)'
    )
    execute('CREATE INDEX "audit_entry_entity_entity_id" ON "audit_entry" '
            '("entity", "entity_id")')
    # No command edits the trail: only appending is possible without changing the schema.
    for verb in ("UPDATE", "DELETE"):
        execute(f'CREATE TRIGGER "audit_entry_no_{verb.lower()}" BEFORE {verb} ON '
                '"audit_entry" BEGIN SELECT RAISE(ABORT, \'the audit trail is append-only\'); '
                'END')
def _v12_party_members(execute: Executor) -> None:
    """Party members in full: birth date, gender, admission and official dates, retired,
    and their time in the unit (transferred in from, transferred out to, archived)."""
    for column, kind, default in (
        ("birth_date", "DATE", None), ("gender", "VARCHAR(255)", "''"),
        ("admitted_on", "DATE", None), ("official_on", "DATE", None),
        ("retired", "INTEGER", "0"), ("membership", "VARCHAR(255)", "'active'"),
        ("joined_on", "DATE", None), ("joined_from", "VARCHAR(255)", "''"),
        ("left_on", "DATE", None), ("left_to", "VARCHAR(255)", "''"),
        ("note", "TEXT", "''"),
    ):
        constraint = f" NOT NULL DEFAULT {default}" if default is not None else ""
        execute(f'ALTER TABLE "person" ADD COLUMN "{column}" {kind}{constraint}')
    execute('CREATE INDEX "person_membership" ON "person" ("membership")')


RECEIVED_TABLES = ("person", "program", "program_item", "target", "target_reading", "meeting",
                   "dialogue", "inspection", "ideological_issue", "rating")


def _v13_ownership_on_rows(execute: Executor) -> None:
    """Which unit sent a row is kept on the row (received_from_id), and which rows a
    submission carried on the submission (carried, JSON by table), instead of a row each
    in received_row: a batch of a thousand packages wrote a hundred index entries a
    package there, and checked ownership with a second query per kind of row."""
    for table in RECEIVED_TABLES:
        execute(f'ALTER TABLE "{table}" ADD COLUMN "received_from_id" INTEGER '
                'REFERENCES "organization" ("id") ON DELETE RESTRICT')
        execute(f'UPDATE "{table}" SET "received_from_id" = (SELECT s."organization_id" FROM '
                '"received_row" r JOIN "submission" s ON s."id" = r."submission_id" WHERE '
                f'r."owner_table" = \'{table}\' AND r."row_uuid" = "{table}"."uuid" LIMIT 1)')
    execute('ALTER TABLE "submission" ADD COLUMN "carried" TEXT NOT NULL DEFAULT \'\'')
    execute('UPDATE "submission" SET "carried" = coalesce((SELECT json_group_object('
            't."owner_table", json(t."uuids")) FROM (SELECT r."owner_table", '
            'json_group_array(r."row_uuid") AS "uuids" FROM "received_row" r WHERE '
            'r."submission_id" = "submission"."id" GROUP BY r."owner_table") t), \'\')')
    execute('DROP TABLE "received_row"')


MIGRATIONS: Sequence[Callable[[Executor], None]] = (
    _v1_initial,
    _v2_settings_and_ordering,
    _v3_unit_programs,
    _v4_records,
    _v5_documents_and_trust,
    _v6_submissions,
    _v7_submission_rollup,
    _v8_signed_documents,
    _v9_unit_enrollment_and_ownership,
    _v10_terms_and_full_minutes,
    _v11_accounts_and_audit,
    _v12_party_members,
    _v13_ownership_on_rows,
)

LATEST_VERSION = len(MIGRATIONS)
