#include "echo/report/html.hpp"

#include "echo/util/text.hpp"
#include "echo/util/time.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <set>
#include <string_view>

namespace echo::report::html {

namespace {

constexpr const char* k_bar_colour = "#9dbbe0";
constexpr const char* k_highlight_colour = "#2f6db5";

std::string number(double v) {
  if (v == static_cast<double>(static_cast<std::int64_t>(v))) return std::to_string(static_cast<std::int64_t>(v));
  return fmt::format("{}", v);
}

std::string value_text(const Value& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return "";
        else if constexpr (std::is_same_v<T, std::string>)
          return x;
        else if constexpr (std::is_same_v<T, std::int64_t>)
          return std::to_string(x);
        else if constexpr (std::is_same_v<T, double>)
          return number(x);
        else if constexpr (std::is_same_v<T, bool>)
          return x ? "yes" : "no";
        else {
          std::string out;
          for (const auto& s : x) out += (out.empty() ? "" : ", ") + s;
          return out;
        }
      },
      v);
}

bool numeric(const Value& v) { return std::holds_alternative<std::int64_t>(v) || std::holds_alternative<double>(v); }

// util::html_escape(text) appended to out: plain runs copied whole.
void escape_into(std::string& out, std::string_view text) {
  std::size_t from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char* entity = nullptr;
    switch (text[i]) {
    case '&': entity = "&amp;"; break;
    case '<': entity = "&lt;"; break;
    case '>': entity = "&gt;"; break;
    case '"': entity = "&quot;"; break;
    case '\'': entity = "&#39;"; break;
    default: continue;
    }
    out.append(text.substr(from, i - from));
    out += entity;
    from = i + 1;
  }
  out.append(text.substr(from));
}

// At most `max` code points, with an ellipsis when cut (never splits a UTF-8 sequence).
std::string shorten(const std::string& s, std::size_t max) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (points == max) return s.substr(0, i) + "\u2026";
      ++points;
    }
  }
  return s;
}

std::size_t points_of(const std::string& s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

// A session reference "CODE/N" cut to at most `max` code points from its code, never its number:
// "ltc-dementia-2026/97" -> "ltc-dementia-2\u2026/97".
std::string shorten_ref(const std::string& s, std::size_t max) {
  const auto slash = s.rfind('/');
  if (points_of(s) <= max || slash == std::string::npos) return shorten(s, max);
  const auto tail = s.substr(slash);
  const auto budget = max > points_of(tail) + 1 ? max - points_of(tail) - 1 : 1;
  const auto code = s.substr(0, slash);
  const auto head = shorten(code, budget);
  return (head == code ? head + "\u2026" : head) + tail;
}

std::string no_data(const std::string& title) {
  return "<figure>\n<figcaption>" + util::html_escape(title) +
         "</figcaption>\n<p class=\"empty\">No data.</p>\n</figure>\n";
}

std::string tip_of(const Bar& b) { return b.tip.empty() ? b.label + ": " + number(b.value) : b.tip; }

std::vector<Bar> breakdown_bars(const std::vector<Breakdown>& rows) {
  std::vector<Bar> bars;
  for (const auto& b : rows) bars.push_back({b.name, static_cast<double>(b.participants), 0, ""});
  return bars;
}

std::vector<std::string> session_kinds(const std::vector<SessionRow>& rows) {
  std::vector<std::string> kinds;
  for (const auto& r : rows)
    kinds.emplace_back(r.status == domain::SessionStatus::cancelled ? "cancelled"
                       : r.held                                     ? "held"
                       : r.unrecorded                               ? "unrecorded"
                                                                    : "future");
  return kinds;
}

std::vector<Bar> session_bars(const std::vector<SessionRow>& rows) {
  std::vector<Bar> bars;
  for (const auto& r : rows)
    bars.push_back({r.session, static_cast<double>(r.participants), static_cast<double>(r.eligible),
                    fmt::format("{} {} {} ({}): {} participants, {} eligible{}", r.session, r.date, r.time,
                                r.status == domain::SessionStatus::cancelled ? "cancelled"
                                : r.held       ? (r.participants == 0 ? "held, nobody came" : "held")
                                : r.unrecorded ? "unrecorded: no attendance recorded"
                                               : "not yet held",
                                r.participants, r.eligible, r.topic.empty() ? "" : " \u2014 " + r.topic)});
  return bars;
}

} // namespace

