// The few HDF5 C-API pieces our writers share: an owning id, groups,
// UTF-8 string attributes and datasets, and chunked, deflate-compressed
// numeric datasets. Plain types only, so h5py, pandas and R read the files
// without our code. Internal to sim/ (not part of the installed headers).
#pragma once

#include <hdf5.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace rubilnik::h5 {

// Owns one HDF5 id and closes it with the matching call.
class Id {
public:
    Id(hid_t id, herr_t (*close)(hid_t), const std::string& what) : id_(id), close_(close) {
        if (id_ < 0) throw std::runtime_error("HDF5: cannot create " + what);
    }
    ~Id() {
        if (id_ >= 0) close_(id_);
    }
    Id(Id&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = -1; }
    Id(const Id&) = delete;
    Id& operator=(const Id&) = delete;
    Id& operator=(Id&&) = delete;
    operator hid_t() const { return id_; }

private:
    hid_t id_;
    herr_t (*close_)(hid_t);
};

inline void check(herr_t status, const std::string& what) {
    if (status < 0) throw std::runtime_error("HDF5: cannot write " + what);
}

inline Id group(hid_t parent, const std::string& name) {
    return Id(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "group " + name);
}

// Variable-length UTF-8 strings: h5py returns them as str, not bytes.
inline Id string_type() {
    Id type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
    check(H5Tset_size(type, H5T_VARIABLE), "string size");
    check(H5Tset_cset(type, H5T_CSET_UTF8), "string charset");
    return type;
}

inline void attr_string(hid_t loc, const std::string& name, const std::string& value) {
    const auto type = string_type();
    Id space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
    Id attr(H5Acreate2(loc, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "attribute " + name);
    const char* ptr = value.c_str();
    check(H5Awrite(attr, type, &ptr), "attribute " + name);
}

// A scalar attribute: double for floating-point values, int64 otherwise.
template <typename T>
void attr_number(hid_t loc, const std::string& name, T value) {
    const hid_t type = std::is_floating_point_v<T> ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
    Id space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
    Id attr(H5Acreate2(loc, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, "attribute " + name);
    if constexpr (std::is_floating_point_v<T>) {
        const double v = value;
        check(H5Awrite(attr, type, &v), "attribute " + name);
    } else {
        const long long v = static_cast<long long>(value);
        check(H5Awrite(attr, type, &v), "attribute " + name);
    }
}

// A chunked (about 64 Ki values a chunk, whole rows), deflate-compressed
// dataset of doubles or int64 with the given dimensions, and optional
// `units` and `axes` attributes.
template <typename T>
void dataset(hid_t loc, const std::string& name, const std::vector<T>& data, std::vector<hsize_t> dims,
             const std::string& units = "", const std::string& axes = "") {
    static_assert(std::is_same_v<T, double> || (std::is_integral_v<T> && sizeof(T) == 8), "double or 64-bit integers");
    const hid_t type = std::is_floating_point_v<T> ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
    Id space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose, "dataspace " + name);
    Id plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "property list");
    hsize_t total = 1;
    for (auto d : dims) total *= d;
    if (total > 0) {
        std::vector<hsize_t> chunk = dims;
        chunk[0] = std::min<hsize_t>(dims[0], std::max<hsize_t>(1, 65536 / (total / dims[0])));
        check(H5Pset_chunk(plist, static_cast<int>(chunk.size()), chunk.data()), "chunking " + name);
        check(H5Pset_deflate(plist, 4), "compression " + name);
    }
    Id ds(H5Dcreate2(loc, name.c_str(), type, space, H5P_DEFAULT, plist, H5P_DEFAULT), H5Dclose, "dataset " + name);
    if (total > 0) check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), "dataset " + name);
    if (!units.empty()) attr_string(ds, "units", units);
    if (!axes.empty()) attr_string(ds, "axes", axes);
}

inline void string_dataset(hid_t loc, const std::string& name, const std::vector<std::string>& values) {
    const auto type = string_type();
    const hsize_t n = values.size();
    Id space(H5Screate_simple(1, &n, nullptr), H5Sclose, "dataspace " + name);
    Id ds(H5Dcreate2(loc, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
          "dataset " + name);
    std::vector<const char*> ptrs;
    for (const auto& v : values) ptrs.push_back(v.c_str());
    if (n > 0) check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), "dataset " + name);
}

}  // namespace rubilnik::h5
