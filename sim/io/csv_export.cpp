#include "rubilnik/io/csv_export.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <stdexcept>

#include "rubilnik/io/output.hpp"

namespace rubilnik {
namespace {

std::string axis_label(const Baseline& b, Axis a, std::size_t i) {
    switch (a) {
        case Axis::region: return b.regions[i].id;
        case Axis::operator_: return b.operators[i].id;
        case Axis::sector: return b.sectors[i].id;
        case Axis::access: return access_name(static_cast<Access>(i));
    }
    return "?";
}

void stats_fields(std::string& line, const Stats& s) {
    for (double v : {s.p5, s.p50, s.p95, s.mean}) line.append(",").append(csv_number(v));
}

}  // namespace

std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

std::string csv_number(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

void write_text_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream f(path, std::ios::binary);
    f << text;
    f.close();
    if (!f) throw std::runtime_error("cannot write " + path.string());
}

void write_text_atomically(const std::filesystem::path& path, const std::string& text) {
    write_atomically(path, [&](const std::filesystem::path& tmp) { write_text_file(tmp, text); });
}

std::string summary_csv(const Engine& engine, const EnsembleResult& res) {
    const auto& metrics = engine.metrics();
    const auto& b = engine.scenario().baseline;
    std::string out = "metric,axis,label,p5,p50,p95,mean,unit\n";
    for (std::size_t m = 0; m < metrics.size(); ++m) {
        const auto& info = metrics.info(m);
        const std::string id = csv_field(info.id), unit = csv_field(info.unit);
        std::string line = id;
        line.append(",total,national");
        stats_fields(line, res.totals[m]);
        out.append(line).append(",").append(unit).append("\n");
        for (Axis a : info.axes) {
            const auto off = metrics.breakdown_offset(m, a);
            for (std::size_t i = 0; i < metrics.axis_size(a); ++i) {
                line = id;
                line.append(",").append(axis_name(a)).append(",").append(csv_field(axis_label(b, a, i)));
                stats_fields(line, res.breakdown[off + i]);
                out.append(line).append(",").append(unit).append("\n");
            }
        }
    }
    return out;
}

std::string series_csv(const Engine& engine, const EnsembleResult& res) {
    const auto& metrics = engine.metrics();
    const auto& tl = engine.timeline();
    const auto offset = engine.scenario().baseline.reference_offset;
    std::vector<std::string> utc(tl.hours), local(tl.hours);
    for (std::size_t h = 0; h < tl.hours; ++h) {
        utc[h] = format_utc(tl.hour_start(h));
        local[h] = format_local(tl.hour_start(h), offset);
    }
    std::string out = "hour_utc,hour_local,metric,p5,p50,p95,mean,unit\n";
    for (std::size_t m = 0; m < metrics.size(); ++m) {
        const auto& info = metrics.info(m);
        if (!info.hourly) continue;
        const auto off = metrics.hourly_offset(m);
        const std::string id = csv_field(info.id), unit = csv_field(info.unit);
        for (std::size_t h = 0; h < tl.hours; ++h) {
            std::string line = utc[h];
            line.append(",").append(local[h]).append(",").append(id);
            stats_fields(line, res.hourly[off + h]);
            out.append(line).append(",").append(unit).append("\n");
        }
    }
    return out;
}

void write_csv_exports(const std::filesystem::path& dir, const Engine& engine, const EnsembleResult& res) {
    write_text_atomically(dir / "summary.csv", summary_csv(engine, res));
    write_text_atomically(dir / "series.csv", series_csv(engine, res));
}

}  // namespace rubilnik
