#include <catch2/catch.hpp>

#include "rubilnik/time.hpp"

using namespace rubilnik;

TEST_CASE("civil dates round-trip through day numbers", "[time]") {
    CHECK(days_from_civil({1970, 1, 1}) == 0);
    CHECK(days_from_civil({2000, 3, 1}) == 11017);
    for (std::int64_t d = -800000; d < 800000; d += 997) CHECK(days_from_civil(civil_from_days(d)) == d);
    CHECK(weekday({2022, 1, 5}) == 2);  // a Wednesday
    CHECK(weekday({2022, 1, 9}) == 6);  // a Sunday
    CHECK_FALSE(valid_date({2022, 2, 29}));
    CHECK(valid_date({2024, 2, 29}));
}

TEST_CASE("timestamps with offsets convert to UTC minutes", "[time]") {
    const auto local = parse_timestamp("2022-01-05T16:30+06:00");
    const auto utc = parse_timestamp("2022-01-05T10:30Z");
    REQUIRE(local);
    REQUIRE(utc);
    CHECK(*local == *utc);
    CHECK(format_utc(*local) == "2022-01-05T10:30Z");
    CHECK(format_local(*local, UtcOffset{300}) == "2022-01-05T15:30+05:00");
    CHECK(parse_timestamp("2022-01-05T16:30:00+06:00") == local);
    // Midnight in UTC+6 is the previous day in UTC.
    CHECK(format_utc(*parse_timestamp("2022-01-05T00:00+06:00")) == "2022-01-04T18:00Z");
}

TEST_CASE("malformed times are rejected, not guessed", "[time]") {
    CHECK_FALSE(parse_timestamp("2022-01-05 16:30"));           // no offset
    CHECK_FALSE(parse_timestamp("2022-01-05T16:30:30+06:00"));  // seconds below the minute resolution
    CHECK_FALSE(parse_timestamp("2022-13-05T16:30+06:00"));
    CHECK_FALSE(parse_timestamp("2022-01-05T24:30+06:00"));
    CHECK_FALSE(parse_timestamp("2022-01-05T16:30+6"));
    CHECK_FALSE(parse_date("2022-1-5"));
    CHECK_FALSE(parse_utc_offset("+15:00"));
    CHECK_FALSE(parse_daily_window("09:00-09:00"));
    CHECK_FALSE(parse_daily_window("9:00-15:40"));
}

TEST_CASE("daily windows may cross midnight", "[time]") {
    const auto w = parse_daily_window("22:00-06:00");
    REQUIRE(w);
    CHECK(w->start_minute == 22 * 60);
    CHECK(w->end_minute == 6 * 60);
    const auto full = parse_daily_window("00:00-24:00");
    REQUIRE(full);
    CHECK(full->end_minute == 0);
}

TEST_CASE("local calendar of a UTC instant", "[time]") {
    const TimePoint t = *parse_timestamp("2022-01-06T20:30Z");
    CHECK(local_date(t, UtcOffset{360}) == Date{2022, 1, 7});
    CHECK(local_minute_of_day(t, UtcOffset{360}) == 2 * 60 + 30);
    CHECK(local_date(t, UtcOffset{300}) == Date{2022, 1, 7});
    CHECK(local_minute_of_day(t, UtcOffset{300}) == 1 * 60 + 30);
    CHECK(at_local_midnight({2022, 1, 7}, UtcOffset{360}) == *parse_timestamp("2022-01-06T18:00Z"));
}
