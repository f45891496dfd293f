#pragma once
// A certificate as the register keeps it, and who is eligible for one. See man/echoctl-certificate.1.

#include "echo/domain/certificate.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace echo::certificate {

// The register's types live in domain/certificate.hpp (db/ fills them).
using domain::Certificate;
using domain::Eligible;

// "K7QX-M2PA-9DTE": 12 random characters of 31 that cannot be misread (no 0/O, 1/I/L).
std::string new_code();
// Upper-cased, with the dashes where they belong; nullopt when it cannot be a code.
std::optional<std::string> normalize_code(const std::string& text);

// Credit hours as a certificate prints them: "1.5", "3", "0.25".
std::string hours_text(double hours);
// "13 January 2026" for 2026-01-13.
std::string date_words(const std::string& iso_date);

} // namespace echo::certificate
