// Readers for CAIDA AS-relationship data and AS name lists
// (docs/network-as.md). Every reader accepts a plain or an xz-compressed
// file; xz is recognised by its magic bytes, not by the file name, and is
// decoded in a stream, so the whole text is never held in memory.
//
// Data: "The CAIDA AS Relationships Dataset, <date>",
// https://www.caida.org/catalog/datasets/as-relationships/
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rubilnik/network/asgraph.hpp"

namespace rubilnik::network {

// CAIDA serial-1 `as1|as2|rel`: rel -1 = as1 is a provider of as2, 0 = peers;
// lines starting with '#' and blank lines are skipped. Throws InputError
// (file and line) for a wrong field count, a non-numeric or zero ASN, a rel
// other than -1/0, a self-loop, a pair listed twice, or unreadable/corrupt
// input.
AsGraph read_caida_asrel(const std::string& path);

// The same parser over text already in memory; `source` names it in errors.
AsGraph parse_caida_asrel(std::string_view text, const std::string& source = "<text>");

struct AsInfo {
    std::string name;
    std::string country;  // ISO 3166 alpha-2, upper case; "" = unknown
};
using AsNames = std::unordered_map<Asn, AsInfo>;

// Lines `ASN:NAME, CC` (the name may itself contain ", "; the country is the
// text after the last one). "ZZ" and "??" mean unknown and are stored as "".
// '#' and blank lines are skipped. Throws InputError for a missing ':',
// a bad ASN, a country that is not two letters, or an ASN listed twice.
AsNames read_asn_names(const std::string& path);

// ASNs whose country equals `cc` (case-insensitive), ascending.
std::vector<Asn> country_ases(const AsNames& names, std::string_view cc);

// The country extract shipped in scenarios/countries/<cc>/as-rel/: CSV with
// header `as_a,as_b,rel,cc_a,cc_b,name_a,name_b` (RFC 4180 quoting) and an
// optional eighth column `source` (then never empty; `rubilnik import
// caida-asrel` writes it), one row
// per CAIDA link with at least one end in the country. It holds every link
// of every domestic AS, which is all the chokepoint analysis needs
// (docs/network-as.md, "Reduction").
struct AsRelExtract {
    AsGraph graph;
    AsNames names;  // from the cc_* and name_* columns
};
AsRelExtract read_asrel_csv(const std::string& path);

// Writes links of `g` in that CSV format with the `source` column, ordered by
// (as_a, as_b); peers are written lower ASN first, provider→customer links
// provider first (rel -1). With a non-empty `cc` only links with at least one
// end in that country are written. ASes missing from `names` get "??" and an
// empty name. Returns the number of links written.
std::size_t write_asrel_csv(std::ostream& out, const AsGraph& g, const AsNames& names, std::string_view cc,
                            const std::string& source);

// Calls `on_line(line, number)` for every line of a plain or xz file, without
// the line terminator (a trailing '\r' is dropped too). Numbers are 1-based.
// Exposed for other readers of compressed line-oriented inputs.
void for_each_line(const std::string& path, const std::function<void(std::string_view line, long number)>& on_line);

}  // namespace rubilnik::network
