// Writes the report files beside the results: report.html (self-contained),
// report.md and report-charts/<id>.svg for the Markdown. Each file is
// written atomically, so an interrupted report never leaves half a file.
#include <fstream>
#include <stdexcept>

#include "detail.hpp"
#include "rubilnik/error.hpp"
#include "rubilnik/io/output.hpp"

namespace rubilnik::report {
namespace {

namespace fs = std::filesystem;

void write_text(const fs::path& path, const std::string& text) {
    write_atomically(path, [&](const fs::path& tmp) {
        std::ofstream f(tmp, std::ios::binary);
        f << text;
        f.close();
        if (!f) throw std::runtime_error("cannot write " + tmp.string());
    });
}

}  // namespace

std::vector<fs::path> write_report(const fs::path& results_h5, const fs::path& out_dir, const ReportOptions& options) {
    auto results = read_results(results_h5);
    if (!options.sensitivity.empty()) read_sensitivity(options.sensitivity, results);
    if (fs::exists(out_dir) && !fs::is_directory(out_dir))
        throw InputError("--out " + out_dir.string() + " exists and is not a directory");
    const auto blocks = build_report(results);
    fs::create_directories(out_dir);
    std::vector<fs::path> written;
    if (options.html) {
        write_text(out_dir / "report.html", render_html(results, blocks));
        written.push_back(out_dir / "report.html");
    }
    if (options.markdown) {
        const std::string chart_dir = "report-charts";
        fs::create_directories(out_dir / chart_dir);
        for (const auto& b : blocks)
            if (b.kind == Block::Kind::figure) {
                const auto p = out_dir / chart_dir / (b.chart.id + ".svg");
                write_text(p, b.chart.svg);
                written.push_back(p);
            }
        write_text(out_dir / "report.md", render_markdown(blocks, chart_dir));
        written.push_back(out_dir / "report.md");
    }
    return written;
}

}  // namespace rubilnik::report
