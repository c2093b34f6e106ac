"""The import as a background task, reporting progress in a ``TaskProgress`` row."""

from __future__ import annotations

import json
import uuid

from django.utils import timezone
from django_tasks import task

from ujuzi.core.models import TaskProgress, User
from ujuzi.people.imports.engine import people_import
from ujuzi.people.imports.reading import UnusableFile
from ujuzi.people.imports.uploads import upload_delete, upload_open
from ujuzi.people.models import Institution


def _report(progress_id: str, **values: object) -> None:
    TaskProgress.objects.filter(pk=progress_id).update(updated_at=timezone.now(), **values)


@task()
def people_import_run(progress_id: str, upload_id: str, user_id: str) -> None:
    """Import a checked upload for the login that uploaded it; the upload is then deleted."""
    user = User.objects.filter(pk=user_id).first()
    upload = upload_open(uuid.UUID(upload_id), owner_id=user_id)
    if user is None or upload is None:
        _report(progress_id, state=TaskProgress.State.FAILED, message="upload not found")
        return
    options = upload.options
    chosen = str(options.get("institution") or "")
    institution = Institution.objects.filter(pk=chosen).first() if chosen else None
    _report(progress_id, state=TaskProgress.State.RUNNING)
    try:
        result = people_import(
            upload.data,
            options.get("filename", "upload"),
            by=user,
            institution=institution,
            mapping=options.get("mapping") or None,
            valid_rows_only=bool(options.get("valid_rows_only")),
            progress=lambda done: _report(progress_id, done=done),
        )
    except (UnusableFile, PermissionError) as error:
        _report(progress_id, state=TaskProgress.State.FAILED, message=str(error)[:500])
        return
    finally:
        upload_delete(upload.id)
    summary = {**result.counts, "applied": result.applied}
    _report(
        progress_id,
        state=TaskProgress.State.DONE,
        done=result.new + result.updated + result.unchanged + len(result.rejected),
        message=json.dumps(summary),
    )
