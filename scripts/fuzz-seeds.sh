#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets (fuzz/corpus/<target>/, not committed) from the
# example notes and, when present, ../shared/seeds and a few ../shared/corpus notes.
#   reader_bytes, lsp_documents: the note's bytes as they are.
#   facts_utf8, check: one flags byte (bit 0 Markdown, bits 1-2 form, bits 3-4 period end) + note.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/fuzz/corpus"
shared="$root/../shared"
notes=()
for f in "$root"/examples/*.md "$root"/examples/*.txt; do [ -f "$f" ] && notes+=("$f"); done
if [ -d "$shared/seeds" ]; then
    for f in "$shared"/seeds/*.txt; do notes+=("$f"); done
else
    echo "fuzz-seeds: $shared/seeds absent; seeding from examples/ only" >&2
fi
if [ -d "$shared/corpus" ]; then
    # A handful of real notes under 16 KB: variety of wording without slowing each run.
    while IFS= read -r f; do notes+=("$f"); done < <(find "$shared/corpus" -name note.txt -size -16k | sort | head -n 12)
fi
for t in reader_bytes facts_utf8 check lsp_documents; do mkdir -p "$out/$t"; done
n=0
for f in "${notes[@]}"; do
    n=$((n + 1))
    name="seed-$n-$(basename "$(dirname "$f")")-$(basename "$f")"
    cp "$f" "$out/reader_bytes/$name"
    cp "$f" "$out/lsp_documents/$name"
    case "$f" in *.md) md=1 ;; *) md=0 ;; esac
    # Without config (flags 0/1) and as a 10-Q ending 2023-06-30 (0x0c | 0x08).
    for flags in $md $((md | 0x0c)); do
        for t in facts_utf8 check; do
            { printf "\\x$(printf %02x "$flags")"; cat "$f"; } > "$out/$t/$name.$flags"
        done
    done
done
echo "fuzz-seeds: $n notes into $out"
