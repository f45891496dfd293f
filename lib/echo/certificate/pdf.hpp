#pragma once
// Certificates as PDF, drawn with cairo and laid out with pango (any script fontconfig has a font
// for: accents, Greek, Cyrillic, ...). One A4 landscape page per certificate.

#include "echo/certificate/certificate.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace echo::certificate {

struct Style {
  std::string hub;                 // hub.name
  std::string timezone;            // hub.timezone: the issue date is printed in it
  std::filesystem::path logo;      // PNG or SVG; empty: none
  std::string statement;           // accreditation statement; empty: none
  std::string signatory;           // empty: none
  std::filesystem::path signature; // PNG or SVG; empty: none
};

class Renderer {
public:
  // Loads the images once. Error(config) naming the key when one cannot be read.
  explicit Renderer(const Style& style);
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  // A PDF document with one page per certificate, in order.
  [[nodiscard]] std::string pdf(const std::vector<Certificate>& certificates) const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// File name of a certificate in an output directory: "000012-pc-2026-ann-example-org.pdf".
std::string file_name(const Certificate& c);

} // namespace echo::certificate
