// CAIDA as-rel, AS name and country extract readers
// (models/network/caida.cpp, docs/network-as.md).
#include <catch2/catch.hpp>

#include <lzma.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <unistd.h>

#include "rubilnik/error.hpp"
#include "rubilnik/network/caida.hpp"

#ifndef RUBILNIK_SOURCE_DIR
#define RUBILNIK_SOURCE_DIR "."  // the build should pass the repository root
#endif

namespace net = rubilnik::network;
namespace fs = std::filesystem;

namespace {

std::string repo(const std::string& rel) { return std::string(RUBILNIK_SOURCE_DIR) + "/" + rel; }

// A scratch file that removes itself.
struct TempFile {
    fs::path path;
    explicit TempFile(const std::string& name, const std::string& bytes)
        : path(fs::temp_directory_path() / ("rubilnik-net-" + std::to_string(::getpid()) + "-" + name)) {
        std::ofstream(path, std::ios::binary) << bytes;
    }
    ~TempFile() { fs::remove(path); }
    std::string str() const { return path.string(); }
};

std::string xz_compress(const std::string& text) {
    std::string out(lzma_stream_buffer_bound(text.size()), '\0');
    std::size_t pos = 0;
    const lzma_ret r =
        lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, nullptr, reinterpret_cast<const std::uint8_t*>(text.data()),
                                text.size(), reinterpret_cast<std::uint8_t*>(out.data()), &pos, out.size());
    REQUIRE(r == LZMA_OK);
    out.resize(pos);
    return out;
}

bool same_graph(const net::AsGraph& a, const net::AsGraph& b) {
    if (a.asns() != b.asns() || a.num_links() != b.num_links()) return false;
    for (net::VertexId v = 0; v < a.num_vertices(); ++v) {
        auto eq = [](auto x, auto y) { return std::equal(x.begin(), x.end(), y.begin(), y.end()); };
        if (!eq(a.providers(v), b.providers(v)) || !eq(a.customers(v), b.customers(v)) || !eq(a.peers(v), b.peers(v)))
            return false;
    }
    return true;
}

const char* kSample =
    "# source:topology|BGP|20180101|ripe|rrc00\n"
    "# a comment\n"
    "1|2|-1\n"
    "1|3|-1\r\n"
    "2|3|0\n"
    "\n"
    "4|1|-1\n"
    "3|5|0";  // no final newline

}  // namespace

TEST_CASE("CAIDA serial-1 text parses into the right relationships", "[network][caida]") {
    const auto g = net::parse_caida_asrel(kSample, "sample");
    REQUIRE(g.num_vertices() == 5);
    REQUIRE(g.num_links() == 5);
    REQUIRE(g.num_provider_customer_links() == 3);
    REQUIRE(g.num_peer_links() == 2);
    const auto v1 = *g.find(1), v2 = *g.find(2), v4 = *g.find(4);
    CHECK(g.relation_between(v1, v2) == net::Rel::to_customer);
    CHECK(g.relation_between(v2, v1) == net::Rel::to_provider);
    CHECK(g.relation_between(v1, v4) == net::Rel::to_provider);
    CHECK(g.relation_between(*g.find(3), *g.find(5)) == net::Rel::to_peer);
}

TEST_CASE("malformed CAIDA lines are rejected with file and line", "[network][caida]") {
    struct Case {
        const char* line;
        const char* says;
    };
    const Case cases[] = {
        {"1|2", "found 2 '|'-separated fields"},
        {"1|2|0|bgp", "found 4 '|'-separated fields"},
        {"abc|2|0", "as1 is 'abc'"},
        {"1|2x|0", "as2 is '2x'"},
        {"-5|2|0", "as1 is '-5'"},
        {"|2|0", "as1 is ''"},
        {"1|99999999999|0", "as2 is '99999999999'"},
        {"0|2|-1", "AS0, which is reserved"},
        {"1|2|1", "rel is '1'"},
        {"1|2|-2", "rel is '-2'"},
        {"1|2|", "rel is ''"},
        {"7|7|0", "AS7 is linked to itself"},
        {"2|1|0", "already linked at line 1"},
    };
    for (const Case& c : cases) {
        const std::string text = std::string("1|2|-1\n# comment\n") + c.line + "\n";
        INFO(c.line);
        CHECK_THROWS_AS(net::parse_caida_asrel(text, "bad.txt"), rubilnik::InputError);
        CHECK_THROWS_WITH(net::parse_caida_asrel(text, "bad.txt"),
                          Catch::StartsWith("bad.txt:3") && Catch::Contains(c.says));
    }
    // Columns point at the offending field.
    CHECK_THROWS_WITH(net::parse_caida_asrel("1|x|0\n", "c.txt"), Catch::StartsWith("c.txt:1:3:"));
}

