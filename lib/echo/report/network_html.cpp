// The HTML pages of `report network` (the profession x region matrix as a heat-coloured table)
// and `report retention` (the retention curve as an inline SVG line chart), each with the
// definitions of its figures.

#include "echo/report/network.hpp"

#include "echo/util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace echo::report::html {

namespace network_page_parts {

std::string percent(double share) {
  const double v = round_to(share * 100.0, 2);
  if (v == std::floor(v)) return fmt::format("{} %", static_cast<std::int64_t>(v));
  return fmt::format("{} %", v);
}

std::string network_definitions() {
  return "<section class=\"definitions\">\n<h2>Definitions of the network figures</h2>\n<dl>\n"
         "<dt>Professions (of a session)</dt><dd>The number of distinct professions among the session's "
         "participants (presenters, facilitators and hub staff are not counted). Professions are the canonical "
         "names of the configuration's [professions] table, so \u201cRN\u201d and \u201cRegistered Nurse\u201d are "
         "one profession. A participant with no profession recorded is a participant of the session but is not a "
         "profession: the unknown is never counted as one.</dd>\n"
         "<dt>Diversity (Shannon index)</dt><dd>H = \u2212\u2211 p<sub>i</sub> ln p<sub>i</sub>, where "
         "p<sub>i</sub> is profession i's share of the session's participants whose profession is known (natural "
         "logarithm). 0 when everyone is of one profession; ln k (1.0986 for 3, 1.3863 for 4) when k professions "
         "are equally present; higher with more professions and more even shares. Shannon rather than Simpson: "
         "it rewards every additional profession present, even with one person, which is what an "
         "inter-professional network aims for, while Simpson's index barely moves for small groups.</dd>\n"
         "<dt>Series: mean professions, diversity</dt><dd>The mean of the series' held sessions' professions and "
         "diversity.</dd>\n"
         "<dt>Share of sessions with 3+ professions</dt><dd>Held sessions of the series with at least three "
         "professions, divided by its held sessions.</dd>\n"
         "<dt>Profession \u00d7 region</dt><dd>Distinct participants of the period by canonical profession and "
         "configured region ((unknown) when blank or matching no configured region).</dd>\n"
         "<dt>Organizations that met</dt><dd>Two different organizations (a before b in alphabetical order) whose "
         "people attended the same held session; \u201csessions\u201d counts the held sessions they shared. "
         "Organizations are told apart ignoring case, accents and punctuation.</dd>\n</dl>\n</section>\n";
}

std::string retention_definitions() {
  return "<section class=\"definitions\">\n<h2>Definitions of the retention figures</h2>\n<dl>\n"
         "<dt>Session k</dt><dd>The series' held sessions of the period in order, k = 1, 2, \u2026 (cancelled, "
         "unrecorded and future sessions have no k).</dd>\n"
         "<dt>Attendees</dt><dd>Participants at session k (presenters and hub staff not counted).</dd>\n"
         "<dt>Retained from first</dt><dd>Of the first session's attendees, those who attended session k; the "
         "share of the first is that number divided by the first session's attendees.</dd>\n"
         "<dt>Share of all</dt><dd>Attendees at session k divided by the distinct participants who attended any "
         "held session of the series in the period.</dd>\n"
         "<dt>Distribution</dt><dd>For n = 1 to the number of held sessions, the participants who attended exactly "
         "n of them.</dd>\n"
         "<dt>One-time, returning</dt><dd>Participants who attended exactly one held session of the series, and "
         "those who attended two or more.</dd>\n"
         "<dt>Across series</dt><dd>Participants of the series who attended a held session of another series that "
         "started after their last session of this one (at any date up to the as-of time).</dd>\n</dl>\n"
         "</section>\n";
}

} // namespace network_page_parts

