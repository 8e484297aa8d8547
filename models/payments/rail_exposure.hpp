// Internal to the payments channel: how much card and online payment demand
// met a failing route, and what becomes of a failed attempt. Equations and
// sources: docs/methodology.md "Payments and banking".
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "rubilnik/channel.hpp"

namespace rubilnik::payments {

// A payment reaches its processor by one of two routes:
//  - open loop (card schemes, interbank): the device's network must reach
//    every host of service class `banking` (acquirer/processing and issuer
//    cores); reaching both from one access network also joins them to each
//    other, since paths run through the operator's core;
//  - closed loop (a wallet bank that issues, acquires and processes, e.g.
//    Kaspi): the device's network must reach any host of class `payments`.
inline constexpr std::size_t kOpen = 0, kClosed = 1, kRoutes = 2;
inline constexpr const char* kRouteClass[kRoutes] = {"banking", "payments"};

enum class Route : std::uint8_t { ok, blocked, unreachable };

// Demand-weighted exposure of one rail, in days of the reference daily
// demand (so a count is daily count × value, a value daily value × value).
// Index: route. "closed" means during an institutional closure (banks for
// payments, ATMs for cash withdrawals).
struct RailExposure {
    double demand = 0;  // attempted
    double closed = 0;  // attempted while closed
    std::array<double, kRoutes> blocked_open{}, unreach_open{};
    std::array<double, kRoutes> blocked_closed{}, unreach_closed{};
    // Retry credit: demand per minute at the instants a failing route comes
    // back (a retry within τ minutes then succeeds), and at reopening.
    std::array<double, kRoutes> back_from_unreach{}, back_from_blocked{};
    std::array<double, kRoutes> back_from_unreach_closed{}, back_from_blocked_closed{};
    std::array<double, kRoutes> reopen{};
};

// One draw's behavioural parameters for one rail.
struct RailDraw {
    double closed_loop = 0;    // share of attempts on the closed-loop route
    double vpn = 0;            // share getting round a block by name
    double leak = 0;           // share getting through a cut
    double closure = 0;        // share failing while the institution is closed
    double retry_minutes = 0;  // patience τ: retries within τ minutes
    double offline = 0;        // share of network failures captured offline (store and forward)
    double deferral = 0;       // share of the rest paid later, not lost
};

// attempted = succeeded + deferred + lost, where succeeded counts attempts
// that went through first time or on a retry within τ minutes.
struct Outcome {
    double attempted = 0, failed = 0, retried = 0, deferred = 0, lost = 0;
    double succeeded() const { return attempted - failed + retried; }
};

// The same exposures for many entities (regions, then hours), one column per
// quantity, so that a draw settles them all in one pass the compiler can
// vectorise.
struct Column {
    std::vector<double> value;
    std::size_t first = 0, last = 0;  // the non-zero entries lie in [first, last): most columns are sparse in time
};
struct Columns {
    std::size_t size = 0;
    Column demand, closed;
    std::array<Column, kRoutes> blocked_open, unreach_open, blocked_closed, unreach_closed;
    std::array<Column, kRoutes> back_from_unreach, back_from_blocked, back_from_unreach_closed,
        back_from_blocked_closed, reopen;
    explicit Columns(const std::vector<RailExposure>& rows = {});
};

// Settles entity by entity the rail whose exposure is w × a + (1 − w) × b
// (two access groups mixed by a draw parameter; pass a twice for one
// group); `out` gets one Outcome per entity.
void settle_mix(const Columns& a, const Columns& b, double w, const RailDraw& p, std::vector<Outcome>& out);

// Route status of every access network in every network state:
// status[route][state][access position].
using RouteStatus = std::array<std::vector<std::vector<Route>>, kRoutes>;
RouteStatus route_status(const PreparedRun& run);

// Union of the intervals during which any of `institutions` is closed
// (sorted, disjoint, UTC).
std::vector<Interval> closed_intervals(const PreparedRun& run, const std::vector<std::string>& institutions);

struct Accumulated {
    std::vector<RailExposure> by_region;
    std::vector<RailExposure> by_hour;
};

// Walks the timeline once. `weight[k]` is access network k's share of its
// region's demand (Σ over a region's networks = 1); `demand[h * R + r]` is
// the region's demand in reporting hour h, in days of the reference rate.
Accumulated accumulate(const PreparedRun& run, const RouteStatus& status, const std::vector<double>& weight,
                       const std::vector<double>& demand, const std::vector<Interval>& closures);

}  // namespace rubilnik::payments
