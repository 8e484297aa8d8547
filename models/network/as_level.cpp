// AS-level network model (include/rubilnik/network/as_level.hpp).
#include "rubilnik/network/as_level.hpp"

#include <algorithm>
#include <cctype>
#include <memory>

#include "rubilnik/error.hpp"

namespace rubilnik {
namespace {

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

bool has_as_topology(const Baseline& b) { return b.channel_table("as_rel") != nullptr; }

AsTopology load_as_topology(const Baseline& b) {
    const auto* table = b.channel_table("as_rel");
    if (!table)
        throw InputError(SourceLocation{b.folder, 0, 0}, "tables.as_rel",
                         "the baseline names no AS graph; add as_rel = \"<file>.csv\" under [tables]");
    AsTopology t;
    t.path = table->path();
    t.extract = network::read_asrel_csv(t.path);
    const auto cc = upper(b.country);
    for (const auto& [asn, info] : t.extract.names)
        if (info.country == cc && t.extract.graph.find(asn)) t.domestic.push_back(asn);
    std::sort(t.domestic.begin(), t.domestic.end());
    const auto n = b.operators.size();
    t.operator_asns.resize(n);
    t.absent.resize(n);
    t.abroad.resize(n);
    for (std::size_t o = 0; o < n; ++o) {
        for (long a : b.operators[o].asns) {
            const auto asn = static_cast<network::Asn>(a);
            if (std::binary_search(t.domestic.begin(), t.domestic.end(), asn)) t.operator_asns[o].push_back(asn);
            else if (t.extract.graph.find(asn)) t.abroad[o].push_back(asn);
            else t.absent[o].push_back(asn);
        }
        for (auto* v : {&t.operator_asns[o], &t.absent[o], &t.abroad[o]}) {
            std::sort(v->begin(), v->end());
            v->erase(std::unique(v->begin(), v->end()), v->end());
        }
    }
    // The analysis requires each AS to have one owner; a baseline giving an
    // AS to two operators would split its users twice.
    std::map<network::Asn, std::size_t> owner;
    for (std::size_t o = 0; o < n; ++o)
        for (auto asn : t.operator_asns[o])
            if (auto [it, fresh] = owner.emplace(asn, o); !fresh)
                throw InputError(SourceLocation{b.folder, 0, 0}, "operators.asns",
                                 "AS" + std::to_string(asn) + " is listed for operators '" +
                                     b.operators[it->second].id + "' and '" + b.operators[o].id +
                                     "'; an AS belongs to one operator");
    return t;
}

network::UserWeights users_per_as(const Baseline& b, const AsTopology& t, double* unassigned) {
    network::UserWeights users;
    double left = 0;
    for (const auto& node : b.nodes) {
        if (node.kind != NodeKind::access) continue;
        const auto& asns = t.operator_asns[*node.op];
        if (asns.empty()) {
            left += node.users;
            continue;
        }
        const double each = node.users / static_cast<double>(asns.size());
        for (auto asn : asns) users[asn] += each;
    }
    if (unassigned) *unassigned = left;
    return users;
}

network::OperatorMap operators_by_id(const Baseline& b, const AsTopology& t) {
    network::OperatorMap out;
    for (std::size_t o = 0; o < b.operators.size(); ++o)
        if (!t.operator_asns[o].empty()) out[b.operators[o].id] = t.operator_asns[o];
    return out;
}

AsLevelNetwork::AsLevelNetwork(const Baseline& b) : AsLevelNetwork(b, load_as_topology(b)) {}

AsLevelNetwork::AsLevelNetwork(const Baseline& b, AsTopology topology)
    : baseline_(&b),
      national_(b),
      topo_(std::move(topology)),
      graph_(topo_.extract.graph, topo_.domestic, network::Routing::valley_free) {
    const auto n = b.operators.size();
    operator_states_.resize(n);
    cores_.resize(n);
    constrained_.assign(n, 0);
    const auto& uncut = graph_.baseline();
    for (std::size_t o = 0; o < n; ++o)
        for (auto asn : topo_.operator_asns[o]) {
            const auto i = *graph_.index(asn);
            operator_states_[o].push_back(i);
            if (uncut[i]) constrained_[o] = 1;
        }
    for (std::size_t i = 0; i < b.nodes.size(); ++i)
        if (b.nodes[i].kind == NodeKind::core) cores_[*b.nodes[i].op].push_back(i);
    for (auto svc : national_.services()) foreign_service_.push_back(b.nodes[svc].domestic ? 0 : 1);
}

std::vector<network::Asn> AsLevelNetwork::cut_ases(const NetworkState& s) const {
    std::vector<network::Asn> cut(s.cut_asns.begin(), s.cut_asns.end());
    for (std::size_t o = 0; o < cores_.size(); ++o) {
        if (cores_[o].empty()) continue;
        const bool all_cut =
            std::all_of(cores_[o].begin(), cores_[o].end(), [&](std::size_t c) { return s.cut[c] != 0; });
        if (all_cut) cut.insert(cut.end(), topo_.operator_asns[o].begin(), topo_.operator_asns[o].end());
    }
    std::sort(cut.begin(), cut.end());
    cut.erase(std::unique(cut.begin(), cut.end()), cut.end());
    return cut;
}

std::vector<std::uint8_t> AsLevelNetwork::operators_abroad(std::span<const network::Asn> cut) const {
    std::vector<network::Asn> key(cut.begin(), cut.end());
    {
        std::lock_guard lock(cache_mutex_);
        if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    }
    std::vector<std::uint8_t> removed(graph_.size(), 0);
    for (auto asn : key)
        if (auto i = graph_.index(asn)) removed[*i] = 1;
    std::vector<std::uint8_t> reached;
    graph_.reach(removed, reached);
    std::vector<std::uint8_t> ok(operator_states_.size(), 0);
    for (std::size_t o = 0; o < ok.size(); ++o)
        for (auto i : operator_states_[o]) ok[o] = ok[o] || reached[i];
    std::lock_guard lock(cache_mutex_);
    cache_.emplace(std::move(key), ok);
    return ok;
}

std::size_t AsLevelNetwork::cached_cut_sets() const {
    std::lock_guard lock(cache_mutex_);
    return cache_.size();
}

Connectivity AsLevelNetwork::evaluate(const NetworkState& s) const {
    auto c = national_.evaluate(s);
    const auto ok = operators_abroad(cut_ases(s));
    const auto& access = national_.access_nodes();
    for (std::size_t k = 0; k < access.size(); ++k) {
        const auto o = *baseline_->nodes[access[k]].op;
        if (!constrained_[o] || ok[o]) continue;
        // No route abroad: the world and every host abroad are out of reach;
        // domestic reach stays the national graph's (exchanges, domestic hosts).
        c.international[k] = 0;
        c.throughput[k] = 0.0;
        for (std::size_t j = 0; j < foreign_service_.size(); ++j)
            if (foreign_service_[j] && c.service[j][k] == ServiceReach::reachable)
                c.service[j][k] = ServiceReach::unreachable;
    }
    return c;
}

std::unique_ptr<NetworkModel> make_network_model(const Baseline& b) {
    if (has_as_topology(b)) return std::make_unique<AsLevelNetwork>(b);
    return std::make_unique<NationalGraph>(b);
}

}  // namespace rubilnik
