"""Document symbols, inlay hints and the checklist code lens, each for the clients that ask
for them."""

from __future__ import annotations

import pytest
from lsprotocol import types

from conftest import clients_declaring
from support import EXAMPLES, RecordingClient, check_range, check_symbols, file_uri

CLEAN = EXAMPLES / "revenue-note-10k.md"
DRAFT = EXAMPLES / "revenue-note-10q-draft.md"


async def test_document_symbols_are_the_notes_sections(client: RecordingClient):
    doc = client.open(file_uri(CLEAN), CLEAN.read_text())
    await client.findings(doc)
    result = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc.identifier())
    )
    roots = check_symbols(client, doc, result)
    assert [s.name for s in roots] == ["Note 2. Revenue from Contracts with Customers"]
    assert [c.name for c in roots[0].children or []] == [
        "Disaggregation of Revenue",
        "Performance Obligations",
        "Significant Judgments",
        "Contract Balances",
        "Remaining Performance Obligations",
        "Contract Costs",
    ]
    for section in roots[0].children or []:
        assert doc.text_in(section.selection_range) == section.name
        assert doc.text_in(section.range).startswith(section.name)


async def test_document_symbols_follow_an_edit_with_an_emoji_in_a_heading(client: RecordingClient):
    doc = client.open(file_uri(DRAFT), DRAFT.read_text())
    await client.findings(doc)
    at = doc.find("Contract Balances")
    client.edit(doc, at, at, "💼 “Key” ")
    await client.findings(doc)
    result = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc.identifier())
    )
    roots = check_symbols(client, doc, result)
    names = [c.name for c in roots[0].children or []]
    assert "💼 “Key” Contract Balances" in names, names
    section = next(c for c in roots[0].children or [] if c.name.endswith("Contract Balances"))
    assert doc.text_in(section.selection_range) == "💼 “Key” Contract Balances"


@pytest.mark.parametrize("client", clients_declaring("text_document.inlay_hint"), indirect=True)
async def test_inlay_hints_show_normalized_and_implied_amounts(client: RecordingClient):
    doc = client.open(file_uri(CLEAN), CLEAN.read_text())
    await client.findings(doc)
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(text_document=doc.identifier(), range=doc.whole())
    )
    assert hints, "no inlay hints"
    placed = set()
    for hint in hints:
        check_range(doc, types.Range(start=hint.position, end=hint.position), f"inlay hint {hint.label}")
        assert isinstance(hint.label, str)
        placed.add((hint.position.line, hint.position.character, hint.label))
    # Each hint sits right after the figure it explains.
    for figure, label in [
        ("612,480", "= $612,480,000"),
        ("$243.9 million", "= $243,900,000"),
        ("58%", "≈ $141.5 million"),
        ("31%", "≈ $75.6 million"),
    ]:
        after = doc.position(doc.find(figure) + len(figure))
        assert (after.line, after.character, label) in placed, (figure, label)

    # Only the hints in the requested range (the RPO paragraph).
    start, end = doc.find("As of December 31, 2024, the aggregate"), doc.find("## Contract Costs")
    some = await client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=doc.identifier(), range=types.Range(start=doc.position(start), end=doc.position(end))
        )
    )
    assert some is not None
    assert [h.label for h in some] == ["= $243,900,000", "≈ $141.5 million", "≈ $75.6 million"]

    # An emoji and a curly quote typed earlier on the line move the hint by their code units.
    at = doc.find("As of December 31, 2024, the aggregate")
    client.edit(doc, at, at, "🧾 “")
    await client.findings(doc)
    moved = await client.text_document_inlay_hint_async(
        types.InlayHintParams(text_document=doc.identifier(), range=doc.whole())
    )
    after = doc.position(doc.find("$243.9 million") + len("$243.9 million"))
    assert any(h.position == after and h.label == "= $243,900,000" for h in moved or []), after


@pytest.mark.parametrize("client", clients_declaring("text_document.code_lens"), indirect=True)
async def test_checklist_code_lens_and_command(client: RecordingClient):
    doc = client.open(file_uri(DRAFT), DRAFT.read_text())
    await client.findings(doc)
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=doc.identifier()))
    assert lenses is not None and len(lenses) == 1
    lens = lenses[0]
    assert lens.range.start == types.Position(line=0, character=0)
    assert lens.command is not None
    assert lens.command.title == "ASC 606: 6 of 7 elements"
    assert lens.command.command == "revlint.checklist"

    # Clicking it runs the command with the lens's arguments.
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=lens.command.command, arguments=list(lens.command.arguments or []))
    )
    assert result == {"title": "ASC 606: 6 of 7 elements", "met": 6, "total": 7, "missing": ["rpo-timing"]}
