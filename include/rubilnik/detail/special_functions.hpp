// Internal pieces of the special functions shared by distribution.cpp and
// special_functions.cpp; the public ones are declared in distribution.hpp.
#pragma once

namespace rubilnik::detail {

double normal_pdf(double z);
// Φ(b) − Φ(a), taken from the tail the interval lies in.
double normal_mass(double a, double b);
double beta_continued_fraction(double x, double a, double b);
double log_beta(double a, double b);
// I_x(a, b) given x and its complement xc = 1 − x.
double ibeta(double x, double xc, double a, double b, double lbeta);
// Beta(a, b) quantile for p in (0, 1).
double ibeta_inverse(double p, double a, double b);

}  // namespace rubilnik::detail
