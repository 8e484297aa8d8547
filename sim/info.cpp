#include <hdf5.h>
#include <oneapi/tbb/version.h>
#include <toml++/toml.h>
#include <Eigen/Core>
#include <boost/version.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

#include "rubilnik/version.hpp"

namespace rubilnik {

std::string library_versions() {
    std::ostringstream s;
    s << "TBB " << TBB_VERSION_STRING << ", Eigen " << EIGEN_WORLD_VERSION << "." << EIGEN_MAJOR_VERSION << "."
      << EIGEN_MINOR_VERSION << ", Boost " << BOOST_VERSION / 100000 << "." << BOOST_VERSION / 100 % 1000 << ", HDF5 "
      << H5_VERS_MAJOR << "." << H5_VERS_MINOR << "." << H5_VERS_RELEASE << ", toml++ " << TOML_LIB_MAJOR << "."
      << TOML_LIB_MINOR << "." << TOML_LIB_PATCH << ", nlohmann-json " << NLOHMANN_JSON_VERSION_MAJOR << "."
      << NLOHMANN_JSON_VERSION_MINOR << "." << NLOHMANN_JSON_VERSION_PATCH;
    return s.str();
}

}  // namespace rubilnik
