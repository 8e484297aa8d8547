#!/usr/bin/env bash
# Checks that tracked C++ files follow .clang-format (clang-format-14), as CI
# does. Prints each file that would change and exits 1 if any would.
#   scripts/check-format.sh            # every tracked .cpp/.hpp/.h
#   scripts/check-format.sh FILE...    # just these
#   scripts/check-format.sh --fix [FILE...]   # rewrite them in place instead
set -euo pipefail
cd "$(dirname "$0")/.."
clang_format="${CLANG_FORMAT:-clang-format-14}"
command -v "$clang_format" > /dev/null || { echo "check-format: $clang_format not found (apt-get install clang-format-14)" >&2; exit 2; }
fix=0
if [ "${1:-}" = "--fix" ]; then fix=1; shift; fi
if [ "$#" -gt 0 ]; then files=("$@"); else mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h'); fi
if [ "$fix" -eq 1 ]; then
    "$clang_format" -i --style=file "${files[@]}"
    exit 0
fi
bad=0
for f in "${files[@]}"; do
    if ! "$clang_format" --dry-run -Werror --style=file "$f" > /dev/null 2>&1; then
        echo "check-format: $f differs from .clang-format (see: $clang_format --style=file $f | diff $f -)"
        bad=$((bad + 1))
    fi
done
if [ "$bad" -gt 0 ]; then
    echo "check-format: $bad of ${#files[@]} files need formatting; scripts/check-format.sh --fix FILE... rewrites them"
    exit 1
fi
echo "check-format: ${#files[@]} files follow .clang-format"
