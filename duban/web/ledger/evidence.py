"""Evidence files: type and size limits, stored under MEDIA_ROOT (outside any web root)."""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from django.conf import settings

from duban.web.audit.events import Action
from duban.web.audit.record import record
from duban.web.ledger.models import Evidence, ProgressReport

__all__ = ["EvidenceError", "check_file", "attach"]

# What the first bytes of each accepted type must look like.
_MAGIC = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (b"PK\x03\x04",),
}


class EvidenceError(Exception):
    pass


def check_file(name: str, data: bytes) -> str:
    """The content type of an acceptable file, or EvidenceError with the reason."""
    limit = settings.LEDGER_EVIDENCE_MAX_BYTES
    if len(data) > limit:
        raise EvidenceError(f"文件“{name}”有 {len(data):,} 字节，超过上限 {limit:,} 字节。")
    if not data:
        raise EvidenceError(f"文件“{name}”为空。")
    ext = PurePath(name).suffix.lower()
    ctype = settings.LEDGER_EVIDENCE_TYPES.get(ext)
    if ctype is None:
        allowed = "、".join(sorted(settings.LEDGER_EVIDENCE_TYPES))
        raise EvidenceError(f"不接受“{ext or '无扩展名'}”类型的文件；可上传：{allowed}。")
    magic = _MAGIC.get(ctype)
    if magic and not data.startswith(magic):
        raise EvidenceError(f"文件“{name}”的内容与扩展名 {ext} 不符。")
    if ctype == "text/plain":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise EvidenceError(f"文本文件“{name}”须为 UTF-8 编码。") from None
    return ctype


def attach(progress: ProgressReport, upload, user) -> Evidence:
    from django.core.files.base import ContentFile

    data = upload.read(settings.LEDGER_EVIDENCE_MAX_BYTES + 1)
    ctype = check_file(upload.name, data)
    ev = Evidence(report=progress, original_name=PurePath(upload.name).name[:200], content_type=ctype, size=len(data),
                  sha256=hashlib.sha256(data).hexdigest(), uploaded_by=user)
    ev.file.save("evidence", ContentFile(data), save=False)
    try:
        ev.save()
        record(user, Action.EVIDENCE_ADDED, ev, {"report": progress.pk, "size": len(data), "sha256": ev.sha256})
    except Exception:
        # The row was refused (a full or read-only database): no file without its row either.
        ev.file.delete(save=False)
        raise
    return ev
