#include "rubilnik/engine.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <sstream>
#include <thread>

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "rubilnik/error.hpp"
#include "rubilnik/network.hpp"
#include "rubilnik/network/large_graph.hpp"
#include "rubilnik/ranks.hpp"

namespace rubilnik {

Engine::Engine(const Scenario& sc) : scenario_(&sc) {
    // timeline → network → exposure
    timeline_ = compile_timeline(sc);
    // A router/cell-level topology is contracted around what this scenario touches.
    network_ = sc.baseline.topology ? network::make_large_graph_network(sc) : make_network_model(sc.baseline);
    prepared_ = prepare_run(sc, timeline_, *network_);
    // channels: declare, lay out the record, prepare
    channels_ = make_channels();
    metrics_.set_axis_sizes(sc.baseline.regions.size(), sc.baseline.operators.size(), sc.baseline.sectors.size());
    for (auto& c : channels_) c->declare(prepared_, metrics_);
    metrics_.finalise(timeline_.hours);
    for (auto& c : channels_) c->prepare(prepared_, sc.parameters, metrics_);
}

Engine::~Engine() = default;

std::vector<std::string> Engine::parameters_used() const {
    std::vector<std::string> out;
    for (const auto& c : channels_)
        for (const auto& k : c->parameter_keys())
            if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
    return out;
}

std::map<std::string, std::string> Engine::parameter_users() const {
    std::map<std::string, std::string> users;
    for (const auto& c : channels_)
        for (const auto& k : c->parameter_keys()) {
            auto& s = users[k];
            const std::string id(c->id());
            // A channel may read one key several times (a shared default for many sectors).
            const std::string tail = ", " + id;
            if (s == id || (s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0))
                continue;
            if (!s.empty()) s.append(", ");
            s.append(id);
        }
    return users;
}

DrawRecord Engine::empty_record() const {
    DrawRecord r;
    r.totals.assign(metrics_.size(), 0.0);
    r.breakdown.assign(metrics_.breakdown_width(), 0.0);
    r.hourly.assign(metrics_.hourly_width(timeline_.hours), 0.0f);
    return r;
}

void Engine::evaluate(const DrawValues& values, DrawRecord& record) const {
    for (const auto& c : channels_) c->run(values, record);
}

EnsembleResult Engine::run(const RunOptions& opt) const {
    const auto t0 = std::chrono::steady_clock::now();
    EnsembleResult res;
    res.seed = opt.seed;
    res.draws_requested = opt.draws;
    res.central = opt.draws == 1;
    res.ranks = static_cast<std::size_t>(ranks::size());
    res.threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
    // Refuse before allocating: every draw's record is kept for percentiles.
    const double record_bytes = 8.0 * static_cast<double>(metrics_.size() + metrics_.breakdown_width()) +
                                4.0 * static_cast<double>(metrics_.hourly_width(timeline_.hours));
    if (static_cast<double>(opt.draws) * record_bytes > static_cast<double>(kMaxEnsembleBytes)) {
        std::ostringstream msg;
        msg << opt.draws << " draws over " << timeline_.hours << " hours would hold "
            << static_cast<double>(opt.draws) * record_bytes / (1u << 30) << " GiB of per-draw results; the limit is "
            << (kMaxEnsembleBytes >> 30) << " GiB, which fits "
            << static_cast<std::size_t>(static_cast<double>(kMaxEnsembleBytes) / record_bytes)
            << " draws of this scenario: use fewer draws or a shorter window";
        throw InputError(SourceLocation{scenario_->path, 0, 0}, "draws", msg.str());
    }
    // Under MPI each rank evaluates one contiguous block of draws (`mine`)
    // and holds records for that block only (ranks.hpp).
    const ranks::Block mine = ranks::my_block(opt.draws);
    if (ranks::size() == 1) {
        res.draws.assign(opt.draws, empty_record());
    } else {
        res.draws.resize(opt.draws);
        const DrawRecord shape = empty_record();
        for (std::size_t d = mine.begin; d < mine.end; ++d) res.draws[d] = shape;
    }

    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, res.threads);
    std::atomic<std::size_t> done{0};
    const auto& params = scenario_->parameters;
    // Each draw writes only its own record: no order dependence.
    auto body = [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t d = range.begin(); d != range.end(); ++d) {
            const auto values = sample_parameters(params, opt.seed, d, res.central);
            evaluate(values, res.draws[d]);
        }
        done += range.size();
    };
    if (opt.progress) {
        // Run in chunks so the driving thread can report between them.
        const std::size_t chunk = std::max<std::size_t>(64, mine.size() / 50);
        for (std::size_t start = mine.begin; start < mine.end; start += chunk) {
            tbb::parallel_for(tbb::blocked_range<std::size_t>(start, std::min(mine.end, start + chunk)), body);
            opt.progress(done.load(), mine.size());
        }
    } else {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(mine.begin, mine.end), body);
    }
    res.draws_done = done.load();
    if (ranks::size() > 1) {
        aggregate_across_ranks(metrics_, timeline_.hours, res);
        // Every block finished (an error on any rank aborts them all).
        res.draws_done = opt.draws;
    } else {
        aggregate(metrics_, timeline_.hours, res);
    }
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return res;
}

}  // namespace rubilnik
