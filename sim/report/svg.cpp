#include "svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "rubilnik/report.hpp"
#include "rubilnik/time.hpp"

namespace rubilnik::report::svg {
namespace {

constexpr int kWidth = 960;
constexpr double kCharWidth = 6.6;  // average glyph width of 12 px sans-serif, for layout
constexpr const char* kFont = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
constexpr const char* kWeekday[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr const char* kMonth[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

// Builds one SVG document.
class Doc {
public:
    Doc(int height, const std::string& title, const std::string& desc) : height_(height) {
        out_ << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << kWidth << " " << height << "\" width=\""
             << kWidth << "\" height=\"" << height << "\" font-family=\"" << kFont
             << "\" font-size=\"12\" role=\"img\">\n";
        out_ << "<title>" << xml_escape(title) << "</title>\n";
        if (!desc.empty()) out_ << "<desc>" << xml_escape(desc) << "</desc>\n";
        out_ << "<rect x=\"0\" y=\"0\" width=\"" << kWidth << "\" height=\"" << height << "\" fill=\"#ffffff\"/>\n";
        text(16, 20, title, "start", "font-size=\"15\" font-weight=\"600\" class=\"chart-title\"");
    }
    void raw(const std::string& s) { out_ << s; }
    void text(double x, double y, const std::string& s, const char* anchor = "start", const std::string& extra = "") {
        out_ << "<text x=\"" << num(x) << "\" y=\"" << num(y) << "\" text-anchor=\"" << anchor << "\" fill=\"#222222\"";
        if (!extra.empty()) out_ << " " << extra;
        out_ << ">" << xml_escape(s) << "</text>\n";
    }
    void line(double x1, double y1, double x2, double y2, const std::string& stroke, double width = 1,
              const std::string& extra = "") {
        out_ << "<line x1=\"" << num(x1) << "\" y1=\"" << num(y1) << "\" x2=\"" << num(x2) << "\" y2=\"" << num(y2)
             << "\" stroke=\"" << stroke << "\" stroke-width=\"" << width << "\"";
        if (!extra.empty()) out_ << " " << extra;
        out_ << "/>\n";
    }
    void rect(double x, double y, double w, double h, const std::string& fill, const std::string& extra = "") {
        out_ << "<rect x=\"" << num(x) << "\" y=\"" << num(y) << "\" width=\"" << num(std::max(w, 0.0))
             << "\" height=\"" << num(std::max(h, 0.0)) << "\" fill=\"" << fill << "\"";
        if (!extra.empty()) out_ << " " << extra;
        out_ << "/>\n";
    }
    // Legend entries in one row from x, at baseline y; returns the end x.
    double legend(double x, double y, const std::vector<std::pair<std::string, std::string>>& items, bool lines) {
        out_ << "<g class=\"legend\">\n";
        for (const auto& [label, colour] : items) {
            if (lines) line(x, y - 4, x + 18, y - 4, colour, 2.5);
            else rect(x, y - 10, 12, 12, colour);
            text(x + (lines ? 24 : 17), y, label);
            x += (lines ? 24 : 17) + kCharWidth * static_cast<double>(label.size()) + 18;
        }
        out_ << "</g>\n";
        return x;
    }
    std::string str() {
        out_ << "</svg>\n";
        return out_.str();
    }

private:
    int height_;
    std::ostringstream out_;
};

std::string attr(const char* name, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s=\"%.6g\"", name, v);
    return buf;
}

// Maps UTC minutes to x between left and right.
struct XScale {
    double left, right;
    std::int64_t start, end;
    double operator()(std::int64_t t) const {
        const double span = static_cast<double>(std::max<std::int64_t>(1, end - start));
        return left + (right - left) * static_cast<double>(t - start) / span;
    }
};

struct YScale {
    double top, bottom, lo, hi;
    double operator()(double v) const { return bottom - (bottom - top) * (v - lo) / (hi - lo); }
};

// Local-time grid: a line at each local midnight (or every `step` hours for
// short windows) and day names centred in each day.
int tick_step_hours(const TimeAxis& a) {
    const std::int64_t span_h = (a.end - a.start) / 60;
    for (int s : {1, 2, 3, 6, 12, 24, 48, 168})
        if (span_h / s <= 12) return s;
    return 168;
}

// Space below the plot for ticks, day names and the axis title.
double time_axis_height(const TimeAxis& a) { return tick_step_hours(a) >= 24 ? 46 : 58; }

void time_axis(Doc& d, const TimeAxis& a, const XScale& x, double top, double bottom) {
    const std::int64_t span_h = (a.end - a.start) / 60;
    const int step = tick_step_hours(a);
    d.raw("<g class=\"x-axis\">\n");
    d.line(x.left, bottom, x.right, bottom, "#444444");
    // First local midnight at or before start.
    const std::int64_t off = a.offset_minutes;
    const std::int64_t local_start = a.start + off;
    const std::int64_t first_midnight =
        (local_start >= 0 ? local_start / 1440 : (local_start - 1439) / 1440) * 1440 - off;
    const bool days = step >= 24;
    for (std::int64_t t = first_midnight; t <= a.end; t += 60LL * step) {
        if (t < a.start) continue;
        const double px = x(t);
        const bool midnight = ((t + off) % 1440 + 1440) % 1440 == 0;
        d.line(px, top, px, bottom, midnight ? "#bbbbbb" : "#e4e4e4", 1);
        d.line(px, bottom, px, bottom + 4, "#444444");
        if (!days) {
            char hm[16];
            const int minute = local_minute_of_day(TimePoint{t}, UtcOffset{a.offset_minutes});
            std::snprintf(hm, sizeof hm, "%02d:%02d", minute / 60, minute % 60);
            d.text(px, bottom + 16, hm, "middle", "class=\"tick\"");
        }
    }
    // Day labels, centred in the visible part of each local day.
    if (span_h <= 24 * 40) {
        for (std::int64_t t = first_midnight; t < a.end; t += 1440) {
            const std::int64_t s = std::max(t, a.start), e = std::min(t + 1440, a.end);
            if (e - s < (days ? 360 : 60)) continue;
            const Date date = local_date(TimePoint{s}, UtcOffset{a.offset_minutes});
            // Full "Wed 5 Jan" where a day is wide enough, "5 Jan" or "5" where not.
            const double day_px = x(t + 1440) - x(t);
            std::string label = std::to_string(date.day);
            if (day_px >= 44) label += std::string(" ") + kMonth[date.month - 1];
            if (day_px >= 72) label = std::string(kWeekday[weekday(date)]) + " " + label;
            d.text((x(s) + x(e)) / 2, bottom + (days ? 16 : 30), label, "middle", "class=\"tick\"");
        }
    }
    d.text((x.left + x.right) / 2, bottom + (days ? 34 : 46), a.label, "middle",
           "class=\"axis-label\" fill-opacity=\"0.9\"");
    d.raw("</g>\n");
}

void y_axis(Doc& d, const YScale& y, double left, double right, const std::string& unit, const std::string& label,
            bool share) {
    d.raw("<g class=\"y-axis\">\n");
    for (double t : nice_ticks(y.lo, y.hi, 5)) {
        const double py = y(t);
        d.line(left, py, right, py, t == 0 ? "#888888" : "#eeeeee");
        d.text(left - 6, py + 4, share ? format_value(t, "share") : format_value(t, unit), "end", "class=\"tick\"");
    }
    const double cy = (y.top + y.bottom) / 2;
    d.text(16, cy, label, "middle", "class=\"axis-label\" transform=\"rotate(-90 16 " + num(cy) + ")\"");
    d.raw("</g>\n");
}

constexpr double kMaxLabelWidth = 360;

// UTF-8 code points, for layout.
std::size_t glyphs(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

double label_width(const std::vector<std::string>& labels) {
    std::size_t n = 0;
    for (const auto& l : labels) n = std::max(n, glyphs(l));
    return std::clamp(kCharWidth * static_cast<double>(n) + 16, 80.0, kMaxLabelWidth);
}

// Shortens a row label to what fits left of the plot, keeping its end
// (the bracketed user count) when it has one.
std::string fit_label(const std::string& label, double width) {
    const auto room = static_cast<std::size_t>((width - 16) / kCharWidth);
    if (glyphs(label) <= room || room < 8) return label;
    std::string tail;
    const auto open = label.rfind(" (");
    if (open != std::string::npos && label.back() == ')' && label.size() - open < room / 2) tail = label.substr(open);
    std::string head;
    std::size_t n = 0;
    const std::size_t keep = room - glyphs(tail) - 1;
    for (char c : label) {
        const bool lead = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        if (lead && n++ == keep) break;
        head += c;
    }
    return head + "…" + tail;
}

}  // namespace

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default:
                // Control characters are not allowed in XML 1.0.
                if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') out += ' ';
                else out += c;
        }
    }
    return out;
}

