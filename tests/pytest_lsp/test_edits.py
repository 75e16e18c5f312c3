"""Incremental didChange with multi-byte text (emoji, curly quotes) in the negotiated
encoding, and quick fixes applied the way an editor applies them."""

from __future__ import annotations

from lsprotocol import types

from support import EXAMPLES, RecordingClient, check_code_actions, check_hover, file_uri, units

DRAFT = EXAMPLES / "revenue-note-10q-draft.md"
CLEAN = EXAMPLES / "revenue-note-10k.md"


def codes(found: list[types.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in found)


async def code_actions(client: RecordingClient, doc, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc.identifier(),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic], trigger_kind=types.CodeActionTriggerKind.Invoked),
        )
    )
    return check_code_actions(client, doc, result)


def preferred_fix(actions: list[types.CodeAction], code: str) -> types.CodeAction:
    fixes = [a for a in actions if a.is_preferred and a.diagnostics and a.diagnostics[0].code == code]
    assert len(fixes) == 1, [a.title for a in actions]
    fix = fixes[0]
    assert fix.kind == types.CodeActionKind.QuickFix
    assert fix.edit is not None and fix.edit.changes is not None
    return fix


async def test_typing_emoji_and_curly_quotes_moves_findings_by_the_right_units(client: RecordingClient):
    doc = client.open(file_uri(DRAFT), DRAFT.read_text())
    before = await client.findings(doc)
    tbd = next(d for d in before if d.code == "placeholder" and doc.text_in(d.range) == "TBD")

    # Type an emoji and a curly-quoted word at the start of the TBD's line, one edit each.
    line_start = doc.index(types.Position(line=tbd.range.start.line, character=0))
    typed = ""
    for piece in ["📈", " ", "“", "Draft", "”", " "]:
        at = line_start + len(typed)
        client.edit(doc, at, at, piece)
        typed += piece
    after = await client.findings(doc)
    assert codes(after) == codes(before)
    moved = next(d for d in after if d.code == "placeholder" and doc.text_in(d.range) == "TBD")
    assert moved.range.start.line == tbd.range.start.line
    # 📈 is 2 UTF-16 units and 4 UTF-8 bytes; each curly quote 1 unit and 3 bytes.
    shift = {
        types.PositionEncodingKind.Utf8: 4 + 1 + 3 + 5 + 3 + 1,
        types.PositionEncodingKind.Utf16: 2 + 1 + 1 + 5 + 1 + 1,
    }
    assert shift[client.encoding] == units(typed, client.encoding)
    assert moved.range.start.character == tbd.range.start.character + shift[client.encoding]

    # Fill the TBD in (with an emoji): that finding goes, the other placeholder stays.
    at = doc.find("TBD")
    client.edit(doc, at, at + 3, "Confirmed 👍")
    after = await client.findings(doc)
    assert [doc.text_in(d.range) for d in after if d.code == "placeholder"] == ["[•]"]

    # Several changes in one didChange (as an editor sends a multi-range edit), last one first.
    client.text_document_did_change(
        doc.apply(
            [
                types.TextEdit(range=doc.range_of("[•]"), new_text="159.6"),
                types.TextEdit(range=doc.range_of("March 31, 2025"), new_text="June 30, 2025"),
            ]
        )
    )
    after = await client.findings(doc)
    assert "placeholder" not in codes(after) and "date-mismatch" not in codes(after), codes(after)


async def test_deleting_and_restoring_the_rpo_paragraph(client: RecordingClient):
    doc = client.open(file_uri(CLEAN), CLEAN.read_text())
    assert await client.findings(doc) == []

    # Delete the RPO section (heading and paragraph) by an incremental edit.
    start, end = doc.find("## Remaining Performance Obligations"), doc.find("## Contract Costs")
    removed = doc.text[start:end]
    client.edit(doc, start, end, "")
    found = await client.findings(doc)
    assert codes(found) == ["rpo-amount"]
    actions = await code_actions(client, doc, found[0])
    fix = preferred_fix(actions, "rpo-amount")
    assert "template" in fix.title
    assert any("[X]" in e.new_text for e in fix.edit.changes[doc.uri]), fix.edit

    # Restore it with an emoji earlier on the amount's line: clean again, hovers still right.
    restored = removed.replace("As of December 31, 2024,", "🧾 As of December 31, 2024,", 1)
    assert restored != removed
    client.edit(doc, start, start, restored)
    assert await client.findings(doc) == []
    for needle, expected in [("$243.9 million", "$243,900,000"), ("58%", "$141.5 million")]:
        hover = await client.text_document_hover_async(
            types.HoverParams(text_document=doc.identifier(), position=doc.at(needle))
        )
        assert hover is not None, needle
        assert expected in check_hover(client, doc, hover)
        assert hover.range is not None and doc.text_in(hover.range) == needle


async def test_missing_element_quick_fix_inserts_a_template_then_placeholders_are_flagged(client: RecordingClient):
    doc = client.open(file_uri(DRAFT), DRAFT.read_text())
    found = await client.findings(doc)
    timing = next(d for d in found if d.code == "rpo-timing")
    fix = preferred_fix(await code_actions(client, doc, timing), "rpo-timing")
    edits = fix.edit.changes[doc.uri]
    inserted = [e.new_text for e in edits]

    client.text_document_did_change(doc.apply(list(edits)))
    after = await client.findings(doc)
    assert "rpo-timing" not in codes(after), codes(after)
    # The template's placeholders are flagged until the writer fills them in.
    new_placeholders = [
        doc.text_in(d.range) for d in after if d.code == "placeholder" and doc.text_in(d.range) not in ("[•]", "TBD")
    ]
    assert new_placeholders, after
    assert all(p in "".join(inserted) for p in new_placeholders), (new_placeholders, inserted)


async def test_date_quick_fix_replaces_the_date_with_the_period_end(client: RecordingClient):
    doc = client.open(file_uri(DRAFT), DRAFT.read_text())
    found = await client.findings(doc)
    date = next(d for d in found if d.code == "date-mismatch")
    fix = preferred_fix(await code_actions(client, doc, date), "date-mismatch")
    assert [(doc.text_in(e.range), e.new_text) for e in fix.edit.changes[doc.uri]] == [
        ("March 31, 2025", "June 30, 2025")
    ]
    client.text_document_did_change(doc.apply(list(fix.edit.changes[doc.uri])))
    assert "date-mismatch" not in codes(await client.findings(doc))


async def test_disabling_a_rule_for_the_document(client: RecordingClient):
    doc = client.open(file_uri(DRAFT), DRAFT.read_text())
    found = await client.findings(doc)
    mixed = next(d for d in found if d.code == "mixed-terms")
    actions = await code_actions(client, doc, mixed)
    disable = next(a for a in actions if a.title == "Disable mixed-terms for this document")
    assert disable.edit is not None and disable.edit.changes is not None
    client.text_document_did_change(doc.apply(list(disable.edit.changes[doc.uri])))
    after = await client.findings(doc)
    assert codes(after) == sorted(c for c in codes(found) if c != "mixed-terms")
