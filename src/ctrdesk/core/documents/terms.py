"""The committee's terms (nhiệm kỳ): Party document numbers run per document type and per
issuing committee over a term, and restart at 01 when a new term begins."""

from __future__ import annotations

from datetime import date
from typing import Any

from ctrdesk.core.errors import ValidationError
from ctrdesk.core.i18n import _, format_short_date
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import Document as DocumentRow
from ctrdesk.core.store.models import Term


def add_term(ws: Workspace, start: date, end: date, name: str = "",
             organization: int | None = None) -> int:
    """A term of the committee of ``organization`` (the workspace's own unit by default).
    Terms of one committee never overlap. Documents already numbered in the term's span
    join its series, as long as no number would then be given twice."""
    from ctrdesk.core.organizations import own_organization

    if end < start:
        raise ValidationError(_("A term ends after it starts."), field="end")
    if organization is None:
        own = own_organization(ws)
        organization = own.id if own else None
    name = " ".join(name.split()) or f"{start.year}-{end.year}"
    with ws.writing("term.add"):
        for other in Term.select().where(Term.organization == organization):
            if other.start <= end and start <= other.end:
                raise ValidationError(_("The term overlaps the term {name} ({start} – {end})."
                                        ).format(name=other.name,
                                                 start=format_short_date(other.start),
                                                 end=format_short_date(other.end)),
                                      field="start")
        term = Term.create(organization=organization, name=name, start=start, end=end)
        numbered = list(DocumentRow.select().where(
            (DocumentRow.organization == organization) & DocumentRow.sequence.is_null(False)
            & (DocumentRow.issued_on >= start) & (DocumentRow.issued_on <= end)))
        seen: set[tuple[str, int | None]] = set()
        for row in numbered:
            key = (row.symbol, row.sequence)
            if key in seen:
                raise ValidationError(_("Number {number} was given twice in this term's span; "
                                        "a term cannot cover both.").format(number=row.number),
                                      field="start")
            seen.add(key)
        for row in numbered:
            row.series = series_key(term)
            row.save()
        return int(term.id)


def series_key(term: Term) -> str:
    return f"term:{term.id}"


def term_on(ws: Workspace, organization: int | None, on: date) -> Term | None:
    with ws.reading():
        return Term.get_or_none((Term.organization == organization) & (Term.start <= on)
                                & (Term.end >= on))


def list_terms(ws: Workspace, organization: int | None = None) -> list[dict[str, Any]]:
    with ws.reading():
        query = Term.select().order_by(Term.start)
        if organization is not None:
            query = query.where(Term.organization == organization)
        return [{"id": t.id, "name": t.name, "start": t.start.isoformat(),
                 "end": t.end.isoformat(), "organization": t.organization_id}  # type: ignore[attr-defined]
                for t in query]


def series_of(ws: Workspace, organization: int | None, on: date) -> tuple[str, str]:
    """The numbering series of a document issued on ``on`` and the term's name. Without a
    term covering the date, numbers run on in one series of the issuer (never reused);
    the register then says no term is set."""
    term = term_on(ws, organization, on)
    if term is None:
        return "", ""
    return series_key(term), term.name
