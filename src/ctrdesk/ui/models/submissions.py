"""Table models of the Submissions page: packages received, and the units of a consolidation."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from ctrdesk.core.i18n import _
from ctrdesk.core.safetext import shown
from ctrdesk.ui.models.table import Column, ListTableModel

if TYPE_CHECKING:
    from ctrdesk.core.exchange.importer import (  # noqa: F401 - base-class string
        FileOutcome,
        ReceivedSubmission,
    )


def status_label(status: str) -> str:
    return {"current": _("In force"), "superseded": _("Superseded"),
            "imported": _("Imported"), "unchanged": _("Already held"),
            "superseded_older": _("Imported, replaces the older package"),
            "refused": _("Refused")}.get(status, status)


def when(value: datetime | None) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if value else ""


class ReceivedModel(ListTableModel["ReceivedSubmission"]):
    def __init__(self, parent: Any = None):
        super().__init__([
            Column(_("Unit"), lambda r: shown(r.unit)),
            Column(_("Period"), lambda r: r.period),
            Column(_("Made on"), lambda r: when(r.created)),
            Column(_("Received on"), lambda r: when(r.received_at)),
            Column(_("Signed by"), lambda r: shown(r.signer)),
            Column(_("Status"), lambda r: status_label(r.status)),
            Column(_("Files"), lambda r: r.files),
        ], parent)


class UnitsModel(ListTableModel[dict[str, Any]]):
    def __init__(self, parent: Any = None):
        super().__init__([
            Column(_("Unit"), lambda u: u["unit"]),
            Column(_("Submitted"), lambda u: _("yes") if u["submitted"] else _("no")),
            Column(_("Made on"), lambda u: when(datetime.fromisoformat(u["created"]))
                   if u["created"] else ""),
            Column(_("On time"), lambda u: "" if u["on_time"] is None else (
                _("yes") if u["on_time"] else _("late"))),
            Column(_("Overdue items"), lambda u: u["overdue"]),
            Column(_("Thematic sessions chaired by the head"), lambda u: u["thematic"]),
        ], parent)
