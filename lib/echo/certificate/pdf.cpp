#include "echo/certificate/pdf.hpp"
#include "echo/certificate/pdf_module.hpp"

#include "echo/error.hpp"
#include "echo/util/module.hpp"
#include "echo/util/text.hpp"
#include "echo/util/time.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>

namespace echo::certificate {

namespace {

// A4 landscape in points.
constexpr double k_width = 841.89;
constexpr double k_height = 595.28;
constexpr double k_margin = 56;

// A PNG or SVG image, loaded once.
class Image {
public:
  Image() = default;
  Image(const std::filesystem::path& path, const std::string& key) {
    if (path.empty()) return;
    const auto where = fmt::format("{} = \"{}\"", key, path.string());
    if (util::ascii_lower(path.extension().string()) == ".svg") {
      GError* error = nullptr;
      m_svg = rsvg_handle_new_from_file(path.c_str(), &error);
      if (m_svg == nullptr) {
        std::string why = error ? error->message : "unreadable";
        if (error) g_error_free(error);
        throw Error(Exit::config, fmt::format("{}: cannot read the SVG image: {}", where, why));
      }
      gdouble w = 0, h = 0;
      if (!rsvg_handle_get_intrinsic_size_in_pixels(m_svg, &w, &h) || w <= 0 || h <= 0) {
        RsvgRectangle ink{}, logical{};
        if (rsvg_handle_get_geometry_for_layer(m_svg, nullptr, nullptr, &ink, &logical, nullptr)) {
          w = logical.width;
          h = logical.height;
        }
      }
      if (w <= 0 || h <= 0) {
        w = 300;
        h = 100;
      }
      m_width = w;
      m_height = h;
      return;
    }
    m_png = cairo_image_surface_create_from_png(path.c_str());
    if (cairo_surface_status(m_png) != CAIRO_STATUS_SUCCESS) {
      const std::string why = cairo_status_to_string(cairo_surface_status(m_png));
      cairo_surface_destroy(m_png);
      m_png = nullptr;
      throw Error(Exit::config, fmt::format("{}: cannot read the PNG image: {}", where, why));
    }
    m_width = cairo_image_surface_get_width(m_png);
    m_height = cairo_image_surface_get_height(m_png);
  }
  ~Image() {
    if (m_png) cairo_surface_destroy(m_png);
    if (m_svg) g_object_unref(m_svg);
  }
  Image(const Image&) = delete;
  Image& operator=(const Image&) = delete;
  Image(Image&& other) noexcept { *this = std::move(other); }
  Image& operator=(Image&& other) noexcept {
    std::swap(m_png, other.m_png);
    std::swap(m_svg, other.m_svg);
    std::swap(m_width, other.m_width);
    std::swap(m_height, other.m_height);
    return *this;
  }

  [[nodiscard]] bool empty() const { return m_png == nullptr && m_svg == nullptr; }

  // Draws the image scaled to fit max_w x max_h, centred on cx, top at y; returns its height.
  double draw(cairo_t* cr, double cx, double y, double max_w, double max_h) const {
    if (empty()) return 0;
    const double scale = std::min(max_w / m_width, max_h / m_height);
    const double w = m_width * scale;
    const double h = m_height * scale;
    cairo_save(cr);
    if (m_svg) {
      RsvgRectangle viewport{cx - w / 2, y, w, h};
      rsvg_handle_render_document(m_svg, cr, &viewport, nullptr);
    } else {
      cairo_translate(cr, cx - w / 2, y);
      cairo_scale(cr, scale, scale);
      cairo_set_source_surface(cr, m_png, 0, 0);
      cairo_paint(cr);
    }
    cairo_restore(cr);
    return h;
  }

private:
  cairo_surface_t* m_png = nullptr;
  RsvgHandle* m_svg = nullptr;
  double m_width = 0;
  double m_height = 0;
};

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Draws text centred on the page (wrapped at width), top at y; returns the height used. A font
// size that would need more than max_lines lines shrinks until it fits.
double text(cairo_t* cr, const std::string& s, const char* font, double size, double y,
            double width = k_width - 2 * k_margin - 40, int max_lines = 3, double x_centre = k_width / 2,
            PangoAlignment align = PANGO_ALIGN_CENTER) {
  if (s.empty()) return 0;
  PangoLayout* layout = pango_cairo_create_layout(cr);
  pango_layout_set_text(layout, s.c_str(), static_cast<int>(s.size()));
  pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout, align);
  for (;;) {
    PangoFontDescription* desc = pango_font_description_from_string(font);
    pango_font_description_set_absolute_size(desc, size * PANGO_SCALE);
    pango_layout_set_font_description(layout, desc);
    pango_font_description_free(desc);
    if (pango_layout_get_line_count(layout) <= max_lines || size <= 8) break;
    size *= 0.9;
  }
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  cairo_move_to(cr, x_centre - width / 2, y);
  pango_cairo_show_layout(cr, layout);
  g_object_unref(layout);
  return static_cast<double>(h) / PANGO_SCALE;
}

std::string issue_date(const std::string& issued_at, const std::string& timezone) {
  const auto utc = util::parse_utc(issued_at);
  const auto* zone = timezone.empty() ? nullptr : util::find_zone(timezone);
  if (!utc || zone == nullptr) return date_words(issued_at.substr(0, 10));
  return date_words(util::format_date(util::local_date(util::utc_to_local(*zone, *utc))));
}

struct Painter {
  Style style;
  Image logo;
  Image signature;

