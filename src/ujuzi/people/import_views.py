"""Pages of the people import: upload and check, confirm, watch progress, download errors.

Programme administrators import for any institution, training officers for their own;
everyone else gets "not found". The check runs while the page loads; the import itself
runs as a background task whose page refreshes itself (no JavaScript needed).
"""

from __future__ import annotations

import json
import uuid
from importlib import resources

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ujuzi.core.models import TaskProgress, User
from ujuzi.people.forms import ImportUploadForm
from ujuzi.people.imports.columns import FIELD_LABELS, FIELDS, column_guess
from ujuzi.people.imports.engine import ImportResult, max_upload_bytes, people_import
from ujuzi.people.imports.errors import errors_csv
from ujuzi.people.imports.reading import UnusableFile, table_read
from ujuzi.people.imports.tasks import people_import_run
from ujuzi.people.imports.uploads import Upload, upload_delete, upload_open, upload_store
from ujuzi.people.models import Institution
from ujuzi.people.policy import institution_filter, scope_for

PREVIEW_ROWS = 50


def _importer(request: HttpRequest) -> User:
    if not isinstance(request.user, User) or not scope_for(request.user).imports_people:
        raise Http404
    return request.user


def _dry_run(upload: Upload, user: User) -> ImportResult:
    options = upload.options
    chosen = str(options.get("institution") or "")
    institution = Institution.objects.filter(pk=chosen).first() if chosen else None
    return people_import(
        upload.data,
        options["filename"],
        by=user,
        institution=institution,
        mapping=options.get("mapping") or None,
        dry_run=True,
    )


def _columns(upload: Upload) -> list[tuple[int, str, str]]:
    """The file's headers with the field each is read as, for the mapping step."""
    try:
        header = table_read(
            upload.data, upload.options["filename"], max_bytes=max_upload_bytes()
        ).header
    except UnusableFile:
        return []  # not a readable table: there is nothing to map
    chosen = dict(upload.options.get("mapping") or {})
    return [
        (i, name, chosen.get(name) or column_guess(name)) for i, name in enumerate(header) if name
    ]


def _check(request: HttpRequest, upload_id: uuid.UUID, user: User) -> HttpResponse:
    upload = upload_open(upload_id, owner_id=user.pk)
    if upload is None:
        raise Http404
    options = upload.options
    try:
        result = _dry_run(upload, user)
    except UnusableFile as problem:
        context = {
            "upload_id": upload_id,
            "problem": str(problem),
            "columns": _columns(upload),
            "fields": list(FIELD_LABELS.items()),
        }
        return render(request, "people/import_unusable.html", context, status=400)
    context = {
        "upload_id": upload_id,
        "options": options,
        "result": result,
        "preview": result.rejected[:PREVIEW_ROWS],
        "importable": result.new + result.updated > 0
        and (not result.rejected or options.get("valid_rows_only")),
    }
    return render(request, "people/import_check.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def people_import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a file; it is checked at once and nothing is written yet."""
    user = _importer(request)
    institutions = Institution.objects.filter(institution_filter(scope_for(user))).order_by("name")
    posted = request.method == "POST"
    form = ImportUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        institutions=institutions,
    )
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        institution = form.cleaned_data["institution"]
        upload_id = upload_store(
            upload.read(),
            owner_id=user.pk,
            options={
                "filename": upload.name[:200],
                "institution": str(institution.pk) if institution else "",
                "valid_rows_only": form.cleaned_data["valid_rows_only"],
            },
        )
        return redirect("people-import-check", upload_id)
    context = {"form": form, "limit": max_upload_bytes()}
    return render(request, "people/import_upload.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def people_import_check(request: HttpRequest, upload_id: uuid.UUID) -> HttpResponse:
    """The dry run of an upload; a POST of a column mapping checks it again with it."""
    user = _importer(request)
    if request.method == "POST":
        upload = upload_open(upload_id, owner_id=user.pk)
        if upload is None:
            raise Http404
        # "column-<i>" = the field the file's i-th column holds ("" to leave it out).
        mapping = {}
        for index, name, _guess in _columns(upload):
            field = str(request.POST.get(f"column-{index}", ""))
            if field in FIELDS:
                mapping[name] = field
        new_id = upload_store(
            upload.data, owner_id=user.pk, options={**upload.options, "mapping": mapping}
        )
        upload_delete(upload_id)
        return redirect("people-import-check", new_id)
    return _check(request, upload_id, user)


@login_required
@require_POST
def people_import_confirm(request: HttpRequest, upload_id: uuid.UUID) -> HttpResponse:
    """Start the import of a checked upload in the background."""
    user = _importer(request)
    if upload_open(upload_id, owner_id=user.pk) is None:
        raise Http404
    progress = TaskProgress.objects.create(kind="people.import", started_by=user.pk)
    people_import_run.enqueue(str(progress.pk), str(upload_id), str(user.pk))
    return redirect("people-import-progress", progress.pk)


@login_required
def people_import_progress(request: HttpRequest, task_id: uuid.UUID) -> HttpResponse:
    """How far the import has got; the page refreshes itself until it is done."""
    user = _importer(request)
    progress = TaskProgress.objects.filter(
        pk=task_id, kind="people.import", started_by=user.pk
    ).first()
    if progress is None:
        raise Http404
    summary = json.loads(progress.message) if progress.state == TaskProgress.State.DONE else {}
    context = {"progress": progress, "summary": summary}
    return render(request, "people/import_progress.html", context)


@login_required
def people_import_errors(request: HttpRequest, upload_id: uuid.UUID) -> HttpResponse:
    """The rejected rows of a checked upload as CSV, safe to open in a spreadsheet."""
    user = _importer(request)
    upload = upload_open(upload_id, owner_id=user.pk)
    if upload is None:
        raise Http404
    try:
        result = _dry_run(upload, user)
    except UnusableFile:
        raise Http404 from None
    response = HttpResponse(
        errors_csv(result.header, result.rejected), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="rejected-rows.csv"'
    return response


@login_required
def people_import_sample(request: HttpRequest) -> HttpResponse:
    """A small made-up HR export to try the import with (example.go.ke addresses)."""
    _importer(request)
    sample = resources.files("ujuzi.people") / "data" / "sample-hr-export.csv"
    response = HttpResponse(sample.read_bytes(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sample-hr-export.csv"'
    return response
