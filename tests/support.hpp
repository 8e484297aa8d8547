// Test helpers: temporary folders holding edited copies of the fixtures.
#pragma once

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>

namespace rubilnik::test {

inline std::filesystem::path source_dir() { return RUBILNIK_SOURCE_DIR; }
inline std::filesystem::path data_dir() { return source_dir() / "tests" / "data"; }

class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ =
            std::filesystem::temp_directory_path() / ("rubilnik-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& p) const { return path_ / p; }

private:
    std::filesystem::path path_;
};

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void write_file(const std::filesystem::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

// Replaces the first occurrence of `from` in file `p`; fails the test setup if absent.
inline void replace_in_file(const std::filesystem::path& p, const std::string& from, const std::string& to) {
    auto text = read_file(p);
    const auto pos = text.find(from);
    if (pos == std::string::npos) throw std::logic_error("fixture text not found: " + from);
    text.replace(pos, from.size(), to);
    write_file(p, text);
}

// A copy of tests/data/mini (as <dir>/mini) and mini-cut.toml (as <dir>/s.toml).
inline void copy_mini(const TempDir& dir) {
    std::filesystem::copy(data_dir() / "mini", dir / "mini", std::filesystem::copy_options::recursive);
    std::filesystem::copy_file(data_dir() / "mini-cut.toml", dir / "s.toml");
}

}  // namespace rubilnik::test
