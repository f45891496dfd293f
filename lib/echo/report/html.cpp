#include "echo/report/html.hpp"

#include "echo/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

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

std::string no_data(const std::string& title) {
  return "<figure>\n<figcaption>" + util::html_escape(title) +
         "</figcaption>\n<p class=\"empty\">No data.</p>\n</figure>\n";
}

std::string tip_of(const Bar& b) { return b.tip.empty() ? b.label + ": " + number(b.value) : b.tip; }

std::vector<Bar> count_by(const std::vector<ParticipantRow>& rows, bool by_region) {
  std::map<std::string, std::int64_t> counts;
  for (const auto& r : rows) {
    const auto& v = by_region ? r.region : r.profession;
    std::string name = v.value_or("");
    const auto first = name.find_first_not_of(" \t");
    name = first == std::string::npos ? std::string(k_unknown)
                                      : name.substr(first, name.find_last_not_of(" \t") - first + 1);
    ++counts[name];
  }
  std::vector<Breakdown> list;
  for (const auto& [name, n] : counts) list.push_back({name, n});
  sort_breakdown(list);
  std::vector<Bar> bars;
  for (const auto& b : list) bars.push_back({b.name, static_cast<double>(b.participants), 0, ""});
  return bars;
}

std::vector<Bar> breakdown_bars(const std::vector<Breakdown>& rows) {
  std::vector<Bar> bars;
  for (const auto& b : rows) bars.push_back({b.name, static_cast<double>(b.participants), 0, ""});
  return bars;
}

