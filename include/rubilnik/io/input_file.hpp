// Reading an input file whole, for loaders of files that strangers write.
// A path may name anything: a directory, /dev/zero, a FIFO that never ends,
// a 40 GB log. Reading "until EOF" would hang or exhaust memory, so only
// regular files are read, and never more than a stated number of bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace rubilnik {

// Caps per kind of input (docs/hardening.md "Limits").
inline constexpr std::size_t kMaxTableBytes = 256u << 20;  // one CSV table
inline constexpr std::size_t kMaxTomlBytes = 16u << 20;    // one baseline or scenario TOML file

// The bytes of `path`. Throws InputError naming the file when it does not
// exist, is not a regular file, cannot be read, or holds more than
// `max_bytes` (`what` names the kind of input in that message, e.g. "tables").
std::string read_input_file(const std::string& path, std::size_t max_bytes, std::string_view what);

}  // namespace rubilnik
