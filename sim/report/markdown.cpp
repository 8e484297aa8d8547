// The Markdown twin: the same blocks as the HTML; charts become image links
// to the SVG files written beside it, so it renders on GitHub and in any
// Markdown viewer, and diffs well between runs.
#include <sstream>

#include "detail.hpp"

namespace rubilnik::report {
namespace {

// Text outside `code` spans is escaped where Markdown would read it as
// markup; inside a table, '|' too. Newlines become <br> (allowed in GFM tables).
std::string inline_md(const std::string& text, bool in_table) {
    std::string out;
    bool code = false;
    for (char c : text) {
        if (c == '`') {
            code = !code;
            out += c;
            continue;
        }
        if (c == '\n') {
            out += in_table ? "<br>" : "  \n";
            continue;
        }
        if (c == '|' && in_table) {
            out += "\\|";  // GFM unescapes this even inside a code span in a table
            continue;
        }
        if (!code && (c == '\\' || c == '*' || c == '<' || c == '[' || c == ']')) out += '\\';
        out += c;
    }
    return out;
}

}  // namespace

std::string render_markdown(const std::vector<Block>& blocks, const std::string& chart_dir) {
    std::ostringstream o;
    int figure = 0;
    for (const auto& b : blocks) {
        switch (b.kind) {
            case Block::Kind::heading:
                o << std::string(static_cast<std::size_t>(b.level), '#') << " " << inline_md(b.text, false) << "\n\n";
                break;
            case Block::Kind::paragraph: o << inline_md(b.text, false) << "\n\n"; break;
            case Block::Kind::code: o << "```\n" << b.text << "\n```\n\n"; break;
            case Block::Kind::contents:
                o << "**Contents**\n\n";
                for (const auto& [text, id] : b.links) o << "- [" << inline_md(text, false) << "](#" << id << ")\n";
                o << "\n";
                break;
            case Block::Kind::figure:
                ++figure;
                o << "![" << inline_md(b.chart.alt, false) << "](" << chart_dir << "/" << b.chart.id << ".svg)\n\n"
                  << "*Figure " << figure << ". " << inline_md(b.chart.title, false) << ".* "
                  << inline_md(b.chart.caption, false) << "\n\n";
                break;
            case Block::Kind::table: {
                o << "|";
                for (const auto& h : b.header) o << " " << inline_md(h, true) << " |";
                o << "\n|";
                for (std::size_t c = 0; c < b.header.size(); ++c)
                    o << (c < b.numeric.size() && b.numeric[c] ? " ---: |" : " --- |");
                o << "\n";
                for (const auto& row : b.rows) {
                    o << "|";
                    for (const auto& cell : row) o << " " << inline_md(cell, true) << " |";
                    o << "\n";
                }
                o << "\n";
                break;
            }
            case Block::Kind::citable:
                if (b.figures.empty()) o << "No headline metrics in this results file.\n\n";
                for (const auto& f : b.figures) {
                    o << "**" << inline_md(f.label, false) << ": " << inline_md(f.value, false) << "** ("
                      << inline_md(f.range, false) << ")\n\n"
                      << "> " << inline_md(f.sentence, false) << "\n\n"
                      << "Reproduce: `" << f.reproduce << "`, then read `metrics." << f.metric
                      << ".p50` (and `.p5`, `.p95`) in `summary.json`.\n\n";
                }
                break;
        }
    }
    return o.str();
}

}  // namespace rubilnik::report
