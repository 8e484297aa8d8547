#include "rail_exposure.hpp"

#include <algorithm>

namespace rubilnik::payments {

Columns::Columns(const std::vector<RailExposure>& rows) : size(rows.size()) {
    auto column = [&](auto get) {
        Column c;
        c.value.resize(size);
        for (std::size_t i = 0; i < size; ++i) c.value[i] = get(rows[i]);
        while (c.first < size && c.value[c.first] == 0) ++c.first;
        c.last = size;
        while (c.last > c.first && c.value[c.last - 1] == 0) --c.last;
        return c;
    };
    demand = column([](const RailExposure& e) { return e.demand; });
    closed = column([](const RailExposure& e) { return e.closed; });
    for (std::size_t x = 0; x < kRoutes; ++x) {
        blocked_open[x] = column([x](const RailExposure& e) { return e.blocked_open[x]; });
        unreach_open[x] = column([x](const RailExposure& e) { return e.unreach_open[x]; });
        blocked_closed[x] = column([x](const RailExposure& e) { return e.blocked_closed[x]; });
        unreach_closed[x] = column([x](const RailExposure& e) { return e.unreach_closed[x]; });
        back_from_unreach[x] = column([x](const RailExposure& e) { return e.back_from_unreach[x]; });
        back_from_blocked[x] = column([x](const RailExposure& e) { return e.back_from_blocked[x]; });
        back_from_unreach_closed[x] = column([x](const RailExposure& e) { return e.back_from_unreach_closed[x]; });
        back_from_blocked_closed[x] = column([x](const RailExposure& e) { return e.back_from_blocked_closed[x]; });
        reopen[x] = column([x](const RailExposure& e) { return e.reopen[x]; });
    }
}

void settle_mix(const Columns& a, const Columns& b, double w, const RailDraw& p, std::vector<Outcome>& out) {
    const std::size_t n = a.size;
    out.resize(n);
    const std::array<double, kRoutes> share = {1.0 - p.closed_loop, p.closed_loop};
    const double through_block = 1.0 - p.vpn, through_cut = 1.0 - p.leak, open = 1.0 - p.closure;
    // The linear parts of the settlement, column by column (axpy passes the
    // compiler vectorises): network failures, retry credit, reopening credit,
    // closure and demand, for the mix w × a + (1 − w) × b.
    thread_local std::vector<double> network, credit, reopen, closed, demand;
    for (auto* v : {&network, &credit, &reopen, &closed, &demand}) v->assign(n, 0.0);
    auto axpy = [](std::vector<double>& y, double k, const Column& x) {
        if (k == 0) return;
        double* __restrict yy = y.data();
        const double* __restrict xx = x.value.data();
        for (std::size_t i = x.first; i < x.last; ++i) yy[i] += k * xx[i];
    };
    for (const auto& [c, g] : {std::pair<const Columns*, double>{&a, w}, {&b, 1.0 - w}}) {
        if (g == 0) continue;
        axpy(closed, g, c->closed);
        axpy(demand, g, c->demand);
        for (std::size_t x = 0; x < kRoutes; ++x) {
            const double s = g * share[x];
            axpy(network, s * through_block, c->blocked_open[x]);
            axpy(network, s * through_block * open, c->blocked_closed[x]);
            axpy(network, s * through_cut, c->unreach_open[x]);
            axpy(network, s * through_cut * open, c->unreach_closed[x]);
            axpy(credit, s * through_cut, c->back_from_unreach[x]);
            axpy(credit, s * through_cut * open, c->back_from_unreach_closed[x]);
            axpy(credit, s * through_block, c->back_from_blocked[x]);
            axpy(credit, s * through_block * open, c->back_from_blocked_closed[x]);
            axpy(reopen, s, c->reopen[x]);
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        // While the institution is closed, a share `closure` fails for that
        // reason whatever the network; the network fails the rest. A retry
        // succeeds only for attempts in the last τ minutes of a spell (the
        // caps bind only if spells are shorter than τ). Store-and-forward
        // applies to terminals that could not reach the host, not to
        // declines by a closed issuer.
        const double by_closure = p.closure * closed[i];
        const double retried_network = std::min(network[i], p.retry_minutes * credit[i]);
        const double retried_closure = std::min(by_closure, p.retry_minutes * p.closure * reopen[i]);
        const double offline = p.offline * (network[i] - retried_network);
        auto& o = out[i];
        o.attempted = demand[i];
        o.failed = network[i] + by_closure;
        o.retried = retried_network + retried_closure;
        const double rest = o.failed - o.retried - offline;
        o.deferred = offline + p.deferral * rest;
        o.lost = (1.0 - p.deferral) * rest;
    }
}

RouteStatus route_status(const PreparedRun& run) {
    const auto& b = *run.baseline;
    const auto& services = run.network->services();
    std::array<std::vector<std::size_t>, kRoutes> hosts;
    for (std::size_t j = 0; j < services.size(); ++j)
        for (std::size_t x = 0; x < kRoutes; ++x)
            if (b.nodes[services[j]].service_class == kRouteClass[x]) hosts[x].push_back(j);
    const std::size_t A = run.access_node.size();
    RouteStatus status;
    for (std::size_t x = 0; x < kRoutes; ++x)
        status[x].assign(run.states.size(), std::vector<Route>(A, Route::unreachable));
    for (std::size_t s = 0; s < run.states.size(); ++s) {
        const auto& c = run.states[s];
        for (std::size_t k = 0; k < A; ++k) {
            // Open loop: every host; closed loop: any host.
            Route open = hosts[kOpen].empty() ? Route::unreachable : Route::ok;
            for (auto j : hosts[kOpen]) {
                if (c.service[j][k] == ServiceReach::unreachable) open = Route::unreachable;
                else if (c.service[j][k] == ServiceReach::blocked && open == Route::ok) open = Route::blocked;
            }
            Route closed = Route::unreachable;
            for (auto j : hosts[kClosed]) {
                if (c.service[j][k] == ServiceReach::reachable) closed = Route::ok;
                else if (c.service[j][k] == ServiceReach::blocked && closed == Route::unreachable)
                    closed = Route::blocked;
            }
            // A VPN only gets round a block while the world is reachable.
            for (Route* r : {&open, &closed})
                if (*r == Route::blocked && !c.international[k]) *r = Route::unreachable;
            status[kOpen][s][k] = open;
            status[kClosed][s][k] = closed;
        }
    }
    return status;
}

std::vector<Interval> closed_intervals(const PreparedRun& run, const std::vector<std::string>& institutions) {
    const auto& sc = *run.scenario;
    std::vector<Interval> all;
    for (auto i : run.timeline->closures) {
        const auto& inst = sc.instances[i];
        const auto& names = sc.events[inst.event].institutions;
        const bool hit = std::any_of(names.begin(), names.end(), [&](const std::string& n) {
            return std::find(institutions.begin(), institutions.end(), n) != institutions.end();
        });
        if (hit) all.insert(all.end(), inst.intervals.begin(), inst.intervals.end());
    }
    std::sort(all.begin(), all.end(), [](const Interval& a, const Interval& b) { return a.start < b.start; });
    std::vector<Interval> merged;
    for (const auto& iv : all) {
        if (!merged.empty() && iv.start <= merged.back().end) merged.back().end = std::max(merged.back().end, iv.end);
        else merged.push_back(iv);
    }
    return merged;
}

namespace {

std::int64_t overlap(const Interval& span, const std::vector<Interval>& closures) {
    std::int64_t out = 0;
    for (const auto& c : closures) {
        const auto a = std::max(span.start.minutes, c.start.minutes), z = std::min(span.end.minutes, c.end.minutes);
        if (z > a) out += z - a;
    }
    return out;
}

bool inside(TimePoint t, const std::vector<Interval>& closures) {
    return std::any_of(closures.begin(), closures.end(), [&](const Interval& c) { return c.start <= t && t < c.end; });
}

}  // namespace

Accumulated accumulate(const PreparedRun& run, const RouteStatus& status, const std::vector<double>& weight,
                       const std::vector<double>& demand, const std::vector<Interval>& closures) {
    const std::size_t H = run.hours(), R = run.regions(), A = run.access_node.size();
    const auto& tl = *run.timeline;
    Accumulated acc;
    acc.by_region.assign(R, RailExposure{});
    acc.by_hour.assign(H, RailExposure{});
    // Demand per hour of a region, in days of the reference rate.
    auto rate = [&](std::size_t h, std::size_t r) { return demand[h * R + r] / tl.hour_length(h); };
    auto both = [&](std::size_t h, std::size_t r, auto&& f) {
        f(acc.by_region[r]);
        f(acc.by_hour[h]);
    };
    std::array<std::vector<Route>, kRoutes> previous;
    for (auto& p : previous) p.assign(A, Route::ok);  // spells under way at the window start earn no retry credit
    for (const auto& seg : tl.segments) {
        const double len = static_cast<double>(seg.span.length()) / 60.0;
        const double shut = static_cast<double>(overlap(seg.span, closures)) / 60.0;
        const bool shut_at_start = inside(seg.span.start, closures);
        const std::size_t h = seg.hour;
        for (std::size_t k = 0; k < A; ++k) {
            if (weight[k] <= 0) continue;
            const std::size_t r = run.region[k];
            const double w = weight[k] * rate(h, r);
            both(h, r, [&](RailExposure& e) {
                e.demand += w * len;
                e.closed += w * shut;
            });
            for (std::size_t x = 0; x < kRoutes; ++x) {
                const Route now = status[x][seg.state][k];
                const Route before = previous[x][k];
                previous[x][k] = now;
                both(h, r, [&](RailExposure& e) {
                    if (now == Route::blocked) {
                        e.blocked_open[x] += w * (len - shut);
                        e.blocked_closed[x] += w * shut;
                    } else if (now == Route::unreachable) {
                        e.unreach_open[x] += w * (len - shut);
                        e.unreach_closed[x] += w * shut;
                    } else if (before != Route::ok) {
                        const double per_minute = w / 60.0;
                        if (before == Route::unreachable)
                            (shut_at_start ? e.back_from_unreach_closed : e.back_from_unreach)[x] += per_minute;
                        else (shut_at_start ? e.back_from_blocked_closed : e.back_from_blocked)[x] += per_minute;
                    }
                });
            }
        }
    }
    // Reopening: attempts declined in the last τ minutes before an
    // institution reopens succeed on a retry if the route is usable then.
    for (const auto& c : closures) {
        const auto it = std::find_if(tl.segments.begin(), tl.segments.end(),
                                     [&](const Segment& s) { return s.span.start <= c.end && c.end < s.span.end; });
        if (it == tl.segments.end()) continue;  // reopens after the window
        for (std::size_t k = 0; k < A; ++k) {
            if (weight[k] <= 0) continue;
            const std::size_t r = run.region[k];
            const double per_minute = weight[k] * rate(it->hour, r) / 60.0;
            for (std::size_t x = 0; x < kRoutes; ++x)
                if (status[x][it->state][k] == Route::ok)
                    both(it->hour, r, [&](RailExposure& e) { e.reopen[x] += per_minute; });
        }
    }
    return acc;
}

}  // namespace rubilnik::payments