std::string bar_chart(const std::string& title, const std::vector<Bar>& bars) {
  if (bars.empty()) return no_data(title);
  constexpr int width = 720, label_w = 220, bar_w = 420, row_h = 24, top = 8;
  double max = 0;
  for (const auto& b : bars) max = std::max(max, b.value);
  if (max <= 0) max = 1;
  const int height = top * 2 + row_h * static_cast<int>(bars.size());
  std::string svg =
      fmt::format("<figure>\n<figcaption>{0}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                  "role=\"img\" aria-label=\"{0}\" width=\"{1}\" height=\"{2}\" viewBox=\"0 0 {1} {2}\">\n",
                  util::html_escape(title), width, height);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    const int y = top + row_h * static_cast<int>(i);
    const double w = b.value / max * bar_w;
    svg += fmt::format("<g><title>{}</title>", util::html_escape(tip_of(b)));
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", label_w - 8, y + 16,
                       util::html_escape(shorten(b.label, 30)));
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"></rect>", label_w, y + 4, w,
                       row_h - 8, k_highlight_colour);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\">{}</text></g>\n", label_w + w + 6, y + 16, number(b.value));
  }
  return svg + "</svg>\n</figure>\n";
}

std::string threshold_chart(const std::string& title, const std::vector<Bar>& bars, double threshold,
                            const std::string& threshold_label) {
  if (bars.empty()) return no_data(title);
  constexpr int width = 760, label_w = 220, bar_w = 420, row_h = 24, top = 8, legend_h = 28;
  double max = threshold;
  for (const auto& b : bars) max = std::max(max, b.value);
  if (max <= 0) max = 1;
  const int plot_h = row_h * static_cast<int>(bars.size());
  const int height = top * 2 + plot_h + legend_h;
  std::string svg =
      fmt::format("<figure>\n<figcaption>{0}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                  "role=\"img\" aria-label=\"{0}\" width=\"{1}\" height=\"{2}\" viewBox=\"0 0 {1} {2}\">\n",
                  util::html_escape(title), width, height);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    const int y = top + row_h * static_cast<int>(i);
    const double w = b.value / max * bar_w;
    const bool gap = b.highlight != 0;
    svg += fmt::format("<g class=\"{}\"><title>{}</title>", gap ? "gap" : "reached", util::html_escape(tip_of(b)));
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", label_w - 8, y + 16,
                       util::html_escape(shorten(b.label, 30)));
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"></rect>", label_w, y + 4, w,
                       row_h - 8, gap ? "#c0392b" : k_highlight_colour);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\">{}{}</text></g>\n", label_w + w + 6, y + 16, number(b.value),
                       gap ? " (gap)" : "");
  }
  if (threshold > 0) {
    const double x = label_w + threshold / max * bar_w;
    svg += fmt::format("<line class=\"threshold\" x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" "
                       "stroke=\"#333\" stroke-dasharray=\"4 3\"></line>\n",
                       x, top, top + plot_h);
  }
  const int ly = top + plot_h + 18;
  svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"></rect><text x=\"{}\" "
                     "y=\"{}\">reached</text>",
                     label_w, ly - 10, k_highlight_colour, label_w + 16, ly);
  svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"#c0392b\"></rect><text x=\"{}\" "
                     "y=\"{}\">gap</text>",
                     label_w + 90, ly - 10, label_w + 106, ly);
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#333\" stroke-dasharray=\"4 3\">"
                     "</line><text x=\"{3}\" y=\"{4}\">{5}</text>\n",
                     label_w + 160, ly - 4, label_w + 190, label_w + 196, ly, util::html_escape(threshold_label));
  return svg + "</svg>\n</figure>\n";
}

