"""Which documents get findings, and what a published finding carries: rule code, the rule's
page, severity, related places, ranges in the negotiated encoding."""

from __future__ import annotations

from lsprotocol import types

from support import EXAMPLES, REPO, RecordingClient, file_uri

DRAFT = EXAMPLES / "revenue-note-10q-draft.md"
CLEAN = EXAMPLES / "revenue-note-10k.md"

# `revlint check examples/revenue-note-10q-draft.md`, in document order.
DRAFT_FINDINGS = [
    ("rpo-timing", types.DiagnosticSeverity.Error, "Note 3. Revenue"),
    ("missing-table", types.DiagnosticSeverity.Error, "The following table presents revenue by geographic area"),
    ("placeholder", types.DiagnosticSeverity.Error, "[•]"),
    ("mixed-terms", types.DiagnosticSeverity.Information, "unearned revenue"),
    ("date-mismatch", types.DiagnosticSeverity.Warning, "March 31, 2025"),
    ("placeholder", types.DiagnosticSeverity.Error, "TBD"),
]


async def test_a_draft_note_gets_its_findings_on_open(client: RecordingClient):
    doc = client.open(file_uri(DRAFT), DRAFT.read_text())
    found = await client.findings(doc)
    found.sort(key=lambda d: (d.range.start.line, d.range.start.character))

    assert [(d.code, d.severity) for d in found] == [(code, sev) for code, sev, _ in DRAFT_FINDINGS]
    for d, (code, _, text) in zip(found, DRAFT_FINDINGS):
        assert doc.text_in(d.range).startswith(text), (code, doc.text_in(d.range))
        # The rule's page in the workspace's docs/rules/ (the check also opens it).
        assert d.code_description is not None, d
        assert d.code_description.href == file_uri(REPO / "docs" / "rules" / f"{code}.md")
        assert d.message, d

    # "$[•] million": the bullet is one UTF-16 unit but three UTF-8 bytes.
    bullet = found[2]
    assert bullet.range.start.character == 1
    assert bullet.range.end.character == (6 if client.encoding == types.PositionEncodingKind.Utf8 else 4)

    # Another place that matters comes as relatedInformation (every recorded client takes it).
    mixed = found[3]
    assert mixed.related_information, mixed
    assert doc.text_in(mixed.related_information[0].location.range).lower() == "deferred revenue"
    date = found[4]
    assert date.related_information, date
    assert doc.text_in(date.related_information[0].location.range) == "June 30, 2025"


async def test_a_clean_note_gets_an_empty_publish(client: RecordingClient):
    doc = client.open(file_uri(CLEAN), CLEAN.read_text())
    assert await client.findings(doc) == []


async def test_a_readme_gets_nothing(client: RecordingClient):
    readme = REPO / "README.md"
    doc = client.open(file_uri(readme), readme.read_text())
    # Published (empty), so an editor clears anything it showed.
    assert await client.findings(doc) == []
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc.identifier(), position=doc.at("revlint"))
    )
    assert hover is None
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=doc.identifier()))
    assert not lenses


async def test_a_note_not_named_for_revenue_is_checked_on_request(client: RecordingClient):
    doc = client.open(file_uri(EXAMPLES / "leases.md"), "# Leases\n\nThe lease term is TBD.\n")
    assert await client.findings(doc) == []
    mark = len(client.published)
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="revlint.checkDocument", arguments=[doc.uri])
    )
    assert result is None
    found = await client.findings(doc, after=mark)
    # Every rule runs: the placeholder, and the missing ASC 606 elements a leases note lacks.
    assert [doc.text_in(d.range) for d in found if d.code == "placeholder"] == ["TBD"]
    assert "rpo-amount" in {d.code for d in found}
