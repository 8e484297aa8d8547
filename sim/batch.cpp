#include "rubilnik/batch.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "rubilnik/detail/toml_view.hpp"
#include "rubilnik/engine.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/io/output.hpp"
#include "rubilnik/ranks.hpp"
#include "rubilnik/scenario.hpp"

namespace rubilnik {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

// The scenario's `name` if the file parses as TOML and has one, else "".
std::string scenario_name_of(const std::string& path) {
    try {
        const auto doc = detail::parse_toml_file(path);
        if (const auto* n = doc.get_as<std::string>("name")) return n->get();
    } catch (const InputError&) {
    }
    return "";
}

}  // namespace

const std::vector<std::string>& batch_metrics() {
    static const std::vector<std::string> kMetrics = {
        "users_affected",          "person_hours_offline",     "gdp_loss_direct_usd",       "gdp_loss_indirect_usd",
        "gdp_loss_total_usd",      "welfare_loss_usd",         "payments_failed_value_usd", "telecom_revenue_loss_usd",
        "comparator_deloitte_usd", "comparator_brookings_usd", "comparator_top10vpn_usd",   "comparator_netloss_usd"};
    return kMetrics;
}

const char* batch_status_name(BatchStatus s) {
    switch (s) {
        case BatchStatus::computed: return "computed";
        case BatchStatus::resumed: return "resumed";
        case BatchStatus::failed: return "failed";
    }
    return "?";
}

std::vector<std::string> batch_inputs(const std::string& folder_or_list) {
    std::vector<std::string> out;
    const fs::path p(folder_or_list);
    if (fs::is_directory(p)) {
        for (const auto& e : fs::directory_iterator(p))
            // A baseline folder holds baseline.toml, which is no scenario.
            if (e.is_regular_file() && e.path().extension() == ".toml" && e.path().filename() != "baseline.toml")
                out.push_back(e.path().string());
        std::sort(out.begin(), out.end());  // directory order is not stable
    } else if (fs::is_regular_file(p)) {
        std::istringstream in(read_text(p));
        std::string line;
        long n = 0;
        while (std::getline(in, line)) {
            ++n;
            const auto b = line.find_first_not_of(" \t\r");
            if (b == std::string::npos || line[b] == '#') continue;
            const auto e = line.find_last_not_of(" \t\r");
            fs::path item = line.substr(b, e - b + 1);
            if (item.is_relative()) item = p.parent_path() / item;
            if (!fs::is_regular_file(item))
                throw InputError(SourceLocation{p.string(), n, 0}, "",
                                 "scenario file '" + item.string() + "' does not exist");
            out.push_back(item.string());
        }
    } else {
        throw InputError(SourceLocation{folder_or_list, 0, 0}, "", "neither a folder of scenarios nor a list file");
    }
    if (out.empty()) throw InputError(SourceLocation{folder_or_list, 0, 0}, "", "no scenario files (*.toml) found");
    if (out.size() > kMaxBatchScenarios)
        throw InputError(
            SourceLocation{folder_or_list, 0, 0}, "",
            std::to_string(out.size()) + " scenarios; a batch holds at most " + std::to_string(kMaxBatchScenarios));
    return out;
}

bool batch_item_complete(const std::string& result_folder, const std::string& scenario_sha256,
                         const std::string& baseline_sha256, const BatchOptions& options) {
    const fs::path summary = fs::path(result_folder) / "summary.json";
    const fs::path h5 = fs::path(result_folder) / "results.h5";
    if (!fs::is_regular_file(summary) || !fs::is_regular_file(h5)) return false;
    try {
        const auto j = nlohmann::json::parse(read_text(summary));
        const auto& meta = j.at("meta");
        if (!meta.at("complete").get<bool>()) return false;
        if (meta.at("seed").get<std::uint64_t>() != options.seed) return false;
        if (meta.at("draws").get<std::size_t>() != options.draws) return false;
        if (meta.at("draws_done").get<std::size_t>() != options.draws) return false;
        if (j.at("scenario").at("sha256").get<std::string>() != scenario_sha256) return false;
        if (j.at("baseline").at("sha256").get<std::string>() != baseline_sha256) return false;
        std::vector<std::string> wanted;
        for (const auto& m : batch_metrics())
            if (j.at("metrics").contains(m)) wanted.push_back(m);
        const auto draws = read_ensemble_totals(h5.string(), wanted, nullptr);
        if (draws.size() != wanted.size()) return false;
        for (const auto& [m, v] : draws)
            if (v.size() != options.draws) return false;
        return true;
    } catch (const std::exception&) {
        return false;  // unreadable, truncated or foreign: recompute it
    }
}

