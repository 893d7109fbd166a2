"""Runs ralph's LRS app under uvicorn: ``python ralph_server.py HOST PORT`` (see servers.py).

ralph 5.1's file backend writes statements with the operation "create": the first POST makes
its statements file and every later POST fails with HTTP 500 ("already exists"). An LRS must
keep accepting statements, so this starts the unchanged app with the backend appending instead.
"""

from __future__ import annotations

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

if __name__ == "__main__":
    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
    uvicorn.run("ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), log_level="info")
