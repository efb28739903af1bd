"""Table models of the Submissions page: packages received, and the units of a consolidation."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from ctrdesk.core.i18n import _
from ctrdesk.core.safetext import shown
from ctrdesk.core.vocabulary import submission_status_label
from ctrdesk.ui.models.table import Column, ListTableModel

if TYPE_CHECKING:
    from ctrdesk.core.exchange.consolidation import UnitStanding  # noqa: F401 - base-class string
    from ctrdesk.core.exchange.importer import (  # noqa: F401 - base-class string
        FileOutcome,
        ReceivedSubmission,
    )


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
            Column(_("Status"), lambda r: submission_status_label(r.status)),
            Column(_("Files"), lambda r: r.files),
        ], parent)


class UnitsModel(ListTableModel["UnitStanding"]):
    def __init__(self, parent: Any = None):
        super().__init__([
            Column(_("Unit"), lambda u: u.submission.unit),
            Column(_("Submitted"), lambda u: _("yes") if u.submission.submitted else _("no")),
            Column(_("Made on"), lambda u: when(datetime.fromisoformat(u.submission.created))
                   if u.submission.created else ""),
            Column(_("On time"), lambda u: "" if u.submission.on_time is None else (
                _("yes") if u.submission.on_time else _("late"))),
            Column(_("Overdue items"), lambda u: "" if u.overdue is None else u.overdue),
            Column(_("Thematic sessions chaired by the head"),
                   lambda u: "" if u.thematic is None else u.thematic),
        ], parent)
