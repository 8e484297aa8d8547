// Shared by the fuzz targets (docs/fuzzing.md). A target turns the bytes it
// is given into one loader call; an InputError is the loader doing its job,
// anything else escaping (another exception, a sanitizer report, a hang, a
// huge allocation) is a finding.
#pragma once

#include <unistd.h>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "rubilnik/error.hpp"

namespace rubilnik::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

inline std::filesystem::path source_dir() { return RUBILNIK_SOURCE_DIR; }

// A scratch folder for the life of the process, removed at exit. Per process
// (pid in the name) so that parallel fuzzing jobs do not share files.
class Scratch {
public:
    explicit Scratch(const std::string& stem)
        : path_(std::filesystem::temp_directory_path() / (stem + "-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~Scratch() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

inline void write_bytes(const std::filesystem::path& p, std::string_view bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace rubilnik::fuzz
