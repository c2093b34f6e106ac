"""Reference data shipped inside the package and loaded by ``ujuzi init``.

Loading is idempotent: running it again updates names and adds what is new, and never
removes an area that records may point at.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.db import transaction

from ujuzi.core.models import AdministrativeArea, Country


@dataclass(frozen=True)
class ReferenceLoadResult:
    """How many rows of each kind the load touched."""

    countries: int
    counties: int
    provinces: int
    districts: int


def _slug(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "-", text.upper()).strip("-")


def _reference_document() -> dict[str, Any]:
    source = resources.files("ujuzi.core") / "reference" / "areas.json"
    return dict(json.loads(source.read_text(encoding="utf-8")))


@transaction.atomic
def reference_data_load() -> ReferenceLoadResult:
    """Load countries, Kenya's counties and Rwanda's provinces and districts."""
    document = _reference_document()
    for country in document["countries"]:
        Country.objects.update_or_create(code=country["code"], defaults={"name": country["name"]})
    kenya = Country.objects.get(code="KE")
    rwanda = Country.objects.get(code="RW")
    for county in document["kenya_counties"]:
        AdministrativeArea.objects.update_or_create(
            key=f"KE-{county['code']}",
            defaults={
                "country": kenya,
                "kind": AdministrativeArea.Kind.COUNTY,
                "code": county["code"],
                "name": county["name"],
                "iso_code": county["iso_3166_2"] if county["iso_verified"] else "",
                "region": county["former_province"],
            },
        )
    districts = 0
    for number, province in enumerate(document["rwanda_provinces"], start=1):
        parent, _ = AdministrativeArea.objects.update_or_create(
            key=f"RW-P-{_slug(province['name'])}",
            defaults={
                "country": rwanda,
                "kind": AdministrativeArea.Kind.PROVINCE,
                "code": f"{number:02d}",
                "name": province["name"],
                "local_name": province.get("name_rw", ""),
            },
        )
        for district in province["districts"]:
            AdministrativeArea.objects.update_or_create(
                key=f"RW-D-{_slug(district)}",
                defaults={
                    "country": rwanda,
                    "kind": AdministrativeArea.Kind.DISTRICT,
                    "name": district,
                    "parent": parent,
                    "region": province["name"],
                },
            )
            districts += 1
    return ReferenceLoadResult(
        countries=len(document["countries"]),
        counties=len(document["kenya_counties"]),
        provinces=len(document["rwanda_provinces"]),
        districts=districts,
    )
