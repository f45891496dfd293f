#pragma once
// Certificate PDFs are drawn by a module (echo-pdf.so, util/module.hpp): it alone needs cairo,
// pango and librsvg. pdf.cpp is the module; pdf_loader.cpp defines Renderer by calling through
// this table.

#include "echo/certificate/pdf.hpp"

#include <string>
#include <vector>

namespace echo::certificate {

struct PdfModule {
  // A painter with the style's images loaded; Error(config) naming the key of one that cannot be read.
  void* (*create)(const Style& style);
  void (*destroy)(void* painter) noexcept;
  std::string (*pdf)(const void* painter, const std::vector<Certificate>& certificates);
};

} // namespace echo::certificate