std::string line_chart(const std::string& title, const std::vector<std::string>& labels,
                       const std::vector<Line>& lines) {
  if (labels.empty())
    return "<figure>\n<figcaption>" + util::html_escape(title) +
           "</figcaption>\n<p class=\"empty\">No data.</p>\n</figure>\n";
  constexpr int plot_h = 200, top = 16, left = 56, bottom = 70, legend_h = 26;
  const int n = static_cast<int>(labels.size());
  const int slot = std::max(12, std::min(80, 800 / n));
  const int plot_w = slot * std::max(1, n - 1);
  const int width = std::max(left + plot_w + 40, 560);
  const int height = top + plot_h + bottom + legend_h;
  const int base = top + plot_h;
  const int every = std::max(1, (n + 29) / 30);
  std::string svg =
      fmt::format("<figure>\n<figcaption>{0}</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                  "aria-label=\"{0}\" width=\"{1}\" height=\"{2}\" viewBox=\"0 0 {1} {2}\">\n",
                  util::html_escape(title), width, height);
  for (int t = 0; t <= 4; ++t) {
    const double y = base - t / 4.0 * plot_h;
    svg += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#ddd\"></line>"
                       "<text class=\"tick\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{} %</text>\n",
                       left, y, left + plot_w, y, left - 6, y + 4, t * 25);
  }
  svg += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#333\"></line>"
                     "<line class=\"axis\" x1=\"{0}\" y1=\"{2}\" x2=\"{3}\" y2=\"{2}\" stroke=\"#333\"></line>\n"
                     "<text class=\"axis-title\" transform=\"translate(14,{4}) rotate(-90)\" "
                     "text-anchor=\"middle\">Share</text>\n",
                     left, top, base, left + plot_w, top + plot_h / 2);
  auto x_of = [&](int i) { return left + (n == 1 ? plot_w / 2 : slot * i); };
  for (int i = 0; i < n; ++i)
    if (i % every == 0)
      svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#333\"></line>"
                         "<text class=\"label\" transform=\"translate({3},{4}) rotate(-60)\" "
                         "text-anchor=\"end\">{5}</text>\n",
                         x_of(i), base, base + 4, x_of(i) + 4, base + 10,
                         util::html_escape(labels[static_cast<std::size_t>(i)]));
  for (const auto& line : lines) {
    std::string points;
    std::string marks;
    for (int i = 0; i < n && static_cast<std::size_t>(i) < line.values.size(); ++i) {
      const double v = std::clamp(line.values[static_cast<std::size_t>(i)], 0.0, 1.0);
      const double y = base - v * plot_h;
      points += fmt::format("{}{},{:.1f}", points.empty() ? "" : " ", x_of(i), y);
      marks += fmt::format("<circle cx=\"{}\" cy=\"{:.1f}\" r=\"3.5\" fill=\"{}\"><title>{}</title></circle>", x_of(i),
                           y, line.colour,
                           util::html_escape(fmt::format("{}, {}: {}", labels[static_cast<std::size_t>(i)], line.name,
                                                         network_page_parts::percent(v))));
    }
    svg += fmt::format("<g class=\"line\"><polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\">"
                       "</polyline>{}</g>\n",
                       line.colour, points, marks);
  }
  int lx = left;
  const int ly = height - 10;
  for (const auto& line : lines) {
    svg += fmt::format("<g class=\"legend\"><line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" "
                       "stroke-width=\"2\"></line><text x=\"{}\" y=\"{}\">{}</text></g>\n",
                       lx, ly - 4, lx + 14, ly - 4, line.colour, lx + 18, ly, util::html_escape(line.name));
    lx += 18 + static_cast<int>(line.name.size()) * 7 + 24;
  }
  return svg + "</svg>\n</figure>\n";
}