  void page(cairo_t* cr, const Certificate& c) const {
    // Paper and a double border in the hub's dark teal.
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.05, 0.30, 0.36);
    cairo_set_line_width(cr, 3);
    cairo_rectangle(cr, 24, 24, k_width - 48, k_height - 48);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 0.8);
    cairo_rectangle(cr, 32, 32, k_width - 64, k_height - 64);
    cairo_stroke(cr);

    double y = logo.empty() ? 64 : 46;
    if (!logo.empty()) y += logo.draw(cr, k_width / 2, y, 220, 60) + 8;
    cairo_set_source_rgb(cr, 0.05, 0.30, 0.36);
    y += text(cr, style.hub, "DejaVu Sans Bold", 15, y) + 14;
    cairo_set_source_rgb(cr, 0.10, 0.10, 0.10);
    y += text(cr, "Certificate of Participation", "DejaVu Serif Bold", 30, y, k_width - 2 * k_margin, 1) + 26;
    y += text(cr, "This certifies that", "DejaVu Serif Italic", 13, y) + 12;
    y += text(cr, c.name, "DejaVu Serif Bold", 28, y, k_width - 2 * k_margin - 40, 2) + 14;
    y += text(cr, "took part in", "DejaVu Serif Italic", 13, y) + 12;
    y += text(cr, c.title, "DejaVu Serif Bold", 20, y, k_width - 2 * k_margin - 40, 2) + 12;
    const auto dates = c.first_date == c.last_date
                           ? fmt::format("on {}", date_words(c.first_date))
                           : fmt::format("from {} to {}", date_words(c.first_date), date_words(c.last_date));
    y += text(cr, dates, "DejaVu Serif", 13, y) + 8;
    const auto hours = hours_text(c.hours);
    y += text(cr, fmt::format("Credit hours: {}", hours), "DejaVu Serif Bold", 15, y) + 16;
    cairo_set_source_rgb(cr, 0.20, 0.20, 0.20);
    text(cr, style.statement, "DejaVu Sans", 10, y, k_width - 2 * k_margin - 160, 3);

    // Signature block at the bottom left, issue date at the bottom right.
    const double line_y = k_height - 108;
    const double sig_cx = k_margin + 150;
    if (!signature.empty()) signature.draw(cr, sig_cx, line_y - 50, 200, 46);
    cairo_set_source_rgb(cr, 0.10, 0.10, 0.10);
    cairo_set_line_width(cr, 0.7);
    cairo_move_to(cr, sig_cx - 110, line_y);
    cairo_line_to(cr, sig_cx + 110, line_y);
    cairo_stroke(cr);
    text(cr, style.signatory.empty() ? std::string("Signature") : style.signatory, "DejaVu Sans", 10, line_y + 4, 240,
         2, sig_cx);
    const double date_cx = k_width - k_margin - 150;
    text(cr, issue_date(c.issued_at, style.timezone), "DejaVu Sans", 11, line_y - 18, 240, 1, date_cx);
    cairo_move_to(cr, date_cx - 110, line_y);
    cairo_line_to(cr, date_cx + 110, line_y);
    cairo_stroke(cr);
    text(cr, "Date of issue", "DejaVu Sans", 10, line_y + 4, 240, 1, date_cx);

    // The register's facts: number and verification code.
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    text(cr, fmt::format("Certificate number: {}    Verification code: {}    Series: {}", c.number, c.code, c.series),
         "DejaVu Sans", 9, k_height - 58, k_width - 2 * k_margin, 1);
    if (c.revoked()) {
      cairo_set_source_rgb(cr, 0.75, 0.05, 0.05);
      text(cr, fmt::format("REVOKED on {}", c.revoked_at->substr(0, 10)), "DejaVu Sans Bold", 28, k_height / 2 - 20);
    }
  }
};

void* create(const Style& style) {
  auto painter = std::make_unique<Painter>();
  painter->style = style;
  painter->logo = Image(style.logo, "certificates.logo");
  painter->signature = Image(style.signature, "certificates.signature");
  return painter.release();
}

void destroy(void* painter) noexcept { delete static_cast<Painter*>(painter); }

std::string pdf(const void* painter, const std::vector<Certificate>& certificates) {
  const auto& self = *static_cast<const Painter*>(painter);
  std::string bytes;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &bytes, k_width, k_height);
  const auto title = certificates.size() == 1 ? fmt::format("Certificate {}: {}, {}", certificates[0].number,
                                                            certificates[0].name, certificates[0].title)
                                              : fmt::format("{} certificates", certificates.size());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "echo");
  cairo_t* cr = cairo_create(surface);
  for (const auto& c : certificates) {
    self.page(cr, c);
    cairo_show_page(cr);
  }
  const auto status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const auto surface_status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS || surface_status != CAIRO_STATUS_SUCCESS)
    throw Error(Exit::io,
                fmt::format("cannot draw the certificate PDF: {}",
                            cairo_status_to_string(status != CAIRO_STATUS_SUCCESS ? status : surface_status)));
  return bytes;
}

const PdfModule k_module{create, destroy, pdf};

} // namespace

} // namespace echo::certificate

// The module's entry (util/module.hpp): Renderer of pdf_loader.cpp.
ECHO_MODULE_ENTRY(echo::certificate::k_module)
