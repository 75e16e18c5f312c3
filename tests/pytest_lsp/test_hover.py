"""Hover on amounts, percentages, dates and headings, in the client's markup format."""

from __future__ import annotations

import pytest
from lsprotocol import types

from support import EXAMPLES, SHARED, Doc, RecordingClient, check_hover, file_uri

CLEAN = EXAMPLES / "revenue-note-10k.md"


async def hover_text(client: RecordingClient, doc: Doc, needle: str, nth: int = 0) -> str:
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc.identifier(), position=doc.at(needle, nth))
    )
    assert hover is not None, f"no hover on {needle!r}"
    text = check_hover(client, doc, hover)
    assert hover.range is not None
    covered = doc.text_in(hover.range)
    assert needle in covered or covered in needle, (needle, covered)
    return text


async def test_hover_on_the_example_notes_figures(client: RecordingClient):
    doc = client.open(file_uri(CLEAN), CLEAN.read_text())
    await client.findings(doc)

    rpo = await hover_text(client, doc, "$243.9 million")
    assert "**$243,900,000**" in rpo
    assert "remaining performance obligations" in rpo
    assert "us-gaap:RevenueRemainingPerformanceObligation" in rpo
    assert "As of December 31, 2024." in rpo

    share = await hover_text(client, doc, "58%")
    assert "≈ **$141.5 million**" in share
    assert "next 12 months" in share

    table = await hover_text(client, doc, "612,480")
    assert "$612,480,000" in table

    heading = await hover_text(client, doc, "Contract Balances")
    assert heading.startswith("**Contract Balances**\n\nThis section covers:")
    assert "contract assets (`us-gaap:ContractWithCustomerAssetNet`" in heading

    period = await hover_text(client, doc, "December 31, 2023", nth=0)
    assert "comparative year end" in period

    # Plain words: no hover.
    none = await client.text_document_hover_async(
        types.HoverParams(text_document=doc.identifier(), position=doc.at("laboratory instruments"))
    )
    assert none is None


def seed004() -> str | None:
    seeds = SHARED / "seeds"
    found = sorted(seeds.glob("004_*.txt")) if seeds.is_dir() else []
    return found[0].read_text() if found else None


async def test_hover_on_seed_004_rpo_and_its_share(client: RecordingClient):
    text = seed004()
    if text is None:
        # -ra (pytest.ini) prints this in the summary.
        pytest.skip(f"notice: {SHARED / 'seeds'} absent (../shared/seeds/004_*.txt): seed 004 hover not run")
    # An SEC R page, whatever its name: the R-page header makes it a revenue note.
    doc = client.open(file_uri(EXAMPLES / "seed-004.txt"), text, language="plaintext")
    await client.findings(doc)

    # "Company’s RPO was $791.4 million": the curly apostrophe before it on the line is one
    # UTF-16 unit and three UTF-8 bytes, so the position differs by client.
    rpo = await hover_text(client, doc, "$791.4 million")
    assert "$791,400,000" in rpo
    assert "remaining performance obligations" in rpo
    assert "June 30, 2023" in rpo

    share = await hover_text(client, doc, "65%")
    assert "$514.4 million" in share
    assert "12 months" in share