BatchItemResult run_batch_item(const std::string& scenario_path, const BatchOptions& options) {
    BatchItemResult r;
    r.path = scenario_path;
    const auto t0 = std::chrono::steady_clock::now();
    try {
        const Scenario sc = load_scenario(scenario_path);
        r.name = sc.name;
        r.country = sc.baseline.country;
        r.year = local_date(sc.window.start, sc.baseline.reference_offset).year;
        const fs::path out = fs::path(options.out_folder) / sc.name;
        const auto scenario_sha = sha256_hex(sc.text), baseline_sha = sha256_hex(sc.baseline.toml_text);
        // Under MPI every rank runs a block of each scenario's draws, so all
        // must take rank 0's view of what is complete; only rank 0 writes.
        if (ranks::broadcast(options.resume && ranks::root() &&
                             batch_item_complete(out.string(), scenario_sha, baseline_sha, options))) {
            if (ranks::root())
                r.per_draw = read_ensemble_totals((out / "results.h5").string(), batch_metrics(), &r.units);
            r.status = BatchStatus::resumed;
            // A run killed after its last rename leaves an empty staging folder
            // beside a complete result; resuming is the moment to clear it.
            remove_stale_temporaries(out);
        } else {
            const Engine engine(sc);
            RunOptions run;
            run.seed = options.seed;
            run.draws = options.draws;
            run.threads = options.threads;
            const auto res = engine.run(run);
            if (!ranks::root()) {
                r.status = BatchStatus::computed;
                r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                return r;
            }
            fs::create_directories(out);
            // summary.json is the completion marker: a stale one goes first, and
            // the new pair is staged and renamed together (summary.json last),
            // so a kill at any point never leaves a result that looks complete.
            fs::remove(out / "summary.json");
            write_result_set(out, {{"results.h5",
                                    [&](const fs::path& p) { write_results_h5(p, engine, res, options.command_line); }},
                                   {"summary.json", [&](const fs::path& p) { write_summary_json(p, engine, res); }}});
            const auto& metrics = engine.metrics();
            for (const auto& id : batch_metrics()) {
                if (!metrics.has(id)) continue;
                const auto m = metrics.index(id);
                auto& v = r.per_draw[id];
                for (const auto& d : res.draws) v.push_back(d.totals[m]);
                r.units[id] = metrics.info(m).unit;
            }
            r.status = BatchStatus::computed;
        }
    } catch (const InputError& e) {
        r.status = BatchStatus::failed;
        r.error = e.what();
        // The name the user gave, so the failure is found under it in batch.csv.
        if (r.name.empty()) r.name = scenario_name_of(scenario_path);
        if (r.name.empty()) r.name = fs::path(scenario_path).stem().string();
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

std::vector<BatchGroup> batch_groups(const std::vector<BatchItemResult>& items, std::size_t draws) {
    std::map<std::pair<std::string, int>, BatchGroup> by_key;
    auto add = [&](const std::string& level, const std::string& country, int year, const BatchItemResult& item) {
        auto& g = by_key[{level + "|" + country, year}];
        g.level = level;
        g.country = country;
        g.year = year;
        ++g.scenarios;
        for (const auto& [m, v] : item.per_draw) {
            auto& sum = g.per_draw[m];
            if (sum.empty()) sum.assign(draws, 0.0);
            for (std::size_t d = 0; d < draws && d < v.size(); ++d) sum[d] += v[d];
        }
    };
    for (const auto& item : items) {
        if (item.status == BatchStatus::failed) continue;
        add("country-year", item.country, item.year, item);
        add("year", "", item.year, item);
        add("all", "", 0, item);
    }
    std::vector<BatchGroup> out;
    for (const char* level : {"country-year", "year", "all"})
        for (auto& [key, g] : by_key)
            if (g.level == level) out.push_back(std::move(g));
    return out;
}

std::vector<std::size_t> batch_share(const std::vector<std::string>& scenario_ids, std::size_t part,
                                     std::size_t parts) {
    if (parts == 0 || part >= parts)
        throw std::invalid_argument("batch_share: part " + std::to_string(part) + " of " + std::to_string(parts));
    std::vector<std::size_t> out;
    // Round robin rather than blocks: STOP imports sort by date, and long
    // events cluster, so striding spreads the slow scenarios over the parts.
    for (std::size_t i = part; i < scenario_ids.size(); i += parts) out.push_back(i);
    return out;
}

BatchReport run_batch(const std::vector<std::string>& scenarios, const BatchOptions& options,
                      const std::function<void(const BatchItemResult&, std::size_t, std::size_t)>& progress) {
    if (options.draws < 1 || options.draws > kMaxDraws)
        throw InputError("--draws " + std::to_string(options.draws) + " is outside 1.." + std::to_string(kMaxDraws));
    if (scenarios.size() > kMaxBatchScenarios)
        throw InputError(std::to_string(scenarios.size()) + " scenarios; a batch holds at most " +
                         std::to_string(kMaxBatchScenarios));
    // Each scenario writes OUT/<name>: two with one name would overwrite
    // each other, so names are checked before anything runs.
    std::map<std::string, std::string> seen;
    for (const auto& path : scenarios) {
        const std::string name = scenario_name_of(path);
        if (name.empty()) continue;  // reported as a failed item when it runs
        if (auto [it, fresh] = seen.emplace(name, path); !fresh)
            throw InputError(SourceLocation{path, 0, 0}, "name",
                             "scenario name '" + name + "' is also used by " + it->second +
                                 "; every scenario of a batch needs its own name (its output folder)");
    }
    if (ranks::root()) fs::create_directories(options.out_folder);
    BatchReport report;
    const auto share = batch_share(scenarios);
    for (std::size_t k = 0; k < share.size(); ++k) {
        report.items.push_back(run_batch_item(scenarios[share[k]], options));
        const auto& it = report.items.back();
        (it.status == BatchStatus::computed  ? report.computed
         : it.status == BatchStatus::resumed ? report.resumed
                                             : report.failed)++;
        if (progress) progress(it, k + 1, share.size());
    }
    if (ranks::root()) write_batch_tables(report.items, options);
    return report;
}

}  // namespace rubilnik
