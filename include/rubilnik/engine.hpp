// The run loop (DESIGN.md pipeline, STYLE.md practice 2): named phases, each
// reading only the previous phase's output —
//   timeline → network → exposure → channels (per draw) → aggregation.
// Everything before the draws is computed once; a draw is a pure function of
// (seed, draw index), so results do not depend on thread count or order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "rubilnik/channel.hpp"
#include "rubilnik/ranks.hpp"
#include "rubilnik/result.hpp"
#include "rubilnik/scenario.hpp"
#include "rubilnik/timeline.hpp"

namespace rubilnik {

inline constexpr std::size_t kMaxDraws = 100000;
// Memory a run may hold (docs/hardening.md "Limits"), refused up front with a
// message saying what fits. Per-draw records: a year-long window keeps about
// 0.5 MB a draw, so 100,000 draws would need 50 GB. Prepared tables: hours ×
// access networks × services for the exposure and every network state.
inline constexpr std::size_t kMaxEnsembleBytes = std::size_t{4} << 30;
inline constexpr std::size_t kMaxPreparedBytes = std::size_t{4} << 30;

struct RunOptions {
    std::uint64_t seed = 20220105;
    std::size_t draws = 1;
    std::size_t threads = 0;  // 0 = all cores
    // Called from the driving thread with (draws done, draws asked).
    std::function<void(std::size_t, std::size_t)> progress;
};

struct EnsembleResult {
    std::uint64_t seed = 0;
    std::size_t draws_requested = 0;
    std::size_t draws_done = 0;
    std::size_t threads = 0;  // per rank
    std::size_t ranks = 1;    // MPI processes that shared the draws (include/rubilnik/ranks.hpp)
    bool central = false;     // single run with every parameter at its median
    double seconds = 0;
    // One record per draw. After a run on several MPI ranks, rank 0's
    // records of other ranks' draws hold the totals only (the statistics
    // below cover every draw); other ranks hold their own block's records.
    std::vector<DrawRecord> draws;
    std::vector<Stats> totals;      // per metric
    std::vector<Stats> breakdown;   // per breakdown slot
    std::vector<Stats> hourly;      // per hourly slot (metric × hour)
    std::vector<Stats> cumulative;  // per hourly slot of a summed metric: its running total to the end of
                                    // that hour (zero for peak and minimum metrics)
};

class Engine {
public:
    explicit Engine(const Scenario& scenario);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    const Scenario& scenario() const { return *scenario_; }
    const Timeline& timeline() const { return timeline_; }
    const PreparedRun& prepared() const { return prepared_; }
    const MetricRegistry& metrics() const { return metrics_; }
    const std::vector<std::unique_ptr<Channel>>& channels() const { return channels_; }
    // Parameter keys any channel reads, in first-use order.
    std::vector<std::string> parameters_used() const;
    // For each parameter key a channel reads: the ids of the channels that
    // read it, comma-separated, in channel order, each id once.
    std::map<std::string, std::string> parameter_users() const;

    DrawRecord empty_record() const;
    // One evaluation of every channel; the kernel of ensembles and Sobol runs.
    void evaluate(const DrawValues& values, DrawRecord& record) const;
    EnsembleResult run(const RunOptions& options) const;

private:
    const Scenario* scenario_;
    Timeline timeline_;
    std::unique_ptr<NetworkModel> network_;
    PreparedRun prepared_;
    MetricRegistry metrics_;
    std::vector<std::unique_ptr<Channel>> channels_;
};

// Statistics over draws, slot by slot (parallel over slots, deterministic):
// totals, breakdown, hourly and cumulative of `result`, from its draws
// (sim/aggregate.cpp).
void aggregate(const MetricRegistry& metrics, std::size_t hours, EnsembleResult& result);
// The same under MPI: this rank filled the records of its draws
// (ranks::my_block); the ranks share the work and rank 0 ends with every
// statistic and every draw's totals (collective; see ranks.hpp).
void aggregate_across_ranks(const MetricRegistry& metrics, std::size_t hours, EnsembleResult& result);

}  // namespace rubilnik
