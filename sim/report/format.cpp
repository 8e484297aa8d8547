// Number and text formatting shared by the charts, the HTML and the
// Markdown, so a figure reads the same in every place it appears.
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>

#include "detail.hpp"

namespace rubilnik::report {
namespace {

// Three significant digits with a scale word: 16.1 M, 1.23 bn, 950.
std::string compact(double v, bool words) {
    const double a = std::fabs(v);
    struct Scale {
        double at;
        const char* abbrev;
        const char* word;
    };
    static const Scale scales[] = {
        {1e12, " tn", " trillion"}, {1e9, " bn", " billion"}, {1e6, " M", " million"}, {1e3, " k", " thousand"}};
    char buf[64];
    for (const auto& s : scales) {
        // Compare after rounding, so 999,950 prints as "1 M", not "1e+03 k".
        if (a >= s.at * 0.9995 && !(words && s.at == 1e3)) {
            std::snprintf(buf, sizeof buf, "%.3g%s", v / s.at, words ? s.word : s.abbrev);
            return buf;
        }
    }
    if (words && a >= 1000) std::snprintf(buf, sizeof buf, "%.0f", std::round(v / 10) * 10);
    else std::snprintf(buf, sizeof buf, "%.3g", v);
    std::string out = buf;
    if (words && a >= 1000 && out.size() > 3) out.insert(out.size() - 3, ",");
    return out;
}

std::string with_unit(double v, const std::string& unit, bool words) {
    if (!std::isfinite(v)) return "n/a";
    if (unit == "share") {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.3g %%", 100.0 * v);
        return buf;
    }
    std::string body = compact(std::fabs(v), words);
    std::string out = v < 0 ? "-" : "";
    if (unit == "USD") out.append("$");
    out.append(body);
    if (unit == "EH/s") out.append(" EH/s");
    return out;
}

}  // namespace

std::string format_value(double value, const std::string& unit) { return with_unit(value, unit, false); }

std::string unit_words(const std::string& unit) {
    if (unit == "person") return "people";
    if (unit == "person*h") return "person-hours";
    if (unit == "USD") return "US dollars";
    if (unit == "share") return "share";
    if (unit == "tx") return "transactions";
    if (unit == "EH/s") return "exahashes per second";
    return unit;
}

std::string anchor_slug(const std::string& heading) {
    std::string out;
    for (unsigned char c : heading) {
        if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
        else if (c == ' ' || c == '-') out += '-';
        else if (c == '_') out += '_';
    }
    return out;
}

namespace detail {
std::string format_words(double value, const std::string& unit) { return with_unit(value, unit, true); }
}  // namespace detail

}  // namespace rubilnik::report
