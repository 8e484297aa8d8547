#include "rubilnik/io/input_file.hpp"

#include <filesystem>
#include <fstream>

#include "rubilnik/error.hpp"

namespace rubilnik {

std::string read_input_file(const std::string& path, std::size_t max_bytes, std::string_view what) {
    namespace fs = std::filesystem;
    const SourceLocation where{path, 0, 0};
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) throw InputError(where, "", "cannot open file: it does not exist");
    if (!fs::is_regular_file(status))
        throw InputError(where, "",
                         fs::is_directory(status)
                             ? "is a folder; expected a file"
                             : "is not a regular file (a device, pipe or socket); expected a file");
    const auto too_big = [&](const std::string& size) {
        std::string msg = "file is ";
        msg.append(size).append(" bytes; ").append(what).append(" are limited to ");
        msg.append(std::to_string(max_bytes)).append(" bytes");
        return InputError(where, "", msg);
    };
    const auto size = fs::file_size(path, ec);
    if (!ec && size > max_bytes) throw too_big(std::to_string(size));
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(where, "", "cannot open file (permission denied?)");
    // Read in chunks up to the cap: the file may grow between stat and read.
    std::string text;
    text.reserve(ec ? 0 : static_cast<std::size_t>(size));
    char chunk[1 << 16];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
        text.append(chunk, static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_bytes) throw too_big("more than " + std::to_string(max_bytes));
    }
    if (in.bad()) throw InputError(where, "", "read error");
    return text;
}

}  // namespace rubilnik
