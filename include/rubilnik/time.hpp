// Time at minute resolution, always UTC inside the engine (DESIGN.md
// pipeline step 2). Local times appear only at the edges: parsing scenario
// values and labelling report axes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rubilnik {

// Minutes since 1970-01-01T00:00Z.
struct TimePoint {
    std::int64_t minutes = 0;
    friend auto operator<=>(const TimePoint&, const TimePoint&) = default;
};

// A civil (calendar) date.
struct Date {
    int year = 1970;
    int month = 1;
    int day = 1;
    friend auto operator<=>(const Date&, const Date&) = default;
};

// Offset of local time from UTC, in minutes (+06:00 -> 360).
struct UtcOffset {
    int minutes = 0;
    friend auto operator<=>(const UtcOffset&, const UtcOffset&) = default;
};

// A half-open interval [start, end) of UTC minutes.
struct Interval {
    TimePoint start;
    TimePoint end;
    std::int64_t length() const { return end.minutes - start.minutes; }
    friend bool operator==(const Interval&, const Interval&) = default;
};

// Daily window in local clock minutes since midnight; end <= start means
// the window crosses midnight ("22:00-06:00").
struct DailyWindow {
    int start_minute = 0;
    int end_minute = 0;
};

std::int64_t days_from_civil(const Date& d);
Date civil_from_days(std::int64_t days);
// 0 = Monday ... 6 = Sunday.
int weekday(const Date& d);
bool valid_date(const Date& d);

// Parsers return nullopt on malformed text; callers turn that into an
// InputError that names file, line and key.
std::optional<TimePoint> parse_timestamp(std::string_view text);       // 2022-01-05T16:30+06:00, ...Z
std::optional<Date> parse_date(std::string_view text);                 // 2022-01-05
std::optional<UtcOffset> parse_utc_offset(std::string_view text);      // +06:00, -03:30, Z
std::optional<DailyWindow> parse_daily_window(std::string_view text);  // 09:00-15:40

TimePoint at_local_midnight(const Date& local_date, UtcOffset offset);
Date local_date(TimePoint t, UtcOffset offset);
int local_minute_of_day(TimePoint t, UtcOffset offset);

std::string format_utc(TimePoint t);                      // 2022-01-05T10:30Z
std::string format_local(TimePoint t, UtcOffset offset);  // 2022-01-05T16:30+06:00
std::string format_date(const Date& d);
std::string format_offset(UtcOffset offset);

}  // namespace rubilnik
