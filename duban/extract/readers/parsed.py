"""What a format reader hands back: the text and facts about where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Parsed"]


@dataclass
class Parsed:
    text: str
    encoding: str | None = None
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"text": self.text, "encoding": self.encoding, "pages": self.pages, "warnings": list(self.warnings)}

    @classmethod
    def from_dict(cls, d: dict) -> Parsed:
        return cls(text=d["text"], encoding=d.get("encoding"), pages=d.get("pages"), warnings=list(d.get("warnings") or []))
