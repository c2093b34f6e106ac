"""The demo programme's institutions and sites, in the shapes the services take.

Ministries follow the mid-2025 list in the shipped reference data; state departments,
agencies and centres are illustrative and editable.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

MINISTRIES = (
    ("interior", "Ministry of Interior and National Administration"),
    ("treasury", "The National Treasury and Economic Planning"),
    (
        "public-service",
        "Ministry of Public Service, Human Capital Development and Special Programmes",
    ),
    ("ict", "Ministry of Information, Communications and the Digital Economy"),
    ("health", "Ministry of Health"),
    ("education", "Ministry of Education"),
    ("agriculture", "Ministry of Agriculture and Livestock Development"),
    ("trade", "Ministry of Investments, Trade and Industry"),
    ("youth", "Ministry of Youth Affairs, Creative Economy and Sports"),
    ("environment", "Ministry of Environment, Climate Change and Forestry"),
    ("water", "Ministry of Water, Sanitation and Irrigation"),
    ("energy", "Ministry of Energy and Petroleum"),
    ("labour", "Ministry of Labour and Social Protection"),
    ("blue-economy", "Ministry of Mining, Blue Economy and Maritime Affairs"),
    ("gender", "Ministry of Gender, Culture, the Arts and Heritage"),
    ("roads", "Ministry of Roads and Transport"),
    ("lands", "Ministry of Lands, Public Works, Housing and Urban Development"),
)
# (code, name, parent ministry code, kind)
UNITS = (
    ("sd-ict", "State Department for ICT and the Digital Economy", "ict", "state_department"),
    (
        "sd-broadcasting",
        "State Department for Broadcasting and Telecommunications",
        "ict",
        "state_department",
    ),
    ("icta", "ICT Authority", "sd-ict", "state_agency"),
    (
        "sd-internal-security",
        "State Department for Internal Security and National Administration",
        "interior",
        "state_department",
    ),
    (
        "sd-immigration",
        "State Department for Immigration and Citizen Services",
        "interior",
        "state_department",
    ),
    (
        "nc4",
        "National Computer and Cybercrimes Co-ordination Committee",
        "interior",
        "state_agency",
    ),
    (
        "sd-public-service",
        "State Department for Public Service",
        "public-service",
        "state_department",
    ),
    ("ksg", "Kenya School of Government", "sd-public-service", "training"),
    ("odpc", "Office of the Data Protection Commissioner", "", "state_agency"),
    ("sd-youth", "State Department for Youth Affairs", "youth", "state_department"),
    (
        "sd-economic-planning",
        "State Department for Economic Planning",
        "treasury",
        "state_department",
    ),
    ("psc", "Public Service Commission", "", "commission"),
    ("digital-partner", "Industry training partner (ICT company)", "", "private"),
    ("youth-ngo", "Coast Youth Digital Initiative", "", "ngo"),
)

# KSG campuses from the shipped reference data: (code, name, county key)
CAMPUSES = (
    ("ksg-lower-kabete", "KSG Lower Kabete (headquarters)", "KE-047"),
    ("ksg-mombasa", "KSG Mombasa", "KE-001"),
    ("ksg-matuga", "KSG Matuga", "KE-002"),
    ("ksg-embu", "KSG Embu", "KE-014"),
    ("ksg-baringo", "KSG Baringo", "KE-030"),
)
ONLINE = ("ksg-eldi", "KSG e-Learning and Development Institute (online)")

# Community digital centres: (code, name, county key, connectivity)
CENTRES = (
    ("cdc-faza", "Faza Community Digital Centre", "KE-005", "satellite"),
    ("cdc-mpeketoni", "Mpeketoni Community Digital Centre", "KE-005", "mobile"),
    ("cdc-hindi", "Hindi Community Digital Centre", "KE-005", "none"),
    ("cdc-garsen", "Garsen Community Digital Centre", "KE-004", "none"),
    ("cdc-malindi", "Malindi Community Digital Centre", "KE-003", "mobile"),
    ("cdc-voi", "Voi Community Digital Centre", "KE-006", "mobile"),
    ("cdc-garissa", "Garissa Township Digital Centre", "KE-007", "mobile"),
    ("cdc-wajir", "Wajir East Digital Centre", "KE-008", "satellite"),
    ("cdc-marsabit", "Marsabit Digital Centre", "KE-010", "satellite"),
    ("cdc-isiolo", "Isiolo Digital Centre", "KE-011", "mobile"),
    ("cdc-meru", "Meru Town Digital Centre", "KE-012", "fibre"),
    ("cdc-kitui", "Kitui Digital Centre", "KE-015", "mobile"),
    ("cdc-machakos", "Machakos Digital Centre", "KE-016", "fibre"),
    ("cdc-nyeri", "Nyeri Digital Centre", "KE-019", "fibre"),
    ("cdc-lodwar", "Lodwar Digital Centre", "KE-023", "satellite"),
    ("cdc-kapenguria", "Kapenguria Digital Centre", "KE-024", "mobile"),
    ("cdc-eldoret", "Eldoret Digital Centre", "KE-027", "fibre"),
    ("cdc-narok", "Narok Digital Centre", "KE-033", "mobile"),
    ("cdc-kajiado", "Kajiado Digital Centre", "KE-034", "mobile"),
    ("cdc-kakamega", "Kakamega Digital Centre", "KE-037", "fibre"),
    ("cdc-bungoma", "Bungoma Digital Centre", "KE-039", "mobile"),
    ("cdc-kisumu", "Kisumu Digital Centre", "KE-042", "fibre"),
    ("cdc-homa-bay", "Homa Bay Digital Centre", "KE-043", "mobile"),
    ("cdc-kibra", "Kibra Community Digital Centre", "KE-047", "fibre"),
)


@dataclass(frozen=True)
class Stop:
    """A mobile-lab stop: county key, place and dates."""

    area_key: str
    place: str
    starts_on: datetime.date
    ends_on: datetime.date


# Mobile labs: (code, name, home county key, the places of its route in order as
# (county key, place)). The dates come from ``route_stops``, around the demo's today.
MOBILE_LABS = (
    (
        "lab-coast-1",
        "Coast mobile lab 1 (DigiTruck)",
        "KE-005",
        (
            ("KE-005", "Mpeketoni"),
            ("KE-005", "Witu"),
            ("KE-005", "Faza"),
            ("KE-004", "Garsen"),
            ("KE-003", "Malindi"),
        ),
    ),
    (
        "lab-north-rift",
        "North Rift mobile lab",
        "KE-023",
        (("KE-023", "Kakuma"), ("KE-024", "Kapenguria"), ("KE-025", "Maralal")),
    ),
    (
        "lab-western",
        "Western mobile lab",
        "KE-040",
        (("KE-040", "Busia"), ("KE-041", "Siaya"), ("KE-044", "Migori")),
    ),
)

# A lab stays four working weeks at a place (a Monday to the fourth Friday after it),
# moves on during the fifth week and opens at the next place on the Monday after.
STOP_LASTS = datetime.timedelta(days=25)
STOP_EVERY = datetime.timedelta(weeks=5)
# A route began some weeks before the demo's today, so that stops have been held, and
# runs some months after it, so that cohorts can be scheduled at the stops to come.
ROUTE_BEGAN = datetime.timedelta(weeks=8)
ROUTE_RUNS_ON = datetime.timedelta(weeks=26)


def route_stops(
    code: str, places: tuple[tuple[str, str], ...], *, today: datetime.date, seed: int
) -> tuple[Stop, ...]:
    """The stops of a lab's route around ``today``: weeks before it to months after it.

    The places follow each other in order, and again from the first after the last. The
    seed sets each lab out up to two weeks after the route began (so that the labs do not
    all move on the same day), and on ``today`` itself every lab is at a stop; the same
    lab, seed and day give the same stops.
    """
    setting_out = random.Random(f"{seed}:{code}").randrange(3)  # noqa: S311 - demo data
    monday = today - datetime.timedelta(days=today.weekday())
    opens = monday - ROUTE_BEGAN + datetime.timedelta(weeks=setting_out)
    # Later by a week or two when needed, so that on the demo's today every lab is at a
    # stop (a newcomer can run a class at one at once), not moving between two.
    while (today - opens).days % STOP_EVERY.days > STOP_LASTS.days:
        opens += datetime.timedelta(weeks=1)
    stops: list[Stop] = []
    while opens <= today + ROUTE_RUNS_ON:
        area_key, place = places[len(stops) % len(places)]
        stops.append(Stop(area_key, place, opens, opens + STOP_LASTS))
        opens += STOP_EVERY
    return tuple(stops)
