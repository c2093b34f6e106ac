"""People import from HR exports: every rule, malformed, duplicate, oversized and hostile
files, all-or-nothing writes, idempotent re-imports and the command's exit codes."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from tests.factories import make_institution, make_person, make_user
from ujuzi.core.models import AuditEntry, JournalEntry
from ujuzi.core.reference import reference_data_load
from ujuzi.people.imports.engine import ImportNotAllowed, people_import
from ujuzi.people.imports.errors import errors_csv
from ujuzi.people.imports.reading import UnusableFile
from ujuzi.people.models import Person, PersonSensitive, RoleAssignment
from ujuzi.people.services import role_assign

TODAY = datetime.date(2026, 11, 23)
HEADER = (
    "PF Number;ID Number;First Name;Surname;Gender;DOB;E-mail;Mobile;Ministry;Designation;"
    "Job Group;County"
)
GOOD = [
    "2001001;12345678;Achieng;Otieno;F;1985-03-02;achieng.otieno@ict.go.ke;0712 345 678;ict;"
    "ICT Officer;K;Kisumu",
    "2001002;23456789;Baraka;Mwangi;male;17/05/1990;;+254 733 000 111;ict;Records Officer;J;047",
    "2001003;;Chebet;Kiprop;;;chebet@ict.go.ke;254711222333;State Department for ICT;Director;"
    "S;Uasin Gishu county",
]


@pytest.fixture
def ministries(db):
    reference_data_load()
    ict = make_institution(code="ict", name="Ministry of ICT", kind="ministry")
    department = make_institution(code="sd-ict", name="State Department for ICT", parent=ict)
    health = make_institution(code="health", name="Ministry of Health", kind="ministry")
    return ict, department, health


def email_of(length: int) -> str:
    """A well-formed address of ``length`` characters (about 254), no label over 63."""
    tail = "." + "c" * 60 + "." + "d" * 60 + ".go.ke"
    address = "a" * 64 + "@" + "b" * (length - 65 - len(tail)) + tail
    assert len(address) == length
    return address


def csv_bytes(*lines: str, header: str = HEADER, bom: bool = True) -> bytes:
    text = "\r\n".join([header, *lines]) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode()


def run(data: bytes, name: str = "staff.csv", **options) -> object:
    return people_import(data, name, by=options.pop("by", None), today=TODAY, **options)


def dump() -> dict[str, list[tuple]]:
    """Every row of the tables an import could touch."""
    return {
        model.__name__: sorted(map(str, model.objects.values_list()))
        for model in (Person, PersonSensitive, JournalEntry, AuditEntry)
    }


def test_a_clean_file_imports_and_a_second_import_changes_nothing(ministries):
    result = run(csv_bytes(*GOOD))
    assert result.counts == {"new": 3, "updated": 0, "unchanged": 0, "rejected": 0}
    assert result.applied
    achieng = Person.objects.get(personal_number="2001001")
    assert achieng.phone == "+254712345678"
    assert achieng.area_id == "KE-042"
    assert achieng.institution.code == "ict"
    assert PersonSensitive.objects.get(person=achieng).sex == "female"
    baraka = Person.objects.get(national_id="23456789")
    assert (baraka.date_of_birth, baraka.area_id) == (datetime.date(1990, 5, 17), "KE-047")
    chebet = Person.objects.get(email="chebet@ict.go.ke")
    assert (chebet.institution.code, chebet.area_id) == ("sd-ict", "KE-027")
    assert AuditEntry.objects.filter(action="people.import").count() == 1
    before = dump()
    again = run(csv_bytes(*GOOD))
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 3, "rejected": 0}
    after = dump()
    assert {k: v for k, v in after.items() if k != "AuditEntry"} == {
        k: v for k, v in before.items() if k != "AuditEntry"
    }


def test_a_known_person_is_updated_not_duplicated(ministries):
    run(csv_bytes(*GOOD))
    changed = GOOD[0].replace("ICT Officer", "Senior ICT Officer").replace(";K;", ";L;")
    result = run(csv_bytes(changed, GOOD[1], GOOD[2]))
    assert result.counts == {"new": 0, "updated": 1, "unchanged": 2, "rejected": 0}
    person = Person.objects.get(personal_number="2001001")
    assert (person.job_title, person.grade) == ("Senior ICT Officer", "L")
    assert Person.objects.count() == 3
    # A corrected sex is a change too; a first sex for someone without one creates the record.
    corrected = GOOD[0].replace(";F;", ";M;")
    first_sex = GOOD[2].replace(";;;chebet", ";female;;chebet")
    result = run(csv_bytes(corrected, GOOD[1], first_sex))
    assert result.counts == {"new": 0, "updated": 2, "unchanged": 1, "rejected": 0}
    assert PersonSensitive.objects.get(person=person).sex == "male"
    chebet = Person.objects.get(email="chebet@ict.go.ke")
    assert PersonSensitive.objects.get(person=chebet).sex == "female"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("2001009;12345678;;Otieno;F;;;;ict;;;", "first name is required"),
        ("2001009;1234;Amina;Otieno;;;;;ict;;;", "national ID must be 5 to 9 digits"),
        ("20 01 009;;Amina;Otieno;;;;;ict;;;", "personal number must be"),
        ("2001009;;Amina;Otieno;;;not-an-email;;ict;;;", "e-mail address is not valid"),
        ("2001009;;Amina;Otieno;;;;0812;ict;;;", "phone number is not valid"),
        ("2001009;;Amina;Otieno;;31/02/1990;;;ict;;;", "date of birth is not a date"),
        ("2001009;;Amina;Otieno;;1890-01-01;;;ict;;;", "not plausible"),
        ("2001009;;Amina;Otieno;;2015-01-01;;;ict;;;", "under 18"),
        ("2001009;;Amina;Otieno;;2008-11-24;;;ict;;;", "under 18"),  # 18 tomorrow
        ("2001009;;Amina;Otieno;unknown;;;;ict;;;", "sex must be"),
        ("2001009;;Amina;Otieno;;;;;Ministry of Nowhere;;;", "unknown institution"),
        ("2001009;;Amina;Otieno;;;;;ict;;;Atlantis", "unknown county"),
        ("2001009;;Amina;Otieno;;;;;ict;" + "x" * 201 + ";;", "job title is longer than"),
        ("2001009;;" + "A" * 101 + ";Otieno;;;;;ict;;;", "first name is longer than 100"),
        ("2001009;;Amina;" + "O" * 101 + ";;;;;ict;;;", "last name is longer than 100"),
        ("2001009;;Amina;Otieno;;;;;ict;;" + "K" * 21 + ";", "grade is longer than 20"),
        # Django's validate_email allows 320 characters; the field (and PostgreSQL) 254.
        (
            "2001009;;Amina;Otieno;;;" + email_of(255) + ";;ict;;;",
            "e-mail is longer than 254",
        ),
    ],
)
def test_each_rule_rejects_with_a_reason_and_writes_nothing(ministries, row, reason):
    before = dump()
    result = run(csv_bytes(GOOD[0], row))
    assert len(result.rejected) == 1
    assert result.rejected[0].line == 3
    assert any(reason in text for text in result.rejected[0].reasons), result.rejected[0].reasons
    assert not result.applied
    assert dump() == before


def test_a_person_is_an_adult_from_their_eighteenth_birthday(ministries):
    result = run(csv_bytes("2001009;12345670;Amina;Otieno;;23/11/2008;;;ict;;;"))
    assert result.counts["new"] == 1
    assert Person.objects.get(personal_number="2001009").age_on(TODAY) == 18


def test_every_checked_text_fits_its_person_field(ministries):
    """A cell kept as text may not outgrow its column: the row is rejected, not the file."""
    from ujuzi.people.imports.rows import LENGTHS, MAX_EMAIL

    for name, limit in LENGTHS.items():
        assert limit == Person._meta.get_field(name).max_length
    assert MAX_EMAIL == Person._meta.get_field("email").max_length == 254
    # The longest an identifier or phone can be after its own check fits its field.
    assert Person._meta.get_field("national_id").max_length >= 9
    assert Person._meta.get_field("personal_number").max_length >= 20
    assert Person._meta.get_field("phone").max_length >= len("+") + 15  # E.164
    longest = email_of(254)
    result = run(csv_bytes(f"2001009;;Amina;Otieno;;;{longest};;ict;;;"))
    assert result.applied, result.rejected
    assert Person.objects.get(personal_number="2001009").email == longest


def test_duplicates_inside_the_file_and_conflicts_with_existing_people(ministries):
    ict = ministries[0]
    make_person(personal_number="2001001", institution=ict, email="x@ict.go.ke")
    make_person(national_id="23456789", institution=ict)
    same_number = GOOD[2].replace("2001003", "2001002")
    result = run(csv_bytes(GOOD[0].replace("12345678", "23456789"), GOOD[1], same_number))
    reasons = {row.line: row.reasons for row in result.rejected}
    assert any("conflicts with an existing record" in r for r in reasons[2])
    assert any("same personal number as line 3" in r for r in reasons[4])


def test_an_officer_imports_only_into_their_institutions_and_learns_nothing_of_others(ministries):
    ict, _, health = ministries
    officer = make_user()
    role_assign(user=officer, role=RoleAssignment.Role.TRAINING_OFFICER, institution=ict, by=None)
    make_person(
        personal_number="2001001", first_name="Wanjiru", last_name="Secret", institution=health
    )
    result = run(
        csv_bytes(
            *GOOD,
            GOOD[1]
            .replace("2001002", "2001004")
            .replace("23456789", "34567890")
            .replace(";ict;", ";health;"),
        ),
        by=officer,
    )
    reasons = {row.line: " ".join(row.reasons) for row in result.rejected}
    assert reasons[2] == "conflicts with an existing record; the programme office can resolve it"
    assert "Secret" not in reasons[2] and "Wanjiru" not in reasons[2]
    assert "not one you look after" in reasons[5]
    assert set(reasons) == {2, 5}
    learner = make_user()
    role_assign(user=learner, role=RoleAssignment.Role.LEARNER, by=None)
    with pytest.raises(ImportNotAllowed):
        run(csv_bytes(*GOOD), by=learner)
    with pytest.raises(ImportNotAllowed):
        run(csv_bytes(*GOOD), by=officer, institution=health)


def test_dry_run_counts_and_valid_rows_only_imports_the_rest(ministries):
    bad = "2001009;1;Amina;Otieno;;;;;ict;;;"
    dry = run(csv_bytes(*GOOD, bad), dry_run=True)
    assert dry.counts == {"new": 3, "updated": 0, "unchanged": 0, "rejected": 1}
    assert Person.objects.count() == 0
    partial = run(csv_bytes(*GOOD, bad), valid_rows_only=True)
    assert partial.applied and Person.objects.count() == 3


def test_comma_lf_without_bom_and_an_excel_workbook(ministries):
    comma = csv_bytes(
        *(line.replace(";", ",") for line in GOOD), header=HEADER.replace(";", ","), bom=False
    )
    assert run(comma.replace(b"\r\n", b"\n")).counts["new"] == 3
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["Personal Number", "First name", "Last name", "Date of birth", "Phone", "Institution"]
    )
    sheet.append(
        [
            3001001,
            "Zawadi",
            "Shee",
            datetime.datetime(1992, 4, 1, tzinfo=datetime.UTC).replace(tzinfo=None),
            712999888,
            "health",
        ]
    )
    out = io.BytesIO()
    book.save(out)
    result = run(out.getvalue(), "staff.xlsx")
    assert result.counts["new"] == 1, result.rejected
    zawadi = Person.objects.get(personal_number="3001001")
    assert (zawadi.date_of_birth, zawadi.phone) == (datetime.date(1992, 4, 1), "+254712999888")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\xff\xfe" * 200, "not UTF-8"),
        ("Jina;Surname\nAmina;Otieno\n".encode("utf-16"), "not UTF-8"),
        ("First Name;Surname\nAmélie;Dufour\n".encode("latin-1"), "not UTF-8"),
        (b"PK\x03\x04garbage that is not a workbook", "cannot be opened"),
        (b"Name;Phone\nAmina;0712\n", "no column for: first_name, last_name"),
        (b"First Name;Surname;Given name\n", "Two columns"),
    ],
)
def test_unusable_files_are_refused_whole(ministries, data, message):
    with pytest.raises(UnusableFile) as problem:
        run(data)
    assert message in str(problem.value)
    assert Person.objects.count() == 0


def test_the_upload_limit_is_exact(ministries, settings):
    data = csv_bytes(*GOOD)
    settings.UJUZI = dataclasses.replace(settings.UJUZI, import_max_bytes=len(data))
    assert run(data).counts["new"] == 3
    settings.UJUZI = dataclasses.replace(settings.UJUZI, import_max_bytes=len(data) - 1)
    with pytest.raises(UnusableFile, match="larger than the limit"):
        run(data)


def test_formula_text_is_neutralised_in_the_errors_file(ministries):
    hostile = '2001009;;=HYPERLINK("http://evil.example");Otieno;;;;;ict;;;@SUM(A1)'
    result = run(csv_bytes(GOOD[0], hostile, "2001010;;+cmd;-2+3;;;;;nowhere;;;"))
    text = errors_csv(result.header, result.rejected)
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text and "'+cmd" in text and "'-2+3" in text
    assert ",=" not in text and ";=" not in text
    assert not result.applied and Person.objects.count() == 0


def test_the_errors_file_opens_with_its_header_on_the_first_line(ministries):
    result = run(csv_bytes(GOOD[0], "2001009;1;Amina;=Otieno;;;;;ict;;;"))
    reader = csv.DictReader(io.StringIO(errors_csv(result.header, result.rejected), newline=""))
    rows = list(reader)
    assert reader.fieldnames == ["line", "reasons", *HEADER.split(";")]
    assert [(row["line"], row["PF Number"], row["Surname"]) for row in rows] == [
        ("3", "2001009", "'=Otieno")
    ]
    assert "national ID must be 5 to 9 digits" in rows[0]["reasons"]


def test_the_command_exits_0_1_or_2_and_writes_the_errors_file(ministries, tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes(*GOOD))
    call_command("import", "people", str(good), "--dry-run")
    assert Person.objects.count() == 0
    call_command("import", "people", str(good))
    assert Person.objects.count() == 3
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes("2001009;1;Amina;Otieno;;;;;ict;;;"))
    errors = tmp_path / "errors.csv"
    with pytest.raises(SystemExit) as exited:
        call_command("import", "people", str(bad), "--errors", str(errors))
    assert exited.value.code == 1
    assert "national ID must be 5 to 9 digits" in errors.read_text()
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CommandError) as unusable:
        call_command("import", "people", str(garbage))
    assert unusable.value.returncode == 2
    with pytest.raises(CommandError) as unknown:
        call_command("import", "people", str(good), "--institution", "nope")
    assert unknown.value.returncode == 2


def many_rows(count: int, start: int = 0) -> list[str]:
    return [
        f"{5000000 + n};{30000000 + n};Amina{n};Otieno;{'F' if n % 2 else ''};1990-01-02;"
        f"amina{n}@ict.go.ke;07{10000000 + n};ict;Officer;K;Kisumu"
        for n in range(start, start + count)
    ]


def test_a_large_import_is_journaled_per_record_and_each_person_erasable_alone(ministries):
    from tests.core.test_journal import journal_mismatches
    from ujuzi.core import crypto
    from ujuzi.core.journal import replay
    from ujuzi.core.models import DataKey

    result = run(csv_bytes(*many_rows(5003)))  # more than one chunk of the bulk write
    assert result.counts == {"new": 5003, "updated": 0, "unchanged": 0, "rejected": 0}
    assert PersonSensitive.objects.count() == 2501
    assert journal_mismatches(Person) == []
    assert journal_mismatches(PersonSensitive) == []
    people = list(Person.objects.order_by("personal_number"))
    assert DataKey.objects.filter(subject_id__in=[p.pk for p in people]).count() == 5003
    entry = JournalEntry.objects.get(record_id=people[1].pk)
    assert entry.subject_id == people[1].pk and b"Amina1" not in bytes(entry.sealed_values)
    assert crypto.open_values(entry.subject_id, bytes(entry.sealed_values))["first_name"] == (
        "Amina1"
    )
    actions = sorted(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("person.bulk_create") == actions.count("people.import") == 1
    assert actions.count("person.sensitive.bulk_create") == 1
    crypto.shred_data_key(people[1].pk)
    erased = replay(Person)
    assert erased[people[1].pk].get("erased") is True
    assert erased[people[2].pk]["first_name"] == "Amina2"
    assert replay(PersonSensitive)[people[1].sensitive.pk].get("erased") is True


def test_a_large_re_import_updates_in_bulk_journaled_per_record(ministries):
    from tests.core.test_journal import journal_mismatches
    from ujuzi.core import crypto

    run(csv_bytes(*many_rows(5003)))
    audits = AuditEntry.objects.count()
    # A new job title for everyone (more than one batch), and a sex for those without one.
    promoted = [
        row.replace(";Officer;", ";Senior Officer;").replace(";;1990", ";M;1990")
        for row in many_rows(5003)
    ]
    result = run(csv_bytes(*promoted))
    assert result.counts == {"new": 0, "updated": 5003, "unchanged": 0, "rejected": 0}
    assert Person.objects.filter(job_title="Senior Officer").count() == 5003
    assert PersonSensitive.objects.filter(sex="male").count() == 2502
    assert journal_mismatches(Person) == []
    assert journal_mismatches(PersonSensitive) == []
    person = Person.objects.get(personal_number="5000000")
    entry = JournalEntry.objects.filter(record_id=person.pk).latest("seq")
    assert (entry.operation, entry.changed_fields, entry.values) == ("update", ["job_title"], {})
    opened = crypto.open_values(person.pk, bytes(entry.sealed_values))
    assert opened == {"job_title": "Senior Officer"}
    actions = list(AuditEntry.objects.order_by("pk")[audits:].values_list("action", "details"))
    assert actions == [
        ("person.bulk_update", {"count": 5003}),
        ("person.sensitive.bulk_create", {"count": 2502}),
        ("people.import", {"file": "staff.csv", **result.counts}),
    ]
    before = dump()
    assert run(csv_bytes(*promoted)).counts["unchanged"] == 5003
    assert {k: v for k, v in dump().items() if k != "AuditEntry"} == {
        k: v for k, v in before.items() if k != "AuditEntry"
    }


def test_a_failure_while_updating_leaves_the_database_as_it_was(ministries, monkeypatch):
    from ujuzi.core import records

    run(csv_bytes(*GOOD))
    before = dump()
    real_update = records._update_rows

    def failing_update(model, names, instances, batch_size):
        real_update(model, names, instances, batch_size)
        raise RuntimeError("disk full")

    monkeypatch.setattr(records, "_update_rows", failing_update)
    changed = [row.replace(";ict;", ";health;") for row in GOOD[:2]]
    with pytest.raises(RuntimeError, match="disk full"):
        run(csv_bytes(*changed, *many_rows(3, start=100)))
    assert dump() == before


def test_a_failure_while_writing_leaves_the_database_as_it_was(ministries, monkeypatch):
    from ujuzi.core import records

    run(csv_bytes(*GOOD))
    before = dump()
    calls = []
    real_write = records.RecordsBulkWriter.write

    def failing_write(self, rows, **options):
        calls.append(len(rows))
        if len(calls) == 3:  # the second chunk's people, after a whole chunk was written
            raise RuntimeError("disk full")
        return real_write(self, rows, **options)

    monkeypatch.setattr(records.RecordsBulkWriter, "write", failing_write)
    with pytest.raises(RuntimeError, match="disk full"):
        run(csv_bytes(*many_rows(5001, start=100)))
    assert dump() == before
    assert run(csv_bytes(*many_rows(3, start=100)), dry_run=True).counts["new"] == 3
    assert dump() == before


def test_a_row_the_database_refuses_mid_write_fails_the_whole_import(ministries, monkeypatch):
    """On PostgreSQL the batches go in from a thread: its refusal still fails the import."""
    from django.db import IntegrityError

    from ujuzi.people import services

    run(csv_bytes(*GOOD))
    before = dump()
    taken = Person.objects.order_by("pk").first().pk
    made = []
    new_keys = services.new_keys

    def reused_id(count):  # the second chunk's first person takes a key already in use
        made.append(count)
        keys = new_keys(count)
        if len(made) == 2:
            keys[0] = taken
        return keys

    monkeypatch.setattr(services, "new_keys", reused_id)
    with pytest.raises(IntegrityError):
        run(csv_bytes(*many_rows(5003, start=100)))
    assert dump() == before
    monkeypatch.undo()
    result = run(csv_bytes(*many_rows(5003, start=100)))
    assert result.applied and Person.objects.count() == 5006
