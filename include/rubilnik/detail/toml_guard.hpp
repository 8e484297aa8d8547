// A guard in front of Debian 12's toml++ 3.3.0 (sim/io/toml_guard.cpp).
#pragma once

#include <string>
#include <string_view>

namespace rubilnik::detail {

// Throws InputError (file, line, column, the character) where toml++ 3.3.0
// would reach undefined behaviour on the text; parse_toml_text calls it
// before parsing.
void refuse_toml_parser_traps(std::string_view text, const std::string& path);

}  // namespace rubilnik::detail
