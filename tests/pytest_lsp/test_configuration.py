"""workspace/didChangeConfiguration: severities, rules off, inlay hints off, and a broken
setting that leaves the last good configuration in force."""

from __future__ import annotations

import asyncio

from lsprotocol import types

from support import EXAMPLES, TIMEOUT, RecordingClient, file_uri

DRAFT = EXAMPLES / "revenue-note-10q-draft.md"


def severities(found: list[types.Diagnostic], code: str) -> set[types.DiagnosticSeverity | None]:
    return {d.severity for d in found if d.code == code}


async def change_settings(client: RecordingClient, doc, settings: dict) -> list[types.Diagnostic]:
    """Sends the settings as the editors do (under the server's section) and returns the
    diagnostics republished for the unchanged document."""
    mark = len(client.published)
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"revlint": settings}))
    return await client.findings(doc, after=mark)


async def test_settings_change_severities_and_rules(client: RecordingClient):
    doc = client.open(file_uri(DRAFT), DRAFT.read_text())
    found = await client.findings(doc)
    assert severities(found, "placeholder") == {types.DiagnosticSeverity.Error}

    found = await change_settings(client, doc, {"rules": {"placeholder": "warning", "mixed-terms": "off"}})
    assert severities(found, "placeholder") == {types.DiagnosticSeverity.Warning}
    assert "mixed-terms" not in {d.code for d in found}

    # A broken value: a message the user sees (wait_for_notification is set up right after
    # the notification that triggers it: it does not see earlier ones).
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"revlint": {"form": "8-K"}})
    )
    shown: types.ShowMessageParams = await asyncio.wait_for(
        client.wait_for_notification(types.WINDOW_SHOW_MESSAGE), TIMEOUT
    )
    assert shown.type in (types.MessageType.Error, types.MessageType.Warning)
    assert "form" in shown.message, shown.message

    # ... and the last good settings stay in force for the next edit.
    at = doc.find("TBD")
    client.edit(doc, at, at, "🙂 ")
    found = await client.findings(doc)
    assert severities(found, "placeholder") == {types.DiagnosticSeverity.Warning}
    assert "mixed-terms" not in {d.code for d in found}

    found = await change_settings(client, doc, {"rules": {"placeholder": "off"}})
    assert "placeholder" not in {d.code for d in found}


async def test_settings_turn_inlay_hints_off(client: RecordingClient):
    doc = client.open(file_uri(DRAFT), DRAFT.read_text())
    await client.findings(doc)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"revlint": {"inlayHints": False}})
    )
    # Requests are answered in order, after the configuration change.
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(text_document=doc.identifier(), range=doc.whole())
    )
    assert not hints
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"revlint": {"inlayHints": True}})
    )
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(text_document=doc.identifier(), range=doc.whole())
    )
    assert hints and any(h.label == "= $412,500,000" for h in hints), hints
