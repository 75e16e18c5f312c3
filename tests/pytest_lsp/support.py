"""Helpers for the pytest-lsp suite: an editor-side mirror of each open document (positions in
the negotiated encoding), a client that records what the server sends, and checks of the
server's results against the capabilities each client declared.

pytest-lsp itself only checks a few methods (completion, links, progress, configuration); the
checks here cover the methods revlint answers, the way the recorded editors read them.
"""

from __future__ import annotations

import asyncio
import pathlib
import re
import urllib.parse
from collections.abc import Callable
from typing import Any, TypeVar

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

REPO = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared"

# Long enough for a debug build on a busy 2-core machine; a hung server still fails the test.
TIMEOUT = 20.0

T = TypeVar("T")


def file_uri(path: pathlib.Path) -> str:
    return path.resolve().as_uri()


def path_of(uri: str) -> pathlib.Path:
    return pathlib.Path(urllib.parse.unquote(urllib.parse.urlparse(uri).path))


# --------------------------------------------------------------------------------------------
# Documents as the editor holds them
# --------------------------------------------------------------------------------------------

# LSP breaks lines at \n, \r\n and \r only (not at VT, FF, NEL or U+2028 as str.splitlines does).
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def units(text: str, encoding: str) -> int:
    """The length of `text` in the position encoding's code units."""
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8"))
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    return len(text.encode("utf-16-le")) // 2


class Doc:
    """An open document: its text, version and the encoding positions are counted in. Edits go
    through it, so the text the tests look at is always the text the server was sent."""

    def __init__(self, uri: str, text: str, version: int, encoding: str, language: str = "markdown"):
        self.uri = uri
        self.text = text
        self.version = version
        self.encoding = encoding
        self.language = language

    def line_starts(self) -> list[int]:
        return [0] + [m.end() for m in LINE_BREAK.finditer(self.text)]

    def position(self, index: int) -> types.Position:
        """The LSP position of the character index `index` in the text."""
        starts = self.line_starts()
        line = max(i for i, s in enumerate(starts) if s <= index)
        return types.Position(line=line, character=units(self.text[starts[line] : index], self.encoding))

    def index(self, position: types.Position) -> int:
        """The character index of an LSP position (exact: the tests never send a mid-character one)."""
        starts = self.line_starts()
        assert position.line < len(starts), f"{position} is past the last line of {self.uri}"
        start = starts[position.line]
        end = starts[position.line + 1] if position.line + 1 < len(starts) else len(self.text)
        line = self.text[start:end]
        for i in range(len(line) + 1):
            if units(line[:i], self.encoding) == position.character:
                return start + i
        raise AssertionError(f"{position} does not fall on a character boundary of line {line!r}")

    def find(self, needle: str, nth: int = 0) -> int:
        at = -1
        for _ in range(nth + 1):
            at = self.text.find(needle, at + 1)
            if at < 0:
                raise AssertionError(f"{needle!r} (occurrence {nth}) not in {self.uri}")
        return at

    def range_of(self, needle: str, nth: int = 0) -> types.Range:
        at = self.find(needle, nth)
        return types.Range(start=self.position(at), end=self.position(at + len(needle)))

    def at(self, needle: str, nth: int = 0, inside: int = 1) -> types.Position:
        """A position `inside` characters into the `nth` occurrence of `needle`."""
        return self.position(self.find(needle, nth) + inside)

    def text_in(self, range_: types.Range) -> str:
        return self.text[self.index(range_.start) : self.index(range_.end)]

    def whole(self) -> types.Range:
        return types.Range(start=types.Position(line=0, character=0), end=self.position(len(self.text)))

    def item(self) -> types.TextDocumentItem:
        return types.TextDocumentItem(uri=self.uri, language_id=self.language, version=self.version, text=self.text)

    def identifier(self) -> types.TextDocumentIdentifier:
        return types.TextDocumentIdentifier(uri=self.uri)

    def change(self, start: int, end: int, new_text: str) -> types.DidChangeTextDocumentParams:
        """Replaces characters `start..end` by `new_text` and returns the incremental change
        (range in the old text, next version) an editor would send."""
        range_ = types.Range(start=self.position(start), end=self.position(end))
        self.text = self.text[:start] + new_text + self.text[end:]
        self.version += 1
        return types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            content_changes=[types.TextDocumentContentChangePartial(range=range_, text=new_text)],
        )

    def apply(self, edits: list[types.TextEdit]) -> types.DidChangeTextDocumentParams:
        """Applies a quick fix's edits as an editor does (all ranges refer to the text before
        them) and returns the didChange that reports them, one content change per edit."""
        spans = sorted(((self.index(e.range.start), self.index(e.range.end), e) for e in edits), key=lambda s: s[0])
        changes = []
        # Last edit first: the ranges of the earlier ones stay valid in the editor's text.
        for start, end, edit in reversed(spans):
            range_ = types.Range(start=self.position(start), end=self.position(end))
            self.text = self.text[:start] + edit.new_text + self.text[end:]
            changes.append(types.TextDocumentContentChangePartial(range=range_, text=edit.new_text))
        self.version += 1
        return types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            content_changes=changes,
        )