std::vector<double> nice_ticks(double lo, double hi, int max_count) {
    std::vector<double> out;
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return {lo};
    const double raw = (hi - lo) / std::max(1, max_count);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step)
        out.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
    return out;
}

std::string heat_colour(double share) {
    // Sequential red ramp with a pale blue "normal" end; also reads in grey.
    static const double stop[][3] = {{103, 0, 31},    {178, 24, 43},   {214, 96, 77},
                                     {244, 165, 130}, {253, 219, 199}, {209, 229, 240}};
    const double s = std::clamp(std::isfinite(share) ? share : 1.0, 0.0, 1.0) * 5.0;
    const int i = std::min(4, static_cast<int>(s));
    const double f = s - i;
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x",
                  static_cast<int>(std::lround(stop[i][0] + f * (stop[i + 1][0] - stop[i][0]))),
                  static_cast<int>(std::lround(stop[i][1] + f * (stop[i + 1][1] - stop[i][1]))),
                  static_cast<int>(std::lround(stop[i][2] + f * (stop[i + 1][2] - stop[i][2]))));
    return buf;
}

std::string time_chart(const TimeChart& c) {
    const bool legend = c.lines.size() > 1 || !c.band_label.empty();
    const double top = legend ? 56 : 38, left = 84, right = kWidth - 24;
    const double bottom = top + c.plot_height;
    const int height = static_cast<int>(bottom + time_axis_height(c.axis));
    Doc d(height, c.title, c.y_label);
    double lo = 0, hi = c.share ? 1.0 : 0.0;
    if (!c.share)
        for (const auto& l : c.lines) {
            for (double v : l.value)
                if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
            for (double v : l.hi)
                if (std::isfinite(v)) hi = std::max(hi, v);
            for (double v : l.lo)
                if (std::isfinite(v)) lo = std::min(lo, v);
        }
    if (!(hi > lo)) hi = lo + 1;
    if (!c.share) {
        const auto t = nice_ticks(lo, hi, 5);
        if (!t.empty() && t.back() < hi) hi = t.back() + (t.size() > 1 ? t[1] - t[0] : 1);
    }
    const XScale x{left, right, c.axis.start, c.axis.end};
    const YScale y{top, bottom, lo, hi};
    if (legend) {
        std::vector<std::pair<std::string, std::string>> items;
        for (const auto& l : c.lines) items.emplace_back(l.name, l.colour);
        double end = d.legend(left, 40, items, true);
        if (!c.band_label.empty()) {
            d.rect(end, 30, 18, 12, c.lines.empty() ? kBlue : c.lines[0].colour, "fill-opacity=\"0.2\"");
            d.text(end + 24, 40, c.band_label);
        }
    }
    y_axis(d, y, left, right, c.unit, c.y_label, c.share);
    time_axis(d, c.axis, x, top, bottom);
    const std::size_t H = c.hour_start.size();
    auto hour_end = [&](std::size_t h) { return std::min(c.hour_start[h] + 60, c.axis.end); };
    for (const auto& l : c.lines) {
        const std::size_t n = std::min(H, l.value.size());
        if (l.lo.size() == n && l.hi.size() == n && n > 0) {
            std::string p;
            if (l.steps) {
                p = "M" + num(x(c.hour_start[0])) + "," + num(y(l.hi[0]));
                for (std::size_t h = 0; h < n; ++h) p += "V" + num(y(l.hi[h])) + "H" + num(x(hour_end(h)));
                for (std::size_t h = n; h-- > 0;) p += "V" + num(y(l.lo[h])) + "H" + num(x(c.hour_start[h]));
            } else {
                p = "M" + num(x(c.axis.start)) + "," + num(y(0));
                for (std::size_t h = 0; h < n; ++h) p += "L" + num(x(hour_end(h))) + "," + num(y(l.hi[h]));
                for (std::size_t h = n; h-- > 0;) p += "L" + num(x(hour_end(h))) + "," + num(y(l.lo[h]));
            }
            d.raw("<path class=\"mark band\" " + attr("data-points", static_cast<double>(n)) + " d=\"" + p +
                  "Z\" fill=\"" + l.colour + "\" fill-opacity=\"0.2\" stroke=\"none\"/>\n");
        }
    }
    for (const auto& l : c.lines) {
        const std::size_t n = std::min(H, l.value.size());
        std::string p;
        bool open = false;
        if (!l.steps) p = "M" + num(x(c.axis.start)) + "," + num(y(0)), open = true;
        for (std::size_t h = 0; h < n; ++h) {
            if (!std::isfinite(l.value[h])) {
                open = false;
                continue;
            }
            const double py = y(l.value[h]);
            if (l.steps) {
                p += (open ? "V" + num(py) : "M" + num(x(c.hour_start[h])) + "," + num(py)) + "H" + num(x(hour_end(h)));
            } else {
                p += (open ? "L" : "M") + num(x(hour_end(h))) + "," + num(py);
            }
            open = true;
        }
        d.raw("<path class=\"mark line\" " + attr("data-points", static_cast<double>(n)) + " data-name=\"" +
              xml_escape(l.name) + "\" d=\"" + p + "\" fill=\"none\" stroke=\"" + l.colour +
              "\" stroke-width=\"1.8\" stroke-linejoin=\"round\"" + (l.dashed ? " stroke-dasharray=\"5 3\"" : "") +
              "/>\n");
    }
    return d.str();
}

