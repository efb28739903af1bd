"""The user guide outside the window: where it is, or a copy to read in a browser."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ctrdesk.core.i18n import _


def _cmd_guide(args: argparse.Namespace) -> int:
    from ctrdesk.core.guide import export_guide, guide_index

    if args.out is None:
        print(guide_index())
        return 0
    print(export_guide(Path(args.out)))
    return 0


def register(commands: Any) -> None:
    p = commands.add_parser("guide", help=_("the user guide (Help → User guide in the "
                                            "window): its page, or a copy"))
    p.add_argument("--out", metavar="DIR",
                   help=_("copy the guide (its page and pictures) into this folder"))
    p.set_defaults(handler=_cmd_guide)
