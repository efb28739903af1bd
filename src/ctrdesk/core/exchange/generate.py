"""Synthetic submissions for tests, demos and benchmarks.

``generate(N, period, out)`` writes ``out/parent.sqlite`` — a parent workspace that knows N
units, holds the seed action program, trusts a test CA and has each unit's certificate enrolled —
and one signed ``.ctrsub`` per unit that submitted: realistic people, roles derived from
the program, statuses, readings and records; some units late, some missing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import new_uuid

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô")
MIDDLE = ("Văn", "Thị", "Minh", "Thu", "Quốc", "Hữu", "Ngọc", "Đức")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Hà", "Hải", "Lan", "Long", "Mai", "Nam", "Phong",
         "Quân", "Tâm", "Thảo", "Trung", "Việt")
ISSUES = (
    "Ngại khó khi được điều động, luân chuyển công tác về đơn vị xa trung tâm",
    "Áp lực khối lượng công việc tăng cao sau khi sắp xếp tổ chức bộ máy",
    "Tâm lý e dè khi góp ý, phê bình trong sinh hoạt chi bộ",
    "Lo lắng về chế độ, chính sách khi tinh giản biên chế",
    "Một bộ phận đảng viên trẻ chưa thật sự tâm huyết với công tác đảng",
)


DETAILS = (
    "nhất là ở bộ phận {part}", "do {cause}", "biểu hiện qua {sign}",
    "chi ủy đã {action}", "cần tiếp tục {next}",
)
PARTS = ("văn phòng", "kiểm sát hình sự", "kiểm sát dân sự", "thống kê tội phạm",
         "thanh tra", "tổ chức cán bộ", "kế hoạch tài chính")
CAUSES = ("khối lượng án tăng", "thiếu biên chế", "thay đổi vị trí việc làm",
          "chưa quen quy trình mới", "hoàn cảnh gia đình khó khăn")
SIGNS = ("ngại phát biểu trong sinh hoạt", "xin chuyển công tác", "chậm tiến độ hồ sơ",
         "ít tham gia phong trào", "tâm lý chờ đợi")
ACTIONS = ("gặp gỡ, động viên từng đồng chí", "phân công đảng viên giúp đỡ",
           "điều chỉnh phân công nhiệm vụ", "báo cáo cấp ủy cấp trên")
NEXTS = ("theo dõi diễn biến tư tưởng", "tổ chức đối thoại định kỳ",
         "kiến nghị chế độ hỗ trợ", "đánh giá lại sau quý")
# One unit in ten copies the same wording as others: what the near-identical check flags.
TEMPLATE_DESCRIPTION = ("Một số đồng chí còn tâm lý lo lắng, chưa yên tâm công tác; chi ủy đã "
                        "nắm bắt, trao đổi và định hướng kịp thời.")


def issue_description(rng: random.Random, unit: str) -> str:
    if rng.random() < 0.1:
        return TEMPLATE_DESCRIPTION
    pools = {"part": PARTS, "cause": CAUSES, "sign": SIGNS, "action": ACTIONS,
             "next": NEXTS}
    details = [d.format(**{k: rng.choice(v) for k, v in pools.items()})
               for d in rng.sample(DETAILS, 3)]
    return f"Tại {unit}, {', '.join(details)}; {rng.randint(1, 6)} đồng chí liên quan."


@dataclass
class UnitKey:
    certificate: Any  # cryptography certificate
    key: Any  # cryptography private key


def make_ca(folder: Path) -> tuple[Any, Any]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CA thử nghiệm ctrdesk")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=400))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False,
                                         False), True)
            .sign(key, hashes.SHA256()))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ca.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


def unit_key(ca_key: Any, ca_cert: Any, name: str) -> UnitKey:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
            .issuer_name(ca_cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=400))
            .not_valid_after(now + dt.timedelta(days=730))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False,
                                         False), True)
            .sign(ca_key, hashes.SHA256()))
    return UnitKey(cert, key)


def signer_for(unit: UnitKey, ca_cert: Any) -> Callable[[bytes], bytes]:
    from asn1crypto import keys, x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = unit.key.private_bytes(serialization.Encoding.DER,
                                 serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption())
    signer = SimpleSigner(
        signing_cert=x509.Certificate.load(unit.certificate.public_bytes(
            serialization.Encoding.DER)),
        signing_key=keys.PrivateKeyInfo.load(der),
        cert_registry=SimpleCertificateStore.from_certs([x509.Certificate.load(
            ca_cert.public_bytes(serialization.Encoding.DER))]))

    def sign(data: bytes) -> bytes:
        return bytes(asyncio.run(signer.async_sign_general_data(data, "sha256",
                                                                detached=True)).dump())

    return sign


def reading_history(rng: random.Random, reading: dict[str, Any], span: Any
                     ) -> list[dict[str, Any]]:
    """The readings a unit sends for a target: usually the period's end; sometimes an
    earlier one beside it, one dated after the period, or none yet."""
    draw = rng.random()
    if draw < 0.06:
        return []
    readings = [reading]
    if draw < 0.25:
        earlier = {**reading, "uuid": new_uuid(),
                   "as_of": (span.start + dt.timedelta(days=20)).isoformat()}
        if earlier["count"] is not None:
            earlier["count"] = max(0, earlier["count"] - 1)
        elif earlier["numerator"]:
            earlier["numerator"] -= 1
        readings.insert(0, earlier)
    elif draw < 0.32:
        later = {**reading, "uuid": new_uuid(),
                 "as_of": (span.end + dt.timedelta(days=3)).isoformat()}
        later["count"] = None if later["count"] is None else later["count"] + 5
        readings.append(later)
    return readings


def add_variety(rng: random.Random, records: dict[str, list[Any]],
                 people: list[dict[str, Any]], span: Any) -> None:
    """What real units also send: regular sessions, a thematic one not chaired by the head,
    concerns unanswered (open or past due), inspections with measures, ratings of every
    level within the excellent quota, an issue of the year before."""
    chair = f"uuid:{people[0]['uuid']}"
    for month in range(3):
        day = span.start + dt.timedelta(days=30 * month + rng.randint(0, 20))
        records["session"].append({
            "uuid": new_uuid(), "kind": rng.choice(("regular", "regular", "thematic")),
            "title": f"Sinh hoạt chi bộ tháng {day.month:02d}", "held_on": day.isoformat(),
            "planned_start": day.isoformat(), "chair": chair,
            "chair_is_head": rng.random() < 0.5, "membership": len(people),
            "status": "held"})
    concerns = records["dialogue"][0]["concerns"]
    held = date_of(records["dialogue"][0]["held_on"])
    for _ in range(rng.randint(0, 3)):
        due = held + dt.timedelta(days=rng.randint(5, 150))
        concerns.append({"content": rng.choice(("Đề nghị bổ sung trang thiết bị",
                                                "Kiến nghị về chế độ làm thêm giờ",
                                                "Đề nghị tập huấn nghiệp vụ")),
                         "answer_due": due.isoformat()})
    if rng.random() < 0.3:
        concluded = span.start + dt.timedelta(days=rng.randint(10, 80))
        violations = rng.randint(0, 2)
        records["inspection"].append({
            "uuid": new_uuid(), "year": span.end.year, "mode": "inspection",
            "kind": "thematic", "subject": rng.choice(("Tổ đảng số 1", "Tổ đảng số 2")),
            "topic": "Việc thực hiện quy chế làm việc", "concluded_on": concluded.isoformat(),
            "conclusion": "Cơ bản thực hiện tốt; yêu cầu khắc phục hạn chế.",
            "status": "concluded", "violations": violations,
            "measures": [{"subject_kind": "member", "subject": person_name(rng),
                          "measure": rng.choice(("reprimand", "warning")),
                          "decided_on": concluded.isoformat()} for _ in range(violations)]})
    ratings = records["rating"]
    good = len(ratings)
    for rating in ratings[1:]:
        draw = rng.random()
        if draw < 0.15:
            rating["level"] = "complete" if draw < 0.12 else "incomplete"
            good -= 1
    allowed = int(0.2 * good)
    for rating in ratings:
        if allowed and rating["level"] == "good" and rng.random() < 0.3:
            rating["level"] = "excellent"
            allowed -= 1
    if rng.random() < 0.3:
        records["ideological-issue"].append({
            "uuid": new_uuid(), "year": span.end.year - 1, "title": rng.choice(ISSUES),
            "description": TEMPLATE_DESCRIPTION, "measures": ""})


def date_of(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"



def synthetic_parent(parent: Workspace, units: int, ca_pem: Path
                     ) -> tuple[int, list[int], int]:
    """The parent level of generated data (inside the caller's write): its committee, N
    branches under it, the sample parent program and the test CA trusted; returns the
    committee's id, the branches' ids and the program's id."""
    from ctrdesk.core.demo import SAMPLE_PROGRAMS
    from ctrdesk.core.importing import parse_file
    from ctrdesk.core.organizations import add_organization, set_own_organization
    from ctrdesk.core.paths import sample_path
    from ctrdesk.core.programs.service import store_program
    from ctrdesk.core.trust import add_trust_root

    top = add_organization(parent, "Đảng bộ VKSND tối cao", "party_committee",
                           abbreviation="ĐU")
    unit_ids = [add_organization(parent, f"Chi bộ Phòng {n}", "branch", parent=top,
                                 abbreviation="CB", aliases=[f"Phòng {n}"])
                for n in range(1, units + 1)]
    set_own_organization(parent, top)
    source, program = parse_file(sample_path(SAMPLE_PROGRAMS[0]))
    program_id = store_program(parent, program, source_filename=source.filename,
                               source_sha256=source.sha256)
    add_trust_root(parent, ca_pem)
    return top, unit_ids, program_id

def generate(units: int, period: str, out: Path, seed: int = 2026,
             progress: Callable[[float], None] | None = None,
             resubmitted: float = 0.0, varied: bool = False) -> dict[str, Any]:
    """Write the parent workspace and the packages; return what was made. A share
    ``resubmitted`` of the units also send a corrected package a day later. ``varied``
    packages also carry what real units send besides (``add_variety``), readings before
    and after the period, missed deadlines; without it each package is as lean as the
    import benchmark has always measured."""
    from cryptography.hazmat.primitives import serialization

    from ctrdesk.core.exchange.package import pack
    from ctrdesk.core.period import parse_period
    from ctrdesk.core.programs.derive import INCLUDED_ROLES, propose
    from ctrdesk.core.store import open_workspace
    from ctrdesk.core.store.models import ProgramItem, Target, UnitCertificate
    from ctrdesk.core.units import UnitDirectory

    rng = random.Random(seed)
    variety = random.Random(seed + 1)  # its own stream: the main draws stay as they were
    span = parse_period(period)
    out.mkdir(parents=True, exist_ok=True)
    ca_key, ca_cert = make_ca(out / "pki")
    parent = open_workspace(out / "parent.sqlite")
    try:
        with parent.writing("demo.generate"):
            _top, unit_ids, program_id = synthetic_parent(parent, units,
                                                          out / "pki" / "ca.pem")
        with parent.reading():
            from ctrdesk.core.store.models import Organization, Program

            program_uuid = Program.get_by_id(program_id).uuid
            items = {i.id: i for i in ProgramItem.select().where(
                ProgramItem.program == program_id)}
            targets = {t.item_id: t for t in Target.select().where(  # type: ignore[attr-defined]
                Target.program == program_id)}
            organizations = {o.id: o for o in Organization.select()}
        directory = UnitDirectory.from_workspace(parent)
        due = span.end + dt.timedelta(days=10)
        made, missing, late = [], [], []
        certificates = []
        for index, unit_id in enumerate(unit_ids):
            unit = organizations[unit_id]
            key = unit_key(ca_key, ca_cert, unit.name)
            certificates.append((unit_id, key))
            if rng.random() < 0.08:
                missing.append(unit.name)
                continue
            is_late = rng.random() < 0.15
            created = dt.datetime.combine(due + dt.timedelta(days=rng.randint(1, 20))
                                          if is_late else due - dt.timedelta(
                                              days=rng.randint(0, 9)),
                                          dt.time(9), tzinfo=dt.UTC)
            # A package cannot be made in the future: for a period still running, the
            # units submit what they have so far.
            created = min(created, dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5))
            is_late = is_late and created.date() > due
            if is_late:
                late.append(unit.name)
            people = [{"uuid": new_uuid(), "full_name": person_name(rng),
                       "role": "secretary" if n == 0 else "member", "title": ""}
                      for n in range(rng.randint(5, 12))]
            proposals = propose(parent, program_id, unit_id, directory)
            unit_items: list[dict[str, Any]] = []
            unit_targets: list[dict[str, Any]] = []
            uuids: dict[int, str] = {}
            for proposal in proposals:
                if proposal.role not in INCLUDED_ROLES or proposal.kind in ("section",
                                                                            "appendix"):
                    continue
                parent_item = items[proposal.item_id]
                uuids[proposal.item_id] = new_uuid()
                status = rng.choice(("not_started", "in_progress", "in_progress", "done"))
                unit_items.append({
                    "uuid": uuids[proposal.item_id], "parent_uuid": None,
                    "source_item_uuid": parent_item.uuid,
                    "responsible_person_uuid": rng.choice(people)["uuid"],
                    "kind": parent_item.kind, "number": parent_item.number,
                    "title": parent_item.title, "text": parent_item.text,
                    "role": proposal.role, "role_evidence": proposal.evidence,
                    "status": status, "progress": 100 if status == "done" else
                    rng.randint(0, 90), "deadline": parent_item.time_end.isoformat()
                    if parent_item.time_end else None, "deadline_text": "",
                    "recurrence": "quarterly", "action": "Triển khai theo kế hoạch",
                    "resources": "Nhân lực của đơn vị", "accountable": "Bí thư",
                    "time_text": parent_item.time_text, "time_kind": parent_item.time_kind,
                    "time_start": parent_item.time_start.isoformat()
                    if parent_item.time_start else None,
                    "time_end": parent_item.time_end.isoformat()
                    if parent_item.time_end else None, "position": len(unit_items)})
                if varied and status != "done" and variety.random() < 0.1:  # missed
                    unit_items[-1]["deadline"] = (span.start
                                                  + dt.timedelta(days=30)).isoformat()
                target = targets.get(proposal.item_id)
                if target is not None:
                    members = len(people)
                    reading: dict[str, Any] = {
                        "uuid": new_uuid(), "as_of": span.end.isoformat(),
                               "numerator": None, "denominator": None, "count": None,
                               "note": ""}
                    if target.unit == "percent":
                        reading["numerator"] = rng.randint(max(0, members - 2), members)
                        reading["denominator"] = members
                    else:
                        reading["count"] = rng.randint(0, 3)
                    readings = reading_history(variety, reading, span) if varied \
                        else [reading]
                    unit_targets.append({
                        "uuid": new_uuid(), "item_uuid": uuids[proposal.item_id],
                        "parent_target_uuid": target.uuid, "text": target.text,
                        "op": target.op if target.unit == "percent" else "range",
                        "value": target.value if target.unit == "percent" else 1,
                        "max_value": target.max_value if target.unit == "percent" else 2,
                        "unit": target.unit, "readings": readings})
            held = span.start + dt.timedelta(days=rng.randint(5, 40))
            records = {
                "session": [{"uuid": new_uuid(), "kind": "thematic",
                             "title": "Sinh hoạt chuyên đề", "held_on": held.isoformat(),
                             "planned_start": held.isoformat(), "chair":
                             f"uuid:{people[0]['uuid']}", "chair_is_head": True,
                             "membership": len(people), "status": "held",
                             "attendance": [{"person": f"uuid:{p['uuid']}", "present": True,
                                             "reason": ""} for p in people]}],
                "dialogue": [{"uuid": new_uuid(), "held_on": held.isoformat(),
                              "title": "Đối thoại định kỳ", "participant_count": len(people),
                              "concerns": [{"content": "Kiến nghị về điều kiện làm việc",
                                            "answer": "Đã trả lời", "answered_on": (
                                                held + dt.timedelta(days=rng.randint(0, 8)))
                                            .isoformat()}]}],
                "inspection": [], "rating": [
                    {"uuid": new_uuid(), "year": span.end.year, "period": "year",
                     "subject_kind": "member", "person": f"uuid:{p['uuid']}", "subject":
                     p["full_name"], "level": "good"} for p in people],
                "ideological-issue": [{"uuid": new_uuid(), "year": span.end.year,
                                       "title": rng.choice(ISSUES),
                                       "description": issue_description(rng, unit.name),
                                       "measures": "Chi ủy trao đổi, động viên."}],
            }
            if varied:
                add_variety(variety, records, people, span)
            program_payload = {"uuid": new_uuid(), "parent_uuid": program_uuid,
                               "summary": "thực hiện chương trình hành động",
                               "doc_type": "CHƯƠNG TRÌNH", "items": unit_items,
                               "targets": unit_targets}
            files = {
                "data/people.json": json.dumps(people, ensure_ascii=False).encode(),
                "data/program.json": json.dumps(program_payload, ensure_ascii=False).encode(),
                "data/records.json": json.dumps(records, ensure_ascii=False).encode(),
            }
            package = pack({"uuid": unit.uuid, "name": unit.name}, span.code, created, files,
                           [], signer_for(key, ca_cert))
            path = out / f"unit-{index + 1:04d}.ctrsub"
            path.write_bytes(package)
            made.append(path.name)
            if variety.random() < resubmitted:
                for item in unit_items[:3]:
                    item["progress"], item["status"] = 100, "done"
                files["data/program.json"] = json.dumps(program_payload,
                                                        ensure_ascii=False).encode()
                again = out / f"unit-{index + 1:04d}.r2.ctrsub"  # sorts after the first
                again.write_bytes(pack({"uuid": unit.uuid, "name": unit.name}, span.code,
                                       min(created + dt.timedelta(hours=20),
                                           dt.datetime.now(dt.UTC)
                                           - dt.timedelta(minutes=1)), files, [],
                                       signer_for(key, ca_cert)))
                made.append(again.name)
            if progress:
                progress((index + 1) / len(unit_ids))
        with parent.writing("demo.generate.certificates"):
            for unit_id, key in certificates:
                der = key.certificate.public_bytes(serialization.Encoding.DER)
                import hashlib

                UnitCertificate.create(organization=unit_id,  # enrolled for its unit
                                       sha256=hashlib.sha256(der).hexdigest(),
                                       subject=organizations[unit_id].name, der=der)
    finally:
        parent.close()
    return {"parent": str(out / "parent.sqlite"), "packages": made, "missing": missing,
            "late": late}


__all__ = ["Workspace", "generate"]