TEST_CASE("xz and plain files give the same graph", "[network][caida]") {
    std::string text = kSample;
    for (int i = 0; i < 20000; ++i)  // spans many decoder chunks
        text += "\n" + std::to_string(100 + i) + "|" + std::to_string(100000 + i) + "|" + (i % 3 ? "-1" : "0");
    text += "\n";
    const TempFile plain("plain.txt", text);
    const TempFile xz("packed.bin", xz_compress(text));  // detected by magic, not name
    const auto a = net::read_caida_asrel(plain.str());
    const auto b = net::read_caida_asrel(xz.str());
    CHECK(a.num_links() == 20005);
    CHECK(same_graph(a, b));

    // Line numbers survive decompression.
    const TempFile bad("bad.xz", xz_compress(text + "5|6|9\n"));
    CHECK_THROWS_WITH(net::read_caida_asrel(bad.str()), Catch::Contains(":20009:"));
    // Truncated and corrupt xz data are input errors, not crashes.
    std::string packed = xz_compress(text);
    const TempFile cut("cut.xz", packed.substr(0, packed.size() / 2));
    CHECK_THROWS_WITH(net::read_caida_asrel(cut.str()), Catch::Contains("truncated"));
    packed[packed.size() / 2] ^= 0x55;
    const TempFile corrupt("corrupt.xz", packed);
    CHECK_THROWS_AS(net::read_caida_asrel(corrupt.str()), rubilnik::InputError);
    CHECK_THROWS_WITH(net::read_caida_asrel("/nonexistent/as-rel.txt"),
                      Catch::Contains("/nonexistent/as-rel.txt") && Catch::Contains("cannot open"));
}

TEST_CASE("AS name lists: names with commas, unknown countries, errors", "[network][caida]") {
    const TempFile ok("names.txt",
                      "0:-Reserved AS-, ZZ\n"
                      "9198:KAZTELECOM-AS, KZ\n"
                      "8430:ALMA-MEDIA-ALMATY-AS Almaty, Republic of Kazakhstan, KZ\n"
                      "12389:ROSTELECOM-AS, RU\n"
                      "23456:AS_TRANS, ??\n");
    const auto names = net::read_asn_names(ok.str());
    REQUIRE(names.size() == 5);
    CHECK(names.at(8430).name == "ALMA-MEDIA-ALMATY-AS Almaty, Republic of Kazakhstan");
    CHECK(names.at(8430).country == "KZ");
    CHECK(names.at(0).country.empty());
    CHECK(names.at(23456).country.empty());
    CHECK(net::country_ases(names, "kz") == std::vector<net::Asn>{8430, 9198});
    CHECK(net::country_ases(names, "XX").empty());

    const TempFile dup("dup.txt", "1:A, US\n2:B, US\n1:C, US\n");
    CHECK_THROWS_WITH(net::read_asn_names(dup.str()),
                      Catch::Contains(":3:") && Catch::Contains("already listed at line 1"));
    const TempFile nocc("nocc.txt", "1:A, US\n2:B\n");
    CHECK_THROWS_WITH(net::read_asn_names(nocc.str()), Catch::Contains(":2:"));
    const TempFile badcc("badcc.txt", "1:A, USA\n");
    CHECK_THROWS_WITH(net::read_asn_names(badcc.str()), Catch::Contains("two-letter"));
}

TEST_CASE("country extract CSV", "[network][caida]") {
    const TempFile f("extract.csv",
                     "as_a,as_b,rel,cc_a,cc_b,name_a,name_b\n"
                     "12389,9198,-1,RU,KZ,ROSTELECOM-AS,KAZTELECOM-AS\n"
                     "9198,8430,-1,KZ,KZ,KAZTELECOM-AS,\"ALMA-MEDIA, Almaty\"\n"
                     "9198,65000,0,KZ,??,KAZTELECOM-AS,X\n");
    const auto ex = net::read_asrel_csv(f.str());
    CHECK(ex.graph.num_links() == 3);
    CHECK(ex.names.at(8430).name == "ALMA-MEDIA, Almaty");
    CHECK(ex.names.at(65000).country.empty());
    CHECK(net::country_ases(ex.names, "KZ") == std::vector<net::Asn>{8430, 9198});

    const TempFile bad("extract-bad.csv", "as_a,as_b,rel,cc_a,cc_b,name_a,name_b\n1,2,-1,US,KZ,A,B\n1,3,5,US,KZ,A,C\n");
    CHECK_THROWS_WITH(net::read_asrel_csv(bad.str()), Catch::Contains(":3:") && Catch::Contains("rel is '5'"));
    const TempFile hdr("extract-hdr.csv", "a,b,rel\n");
    CHECK_THROWS_WITH(net::read_asrel_csv(hdr.str()), Catch::Contains("header"));
}

