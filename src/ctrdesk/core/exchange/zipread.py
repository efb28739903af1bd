"""Reading a package zip with bounded resources, for both package kinds.

The central directory is checked first (no path outside the package, no duplicate name,
not too many members, declared sizes within the caps, no member compressed beyond
reason); then each member is read only when asked for, streaming in chunks and counting
what it really inflates to, so a lying header cannot make memory grow past the caps.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from ctrdesk.core.errors import CtrdeskError
from ctrdesk.core.i18n import _
from ctrdesk.core.safetext import shown

if TYPE_CHECKING:
    from ctrdesk.core.exchange.cms import CmsVerifier

# A period's package is a few JSON files and the PDFs the unit issued (a signed report is
# a few hundred kilobytes): these caps leave ample room and keep one import's memory small.
MAX_PACKAGE_BYTES = 24 * 1024 * 1024  # the package file itself
MAX_UNPACKED_BYTES = 32 * 1024 * 1024  # all members read from one package, inflated
MAX_MEMBER_BYTES = 16 * 1024 * 1024  # one member (a signed PDF), inflated
MAX_JSON_BYTES = 4 * 1024 * 1024  # one JSON member, inflated (typed rows take ~7x that)
MAX_SIGNATURE_BYTES = 1024 * 1024
MAX_RATIO = 200  # a member compressed more than this is a zip bomb
MAX_MEMBERS = 2000
CHUNK = 256 * 1024


class PackageRefused(CtrdeskError):
    exit_code = 7


def refuse(name: str, reason: str) -> PackageRefused:
    return PackageRefused(_("{name} refused: {reason}").format(name=shown(name), reason=reason))



def check_signed_manifest(name: str, manifest: bytes, signature: bytes,
                          roots: list[Any] | CmsVerifier) -> Any:
    """The manifest's detached signature, checked: refused (naming ``name``) unless it
    is intact, valid and from a certificate the workspace trusts (``roots``, or a
    verifier made for them that a batch reuses). Both package kinds, submissions up and
    programs down, go through here."""
    from ctrdesk.core.exchange.cms import CmsVerifier, verify_detached

    try:
        check = roots.verify(manifest, signature) if isinstance(roots, CmsVerifier) \
            else verify_detached(manifest, signature, roots)
    except PackageRefused:
        raise
    except CtrdeskError as exc:
        raise refuse(name, exc.message) from exc
    if not check.intact or not check.valid:
        raise refuse(name, _("the manifest was changed after it was signed"))
    if not check.trusted:
        raise refuse(name, _("it is signed by a certificate this workspace does not trust "
                             "({signer})").format(signer=shown(check.signer)))
    return check

def member_cap(member: str) -> int:
    if member.endswith(".json"):
        return MAX_JSON_BYTES
    if member.endswith(".p7s"):
        return MAX_SIGNATURE_BYTES
    return MAX_MEMBER_BYTES


class BoundedZip:
    """A package's members, checked on opening and read on demand within the caps."""

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        if len(data) > MAX_PACKAGE_BYTES:
            raise refuse(name, _("the file is too large"))
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            members = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
            raise refuse(name, _("not a complete package (damaged or truncated zip)")) from exc
        if len(members) > MAX_MEMBERS:
            raise refuse(name, _("too many files"))
        self._members: dict[str, zipfile.ZipInfo] = {}
        declared = 0
        for member in members:
            path = PurePosixPath(member.filename)
            if member.filename.startswith(("/", "\\")) or ".." in path.parts or \
                    ":" in member.filename or "\\" in member.filename:
                raise refuse(name, _("a file path points outside the package: {path}").format(
                    path=shown(member.filename)))
            if member.filename in self._members:
                raise refuse(name, _("it holds two files named {path}").format(
                    path=shown(member.filename)))
            declared += member.file_size
            if member.file_size > member_cap(member.filename) or \
                    declared > MAX_UNPACKED_BYTES or (
                        member.file_size > 1024 * 1024
                        and member.file_size > MAX_RATIO * max(member.compress_size, 1)):
                raise refuse(name, _("it unpacks to an unreasonable size (zip bomb)"))
            if not member.is_dir():
                self._members[member.filename] = member
        self._read_total = 0

    @property
    def names(self) -> set[str]:
        return set(self._members)

    def read(self, member: str) -> bytes:
        """One member, inflated in chunks and refused as soon as it passes its cap."""
        info = self._members[member]
        cap = min(member_cap(member), info.file_size)
        parts: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as stream:
                while True:
                    chunk = stream.read(CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    self._read_total += len(chunk)
                    if size > cap or self._read_total > MAX_UNPACKED_BYTES:
                        raise refuse(self.name, _("it unpacks to an unreasonable size "
                                                  "(zip bomb)"))
                    parts.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile, ValueError,
                NotImplementedError, RuntimeError, zlib.error) as exc:
            # RuntimeError: an encrypted member; NotImplementedError: an unknown method.
            raise refuse(self.name, _("not a complete package (damaged or truncated zip)")
                         ) from exc
        return b"".join(parts)
