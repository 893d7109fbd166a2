"""Canvas LMS: an IMS Common Cartridge imported into a course through a content migration.

The flow follows Canvas' public API documentation (assumptions in docs/connectors.md):

1. ``POST /api/v1/courses/:id/content_migrations`` with ``migration_type=common_cartridge_importer``
   and ``pre_attachment[name|size]``: Canvas answers with the migration, its ``progress_url`` and
   ``pre_attachment.upload_url`` + ``upload_params``;
2. the file is POSTed as multipart/form-data to ``upload_url`` with every upload parameter
   unchanged and ``file`` last, without our token; a 3xx or 201 with a Location is confirmed by
   an authenticated GET of that Location;
3. ``progress_url`` is polled until ``completed`` or ``failed``.

Each step is checkpointed in the job, so a restarted job continues the same migration (asking
Canvas for fresh upload parameters with a PUT when the upload had not finished). Canvas matches
imported items by their cartridge identifiers, which our builder keeps stable per lesson, so a
republish (or a migration repeated after a lost answer) updates the course's items in place.
"""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote

from editor.progress import Cancelled
from publishing.connectors.base import (
    Connector,
    Content,
    NotSupported,
    PermanentError,
    RemoteStatus,
    Step,
    TransientError,
    remote_name,
)
from publishing.connectors.http import TIMEOUT_HELP, Http, seconds_option, timeout_option
from publishing.credentials import Secret
from publishing.outcomes import Cause
from publishing.targets import RemoteRef, Target

MIGRATION_TYPE = "common_cartridge_importer"