std::string network_page(const Meta& meta, const Network& n) {
  using network_page_parts::percent;
  std::string body;
  // The matrix: professions down, regions across (configured regions in their order, then any
  // other label met), each cell coloured by its share of the largest cell.
  std::vector<std::string> professions;
  std::vector<std::string> regions = n.regions;
  std::map<std::pair<std::string, std::string>, std::int64_t> cells;
  std::int64_t max = 0;
  for (const auto& c : n.matrix) {
    if (std::find(professions.begin(), professions.end(), c.profession) == professions.end())
      professions.push_back(c.profession);
    if (std::find(regions.begin(), regions.end(), c.region) == regions.end()) regions.push_back(c.region);
    cells[{c.profession, c.region}] = c.participants;
    max = std::max(max, c.participants);
  }
  // The unknown region last, as the unknown profession is.
  if (auto it = std::find(regions.begin(), regions.end(), std::string(k_unknown)); it != regions.end()) {
    regions.erase(it);
    regions.emplace_back(k_unknown);
  }
  body += "<h2>Professions \u00d7 regions</h2>\n";
  if (n.matrix.empty()) {
    body += "<p class=\"empty\">No participants.</p>\n";
  } else {
    body += "<p>Distinct participants; the darker the cell, the more participants.</p>\n"
            "<div class=\"table-wrap\"><table class=\"matrix\">\n<thead><tr><th scope=\"col\">Profession</th>";
    for (const auto& r : regions) body += "<th scope=\"col\">" + util::html_escape(r) + "</th>";
    body += "<th scope=\"col\">Total</th></tr></thead>\n<tbody>\n";
    for (const auto& p : professions) {
      body += "<tr><th scope=\"row\">" + util::html_escape(p) + "</th>";
      std::int64_t total = 0;
      for (const auto& r : regions) {
        const auto it = cells.find({p, r});
        const std::int64_t v = it == cells.end() ? 0 : it->second;
        total += v;
        if (v == 0) {
          body += "<td class=\"num zero\">0</td>";
          continue;
        }
        const double alpha = 0.15 + 0.85 * static_cast<double>(v) / static_cast<double>(max);
        body += fmt::format("<td class=\"num\" style=\"background:rgba(47,109,181,{:.2f});color:{}\" "
                            "title=\"{}\">{}</td>",
                            alpha, alpha > 0.55 ? "#fff" : "#1a1a1a",
                            util::html_escape(fmt::format("{}, {}: {} participant{}", p, r, v, v == 1 ? "" : "s")), v);
      }
      body += fmt::format("<td class=\"num\">{}</td></tr>\n", total);
    }
    body += "</tbody>\n</table></div>\n";
  }
  body += "<h2>By series</h2>\n";
  Grid series;
  series.columns = {"series", "sessions", "mean_professions", "diversity", "share_3plus"};
  for (const auto& r : n.series)
    series.rows.push_back({r.series, r.sessions, r.mean_professions, r.diversity, percent(r.share_3plus)});
  body += table(series);
  body += "<h2>Sessions</h2>\n" + table(network_sessions_grid(n));
  body += "<h2>Organizations that met</h2>\n";
  body += n.organizations.empty() ? "<p class=\"empty\">No two organizations shared a session.</p>\n"
                                  : table(network_organizations_grid(n));
  body += network_page_parts::network_definitions();
  body += "<style>table.matrix th[scope=row]{background:#eef2f6;text-align:left}"
          "table.matrix td.zero{color:#999}</style>\n";
  return page(meta, body);
}

std::string retention_page(const Meta& meta, const Retention& r) {
  using network_page_parts::percent;
  std::string body = fmt::format(
      "<dl class=\"figures\"><dt>first session's attendees</dt><dd>{}</dd><dt>participants of the series</dt>"
      "<dd>{}</dd><dt>one-time</dt><dd>{}</dd><dt>returning</dt><dd>{}</dd>",
      r.first_session_attendees, r.distinct_attendees, r.one_time, r.returning);
  if (r.across_series) body += fmt::format("<dt>came back in another series</dt><dd>{}</dd>", r.across_series->size());
  body += "</dl>\n";
  std::vector<std::string> labels;
  Line first{"share of the first session's attendees", "#2f6db5", {}};
  Line all{"share of all attendees of the series", "#d9822b", {}};
  for (const auto& p : r.curve) {
    labels.push_back(fmt::format("{} ({})", p.k, p.session));
    first.values.push_back(r.share_of_first(p));
    all.values.push_back(r.share_of_all(p));
  }
  body += line_chart("Retention by session", labels, {first, all});
  Grid curve = retention_curve_grid(r);
  for (auto& row : curve.rows) {
    row[5] = percent(std::get<double>(row[5]));
    row[6] = percent(std::get<double>(row[6]));
  }
  body += "<h2>Curve</h2>\n" + table(curve);
  std::vector<Bar> bars;
  for (const auto& [sessions, participants] : r.distribution)
    bars.push_back(
        {fmt::format("{} session{}", sessions, sessions == 1 ? "" : "s"), static_cast<double>(participants), 0, ""});
  body += bar_chart("Participants by sessions attended", bars);
  if (r.across_series) {
    body += "<h2>Came back in another series</h2>\n";
    body += r.across_series->empty() ? "<p class=\"empty\">Nobody.</p>\n" : table(retention_across_grid(r));
  }
  body += network_page_parts::retention_definitions();
  return page(meta, body);
}

} // namespace echo::report::html
