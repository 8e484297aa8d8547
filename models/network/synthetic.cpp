// The synthetic topology generator (docs/large-topologies.md, "Generator").
// Layout: vertex ids follow a depth-first order (each pre-aggregation router,
// then its hubs, each followed by its cell sites), so a vertex's neighbours
// mostly sit a few ids away and the kernels stay cache-friendly.
#include <algorithm>
#include <cmath>
#include <string>

#include "rubilnik/error.hpp"
#include "rubilnik/network/synthetic.hpp"
#include "rubilnik/rng.hpp"

namespace rubilnik::network {
namespace {

constexpr std::size_t kLeavesPerHub = 16;
constexpr std::size_t kHubsPerPre = 8;
constexpr std::size_t kPresPerAgg = 8;
constexpr std::size_t kMinAggRing = 2;
constexpr std::size_t kMaxAggRing = 32;
constexpr double kDualHoming = 0.5;  // share of pre-aggregation routers with a second uplink
constexpr double kHubRing = 0.1;     // share of hubs closing a ring to their predecessor
constexpr std::size_t kServices = 3;

class Uniform {
public:
    Uniform(std::uint64_t seed, const char* stream) : rng_(seed, 0, stream_id(stream)) {}
    double operator()(std::uint64_t i) const { return rng_.uniform(i); }

private:
    CounterRng rng_;
};

std::size_t ceil_div(std::size_t a, std::size_t b) { return (a + b - 1) / b; }

std::string padded(char prefix, std::size_t i, std::size_t count) {
    const std::size_t width = std::max<std::size_t>(2, std::to_string(count - 1).size());
    std::string digits = std::to_string(i);
    return std::string(1, prefix) + std::string(width - std::min(width, digits.size()), '0') + digits;
}

// Gateways: the incumbent (op0) at up to three regions spread over the
// country, the second operator at the last region; everyone else buys transit.
struct Gateway {
    std::size_t op = 0;
    std::size_t region = 0;
};

std::vector<Gateway> gateways(std::size_t R, std::size_t O) {
    std::vector<Gateway> out;
    const std::size_t g0 = std::min<std::size_t>(3, R);
    for (std::size_t i = 0; i < g0; ++i) out.push_back({0, i * R / g0});
    if (O >= 2) out.push_back({1, R - 1});
    return out;
}

// Vertex counts per group g = (region · O + operator) · 2 + access.
struct Plan {
    std::vector<double> users;
    std::vector<std::size_t> leaves, hubs, pres, agg;  // agg per (region, operator)
    std::size_t fixed = 0;
    std::size_t total = 0;
};

void fill_plan(Plan& p, std::size_t leaves) {
    const std::size_t G = p.users.size();
    std::size_t with_users = 0;
    double all = 0;
    for (double u : p.users) with_users += u > 0, all += u;
    const std::size_t spare = leaves > with_users ? leaves - with_users : 0;
    p.leaves.assign(G, 0);
    p.hubs.assign(G, 0);
    p.pres.assign(G, 0);
    p.agg.assign(G / 2, 0);
    p.total = p.fixed;
    for (std::size_t g = 0; g < G; ++g) {
        if (p.users[g] <= 0) continue;
        // floor keeps every count monotone in `leaves`, so a bisection finds the largest plan that fits.
        p.leaves[g] = 1 + static_cast<std::size_t>(std::floor(static_cast<double>(spare) * p.users[g] / all));
        p.hubs[g] = ceil_div(p.leaves[g], kLeavesPerHub);
        p.pres[g] = ceil_div(p.hubs[g], kHubsPerPre);
        p.total += p.leaves[g] + p.hubs[g] + p.pres[g];
    }
    for (std::size_t ro = 0; ro < G / 2; ++ro) {
        const std::size_t pre = p.pres[2 * ro] + p.pres[2 * ro + 1];
        if (pre > 0) p.agg[ro] = std::clamp(ceil_div(pre, kPresPerAgg), kMinAggRing, kMaxAggRing);
        p.total += p.agg[ro];
    }
}

void draw_country(SyntheticCountry& c) {
    const auto& opt = c.options;
    const std::size_t R = opt.regions, O = opt.operators;
    const Uniform size(opt.seed, "synthetic.region.size"), net(opt.seed, "synthetic.region.users"),
        fixed(opt.seed, "synthetic.region.fixed"), gdp(opt.seed, "synthetic.region.gdp"),
        share(opt.seed, "synthetic.share");
    std::vector<double> w(R), g(R);
    double wsum = 0, gsum = 0;
    for (std::size_t r = 0; r < R; ++r) {
        // A Zipf-like spread of region sizes: a capital and a long tail.
        w[r] = std::pow(static_cast<double>(r + 1), -0.8) * (0.7 + 0.6 * size(r));
        wsum += w[r];
    }
    for (std::size_t r = 0; r < R; ++r) {
        SyntheticRegion reg;
        reg.id = padded('r', r, R);
        reg.population = std::max(1.0, std::round(opt.population * w[r] / wsum));
        reg.internet_users = std::round(reg.population * (0.75 + 0.15 * net(r)));
        reg.fixed_share = std::round((0.10 + 0.25 * fixed(r)) * 1e4) / 1e4;
        // The western third of the country one hour behind, as in Kazakhstan in 2022.
        reg.utc_offset_minutes = 3 * r >= 2 * R && R > 1 ? 300 : 360;
        g[r] = reg.population * (0.6 + 0.8 * gdp(r));
        gsum += g[r];
        c.regions.push_back(reg);
    }
    for (std::size_t r = 0; r < R; ++r) c.regions[r].gdp_share = g[r] / gsum;
    for (std::size_t o = 0; o < O; ++o)
        c.operators.push_back({"op" + std::to_string(o),
                               o == 0       ? "fixed+mobile"
                               : o % 3 == 0 ? "fixed"
                                            : "mobile",
                               static_cast<std::uint32_t>(64512 + o)});
    c.share.resize(R);
    for (std::size_t r = 0; r < R; ++r)
        for (std::size_t a = 0; a < 2; ++a) {
            auto& s = c.share[r][a];
            s.assign(O, 0.0);
            double sum = 0;
            for (std::size_t o = 0; o < O; ++o) {
                const auto& role = c.operators[o].role;
                if (role != "fixed+mobile" && role != (a == 0 ? "mobile" : "fixed")) continue;
                // The incumbent leads both markets, fixed more than mobile.
                const double base = o == 0 ? (a == 0 ? 2.0 : 4.0) : 1.0;
                s[o] = base * (0.6 + 0.8 * share((r * 2 + a) * O + o));
                sum += s[o];
            }
            for (auto& v : s) v /= sum;
        }
}

double group_users(const SyntheticCountry& c, std::size_t r, std::size_t o, std::size_t a) {
    // The same expression as the baseline loader's, so the sums agree to the last bit.
    const auto& reg = c.regions[r];
    const double users = reg.internet_users * (a == 1 ? reg.fixed_share : 1.0 - reg.fixed_share);
    const double s = c.share[r][a][o];
    return s > 0 && users > 0 ? users * s : 0.0;
}

Plan make_plan(const SyntheticCountry& c, std::size_t leaves) {
    const std::size_t R = c.regions.size(), O = c.operators.size();
    Plan p;
    p.fixed = 2 + kServices + gateways(R, O).size() + O * R;
    p.users.resize(R * O * 2);
    for (std::size_t r = 0; r < R; ++r)
        for (std::size_t o = 0; o < O; ++o)
            for (std::size_t a = 0; a < 2; ++a) p.users[(r * O + o) * 2 + a] = group_users(c, r, o, a);
    fill_plan(p, leaves);
    return p;
}

void check_options(const SyntheticOptions& o) {
    if (o.regions < 1 || o.regions > kMaxSyntheticRegions)
        throw InputError("--regions " + std::to_string(o.regions) + " is outside 1.." +
                         std::to_string(kMaxSyntheticRegions));
    if (o.operators < 1 || o.operators > kMaxSyntheticOperators)
        throw InputError("--operators " + std::to_string(o.operators) + " is outside 1.." +
                         std::to_string(kMaxSyntheticOperators));
    if (!(o.population >= 1 && o.population <= 1e10))
        throw InputError("--population " + std::to_string(o.population) + " is outside 1..1e10");
    if (o.nodes > kMaxVertices)
        throw InputError("--nodes " + std::to_string(o.nodes) + " is above the limit of " +
                         std::to_string(kMaxVertices));
}

}  // namespace

std::size_t minimum_synthetic_nodes(const SyntheticOptions& options) {
    check_options(options);
    SyntheticCountry c;
    c.options = options;
    draw_country(c);
    return make_plan(c, 0).total;
}

SyntheticCountry generate_synthetic(const SyntheticOptions& options) {
    check_options(options);
    SyntheticCountry c;
    c.options = options;
    draw_country(c);
    const std::size_t R = c.regions.size(), O = c.operators.size(), N = options.nodes;

    Plan plan = make_plan(c, 0);
    if (plan.total > N)
        throw InputError("--nodes " + std::to_string(N) + " is too small for " + std::to_string(R) + " regions and " +
                         std::to_string(O) + " operators: at least " + std::to_string(plan.total) + " are needed");
    std::size_t lo = 0, hi = N;  // largest leaf budget whose plan fits in N
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo + 1) / 2;
        if (make_plan(c, mid).total <= N) lo = mid;
        else hi = mid - 1;
    }
    plan = make_plan(c, lo);
    // The few vertices the bisection leaves over become extra cell sites of
    // the largest group, so the count is exact.
    const auto largest =
        static_cast<std::size_t>(std::max_element(plan.users.begin(), plan.users.end()) - plan.users.begin());
    const std::size_t extra = N - plan.total;

    auto& t = c.topology;
    t.kind.reserve(N);
    t.region.reserve(N);
    t.op.reserve(N);
    t.users.reserve(N);
    for (const auto& r : c.regions) t.region_ids.push_back(r.id);
    for (const auto& o : c.operators) t.operator_ids.push_back(o.id);
    std::vector<Edge> edges;
    edges.reserve(N + N / 8);
    std::vector<std::pair<std::string, Vertex>> labels;
    auto add = [&](VertexKind k, std::size_t region, std::size_t op) {
        t.kind.push_back(static_cast<std::uint8_t>(k));
        t.region.push_back(region == kNoRegion ? kNoRegion : static_cast<std::uint16_t>(region));
        t.op.push_back(op == kNoOperator ? kNoOperator : static_cast<std::uint8_t>(op));
        t.users.push_back(0.0f);
        return static_cast<Vertex>(t.kind.size() - 1);
    };
    auto link = [&](Vertex a, Vertex b) { edges.push_back({a, b}); };
    auto named = [&](SyntheticNamedNode n, Vertex v) {
        labels.emplace_back(n.id, v);
        c.named.push_back(std::move(n));
    };

    const std::string capital = c.regions[0].id;
    const Vertex foreign = add(VertexKind::foreign, kNoRegion, kNoOperator);
    named({"foreign", "foreign", "", "", "foreign", "", ""}, foreign);
    const Vertex ix = add(VertexKind::ixp, 0, kNoOperator);
    named({"ix", "ixp", "", capital, "domestic", "", ""}, ix);
    const Vertex bank = add(VertexKind::service, 0, kNoOperator);
    named({"svc:bank", "service", "", capital, "domestic", "bank", "payments"}, bank);
    const Vertex gov = add(VertexKind::service, 0, kNoOperator);
    named({"svc:gov", "service", "", capital, "domestic", "gov", "government"}, gov);
    const Vertex messenger = add(VertexKind::service, kNoRegion, kNoOperator);
    named({"svc:messenger", "service", "", "", "foreign", "messenger", "messengers"}, messenger);
    link(messenger, foreign);

    const auto gws = gateways(R, O);
    std::vector<Vertex> gw_vertex;
    for (const auto& gw : gws) gw_vertex.push_back(add(VertexKind::gateway, gw.region, gw.op));
    std::vector<Vertex> bb(O * R);  // bb[o * R + r]
    for (std::size_t o = 0; o < O; ++o)
        for (std::size_t r = 0; r < R; ++r) bb[o * R + r] = add(VertexKind::backbone, r, o);
    // Cores first: the baseline loader hangs each operator's access networks off its first core node.
    for (std::size_t o = 0; o < O; ++o) {
        SyntheticNamedNode n{"core:" + c.operators[o].id, "core", c.operators[o].id, "", "domestic", "", ""};
        labels.emplace_back(n.id, bb[o * R]);
        for (std::size_t r = 1; r < R; ++r) labels.emplace_back(n.id, bb[o * R + r]);
        c.named.push_back(std::move(n));
    }
    for (std::size_t i = 0; i < gws.size(); ++i) {
        const auto& op = c.operators[gws[i].op].id;
        named({"gw:" + op + ":" + c.regions[gws[i].region].id, "gateway", op, c.regions[gws[i].region].id, "domestic",
               "", ""},
              gw_vertex[i]);
        link(gw_vertex[i], foreign);
        link(gw_vertex[i], bb[gws[i].op * R + gws[i].region]);
    }
    for (std::size_t o = 0; o < O; ++o) {
        if (R == 2) link(bb[o * R], bb[o * R + 1]);
        if (R >= 3)
            for (std::size_t r = 0; r < R; ++r) link(bb[o * R + r], bb[o * R + (r + 1) % R]);
        link(ix, bb[o * R]);
        const bool own_gateway = std::any_of(gws.begin(), gws.end(), [&](const Gateway& g) { return g.op == o; });
        if (!own_gateway) {
            // Transit from the incumbent at the capital and mid-country, and from the second gateway operator in the
            // west.
            link(bb[o * R], bb[0]);
            if (R >= 2) link(bb[o * R + R / 2], bb[R / 2]);
            if (O >= 2) link(bb[o * R + R - 1], bb[R + R - 1]);
        }
    }
    for (Vertex svc : {bank, gov}) link(svc, ix), link(svc, bb[0]);

    const Uniform dual(options.seed, "synthetic.dual_homing"), ring(options.seed, "synthetic.hub_ring"),
        weight(options.seed, "synthetic.leaf_users");
    std::size_t pre_counter = 0, hub_counter = 0;
    for (std::size_t r = 0; r < R; ++r) {
        for (std::size_t o = 0; o < O; ++o) {
            const std::size_t ro = r * O + o, k = plan.agg[ro];
            if (k == 0) continue;
            std::vector<Vertex> agg(k);
            for (auto& v : agg) v = add(VertexKind::aggregation, r, o);
            const std::string agg_id = "agg:" + c.regions[r].id + ":" + c.operators[o].id;
            for (Vertex v : agg) labels.emplace_back(agg_id, v);
            c.named.push_back({agg_id, "core", c.operators[o].id, c.regions[r].id, "domestic", "", ""});
            link(bb[o * R + r], agg[0]);
            link(bb[o * R + r], agg[k / 2]);
            if (k == 2) link(agg[0], agg[1]);
            for (std::size_t i = 0; k >= 3 && i < k; ++i) link(agg[i], agg[(i + 1) % k]);
            std::size_t pre_in_ro = 0;
            for (std::size_t a = 0; a < 2; ++a) {
                const std::size_t g = ro * 2 + a;
                if (plan.leaves[g] == 0) continue;
                const std::size_t leaves = plan.leaves[g] + (g == largest ? extra : 0);
                const std::size_t hubs = plan.hubs[g], pres = plan.pres[g];
                const auto leaf_kind = static_cast<std::uint8_t>(static_cast<std::uint8_t>(VertexKind::access) |
                                                                 (a == 1 ? kFixedAccessBit : 0));
                const std::size_t first_leaf_id = t.kind.size();
                std::size_t hub_done = 0, leaf_done = 0;
                for (std::size_t j = 0; j < pres; ++j, ++pre_in_ro, ++pre_counter) {
                    const Vertex pre = add(VertexKind::preaggregation, r, o);
                    link(pre, agg[pre_in_ro % k]);
                    if (dual(pre_counter) < kDualHoming) link(pre, agg[(pre_in_ro + 1) % k]);
                    const std::size_t hub_end = hubs * (j + 1) / pres;
                    Vertex previous = 0;
                    for (std::size_t h = hub_done; h < hub_end; ++h, ++hub_counter) {
                        const Vertex hub = add(VertexKind::hub, r, o);
                        link(hub, pre);
                        if (h > hub_done && ring(hub_counter) < kHubRing) link(previous, hub);
                        previous = hub;
                        const std::size_t leaf_end = leaves * (h + 1) / hubs;
                        for (; leaf_done < leaf_end; ++leaf_done) {
                            const Vertex leaf = add(VertexKind::access, r, o);
                            t.kind[leaf] = leaf_kind;
                            t.users[leaf] = static_cast<float>(0.5 + weight(leaf));
                            link(leaf, hub);
                        }
                    }
                    hub_done = hub_end;
                }
                // Users spread over the group's sites in proportion to their drawn weights.
                double wsum = 0;
                for (std::size_t v = first_leaf_id; v < t.kind.size(); ++v)
                    if (t.kind[v] == leaf_kind) wsum += t.users[v];
                const double scale = plan.users[g] / wsum;
                for (std::size_t v = first_leaf_id; v < t.kind.size(); ++v)
                    if (t.kind[v] == leaf_kind) t.users[v] = static_cast<float>(t.users[v] * scale);
            }
        }
    }
    if (t.kind.size() != N)
        throw std::logic_error("synthetic generator built " + std::to_string(t.kind.size()) + " vertices, planned " +
                               std::to_string(N));
    t.graph = CsrGraph::from_edges(N, edges);
    edges.clear();
    edges.shrink_to_fit();

    std::sort(labels.begin(), labels.end());
    for (const auto& [name, v] : labels) {
        if (t.label_names.empty() || t.label_names.back() != name) t.label_names.push_back(name);
        t.labels.push_back({static_cast<std::uint32_t>(t.label_names.size() - 1), v});
    }
    t.source = "synthetic topology (seed " + std::to_string(options.seed) + ")";
    return c;
}

}  // namespace rubilnik::network
