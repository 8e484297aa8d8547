// Build provenance, written into every output (STYLE.md practice 7).
#pragma once

#include <string>

namespace rubilnik {

const char* version();
const char* git_sha();
const char* build_options();
// Versions of the libraries this build uses, one line.
std::string library_versions();

}  // namespace rubilnik
