// CAIDA as-rel, AS name list and country extract readers
// (include/rubilnik/network/caida.hpp, docs/network-as.md).
#include "rubilnik/network/caida.hpp"

#include <lzma.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <ostream>

#include "rubilnik/error.hpp"

namespace rubilnik::network {

namespace {

// Splits a byte stream delivered in arbitrary chunks into lines. Lines that
// lie wholly inside a chunk are passed as views into it; only a line cut by a
// chunk boundary is copied.
class LineSplitter {
public:
    explicit LineSplitter(const std::function<void(std::string_view, long)>& on_line, std::string source = "")
        : on_line_(on_line), source_(std::move(source)) {}

    void feed(const char* data, std::size_t size) {
        std::string_view rest(data, size);
        while (!rest.empty()) {
            const std::size_t nl = rest.find('\n');
            if (nl == std::string_view::npos) {
                carry_.append(rest);
                // Input without line breaks (binary junk, an xz bomb) would
                // otherwise grow this without bound (docs/hardening.md).
                if (carry_.size() > kMaxLineBytes)
                    throw InputError(SourceLocation{source_, number_ + 1, 0}, "",
                                     "line longer than " + std::to_string(kMaxLineBytes) +
                                         " bytes; expected a line-oriented text file");
                return;
            }
            if (carry_.empty()) {
                emit(rest.substr(0, nl));
            } else {
                carry_.append(rest.substr(0, nl));
                emit(carry_);
                carry_.clear();
            }
            rest.remove_prefix(nl + 1);
        }
    }

    void finish() {
        if (!carry_.empty()) emit(carry_);  // last line without a newline
        carry_.clear();
    }

private:
    void emit(std::string_view line) {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        on_line_(line, ++number_);
    }

    static constexpr std::size_t kMaxLineBytes = 1u << 20;
    const std::function<void(std::string_view, long)>& on_line_;
    std::string source_;
    std::string carry_;
    long number_ = 0;
};

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

struct LzmaEnd {
    void operator()(lzma_stream* s) const { lzma_end(s); }
};

[[noreturn]] void fail(const std::string& file, long line, long column, const std::string& msg) {
    throw InputError(SourceLocation{file, line, column}, "", msg);
}

// A line quoted in an error message, shortened so binary junk stays readable.
std::string quoted(std::string_view line) {
    constexpr std::size_t kMax = 60;
    std::string out = "'" + std::string(line.substr(0, kMax));
    if (line.size() > kMax) out += "...";
    return out + "'";
}

// Parses an unsigned decimal AS number filling the whole field.
bool parse_u32(std::string_view s, std::uint32_t& out) {
    if (s.empty()) return false;
    const auto* end = s.data() + s.size();
    auto [ptr, ec] = std::from_chars(s.data(), end, out);
    return ec == std::errc() && ptr == end;
}

bool is_blank(std::string_view line) {
    return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t'; });
}

// Country code as stored: upper case; the list's unknown markers become "".
bool normalise_country(std::string_view cc, std::string& out) {
    if (cc == "??") {
        out.clear();
        return true;
    }
    if (cc.size() != 2 || !std::isalpha(static_cast<unsigned char>(cc[0])) ||
        !std::isalpha(static_cast<unsigned char>(cc[1])))
        return false;
    out = {static_cast<char>(std::toupper(static_cast<unsigned char>(cc[0]))),
           static_cast<char>(std::toupper(static_cast<unsigned char>(cc[1])))};
    if (out == "ZZ") out.clear();  // potaroo/CAIDA marker for reserved or unknown
    return true;
}

// Collects the links of a CAIDA serial-1 file.
struct AsRelCollector {
    std::string source;
    std::vector<AsLink> links;
    std::vector<long> lines;
    bool columns = true;  // false when the line is rebuilt from CSV fields