std::string column_chart(const std::string& title, const std::vector<Bar>& bars,
                         const std::vector<std::string>& kinds_of) {
  if (bars.empty()) return no_data(title);
  // Axes with ticks and titles, a legend, and labels that stay readable at any number of
  // sessions: every k-th column is labelled (k chosen for at most 30 labels), rotated, in full
  // up to 18 characters; every column keeps its tooltip.
  constexpr int plot_h = 200, top = 16, left = 56, legend_h = 26;
  const int n = static_cast<int>(bars.size());
  const int every = std::max(1, (n + 29) / 30);
  const int slot = std::max(6, std::min(48, 900 / n));
  const int bottom = 110;
  const int plot_w = slot * n;
  const int width = std::max(left + plot_w + 16, 560);
  const int height = top + plot_h + bottom + legend_h;
  double max = 0;
  for (const auto& b : bars) max = std::max(max, b.value);
  // A round top for the axis: 1, 2 or 5 times a power of ten, at least 1.
  double step = 1;
  if (max > 4) {
    const double raw = max / 4;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    step = raw <= mag ? mag : raw <= 2 * mag ? 2 * mag : raw <= 5 * mag ? 5 * mag : 10 * mag;
  }
  const double axis_max = std::max(step, std::ceil(std::max(max, 1.0) / step) * step);
  const int base = top + plot_h;
  std::string svg =
      fmt::format("<figure>\n<figcaption>{0}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                  "aria-label=\"{0}\" width=\"{1}\" height=\"{2}\" viewBox=\"0 0 {1} {2}\">\n",
                  util::html_escape(title), width, height);
  // y axis: ticks, grid lines, title.
  for (double v = 0; v <= axis_max + 1e-9; v += step) {
    const double y = base - v / axis_max * plot_h;
    svg += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#ddd\"></line>"
                       "<text class=\"tick\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n",
                       left, y, left + plot_w, y, left - 6, y + 4, number(v));
  }
  svg += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#333\"></line>"
                     "<line class=\"axis\" x1=\"{0}\" y1=\"{2}\" x2=\"{3}\" y2=\"{2}\" stroke=\"#333\"></line>\n"
                     "<text class=\"axis-title\" transform=\"translate(14,{4}) rotate(-90)\" "
                     "text-anchor=\"middle\">Participants</text>\n",
                     left, top, base, left + plot_w, top + plot_h / 2);
  std::set<std::string> kinds;
  for (int i = 0; i < n; ++i) {
    const auto& b = bars[static_cast<std::size_t>(i)];
    const int x = left + slot * i;
    const double h = b.value / axis_max * plot_h;
    const double hh = std::min(b.highlight, b.value) / axis_max * plot_h;
    const int bw = std::max(3, slot - 3);
    const std::string kind = static_cast<std::size_t>(i) < kinds_of.size() ? kinds_of[static_cast<std::size_t>(i)] : "";
    kinds.insert(kind);
    svg += fmt::format("<g><title>{}</title>", util::html_escape(tip_of(b)));
    if (kind == "future") {
      // Not yet held: a hollow dashed marker on the axis.
      svg += fmt::format("<rect class=\"future\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"10\" fill=\"none\" "
                         "stroke=\"#555\" stroke-dasharray=\"2,2\"></rect>",
                         x + 1, base - 10, bw);
    } else if (kind == "unrecorded" || kind == "cancelled") {
      // Held without attendance recorded: a red cross; cancelled: a grey slash.
      const bool cancelled = kind == "cancelled";
      svg += fmt::format("<path class=\"{}\" d=\"M{} {} L{} {}{}\" stroke=\"{}\" stroke-width=\"2\"></path>", kind,
                         x + 1, base - 9, x + 1 + bw, base - 1,
                         cancelled ? "" : fmt::format(" M{} {} L{} {}", x + 1, base - 1, x + 1 + bw, base - 9),
                         cancelled ? "#666" : "#c62828");
    } else {
      svg += fmt::format("<rect x=\"{}\" y=\"{:.1f}\" width=\"{}\" height=\"{:.1f}\" fill=\"{}\"></rect>", x + 1,
                         base - h, bw, h, k_bar_colour);
      if (hh > 0)
        svg += fmt::format("<rect x=\"{}\" y=\"{:.1f}\" width=\"{}\" height=\"{:.1f}\" fill=\"{}\"></rect>", x + 1,
                           base - hh, bw, hh, k_highlight_colour);
    }
    if (i % every == 0)
      svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#333\"></line>"
                         "<text class=\"label\" transform=\"translate({3},{4}) rotate(-60)\" "
                         "text-anchor=\"end\">{5}</text>",
                         x + slot / 2, base, base + 4, x + slot / 2 + 4, base + 10,
                         util::html_escape(shorten_ref(b.label, 18)));
    svg += "</g>\n";
  }
  // Legend: the marks that occur.
  const int ly = height - 10;
  int lx = left;
  auto entry = [&](const std::string& mark, const std::string& text) {
    svg += "<g class=\"legend\">" + fmt::format(fmt::runtime(mark), lx, ly - 10, lx + 12, ly) +
           fmt::format("<text x=\"{}\" y=\"{}\">{}</text></g>\n", lx + 16, ly, util::html_escape(text));
    lx += 16 + static_cast<int>(text.size()) * 8 + 20;
  };
  entry("<rect x=\"{0}\" y=\"{1}\" width=\"12\" height=\"10\" fill=\"" + std::string(k_bar_colour) + "\"></rect>",
        "participants");
  entry("<rect x=\"{0}\" y=\"{1}\" width=\"12\" height=\"10\" fill=\"" + std::string(k_highlight_colour) + "\"></rect>",
        "of them eligible");
  if (kinds.count("unrecorded"))
    entry("<path d=\"M{0} {1} L{2} {3} M{0} {3} L{2} {1}\" stroke=\"#c62828\" stroke-width=\"2\"></path>",
          "unrecorded: no attendance recorded");
  if (kinds.count("future"))
    entry("<rect x=\"{0}\" y=\"{1}\" width=\"12\" height=\"10\" fill=\"none\" stroke=\"#555\" "
          "stroke-dasharray=\"2,2\"></rect>",
          "not yet held");
  if (kinds.count("cancelled"))
    entry("<path d=\"M{0} {1} L{2} {3}\" stroke=\"#666\" stroke-width=\"2\"></path>", "cancelled");
  if (every > 1)
    svg += fmt::format(
        "<text class=\"note\" x=\"{}\" y=\"{}\">one session in {} labelled; hover a column for its session</text>\n",
        left, ly - 16, every);
  return svg + "</svg>\n</figure>\n";
}