std::vector<Bar> session_bars(const std::vector<SessionRow>& rows) {
  std::vector<Bar> bars;
  for (const auto& r : rows)
    bars.push_back({r.session, static_cast<double>(r.participants), static_cast<double>(r.eligible),
                    fmt::format("{} {} ({}): {} participants, {} eligible{}", r.session, r.date,
                                r.status == "cancelled" ? "cancelled"
                                : r.held                ? "held"
                                : r.unrecorded          ? "unrecorded: no attendance recorded"
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

std::string column_chart(const std::string& title, const std::vector<Bar>& bars) {
  if (bars.empty()) return no_data(title);
  constexpr int plot_h = 200, top = 16, left = 40;
  const bool labels = bars.size() <= 40;
  const int bottom = labels ? 90 : 20;
  const int slot = std::max(4, std::min(48, 880 / static_cast<int>(bars.size())));
  const int width = left + slot * static_cast<int>(bars.size()) + 10;
  const int height = top + plot_h + bottom;
  double max = 0;
  for (const auto& b : bars) max = std::max(max, b.value);
  if (max <= 0) max = 1;
  std::string svg =
      fmt::format("<figure>\n<figcaption>{0}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                  "aria-label=\"{0}\" width=\"{1}\" height=\"{2}\" viewBox=\"0 0 {1} {2}\">\n"
                  "<line x1=\"{3}\" y1=\"{4}\" x2=\"{1}\" y2=\"{4}\" stroke=\"#888\"></line>\n"
                  "<text x=\"{5}\" y=\"{6}\" text-anchor=\"end\">{7}</text>\n"
                  "<text x=\"{5}\" y=\"{4}\" text-anchor=\"end\">0</text>\n",
                  util::html_escape(title), width, height, left, top + plot_h, left - 4, top + 4, number(max));
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    const int x = left + slot * static_cast<int>(i);
    const double h = b.value / max * plot_h;
    const double hh = std::min(b.highlight, b.value) / max * plot_h;
    const int bw = std::max(2, slot - 3);
    svg += fmt::format("<g><title>{}</title>", util::html_escape(tip_of(b)));
    svg += fmt::format("<rect x=\"{}\" y=\"{:.1f}\" width=\"{}\" height=\"{:.1f}\" fill=\"{}\"></rect>", x + 1,
                       top + plot_h - h, bw, h, k_bar_colour);
    if (hh > 0)
      svg += fmt::format("<rect x=\"{}\" y=\"{:.1f}\" width=\"{}\" height=\"{:.1f}\" fill=\"{}\"></rect>", x + 1,
                         top + plot_h - hh, bw, hh, k_highlight_colour);
    if (labels)
      svg += fmt::format("<text transform=\"translate({},{}) rotate(-60)\" text-anchor=\"end\">{}</text>",
                         x + slot / 2 + 4, top + plot_h + 8, util::html_escape(shorten(b.label, 14)));
    svg += "</g>\n";
  }
  return svg + "</svg>\n</figure>\n";
}

std::string table(const Grid& grid) {
  std::string out = "<table>\n<thead><tr>";
  for (const auto& c : grid.columns) out += "<th>" + util::html_escape(c) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : grid.rows) {
    out += "<tr>";
    for (const auto& v : row)
      out += std::string(numeric(v) ? "<td class=\"num\">" : "<td>") + util::html_escape(value_text(v)) + "</td>";
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string page(const Meta& meta, const std::string& body) {
  std::string about;
  if (!meta.hub.empty()) about += util::html_escape(meta.hub) + " \u00b7 ";
  about += "Period: " + util::html_escape(meta.period) + " \u00b7 As of: " + util::html_escape(meta.as_of);
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         util::html_escape(meta.title) +
         "</title>\n<style>\n"
         "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em auto;max-width:70em;"
         "padding:0 1em;color:#222}\n"
         "h1{margin-bottom:.2em}\np.about{color:#555;margin-top:0}\n"
         "table{border-collapse:collapse;margin:1em 0}\nth,td{border:1px solid #ccc;padding:.3em .6em;"
         "text-align:left}\ntd.num{text-align:right;font-variant-numeric:tabular-nums}\nth{background:#f3f3f3}\n"
         "figure{margin:1.5em 0}\nfigcaption{font-weight:600;margin-bottom:.4em}\n"
         "svg{max-width:100%;height:auto;font-size:12px}\nsvg text{fill:#333}\np.empty{color:#777}\n"
         "dl.figures{display:grid;grid-template-columns:max-content max-content;gap:.2em 1.5em}\n"
         "dl.figures dt{color:#555}\ndl.figures dd{margin:0;font-weight:600;text-align:right}\n"
         "@media print{figure,table{break-inside:avoid}}\n"
         "</style>\n</head>\n<body>\n<h1>" +
         util::html_escape(meta.title) + "</h1>\n<p class=\"about\">" + about + "</p>\n" + body + "</body>\n</html>\n";
}

std::string period_text(const Params& params) {
  if (params.from && params.to) return *params.from + " to " + *params.to;
  if (params.from) return "from " + *params.from;
  if (params.to) return "until " + *params.to;
  return "all dates";
}

std::string attendance_page(const Meta& meta, const std::vector<SessionRow>& rows) {
  std::string body = column_chart("Participants per session (dark: eligible)", session_bars(rows));
  body += "<h2>Sessions</h2>\n" + table(attendance_grid(rows));
  return page(meta, body);
}

std::string participants_page(const Meta& meta, const std::vector<ParticipantRow>& rows) {
  std::string body = bar_chart("Participants by profession", count_by(rows, false));
  body += bar_chart("Participants by region", count_by(rows, true));
  body += "<h2>Participants</h2>\n" + table(participants_grid(rows));
  return page(meta, body);
}

std::string credits_page(const Meta& meta, const std::vector<CreditRow>& rows,
                         const std::vector<ParticipantRow>& totals) {
  double total = 0;
  for (const auto& t : totals) total += t.credit_hours;
  std::vector<Bar> bars;
  for (const auto& t : totals) bars.push_back({t.name.empty() ? t.email.value_or("?") : t.name, t.credit_hours, 0, ""});
  std::stable_sort(bars.begin(), bars.end(), [](const Bar& a, const Bar& b) { return a.value > b.value; });
  const bool cut = bars.size() > 40;
  if (cut) bars.resize(40);
  std::string body = fmt::format("<dl class=\"figures\"><dt>participants with credit</dt><dd>{}</dd>"
                                 "<dt>eligible sessions</dt><dd>{}</dd><dt>credit hours</dt><dd>{}</dd></dl>\n",
                                 totals.size(), rows.size(), number(round_to(total, 2)));
  body += bar_chart(cut ? "Credit hours by participant (top 40)" : "Credit hours by participant", bars);
  body += "<h2>Totals</h2>\n" + table(credit_totals_grid(totals));
  body += "<h2>Credits by session</h2>\n" + table(credits_grid(rows));
  return page(meta, body);
}

std::string credits_by_series_page(const Meta& meta, const std::vector<SeriesCreditRow>& rows) {
  double total = 0;
  std::int64_t earned = 0, issued = 0;
  for (const auto& r : rows) {
    total += r.credit_hours;
    earned += r.earned ? 1 : 0;
    issued += r.certificate ? 1 : 0;
  }
  std::string body = fmt::format(
      "<dl class=\"figures\"><dt>participants and series with credit</dt><dd>{}</dd><dt>credit hours</dt><dd>{}</dd>"
      "<dt>certificates earned</dt><dd>{}</dd><dt>certificates issued</dt><dd>{}</dd></dl>\n",
      rows.size(), number(round_to(total, 2)), earned, issued);
  body += "<h2>Credits by participant and series</h2>\n" + table(credits_by_series_grid(rows));
  return page(meta, body);
}

std::string figures_page(const Meta& meta, const Figures& figures, bool summary,
                         const std::vector<SessionRow>& sessions) {
  std::string body = "<dl class=\"figures\">\n";
  for (const auto& row : figures_grid(figures, summary).rows) {
    const auto field = value_text(row[0]);
    if (field == "from" || field == "to" || field == "as_of") continue; // in the page's header
    body += "<dt>" + util::html_escape(field) + "</dt><dd>" + util::html_escape(value_text(row[1])) + "</dd>\n";
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
  body += column_chart("Participants per session (dark: eligible)", session_bars(sessions));
  body += bar_chart("Unique participants by profession", breakdown_bars(figures.by_profession));
  body += bar_chart("Unique participants by region", breakdown_bars(figures.by_region));
  body += "<h2>By profession</h2>\n" + table(breakdown_grid(figures.by_profession, "profession"));
  body += "<h2>By region</h2>\n" + table(breakdown_grid(figures.by_region, "region"));
  body += "<h2>Sessions</h2>\n" + table(attendance_grid(sessions));
  return page(meta, body);
}

} // namespace echo::report::html
