#include <algorithm>
#include <map>
#include <sstream>

#include "rubilnik/channel.hpp"
#include "rubilnik/engine.hpp"
#include "rubilnik/error.hpp"

namespace rubilnik {

PreparedRun prepare_run(const Scenario& sc, const Timeline& tl, const NetworkModel& net) {
    PreparedRun run;
    run.scenario = &sc;
    run.baseline = &sc.baseline;
    run.timeline = &tl;
    run.network = &net;
    const auto& b = sc.baseline;

    // Refuse before building: per state one connectivity record (access ×
    // services bytes), per hour the exposure tables (access × (4 + 2 classes)
    // doubles; services bound the classes).
    {
        const double access = static_cast<double>(net.access_nodes().size());
        const double services = static_cast<double>(net.services().size());
        const double bytes = static_cast<double>(tl.states.size()) * access * (11.0 + services) +
                             8.0 * static_cast<double>(tl.hours) * access * (4.0 + 2.0 * services);
        if (bytes > static_cast<double>(kMaxPreparedBytes)) {
            std::ostringstream msg;
            msg << tl.hours << " hours, " << tl.states.size() << " network states, " << access
                << " access networks and " << services << " services would need " << bytes / (1u << 30)
                << " GiB of exposure tables; the limit is " << (kMaxPreparedBytes >> 30)
                << " GiB: shorten the window, merge events or use a smaller topology";
            throw InputError(SourceLocation{sc.path, 0, 0}, "", msg.str());
        }
    }

    run.states.reserve(tl.states.size());
    for (const auto& active : tl.states) run.states.push_back(net.evaluate(apply_events(sc, active)));

    run.access_node = net.access_nodes();
    const std::size_t A = run.access_node.size();
    for (auto n : run.access_node) {
        const auto& node = b.nodes[n];
        run.users.push_back(node.users);
        run.region.push_back(*node.region);
        run.op.push_back(*node.op);
        run.access_type.push_back(node.access);
    }

    // Service classes and, per class, the positions of its services.
    std::map<std::string, std::vector<std::size_t>> classes;
    const auto& svc = net.services();
    for (std::size_t j = 0; j < svc.size(); ++j) classes[b.nodes[svc[j]].service_class].push_back(j);
    for (const auto& [name, _] : classes) run.service_classes.push_back(name);

    const std::size_t H = tl.hours, C = classes.size();
    auto& ex = run.exposure;
    ex.hours = H;
    ex.access = A;
    ex.no_international.assign(H * A, 0.0);
    ex.domestic_only.assign(H * A, 0.0);
    ex.international_capacity.assign(H * A, 0.0);
    ex.no_voice.assign(H * A, 0.0);
    ex.class_blocked.assign(C * H * A, 0.0);
    ex.class_unreachable.assign(C * H * A, 0.0);
    ex.ever_no_international.assign(A, 0);

    for (const auto& seg : tl.segments) {
        const double len = static_cast<double>(seg.span.length()) / 60.0;
        const auto& c = run.states[seg.state];
        const std::size_t h = seg.hour;
        for (std::size_t k = 0; k < A; ++k) {
            const std::size_t i = h * A + k;
            if (c.international[k]) {
                ex.international_capacity[i] += len * c.throughput[k];
            } else {
                ex.no_international[i] += len;
                ex.ever_no_international[k] = 1;
                if (c.domestic[k]) ex.domestic_only[i] += len;
            }
            if (!c.voice[k]) ex.no_voice[i] += len;
        }
        std::size_t ci = 0;
        for (const auto& [name, members] : classes) {
            for (std::size_t k = 0; k < A; ++k) {
                // A class is usable when any of its services is reachable.
                bool reachable = false, blocked = false;
                for (auto j : members) {
                    reachable = reachable || c.service[j][k] == ServiceReach::reachable;
                    blocked = blocked || c.service[j][k] == ServiceReach::blocked;
                }
                if (reachable) continue;
                const std::size_t i = (ci * H + h) * A + k;
                // A VPN only gets round a block while the world is reachable.
                if (blocked && c.international[k]) ex.class_blocked[i] += len;
                else ex.class_unreachable[i] += len;
            }
            ++ci;
        }
    }

    const std::size_t R = b.regions.size();
    run.local_hour.assign(H * R, 0);
    run.day_type.assign(H * R, DayType::workday);
    for (std::size_t h = 0; h < H; ++h)
        for (std::size_t r = 0; r < R; ++r) {
            const auto t = tl.hour_start(h);
            const auto off = b.regions[r].utc_offset;
            run.local_hour[h * R + r] = static_cast<std::uint8_t>(local_minute_of_day(t, off) / 60);
            run.day_type[h * R + r] = b.day_type(local_date(t, off));
        }
    return run;
}

}  // namespace rubilnik
