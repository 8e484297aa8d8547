// Fuzz builds only: compiles toml++'s parser into the fuzz targets, with
// coverage and sanitizer instrumentation, instead of calling Debian's
// uninstrumented libtomlplusplus.so. libFuzzer can then see which parser
// branches an input reaches, which is what guides it towards valid TOML.
// The definitions here take precedence over the shared library's at link
// time (the executable's own symbols win).
#define TOML_IMPLEMENTATION 1
#include <toml++/toml.h>