# --------------------------------------------------------------------------------------------
# The client
# --------------------------------------------------------------------------------------------


class RecordingClient(LanguageClient):
    """pytest-lsp's client (it checks results against the declared capabilities) that also
    keeps every publishDiagnostics with its version and answers the server's requests as the
    recorded editors do, so no notification is lost between two awaits."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.published: list[types.PublishDiagnosticsParams] = []
        self.registrations: list[types.Registration] = []
        self.arrived = asyncio.Event()
        self.spec: str = ""
        self.init_result: types.InitializeResult | None = None
        self.encoding: str = types.PositionEncodingKind.Utf16
        # Neovim opens documents at version 0, VS Code at 1.
        self.open_version = 1
        # Set once the server has exited (the fixture then does not shut it down again).
        self.exited = False

    def open(self, uri: str, text: str, language: str = "markdown") -> Doc:
        doc = Doc(uri, text, self.open_version, self.encoding, language)
        self.text_document_did_open(types.DidOpenTextDocumentParams(text_document=doc.item()))
        return doc

    def edit(self, doc: Doc, start: int, end: int, new_text: str) -> None:
        """Replaces characters `start..end` of the document by an incremental change."""
        self.text_document_did_change(doc.change(start, end, new_text))

    def supports(self, dotted: str) -> bool:
        """Whether the client declared the capability (a snake_case dotted path)."""
        return bool(get_capability(self.capabilities, dotted, None))

    async def until(self, what: str, found: Callable[[], T | None], timeout: float = TIMEOUT) -> T:
        """Waits until `found()` returns something. The check runs before each wait and
        nothing runs in between, so a message that arrived earlier is seen too."""

        async def poll() -> T:
            while (result := found()) is None:
                self.arrived.clear()
                await self.arrived.wait()
            return result

        try:
            return await asyncio.wait_for(poll(), timeout)
        except asyncio.TimeoutError:
            raise AssertionError(f"{self.spec}: timed out waiting for {what}") from None

    async def findings(self, doc: Doc, after: int = 0) -> list[types.Diagnostic]:
        """The diagnostics published for the document's current version (earlier versions
        skipped); with `after`, only publishes that came after the first `after` ones (e.g. a
        republish of the same version after a configuration change)."""

        def published() -> list[types.Diagnostic] | None:
            for p in reversed(self.published[after:]):
                if p.uri == doc.uri and p.version == doc.version:
                    return list(p.diagnostics)
            return None

        found = await self.until(f"diagnostics for {doc.uri} v{doc.version}", published)
        versions = [p.version for p in self.published if p.uri == doc.uri and p.version is not None]
        assert versions == sorted(versions), f"publishes out of version order: {versions}"
        check_diagnostics(self, doc, found)
        return found

    def unexpected_errors(self) -> list[str]:
        """Errors the server logged that it did not also show the user (a shown one is a
        deliberate answer to a bad setting; any other is a failure inside a handler)."""
        shown = {m.message for m in self.messages}
        return [m.message for m in self.log_messages if m.type == types.MessageType.Error and m.message not in shown]


def _publish_diagnostics(client: RecordingClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)
    client.arrived.set()


def _register_capability(client: RecordingClient, params: types.RegistrationParams) -> None:
    # VS Code and Neovim (0.7 and current) all accept a registration and answer null.
    client.registrations.extend(params.registrations)
    client.arrived.set()


def make_client() -> RecordingClient:
    client = RecordingClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _publish_diagnostics
    features[types.CLIENT_REGISTER_CAPABILITY] = _register_capability
    register_lsp_features(client, features)
    original = client.protocol._handle_notification

    # Wake waiters on any notification (showMessage, logMessage ...), not only diagnostics.
    def handle_notification(method_name: str, params: Any) -> None:
        original(method_name, params)
        client.arrived.set()

    client.protocol._handle_notification = handle_notification
    return client


# --------------------------------------------------------------------------------------------
# Checks against the client's declared capabilities
# --------------------------------------------------------------------------------------------


def check_range(doc: Doc, range_: types.Range, what: str) -> None:
    """A range must lie in the document, start before it ends and fall on character
    boundaries in the negotiated encoding (a UTF-16 column inside an emoji, or a UTF-8 column
    inside a curly quote, is what a client would misplace)."""
    start, end = doc.index(range_.start), doc.index(range_.end)
    assert start <= end, f"{what}: range {range_} ends before it starts"


def check_diagnostics(client: RecordingClient, doc: Doc, diagnostics: list[types.Diagnostic]) -> None:
    tags = set(get_capability(client.capabilities, "text_document.publish_diagnostics.tag_support.value_set", []))
    for d in diagnostics:
        check_range(doc, d.range, f"diagnostic {d.code}")
        assert d.source == "revlint"
        assert isinstance(d.code, str) and d.code, d
        if d.code_description is not None:
            href = d.code_description.href
            assert href.endswith(f"/{d.code}.md"), href
            if href.startswith("file:"):
                assert path_of(href).is_file(), f"rule page {href} does not exist"
        if d.related_information:
            assert client.supports("text_document.publish_diagnostics.related_information"), (
                f"{client.spec} does not take relatedInformation"
            )
            for r in d.related_information:
                if r.location.uri == doc.uri:
                    check_range(doc, r.location.range, f"related information of {d.code}")
        for tag in d.tags or []:
            assert tag in tags, f"{client.spec} does not take diagnostic tag {tag}"


def check_hover(client: RecordingClient, doc: Doc, hover: types.Hover) -> str:
    """The hover's text, after checking its format is one the client renders."""
    formats = get_capability(client.capabilities, "text_document.hover.content_format", [types.MarkupKind.PlainText])
    assert isinstance(hover.contents, types.MarkupContent), f"deprecated MarkedString hover: {hover.contents!r}"
    assert hover.contents.kind in formats, f"{client.spec} renders {formats}, got {hover.contents.kind}"
    if hover.range is not None:
        check_range(doc, hover.range, "hover")
    return hover.contents.value


