"""Words shown to people, in Chinese or English, and the script Chinese is shown in.

``--lang zh|en`` picks column headers, status and pace words; ``--script hans|hant``
converts displayed Chinese with OpenCC (the plan's data is Traditional, so
``hant`` shows it as stored). JSON output is data and is never translated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zsplan.analysis.standing import Standing

#: Status words: one word per status, the same in every table, report section and summary.
STATUS_WORDS = {
    "en": {  # the machine words themselves, as in JSON, so tables and scripts agree
        "met": "met",
        "on_track": "on_track",
        "behind": "behind",
        "missed": "missed",
        "no_data": "no_data",
        "scheduled": "scheduled",
    },
    "zh": {
        # missed is 未按期完成 ("not completed on time"): still true of a target completed late
        "met": "已完成",
        "on_track": "按序時進度推進",
        "behind": "進度滯後",
        "missed": "未按期完成",
        "no_data": "未報數據",
        "scheduled": "已安排未確認",
    },
}

#: Pace words (the SDG bands). Where a pace value names a status (met, missed, no_data) it
#: takes that status's word; the bands have words of their own, none of them a status word,
#: so that "behind (pace on_track)" never reads as two statuses in Chinese.
PACE_WORDS = {
    "en": {
        "met": "met",
        "on_track": "on_track",
        "acceleration_needed": "acceleration_needed",
        "limited_progress": "limited_progress",
        "deterioration": "deterioration",
        "missed": "missed",
        "not_due": "not_due",
        "no_data": "no_data",
    },
    "zh": {
        "met": "已完成",
        "on_track": "進展順利",
        "acceleration_needed": "需加快",
        "limited_progress": "進展有限",
        "deterioration": "倒退",
        "missed": "未按期完成",
        "not_due": "未到期",
        "no_data": "未報數據",
    },
}

#: What qualifies a missed verdict, shown after the status word: ``missed (…; …)``, ``未按期完成（…；…）``.
FLAG_WORDS = {
    "en": {
        "unreported": "no report by the deadline",
        "completed_late": "completed late on {date}, {days} days late",
        "completed_late_undated": "completed late",
        "years": "{years} quota not reached",
        "years_plural": "{years} quotas not reached",
    },
    "zh": {
        "unreported": "截至期限未報送",
        "completed_late": "於{date}逾期完成，超期{days}天",
        "completed_late_undated": "已逾期完成",
        "years": "{years}年度任務未完成",
        "years_plural": "{years}年度任務未完成",
    },
}

#: Grades: how reports word a standing, as officials write it (docs/method.md, "Words in reports").
#: A grade refines a status: ``ahead`` and ``on_track`` are on-track standings, ``behind``
#: and ``seriously_behind`` behind ones (split by the pace ratio, :class:`Grading`).
GRADE_ORDER = ("missed", "scheduled", "seriously_behind", "behind", "no_data", "on_track", "ahead", "met")

GRADE_WORDS = {
    "en": {
        "met": "met",
        "ahead": "ahead of schedule",
        "on_track": "on schedule",
        "behind": "behind schedule",
        "seriously_behind": "seriously behind schedule",
        "missed": "not completed on time",
        "no_data": "not reported",
        "scheduled": "scheduled, not confirmed",
    },
    "zh": {
        "met": "已完成",
        "ahead": "超進度",
        "on_track": "按序時進度推進",
        "behind": "進度滯後",
        "seriously_behind": "嚴重滯後",
        "missed": "未按期完成",
        "no_data": "未報數據",
        "scheduled": "已安排未確認",
    },
}


def shown_grades(counts: dict[str, int]) -> tuple[str, ...]:
    """The grades a summary lists: every one of :data:`GRADE_ORDER`, ``scheduled`` only when some target is (it is rare)."""
    return tuple(grade for grade in GRADE_ORDER if grade != "scheduled" or counts.get(grade, 0))


#: The traffic light of each grade: 綠 (green), 黃 (yellow), 紅 (red); unreported targets grey.
GRADE_LIGHT = {
    "met": "green",
    "ahead": "green",
    "on_track": "green",
    "behind": "yellow",
    "seriously_behind": "red",
    "missed": "red",
    "no_data": "grey",
    "scheduled": "yellow",
}
LIGHT_COLOURS = {"green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828", "grey": "#9e9e9e"}
LIGHT_WORDS = {"en": {"green": "green", "yellow": "yellow", "red": "red", "grey": "grey"}, "zh": {"green": "綠", "yellow": "黃", "red": "紅", "grey": "灰"}}


@dataclass(frozen=True)
class Grading:
    """The thresholds that split statuses into grades (``zsplan report --seriously-behind-below R --ahead-from R``).

    Attributes:
        seriously_behind_below: a ``behind`` target whose pace ratio R is below this is 嚴重滯後 (default 0.6, the
            lower bound of the pace band ``acceleration_needed``: less than 60 % of the progress expected by now).
        ahead_from: an ``on_track`` target whose R is at least this is 超進度 (default 1.2: 20 % more than expected by now).
    """

    seriously_behind_below: float = 0.6
    ahead_from: float = 1.2

    def grade(self, status: str, ratio: float | None, kind: str = "") -> str:
        """The grade of a standing with ``status`` and pace ratio ``ratio`` (milestones have no pace: never ahead or seriously behind)."""
        if ratio is None or kind == "milestone":
            return status
        if status == "behind" and ratio < self.seriously_behind_below:
            return "seriously_behind"
        if status == "on_track" and ratio >= self.ahead_from:
            return "ahead"
        return status


HEADERS = {
    "en": {
        "id": "id",
        "name": "name",
        "target": "target",
        "achieved": "achieved",
        "gap": "gap",
        "%": "%",
        "deadline": "deadline",
        "days left": "days left",
        "status": "status",
        "lead unit": "lead unit",
        "id / name": "id / name",
        "needed/month": "needed/month",
        "pace": "pace",
    },
    "zh": {
        "id": "編號",
        "name": "指標",
        "target": "目標",
        "achieved": "完成",
        "gap": "差距",
        "%": "完成率",
        "deadline": "期限",
        "days left": "剩餘天數",
        "status": "狀態",
        "lead unit": "牽頭單位",
        "id / name": "編號 / 指標",
        "needed/month": "每月需完成",
        "pace": "進度評估",
    },
}


#: Category words (``zsplan status --category``; plan/vocabulary.py CATEGORIES), as a title names the filter.
CATEGORY_WORDS = {
    "zh": {
        "infrastructure": "科技基礎設施",
        "lab": "實驗室",
        "university": "高校",
        "discipline": "學科",
        "institution": "研發機構",
        "platform": "創新平台",
        "team": "創新團隊",
        "technology": "關鍵技術",
        "transfer": "成果轉化",
        "talent": "人才",
        "incubator": "孵化載體",
        "enterprise": "企業",
        "base": "基地",
        "event": "活動",
        "policy": "政策",
        "organisation": "組織",
    },
}

#: The words of the ``status`` table besides its headers: title, target and achieved cells, summary line, footnote.
TABLE_WORDS = {
    "en": {
        "as_of": "as of {date}",
        "unit": "unit {name} ({id})",
        "category": "category {category}",
        "known_at": "as known at {moment}",
        "milestone": "milestone",
        "items": "{n} items",
        "done": "done",
        "not_done": "not done",
        "summary": "{n} target{s}: {parts}",
        "count": "{n} {word}",
        "joint": ", ",
        "footnote": "* deadline inferred: the plan gives none, so the plan horizon's end is used",
    },
    "zh": {
        "as_of": "數據截至{date}",
        "unit": "責任單位：{name}",
        "category": "類別：{category}",
        "known_at": "按{moment}（UTC）時已錄入的數據",
        "milestone": "按期完成",
        "items": "{n}項",
        "done": "已完成",
        "not_done": "尚未完成",
        "summary": "共{n}項指標：{parts}",
        "count": "{word}{n}項",
        "joint": "，",
        "footnote": "* 期限為推定：規劃未寫明完成時限，按規劃期末計",
    },
}


_FULL_WIDTH = str.maketrans({",": "，", "(": "（", ")": "）", ":": "：", ";": "；"})


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
        """A status word in the chosen language (a pace value that is not a status: its pace word)."""
        words = STATUS_WORDS[self.lang]
        return self.text(words[value] if value in words else PACE_WORDS[self.lang].get(value, value))

    def grade(self, value: str) -> str:
        """A grade word in the chosen language (:data:`GRADE_WORDS`)."""
        return self.text(GRADE_WORDS[self.lang][value])

    def name(self, value: str) -> str:
        """A name from the plan as a person reads it: in Chinese, the ASCII ``,`` ``(`` ``)`` ``:`` ``;`` the plan file uses become full-width."""
        if self.lang == "zh":
            value = value.translate(_FULL_WIDTH)
        return self.text(value)

    def pace(self, value: str) -> str:
        """A pace word in the chosen language (:data:`PACE_WORDS`)."""
        return self.text(PACE_WORDS[self.lang].get(value, value))

    def date(self, day: dt.date) -> str:
        """A date as written in the chosen language: ``2023年3月1日`` or ``2023-03-01``."""
        return f"{day.year}年{day.month}月{day.day}日" if self.lang == "zh" else day.isoformat()

    def flags(self, standing: Standing) -> list[str]:
        """What qualifies a standing's status, in words: no report by the deadline, completed late, per-year quotas missed.

        Empty unless the status is ``missed``.
        """
        if standing.status.value != "missed":
            return []
        words = FLAG_WORDS[self.lang]
        flags = []
        if standing.unreported:
            flags.append(words["unreported"])
        elif standing.missed_years:
            years = standing.missed_years
            joined = ("、" if self.lang == "zh" else ", ").join(str(year) for year in years)
            flags.append(words["years_plural" if len(years) > 1 else "years"].format(years=joined))
        if standing.completed_late:
            if standing.completed_on is None:
                flags.append(words["completed_late_undated"])
            else:
                flags.append(words["completed_late"].format(date=self.date(standing.completed_on), days=standing.days_late))
        return [self.text(flag) for flag in flags]

    def verdict(self, standing: Standing) -> str:
        """The status word of a standing with its :meth:`flags`: ``未按期完成（於2023年3月1日逾期完成，超期60天）``, ``missed (no report by the deadline)``."""
        word = self.status(standing.status.value)
        flags = self.flags(standing)
        if not flags:
            return word
        if self.lang == "zh":
            return f"{word}（{'；'.join(flags)}）"
        return f"{word} ({'; '.join(flags)})"

    def category(self, value: str) -> str:
        """A category (``lab``, ``team`` …) as a person reads it: in Chinese its word (:data:`CATEGORY_WORDS`), in English the id."""
        return self.text(CATEGORY_WORDS.get(self.lang, {}).get(value, value))

    def word(self, key: str, **values: object) -> str:
        """A word of the status table (:data:`TABLE_WORDS`), its ``{placeholders}`` filled, in the chosen script."""
        return self.text(TABLE_WORDS[self.lang][key].format(**values))

    def header(self, key: str) -> str:
        """A column header in the chosen language."""
        return self.text(HEADERS[self.lang].get(key, key))

    def text(self, value: str) -> str:
        """Chinese text in the chosen script."""
        if self.script == "hans" and value:
            return _converter("t2s").convert(value)
        return value
