#include "rubilnik/time.hpp"

#include <charconv>
#include <cstdio>

namespace rubilnik {
namespace {

// Parses exactly `width` decimal digits at `pos`.
bool digits(std::string_view s, std::size_t pos, std::size_t width, int& out) {
    if (pos + width > s.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

bool parse_clock(std::string_view s, std::size_t pos, int& minute_of_day, bool allow_24) {
    int hh = 0, mm = 0;
    if (!digits(s, pos, 2, hh) || pos + 2 >= s.size() || s[pos + 2] != ':' || !digits(s, pos + 3, 2, mm)) return false;
    if (mm > 59) return false;
    if (hh > 23 && !(allow_24 && hh == 24 && mm == 0)) return false;
    minute_of_day = hh * 60 + mm;
    return true;
}

}  // namespace

// Days since 1970-01-01 for a proleptic Gregorian date (era-based algorithm:
// 400-year cycles make the arithmetic exact for any year).
std::int64_t days_from_civil(const Date& d) {
    const std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
    const std::int64_t era = floor_div(y, 400);
    const std::int64_t yoe = y - era * 400;
    const std::int64_t mp = (d.month + 9) % 12;
    const std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Date civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = floor_div(z, 146097);
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
    return Date{year, month, day};
}

int weekday(const Date& d) {
    // 1970-01-01 was a Thursday (index 3 with Monday = 0).
    return static_cast<int>(((days_from_civil(d) % 7) + 7 + 3) % 7);
}

bool valid_date(const Date& d) {
    if (d.month < 1 || d.month > 12 || d.day < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
    const int max_day = kDays[d.month - 1] + (d.month == 2 && leap ? 1 : 0);
    return d.day <= max_day;
}

std::optional<Date> parse_date(std::string_view s) {
    Date d;
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    if (!digits(s, 0, 4, d.year) || !digits(s, 5, 2, d.month) || !digits(s, 8, 2, d.day)) return std::nullopt;
    if (!valid_date(d)) return std::nullopt;
    return d;
}

std::optional<UtcOffset> parse_utc_offset(std::string_view s) {
    if (s == "Z" || s == "z") return UtcOffset{0};
    if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':') return std::nullopt;
    int hh = 0, mm = 0;
    if (!digits(s, 1, 2, hh) || !digits(s, 4, 2, mm) || hh > 14 || mm > 59) return std::nullopt;
    const int total = hh * 60 + mm;
    return UtcOffset{s[0] == '-' ? -total : total};
}

std::optional<TimePoint> parse_timestamp(std::string_view s) {
    // YYYY-MM-DDTHH:MM then an offset; seconds (":00") are accepted but must be zero,
    // because the engine works at minute resolution.
    if (s.size() < 17 || (s[10] != 'T' && s[10] != ' ')) return std::nullopt;
    const auto date = parse_date(s.substr(0, 10));
    if (!date) return std::nullopt;
    int minute_of_day = 0;
    if (!parse_clock(s, 11, minute_of_day, false)) return std::nullopt;
    std::size_t pos = 16;
    if (pos < s.size() && s[pos] == ':') {
        int ss = 0;
        if (!digits(s, pos + 1, 2, ss) || ss != 0) return std::nullopt;
        pos += 3;
    }
    const auto offset = parse_utc_offset(s.substr(pos));
    if (!offset) return std::nullopt;
    return TimePoint{days_from_civil(*date) * 1440 + minute_of_day - offset->minutes};
}

std::optional<DailyWindow> parse_daily_window(std::string_view s) {
    DailyWindow w;
    if (s.size() != 11 || s[5] != '-') return std::nullopt;
    if (!parse_clock(s, 0, w.start_minute, false) || !parse_clock(s, 6, w.end_minute, true)) return std::nullopt;
    if (w.end_minute == 1440) {
        // "-24:00" ends at the next midnight; "00:00-24:00" is the whole day.
        w.end_minute = 0;
        return w;
    }
    if (w.start_minute == w.end_minute) return std::nullopt;  // ambiguous: empty or all day
    return w;
}

TimePoint at_local_midnight(const Date& local_date, UtcOffset offset) {
    return TimePoint{days_from_civil(local_date) * 1440 - offset.minutes};
}

Date local_date(TimePoint t, UtcOffset offset) { return civil_from_days(floor_div(t.minutes + offset.minutes, 1440)); }

int local_minute_of_day(TimePoint t, UtcOffset offset) {
    const std::int64_t local = t.minutes + offset.minutes;
    return static_cast<int>(local - floor_div(local, 1440) * 1440);
}

std::string format_date(const Date& d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

std::string format_offset(UtcOffset offset) {
    const int a = offset.minutes < 0 ? -offset.minutes : offset.minutes;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset.minutes < 0 ? '-' : '+', a / 60, a % 60);
    return buf;
}

std::string format_local(TimePoint t, UtcOffset offset) {
    const int m = local_minute_of_day(t, offset);
    char buf[16];
    std::snprintf(buf, sizeof buf, "T%02d:%02d", m / 60, m % 60);
    return format_date(local_date(t, offset)) + buf + format_offset(offset);
}

std::string format_utc(TimePoint t) {
    const int m = local_minute_of_day(t, UtcOffset{0});
    char buf[16];
    std::snprintf(buf, sizeof buf, "T%02d:%02dZ", m / 60, m % 60);
    return format_date(local_date(t, UtcOffset{0})) + buf;
}

}  // namespace rubilnik
