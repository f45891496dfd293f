#pragma once
// What the report queries select and return: the parameters, the rows and the figures, and the
// pure rules of rounding and ordering them. db/report_repo fills them, report/ presents them.
// See man/echoctl-report.1 for the definitions.

#include "echo/domain/session.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace echo::domain {

// What every report selects: sessions of one series (or all), local dates from..to inclusive,
// and the instant that separates past sessions from future ones.
struct Params {
  std::optional<std::int64_t> series_id;
  std::optional<std::string> from; // YYYY-MM-DD, inclusive, compared with session.local_date
  std::optional<std::string> to;   // YYYY-MM-DD, inclusive
  std::string as_of_utc;           // YYYY-MM-DDTHH:MM:SSZ; held = not cancelled, start_utc < as_of and
                                   // attendance recorded (else unrecorded)
  int min_minutes = 45;            // attendance.min_minutes
  double min_percent = 75.0;       // certificates.min_percent
};

// Label under which a missing or blank profession or region is counted.
inline constexpr const char* k_unknown = "(unknown)";

// Rounds half away from zero to `places` decimals.
double round_to(double value, int places);

// One row of `report attendance`: a session in the period.
struct SessionRow {
  std::string session; // CODE/N
  std::string series;
  std::string date; // local date
  std::string time; // local HH:MM
  std::string topic;
  SessionStatus status = SessionStatus::scheduled;
  bool held = false;
  std::int64_t participants = 0; // participations (0 unless held)
  std::int64_t eligible = 0;
  std::int64_t hub = 0;     // presenter, facilitator and hub attendance records
  std::int64_t minutes = 0; // participants' minutes
  std::int64_t cases = 0;   // case presentations
  bool unrecorded = false;  // past, not cancelled, no attendance recorded: not held
};

// One row of `report participants` (and of `report credits --totals`).
struct ParticipantRow {
  std::int64_t id = 0;
  std::optional<std::string> email;
  std::string name;
  std::optional<std::string> profession;
  std::optional<std::string> region;
  bool rural = false;
  std::int64_t sessions = 0; // participations
  std::int64_t eligible_sessions = 0;
  std::int64_t minutes = 0;
  double credit_hours = 0;               // rounded to 2 decimals
  std::vector<std::string> certificates; // series codes whose certificate rule is met, sorted
};

// One row of `report credits`: an eligible participation.
struct CreditRow {
  std::optional<std::string> email;
  std::string name;
  std::string series;
  std::string session; // CODE/N
  std::string date;
  std::string topic;
  std::int64_t minutes = 0;
  double credit_hours = 0;       // the series' credit hours
  double total_credit_hours = 0; // the participant's total over the report (2 decimals)
};

// One row of `report credits --by-series`: a participant and a series with an eligible
// participation in the period (a mail-merge row).
struct SeriesCreditRow {
  std::int64_t participant_id = 0;
  std::string name;
  std::optional<std::string> email;
  std::string series; // code
  std::string title;
  std::string first_date; // first and last local dates of the held sessions attended
  std::string last_date;
  std::int64_t sessions = 0;               // participations at held sessions
  std::int64_t eligible_sessions = 0;      // of them, at or above min_minutes
  double credit_hours = 0;                 // eligible_sessions x the series' credit hours, 2 decimals
  bool earned = false;                     // the certificate rule is met in the period
  std::optional<std::int64_t> certificate; // number in the register (not revoked), if issued
};

struct Breakdown {
  std::string name;
  std::int64_t participants = 0;
};

// `report series` and `report summary`.
struct Figures {
  std::optional<std::string> series; // set for `report series`
  std::optional<std::string> from;   // the period as asked (null: open)
  std::optional<std::string> to;
  std::string as_of;
  std::int64_t series_count = 0; // series with at least one held session in the period
  std::int64_t sessions_scheduled = 0;
  std::int64_t sessions_held = 0;       // past, not cancelled, attendance recorded (or marked held)
  std::int64_t sessions_unrecorded = 0; // past, not cancelled, no attendance recorded: not held
  std::int64_t sessions_cancelled = 0;
  std::int64_t participations = 0;
  std::int64_t unique_participants = 0;
  std::int64_t eligible_participations = 0;
  std::int64_t minutes = 0;
  double credit_hours = 0; // unrounded sum; rounded when presented
  std::int64_t certificates = 0;
  std::int64_t new_participants = 0;
  std::int64_t rural_participants = 0;
  std::int64_t cases_presented = 0;
  std::vector<Breakdown> by_profession; // participants desc, name, "(unknown)" last
  std::vector<Breakdown> by_region;

  // participations / sessions held, 2 decimals (0 when nothing was held).
  [[nodiscard]] double average_attendance() const;
  // participants' minutes / 60, 2 decimals.
  [[nodiscard]] double learning_hours() const;
  // rural unique participants / unique participants, 4 decimals (0 when nobody took part).
  [[nodiscard]] double rural_share() const;
};

// Sorts a breakdown: most participants first, then by name, the unknown label last.
void sort_breakdown(std::vector<Breakdown>& rows);

// `report reach`: one row per configured region (then regions as written that match none, as
// "(unknown)"), or per organization with --by organization.
struct ReachRow {
  std::string key;                         // the region's configured name, the organization, or "(unknown)"
  bool configured = false;                 // a configured [[regions]] entry
  std::optional<std::int64_t> population;  // [[regions]] population
  std::optional<std::int64_t> providers;   // [[regions]] providers
  std::int64_t participants = 0;           // unique participants at held sessions of the period
  std::int64_t participations = 0;         // their attendances (participant role) at those sessions
  std::int64_t minutes = 0;                // their minutes
  std::int64_t rural = 0;                  // of the participants, those recorded as rural
  std::optional<std::int64_t> previous;    // unique participants in the previous period (null: no period)
  std::optional<double> per_100k;          // participants * 100,000 / population, 2 decimals
  std::optional<double> per_100_providers; // participants * 100 / providers, 2 decimals
  std::optional<double> rural_share;       // rural / participants, 4 decimals (null: nobody)
  bool gap = false;                        // a configured region with nobody, or per_100k below the threshold

  [[nodiscard]] double learning_hours() const { return round_to(static_cast<double>(minutes) / 60.0, 2); }
};

// `report competency`: learning hours per competency domain (and per key with --by).
struct CompetencyRow {
  std::string domain;             // a [[competencies]] code, or "(none)" for sessions without one
  std::string title;              // its configured title ("" when not configured)
  std::optional<std::string> key; // profession, region or participant (email, else name); null without --by
  std::int64_t minutes = 0;       // participants' minutes at held sessions of the domain
  std::int64_t participants = 0;  // unique participants among them
  [[nodiscard]] double hours() const { return round_to(static_cast<double>(minutes) / 60.0, 2); }
};

// `report competency --by`: one row per domain, or per domain and profession, region or participant.
enum class CompetencyBy { none, profession, region, participant };

// Label of the sessions (and their hours) that have no competency domain, theirs or their series'.
inline constexpr const char* k_no_domain = "(none)";

} // namespace echo::domain