std::string heatmap(const Heatmap& c) {
    std::vector<std::string> labels;
    for (const auto& r : c.rows) labels.push_back(r.label);
    const double left = label_width(labels), right = kWidth - 24, top = 38, row_h = 16;
    const double bottom = top + row_h * static_cast<double>(c.rows.size());
    const int height = static_cast<int>(bottom + time_axis_height(c.axis)) + 50;
    Doc d(height, c.title, c.legend);
    const XScale x{left, right, c.axis.start, c.axis.end};
    for (std::size_t r = 0; r < c.rows.size(); ++r) {
        const auto& row = c.rows[r];
        const double y0 = top + row_h * static_cast<double>(r);
        d.text(left - 6, y0 + row_h - 4, fit_label(row.label, left), "end", "class=\"row-label\"");
        // Runs of equal colour become one rectangle: 240 hours x 17 regions
        // would otherwise be 4,000 elements for a picture of a few dozen.
        const std::size_t n = std::min(row.value.size(), c.hour_start.size());
        std::size_t h = 0;
        while (h < n) {
            const std::string colour = heat_colour(row.value[h]);
            std::size_t e = h + 1;
            while (e < n && heat_colour(row.value[e]) == colour) ++e;
            const double x0 = x(c.hour_start[h]);
            const double x1 = x(std::min(c.hour_start[e - 1] + 60, c.axis.end));
            double mean = 0;
            for (std::size_t k = h; k < e; ++k) mean += row.value[k];
            mean /= static_cast<double>(e - h);
            d.rect(x0, y0 + 1, x1 - x0 + 0.4, row_h - 2, colour,
                   "class=\"mark cell\" " + attr("data-row", static_cast<double>(r)) + " " +
                       attr("data-h0", static_cast<double>(h)) + " " + attr("data-n", static_cast<double>(e - h)) +
                       " " + attr("data-v", mean));
            h = e;
        }
    }
    time_axis(d, c.axis, x, top, bottom);
    // Colour legend: eleven swatches from 0 to 100 %.
    const double ly = bottom + time_axis_height(c.axis) + 12, lx = left;
    d.text(lx, ly + 10, c.legend, "start", "class=\"axis-label\"");
    const double sx = lx + kCharWidth * static_cast<double>(c.legend.size()) + 16;
    for (int i = 0; i <= 10; ++i) {
        d.rect(sx + i * 28, ly, 28, 12, heat_colour(i / 10.0), "stroke=\"#ffffff\" stroke-width=\"0.5\"");
        if (i % 5 == 0) d.text(sx + i * 28 + 14, ly + 26, format_value(i / 10.0, "share"), "middle", "class=\"tick\"");
    }
    return d.str();
}