TEST_CASE("the real CAIDA 2018-01-01 file loads with the expected counts", "[network][caida][data]") {
    const std::string path = repo("tests/data/caida/20180101.as-rel.txt.xz");
    REQUIRE(fs::exists(path));
    const auto t0 = std::chrono::steady_clock::now();
    const auto g = net::read_caida_asrel(path);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::cout << "CAIDA 20180101: " << g.num_vertices() << " ASes, " << g.num_links() << " links ("
              << g.num_provider_customer_links() << " p2c, " << g.num_peer_links() << " p2p), read+build " << ms
              << " ms\n";
    // Counts from `xz -dc | grep -v '^#' | ...` on the same file.
    CHECK(g.num_vertices() == 60006);
    CHECK(g.num_links() == 261340);
    CHECK(g.num_provider_customer_links() == 117703);
    CHECK(g.num_peer_links() == 143637);
    CHECK(net::connected_components(g).count == 1);
    const auto v9198 = *g.find(9198);
    CHECK(g.relation_between(v9198, *g.find(12389)) == net::Rel::to_provider);  // Rostelecom
    CHECK(g.relation_between(v9198, *g.find(41798)) == net::Rel::to_provider);  // Transtelecom

    const auto names = net::read_asn_names(repo("tests/data/caida/ASN_lookup.xz"));
    CHECK(names.size() == 110549);
    const auto kz = net::country_ases(names, "KZ");
    CHECK(kz.size() == 180);
    CHECK(names.at(9198).name == "KAZTELECOM-AS");

    // The shipped KZ extract holds exactly the links of the full file that
    // have a KZ end.
    const auto ex = net::read_asrel_csv(repo("scenarios/countries/kz/as-rel/kz-as-rel-20180101.csv"));
    std::size_t kz_links = 0;
    for (net::VertexId v = 0; v < g.num_vertices(); ++v) {
        const bool v_kz = std::binary_search(kz.begin(), kz.end(), g.asn(v));
        for (net::VertexId u : g.neighbours(v)) {
            if (u < v) continue;
            if (!v_kz && !std::binary_search(kz.begin(), kz.end(), g.asn(u))) continue;
            ++kz_links;
            const auto a = ex.graph.find(g.asn(v)), b = ex.graph.find(g.asn(u));
            REQUIRE((a && b));
            REQUIRE(ex.graph.relation_between(*a, *b) == g.relation_between(v, u));
        }
    }
    CHECK(kz_links == 424);
    CHECK(ex.graph.num_links() == 424);
}

TEST_CASE("write_asrel_csv round-trips through read_asrel_csv, with a country filter", "[network][caida]") {
    const auto g = net::parse_caida_asrel("1|2|-1\n2|3|0\n9|1|-1\n3|4|-1\n", "sample");
    net::AsNames names;
    names[1] = {"ONE, \"the first\"", "KZ"};
    names[2] = {"TWO", "KZ"};
    names[3] = {"THREE", "RU"};
    names[9] = {"NINE", ""};  // unknown country; AS4 is absent from the list
    std::ostringstream all;
    CHECK(net::write_asrel_csv(all, g, names, "", "CAIDA test") == 4);
    const TempFile f("written.csv", all.str());
    const auto back = net::read_asrel_csv(f.str());
    CHECK(same_graph(back.graph, g));
    CHECK(back.names.at(1).name == "ONE, \"the first\"");
    CHECK(back.names.at(9).country.empty());
    CHECK(back.names.at(4).country.empty());
    CHECK(all.str().rfind("as_a,as_b,rel,cc_a,cc_b,name_a,name_b,source\n1,2,-1,KZ,KZ,", 0) == 0);

    // Links with an end in KZ: 1-2, 2-3 and 9-1, not 3-4 (RU and unknown).
    std::ostringstream kz;
    CHECK(net::write_asrel_csv(kz, g, names, "kz", "CAIDA test") == 3);
    CHECK(kz.str().find("3,4,-1") == std::string::npos);
    CHECK(kz.str().find("2,3,0,KZ,RU,TWO,THREE,CAIDA test") != std::string::npos);

    const TempFile empty_source("no-source.csv",
                                "as_a,as_b,rel,cc_a,cc_b,name_a,name_b,source\n1,2,-1,KZ,KZ,A,B,x\n2,3,0,KZ,RU,B,C,\n");
    CHECK_THROWS_WITH(net::read_asrel_csv(empty_source.str()),
                      Catch::Contains(":3:") && Catch::Contains("every row needs a source"));
    const TempFile short_row("short.csv", "as_a,as_b,rel,cc_a,cc_b,name_a,name_b,source\n1,2,-1,KZ,KZ,A,B\n");
    CHECK_THROWS_WITH(net::read_asrel_csv(short_row.str()),
                      Catch::Contains(":2:") && Catch::Contains("found 7 fields") && Catch::Contains("expected 8"));
}
