// A guard in front of toml++ (Debian 12 ships 3.3.0). Its whitespace test
// is_non_ascii_horizontal_whitespace() reaches TOML_UNREACHABLE, i.e.
// __builtin_unreachable(), undefined behaviour, for the code points
// U+00A1..U+0499 (Latin-1 signs, Greek, Cyrillic, ...), U+2C5E..U+3057
// except U+3000, and U+FB26..U+FEFE (toml++ issues #190 and #295; fixed
// upstream after 3.3.0). Our fuzz target fuzz_distribution found it
// (docs/fuzzing.md). The parser runs that test on characters outside strings
// and comments (a quote inside a bare value such as 1"=" opens no string),
// on every character of a quoted key, and after a backslash in a multi-line
// basic string. This scan refuses an input with an InputError at
// exactly those places before toml++ sees it; the same characters stay
// allowed in string values and comments, so a Cyrillic title is fine.
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "rubilnik/detail/toml_guard.hpp"

#include "rubilnik/error.hpp"

namespace rubilnik::detail {
namespace {

bool trips_toml_whitespace_test(char32_t c) {
    return (c >= 0xA1 && c <= 0x499) || (c >= 0x2C5E && c <= 0x3057 && c != 0x3000) || (c >= 0xFB26 && c <= 0xFEFE);
}

std::string code_point_name(char32_t c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
    return buf;
}

// Walks the text one code point at a time, counting lines and columns as
// toml++ does (columns in code points, from 1).
class Scanner {
public:
    Scanner(std::string_view text, const std::string& path) : text_(text), path_(path) {}

    bool done() const { return pos_ >= text_.size(); }
    char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
    SourceLocation here() const { return SourceLocation{path_, line_, column_}; }

    // The code point at the cursor. A malformed sequence counts as one byte
    // (U+FFFD); toml++ refuses malformed UTF-8 itself.
    char32_t current(std::size_t* length) const {
        const auto b = static_cast<unsigned char>(text_[pos_]);
        std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || pos_ + n > text_.size()) {
            *length = 1;
            return b < 0x80 ? b : 0xFFFD;
        }
        char32_t c = n == 1 ? b : b & (0x7F >> n);
        for (std::size_t k = 1; k < n; ++k) {
            const auto cont = static_cast<unsigned char>(text_[pos_ + k]);
            if ((cont & 0xC0) != 0x80) {
                *length = 1;
                return 0xFFFD;
            }
            c = (c << 6) | (cont & 0x3F);
        }
        *length = n;
        return c;
    }

    char32_t advance() {
        std::size_t n = 1;
        const char32_t c = current(&n);
        pos_ += n;
        if (c == U'\n') {
            ++line_;
            column_ = 1;
        } else {
            ++column_;
        }
        return c;
    }

    [[noreturn]] void refuse(const SourceLocation& at, char32_t c, const std::string& where) const {
        std::string message = "the character ";
        message.append(code_point_name(c)).append(" ").append(where);
        message.append("; TOML allows characters beyond ASCII only in string values and comments");
        throw InputError(at, "", message);
    }

private:
    std::string_view text_;
    const std::string& path_;
    std::size_t pos_ = 0;
    long line_ = 1;
    long column_ = 1;
};

// Skips a single-line string (the opening quote already read); returns
// where the first character that trips toml++ sits, if any.
bool skip_single_line_string(Scanner& s, char quote, SourceLocation* bad_at, char32_t* bad) {
    bool found = false;
    while (!s.done()) {
        const auto at = s.here();
        const char32_t c = s.advance();
        if (c == U'\n' || c == static_cast<char32_t>(quote)) break;
        if (!found && trips_toml_whitespace_test(c)) *bad_at = at, *bad = c, found = true;
        if (quote == '"' && c == U'\\' && !s.done()) {
            const auto esc_at = s.here();
            const char32_t e = s.advance();
            if (!found && trips_toml_whitespace_test(e)) *bad_at = esc_at, *bad = e, found = true;
            if (e == U'\n') break;
        }
    }
    return found;
}

void skip_multi_line_string(Scanner& s, char quote) {
    while (!s.done()) {
        if (s.peek() == quote && s.peek(1) == quote && s.peek(2) == quote) {
            for (int k = 0; k < 3; ++k) s.advance();
            // Up to two more quotes belong to the content: """a""""" is valid.
            for (int k = 0; k < 2 && s.peek() == quote; ++k) s.advance();
            return;
        }
        const char32_t c = s.advance();
        if (quote != '"' || c != U'\\' || s.done()) continue;
        // After a backslash toml++ tests the next character for whitespace,
        // and after a line-ending backslash every character up to the first
        // that is not whitespace.
        std::size_t n = 1;
        char32_t next = s.current(&n);
        if (trips_toml_whitespace_test(next)) s.refuse(s.here(), next, "follows a backslash in a multi-line string");
        if (next != U' ' && next != U'\t' && next != U'\r' && next != U'\n') {
            s.advance();  // an ordinary escape such as \" or \\ or \n
            continue;
        }
        while (!s.done() && (s.peek() == ' ' || s.peek() == '\t' || s.peek() == '\r' || s.peek() == '\n')) s.advance();
        if (s.done()) return;
        next = s.current(&n);
        if (trips_toml_whitespace_test(next))
            s.refuse(s.here(), next, "starts the line after a line-ending backslash in a multi-line string");
    }
}

}  // namespace

