// The CAIDA readers (include/rubilnik/network/caida.hpp). The first byte
// picks the reader, the rest is the file:
//   0  parse_caida_asrel over text in memory (serial-1 as1|as2|rel)
//   1  read_caida_asrel from a file: plain, or xz when the bytes are xz
//   2  read_asn_names (ASN:NAME, CC lines)
//   3  read_asrel_csv (the country extract shipped with a baseline)
// Graphs that load are then queried the way the chokepoint analysis does.
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "rubilnik/network/caida.hpp"

namespace {

// The queries of the chokepoint analysis, on whatever graph loaded.
void touch(const rubilnik::network::AsGraph& g) {
    namespace net = rubilnik::network;
    if (g.num_vertices() == 0) return;
    const net::VertexId first = 0;
    (void)net::reach(g, {&first, 1});
    (void)net::reach(g, {&first, 1}, {}, net::Routing::plain);
    (void)net::connected_components(g);
    std::vector<net::VertexId> path = {first};
    for (auto u : g.neighbours(first)) {
        path.push_back(u);
        break;
    }
    (void)net::is_valley_free(g, path);
    for (net::VertexId v = 0; v < g.num_vertices(); ++v)
        for (std::size_t i = 0; i < g.degree(v); ++i) (void)g.relation(v, i);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace net = rubilnik::network;
    static const rubilnik::fuzz::Scratch scratch("rubilnik-fuzz-caida");
    static const std::string file = (scratch.path() / "input").string();
    if (size == 0) return 0;
    const auto body = rubilnik::fuzz::as_text(data + 1, size - 1);
    try {
        switch (data[0] % 4) {
            case 0: touch(net::parse_caida_asrel(body, "fuzz.as-rel.txt")); break;
            case 1:
                rubilnik::fuzz::write_bytes(file, body);
                touch(net::read_caida_asrel(file));
                break;
            case 2: {
                rubilnik::fuzz::write_bytes(file, body);
                const auto names = net::read_asn_names(file);
                (void)net::country_ases(names, "KZ");
                break;
            }
            default: {
                rubilnik::fuzz::write_bytes(file, body);
                const auto extract = net::read_asrel_csv(file);
                touch(extract.graph);
                (void)net::country_ases(extract.names, "kz");
                break;
            }
        }
    } catch (const rubilnik::InputError&) {
    }
    return 0;
}
