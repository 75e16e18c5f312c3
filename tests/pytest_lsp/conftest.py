"""Fixtures: the revlint binary under test and a client per recorded editor.

Each test runs once per client capability set (VS Code 1.65, Neovim current, Neovim 0.7), each
against its own `revlint lsp` process, initialized as that editor would initialize it.
"""

from __future__ import annotations

import asyncio
import os
import pathlib

import pytest
import pytest_asyncio
from lsprotocol import types
from pytest_lsp import ClientServerConfig, client_capabilities

from support import REPO, TIMEOUT, RecordingClient, file_uri, make_client

CLIENTS = ["visual-studio-code", "neovim", "neovim@v0.7.0"]


def clients_declaring(dotted: str) -> list[str]:
    """The clients whose recorded capabilities include `dotted` (for tests of a request that
    only such a client sends)."""
    from pygls.capabilities import get_capability

    return [c for c in CLIENTS if get_capability(client_capabilities(c), dotted, None)]


def server_binary() -> pathlib.Path:
    """`REVLINT_BIN`, else the release build, else the debug build."""
    if configured := os.environ.get("REVLINT_BIN"):
        path = pathlib.Path(configured)
        if not path.is_absolute():
            path = REPO / path
        candidates = [path]
    else:
        candidates = [REPO / "target" / "release" / "revlint", REPO / "target" / "debug" / "revlint"]
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    raise pytest.UsageError(
        f"no revlint binary at {' or '.join(map(str, candidates))}: run `cargo build` or set REVLINT_BIN"
    )


def pytest_report_header(config: pytest.Config) -> str:
    return f"revlint binary: {server_binary()}"


@pytest.fixture(scope="session")
def revlint_bin() -> pathlib.Path:
    return server_binary()


@pytest_asyncio.fixture(params=CLIENTS)
async def client(request: pytest.FixtureRequest, revlint_bin: pathlib.Path):
    spec: str = request.param
    # VS Code's client appends --stdio to the server's arguments; Neovim runs the command as set.
    args = ["lsp", "--stdio"] if spec == "visual-studio-code" else ["lsp"]
    config = ClientServerConfig(server_command=[str(revlint_bin), *args], client_factory=make_client)
    lsp: RecordingClient = await config.start()  # type: ignore[assignment]
    lsp.spec = spec
    lsp.open_version = 0 if spec.startswith("neovim") else 1
    name, _, version = spec.partition("@")
    lsp.init_result = await asyncio.wait_for(
        lsp.initialize_session(
            types.InitializeParams(
                capabilities=client_capabilities(spec),
                client_info=types.ClientInfo(name=name, version=version or None),
                root_uri=file_uri(REPO),
                workspace_folders=[types.WorkspaceFolder(uri=file_uri(REPO), name=REPO.name)],
            )
        ),
        TIMEOUT,
    )
    encoding = lsp.init_result.capabilities.position_encoding
    lsp.encoding = encoding or types.PositionEncodingKind.Utf16

    yield lsp

    try:
        if not lsp.exited:
            await asyncio.wait_for(lsp.shutdown_session(), TIMEOUT)
            assert lsp._server is not None
            assert lsp._server.returncode == 0, f"exit after shutdown: status {lsp._server.returncode}"
        assert lsp.unexpected_errors() == [], "the server logged errors"
    finally:
        # A server that did not exit (a failed test) is ended here, or stop() would wait for it.
        if lsp._server is not None and lsp._server.returncode is None:
            lsp._server.kill()
        await lsp.stop()
