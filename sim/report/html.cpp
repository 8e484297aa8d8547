// One self-contained HTML file: inline CSS and SVG, no scripts, no fonts,
// no network (a Content-Security-Policy forbids any load), print styles.
#include <sstream>

#include "detail.hpp"

namespace rubilnik::report {
namespace {

using svg::xml_escape;

// Paragraph text: `code` spans, everything else escaped; newlines become breaks.
std::string inline_html(const std::string& text) {
    std::string out;
    bool code = false;
    std::string part;
    auto flush = [&] {
        std::string e = xml_escape(part);
        std::string withbr;
        for (char c : e) {
            if (c == '\n') withbr += "<br>";
            else withbr += c;
        }
        out += code ? "<code>" + withbr + "</code>" : withbr;
        part.clear();
    };
    for (char c : text) {
        if (c == '`') {
            flush();
            code = !code;
        } else {
            part += c;
        }
    }
    flush();
    return out;
}

constexpr const char* kStyle = R"(
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       max-width: 1000px; margin: 2rem auto; padding: 0 1.25rem; color: #1a1a1a; line-height: 1.5; background: #fff; }
h1 { font-size: 1.8rem; line-height: 1.25; margin-bottom: .5rem; }
h2 { font-size: 1.35rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { font-size: 1.1rem; margin-top: 1.75rem; }
p { max-width: 75ch; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .85em;
       background: #f3f3f3; padding: 0 .25em; border-radius: 3px; overflow-wrap: anywhere; }
nav.contents { background: #f7f7f7; border: 1px solid #e3e3e3; border-radius: 6px; padding: .5rem 1rem; }
nav.contents ol { margin: .25rem 0; columns: 2; }
nav.contents a { color: #0b5394; text-decoration: none; }
figure { margin: 1.75rem 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; border: 1px solid #eee; }
figcaption { font-size: .88rem; color: #3a3a3a; margin-top: .4rem; max-width: 95ch; }
table { border-collapse: collapse; width: 100%; font-size: .82rem; margin: .75rem 0; }
th, td { border-bottom: 1px solid #e5e5e5; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #f5f5f5; border-bottom: 2px solid #ccc; }
td code { overflow-wrap: normal; white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.citable { border: 2px solid #D55E00; border-radius: 8px; padding: .75rem 1rem; background: #fffaf6;
            display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: .75rem 1.5rem; }
.citable .figure { padding: .25rem 0 .75rem; border-bottom: 1px solid #f0d9c8; break-inside: avoid; page-break-inside: avoid; }
.citable .label { font-size: .85rem; text-transform: uppercase; letter-spacing: .03em; color: #7a3b12; }
.citable .value { font-size: 1.5rem; font-weight: 700; display: block; }
.citable .range { color: #444; font-size: .9rem; }
.citable blockquote { margin: .35rem 0; padding-left: .75rem; border-left: 3px solid #D55E00; font-style: italic; }
.citable .repro { font-size: .8rem; color: #555; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  nav.contents a { color: inherit; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  figure svg { border: none; }
  @page { size: A4; margin: 14mm; }
}
)";

}  // namespace

std::string render_html(const Results& r, const std::vector<Block>& blocks) {
    std::ostringstream o;
    std::string title = "rubilnik report";
    for (const auto& b : blocks)
        if (b.kind == Block::Kind::heading && b.level == 1) {
            title = b.text;
            break;
        }
    o << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "img-src data:\">\n"
      << "<meta name=\"generator\" content=\"rubilnik " << xml_escape(r.meta("version")) << "\">\n"
      << "<title>" << xml_escape(title) << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n<main>\n";
    int figure = 0;
    for (const auto& b : blocks) {
        switch (b.kind) {
            case Block::Kind::heading:
                o << "<h" << b.level << " id=\"" << xml_escape(b.id) << "\">" << inline_html(b.text) << "</h" << b.level
                  << ">\n";
                break;
            case Block::Kind::paragraph: o << "<p>" << inline_html(b.text) << "</p>\n"; break;
            case Block::Kind::code: o << "<pre><code>" << xml_escape(b.text) << "</code></pre>\n"; break;
            case Block::Kind::contents:
                o << "<nav class=\"contents\" aria-label=\"Contents\"><strong>Contents</strong>\n<ol>\n";
                for (const auto& [text, id] : b.links)
                    o << "<li><a href=\"#" << xml_escape(id) << "\">" << xml_escape(text) << "</a></li>\n";
                o << "</ol>\n</nav>\n";
                break;
            case Block::Kind::figure:
                ++figure;
                o << "<figure id=\"fig-" << xml_escape(b.chart.id) << "\" aria-label=\"" << xml_escape(b.chart.alt)
                  << "\">\n"
                  << b.chart.svg << "<figcaption><strong>Figure " << figure << ". " << xml_escape(b.chart.title)
                  << ".</strong> " << inline_html(b.chart.caption) << "</figcaption>\n</figure>\n";
                break;
            case Block::Kind::table:
                o << "<table>\n<thead><tr>";
                for (std::size_t c = 0; c < b.header.size(); ++c)
                    o << "<th" << (c < b.numeric.size() && b.numeric[c] ? " class=\"num\"" : "") << ">"
                      << xml_escape(b.header[c]) << "</th>";
                o << "</tr></thead>\n<tbody>\n";
                for (const auto& row : b.rows) {
                    o << "<tr>";
                    for (std::size_t c = 0; c < row.size(); ++c)
                        o << "<td" << (c < b.numeric.size() && b.numeric[c] ? " class=\"num\"" : "") << ">"
                          << inline_html(row[c]) << "</td>";
                    o << "</tr>\n";
                }
                o << "</tbody>\n</table>\n";
                break;
            case Block::Kind::citable:
                o << "<div class=\"citable\">\n";
                if (b.figures.empty()) o << "<p>No headline metrics in this results file.</p>\n";
                for (const auto& f : b.figures) {
                    o << "<div class=\"figure\" id=\"cite-" << xml_escape(f.metric) << "\">\n"
                      << "<div class=\"label\">" << xml_escape(f.label) << "</div>\n"
                      << "<div><span class=\"value\">" << xml_escape(f.value) << "</span><span class=\"range\">"
                      << xml_escape(f.range) << "</span></div>\n"
                      << "<blockquote>" << xml_escape(f.sentence) << "</blockquote>\n"
                      << "<div class=\"repro\">Reproduce: <code>" << xml_escape(f.reproduce) << "</code> then read "
                      << "<code>metrics." << xml_escape(f.metric) << ".p50</code> (and <code>.p5</code>, "
                      << "<code>.p95</code>) in <code>summary.json</code></div>\n</div>\n";
                }
                o << "</div>\n";
                break;
        }
    }
    o << "</main>\n</body>\n</html>\n";
    return o.str();
}

}  // namespace rubilnik::report
