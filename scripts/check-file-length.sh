#!/usr/bin/env bash
# STYLE.md: no source file over ~600 lines without a reason. A tracked .cpp
# or .hpp longer than 600 lines passes only if one of its first 10 lines
# starts with "// Longer than 600 lines:" followed by the reason.
#   scripts/check-file-length.sh            # every tracked .cpp/.hpp
#   scripts/check-file-length.sh FILE...    # just these
set -euo pipefail
cd "$(dirname "$0")/.."
limit=600
if [ "$#" -gt 0 ]; then files=("$@"); else mapfile -t files < <(git ls-files '*.cpp' '*.hpp'); fi
bad=0
for f in "${files[@]}"; do
    [ -f "$f" ] || continue
    lines=$(wc -l < "$f")
    [ "$lines" -le "$limit" ] && continue
    if head -n 10 "$f" | grep -q '^// Longer than 600 lines:'; then
        continue
    fi
    echo "check-file-length: $f has $lines lines (limit $limit); split it, or give the reason in its first 10 lines as '// Longer than 600 lines: <why>'"
    bad=$((bad + 1))
done
[ "$bad" -eq 0 ] || exit 1
echo "check-file-length: ${#files[@]} files within $limit lines or with a stated reason"
