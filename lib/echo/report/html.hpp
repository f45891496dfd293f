#pragma once
// Self-contained HTML pages for the reports: the figures, tables and inline SVG charts, no
// external assets, every value escaped. Pure functions: text in, text out.

#include "echo/report/report.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace echo::report::html {

// What a page says about itself under its title.
struct Meta {
  std::string title;
  std::string hub;      // hub.name (may be empty)
  std::string period;   // e.g. "2026-01-01 to 2026-03-31" or "all dates"
  std::string as_of;    // UTC
  std::string timezone; // hub.timezone: the as-of instant is shown in it (empty: UTC)
  int min_minutes = 45; // thresholds in force, for the definitions section
  double min_percent = 75.0;
  std::string series_title; // the series' title on a series page
  std::string definitions;  // the report's own <dt>/<dd> pairs, before the common ones
};

// One row of the hub summary's per-series table.
struct SeriesFigures {
  std::string code;
  std::string title;
  Figures figures;
};

struct Bar {
  std::string label;
  double value = 0;
  double highlight = 0; // a part of value drawn darker (e.g. eligible of participants)
  std::string tip;      // tooltip text; defaults to "label: value"
};

// Horizontal bar chart (categories) as an inline <svg>.
std::string bar_chart(const std::string& title, const std::vector<Bar>& bars);
// Column chart (one column per session, in order) as an inline <svg>, with axes, ticks and a
// legend. kinds[i], when given, is "held", "unrecorded" (held, no attendance recorded), "future"
// (not yet held) or "cancelled": each has its own mark and legend entry.
std::string column_chart(const std::string& title, const std::vector<Bar>& bars,
                         const std::vector<std::string>& kinds = {});
// Horizontal bars with a vertical line at `threshold` (labelled `threshold_label`); bars with
// highlight != 0 are drawn as gaps (their own colour and legend entry).
std::string threshold_chart(const std::string& title, const std::vector<Bar>& bars, double threshold,
                            const std::string& threshold_label);
// A grid as an HTML <table>.
std::string table(const Grid& grid);

// A page holds at most this many rows in a table: a report of more (a network-sized hub's
// participants or credits: hundreds of thousands of rows, tens of megabytes a browser cannot
// show) keeps its figures and charts over every row, shows the first k_page_rows rows and says
// so under the table; every row is in the csv, tsv and json formats.
inline constexpr std::size_t k_page_rows = 10000;

// An HTML <table> built a row at a time: every row is counted, the first `limit` rendered.
class TableBuilder {
public:
  explicit TableBuilder(const std::vector<std::string>& columns, std::size_t limit = k_page_rows);
  void add(const std::vector<Value>& row);
  [[nodiscard]] std::size_t rows() const { return m_rows; }
  // The table, with a note under it when rows were left out.
  [[nodiscard]] std::string finish() const;

private:
  std::vector<bool> m_whole;
  std::string m_html;
  std::size_t m_rows = 0;
  std::size_t m_limit;
};
// A complete page around body.
std::string page(const Meta& meta, const std::string& body);

// The period as a phrase: "2026-01-01 to 2026-03-31", "from 2026-01-01", "all dates".
std::string period_text(const Params& params);

// The row reports' pages, built while the rows stream (memory bounded by k_page_rows).
class ParticipantsPage {
public:
  explicit ParticipantsPage(Meta meta);
  void add(const ParticipantRow& row);
  [[nodiscard]] std::string finish() const;

private:
  Meta m_meta;
  std::map<std::string, std::int64_t> m_by_profession;
  std::map<std::string, std::int64_t> m_by_region;
  TableBuilder m_table;
  std::vector<Value> m_cells;
};

// `report credits` (and --totals): the totals (one row per participant with credit), then the
// eligible participations; the totals first, as the page shows them.
class CreditsPage {
public:
  explicit CreditsPage(Meta meta);
  void add_total(const ParticipantRow& row);
  void add_credit(const CreditRow& row);
  [[nodiscard]] std::string finish();

private:
  Meta m_meta;
  double m_total = 0;
  std::vector<std::pair<Bar, std::size_t>> m_top; // the 40 largest so far (ties: first come first)
  TableBuilder m_totals;
  TableBuilder m_credits;
  std::vector<Value> m_cells;
};

class CreditsBySeriesPage {
public:
  explicit CreditsBySeriesPage(Meta meta);
  void add(const SeriesCreditRow& row);
  [[nodiscard]] std::string finish() const;

private:
  Meta m_meta;
  double m_total = 0;
  std::int64_t m_earned = 0;
  std::int64_t m_issued = 0;
  TableBuilder m_table;
  std::vector<Value> m_cells;
};

std::string attendance_page(const Meta& meta, const std::vector<SessionRow>& rows);
std::string participants_page(const Meta& meta, const std::vector<ParticipantRow>& rows);
std::string credits_page(const Meta& meta, const std::vector<CreditRow>& rows,
                         const std::vector<ParticipantRow>& totals);
// `report credits --by-series`: a row per participant and series (mail merge).
std::string credits_by_series_page(const Meta& meta, const std::vector<SeriesCreditRow>& rows);
// `report series` / `report summary`: figures, participants per session, by profession, by region.
std::string figures_page(const Meta& meta, const Figures& figures, bool summary,
                         const std::vector<SessionRow>& sessions, const std::vector<SeriesFigures>& by_series = {});
// `report reach`: participants per 100,000 population per region against the gap threshold, and
// the table (gaps first).
std::string reach_page(const Meta& meta, const std::vector<ReachRow>& rows, bool by_region, double gap_threshold);
// `report competency`: learning hours per domain, and the table.
std::string competency_page(const Meta& meta, const std::vector<CompetencyRow>& rows);
// "1 March 2026, 00:00 (America/Vancouver)" for a UTC instant; the UTC text when the zone is unknown.
std::string local_instant(const std::string& utc, const std::string& timezone);

} // namespace echo::report::html
