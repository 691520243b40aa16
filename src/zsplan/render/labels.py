"""Words shown to people, in Chinese or English, and the script Chinese is shown in.

``--lang zh|en`` picks column headers and status words; ``--script hans|hant``
converts displayed Chinese with OpenCC (the plan's data is Traditional, so
``hant`` shows it as stored). JSON output is data and is never translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

STATUS_WORDS = {
    "en": {  # the machine words themselves, as in JSON, so tables and scripts agree
        "met": "met", "on_track": "on_track", "behind": "behind", "missed": "missed", "no_data": "no_data",
        "acceleration_needed": "acceleration_needed", "limited_progress": "limited_progress",
        "deterioration": "deterioration", "not_due": "not_due",
    },
    "zh": {
        "met": "已完成", "on_track": "進度正常", "behind": "進度滯後", "missed": "逾期未完成", "no_data": "未報數據",
        "acceleration_needed": "需加快", "limited_progress": "進展有限", "deterioration": "倒退", "not_due": "未到期",
    },
}

HEADERS = {
    "en": {
        "id": "id", "name": "name", "target": "target", "achieved": "achieved", "gap": "gap", "%": "%",
        "deadline": "deadline", "days left": "days left", "status": "status", "lead unit": "lead unit",
        "id / name": "id / name", "needed/month": "needed/month", "pace": "pace",
    },
    "zh": {
        "id": "編號", "name": "指標", "target": "目標", "achieved": "完成", "gap": "差距", "%": "完成率",
        "deadline": "期限", "days left": "剩餘天數", "status": "狀態", "lead unit": "牽頭單位",
        "id / name": "編號 / 指標", "needed/month": "每月需完成", "pace": "進度評估",
    },
}


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


@dataclass(frozen=True)
class Labels:
    """How to word and script what people read.

    Attributes:
        lang: ``zh`` or ``en`` for headers and status words.
        script: ``hant`` (as stored, Traditional) or ``hans`` (converted to Simplified).
    """

    lang: str = "en"
    script: str = "hant"

    def status(self, value: str) -> str:
        """A status or pace word in the chosen language."""
        return self.text(STATUS_WORDS[self.lang].get(value, value))

    def header(self, key: str) -> str:
        """A column header in the chosen language."""
        return self.text(HEADERS[self.lang].get(key, key))

    def text(self, value: str) -> str:
        """Chinese text in the chosen script."""
        if self.script == "hans" and value:
            return _converter("t2s").convert(value)
        return value
