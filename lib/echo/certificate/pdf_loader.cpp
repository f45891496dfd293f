// Renderer through the PDF module (pdf_module.hpp), loaded when the first certificate is drawn.

#include "echo/certificate/pdf.hpp"
#include "echo/certificate/pdf_module.hpp"
#include "echo/util/module.hpp"

#include <fmt/format.h>

#include <cctype>

namespace echo::certificate {

struct Renderer::Impl {
  const PdfModule* module = nullptr;
  void* painter = nullptr;
  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (painter != nullptr) module->destroy(painter);
  }
};

Renderer::Renderer(const Style& style) : m_impl(std::make_unique<Impl>()) {
  m_impl->module = &util::module<PdfModule>("pdf");
  m_impl->painter = m_impl->module->create(style);
}

Renderer::~Renderer() = default;

std::string Renderer::pdf(const std::vector<Certificate>& certificates) const {
  return m_impl->module->pdf(m_impl->painter, certificates);
}

std::string file_name(const Certificate& c) {
  std::string who;
  const std::string from = c.email ? *c.email : c.name;
  for (const char c0 : from) {
    const auto ch = static_cast<unsigned char>(c0);
    if (std::isalnum(ch))
      who += static_cast<char>(std::tolower(ch));
    else if (!who.empty() && who.back() != '-')
      who += '-';
  }
  while (!who.empty() && who.back() == '-') who.pop_back();
  if (who.empty()) who = "participant";
  return fmt::format("{:06}-{}-{}.pdf", c.number, c.series, who.substr(0, 60));
}

} // namespace echo::certificate