def check_code_actions(
    client: RecordingClient, doc: Doc, result: list[types.CodeAction | types.Command] | None
) -> list[types.CodeAction]:
    actions = list(result or [])
    literal = client.supports("text_document.code_action.code_action_literal_support")
    kinds = set(
        get_capability(
            client.capabilities, "text_document.code_action.code_action_literal_support.code_action_kind.value_set", []
        )
    )
    for a in actions:
        if isinstance(a, types.Command):
            continue
        assert literal, f"{client.spec} takes only Commands, got the CodeAction {a.title!r}"
        if a.kind is not None:
            assert a.kind in kinds or a.kind.split(".")[0] in kinds, f"{client.spec} does not know kind {a.kind}"
        if a.disabled is not None:
            assert client.supports("text_document.code_action.disabled_support"), a
        for edit in (a.edit.changes or {}).get(doc.uri, []) if a.edit else []:
            check_range(doc, edit.range, f"edit of {a.title!r}")
        if a.edit and a.edit.document_changes:
            assert client.supports("workspace.workspace_edit.document_changes"), a
    return [a for a in actions if isinstance(a, types.CodeAction)]


def check_symbols(
    client: RecordingClient, doc: Doc, result: list[types.DocumentSymbol] | list[types.SymbolInformation] | None
) -> list[types.DocumentSymbol]:
    symbols = list(result or [])
    hierarchical = client.supports("text_document.document_symbol.hierarchical_document_symbol_support")
    kinds = set(get_capability(client.capabilities, "text_document.document_symbol.symbol_kind.value_set", []))

    def walk(s: types.DocumentSymbol) -> None:
        assert isinstance(s, types.DocumentSymbol), s
        if kinds:
            assert s.kind in kinds, f"{client.spec} does not know symbol kind {s.kind}"
        check_range(doc, s.range, f"symbol {s.name}")
        check_range(doc, s.selection_range, f"selection of {s.name}")
        assert doc.index(s.range.start) <= doc.index(s.selection_range.start), s
        assert doc.index(s.selection_range.end) <= doc.index(s.range.end), s
        for child in s.children or []:
            inside = doc.index(s.range.start) <= doc.index(child.range.start)
            assert inside and doc.index(child.range.end) <= doc.index(s.range.end), (s.name, child.name)
            walk(child)

    if symbols and isinstance(symbols[0], types.DocumentSymbol):
        assert hierarchical, f"{client.spec} takes only flat SymbolInformation"
        for s in symbols:
            walk(s)
    return symbols