class CanvasConnector(Connector):
    name = "canvas"
    title = "Canvas LMS (Common Cartridge import)"
    secret_label = "access token"
    formats = ("imscc",)
    default_format = "imscc"
    options: ClassVar[dict[str, str]] = {"course_id": "the course that receives the lessons",
               "poll_seconds": "seconds between progress checks (default 3)",
               "poll_limit": "seconds to watch one import before checking again later (default 600)",
               "format": "always imscc",
               "timeout": TIMEOUT_HELP}
    required_options = ("course_id",)

    def __init__(self, target: Target, secret: Secret | None) -> None:
        super().__init__(target, secret)
        timeout = timeout_option(target.option("timeout"))
        token = secret.reveal() if secret else ""
        self.api = Http(target.endpoint.rstrip("/") + "/", timeout=timeout, secrets=[secret],
                        headers={"Authorization": f"Bearer {token}"})
        # The upload URL may be another service (a file store): it must never see our token.
        self.uploads = Http(target.endpoint, timeout=timeout, secrets=[secret])
        self.course = target.option("course_id")
        self.poll_seconds = _seconds(target.option("poll_seconds"), 3.0, "poll_seconds")
        self.poll_limit = _seconds(target.option("poll_limit"), 600.0, "poll_limit")

    def test_connection(self) -> str:
        course = self.api.request("GET", f"api/v1/courses/{self.course}", expect=(200,)).json()
        return f"{self.api.host} accepted the token; course: {course.get('name', self.course)}."

    def publish(self, content: Content, step: Step) -> RemoteRef:
        if content.package is None:
            raise PermanentError("Nothing to import: the cartridge was not built.", cause=Cause.PACKAGE)
        migrations = f"api/v1/courses/{self.course}/content_migrations"
        checkpoint = step.checkpoint
        name = f"{content.slug or 'lesson'}-{content.item_id}.imscc"
        size = content.package.stat().st_size
        form = {"pre_attachment[name]": name, "pre_attachment[size]": str(size)}
        pre: dict[str, Any] | None = None
        if "migration_id" not in checkpoint:
            step.progress(0.05, "Starting the import")
            migration = self.api.request("POST", migrations, data={"migration_type": MIGRATION_TYPE, **form},
                                         expect=(200, 201)).json()
            checkpoint.update(migration_id=str(migration["id"]), progress_url=str(migration["progress_url"]))
            step.save()
            pre = migration.get("pre_attachment") or {}
        if not checkpoint.get("uploaded"):
            if pre is None:   # resumed: the earlier upload parameters may have expired
                pre = self.api.request("PUT", f"{migrations}/{checkpoint['migration_id']}", data=form,
                                       expect=(200,)).json().get("pre_attachment") or {}
            self._upload(pre, content.package, name, step)
            checkpoint["uploaded"] = True
            step.save()
        self._wait_for(str(checkpoint["progress_url"]), step)
        return self.update_ref(str(checkpoint["migration_id"]))

    def update(self, content: Content, remote: RemoteRef, step: Step) -> RemoteRef:
        # A new import of the same cartridge updates the items it made before (same identifiers).
        return self.publish(content, step)

    def retire(self, remote: RemoteRef, step: Step) -> None:
        raise NotSupported("Canvas cannot undo an import through its API: unpublish or delete the lesson's "
                           f"module in the course ({self.update_ref(remote.id).url}).")

    def status(self, remote: RemoteRef) -> RemoteStatus:
        migration = quote(remote_name(remote.id, "import id"), safe="")
        answer = self.api.request("GET", f"api/v1/courses/{self.course}/content_migrations/{migration}",
                                  expect=(200, 404))
        if answer.status_code == 404:
            return RemoteStatus(False, details="Canvas no longer knows this import.")
        return RemoteStatus(True, remote.url, f"import {answer.json().get('workflow_state', 'unknown')}")

    def close(self) -> None:
        self.api.close()
        self.uploads.close()

    def update_ref(self, migration_id: str) -> RemoteRef:
        course_url = f"{self.target.endpoint.rstrip('/')}/courses/{self.course}"
        return RemoteRef(migration_id, course_url, {"course_id": self.course})

    def _upload(self, pre: dict[str, Any], package: Path, name: str, step: Step) -> None:
        upload_url = str(pre.get("upload_url") or "")
        if not upload_url:
            raise PermanentError(f"Canvas refused the file: {pre.get('message') or 'no upload address'}. "
                                 "Check the course's storage quota.", cause=Cause.STORAGE)
        params = {str(k): str(v) for k, v in (pre.get("upload_params") or {}).items()}
        with _ProgressFile(package, step) as data:
            answer = self.uploads.request("POST", upload_url, data=params,
                                          files={"file": (name, data, "application/zip")},
                                          expect=(200, 201, 301, 302, 303))
        location = answer.headers.get("Location")
        if location:   # confirming is what makes the file available to the import
            self.api.request("GET", location, expect=(200, 201))

    def _wait_for(self, progress_url: str, step: Step) -> None:
        deadline = time.monotonic() + self.poll_limit
        while True:
            progress = self.api.request("GET", progress_url, expect=(200,)).json()
            state = progress.get("workflow_state")
            step.progress(0.6 + 0.4 * float(progress.get("completion") or 0) / 100, "Canvas is importing")
            if state == "completed":
                return
            if state == "failed":
                reason = progress.get("message") or "no reason given"
                raise PermanentError(f"Canvas could not import the cartridge: {reason}. Open the course's "
                                     "import page for details, fix the lesson, then publish again.",
                                     cause=Cause.VALIDATION)
            if time.monotonic() >= deadline:
                raise TransientError("Canvas is still importing the cartridge.", cause=Cause.SERVER,
                                     retry_after=self.poll_seconds)
            step.pause(self.poll_seconds)


class _ProgressFile(io.FileIO):
    """The package as httpx reads it for the multipart body: reports progress, honours cancel."""

    def __init__(self, path: Path, step: Step) -> None:
        super().__init__(path, "rb")
        self._step, self._total, self._sent = step, max(path.stat().st_size, 1), 0

    def read(self, size: int | None = -1) -> bytes:
        if self._step.cancel.cancelled:
            raise Cancelled()
        chunk = super().read(size)
        self._sent += len(chunk)
        self._step.progress(0.1 + 0.5 * min(self._sent / self._total, 1.0), "Uploading the cartridge")
        return chunk


def _seconds(value: str, default: float, option: str) -> float:
    seconds = seconds_option(value, option, default)
    if seconds < 0:
        raise PermanentError(f"The '{option}' option cannot be negative.", cause=Cause.TARGET)
    return seconds
