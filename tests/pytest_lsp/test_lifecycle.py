"""initialize (capabilities, position encoding per client), the revlint.toml watcher, and
shutdown/exit."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types
from pygls.capabilities import get_capability

from conftest import clients_declaring
from support import TIMEOUT, RecordingClient

# What each recorded editor must end up with: Neovim >= 0.10 lists utf-8 first in
# general.positionEncodings and revlint takes it; VS Code 1.65 and Neovim 0.7 list nothing.
EXPECTED_ENCODING = {
    "visual-studio-code": types.PositionEncodingKind.Utf16,
    "neovim": types.PositionEncodingKind.Utf8,
    "neovim@v0.7.0": types.PositionEncodingKind.Utf16,
}


async def test_initialize_offers_the_features_and_negotiates_the_position_encoding(client: RecordingClient):
    result = client.init_result
    assert result is not None
    assert result.server_info is not None and result.server_info.name == "revlint"
    caps = result.capabilities

    offered = get_capability(client.capabilities, "general.position_encodings", None)
    assert caps.position_encoding == EXPECTED_ENCODING[client.spec]
    # The spec: one the client listed, or UTF-16 (the default) when it listed none.
    assert caps.position_encoding in (offered or [types.PositionEncodingKind.Utf16])

    sync = caps.text_document_sync
    assert isinstance(sync, types.TextDocumentSyncOptions), sync
    assert sync.open_close is True
    assert sync.change == types.TextDocumentSyncKind.Incremental
    assert caps.hover_provider is True
    assert caps.document_symbol_provider is True
    assert caps.inlay_hint_provider is True
    assert isinstance(caps.code_action_provider, types.CodeActionOptions)
    assert list(caps.code_action_provider.code_action_kinds or []) == [types.CodeActionKind.QuickFix]
    assert caps.code_lens_provider is not None and caps.code_lens_provider.resolve_provider is False
    assert caps.execute_command_provider is not None
    assert set(caps.execute_command_provider.commands) == {"revlint.checkDocument", "revlint.checklist"}
    # Diagnostics are pushed (publishDiagnostics): Neovim 0.7 has no pull diagnostics.
    assert caps.diagnostic_provider is None


WATCH_REGISTRATION = "workspace.did_change_watched_files.dynamic_registration"


# Only the clients that declare dynamic registration of file watchers (VS Code). revlint sends
# the registration to Neovim as well, which declares none; Neovim answers null and ignores it.
@pytest.mark.parametrize("client", clients_declaring(WATCH_REGISTRATION), indirect=True)
async def test_the_server_asks_to_watch_revlint_toml(client: RecordingClient):
    registration = await client.until(
        "the revlint.toml watcher registration",
        lambda: next((r for r in client.registrations if r.method == "workspace/didChangeWatchedFiles"), None),
    )
    options = client.protocol._converter.structure(
        registration.register_options, types.DidChangeWatchedFilesRegistrationOptions
    )
    assert [w.glob_pattern for w in options.watchers] == ["**/revlint.toml"]


async def test_shutdown_then_exit_ends_with_status_0(client: RecordingClient):
    assert await asyncio.wait_for(client.shutdown_async(None), TIMEOUT) is None
    client.exit(None)
    assert client._server is not None
    assert await asyncio.wait_for(client._server.wait(), TIMEOUT) == 0
    client.exited = True


async def test_exit_without_shutdown_ends_with_status_1(client: RecordingClient):
    client.exit(None)
    assert client._server is not None
    assert await asyncio.wait_for(client._server.wait(), TIMEOUT) == 1
    client.exited = True