    void operator()(std::string_view line, long number) {
        if (line.empty() || line.front() == '#' || is_blank(line)) return;
        std::string_view field[3];
        std::size_t count = 0, begin = 0;
        long column[3] = {0, 0, 0};
        for (std::size_t i = 0; i <= line.size(); ++i) {
            if (i < line.size() && line[i] != '|') continue;
            if (count < 3) {
                field[count] = line.substr(begin, i - begin);
                column[count] = static_cast<long>(begin) + 1;
            }
            ++count;
            begin = i + 1;
        }
        if (count != 3)
            fail(source, number, 0,
                 "found " + std::to_string(count) + " '|'-separated field" + (count == 1 ? "" : "s") + " in " +
                     quoted(line) + "; expected 3: as1|as2|rel");
        AsLink link;
        for (int k = 0; k < 2; ++k) {
            std::uint32_t asn = 0;
            if (!parse_u32(field[k], asn))
                fail(source, number, columns ? column[k] : 0,
                     std::string(k == 0 ? "as1" : "as2") + " is " + quoted(field[k]) +
                         "; expected a decimal AS number 1..4294967295");
            if (asn == 0)
                fail(source, number, columns ? column[k] : 0,
                     std::string(k == 0 ? "as1" : "as2") +
                         " is AS0, which is reserved; expected an AS number 1..4294967295");
            (k == 0 ? link.a : link.b) = asn;
        }
        if (field[2] == "-1") link.kind = AsLink::Kind::provider_customer;
        else if (field[2] == "0") link.kind = AsLink::Kind::peer;
        else
            fail(source, number, columns ? column[2] : 0,
                 "rel is " + quoted(field[2]) + "; expected -1 (as1 is a provider of as2) or 0 (peers)");
        if (link.a == link.b)
            fail(source, number, 0,
                 "AS" + std::to_string(link.a) + " is linked to itself in " + quoted(line) +
                     "; expected two different ASes");
        links.push_back(link);
        lines.push_back(number);
    }
};

// Splits one CSV record (RFC 4180 quoting, no line breaks inside fields).
// Returns false on a stray or unterminated quote.
bool split_csv(std::string_view line, std::vector<std::string>& out) {
    out.clear();
    std::string cur;
    std::size_t i = 0;
    while (true) {
        cur.clear();
        if (i < line.size() && line[i] == '"') {
            ++i;
            while (true) {
                if (i >= line.size()) return false;  // unterminated quote
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        cur += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                cur += line[i++];
            }
            if (i < line.size() && line[i] != ',') return false;  // text after closing quote
        } else {
            while (i < line.size() && line[i] != ',') {
                if (line[i] == '"') return false;
                cur += line[i++];
            }
        }
        out.push_back(cur);
        if (i >= line.size()) return true;
        ++i;  // the comma
    }
}

}  // namespace

void for_each_line(const std::string& path, const std::function<void(std::string_view, long)>& on_line) {
    // Regular files only: /dev/zero or a FIFO would be read for ever.
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode))
        fail(path, 0, 0, "is not a regular file (a folder, device or pipe); expected a plain-text or .xz file");
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file)
        fail(path, 0, 0,
             std::string("cannot open: ") + std::strerror(errno) + "; expected a readable plain-text or .xz file");
    LineSplitter splitter(on_line, path);
    constexpr std::size_t kChunk = 1 << 16;
    std::vector<char> in(kChunk);

    // xz is detected by its 6-byte magic so that a decompressed copy with a
    // stale .xz name, or an xz file without the suffix, still reads correctly.
    static constexpr unsigned char kXzMagic[6] = {0xFD, '7', 'z', 'X', 'Z', 0x00};
    std::size_t have = std::fread(in.data(), 1, sizeof kXzMagic, file.get());
    const bool xz = have == sizeof kXzMagic && std::memcmp(in.data(), kXzMagic, have) == 0;

    if (!xz) {
        while (have > 0) {
            splitter.feed(in.data(), have);
            have = std::fread(in.data(), 1, kChunk, file.get());
        }
    } else {
        lzma_stream stream = LZMA_STREAM_INIT;
        // LZMA_CONCATENATED: `xz` may write several streams into one file.
        if (lzma_stream_decoder(&stream, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
            throw std::runtime_error("liblzma: cannot initialise the xz decoder");
        std::unique_ptr<lzma_stream, LzmaEnd> guard(&stream);
        std::vector<char> out(4 * kChunk);
        stream.next_in = reinterpret_cast<const std::uint8_t*>(in.data());
        stream.avail_in = have;
        lzma_action action = LZMA_RUN;
        while (true) {
            if (stream.avail_in == 0 && action == LZMA_RUN) {
                have = std::fread(in.data(), 1, kChunk, file.get());
                stream.next_in = reinterpret_cast<const std::uint8_t*>(in.data());
                stream.avail_in = have;
                if (have == 0) action = LZMA_FINISH;
            }
            stream.next_out = reinterpret_cast<std::uint8_t*>(out.data());
            stream.avail_out = out.size();
            const lzma_ret ret = lzma_code(&stream, action);
            splitter.feed(out.data(), out.size() - stream.avail_out);
            if (ret == LZMA_STREAM_END) break;
            if (ret == LZMA_OK) continue;
            const std::string what =
                ret == LZMA_BUF_ERROR ? "the xz data is truncated"
                : ret == LZMA_DATA_ERROR || ret == LZMA_FORMAT_ERROR
                    ? "the xz data is corrupt"
                    : "xz decoding failed (liblzma code " + std::to_string(static_cast<int>(ret)) + ")";
            fail(
                path, 0, 0,
                what + " after " + std::to_string(stream.total_in) + " compressed bytes; expected a complete .xz file");
        }
    }
    if (std::ferror(file.get())) fail(path, 0, 0, std::string("read error: ") + std::strerror(errno));
    splitter.finish();
}

AsGraph read_caida_asrel(const std::string& path) {
    AsRelCollector collect{path, {}, {}};
    // The 2018 file has 261k links; reserving avoids regrowth on big inputs.
    collect.links.reserve(1 << 18);
    collect.lines.reserve(1 << 18);
    for_each_line(path, [&](std::string_view line, long n) { collect(line, n); });
    return AsGraph::from_links(collect.links, path, collect.lines);
}

AsGraph parse_caida_asrel(std::string_view text, const std::string& source) {
    AsRelCollector collect{source, {}, {}};
    const std::function<void(std::string_view, long)> on_line = [&](std::string_view line, long n) {
        collect(line, n);
    };
    LineSplitter splitter(on_line, source);
    splitter.feed(text.data(), text.size());
    splitter.finish();
    return AsGraph::from_links(collect.links, source, collect.lines);
}

AsNames read_asn_names(const std::string& path) {
    AsNames names;
    std::unordered_map<Asn, long> first_line;
    for_each_line(path, [&](std::string_view line, long number) {
        if (line.empty() || line.front() == '#' || is_blank(line)) return;
        const std::size_t colon = line.find(':');
        const std::size_t comma = line.rfind(", ");
        if (colon == std::string_view::npos || comma == std::string_view::npos || comma < colon)
            fail(path, number, 0, "found " + quoted(line) + "; expected 'ASN:NAME, CC'");
        Asn asn = 0;
        if (!parse_u32(line.substr(0, colon), asn))
            fail(path, number, 1, "ASN is " + quoted(line.substr(0, colon)) + "; expected a decimal AS number");
        AsInfo info;
        if (!normalise_country(line.substr(comma + 2), info.country))
            fail(path, number, static_cast<long>(comma) + 3,
                 "country is " + quoted(line.substr(comma + 2)) + "; expected a two-letter country code");
        // Some entries carry padding before the comma ("CITICOM , KZ").
        std::string_view name = line.substr(colon + 1, comma - colon - 1);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
        info.name = std::string(name);
        auto [it, inserted] = first_line.emplace(asn, number);
        if (!inserted)
            fail(path, number, 1,
                 "AS" + std::to_string(asn) + " is already listed at line " + std::to_string(it->second) +
                     "; expected each ASN once");
        names.emplace(asn, std::move(info));
    });
    return names;
}

std::vector<Asn> country_ases(const AsNames& names, std::string_view cc) {
    std::string want;
    if (!normalise_country(cc, want) || want.empty()) return {};
    std::vector<Asn> out;
    for (const auto& [asn, info] : names)
        if (info.country == want) out.push_back(asn);
    std::sort(out.begin(), out.end());
    return out;
}

AsRelExtract read_asrel_csv(const std::string& path) {
    static const std::vector<std::string> kHeader = {"as_a", "as_b", "rel", "cc_a", "cc_b", "name_a", "name_b"};
    AsRelCollector collect{path, {}, {}, false};
    AsNames names;
    std::vector<std::string> f;
    bool header_seen = false;
    std::size_t width = kHeader.size();  // 8 with the optional source column
    for_each_line(path, [&](std::string_view line, long number) {
        if (line.empty() || is_blank(line)) return;
        if (!split_csv(line, f))
            fail(path, number, 0, "found an unbalanced quote in " + quoted(line) + "; expected RFC 4180 CSV");
        if (!header_seen) {
            const bool with_source = f.size() == kHeader.size() + 1 && f.back() == "source" &&
                                     std::equal(kHeader.begin(), kHeader.end(), f.begin());
            if (f != kHeader && !with_source)
                fail(path, number, 0,
                     "header is " + quoted(line) +
                         "; expected as_a,as_b,rel,cc_a,cc_b,name_a,name_b with an optional source");
            width = f.size();
            header_seen = true;
            return;
        }
        if (f.size() != width)
            fail(path, number, 0,
                 "found " + std::to_string(f.size()) + " fields in " + quoted(line) + "; expected " +
                     std::to_string(width) + " as in the header");
        if (width > kHeader.size() && f.back().empty())
            fail(path, number, 0, "the source column is empty; every row needs a source");
        // Reuse the as-rel checks on the first three columns. They skip a
        // '#' line as a comment, which a row here is not: an as_a of "#..."
        // once read the previous row's link, or none (fuzz_caida).
        const std::size_t links_before = collect.links.size();
        collect(f[0] + "|" + f[1] + "|" + f[2], number);
        if (collect.links.size() != links_before + 1)
            fail(path, number, 0, "as_a is " + quoted(f[0]) + "; expected a decimal AS number 1..4294967295");
        const AsLink& link = collect.links.back();
        for (int k = 0; k < 2; ++k) {
            AsInfo info;
            if (!normalise_country(f[3 + k], info.country))
                fail(path, number, 0,
                     std::string(k == 0 ? "cc_a" : "cc_b") + " is " + quoted(f[3 + k]) +
                         "; expected a two-letter country code or ??");
            info.name = f[5 + k];
            const Asn asn = k == 0 ? link.a : link.b;
            auto [it, inserted] = names.emplace(asn, info);
            if (!inserted && (it->second.country != info.country || it->second.name != info.name))
                fail(path, number, 0,
                     "AS" + std::to_string(asn) + " has country/name '" + info.country + "'/'" + info.name +
                         "', but an earlier row gave '" + it->second.country + "'/'" + it->second.name +
                         "'; expected one name per AS");
        }
    });
    if (!header_seen) fail(path, 0, 0, "the file is empty; expected the header as_a,as_b,rel,cc_a,cc_b,name_a,name_b");
    return {AsGraph::from_links(collect.links, path, collect.lines), std::move(names)};
}

namespace {

void csv_field(std::ostream& out, std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        out << text;
        return;
    }
    out << '"';
    for (char c : text) out << (c == '"' ? "\"\"" : std::string_view(&c, 1));
    out << '"';
}

}  // namespace

