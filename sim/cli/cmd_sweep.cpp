// rubilnik sweep FILE --vary KEY=VALUES: what-if curves, each point an
// ensemble with the same seed (common random numbers, so neighbouring
// points differ by the edit, not by sampling noise).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "progress.hpp"
#include "rubilnik/engine.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/sweep.hpp"

namespace rubilnik::cli {
namespace {

namespace fs = std::filesystem;

struct SweepArgs {
    std::string file;
    std::vector<std::string> vary;
    std::size_t draws = 1000;
    std::uint64_t seed = 20220105;
    std::size_t threads = 0;
    std::string csv;
    bool quiet = false;
};

std::string short_number(double v, const std::string& unit) {
    char buf[64];
    const double a = std::fabs(v);
    const char* suffix = "";
    double x = v;
    if (a >= 1e9) x = v / 1e9, suffix = "bn";
    else if (a >= 1e6) x = v / 1e6, suffix = "M";
    else if (a >= 1e3) x = v / 1e3, suffix = "k";
    std::snprintf(buf, sizeof buf, "%s%.3g%s", unit == "USD" ? "$" : "", x, suffix);
    return buf;
}

void print_table(std::ostream& out, const Sweep& sweep, const std::vector<SweepPointResult>& results,
                 std::size_t draws) {
    static const char* const kShown[] = {"gdp_loss_total_usd", "person_hours_offline", "users_affected"};
    const auto& axes = sweep.axes();
    out << sweep.base().title << ": " << sweep.points() << " points, "
        << (draws == 1 ? std::string("one central run each") : std::to_string(draws) + " draws each")
        << "; cells are P50 [P5, P95]\n";
    std::string head = "  point";
    std::vector<int> width;
    for (const auto& a : axes) {
        std::size_t w = a.key.size();
        for (const auto& l : a.labels) w = std::max(w, l.size());
        width.push_back(static_cast<int>(std::min<std::size_t>(w, 60)));
        char col[160];
        std::snprintf(col, sizeof col, "  %-*s", width.back(), a.key.c_str());
        head += col;
    }
    for (const char* id : kShown) {
        char col[80];
        std::snprintf(col, sizeof col, "  %-28s", id);
        head += col;
    }
    out << head << "\n";
    for (std::size_t p = 0; p < results.size(); ++p) {
        const auto c = sweep.coordinates(p);
        char cell[160];
        std::snprintf(cell, sizeof cell, "  %5zu", p);
        std::string line = cell;
        for (std::size_t i = 0; i < axes.size(); ++i) {
            std::snprintf(cell, sizeof cell, "  %-*s", width[i], axes[i].labels[c[i]].c_str());
            line += cell;
        }
        const auto& r = results[p];
        for (const char* id : kShown) {
            std::string text = "-";
            for (std::size_t m = 0; m < r.metric_ids.size(); ++m) {
                if (r.metric_ids[m] != id) continue;
                const auto& s = r.totals[m];
                const auto& u = r.units[m];
                text = short_number(s.p50, u);
                if (draws > 1)
                    text.append(" [")
                        .append(short_number(s.p5, u))
                        .append(", ")
                        .append(short_number(s.p95, u))
                        .append("]");
            }
            std::snprintf(cell, sizeof cell, "  %-28s", text.c_str());
            line += cell;
        }
        out << line << "\n";
    }
}

int sweep(const SweepArgs& a) {
    if (a.draws < 1 || a.draws > kMaxDraws)
        throw InputError("--draws " + std::to_string(a.draws) + " is outside 1.." + std::to_string(kMaxDraws));
    if (a.threads > 1024) throw InputError("--threads " + std::to_string(a.threads) + " is more than 1024");
    std::vector<SweepAxis> axes;
    for (const auto& v : a.vary) axes.push_back(parse_vary(v));
    const Sweep sw(a.file, std::move(axes));
    if (!a.csv.empty()) {
        const auto parent = fs::path(a.csv).parent_path();
        if (!parent.empty() && !fs::is_directory(parent))
            throw InputError("--csv " + a.csv + ": folder " + parent.string() + " does not exist");
        if (fs::is_directory(a.csv)) throw InputError("--csv " + a.csv + " is a directory; give a file name");
    }

    ProgressBar bar("points", a.quiet);
    std::vector<SweepPointResult> results;
    results.reserve(sw.points());
    for (std::size_t p = 0; p < sw.points(); ++p) {
        const Scenario sc = sw.scenario(p);
        const Engine engine(sc);
        RunOptions opt;
        opt.seed = a.seed;
        opt.draws = a.draws;
        opt.threads = a.threads;
        const auto res = engine.run(opt);
        SweepPointResult r;
        for (std::size_t m = 0; m < engine.metrics().size(); ++m) {
            r.metric_ids.push_back(engine.metrics().info(m).id);
            r.units.push_back(engine.metrics().info(m).unit);
            r.totals.push_back(res.totals[m]);
        }
        results.push_back(std::move(r));
        bar.update(p + 1, sw.points());
    }
    bar.finish();
    if (!a.csv.empty()) write_sweep_csv(a.csv, sw, results);
    if (!a.quiet) {
        print_table(std::cout, sw, results, a.draws);
        if (!a.csv.empty()) std::cout << "\nwrote " << a.csv << "\n";
    }
    return kExitOk;
}

}  // namespace

void add_sweep_command(CLI::App& app, CommandList& commands) {
    auto args = std::make_shared<SweepArgs>();
    auto* cmd = app.add_subcommand("sweep", "What-if curves: vary parameters or events, each point an ensemble");
    cmd->add_option("file", args->file, "scenario TOML file")->required();
    cmd->add_option("--vary", args->vary,
                    "KEY=V1,V2,... or KEY=LO..HI:STEPS (STEPS points, ends included); KEY is a parameter key "
                    "(set to a point value), event.<id>.factor, event.<id>.duration (90m, 6h, 30d; moves 'to'), "
                    "event.<id>.regions (the N most populous regions) or event.<id>.region_share (0..1). "
                    "Repeat for a grid (at most 1000 points)")
        ->required();
    cmd->add_option("--draws", args->draws, "draws per point; 1 = one central run per point")->capture_default_str();
    cmd->add_option("--seed", args->seed, "seed, the same at every point")->capture_default_str();
    cmd->add_option("--threads", args->threads, "worker threads (0 = all cores)")->capture_default_str();
    cmd->add_option("--csv", args->csv, "write every metric at every point to this CSV file (long format)");
    cmd->add_flag("--quiet", args->quiet, "print nothing but errors");
    commands.push_back({cmd, [args] { return sweep(*args); }});
}

}  // namespace rubilnik::cli