void refuse_toml_parser_traps(std::string_view text, const std::string& path) {
    Scanner s(text, path);
    if (text.substr(0, 3) == "\xEF\xBB\xBF") s.advance();  // a UTF-8 byte-order mark, which toml++ skips
    bool line_start = true;                                // only whitespace so far on this line
    bool in_header = false;                                // between the brackets of [table] or [[table]]
    bool in_key = true;                                    // where a key is expected, not a value
    bool bare = false;       // inside a bare key or a bare value (number, date, true, ...)
    std::vector<char> open;  // open arrays ('A') and inline tables ('T')
    while (!s.done()) {
        const char ch = s.peek();
        if (bare) {
            // toml++ reads a bare key up to the first character that cannot
            // be in one, but a bare value up to whitespace, ] } , or #: quotes
            // and '=' inside it (1"=") are part of the value, not a string.
            const bool ends = in_key ? !(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-')
                                     : (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == ']' || ch == '}' ||
                                        ch == ',' || ch == '#');
            if (ends) {
                bare = false;
                continue;
            }
            const auto at = s.here();
            const char32_t c = s.advance();
            if (c >= 0x80) s.refuse(at, c, "is outside a string or comment");
            continue;
        }
        if (ch == '"' || ch == '\'') {
            line_start = false;
            if (s.peek(1) == ch && s.peek(2) == ch) {
                for (int k = 0; k < 3; ++k) s.advance();
                skip_multi_line_string(s, ch);
                continue;
            }
            s.advance();
            SourceLocation bad_at;
            char32_t bad = 0;
            const bool tripping = skip_single_line_string(s, ch, &bad_at, &bad);
            if (!tripping) continue;
            // A quoted key is followed by '=' or '.', or sits in a table header.
            std::size_t k = 0;
            while (s.peek(k) == ' ' || s.peek(k) == '\t') ++k;
            if (in_header || s.peek(k) == '=' || s.peek(k) == '.') s.refuse(bad_at, bad, "is in a quoted key");
            continue;
        }
        const auto at = s.here();
        const char32_t c = s.advance();
        switch (c) {
            case U'\n':
                line_start = true;
                if (open.empty()) in_key = true;
                break;
            case U' ':
            case U'\t':
            case U'\r':
            case U'.': break;
            case U'=': in_key = false, line_start = false; break;
            case U',': in_key = !open.empty() && open.back() == 'T'; break;
            case U'#':
                while (!s.done() && s.peek() != '\n') s.advance();
                break;
            case U'[':
                if (open.empty() && (line_start || in_header)) {
                    in_header = true;
                } else {
                    open.push_back('A');
                    in_key = false;
                }
                line_start = false;
                break;
            case U']':
                if (in_header && open.empty()) in_header = false;
                else if (!open.empty()) open.pop_back();
                break;
            case U'{':
                open.push_back('T');
                in_key = true;
                line_start = false;
                break;
            case U'}':
                if (!open.empty()) open.pop_back();
                break;
            default:
                if (c >= 0x80) s.refuse(at, c, "is outside a string or comment");
                bare = true;
                line_start = false;
        }
    }
}

}  // namespace rubilnik::detail