namespace {

// Columns whose values must not break across lines: references, dates, times, emails, codes.
bool keep_whole(const std::string& column) {
  static const std::set<std::string> names{"session",   "series", "date", "first_date", "last_date",
                                           "time",      "email",  "code", "number",     "as_of",
                                           "issued_at", "status", "held", "certificate"};
  return names.count(column) > 0;
}

// A column name in words, with its unit: "credit_hours" -> "Credit hours (h)".
std::string header_words(const std::string& column) {
  static const std::map<std::string, std::string> words{{"minutes", "Minutes (min)"},
                                                        {"credit_hours", "Credit hours (h)"},
                                                        {"total_credit_hours", "Total credit hours (h)"},
                                                        {"eligible", "Eligible participants"},
                                                        {"hub", "Hub staff and presenters"},
                                                        {"participants", "Participants"},
                                                        {"cases", "Cases presented"},
                                                        {"held", "Held"},
                                                        {"certificate", "Certificate"},
                                                        {"certificates", "Certificates (series)"},
                                                        {"rural", "Rural"},
                                                        {"first_date", "First date"},
                                                        {"last_date", "Last date"},
                                                        {"eligible_sessions", "Eligible sessions"}};
  if (auto it = words.find(column); it != words.end()) return it->second;
  std::string out = column;
  std::replace(out.begin(), out.end(), '_', ' ');
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

} // namespace

TableBuilder::TableBuilder(const std::vector<std::string>& columns, std::size_t limit) : m_limit(limit) {
  for (const auto& c : columns) m_whole.push_back(keep_whole(c));
  m_html = "<div class=\"table-wrap\"><table>\n<thead><tr>";
  for (const auto& c : columns) m_html += "<th scope=\"col\">" + util::html_escape(header_words(c)) + "</th>";
  m_html += "</tr></thead>\n<tbody>\n";
}

void TableBuilder::add(const std::vector<Value>& row) {
  if (m_rows++ >= m_limit) return;
  // Appended in place (no temporary string per cell): the same text as
  // "<td" + class + ">" + html_escape(value_text(v)) + "</td>".
  m_html += "<tr>";
  for (std::size_t i = 0; i < row.size(); ++i) {
    const auto& v = row[i];
    const bool keep = i < m_whole.size() && m_whole[i];
    m_html += numeric(v) ? "<td class=\"num\">" : keep ? "<td class=\"ref\">" : "<td>";
    if (const auto* text = std::get_if<std::string>(&v))
      escape_into(m_html, *text);
    else if (const auto* n = std::get_if<std::int64_t>(&v))
      fmt::format_to(std::back_inserter(m_html), "{}", *n); // as std::to_string
    else if (!std::holds_alternative<std::monostate>(v))
      escape_into(m_html, value_text(v));
    m_html += "</td>";
  }
  m_html += "</tr>\n";
}

std::string TableBuilder::finish() const {
  std::string out = m_html + "</tbody>\n</table></div>\n";
  if (m_rows > m_limit)
    out += fmt::format("<p class=\"note\">The first {} of {} rows are shown; every row is in the csv, tsv and json "
                       "formats.</p>\n",
                       m_limit, m_rows);
  return out;
}

std::string table(const Grid& grid) {
  TableBuilder t(grid.columns, static_cast<std::size_t>(-1));
  for (const auto& row : grid.rows) t.add(row);
  return t.finish();
}

std::string local_instant(const std::string& utc, const std::string& timezone) {
  const auto t = util::parse_utc(utc);
  const auto* zone = timezone.empty() ? nullptr : util::find_zone(timezone);
  if (!t || zone == nullptr) return utc;
  const auto local = util::utc_to_local(*zone, *t);
  const auto day = util::format_date(util::local_date(local));
  static const char* const months[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};
  const int month = std::stoi(day.substr(5, 2));
  return fmt::format("{} {} {}, {} ({})", std::stoi(day.substr(8, 2)), months[month - 1], day.substr(0, 4),
                     util::format_hhmm(util::local_time_of_day(local)), timezone);
}

namespace {

std::string definitions(const Meta& meta) {
  const auto pct = number(meta.min_percent);
  return "<section class=\"definitions\">\n<h2>Definitions</h2>\n<dl>\n" + meta.definitions +
         "<dt>Held session</dt><dd>A session that was not cancelled and started before the as-of time (" +
         util::html_escape(local_instant(meta.as_of, meta.timezone)) +
         ").</dd>\n"
         "<dt>Participation</dt><dd>One participant at one held session. Presenters, facilitators and hub staff "
         "are not counted as participants.</dd>\n"
         "<dt>Eligible participation</dt><dd>A participation of at least " +
         std::to_string(meta.min_minutes) +
         " minutes (attendance.min_minutes).</dd>\n"
         "<dt>Credit hours</dt><dd>Eligible participations times the series' credit hours per session.</dd>\n"
         "<dt>Learning hours</dt><dd>Participants' minutes at held sessions divided by 60.</dd>\n"
         "<dt>Certificate earned</dt><dd>Eligible participations in at least " +
         pct +
         " % of a series' held sessions (certificates.min_percent), with at least one.</dd>\n"
         "<dt>New participant</dt><dd>No participation anywhere in the hub before the period.</dd>\n"
         "<dt>Rural participants</dt><dd>Unique participants recorded as rural, as a share of all unique "
         "participants.</dd>\n"
         "<dt>Dates and times</dt><dd>Session dates and times are local to each series' time zone; the as-of "
         "time is shown in the hub's (" +
         util::html_escape(meta.timezone.empty() ? std::string("UTC") : meta.timezone) + ").</dd>\n</dl>\n</section>\n";
}

} // namespace

std::string page(const Meta& meta, const std::string& body) {
  std::string about;
  if (!meta.hub.empty()) about += util::html_escape(meta.hub) + " \u00b7 ";
  about += "Period: " + util::html_escape(meta.period) +
           " \u00b7 As of: " + util::html_escape(local_instant(meta.as_of, meta.timezone));
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         util::html_escape(meta.title) +
         "</title>\n<style>\n"
         "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em auto;max-width:70em;"
         "padding:0 1em;color:#1a1a1a;background:#fff;line-height:1.4}\n"
         "h1{margin-bottom:.2em}\np.about{color:#444;margin-top:0}\n"
         ".table-wrap{max-width:100%;overflow-x:auto}\n"
         "table{border-collapse:collapse;margin:1em 0;width:100%;table-layout:auto}\n"
         "th,td{border:1px solid #bbb;padding:.3em .5em;text-align:left;vertical-align:top;"
         "overflow-wrap:normal;word-break:normal;hyphens:none}\n"
         "th{background:#eef2f6;color:#1a1a1a}\n"
         "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
         "td.ref{white-space:nowrap}\n"
         "figure{margin:1.5em 0}\nfigcaption{font-weight:600;margin-bottom:.4em}\n"
         "svg{max-width:100%;height:auto;font-size:12px}\nsvg text{fill:#1a1a1a}\nsvg text.note{fill:#444}\n"
         "p.empty{color:#555}\n"
         "dl.figures{max-width:40em;overflow:hidden}\n"
         "dl.figures dt{color:#333;float:left;clear:left;width:30em;padding:.1em 0}\n"
         "dl.figures dd{margin:0 0 0 30em;padding:.1em 0;font-weight:600;text-align:right;white-space:nowrap}\n"
         "section.definitions dt{font-weight:600;margin-top:.4em}\nsection.definitions dd{margin-left:1.5em}\n"
         "@page{size:landscape;margin:10mm}\n"
         "@media print{body{max-width:none;margin:0;font-size:9pt}.table-wrap{overflow:visible}"
         "table{width:100%;font-size:8pt}th,td{padding:.15em .3em}td.ref{white-space:nowrap}"
         "figure,tr{break-inside:avoid}thead{display:table-header-group}}\n"
         "</style>\n</head>\n<body>\n<h1>" +
         util::html_escape(meta.title) + "</h1>\n<p class=\"about\">" + about + "</p>\n" + body + definitions(meta) +
         "</body>\n</html>\n";
}

std::string period_text(const Params& params) {
  if (params.from && params.to) return *params.from + " to " + *params.to;
  if (params.from) return "from " + *params.from;
  if (params.to) return "until " + *params.to;
  return "all dates";
}

std::string attendance_page(const Meta& meta, const std::vector<SessionRow>& rows) {
  std::string body = column_chart("Participants per session", session_bars(rows), session_kinds(rows));
  body += "<h2>Sessions</h2>\n" + table(attendance_grid(rows));
  return page(meta, body);
}

namespace {

// A profession or region as counted: trimmed of blanks and tabs, the unknown label when empty.
std::string category(const std::optional<std::string>& v) {
  std::string name = v.value_or("");
  const auto first = name.find_first_not_of(" \t");
  return first == std::string::npos ? std::string(k_unknown)
                                    : name.substr(first, name.find_last_not_of(" \t") - first + 1);
}

std::vector<Bar> count_bars(const std::map<std::string, std::int64_t>& counts) {
  std::vector<Breakdown> list;
  for (const auto& [name, n] : counts) list.push_back({name, n});
  sort_breakdown(list);
  return breakdown_bars(list);
}

constexpr std::size_t k_top_bars = 40;

} // namespace

ParticipantsPage::ParticipantsPage(Meta meta) : m_meta(std::move(meta)), m_table(participants_columns()) {}

void ParticipantsPage::add(const ParticipantRow& row) {
  ++m_by_profession[category(row.profession)];
  ++m_by_region[category(row.region)];
  participants_cells(row, m_cells);
  m_table.add(m_cells);
}

std::string ParticipantsPage::finish() const {
  std::string body = bar_chart("Participants by profession", count_bars(m_by_profession));
  body += bar_chart("Participants by region", count_bars(m_by_region));
  body += "<h2>Participants</h2>\n" + m_table.finish();
  return page(m_meta, body);
}

std::string participants_page(const Meta& meta, const std::vector<ParticipantRow>& rows) {
  ParticipantsPage p(meta);
  for (const auto& r : rows) p.add(r);
  return p.finish();
}

CreditsPage::CreditsPage(Meta meta)
    : m_meta(std::move(meta)), m_totals(credit_totals_columns()), m_credits(credits_columns()) {}

void CreditsPage::add_total(const ParticipantRow& t) {
  m_total += t.credit_hours;
  m_top.push_back({{t.name.empty() ? t.email.value_or("?") : t.name, t.credit_hours, 0, ""}, m_totals.rows()});
  // Keeps the largest 40 (a stable sort: among equal hours the first row wins, as in one sort
  // of every row).
  if (m_top.size() >= 10 * k_top_bars) {
    std::stable_sort(m_top.begin(), m_top.end(),
                     [](const auto& a, const auto& b) { return a.first.value > b.first.value; });
    m_top.resize(k_top_bars);
  }
  credit_totals_cells(t, m_cells);
  m_totals.add(m_cells);
}

void CreditsPage::add_credit(const CreditRow& row) {
  credits_cells(row, m_cells);
  m_credits.add(m_cells);
}

std::string CreditsPage::finish() {
  std::stable_sort(m_top.begin(), m_top.end(),
                   [](const auto& a, const auto& b) { return a.first.value > b.first.value; });
  const bool cut = m_totals.rows() > k_top_bars;
  std::vector<Bar> bars;
  for (std::size_t i = 0; i < m_top.size() && i < k_top_bars; ++i) bars.push_back(m_top[i].first);
  std::string body = fmt::format("<dl class=\"figures\"><dt>participants with credit</dt><dd>{}</dd>"
                                 "<dt>eligible sessions</dt><dd>{}</dd><dt>credit hours</dt><dd>{}</dd></dl>\n",
                                 m_totals.rows(), m_credits.rows(), number(round_to(m_total, 2)));
  body += bar_chart(cut ? "Credit hours by participant (top 40)" : "Credit hours by participant", bars);
  body += "<h2>Totals</h2>\n" + m_totals.finish();
  body += "<h2>Credits by session</h2>\n" + m_credits.finish();
  return page(m_meta, body);
}

std::string credits_page(const Meta& meta, const std::vector<CreditRow>& rows,
                         const std::vector<ParticipantRow>& totals) {
  CreditsPage p(meta);
  for (const auto& t : totals) p.add_total(t);
  for (const auto& r : rows) p.add_credit(r);
  return p.finish();
}

CreditsBySeriesPage::CreditsBySeriesPage(Meta meta) : m_meta(std::move(meta)), m_table(credits_by_series_columns()) {}

void CreditsBySeriesPage::add(const SeriesCreditRow& r) {
  m_total += r.credit_hours;
  m_earned += r.earned ? 1 : 0;
  m_issued += r.certificate ? 1 : 0;
  credits_by_series_cells(r, m_cells);
  m_table.add(m_cells);
}

std::string CreditsBySeriesPage::finish() const {
  std::string body = fmt::format(
      "<dl class=\"figures\"><dt>participants and series with credit</dt><dd>{}</dd><dt>credit hours</dt><dd>{}</dd>"
      "<dt>certificates earned</dt><dd>{}</dd><dt>certificates issued</dt><dd>{}</dd></dl>\n",
      m_table.rows(), number(round_to(m_total, 2)), m_earned, m_issued);
  body += "<h2>Credits by participant and series</h2>\n" + m_table.finish();
  return page(m_meta, body);
}

std::string credits_by_series_page(const Meta& meta, const std::vector<SeriesCreditRow>& rows) {
  CreditsBySeriesPage p(meta);
  for (const auto& r : rows) p.add(r);
  return p.finish();
}

namespace {

// A figure in words, with its unit.
std::pair<std::string, std::string> figure_words(const std::string& field, const Value& v, const Meta& meta) {
  const auto text = value_text(v);
  if (field == "series_count") return {"Series with a session held", text};
  if (field == "sessions_scheduled") return {"Sessions scheduled", text};
  if (field == "sessions_held") return {"Sessions held", text};
  if (field == "sessions_cancelled") return {"Sessions cancelled", text};
  if (field == "participations") return {"Participations", text};
  if (field == "unique_participants") return {"Unique participants", text};
  if (field == "eligible_participations")
    return {fmt::format("Eligible participations (at least {} min)", meta.min_minutes), text};
  if (field == "average_attendance") return {"Average participants per held session", text};
  if (field == "learning_hours") return {"Learning hours", text + " h"};
  if (field == "credit_hours") return {"Credit hours", text + " h"};
  if (field == "certificates")
    return {fmt::format("Certificates earned (at least {} % of held sessions)", number(meta.min_percent)), text};
  if (field == "new_participants") return {"New participants", text};
  if (field == "rural_share") {
    const double share = std::holds_alternative<double>(v) ? std::get<double>(v) : 0.0;
    return {"Rural participants", fmt::format("{} %", number(round_to(share * 100, 1)))};
  }
  if (field == "cases_presented") return {"Cases presented", text};
  if (field == "series") return {"Series", text};
  return {field, text};
}

} // namespace

std::string figures_page(const Meta& meta, const Figures& figures, bool summary,
                         const std::vector<SessionRow>& sessions, const std::vector<SeriesFigures>& by_series) {
  std::string body;
  if (!summary && !meta.series_title.empty())
    body += "<p class=\"series\">Series: <strong>" + util::html_escape(meta.series_title) + "</strong> (" +
            util::html_escape(figures.series.value_or("")) + ")</p>\n";
  body += "<dl class=\"figures\">\n";
  for (const auto& row : figures_grid(figures, summary).rows) {
    const auto field = value_text(row[0]);
    if (field == "from" || field == "to" || field == "as_of" || field == "series") continue; // in the header
    const auto [label, value] = figure_words(field, row[1], meta);
    body += "<dt>" + util::html_escape(label) + "</dt><dd>" + util::html_escape(value) + "</dd>\n";
  }
  body += "</dl>\n";
  if (figures.sessions_unrecorded > 0) {
    std::string list;
    for (const auto& r : sessions)
      if (r.unrecorded) list += (list.empty() ? "" : ", ") + r.session + " (" + r.date + ")";
    body +=
        "<p class=\"warning\"><strong>Warning:</strong> " +
        util::html_escape(fmt::format("{} past session{} with no attendance recorded, not counted as held nor in "
                                      "any average or certificate: {}",
                                      figures.sessions_unrecorded, figures.sessions_unrecorded == 1 ? "" : "s", list)) +
        "</p>\n";
  }
  if (summary) {
    Grid g;
    g.columns = {"Series",
                 "code",
                 "Sessions held",
                 "Participations",
                 "Unique participants",
                 "Eligible participations",
                 "credit_hours",
                 "Certificates earned"};
    for (const auto& s : by_series)
      g.rows.push_back({s.title, s.code, s.figures.sessions_held, s.figures.participations,
                        s.figures.unique_participants, s.figures.eligible_participations,
                        round_to(s.figures.credit_hours, 2), s.figures.certificates});
    body +=
        "<h2>By series</h2>\n" + (by_series.empty() ? std::string("<p class=\"empty\">No series.</p>\n") : table(g));
  }
  body += column_chart("Participants per session", session_bars(sessions), session_kinds(sessions));
  body += bar_chart("Unique participants by profession", breakdown_bars(figures.by_profession));
  body += bar_chart("Unique participants by region", breakdown_bars(figures.by_region));
  body += "<h2>By profession</h2>\n" + table(breakdown_grid(figures.by_profession, "profession"));
  body += "<h2>By region</h2>\n" + table(breakdown_grid(figures.by_region, "region"));
  body += "<h2>Sessions</h2>\n" + table(attendance_grid(sessions));
  return page(meta, body);
}

std::string reach_page(const Meta& meta, const std::vector<ReachRow>& rows, bool by_region, double gap_threshold) {
  std::int64_t gaps = 0;
  std::int64_t participants = 0;
  for (const auto& r : rows) {
    gaps += r.gap ? 1 : 0;
    participants += r.participants;
  }
  std::string body;
  if (by_region) {
    body += fmt::format("<dl class=\"figures\"><dt>participants</dt><dd>{}</dd><dt>regions flagged as gaps</dt>"
                        "<dd>{}</dd><dt>gap threshold (participants per 100,000)</dt><dd>{}</dd></dl>\n",
                        participants, gaps, number(gap_threshold));
    std::vector<Bar> bars;
    for (const auto& r : rows) {
      if (!r.configured) continue;
      const double v = r.per_100k.value_or(0);
      bars.push_back({r.key, v, r.gap ? 1.0 : 0.0,
                      fmt::format("{}: {} participants{}{}", r.key, r.participants,
                                  r.per_100k ? fmt::format(", {} per 100,000", number(*r.per_100k))
                                             : std::string(", population unknown"),
                                  r.gap ? " (gap)" : "")});
    }
    body += threshold_chart("Participants per 100,000 population, by region", bars, gap_threshold,
                            fmt::format("gap threshold {} per 100,000", number(gap_threshold)));
  } else {
    std::vector<Bar> bars;
    for (const auto& r : rows) bars.push_back({r.key, static_cast<double>(r.participants), 0, ""});
    std::stable_sort(bars.begin(), bars.end(), [](const Bar& a, const Bar& b) { return a.value > b.value; });
    if (bars.size() > 40) bars.resize(40);
    body += bar_chart("Participants by organization", bars);
  }
  body += std::string("<h2>") + (by_region ? "Reach by region" : "Reach by organization") + "</h2>\n" +
          table(reach_grid(rows, by_region));
  return page(meta, body);
}

std::string competency_page(const Meta& meta, const std::vector<CompetencyRow>& rows) {
  std::vector<Bar> bars;
  std::map<std::string, std::size_t> index;
  for (const auto& r : rows) {
    const auto label = r.title.empty() ? r.domain : r.domain + " \u2014 " + r.title;
    auto [it, added] = index.emplace(r.domain, bars.size());
    if (added) bars.push_back({label, 0, 0, ""});
    bars[it->second].value = round_to(bars[it->second].value + static_cast<double>(r.minutes) / 60.0, 2);
  }
  std::string body = bar_chart("Learning hours by competency domain", bars);
  body += "<h2>Hours by domain</h2>\n" + table(competency_grid(rows));
  return page(meta, body);
}

} // namespace echo::report::html
