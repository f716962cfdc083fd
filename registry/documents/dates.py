"""Dates as official documents write them: 二〇二六年十二月一日 (GB/T 9704)."""

import datetime

DIGITS = "〇一二三四五六七八九"


def _number(value: int) -> str:
    """1–31 in Chinese numerals: 一 … 十 … 十九, 二十 … 三十一."""
    tens, ones = divmod(value, 10)
    if tens == 0:
        return DIGITS[ones]
    return (DIGITS[tens] if tens > 1 else "") + "十" + (DIGITS[ones] if ones else "")


def chinese_date(day: datetime.date) -> str:
    year = "".join(DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{_number(day.month)}月{_number(day.day)}日"