std::string bar_chart(const BarChart& c) {
    std::vector<std::string> labels;
    for (const auto& b : c.bars) labels.push_back(b.label);
    const double left = label_width(labels) + 8, right = kWidth - 190, row_h = 24;
    const double top = c.legend.empty() ? 36 : 56;
    const double bottom = top + row_h * static_cast<double>(c.bars.size());
    const int height = static_cast<int>(bottom) + 48;
    Doc d(height, c.title, c.x_label);
    if (!c.legend.empty()) d.legend(left, 40, c.legend, false);
    double hi = 0, lo = 0;
    for (const auto& b : c.bars) {
        hi = std::max({hi, b.value, b.has_range ? b.hi : b.value});
        lo = std::min({lo, b.value, b.has_range ? b.lo : b.value});
    }
    if (!(hi > lo)) hi = lo + 1;
    std::vector<double> ticks;
    if (c.log_scale) {
        double smallest = hi;
        for (const auto& b : c.bars)
            for (double v : {b.value, b.has_range ? b.lo : b.value})
                if (v > 0) smallest = std::min(smallest, v);
        lo = std::pow(10.0, std::floor(std::log10(smallest)));
        hi = std::pow(10.0, std::ceil(std::log10(hi)));
        if (!(hi > lo)) hi = lo * 10;
        const bool fine = std::log10(hi / lo) <= 3.5;
        for (double decade = lo; decade <= hi * 1.0001; decade *= 10)
            for (double m : {1.0, 2.0, 5.0})
                if ((m == 1.0 || fine) && decade * m <= hi * 1.0001) ticks.push_back(decade * m);
    } else {
        ticks = nice_ticks(lo, hi, 6);
        if (!ticks.empty() && ticks.back() < hi) hi = ticks.back() + (ticks.size() > 1 ? ticks[1] - ticks[0] : 1);
        ticks = nice_ticks(lo, hi, 6);
    }
    auto x = [&](double v) {
        if (c.log_scale) return left + (right - left) * std::log10(std::max(v, lo) / lo) / std::log10(hi / lo);
        return left + (right - left) * (v - lo) / (hi - lo);
    };
    d.raw("<g class=\"x-axis\">\n");
    for (double t : ticks) {
        d.line(x(t), top - 4, x(t), bottom, t == 0 ? "#888888" : "#eeeeee");
        d.text(x(t), bottom + 16, format_value(t, c.unit), "middle", "class=\"tick\"");
    }
    d.text((left + right) / 2, bottom + 36, c.x_label, "middle", "class=\"axis-label\"");
    d.raw("</g>\n");
    for (std::size_t i = 0; i < c.bars.size(); ++i) {
        const auto& b = c.bars[i];
        const double y0 = top + row_h * static_cast<double>(i);
        d.text(left - 8, y0 + row_h / 2 + 4, fit_label(b.label, left - 8), "end", "class=\"row-label\"");
        double end = 0;
        if (c.log_scale) {
            end = x(b.value) + 6;
            d.raw("<circle class=\"mark bar\" " + attr("data-value", b.value) + " cx=\"" + num(x(b.value)) +
                  "\" cy=\"" + num(y0 + row_h / 2) + "\" r=\"5.5\" fill=\"" + b.colour + "\"/>\n");
        } else {
            const double x0 = x(std::min(0.0, b.value)), x1 = x(std::max(0.0, b.value));
            d.rect(x0, y0 + 4, x1 - x0, row_h - 8, b.colour, "class=\"mark bar\" " + attr("data-value", b.value));
            end = x1;
        }
        std::string text = format_value(b.value, c.unit);
        if (b.has_range) {
            const double ym = y0 + row_h / 2;
            const std::string w = "class=\"mark whisker\" " + attr("data-lo", b.lo) + " " + attr("data-hi", b.hi);
            d.line(x(b.lo), ym, x(b.hi), ym, "#222222", 1.2, w);
            d.line(x(b.lo), ym - 5, x(b.lo), ym + 5, "#222222", 1.2);
            d.line(x(b.hi), ym - 5, x(b.hi), ym + 5, "#222222", 1.2);
            end = std::max(end, x(b.hi));
            text += " (" + format_value(b.lo, c.unit) + "–" + format_value(b.hi, c.unit) + ")";
        }
        d.text(end + 6, y0 + row_h / 2 + 4, text, "start", "class=\"value\"");
    }
    return d.str();
}

