"""The Strategic Council's statute (06 Ordibehesht 1398 = 26 April 2019) as numbers, each quoted.

One rule, one place: the validator's checks and the council pages' compliance panel both read
these constants; nothing else in the code writes 11, 15, 7 or 3 for the council.
"""
from __future__ import annotations

import datetime as dt

# Article 4: «مرکب از 11 تا 15 عضو ... که با حکم ریاست مرکز مطالعات و برنامه ریزی شهر تهران منصوب می شوند»
MIN_MEMBERS = 11
MAX_MEMBERS = 15

# Article 4-A (الف-1 to الف-4): the four ex-officio (حقوقی) seats, one person each.
EX_OFFICIO_SEATS = (
    "city-council-member",          # الف-1: «یک نفر از اعضای شورای اسلامی شهر تهران به انتخاب رئیس شورا»
    "council-secretary",            # الف-2: «دبیر شورا به انتخاب ریاست مرکز»
    "center-deputy",                # الف-3: «معاون مربوطه در مرکز مطالعات و برنامه ریزی شهر تهران»
    "international-affairs-head",   # الف-4: «بالاترین مقام مسئول حوزه ارتباطات و بین الملل شهرداری تهران ... و یا نماینده تام الاختیار وی»
)
EXPERT_SEAT = "expert"

# Article 4-B: «تعداد شش تا ده نفر صاحب نظر و متخصص ... برای مدت یکسال»
MIN_EXPERTS = 6
MAX_EXPERTS = 10
EXPERT_TERM_YEARS = 1

# Article 4, note 2: «از میان اعضای حقیقی، یک نفر ... به عنوان رئیس شورای راهبردی انتخاب و منصوب می شود»
CHAIRS = 1

# Article 5-1: «جلسات عادی شورای راهبردی به صورت دو هفته یکبار برگزار می شود»
ORDINARY_INTERVAL_DAYS = 14
# Article 5-1: «دعوت نامه شامل دستور جلسه ... را حداقل یک هفته پیش از برگزاری جلسه ... اعلام نماید»
AGENDA_NOTICE_DAYS = 7
# Article 5-5: «صورتجلسه و مصوبات هر جلسه باید حداکثر ظرف یک هفته پس از تشکیل جلسه ... ارسال گردد»
MINUTES_DEADLINE_DAYS = 7
# Article 5-6: «در صورتی که هر یک از اعضا ی شورا 3 جلسه عادی متوالی در جلسات حضور نداشته باشند، خود به خود مستعفی شناخته می شوند»
ABSENCES_FOR_RESIGNATION = 3

ORDINARY, EXTRAORDINARY = "ordinary", "extraordinary"


def expert_term_end(start: dt.date) -> dt.date:
    """The last day of a one-year expert term that starts on `start`."""
    try:
        anniversary = start.replace(year=start.year + EXPERT_TERM_YEARS)
    except ValueError:  # 29 February
        anniversary = start.replace(year=start.year + EXPERT_TERM_YEARS, day=28)
    return anniversary
