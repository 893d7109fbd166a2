"""A cmi5 launch as an LMS makes it: the AU imported from cmi5.xml, LMS.LaunchData and the learner's
preferences written through the LMS's listener, a one-time fetch URL, and the launch URL."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from tests.runtime.lms_listener import LmsListener, running_listener
from tests.runtime.packages import DEMO_LESSON, AssignableUnit, build_unzipped, cmi5_first_au
from tests.runtime.reports import attach_diagnostics
from tests.runtime.servers import LmsWebServer, Lrs

SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
ACTOR = {"objectType": "Agent", "name": "Dana Learner",
         "account": {"homePage": "https://lms.tessera.test", "name": "learner-7"}}


def launch_url(page_url: str, **parameters: str) -> str:
    joiner = "&" if "?" in page_url else "?"
    return page_url + joiner + urllib.parse.urlencode(parameters, quote_via=urllib.parse.quote)


@dataclass(frozen=True)
class Cmi5Launch:
    au: AssignableUnit
    folder: Path          # the unzipped package
    url: str              # the launch URL, fetch URL included
    fetch: str
    registration: str
    session_id: str
    activity_id: str
    launch_data: dict[str, Any]
    state_query: dict[str, str]
    listener: LmsListener


@contextmanager
def cmi5_launch(lms_web: LmsWebServer, lrs: Lrs, tmp_path: Path, request: pytest.FixtureRequest, *,
                mastery_score: float | None = None, return_url: str = "") -> Iterator[Cmi5Launch]:
    """The demo lesson's cmi5 package, ready to launch, with the LMS's listener running meanwhile."""
    folder = build_unzipped("cmi5", DEMO_LESSON, tmp_path)
    au = cmi5_first_au(folder)
    page_url = lms_web.mount(f"{tmp_path.name}-cmi5", folder) + au.url
    registration, session_id = str(uuid4()), str(uuid4())
    activity_id = f"https://lms.tessera.test/activities/{uuid4()}"
    launch_data: dict[str, Any] = {
        "contextTemplate": {"contextActivities": {"grouping": [{"id": au.publisher_id}]},
                            "extensions": {SESSION_ID: session_id}},
        "launchMode": "Normal", "moveOn": au.move_on}
    if mastery_score is not None:
        launch_data["masteryScore"] = mastery_score
    if return_url:
        launch_data["returnURL"] = return_url
    agent = json.dumps(ACTOR)
    with running_listener(lrs, lms_web.origin) as listener:
        attach_diagnostics(request, "LMS xAPI listener requests", lambda: "\n".join(listener.requests))
        state = {"activityId": activity_id, "agent": agent, "registration": registration,
                 "stateId": "LMS.LaunchData"}
        listener.put_document("activities/state", state, launch_data)
        listener.put_document("agents/profile", {"agent": agent, "profileId": "cmi5LearnerPreferences"},
                              {"languagePreference": "en-US", "audioPreference": "on"})
        fetch = lms_web.new_fetch_url(lrs.basic_token)
        url = launch_url(page_url, endpoint=listener.endpoint, fetch=fetch, actor=agent,
                         registration=registration, activityId=activity_id)
        yield Cmi5Launch(au, folder, url, fetch, registration, session_id, activity_id, launch_data, state,
                         listener)