std::string gantt(const Gantt& c) {
    std::vector<std::string> labels;
    for (const auto& r : c.rows) labels.push_back(r.label);
    const double left = label_width(labels), right = kWidth - 24, top = 56, row_h = 15;
    const double bottom = top + row_h * static_cast<double>(c.rows.size());
    const int height = static_cast<int>(bottom + time_axis_height(c.axis));
    Doc d(height, c.title, "");
    d.legend(left, 40, c.legend, false);
    const XScale x{left, right, c.axis.start, c.axis.end};
    time_axis(d, c.axis, x, top, bottom);
    for (std::size_t r = 0; r < c.rows.size(); ++r) {
        const auto& row = c.rows[r];
        const double y0 = top + row_h * static_cast<double>(r);
        if (r % 2 == 1) d.rect(left, y0, right - left, row_h, "#000000", "fill-opacity=\"0.03\"");
        d.text(left - 6, y0 + row_h - 3.5, fit_label(row.label, left), "end", "class=\"row-label\" font-size=\"11\"");
        for (const auto& [s, e] : row.spans) {
            const double x0 = x(std::max(s, c.axis.start)), x1 = x(std::min(e, c.axis.end));
            // At least 2 px, so a 20-minute window stays visible on a 10-day axis.
            d.rect(x0, y0 + 2, std::max(2.0, x1 - x0), row_h - 4, row.colour,
                   "class=\"mark span\" " + attr("data-row", static_cast<double>(r)) + " " +
                       attr("data-start", static_cast<double>(s)) + " " + attr("data-end", static_cast<double>(e)));
        }
    }
    return d.str();
}

}  // namespace rubilnik::report::svg
