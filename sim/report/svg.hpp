// Small SVG chart kit for the report: time charts (steps for hourly values,
// lines for running totals, P5–P95 bands), heatmaps over time, horizontal
// bars with whiskers, and an event timeline. No plotting library in Debian
// 12 writes plain, dependency-free SVG from C++, so this stays small and
// tested instead (tests/report/test_report.cpp parses every chart).
//
// Each SVG is a standalone document with presentation attributes only (no
// CSS classes it depends on, no ids, no external references), so the same
// text works inline in HTML and as a file beside the Markdown. Data marks
// carry class="mark ..." and data-* attributes so tests can count them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rubilnik::report::svg {

std::string xml_escape(std::string_view text);

// Okabe–Ito colours: distinguishable with colour-vision deficiencies.
inline constexpr const char* kBlue = "#0072B2";
inline constexpr const char* kVermillion = "#D55E00";
inline constexpr const char* kGreen = "#009E73";
inline constexpr const char* kOrange = "#E69F00";
inline constexpr const char* kPurple = "#CC79A7";
inline constexpr const char* kSky = "#56B4E9";
inline constexpr const char* kGrey = "#666666";
inline constexpr const char* kBlack = "#000000";

// A time axis in UTC minutes, labelled in a fixed local offset.
struct TimeAxis {
    std::int64_t start = 0;
    std::int64_t end = 0;
    int offset_minutes = 0;
    std::string label;  // e.g. "local time (UTC+06:00)"
};

struct Line {
    std::string name;
    std::string colour = kBlue;
    std::vector<double> value;   // per hour
    std::vector<double> lo, hi;  // optional band, same length as value
    // Hourly values are drawn as steps over their hour; running totals as a
    // line through the ends of the hours, starting from 0 at the window start.
    bool steps = true;
    bool dashed = false;
};

struct TimeChart {
    std::string title;
    std::string y_label;  // includes the unit
    std::string unit;     // for tick labels (format_value)
    TimeAxis axis;
    std::vector<std::int64_t> hour_start;
    std::vector<Line> lines;
    std::string band_label;  // legend entry for the bands; empty = none
    bool share = false;      // y fixed to 0–100 %
    int plot_height = 220;
};
std::string time_chart(const TimeChart& chart);

struct HeatRow {
    std::string label;
    std::vector<double> value;  // share 0..1 per hour; NaN = no data
};
struct Heatmap {
    std::string title;
    std::string legend;  // what the colour means
    TimeAxis axis;
    std::vector<std::int64_t> hour_start;
    std::vector<HeatRow> rows;
};
std::string heatmap(const Heatmap& chart);
// Colour of a share in [0, 1]: dark red (nobody connected) to pale blue (everyone).
std::string heat_colour(double share);

struct Bar {
    std::string label;
    double value = 0;
    double lo = 0, hi = 0;  // whisker (P5–P95); drawn when has_range
    bool has_range = false;
    std::string colour = kBlue;
};
struct BarChart {
    std::string title;
    std::string x_label;  // includes the unit
    std::string unit;
    std::vector<Bar> bars;
    std::vector<std::pair<std::string, std::string>> legend;  // (text, colour)
    // Values spanning orders of magnitude: dots on a logarithmic axis
    // (a bar's length means nothing there).
    bool log_scale = false;
};
std::string bar_chart(const BarChart& chart);

struct GanttRow {
    std::string label;
    std::string colour;
    std::vector<std::pair<std::int64_t, std::int64_t>> spans;  // UTC minutes
};
struct Gantt {
    std::string title;
    TimeAxis axis;
    std::vector<GanttRow> rows;
    std::vector<std::pair<std::string, std::string>> legend;  // (text, colour)
};
std::string gantt(const Gantt& chart);

// "Nice" axis ticks (1, 2, 5 × 10^k) covering [lo, hi], at most about max_count.
std::vector<double> nice_ticks(double lo, double hi, int max_count);

}  // namespace rubilnik::report::svg
