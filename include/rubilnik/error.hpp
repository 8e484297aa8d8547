// Two error families (STYLE.md §4): InputError is the user's mistake (exit 2,
// plain message); anything else that escapes is our bug (exit 70).
#pragma once

#include <stdexcept>
#include <string>

namespace rubilnik {

// Where in an input file a problem sits; line/column are 1-based, 0 = unknown.
struct SourceLocation {
    std::string file;
    long line = 0;
    long column = 0;
};

class InputError : public std::runtime_error {
public:
    explicit InputError(const std::string& message) : std::runtime_error(message) {}
    // "file:line:column: key 'k': message"
    InputError(const SourceLocation& where, const std::string& key, const std::string& message)
        : std::runtime_error(format(where, key, message)) {}

    static std::string format(const SourceLocation& where, const std::string& key, const std::string& message) {
        // append() rather than operator+: GCC 12 warns falsely (-Wrestrict) on
        // chains of string concatenation.
        std::string out = where.file.empty() ? std::string("<input>") : where.file;
        if (where.line > 0) {
            out.append(":").append(std::to_string(where.line));
            if (where.column > 0) out.append(":").append(std::to_string(where.column));
        }
        out.append(": ");
        if (!key.empty()) out.append("key '").append(key).append("': ");
        out.append(message);
        return out;
    }
};

constexpr int kExitOk = 0;
constexpr int kExitInputError = 2;
constexpr int kExitInternalError = 70;

}  // namespace rubilnik