std::size_t write_asrel_csv(std::ostream& out, const AsGraph& g, const AsNames& names, std::string_view cc_in,
                            const std::string& source) {
    std::string cc(cc_in);
    for (auto& c : cc) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto info = [&](Asn a) -> const AsInfo* {
        auto it = names.find(a);
        return it == names.end() ? nullptr : &it->second;
    };
    auto country = [&](Asn a) {
        const AsInfo* i = info(a);
        return i && !i->country.empty() ? i->country : std::string("??");
    };
    struct Row {
        Asn a, b;
        int rel;
    };
    std::vector<Row> rows;
    for (VertexId v = 0; v < g.num_vertices(); ++v) {
        for (VertexId u : g.customers(v)) rows.push_back({g.asn(v), g.asn(u), -1});
        for (VertexId u : g.peers(v))
            if (g.asn(u) > g.asn(v)) rows.push_back({g.asn(v), g.asn(u), 0});
    }
    std::sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
    out << "as_a,as_b,rel,cc_a,cc_b,name_a,name_b,source\n";
    std::size_t written = 0;
    for (const Row& r : rows) {
        const auto ca = country(r.a), cb = country(r.b);
        if (!cc.empty() && ca != cc && cb != cc) continue;
        out << r.a << ',' << r.b << ',' << r.rel << ',' << ca << ',' << cb << ',';
        csv_field(out, info(r.a) ? std::string_view(info(r.a)->name) : std::string_view());
        out << ',';
        csv_field(out, info(r.b) ? std::string_view(info(r.b)->name) : std::string_view());
        out << ',';
        csv_field(out, source);
        out << '\n';
        ++written;
    }
    return written;
}

}  // namespace rubilnik::network
